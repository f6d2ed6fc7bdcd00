/* ca-screenshot.c: pictures of the real windows, for the metainfo and for review
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ca-screenshot SCENE OUTPUT.png [--dark] [--narrow]
 *
 * SCENE is "window" (the palette and an action's details), "dialog" (the
 * configuration dialog on the request payload), "result" (a test request
 * sent to the sandbox and its answer) or "manage" (the Manage Actions
 * window). The windows are the application's
 * own, on the sample catalog, rendered by GTK into a PNG: no window
 * manager or screen grabber is involved, so the pictures are the same on
 * any machine. The language is the environment's (LANGUAGE=fr …).
 * build-aux/screenshots runs every scene.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>
#include <locale.h>

#include "ca-application.h"
#include "ca-catalog.h"
#include "ca-config-dialog.h"
#include "ca-manage-window.h"
#include "ca-palette.h"
#include "ca-sandbox.h"
#include "ca-test-panel.h"
#include "ca-test-window.h"
#include "ca-window.h"

#define ACTION_NAME "sendEmail"

typedef struct {
  const char *scene;
  const char *output;
  GtkWindow  *shown;     /* the window to picture */
  CaSandbox  *sandbox;
  int         status;
  guint       settle;    /* frames to wait before the picture */
  gboolean    dark;
  gboolean    narrow;    /* a phone-sized main window: the palette alone */
} Shot;

static gboolean
save_picture (Shot *shot)
{
  GtkWidget *widget = GTK_WIDGET (shot->shown);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (widget));

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return FALSE;

  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  return gdk_texture_save_to_png (texture, shot->output);
}

/* Pictures once the window has drawn a few frames with nothing left to
 * lay out (list rows, the source view's highlighting). */
static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  Shot *shot = data;

  if (shot->settle > 0)
    {
      shot->settle--;
      return G_SOURCE_CONTINUE;
    }

  if (!save_picture (shot))
    {
      g_printerr ("could not write %s\n", shot->output);
      shot->status = 1;
    }
  else
    {
      g_print ("%s\n", shot->output);
    }

  g_application_quit (g_application_get_default ());
  return G_SOURCE_REMOVE;
}

static void
picture_when_ready (Shot      *shot,
                    GtkWindow *window,
                    guint      frames)
{
  shot->shown = window;
  shot->settle = frames;
  gtk_widget_add_tick_callback (GTK_WIDGET (window), tick_cb, shot, NULL);
}

static CaAction *
select_sample_action (CaWindow *window)
{
  CaCatalog *catalog = ca_window_get_catalog (window);
  CaAction *action = ca_catalog_lookup (catalog, ACTION_NAME);

  g_assert (action != NULL);
  return action;
}

static void
result_ready_cb (CaTestPanel    *panel,
                 const CaResult *result,
                 Shot           *shot)
{
  picture_when_ready (shot, GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (panel))), 30);
}

/* Fills each input of the test panel with the sample's value, as a user
 * trying the action would. */
static void
fill_inputs (GtkWidget *widget)
{
  static const struct {
    const char *label;
    const char *value;
  } values[] = {
    { "Recipient address", "ada@example.com" },
    { "Subject", "Your order has shipped" },
    { "HTML body", "<p>Hello Ada, your order is on its way.</p>" },
  };

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (ADW_IS_ENTRY_ROW (child))
        {
          const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child));

          for (guint i = 0; i < G_N_ELEMENTS (values); i++)
            {
              /* The labels are the sample catalog's, never translated. */
              if (g_strcmp0 (title, values[i].label) == 0)
                gtk_editable_set_text (GTK_EDITABLE (child), values[i].value);
            }
        }
      fill_inputs (child);
    }
}

static void
catalog_loaded_cb (CaWindow   *window,
                   GParamSpec *pspec,
                   Shot       *shot)
{
  CaAction *action;

  if (ca_window_get_loading (window))
    return;

  action = select_sample_action (window);
  ca_window_select_action (window, action);

  if (g_str_equal (shot->scene, "window"))
    {
      picture_when_ready (shot, GTK_WINDOW (window), 30);
    }
  else if (g_str_equal (shot->scene, "dialog"))
    {
      GtkWidget *dialog = ca_config_dialog_new (GTK_WINDOW (window), ca_window_get_catalog (window), action);

      gtk_window_set_default_size (GTK_WINDOW (dialog), 900, 720);
      ca_config_dialog_show_page (CA_CONFIG_DIALOG (dialog), "payload");
      gtk_window_present (GTK_WINDOW (dialog));
      picture_when_ready (shot, GTK_WINDOW (dialog), 30);
    }
  else if (g_str_equal (shot->scene, "manage"))
    {
      GtkWidget *manage = ca_manage_window_new (GTK_WINDOW (window), ca_window_get_catalog (window));

      gtk_window_present (GTK_WINDOW (manage));
      picture_when_ready (shot, GTK_WINDOW (manage), 30);
    }
  else
    {
      GtkWidget *test = ca_test_window_new (GTK_WINDOW (window), action);
      CaTestPanel *panel = ca_test_window_get_panel (CA_TEST_WINDOW (test));

      gtk_window_set_default_size (GTK_WINDOW (test), 900, 860);
      gtk_window_present (GTK_WINDOW (test));
      fill_inputs (GTK_WIDGET (panel));
      g_signal_connect (panel, "result-ready", G_CALLBACK (result_ready_cb), shot);
      ca_test_panel_send (panel);
    }
}

static void
activate_cb (GApplication *app,
             Shot         *shot)
{
  g_autoptr(CaCatalog) catalog = ca_catalog_new (NULL);
  g_autoptr(GBytes) sample = ca_catalog_get_sample_bytes ();
  g_autoptr(GError) error = NULL;
  CaWindow *window;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      shot->dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);

  /* The sample catalog, in memory: the user's own is not touched. */
  if (!ca_catalog_import (catalog, sample, NULL, &error))
    g_error ("the sample catalog: %s", error->message);

  window = ca_window_new (CA_APPLICATION (app), catalog);
  if (shot->narrow)
    gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  else
    gtk_window_set_default_size (GTK_WINDOW (window), 1000, 680);
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (window, "notify::loading", G_CALLBACK (catalog_loaded_cb), shot);
  catalog_loaded_cb (window, NULL, shot);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CaApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  Shot shot = { 0 };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 3 || (!g_str_equal (argv[1], "window") && !g_str_equal (argv[1], "dialog") &&
                   !g_str_equal (argv[1], "result") && !g_str_equal (argv[1], "manage")))
    {
      g_printerr ("usage: ca-screenshot window|dialog|result|manage OUTPUT.png [--dark] [--narrow]\n");
      return 2;
    }
  shot.scene = argv[1];
  shot.output = argv[2];

  /* The sample actions call the sandbox at its default address. */
  shot.sandbox = ca_sandbox_new ();
  if (!ca_sandbox_listen (shot.sandbox, CA_SANDBOX_DEFAULT_PORT, &error))
    g_printerr ("the sandbox is not started (%s): another one answers, we hope\n", error->message);

  app = g_object_new (CA_TYPE_APPLICATION,
                      "application-id", APP_ID ".Screenshot",
                      "flags", G_APPLICATION_NON_UNIQUE,
                      NULL);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), &shot);
  for (int i = 3; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--dark"))
        shot.dark = TRUE;
      else if (g_str_equal (argv[i], "--narrow"))
        shot.narrow = TRUE;
    }

  g_application_run (G_APPLICATION (app), 0, NULL);
  g_clear_object (&shot.sandbox);

  return shot.status;
}
