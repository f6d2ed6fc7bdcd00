/* bench-test-panel.c: the longest main-loop stall while a 10 MiB answer arrives and is shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real "Send Test Request" panel in a window, a SoupServer on 127.0.0.1
 * answering 10 MiB of JSON in chunks, as a server far away sends them.
 * From Send until the result is shown, its first MiB laid out and put
 * into the body's view, and a while after (the view lays the text out and
 * highlights it in idle time), a 5 ms timeout and a frame clock tick
 * record the longest interval between two of their runs. Twice: for an
 * action without a response sample, and for one with a sample, whose
 * answer the invoker checks for contract drift. Target: no main-loop
 * stall of 100 ms or more (exit status 1 otherwise). Needs a display
 * (xvfb-run); without one it exits 77 (skipped).
 */
#include "config.h"

#include <adwaita.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>

#include "ca-action-file.h"
#include "ca-test-panel-private.h"

#define MIB (1024 * 1024)
#define BODY_SIZE (10 * MIB)
#define CHUNK_SIZE (64 * 1024)
#define CHUNK_INTERVAL_MS 2
#define N_RUNS 3
#define TAIL_MS 1500     /* measured on after the body is in its view */
#define TIMEOUT_S 60
#define TARGET_MS 100.0

static GBytes *body;

typedef struct {
  SoupServerMessage *msg;
  gsize              sent;
} Streaming;

static gboolean
stream_chunk_cb (gpointer user_data)
{
  Streaming *streaming = user_data;
  SoupMessageBody *response = soup_server_message_get_response_body (streaming->msg);
  gsize size = MIN (CHUNK_SIZE, BODY_SIZE - streaming->sent);
  g_autoptr(GBytes) chunk = g_bytes_new_from_bytes (body, streaming->sent, size);

  soup_message_body_append_bytes (response, chunk);
  streaming->sent += size;
  if (streaming->sent == BODY_SIZE)
    soup_message_body_complete (response);
  soup_server_message_unpause (streaming->msg);

  if (streaming->sent < BODY_SIZE)
    return G_SOURCE_CONTINUE;

  g_object_unref (streaming->msg);
  g_free (streaming);
  return G_SOURCE_REMOVE;
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  Streaming *streaming = g_new0 (Streaming, 1);

  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  streaming->msg = g_object_ref (msg);
  stream_chunk_cb (streaming);
  g_timeout_add (CHUNK_INTERVAL_MS, stream_chunk_cb, streaming);
}

/* An API's answer: a list of records, nested a little. */
static GBytes *
make_body (void)
{
  GString *text = g_string_sized_new (BODY_SIZE + 1024);
  const char *end = "],\"next\":null}";

  g_string_append (text, "{\"data\":[");
  for (guint i = 0; ; i++)
    {
      g_autofree char *item = g_strdup_printf (
        "%s{\"id\":\"%08x\",\"type\":\"contact\",\"attributes\":{\"email\":\"user%u@example.com\","
        "\"name\":\"Name \\\"%u\\\" é\",\"score\":%u.25,\"optIn\":%s,\"tags\":[\"a\",\"b\",\"c\"]}}",
        i > 0 ? "," : "", i, i, i, i % 100, i % 2 ? "true" : "false");

      if (text->len + strlen (item) + strlen (end) > BODY_SIZE)
        break;
      g_string_append (text, item);
    }
  g_string_append (text, end);
  while (text->len < BODY_SIZE)
    g_string_insert_c (text, text->len - 1, ' ');

  return g_string_free_to_bytes (text);
}

typedef struct {
  gint64 last;
  gint64 max;
} Gaps;

static void
gaps_tick (Gaps *gaps)
{
  gint64 now = g_get_monotonic_time ();

  if (gaps->last != 0)
    gaps->max = MAX (gaps->max, now - gaps->last);

  gaps->last = now;
}

static gboolean
timeout_cb (gpointer user_data)
{
  gaps_tick (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
frame_cb (GtkWidget     *widget,
          GdkFrameClock *clock,
          gpointer       user_data)
{
  gaps_tick (user_data);
  return G_SOURCE_CONTINUE;
}

static void
iterate_while (gboolean (*busy) (gpointer),
               gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_S * G_USEC_PER_SEC;

  while (busy (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("bench-test-panel: nothing after %d s", TIMEOUT_S);
      g_main_context_iteration (NULL, TRUE);
    }
}

static gboolean
no_result (gpointer panel)
{
  return ca_test_panel_get_busy (panel);
}

static gboolean
body_pending (gpointer panel)
{
  return ca_test_panel_get_busy (panel) || ca_test_panel_get_body_pending (panel);
}

static gboolean
not_mapped (gpointer widget)
{
  return !gtk_widget_get_mapped (widget);
}

static gboolean
before (gpointer deadline)
{
  return g_get_monotonic_time () < *(gint64 *) deadline;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* N_RUNS sends of @action; the worst stall. */
static double
measure (GtkWidget   *window,
         CaTestPanel *panel,
         CaAction    *action,
         const char  *what)
{
  double stalls[N_RUNS], frames[N_RUNS];
  double worst = 0;

  ca_test_panel_set_action (panel, action);
  printf ("%s\n", what);

  for (guint run = 0; run < N_RUNS; run++)
    {
      Gaps loop_gaps = { 0, 0 }, frame_gaps = { 0, 0 };
      guint timeout_source, tick_id;
      gint64 start, result_at, shown_at, tail_end;

      /* Whatever the last run left is done first. */
      while (g_main_context_iteration (NULL, FALSE))
        ;

      timeout_source = g_timeout_add (5, timeout_cb, &loop_gaps);
      tick_id = gtk_widget_add_tick_callback (window, frame_cb, &frame_gaps, NULL);
      start = g_get_monotonic_time ();
      loop_gaps.last = start;

      ca_test_panel_send (panel);
      g_assert_true (ca_test_panel_get_busy (panel));
      iterate_while (no_result, panel);
      result_at = g_get_monotonic_time ();
      iterate_while (body_pending, panel);
      shown_at = g_get_monotonic_time ();
      tail_end = shown_at + TAIL_MS * 1000;
      iterate_while (before, &tail_end);

      g_source_remove (timeout_source);
      gtk_widget_remove_tick_callback (window, tick_id);

      g_assert_nonnull (ca_test_panel_get_result (panel));
      g_assert_cmpuint (g_bytes_get_size (ca_test_panel_get_result (panel)->body), ==, BODY_SIZE);

      stalls[run] = loop_gaps.max / 1000.0;
      frames[run] = frame_gaps.max / 1000.0;
      worst = MAX (worst, stalls[run]);
      printf ("  run %u: answer in %.0f ms, body in its view %.0f ms later; longest main-loop stall "
              "%.1f ms, longest gap between frames %.1f ms\n",
              run + 1, (result_at - start) / 1000.0, (shown_at - result_at) / 1000.0,
              stalls[run], frames[run]);
    }

  qsort (stalls, N_RUNS, sizeof (double), compare_doubles);
  qsort (frames, N_RUNS, sizeof (double), compare_doubles);
  printf ("  longest main-loop stall: median %.1f ms, worst %.1f ms (target < %.0f ms); "
          "longest gap between frames: median %.1f ms, worst %.1f ms\n",
          stalls[N_RUNS / 2], worst, TARGET_MS, frames[N_RUNS / 2], frames[N_RUNS - 1]);

  return worst;
}

static CaAction *
big_action (guint       port,
            const char *name,
            const char *extra)
{
  g_autofree char *json = g_strdup_printf ("{\"format\": 1, \"actions\": [{\"name\": \"%s\", \"method\": \"GET\","
                                           "\"url\": \"http://127.0.0.1:%u/big\"%s}]}",
                                           name, port, extra);
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GError) error = NULL;

  actions = ca_action_file_parse_all (bytes, CA_ACTION_FILE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  return g_object_ref (g_ptr_array_index (actions, 0));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CaAction) plain = NULL;
  g_autoptr(CaAction) with_sample = NULL;
  GSList *uris;
  GtkWidget *window, *scroller;
  CaTestPanel *panel;
  double worst_plain, worst_sample;
  guint port;

  /* No secret, no keyring. An empty address keeps GDBus from
   * autolaunching a bus on X11. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "", TRUE);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  if (!gtk_init_check ())
    {
      fprintf (stderr, "bench-test-panel: no display; run it under xvfb-run\n");
      return 77;
    }
  adw_init ();

  body = make_body ();

  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, server_cb, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  port = (guint) g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  plain = big_action (port, "big", "");
  /* With a response sample the invoker checks the answer for contract
   * drift, which means reading all 10 MiB of it. */
  with_sample = big_action (port, "bigChecked",
                            ", \"response\": {\"sample\": {\"data\": [{\"id\": \"x\"}], \"next\": null}}");

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 900);
  scroller = gtk_scrolled_window_new ();
  panel = CA_TEST_PANEL (ca_test_panel_new ());
  gtk_widget_set_margin_top (GTK_WIDGET (panel), 24);
  gtk_widget_set_margin_bottom (GTK_WIDGET (panel), 24);
  gtk_widget_set_margin_start (GTK_WIDGET (panel), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (panel), 12);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (panel));
  gtk_window_set_child (GTK_WINDOW (window), scroller);
  ca_test_panel_set_action (panel, plain);
  gtk_window_present (GTK_WINDOW (window));
  iterate_while (not_mapped, window);

  printf ("A %d MiB JSON answer in %d KiB chunks every %d ms, %d runs each; measured from Send "
          "to %d ms after the first MiB is in the body's view\n",
          BODY_SIZE / MIB, CHUNK_SIZE / 1024, CHUNK_INTERVAL_MS, N_RUNS, TAIL_MS);
  worst_plain = measure (window, panel, plain, "An action without a response sample:");
  worst_sample = measure (window, panel, with_sample, "An action with a response sample (contract drift checked):");

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_bytes_unref (body);

  if (MAX (worst_plain, worst_sample) >= TARGET_MS)
    {
      printf ("FAILED: a main-loop stall of %.1f ms, over the target of %.0f ms\n",
              MAX (worst_plain, worst_sample), TARGET_MS);
      return 1;
    }

  printf ("OK: the longest main-loop stall, %.1f ms, is under the target of %.0f ms\n",
          MAX (worst_plain, worst_sample), TARGET_MS);
  return 0;
}
