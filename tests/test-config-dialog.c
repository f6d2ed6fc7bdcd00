/* test-config-dialog.c: the configuration dialog, driven through its real widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "ca-action-file.h"
#include "ca-catalog.h"
#include "ca-config-dialog.h"
#include "ca-field-list.h"
#include "ca-json-editor.h"
#include "ca-test-panel.h"
#include "ca-test-ui.h"

typedef CaTestCatalogFile Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  ca_test_catalog_file_set_up (fixture, data != NULL ? data : "{\"format\": 1, \"actions\": []}\n");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ca_test_catalog_file_tear_down (fixture);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);

  return text;
}

/* Widgets ---------------------------------------------------------------- */

static GtkWidget *
child (CaConfigDialog *dialog,
       const char     *name)
{
  GtkWidget *widget = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                 CA_TYPE_CONFIG_DIALOG,
                                                                 name));

  g_assert_nonnull (widget);
  return widget;
}

static CaConfigDialog *
open_dialog (CaCatalog *catalog,
             CaAction  *action)
{
  CaConfigDialog *dialog = CA_CONFIG_DIALOG (ca_config_dialog_new (NULL, catalog, action));

  gtk_window_present (GTK_WINDOW (dialog));
  ca_test_wait_mapped (GTK_WIDGET (dialog));

  return dialog;
}

static void
type_into (CaConfigDialog *dialog,
           const char     *row,
           const char     *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, row)), text);
}

static gboolean
can_save (CaConfigDialog *dialog)
{
  return gtk_widget_get_sensitive (child (dialog, "save_button"));
}

/* The text of the problem row @name, "" when it is hidden. */
static const char *
problem_of (CaConfigDialog *dialog,
            const char     *name)
{
  GtkWidget *row = child (dialog, name);

  if (!gtk_widget_get_visible (row))
    return "";

  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

static CaFieldList *
payload_list (CaConfigDialog *dialog)
{
  GtkWidget *list = ca_test_find_widget (child (dialog, "payload_page"), CA_TYPE_FIELD_LIST);

  g_assert_nonnull (list);
  return CA_FIELD_LIST (list);
}

static CaFieldList *
headers_list (CaConfigDialog *dialog)
{
  GtkWidget *list = ca_test_find_widget (child (dialog, "headers_page"), CA_TYPE_FIELD_LIST);

  g_assert_nonnull (list);
  return CA_FIELD_LIST (list);
}

static void
set_sample (CaConfigDialog *dialog,
            const char     *text)
{
  CaJsonEditor *editor = CA_JSON_EDITOR (child (dialog, "request_editor"));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (ca_json_editor_get_view (editor)));

  /* As typing does: through the buffer, so "changed" is the user's; the
   * editor tells it once the main loop has turned. */
  gtk_text_buffer_set_text (buffer, text, -1);
  ca_test_iterate_idle ();
}

/* Makes the payload value at @path a variable labelled @label. */
static void
make_variable (CaConfigDialog *dialog,
               guint           index,
               const char     *label)
{
  g_autofree char *kind_path = g_strdup_printf ("request.fields[%u].kind", index);
  g_autofree char *label_path = g_strdup_printf ("request.fields[%u].label", index);
  GtkWidget *kind = ca_field_list_find_row (payload_list (dialog), kind_path);
  GtkWidget *label_row;

  g_assert_true (ADW_IS_COMBO_ROW (kind));
  adw_combo_row_set_selected (ADW_COMBO_ROW (kind), CA_FIELD_KIND_VARIABLE);
  label_row = ca_field_list_find_row (payload_list (dialog), label_path);
  g_assert_true (ADW_IS_ENTRY_ROW (label_row));
  gtk_editable_set_text (GTK_EDITABLE (label_row), label);
}

/* Activates @action_name of *@dialog and waits until the dialog is gone
 * (*@dialog is NULL then). */
static void
close_with (CaConfigDialog **dialog,
            const char      *action_name)
{
  g_object_add_weak_pointer (G_OBJECT (*dialog), (gpointer *) dialog);
  gtk_widget_activate_action (GTK_WIDGET (*dialog), action_name, NULL);
  ca_test_iterate_until (ca_test_is_null, dialog);
}

/* A test server ---------------------------------------------------------- */

/* Answers every request with {"received": <the body>}, after @delay_ms
 * when the query says delay=MS. */
static void
echo_handler (SoupServer        *server,
              SoupServerMessage *message,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autofree char *answer = g_strdup_printf ("{\"received\": %.*s}",
                                             (int) g_bytes_get_size (bytes),
                                             (const char *) g_bytes_get_data (bytes, NULL));

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY,
                                    answer, strlen (answer));
}

static SoupServer *
start_server (char **url)
{
  SoupServer *server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  soup_server_add_handler (server, NULL, echo_handler, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (server);
  *url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return server;
}

/* Tests ------------------------------------------------------------------ */

static gboolean
has_result (gpointer panel)
{
  return ca_test_panel_get_result (panel) != NULL;
}

/* A technical user makes an action from nothing, tries it, saves it. */
static void
test_config_dialog_create (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *server_url = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autofree char *url = NULL;
  g_autofree char *saved = NULL;
  CaConfigDialog *dialog;
  CaTestPanel *panel;
  const CaResult *result;
  g_autofree char *body = NULL;
  GtkWidget *input;

  CA_TEST_REQUIRE_DISPLAY ();

  server = start_server (&server_url);
  url = g_strconcat (server_url, "notify", NULL);

  dialog = open_dialog (fixture->catalog, NULL);
  /* A new action is not ready to save: it has no URL. */
  g_assert_false (can_save (dialog));

  type_into (dialog, "name_row", "notifyCustomer");
  type_into (dialog, "label_row", "Notify customer");
  type_into (dialog, "url_row", url);
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (dialog, "method_row")), 0 /* POST */);
  set_sample (dialog, "{\"to\": \"someone@example.com\", \"text\": \"Hello\"}");
  make_variable (dialog, 0, "Recipient");
  ca_test_iterate_idle ();
  g_assert_cmpstr (problem_of (dialog, "name_problem"), ==, "");
  g_assert_true (can_save (dialog));

  /* The test page sends what is typed, before any save. */
  ca_config_dialog_show_page (dialog, "test");
  panel = CA_TEST_PANEL (child (dialog, "test_panel"));
  input = ca_test_find_named (GTK_WIDGET (panel), "Recipient");
  g_assert_nonnull (input);
  gtk_editable_set_text (GTK_EDITABLE (input), "ada@example.com");
  ca_test_panel_send (panel);
  ca_test_iterate_until (has_result, panel);
  result = ca_test_panel_get_result (panel);
  g_assert_cmpstr (result->outcome, ==, "http_200");
  body = g_strndup (g_bytes_get_data (result->body, NULL), g_bytes_get_size (result->body));
  g_assert_nonnull (strstr (body, "ada@example.com"));
  ca_test_wait_for_label (GTK_WIDGET (panel), "http_200");

  close_with (&dialog, "dialog.save");

  g_assert_nonnull (ca_catalog_lookup (fixture->catalog, "notifyCustomer"));
  saved = read_file (fixture->path);
  g_assert_nonnull (strstr (saved, "\"name\": \"notifyCustomer\""));
  g_assert_nonnull (strstr (saved, url));
  g_assert_nonnull (strstr (saved, "\"label\": \"Recipient\""));
  g_assert_nonnull (strstr (saved, "\"kind\": \"variable\""));
  /* The constant keeps its sample value and needs no field of its own. */
  g_assert_null (strstr (saved, "\"path\": \"text\""));
}

typedef struct {
  const char *row;        /* template child to type into */
  const char *text;
  const char *problem;    /* problem row */
  const char *message;    /* part of its text */
} Rule;

/* Each rule of the format shows on its row, in words, and stops Save. */
static void
test_config_dialog_rules (Fixture       *fixture,
                          gconstpointer  data)
{
  static const Rule rules[] = {
    { "name_row", "", "name_problem", "empty" },
    { "name_row", "bad name!", "name_problem", "not allowed" },
    { "name_row", "aVeryLongActionNameThatGoesOnAndOn", "name_problem", "shorten it" },
    { "name_row", "existing", "name_problem", "another action" },
    { "url_row", "", "url_problem", "" },
    { "url_row", "ftp://example.com/", "url_problem", "ftp" },
    { "url_row", "not a url", "url_problem", "" },
  };
  g_autoptr(CaAction) existing = ca_action_new ("existing");
  g_autoptr(GError) error = NULL;
  CaConfigDialog *dialog;
  GtkWidget *type_row;

  CA_TEST_REQUIRE_DISPLAY ();

  ca_action_set_url (existing, "https://example.com/");
  ca_catalog_add (fixture->catalog, existing, &error);
  g_assert_no_error (error);

  dialog = open_dialog (fixture->catalog, NULL);
  type_into (dialog, "name_row", "fine");
  type_into (dialog, "url_row", "https://example.com/send");
  g_assert_true (can_save (dialog));

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      const char *good = g_str_equal (rules[i].row, "name_row") ? "fine" : "https://example.com/send";

      g_test_message ("%s = \"%s\"", rules[i].row, rules[i].text);
      type_into (dialog, rules[i].row, rules[i].text);
      g_assert_nonnull (strstr (problem_of (dialog, rules[i].problem), rules[i].message));
      g_assert_cmpstr (problem_of (dialog, rules[i].problem), !=, "");
      g_assert_true (gtk_widget_has_css_class (child (dialog, rules[i].row), "error"));
      g_assert_false (can_save (dialog));
      g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (child (dialog, "problems_revealer"))));

      type_into (dialog, rules[i].row, good);
      g_assert_cmpstr (problem_of (dialog, rules[i].problem), ==, "");
      g_assert_false (gtk_widget_has_css_class (child (dialog, rules[i].row), "error"));
      g_assert_true (can_save (dialog));
    }

  /* Plain http is allowed, with a warning that does not stop Save. */
  type_into (dialog, "url_row", "http://example.com/send");
  g_assert_cmpstr (problem_of (dialog, "url_problem"), !=, "");
  g_assert_true (can_save (dialog));
  type_into (dialog, "url_row", "https://example.com/send");

  /* A sample that is not JSON says where. */
  set_sample (dialog, "{\"to\": \"x\",\n  \"text\" \"y\"}");
  g_assert_nonnull (ca_json_editor_get_error (CA_JSON_EDITOR (child (dialog, "request_editor"))));
  g_assert_nonnull (strstr (ca_json_editor_get_error (CA_JSON_EDITOR (child (dialog, "request_editor"))),
                            "Line 2"));
  g_assert_false (can_save (dialog));
  set_sample (dialog, "{\"to\": \"x\", \"text\": \"y\"}");
  g_assert_true (can_save (dialog));

  /* A payload is for POST and PUT. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (dialog, "method_row")), 1 /* GET */);
  g_assert_nonnull (strstr (problem_of (dialog, "request_problem"), "GET"));
  g_assert_false (can_save (dialog));
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (dialog, "method_row")), 0 /* POST */);
  g_assert_true (can_save (dialog));

  /* A value of the sample must fit the type given to it. */
  type_row = ca_field_list_find_row (payload_list (dialog), "request.fields[0].type");
  g_assert_true (ADW_IS_COMBO_ROW (type_row));
  adw_combo_row_set_selected (ADW_COMBO_ROW (type_row), CA_FIELD_TYPE_INTEGER);
  g_assert_false (can_save (dialog));
  adw_combo_row_set_selected (ADW_COMBO_ROW (type_row), CA_FIELD_TYPE_STRING);
  g_assert_true (can_save (dialog));

  /* "Show First Problem" takes the user to the page of the problem. */
  type_into (dialog, "url_row", "");
  ca_config_dialog_show_page (dialog, "limits");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.first-problem", NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (dialog, "stack"))), ==, "endpoint");

  gtk_window_destroy (GTK_WINDOW (dialog));
  ca_test_iterate_idle ();
}

/* A header row: its name is checked by the core and shown on the row. */
static void
test_config_dialog_header_rule (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(CaAction) action = ca_action_new ("withHeader");
  g_autoptr(GError) error = NULL;
  CaConfigDialog *dialog;
  GtkWidget *name;

  CA_TEST_REQUIRE_DISPLAY ();

  ca_action_set_url (action, "https://example.com/");
  g_ptr_array_add (ca_action_get_headers (action),
                   ca_field_new_full ("X-Tenant", CA_FIELD_KIND_CONSTANT, CA_FIELD_TYPE_STRING,
                                      NULL, FALSE, json_node_init_string (json_node_alloc (), "acme")));
  ca_catalog_add (fixture->catalog, action, &error);
  g_assert_no_error (error);

  dialog = open_dialog (fixture->catalog, action);
  g_assert_true (can_save (dialog));

  name = ca_field_list_find_row (headers_list (dialog), "headers[0].name");
  g_assert_true (ADW_IS_ENTRY_ROW (name));
  gtk_editable_set_text (GTK_EDITABLE (name), "X Tenant");
  g_assert_false (can_save (dialog));
  g_assert_true (gtk_widget_has_css_class (name, "error"));
  gtk_editable_set_text (GTK_EDITABLE (name), "X-Tenant");
  g_assert_true (can_save (dialog));
  g_assert_false (gtk_widget_has_css_class (name, "error"));

  gtk_window_destroy (GTK_WINDOW (dialog));
  ca_test_iterate_idle ();
}

/* The position of the payload row for @path, from 1; 0 when there is none. */
static guint
table_position (CaConfigDialog *dialog,
                const char     *path)
{
  for (guint i = 0;; i++)
    {
      g_autofree char *kind_path = g_strdup_printf ("request.fields[%u].kind", i);
      GtkWidget *row = ca_field_list_find_row (payload_list (dialog), kind_path);
      GtkWidget *expander;

      if (row == NULL)
        return 0;

      expander = gtk_widget_get_ancestor (row, ADW_TYPE_EXPANDER_ROW);
      if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (expander)), path) == 0)
        return i + 1;
    }
}

/* Changing the sample keeps what was chosen for the paths that remain. */
static void
test_config_dialog_sample_keeps_choices (Fixture       *fixture,
                                         gconstpointer  data)
{
  CaConfigDialog *dialog;
  GtkWidget *kind, *label;
  guint to, text, subject;

  CA_TEST_REQUIRE_DISPLAY ();

  dialog = open_dialog (fixture->catalog, NULL);
  type_into (dialog, "url_row", "https://example.com/send");
  set_sample (dialog, "{\"to\": \"x\", \"text\": \"y\"}");
  make_variable (dialog, 0, "Recipient");

  /* "text" goes, "subject" comes, "to" stays (now second). */
  set_sample (dialog, "{\"subject\": \"s\", \"to\": \"x\"}");
  subject = table_position (dialog, "subject");
  to = table_position (dialog, "to");
  text = table_position (dialog, "text");
  g_assert_cmpuint (subject, ==, 1);
  g_assert_cmpuint (to, ==, 2);
  g_assert_cmpuint (text, ==, 0);
  g_assert_cmpuint (ca_field_get_kind (g_ptr_array_index (ca_field_list_get_fields (payload_list (dialog)), 1)),
                    ==, CA_FIELD_KIND_VARIABLE);

  kind = ca_field_list_find_row (payload_list (dialog), "request.fields[1].kind");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (kind)), ==, CA_FIELD_KIND_VARIABLE);
  label = ca_field_list_find_row (payload_list (dialog), "request.fields[1].label");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (label)), ==, "Recipient");
  kind = ca_field_list_find_row (payload_list (dialog), "request.fields[0].kind");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (kind)), ==, CA_FIELD_KIND_CONSTANT);

  /* A constant nobody touched follows the sample's new value. */
  set_sample (dialog, "{\"subject\": \"new\", \"to\": \"x\"}");
  {
    CaField *subject_field = g_ptr_array_index (ca_field_list_get_fields (payload_list (dialog)), 0);
    JsonNode *value = ca_field_get_value (subject_field);

    g_assert_cmpstr (ca_field_get_name (subject_field), ==, "subject");
    g_assert_true (value == NULL || g_strcmp0 (json_node_get_string (value), "new") == 0);
  }

  /* Half-typed text changes nothing in the table. */
  set_sample (dialog, "{\"subject\": \"s\", \"to\": ");
  kind = ca_field_list_find_row (payload_list (dialog), "request.fields[1].kind");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (kind)), ==, CA_FIELD_KIND_VARIABLE);

  gtk_window_destroy (GTK_WINDOW (dialog));
  ca_test_iterate_idle ();
}

static gboolean
has_message_dialog (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        {
          *(gpointer *) data = window;
          return TRUE;
        }
    }

  return FALSE;
}

/* Escape asks before throwing edits away; the catalog stays as it was. */
static void
test_config_dialog_cancel_asks (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *before = read_file (fixture->path);
  g_autofree char *after = NULL;
  AdwMessageDialog *question = NULL;
  CaConfigDialog *dialog;

  CA_TEST_REQUIRE_DISPLAY ();

  /* Nothing changed: closes at once. */
  dialog = open_dialog (fixture->catalog, NULL);
  close_with (&dialog, "dialog.cancel");

  dialog = open_dialog (fixture->catalog, NULL);
  type_into (dialog, "name_row", "somethingNew");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.cancel", NULL);
  ca_test_iterate_until (has_message_dialog, &question);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));

  adw_message_dialog_response (question, "keep");
  ca_test_iterate_idle ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));

  question = NULL;
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.cancel", NULL);
  ca_test_iterate_until (has_message_dialog, &question);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  adw_message_dialog_response (question, "discard");
  ca_test_iterate_until (ca_test_is_null, &dialog);

  after = read_file (fixture->path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->catalog)), ==, 0);
}

/* Compared as text, which says what differs when they do. */
static void
assert_same_action (CaAction *expected,
                    CaAction *actual)
{
  g_autoptr(GBytes) expected_bytes = ca_action_file_write_one (expected, NULL);
  g_autoptr(GBytes) actual_bytes = ca_action_file_write_one (actual, NULL);

  g_assert_nonnull (expected_bytes);
  g_assert_nonnull (actual_bytes);
  g_assert_cmpstr (g_bytes_get_data (expected_bytes, NULL), ==, g_bytes_get_data (actual_bytes, NULL));
  g_assert_true (ca_action_equal (expected, actual));
}

/* Opening every sample action and saving it unchanged loses nothing. */
static void
test_config_dialog_round_trip (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GBytes) sample = ca_catalog_get_sample_bytes ();
  g_autoptr(GError) error = NULL;
  guint n;

  CA_TEST_REQUIRE_DISPLAY ();

  ca_catalog_import (fixture->catalog, sample, NULL, &error);
  g_assert_no_error (error);
  n = g_list_model_get_n_items (G_LIST_MODEL (fixture->catalog));
  g_assert_cmpuint (n, >, 0);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CaAction) before = g_list_model_get_item (G_LIST_MODEL (fixture->catalog), i);
      CaAction *after;
      CaConfigDialog *dialog;

      g_test_message ("%s", ca_action_get_name (before));
      dialog = open_dialog (fixture->catalog, before);
      g_assert_true (can_save (dialog));
      close_with (&dialog, "dialog.save");

      after = ca_catalog_lookup (fixture->catalog, ca_action_get_name (before));
      g_assert_nonnull (after);
      g_assert_true (after != before);
      /* Only the date of the change differs. */
      ca_action_set_modified (before, ca_action_get_modified (after));
      assert_same_action (before, after);
    }
}

/* The keyboard through the sidebar: Tab goes from the page picked into
 * that page (a list box, the sidebar took Tab from row to row, showing
 * every page in turn), Shift+Tab back to the header bar. */
static void
test_config_dialog_sidebar_keys (Fixture       *fixture,
                                 gconstpointer  data)
{
  CaConfigDialog *dialog;
  GtkWidget *sidebar;
  GtkWidget *row;
  GtkStack *stack;
  GtkRoot *root;

  CA_TEST_REQUIRE_DISPLAY ();

  dialog = open_dialog (fixture->catalog, NULL);
  root = GTK_ROOT (dialog);
  stack = GTK_STACK (child (dialog, "stack"));
  ca_config_dialog_show_page (dialog, "endpoint");
  sidebar = ca_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_STACK_SIDEBAR);
  row = GTK_WIDGET (gtk_list_box_get_selected_row (GTK_LIST_BOX (ca_test_find_widget (sidebar, GTK_TYPE_LIST_BOX))));
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_grab_focus (row));

  g_assert_true (ca_test_press_key (row, GDK_KEY_Tab, 0));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "endpoint");
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (root), child (dialog, "url_row")));

  g_assert_true (gtk_widget_grab_focus (row));
  g_assert_true (ca_test_press_key (row, GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "endpoint");
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (root), child (dialog, "header_bar")));

  /* The arrows still go from page to page. */
  g_assert_true (gtk_widget_grab_focus (row));
  g_assert_true (ca_test_press_key (row, GDK_KEY_Down, 0));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "headers");

  gtk_window_destroy (GTK_WINDOW (dialog));
  ca_test_iterate_idle ();
}

int
main (int   argc,
      char *argv[])
{
  ca_test_ui_init (&argc, &argv);

  g_test_add ("/ca/config-dialog/create", Fixture, NULL,
              fixture_set_up, test_config_dialog_create, fixture_tear_down);
  g_test_add ("/ca/config-dialog/rules", Fixture, NULL,
              fixture_set_up, test_config_dialog_rules, fixture_tear_down);
  g_test_add ("/ca/config-dialog/header-rule", Fixture, NULL,
              fixture_set_up, test_config_dialog_header_rule, fixture_tear_down);
  g_test_add ("/ca/config-dialog/sample-keeps-choices", Fixture, NULL,
              fixture_set_up, test_config_dialog_sample_keeps_choices, fixture_tear_down);
  g_test_add ("/ca/config-dialog/cancel-asks", Fixture, NULL,
              fixture_set_up, test_config_dialog_cancel_asks, fixture_tear_down);
  g_test_add ("/ca/config-dialog/round-trip", Fixture, NULL,
              fixture_set_up, test_config_dialog_round_trip, fixture_tear_down);
  g_test_add ("/ca/config-dialog/sidebar-keys", Fixture, NULL,
              fixture_set_up, test_config_dialog_sidebar_keys, fixture_tear_down);

  return g_test_run ();
}
