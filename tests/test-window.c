/* test-window.c: the main window, driven through its real widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "ca-action-file.h"
#include "ca-catalog.h"
#include "ca-config-dialog.h"
#include "ca-details-page.h"
#include "ca-enums.h"
#include "ca-manage-window.h"
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
  rows = ca_test_palette_rows (GTK_WIDGET (window));

  /* Three categories, in order, each followed by its actions (unfolded
   * at first), with their counts. */
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GObject) item = ca_test_palette_row_item (rows, i);

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

  actions = ca_test_palette_actions (GTK_WIDGET (window));
  g_assert_cmpuint (actions->len, ==, n_catalog);
  for (guint i = 0; i < n_catalog; i++)
    {
      g_autoptr(CaAction) action = g_list_model_get_item (G_LIST_MODEL (catalog), i);

      g_assert_true (g_ptr_array_find (actions, action, NULL));
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

/* A catalog file with the sample actions, loaded in a window. */
static CaWindow *
open_window_on_file (const char  *path,
                     CaCatalog  **catalog)
{
  g_autoptr(GBytes) bytes = ca_catalog_get_sample_bytes ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  CaWindow *window;

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);

  *catalog = ca_catalog_new (file);
  window = open_window (*catalog);
  ca_window_load_catalog (window, CA_CATALOG_LOAD_FLAGS_NONE);
  ca_test_iterate_until (is_loaded, window);
  ca_test_iterate_idle ();

  return window;
}

/* What another program writes: the sample actions with @label for
 * @name, and an action @added (when not NULL) copied from the first. */
static void
write_changed_catalog (const char *path,
                       const char *name,
                       const char *label,
                       const char *added)
{
  g_autoptr(GBytes) sample = ca_catalog_get_sample_bytes ();
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  actions = ca_action_file_parse_all (sample, CA_ACTION_FILE_FLAGS_NONE, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < actions->len; i++)
    {
      CaAction *action = g_ptr_array_index (actions, i);

      if (g_strcmp0 (ca_action_get_name (action), name) == 0)
        ca_action_set_label (action, label);
    }

  if (added != NULL)
    {
      CaAction *copy = ca_action_copy (g_ptr_array_index (actions, 0));

      ca_action_set_name (copy, added);
      ca_action_set_label (copy, "Added from the command line");
      g_ptr_array_add (actions, copy);
    }

  bytes = ca_action_file_write (actions, &error);
  g_assert_no_error (error);
  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
}

static void
test_window_external_edit (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "followed.json", NULL);
  g_autoptr(CaCatalog) catalog = NULL;
  GtkWidget *palette;
  GtkWidget *details;
  CaAction *selected;
  CaWindow *window;

  CA_TEST_REQUIRE_DISPLAY ();

  window = open_window_on_file (path, &catalog);
  palette = ca_test_find_widget (GTK_WIDGET (window), CA_TYPE_PALETTE);
  details = ca_test_find_widget (GTK_WIDGET (window), CA_TYPE_DETAILS_PAGE);
  g_assert_true (ca_window_select_action (window, ca_catalog_lookup (catalog, "sendSms")));
  ca_test_iterate_idle ();

  /* Another program adds an action and renames the one shown. */
  write_changed_catalog (path, "sendSms", "Text a customer", "fromTheCli");
  ca_test_wait_for_label (ca_test_find_widget (GTK_WIDGET (window), GTK_TYPE_LIST_VIEW),
                          "Added from the command line");
  ca_test_wait_for_label (ca_test_find_widget (GTK_WIDGET (window), GTK_TYPE_LIST_VIEW),
                          "Text a customer");
  g_assert_nonnull (ca_catalog_lookup (catalog, "fromTheCli"));

  /* The action shown is still picked, in its new version. */
  ca_test_wait_for_label (details, "Text a customer");
  selected = ca_palette_get_selected_action (CA_PALETTE (palette));
  g_assert_nonnull (selected);
  g_assert_cmpstr (ca_action_get_name (selected), ==, "sendSms");
  g_assert_true (selected == ca_catalog_lookup (catalog, "sendSms"));
  g_assert_false (ca_catalog_get_read_only (catalog));

  close_window (window);
  g_unlink (path);
}

static gboolean
info_bar_revealed (gpointer info_bar)
{
  return gtk_info_bar_get_revealed (info_bar);
}

static gboolean
info_bar_hidden (gpointer info_bar)
{
  return !gtk_info_bar_get_revealed (info_bar);
}

static void
test_window_external_broken (void)
{
  static const char broken[] = "{\"format\": 1, \"actions\": [ {\"name\": \"x\",, ";
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "followed.json", NULL);
  g_autoptr(CaCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *info_bar;
  GtkWidget *open_folder;
  CaWindow *window;
  guint n_actions;

  CA_TEST_REQUIRE_DISPLAY ();

  window = open_window_on_file (path, &catalog);
  info_bar = ca_test_find_widget (GTK_WIDGET (window), GTK_TYPE_INFO_BAR);
  n_actions = g_list_model_get_n_items (G_LIST_MODEL (catalog));
  g_assert_true (gtk_widget_is_sensitive (ca_test_find_named (GTK_WIDGET (window), "Create Action")));

  /* Broken by someone else: read-only, said so, the actions kept. */
  g_file_set_contents (path, broken, -1, &error);
  g_assert_no_error (error);
  ca_test_iterate_until (info_bar_revealed, info_bar);
  ca_test_wait_for_label (info_bar, ca_catalog_get_problem (catalog));
  open_folder = ca_test_find_named (info_bar, "_Open Folder");
  g_assert_nonnull (open_folder);
  g_assert_true (gtk_widget_get_visible (open_folder));
  g_assert_true (gtk_widget_is_sensitive (open_folder));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, n_actions);
  ca_test_iterate_idle ();
  g_assert_false (gtk_widget_is_sensitive (ca_test_find_named (GTK_WIDGET (window), "Create Action")));

  /* Repaired: writable again. */
  write_changed_catalog (path, "sendSms", "Text a customer", NULL);
  ca_test_iterate_until (info_bar_hidden, info_bar);
  g_assert_false (ca_catalog_get_read_only (catalog));
  g_assert_cmpstr (ca_action_get_label (ca_catalog_lookup (catalog, "sendSms")), ==, "Text a customer");
  ca_test_iterate_idle ();
  g_assert_true (gtk_widget_is_sensitive (ca_test_find_named (GTK_WIDGET (window), "Create Action")));

  close_window (window);
  g_unlink (path);
}

/* The first open window of @type. */
static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }

  return NULL;
}

static gboolean
message_dialog_shown (gpointer data)
{
  GtkWindow **dialog = data;

  *dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  return *dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (*dialog));
}

typedef struct {
  CaCatalog  *catalog;
  const char *name;
  const char *label;
} LabelIs;

static gboolean
label_is (gpointer data)
{
  LabelIs *wait = data;
  CaAction *action = ca_catalog_lookup (wait->catalog, wait->name);

  return action != NULL && g_strcmp0 (ca_action_get_label (action), wait->label) == 0;
}

/* An action is being edited when the file changes: the user says which
 * to keep. */
static void
test_window_external_conflict (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "followed.json", NULL);
  g_autoptr(CaCatalog) catalog = NULL;
  g_autofree char *label = NULL;
  GtkWindow *message = NULL;
  GtkWindow *config;
  CaWindow *window;
  LabelIs wait;

  CA_TEST_REQUIRE_DISPLAY ();

  window = open_window_on_file (path, &catalog);
  g_assert_true (ca_window_select_action (window, ca_catalog_lookup (catalog, "sendSms")));
  label = g_strdup (ca_action_get_label (ca_catalog_lookup (catalog, "sendSms")));

  /* Keeping ours: nothing changes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.edit-action", NULL));
  config = find_toplevel (CA_TYPE_CONFIG_DIALOG);
  g_assert_nonnull (config);
  ca_test_wait_mapped (GTK_WIDGET (config));
  /* An edit not saved yet: what a reload would lose. */
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (config),
                                                                      CA_TYPE_CONFIG_DIALOG,
                                                                      "description_row")),
                         "Being edited");

  write_changed_catalog (path, "sendSms", "Text a customer", NULL);
  ca_test_iterate_until (message_dialog_shown, &message);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (message)), ==,
                   "The Catalog Changed on Disk");
  g_assert_true (gtk_window_get_transient_for (message) == GTK_WINDOW (window));
  g_object_add_weak_pointer (G_OBJECT (message), (gpointer *) &message);
  ca_test_activate (ca_test_find_named (GTK_WIDGET (message), "_Keep My Changes"));
  ca_test_iterate_until (ca_test_is_null, &message);
  g_assert_cmpstr (ca_action_get_label (ca_catalog_lookup (catalog, "sendSms")), ==, label);
  g_assert_true (find_toplevel (CA_TYPE_CONFIG_DIALOG) == config);

  /* Taking the file's: it shows, and the editing window goes. */
  g_object_add_weak_pointer (G_OBJECT (config), (gpointer *) &config);
  write_changed_catalog (path, "sendSms", "Text a customer again", NULL);
  ca_test_iterate_until (message_dialog_shown, &message);
  g_object_add_weak_pointer (G_OBJECT (message), (gpointer *) &message);
  ca_test_activate (ca_test_find_named (GTK_WIDGET (message), "_Reload from Disk"));
  wait = (LabelIs) { catalog, "sendSms", "Text a customer again" };
  ca_test_iterate_until (label_is, &wait);
  ca_test_iterate_until (ca_test_is_null, &config);
  ca_test_iterate_until (ca_test_is_null, &message);

  /* Without anything being edited, no question. */
  write_changed_catalog (path, "sendSms", "Text a customer once more", NULL);
  wait = (LabelIs) { catalog, "sendSms", "Text a customer once more" };
  ca_test_iterate_until (label_is, &wait);
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  close_window (window);
  g_unlink (path);
}

/* label → whether the menu item under @root that shows it can be used */
static void
collect_items (GtkWidget  *root,
               GHashTable *sensitive)
{
  /* Menu items are GtkModelButtons, which show their label as "text". */
  if (GTK_IS_ACTIONABLE (root) && g_object_class_find_property (G_OBJECT_GET_CLASS (root), "text") != NULL)
    {
      char *text = NULL;

      g_object_get (root, "text", &text, NULL);
      g_hash_table_insert (sensitive, text, GINT_TO_POINTER (gtk_widget_is_sensitive (root)));
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_items (child, sensitive);
}

/* The primary menu offers what the application does, each enabled when
 * it can be done. */
static void
test_window_menu (void)
{
  static const struct {
    const char *label;
    const char *action;
  } expected[] = {
    { "_Create Action", "win.new-action" },
    { "_Import…", "win.import" },
    { "_Export…", "win.export" },
    { "_Manage Actions", "win.manage" },
    { "_Keyboard Shortcuts", "win.show-help-overlay" },
    { "_About Custom Actions", "app.about" },
    { "_Quit", "app.quit" },
  };
  g_autoptr(CaCatalog) catalog = NULL;
  g_autoptr(GString) seen = g_string_new (NULL);
  GtkWidget *button;
  GMenuModel *menu;
  GtkWindow *manage;
  CaWindow *window;
  guint found = 0;
  GLogLevelFlags fatal;

  CA_TEST_REQUIRE_DISPLAY ();

  catalog = sample_catalog ();
  window = open_window (catalog);
  button = ca_test_find_widget (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (button);
  g_assert_true (gtk_menu_button_get_primary (GTK_MENU_BUTTON (button)));
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));

  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      for (int j = 0; section != NULL && j < g_menu_model_get_n_items (section); j++)
        {
          g_autofree char *label = NULL;
          g_autofree char *action = NULL;

          g_menu_model_get_item_attribute (section, j, G_MENU_ATTRIBUTE_LABEL, "s", &label);
          g_menu_model_get_item_attribute (section, j, G_MENU_ATTRIBUTE_ACTION, "s", &action);
          g_string_append_printf (seen, "%s=%s\n", label, action);
          g_assert_cmpuint (found, <, G_N_ELEMENTS (expected));
          g_assert_cmpstr (label, ==, expected[found].label);
          g_assert_cmpstr (action, ==, expected[found].action);
          found++;
        }
    }
  g_test_message ("Menu:\n%s", seen->str);
  g_assert_cmpuint (found, ==, G_N_ELEMENTS (expected));

  /* Each item can be used on a catalog that has actions and is writable. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  {
    GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
    g_autoptr(GHashTable) sensitive = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    ca_test_wait_mapped (popover);
    collect_items (popover, sensitive);
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        g_autoptr(GString) shown = g_string_new (expected[i].label);

        /* The application's actions need an application. */
        if (g_str_has_prefix (expected[i].action, "app."))
          continue;

        /* Shown without the mnemonic's underscore. */
        g_string_replace (shown, "_", "", 0);
        g_assert_true (g_hash_table_contains (sensitive, shown->str));
        g_assert_true (GPOINTER_TO_INT (g_hash_table_lookup (sensitive, shown->str)));
      }
    gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  }

  /* Manage Actions: one window, brought back when asked again. */
  g_assert_null (find_toplevel (CA_TYPE_MANAGE_WINDOW));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.manage", NULL));
  manage = find_toplevel (CA_TYPE_MANAGE_WINDOW);
  g_assert_nonnull (manage);
  g_assert_true (gtk_window_get_transient_for (manage) == GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.manage", NULL));
  {
    GListModel *toplevels = gtk_window_get_toplevels ();
    guint n_manage = 0;

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

        n_manage += CA_IS_MANAGE_WINDOW (item);
      }
    g_assert_cmpuint (n_manage, ==, 1);
  }
  gtk_window_destroy (manage);

  /* Keyboard Shortcuts: built when asked (not waiting hidden before, see
   * ca_window_show_shortcuts()), one window, gone once closed, built again
   * when asked again. */
  g_assert_null (find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW));
  /* GTK 4.8 with libadwaita 1.2 measures a label among the shortcuts
   * window's key caps at -3 px and warns (GTK's widgets, not ours): while
   * it is open, warnings are not fatal. Criticals still are. GTK logs
   * structured, which g_test_log_set_fatal_handler() and
   * g_test_expect_message() do not see, so it cannot be that one warning
   * alone. */
  fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  for (guint round = 0; round < 2; round++)
    {
      GtkWindow *shortcuts;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
      shortcuts = find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
      g_assert_nonnull (shortcuts);
      g_assert_true (gtk_widget_get_visible (GTK_WIDGET (shortcuts)));
      g_assert_true (gtk_window_get_transient_for (shortcuts) == GTK_WINDOW (window));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
      g_assert_true (find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW) == shortcuts);

      gtk_window_close (shortcuts);
      ca_test_iterate_idle ();
      g_assert_null (find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW));
    }
  g_log_set_always_fatal (fatal);

  close_window (window);
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
  g_test_add_func ("/ca/window/read-only", test_window_read_only);
  g_test_add_func ("/ca/window/size-kept", test_window_size_kept);
  g_test_add_func ("/ca/window/external-edit", test_window_external_edit);
  g_test_add_func ("/ca/window/external-broken", test_window_external_broken);
  g_test_add_func ("/ca/window/external-conflict", test_window_external_conflict);
  g_test_add_func ("/ca/window/menu", test_window_menu);

  return g_test_run ();
}
