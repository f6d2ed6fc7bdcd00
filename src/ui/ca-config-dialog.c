/* ca-config-dialog.c: the configuration dialog, where an action is defined
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ca-accessible.h"
#include "ca-auth-editor.h"
#include "ca-config-dialog.h"
#include "ca-enums.h"
#include "ca-field-list.h"
#include "ca-json-editor.h"
#include "ca-json-pretty.h"
#include "ca-payload.h"
#include "ca-problem.h"
#include "ca-secrets.h"
#include "ca-test-panel.h"

/* The dialog edits a copy of the action (the "working" action): every
 * edit lands in it at once, the core's ca_action_validate() checks it,
 * and the problems go back to the rows they concern. The catalog only
 * changes on Save, and only when the file could be written.
 *
 * The payload is edited as a table with a row per value of the sample;
 * while the dialog is open the working action's request fields are that
 * whole table (so the problems' indexes are the rows'), and Save keeps
 * only what the file needs (ca_payload_table_to_fields()). */
struct _CaConfigDialog
{
  AdwWindow        parent_instance;

  CaCatalog       *catalog;
  /* The action being edited as it is in the catalog; NULL for a new one. */
  CaAction        *original;
  CaAction        *working;
  GPtrArray       *problems;
  GCancellable    *cancellable;
  gboolean         loading;
  gboolean         dirty;
  gboolean         saving;
  /* The name the catalog holds the action under while its file is saved. */
  char            *saved_name;
  /* Rows listing the fields of the response samples, to remove them. */
  GPtrArray       *response_rows;
  GPtrArray       *error_response_rows;
  /* path → CaField: what was chosen for each path of the payload during
   * this session, so that a path that leaves the sample and comes back
   * (cut and pasted, or the whole text replaced, which empties it first)
   * gets its choices back. */
  GHashTable      *payload_choices;

  AdwWindowTitle  *window_title;
  AdwHeaderBar    *header_bar;
  GtkButton       *save_button;
  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  AdwEntryRow     *name_row;
  AdwActionRow    *name_problem;
  AdwEntryRow     *label_row;
  AdwEntryRow     *description_row;
  AdwComboRow     *category_row;
  AdwEntryRow     *url_row;
  AdwActionRow    *url_problem;
  AdwComboRow     *method_row;
  GtkSwitch       *dynamic_path_switch;
  GtkSpinButton   *timeout_spin;
  GtkSpinButton   *retries_spin;
  AdwPreferencesPage *headers_page;
  AdwPreferencesPage *payload_page;
  AdwPreferencesGroup *sample_group;
  CaJsonEditor    *request_editor;
  AdwActionRow    *request_problem;
  GtkSwitch       *allow_null_switch;
  CaJsonEditor    *response_editor;
  AdwPreferencesGroup *response_fields;
  CaJsonEditor    *error_response_editor;
  AdwPreferencesGroup *error_response_fields;
  GtkSwitch       *capping_switch;
  GtkSpinButton   *max_calls_spin;
  GtkSpinButton   *period_spin;
  AdwActionRow    *capping_problem;
  GtkSwitch       *throttling_switch;
  GtkSpinButton   *throughput_spin;
  GtkRevealer     *problems_revealer;
  GtkLabel        *problems_label;

  CaFieldList     *headers_list;
  CaFieldList     *query_list;
  CaFieldList     *payload_list;
  CaAuthEditor    *auth_editor;
  CaTestPanel     *test_panel;
};

G_DEFINE_FINAL_TYPE (CaConfigDialog, ca_config_dialog, ADW_TYPE_WINDOW)

/* Which page shows the rows of a problem's path. */
static const struct {
  const char *prefix;
  const char *page;
} page_of_path[] = {
  { "name", "general" },
  { "label", "general" },
  { "description", "general" },
  { "category", "general" },
  { "headers", "headers" },
  { "query", "headers" },
  { "auth", "auth" },
  { "request", "payload" },
  { "response", "responses" },
  { "errorResponse", "responses" },
  { "capping", "limits" },
  { "throttling", "limits" },
};

/* Whether @path is @prefix or one of its children ("headers[1].name" is
 * in "headers", "request.sample" in "request"; "requests" is not). */
static gboolean
path_is_in (const char *path,
            const char *prefix)
{
  gsize n = strlen (prefix);

  return strncmp (path, prefix, n) == 0 &&
         (path[n] == '\0' || path[n] == '.' || path[n] == '[');
}

static const char *
ca_config_dialog_page_for (const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (page_of_path); i++)
    {
      if (path_is_in (path, page_of_path[i].prefix))
        return page_of_path[i].page;
    }

  return "endpoint";
}

/* A problem of @problems at @path exactly or under it; errors first. */
static const CaProblem *
find_problem (GPtrArray  *problems,
              const char *path)
{
  const CaProblem *warning = NULL;

  for (guint i = 0; i < problems->len; i++)
    {
      const CaProblem *problem = g_ptr_array_index (problems, i);

      if (!path_is_in (problem->path, path))
        continue;
      if (problem->severity == CA_PROBLEM_ERROR)
        return problem;
      if (warning == NULL)
        warning = problem;
    }

  return warning;
}

/* Shows on @problem_row (a row under @row) what is wrong at @path, or
 * hides it; @row gets the error style and the message as its accessible
 * description, so a screen reader says it on the row itself. */
static void
show_problem (GPtrArray    *problems,
              const char   *path,
              GtkWidget    *row,
              AdwActionRow *problem_row)
{
  const CaProblem *problem = find_problem (problems, path);
  gboolean error = problem != NULL && problem->severity == CA_PROBLEM_ERROR;

  gtk_widget_set_visible (GTK_WIDGET (problem_row), problem != NULL);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (problem_row), problem ? problem->message : "");
  if (error)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_widget_add_css_class (GTK_WIDGET (problem_row), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (problem_row), "warning");
    }
  else
    {
      gtk_widget_remove_css_class (row, "error");
      gtk_widget_remove_css_class (GTK_WIDGET (problem_row), "error");
      gtk_widget_add_css_class (GTK_WIDGET (problem_row), "warning");
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  problem ? problem->message : "",
                                  -1);
}

/* The problems that the core cannot see: the catalog's other names and
 * the sample editors' text, which only reaches the action once it is
 * JSON. */
static void
ca_config_dialog_add_own_problems (CaConfigDialog *self)
{
  const char *name = ca_action_get_name (self->working);
  struct {
    CaJsonEditor *editor;
    const char   *path;
  } editors[] = {
    { self->request_editor, "request.sample" },
    { self->response_editor, "response.sample" },
    { self->error_response_editor, "errorResponse.sample" },
  };

  if (name != NULL && name[0] != '\0' &&
      (self->original == NULL || g_strcmp0 (name, ca_action_get_name (self->original)) != 0) &&
      ca_catalog_lookup (self->catalog, name) != NULL)
    ca_problems_add (self->problems, CA_PROBLEM_ERROR, "name",
                     _("“%s” is the name of another action; choose another name"), name);

  for (guint i = 0; i < G_N_ELEMENTS (editors); i++)
    {
      const char *error = ca_json_editor_get_error (editors[i].editor);

      if (error != NULL)
        ca_problems_add (self->problems, CA_PROBLEM_ERROR, editors[i].path,
                         _("not JSON yet: %s"), error);
    }
}

static const CaProblem *
ca_config_dialog_first_error (CaConfigDialog *self)
{
  for (guint i = 0; i < self->problems->len; i++)
    {
      const CaProblem *problem = g_ptr_array_index (self->problems, i);

      if (problem->severity == CA_PROBLEM_ERROR)
        return problem;
    }

  return NULL;
}

static void
ca_config_dialog_update_summary (CaConfigDialog *self)
{
  guint n_errors = ca_problems_count_errors (self->problems);
  const CaProblem *first = ca_config_dialog_first_error (self);
  g_autofree char *text = NULL;

  if (first != NULL)
    {
      g_autofree char *where = ca_problem_to_string (first);

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: %d counts problems, %s is the
                                            * first of them, e.g. "2 problems to fix before
                                            * saving. The first: url: empty; …" */
                                           "%d problem to fix before saving: %s",
                                           "%d problems to fix before saving. The first: %s",
                                           n_errors),
                              n_errors, where);
    }

  gtk_label_set_label (self->problems_label, text != NULL ? text : "");
  gtk_revealer_set_reveal_child (self->problems_revealer, n_errors > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save",
                                 n_errors == 0 && !self->saving &&
                                 !ca_catalog_get_read_only (self->catalog));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.first-problem", n_errors > 0);
}

static void
ca_config_dialog_validate (CaConfigDialog *self)
{
  g_ptr_array_set_size (self->problems, 0);
  ca_action_validate (self->working, NULL, self->problems);
  ca_config_dialog_add_own_problems (self);

  show_problem (self->problems, "name", GTK_WIDGET (self->name_row), self->name_problem);
  show_problem (self->problems, "url", GTK_WIDGET (self->url_row), self->url_problem);
  show_problem (self->problems, "capping", GTK_WIDGET (self->period_spin), self->capping_problem);
  /* The editor shows where the text is broken; this row says the rest
   * ("a GET request has no body", "must be a JSON object"). */
  show_problem (self->problems, "request", GTK_WIDGET (self->request_editor), self->request_problem);

  ca_field_list_show_problems (self->headers_list, self->problems, "headers");
  ca_field_list_show_problems (self->query_list, self->problems, "query");
  ca_field_list_show_problems (self->payload_list, self->problems, "request.fields");
  ca_auth_editor_show_problems (self->auth_editor, self->problems);

  ca_config_dialog_update_summary (self);
}

/* The row to take the user to for @path. */
static GtkWidget *
ca_config_dialog_find_row (CaConfigDialog *self,
                           const char     *path)
{
  if (path_is_in (path, "name"))
    return GTK_WIDGET (self->name_row);
  if (path_is_in (path, "url"))
    return GTK_WIDGET (self->url_row);
  if (path_is_in (path, "capping"))
    return GTK_WIDGET (self->period_spin);
  if (path_is_in (path, "headers"))
    return ca_field_list_find_row (self->headers_list, path);
  if (path_is_in (path, "query"))
    return ca_field_list_find_row (self->query_list, path);
  if (path_is_in (path, "request.fields"))
    return ca_field_list_find_row (self->payload_list, path);
  if (path_is_in (path, "request"))
    return GTK_WIDGET (self->request_editor);
  if (path_is_in (path, "auth"))
    return ca_auth_editor_find_row (self->auth_editor, path);
  if (path_is_in (path, "response"))
    return GTK_WIDGET (self->response_editor);
  if (path_is_in (path, "errorResponse"))
    return GTK_WIDGET (self->error_response_editor);

  return NULL;
}

static void
ca_config_dialog_first_problem (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  CaConfigDialog *self = CA_CONFIG_DIALOG (widget);
  const CaProblem *first = ca_config_dialog_first_error (self);
  GtkWidget *row;

  if (first == NULL)
    return;

  ca_config_dialog_show_page (self, ca_config_dialog_page_for (first->path));
  row = ca_config_dialog_find_row (self, first->path);
  if (CA_IS_JSON_EDITOR (row))
    ca_json_editor_focus (CA_JSON_EDITOR (row));
  else if (row != NULL)
    gtk_widget_grab_focus (row);
}

/* The widgets → the working action. */
static void
ca_config_dialog_read_general (CaConfigDialog *self)
{
  guint max_calls = 0, period_ms = 0;

  ca_action_set_name (self->working, gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  ca_action_set_label (self->working, gtk_editable_get_text (GTK_EDITABLE (self->label_row)));
  ca_action_set_description (self->working, gtk_editable_get_text (GTK_EDITABLE (self->description_row)));
  ca_action_set_category (self->working, adw_combo_row_get_selected (self->category_row));
  ca_action_set_url (self->working, gtk_editable_get_text (GTK_EDITABLE (self->url_row)));
  ca_action_set_method (self->working, adw_combo_row_get_selected (self->method_row));
  ca_action_set_dynamic_path (self->working, gtk_switch_get_active (self->dynamic_path_switch));
  ca_action_set_timeout_seconds (self->working, gtk_spin_button_get_value_as_int (self->timeout_spin));
  ca_action_set_retries (self->working, gtk_spin_button_get_value_as_int (self->retries_spin));
  ca_action_set_allow_null (self->working, gtk_switch_get_active (self->allow_null_switch));

  if (gtk_switch_get_active (self->capping_switch))
    {
      max_calls = gtk_spin_button_get_value_as_int (self->max_calls_spin);
      period_ms = gtk_spin_button_get_value_as_int (self->period_spin);
    }
  ca_action_set_capping (self->working, max_calls, period_ms);
  ca_action_set_max_throughput (self->working,
                                gtk_switch_get_active (self->throttling_switch)
                                  ? gtk_spin_button_get_value_as_int (self->throughput_spin) : 0);
}

static void
ca_config_dialog_set_dirty (CaConfigDialog *self)
{
  if (self->loading)
    return;

  self->dirty = TRUE;
}

static void
ca_config_dialog_edited_cb (CaConfigDialog *self)
{
  if (self->loading)
    return;

  ca_config_dialog_read_general (self);
  ca_config_dialog_set_dirty (self);
  ca_config_dialog_validate (self);
}

static void
ca_config_dialog_fields_changed_cb (CaConfigDialog *self)
{
  if (self->loading)
    return;

  ca_config_dialog_set_dirty (self);
  ca_config_dialog_validate (self);
}

/* The payload table, made again for the working action's sample after
 * it was @old_sample (NULL: the table holds an action's stored fields, as
 * when the dialog opens). What the user chose for a path (a variable, a
 * type, a value of its own: what ca_payload_table_to_fields() keeps)
 * stays with that path, in this table or a later one; whatever else a row
 * holds came from the old sample and follows the new one. */
static void
ca_config_dialog_rebuild_payload_table (CaConfigDialog *self,
                                        JsonNode       *old_sample)
{
  GPtrArray *fields = ca_action_get_request_fields (self->working);
  JsonNode *sample = ca_action_get_request_sample (self->working);
  g_autoptr(GPtrArray) choices = NULL;
  g_autoptr(GPtrArray) table = NULL;
  GHashTableIter iter;
  gpointer field;

  if (old_sample != NULL)
    {
      choices = ca_payload_table_to_fields (old_sample, fields);
    }
  else
    {
      choices = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < fields->len; i++)
        g_ptr_array_add (choices, ca_field_copy (g_ptr_array_index (fields, i)));
    }

  /* A row put back as the sample has it is no longer a choice. */
  for (guint i = 0; old_sample != NULL && i < fields->len; i++)
    g_hash_table_remove (self->payload_choices, ca_field_get_name (g_ptr_array_index (fields, i)));
  for (guint i = 0; i < choices->len; i++)
    {
      CaField *choice = g_ptr_array_index (choices, i);

      if (ca_field_get_name (choice) != NULL)
        g_hash_table_replace (self->payload_choices, g_strdup (ca_field_get_name (choice)),
                              ca_field_copy (choice));
    }

  /* Choices of paths that left the sample earlier come back with them. */
  g_hash_table_iter_init (&iter, self->payload_choices);
  while (g_hash_table_iter_next (&iter, NULL, &field))
    g_ptr_array_add (choices, g_object_ref (field));

  if (sample != NULL)
    table = ca_payload_table_from_sample (sample, choices);

  g_ptr_array_set_size (fields, 0);
  for (guint i = 0; table != NULL && i < table->len; i++)
    g_ptr_array_add (fields, g_object_ref (g_ptr_array_index (table, i)));

  /* Constants without a value of their own send the sample's. */
  ca_field_list_set_sample (self->payload_list, sample);
  ca_field_list_set_fields (self->payload_list, fields);
  gtk_widget_set_visible (GTK_WIDGET (self->payload_list), fields->len > 0);
}

/* The sample @editor gives: NULL when it is empty. FALSE while its text is
 * not JSON: the last good sample stays, so half-typed text throws nothing
 * away. */
static gboolean
editor_sample (CaJsonEditor  *editor,
               JsonNode     **sample)
{
  *sample = ca_json_editor_get_node (editor);

  return *sample != NULL || ca_json_editor_is_empty (editor);
}

static void
ca_config_dialog_sample_changed_cb (CaConfigDialog *self)
{
  JsonNode *typed;
  g_autoptr(JsonNode) old_sample = NULL;

  if (self->loading)
    return;

  if (editor_sample (self->request_editor, &typed))
    {
      old_sample = ca_action_get_request_sample (self->working);
      if (old_sample != NULL)
        json_node_ref (old_sample);
      ca_action_set_request_sample (self->working, typed);
      ca_config_dialog_rebuild_payload_table (self, old_sample);
    }

  ca_config_dialog_set_dirty (self);
  ca_config_dialog_validate (self);
}

/* Lists the values a response sample defines, as a marketer will see
 * them offered: path and type. */
static void
ca_config_dialog_list_fields (AdwPreferencesGroup *group,
                              GPtrArray           *rows,
                              JsonNode            *sample)
{
  g_autoptr(GPtrArray) table = NULL;

  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);

  if (sample != NULL && JSON_NODE_HOLDS_OBJECT (sample))
    table = ca_payload_table_from_sample (sample, NULL);

  for (guint i = 0; table != NULL && i < table->len; i++)
    {
      CaField *field = g_ptr_array_index (table, i);
      GtkWidget *row = adw_action_row_new ();

      /* Paths are the user's text, not markup. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ca_field_get_name (field));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   ca_enum_to_nick (CA_TYPE_FIELD_TYPE, ca_field_get_field_type (field)));
      adw_preferences_group_add (group, row);
      g_ptr_array_add (rows, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (group), rows->len > 0);
}

static void
ca_config_dialog_update_response_fields (CaConfigDialog *self)
{
  ca_config_dialog_list_fields (self->response_fields, self->response_rows,
                                ca_action_get_response_sample (self->working));
  ca_config_dialog_list_fields (self->error_response_fields, self->error_response_rows,
                                ca_action_get_error_response_sample (self->working));
}

static void
ca_config_dialog_responses_changed_cb (CaConfigDialog *self)
{
  JsonNode *sample;

  if (self->loading)
    return;

  if (editor_sample (self->response_editor, &sample))
    ca_action_set_response_sample (self->working, sample);
  if (editor_sample (self->error_response_editor, &sample))
    ca_action_set_error_response_sample (self->working, sample);

  ca_config_dialog_update_response_fields (self);
  ca_config_dialog_set_dirty (self);
  ca_config_dialog_validate (self);
}

/* Samples are shown laid out as in the catalog file, whatever layout
 * they were imported with. */
static char *
pretty_sample (const char *compact)
{
  return compact != NULL ? ca_json_pretty (compact, strlen (compact), G_MAXSIZE, NULL) : NULL;
}

/* The working action → the widgets. */
static void
ca_config_dialog_load (CaConfigDialog *self)
{
  CaAction *action = self->working;
  guint max_calls, period_ms, throughput;
  g_autofree char *request = pretty_sample (ca_action_get_request_sample_text (action));
  g_autofree char *response = pretty_sample (ca_action_get_response_sample_text (action));
  g_autofree char *error_response = pretty_sample (ca_action_get_error_response_sample_text (action));

  self->loading = TRUE;

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), ca_action_get_name (action));
  gtk_editable_set_text (GTK_EDITABLE (self->label_row),
                         ca_action_get_label (action) ? ca_action_get_label (action) : "");
  gtk_editable_set_text (GTK_EDITABLE (self->description_row),
                         ca_action_get_description (action) ? ca_action_get_description (action) : "");
  adw_combo_row_set_selected (self->category_row, ca_action_get_category (action));
  gtk_editable_set_text (GTK_EDITABLE (self->url_row),
                         ca_action_get_url (action) ? ca_action_get_url (action) : "");
  adw_combo_row_set_selected (self->method_row, ca_action_get_method (action));
  gtk_switch_set_active (self->dynamic_path_switch, ca_action_get_dynamic_path (action));
  gtk_spin_button_set_value (self->timeout_spin, ca_action_get_timeout_seconds (action));
  gtk_spin_button_set_value (self->retries_spin, ca_action_get_retries (action));
  gtk_switch_set_active (self->allow_null_switch, ca_action_get_allow_null (action));

  ca_action_get_capping (action, &max_calls, &period_ms);
  gtk_switch_set_active (self->capping_switch, max_calls > 0);
  if (max_calls > 0)
    {
      gtk_spin_button_set_value (self->max_calls_spin, max_calls);
      gtk_spin_button_set_value (self->period_spin, period_ms);
    }
  throughput = ca_action_get_max_throughput (action);
  gtk_switch_set_active (self->throttling_switch, throughput > 0);
  if (throughput > 0)
    gtk_spin_button_set_value (self->throughput_spin, throughput);

  ca_json_editor_set_text (self->request_editor, request);
  ca_json_editor_set_text (self->response_editor, response);
  ca_json_editor_set_text (self->error_response_editor, error_response);

  ca_field_list_set_fields (self->headers_list, ca_action_get_headers (action));
  ca_field_list_set_fields (self->query_list, ca_action_get_query (action));
  ca_config_dialog_rebuild_payload_table (self, NULL);
  ca_auth_editor_set_action (self->auth_editor, action);
  ca_config_dialog_update_response_fields (self);

  self->loading = FALSE;
}

/* What Save writes: the working action with only the payload fields the
 * file needs, dated now. */
static CaAction *
ca_config_dialog_build (CaConfigDialog *self)
{
  g_autoptr(CaAction) action = ca_action_copy (self->working);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  JsonNode *sample = ca_action_get_request_sample (action);
  GPtrArray *fields = ca_action_get_request_fields (action);
  g_autoptr(GPtrArray) kept = NULL;

  g_autoptr(GHashTable) needed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) table = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < fields->len; i++)
    g_ptr_array_add (table, g_object_ref (g_ptr_array_index (fields, i)));
  if (sample != NULL)
    kept = ca_payload_table_to_fields (sample, table);
  for (guint i = 0; kept != NULL && i < kept->len; i++)
    g_hash_table_add (needed, (gpointer) ca_field_get_name (g_ptr_array_index (kept, i)));

  /* The fields the file needs, and those it already had even when they
   * only repeat the sample: saving an unchanged action changes nothing. */
  if (self->original != NULL)
    {
      GPtrArray *had = ca_action_get_request_fields (self->original);

      for (guint i = 0; i < had->len; i++)
        {
          const char *path = ca_field_get_name (g_ptr_array_index (had, i));

          if (path != NULL)
            g_hash_table_add (needed, (gpointer) path);
        }
    }

  g_ptr_array_set_size (fields, 0);
  for (guint i = 0; sample != NULL && i < table->len; i++)
    {
      CaField *field = g_ptr_array_index (table, i);

      if (g_hash_table_contains (needed, ca_field_get_name (field)))
        g_ptr_array_add (fields, g_object_ref (field));
    }

  ca_action_set_modified (action, now);
  return g_steal_pointer (&action);
}

static void
has_plain_cb (const char    *key,
              CaCredential **credential,
              gpointer       user_data)
{
  gboolean *found = user_data;

  if (*credential != NULL && !ca_credential_is_secret (*credential))
    *found = TRUE;
}

static gboolean
has_plain_credentials (CaAction *action)
{
  gboolean found = FALSE;

  ca_auth_foreach_credential (ca_action_get_auth (action), has_plain_cb, &found);
  return found;
}

static void
ca_config_dialog_set_saving (CaConfigDialog *self,
                             gboolean        saving)
{
  self->saving = saving;
  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), !saving);
  ca_config_dialog_update_summary (self);
}

static void
ca_config_dialog_fail (CaConfigDialog *self,
                       const char     *heading,
                       const GError   *error)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  ca_accessible_fix_names (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  ca_config_dialog_set_saving (self, FALSE);
}

static void
ca_config_dialog_saved_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(CaConfigDialog) self = user_data;
  g_autofree char *name = g_steal_pointer (&self->saved_name);
  g_autoptr(GError) error = NULL;

  if (!ca_catalog_save_finish (CA_CATALOG (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* The catalog in memory goes back to what the file holds, so what
       * the window shows is what is saved; the dialog keeps the edits. */
      if (self->original != NULL)
        ca_catalog_replace (self->catalog, name, self->original, NULL);
      else
        ca_catalog_remove (self->catalog, name, NULL);

      ca_config_dialog_fail (self, _("The Catalog Could Not Be Saved"), error);
      return;
    }

  self->dirty = FALSE;
  gtk_window_destroy (GTK_WINDOW (self));
}

/* The action goes into the catalog, and the catalog to its file. */
static void
ca_config_dialog_commit (CaConfigDialog *self,
                         CaAction       *action)
{
  g_autoptr(GError) error = NULL;
  gboolean done;

  if (self->original != NULL)
    done = ca_catalog_replace (self->catalog, ca_action_get_name (self->original), action, &error);
  else
    done = ca_catalog_add (self->catalog, action, &error);

  if (!done)
    {
      ca_config_dialog_fail (self, _("The Action Could Not Be Saved"), error);
      return;
    }

  g_free (self->saved_name);
  self->saved_name = g_strdup (ca_action_get_name (action));
  ca_catalog_save_async (self->catalog, self->cancellable, ca_config_dialog_saved_cb, g_object_ref (self));
}

static void
store_credentials_thread (GTask        *task,
                          gpointer      source_object,
                          gpointer      task_data,
                          GCancellable *cancellable)
{
  GError *error = NULL;

  if (ca_secrets_store_plain_credentials (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
ca_config_dialog_stored_cb (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  CaConfigDialog *self = CA_CONFIG_DIALOG (source);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ca_config_dialog_fail (self, _("The Credentials Could Not Be Stored"), error);
      return;
    }

  ca_config_dialog_commit (self, g_task_get_task_data (G_TASK (result)));
}

static void
ca_config_dialog_save (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CaConfigDialog *self = CA_CONFIG_DIALOG (widget);
  g_autoptr(CaAction) action = NULL;
  g_autoptr(GTask) task = NULL;

  if (self->saving || ca_problems_count_errors (self->problems) > 0)
    return;

  ca_config_dialog_set_saving (self, TRUE);
  action = ca_config_dialog_build (self);

  if (!has_plain_credentials (action))
    {
      ca_config_dialog_commit (self, action);
      return;
    }

  /* Typed credentials go to the keyring first (it may block: a thread),
   * and the action keeps only their references. */
  task = g_task_new (self, self->cancellable, ca_config_dialog_stored_cb, NULL);
  g_task_set_source_tag (task, ca_config_dialog_save);
  g_task_set_task_data (task, g_steal_pointer (&action), g_object_unref);
  g_task_run_in_thread (task, store_credentials_thread);
}

static gboolean
ca_config_dialog_destroy_idle (gpointer data)
{
  gtk_window_destroy (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
ca_config_dialog_discard_cb (AdwMessageDialog *dialog,
                             const char       *response,
                             CaConfigDialog   *self)
{
  if (g_strcmp0 (response, "discard") != 0)
    return;

  /* Not while the question, which is transient for this window, is
   * still emitting its answer. */
  self->dirty = FALSE;
  g_idle_add_full (G_PRIORITY_DEFAULT, ca_config_dialog_destroy_idle, g_object_ref (self), g_object_unref);
}

/* Closes, after asking when something would be lost. */
static void
ca_config_dialog_cancel (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  CaConfigDialog *self = CA_CONFIG_DIALOG (widget);
  GtkWidget *dialog;

  if (!self->dirty)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   _("Discard Changes?"),
                                   _("The changes to this action have not been saved."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (ca_config_dialog_discard_cb), self, 0);
  ca_accessible_fix_names (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
ca_config_dialog_close_request (GtkWindow *window)
{
  CaConfigDialog *self = CA_CONFIG_DIALOG (window);

  if (self->dirty && !self->saving)
    {
      ca_config_dialog_cancel (GTK_WIDGET (self), "dialog.cancel", NULL);
      return TRUE;
    }

  return GTK_WINDOW_CLASS (ca_config_dialog_parent_class)->close_request (window);
}

/* The sidebar is a list box, where Tab goes to the next row, and a row
 * that takes the focus shows its page: from the first page, Tab went
 * through every page and reached the last one only. Tab leaves the sidebar
 * for the page it shows, Shift+Tab for the header bar; the arrows still
 * move from page to page. */
static gboolean
ca_config_dialog_sidebar_key_pressed_cb (CaConfigDialog        *self,
                                         guint                  keyval,
                                         guint                  keycode,
                                         GdkModifierType        state,
                                         GtkEventControllerKey *controller)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);
  GdkModifierType modifiers = state & gtk_accelerator_get_default_mod_mask ();

  if (keyval == GDK_KEY_ISO_Left_Tab
      || ((keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab) && modifiers == GDK_SHIFT_MASK))
    return gtk_widget_child_focus (GTK_WIDGET (self->header_bar), GTK_DIR_TAB_BACKWARD);

  if ((keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab) && modifiers == 0)
    return (page != NULL && gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD))
           || gtk_widget_child_focus (GTK_WIDGET (self->header_bar), GTK_DIR_TAB_FORWARD);

  return FALSE;
}

/* The test page sends what is typed, saved or not. */
static void
ca_config_dialog_page_changed_cb (CaConfigDialog *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  g_autoptr(CaAction) action = NULL;

  if (g_strcmp0 (page, "test") != 0 || self->test_panel == NULL)
    return;

  action = ca_config_dialog_build (self);
  ca_test_panel_set_action (self->test_panel, action);
}

static void
ca_config_dialog_add_pages (CaConfigDialog *self)
{
  self->headers_list = CA_FIELD_LIST (ca_field_list_new (CA_FIELD_LIST_HEADERS));
  self->query_list = CA_FIELD_LIST (ca_field_list_new (CA_FIELD_LIST_QUERY));
  adw_preferences_page_add (self->headers_page, ADW_PREFERENCES_GROUP (self->headers_list));
  adw_preferences_page_add (self->headers_page, ADW_PREFERENCES_GROUP (self->query_list));

  self->payload_list = CA_FIELD_LIST (ca_field_list_new (CA_FIELD_LIST_PAYLOAD));
  adw_preferences_page_add (self->payload_page, ADW_PREFERENCES_GROUP (self->payload_list));

  g_signal_connect_object (self->headers_list, "changed",
                           G_CALLBACK (ca_config_dialog_fields_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->query_list, "changed",
                           G_CALLBACK (ca_config_dialog_fields_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->payload_list, "changed",
                           G_CALLBACK (ca_config_dialog_fields_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
ca_config_dialog_dispose (GObject *object)
{
  CaConfigDialog *self = CA_CONFIG_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), CA_TYPE_CONFIG_DIALOG);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->catalog);
  g_clear_object (&self->original);
  g_clear_object (&self->working);
  g_clear_pointer (&self->saved_name, g_free);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->response_rows, g_ptr_array_unref);
  g_clear_pointer (&self->error_response_rows, g_ptr_array_unref);
  g_clear_pointer (&self->payload_choices, g_hash_table_unref);

  G_OBJECT_CLASS (ca_config_dialog_parent_class)->dispose (object);
}

static void
ca_config_dialog_class_init (CaConfigDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ca_config_dialog_dispose;
  window_class->close_request = ca_config_dialog_close_request;

  gtk_widget_class_install_action (widget_class, "dialog.save", NULL, ca_config_dialog_save);
  gtk_widget_class_install_action (widget_class, "dialog.cancel", NULL, ca_config_dialog_cancel);
  gtk_widget_class_install_action (widget_class, "dialog.first-problem", NULL, ca_config_dialog_first_problem);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "dialog.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "dialog.cancel", NULL);

  g_type_ensure (CA_TYPE_JSON_EDITOR);
  g_type_ensure (CA_TYPE_AUTH_EDITOR);
  g_type_ensure (CA_TYPE_TEST_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/customactions/CustomActions/ca-config-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CaConfigDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CaConfigDialog, header_bar);
  gtk_widget_class_bind_template_child (widget_class, CaConfigDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, CaConfigDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CaConfigDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CaConfigDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, CaConfigDialog, name_problem);
  gtk_widget_class_bind_template_child (widget_class, CaConfigDialog, label_row);
  gtk_widget_class_bind_template_child (widget_class, CaConfigDialog, description_row);
  gtk_widget_class_bind_template_child (widget_class, CaConfigDialog, category_row);
  gtk_widget_class_bind_template_child (widget_class, CaConfigDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, CaConfigDialog, url_problem);
  gtk_widget_class_bind_template_child (widget_class, CaConfigDialog, method_row);
  gtk_widget_class_bind_template_child (widget_class, CaConfigDialog, dynamic_path_switch);
  gtk_widget_class_bind_template_child (widget_class, CaConfigDialog, timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, CaConfigDialog, retries_spin);
  gtk_widget_class_bind_template_child (widget_class, CaConfigDialog, headers_page);
  gtk_widget_class_bind_template_child (widget_class, CaConfigDialog, payload_page);
  gtk_widget_class_bind_template_child (widget_class, CaConfigDialog, sample_group);
  gtk_widget_class_bind_template_child (widget_class, CaConfigDialog, request_editor);
  gtk_widget_class_bind_template_child (widget_class, CaConfigDialog, request_problem);
  gtk_widget_class_bind_template_child (widget_class, CaConfigDialog, allow_null_switch);
  gtk_widget_class_bind_template_child (widget_class, CaConfigDialog, response_editor);
  gtk_widget_class_bind_template_child (widget_class, CaConfigDialog, response_fields);
  gtk_widget_class_bind_template_child (widget_class, CaConfigDialog, error_response_editor);
  gtk_widget_class_bind_template_child (widget_class, CaConfigDialog, error_response_fields);
  gtk_widget_class_bind_template_child (widget_class, CaConfigDialog, capping_switch);
  gtk_widget_class_bind_template_child (widget_class, CaConfigDialog, max_calls_spin);
  gtk_widget_class_bind_template_child (widget_class, CaConfigDialog, period_spin);
  gtk_widget_class_bind_template_child (widget_class, CaConfigDialog, capping_problem);
  gtk_widget_class_bind_template_child (widget_class, CaConfigDialog, throttling_switch);
  gtk_widget_class_bind_template_child (widget_class, CaConfigDialog, throughput_spin);
  gtk_widget_class_bind_template_child (widget_class, CaConfigDialog, problems_revealer);
  gtk_widget_class_bind_template_child (widget_class, CaConfigDialog, problems_label);
  gtk_widget_class_bind_template_child (widget_class, CaConfigDialog, auth_editor);
  gtk_widget_class_bind_template_child (widget_class, CaConfigDialog, test_panel);
  gtk_widget_class_bind_template_callback (widget_class, ca_config_dialog_fields_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_config_dialog_edited_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_config_dialog_sample_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_config_dialog_responses_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_config_dialog_page_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_config_dialog_sidebar_key_pressed_cb);
}

static void
ca_config_dialog_init (CaConfigDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ca_accessible_fix_names (GTK_WIDGET (self));

  self->problems = ca_problems_new ();
  self->cancellable = g_cancellable_new ();
  self->response_rows = g_ptr_array_new ();
  self->error_response_rows = g_ptr_array_new ();
  self->payload_choices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  /* The editors are named after their group, for screen readers. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (ca_json_editor_get_view (self->request_editor)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Sample Payload"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (ca_json_editor_get_view (self->response_editor)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Response"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (ca_json_editor_get_view (self->error_response_editor)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Error Response"), -1);
  /* The group of the payload's options has no title: its list is named
   * after the page. */
  ca_accessible_name_group_list (ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (GTK_WIDGET (self->request_problem),
                                                                                 ADW_TYPE_PREFERENCES_GROUP)),
                                 _("Request Payload"));

  ca_config_dialog_add_pages (self);
}

GtkWidget *
ca_config_dialog_new (GtkWindow *parent,
                      CaCatalog *catalog,
                      CaAction  *action)
{
  CaConfigDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CA_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (action == NULL || CA_IS_ACTION (action), NULL);

  self = g_object_new (CA_TYPE_CONFIG_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->catalog = g_object_ref (catalog);

  if (action != NULL)
    {
      self->original = g_object_ref (action);
      self->working = ca_action_copy (action);
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Action"));
      adw_window_title_set_title (self->window_title, _("Edit Action"));
      adw_window_title_set_subtitle (self->window_title, ca_action_get_display_label (action));
    }
  else
    {
      g_autofree char *name = ca_catalog_make_unique_name (catalog, "newAction");

      self->working = ca_action_new (name);
      ca_action_set_category (self->working, CA_CATEGORY_CUSTOM);
      gtk_window_set_title (GTK_WINDOW (self), _("New Action"));
      adw_window_title_set_title (self->window_title, _("New Action"));
    }

  ca_config_dialog_load (self);
  ca_config_dialog_validate (self);

  return GTK_WIDGET (self);
}

void
ca_config_dialog_show_page (CaConfigDialog *self,
                            const char     *name)
{
  g_return_if_fail (CA_IS_CONFIG_DIALOG (self));
  g_return_if_fail (name != NULL);

  gtk_stack_set_visible_child_name (self->stack, name);
}

gboolean
ca_config_dialog_get_dirty (CaConfigDialog *self)
{
  g_return_val_if_fail (CA_IS_CONFIG_DIALOG (self), FALSE);

  return self->dirty;
}
