/* ca-palette-row.h: a row of the action palette
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CA_TYPE_PALETTE_ROW (ca_palette_row_get_type ())

G_DECLARE_FINAL_TYPE (CaPaletteRow, ca_palette_row, CA, PALETTE_ROW, GtkWidget)

GtkWidget      *ca_palette_row_new           (void);
/* The row shows the item of @list_row: a #CaPaletteCategory or a
 * #CaAction. */
GtkTreeListRow *ca_palette_row_get_list_row  (CaPaletteRow   *self);
void            ca_palette_row_set_list_row  (CaPaletteRow   *self,
                                              GtkTreeListRow *list_row);

G_END_DECLS
