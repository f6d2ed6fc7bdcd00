/* ca-manage-columns.c: the columns of the Manage Actions table: what they show, how they sort
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ca-enums.h"
#include "ca-manage-columns.h"
#include "ca-palette-category.h"

/* The list item a cell shows, for a click or a key to find its row. */
static GQuark
list_item_quark (void)
{
  static GQuark quark;

  if G_UNLIKELY (quark == 0)
    quark = g_quark_from_static_string ("ca-manage-list-item");

  return quark;
}

static char *
name_of (CaAction *action)
{
  return g_strdup (ca_action_get_name (action));
}

static char *
label_of (CaAction *action)
{
  return g_strdup (ca_action_get_display_label (action));
}

static char *
category_of (CaAction *action)
{
  return g_strdup (ca_palette_category_title_for (ca_action_get_category (action)));
}

static char *
method_of (CaAction *action)
{
  return g_strdup (ca_enum_to_nick (CA_TYPE_METHOD, ca_action_get_method (action)));
}

static char *
endpoint_of (CaAction *action)
{
  const char *url = ca_action_get_url (action);

  return g_strdup (url != NULL ? url : "");
}

/* Seconds since 1970; actions never stamped come first. */
static gint64
modified_of (CaAction *action)
{
  GDateTime *modified = ca_action_get_modified (action);

  return modified != NULL ? g_date_time_to_unix (modified) : G_MININT64;
}

static char *
modified_text_of (CaAction *action)
{
  GDateTime *modified = ca_action_get_modified (action);
  g_autoptr(GDateTime) local = NULL;
  char *text;

  if (modified == NULL)
    return g_strdup ("—");

  local = g_date_time_to_local (modified);
  /* Translators: how the "Last Modified" column shows a date and time,
   * a g_date_time_format() format: %x and %X are the date and the time
   * as the language writes them (%d/%m/%Y %H:%M would do as well) */
  /* xgettext:no-c-format */
  text = g_date_time_format (local, _("%x %X"));

  return text != NULL ? text : g_strdup ("—");
}

static char *
column_text (CaAction *action,
             CaManageColumn column)
{
  switch (column)
    {
    case CA_MANAGE_COLUMN_NAME:
      return name_of (action);
    case CA_MANAGE_COLUMN_LABEL:
      return label_of (action);
    case CA_MANAGE_COLUMN_CATEGORY:
      return category_of (action);
    case CA_MANAGE_COLUMN_METHOD:
      return method_of (action);
    case CA_MANAGE_COLUMN_ENDPOINT:
      return endpoint_of (action);
    case CA_MANAGE_COLUMN_MODIFIED:
      return modified_text_of (action);
    case CA_MANAGE_N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static GtkSorter *
string_sorter (GCallback text_of)
{
  GtkExpression *expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                            text_of, NULL, NULL);

  return GTK_SORTER (gtk_string_sorter_new (expression));
}

GtkSorter *
ca_manage_column_sorter (CaManageColumn column)
{
  switch (column)
    {
    case CA_MANAGE_COLUMN_NAME:
      return string_sorter (G_CALLBACK (name_of));
    case CA_MANAGE_COLUMN_LABEL:
      return string_sorter (G_CALLBACK (label_of));
    case CA_MANAGE_COLUMN_CATEGORY:
      return string_sorter (G_CALLBACK (category_of));
    case CA_MANAGE_COLUMN_METHOD:
      return string_sorter (G_CALLBACK (method_of));
    case CA_MANAGE_COLUMN_ENDPOINT:
      return string_sorter (G_CALLBACK (endpoint_of));
    case CA_MANAGE_COLUMN_MODIFIED:
      return GTK_SORTER (gtk_numeric_sorter_new (gtk_cclosure_expression_new (G_TYPE_INT64, NULL, 0, NULL,
                                                                              G_CALLBACK (modified_of),
                                                                              NULL, NULL)));
    case CA_MANAGE_N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static const char *
column_title (CaManageColumn column)
{
  switch (column)
    {
    case CA_MANAGE_COLUMN_NAME:
      /* Translators: a column of the Manage Actions table: the action's
       * name, as the command line and the file know it */
      return _("Name");
    case CA_MANAGE_COLUMN_LABEL:
      /* Translators: a column of the Manage Actions table: the name
       * marketers see */
      return _("Label");
    case CA_MANAGE_COLUMN_CATEGORY:
      return _("Category");
    case CA_MANAGE_COLUMN_METHOD:
      /* Translators: a column of the Manage Actions table: the HTTP method */
      return _("Method");
    case CA_MANAGE_COLUMN_ENDPOINT:
      /* Translators: a column of the Manage Actions table: the URL called */
      return _("Endpoint");
    case CA_MANAGE_COLUMN_MODIFIED:
      return _("Last Modified");
    case CA_MANAGE_N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  CaManageColumn column = GPOINTER_TO_UINT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (label),
                           column == CA_MANAGE_COLUMN_ENDPOINT ? PANGO_ELLIPSIZE_MIDDLE : PANGO_ELLIPSIZE_END);
  if (column == CA_MANAGE_COLUMN_MODIFIED)
    gtk_widget_add_css_class (label, "numeric");
  if (column == CA_MANAGE_COLUMN_METHOD || column == CA_MANAGE_COLUMN_CATEGORY || column == CA_MANAGE_COLUMN_MODIFIED)
    gtk_widget_add_css_class (label, "dim-label");
  /* The row is what is selected; the cells are read by their text. */
  gtk_list_item_set_child (item, label);
  g_object_set_qdata (G_OBJECT (label), list_item_quark (), item);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  CaManageColumn column = GPOINTER_TO_UINT (user_data);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *text = column_text (gtk_list_item_get_item (item), column);

  gtk_label_set_label (GTK_LABEL (label), text);
  /* Long labels and URLs are cut: the whole text on hover. */
  if (column == CA_MANAGE_COLUMN_LABEL || column == CA_MANAGE_COLUMN_ENDPOINT)
    gtk_widget_set_tooltip_text (label, text);
}

GtkColumnViewColumn *
ca_manage_column_new (CaManageColumn column)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkSorter) sorter = ca_manage_column_sorter (column);
  GtkColumnViewColumn *view_column;

  g_return_val_if_fail (column < CA_MANAGE_N_COLUMNS, NULL);

  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), GUINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), GUINT_TO_POINTER (column));

  view_column = gtk_column_view_column_new (column_title (column), g_steal_pointer (&factory));
  gtk_column_view_column_set_sorter (view_column, sorter);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_column_set_expand (view_column,
                                     column == CA_MANAGE_COLUMN_LABEL || column == CA_MANAGE_COLUMN_ENDPOINT);
  /* Fixed where the text is short and known: the table does not jump
   * while scrolling a big catalog. */
  if (column == CA_MANAGE_COLUMN_NAME)
    gtk_column_view_column_set_fixed_width (view_column, 180);
  else if (column == CA_MANAGE_COLUMN_METHOD)
    gtk_column_view_column_set_fixed_width (view_column, 90);

  return view_column;
}

static const char * const ids[] = {
  "name", "label", "category", "method", "endpoint", "modified",
};

G_STATIC_ASSERT (G_N_ELEMENTS (ids) == CA_MANAGE_N_COLUMNS);

const char *
ca_manage_column_get_id (CaManageColumn column)
{
  g_return_val_if_fail (column < CA_MANAGE_N_COLUMNS, NULL);

  return ids[column];
}

gboolean
ca_manage_column_from_id (const char     *id,
                          CaManageColumn *column)
{
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      if (g_strcmp0 (ids[i], id) == 0)
        {
          *column = i;
          return TRUE;
        }
    }

  return FALSE;
}

GtkListItem *
ca_manage_column_get_list_item (GtkWidget *cell)
{
  g_return_val_if_fail (GTK_IS_WIDGET (cell), NULL);

  return g_object_get_qdata (G_OBJECT (cell), list_item_quark ());
}
