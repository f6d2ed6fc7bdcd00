/* test-locale.c: numbers for people follow the locale; numbers in files do not
 *
 * A test cannot install locales (that needs root) and this machine, like a
 * bare Debian, has only C and C.UTF-8. So fr_FR.UTF-8 is compiled with
 * localedef into a temporary directory that LOCPATH names. glibc reads
 * LOCPATH each time setlocale() loads a locale, so setting it before the
 * first French setlocale() is enough: no second process, and valgrind sees
 * every case. Without localedef or the locale sources (Debian's "locales"
 * package) the French cases skip.
 *
 * Only LC_NUMERIC changes: with LC_MESSAGES French too, GLib's own
 * translations (if installed) would write "ko" for "kB", and the
 * expectations would depend on packages.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "ca-json.h"
#include "ca-json-writer.h"
#include "ca-result.h"
#include "ca-test-files.h"

#define FRENCH "fr_FR.UTF-8"
/* g_format_size() keeps the number and its unit together. */
#define NBSP "\302\240"

/* The temporary LOCPATH, once made. */
static char *locale_dir;

/* Compiles fr_FR.UTF-8 into locale_dir, once; says why in the log when it
 * can't. */
static void
compile_french (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  g_autofree char *errors = NULL;
  const char *argv[] = { "localedef", "-i", "fr_FR", "-f", "UTF-8", NULL, NULL };
  int status;

  locale_dir = g_dir_make_tmp ("ca-test-locale-XXXXXX", &error);
  g_assert_no_error (error);
  /* The core tests run no thread of their own, and no French locale has
   * been loaded yet. */
  g_setenv ("LOCPATH", locale_dir, TRUE);

  target = g_build_filename (locale_dir, FRENCH, NULL);
  argv[5] = target;
  if (!g_spawn_sync (NULL, (char **) argv, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &errors, &status, &error))
    g_test_message ("localedef: %s", error->message);
  else if (!g_spawn_check_wait_status (status, &error))
    /* Exit status 1 is "warnings", with the locale written all the same:
     * whether setlocale() takes it decides. */
    g_test_message ("localedef: %s: %s", error->message, g_strchomp (errors));
}

/* Numbers as in France; FALSE, with the test skipped, when that locale
 * can't be had here. */
static gboolean
use_french_numbers (void)
{
  if (locale_dir == NULL)
    compile_french ();

  if (setlocale (LC_NUMERIC, FRENCH) == NULL)
    {
      g_test_skip ("no " FRENCH ": localedef or Debian's locales package is missing");
      return FALSE;
    }
  return TRUE;
}

static void
use_c_numbers (void)
{
  g_assert_nonnull (setlocale (LC_NUMERIC, "C.UTF-8"));
}

static char *
body_size (gsize    size,
           gboolean truncated)
{
  g_autoptr(CaResult) result = ca_result_new ();

  result->body = g_bytes_new_take (g_malloc0 (size), size);
  result->truncated = truncated;
  return ca_result_format_body_size (result);
}

static void
assert_formats (const char *duration,
                const char *size,
                const char *more_than)
{
  g_autofree char *d = ca_result_format_duration (1500);
  g_autofree char *ms = ca_result_format_duration (999);
  g_autofree char *s = body_size (1500, FALSE);
  g_autofree char *m = body_size (1500, TRUE);

  g_assert_cmpstr (d, ==, duration);
  g_assert_cmpstr (ms, ==, "999 ms");
  g_assert_cmpstr (s, ==, size);
  g_assert_cmpstr (m, ==, more_than);
}

static void
test_c_result (void)
{
  use_c_numbers ();
  assert_formats ("1.50 s", "1.5" NBSP "kB", "More than 1.5" NBSP "kB");
}

static void
test_french_result (void)
{
  if (!use_french_numbers ())
    return;

  assert_formats ("1,50 s", "1,5" NBSP "kB", "More than 1,5" NBSP "kB");
  use_c_numbers ();
}

/* The action file and request bodies are JSON whatever the locale: a
 * decimal comma there would break every file written in France. */
static void
test_french_json (void)
{
  g_autoptr(CaJsonWriter) writer = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  g_autoptr(CaJsonDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  const CaJson *root;
  const char *data;
  gsize length;

  if (!use_french_numbers ())
    return;

  writer = ca_json_writer_new ();
  ca_json_writer_begin_array (writer);
  ca_json_writer_double (writer, 1.5);
  ca_json_writer_double (writer, 0.1);
  ca_json_writer_double (writer, 3);
  ca_json_writer_end_array (writer);
  bytes = ca_json_writer_free_to_bytes (g_steal_pointer (&writer));
  data = g_bytes_get_data (bytes, &length);
  text = g_strndup (data, length);
  g_assert_cmpstr (text, ==, "[\n  1.5,\n  0.1,\n  3.0\n]\n");

  document = ca_json_document_parse ("[1.5, 2.25e1]", 13, &error);
  g_assert_no_error (error);
  root = ca_json_document_get_root (document);
  g_assert_cmpuint (root->n_children, ==, 2);
  g_assert_cmpint (root->children[0].kind, ==, CA_JSON_DECIMAL);
  g_assert_cmpfloat (root->children[0].decimal, ==, 1.5);
  g_assert_cmpfloat (root->children[1].decimal, ==, 22.5);

  use_c_numbers ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ca/locale/c/result", test_c_result);
  g_test_add_func ("/ca/locale/fr/result", test_french_result);
  g_test_add_func ("/ca/locale/fr/json", test_french_json);

  status = g_test_run ();

  if (locale_dir != NULL)
    ca_test_rm_rf (locale_dir);
  g_free (locale_dir);
  return status;
}
