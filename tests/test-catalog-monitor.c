/* test-catalog-monitor.c: the catalog following its file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "ca-action-file.h"
#include "ca-catalog.h"

#define WAIT_SECONDS 10
/* Long enough for the events of a save to come and be checked. */
#define SETTLE_MS 1500

/* Helpers */

static CaAction *
make_action (const char *name,
             const char *label)
{
  CaAction *action = ca_action_new (name);
  g_autofree char *url = g_strdup_printf ("https://api.example.com/v1/%s", name);

  ca_action_set_url (action, url);
  ca_action_set_label (action, label);
  ca_action_set_description (action, "For the tests");
  return action;
}

/* An action file with one action per "name=label" of @spec (spaces
 * between them). */
static GBytes *
file_with (const char *spec)
{
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) items = g_strsplit (spec, " ", -1);
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (items[i], "=", 2);

      g_ptr_array_add (actions, make_action (parts[0], parts[1]));
    }

  bytes = ca_action_file_write (actions, &error);
  g_assert_no_error (error);
  return bytes;
}

static char *
catalog_path (void)
{
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);

  return g_build_filename (g_get_user_data_dir (), "followed.json", NULL);
}

/* What another program does: a new file renamed over the old one. */
static void
write_atomically (const char *path,
                  GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
}

/* What a text editor that saves in place does. */
static void
write_in_place (const char *path,
                const char *data,
                gsize       len)
{
  FILE *stream = g_fopen (path, "r+");

  g_assert_nonnull (stream);
  g_assert_cmpint (ftruncate (fileno (stream), 0), ==, 0);
  g_assert_cmpuint (fwrite (data, 1, len, stream), ==, len);
  g_assert_cmpint (fclose (stream), ==, 0);
}

/* A new file, written in place. */
static void
write_in_place_new (const char *path,
                    const char *data,
                    gsize       len)
{
  FILE *stream = g_fopen (path, "w");

  g_assert_nonnull (stream);
  g_assert_cmpuint (fwrite (data, 1, len, stream), ==, len);
  g_assert_cmpint (fclose (stream), ==, 0);
}

static CaCatalog *
load_followed (const char *path,
               GBytes     *bytes)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  CaCatalog *catalog;

  write_atomically (path, bytes);
  catalog = ca_catalog_new (file);
  g_assert_true (ca_catalog_load (catalog, CA_CATALOG_LOAD_FLAGS_NONE, NULL, &error));
  g_assert_no_error (error);

  ca_catalog_set_following (catalog, TRUE);
  g_assert_true (ca_catalog_get_following (catalog));

  return catalog;
}

static char *
names_of (CaCatalog *catalog)
{
  GString *text = g_string_new (NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (catalog));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CaAction) action = g_list_model_get_item (G_LIST_MODEL (catalog), i);

      g_string_append_printf (text, "%s%s=%s", i > 0 ? " " : "",
                              ca_action_get_name (action), ca_action_get_label (action));
    }

  return g_string_free (text, FALSE);
}

typedef gboolean (*Condition) (gpointer data);

static void
iterate_until (Condition  done,
               gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out after %d seconds", WAIT_SECONDS);

      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

static void
iterate_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * (G_USEC_PER_SEC / 1000);

  while (g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

typedef struct {
  CaCatalog  *catalog;
  const char *names;
} NamesWait;

static gboolean
has_names (gpointer data)
{
  NamesWait *wait = data;
  g_autofree char *names = names_of (wait->catalog);

  return g_str_equal (names, wait->names);
}

static void
wait_for_names (CaCatalog  *catalog,
                const char *names)
{
  NamesWait wait = { catalog, names };

  iterate_until (has_names, &wait);
}

static gboolean
is_read_only (gpointer catalog)
{
  return ca_catalog_get_read_only (catalog);
}

static gboolean
is_writable (gpointer catalog)
{
  return !ca_catalog_get_read_only (catalog);
}

/* A copy of the catalog's items kept by items-changed alone: after each
 * emission it must be the catalog, or a view would go wrong. */
typedef struct {
  GPtrArray *items;
  guint      n_changes;
  guint      n_touched;  /* removed + added, over all changes */
} Mirror;

static void
mirror_changed_cb (GListModel *model,
                   guint       position,
                   guint       removed,
                   guint       added,
                   Mirror     *mirror)
{
  guint n = g_list_model_get_n_items (model);

  g_assert_cmpuint (position + removed, <=, mirror->items->len);
  g_ptr_array_remove_range (mirror->items, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (mirror->items, position + i, g_list_model_get_item (model, position + i));

  g_assert_cmpuint (mirror->items->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      g_assert_true (item == g_ptr_array_index (mirror->items, i));
    }

  mirror->n_changes++;
  mirror->n_touched += removed + added;
}

static void
mirror_init (Mirror    *mirror,
             CaCatalog *catalog)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (catalog));

  mirror->items = g_ptr_array_new_with_free_func (g_object_unref);
  mirror->n_changes = 0;
  mirror->n_touched = 0;
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (mirror->items, g_list_model_get_item (G_LIST_MODEL (catalog), i));

  g_signal_connect (catalog, "items-changed", G_CALLBACK (mirror_changed_cb), mirror);
}

static void
mirror_clear (Mirror    *mirror,
              CaCatalog *catalog)
{
  g_signal_handlers_disconnect_by_func (catalog, mirror_changed_cb, mirror);
  g_clear_pointer (&mirror->items, g_ptr_array_unref);
}

static gboolean
count_file_changed_cb (CaCatalog *catalog,
                       guint     *count)
{
  (*count)++;
  return FALSE;
}

/* Cases */

static void
test_follow_external_change (void)
{
  g_autofree char *path = catalog_path ();
  g_autoptr(GBytes) first = file_with ("a=A b=B c=C");
  g_autoptr(GBytes) second = file_with ("a=A b=Bee c=C d=D");
  g_autoptr(GBytes) third = file_with ("c=C a=A d=D");
  g_autoptr(CaCatalog) catalog = NULL;
  g_autoptr(CaAction) a = NULL;
  g_autoptr(CaAction) c = NULL;
  g_autoptr(CaAction) d = NULL;
  gsize len;
  const char *data;
  Mirror mirror;

  catalog = load_followed (path, first);
  a = g_object_ref (ca_catalog_lookup (catalog, "a"));
  c = g_object_ref (ca_catalog_lookup (catalog, "c"));
  mirror_init (&mirror, catalog);

  /* Renamed over it: one changed, one added; the others are the same
   * objects, untouched by the changes. */
  write_atomically (path, second);
  wait_for_names (catalog, "a=A b=Bee c=C d=D");
  g_assert_true (ca_catalog_lookup (catalog, "a") == a);
  g_assert_true (ca_catalog_lookup (catalog, "c") == c);
  g_assert_cmpuint (mirror.n_touched, ==, 3);
  g_assert_false (ca_catalog_get_read_only (catalog));

  /* Written in place, reordered, one removed. */
  d = g_object_ref (ca_catalog_lookup (catalog, "d"));
  data = g_bytes_get_data (third, &len);
  write_in_place (path, data, len);
  wait_for_names (catalog, "c=C a=A d=D");
  g_assert_true (ca_catalog_lookup (catalog, "a") == a);
  g_assert_true (ca_catalog_lookup (catalog, "c") == c);
  g_assert_true (ca_catalog_lookup (catalog, "d") == d);
  g_assert_null (ca_catalog_lookup (catalog, "b"));

  mirror_clear (&mirror, catalog);
  ca_catalog_set_following (catalog, FALSE);
  g_assert_false (ca_catalog_get_following (catalog));
  g_unlink (path);
}

static void
test_follow_broken (void)
{
  static const char broken[] = "{\"format\": 1, \"actions\": [ {\"name\": \"a\",, ";
  g_autofree char *path = catalog_path ();
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) first = file_with ("a=A b=B");
  g_autoptr(GBytes) broken_bytes = g_bytes_new_static (broken, strlen (broken));
  g_autoptr(GBytes) fixed = file_with ("a=A b=B c=C");
  g_autoptr(CaCatalog) catalog = NULL;
  g_autoptr(CaAction) a = NULL;
  g_autoptr(CaAction) extra = make_action ("x", "X");
  g_autoptr(GError) error = NULL;

  catalog = load_followed (path, first);
  a = g_object_ref (ca_catalog_lookup (catalog, "a"));

  /* Broken on disk: read-only, saying where, with the last good actions. */
  write_atomically (path, broken_bytes);
  iterate_until (is_read_only, catalog);
  g_assert_nonnull (strstr (ca_catalog_get_problem (catalog), "followed.json:1:"));
  {
    g_autofree char *names = names_of (catalog);

    g_assert_cmpstr (names, ==, "a=A b=B");
  }
  g_assert_true (ca_catalog_lookup (catalog, "a") == a);

  /* Nothing can overwrite it. */
  g_assert_false (ca_catalog_add (catalog, extra, &error));
  g_assert_error (error, CA_CATALOG_ERROR, CA_CATALOG_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (ca_catalog_save (catalog, NULL, &error));
  g_assert_error (error, CA_CATALOG_ERROR, CA_CATALOG_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, broken);

  /* Repaired: writable again, with what the file holds. */
  write_atomically (path, fixed);
  iterate_until (is_writable, catalog);
  wait_for_names (catalog, "a=A b=B c=C");
  g_assert_null (ca_catalog_get_problem (catalog));
  g_assert_true (ca_catalog_lookup (catalog, "a") == a);

  g_unlink (path);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (ca_catalog_save_finish (CA_CATALOG (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static void
test_follow_own_save (void)
{
  g_autofree char *path = catalog_path ();
  g_autoptr(GBytes) first = file_with ("a=A b=B");
  g_autoptr(CaCatalog) catalog = NULL;
  g_autoptr(CaAction) x = make_action ("x", "X");
  g_autoptr(CaAction) y = make_action ("y", "Y");
  g_autoptr(GError) error = NULL;
  guint file_changed = 0;
  gboolean saved = FALSE;
  Mirror mirror;

  catalog = load_followed (path, first);
  g_signal_connect (catalog, "file-changed", G_CALLBACK (count_file_changed_cb), &file_changed);

  /* A save in a thread, and one here: neither is taken for a change. */
  g_assert_true (ca_catalog_add (catalog, x, &error));
  g_assert_no_error (error);
  ca_catalog_save_async (catalog, NULL, saved_cb, &saved);
  iterate_until (is_true, &saved);

  g_assert_true (ca_catalog_add (catalog, y, &error));
  g_assert_no_error (error);
  g_assert_true (ca_catalog_save (catalog, NULL, &error));
  g_assert_no_error (error);

  mirror_init (&mirror, catalog);
  iterate_for (SETTLE_MS);
  g_assert_cmpuint (file_changed, ==, 0);
  g_assert_cmpuint (mirror.n_changes, ==, 0);
  g_assert_true (ca_catalog_lookup (catalog, "x") == x);

  /* Nor is the same content written again. */
  {
    g_autofree char *contents = NULL;
    gsize len;
    g_autoptr(GError) read_error = NULL;

    g_file_get_contents (path, &contents, &len, &read_error);
    g_assert_no_error (read_error);
    g_unlink (path);
    write_in_place_new (path, contents, len);
    iterate_for (SETTLE_MS);
    g_assert_cmpuint (file_changed, ==, 0);
    g_assert_cmpuint (mirror.n_changes, ==, 0);
  }

  /* A change after them still is. */
  {
    g_autoptr(GBytes) other = file_with ("a=A");

    write_atomically (path, other);
    wait_for_names (catalog, "a=A");
    g_assert_cmpuint (file_changed, ==, 1);
  }

  mirror_clear (&mirror, catalog);
  g_unlink (path);
}

static gboolean
keep_mine_cb (CaCatalog *catalog,
              guint     *count)
{
  (*count)++;
  return TRUE;
}

static void
reloaded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (ca_catalog_reload_finish (CA_CATALOG (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_follow_asked (void)
{
  g_autofree char *path = catalog_path ();
  g_autoptr(GBytes) first = file_with ("a=A b=B");
  g_autoptr(GBytes) second = file_with ("a=Ay");
  g_autoptr(CaCatalog) catalog = NULL;
  guint asked = 0;
  gboolean reloaded = FALSE;

  catalog = load_followed (path, first);
  g_signal_connect (catalog, "file-changed", G_CALLBACK (keep_mine_cb), &asked);

  /* Whoever handles the signal keeps the catalog as it is... */
  write_atomically (path, second);
  iterate_until (is_true, &asked);
  iterate_for (200);
  {
    g_autofree char *names = names_of (catalog);

    g_assert_cmpstr (names, ==, "a=A b=B");
  }
  g_assert_cmpuint (asked, ==, 1);

  /* ...and may take the file after all. */
  ca_catalog_reload_async (catalog, NULL, reloaded_cb, &reloaded);
  iterate_until (is_true, &reloaded);
  {
    g_autofree char *names = names_of (catalog);

    g_assert_cmpstr (names, ==, "a=Ay");
  }

  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ca/catalog/follow/external-change", test_follow_external_change);
  g_test_add_func ("/ca/catalog/follow/broken", test_follow_broken);
  g_test_add_func ("/ca/catalog/follow/own-save", test_follow_own_save);
  g_test_add_func ("/ca/catalog/follow/asked", test_follow_asked);

  return g_test_run ();
}
