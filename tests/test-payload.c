/* test-payload.c: the payload's field table, from a sample and back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ca-catalog.h"
#include "ca-enums.h"
#include "ca-payload.h"

/* JSON written with ' for " */
static JsonNode *
node (const char *text)
{
  g_autofree char *copy = g_strdup (text);
  g_autoptr(GError) error = NULL;
  JsonNode *result;

  g_strdelimit (copy, "'", '"');
  result = json_from_string (copy, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static GPtrArray *
fields_new (void)
{
  return g_ptr_array_new_with_free_func (g_object_unref);
}

static CaField *
find_field (GPtrArray  *fields,
            const char *path)
{
  for (guint i = 0; i < fields->len; i++)
    {
      CaField *field = g_ptr_array_index (fields, i);

      if (g_strcmp0 (ca_field_get_name (field), path) == 0)
        return field;
    }

  return NULL;
}

/* "path:type" for each field, comma-separated: one string to compare. */
static char *
describe (GPtrArray *fields)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < fields->len; i++)
    {
      CaField *field = g_ptr_array_index (fields, i);

      g_string_append_printf (text, "%s%s:%s", i > 0 ? "," : "",
                              ca_field_get_name (field),
                              ca_enum_to_nick (CA_TYPE_FIELD_TYPE, ca_field_get_field_type (field)));
    }

  return g_string_free (text, FALSE);
}

static void
assert_value (CaField    *field,
              const char *json)
{
  JsonNode *value = ca_field_get_value (field);

  if (json == NULL)
    {
      g_assert_null (value);
    }
  else
    {
      g_autoptr(JsonNode) expected = node (json);

      g_assert_nonnull (value);
      g_assert_true (json_node_equal (value, expected));
    }
}

/* Cases ------------------------------------------------------------------ */

static void
test_payload_leaves (void)
{
  g_autoptr(JsonNode) sample =
    node ("{'to': 'x', 'message': {'title': 'Hi', 'badge': 1, 'meta': {'deep': false}}, "
          "'tags': ['a', 'b'], 'when': '2024-01-02', 'at': '2024-01-02T10:00:00Z', "
          "'local': '2024-01-02T10:00:00', 'price': 1.5, 'ok': true, 'none': null, "
          "'items': [{'sku': 'A'}], 'nums': [1, 2], 'mixed': [1, 2.5], 'empty': [], "
          "'dates': ['2024-01-02'], 'flags': [true], 'any': [1, 'a'], 'nothing': {}}");
  g_autoptr(GPtrArray) table = ca_payload_table_from_sample (sample, NULL);
  g_autofree char *text = describe (table);

  /* Every leaf, in the sample's order; objects are walked, arrays are
   * leaves, an empty object has no leaf. */
  g_assert_cmpstr (text, ==,
                   "to:string,message.title:string,message.badge:integer,"
                   "message.meta.deep:boolean,tags:listString,when:dateOnly,"
                   "at:dateTime,local:dateTimeOnly,price:decimal,ok:boolean,"
                   "none:string,items:listObject,nums:listInteger,mixed:listDecimal,"
                   "empty:listAny,dates:listDateOnly,flags:listBoolean,any:listAny");

  /* Constants that send the sample's values. */
  for (guint i = 0; i < table->len; i++)
    {
      CaField *field = g_ptr_array_index (table, i);

      g_assert_cmpint (ca_field_get_kind (field), ==, CA_FIELD_KIND_CONSTANT);
      g_assert_null (ca_field_get_label (field));
      g_assert_false (ca_field_get_optional (field));
    }
  assert_value (find_field (table, "to"), "'x'");
  assert_value (find_field (table, "message.badge"), "1");
  assert_value (find_field (table, "tags"), "['a', 'b']");
  assert_value (find_field (table, "items"), "[{'sku': 'A'}]");
  /* A null has no type: no value, so the sample's null goes out. */
  assert_value (find_field (table, "none"), NULL);
}

static void
test_payload_not_object (void)
{
  g_autoptr(JsonNode) array = node ("[1, 2]");
  g_autoptr(JsonNode) scalar = node ("'text'");
  g_autoptr(GPtrArray) previous = fields_new ();
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;
  g_autoptr(GPtrArray) c = NULL;

  g_ptr_array_add (previous, ca_field_new ("0", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_INTEGER));

  a = ca_payload_table_from_sample (NULL, previous);
  b = ca_payload_table_from_sample (array, previous);
  c = ca_payload_table_from_sample (scalar, NULL);
  g_assert_cmpuint (a->len, ==, 0);
  g_assert_cmpuint (b->len, ==, 0);
  g_assert_cmpuint (c->len, ==, 0);
}

static void
test_payload_keeps_choices (void)
{
  g_autoptr(JsonNode) before = node ("{'to': 'x', 'message': {'title': 'Hi', 'badge': 1}, "
                                     "'tags': ['a'], 'gone': 'g'}");
  g_autoptr(JsonNode) after = node ("{'message': {'badge': 2, 'title': 'Hello', 'body': 'b'}, "
                                    "'to': 'y', 'tags': ['a', 'b'], 'extra': 3}");
  g_autoptr(GPtrArray) table = ca_payload_table_from_sample (before, NULL);
  g_autoptr(GPtrArray) updated = NULL;
  g_autoptr(JsonNode) title = node ("'Fixed title'");
  g_autofree char *text = NULL;
  CaField *field;

  /* The choices a user makes in the table. */
  field = find_field (table, "to");
  ca_field_set_kind (field, CA_FIELD_KIND_VARIABLE);
  ca_field_set_label (field, "Device token");
  field = find_field (table, "message.title");
  ca_field_set_value (field, title);
  field = find_field (table, "message.badge");
  ca_field_set_kind (field, CA_FIELD_KIND_VARIABLE);
  ca_field_set_field_type (field, CA_FIELD_TYPE_DECIMAL);
  ca_field_set_label (field, "Badge");
  ca_field_set_optional (field, TRUE);
  field = find_field (table, "gone");
  ca_field_set_kind (field, CA_FIELD_KIND_VARIABLE);
  ca_field_set_label (field, "Gone");

  updated = ca_payload_table_update (before, after, table);
  text = describe (updated);

  /* The new sample's order, its new leaves, without the vanished one. */
  g_assert_cmpstr (text, ==, "message.badge:decimal,message.title:string,message.body:string,"
                             "to:string,tags:listString,extra:integer");
  g_assert_null (find_field (updated, "gone"));

  field = find_field (updated, "to");
  g_assert_cmpint (ca_field_get_kind (field), ==, CA_FIELD_KIND_VARIABLE);
  g_assert_cmpstr (ca_field_get_label (field), ==, "Device token");

  /* A constant keeps its own value, not the new sample's. */
  field = find_field (updated, "message.title");
  g_assert_cmpint (ca_field_get_kind (field), ==, CA_FIELD_KIND_CONSTANT);
  assert_value (field, "'Fixed title'");

  field = find_field (updated, "message.badge");
  g_assert_cmpint (ca_field_get_kind (field), ==, CA_FIELD_KIND_VARIABLE);
  g_assert_cmpint (ca_field_get_field_type (field), ==, CA_FIELD_TYPE_DECIMAL);
  g_assert_cmpstr (ca_field_get_label (field), ==, "Badge");
  g_assert_true (ca_field_get_optional (field));

  /* Untouched constants follow the new sample. */
  assert_value (find_field (updated, "tags"), "['a', 'b']");
  assert_value (find_field (updated, "message.body"), "'b'");
  assert_value (find_field (updated, "extra"), "3");

  /* Copies: the new table does not share fields with the old. */
  g_assert_true (find_field (updated, "to") != find_field (table, "to"));
  ca_field_set_label (find_field (updated, "to"), "Changed");
  g_assert_cmpstr (ca_field_get_label (find_field (table, "to")), ==, "Device token");
}

static void
test_payload_type_change (void)
{
  g_autoptr(JsonNode) before = node ("{'a': 'x', 'b': 1}");
  /* The same paths with values of another type: the choice stays, and
   * validation says when it no longer fits. */
  g_autoptr(JsonNode) after = node ("{'a': 5, 'b': ['y']}");
  g_autoptr(GPtrArray) previous = fields_new ();
  g_autoptr(GPtrArray) table = NULL;

  g_ptr_array_add (previous, ca_field_new_full ("a", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_STRING,
                                                "A", FALSE, NULL));
  table = ca_payload_table_from_sample (before, previous);
  g_assert_cmpuint (table->len, ==, 2);

  {
    g_autoptr(GPtrArray) updated = ca_payload_table_update (before, after, table);
    g_autofree char *text = describe (updated);

    g_assert_cmpstr (text, ==, "a:string,b:listString");
    g_assert_cmpstr (ca_field_get_label (find_field (updated, "a")), ==, "A");
    /* "b" was an untouched constant: it follows the sample. */
    assert_value (find_field (updated, "b"), "['y']");
  }

  {
    /* Given the whole table as @previous, every row counts as a choice,
     * "b" included. */
    g_autoptr(GPtrArray) updated = ca_payload_table_from_sample (after, table);
    g_autofree char *text = describe (updated);

    g_assert_cmpstr (text, ==, "a:string,b:integer");
    assert_value (find_field (updated, "b"), "1");
  }
}

static void
test_payload_index_paths (void)
{
  g_autoptr(JsonNode) one = node ("{'items': [{'sku': 'A1', 'qty': 1}], 'to': 'x', "
                                  "'grid': [[1, 2], [3, 4]]}");
  g_autoptr(JsonNode) two = node ("{'to': 'x', 'items': [{'sku': 'A1', 'qty': 1}, {'sku': 'B2'}], "
                                  "'grid': [[1, 2], [3, 4]]}");
  g_autoptr(GPtrArray) previous = fields_new ();
  g_autoptr(GPtrArray) table = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;

  /* In file order, as a loaded action has them. */
  g_ptr_array_add (previous, ca_field_new_full ("items.1.sku", CA_FIELD_KIND_VARIABLE,
                                                CA_FIELD_TYPE_STRING, "Second SKU", FALSE, NULL));
  g_ptr_array_add (previous, ca_field_new_full ("items.0.sku", CA_FIELD_KIND_VARIABLE,
                                                CA_FIELD_TYPE_STRING, "SKU", FALSE, NULL));
  g_ptr_array_add (previous, ca_field_new_full ("grid.1.0", CA_FIELD_KIND_VARIABLE,
                                                CA_FIELD_TYPE_INTEGER, "Cell", TRUE, NULL));
  g_ptr_array_add (previous, ca_field_new_full ("items.0.nope", CA_FIELD_KIND_VARIABLE,
                                                CA_FIELD_TYPE_STRING, "Nope", FALSE, NULL));
  g_ptr_array_add (previous, ca_field_new_full ("items.x", CA_FIELD_KIND_VARIABLE,
                                                CA_FIELD_TYPE_STRING, "Bad index", FALSE, NULL));

  /* With one item, items.1.sku does not resolve and goes; the others
   * follow their array's row, in the order they came. */
  table = ca_payload_table_from_sample (one, previous);
  text = describe (table);
  g_assert_cmpstr (text, ==, "items:listObject,items.0.sku:string,to:string,"
                             "grid:listAny,grid.1.0:integer");
  g_assert_cmpstr (ca_field_get_label (find_field (table, "items.0.sku")), ==, "SKU");
  g_assert_true (ca_field_get_optional (find_field (table, "grid.1.0")));

  /* With two, it resolves: kept, in @previous's order. */
  again = ca_payload_table_from_sample (two, previous);
  text_again = describe (again);
  g_assert_cmpstr (text_again, ==, "to:string,items:listObject,items.1.sku:string,"
                                   "items.0.sku:string,grid:listAny,grid.1.0:integer");

  /* An index path that came through the table survives the next change
   * as long as it resolves. */
  {
    g_autoptr(GPtrArray) third = ca_payload_table_update (two, one, again);
    g_autofree char *text_third = describe (third);

    g_assert_cmpstr (text_third, ==, "items:listObject,items.0.sku:string,to:string,"
                                     "grid:listAny,grid.1.0:integer");
  }
}

static void
test_payload_duplicates (void)
{
  g_autoptr(JsonNode) sample = node ("{'to': 'x', 'items': ['a']}");
  g_autoptr(GPtrArray) previous = fields_new ();
  g_autoptr(GPtrArray) table = NULL;

  g_ptr_array_add (previous, ca_field_new_full ("to", CA_FIELD_KIND_VARIABLE,
                                                CA_FIELD_TYPE_STRING, "First", FALSE, NULL));
  g_ptr_array_add (previous, ca_field_new_full ("to", CA_FIELD_KIND_VARIABLE,
                                                CA_FIELD_TYPE_STRING, "Second", FALSE, NULL));
  g_ptr_array_add (previous, ca_field_new_full ("items.0", CA_FIELD_KIND_VARIABLE,
                                                CA_FIELD_TYPE_STRING, "First item", FALSE, NULL));
  g_ptr_array_add (previous, ca_field_new_full ("items.0", CA_FIELD_KIND_VARIABLE,
                                                CA_FIELD_TYPE_STRING, "Again", FALSE, NULL));

  table = ca_payload_table_from_sample (sample, previous);
  g_assert_cmpuint (table->len, ==, 3);
  g_assert_cmpstr (ca_field_get_label (find_field (table, "to")), ==, "First");
  g_assert_cmpstr (ca_field_get_label (find_field (table, "items.0")), ==, "First item");
}

static void
test_payload_to_fields (void)
{
  g_autoptr(JsonNode) sample = node ("{'to': 'x', 'count': 1, 'tags': ['a'], 'title': 'Hi', "
                                     "'price': 2, 'none': null, 'items': [{'sku': 'A'}]}");
  g_autoptr(GPtrArray) table = ca_payload_table_from_sample (sample, NULL);
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(JsonNode) same = node ("'Hi'");
  g_autoptr(JsonNode) other = node ("'Hello'");
  g_autofree char *text = NULL;
  CaField *field;

  /* Untouched, the table says nothing the sample does not. */
  fields = ca_payload_table_to_fields (sample, table);
  g_assert_cmpuint (fields->len, ==, 0);
  g_clear_pointer (&fields, g_ptr_array_unref);

  ca_field_set_kind (find_field (table, "to"), CA_FIELD_KIND_VARIABLE);
  ca_field_set_label (find_field (table, "to"), "Recipient");
  /* Same value written again: still nothing to store. */
  ca_field_set_value (find_field (table, "title"), same);
  /* Another type, same value. */
  ca_field_set_field_type (find_field (table, "price"), CA_FIELD_TYPE_DECIMAL);
  /* Another value. */
  ca_field_set_value (find_field (table, "count"), NULL);
  ca_field_set_field_type (find_field (table, "count"), CA_FIELD_TYPE_INTEGER);
  {
    g_autoptr(JsonNode) seven = node ("7");

    ca_field_set_value (find_field (table, "tags"), seven);
  }
  /* A value for the null. */
  ca_field_set_value (find_field (table, "none"), other);
  /* An index path, a constant with a value of its own. */
  {
    g_autoptr(JsonNode) sku = node ("'B'");

    g_ptr_array_add (table, ca_field_new_full ("items.0.sku", CA_FIELD_KIND_CONSTANT,
                                               CA_FIELD_TYPE_STRING, NULL, FALSE, sku));
    /* The same as the sample: dropped. */
    g_ptr_array_add (table, ca_field_new_full ("items.0", CA_FIELD_KIND_CONSTANT,
                                               CA_FIELD_TYPE_STRING, NULL, FALSE, NULL));
  }
  /* A path the sample no longer has: kept for validation to report. */
  g_ptr_array_add (table, ca_field_new ("gone", CA_FIELD_KIND_CONSTANT, CA_FIELD_TYPE_STRING));

  fields = ca_payload_table_to_fields (sample, table);
  text = describe (fields);
  g_assert_cmpstr (text, ==, "to:string,tags:listString,price:decimal,none:string,"
                             "items.0.sku:string,items.0:string,gone:string");

  /* Copies. */
  field = find_field (fields, "to");
  g_assert_true (field != find_field (table, "to"));
  g_assert_true (ca_field_equal (field, find_field (table, "to")));
  assert_value (find_field (fields, "tags"), "7");
  assert_value (find_field (fields, "none"), "'Hello'");
}

static void
test_payload_to_fields_no_sample (void)
{
  g_autoptr(GPtrArray) table = fields_new ();
  g_autoptr(GPtrArray) fields = NULL;

  g_ptr_array_add (table, ca_field_new ("a", CA_FIELD_KIND_CONSTANT, CA_FIELD_TYPE_STRING));
  g_ptr_array_add (table, ca_field_new ("b", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_STRING));

  /* Without a sample, nothing can be said to repeat it. */
  fields = ca_payload_table_to_fields (NULL, table);
  g_assert_cmpuint (fields->len, ==, 2);
}

static void
test_payload_lookup (void)
{
  g_autoptr(JsonNode) sample = node ("{'a': {'b': [10, {'c': 'x'}]}, '': 1}");

  g_assert_cmpint (json_node_get_int (ca_payload_lookup (sample, "a.b.0")), ==, 10);
  g_assert_cmpstr (json_node_get_string (ca_payload_lookup (sample, "a.b.1.c")), ==, "x");
  g_assert_true (JSON_NODE_HOLDS_ARRAY (ca_payload_lookup (sample, "a.b")));
  g_assert_null (ca_payload_lookup (sample, "a.b.2"));
  g_assert_null (ca_payload_lookup (sample, "a.b.01x"));
  g_assert_null (ca_payload_lookup (sample, "a.b.-1"));
  g_assert_null (ca_payload_lookup (sample, "a.c"));
  g_assert_null (ca_payload_lookup (sample, "a.b.0.x"));
  g_assert_nonnull (ca_payload_lookup (sample, ""));
}

/* Whether @field, absent from what to_fields() kept, says only what the
 * sample says. */
static gboolean
is_sample_default (JsonNode *sample,
                   CaField  *field)
{
  JsonNode *leaf = ca_payload_lookup (sample, ca_field_get_name (field));
  JsonNode *value = ca_field_get_value (field);

  return ca_field_get_kind (field) == CA_FIELD_KIND_CONSTANT && leaf != NULL &&
         ca_field_get_field_type (field) == ca_field_type_guess (leaf) &&
         (value == NULL || json_node_equal (value, leaf));
}

static void
test_payload_round_trip (void)
{
  g_autoptr(CaCatalog) catalog = ca_catalog_new (NULL);
  g_autoptr(GBytes) bytes = ca_catalog_get_sample_bytes ();
  g_autoptr(GError) error = NULL;
  guint n_actions;
  guint n_checked = 0;

  ca_catalog_import (catalog, bytes, NULL, &error);
  g_assert_no_error (error);
  n_actions = g_list_model_get_n_items (G_LIST_MODEL (catalog));
  g_assert_cmpuint (n_actions, >, 0);

  for (guint a = 0; a < n_actions; a++)
    {
      g_autoptr(CaAction) action = g_list_model_get_item (G_LIST_MODEL (catalog), a);
      JsonNode *sample = ca_action_get_request_sample (action);
      GPtrArray *stored = ca_action_get_request_fields (action);
      g_autoptr(GPtrArray) table = NULL;
      g_autoptr(GPtrArray) fields = NULL;
      g_autoptr(GPtrArray) table_again = NULL;
      g_autoptr(GPtrArray) fields_again = NULL;
      guint next = 0;

      if (sample == NULL)
        continue;

      table = ca_payload_table_from_sample (sample, stored);
      fields = ca_payload_table_to_fields (sample, table);

      /* Every stored field is in the table as it was. */
      for (guint i = 0; i < stored->len; i++)
        {
          CaField *field = g_ptr_array_index (stored, i);
          CaField *row = find_field (table, ca_field_get_name (field));

          g_assert_nonnull (row);
          g_assert_true (ca_field_equal (row, field));
        }

      /* What comes back is what was stored, in the same order, less the
       * constants that only repeat the sample. */
      for (guint i = 0; i < stored->len; i++)
        {
          CaField *field = g_ptr_array_index (stored, i);

          if (next < fields->len && ca_field_equal (g_ptr_array_index (fields, next), field))
            next++;
          else
            g_assert_true (is_sample_default (sample, field));
        }
      g_assert_cmpuint (next, ==, fields->len);

      /* And once more changes nothing. */
      table_again = ca_payload_table_from_sample (sample, fields);
      fields_again = ca_payload_table_to_fields (sample, table_again);
      g_assert_cmpuint (table_again->len, ==, table->len);
      g_assert_cmpuint (fields_again->len, ==, fields->len);
      for (guint i = 0; i < fields->len; i++)
        g_assert_true (ca_field_equal (g_ptr_array_index (fields, i),
                                       g_ptr_array_index (fields_again, i)));
      n_checked++;
    }

  g_assert_cmpuint (n_checked, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ca/payload/leaves", test_payload_leaves);
  g_test_add_func ("/ca/payload/not-object", test_payload_not_object);
  g_test_add_func ("/ca/payload/keeps-choices", test_payload_keeps_choices);
  g_test_add_func ("/ca/payload/type-change", test_payload_type_change);
  g_test_add_func ("/ca/payload/index-paths", test_payload_index_paths);
  g_test_add_func ("/ca/payload/duplicates", test_payload_duplicates);
  g_test_add_func ("/ca/payload/to-fields", test_payload_to_fields);
  g_test_add_func ("/ca/payload/to-fields-no-sample", test_payload_to_fields_no_sample);
  g_test_add_func ("/ca/payload/lookup", test_payload_lookup);
  g_test_add_func ("/ca/payload/round-trip", test_payload_round_trip);

  return g_test_run ();
}
