/* bench-window.c: the window's first frame and memory with big catalogs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts the real application ($CUSTOM_ACTIONS, which tests/meson.build
 * sets to the built custom-actions) with --catalog on catalogs of 0,
 * 10,000 and 100,000 actions made by ca-bench-catalog.c, several times
 * each, the sizes taking turns, and measures:
 *
 *  - the time from starting the program to its window's first frame;
 *  - the time until its catalog is loaded;
 *  - its resident memory (VmRSS, and the peak VmHWM, of /proc/PID/status)
 *    once the loaded catalog is drawn and the window is idle.
 *
 * The app reports those moments itself when CUSTOM_ACTIONS_BENCHMARK is
 * set (ca_application_watch_for_benchmark() in src/ui/ca-application.c,
 * test-only): "first-frame T", "catalog-loaded T" and "idle T" on standard
 * output, T on the monotonic clock every process shares. The benchmark
 * then reads /proc/PID/status and ends the app with SIGTERM.
 *
 * Targets on a 2-core machine, medians of N_RUNS runs: the first frame
 * with 10,000 actions at most 1.15 times as late as with an empty catalog,
 * with 100,000 at most 2 times; with 100,000 actions at most 250 MB
 * resident. Exits 1 when one is missed.
 *
 * It needs a display: `build-aux/dev test --benchmark` runs the benchmarks
 * under xvfb-run; by hand,
 *   xvfb-run -a -s '-screen 0 1280x1024x24' meson test -C build --benchmark window
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ca-bench-catalog.h"

#define N_RUNS 5
#define TIMEOUT_MS 120000
#define TARGET_RATIO_10K 1.15
#define TARGET_RATIO_100K 2.0
#define TARGET_RSS_MB 250.0
#define MB 1e6

static const guint sizes[] = { 0, 10000, 100000 };
#define N_SIZES G_N_ELEMENTS (sizes)

typedef struct {
  double first_frame_ms;
  double loaded_ms;
  double idle_ms;
  double rss_mb;
  double hwm_mb;
} Run;

/* "VmRSS:   123456 kB" of /proc/@pid/status, in bytes; -1 if missing. */
static double
status_bytes (const char *status,
              const char *key)
{
  const char *line = strstr (status, key);

  if (line == NULL)
    return -1;

  return g_ascii_strtod (line + strlen (key), NULL) * 1024;
}

/* What the app reported, in its order; -1 until it has. */
typedef enum {
  FIRST_FRAME,
  CATALOG_LOADED,
  IDLE,
  N_EVENTS
} Event;

static const char * const event_words[N_EVENTS] = { "first-frame", "catalog-loaded", "idle" };

/* Reads the app's lines from @fd into @times until @event has come, for
 * at most until @deadline (monotonic µs). FALSE when it does not come. */
static gboolean
wait_for (int      fd,
          GString *pending,
          gint64  *times,
          Event    event,
          gint64   deadline)
{
  while (times[event] < 0)
    {
      struct pollfd pfd = { fd, POLLIN, 0 };
      gint64 left = (deadline - g_get_monotonic_time ()) / 1000;
      char buffer[4096];
      char *newline;
      ssize_t n;
      int ready;

      if (left <= 0)
        return FALSE;
      ready = poll (&pfd, 1, (int) left);
      if (ready < 0 && errno == EINTR)
        continue;
      if (ready <= 0)
        return FALSE;
      n = read (fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      g_string_append_len (pending, buffer, n);

      while ((newline = memchr (pending->str, '\n', pending->len)) != NULL)
        {
          g_autofree char *line = g_strndup (pending->str, newline - pending->str);

          g_string_erase (pending, 0, newline - pending->str + 1);
          for (guint e = 0; e < N_EVENTS; e++)
            {
              gsize len = strlen (event_words[e]);

              if (strncmp (line, event_words[e], len) == 0 && line[len] == ' ')
                times[e] = g_ascii_strtoll (line + len + 1, NULL, 10);
            }
        }
    }

  return TRUE;
}

static gboolean
run_app (const char  *app,
         const char  *catalog,
         char       **envp,
         Run         *run)
{
  const char *argv[] = { app, "--catalog", catalog, NULL };
  g_autoptr(GString) pending = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *status_path = NULL;
  g_autofree char *status = NULL;
  gint64 times[N_EVENTS] = { -1, -1, -1 };
  gint64 start, deadline;
  gboolean ok;
  GPid pid;
  int out_fd;
  int wait_status;

  start = g_get_monotonic_time ();
  if (!g_spawn_async_with_pipes (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD,
                                 NULL, NULL, &pid, NULL, &out_fd, NULL, &error))
    g_error ("could not start %s: %s", app, error->message);

  deadline = start + TIMEOUT_MS * 1000;
  ok = wait_for (out_fd, pending, times, FIRST_FRAME, deadline) &&
       wait_for (out_fd, pending, times, CATALOG_LOADED, deadline) &&
       wait_for (out_fd, pending, times, IDLE, deadline);

  status_path = g_strdup_printf ("/proc/%d/status", pid);
  if (ok && g_file_get_contents (status_path, &status, NULL, NULL))
    {
      run->rss_mb = status_bytes (status, "VmRSS:") / MB;
      run->hwm_mb = status_bytes (status, "VmHWM:") / MB;
    }

  kill (pid, SIGTERM);
  close (out_fd);
  while (waitpid (pid, &wait_status, 0) < 0 && errno == EINTR)
    ;
  g_spawn_close_pid (pid);

  if (!ok || status == NULL)
    {
      g_printerr ("%s --catalog %s: no first frame, load or idle within %d s\n",
                  app, catalog, TIMEOUT_MS / 1000);
      return FALSE;
    }

  run->first_frame_ms = (times[FIRST_FRAME] - start) / 1000.0;
  run->loaded_ms = (times[CATALOG_LOADED] - start) / 1000.0;
  run->idle_ms = (times[IDLE] - start) / 1000.0;
  return TRUE;
}

static double
median_of (Run    *runs,
           gsize   offset)
{
  double values[N_RUNS];

  for (guint i = 0; i < N_RUNS; i++)
    values[i] = G_STRUCT_MEMBER (double, &runs[i], offset);

  return ca_bench_median (values, N_RUNS);
}

static const char *
verdict (gboolean ok)
{
  return ok ? "ok" : "OVER TARGET";
}

int
main (int   argc,
      char *argv[])
{
  const char *app = g_getenv ("CUSTOM_ACTIONS");
  g_autofree char *dir = g_dir_make_tmp ("bench-window-XXXXXX", NULL);
  g_autofree char *data_home = g_build_filename (dir, "data", NULL);
  g_auto(GStrv) envp = g_get_environ ();
  char *paths[N_SIZES];
  Run runs[N_SIZES][N_RUNS];
  double first_frame[N_SIZES];
  double ratio_10k, ratio_100k, rss_100k;
  gboolean ok_10k, ok_100k, ok_rss;

  if (app == NULL)
    g_error ("CUSTOM_ACTIONS must name the custom-actions program (meson test sets it)");
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    g_error ("no display: run the benchmarks under xvfb-run (build-aux/dev test --benchmark)");

  envp = g_environ_setenv (envp, "CUSTOM_ACTIONS_BENCHMARK", "1", TRUE);
  /* Nothing of the user's is read or written. */
  envp = g_environ_setenv (envp, "XDG_DATA_HOME", data_home, TRUE);
  /* Without a session bus the app runs as a plain, non-unique instance
   * rather than starting one (dbus-launch) in the first run. */
  envp = g_environ_setenv (envp, "DBUS_SESSION_BUS_ADDRESS", "disabled:", FALSE);

  for (guint s = 0; s < N_SIZES; s++)
    {
      g_autofree char *name = g_strdup_printf ("catalog-%u.json", sizes[s]);
      g_autoptr(GError) error = NULL;

      paths[s] = g_build_filename (dir, name, NULL);
      if (!ca_bench_catalog_write (paths[s], sizes[s], &error))
        g_error ("%s", error->message);
    }

  /* A first run warms the caches (fonts, icons, the program itself). */
  {
    Run warm_up = { 0 };

    if (!run_app (app, paths[0], envp, &warm_up))
      return 1;
  }

  /* The sizes take turns, so that a busy moment of the machine does not
   * fall on one size only. */
  for (guint r = 0; r < N_RUNS; r++)
    for (guint s = 0; s < N_SIZES; s++)
      if (!run_app (app, paths[s], envp, &runs[s][r]))
        return 1;

  printf ("window of the real app, %d runs per catalog size (medians)\n", N_RUNS);
  for (guint s = 0; s < N_SIZES; s++)
    {
      GStatBuf st;

      g_stat (paths[s], &st);
      first_frame[s] = median_of (runs[s], G_STRUCT_OFFSET (Run, first_frame_ms));
      printf ("%7u actions (%.1f MB file): first frame %.0f ms, loaded %.0f ms, idle %.0f ms, "
              "RSS %.1f MB (peak %.1f MB)\n",
              sizes[s], st.st_size / MB, first_frame[s],
              median_of (runs[s], G_STRUCT_OFFSET (Run, loaded_ms)),
              median_of (runs[s], G_STRUCT_OFFSET (Run, idle_ms)),
              median_of (runs[s], G_STRUCT_OFFSET (Run, rss_mb)),
              median_of (runs[s], G_STRUCT_OFFSET (Run, hwm_mb)));
      printf ("        runs: first frame");
      for (guint r = 0; r < N_RUNS; r++)
        printf (" %.0f", runs[s][r].first_frame_ms);
      printf (" ms; loaded");
      for (guint r = 0; r < N_RUNS; r++)
        printf (" %.0f", runs[s][r].loaded_ms);
      printf (" ms; RSS");
      for (guint r = 0; r < N_RUNS; r++)
        printf (" %.1f", runs[s][r].rss_mb);
      printf (" MB\n");
    }

  ratio_10k = first_frame[1] / first_frame[0];
  ratio_100k = first_frame[2] / first_frame[0];
  rss_100k = median_of (runs[2], G_STRUCT_OFFSET (Run, rss_mb));
  ok_10k = ratio_10k <= TARGET_RATIO_10K;
  ok_100k = ratio_100k <= TARGET_RATIO_100K;
  ok_rss = rss_100k <= TARGET_RSS_MB;

  printf ("first frame, 10,000 actions: %.2f× the empty catalog's (target ≤ %.2f×) %s\n",
          ratio_10k, TARGET_RATIO_10K, verdict (ok_10k));
  printf ("first frame, 100,000 actions: %.2f× the empty catalog's (target ≤ %.2f×) %s\n",
          ratio_100k, TARGET_RATIO_100K, verdict (ok_100k));
  printf ("resident memory, 100,000 actions: %.1f MB (target ≤ %.0f MB) %s\n",
          rss_100k, TARGET_RSS_MB, verdict (ok_rss));

  for (guint s = 0; s < N_SIZES; s++)
    {
      g_unlink (paths[s]);
      g_free (paths[s]);
    }
  g_rmdir (data_home);
  g_rmdir (dir);

  return ok_10k && ok_100k && ok_rss ? 0 : 1;
}
