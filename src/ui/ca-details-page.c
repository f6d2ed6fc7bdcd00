/* ca-details-page.c: one action as a marketer reads it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "ca-accessible.h"
#include "ca-application.h"
#include "ca-details-page.h"
#include "ca-enums.h"
#include "ca-palette-category.h"
#include "ca-payload.h"

struct _CaDetailsPage
{
  AdwBin               parent_instance;

  CaAction            *action;
  /* The result shown, and when it came; NULL when none. */
  CaResult            *result;
  GDateTime           *when;
  /* The application whose results are followed (weak). */
  GApplication        *app;
  /* Rows made for the action, to remove them. */
  GPtrArray           *variable_rows;
  GPtrArray           *response_rows;

  GtkImage            *icon;
  GtkButton           *send_test_button;
  GtkButton           *edit_button;
  GtkLabel            *title_label;
  GtkLabel            *category_label;
  GtkLabel            *description_label;
  AdwActionRow        *host_row;
  AdwActionRow        *method_row;
  AdwActionRow        *url_row;
  AdwActionRow        *name_row;
  AdwPreferencesGroup *variables_group;
  AdwPreferencesGroup *response_group;
  AdwActionRow        *outcome_row;
  GtkImage            *outcome_icon;
  AdwActionRow        *status_row;
  AdwActionRow        *time_row;
  AdwActionRow        *size_row;
  AdwActionRow        *when_row;
};

enum {
  PROP_0,
  PROP_ACTION,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (CaDetailsPage, ca_details_page, ADW_TYPE_BIN)

static GParamSpec *properties[N_PROPS];


/* "string · Text": the format's word, which technical users and the
 * journey editor use, and what it means. */
static char *
describe_type (CaFieldType type)
{
  /* Translators: a value's type: the file format's word (kept as it is),
   * then what it holds, e.g. "string · Text" */
  return g_strdup_printf (_("%s · %s"),
                          ca_enum_to_nick (CA_TYPE_FIELD_TYPE, type),
                          ca_field_type_describe (type));
}

/* Where a variable's value goes in the request, from its key
 * ("header.X-Tenant", "query.lang", "path", "body.to"). */
static char *
describe_place (const char *key)
{
  const char *dot = strchr (key, '.');
  const char *name = dot != NULL ? dot + 1 : key;

  if (g_str_has_prefix (key, "header."))
    /* Translators: where a value goes: %s is the header's name */
    return g_strdup_printf (_("Header “%s”"), name);
  if (g_str_has_prefix (key, "query."))
    /* Translators: where a value goes: %s is the query parameter's name */
    return g_strdup_printf (_("Query parameter “%s”"), name);
  if (g_str_equal (key, "path"))
    /* Translators: where a value goes: added to the end of the URL */
    return g_strdup (_("Path, at the end of the URL"));

  /* Translators: where a value goes: %s is the field's path in the
   * payload, like message.title */
  return g_strdup_printf (_("Payload field “%s”"), name);
}

static GtkWidget *
make_row (const char *title,
          const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  /* Labels and paths are the user's text, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  return row;
}

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static void
add_row (AdwPreferencesGroup *group,
         GPtrArray           *rows,
         GtkWidget           *row)
{
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);
}

static void
ca_details_page_update_variables (CaDetailsPage *self)
{
  g_autoptr(GPtrArray) variables = ca_action_list_variables (self->action);

  clear_rows (self->variables_group, self->variable_rows);

  for (guint i = 0; i < variables->len; i++)
    {
      CaVariable *variable = g_ptr_array_index (variables, i);
      g_autofree char *place = describe_place (variable->key);
      g_autofree char *type = describe_type (ca_field_get_field_type (variable->field));
      g_autofree char *subtitle = NULL;
      gboolean optional = ca_field_get_optional (variable->field);
      GtkWidget *row;
      GtkWidget *need;

      /* Translators: how a value is given: where it goes, then its type,
       * e.g. "Payload field “to” — string · Text" */
      subtitle = g_strdup_printf (_("%s — %s"), place, type);
      row = make_row (ca_field_get_display_label (variable->field), subtitle);

      need = gtk_label_new (optional ? _("Optional") : _("Required"));
      gtk_widget_set_valign (need, GTK_ALIGN_CENTER);
      /* What must be given stands out. */
      if (optional)
        {
          gtk_widget_add_css_class (need, "caption");
          gtk_widget_add_css_class (need, "dim-label");
        }
      else
        {
          gtk_widget_add_css_class (need, "caption-heading");
        }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), need);

      add_row (self->variables_group, self->variable_rows, row);
    }

  if (variables->len == 0)
    add_row (self->variables_group, self->variable_rows,
             make_row (_("No Values Needed"),
                       _("This action sends the same request every time")));
}

static void
ca_details_page_update_response (CaDetailsPage *self)
{
  JsonNode *sample = ca_action_get_response_sample (self->action);
  g_autoptr(GPtrArray) table = NULL;

  clear_rows (self->response_group, self->response_rows);

  if (sample != NULL && JSON_NODE_HOLDS_OBJECT (sample))
    table = ca_payload_table_from_sample (sample, NULL);

  for (guint i = 0; table != NULL && i < table->len; i++)
    {
      CaField *field = g_ptr_array_index (table, i);
      g_autofree char *type = describe_type (ca_field_get_field_type (field));

      add_row (self->response_group, self->response_rows,
               make_row (ca_field_get_name (field), type));
    }

  if (table == NULL || table->len == 0)
    add_row (self->response_group, self->response_rows,
             make_row (_("No Sample Answer"),
                       _("A technical user can add a sample answer with Edit")));
}

static void
ca_details_page_update_result (CaDetailsPage *self)
{
  const CaResult *result = self->result;
  gboolean success;
  g_autofree char *outcome = NULL;
  g_autofree char *status = NULL;
  g_autofree char *time = NULL;
  g_autofree char *size = NULL;
  g_autofree char *when = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->status_row), result != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->time_row), result != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->size_row), result != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->when_row), result != NULL && self->when != NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->outcome_icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->outcome_icon), "error");

  if (result == NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->outcome_row), _("Not Sent Yet"));
      adw_action_row_set_subtitle (self->outcome_row,
                                   _("Send a test request to check that the endpoint answers"));
      gtk_image_set_from_icon_name (self->outcome_icon, "mail-send-symbolic");
      return;
    }

  success = ca_result_is_success (result);
  if (success)
    /* Translators: how the last test request went: it worked */
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->outcome_row), _("Succeeded"));
  else
    /* Translators: how the last test request went: it did not work */
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->outcome_row), _("Failed"));
  /* What went wrong, in words, else the outcome's own word (http_200). */
  if (result->message != NULL)
    outcome = g_strdup_printf ("%s · %s", result->outcome, result->message);
  else
    outcome = g_strdup (result->outcome);
  adw_action_row_set_subtitle (self->outcome_row, outcome);
  gtk_image_set_from_icon_name (self->outcome_icon,
                                success ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
  gtk_widget_add_css_class (GTK_WIDGET (self->outcome_icon), success ? "success" : "error");

  if (result->status != 0)
    status = g_strdup_printf ("%u %s", result->status, soup_status_get_phrase (result->status));
  else
    /* Translators: the status when no HTTP answer came */
    status = g_strdup (_("No answer"));
  adw_action_row_set_subtitle (self->status_row, status);

  time = ca_result_format_duration (result->elapsed_ms);
  adw_action_row_set_subtitle (self->time_row, time);

  size = ca_result_format_body_size (result);
  adw_action_row_set_subtitle (self->size_row, size);

  if (self->when != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (self->when);

      /* The time of day in the user's locale. */
      when = g_date_time_format (local, "%X");
      adw_action_row_set_subtitle (self->when_row, when);
    }
}

static void
ca_details_page_set_result_internal (CaDetailsPage  *self,
                                     const CaResult *result,
                                     GDateTime      *when)
{
  CaResult *copy = result != NULL ? ca_result_copy (result) : NULL;

  g_clear_pointer (&self->result, ca_result_free);
  g_clear_pointer (&self->when, g_date_time_unref);
  self->result = copy;
  self->when = when != NULL ? g_date_time_ref (when) : NULL;

  ca_details_page_update_result (self);
}

/* The application's result for the action, if any. */
static void
ca_details_page_pull_result (CaDetailsPage *self)
{
  const CaResult *result = NULL;
  GDateTime *when = NULL;

  if (self->app != NULL && self->action != NULL)
    {
      const char *name = ca_action_get_name (self->action);

      result = ca_application_get_last_result (CA_APPLICATION (self->app), name);
      when = ca_application_get_last_result_time (CA_APPLICATION (self->app), name);
    }

  ca_details_page_set_result_internal (self, result, when);
}

static void
ca_details_page_last_result_changed_cb (CaDetailsPage *self,
                                        const char    *action_name,
                                        CaApplication *app)
{
  if (self->action != NULL && g_strcmp0 (ca_action_get_name (self->action), action_name) == 0)
    ca_details_page_pull_result (self);
}

/* The application may come after the page (tests make both). */
static void
ca_details_page_follow_application (CaDetailsPage *self)
{
  GApplication *app = g_application_get_default ();

  if (self->app != NULL || !CA_IS_APPLICATION (app))
    return;

  g_set_weak_pointer (&self->app, app);
  g_signal_connect_object (app, "last-result-changed",
                           G_CALLBACK (ca_details_page_last_result_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

/* "api.example.com", or "127.0.0.1:8765": where the requests go, without
 * the rest of the URL. */
static char *
host_of (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *host;

  if (url == NULL || url[0] == '\0')
    return g_strdup ("");

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || (host = g_uri_get_host (uri)) == NULL || host[0] == '\0')
    return g_strdup (url);

  if (g_uri_get_port (uri) > 0)
    return g_strdup_printf (strchr (host, ':') != NULL ? "[%s]:%d" : "%s:%d", host, g_uri_get_port (uri));

  return g_strdup (host);
}

static void
ca_details_page_update (CaDetailsPage *self)
{
  CaAction *action = self->action;
  const char *description;
  const char *url;
  g_autofree char *host = NULL;

  if (action == NULL)
    {
      clear_rows (self->variables_group, self->variable_rows);
      clear_rows (self->response_group, self->response_rows);
      ca_details_page_set_result_internal (self, NULL, NULL);
      return;
    }

  description = ca_action_get_description (action);
  url = ca_action_get_url (action);
  host = host_of (url);

  gtk_image_set_from_icon_name (self->icon, ca_palette_category_icon_for_action (action));
  gtk_label_set_label (self->title_label, ca_action_get_display_label (action));
  gtk_label_set_label (self->category_label,
                       ca_palette_category_title_for (ca_action_get_category (action)));
  gtk_label_set_label (self->description_label,
                       description != NULL && description[0] != '\0'
                         ? description
                         : _("This action has no description."));

  adw_action_row_set_subtitle (self->host_row, host);
  adw_action_row_set_subtitle (self->method_row,
                               ca_enum_to_nick (CA_TYPE_METHOD, ca_action_get_method (action)));
  adw_action_row_set_subtitle (self->url_row, url != NULL ? url : "");
  adw_action_row_set_subtitle (self->name_row, ca_action_get_name (action));

  ca_details_page_update_variables (self);
  ca_details_page_update_response (self);
  ca_details_page_follow_application (self);
  ca_details_page_pull_result (self);
}

/* The page is reached to do something with the action: the keyboard
 * lands on its first button, not on the selectable title. */
static gboolean
ca_details_page_grab_focus (GtkWidget *widget)
{
  CaDetailsPage *self = CA_DETAILS_PAGE (widget);
  GtkWidget *buttons[] = { GTK_WIDGET (self->send_test_button), GTK_WIDGET (self->edit_button) };

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      if (gtk_widget_is_sensitive (buttons[i]) && gtk_widget_grab_focus (buttons[i]))
        return TRUE;
    }

  return GTK_WIDGET_CLASS (ca_details_page_parent_class)->grab_focus (widget);
}

static void
ca_details_page_dispose (GObject *object)
{
  CaDetailsPage *self = CA_DETAILS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CA_TYPE_DETAILS_PAGE);

  g_clear_weak_pointer (&self->app);
  g_clear_object (&self->action);
  g_clear_pointer (&self->result, ca_result_free);
  g_clear_pointer (&self->when, g_date_time_unref);

  G_OBJECT_CLASS (ca_details_page_parent_class)->dispose (object);
}

static void
ca_details_page_finalize (GObject *object)
{
  CaDetailsPage *self = CA_DETAILS_PAGE (object);

  g_clear_pointer (&self->variable_rows, g_ptr_array_unref);
  g_clear_pointer (&self->response_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (ca_details_page_parent_class)->finalize (object);
}

static void
ca_details_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CaDetailsPage *self = CA_DETAILS_PAGE (object);

  switch (prop_id)
    {
    case PROP_ACTION:
      g_value_set_object (value, self->action);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_details_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CaDetailsPage *self = CA_DETAILS_PAGE (object);

  switch (prop_id)
    {
    case PROP_ACTION:
      ca_details_page_set_action (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_details_page_class_init (CaDetailsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_details_page_dispose;
  object_class->finalize = ca_details_page_finalize;
  object_class->get_property = ca_details_page_get_property;
  object_class->set_property = ca_details_page_set_property;

  widget_class->grab_focus = ca_details_page_grab_focus;

  properties[PROP_ACTION] =
    g_param_spec_object ("action", NULL, NULL,
                         CA_TYPE_ACTION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/customactions/CustomActions/ca-details-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CaDetailsPage, icon);
  gtk_widget_class_bind_template_child (widget_class, CaDetailsPage, send_test_button);
  gtk_widget_class_bind_template_child (widget_class, CaDetailsPage, edit_button);
  gtk_widget_class_bind_template_child (widget_class, CaDetailsPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, CaDetailsPage, category_label);
  gtk_widget_class_bind_template_child (widget_class, CaDetailsPage, description_label);
  gtk_widget_class_bind_template_child (widget_class, CaDetailsPage, host_row);
  gtk_widget_class_bind_template_child (widget_class, CaDetailsPage, method_row);
  gtk_widget_class_bind_template_child (widget_class, CaDetailsPage, url_row);
  gtk_widget_class_bind_template_child (widget_class, CaDetailsPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, CaDetailsPage, variables_group);
  gtk_widget_class_bind_template_child (widget_class, CaDetailsPage, response_group);
  gtk_widget_class_bind_template_child (widget_class, CaDetailsPage, outcome_row);
  gtk_widget_class_bind_template_child (widget_class, CaDetailsPage, outcome_icon);
  gtk_widget_class_bind_template_child (widget_class, CaDetailsPage, status_row);
  gtk_widget_class_bind_template_child (widget_class, CaDetailsPage, time_row);
  gtk_widget_class_bind_template_child (widget_class, CaDetailsPage, size_row);
  gtk_widget_class_bind_template_child (widget_class, CaDetailsPage, when_row);
}

static void
ca_details_page_init (CaDetailsPage *self)
{
  self->variable_rows = g_ptr_array_new ();
  self->response_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  ca_accessible_fix_names (GTK_WIDGET (self));
  ca_details_page_update_result (self);
}

GtkWidget *
ca_details_page_new (void)
{
  return g_object_new (CA_TYPE_DETAILS_PAGE, NULL);
}

/**
 * ca_details_page_get_action:
 *
 * Returns: (transfer none) (nullable): the action shown
 */
CaAction *
ca_details_page_get_action (CaDetailsPage *self)
{
  g_return_val_if_fail (CA_IS_DETAILS_PAGE (self), NULL);

  return self->action;
}

void
ca_details_page_set_action (CaDetailsPage *self,
                            CaAction      *action)
{
  g_return_if_fail (CA_IS_DETAILS_PAGE (self));
  g_return_if_fail (action == NULL || CA_IS_ACTION (action));

  /* The catalog replaces an action's object when it changes, so the
   * same object shows the same thing. */
  if (!g_set_object (&self->action, action))
    return;

  ca_details_page_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTION]);
}

void
ca_details_page_set_result (CaDetailsPage  *self,
                            const CaResult *result,
                            GDateTime      *when)
{
  g_return_if_fail (CA_IS_DETAILS_PAGE (self));

  ca_details_page_set_result_internal (self, result, when);
}
