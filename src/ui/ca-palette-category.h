/* ca-palette-category.h: one category of the action palette
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ca-action.h"

G_BEGIN_DECLS

#define CA_TYPE_PALETTE_CATEGORY (ca_palette_category_get_type ())

G_DECLARE_FINAL_TYPE (CaPaletteCategory, ca_palette_category, CA, PALETTE_CATEGORY, GObject)

CaPaletteCategory *ca_palette_category_new            (CaCategory         category,
                                                       GListModel        *actions,
                                                       GtkFilter         *search_filter);
CaCategory         ca_palette_category_get_category   (CaPaletteCategory *self);
const char        *ca_palette_category_get_title      (CaPaletteCategory *self);
const char        *ca_palette_category_get_icon_name  (CaPaletteCategory *self);
GListModel        *ca_palette_category_get_model      (CaPaletteCategory *self);
guint              ca_palette_category_get_count      (CaPaletteCategory *self);
/* Whether the search is still going through the actions, a slice at a
 * time (see ca_palette_category_set_incremental()). */
gboolean           ca_palette_category_get_searching  (CaPaletteCategory *self);
/* Searches a slice of the actions at a time, between frames, instead of
 * all of them at once: for very large catalogs. */
void               ca_palette_category_set_incremental (CaPaletteCategory *self,
                                                        gboolean           incremental);

/* The human name and the icon of @category, for any widget that shows one. */
const char        *ca_palette_category_title_for      (CaCategory         category);
const char        *ca_palette_category_icon_for       (CaCategory         category);
/* The icon of @action: its channel's (email, SMS, push, in-app) when its
 * name, label or URL says which, else its category's. */
const char        *ca_palette_category_icon_for_action (CaAction          *action);

G_END_DECLS
