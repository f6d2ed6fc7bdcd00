/* ca-accessible.h: accessible names that say what a person sees, once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Gives the controls under @root (@root included, internal children of
 * GTK and libadwaita widgets too) the name a screen reader should say:
 * the text they show, said once, where GTK 4.8 would say it twice, with
 * the mnemonic underscore, or say the widget's type name instead. Call it
 * once a widget's children exist (after gtk_widget_init_template(), after
 * adding rows or responses); calling it again on the same widgets is
 * harmless, and names it sets follow later changes of the text they come
 * from. See ca-accessible.c for the rules. */
void ca_accessible_fix_names       (GtkWidget           *root);

/* Names the list of @group, which has no title to name it, @name. */
void ca_accessible_name_group_list (AdwPreferencesGroup *group,
                                    const char          *name);

G_END_DECLS
