/* ca-action-validate.c: the rules of the action file format
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ca-action-private.h"
#include "ca-enums.h"
#include "ca-json.h"
#include "ca-problem.h"
#include "ca-request.h"

/* Every rule one action can break, in one place: the file reader, the
 * command line and the configuration dialog all call ca_action_validate(),
 * so a rule and its message are written once. */

typedef struct {
  GPtrArray  *problems;
  const char *prefix;
} Check;

static void check_error (Check      *c,
                         const char *path,
                         const char *format,
                         ...) G_GNUC_PRINTF (3, 4);

static void
check_add (Check             *c,
           CaProblemSeverity  severity,
           const char        *path,
           const char        *format,
           va_list            args)
{
  g_autofree char *full = ca_path_child (c->prefix, path);
  g_autofree char *message = g_strdup_vprintf (format, args);

  ca_problems_add (c->problems, severity, full, "%s", message);
}

static void
check_error (Check      *c,
             const char *path,
             const char *format,
             ...)
{
  va_list args;

  va_start (args, format);
  check_add (c, CA_PROBLEM_ERROR, path, format, args);
  va_end (args);
}

static void G_GNUC_PRINTF (3, 4)
check_warning (Check      *c,
               const char *path,
               const char *format,
               ...)
{
  va_list args;

  va_start (args, format);
  check_add (c, CA_PROBLEM_WARNING, path, format, args);
  va_end (args);
}

/* An error on @key of the @index-th item of @list ("headers[2].name"):
 * the path is only made when there is something to report. */
static void G_GNUC_PRINTF (5, 6)
item_error (Check      *c,
            const char *list,
            guint       index,
            const char *key,
            const char *format,
            ...)
{
  g_autofree char *path = g_strdup_printf ("%s[%u].%s", list, index, key);
  va_list args;

  va_start (args, format);
  check_add (c, CA_PROBLEM_ERROR, path, format, args);
  va_end (args);
}

/* What is wrong with a header or query parameter name, if anything. */
typedef enum {
  NAME_OK,
  NAME_EMPTY,
  NAME_RESERVED,    /* starts with '.' or '$' */
  NAME_NOT_TOKEN,
} NameFault;

static NameFault
name_fault (const char *name)
{
  if (name == NULL || name[0] == '\0')
    return NAME_EMPTY;
  if (name[0] == '.' || name[0] == '$')
    return NAME_RESERVED;
  if (!ca_is_http_token (name))
    return NAME_NOT_TOKEN;
  return NAME_OK;
}

/* A header or query parameter name that authentication sends: @missing
 * says what to enter when there is none. */
static void
check_auth_name (Check      *c,
                 const char *path,
                 const char *name,
                 const char *missing)
{
  switch (name_fault (name))
    {
    case NAME_EMPTY:
      check_error (c, path, "%s", missing);
      break;
    case NAME_RESERVED:
      check_error (c, path, _("\"%s\" starts with '%c', which is reserved; rename it"), name, name[0]);
      break;
    case NAME_NOT_TOKEN:
      check_error (c, path,
                   /* Translators: the second %s says what to enter, e.g. "name
                    * the header that carries the key, e.g. X-Api-Key". */
                   _("\"%s\" is not a valid name (letters, digits and "
                     "!#$%%&'*+-.^_`|~, no spaces): %s"), name, missing);
      break;
    case NAME_OK:
    default:
      break;
    }
}

static void
check_name (Check      *c,
            const char *name)
{
  gsize len = name != NULL ? strlen (name) : 0;

  if (len == 0)
    {
      check_error (c, "name", _("empty; give the action a name of letters, digits and _"));
      return;
    }

  for (const char *p = name; *p; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '_')
        {
          check_error (c, "name", _("\"%s\" has a character that is not allowed; "
                                    "use only letters, digits and _"), name);
          return;
        }
    }

  if (len > CA_ACTION_NAME_MAX)
    check_error (c, "name", _("\"%s\" is %zu characters long; shorten it to %d at most"),
                 name, len, CA_ACTION_NAME_MAX);
}

static gboolean
is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* A DNS name (letters, digits, '-' in dot-separated labels) or an IP
 * address. */
static gboolean
is_host (const char *host)
{
  gsize label = 0;

  if (g_hostname_is_ip_address (host))
    return TRUE;

  for (const char *p = host; ; p++)
    {
      if (*p == '.' || *p == '\0')
        {
          if (label == 0 || label > 63)
            return FALSE;
          if (*p == '\0')
            return TRUE;
          label = 0;
        }
      else if (g_ascii_isalnum (*p) || *p == '-' || *p == '_')
        {
          label++;
        }
      else
        {
          return FALSE;
        }
    }
}

/* An http or https URL with a host; plain http is allowed with a warning,
 * except to this machine, where tests live. */
static void
check_url (Check      *c,
           const char *path,
           const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  if (url == NULL || url[0] == '\0')
    {
      check_error (c, path, _("empty; enter the address to call, e.g. https://api.example.com/v1/messages"));
      return;
    }

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    {
      check_error (c, path, _("\"%s\" is not a URL; write it like https://api.example.com/v1/messages"), url);
      return;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    {
      check_error (c, path, _("\"%s\" is not an http or https address; start it with https://"), url);
      return;
    }

  if (host == NULL || host[0] == '\0')
    {
      check_error (c, path, _("\"%s\" names no host; write it like https://api.example.com/v1/messages"), url);
      return;
    }

  if (!is_host (host))
    {
      check_error (c, path, _("\"%s\" is not a host name; use letters, digits, '-' and '.', "
                              "or an IP address"), host);
      return;
    }

  if (g_uri_get_userinfo (uri) != NULL)
    check_error (c, path, _("credentials do not belong in the URL; remove them and set up authentication"));

  if (g_ascii_strcasecmp (scheme, "http") == 0 && !is_loopback (host))
    check_warning (c, path, _("plain http is not encrypted: anyone on the way can read the "
                              "request; use https:// unless this is a test endpoint"));
}

/* Whether an earlier item of @params has the name of the @index-th;
 * header names are case-insensitive, query names are not. Lists are short,
 * so a scan beats a hash table. */
static gboolean
name_repeats (GPtrArray *params,
              guint      index,
              gboolean   is_header)
{
  const char *name = ca_field_get_name (g_ptr_array_index (params, index));

  for (guint i = 0; i < index; i++)
    {
      const char *other = ca_field_get_name (g_ptr_array_index (params, i));

      if (other != NULL &&
          (is_header ? g_ascii_strcasecmp (name, other) == 0 : strcmp (name, other) == 0))
        return TRUE;
    }

  return FALSE;
}

/* Headers (@is_header) and query parameters. */
static void
check_params (Check      *c,
              const char *list,
              GPtrArray  *params,
              gboolean    is_header)
{
  for (guint i = 0; i < params->len; i++)
    {
      CaField *field = g_ptr_array_index (params, i);
      const char *name = ca_field_get_name (field);
      JsonNode *value = ca_field_get_value (field);

      switch (name_fault (name))
        {
        case NAME_EMPTY:
          item_error (c, list, i, "name", _("empty; give it a name"));
          continue;
        case NAME_RESERVED:
          item_error (c, list, i, "name", _("\"%s\" starts with '%c', which is reserved; rename it"),
                      name, name[0]);
          break;
        case NAME_NOT_TOKEN:
          item_error (c, list, i, "name", _("\"%s\" is not a valid name; use letters, digits and "
                                            "!#$%%&'*+-.^_`|~ without spaces"), name);
          break;
        case NAME_OK:
        default:
          break;
        }

      if (is_header && g_ascii_strcasecmp (name, "Content-Type") == 0)
        item_error (c, list, i, "name", _("Content-Type is always application/json and cannot be "
                                          "changed; remove this header"));

      if (name_repeats (params, i, is_header))
        item_error (c, list, i, "name", _("\"%s\" appears twice; remove one of them"), name);

      if (ca_field_get_kind (field) == CA_FIELD_KIND_CONSTANT)
        {
          const char *text = value != NULL ? json_node_get_string (value) : NULL;

          if (text == NULL)
            item_error (c, list, i, "value", _("a constant needs a value; enter one or make it a variable"));
          else if (is_header && strpbrk (text, "\r\n") != NULL)
            item_error (c, list, i, "value", _("a header value cannot contain line breaks; remove them"));
        }
      else if (ca_field_type_is_list (ca_field_get_field_type (field)))
        {
          item_error (c, list, i, "type", "%s",
                      is_header
                      ? _("a header holds one value, not a list; use string, integer, "
                          "decimal, boolean, dateTime, dateTimeOnly or dateOnly")
                      : _("a query parameter holds one value, not a list; use string, "
                          "integer, decimal, boolean, dateTime, dateTimeOnly or dateOnly"));
        }
    }
}

static void
check_credential (Check              *c,
                  const char         *path,
                  const CaCredential *credential)
{
  if (credential == NULL)
    {
      check_error (c, path, _("missing; enter the credential (it is kept in the keyring)"));
      return;
    }

  if (ca_credential_is_secret (credential) && !ca_secret_id_is_valid (credential->secret_id))
    {
      g_autofree char *child = ca_path_child (path, "secret");

      check_error (c, child, _("\"%s\" is not a secret ID; use 1 to 64 letters, digits, '-', '_' or '.'"),
                   credential->secret_id);
    }
}

typedef struct {
  Check      *c;
  const char *path;
} CredentialCheck;

static void
check_each_credential (const char    *key,
                       CaCredential **credential,
                       gpointer       user_data)
{
  CredentialCheck *cc = user_data;
  g_autofree char *path = ca_path_child (cc->path, key);

  check_credential (cc->c, path, *credential);
}

/* "json://a.b" */
static gboolean
is_json_pointer (const char *text)
{
  return text != NULL && g_str_has_prefix (text, "json://") && text[strlen ("json://")] != '\0';
}

/* The headers or body parameters of a token request: each named, once
 * (the file keeps them as the keys of an object). */
static void
check_auth_params (Check      *c,
                   const char *list,
                   GPtrArray  *params,
                   gboolean    headers)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < params->len; i++)
    {
      const CaAuthParam *param = g_ptr_array_index (params, i);
      gboolean named = param->name != NULL && param->name[0] != '\0';
      /* An unnamed one is found by its place. */
      g_autofree char *path = named ? ca_path_child (list, param->name) : ca_path_index (list, i);

      if (headers)
        check_auth_name (c, path, param->name, _("use a header name such as X-Client-Id"));
      else if (!named)
        check_error (c, path, _("empty; name the parameter, e.g. client_id"));

      if (!named)
        continue;
      if (!g_hash_table_add (seen, param->name))
        check_error (c, path, _("\"%s\" is given twice; keep one of them"), param->name);
    }
}

static void
check_custom_auth (Check  *c,
                   CaAuth *auth)
{
  check_url (c, "auth.endpoint", auth->endpoint);

  check_auth_params (c, "auth.headers", auth->headers, TRUE);
  if (auth->has_body)
    check_auth_params (c, "auth.body.bodyParams", auth->body_params, FALSE);

  if (auth->has_body && auth->token_method == CA_TOKEN_METHOD_GET)
    check_error (c, "auth.body", _("a GET request has no body; remove the body or use POST"));

  if (g_strcmp0 (auth->token_in_response, "response") != 0 &&
      !is_json_pointer (auth->token_in_response))
    check_error (c, "auth.tokenInResponse",
                 _("say where the token is: \"response\" for the whole answer, or "
                   "\"json://path.to.token\""));

  if (auth->expiry_in_response != NULL && !is_json_pointer (auth->expiry_in_response))
    check_error (c, "auth.expiryInResponse",
                 _("\"%s\" is not a JSON path; write it like \"json://expires_in\""),
                 auth->expiry_in_response);

  if (auth->expiry_in_response != NULL && auth->cache_duration > 0)
    check_error (c, "auth.expiryInResponse",
                 _("use either cacheDuration or expiryInResponse, not both"));

  if (auth->placement == CA_TOKEN_PLACEMENT_BEARER)
    {
      if (auth->token_target != NULL)
        check_error (c, "auth.tokenTarget",
                     _("only used when authorizationType is header or queryParam; remove it"));
    }
  else
    {
      check_auth_name (c, "auth.tokenTarget", auth->token_target,
                       auth->placement == CA_TOKEN_PLACEMENT_HEADER
                       ? _("name the header that carries the token, e.g. X-Access-Token")
                       : _("name the query parameter that carries the token, e.g. access_token"));
    }
}

static void
check_auth (Check  *c,
            CaAuth *auth)
{
  CredentialCheck cc = { c, "auth" };

  switch (auth->type)
    {
    case CA_AUTH_TYPE_NONE:
      break;
    case CA_AUTH_TYPE_BASIC:
      if (auth->username == NULL || auth->username[0] == '\0')
        check_error (c, "auth.username", _("empty; enter the user name"));
      else if (strchr (auth->username, ':') != NULL)
        check_error (c, "auth.username", _("a user name for basic authentication cannot contain ':'"));
      break;
    case CA_AUTH_TYPE_API_KEY:
      check_auth_name (c, "auth.name", auth->key_name,
                       auth->key_location == CA_KEY_LOCATION_HEADER
                       ? _("name the header that carries the key, e.g. X-Api-Key")
                       : _("name the query parameter that carries the key, e.g. api_key"));
      break;
    case CA_AUTH_TYPE_BEARER:
      break;
    case CA_AUTH_TYPE_CUSTOM:
      check_custom_auth (c, auth);
      break;
    default:
      g_assert_not_reached ();
    }

  ca_auth_foreach_credential (auth, check_each_credential, &cc);
}

/* Where check_sample_keys() is: a chain up to the sample, turned into
 * text only when there is something to report. */
typedef struct _Place Place;
struct _Place {
  const Place *parent;
  const char  *key;   /* NULL for an array element */
  guint        index;
};

static void
append_place (GString     *text,
              const Place *place)
{
  if (place->parent != NULL)
    append_place (text, place->parent);

  if (place->key == NULL)
    g_string_append_printf (text, "[%u]", place->index);
  else if (place->parent == NULL)
    g_string_append (text, place->key);
  else
    g_string_append_printf (text, ".%s", place->key);
}

/* Sample keys become field paths: no '.' inside, no '$' in front. */
static void
check_sample_keys (Check        *c,
                   const CaJson *node,
                   const Place  *place)
{
  gboolean is_object = node->kind == CA_JSON_OBJECT;

  if (!is_object && node->kind != CA_JSON_ARRAY)
    return;

  for (guint i = 0; i < node->n_children; i++)
    {
      const CaJson *child = &node->children[i];
      Place here = { place, is_object ? child->key : NULL, i };

      if (is_object && (strchr (child->key, '.') != NULL || child->key[0] == '$' ||
                        child->key[0] == '\0'))
        {
          g_autoptr(GString) path = g_string_new (NULL);

          append_place (path, &here);
          check_error (c, path->str, _("\"%s\" cannot be a field name: names never contain "
                                       "'.', never start with '$' and are not empty; rename it"),
                       child->key);
        }
      check_sample_keys (c, child, &here);
    }
}

static void
check_payload_field (Check        *c,
                     const CaJson *sample,
                     CaField      *field,
                     guint         index)
{
  const char *list = "request.fields";
  const char *field_path = ca_field_get_name (field);
  CaFieldType type = ca_field_get_field_type (field);
  JsonNode *value = ca_field_get_value (field);
  const CaJson *leaf;

  if (field_path == NULL || field_path[0] == '\0')
    {
      item_error (c, list, index, "path", _("empty; give the path of a value in the sample, e.g. message.title"));
      return;
    }

  leaf = ca_json_lookup_path (sample, field_path);
  if (leaf == NULL)
    {
      item_error (c, list, index, "path", _("\"%s\" is not in the sample; add it to the sample or correct the path"),
                  field_path);
      return;
    }

  if (leaf->kind == CA_JSON_OBJECT)
    item_error (c, list, index, "path", _("\"%s\" is an object in the sample; describe its fields one by one"),
                field_path);
  else if (leaf->kind == CA_JSON_ARRAY && !ca_field_type_is_list (type))
    item_error (c, list, index, "type", _("\"%s\" is a list in the sample, so its type must be a list type "
                                          "such as listString; or describe its elements by index"),
                field_path);
  else if (leaf->kind != CA_JSON_ARRAY && ca_field_type_is_list (type))
    item_error (c, list, index, "type", _("\"%s\" is a single value in the sample, not a list; use a type "
                                          "without \"list\""), field_path);

  if (ca_field_get_kind (field) == CA_FIELD_KIND_CONSTANT && value != NULL &&
      !ca_field_type_accepts (type, value))
    item_error (c, list, index, "value", _("this value is not of type %s; change the value or the type"),
                ca_enum_to_nick (CA_TYPE_FIELD_TYPE, type));
}

static gboolean
path_repeats (GPtrArray *fields,
              guint      index)
{
  const char *name = ca_field_get_name (g_ptr_array_index (fields, index));

  for (guint i = 0; i < index; i++)
    {
      if (g_strcmp0 (name, ca_field_get_name (g_ptr_array_index (fields, i))) == 0)
        return TRUE;
    }

  return FALSE;
}

/* @sample: the request sample, already read, or NULL to read it here. */
static void
check_request (Check        *c,
               CaAction     *action,
               const CaJson *sample)
{
  const char *text = ca_action_get_request_sample_text (action);
  GPtrArray *fields = ca_action_peek_request_fields (action);
  g_autoptr(CaJsonDocument) document = NULL;
  g_autoptr(GString) path = NULL;

  if (text == NULL)
    {
      if (fields->len > 0)
        check_error (c, "request.sample", _("fields need a sample payload to describe; add one"));
      return;
    }

  if (ca_action_get_method (action) == CA_METHOD_GET)
    {
      check_error (c, "request", _("a GET request has no body; remove the payload or use POST or PUT"));
      return;
    }

  if (sample == NULL)
    {
      document = ca_json_document_parse (text, strlen (text), NULL);
      g_return_if_fail (document != NULL);
      sample = ca_json_document_get_root (document);
    }

  if (sample->kind != CA_JSON_OBJECT)
    {
      check_error (c, "request.sample", _("the payload must be a JSON object, like {\"to\": \"…\"}"));
      return;
    }

  check_sample_keys (c, sample, &(Place) { NULL, "request.sample", 0 });

  for (guint i = 0; i < fields->len; i++)
    {
      if (path_repeats (fields, i))
        item_error (c, "request.fields", i, "path", _("\"%s\" is described twice; remove one of them"),
                    ca_field_get_name (g_ptr_array_index (fields, i)));
      else
        check_payload_field (c, sample, g_ptr_array_index (fields, i), i);
    }
}

static void
check_limits (Check    *c,
              CaAction *action)
{
  guint max_calls, period_ms;

  ca_action_get_capping (action, &max_calls, &period_ms);
  if (max_calls > 0 && period_ms == 0)
    check_error (c, "capping.periodMs", _("must be at least 1 millisecond, e.g. 60000 for a minute"));
}

void
ca_action_validate_with_sample (CaAction     *self,
                                const char   *prefix,
                                const CaJson *request_sample,
                                GPtrArray    *problems)
{
  Check c = { problems, prefix };
  guint timeout = ca_action_get_timeout_seconds (self);
  guint retries = ca_action_get_retries (self);

  check_name (&c, ca_action_get_name (self));
  check_url (&c, "url", ca_action_get_url (self));

  if (timeout < CA_ACTION_TIMEOUT_MIN || timeout > CA_ACTION_TIMEOUT_MAX)
    check_error (&c, "timeoutSeconds", _("%u is out of range; use %d to %d seconds"),
                 timeout, CA_ACTION_TIMEOUT_MIN, CA_ACTION_TIMEOUT_MAX);
  if (retries > CA_ACTION_RETRIES_MAX)
    check_error (&c, "retries", _("%u is out of range; use 0 to %d"), retries, CA_ACTION_RETRIES_MAX);

  check_params (&c, "headers", ca_action_peek_headers (self), TRUE);
  check_params (&c, "query", ca_action_peek_query (self), FALSE);
  check_auth (&c, ca_action_peek_auth (self));
  check_request (&c, self, request_sample);
  check_limits (&c, self);
}

void
ca_action_validate (CaAction   *self,
                    const char *prefix,
                    GPtrArray  *problems)
{
  g_return_if_fail (CA_IS_ACTION (self));
  g_return_if_fail (problems != NULL);

  ca_action_validate_with_sample (self, prefix, NULL, problems);
}
