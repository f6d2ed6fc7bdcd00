/* ca-stack-pages.h: only the shown page of a stack is read out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Every GtkStack in @root's widget tree, @root included, from now on
 * presents only its visible page to assistive technologies. Call once,
 * after gtk_widget_init_template(). */
void ca_stack_pages_hide_unshown (GtkWidget *root);

G_END_DECLS
