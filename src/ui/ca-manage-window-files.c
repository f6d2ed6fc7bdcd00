/* ca-manage-window-files.c: Import… and Export…, action files in and out of a catalog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ca-accessible.h"
#include "ca-manage-window-private.h"

/* What one import or export works on. */
typedef struct {
  GtkWindow *parent;   /* may be NULL */
  CaCatalog *catalog;
  GFile     *file;
  GStrv      names;    /* what is exported, or what was imported */
} Transfer;

static void
transfer_free (Transfer *transfer)
{
  g_clear_object (&transfer->parent);
  g_clear_object (&transfer->catalog);
  g_clear_object (&transfer->file);
  g_clear_pointer (&transfer->names, g_strfreev);
  g_free (transfer);
}

static GTask *
transfer_task_new (GtkWindow           *parent,
                   CaCatalog           *catalog,
                   GFile               *file,
                   gpointer             source_tag,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  GTask *task = g_task_new (NULL, NULL, callback, user_data);
  Transfer *transfer = g_new0 (Transfer, 1);

  transfer->parent = parent != NULL ? g_object_ref (parent) : NULL;
  transfer->catalog = g_object_ref (catalog);
  transfer->file = g_object_ref (file);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, transfer, (GDestroyNotify) transfer_free);

  return task;
}

/* The parent to show a dialog over: none once it is closed. */
static GtkWindow *
shown_parent (Transfer *transfer)
{
  if (transfer->parent == NULL || !gtk_widget_get_visible (GTK_WIDGET (transfer->parent)))
    return NULL;

  return transfer->parent;
}

static void
show_error (Transfer   *transfer,
            const char *heading,
            const char *body)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (shown_parent (transfer), heading, body));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  ca_accessible_fix_names (GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static AdwToastOverlay *
find_toast_overlay (GtkWidget *widget)
{
  if (ADW_IS_TOAST_OVERLAY (widget))
    return ADW_TOAST_OVERLAY (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwToastOverlay *found = find_toast_overlay (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Success is told in passing, where the parent has room for toasts;
 * elsewhere the actions showing up are the news. */
static void
show_toast (Transfer   *transfer,
            const char *text)
{
  GtkWindow *parent = shown_parent (transfer);
  AdwToastOverlay *overlay = parent != NULL ? find_toast_overlay (GTK_WIDGET (parent)) : NULL;
  g_autofree char *markup = NULL;

  if (overlay == NULL)
    return;

  /* Toast titles are markup. */
  markup = g_markup_escape_text (text, -1);
  ca_accessible_add_toast (overlay, adw_toast_new (markup));
}

static GtkFileFilter *
json_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Action Files"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_filter_add_mime_type (filter, "application/json");

  return filter;
}

/* Import ----------------------------------------------------------------- */

static void
import_failed (GTask  *task,
               GError *error)
{
  Transfer *transfer = g_task_get_task_data (task);
  g_autofree char *file_name = g_file_get_parse_name (transfer->file);
  g_autofree char *body = NULL;

  /* Translators: %s is a file, then comes what is wrong with it: the
   * place in the file and the problem, e.g. "actions[0].url: …" */
  body = g_strdup_printf (_("%s was not imported and the catalog was left as it was:\n%s"),
                          file_name, error->message);
  show_error (transfer, _("Nothing Was Imported"), body);
  g_task_return_error (task, error);
}

static void
import_saved_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Transfer *transfer = g_task_get_task_data (task);
  guint n = g_strv_length (transfer->names);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!ca_catalog_save_finish (CA_CATALOG (object), result, &error))
    {
      g_autofree char *body = NULL;

      /* Translators: %s says why the catalog could not be saved */
      body = g_strdup_printf (_("The actions were imported but the catalog could not be saved:\n%s\n\nThey are saved with the next change once the problem is solved."),
                              error->message);
      show_error (transfer, _("The Catalog Could Not Be Saved"), body);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  text = g_strdup_printf (ngettext ("%u action imported", "%u actions imported", n), n);
  show_toast (transfer, text);

  if (n > 0 && CA_IS_MANAGE_WINDOW (transfer->parent))
    ca_manage_window_select (CA_MANAGE_WINDOW (transfer->parent), transfer->names[0]);

  g_task_return_boolean (task, TRUE);
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Transfer *transfer = g_task_get_task_data (task);
  GError *error = NULL;

  if (!ca_catalog_import_finish (CA_CATALOG (object), result, &transfer->names, &error))
    {
      import_failed (task, error);
      return;
    }

  ca_catalog_save_async (transfer->catalog, NULL, import_saved_cb, g_steal_pointer (&task));
}

static void
import_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Transfer *transfer = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  bytes = g_file_load_bytes_finish (G_FILE (object), result, NULL, &error);
  if (bytes == NULL)
    {
      import_failed (task, error);
      return;
    }

  ca_catalog_import_async (transfer->catalog, bytes, NULL, import_done_cb, g_steal_pointer (&task));
}

void
ca_manage_import_file (GtkWindow           *parent,
                       CaCatalog           *catalog,
                       GFile               *file,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (CA_IS_CATALOG (catalog));
  g_return_if_fail (G_IS_FILE (file));

  task = transfer_task_new (parent, catalog, file, ca_manage_import_file, callback, user_data);
  g_file_load_bytes_async (file, NULL, import_loaded_cb, task);
}

gboolean
ca_manage_import_file_finish (GAsyncResult  *result,
                              GStrv         *names,
                              GError       **error)
{
  Transfer *transfer;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ca_manage_import_file, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  transfer = g_task_get_task_data (G_TASK (result));
  if (names != NULL)
    *names = g_strdupv (transfer->names);
  return TRUE;
}

static void
import_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    gpointer         user_data)
{
  CaCatalog *catalog = g_object_get_data (G_OBJECT (chooser), "ca-catalog");
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  if (file != NULL)
    ca_manage_import_file (gtk_native_dialog_get_transient_for (chooser), catalog, file, NULL, NULL);

  g_object_unref (chooser);
}

void
ca_manage_window_import (GtkWindow *parent,
                         CaCatalog *catalog)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) json = json_filter ();
  g_autoptr(GtkFileFilter) any = gtk_file_filter_new ();

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (CA_IS_CATALOG (catalog));

  chooser = gtk_file_chooser_native_new (_("Import Actions"), parent,
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), json);
  gtk_file_filter_set_name (any, _("All Files"));
  gtk_file_filter_add_pattern (any, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), any);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), json);

  /* The chooser keeps the reference it was made with until it answers. */
  g_object_set_data_full (G_OBJECT (chooser), "ca-catalog", g_object_ref (catalog), g_object_unref);
  g_signal_connect (chooser, "response", G_CALLBACK (import_response_cb), NULL);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Export ----------------------------------------------------------------- */

static void
export_written_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Transfer *transfer = g_task_get_task_data (task);
  guint n = g_strv_length (transfer->names);
  g_autofree char *text = NULL;
  GError *error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      g_autofree char *body = NULL;

      /* Translators: %s says why the file could not be written */
      body = g_strdup_printf (_("%s\n\nChoose another folder or file name and export again."),
                              error->message);
      show_error (transfer, _("The Actions Could Not Be Exported"), body);
      g_task_return_error (task, error);
      return;
    }

  text = g_strdup_printf (ngettext ("%u action exported", "%u actions exported", n), n);
  show_toast (transfer, text);
  g_task_return_boolean (task, TRUE);
}

/* Every name of @catalog, in its order. */
static GStrv
all_names (CaCatalog *catalog)
{
  GListModel *model = G_LIST_MODEL (catalog);
  guint n = g_list_model_get_n_items (model);
  GStrv names = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CaAction) action = g_list_model_get_item (model, i);

      names[i] = g_strdup (ca_action_get_name (action));
    }

  return names;
}

void
ca_manage_export_file (GtkWindow           *parent,
                       CaCatalog           *catalog,
                       const char * const  *names,
                       GFile               *file,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;
  Transfer *transfer;
  GError *error = NULL;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (CA_IS_CATALOG (catalog));
  g_return_if_fail (G_IS_FILE (file));

  task = transfer_task_new (parent, catalog, file, ca_manage_export_file, callback, user_data);
  transfer = g_task_get_task_data (task);
  transfer->names = names != NULL ? g_strdupv ((GStrv) names) : all_names (catalog);

  bytes = ca_catalog_export (catalog, (const char * const *) transfer->names, &error);
  if (bytes == NULL)
    {
      show_error (transfer, _("The Actions Could Not Be Exported"), error->message);
      g_task_return_error (task, error);
      return;
    }

  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, export_written_cb, g_steal_pointer (&task));
}

gboolean
ca_manage_export_file_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ca_manage_export_file, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    gpointer         user_data)
{
  CaCatalog *catalog = g_object_get_data (G_OBJECT (chooser), "ca-catalog");
  const char * const *names = g_object_get_data (G_OBJECT (chooser), "ca-names");
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  if (file != NULL)
    ca_manage_export_file (gtk_native_dialog_get_transient_for (chooser), catalog, names, file, NULL, NULL);

  g_object_unref (chooser);
}

void
ca_manage_window_export (GtkWindow          *parent,
                         CaCatalog          *catalog,
                         const char * const *names)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) json = json_filter ();
  g_autofree char *file_name = NULL;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (CA_IS_CATALOG (catalog));

  chooser = gtk_file_chooser_native_new (_("Export Actions"), parent,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), json);

  /* One action is saved under its name; several under the catalog's. */
  if (names != NULL && names[0] != NULL && names[1] == NULL)
    file_name = g_strconcat (names[0], ".json", NULL);
  else
    file_name = g_strdup ("custom-actions.json");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), file_name);

  g_object_set_data_full (G_OBJECT (chooser), "ca-names",
                          names != NULL ? g_strdupv ((GStrv) names) : NULL,
                          (GDestroyNotify) g_strfreev);
  g_object_set_data_full (G_OBJECT (chooser), "ca-catalog", g_object_ref (catalog), g_object_unref);
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), NULL);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
