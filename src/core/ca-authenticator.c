/* ca-authenticator.c: completes requests with their authentication
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ca-authenticator.h"
#include "ca-enums.h"
#include "ca-json.h"
#include "ca-json-writer.h"
#include "ca-secrets.h"

/* A token of one endpoint with one set of parameters, and the calls
 * waiting while it is fetched. */
typedef struct {
  char   *token;
  gint64  fetched;   /* monotonic, µs */
  gint64  expires;   /* monotonic, µs */
  GList  *waiters;   /* GTask */
  guint   fetching : 1;
} TokenEntry;

struct _CaAuthenticator
{
  GObject      parent_instance;

  SoupSession *session;
  GHashTable  *tokens;  /* key → TokenEntry */
  guint        n_token_fetches;
};

G_DEFINE_FINAL_TYPE (CaAuthenticator, ca_authenticator, G_TYPE_OBJECT)

G_DEFINE_QUARK (ca-authenticator-error-quark, ca_authenticator_error)

#define MAX_TOKEN_SECONDS (365 * 24 * 3600)
/* A token endpoint that does not answer in this time is given up on, so
 * that the next call can try again. */
#define TOKEN_FETCH_TIMEOUT_SECONDS 30

static void
token_entry_free (TokenEntry *entry)
{
  g_warn_if_fail (entry->waiters == NULL);
  ca_secrets_value_free (entry->token);
  g_free (entry);
}

static void
ca_authenticator_finalize (GObject *object)
{
  CaAuthenticator *self = CA_AUTHENTICATOR (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->tokens, g_hash_table_unref);

  G_OBJECT_CLASS (ca_authenticator_parent_class)->finalize (object);
}

static void
ca_authenticator_class_init (CaAuthenticatorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ca_authenticator_finalize;
}

static void
ca_authenticator_init (CaAuthenticator *self)
{
  self->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) token_entry_free);
}

CaAuthenticator *
ca_authenticator_new (SoupSession *session)
{
  CaAuthenticator *self;

  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);

  self = g_object_new (CA_TYPE_AUTHENTICATOR, NULL);
  self->session = g_object_ref (session);
  return self;
}

guint
ca_authenticator_get_n_token_fetches (CaAuthenticator *self)
{
  g_return_val_if_fail (CA_IS_AUTHENTICATOR (self), 0);

  return self->n_token_fetches;
}

/* Credentials go into headers and URLs: a line break or other control
 * character in one would break the request (libsoup drops such headers).
 * The error names where the value came from, never the value. */
static gboolean
check_value (const char  *value,
             const char  *where,
             GError     **error)
{
  for (const char *p = value; p != NULL && *p; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f)
        {
          g_set_error (error, CA_AUTHENTICATOR_ERROR, CA_AUTHENTICATOR_ERROR_TOKEN,
                       _("The value of %s contains a line break or another control character; "
                         "store it again without one"), where);
          return FALSE;
        }
    }

  return TRUE;
}

/* Placing credentials. @secrets maps credential keys ("password",
 * "headers.X-Client") to their values. */

static void
place_token (CaRequest  *request,
             CaAuth     *auth,
             const char *token)
{
  g_autofree char *bearer = NULL;

  switch (auth->placement)
    {
    case CA_TOKEN_PLACEMENT_HEADER:
      ca_request_set_header (request, auth->token_target, token, TRUE);
      break;
    case CA_TOKEN_PLACEMENT_QUERY_PARAM:
      ca_request_add_query (request, auth->token_target, token, TRUE);
      break;
    case CA_TOKEN_PLACEMENT_BEARER:
    default:
      bearer = g_strconcat ("Bearer ", token, NULL);
      ca_request_set_header (request, "Authorization", bearer, TRUE);
      explicit_bzero (bearer, strlen (bearer));
      break;
    }
}

static void
place_credentials (CaRequest  *request,
                   CaAuth     *auth,
                   GHashTable *secrets)
{
  const char *value;
  g_autofree char *pair = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *header = NULL;

  switch (auth->type)
    {
    case CA_AUTH_TYPE_BASIC:
      value = g_hash_table_lookup (secrets, "password");
      pair = g_strconcat (auth->username, ":", value, NULL);
      encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
      header = g_strconcat ("Basic ", encoded, NULL);
      ca_request_set_header (request, "Authorization", header, TRUE);
      explicit_bzero (pair, strlen (pair));
      explicit_bzero (encoded, strlen (encoded));
      explicit_bzero (header, strlen (header));
      break;
    case CA_AUTH_TYPE_API_KEY:
      value = g_hash_table_lookup (secrets, "value");
      if (auth->key_location == CA_KEY_LOCATION_QUERY)
        ca_request_add_query (request, auth->key_name, value, TRUE);
      else
        ca_request_set_header (request, auth->key_name, value, TRUE);
      break;
    case CA_AUTH_TYPE_BEARER:
      place_token (request, auth, g_hash_table_lookup (secrets, "token"));
      break;
    case CA_AUTH_TYPE_NONE:
    case CA_AUTH_TYPE_CUSTOM:
    default:
      break;
    }
}

/* What identifies a token: the endpoint and its parameters, by name and
 * secret ID — never by value, so the key can be kept and logged. */
static char *
token_key (CaAuth *auth)
{
  GString *key = g_string_new (NULL);
  GPtrArray *lists[] = { auth->headers, auth->body_params };

  g_string_append_printf (key, "%s %s|%s|", ca_enum_to_nick (CA_TYPE_TOKEN_METHOD, auth->token_method),
                          auth->endpoint, auth->token_in_response);
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      for (guint i = 0; i < lists[l]->len; i++)
        {
          const CaAuthParam *param = g_ptr_array_index (lists[l], i);

          if (ca_credential_is_secret (param->value))
            g_string_append_printf (key, "%u:%s=secret:%s;", l, param->name, param->value->secret_id);
          else
            {
              g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                                                       param->value->plain, -1);

              g_string_append_printf (key, "%u:%s=sha256:%s;", l, param->name, digest);
            }
        }
    }

  return g_string_free (key, FALSE);
}

/* The token endpoint's request. */

static void
append_form_field (GString    *form,
                   const char *name,
                   const char *value)
{
  g_autofree char *encoded_name = ca_percent_encode (name);
  g_autofree char *encoded_value = ca_percent_encode (value);

  if (form->len > 0)
    g_string_append_c (form, '&');
  g_string_append_printf (form, "%s=%s", encoded_name, encoded_value);
}

static GBytes *
token_body (CaAuth     *auth,
            GHashTable *secrets)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  GString *form = g_string_new (NULL);
  char *json;

  json_builder_begin_object (builder);
  for (guint i = 0; i < auth->body_params->len; i++)
    {
      const CaAuthParam *param = g_ptr_array_index (auth->body_params, i);
      g_autofree char *key = g_strconcat ("body.bodyParams.", param->name, NULL);
      const char *value = g_hash_table_lookup (secrets, key);

      append_form_field (form, param->name, value);
      json_builder_set_member_name (builder, param->name);
      json_builder_add_string_value (builder, value);
    }
  json_builder_end_object (builder);

  if (auth->body_type == CA_BODY_TYPE_FORM)
    return g_string_free_to_bytes (form);

  explicit_bzero (form->str, form->len);
  g_string_free (form, TRUE);
  root = json_builder_get_root (builder);
  json = ca_json_to_compact_string (root);
  return g_bytes_new_take (json, strlen (json));
}

static SoupMessage *
token_message (CaAuth      *auth,
               GHashTable  *secrets,
               GError     **error)
{
  const char *method = auth->token_method == CA_TOKEN_METHOD_GET ? "GET" : "POST";
  g_autoptr(SoupMessage) message = soup_message_new (method, auth->endpoint);
  SoupMessageHeaders *headers;

  if (message == NULL)
    {
      g_set_error (error, CA_AUTHENTICATOR_ERROR, CA_AUTHENTICATOR_ERROR_TOKEN,
                   _("The token endpoint \"%s\" is not a valid URL; correct it in the authentication settings"),
                   auth->endpoint);
      return NULL;
    }

  headers = soup_message_get_request_headers (message);
  for (guint i = 0; i < auth->headers->len; i++)
    {
      const CaAuthParam *param = g_ptr_array_index (auth->headers, i);
      g_autofree char *key = g_strconcat ("headers.", param->name, NULL);

      soup_message_headers_replace (headers, param->name, g_hash_table_lookup (secrets, key));
    }
  soup_message_headers_replace (headers, "Accept", "application/json");

  if (auth->has_body && auth->token_method == CA_TOKEN_METHOD_POST)
    {
      g_autoptr(GBytes) body = token_body (auth, secrets);

      soup_message_set_request_body_from_bytes (message,
                                                auth->body_type == CA_BODY_TYPE_FORM
                                                ? "application/x-www-form-urlencoded"
                                                : "application/json",
                                                body);
    }

  return g_steal_pointer (&message);
}

/* The number of seconds (or a point in time) an answer gives at @path. */
static gint64
expiry_from_answer (const CaJson *answer,
                    const char   *pointer)
{
  const CaJson *value = ca_json_lookup_path (answer, pointer + strlen ("json://"));
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = NULL;
  double seconds;

  if (value == NULL)
    return -1;

  if (value->kind == CA_JSON_STRING)
    {
      when = g_date_time_new_from_iso8601 (value->string, NULL);
      if (when == NULL)
        return -1;
      now = g_date_time_new_now_utc ();
      return g_date_time_difference (when, now) / G_USEC_PER_SEC;
    }

  if (value->kind == CA_JSON_INTEGER)
    seconds = value->integer;
  else if (value->kind == CA_JSON_DECIMAL)
    seconds = value->decimal;
  else
    return -1;

  /* Big numbers are points in time (Unix seconds), small ones durations. */
  seconds = CLAMP (seconds, 0, 1e12);
  if (seconds > 1e9)
    return (gint64) seconds - g_get_real_time () / G_USEC_PER_SEC;
  return (gint64) seconds;
}

static gint64
cache_seconds (CaAuth *auth)
{
  switch (auth->cache_unit)
    {
    case CA_TIME_UNIT_HOURS:
      return auth->cache_duration * 3600;
    case CA_TIME_UNIT_MINUTES:
      return auth->cache_duration * 60;
    case CA_TIME_UNIT_SECONDS:
    default:
      return auth->cache_duration;
    }
}

/* Reads the token, and how long it lives, from the endpoint's answer. */
static char *
read_token (CaAuth  *auth,
            GBytes  *body,
            gint64  *lifetime,
            GError **error)
{
  g_autoptr(CaJsonDocument) document = NULL;
  gsize len;
  const char *data = g_bytes_get_data (body, &len);
  const CaJson *found;

  *lifetime = auth->cache_duration > 0 ? cache_seconds (auth) : CA_AUTHENTICATOR_DEFAULT_TOKEN_SECONDS;

  if (auth->expiry_in_response != NULL || g_str_has_prefix (auth->token_in_response, "json://"))
    document = ca_json_document_parse (data != NULL ? data : "", len, NULL);

  if (document != NULL && auth->expiry_in_response != NULL)
    {
      gint64 seconds = expiry_from_answer (ca_json_document_get_root (document),
                                           auth->expiry_in_response);

      if (seconds >= 0)
        *lifetime = seconds;
    }

  /* No token lives longer than a year here: keeps the arithmetic sane. */
  *lifetime = CLAMP (*lifetime, 0, MAX_TOKEN_SECONDS);

  if (g_strcmp0 (auth->token_in_response, "response") == 0)
    {
      g_autofree char *text = g_strstrip (g_strndup (data != NULL ? data : "", len));

      if (text[0] != '\0')
        return g_steal_pointer (&text);
    }
  else if (document != NULL &&
           (found = ca_json_lookup_path (ca_json_document_get_root (document),
                                         auth->token_in_response + strlen ("json://"))) != NULL &&
           found->kind == CA_JSON_STRING && found->string[0] != '\0')
    {
      return g_strdup (found->string);
    }

  if (g_strcmp0 (auth->token_in_response, "response") == 0)
    g_set_error (error, CA_AUTHENTICATOR_ERROR, CA_AUTHENTICATOR_ERROR_TOKEN,
                 _("The token endpoint answered with an empty body; check the endpoint and \"Token in Response\""));
  else
    g_set_error (error, CA_AUTHENTICATOR_ERROR, CA_AUTHENTICATOR_ERROR_TOKEN,
                 _("The token endpoint answered without a token at %s; check \"Token in Response\""),
                 auth->token_in_response);
  return NULL;
}

/* A call waiting for a token can leave before the fetch ends (its
 * timeout, or its caller, cancelled it); the fetch goes on for the others. */
typedef struct {
  CaAuthenticator *self;
  char            *key;
  GCancellable    *cancellable;
  gulong           handler;
} Waiting;

static void
waiting_free (Waiting *waiting)
{
  if (waiting->handler != 0)
    g_cancellable_disconnect (waiting->cancellable, waiting->handler);
  g_clear_object (&waiting->cancellable);
  g_object_unref (waiting->self);
  g_free (waiting->key);
  g_free (waiting);
}

static gboolean
leave_waiters (gpointer data)
{
  GTask *task = data;
  Waiting *waiting = g_task_get_task_data (task);
  TokenEntry *entry = g_hash_table_lookup (waiting->self->tokens, waiting->key);
  GList *link = entry != NULL ? g_list_find (entry->waiters, task) : NULL;

  if (link != NULL)
    {
      entry->waiters = g_list_delete_link (entry->waiters, link);
      g_task_return_error_if_cancelled (task);
      g_object_unref (task);
    }

  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static void
waiter_cancelled (GCancellable *cancellable,
                  gpointer      data)
{
  /* Not from inside g_cancellable_cancel(): the handler is disconnected
   * when the task goes, which cannot happen here. */
  g_idle_add (leave_waiters, g_object_ref (data));
}

/* Completing the calls that wait for a token, after the callback that
 * got it has returned. */
typedef struct {
  GList  *waiters;
  char   *token;
  GError *error;
} Delivery;

static gboolean
deliver (gpointer data)
{
  Delivery *delivery = data;

  for (GList *l = delivery->waiters; l != NULL; l = l->next)
    {
      GTask *task = l->data;

      if (g_task_return_error_if_cancelled (task))
        continue;
      if (delivery->token != NULL)
        g_task_return_pointer (task, g_strdup (delivery->token), (GDestroyNotify) ca_secrets_value_free);
      else
        g_task_return_error (task, g_error_copy (delivery->error));
    }

  g_list_free_full (delivery->waiters, g_object_unref);
  ca_secrets_value_free (delivery->token);
  g_clear_error (&delivery->error);
  g_free (delivery);
  return G_SOURCE_REMOVE;
}

typedef struct {
  CaAuthenticator *self;
  CaAuth          *auth;
  char            *key;
  GCancellable    *cancellable;
  guint            timeout;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_clear_handle_id (&fetch->timeout, g_source_remove);
  g_object_unref (fetch->cancellable);
  g_object_unref (fetch->self);
  ca_auth_free (fetch->auth);
  g_free (fetch->key);
  g_free (fetch);
}

static gboolean
fetch_timed_out (gpointer data)
{
  Fetch *fetch = data;

  fetch->timeout = 0;
  g_cancellable_cancel (fetch->cancellable);
  return G_SOURCE_REMOVE;
}

static void
token_fetched (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Fetch *fetch = user_data;
  TokenEntry *entry = g_hash_table_lookup (fetch->self->tokens, fetch->key);
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  Delivery *delivery = g_new0 (Delivery, 1);
  gint64 lifetime = 0;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  status = message != NULL ? soup_message_get_status (message) : 0;

  if (body != NULL && !SOUP_STATUS_IS_SUCCESSFUL (status))
    g_set_error (&error, CA_AUTHENTICATOR_ERROR, CA_AUTHENTICATOR_ERROR_TOKEN,
                 _("The token endpoint %s answered HTTP %u %s; check its URL and credentials"),
                 fetch->auth->endpoint, status, soup_message_get_reason_phrase (message));
  else if (body != NULL)
    delivery->token = read_token (fetch->auth, body, &lifetime, &error);
  else
    {
      g_autoptr(GError) failure = g_steal_pointer (&error);

      g_set_error (&error, CA_AUTHENTICATOR_ERROR, CA_AUTHENTICATOR_ERROR_TOKEN,
                   /* Translators: the second %s is the network's reason,
                    * e.g. "Connection refused". */
                   _("The token endpoint %s could not be reached: %s; check its address and the network"),
                   fetch->auth->endpoint, failure->message);
    }

  if (delivery->token != NULL)
    {
      ca_secrets_value_free (entry->token);
      entry->token = g_strdup (delivery->token);
      entry->fetched = g_get_monotonic_time ();
      entry->expires = entry->fetched + lifetime * G_USEC_PER_SEC;
    }
  else
    {
      delivery->error = g_steal_pointer (&error);
    }

  entry->fetching = FALSE;
  delivery->waiters = g_steal_pointer (&entry->waiters);
  g_idle_add (deliver, delivery);
  fetch_free (fetch);
}

static void
get_token_async (CaAuthenticator     *self,
                 CaAuth              *auth,
                 GHashTable          *secrets,
                 gint64               stale_before,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *key = token_key (auth);
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  TokenEntry *entry = g_hash_table_lookup (self->tokens, key);
  Waiting *waiting;
  Fetch *fetch;

  g_task_set_source_tag (task, get_token_async);

  if (entry == NULL)
    {
      entry = g_new0 (TokenEntry, 1);
      g_hash_table_insert (self->tokens, g_strdup (key), entry);
    }

  /* Refused after a 401: unless another call already got a newer one. */
  if (stale_before > 0 && !entry->fetching && entry->fetched <= stale_before)
    g_clear_pointer (&entry->token, ca_secrets_value_free);

  if (entry->token != NULL && g_get_monotonic_time () < entry->expires)
    {
      g_task_return_pointer (task, g_strdup (entry->token), (GDestroyNotify) ca_secrets_value_free);
      return;
    }

  waiting = g_new0 (Waiting, 1);
  waiting->self = g_object_ref (self);
  waiting->key = g_strdup (key);
  g_task_set_task_data (task, waiting, (GDestroyNotify) waiting_free);
  if (cancellable != NULL)
    {
      waiting->cancellable = g_object_ref (cancellable);
      waiting->handler = g_cancellable_connect (cancellable, G_CALLBACK (waiter_cancelled), task, NULL);
    }

  entry->waiters = g_list_append (entry->waiters, g_steal_pointer (&task));
  if (entry->fetching)
    return;

  if ((message = token_message (auth, secrets, &error)) == NULL)
    {
      Delivery *delivery = g_new0 (Delivery, 1);

      delivery->error = g_steal_pointer (&error);
      delivery->waiters = g_steal_pointer (&entry->waiters);
      g_idle_add (deliver, delivery);
      return;
    }

  entry->fetching = TRUE;
  self->n_token_fetches++;
  fetch = g_new0 (Fetch, 1);
  fetch->self = g_object_ref (self);
  fetch->auth = ca_auth_copy (auth);
  fetch->key = g_steal_pointer (&key);
  /* Not cancelled with one caller: others may wait for the same token.
   * Each caller can leave on its own (see waiter_cancelled()); the fetch
   * itself gives up after a while. */
  fetch->cancellable = g_cancellable_new ();
  fetch->timeout = g_timeout_add_seconds (TOKEN_FETCH_TIMEOUT_SECONDS, fetch_timed_out, fetch);
  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT, fetch->cancellable,
                                    token_fetched, fetch);
}

static char *
get_token_finish (CaAuthenticator  *self,
                  GAsyncResult     *result,
                  GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Applying: look the secrets up one by one, then place them. */

typedef struct {
  CaAction   *action;
  CaAuth     *auth;
  CaRequest  *request;
  GHashTable *secrets;   /* credential key → value */
  GPtrArray  *keys;      /* credential keys, in order */
  GPtrArray  *ids;       /* their secret IDs, NULL for a value in clear */
  guint       next;
  gint64      stale_before;
} Apply;

static void
apply_free (Apply *apply)
{
  g_clear_object (&apply->action);
  ca_auth_free (apply->auth);
  g_clear_pointer (&apply->request, ca_request_free);
  g_hash_table_unref (apply->secrets);
  g_ptr_array_unref (apply->keys);
  g_ptr_array_unref (apply->ids);
  g_free (apply);
}

static void
collect_credential (const char    *key,
                    CaCredential **credential,
                    gpointer       user_data)
{
  Apply *apply = user_data;

  if (*credential == NULL)
    return;

  if (ca_credential_is_secret (*credential))
    {
      g_ptr_array_add (apply->keys, g_strdup (key));
      g_ptr_array_add (apply->ids, g_strdup ((*credential)->secret_id));
    }
  else
    {
      g_hash_table_insert (apply->secrets, g_strdup (key), g_strdup ((*credential)->plain));
    }
}

static Apply *
apply_new (CaAction        *action,
           const CaRequest *request)
{
  Apply *apply = g_new0 (Apply, 1);

  apply->action = g_object_ref (action);
  apply->auth = ca_auth_copy (ca_action_get_auth (action));
  /* A check (ca_authenticator_check_async()) has no request. */
  apply->request = request != NULL ? ca_request_copy (request) : NULL;
  apply->secrets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) ca_secrets_value_free);
  apply->keys = g_ptr_array_new_with_free_func (g_free);
  apply->ids = g_ptr_array_new_with_free_func (g_free);
  ca_auth_foreach_credential (apply->auth, collect_credential, apply);
  return apply;
}

static void lookup_next_secret (GTask *task);
static void check_fetch (GTask *task);

static void
token_ready (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Apply *apply = g_task_get_task_data (task);
  GError *error = NULL;
  char *token = get_token_finish (CA_AUTHENTICATOR (source), result, &error);

  if (token == NULL || !check_value (token, _("the token from the token endpoint"), &error))
    {
      ca_secrets_value_free (token);
      g_task_return_error (task, error);
      return;
    }

  place_token (apply->request, apply->auth, token);
  ca_secrets_value_free (token);
  g_task_return_pointer (task, g_steal_pointer (&apply->request), (GDestroyNotify) ca_request_free);
}

/* Every credential value, checked before any is placed. */
static gboolean
check_secrets (Apply   *apply,
               GError **error)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, apply->secrets);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *where = g_strdup_printf ("auth.%s", (const char *) key);

      if (!check_value (value, where, error))
        return FALSE;
    }

  return TRUE;
}

static void
secrets_complete (GTask *task)
{
  CaAuthenticator *self = g_task_get_source_object (task);
  Apply *apply = g_task_get_task_data (task);
  GError *error = NULL;

  if (!check_secrets (apply, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_task_get_source_tag (task) == ca_authenticator_check_async)
    {
      check_fetch (task);
      return;
    }

  if (apply->auth->type == CA_AUTH_TYPE_CUSTOM)
    {
      get_token_async (self, apply->auth, apply->secrets, apply->stale_before,
                       g_task_get_cancellable (task), token_ready, g_object_ref (task));
      return;
    }

  place_credentials (apply->request, apply->auth, apply->secrets);
  g_task_return_pointer (task, g_steal_pointer (&apply->request), (GDestroyNotify) ca_request_free);
}

static void
secret_found (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Apply *apply = g_task_get_task_data (task);
  GError *error = NULL;
  char *value = ca_secrets_lookup_finish (result, &error);

  if (value == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_hash_table_insert (apply->secrets, g_strdup (g_ptr_array_index (apply->keys, apply->next)), value);
  apply->next++;
  lookup_next_secret (g_steal_pointer (&task));
}

/* Takes @task. */
static void
lookup_next_secret (GTask *task)
{
  Apply *apply = g_task_get_task_data (task);

  if (apply->next >= apply->keys->len)
    {
      secrets_complete (task);
      g_object_unref (task);
      return;
    }

  ca_secrets_lookup_async (g_ptr_array_index (apply->ids, apply->next),
                           g_task_get_cancellable (task), secret_found, task);
}

void
ca_authenticator_apply_async (CaAuthenticator     *self,
                              CaAction            *action,
                              const CaRequest     *request,
                              gint64               stale_before,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;
  Apply *apply;

  g_return_if_fail (CA_IS_AUTHENTICATOR (self));
  g_return_if_fail (CA_IS_ACTION (action));
  g_return_if_fail (request != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_authenticator_apply_async);
  apply = apply_new (action, request);
  apply->stale_before = stale_before;
  g_task_set_task_data (task, apply, (GDestroyNotify) apply_free);

  lookup_next_secret (task);
}

static void
note_secret (const char    *key,
             CaCredential **credential,
             gpointer       user_data)
{
  gboolean *any_secret = user_data;

  if (*credential != NULL && ca_credential_is_secret (*credential))
    *any_secret = TRUE;
}

/* Whether applying @auth waits for something: a secret to look up or a
 * token endpoint. Decided before anything is copied, as most sends with
 * authentication wait. */
static gboolean
auth_waits (CaAuth *auth)
{
  gboolean any_secret = FALSE;

  if (auth->type == CA_AUTH_TYPE_CUSTOM)
    return TRUE;
  ca_auth_foreach_credential (auth, note_secret, &any_secret);
  return any_secret;
}

gboolean
ca_authenticator_apply_now (CaAction         *action,
                            const CaRequest  *request,
                            CaRequest       **applied,
                            GError          **error)
{
  Apply *apply;

  g_return_val_if_fail (CA_IS_ACTION (action), FALSE);
  g_return_val_if_fail (request != NULL, FALSE);
  g_return_val_if_fail (applied != NULL, FALSE);

  *applied = NULL;
  if (auth_waits (ca_action_get_auth (action)))
    return FALSE;

  apply = apply_new (action, request);
  if (check_secrets (apply, error))
    {
      place_credentials (apply->request, apply->auth, apply->secrets);
      *applied = g_steal_pointer (&apply->request);
    }

  apply_free (apply);
  return TRUE;
}

CaRequest *
ca_authenticator_apply_finish (CaAuthenticator  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (CA_IS_AUTHENTICATOR (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

CaRequest *
ca_authenticator_apply_offline (CaAction         *action,
                                const CaRequest  *request,
                                gboolean          reveal,
                                GError          **error)
{
  Apply *apply;
  CaRequest *applied;

  g_return_val_if_fail (CA_IS_ACTION (action), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  apply = apply_new (action, request);
  for (guint i = 0; i < apply->keys->len; i++)
    {
      const char *key = g_ptr_array_index (apply->keys, i);
      char *value = reveal ? ca_secrets_lookup_sync (g_ptr_array_index (apply->ids, i), NULL, error)
                           : g_strdup (CA_MASK);

      if (value == NULL)
        {
          apply_free (apply);
          return NULL;
        }
      g_hash_table_insert (apply->secrets, g_strdup (key), value);
    }

  /* A token would need the network: it stays a placeholder. */
  if (apply->auth->type == CA_AUTH_TYPE_CUSTOM)
    place_token (apply->request, apply->auth, CA_MASK);
  else
    place_credentials (apply->request, apply->auth, apply->secrets);

  applied = g_steal_pointer (&apply->request);
  apply_free (apply);
  return applied;
}

/* Checking a token endpoint (the configuration dialog's "Check
 * Authentication"): one fetch now, whatever the cache holds, and an error
 * that says what went wrong in words the user can act on. */

/* At most this many characters of an answer go into a message. */
#define EXCERPT_CHARS 160
/* An answer is looked at up to this size for credentials to hide. */
#define EXCERPT_SCAN_BYTES (64 * 1024)
/* At most this many member names are listed. */
#define MAX_MEMBERS_LISTED 8

typedef struct {
  GTask        *task;
  /* Ours: the caller's cancellable and the timeout cancel it. */
  GCancellable *cancellable;
  gulong        handler;
  guint         timeout;
  guint         seconds;
  gboolean      timed_out;
} Check;

static void
check_free (Check *check)
{
  GCancellable *caller = g_task_get_cancellable (check->task);

  if (check->handler != 0)
    g_cancellable_disconnect (caller, check->handler);
  g_clear_handle_id (&check->timeout, g_source_remove);
  g_object_unref (check->cancellable);
  g_object_unref (check->task);
  g_free (check);
}

static gboolean
check_timed_out (gpointer data)
{
  Check *check = data;

  check->timeout = 0;
  check->timed_out = TRUE;
  g_cancellable_cancel (check->cancellable);
  return G_SOURCE_REMOVE;
}

static void
check_caller_cancelled (GCancellable *caller,
                        gpointer      data)
{
  g_cancellable_cancel (G_CANCELLABLE (data));
}

/* The start of @body on one line, with every credential value of the
 * request masked (an endpoint may echo what it was sent), or NULL when
 * the answer is empty. */
static char *
answer_excerpt (GBytes     *body,
                GHashTable *secrets)
{
  gsize len;
  const char *data = g_bytes_get_data (body, &len);
  g_autofree char *valid = NULL;
  GString *text;
  GString *line;
  GHashTableIter iter;
  gpointer value;
  gboolean space = FALSE;
  const char *end;
  glong n_chars;

  valid = g_utf8_make_valid (data != NULL ? data : "", MIN (len, EXCERPT_SCAN_BYTES));
  text = g_string_new (valid);
  explicit_bzero (valid, strlen (valid));

  g_hash_table_iter_init (&iter, secrets);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      if (value != NULL && *(const char *) value != '\0')
        g_string_replace (text, value, CA_MASK, 0);
    }

  /* Runs of white space and control characters become one space. */
  line = g_string_new (NULL);
  for (const char *p = text->str; *p; p++)
    {
      if (g_ascii_isspace (*p) || (guchar) *p < 0x20 || *p == 0x7f)
        {
          space = line->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (line, ' ');
      space = FALSE;
      g_string_append_c (line, *p);
    }
  explicit_bzero (text->str, text->len);
  g_string_free (text, TRUE);

  if (line->len == 0)
    {
      g_string_free (line, TRUE);
      return NULL;
    }

  n_chars = g_utf8_strlen (line->str, -1);
  if (n_chars > EXCERPT_CHARS || len > EXCERPT_SCAN_BYTES)
    {
      end = g_utf8_offset_to_pointer (line->str, MIN (n_chars, EXCERPT_CHARS));
      g_string_truncate (line, end - line->str);
      g_string_append (line, "…");
    }

  return g_string_free (line, FALSE);
}

/* "json://a, json://b, …": the members of @object, named as paths under
 * @parent ("" for the root). */
static char *
member_paths (const CaJson *object,
              const char   *parent)
{
  GString *list = g_string_new (NULL);

  for (guint i = 0; i < object->n_children && i < MAX_MEMBERS_LISTED; i++)
    {
      if (i > 0)
        g_string_append (list, ", ");
      g_string_append_printf (list, "json://%s%s%s", parent, parent[0] != '\0' ? "." : "",
                              object->children[i].key);
    }
  if (object->n_children > MAX_MEMBERS_LISTED)
    g_string_append (list, ", …");

  return g_string_free (list, FALSE);
}

static const char *
json_kind_words (const CaJson *value)
{
  switch (value->kind)
    {
    case CA_JSON_NULL:
      return _("null");
    case CA_JSON_BOOLEAN:
      return _("a boolean");
    case CA_JSON_INTEGER:
    case CA_JSON_DECIMAL:
      return _("a number");
    case CA_JSON_STRING:
      return value->string[0] == '\0' ? _("an empty string") : _("a string");
    case CA_JSON_ARRAY:
      return _("an array");
    case CA_JSON_OBJECT:
    default:
      return _("an object");
    }
}

/* Why a successful answer has no token: what is at the path instead, or
 * which members the answer does have there. Names, never values. */
static GError *
explain_no_token (CaAuth *auth,
                  GBytes *body)
{
  const char *where = auth->token_in_response;
  gsize len;
  const char *data = g_bytes_get_data (body, &len);
  g_autoptr(CaJsonDocument) document = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *members = NULL;
  const CaJson *root;
  const CaJson *found;
  const CaJson *container = NULL;

  if (g_strcmp0 (where, "response") == 0)
    return g_error_new (CA_AUTHENTICATOR_ERROR, CA_AUTHENTICATOR_ERROR_TOKEN,
                        _("The token endpoint answered with an empty body, so there is no token; "
                          "check its URL and parameters"));

  document = ca_json_document_parse (data != NULL ? data : "", len, NULL);
  if (document == NULL)
    return g_error_new (CA_AUTHENTICATOR_ERROR, CA_AUTHENTICATOR_ERROR_TOKEN,
                        /* Translators: %s is a path such as json://access_token;
                         * "response" is a keyword, not to be translated. */
                        _("The token endpoint's answer is not JSON, so there is no token at %s; "
                          "set \"Token in Response\" to response if the whole answer is the token"),
                        where);

  root = ca_json_document_get_root (document);
  found = ca_json_lookup_path (root, where + strlen ("json://"));
  if (found != NULL)
    return g_error_new (CA_AUTHENTICATOR_ERROR, CA_AUTHENTICATOR_ERROR_TOKEN,
                        /* Translators: the first %s is a path such as
                         * json://access_token, the second what is there:
                         * "a number", "an empty string"… */
                        _("At %s the token endpoint's answer has %s, not a token; "
                          "correct \"Token in Response\""),
                        where, json_kind_words (found));

  /* The deepest object on the way to the path, to say what it holds. */
  parent = g_strdup (where + strlen ("json://"));
  for (char *dot = strrchr (parent, '.'); dot != NULL; dot = strrchr (parent, '.'))
    {
      *dot = '\0';
      if ((container = ca_json_lookup_path (root, parent)) != NULL)
        break;
    }
  if (container == NULL)
    {
      container = root;
      parent[0] = '\0';
    }

  if (container->kind != CA_JSON_OBJECT || container->n_children == 0)
    return g_error_new (CA_AUTHENTICATOR_ERROR, CA_AUTHENTICATOR_ERROR_TOKEN,
                        _("The token endpoint's answer has nothing at %s; correct \"Token in Response\""),
                        where);

  members = member_paths (container, parent);
  return g_error_new (CA_AUTHENTICATOR_ERROR, CA_AUTHENTICATOR_ERROR_TOKEN,
                      /* Translators: the first %s is a path such as
                       * json://token, the second a list of such paths. */
                      _("The token endpoint's answer has nothing at %s; it has %s; "
                        "correct \"Token in Response\""),
                      where, members);
}

static void
check_store_token (CaAuthenticator *self,
                   CaAuth          *auth,
                   const char      *token,
                   gint64           lifetime)
{
  g_autofree char *key = token_key (auth);
  TokenEntry *entry = g_hash_table_lookup (self->tokens, key);

  if (entry == NULL)
    {
      entry = g_new0 (TokenEntry, 1);
      g_hash_table_insert (self->tokens, g_steal_pointer (&key), entry);
    }

  /* A fetch of a send that is under way still ends as it would have, and
   * its token, being newer, then replaces this one. */
  ca_secrets_value_free (entry->token);
  entry->token = g_strdup (token);
  entry->fetched = g_get_monotonic_time ();
  entry->expires = entry->fetched + lifetime * G_USEC_PER_SEC;
}

static void
check_fetched (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Check *check = user_data;
  GTask *task = check->task;
  CaAuthenticator *self = g_task_get_source_object (task);
  Apply *apply = g_task_get_task_data (task);
  CaAuth *auth = apply->auth;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *excerpt = NULL;
  char *token = NULL;
  gint64 lifetime = 0;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  status = message != NULL ? soup_message_get_status (message) : 0;

  if (g_task_return_error_if_cancelled (task))
    {
      /* The caller left. */
    }
  else if (body == NULL && check->timed_out)
    {
      g_task_return_new_error (task, CA_AUTHENTICATOR_ERROR, CA_AUTHENTICATOR_ERROR_TOKEN,
                               dngettext (GETTEXT_PACKAGE,
                                          "The token endpoint %s did not answer within %u second; "
                                          "check that it is up, or raise the action's timeout",
                                          "The token endpoint %s did not answer within %u seconds; "
                                          "check that it is up, or raise the action's timeout",
                                          check->seconds),
                               auth->endpoint, check->seconds);
    }
  else if (body == NULL)
    {
      g_task_return_new_error (task, CA_AUTHENTICATOR_ERROR, CA_AUTHENTICATOR_ERROR_TOKEN,
                               /* Translators: the second %s is the network's reason,
                                * e.g. "Connection refused". */
                               _("The token endpoint %s could not be reached: %s; check its address and the network"),
                               auth->endpoint, error->message);
    }
  else if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      excerpt = answer_excerpt (body, apply->secrets);
      if (excerpt != NULL)
        g_task_return_new_error (task, CA_AUTHENTICATOR_ERROR, CA_AUTHENTICATOR_ERROR_TOKEN,
                                 /* Translators: "The token endpoint URL answered HTTP 401
                                  * Unauthorized: {"error": "invalid_client"}; check …" */
                                 _("The token endpoint %s answered HTTP %u %s: %s; check its URL and "
                                   "the credentials in its headers and body"),
                                 auth->endpoint, status, soup_message_get_reason_phrase (message), excerpt);
      else
        g_task_return_new_error (task, CA_AUTHENTICATOR_ERROR, CA_AUTHENTICATOR_ERROR_TOKEN,
                                 _("The token endpoint %s answered HTTP %u %s with an empty body; check "
                                   "its URL and the credentials in its headers and body"),
                                 auth->endpoint, status, soup_message_get_reason_phrase (message));
    }
  else if ((token = read_token (auth, body, &lifetime, NULL)) == NULL)
    {
      g_task_return_error (task, explain_no_token (auth, body));
    }
  else if (!check_value (token, _("the token from the token endpoint"), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else
    {
      check_store_token (self, auth, token, lifetime);
      g_task_return_int (task, lifetime);
    }

  ca_secrets_value_free (token);
  check_free (check);
}

/* Takes nothing: @task stays the caller's. */
static void
check_fetch (GTask *task)
{
  CaAuthenticator *self = g_task_get_source_object (task);
  Apply *apply = g_task_get_task_data (task);
  GCancellable *caller = g_task_get_cancellable (task);
  g_autoptr(SoupMessage) message = NULL;
  GError *error = NULL;
  Check *check;

  if ((message = token_message (apply->auth, apply->secrets, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  self->n_token_fetches++;
  check = g_new0 (Check, 1);
  check->task = g_object_ref (task);
  check->seconds = ca_action_get_timeout_seconds (apply->action);
  check->cancellable = g_cancellable_new ();
  if (caller != NULL)
    check->handler = g_cancellable_connect (caller, G_CALLBACK (check_caller_cancelled),
                                            check->cancellable, NULL);
  check->timeout = g_timeout_add_seconds (MAX (check->seconds, 1), check_timed_out, check);
  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT, check->cancellable,
                                    check_fetched, check);
}

/* What makes a fetch impossible, said before trying. */

typedef struct {
  GError **error;
} CredentialsCheck;

static void
check_credential_present (const char    *key,
                          CaCredential **credential,
                          gpointer       user_data)
{
  CredentialsCheck *cc = user_data;
  /* Only a token endpoint's parameters get here: "headers.NAME" and
   * "body.bodyParams.NAME". */
  gboolean is_header = g_str_has_prefix (key, "headers.");
  const char *name = is_header ? key + strlen ("headers.")
                     : g_str_has_prefix (key, "body.bodyParams.") ? key + strlen ("body.bodyParams.")
                     : key;

  if (*cc->error != NULL)
    return;

  if (*credential == NULL)
    g_set_error (cc->error, CA_AUTHENTICATOR_ERROR, CA_AUTHENTICATOR_ERROR_TOKEN,
                 is_header
                 ? _("The token request's header \"%s\" has no value; enter one")
                 : _("The token request's body parameter \"%s\" has no value; enter one"),
                 name);
  else if (ca_credential_is_secret (*credential) && !ca_secret_id_is_valid ((*credential)->secret_id))
    g_set_error (cc->error, CA_AUTHENTICATOR_ERROR, CA_AUTHENTICATOR_ERROR_TOKEN,
                 is_header
                 ? _("The token request's header \"%s\" refers to \"%s\", which is not a secret ID; "
                     "enter its value again")
                 : _("The token request's body parameter \"%s\" refers to \"%s\", which is not a "
                     "secret ID; enter its value again"),
                 name, (*credential)->secret_id);
}

static gboolean
check_can_fetch (CaAuth  *auth,
                 GError **error)
{
  GError *local_error = NULL;
  CredentialsCheck cc = { &local_error };

  switch (auth->type)
    {
    case CA_AUTH_TYPE_CUSTOM:
      break;
    case CA_AUTH_TYPE_NONE:
      g_set_error (error, CA_AUTHENTICATOR_ERROR, CA_AUTHENTICATOR_ERROR_NO_TOKEN_ENDPOINT,
                   _("The action does not authenticate, so there is no token endpoint to check"));
      return FALSE;
    case CA_AUTH_TYPE_BASIC:
    case CA_AUTH_TYPE_API_KEY:
    case CA_AUTH_TYPE_BEARER:
    default:
      g_set_error (error, CA_AUTHENTICATOR_ERROR, CA_AUTHENTICATOR_ERROR_NO_TOKEN_ENDPOINT,
                   _("This authentication sends its credentials as they are: there is no token "
                     "endpoint to check (only Token Endpoint authentication has one)"));
      return FALSE;
    }

  if (auth->endpoint == NULL || auth->endpoint[0] == '\0')
    {
      g_set_error (error, CA_AUTHENTICATOR_ERROR, CA_AUTHENTICATOR_ERROR_TOKEN,
                   _("No token endpoint is set; enter its address under \"Endpoint URL\""));
      return FALSE;
    }

  if (g_strcmp0 (auth->token_in_response, "response") != 0 &&
      (auth->token_in_response == NULL || !g_str_has_prefix (auth->token_in_response, "json://") ||
       auth->token_in_response[strlen ("json://")] == '\0'))
    {
      g_set_error (error, CA_AUTHENTICATOR_ERROR, CA_AUTHENTICATOR_ERROR_TOKEN,
                   /* Translators: "response" is a keyword, not to be translated. */
                   _("Say where the token is under \"Token in Response\": response for the whole "
                     "answer, or a path such as json://access_token"));
      return FALSE;
    }

  if (auth->expiry_in_response != NULL &&
      (!g_str_has_prefix (auth->expiry_in_response, "json://") ||
       auth->expiry_in_response[strlen ("json://")] == '\0'))
    {
      g_set_error (error, CA_AUTHENTICATOR_ERROR, CA_AUTHENTICATOR_ERROR_TOKEN,
                   _("\"Expiry in Response\" is not a path; write it like json://expires_in"));
      return FALSE;
    }

  ca_auth_foreach_credential (auth, check_credential_present, &cc);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

void
ca_authenticator_check_async (CaAuthenticator     *self,
                              CaAction            *action,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;
  GError *error = NULL;

  g_return_if_fail (CA_IS_AUTHENTICATOR (self));
  g_return_if_fail (CA_IS_ACTION (action));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_authenticator_check_async);

  if (!check_can_fetch (ca_action_get_auth (action), &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  /* The secrets as a send looks them up; then check_fetch(). */
  g_task_set_task_data (task, apply_new (action, NULL), (GDestroyNotify) apply_free);
  lookup_next_secret (task);
}

gboolean
ca_authenticator_check_finish (CaAuthenticator  *self,
                               GAsyncResult     *result,
                               gint64           *expires_in_s,
                               GError          **error)
{
  gssize lifetime;

  g_return_val_if_fail (CA_IS_AUTHENTICATOR (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ca_authenticator_check_async, FALSE);

  lifetime = g_task_propagate_int (G_TASK (result), error);
  if (lifetime < 0)
    return FALSE;

  if (expires_in_s != NULL)
    *expires_in_s = lifetime;
  return TRUE;
}
