/* ca-accessible.h: what a screen reader reads is what a person sees
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Gives the controls under @root (@root included, internal children of
 * GTK and libadwaita widgets too) the name a screen reader should say:
 * the text they show, said once, where GTK 4.8 would say it twice, with
 * the mnemonic underscore, or say the widget's type name instead; and
 * stacks present only their shown page. Call it
 * once a widget's children exist (after gtk_widget_init_template(), after
 * adding rows or responses); calling it again on the same widgets is
 * harmless, and names it sets follow later changes of the text they come
 * from. See ca-accessible.c for the rules. */
void ca_accessible_fix_names       (GtkWidget           *root);

/* adw_toast_overlay_add_toast(), then the names of the toast's widgets
 * (its button: "_Undo Undo" otherwise) fixed as above. libadwaita builds
 * them when the toast is shown: at once for a toast shown now (a first
 * toast, or one of high priority, like an Undo toast). */
void ca_accessible_add_toast       (AdwToastOverlay     *overlay,
                                    AdwToast            *toast);

/* Names the list of @group, which has no title to name it, @name. */
void ca_accessible_name_group_list (AdwPreferencesGroup *group,
                                    const char          *name);

G_END_DECLS
