/* test-json-pretty.c: JSON text laid out for people, without parsing it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "ca-json-pretty.h"

#define MIB (1024 * 1024)

static char *
pretty (const char *text)
{
  gboolean truncated = TRUE;
  char *out = ca_json_pretty (text, strlen (text), G_MAXSIZE, &truncated);

  g_assert_false (truncated);
  return out;
}

static void
assert_pretty (const char *text,
               const char *expected)
{
  g_autofree char *out = pretty (text);

  g_assert_cmpstr (out, ==, expected);
}

static void
test_layout (void)
{
  /* Like JSON.stringify (v, null, 2). */
  assert_pretty ("{\"a\":1,\"b\":[1,2],\"c\":{},\"d\":[],\"e\":\"x\",\"f\":{\"g\":null,\"h\":[true,false]}}",
                 "{\n"
                 "  \"a\": 1,\n"
                 "  \"b\": [\n"
                 "    1,\n"
                 "    2\n"
                 "  ],\n"
                 "  \"c\": {},\n"
                 "  \"d\": [],\n"
                 "  \"e\": \"x\",\n"
                 "  \"f\": {\n"
                 "    \"g\": null,\n"
                 "    \"h\": [\n"
                 "      true,\n"
                 "      false\n"
                 "    ]\n"
                 "  }\n"
                 "}");
  assert_pretty ("[]", "[]");
  assert_pretty ("{ }", "{}");
  assert_pretty ("[{}]", "[\n  {}\n]");
  assert_pretty ("[-1.5e+3,0]", "[\n  -1.5e+3,\n  0\n]");
}

static void
test_whitespace (void)
{
  /* Any layout comes out the same: tabs, CRLF, spaces around tokens, a
   * byte order mark. */
  const char *compact = "{\"a\":[1,{\"b\":\"c d\"}],\"e\":{}}";
  const char *loose = "\xEF\xBB\xBF \r\n{ \"a\" :\t[ 1 ,\r\n {\"b\"  :  \"c d\" } ] ,\n\n \"e\" : {\n } }\n";
  g_autofree char *a = pretty (compact);
  g_autofree char *b = pretty (loose);
  g_autofree char *again = pretty (a);

  g_assert_cmpstr (a, ==, b);
  /* Laying out laid-out text changes nothing. */
  g_assert_cmpstr (a, ==, again);
}

static void
test_strings (void)
{
  /* Commas, colons, brackets and escaped quotes inside strings are text. */
  assert_pretty ("{\"a\\\"b,[\":\"c\\\\\",\"d\":\"{x:[1,2]}\\\"\",\"\\u00e9\":\"é\\n\"}",
                 "{\n"
                 "  \"a\\\"b,[\": \"c\\\\\",\n"
                 "  \"d\": \"{x:[1,2]}\\\"\",\n"
                 "  \"\\u00e9\": \"é\\n\"\n"
                 "}");
  assert_pretty ("\"just a string\"", "\"just a string\"");
  assert_pretty ("42", "42");
  assert_pretty (" true ", "true");
  assert_pretty ("null", "null");
}

static void
test_json_lines (void)
{
  assert_pretty ("{\"a\":1}\n{\"b\":[]}\n3",
                 "{\n  \"a\": 1\n}\n{\n  \"b\": []\n}\n3");
}

static void
test_not_json (void)
{
  const char *texts[] = {
    "", "   \n", "hello", "<html><body>Bad gateway</body></html>", "Internal Server Error",
    "{]", "[}", "]", "}", "[1 2]", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "[1,,2]", "[,1]", ":",
    "[1:2]", "{\"a\":1},{\"b\":2}", "[hello]", "[1] x", "{'a': 1}", "[1, @]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *out = ca_json_pretty (texts[i], strlen (texts[i]), G_MAXSIZE, NULL);

      g_test_message ("%s", texts[i]);
      g_assert_null (out);
    }

  /* A NUL byte, in a string or out of one. */
  {
    const char with_nul[] = "[\"a\0b\"]";
    const char nul_outside[] = "[1,\0]";
    g_autofree char *out1 = ca_json_pretty (with_nul, sizeof with_nul - 1, G_MAXSIZE, NULL);
    g_autofree char *out2 = ca_json_pretty (nul_outside, sizeof nul_outside - 1, G_MAXSIZE, NULL);

    g_assert_null (out1);
    g_assert_null (out2);
  }
}

static void
test_cut_off (void)
{
  const char *text = "{\"items\":[{\"id\":1,\"name\":\"one\"},{\"id\":2,\"name\":\"two, \\\"2\\\"\"}],\"n\":2}";
  g_autofree char *full = pretty (text);
  gsize length = strlen (text);

  /* Cut anywhere, the text laid out so far is the start of the whole
   * text laid out (but where the cut splits a "{}" or "[]", which has
   * none here), and it says so. */
  for (gsize cut = 1; cut < length; cut++)
    {
      gboolean truncated = FALSE;
      g_autofree char *out = ca_json_pretty (text, length, cut, &truncated);

      g_assert_nonnull (out);
      g_assert_true (truncated);
      g_assert_true (g_str_has_prefix (full, out));
    }

  /* A document that is cut off on its own (not by @max_bytes) is laid out
   * as far as it goes, and nothing was left out of what was given. */
  {
    gboolean truncated = TRUE;
    g_autofree char *out = ca_json_pretty (text, 20, G_MAXSIZE, &truncated);

    g_assert_false (truncated);
    g_assert_true (g_str_has_prefix (full, out));
  }

  /* Exactly enough is not cut. */
  {
    gboolean truncated = TRUE;
    g_autofree char *out = ca_json_pretty (text, length, length, &truncated);

    g_assert_false (truncated);
    g_assert_cmpstr (out, ==, full);
  }
}

static void
test_utf8_boundary (void)
{
  /* "é" is two bytes, "€" three: a cut inside one steps back before it. */
  const char *text = "[\"aé€\"]";
  gsize length = strlen (text);

  for (gsize cut = 1; cut < length; cut++)
    {
      gboolean truncated = FALSE;
      g_autofree char *out = ca_json_pretty (text, length, cut, &truncated);

      g_assert_nonnull (out);
      g_assert_true (truncated);
      g_assert_true (g_utf8_validate (out, -1, NULL));
    }
}

static void
test_deep (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *out = NULL;
  g_autofree char *deepest = g_strnfill (2 * CA_JSON_PRETTY_MAX_INDENT, ' ');
  g_autofree char *too_deep = g_strnfill (2 * CA_JSON_PRETTY_MAX_INDENT + 1, ' ');
  gboolean truncated = TRUE;

  for (guint i = 0; i < 100; i++)
    g_string_append_c (text, '[');
  g_string_append_c (text, '1');
  for (guint i = 0; i < 100; i++)
    g_string_append_c (text, ']');

  out = ca_json_pretty (text->str, text->len, G_MAXSIZE, &truncated);
  g_assert_nonnull (out);
  g_assert_false (truncated);
  /* The indent stops growing at its limit. */
  g_assert_nonnull (strstr (out, deepest));
  g_assert_null (strstr (out, too_deep));
}

static void
test_pathological (void)
{
  /* A MiB of "[": the text stops growing long before the square of it. */
  gsize length = MIB;
  g_autofree char *text = g_malloc (length);
  g_autofree char *out = NULL;
  gboolean truncated = FALSE;

  memset (text, '[', length);
  out = ca_json_pretty (text, length, length, &truncated);
  g_assert_nonnull (out);
  g_assert_true (truncated);
  g_assert_cmpuint (strlen (out), <=, CA_JSON_PRETTY_MAX_GROWTH * length + CA_JSON_PRETTY_MIN_OUTPUT
                                      + 2 * CA_JSON_PRETTY_MAX_INDENT + 2);
}

/* A big answer, as an API sends it. */
static GString *
big_document (gsize at_least)
{
  GString *text = g_string_new ("{\"items\":[");

  for (guint i = 0; text->len < at_least; i++)
    g_string_append_printf (text,
                            "%s{\"id\":%u,\"name\":\"Item \\\"%u\\\" é\",\"tags\":[\"a\",\"b\"],"
                            "\"price\":%u.5,\"active\":%s,\"meta\":{}}",
                            i > 0 ? "," : "", i, i, i, i % 2 ? "true" : "false");
  g_string_append (text, "],\"count\":0}");
  return text;
}

static void
test_same_value (void)
{
  /* What is laid out parses to the same value. */
  g_autoptr(GString) text = big_document (64 * 1024);
  g_autofree char *out = pretty (text->str);
  g_autoptr(JsonNode) before = json_from_string (text->str, NULL);
  g_autoptr(JsonNode) after = json_from_string (out, NULL);

  g_assert_nonnull (before);
  g_assert_nonnull (after);
  g_assert_true (json_node_equal (before, after));
}

static void
test_first_mib (void)
{
  /* The first MiB of four; laid out, it is the start of the first two
   * laid out. */
  g_autoptr(GString) text = big_document (4 * MIB);
  gboolean truncated = FALSE;
  g_autofree char *out = ca_json_pretty (text->str, text->len, MIB, &truncated);
  g_autofree char *whole = ca_json_pretty (text->str, text->len, 2 * MIB, NULL);

  g_assert_nonnull (out);
  g_assert_true (truncated);
  g_assert_true (g_utf8_validate (out, -1, NULL));
  g_assert_cmpuint (strlen (out), >, MIB);
  g_assert_true (g_str_has_prefix (whole, out));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ca/json-pretty/layout", test_layout);
  g_test_add_func ("/ca/json-pretty/whitespace", test_whitespace);
  g_test_add_func ("/ca/json-pretty/strings", test_strings);
  g_test_add_func ("/ca/json-pretty/json-lines", test_json_lines);
  g_test_add_func ("/ca/json-pretty/not-json", test_not_json);
  g_test_add_func ("/ca/json-pretty/cut-off", test_cut_off);
  g_test_add_func ("/ca/json-pretty/utf8-boundary", test_utf8_boundary);
  g_test_add_func ("/ca/json-pretty/deep", test_deep);
  g_test_add_func ("/ca/json-pretty/pathological", test_pathological);
  g_test_add_func ("/ca/json-pretty/same-value", test_same_value);
  g_test_add_func ("/ca/json-pretty/first-mib", test_first_mib);

  return g_test_run ();
}
