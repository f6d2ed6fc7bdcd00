/* test-auth-check.c: checking a token endpoint, against a real server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case runs a SoupServer of its own on 127.0.0.1 (port 0): /token
 * hands out tokens as the case scripts it, /api accepts the last token it
 * handed out. Secrets come from CUSTOM_ACTIONS_SECRET_<ID> only (the
 * session bus is dropped first). Every secret value and every token
 * contains SECRET_MARK, so that one search finds any of them in a message.
 */
#include "config.h"

#include <gio/gio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "ca-action-file.h"
#include "ca-authenticator.h"
#include "ca-invoker.h"
#include "ca-rate-limiter.h"
#include "ca-render.h"
#include "ca-result.h"
#include "ca-secrets.h"
#include "ca-test-net.h"

#define SECRET_MARK   "S3cr3t"
#define CLIENT_ID     "client-id-" SECRET_MARK
#define CLIENT_SECRET "client-secret-" SECRET_MARK
#define WAIT_SECONDS  20

typedef enum {
  TOKEN_JSON,       /* {"access_token": …, "expires_in": …} */
  TOKEN_PLAIN,      /* the whole answer */
  TOKEN_EMPTY,      /* 200, nothing */
  TOKEN_STATUS,     /* f->status with an error that echoes the client secret */
  TOKEN_HOLD,       /* never answers */
} TokenMode;

typedef struct {
  SoupServer *server;
  char       *base;
  GPtrArray  *tokens;   /* char *, handed out */
  GPtrArray  *held;     /* SoupServerMessage */
  GPtrArray  *api_seen; /* char *: the token each /api call presented */
  TokenMode   mode;
  guint       status;
  int         expires_in; /* < 0: not in the answer */
} Fixture;

static void
reply (SoupServerMessage *msg,
       guint              status,
       const char        *type,
       const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
respond_token (Fixture           *f,
               SoupServerMessage *msg)
{
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (request_body);
  g_autofree char *form = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(GHashTable) params = soup_form_decode (form);
  g_autofree char *token = NULL;
  g_autofree char *json = NULL;

  if (f->mode == TOKEN_HOLD)
    {
      soup_server_message_pause (msg);
      g_ptr_array_add (f->held, g_object_ref (msg));
      return;
    }

  if (f->mode == TOKEN_STATUS)
    {
      /* An endpoint that echoes what it was sent: the excerpt must not. */
      json = g_strdup_printf ("{\"error\": \"invalid_client\", \"client_secret\": \"%s\"}",
                              (const char *) g_hash_table_lookup (params, "client_secret"));
      reply (msg, f->status, "application/json", json);
      return;
    }

  if (g_strcmp0 (g_hash_table_lookup (params, "client_id"), CLIENT_ID) != 0 ||
      g_strcmp0 (g_hash_table_lookup (params, "client_secret"), CLIENT_SECRET) != 0)
    {
      reply (msg, 400, "application/json", "{\"error\": \"invalid_client\"}");
      return;
    }

  token = g_strdup_printf ("tok-%u-" SECRET_MARK, f->tokens->len + 1);
  g_ptr_array_add (f->tokens, g_strdup (token));

  switch (f->mode)
    {
    case TOKEN_PLAIN:
      reply (msg, 200, "text/plain", token);
      break;
    case TOKEN_EMPTY:
      reply (msg, 200, "text/plain", "");
      break;
    case TOKEN_JSON:
    case TOKEN_STATUS:
    case TOKEN_HOLD:
    default:
      if (f->expires_in >= 0)
        json = g_strdup_printf ("{\"access_token\": \"%s\", \"token_type\": \"Bearer\", \"expires_in\": %d}",
                                token, f->expires_in);
      else
        json = g_strdup_printf ("{\"access_token\": \"%s\", \"token_type\": \"Bearer\"}", token);
      reply (msg, 200, "application/json", json);
      break;
    }
}

static void
respond_api (Fixture           *f,
             SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  const char *token = authorization != NULL && g_str_has_prefix (authorization, "Bearer ")
                      ? authorization + strlen ("Bearer ") : NULL;

  g_ptr_array_add (f->api_seen, g_strdup (token != NULL ? token : ""));
  if (token != NULL && f->tokens->len > 0 &&
      g_str_equal (token, g_ptr_array_index (f->tokens, f->tokens->len - 1)))
    reply (msg, 200, "application/json", "{\"id\": \"m1\", \"status\": \"queued\"}");
  else
    reply (msg, 401, "application/json", "{\"error\": \"invalid_token\"}");
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Fixture *f = user_data;

  if (g_str_equal (path, "/token"))
    respond_token (f, msg);
  else
    respond_api (f, msg);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  f->tokens = g_ptr_array_new_with_free_func (g_free);
  f->held = g_ptr_array_new_with_free_func (g_object_unref);
  f->api_seen = g_ptr_array_new_with_free_func (g_free);
  f->expires_in = 3600;
  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, server_callback, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_clear_pointer (&f->held, g_ptr_array_unref);
  g_clear_pointer (&f->tokens, g_ptr_array_unref);
  g_clear_pointer (&f->api_seen, g_ptr_array_unref);
  g_clear_pointer (&f->base, g_free);
}

/* An action whose token comes from the fixture's /token; @extra: more
 * members of "auth". */
static CaAction *
token_action (Fixture    *f,
              const char *token_in_response,
              const char *extra)
{
  g_autofree char *json = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GError) error = NULL;

  json = g_strdup_printf ("{\"format\": 1, \"actions\": [{"
                          "\"name\": \"tokenAction\", \"url\": \"%s/api\", \"method\": \"POST\","
                          "\"timeoutSeconds\": 2, \"retries\": 0,"
                          "\"request\": {\"sample\": {\"to\": \"someone\"}},"
                          "\"auth\": {\"type\": \"custom\", \"endpoint\": \"%s/token\", \"method\": \"POST\","
                          "\"body\": {\"bodyType\": \"form\", \"bodyParams\": {"
                          "\"client_id\": {\"secret\": \"client-id\"},"
                          "\"client_secret\": {\"secret\": \"client-secret\"}}},"
                          "\"tokenInResponse\": \"%s\"%s}}]}",
                          f->base, f->base, token_in_response, extra != NULL ? extra : "");
  bytes = g_bytes_new (json, strlen (json));
  actions = ca_action_file_parse_all (bytes, CA_ACTION_FILE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (actions->len, ==, 1);
  return g_object_ref (g_ptr_array_index (actions, 0));
}

/* Waiting */

typedef struct {
  gboolean  done;
  gboolean  ok;
  gint64    expires_in;
  GError   *error;
  CaResult *result;
} Outcome;

static void
outcome_clear (Outcome *outcome)
{
  g_clear_error (&outcome->error);
  g_clear_pointer (&outcome->result, ca_result_free);
}

static gboolean
give_up (gpointer data)
{
  g_error ("Timed out after %d seconds", WAIT_SECONDS);
  return G_SOURCE_REMOVE;
}

static void
wait_for (Outcome *outcome)
{
  guint guard = g_timeout_add_seconds (WAIT_SECONDS, give_up, NULL);

  while (!outcome->done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
}

static void
checked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->ok = ca_authenticator_check_finish (CA_AUTHENTICATOR (source), result,
                                               &outcome->expires_in, &outcome->error);
  outcome->done = TRUE;
}

static void
check (CaInvoker    *invoker,
       CaAction     *action,
       GCancellable *cancellable,
       Outcome      *outcome)
{
  memset (outcome, 0, sizeof *outcome);
  outcome->expires_in = -1;
  ca_authenticator_check_async (ca_invoker_get_authenticator (invoker), action, cancellable,
                                checked_cb, outcome);
  /* Never completes before the main loop runs. */
  g_assert_false (outcome->done);
  wait_for (outcome);
  g_assert_true (outcome->ok == (outcome->error == NULL));
  if (outcome->error != NULL)
    {
      g_test_message ("check: %s", outcome->error->message);
      g_assert_null (strstr (outcome->error->message, SECRET_MARK));
    }
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->result = ca_invoker_send_finish (CA_INVOKER (source), result, &outcome->error);
  outcome->done = TRUE;
}

static void
send (CaInvoker *invoker,
      CaAction  *action,
      Outcome   *outcome)
{
  g_autoptr(CaRequest) request = NULL;
  g_autoptr(GError) error = NULL;

  memset (outcome, 0, sizeof *outcome);
  request = ca_render (action, NULL, &error);
  g_assert_no_error (error);
  ca_invoker_send_async (invoker, action, request, NULL, sent_cb, outcome);
  wait_for (outcome);
  g_assert_no_error (outcome->error);
  g_assert_nonnull (outcome->result);
}

static const char *
last_api_token (Fixture *f)
{
  g_assert_cmpuint (f->api_seen->len, >, 0);
  return g_ptr_array_index (f->api_seen, f->api_seen->len - 1);
}

/* Cases */

static void
test_success (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(CaInvoker) invoker = ca_test_new_invoker ();
  g_autoptr(CaAction) action = token_action (f, "json://access_token",
                                             ", \"expiryInResponse\": \"json://expires_in\"");
  Outcome outcome;

  f->expires_in = 1234;
  check (invoker, action, NULL, &outcome);
  g_assert_no_error (outcome.error);
  g_assert_true (outcome.ok);
  g_assert_cmpint (outcome.expires_in, ==, 1234);
  g_assert_cmpuint (f->tokens->len, ==, 1);
  g_assert_cmpuint (ca_authenticator_get_n_token_fetches (ca_invoker_get_authenticator (invoker)), ==, 1);
  outcome_clear (&outcome);

  /* A send that follows uses the token the check fetched. */
  send (invoker, action, &outcome);
  g_assert_cmpuint (outcome.result->status, ==, 200);
  g_assert_cmpuint (f->tokens->len, ==, 1);
  g_assert_cmpstr (last_api_token (f), ==, "tok-1-" SECRET_MARK);
  outcome_clear (&outcome);
}

static void
test_lifetimes (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(CaInvoker) invoker = ca_test_new_invoker ();
  g_autoptr(CaAction) by_default = token_action (f, "json://access_token", NULL);
  g_autoptr(CaAction) fixed = token_action (f, "json://access_token",
                                            ", \"cacheDuration\": {\"duration\": 2, \"timeUnit\": \"minutes\"}");
  g_autoptr(CaAction) plain = token_action (f, "response", NULL);
  Outcome outcome;

  /* No expiry asked for: an hour, whatever the answer says. */
  f->expires_in = 60;
  check (invoker, by_default, NULL, &outcome);
  g_assert_true (outcome.ok);
  g_assert_cmpint (outcome.expires_in, ==, CA_AUTHENTICATOR_DEFAULT_TOKEN_SECONDS);
  outcome_clear (&outcome);

  check (invoker, fixed, NULL, &outcome);
  g_assert_true (outcome.ok);
  g_assert_cmpint (outcome.expires_in, ==, 120);
  outcome_clear (&outcome);

  f->mode = TOKEN_PLAIN;
  check (invoker, plain, NULL, &outcome);
  g_assert_true (outcome.ok);
  g_assert_cmpint (outcome.expires_in, ==, CA_AUTHENTICATOR_DEFAULT_TOKEN_SECONDS);
  outcome_clear (&outcome);
}

static void
test_cache_replaced (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CaInvoker) invoker = ca_test_new_invoker ();
  g_autoptr(CaAction) action = token_action (f, "json://access_token", NULL);
  Outcome outcome;

  /* A send caches tok-1, then the check fetches tok-2 although tok-1 is
   * still good, and the next send presents tok-2 (the API accepts only
   * the latest token). */
  send (invoker, action, &outcome);
  g_assert_cmpuint (outcome.result->status, ==, 200);
  g_assert_cmpstr (last_api_token (f), ==, "tok-1-" SECRET_MARK);
  outcome_clear (&outcome);

  check (invoker, action, NULL, &outcome);
  g_assert_true (outcome.ok);
  g_assert_cmpuint (f->tokens->len, ==, 2);
  outcome_clear (&outcome);

  send (invoker, action, &outcome);
  g_assert_cmpuint (outcome.result->status, ==, 200);
  g_assert_cmpstr (last_api_token (f), ==, "tok-2-" SECRET_MARK);
  g_assert_cmpuint (f->tokens->len, ==, 2);
  g_assert_cmpuint (ca_authenticator_get_n_token_fetches (ca_invoker_get_authenticator (invoker)), ==, 2);
  outcome_clear (&outcome);
}

static void
test_http_error (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CaInvoker) invoker = ca_test_new_invoker ();
  g_autoptr(CaAction) action = token_action (f, "json://access_token", NULL);
  Outcome outcome;

  f->mode = TOKEN_STATUS;
  f->status = 401;
  check (invoker, action, NULL, &outcome);
  g_assert_false (outcome.ok);
  g_assert_error (outcome.error, CA_AUTHENTICATOR_ERROR, CA_AUTHENTICATOR_ERROR_TOKEN);
  g_assert_nonnull (strstr (outcome.error->message, "HTTP 401 Unauthorized"));
  g_assert_nonnull (strstr (outcome.error->message, f->base));
  /* What the endpoint said, with the secret it echoed masked. */
  g_assert_nonnull (strstr (outcome.error->message, "{\"error\": \"invalid_client\", \"client_secret\": \"" CA_MASK "\"}"));
  outcome_clear (&outcome);

  /* Nothing was cached: a send fetches (and is refused) again. */
  g_assert_cmpuint (f->tokens->len, ==, 0);
}

static void
test_no_token (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(CaInvoker) invoker = ca_test_new_invoker ();
  g_autoptr(CaAction) wrong_path = token_action (f, "json://token", NULL);
  g_autoptr(CaAction) deep_path = token_action (f, "json://data.token", NULL);
  g_autoptr(CaAction) not_string = token_action (f, "json://expires_in", NULL);
  g_autoptr(CaAction) plain_answer = token_action (f, "json://access_token", NULL);
  g_autoptr(CaAction) whole = token_action (f, "response", NULL);
  Outcome outcome;

  check (invoker, wrong_path, NULL, &outcome);
  g_assert_error (outcome.error, CA_AUTHENTICATOR_ERROR, CA_AUTHENTICATOR_ERROR_TOKEN);
  g_assert_nonnull (strstr (outcome.error->message, "nothing at json://token"));
  /* Says what the answer has instead: names, no values. */
  g_assert_nonnull (strstr (outcome.error->message,
                            "json://access_token, json://token_type, json://expires_in"));
  outcome_clear (&outcome);

  check (invoker, deep_path, NULL, &outcome);
  g_assert_nonnull (outcome.error);
  g_assert_nonnull (strstr (outcome.error->message, "nothing at json://data.token"));
  g_assert_nonnull (strstr (outcome.error->message, "json://access_token"));
  outcome_clear (&outcome);

  check (invoker, not_string, NULL, &outcome);
  g_assert_nonnull (outcome.error);
  g_assert_nonnull (strstr (outcome.error->message, "At json://expires_in"));
  g_assert_nonnull (strstr (outcome.error->message, "a number"));
  outcome_clear (&outcome);

  f->mode = TOKEN_PLAIN;
  check (invoker, plain_answer, NULL, &outcome);
  g_assert_nonnull (outcome.error);
  g_assert_nonnull (strstr (outcome.error->message, "not JSON"));
  outcome_clear (&outcome);

  f->mode = TOKEN_EMPTY;
  check (invoker, whole, NULL, &outcome);
  g_assert_nonnull (outcome.error);
  g_assert_nonnull (strstr (outcome.error->message, "empty body"));
  outcome_clear (&outcome);
}

static void
test_unreachable (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(CaInvoker) invoker = ca_test_new_invoker ();
  g_autoptr(CaAction) action = token_action (f, "json://access_token", NULL);
  g_autofree char *endpoint = g_strdup_printf ("http://127.0.0.1:%u/token", ca_test_closed_port ());
  Outcome outcome;

  g_free (ca_action_get_auth (action)->endpoint);
  ca_action_get_auth (action)->endpoint = g_strdup (endpoint);
  check (invoker, action, NULL, &outcome);
  g_assert_error (outcome.error, CA_AUTHENTICATOR_ERROR, CA_AUTHENTICATOR_ERROR_TOKEN);
  g_assert_nonnull (strstr (outcome.error->message, "could not be reached"));
  g_assert_nonnull (strstr (outcome.error->message, endpoint));
  g_assert_nonnull (strstr (outcome.error->message, "refused"));
  outcome_clear (&outcome);
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(CaInvoker) invoker = ca_test_new_invoker ();
  g_autoptr(CaAction) action = token_action (f, "json://access_token", NULL);
  Outcome outcome;

  f->mode = TOKEN_HOLD;
  ca_action_set_timeout_seconds (action, 1);
  check (invoker, action, NULL, &outcome);
  g_assert_error (outcome.error, CA_AUTHENTICATOR_ERROR, CA_AUTHENTICATOR_ERROR_TOKEN);
  g_assert_nonnull (strstr (outcome.error->message, "did not answer within 1 second;"));
  outcome_clear (&outcome);
}

static gboolean
cancel_soon (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CaInvoker) invoker = ca_test_new_invoker ();
  g_autoptr(CaAction) action = token_action (f, "json://access_token", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Outcome outcome;
  gint64 start = g_get_monotonic_time ();

  f->mode = TOKEN_HOLD;
  ca_action_set_timeout_seconds (action, 30);
  g_timeout_add (200, cancel_soon, cancellable);
  check (invoker, action, cancellable, &outcome);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  outcome_clear (&outcome);
}

static void
test_not_custom (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CaInvoker) invoker = ca_test_new_invoker ();
  g_autoptr(CaAction) action = token_action (f, "json://access_token", NULL);
  g_autoptr(CaAuth) basic = ca_auth_new (CA_AUTH_TYPE_BASIC);
  Outcome outcome;

  basic->username = g_strdup ("user");
  basic->password = ca_credential_new_plain ("pa55-" SECRET_MARK);
  ca_action_set_auth (action, basic);
  check (invoker, action, NULL, &outcome);
  g_assert_error (outcome.error, CA_AUTHENTICATOR_ERROR, CA_AUTHENTICATOR_ERROR_NO_TOKEN_ENDPOINT);
  g_assert_nonnull (strstr (outcome.error->message, "no token endpoint"));
  outcome_clear (&outcome);

  ca_action_set_auth (action, NULL);
  check (invoker, action, NULL, &outcome);
  g_assert_error (outcome.error, CA_AUTHENTICATOR_ERROR, CA_AUTHENTICATOR_ERROR_NO_TOKEN_ENDPOINT);
  outcome_clear (&outcome);
  g_assert_cmpuint (f->tokens->len, ==, 0);
}

static void
test_incomplete (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CaInvoker) invoker = ca_test_new_invoker ();
  g_autoptr(CaAction) action = token_action (f, "json://access_token", NULL);
  CaAuth *auth = ca_action_get_auth (action);
  CaAuthParam *param = g_ptr_array_index (auth->body_params, 1);
  Outcome outcome;

  /* A value typed in the dialog, not yet in the keyring, is used as is. */
  ca_credential_free (param->value);
  param->value = ca_credential_new_plain (CLIENT_SECRET);
  check (invoker, action, NULL, &outcome);
  g_assert_no_error (outcome.error);
  outcome_clear (&outcome);

  /* A secret that is nowhere: the lookup's error, naming the variable. */
  ca_credential_free (param->value);
  param->value = ca_credential_new_secret ("not-there");
  check (invoker, action, NULL, &outcome);
  g_assert_error (outcome.error, CA_SECRETS_ERROR, CA_SECRETS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (outcome.error->message, "CUSTOM_ACTIONS_SECRET_NOT_THERE"));
  outcome_clear (&outcome);

  /* No value at all. */
  g_clear_pointer (&param->value, ca_credential_free);
  check (invoker, action, NULL, &outcome);
  g_assert_nonnull (outcome.error);
  g_assert_nonnull (strstr (outcome.error->message, "body parameter \"client_secret\" has no value"));
  outcome_clear (&outcome);
  param->value = ca_credential_new_secret ("client-secret");

  /* Where the token is, unsaid. */
  g_clear_pointer (&auth->token_in_response, g_free);
  check (invoker, action, NULL, &outcome);
  g_assert_nonnull (outcome.error);
  g_assert_nonnull (strstr (outcome.error->message, "Token in Response"));
  outcome_clear (&outcome);
  auth->token_in_response = g_strdup ("json://access_token");

  /* A broken expiry path. */
  auth->expiry_in_response = g_strdup ("x");
  check (invoker, action, NULL, &outcome);
  g_assert_nonnull (outcome.error);
  g_assert_nonnull (strstr (outcome.error->message, "Expiry in Response"));
  outcome_clear (&outcome);
  g_clear_pointer (&auth->expiry_in_response, g_free);

  /* No endpoint, and one that is not a URL. */
  g_clear_pointer (&auth->endpoint, g_free);
  check (invoker, action, NULL, &outcome);
  g_assert_nonnull (outcome.error);
  g_assert_nonnull (strstr (outcome.error->message, "Endpoint URL"));
  outcome_clear (&outcome);

  auth->endpoint = g_strdup ("not a url");
  check (invoker, action, NULL, &outcome);
  g_assert_nonnull (outcome.error);
  g_assert_nonnull (strstr (outcome.error->message, "not a valid URL"));
  outcome_clear (&outcome);

  g_assert_cmpuint (f->tokens->len, ==, 1);
}

static void
add_test (const char *name,
          void (*func) (Fixture *, gconstpointer))
{
  g_autofree char *path = g_strconcat ("/ca/auth-check/", name, NULL);

  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* No keyring: secrets come from the environment alone. Before
   * g_test_init() and any thread, as setenv() is not thread-safe. */
  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  g_unsetenv ("CUSTOM_ACTIONS_SECRET_NOT_THERE");
  g_setenv ("CUSTOM_ACTIONS_SECRET_CLIENT_ID", CLIENT_ID, TRUE);
  g_setenv ("CUSTOM_ACTIONS_SECRET_CLIENT_SECRET", CLIENT_SECRET, TRUE);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  add_test ("success", test_success);
  add_test ("lifetimes", test_lifetimes);
  add_test ("cache-replaced", test_cache_replaced);
  add_test ("http-error", test_http_error);
  add_test ("no-token", test_no_token);
  add_test ("unreachable", test_unreachable);
  add_test ("timeout", test_timeout);
  add_test ("cancel", test_cancel);
  add_test ("not-custom", test_not_custom);
  add_test ("incomplete", test_incomplete);

  status = g_test_run ();
  return status;
}
