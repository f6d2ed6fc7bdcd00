/* ca-palette-subtitle.h: one line of text cut to its width, for palette rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CA_TYPE_PALETTE_SUBTITLE (ca_palette_subtitle_get_type ())

G_DECLARE_FINAL_TYPE (CaPaletteSubtitle, ca_palette_subtitle, CA, PALETTE_SUBTITLE, GtkWidget)

GtkWidget  *ca_palette_subtitle_new      (void);
const char *ca_palette_subtitle_get_text (CaPaletteSubtitle *self);
void        ca_palette_subtitle_set_text (CaPaletteSubtitle *self,
                                          const char        *text);

G_END_DECLS
