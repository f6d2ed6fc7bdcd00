/* test-palette.c: the action palette, driven through its real widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "ca-catalog.h"
#include "ca-enums.h"
#include "ca-palette.h"
#include "ca-palette-category.h"
#include "ca-palette-private.h"
#include "ca-palette-row.h"
#include "ca-palette-slot.h"
#include "ca-palette-slots.h"
#include "ca-search-text.h"
#include "ca-test-ui.h"

/* Set-up ------------------------------------------------------------- */

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
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), >, 1);

  return g_steal_pointer (&catalog);
}

/* A catalog of @n actions spread over the three categories. */
static CaCatalog *
generated_catalog (guint n)
{
  g_autoptr(CaCatalog) catalog = ca_catalog_new (NULL);
  GString *text = g_string_new ("{\"format\": 1, \"actions\": [");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text,
                            "%s{\"name\": \"action_%u\", \"label\": \"Action %u\", "
                            "\"category\": \"%s\", \"description\": \"Number %u\", "
                            "\"url\": \"https://example.com/%u\", \"method\": \"GET\"}",
                            i > 0 ? "," : "", i, i,
                            ca_enum_to_nick (CA_TYPE_CATEGORY, i % 3), i, i);
  g_string_append (text, "]}");

  g_clear_object (&catalog);
  catalog = catalog_from_text (text->str);
  g_string_free (text, TRUE);

  return g_steal_pointer (&catalog);
}

/* What the palette keeps, back to its defaults. */
static GSettings *
reset_settings (void)
{
  GSettings *settings = g_settings_new (APP_ID);

  g_settings_reset (settings, "palette-collapsed-categories");
  g_settings_reset (settings, "palette-recent-only");
  g_settings_reset (settings, "recent-actions");

  return settings;
}

/* The list is laid out, when it is shown: its first row has a size (a
 * busy machine may map the window a while before its first frame). */
static gboolean
rows_laid_out (gpointer palette)
{
  GtkWidget *list_view = ca_test_find_widget (palette, GTK_TYPE_LIST_VIEW);
  GtkWidget *first_row = gtk_widget_get_first_child (list_view);

  return !gtk_widget_get_mapped (list_view) || first_row == NULL ||
         gtk_widget_get_height (first_row) > 0;
}

/* A palette showing @catalog in a window of its own. */
static CaPalette *
open_palette (CaCatalog *catalog)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *palette = ca_palette_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  gtk_window_set_child (GTK_WINDOW (window), palette);
  ca_palette_set_catalog (CA_PALETTE (palette), catalog);
  gtk_window_present (GTK_WINDOW (window));
  ca_test_wait_mapped (palette);
  ca_test_iterate_until (rows_laid_out, palette);
  ca_test_iterate_idle ();

  return CA_PALETTE (palette);
}

/* Destroys the window of @palette and checks that nothing keeps the
 * palette or its rows alive. */
static void
close_palette (CaPalette *palette)
{
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (palette)));
  GtkWidget *list_view = ca_test_find_widget (GTK_WIDGET (palette), GTK_TYPE_LIST_VIEW);
  GObject *rows = G_OBJECT (gtk_list_view_get_model (GTK_LIST_VIEW (list_view)));
  GObject *model = G_OBJECT (ca_palette_get_model (palette));

  g_object_add_weak_pointer (G_OBJECT (palette), (gpointer *)&palette);
  g_object_add_weak_pointer (rows, (gpointer *)&rows);
  g_object_add_weak_pointer (model, (gpointer *)&model);

  gtk_window_destroy (GTK_WINDOW (window));
  ca_test_iterate_idle ();

  g_assert_null (palette);
  g_assert_null (rows);
  g_assert_null (model);
}

/* Looking at it ------------------------------------------------------- */

/* Where the row of @category is, or G_MAXUINT. */
static guint
category_position (CaPalette  *palette,
                   CaCategory  category)
{
  GListModel *rows = ca_test_palette_rows (GTK_WIDGET (palette));

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GObject) item = ca_test_palette_row_item (rows, i);

      if (CA_IS_PALETTE_CATEGORY (item) &&
          ca_palette_category_get_category (CA_PALETTE_CATEGORY (item)) == category)
        return i;
    }

  return G_MAXUINT;
}

static const char *
visible_page (CaPalette *palette)
{
  GtkWidget *stack = ca_test_find_widget (GTK_WIDGET (palette), GTK_TYPE_STACK);

  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

/* The row widget the list view shows at @position, if it made one. */
static CaPaletteRow *
row_widget (CaPalette *palette,
            guint      position)
{
  GtkWidget *list_view = ca_test_find_widget (GTK_WIDGET (palette), GTK_TYPE_LIST_VIEW);

  for (GtkWidget *child = gtk_widget_get_first_child (list_view);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = ca_test_find_widget (child, CA_TYPE_PALETTE_ROW);

      if (row != NULL && ca_palette_row_get_position (CA_PALETTE_ROW (row)) == position)
        return CA_PALETTE_ROW (row);
    }

  return NULL;
}

static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;
    }

  return NULL;
}

/* Typing -------------------------------------------------------------- */

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

/* Types @text at the end of the search entry, one character at a time
 * (or replaces what it holds), and waits for the search-changed that
 * carries the whole of it: the entry waits for a pause in the typing,
 * except when it becomes empty. */
static void
type_search (CaPalette  *palette,
             const char *text,
             gboolean    replace)
{
  GtkWidget *entry = ca_test_find_widget (GTK_WIDGET (palette), GTK_TYPE_SEARCH_ENTRY);
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

/* Cases ------------------------------------------------------------------ */

static void
test_palette_search_text (void)
{
  g_autoptr(CaAction) action = ca_action_new ("sendWelcome");
  g_autoptr(CaAction) plain = ca_action_new ("plain_name");
  g_autofree char *folded = NULL;
  const struct {
    const char *query;
    gboolean    match;
  } cases[] = {
    { "WELCOME", TRUE },              /* the name, in capitals */
    { "bienvenue", TRUE },            /* the label */
    { "CAFÉ", TRUE },                 /* the description, with its accent */
    { "cafe creme", TRUE },           /* without accents, in another order */
    { "creme   cafe", TRUE },
    { "adobe", TRUE },                /* the category's title */
    { "campaign", TRUE },             /* its name in the file format */
    { "campaign welcome", TRUE },     /* the category and the action */
    { "channel", FALSE },             /* another category */
    { "cafe zzqx", FALSE },           /* every word must be found */
    { "ﬁ", TRUE },                    /* "fi", folded, in "fidélité" */
    { "straße", FALSE },
    { "enuesend", FALSE },            /* a word never spans two fields */
  };

  g_assert_cmpstr ((folded = ca_search_text_fold ("Café Crème ÉTÉ ﬁ")), ==, "cafe creme ete fi");
  g_assert_null (ca_search_query_new (NULL));
  g_assert_null (ca_search_query_new ("  \t "));

  ca_action_set_label (action, "Bienvenue");
  ca_action_set_description (action, "Un café crème pour la fidélité\nSecond line mail");
  ca_action_set_category (action, CA_CATEGORY_CAMPAIGN);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CaSearchQuery) query = ca_search_query_new (cases[i].query);

      g_test_message ("query “%s”", cases[i].query);
      g_assert_nonnull (query);
      g_assert_cmpint (ca_search_query_match (query, action), ==, cases[i].match);
    }

  /* Plain ASCII is searched where it is: nothing is kept on the action. */
  {
    g_autoptr(CaSearchQuery) query = ca_search_query_new ("NAME");

    g_assert_true (ca_search_query_match (query, plain));
    g_assert_null (g_object_get_qdata (G_OBJECT (plain), g_quark_try_string ("ca-search-text-folded")));
    g_assert_nonnull (g_object_get_qdata (G_OBJECT (action), g_quark_try_string ("ca-search-text-folded")));
  }

  /* Stricter and looser. */
  {
    g_autoptr(CaSearchQuery) caf = ca_search_query_new ("caf");
    g_autoptr(CaSearchQuery) cafe = ca_search_query_new ("café");
    g_autoptr(CaSearchQuery) two = ca_search_query_new ("cafe creme");

    g_assert_true (ca_search_query_implies (cafe, caf));
    g_assert_false (ca_search_query_implies (caf, cafe));
    g_assert_true (ca_search_query_implies (two, cafe));
    g_assert_true (ca_search_query_implies (caf, NULL));
    g_assert_false (ca_search_query_implies (NULL, caf));
  }

  g_assert_true (ca_search_text_contains ("Send E-MAIL", "e-mail"));
  g_assert_true (ca_search_text_contains ("Envoyer un e-mail à Zoé", "zoe"));
  g_assert_false (ca_search_text_contains ("Send SMS", "mail"));
  g_assert_false (ca_search_text_contains (NULL, "mail"));
}

static void
test_palette_icons (void)
{
  g_autoptr(CaCatalog) catalog = NULL;
  const struct {
    const char *name;
    const char *icon_name;
  } expected[] = {
    { "sendEmail", "mail-unread-symbolic" },
    { "sendSms", "chat-message-new-symbolic" },
    { "sendPush", "preferences-system-notifications-symbolic" },
    { "campaignTransactional", "x-office-address-book-symbolic" },
    { "createTicket", "network-server-symbolic" },
  };
  g_autoptr(CaAction) in_app = ca_action_new ("showBanner");

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      CaAction *action;

      if (catalog == NULL)
        catalog = sample_catalog ();
      action = ca_catalog_lookup (catalog, expected[i].name);
      g_assert_nonnull (action);
      g_assert_cmpstr (ca_palette_category_icon_for_action (action), ==, expected[i].icon_name);
    }

  /* The URL tells too; a channel nothing tells about has the category's. */
  ca_action_set_category (in_app, CA_CATEGORY_CHANNEL);
  g_assert_cmpstr (ca_palette_category_icon_for_action (in_app), ==,
                   ca_palette_category_icon_for (CA_CATEGORY_CHANNEL));
  ca_action_set_url (in_app, "https://messaging.example.com/in-app/v1");
  g_assert_cmpstr (ca_palette_category_icon_for_action (in_app), ==, "phone-symbolic");
}

static void
test_palette_search (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(CaCatalog) catalog = NULL;
  g_autoptr(GPtrArray) shown = NULL;
  g_autoptr(CaAction) target = NULL;
  g_autofree char *query = NULL;
  CaPalette *palette;
  GListModel *rows;
  guint n_catalog;
  guint n_rows;
  guint best = G_MAXUINT;
  guint expected = 0;

  CA_TEST_REQUIRE_DISPLAY ();

  settings = reset_settings ();
  catalog = sample_catalog ();
  n_catalog = g_list_model_get_n_items (G_LIST_MODEL (catalog));

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

  palette = open_palette (catalog);
  rows = ca_test_palette_rows (GTK_WIDGET (palette));
  n_rows = g_list_model_get_n_items (rows);
  g_assert_cmpstr (visible_page (palette), ==, "list");

  /* Typed in capitals: the case does not matter. */
  query = g_utf8_strup (ca_action_get_name (target), -1);
  type_search (palette, query, FALSE);

  shown = ca_test_palette_actions (GTK_WIDGET (palette));
  g_assert_true (g_ptr_array_find (shown, target, NULL));
  for (guint i = 0; i < n_catalog; i++)
    {
      g_autoptr(CaAction) action = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      gboolean match = expect_match (action, ca_action_get_name (target));

      g_assert_cmpint (g_ptr_array_find (shown, action, NULL), ==, match);
      expected += match;
    }
  g_assert_cmpuint (shown->len, ==, expected);
  g_assert_cmpuint (g_list_model_get_n_items (rows), <, n_rows);

  /* Only the categories with something found are left, with what they
   * found as their count, on their rows too. */
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GObject) item = ca_test_palette_row_item (rows, i);

      if (CA_IS_PALETTE_CATEGORY (item))
        {
          guint count = ca_palette_category_get_count (CA_PALETTE_CATEGORY (item));
          g_autofree char *text = g_strdup_printf ("%s\n%u\n", ca_palette_category_get_title (CA_PALETTE_CATEGORY (item)), count);

          g_assert_cmpuint (count, >, 0);
          ca_test_wait_for_label (GTK_WIDGET (palette), text);
        }
    }

  /* Nothing found: the palette says so, and what to do. */
  type_search (palette, "zzqx", FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 0);
  g_assert_cmpstr (visible_page (palette), ==, "no-match");
  {
    g_autofree char *upper = g_utf8_strup (ca_action_get_name (target), -1);
    g_autofree char *title = g_strdup_printf ("No actions match “%szzqx”", upper);

    ca_test_wait_for_label (GTK_WIDGET (palette), title);
  }
  ca_test_wait_for_label (GTK_WIDGET (palette), "Try another word, or clear the search");

  /* Its button clears the search: everything is back. */
  ca_test_activate (ca_test_find_named (GTK_WIDGET (palette), "_Clear Search"));
  ca_test_iterate_idle ();
  g_assert_cmpstr (visible_page (palette), ==, "list");
  g_clear_pointer (&shown, g_ptr_array_unref);
  shown = ca_test_palette_actions (GTK_WIDGET (palette));
  g_assert_cmpuint (shown->len, ==, n_catalog);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, n_rows);

  /* And typing again, then emptying the entry. */
  type_search (palette, "ticket", FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (rows), <, n_rows);
  type_search (palette, "", TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, n_rows);

  close_palette (palette);
}

static void
test_palette_search_accents (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(CaCatalog) catalog = NULL;
  g_autoptr(GPtrArray) shown = NULL;
  CaPalette *palette;

  CA_TEST_REQUIRE_DISPLAY ();

  settings = reset_settings ();
  catalog = catalog_from_text (
    "{\"format\": 1, \"actions\": ["
    " {\"name\": \"cafe\", \"label\": \"Café crème\", \"category\": \"custom\","
    "  \"description\": \"Orders a drink\","
    "  \"url\": \"https://example.com/cafe\", \"method\": \"GET\"},"
    " {\"name\": \"tea\", \"label\": \"Tea\", \"category\": \"custom\","
    "  \"description\": \"Réserve une TABLE près de la fenêtre\","
    "  \"url\": \"https://example.com/tea\", \"method\": \"GET\"}"
    "]}");
  palette = open_palette (catalog);

  /* Without accents, in another case, in another order. */
  type_search (palette, "CREME cafe", TRUE);
  shown = ca_test_palette_actions (GTK_WIDGET (palette));
  g_assert_cmpuint (shown->len, ==, 1);
  g_assert_cmpstr (ca_action_get_name (g_ptr_array_index (shown, 0)), ==, "cafe");

  /* With accents the text has not. */
  type_search (palette, "tâble", TRUE);
  g_clear_pointer (&shown, g_ptr_array_unref);
  shown = ca_test_palette_actions (GTK_WIDGET (palette));
  g_assert_cmpuint (shown->len, ==, 1);
  g_assert_cmpstr (ca_action_get_name (g_ptr_array_index (shown, 0)), ==, "tea");

  /* Looser again. */
  type_search (palette, "e", TRUE);
  g_clear_pointer (&shown, g_ptr_array_unref);
  shown = ca_test_palette_actions (GTK_WIDGET (palette));
  g_assert_cmpuint (shown->len, ==, 2);

  close_palette (palette);
}

static void
test_palette_keeps_selection (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(CaCatalog) catalog = NULL;
  GtkSelectionModel *rows;
  CaPalette *palette;
  CaAction *selected;
  guint position;

  CA_TEST_REQUIRE_DISPLAY ();

  settings = reset_settings ();
  catalog = sample_catalog ();
  palette = open_palette (catalog);
  rows = GTK_SELECTION_MODEL (ca_test_palette_rows (GTK_WIDGET (palette)));

  /* The last action: a search for anything else hides it. */
  position = g_list_model_get_n_items (G_LIST_MODEL (rows)) - 1;
  gtk_selection_model_select_item (rows, position, TRUE);
  selected = ca_palette_get_selected_action (palette);
  g_assert_nonnull (selected);

  type_search (palette, "zzqx", TRUE);
  g_assert_true (ca_palette_get_selected_action (palette) == selected);

  type_search (palette, "", TRUE);
  g_assert_true (ca_palette_get_selected_action (palette) == selected);
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (rows)), ==, position);

  /* An edit replaces the action with another of the same name: the
   * palette follows it. */
  {
    g_autoptr(CaAction) edited = ca_action_copy (selected);
    g_autoptr(GError) error = NULL;

    ca_action_set_label (edited, "Edited label");
    ca_catalog_replace (catalog, ca_action_get_name (selected), edited, &error);
    g_assert_no_error (error);
    ca_test_iterate_idle ();
    g_assert_true (ca_palette_get_selected_action (palette) == edited);
    ca_test_wait_for_label (GTK_WIDGET (palette), "Edited label");
  }

  /* Removed: nothing is picked. */
  {
    g_autoptr(GError) error = NULL;

    ca_catalog_remove (catalog, ca_action_get_name (ca_palette_get_selected_action (palette)), &error);
    g_assert_no_error (error);
    ca_test_iterate_idle ();
    g_assert_null (ca_palette_get_selected_action (palette));
  }

  close_palette (palette);
}

static void
test_palette_fold (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(CaCatalog) catalog = NULL;
  g_auto(GStrv) collapsed = NULL;
  g_autoptr(GPtrArray) shown = NULL;
  CaPalette *palette;
  CaPaletteRow *row;
  GListModel *rows;
  guint n_rows, n_channels;
  guint position;

  CA_TEST_REQUIRE_DISPLAY ();

  settings = reset_settings ();
  catalog = sample_catalog ();
  palette = open_palette (catalog);
  rows = ca_test_palette_rows (GTK_WIDGET (palette));
  n_rows = g_list_model_get_n_items (rows);

  /* Unfolded at first, each category followed by its actions. */
  position = category_position (palette, CA_CATEGORY_CHANNEL);
  g_assert_cmpuint (position, ==, 0);
  {
    g_autoptr(CaPaletteCategory) channels = ca_test_palette_row_item (rows, position);

    n_channels = ca_palette_category_get_count (channels);
    g_assert_cmpuint (n_channels, >, 0);
  }

  /* Its row's expander folds it, as a click on the arrow would. */
  ca_test_wait_for_label (GTK_WIDGET (palette), "Channels");
  row = row_widget (palette, position);
  g_assert_nonnull (row);
  g_assert_nonnull (ca_palette_row_get_tree_row (row));
  g_assert_true (gtk_tree_list_row_get_expanded (ca_palette_row_get_tree_row (row)));
  g_assert_true (gtk_widget_activate_action (ca_test_find_widget (GTK_WIDGET (row), GTK_TYPE_TREE_EXPANDER),
                                             "listitem.toggle-expand", NULL));
  ca_test_iterate_idle ();
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, n_rows - n_channels);
  shown = ca_test_palette_actions (GTK_WIDGET (palette));
  for (guint i = 0; i < shown->len; i++)
    g_assert_cmpint (ca_action_get_category (g_ptr_array_index (shown, i)), !=, CA_CATEGORY_CHANNEL);

  /* Kept. */
  collapsed = g_settings_get_strv (settings, "palette-collapsed-categories");
  g_assert_cmpstrv (collapsed, ((const char *[]) { "channel", NULL }));

  /* A search keeps it folded (the count still says what is found). */
  type_search (palette, "send", FALSE);
  g_assert_cmpuint (category_position (palette, CA_CATEGORY_CHANNEL), ==, 0);
  g_assert_false (ca_palette_model_get_expanded (ca_palette_get_model (palette), CA_CATEGORY_CHANNEL));
  {
    g_autoptr(CaPaletteCategory) channels = ca_test_palette_row_item (rows, 0);
    g_autoptr(GObject) next = ca_test_palette_row_item (rows, 1);

    g_assert_cmpuint (ca_palette_category_get_count (channels), >, 0);
    g_assert_false (CA_IS_ACTION (next) &&
                    ca_action_get_category (CA_ACTION (next)) == CA_CATEGORY_CHANNEL);
  }
  type_search (palette, "zzqx", FALSE);
  type_search (palette, "", TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, n_rows - n_channels);

  /* Another palette (the next run) finds it folded. */
  close_palette (palette);
  palette = open_palette (catalog);
  rows = ca_test_palette_rows (GTK_WIDGET (palette));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, n_rows - n_channels);
  g_assert_false (ca_palette_model_get_expanded (ca_palette_get_model (palette), CA_CATEGORY_CHANNEL));

  /* Enter on the category's row unfolds it; the setting follows. */
  g_assert_true (gtk_widget_activate_action (ca_test_find_widget (GTK_WIDGET (palette), GTK_TYPE_LIST_VIEW),
                                             "list.activate-item", "u", 0));
  ca_test_iterate_idle ();
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, n_rows);
  g_clear_pointer (&collapsed, g_strfreev);
  collapsed = g_settings_get_strv (settings, "palette-collapsed-categories");
  g_assert_cmpstrv (collapsed, ((const char *[]) { NULL }));

  /* The setting, changed elsewhere, folds two. */
  g_settings_set_strv (settings, "palette-collapsed-categories",
                       (const char * const[]) { "custom", "campaign", NULL });
  ca_test_iterate_idle ();
  g_assert_false (ca_palette_model_get_expanded (ca_palette_get_model (palette), CA_CATEGORY_CAMPAIGN));
  g_assert_false (ca_palette_model_get_expanded (ca_palette_get_model (palette), CA_CATEGORY_CUSTOM));
  g_clear_pointer (&shown, g_ptr_array_unref);
  shown = ca_test_palette_actions (GTK_WIDGET (palette));
  g_assert_cmpuint (shown->len, ==, n_channels);

  close_palette (palette);
  g_settings_reset (settings, "palette-collapsed-categories");
}

static void
action_activated_cb (CaPalette *palette,
                     CaAction  *action,
                     GPtrArray *activated)
{
  g_ptr_array_add (activated, action);
}

static void
test_palette_keyboard (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(CaCatalog) catalog = NULL;
  g_autoptr(GObject) first = NULL;
  g_autoptr(GObject) second = NULL;
  CaPaletteModel *model;
  GtkWidget *list_view;
  GtkWidget *entry;
  CaPalette *palette;
  GListModel *rows;
  GtkRoot *root;
  guint n_rows;
  g_autoptr(GPtrArray) activated = g_ptr_array_new ();

  CA_TEST_REQUIRE_DISPLAY ();

  settings = reset_settings ();
  catalog = sample_catalog ();
  palette = open_palette (catalog);
  model = ca_palette_get_model (palette);
  rows = ca_test_palette_rows (GTK_WIDGET (palette));
  n_rows = g_list_model_get_n_items (rows);
  list_view = ca_test_find_widget (GTK_WIDGET (palette), GTK_TYPE_LIST_VIEW);
  entry = ca_test_find_widget (GTK_WIDGET (palette), GTK_TYPE_SEARCH_ENTRY);
  root = gtk_widget_get_root (GTK_WIDGET (palette));

  /* The palette's focus goes to its search. */
  ca_palette_focus_search (palette);
  g_assert_true (gtk_widget_is_focus (GTK_WIDGET (gtk_root_get_focus (root))) &&
                 gtk_widget_is_ancestor (gtk_root_get_focus (root), entry));

  /* Down goes into the list, to the first action, which is picked. */
  g_assert_true (ca_test_press_key (entry, GDK_KEY_Down, 0));
  first = ca_test_palette_row_item (rows, 1);
  g_assert_true (CA_IS_ACTION (first));
  g_assert_true (ca_palette_get_selected_action (palette) == CA_ACTION (first));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (root), list_view));

  /* The arrows move the selection (and the details with it). */
  g_assert_true (gtk_widget_child_focus (list_view, GTK_DIR_DOWN));
  ca_test_iterate_idle ();
  second = ca_test_palette_row_item (rows, 2);
  g_assert_true (CA_IS_ACTION (second));
  g_assert_true (ca_palette_get_selected_action (palette) == CA_ACTION (second));
  g_assert_true (gtk_widget_child_focus (list_view, GTK_DIR_UP));
  ca_test_iterate_idle ();
  g_assert_true (ca_palette_get_selected_action (palette) == CA_ACTION (first));

  /* Up to the heading: it is not an action, the one picked stays. */
  g_assert_true (gtk_widget_child_focus (list_view, GTK_DIR_UP));
  ca_test_iterate_idle ();
  g_assert_true (ca_palette_get_selected_action (palette) == CA_ACTION (first));
  g_assert_true (CA_IS_PALETTE_CATEGORY (ca_palette_row_get_item (CA_PALETTE_ROW (ca_test_find_widget (gtk_widget_get_focus_child (list_view), CA_TYPE_PALETTE_ROW)))));

  /* Left folds the category whose row has the focus, Right unfolds it;
   * - and + too. */
  g_assert_true (ca_test_press_key (list_view, GDK_KEY_Left, 0));
  g_assert_false (ca_palette_model_get_expanded (model, CA_CATEGORY_CHANNEL));
  g_assert_cmpuint (g_list_model_get_n_items (rows), <, n_rows);
  g_assert_true (ca_test_press_key (list_view, GDK_KEY_Right, 0));
  g_assert_true (ca_palette_model_get_expanded (model, CA_CATEGORY_CHANNEL));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, n_rows);
  g_assert_true (ca_test_press_key (list_view, GDK_KEY_minus, 0));
  g_assert_false (ca_palette_model_get_expanded (model, CA_CATEGORY_CHANNEL));
  g_assert_true (ca_test_press_key (list_view, GDK_KEY_plus, 0));
  g_assert_true (ca_palette_model_get_expanded (model, CA_CATEGORY_CHANNEL));

  /* On an action, Left goes up to its category. */
  g_assert_true (gtk_widget_child_focus (list_view, GTK_DIR_DOWN));
  ca_test_iterate_idle ();
  g_assert_true (ca_palette_get_selected_action (palette) == CA_ACTION (first));
  g_assert_true (ca_test_press_key (list_view, GDK_KEY_Left, 0));
  g_assert_true (ca_palette_model_get_expanded (model, CA_CATEGORY_CHANNEL));
  {
    CaPaletteRow *row = CA_PALETTE_ROW (ca_test_find_widget (gtk_widget_get_focus_child (list_view),
                                                             CA_TYPE_PALETTE_ROW));

    g_assert_true (CA_IS_PALETTE_CATEGORY (ca_palette_row_get_item (row)));
  }

  /* Enter on an action opens it: "action-activated", and it is recent. */
  g_signal_connect (palette, "action-activated", G_CALLBACK (action_activated_cb), activated);
  g_assert_true (gtk_widget_activate_action (list_view, "list.activate-item", "u", 2));
  ca_test_iterate_idle ();
  g_assert_cmpuint (activated->len, ==, 1);
  g_assert_true (g_ptr_array_index (activated, 0) == second);
  {
    g_auto(GStrv) recent = g_settings_get_strv (settings, "recent-actions");

    g_assert_cmpstrv (recent, ((const char *[]) { ca_action_get_name (CA_ACTION (second)), NULL }));
  }

  /* Enter in the search picks the first action found. */
  type_search (palette, "ticket", FALSE);
  g_signal_emit_by_name (entry, "activate");
  ca_test_iterate_idle ();
  g_assert_cmpstr (ca_action_get_name (ca_palette_get_selected_action (palette)), ==, "createTicket");

  /* Enter at once after typing, before the entry's delay is over: the
   * first action found for what is typed, not for the search before. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "loyal");
  g_signal_emit_by_name (entry, "activate");
  ca_test_iterate_idle ();
  g_assert_cmpstr (ca_action_get_name (ca_palette_get_selected_action (palette)), ==, "lookupLoyalty");

  close_palette (palette);
}

static void
test_palette_recent (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(CaCatalog) catalog = NULL;
  g_autoptr(GPtrArray) shown = NULL;
  g_auto(GStrv) recent = NULL;
  const char *used[] = {
    "sendEmail", "sendSms", "sendPush", "createTicket", "lookupLoyalty", "updateProfile", "sendSms",
  };
  GtkWidget *toggle;
  CaPalette *palette;

  CA_TEST_REQUIRE_DISPLAY ();

  settings = reset_settings ();
  catalog = sample_catalog ();
  palette = open_palette (catalog);

  toggle = ca_test_find_named (GTK_WIDGET (palette), "Recent Only");
  g_assert_true (GTK_IS_TOGGLE_BUTTON (toggle));
  g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (toggle)), !=, NULL);
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle)));

  /* Nothing used yet: recent only says so, and how to get back. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
  ca_test_iterate_idle ();
  g_assert_true (g_settings_get_boolean (settings, "palette-recent-only"));
  g_assert_cmpstr (visible_page (palette), ==, "no-recent");
  ca_test_wait_for_label (GTK_WIDGET (palette), "No Recent Actions");
  ca_test_activate (ca_test_find_named (GTK_WIDGET (palette), "_Show All Actions"));
  ca_test_iterate_idle ();
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle)));
  g_assert_false (g_settings_get_boolean (settings, "palette-recent-only"));
  g_assert_cmpstr (visible_page (palette), ==, "list");

  /* Uses: the last five, newest first, each once. */
  for (guint i = 0; i < G_N_ELEMENTS (used); i++)
    ca_palette_note_used (palette, ca_catalog_lookup (catalog, used[i]));
  recent = g_settings_get_strv (settings, "recent-actions");
  g_assert_cmpstrv (recent, ((const char *[]) {
    "sendSms", "updateProfile", "lookupLoyalty", "createTicket", "sendPush", NULL }));

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
  ca_test_iterate_idle ();
  g_assert_cmpstr (visible_page (palette), ==, "list");
  shown = ca_test_palette_actions (GTK_WIDGET (palette));
  g_assert_cmpuint (shown->len, ==, 5);
  g_assert_cmpuint (g_list_model_get_n_items (ca_test_palette_rows (GTK_WIDGET (palette))), ==, 5);
  for (guint i = 0; i < shown->len; i++)
    g_assert_cmpstr (ca_action_get_name (g_ptr_array_index (shown, i)), ==, recent[i]);
  ca_test_wait_for_label (GTK_WIDGET (palette), "Send SMS");

  /* The search narrows them too. */
  type_search (palette, "send", FALSE);
  g_clear_pointer (&shown, g_ptr_array_unref);
  shown = ca_test_palette_actions (GTK_WIDGET (palette));
  g_assert_cmpuint (shown->len, ==, 2);
  g_assert_cmpstr (ca_action_get_name (g_ptr_array_index (shown, 0)), ==, "sendSms");
  g_assert_cmpstr (ca_action_get_name (g_ptr_array_index (shown, 1)), ==, "sendPush");
  type_search (palette, "", TRUE);

  /* A use while recent only is on goes first at once. */
  ca_palette_note_used (palette, ca_catalog_lookup (catalog, "sendEmail"));
  ca_test_iterate_idle ();
  g_clear_pointer (&shown, g_ptr_array_unref);
  shown = ca_test_palette_actions (GTK_WIDGET (palette));
  g_assert_cmpuint (shown->len, ==, 5);
  g_assert_cmpstr (ca_action_get_name (g_ptr_array_index (shown, 0)), ==, "sendEmail");
  g_assert_cmpstr (ca_action_get_name (g_ptr_array_index (shown, 1)), ==, "sendSms");

  /* Names that are gone are passed over, and dropped at the next use. */
  g_settings_set_strv (settings, "recent-actions",
                       (const char * const[]) { "gone", "createTicket", "alsoGone", NULL });
  ca_test_iterate_idle ();
  g_clear_pointer (&shown, g_ptr_array_unref);
  shown = ca_test_palette_actions (GTK_WIDGET (palette));
  g_assert_cmpuint (shown->len, ==, 1);
  g_assert_cmpstr (ca_action_get_name (g_ptr_array_index (shown, 0)), ==, "createTicket");
  ca_palette_note_used (palette, ca_catalog_lookup (catalog, "sendPush"));
  g_clear_pointer (&recent, g_strfreev);
  recent = g_settings_get_strv (settings, "recent-actions");
  g_assert_cmpstrv (recent, ((const char *[]) { "sendPush", "createTicket", NULL }));

  /* A drag is a use too. */
  {
    CaPaletteRow *row;

    ca_test_wait_for_label (GTK_WIDGET (palette), "Create support ticket");
    row = row_widget (palette, 1);
    g_assert_nonnull (row);
    g_assert_cmpstr (ca_action_get_name (CA_ACTION (ca_palette_row_get_item (row))), ==, "createTicket");
    g_signal_emit_by_name (row, "action-dragged", ca_palette_row_get_item (row));
    g_clear_pointer (&recent, g_strfreev);
    recent = g_settings_get_strv (settings, "recent-actions");
    g_assert_cmpstrv (recent, ((const char *[]) { "createTicket", "sendPush", NULL }));
  }

  /* The next run starts in recent only. */
  close_palette (palette);
  palette = open_palette (catalog);
  toggle = ca_test_find_named (GTK_WIDGET (palette), "Recent Only");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle)));
  g_clear_pointer (&shown, g_ptr_array_unref);
  shown = ca_test_palette_actions (GTK_WIDGET (palette));
  g_assert_cmpuint (shown->len, ==, 2);
  g_assert_cmpstr (ca_action_get_name (g_ptr_array_index (shown, 0)), ==, "createTicket");

  close_palette (palette);
  g_object_unref (reset_settings ());
}

static void
test_palette_drag (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(CaCatalog) catalog = NULL;
  g_autoptr(GdkContentProvider) provider = NULL;
  g_autoptr(GdkContentFormats) formats = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  GtkEventController *source;
  CaPaletteRow *row;
  CaPalette *palette;
  CaAction *action;

  CA_TEST_REQUIRE_DISPLAY ();

  settings = reset_settings ();
  catalog = sample_catalog ();
  palette = open_palette (catalog);
  ca_test_wait_for_label (GTK_WIDGET (palette), "Send email");

  /* The first action's row carries its name, as text. */
  row = row_widget (palette, 1);
  g_assert_nonnull (row);
  action = CA_ACTION (ca_palette_row_get_item (row));
  source = find_controller (GTK_WIDGET (row), GTK_TYPE_DRAG_SOURCE);
  g_assert_nonnull (source);
  g_signal_emit_by_name (source, "prepare", 4.0, 4.0, &provider);
  g_assert_nonnull (provider);

  formats = gdk_content_provider_ref_formats (provider);
  g_assert_true (gdk_content_formats_contain_gtype (formats, G_TYPE_STRING));
  g_clear_pointer (&formats, gdk_content_formats_unref);
  formats = gdk_content_formats_union_serialize_mime_types (gdk_content_provider_ref_formats (provider));
  g_assert_true (gdk_content_formats_contain_mime_type (formats, "text/plain;charset=utf-8"));

  g_value_init (&value, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (provider, &value, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (g_value_get_string (&value), ==, ca_action_get_name (action));

  /* A category's row is not dragged. */
  g_clear_object (&provider);
  row = row_widget (palette, 0);
  g_assert_true (CA_IS_PALETTE_CATEGORY (ca_palette_row_get_item (row)));
  source = find_controller (GTK_WIDGET (row), GTK_TYPE_DRAG_SOURCE);
  g_signal_emit_by_name (source, "prepare", 4.0, 4.0, &provider);
  g_assert_null (provider);

  close_palette (palette);
}

static void
test_palette_empty (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(CaCatalog) catalog = NULL;
  g_autoptr(CaCatalog) sample = NULL;
  g_autoptr(GError) error = NULL;
  CaPalette *palette;
  GtkWidget *button;

  CA_TEST_REQUIRE_DISPLAY ();

  settings = reset_settings ();
  catalog = ca_catalog_new (NULL);
  palette = open_palette (catalog);

  /* No actions at all: how to make one. */
  g_assert_cmpstr (visible_page (palette), ==, "empty");
  ca_test_wait_for_label (GTK_WIDGET (palette), "No Actions Yet");
  ca_test_wait_for_label (GTK_WIDGET (palette), "Ctrl+N");
  button = ca_test_find_named (GTK_WIDGET (palette), "_Create Action");
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "win.new-action");

  /* Searching an empty catalog still says so. */
  type_search (palette, "mail", FALSE);
  g_assert_cmpstr (visible_page (palette), ==, "empty");
  type_search (palette, "", TRUE);

  /* An action arrives: the list. */
  sample = sample_catalog ();
  ca_catalog_add (catalog, ca_catalog_lookup (sample, "sendEmail"), &error);
  g_assert_no_error (error);
  ca_test_iterate_idle ();
  g_assert_cmpstr (visible_page (palette), ==, "list");
  ca_test_wait_for_label (GTK_WIDGET (palette), "Send email");

  close_palette (palette);
}

static void
test_palette_help (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(CaCatalog) catalog = NULL;
  GtkWidget *button;
  GtkPopover *popover;
  g_autofree char *text = NULL;
  CaPalette *palette;

  CA_TEST_REQUIRE_DISPLAY ();

  settings = reset_settings ();
  catalog = sample_catalog ();
  palette = open_palette (catalog);

  button = ca_test_find_named (GTK_WIDGET (palette), "What Are Actions?");
  g_assert_nonnull (button);
  button = gtk_widget_get_ancestor (button, GTK_TYPE_MENU_BUTTON);
  g_assert_true (GTK_IS_MENU_BUTTON (button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "What Are Actions?");
  g_assert_cmpstr (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (button)), ==, "help-about-symbolic");

  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  g_assert_nonnull (popover);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  ca_test_wait_mapped (GTK_WIDGET (popover));

  /* What actions are, who sets them up, who uses them. */
  text = ca_test_labels_of (GTK_WIDGET (popover));
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "email, SMS and push"));
  g_assert_nonnull (strstr (text, "Technical users"));
  g_assert_nonnull (strstr (text, "Marketers"));

  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  close_palette (palette);
}

/* Every row widget of the list view, to tell which are new. */
static GHashTable *
row_widgets (CaPalette *palette)
{
  GtkWidget *list_view = ca_test_find_widget (GTK_WIDGET (palette), GTK_TYPE_LIST_VIEW);
  GHashTable *widgets = g_hash_table_new (NULL, NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (list_view);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    g_hash_table_add (widgets, child);

  return widgets;
}

static guint
count_new_widgets (CaPalette  *palette,
                   GHashTable *before)
{
  g_autoptr(GHashTable) now = row_widgets (palette);
  GHashTableIter iter;
  gpointer widget;
  guint n_new = 0;

  g_hash_table_iter_init (&iter, now);
  while (g_hash_table_iter_next (&iter, &widget, NULL))
    n_new += !g_hash_table_contains (before, widget);

  return n_new;
}

/* 3,000 actions, all unfolded: the list view makes rows for what is on
 * screen and around it, never one per action. */
static void
test_palette_no_widget_per_action (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(CaCatalog) catalog = NULL;
  GtkWidget *list_view;
  CaPalette *palette;
  guint n_widgets = 0;

  CA_TEST_REQUIRE_DISPLAY ();

  settings = reset_settings ();
  catalog = generated_catalog (3000);
  palette = open_palette (catalog);
  ca_test_wait_for_label (GTK_WIDGET (palette), "Action 0");
  g_assert_cmpuint (g_list_model_get_n_items (ca_test_palette_rows (GTK_WIDGET (palette))), ==, 3003);

  list_view = ca_test_find_widget (GTK_WIDGET (palette), GTK_TYPE_LIST_VIEW);
  for (GtkWidget *child = gtk_widget_get_first_child (list_view);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n_widgets++;
  g_test_message ("%u row widgets for 3,003 rows", n_widgets);
  g_assert_cmpuint (n_widgets, <, 300);

  /* A search changes what the rows show rather than the rows: while
   * the first category still fills them, it makes no new row widget
   * (GTK 4.8's list view would otherwise build most of them again). */
  {
    g_autoptr(GHashTable) before = row_widgets (palette);
    guint n_new;

    type_search (palette, "action 1", FALSE);
    ca_test_iterate_idle ();

    n_new = count_new_widgets (palette, before);
    g_test_message ("%u new row widgets after the search", n_new);
    g_assert_cmpuint (n_new, ==, 0);
  }

  /* A search over them works the same. */
  type_search (palette, "action 299", TRUE);
  {
    g_autoptr(GPtrArray) shown = ca_test_palette_actions (GTK_WIDGET (palette));

    /* 299, 1299, 2299 and 2990 to 2999 */
    g_assert_cmpuint (shown->len, ==, 13);
    for (guint i = 0; i < shown->len; i++)
      g_assert_nonnull (strstr (ca_action_get_name (g_ptr_array_index (shown, i)), "299"));
  }

  /* A row the list view lets go of is destroyed, never shown again: GTK
   * 4.8 would announce it to assistive technologies with no object path. */
  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
    guint n_gone = 0;

    for (GtkWidget *child = gtk_widget_get_first_child (list_view);
         child != NULL;
         child = gtk_widget_get_next_sibling (child))
      {
        gpointer *row = g_new (gpointer, 1);

        *row = ca_test_find_widget (child, CA_TYPE_PALETTE_ROW);
        g_assert_nonnull (*row);
        g_object_add_weak_pointer (*row, row);
        g_ptr_array_add (rows, row);
      }

    type_search (palette, "action 2999", TRUE);
    ca_test_iterate_idle ();

    for (guint i = 0; i < rows->len; i++)
      {
        gpointer *row = g_ptr_array_index (rows, i);

        if (*row == NULL)
          {
            n_gone++;
            continue;
          }
        /* Still there: it never left its list item. */
        g_assert_nonnull (gtk_widget_get_parent (*row));
        g_object_remove_weak_pointer (*row, row);
      }
    g_test_message ("%u of %u rows let go of and destroyed", n_gone, rows->len);
    g_assert_cmpuint (n_gone, >, 0);
  }

  close_palette (palette);
}

static gboolean
root_expanded (CaPalette *palette,
               guint      position)
{
  GtkTreeListModel *tree = ca_palette_model_get_model (ca_palette_get_model (palette));
  g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (tree, position);

  g_assert_nonnull (row);
  return gtk_tree_list_row_get_expanded (row);
}

/* A search that finds nothing in the first category: the next category
 * takes its place at the top, in the rows that were there (GTK 4.8 would
 * otherwise build the ~200 rows it keeps again, tens of milliseconds),
 * and each category keeps its own fold wherever it is shown. */
static void
test_palette_first_category_empties (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(CaCatalog) catalog = NULL;
  g_autoptr(GHashTable) before = NULL;
  CaPaletteModel *model;
  CaPalette *palette;
  CaPaletteRow *row;
  GListModel *rows;

  CA_TEST_REQUIRE_DISPLAY ();

  settings = reset_settings ();
  catalog = generated_catalog (3000);
  palette = open_palette (catalog);
  model = ca_palette_get_model (palette);
  rows = ca_test_palette_rows (GTK_WIDGET (palette));
  ca_test_wait_for_label (GTK_WIDGET (palette), "Action 0");
  g_assert_cmpuint (category_position (palette, CA_CATEGORY_CHANNEL), ==, 0);
  before = row_widgets (palette);

  /* Only the Adobe Campaign actions match: their category comes first,
   * and the rows are the same widgets. */
  type_search (palette, "campaign", FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 1001);
  g_assert_cmpuint (category_position (palette, CA_CATEGORY_CAMPAIGN), ==, 0);
  g_assert_cmpuint (category_position (palette, CA_CATEGORY_CHANNEL), ==, G_MAXUINT);
  g_assert_cmpuint (category_position (palette, CA_CATEGORY_CUSTOM), ==, G_MAXUINT);
  {
    g_autoptr(CaPaletteCategory) first = ca_test_palette_row_item (rows, 0);
    g_autoptr(CaAction) action = ca_test_palette_row_item (rows, 1);

    g_assert_cmpuint (ca_palette_category_get_count (first), ==, 1000);
    g_assert_cmpint (ca_action_get_category (action), ==, CA_CATEGORY_CAMPAIGN);
  }
  ca_test_wait_for_label (GTK_WIDGET (palette), "Adobe Campaign");
  row = row_widget (palette, 0);
  g_assert_nonnull (row);
  g_assert_true (CA_IS_PALETTE_CATEGORY (ca_palette_row_get_item (row)));
  g_assert_cmpint (ca_palette_category_get_category (CA_PALETTE_CATEGORY (ca_palette_row_get_item (row))),
                   ==, CA_CATEGORY_CAMPAIGN);
  g_test_message ("%u new row widgets when the first category empties", count_new_widgets (palette, before));
  g_assert_cmpuint (count_new_widgets (palette, before), ==, 0);

  /* Folded there, at the top... */
  ca_palette_model_set_expanded (model, CA_CATEGORY_CAMPAIGN, FALSE);
  ca_test_iterate_idle ();
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 1);

  /* ...it is folded in second place too, under the channels, unfolded. */
  type_search (palette, "", TRUE);
  g_assert_cmpuint (category_position (palette, CA_CATEGORY_CHANNEL), ==, 0);
  g_assert_cmpuint (category_position (palette, CA_CATEGORY_CAMPAIGN), ==, 1001);
  g_assert_cmpuint (category_position (palette, CA_CATEGORY_CUSTOM), ==, 1002);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 2003);
  g_assert_true (root_expanded (palette, 0));
  g_assert_false (root_expanded (palette, 1001));
  g_assert_true (root_expanded (palette, 1002));

  /* And back at the top, still folded; unfolded, all its rows again. */
  type_search (palette, "campaign", FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 1);
  g_assert_cmpuint (category_position (palette, CA_CATEGORY_CAMPAIGN), ==, 0);
  g_assert_false (root_expanded (palette, 0));
  ca_palette_model_set_expanded (model, CA_CATEGORY_CAMPAIGN, TRUE);
  ca_test_iterate_idle ();
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 1001);

  close_palette (palette);
  g_settings_reset (settings, "palette-collapsed-categories");
}

static gboolean
search_done (gpointer palette)
{
  return !ca_palette_model_get_searching (ca_palette_get_model (palette));
}

/* Past CA_PALETTE_INCREMENTAL_THRESHOLD actions a search goes a slice of
 * time at a time; it ends with the same rows as at once. */
static void
test_palette_large (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(CaCatalog) catalog = NULL;
  g_autoptr(GPtrArray) shown = NULL;
  g_autoptr(GError) error = NULL;
  CaPaletteModel *model;
  CaPalette *palette;
  guint n = CA_PALETTE_INCREMENTAL_THRESHOLD + 5000;
  guint expected = 0;

  CA_TEST_REQUIRE_DISPLAY ();

  settings = reset_settings ();
  catalog = generated_catalog (n);
  palette = open_palette (catalog);
  model = ca_palette_get_model (palette);
  ca_test_iterate_until (search_done, palette);
  g_assert_cmpuint (g_list_model_get_n_items (ca_test_palette_rows (GTK_WIDGET (palette))), ==, n + 3);

  /* A long search changes what the rows show a step at a time: at every
   * step the selection is on the picked action's row, or on none. */
  {
    GListModel *rows = ca_test_palette_rows (GTK_WIDGET (palette));
    CaAction *picked;
    guint n_steps = 0;

    gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (rows), 5);
    picked = ca_palette_get_selected_action (palette);
    g_assert_nonnull (picked);
    g_assert_false (g_str_has_prefix (ca_action_get_name (picked), "action_9"));

    ca_palette_model_set_search_text (model, "action_9");
    while (ca_palette_model_get_searching (model))
      {
        guint selected = gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (rows));

        if (selected != GTK_INVALID_LIST_POSITION)
          {
            g_autoptr(GObject) item = ca_test_palette_row_item (rows, selected);

            g_assert_true (item == (GObject *) picked);
          }
        g_main_context_iteration (NULL, TRUE);
        n_steps++;
      }
    g_assert_cmpuint (n_steps, >, 1);
    g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (rows)), ==,
                      GTK_INVALID_LIST_POSITION);
    g_assert_true (ca_palette_get_selected_action (palette) == picked);

    ca_palette_model_set_search_text (model, NULL);
    ca_test_iterate_until (search_done, palette);
  }

  type_search (palette, "action 2499", FALSE);
  ca_test_iterate_until (search_done, palette);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("%u", i);

      expected += strstr (name, "2499") != NULL;
    }
  shown = ca_test_palette_actions (GTK_WIDGET (palette));
  g_assert_cmpuint (shown->len, ==, expected);
  for (guint i = 0; i < shown->len; i++)
    g_assert_nonnull (strstr (ca_action_get_name (g_ptr_array_index (shown, i)), "2499"));

  /* Stricter, then looser while that search is under way. */
  ca_palette_model_set_search_text (model, "action 24999");
  g_assert_true (ca_palette_model_get_searching (model));
  g_main_context_iteration (NULL, FALSE);
  ca_palette_model_set_search_text (model, NULL);
  ca_test_iterate_until (search_done, palette);
  g_assert_cmpuint (g_list_model_get_n_items (ca_test_palette_rows (GTK_WIDGET (palette))), ==, n + 3);

  /* Enter while a large search is under way picks its first action once
   * it is done; typing on after Enter cancels that. */
  gtk_editable_set_text (GTK_EDITABLE (ca_test_find_widget (GTK_WIDGET (palette), GTK_TYPE_SEARCH_ENTRY)),
                         "action_2001");
  g_signal_emit_by_name (ca_test_find_widget (GTK_WIDGET (palette), GTK_TYPE_SEARCH_ENTRY), "activate");
  g_assert_true (ca_palette_model_get_searching (model));
  ca_test_iterate_until (search_done, palette);
  ca_test_iterate_idle ();
  g_assert_cmpstr (ca_action_get_name (ca_palette_get_selected_action (palette)), ==, "action_2001");
  type_search (palette, "", TRUE);
  ca_test_iterate_until (search_done, palette);

  /* Actions removed and added in the middle of a large catalog. */
  ca_catalog_remove (catalog, "action_10", &error);
  g_assert_no_error (error);
  ca_test_iterate_until (search_done, palette);
  g_assert_cmpuint (g_list_model_get_n_items (ca_test_palette_rows (GTK_WIDGET (palette))), ==, n + 2);
  type_search (palette, "action_10", TRUE);
  ca_test_iterate_until (search_done, palette);
  g_clear_pointer (&shown, g_ptr_array_unref);
  shown = ca_test_palette_actions (GTK_WIDGET (palette));
  /* action_100 to 109, 1000 to 1099, 10000 to 10999 */
  g_assert_cmpuint (shown->len, ==, 10 + 100 + 1000);
  for (guint i = 0; i < shown->len; i++)
    {
      const char *name = ca_action_get_name (g_ptr_array_index (shown, i));

      g_assert_true (g_str_has_prefix (name, "action_10"));
      g_assert_cmpstr (name, !=, "action_10");
    }

  close_palette (palette);
}

/* @n new actions, as slots show them. */
static GPtrArray *
new_actions (guint n)
{
  GPtrArray *actions = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("action%u", i);

      g_ptr_array_add (actions, ca_action_new (name));
    }
  return actions;
}

/* A list scrolled through asked for a slot per action; once the rows let
 * go of them, the next search keeps only the slots rows still hold, and
 * those show the new actions. */
static void
test_palette_slots_let_go (void)
{
  g_autoptr(CaPaletteSlots) slots = ca_palette_slots_new ();
  g_autoptr(GPtrArray) next = new_actions (1000);
  g_autoptr(CaPaletteSlot) held = NULL;

  ca_palette_slots_set_actions (slots, new_actions (1000));
  for (guint i = 0; i < 1000; i++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (slots), i));
  held = g_list_model_get_item (G_LIST_MODEL (slots), 500);
  g_assert_cmpuint (ca_palette_slots_count_made (slots), ==, 1000);

  ca_palette_slots_set_actions (slots, g_ptr_array_ref (next));
  g_assert_cmpuint (ca_palette_slots_count_made (slots), ==, 1);
  g_assert_true (ca_palette_slot_get_action (held) == g_ptr_array_index (next, 500));
  {
    g_autoptr(CaPaletteSlot) same = g_list_model_get_item (G_LIST_MODEL (slots), 500);

    g_assert_true (same == held);
  }

  /* A slot asked for again is new, and shows its action. */
  {
    g_autoptr(CaPaletteSlot) again = g_list_model_get_item (G_LIST_MODEL (slots), 10);

    g_assert_true (ca_palette_slot_get_action (again) == g_ptr_array_index (next, 10));
  }
}

int
main (int   argc,
      char *argv[])
{
  ca_test_ui_init (&argc, &argv);

  g_test_add_func ("/ca/palette/search-text", test_palette_search_text);
  g_test_add_func ("/ca/palette/slots-let-go", test_palette_slots_let_go);
  g_test_add_func ("/ca/palette/icons", test_palette_icons);
  g_test_add_func ("/ca/palette/search", test_palette_search);
  g_test_add_func ("/ca/palette/search-accents", test_palette_search_accents);
  g_test_add_func ("/ca/palette/keeps-selection", test_palette_keeps_selection);
  g_test_add_func ("/ca/palette/fold", test_palette_fold);
  g_test_add_func ("/ca/palette/keyboard", test_palette_keyboard);
  g_test_add_func ("/ca/palette/recent", test_palette_recent);
  g_test_add_func ("/ca/palette/drag", test_palette_drag);
  g_test_add_func ("/ca/palette/empty", test_palette_empty);
  g_test_add_func ("/ca/palette/help", test_palette_help);
  g_test_add_func ("/ca/palette/no-widget-per-action", test_palette_no_widget_per_action);
  g_test_add_func ("/ca/palette/first-category-empties", test_palette_first_category_empties);
  g_test_add_func ("/ca/palette/large", test_palette_large);

  return g_test_run ();
}
