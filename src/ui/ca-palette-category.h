/* ca-palette-category.h: one category of the action palette
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ca-action.h"
#include "ca-search-text.h"

G_BEGIN_DECLS

#define CA_TYPE_PALETTE_CATEGORY (ca_palette_category_get_type ())

G_DECLARE_FINAL_TYPE (CaPaletteCategory, ca_palette_category, CA, PALETTE_CATEGORY, GObject)

CaPaletteCategory *ca_palette_category_new             (CaCategory         category);
CaCategory         ca_palette_category_get_category    (CaPaletteCategory *self);
void               ca_palette_category_set_category    (CaPaletteCategory *self,
                                                        CaCategory         category);
const char        *ca_palette_category_get_title       (CaPaletteCategory *self);
/* The actions of the category that the search lets through, in the
 * catalog's order, as #CaPaletteSlot (see ca-palette-slots.c). */
GListModel        *ca_palette_category_get_model       (CaPaletteCategory *self);
guint              ca_palette_category_get_count       (CaPaletteCategory *self);

/* Shows @actions (a #GPtrArray of #CaAction, in the catalog's order,
 * taken). */
void               ca_palette_category_set_actions     (CaPaletteCategory *self,
                                                        GPtrArray         *actions);
gboolean           ca_palette_category_find_action     (CaPaletteCategory *self,
                                                        CaAction          *action,
                                                        guint             *position);

/* The human name and the icon of @category, for any widget that shows one. */
const char        *ca_palette_category_title_for       (CaCategory         category);
const char        *ca_palette_category_icon_for        (CaCategory         category);
/* The icon of @action: its channel's (email, SMS, push, in-app) when its
 * name, label or URL says which, else its category's. */
const char        *ca_palette_category_icon_for_action (CaAction          *action);

G_END_DECLS
