/* ca-problem.c: what validation found, and where
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ca-problem.h"

G_DEFINE_QUARK (ca-format-error-quark, ca_format_error)

static void
ca_problem_free (CaProblem *problem)
{
  g_free (problem->path);
  g_free (problem->message);
  g_free (problem);
}

GPtrArray *
ca_problems_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) ca_problem_free);
}

void
ca_problems_add (GPtrArray         *problems,
                 CaProblemSeverity  severity,
                 const char        *path,
                 const char        *format,
                 ...)
{
  CaProblem *problem;
  va_list args;

  g_return_if_fail (problems != NULL);

  problem = g_new0 (CaProblem, 1);
  problem->severity = severity;
  problem->path = g_strdup (path != NULL ? path : "");
  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (problems, problem);
}

guint
ca_problems_count_errors (GPtrArray *problems)
{
  guint n = 0;

  for (guint i = 0; i < problems->len; i++)
    {
      const CaProblem *problem = g_ptr_array_index (problems, i);

      if (problem->severity == CA_PROBLEM_ERROR)
        n++;
    }

  return n;
}

char *
ca_problem_to_string (const CaProblem *problem)
{
  if (problem->path[0] == '\0')
    return g_strdup (problem->message);

  return g_strdup_printf ("%s: %s", problem->path, problem->message);
}

gboolean
ca_problems_to_error (GPtrArray  *problems,
                      guint       max_lines,
                      GError    **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n_errors = ca_problems_count_errors (problems);
  guint shown = 0;

  if (n_errors == 0)
    return TRUE;

  for (guint i = 0; i < problems->len && shown < max_lines; i++)
    {
      const CaProblem *problem = g_ptr_array_index (problems, i);
      g_autofree char *line = NULL;

      if (problem->severity != CA_PROBLEM_ERROR)
        continue;

      line = ca_problem_to_string (problem);
      if (shown++ > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, line);
    }

  if (n_errors > shown)
    {
      guint more = n_errors - shown;

      g_string_append_c (text, '\n');
      g_string_append_printf (text,
                              /* Translators: after a list of problems */
                              dngettext (GETTEXT_PACKAGE, "… and %u more problem",
                                           "… and %u more problems", more),
                              more);
    }

  g_set_error_literal (error, CA_FORMAT_ERROR, CA_FORMAT_ERROR_INVALID, text->str);
  return FALSE;
}

/* Paths are made for every item read, so plain concatenation, not printf. */
char *
ca_path_child (const char *prefix,
               const char *key)
{
  gsize prefix_len, key_len;
  char *path;

  if (prefix == NULL || prefix[0] == '\0')
    return g_strdup (key);

  prefix_len = strlen (prefix);
  key_len = strlen (key);
  path = g_malloc (prefix_len + 1 + key_len + 1);
  memcpy (path, prefix, prefix_len);
  path[prefix_len] = '.';
  memcpy (path + prefix_len + 1, key, key_len + 1);
  return path;
}

char *
ca_path_index (const char *prefix,
               guint       index)
{
  char digits[16];
  char *end = digits + sizeof digits;
  char *p = end;
  gsize prefix_len = prefix != NULL ? strlen (prefix) : 0;
  char *path;

  do
    *--p = '0' + index % 10;
  while ((index /= 10) > 0);

  path = g_malloc (prefix_len + (end - p) + 3);
  memcpy (path, prefix, prefix_len);
  path[prefix_len] = '[';
  memcpy (path + prefix_len + 1, p, end - p);
  path[prefix_len + 1 + (end - p)] = ']';
  path[prefix_len + 2 + (end - p)] = '\0';
  return path;
}
