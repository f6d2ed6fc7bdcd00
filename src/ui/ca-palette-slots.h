/* ca-palette-slots.h: the actions a palette category shows, as slots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ca-action.h"

G_BEGIN_DECLS

#define CA_TYPE_PALETTE_SLOTS (ca_palette_slots_get_type ())

G_DECLARE_FINAL_TYPE (CaPaletteSlots, ca_palette_slots, CA, PALETTE_SLOTS, GObject)

CaPaletteSlots *ca_palette_slots_new         (void);
/* The actions shown, in order. */
GPtrArray      *ca_palette_slots_get_actions (CaPaletteSlots *self);
/* Shows @actions (a #GPtrArray of #CaAction, taken) instead. */
void            ca_palette_slots_set_actions (CaPaletteSlots *self,
                                              GPtrArray      *actions);
/* How many slots there are now (for tests). */
guint           ca_palette_slots_count_made  (CaPaletteSlots *self);
gboolean        ca_palette_slots_find        (CaPaletteSlots *self,
                                              CaAction       *action,
                                              guint          *position);

G_END_DECLS
