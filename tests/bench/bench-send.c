/* bench-send.c: what a send costs, against bare libsoup and hey
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Targets on a 2-core machine, against a local HTTP server with
 * keep-alive:
 *
 * (a) latency: 2,000 sequential sends of a small POST action (rendering
 *     included) through ca_invoker_send_async(), each awaited before the
 *     next; the median per call is at most 1.3× that of a bare SoupSession
 *     sending the same bytes to the same URL with
 *     soup_session_send_and_read_async().
 * (b) throughput: 20,000 sends with 32 in flight reach at least 0.7× the
 *     calls per second of `hey -n 20000 -c 32` against the same server.
 *
 * The server is a minimal SoupServer (it answers 200 {"id":"x","status":
 * "queued"} at once, without looking at the request) that runs in a
 * thread of its own, with its own GMainContext, so that it does not share
 * a main loop with the clients it is measured with. Exit status: 0 when
 * every target is met, 1 when one is missed, 77 (skipped) when hey is not
 * installed and the rest is met.
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
/* Each throughput figure is the median of this many runs of N_CONCURRENT:
 * one run on a shared 2-core machine says little. */
#define N_ROUNDS 3
#define LATENCY_TARGET 1.3
#define THROUGHPUT_TARGET 0.7

#define ANSWER "{\"id\":\"x\",\"status\":\"queued\"}"
#define SAMPLE "{\"to\":\"someone@example.com\",\"message\":\"Your order has shipped\",\"priority\":2}"

/* The server, in its own thread. */
typedef struct {
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  GMutex        lock;
  GCond         cond;
  gboolean      ready;
  guint         port;
  GError       *error;
  guint64       n_answered;  /* touched by the server thread only */
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

static void
answer (SoupServer        *server,
        SoupServerMessage *message,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  Server *self = user_data;

  self->n_answered++;
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                    ANSWER, strlen (ANSWER));
}

static gpointer
server_thread (gpointer data)
{
  Server *self = data;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  gboolean listening;

  g_main_context_push_thread_default (self->context);

  server = soup_server_new ("server-header", "bench-send", NULL);
  soup_server_add_handler (server, "/send", answer, self, NULL);
  address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  listening = soup_server_listen (server, address, 0, &self->error);
  if (listening)
    {
      GSList *uris = soup_server_get_uris (server);

      self->port = g_uri_get_port (uris->data);
      g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
    }

  g_mutex_lock (&self->lock);
  self->ready = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);

  if (listening)
    g_main_loop_run (self->loop);

  soup_server_disconnect (server);
  g_clear_object (&server);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static void
server_start (Server *self)
{
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->thread = g_thread_new ("bench-server", server_thread, self);

  g_mutex_lock (&self->lock);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);

  if (self->error != NULL)
    g_error ("the server cannot listen: %s", self->error->message);
}

static void
server_stop (Server *self)
{
  g_main_loop_quit (self->loop);
  g_thread_join (self->thread);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
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
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), res, &error);
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), res);

  if (bytes == NULL)
    note_failure (bench, error->message);
  else if (soup_message_get_status (message) != SOUP_STATUS_OK ||
           g_bytes_get_size (bytes) != strlen (ANSWER))
    note_failure (bench, "bare libsoup: not the expected answer");

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
run_reset (Bench    *bench,
           gboolean  bare)
{
  bench->bare = bare;
  bench->n_target = 0;
  bench->n_started = 0;
  bench->n_done = 0;
}

/* @n calls one after another; @times_us gets the time of each, from the
 * start of the call to its callback. */
static void
run_sequential (Bench    *bench,
                gboolean  bare,
                guint     n,
                double   *times_us)
{
  run_reset (bench, bare);

  for (guint i = 0; i < n; i++)
    {
      gint64 start = g_get_monotonic_time ();

      bench->n_target = i + 1;
      start_call (bench);
      while (bench->n_done < i + 1)
        g_main_context_iteration (NULL, TRUE);

      if (times_us != NULL)
        times_us[i] = g_get_monotonic_time () - start;
    }
}

/* @n calls, @in_flight at a time; gives the calls per second. */
static double
run_concurrent (Bench    *bench,
                gboolean  bare,
                guint     n,
                guint     in_flight)
{
  gint64 start;

  run_reset (bench, bare);
  bench->n_target = n;

  start = g_get_monotonic_time ();
  for (guint i = 0; i < MIN (n, in_flight); i++)
    start_call (bench);
  while (bench->n_done < n)
    g_main_context_iteration (NULL, TRUE);

  return n / ((g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* Sorts @values. */
static double
percentile (double *values,
            guint   n,
            double  fraction)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return values[MIN (n - 1, (guint) (n * fraction))];
}

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
  ca_action_set_request_sample_text (action, SAMPLE);
  g_ptr_array_add (ca_action_get_request_fields (action),
                   ca_field_new_full ("to", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_STRING,
                                      "Recipient", FALSE, NULL));
  /* What the server answers, as a real action would say: the answer is
   * checked against it, as it is on every send. */
  ca_action_set_response_sample_text (action, "{\"id\":\"abc\",\"status\":\"queued\"}");

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
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  /* hey gives each of its workers n / c calls. */
  g_autofree char *expected = g_strdup_printf ("[200]\t%u responses", n / in_flight * in_flight);
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
  if (strstr (out, expected) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "hey had failures:\n%s", out);
      return -1;
    }

  line = strstr (out, "Requests/sec:");
  if (line == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "no Requests/sec: line in:\n%s", out);
      return -1;
    }

  return g_ascii_strtod (line + strlen ("Requests/sec:"), NULL);
}

static void
check_no_failures (Bench      *bench,
                   const char *what)
{
  static gint64 last;
  if (g_getenv ("PHASES"))
    fprintf (stderr, "phase %s done: %.3f s\n", what, last ? (g_get_monotonic_time () - last) / 1e6 : 0.0);
  last = g_get_monotonic_time ();
  if (bench->n_failed > 0)
    g_error ("%s: %u calls failed, the first with: %s", what, bench->n_failed,
             bench->first_failure);
}

int
main (int   argc,
      char *argv[])
{
  Server server = { 0 };
  Bench bench = { 0 };
  g_autofree char *hey = g_find_program_in_path ("hey");
  g_autofree double *ours_us = g_new (double, N_SEQUENTIAL);
  g_autofree double *bare_us = g_new (double, N_SEQUENTIAL);
  g_autoptr(CaRequest) rendered = NULL;
  g_autoptr(GError) error = NULL;
  double ours_rates[N_ROUNDS], hey_rates[N_ROUNDS];
  double ours_median, bare_median, ours_p90, bare_p90, latency_ratio;
  double ours_rate, hey_rate = 0, throughput_ratio = 0;
  gboolean latency_ok, throughput_ok = TRUE, hey_ran = FALSE;
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

  printf ("server: minimal SoupServer handler in its own thread and GMainContext, %s\n", bench.url);
  printf ("body (%zu bytes): %.*s\n", g_bytes_get_size (bench.body),
          (int) g_bytes_get_size (bench.body), (const char *) g_bytes_get_data (bench.body, NULL));

  /* (a) Latency: warm both up (connections, caches), then measure. */
  run_sequential (&bench, FALSE, N_WARM_UP, NULL);
  run_sequential (&bench, TRUE, N_WARM_UP, NULL);
  run_sequential (&bench, FALSE, N_SEQUENTIAL, ours_us);
  check_no_failures (&bench, "ca_invoker_send_async, sequential");
  run_sequential (&bench, TRUE, N_SEQUENTIAL, bare_us);
  check_no_failures (&bench, "bare libsoup, sequential");

  ours_median = percentile (ours_us, N_SEQUENTIAL, 0.5);
  ours_p90 = percentile (ours_us, N_SEQUENTIAL, 0.9);
  bare_median = percentile (bare_us, N_SEQUENTIAL, 0.5);
  bare_p90 = percentile (bare_us, N_SEQUENTIAL, 0.9);
  latency_ratio = ours_median / bare_median;
  latency_ok = latency_ratio <= LATENCY_TARGET;

  /* (b) Throughput: ours and hey in turn, so that both see the machine
   * in the same state; each warmed up first. */
  run_concurrent (&bench, FALSE, N_WARM_UP, IN_FLIGHT);
  check_no_failures (&bench, "ca_invoker_send_async, warm-up");
  if (hey != NULL)
    {
      hey_ran = run_hey (hey, bench.url, bench.body, N_WARM_UP, IN_FLIGHT, &error) >= 0;
      if (!hey_ran)
        g_error ("hey: %s", error->message);
    }

  for (guint r = 0; r < N_ROUNDS; r++)
    {
      ours_rates[r] = run_concurrent (&bench, FALSE, N_CONCURRENT, IN_FLIGHT);
      check_no_failures (&bench, "ca_invoker_send_async, concurrent");
      if (hey_ran)
        {
          hey_rates[r] = run_hey (hey, bench.url, bench.body, N_CONCURRENT, IN_FLIGHT, &error);
          if (hey_rates[r] < 0)
            g_error ("hey: %s", error->message);
        }
    }

  ours_rate = percentile (ours_rates, N_ROUNDS, 0.5);
  if (hey_ran)
    {
      hey_rate = percentile (hey_rates, N_ROUNDS, 0.5);
      throughput_ratio = ours_rate / hey_rate;
      throughput_ok = throughput_ratio >= THROUGHPUT_TARGET;
    }

  printf ("\n(a) %u sequential POSTs, each awaited (after %u to warm up)\n", N_SEQUENTIAL, N_WARM_UP);
  printf ("  %-44s %9s %9s\n", "", "median", "p90");
  printf ("  %-44s %7.1f µs %6.1f µs\n", "ca_render + ca_invoker_send_async", ours_median, ours_p90);
  printf ("  %-44s %7.1f µs %6.1f µs\n", "bare SoupSession send_and_read_async", bare_median, bare_p90);
  printf ("  %-44s %9.2f×  (target ≤ %.1f×) %s\n", "ours / bare", latency_ratio, LATENCY_TARGET,
          latency_ok ? "ok" : "OVER TARGET");

  printf ("\n(b) %u POSTs, %u in flight (median of %d runs)\n", N_CONCURRENT, IN_FLIGHT, N_ROUNDS);
  printf ("  %-44s %9.0f calls/s  (runs:", "ca_render + ca_invoker_send_async", ours_rate);
  for (guint r = 0; r < N_ROUNDS; r++)
    printf (" %.0f", ours_rates[r]);
  printf (")\n");
  if (hey_ran)
    {
      printf ("  %-44s %9.0f calls/s  (runs:", "hey -c 32", hey_rate);
      for (guint r = 0; r < N_ROUNDS; r++)
        printf (" %.0f", hey_rates[r]);
      printf (")\n");
      printf ("  %-44s %9.2f×  (target ≥ %.1f×) %s\n", "ours / hey", throughput_ratio,
              THROUGHPUT_TARGET, throughput_ok ? "ok" : "UNDER TARGET");
    }
  else
    {
      printf ("  hey is not installed (Debian package hey): the comparison with it is skipped\n");
    }

  printf ("\ntotal %.1f s\n", (g_get_monotonic_time () - bench_start) / (double) G_USEC_PER_SEC);

  g_clear_object (&bench.invoker);
  g_clear_object (&bench.bare_session);
  g_clear_object (&bench.action);
  g_clear_pointer (&bench.values, g_hash_table_unref);
  g_clear_pointer (&bench.body, g_bytes_unref);
  g_free (bench.url);
  g_free (bench.first_failure);
  server_stop (&server);

  if (!latency_ok || !throughput_ok)
    return 1;
  return hey_ran ? 0 : 77;
}
