/* ca-auth-editor.h: the Authentication page of the configuration dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ca-action.h"

G_BEGIN_DECLS

#define CA_TYPE_AUTH_EDITOR (ca_auth_editor_get_type ())

G_DECLARE_FINAL_TYPE (CaAuthEditor, ca_auth_editor, CA, AUTH_EDITOR, AdwPreferencesPage)

GtkWidget *ca_auth_editor_new           (void);
/* Edits ca_action_get_auth (@action) in place (replacing it with
 * ca_action_set_auth() when the type changes) and emits "changed" after
 * every edit. A credential typed in replaces a keyring reference with a
 * plain CaCredential; the dialog's save moves it to the keyring. */
void       ca_auth_editor_set_action    (CaAuthEditor *self,
                                         CaAction     *action);
CaAction  *ca_auth_editor_get_action    (CaAuthEditor *self);
/* Marks the rows of the problems whose paths are in "auth" (CaProblem),
 * and clears the others. */
void       ca_auth_editor_show_problems (CaAuthEditor *self,
                                         GPtrArray    *problems);
/* The row to scroll to and focus for a problem at @path ("auth.password",
 * "auth.headers.X-Client"…): an expander row is expanded. */
GtkWidget *ca_auth_editor_find_row      (CaAuthEditor *self,
                                         const char   *path);

G_END_DECLS
