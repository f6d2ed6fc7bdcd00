/* test-auth-editor.c: the Authentication page, driven through its real widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Secrets come from CUSTOM_ACTIONS_SECRET_<ID> only (the session bus is
 * dropped first); the token endpoint is a SoupServer on 127.0.0.1.
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "ca-auth-editor.h"
#include "ca-auth-param-row.h"
#include "ca-problem.h"
#include "ca-test-ui.h"

#define CLIENT_SECRET "client-secret-S3cr3t"

/* Helpers ---------------------------------------------------------------- */

typedef struct {
  GtkWidget    *window;
  CaAuthEditor *editor;
  guint         n_changed;
} Page;

static void
changed_cb (CaAuthEditor *editor,
            Page         *page)
{
  page->n_changed++;
}

static void
page_open (Page     *page,
           CaAction *action)
{
  page->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (page->window), 600, 900);
  page->editor = CA_AUTH_EDITOR (ca_auth_editor_new ());
  gtk_window_set_child (GTK_WINDOW (page->window), GTK_WIDGET (page->editor));
  g_signal_connect (page->editor, "changed", G_CALLBACK (changed_cb), page);
  ca_auth_editor_set_action (page->editor, action);
  gtk_window_present (GTK_WINDOW (page->window));
  ca_test_wait_mapped (GTK_WIDGET (page->editor));
  ca_test_iterate_idle ();
}

static void
page_close (Page *page)
{
  gtk_window_destroy (GTK_WINDOW (page->window));
  ca_test_iterate_idle ();
}

/* The preferences rows titled @title. */
static void
collect_rows (GtkWidget  *root,
              const char *title,
              GPtrArray  *found)
{
  /* Not inside: an expander row shows its title in a row of its own. */
  if (ADW_IS_PREFERENCES_ROW (root) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    {
      g_ptr_array_add (found, root);
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, title, found);
}

/* The one row titled @title that a person can see, or NULL. */
static GtkWidget *
visible_row (Page       *page,
             const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  GtkWidget *visible = NULL;

  ca_test_iterate_idle ();
  collect_rows (GTK_WIDGET (page->editor), title, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);

      if (gtk_widget_get_mapped (row))
        {
          if (visible != NULL)
            g_error ("Two rows \"%s\" are shown", title);
          visible = row;
        }
    }

  return visible;
}

typedef struct {
  Page       *page;
  const char *title;
  GtkWidget  *found;
} RowWait;

static gboolean
row_shown (gpointer data)
{
  RowWait *wait = data;

  wait->found = visible_row (wait->page, wait->title);
  return wait->found != NULL;
}

/* The row titled @title, once it shows (expander rows open with an
 * animation). */
static GtkWidget *
row (Page       *page,
     const char *title)
{
  RowWait wait = { page, title, NULL };

  ca_test_iterate_until (row_shown, &wait);
  return wait.found;
}

static void
type_into (GtkWidget  *row,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  ca_test_iterate_idle ();
}

static void
choose (GtkWidget *combo,
        guint      position)
{
  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), position);
  ca_test_iterate_idle ();
}

static gboolean
shows_text (Page       *page,
            const char *text)
{
  g_autofree char *labels = NULL;

  ca_test_iterate_idle ();
  labels = ca_test_labels_of (GTK_WIDGET (page->editor));
  return strstr (labels, text) != NULL;
}

static CaAction *
new_action (void)
{
  CaAction *action = ca_action_new ("authTest");

  ca_action_set_url (action, "https://api.example.com/v1/messages");
  ca_action_set_request_sample_text (action, "{\"to\": \"someone\"}");
  return action;
}

static GPtrArray *
validate (CaAction *action)
{
  GPtrArray *problems = ca_problems_new ();

  ca_action_validate (action, NULL, problems);
  return problems;
}

/* Cases ------------------------------------------------------------------ */

static void
test_types (void)
{
  g_autoptr(CaAction) action = new_action ();
  CaAuth *auth;
  Page page = { 0 };

  CA_TEST_REQUIRE_DISPLAY ();

  page_open (&page, action);
  g_assert_cmpstr (adw_preferences_page_get_title (ADW_PREFERENCES_PAGE (page.editor)), ==, "Authentication");

  /* None: nothing but the type. */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row (&page, "Type"))), ==, CA_AUTH_TYPE_NONE);
  g_assert_null (visible_row (&page, "Username"));
  g_assert_null (visible_row (&page, "Endpoint URL"));
  g_assert_null (visible_row (&page, "Check Authentication"));

  /* Basic */
  choose (row (&page, "Type"), CA_AUTH_TYPE_BASIC);
  g_assert_cmpuint (page.n_changed, ==, 1);
  g_assert_cmpint (ca_action_get_auth (action)->type, ==, CA_AUTH_TYPE_BASIC);
  row (&page, "Password");
  type_into (row (&page, "Username"), "api-user");
  g_assert_cmpstr (ca_action_get_auth (action)->username, ==, "api-user");
  g_assert_cmpuint (page.n_changed, ==, 2);
  g_assert_null (visible_row (&page, "Token"));

  /* API key */
  choose (row (&page, "Type"), CA_AUTH_TYPE_API_KEY);
  auth = ca_action_get_auth (action);
  g_assert_cmpint (auth->type, ==, CA_AUTH_TYPE_API_KEY);
  /* Only the members of the type: what was typed for basic waits. */
  g_assert_null (auth->username);
  g_assert_null (visible_row (&page, "Username"));
  type_into (row (&page, "Name"), "X-Api-Key");
  choose (row (&page, "Location"), CA_KEY_LOCATION_QUERY);
  row (&page, "Value");
  auth = ca_action_get_auth (action);
  g_assert_cmpstr (auth->key_name, ==, "X-Api-Key");
  g_assert_cmpint (auth->key_location, ==, CA_KEY_LOCATION_QUERY);

  /* Bearer */
  choose (row (&page, "Type"), CA_AUTH_TYPE_BEARER);
  row (&page, "Token");
  g_assert_null (visible_row (&page, "Name"));

  /* Token endpoint: its groups and the check. */
  choose (row (&page, "Type"), CA_AUTH_TYPE_CUSTOM);
  auth = ca_action_get_auth (action);
  g_assert_cmpint (auth->type, ==, CA_AUTH_TYPE_CUSTOM);
  row (&page, "Endpoint URL");
  row (&page, "Method");
  row (&page, "Body Type");
  row (&page, "Token in Response");
  row (&page, "Token Lifetime");
  row (&page, "Expiry in Response");
  row (&page, "Token Placement");
  row (&page, "Check Authentication");
  g_assert_null (visible_row (&page, "Cache Duration"));
  g_assert_null (visible_row (&page, "Header Name"));
  g_assert_cmpstr (auth->token_in_response, ==, "json://access_token");
  g_assert_cmpstr (auth->expiry_in_response, ==, "json://expires_in");

  /* A fixed lifetime instead: one or the other reaches the auth. */
  choose (row (&page, "Token Lifetime"), 1);
  row (&page, "Cache Duration");
  g_assert_null (visible_row (&page, "Expiry in Response"));
  auth = ca_action_get_auth (action);
  g_assert_null (auth->expiry_in_response);
  g_assert_cmpint (auth->cache_duration, ==, 1);
  g_assert_cmpint (auth->cache_unit, ==, CA_TIME_UNIT_HOURS);

  /* The token in a header: its name is asked for. */
  choose (row (&page, "Token Placement"), CA_TOKEN_PLACEMENT_HEADER);
  type_into (row (&page, "Header Name"), "X-Access-Token");
  g_assert_cmpstr (ca_action_get_auth (action)->token_target, ==, "X-Access-Token");
  choose (row (&page, "Token Placement"), CA_TOKEN_PLACEMENT_QUERY_PARAM);
  row (&page, "Query Parameter Name");
  choose (row (&page, "Token Placement"), CA_TOKEN_PLACEMENT_BEARER);
  g_assert_null (ca_action_get_auth (action)->token_target);

  /* GET: no body group. */
  choose (row (&page, "Method"), CA_TOKEN_METHOD_GET);
  g_assert_null (visible_row (&page, "Body Type"));
  g_assert_cmpint (ca_action_get_auth (action)->token_method, ==, CA_TOKEN_METHOD_GET);

  /* Back to basic: what was typed is there again, in rows and action. */
  choose (row (&page, "Type"), CA_AUTH_TYPE_BASIC);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (&page, "Username"))), ==, "api-user");
  g_assert_cmpstr (ca_action_get_auth (action)->username, ==, "api-user");
  choose (row (&page, "Type"), CA_AUTH_TYPE_API_KEY);
  g_assert_cmpstr (ca_action_get_auth (action)->key_name, ==, "X-Api-Key");
  g_assert_cmpint (ca_action_get_auth (action)->key_location, ==, CA_KEY_LOCATION_QUERY);
  choose (row (&page, "Type"), CA_AUTH_TYPE_CUSTOM);
  g_assert_cmpint (ca_action_get_auth (action)->token_method, ==, CA_TOKEN_METHOD_GET);
  g_assert_cmpint (ca_action_get_auth (action)->cache_duration, ==, 1);

  page_close (&page);
}

static void
test_credentials (void)
{
  g_autoptr(CaAction) action = new_action ();
  g_autoptr(CaAuth) basic = ca_auth_new (CA_AUTH_TYPE_BASIC);
  GtkWidget *password;
  CaAuth *auth;
  Page page = { 0 };

  CA_TEST_REQUIRE_DISPLAY ();

  basic->username = g_strdup ("api-user");
  basic->password = ca_credential_new_secret ("authTest.password");
  ca_action_set_auth (action, basic);
  page_open (&page, action);

  /* A keyring reference: an empty row that says where the value is. */
  password = row (&page, "Password");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password)), ==, "");
  g_assert_true (shows_text (&page, "Stored in the keyring"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (&page, "Username"))), ==, "api-user");

  /* Typing replaces it with a plain credential. */
  type_into (password, "hunter2");
  auth = ca_action_get_auth (action);
  g_assert_nonnull (auth->password);
  g_assert_false (ca_credential_is_secret (auth->password));
  g_assert_cmpstr (auth->password->plain, ==, "hunter2");
  g_assert_false (shows_text (&page, "Stored in the keyring"));
  g_assert_cmpuint (page.n_changed, ==, 1);

  /* Emptied: the reference comes back. */
  type_into (password, "");
  g_assert_true (ca_credential_is_secret (ca_action_get_auth (action)->password));
  g_assert_cmpstr (ca_action_get_auth (action)->password->secret_id, ==, "authTest.password");
  g_assert_true (shows_text (&page, "Stored in the keyring"));

  /* Token endpoint parameters: name and value, added and removed. */
  choose (row (&page, "Type"), CA_AUTH_TYPE_CUSTOM);
  ca_test_activate (ca_test_find_named (GTK_WIDGET (page.editor), "Add Header"));
  auth = ca_action_get_auth (action);
  g_assert_cmpuint (auth->headers->len, ==, 1);
  row (&page, "New Header");
  type_into (row (&page, "Name"), "X-Client");
  row (&page, "X-Client");
  type_into (row (&page, "Value"), "client-value");
  auth = ca_action_get_auth (action);
  g_assert_cmpstr (((CaAuthParam *) g_ptr_array_index (auth->headers, 0))->name, ==, "X-Client");
  g_assert_cmpstr (((CaAuthParam *) g_ptr_array_index (auth->headers, 0))->value->plain, ==, "client-value");
  g_assert_true (shows_text (&page, "Value entered; it goes to the keyring when saved"));

  ca_test_activate (ca_test_find_named (row (&page, "X-Client"), "Remove"));
  g_assert_cmpuint (ca_action_get_auth (action)->headers->len, ==, 0);
  g_assert_null (visible_row (&page, "X-Client"));

  page_close (&page);
}

static void
test_problems (void)
{
  g_autoptr(CaAction) action = new_action ();
  g_autoptr(CaAuth) custom = ca_auth_new (CA_AUTH_TYPE_CUSTOM);
  g_autoptr(GPtrArray) problems = NULL;
  GtkWidget *endpoint;
  GtkWidget *param;
  Page page = { 0 };

  CA_TEST_REQUIRE_DISPLAY ();

  custom->endpoint = g_strdup ("ftp://auth.example.com/token");
  custom->token_in_response = g_strdup ("access_token");
  custom->placement = CA_TOKEN_PLACEMENT_HEADER;
  g_ptr_array_add (custom->headers, ca_auth_param_new ("X Client", ca_credential_new_secret ("authTest.client")));
  g_ptr_array_add (custom->body_params, ca_auth_param_new ("client_id", NULL));
  custom->has_body = TRUE;
  ca_action_set_auth (action, custom);
  page_open (&page, action);

  problems = validate (action);
  ca_auth_editor_show_problems (page.editor, problems);
  ca_test_iterate_idle ();

  /* Each problem on its row, in words, the row marked. */
  endpoint = row (&page, "Endpoint URL");
  g_assert_true (gtk_widget_has_css_class (endpoint, "error"));
  g_assert_true (shows_text (&page, "\"ftp://auth.example.com/token\" is not an http or https address"));
  g_assert_true (ca_auth_editor_find_row (page.editor, "auth.endpoint") == endpoint);

  g_assert_true (gtk_widget_has_css_class (row (&page, "Token in Response"), "error"));
  g_assert_true (shows_text (&page, "say where the token is"));
  g_assert_true (gtk_widget_has_css_class (row (&page, "Header Name"), "error"));
  g_assert_true (shows_text (&page, "name the header that carries the token"));

  /* A parameter's problems in its subtitle. */
  param = row (&page, "X Client");
  g_assert_true (gtk_widget_has_css_class (param, "error"));
  g_assert_true (shows_text (&page, "\"X Client\" is not a valid name"));
  g_assert_true (ca_auth_editor_find_row (page.editor, "auth.headers.X Client") == param);
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (param)));
  g_assert_true (gtk_widget_has_css_class (row (&page, "client_id"), "error"));
  g_assert_true (shows_text (&page, "missing; enter the credential"));

  /* Fixed: the marks go. */
  type_into (endpoint, "https://auth.example.com/token");
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = validate (action);
  ca_auth_editor_show_problems (page.editor, problems);
  g_assert_false (gtk_widget_has_css_class (endpoint, "error"));
  g_assert_false (shows_text (&page, "is not an http or https address"));
  g_assert_true (gtk_widget_has_css_class (row (&page, "Token in Response"), "error"));

  /* A warning is shown, without the error mark. */
  type_into (endpoint, "http://auth.example.com/token");
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = validate (action);
  ca_auth_editor_show_problems (page.editor, problems);
  g_assert_false (gtk_widget_has_css_class (endpoint, "error"));
  g_assert_true (shows_text (&page, "plain http is not encrypted"));

  /* Nothing left: every mark gone. */
  ca_auth_editor_show_problems (page.editor, NULL);
  g_assert_false (gtk_widget_has_css_class (param, "error"));
  g_assert_false (shows_text (&page, "plain http is not encrypted"));
  g_assert_false (shows_text (&page, "say where the token is"));

  page_close (&page);
}

/* Checking against a real token endpoint */

typedef struct {
  guint      status;   /* 0: a token */
  GPtrArray *held;
} Endpoint;

static void
token_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  Endpoint *endpoint = user_data;
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autofree char *form = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_autoptr(GHashTable) params = soup_form_decode (form);
  const char *answer = "{\"access_token\": \"tok-S3cr3t\", \"expires_in\": 3600}";
  guint status = 200;

  if (endpoint->status == 1)
    {
      soup_server_message_pause (msg);
      g_ptr_array_add (endpoint->held, g_object_ref (msg));
      return;
    }

  if (endpoint->status != 0 || g_strcmp0 (g_hash_table_lookup (params, "client_secret"), CLIENT_SECRET) != 0)
    {
      status = endpoint->status != 0 ? endpoint->status : 400;
      answer = "{\"error\": \"invalid_client\"}";
    }

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, answer, strlen (answer));
}

static void
test_check (void)
{
  g_autoptr(CaAction) action = new_action ();
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  Endpoint endpoint = { 0, g_ptr_array_new_with_free_func (g_object_unref) };
  GtkWidget *check;
  GSList *uris;
  Page page = { 0 };

  CA_TEST_REQUIRE_DISPLAY ();

  soup_server_add_handler (server, "/token", token_cb, &endpoint, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d/token", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  page_open (&page, action);

  /* Set up through the page: a token endpoint with the client's secret
   * typed in (a plain credential, as before a save). */
  choose (row (&page, "Type"), CA_AUTH_TYPE_CUSTOM);
  type_into (row (&page, "Endpoint URL"), url);
  ca_test_activate (ca_test_find_named (GTK_WIDGET (page.editor), "Add Parameter"));
  type_into (row (&page, "Name"), "client_secret");
  type_into (row (&page, "Value"), CLIENT_SECRET);

  check = ca_test_find_named (GTK_WIDGET (page.editor), "Check");
  g_assert_nonnull (check);
  ca_test_activate (check);
  /* Never blocks: the answer comes from the main loop. */
  g_assert_true (gtk_widget_get_visible (ca_test_find_widget (GTK_WIDGET (page.editor), GTK_TYPE_SPINNER)));
  ca_test_wait_for_label (GTK_WIDGET (page.editor), "Token received; valid for 3600 s");
  g_assert_false (shows_text (&page, "tok-S3cr3t"));

  /* A refusal, exactly. */
  endpoint.status = 401;
  ca_test_activate (check);
  ca_test_wait_for_label (GTK_WIDGET (page.editor), "Check failed");
  g_assert_true (shows_text (&page, "answered HTTP 401 Unauthorized: {\"error\": \"invalid_client\"}"));
  g_assert_false (shows_text (&page, "Token received"));

  /* A wrong secret, typed: 400 from the endpoint. */
  endpoint.status = 0;
  type_into (row (&page, "Value"), "wrong");
  ca_test_activate (check);
  ca_test_wait_for_label (GTK_WIDGET (page.editor), "HTTP 400 Bad Request");

  /* Cancelled while the endpoint holds on. */
  endpoint.status = 1;
  ca_test_activate (check);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (check)), ==, "Cancel");
  ca_test_activate (check);
  ca_test_wait_for_label (GTK_WIDGET (page.editor), "Check cancelled");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (check)), ==, "Check");

  /* Closing the page during a check is fine too. */
  ca_test_activate (check);
  page_close (&page);

  soup_server_disconnect (server);
  g_ptr_array_unref (endpoint.held);
}

int
main (int   argc,
      char *argv[])
{
  /* No keyring: secrets come from the environment alone. */
  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  ca_test_ui_init (&argc, &argv);

  g_test_add_func ("/ca/auth-editor/types", test_types);
  g_test_add_func ("/ca/auth-editor/credentials", test_credentials);
  g_test_add_func ("/ca/auth-editor/problems", test_problems);
  g_test_add_func ("/ca/auth-editor/check", test_check);

  return g_test_run ();
}
