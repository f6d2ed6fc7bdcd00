/* ca-palette-slot.h: a place in the action list of a palette category
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ca-action.h"

G_BEGIN_DECLS

#define CA_TYPE_PALETTE_SLOT (ca_palette_slot_get_type ())

G_DECLARE_FINAL_TYPE (CaPaletteSlot, ca_palette_slot, CA, PALETTE_SLOT, GObject)

CaPaletteSlot *ca_palette_slot_new        (void);
CaAction      *ca_palette_slot_get_action (CaPaletteSlot *self);
void           ca_palette_slot_set_action (CaPaletteSlot *self,
                                           CaAction      *action);

/* The action a row of the palette stands for: @item itself, or the action
 * in @item when it is a slot; NULL for a category. */
CaAction      *ca_palette_item_get_action (gpointer       item);

G_END_DECLS
