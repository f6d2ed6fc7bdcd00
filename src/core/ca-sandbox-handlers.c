/* ca-sandbox-handlers.c: the sandbox's endpoints, and how they read
 * requests and answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "ca-json.h"
#include "ca-json-writer.h"
#include "ca-sandbox-private.h"

/* Limits of the expiresIn parameter, as wide and as narrow as the fault
 * parameters' (ca-sandbox.c), and the lifetime of a token without it. */
#define MAX_EXPIRES_IN_S     (366 * 86400)
#define DEFAULT_EXPIRES_IN_S 3600
/* Past this many tokens, expired ones are swept out at each issue, so that
 * a benchmark that asks for tokens in a loop does not grow the table. */
#define TOKEN_SWEEP_SIZE     1024

/* Answers */

void
ca_sandbox_respond_object (Request    *req,
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
void G_GNUC_PRINTF (4, 5)
ca_sandbox_respond_error (Request    *req,
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
  ca_sandbox_respond_object (req, status, object);
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
  ca_sandbox_respond_object (req, status, object);
}

static void
respond_queued (Request *req)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *id = ca_sandbox_new_id (req->self, "msg");

  json_object_set_string_member (object, "id", id);
  json_object_set_string_member (object, "status", "queued");
  ca_sandbox_respond_object (req, SOUP_STATUS_ACCEPTED, object);
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
GPtrArray *
ca_sandbox_parse_query (const char *raw)
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
gboolean
ca_sandbox_read_number (Request    *req,
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
      ca_sandbox_respond_error (req, SOUP_STATUS_BAD_REQUEST, "INVALID_PARAMETER",
                                "%s must be %s from %" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT
                                ", not \"%s\"", name, what, min, max, text);
      return FALSE;
    }

  *value = (gint64) number;
  return TRUE;
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
      ca_sandbox_respond_error (req, SOUP_STATUS_BAD_REQUEST, "INVALID_BODY",
                                "the body is empty: send a JSON object");
      return NULL;
    }

  *document = ca_json_document_parse (text, length, &error);
  if (*document == NULL)
    {
      ca_sandbox_respond_error (req, SOUP_STATUS_BAD_REQUEST, "INVALID_BODY",
                                "the body is not valid JSON: %s", error->message);
      return NULL;
    }

  root = ca_json_document_get_root (*document);
  if (root->kind != CA_JSON_OBJECT)
    {
      ca_sandbox_respond_error (req, SOUP_STATUS_BAD_REQUEST, "INVALID_BODY",
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
      ca_sandbox_respond_error (req, SOUP_STATUS_BAD_REQUEST, "MISSING_FIELD",
                                "%s is missing: it must be %s", name, expected);
      return FALSE;
    }

  if (value->kind != CA_JSON_STRING)
    {
      ca_sandbox_respond_error (req, SOUP_STATUS_BAD_REQUEST, "INVALID_FIELD",
                                "%s must be %s, not %s", name, expected, ca_json_kind_word (value));
      return FALSE;
    }

  if (!check (value->string))
    {
      ca_sandbox_respond_error (req, SOUP_STATUS_BAD_REQUEST, "INVALID_FIELD",
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
          ca_sandbox_respond_error (req, SOUP_STATUS_BAD_REQUEST, "INVALID_FIELD",
                                    "%s must be a string, not %s", keys[i],
                                    ca_json_kind_word (value));
          return FALSE;
        }
      found = TRUE;
    }

  if (!found)
    ca_sandbox_respond_error (req, SOUP_STATUS_BAD_REQUEST, "MISSING_FIELD",
                              "the email has no content: give html or text, a string");
  return found;
}

void
ca_sandbox_handle_email (Request *req)
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

void
ca_sandbox_handle_sms (Request *req)
{
  g_autoptr(CaJsonDocument) document = NULL;
  const CaJson *root = read_body_object (req, &document);

  if (root != NULL
      && require_string (req, root, "to", "to", is_phone_number,
                         "a phone number such as +15551234567")
      && require_string (req, root, "text", "text", is_non_empty, "a non-empty string"))
    respond_queued (req);
}

void
ca_sandbox_handle_push (Request *req)
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
      ca_sandbox_respond_error (req, SOUP_STATUS_BAD_REQUEST, "MISSING_FIELD",
                                "message is missing: it must be an object with a title");
      return;
    }
  if (message->kind != CA_JSON_OBJECT)
    {
      ca_sandbox_respond_error (req, SOUP_STATUS_BAD_REQUEST, "INVALID_FIELD",
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

void
ca_sandbox_handle_echo (Request *req)
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
  ca_sandbox_respond_object (req, SOUP_STATUS_OK, object);
}

/* OAuth */

/* A form's first value for each name. (soup_form_decode() makes a table
 * whose values cannot be replaced without leaking or freeing wrongly.) */
static GHashTable *
read_form_params (const char *text)
{
  g_autoptr(GPtrArray) pairs = ca_sandbox_parse_query (text);
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
  GHashTable *tokens = ca_sandbox_get_tokens (self);
  gint64 now = g_get_monotonic_time ();
  char *token = g_strdup_printf ("sbx-%08x%08x%08x%08x", g_random_int (), g_random_int (),
                                 g_random_int (), g_random_int ());
  gint64 *expiry = g_new (gint64, 1);

  if (g_hash_table_size (tokens) >= TOKEN_SWEEP_SIZE)
    g_hash_table_foreach_remove (tokens, is_expired, &now);

  *expiry = now + expires_in * G_USEC_PER_SEC;
  g_hash_table_insert (tokens, g_strdup (token), expiry);
  return token;
}

void
ca_sandbox_handle_token (Request *req)
{
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *token = NULL;
  gint64 expires_in = DEFAULT_EXPIRES_IN_S;
  const char *grant_type;
  const char *client_id;
  const char *client_secret;

  if (!ca_sandbox_read_number (req, "expiresIn", 0, MAX_EXPIRES_IN_S, "a number of seconds",
                               &expires_in))
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
  ca_sandbox_respond_object (req, SOUP_STATUS_OK, object);
  /* RFC 6749 section 5.1 */
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Cache-Control", "no-store");
}

/* RFC 7009: unknown tokens are no error; "revoked" tells tests which. */
void
ca_sandbox_handle_revoke (Request *req)
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
                                  g_hash_table_remove (ca_sandbox_get_tokens (req->self), token));
  ca_sandbox_respond_object (req, SOUP_STATUS_OK, object);
}

/* What is wrong with the request's bearer token, or NULL when it is a
 * live one of ours. */
static const char *
check_bearer (Request *req)
{
  const char *authorization = soup_message_headers_get_one (
    soup_server_message_get_request_headers (req->msg), "Authorization");
  GHashTable *tokens = ca_sandbox_get_tokens (req->self);
  const char *token;
  gint64 *expiry;

  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0)
    return "no bearer token: send Authorization: Bearer TOKEN from /oauth/token";

  token = authorization + 7;
  while (*token == ' ')
    token++;
  expiry = g_hash_table_lookup (tokens, token);
  if (expiry == NULL)
    return "the token is unknown or revoked";
  if (*expiry <= g_get_monotonic_time ())
    {
      g_hash_table_remove (tokens, token);
      return "the token has expired";
    }

  return NULL;
}

void
ca_sandbox_handle_protected (Request *req)
{
  const char *problem = check_bearer (req);

  if (problem == NULL)
    {
      ca_sandbox_handle_echo (req);
      return;
    }

  respond_oauth_error (req, SOUP_STATUS_UNAUTHORIZED, "invalid_token", problem);
  /* RFC 6750 section 3 */
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "WWW-Authenticate",
                                "Bearer realm=\"sandbox\", error=\"invalid_token\"");
}

/* GET /: what a person who opens the URL in a browser needs. */
void
ca_sandbox_handle_index (Request *req)
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
  ca_sandbox_respond_object (req, SOUP_STATUS_OK, object);
}
