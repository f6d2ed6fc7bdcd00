/* ca-palette-line.h: one line of text cut to its width, for palette rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CA_TYPE_PALETTE_LINE (ca_palette_line_get_type ())

G_DECLARE_FINAL_TYPE (CaPaletteLine, ca_palette_line, CA, PALETTE_LINE, GtkWidget)

/* A line screen readers pass over (the row says it), or, with
 * GTK_ACCESSIBLE_ROLE_LABEL, one they read as a label of its text. */
GtkWidget  *ca_palette_line_new      (GtkAccessibleRole  role);
const char *ca_palette_line_get_text (CaPaletteLine     *self);
void        ca_palette_line_set_text (CaPaletteLine     *self,
                                      const char        *text);

G_END_DECLS
