/* ca-sandbox.c: the embedded test endpoint, on loopback only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <libsoup/soup.h>
#include <string.h>
#include <sys/socket.h>

#include "ca-json.h"
#include "ca-json-writer.h"
#include "ca-sandbox.h"

/* Limits of the fault parameters: wide enough for any test, narrow enough
 * that a typo cannot hold a client for hours. */
#define MAX_DELAY_MS         300000
#define MAX_RETRY_AFTER_S    86400
#define MAX_FAIL_FIRST       1000000
#define MAX_EXPIRES_IN_S     (366 * 86400)
#define DEFAULT_EXPIRES_IN_S 3600
/* Past this many tokens, expired ones are swept out at each issue, so that
 * a benchmark that asks for tokens in a loop does not grow the table. */
#define TOKEN_SWEEP_SIZE     1024
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

/* One call being handled. */
typedef struct {
  CaSandbox         *self;
  SoupServerMessage *msg;
  const char        *method;
  /* As received: still percent-encoded */
  const char        *path;
  const char        *raw_query;
  /* Decoded name, value, name, value, … in the order received */
  GPtrArray         *query;
} Request;

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

/* Answers */

static void
respond_object (Request    *req,
                guint       status,
                JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  char *text = ca_json_to_compact_string (node);

  soup_server_message_set_status (req->msg, status, NULL);
  soup_server_message_set_response (req->msg, "application/json", SOUP_MEMORY_TAKE,
                                    text, strlen (text));
}

/* {"error": {"code": …, "message": …}}: the shape of the sample actions'
 * errorResponse, so that the app's contract check passes on it. */
static void G_GNUC_PRINTF (4, 5)
respond_error (Request    *req,
               guint       status,
               const char *code,
               const char *format,
               ...)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonObject *error = json_object_new ();
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  json_object_set_string_member (error, "code", code);
  json_object_set_string_member (error, "message", message);
  json_object_set_object_member (object, "error", error);
  respond_object (req, status, object);
}

/* RFC 6749 section 5.2: {"error": CODE, "error_description": …} */
static void
respond_oauth_error (Request    *req,
                     guint       status,
                     const char *code,
                     const char *description)
{
  g_autoptr(JsonObject) object = json_object_new ();

  json_object_set_string_member (object, "error", code);
  json_object_set_string_member (object, "error_description", description);
  respond_object (req, status, object);
}

static char *
new_id (CaSandbox  *self,
        const char *prefix)
{
  return g_strdup_printf ("%s-%08x-%" G_GUINT64_FORMAT, prefix, self->id_prefix,
                          ++self->last_id);
}

static void
respond_queued (Request *req)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *id = new_id (req->self, "msg");

  json_object_set_string_member (object, "id", id);
  json_object_set_string_member (object, "status", "queued");
  respond_object (req, SOUP_STATUS_ACCEPTED, object);
}

/* Reading the request */

static char *
form_decode (const char *text,
             gsize       length)
{
  g_autofree char *plus_free = g_strndup (text, length);
  char *decoded;

  /* application/x-www-form-urlencoded writes spaces as '+'. */
  g_strdelimit (plus_free, "+", ' ');
  decoded = g_uri_unescape_string (plus_free, NULL);
  /* Broken %-escapes: keep the text as it came rather than lose it. */
  return decoded != NULL ? decoded : g_steal_pointer (&plus_free);
}

/* "a=1&b=2&a=3" → a, 1, b, 2, a, 3: GHashTable-based decoders keep one
 * value per name, and /echo shows them all. */
static GPtrArray *
parse_query (const char *raw)
{
  GPtrArray *pairs = g_ptr_array_new_with_free_func (g_free);
  const char *start = raw;

  while (start != NULL && *start != '\0')
    {
      const char *end = strchr (start, '&');
      gsize length = end != NULL ? (gsize) (end - start) : strlen (start);
      const char *equals = memchr (start, '=', length);

      if (length > 0)
        {
          gsize name_length = equals != NULL ? (gsize) (equals - start) : length;

          g_ptr_array_add (pairs, form_decode (start, name_length));
          g_ptr_array_add (pairs, equals != NULL
                                  ? form_decode (equals + 1, length - name_length - 1)
                                  : g_strdup (""));
        }
      start = end != NULL ? end + 1 : NULL;
    }

  return pairs;
}

static const char *
query_get (Request    *req,
           const char *name)
{
  for (guint i = 0; i + 1 < req->query->len; i += 2)
    if (g_str_equal (g_ptr_array_index (req->query, i), name))
      return g_ptr_array_index (req->query, i + 1);

  return NULL;
}

/* A whole number parameter from @min to @max into @value (left alone when
 * absent); answers 400 naming the parameter when it is not one. */
static gboolean
read_number (Request    *req,
             const char *name,
             guint64     min,
             guint64     max,
             const char *what,
             gint64     *value)
{
  const char *text = query_get (req, name);
  guint64 number;

  if (text == NULL)
    return TRUE;

  if (!g_ascii_string_to_unsigned (text, 10, min, max, &number, NULL))
    {
      respond_error (req, SOUP_STATUS_BAD_REQUEST, "INVALID_PARAMETER",
                     "%s must be %s from %" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT
                     ", not \"%s\"", name, what, min, max, text);
      return FALSE;
    }

  *value = (gint64) number;
  return TRUE;
}

static gboolean
read_faults (Request *req,
             Faults  *faults)
{
  /* 1xx are not final answers: a client would wait for another one. */
  return read_number (req, "delay", 0, MAX_DELAY_MS, "a number of milliseconds",
                      &faults->delay)
         && read_number (req, "status", 200, 599, "an HTTP status", &faults->status)
         && read_number (req, "retryAfter", 0, MAX_RETRY_AFTER_S, "a number of seconds",
                         &faults->retry_after)
         && read_number (req, "failFirst", 0, MAX_FAIL_FIRST, "a number of calls",
                         &faults->fail_first);
}

static GBytes *
request_body (Request *req)
{
  return soup_message_body_flatten (soup_server_message_get_request_body (req->msg));
}

static gboolean
is_json_type (const char *content_type)
{
  return g_ascii_strcasecmp (content_type, "application/json") == 0
         || (strlen (content_type) > 5
             && g_ascii_strcasecmp (content_type + strlen (content_type) - 5, "+json") == 0);
}

/* The body as a JSON object, or NULL after answering 400. */
static const CaJson *
read_body_object (Request         *req,
                  CaJsonDocument **document)
{
  g_autoptr(GBytes) bytes = request_body (req);
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *text = g_bytes_get_data (bytes, &length);
  const CaJson *root;

  if (length == 0)
    {
      respond_error (req, SOUP_STATUS_BAD_REQUEST, "INVALID_BODY",
                     "the body is empty: send a JSON object");
      return NULL;
    }

  *document = ca_json_document_parse (text, length, &error);
  if (*document == NULL)
    {
      respond_error (req, SOUP_STATUS_BAD_REQUEST, "INVALID_BODY",
                     "the body is not valid JSON: %s", error->message);
      return NULL;
    }

  root = ca_json_document_get_root (*document);
  if (root->kind != CA_JSON_OBJECT)
    {
      respond_error (req, SOUP_STATUS_BAD_REQUEST, "INVALID_BODY",
                     "the body must be a JSON object, not %s", ca_json_kind_word (root));
      return NULL;
    }

  return root;
}

/* Checking provider bodies */

typedef gboolean (*StringCheck) (const char *value);

static gboolean
is_non_empty (const char *value)
{
  return *value != '\0';
}

static gboolean
is_email_address (const char *value)
{
  const char *at = strchr (value, '@');
  const char *p;

  if (at == NULL || at == value || at[1] == '\0' || strchr (at + 1, '@') != NULL)
    return FALSE;

  for (p = value; *p != '\0'; p++)
    if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
      return FALSE;

  return at[1] != '.' && !g_str_has_suffix (at, ".");
}

/* "+15551234567", "+1 (555) 123-4567", "55123": 3 to 15 digits (E.164)
 * with the separators people write. */
static gboolean
is_phone_number (const char *value)
{
  const char *p = value;
  guint digits = 0;

  if (*p == '+')
    p++;

  for (; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (strchr (" -.()", *p) == NULL)
        return FALSE;
    }

  return digits >= 3 && digits <= 15;
}

/* Answers 400 and returns FALSE unless @object's @key is a string that
 * passes @check; @name is the field as the message shows it. */
static gboolean
require_string (Request      *req,
                const CaJson *object,
                const char   *name,
                const char   *key,
                StringCheck   check,
                const char   *expected)
{
  const CaJson *value = ca_json_get_member (object, key);

  if (value == NULL)
    {
      respond_error (req, SOUP_STATUS_BAD_REQUEST, "MISSING_FIELD",
                     "%s is missing: it must be %s", name, expected);
      return FALSE;
    }

  if (value->kind != CA_JSON_STRING)
    {
      respond_error (req, SOUP_STATUS_BAD_REQUEST, "INVALID_FIELD",
                     "%s must be %s, not %s", name, expected, ca_json_kind_word (value));
      return FALSE;
    }

  if (!check (value->string))
    {
      respond_error (req, SOUP_STATUS_BAD_REQUEST, "INVALID_FIELD",
                     "%s must be %s, not \"%s\"", name, expected, value->string);
      return FALSE;
    }

  return TRUE;
}

/* The content of an email: "html" or "text", at least one. */
static gboolean
require_email_content (Request      *req,
                       const CaJson *root)
{
  const char *keys[] = { "html", "text" };
  gboolean found = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      const CaJson *value = ca_json_get_member (root, keys[i]);

      if (value == NULL)
        continue;
      if (value->kind != CA_JSON_STRING)
        {
          respond_error (req, SOUP_STATUS_BAD_REQUEST, "INVALID_FIELD",
                         "%s must be a string, not %s", keys[i], ca_json_kind_word (value));
          return FALSE;
        }
      found = TRUE;
    }

  if (!found)
    respond_error (req, SOUP_STATUS_BAD_REQUEST, "MISSING_FIELD",
                   "the email has no content: give html or text, a string");
  return found;
}

static void
handle_email (Request *req)
{
  g_autoptr(CaJsonDocument) document = NULL;
  const CaJson *root = read_body_object (req, &document);

  if (root != NULL
      && require_string (req, root, "to", "to", is_email_address,
                         "an email address such as ada@example.com")
      && require_string (req, root, "subject", "subject", is_non_empty,
                         "a non-empty string")
      && require_email_content (req, root))
    respond_queued (req);
}

static void
handle_sms (Request *req)
{
  g_autoptr(CaJsonDocument) document = NULL;
  const CaJson *root = read_body_object (req, &document);

  if (root != NULL
      && require_string (req, root, "to", "to", is_phone_number,
                         "a phone number such as +15551234567")
      && require_string (req, root, "text", "text", is_non_empty, "a non-empty string"))
    respond_queued (req);
}

static void
handle_push (Request *req)
{
  g_autoptr(CaJsonDocument) document = NULL;
  const CaJson *root = read_body_object (req, &document);
  const CaJson *message;

  if (root == NULL
      || !require_string (req, root, "to", "to", is_non_empty, "a non-empty device token"))
    return;

  message = ca_json_get_member (root, "message");
  if (message == NULL)
    {
      respond_error (req, SOUP_STATUS_BAD_REQUEST, "MISSING_FIELD",
                     "message is missing: it must be an object with a title");
      return;
    }
  if (message->kind != CA_JSON_OBJECT)
    {
      respond_error (req, SOUP_STATUS_BAD_REQUEST, "INVALID_FIELD",
                     "message must be an object with a title, not %s",
                     ca_json_kind_word (message));
      return;
    }

  if (require_string (req, message, "message.title", "title", is_non_empty,
                      "a non-empty string"))
    respond_queued (req);
}

/* /echo */

/* Adds @value under @name; a name given again turns into an array. */
static void
add_repeatable (JsonObject *object,
                const char *name,
                const char *value)
{
  JsonNode *existing = json_object_get_member (object, name);
  JsonArray *array;

  if (existing == NULL)
    {
      json_object_set_string_member (object, name, value);
      return;
    }

  if (JSON_NODE_HOLDS_ARRAY (existing))
    {
      json_array_add_string_element (json_node_get_array (existing), value);
      return;
    }

  array = json_array_new ();
  json_array_add_string_element (array, json_node_get_string (existing));
  json_array_add_string_element (array, value);
  json_object_set_array_member (object, name, array);
}

static JsonObject *
echo_query (Request *req)
{
  JsonObject *object = json_object_new ();

  for (guint i = 0; i + 1 < req->query->len; i += 2)
    add_repeatable (object, g_ptr_array_index (req->query, i),
                    g_ptr_array_index (req->query, i + 1));

  return object;
}

/* One member per header; a header sent twice shows as "a, b", which HTTP
 * says means the same. */
static JsonObject *
echo_headers (Request *req)
{
  JsonObject *object = json_object_new ();
  SoupMessageHeadersIter iter;
  const char *name;
  const char *value;

  soup_message_headers_iter_init (&iter, soup_server_message_get_request_headers (req->msg));
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      const char *existing = json_object_get_string_member_with_default (object, name, NULL);
      g_autofree char *joined = existing != NULL ? g_strdup_printf ("%s, %s", existing, value) : NULL;

      json_object_set_string_member (object, name, joined != NULL ? joined : value);
    }

  return object;
}

/* Parsed JSON when the body is JSON, else the text; NULL when empty. */
static JsonNode *
echo_body (Request *req)
{
  g_autoptr(GBytes) bytes = request_body (req);
  const char *content_type;
  gsize length;
  const char *text = g_bytes_get_data (bytes, &length);
  g_autofree char *valid = NULL;

  if (length == 0)
    return NULL;

  content_type = soup_message_headers_get_content_type (
    soup_server_message_get_request_headers (req->msg), NULL);
  if (content_type == NULL || is_json_type (content_type))
    {
      g_autoptr(CaJsonDocument) document = ca_json_document_parse (text, length, NULL);

      if (document != NULL)
        return ca_json_to_node (ca_json_document_get_root (document));
    }

  valid = g_utf8_make_valid (text, length);
  return json_node_init_string (json_node_alloc (), valid);
}

static void
handle_echo (Request *req)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonNode *body = echo_body (req);

  json_object_set_string_member (object, "method", req->method);
  json_object_set_string_member (object, "path", req->path);
  json_object_set_object_member (object, "query", echo_query (req));
  json_object_set_object_member (object, "headers", echo_headers (req));
  if (body != NULL)
    json_object_set_member (object, "body", body);
  else
    json_object_set_null_member (object, "body");
  respond_object (req, SOUP_STATUS_OK, object);
}

/* OAuth */

/* A form's first value for each name. (soup_form_decode() makes a table
 * whose values cannot be replaced without leaking or freeing wrongly.) */
static GHashTable *
read_form_params (const char *text)
{
  g_autoptr(GPtrArray) pairs = parse_query (text);
  GHashTable *params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i + 1 < pairs->len; i += 2)
    if (!g_hash_table_contains (params, g_ptr_array_index (pairs, i)))
      g_hash_table_insert (params, g_strdup (g_ptr_array_index (pairs, i)),
                           g_strdup (g_ptr_array_index (pairs, i + 1)));

  return params;
}

/* The parameters of a token request: a form, or a JSON object whose
 * string members count. NULL after answering 400. */
static GHashTable *
read_oauth_params (Request *req)
{
  g_autoptr(GBytes) bytes = request_body (req);
  g_autoptr(CaJsonDocument) document = NULL;
  GHashTable *params;
  const char *content_type;
  gsize length;
  const char *text = g_bytes_get_data (bytes, &length);
  const CaJson *root;

  content_type = soup_message_headers_get_content_type (
    soup_server_message_get_request_headers (req->msg), NULL);
  /* soup_message_body_flatten() ends the text with a NUL. */
  if (content_type == NULL || !is_json_type (content_type))
    return read_form_params (length > 0 ? text : "");

  document = ca_json_document_parse (text, length, NULL);
  root = document != NULL ? ca_json_document_get_root (document) : NULL;
  if (root == NULL || root->kind != CA_JSON_OBJECT)
    {
      respond_oauth_error (req, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                           "the body must be a JSON object or a form");
      return NULL;
    }

  params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < root->n_children; i++)
    if (root->children[i].kind == CA_JSON_STRING)
      g_hash_table_insert (params, g_strdup (root->children[i].key),
                           g_strdup (root->children[i].string));

  return params;
}

/* RFC 6749 section 2.3.1 lets a client send its credentials with HTTP
 * Basic instead of in the body. */
static void
read_basic_credentials (Request    *req,
                        GHashTable *params)
{
  const char *authorization = soup_message_headers_get_one (
    soup_server_message_get_request_headers (req->msg), "Authorization");
  g_autofree guchar *decoded = NULL;
  g_autofree char *text = NULL;
  gsize length;
  char *colon;

  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Basic ", 6) != 0)
    return;

  decoded = g_base64_decode (authorization + 6, &length);
  text = g_strndup ((const char *) decoded, length);
  colon = strchr (text, ':');
  if (colon == NULL)
    return;

  *colon = '\0';
  if (!g_hash_table_contains (params, "client_id"))
    g_hash_table_insert (params, g_strdup ("client_id"), form_decode (text, strlen (text)));
  if (!g_hash_table_contains (params, "client_secret"))
    g_hash_table_insert (params, g_strdup ("client_secret"),
                         form_decode (colon + 1, strlen (colon + 1)));
}

static gboolean
is_expired (gpointer key,
            gpointer value,
            gpointer user_data)
{
  return *(gint64 *) value <= *(gint64 *) user_data;
}

static char *
issue_token (CaSandbox *self,
             gint64     expires_in)
{
  gint64 now = g_get_monotonic_time ();
  char *token = g_strdup_printf ("sbx-%08x%08x%08x%08x", g_random_int (), g_random_int (),
                                 g_random_int (), g_random_int ());
  gint64 *expiry = g_new (gint64, 1);

  if (g_hash_table_size (self->tokens) >= TOKEN_SWEEP_SIZE)
    g_hash_table_foreach_remove (self->tokens, is_expired, &now);

  *expiry = now + expires_in * G_USEC_PER_SEC;
  g_hash_table_insert (self->tokens, g_strdup (token), expiry);
  return token;
}

static void
handle_token (Request *req)
{
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *token = NULL;
  gint64 expires_in = DEFAULT_EXPIRES_IN_S;
  const char *grant_type;
  const char *client_id;
  const char *client_secret;

  if (!read_number (req, "expiresIn", 0, MAX_EXPIRES_IN_S, "a number of seconds", &expires_in))
    return;
  params = read_oauth_params (req);
  if (params == NULL)
    return;
  read_basic_credentials (req, params);

  grant_type = g_hash_table_lookup (params, "grant_type");
  client_id = g_hash_table_lookup (params, "client_id");
  client_secret = g_hash_table_lookup (params, "client_secret");
  if (grant_type == NULL || *grant_type == '\0')
    {
      respond_oauth_error (req, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                           "grant_type is missing: send grant_type=client_credentials");
      return;
    }
  if (!g_str_equal (grant_type, "client_credentials"))
    {
      respond_oauth_error (req, SOUP_STATUS_BAD_REQUEST, "unsupported_grant_type",
                           "only grant_type=client_credentials is supported");
      return;
    }
  if (client_id == NULL || *client_id == '\0' || client_secret == NULL || *client_secret == '\0')
    {
      respond_oauth_error (req, SOUP_STATUS_UNAUTHORIZED, "invalid_client",
                           "client_id and client_secret are both required");
      return;
    }

  token = issue_token (req->self, expires_in);
  object = json_object_new ();
  json_object_set_string_member (object, "access_token", token);
  json_object_set_string_member (object, "token_type", "Bearer");
  json_object_set_int_member (object, "expires_in", expires_in);
  respond_object (req, SOUP_STATUS_OK, object);
  /* RFC 6749 section 5.1 */
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Cache-Control", "no-store");
}

/* RFC 7009: unknown tokens are no error; "revoked" tells tests which. */
static void
handle_revoke (Request *req)
{
  g_autoptr(GHashTable) params = read_oauth_params (req);
  g_autoptr(JsonObject) object = NULL;
  const char *token;

  if (params == NULL)
    return;

  token = g_hash_table_lookup (params, "token");
  if (token == NULL || *token == '\0')
    {
      respond_oauth_error (req, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                           "token is missing: send token=THE_ACCESS_TOKEN");
      return;
    }

  object = json_object_new ();
  json_object_set_boolean_member (object, "revoked",
                                  g_hash_table_remove (req->self->tokens, token));
  respond_object (req, SOUP_STATUS_OK, object);
}

/* What is wrong with the request's bearer token, or NULL when it is a
 * live one of ours. */
static const char *
check_bearer (Request *req)
{
  const char *authorization = soup_message_headers_get_one (
    soup_server_message_get_request_headers (req->msg), "Authorization");
  const char *token;
  gint64 *expiry;

  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0)
    return "no bearer token: send Authorization: Bearer TOKEN from /oauth/token";

  token = authorization + 7;
  while (*token == ' ')
    token++;
  expiry = g_hash_table_lookup (req->self->tokens, token);
  if (expiry == NULL)
    return "the token is unknown or revoked";
  if (*expiry <= g_get_monotonic_time ())
    {
      g_hash_table_remove (req->self->tokens, token);
      return "the token has expired";
    }

  return NULL;
}

static void
handle_protected (Request *req)
{
  const char *problem = check_bearer (req);

  if (problem == NULL)
    {
      handle_echo (req);
      return;
    }

  respond_oauth_error (req, SOUP_STATUS_UNAUTHORIZED, "invalid_token", problem);
  /* RFC 6750 section 3 */
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "WWW-Authenticate",
                                "Bearer realm=\"sandbox\", error=\"invalid_token\"");
}

/* GET /: what a person who opens the URL in a browser needs. */
static void
handle_index (Request *req)
{
  static const char *const endpoints[] = {
    "POST /email", "POST /sms", "POST /push", "ANY /echo[/...]",
    "POST /oauth/token", "POST /oauth/revoke", "ANY /protected[/...]",
  };
  static const char *const faults[] = {
    "delay=MS", "status=CODE", "retryAfter=S", "failFirst=N",
  };
  g_autoptr(JsonObject) object = json_object_new ();
  JsonArray *array = json_array_new ();

  json_object_set_string_member (object, "name", "Custom Actions sandbox");
  for (guint i = 0; i < G_N_ELEMENTS (endpoints); i++)
    json_array_add_string_element (array, endpoints[i]);
  json_object_set_array_member (object, "endpoints", array);
  array = json_array_new ();
  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    json_array_add_string_element (array, faults[i]);
  json_object_set_array_member (object, "faults", array);
  respond_object (req, SOUP_STATUS_OK, object);
}

static const Route routes[] = {
  { "/email", FALSE, "POST", handle_email },
  { "/sms", FALSE, "POST", handle_sms },
  { "/push", FALSE, "POST", handle_push },
  { "/echo", TRUE, NULL, handle_echo },
  { "/oauth/token", FALSE, "POST", handle_token },
  { "/oauth/revoke", FALSE, "POST", handle_revoke },
  { "/protected", TRUE, NULL, handle_protected },
  { "/", FALSE, "GET", handle_index },
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
          respond_error (req, SOUP_STATUS_METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                         "%s takes %s, not %s", r->path, r->allow, req->method);
          soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                        "Allow", r->allow);
          return;
        }

      r->handler (req);
      return;
    }

  respond_error (req, SOUP_STATUS_NOT_FOUND, "NOT_FOUND",
                 "nothing at %s: try /email, /sms, /push, /echo or /oauth/token", req->path);
}

/* Faults */

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
      respond_error (req, status, "INJECTED_STATUS",
                     "status %u, as the status parameter asked", status);
      return;
    }

  /* Shaped like the answer of /email, so that contract checks pass. */
  object = json_object_new ();
  id = new_id (req->self, "injected");
  json_object_set_string_member (object, "id", id);
  json_object_set_string_member (object, "status", "injected");
  respond_object (req, status, object);
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
          respond_error (req, SOUP_STATUS_INTERNAL_SERVER_ERROR, "INJECTED_FAILURE",
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

  req.query = parse_query (req.raw_query);
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

  if (url == NULL || (uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL)) == NULL)
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
