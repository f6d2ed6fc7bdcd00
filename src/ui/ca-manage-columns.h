/* ca-manage-columns.h: the columns of the Manage Actions table: what they show, how they sort
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ca-action.h"

G_BEGIN_DECLS

/* Left to right. */
typedef enum {
  CA_MANAGE_COLUMN_NAME,
  CA_MANAGE_COLUMN_LABEL,
  CA_MANAGE_COLUMN_CATEGORY,
  CA_MANAGE_COLUMN_METHOD,
  CA_MANAGE_COLUMN_ENDPOINT,
  CA_MANAGE_COLUMN_MODIFIED,
  CA_MANAGE_N_COLUMNS
} CaManageColumn;

/* A column over CaAction items: its title, cells (one label each), and
 * a sorter by what it shows (dates by time, text by collation). */
GtkColumnViewColumn *ca_manage_column_new           (CaManageColumn  column);
/* A new sorter of @column's order, ascending. */
GtkSorter           *ca_manage_column_sorter        (CaManageColumn  column);
/* "name", "label", "category", "method", "endpoint", "modified": how
 * actions and settings name a column. */
const char          *ca_manage_column_get_id        (CaManageColumn  column);
gboolean             ca_manage_column_from_id       (const char     *id,
                                                     CaManageColumn *column);
/* The list item whose row @cell (the widget a column's cell shows) is
 * in, or NULL for any other widget. */
GtkListItem         *ca_manage_column_get_list_item (GtkWidget      *cell);

G_END_DECLS
