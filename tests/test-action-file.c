/* test-action-file.c: the action file format, version 1 (DESIGN.md "The
 * action file format")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ca-action-file.h"
#include "ca-catalog.h"

/* Small JSON documents are written with ' for " to stay readable. */
static GBytes *
json_bytes (const char *text)
{
  char *copy = g_strdup (text);

  g_strdelimit (copy, "'", '"');
  return g_bytes_new_take (copy, strlen (copy));
}

/* {"format": 1, "actions": [{@members}]} */
static GBytes *
one_action (const char *members)
{
  g_autofree char *text = g_strdup_printf ("{'format': 1, 'actions': [{%s}]}", members);

  return json_bytes (text);
}

static GBytes *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

static void
assert_bytes_equal (GBytes *expected,
                    GBytes *actual)
{
  gsize expected_len, actual_len;
  const char *e = g_bytes_get_data (expected, &expected_len);
  const char *a = g_bytes_get_data (actual, &actual_len);

  g_assert_nonnull (actual);
  if (expected_len != actual_len || memcmp (e, a, expected_len) != 0)
    {
      g_autofree char *e_text = g_strndup (e, expected_len);
      g_autofree char *a_text = g_strndup (a, actual_len);

      /* g_assert_cmpstr shows both texts. */
      g_assert_cmpstr (a_text, ==, e_text);
    }
  g_assert_cmpmem (a, actual_len, e, expected_len);
}

static char *
dump_problems (GPtrArray *problems)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *line = ca_problem_to_string (g_ptr_array_index (problems, i));

      g_string_append_printf (text, "  %s\n", line);
    }

  return g_string_free (text, FALSE);
}

static const CaProblem *
find_problem (GPtrArray  *problems,
              const char *path)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const CaProblem *problem = g_ptr_array_index (problems, i);

      if (g_str_equal (problem->path, path))
        return problem;
    }

  return NULL;
}

/* Parses @bytes, which must be JSON with a "format" of 1, and checks that
 * an error is reported at @path whose message contains @needle. When
 * @only is TRUE, it must be the only error. Returns the actions read. */
static GPtrArray *
expect_problem (GBytes            *bytes,
                CaActionFileFlags  flags,
                const char        *path,
                const char        *needle,
                gboolean           only)
{
  g_autoptr(GPtrArray) problems = ca_problems_new ();
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dump = NULL;
  const CaProblem *problem;

  g_assert_true (ca_action_file_parse (bytes, flags, &actions, problems, &error));
  g_assert_no_error (error);
  g_assert_nonnull (actions);

  dump = dump_problems (problems);
  g_test_message ("input: %.*s", (int) g_bytes_get_size (bytes),
                  (const char *) g_bytes_get_data (bytes, NULL));
  g_test_message ("expected %s, problems:\n%s", path, dump);

  problem = find_problem (problems, path);
  g_assert (problem != NULL);
  g_assert_cmpint (problem->severity, ==, CA_PROBLEM_ERROR);
  g_assert_cmpstr (problem->message, !=, "");
  if (needle != NULL && strstr (problem->message, needle) == NULL)
    g_assert_cmpstr (problem->message, ==, needle);
  if (only)
    g_assert_cmpuint (ca_problems_count_errors (problems), ==, 1);

  return g_steal_pointer (&actions);
}

/* The same, for a file of one action, which must then be left out. */
static void
expect_action_problem (const char *members,
                       const char *path,
                       const char *needle)
{
  g_autoptr(GBytes) bytes = one_action (members);
  g_autoptr(GPtrArray) actions = expect_problem (bytes, CA_ACTION_FILE_FLAGS_NONE,
                                                 path, needle, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;

  g_assert_cmpuint (actions->len, ==, 0);

  all = ca_action_file_parse_all (bytes, CA_ACTION_FILE_FLAGS_NONE, &error);
  g_assert_null (all);
  g_assert_error (error, CA_FORMAT_ERROR, CA_FORMAT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, path));
}

static GPtrArray *
parse_all_ok (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *actions = ca_action_file_parse_all (bytes, CA_ACTION_FILE_FLAGS_NONE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (actions);
  return actions;
}

static void
assert_actions_equal (GPtrArray *a,
                      GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      g_test_message ("action %u: %s", i, ca_action_get_name (g_ptr_array_index (a, i)));
      g_assert_true (ca_action_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)));
    }
}

static CaField *
find_field (GPtrArray  *fields,
            const char *name)
{
  for (guint i = 0; i < fields->len; i++)
    {
      CaField *field = g_ptr_array_index (fields, i);

      if (g_strcmp0 (ca_field_get_name (field), name) == 0)
        return field;
    }

  return NULL;
}

static CaAction *
find_action (GPtrArray  *actions,
             const char *name)
{
  for (guint i = 0; i < actions->len; i++)
    {
      CaAction *action = g_ptr_array_index (actions, i);

      if (g_strcmp0 (ca_action_get_name (action), name) == 0)
        return action;
    }

  return NULL;
}

/* Members that make a valid action, and parts of one. */
/* "method" and "category" are spelled out so that these cases do not
 * depend on the defaults (see test_round_trip_defaults). */
#define A0 "'name': 'a', 'url': 'https://a.example.com/'"
#define A A0 ", 'method': 'POST', 'category': 'custom'"
#define SECRET(id) "{'secret': '" id "'}"
#define CUSTOM_MIN "'type': 'custom', 'endpoint': 'https://auth.example.com/token', " \
                   "'tokenInResponse': 'json://access_token'"
#define CUSTOM CUSTOM_MIN ", 'method': 'POST', 'authorizationType': 'bearer'"

/* Round trips */

/* The fixture is the canonical form of a file that uses every key, every
 * type, every kind of authentication. */
static void
test_round_trip_canonical (void)
{
  g_autoptr(GBytes) canonical = load_fixture ("canonical.json");
  g_autoptr(GPtrArray) actions = parse_all_ok (canonical);
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GBytes) rewritten = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (actions->len, ==, 9);

  written = ca_action_file_write (actions, &error);
  g_assert_no_error (error);
  assert_bytes_equal (canonical, written);

  again = parse_all_ok (written);
  assert_actions_equal (actions, again);

  rewritten = ca_action_file_write (again, &error);
  g_assert_no_error (error);
  assert_bytes_equal (canonical, rewritten);
}

/* What the reader made of the fixture: the round trip alone would not see
 * a key that is dropped both ways. */
static void
test_round_trip_model (void)
{
  g_autoptr(GBytes) canonical = load_fixture ("canonical.json");
  g_autoptr(GPtrArray) actions = parse_all_ok (canonical);
  CaAction *action = find_action (actions, "everyType");
  GPtrArray *headers, *query, *fields;
  JsonNode *sample;
  JsonObject *object;
  JsonArray *array;
  CaField *field;
  GDateTime *modified;
  CaAuth *auth;
  guint max_calls, period_ms;

  g_assert_nonnull (action);
  g_assert_cmpstr (ca_action_get_label (action), ==, "Every type — ünïcödé 日本語 😀");
  g_assert_cmpstr (ca_action_get_description (action), ==,
                   "Quotes \" backslash \\ newline \n tab \t control \001 bell \b feed \f "
                   "return \r slash / end");
  g_assert_cmpint (ca_action_get_category (action), ==, CA_CATEGORY_CUSTOM);
  g_assert_cmpint (ca_action_get_method (action), ==, CA_METHOD_POST);
  g_assert_true (ca_action_get_dynamic_path (action));
  g_assert_cmpuint (ca_action_get_timeout_seconds (action), ==, 1);
  g_assert_cmpuint (ca_action_get_retries (action), ==, 0);
  g_assert_true (ca_action_get_allow_null (action));
  ca_action_get_capping (action, &max_calls, &period_ms);
  g_assert_cmpuint (max_calls, ==, 300000);
  g_assert_cmpuint (period_ms, ==, 60000);
  g_assert_cmpuint (ca_action_get_max_throughput (action), ==, 5000);

  modified = ca_action_get_modified (action);
  g_assert_nonnull (modified);
  g_assert_cmpint (g_date_time_get_year (modified), ==, 2026);
  g_assert_cmpint (g_date_time_get_hour (modified), ==, 9);
  g_assert_cmpint (g_date_time_get_minute (modified), ==, 30);
  g_assert_cmpint (g_date_time_get_utc_offset (modified), ==, 0);

  /* Headers and query parameters: both kinds, labels, types, optional. */
  headers = ca_action_get_headers (action);
  g_assert_cmpuint (headers->len, ==, 3);
  field = g_ptr_array_index (headers, 0);
  g_assert_cmpstr (ca_field_get_name (field), ==, "X-Tenant");
  g_assert_cmpint (ca_field_get_kind (field), ==, CA_FIELD_KIND_VARIABLE);
  g_assert_cmpstr (ca_field_get_label (field), ==, "Tenant");
  g_assert_false (ca_field_get_optional (field));
  field = g_ptr_array_index (headers, 1);
  g_assert_cmpint (ca_field_get_field_type (field), ==, CA_FIELD_TYPE_INTEGER);
  g_assert_true (ca_field_get_optional (field));
  field = g_ptr_array_index (headers, 2);
  g_assert_cmpint (ca_field_get_kind (field), ==, CA_FIELD_KIND_CONSTANT);
  g_assert_cmpstr (json_node_get_string (ca_field_get_value (field)), ==, "desktop \"app\" é");

  query = ca_action_get_query (action);
  g_assert_cmpuint (query->len, ==, 3);
  field = g_ptr_array_index (query, 1);
  g_assert_cmpstr (ca_field_get_name (field), ==, "since");
  g_assert_null (ca_field_get_label (field));
  g_assert_cmpint (ca_field_get_field_type (field), ==, CA_FIELD_TYPE_DATE_ONLY);

  /* One payload field per type, in the order of the enumeration. */
  fields = ca_action_get_request_fields (action);
  g_assert_cmpuint (fields->len, ==, 22);
  for (guint t = CA_FIELD_TYPE_STRING; t <= CA_FIELD_TYPE_LIST_ANY; t++)
    g_assert_cmpint (ca_field_get_field_type (g_ptr_array_index (fields, t)), ==, t);

  field = find_field (fields, "items.0.price");
  g_assert_nonnull (field);
  g_assert_cmpint (ca_field_get_kind (field), ==, CA_FIELD_KIND_CONSTANT);
  g_assert_cmpfloat (json_node_get_double (ca_field_get_value (field)), ==, 59.5);
  field = find_field (fields, "fixed");
  g_assert_cmpstr (json_node_get_string (ca_field_get_value (field)), ==, "override\twith\ttabs");
  field = find_field (fields, "big");
  g_assert_cmpint (ca_field_get_kind (field), ==, CA_FIELD_KIND_CONSTANT);
  g_assert_null (ca_field_get_value (field));
  field = find_field (fields, "message.title");
  g_assert_cmpstr (ca_field_get_label (field), ==, "Title \\ \"quoted\"");

  /* Numbers keep their type and value. */
  sample = ca_action_get_request_sample (action);
  object = json_node_get_object (sample);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "d")), ==, G_TYPE_DOUBLE);
  g_assert_cmpfloat (json_object_get_double_member (object, "d"), ==, 0.1);
  g_assert_cmpint (json_object_get_int_member (object, "big"), ==, G_GINT64_CONSTANT (9007199254740993));
  g_assert_true (json_object_get_null_member (object, "nothing"));
  array = json_object_get_array_member (object, "li");
  g_assert_cmpint (json_array_get_int_element (array, 2), ==, G_MAXINT64);
  g_assert_cmpint (json_array_get_int_element (array, 3), ==, G_MININT64);
  array = json_object_get_array_member (object, "ld");
  g_assert_cmpfloat (json_array_get_double_element (array, 0), ==, 59.5);
  g_assert_cmpfloat (json_array_get_double_element (array, 1), ==, 1e-7);
  g_assert_cmpfloat (json_array_get_double_element (array, 2), ==, 0.1);
  g_assert_cmpint (json_node_get_value_type (json_array_get_element (array, 3)), ==, G_TYPE_DOUBLE);
  g_assert_cmpfloat (json_array_get_double_element (array, 4), ==, -2.5e300);
  g_assert_cmpfloat (json_array_get_double_element (array, 5), ==, 123456789.123456);
  object = json_object_get_object_member (object, "message");
  g_assert_cmpstr (json_object_get_string_member (object, "title"), ==, "Hi \"there\"\n");
  g_assert_cmpstr (json_object_get_string_member (object, "ünï"), ==, "日本");

  g_assert_nonnull (ca_action_get_response_sample (action));
  g_assert_nonnull (ca_action_get_error_response_sample (action));

  /* Every type of authentication. */
  action = find_action (actions, "basicAuth");
  auth = ca_action_get_auth (action);
  g_assert_cmpint (auth->type, ==, CA_AUTH_TYPE_BASIC);
  g_assert_cmpstr (auth->username, ==, "ada");
  g_assert_cmpstr (auth->password->secret_id, ==, "basic-password");
  g_assert_null (auth->password->plain);
  g_assert_null (ca_action_get_request_sample (action));
  g_assert_null (ca_action_get_description (action));
  g_assert_cmpint (ca_action_get_method (action), ==, CA_METHOD_GET);
  modified = ca_action_get_modified (action);
  g_assert_cmpint (g_date_time_get_microsecond (modified), ==, 123456);
  /* Kept in UTC, as the catalog writes it. */
  g_assert_cmpint (g_date_time_get_utc_offset (modified), ==, 0);
  g_assert_cmpint (g_date_time_get_hour (modified), ==, 4);

  auth = ca_action_get_auth (find_action (actions, "apiKeyHeader"));
  g_assert_cmpint (auth->type, ==, CA_AUTH_TYPE_API_KEY);
  g_assert_cmpstr (auth->key_name, ==, "X-Api-Key");
  g_assert_cmpint (auth->key_location, ==, CA_KEY_LOCATION_HEADER);
  g_assert_cmpstr (auth->key_value->secret_id, ==, "push-key");

  auth = ca_action_get_auth (find_action (actions, "apiKeyQuery"));
  g_assert_cmpint (auth->key_location, ==, CA_KEY_LOCATION_QUERY);
  g_assert_cmpstr (auth->key_value->secret_id, ==, "query.key_1");

  auth = ca_action_get_auth (find_action (actions, "bearerAuth"));
  g_assert_cmpint (auth->type, ==, CA_AUTH_TYPE_BEARER);
  g_assert_cmpstr (auth->token->secret_id, ==, "bearer-token");

  auth = ca_action_get_auth (find_action (actions, "customForm"));
  g_assert_cmpint (auth->type, ==, CA_AUTH_TYPE_CUSTOM);
  g_assert_cmpstr (auth->endpoint, ==, "https://auth.example.com/oauth/token");
  g_assert_cmpint (auth->token_method, ==, CA_TOKEN_METHOD_POST);
  g_assert_cmpuint (auth->headers->len, ==, 2);
  g_assert_cmpstr (((CaAuthParam *) g_ptr_array_index (auth->headers, 1))->name, ==, "X-Other");
  g_assert_true (auth->has_body);
  g_assert_cmpint (auth->body_type, ==, CA_BODY_TYPE_FORM);
  g_assert_cmpuint (auth->body_params->len, ==, 2);
  g_assert_cmpstr (((CaAuthParam *) g_ptr_array_index (auth->body_params, 1))->value->secret_id, ==,
                   "client-secret");
  g_assert_cmpstr (auth->token_in_response, ==, "json://access_token");
  g_assert_cmpint (auth->cache_duration, ==, 55);
  g_assert_cmpint (auth->cache_unit, ==, CA_TIME_UNIT_MINUTES);
  g_assert_null (auth->expiry_in_response);
  g_assert_cmpint (auth->placement, ==, CA_TOKEN_PLACEMENT_BEARER);
  g_assert_null (auth->token_target);

  auth = ca_action_get_auth (find_action (actions, "customJson"));
  g_assert_cmpint (auth->body_type, ==, CA_BODY_TYPE_JSON);
  g_assert_cmpint (auth->cache_duration, ==, 0);
  g_assert_cmpstr (auth->expiry_in_response, ==, "json://data.expires_in");
  g_assert_cmpint (auth->placement, ==, CA_TOKEN_PLACEMENT_HEADER);
  g_assert_cmpstr (auth->token_target, ==, "X-Access-Token");

  auth = ca_action_get_auth (find_action (actions, "customGet"));
  g_assert_cmpint (auth->token_method, ==, CA_TOKEN_METHOD_GET);
  g_assert_false (auth->has_body);
  g_assert_cmpstr (auth->token_in_response, ==, "response");
  g_assert_cmpint (auth->cache_unit, ==, CA_TIME_UNIT_HOURS);
  g_assert_cmpint (auth->placement, ==, CA_TOKEN_PLACEMENT_QUERY_PARAM);
  g_assert_cmpstr (auth->token_target, ==, "access_token");

  auth = ca_action_get_auth (find_action (actions, "customSeconds"));
  g_assert_true (auth->has_body);
  g_assert_cmpuint (auth->body_params->len, ==, 0);
  g_assert_cmpint (auth->cache_unit, ==, CA_TIME_UNIT_SECONDS);
}

/* The writer's layout, on the smallest files. */
static void
test_round_trip_layout (void)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(CaAction) action = ca_action_new ("tiny");
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) again = NULL;

  written = ca_action_file_write (none, &error);
  g_assert_no_error (error);
  expected = json_bytes ("{\n  'format': 1,\n  'actions': []\n}\n");
  assert_bytes_equal (expected, written);
  g_clear_pointer (&written, g_bytes_unref);
  g_clear_pointer (&expected, g_bytes_unref);

  /* Defaults are written out; the label falls back to the name. */
  ca_action_set_url (action, "https://tiny.example.com/");
  written = ca_action_file_write_one (action, &error);
  g_assert_no_error (error);
  expected = json_bytes ("{\n"
                         "  'format': 1,\n"
                         "  'actions': [\n"
                         "    {\n"
                         "      'name': 'tiny',\n"
                         "      'label': 'tiny',\n"
                         "      'description': '',\n"
                         "      'category': 'custom',\n"
                         "      'url': 'https://tiny.example.com/',\n"
                         "      'method': 'POST',\n"
                         "      'dynamicPath': false,\n"
                         "      'timeoutSeconds': 30,\n"
                         "      'retries': 3,\n"
                         "      'headers': [],\n"
                         "      'query': [],\n"
                         "      'auth': {\n"
                         "        'type': 'none'\n"
                         "      }\n"
                         "    }\n"
                         "  ]\n"
                         "}\n");
  assert_bytes_equal (expected, written);

  again = parse_all_ok (written);
  g_assert_cmpuint (again->len, ==, 1);
  g_assert_cmpstr (ca_action_get_display_label (g_ptr_array_index (again, 0)), ==, "tiny");
}

/* Keys left out of a file take the defaults of the format.
 *
 * Regression test for a fixed bug:
 * src/core/ca-action-file.c read_general() and read_custom_auth() pass an
 * uninitialised "int word" to read_enum() for the optional keys "category",
 * "method" (action) and "method", "authorizationType" (custom auth);
 * read_enum() returns TRUE without setting it when the key is absent, so
 * the action gets whatever was on the stack (e.g. method 32579, written
 * back as "method": ""). */
static void
test_round_trip_defaults (void)
{
  g_autoptr(GBytes) bytes = one_action ("'name': 'd', 'url': 'https://d.example.com/'");
  g_autoptr(GBytes) custom = one_action (A ", 'auth': {" CUSTOM_MIN "}");
  g_autoptr(GPtrArray) actions = parse_all_ok (bytes);
  g_autoptr(GPtrArray) custom_actions = parse_all_ok (custom);
  CaAction *action = g_ptr_array_index (actions, 0);
  CaAuth *auth = ca_action_get_auth (g_ptr_array_index (custom_actions, 0));

  g_assert_null (ca_action_get_label (action));
  g_assert_cmpstr (ca_action_get_display_label (action), ==, "d");
  g_assert_cmpuint (ca_action_get_timeout_seconds (action), ==, 30);
  g_assert_cmpuint (ca_action_get_retries (action), ==, 3);
  g_assert_cmpint (ca_action_get_method (action), ==, CA_METHOD_POST);
  g_assert_false (ca_action_get_dynamic_path (action));
  g_assert_cmpint (ca_action_get_auth (action)->type, ==, CA_AUTH_TYPE_NONE);
  g_assert_null (ca_action_get_request_sample (action));
  g_assert_null (ca_action_get_modified (action));
  g_assert_cmpint (ca_action_get_category (action), ==, CA_CATEGORY_CUSTOM);

  g_assert_cmpint (auth->type, ==, CA_AUTH_TYPE_CUSTOM);
  g_assert_cmpint (auth->token_method, ==, CA_TOKEN_METHOD_POST);
  g_assert_cmpint (auth->placement, ==, CA_TOKEN_PLACEMENT_BEARER);
  g_assert_false (auth->has_body);
  g_assert_cmpint (auth->cache_duration, ==, 0);
}

static CaCredential *
secret (const char *id)
{
  return ca_credential_new_secret (id);
}

/* An action built through the API, with every member set, survives
 * write → parse unchanged. */
static void
test_round_trip_api (void)
{
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GBytes) rewritten = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) sample = json_from_string ("{\"to\": \"x\", \"n\": 0.1, \"when\": \"2026-01-31\","
                                                 " \"tags\": [\"a\"], \"esc\": \"\\u0002\\\"\"}", NULL);
  g_autoptr(JsonNode) response = json_from_string ("{\"id\": 1e-7}", NULL);
  g_autoptr(JsonNode) value = json_from_string ("\"constant\\n\"", NULL);
  g_autoptr(JsonNode) header_value = json_from_string ("\"on\"", NULL);
  g_autoptr(GDateTime) modified = g_date_time_new_utc (2025, 12, 24, 18, 0, 1);
  g_autoptr(CaAuth) auth = ca_auth_new (CA_AUTH_TYPE_CUSTOM);
  CaAction *action = ca_action_new ("apiBuilt");
  CaField *field;

  ca_action_set_label (action, "Built through the API");
  ca_action_set_description (action, "tab\there");
  ca_action_set_category (action, CA_CATEGORY_CAMPAIGN);
  ca_action_set_url (action, "https://api.example.com/x");
  ca_action_set_method (action, CA_METHOD_PUT);
  ca_action_set_dynamic_path (action, TRUE);
  ca_action_set_timeout_seconds (action, 7);
  ca_action_set_retries (action, 5);
  ca_action_set_modified (action, modified);

  field = ca_field_new ("X-Flag", CA_FIELD_KIND_CONSTANT, CA_FIELD_TYPE_STRING);
  ca_field_set_value (field, header_value);
  g_ptr_array_add (ca_action_get_headers (action), field);
  field = ca_field_new ("X-Who", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_DATE_TIME);
  ca_field_set_label (field, "Who");
  ca_field_set_optional (field, TRUE);
  g_ptr_array_add (ca_action_get_headers (action), field);
  field = ca_field_new ("page", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_INTEGER);
  g_ptr_array_add (ca_action_get_query (action), field);

  ca_action_set_request_sample (action, sample);
  ca_action_set_allow_null (action, TRUE);
  field = ca_field_new ("to", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_STRING);
  ca_field_set_label (field, "To");
  g_ptr_array_add (ca_action_get_request_fields (action), field);
  field = ca_field_new ("n", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_DECIMAL);
  ca_field_set_optional (field, TRUE);
  g_ptr_array_add (ca_action_get_request_fields (action), field);
  field = ca_field_new ("when", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_DATE_ONLY);
  g_ptr_array_add (ca_action_get_request_fields (action), field);
  field = ca_field_new ("tags", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_LIST_STRING);
  g_ptr_array_add (ca_action_get_request_fields (action), field);
  field = ca_field_new ("esc", CA_FIELD_KIND_CONSTANT, CA_FIELD_TYPE_STRING);
  ca_field_set_value (field, value);
  g_ptr_array_add (ca_action_get_request_fields (action), field);
  ca_action_set_response_sample (action, response);
  ca_action_set_error_response_sample (action, response);
  ca_action_set_capping (action, 10, 1000);
  ca_action_set_max_throughput (action, 3);

  auth->endpoint = g_strdup ("https://auth.example.com/t");
  auth->token_method = CA_TOKEN_METHOD_POST;
  g_ptr_array_add (auth->headers, ca_auth_param_new ("X-Client", secret ("client")));
  auth->has_body = TRUE;
  auth->body_type = CA_BODY_TYPE_JSON;
  g_ptr_array_add (auth->body_params, ca_auth_param_new ("id", secret ("id")));
  auth->token_in_response = g_strdup ("json://a.b");
  auth->cache_duration = 30;
  auth->cache_unit = CA_TIME_UNIT_SECONDS;
  auth->placement = CA_TOKEN_PLACEMENT_QUERY_PARAM;
  auth->token_target = g_strdup ("tok");
  ca_action_set_auth (action, auth);
  g_ptr_array_add (actions, action);

  written = ca_action_file_write (actions, &error);
  g_assert_no_error (error);
  again = parse_all_ok (written);
  assert_actions_equal (actions, again);

  rewritten = ca_action_file_write (again, &error);
  g_assert_no_error (error);
  assert_bytes_equal (written, rewritten);
}

/* data/sample-catalog.json is in canonical form, and is what the library
 * ships. */
static void
test_round_trip_sample_catalog (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "sample-catalog.json", NULL);
  g_autoptr(GBytes) shipped = ca_catalog_get_sample_bytes ();
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  file = g_bytes_new_take (data, len);
  g_assert_nonnull (shipped);
  assert_bytes_equal (file, shipped);

  actions = parse_all_ok (file);
  g_assert_cmpuint (actions->len, ==, 7);
  written = ca_action_file_write (actions, &error);
  g_assert_no_error (error);
  assert_bytes_equal (file, written);

  again = parse_all_ok (written);
  assert_actions_equal (actions, again);
}

/* Unknown keys */

static void
test_unknown_key_top (void)
{
  g_autoptr(GBytes) bytes = json_bytes ("{'format': 1, 'actions': [], 'extra': true}");
  g_autoptr(GPtrArray) actions = expect_problem (bytes, CA_ACTION_FILE_FLAGS_NONE,
                                                 "extra", "unknown key", TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;

  g_assert_cmpuint (actions->len, ==, 0);
  all = ca_action_file_parse_all (bytes, CA_ACTION_FILE_FLAGS_NONE, &error);
  g_assert_null (all);
  g_assert_error (error, CA_FORMAT_ERROR, CA_FORMAT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "extra"));
}


typedef struct {
  const char *members;
  const char *path;
  const char *needle;
} Case;

static void
run_cases (const Case *cases,
           guint       n_cases)
{
  for (guint i = 0; i < n_cases; i++)
    {
      g_test_message ("case %u: %s", i, cases[i].path);
      expect_action_problem (cases[i].members, cases[i].path, cases[i].needle);
    }
}

static void
test_unknown_key_levels (void)
{
  static const Case cases[] = {
    { A ", 'bogus': 1", "actions[0].bogus", "unknown key" },
    { A ", 'headers': [{'name': 'X-A', 'kind': 'variable', 'bogus': 1}]",
      "actions[0].headers[0].bogus", "unknown key" },
    /* A constant has no label: a key of the other kind is unknown too. */
    { A ", 'headers': [{'name': 'X-A', 'kind': 'constant', 'value': 'v', 'label': 'L'}]",
      "actions[0].headers[0].label", "unknown key" },
    { A ", 'query': [{'name': 'q', 'kind': 'variable', 'Type': 'string'}]",
      "actions[0].query[0].Type", "unknown key" },
    { A ", 'request': {'sample': {'x': 1}, 'fields': [{'path': 'x', 'type': 'integer', "
      "'kind': 'variable', 'bogus': 1}]}",
      "actions[0].request.fields[0].bogus", "unknown key" },
    { A ", 'request': {'sample': {'x': 1}, 'fields': [{'path': 'x', 'type': 'integer', "
      "'kind': 'constant', 'optional': true}]}",
      "actions[0].request.fields[0].optional", "unknown key" },
    { A ", 'request': {'sample': {}, 'fields': [], 'bogus': 1}",
      "actions[0].request.bogus", "unknown key" },
    { A ", 'response': {'sample': {}, 'bogus': 1}", "actions[0].response.bogus", "unknown key" },
    { A ", 'errorResponse': {'sample': {}, 'schema': 1}",
      "actions[0].errorResponse.schema", "unknown key" },
    { A ", 'capping': {'maxCalls': 1, 'periodMs': 1, 'bogus': 1}",
      "actions[0].capping.bogus", "unknown key" },
    { A ", 'throttling': {'maxThroughput': 1, 'bogus': 1}",
      "actions[0].throttling.bogus", "unknown key" },
    /* Each type of authentication has its own keys. */
    { A ", 'auth': {'type': 'none', 'username': 'x'}", "actions[0].auth.username", "unknown key" },
    { A ", 'auth': {'type': 'basic', 'username': 'u', 'password': " SECRET ("p") ", "
      "'token': " SECRET ("t") "}", "actions[0].auth.token", "unknown key" },
    { A ", 'auth': {'type': 'apiKey', 'name': 'X-Key', 'location': 'header', "
      "'value': " SECRET ("k") ", 'username': 'x'}", "actions[0].auth.username", "unknown key" },
    { A ", 'auth': {'type': 'bearer', 'token': " SECRET ("t") ", 'password': " SECRET ("p") "}",
      "actions[0].auth.password", "unknown key" },
    { A ", 'auth': {" CUSTOM ", 'username': 'x'}", "actions[0].auth.username", "unknown key" },
    { A ", 'auth': {" CUSTOM ", 'body': {'bodyType': 'form', 'bodyParams': {}, 'bogus': 1}}",
      "actions[0].auth.body.bogus", "unknown key" },
    { A ", 'auth': {" CUSTOM ", 'cacheDuration': {'duration': 1, 'timeUnit': 'hours', 'bogus': 1}}",
      "actions[0].auth.cacheDuration.bogus", "unknown key" },
    /* The secret object itself, wherever it is. */
    { A ", 'auth': {'type': 'basic', 'username': 'u', 'password': {'secret': 'p', 'bogus': 1}}",
      "actions[0].auth.password.bogus", "unknown key" },
    { A ", 'auth': {" CUSTOM ", 'headers': {'X-Client': {'secret': 'c', 'value': 'v'}}}",
      "actions[0].auth.headers.X-Client.value", "unknown key" },
    { A ", 'auth': {" CUSTOM ", 'body': {'bodyType': 'json', 'bodyParams': "
      "{'id': {'secret': 'c', 'x': 1}}}}",
      "actions[0].auth.body.bodyParams.id.x", "unknown key" },
  };

  run_cases (cases, G_N_ELEMENTS (cases));
}

/* The message lists what would be right. */
static void
test_unknown_key_message (void)
{
  g_autoptr(GBytes) bytes = one_action (A ", 'timeout': 5");
  g_autoptr(GPtrArray) problems = ca_problems_new ();
  g_autoptr(GPtrArray) actions = NULL;
  const CaProblem *problem;

  g_assert_true (ca_action_file_parse (bytes, CA_ACTION_FILE_FLAGS_NONE, &actions, problems, NULL));
  problem = find_problem (problems, "actions[0].timeout");
  g_assert (problem != NULL);
  g_assert_nonnull (strstr (problem->message, "timeoutSeconds"));
}

/* Wrong JSON types */

static void
test_wrong_types (void)
{
  static const Case cases[] = {
    { A ", 'timeoutSeconds': '30'", "actions[0].timeoutSeconds", "not a string" },
    { A ", 'timeoutSeconds': 1.5", "actions[0].timeoutSeconds", "whole number" },
    { A ", 'retries': -1", "actions[0].retries", "out of range" },
    { A ", 'retries': null", "actions[0].retries", "not null" },
    { A ", 'headers': {}", "actions[0].headers", "must be an array, not an object" },
    { A ", 'query': 'lang'", "actions[0].query", "must be an array, not a string" },
    { A ", 'headers': ['X-A']", "actions[0].headers[0]", "must be an object" },
    { "'name': 5, 'url': 'https://a.example.com/'", "actions[0].name", "must be a string, not a number" },
    { A ", 'label': true", "actions[0].label", "must be a string, not a boolean" },
    { A ", 'description': ['x']", "actions[0].description", "must be a string" },
    { A ", 'dynamicPath': 'yes'", "actions[0].dynamicPath", "must be a boolean" },
    { A ", 'modified': 20260131", "actions[0].modified", "must be a string" },
    { A ", 'modified': 'yesterday'", "actions[0].modified", "ISO 8601" },
    { A ", 'auth': []", "actions[0].auth", "must be an object, not an array" },
    { A ", 'auth': {'type': 3}", "actions[0].auth.type", "must be a string" },
    { A ", 'request': 'x'", "actions[0].request", "must be an object" },
    { A ", 'request': {'allowNull': 'no', 'sample': {}}", "actions[0].request.allowNull", "boolean" },
    { A ", 'request': {'sample': {}, 'fields': {}}", "actions[0].request.fields", "must be an array" },
    { A ", 'response': []", "actions[0].response", "must be an object" },
    { A ", 'headers': [{'name': 'X-A', 'kind': 'constant', 'value': 5}]",
      "actions[0].headers[0].value", "must be a string, not a number" },
    { A ", 'headers': [{'name': 'X-A', 'kind': 'variable', 'optional': 'true'}]",
      "actions[0].headers[0].optional", "must be a boolean" },
    { A ", 'query': [{'name': 'q', 'kind': 'variable', 'label': 1}]",
      "actions[0].query[0].label", "must be a string" },
    { A ", 'capping': []", "actions[0].capping", "must be an object" },
    { A ", 'auth': {'type': 'basic', 'username': 'u', 'password': 5}",
      "actions[0].auth.password", "secret" },
    { A ", 'auth': {'type': 'basic', 'username': ['u'], 'password': " SECRET ("p") "}",
      "actions[0].auth.username", "must be a string" },
    { A ", 'auth': {" CUSTOM ", 'headers': []}", "actions[0].auth.headers", "must be an object" },
    { A ", 'auth': {" CUSTOM ", 'body': 'x'}", "actions[0].auth.body", "must be an object" },
    { A ", 'auth': {" CUSTOM ", 'cacheDuration': {'duration': '5', 'timeUnit': 'seconds'}}",
      "actions[0].auth.cacheDuration.duration", "whole number" },
    /* Missing keys are named too. */
    { "'name': 'a'", "actions[0].url", "missing" },
    { A ", 'request': {'fields': []}", "actions[0].request.sample", "missing" },
    { A ", 'auth': {'type': 'apiKey', 'location': 'query', 'value': " SECRET ("k") "}",
      "actions[0].auth.name", "missing" },
  };

  run_cases (cases, G_N_ELEMENTS (cases));
}

/* Regression test for a fixed bug:
 * src/core/ca-action-file.c read_limits() reports a second, wrong problem
 * at the same path after read_uint() has reported a mistyped "maxCalls" or
 * "maxThroughput": {"maxCalls": "1"} gives both "must be a whole number,
 * not a string" and "must be at least 1", because max_calls is still 0
 * and the key is present. */
static void
test_wrong_type_limits (void)
{
  static const Case cases[] = {
    { A ", 'capping': {'maxCalls': '1', 'periodMs': 1}", "actions[0].capping.maxCalls", "whole number" },
    { A ", 'capping': {'maxCalls': 1, 'periodMs': '1'}", "actions[0].capping.periodMs", "whole number" },
    { A ", 'throttling': {'maxThroughput': true}", "actions[0].throttling.maxThroughput", "whole number" },
  };

  run_cases (cases, G_N_ELEMENTS (cases));
}

/* Regression test for a fixed bug: a mistyped
 * secret ID is reported at ".token.secret", and then the validator adds
 * "actions[0].auth.token: missing; enter the credential" twice: once
 * through ca_auth_foreach_credential() and once more from the explicit
 * NULL checks at the end of check_auth() (src/core/ca-action-validate.c),
 * and drop_repeated_problems() does not see them as repeats because the
 * paths differ. One problem, at the secret ID, is what is wrong. */
static void
test_wrong_type_credential (void)
{
  static const Case cases[] = {
    { A ", 'auth': {'type': 'bearer', 'token': {'secret': 5}}", "actions[0].auth.token.secret",
      "must be a string" },
    { A ", 'auth': {'type': 'basic', 'username': 'u', 'password': {'secret': ''}}",
      "actions[0].auth.password.secret", "secret ID" },
    { A ", 'auth': {'type': 'apiKey', 'name': 'X-Key', 'location': 'header', 'value': {}}",
      "actions[0].auth.value.secret", "missing" },
  };

  run_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_wrong_type_action (void)
{
  g_autoptr(GBytes) bytes = json_bytes ("{'format': 1, 'actions': ['sendPush', {" A "}]}");
  g_autoptr(GPtrArray) actions = expect_problem (bytes, CA_ACTION_FILE_FLAGS_NONE,
                                                 "actions[0]", "must be an object", TRUE);

  /* The other action is still read. */
  g_assert_cmpuint (actions->len, ==, 1);
  g_assert_cmpstr (ca_action_get_name (g_ptr_array_index (actions, 0)), ==, "a");
}

/* Enumerations: the message names the word and lists the right ones. */
static void
test_enum_words (void)
{
  static const struct {
    const char *members;
    const char *start;
  } cases[] = {
    { A ", 'request': {'sample': {'a': 1, 'b': 2}, 'fields': ["
      "{'path': 'a', 'type': 'integer', 'kind': 'variable'}, "
      "{'path': 'b', 'type': 'int', 'kind': 'variable'}]}",
      "actions[0].request.fields[1].type: \"int\" is not a type; use one of string, integer, " },
    { A0 ", 'method': 'DELETE'",
      "actions[0].method: \"DELETE\" is not a method here; use one of POST, GET or PUT" },
    { A0 ", 'category': 'misc'",
      "actions[0].category: \"misc\" is not a category; use one of channel, campaign or custom" },
    { A ", 'headers': [{'name': 'X-A', 'kind': 'fixed'}]",
      "actions[0].headers[0].kind: \"fixed\" is not a kind of value; use one of constant or variable" },
    { A ", 'query': [{'name': 'q', 'kind': 'variable', 'type': 'text'}]",
      "actions[0].query[0].type: \"text\" is not a type; use one of string, integer, decimal, " },
    { A ", 'auth': {'type': 'oauth'}",
      "actions[0].auth.type: \"oauth\" is not an authentication type; "
      "use one of none, basic, apiKey, bearer or custom" },
    { A ", 'auth': {'type': 'apiKey', 'name': 'k', 'location': 'body', 'value': " SECRET ("k") "}",
      "actions[0].auth.location: \"body\" is not allowed here; use one of header or query" },
    { A ", 'auth': {" CUSTOM_MIN ", 'authorizationType': 'bearer', 'method': 'PUT'}",
      "actions[0].auth.method: \"PUT\" is not a method here; use one of POST or GET" },
    { A ", 'auth': {" CUSTOM ", 'body': {'bodyType': 'xml', 'bodyParams': {}}}",
      "actions[0].auth.body.bodyType: \"xml\" is not allowed here; use one of form or json" },
    { A ", 'auth': {" CUSTOM ", 'cacheDuration': {'duration': 1, 'timeUnit': 'days'}}",
      "actions[0].auth.cacheDuration.timeUnit: \"days\" is not allowed here; "
      "use one of seconds, minutes or hours" },
    { A ", 'auth': {" CUSTOM_MIN ", 'method': 'POST', 'authorizationType': 'cookie'}",
      "actions[0].auth.authorizationType: \"cookie\" is not allowed here; "
      "use one of bearer, header or queryParam" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = one_action (cases[i].members);
      g_autoptr(GPtrArray) problems = ca_problems_new ();
      g_autoptr(GPtrArray) actions = NULL;
      g_autofree char *dump = NULL;
      gboolean found = FALSE;

      g_assert_true (ca_action_file_parse (bytes, CA_ACTION_FILE_FLAGS_NONE, &actions, problems, NULL));
      g_assert_cmpuint (actions->len, ==, 0);
      for (guint j = 0; j < problems->len; j++)
        {
          g_autofree char *line = ca_problem_to_string (g_ptr_array_index (problems, j));

          if (g_str_has_prefix (line, cases[i].start))
            found = TRUE;
        }

      dump = dump_problems (problems);
      g_test_message ("expected \"%s…\", got:\n%s", cases[i].start, dump);
      g_assert_true (found);
      g_assert_cmpuint (ca_problems_count_errors (problems), ==, 1);
    }
}

/* Not JSON, or not an action file */

static void
test_syntax_error (void)
{
  static const struct {
    const char *text;
    const char *prefix;
  } cases[] = {
    /* '@' is line 4, column 14 */
    { "{\n  \"format\": 1,\n  \"actions\": [\n    {\"name\": @}\n  ]\n}\n", "4:14: " },
    /* a '}' too many, alone on line 6 */
    { "{\n  \"format\": 1,\n  \"actions\": [\n  ]\n}\n}\n", "6:1: " },
    /* the end of the file comes too early */
    { "{\"format\": 1, \"actions\": [", "1:" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (cases[i].text, strlen (cases[i].text));
      g_autoptr(GPtrArray) problems = ca_problems_new ();
      g_autoptr(GPtrArray) actions = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) all_error = NULL;
      g_autoptr(GPtrArray) all = NULL;

      g_assert_false (ca_action_file_parse (bytes, CA_ACTION_FILE_FLAGS_NONE, &actions, problems, &error));
      g_assert_error (error, CA_FORMAT_ERROR, CA_FORMAT_ERROR_SYNTAX);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, cases[i].prefix));
      /* Only "LINE:COLUMN: what": no "<data>", no "Parse error". */
      g_assert_true (g_regex_match_simple ("^[0-9]+:[0-9]+: [^ ]", error->message, 0, 0));
      g_assert_null (strstr (error->message, "<data>"));
      g_assert_null (actions);

      all = ca_action_file_parse_all (bytes, CA_ACTION_FILE_FLAGS_NONE, &all_error);
      g_assert_null (all);
      g_assert_error (all_error, CA_FORMAT_ERROR, CA_FORMAT_ERROR_SYNTAX);
    }
}

static void
test_not_an_action_file (void)
{
  static const struct {
    const char *text;
    const char *needle;
  } cases[] = {
    { "{'actions': []}", "format" },
    { "{'format': 2, 'actions': []}", "2" },
    { "{'format': '1', 'actions': []}", "format" },
    { "{'format': 1.0, 'actions': []}", "format" },
    { "{'format': null, 'actions': []}", "format" },
    { "[{'format': 1, 'actions': []}]", "object" },
    { "'format'", "object" },
    { "1", "object" },
    { "{'format': 1}", "actions" },
    { "{'format': 1, 'actions': {}}", "actions" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = json_bytes (cases[i].text);
      g_autoptr(GPtrArray) problems = ca_problems_new ();
      g_autoptr(GPtrArray) actions = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", cases[i].text);
      g_assert_false (ca_action_file_parse (bytes, CA_ACTION_FILE_FLAGS_NONE, &actions, problems, &error));
      g_assert_error (error, CA_FORMAT_ERROR, CA_FORMAT_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, cases[i].needle));
      g_assert_null (actions);
    }
}

static void
test_empty_input (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("", 0);
  g_autoptr(GPtrArray) problems = ca_problems_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (ca_action_file_parse (bytes, CA_ACTION_FILE_FLAGS_NONE, NULL, problems, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == CA_FORMAT_ERROR);
}

/* Credentials */

static const Case plain_credentials[] = {
  { A ", 'auth': {'type': 'basic', 'username': 'u', 'password': 'hunter2-basic'}",
    "actions[0].auth.password", "hunter2-basic" },
  { A ", 'auth': {'type': 'apiKey', 'name': 'X-Key', 'location': 'header', 'value': 'hunter2-key'}",
    "actions[0].auth.value", "hunter2-key" },
  { A ", 'auth': {'type': 'bearer', 'token': 'hunter2-token'}",
    "actions[0].auth.token", "hunter2-token" },
  { A ", 'auth': {" CUSTOM ", 'headers': {'X-Client': 'hunter2-header'}}",
    "actions[0].auth.headers.X-Client", "hunter2-header" },
  { A ", 'auth': {" CUSTOM ", 'body': {'bodyType': 'form', 'bodyParams': "
    "{'client_id': " SECRET ("id") ", 'client_secret': 'hunter2-param'}}}",
    "actions[0].auth.body.bodyParams.client_secret", "hunter2-param" },
};

static void
test_plain_credentials_rejected (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (plain_credentials); i++)
    {
      const Case *c = &plain_credentials[i];
      g_autoptr(GBytes) bytes = one_action (c->members);
      g_autoptr(GPtrArray) problems = ca_problems_new ();
      g_autoptr(GPtrArray) actions = NULL;
      const CaProblem *problem;

      g_test_message ("case %u: %s", i, c->path);
      g_assert_true (ca_action_file_parse (bytes, CA_ACTION_FILE_FLAGS_NONE, &actions, problems, NULL));
      g_assert_cmpuint (actions->len, ==, 0);
      g_assert_cmpuint (ca_problems_count_errors (problems), ==, 1);
      problem = find_problem (problems, c->path);
      g_assert (problem != NULL);
      g_assert_nonnull (strstr (problem->message, "secret"));
      /* The value itself is not repeated in the message. */
      g_assert_null (strstr (problem->message, c->needle));
    }
}

static void
test_plain_credentials_allowed (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (plain_credentials); i++)
    {
      const Case *c = &plain_credentials[i];
      g_autoptr(GBytes) bytes = one_action (c->members);
      g_autoptr(GPtrArray) problems = ca_problems_new ();
      g_autoptr(GPtrArray) actions = NULL;
      g_autoptr(GBytes) written = NULL;
      g_autoptr(GError) error = NULL;
      CaAuth *auth;
      const CaCredential *credential = NULL;

      g_test_message ("case %u: %s", i, c->path);
      g_assert_true (ca_action_file_parse (bytes, CA_ACTION_FILE_ALLOW_PLAIN_CREDENTIALS, &actions,
                                           problems, NULL));
      g_assert_cmpuint (ca_problems_count_errors (problems), ==, 0);
      g_assert_cmpuint (actions->len, ==, 1);

      auth = ca_action_get_auth (g_ptr_array_index (actions, 0));
      switch (auth->type)
        {
        case CA_AUTH_TYPE_BASIC:
          credential = auth->password;
          break;
        case CA_AUTH_TYPE_API_KEY:
          credential = auth->key_value;
          break;
        case CA_AUTH_TYPE_BEARER:
          credential = auth->token;
          break;
        case CA_AUTH_TYPE_CUSTOM:
          credential = auth->headers->len > 0
                       ? ((CaAuthParam *) g_ptr_array_index (auth->headers, 0))->value
                       : ((CaAuthParam *) g_ptr_array_index (auth->body_params, 1))->value;
          break;
        case CA_AUTH_TYPE_NONE:
        default:
          g_assert_not_reached ();
        }
      g_assert_nonnull (credential);
      g_assert_false (ca_credential_is_secret (credential));
      g_assert_cmpstr (credential->plain, ==, c->needle);

      /* Never written out: no output at all, and the value is not in the
       * message either. */
      written = ca_action_file_write (actions, &error);
      g_assert_null (written);
      g_assert_error (error, CA_FORMAT_ERROR, CA_FORMAT_ERROR_SECRET);
      g_assert_null (strstr (error->message, c->needle));
      g_clear_error (&error);

      written = ca_action_file_write_one (g_ptr_array_index (actions, 0), &error);
      g_assert_null (written);
      g_assert_error (error, CA_FORMAT_ERROR, CA_FORMAT_ERROR_SECRET);
    }
}

/* A plain credential anywhere in a list of actions fails the whole write. */
static void
test_plain_credentials_write (void)
{
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CaAuth) auth = ca_auth_new (CA_AUTH_TYPE_BEARER);
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GError) error = NULL;
  CaAction *action;

  action = ca_action_new ("first");
  ca_action_set_url (action, "https://a.example.com/");
  g_ptr_array_add (actions, action);
  action = ca_action_new ("second");
  ca_action_set_url (action, "https://b.example.com/");
  auth->token = ca_credential_new_plain ("sup3r-s3cret");
  ca_action_set_auth (action, auth);
  g_ptr_array_add (actions, action);

  written = ca_action_file_write (actions, &error);
  g_assert_null (written);
  g_assert_error (error, CA_FORMAT_ERROR, CA_FORMAT_ERROR_SECRET);
  g_assert_null (strstr (error->message, "sup3r-s3cret"));
  g_clear_error (&error);

  /* A missing credential is no better. */
  g_clear_pointer (&auth->token, ca_credential_free);
  ca_action_set_auth (action, auth);
  written = ca_action_file_write (actions, &error);
  g_assert_null (written);
  g_assert_error (error, CA_FORMAT_ERROR, CA_FORMAT_ERROR_SECRET);
}

/* Names */

static void
test_duplicate_names (void)
{
  g_autoptr(GBytes) bytes = json_bytes ("{'format': 1, 'actions': ["
                                        "{'name': 'a', 'url': 'https://first.example.com/'}, "
                                        "{'name': 'b', 'url': 'https://b.example.com/'}, "
                                        "{'name': 'a', 'url': 'https://second.example.com/'}]}");
  g_autoptr(GPtrArray) actions = expect_problem (bytes, CA_ACTION_FILE_FLAGS_NONE,
                                                 "actions[2].name", "actions[0]", TRUE);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (actions->len, ==, 2);
  g_assert_cmpstr (ca_action_get_name (g_ptr_array_index (actions, 0)), ==, "a");
  g_assert_cmpstr (ca_action_get_url (g_ptr_array_index (actions, 0)), ==, "https://first.example.com/");
  g_assert_cmpstr (ca_action_get_name (g_ptr_array_index (actions, 1)), ==, "b");

  all = ca_action_file_parse_all (bytes, CA_ACTION_FILE_FLAGS_NONE, &error);
  g_assert_null (all);
  g_assert_error (error, CA_FORMAT_ERROR, CA_FORMAT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "actions[2].name"));
}

/* An invalid action is left out; the others are kept, with their
 * problems reported under their own index. */
static void
test_partial_file (void)
{
  g_autoptr(GBytes) bytes = json_bytes ("{'format': 1, 'actions': ["
                                        "{'name': 'good', 'url': 'https://a.example.com/'}, "
                                        "{'name': 'bad', 'url': 'ftp://a.example.com/'}, "
                                        "{'name': 'alsoGood', 'url': 'https://a.example.com/'}]}");
  g_autoptr(GPtrArray) actions = expect_problem (bytes, CA_ACTION_FILE_FLAGS_NONE,
                                                 "actions[1].url", "https", TRUE);

  g_assert_cmpuint (actions->len, ==, 2);
  g_assert_cmpstr (ca_action_get_name (g_ptr_array_index (actions, 1)), ==, "alsoGood");
}

/* Numbers */

/* Regression test for a fixed bug: a number too
 * big for a double, such as 1E400 in a sample, is read as infinity by
 * src/core/ca-json.c (read_number(): g_ascii_strtod() without a check of
 * ERANGE or isfinite()), accepted, and written back as null by
 * ca-json-writer.c: the sample changes silently. It should be refused,
 * with a position, like any other number JSON cannot carry. */
static void
test_number_out_of_range (void)
{
  static const char * const numbers[] = { "1E400", "-1e999" };

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autofree char *members = g_strdup_printf (A ", 'request': {'sample': {'n': %s}}", numbers[i]);
      g_autoptr(GBytes) bytes = one_action (members);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) all = NULL;

      g_test_message ("%s", numbers[i]);
      all = ca_action_file_parse_all (bytes, CA_ACTION_FILE_FLAGS_NONE, &error);
      g_assert_null (all);
      g_assert_nonnull (error);
      g_assert_true (error->domain == CA_FORMAT_ERROR);
    }
}

/* Big files (read and written in two halves at once) */

static GPtrArray *
many_actions (guint n)
{
  GPtrArray *actions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) modified = g_date_time_new_utc (2026, 1, 31, 9, 30, 0);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("bulk_%u", i);
      g_autofree char *url = g_strdup_printf ("https://bulk.example.com/v1/%u", i);
      g_autofree char *label = g_strdup_printf ("Bulk action n°%u", i);
      g_autofree char *sample_text = g_strdup_printf ("{\"to\": \"x\", \"n\": %u.5, \"tags\": [%u]}", i, i);
      g_autoptr(JsonNode) sample = json_from_string (sample_text, NULL);
      CaAction *action = ca_action_new (name);

      ca_action_set_url (action, url);
      ca_action_set_label (action, label);
      ca_action_set_description (action, "Made by the test");
      ca_action_set_modified (action, modified);
      ca_action_set_request_sample (action, sample);
      g_ptr_array_add (ca_action_get_request_fields (action),
                       ca_field_new ("to", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_STRING));
      if (i % 7 == 0)
        {
          g_autoptr(CaAuth) auth = ca_auth_new (CA_AUTH_TYPE_BEARER);

          auth->token = ca_credential_new_secret ("bulk-token");
          ca_action_set_auth (action, auth);
        }
      g_ptr_array_add (actions, action);
    }

  return actions;
}

/* What the file of @actions is, one action at a time. */
static GBytes *
write_one_by_one (GPtrArray *actions)
{
  static const char head[] = "{\n  \"format\": 1,\n  \"actions\": [\n";
  static const char tail[] = "\n  ]\n}\n";
  GString *text = g_string_new (head);

  for (guint i = 0; i < actions->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) one = ca_action_file_write_one (g_ptr_array_index (actions, i), &error);
      gsize len;
      const char *data;

      g_assert_no_error (error);
      data = g_bytes_get_data (one, &len);
      g_assert_true (len > strlen (head) + strlen (tail));
      g_assert_true (memcmp (data, head, strlen (head)) == 0);
      g_assert_true (memcmp (data + len - strlen (tail), tail, strlen (tail)) == 0);
      if (i > 0)
        g_string_append (text, ",\n");
      g_string_append_len (text, data + strlen (head), len - strlen (head) - strlen (tail));
    }

  g_string_append (text, tail);
  return g_string_free_to_bytes (text);
}

static void
test_big_file_round_trip (void)
{
  static const guint sizes[] = { 1999, 2000, 2501 };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(GPtrArray) actions = many_actions (sizes[s]);
      g_autoptr(GPtrArray) again = NULL;
      g_autoptr(GBytes) written = NULL;
      g_autoptr(GBytes) expected = NULL;
      g_autoptr(GBytes) rewritten = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%u actions", sizes[s]);
      written = ca_action_file_write (actions, &error);
      g_assert_no_error (error);
      expected = write_one_by_one (actions);
      assert_bytes_equal (expected, written);

      again = parse_all_ok (written);
      g_assert_cmpuint (again->len, ==, sizes[s]);
      for (guint i = 0; i < again->len; i++)
        {
          if (!ca_action_equal (g_ptr_array_index (actions, i), g_ptr_array_index (again, i)))
            g_error ("action %u differs after the round trip", i);
        }

      rewritten = ca_action_file_write (again, &error);
      g_assert_no_error (error);
      assert_bytes_equal (written, rewritten);
    }
}

static void
test_big_file_problems (void)
{
  g_autoptr(GPtrArray) actions = many_actions (2600);
  g_autoptr(GPtrArray) problems = ca_problems_new ();
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dump = NULL;
  const CaProblem *problem;
  guint j = 0;

  /* The writer does not judge: it writes what it is given. */
  ca_action_set_url (g_ptr_array_index (actions, 5), "ftp://bulk.example.com/5");
  ca_action_set_url (g_ptr_array_index (actions, 2400), "ftp://bulk.example.com/2400");
  ca_action_set_name (g_ptr_array_index (actions, 2450), "bulk_10");
  ca_action_set_timeout_seconds (g_ptr_array_index (actions, 2599), 0);
  bytes = ca_action_file_write (actions, &error);
  g_assert_no_error (error);
  /* Big enough to be read by two threads, one half each. */
  g_assert_cmpuint (g_bytes_get_size (bytes), >, 1024 * 1024);

  g_assert_true (ca_action_file_parse (bytes, CA_ACTION_FILE_FLAGS_NONE, &read, problems, &error));
  g_assert_no_error (error);
  dump = dump_problems (problems);
  g_test_message ("%s", dump);
  g_assert_cmpuint (ca_problems_count_errors (problems), ==, 4);
  g_assert_nonnull (find_problem (problems, "actions[5].url"));
  g_assert_nonnull (find_problem (problems, "actions[2400].url"));
  g_assert_nonnull (find_problem (problems, "actions[2599].timeoutSeconds"));
  problem = find_problem (problems, "actions[2450].name");
  g_assert (problem != NULL);
  g_assert_nonnull (strstr (problem->message, "actions[10]"));

  /* The others are all there, in order. */
  g_assert_cmpuint (read->len, ==, 2596);
  for (guint i = 0; i < actions->len; i++)
    {
      if (i == 5 || i == 2400 || i == 2450 || i == 2599)
        continue;
      if (!ca_action_equal (g_ptr_array_index (actions, i), g_ptr_array_index (read, j)))
        g_error ("action %u is not where it should be", i);
      j++;
    }
}

/* A big file in another layout (all on one line) reads the same as the
 * canonical one: the split between the two halves is found by scanning. */
static void
test_big_file_other_layout (void)
{
  g_autoptr(GPtrArray) actions = many_actions (2600);
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) compact = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;
  gsize len;

  bytes = ca_action_file_write (actions, &error);
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                             g_bytes_get_size (bytes), &error));
  g_assert_no_error (error);
  text = json_to_string (json_parser_get_root (parser), FALSE);
  len = strlen (text);
  g_assert_null (strchr (text, '\n'));
  g_assert_cmpuint (len, >, 1024 * 1024);
  compact = g_bytes_new_take (g_steal_pointer (&text), len);

  read = ca_action_file_parse_all (compact, CA_ACTION_FILE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read->len, ==, actions->len);
  for (guint i = 0; i < actions->len; i++)
    {
      if (!ca_action_equal (g_ptr_array_index (actions, i), g_ptr_array_index (read, i)))
        g_error ("action %u differs after reading the one-line file", i);
    }
}

/* A syntax error in the second half of a big file: the error gives the
 * line and column in the whole file, and nothing is read. */
static void
test_big_file_syntax_error (void)
{
  g_autoptr(GPtrArray) actions = many_actions (2600);
  g_autoptr(GPtrArray) problems = ca_problems_new ();
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) broken = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  const char *line_start;
  const char *data;
  char *at;
  guint line = 1;
  gsize len;

  bytes = ca_action_file_write (actions, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (bytes, &len);
  text = g_strndup (data, len);

  /* Break the name of the last action: a missing ':' after the key. */
  at = g_strrstr (text, "\"name\": ");
  if (at == NULL)
    g_error ("no action name in the file");
  line_start = text;
  at[6] = ' ';
  for (const char *p = text; p < at; p++)
    {
      if (*p == '\n')
        {
          line++;
          line_start = p + 1;
        }
    }
  /* The parser stops at the value's quote, where the ':' should be. */
  expected = g_strdup_printf ("%u:%d: ", line, (int) (at + 8 - line_start) + 1);

  broken = g_bytes_new_take (g_steal_pointer (&text), len);
  g_assert_false (ca_action_file_parse (broken, CA_ACTION_FILE_FLAGS_NONE, &read, problems, &error));
  g_assert_error (error, CA_FORMAT_ERROR, CA_FORMAT_ERROR_SYNTAX);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, expected));
  g_assert_null (read);
}

static void
test_big_file_plain_credential (void)
{
  static const guint where[] = { 3, 2100 };

  for (guint w = 0; w < G_N_ELEMENTS (where); w++)
    {
      g_autoptr(GPtrArray) actions = many_actions (2200);
      g_autoptr(CaAuth) auth = ca_auth_new (CA_AUTH_TYPE_BEARER);
      g_autoptr(GBytes) written = NULL;
      g_autoptr(GError) error = NULL;

      auth->token = ca_credential_new_plain ("bulk-s3cret");
      ca_action_set_auth (g_ptr_array_index (actions, where[w]), auth);
      written = ca_action_file_write (actions, &error);
      g_assert_null (written);
      g_assert_error (error, CA_FORMAT_ERROR, CA_FORMAT_ERROR_SECRET);
      g_assert_null (strstr (error->message, "bulk-s3cret"));
    }
}

/* Strings with escapes in both halves of a big file read back as they
 * were: each half copies its strings out of the text, which it leaves as
 * it is. */
static void
test_big_file_escapes (void)
{
  static const char label[] = "Quote \" back\\slash tab\t é 😀 end";
  g_autoptr(GPtrArray) actions = many_actions (2400);
  g_autoptr(GPtrArray) problems = ca_problems_new ();
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < actions->len; i += 397)
    ca_action_set_label (g_ptr_array_index (actions, i), label);

  bytes = ca_action_file_write (actions, &error);
  g_assert_no_error (error);

  /* The same read in the background, where the second half's thread gives
   * way to the others. */
  for (guint background = 0; background < 2; background++)
    {
      g_assert_true (ca_action_file_parse (bytes,
                                           background ? CA_ACTION_FILE_IN_BACKGROUND : CA_ACTION_FILE_FLAGS_NONE,
                                           &read, problems, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (problems->len, ==, 0);
      g_assert_cmpuint (read->len, ==, actions->len);
      for (guint i = 0; i < read->len; i++)
        g_assert_true (ca_action_equal (g_ptr_array_index (read, i), g_ptr_array_index (actions, i)));
      g_assert_cmpstr (ca_action_get_label (g_ptr_array_index (read, 2382)), ==, label);
      g_clear_pointer (&read, g_ptr_array_unref);
    }
}

/* What an action does not have takes no memory until somebody asks for
 * it: the lists and the authentication are then made, empty, and can be
 * filled in place; an action with them made and empty is the same as one
 * without. */
static void
test_lazy_parts (void)
{
  g_autoptr(GBytes) bytes = one_action ("'name': 'plain', 'url': 'https://example.com/hook'");
  g_autoptr(GPtrArray) problems = ca_problems_new ();
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CaAction) copy = NULL;
  g_autoptr(CaAuth) auth = ca_auth_new (CA_AUTH_TYPE_API_KEY);
  CaAction *action;

  g_assert_true (ca_action_file_parse (bytes, CA_ACTION_FILE_FLAGS_NONE, &read, problems, &error));
  g_assert_no_error (error);
  action = g_ptr_array_index (read, 0);
  copy = ca_action_copy (action);

  g_assert_cmpuint (ca_action_get_headers (action)->len, ==, 0);
  g_assert_cmpuint (ca_action_get_query (action)->len, ==, 0);
  g_assert_cmpuint (ca_action_get_request_fields (action)->len, ==, 0);
  g_assert_cmpint (ca_action_get_auth (action)->type, ==, CA_AUTH_TYPE_NONE);
  g_assert_true (ca_action_get_auth (action) == ca_action_get_auth (action));
  g_assert_true (ca_action_equal (action, copy));
  g_assert_true (ca_action_equal (copy, action));

  g_ptr_array_add (ca_action_get_headers (action),
                   ca_field_new_full ("X-Tenant", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_STRING,
                                      "Tenant", FALSE, NULL));
  ca_action_get_auth (action)->type = CA_AUTH_TYPE_BEARER;
  ca_action_get_auth (action)->token = ca_credential_new_secret ("lazy-token");
  g_assert_false (ca_action_equal (action, copy));

  written = ca_action_file_write_one (action, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (g_bytes_get_data (written, NULL), "\"X-Tenant\""));
  g_assert_nonnull (strstr (g_bytes_get_data (written, NULL), "\"lazy-token\""));

  /* Back to none: the same as never having had any. */
  ca_action_set_auth (action, NULL);
  g_assert_cmpint (ca_action_get_auth (action)->type, ==, CA_AUTH_TYPE_NONE);
  auth->key_name = g_strdup ("X-Api-Key");
  auth->key_value = ca_credential_new_secret ("lazy-key");
  ca_action_set_auth (copy, auth);
  g_assert_cmpstr (ca_action_get_auth (copy)->key_name, ==, "X-Api-Key");
  g_assert_false (ca_action_get_auth (copy) == auth);
}

/* Fields read from a file share their names and labels; changing one
 * field changes no other. */
static void
test_shared_field_strings (void)
{
  g_autoptr(GBytes) bytes = json_bytes ("{'format': 1, 'actions': ["
                                        "{'name': 'a', 'url': 'https://example.com/a', 'headers': "
                                        "[{'name': 'X-Tenant', 'kind': 'variable', 'label': 'Tenant', 'type': 'string'}]},"
                                        "{'name': 'b', 'url': 'https://example.com/b', 'headers': "
                                        "[{'name': 'X-Tenant', 'kind': 'variable', 'label': 'Tenant', 'type': 'string'}]}]}");
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CaField) copy = NULL;
  CaField *a, *b;

  read = ca_action_file_parse_all (bytes, CA_ACTION_FILE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  a = g_ptr_array_index (ca_action_get_headers (g_ptr_array_index (read, 0)), 0);
  b = g_ptr_array_index (ca_action_get_headers (g_ptr_array_index (read, 1)), 0);
  g_assert_true (ca_field_get_name (a) == ca_field_get_name (b));
  g_assert_true (ca_field_get_label (a) == ca_field_get_label (b));

  copy = ca_field_copy (a);
  ca_field_set_name (a, "X-Region");
  ca_field_set_label (a, "");
  g_assert_cmpstr (ca_field_get_name (a), ==, "X-Region");
  g_assert_null (ca_field_get_label (a));
  g_assert_cmpstr (ca_field_get_name (b), ==, "X-Tenant");
  g_assert_cmpstr (ca_field_get_label (b), ==, "Tenant");
  g_assert_cmpstr (ca_field_get_name (copy), ==, "X-Tenant");
  g_assert_cmpstr (ca_field_get_display_label (copy), ==, "Tenant");
  g_assert_true (ca_field_equal (copy, b));
  g_assert_false (ca_field_equal (copy, a));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ca/action-file/round-trip/canonical", test_round_trip_canonical);
  g_test_add_func ("/ca/action-file/round-trip/model", test_round_trip_model);
  g_test_add_func ("/ca/action-file/round-trip/layout", test_round_trip_layout);
  g_test_add_func ("/ca/action-file/round-trip/defaults", test_round_trip_defaults);
  g_test_add_func ("/ca/action-file/round-trip/api", test_round_trip_api);
  g_test_add_func ("/ca/action-file/round-trip/sample-catalog", test_round_trip_sample_catalog);
  g_test_add_func ("/ca/action-file/unknown-key/top", test_unknown_key_top);
  g_test_add_func ("/ca/action-file/unknown-key/levels", test_unknown_key_levels);
  g_test_add_func ("/ca/action-file/unknown-key/message", test_unknown_key_message);
  g_test_add_func ("/ca/action-file/wrong-type/keys", test_wrong_types);
  g_test_add_func ("/ca/action-file/wrong-type/limits", test_wrong_type_limits);
  g_test_add_func ("/ca/action-file/wrong-type/credential", test_wrong_type_credential);
  g_test_add_func ("/ca/action-file/wrong-type/action", test_wrong_type_action);
  g_test_add_func ("/ca/action-file/wrong-type/enum-words", test_enum_words);
  g_test_add_func ("/ca/action-file/syntax-error", test_syntax_error);
  g_test_add_func ("/ca/action-file/not-an-action-file", test_not_an_action_file);
  g_test_add_func ("/ca/action-file/empty", test_empty_input);
  g_test_add_func ("/ca/action-file/credentials/plain-rejected", test_plain_credentials_rejected);
  g_test_add_func ("/ca/action-file/credentials/plain-allowed", test_plain_credentials_allowed);
  g_test_add_func ("/ca/action-file/credentials/never-written", test_plain_credentials_write);
  g_test_add_func ("/ca/action-file/names/duplicate", test_duplicate_names);
  g_test_add_func ("/ca/action-file/names/partial-file", test_partial_file);
  g_test_add_func ("/ca/action-file/numbers/out-of-range", test_number_out_of_range);
  g_test_add_func ("/ca/action-file/big-file/round-trip", test_big_file_round_trip);
  g_test_add_func ("/ca/action-file/big-file/problems", test_big_file_problems);
  g_test_add_func ("/ca/action-file/big-file/other-layout", test_big_file_other_layout);
  g_test_add_func ("/ca/action-file/big-file/syntax-error", test_big_file_syntax_error);
  g_test_add_func ("/ca/action-file/big-file/plain-credential", test_big_file_plain_credential);
  g_test_add_func ("/ca/action-file/big-file/escapes", test_big_file_escapes);
  g_test_add_func ("/ca/action-file/lazy-parts", test_lazy_parts);
  g_test_add_func ("/ca/action-file/shared-field-strings", test_shared_field_strings);

  return g_test_run ();
}
