/* bench-send.c: what a send costs, against bare libsoup and hey
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Targets on a 2-core machine, against a local HTTP server with
 * keep-alive:
 *
 * (a) latency: 2,000 sequential sends of a small POST action through
 *     ca_invoker_send_async(), rendering (ca_render()) included, each
 *     awaited before the next: the median per call is at most 1.3× that
 *     of a bare SoupSession POSTing the same bytes to the same URL with
 *     soup_session_send_and_read_async(), also one at a time.
 * (b) throughput: 20,000 sends with 32 in flight reach at least 0.7× the
 *     calls per second of `hey -n 20000 -c 32 -m POST` with the same body
 *     against the same server.
 *
 * The server is a minimal SoupServer handler (200 {"id":"x","status":
 * "queued"} at once, the request unread) in a thread of its own with its
 * own GMainContext, so that it shares no main loop with the clients. It
 * counts the connections each phase used (distinct client ports): keep-
 * alive shows as a handful, a connection per call as thousands.
 *
 * libsoup reuses a kept-alive connection for a POST only when the
 * message has SOUP_MESSAGE_IDEMPOTENT (otherwise every POST gets a new
 * connection), so the bare client sets it: that is libsoup with
 * keep-alive, as hey is Go's HTTP client with keep-alive.
 *
 * Exit status: 0 when every target is met, 1 when one is missed or calls
 * failed, 77 (skipped) when hey is not installed and the rest is met. The
 * whole takes well under two minutes; a run that goes on too long is cut
 * short and counts as missing its target.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ca-invoker.h"
#include "ca-render.h"

#define N_WARM_UP 100
#define N_SEQUENTIAL 2000
#define N_CONCURRENT 20000
#define IN_FLIGHT 32
/* Each throughput figure is the median of this many runs, ours and hey's
 * in turn: one run on a shared 2-core machine says little. */
#define N_ROUNDS 3
/* A run that takes longer is cut short: the benchmark must end. */
#define RUN_BUDGET_S 20
#define LATENCY_TARGET 1.3
#define THROUGHPUT_TARGET 0.7

#define ANSWER "{\"id\":\"x\",\"status\":\"queued\"}"
#define REQUEST_SAMPLE "{\"to\":\"someone@example.com\",\"message\":\"Your order has shipped\",\"priority\":2}"
#define RESPONSE_SAMPLE "{\"id\":\"abc\",\"status\":\"queued\"}"

/* The server, in its own thread. */
typedef struct {
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  guint         port;
  GError       *error;

  GMutex        lock;
  GCond         cond;
  gboolean      ready;
  /* Since the last server_take_counts(): */
  GHashTable   *ports;        /* client ports seen: one per connection */
  guint         n_answered;
} Server;

/* The clients, in the main thread. */
typedef struct {
  CaInvoker   *invoker;
  CaAction    *action;
  GHashTable  *values;
  SoupSession *bare_session;
  char        *url;
  GBytes      *body;          /* what ca_render() makes of the values */

  gboolean     bare;          /* which client the run uses */
  guint        n_target;      /* calls to start in this run */
  guint        n_started;
  guint        n_done;
  guint        n_failed;
  char        *first_failure;
} Bench;

/* What one phase gave. */
typedef struct {
  guint    n_done;
  guint    n_failed;
  guint    n_connections;
  double   seconds;
  double   rate;              /* calls per second */
  gboolean cut_short;
} Run;

static void
answer (SoupServer        *soup_server,
        SoupServerMessage *message,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  Server *server = user_data;
  GSocketAddress *remote = soup_server_message_get_remote_address (message);
  guint port = G_IS_INET_SOCKET_ADDRESS (remote)
               ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (remote)) : 0;

  g_mutex_lock (&server->lock);
  g_hash_table_add (server->ports, GUINT_TO_POINTER (port));
  server->n_answered++;
  g_mutex_unlock (&server->lock);

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                    ANSWER, strlen (ANSWER));
}

/* 127.0.0.1, any free port, with a backlog that takes 32 connections at
 * once (soup_server_listen() leaves GSocket's default of 10). */
static gboolean
server_listen (Server      *server,
               SoupServer  *soup_server,
               GError     **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) local = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  g_socket_set_listen_backlog (socket, 1024);
  if (!g_socket_bind (socket, address, TRUE, error) ||
      !g_socket_listen (socket, error) ||
      !soup_server_listen_socket (soup_server, socket, 0, error))
    return FALSE;

  local = g_socket_get_local_address (socket, error);
  if (local == NULL)
    return FALSE;
  server->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  return TRUE;
}

static gpointer
server_thread (gpointer data)
{
  Server *server = data;
  g_autoptr(SoupServer) soup_server = NULL;
  gboolean listening;

  g_main_context_push_thread_default (server->context);

  soup_server = soup_server_new ("server-header", "bench-send", NULL);
  soup_server_add_handler (soup_server, "/send", answer, server, NULL);
  listening = server_listen (server, soup_server, &server->error);

  g_mutex_lock (&server->lock);
  server->ready = TRUE;
  g_cond_signal (&server->cond);
  g_mutex_unlock (&server->lock);

  if (listening)
    g_main_loop_run (server->loop);

  soup_server_disconnect (soup_server);
  g_clear_object (&soup_server);
  g_main_context_pop_thread_default (server->context);
  return NULL;
}

static void
server_start (Server *server)
{
  server->context = g_main_context_new ();
  server->loop = g_main_loop_new (server->context, FALSE);
  server->ports = g_hash_table_new (NULL, NULL);
  g_mutex_init (&server->lock);
  g_cond_init (&server->cond);
  server->thread = g_thread_new ("bench-server", server_thread, server);

  g_mutex_lock (&server->lock);
  while (!server->ready)
    g_cond_wait (&server->cond, &server->lock);
  g_mutex_unlock (&server->lock);

  if (server->error != NULL)
    g_error ("the server cannot listen: %s", server->error->message);
}

static void
server_stop (Server *server)
{
  g_main_loop_quit (server->loop);
  g_thread_join (server->thread);
  g_main_loop_unref (server->loop);
  g_main_context_unref (server->context);
  g_hash_table_unref (server->ports);
  g_mutex_clear (&server->lock);
  g_cond_clear (&server->cond);
}

/* The connections used and calls answered since the last time. */
static guint
server_take_connections (Server *server)
{
  guint n;

  g_mutex_lock (&server->lock);
  n = g_hash_table_size (server->ports);
  g_hash_table_remove_all (server->ports);
  server->n_answered = 0;
  g_mutex_unlock (&server->lock);

  return n;
}

static void
note_failure (Bench      *bench,
              const char *what)
{
  bench->n_failed++;
  if (bench->first_failure == NULL)
    bench->first_failure = g_strdup (what);
}

static void start_call (Bench *bench);

static void
call_done (Bench *bench)
{
  bench->n_done++;
  if (bench->n_started < bench->n_target)
    start_call (bench);
}

static void
ours_sent (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  Bench *bench = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CaResult) result = ca_invoker_send_finish (CA_INVOKER (source), res, &error);

  if (result == NULL)
    note_failure (bench, error->message);
  else if (g_strcmp0 (result->outcome, "http_200") != 0 || result->body == NULL ||
           g_bytes_get_size (result->body) != strlen (ANSWER))
    note_failure (bench, result->message != NULL ? result->message : result->outcome);

  call_done (bench);
}

static void
bare_sent (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  Bench *bench = user_data;
  SoupSession *session = SOUP_SESSION (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (session, res, &error);

  if (bytes == NULL)
    note_failure (bench, error->message);
  else if (soup_message_get_status (soup_session_get_async_result_message (session, res)) != SOUP_STATUS_OK ||
           g_bytes_get_size (bytes) != strlen (ANSWER))
    note_failure (bench, "not the expected answer");

  call_done (bench);
}

/* One call: ours renders the action and sends it, as a send does; the
 * bare client sends the bytes that rendering gives. */
static void
start_call (Bench *bench)
{
  bench->n_started++;

  if (bench->bare)
    {
      g_autoptr(SoupMessage) message = soup_message_new ("POST", bench->url);

      soup_message_add_flags (message, SOUP_MESSAGE_IDEMPOTENT);
      soup_message_set_request_body_from_bytes (message, "application/json", bench->body);
      soup_session_send_and_read_async (bench->bare_session, message, G_PRIORITY_DEFAULT, NULL,
                                        bare_sent, bench);
    }
  else
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CaRequest) request = ca_render (bench->action, bench->values, &error);

      if (request == NULL)
        g_error ("ca_render: %s", error->message);
      ca_invoker_send_async (bench->invoker, bench->action, request, NULL, ours_sent, bench);
    }
}

static void
run_begin (Bench    *bench,
           Server   *server,
           gboolean  bare)
{
  bench->bare = bare;
  bench->n_target = 0;
  bench->n_started = 0;
  bench->n_done = 0;
  bench->n_failed = 0;
  g_clear_pointer (&bench->first_failure, g_free);
  server_take_connections (server);
}

static void
run_end (Bench  *bench,
         Server *server,
         gint64  start,
         Run    *run)
{
  run->seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  run->n_done = bench->n_done;
  run->n_failed = bench->n_failed;
  run->rate = bench->n_done / run->seconds;
  run->n_connections = server_take_connections (server);
}

/* @n calls one after another; @times_us (may be NULL) gets the time of
 * each, from the start of the call to the end of its callback. */
static void
run_sequential (Bench    *bench,
                Server   *server,
                gboolean  bare,
                guint     n,
                double   *times_us,
                Run      *run)
{
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + RUN_BUDGET_S * G_USEC_PER_SEC;

  run_begin (bench, server, bare);
  memset (run, 0, sizeof *run);

  for (guint i = 0; i < n; i++)
    {
      gint64 call_start = g_get_monotonic_time ();

      if (call_start > deadline)
        {
          run->cut_short = TRUE;
          break;
        }

      bench->n_target = i + 1;
      start_call (bench);
      while (bench->n_done < i + 1)
        g_main_context_iteration (NULL, TRUE);

      if (times_us != NULL)
        times_us[i] = g_get_monotonic_time () - call_start;
    }

  run_end (bench, server, start, run);
}

/* @n calls, @in_flight at a time. */
static void
run_concurrent (Bench    *bench,
                Server   *server,
                gboolean  bare,
                guint     n,
                guint     in_flight,
                Run      *run)
{
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + RUN_BUDGET_S * G_USEC_PER_SEC;

  run_begin (bench, server, bare);
  memset (run, 0, sizeof *run);
  bench->n_target = n;

  for (guint i = 0; i < MIN (n, in_flight); i++)
    start_call (bench);
  while (bench->n_done < bench->n_started)
    {
      g_main_context_iteration (NULL, TRUE);
      /* Too slow: start no more, let those in flight end. */
      if (bench->n_target == n && g_get_monotonic_time () > deadline)
        {
          bench->n_target = bench->n_started;
          run->cut_short = TRUE;
        }
    }

  run_end (bench, server, start, run);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* Sorts the first @n of @values. */
static double
percentile (double *values,
            guint   n,
            double  fraction)
{
  if (n == 0)
    return 0;

  qsort (values, n, sizeof (double), compare_doubles);
  return values[MIN (n - 1, (guint) (n * fraction))];
}

/* A small POST action: a JSON body with one variable, no capping, no
 * throttling, no retries, the longest timeout. */
static CaAction *
make_action (const char *url)
{
  CaAction *action = ca_action_new ("benchSend");

  ca_action_set_url (action, url);
  ca_action_set_method (action, CA_METHOD_POST);
  ca_action_set_timeout_seconds (action, 30);
  ca_action_set_retries (action, 0);
  ca_action_set_capping (action, 0, 0);
  ca_action_set_max_throughput (action, 0);
  ca_action_set_request_sample_text (action, REQUEST_SAMPLE);
  g_ptr_array_add (ca_action_get_request_fields (action),
                   ca_field_new_full ("to", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_STRING,
                                      "Recipient", FALSE, NULL));
  /* As a real action has one: every answer is checked against it. */
  ca_action_set_response_sample_text (action, RESPONSE_SAMPLE);

  return action;
}

/* Runs hey; the requests per second it reports, or a negative number
 * with @error set. */
static double
run_hey (const char  *hey,
         const char  *url,
         GBytes      *body,
         guint        n,
         guint        in_flight,
         GError     **error)
{
  g_autofree char *n_text = g_strdup_printf ("%u", n);
  g_autofree char *c_text = g_strdup_printf ("%u", in_flight);
  g_autofree char *body_text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  /* hey gives each of its workers n / c calls. */
  g_autofree char *all_answered = g_strdup_printf ("[200]\t%u responses", n / in_flight * in_flight);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { hey, "-n", n_text, "-c", c_text, "-m", "POST",
                         "-T", "application/json", "-d", body_text, url, NULL };
  const char *line;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                     &status, error))
    return -1;
  if (!g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "%s", err);
      return -1;
    }

  /* Every call answered 200, else the rate means nothing. */
  if (strstr (out, all_answered) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "not every call was answered 200:\n%s", out);
      return -1;
    }

  line = strstr (out, "Requests/sec:");
  if (line == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "no \"Requests/sec:\" line in:\n%s", out);
      return -1;
    }

  return g_ascii_strtod (line + strlen ("Requests/sec:"), NULL);
}

/* Whether @run did all it had to; says why not. */
static gboolean
run_complete (const Run  *run,
              guint       n,
              const char *what,
              const char *first_failure)
{
  if (run->cut_short)
    printf ("  !! %s: cut short after %u of %u calls in %.1f s\n", what, run->n_done, n, run->seconds);
  if (run->n_failed > 0)
    printf ("  !! %s: %u of %u calls failed, the first with: %s\n", what, run->n_failed,
            run->n_done, first_failure);

  return !run->cut_short && run->n_failed == 0;
}

int
main (int   argc,
      char *argv[])
{
  Server server = { 0 };
  Bench bench = { 0 };
  g_autofree char *hey = g_find_program_in_path ("hey");
  g_autofree double *ours_us = g_new0 (double, N_SEQUENTIAL);
  g_autofree double *bare_us = g_new0 (double, N_SEQUENTIAL);
  g_autoptr(CaRequest) rendered = NULL;
  g_autoptr(GError) error = NULL;
  Run warm_up, ours_seq, bare_seq, ours_runs[N_ROUNDS];
  double ours_rates[N_ROUNDS], hey_rates[N_ROUNDS];
  double ours_median, bare_median, ours_p90, bare_p90, latency_ratio;
  double ours_rate, hey_rate = 0, throughput_ratio = 0;
  guint n_rounds_ours = 0, hey_connections = 0;
  gboolean latency_ok, throughput_ok, complete = TRUE, ours_going = TRUE;
  gint64 bench_start = g_get_monotonic_time ();

  server_start (&server);

  bench.url = g_strdup_printf ("http://127.0.0.1:%u/send", server.port);
  bench.invoker = ca_invoker_new ();
  bench.action = make_action (bench.url);
  bench.values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_insert (bench.values, g_strdup ("body.to"), g_strdup ("customer@example.com"));
  bench.bare_session = soup_session_new ();

  rendered = ca_render (bench.action, bench.values, &error);
  if (rendered == NULL)
    g_error ("ca_render: %s", error->message);
  bench.body = g_bytes_ref (rendered->body);

  printf ("server: a minimal SoupServer handler, in its own thread and GMainContext, at %s\n", bench.url);
  printf ("body (%zu bytes): %.*s\n", g_bytes_get_size (bench.body),
          (int) g_bytes_get_size (bench.body), (const char *) g_bytes_get_data (bench.body, NULL));
  fflush (stdout);

  /* (a) Latency: both warmed up (connections, caches), then measured. */
  run_sequential (&bench, &server, FALSE, N_WARM_UP, NULL, &warm_up);
  run_sequential (&bench, &server, TRUE, N_WARM_UP, NULL, &warm_up);
  run_sequential (&bench, &server, FALSE, N_SEQUENTIAL, ours_us, &ours_seq);
  complete &= run_complete (&ours_seq, N_SEQUENTIAL, "ours, sequential", bench.first_failure);
  run_sequential (&bench, &server, TRUE, N_SEQUENTIAL, bare_us, &bare_seq);
  complete &= run_complete (&bare_seq, N_SEQUENTIAL, "bare libsoup, sequential", bench.first_failure);

  ours_median = percentile (ours_us, ours_seq.n_done, 0.5);
  ours_p90 = percentile (ours_us, ours_seq.n_done, 0.9);
  bare_median = percentile (bare_us, bare_seq.n_done, 0.5);
  bare_p90 = percentile (bare_us, bare_seq.n_done, 0.9);
  latency_ratio = ours_median / bare_median;
  latency_ok = latency_ratio <= LATENCY_TARGET && ours_seq.n_failed == 0 && !ours_seq.cut_short;

  printf ("\n(a) %u sequential POSTs, each awaited (after %u to warm up)\n", N_SEQUENTIAL, N_WARM_UP);
  printf ("  %-40s %10s %10s %12s\n", "", "median", "p90", "connections");
  printf ("  %-40s %7.1f µs %7.1f µs %12u\n", "ca_render + ca_invoker_send_async",
          ours_median, ours_p90, ours_seq.n_connections);
  printf ("  %-40s %7.1f µs %7.1f µs %12u\n", "bare SoupSession, send_and_read_async",
          bare_median, bare_p90, bare_seq.n_connections);
  printf ("  %-40s %9.2f×  (target ≤ %.1f×) %s\n", "ours / bare", latency_ratio, LATENCY_TARGET,
          latency_ok ? "ok" : "OVER TARGET");
  fflush (stdout);

  /* (b) Throughput: ours and hey in turn, so that both see the machine
   * in the same state; each warmed up first. */
  run_concurrent (&bench, &server, FALSE, N_WARM_UP, IN_FLIGHT, &warm_up);
  if (hey != NULL && run_hey (hey, bench.url, bench.body, N_WARM_UP, IN_FLIGHT, &error) < 0)
    g_error ("hey: %s", error->message);

  for (guint r = 0; r < N_ROUNDS; r++)
    {
      /* Once ours failed or ran out of time, more runs only cost time. */
      if (ours_going)
        {
          Run *run = &ours_runs[n_rounds_ours];

          run_concurrent (&bench, &server, FALSE, N_CONCURRENT, IN_FLIGHT, run);
          ours_rates[n_rounds_ours++] = run->rate;
          ours_going = run_complete (run, N_CONCURRENT, "ours, concurrent", bench.first_failure);
          complete &= ours_going;
        }

      if (hey != NULL)
        {
          server_take_connections (&server);
          hey_rates[r] = run_hey (hey, bench.url, bench.body, N_CONCURRENT, IN_FLIGHT, &error);
          if (hey_rates[r] < 0)
            g_error ("hey: %s", error->message);
          hey_connections = server_take_connections (&server);
        }
    }

  ours_rate = percentile (ours_rates, n_rounds_ours, 0.5);
  if (hey != NULL)
    {
      hey_rate = percentile (hey_rates, N_ROUNDS, 0.5);
      throughput_ratio = ours_rate / hey_rate;
    }
  throughput_ok = throughput_ratio >= THROUGHPUT_TARGET && complete;

  printf ("\n(b) %u POSTs, %u in flight (median of %u runs)\n", N_CONCURRENT, IN_FLIGHT, n_rounds_ours);
  printf ("  %-40s %8.0f calls/s %12u connections  (runs:", "ca_render + ca_invoker_send_async",
          ours_rate, ours_runs[n_rounds_ours - 1].n_connections);
  for (guint r = 0; r < n_rounds_ours; r++)
    printf (" %.0f", ours_rates[r]);
  printf (")\n");
  if (hey != NULL)
    {
      printf ("  %-40s %8.0f calls/s %12u connections  (runs:", "hey -c 32", hey_rate, hey_connections);
      for (guint r = 0; r < N_ROUNDS; r++)
        printf (" %.0f", hey_rates[r]);
      printf (")\n");
      printf ("  %-40s %9.2f×  (target ≥ %.1f×) %s\n", "ours / hey", throughput_ratio,
              THROUGHPUT_TARGET, throughput_ok ? "ok" : "UNDER TARGET");
    }
  else
    {
      printf ("  hey is not installed (Debian package hey): the comparison with it is skipped\n");
    }

  if (!complete)
    printf ("\nsome runs failed or were cut short (see !! above): the targets count as missed\n");
  printf ("\ntotal %.1f s\n", (g_get_monotonic_time () - bench_start) / (double) G_USEC_PER_SEC);

  g_clear_object (&bench.invoker);
  g_clear_object (&bench.bare_session);
  g_clear_object (&bench.action);
  g_clear_pointer (&bench.values, g_hash_table_unref);
  g_clear_pointer (&bench.body, g_bytes_unref);
  g_free (bench.url);
  g_free (bench.first_failure);
  server_stop (&server);

  if (!latency_ok || (hey != NULL && !throughput_ok) || !complete)
    return 1;
  return hey != NULL ? 0 : 77;
}
