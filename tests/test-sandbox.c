/* test-sandbox.c: the embedded test endpoint, over real HTTP on loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "ca-catalog.h"
#include "ca-sandbox.h"

#define VALID_EMAIL "{\"to\": \"ada@example.com\", \"subject\": \"Hi\", \"html\": \"<p>Hi</p>\"}"
#define VALID_SMS   "{\"to\": \"+15551234567\", \"text\": \"Your code is 123456\"}"
#define VALID_PUSH  "{\"to\": \"device-token\", \"message\": {\"title\": \"Hello\"}}"

typedef struct {
  CaSandbox   *sandbox;
  SoupSession *session;
  char        *url;
} Fixture;

typedef struct {
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
  /* NULL when the body is empty or not JSON */
  JsonNode           *json;
} Reply;

static void
reply_free (Reply *reply)
{
  soup_message_headers_unref (reply->headers);
  g_bytes_unref (reply->body);
  g_clear_pointer (&reply->json, json_node_unref);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->sandbox = ca_sandbox_new ();
  g_assert_true (ca_sandbox_listen (f->sandbox, 0, &error));
  g_assert_no_error (error);
  f->url = ca_sandbox_get_url (f->sandbox);

  /* Enough connections for the concurrency test; no proxy from the
   * environment between us and loopback. */
  f->session = soup_session_new_with_options ("max-conns", 64, "max-conns-per-host", 32, NULL);
  soup_session_set_proxy_resolver (f->session, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  soup_session_abort (f->session);
  g_clear_object (&f->session);
  g_clear_object (&f->sandbox);
  g_clear_pointer (&f->url, g_free);

  /* Let closing connections finish, so that leak checkers see them go. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Sending */

static SoupMessage *
new_message (Fixture    *f,
             const char *method,
             const char *path_and_query,
             const char *content_type,
             const char *body)
{
  g_autofree char *uri = g_strconcat (f->url, path_and_query, NULL);
  SoupMessage *msg = soup_message_new (method, uri);

  g_assert_nonnull (msg);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }

  return msg;
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static Reply *
reply_new (SoupMessage *msg,
           GBytes      *body)
{
  Reply *reply = g_new0 (Reply, 1);
  gsize length;
  const char *text = g_bytes_get_data (body, &length);

  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  reply->body = g_bytes_ref (body);
  if (length > 0)
    {
      g_autofree char *copy = g_strndup (text, length);

      reply->json = json_from_string (copy, NULL);
    }

  return reply;
}

static Reply *
send_message (Fixture     *f,
              SoupMessage *msg)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL,
                                    store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  body = soup_session_send_and_read_finish (f->session, result, &error);
  g_assert_no_error (error);
  return reply_new (msg, body);
}

static Reply *
call_typed (Fixture    *f,
            const char *method,
            const char *path_and_query,
            const char *content_type,
            const char *body)
{
  g_autoptr(SoupMessage) msg = new_message (f, method, path_and_query, content_type, body);

  return send_message (f, msg);
}

/* A JSON body, or none when @body is NULL. */
static Reply *
call (Fixture    *f,
      const char *method,
      const char *path_and_query,
      const char *body)
{
  return call_typed (f, method, path_and_query, "application/json", body);
}

/* Reading answers */

/* The member at a dotted path of object members. */
static JsonNode *
member_at (JsonNode   *node,
           const char *path)
{
  g_auto(GStrv) keys = g_strsplit (path, ".", -1);

  g_assert_nonnull (node);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
      node = json_object_get_member (json_node_get_object (node), keys[i]);
      if (node == NULL)
        g_error ("no member %s (at %s)", path, keys[i]);
    }

  return node;
}

static const char *
string_at (JsonNode   *node,
           const char *path)
{
  JsonNode *value = member_at (node, path);

  g_assert_cmpint (json_node_get_value_type (value), ==, G_TYPE_STRING);
  return json_node_get_string (value);
}

static gboolean
has_member (JsonNode   *node,
            const char *key)
{
  return JSON_NODE_HOLDS_OBJECT (node)
         && json_object_has_member (json_node_get_object (node), key);
}

/* {"error": {"code": @code, "message": "…@mention…"}} with @status */
static void
assert_error (Reply      *reply,
              guint       status,
              const char *code,
              const char *mention)
{
  g_assert_cmpuint (reply->status, ==, status);
  g_assert_cmpstr (soup_message_headers_get_content_type (reply->headers, NULL), ==,
                   "application/json");
  g_assert_cmpstr (string_at (reply->json, "error.code"), ==, code);
  g_assert_nonnull (strstr (string_at (reply->json, "error.message"), mention));
}

static void
assert_queued (Reply *reply)
{
  g_assert_cmpuint (reply->status, ==, SOUP_STATUS_ACCEPTED);
  g_assert_cmpstr (string_at (reply->json, "status"), ==, "queued");
  g_assert_cmpstr (string_at (reply->json, "id"), !=, "");
}

/* Listening */

static void
test_listen_loopback (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GSocketAddress) address = ca_sandbox_get_local_address (f->sandbox);
  g_autoptr(CaSandbox) unbound = ca_sandbox_new ();
  g_autoptr(GSocketAddress) no_address = ca_sandbox_get_local_address (unbound);
  g_autofree char *expected_url = NULL;
  g_autofree char *host = NULL;
  GInetAddress *inet;

  g_assert_cmpuint (ca_sandbox_get_port (f->sandbox), !=, 0);
  expected_url = g_strdup_printf ("http://127.0.0.1:%u", ca_sandbox_get_port (f->sandbox));
  g_assert_cmpstr (f->url, ==, expected_url);

  /* Bound to 127.0.0.1 itself, not to 0.0.0.0 or ::. */
  g_assert_true (G_IS_INET_SOCKET_ADDRESS (address));
  inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address));
  host = g_inet_address_to_string (inet);
  g_assert_cmpstr (host, ==, "127.0.0.1");
  g_assert_true (g_inet_address_get_is_loopback (inet));
  g_assert_false (g_inet_address_get_is_any (inet));
  g_assert_cmpuint (g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)), ==,
                    ca_sandbox_get_port (f->sandbox));

  g_assert_null (no_address);
  g_assert_cmpuint (ca_sandbox_get_port (unbound), ==, 0);
}

static void
test_listen_port_in_use (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(CaSandbox) second = ca_sandbox_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (ca_sandbox_listen (second, ca_sandbox_get_port (f->sandbox), &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (ca_sandbox_get_port (second), ==, 0);
}

static void
test_index (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(Reply) reply = call (f, "GET", "/", NULL);

  g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (member_at (reply->json, "endpoints")));
  g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "Server"), !=, NULL);
}

/* Provider endpoints */

typedef struct {
  const char *body;
  const char *code;
  const char *mention;
} BadBody;

static void
check_bad_bodies (Fixture       *f,
                  const char    *path,
                  const BadBody *cases,
                  gsize          n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autoptr(Reply) reply = call (f, "POST", path, cases[i].body);

      g_test_message ("POST %s %s", path, cases[i].body);
      assert_error (reply, SOUP_STATUS_BAD_REQUEST, cases[i].code, cases[i].mention);
    }
}

static void
test_email_accepted (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(Reply) first = call (f, "POST", "/email", VALID_EMAIL);
  g_autoptr(Reply) second = call (f, "POST", "/email",
                                  "{\"to\": \"bob@example.org\", \"subject\": \"Plain\", "
                                  "\"text\": \"Hello\", \"cc\": [\"c@example.org\"]}");

  assert_queued (first);
  assert_queued (second);
  g_assert_cmpstr (string_at (first->json, "id"), !=, string_at (second->json, "id"));
}

static void
test_email_invalid (Fixture       *f,
                    gconstpointer  data)
{
  static const BadBody cases[] = {
    { "", "INVALID_BODY", "empty" },
    { "{\"to\": ", "INVALID_BODY", "not valid JSON" },
    { "[1, 2]", "INVALID_BODY", "JSON object" },
    { "{\"subject\": \"s\", \"html\": \"h\"}", "MISSING_FIELD", "to" },
    { "{\"to\": \"ada.example.com\", \"subject\": \"s\", \"html\": \"h\"}", "INVALID_FIELD", "to must be an email address" },
    { "{\"to\": \"ada@\", \"subject\": \"s\", \"html\": \"h\"}", "INVALID_FIELD", "to must be" },
    { "{\"to\": 42, \"subject\": \"s\", \"html\": \"h\"}", "INVALID_FIELD", "to must be" },
    { "{\"to\": \"ada@example.com\", \"html\": \"h\"}", "MISSING_FIELD", "subject" },
    { "{\"to\": \"ada@example.com\", \"subject\": \"s\"}", "MISSING_FIELD", "html or text" },
    { "{\"to\": \"ada@example.com\", \"subject\": \"s\", \"html\": 1}", "INVALID_FIELD", "html" },
  };

  check_bad_bodies (f, "/email", cases, G_N_ELEMENTS (cases));
  /* Refused calls are answered calls too. */
  g_assert_cmpuint (ca_sandbox_get_n_calls (f->sandbox, "/email"), ==, G_N_ELEMENTS (cases));
}

static void
test_sms (Fixture       *f,
          gconstpointer  data)
{
  static const BadBody cases[] = {
    { "{\"text\": \"t\"}", "MISSING_FIELD", "to" },
    { "{\"to\": \"call me\", \"text\": \"t\"}", "INVALID_FIELD", "phone number" },
    { "{\"to\": \"+1234567890123456\", \"text\": \"t\"}", "INVALID_FIELD", "to" },
    { "{\"to\": \"+15551234567\"}", "MISSING_FIELD", "text" },
    { "{\"to\": \"+15551234567\", \"text\": \"\"}", "INVALID_FIELD", "text" },
  };
  g_autoptr(Reply) plain = call (f, "POST", "/sms", VALID_SMS);
  g_autoptr(Reply) written = call (f, "POST", "/sms",
                                   "{\"to\": \"+1 (555) 123-4567\", \"text\": \"Hi\"}");

  assert_queued (plain);
  assert_queued (written);
  check_bad_bodies (f, "/sms", cases, G_N_ELEMENTS (cases));
}

static void
test_push (Fixture       *f,
           gconstpointer  data)
{
  static const BadBody cases[] = {
    { "{\"message\": {\"title\": \"t\"}}", "MISSING_FIELD", "to" },
    { "{\"to\": \"\", \"message\": {\"title\": \"t\"}}", "INVALID_FIELD", "to" },
    { "{\"to\": \"d\"}", "MISSING_FIELD", "message" },
    { "{\"to\": \"d\", \"message\": \"hi\"}", "INVALID_FIELD", "message must be an object" },
    { "{\"to\": \"d\", \"message\": {\"body\": \"b\"}}", "MISSING_FIELD", "message.title" },
    { "{\"to\": \"d\", \"message\": {\"title\": true}}", "INVALID_FIELD", "message.title" },
  };
  g_autoptr(Reply) reply = call (f, "POST", "/push", VALID_PUSH);

  assert_queued (reply);
  check_bad_bodies (f, "/push", cases, G_N_ELEMENTS (cases));
}

static void
test_method_not_allowed (Fixture       *f,
                         gconstpointer  data)
{
  static const struct {
    const char *method;
    const char *path;
    const char *allow;
  } cases[] = {
    { "GET", "/email", "POST" },
    { "PUT", "/sms", "POST" },
    { "DELETE", "/push", "POST" },
    { "GET", "/oauth/token", "POST" },
    { "GET", "/oauth/revoke", "POST" },
    { "POST", "/", "GET" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Reply) reply = call (f, cases[i].method, cases[i].path, NULL);

      g_test_message ("%s %s", cases[i].method, cases[i].path);
      assert_error (reply, SOUP_STATUS_METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", cases[i].method);
      g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "Allow"), ==, cases[i].allow);
    }
}

static void
test_not_found (Fixture       *f,
                gconstpointer  data)
{
  const char *paths[] = { "/nothing", "/emails", "/email/extra", "/echoes", "/oauth" };

  for (gsize i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(Reply) reply = call (f, "POST", paths[i], "{}");

      assert_error (reply, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", paths[i]);
    }
}

/* /echo */

static void
test_echo_json (Fixture       *f,
                gconstpointer  data)
{
  const char *body = "{\"a\": [1, 2.5, true, null], \"b\": {\"c\": \"d\"}}";
  g_autoptr(SoupMessage) msg = new_message (f, "POST", "/echo/a/b?x=1&y=two%20words&x=2&z&w=a+b",
                                            "application/json", body);
  g_autoptr(Reply) reply = NULL;
  g_autoptr(JsonNode) expected_body = json_from_string (body, NULL);
  JsonNode *x;

  soup_message_headers_append (soup_message_get_request_headers (msg), "X-Tenant", "acme");
  reply = send_message (f, msg);

  g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (string_at (reply->json, "method"), ==, "POST");
  g_assert_cmpstr (string_at (reply->json, "path"), ==, "/echo/a/b");

  /* A name given twice shows all its values. */
  x = member_at (reply->json, "query.x");
  g_assert_true (JSON_NODE_HOLDS_ARRAY (x));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (x)), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (json_node_get_array (x), 0), ==, "1");
  g_assert_cmpstr (json_array_get_string_element (json_node_get_array (x), 1), ==, "2");
  g_assert_cmpstr (string_at (reply->json, "query.y"), ==, "two words");
  g_assert_cmpstr (string_at (reply->json, "query.z"), ==, "");
  g_assert_cmpstr (string_at (reply->json, "query.w"), ==, "a b");

  g_assert_cmpstr (string_at (reply->json, "headers.X-Tenant"), ==, "acme");
  g_assert_cmpstr (string_at (reply->json, "headers.Content-Type"), ==, "application/json");
  g_assert_true (json_node_equal (member_at (reply->json, "body"), expected_body));
}

static void
test_echo_text (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(Reply) text = call_typed (f, "PUT", "/echo", "text/plain", "hello, sandbox");
  g_autoptr(Reply) broken = call (f, "POST", "/echo", "{not json");
  g_autoptr(Reply) number_as_text = call_typed (f, "POST", "/echo", "text/plain", "42");

  g_assert_cmpuint (text->status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (string_at (text->json, "method"), ==, "PUT");
  g_assert_cmpstr (string_at (text->json, "body"), ==, "hello, sandbox");
  g_assert_cmpstr (string_at (broken->json, "body"), ==, "{not json");
  g_assert_cmpstr (string_at (number_as_text->json, "body"), ==, "42");
}

static void
test_echo_empty (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(Reply) get = call (f, "GET", "/echo", NULL);
  g_autoptr(Reply) delete = call (f, "DELETE", "/echo/items/7", NULL);
  JsonNode *query;

  g_assert_cmpuint (get->status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (string_at (get->json, "method"), ==, "GET");
  g_assert_true (JSON_NODE_HOLDS_NULL (member_at (get->json, "body")));
  query = member_at (get->json, "query");
  g_assert_true (JSON_NODE_HOLDS_OBJECT (query));
  g_assert_cmpuint (json_object_get_size (json_node_get_object (query)), ==, 0);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (member_at (get->json, "headers")));

  g_assert_cmpuint (delete->status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (string_at (delete->json, "method"), ==, "DELETE");
  g_assert_cmpstr (string_at (delete->json, "path"), ==, "/echo/items/7");
}

/* A dynamic path's segments are percent-encoded: the echo shows them as
 * they came, so that tests can see the encoding. */
static void
test_echo_encoded_path (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(Reply) reply = call (f, "GET", "/echo/loyalty/C%2F42%20x", NULL);

  g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (string_at (reply->json, "path"), ==, "/echo/loyalty/C%2F42%20x");
  g_assert_cmpuint (ca_sandbox_get_n_calls (f->sandbox, "/echo/loyalty/C%2F42%20x"), ==, 1);
}

/* OAuth */

static char *
issue_token (Fixture    *f,
             const char *query)
{
  g_autofree char *path = g_strconcat ("/oauth/token", query, NULL);
  g_autoptr(Reply) reply = call_typed (f, "POST", path, "application/x-www-form-urlencoded",
                                       "grant_type=client_credentials&client_id=app&client_secret=s3cret");

  g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
  return g_strdup (string_at (reply->json, "access_token"));
}

static void
test_oauth_form (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(Reply) reply = call_typed (f, "POST", "/oauth/token",
                                       "application/x-www-form-urlencoded",
                                       "grant_type=client_credentials&client_id=my+app&client_secret=s%3Dcret");
  g_autoptr(Reply) again = call_typed (f, "POST", "/oauth/token",
                                       "application/x-www-form-urlencoded",
                                       "grant_type=client_credentials&client_id=app&client_secret=x");

  g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (string_at (reply->json, "token_type"), ==, "Bearer");
  g_assert_cmpint (json_node_get_int (member_at (reply->json, "expires_in")), ==, 3600);
  g_assert_cmpstr (string_at (reply->json, "access_token"), !=, "");
  g_assert_cmpstr (string_at (reply->json, "access_token"), !=,
                   string_at (again->json, "access_token"));
  g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "Cache-Control"), ==, "no-store");
}

static void
test_oauth_json (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(Reply) reply = call (f, "POST", "/oauth/token?expiresIn=120",
                                 "{\"grant_type\": \"client_credentials\", "
                                 "\"client_id\": \"app\", \"client_secret\": \"s3cret\"}");

  g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
  g_assert_cmpint (json_node_get_int (member_at (reply->json, "expires_in")), ==, 120);
  g_assert_cmpstr (string_at (reply->json, "token_type"), ==, "Bearer");
}

static void
test_oauth_basic (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(SoupMessage) msg = new_message (f, "POST", "/oauth/token",
                                            "application/x-www-form-urlencoded",
                                            "grant_type=client_credentials");
  g_autofree char *credentials = g_base64_encode ((const guchar *) "app:s3cret", 10);
  g_autofree char *authorization = g_strconcat ("Basic ", credentials, NULL);
  g_autoptr(Reply) reply = NULL;

  soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization",
                               authorization);
  reply = send_message (f, msg);
  g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (string_at (reply->json, "token_type"), ==, "Bearer");
}

static void
test_oauth_errors (Fixture       *f,
                   gconstpointer  data)
{
  static const struct {
    const char *content_type;
    const char *body;
    guint       status;
    const char *error;
  } cases[] = {
    { "application/x-www-form-urlencoded",
      "grant_type=password&client_id=app&client_secret=s&username=u&password=p",
      SOUP_STATUS_BAD_REQUEST, "unsupported_grant_type" },
    { "application/x-www-form-urlencoded", "client_id=app&client_secret=s",
      SOUP_STATUS_BAD_REQUEST, "invalid_request" },
    { "application/x-www-form-urlencoded", "grant_type=client_credentials&client_id=app",
      SOUP_STATUS_UNAUTHORIZED, "invalid_client" },
    { "application/x-www-form-urlencoded", "grant_type=client_credentials&client_secret=s",
      SOUP_STATUS_UNAUTHORIZED, "invalid_client" },
    { "application/json", "{\"grant_type\": \"client_credentials\", \"client_id\": \"app\"}",
      SOUP_STATUS_UNAUTHORIZED, "invalid_client" },
    { "application/json", "{\"grant_type\": ", SOUP_STATUS_BAD_REQUEST, "invalid_request" },
    { "application/x-www-form-urlencoded", "", SOUP_STATUS_BAD_REQUEST, "invalid_request" },
  };
  g_autoptr(Reply) bad_expiry = call_typed (f, "POST", "/oauth/token?expiresIn=soon",
                                            "application/x-www-form-urlencoded",
                                            "grant_type=client_credentials&client_id=a&client_secret=s");

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Reply) reply = call_typed (f, "POST", "/oauth/token", cases[i].content_type,
                                           cases[i].body);

      g_test_message ("%s", cases[i].body);
      g_assert_cmpuint (reply->status, ==, cases[i].status);
      g_assert_cmpstr (string_at (reply->json, "error"), ==, cases[i].error);
      g_assert_cmpstr (string_at (reply->json, "error_description"), !=, "");
    }

  assert_error (bad_expiry, SOUP_STATUS_BAD_REQUEST, "INVALID_PARAMETER", "expiresIn");
}

static Reply *
call_protected (Fixture    *f,
                const char *path,
                const char *token)
{
  g_autoptr(SoupMessage) msg = new_message (f, "GET", path, NULL, NULL);

  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization",
                                   authorization);
    }

  return send_message (f, msg);
}

static void
assert_unauthorized (Reply      *reply,
                     const char *mention)
{
  g_assert_cmpuint (reply->status, ==, SOUP_STATUS_UNAUTHORIZED);
  g_assert_cmpstr (string_at (reply->json, "error"), ==, "invalid_token");
  g_assert_nonnull (strstr (string_at (reply->json, "error_description"), mention));
  g_assert_true (g_str_has_prefix (soup_message_headers_get_one (reply->headers,
                                                                 "WWW-Authenticate"),
                                   "Bearer"));
}

static void
test_protected (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *token = issue_token (f, "");
  g_autoptr(Reply) allowed = call_protected (f, "/protected/orders?page=2", token);
  g_autoptr(Reply) root = call_protected (f, "/protected", token);
  g_autoptr(Reply) anonymous = call_protected (f, "/protected/orders", NULL);
  g_autoptr(Reply) unknown = call_protected (f, "/protected/orders", "sbx-not-ours");

  g_assert_cmpuint (allowed->status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (string_at (allowed->json, "path"), ==, "/protected/orders");
  g_assert_cmpstr (string_at (allowed->json, "query.page"), ==, "2");
  g_assert_cmpuint (root->status, ==, SOUP_STATUS_OK);
  assert_unauthorized (anonymous, "no bearer token");
  assert_unauthorized (unknown, "unknown");
}

static void
test_protected_expired (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *token = issue_token (f, "?expiresIn=0");
  g_autoptr(Reply) reply = call_protected (f, "/protected", token);
  g_autoptr(Reply) again = call_protected (f, "/protected", token);

  assert_unauthorized (reply, "expired");
  /* Once seen expired, it is forgotten. */
  assert_unauthorized (again, "unknown");
}

static void
test_revoke (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *token = issue_token (f, "");
  g_autofree char *other = issue_token (f, "");
  g_autofree char *form = g_strconcat ("token=", token, NULL);
  g_autofree char *json = g_strdup_printf ("{\"token\": \"%s\"}", other);
  g_autoptr(Reply) before = call_protected (f, "/protected", token);
  g_autoptr(Reply) revoked = call_typed (f, "POST", "/oauth/revoke",
                                         "application/x-www-form-urlencoded", form);
  g_autoptr(Reply) after = call_protected (f, "/protected", token);
  g_autoptr(Reply) twice = call_typed (f, "POST", "/oauth/revoke",
                                       "application/x-www-form-urlencoded", form);
  g_autoptr(Reply) by_json = call (f, "POST", "/oauth/revoke", json);
  g_autoptr(Reply) other_after = call_protected (f, "/protected", other);
  g_autoptr(Reply) missing = call_typed (f, "POST", "/oauth/revoke",
                                         "application/x-www-form-urlencoded", "nothing=1");

  g_assert_cmpuint (before->status, ==, SOUP_STATUS_OK);
  g_assert_cmpuint (revoked->status, ==, SOUP_STATUS_OK);
  g_assert_true (json_node_get_boolean (member_at (revoked->json, "revoked")));
  assert_unauthorized (after, "unknown or revoked");
  g_assert_cmpuint (twice->status, ==, SOUP_STATUS_OK);
  g_assert_false (json_node_get_boolean (member_at (twice->json, "revoked")));
  g_assert_true (json_node_get_boolean (member_at (by_json->json, "revoked")));
  assert_unauthorized (other_after, "revoked");
  g_assert_cmpuint (missing->status, ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_cmpstr (string_at (missing->json, "error"), ==, "invalid_request");
}

/* Faults */

static void
test_fault_delay (Fixture       *f,
                  gconstpointer  data)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(Reply) echo = call (f, "GET", "/echo?delay=200", NULL);
  gint64 echo_done = g_get_monotonic_time ();
  g_autoptr(Reply) email = call (f, "POST", "/email?delay=50", VALID_EMAIL);
  gint64 email_done = g_get_monotonic_time ();

  g_assert_cmpuint (echo->status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (string_at (echo->json, "query.delay"), ==, "200");
  g_assert_cmpint (echo_done - start, >=, 200 * G_TIME_SPAN_MILLISECOND);
  assert_queued (email);
  g_assert_cmpint (email_done - echo_done, >=, 50 * G_TIME_SPAN_MILLISECOND);
}

/* A delayed answer holds back nothing else: while one call waits a
 * minute, another is answered. The waiting one is then given up by the
 * client, and the sandbox goes away with it still pending. */
static void
test_fault_delay_does_not_block (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(SoupMessage) slow = new_message (f, "GET", "/echo?delay=60000", NULL, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) slow_result = NULL;
  g_autoptr(GBytes) slow_body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Reply) fast = NULL;

  soup_session_send_and_read_async (f->session, slow, G_PRIORITY_DEFAULT, cancellable,
                                    store_result, &slow_result);
  fast = call (f, "GET", "/echo?fast=1", NULL);

  g_assert_cmpuint (fast->status, ==, SOUP_STATUS_OK);
  g_assert_null (slow_result);
  g_assert_cmpuint (ca_sandbox_get_n_calls (f->sandbox, "/echo"), ==, 1);

  g_cancellable_cancel (cancellable);
  while (slow_result == NULL)
    g_main_context_iteration (NULL, TRUE);
  slow_body = soup_session_send_and_read_finish (f->session, slow_result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (slow_body);
}

static void
test_fault_status (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(Reply) unavailable = call (f, "GET", "/echo?status=503", NULL);
  g_autoptr(Reply) created = call (f, "POST", "/email?status=201", "not even JSON");
  g_autoptr(Reply) no_content = call (f, "GET", "/echo?status=204", NULL);
  g_autoptr(Reply) odd = call (f, "GET", "/nowhere?status=299", NULL);

  assert_error (unavailable, SOUP_STATUS_SERVICE_UNAVAILABLE, "INJECTED_STATUS", "503");
  g_assert_cmpuint (created->status, ==, SOUP_STATUS_CREATED);
  g_assert_cmpstr (string_at (created->json, "status"), ==, "injected");
  g_assert_cmpuint (no_content->status, ==, SOUP_STATUS_NO_CONTENT);
  g_assert_cmpuint (g_bytes_get_size (no_content->body), ==, 0);
  g_assert_cmpuint (odd->status, ==, 299);
}

static void
test_fault_retry_after (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(Reply) limited = call (f, "GET", "/echo?status=429&retryAfter=7", NULL);
  g_autoptr(Reply) unavailable = call (f, "POST", "/sms?status=503&retryAfter=0", VALID_SMS);
  g_autoptr(Reply) plain = call (f, "GET", "/echo?retryAfter=3", NULL);
  g_autoptr(Reply) none = call (f, "GET", "/echo", NULL);

  g_assert_cmpuint (limited->status, ==, 429);
  g_assert_cmpstr (soup_message_headers_get_one (limited->headers, "Retry-After"), ==, "7");
  g_assert_cmpuint (unavailable->status, ==, SOUP_STATUS_SERVICE_UNAVAILABLE);
  g_assert_cmpstr (soup_message_headers_get_one (unavailable->headers, "Retry-After"), ==, "0");
  g_assert_cmpuint (plain->status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (soup_message_headers_get_one (plain->headers, "Retry-After"), ==, "3");
  g_assert_null (soup_message_headers_get_one (none->headers, "Retry-After"));
}

static guint
status_of (Fixture    *f,
           const char *method,
           const char *path_and_query,
           const char *body)
{
  g_autoptr(Reply) reply = call (f, method, path_and_query, body);

  return reply->status;
}

static void
test_fault_fail_first (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(Reply) first = call (f, "POST", "/sms?failFirst=2", VALID_SMS);

  assert_error (first, SOUP_STATUS_INTERNAL_SERVER_ERROR, "INJECTED_FAILURE", "failFirst");
  g_assert_cmpuint (status_of (f, "POST", "/sms?failFirst=2", VALID_SMS), ==, 500);
  g_assert_cmpuint (status_of (f, "POST", "/sms?failFirst=2", VALID_SMS), ==, 202);
  g_assert_cmpuint (status_of (f, "POST", "/sms?failFirst=2", VALID_SMS), ==, 202);

  /* Another query, another method: counted apart. */
  g_assert_cmpuint (status_of (f, "POST", "/sms?failFirst=2&x=1", VALID_SMS), ==, 500);
  g_assert_cmpuint (status_of (f, "GET", "/echo?failFirst=1", NULL), ==, 500);
  g_assert_cmpuint (status_of (f, "POST", "/echo?failFirst=1", "{}"), ==, 500);
  g_assert_cmpuint (status_of (f, "GET", "/echo?failFirst=1", NULL), ==, 200);
  g_assert_cmpuint (status_of (f, "POST", "/echo?failFirst=1", "{}"), ==, 200);

  /* With the other faults: after the failures, the asked status. */
  g_assert_cmpuint (status_of (f, "GET", "/echo?failFirst=1&status=418", NULL), ==, 500);
  g_assert_cmpuint (status_of (f, "GET", "/echo?failFirst=1&status=418", NULL), ==, 418);
  g_assert_cmpuint (status_of (f, "GET", "/echo?failFirst=0", NULL), ==, 200);

  g_assert_cmpuint (ca_sandbox_get_n_calls (f->sandbox, "/sms"), ==, 5);
}

static void
test_fault_bad_values (Fixture       *f,
                       gconstpointer  data)
{
  static const struct {
    const char *query;
    const char *name;
  } cases[] = {
    { "delay=abc", "delay" },
    { "delay=-5", "delay" },
    { "delay=1.5", "delay" },
    { "delay=999999999", "delay" },
    { "delay=", "delay" },
    { "status=abc", "status" },
    { "status=99", "status" },
    { "status=100", "status" },
    { "status=600", "status" },
    { "retryAfter=soon", "retryAfter" },
    { "retryAfter=-1", "retryAfter" },
    { "failFirst=x", "failFirst" },
    { "failFirst=2.0", "failFirst" },
    { "delay=10&status=5000", "status" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strconcat ("/echo?", cases[i].query, NULL);
      g_autoptr(Reply) reply = call (f, "GET", path, NULL);

      g_test_message ("%s", path);
      assert_error (reply, SOUP_STATUS_BAD_REQUEST, "INVALID_PARAMETER", cases[i].name);
    }
}

/* Counting */

static void
count_answered (CaSandbox  *sandbox,
                const char *method,
                const char *path,
                guint       status,
                guint      *n)
{
  g_assert_nonnull (method);
  g_assert_true (g_str_has_prefix (path, "/"));
  g_assert_cmpuint (status, >=, 200);
  (*n)++;
}

static void
test_calls (Fixture       *f,
            gconstpointer  data)
{
  guint n_signalled = 0;

  g_signal_connect (f->sandbox, "answered", G_CALLBACK (count_answered), &n_signalled);
  g_assert_cmpuint (ca_sandbox_get_n_calls (f->sandbox, NULL), ==, 0);

  g_assert_cmpuint (status_of (f, "GET", "/echo", NULL), ==, 200);
  g_assert_cmpuint (status_of (f, "GET", "/echo?a=1", NULL), ==, 200);
  g_assert_cmpuint (status_of (f, "GET", "/echo/x", NULL), ==, 200);
  g_assert_cmpuint (status_of (f, "POST", "/email", "{}"), ==, 400);
  g_assert_cmpuint (status_of (f, "GET", "/nothing", NULL), ==, 404);
  g_assert_cmpuint (status_of (f, "GET", "/echo?delay=10", NULL), ==, 200);

  g_assert_cmpuint (ca_sandbox_get_n_calls (f->sandbox, "/echo"), ==, 3);
  g_assert_cmpuint (ca_sandbox_get_n_calls (f->sandbox, "/echo/x"), ==, 1);
  g_assert_cmpuint (ca_sandbox_get_n_calls (f->sandbox, "/email"), ==, 1);
  g_assert_cmpuint (ca_sandbox_get_n_calls (f->sandbox, "/nothing"), ==, 1);
  g_assert_cmpuint (ca_sandbox_get_n_calls (f->sandbox, "/sms"), ==, 0);
  g_assert_cmpuint (ca_sandbox_get_n_calls (f->sandbox, NULL), ==, 6);
  g_assert_cmpuint (n_signalled, ==, 6);
}

/* Many calls in flight on kept-alive connections, each answered with its
 * own request. */
#define N_CONCURRENT 96

typedef struct {
  Fixture     *f;
  SoupMessage *msg;
  guint        index;
  guint       *n_done;
} Flight;

static void
flight_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Flight *flight = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                              &error);
  g_autoptr(Reply) reply = NULL;
  g_autofree char *expected = g_strdup_printf ("%u", flight->index);

  g_assert_no_error (error);
  reply = reply_new (flight->msg, body);
  g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (string_at (reply->json, "query.i"), ==, expected);
  g_assert_cmpint (json_node_get_int (member_at (reply->json, "body.i")), ==, flight->index);

  g_object_unref (flight->msg);
  (*flight->n_done)++;
  g_free (flight);
}

static void
test_concurrent (Fixture       *f,
                 gconstpointer  data)
{
  guint n_done = 0;

  for (guint i = 0; i < N_CONCURRENT; i++)
    {
      g_autofree char *path = g_strdup_printf ("/echo/flight?i=%u&delay=%u", i, i % 3 * 10);
      g_autofree char *body = g_strdup_printf ("{\"i\": %u}", i);
      Flight *flight = g_new0 (Flight, 1);

      flight->f = f;
      flight->msg = new_message (f, "POST", path, "application/json", body);
      flight->index = i;
      flight->n_done = &n_done;
      soup_session_send_and_read_async (f->session, flight->msg, G_PRIORITY_DEFAULT, NULL,
                                        flight_done, flight);
    }

  while (n_done < N_CONCURRENT)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (ca_sandbox_get_n_calls (f->sandbox, "/echo/flight"), ==, N_CONCURRENT);
}

static guint
count_open_files (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

/* Calls one after the other share one connection (GET: libsoup opens a
 * new one for each POST), even after a 500; when the client closes it
 * between calls, the sandbox closes its end too (libsoup 3.2 alone would
 * keep it open for good). */
static void
test_keep_alive (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(SoupMessage) first = new_message (f, "GET", "/echo", NULL, NULL);
  g_autoptr(SoupMessage) second = new_message (f, "GET", "/echo?status=500", NULL, NULL);
  g_autoptr(SoupMessage) third = new_message (f, "GET", "/echo", NULL, NULL);
  g_autoptr(Reply) first_reply = NULL;
  g_autoptr(Reply) second_reply = NULL;
  g_autoptr(Reply) third_reply = NULL;
  gint64 deadline;
  guint before;
  guint open;

  if (!g_file_test ("/proc/self/fd", G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("no /proc/self/fd to count open files");
      return;
    }

  before = count_open_files ();
  first_reply = send_message (f, first);
  second_reply = send_message (f, second);
  third_reply = send_message (f, third);
  g_assert_cmpuint (first_reply->status, ==, SOUP_STATUS_OK);
  g_assert_cmpuint (second_reply->status, ==, SOUP_STATUS_INTERNAL_SERVER_ERROR);
  g_assert_cmpuint (third_reply->status, ==, SOUP_STATUS_OK);
  g_assert_cmpuint (soup_message_get_connection_id (first), ==,
                    soup_message_get_connection_id (second));
  g_assert_cmpuint (soup_message_get_connection_id (first), ==,
                    soup_message_get_connection_id (third));
  /* At least the client's end and the sandbox's */
  open = count_open_files ();
  g_assert_cmpuint (open, >=, before + 2);

  /* Both ends close. Generous: this only fails by never finishing. */
  soup_session_abort (f->session);
  deadline = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;
  while (count_open_files () > open - 2 && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_cmpuint (count_open_files (), <=, open - 2);
}

/* "Connection: close" on a kept-alive connection: the sandbox closes its
 * end after answering. */
static void
test_connection_close (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(SoupMessage) first = new_message (f, "GET", "/echo", NULL, NULL);
  g_autoptr(SoupMessage) last = new_message (f, "GET", "/echo?delay=10", NULL, NULL);
  g_autoptr(Reply) first_reply = NULL;
  g_autoptr(Reply) last_reply = NULL;
  gint64 deadline;
  guint open;

  if (!g_file_test ("/proc/self/fd", G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("no /proc/self/fd to count open files");
      return;
    }

  first_reply = send_message (f, first);
  g_assert_cmpuint (first_reply->status, ==, SOUP_STATUS_OK);
  open = count_open_files ();

  soup_message_headers_append (soup_message_get_request_headers (last), "Connection", "close");
  last_reply = send_message (f, last);
  g_assert_cmpuint (last_reply->status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (string_at (last_reply->json, "headers.Connection"), ==, "close");
  g_assert_cmpuint (soup_message_get_connection_id (first), ==,
                    soup_message_get_connection_id (last));

  deadline = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;
  while (count_open_files () > open - 2 && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_cmpuint (count_open_files (), <=, open - 2);
}

/* The sample actions send what the sandbox accepts. */
static void
test_sample_catalog (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GBytes) bytes = ca_catalog_get_sample_bytes ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *actions;
  guint n_channels = 0;

  g_assert_nonnull (bytes);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                             g_bytes_get_size (bytes), &error));
  g_assert_no_error (error);
  actions = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                          "actions");
  g_assert_cmpuint (json_array_get_length (actions), >, 0);

  for (guint i = 0; i < json_array_get_length (actions); i++)
    {
      JsonNode *action = json_array_get_element (actions, i);
      const char *method = string_at (action, "method");
      g_autoptr(GUri) uri = g_uri_parse (string_at (action, "url"), G_URI_FLAGS_ENCODED, &error);
      g_autofree char *body = NULL;
      g_autoptr(Reply) reply = NULL;

      g_assert_no_error (error);
      if (!g_str_equal (method, "GET") && has_member (member_at (action, "request"), "sample"))
        body = json_to_string (member_at (action, "request.sample"), FALSE);

      g_test_message ("%s: %s %s %s", string_at (action, "name"), method, g_uri_get_path (uri),
                      body != NULL ? body : "");
      reply = call (f, method, g_uri_get_path (uri), body);
      g_assert_cmpuint (reply->status, >=, 200);
      g_assert_cmpuint (reply->status, <, 300);
      if (g_str_equal (string_at (action, "category"), "channel"))
        {
          assert_queued (reply);
          n_channels++;
        }
    }

  /* Email, SMS and push at least */
  g_assert_cmpuint (n_channels, >=, 3);
}

int
main (int    argc,
      char **argv)
{
  static const struct {
    const char *path;
    void (*func) (Fixture *f, gconstpointer data);
  } tests[] = {
    { "/ca/sandbox/listen/loopback", test_listen_loopback },
    { "/ca/sandbox/listen/port-in-use", test_listen_port_in_use },
    { "/ca/sandbox/index", test_index },
    { "/ca/sandbox/email/accepted", test_email_accepted },
    { "/ca/sandbox/email/invalid", test_email_invalid },
    { "/ca/sandbox/sms", test_sms },
    { "/ca/sandbox/push", test_push },
    { "/ca/sandbox/method-not-allowed", test_method_not_allowed },
    { "/ca/sandbox/not-found", test_not_found },
    { "/ca/sandbox/echo/json", test_echo_json },
    { "/ca/sandbox/echo/text", test_echo_text },
    { "/ca/sandbox/echo/empty", test_echo_empty },
    { "/ca/sandbox/echo/encoded-path", test_echo_encoded_path },
    { "/ca/sandbox/oauth/form", test_oauth_form },
    { "/ca/sandbox/oauth/json", test_oauth_json },
    { "/ca/sandbox/oauth/basic", test_oauth_basic },
    { "/ca/sandbox/oauth/errors", test_oauth_errors },
    { "/ca/sandbox/oauth/protected", test_protected },
    { "/ca/sandbox/oauth/protected-expired", test_protected_expired },
    { "/ca/sandbox/oauth/revoke", test_revoke },
    { "/ca/sandbox/fault/delay", test_fault_delay },
    { "/ca/sandbox/fault/delay-does-not-block", test_fault_delay_does_not_block },
    { "/ca/sandbox/fault/status", test_fault_status },
    { "/ca/sandbox/fault/retry-after", test_fault_retry_after },
    { "/ca/sandbox/fault/fail-first", test_fault_fail_first },
    { "/ca/sandbox/fault/bad-values", test_fault_bad_values },
    { "/ca/sandbox/calls", test_calls },
    { "/ca/sandbox/concurrent", test_concurrent },
    { "/ca/sandbox/keep-alive", test_keep_alive },
    { "/ca/sandbox/connection-close", test_connection_close },
    { "/ca/sandbox/sample-catalog", test_sample_catalog },
  };

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (tests); i++)
    g_test_add (tests[i].path, Fixture, NULL, fixture_set_up, tests[i].func, fixture_tear_down);

  return g_test_run ();
}
