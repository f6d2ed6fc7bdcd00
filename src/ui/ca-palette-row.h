/* ca-palette-row.h: a row of the action palette
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CA_TYPE_PALETTE_ROW (ca_palette_row_get_type ())

G_DECLARE_FINAL_TYPE (CaPaletteRow, ca_palette_row, CA, PALETTE_ROW, GtkWidget)

GtkWidget      *ca_palette_row_new          (void);
/* Shows @item of @list_item: a #CaPaletteCategory, with @tree_row, its
 * row of the tree (for the expander), or a #CaAction or the
 * #CaPaletteSlot of one (the row then follows the slot), indented when
 * @under_category. */
void            ca_palette_row_bind         (CaPaletteRow   *self,
                                             GtkListItem    *list_item,
                                             GObject        *item,
                                             GtkTreeListRow *tree_row,
                                             gboolean        under_category);
void            ca_palette_row_unbind       (CaPaletteRow   *self);
/* The item shown (a #CaPaletteCategory or a #CaAction), or NULL. */
GObject        *ca_palette_row_get_item     (CaPaletteRow   *self);
/* Where the row is in the list, or GTK_INVALID_LIST_POSITION. */
guint           ca_palette_row_get_position (CaPaletteRow   *self);
/* The tree row of the category shown, or NULL. */
GtkTreeListRow *ca_palette_row_get_tree_row (CaPaletteRow   *self);

G_END_DECLS
