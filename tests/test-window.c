/* test-window.c: the main window, driven through its real widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "ca-catalog.h"
#include "ca-enums.h"
#include "ca-palette.h"
#include "ca-palette-category.h"
#include "ca-test-ui.h"
#include "ca-window.h"

static gboolean
is_loaded (gpointer window)
{
  return !ca_window_get_loading (window);
}

static CaCatalog *
catalog_from_text (const char *text)
{
  g_autoptr(CaCatalog) catalog = ca_catalog_new (NULL);
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;

  ca_catalog_import (catalog, bytes, NULL, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&catalog);
}

static CaCatalog *
sample_catalog (void)
{
  g_autoptr(CaCatalog) catalog = ca_catalog_new (NULL);
  g_autoptr(GBytes) bytes = ca_catalog_get_sample_bytes ();
  g_autoptr(GError) error = NULL;

  ca_catalog_import (catalog, bytes, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), >, 0);

  return g_steal_pointer (&catalog);
}

static CaWindow *
open_window (CaCatalog *catalog)
{
  CaWindow *window = ca_window_new (NULL, catalog);

  gtk_window_present (GTK_WINDOW (window));
  ca_test_wait_mapped (GTK_WIDGET (window));

  return window;
}

/* Destroys @window and checks that nothing keeps it, its palette or the
 * palette's rows alive. */
static void
close_window (CaWindow *window)
{
  GObject *palette = G_OBJECT (ca_test_find_widget (GTK_WIDGET (window), CA_TYPE_PALETTE));
  GObject *list_view = G_OBJECT (ca_test_find_widget (GTK_WIDGET (palette), GTK_TYPE_LIST_VIEW));
  GObject *rows = G_OBJECT (gtk_list_view_get_model (GTK_LIST_VIEW (list_view)));

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);
  g_object_add_weak_pointer (palette, (gpointer *)&palette);
  g_object_add_weak_pointer (rows, (gpointer *)&rows);

  gtk_window_destroy (GTK_WINDOW (window));
  ca_test_iterate_idle ();

  g_assert_null (window);
  g_assert_null (palette);
  g_assert_null (rows);
}

/* The model the palette's list view shows. */
static GListModel *
shown_rows (CaWindow *window)
{
  GtkWidget *palette = ca_test_find_widget (GTK_WIDGET (window), CA_TYPE_PALETTE);
  GtkWidget *list_view;

  g_assert_nonnull (palette);
  list_view = ca_test_find_widget (palette, GTK_TYPE_LIST_VIEW);
  g_assert_nonnull (list_view);

  return G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list_view)));
}

static gpointer
row_item (GListModel *rows,
          guint       position)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, position);

  g_assert_true (GTK_IS_TREE_LIST_ROW (row));

  return gtk_tree_list_row_get_item (row);
}

/* The actions shown, in order. */
static GPtrArray *
shown_actions (CaWindow *window)
{
  GListModel *rows = shown_rows (window);
  GPtrArray *actions = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      gpointer item = row_item (rows, i);

      if (CA_IS_ACTION (item))
        g_ptr_array_add (actions, item);
      else
        g_object_unref (item);
    }

  return actions;
}

static gboolean
contains_action (GPtrArray *actions,
                 CaAction  *action)
{
  return g_ptr_array_find (actions, action, NULL);
}

static guint
count_in_category (CaCatalog  *catalog,
                   CaCategory  category)
{
  guint count = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (catalog)); i++)
    {
      g_autoptr(CaAction) action = g_list_model_get_item (G_LIST_MODEL (catalog), i);

      if (ca_action_get_category (action) == category)
        count++;
    }

  return count;
}

typedef struct {
  const char *text;
  gboolean    seen;
} SearchWait;

static void
search_changed_cb (GtkSearchEntry *entry,
                   SearchWait     *wait)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), wait->text) == 0)
    wait->seen = TRUE;
}

static gboolean
search_seen (gpointer data)
{
  SearchWait *wait = data;

  return wait->seen;
}

/* Types @text at the end of the search entry, one character at a time,
 * and waits for the search-changed that carries the whole of it (the entry
 * waits for a pause in the typing, except when it becomes empty). */
static void
type_search (CaWindow   *window,
             const char *text,
             gboolean    replace)
{
  GtkWidget *entry = ca_test_find_widget (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY);
  g_autofree char *expected = NULL;
  SearchWait wait = { NULL, FALSE };
  gulong handler;

  g_assert_nonnull (entry);

  if (replace)
    expected = g_strdup (text);
  else
    expected = g_strconcat (gtk_editable_get_text (GTK_EDITABLE (entry)), text, NULL);
  wait.text = expected;

  handler = g_signal_connect (entry, "search-changed", G_CALLBACK (search_changed_cb), &wait);

  if (replace || text[0] == '\0')
    {
      gtk_editable_set_text (GTK_EDITABLE (entry), text);
    }
  else
    {
      for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
        {
          int position = -1;

          gtk_editable_insert_text (GTK_EDITABLE (entry), p, g_utf8_next_char (p) - p, &position);
        }
    }

  ca_test_iterate_until (search_seen, &wait);
  g_signal_handler_disconnect (entry, handler);
  ca_test_iterate_idle ();
}

/* Cases ------------------------------------------------------------------ */

static void
test_window_opens (void)
{
  g_autoptr(CaCatalog) catalog = NULL;
  g_autoptr(GPtrArray) actions = NULL;
  static const CaCategory order[] = {
    CA_CATEGORY_CHANNEL, CA_CATEGORY_CAMPAIGN, CA_CATEGORY_CUSTOM,
  };
  GtkWidget *palette;
  GListModel *rows;
  CaWindow *window;
  guint n_categories = 0;
  guint n_catalog;

  CA_TEST_REQUIRE_DISPLAY ();

  catalog = sample_catalog ();
  n_catalog = g_list_model_get_n_items (G_LIST_MODEL (catalog));
  window = open_window (catalog);
  rows = shown_rows (window);

  /* Three categories, in order, each followed by its actions (unfolded
   * at first), with their counts. */
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GObject) item = row_item (rows, i);

      if (CA_IS_PALETTE_CATEGORY (item))
        {
          CaPaletteCategory *category = CA_PALETTE_CATEGORY (item);

          g_assert_cmpuint (n_categories, <, G_N_ELEMENTS (order));
          g_assert_cmpint (ca_palette_category_get_category (category), ==, order[n_categories]);
          g_assert_cmpuint (ca_palette_category_get_count (category), ==,
                            count_in_category (catalog, order[n_categories]));
          n_categories++;
        }
      else
        {
          g_assert_true (CA_IS_ACTION (item));
          g_assert_cmpuint (n_categories, >, 0);
          g_assert_cmpint (ca_action_get_category (CA_ACTION (item)), ==, order[n_categories - 1]);
        }
    }
  g_assert_cmpuint (n_categories, ==, 3);

  actions = shown_actions (window);
  g_assert_cmpuint (actions->len, ==, n_catalog);
  for (guint i = 0; i < n_catalog; i++)
    {
      g_autoptr(CaAction) action = g_list_model_get_item (G_LIST_MODEL (catalog), i);

      g_assert_true (contains_action (actions, action));
    }

  /* The rows on screen say it too. */
  ca_test_wait_for_label (ca_test_find_widget (GTK_WIDGET (window), GTK_TYPE_LIST_VIEW), "Channels\n");
  ca_test_wait_for_label (ca_test_find_widget (GTK_WIDGET (window), GTK_TYPE_LIST_VIEW),
                  ca_action_get_display_label (g_ptr_array_index (actions, 0)));

  /* Picking an action shows it on the right. */
  palette = ca_test_find_widget (GTK_WIDGET (window), CA_TYPE_PALETTE);
  g_assert_null (ca_palette_get_selected_action (CA_PALETTE (palette)));
  g_assert_true (gtk_selection_model_select_item (GTK_SELECTION_MODEL (rows), 1, TRUE));
  ca_test_iterate_idle ();
  g_assert_true (ca_palette_get_selected_action (CA_PALETTE (palette)) == g_ptr_array_index (actions, 0));

  ca_test_wait_for_label (GTK_WIDGET (window), ca_action_get_url (g_ptr_array_index (actions, 0)));

  close_window (window);
}

/* What the search should find, worked out here on its own. */
static gboolean
expect_match (CaAction   *action,
              const char *query)
{
  g_autofree char *folded_query = g_utf8_casefold (query, -1);
  const char *texts[] = {
    ca_action_get_display_label (action),
    ca_action_get_name (action),
    ca_action_get_description (action),
    ca_palette_category_title_for (ca_action_get_category (action)),
    ca_enum_to_nick (CA_TYPE_CATEGORY, ca_action_get_category (action)),
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *folded = texts[i] ? g_utf8_casefold (texts[i], -1) : NULL;

      if (folded != NULL && strstr (folded, folded_query) != NULL)
        return TRUE;
    }

  return FALSE;
}

static void
test_window_search (void)
{
  g_autoptr(CaCatalog) catalog = NULL;
  g_autoptr(GPtrArray) shown = NULL;
  g_autoptr(CaAction) target = NULL;
  g_autofree char *query = NULL;
  GListModel *rows;
  CaWindow *window;
  guint n_catalog;
  guint n_rows;
  guint best = G_MAXUINT;
  guint expected = 0;

  CA_TEST_REQUIRE_DISPLAY ();

  catalog = sample_catalog ();
  n_catalog = g_list_model_get_n_items (G_LIST_MODEL (catalog));
  g_assert_cmpuint (n_catalog, >, 1);

  /* The action whose name finds the fewest others. */
  for (guint i = 0; i < n_catalog; i++)
    {
      g_autoptr(CaAction) action = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      guint n = 0;

      for (guint j = 0; j < n_catalog; j++)
        {
          g_autoptr(CaAction) other = g_list_model_get_item (G_LIST_MODEL (catalog), j);

          n += expect_match (other, ca_action_get_name (action));
        }

      if (n < best)
        {
          best = n;
          g_set_object (&target, action);
        }
    }
  g_assert_cmpuint (best, <, n_catalog);

  window = open_window (catalog);
  rows = shown_rows (window);
  n_rows = g_list_model_get_n_items (rows);

  /* Typed in capitals: the case does not matter. */
  query = g_utf8_strup (ca_action_get_name (target), -1);
  type_search (window, query, FALSE);

  shown = shown_actions (window);
  g_assert_true (contains_action (shown, target));
  for (guint i = 0; i < n_catalog; i++)
    {
      g_autoptr(CaAction) action = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      gboolean match = expect_match (action, ca_action_get_name (target));

      g_assert_cmpint (contains_action (shown, action), ==, match);
      expected += match;
    }
  g_assert_cmpuint (shown->len, ==, expected);
  g_assert_cmpuint (g_list_model_get_n_items (rows), <, n_rows);

  /* Only the categories with something found are left, with what they
   * found as their count. */
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GObject) item = row_item (rows, i);

      if (CA_IS_PALETTE_CATEGORY (item))
        g_assert_cmpuint (ca_palette_category_get_count (CA_PALETTE_CATEGORY (item)), >, 0);
    }

  /* Nothing found: the list says so. */
  type_search (window, "zzqx", FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 0);

  /* Emptied: everything is back. */
  type_search (window, "", TRUE);
  g_clear_pointer (&shown, g_ptr_array_unref);
  shown = shown_actions (window);
  g_assert_cmpuint (shown->len, ==, n_catalog);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, n_rows);

  close_window (window);
}

static void
test_window_search_accents (void)
{
  g_autoptr(CaCatalog) catalog = NULL;
  g_autoptr(GPtrArray) shown = NULL;
  CaWindow *window;

  CA_TEST_REQUIRE_DISPLAY ();

  catalog = catalog_from_text (
    "{\"format\": 1, \"actions\": ["
    " {\"name\": \"cafe\", \"label\": \"Café crème\", \"category\": \"custom\","
    "  \"description\": \"Orders a drink\","
    "  \"url\": \"https://example.com/cafe\", \"method\": \"GET\"},"
    " {\"name\": \"tea\", \"label\": \"Tea\", \"category\": \"custom\","
    "  \"description\": \"Réserve une TABLE près de la fenêtre\","
    "  \"url\": \"https://example.com/tea\", \"method\": \"GET\"}"
    "]}");
  window = open_window (catalog);

  /* Without accents, in another case, in another order. */
  type_search (window, "CREME cafe", TRUE);
  shown = shown_actions (window);
  g_assert_cmpuint (shown->len, ==, 1);
  g_assert_cmpstr (ca_action_get_name (g_ptr_array_index (shown, 0)), ==, "cafe");

  /* With accents the text has not. */
  type_search (window, "tâble", TRUE);
  g_clear_pointer (&shown, g_ptr_array_unref);
  shown = shown_actions (window);
  g_assert_cmpuint (shown->len, ==, 1);
  g_assert_cmpstr (ca_action_get_name (g_ptr_array_index (shown, 0)), ==, "tea");

  /* Looser again. */
  type_search (window, "e", TRUE);
  g_clear_pointer (&shown, g_ptr_array_unref);
  shown = shown_actions (window);
  g_assert_cmpuint (shown->len, ==, 2);

  close_window (window);
}

static void
test_window_keeps_selection (void)
{
  g_autoptr(CaCatalog) catalog = NULL;
  GtkSelectionModel *rows;
  GtkWidget *palette;
  CaAction *selected;
  CaWindow *window;
  guint position;

  CA_TEST_REQUIRE_DISPLAY ();

  catalog = sample_catalog ();
  window = open_window (catalog);
  rows = GTK_SELECTION_MODEL (shown_rows (window));
  palette = ca_test_find_widget (GTK_WIDGET (window), CA_TYPE_PALETTE);

  /* The last action: a search for anything else hides it. */
  position = g_list_model_get_n_items (G_LIST_MODEL (rows)) - 1;
  gtk_selection_model_select_item (rows, position, TRUE);
  selected = ca_palette_get_selected_action (CA_PALETTE (palette));
  g_assert_nonnull (selected);

  type_search (window, "zzqx", TRUE);
  g_assert_true (ca_palette_get_selected_action (CA_PALETTE (palette)) == selected);

  type_search (window, "", TRUE);
  g_assert_true (ca_palette_get_selected_action (CA_PALETTE (palette)) == selected);
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (rows)), ==, position);

  close_window (window);
}

static void
test_window_read_only (void)
{
  static const char broken[] =
    "{\n"
    "  \"format\": 1,\n"
    "  \"actions\": [\n"
    "    {\"name\": \"x\",, }\n";
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "broken.json", NULL);
  g_autofree char *backup = g_strconcat (path, "~", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *labels = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(CaCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *info_bar;
  CaWindow *window;

  CA_TEST_REQUIRE_DISPLAY ();

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  g_file_set_contents (path, broken, -1, &error);
  g_assert_no_error (error);

  file = g_file_new_for_path (path);
  catalog = ca_catalog_new (file);
  window = open_window (catalog);

  info_bar = ca_test_find_widget (GTK_WIDGET (window), GTK_TYPE_INFO_BAR);
  g_assert_nonnull (info_bar);
  g_assert_false (gtk_info_bar_get_revealed (GTK_INFO_BAR (info_bar)));

  ca_window_load_catalog (window, CA_CATALOG_LOAD_FLAGS_NONE);
  g_assert_true (ca_window_get_loading (window));
  ca_test_iterate_until (is_loaded, window);
  ca_test_iterate_idle ();

  g_assert_true (ca_catalog_get_read_only (catalog));
  g_assert_true (gtk_info_bar_get_revealed (GTK_INFO_BAR (info_bar)));
  g_assert_cmpint (gtk_info_bar_get_message_type (GTK_INFO_BAR (info_bar)), ==, GTK_MESSAGE_WARNING);

  /* It says where the file is broken, once it has slid in. */
  ca_test_wait_for_label (info_bar, ca_catalog_get_problem (catalog));
  labels = ca_test_labels_of (info_bar);
  g_test_message ("Info bar: %s", labels);
  g_assert_true (g_regex_match_simple ("[0-9]+:[0-9]+", labels, 0, 0));
  g_assert_nonnull (strstr (labels, ca_catalog_get_problem (catalog)));

  /* Closing (which saves the window size) leaves the file as it was. */
  gtk_window_close (GTK_WINDOW (window));
  ca_test_iterate_idle ();

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, broken);
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));

  g_unlink (path);
}

static void
test_window_size_kept (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(CaCatalog) catalog = NULL;
  CaWindow *window;
  int width, height;

  CA_TEST_REQUIRE_DISPLAY ();

  settings = g_settings_new (APP_ID);
  g_settings_set_int (settings, "window-width", 820);
  g_settings_set_int (settings, "window-height", 610);

  catalog = sample_catalog ();
  window = open_window (catalog);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 820);
  g_assert_cmpint (height, ==, 610);

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  gtk_window_close (GTK_WINDOW (window));
  ca_test_iterate_idle ();

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 640);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
}

int
main (int   argc,
      char *argv[])
{
  ca_test_ui_init (&argc, &argv);

  g_test_add_func ("/ca/window/opens", test_window_opens);
  g_test_add_func ("/ca/window/search", test_window_search);
  g_test_add_func ("/ca/window/search-accents", test_window_search_accents);
  g_test_add_func ("/ca/window/keeps-selection", test_window_keeps_selection);
  g_test_add_func ("/ca/window/read-only", test_window_read_only);
  g_test_add_func ("/ca/window/size-kept", test_window_size_kept);

  return g_test_run ();
}
