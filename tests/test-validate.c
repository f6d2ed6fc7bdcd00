/* test-validate.c: the rules of the action file format, one by one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ca-action-file.h"
#include "ca-catalog.h"
#include "ca-enums.h"

/* JSON written with ' for " */
static JsonNode *
node (const char *text)
{
  g_autofree char *copy = g_strdup (text);
  g_autoptr(GError) error = NULL;
  JsonNode *result;

  g_strdelimit (copy, "'", '"');
  result = json_from_string (copy, &error);
  g_assert_no_error (error);
  g_assert (result != NULL);
  return result;
}

/* A valid action to break one rule at a time: a POST with a payload. */
static CaAction *
valid_action (void)
{
  CaAction *action = ca_action_new ("sendThing");
  g_autoptr(JsonNode) sample = node ("{'to': 'x', 'count': 1, 'tags': ['a'], "
                                     "'items': [{'sku': 'A1'}], 'message': {'title': 'Hi'}}");

  ca_action_set_url (action, "https://api.example.com/v1/send");
  ca_action_set_request_sample (action, sample);
  g_ptr_array_add (ca_action_get_request_fields (action),
                   ca_field_new ("to", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_STRING));
  return action;
}

static GPtrArray *
validate (CaAction *action)
{
  GPtrArray *problems = ca_problems_new ();

  ca_action_validate (action, NULL, problems);
  return problems;
}

static char *
dump_problems (GPtrArray *problems)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      const CaProblem *problem = g_ptr_array_index (problems, i);
      g_autofree char *line = ca_problem_to_string (problem);

      g_string_append_printf (text, "  %s%s\n",
                              problem->severity == CA_PROBLEM_WARNING ? "(warning) " : "", line);
    }

  return g_string_free (text, FALSE);
}

/* Checks that @action has an error at @path (and no other problem there)
 * whose message contains each of the NULL-terminated key words. */
static void
assert_error_at (CaAction   *action,
                 const char *path,
                 ...)
{
  g_autoptr(GPtrArray) problems = validate (action);
  g_autofree char *dump = dump_problems (problems);
  const CaProblem *found = NULL;
  guint n_at_path = 0;
  const char *word;
  va_list args;

  g_test_message ("expected an error at %s; problems:\n%s", path, dump);
  for (guint i = 0; i < problems->len; i++)
    {
      const CaProblem *problem = g_ptr_array_index (problems, i);

      if (g_str_equal (problem->path, path))
        {
          found = problem;
          n_at_path++;
        }
    }

  g_assert (found != NULL);
  g_assert_cmpint (found->severity, ==, CA_PROBLEM_ERROR);
  g_assert_cmpstr (found->message, !=, "");
  g_assert_cmpuint (n_at_path, ==, 1);

  va_start (args, path);
  while ((word = va_arg (args, const char *)) != NULL)
    {
      if (strstr (found->message, word) == NULL)
        g_assert_cmpstr (found->message, ==, word);
    }
  va_end (args);
}

static void
assert_no_problem (CaAction *action)
{
  g_autoptr(GPtrArray) problems = validate (action);
  g_autofree char *dump = dump_problems (problems);

  g_test_message ("expected no problem; problems:\n%s", dump);
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
add_field (GPtrArray   *list,
           const char  *name,
           CaFieldKind  kind,
           CaFieldType  type,
           const char  *json_value)
{
  CaField *field = ca_field_new (name, kind, type);

  if (json_value != NULL)
    {
      g_autoptr(JsonNode) value = node (json_value);

      ca_field_set_value (field, value);
    }

  g_ptr_array_add (list, field);
}

static CaAuth *
auth_of (CaAction *action)
{
  return ca_action_get_auth (action);
}

/* Sets a fresh authentication of @type on @action and returns it to be
 * filled in place. */
static CaAuth *
set_auth (CaAction   *action,
          CaAuthType  type)
{
  g_autoptr(CaAuth) auth = ca_auth_new (type);

  ca_action_set_auth (action, auth);
  return auth_of (action);
}

/* A valid custom authentication. */
static CaAuth *
set_custom_auth (CaAction *action)
{
  CaAuth *auth = set_auth (action, CA_AUTH_TYPE_CUSTOM);

  auth->endpoint = g_strdup ("https://auth.example.com/oauth/token");
  auth->token_method = CA_TOKEN_METHOD_POST;
  auth->has_body = TRUE;
  auth->body_type = CA_BODY_TYPE_FORM;
  g_ptr_array_add (auth->body_params, ca_auth_param_new ("client_id", ca_credential_new_secret ("id")));
  auth->token_in_response = g_strdup ("json://access_token");
  auth->placement = CA_TOKEN_PLACEMENT_BEARER;
  return auth;
}

/* The base action is valid, so each test below breaks one rule only. */
static void
test_valid_action (void)
{
  g_autoptr(CaAction) action = valid_action ();
  g_autoptr(GPtrArray) problems = ca_problems_new ();

  assert_no_problem (action);

  /* Paths are put under the prefix. */
  ca_action_set_url (action, "");
  ca_action_validate (action, "actions[3]", problems);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpstr (((CaProblem *) g_ptr_array_index (problems, 0))->path, ==, "actions[3].url");
}

static void
test_name (void)
{
  g_autoptr(CaAction) action = valid_action ();

  ca_action_set_name (action, NULL);
  assert_error_at (action, "name", NULL);
  ca_action_set_name (action, "");
  assert_error_at (action, "name", "letters", NULL);
  ca_action_set_name (action, "send-push");
  assert_error_at (action, "name", "send-push", "letters, digits and _", NULL);
  ca_action_set_name (action, "send push");
  assert_error_at (action, "name", NULL);
  ca_action_set_name (action, "sendé");
  assert_error_at (action, "name", NULL);
  ca_action_set_name (action, "a23456789012345678901234567890X");
  assert_error_at (action, "name", "31", "30", NULL);

  ca_action_set_name (action, "a23456789012345678901234567890");
  assert_no_problem (action);
  ca_action_set_name (action, "_");
  assert_no_problem (action);
  ca_action_set_name (action, "Send_2");
  assert_no_problem (action);
}

static void
test_url (void)
{
  g_autoptr(CaAction) action = valid_action ();

  ca_action_set_url (action, NULL);
  assert_error_at (action, "url", NULL);
  ca_action_set_url (action, "");
  assert_error_at (action, "url", "https://", NULL);
  ca_action_set_url (action, "api.example.com/v1");
  assert_error_at (action, "url", NULL);
  ca_action_set_url (action, "not a url");
  assert_error_at (action, "url", NULL);
  ca_action_set_url (action, "https://api.example.com:99999/");
  assert_error_at (action, "url", NULL);
  ca_action_set_url (action, "ftp://files.example.com/x");
  assert_error_at (action, "url", "ftp://files.example.com/x", "https://", NULL);
  ca_action_set_url (action, "mailto:ada@example.com");
  assert_error_at (action, "url", NULL);
  ca_action_set_url (action, "https://");
  assert_error_at (action, "url", "host", NULL);
  ca_action_set_url (action, "https:///v1/send");
  assert_error_at (action, "url", "host", NULL);
  ca_action_set_url (action, "http:send");
  assert_error_at (action, "url", "host", NULL);
  ca_action_set_url (action, "https://ada:secret@api.example.com/v1");
  assert_error_at (action, "url", "authentication", NULL);
  ca_action_set_url (action, "https://ada@api.example.com/v1");
  assert_error_at (action, "url", NULL);

  ca_action_set_url (action, "HTTPS://api.example.com/v1?x=1#y");
  assert_no_problem (action);
}

/* Regression test for a fixed bug: check_url() in
 * src/core/ca-action-validate.c accepts what g_uri_parse() accepts with
 * G_URI_FLAGS_NONE, which takes spaces in the host: "https://exa mple.com/"
 * passes validation and fails only when it is sent. */
static void
test_url_bad_host (void)
{
  g_autoptr(CaAction) action = valid_action ();

  ca_action_set_url (action, "https://exa mple.com/v1");
  assert_error_at (action, "url", NULL);
  ca_action_set_url (action, "https:// api.example.com/v1");
  assert_error_at (action, "url", NULL);
}

static void
test_url_plain_http (void)
{
  g_autoptr(CaAction) action = valid_action ();
  static const char * const loopback[] = {
    "http://127.0.0.1:8765/email",
    "http://127.1.2.3/",
    "http://localhost/",
    "http://localhost:8080/x",
    "http://[::1]:8765/echo",
  };

  /* To another host: a warning, not an error. */
  ca_action_set_url (action, "http://api.example.com/v1");
  {
    g_autoptr(GPtrArray) problems = validate (action);
    const CaProblem *problem;

    g_assert_cmpuint (problems->len, ==, 1);
    g_assert_cmpuint (ca_problems_count_errors (problems), ==, 0);
    problem = g_ptr_array_index (problems, 0);
    g_assert_cmpint (problem->severity, ==, CA_PROBLEM_WARNING);
    g_assert_cmpstr (problem->path, ==, "url");
    g_assert_nonnull (strstr (problem->message, "https://"));
  }

  /* To this machine: nothing to say. */
  for (guint i = 0; i < G_N_ELEMENTS (loopback); i++)
    {
      ca_action_set_url (action, loopback[i]);
      assert_no_problem (action);
    }
}

/* Regression test for a fixed bug: is_loopback()
 * in src/core/ca-action-validate.c takes any host that starts with "127."
 * for this machine, so plain http to "127.example.com" (a DNS name) gets
 * no warning. */
static void
test_url_plain_http_lookalike (void)
{
  g_autoptr(CaAction) action = valid_action ();
  g_autoptr(GPtrArray) problems = NULL;

  ca_action_set_url (action, "http://127.attacker.example.com/v1");
  problems = validate (action);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpint (((CaProblem *) g_ptr_array_index (problems, 0))->severity, ==, CA_PROBLEM_WARNING);
}

static void
test_timeout_retries (void)
{
  g_autoptr(CaAction) action = valid_action ();

  ca_action_set_timeout_seconds (action, 0);
  assert_error_at (action, "timeoutSeconds", "1 to 30", NULL);
  ca_action_set_timeout_seconds (action, 31);
  assert_error_at (action, "timeoutSeconds", "31", NULL);
  ca_action_set_timeout_seconds (action, 1);
  assert_no_problem (action);
  ca_action_set_timeout_seconds (action, 30);
  assert_no_problem (action);

  ca_action_set_retries (action, 6);
  assert_error_at (action, "retries", "0 to 5", NULL);
  ca_action_set_retries (action, G_MAXUINT);
  assert_error_at (action, "retries", NULL);
  ca_action_set_retries (action, 0);
  assert_no_problem (action);
  ca_action_set_retries (action, 5);
  assert_no_problem (action);
}

/* Header and query names */
static void
test_param_names (void)
{
  static const char * const lists[] = { "headers", "query" };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      g_autoptr(CaAction) action = valid_action ();
      GPtrArray *list = l == 0 ? ca_action_get_headers (action) : ca_action_get_query (action);
      g_autofree char *name_path = g_strdup_printf ("%s[0].name", lists[l]);
      static const char * const bad[] = { "X Tenant", "X:Tenant", "X-Tenant\n", "é", "a/b", "a\"b", "(x)" };
      static const char * const reserved[] = { ".hidden", "$filter" };

      g_test_message ("list %s", lists[l]);
      add_field (list, "X-Tenant", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_STRING, NULL);
      assert_no_problem (action);

      for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
        {
          ca_field_set_name (g_ptr_array_index (list, 0), bad[i]);
          assert_error_at (action, name_path, "letters, digits", NULL);
        }

      for (guint i = 0; i < G_N_ELEMENTS (reserved); i++)
        {
          ca_field_set_name (g_ptr_array_index (list, 0), reserved[i]);
          assert_error_at (action, name_path, "reserved", NULL);
        }

      ca_field_set_name (g_ptr_array_index (list, 0), "");
      assert_error_at (action, name_path, NULL);
      ca_field_set_name (g_ptr_array_index (list, 0), NULL);
      assert_error_at (action, name_path, NULL);

      /* Every token character is fine, '.' and '$' inside too. */
      ca_field_set_name (g_ptr_array_index (list, 0), "a!#$%&'*+-.^_`|~9");
      assert_no_problem (action);
    }
}

static void
test_content_type (void)
{
  static const char * const spellings[] = { "Content-Type", "content-type", "CONTENT-TYPE", "cOnTeNt-TyPe" };
  g_autoptr(CaAction) action = valid_action ();

  for (guint i = 0; i < G_N_ELEMENTS (spellings); i++)
    {
      g_ptr_array_set_size (ca_action_get_headers (action), 0);
      add_field (ca_action_get_headers (action), spellings[i], CA_FIELD_KIND_CONSTANT,
                 CA_FIELD_TYPE_STRING, "'text/plain'");
      assert_error_at (action, "headers[0].name", "Content-Type", "remove", NULL);
    }

  /* A query parameter of that name is nobody's business. */
  g_ptr_array_set_size (ca_action_get_headers (action), 0);
  add_field (ca_action_get_query (action), "Content-Type", CA_FIELD_KIND_CONSTANT,
             CA_FIELD_TYPE_STRING, "'x'");
  assert_no_problem (action);
}

static void
test_param_duplicates (void)
{
  g_autoptr(CaAction) action = valid_action ();
  GPtrArray *headers = ca_action_get_headers (action);
  GPtrArray *query = ca_action_get_query (action);

  /* Header names are case-insensitive… */
  add_field (headers, "X-Tenant", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_STRING, NULL);
  add_field (headers, "x-tenant", CA_FIELD_KIND_CONSTANT, CA_FIELD_TYPE_STRING, "'t'");
  assert_error_at (action, "headers[1].name", "x-tenant", "twice", NULL);
  ca_field_set_name (g_ptr_array_index (headers, 1), "X-Other");
  assert_no_problem (action);

  /* …query names are not. */
  add_field (query, "lang", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_STRING, NULL);
  add_field (query, "Lang", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_STRING, NULL);
  assert_no_problem (action);
  add_field (query, "lang", CA_FIELD_KIND_CONSTANT, CA_FIELD_TYPE_STRING, "'en'");
  assert_error_at (action, "query[2].name", "lang", "twice", NULL);
}

static void
test_param_values (void)
{
  g_autoptr(CaAction) action = valid_action ();
  GPtrArray *headers = ca_action_get_headers (action);
  GPtrArray *query = ca_action_get_query (action);
  g_autoptr(JsonNode) with_cr = json_node_init_string (json_node_alloc (), "a\rb");
  g_autoptr(JsonNode) with_lf = json_node_init_string (json_node_alloc (), "a\nInjected: yes");
  g_autoptr(JsonNode) plain = json_node_init_string (json_node_alloc (), "desktop app");

  /* A constant needs a value. */
  add_field (headers, "X-Source", CA_FIELD_KIND_CONSTANT, CA_FIELD_TYPE_STRING, NULL);
  assert_error_at (action, "headers[0].value", "value", NULL);
  ca_field_set_value (g_ptr_array_index (headers, 0), plain);
  assert_no_problem (action);

  /* No line breaks in a header value. */
  ca_field_set_value (g_ptr_array_index (headers, 0), with_cr);
  assert_error_at (action, "headers[0].value", "line breaks", NULL);
  ca_field_set_value (g_ptr_array_index (headers, 0), with_lf);
  assert_error_at (action, "headers[0].value", "line breaks", NULL);
  ca_field_set_value (g_ptr_array_index (headers, 0), plain);

  add_field (query, "v", CA_FIELD_KIND_CONSTANT, CA_FIELD_TYPE_STRING, NULL);
  assert_error_at (action, "query[0].value", NULL);
  ca_field_set_value (g_ptr_array_index (query, 0), plain);
  assert_no_problem (action);
}

static void
test_param_list_types (void)
{
  g_autoptr(CaAction) action = valid_action ();
  GPtrArray *headers = ca_action_get_headers (action);
  GPtrArray *query = ca_action_get_query (action);

  for (CaFieldType t = CA_FIELD_TYPE_STRING; t <= CA_FIELD_TYPE_DATE_ONLY; t++)
    add_field (headers, ca_enum_to_nick (CA_TYPE_FIELD_TYPE, t), CA_FIELD_KIND_VARIABLE, t, NULL);
  assert_no_problem (action);
  g_ptr_array_set_size (headers, 0);

  for (CaFieldType t = CA_FIELD_TYPE_LIST_STRING; t <= CA_FIELD_TYPE_LIST_ANY; t++)
    {
      g_ptr_array_set_size (headers, 0);
      g_ptr_array_set_size (query, 0);
      add_field (headers, "X-List", CA_FIELD_KIND_VARIABLE, t, NULL);
      assert_error_at (action, "headers[0].type", "list", "string", NULL);
      g_ptr_array_set_size (headers, 0);
      add_field (query, "list", CA_FIELD_KIND_VARIABLE, t, NULL);
      assert_error_at (action, "query[0].type", "list", "string", NULL);
    }
}

/* The request payload */

static void
test_request_get_body (void)
{
  g_autoptr(CaAction) action = valid_action ();

  ca_action_set_method (action, CA_METHOD_GET);
  assert_error_at (action, "request", "GET", "POST", NULL);
  ca_action_set_method (action, CA_METHOD_PUT);
  assert_no_problem (action);

  /* Without a payload, GET is fine. */
  ca_action_set_method (action, CA_METHOD_GET);
  g_ptr_array_set_size (ca_action_get_request_fields (action), 0);
  ca_action_set_request_sample (action, NULL);
  assert_no_problem (action);

  /* Fields with nothing to describe. */
  ca_action_set_method (action, CA_METHOD_POST);
  add_field (ca_action_get_request_fields (action), "to", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_STRING, NULL);
  assert_error_at (action, "request.sample", "sample", NULL);
}

static void
test_request_sample (void)
{
  static const char * const not_objects[] = { "['a']", "'text'", "1", "true", "null" };
  static const struct {
    const char *sample;
    const char *path;
  } bad_keys[] = {
    { "{'a.b': 1}", "request.sample.a.b" },
    { "{'$x': 1}", "request.sample.$x" },
    { "{'': 1}", "request.sample." },
    { "{'message': {'$type': 'x'}}", "request.sample.message.$type" },
    { "{'items': [{'sku.id': 'x'}]}", "request.sample.items[0].sku.id" },
  };
  g_autoptr(CaAction) action = valid_action ();

  g_ptr_array_set_size (ca_action_get_request_fields (action), 0);
  for (guint i = 0; i < G_N_ELEMENTS (not_objects); i++)
    {
      g_autoptr(JsonNode) sample = node (not_objects[i]);

      ca_action_set_request_sample (action, sample);
      assert_error_at (action, "request.sample", "object", NULL);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad_keys); i++)
    {
      g_autoptr(JsonNode) sample = node (bad_keys[i].sample);

      ca_action_set_request_sample (action, sample);
      assert_error_at (action, bad_keys[i].path, "rename", NULL);
    }

  /* '$' and '.' elsewhere than at the start are fine; so is an empty
   * object. */
  {
    g_autoptr(JsonNode) sample = node ("{'a$': 1, 'price': 1.5, 'x': {'y': [{'z': null}]}}");
    g_autoptr(JsonNode) empty = node ("{}");

    ca_action_set_request_sample (action, sample);
    assert_no_problem (action);
    ca_action_set_request_sample (action, empty);
    assert_no_problem (action);
  }
}

static void
test_request_fields (void)
{
  g_autoptr(CaAction) action = valid_action ();
  GPtrArray *fields = ca_action_get_request_fields (action);
  CaField *field = g_ptr_array_index (fields, 0);

  /* The path must lead to a value of the sample. */
  ca_field_set_name (field, "from");
  assert_error_at (action, "request.fields[0].path", "from", "sample", NULL);
  ca_field_set_name (field, "message.body");
  assert_error_at (action, "request.fields[0].path", NULL);
  ca_field_set_name (field, "items.1.sku");
  assert_error_at (action, "request.fields[0].path", NULL);
  ca_field_set_name (field, "items.x.sku");
  assert_error_at (action, "request.fields[0].path", NULL);
  ca_field_set_name (field, "to.x");
  assert_error_at (action, "request.fields[0].path", NULL);
  ca_field_set_name (field, "");
  assert_error_at (action, "request.fields[0].path", NULL);
  ca_field_set_name (field, NULL);
  assert_error_at (action, "request.fields[0].path", NULL);

  /* …to a leaf, not an object. */
  ca_field_set_name (field, "message");
  assert_error_at (action, "request.fields[0].path", "object", NULL);
  ca_field_set_name (field, "items.0");
  assert_error_at (action, "request.fields[0].path", "object", NULL);

  /* Array elements by index. */
  ca_field_set_name (field, "items.0.sku");
  assert_no_problem (action);
  ca_field_set_name (field, "tags.0");
  assert_no_problem (action);
  ca_field_set_name (field, "message.title");
  assert_no_problem (action);

  /* List types go with arrays, the others with single values. */
  ca_field_set_name (field, "to");
  ca_field_set_field_type (field, CA_FIELD_TYPE_LIST_STRING);
  assert_error_at (action, "request.fields[0].type", "list", NULL);
  ca_field_set_field_type (field, CA_FIELD_TYPE_LIST_ANY);
  assert_error_at (action, "request.fields[0].type", NULL);
  ca_field_set_name (field, "tags");
  ca_field_set_field_type (field, CA_FIELD_TYPE_STRING);
  assert_error_at (action, "request.fields[0].type", "listString", NULL);
  ca_field_set_name (field, "items");
  ca_field_set_field_type (field, CA_FIELD_TYPE_INTEGER);
  assert_error_at (action, "request.fields[0].type", NULL);
  ca_field_set_field_type (field, CA_FIELD_TYPE_LIST_OBJECT);
  assert_no_problem (action);
  ca_field_set_name (field, "tags");
  ca_field_set_field_type (field, CA_FIELD_TYPE_LIST_STRING);
  assert_no_problem (action);

  /* A leaf is described once. */
  ca_field_set_name (field, "to");
  ca_field_set_field_type (field, CA_FIELD_TYPE_STRING);
  add_field (fields, "count", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_INTEGER, NULL);
  add_field (fields, "to", CA_FIELD_KIND_CONSTANT, CA_FIELD_TYPE_STRING, NULL);
  assert_error_at (action, "request.fields[2].path", "to", "twice", NULL);
  g_ptr_array_remove_index (fields, 2);
  assert_no_problem (action);
}

static void
test_request_constant_values (void)
{
  static const struct {
    const char  *path;
    CaFieldType  type;
    const char  *good;
    const char  *bad;
  } cases[] = {
    { "to", CA_FIELD_TYPE_STRING, "'y'", "1" },
    { "count", CA_FIELD_TYPE_INTEGER, "2", "2.5" },
    { "count", CA_FIELD_TYPE_DECIMAL, "2.5", "'2.5'" },
    { "count", CA_FIELD_TYPE_BOOLEAN, "false", "0" },
    { "to", CA_FIELD_TYPE_DATE_TIME, "'2026-01-31T09:30:00Z'", "'2026-01-31T09:30:00'" },
    { "to", CA_FIELD_TYPE_DATE_TIME_ONLY, "'2026-01-31T09:30:00'", "'2026-01-31'" },
    { "to", CA_FIELD_TYPE_DATE_ONLY, "'2026-01-31'", "'31/01/2026'" },
    { "tags", CA_FIELD_TYPE_LIST_STRING, "['a', 'b']", "['a', 1]" },
    { "tags", CA_FIELD_TYPE_LIST_INTEGER, "[1, 2]", "'1'" },
    { "items", CA_FIELD_TYPE_LIST_OBJECT, "[{'sku': 'B'}]", "[1]" },
    { "to", CA_FIELD_TYPE_STRING, "'y'", "null" },
  };
  g_autoptr(CaAction) action = valid_action ();
  CaField *field = g_ptr_array_index (ca_action_get_request_fields (action), 0);

  ca_field_set_kind (field, CA_FIELD_KIND_CONSTANT);
  assert_no_problem (action);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) good = node (cases[i].good);
      g_autoptr(JsonNode) bad = node (cases[i].bad);

      g_test_message ("%s %s: %s / %s", cases[i].path,
                      ca_enum_to_nick (CA_TYPE_FIELD_TYPE, cases[i].type), cases[i].good, cases[i].bad);
      ca_field_set_name (field, cases[i].path);
      ca_field_set_field_type (field, cases[i].type);
      ca_field_set_value (field, good);
      assert_no_problem (action);
      ca_field_set_value (field, bad);
      assert_error_at (action, "request.fields[0].value",
                       ca_enum_to_nick (CA_TYPE_FIELD_TYPE, cases[i].type), NULL);
    }

  /* A variable's value is not checked: it has none. */
  ca_field_set_kind (field, CA_FIELD_KIND_VARIABLE);
  assert_no_problem (action);
}

/* Authentication */

static void
test_auth_basic (void)
{
  g_autoptr(CaAction) action = valid_action ();
  CaAuth *auth = set_auth (action, CA_AUTH_TYPE_BASIC);

  auth->username = g_strdup ("ada");
  auth->password = ca_credential_new_secret ("ada-password");
  assert_no_problem (action);

  g_free (auth->username);
  auth->username = g_strdup ("");
  assert_error_at (action, "auth.username", NULL);
  g_clear_pointer (&auth->username, g_free);
  assert_error_at (action, "auth.username", NULL);
  auth->username = g_strdup ("ada:lovelace");
  assert_error_at (action, "auth.username", "':'", NULL);
}

/* Regression test for a fixed bug: a missing
 * credential is reported twice at the same path, by check_auth() in
 * src/core/ca-action-validate.c: once through ca_auth_foreach_credential()
 * (check_each_credential() passes the NULL on to check_credential()) and
 * once more by the explicit "== NULL" checks that follow it. */
static void
test_auth_missing_credential (void)
{
  g_autoptr(CaAction) action = valid_action ();
  CaAuth *auth = set_auth (action, CA_AUTH_TYPE_BASIC);

  auth->username = g_strdup ("ada");
  assert_error_at (action, "auth.password", "keyring", NULL);

  auth = set_auth (action, CA_AUTH_TYPE_API_KEY);
  auth->key_name = g_strdup ("X-Api-Key");
  assert_error_at (action, "auth.value", NULL);

  auth = set_auth (action, CA_AUTH_TYPE_BEARER);
  assert_error_at (action, "auth.token", NULL);
}

static void
test_auth_api_key (void)
{
  static const char * const bad[] = { "", "X Api Key", "X-Api-Key:", "clé" };
  g_autoptr(CaAction) action = valid_action ();
  CaAuth *auth = set_auth (action, CA_AUTH_TYPE_API_KEY);

  auth->key_name = g_strdup ("X-Api-Key");
  auth->key_location = CA_KEY_LOCATION_HEADER;
  auth->key_value = ca_credential_new_secret ("push-key");
  assert_no_problem (action);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_free (auth->key_name);
      auth->key_name = g_strdup (bad[i]);
      auth->key_location = CA_KEY_LOCATION_HEADER;
      assert_error_at (action, "auth.name", "header", "X-Api-Key", NULL);
      auth->key_location = CA_KEY_LOCATION_QUERY;
      assert_error_at (action, "auth.name", "query", "api_key", NULL);
    }

  g_clear_pointer (&auth->key_name, g_free);
  assert_error_at (action, "auth.name", NULL);
}

/* Regression test for a fixed bug: "Header and
 * query names are RFC 7230 tokens and never start with '.' or '$'"
 * (DESIGN.md), but check_auth() in src/core/ca-action-validate.c only
 * checks that an apiKey's name (and a token endpoint's tokenTarget) is a
 * token, so "$key" and ".key" pass. */
static void
test_auth_reserved_names (void)
{
  g_autoptr(CaAction) action = valid_action ();
  CaAuth *auth = set_auth (action, CA_AUTH_TYPE_API_KEY);

  auth->key_name = g_strdup ("$key");
  auth->key_location = CA_KEY_LOCATION_QUERY;
  auth->key_value = ca_credential_new_secret ("push-key");
  assert_error_at (action, "auth.name", NULL);

  auth = set_custom_auth (action);
  auth->placement = CA_TOKEN_PLACEMENT_HEADER;
  auth->token_target = g_strdup (".token");
  assert_error_at (action, "auth.tokenTarget", NULL);
}

static void
test_auth_bearer (void)
{
  g_autoptr(CaAction) action = valid_action ();
  CaAuth *auth = set_auth (action, CA_AUTH_TYPE_BEARER);

  auth->token = ca_credential_new_secret ("bearer-token");
  assert_no_problem (action);
}

/* A token request's headers and body parameters are written as the keys
 * of an object: each needs a name, and only once. */
static void
test_auth_custom_params (void)
{
  g_autoptr(CaAction) action = valid_action ();
  CaAuth *auth = set_custom_auth (action);

  g_ptr_array_add (auth->body_params, ca_auth_param_new ("client_id", ca_credential_new_secret ("other")));
  assert_error_at (action, "auth.body.bodyParams.client_id", "twice", NULL);
  g_ptr_array_remove_index (auth->body_params, 1);
  g_ptr_array_add (auth->body_params, ca_auth_param_new ("", ca_credential_new_secret ("other")));
  assert_error_at (action, "auth.body.bodyParams[1]", "client_id", NULL);
  g_ptr_array_remove_index (auth->body_params, 1);
  assert_no_problem (action);

  g_ptr_array_add (auth->headers, ca_auth_param_new ("X-Client", ca_credential_new_secret ("a")));
  g_ptr_array_add (auth->headers, ca_auth_param_new ("X-Client", ca_credential_new_secret ("b")));
  assert_error_at (action, "auth.headers.X-Client", "twice", NULL);
  g_ptr_array_remove_index (auth->headers, 1);
  assert_no_problem (action);
}

static void
test_auth_custom (void)
{
  g_autoptr(CaAction) action = valid_action ();
  CaAuth *auth = set_custom_auth (action);

  assert_no_problem (action);

  /* The token endpoint is a URL like any other. */
  g_free (auth->endpoint);
  auth->endpoint = g_strdup ("ftp://auth.example.com/token");
  assert_error_at (action, "auth.endpoint", "https://", NULL);
  g_free (auth->endpoint);
  auth->endpoint = g_strdup ("token");
  assert_error_at (action, "auth.endpoint", NULL);
  g_clear_pointer (&auth->endpoint, g_free);
  assert_error_at (action, "auth.endpoint", NULL);
  auth->endpoint = g_strdup ("http://127.0.0.1:8765/oauth/token");
  assert_no_problem (action);

  /* Where the token is in the answer. */
  g_free (auth->token_in_response);
  auth->token_in_response = g_strdup ("access_token");
  assert_error_at (action, "auth.tokenInResponse", "json://", "response", NULL);
  g_free (auth->token_in_response);
  auth->token_in_response = g_strdup ("json://");
  assert_error_at (action, "auth.tokenInResponse", NULL);
  g_free (auth->token_in_response);
  auth->token_in_response = g_strdup ("Response");
  assert_error_at (action, "auth.tokenInResponse", NULL);
  g_clear_pointer (&auth->token_in_response, g_free);
  assert_error_at (action, "auth.tokenInResponse", NULL);
  auth->token_in_response = g_strdup ("response");
  assert_no_problem (action);

  /* When it expires. */
  auth->expiry_in_response = g_strdup ("expires_in");
  assert_error_at (action, "auth.expiryInResponse", "json://expires_in", NULL);
  g_free (auth->expiry_in_response);
  auth->expiry_in_response = g_strdup ("json://expires_in");
  assert_no_problem (action);
  auth->cache_duration = 5;
  auth->cache_unit = CA_TIME_UNIT_MINUTES;
  assert_error_at (action, "auth.expiryInResponse", "cacheDuration", "not both", NULL);
  g_clear_pointer (&auth->expiry_in_response, g_free);
  assert_no_problem (action);

  /* Where the token goes. */
  auth->placement = CA_TOKEN_PLACEMENT_HEADER;
  assert_error_at (action, "auth.tokenTarget", "X-Access-Token", NULL);
  auth->token_target = g_strdup ("X Access Token");
  assert_error_at (action, "auth.tokenTarget", NULL);
  g_free (auth->token_target);
  auth->token_target = g_strdup ("X-Access-Token");
  assert_no_problem (action);
  auth->placement = CA_TOKEN_PLACEMENT_QUERY_PARAM;
  assert_no_problem (action);
  g_clear_pointer (&auth->token_target, g_free);
  assert_error_at (action, "auth.tokenTarget", "access_token", NULL);
  auth->placement = CA_TOKEN_PLACEMENT_BEARER;
  assert_no_problem (action);
  auth->token_target = g_strdup ("X-Access-Token");
  assert_error_at (action, "auth.tokenTarget", "remove", NULL);
  g_clear_pointer (&auth->token_target, g_free);

  /* A GET token request has no body. */
  auth->token_method = CA_TOKEN_METHOD_GET;
  assert_error_at (action, "auth.body", "GET", "POST", NULL);
  auth->has_body = FALSE;
  g_ptr_array_set_size (auth->body_params, 0);
  assert_no_problem (action);

  /* Its headers are header names. */
  g_ptr_array_add (auth->headers, ca_auth_param_new ("X Client", ca_credential_new_secret ("c")));
  assert_error_at (action, "auth.headers.X Client", "header name", NULL);
}

static void
test_auth_secret_ids (void)
{
  static const char * const bad[] = {
    "", "bad id", "a/b", "clé", "push:key",
    "a2345678901234567890123456789012345678901234567890123456789012345",
  };
  static const char * const good[] = {
    "a", "push-key", "push_key.v2",
    "a234567890123456789012345678901234567890123456789012345678901234",
  };
  g_autoptr(CaAction) action = valid_action ();
  CaAuth *auth;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("bad secret ID \"%s\"", bad[i]);
      g_assert_false (ca_secret_id_is_valid (bad[i]));

      auth = set_auth (action, CA_AUTH_TYPE_BASIC);
      auth->username = g_strdup ("ada");
      auth->password = ca_credential_new_secret (bad[i]);
      assert_error_at (action, "auth.password.secret", "64", NULL);

      auth = set_auth (action, CA_AUTH_TYPE_API_KEY);
      auth->key_name = g_strdup ("k");
      auth->key_value = ca_credential_new_secret (bad[i]);
      assert_error_at (action, "auth.value.secret", NULL);

      auth = set_auth (action, CA_AUTH_TYPE_BEARER);
      auth->token = ca_credential_new_secret (bad[i]);
      assert_error_at (action, "auth.token.secret", NULL);

      auth = set_custom_auth (action);
      g_ptr_array_add (auth->headers, ca_auth_param_new ("X-Client", ca_credential_new_secret (bad[i])));
      g_ptr_array_add (auth->body_params, ca_auth_param_new ("secret", ca_credential_new_secret (bad[i])));
      assert_error_at (action, "auth.headers.X-Client.secret", NULL);
      assert_error_at (action, "auth.body.bodyParams.secret.secret", NULL);
    }

  g_assert_false (ca_secret_id_is_valid (NULL));
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_assert_true (ca_secret_id_is_valid (good[i]));
      auth = set_auth (action, CA_AUTH_TYPE_BEARER);
      auth->token = ca_credential_new_secret (good[i]);
      assert_no_problem (action);
    }
}

/* Limits */

static void
test_limits (void)
{
  g_autoptr(CaAction) action = valid_action ();

  ca_action_set_capping (action, 10, 0);
  assert_error_at (action, "capping.periodMs", "60000", NULL);
  ca_action_set_capping (action, 10, 1);
  assert_no_problem (action);
  ca_action_set_capping (action, 0, 0);
  assert_no_problem (action);
  ca_action_set_max_throughput (action, 1);
  assert_no_problem (action);
}

/* What only a file can say: a zero where the model means "none". */
static void
test_limits_in_file (void)
{
  static const struct {
    const char *members;
    const char *path;
  } cases[] = {
    { "'capping': {'maxCalls': 0, 'periodMs': 1000}", "actions[0].capping.maxCalls" },
    { "'capping': {'maxCalls': 10, 'periodMs': 0}", "actions[0].capping.periodMs" },
    { "'capping': {'maxCalls': 10}", "actions[0].capping.periodMs" },
    { "'capping': {'periodMs': 10}", "actions[0].capping.maxCalls" },
    { "'throttling': {'maxThroughput': 0}", "actions[0].throttling.maxThroughput" },
    { "'throttling': {}", "actions[0].throttling.maxThroughput" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("{'format': 1, 'actions': [{'name': 'a', 'method': 'POST', "
                                               "'category': 'custom', "
                                               "'url': 'https://a.example.com/', %s}]}",
                                               cases[i].members);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GPtrArray) problems = ca_problems_new ();
      g_autoptr(GPtrArray) actions = NULL;
      g_autofree char *dump = NULL;
      const CaProblem *problem = NULL;

      g_strdelimit (text, "'", '"');
      bytes = g_bytes_new (text, strlen (text));
      g_assert_true (ca_action_file_parse (bytes, CA_ACTION_FILE_FLAGS_NONE, &actions, problems, NULL));
      dump = dump_problems (problems);
      g_test_message ("%s:\n%s", text, dump);
      g_assert_cmpuint (actions->len, ==, 0);
      g_assert_cmpuint (problems->len, ==, 1);
      problem = g_ptr_array_index (problems, 0);
      g_assert_cmpstr (problem->path, ==, cases[i].path);
      g_assert_cmpstr (problem->message, !=, "");
    }
}

/* The shipped sample catalog breaks no rule. */
static void
test_sample_catalog (void)
{
  g_autoptr(GBytes) bytes = ca_catalog_get_sample_bytes ();
  g_autoptr(GPtrArray) problems = ca_problems_new ();
  g_autoptr(GPtrArray) actions = NULL;
  g_autofree char *dump = NULL;

  g_assert_true (ca_action_file_parse (bytes, CA_ACTION_FILE_FLAGS_NONE, &actions, problems, NULL));
  dump = dump_problems (problems);
  g_test_message ("%s", dump);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (actions->len, ==, 7);

  for (guint i = 0; i < actions->len; i++)
    assert_no_problem (g_ptr_array_index (actions, i));
}

/* Types and dates */

static void
test_dates (void)
{
  static const char * const date_times[] = {
    "2026-01-31T09:30:00Z", "2026-01-31T09:30:00+02:00", "2026-01-31T09:30:00.123-05:00",
    "2024-02-29T23:59:59Z", "2026-01-31T09:30:00+0530",
  };
  static const char * const date_times_only[] = {
    "2026-01-31T09:30:00", "2026-01-31T09:30:00.5", "2024-02-29T00:00:00",
  };
  static const char * const dates_only[] = {
    "2026-01-31", "2024-02-29", "2000-02-29", "1999-12-31",
  };
  static const char * const none_of_them[] = {
    "", "hello", "2026", "2026-01", "31/01/2026", "2026-1-31", "2026-01-31 ", " 2026-01-31",
    "2026-13-01", "2026-02-30", "2023-02-29", "1900-02-29", "2026-01-3a", "20260131",
    "2026-01-31T25:00:00Z", "2026-13-01T09:30:00Z", "2026-02-30T09:30:00",
    "09:30:00", "T", "2026-01-31T",
  };

  for (guint i = 0; i < G_N_ELEMENTS (date_times); i++)
    {
      g_test_message ("%s", date_times[i]);
      g_assert_true (ca_is_date_time (date_times[i]));
      g_assert_false (ca_is_date_time_only (date_times[i]));
      g_assert_false (ca_is_date_only (date_times[i]));
    }

  for (guint i = 0; i < G_N_ELEMENTS (date_times_only); i++)
    {
      g_test_message ("%s", date_times_only[i]);
      g_assert_false (ca_is_date_time (date_times_only[i]));
      g_assert_true (ca_is_date_time_only (date_times_only[i]));
      g_assert_false (ca_is_date_only (date_times_only[i]));
    }

  for (guint i = 0; i < G_N_ELEMENTS (dates_only); i++)
    {
      g_test_message ("%s", dates_only[i]);
      g_assert_false (ca_is_date_time (dates_only[i]));
      g_assert_false (ca_is_date_time_only (dates_only[i]));
      g_assert_true (ca_is_date_only (dates_only[i]));
    }

  for (guint i = 0; i < G_N_ELEMENTS (none_of_them); i++)
    {
      g_test_message ("\"%s\"", none_of_them[i]);
      g_assert_false (ca_is_date_time (none_of_them[i]));
      g_assert_false (ca_is_date_time_only (none_of_them[i]));
      g_assert_false (ca_is_date_only (none_of_them[i]));
    }

  g_assert_false (ca_is_date_time (NULL));
  g_assert_false (ca_is_date_time_only (NULL));
  g_assert_false (ca_is_date_only (NULL));
}

static void
test_type_accepts (void)
{
  static const struct {
    CaFieldType  type;
    const char  *good;
    const char  *bad;
  } cases[] = {
    { CA_FIELD_TYPE_STRING, "'x'", "1" },
    { CA_FIELD_TYPE_STRING, "''", "['x']" },
    { CA_FIELD_TYPE_INTEGER, "-3", "3.0" },
    { CA_FIELD_TYPE_INTEGER, "9223372036854775807", "'3'" },
    { CA_FIELD_TYPE_DECIMAL, "0.1", "'0.1'" },
    { CA_FIELD_TYPE_DECIMAL, "3", "true" },
    { CA_FIELD_TYPE_BOOLEAN, "true", "'true'" },
    { CA_FIELD_TYPE_BOOLEAN, "false", "0" },
    { CA_FIELD_TYPE_DATE_TIME, "'2026-01-31T09:30:00Z'", "'2026-01-31T09:30:00'" },
    { CA_FIELD_TYPE_DATE_TIME_ONLY, "'2026-01-31T09:30:00'", "'2026-01-31T09:30:00Z'" },
    { CA_FIELD_TYPE_DATE_ONLY, "'2026-01-31'", "'2026-01-31T09:30:00'" },
    { CA_FIELD_TYPE_LIST_STRING, "['a', '']", "['a', null]" },
    { CA_FIELD_TYPE_LIST_STRING, "[]", "'a'" },
    { CA_FIELD_TYPE_LIST_INTEGER, "[1, -2]", "[1, 2.5]" },
    { CA_FIELD_TYPE_LIST_DECIMAL, "[1, 2.5]", "[1, '2.5']" },
    { CA_FIELD_TYPE_LIST_BOOLEAN, "[true, false]", "[true, 1]" },
    { CA_FIELD_TYPE_LIST_DATE_TIME, "['2026-01-31T09:30:00Z']", "['2026-01-31']" },
    { CA_FIELD_TYPE_LIST_DATE_TIME_ONLY, "['2026-01-31T09:30:00']", "['2026-01-31T09:30:00Z']" },
    { CA_FIELD_TYPE_LIST_DATE_ONLY, "['2026-01-31', '2024-02-29']", "['2023-02-29']" },
    { CA_FIELD_TYPE_LIST_OBJECT, "[{}, {'a': 1}]", "[{}, []]" },
    { CA_FIELD_TYPE_LIST_OBJECT, "[]", "{}" },
    { CA_FIELD_TYPE_LIST_ANY, "[1, 'a', null, {}, []]", "1" },
    { CA_FIELD_TYPE_LIST_ANY, "[]", "{'a': []}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) good = node (cases[i].good);
      g_autoptr(JsonNode) bad = node (cases[i].bad);
      g_autoptr(JsonNode) null = json_node_new (JSON_NODE_NULL);

      g_test_message ("%s: %s / %s", ca_enum_to_nick (CA_TYPE_FIELD_TYPE, cases[i].type),
                      cases[i].good, cases[i].bad);
      g_assert_true (ca_field_type_accepts (cases[i].type, good));
      g_assert_false (ca_field_type_accepts (cases[i].type, bad));
      /* null is never a value of a type */
      g_assert_false (ca_field_type_accepts (cases[i].type, null));
    }
}

static void
test_type_guess (void)
{
  static const struct {
    const char  *value;
    CaFieldType  type;
  } cases[] = {
    { "'text'", CA_FIELD_TYPE_STRING },
    { "''", CA_FIELD_TYPE_STRING },
    { "'2026-01-31T09:30:00Z'", CA_FIELD_TYPE_DATE_TIME },
    { "'2026-01-31T09:30:00+02:00'", CA_FIELD_TYPE_DATE_TIME },
    { "'2026-01-31T09:30:00'", CA_FIELD_TYPE_DATE_TIME_ONLY },
    { "'2026-01-31'", CA_FIELD_TYPE_DATE_ONLY },
    { "'2026-02-30'", CA_FIELD_TYPE_STRING },
    { "42", CA_FIELD_TYPE_INTEGER },
    { "-1", CA_FIELD_TYPE_INTEGER },
    { "4.2", CA_FIELD_TYPE_DECIMAL },
    { "1e-7", CA_FIELD_TYPE_DECIMAL },
    { "true", CA_FIELD_TYPE_BOOLEAN },
    { "['a', 'b']", CA_FIELD_TYPE_LIST_STRING },
    { "[1, 2]", CA_FIELD_TYPE_LIST_INTEGER },
    { "[1.5]", CA_FIELD_TYPE_LIST_DECIMAL },
    { "[1, 2.5]", CA_FIELD_TYPE_LIST_DECIMAL },
    { "[2.5, 1]", CA_FIELD_TYPE_LIST_DECIMAL },
    { "[true]", CA_FIELD_TYPE_LIST_BOOLEAN },
    { "['2026-01-31T09:30:00Z']", CA_FIELD_TYPE_LIST_DATE_TIME },
    { "['2026-01-31T09:30:00']", CA_FIELD_TYPE_LIST_DATE_TIME_ONLY },
    { "['2026-01-31', '2026-02-01']", CA_FIELD_TYPE_LIST_DATE_ONLY },
    { "['2026-01-31', 'soon']", CA_FIELD_TYPE_LIST_ANY },
    { "[{'a': 1}]", CA_FIELD_TYPE_LIST_OBJECT },
    { "[{'a': 1}, 2]", CA_FIELD_TYPE_LIST_ANY },
    { "[1, 'a']", CA_FIELD_TYPE_LIST_ANY },
    { "[[1]]", CA_FIELD_TYPE_LIST_ANY },
    { "[null]", CA_FIELD_TYPE_LIST_ANY },
    { "[]", CA_FIELD_TYPE_LIST_ANY },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) value = node (cases[i].value);
      CaFieldType guess = ca_field_type_guess (value);

      g_test_message ("%s → %s (expected %s)", cases[i].value,
                      ca_enum_to_nick (CA_TYPE_FIELD_TYPE, guess),
                      ca_enum_to_nick (CA_TYPE_FIELD_TYPE, cases[i].type));
      g_assert_cmpint (guess, ==, cases[i].type);
      /* A guess always fits the value it was made from. */
      g_assert_true (ca_field_type_accepts (guess, value));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ca/validate/valid-action", test_valid_action);
  g_test_add_func ("/ca/validate/name", test_name);
  g_test_add_func ("/ca/validate/url/bad", test_url);
  g_test_add_func ("/ca/validate/url/bad-host", test_url_bad_host);
  g_test_add_func ("/ca/validate/url/plain-http", test_url_plain_http);
  g_test_add_func ("/ca/validate/url/plain-http-lookalike", test_url_plain_http_lookalike);
  g_test_add_func ("/ca/validate/timeout-retries", test_timeout_retries);
  g_test_add_func ("/ca/validate/params/names", test_param_names);
  g_test_add_func ("/ca/validate/params/content-type", test_content_type);
  g_test_add_func ("/ca/validate/params/duplicates", test_param_duplicates);
  g_test_add_func ("/ca/validate/params/values", test_param_values);
  g_test_add_func ("/ca/validate/params/list-types", test_param_list_types);
  g_test_add_func ("/ca/validate/request/get-body", test_request_get_body);
  g_test_add_func ("/ca/validate/request/sample", test_request_sample);
  g_test_add_func ("/ca/validate/request/fields", test_request_fields);
  g_test_add_func ("/ca/validate/request/constant-values", test_request_constant_values);
  g_test_add_func ("/ca/validate/auth/basic", test_auth_basic);
  g_test_add_func ("/ca/validate/auth/missing-credential", test_auth_missing_credential);
  g_test_add_func ("/ca/validate/auth/api-key", test_auth_api_key);
  g_test_add_func ("/ca/validate/auth/reserved-names", test_auth_reserved_names);
  g_test_add_func ("/ca/validate/auth/bearer", test_auth_bearer);
  g_test_add_func ("/ca/validate/auth/custom", test_auth_custom);
  g_test_add_func ("/ca/validate/auth/custom-params", test_auth_custom_params);
  g_test_add_func ("/ca/validate/auth/secret-ids", test_auth_secret_ids);
  g_test_add_func ("/ca/validate/limits/model", test_limits);
  g_test_add_func ("/ca/validate/limits/file", test_limits_in_file);
  g_test_add_func ("/ca/validate/sample-catalog", test_sample_catalog);
  g_test_add_func ("/ca/validate/types/dates", test_dates);
  g_test_add_func ("/ca/validate/types/accepts", test_type_accepts);
  g_test_add_func ("/ca/validate/types/guess", test_type_guess);

  return g_test_run ();
}
