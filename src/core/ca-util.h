/* ca-util.h: small helpers the core's classes share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Replaces *@str_pointer by a copy of @new_str; TRUE when it changed.
 * (g_set_str arrives with GLib 2.76.) */
static inline gboolean
ca_set_str (char       **str_pointer,
            const char  *new_str)
{
  char *copy;

  if (*str_pointer == new_str || g_strcmp0 (*str_pointer, new_str) == 0)
    return FALSE;

  copy = g_strdup (new_str);
  g_free (*str_pointer);
  *str_pointer = copy;
  return TRUE;
}

static inline gboolean
ca_json_node_equal0 (JsonNode *a,
                     JsonNode *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return json_node_equal (a, b);
}

static inline JsonNode *
ca_json_node_copy0 (JsonNode *node)
{
  return node != NULL ? json_node_copy (node) : NULL;
}

G_END_DECLS
