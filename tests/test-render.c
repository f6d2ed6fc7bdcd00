/* test-render.c: actions and values → requests, and requests → curl
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "ca-action-file.h"
#include "ca-curl.h"
#include "ca-json-writer.h"
#include "ca-render.h"

/* An action from its JSON in an action file, written with ' for ". */
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

/* A push action after DESIGN.md's example, with a bit of everything. */
static CaAction *
push_action (gboolean allow_null)
{
  g_autofree char *json = g_strdup_printf (
    "{'name': 'sendPush', 'url': 'https://push.example.com/v1/messages', 'method': 'POST',"
    " 'headers': ["
    "   {'name': 'X-Tenant', 'kind': 'variable', 'label': 'Tenant', 'type': 'string'},"
    "   {'name': 'X-Source', 'kind': 'constant', 'value': 'desktop'},"
    "   {'name': 'X-Priority', 'kind': 'variable', 'type': 'integer', 'optional': true}],"
    " 'query': ["
    "   {'name': 'lang', 'kind': 'variable', 'label': 'Language', 'optional': true},"
    "   {'name': 'v', 'kind': 'constant', 'value': '2'}],"
    " 'request': {'allowNull': %s,"
    "   'sample': {'to': 'token', 'message': {'title': 'Hi', 'badge': 1, 'sound': 'default'},"
    "              'tags': ['a'], 'items': [{'sku': 'A1', 'qty': 1}, {'sku': 'B2', 'qty': 2}],"
    "              'meta': {'source': 'app', 'version': 3, 'ratio': 0.25, 'on': true, 'none': null}},"
    "   'fields': ["
    "     {'path': 'to', 'type': 'string', 'kind': 'variable', 'label': 'Device token'},"
    "     {'path': 'message.title', 'type': 'string', 'kind': 'variable', 'label': 'Title'},"
    "     {'path': 'message.badge', 'type': 'integer', 'kind': 'variable', 'optional': true},"
    "     {'path': 'message.sound', 'type': 'string', 'kind': 'constant', 'value': 'chime'},"
    "     {'path': 'tags', 'type': 'listString', 'kind': 'variable', 'optional': true},"
    "     {'path': 'items.0.sku', 'type': 'string', 'kind': 'variable', 'label': 'First SKU'},"
    "     {'path': 'items.1.qty', 'type': 'integer', 'kind': 'constant'}]}}",
    allow_null ? "true" : "false");

  return load_action (json);
}

/* KEY, VALUE, …, NULL; a NULL value is inserted as NULL. */
static GHashTable *
values_new (const char *first_key,
            ...)
{
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  va_list args;

  va_start (args, first_key);
  for (const char *key = first_key; key != NULL; key = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);

      g_hash_table_insert (values, g_strdup (key), g_strdup (value));
    }
  va_end (args);

  return values;
}

/* The values every push needs. */
static GHashTable *
push_values (void)
{
  return values_new ("header.X-Tenant", "acme", "body.to", "tok", "body.message.title", "Hello",
                     "body.items.0.sku", "Z9", NULL);
}

/* The whole request as text: method and URL, headers, a blank line and
 * the body, or "(no body)". Secrets are shown. */
static char *
dump (const CaRequest *request)
{
  GString *text = g_string_new (NULL);
  g_autofree char *url = ca_request_get_url (request, TRUE);

  g_string_append_printf (text, "%s %s\n", request->method, url);
  for (guint i = 0; i < request->headers->len; i++)
    {
      const CaRequestParam *header = g_ptr_array_index (request->headers, i);

      g_string_append_printf (text, "%s: %s\n", header->name, header->value);
    }
  g_string_append_c (text, '\n');

  if (request->body == NULL)
    {
      g_string_append (text, "(no body)");
    }
  else
    {
      gsize length;
      const char *data = g_bytes_get_data (request->body, &length);

      g_string_append_len (text, data, length);
    }

  return g_string_free (text, FALSE);
}

static CaRequest *
render_ok (CaAction   *action,
           GHashTable *values)
{
  g_autoptr(GError) error = NULL;
  CaRequest *request = ca_render (action, values, &error);

  g_assert_no_error (error);
  g_assert_nonnull (request);
  return request;
}

static void
assert_renders (CaAction   *action,
                GHashTable *values,
                const char *expected)
{
  g_autoptr(CaRequest) request = render_ok (action, values);
  g_autofree char *text = dump (request);

  g_assert_cmpstr (text, ==, expected);
}

/* The body alone. */
static void
assert_body (CaAction   *action,
             GHashTable *values,
             const char *expected)
{
  g_autoptr(CaRequest) request = render_ok (action, values);
  g_autofree char *body = NULL;

  g_assert_nonnull (request->body);
  body = g_strndup (g_bytes_get_data (request->body, NULL), g_bytes_get_size (request->body));
  g_assert_cmpstr (body, ==, expected);
}

static void
assert_url (CaAction   *action,
            GHashTable *values,
            const char *expected)
{
  g_autoptr(CaRequest) request = render_ok (action, values);
  g_autofree char *url = ca_request_get_url (request, TRUE);

  g_assert_cmpstr (url, ==, expected);
}

static void
assert_render_error (CaAction      *action,
                     GHashTable    *values,
                     CaRenderError  code,
                     const char    *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaRequest) request = ca_render (action, values, &error);

  g_assert_null (request);
  g_assert_error (error, CA_RENDER_ERROR, (int) code);
  g_assert_cmpstr (error->message, ==, message);
}

/* @text parsed as @type, as compact JSON. */
static void
assert_parses_full (CaFieldType  type,
                    const char  *text,
                    gboolean     allow_null,
                    const char  *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = ca_render_parse_value_full ("body.x", type, text, allow_null, &error);
  g_autofree char *json = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (node);
  json = ca_json_to_compact_string (node);
  g_assert_cmpstr (json, ==, expected);
}

static void
assert_parses (CaFieldType  type,
               const char  *text,
               const char  *expected)
{
  assert_parses_full (type, text, FALSE, expected);
}

static void
assert_parse_error (const char  *key,
                    CaFieldType  type,
                    const char  *text,
                    const char  *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = ca_render_parse_value (key, type, text, &error);

  g_assert_null (node);
  g_assert_error (error, CA_RENDER_ERROR, CA_RENDER_ERROR_TYPE);
  g_assert_cmpstr (error->message, ==, message);
}

/* A constant header or query parameter, built by hand: validation may
 * not have seen it. */
static CaField *
constant_param (const char *name,
                const char *text)
{
  g_autoptr(JsonNode) value = json_node_init_string (json_node_alloc (), text);

  return ca_field_new_full (name, CA_FIELD_KIND_CONSTANT, CA_FIELD_TYPE_STRING, NULL, FALSE, value);
}

static void
test_percent_encode (void)
{
  static const struct {
    const char *text;
    const char *encoded;
  } vectors[] = {
    { "", "" },
    { "AZaz09-._~", "AZaz09-._~" },
    { " ", "%20" },
    { "a b+c", "a%20b%2Bc" },
    { ":/?#[]@", "%3A%2F%3F%23%5B%5D%40" },
    { "!$&'()*+,;=", "%21%24%26%27%28%29%2A%2B%2C%3B%3D" },
    { "100%", "100%25" },
    { "%41", "%2541" },
    { "\"<>\\^`{|}", "%22%3C%3E%5C%5E%60%7B%7C%7D" },
    { "\t\n\r\x7f", "%09%0A%0D%7F" },
    { "é", "%C3%A9" },
    { "日本", "%E6%97%A5%E6%9C%AC" },
    { "😀", "%F0%9F%98%80" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autofree char *encoded = ca_percent_encode (vectors[i].text);

      g_assert_cmpstr (encoded, ==, vectors[i].encoded);
    }
}

static void
test_request (void)
{
  g_autoptr(CaRequest) request = NULL;
  g_autoptr(CaRequest) copy = NULL;
  g_autofree char *url = NULL;
  g_autofree char *copy_url = NULL;

  /* The URL's own query is kept as written; the fragment is never sent;
   * what cannot be in a URL is encoded, escapes stay. */
  request = ca_request_new ("POST", "https://api.example.com/v1/a b/ü%2F?x=1+2&flag#frag");
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->base_url, ==, "https://api.example.com/v1/a%20b/%C3%BC%2F");
  g_assert_cmpstr (request->url_query, ==, "x=1+2&flag");
  g_assert_null (request->body);

  ca_request_add_query (request, "api key", "s=cr&t", TRUE);
  ca_request_add_query (request, "q", "a b", FALSE);
  url = ca_request_get_url (request, FALSE);
  g_assert_cmpstr (url, ==, "https://api.example.com/v1/a%20b/%C3%BC%2F?x=1+2&flag&api%20key=" CA_MASK "&q=a%20b");
  g_clear_pointer (&url, g_free);
  url = ca_request_get_url (request, TRUE);
  g_assert_cmpstr (url, ==, "https://api.example.com/v1/a%20b/%C3%BC%2F?x=1+2&flag&api%20key=s%3Dcr%26t&q=a%20b");

  /* Headers: replaced in place, whatever the case of the name. */
  ca_request_set_header (request, "X-One", "1", FALSE);
  ca_request_set_header (request, "Authorization", "Bearer t", TRUE);
  ca_request_set_header (request, "X-Two", "2", FALSE);
  ca_request_set_header (request, "x-one", "one", FALSE);
  g_assert_cmpuint (request->headers->len, ==, 3);
  g_assert_cmpstr (((CaRequestParam *) g_ptr_array_index (request->headers, 0))->name, ==, "x-one");
  g_assert_cmpstr (ca_request_get_header (request, "X-ONE"), ==, "one");
  g_assert_cmpstr (ca_request_get_header (request, "authorization"), ==, "Bearer t");
  g_assert_true (((CaRequestParam *) g_ptr_array_index (request->headers, 1))->secret);
  g_assert_null (ca_request_get_header (request, "X-Three"));

  /* A copy is deep. */
  request->body = g_bytes_new_static ("{}", 2);
  copy = ca_request_copy (request);
  ca_request_set_header (request, "X-Two", "changed", FALSE);
  g_assert_cmpstr (ca_request_get_header (copy, "X-Two"), ==, "2");
  copy_url = ca_request_get_url (copy, TRUE);
  g_assert_cmpstr (copy_url, ==, url);
  g_assert_true (g_bytes_equal (copy->body, request->body));

  /* Nothing after '?': no query. */
  g_clear_pointer (&request, ca_request_free);
  request = ca_request_new ("GET", "http://127.0.0.1:8765/echo?");
  g_assert_null (request->url_query);
  g_clear_pointer (&url, g_free);
  url = ca_request_get_url (request, FALSE);
  g_assert_cmpstr (url, ==, "http://127.0.0.1:8765/echo");

  g_assert_true (G_TYPE_IS_BOXED (CA_TYPE_REQUEST));
}

static void
test_string (void)
{
  assert_parses (CA_FIELD_TYPE_STRING, "", "\"\"");
  assert_parses (CA_FIELD_TYPE_STRING, "3", "\"3\"");
  assert_parses (CA_FIELD_TYPE_STRING, "null", "\"null\"");
  assert_parses (CA_FIELD_TYPE_STRING, "say \"hi\"\n\\ é", "\"say \\\"hi\\\"\\n\\\\ é\"");
  assert_parse_error ("body.to", CA_FIELD_TYPE_STRING, "caf\xe9",
                      "body.to: the value is not valid UTF-8 text; enter it again as UTF-8");
}

static void
test_integer (void)
{
  assert_parses (CA_FIELD_TYPE_INTEGER, "3", "3");
  assert_parses (CA_FIELD_TYPE_INTEGER, "-42", "-42");
  assert_parses (CA_FIELD_TYPE_INTEGER, "0", "0");
  assert_parses (CA_FIELD_TYPE_INTEGER, "9223372036854775807", "9223372036854775807");
  assert_parses (CA_FIELD_TYPE_INTEGER, "-9223372036854775808", "-9223372036854775808");

  assert_parse_error ("body.badge", CA_FIELD_TYPE_INTEGER, "three",
                      "body.badge: \"three\" is not an integer; write a whole number such as 3");
  for (const char * const *bad = (const char *[]) { "3.0", "3e2", "03", "+3", " 3", "3 ", "", "0x10", "-", NULL };
       *bad != NULL; bad++)
    {
      g_autofree char *message = g_strdup_printf ("body.badge: \"%s\" is not an integer; "
                                                  "write a whole number such as 3", *bad);

      assert_parse_error ("body.badge", CA_FIELD_TYPE_INTEGER, *bad, message);
    }
  assert_parse_error ("body.badge", CA_FIELD_TYPE_INTEGER, "9223372036854775808",
                      "body.badge: \"9223372036854775808\" is too large for an integer; use a whole "
                      "number from -9223372036854775808 to 9223372036854775807");
}

static void
test_decimal (void)
{
  assert_parses (CA_FIELD_TYPE_DECIMAL, "2.5", "2.5");
  assert_parses (CA_FIELD_TYPE_DECIMAL, "3", "3");
  assert_parses (CA_FIELD_TYPE_DECIMAL, "-0.1", "-0.1");
  assert_parses (CA_FIELD_TYPE_DECIMAL, "-1e3", "-1000.0");
  assert_parses (CA_FIELD_TYPE_DECIMAL, "1.5E-2", "0.015");
  /* Too big for an integer, fine for a decimal. */
  assert_parses (CA_FIELD_TYPE_DECIMAL, "18446744073709551616", "1.8446744073709552e+19");

  for (const char * const *bad = (const char *[]) { "2,5", ".5", "5.", "1e", "NaN", "Infinity", "", "two", NULL };
       *bad != NULL; bad++)
    {
      g_autofree char *message = g_strdup_printf ("body.price: \"%s\" is not a decimal number; "
                                                  "write a number such as 2.5", *bad);

      assert_parse_error ("body.price", CA_FIELD_TYPE_DECIMAL, *bad, message);
    }
  assert_parse_error ("body.price", CA_FIELD_TYPE_DECIMAL, "1e400",
                      "body.price: \"1e400\" is too large for a decimal number; use a smaller number");
}

static void
test_boolean (void)
{
  assert_parses (CA_FIELD_TYPE_BOOLEAN, "true", "true");
  assert_parses (CA_FIELD_TYPE_BOOLEAN, "false", "false");

  for (const char * const *bad = (const char *[]) { "True", "FALSE", "1", "0", "yes", "", NULL };
       *bad != NULL; bad++)
    {
      g_autofree char *message = g_strdup_printf ("query.on: \"%s\" is not a boolean; write true or false",
                                                  *bad);

      assert_parse_error ("query.on", CA_FIELD_TYPE_BOOLEAN, *bad, message);
    }
}

static void
test_date_time (void)
{
#define MESSAGE "body.at: \"%s\" is not a dateTime; write a date and time with its offset " \
                "from UTC, like 2024-05-17T09:30:00+02:00 or 2024-05-17T07:30:00Z"

  assert_parses (CA_FIELD_TYPE_DATE_TIME, "2024-05-17T09:30:00+02:00", "\"2024-05-17T09:30:00+02:00\"");
  assert_parses (CA_FIELD_TYPE_DATE_TIME, "2024-05-17T07:30:00Z", "\"2024-05-17T07:30:00Z\"");
  assert_parses (CA_FIELD_TYPE_DATE_TIME, "2024-05-17T07:30:00.250-03:00", "\"2024-05-17T07:30:00.250-03:00\"");

  for (const char * const *bad = (const char *[]) { "2024-05-17T09:30:00", "2024-05-17", "17/05/2024 09:30",
                                                    "2024-13-17T09:30:00Z", "", NULL };
       *bad != NULL; bad++)
    {
      g_autofree char *expected = g_strdup_printf (MESSAGE, *bad);

      assert_parse_error ("body.at", CA_FIELD_TYPE_DATE_TIME, *bad, expected);
    }
#undef MESSAGE
}

static void
test_date_time_only (void)
{
#define MESSAGE "body.at: \"%s\" is not a dateTimeOnly; write a date and time without an " \
                "offset, like 2024-05-17T09:30:00"

  assert_parses (CA_FIELD_TYPE_DATE_TIME_ONLY, "2024-05-17T09:30:00", "\"2024-05-17T09:30:00\"");
  assert_parses (CA_FIELD_TYPE_DATE_TIME_ONLY, "2024-05-17T09:30:00.5", "\"2024-05-17T09:30:00.5\"");

  for (const char * const *bad = (const char *[]) { "2024-05-17T09:30:00Z", "2024-05-17T09:30:00+02:00",
                                                    "2024-05-17", "09:30", NULL };
       *bad != NULL; bad++)
    {
      g_autofree char *expected = g_strdup_printf (MESSAGE, *bad);

      assert_parse_error ("body.at", CA_FIELD_TYPE_DATE_TIME_ONLY, *bad, expected);
    }
#undef MESSAGE
}

static void
test_date_only (void)
{
#define MESSAGE "header.X-Day: \"%s\" is not a dateOnly; write a date like 2024-05-17"

  assert_parses (CA_FIELD_TYPE_DATE_ONLY, "2024-05-17", "\"2024-05-17\"");
  assert_parses (CA_FIELD_TYPE_DATE_ONLY, "2024-02-29", "\"2024-02-29\"");

  for (const char * const *bad = (const char *[]) { "2023-02-29", "2024-5-17", "2024-05-17T00:00:00",
                                                    "17.05.2024", "2024-05-17 ", NULL };
       *bad != NULL; bad++)
    {
      g_autofree char *expected = g_strdup_printf (MESSAGE, *bad);

      assert_parse_error ("header.X-Day", CA_FIELD_TYPE_DATE_ONLY, *bad, expected);
    }
#undef MESSAGE
}

/* Long values are cut in messages. */
static void
test_long_value (void)
{
  g_autofree char *text = g_strnfill (100, 'x');
  g_autofree char *expected = g_strdup_printf ("body.n: \"%.40s…\" is not an integer; write a whole "
                                               "number such as 3", text);

  assert_parse_error ("body.n", CA_FIELD_TYPE_INTEGER, text, expected);
}

static void
test_lists (void)
{
  assert_parses (CA_FIELD_TYPE_LIST_STRING, "[\"a\", \"b c\"]", "[\"a\",\"b c\"]");
  assert_parses (CA_FIELD_TYPE_LIST_STRING, " [ ] ", "[]");
  assert_parses (CA_FIELD_TYPE_LIST_INTEGER, "[1, -2, 3]", "[1,-2,3]");
  assert_parses (CA_FIELD_TYPE_LIST_DECIMAL, "[1, 2.5, -1e1]", "[1,2.5,-10.0]");
  assert_parses (CA_FIELD_TYPE_LIST_BOOLEAN, "[true, false]", "[true,false]");
  assert_parses (CA_FIELD_TYPE_LIST_DATE_TIME, "[\"2024-05-17T09:30:00+02:00\", \"2024-05-17T07:30:00Z\"]",
                 "[\"2024-05-17T09:30:00+02:00\",\"2024-05-17T07:30:00Z\"]");
  assert_parses (CA_FIELD_TYPE_LIST_DATE_TIME_ONLY, "[\"2024-05-17T09:30:00\"]", "[\"2024-05-17T09:30:00\"]");
  assert_parses (CA_FIELD_TYPE_LIST_DATE_ONLY, "[\"2024-05-17\", \"2024-12-31\"]",
                 "[\"2024-05-17\",\"2024-12-31\"]");

  assert_parse_error ("body.tags", CA_FIELD_TYPE_LIST_STRING, "a,b",
                      "body.tags: \"a,b\" is not a list; a listString value is a JSON array, like [\"a\", \"b\"]");
  assert_parse_error ("body.tags", CA_FIELD_TYPE_LIST_STRING, "\"a\"",
                      "body.tags: \"\"a\"\" is not a list; a listString value is a JSON array, like [\"a\", \"b\"]");
  assert_parse_error ("body.tags", CA_FIELD_TYPE_LIST_STRING, "[\"a\",",
                      "body.tags: \"[\"a\",\" is not a list; a listString value is a JSON array, like [\"a\", \"b\"]");
  assert_parse_error ("body.ids", CA_FIELD_TYPE_LIST_INTEGER, "null",
                      "body.ids: \"null\" is not a list; a listInteger value is a JSON array, like [1, 2, 3]");
  assert_parse_error ("body.ids", CA_FIELD_TYPE_LIST_INTEGER, "",
                      "body.ids: \"\" is not a list; a listInteger value is a JSON array, like [1, 2, 3]");
  assert_parse_error ("body.d", CA_FIELD_TYPE_LIST_DATE_ONLY, "{}",
                      "body.d: \"{}\" is not a list; a listDateOnly value is a JSON array, like [\"2024-05-17\"]");

  /* Elements of the wrong type, named by index. */
  assert_parse_error ("body.tags", CA_FIELD_TYPE_LIST_STRING, "[\"a\", 1]",
                      "body.tags[1]: 1 is not a string; write each item in double quotes, like [\"a\", \"b\"]");
  assert_parse_error ("body.ids", CA_FIELD_TYPE_LIST_INTEGER, "[1, 2.5]",
                      "body.ids[1]: 2.5 is not an integer; write a whole number such as 3");
  assert_parse_error ("body.ids", CA_FIELD_TYPE_LIST_INTEGER, "[\"1\"]",
                      "body.ids[0]: \"1\" is not an integer; write a whole number such as 3");
  assert_parse_error ("body.prices", CA_FIELD_TYPE_LIST_DECIMAL, "[1.5, true]",
                      "body.prices[1]: true is not a decimal number; write a number such as 2.5");
  assert_parse_error ("body.flags", CA_FIELD_TYPE_LIST_BOOLEAN, "[\"true\"]",
                      "body.flags[0]: \"true\" is not a boolean; write true or false");
  assert_parse_error ("body.at", CA_FIELD_TYPE_LIST_DATE_TIME, "[\"2024-05-17T09:30:00Z\", \"2024-05-17\"]",
                      "body.at[1]: \"2024-05-17\" is not a dateTime; write a date and time with its offset "
                      "from UTC, like 2024-05-17T09:30:00+02:00 or 2024-05-17T07:30:00Z");
  assert_parse_error ("body.at", CA_FIELD_TYPE_LIST_DATE_TIME_ONLY, "[\"2024-05-17T09:30:00Z\"]",
                      "body.at[0]: \"2024-05-17T09:30:00Z\" is not a dateTimeOnly; write a date and time "
                      "without an offset, like 2024-05-17T09:30:00");
  assert_parse_error ("body.days", CA_FIELD_TYPE_LIST_DATE_ONLY, "[\"2024-05-17\", 20240517]",
                      "body.days[1]: 20240517 is not a dateOnly; write a date like 2024-05-17");
  assert_parse_error ("body.tags", CA_FIELD_TYPE_LIST_STRING, "[[\"a\"]]",
                      "body.tags[0]: [\"a\"] is not a string; write each item in double quotes, like [\"a\", \"b\"]");
}

static void
test_list_object_any (void)
{
  /* Objects keep their members in order, nulls inside them included. */
  assert_parses (CA_FIELD_TYPE_LIST_OBJECT, "[{\"sku\": \"A1\", \"qty\": 2}, {\"sku\": \"B2\", \"note\": null}]",
                 "[{\"sku\":\"A1\",\"qty\":2},{\"sku\":\"B2\",\"note\":null}]");
  assert_parses (CA_FIELD_TYPE_LIST_OBJECT, "[]", "[]");
  assert_parse_error ("body.items", CA_FIELD_TYPE_LIST_OBJECT, "[{\"a\": 1}, 2]",
                      "body.items[1]: 2 is not an object; listObject takes a list of objects, like [{\"sku\": \"A1\"}]");
  assert_parse_error ("body.items", CA_FIELD_TYPE_LIST_OBJECT, "[[]]",
                      "body.items[0]: [] is not an object; listObject takes a list of objects, like [{\"sku\": \"A1\"}]");
  assert_parse_error ("body.items", CA_FIELD_TYPE_LIST_OBJECT, "{\"sku\": \"A1\"}",
                      "body.items: \"{\"sku\": \"A1\"}\" is not a list; a listObject value is a JSON array, "
                      "like [{\"sku\": \"A1\", \"qty\": 2}]");

  assert_parses (CA_FIELD_TYPE_LIST_ANY, "[1, \"a\", {\"b\": true}, [null], 2.5]",
                 "[1,\"a\",{\"b\":true},[null],2.5]");
  assert_parse_error ("body.any", CA_FIELD_TYPE_LIST_ANY, "1",
                      "body.any: \"1\" is not a list; a listAny value is a JSON array, like [1, \"a\", {\"b\": true}]");
  /* A long element is cut. */
  assert_parse_error ("body.items", CA_FIELD_TYPE_LIST_OBJECT,
                      "[\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"]",
                      "body.items[0]: \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa… is not an object; "
                      "listObject takes a list of objects, like [{\"sku\": \"A1\"}]");
}

static void
test_list_nulls (void)
{
  /* Without allowNull, a null in a list is an error… */
  assert_parse_error ("body.tags", CA_FIELD_TYPE_LIST_STRING, "[\"a\", null]",
                      "body.tags[1]: null is not allowed, as this action's payload does not allow null "
                      "values; remove it");
  assert_parse_error ("body.any", CA_FIELD_TYPE_LIST_ANY, "[null]",
                      "body.any[0]: null is not allowed, as this action's payload does not allow null "
                      "values; remove it");

  /* …with it, nulls in lists are dropped and a null list is []. */
  assert_parses_full (CA_FIELD_TYPE_LIST_STRING, "[null, \"a\", null, \"b\", null]", TRUE, "[\"a\",\"b\"]");
  assert_parses_full (CA_FIELD_TYPE_LIST_INTEGER, "[null]", TRUE, "[]");
  assert_parses_full (CA_FIELD_TYPE_LIST_OBJECT, "[{\"a\": null}, null]", TRUE, "[{\"a\":null}]");
  assert_parses_full (CA_FIELD_TYPE_LIST_ANY, "[1, null, [null]]", TRUE, "[1,[null]]");
  assert_parses_full (CA_FIELD_TYPE_LIST_DATE_ONLY, "null", TRUE, "[]");
  assert_parses_full (CA_FIELD_TYPE_LIST_ANY, " null ", TRUE, "[]");
  /* A scalar "null" is what its type makes of it. */
  assert_parses_full (CA_FIELD_TYPE_STRING, "null", TRUE, "\"null\"");
}

static void
test_push (void)
{
  g_autoptr(CaAction) action = push_action (FALSE);
  g_autoptr(GHashTable) values = push_values ();

  /* Optional values left out; constants sent; unannotated sample values
   * kept as they are, in the sample's order. */
  assert_renders (action, values,
                  "POST https://push.example.com/v1/messages?v=2\n"
                  "X-Tenant: acme\n"
                  "X-Source: desktop\n"
                  "Content-Type: application/json\n"
                  "\n"
                  "{\"to\":\"tok\",\"message\":{\"title\":\"Hello\",\"sound\":\"chime\"},"
                  "\"items\":[{\"sku\":\"Z9\",\"qty\":1},{\"sku\":\"B2\",\"qty\":2}],"
                  "\"meta\":{\"source\":\"app\",\"version\":3,\"ratio\":0.25,\"on\":true,\"none\":null}}");

  /* Every variable given: body values typed JSON, header and query values
   * sent as the text given. */
  g_hash_table_insert (values, g_strdup ("header.X-Priority"), g_strdup ("-7"));
  g_hash_table_insert (values, g_strdup ("query.lang"), g_strdup ("pt-BR"));
  g_hash_table_insert (values, g_strdup ("body.message.badge"), g_strdup ("5"));
  g_hash_table_insert (values, g_strdup ("body.tags"), g_strdup ("[\"x\", \"y\"]"));
  g_hash_table_insert (values, g_strdup ("body.message.title"), g_strdup ("5"));
  assert_renders (action, values,
                  "POST https://push.example.com/v1/messages?lang=pt-BR&v=2\n"
                  "X-Tenant: acme\n"
                  "X-Source: desktop\n"
                  "X-Priority: -7\n"
                  "Content-Type: application/json\n"
                  "\n"
                  "{\"to\":\"tok\",\"message\":{\"title\":\"5\",\"badge\":5,\"sound\":\"chime\"},"
                  "\"tags\":[\"x\",\"y\"],"
                  "\"items\":[{\"sku\":\"Z9\",\"qty\":1},{\"sku\":\"B2\",\"qty\":2}],"
                  "\"meta\":{\"source\":\"app\",\"version\":3,\"ratio\":0.25,\"on\":true,\"none\":null}}");

  /* A NULL value is no value. */
  g_hash_table_insert (values, g_strdup ("body.tags"), NULL);
  g_hash_table_insert (values, g_strdup ("header.X-Priority"), NULL);
  assert_renders (action, values,
                  "POST https://push.example.com/v1/messages?lang=pt-BR&v=2\n"
                  "X-Tenant: acme\n"
                  "X-Source: desktop\n"
                  "Content-Type: application/json\n"
                  "\n"
                  "{\"to\":\"tok\",\"message\":{\"title\":\"5\",\"badge\":5,\"sound\":\"chime\"},"
                  "\"items\":[{\"sku\":\"Z9\",\"qty\":1},{\"sku\":\"B2\",\"qty\":2}],"
                  "\"meta\":{\"source\":\"app\",\"version\":3,\"ratio\":0.25,\"on\":true,\"none\":null}}");
}

static void
test_allow_null (void)
{
  g_autoptr(CaAction) action = push_action (TRUE);
  g_autoptr(GHashTable) values = push_values ();

  /* Optional values without one: null, and [] for a list. Header and
   * query parameters are not the payload: still left out. */
  assert_body (action, values,
               "{\"to\":\"tok\",\"message\":{\"title\":\"Hello\",\"badge\":null,\"sound\":\"chime\"},"
               "\"tags\":[],"
               "\"items\":[{\"sku\":\"Z9\",\"qty\":1},{\"sku\":\"B2\",\"qty\":2}],"
               "\"meta\":{\"source\":\"app\",\"version\":3,\"ratio\":0.25,\"on\":true,\"none\":null}}");
  assert_url (action, values, "https://push.example.com/v1/messages?v=2");

  /* Nulls in a list dropped; a null list sent as []. */
  g_hash_table_insert (values, g_strdup ("body.tags"), g_strdup ("[null, \"x\", null]"));
  assert_body (action, values,
               "{\"to\":\"tok\",\"message\":{\"title\":\"Hello\",\"badge\":null,\"sound\":\"chime\"},"
               "\"tags\":[\"x\"],"
               "\"items\":[{\"sku\":\"Z9\",\"qty\":1},{\"sku\":\"B2\",\"qty\":2}],"
               "\"meta\":{\"source\":\"app\",\"version\":3,\"ratio\":0.25,\"on\":true,\"none\":null}}");
  g_hash_table_insert (values, g_strdup ("body.tags"), g_strdup ("null"));
  assert_body (action, values,
               "{\"to\":\"tok\",\"message\":{\"title\":\"Hello\",\"badge\":null,\"sound\":\"chime\"},"
               "\"tags\":[],"
               "\"items\":[{\"sku\":\"Z9\",\"qty\":1},{\"sku\":\"B2\",\"qty\":2}],"
               "\"meta\":{\"source\":\"app\",\"version\":3,\"ratio\":0.25,\"on\":true,\"none\":null}}");

  /* allowNull does not make a required value optional, nor "null" an
   * integer. */
  g_hash_table_insert (values, g_strdup ("body.message.badge"), g_strdup ("null"));
  assert_render_error (action, values, CA_RENDER_ERROR_TYPE,
                       "body.message.badge: \"null\" is not an integer; write a whole number such as 3");
  g_hash_table_remove (values, "body.message.badge");
  g_hash_table_remove (values, "body.to");
  assert_render_error (action, values, CA_RENDER_ERROR_MISSING,
                       "body.to: no value given; \"Device token\" needs a value of type string");
}

static void
test_list_nulls_not_allowed (void)
{
  g_autoptr(CaAction) action = push_action (FALSE);
  g_autoptr(GHashTable) values = push_values ();

  g_hash_table_insert (values, g_strdup ("body.tags"), g_strdup ("[\"x\", null]"));
  assert_render_error (action, values, CA_RENDER_ERROR_TYPE,
                       "body.tags[1]: null is not allowed, as this action's payload does not allow null "
                       "values; remove it");
  g_hash_table_insert (values, g_strdup ("body.tags"), g_strdup ("null"));
  assert_render_error (action, values, CA_RENDER_ERROR_TYPE,
                       "body.tags: \"null\" is not a list; a listString value is a JSON array, like [\"a\", \"b\"]");
}

/* An optional element of an array without a value is left out of it. */
static void
test_optional_in_array (void)
{
  g_autoptr(CaAction) action = load_action (
    "{'name': 'a', 'url': 'https://x.example.com/', 'method': 'PUT',"
    " 'request': {'sample': {'ids': [1, 2, 3], 'rows': [{'a': 1, 'b': 2}]},"
    "   'fields': [{'path': 'ids.1', 'type': 'integer', 'kind': 'variable', 'optional': true},"
    "              {'path': 'rows.0.a', 'type': 'integer', 'kind': 'variable', 'optional': true}]}}");
  g_autoptr(GHashTable) values = values_new ("body.ids.1", "7", NULL);

  assert_body (action, NULL, "{\"ids\":[1,3],\"rows\":[{\"b\":2}]}");
  assert_body (action, values, "{\"ids\":[1,7,3],\"rows\":[{\"b\":2}]}");
}

/* Typed values in the body, text in headers and query, each checked. */
static void
test_types_in_place (void)
{
  g_autoptr(CaAction) action = load_action (
    "{'name': 'typed', 'url': 'https://x.example.com/t', 'method': 'POST',"
    " 'headers': [{'name': 'X-Count', 'kind': 'variable', 'type': 'integer'},"
    "             {'name': 'X-When', 'kind': 'variable', 'type': 'dateTime'}],"
    " 'query': [{'name': 'ratio', 'kind': 'variable', 'type': 'decimal'},"
    "           {'name': 'on', 'kind': 'variable', 'type': 'boolean'}],"
    " 'request': {'sample': {'s': 'x', 'i': 1, 'd': 1.5, 'b': false, 'dt': '2024-01-01T00:00:00Z',"
    "   'dto': '2024-01-01T00:00:00', 'do': '2024-01-01', 'ls': [], 'li': [], 'ld': [], 'lb': [],"
    "   'ldt': [], 'ldto': [], 'ldo': [], 'lo': [], 'la': []},"
    "   'fields': ["
    "     {'path': 's', 'type': 'string', 'kind': 'variable'},"
    "     {'path': 'i', 'type': 'integer', 'kind': 'variable'},"
    "     {'path': 'd', 'type': 'decimal', 'kind': 'variable'},"
    "     {'path': 'b', 'type': 'boolean', 'kind': 'variable'},"
    "     {'path': 'dt', 'type': 'dateTime', 'kind': 'variable'},"
    "     {'path': 'dto', 'type': 'dateTimeOnly', 'kind': 'variable'},"
    "     {'path': 'do', 'type': 'dateOnly', 'kind': 'variable'},"
    "     {'path': 'ls', 'type': 'listString', 'kind': 'variable'},"
    "     {'path': 'li', 'type': 'listInteger', 'kind': 'variable'},"
    "     {'path': 'ld', 'type': 'listDecimal', 'kind': 'variable'},"
    "     {'path': 'lb', 'type': 'listBoolean', 'kind': 'variable'},"
    "     {'path': 'ldt', 'type': 'listDateTime', 'kind': 'variable'},"
    "     {'path': 'ldto', 'type': 'listDateTimeOnly', 'kind': 'variable'},"
    "     {'path': 'ldo', 'type': 'listDateOnly', 'kind': 'variable'},"
    "     {'path': 'lo', 'type': 'listObject', 'kind': 'variable'},"
    "     {'path': 'la', 'type': 'listAny', 'kind': 'variable'}]}}");
  g_autoptr(GHashTable) values = values_new (
    "header.X-Count", "3", "header.X-When", "2024-05-17T09:30:00+02:00",
    "query.ratio", "2.50", "query.on", "true",
    "body.s", "7", "body.i", "7", "body.d", "7.25", "body.b", "true",
    "body.dt", "2024-05-17T09:30:00+02:00", "body.dto", "2024-05-17T09:30:00", "body.do", "2024-05-17",
    "body.ls", "[\"a\"]", "body.li", "[1,2]", "body.ld", "[1.5]", "body.lb", "[false]",
    "body.ldt", "[\"2024-05-17T09:30:00Z\"]", "body.ldto", "[\"2024-05-17T09:30:00\"]",
    "body.ldo", "[\"2024-05-17\"]", "body.lo", "[{\"k\":\"v\"}]", "body.la", "[1,\"a\"]", NULL);

  assert_renders (action, values,
                  "POST https://x.example.com/t?ratio=2.50&on=true\n"
                  "X-Count: 3\n"
                  "X-When: 2024-05-17T09:30:00+02:00\n"
                  "Content-Type: application/json\n"
                  "\n"
                  "{\"s\":\"7\",\"i\":7,\"d\":7.25,\"b\":true,\"dt\":\"2024-05-17T09:30:00+02:00\","
                  "\"dto\":\"2024-05-17T09:30:00\",\"do\":\"2024-05-17\",\"ls\":[\"a\"],\"li\":[1,2],"
                  "\"ld\":[1.5],\"lb\":[false],\"ldt\":[\"2024-05-17T09:30:00Z\"],"
                  "\"ldto\":[\"2024-05-17T09:30:00\"],\"ldo\":[\"2024-05-17\"],\"lo\":[{\"k\":\"v\"}],"
                  "\"la\":[1,\"a\"]}");

  /* Header and query values are checked against their type too. */
  g_hash_table_insert (values, g_strdup ("header.X-Count"), g_strdup ("three"));
  assert_render_error (action, values, CA_RENDER_ERROR_TYPE,
                       "header.X-Count: \"three\" is not an integer; write a whole number such as 3");
  g_hash_table_insert (values, g_strdup ("header.X-Count"), g_strdup ("3"));
  g_hash_table_insert (values, g_strdup ("query.on"), g_strdup ("yes"));
  assert_render_error (action, values, CA_RENDER_ERROR_TYPE,
                       "query.on: \"yes\" is not a boolean; write true or false");
  g_hash_table_insert (values, g_strdup ("query.on"), g_strdup ("false"));
  g_hash_table_insert (values, g_strdup ("body.lo"), g_strdup ("[1]"));
  assert_render_error (action, values, CA_RENDER_ERROR_TYPE,
                       "body.lo[0]: 1 is not an object; listObject takes a list of objects, like [{\"sku\": \"A1\"}]");
}

static void
test_constants (void)
{
  g_autoptr(CaAction) action = load_action (
    "{'name': 'c', 'url': 'https://x.example.com/c', 'method': 'POST',"
    " 'headers': [{'name': 'X-Source', 'kind': 'constant', 'value': 'desktop app'}],"
    " 'query': [{'name': 'mode', 'kind': 'constant', 'value': 'a&b c'}],"
    " 'request': {'sample': {'kind': 'sample', 'count': 1, 'tags': ['s'], 'keep': 'me'},"
    "   'fields': [{'path': 'kind', 'type': 'string', 'kind': 'constant', 'value': 'fixed'},"
    "              {'path': 'count', 'type': 'integer', 'kind': 'constant'},"
    "              {'path': 'tags', 'type': 'listString', 'kind': 'constant', 'value': ['x', 'y']}]}}");

  assert_renders (action, NULL,
                  "POST https://x.example.com/c?mode=a%26b%20c\n"
                  "X-Source: desktop app\n"
                  "Content-Type: application/json\n"
                  "\n"
                  "{\"kind\":\"fixed\",\"count\":1,\"tags\":[\"x\",\"y\"],\"keep\":\"me\"}");
}

/* Values without a field stay exactly as in the sample, whatever their
 * depth or type. */
static void
test_sample_leaves (void)
{
  g_autoptr(CaAction) action = load_action (
    "{'name': 's', 'url': 'https://x.example.com/s', 'method': 'POST',"
    " 'request': {'sample': {'z': 1, 'a': {'deep': {'er': [1, 2.5, 'three', true, null, {}, []]}},"
    "   'u': 'ünï 日本 \\\\ \\u0001', 'neg': -0.5, 'big': 1e300, 'e': {}, 'l': []},"
    "   'fields': []}}");

  assert_body (action, NULL,
               "{\"z\":1,\"a\":{\"deep\":{\"er\":[1,2.5,\"three\",true,null,{},[]]}},"
               "\"u\":\"ünï 日本 \\\\ \\u0001\",\"neg\":-0.5,\"big\":1e+300,\"e\":{},\"l\":[]}");
}

static void
test_array_index (void)
{
  g_autoptr(CaAction) action = load_action (
    "{'name': 'order', 'url': 'https://x.example.com/orders', 'method': 'POST',"
    " 'request': {'sample': {'items': [{'sku': 'A1', 'qty': 1}, {'sku': 'B2', 'qty': 2}],"
    "                        'matrix': [[1, 2], [3, 4]]},"
    "   'fields': [{'path': 'items.0.sku', 'type': 'string', 'kind': 'variable'},"
    "              {'path': 'items.1.qty', 'type': 'integer', 'kind': 'variable'},"
    "              {'path': 'matrix.1.0', 'type': 'integer', 'kind': 'variable'},"
    "              {'path': 'matrix.0', 'type': 'listInteger', 'kind': 'variable'}]}}");
  g_autoptr(GHashTable) values = values_new ("body.items.0.sku", "Q7", "body.items.1.qty", "40",
                                             "body.matrix.1.0", "-3", "body.matrix.0", "[9]", NULL);
  g_auto(GStrv) keys = ca_action_list_variable_keys (action);
  g_autofree char *joined = g_strjoinv (" ", keys);

  g_assert_cmpstr (joined, ==, "body.items.0.sku body.items.1.qty body.matrix.1.0 body.matrix.0");
  assert_body (action, values,
               "{\"items\":[{\"sku\":\"Q7\",\"qty\":1},{\"sku\":\"B2\",\"qty\":40}],\"matrix\":[[9],[-3,4]]}");

  g_hash_table_insert (values, g_strdup ("body.items.1.qty"), g_strdup ("4O"));
  assert_render_error (action, values, CA_RENDER_ERROR_TYPE,
                       "body.items.1.qty: \"4O\" is not an integer; write a whole number such as 3");
}

static CaAction *
path_action (const char *url)
{
  g_autofree char *json = g_strdup_printf (
    "{'name': 'getUser', 'url': '%s', 'method': 'GET', 'dynamicPath': true,"
    " 'query': [{'name': 'lang', 'kind': 'variable', 'optional': true}]}", url);

  return load_action (json);
}

static void
assert_path (const char *url,
             const char *path,
             const char *expected)
{
  g_autoptr(CaAction) action = path_action (url);
  g_autoptr(GHashTable) values = values_new ("path", path, NULL);

  assert_url (action, values, expected);
}

static void
assert_path_error (const char    *path,
                   CaRenderError  code,
                   const char    *message)
{
  g_autoptr(CaAction) action = path_action ("https://api.example.com/v1/users");
  g_autoptr(GHashTable) values = values_new ("path", path, NULL);

  assert_render_error (action, path != NULL ? values : NULL, code, message);
}

static void
test_dynamic_path (void)
{
  const char *base = "https://api.example.com/v1/users";
  g_autoptr(CaAction) action = path_action ("https://api.example.com/v1/users?region=eu");
  g_autoptr(GHashTable) values = values_new ("path", "42", "query.lang", "pt", NULL);

  assert_path (base, "42", "https://api.example.com/v1/users/42");
  assert_path (base, "42/orders/7", "https://api.example.com/v1/users/42/orders/7");
  assert_path (base, "a b/c d", "https://api.example.com/v1/users/a%20b/c%20d");
  assert_path (base, "ünï/日本", "https://api.example.com/v1/users/%C3%BCn%C3%AF/%E6%97%A5%E6%9C%AC");
  assert_path (base, "what?/x#y/100%", "https://api.example.com/v1/users/what%3F/x%23y/100%25");
  assert_path (base, "a+b=c&d;e", "https://api.example.com/v1/users/a%2Bb%3Dc%26d%3Be");
  assert_path (base, "...", "https://api.example.com/v1/users/...");
  assert_path (base, ".hidden", "https://api.example.com/v1/users/.hidden");
  /* No double '/' when the URL ends with one; a bare host gets one. */
  assert_path ("https://api.example.com/v1/users/", "42", "https://api.example.com/v1/users/42");
  assert_path ("https://api.example.com", "42", "https://api.example.com/42");

  /* The URL's own query stays first, then the action's parameters. */
  assert_url (action, values, "https://api.example.com/v1/users/42?region=eu&lang=pt");

  assert_path_error (NULL, CA_RENDER_ERROR_MISSING,
                     "path: no value given; enter the path to add to the address, like users/42");
  assert_path_error ("", CA_RENDER_ERROR_INVALID,
                     "path: no value given; enter the path to add to the address, like users/42");
  for (const char * const *bad = (const char *[]) { "/42", "42/", "a//b", "/", NULL }; *bad != NULL; bad++)
    {
      g_autofree char *message = g_strdup_printf ("path: \"%s\" has an empty segment (a '/' at the start "
                                                  "or the end, or two in a row); remove the extra '/'", *bad);

      assert_path_error (*bad, CA_RENDER_ERROR_INVALID, message);
    }
  for (const char * const *bad = (const char *[]) { "..", ".", "a/../b", "a/./b", "../admin", NULL };
       *bad != NULL; bad++)
    {
      g_autofree char *message = g_strdup_printf ("path: \"%s\" has a \".\" or \"..\" segment, which would "
                                                  "change the address; write the path without it", *bad);

      assert_path_error (*bad, CA_RENDER_ERROR_INVALID, message);
    }
}

static void
test_query_encoding (void)
{
  g_autoptr(CaAction) action = ca_action_new ("q");
  GPtrArray *query = ca_action_get_query (action);
  g_autoptr(GHashTable) values = values_new ("query.q", "a b+c&d=e/f?g#h%", "query.x&y", "é 日本 ~-._",
                                             "query.k", "", NULL);

  ca_action_set_url (action, "https://x.example.com/search?fixed=1+1&z");
  ca_action_set_method (action, CA_METHOD_GET);
  g_ptr_array_add (query, ca_field_new ("q", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_STRING));
  /* Token characters that are reserved in a URL. */
  g_ptr_array_add (query, ca_field_new ("x&y", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_STRING));
  g_ptr_array_add (query, ca_field_new ("k", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_STRING));
  g_ptr_array_add (query, constant_param ("a+b*'!", "it's"));

  assert_url (action, values,
              "https://x.example.com/search?fixed=1+1&z"
              "&q=a%20b%2Bc%26d%3De%2Ff%3Fg%23h%25"
              "&x%26y=%C3%A9%20%E6%97%A5%E6%9C%AC%20~-._"
              "&k="
              "&a%2Bb%2A%27%21=it%27s");
}

static void
test_header_values (void)
{
  g_autoptr(CaAction) action = push_action (FALSE);
  g_autoptr(GHashTable) values = push_values ();
  g_autoptr(CaAction) constant = ca_action_new ("h");

  g_hash_table_insert (values, g_strdup ("header.X-Tenant"), g_strdup ("acme\r\nX-Evil: 1"));
  assert_render_error (action, values, CA_RENDER_ERROR_INVALID,
                       "header.X-Tenant: the value has a line break; a header value must fit on one line");
  g_hash_table_insert (values, g_strdup ("header.X-Tenant"), g_strdup ("a\nb"));
  assert_render_error (action, values, CA_RENDER_ERROR_INVALID,
                       "header.X-Tenant: the value has a line break; a header value must fit on one line");
  g_hash_table_insert (values, g_strdup ("header.X-Tenant"), g_strdup ("a\rb"));
  assert_render_error (action, values, CA_RENDER_ERROR_INVALID,
                       "header.X-Tenant: the value has a line break; a header value must fit on one line");
  g_hash_table_insert (values, g_strdup ("header.X-Tenant"), g_strdup ("a\x01" "b"));
  assert_render_error (action, values, CA_RENDER_ERROR_INVALID,
                       "header.X-Tenant: the value has a control character (0x01); remove it");

  /* Tabs, quotes and non-ASCII text are fine. */
  g_hash_table_insert (values, g_strdup ("header.X-Tenant"), g_strdup ("a\tb \"c\" é"));
  {
    g_autoptr(CaRequest) request = render_ok (action, values);

    g_assert_cmpstr (ca_request_get_header (request, "X-Tenant"), ==, "a\tb \"c\" é");
  }

  /* A constant that got past validation is checked too. */
  ca_action_set_url (constant, "https://x.example.com/");
  g_ptr_array_add (ca_action_get_headers (constant), constant_param ("X-Bad", "a\nb"));
  assert_render_error (constant, NULL, CA_RENDER_ERROR_INVALID,
                       "header.X-Bad: the value has a line break; a header value must fit on one line");
}

static void
test_missing (void)
{
  g_autoptr(CaAction) action = push_action (FALSE);
  g_autoptr(GHashTable) values = push_values ();

  g_hash_table_remove (values, "header.X-Tenant");
  assert_render_error (action, values, CA_RENDER_ERROR_MISSING,
                       "header.X-Tenant: no value given; \"Tenant\" needs a value of type string");
  g_hash_table_insert (values, g_strdup ("header.X-Tenant"), g_strdup ("acme"));
  g_hash_table_remove (values, "body.items.0.sku");
  assert_render_error (action, values, CA_RENDER_ERROR_MISSING,
                       "body.items.0.sku: no value given; \"First SKU\" needs a value of type string");
  assert_render_error (action, NULL, CA_RENDER_ERROR_MISSING,
                       "header.X-Tenant: no value given; \"Tenant\" needs a value of type string");

  /* Errors come in the order of the variables: headers first. */
  g_hash_table_insert (values, g_strdup ("header.X-Priority"), g_strdup ("high"));
  assert_render_error (action, values, CA_RENDER_ERROR_TYPE,
                       "header.X-Priority: \"high\" is not an integer; write a whole number such as 3");
}

static void
test_missing_label (void)
{
  g_autoptr(CaAction) action = load_action (
    "{'name': 'q', 'url': 'https://x.example.com/', 'method': 'GET',"
    " 'query': [{'name': 'limit', 'kind': 'variable', 'type': 'integer'}]}");

  /* Without a label, the name stands in. */
  assert_render_error (action, NULL, CA_RENDER_ERROR_MISSING,
                       "query.limit: no value given; \"limit\" needs a value of type integer");
}

/* ca_action_list_variables(): the same keys, in the same order, as
 * ca_action_list_variable_keys(), with the fields themselves. */
static void
test_list_variables (void)
{
  g_autoptr(CaAction) action = push_action (FALSE);
  g_autoptr(GPtrArray) variables = ca_action_list_variables (action);
  g_auto(GStrv) keys = ca_action_list_variable_keys (action);
  const CaVariable *tenant, *first_sku;

  g_assert_cmpuint (variables->len, ==, g_strv_length (keys));
  for (guint i = 0; i < variables->len; i++)
    {
      const CaVariable *variable = g_ptr_array_index (variables, i);

      g_assert_cmpstr (variable->key, ==, keys[i]);
      g_assert_true (CA_IS_FIELD (variable->field));
      g_assert_cmpint (ca_field_get_kind (variable->field), ==, CA_FIELD_KIND_VARIABLE);
    }

  tenant = g_ptr_array_index (variables, 0);
  g_assert_cmpstr (tenant->key, ==, "header.X-Tenant");
  g_assert_cmpstr (ca_field_get_label (tenant->field), ==, "Tenant");
  /* The action's own field. */
  g_assert_true (tenant->field == g_ptr_array_index (ca_action_get_headers (action), 0));

  first_sku = g_ptr_array_index (variables, variables->len - 1);
  g_assert_cmpstr (first_sku->key, ==, "body.items.0.sku");
  g_assert_cmpint (ca_field_get_field_type (first_sku->field), ==, CA_FIELD_TYPE_STRING);
  g_assert_false (ca_field_get_optional (first_sku->field));
}

static void
test_list_variables_path (void)
{
  g_autoptr(CaAction) action = load_action (
    "{'name': 'p', 'url': 'https://x.example.com/users', 'method': 'GET', 'dynamicPath': true,"
    " 'headers': [{'name': 'X-A', 'kind': 'constant', 'value': 'a'}],"
    " 'query': [{'name': 'lang', 'kind': 'variable', 'optional': true}]}");
  g_autoptr(CaAction) bare = load_action ("{'name': 'bare', 'url': 'https://x.example.com/', 'method': 'GET'}");
  g_autoptr(GPtrArray) variables = ca_action_list_variables (action);
  g_autoptr(GPtrArray) none = ca_action_list_variables (bare);
  g_autoptr(CaVariable) copy = NULL;
  const CaVariable *path;

  /* Constants are no variables; the path comes after the query. */
  g_assert_cmpuint (variables->len, ==, 2);
  g_assert_cmpstr (((CaVariable *) g_ptr_array_index (variables, 0))->key, ==, "query.lang");
  path = g_ptr_array_index (variables, 1);
  g_assert_cmpstr (path->key, ==, "path");
  g_assert_cmpstr (ca_field_get_name (path->field), ==, "path");
  g_assert_cmpstr (ca_field_get_label (path->field), ==, "Path");
  g_assert_cmpint (ca_field_get_field_type (path->field), ==, CA_FIELD_TYPE_STRING);
  g_assert_false (ca_field_get_optional (path->field));

  g_assert_cmpuint (none->len, ==, 0);

  /* ca_variable_free() frees what g_autoptr holds. */
  copy = g_new0 (CaVariable, 1);
  copy->key = g_strdup (path->key);
  copy->field = g_object_ref (path->field);
}

static void
test_unknown (void)
{
  g_autoptr(CaAction) action = push_action (FALSE);
  g_autoptr(GHashTable) values = push_values ();
  g_autoptr(CaAction) bare = load_action ("{'name': 'bare', 'url': 'https://x.example.com/', 'method': 'GET'}");

  g_hash_table_insert (values, g_strdup ("body.nope"), g_strdup ("1"));
  g_hash_table_insert (values, g_strdup ("body.zzz"), g_strdup ("1"));
  /* Even with another error pending (a bad header), unknown keys first,
   * the first of them in alphabetical order. */
  g_hash_table_insert (values, g_strdup ("header.X-Priority"), g_strdup ("high"));
  assert_render_error (action, values, CA_RENDER_ERROR_UNKNOWN,
                       "body.nope is not a variable of this action; its variables are header.X-Tenant, "
                       "header.X-Priority, query.lang, body.to, body.message.title, body.message.badge, "
                       "body.tags, body.items.0.sku");
  g_hash_table_remove (values, "body.nope");
  g_hash_table_remove (values, "body.zzz");

  /* Keys are exact: header names too. */
  g_hash_table_insert (values, g_strdup ("header.x-tenant"), g_strdup ("1"));
  assert_render_error (action, values, CA_RENDER_ERROR_UNKNOWN,
                       "header.x-tenant is not a variable of this action; its variables are header.X-Tenant, "
                       "header.X-Priority, query.lang, body.to, body.message.title, body.message.badge, "
                       "body.tags, body.items.0.sku");
  g_hash_table_remove (values, "header.x-tenant");

  /* Constants take no value. */
  g_hash_table_insert (values, g_strdup ("header.X-Source"), g_strdup ("cli"));
  assert_render_error (action, values, CA_RENDER_ERROR_UNKNOWN,
                       "header.X-Source is a constant of this action, so it takes no value; change it in "
                       "the action's configuration");
  g_hash_table_remove (values, "header.X-Source");
  g_hash_table_insert (values, g_strdup ("body.message.sound"), g_strdup ("x"));
  assert_render_error (action, values, CA_RENDER_ERROR_UNKNOWN,
                       "body.message.sound is a constant of this action, so it takes no value; change it in "
                       "the action's configuration");
  g_hash_table_remove (values, "body.message.sound");
  g_hash_table_insert (values, g_strdup ("path"), g_strdup ("x"));
  assert_render_error (action, values, CA_RENDER_ERROR_UNKNOWN,
                       "path is not a variable of this action; its variables are header.X-Tenant, "
                       "header.X-Priority, query.lang, body.to, body.message.title, body.message.badge, "
                       "body.tags, body.items.0.sku");

  g_hash_table_remove_all (values);
  g_hash_table_insert (values, g_strdup ("query.x"), g_strdup ("1"));
  assert_render_error (bare, values, CA_RENDER_ERROR_UNKNOWN,
                       "query.x is not a variable of this action, which has no variables");
}

static void
test_get (void)
{
  g_autoptr(CaAction) action = load_action (
    "{'name': 'list', 'url': 'http://127.0.0.1:8765/echo', 'method': 'GET',"
    " 'query': [{'name': 'page', 'kind': 'variable', 'type': 'integer'}]}");
  g_autoptr(GHashTable) values = values_new ("query.page", "2", NULL);
  g_autoptr(CaRequest) request = render_ok (action, values);

  g_assert_null (request->body);
  assert_renders (action, values,
                  "GET http://127.0.0.1:8765/echo?page=2\n"
                  "Content-Type: application/json\n"
                  "\n"
                  "(no body)");
}

static void
test_content_type (void)
{
  g_autoptr(CaAction) action = ca_action_new ("ct");
  g_autoptr(CaRequest) request = NULL;

  /* No sample: an empty body, still JSON's Content-Type. */
  ca_action_set_url (action, "https://x.example.com/ping");
  ca_action_set_method (action, CA_METHOD_PUT);
  request = render_ok (action, NULL);
  g_assert_nonnull (request->body);
  g_assert_cmpuint (g_bytes_get_size (request->body), ==, 0);
  g_assert_cmpstr (ca_request_get_header (request, "Content-Type"), ==, "application/json");

  /* A Content-Type of the action's own (validation refuses one) gives
   * way, in its place. */
  g_ptr_array_add (ca_action_get_headers (action), constant_param ("content-type", "text/plain"));
  g_ptr_array_add (ca_action_get_headers (action), constant_param ("X-After", "1"));
  assert_renders (action, NULL,
                  "PUT https://x.example.com/ping\n"
                  "Content-Type: application/json\n"
                  "X-After: 1\n"
                  "\n");
}

/* A field whose path is not in the sample (an action that was not
 * validated) is an error, not a value quietly dropped. */
static void
test_field_not_in_sample (void)
{
  g_autoptr(CaAction) action = ca_action_new ("broken");

  ca_action_set_url (action, "https://x.example.com/");
  ca_action_set_request_sample_text (action, "{\"a\":[1]}");
  g_ptr_array_add (ca_action_get_request_fields (action),
                   ca_field_new ("a.1", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_INTEGER));
  assert_render_error (action, NULL, CA_RENDER_ERROR_INVALID,
                       "body.a.1: \"a.1\" is not in the sample payload; correct the field's path in the "
                       "action's configuration");
}

static CaRequest *
tricky_request (void)
{
  CaRequest *request = ca_request_new ("POST", "https://api.example.com/v1/it's/[x]{y}?z=$HOME");
  static const char body[] = "{\"text\":\"it's $HOME `id` $(id) \\\\ \\\"q\\\"\"}\nraw line 2 'x'";

  ca_request_add_query (request, "api_key", "s3cr'et", TRUE);
  ca_request_add_query (request, "q", "a b", FALSE);
  ca_request_set_header (request, "X-Quote", "it's \"fine\"", FALSE);
  ca_request_set_header (request, "X-Shell", "$HOME `id` $(id) \\ *", FALSE);
  ca_request_set_header (request, "X-Empty", "", FALSE);
  ca_request_set_header (request, "Authorization", "Bearer t0k'en", TRUE);
  ca_request_set_header (request, "Content-Type", "application/json", FALSE);
  request->body = g_bytes_new (body, sizeof body - 1);
  return request;
}

static void
test_curl_quoting (void)
{
  g_autoptr(CaRequest) request = tricky_request ();
  g_autofree char *masked = ca_curl_command (request, FALSE);
  g_autofree char *revealed = ca_curl_command (request, TRUE);

  g_assert_cmpstr (masked, ==,
                   "curl -sS --globoff --compressed -X POST "
                   "'https://api.example.com/v1/it'\\''s/[x]%7By%7D?z=$HOME&api_key=" CA_MASK "&q=a%20b' \\\n"
                   "  -H 'X-Quote: it'\\''s \"fine\"' \\\n"
                   "  -H 'X-Shell: $HOME `id` $(id) \\ *' \\\n"
                   "  -H 'X-Empty;' \\\n"
                   "  -H 'Authorization: " CA_MASK "' \\\n"
                   "  -H 'Content-Type: application/json' \\\n"
                   "  -H 'Accept:' \\\n"
                   "  -H 'Accept-Encoding: gzip, deflate' \\\n"
                   "  -H 'Connection: Keep-Alive' \\\n"
                   "  -H 'Expect:' \\\n"
                   "  --data-binary '{\"text\":\"it'\\''s $HOME `id` $(id) \\\\ \\\"q\\\"\"}\n"
                   "raw line 2 '\\''x'\\'''");
  g_assert_null (strstr (masked, "s3cr"));
  g_assert_null (strstr (masked, "t0k"));

  g_assert_cmpstr (revealed, ==,
                   "curl -sS --globoff --compressed -X POST "
                   "'https://api.example.com/v1/it'\\''s/[x]%7By%7D?z=$HOME&api_key=s3cr%27et&q=a%20b' \\\n"
                   "  -H 'X-Quote: it'\\''s \"fine\"' \\\n"
                   "  -H 'X-Shell: $HOME `id` $(id) \\ *' \\\n"
                   "  -H 'X-Empty;' \\\n"
                   "  -H 'Authorization: Bearer t0k'\\''en' \\\n"
                   "  -H 'Content-Type: application/json' \\\n"
                   "  -H 'Accept:' \\\n"
                   "  -H 'Accept-Encoding: gzip, deflate' \\\n"
                   "  -H 'Connection: Keep-Alive' \\\n"
                   "  -H 'Expect:' \\\n"
                   "  --data-binary '{\"text\":\"it'\\''s $HOME `id` $(id) \\\\ \\\"q\\\"\"}\n"
                   "raw line 2 '\\''x'\\'''");
}

static void
test_curl_get (void)
{
  g_autoptr(CaAction) action = path_action ("http://127.0.0.1:8765/echo");
  g_autoptr(GHashTable) values = values_new ("path", "a b", NULL);
  g_autoptr(CaRequest) request = render_ok (action, values);
  g_autofree char *command = NULL;

  /* A header of the request's own replaces curl's default. */
  ca_request_set_header (request, "Accept", "application/json", FALSE);
  command = ca_curl_command (request, FALSE);
  g_assert_cmpstr (command, ==,
                   "curl -sS --globoff --compressed -X GET 'http://127.0.0.1:8765/echo/a%20b' \\\n"
                   "  -H 'Content-Type: application/json' \\\n"
                   "  -H 'Accept: application/json' \\\n"
                   "  -H 'Accept-Encoding: gzip, deflate' \\\n"
                   "  -H 'Connection: Keep-Alive'");
}

static void
test_curl_big_body (void)
{
  g_autoptr(CaRequest) request = ca_request_new ("PUT", "https://x.example.com/big");
  g_autofree char *text = g_strnfill (70000, 'a');
  g_autofree char *command = NULL;
  g_autofree char *expected = NULL;

  text[0] = '\'';
  request->body = g_bytes_new (text, strlen (text));
  command = ca_curl_command (request, FALSE);
  expected = g_strdup_printf ("printf '%%s' ''\\''%s' |\n"
                              "curl -sS --globoff --compressed -X PUT 'https://x.example.com/big' \\\n"
                              "  -H 'Accept:' \\\n"
                              "  -H 'Accept-Encoding: gzip, deflate' \\\n"
                              "  -H 'Connection: Keep-Alive' \\\n"
                              "  -H 'Expect:' \\\n"
                              "  --data-binary @-", text + 1);
  g_assert_cmpstr (command, ==, expected);

  /* curl would read a body that starts with '@' as a file name. */
  g_bytes_unref (request->body);
  request->body = g_bytes_new_static ("@etc", 4);
  g_clear_pointer (&command, g_free);
  command = ca_curl_command (request, FALSE);
  g_assert_true (g_str_has_prefix (command, "printf '%s' '@etc' |\ncurl "));
  g_assert_true (g_str_has_suffix (command, "--data-binary @-"));

  /* An empty body is sent as one. */
  g_bytes_unref (request->body);
  request->body = g_bytes_new (NULL, 0);
  g_clear_pointer (&command, g_free);
  command = ca_curl_command (request, FALSE);
  g_assert_true (g_str_has_suffix (command, "-H 'Expect:' \\\n  --data-binary ''"));
}

/* Running the curl command and sending through libsoup reach a server
 * with the same request. The server is a plain socket in a thread, so
 * that the bytes compared are the bytes sent, path escapes included. */

typedef struct {
  GSocketListener *listener;
  guint            n_requests;
  GPtrArray       *records;   /* written by the thread until it is joined */
} RawServer;

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The request line, the headers but User-Agent (names in lower case,
 * sorted: the two clients order them differently), a blank line, the
 * body. */
static char *
record_request (const char *head,
                const char *body,
                gsize       body_length)
{
  g_auto(GStrv) lines = g_strsplit (head, "\r\n", -1);
  g_autoptr(GPtrArray) headers = g_ptr_array_new_with_free_func (g_free);
  GString *record = g_string_new (lines[0]);

  g_string_append_c (record, '\n');
  for (guint i = 1; lines[i] != NULL; i++)
    {
      const char *colon = strchr (lines[i], ':');
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      g_assert_nonnull (colon);
      name = g_ascii_strdown (lines[i], colon - lines[i]);
      /* Whitespace around a value is not part of it (RFC 7230, 3.2):
       * libsoup writes "X-Empty: ", curl "X-Empty:". */
      value = g_strstrip (g_strdup (colon + 1));
      if (strcmp (name, "user-agent") != 0)
        g_ptr_array_add (headers, g_strdup_printf ("%s: %s", name, value));
    }
  g_ptr_array_sort (headers, compare_lines);
  for (guint i = 0; i < headers->len; i++)
    g_string_append_printf (record, "%s\n", (char *) g_ptr_array_index (headers, i));

  g_string_append_c (record, '\n');
  g_string_append_len (record, body, body_length);
  return g_string_free (record, FALSE);
}

static gsize
content_length (const char *head)
{
  g_autofree char *lower = g_ascii_strdown (head, -1);
  const char *found = strstr (lower, "\r\ncontent-length:");

  return found != NULL ? g_ascii_strtoull (found + strlen ("\r\ncontent-length:"), NULL, 10) : 0;
}

static char *
serve_one (GSocketConnection *connection)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  static const char answer[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
  g_autoptr(GString) data = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *end = NULL;
  gsize head_length = 0;
  char buffer[16384];

  while (end == NULL || data->len < head_length + 4 + content_length (data->str))
    {
      gssize n = g_input_stream_read (in, buffer, sizeof buffer, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      g_string_append_len (data, buffer, n);
      if (end == NULL && (end = strstr (data->str, "\r\n\r\n")) != NULL)
        head_length = end - data->str;
    }

  g_output_stream_write_all (out, answer, sizeof answer - 1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  {
    g_autofree char *head = g_strndup (data->str, head_length);

    return record_request (head, data->str + head_length + 4, data->len - head_length - 4);
  }
}

static gpointer
serve (gpointer user_data)
{
  RawServer *server = user_data;

  for (guint i = 0; i < server->n_requests; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocketConnection) connection = g_socket_listener_accept (server->listener, NULL, NULL,
                                                                          &error);

      g_assert_no_error (error);
      g_ptr_array_add (server->records, serve_one (connection));
    }

  return NULL;
}

typedef struct {
  GMainLoop *loop;
  guint      pending;
} Exchange;

static void
exchange_done (Exchange *exchange)
{
  if (--exchange->pending == 0)
    g_main_loop_quit (exchange->loop);
}

static void
soup_sent (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  g_assert_no_error (error);
  exchange_done (user_data);
}

static void
curl_ran (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;

  g_subprocess_communicate_finish (G_SUBPROCESS (source), result, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (out, NULL), g_bytes_get_size (out), "ok", 2);
  g_assert_cmpuint (g_bytes_get_size (err), ==, 0);
  g_assert_true (g_subprocess_get_successful (G_SUBPROCESS (source)));
  exchange_done (user_data);
}

/* What the invoker does, in short: the request as a SoupMessage. */
static SoupMessage *
soup_message_for (const CaRequest *request)
{
  g_autofree char *url = ca_request_get_url (request, TRUE);
  SoupMessage *message = soup_message_new (request->method, url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);

  for (guint i = 0; i < request->headers->len; i++)
    {
      const CaRequestParam *header = g_ptr_array_index (request->headers, i);

      soup_message_headers_append (headers, header->name, header->value);
    }
  if (request->body != NULL)
    soup_message_set_request_body_from_bytes (message, NULL, request->body);

  return message;
}

static GSubprocess *
run_in_shell (const char          *command,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GBytes) script = g_bytes_new (command, strlen (command));
  g_autoptr(GError) error = NULL;
  GSubprocess *shell;

  /* The server is on this machine: no proxy in between. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  for (const char * const *name = (const char *[]) { "http_proxy", "HTTP_PROXY", "https_proxy",
                                                      "HTTPS_PROXY", "all_proxy", "ALL_PROXY", NULL };
       *name != NULL; name++)
    g_subprocess_launcher_unsetenv (launcher, *name);

  /* As if pasted into a shell: on its standard input, not as one
   * argument, which would be too long for a big body. */
  shell = g_subprocess_launcher_spawn (launcher, &error, "/bin/sh", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_async (shell, script, NULL, callback, user_data);
  return shell;
}

/* Returns what the server received from libsoup; curl's was the same. */
static char *
send_both_ways (SoupSession     *session,
                GSocketListener *listener,
                const CaRequest *request)
{
  g_autoptr(SoupMessage) message = soup_message_for (request);
  g_autofree char *command = ca_curl_command (request, TRUE);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) shell = NULL;
  RawServer server = { listener, 2, records };
  Exchange exchange = { g_main_loop_new (NULL, FALSE), 2 };
  GThread *thread = g_thread_new ("server", serve, &server);
  const char *first;

  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, soup_sent, &exchange);
  shell = run_in_shell (command, curl_ran, &exchange);
  g_main_loop_run (exchange.loop);
  g_main_loop_unref (exchange.loop);
  g_thread_join (thread);

  g_assert_cmpuint (records->len, ==, 2);
  /* Which client came first is not known, and need not be: with
   * User-Agent left out, the two records are the same. */
  first = g_ptr_array_index (records, 0);
  g_test_message ("received:\n%.2000s", first);
  g_assert_cmpstr (first, ==, g_ptr_array_index (records, 1));
  return g_strdup (first);
}

static void
test_curl_same_request (void)
{
  g_autofree char *curl_path = g_find_program_in_path ("curl");
  g_autoptr(GSocketListener) listener = NULL;
  g_autoptr(GSocketAddress) loopback = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CaAction) action = NULL;
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(CaRequest) request = NULL;
  g_autoptr(CaRequest) big = NULL;
  g_autoptr(CaRequest) get = NULL;
  g_autofree char *json = NULL;
  g_autofree char *big_body = NULL;
  g_autofree char *received = NULL;
  g_autofree char *expected = NULL;
  guint port;

  if (curl_path == NULL)
    {
      g_test_skip ("curl is not installed");
      return;
    }

  listener = g_socket_listener_new ();
  loopback = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_socket_listener_add_address (listener, loopback, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &bound, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  json = g_strdup_printf (
    "{'name': 'echo', 'url': 'http://127.0.0.1:%u/echo?fixed=1+1', 'method': 'POST', 'dynamicPath': true,"
    " 'headers': [{'name': 'X-Tenant', 'kind': 'variable'}, {'name': 'X-Empty', 'kind': 'variable'}],"
    " 'query': [{'name': 'q', 'kind': 'variable'}],"
    " 'request': {'sample': {'text': 'x', 'n': 1},"
    "   'fields': [{'path': 'text', 'type': 'string', 'kind': 'variable'}]}}", port);
  action = load_action (json);
  values = values_new ("header.X-Tenant", "it's \"$HOME\" `id` é", "header.X-Empty", "",
                       "query.q", "a b+c&d=é", "path", "users/ü 1",
                       "body.text", "it's $HOME `id` $(id)\nline 2 \\ \"q\" 日本", NULL);
  request = render_ok (action, values);
  /* As authentication adds them. */
  ca_request_add_query (request, "api_key", "s3cr'et", TRUE);
  ca_request_set_header (request, "Authorization", "Bearer t0k'en", TRUE);

  session = soup_session_new ();
  received = send_both_ways (session, listener, request);
  expected = g_strdup_printf (
    "POST /echo/users/%%C3%%BC%%201?fixed=1+1&q=a%%20b%%2Bc%%26d%%3D%%C3%%A9&api_key=s3cr%%27et HTTP/1.1\n"
    "accept-encoding: gzip, deflate\n"
    "authorization: Bearer t0k'en\n"
    "connection: Keep-Alive\n"
    "content-length: 62\n"
    "content-type: application/json\n"
    "host: 127.0.0.1:%u\n"
    "x-empty: \n"
    "x-tenant: it's \"$HOME\" `id` é\n"
    "\n"
    "{\"text\":\"it's $HOME `id` $(id)\\nline 2 \\\\ \\\"q\\\" 日本\",\"n\":1}", port);
  g_assert_cmpstr (received, ==, expected);

  /* A body too big for one argument goes through a pipe. */
  big = ca_request_copy (request);
  big_body = g_strnfill (200000, 'b');
  memcpy (big_body, "'$`\n", 4);
  g_bytes_unref (big->body);
  big->body = g_bytes_new (big_body, strlen (big_body));
  g_free (send_both_ways (session, listener, big));

  /* An empty body (a PUT without a sample). */
  g_bytes_unref (big->body);
  big->body = g_bytes_new (NULL, 0);
  g_clear_pointer (&received, g_free);
  received = send_both_ways (session, listener, big);
  g_assert_nonnull (strstr (received, "\ncontent-length: 0\n"));

  /* No body at all. */
  get = ca_request_copy (request);
  g_free (get->method);
  get->method = g_strdup ("GET");
  g_clear_pointer (&get->body, g_bytes_unref);
  g_clear_pointer (&received, g_free);
  received = send_both_ways (session, listener, get);
  g_assert_null (strstr (received, "content-length"));
}

int
main (int   argc,
      char *argv[])
{
  /* The server is on this machine: no proxy. (The desktop's proxy
   * resolver would also want GSettings schemas the tests do not have.) */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ca/render/percent-encode", test_percent_encode);
  g_test_add_func ("/ca/render/request", test_request);
  g_test_add_func ("/ca/render/type/string", test_string);
  g_test_add_func ("/ca/render/type/integer", test_integer);
  g_test_add_func ("/ca/render/type/decimal", test_decimal);
  g_test_add_func ("/ca/render/type/boolean", test_boolean);
  g_test_add_func ("/ca/render/type/date-time", test_date_time);
  g_test_add_func ("/ca/render/type/date-time-only", test_date_time_only);
  g_test_add_func ("/ca/render/type/date-only", test_date_only);
  g_test_add_func ("/ca/render/type/long-value", test_long_value);
  g_test_add_func ("/ca/render/type/lists", test_lists);
  g_test_add_func ("/ca/render/type/list-object-any", test_list_object_any);
  g_test_add_func ("/ca/render/type/list-nulls", test_list_nulls);
  g_test_add_func ("/ca/render/types-in-place", test_types_in_place);
  g_test_add_func ("/ca/render/push", test_push);
  g_test_add_func ("/ca/render/null/allow-null", test_allow_null);
  g_test_add_func ("/ca/render/null/not-allowed", test_list_nulls_not_allowed);
  g_test_add_func ("/ca/render/null/optional-in-array", test_optional_in_array);
  g_test_add_func ("/ca/render/constants", test_constants);
  g_test_add_func ("/ca/render/sample-leaves", test_sample_leaves);
  g_test_add_func ("/ca/render/array-index", test_array_index);
  g_test_add_func ("/ca/render/dynamic-path", test_dynamic_path);
  g_test_add_func ("/ca/render/query-encoding", test_query_encoding);
  g_test_add_func ("/ca/render/header-values", test_header_values);
  g_test_add_func ("/ca/render/missing", test_missing);
  g_test_add_func ("/ca/render/missing-label", test_missing_label);
  g_test_add_func ("/ca/render/list-variables", test_list_variables);
  g_test_add_func ("/ca/render/list-variables/path", test_list_variables_path);
  g_test_add_func ("/ca/render/unknown", test_unknown);
  g_test_add_func ("/ca/render/get", test_get);
  g_test_add_func ("/ca/render/content-type", test_content_type);
  g_test_add_func ("/ca/render/field-not-in-sample", test_field_not_in_sample);
  g_test_add_func ("/ca/render/curl/quoting", test_curl_quoting);
  g_test_add_func ("/ca/render/curl/get", test_curl_get);
  g_test_add_func ("/ca/render/curl/big-body", test_curl_big_body);
  g_test_add_func ("/ca/render/curl/same-request", test_curl_same_request);

  return g_test_run ();
}
