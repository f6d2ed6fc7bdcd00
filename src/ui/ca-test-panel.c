/* ca-test-panel.c: sends a test request for an action and shows what came back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ca-accessible.h"
#include "ca-application.h"
#include "ca-curl.h"
#include "ca-enums.h"
#include "ca-invoker.h"
#include "ca-render.h"
#include "ca-test-panel-private.h"

/* How often the elapsed time is updated while sending. */
#define ELAPSED_INTERVAL_MS 100

/* How long "Copied" stays. */
#define COPIED_SECONDS 3

/* An input for one variable. */
typedef struct {
  char         *key;
  CaField      *field;
  AdwEntryRow  *row;
  AdwActionRow *problem_row;  /* below the row, visible with a problem */
} Input;

enum {
  PROP_0,
  PROP_ACTION,
  PROP_BUSY,
  N_PROPS
};

enum {
  RESULT_READY,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (CaTestPanel, ca_test_panel, ADW_TYPE_BIN)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
input_free (Input *input)
{
  g_free (input->key);
  g_clear_object (&input->field);
  g_free (input);
}

/* Values ------------------------------------------------------------------ */

static void
input_set_problem (Input      *input,
                   const char *message)
{
  GtkWidget *text = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (input->row)));

  if (message != NULL)
    {
      /* The key is the row's: the message goes on without it. */
      if (g_str_has_prefix (message, input->key) && g_str_has_prefix (message + strlen (input->key), ": "))
        message += strlen (input->key) + 2;

      gtk_widget_add_css_class (GTK_WIDGET (input->row), "error");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (input->problem_row), message);
      gtk_widget_set_visible (GTK_WIDGET (input->problem_row), TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (input->row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (input->row),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE, -1);
      if (text != NULL)
        {
          gtk_accessible_update_property (GTK_ACCESSIBLE (text),
                                          GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
          gtk_accessible_update_state (GTK_ACCESSIBLE (text),
                                       GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE, -1);
        }
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (input->row), "error");
      gtk_widget_set_visible (GTK_WIDGET (input->problem_row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (input->problem_row), "");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (input->row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (input->row), GTK_ACCESSIBLE_STATE_INVALID);
      if (text != NULL)
        {
          gtk_accessible_reset_property (GTK_ACCESSIBLE (text), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
          gtk_accessible_reset_state (GTK_ACCESSIBLE (text), GTK_ACCESSIBLE_STATE_INVALID);
        }
    }
}

/* Key → text of every input that has one; an empty input gives no value. */
static GHashTable *
collect_values (CaTestPanel *self)
{
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < self->inputs->len; i++)
    {
      Input *input = g_ptr_array_index (self->inputs, i);
      const char *text = gtk_editable_get_text (GTK_EDITABLE (input->row));

      if (text[0] != '\0')
        g_hash_table_insert (values, g_strdup (input->key), g_strdup (text));
    }

  return values;
}

void
ca_test_panel_update_actions (CaTestPanel *self)
{
  gboolean busy = self->cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "test-panel.send",
                                 !busy && self->action != NULL && self->valid);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "test-panel.cancel", busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "test-panel.copy-curl", self->shown_request != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "test-panel.save-response",
                                 self->result != NULL && self->result->body != NULL &&
                                 g_bytes_get_size (self->result->body) > 0);
}

static void
set_status (CaTestPanel *self,
            const char  *text,
            gboolean     is_error)
{
  gtk_label_set_label (self->status_label, text != NULL ? text : "");
  /* Selectable so that a message can be copied; with none, not a stop for
   * the keyboard where a screen reader would find nothing to say. Not
   * "focusable" FALSE: a selectable GtkLabel takes Tab even then and keeps
   * the focus where it was, so Tab never got past the values to Send. */
  gtk_widget_set_can_focus (GTK_WIDGET (self->status_label), text != NULL && text[0] != '\0');
  if (is_error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
    }
}

/* Checks every value as it is typed: each against its variable's type,
 * then all of them together the way sending renders them (header values,
 * path segments). A problem shows on its row; a missing value only keeps
 * Send off. */
static void
validate (CaTestPanel *self)
{
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(CaRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  gboolean allow_null;
  gboolean rows_valid = TRUE;
  Input *missing = NULL;

  g_clear_pointer (&self->checked, ca_request_free);

  if (self->action == NULL)
    {
      self->valid = FALSE;
      set_status (self, NULL, FALSE);
      ca_test_panel_update_actions (self);
      return;
    }

  allow_null = ca_action_get_allow_null (self->action);
  for (guint i = 0; i < self->inputs->len; i++)
    {
      Input *input = g_ptr_array_index (self->inputs, i);
      const char *text = gtk_editable_get_text (GTK_EDITABLE (input->row));
      g_autoptr(JsonNode) parsed = NULL;
      g_autoptr(GError) parse_error = NULL;

      if (text[0] == '\0')
        {
          if (missing == NULL && !ca_field_get_optional (input->field))
            missing = input;
          input_set_problem (input, NULL);
          continue;
        }

      parsed = ca_render_parse_value_full (input->key, ca_field_get_field_type (input->field), text,
                                           allow_null && g_str_has_prefix (input->key, "body."),
                                           &parse_error);
      input_set_problem (input, parsed == NULL ? parse_error->message : NULL);
      rows_valid &= parsed != NULL;
    }

  if (!rows_valid)
    {
      self->valid = FALSE;
      set_status (self, _("Correct the values marked in red to send"), FALSE);
      ca_test_panel_update_actions (self);
      return;
    }

  if (missing != NULL)
    {
      g_autofree char *text =
        /* Translators: %s is the label of a variable */
        g_strdup_printf (_("Enter a value for “%s” to send"), ca_field_get_display_label (missing->field));

      self->valid = FALSE;
      set_status (self, text, FALSE);
      ca_test_panel_update_actions (self);
      return;
    }

  values = collect_values (self);
  request = ca_render (self->action, values, &error);
  self->valid = request != NULL;
  if (request == NULL)
    {
      gboolean shown = FALSE;

      /* Errors about one value name its key first. */
      for (guint i = 0; i < self->inputs->len && !shown; i++)
        {
          Input *input = g_ptr_array_index (self->inputs, i);

          if (g_str_has_prefix (error->message, input->key) &&
              error->message[strlen (input->key)] == ':')
            {
              input_set_problem (input, error->message);
              shown = TRUE;
            }
        }

      set_status (self, shown ? _("Correct the values marked in red to send") : error->message, !shown);
    }
  else if (self->cancellable == NULL)
    {
      set_status (self, NULL, FALSE);
    }

  /* Send sends this: the values are rendered once. */
  self->checked = g_steal_pointer (&request);
  ca_test_panel_update_actions (self);
}

static void
input_changed_cb (CaTestPanel *self)
{
  validate (self);
}

static char *
input_hint (CaField *field)
{
  const char *type = ca_enum_to_nick (CA_TYPE_FIELD_TYPE, ca_field_get_field_type (field));

  if (ca_field_get_optional (field))
    /* Translators: %s is a type name like string, integer or listString; keep it */
    return g_strdup_printf (_("%s · optional"), type);

  /* Translators: %s is a type name like string, integer or listString; keep it */
  return g_strdup_printf (_("%s · required"), type);
}

static Input *
input_new (CaTestPanel      *self,
           const CaVariable *variable,
           const char       *text)
{
  Input *input = g_new0 (Input, 1);
  const char *label = ca_field_get_display_label (variable->field);
  g_autofree char *hint = input_hint (variable->field);
  g_autofree char *tooltip = NULL;
  GtkWidget *hint_label;
  GtkWidget *icon;
  GtkWidget *delegate;

  input->key = g_strdup (variable->key);
  input->field = g_object_ref (variable->field);

  input->row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (input->row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (input->row), label);
  gtk_editable_set_text (GTK_EDITABLE (input->row), text != NULL ? text : "");
  /* What to type, e.g. "A date, e.g. 2024-05-01", then where it goes.
   * Translators: the first %s says what a value holds, the second is a
   * variable's key, like body.to or header.X-Tenant */
  tooltip = g_strdup_printf (_("%s\nKey: %s"),
                             ca_field_type_describe (ca_field_get_field_type (variable->field)),
                             variable->key);
  gtk_widget_set_tooltip_text (GTK_WIDGET (input->row), tooltip);

  hint_label = gtk_label_new (hint);
  gtk_widget_add_css_class (hint_label, "dim-label");
  gtk_widget_add_css_class (hint_label, "caption");
  adw_entry_row_add_suffix (input->row, hint_label);

  /* No LABEL: the row is named by its title already (GTK 4.8 would say
   * both). */
  gtk_accessible_update_property (GTK_ACCESSIBLE (input->row),
                                  GTK_ACCESSIBLE_PROPERTY_REQUIRED, !ca_field_get_optional (variable->field),
                                  -1);
  delegate = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (input->row)));
  if (delegate != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (delegate),
                                    GTK_ACCESSIBLE_PROPERTY_REQUIRED, !ca_field_get_optional (variable->field),
                                    -1);

  input->problem_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (input->problem_row), FALSE);
  /* Text to read, not a stop for the keyboard: the entry carries the
   * message as its description too. */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (input->problem_row), FALSE);
  gtk_widget_set_focusable (GTK_WIDGET (input->problem_row), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (input->problem_row), "error");
  gtk_widget_set_visible (GTK_WIDGET (input->problem_row), FALSE);
  icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Problem"), -1);
  adw_action_row_add_prefix (input->problem_row, icon);

  g_signal_connect_object (input->row, "changed", G_CALLBACK (input_changed_cb), self, G_CONNECT_SWAPPED);

  return input;
}

static void
clear_inputs (CaTestPanel *self)
{
  for (guint i = 0; i < self->inputs->len; i++)
    {
      Input *input = g_ptr_array_index (self->inputs, i);

      g_signal_handlers_disconnect_by_data (input->row, self);
      adw_preferences_group_remove (self->values_group, GTK_WIDGET (input->row));
      adw_preferences_group_remove (self->values_group, GTK_WIDGET (input->problem_row));
    }
  g_ptr_array_set_size (self->inputs, 0);
}

static void
rebuild_inputs (CaTestPanel *self)
{
  g_autoptr(GHashTable) kept = collect_values (self);
  g_autoptr(GPtrArray) variables = NULL;

  clear_inputs (self);

  variables = self->action != NULL ? ca_action_list_variables (self->action) : NULL;
  for (guint i = 0; variables != NULL && i < variables->len; i++)
    {
      const CaVariable *variable = g_ptr_array_index (variables, i);
      Input *input = input_new (self, variable, g_hash_table_lookup (kept, variable->key));

      adw_preferences_group_add (self->values_group, GTK_WIDGET (input->row));
      adw_preferences_group_add (self->values_group, GTK_WIDGET (input->problem_row));
      g_ptr_array_add (self->inputs, input);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->no_values_row),
                          self->action != NULL && self->inputs->len == 0);
  validate (self);
}

/* Sending ----------------------------------------------------------------- */

static void
update_elapsed (CaTestPanel *self)
{
  double seconds = (g_get_monotonic_time () - self->send_start) / (double) G_USEC_PER_SEC;
  /* Translators: the time since the test request was sent, in seconds */
  g_autofree char *text = g_strdup_printf (_("%.1f s"), seconds);

  gtk_label_set_label (self->elapsed_label, text);
}

static gboolean
elapsed_cb (gpointer user_data)
{
  update_elapsed (user_data);
  return G_SOURCE_CONTINUE;
}

static void
set_busy (CaTestPanel *self,
          gboolean     busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->elapsed_label), busy);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), busy);

  g_clear_handle_id (&self->elapsed_source, g_source_remove);
  if (busy)
    {
      self->send_start = g_get_monotonic_time ();
      update_elapsed (self);
      self->elapsed_source = g_timeout_add (ELAPSED_INTERVAL_MS, elapsed_cb, self);
      g_source_set_name_by_id (self->elapsed_source, "[ca] test panel elapsed time");
    }

  ca_test_panel_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *async_result,
         gpointer      user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr(CaTestPanel) self = g_weak_ref_get (weak);
  g_autoptr(CaResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GApplication *app;

  g_weak_ref_clear (weak);
  g_free (weak);
  result = ca_invoker_send_finish (CA_INVOKER (source), async_result, &error);

  /* The panel went away meanwhile (which cancelled the send). */
  if (self == NULL || self->inputs == NULL)
    return;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_object (&self->cancellable);
      set_busy (self, FALSE);
      validate (self);
      set_status (self, _("Cancelled: no answer was kept"), FALSE);
      return;
    }

  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  validate (self);

  if (result == NULL)
    {
      set_status (self, error->message, TRUE);
      return;
    }

  g_clear_pointer (&self->result, ca_result_free);
  self->result = g_steal_pointer (&result);
  ca_test_panel_show_result (self);

  app = g_application_get_default ();
  if (CA_IS_APPLICATION (app))
    ca_application_set_last_result (CA_APPLICATION (app), ca_action_get_name (self->sending_action),
                                     self->result);

  g_signal_emit (self, signals[RESULT_READY], 0, self->result);
}

void
ca_test_panel_send (CaTestPanel *self)
{
  GWeakRef *weak;

  g_return_if_fail (CA_IS_TEST_PANEL (self));

  if (self->cancellable != NULL || self->action == NULL)
    return;

  validate (self);
  if (!self->valid)
    return;

  /* A copy: the configuration dialog goes on editing its action. */
  g_clear_object (&self->sending_action);
  self->sending_action = ca_action_copy (self->action);
  g_clear_pointer (&self->rendered, ca_request_free);
  self->rendered = g_steal_pointer (&self->checked);
  self->cancellable = g_cancellable_new ();

  set_status (self, _("Sending…"), FALSE);
  set_busy (self, TRUE);

  /* A weak reference: a panel that goes away (its window closed) must
   * be disposed at once, which cancels the send; a strong one would keep
   * it, and the request, until the action's timeout. */
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  ca_invoker_send_async (ca_invoker_get_default (), self->sending_action, self->rendered,
                         self->cancellable, sent_cb, weak);
}

void
ca_test_panel_cancel (CaTestPanel *self)
{
  g_return_if_fail (CA_IS_TEST_PANEL (self));

  /* The callback tidies up: sending is over only when the invoker says. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/* Copy as curl and Save Response ----------------------------------------- */

static gboolean
copied_timeout_cb (gpointer user_data)
{
  CaTestPanel *self = user_data;

  gtk_widget_set_visible (GTK_WIDGET (self->copied_label), FALSE);
  self->copied_source = 0;
  return G_SOURCE_REMOVE;
}

static void
copy_curl (CaTestPanel *self)
{
  g_autofree char *command = NULL;

  if (self->shown_request == NULL)
    return;

  /* Secrets masked: a command on the clipboard ends up in chats and
   * tickets. */
  command = ca_curl_command (self->shown_request, FALSE);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), command);

  gtk_widget_set_visible (GTK_WIDGET (self->copied_label), TRUE);
  g_clear_handle_id (&self->copied_source, g_source_remove);
  self->copied_source = g_timeout_add_seconds (COPIED_SECONDS, copied_timeout_cb, self);
}

static void
replaced_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
ca_test_panel_save_response_async (CaTestPanel         *self,
                                   GFile               *file,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CA_IS_TEST_PANEL (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_test_panel_save_response_async);

  if (self->result == NULL || self->result->body == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("There is no response body to save; send the request first"));
      return;
    }

  g_file_replace_contents_bytes_async (file, self->result->body, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION, cancellable,
                                       replaced_cb, g_steal_pointer (&task));
}

gboolean
ca_test_panel_save_response_finish (CaTestPanel   *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (CA_IS_TEST_PANEL (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  CaTestPanel *self = CA_TEST_PANEL (source);
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  if (!ca_test_panel_save_response_finish (self, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* Translators: %s says why, from the system */
      text = g_strdup_printf (_("The response was not saved: %s. Choose another place and try again."),
                              error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->save_status_label), "error");
    }
  else
    {
      name = g_file_get_parse_name (file);
      /* Translators: %s is a file name */
      text = g_strdup_printf (_("Saved to %s"), name);
      gtk_widget_remove_css_class (GTK_WIDGET (self->save_status_label), "error");
    }

  gtk_label_set_label (self->save_status_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->save_status_label), TRUE);
}

static void
chooser_response_cb (CaTestPanel          *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  g_clear_object (&self->chooser);
  if (file == NULL)
    return;

  g_cancellable_cancel (self->save_cancellable);
  g_clear_object (&self->save_cancellable);
  self->save_cancellable = g_cancellable_new ();
  ca_test_panel_save_response_async (self, file, self->save_cancellable, saved_cb, g_object_ref (file));
}

static void
save_response (CaTestPanel *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *content_type = NULL;
  g_autofree char *name = NULL;

  if (self->result == NULL || self->result->body == NULL || self->chooser != NULL)
    return;

  content_type = ca_test_panel_content_type (self->result->headers);
  name = g_strdup_printf ("%s-response.%s",
                          self->sending_action != NULL ? ca_action_get_name (self->sending_action) : "action",
                          ca_test_panel_is_json_type (content_type) ? "json" : "txt");

  self->chooser = gtk_file_chooser_native_new (_("Save Response"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
action_send (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ca_test_panel_send (CA_TEST_PANEL (widget));
}

static void
action_cancel (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ca_test_panel_cancel (CA_TEST_PANEL (widget));
}

static void
action_copy_curl (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  copy_curl (CA_TEST_PANEL (widget));
}

static void
action_save_response (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  save_response (CA_TEST_PANEL (widget));
}

/* GObject ------------------------------------------------------------------ */

static void
ca_test_panel_dispose (GObject *object)
{
  CaTestPanel *self = CA_TEST_PANEL (object);

  /* The send callback runs later and finds no panel. */
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  ca_test_panel_dispose_result (self);
  g_cancellable_cancel (self->save_cancellable);
  g_clear_object (&self->save_cancellable);
  g_clear_handle_id (&self->elapsed_source, g_source_remove);
  g_clear_handle_id (&self->copied_source, g_source_remove);
  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  if (self->inputs != NULL)
    {
      for (guint i = 0; i < self->inputs->len; i++)
        g_signal_handlers_disconnect_by_data (((Input *) g_ptr_array_index (self->inputs, i))->row, self);
      g_clear_pointer (&self->inputs, g_ptr_array_unref);
    }
  g_clear_pointer (&self->drift_rows, g_ptr_array_unref);
  g_clear_object (&self->action);

  G_OBJECT_CLASS (ca_test_panel_parent_class)->dispose (object);
}

static void
ca_test_panel_finalize (GObject *object)
{
  CaTestPanel *self = CA_TEST_PANEL (object);

  g_clear_object (&self->sending_action);
  g_clear_pointer (&self->rendered, ca_request_free);
  g_clear_pointer (&self->checked, ca_request_free);
  g_clear_pointer (&self->result, ca_result_free);
  g_clear_pointer (&self->shown_request, ca_request_free);

  G_OBJECT_CLASS (ca_test_panel_parent_class)->finalize (object);
}

static void
ca_test_panel_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CaTestPanel *self = CA_TEST_PANEL (object);

  switch (prop_id)
    {
    case PROP_ACTION:
      g_value_set_object (value, self->action);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, ca_test_panel_get_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_test_panel_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CaTestPanel *self = CA_TEST_PANEL (object);

  switch (prop_id)
    {
    case PROP_ACTION:
      ca_test_panel_set_action (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_test_panel_class_init (CaTestPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_test_panel_dispose;
  object_class->finalize = ca_test_panel_finalize;
  object_class->get_property = ca_test_panel_get_property;
  object_class->set_property = ca_test_panel_set_property;

  properties[PROP_ACTION] =
    g_param_spec_object ("action", NULL, NULL,
                         CA_TYPE_ACTION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted when a send ends with a result (not when it is cancelled). */
  signals[RESULT_READY] =
    g_signal_new ("result-ready",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CA_TYPE_RESULT | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_install_action (widget_class, "test-panel.send", NULL, action_send);
  gtk_widget_class_install_action (widget_class, "test-panel.cancel", NULL, action_cancel);
  gtk_widget_class_install_action (widget_class, "test-panel.copy-curl", NULL, action_copy_curl);
  gtk_widget_class_install_action (widget_class, "test-panel.save-response", NULL, action_save_response);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "test-panel.send", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "test-panel.send", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_ISO_Enter, GDK_CONTROL_MASK, "test-panel.send", NULL);

  /* The template has source views in it. */
  gtk_source_init ();
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/customactions/CustomActions/ca-test-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, CaTestPanel, values_group);
  gtk_widget_class_bind_template_child (widget_class, CaTestPanel, no_values_row);
  gtk_widget_class_bind_template_child (widget_class, CaTestPanel, status_label);
  gtk_widget_class_bind_template_child (widget_class, CaTestPanel, spinner);
  gtk_widget_class_bind_template_child (widget_class, CaTestPanel, elapsed_label);
  gtk_widget_class_bind_template_child (widget_class, CaTestPanel, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CaTestPanel, send_button);
  gtk_widget_class_bind_template_child (widget_class, CaTestPanel, result_box);
  gtk_widget_class_bind_template_child (widget_class, CaTestPanel, outcome_row);
  gtk_widget_class_bind_template_child (widget_class, CaTestPanel, outcome_label);
  gtk_widget_class_bind_template_child (widget_class, CaTestPanel, attempts_label);
  gtk_widget_class_bind_template_child (widget_class, CaTestPanel, time_label);
  gtk_widget_class_bind_template_child (widget_class, CaTestPanel, size_label);
  gtk_widget_class_bind_template_child (widget_class, CaTestPanel, drift_group);
  gtk_widget_class_bind_template_child (widget_class, CaTestPanel, copied_label);
  gtk_widget_class_bind_template_child (widget_class, CaTestPanel, request_label);
  gtk_widget_class_bind_template_child (widget_class, CaTestPanel, request_body_scroller);
  gtk_widget_class_bind_template_child (widget_class, CaTestPanel, request_body_view);
  gtk_widget_class_bind_template_child (widget_class, CaTestPanel, response_headers_label);
  gtk_widget_class_bind_template_child (widget_class, CaTestPanel, body_note_label);
  gtk_widget_class_bind_template_child (widget_class, CaTestPanel, save_status_label);
  gtk_widget_class_bind_template_child (widget_class, CaTestPanel, body_stack);
  gtk_widget_class_bind_template_child (widget_class, CaTestPanel, body_empty_label);
  gtk_widget_class_bind_template_child (widget_class, CaTestPanel, body_view);
}


static void
ca_test_panel_init (CaTestPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ca_accessible_fix_names (GTK_WIDGET (self));

  self->inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) input_free);
  self->drift_rows = g_ptr_array_new ();

  ca_test_panel_init_result (self);
  set_status (self, NULL, FALSE);

  ca_test_panel_update_actions (self);
}

GtkWidget *
ca_test_panel_new (void)
{
  return g_object_new (CA_TYPE_TEST_PANEL, NULL);
}

void
ca_test_panel_set_action (CaTestPanel *self,
                          CaAction    *action)
{
  g_return_if_fail (CA_IS_TEST_PANEL (self));
  g_return_if_fail (action == NULL || CA_IS_ACTION (action));

  if (g_set_object (&self->action, action))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTION]);

  /* Even for the same action: its variables may have been edited. */
  rebuild_inputs (self);
}

CaAction *
ca_test_panel_get_action (CaTestPanel *self)
{
  g_return_val_if_fail (CA_IS_TEST_PANEL (self), NULL);

  return self->action;
}

gboolean
ca_test_panel_get_busy (CaTestPanel *self)
{
  g_return_val_if_fail (CA_IS_TEST_PANEL (self), FALSE);

  return self->cancellable != NULL;
}

const CaResult *
ca_test_panel_get_result (CaTestPanel *self)
{
  g_return_val_if_fail (CA_IS_TEST_PANEL (self), NULL);

  return self->result;
}

gboolean
ca_test_panel_get_body_pending (CaTestPanel *self)
{
  g_return_val_if_fail (CA_IS_TEST_PANEL (self), FALSE);

  return self->body_pending;
}

GtkTextBuffer *
ca_test_panel_get_body_buffer (CaTestPanel *self)
{
  g_return_val_if_fail (CA_IS_TEST_PANEL (self), NULL);

  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->body_view));
}
