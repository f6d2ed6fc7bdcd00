/* test-catalog.c: the catalog, as a list model and as a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "ca-action-file.h"
#include "ca-catalog.h"
#include "ca-test-files.h"

/* Helpers */

static CaAction *
make_action (const char *name)
{
  CaAction *action = ca_action_new (name);
  g_autofree char *url = g_strdup_printf ("https://api.example.com/v1/%s", name);
  g_autofree char *label = g_strdup_printf ("Action %s", name);
  g_autoptr(JsonNode) sample = json_from_string ("{\"to\": \"someone@example.com\", "
                                                 "\"message\": {\"title\": \"Hello\", \"badge\": 1}, "
                                                 "\"tags\": [\"a\", \"b\"]}", NULL);

  ca_action_set_url (action, url);
  ca_action_set_label (action, label);
  ca_action_set_description (action, "Sends a message through the provider, for the tests");
  ca_action_set_request_sample (action, sample);
  g_ptr_array_add (ca_action_get_request_fields (action),
                   ca_field_new ("to", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_STRING));
  g_ptr_array_add (ca_action_get_request_fields (action),
                   ca_field_new ("message.title", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_STRING));
  g_ptr_array_add (ca_action_get_request_fields (action),
                   ca_field_new ("tags", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_LIST_STRING));
  return action;
}

static void
add_new (CaCatalog  *catalog,
         const char *name)
{
  g_autoptr(CaAction) action = make_action (name);
  g_autoptr(GError) error = NULL;

  g_assert_true (ca_catalog_add (catalog, action, &error));
  g_assert_no_error (error);
}

static CaCatalog *
catalog_with (const char *first_name,
              ...)
{
  CaCatalog *catalog = ca_catalog_new (NULL);
  const char *name = first_name;
  va_list args;

  va_start (args, first_name);
  while (name != NULL)
    {
      add_new (catalog, name);
      name = va_arg (args, const char *);
    }
  va_end (args);

  return catalog;
}

/* The names in the catalog, in order, joined by spaces. */
static char *
names_of (CaCatalog *catalog)
{
  GString *text = g_string_new (NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (catalog));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CaAction) action = g_list_model_get_item (G_LIST_MODEL (catalog), i);

      if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, ca_action_get_name (action));
    }

  return g_string_free (text, FALSE);
}

#define assert_names(catalog, expected) \
  G_STMT_START { \
    g_autofree char *names__ = names_of (catalog); \
    g_assert_cmpstr (names__, ==, expected); \
  } G_STMT_END

/* Records items-changed as "position,removed,added" strings. */
typedef struct {
  GPtrArray *changes;
} Recorder;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Recorder   *recorder)
{
  g_ptr_array_add (recorder->changes, g_strdup_printf ("%u,%u,%u", position, removed, added));
}

static void
recorder_init (Recorder  *recorder,
               CaCatalog *catalog)
{
  recorder->changes = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (catalog, "items-changed", G_CALLBACK (on_items_changed), recorder);
}

static void
recorder_clear (Recorder  *recorder,
                CaCatalog *catalog)
{
  g_signal_handlers_disconnect_by_data (catalog, recorder);
  g_clear_pointer (&recorder->changes, g_ptr_array_unref);
}

/* Checks the recorded changes ("0,0,1 1,1,1") and forgets them. */
static void
assert_changes (Recorder   *recorder,
                const char *expected)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < recorder->changes->len; i++)
    {
      if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, g_ptr_array_index (recorder->changes, i));
    }

  g_assert_cmpstr (text->str, ==, expected);
  g_ptr_array_set_size (recorder->changes, 0);
}

static GBytes *
json_bytes (const char *text)
{
  char *copy = g_strdup (text);

  g_strdelimit (copy, "'", '"');
  return g_bytes_new_take (copy, strlen (copy));
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

static void
write_text (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static void
assert_file_is (const char *path,
                GBytes     *expected)
{
  g_autoptr(GBytes) actual = read_bytes (path);

  g_assert_true (g_bytes_equal (actual, expected));
}

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("ca-test-catalog-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static CaCatalog *
load_path (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  CaCatalog *catalog = ca_catalog_new (file);

  g_assert_true (ca_catalog_load (catalog, CA_CATALOG_LOAD_FLAGS_NONE, NULL, &error));
  g_assert_no_error (error);
  return catalog;
}

static void
assert_same_actions (CaCatalog *a,
                     CaCatalog *b)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (a));

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (b)), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CaAction) x = g_list_model_get_item (G_LIST_MODEL (a), i);
      g_autoptr(CaAction) y = g_list_model_get_item (G_LIST_MODEL (b), i);

      g_test_message ("%s", ca_action_get_name (x));
      g_assert_true (ca_action_equal (x, y));
    }
}

/* GListModel */

static void
test_model_add (void)
{
  g_autoptr(CaCatalog) catalog = ca_catalog_new (NULL);
  g_autoptr(CaAction) first = make_action ("first");
  g_autoptr(CaAction) item = NULL;
  Recorder recorder;

  recorder_init (&recorder, catalog);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (catalog)) == CA_TYPE_ACTION);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 0);
  g_assert_false (ca_catalog_get_read_only (catalog));
  g_assert_null (ca_catalog_get_problem (catalog));

  g_assert_true (ca_catalog_add (catalog, first, NULL));
  assert_changes (&recorder, "0,0,1");
  add_new (catalog, "second");
  assert_changes (&recorder, "1,0,1");
  add_new (catalog, "third");
  assert_changes (&recorder, "2,0,1");

  assert_names (catalog, "first second third");
  item = g_list_model_get_item (G_LIST_MODEL (catalog), 0);
  g_assert_true (item == first);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (catalog), 3));
  g_assert_true (ca_catalog_lookup (catalog, "second") != NULL);
  g_assert_null (ca_catalog_lookup (catalog, "fourth"));
  {
    guint position = 99;

    g_assert_true (ca_catalog_find (catalog, "third", &position));
    g_assert_cmpuint (position, ==, 2);
    g_assert_false (ca_catalog_find (catalog, "fourth", &position));
  }

  recorder_clear (&recorder, catalog);
}

static void
test_model_replace (void)
{
  g_autoptr(CaCatalog) catalog = catalog_with ("a", "b", "c", NULL);
  g_autoptr(CaAction) same = make_action ("b");
  g_autoptr(CaAction) renamed = make_action ("bee");
  g_autoptr(CaAction) taken = make_action ("c");
  g_autoptr(GError) error = NULL;
  Recorder recorder;
  guint position;

  recorder_init (&recorder, catalog);

  /* Same name, new content: the same place. */
  ca_action_set_url (same, "https://other.example.com/");
  g_assert_true (ca_catalog_replace (catalog, "b", same, &error));
  g_assert_no_error (error);
  assert_changes (&recorder, "1,1,1");
  g_assert_true (ca_catalog_lookup (catalog, "b") == same);
  assert_names (catalog, "a b c");

  /* A new name: the same place, the old name is free. */
  g_assert_true (ca_catalog_replace (catalog, "b", renamed, &error));
  g_assert_no_error (error);
  assert_changes (&recorder, "1,1,1");
  assert_names (catalog, "a bee c");
  g_assert_null (ca_catalog_lookup (catalog, "b"));
  g_assert_true (ca_catalog_lookup (catalog, "bee") == renamed);
  g_assert_true (ca_catalog_find (catalog, "bee", &position));
  g_assert_cmpuint (position, ==, 1);
  g_assert_false (ca_catalog_find (catalog, "b", &position));

  /* Not onto another action's name. */
  g_assert_false (ca_catalog_replace (catalog, "bee", taken, &error));
  g_assert_error (error, CA_CATALOG_ERROR, CA_CATALOG_ERROR_EXISTS);
  g_clear_error (&error);
  assert_changes (&recorder, "");
  assert_names (catalog, "a bee c");

  /* The old name is free for a new action. */
  add_new (catalog, "b");
  assert_changes (&recorder, "3,0,1");

  recorder_clear (&recorder, catalog);
}

static void
test_model_remove (void)
{
  g_autoptr(CaCatalog) catalog = catalog_with ("a", "b", "c", NULL);
  g_autoptr(GError) error = NULL;
  Recorder recorder;

  recorder_init (&recorder, catalog);
  g_assert_true (ca_catalog_remove (catalog, "b", &error));
  g_assert_no_error (error);
  assert_changes (&recorder, "1,1,0");
  assert_names (catalog, "a c");
  g_assert_null (ca_catalog_lookup (catalog, "b"));

  g_assert_true (ca_catalog_remove (catalog, "c", &error));
  assert_changes (&recorder, "1,1,0");
  g_assert_true (ca_catalog_remove (catalog, "a", &error));
  assert_changes (&recorder, "0,1,0");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 0);

  recorder_clear (&recorder, catalog);
}

static void
test_model_import (void)
{
  g_autoptr(CaCatalog) catalog = catalog_with ("a", "b", "c", NULL);
  g_autoptr(GBytes) bytes = json_bytes ("{'format': 1, 'actions': ["
                                        "{'name': 'b', 'label': 'New b', 'url': 'https://new.example.com/b'}, "
                                        "{'name': 'd', 'url': 'https://new.example.com/d'}]}");
  g_auto(GStrv) names = NULL;
  g_autoptr(GError) error = NULL;
  Recorder recorder;

  recorder_init (&recorder, catalog);
  g_assert_true (ca_catalog_import (catalog, bytes, &names, &error));
  g_assert_no_error (error);
  /* "b" is replaced where it was, "d" is added at the end. */
  assert_changes (&recorder, "1,1,1 3,0,1");
  assert_names (catalog, "a b c d");
  g_assert_cmpstr (ca_action_get_url (ca_catalog_lookup (catalog, "b")), ==, "https://new.example.com/b");
  g_assert_cmpstr (ca_action_get_label (ca_catalog_lookup (catalog, "b")), ==, "New b");
  g_assert_nonnull (names);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, "b");
  g_assert_cmpstr (names[1], ==, "d");

  recorder_clear (&recorder, catalog);
}

static void
test_model_load (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "catalog.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CaCatalog) catalog = ca_catalog_new (file);
  g_autoptr(GError) error = NULL;
  Recorder recorder;

  write_text (path, "{\"format\": 1, \"actions\": ["
                    "{\"name\": \"x\", \"url\": \"https://x.example.com/\"}, "
                    "{\"name\": \"y\", \"url\": \"https://y.example.com/\"}, "
                    "{\"name\": \"z\", \"url\": \"https://z.example.com/\"}]}\n");
  g_assert_true (ca_catalog_get_file (catalog) == file);

  recorder_init (&recorder, catalog);
  g_assert_true (ca_catalog_load (catalog, CA_CATALOG_LOAD_FLAGS_NONE, NULL, &error));
  g_assert_no_error (error);
  assert_changes (&recorder, "0,0,3");
  assert_names (catalog, "x y z");

  /* Loading again replaces everything. */
  add_new (catalog, "w");
  assert_changes (&recorder, "3,0,1");
  g_assert_true (ca_catalog_load (catalog, CA_CATALOG_LOAD_FLAGS_NONE, NULL, &error));
  assert_changes (&recorder, "0,4,3");
  assert_names (catalog, "x y z");
  g_assert_null (ca_catalog_lookup (catalog, "w"));
  g_assert_nonnull (ca_catalog_lookup (catalog, "y"));

  recorder_clear (&recorder, catalog);
  ca_test_rm_rf (dir);
}

/* Changes that are refused change nothing. */
static void
test_refused (void)
{
  g_autoptr(CaCatalog) catalog = catalog_with ("a", "b", NULL);
  g_autoptr(CaAction) invalid = make_action ("bad name");
  g_autoptr(CaAction) invalid_url = make_action ("c");
  g_autoptr(CaAction) taken = make_action ("a");
  g_autoptr(CaAction) other = make_action ("other");
  g_autoptr(GError) error = NULL;
  Recorder recorder;

  ca_action_set_url (invalid_url, "ftp://c.example.com/");
  recorder_init (&recorder, catalog);

  g_assert_false (ca_catalog_add (catalog, invalid, &error));
  g_assert_error (error, CA_CATALOG_ERROR, CA_CATALOG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "name"));
  g_clear_error (&error);
  g_assert_false (ca_catalog_add (catalog, invalid_url, &error));
  g_assert_error (error, CA_CATALOG_ERROR, CA_CATALOG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "url"));
  g_clear_error (&error);
  g_assert_null (ca_action_get_modified (invalid_url));

  g_assert_false (ca_catalog_add (catalog, taken, &error));
  g_assert_error (error, CA_CATALOG_ERROR, CA_CATALOG_ERROR_EXISTS);
  g_clear_error (&error);

  g_assert_false (ca_catalog_replace (catalog, "nope", other, &error));
  g_assert_error (error, CA_CATALOG_ERROR, CA_CATALOG_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (ca_catalog_replace (catalog, "a", invalid_url, &error));
  g_assert_error (error, CA_CATALOG_ERROR, CA_CATALOG_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (ca_catalog_remove (catalog, "nope", &error));
  g_assert_error (error, CA_CATALOG_ERROR, CA_CATALOG_ERROR_NOT_FOUND);
  g_clear_error (&error);

  assert_changes (&recorder, "");
  assert_names (catalog, "a b");
  g_assert_null (ca_catalog_lookup (catalog, "other"));
  g_assert_true (ca_catalog_lookup (catalog, "a") != taken);

  recorder_clear (&recorder, catalog);
}

static void
test_unique_name (void)
{
  g_autoptr(CaCatalog) catalog = catalog_with ("x", NULL);
  const char *thirty = "abcdefghijklmnopqrstuvwxyz1234";
  const char *longer = "abcdefghijklmnopqrstuvwxyz1234567890";
  g_autofree char *name = NULL;

  name = ca_catalog_make_unique_name (catalog, "y");
  g_assert_cmpstr (name, ==, "y");
  g_clear_pointer (&name, g_free);

  name = ca_catalog_make_unique_name (catalog, "x");
  g_assert_cmpstr (name, ==, "x_2");
  add_new (catalog, name);
  g_clear_pointer (&name, g_free);
  name = ca_catalog_make_unique_name (catalog, "x");
  g_assert_cmpstr (name, ==, "x_3");
  g_clear_pointer (&name, g_free);

  /* Never longer than a name may be. */
  g_assert_cmpuint (strlen (thirty), ==, 30);
  add_new (catalog, thirty);
  name = ca_catalog_make_unique_name (catalog, thirty);
  g_assert_cmpstr (name, ==, "abcdefghijklmnopqrstuvwxyz12_2");
  add_new (catalog, name);
  g_clear_pointer (&name, g_free);
  name = ca_catalog_make_unique_name (catalog, thirty);
  g_assert_cmpstr (name, ==, "abcdefghijklmnopqrstuvwxyz12_3");
  g_clear_pointer (&name, g_free);

  name = ca_catalog_make_unique_name (catalog, longer);
  g_assert_cmpuint (strlen (name), <=, 30);
  g_assert_null (ca_catalog_lookup (catalog, name));
  add_new (catalog, name);
  g_clear_pointer (&name, g_free);

  for (guint i = 0; i < 12; i++)
    {
      name = ca_catalog_make_unique_name (catalog, thirty);
      g_assert_cmpuint (strlen (name), ==, 30);
      g_assert_null (ca_catalog_lookup (catalog, name));
      add_new (catalog, name);
      g_clear_pointer (&name, g_free);
    }
  g_assert_nonnull (ca_catalog_lookup (catalog, "abcdefghijklmnopqrstuvwxyz1_14"));
}

static void
assert_recent (GDateTime *modified,
               gint64     before,
               gint64     after)
{
  g_assert_nonnull (modified);
  g_assert_cmpint (g_date_time_get_utc_offset (modified), ==, 0);
  /* Whole seconds: what the file keeps. */
  g_assert_cmpint (g_date_time_get_microsecond (modified), ==, 0);
  g_assert_cmpint (g_date_time_to_unix (modified), >=, before);
  g_assert_cmpint (g_date_time_to_unix (modified), <=, after);
}

static void
test_modified (void)
{
  g_autoptr(CaCatalog) catalog = ca_catalog_new (NULL);
  g_autoptr(CaAction) action = make_action ("a");
  g_autoptr(CaAction) replacement = make_action ("a");
  g_autoptr(GDateTime) old = g_date_time_new_utc (2001, 1, 1, 0, 0, 0);
  g_autoptr(GBytes) bytes = json_bytes ("{'format': 1, 'actions': [{'name': 'i', "
                                        "'url': 'https://i.example.com/', "
                                        "'modified': '2001-01-01T00:00:00Z'}]}");
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;
  gint64 after;

  ca_action_set_modified (action, old);
  ca_action_set_modified (replacement, old);
  g_assert_true (ca_catalog_add (catalog, action, NULL));
  g_assert_true (ca_catalog_replace (catalog, "a", replacement, NULL));
  g_assert_true (ca_catalog_import (catalog, bytes, NULL, NULL));
  after = g_get_real_time () / G_USEC_PER_SEC + 1;

  assert_recent (ca_action_get_modified (action), before, after);
  assert_recent (ca_action_get_modified (ca_catalog_lookup (catalog, "a")), before, after);
  assert_recent (ca_action_get_modified (ca_catalog_lookup (catalog, "i")), before, after);
}

/* Import is all or nothing */

static void
test_import_all_or_nothing (void)
{
  static const char * const files[] = {
    /* one valid action, one invalid */
    "{'format': 1, 'actions': [{'name': 'new', 'url': 'https://new.example.com/'}, "
    "{'name': 'a', 'url': 'ftp://a.example.com/'}]}",
    /* the invalid one first */
    "{'format': 1, 'actions': [{'name': 'a', 'url': 'https://a.example.com/', 'bogus': 1}, "
    "{'name': 'new', 'url': 'https://new.example.com/'}]}",
    /* a name twice */
    "{'format': 1, 'actions': [{'name': 'new', 'url': 'https://new.example.com/'}, "
    "{'name': 'new', 'url': 'https://new.example.com/2'}]}",
    /* a credential in clear */
    "{'format': 1, 'actions': [{'name': 'new', 'url': 'https://new.example.com/', "
    "'auth': {'type': 'bearer', 'token': 'in clear'}}]}",
    /* not JSON */
    "{'format': 1, 'actions': [{'name': 'new', 'url': 'https://new.example.com/'},",
    /* another version */
    "{'format': 2, 'actions': [{'name': 'new', 'url': 'https://new.example.com/'}]}",
  };
  g_autoptr(CaCatalog) catalog = catalog_with ("a", "b", NULL);
  g_autoptr(CaAction) a_before = ca_action_copy (ca_catalog_lookup (catalog, "a"));
  g_autoptr(CaAction) b_before = ca_action_copy (ca_catalog_lookup (catalog, "b"));
  Recorder recorder;

  recorder_init (&recorder, catalog);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GBytes) bytes = json_bytes (files[i]);
      g_autoptr(GError) error = NULL;
      GStrv names = NULL;

      g_test_message ("%s", files[i]);
      g_assert_false (ca_catalog_import (catalog, bytes, &names, &error));
      g_assert_nonnull (error);
      g_assert_cmpstr (error->message, !=, "");
      g_assert_null (names);

      assert_changes (&recorder, "");
      assert_names (catalog, "a b");
      g_assert_true (ca_action_equal (ca_catalog_lookup (catalog, "a"), a_before));
      g_assert_true (ca_action_equal (ca_catalog_lookup (catalog, "b"), b_before));
    }

  recorder_clear (&recorder, catalog);
}

/* Export */

static void
test_export (void)
{
  g_autoptr(CaCatalog) catalog = catalog_with ("a", "b", "c", NULL);
  const char * const chosen[] = { "c", "a", NULL };
  const char * const unknown[] = { "a", "nope", NULL };
  const char * const none[] = { NULL };
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GError) error = NULL;

  bytes = ca_catalog_export (catalog, chosen, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  actions = ca_action_file_parse_all (bytes, CA_ACTION_FILE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (actions->len, ==, 2);
  g_assert_cmpstr (ca_action_get_name (g_ptr_array_index (actions, 0)), ==, "c");
  g_assert_cmpstr (ca_action_get_name (g_ptr_array_index (actions, 1)), ==, "a");
  g_assert_true (ca_action_equal (g_ptr_array_index (actions, 0), ca_catalog_lookup (catalog, "c")));
  g_assert_true (ca_action_equal (g_ptr_array_index (actions, 1), ca_catalog_lookup (catalog, "a")));
  g_clear_pointer (&bytes, g_bytes_unref);
  g_clear_pointer (&actions, g_ptr_array_unref);

  bytes = ca_catalog_export (catalog, unknown, &error);
  g_assert_null (bytes);
  g_assert_error (error, CA_CATALOG_ERROR, CA_CATALOG_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "nope"));
  g_clear_error (&error);

  bytes = ca_catalog_export (catalog, none, &error);
  g_assert_no_error (error);
  actions = ca_action_file_parse_all (bytes, CA_ACTION_FILE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (actions->len, ==, 0);
}

/* Saving and loading */

static void
test_save_load (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "deep", "er", "catalog.json", NULL);
  g_autofree char *backup = g_strconcat (path, "~", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CaCatalog) catalog = ca_catalog_new (file);
  g_autoptr(CaCatalog) loaded = NULL;
  g_autoptr(CaCatalog) reloaded = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GPtrArray) actions = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  /* Nothing there yet: an empty catalog. */
  g_assert_true (ca_catalog_load (catalog, CA_CATALOG_LOAD_FLAGS_NONE, NULL, &error));
  g_assert_no_error (error);
  add_new (catalog, "one");
  add_new (catalog, "two");
  add_new (catalog, "three");

  /* The parent directories are made. */
  g_assert_true (ca_catalog_save (catalog, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));
  first = read_bytes (path);

  /* The file is the canonical form of the catalog. */
  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (actions, g_list_model_get_item (G_LIST_MODEL (catalog), i));
  g_ptr_array_set_free_func (actions, g_object_unref);
  expected = ca_action_file_write (actions, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (first, expected));

  loaded = load_path (path);
  g_assert_false (ca_catalog_get_read_only (loaded));
  assert_same_actions (catalog, loaded);

  /* The second save keeps the first file as "catalog.json~". */
  g_assert_true (ca_catalog_remove (loaded, "two", NULL));
  add_new (loaded, "four");
  g_assert_true (ca_catalog_save (loaded, NULL, &error));
  g_assert_no_error (error);
  assert_file_is (backup, first);

  reloaded = load_path (path);
  assert_names (reloaded, "one three four");
  assert_same_actions (loaded, reloaded);

  ca_test_rm_rf (dir);
}

/* A parent that is a file: the save fails, and says so. */
static void
test_save_not_a_directory (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *blocker = g_build_filename (dir, "blocker", NULL);
  g_autofree char *path = g_build_filename (blocker, "catalog.json", NULL);
  g_autofree char *deeper = g_build_filename (blocker, "sub", "catalog.json", NULL);
  g_autoptr(GBytes) blocker_bytes = g_bytes_new_static ("not a directory\n", 16);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) deeper_file = g_file_new_for_path (deeper);
  g_autoptr(CaCatalog) catalog = ca_catalog_new (file);
  g_autoptr(CaCatalog) deeper_catalog = ca_catalog_new (deeper_file);
  g_autoptr(GError) error = NULL;

  write_text (blocker, "not a directory\n");

  /* It cannot be read either: not the same as a missing file. */
  g_assert_false (ca_catalog_load (catalog, CA_CATALOG_LOAD_FLAGS_NONE, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
  g_clear_error (&error);
  g_assert_false (ca_catalog_load (catalog, CA_CATALOG_LOAD_CREATE_SAMPLE, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  add_new (catalog, "a");
  g_assert_false (ca_catalog_save (catalog, NULL, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == G_IO_ERROR || error->domain == G_FILE_ERROR);
  g_clear_error (&error);

  add_new (deeper_catalog, "a");
  g_assert_false (ca_catalog_save (deeper_catalog, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  assert_file_is (blocker, blocker_bytes);
  ca_test_rm_rf (dir);
}

static void
test_first_run_sample (void)
{
  g_autoptr(GFile) file = ca_catalog_get_default_file ();
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *expected_path = g_build_filename (g_get_user_data_dir (), "custom-actions",
                                                     "catalog.json", NULL);
  g_autoptr(CaCatalog) catalog = ca_catalog_new (file);
  g_autoptr(GBytes) sample = ca_catalog_get_sample_bytes ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (path, ==, expected_path);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_true (ca_catalog_load (catalog, CA_CATALOG_LOAD_CREATE_SAMPLE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 7);
  g_assert_false (ca_catalog_get_read_only (catalog));
  g_assert_nonnull (ca_catalog_lookup (catalog, "sendEmail"));
  assert_file_is (path, sample);

  /* The next start finds it, and does not overwrite it. */
  g_assert_true (ca_catalog_remove (catalog, "sendEmail", NULL));
  g_assert_true (ca_catalog_save (catalog, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (ca_catalog_load (catalog, CA_CATALOG_LOAD_CREATE_SAMPLE, NULL, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 6);
  g_assert_null (ca_catalog_lookup (catalog, "sendEmail"));
}

static void
test_first_run_empty (void)
{
  g_autoptr(GFile) file = ca_catalog_get_default_file ();
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autoptr(CaCatalog) catalog = ca_catalog_new (file);
  g_autoptr(GError) error = NULL;

  g_assert_true (ca_catalog_load (catalog, CA_CATALOG_LOAD_FLAGS_NONE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 0);
  g_assert_false (ca_catalog_get_read_only (catalog));
  g_assert_null (ca_catalog_get_problem (catalog));
  g_assert_false (g_file_query_exists (file, NULL));
  g_assert_false (g_file_query_exists (parent, NULL));

  /* Writable. */
  add_new (catalog, "a");
  g_assert_false (g_file_query_exists (file, NULL));
}

/* A save that fails half way leaves the previous file alone */

#define N_BIG 2000
#define SIZE_LIMIT (64 * 1024)

/* A directory the subprocess can find: its name holds the test process's
 * ID. (Not under the isolated directories: a subprocess that passes
 * removes them when it ends.) */
static char *
interrupted_dir (void)
{
  g_autofree char *name = g_strdup_printf ("ca-test-catalog-interrupted-%ld",
                                           (long) (g_test_subprocess () ? getppid () : getpid ()));

  return g_build_filename (g_get_tmp_dir (), name, NULL);
}

static char *
interrupted_path (void)
{
  g_autofree char *dir = interrupted_dir ();

  return g_build_filename (dir, "catalog.json", NULL);
}

/* In the subprocess: makes the catalog much bigger than SIZE_LIMIT, then
 * saves it with the file size limited. */
static void
interrupted_child (gboolean ignore_signal)
{
  g_autofree char *path = interrupted_path ();
  g_autoptr(CaCatalog) catalog = load_path (path);
  g_autoptr(GError) error = NULL;
  struct rlimit no_core = { 0, 0 };
  struct rlimit limit = { SIZE_LIMIT, SIZE_LIMIT };
  gboolean saved;

  for (guint i = 0; i < N_BIG; i++)
    {
      g_autofree char *name = g_strdup_printf ("generated_%u", i);

      add_new (catalog, name);
    }

  g_assert_cmpint (setrlimit (RLIMIT_CORE, &no_core), ==, 0);
  if (ignore_signal)
    signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

  saved = ca_catalog_save (catalog, NULL, &error);
  /* Only reached when SIGXFSZ is ignored. */
  g_assert_false (saved);
  g_assert_nonnull (error);
  g_print ("save failed: %s\n", error->message);
}

static void
interrupted_parent (gboolean ignore_signal)
{
  g_autofree char *dir = interrupted_dir ();
  g_autofree char *path = interrupted_path ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CaCatalog) catalog = ca_catalog_new (file);
  g_autoptr(CaCatalog) after = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GError) error = NULL;

  ca_test_rm_rf (dir);
  g_assert_true (ca_catalog_load (catalog, CA_CATALOG_LOAD_CREATE_SAMPLE, NULL, &error));
  g_assert_no_error (error);
  add_new (catalog, "extra");
  g_assert_true (ca_catalog_save (catalog, NULL, &error));
  g_assert_no_error (error);
  before = read_bytes (path);
  g_assert_cmpuint (g_bytes_get_size (before), <, SIZE_LIMIT);

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  if (ignore_signal)
    {
      g_test_trap_assert_passed ();
      g_test_trap_assert_stdout ("*save failed: *");
    }
  else
    {
      /* Killed by SIGXFSZ in the middle of the write. */
      g_test_trap_assert_failed ();
    }

  assert_file_is (path, before);
  after = load_path (path);
  g_assert_false (ca_catalog_get_read_only (after));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (after)), ==, 8);
  g_assert_nonnull (ca_catalog_lookup (after, "extra"));

  ca_test_rm_rf (dir);
}

/* Regression test for a fixed bug: write_file()
 * in src/core/ca-catalog.c saves with g_file_replace_contents(), which on
 * a write error (here EFBIG) still calls g_output_stream_close() ("ignore
 * errors on close", GLib gio/gfile.c), and closing a GLocalFileOutputStream
 * renames the partly written temporary file over the catalog: afterwards
 * catalog.json is the first 64 KiB of the new content (not JSON) and the
 * previous file is only in catalog.json~. */
static void
test_save_write_error (void)
{
  if (g_test_subprocess ())
    interrupted_child (TRUE);
  else
    interrupted_parent (TRUE);
}

static void
test_save_killed (void)
{
  if (g_test_subprocess ())
    interrupted_child (FALSE);
  else
    interrupted_parent (FALSE);
}

/* A broken catalog is shown, never overwritten */

/* '@' is on line 4, column 14. */
static const char broken_text[] =
  "{\n"
  "  \"format\": 1,\n"
  "  \"actions\": [\n"
  "    {\"name\": @}\n"
  "  ]\n"
  "}\n";

static void
assert_read_only (CaCatalog *catalog)
{
  g_autoptr(CaAction) action = make_action ("added");
  g_autoptr(GBytes) bytes = json_bytes ("{'format': 1, 'actions': [{'name': 'imp', "
                                        "'url': 'https://imp.example.com/'}]}");
  g_autoptr(GError) error = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (catalog));
  GStrv names = NULL;
  Recorder recorder;

  recorder_init (&recorder, catalog);
  g_assert_true (ca_catalog_get_read_only (catalog));
  g_assert_nonnull (ca_catalog_get_problem (catalog));

  g_assert_false (ca_catalog_save (catalog, NULL, &error));
  g_assert_error (error, CA_CATALOG_ERROR, CA_CATALOG_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (ca_catalog_add (catalog, action, &error));
  g_assert_error (error, CA_CATALOG_ERROR, CA_CATALOG_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (ca_catalog_import (catalog, bytes, &names, &error));
  g_assert_error (error, CA_CATALOG_ERROR, CA_CATALOG_ERROR_READ_ONLY);
  g_assert_null (names);
  g_clear_error (&error);
  g_assert_false (ca_catalog_remove (catalog, "added", &error));
  g_assert_error (error, CA_CATALOG_ERROR, CA_CATALOG_ERROR_READ_ONLY);
  g_clear_error (&error);

  if (n > 0)
    {
      g_autoptr(CaAction) first = g_list_model_get_item (G_LIST_MODEL (catalog), 0);
      g_autoptr(CaAction) copy = ca_action_copy (first);

      g_assert_false (ca_catalog_remove (catalog, ca_action_get_name (first), &error));
      g_assert_error (error, CA_CATALOG_ERROR, CA_CATALOG_ERROR_READ_ONLY);
      g_clear_error (&error);
      g_assert_false (ca_catalog_replace (catalog, ca_action_get_name (first), copy, &error));
      g_assert_error (error, CA_CATALOG_ERROR, CA_CATALOG_ERROR_READ_ONLY);
      g_clear_error (&error);
    }

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, n);
  assert_changes (&recorder, "");
  recorder_clear (&recorder, catalog);
}

static void
test_broken_syntax (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "catalog.json", NULL);
  g_autofree char *backup = g_strconcat (path, "~", NULL);
  g_autofree char *where = g_strconcat (path, ":4:14:", NULL);
  g_autoptr(GBytes) broken = g_bytes_new_static (broken_text, strlen (broken_text));
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CaCatalog) catalog = ca_catalog_new (file);
  g_autoptr(GError) error = NULL;
  const char *problem;

  write_text (path, broken_text);
  g_assert_true (ca_catalog_load (catalog, CA_CATALOG_LOAD_CREATE_SAMPLE, NULL, &error));
  g_assert_no_error (error);

  problem = ca_catalog_get_problem (catalog);
  g_test_message ("%s", problem);
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem, where));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 0);

  assert_read_only (catalog);
  assert_file_is (path, broken);
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));

  ca_test_rm_rf (dir);
}

static void
test_broken_with_backup (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "catalog.json", NULL);
  g_autofree char *backup = g_strconcat (path, "~", NULL);
  g_autoptr(GBytes) broken = g_bytes_new_static (broken_text, strlen (broken_text));
  g_autoptr(GBytes) good = json_bytes ("{'format': 1, 'actions': ["
                                       "{'name': 'kept1', 'url': 'https://k.example.com/1'}, "
                                       "{'name': 'kept2', 'url': 'https://k.example.com/2'}]}\n");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CaCatalog) catalog = ca_catalog_new (file);
  g_autoptr(GError) error = NULL;
  const char *problem;

  write_text (path, broken_text);
  write_text (backup, g_bytes_get_data (good, NULL));
  g_assert_true (ca_catalog_load (catalog, CA_CATALOG_LOAD_FLAGS_NONE, NULL, &error));
  g_assert_no_error (error);

  assert_names (catalog, "kept1 kept2");
  problem = ca_catalog_get_problem (catalog);
  g_test_message ("%s", problem);
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem, path));
  g_assert_nonnull (strstr (problem, ":4:14:"));
  g_assert_nonnull (strstr (problem, "~"));

  assert_read_only (catalog);
  assert_file_is (path, broken);
  assert_file_is (backup, good);

  ca_test_rm_rf (dir);
}

/* Valid JSON that breaks a rule: the valid actions are shown. */
static void
test_broken_schema (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "catalog.json", NULL);
  g_autoptr(GBytes) text = json_bytes ("{'format': 1, 'actions': ["
                                       "{'name': 'good', 'url': 'https://good.example.com/'}, "
                                       "{'name': 'bad', 'url': 'ftp://bad.example.com/'}, "
                                       "{'name': 'alsoGood', 'url': 'https://good.example.com/2'}]}\n");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CaCatalog) catalog = ca_catalog_new (file);
  g_autoptr(GError) error = NULL;
  const char *problem;

  write_text (path, g_bytes_get_data (text, NULL));
  g_assert_true (ca_catalog_load (catalog, CA_CATALOG_LOAD_FLAGS_NONE, NULL, &error));
  g_assert_no_error (error);

  assert_names (catalog, "good alsoGood");
  problem = ca_catalog_get_problem (catalog);
  g_test_message ("%s", problem);
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem, path));
  g_assert_nonnull (strstr (problem, "actions[1].url"));

  assert_read_only (catalog);
  assert_file_is (path, text);

  ca_test_rm_rf (dir);
}

/* Async */

typedef struct {
  GMainLoop *loop;
  gboolean   ok;
  GError    *error;
} AsyncData;

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncData *data = user_data;

  data->ok = ca_catalog_load_finish (CA_CATALOG (source), result, &data->error);
  g_main_loop_quit (data->loop);
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  AsyncData *data = user_data;

  data->ok = ca_catalog_save_finish (CA_CATALOG (source), result, &data->error);
  g_main_loop_quit (data->loop);
}

static void
test_async (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "sub", "catalog.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CaCatalog) catalog = ca_catalog_new (file);
  g_autoptr(CaCatalog) loaded = ca_catalog_new (file);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GBytes) sample = ca_catalog_get_sample_bytes ();
  AsyncData data = { loop, FALSE, NULL };
  Recorder recorder;

  recorder_init (&recorder, catalog);
  ca_catalog_load_async (catalog, CA_CATALOG_LOAD_CREATE_SAMPLE, NULL, on_loaded, &data);
  /* Nothing changes before the result is taken, in this thread. */
  assert_changes (&recorder, "");
  g_main_loop_run (loop);
  g_assert_no_error (data.error);
  g_assert_true (data.ok);
  assert_changes (&recorder, "0,0,7");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 7);
  assert_file_is (path, sample);

  g_assert_true (ca_catalog_remove (catalog, "sendSms", NULL));
  add_new (catalog, "async");
  data.ok = FALSE;
  ca_catalog_save_async (catalog, NULL, on_saved, &data);
  g_main_loop_run (loop);
  g_assert_no_error (data.error);
  g_assert_true (data.ok);

  data.ok = FALSE;
  ca_catalog_load_async (loaded, CA_CATALOG_LOAD_FLAGS_NONE, NULL, on_loaded, &data);
  g_main_loop_run (loop);
  g_assert_no_error (data.error);
  g_assert_true (data.ok);
  assert_same_actions (catalog, loaded);
  g_assert_nonnull (ca_catalog_lookup (loaded, "async"));
  g_assert_null (ca_catalog_lookup (loaded, "sendSms"));

  /* A read-only catalog refuses to save, asynchronously too. */
  write_text (path, broken_text);
  data.ok = FALSE;
  ca_catalog_load_async (loaded, CA_CATALOG_LOAD_FLAGS_NONE, NULL, on_loaded, &data);
  g_main_loop_run (loop);
  g_assert_true (data.ok);
  g_assert_true (ca_catalog_get_read_only (loaded));
  ca_catalog_save_async (loaded, NULL, on_saved, &data);
  g_main_loop_run (loop);
  g_assert_false (data.ok);
  g_assert_error (data.error, CA_CATALOG_ERROR, CA_CATALOG_ERROR_READ_ONLY);
  g_clear_error (&data.error);

  recorder_clear (&recorder, catalog);
  ca_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ca/catalog/model/add", test_model_add);
  g_test_add_func ("/ca/catalog/model/replace", test_model_replace);
  g_test_add_func ("/ca/catalog/model/remove", test_model_remove);
  g_test_add_func ("/ca/catalog/model/import", test_model_import);
  g_test_add_func ("/ca/catalog/model/load", test_model_load);
  g_test_add_func ("/ca/catalog/refused", test_refused);
  g_test_add_func ("/ca/catalog/unique-name", test_unique_name);
  g_test_add_func ("/ca/catalog/modified", test_modified);
  g_test_add_func ("/ca/catalog/import/all-or-nothing", test_import_all_or_nothing);
  g_test_add_func ("/ca/catalog/export", test_export);
  g_test_add_func ("/ca/catalog/save/round-trip", test_save_load);
  g_test_add_func ("/ca/catalog/save/not-a-directory", test_save_not_a_directory);
  g_test_add_func ("/ca/catalog/save/write-error", test_save_write_error);
  g_test_add_func ("/ca/catalog/save/killed", test_save_killed);
  g_test_add_func ("/ca/catalog/first-run/sample", test_first_run_sample);
  g_test_add_func ("/ca/catalog/first-run/empty", test_first_run_empty);
  g_test_add_func ("/ca/catalog/broken/syntax", test_broken_syntax);
  g_test_add_func ("/ca/catalog/broken/backup", test_broken_with_backup);
  g_test_add_func ("/ca/catalog/broken/schema", test_broken_schema);
  g_test_add_func ("/ca/catalog/async", test_async);

  return g_test_run ();
}
