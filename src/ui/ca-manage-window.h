/* ca-manage-window.h: the Manage Actions window, where technical users keep the catalog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ca-catalog.h"

G_BEGIN_DECLS

#define CA_TYPE_MANAGE_WINDOW (ca_manage_window_get_type ())

G_DECLARE_FINAL_TYPE (CaManageWindow, ca_manage_window, CA, MANAGE_WINDOW, AdwWindow)

/* A window over every action of @catalog, transient for @parent (may be
 * NULL) but not modal: a table to sort and search, and Create, Edit,
 * Duplicate, Delete (with undo), Import… and Export…. Present it. */
GtkWidget *ca_manage_window_new    (GtkWindow          *parent,
                                    CaCatalog          *catalog);

/* Asks for an action file (a portal where there is one) and imports it
 * into @catalog, then saves it. A file that breaks a rule changes
 * nothing: an AdwMessageDialog, transient for @parent, says what is
 * wrong and where (the path and message of the core). Success is an
 * AdwToast in the first AdwToastOverlay of @parent, when it has one. */
void       ca_manage_window_import (GtkWindow          *parent,
                                    CaCatalog          *catalog);
/* Asks where to save, then writes an action file with the actions of
 * @catalog called @names, in that order (NULL: all of them). */
void       ca_manage_window_export (GtkWindow          *parent,
                                    CaCatalog          *catalog,
                                    const char * const *names);

G_END_DECLS
