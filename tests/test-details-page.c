/* test-details-page.c: the selected action as a marketer reads it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "ca-application.h"
#include "ca-catalog.h"
#include "ca-details-page.h"
#include "ca-enums.h"
#include "ca-palette.h"
#include "ca-payload.h"
#include "ca-test-ui.h"
#include "ca-window.h"

/* Helpers ---------------------------------------------------------------- */

static CaCatalog *
sample_catalog (void)
{
  g_autoptr(CaCatalog) catalog = ca_catalog_new (NULL);
  g_autoptr(GBytes) bytes = ca_catalog_get_sample_bytes ();
  g_autoptr(GError) error = NULL;

  ca_catalog_import (catalog, bytes, NULL, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&catalog);
}

/* A page in a window of its own, shown. */
static CaDetailsPage *
open_page (GtkWindow **window)
{
  GtkWidget *page = ca_details_page_new ();

  *window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (*window, 600, 2000);
  adw_window_set_content (ADW_WINDOW (*window), page);
  gtk_window_present (*window);
  ca_test_wait_mapped (page);

  return CA_DETAILS_PAGE (page);
}

static AdwPreferencesGroup *
find_group (GtkWidget  *root,
            const char *title)
{
  if (ADW_IS_PREFERENCES_GROUP (root) &&
      g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (root)), title) == 0)
    return ADW_PREFERENCES_GROUP (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwPreferencesGroup *found = find_group (child, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
collect_rows (GtkWidget *root,
              GPtrArray *rows)
{
  if (ADW_IS_ACTION_ROW (root))
    {
      if (gtk_widget_get_visible (root))
        g_ptr_array_add (rows, root);
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

/* The visible rows of the group called @title, in order. */
static GPtrArray *
rows_of (CaDetailsPage *page,
         const char    *title)
{
  AdwPreferencesGroup *group = find_group (GTK_WIDGET (page), title);
  GPtrArray *rows = g_ptr_array_new ();

  g_assert_nonnull (group);
  collect_rows (GTK_WIDGET (group), rows);

  return rows;
}

static const char *
row_title (gpointer row)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

static const char *
row_subtitle (gpointer row)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static AdwActionRow *
row_titled (CaDetailsPage *page,
            const char    *group,
            const char    *title)
{
  g_autoptr(GPtrArray) rows = rows_of (page, group);

  for (guint i = 0; i < rows->len; i++)
    {
      if (g_strcmp0 (row_title (g_ptr_array_index (rows, i)), title) == 0)
        return g_ptr_array_index (rows, i);
    }

  return NULL;
}

/* What a row says about its value: "Required" or "Optional". */
static gboolean
row_says (GtkWidget  *row,
          const char *text)
{
  g_autofree char *labels = ca_test_labels_of (row);
  g_autofree char *line = g_strconcat (text, "\n", NULL);

  return strstr (labels, line) != NULL;
}

static GtkWidget *
focus_of (GtkWidget *widget)
{
  return gtk_root_get_focus (gtk_widget_get_root (widget));
}

static CaResult *
make_result (const char *outcome,
             guint       status,
             gint64      elapsed_ms,
             const char *body)
{
  CaResult *result = ca_result_new ();

  result->outcome = g_strdup (outcome);
  result->status = status;
  result->attempts = 1;
  result->elapsed_ms = elapsed_ms;
  result->body = g_bytes_new (body, strlen (body));

  return result;
}

/* Cases ------------------------------------------------------------------ */

/* Where a variable goes, as the page says it. */
static const char *
expected_place (const char *key)
{
  if (g_str_has_prefix (key, "header."))
    return "Header";
  if (g_str_has_prefix (key, "query."))
    return "Query parameter";
  if (g_str_equal (key, "path"))
    return "Path";
  return "Payload field";
}

static void
check_variables (CaDetailsPage *page,
                 CaAction      *action,
                 GHashTable    *places_seen)
{
  g_autoptr(GPtrArray) variables = ca_action_list_variables (action);
  g_autoptr(GPtrArray) rows = NULL;

  ca_details_page_set_action (page, action);
  g_assert_true (ca_details_page_get_action (page) == action);
  rows = rows_of (page, "Values It Needs");

  /* One row per variable, in order, with its label, type, place and
   * whether it is needed. */
  g_assert_cmpuint (variables->len, >, 0);
  g_assert_cmpuint (rows->len, ==, variables->len);
  for (guint i = 0; i < variables->len; i++)
    {
      CaVariable *variable = g_ptr_array_index (variables, i);
      GtkWidget *row = g_ptr_array_index (rows, i);
      const char *type = ca_enum_to_nick (CA_TYPE_FIELD_TYPE, ca_field_get_field_type (variable->field));
      const char *place = expected_place (variable->key);
      const char *dot = strchr (variable->key, '.');

      g_test_message ("%s: %s | %s", variable->key, row_title (row), row_subtitle (row));
      g_assert_cmpstr (row_title (row), ==, ca_field_get_display_label (variable->field));
      g_assert_nonnull (strstr (row_subtitle (row), type));
      g_assert_true (g_str_has_prefix (row_subtitle (row), place));
      if (dot != NULL)
        g_assert_nonnull (strstr (row_subtitle (row), dot + 1));
      g_assert_true (row_says (row, ca_field_get_optional (variable->field) ? "Optional" : "Required"));
      g_hash_table_add (places_seen, (gpointer) place);
    }
}

static void
test_details_variables (void)
{
  g_autoptr(CaCatalog) catalog = NULL;
  g_autoptr(GHashTable) places_seen = g_hash_table_new (g_str_hash, g_str_equal);
  static const char * const names[] = { "createTicket", "lookupLoyalty", "sendPush" };
  CaDetailsPage *page;
  GtkWindow *window;

  CA_TEST_REQUIRE_DISPLAY ();

  catalog = sample_catalog ();
  page = open_page (&window);

  /* Between them: headers, query parameters, the path and payload
   * fields, required and optional, of several types. */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      CaAction *action = ca_catalog_lookup (catalog, names[i]);

      g_assert_nonnull (action);
      check_variables (page, action, places_seen);
    }
  g_assert_cmpuint (g_hash_table_size (places_seen), ==, 4);

  /* The header of the page. */
  {
    CaAction *action = ca_catalog_lookup (catalog, "lookupLoyalty");
    g_autofree char *labels = NULL;

    ca_details_page_set_action (page, action);
    ca_test_iterate_idle ();
    labels = ca_test_labels_of (GTK_WIDGET (page));
    g_assert_nonnull (strstr (labels, ca_action_get_display_label (action)));
    g_assert_nonnull (strstr (labels, ca_action_get_description (action)));
    g_assert_nonnull (strstr (labels, "Custom actions\n"));
    g_assert_cmpstr (row_subtitle (row_titled (page, "Endpoint", "Host")), ==, "127.0.0.1:8765");
    g_assert_cmpstr (row_subtitle (row_titled (page, "Endpoint", "Method")), ==, "GET");
    g_assert_nonnull (ca_test_find_named (GTK_WIDGET (page), "Send Test Request"));
    g_assert_nonnull (ca_test_find_named (GTK_WIDGET (page), "Edit"));
  }

  gtk_window_destroy (window);
}

static void
test_details_no_variables (void)
{
  g_autoptr(CaAction) action = ca_action_new ("plain");
  g_autoptr(GPtrArray) rows = NULL;
  CaDetailsPage *page;
  GtkWindow *window;

  CA_TEST_REQUIRE_DISPLAY ();

  ca_action_set_url (action, "https://api.example.com:8443/v1/ping?x=1");
  page = open_page (&window);
  ca_details_page_set_action (page, action);

  rows = rows_of (page, "Values It Needs");
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (row_title (g_ptr_array_index (rows, 0)), ==, "No Values Needed");
  g_clear_pointer (&rows, g_ptr_array_unref);

  rows = rows_of (page, "What the Answer Contains");
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (row_title (g_ptr_array_index (rows, 0)), ==, "No Sample Answer");

  g_assert_cmpstr (row_subtitle (row_titled (page, "Endpoint", "Host")), ==, "api.example.com:8443");

  /* Nothing shown: nothing kept. */
  ca_details_page_set_action (page, NULL);
  g_assert_null (ca_details_page_get_action (page));

  gtk_window_destroy (window);
}

static void
test_details_response (void)
{
  g_autoptr(CaCatalog) catalog = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) table = NULL;
  CaDetailsPage *page;
  GtkWindow *window;
  CaAction *action;

  CA_TEST_REQUIRE_DISPLAY ();

  catalog = sample_catalog ();
  action = ca_catalog_lookup (catalog, "sendEmail");
  g_assert_nonnull (ca_action_get_response_sample (action));
  table = ca_payload_table_from_sample (ca_action_get_response_sample (action), NULL);
  g_assert_cmpuint (table->len, >, 0);

  page = open_page (&window);
  ca_details_page_set_action (page, action);

  /* Each value of the answer, by path, with its type. */
  rows = rows_of (page, "What the Answer Contains");
  g_assert_cmpuint (rows->len, ==, table->len);
  for (guint i = 0; i < table->len; i++)
    {
      CaField *field = g_ptr_array_index (table, i);
      gpointer row = g_ptr_array_index (rows, i);

      g_assert_cmpstr (row_title (row), ==, ca_field_get_name (field));
      g_assert_true (g_str_has_prefix (row_subtitle (row),
                                       ca_enum_to_nick (CA_TYPE_FIELD_TYPE, ca_field_get_field_type (field))));
    }

  gtk_window_destroy (window);
}

static void
test_details_result_given (void)
{
  g_autoptr(CaCatalog) catalog = NULL;
  g_autoptr(CaResult) result = NULL;
  g_autoptr(GDateTime) when = g_date_time_new_utc (2024, 5, 1, 9, 30, 0);
  CaDetailsPage *page;
  GtkWindow *window;
  AdwActionRow *row;

  CA_TEST_REQUIRE_DISPLAY ();

  catalog = sample_catalog ();
  page = open_page (&window);
  ca_details_page_set_action (page, ca_catalog_lookup (catalog, "sendSms"));

  /* Before any. */
  g_assert_nonnull (row_titled (page, "Last Test Result", "Not Sent Yet"));
  g_assert_null (row_titled (page, "Last Test Result", "Status"));

  result = make_result ("http_200", 200, 120, "{\"id\": \"42\", \"status\": \"queued\"}");
  ca_details_page_set_result (page, result, when);
  row = row_titled (page, "Last Test Result", "Succeeded");
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "http_200"));
  g_assert_cmpstr (row_subtitle (row_titled (page, "Last Test Result", "Status")), ==, "200 OK");
  g_assert_cmpstr (row_subtitle (row_titled (page, "Last Test Result", "Time")), ==, "120 ms");
  {
    g_autofree char *size = g_format_size (g_bytes_get_size (result->body));

    g_assert_cmpstr (row_subtitle (row_titled (page, "Last Test Result", "Size")), ==, size);
  }
  g_assert_nonnull (row_titled (page, "Last Test Result", "Sent At"));

  /* A failure says what went wrong. */
  g_clear_pointer (&result, ca_result_free);
  result = make_result ("timedout", 0, 30000, "");
  result->message = g_strdup ("No answer within 30 seconds");
  ca_details_page_set_result (page, result, NULL);
  row = row_titled (page, "Last Test Result", "Failed");
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "No answer within 30 seconds"));
  g_assert_cmpstr (row_subtitle (row_titled (page, "Last Test Result", "Time")), ==, "30.00 s");
  g_assert_null (row_titled (page, "Last Test Result", "Sent At"));

  gtk_window_destroy (window);
}

static void
test_details_result_of_application (void)
{
  g_autoptr(CaApplication) app = NULL;
  g_autoptr(CaCatalog) catalog = NULL;
  g_autoptr(CaResult) result = NULL;
  CaDetailsPage *page;
  GtkWindow *window;
  CaAction *sms;
  CaAction *email;

  CA_TEST_REQUIRE_DISPLAY ();

  app = ca_application_new ();
  g_application_set_default (G_APPLICATION (app));
  catalog = sample_catalog ();
  sms = ca_catalog_lookup (catalog, "sendSms");
  email = ca_catalog_lookup (catalog, "sendEmail");

  page = open_page (&window);
  ca_details_page_set_action (page, sms);
  g_assert_nonnull (row_titled (page, "Last Test Result", "Not Sent Yet"));

  /* Another action's result is not this one's. */
  result = make_result ("http_500", 500, 80, "{}");
  ca_application_set_last_result (app, ca_action_get_name (email), result);
  g_assert_nonnull (row_titled (page, "Last Test Result", "Not Sent Yet"));

  /* This one's shows at once, with when it came. */
  g_clear_pointer (&result, ca_result_free);
  result = make_result ("http_200", 200, 95, "{\"id\": \"1\"}");
  ca_application_set_last_result (app, ca_action_get_name (sms), result);
  g_assert_nonnull (row_titled (page, "Last Test Result", "Succeeded"));
  g_assert_cmpstr (row_subtitle (row_titled (page, "Last Test Result", "Time")), ==, "95 ms");
  g_assert_nonnull (row_titled (page, "Last Test Result", "Sent At"));

  /* And the other's when it is shown. */
  ca_details_page_set_action (page, email);
  g_assert_nonnull (row_titled (page, "Last Test Result", "Failed"));
  g_assert_cmpstr (row_subtitle (row_titled (page, "Last Test Result", "Status")), ==,
                   "500 Internal Server Error");

  gtk_window_destroy (window);
  ca_test_iterate_idle ();
  g_application_set_default (NULL);
}

/* The keyboard moves through the palette, and the details follow. */
static void
test_details_follow_keyboard (void)
{
  g_autoptr(CaCatalog) catalog = NULL;
  CaDetailsPage *page;
  CaPalette *palette;
  CaWindow *window;
  CaAction *previous;

  CA_TEST_REQUIRE_DISPLAY ();

  catalog = sample_catalog ();
  window = ca_window_new (NULL, catalog);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  ca_test_wait_mapped (GTK_WIDGET (window));
  palette = CA_PALETTE (ca_test_find_widget (GTK_WIDGET (window), CA_TYPE_PALETTE));
  page = CA_DETAILS_PAGE (ca_test_find_widget (GTK_WIDGET (window), CA_TYPE_DETAILS_PAGE));
  g_assert_null (ca_details_page_get_action (page));

  /* Ctrl+F, then Down: into the list, on the first action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.focus-search", NULL));
  ca_test_iterate_idle ();
  g_assert_true (ca_test_press_key (focus_of (GTK_WIDGET (window)), GDK_KEY_Down, 0));
  ca_test_iterate_idle ();
  previous = ca_palette_get_selected_action (palette);
  g_assert_nonnull (previous);
  g_assert_true (ca_details_page_get_action (page) == previous);
  ca_test_wait_for_label (GTK_WIDGET (page), ca_action_get_display_label (previous));

  /* Down again, and again: each action in turn. */
  for (guint i = 0; i < 2; i++)
    {
      CaAction *selected;

      g_assert_true (ca_test_press_key (focus_of (GTK_WIDGET (window)), GDK_KEY_Down, 0));
      ca_test_iterate_idle ();
      selected = ca_palette_get_selected_action (palette);
      g_assert_nonnull (selected);
      g_assert_true (selected != previous);
      g_assert_true (ca_details_page_get_action (page) == selected);
      ca_test_wait_for_label (GTK_WIDGET (page), ca_action_get_display_label (selected));
      previous = selected;
    }

  /* And back up. */
  g_assert_true (ca_test_press_key (focus_of (GTK_WIDGET (window)), GDK_KEY_Up, 0));
  ca_test_iterate_idle ();
  g_assert_true (ca_palette_get_selected_action (palette) != previous);
  g_assert_true (ca_details_page_get_action (page) == ca_palette_get_selected_action (palette));

  /* Enter opens it: the keyboard goes to its details. */
  g_assert_true (ca_test_press_key (focus_of (GTK_WIDGET (window)), GDK_KEY_Return, 0));
  ca_test_iterate_idle ();
  g_assert_true (gtk_widget_is_ancestor (focus_of (GTK_WIDGET (window)), GTK_WIDGET (page)));
  g_assert_true (ca_test_find_named (GTK_WIDGET (page), "Send _Test Request") == focus_of (GTK_WIDGET (window)));

  gtk_window_destroy (GTK_WINDOW (window));
  ca_test_iterate_idle ();
}

int
main (int   argc,
      char *argv[])
{
  ca_test_ui_init (&argc, &argv);

  g_test_add_func ("/ca/details-page/variables", test_details_variables);
  g_test_add_func ("/ca/details-page/no-variables", test_details_no_variables);
  g_test_add_func ("/ca/details-page/response", test_details_response);
  g_test_add_func ("/ca/details-page/result-given", test_details_result_given);
  g_test_add_func ("/ca/details-page/result-of-application", test_details_result_of_application);
  g_test_add_func ("/ca/details-page/follow-keyboard", test_details_follow_keyboard);

  return g_test_run ();
}
