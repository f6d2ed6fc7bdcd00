/* test-json.c: the fast JSON reader, whole documents and arrays streamed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ca-json.h"
#include "ca-problem.h"

/* A copy of @text in a buffer of exactly its length, with no NUL after
 * it: the reader must never look past the end (valgrind and the
 * sanitizers would tell). */
static char *
exact_copy (const char *text,
            gsize      *length)
{
  *length = strlen (text);
  return g_memdup2 (text, *length);
}

static CaJsonDocument *
parse_exact (const char  *text,
             GError     **error)
{
  gsize length;
  g_autofree char *copy = exact_copy (text, &length);

  /* The document keeps nothing of the text: freed before it is used. */
  return ca_json_document_parse (copy, length, error);
}

static void
test_values (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaJsonDocument) doc = parse_exact ("{\"s\": \"plain\", \"e\": \"a\\\"b\\\\c\\/d\\n\\t\\u00e9\\ud83d\\ude00\","
                                               " \"u\": \"h\xc3\xa9llo\", \"i\": -12, \"d\": 2.5e1,"
                                               " \"t\": true, \"f\": false, \"n\": null,"
                                               " \"a\": [1, [], {}], \"o\": {\"k\": \"v\"}, \"empty\": \"\"}",
                                               &error);
  const CaJson *root;

  g_assert_no_error (error);
  root = ca_json_document_get_root (doc);
  g_assert_cmpint (root->kind, ==, CA_JSON_OBJECT);
  g_assert_cmpuint (root->n_children, ==, 11);
  g_assert_cmpstr (ca_json_get_member (root, "s")->string, ==, "plain");
  g_assert_cmpstr (ca_json_get_member (root, "e")->string, ==, "a\"b\\c/d\n\t\xc3\xa9\xf0\x9f\x98\x80");
  g_assert_cmpstr (ca_json_get_member (root, "u")->string, ==, "h\xc3\xa9llo");
  g_assert_cmpint (ca_json_get_member (root, "i")->integer, ==, -12);
  g_assert_cmpfloat (ca_json_get_member (root, "d")->decimal, ==, 25.0);
  g_assert_true (ca_json_get_member (root, "t")->boolean);
  g_assert_false (ca_json_get_member (root, "f")->boolean);
  g_assert_cmpint (ca_json_get_member (root, "n")->kind, ==, CA_JSON_NULL);
  g_assert_cmpuint (ca_json_get_member (root, "a")->n_children, ==, 3);
  g_assert_cmpstr (ca_json_lookup_path (root, "o.k")->string, ==, "v");
  g_assert_cmpstr (ca_json_get_member (root, "empty")->string, ==, "");
}

/* Values that end right at the end of the text, which has no NUL after
 * it. */
static void
test_ends_at_end (void)
{
  static const char * const texts[] = { "\"abc\"", "\"a\\u00e9\"", "12", "-0.5e-3", "true", "null", "[]", "{}", " [1 ,2] " };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CaJsonDocument) doc = parse_exact (texts[i], &error);

      g_assert_no_error (error);
      g_assert_nonnull (doc);
    }
}

static void
assert_syntax_error (const char *text,
                     const char *expected_prefix)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaJsonDocument) doc = parse_exact (text, &error);
  g_autofree char *escaped = g_strescape (text, NULL);

  g_assert_null (doc);
  g_assert_error (error, CA_FORMAT_ERROR, CA_FORMAT_ERROR_SYNTAX);
  g_test_message ("%s → %s", escaped, error->message);
  g_assert_true (g_str_has_prefix (error->message, expected_prefix));
}

static void
test_errors (void)
{
  /* Cut off at the end, inside a string, an escape or a value. */
  assert_syntax_error ("\"abc", "1:1: ");
  assert_syntax_error ("\"ab\\", "1:5: ");
  assert_syntax_error ("\"ab\\u00", "1:6: ");
  assert_syntax_error ("[1, 2", "1:6: ");
  assert_syntax_error ("{\"a\"", "1:5: ");
  assert_syntax_error ("tru", "1:1: ");
  /* Inside a string: a line break, a bad escape, not UTF-8. */
  assert_syntax_error ("[\n  \"a\nb\"]", "2:5: ");
  assert_syntax_error ("[\"\\x\"]", "1:4: ");
  assert_syntax_error ("[\"\\u0000\"]", "1:4: ");
  assert_syntax_error ("[\"\\ud83d\"]", "1:4: ");
  assert_syntax_error ("[\"\xff\"]", "1:2: ");
  /* Columns count characters. */
  assert_syntax_error ("{\"é\": 1,, }", "1:9: ");
  assert_syntax_error ("{\"k\": 1, \"k\": 2}", "1:10: ");
  assert_syntax_error ("[1] x", "1:5: ");
}

/* The elements of an array one by one, each in the memory of the one
 * before: what was read stays right while it is looked at. */
static void
test_stream (void)
{
  g_autoptr(GString) text = g_string_new ("{\"format\": 1, \"actions\": [");
  g_autoptr(GError) error = NULL;
  g_autoptr(CaJsonStream) stream = NULL;
  const CaJson *element;
  gsize from;
  guint n = 0;

  for (guint i = 0; i < 3000; i++)
    {
      /* Some big enough to need more than one block. */
      g_string_append_printf (text, "%s\n  {\"name\": \"n%u\", \"escaped\": \"line\\n%u\", \"list\": [",
                              i > 0 ? "," : "", i, i);
      for (guint k = 0; k < (i % 500 == 0 ? 5000 : 3); k++)
        g_string_append_printf (text, "%s%u", k > 0 ? "," : "", k);
      g_string_append (text, "]}");
    }
  g_string_append (text, "\n]}");

  from = strchr (text->str, '[') - text->str + 1;
  stream = ca_json_stream_new (text->str, text->len, from, text->len);
  while (ca_json_stream_next (stream, &element, &error))
    {
      g_autofree char *name = g_strdup_printf ("n%u", n);
      g_autofree char *escaped = g_strdup_printf ("line\n%u", n);
      const CaJson *list = ca_json_get_member (element, "list");

      g_assert_cmpstr (ca_json_get_member (element, "name")->string, ==, name);
      g_assert_cmpstr (ca_json_get_member (element, "escaped")->string, ==, escaped);
      g_assert_cmpuint (list->n_children, ==, n % 500 == 0 ? 5000 : 3);
      g_assert_cmpint (list->children[list->n_children - 1].integer, ==, list->n_children - 1);
      n++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3000);
  g_assert_cmpuint (ca_json_stream_get_end (stream), ==, text->len - 2);
  g_assert_cmpint (text->str[ca_json_stream_get_end (stream)], ==, ']');
  /* Done: stays done. */
  g_assert_false (ca_json_stream_next (stream, &element, &error));
  g_assert_no_error (error);
}

static void
test_stream_empty (void)
{
  static const char text[] = "[ ]";
  g_autoptr(CaJsonStream) stream = ca_json_stream_new (text, strlen (text), 1, strlen (text));
  g_autoptr(GError) error = NULL;
  const CaJson *element;

  g_assert_false (ca_json_stream_next (stream, &element, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ca_json_stream_get_end (stream), ==, 2);
}

/* Up to a limit: the ',' between two elements, where a second reader
 * starts. */
static void
test_stream_limit (void)
{
  static const char text[] = "[{\"a\": 1}, {\"a\": 2},\n {\"a\": 3}]";
  const char *comma = strstr (text, "},\n") + 1;
  gsize limit = comma - text;
  g_autoptr(CaJsonStream) first = ca_json_stream_new (text, strlen (text), 1, limit);
  g_autoptr(CaJsonStream) second = ca_json_stream_new (text, strlen (text), limit + 1, strlen (text));
  g_autoptr(GError) error = NULL;
  const CaJson *element;

  g_assert_true (ca_json_stream_next (first, &element, &error));
  g_assert_cmpint (ca_json_get_member (element, "a")->integer, ==, 1);
  g_assert_true (ca_json_stream_next (first, &element, &error));
  g_assert_cmpint (ca_json_get_member (element, "a")->integer, ==, 2);
  g_assert_false (ca_json_stream_next (first, &element, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ca_json_stream_get_end (first), ==, limit);

  g_assert_true (ca_json_stream_next (second, &element, &error));
  g_assert_cmpint (ca_json_get_member (element, "a")->integer, ==, 3);
  g_assert_false (ca_json_stream_next (second, &element, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ca_json_stream_get_end (second), ==, strlen (text) - 1);
}

/* A syntax error: its line and column count from the start of the whole
 * text, and the stream ends there. */
static void
test_stream_error (void)
{
  static const char text[] = "{\"actions\": [\n  {\"a\": 1},\n  {\"a\" 2},\n  {\"a\": 3}\n]}";
  g_autoptr(CaJsonStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  const CaJson *element;
  gsize length;
  g_autofree char *copy = exact_copy (text, &length);

  stream = ca_json_stream_new (copy, length, strchr (copy, '[') - copy + 1, length);
  g_assert_true (ca_json_stream_next (stream, &element, &error));
  g_assert_false (ca_json_stream_next (stream, &element, &error));
  g_assert_error (error, CA_FORMAT_ERROR, CA_FORMAT_ERROR_SYNTAX);
  g_assert_true (g_str_has_prefix (error->message, "3:8: "));
  g_clear_error (&error);
  g_assert_false (ca_json_stream_next (stream, &element, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ca/json/values", test_values);
  g_test_add_func ("/ca/json/ends-at-end", test_ends_at_end);
  g_test_add_func ("/ca/json/errors", test_errors);
  g_test_add_func ("/ca/json/stream/elements", test_stream);
  g_test_add_func ("/ca/json/stream/empty", test_stream_empty);
  g_test_add_func ("/ca/json/stream/limit", test_stream_limit);
  g_test_add_func ("/ca/json/stream/error", test_stream_error);

  return g_test_run ();
}
