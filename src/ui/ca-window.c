/* ca-window.c: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ca-application.h"
#include "ca-config-dialog.h"
#include "ca-enums.h"
#include "ca-palette.h"
#include "ca-palette-category.h"
#include "ca-test-window.h"
#include "ca-window.h"

struct _CaWindow
{
  AdwApplicationWindow  parent_instance;

  CaCatalog            *catalog;
  GSettings            *settings;
  GCancellable         *cancellable;

  AdwLeaflet           *leaflet;
  GtkButton            *back_button;
  AdwWindowTitle       *window_title;
  GtkInfoBar           *info_bar;
  GtkLabel             *info_title;
  GtkLabel             *info_label;
  CaPalette            *palette;
  GtkStack             *details_stack;
  AdwStatusPage        *empty_page;
  GtkSpinner           *spinner;
  GtkImage             *action_icon;
  GtkLabel             *action_title;
  GtkLabel             *action_category;
  GtkLabel             *action_description;
  AdwActionRow         *method_row;
  AdwActionRow         *url_row;
  AdwActionRow         *name_row;
  AdwPreferencesGroup  *last_result_group;
  AdwActionRow         *last_result_row;
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

/* The last test result of @action in this session, in one line: what a
 * marketer needs to know is whether it worked, and when it ran. */
static void
ca_window_update_last_result (CaWindow *self,
                              CaAction *action)
{
  GApplication *app = g_application_get_default ();
  const CaResult *result = NULL;
  g_autofree char *size = NULL;
  g_autofree char *details = NULL;

  if (CA_IS_APPLICATION (app))
    result = ca_application_get_last_result (CA_APPLICATION (app), ca_action_get_name (action));

  gtk_widget_set_visible (GTK_WIDGET (self->last_result_group), result != NULL);
  if (result == NULL)
    return;

  size = g_format_size (result->body != NULL ? g_bytes_get_size (result->body) : 0);
  /* Translators: the last test result: time in milliseconds, then the
   * size of the answer, e.g. "120 ms · 1.2 kB" */
  details = g_strdup_printf (_("%" G_GINT64_FORMAT " ms · %s"), result->elapsed_ms, size);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->last_result_row), result->outcome);
  adw_action_row_set_subtitle (self->last_result_row,
                               result->message != NULL ? result->message : details);
  adw_action_row_set_icon_name (self->last_result_row,
                                ca_result_is_success (result) ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
}

static void
ca_window_last_result_changed_cb (CaWindow      *self,
                                  const char    *action_name,
                                  CaApplication *app)
{
  CaAction *action = ca_palette_get_selected_action (self->palette);

  if (action != NULL && g_strcmp0 (ca_action_get_name (action), action_name) == 0)
    ca_window_update_last_result (self, action);
}

/* What can be done depends on the selection and on whether the catalog
 * can be written. */
static void
ca_window_update_actions (CaWindow *self)
{
  gboolean selected = ca_palette_get_selected_action (self->palette) != NULL;
  gboolean writable = !ca_catalog_get_read_only (self->catalog) && !ca_window_get_loading (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-action", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-action", writable && selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.send-test", selected);
}

static void
ca_window_update_details (CaWindow *self)
{
  CaAction *action = ca_palette_get_selected_action (self->palette);
  const char *description;
  const char *url;

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
      return;
    }

  description = ca_action_get_description (action);
  url = ca_action_get_url (action);

  gtk_image_set_from_icon_name (self->action_icon,
                                ca_palette_category_icon_for (ca_action_get_category (action)));
  gtk_label_set_label (self->action_title, ca_action_get_display_label (action));
  gtk_label_set_label (self->action_category,
                       ca_palette_category_title_for (ca_action_get_category (action)));
  gtk_label_set_label (self->action_description,
                       description != NULL && description[0] != '\0'
                         ? description
                         : _("This action has no description."));
  adw_action_row_set_subtitle (self->method_row,
                               ca_enum_to_nick (CA_TYPE_METHOD, ca_action_get_method (action)));
  adw_action_row_set_subtitle (self->url_row, url ? url : "");
  adw_action_row_set_subtitle (self->name_row, ca_action_get_name (action));
  ca_window_update_last_result (self, action);

  gtk_stack_set_visible_child_name (self->details_stack, "action");
}

static void
ca_window_catalog_changed_cb (CaWindow   *self,
                              guint       position,
                              guint       removed,
                              guint       added,
                              GListModel *catalog)
{
  /* Only the empty page depends on the whole catalog. */
  if (ca_palette_get_selected_action (self->palette) == NULL)
    ca_window_update_details (self);
}

static void
ca_window_selected_action_cb (CaWindow   *self,
                              GParamSpec *pspec,
                              CaPalette  *palette)
{
  ca_window_update_details (self);

  if (ca_palette_get_selected_action (palette) != NULL &&
      adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "details");
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
}

static void
ca_window_back_clicked_cb (CaWindow  *self,
                           GtkButton *button)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

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

  ca_window_update_catalog_state (self);
  ca_window_update_details (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

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
ca_window_dispose (GObject *object)
{
  CaWindow *self = (CaWindow *)object;

  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), CA_TYPE_WINDOW);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->catalog);

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

  gtk_widget_class_install_action (widget_class, "win.focus-search", NULL, ca_window_focus_search);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.focus-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_install_action (widget_class, "win.new-action", NULL, ca_window_new_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-action", NULL);
  gtk_widget_class_install_action (widget_class, "win.edit-action", NULL, ca_window_edit_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.edit-action", NULL);
  gtk_widget_class_install_action (widget_class, "win.send-test", NULL, ca_window_send_test);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "win.send-test", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/customactions/CustomActions/ca-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CaWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, info_bar);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, info_title);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, info_label);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, palette);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, details_stack);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, action_icon);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, action_title);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, action_category);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, action_description);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, method_row);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, url_row);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, last_result_group);
  gtk_widget_class_bind_template_child (widget_class, CaWindow, last_result_row);
  gtk_widget_class_bind_template_callback (widget_class, ca_window_selected_action_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_window_leaflet_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_window_back_clicked_cb);

  g_type_ensure (CA_TYPE_PALETTE);
}

static void
ca_window_init (CaWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
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

  ca_catalog_load_async (self->catalog,
                         flags,
                         self->cancellable,
                         ca_window_load_cb,
                         g_object_ref (self));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
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
