/* test-manage-window.c: the Manage Actions window, driven through its real widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ca-action-file.h"
#include "ca-catalog.h"
#include "ca-manage-window-private.h"
#include "ca-test-ui.h"

/* Three actions whose columns sort in six different orders:
 *   name      alpha beta gamma
 *   label     gamma alpha beta   ("Alpha mail" < "Mid push" < "Zeta report")
 *   category  beta gamma alpha   (Adobe Campaign < Channels < Custom actions)
 *   method    alpha gamma beta   (GET < POST < PUT)
 *   endpoint  beta alpha gamma
 *   modified  gamma beta alpha */
static const char three_actions[] =
  "{\n"
  "  \"format\": 1,\n"
  "  \"actions\": [\n"
  "    {\"name\": \"alpha\", \"label\": \"Mid push\", \"category\": \"custom\",\n"
  "     \"method\": \"GET\", \"url\": \"https://b.example.com/\",\n"
  "     \"modified\": \"2024-03-01T10:00:00Z\"},\n"
  "    {\"name\": \"beta\", \"label\": \"Zeta report\", \"category\": \"campaign\",\n"
  "     \"method\": \"PUT\", \"url\": \"https://a.example.com/\",\n"
  "     \"modified\": \"2024-02-01T10:00:00Z\"},\n"
  "    {\"name\": \"gamma\", \"label\": \"Alpha mail\", \"category\": \"channel\",\n"
  "     \"method\": \"POST\", \"url\": \"https://c.example.com/\",\n"
  "     \"modified\": \"2024-01-01T10:00:00Z\"}\n"
  "  ]\n"
  "}\n";

typedef CaTestCatalogFile Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  ca_test_catalog_file_set_up (fixture, data != NULL ? data : three_actions);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ca_test_catalog_file_tear_down (fixture);
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;
  gsize len;

  g_file_get_contents (path, &text, &len, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (text, len);
}

static void
write_text (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

/* The catalog as its file says now. */
static CaCatalog *
reload (Fixture *fixture)
{
  g_autoptr(CaCatalog) catalog = ca_catalog_new (fixture->file);
  g_autoptr(GError) error = NULL;

  ca_catalog_load (catalog, CA_CATALOG_LOAD_FLAGS_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (ca_catalog_get_read_only (catalog));

  return g_steal_pointer (&catalog);
}

/* The names of @model's actions, space-separated. */
static char *
names_of (GListModel *model)
{
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CaAction) action = g_list_model_get_item (model, i);

      if (i > 0)
        g_string_append_c (names, ' ');
      g_string_append (names, ca_action_get_name (action));
    }

  return g_string_free (names, FALSE);
}

#define assert_names(model, expected)                         \
  G_STMT_START {                                              \
    g_autofree char *names_ = names_of (G_LIST_MODEL (model)); \
    g_assert_cmpstr (names_, ==, (expected));                 \
  } G_STMT_END

static GBytes *
written (GListModel *model)
{
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (actions, g_list_model_get_item (model, i));

  bytes = ca_action_file_write (actions, &error);
  g_assert_no_error (error);

  return bytes;
}

/* @a and @b hold the same actions, in the same order, as a file says
 * them (an action read back has the label the file gives it, its name
 * when it had none). */
static void
assert_same_actions (GListModel *a,
                     GListModel *b)
{
  g_autoptr(GBytes) a_text = written (a);
  g_autoptr(GBytes) b_text = written (b);

  g_assert_cmpmem (g_bytes_get_data (a_text, NULL), g_bytes_get_size (a_text),
                   g_bytes_get_data (b_text, NULL), g_bytes_get_size (b_text));
}

/* The window ------------------------------------------------------------- */

static CaManageWindow *
open_manage (CaCatalog *catalog)
{
  CaManageWindow *window = CA_MANAGE_WINDOW (ca_manage_window_new (NULL, catalog));

  gtk_window_present (GTK_WINDOW (window));
  ca_test_wait_mapped (GTK_WIDGET (window));

  return window;
}

/* Closes every other window (message dialogs), then @window, and checks
 * that nothing keeps it or its models alive. */
static void
close_manage (CaManageWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GObject *selection = G_OBJECT (gtk_column_view_get_model (ca_manage_window_get_column_view (window)));

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) other = g_list_model_get_item (toplevels, i - 1);

      if (other != GTK_WINDOW (window))
        gtk_window_destroy (other);
    }

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  g_object_add_weak_pointer (selection, (gpointer *) &selection);
  gtk_window_destroy (GTK_WINDOW (window));
  ca_test_iterate_idle ();

  g_assert_null (window);
  g_assert_null (selection);
}

/* What the table shows, in order: the sorted and searched catalog. */
static GListModel *
shown (CaManageWindow *window)
{
  return G_LIST_MODEL (gtk_column_view_get_model (ca_manage_window_get_column_view (window)));
}

static const char *
visible_page (CaManageWindow *window)
{
  GObject *stack = gtk_widget_get_template_child (GTK_WIDGET (window), CA_TYPE_MANAGE_WINDOW, "stack");

  g_assert_nonnull (stack);
  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

static GtkWidget *
button (CaManageWindow *window,
        const char     *name)
{
  GtkWidget *found = ca_test_find_named (GTK_WIDGET (window), name);

  g_assert_nonnull (found);
  return found;
}

/* The main loop for @ms milliseconds. */
static void
iterate_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

static gboolean
is_saved (gpointer window)
{
  return ca_manage_window_get_saves_pending (window) == 0;
}

static void
wait_saved (CaManageWindow *window)
{
  ca_test_iterate_until (is_saved, window);
}

static const char *
selected_name (CaManageWindow *window)
{
  CaAction *action = ca_manage_window_get_selected (window);

  return action != NULL ? ca_action_get_name (action) : NULL;
}

/* Typing into the search --------------------------------------------------- */

typedef struct {
  char *text;
} SearchWait;

static void
search_changed_cb (GtkSearchEntry *entry,
                   SearchWait     *wait)
{
  g_free (wait->text);
  wait->text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
search_for (CaManageWindow *window,
            const char     *text)
{
  GtkWidget *entry = ca_test_find_widget (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY);
  SearchWait wait = { NULL };
  gulong handler;
  gint64 deadline = g_get_monotonic_time () + CA_TEST_WAIT_SECONDS * G_USEC_PER_SEC;

  g_assert_nonnull (entry);
  gtk_widget_activate_action (GTK_WIDGET (window), "manage.focus-search", NULL);
  handler = g_signal_connect (entry, "search-changed", G_CALLBACK (search_changed_cb), &wait);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);

  /* The emission that carries the text typed, not an earlier one. */
  while (wait.text == NULL || !g_str_equal (wait.text, text))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }

  g_signal_handler_disconnect (entry, handler);
  g_free (wait.text);
}

/* Import and export -------------------------------------------------------- */

typedef struct {
  gboolean  done;
  gboolean  ok;
  GError   *error;
  GStrv     names;
} Transfer;

static void
transfer_clear (Transfer *transfer)
{
  g_clear_error (&transfer->error);
  g_clear_pointer (&transfer->names, g_strfreev);
  transfer->done = FALSE;
}

static void
imported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Transfer *transfer = user_data;

  transfer->ok = ca_manage_import_file_finish (result, &transfer->names, &transfer->error);
  transfer->done = TRUE;
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Transfer *transfer = user_data;

  transfer->ok = ca_manage_export_file_finish (result, &transfer->error);
  transfer->done = TRUE;
}

static gboolean
transfer_done (gpointer data)
{
  return ((Transfer *) data)->done;
}

static void
import_file (CaManageWindow *window,
             CaCatalog      *catalog,
             GFile          *file,
             Transfer       *transfer)
{
  transfer_clear (transfer);
  ca_manage_import_file (GTK_WINDOW (window), catalog, file, imported_cb, transfer);
  ca_test_iterate_until (transfer_done, transfer);
}

static void
export_file (CaManageWindow     *window,
             CaCatalog          *catalog,
             const char * const *names,
             GFile              *file,
             Transfer           *transfer)
{
  transfer_clear (transfer);
  ca_manage_export_file (GTK_WINDOW (window), catalog, names, file, exported_cb, transfer);
  ca_test_iterate_until (transfer_done, transfer);
}

/* The message dialog shown, if any. */
static AdwMessageDialog *
message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

/* What ca_catalog_import() says about @text. */
static char *
core_error_for (const char *text)
{
  g_autoptr(CaCatalog) scratch = ca_catalog_new (NULL);
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;

  g_assert_false (ca_catalog_import (scratch, bytes, NULL, &error));
  g_assert_nonnull (error);

  return g_strdup (error->message);
}

/* Tests ---------------------------------------------------------------------- */

static void
test_manage_opens (Fixture       *fixture,
                   gconstpointer  data)
{
  CaManageWindow *window;
  g_autofree char *labels = NULL;

  CA_TEST_REQUIRE_DISPLAY ();

  window = open_manage (fixture->catalog);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Manage Actions");
  g_assert_false (gtk_window_get_modal (GTK_WINDOW (window)));
  g_assert_cmpstr (visible_page (window), ==, "list");
  /* By name at first. */
  assert_names (shown (window), "alpha beta gamma");

  ca_test_wait_for_label (GTK_WIDGET (window), "Mid push");
  labels = ca_test_labels_of (GTK_WIDGET (window));
  for (guint i = 0; i < 6; i++)
    {
      static const char * const titles[] = {
        "Name", "Label", "Category", "Method", "Endpoint", "Last Modified",
      };

      g_assert_nonnull (strstr (labels, titles[i]));
    }
  g_assert_nonnull (strstr (labels, "https://a.example.com/"));
  g_assert_nonnull (strstr (labels, "Adobe Campaign"));
  g_assert_nonnull (strstr (labels, "PUT"));
  g_assert_nonnull (strstr (labels, "3 actions"));

  close_manage (window);
}

static void
test_manage_sort (Fixture       *fixture,
                  gconstpointer  data)
{
  /* Ascending; descending is the other way round (no ties here). */
  static const char * const orders[] = {
    "alpha beta gamma",
    "gamma alpha beta",
    "beta gamma alpha",
    "alpha gamma beta",
    "beta alpha gamma",
    "gamma beta alpha",
  };
  CaManageWindow *window;
  GtkColumnView *view;
  GListModel *columns;

  CA_TEST_REQUIRE_DISPLAY ();

  window = open_manage (fixture->catalog);
  view = ca_manage_window_get_column_view (window);
  columns = gtk_column_view_get_columns (view);
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, G_N_ELEMENTS (orders));

  for (guint i = 0; i < G_N_ELEMENTS (orders); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      g_auto(GStrv) words = g_strsplit (orders[i], " ", -1);
      g_autofree char *reversed = g_strdup_printf ("%s %s %s", words[2], words[1], words[0]);

      g_test_message ("column %s", gtk_column_view_column_get_title (column));
      g_assert_nonnull (gtk_column_view_column_get_sorter (column));

      gtk_column_view_sort_by_column (view, column, GTK_SORT_ASCENDING);
      assert_names (shown (window), orders[i]);

      gtk_column_view_sort_by_column (view, column, GTK_SORT_DESCENDING);
      assert_names (shown (window), reversed);
    }

  /* The "Sort By" menu (column titles take no keyboard focus). */
  gtk_widget_activate_action (GTK_WIDGET (window), "manage.sort-column", "s", "label");
  assert_names (shown (window), orders[1]);
  gtk_widget_activate_action (GTK_WIDGET (window), "manage.sort-descending", NULL);
  assert_names (shown (window), "beta alpha gamma");
  {
    g_autofree char *column = NULL;
    gboolean descending = FALSE;

    g_object_get (window, "sort-column", &column, "sort-descending", &descending, NULL);
    g_assert_cmpstr (column, ==, "label");
    g_assert_true (descending);
  }
  gtk_widget_activate_action (GTK_WIDGET (window), "manage.sort-column", "s", "modified");
  assert_names (shown (window), "alpha beta gamma");
  gtk_widget_activate_action (GTK_WIDGET (window), "manage.sort-descending", NULL);
  assert_names (shown (window), orders[5]);

  /* Clicks on the titles are followed by finding them by type, one per
   * column. */
  {
    GtkWidget *title = NULL;
    guint n = 0;
    GQueue queue = G_QUEUE_INIT;

    g_queue_push_tail (&queue, view);
    while (title == NULL && !g_queue_is_empty (&queue))
      {
        GtkWidget *widget = g_queue_pop_head (&queue);

        if (g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkColumnViewTitle"))
          title = widget;
        for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
          g_queue_push_tail (&queue, child);
      }
    g_queue_clear (&queue);

    g_assert_nonnull (title);
    for (GtkWidget *sibling = gtk_widget_get_first_child (gtk_widget_get_parent (title));
         sibling != NULL;
         sibling = gtk_widget_get_next_sibling (sibling))
      n++;
    g_assert_cmpuint (n, ==, G_N_ELEMENTS (orders));
  }

  /* The sort follows changes of the catalog. */
  {
    g_autoptr(GtkColumnViewColumn) name = g_list_model_get_item (columns, 0);
    g_autoptr(CaAction) action = ca_action_new ("aardvark");
    g_autoptr(GError) error = NULL;

    gtk_column_view_sort_by_column (view, name, GTK_SORT_ASCENDING);
    ca_action_set_url (action, "https://d.example.com/");
    g_assert_true (ca_catalog_add (fixture->catalog, action, &error));
    g_assert_no_error (error);
    assert_names (shown (window), "aardvark alpha beta gamma");
  }

  close_manage (window);
}

static void
test_manage_search (Fixture       *fixture,
                    gconstpointer  data)
{
  static const struct {
    const char *query;
    const char *shown;
  } searches[] = {
    { "mail", "gamma" },             /* label */
    { "GAMMA", "gamma" },            /* name, any case */
    { "a.example", "beta" },         /* endpoint */
    { "adobe", "beta" },             /* category */
    { "pùsh", "alpha" },             /* without accents */
    { "example", "alpha beta gamma" },
    { "zeta beta", "beta" },         /* every word, in any field */
    { "zeta gamma", "" },
  };
  CaManageWindow *window;
  g_autofree char *labels = NULL;

  CA_TEST_REQUIRE_DISPLAY ();

  window = open_manage (fixture->catalog);

  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    {
      g_test_message ("search %s", searches[i].query);
      search_for (window, searches[i].query);
      assert_names (shown (window), searches[i].shown);
      g_assert_cmpstr (visible_page (window), ==, searches[i].shown[0] != '\0' ? "list" : "no-match");
    }

  /* Nothing matches: the page says so and what to do. */
  ca_test_wait_for_label (GTK_WIDGET (window), "No Results Found");

  search_for (window, "");
  assert_names (shown (window), "alpha beta gamma");
  g_assert_cmpstr (visible_page (window), ==, "list");

  close_manage (window);
}

static void
test_manage_focus_search (Fixture       *fixture,
                          gconstpointer  data)
{
  CaManageWindow *window;
  GtkWidget *entry;
  GtkWidget *focus;

  CA_TEST_REQUIRE_DISPLAY ();

  window = open_manage (fixture->catalog);
  entry = ca_test_find_widget (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY);

  /* Ctrl+F */
  gtk_widget_activate_action (GTK_WIDGET (window), "manage.focus-search", NULL);
  ca_test_iterate_idle ();
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (focus == entry || gtk_widget_is_ancestor (focus, entry));

  close_manage (window);
}

/* Delete (the key on the table) and Shift+F10 (the menu) are shortcuts of
 * the table, where they cannot reach the search entry. */
static void
test_manage_keys (Fixture       *fixture,
                  gconstpointer  data)
{
  CaManageWindow *window;
  GtkWidget *view;
  g_autoptr(GListModel) controllers = NULL;
  gboolean delete_found = FALSE;
  gboolean menu_found = FALSE;

  CA_TEST_REQUIRE_DISPLAY ();

  window = open_manage (fixture->catalog);
  view = GTK_WIDGET (ca_manage_window_get_column_view (window));
  controllers = gtk_widget_observe_controllers (view);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (!GTK_IS_NAMED_ACTION (action))
            continue;
          if (g_str_equal (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), "manage.delete"))
            delete_found = strstr (trigger, "Delete") != NULL;
          if (g_str_equal (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), "manage.context-menu"))
            menu_found = strstr (trigger, "F10") != NULL;
        }
    }

  g_assert_true (delete_found);
  g_assert_true (menu_found);

  /* The menu opens on the selected row. */
  g_assert_true (ca_manage_window_select (window, "beta"));
  gtk_widget_activate_action (GTK_WIDGET (window), "manage.context-menu", NULL);
  ca_test_iterate_idle ();
  {
    GtkWidget *popover = NULL;

    for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (window));
         child != NULL;
         child = gtk_widget_get_next_sibling (child))
      {
        if (GTK_IS_POPOVER_MENU (child))
          popover = child;
      }

    g_assert_nonnull (popover);
    g_assert_true (gtk_widget_get_visible (popover));
    gtk_popover_popdown (GTK_POPOVER (popover));
  }

  /* The popover's grab made GTK 4.8 start a tooltip timeout that it does
   * not cancel when the popover's surface goes with the window: let it
   * run out while the window is still there. */
  iterate_for (1500);

  close_manage (window);
}

static void
test_manage_duplicate (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = ca_problems_new ();
  g_autoptr(CaCatalog) saved = NULL;
  CaManageWindow *window;
  CaAction *copy;
  CaAction *original;
  guint position;

  CA_TEST_REQUIRE_DISPLAY ();

  window = open_manage (fixture->catalog);
  g_assert_true (ca_manage_window_select (window, "beta"));
  ca_test_activate (button (window, "D_uplicate"));
  wait_saved (window);

  /* A new unique name; the label says it is a copy; the rest is the
   * same; right after the original, and selected. */
  copy = ca_catalog_lookup (fixture->catalog, "beta_2");
  original = ca_catalog_lookup (fixture->catalog, "beta");
  g_assert_nonnull (copy);
  g_assert_cmpstr (ca_action_get_label (copy), ==, "Zeta report (copy)");
  g_assert_cmpstr (ca_action_get_url (copy), ==, ca_action_get_url (original));
  g_assert_cmpint (ca_action_get_method (copy), ==, ca_action_get_method (original));
  g_assert_nonnull (ca_action_get_modified (copy));
  g_assert_true (ca_catalog_find (fixture->catalog, "beta_2", &position));
  g_assert_cmpuint (position, ==, 2);
  g_assert_cmpstr (selected_name (window), ==, "beta_2");
  assert_names (shown (window), "alpha beta beta_2 gamma");

  ca_action_validate (copy, NULL, problems);
  g_assert_cmpuint (problems->len, ==, 0);

  /* Saved. */
  saved = reload (fixture);
  assert_same_actions (G_LIST_MODEL (saved), G_LIST_MODEL (fixture->catalog));

  /* A copy of the copy is not "beta_2_2". */
  ca_test_activate (button (window, "D_uplicate"));
  wait_saved (window);
  g_assert_nonnull (ca_catalog_lookup (fixture->catalog, "beta_3"));
  g_assert_cmpstr (selected_name (window), ==, "beta_3");

  close_manage (window);
}

static void
test_manage_delete_undo (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(CaCatalog) saved = NULL;
  g_autoptr(CaAction) kept = NULL;
  g_autoptr(GError) error = NULL;
  CaManageWindow *window;
  guint position;

  CA_TEST_REQUIRE_DISPLAY ();

  /* The file as the catalog writes it, to compare with. */
  ca_catalog_save (fixture->catalog, NULL, &error);
  g_assert_no_error (error);
  before = read_bytes (fixture->path);

  kept = ca_action_copy (ca_catalog_lookup (fixture->catalog, "beta"));
  window = open_manage (fixture->catalog);
  g_assert_true (ca_manage_window_select (window, "beta"));
  ca_test_activate (button (window, "_Delete"));
  wait_saved (window);

  g_assert_null (ca_catalog_lookup (fixture->catalog, "beta"));
  assert_names (shown (window), "alpha gamma");
  saved = reload (fixture);
  assert_names (saved, "alpha gamma");
  g_clear_object (&saved);

  /* The toast, and its Undo. */
  ca_test_wait_for_label (GTK_WIDGET (window), "“Zeta report” deleted");
  ca_test_activate (button (window, "_Undo"));
  wait_saved (window);

  /* Back at its place, as it was, in the window and in the file. */
  g_assert_true (ca_catalog_find (fixture->catalog, "beta", &position));
  g_assert_cmpuint (position, ==, 1);
  g_assert_true (ca_action_equal (ca_catalog_lookup (fixture->catalog, "beta"), kept));
  assert_names (shown (window), "alpha beta gamma");
  g_assert_cmpstr (selected_name (window), ==, "beta");
  saved = reload (fixture);
  assert_same_actions (G_LIST_MODEL (saved), G_LIST_MODEL (fixture->catalog));
  after = read_bytes (fixture->path);
  g_assert_cmpmem (g_bytes_get_data (before, NULL), g_bytes_get_size (before),
                   g_bytes_get_data (after, NULL), g_bytes_get_size (after));

  close_manage (window);
}

static void
test_manage_import_bad (Fixture       *fixture,
                        gconstpointer  data)
{
  static const char * const files[] = {
    /* an unknown key */
    "{\"format\": 1, \"actions\": [{\"name\": \"delta\", \"url\": \"https://d.example.com/\", "
    "\"bogus\": 1}]}",
    /* a bad URL, after a good action */
    "{\"format\": 1, \"actions\": [{\"name\": \"delta\", \"url\": \"https://d.example.com/\"}, "
    "{\"name\": \"epsilon\", \"url\": \"ftp://e.example.com/\"}]}",
    /* both, one replacing an action of the catalog */
    "{\"format\": 1, \"actions\": [{\"name\": \"alpha\", \"url\": \"https://z.example.com/\"}, "
    "{\"name\": \"delta\", \"url\": \"not a url\", \"colour\": \"red\"}]}",
    /* not JSON */
    "{\"format\": 1, \"actions\": [",
  };
  g_autoptr(GBytes) before = read_bytes (fixture->path);
  g_autoptr(CaCatalog) copy = reload (fixture);
  g_autofree char *import_path = g_build_filename (fixture->dir, "bad.json", NULL);
  g_autoptr(GFile) import = g_file_new_for_path (import_path);
  Transfer transfer = { 0 };
  CaManageWindow *window;

  CA_TEST_REQUIRE_DISPLAY ();

  window = open_manage (fixture->catalog);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *expected = core_error_for (files[i]);
      g_autoptr(GBytes) after = NULL;
      AdwMessageDialog *dialog;
      const char *body;

      g_test_message ("%s: %s", files[i], expected);
      write_text (import_path, files[i]);
      import_file (window, fixture->catalog, import, &transfer);

      g_assert_false (transfer.ok);
      g_assert_nonnull (transfer.error);
      g_assert_cmpstr (transfer.error->message, ==, expected);

      /* The core's path and message, in a dialog over the window. */
      dialog = message_dialog ();
      g_assert_nonnull (dialog);
      g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
      g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Nothing Was Imported");
      body = adw_message_dialog_get_body (dialog);
      g_assert_nonnull (strstr (body, expected));
      g_assert_nonnull (strstr (body, import_path));
      if (i < 3)
        g_assert_nonnull (strstr (body, "actions["));
      gtk_window_destroy (GTK_WINDOW (dialog));
      ca_test_iterate_idle ();

      /* Nothing changed: the window, the catalog, the file. */
      assert_names (shown (window), "alpha beta gamma");
      assert_same_actions (G_LIST_MODEL (fixture->catalog), G_LIST_MODEL (copy));
      after = read_bytes (fixture->path);
      g_assert_cmpmem (g_bytes_get_data (before, NULL), g_bytes_get_size (before),
                       g_bytes_get_data (after, NULL), g_bytes_get_size (after));
    }

  /* A file that is not there. */
  g_unlink (import_path);
  import_file (window, fixture->catalog, import, &transfer);
  g_assert_error (transfer.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (message_dialog ());
  assert_same_actions (G_LIST_MODEL (fixture->catalog), G_LIST_MODEL (copy));

  transfer_clear (&transfer);
  close_manage (window);
}

static void
test_manage_import_good (Fixture       *fixture,
                         gconstpointer  data)
{
  static const char file[] =
    "{\"format\": 1, \"actions\": ["
    "{\"name\": \"delta\", \"label\": \"Delta\", \"url\": \"https://d.example.com/\"}, "
    "{\"name\": \"alpha\", \"label\": \"Alpha again\", \"url\": \"https://z.example.com/\"}, "
    "{\"name\": \"epsilon\", \"url\": \"https://e.example.com/\", \"method\": \"GET\"}]}";
  g_autofree char *import_path = g_build_filename (fixture->dir, "good.json", NULL);
  g_autoptr(GFile) import = g_file_new_for_path (import_path);
  g_autoptr(CaCatalog) saved = NULL;
  Transfer transfer = { 0 };
  CaManageWindow *window;
  guint position;

  CA_TEST_REQUIRE_DISPLAY ();

  window = open_manage (fixture->catalog);
  write_text (import_path, file);
  import_file (window, fixture->catalog, import, &transfer);

  g_assert_no_error (transfer.error);
  g_assert_true (transfer.ok);
  g_assert_cmpstrv (transfer.names, ((const char * const []) { "delta", "alpha", "epsilon", NULL }));
  g_assert_null (message_dialog ());

  /* New ones at the end; "alpha" replaced in its place. */
  assert_names (fixture->catalog, "alpha beta gamma delta epsilon");
  g_assert_cmpstr (ca_action_get_label (ca_catalog_lookup (fixture->catalog, "alpha")), ==, "Alpha again");
  g_assert_true (ca_catalog_find (fixture->catalog, "alpha", &position));
  g_assert_cmpuint (position, ==, 0);
  assert_names (shown (window), "alpha beta delta epsilon gamma");
  g_assert_cmpstr (selected_name (window), ==, "delta");
  ca_test_wait_for_label (GTK_WIDGET (window), "3 actions imported");

  saved = reload (fixture);
  assert_same_actions (G_LIST_MODEL (saved), G_LIST_MODEL (fixture->catalog));

  transfer_clear (&transfer);
  g_unlink (import_path);
  close_manage (window);
}

static void
test_manage_export (Fixture       *fixture,
                    gconstpointer  data)
{
  const char * const chosen[] = { "gamma", NULL };
  g_autofree char *export_path = g_build_filename (fixture->dir, "exported.json", NULL);
  g_autoptr(GFile) export = g_file_new_for_path (export_path);
  Transfer transfer = { 0 };
  CaManageWindow *window;

  CA_TEST_REQUIRE_DISPLAY ();

  window = open_manage (fixture->catalog);

  /* All of them: the file reads back as the same actions, and imports
   * back into an empty catalog as they are (but for the date of import). */
  export_file (window, fixture->catalog, NULL, export, &transfer);
  g_assert_no_error (transfer.error);
  g_assert_true (transfer.ok);
  ca_test_wait_for_label (GTK_WIDGET (window), "3 actions exported");
  {
    g_autoptr(GBytes) bytes = read_bytes (export_path);
    g_autoptr(GPtrArray) actions = NULL;
    g_autoptr(GListStore) store = g_list_store_new (CA_TYPE_ACTION);
    g_autoptr(GFile) other_file = g_file_new_build_filename (fixture->dir, "other.json", NULL);
    g_autoptr(CaCatalog) other = ca_catalog_new (other_file);
    g_autoptr(GError) error = NULL;

    actions = ca_action_file_parse_all (bytes, CA_ACTION_FILE_FLAGS_NONE, &error);
    g_assert_no_error (error);
    g_list_store_splice (store, 0, 0, actions->pdata, actions->len);
    assert_same_actions (G_LIST_MODEL (store), G_LIST_MODEL (fixture->catalog));

    /* Through Import… itself. */
    import_file (window, other, export, &transfer);
    g_assert_no_error (transfer.error);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (other)), ==, 3);
    for (guint i = 0; i < 3; i++)
      {
        g_autoptr(CaAction) a = g_list_model_get_item (G_LIST_MODEL (other), i);
        g_autoptr(CaAction) b = g_list_model_get_item (G_LIST_MODEL (fixture->catalog), i);
        g_autoptr(CaAction) a_dated = ca_action_copy (a);

        ca_action_set_modified (a_dated, ca_action_get_modified (b));
        g_assert_true (ca_action_equal (a_dated, b));
      }
    g_unlink (g_file_peek_path (other_file));
  }

  /* The selection only. */
  export_file (window, fixture->catalog, chosen, export, &transfer);
  g_assert_no_error (transfer.error);
  {
    g_autoptr(GBytes) bytes = read_bytes (export_path);
    g_autoptr(GPtrArray) actions = NULL;
    g_autoptr(GError) error = NULL;

    actions = ca_action_file_parse_all (bytes, CA_ACTION_FILE_FLAGS_NONE, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (actions->len, ==, 1);
    g_assert_true (ca_action_equal (g_ptr_array_index (actions, 0),
                                    ca_catalog_lookup (fixture->catalog, "gamma")));
  }

  /* A place that cannot be written: a dialog says why. */
  {
    g_autoptr(GFile) nowhere = g_file_new_build_filename (fixture->dir, "no", "such", "dir.json", NULL);

    export_file (window, fixture->catalog, NULL, nowhere, &transfer);
    g_assert_nonnull (transfer.error);
    g_assert_nonnull (message_dialog ());
    g_assert_cmpstr (adw_message_dialog_get_heading (message_dialog ()), ==,
                     "The Actions Could Not Be Exported");
  }

  transfer_clear (&transfer);
  g_unlink (export_path);
  close_manage (window);
}

static void
test_manage_read_only (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char * const changes[] = { "_Edit", "D_uplicate", "_Delete", "Create Action" };
  CaManageWindow *window;
  GtkWidget *info_bar;

  CA_TEST_REQUIRE_DISPLAY ();

  g_assert_true (ca_catalog_get_read_only (fixture->catalog));
  window = open_manage (fixture->catalog);
  g_assert_true (ca_manage_window_select (window, "alpha"));
  ca_test_iterate_idle ();

  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      g_test_message ("%s", changes[i]);
      g_assert_false (gtk_widget_is_sensitive (button (window, changes[i])));
    }
  g_assert_true (gtk_widget_is_sensitive (button (window, "_Import…")) == FALSE);

  info_bar = ca_test_find_widget (GTK_WIDGET (window), GTK_TYPE_INFO_BAR);
  g_assert_true (gtk_info_bar_get_revealed (GTK_INFO_BAR (info_bar)));
  ca_test_wait_for_label (GTK_WIDGET (window), "This catalog is read-only");

  close_manage (window);
}

static void
test_manage_empty (Fixture       *fixture,
                   gconstpointer  data)
{
  CaManageWindow *window;
  g_autoptr(CaAction) action = ca_action_new ("first");

  CA_TEST_REQUIRE_DISPLAY ();

  window = open_manage (fixture->catalog);
  g_assert_cmpstr (visible_page (window), ==, "empty");
  ca_test_wait_for_label (GTK_WIDGET (window), "No Actions");
  ca_test_wait_for_label (GTK_WIDGET (window), "Create an action, or import");
  g_assert_true (gtk_widget_is_sensitive (button (window, "_Create Action")));
  g_assert_false (gtk_widget_is_sensitive (button (window, "_Delete")));

  ca_action_set_url (action, "https://first.example.com/");
  g_assert_true (ca_catalog_add (fixture->catalog, action, NULL));
  g_assert_cmpstr (visible_page (window), ==, "list");
  g_assert_cmpstr (selected_name (window), ==, "first");

  close_manage (window);
}

/* The core functions the window uses. */
static void
test_manage_catalog_insert (void)
{
  g_autoptr(CaCatalog) catalog = ca_catalog_new (NULL);
  g_autoptr(GDateTime) old = g_date_time_new_utc (2020, 1, 1, 0, 0, 0);
  g_autoptr(GError) error = NULL;
  const char * const names[] = { "a", "b", "c", "d" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(CaAction) action = ca_action_new (names[i]);

      ca_action_set_url (action, "https://example.com/");
      if (i == 1)
        ca_action_set_modified (action, old);
      /* b at 0, then a, c in the middle, d past the end */
      g_assert_true (ca_catalog_insert (catalog, i == 0 ? 0 : i == 1 ? 0 : i == 2 ? 1 : 99, action, &error));
      g_assert_no_error (error);
    }

  assert_names (catalog, "b c a d");
  /* A date is kept; none is stamped. */
  g_assert_true (g_date_time_equal (ca_action_get_modified (ca_catalog_lookup (catalog, "b")), old));
  g_assert_nonnull (ca_action_get_modified (ca_catalog_lookup (catalog, "a")));

  /* Checked like add. */
  {
    g_autoptr(CaAction) twice = ca_action_new ("a");
    g_autoptr(CaAction) invalid = ca_action_new ("e");

    ca_action_set_url (twice, "https://example.com/");
    g_assert_false (ca_catalog_insert (catalog, 0, twice, &error));
    g_assert_error (error, CA_CATALOG_ERROR, CA_CATALOG_ERROR_EXISTS);
    g_clear_error (&error);
    ca_action_set_url (invalid, "ftp://example.com/");
    g_assert_false (ca_catalog_insert (catalog, 0, invalid, &error));
    g_assert_error (error, CA_CATALOG_ERROR, CA_CATALOG_ERROR_INVALID);
    g_clear_error (&error);
    assert_names (catalog, "b c a d");
  }
}

static void
import_async_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Transfer *transfer = user_data;

  transfer->ok = ca_catalog_import_finish (CA_CATALOG (object), result, &transfer->names, &transfer->error);
  transfer->done = TRUE;
}

static void
test_manage_catalog_import_async (void)
{
  static const char good[] =
    "{\"format\": 1, \"actions\": [{\"name\": \"b\", \"url\": \"https://b2.example.com/\"}, "
    "{\"name\": \"c\", \"url\": \"https://c.example.com/\"}]}";
  static const char bad[] =
    "{\"format\": 1, \"actions\": [{\"name\": \"d\", \"url\": \"https://d.example.com/\"}, "
    "{\"name\": \"e\", \"url\": \"https://e.example.com/\", \"bogus\": true}]}";
  g_autoptr(CaCatalog) catalog = ca_catalog_new (NULL);
  g_autoptr(GBytes) good_bytes = g_bytes_new_static (good, strlen (good));
  g_autoptr(GBytes) bad_bytes = g_bytes_new_static (bad, strlen (bad));
  Transfer transfer = { 0 };

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(CaAction) action = ca_action_new (i == 0 ? "a" : "b");

      ca_action_set_url (action, "https://example.com/");
      g_assert_true (ca_catalog_add (catalog, action, NULL));
    }

  ca_catalog_import_async (catalog, good_bytes, NULL, import_async_cb, &transfer);
  /* Nothing changes before the end. */
  assert_names (catalog, "a b");
  ca_test_iterate_until (transfer_done, &transfer);
  g_assert_no_error (transfer.error);
  g_assert_true (transfer.ok);
  g_assert_cmpstrv (transfer.names, ((const char * const []) { "b", "c", NULL }));
  assert_names (catalog, "a b c");
  g_assert_cmpstr (ca_action_get_url (ca_catalog_lookup (catalog, "b")), ==, "https://b2.example.com/");

  transfer_clear (&transfer);
  ca_catalog_import_async (catalog, bad_bytes, NULL, import_async_cb, &transfer);
  ca_test_iterate_until (transfer_done, &transfer);
  g_assert_false (transfer.ok);
  g_assert_nonnull (transfer.error);
  g_assert_nonnull (strstr (transfer.error->message, "actions[1]"));
  g_assert_null (transfer.names);
  assert_names (catalog, "a b c");
  transfer_clear (&transfer);
}

static const char broken[] =
  "{\"format\": 1, \"actions\": [{\"name\": \"alpha\", \"url\": \"https://a.example.com/\"}, "
  "{\"name\": \"beta\", \"url\": \"https://b.example.com/\", \"bogus\": 1}]}\n";

static const char empty[] = "{\"format\": 1, \"actions\": []}\n";

int
main (int   argc,
      char *argv[])
{
  ca_test_ui_init (&argc, &argv);

#define ADD(path, text, func) \
  g_test_add ("/ca/manage-window/" path, Fixture, text, fixture_set_up, func, fixture_tear_down)

  ADD ("opens", NULL, test_manage_opens);
  ADD ("sort", NULL, test_manage_sort);
  ADD ("search", NULL, test_manage_search);
  ADD ("focus-search", NULL, test_manage_focus_search);
  ADD ("keys", NULL, test_manage_keys);
  ADD ("duplicate", NULL, test_manage_duplicate);
  ADD ("delete-undo", NULL, test_manage_delete_undo);
  ADD ("import-bad", NULL, test_manage_import_bad);
  ADD ("import-good", NULL, test_manage_import_good);
  ADD ("export", NULL, test_manage_export);
  ADD ("read-only", broken, test_manage_read_only);
  ADD ("empty", empty, test_manage_empty);
  g_test_add_func ("/ca/manage-window/catalog-insert", test_manage_catalog_insert);
  g_test_add_func ("/ca/manage-window/catalog-import-async", test_manage_catalog_import_async);

#undef ADD

  return g_test_run ();
}
