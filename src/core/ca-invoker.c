/* ca-invoker.c: sends rendered requests over HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ca-deadlines.h"
#include "ca-drift.h"
#include "ca-invoker.h"
#include "ca-json.h"
#include "ca-problem.h"

/* Retries wait about this long, doubling each time, with jitter. */
#define BACKOFF_BASE_MS 250
/* How much one read takes: on the stack when the stream can be polled,
 * else in a buffer of the call's own (GIO would allocate one per read). */
#define READ_CHUNK (16 * 1024)

struct _CaInvoker
{
  GObject          parent_instance;

  SoupSession     *session;
  CaAuthenticator *authenticator;
  CaRateLimiter   *limiter;      /* not owned when it is the default */
  CaRateLimiter   *own_limiter;
  /* The calls' timeouts, one timer per main context they run in. */
  GHashTable      *deadlines;
};

G_DEFINE_FINAL_TYPE (CaInvoker, ca_invoker, G_TYPE_OBJECT)

static void
ca_invoker_finalize (GObject *object)
{
  CaInvoker *self = CA_INVOKER (object);

  g_clear_object (&self->authenticator);
  g_clear_object (&self->session);
  g_clear_pointer (&self->deadlines, g_hash_table_unref);
  g_clear_pointer (&self->own_limiter, ca_rate_limiter_free);

  G_OBJECT_CLASS (ca_invoker_parent_class)->finalize (object);
}

static void
ca_invoker_class_init (CaInvokerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ca_invoker_finalize;
}

static void
ca_invoker_init (CaInvoker *self)
{
  /* Keep-alive to every host; enough connections for 32 calls in flight
   * to one host (libsoup allows 2 by default). TLS is verified against
   * the system's certificates, as libsoup does unless told otherwise. */
  self->session = soup_session_new_with_options ("user-agent", "custom-actions/" PACKAGE_VERSION,
                                                 "max-conns", 128,
                                                 "max-conns-per-host", 64,
                                                 NULL);
  /* Authentication is ours (ca-authenticator): libsoup's answers no
   * challenge here and costs a handful of signal connections a call. */
  soup_session_remove_feature_by_type (self->session, SOUP_TYPE_AUTH_MANAGER);
  self->authenticator = ca_authenticator_new (self->session);
  self->limiter = ca_rate_limiter_get_default ();
  self->deadlines = g_hash_table_new_full (NULL, NULL, (GDestroyNotify) g_main_context_unref,
                                           (GDestroyNotify) ca_deadlines_free);
}

/* The timer of the calls made in @context. */
static CaDeadlines *
deadlines_for (CaInvoker    *self,
               GMainContext *context)
{
  CaDeadlines *deadlines = g_hash_table_lookup (self->deadlines, context);

  if (deadlines == NULL)
    {
      deadlines = ca_deadlines_new (context);
      g_hash_table_insert (self->deadlines, g_main_context_ref (context), deadlines);
    }
  return deadlines;
}

CaInvoker *
ca_invoker_new (void)
{
  return g_object_new (CA_TYPE_INVOKER, NULL);
}

CaInvoker *
ca_invoker_get_default (void)
{
  static CaInvoker *the_invoker;

  if (g_once_init_enter (&the_invoker))
    g_once_init_leave (&the_invoker, ca_invoker_new ());

  return the_invoker;
}

SoupSession *
ca_invoker_get_session (CaInvoker *self)
{
  g_return_val_if_fail (CA_IS_INVOKER (self), NULL);

  return self->session;
}

CaAuthenticator *
ca_invoker_get_authenticator (CaInvoker *self)
{
  g_return_val_if_fail (CA_IS_INVOKER (self), NULL);

  return self->authenticator;
}

void
ca_invoker_set_rate_limiter (CaInvoker     *self,
                             CaRateLimiter *limiter)
{
  g_return_if_fail (CA_IS_INVOKER (self));
  g_return_if_fail (limiter != NULL);

  g_clear_pointer (&self->own_limiter, ca_rate_limiter_free);
  self->own_limiter = limiter;
  self->limiter = limiter;
}

/* One call: the state that goes from step to step. */
typedef struct {
  CaInvoker    *self;
  CaAction     *action;
  CaRequest    *request;      /* as rendered */
  CaRequest    *sent;         /* with authentication */
  char         *url;          /* where the next attempt goes (redirects) */
  char         *method;
  GBytes       *body;
  CaResult     *result;

  GCancellable *cancellable;  /* ours: the timeout and the caller cancel it */
  GCancellable *caller_cancellable;
  gulong        caller_handler;
  CaDeadlines  *deadlines;    /* the invoker's, for this call's context */
  CaDeadline   *timeout;
  guint         wait_source;  /* a throttling or retry wait */
  gboolean      timed_out;

  gint64        start;
  gint64        deadline;
  gint64        attempt_start;
  gint64        authenticated;  /* when the credentials were in hand */
  guint         redirects;
  gboolean      refreshed_token;
  /* Redirected to another origin: credentials are not sent there. */
  gboolean      other_origin;

  SoupMessage  *message;
  GInputStream *stream;
  GByteArray   *received;
  guint8       *chunk;          /* READ_CHUNK bytes */
} Call;

/* The timeout holds the task: dropping it may release the call. */
static void
clear_timeout (Call *call)
{
  CaDeadline *timeout = g_steal_pointer (&call->timeout);

  if (timeout != NULL)
    ca_deadlines_remove (call->deadlines, timeout);
}

static void
call_free (Call *call)
{
  /* No timeout is left here: it holds the task. */
  g_assert (call->timeout == NULL);
  g_clear_handle_id (&call->wait_source, g_source_remove);
  if (call->caller_cancellable != NULL)
    g_cancellable_disconnect (call->caller_cancellable, call->caller_handler);
  g_clear_object (&call->caller_cancellable);
  g_clear_object (&call->cancellable);
  g_clear_object (&call->self);
  g_clear_object (&call->action);
  g_clear_pointer (&call->request, ca_request_free);
  g_clear_pointer (&call->sent, ca_request_free);
  g_free (call->url);
  g_free (call->method);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_clear_pointer (&call->result, ca_result_free);
  g_clear_object (&call->message);
  g_clear_object (&call->stream);
  g_clear_pointer (&call->received, g_byte_array_unref);
  g_free (call->chunk);
  g_free (call);
}

static void attempt (GTask *task);

static gint64
elapsed_ms (Call *call)
{
  return (g_get_monotonic_time () - call->start) / 1000;
}

/* Answers up to this size are compared with their sample at once; a
 * larger one in a thread, so that the caller's main loop (a window) goes
 * on while a 10 MiB answer is read. */
#define DRIFT_INLINE_MAX (256 * 1024)

typedef struct {
  char      *sample;
  GBytes    *body;
  GPtrArray *problems;
} DriftJob;

static void
drift_job_free (DriftJob *job)
{
  g_free (job->sample);
  g_bytes_unref (job->body);
  g_clear_pointer (&job->problems, g_ptr_array_unref);
  g_free (job);
}

static void
return_result (GTask *task)
{
  Call *call = g_task_get_task_data (task);

  g_task_return_pointer (task, g_steal_pointer (&call->result), (GDestroyNotify) ca_result_free);
}

static void
drift_thread (GTask        *drift,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  DriftJob *job = task_data;
  gsize len;
  const char *body = g_bytes_get_data (job->body, &len);

  ca_drift_compare_text (job->sample, strlen (job->sample), body != NULL ? body : "", len, job->problems);
  g_task_return_boolean (drift, TRUE);
}

static void
drift_done (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  DriftJob *job = g_task_get_task_data (G_TASK (res));

  g_ptr_array_extend_and_steal (call->result->drift, g_steal_pointer (&job->problems));
  return_result (task);
}

/* Compares the answer with the action's sample for its status, if it has
 * one; TRUE when that goes on in a thread, which returns the result. */
static gboolean
compare_with_sample (GTask *task)
{
  Call *call = g_task_get_task_data (task);
  CaResult *result = call->result;
  const char *sample = SOUP_STATUS_IS_SUCCESSFUL (result->status)
                       ? ca_action_get_response_sample_text (call->action)
                       : ca_action_get_error_response_sample_text (call->action);
  g_autoptr(GTask) drift = NULL;
  DriftJob *job;
  const char *data;
  gsize len;

  if (sample == NULL || result->body == NULL || result->truncated)
    return FALSE;

  data = g_bytes_get_data (result->body, &len);
  if (len <= DRIFT_INLINE_MAX)
    {
      ca_drift_compare_text (sample, strlen (sample), data != NULL ? data : "", len, result->drift);
      return FALSE;
    }

  job = g_new0 (DriftJob, 1);
  job->sample = g_strdup (sample);
  job->body = g_bytes_ref (result->body);
  job->problems = ca_problems_new ();
  drift = g_task_new (NULL, NULL, drift_done, g_object_ref (task));
  g_task_set_source_tag (drift, compare_with_sample);
  g_task_set_task_data (drift, job, (GDestroyNotify) drift_job_free);
  g_task_run_in_thread (drift, drift_thread);
  return TRUE;
}

/* Ends the call with its result. @outcome NULL: the HTTP status. */
static void
finish (GTask      *task,
        const char *outcome,
        const char *message)
{
  Call *call = g_task_get_task_data (task);
  CaResult *result = call->result;

  clear_timeout (call);
  g_clear_handle_id (&call->wait_source, g_source_remove);

  g_free (result->outcome);
  result->outcome = outcome != NULL ? g_strdup (outcome) : g_strdup_printf ("http_%u", result->status);
  g_free (result->message);
  result->message = g_strdup (message);
  result->elapsed_ms = elapsed_ms (call);
  if (call->sent != NULL && result->sent == NULL)
    result->sent = ca_request_copy (call->sent);
  if (outcome == NULL && compare_with_sample (task))
    return;

  return_result (task);
}

/* After an operation failed with @error: the caller's cancellation, the
 * timeout, or a real failure. TRUE when the call is over. */
static gboolean
finish_if_stopped (GTask  *task,
                   GError *error)
{
  Call *call = g_task_get_task_data (task);

  if (call->caller_cancellable != NULL && g_cancellable_is_cancelled (call->caller_cancellable))
    {
      /* The timers hold the task: drop them now, not at the timeout. */
      clear_timeout (call);
      g_clear_handle_id (&call->wait_source, g_source_remove);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The request was cancelled"));
      return TRUE;
    }

  if (call->timed_out)
    {
      guint seconds = ca_action_get_timeout_seconds (call->action);
      g_autofree char *message =
        g_strdup_printf (dngettext (GETTEXT_PACKAGE,
                                    "No complete answer within the timeout of %u second",
                                    "No complete answer within the timeout of %u seconds",
                                    seconds),
                         seconds);

      finish (task, "timedout", message);
      return TRUE;
    }

  return FALSE;
}

static void
on_timeout (gpointer user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);

  call->timeout = NULL;
  call->timed_out = TRUE;

  /* Waiting between attempts: nothing will call back, so end here. */
  if (call->wait_source != 0)
    {
      g_clear_handle_id (&call->wait_source, g_source_remove);
      finish_if_stopped (task, NULL);
      g_object_unref (task);
      return;
    }

  g_cancellable_cancel (call->cancellable);
}

static gboolean
end_cancelled_wait (gpointer user_data)
{
  GTask *task = user_data;

  finish_if_stopped (task, NULL);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static void
on_caller_cancelled (GCancellable *cancellable,
                     gpointer      user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);

  /* Waiting between attempts: nothing will call back, so end the call
   * (from the main loop, not from inside g_cancellable_cancel()). */
  if (call->wait_source != 0)
    {
      g_clear_handle_id (&call->wait_source, g_source_remove);
      g_idle_add (end_cancelled_wait, task);
    }

  g_cancellable_cancel (call->cancellable);
}

/* Waits @ms, then runs @func with @task (which it takes). A wait the
 * timeout or the caller cuts short ends the call. */
static void
wait_then (GTask       *task,
           guint        ms,
           GSourceFunc  func)
{
  Call *call = g_task_get_task_data (task);

  call->wait_source = g_timeout_add_full (G_PRIORITY_DEFAULT, ms, func, task, NULL);
}

static gboolean
is_retried_status (guint status)
{
  return status == 408 || status == 429 || (status >= 500 && status <= 599);
}

/* Failures to connect or to get an answer at all are worth another try;
 * TLS and protocol errors are not. */
static gboolean
is_retried_error (const GError *error)
{
  if (error->domain == G_RESOLVER_ERROR)
    return error->code == G_RESOLVER_ERROR_TEMPORARY_FAILURE;

  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
}

/* Retry-After: seconds, or an HTTP date; -1 when absent or unreadable. */
static gint64
retry_after_ms (SoupMessage *message)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                    "Retry-After");
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = NULL;
  guint64 seconds;

  if (value == NULL)
    return -1;

  if (g_ascii_string_to_unsigned (value, 10, 0, 24 * 3600, &seconds, NULL))
    return seconds * 1000;

  when = soup_date_time_new_from_http_string (value);
  if (when == NULL)
    return -1;
  now = g_date_time_new_now_utc ();
  return MAX (0, g_date_time_difference (when, now) / 1000);
}

/* Another attempt, if the retries and the time allow: TRUE when one was
 * scheduled. */
static gboolean retry_now (gpointer user_data);

static gboolean
schedule_retry (GTask *task,
                gint64 at_least_ms)
{
  Call *call = g_task_get_task_data (task);
  gint64 backoff = (gint64) BACKOFF_BASE_MS << MIN (call->result->attempts - 1, 10);
  gint64 delay = backoff / 2 + g_random_int_range (0, backoff / 2 + 1);

  if (call->result->attempts > ca_action_get_retries (call->action))
    return FALSE;

  delay = MAX (delay, at_least_ms);
  /* A wait that ends after the deadline would only end in a timeout. */
  if (g_get_monotonic_time () + delay * 1000 >= call->deadline)
    return FALSE;

  wait_then (task, delay, retry_now);
  return TRUE;
}

static gboolean
retry_now (gpointer user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);

  call->wait_source = 0;
  attempt (task);
  return G_SOURCE_REMOVE;
}

static void
keep_answer (Call *call)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (call->message);
  SoupMessageHeadersIter iter;
  const char *name, *value;

  call->result->status = soup_message_get_status (call->message);
  g_ptr_array_set_size (call->result->headers, 0);
  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      CaRequestParam *header = g_new0 (CaRequestParam, 1);

      header->name = g_strdup (name);
      header->value = g_strdup (value);
      g_ptr_array_add (call->result->headers, header);
    }

  g_clear_pointer (&call->result->body, g_bytes_unref);
  if (call->received != NULL)
    call->result->body = g_byte_array_free_to_bytes (g_steal_pointer (&call->received));
}

/* The whole answer is in (or as much as is kept): retry, or finish. */
static void
answer_complete (GTask *task)
{
  Call *call = g_task_get_task_data (task);
  guint status = soup_message_get_status (call->message);
  gint64 retry_after = retry_after_ms (call->message);

  keep_answer (call);

  if (is_retried_status (status) && schedule_retry (task, retry_after))
    return;

  finish (task, NULL, NULL);
  g_object_unref (task);
}

static void
stream_closed (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  /* Closing a stream that was not read to its end drops the connection;
   * an error here changes nothing for the call. */
  g_input_stream_close_finish (G_INPUT_STREAM (source), result, NULL);
  answer_complete (g_steal_pointer (&task));
}

static void read_more (GTask *task);

/* What a read gave (@len bytes at @data, 0 at the end, -1 with @error):
 * kept, and TRUE when there is more to read. Otherwise the call went on
 * to its end and @task is no longer ours. */
static gboolean
chunk_arrived (GTask        *task,
               const guint8 *data,
               gssize        len,
               GError       *error)
{
  Call *call = g_task_get_task_data (task);

  if (len < 0)
    {
      if (finish_if_stopped (task, error))
        {
          g_object_unref (task);
          return FALSE;
        }
      /* The answer broke off: keep what came, say so. */
      keep_answer (call);
      finish (task, "internalError", error->message);
      g_object_unref (task);
      return FALSE;
    }

  if (len == 0)
    {
      answer_complete (task);
      return FALSE;
    }

  if (call->received->len + len > CA_RESULT_MAX_BODY)
    {
      g_byte_array_append (call->received, data, CA_RESULT_MAX_BODY - call->received->len);
      call->result->truncated = TRUE;
      g_input_stream_close_async (call->stream, G_PRIORITY_DEFAULT, NULL, stream_closed, task);
      return FALSE;
    }

  g_byte_array_append (call->received, data, len);
  return TRUE;
}

static void
chunk_read (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gssize len = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  if (chunk_arrived (task, call->chunk, len, error))
    read_more (task);
}

static gboolean
stream_readable (GObject  *stream,
                 gpointer  user_data)
{
  read_more (user_data);
  return G_SOURCE_REMOVE;
}

/* Reads what has arrived at once, and waits for the stream to have more.
 * A small answer is often all there with its headers: read so, it takes
 * no turn of the main loop, where each g_input_stream_read_async() takes
 * one (a GTask that returns before the loop turns returns from an idle),
 * and with many calls in flight each turn costs a look at every
 * connection. Streams that cannot be polled are read asynchronously. */
static void
read_more (GTask *task)
{
  Call *call = g_task_get_task_data (task);
  GPollableInputStream *pollable = G_IS_POLLABLE_INPUT_STREAM (call->stream)
                                   ? G_POLLABLE_INPUT_STREAM (call->stream) : NULL;
  /* On the stack: a buffer this size from malloc costs more than the
   * read (glibc sorts its free small blocks first). */
  guint8 chunk[READ_CHUNK];

  if (pollable == NULL || !g_pollable_input_stream_can_poll (pollable))
    {
      if (call->chunk == NULL)
        call->chunk = g_malloc (READ_CHUNK);
      g_input_stream_read_async (call->stream, call->chunk, READ_CHUNK, G_PRIORITY_DEFAULT,
                                 call->cancellable, chunk_read, task);
      return;
    }

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gssize len = g_pollable_input_stream_read_nonblocking (pollable, chunk, READ_CHUNK,
                                                             call->cancellable, &error);

      if (len < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          /* Cancelling (the caller, the timeout) wakes it up too. */
          g_autoptr(GSource) readable = g_pollable_input_stream_create_source (pollable, call->cancellable);

          g_source_set_callback (readable, G_SOURCE_FUNC (stream_readable), task, NULL);
          g_source_attach (readable, g_task_get_context (task));
          return;
        }
      if (!chunk_arrived (task, chunk, len, error))
        return;
    }
}

static gboolean
is_redirect (guint status)
{
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

static gboolean
same_origin (const char *a,
             const char *b)
{
  g_autoptr(GUri) ua = g_uri_parse (a, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GUri) ub = g_uri_parse (b, G_URI_FLAGS_NONE, NULL);

  return ua != NULL && ub != NULL &&
         g_ascii_strcasecmp (g_uri_get_scheme (ua), g_uri_get_scheme (ub)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (ua), g_uri_get_host (ub)) == 0 &&
         g_uri_get_port (ua) == g_uri_get_port (ub);
}

/* Follows a redirect: TRUE when another request went out. */
static gboolean
follow_redirect (GTask *task)
{
  Call *call = g_task_get_task_data (task);
  const char *location = soup_message_headers_get_one (soup_message_get_response_headers (call->message),
                                                       "Location");
  g_autofree char *target = NULL;

  if (location == NULL)
    return FALSE;

  if (call->redirects >= CA_INVOKER_MAX_REDIRECTS)
    {
      g_autofree char *message = g_strdup_printf (_("More than %d redirects; check the URL"),
                                                  CA_INVOKER_MAX_REDIRECTS);

      keep_answer (call);
      finish (task, "internalError", message);
      g_object_unref (task);
      return TRUE;
    }

  target = g_uri_resolve_relative (call->url, location, G_URI_FLAGS_NONE, NULL);
  if (target == NULL)
    return FALSE;

  call->redirects++;
  if (!same_origin (call->url, target))
    call->other_origin = TRUE;
  g_free (call->url);
  call->url = g_steal_pointer (&target);
  /* 303 means "see there", with GET; the others keep method and body. */
  if (soup_message_get_status (call->message) == 303)
    {
      g_free (call->method);
      call->method = g_strdup ("GET");
      g_clear_pointer (&call->body, g_bytes_unref);
    }

  g_input_stream_close_async (call->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  call->result->attempts--;  /* the same attempt, elsewhere */
  attempt (task);
  return TRUE;
}

static void authenticate (GTask *task, gint64 stale_before);

static void
message_sent (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  guint status;

  call->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (call->stream == NULL)
    {
      if (finish_if_stopped (task, error))
        {
          g_object_unref (task);
          return;
        }
      if (is_retried_error (error) && schedule_retry (task, 0))
        return;
      finish (task, "internalError", error->message);
      g_object_unref (task);
      return;
    }

  call->result->first_byte_ms = (g_get_monotonic_time () - call->attempt_start) / 1000;
  status = soup_message_get_status (call->message);

  if (is_redirect (status) && follow_redirect (task))
    return;

  /* A token can expire early or be revoked: fetch a new one, once. */
  if (status == SOUP_STATUS_UNAUTHORIZED &&
      ca_action_get_auth (call->action)->type == CA_AUTH_TYPE_CUSTOM &&
      !call->refreshed_token && !call->other_origin)
    {
      call->refreshed_token = TRUE;
      g_input_stream_close_async (call->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      g_clear_object (&call->stream);
      authenticate (task, call->authenticated);
      return;
    }

  call->received = g_byte_array_new ();
  read_more (task);
}

/* One HTTP exchange. Takes @task. */
static void
attempt (GTask *task)
{
  Call *call = g_task_get_task_data (task);
  g_autoptr(SoupMessage) message = NULL;
  SoupMessageHeaders *headers;

  g_clear_object (&call->stream);
  g_clear_pointer (&call->received, g_byte_array_unref);
  call->result->truncated = FALSE;
  call->result->attempts++;
  call->attempt_start = g_get_monotonic_time ();

  message = soup_message_new (call->method, call->url);
  if (message == NULL)
    {
      finish (task, "internalError", _("The URL cannot be sent; check it in the action's endpoint"));
      g_object_unref (task);
      return;
    }

  /* Redirects are followed here, to count them. libsoup gives a POST a
   * new connection unless told the message may reuse one: keep-alive is
   * what makes many calls cheap, and a call that fails on a stale
   * connection is retried by our own policy. */
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT | SOUP_MESSAGE_IDEMPOTENT);
  headers = soup_message_get_request_headers (message);
  for (guint i = 0; i < call->sent->headers->len; i++)
    {
      const CaRequestParam *header = g_ptr_array_index (call->sent->headers, i);

      /* Credentials are for the action's endpoint, not for wherever a
       * redirect points (the mistake of curl's CVE-2018-1000007). */
      if (header->secret && call->other_origin)
        continue;
      soup_message_headers_replace (headers, header->name, header->value);
    }
  if (call->body != NULL)
    soup_message_set_request_body_from_bytes (message, "application/json", call->body);

  g_set_object (&call->message, message);
  soup_session_send_async (call->self->session, message, G_PRIORITY_DEFAULT, call->cancellable,
                           message_sent, task);
}

/* The request with its credentials (@sent, taken) is ready to go, or
 * could not be made (@error). */
static void
credentials_placed (GTask     *task,
                    CaRequest *sent,
                    GError    *error)
{
  Call *call = g_task_get_task_data (task);

  if (sent == NULL)
    {
      if (!finish_if_stopped (task, error))
        finish (task, "internalError", error->message);
      g_object_unref (task);
      return;
    }

  /* Any token fetched until now is the one this request carries. */
  call->authenticated = g_get_monotonic_time ();
  g_clear_pointer (&call->sent, ca_request_free);
  call->sent = sent;
  if (call->url == NULL)
    {
      call->url = ca_request_get_url (sent, TRUE);
      call->method = g_strdup (sent->method);
      call->body = sent->body != NULL ? g_bytes_ref (sent->body) : NULL;
    }
  else
    {
      /* After a new token: the request again from the start, with it. */
      g_free (call->url);
      call->url = ca_request_get_url (sent, TRUE);
      g_free (call->method);
      call->method = g_strdup (sent->method);
      g_clear_pointer (&call->body, g_bytes_unref);
      call->body = sent->body != NULL ? g_bytes_ref (sent->body) : NULL;
      call->redirects = 0;
      call->other_origin = FALSE;
    }

  attempt (task);
}

static void
authenticated (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  CaRequest *sent = ca_authenticator_apply_finish (CA_AUTHENTICATOR (source), result, &error);

  credentials_placed (user_data, sent, error);
}

static void
authenticate (GTask  *task,
              gint64  stale_before)
{
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  CaRequest *sent;

  if (ca_authenticator_apply_now (call->action, call->request, &sent, &error))
    {
      credentials_placed (task, sent, error);
      return;
    }

  ca_authenticator_apply_async (call->self->authenticator, call->action, call->request,
                                stale_before, call->cancellable, authenticated, task);
}

static gboolean
turn_came (gpointer user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);

  call->wait_source = 0;
  authenticate (task, 0);
  return G_SOURCE_REMOVE;
}

static char *
host_of (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  return g_strdup (uri != NULL && g_uri_get_host (uri) != NULL ? g_uri_get_host (uri) : url);
}

void
ca_invoker_send_async (CaInvoker           *self,
                       CaAction            *action,
                       const CaRequest     *request,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *host = NULL;
  guint max_calls, period_ms;
  gint64 wait_us;
  Call *call;

  g_return_if_fail (CA_IS_INVOKER (self));
  g_return_if_fail (CA_IS_ACTION (action));
  g_return_if_fail (request != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_invoker_send_async);

  call = g_new0 (Call, 1);
  call->self = g_object_ref (self);
  call->action = g_object_ref (action);
  call->request = ca_request_copy (request);
  call->result = ca_result_new ();
  call->cancellable = g_cancellable_new ();
  call->start = g_get_monotonic_time ();
  call->deadline = call->start + (gint64) ca_action_get_timeout_seconds (action) * G_USEC_PER_SEC;
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);

  if (g_task_return_error_if_cancelled (task))
    return;

  host = host_of (request->base_url);
  ca_action_get_capping (action, &max_calls, &period_ms);
  if (!ca_rate_limiter_try_cap (self->limiter, host, max_calls, period_ms))
    {
      g_autofree char *message =
        g_strdup_printf (_("Not sent: the cap of %u calls per %u ms to %s is reached; try again later"),
                         max_calls, period_ms, host);

      call->result->sent = ca_request_copy (request);
      finish (task, "capped", message);
      return;
    }

  if (cancellable != NULL)
    {
      call->caller_cancellable = g_object_ref (cancellable);
      call->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled),
                                                    task, NULL);
    }
  call->deadlines = deadlines_for (self, g_task_get_context (task));
  call->timeout = ca_deadlines_add (call->deadlines, call->deadline, on_timeout, g_object_ref (task),
                                    g_object_unref);

  wait_us = ca_rate_limiter_reserve_turn (self->limiter, host, ca_action_get_max_throughput (action),
                                          call->deadline - g_get_monotonic_time ());
  if (wait_us < 0)
    {
      /* Its turn would come after its timeout: end it now, and leave the
       * turn to a call that can use it. */
      g_autofree char *message =
        g_strdup_printf (_("Not sent: at %u calls a second to %s, its turn would come after its timeout"),
                         ca_action_get_max_throughput (action), host);

      call->result->sent = ca_request_copy (request);
      finish (task, "timedout", message);
      return;
    }
  if (wait_us > 0)
    wait_then (g_steal_pointer (&task), (guint) ((wait_us + 999) / 1000), turn_came);
  else
    authenticate (g_steal_pointer (&task), 0);
}

CaResult *
ca_invoker_send_finish (CaInvoker     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (CA_IS_INVOKER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
