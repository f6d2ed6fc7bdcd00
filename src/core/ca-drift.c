/* ca-drift.c: where an answer differs from the sample it should follow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ca-drift.h"
#include "ca-problem.h"

/* JSON's own words for the kinds of value; numbers are one kind whether
 * written 1 or 1.5. The answer is read with the core's reader, not
 * json-glib: a 10 MiB answer made into JsonNodes took half a second, and
 * as long again to free. */
static const char *
kind_word (const CaJson *value)
{
  switch (value->kind)
    {
    case CA_JSON_OBJECT:
      return "object";
    case CA_JSON_ARRAY:
      return "array";
    case CA_JSON_NULL:
      return "null";
    case CA_JSON_STRING:
      return "string";
    case CA_JSON_BOOLEAN:
      return "boolean";
    case CA_JSON_INTEGER:
    case CA_JSON_DECIMAL:
    default:
      return "number";
    }
}

static void compare (const CaJson *sample, const CaJson *answer, const char *path, GPtrArray *problems);

static void
compare_objects (const CaJson *sample,
                 const CaJson *answer,
                 const char   *path,
                 GPtrArray    *problems)
{
  for (guint i = 0; i < sample->n_children; i++)
    {
      const CaJson *expected = &sample->children[i];
      g_autofree char *child = ca_path_child (path, expected->key);
      const CaJson *found = ca_json_get_member (answer, expected->key);

      if (found == NULL)
        ca_problems_add (problems, CA_PROBLEM_WARNING, child,
                         _("missing: the sample has this field, the answer does not"));
      else
        compare (expected, found, child, problems);
    }
}

static void
compare_arrays (const CaJson *sample,
                const CaJson *answer,
                const char   *path,
                GPtrArray    *problems)
{
  if (sample->n_children == 0)
    return;

  for (guint i = 0; i < answer->n_children; i++)
    {
      g_autofree char *child = ca_path_index (path, i);
      guint before = problems->len;

      compare (&sample->children[0], &answer->children[i], child, problems);
      /* One element that drifts says enough about the others. */
      if (problems->len > before)
        break;
    }
}

static void
compare (const CaJson *sample,
         const CaJson *answer,
         const char   *path,
         GPtrArray    *problems)
{
  const char *expected = kind_word (sample);
  const char *found = kind_word (answer);

  /* A null in the sample says nothing about the type. */
  if (sample->kind == CA_JSON_NULL)
    return;

  if (!g_str_equal (expected, found))
    {
      /* Translators: both %s are JSON kinds, left in English: object,
       * array, string, number, boolean, null. */
      ca_problems_add (problems, CA_PROBLEM_WARNING, path,
                       _("the sample has %s here, the answer has %s"), expected, found);
      return;
    }

  if (sample->kind == CA_JSON_OBJECT)
    compare_objects (sample, answer, path, problems);
  else if (sample->kind == CA_JSON_ARRAY)
    compare_arrays (sample, answer, path, problems);
}

void
ca_drift_compare (const CaJson *sample,
                  const CaJson *answer,
                  GPtrArray    *problems)
{
  g_return_if_fail (sample != NULL);
  g_return_if_fail (answer != NULL);
  g_return_if_fail (problems != NULL);

  compare (sample, answer, "", problems);
}

void
ca_drift_compare_text (const char *sample,
                       gsize       sample_length,
                       const char *answer,
                       gsize       answer_length,
                       GPtrArray  *problems)
{
  g_autoptr(CaJsonDocument) expected = NULL;
  g_autoptr(CaJsonDocument) found = NULL;

  g_return_if_fail (problems != NULL);

  if (sample == NULL || answer == NULL)
    return;

  expected = ca_json_document_parse (sample, sample_length, NULL);
  found = expected != NULL ? ca_json_document_parse (answer, answer_length, NULL) : NULL;
  if (found == NULL)
    return;

  compare (ca_json_document_get_root (expected), ca_json_document_get_root (found), "", problems);
}
