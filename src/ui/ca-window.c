/* ca-window.c: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ca-accessible.h"
#include "ca-application.h"
#include "ca-config-dialog.h"
#include "ca-details-page.h"
#include "ca-manage-window.h"
#include "ca-palette.h"
#include "ca-test-window.h"
#include "ca-window.h"

struct _CaWindow
{
  AdwApplicationWindow  parent_instance;

  CaCatalog            *catalog;
  GSettings            *settings;
  GCancellable         *cancellable;
  /* A load asked for while the window is on its way to the screen waits
   * for its first frame (see ca_window_load_catalog()). */
  CaCatalogLoadFlags    load_flags;
  guint                 load_timeout;
  gboolean              drawn;
  gboolean              load_waits;
  /* The name of the action last picked: when the catalog's file changes
   * under it, its new version is picked again. */
  char                 *selected_name;
  guint                 reselect_source;
  gboolean              reselecting;
  /* Asking whether to reload the file changed on disk (weak). */
  GtkWidget            *conflict_dialog;
  GCancellable         *reload_cancellable;
  /* One Manage Actions window per main window (weak). */
  GtkWidget            *manage_window;
  GtkWidget            *shortcuts_window;

  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkButton            *back_button;
  AdwWindowTitle       *window_title;
  GtkInfoBar           *info_bar;
  GtkLabel             *info_title;
  GtkLabel             *info_label;
  GtkButton            *open_folder_button;
  CaPalette            *palette;
  GtkStack             *details_stack;
  AdwStatusPage        *empty_page;
  GtkSpinner           *spinner;
  CaDetailsPage        *details_page;
};

enum {
  PROP_0,
  PROP_CATALOG,
  PROP_LOADING,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (CaWindow, ca_window, ADW_TYPE_APPLICATION_WINDOW)

static GParamSpec *properties[N_PROPS];

static void
ca_window_show_problem (CaWindow       *self,
                        GtkMessageType  type,
                        const char     *title,
                        const char     *text)
{
  gtk_info_bar_set_message_type (self->info_bar, type);
  gtk_label_set_label (self->info_title, title);
  gtk_label_set_label (self->info_label, text);
  /* Where the file is, to repair or move it. */
  gtk_widget_set_visible (GTK_WIDGET (self->open_folder_button),
                          ca_catalog_get_file (self->catalog) != NULL);
  gtk_info_bar_set_revealed (self->info_bar, TRUE);
}

static void
ca_window_update_catalog_state (CaWindow *self)
{
  GFile *file = ca_catalog_get_file (self->catalog);
  g_autofree char *subtitle = NULL;

  if (file != NULL)
    {
      g_autofree char *path = g_file_get_path (file);
      const char *home = g_get_home_dir ();

      if (path == NULL)
        subtitle = g_file_get_uri (file);
      else if (home != NULL && g_str_has_prefix (path, home) && path[strlen (home)] == '/')
        subtitle = g_strconcat ("~", path + strlen (home), NULL);
      else
        subtitle = g_steal_pointer (&path);
    }

  adw_window_title_set_subtitle (self->window_title, subtitle);

  if (ca_catalog_get_read_only (self->catalog))
    {
      const char *problem = ca_catalog_get_problem (self->catalog);

      /* The problem says what is broken, where (line:column) and that the
       * file is left untouched. */
      ca_window_show_problem (self,
                              GTK_MESSAGE_WARNING,
                              _("This catalog is read-only"),
                              problem ? problem : "");
    }
  else if (gtk_info_bar_get_message_type (self->info_bar) == GTK_MESSAGE_WARNING)
    {
      gtk_info_bar_set_revealed (self->info_bar, FALSE);
    }
}

/* What can be done depends on the selection and on whether the catalog
 * can be written. */
static void
ca_window_update_actions (CaWindow *self)
{
  gboolean selected = ca_palette_get_selected_action (self->palette) != NULL;
  gboolean loading = ca_window_get_loading (self);
  gboolean writable = !ca_catalog_get_read_only (self->catalog) && !loading;
  gboolean has_actions = g_list_model_get_n_items (G_LIST_MODEL (self->catalog)) > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-action", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-action", writable && selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.send-test", selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", has_actions && !loading);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.manage", !loading);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-folder",
                                 ca_catalog_get_file (self->catalog) != NULL);
}

static void
ca_window_update_details (CaWindow *self)
{
  CaAction *action = ca_palette_get_selected_action (self->palette);

  ca_window_update_actions (self);

  if (action == NULL)
    {
      if (g_list_model_get_n_items (G_LIST_MODEL (self->catalog)) > 0)
        {
          adw_status_page_set_title (self->empty_page, _("Select an Action"));
          adw_status_page_set_description (self->empty_page,
                                           _("Pick an action in the palette to see what it does"));
        }
      else
        {
          adw_status_page_set_title (self->empty_page, _("No Actions"));
          adw_status_page_set_description (self->empty_page,
                                           _("This catalog has no actions yet"));
        }

      if (!ca_window_get_loading (self))
        gtk_stack_set_visible_child_name (self->details_stack, "empty");
      ca_details_page_set_action (self->details_page, NULL);
      return;
    }

  ca_details_page_set_action (self->details_page, action);
  gtk_stack_set_visible_child_name (self->details_stack, "action");
}

/* A test request of one of our actions was sent: the palette's recent
 * actions are those used last. */
static void
ca_window_last_result_changed_cb (CaWindow      *self,
                                  const char    *action_name,
                                  CaApplication *app)
{
  CaAction *action = ca_catalog_lookup (self->catalog, action_name);

  if (action != NULL)
    ca_palette_note_used (self->palette, action);
}

/* The action picked last, in its current version: a change of the file
 * on disk replaces the objects of the actions that changed. */
static gboolean
ca_window_reselect (CaWindow *self)
{
  CaAction *action;
  gboolean found;

  if (self->selected_name == NULL ||
      ca_palette_get_selected_action (self->palette) != NULL ||
      (action = ca_catalog_lookup (self->catalog, self->selected_name)) == NULL)
    return TRUE;

  self->reselecting = TRUE;
  found = ca_palette_select_action (self->palette, action);
  self->reselecting = FALSE;

  return found;
}

static gboolean
ca_window_reselect_cb (gpointer user_data)
{
  CaWindow *self = user_data;

  self->reselect_source = 0;
  ca_window_reselect (self);

  return G_SOURCE_REMOVE;
}

static void
ca_window_catalog_changed_cb (CaWindow   *self,
                              guint       position,
                              guint       removed,
                              guint       added,
                              GListModel *catalog)
{
  guint n_items;

  /* The palette may take a moment to show a new row: try again then. */
  if (!ca_window_reselect (self) && self->reselect_source == 0)
    self->reselect_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, ca_window_reselect_cb, self, NULL);

  /* Only the empty page, and whether there is anything to export,
   * depend on the whole catalog: on whether it is empty. */
  n_items = g_list_model_get_n_items (catalog);
  if (n_items == 0 || n_items == added)
    ca_window_update_details (self);
}

static void
ca_window_selected_action_cb (CaWindow   *self,
                              GParamSpec *pspec,
                              CaPalette  *palette)
{
  CaAction *action = ca_palette_get_selected_action (palette);

  /* Kept when the action goes away, to pick its next version. */
  if (action != NULL)
    {
      g_free (self->selected_name);
      self->selected_name = g_strdup (ca_action_get_name (action));
    }

  ca_window_update_details (self);

  if (action != NULL && !self->reselecting && adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "details");
}

/* Enter (or a double click) on an action opens it: its details, with
 * the keyboard there, on their own page when the window is narrow. */
static void
ca_window_action_activated_cb (CaWindow  *self,
                               CaAction  *action,
                               CaPalette *palette)
{
  if (ca_details_page_get_action (self->details_page) != action)
    return;

  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "details");
  gtk_widget_grab_focus (GTK_WIDGET (self->details_page));
}

static void
ca_window_update_back_button (CaWindow *self)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);
  const char *visible = adw_leaflet_get_visible_child_name (self->leaflet);

  gtk_widget_set_visible (GTK_WIDGET (self->back_button),
                          folded && g_strcmp0 (visible, "details") == 0);
}

static void
ca_window_leaflet_changed_cb (CaWindow   *self,
                              GParamSpec *pspec,
                              AdwLeaflet *leaflet)
{
  ca_window_update_back_button (self);
}

static void
ca_window_problem_changed_cb (CaWindow   *self,
                              GParamSpec *pspec,
                              CaCatalog  *catalog)
{
  ca_window_update_catalog_state (self);
  ca_window_update_actions (self);
}

static void
ca_window_back_clicked_cb (CaWindow  *self,
                           GtkButton *button)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* The file changed on disk ------------------------------------------------ */

static gboolean
ca_window_is_ancestor_of (CaWindow  *self,
                          GtkWindow *window)
{
  for (GtkWindow *parent = gtk_window_get_transient_for (window);
       parent != NULL;
       parent = gtk_window_get_transient_for (parent))
    {
      if (parent == GTK_WINDOW (self))
        return TRUE;
    }

  return FALSE;
}

/* The configuration dialogs open over this window (or over its Manage
 * Actions window) with unsaved edits: work that a reload of the file
 * would lose. */
static GPtrArray *
ca_window_list_config_dialogs (CaWindow *self)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GPtrArray *dialogs = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (CA_IS_CONFIG_DIALOG (window) && ca_window_is_ancestor_of (self, window) &&
          ca_config_dialog_get_dirty (CA_CONFIG_DIALOG (window)))
        g_ptr_array_add (dialogs, g_object_ref (window));
    }

  return dialogs;
}

/* A toast of plain @text: toast titles are markup, and an error's text
 * may hold '&' or '<' (a path, a system message). */
static void
ca_window_toast (CaWindow   *self,
                 const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  ca_accessible_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

static void
ca_window_reloaded_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(CaWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ca_catalog_reload_finish (CA_CATALOG (object), result, &error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* Translators: %s says why, e.g. "Permission denied" */
      text = g_strdup_printf (_("The catalog could not be read again: %s"), error->message);
      ca_window_toast (self, text);
    }
}

static void
ca_window_conflict_response_cb (CaWindow         *self,
                                const char       *response,
                                AdwMessageDialog *dialog)
{
  g_autoptr(GPtrArray) dialogs = NULL;

  /* Keeping ours: the catalog stays as it is, and its next save
   * replaces the file. */
  if (g_strcmp0 (response, "reload") != 0)
    return;

  /* What the dialogs hold is what the user chose to drop. */
  dialogs = ca_window_list_config_dialogs (self);
  for (guint i = 0; i < dialogs->len; i++)
    gtk_window_destroy (g_ptr_array_index (dialogs, i));

  g_cancellable_cancel (self->reload_cancellable);
  g_clear_object (&self->reload_cancellable);
  self->reload_cancellable = g_cancellable_new ();
  ca_catalog_reload_async (self->catalog, self->reload_cancellable,
                           ca_window_reloaded_cb, g_object_ref (self));
}

/* Another program changed the catalog's file. Without an action being
 * edited, what it wrote simply shows; with one, the user says which to
 * keep. */
static gboolean
ca_window_file_changed_cb (CaWindow  *self,
                           CaCatalog *catalog)
{
  g_autoptr(GPtrArray) dialogs = ca_window_list_config_dialogs (self);
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (dialogs->len == 0)
    return FALSE;

  /* Already asking: the answer covers this change too. */
  if (self->conflict_dialog != NULL)
    return TRUE;

  name = g_file_get_basename (ca_catalog_get_file (catalog));
  /* Translators: %s is the catalog's file name */
  body = g_strdup_printf (_("Another program changed %s while an action is being edited here. "
                            "Reloading shows what the file holds now and closes the editing "
                            "windows without saving them; keeping your changes replaces the "
                            "file when you save."),
                          name);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("The Catalog Changed on Disk"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep My Changes"),
                                    "reload", _("_Reload from Disk"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reload",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_object (dialog, "response",
                           G_CALLBACK (ca_window_conflict_response_cb), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->conflict_dialog, dialog);
  ca_accessible_fix_names (dialog);
  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}

/* Loading ------------------------------------------------------------------ */

static void
ca_window_load_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  CaCatalog *catalog = (CaCatalog *)object;
  g_autoptr(CaWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean loaded;

  g_assert (CA_IS_CATALOG (catalog));
  g_assert (CA_IS_WINDOW (self));

  loaded = ca_catalog_load_finish (catalog, result, &error);

  /* Closed in the meantime: nothing left to show it in. */
  if (self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;

  g_clear_object (&self->cancellable);
  gtk_spinner_stop (self->spinner);

  /* A catalog named on the command line that does not exist yet is
   * created by the first save. */
  if (!loaded && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_autofree char *text = NULL;

      /* Translators: %s is the system's reason, e.g. "Permission denied" */
      text = g_strdup_printf (_("%s\nCheck that the file exists and that you may read it, then open it again."),
                              error->message);
      ca_window_show_problem (self,
                              GTK_MESSAGE_ERROR,
                              _("The catalog could not be opened"),
                              text);
    }
  else
    {
      /* From now on, what other programs write to the file shows. */
      ca_catalog_set_following (catalog, TRUE);
    }

  ca_window_update_catalog_state (self);
  ca_window_update_details (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Actions ----------------------------------------------------------------- */

static void
ca_window_focus_search (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CaWindow *self = CA_WINDOW (widget);

  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "palette");

  ca_palette_focus_search (self->palette);
}

static void
ca_window_new_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CaWindow *self = CA_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (ca_config_dialog_new (GTK_WINDOW (self), self->catalog, NULL)));
}

static void
ca_window_edit_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CaWindow *self = CA_WINDOW (widget);
  CaAction *action = ca_palette_get_selected_action (self->palette);

  if (action == NULL)
    return;

  gtk_window_present (GTK_WINDOW (ca_config_dialog_new (GTK_WINDOW (self), self->catalog, action)));
}

static void
ca_window_send_test (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CaWindow *self = CA_WINDOW (widget);
  CaAction *action = ca_palette_get_selected_action (self->palette);

  if (action == NULL)
    return;

  gtk_window_present (GTK_WINDOW (ca_test_window_new (GTK_WINDOW (self), action)));
}

static void
ca_window_manage (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CaWindow *self = CA_WINDOW (widget);

  if (self->manage_window == NULL)
    g_set_weak_pointer (&self->manage_window, ca_manage_window_new (GTK_WINDOW (self), self->catalog));

  gtk_window_present (GTK_WINDOW (self->manage_window));
}

/* Keyboard Shortcuts: built when asked for, destroyed when closed. Left
 * to GtkApplication (a gtk/help-overlay.ui resource), it would be built
 * with the window and stay hidden, and GTK 4.8 answers an assistive
 * technology that asks the application for a window past the last shown
 * one with the last window of all, hidden or not: one whose accessible
 * was never registered has no object path, and that answer is a critical
 * from g_variant_is_object_path() (a screen reader listing the windows
 * while a dialog closes is enough). */
static void
ca_window_show_shortcuts (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  CaWindow *self = CA_WINDOW (widget);

  if (self->shortcuts_window == NULL)
    {
      g_autoptr(GtkBuilder) builder =
        gtk_builder_new_from_resource ("/io/github/customactions/CustomActions/ca-shortcuts-window.ui");
      GtkWindow *shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));

      gtk_window_set_transient_for (shortcuts, GTK_WINDOW (self));
      gtk_window_set_destroy_with_parent (shortcuts, TRUE);
      g_set_weak_pointer (&self->shortcuts_window, GTK_WIDGET (shortcuts));
    }

  gtk_window_present (GTK_WINDOW (self->shortcuts_window));
}

static void
ca_window_import (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CaWindow *self = CA_WINDOW (widget);

  ca_manage_window_import (GTK_WINDOW (self), self->catalog);
}

static void
ca_window_export (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CaWindow *self = CA_WINDOW (widget);

  ca_manage_window_export (GTK_WINDOW (self), self->catalog, NULL);
}

static void
ca_window_folder_shown_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(CaWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = NULL;

      /* Translators: %s says why, e.g. "No application is registered as handling this file" */
      text = g_strdup_printf (_("The folder could not be shown: %s"), error->message);
      ca_window_toast (self, text);
    }
}

/* The folder of the catalog's file, in the file manager: where to repair
 * it, or move it away. */
static void
ca_window_open_folder (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CaWindow *self = CA_WINDOW (widget);
  GFile *file = ca_catalog_get_file (self->catalog);
  g_autoptr(GFile) folder = NULL;
  g_autofree char *uri = NULL;

  if (file == NULL || (folder = g_file_get_parent (file)) == NULL)
    return;

  uri = g_file_get_uri (folder);
  gtk_show_uri_full (GTK_WINDOW (self), uri, GDK_CURRENT_TIME, NULL,
                     ca_window_folder_shown_cb, g_object_ref (self));
}

/* The window ------------------------------------------------------------- */

static gboolean
ca_window_close_request (GtkWindow *window)
{
  CaWindow *self = CA_WINDOW (window);

  g_cancellable_cancel (self->cancellable);

  if (self->settings != NULL)
    {
      gboolean maximized = gtk_window_is_maximized (window);
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_delay (self->settings);
      g_settings_set_boolean (self->settings, "window-maximized", maximized);
      if (!maximized && width > 0 && height > 0)
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
      g_settings_apply (self->settings);
    }

  return GTK_WINDOW_CLASS (ca_window_parent_class)->close_request (window);
}

static void
ca_window_constructed (GObject *object)
{
  CaWindow *self = (CaWindow *)object;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  G_OBJECT_CLASS (ca_window_parent_class)->constructed (object);

  if (self->catalog == NULL)
    self->catalog = ca_catalog_new (NULL);

  ca_palette_set_catalog (self->palette, self->catalog);
  g_signal_connect_object (self->catalog,
                           "notify::problem",
                           G_CALLBACK (ca_window_problem_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->catalog,
                           "items-changed",
                           G_CALLBACK (ca_window_catalog_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->catalog,
                           "file-changed",
                           G_CALLBACK (ca_window_file_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
  ca_window_update_catalog_state (self);
  ca_window_update_details (self);

  if (CA_IS_APPLICATION (g_application_get_default ()))
    g_signal_connect_object (g_application_get_default (),
                             "last-result-changed",
                             G_CALLBACK (ca_window_last_result_changed_cb),
                             self,
                             G_CONNECT_SWAPPED);

  /* Without the schema (running from a build tree without
   * GSETTINGS_SCHEMA_DIR), the window just does not remember its size. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);

  if (schema != NULL)
    {
      self->settings = g_settings_new (APP_ID);
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }
  else
    {
      g_debug ("Schema %s not found, the window size is not kept", APP_ID);
      gtk_window_set_default_size (GTK_WINDOW (self), 1000, 700);
    }
}

static void
ca_window_start_load (CaWindow *self)
{
  self->load_waits = FALSE;
  g_clear_handle_id (&self->load_timeout, g_source_remove);
  ca_catalog_load_async (self->catalog,
                         self->load_flags,
                         self->cancellable,
                         ca_window_load_cb,
                         g_object_ref (self));
}

static void
ca_window_load_timeout_cb (gpointer user_data)
{
  CaWindow *self = user_data;

  self->load_timeout = 0;
  if (self->load_waits)
    ca_window_start_load (self);
}

static void
ca_window_after_paint_cb (GdkFrameClock *clock,
                          CaWindow      *self)
{
  g_signal_handlers_disconnect_by_func (clock, ca_window_after_paint_cb, self);
  self->drawn = TRUE;

  if (self->load_waits)
    ca_window_start_load (self);
}

static void
ca_window_realize (GtkWidget *widget)
{
  CaWindow *self = CA_WINDOW (widget);

  GTK_WIDGET_CLASS (ca_window_parent_class)->realize (widget);

  if (!self->drawn)
    g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                             G_CALLBACK (ca_window_after_paint_cb), self, 0);
}

static void
ca_window_dispose (GObject *object)
{
  CaWindow *self = (CaWindow *)object;

  g_clear_handle_id (&self->load_timeout, g_source_remove);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->reload_cancellable);
  g_clear_handle_id (&self->reselect_source, g_source_remove);

  /* Nobody follows the file for a window that is gone. */
  if (self->catalog != NULL)
    ca_catalog_set_following (self->catalog, FALSE);

  gtk_widget_dispose_template (GTK_WIDGET (self), CA_TYPE_WINDOW);

  g_clear_weak_pointer (&self->conflict_dialog);
  g_clear_weak_pointer (&self->manage_window);
  g_clear_weak_pointer (&self->shortcuts_window);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->reload_cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->catalog);
  g_clear_pointer (&self->selected_name, g_free);

  G_OBJECT_CLASS (ca_window_parent_class)->dispose (object);
}

static void
ca_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CaWindow *self = CA_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, ca_window_get_loading (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CaWindow *self = CA_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_window_class_init (CaWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = ca_window_constructed;
  object_class->dispose = ca_window_dispose;
  object_class->get_property = ca_window_get_property;
  object_class->set_property = ca_window_set_property;
  widget_class->realize = ca_window_realize;

  window_class->close_request = ca_window_close_request;

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL,
                         CA_TYPE_CATALOG,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The accelerators are the application's (ca-application.c), listed
   * in ca-shortcuts-window.ui. */
  gtk_widget_class_install_action (widget_class, "win.focus-search", NULL, ca_window_focus_search);
  gtk_widget_class_install_action (widget_class, "win.new-action", NULL, ca_window_new_action);
  gtk_widget_class_install_action (widget_class, "win.edit-action", NULL, ca_window_edit_action);
  gtk_widget_class_install_action (widget_class, "win.send-test", NULL, ca_window_send_test);
  gtk_widget_class_install_action (widget_class, "win.manage", NULL, ca_window_manage);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, ca_window_import);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, ca_window_export);
  gtk_widget_class_install_action (widget_class, "win.open-folder", NULL, ca_window_open_folder);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, ca_window_show_shortcuts);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/customactions/CustomActions/ca-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CaWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, info_bar);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, info_title);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, info_label);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, open_folder_button);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, palette);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, details_stack);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, details_page);
  gtk_widget_class_bind_template_callback (widget_class, ca_window_selected_action_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_window_action_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_window_leaflet_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_window_back_clicked_cb);

  g_type_ensure (CA_TYPE_PALETTE);
  g_type_ensure (CA_TYPE_DETAILS_PAGE);
}

static void
ca_window_init (CaWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ca_accessible_fix_names (GTK_WIDGET (self));
}

CaWindow *
ca_window_new (CaApplication *app,
               CaCatalog     *catalog)
{
  g_return_val_if_fail (!app || CA_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (!catalog || CA_IS_CATALOG (catalog), NULL);

  return g_object_new (CA_TYPE_WINDOW,
                       "application", app,
                       "catalog", catalog,
                       NULL);
}

/**
 * ca_window_get_catalog:
 *
 * Returns: (transfer none): the catalog the window shows
 */
CaCatalog *
ca_window_get_catalog (CaWindow *self)
{
  g_return_val_if_fail (CA_IS_WINDOW (self), NULL);

  return self->catalog;
}

void
ca_window_load_catalog (CaWindow           *self,
                        CaCatalogLoadFlags  flags)
{
  g_return_if_fail (CA_IS_WINDOW (self));
  g_return_if_fail (!ca_window_get_loading (self));

  self->cancellable = g_cancellable_new ();

  gtk_spinner_start (self->spinner);
  if (ca_palette_get_selected_action (self->palette) == NULL)
    gtk_stack_set_visible_child_name (self->details_stack, "loading");

  /* Reading a big catalog takes the CPU time and memory bandwidth that
   * the window's first frame needs: a window on its way to the screen
   * draws that frame first, showing that it loads. One that does not draw
   * within a second (started minimized) loads all the same. */
  self->load_flags = flags;
  if (gtk_widget_get_visible (GTK_WIDGET (self)) && !self->drawn)
    {
      self->load_waits = TRUE;
      self->load_timeout = g_timeout_add_once (1000, ca_window_load_timeout_cb, self);
    }
  else
    {
      ca_window_start_load (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  ca_window_update_actions (self);
}

gboolean
ca_window_get_loading (CaWindow *self)
{
  g_return_val_if_fail (CA_IS_WINDOW (self), FALSE);

  return self->cancellable != NULL;
}

gboolean
ca_window_select_action (CaWindow *self,
                         CaAction *action)
{
  g_return_val_if_fail (CA_IS_WINDOW (self), FALSE);

  return ca_palette_select_action (self->palette, action);
}
