/* test-application.c: the application: its accelerators and what lists them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "ca-application.h"
#include "ca-catalog.h"
#include "ca-test-ui.h"
#include "ca-window.h"

/* Every accelerator of the application is in its shortcuts window. */
static void
collect_overlay_accels (GtkBuilder *builder,
                        GPtrArray  *listed)
{
  g_autoptr(GSList) objects = gtk_builder_get_objects (builder);

  for (const GSList *iter = objects; iter != NULL; iter = iter->next)
    {
      g_autofree char *accelerator = NULL;
      g_auto(GStrv) alternatives = NULL;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (iter->data))
        continue;

      g_object_get (iter->data, "accelerator", &accelerator, NULL);
      alternatives = g_strsplit (accelerator, " ", -1);
      for (guint i = 0; alternatives[i] != NULL; i++)
        g_ptr_array_add (listed, g_strdup (alternatives[i]));
    }
}

static gboolean
accel_listed (GPtrArray  *listed,
              const char *accel)
{
  guint keyval, listed_keyval;
  GdkModifierType mods, listed_mods;

  g_assert_true (gtk_accelerator_parse (accel, &keyval, &mods));
  for (guint i = 0; i < listed->len; i++)
    {
      if (gtk_accelerator_parse (g_ptr_array_index (listed, i), &listed_keyval, &listed_mods) &&
          gdk_keyval_to_lower (keyval) == gdk_keyval_to_lower (listed_keyval) && mods == listed_mods)
        return TRUE;
    }

  return FALSE;
}

static void
test_application_accels_listed (void)
{
  static const char * const expected[] = {
    "app.quit", "win.new-action", "win.edit-action", "win.send-test", "win.focus-search",
    "win.manage", "win.import", "win.export", "win.show-help-overlay", "window.close",
  };
  g_autoptr(CaApplication) app = NULL;
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GPtrArray) listed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) described = NULL;

  CA_TEST_REQUIRE_DISPLAY ();

  /* Started, without the session bus. */
  app = ca_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_COMMAND_LINE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  builder = gtk_builder_new_from_resource ("/io/github/customactions/CustomActions/ca-shortcuts-window.ui");
  collect_overlay_accels (builder, listed);
  /* A window is its own: the builder does not take it away. */
  gtk_window_destroy (GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay")));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), expected[i]);

      g_assert_nonnull (accels);
      g_assert_nonnull (accels[0]);
    }

  described = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
  for (guint i = 0; described[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), described[i]);

      for (guint j = 0; accels[j] != NULL; j++)
        {
          /* Ctrl+Enter on the keypad goes with Ctrl+Return. */
          if (g_str_has_suffix (accels[j], "KP_Enter"))
            continue;

          g_test_message ("%s: %s", described[i], accels[j]);
          g_assert_true (accel_listed (listed, accels[j]));
        }
    }
}

static gboolean
sms_is_recent (gpointer settings)
{
  g_auto(GStrv) recent = g_settings_get_strv (settings, "recent-actions");

  return recent[0] != NULL && g_str_equal (recent[0], "sendSms");
}

/* A test request sent makes its action a recent one in the palette. */
static void
test_application_test_request_noted (void)
{
  g_autoptr(CaApplication) app = NULL;
  g_autoptr(CaCatalog) catalog = ca_catalog_new (NULL);
  g_autoptr(GBytes) sample = ca_catalog_get_sample_bytes ();
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(CaResult) result = ca_result_new ();
  g_autoptr(GError) error = NULL;
  CaWindow *window;

  CA_TEST_REQUIRE_DISPLAY ();

  settings = g_settings_new (APP_ID);
  g_settings_reset (settings, "recent-actions");
  ca_catalog_import (catalog, sample, NULL, &error);
  g_assert_no_error (error);

  app = ca_application_new ();
  g_application_set_default (G_APPLICATION (app));
  window = ca_window_new (NULL, catalog);
  gtk_window_present (GTK_WINDOW (window));
  ca_test_wait_mapped (GTK_WIDGET (window));
  g_assert_false (sms_is_recent (settings));

  result->outcome = g_strdup ("http_200");
  result->status = 200;
  ca_application_set_last_result (app, "sendSms", result);
  ca_test_iterate_until (sms_is_recent, settings);

  gtk_window_destroy (GTK_WINDOW (window));
  ca_test_iterate_idle ();
  g_application_set_default (NULL);
}

/* Once the window is up, no window of the application waits hidden (why:
 * ca_window_show_shortcuts()). The Keyboard Shortcuts window used to be
 * one, built by GtkApplication. */
static void
test_application_no_hidden_window (void)
{
  g_autoptr(CaApplication) app = NULL;
  g_autoptr(CaCatalog) catalog = ca_catalog_new (NULL);
  g_autoptr(GError) error = NULL;
  GListModel *toplevels = gtk_window_get_toplevels ();
  CaWindow *window;

  CA_TEST_REQUIRE_DISPLAY ();

  app = ca_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_COMMAND_LINE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  window = ca_window_new (app, catalog);
  gtk_window_present (GTK_WINDOW (window));
  ca_test_wait_mapped (GTK_WIDGET (window));

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      g_test_message ("window: %s, %s", G_OBJECT_TYPE_NAME (toplevel),
                      gtk_widget_get_visible (toplevel) ? "shown" : "hidden");
      g_assert_true (gtk_widget_get_visible (toplevel));
    }

  gtk_window_destroy (GTK_WINDOW (window));
  ca_test_iterate_idle ();
}

int
main (int   argc,
      char *argv[])
{
  ca_test_ui_init (&argc, &argv);

  g_test_add_func ("/ca/application/accels-listed", test_application_accels_listed);
  g_test_add_func ("/ca/application/test-request-noted", test_application_test_request_noted);
  g_test_add_func ("/ca/application/no-hidden-window", test_application_no_hidden_window);

  return g_test_run ();
}
