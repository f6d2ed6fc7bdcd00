/* test-secrets.c: credential values, from the keyring or the environment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs two ways (see tests/meson.build):
 *
 * - inside tests/with-keyring.sh, which sets CA_TEST_KEYRING=1 and gives the
 *   process a private session bus with a fresh, unlocked gnome-keyring: the
 *   /ca/secrets/keyring/ cases use it, and the cases about having no
 *   keyring run in a subprocess that drops the bus;
 * - on its own (and under valgrind): main() drops the session bus first
 *   thing, so the test never writes into the keyring of whoever runs it;
 *   the keyring cases skip and everything else runs in this process.
 */
#include "config.h"

#include <string.h>

#include "ca-action-file.h"
#include "ca-secrets.h"

/* The environment main() sets up, before any thread exists. */
#define ENV_ONLY_ID     "env-only.1"
#define ENV_ONLY_VAR    "CUSTOM_ACTIONS_SECRET_ENV_ONLY_1"
#define ENV_ONLY_VALUE  "env-only-value-91c3e7"
#define BOTH_ID         "both"
#define BOTH_VAR        "CUSTOM_ACTIONS_SECRET_BOTH"
#define BOTH_ENV_VALUE  "env-both-value-55aa0d"
#define EMPTY_ID        "empty"
#define EMPTY_VAR       "CUSTOM_ACTIONS_SECRET_EMPTY"

/* Values that go through the keyring. */
#define BOTH_KEYRING_VALUE  "keyring-both-value-0b7d41"
#define STORED_VALUE        "stored-value-6f1e22"
#define STORED_VALUE_2      "stored-value-second-a93c10"
#define PASSWORD_VALUE      "basic-password-value-1c5d"
#define API_KEY_VALUE       "api-key-value-77e0b2"
#define TOKEN_VALUE         "bearer-token-value-d4a9"
#define HEADER_VALUE        "custom-header-value-3b8f"
#define HEADER_BANG_VALUE   "custom-header-bang-value-e21a"
#define HEADER_HASH_VALUE   "custom-header-hash-value-90cc"
#define CLIENT_ID_VALUE     "client-id-value-58d3"
#define CLIENT_SECRET_VALUE "client-secret-value-c7f6"
#define FILE_PASSWORD_VALUE "file-password-value-4e2b"
#define LOG_VALUE           "log-check-value-2d9a51"

/* Every value above: none may appear in a log message. */
static const char * const secret_values[] = {
  ENV_ONLY_VALUE, BOTH_ENV_VALUE, BOTH_KEYRING_VALUE, STORED_VALUE, STORED_VALUE_2,
  PASSWORD_VALUE, API_KEY_VALUE, TOKEN_VALUE, HEADER_VALUE, HEADER_BANG_VALUE,
  HEADER_HASH_VALUE, CLIENT_ID_VALUE, CLIENT_SECRET_VALUE, FILE_PASSWORD_VALUE,
  LOG_VALUE,
};

/* Helpers */

static gboolean
have_keyring (void)
{
  return ca_secrets_keyring_reachable ();
}

/* TRUE when the caller is to run its checks in this process, with no
 * session bus; else runs the current test in a subprocess that drops the
 * bus, and returns FALSE. Dropping the bus in this process is no option:
 * setenv() is not safe once libsecret's D-Bus threads run. */
static gboolean
without_keyring (void)
{
  if (!have_keyring ())
    return TRUE;

  if (g_test_subprocess ())
    {
      g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
      return TRUE;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  return FALSE;
}

/* FALSE, and the test skipped, when there is no keyring to test. */
static gboolean
with_keyring (void)
{
  if (have_keyring ())
    return TRUE;

  g_test_skip ("no session bus: run under tests/with-keyring.sh for the keyring cases");
  return FALSE;
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **result_out = user_data;

  *result_out = g_object_ref (result);
}

static char *
lookup_async_and_wait (const char    *id,
                       GCancellable  *cancellable,
                       GError       **error)
{
  GAsyncResult *result = NULL;
  char *value;

  ca_secrets_lookup_async (id, cancellable, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  value = ca_secrets_lookup_finish (result, error);
  g_object_unref (result);
  return value;
}

static void
assert_lookup (const char *id,
               const char *expected)
{
  g_autoptr(GError) error = NULL;
  char *value;

  value = ca_secrets_lookup_sync (id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, expected);
  ca_secrets_value_free (value);

  value = lookup_async_and_wait (id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, expected);
  ca_secrets_value_free (value);
}

static void
assert_no_secret_value (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (secret_values); i++)
    {
      if (text != NULL && strstr (text, secret_values[i]) != NULL)
        g_error ("a secret value (#%u) appears in: %s", i, text);
    }
}

static void
assert_plain (CaCredential *credential,
              const char   *value)
{
  g_assert_nonnull (credential);
  g_assert_null (credential->secret_id);
  g_assert_cmpstr (credential->plain, ==, value);
}

static void
assert_reference (CaCredential *credential,
                  const char   *id)
{
  g_assert_nonnull (credential);
  g_assert_true (ca_credential_is_secret (credential));
  g_assert_cmpstr (credential->secret_id, ==, id);
  g_assert_null (credential->plain);
}

static CaAuthParam *
param (GPtrArray *params,
       guint      index)
{
  g_assert_cmpuint (index, <, params->len);
  return g_ptr_array_index (params, index);
}

/* An action with a token endpoint: headers and body parameters, all in
 * clear but one that is a reference already. */
static CaAction *
make_custom_action (const char *name)
{
  CaAction *action = ca_action_new (name);
  CaAuth *auth = ca_auth_new (CA_AUTH_TYPE_CUSTOM);

  ca_action_set_url (action, "https://api.example.com/v1/send");
  auth->endpoint = g_strdup ("https://auth.example.com/token");
  auth->has_body = TRUE;
  auth->body_type = CA_BODY_TYPE_FORM;
  auth->token_in_response = g_strdup ("json://access_token");
  g_ptr_array_add (auth->headers,
                   ca_auth_param_new ("X-Client", ca_credential_new_plain (HEADER_VALUE)));
  /* Both map to the ID "….headers.X_A": each needs a keyring item of its own. */
  g_ptr_array_add (auth->headers,
                   ca_auth_param_new ("X!A", ca_credential_new_plain (HEADER_BANG_VALUE)));
  g_ptr_array_add (auth->headers,
                   ca_auth_param_new ("X#A", ca_credential_new_plain (HEADER_HASH_VALUE)));
  g_ptr_array_add (auth->headers,
                   ca_auth_param_new ("X-Shared", ca_credential_new_secret ("shared-header")));
  g_ptr_array_add (auth->body_params,
                   ca_auth_param_new ("client_id", ca_credential_new_plain (CLIENT_ID_VALUE)));
  g_ptr_array_add (auth->body_params,
                   ca_auth_param_new ("client_secret", ca_credential_new_plain (CLIENT_SECRET_VALUE)));
  ca_action_set_auth (action, auth);
  ca_auth_free (auth);
  return action;
}

static CaAction *
make_simple_action (const char  *name,
                    CaAuthType   type,
                    const char  *value)
{
  CaAction *action = ca_action_new (name);
  CaAuth *auth = ca_auth_new (type);

  ca_action_set_url (action, "https://api.example.com/v1/send");
  switch (type)
    {
    case CA_AUTH_TYPE_BASIC:
      auth->username = g_strdup ("ada");
      auth->password = ca_credential_new_plain (value);
      break;
    case CA_AUTH_TYPE_API_KEY:
      auth->key_name = g_strdup ("X-Api-Key");
      auth->key_location = CA_KEY_LOCATION_HEADER;
      auth->key_value = ca_credential_new_plain (value);
      break;
    case CA_AUTH_TYPE_BEARER:
      auth->token = ca_credential_new_plain (value);
      break;
    case CA_AUTH_TYPE_NONE:
    case CA_AUTH_TYPE_CUSTOM:
    default:
      g_assert_not_reached ();
    }
  ca_action_set_auth (action, auth);
  ca_auth_free (auth);
  return action;
}

/* What an export of @action holds. */
static char *
write_action (CaAction *action)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = ca_action_file_write_one (action, &error);

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* Log capture: every field of every message this process logs. The writer
 * can be set once per process, so main() installs it for all tests. */

static GMutex captured_lock;
static GPtrArray *captured;  /* GBytes, one per field */

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  g_mutex_lock (&captured_lock);
  for (gsize i = 0; i < n_fields; i++)
    {
      gsize length = fields[i].length < 0 ? strlen (fields[i].value) : (gsize) fields[i].length;

      g_ptr_array_add (captured, g_bytes_new (fields[i].value, length));
    }
  g_mutex_unlock (&captured_lock);

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static gboolean
bytes_contain (GBytes     *bytes,
               const char *needle)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  gsize needle_length = strlen (needle);

  for (gsize i = 0; i + needle_length <= size; i++)
    {
      if (memcmp (data + i, needle, needle_length) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
captured_contains (const char *needle)
{
  gboolean found = FALSE;

  g_mutex_lock (&captured_lock);
  for (guint i = 0; i < captured->len && !found; i++)
    found = bytes_contain (g_ptr_array_index (captured, i), needle);
  g_mutex_unlock (&captured_lock);

  return found;
}

/* Names and IDs */

static void
test_env_name (void)
{
  static const struct {
    const char *id;
    const char *name;
  } cases[] = {
    { "push-key", "CUSTOM_ACTIONS_SECRET_PUSH_KEY" },
    { "query.key_1", "CUSTOM_ACTIONS_SECRET_QUERY_KEY_1" },
    { "basic-password", "CUSTOM_ACTIONS_SECRET_BASIC_PASSWORD" },
    { "a.B-c_9", "CUSTOM_ACTIONS_SECRET_A_B_C_9" },
    { "ALREADY_UPPER", "CUSTOM_ACTIONS_SECRET_ALREADY_UPPER" },
    { "sendPush.body.bodyParams.client_secret",
      "CUSTOM_ACTIONS_SECRET_SENDPUSH_BODY_BODYPARAMS_CLIENT_SECRET" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = ca_secrets_env_name (cases[i].id);

      g_assert_cmpstr (name, ==, cases[i].name);
    }
}

static void
test_make_id (void)
{
  static const struct {
    const char *action;
    const char *key;
    const char *id;
  } cases[] = {
    { "sendPush", "password", "sendPush.password" },
    { "sendPush", "value", "sendPush.value" },
    { "crm", "headers.X-Client", "crm.headers.X-Client" },
    { "crm", "body.bodyParams.client_secret", "crm.body.bodyParams.client_secret" },
    { "crm", "headers.X!A", "crm.headers.X_A" },
    { "crm", "body.bodyParams.client secret", "crm.body.bodyParams.client_secret" },
    /* One character, one '_', also outside ASCII. */
    { "crm", "headers.Zoë", "crm.headers.Zo_" },
  };
  g_autofree char *long_a = NULL;
  g_autofree char *long_a_again = NULL;
  g_autofree char *long_b = NULL;
  g_autofree char *long_bang = NULL;
  g_autofree char *long_hash = NULL;
  g_autofree char *long_key = g_strnfill (100, 'k');
  g_autofree char *key_a = g_strconcat ("headers.", long_key, "a", NULL);
  g_autofree char *key_b = g_strconcat ("headers.", long_key, "b", NULL);
  g_autofree char *key_bang = g_strconcat ("headers.!", long_key, NULL);
  g_autofree char *key_hash = g_strconcat ("headers.#", long_key, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *id = ca_secrets_make_id (cases[i].action, cases[i].key);

      g_assert_cmpstr (id, ==, cases[i].id);
      g_assert_true (ca_secret_id_is_valid (id));
    }

  /* Too long for an ID: cut, but still unique and stable. */
  long_a = ca_secrets_make_id ("longAction", key_a);
  long_a_again = ca_secrets_make_id ("longAction", key_a);
  long_b = ca_secrets_make_id ("longAction", key_b);
  long_bang = ca_secrets_make_id ("longAction", key_bang);
  long_hash = ca_secrets_make_id ("longAction", key_hash);
  g_assert_true (ca_secret_id_is_valid (long_a));
  g_assert_true (ca_secret_id_is_valid (long_b));
  g_assert_true (ca_secret_id_is_valid (long_bang));
  g_assert_cmpuint (strlen (long_a), ==, 64);
  g_assert_true (g_str_has_prefix (long_a, "longAction.headers.kkk"));
  g_assert_cmpstr (long_a, ==, long_a_again);
  g_assert_cmpstr (long_a, !=, long_b);
  g_assert_cmpstr (long_bang, !=, long_hash);
}

static void
test_schema (void)
{
  const SecretSchema *schema = ca_secrets_get_schema ();

  g_assert_cmpstr (schema->name, ==, "io.github.customactions.CustomActions");
  g_assert_cmpstr (schema->attributes[0].name, ==, "id");
  g_assert_cmpint (schema->attributes[0].type, ==, SECRET_SCHEMA_ATTRIBUTE_STRING);
  g_assert_null (schema->attributes[1].name);
}

/* The environment */

static void
test_env_lookup (void)
{
  if (!without_keyring ())
    return;

  g_assert_false (ca_secrets_keyring_reachable ());
  assert_lookup (ENV_ONLY_ID, ENV_ONLY_VALUE);
  assert_lookup (BOTH_ID, BOTH_ENV_VALUE);
}

static void
assert_not_found (const char *id,
                  const char *env_name)
{
  g_autoptr(GError) error = NULL;
  char *value;

  value = ca_secrets_lookup_sync (id, NULL, &error);
  g_assert_null (value);
  g_assert_error (error, CA_SECRETS_ERROR, CA_SECRETS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, env_name));
  g_assert_nonnull (strstr (error->message, id));
  g_clear_error (&error);

  value = lookup_async_and_wait (id, NULL, &error);
  g_assert_null (value);
  g_assert_error (error, CA_SECRETS_ERROR, CA_SECRETS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, env_name));
}

/* In neither place: runs with whatever this process has, so it covers
 * the keyring's "no such item" as well when there is one. */
static void
test_not_found (void)
{
  assert_not_found ("nowhere.to-be_found", "CUSTOM_ACTIONS_SECRET_NOWHERE_TO_BE_FOUND");
  /* An empty variable does not count. */
  assert_not_found (EMPTY_ID, EMPTY_VAR);
}

static void
test_not_found_without_keyring (void)
{
  if (!without_keyring ())
    return;

  test_not_found ();
}

static void
test_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CaAction) action = make_simple_action ("cancelled", CA_AUTH_TYPE_BEARER, TOKEN_VALUE);
  g_autoptr(CaAction) before = ca_action_copy (action);
  char *value;

  g_cancellable_cancel (cancellable);

  value = ca_secrets_lookup_sync (ENV_ONLY_ID, cancellable, &error);
  g_assert_null (value);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  value = lookup_async_and_wait (ENV_ONLY_ID, cancellable, &error);
  g_assert_null (value);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  g_assert_false (ca_secrets_store_sync ("cancelled", STORED_VALUE, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* Cancelled is a failure like any other: the action keeps its value. */
  g_assert_false (ca_secrets_store_plain_credentials (action, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (ca_action_equal (action, before));
  assert_plain (ca_action_get_auth (action)->token, TOKEN_VALUE);
}

/* No keyring */

static void
test_no_keyring_store (void)
{
  g_autoptr(GError) error = NULL;

  if (!without_keyring ())
    return;

  g_assert_false (ca_secrets_store_sync ("push-key", STORED_VALUE, NULL, &error));
  g_assert_error (error, CA_SECRETS_ERROR, CA_SECRETS_ERROR_NO_KEYRING);
  g_assert_nonnull (strstr (error->message, "CUSTOM_ACTIONS_SECRET_PUSH_KEY"));
  g_assert_nonnull (strstr (error->message, "{\"secret\": \"push-key\"}"));
  assert_no_secret_value (error->message);
}

static void
test_no_keyring_store_plain (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaAction) action = NULL;
  g_autoptr(CaAction) before = NULL;
  CaAuth *auth;

  if (!without_keyring ())
    return;

  action = make_custom_action ("crm");
  before = ca_action_copy (action);

  g_assert_false (ca_secrets_store_plain_credentials (action, NULL, &error));
  g_assert_error (error, CA_SECRETS_ERROR, CA_SECRETS_ERROR_NO_KEYRING);
  /* The first credential it tried, with the variable that would do instead. */
  g_assert_nonnull (strstr (error->message, "CUSTOM_ACTIONS_SECRET_CRM_HEADERS_X_CLIENT"));
  assert_no_secret_value (error->message);

  /* Nothing moved: every value is still there, in clear. */
  g_assert_true (ca_action_equal (action, before));
  auth = ca_action_get_auth (action);
  assert_plain (param (auth->headers, 0)->value, HEADER_VALUE);
  assert_plain (param (auth->headers, 1)->value, HEADER_BANG_VALUE);
  assert_plain (param (auth->headers, 2)->value, HEADER_HASH_VALUE);
  assert_reference (param (auth->headers, 3)->value, "shared-header");
  assert_plain (param (auth->body_params, 0)->value, CLIENT_ID_VALUE);
  assert_plain (param (auth->body_params, 1)->value, CLIENT_SECRET_VALUE);

  g_clear_error (&error);
  g_clear_object (&action);
  action = make_simple_action ("basic", CA_AUTH_TYPE_BASIC, PASSWORD_VALUE);
  g_assert_false (ca_secrets_store_plain_credentials (action, NULL, &error));
  g_assert_error (error, CA_SECRETS_ERROR, CA_SECRETS_ERROR_NO_KEYRING);
  g_assert_nonnull (strstr (error->message, "CUSTOM_ACTIONS_SECRET_BASIC_PASSWORD"));
  assert_plain (ca_action_get_auth (action)->password, PASSWORD_VALUE);
}

/* A bus address that leads nowhere: libsecret's own error, which the
 * store reports as no keyring, and lookups fall back to the environment.
 * Always in a subprocess, which sets the address before any thread runs. */
static void
test_no_keyring_unreachable_bus (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaAction) action = NULL;
  g_autofree char *address = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  address = g_strdup_printf ("unix:path=%s/no-such-bus", g_get_user_runtime_dir ());
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
  g_assert_true (ca_secrets_keyring_reachable ());

  g_assert_false (ca_secrets_store_sync ("push-key", STORED_VALUE, NULL, &error));
  g_assert_error (error, CA_SECRETS_ERROR, CA_SECRETS_ERROR_NO_KEYRING);
  g_assert_nonnull (strstr (error->message, "CUSTOM_ACTIONS_SECRET_PUSH_KEY"));
  g_assert_nonnull (strstr (error->message, "the keyring said: "));
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  assert_lookup (ENV_ONLY_ID, ENV_ONLY_VALUE);
  assert_not_found ("nowhere.to-be_found", "CUSTOM_ACTIONS_SECRET_NOWHERE_TO_BE_FOUND");

  action = make_simple_action ("unreachable", CA_AUTH_TYPE_API_KEY, API_KEY_VALUE);
  g_assert_false (ca_secrets_store_plain_credentials (action, NULL, &error));
  g_assert_error (error, CA_SECRETS_ERROR, CA_SECRETS_ERROR_NO_KEYRING);
  assert_plain (ca_action_get_auth (action)->key_value, API_KEY_VALUE);
}

/* References only: nothing to store, so no keyring is needed. */
static void
test_no_keyring_nothing_to_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaAction) action = NULL;
  g_autoptr(CaAction) before = NULL;
  CaAuth *auth;

  if (!without_keyring ())
    return;

  action = ca_action_new ("refsOnly");
  auth = ca_auth_new (CA_AUTH_TYPE_API_KEY);
  auth->key_name = g_strdup ("X-Api-Key");
  auth->key_value = ca_credential_new_secret ("push-key");
  ca_action_set_auth (action, auth);
  ca_auth_free (auth);
  before = ca_action_copy (action);

  g_assert_true (ca_secrets_store_plain_credentials (action, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (ca_action_equal (action, before));

  g_clear_object (&action);
  action = ca_action_new ("noAuth");
  g_assert_true (ca_secrets_store_plain_credentials (action, NULL, &error));
  g_assert_no_error (error);
}

/* The keyring */

static void
test_keyring_store_lookup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *env_name = ca_secrets_env_name ("kr.stored");

  if (!with_keyring ())
    return;

  /* Only the keyring has it. */
  g_assert_null (g_getenv (env_name));

  g_assert_true (ca_secrets_store_sync ("kr.stored", STORED_VALUE, NULL, &error));
  g_assert_no_error (error);
  assert_lookup ("kr.stored", STORED_VALUE);

  /* Storing again replaces the value. */
  g_assert_true (ca_secrets_store_sync ("kr.stored", STORED_VALUE_2, NULL, &error));
  g_assert_no_error (error);
  assert_lookup ("kr.stored", STORED_VALUE_2);

  /* The environment is still the fallback next to a keyring. */
  assert_lookup (ENV_ONLY_ID, ENV_ONLY_VALUE);
}

static void
test_keyring_wins_over_env (void)
{
  g_autoptr(GError) error = NULL;

  if (!with_keyring ())
    return;

  g_assert_cmpstr (g_getenv (BOTH_VAR), ==, BOTH_ENV_VALUE);
  g_assert_true (ca_secrets_store_sync (BOTH_ID, BOTH_KEYRING_VALUE, NULL, &error));
  g_assert_no_error (error);
  assert_lookup (BOTH_ID, BOTH_KEYRING_VALUE);
}

static void
test_keyring_store_plain (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaAction) basic = NULL;
  g_autoptr(CaAction) api_key = NULL;
  g_autoptr(CaAction) bearer = NULL;
  g_autoptr(CaAction) custom = NULL;
  CaAction *all[4];
  CaAuth *auth;

  if (!with_keyring ())
    return;

  all[0] = basic = make_simple_action ("kBasic", CA_AUTH_TYPE_BASIC, PASSWORD_VALUE);
  all[1] = api_key = make_simple_action ("kApiKey", CA_AUTH_TYPE_API_KEY, API_KEY_VALUE);
  all[2] = bearer = make_simple_action ("kBearer", CA_AUTH_TYPE_BEARER, TOKEN_VALUE);
  all[3] = custom = make_custom_action ("kCustom");

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      g_assert_true (ca_secrets_store_plain_credentials (all[i], NULL, &error));
      g_assert_no_error (error);
    }

  /* Only references are left, and the keyring has the values. */
  auth = ca_action_get_auth (basic);
  g_assert_cmpstr (auth->username, ==, "ada");
  assert_reference (auth->password, "kBasic.password");
  assert_lookup ("kBasic.password", PASSWORD_VALUE);

  auth = ca_action_get_auth (api_key);
  assert_reference (auth->key_value, "kApiKey.value");
  assert_lookup ("kApiKey.value", API_KEY_VALUE);

  auth = ca_action_get_auth (bearer);
  assert_reference (auth->token, "kBearer.token");
  assert_lookup ("kBearer.token", TOKEN_VALUE);

  auth = ca_action_get_auth (custom);
  assert_reference (param (auth->headers, 0)->value, "kCustom.headers.X-Client");
  assert_reference (param (auth->headers, 1)->value, "kCustom.headers.X_A");
  assert_reference (param (auth->headers, 2)->value, "kCustom.headers.X_A-2");
  assert_reference (param (auth->headers, 3)->value, "shared-header");
  assert_reference (param (auth->body_params, 0)->value, "kCustom.body.bodyParams.client_id");
  assert_reference (param (auth->body_params, 1)->value, "kCustom.body.bodyParams.client_secret");
  assert_lookup ("kCustom.headers.X-Client", HEADER_VALUE);
  assert_lookup ("kCustom.headers.X_A", HEADER_BANG_VALUE);
  assert_lookup ("kCustom.headers.X_A-2", HEADER_HASH_VALUE);
  assert_lookup ("kCustom.body.bodyParams.client_id", CLIENT_ID_VALUE);
  assert_lookup ("kCustom.body.bodyParams.client_secret", CLIENT_SECRET_VALUE);

  /* So an export carries the references and no value. */
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      g_autofree char *text = write_action (all[i]);

      assert_no_secret_value (text);
      g_assert_nonnull (strstr (text, "\"secret\""));
    }

  /* Once more: nothing left to move, nothing changes. */
  {
    g_autoptr(CaAction) before = ca_action_copy (custom);

    g_assert_true (ca_secrets_store_plain_credentials (custom, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (ca_action_equal (custom, before));
  }
}

/* The import path: a file with a credential in clear. */
static void
test_keyring_import_file (void)
{
  static const char file[] =
    "{\"format\": 1, \"actions\": [{"
    "  \"name\": \"imported\", \"category\": \"custom\","
    "  \"url\": \"https://api.example.com/v1/send\", \"method\": \"POST\","
    "  \"auth\": {\"type\": \"basic\", \"username\": \"ada\","
    "             \"password\": \"" FILE_PASSWORD_VALUE "\"}"
    "}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static (file, sizeof file - 1);
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autofree char *text = NULL;
  CaAction *action;

  if (!with_keyring ())
    return;

  actions = ca_action_file_parse_all (bytes, CA_ACTION_FILE_ALLOW_PLAIN_CREDENTIALS, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (actions->len, ==, 1);
  action = g_ptr_array_index (actions, 0);
  assert_plain (ca_action_get_auth (action)->password, FILE_PASSWORD_VALUE);

  g_assert_true (ca_secrets_store_plain_credentials (action, NULL, &error));
  g_assert_no_error (error);
  assert_reference (ca_action_get_auth (action)->password, "imported.password");
  assert_lookup ("imported.password", FILE_PASSWORD_VALUE);

  written = ca_action_file_write (actions, &error);
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (written, NULL), g_bytes_get_size (written));
  assert_no_secret_value (text);
  g_assert_nonnull (strstr (text, "\"imported.password\""));
}

/* Logs */

static void
test_no_secret_in_logs (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaAction) action = make_custom_action ("logCheck");
  g_autoptr(CaAction) basic = make_simple_action ("logBasic", CA_AUTH_TYPE_BASIC, LOG_VALUE);
  char *value;

  /* The writer sees debug messages: the check below is not vacuous. */
  g_debug ("log capture marker 5c1f");
  g_assert_true (captured_contains ("log capture marker 5c1f"));

  /* Everything that handles a value, on whichever path this process has
   * (keyring or environment), failures included. */
  if (ca_secrets_store_sync ("log.check", LOG_VALUE, NULL, &error))
    {
      value = ca_secrets_lookup_sync ("log.check", NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (value, ==, LOG_VALUE);
      ca_secrets_value_free (value);
      value = lookup_async_and_wait ("log.check", NULL, &error);
      g_assert_no_error (error);
      ca_secrets_value_free (value);
    }
  else
    {
      g_assert_error (error, CA_SECRETS_ERROR, CA_SECRETS_ERROR_NO_KEYRING);
      assert_no_secret_value (error->message);
      g_clear_error (&error);
    }

  value = ca_secrets_lookup_sync (ENV_ONLY_ID, NULL, &error);
  g_assert_no_error (error);
  ca_secrets_value_free (value);
  value = lookup_async_and_wait (BOTH_ID, NULL, &error);
  g_assert_no_error (error);
  ca_secrets_value_free (value);

  value = ca_secrets_lookup_sync ("log.missing", NULL, &error);
  g_assert_null (value);
  assert_no_secret_value (error->message);
  g_clear_error (&error);

  if (!ca_secrets_store_plain_credentials (action, NULL, &error))
    {
      assert_no_secret_value (error->message);
      g_clear_error (&error);
    }
  if (!ca_secrets_store_plain_credentials (basic, NULL, &error))
    {
      assert_no_secret_value (error->message);
      g_clear_error (&error);
    }

  /* Everything this process logged so far, from every test before this
   * one too, in every field (not only MESSAGE). */
  for (guint i = 0; i < G_N_ELEMENTS (secret_values); i++)
    {
      if (captured_contains (secret_values[i]))
        g_error ("secret value #%u appears in a log message", i);
    }
  g_test_message ("checked %u captured log fields", captured->len);
}

int
main (int   argc,
      char *argv[])
{
  /* Outside tests/with-keyring.sh the session bus is whoever's runs the
   * tests, with their real keyring: never store test values there. */
  if (g_strcmp0 (g_getenv ("CA_TEST_KEYRING"), "1") != 0)
    g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");

  /* Before g_test_init() and any thread: setenv() is not thread-safe. */
  g_setenv (ENV_ONLY_VAR, ENV_ONLY_VALUE, TRUE);
  g_setenv (BOTH_VAR, BOTH_ENV_VALUE, TRUE);
  g_setenv (EMPTY_VAR, "", TRUE);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);

  captured = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  /* Debug messages go to stdout by default, where they break TAP. */
  g_log_writer_default_set_use_stderr (TRUE);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ca/secrets/env-name", test_env_name);
  g_test_add_func ("/ca/secrets/make-id", test_make_id);
  g_test_add_func ("/ca/secrets/schema", test_schema);
  g_test_add_func ("/ca/secrets/env/lookup", test_env_lookup);
  g_test_add_func ("/ca/secrets/env/not-found", test_not_found_without_keyring);
  g_test_add_func ("/ca/secrets/not-found", test_not_found);
  g_test_add_func ("/ca/secrets/cancelled", test_cancelled);
  g_test_add_func ("/ca/secrets/no-keyring/store", test_no_keyring_store);
  g_test_add_func ("/ca/secrets/no-keyring/store-plain", test_no_keyring_store_plain);
  g_test_add_func ("/ca/secrets/no-keyring/nothing-to-store", test_no_keyring_nothing_to_store);
  g_test_add_func ("/ca/secrets/no-keyring/unreachable-bus", test_no_keyring_unreachable_bus);
  g_test_add_func ("/ca/secrets/keyring/store-lookup", test_keyring_store_lookup);
  g_test_add_func ("/ca/secrets/keyring/wins-over-env", test_keyring_wins_over_env);
  g_test_add_func ("/ca/secrets/keyring/store-plain", test_keyring_store_plain);
  g_test_add_func ("/ca/secrets/keyring/import-file", test_keyring_import_file);
  /* Last (a suite of its own, made last, runs after the others): it also
   * checks what every test before it logged. */
  g_test_add_func ("/ca/secrets/logs/no-secret-value", test_no_secret_in_logs);

  return g_test_run ();
}
