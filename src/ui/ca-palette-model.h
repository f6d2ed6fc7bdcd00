/* ca-palette-model.h: the actions of a catalog by category, searched
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ca-catalog.h"

G_BEGIN_DECLS

#define CA_TYPE_PALETTE_MODEL (ca_palette_model_get_type ())

G_DECLARE_FINAL_TYPE (CaPaletteModel, ca_palette_model, CA, PALETTE_MODEL, GObject)

CaPaletteModel   *ca_palette_model_new             (void);
CaCatalog        *ca_palette_model_get_catalog     (CaPaletteModel *self);
void              ca_palette_model_set_catalog     (CaPaletteModel *self,
                                                    CaCatalog      *catalog);
const char       *ca_palette_model_get_search_text (CaPaletteModel *self);
void              ca_palette_model_set_search_text (CaPaletteModel *self,
                                                    const char     *search_text);
/* The rows of the palette: #GtkTreeListRow whose items are the
 * #CaPaletteCategory (depth 0) and the #CaAction under them (depth 1). */
GtkTreeListModel *ca_palette_model_get_model       (CaPaletteModel *self);
/* Where @action's row is, when it is shown (its category is unfolded and
 * it passes the search). */
gboolean          ca_palette_model_find_action     (CaPaletteModel *self,
                                                    CaAction       *action,
                                                    guint          *position);

G_END_DECLS
