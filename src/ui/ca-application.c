/* ca-application.c: the application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>
#include <stdio.h>

#include "ca-accessible.h"
#include "ca-application.h"
#include "ca-catalog.h"
#include "ca-sandbox.h"
#include "ca-window.h"

struct _CaApplication
{
  AdwApplication  parent_instance;

  /* Serves the sample actions when no other sandbox does. */
  CaSandbox      *sandbox;
  gboolean        sandbox_tried;

  /* action name → LastResult: what the last test request of each
   * action gave, and when, for the details page; not saved, a result
   * belongs to a session. */
  GHashTable     *last_results;
};

typedef struct {
  CaResult  *result;
  GDateTime *when;
} LastResult;

static void
last_result_free (LastResult *last)
{
  ca_result_free (last->result);
  g_date_time_unref (last->when);
  g_free (last);
}

enum {
  LAST_RESULT_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CaApplication, ca_application, ADW_TYPE_APPLICATION)

static const GOptionEntry main_entries[] = {
  { "catalog", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Open the catalog FILE instead of the default one"),
    /* Translators: the placeholder in "--catalog FILE" of --help */
    N_("FILE") },
  { NULL }
};

/* The sample actions call the sandbox at its default address: when a
 * catalog has such an action and nothing listens there yet, the sandbox
 * runs in this process, so they work offline from the first minute. A
 * port in use means another sandbox (or something else) is there. */
static void
ca_application_start_sandbox (CaApplication *self)
{
  g_autoptr(CaSandbox) sandbox = ca_sandbox_new ();
  g_autoptr(GError) error = NULL;

  self->sandbox_tried = TRUE;
  if (!ca_sandbox_listen (sandbox, CA_SANDBOX_DEFAULT_PORT, &error))
    {
      g_debug ("Not starting the sandbox on port %d: %s", CA_SANDBOX_DEFAULT_PORT, error->message);
      return;
    }

  self->sandbox = g_steal_pointer (&sandbox);
}

static void
ca_application_catalog_changed (CaApplication *self,
                                guint          position,
                                guint          removed,
                                guint          added,
                                GListModel    *catalog)
{
  if (self->sandbox_tried)
    return;

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(CaAction) action = g_list_model_get_item (catalog, i);

      if (ca_sandbox_is_default_url (ca_action_get_url (action)))
        {
          ca_application_start_sandbox (self);
          return;
        }
    }
}

/* Test-only, for tests/bench/bench-window.c: with CUSTOM_ACTIONS_BENCHMARK
 * set, @window prints on standard output "first-frame T" when it has drawn
 * its first frame, "catalog-loaded T" when its catalog is loaded and
 * "idle T" once it has drawn that and has nothing left to do. T is
 * g_get_monotonic_time(), a clock every process shares, so the benchmark
 * can compare it with the time it started the app. */
static void
benchmark_print (const char *what)
{
  printf ("%s %" G_GINT64_FORMAT "\n", what, g_get_monotonic_time ());
  fflush (stdout);
}

static gboolean
benchmark_idle_cb (gpointer user_data)
{
  benchmark_print ("idle");
  return G_SOURCE_REMOVE;
}

static void
benchmark_after_paint_cb (GdkFrameClock *clock,
                          GtkWidget     *window)
{
  if (g_object_get_data (G_OBJECT (window), "ca-benchmark-first-frame") == NULL)
    {
      g_object_set_data (G_OBJECT (window), "ca-benchmark-first-frame", GINT_TO_POINTER (TRUE));
      benchmark_print ("first-frame");
    }

  /* Idle: the loaded catalog is drawn and only low-priority work is left. */
  if (g_object_get_data (G_OBJECT (window), "ca-benchmark-loaded") != NULL)
    {
      g_signal_handlers_disconnect_by_func (clock, benchmark_after_paint_cb, window);
      g_idle_add_full (G_PRIORITY_LOW, benchmark_idle_cb, NULL, NULL);
    }
}

static void
benchmark_loading_cb (GtkWidget  *window,
                      GParamSpec *pspec)
{
  if (ca_window_get_loading (CA_WINDOW (window)))
    return;

  g_object_set_data (G_OBJECT (window), "ca-benchmark-loaded", GINT_TO_POINTER (TRUE));
  benchmark_print ("catalog-loaded");
  gtk_widget_queue_draw (window);
}

static void
benchmark_realize_cb (GtkWidget *window)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (benchmark_after_paint_cb), window, 0);
}

static void
ca_application_watch_for_benchmark (CaWindow *window)
{
  if (g_getenv ("CUSTOM_ACTIONS_BENCHMARK") == NULL)
    return;

  g_signal_connect (window, "realize", G_CALLBACK (benchmark_realize_cb), NULL);
  g_signal_connect (window, "notify::loading", G_CALLBACK (benchmark_loading_cb), NULL);
}

/* One window per catalog file: asking again for a file that is open
 * brings its window forward. */
static void
ca_application_open_catalog (CaApplication      *self,
                             GFile              *file,
                             CaCatalogLoadFlags  flags)
{
  g_autoptr(CaCatalog) catalog = NULL;
  CaWindow *window;

  for (const GList *iter = gtk_application_get_windows (GTK_APPLICATION (self));
       iter != NULL;
       iter = iter->next)
    {
      GFile *open_file;

      if (!CA_IS_WINDOW (iter->data))
        continue;

      open_file = ca_catalog_get_file (ca_window_get_catalog (iter->data));
      if (open_file != NULL && g_file_equal (open_file, file))
        {
          gtk_window_present (iter->data);
          return;
        }
    }

  catalog = ca_catalog_new (file);
  g_signal_connect_object (catalog, "items-changed",
                           G_CALLBACK (ca_application_catalog_changed), self, G_CONNECT_SWAPPED);
  window = ca_window_new (self, catalog);
  ca_application_watch_for_benchmark (window);
  /* Shown first: the window reads its catalog once it has drawn itself. */
  gtk_window_present (GTK_WINDOW (window));
  ca_window_load_catalog (window, flags);
}

static void
ca_application_activate (GApplication *application)
{
  CaApplication *self = CA_APPLICATION (application);
  GtkWindow *window;
  g_autoptr(GFile) file = NULL;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  file = ca_catalog_get_default_file ();
  ca_application_open_catalog (self, file, CA_CATALOG_LOAD_CREATE_SAMPLE);
}

static int
ca_application_command_line (GApplication            *application,
                             GApplicationCommandLine *command_line)
{
  CaApplication *self = CA_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  const char *path = NULL;

  if (g_variant_dict_lookup (options, "catalog", "^&ay", &path))
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, path);

      /* A file named on purpose is never filled with the samples. */
      ca_application_open_catalog (self, file, CA_CATALOG_LOAD_FLAGS_NONE);
    }
  else
    {
      g_application_activate (application);
    }

  return EXIT_SUCCESS;
}

static void
ca_application_quit (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  CaApplication *self = user_data;
  g_autoptr(GList) windows = NULL;

  /* Closing each window lets it keep its size and finish what it does;
   * the application ends with the last one. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (const GList *iter = windows; iter != NULL; iter = iter->next)
    gtk_window_close (iter->data);
}

static void
ca_application_about (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  CaApplication *self = user_data;
  GtkWindow *about;
  static const char *developers[] = {
    "The Custom Actions contributors",
    NULL
  };

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "modal", TRUE,
                        "application-name", _("Custom Actions"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "comments", _("Connect your journeys to email, SMS and push providers, CRMs and any REST API"),
                        "developer-name", _("The Custom Actions contributors"),
                        "developers", developers,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: your name and email, one translator a line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  /* Its version button would be named "GtkButton". */
  ca_accessible_fix_names (GTK_WIDGET (about));
  gtk_window_present (about);
}

static const GActionEntry app_actions[] = {
  { "quit", ca_application_quit },
  { "about", ca_application_about },
};

/* Every accelerator of the application and its main windows; each is
 * listed in ca-shortcuts-window.ui too. */
static const struct {
  const char *action;
  const char *accels[3];
} accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "window.close", { "<Control>w", NULL } },
  { "win.focus-search", { "<Control>f", NULL } },
  { "win.new-action", { "<Control>n", NULL } },
  { "win.edit-action", { "<Control>e", NULL } },
  { "win.send-test", { "<Control>Return", "<Control>KP_Enter", NULL } },
  { "win.manage", { "<Control>m", NULL } },
  { "win.import", { "<Control>o", NULL } },
  { "win.export", { "<Control><Shift>s", NULL } },
  { "win.show-help-overlay", { "<Control>question", NULL } },
};

static void
ca_application_startup (GApplication *application)
{
  G_APPLICATION_CLASS (ca_application_parent_class)->startup (application);
  /* The JSON editors and the answer's view are GtkSourceViews. */
  gtk_source_init ();

  g_action_map_add_action_entries (G_ACTION_MAP (application),
                                   app_actions,
                                   G_N_ELEMENTS (app_actions),
                                   application);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (application),
                                           accels[i].action, accels[i].accels);

  gtk_window_set_default_icon_name (APP_ID);
}

static void
ca_application_dispose (GObject *object)
{
  CaApplication *self = CA_APPLICATION (object);

  g_clear_object (&self->sandbox);
  g_clear_pointer (&self->last_results, g_hash_table_unref);

  G_OBJECT_CLASS (ca_application_parent_class)->dispose (object);
}

static void
ca_application_class_init (CaApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = ca_application_dispose;

  application_class->activate = ca_application_activate;
  application_class->command_line = ca_application_command_line;
  application_class->startup = ca_application_startup;

  /* Emitted with the action's name when its last result changes. */
  signals[LAST_RESULT_CHANGED] =
    g_signal_new ("last-result-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
ca_application_init (CaApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), main_entries);
  self->last_results = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) last_result_free);
}

CaApplication *
ca_application_new (void)
{
  return g_object_new (CA_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       NULL);
}

const CaResult *
ca_application_get_last_result (CaApplication *self,
                                const char    *action_name)
{
  LastResult *last;

  g_return_val_if_fail (CA_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (action_name != NULL, NULL);

  last = g_hash_table_lookup (self->last_results, action_name);

  return last != NULL ? last->result : NULL;
}

/**
 * ca_application_get_last_result_time:
 *
 * Returns: (transfer none) (nullable): when the last result of
 *   @action_name came, in UTC
 */
GDateTime *
ca_application_get_last_result_time (CaApplication *self,
                                     const char    *action_name)
{
  LastResult *last;

  g_return_val_if_fail (CA_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (action_name != NULL, NULL);

  last = g_hash_table_lookup (self->last_results, action_name);

  return last != NULL ? last->when : NULL;
}

void
ca_application_set_last_result (CaApplication  *self,
                                const char     *action_name,
                                const CaResult *result)
{
  LastResult *last;

  g_return_if_fail (CA_IS_APPLICATION (self));
  g_return_if_fail (action_name != NULL);
  g_return_if_fail (result != NULL);

  last = g_new0 (LastResult, 1);
  last->result = ca_result_copy (result);
  last->when = g_date_time_new_now_utc ();
  g_hash_table_replace (self->last_results, g_strdup (action_name), last);
  g_signal_emit (self, signals[LAST_RESULT_CHANGED], g_quark_from_string (action_name), action_name);
}
