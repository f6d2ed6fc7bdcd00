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
 *     of 2,000 sequential POSTs of the same bytes to the same URL by a
 *     bare SoupSession with soup_session_send_and_read_async().
 * (b) throughput: 20,000 sends with 32 in flight reach at least 0.7× the
 *     calls per second of `hey -n 20000 -c 32 -m POST` with the same body
 *     against the same server. A bare SoupSession with 32 in flight is
 *     measured too, for reference (no target): it is what libsoup itself
 *     can do on this machine.
 *
 * The server is a minimal SoupServer handler (200 {"id":"x","status":
 * "queued"} at once, the request unread), not the sandbox, in a process
 * of its own: this program run again as `bench-send --serve`, which
 * prints its port and serves until its standard input closes. Out of
 * process, it is the same neutral party to the three clients: hey is a
 * process of its own, and a server in a thread of ours would share with
 * our clients GLib's process-wide locks (GType, signals, GMainContext
 * wake-ups) and the futex wake-ups between two threads on them, a cost
 * the clients in this process would pay and hey would not. It counts the
 * connections each client used (distinct client ports), and tells them
 * when asked on its standard input: keep-alive shows as one per call in
 * flight, a connection per call as thousands.
 *
 * libsoup reuses a kept-alive connection for a POST only when the message
 * has SOUP_MESSAGE_IDEMPOTENT (else each POST gets a new connection), so
 * the bare client sets it, as the invoker does: libsoup with keep-alive,
 * as hey is Go's HTTP client with keep-alive. Its session has the
 * invoker's connection limits.
 *
 * For each client of (b), the CPU time a call of the client and of the
 * server is printed too: it says what bounds the rate, whatever else the
 * machine is doing. On 2 cores no client can do more than 2 s / (client
 * + server) calls a second, and a client in one thread (ours, bare) no
 * more than 1 s / client.
 *
 * The machine is shared, so the two sides of a comparison are measured in
 * turn: (a) in blocks of 100 calls, ours then bare; (b) in rounds of ours,
 * bare, hey, taking the median of each. Both clients are warmed up first.
 *
 * Exit status: 0 when every target is met, 1 when one is missed or calls
 * failed, 77 (skipped) when hey is not installed and the rest is met. The
 * whole takes about a minute; a phase that goes on too long is cut short
 * and counts as missing its target.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib-unix.h>

#include "ca-invoker.h"
#include "ca-render.h"

#define N_WARM_UP 100
#define N_SEQUENTIAL 2000
#define BLOCK 100
#define N_CONCURRENT 20000
#define IN_FLIGHT 32
#define N_ROUNDS 3
/* A phase that takes longer is cut short: the benchmark must end. */
#define PHASE_BUDGET_S 25
#define LATENCY_TARGET 1.3
#define THROUGHPUT_TARGET 0.7

#define ANSWER "{\"id\":\"x\",\"status\":\"queued\"}"
#define REQUEST_SAMPLE "{\"to\":\"someone@example.com\",\"message\":\"Your order has shipped\",\"priority\":2}"
#define RESPONSE_SAMPLE "{\"id\":\"abc\",\"status\":\"queued\"}"

/* The server, as the parent sees it: a child process. */
typedef struct {
  GSubprocess      *process;
  GOutputStream    *to;       /* its standard input */
  GDataInputStream *from;     /* its standard output */
  guint             port;
} Server;

/* The server process's state. */
typedef struct {
  GMainLoop  *loop;
  GHashTable *ports;          /* client ports seen since the last question */
  GString    *input;          /* standard input not yet a whole line */
} Serving;

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

/* What one client did in a phase. */
typedef struct {
  const char *what;
  guint       n_done;
  guint       n_failed;
  char       *first_failure;
  GHashTable *ports;          /* the connections it used */
  double      seconds;
  gboolean    cut_short;
} Run;

static void
answer (SoupServer        *soup_server,
        SoupServerMessage *message,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  Serving *serving = user_data;
  GSocketAddress *remote = soup_server_message_get_remote_address (message);
  guint port = G_IS_INET_SOCKET_ADDRESS (remote)
               ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (remote)) : 0;

  g_hash_table_add (serving->ports, GUINT_TO_POINTER (port));

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                    ANSWER, strlen (ANSWER));
}

/* 127.0.0.1, any free port, with a backlog that takes 32 connections at
 * once (soup_server_listen() keeps GSocket's default of 10: connections
 * beyond it wait for a SYN to be sent again, a second later). */
static gboolean
server_listen (SoupServer  *soup_server,
               guint       *port,
               GError     **error)
{
  g_autoptr(GSocket) listening = NULL;
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) local = NULL;

  listening = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (listening == NULL)
    return FALSE;
  g_socket_set_listen_backlog (listening, 1024);
  if (!g_socket_bind (listening, address, TRUE, error) ||
      !g_socket_listen (listening, error) ||
      !soup_server_listen_socket (soup_server, listening, 0, error))
    return FALSE;

  local = g_socket_get_local_address (listening, error);
  if (local == NULL)
    return FALSE;
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  return TRUE;
}

/* In the server process: each line on standard input asks for the client
 * ports seen since the last one, answered as one line "N PORT...", and
 * forgets them; the end of standard input ends the server. */
static gboolean
on_question (int          fd,
             GIOCondition condition,
             gpointer     user_data)
{
  Serving *serving = user_data;
  char buffer[256];
  gssize len = read (fd, buffer, sizeof buffer);
  char *newline;

  if (len < 0 && errno == EINTR)
    return G_SOURCE_CONTINUE;
  if (len <= 0)
    {
      g_main_loop_quit (serving->loop);
      return G_SOURCE_REMOVE;
    }

  g_string_append_len (serving->input, buffer, len);
  while ((newline = memchr (serving->input->str, '\n', serving->input->len)) != NULL)
    {
      g_autoptr(GString) reply = g_string_new (NULL);
      GHashTableIter iter;
      gpointer port;

      g_string_erase (serving->input, 0, newline - serving->input->str + 1);
      g_string_append_printf (reply, "%u", g_hash_table_size (serving->ports));
      g_hash_table_iter_init (&iter, serving->ports);
      while (g_hash_table_iter_next (&iter, &port, NULL))
        g_string_append_printf (reply, " %u", GPOINTER_TO_UINT (port));
      g_hash_table_remove_all (serving->ports);
      fprintf (stdout, "%s\n", reply->str);
      fflush (stdout);
    }

  return G_SOURCE_CONTINUE;
}

/* `bench-send --serve`: prints the port, serves until standard input
 * closes. */
static int
serve (void)
{
  Serving serving = { 0 };
  g_autoptr(SoupServer) soup_server = NULL;
  g_autoptr(GError) error = NULL;
  guint port;

  serving.loop = g_main_loop_new (NULL, FALSE);
  serving.ports = g_hash_table_new (NULL, NULL);
  serving.input = g_string_new (NULL);

  soup_server = soup_server_new ("server-header", "bench-send", NULL);
  soup_server_add_handler (soup_server, "/send", answer, &serving, NULL);
  if (!server_listen (soup_server, &port, &error))
    {
      g_printerr ("bench-send --serve: cannot listen: %s\n", error->message);
      return 1;
    }
  printf ("%u\n", port);
  fflush (stdout);

  g_unix_fd_add (STDIN_FILENO, G_IO_IN | G_IO_HUP | G_IO_ERR, on_question, &serving);
  g_main_loop_run (serving.loop);

  soup_server_disconnect (soup_server);
  g_main_loop_unref (serving.loop);
  g_hash_table_unref (serving.ports);
  g_string_free (serving.input, TRUE);
  return 0;
}

/* Runs this program again as the server; its port in @server. */
static void
server_start (Server     *server,
              const char *argv0)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *line = NULL;
  const char *argv[] = { self != NULL ? self : argv0, "--serve", NULL };
  guint64 port;

  server->process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                       &error);
  if (server->process == NULL)
    g_error ("cannot start the server: %s", error->message);
  server->to = g_object_ref (g_subprocess_get_stdin_pipe (server->process));
  server->from = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));

  line = g_data_input_stream_read_line (server->from, NULL, NULL, &error);
  if (line == NULL || !g_ascii_string_to_unsigned (line, 10, 1, G_MAXUINT16, &port, NULL))
    g_error ("the server did not say its port%s%s", error != NULL ? ": " : "",
             error != NULL ? error->message : "");
  server->port = port;
}

/* Closes its standard input: the server ends. */
static void
server_stop (Server *server)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_close (server->to, NULL, NULL);
  if (!g_subprocess_wait_check (server->process, NULL, &error))
    g_warning ("the server: %s", error->message);
  g_clear_object (&server->to);
  g_clear_object (&server->from);
  g_clear_object (&server->process);
}

/* Adds the client ports the server saw since the last time to @into
 * (NULL: drops them); gives how many there were. */
static guint
server_take_ports (Server     *server,
                   GHashTable *into)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_auto(GStrv) fields = NULL;
  guint n;

  if (!g_output_stream_write_all (server->to, "\n", 1, NULL, NULL, &error) ||
      !g_output_stream_flush (server->to, NULL, &error) ||
      (line = g_data_input_stream_read_line (server->from, NULL, NULL, &error)) == NULL)
    g_error ("the server does not answer%s%s", error != NULL ? ": " : "",
             error != NULL ? error->message : "");

  fields = g_strsplit (line, " ", -1);
  n = (guint) g_ascii_strtoull (fields[0], NULL, 10);
  for (guint i = 1; into != NULL && fields[i] != NULL; i++)
    g_hash_table_add (into, GUINT_TO_POINTER ((guint) g_ascii_strtoull (fields[i], NULL, 10)));

  return n;
}

static void
run_init (Run        *run,
          const char *what)
{
  memset (run, 0, sizeof *run);
  run->what = what;
  run->ports = g_hash_table_new (NULL, NULL);
}

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->first_failure, g_free);
  g_clear_pointer (&run->ports, g_hash_table_unref);
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
calls_begin (Bench    *bench,
             Server   *server,
             gboolean  bare,
             guint     n_target)
{
  bench->bare = bare;
  bench->n_target = n_target;
  bench->n_started = 0;
  bench->n_done = 0;
  bench->n_failed = 0;
  g_clear_pointer (&bench->first_failure, g_free);
  server_take_ports (server, NULL);
}

/* Adds what the calls since calls_begin() did to @run (NULL: a warm-up). */
static void
calls_end (Bench  *bench,
           Server *server,
           gint64  start,
           Run    *run)
{
  if (run == NULL)
    return;

  run->seconds += (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  run->n_done += bench->n_done;
  run->n_failed += bench->n_failed;
  if (run->first_failure == NULL)
    run->first_failure = g_steal_pointer (&bench->first_failure);
  server_take_ports (server, run->ports);
}

/* @n calls one after another, unless past @deadline; the time of each,
 * from its start to the end of its callback, goes to @times_us from
 * @run->n_done on. */
static void
run_sequential (Bench    *bench,
                Server   *server,
                gboolean  bare,
                guint     n,
                gint64    deadline,
                double   *times_us,
                Run      *run)
{
  gint64 start = g_get_monotonic_time ();
  guint first = run != NULL ? run->n_done : 0;

  calls_begin (bench, server, bare, 0);

  for (guint i = 0; i < n; i++)
    {
      gint64 call_start = g_get_monotonic_time ();

      if (call_start > deadline)
        {
          if (run != NULL)
            run->cut_short = TRUE;
          break;
        }

      bench->n_target++;
      start_call (bench);
      while (bench->n_done < bench->n_target)
        g_main_context_iteration (NULL, TRUE);

      if (times_us != NULL)
        times_us[first + i] = g_get_monotonic_time () - call_start;
    }

  calls_end (bench, server, start, run);
}

/* @n calls, @in_flight at a time, unless past @deadline. */
static void
run_concurrent (Bench    *bench,
                Server   *server,
                gboolean  bare,
                guint     n,
                guint     in_flight,
                gint64    deadline,
                Run      *run)
{
  gint64 start = g_get_monotonic_time ();

  calls_begin (bench, server, bare, n);

  for (guint i = 0; i < MIN (n, in_flight); i++)
    start_call (bench);
  while (bench->n_done < bench->n_started)
    {
      g_main_context_iteration (NULL, TRUE);
      /* Too slow: start no more, let those in flight end. */
      if (bench->n_target == n && g_get_monotonic_time () > deadline)
        {
          bench->n_target = bench->n_started;
          if (run != NULL)
            run->cut_short = TRUE;
        }
    }

  calls_end (bench, server, start, run);
}

/* Whether @run did all it had to; says why not. */
static gboolean
run_complete (const Run *run,
              guint      n)
{
  if (run->cut_short)
    printf ("  !! %s: cut short after %u of %u calls in %.1f s\n", run->what, run->n_done, n,
            run->seconds);
  if (run->n_failed > 0)
    printf ("  !! %s: %u of %u calls failed, the first with: %s\n", run->what, run->n_failed,
            run->n_done, run->first_failure);

  return !run->cut_short && run->n_failed == 0;
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

/* The first field of /proc/loadavg: other work on the machine makes the
 * figures noisy, and this says how much there was. */
static char *
load_average (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return g_strdup ("?");

  return g_strndup (text, strcspn (text, " "));
}

/* CPU seconds used so far by this process (the clients in it), by its
 * children that ended (hey) and by the server. */
typedef struct {
  double self;
  double children;
  double server;
} Cpu;

static double
timeval_s (const struct timeval *tv)
{
  return tv->tv_sec + tv->tv_usec / (double) G_USEC_PER_SEC;
}

static Cpu
cpu_now (Server *server)
{
  Cpu cpu = { 0 };
  struct rusage usage;
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", g_subprocess_get_identifier (server->process));
  g_autofree char *stat = NULL;
  const char *after_name;

  if (getrusage (RUSAGE_SELF, &usage) == 0)
    cpu.self = timeval_s (&usage.ru_utime) + timeval_s (&usage.ru_stime);
  if (getrusage (RUSAGE_CHILDREN, &usage) == 0)
    cpu.children = timeval_s (&usage.ru_utime) + timeval_s (&usage.ru_stime);

  /* utime and stime are the 14th and 15th fields, the 12th and 13th
   * after the command name (which may hold spaces). */
  if (g_file_get_contents (path, &stat, NULL, NULL) && (after_name = strrchr (stat, ')')) != NULL)
    {
      g_auto(GStrv) fields = g_strsplit (after_name + 2, " ", 14);

      if (g_strv_length (fields) >= 13)
        cpu.server = (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) /
                     sysconf (_SC_CLK_TCK);
    }

  return cpu;
}

/* CPU microseconds a call, from @before to now: of the client (this
 * process, or hey when @child) in @client, of the server in @server. */
static void
cpu_per_call (Server    *server,
              const Cpu *before,
              gboolean   child,
              guint      n_calls,
              double    *client,
              double    *served)
{
  Cpu after = cpu_now (server);
  double calls = MAX (n_calls, 1);

  *client = (child ? after.children - before->children : after.self - before->self) * G_USEC_PER_SEC / calls;
  *served = (after.server - before->server) * G_USEC_PER_SEC / calls;
}

static void
print_rates (const char *label,
             double     *rates,
             guint       n,
             guint       n_connections)
{
  printf ("  %-40s %8.0f calls/s %6u connections  (runs:", label, percentile (rates, n, 0.5),
          n_connections);
  for (guint r = 0; r < n; r++)
    printf (" %.0f", rates[r]);
  printf (")\n");
}

static void
print_cpu (const char *label,
           double     *client,
           double     *served,
           guint       n)
{
  printf ("  %-40s %8.1f µs client %6.1f µs server\n", label, percentile (client, n, 0.5),
          percentile (served, n, 0.5));
}

int
main (int   argc,
      char *argv[])
{
  Server server = { 0 };
  Bench bench = { 0 };
  g_autofree char *hey = g_find_program_in_path ("hey");
  g_autofree char *load_start = load_average ();
  g_autofree char *load_end = NULL;
  g_autofree double *ours_us = g_new0 (double, N_SEQUENTIAL);
  g_autofree double *bare_us = g_new0 (double, N_SEQUENTIAL);
  g_autoptr(CaRequest) rendered = NULL;
  g_autoptr(GError) error = NULL;
  Run ours_seq, bare_seq;
  double ours_rates[N_ROUNDS], bare_rates[N_ROUNDS], hey_rates[N_ROUNDS];
  double ours_cpu[N_ROUNDS], bare_cpu[N_ROUNDS], hey_cpu[N_ROUNDS];
  double ours_served[N_ROUNDS], bare_served[N_ROUNDS], hey_served[N_ROUNDS];
  guint n_rounds = 0, ours_connections = 0, bare_connections = 0, hey_connections = 0;
  double ours_median, bare_median, latency_ratio, ours_rate, bare_rate, hey_rate = 0;
  double throughput_ratio = 0;
  gboolean latency_ok, throughput_ok, complete = TRUE, going = TRUE;
  gint64 bench_start = g_get_monotonic_time ();
  gint64 deadline;

  if (argc == 2 && strcmp (argv[1], "--serve") == 0)
    return serve ();

  server_start (&server, argv[0]);

  bench.url = g_strdup_printf ("http://127.0.0.1:%u/send", server.port);
  bench.invoker = ca_invoker_new ();
  bench.action = make_action (bench.url);
  bench.values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_insert (bench.values, g_strdup ("body.to"), g_strdup ("customer@example.com"));
  /* The invoker's connection limits (libsoup allows 2 per host). */
  bench.bare_session = soup_session_new_with_options ("max-conns", 128,
                                                      "max-conns-per-host", 64,
                                                      NULL);

  rendered = ca_render (bench.action, bench.values, &error);
  if (rendered == NULL)
    g_error ("ca_render: %s", error->message);
  bench.body = g_bytes_ref (rendered->body);

  printf ("server: a minimal SoupServer handler in a process of its own, %s\n", bench.url);
  printf ("body (%zu bytes): %.*s\n", g_bytes_get_size (bench.body),
          (int) g_bytes_get_size (bench.body), (const char *) g_bytes_get_data (bench.body, NULL));
  printf ("load average at the start: %s (2 cores: above 1 or so, expect noisy figures)\n", load_start);
  fflush (stdout);

  /* (a) Latency, in blocks: ours, then bare, and again. */
  deadline = g_get_monotonic_time () + PHASE_BUDGET_S * G_USEC_PER_SEC;
  run_sequential (&bench, &server, FALSE, N_WARM_UP, deadline, NULL, NULL);
  run_sequential (&bench, &server, TRUE, N_WARM_UP, deadline, NULL, NULL);
  run_init (&ours_seq, "ours, sequential");
  run_init (&bare_seq, "bare libsoup, sequential");
  for (guint b = 0; b < N_SEQUENTIAL / BLOCK && !ours_seq.cut_short && !bare_seq.cut_short; b++)
    {
      run_sequential (&bench, &server, FALSE, BLOCK, deadline, ours_us, &ours_seq);
      run_sequential (&bench, &server, TRUE, BLOCK, deadline, bare_us, &bare_seq);
    }
  complete &= run_complete (&ours_seq, N_SEQUENTIAL);
  complete &= run_complete (&bare_seq, N_SEQUENTIAL);

  ours_median = percentile (ours_us, ours_seq.n_done, 0.5);
  bare_median = percentile (bare_us, bare_seq.n_done, 0.5);
  latency_ratio = ours_median / bare_median;
  latency_ok = latency_ratio <= LATENCY_TARGET && complete;

  printf ("\n(a) %u sequential POSTs each, every call awaited (in blocks of %u, after %u to warm up)\n",
          N_SEQUENTIAL, BLOCK, N_WARM_UP);
  printf ("  %-40s %10s %10s %10s %12s\n", "", "median", "p10", "p90", "connections");
  printf ("  %-40s %7.1f µs %7.1f µs %7.1f µs %12u\n", "ca_render + ca_invoker_send_async",
          ours_median, percentile (ours_us, ours_seq.n_done, 0.1),
          percentile (ours_us, ours_seq.n_done, 0.9), g_hash_table_size (ours_seq.ports));
  printf ("  %-40s %7.1f µs %7.1f µs %7.1f µs %12u\n", "bare SoupSession send_and_read_async",
          bare_median, percentile (bare_us, bare_seq.n_done, 0.1),
          percentile (bare_us, bare_seq.n_done, 0.9), g_hash_table_size (bare_seq.ports));
  printf ("  %-40s %9.2f×  (target ≤ %.1f×) %s\n", "ours / bare", latency_ratio, LATENCY_TARGET,
          latency_ok ? "ok" : "OVER TARGET");
  fflush (stdout);

  run_clear (&ours_seq);
  run_clear (&bare_seq);

  /* (b) Throughput, in rounds: ours, bare, hey; each warmed up first. */
  printf ("\n(b) %u POSTs, %u in flight\n", N_CONCURRENT, IN_FLIGHT);
  fflush (stdout);
  deadline = g_get_monotonic_time () + PHASE_BUDGET_S * G_USEC_PER_SEC;
  run_concurrent (&bench, &server, FALSE, N_WARM_UP, IN_FLIGHT, deadline, NULL);
  run_concurrent (&bench, &server, TRUE, N_WARM_UP, IN_FLIGHT, deadline, NULL);
  if (hey != NULL && run_hey (hey, bench.url, bench.body, N_WARM_UP, IN_FLIGHT, &error) < 0)
    g_error ("hey: %s", error->message);

  /* Once a run failed or ran out of time, more only cost time. */
  for (guint r = 0; r < N_ROUNDS && going; r++)
    {
      Run ours, bare;
      Cpu cpu;

      deadline = g_get_monotonic_time () + PHASE_BUDGET_S * G_USEC_PER_SEC;
      run_init (&ours, "ours, 32 in flight");
      cpu = cpu_now (&server);
      run_concurrent (&bench, &server, FALSE, N_CONCURRENT, IN_FLIGHT, deadline, &ours);
      cpu_per_call (&server, &cpu, FALSE, ours.n_done, &ours_cpu[r], &ours_served[r]);
      ours_rates[r] = ours.n_done / ours.seconds;
      ours_connections = g_hash_table_size (ours.ports);
      going &= run_complete (&ours, N_CONCURRENT);
      run_clear (&ours);

      deadline = g_get_monotonic_time () + PHASE_BUDGET_S * G_USEC_PER_SEC;
      run_init (&bare, "bare libsoup, 32 in flight");
      cpu = cpu_now (&server);
      run_concurrent (&bench, &server, TRUE, N_CONCURRENT, IN_FLIGHT, deadline, &bare);
      cpu_per_call (&server, &cpu, FALSE, bare.n_done, &bare_cpu[r], &bare_served[r]);
      bare_rates[r] = bare.n_done / bare.seconds;
      bare_connections = g_hash_table_size (bare.ports);
      going &= run_complete (&bare, N_CONCURRENT);
      run_clear (&bare);

      if (hey != NULL)
        {
          server_take_ports (&server, NULL);
          cpu = cpu_now (&server);
          hey_rates[r] = run_hey (hey, bench.url, bench.body, N_CONCURRENT, IN_FLIGHT, &error);
          if (hey_rates[r] < 0)
            g_error ("hey: %s", error->message);
          /* hey tells only of the calls that got an answer: all of them. */
          cpu_per_call (&server, &cpu, TRUE, N_CONCURRENT / IN_FLIGHT * IN_FLIGHT, &hey_cpu[r],
                        &hey_served[r]);
          hey_connections = server_take_ports (&server, NULL);
        }

      n_rounds++;
    }
  complete &= going;

  printf ("  medians of %u rounds (ours, bare, hey in turn):\n", n_rounds);
  print_rates ("ca_render + ca_invoker_send_async", ours_rates, n_rounds, ours_connections);
  print_rates ("bare SoupSession (reference, no target)", bare_rates, n_rounds, bare_connections);
  ours_rate = percentile (ours_rates, n_rounds, 0.5);
  bare_rate = percentile (bare_rates, n_rounds, 0.5);
  if (hey != NULL)
    {
      print_rates ("hey -c 32", hey_rates, n_rounds, hey_connections);
      hey_rate = percentile (hey_rates, n_rounds, 0.5);
      throughput_ratio = ours_rate / hey_rate;
    }
  printf ("  CPU a call, medians (on 2 cores: at most 2 s / (client + server) calls/s,\n"
          "  and 1 s / client for a client in one thread):\n");
  print_cpu ("ours", ours_cpu, ours_served, n_rounds);
  print_cpu ("bare", bare_cpu, bare_served, n_rounds);
  if (hey != NULL)
    print_cpu ("hey", hey_cpu, hey_served, n_rounds);
  throughput_ok = throughput_ratio >= THROUGHPUT_TARGET && complete;
  printf ("  %-40s %9.2f×\n", "ours / bare (for reference)", ours_rate / bare_rate);
  if (hey != NULL)
    {
      printf ("  %-40s %9.2f×\n", "bare / hey (for reference)", bare_rate / hey_rate);
      printf ("  %-40s %9.2f×  (target ≥ %.1f×) %s\n", "ours / hey", throughput_ratio,
              THROUGHPUT_TARGET, throughput_ok ? "ok" : "UNDER TARGET");
    }
  else
    {
      printf ("  hey is not installed (Debian package hey): the comparison with it is skipped\n");
    }

  if (!complete)
    printf ("\nsome calls failed or a phase was cut short (see !! above): the targets count as missed\n");
  load_end = load_average ();
  printf ("\nload average at the end: %s; total %.1f s\n", load_end,
          (g_get_monotonic_time () - bench_start) / (double) G_USEC_PER_SEC);

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
