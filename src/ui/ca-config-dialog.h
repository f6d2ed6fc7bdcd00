/* ca-config-dialog.h: the configuration dialog, where an action is defined
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ca-catalog.h"

G_BEGIN_DECLS

#define CA_TYPE_CONFIG_DIALOG (ca_config_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CaConfigDialog, ca_config_dialog, CA, CONFIG_DIALOG, AdwWindow)

/* @action: the action of @catalog to edit, or NULL to create one. */
GtkWidget *ca_config_dialog_new        (GtkWindow      *parent,
                                        CaCatalog      *catalog,
                                        CaAction       *action);
/* Whether the user changed something that is not saved. */
gboolean   ca_config_dialog_get_dirty  (CaConfigDialog *self);
/* Shows the page called @name ("general", "endpoint", "headers", "auth",
 * "payload", "responses", "limits", "test"). */
void       ca_config_dialog_show_page  (CaConfigDialog *self,
                                        const char     *name);

G_END_DECLS
