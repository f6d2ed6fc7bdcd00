/* ca-drift.c: where an answer differs from the sample it should follow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ca-drift.h"
#include "ca-problem.h"

/* JSON's own words for the kinds of value; numbers are one kind whether
 * written 1 or 1.5. */
static const char *
kind_word (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return "object";
    case JSON_NODE_ARRAY:
      return "array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          return "string";
        case G_TYPE_BOOLEAN:
          return "boolean";
        default:
          return "number";
        }
    }
}

static void compare (JsonNode *sample, JsonNode *answer, const char *path, GPtrArray *problems);

static void
compare_objects (JsonObject *sample,
                 JsonObject *answer,
                 const char *path,
                 GPtrArray  *problems)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *expected;

  json_object_iter_init_ordered (&iter, sample);
  while (json_object_iter_next_ordered (&iter, &key, &expected))
    {
      g_autofree char *child = ca_path_child (path, key);
      JsonNode *found = json_object_get_member (answer, key);

      if (found == NULL)
        ca_problems_add (problems, CA_PROBLEM_WARNING, child,
                         _("missing: the sample has this field, the answer does not"));
      else
        compare (expected, found, child, problems);
    }
}

static void
compare_arrays (JsonArray  *sample,
                JsonArray  *answer,
                const char *path,
                GPtrArray  *problems)
{
  JsonNode *expected;

  if (json_array_get_length (sample) == 0)
    return;

  expected = json_array_get_element (sample, 0);
  for (guint i = 0; i < json_array_get_length (answer); i++)
    {
      g_autofree char *child = ca_path_index (path, i);
      guint before = problems->len;

      compare (expected, json_array_get_element (answer, i), child, problems);
      /* One element that drifts says enough about the others. */
      if (problems->len > before)
        break;
    }
}

static void
compare (JsonNode   *sample,
         JsonNode   *answer,
         const char *path,
         GPtrArray  *problems)
{
  const char *expected = kind_word (sample);
  const char *found = kind_word (answer);

  /* A null in the sample says nothing about the type. */
  if (JSON_NODE_HOLDS_NULL (sample))
    return;

  if (!g_str_equal (expected, found))
    {
      /* Translators: both %s are JSON kinds, left in English: object,
       * array, string, number, boolean, null. */
      ca_problems_add (problems, CA_PROBLEM_WARNING, path,
                       _("the sample has %s here, the answer has %s"), expected, found);
      return;
    }

  if (JSON_NODE_HOLDS_OBJECT (sample))
    compare_objects (json_node_get_object (sample), json_node_get_object (answer), path, problems);
  else if (JSON_NODE_HOLDS_ARRAY (sample))
    compare_arrays (json_node_get_array (sample), json_node_get_array (answer), path, problems);
}

void
ca_drift_compare (JsonNode  *sample,
                  JsonNode  *answer,
                  GPtrArray *problems)
{
  g_return_if_fail (sample != NULL);
  g_return_if_fail (answer != NULL);
  g_return_if_fail (problems != NULL);

  compare (sample, answer, "", problems);
}
