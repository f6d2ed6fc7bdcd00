/* ca-manage-window-private.h: what the tests reach in the Manage Actions window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ca-manage-window.h"

G_BEGIN_DECLS

/* What Import… does once a file is chosen: reads @file, imports it in a
 * worker thread, saves the catalog, and tells how it went (a message
 * dialog or a toast, see ca_manage_window_import()). @callback runs
 * once all that is shown; *@names (may be NULL) gets the names
 * imported. */
void           ca_manage_import_file              (GtkWindow           *parent,
                                                   CaCatalog           *catalog,
                                                   GFile               *file,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean       ca_manage_import_file_finish       (GAsyncResult        *result,
                                                   GStrv               *names,
                                                   GError             **error);
/* What Export… does once a file is chosen: writes the actions called
 * @names (NULL: all) to @file, replacing it. */
void           ca_manage_export_file              (GtkWindow           *parent,
                                                   CaCatalog           *catalog,
                                                   const char * const  *names,
                                                   GFile               *file,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean       ca_manage_export_file_finish       (GAsyncResult        *result,
                                                   GError             **error);

/* The table; its model is the sorted and searched catalog, selected
 * one row at a time. */
GtkColumnView *ca_manage_window_get_column_view   (CaManageWindow      *self);
CaAction      *ca_manage_window_get_selected      (CaManageWindow      *self);
gboolean       ca_manage_window_select            (CaManageWindow      *self,
                                                   const char          *name);
/* How many saves the window started have not finished yet. */
guint          ca_manage_window_get_saves_pending (CaManageWindow      *self);

G_END_DECLS
