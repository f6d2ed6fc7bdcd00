/* ca-payload.c: the field table of a request payload
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ca-payload.h"

JsonNode *
ca_payload_lookup (JsonNode   *root,
                   const char *path)
{
  JsonNode *node = root;
  const char *part = path;

  g_return_val_if_fail (path != NULL, NULL);

  /* The same reading as ca_json_lookup_path(), over json-glib nodes: the
   * dialog works on those, validation on CaJson, and a field must resolve
   * the same way in both. */
  while (node != NULL)
    {
      const char *dot = strchr (part, '.');
      gsize len = dot != NULL ? (gsize) (dot - part) : strlen (part);
      JsonNode *next = NULL;

      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          g_autofree char *key = g_strndup (part, len);
          JsonObject *object = json_node_get_object (node);

          next = json_object_get_member (object, key);
        }
      else if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);
          guint64 index = 0;
          gsize digits;

          for (digits = 0; digits < len && g_ascii_isdigit (part[digits]); digits++)
            index = MIN (index * 10 + (part[digits] - '0'), (guint64) G_MAXUINT);
          if (digits == len && len > 0 && index < json_array_get_length (array))
            next = json_array_get_element (array, index);
        }

      node = next;
      if (dot == NULL)
        break;
      part = dot + 1;
    }

  return node;
}

/* The path of the first array that @path goes into, when @path resolves
 * in @sample and reaches past that array ("items" for "items.0.sku");
 * NULL otherwise. */
static char *
owning_array (JsonNode   *sample,
              const char *path)
{
  JsonNode *node = sample;
  const char *part = path;

  if (ca_payload_lookup (sample, path) == NULL)
    return NULL;

  while (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      const char *dot = strchr (part, '.');
      g_autofree char *key = NULL;

      if (dot == NULL)
        return NULL;

      key = g_strndup (part, dot - part);
      node = json_object_get_member (json_node_get_object (node), key);
      part = dot + 1;
    }

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  /* @part is what follows the array: the array is what came before. */
  return g_strndup (path, part - path - 1);
}

typedef struct {
  GPtrArray  *table;
  /* path → the first CaField of @previous with that path (borrowed) */
  GHashTable *previous;
  /* array path → GPtrArray of the fields of @previous inside it */
  GHashTable *inside;
  /* the paths in @table so far */
  GHashTable *added;
} Walk;

static void
walk_add (Walk    *walk,
          CaField *field)
{
  g_hash_table_add (walk->added, (gpointer) ca_field_get_name (field));
  g_ptr_array_add (walk->table, field);
}

static void
walk_leaf (Walk       *walk,
           const char *path,
           JsonNode   *leaf)
{
  CaField *previous;
  GPtrArray *inside;

  if (g_hash_table_contains (walk->added, path))
    return;

  previous = g_hash_table_lookup (walk->previous, path);
  if (previous != NULL)
    {
      walk_add (walk, ca_field_copy (previous));
    }
  else
    {
      /* A null has no type to check against: the field sends the
       * sample's null as long as it has no value of its own. */
      JsonNode *value = JSON_NODE_HOLDS_NULL (leaf) ? NULL : leaf;

      walk_add (walk, ca_field_new_full (path, CA_FIELD_KIND_CONSTANT,
                                         ca_field_type_guess (leaf),
                                         NULL, FALSE, value));
    }

  if (!JSON_NODE_HOLDS_ARRAY (leaf))
    return;

  inside = g_hash_table_lookup (walk->inside, path);
  for (guint i = 0; inside != NULL && i < inside->len; i++)
    {
      CaField *field = g_ptr_array_index (inside, i);

      if (!g_hash_table_contains (walk->added, ca_field_get_name (field)))
        walk_add (walk, ca_field_copy (field));
    }
}

static void
walk_object (Walk       *walk,
             GString    *path,
             JsonObject *object)
{
  g_autoptr(GList) members = json_object_get_members (object);
  gsize len = path->len;

  /* json_object_get_members() gives the members in the text's order. */
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *child = json_object_get_member (object, key);

      if (len > 0)
        g_string_append_c (path, '.');
      g_string_append (path, key);

      if (JSON_NODE_HOLDS_OBJECT (child))
        walk_object (walk, path, json_node_get_object (child));
      else
        walk_leaf (walk, path->str, child);

      g_string_truncate (path, len);
    }
}

GPtrArray *
ca_payload_table_from_sample (JsonNode  *sample,
                              GPtrArray *previous)
{
  g_autoptr(GHashTable) by_path = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) inside = NULL;
  g_autoptr(GHashTable) added = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) path = g_string_new (NULL);
  GPtrArray *table = g_ptr_array_new_with_free_func (g_object_unref);
  Walk walk;

  if (sample == NULL || !JSON_NODE_HOLDS_OBJECT (sample))
    return table;

  inside = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                  (GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; previous != NULL && i < previous->len; i++)
    {
      CaField *field = g_ptr_array_index (previous, i);
      const char *name = ca_field_get_name (field);
      g_autofree char *array = NULL;
      GPtrArray *fields;

      /* The first of a path given twice wins, as validation reports the
       * second. */
      if (name == NULL || g_hash_table_contains (by_path, name))
        continue;
      g_hash_table_insert (by_path, (gpointer) name, field);

      array = owning_array (sample, name);
      if (array == NULL)
        continue;

      fields = g_hash_table_lookup (inside, array);
      if (fields == NULL)
        {
          fields = g_ptr_array_new ();
          g_hash_table_insert (inside, g_steal_pointer (&array), fields);
        }
      g_ptr_array_add (fields, field);
    }

  walk = (Walk) { table, by_path, inside, added };
  walk_object (&walk, path, json_node_get_object (sample));

  return table;
}

/* Whether @field, a constant, says nothing the sample does not say. */
static gboolean
constant_is_sample (JsonNode *sample,
                    CaField  *field)
{
  JsonNode *leaf = ca_payload_lookup (sample, ca_field_get_name (field));
  JsonNode *value = ca_field_get_value (field);

  /* A path the sample does not have as a leaf is kept, for validation to
   * report, rather than lost. */
  if (leaf == NULL || JSON_NODE_HOLDS_OBJECT (leaf))
    return FALSE;

  if (ca_field_get_field_type (field) != ca_field_type_guess (leaf))
    return FALSE;

  return value == NULL || json_node_equal (value, leaf);
}

GPtrArray *
ca_payload_table_to_fields (JsonNode  *sample,
                            GPtrArray *table)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (table != NULL, fields);

  for (guint i = 0; i < table->len; i++)
    {
      CaField *field = g_ptr_array_index (table, i);

      if (ca_field_get_kind (field) == CA_FIELD_KIND_CONSTANT &&
          sample != NULL && ca_field_get_name (field) != NULL &&
          constant_is_sample (sample, field))
        continue;

      g_ptr_array_add (fields, ca_field_copy (field));
    }

  return fields;
}

GPtrArray *
ca_payload_table_update (JsonNode  *old_sample,
                         JsonNode  *new_sample,
                         GPtrArray *table)
{
  g_autoptr(GPtrArray) choices = NULL;

  g_return_val_if_fail (table != NULL, NULL);

  choices = ca_payload_table_to_fields (old_sample, table);
  return ca_payload_table_from_sample (new_sample, choices);
}
