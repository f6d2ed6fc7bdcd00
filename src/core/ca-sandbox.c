/* ca-sandbox.c: the embedded test endpoint, on loopback only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <libsoup/soup.h>
#include <string.h>
#include <sys/socket.h>

#include "ca-sandbox-private.h"

/* Limits of the fault parameters: wide enough for any test, narrow enough
 * that a typo cannot hold a client for hours. */
#define MAX_DELAY_MS         300000
#define MAX_RETRY_AFTER_S    86400
#define MAX_FAIL_FIRST       1000000

#define LISTEN_BACKLOG       SOMAXCONN

struct _CaSandbox
{
  GObject     parent_instance;

  SoupServer *server;
  /* The listening socket, ours so that we can ask for its address
   * (soup_server_get_uris() leaks it in libsoup 3.2) */
  GSocket    *socket;
  guint       port;

  /* Exact path → calls answered (guint *) */
  GHashTable *calls;
  guint       n_calls;
  /* "METHOD path?query" → calls seen (guint *), for failFirst */
  GHashTable *fail_counts;
  /* Issued token → its expiry (gint64, monotonic µs) */
  GHashTable *tokens;
  /* Delayed answers (Pending) waiting for their timer */
  GHashTable *pending;
  /* GSocket → IdleWatch, for kept-alive connections between requests */
  GHashTable *idle_watches;

  /* Makes ids unique across sandboxes as well as within one */
  guint32     id_prefix;
  guint64     last_id;
};

G_DEFINE_FINAL_TYPE (CaSandbox, ca_sandbox, G_TYPE_OBJECT)

enum {
  ANSWERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Fault parameters; -1 when absent. */
typedef struct {
  gint64 delay;
  gint64 status;
  gint64 retry_after;
  gint64 fail_first;
} Faults;

typedef void (*Handler) (Request *req);

typedef struct {
  const char *path;
  /* Also serves path/… */
  gboolean    subpaths;
  /* The one method allowed, NULL for any */
  const char *allow;
  Handler     handler;
} Route;

/* An answer held back by delay=MS. */
typedef struct {
  CaSandbox         *self;
  SoupServerMessage *msg;
  guint              source_id;
  gulong             disconnected_id;
} Pending;

/* A kept-alive connection between two requests. */
typedef struct {
  CaSandbox         *self;
  GSocket           *socket;
  /* The request last answered on it: tells when libsoup closes it */
  SoupServerMessage *msg;
  gulong             disconnected_id;
  GSource           *source;
} IdleWatch;

/* Dispatch by path */

static const Route routes[] = {
  { "/email", FALSE, "POST", ca_sandbox_handle_email },
  { "/sms", FALSE, "POST", ca_sandbox_handle_sms },
  { "/push", FALSE, "POST", ca_sandbox_handle_push },
  { "/echo", TRUE, NULL, ca_sandbox_handle_echo },
  { "/oauth/token", FALSE, "POST", ca_sandbox_handle_token },
  { "/oauth/revoke", FALSE, "POST", ca_sandbox_handle_revoke },
  { "/protected", TRUE, NULL, ca_sandbox_handle_protected },
  { "/", FALSE, "GET", ca_sandbox_handle_index },
};

static gboolean
route_matches (const Route *route,
               const char  *path)
{
  gsize length = strlen (route->path);

  if (strncmp (path, route->path, length) != 0)
    return FALSE;

  return path[length] == '\0' || (route->subpaths && path[length] == '/');
}

static void
route (Request *req)
{
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      const Route *r = &routes[i];

      if (!route_matches (r, req->path))
        continue;

      if (r->allow != NULL && !g_str_equal (req->method, r->allow))
        {
          ca_sandbox_respond_error (req, SOUP_STATUS_METHOD_NOT_ALLOWED,
                                    "METHOD_NOT_ALLOWED", "%s takes %s, not %s",
                                    r->path, r->allow, req->method);
          soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                        "Allow", r->allow);
          return;
        }

      r->handler (req);
      return;
    }

  ca_sandbox_respond_error (req, SOUP_STATUS_NOT_FOUND, "NOT_FOUND",
                            "nothing at %s: try /email, /sms, /push, /echo or /oauth/token",
                            req->path);
}

/* Faults */

static gboolean
read_faults (Request *req,
             Faults  *faults)
{
  /* 1xx are not final answers: a client would wait for another one. */
  return ca_sandbox_read_number (req, "delay", 0, MAX_DELAY_MS, "a number of milliseconds",
                                 &faults->delay)
         && ca_sandbox_read_number (req, "status", 200, 599, "an HTTP status",
                                    &faults->status)
         && ca_sandbox_read_number (req, "retryAfter", 0, MAX_RETRY_AFTER_S,
                                    "a number of seconds", &faults->retry_after)
         && ca_sandbox_read_number (req, "failFirst", 0, MAX_FAIL_FIRST, "a number of calls",
                                    &faults->fail_first);
}

static void
respond_injected_status (Request *req,
                         guint    status)
{
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *id = NULL;

  /* These have no body (RFC 9110 sections 15.3.5, 15.4.5). */
  if (status == SOUP_STATUS_NO_CONTENT || status == SOUP_STATUS_NOT_MODIFIED)
    {
      soup_server_message_set_status (req->msg, status, NULL);
      return;
    }

  if (status >= 400)
    {
      ca_sandbox_respond_error (req, status, "INJECTED_STATUS",
                                "status %u, as the status parameter asked", status);
      return;
    }

  /* Shaped like the answer of /email, so that contract checks pass. */
  object = json_object_new ();
  id = ca_sandbox_new_id (req->self, "injected");
  json_object_set_string_member (object, "id", id);
  json_object_set_string_member (object, "status", "injected");
  ca_sandbox_respond_object (req, status, object);
}

/* The counter of @key in @table, which counts in place: no allocation
 * once a key is known, however many calls come. */
static guint *
counter_for (GHashTable *table,
             const char *key)
{
  guint *counter = g_hash_table_lookup (table, key);

  if (counter == NULL)
    {
      counter = g_new0 (guint, 1);
      g_hash_table_insert (table, g_strdup (key), counter);
    }

  return counter;
}

/* TRUE when a fault answered instead of the endpoint. */
static gboolean
inject_fault (Request      *req,
              const Faults *faults)
{
  if (faults->fail_first > 0)
    {
      g_autofree char *key = g_strdup_printf ("%s %s?%s", req->method, req->path,
                                              req->raw_query != NULL ? req->raw_query : "");
      guint *seen = counter_for (req->self->fail_counts, key);

      if (*seen < faults->fail_first)
        {
          (*seen)++;
          ca_sandbox_respond_error (req, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                                    "INJECTED_FAILURE",
                                    "failure %u of %" G_GINT64_FORMAT ", as failFirst asked",
                                    *seen, faults->fail_first);
          return TRUE;
        }
    }

  if (faults->status >= 0)
    {
      respond_injected_status (req, (guint) faults->status);
      return TRUE;
    }

  return FALSE;
}

/* Answering, now or later */

static void
count_answer (CaSandbox         *self,
              SoupServerMessage *msg)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));

  (*counter_for (self->calls, path))++;
  self->n_calls++;

  g_signal_emit (self, signals[ANSWERED], 0, soup_server_message_get_method (msg), path,
                 soup_server_message_get_status (msg));
}

static void
pending_free (Pending *pending)
{
  g_clear_handle_id (&pending->source_id, g_source_remove);
  g_clear_signal_handler (&pending->disconnected_id, pending->msg);
  g_object_unref (pending->msg);
  g_free (pending);
}

static gboolean
pending_timeout_cb (gpointer user_data)
{
  Pending *pending = user_data;

  pending->source_id = 0;
  count_answer (pending->self, pending->msg);
  soup_server_message_unpause (pending->msg);
  /* Frees @pending. */
  g_hash_table_remove (pending->self->pending, pending);
  return G_SOURCE_REMOVE;
}

/* Our reference to @msg may be the last: let it go once its signal is
 * over, not in the middle. */
static void
unref_after_signal (SoupServerMessage *msg)
{
  g_idle_add_once ((GSourceOnceFunc) g_object_unref, g_object_ref (msg));
}

/* The connection closed while we waited: nobody to answer. */
static void
pending_disconnected_cb (SoupServerMessage *msg,
                         Pending           *pending)
{
  unref_after_signal (msg);
  g_hash_table_remove (pending->self->pending, pending);
}

/* Holds the answer back for @delay_ms without blocking the main loop:
 * other connections go on being served meanwhile. */
static void
answer_later (CaSandbox         *self,
              SoupServerMessage *msg,
              guint              delay_ms)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->self = self;
  pending->msg = g_object_ref (msg);
  pending->disconnected_id = g_signal_connect (msg, "disconnected",
                                               G_CALLBACK (pending_disconnected_cb),
                                               pending);
  soup_server_message_pause (msg);
  pending->source_id = g_timeout_add (delay_ms, pending_timeout_cb, pending);
  g_hash_table_add (self->pending, pending);
}

/* Idle connections
 *
 * libsoup 3.2 (Debian 12) never closes a kept-alive connection that the
 * client closes between two requests: its file descriptor stays open as
 * long as the server, and a long-running sandbox would run out of them.
 * (libsoup 3.4 closes it: "server: do not leak idle connections closed by
 * the client".) So between requests we watch each connection too, after
 * libsoup has had its turn, and close it at end of file. */

static void
idle_watch_free (IdleWatch *watch)
{
  g_source_destroy (watch->source);
  g_source_unref (watch->source);
  g_clear_signal_handler (&watch->disconnected_id, watch->msg);
  g_object_unref (watch->msg);
  g_object_unref (watch->socket);
  g_free (watch);
}

static gboolean
idle_watch_ready_cb (GSocket      *socket,
                     GIOCondition  condition,
                     gpointer      user_data)
{
  IdleWatch *watch = user_data;
  char byte;
  gssize n = recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT);

  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
    return G_SOURCE_CONTINUE;

  /* 0: the client closed it; < 0: it broke. Data (> 0) is a new request,
   * which libsoup reads. */
  if (n <= 0)
    g_socket_close (socket, NULL);
  /* Frees @watch and its source. */
  g_hash_table_remove (watch->self->idle_watches, socket);
  return G_SOURCE_REMOVE;
}

/* libsoup closed the connection itself. */
static void
idle_watch_disconnected_cb (SoupServerMessage *msg,
                            IdleWatch         *watch)
{
  unref_after_signal (msg);
  g_hash_table_remove (watch->self->idle_watches, watch->socket);
}

static void
request_done_cb (SoupServer        *server,
                 SoupServerMessage *msg,
                 CaSandbox         *self)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  IdleWatch *watch;

  if (socket == NULL || g_socket_is_closed (socket)
      || soup_server_message_get_http_version (msg) == SOUP_HTTP_2_0)
    return;

  watch = g_new0 (IdleWatch, 1);
  watch->self = self;
  watch->socket = g_object_ref (socket);
  watch->msg = g_object_ref (msg);
  watch->disconnected_id = g_signal_connect (msg, "disconnected",
                                             G_CALLBACK (idle_watch_disconnected_cb), watch);
  watch->source = g_socket_create_source (socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  /* Below libsoup's own reading: it sees a new request first. */
  g_source_set_priority (watch->source, G_PRIORITY_LOW);
  g_source_set_callback (watch->source, G_SOURCE_FUNC (idle_watch_ready_cb), watch, NULL);
  g_source_attach (watch->source, g_main_context_get_thread_default ());
  g_hash_table_replace (self->idle_watches, socket, watch);
}

/* A new request on a kept-alive connection: it is libsoup's again. */
static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    CaSandbox         *self)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  if (socket != NULL)
    g_hash_table_remove (self->idle_watches, socket);
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  CaSandbox *self = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  Faults faults = { -1, -1, -1, -1 };
  Request req = {
    .self = self,
    .msg = msg,
    .method = soup_server_message_get_method (msg),
    .path = g_uri_get_path (uri),
    .raw_query = g_uri_get_query (uri),
  };

  req.query = ca_sandbox_parse_query (req.raw_query);
  if (!read_faults (&req, &faults))
    {
      /* The 400 goes out at once: the faults asked for are unknown. */
      faults.delay = -1;
    }
  else
    {
      if (!inject_fault (&req, &faults))
        route (&req);
      if (faults.retry_after >= 0)
        {
          char seconds[24];

          g_snprintf (seconds, sizeof seconds, "%" G_GINT64_FORMAT, faults.retry_after);
          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "Retry-After", seconds);
        }
    }
  g_ptr_array_unref (req.query);

  if (faults.delay > 0)
    answer_later (self, msg, (guint) faults.delay);
  else
    count_answer (self, msg);
}

/* The object */

static void
ca_sandbox_dispose (GObject *object)
{
  CaSandbox *self = CA_SANDBOX (object);

  /* Before the server goes: its messages must not call us back. */
  if (self->server != NULL)
    g_signal_handlers_disconnect_by_data (self->server, self);
  if (self->pending != NULL)
    g_hash_table_remove_all (self->pending);
  if (self->idle_watches != NULL)
    g_hash_table_remove_all (self->idle_watches);
  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_object (&self->socket);

  G_OBJECT_CLASS (ca_sandbox_parent_class)->dispose (object);
}

static void
ca_sandbox_finalize (GObject *object)
{
  CaSandbox *self = CA_SANDBOX (object);

  g_hash_table_unref (self->pending);
  g_hash_table_unref (self->idle_watches);
  g_hash_table_unref (self->calls);
  g_hash_table_unref (self->fail_counts);
  g_hash_table_unref (self->tokens);

  G_OBJECT_CLASS (ca_sandbox_parent_class)->finalize (object);
}

static void
ca_sandbox_class_init (CaSandboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ca_sandbox_dispose;
  object_class->finalize = ca_sandbox_finalize;

  /**
   * CaSandbox::answered:
   * @method: the request's method
   * @path: the request's path, as received
   * @status: the status of the answer
   *
   * Emitted as each answer goes out, for a log.
   */
  signals[ANSWERED] =
    g_signal_new ("answered",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_UINT);
}

static void
ca_sandbox_init (CaSandbox *self)
{
  /* Raw paths: /echo shows a dynamic path's percent-encoding as it came,
   * and calls are counted by the path the client sent. */
  self->server = soup_server_new ("server-header", "custom-actions-sandbox/" PACKAGE_VERSION,
                                  "raw-paths", TRUE,
                                  NULL);
  soup_server_add_handler (self->server, NULL, server_callback, self, NULL);
  /* A 500 ends in request-aborted, not request-finished. */
  g_signal_connect (self->server, "request-started", G_CALLBACK (request_started_cb), self);
  g_signal_connect (self->server, "request-finished", G_CALLBACK (request_done_cb), self);
  g_signal_connect (self->server, "request-aborted", G_CALLBACK (request_done_cb), self);

  self->calls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->fail_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->pending = g_hash_table_new_full (NULL, NULL, (GDestroyNotify) pending_free, NULL);
  self->idle_watches = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) idle_watch_free);
  self->id_prefix = g_random_int ();
}

gboolean
ca_sandbox_is_default_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *host;

  /* Asked of every action a catalog loads: most are elsewhere, which the
   * port's digits missing from the text tell without parsing it. */
  if (url == NULL || strstr (url, G_STRINGIFY (CA_SANDBOX_DEFAULT_PORT)) == NULL)
    return FALSE;

  if ((uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL)) == NULL)
    return FALSE;

  host = g_uri_get_host (uri);
  return g_uri_get_port (uri) == CA_SANDBOX_DEFAULT_PORT &&
         host != NULL &&
         (g_str_equal (host, "127.0.0.1") || g_ascii_strcasecmp (host, "localhost") == 0);
}

CaSandbox *
ca_sandbox_new (void)
{
  return g_object_new (CA_TYPE_SANDBOX, NULL);
}

gboolean
ca_sandbox_listen (CaSandbox  *self,
                   guint       port,
                   GError    **error)
{
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) socket = NULL;

  g_return_val_if_fail (CA_IS_SANDBOX (self), FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);
  g_return_val_if_fail (self->port == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Never all interfaces: the sandbox answers anyone who can reach it. */
  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, (guint16) port);
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT,
                         error);
  if (socket == NULL)
    return FALSE;
  /* GSocket's default backlog of 10 resets connections when a client
   * opens dozens at once, as benchmarks do. */
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_bind (socket, address, TRUE, error) || !g_socket_listen (socket, error))
    return FALSE;

  /* Port 0 asked for any free port: which one? */
  bound = g_socket_get_local_address (socket, error);
  if (bound == NULL || !soup_server_listen_socket (self->server, socket, 0, error))
    return FALSE;

  self->socket = g_steal_pointer (&socket);
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return TRUE;
}

guint
ca_sandbox_get_port (CaSandbox *self)
{
  g_return_val_if_fail (CA_IS_SANDBOX (self), 0);

  return self->port;
}

char *
ca_sandbox_get_url (CaSandbox *self)
{
  g_return_val_if_fail (CA_IS_SANDBOX (self), NULL);

  return g_strdup_printf ("http://127.0.0.1:%u", self->port);
}

GSocketAddress *
ca_sandbox_get_local_address (CaSandbox *self)
{
  g_return_val_if_fail (CA_IS_SANDBOX (self), NULL);

  if (self->socket == NULL)
    return NULL;

  return g_socket_get_local_address (self->socket, NULL);
}

guint
ca_sandbox_get_n_calls (CaSandbox  *self,
                        const char *path)
{
  guint *counter;

  g_return_val_if_fail (CA_IS_SANDBOX (self), 0);

  if (path == NULL)
    return self->n_calls;

  counter = g_hash_table_lookup (self->calls, path);
  return counter != NULL ? *counter : 0;
}

/* Internal API, for the handlers */

char *
ca_sandbox_new_id (CaSandbox  *self,
                   const char *prefix)
{
  return g_strdup_printf ("%s-%08x-%" G_GUINT64_FORMAT, prefix, self->id_prefix,
                          ++self->last_id);
}

GHashTable *
ca_sandbox_get_tokens (CaSandbox *self)
{
  return self->tokens;
}
