/* test-test-panel.c: "Send Test Request", driven through its real widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A SoupServer on 127.0.0.1 (port 0) in this process answers: /echo with a
 * small JSON answer, /slow never, /big with 10 MiB of JSON sent in pieces
 * over time. Secrets come from CUSTOM_ACTIONS_SECRET_<ID> only (the
 * session bus is dropped before anything starts); each contains
 * SECRET_MARK, so that one search finds any of them in any text the panel
 * shows or copies.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "ca-action-file.h"
#include "ca-application.h"
#include "ca-test-panel-private.h"
#include "ca-test-ui.h"
#include "ca-test-window.h"

#define WAIT_SECONDS 30
#define MIB (1024 * 1024)

#define SECRET_MARK  "S3cr3t"
#define BEARER_TOKEN "bearer-" SECRET_MARK "-token"
#define API_KEY      "api-key-" SECRET_MARK "-42"

#define BIG_SIZE     (10 * MIB)
#define BIG_PIECES   20

/* The server ------------------------------------------------------------- */

static SoupServer *server;
static char *base_url;

/* What the last request to the server brought. */
static SoupMessageHeaders *seen_headers;
static char *seen_query;
static GBytes *seen_body;
static guint n_requests;

static GPtrArray *held;      /* SoupServerMessage: /slow, never answered */
static GBytes *big_body;     /* what /big sends */

typedef struct {
  SoupServerMessage *msg;
  gsize              sent;
} Streaming;

static gboolean
stream_piece_cb (gpointer user_data)
{
  Streaming *streaming = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (streaming->msg);
  gsize piece = BIG_SIZE / BIG_PIECES;
  g_autoptr(GBytes) bytes = NULL;

  piece = MIN (piece, BIG_SIZE - streaming->sent);
  bytes = g_bytes_new_from_bytes (big_body, streaming->sent, piece);
  soup_message_body_append_bytes (body, bytes);
  streaming->sent += piece;
  if (streaming->sent == BIG_SIZE)
    soup_message_body_complete (body);
  soup_server_message_unpause (streaming->msg);

  if (streaming->sent < BIG_SIZE)
    return G_SOURCE_CONTINUE;

  g_object_unref (streaming->msg);
  g_free (streaming);
  return G_SOURCE_REMOVE;
}

static void
server_cb (SoupServer        *srv,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);

  n_requests++;
  g_clear_pointer (&seen_headers, soup_message_headers_unref);
  seen_headers = soup_message_headers_ref (soup_server_message_get_request_headers (msg));
  g_free (seen_query);
  seen_query = g_strdup (g_uri_get_query (uri));
  g_clear_pointer (&seen_body, g_bytes_unref);
  seen_body = soup_message_body_flatten (request_body);

  if (g_str_equal (path, "/slow"))
    {
      soup_server_message_pause (msg);
      g_ptr_array_add (held, g_object_ref (msg));
      return;
    }

  if (g_str_equal (path, "/big"))
    {
      Streaming *streaming = g_new0 (Streaming, 1);

      /* In pieces, a little apart, as a server far away sends them. */
      soup_server_message_set_status (msg, 200, NULL);
      soup_message_headers_set_content_type (response_headers, "application/json", NULL);
      soup_message_headers_set_encoding (response_headers, SOUP_ENCODING_CHUNKED);
      streaming->msg = g_object_ref (msg);
      stream_piece_cb (streaming);
      g_timeout_add (10, stream_piece_cb, streaming);
      return;
    }

  soup_message_headers_append (response_headers, "X-Request-Id", "req-42");
  {
    const char *answer = "{\"id\":\"abc\",\"status\":\"queued\",\"note\":\"a, b: [c]\"}";

    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, answer, strlen (answer));
  }
  soup_server_message_set_status (msg, 200, NULL);
}

static void
start_server (void)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, server_cb, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (server);
  base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  held = g_ptr_array_new_with_free_func (g_object_unref);
}

/* A JSON document of @size bytes: an object with a list of items. */
static GBytes *
make_big_json (gsize size)
{
  GString *text = g_string_sized_new (size + 256);
  const char *end = "],\"count\":0}";

  g_string_append (text, "{\"items\":[");
  for (guint i = 0; ; i++)
    {
      g_autofree char *item = g_strdup_printf ("%s{\"id\":%u,\"name\":\"Item %u\",\"email\":\"user%u@example.com\","
                                               "\"tags\":[\"a\",\"b\"],\"active\":%s}",
                                               i > 0 ? "," : "", i, i, i, i % 2 ? "true" : "false");

      if (text->len + strlen (item) + strlen (end) > size)
        break;
      g_string_append (text, item);
    }
  g_string_append (text, end);
  /* Spaces up to the size, where JSON allows them. */
  if (text->len < size)
    {
      g_autofree char *spaces = g_strnfill (size - text->len, ' ');

      g_string_insert (text, text->len - 1, spaces);
    }

  return g_string_free_to_bytes (text);
}

/* Helpers ---------------------------------------------------------------- */

static CaAction *
load_action (const char *json)
{
  g_autofree char *text = g_strdup_printf ("{'format': 1, 'actions': [%s]}", json);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GError) error = NULL;

  g_strdelimit (text, "'", '"');
  bytes = g_bytes_new (text, strlen (text));
  actions = ca_action_file_parse_all (bytes, CA_ACTION_FILE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (actions->len, ==, 1);
  return g_object_ref (g_ptr_array_index (actions, 0));
}

/* An action with a variable of each place, a bearer token and a response
 * sample the answer of /echo differs from. */
static CaAction *
echo_action (const char *path)
{
  g_autofree char *json = g_strdup_printf (
    "{'name': 'panelTest', 'label': 'Panel test', 'url': '%s%s', 'method': 'POST',"
    " 'headers': [{'name': 'X-Tenant', 'kind': 'variable', 'label': 'Tenant', 'type': 'string'}],"
    " 'query': [{'name': 'limit', 'kind': 'variable', 'label': 'Limit', 'type': 'integer', 'optional': true}],"
    " 'auth': {'type': 'bearer', 'token': {'secret': 'panel-token'}},"
    " 'request': {'sample': {'to': 'x', 'badge': 1},"
    "   'fields': [{'path': 'to', 'type': 'string', 'kind': 'variable', 'label': 'Recipient'},"
    "              {'path': 'badge', 'type': 'integer', 'kind': 'variable', 'label': 'Badge', 'optional': true}]},"
    " 'response': {'sample': {'id': 'x', 'status': 'queued', 'queuedAt': 'date'}}}",
    base_url, path);

  return load_action (json);
}

static gboolean
has_action_name (GtkWidget     *widget,
                 gconstpointer  name)
{
  return g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), name) == 0;
}

static gboolean
has_title (GtkWidget     *widget,
           gconstpointer  title)
{
  return g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static GtkWidget *
button (CaTestPanel *panel,
        const char  *action_name)
{
  GtkWidget *found = ca_test_find_widget_matching (GTK_WIDGET (panel), GTK_TYPE_BUTTON, has_action_name, action_name);

  g_assert_nonnull (found);
  return found;
}

static AdwEntryRow *
entry_row (CaTestPanel *panel,
           const char  *title)
{
  GtkWidget *found = ca_test_find_widget_matching (GTK_WIDGET (panel), ADW_TYPE_ENTRY_ROW, has_title, title);

  g_assert_nonnull (found);
  return ADW_ENTRY_ROW (found);
}

/* Every text under @root: labels, text views, editables; shown or not. */
static void
collect_text (GtkWidget *root,
              GString   *text)
{
  if (GTK_IS_LABEL (root))
    g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (root)));
  else if (GTK_IS_TEXT_VIEW (root))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (root));
      GtkTextIter start, end;
      g_autofree char *contents = NULL;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      contents = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
      g_string_append_printf (text, "%s\n", contents);
    }
  else if (GTK_IS_TEXT (root))
    g_string_append_printf (text, "%s\n", gtk_editable_get_text (GTK_EDITABLE (root)));

  if (gtk_widget_get_tooltip_text (root) != NULL)
    g_string_append_printf (text, "%s\n", gtk_widget_get_tooltip_text (root));

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, text);
}

static char *
text_of (GtkWidget *root)
{
  GString *text = g_string_new (NULL);

  collect_text (root, text);
  return g_string_free (text, FALSE);
}

static char *
buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

static gboolean
is_idle (gpointer panel)
{
  return !ca_test_panel_get_busy (panel);
}

static gboolean
body_shown (gpointer panel)
{
  return !ca_test_panel_get_busy (panel) && ca_test_panel_get_result (panel) != NULL &&
         !ca_test_panel_get_body_pending (panel);
}

static gboolean
has_held (gpointer data)
{
  return held->len > 0;
}

typedef struct {
  GtkWidget   *window;
  CaTestPanel *panel;
  guint        n_results;
} Panel;

static void
result_ready_cb (CaTestPanel    *panel,
                 const CaResult *result,
                 Panel          *p)
{
  g_assert_true (result == ca_test_panel_get_result (panel));
  p->n_results++;
}

static void
open_panel (Panel    *p,
            CaAction *action)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();

  p->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (p->window), 700, 800);
  p->panel = CA_TEST_PANEL (ca_test_panel_new ());
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (p->panel));
  gtk_window_set_child (GTK_WINDOW (p->window), scroller);
  ca_test_panel_set_action (p->panel, action);
  g_signal_connect (p->panel, "result-ready", G_CALLBACK (result_ready_cb), p);
  p->n_results = 0;

  gtk_window_present (GTK_WINDOW (p->window));
  ca_test_wait_mapped (p->window);
}

static void
close_panel (Panel *p)
{
  CaTestPanel *panel = p->panel;

  g_object_add_weak_pointer (G_OBJECT (panel), (gpointer *) &panel);
  gtk_window_destroy (GTK_WINDOW (p->window));
  ca_test_iterate_idle ();
  /* A send, a layout in a thread: nothing keeps the panel for long. */
  ca_test_iterate_until_timeout (ca_test_is_null, &panel, WAIT_SECONDS);
}

static void
send_and_wait (Panel *p)
{
  guint before = p->n_results;
  GtkWidget *send = button (p->panel, "test-panel.send");

  g_assert_true (gtk_widget_is_sensitive (send));
  ca_test_activate (send);
  g_assert_true (ca_test_panel_get_busy (p->panel));
  ca_test_iterate_until_timeout (body_shown, p->panel, WAIT_SECONDS);
  g_assert_cmpuint (p->n_results, ==, before + 1);
}

static void
assert_no_secret (GtkWidget *root)
{
  g_autofree char *text = text_of (root);

  g_assert_null (strstr (text, SECRET_MARK));
}

/* Tests ------------------------------------------------------------------ */

static void
test_send (void)
{
  g_autoptr(CaAction) action = echo_action ("/echo");
  g_autoptr(CaApplication) app = ca_application_new ();
  g_autofree char *body = NULL;
  g_autofree char *text = NULL;
  const CaResult *result;
  const CaResult *last;
  Panel p;

  CA_TEST_REQUIRE_DISPLAY ();

  g_application_set_default (G_APPLICATION (app));
  open_panel (&p, action);

  /* A required value missing: Send is off. */
  g_assert_false (gtk_widget_is_sensitive (button (p.panel, "test-panel.send")));
  gtk_editable_set_text (GTK_EDITABLE (entry_row (p.panel, "Tenant")), "acme");
  g_assert_false (gtk_widget_is_sensitive (button (p.panel, "test-panel.send")));
  gtk_editable_set_text (GTK_EDITABLE (entry_row (p.panel, "Recipient")), "+33612345678");
  gtk_editable_set_text (GTK_EDITABLE (entry_row (p.panel, "Limit")), "5");
  gtk_editable_set_text (GTK_EDITABLE (entry_row (p.panel, "Badge")), "3");

  /* The keyboard goes from the values to Send and back: the status line,
   * empty, is no stop, and no trap either. */
  {
    GtkWidget *send = button (p.panel, "test-panel.send");
    GtkRoot *root = gtk_widget_get_root (send);

    g_assert_true (gtk_widget_grab_focus (send));
    g_assert_true (gtk_widget_child_focus (GTK_WIDGET (root), GTK_DIR_TAB_BACKWARD));
    g_assert_nonnull (gtk_widget_get_ancestor (gtk_root_get_focus (root), ADW_TYPE_ENTRY_ROW));
    g_assert_true (gtk_widget_child_focus (GTK_WIDGET (root), GTK_DIR_TAB_FORWARD));
    g_assert_true (gtk_root_get_focus (root) == send);
  }

  send_and_wait (&p);

  /* What the server saw: the values, and the token in clear. */
  g_assert_cmpstr (soup_message_headers_get_one (seen_headers, "X-Tenant"), ==, "acme");
  g_assert_cmpstr (soup_message_headers_get_one (seen_headers, "Authorization"), ==, "Bearer " BEARER_TOKEN);
  g_assert_cmpstr (seen_query, ==, "limit=5");
  g_assert_cmpmem (g_bytes_get_data (seen_body, NULL), g_bytes_get_size (seen_body),
                   "{\"to\":\"+33612345678\",\"badge\":3}", strlen ("{\"to\":\"+33612345678\",\"badge\":3}"));

  result = ca_test_panel_get_result (p.panel);
  g_assert_nonnull (result);
  g_assert_cmpstr (result->outcome, ==, "http_200");

  /* What the panel shows. */
  text = text_of (GTK_WIDGET (p.panel));
  g_test_message ("Panel text:\n%s", text);
  g_assert_nonnull (strstr (text, "http_200 · 200 OK"));
  g_assert_nonnull (strstr (text, "X-Request-Id: req-42"));
  g_assert_nonnull (strstr (text, "POST http://127.0.0.1:"));
  g_assert_nonnull (strstr (text, "/echo?limit=5\n"));
  g_assert_nonnull (strstr (text, "X-Tenant: acme\n"));
  g_assert_nonnull (strstr (text, "Authorization: " CA_MASK "\n"));
  /* The request body, laid out. */
  g_assert_nonnull (strstr (text, "{\n  \"to\": \"+33612345678\",\n  \"badge\": 3\n}"));
  /* Contract drift: the sample has queuedAt, the answer does not. */
  g_assert_nonnull (strstr (text, "queuedAt"));
  g_assert_nonnull (strstr (text, "Contract Drift"));
  assert_no_secret (GTK_WIDGET (p.panel));

  /* The body, laid out, commas and colons of strings untouched. */
  body = buffer_text (ca_test_panel_get_body_buffer (p.panel));
  g_assert_cmpstr (body, ==, "{\n  \"id\": \"abc\",\n  \"status\": \"queued\",\n  \"note\": \"a, b: [c]\"\n}");

  /* The application keeps it for the details page. */
  last = ca_application_get_last_result (app, "panelTest");
  g_assert_nonnull (last);
  g_assert_cmpstr (last->outcome, ==, "http_200");

  /* Sending again gives another result. */
  send_and_wait (&p);
  g_assert_cmpuint (p.n_results, ==, 2);

  close_panel (&p);
  g_application_set_default (NULL);
}

static void
test_api_key_masked (void)
{
  g_autofree char *json = g_strdup_printf (
    "{'name': 'keyInQuery', 'url': '%s/echo?fixed=1', 'method': 'GET',"
    " 'auth': {'type': 'apiKey', 'name': 'api_key', 'location': 'query', 'value': {'secret': 'panel-key'}}}",
    base_url);
  g_autoptr(CaAction) action = load_action (json);
  g_autofree char *text = NULL;
  Panel p;

  CA_TEST_REQUIRE_DISPLAY ();

  open_panel (&p, action);
  /* No variables: nothing to fill in. */
  text = text_of (GTK_WIDGET (p.panel));
  g_assert_nonnull (strstr (text, "no variables"));

  send_and_wait (&p);
  g_assert_cmpstr (seen_query, ==, "fixed=1&api_key=" API_KEY);

  g_clear_pointer (&text, g_free);
  text = text_of (GTK_WIDGET (p.panel));
  g_assert_nonnull (strstr (text, "GET http://127.0.0.1:"));
  g_assert_nonnull (strstr (text, "/echo?fixed=1&api_key=" CA_MASK));
  assert_no_secret (GTK_WIDGET (p.panel));

  close_panel (&p);
}

static void
test_bad_value (void)
{
  g_autoptr(CaAction) action = echo_action ("/echo");
  AdwEntryRow *badge;
  GtkWidget *send;
  g_autofree char *text = NULL;
  Panel p;

  CA_TEST_REQUIRE_DISPLAY ();

  open_panel (&p, action);
  send = button (p.panel, "test-panel.send");
  gtk_editable_set_text (GTK_EDITABLE (entry_row (p.panel, "Tenant")), "acme");
  gtk_editable_set_text (GTK_EDITABLE (entry_row (p.panel, "Recipient")), "someone");
  g_assert_true (gtk_widget_is_sensitive (send));

  /* An integer that is not one. */
  badge = entry_row (p.panel, "Badge");
  gtk_editable_set_text (GTK_EDITABLE (badge), "three");
  g_assert_false (gtk_widget_is_sensitive (send));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (badge), "error"));
  text = text_of (GTK_WIDGET (p.panel));
  g_test_message ("Panel text:\n%s", text);
  /* The message says what was expected (its row names the key). */
  g_assert_nonnull (strstr (text, "integer"));
  g_assert_nonnull (strstr (text, "Correct the values marked in red"));

  /* Sending now does nothing. */
  n_requests = 0;
  ca_test_panel_send (p.panel);
  g_assert_false (ca_test_panel_get_busy (p.panel));
  ca_test_iterate_idle ();
  g_assert_cmpuint (n_requests, ==, 0);

  /* Put right, the problem goes. */
  gtk_editable_set_text (GTK_EDITABLE (badge), "3");
  g_assert_true (gtk_widget_is_sensitive (send));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (badge), "error"));

  /* A header value on two lines is caught as it is typed too. */
  gtk_editable_set_text (GTK_EDITABLE (entry_row (p.panel, "Tenant")), "a\nb");
  g_assert_false (gtk_widget_is_sensitive (send));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (entry_row (p.panel, "Tenant")), "error"));
  g_clear_pointer (&text, g_free);
  text = text_of (GTK_WIDGET (p.panel));
  g_assert_nonnull (strstr (text, "line break"));
  gtk_editable_set_text (GTK_EDITABLE (entry_row (p.panel, "Tenant")), "acme");
  g_assert_true (gtk_widget_is_sensitive (send));

  /* A required value emptied. */
  gtk_editable_set_text (GTK_EDITABLE (entry_row (p.panel, "Recipient")), "");
  g_assert_false (gtk_widget_is_sensitive (send));
  g_clear_pointer (&text, g_free);
  text = text_of (GTK_WIDGET (p.panel));
  g_assert_nonnull (strstr (text, "Enter a value for “Recipient”"));

  /* Values survive the action being set again (an edit in the dialog). */
  gtk_editable_set_text (GTK_EDITABLE (entry_row (p.panel, "Recipient")), "someone");
  ca_test_panel_set_action (p.panel, action);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry_row (p.panel, "Recipient"))), ==, "someone");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry_row (p.panel, "Badge"))), ==, "3");
  g_assert_true (gtk_widget_is_sensitive (button (p.panel, "test-panel.send")));

  close_panel (&p);
}

static void
test_cancel (void)
{
  g_autoptr(CaAction) action = echo_action ("/slow");
  GtkWidget *cancel;
  g_autofree char *text = NULL;
  Panel p;

  CA_TEST_REQUIRE_DISPLAY ();

  open_panel (&p, action);
  gtk_editable_set_text (GTK_EDITABLE (entry_row (p.panel, "Tenant")), "acme");
  gtk_editable_set_text (GTK_EDITABLE (entry_row (p.panel, "Recipient")), "someone");
  cancel = button (p.panel, "test-panel.cancel");
  g_assert_false (gtk_widget_get_visible (cancel));

  ca_test_activate (button (p.panel, "test-panel.send"));
  g_assert_true (ca_test_panel_get_busy (p.panel));
  g_assert_true (gtk_widget_get_visible (cancel));
  g_assert_true (gtk_widget_is_sensitive (cancel));
  g_assert_false (gtk_widget_is_sensitive (button (p.panel, "test-panel.send")));

  /* The server has it and answers nothing. */
  ca_test_iterate_until_timeout (has_held, NULL, WAIT_SECONDS);
  ca_test_activate (cancel);
  ca_test_iterate_until_timeout (is_idle, p.panel, WAIT_SECONDS);

  g_assert_null (ca_test_panel_get_result (p.panel));
  g_assert_cmpuint (p.n_results, ==, 0);
  g_assert_false (gtk_widget_get_visible (cancel));
  g_assert_true (gtk_widget_is_sensitive (button (p.panel, "test-panel.send")));
  text = text_of (GTK_WIDGET (p.panel));
  g_assert_nonnull (strstr (text, "Cancelled"));

  /* Closing while sending cancels too, and lets the panel go. */
  ca_test_activate (button (p.panel, "test-panel.send"));
  g_assert_true (ca_test_panel_get_busy (p.panel));
  close_panel (&p);

  g_ptr_array_set_size (held, 0);
}

static void
clipboard_text_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **text = user_data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
}

static void
test_copy_curl (void)
{
  g_autoptr(CaAction) action = echo_action ("/echo");
  g_autofree char *command = NULL;
  GtkWidget *copy;
  GtkWidget *copied;
  Panel p;

  CA_TEST_REQUIRE_DISPLAY ();

  open_panel (&p, action);
  copy = button (p.panel, "test-panel.copy-curl");
  g_assert_false (gtk_widget_is_sensitive (copy));

  gtk_editable_set_text (GTK_EDITABLE (entry_row (p.panel, "Tenant")), "acme");
  gtk_editable_set_text (GTK_EDITABLE (entry_row (p.panel, "Recipient")), "someone");
  send_and_wait (&p);

  g_assert_true (gtk_widget_is_sensitive (copy));
  ca_test_activate (copy);
  copied = gtk_widget_get_prev_sibling (copy);
  g_assert_true (GTK_IS_LABEL (copied));
  g_assert_true (gtk_widget_get_visible (copied));

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (p.panel)), NULL,
                                 clipboard_text_cb, &command);
  ca_test_iterate_until_timeout (ca_test_is_nonnull, &command, WAIT_SECONDS);
  g_test_message ("Clipboard: %s", command);

  g_assert_true (g_str_has_prefix (command, "curl "));
  g_assert_nonnull (strstr (command, base_url));
  g_assert_nonnull (strstr (command, "X-Tenant: acme"));
  g_assert_nonnull (strstr (command, "Authorization: " CA_MASK));
  g_assert_nonnull (strstr (command, "someone"));
  g_assert_null (strstr (command, SECRET_MARK));

  close_panel (&p);
}

typedef struct {
  gboolean  done;
  GError   *error;
} Saving;

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Saving *saving = user_data;

  ca_test_panel_save_response_finish (CA_TEST_PANEL (source), result, &saving->error);
  saving->done = TRUE;
}

static gboolean
is_saved (gpointer saving)
{
  return ((Saving *) saving)->done;
}

static gboolean
count_tick (gpointer user_data)
{
  (*(guint *) user_data)++;
  return G_SOURCE_CONTINUE;
}

static gboolean
has_result (gpointer panel)
{
  return ca_test_panel_get_result (panel) != NULL;
}

static void
test_big (void)
{
  g_autofree char *json = g_strdup_printf (
    "{'name': 'big', 'url': '%s/big', 'method': 'GET'}",
    base_url);
  g_autoptr(CaAction) action = load_action (json);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *text = NULL;
  g_autofree char *note = NULL;
  g_autofree char *first = NULL;
  g_autofree char *whole = NULL;
  g_autofree char *expected_start = NULL;
  g_autofree char *saved = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  Saving saving = { FALSE, NULL };
  gsize saved_length = 0;
  guint ticks = 0;
  guint ticks_sending;
  guint tick_source;
  GtkWidget *save;
  const CaResult *result;
  Panel p;

  CA_TEST_REQUIRE_DISPLAY ();

  big_body = make_big_json (BIG_SIZE);
  open_panel (&p, action);
  save = button (p.panel, "test-panel.save-response");
  g_assert_false (gtk_widget_is_sensitive (save));

  /* A callback every 5 ms counts how often the main loop gets round to
   * it while the answer comes and is laid out. */
  tick_source = g_timeout_add (5, count_tick, &ticks);
  ca_test_activate (button (p.panel, "test-panel.send"));
  ca_test_iterate_until_timeout (has_result, p.panel, WAIT_SECONDS);
  ticks_sending = ticks;
  ca_test_iterate_until_timeout (body_shown, p.panel, WAIT_SECONDS);
  g_source_remove (tick_source);
  g_test_message ("%u ticks while the answer came, %u in all", ticks_sending, ticks);
  /* The pieces come over 200 ms at least: ticks of 5 ms many times. */
  g_assert_cmpuint (ticks_sending, >=, 10);

  result = ca_test_panel_get_result (p.panel);
  g_assert_cmpstr (result->outcome, ==, "http_200");
  g_assert_cmpuint (g_bytes_get_size (result->body), ==, BIG_SIZE);
  g_assert_false (result->truncated);

  /* The first MiB, laid out, with a note that says so. */
  shown = buffer_text (ca_test_panel_get_body_buffer (p.panel));
  g_assert_cmpuint (strlen (shown), >, CA_TEST_PANEL_MAX_SHOWN);
  g_assert_cmpuint (strlen (shown), <, 3 * CA_TEST_PANEL_MAX_SHOWN);
  expected_start = g_strdup ("{\n  \"items\": [\n    {\n      \"id\": 0,\n      \"name\": \"Item 0\",");
  g_assert_true (g_str_has_prefix (shown, expected_start));
  g_assert_null (strstr (shown, "\"count\""));

  first = g_format_size (CA_TEST_PANEL_MAX_SHOWN);
  whole = g_format_size (BIG_SIZE);
  note = g_strdup_printf ("Showing the first %s of %s", first, whole);
  text = text_of (GTK_WIDGET (p.panel));
  g_assert_nonnull (strstr (text, note));

  /* Save Response… writes all of it. */
  g_assert_true (gtk_widget_is_sensitive (save));
  g_assert_true (gtk_widget_get_mapped (save));
  dir = g_dir_make_tmp ("test-panel-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "response.json", NULL);
  file = g_file_new_for_path (path);
  ca_test_panel_save_response_async (p.panel, file, NULL, saved_cb, &saving);
  ca_test_iterate_until_timeout (is_saved, &saving, WAIT_SECONDS);
  g_assert_no_error (saving.error);

  g_file_get_contents (path, &saved, &saved_length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (saved, saved_length, g_bytes_get_data (big_body, NULL), g_bytes_get_size (big_body));

  g_unlink (path);
  g_rmdir (dir);
  close_panel (&p);
}

/* Whether @widget has a shortcut @keyval + @modifiers for @action_name
 * (its class's key bindings included). */
static gboolean
has_shortcut (GtkWidget       *widget,
              guint            keyval,
              GdkModifierType  modifiers,
              const char      *action_name)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers &&
              GTK_IS_NAMED_ACTION (action) &&
              g_strcmp0 (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), action_name) == 0)
            return TRUE;
        }
    }

  return FALSE;
}

static void
test_window (void)
{
  g_autoptr(CaAction) action = echo_action ("/echo");
  GtkWidget *window;
  GtkWidget *title;
  CaTestPanel *panel;

  CA_TEST_REQUIRE_DISPLAY ();

  window = ca_test_window_new (NULL, action);
  gtk_window_present (GTK_WINDOW (window));
  ca_test_wait_mapped (window);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Send Test Request");
  title = ca_test_find_widget_matching (window, ADW_TYPE_WINDOW_TITLE, NULL, NULL);
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title)), ==, "Panel test");
  panel = ca_test_window_get_panel (CA_TEST_WINDOW (window));
  g_assert_true (ca_test_panel_get_action (panel) == action);

  /* Escape closes; Ctrl+Return sends from anywhere in the panel. */
  g_assert_true (has_shortcut (window, GDK_KEY_Escape, 0, "window.close"));
  g_assert_true (has_shortcut (GTK_WIDGET (panel), GDK_KEY_Return, GDK_CONTROL_MASK, "test-panel.send"));
  g_assert_true (has_shortcut (GTK_WIDGET (panel), GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "test-panel.send"));

  /* Closing while sending cancels the send. */
  gtk_editable_set_text (GTK_EDITABLE (entry_row (panel, "Tenant")), "acme");
  gtk_editable_set_text (GTK_EDITABLE (entry_row (panel, "Recipient")), "someone");
  ca_test_panel_send (panel);
  g_assert_true (ca_test_panel_get_busy (panel));

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  g_object_add_weak_pointer (G_OBJECT (panel), (gpointer *) &panel);
  gtk_widget_activate_action (window, "window.close", NULL);
  ca_test_iterate_until_timeout (ca_test_is_null, &window, WAIT_SECONDS);
  ca_test_iterate_until_timeout (ca_test_is_null, &panel, WAIT_SECONDS);
}

int
main (int   argc,
      char *argv[])
{
  /* No keyring: secrets come from the environment alone. Before
   * g_test_init() and any thread, as setenv() is not thread-safe. An
   * empty address, not none: without one, GDBus tries to autolaunch a bus
   * (dbus-launch on X11), which makes every start wait seconds. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "", TRUE);
  g_setenv ("CUSTOM_ACTIONS_SECRET_PANEL_TOKEN", BEARER_TOKEN, TRUE);
  g_setenv ("CUSTOM_ACTIONS_SECRET_PANEL_KEY", API_KEY, TRUE);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  ca_test_ui_init (&argc, &argv);

  start_server ();

  g_test_add_func ("/ca/test-panel/send", test_send);
  g_test_add_func ("/ca/test-panel/api-key-masked", test_api_key_masked);
  g_test_add_func ("/ca/test-panel/bad-value", test_bad_value);
  g_test_add_func ("/ca/test-panel/cancel", test_cancel);
  g_test_add_func ("/ca/test-panel/copy-curl", test_copy_curl);
  g_test_add_func ("/ca/test-panel/big", test_big);
  g_test_add_func ("/ca/test-panel/window", test_window);

  return g_test_run ();
}
