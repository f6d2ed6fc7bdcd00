/* ca-palette.h: the actions of a catalog, by category, with a search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ca-catalog.h"

G_BEGIN_DECLS

#define CA_TYPE_PALETTE (ca_palette_get_type ())

G_DECLARE_FINAL_TYPE (CaPalette, ca_palette, CA, PALETTE, GtkWidget)

GtkWidget *ca_palette_new                 (void);
CaCatalog *ca_palette_get_catalog         (CaPalette *self);
void       ca_palette_set_catalog         (CaPalette *self,
                                           CaCatalog *catalog);
/* The action the user picked, or NULL. */
CaAction  *ca_palette_get_selected_action (CaPalette *self);
gboolean   ca_palette_select_action       (CaPalette *self,
                                           CaAction  *action);
/* Moves the keyboard focus to the search entry. */
void       ca_palette_focus_search        (CaPalette *self);
/* Records a use of @action (opened, dragged, tested): it becomes the
 * first of the recent actions (GSettings "recent-actions"). */
void       ca_palette_note_used           (CaPalette *self,
                                           CaAction  *action);

G_END_DECLS
