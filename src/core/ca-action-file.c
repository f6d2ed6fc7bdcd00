/* ca-action-file.c: the action file format, version 1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "ca-action-file.h"
#include "ca-action-private.h"
#include "ca-enums.h"
#include "ca-field-private.h"
#include "ca-json.h"
#include "ca-json-writer.h"

/* Reading: the JSON tree is walked once; each key is checked for its type
 * and vocabulary here, then ca_action_validate() checks the rules that
 * span keys. Problems carry the path of the key at fault. */

typedef struct {
  GPtrArray         *problems;
  CaActionFileFlags  flags;
  /* Keys are mostly asked for in the order files have them: each search
   * starts after the last member found in the same object. */
  const CaJson      *last_object;
  guint              next_member;
  /* The names and labels of fields read so far, as GRefStrings: the
   * fields of a big catalog share them (see reader_share()). */
  GHashTable        *strings;
} Reader;

static void
reader_clear (Reader *r)
{
  g_clear_pointer (&r->strings, g_hash_table_unref);
}

/* A GRefString of @text, the same one for the same text. */
static char *
reader_share (Reader     *r,
              const char *text)
{
  char *shared;

  if (text == NULL)
    return NULL;

  if (r->strings == NULL)
    r->strings = g_hash_table_new_full (g_str_hash, g_str_equal,
                                        (GDestroyNotify) g_ref_string_release, NULL);

  shared = g_hash_table_lookup (r->strings, text);
  if (shared == NULL)
    {
      shared = g_ref_string_new (text);
      g_hash_table_add (r->strings, shared);
    }

  return g_ref_string_acquire (shared);
}

/* From this many actions on, files are read and written by two threads. */
#define SPLIT_AT 2000

static const char * const top_keys[] = { "format", "actions", NULL };
static const char * const action_keys[] = {
  "name", "label", "description", "category", "url", "method", "dynamicPath",
  "timeoutSeconds", "retries", "modified", "headers", "query", "auth", "request",
  "response", "errorResponse", "capping", "throttling", NULL
};
static const char * const constant_param_keys[] = { "name", "kind", "value", NULL };
static const char * const variable_param_keys[] = { "name", "kind", "label", "type", "optional", NULL };
static const char * const constant_field_keys[] = { "path", "type", "kind", "value", NULL };
static const char * const variable_field_keys[] = { "path", "type", "kind", "label", "optional", NULL };
static const char * const request_keys[] = { "allowNull", "sample", "fields", NULL };
static const char * const sample_keys[] = { "sample", NULL };
static const char * const capping_keys[] = { "maxCalls", "periodMs", NULL };
static const char * const throttling_keys[] = { "maxThroughput", NULL };
static const char * const secret_keys[] = { "secret", NULL };
static const char * const auth_none_keys[] = { "type", NULL };
static const char * const auth_basic_keys[] = { "type", "username", "password", NULL };
static const char * const auth_api_key_keys[] = { "type", "name", "location", "value", NULL };
static const char * const auth_bearer_keys[] = { "type", "token", NULL };
static const char * const auth_custom_keys[] = {
  "type", "endpoint", "method", "headers", "body", "tokenInResponse", "cacheDuration",
  "expiryInResponse", "authorizationType", "tokenTarget", NULL
};
static const char * const body_keys[] = { "bodyType", "bodyParams", NULL };
static const char * const cache_keys[] = { "duration", "timeUnit", NULL };

static void
reader_error (Reader     *r,
              const char *path,
              const char *message)
{
  ca_problems_add (r->problems, CA_PROBLEM_ERROR, path, "%s", message);
}

static void
wrong_type (Reader       *r,
            const char   *path,
            const CaJson *node,
            const char *wanted)
{
  ca_problems_add (r->problems, CA_PROBLEM_ERROR, path,
                   /* Translators: both %s are JSON types such as "a string",
                    * "an object", "null" (left in English, like the JSON). */
                   _("must be %s, not %s"), wanted, ca_json_kind_word (node));
}

static gboolean
is_allowed (const char * const *allowed,
            const char         *key)
{
  for (guint i = 0; allowed[i] != NULL; i++)
    {
      if (allowed[i][0] == key[0] && strcmp (allowed[i], key) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
check_keys (Reader             *r,
            const CaJson       *object,
            const char         *path,
            const char * const *allowed)
{
  for (guint i = 0; i < object->n_children; i++)
    {
      const char *key = object->children[i].key;

      if (!is_allowed (allowed, key))
        {
          g_autofree char *child = ca_path_child (path, key);
          g_autofree char *known = g_strjoinv (", ", (char **) allowed);

          ca_problems_add (r->problems, CA_PROBLEM_ERROR, child,
                           _("unknown key; remove it or use one of: %s"), known);
        }
    }
}

static const CaJson *
find_member (Reader       *r,
             const CaJson *object,
             const char   *key)
{
  guint n = object->n_children;
  guint start = object == r->last_object && r->next_member < n ? r->next_member : 0;

  for (guint k = 0, i = start; k < n; k++, i = i + 1 < n ? i + 1 : 0)
    {
      const char *candidate = object->children[i].key;

      if (candidate[0] == key[0] && strcmp (candidate, key) == 0)
        {
          r->last_object = object;
          r->next_member = i + 1;
          return &object->children[i];
        }
    }

  return NULL;
}

/* The member @key of @object, or NULL after reporting it as missing when
 * @required. */
static const CaJson *
member (Reader       *r,
        const CaJson *object,
        const char   *path,
        const char   *key,
        gboolean      required)
{
  const CaJson *node = find_member (r, object, key);

  if (node == NULL && required)
    {
      g_autofree char *child = ca_path_child (path, key);

      reader_error (r, child, _("missing; add this key"));
    }

  return node;
}

static const CaJson *
as_object (Reader       *r,
           const CaJson *node,
           const char   *path)
{
  if (node->kind != CA_JSON_OBJECT)
    {
      wrong_type (r, path, node, "an object");
      return NULL;
    }

  return node;
}

static const CaJson *
as_array (Reader       *r,
          const CaJson *node,
          const char   *path)
{
  if (node->kind != CA_JSON_ARRAY)
    {
      wrong_type (r, path, node, "an array");
      return NULL;
    }

  return node;
}

static gboolean
read_string (Reader      *r,
             const CaJson *object,
             const char  *path,
             const char  *key,
             gboolean     required,
             const char **value)
{
  const CaJson *node = member (r, object, path, key, required);

  *value = NULL;
  if (node == NULL)
    return !required;

  if (node->kind != CA_JSON_STRING)
    {
      g_autofree char *child = ca_path_child (path, key);

      wrong_type (r, child, node, "a string");
      return FALSE;
    }

  *value = node->string;
  return TRUE;
}

static void
read_boolean (Reader     *r,
              const CaJson *object,
              const char *path,
              const char *key,
              gboolean   *value)
{
  const CaJson *node = member (r, object, path, key, FALSE);

  if (node == NULL)
    return;

  if (node->kind != CA_JSON_BOOLEAN)
    {
      g_autofree char *child = ca_path_child (path, key);

      wrong_type (r, child, node, "a boolean");
      return;
    }

  *value = node->boolean;
}

/* A whole number from 0 to G_MAXUINT; the rules of each key check the
 * range. Leaves @value alone when the key is absent. */
static void
read_uint (Reader     *r,
           const CaJson *object,
           const char *path,
           const char *key,
           gboolean    required,
           guint      *value)
{
  const CaJson *node = member (r, object, path, key, required);
  gint64 number;

  if (node == NULL)
    return;

  if (node->kind != CA_JSON_INTEGER)
    {
      g_autofree char *child = ca_path_child (path, key);

      wrong_type (r, child, node, "a whole number");
      return;
    }

  number = node->integer;
  if (number < 0 || number > G_MAXUINT)
    {
      g_autofree char *child = ca_path_child (path, key);

      ca_problems_add (r->problems, CA_PROBLEM_ERROR, child,
                       _("%lld is out of range; use a whole number from 0 to %u"),
                       (long long) number, G_MAXUINT);
      return;
    }

  *value = (guint) number;
}

/* Why a word is not in a vocabulary, per vocabulary. */
static void
unknown_word (Reader     *r,
              const char *path,
              GType       enum_type,
              const char *word)
{
  g_autofree char *words = ca_enum_list_nicks (enum_type);
  g_autofree char *message = NULL;

  /* In these messages the first %s is a word from a file, the second a
   * list of the words that would be right. */
  if (enum_type == CA_TYPE_FIELD_TYPE)
    /* Translators: %s is a word from a file, then the list of valid types. */
    message = g_strdup_printf (_("\"%s\" is not a type; use one of %s"), word, words);
  else if (enum_type == CA_TYPE_METHOD || enum_type == CA_TYPE_TOKEN_METHOD)
    message = g_strdup_printf (_("\"%s\" is not a method here; use one of %s"), word, words);
  else if (enum_type == CA_TYPE_CATEGORY)
    message = g_strdup_printf (_("\"%s\" is not a category; use one of %s"), word, words);
  else if (enum_type == CA_TYPE_FIELD_KIND)
    message = g_strdup_printf (_("\"%s\" is not a kind of value; use one of %s"), word, words);
  else if (enum_type == CA_TYPE_AUTH_TYPE)
    message = g_strdup_printf (_("\"%s\" is not an authentication type; use one of %s"), word, words);
  else
    message = g_strdup_printf (_("\"%s\" is not allowed here; use one of %s"), word, words);

  reader_error (r, path, message);
}

/* TRUE and @value set when @key is there and one of the words of
 * @enum_type; @value is left alone otherwise. */
static gboolean
read_enum (Reader     *r,
           const CaJson *object,
           const char *path,
           const char *key,
           GType       enum_type,
           gboolean    required,
           int        *value)
{
  const char *word;

  if (!read_string (r, object, path, key, required, &word) || word == NULL)
    return FALSE;

  if (!ca_enum_from_nick (enum_type, word, value))
    {
      g_autofree char *child = ca_path_child (path, key);

      unknown_word (r, child, enum_type, word);
      return FALSE;
    }

  return TRUE;
}

/* {"secret": "ID"}, or a string when the caller takes plain values. */
static CaCredential *
read_credential_node (Reader       *r,
                      const CaJson *node,
                      const char   *path)
{
  const CaJson *object;
  const char *id;

  if (node->kind == CA_JSON_STRING)
    {
      if (r->flags & CA_ACTION_FILE_ALLOW_PLAIN_CREDENTIALS)
        return ca_credential_new_plain (node->string);

      reader_error (r, path,
                    _("a credential is never stored in clear; write {\"secret\": \"ID\"} "
                      "and keep the value in the keyring under that ID"));
      return NULL;
    }

  if (node->kind != CA_JSON_OBJECT)
    {
      wrong_type (r, path, node, "{\"secret\": \"ID\"}");
      return NULL;
    }

  object = node;
  check_keys (r, object, path, secret_keys);
  if (!read_string (r, object, path, "secret", TRUE, &id) || id == NULL)
    return NULL;

  if (!ca_secret_id_is_valid (id))
    {
      g_autofree char *child = ca_path_child (path, "secret");

      ca_problems_add (r->problems, CA_PROBLEM_ERROR, child,
                       _("\"%s\" is not a secret ID; use 1 to 64 letters, digits, '-', '_' or '.'"),
                       id);
      return NULL;
    }

  return ca_credential_new_secret (id);
}

static CaCredential *
read_credential (Reader     *r,
                 const CaJson *object,
                 const char *path,
                 const char *key)
{
  const CaJson *node = member (r, object, path, key, TRUE);
  g_autofree char *child = ca_path_child (path, key);

  if (node == NULL)
    return NULL;

  return read_credential_node (r, node, child);
}

/* A sample is kept as compact JSON text: cheap to hold for many actions,
 * turned into nodes only when somebody looks at it. */
static char *
read_sample (Reader       *r,
             const CaJson *object,
             const char   *path,
             const char   *key,
             gboolean      required)
{
  const CaJson *node = member (r, object, path, key, required);

  if (node == NULL)
    return NULL;

  return ca_json_value_to_compact_string (node);
}

static CaField *
read_field (Reader       *r,
            const CaJson *node,
            const char   *path,
            gboolean      is_payload)
{
  const char *key_name = is_payload ? "path" : "name";
  const CaJson *object;
  const char *name = NULL;
  const char *label = NULL;
  int kind = CA_FIELD_KIND_VARIABLE;
  int type = CA_FIELD_TYPE_STRING;
  gboolean optional = FALSE;
  const CaJson *value;

  if ((object = as_object (r, node, path)) == NULL)
    return NULL;

  read_string (r, object, path, key_name, TRUE, &name);
  read_enum (r, object, path, "kind", CA_TYPE_FIELD_KIND, TRUE, &kind);
  read_enum (r, object, path, "type", CA_TYPE_FIELD_TYPE, is_payload, &type);

  if (kind == CA_FIELD_KIND_CONSTANT)
    check_keys (r, object, path, is_payload ? constant_field_keys : constant_param_keys);
  else
    check_keys (r, object, path, is_payload ? variable_field_keys : variable_param_keys);

  read_string (r, object, path, "label", FALSE, &label);
  read_boolean (r, object, path, "optional", &optional);

  value = member (r, object, path, "value", kind == CA_FIELD_KIND_CONSTANT && !is_payload);
  if (value != NULL && !is_payload && value->kind != CA_JSON_STRING)
    {
      g_autofree char *child = ca_path_child (path, "value");

      wrong_type (r, child, value, "a string");
      value = NULL;
    }

  return ca_field_new_shared (reader_share (r, name), kind, type, reader_share (r, label),
                              optional, value != NULL ? ca_json_to_node (value) : NULL);
}

/* The list @key of @object to @action's list @which. */
static void
read_fields (Reader       *r,
             const CaJson *object,
             const char   *path,
             const char   *key,
             gboolean      is_payload,
             CaAction     *action,
             CaActionList  which)
{
  g_autofree char *list_path = NULL;
  const CaJson *node = member (r, object, path, key, FALSE);
  const CaJson *array;
  GPtrArray *fields;

  /* Empty lists are most of them: nothing to make. */
  if (node == NULL || (node->kind == CA_JSON_ARRAY && node->n_children == 0))
    return;

  list_path = ca_path_child (path, key);
  if ((array = as_array (r, node, list_path)) == NULL)
    return;

  fields = g_ptr_array_new_full (array->n_children, g_object_unref);
  for (guint i = 0; i < array->n_children; i++)
    {
      g_autofree char *item_path = ca_path_index (list_path, i);
      CaField *field = read_field (r, &array->children[i], item_path, is_payload);

      if (field != NULL)
        g_ptr_array_add (fields, field);
    }
  ca_action_take_list (action, which, fields);
}

/* A token endpoint's "headers" or "bodyParams": names to credentials. */
static void
read_params (Reader     *r,
             const CaJson *object,
             const char *path,
             const char *key,
             GPtrArray  *params)
{
  g_autofree char *map_path = ca_path_child (path, key);
  const CaJson *node = member (r, object, path, key, FALSE);
  const CaJson *map;

  if (node == NULL || (map = as_object (r, node, map_path)) == NULL)
    return;

  for (guint i = 0; i < map->n_children; i++)
    {
      const char *name = map->children[i].key;
      g_autofree char *item_path = ca_path_child (map_path, name);
      CaCredential *credential = read_credential_node (r, &map->children[i], item_path);

      if (credential != NULL)
        g_ptr_array_add (params, ca_auth_param_new (name, credential));
    }
}

static void
read_custom_auth (Reader     *r,
                  const CaJson *object,
                  const char *path,
                  CaAuth     *auth)
{
  const char *text;
  const CaJson *node;
  int word;

  if (read_string (r, object, path, "endpoint", TRUE, &text))
    auth->endpoint = g_strdup (text);
  if (read_enum (r, object, path, "method", CA_TYPE_TOKEN_METHOD, FALSE, &word))
    auth->token_method = word;
  read_params (r, object, path, "headers", auth->headers);

  if ((node = member (r, object, path, "body", FALSE)) != NULL)
    {
      g_autofree char *body_path = ca_path_child (path, "body");
      const CaJson *body = as_object (r, node, body_path);

      if (body != NULL)
        {
          auth->has_body = TRUE;
          check_keys (r, body, body_path, body_keys);
          if (read_enum (r, body, body_path, "bodyType", CA_TYPE_BODY_TYPE, TRUE, &word))
            auth->body_type = word;
          read_params (r, body, body_path, "bodyParams", auth->body_params);
        }
    }

  if (read_string (r, object, path, "tokenInResponse", TRUE, &text))
    auth->token_in_response = g_strdup (text);

  if ((node = member (r, object, path, "cacheDuration", FALSE)) != NULL)
    {
      g_autofree char *cache_path = ca_path_child (path, "cacheDuration");
      const CaJson *cache = as_object (r, node, cache_path);
      guint duration = 0;

      if (cache != NULL)
        {
          check_keys (r, cache, cache_path, cache_keys);
          read_uint (r, cache, cache_path, "duration", TRUE, &duration);
          if (read_enum (r, cache, cache_path, "timeUnit", CA_TYPE_TIME_UNIT, TRUE, &word))
            auth->cache_unit = word;
          auth->cache_duration = duration;
        }
    }

  if (read_string (r, object, path, "expiryInResponse", FALSE, &text))
    auth->expiry_in_response = g_strdup (text);
  if (read_enum (r, object, path, "authorizationType", CA_TYPE_TOKEN_PLACEMENT, FALSE, &word))
    auth->placement = word;
  if (read_string (r, object, path, "tokenTarget", FALSE, &text))
    auth->token_target = g_strdup (text);
}

static CaAuth *
read_auth (Reader       *r,
           const CaJson *node,
           const char   *path)
{
  static const char * const *keys_of_type[] = {
    [CA_AUTH_TYPE_NONE] = auth_none_keys,
    [CA_AUTH_TYPE_BASIC] = auth_basic_keys,
    [CA_AUTH_TYPE_API_KEY] = auth_api_key_keys,
    [CA_AUTH_TYPE_BEARER] = auth_bearer_keys,
    [CA_AUTH_TYPE_CUSTOM] = auth_custom_keys,
  };
  g_autoptr(CaAuth) auth = NULL;
  const CaJson *object;
  const char *text;
  int type = CA_AUTH_TYPE_NONE;
  int word;

  if ((object = as_object (r, node, path)) == NULL)
    return NULL;
  if (!read_enum (r, object, path, "type", CA_TYPE_AUTH_TYPE, TRUE, &type))
    return NULL;

  check_keys (r, object, path, keys_of_type[type]);
  auth = ca_auth_new (type);

  switch (auth->type)
    {
    case CA_AUTH_TYPE_NONE:
      break;
    case CA_AUTH_TYPE_BASIC:
      if (read_string (r, object, path, "username", TRUE, &text))
        auth->username = g_strdup (text);
      auth->password = read_credential (r, object, path, "password");
      break;
    case CA_AUTH_TYPE_API_KEY:
      if (read_string (r, object, path, "name", TRUE, &text))
        auth->key_name = g_strdup (text);
      if (read_enum (r, object, path, "location", CA_TYPE_KEY_LOCATION, TRUE, &word))
        auth->key_location = word;
      auth->key_value = read_credential (r, object, path, "value");
      break;
    case CA_AUTH_TYPE_BEARER:
      auth->token = read_credential (r, object, path, "token");
      break;
    case CA_AUTH_TYPE_CUSTOM:
      read_custom_auth (r, object, path, auth);
      break;
    default:
      g_assert_not_reached ();
    }

  return g_steal_pointer (&auth);
}

static void
read_request (Reader     *r,
              const CaJson *object,
              const char *path,
              CaAction   *action)
{
  g_autofree char *request_path = ca_path_child (path, "request");
  g_autofree char *sample = NULL;
  const CaJson *node = member (r, object, path, "request", FALSE);
  const CaJson *request;
  gboolean allow_null = FALSE;

  if (node == NULL || (request = as_object (r, node, request_path)) == NULL)
    return;

  check_keys (r, request, request_path, request_keys);
  read_boolean (r, request, request_path, "allowNull", &allow_null);
  ca_action_set_allow_null (action, allow_null);
  sample = read_sample (r, request, request_path, "sample", TRUE);
  ca_action_set_request_sample_text (action, sample);
  read_fields (r, request, request_path, "fields", TRUE, action, CA_ACTION_LIST_REQUEST_FIELDS);
}

/* "response" and "errorResponse": {"sample": …} */
static char *
read_response (Reader     *r,
               const CaJson *object,
               const char *path,
               const char *key)
{
  g_autofree char *response_path = ca_path_child (path, key);
  const CaJson *node = member (r, object, path, key, FALSE);
  const CaJson *response;

  if (node == NULL || (response = as_object (r, node, response_path)) == NULL)
    return NULL;

  check_keys (r, response, response_path, sample_keys);
  return read_sample (r, response, response_path, "sample", TRUE);
}

static gboolean
is_integer (const CaJson *value)
{
  return value != NULL && value->kind == CA_JSON_INTEGER;
}

static void
read_limits (Reader     *r,
             const CaJson *object,
             const char *path,
             CaAction   *action)
{
  const CaJson *node;

  if ((node = member (r, object, path, "capping", FALSE)) != NULL)
    {
      g_autofree char *capping_path = ca_path_child (path, "capping");
      const CaJson *capping = as_object (r, node, capping_path);
      guint max_calls = 0;
      guint period_ms = 0;

      if (capping != NULL)
        {
          check_keys (r, capping, capping_path, capping_keys);
          read_uint (r, capping, capping_path, "maxCalls", TRUE, &max_calls);
          read_uint (r, capping, capping_path, "periodMs", TRUE, &period_ms);
          if (max_calls == 0 && is_integer (ca_json_get_member (capping, "maxCalls")))
            {
              g_autofree char *child = ca_path_child (capping_path, "maxCalls");

              reader_error (r, child, _("must be at least 1; remove \"capping\" for no limit"));
            }
          ca_action_set_capping (action, max_calls, period_ms);
        }
    }

  if ((node = member (r, object, path, "throttling", FALSE)) != NULL)
    {
      g_autofree char *throttling_path = ca_path_child (path, "throttling");
      const CaJson *throttling = as_object (r, node, throttling_path);
      guint max_throughput = 0;

      if (throttling != NULL)
        {
          check_keys (r, throttling, throttling_path, throttling_keys);
          read_uint (r, throttling, throttling_path, "maxThroughput", TRUE, &max_throughput);
          if (max_throughput == 0 && is_integer (ca_json_get_member (throttling, "maxThroughput")))
            {
              g_autofree char *child = ca_path_child (throttling_path, "maxThroughput");

              reader_error (r, child, _("must be at least 1; remove \"throttling\" for no limit"));
            }
          ca_action_set_max_throughput (action, max_throughput);
        }
    }
}

static void
read_modified (Reader     *r,
               const CaJson *object,
               const char *path,
               CaAction   *action)
{
  g_autoptr(GDateTime) modified = NULL;
  const char *text;

  if (!read_string (r, object, path, "modified", FALSE, &text) || text == NULL)
    return;

  modified = g_date_time_new_from_iso8601 (text, NULL);
  if (modified == NULL)
    {
      g_autofree char *child = ca_path_child (path, "modified");

      ca_problems_add (r->problems, CA_PROBLEM_ERROR, child,
                       _("\"%s\" is not a date and time; use ISO 8601 with an offset, "
                         "e.g. 2026-01-31T09:30:00Z"), text);
      return;
    }

  {
    /* Kept in UTC, as the catalog writes it. */
    g_autoptr(GDateTime) utc = g_date_time_to_utc (modified);

    ca_action_set_modified (action, utc);
  }
}

static void
read_general (Reader     *r,
              const CaJson *object,
              const char *path,
              CaAction   *action)
{
  const char *text;
  gboolean dynamic_path = FALSE;
  guint number;
  int word;

  if (read_string (r, object, path, "name", TRUE, &text))
    ca_action_set_name (action, text);
  if (read_string (r, object, path, "label", FALSE, &text))
    ca_action_set_label (action, text);
  if (read_string (r, object, path, "description", FALSE, &text))
    ca_action_set_description (action, text);
  if (read_enum (r, object, path, "category", CA_TYPE_CATEGORY, FALSE, &word))
    ca_action_set_category (action, word);
  if (read_string (r, object, path, "url", TRUE, &text))
    ca_action_set_url (action, text);
  if (read_enum (r, object, path, "method", CA_TYPE_METHOD, FALSE, &word))
    ca_action_set_method (action, word);

  read_boolean (r, object, path, "dynamicPath", &dynamic_path);
  ca_action_set_dynamic_path (action, dynamic_path);

  number = CA_ACTION_TIMEOUT_DEFAULT;
  read_uint (r, object, path, "timeoutSeconds", FALSE, &number);
  ca_action_set_timeout_seconds (action, number);
  number = CA_ACTION_RETRIES_DEFAULT;
  read_uint (r, object, path, "retries", FALSE, &number);
  ca_action_set_retries (action, number);

  read_modified (r, object, path, action);
}

/* Whether a problem at @path says nothing more than one at @earlier: the
 * same place, or a place inside it ("auth.password" covers
 * "auth.password.secret"). */
static gboolean
path_covers (const char *path,
             const char *earlier)
{
  gsize len = strlen (path);

  return strncmp (path, earlier, len) == 0 &&
         (earlier[len] == '\0' || earlier[len] == '.' || earlier[len] == '[');
}

/* Drops problems from index @from on whose path already has one: the
 * rules repeat what reading found missing or mistyped. */
static void
drop_repeated_problems (GPtrArray *problems,
                        guint      first,
                        guint      from)
{
  for (guint i = problems->len; i > from; i--)
    {
      const CaProblem *later = g_ptr_array_index (problems, i - 1);

      for (guint j = first; j < from; j++)
        {
          const CaProblem *earlier = g_ptr_array_index (problems, j);

          if (path_covers (later->path, earlier->path))
            {
              g_ptr_array_remove_index (problems, i - 1);
              break;
            }
        }
    }
}

static CaAction *
read_action (Reader       *r,
             const CaJson *node,
             const char   *path)
{
  g_autoptr(CaAction) action = NULL;
  const CaJson *object;
  const CaJson *auth_node;
  guint first = r->problems->len;
  guint checked;

  if ((object = as_object (r, node, path)) == NULL)
    return NULL;

  action = ca_action_new (NULL);
  check_keys (r, object, path, action_keys);
  read_general (r, object, path, action);
  read_fields (r, object, path, "headers", FALSE, action, CA_ACTION_LIST_HEADERS);
  read_fields (r, object, path, "query", FALSE, action, CA_ACTION_LIST_QUERY);

  if ((auth_node = member (r, object, path, "auth", FALSE)) != NULL)
    {
      g_autofree char *auth_path = ca_path_child (path, "auth");
      CaAuth *auth = read_auth (r, auth_node, auth_path);

      if (auth != NULL)
        ca_action_take_auth (action, auth);
    }

  read_request (r, object, path, action);
  {
    g_autofree char *response = read_response (r, object, path, "response");
    g_autofree char *error_response = read_response (r, object, path, "errorResponse");

    ca_action_set_response_sample_text (action, response);
    ca_action_set_error_response_sample_text (action, error_response);
  }
  read_limits (r, object, path, action);

  checked = r->problems->len;
  ca_action_validate_with_sample (action, path,
                                  ca_json_get_member (ca_json_get_member (object, "request"), "sample"),
                                  r->problems);
  drop_repeated_problems (r->problems, first, checked);

  for (guint i = first; i < r->problems->len; i++)
    {
      const CaProblem *problem = g_ptr_array_index (r->problems, i);

      if (problem->severity == CA_PROBLEM_ERROR)
        return NULL;
    }

  return g_steal_pointer (&action);
}

static const CaJson *
read_top (Reader        *r,
          const CaJson  *top,
          GError       **error)
{
  const CaJson *format;
  const CaJson *actions;

  if (top->kind != CA_JSON_OBJECT)
    {
      g_set_error (error, CA_FORMAT_ERROR, CA_FORMAT_ERROR_INVALID,
                   _("This is not an action file: it must be a JSON object "
                     "like {\"format\": 1, \"actions\": […]}"));
      return NULL;
    }

  format = ca_json_get_member (top, "format");
  if (format == NULL || format->kind != CA_JSON_INTEGER)
    {
      g_set_error (error, CA_FORMAT_ERROR, CA_FORMAT_ERROR_INVALID,
                   _("format: missing or not a number; an action file starts with "
                     "{\"format\": 1, \"actions\": […]}"));
      return NULL;
    }

  if (format->integer != CA_ACTION_FILE_FORMAT)
    {
      g_set_error (error, CA_FORMAT_ERROR, CA_FORMAT_ERROR_INVALID,
                   _("format: version %lld is not supported; "
                     "this version of Custom Actions reads version %d"),
                   (long long) format->integer, CA_ACTION_FILE_FORMAT);
      return NULL;
    }

  actions = ca_json_get_member (top, "actions");
  if (actions == NULL || actions->kind != CA_JSON_ARRAY)
    {
      g_set_error (error, CA_FORMAT_ERROR, CA_FORMAT_ERROR_INVALID,
                   _("actions: missing or not an array; list the actions in "
                     "\"actions\": […]"));
      return NULL;
    }

  check_keys (r, top, "", top_keys);
  return actions;
}

/* A name used twice in one file is a problem of the later action. */
static gboolean
name_is_repeated (Reader     *r,
                  GHashTable *names,
                  CaAction   *action,
                  const char *path,
                  guint       index)
{
  const char *name = ca_action_get_name (action);
  gpointer first;

  if (!g_hash_table_lookup_extended (names, name, NULL, &first))
    {
      g_hash_table_insert (names, (gpointer) name, GUINT_TO_POINTER (index));
      return FALSE;
    }

  {
    g_autofree char *child = ca_path_child (path, "name");

    ca_problems_add (r->problems, CA_PROBLEM_ERROR, child,
                     _("\"%s\" is already the name of actions[%u]; names must be unique"),
                     name, GPOINTER_TO_UINT (first));
  }
  return TRUE;
}

static void
object_unref0 (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

/* Reads the actions of @list, adding one entry per action to @actions
 * (NULL where it has an error); paths count from @first. */
static void
read_list (Reader       *r,
           const CaJson *list,
           guint         first,
           GPtrArray    *actions)
{
  for (guint i = 0; i < list->n_children; i++)
    {
      g_autofree char *path = ca_path_index ("actions", first + i);

      g_ptr_array_add (actions, read_action (r, &list->children[i], path));
    }
}

/* Big files are read by two threads: the "actions" array is cut at a ','
 * between two actions near the middle, and each thread parses and reads
 * its half. Anything unusual, or any syntax error, and the file is read
 * again in one piece, which gives the exact error. */
#define SPLIT_BYTES (1024 * 1024)

/* In the canonical layout an action ends and the next begins as
 * "\n    },\n    {": the indent says the depth, and a line break is never
 * inside a string in JSON. Should another layout match by chance at
 * another depth, a half fails to parse and the file is read in one piece,
 * so this only decides how fast, never what is read. */
static gboolean
find_split_in_layout (const char *text,
                      gsize       len,
                      gsize       open,
                      gsize      *split)
{
  static const char boundary[] = "\n    },\n    {";
  gsize from = MAX (open, len / 2);
  const char *found = g_strstr_len (text + from, len - from, boundary);

  if (found == NULL)
    return FALSE;

  *split = (found - text) + strlen ("\n    }");
  return TRUE;
}

/* The '[' of the root's "actions" array and a ',' between two of its
 * elements past the middle of the text. */
static gboolean
find_split (const char *text,
            gsize       len,
            gsize      *open,
            gsize      *split)
{
  const char *key = NULL;
  gsize key_len = 0;
  gboolean in_actions = FALSE;
  int depth = 0;

  for (gsize i = 0; i < len; i++)
    {
      switch (text[i])
        {
        case '"':
          {
            gsize start = ++i;

            while (i < len && text[i] != '"')
              i += text[i] == '\\' ? 2 : 1;
            if (i >= len)
              return FALSE;
            if (depth == 1)
              {
                key = text + start;
                key_len = i - start;
              }
          }
          break;
        case '[':
          if (depth == 1 && key_len == strlen ("actions") && memcmp (key, "actions", key_len) == 0)
            {
              in_actions = TRUE;
              *open = i;
              /* Files we wrote: jump to the middle, where the layout says
               * where one action ends and the next begins. */
              if (find_split_in_layout (text, len, i, split))
                return TRUE;
            }
          depth++;
          break;
        case '{':
          depth++;
          break;
        case ']':
        case '}':
          if (--depth < 2 && in_actions)
            return FALSE;
          break;
        case ',':
          if (in_actions && depth == 2 && i >= len / 2)
            {
              *split = i;
              return TRUE;
            }
          break;
        default:
          break;
        }
    }

  return FALSE;
}

typedef struct {
  const char *text;
  gsize       len;
  gsize       from;
  gsize       limit;
  gsize       end;
  Reader      reader;
  GPtrArray  *actions;
  gboolean    ok;
} Half;

/* Each action is read as soon as it is parsed, and its values make room
 * for the next one's: a big file takes memory for its actions, not for a
 * tree of its whole text. */
static gpointer
read_half (gpointer data)
{
  Half *half = data;
  g_autoptr(CaJsonStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  const CaJson *element;

  stream = ca_json_stream_new (half->text, half->len, half->from, half->limit);
  while (ca_json_stream_next (stream, &element, &error))
    {
      /* Paths count from 0 here; the caller shifts the second half's. */
      g_autofree char *path = ca_path_index ("actions", half->actions->len);

      g_ptr_array_add (half->actions, read_action (&half->reader, element, path));
    }
  reader_clear (&half->reader);

  if (error != NULL)
    return NULL;

  half->end = ca_json_stream_get_end (stream);
  half->ok = TRUE;
  return NULL;
}

/* In the background, the second half is read by a helper that only
 * takes the time the rest of the process leaves: with a core to spare it
 * halves the time a big catalog takes to load, but it never takes the
 * core of the thread that draws the window. Linux keeps a nice value per
 * thread. */
#define HELPER_NICENESS 10

static gpointer
read_half_in_background (gpointer data)
{
#ifdef __linux__
  int nice_value;

  errno = 0;
  nice_value = getpriority (PRIO_PROCESS, 0);
  if (errno == 0)
    setpriority (PRIO_PROCESS, 0, MIN (nice_value + HELPER_NICENESS, 19));
#endif

  return read_half (data);
}

/* "actions[12].url" → "actions[12 + @shift].url" */
static void
shift_paths (GPtrArray *problems,
             guint      shift)
{
  for (guint i = 0; i < problems->len; i++)
    {
      CaProblem *problem = g_ptr_array_index (problems, i);
      guint index;
      int consumed = 0;

      if (sscanf (problem->path, "actions[%u]%n", &index, &consumed) == 1 && consumed > 0)
        {
          char *shifted = g_strdup_printf ("actions[%u]%s", index + shift, problem->path + consumed);

          g_free (problem->path);
          problem->path = shifted;
        }
    }
}

static gboolean
read_in_halves (Reader     *r,
                const char *text,
                gsize       len,
                GPtrArray  *actions)
{
  g_autoptr(GPtrArray) top_problems = ca_problems_new ();
  g_autoptr(CaJsonDocument) top = NULL;
  g_autoptr(GString) outline = NULL;
  Reader top_reader = { top_problems, r->flags, NULL, 0 };
  gsize open, split;
  Half halves[2];
  GThread *thread;

  if (!find_split (text, len, &open, &split))
    return FALSE;

  halves[0] = (Half) { text, len, open + 1, split, 0, { ca_problems_new (), r->flags, NULL, 0 },
                       g_ptr_array_new_with_free_func (object_unref0), FALSE };
  halves[1] = (Half) { text, len, split + 1, len, 0, { ca_problems_new (), r->flags, NULL, 0 },
                       g_ptr_array_new_with_free_func (object_unref0), FALSE };

  thread = g_thread_new ("ca-read-actions",
                         (r->flags & CA_ACTION_FILE_IN_BACKGROUND) ? read_half_in_background : read_half,
                         &halves[1]);
  read_half (&halves[0]);
  g_thread_join (thread);

  /* The rest of the file, with an empty "actions" array. The first half
   * must end exactly at the split, and both must hold actions: else the
   * split was not between two actions, and the file is read in one piece. */
  if (halves[0].ok && halves[1].ok && halves[0].end == split &&
      halves[0].actions->len > 0 && halves[1].actions->len > 0)
    {
      outline = g_string_new_len (text, open + 1);
      g_string_append_len (outline, text + halves[1].end, len - halves[1].end);
      top = ca_json_document_parse (outline->str, outline->len, NULL);
    }

  if (top != NULL && read_top (&top_reader, ca_json_document_get_root (top), NULL) != NULL)
    {
      shift_paths (halves[1].reader.problems, halves[0].actions->len);
      g_ptr_array_extend_and_steal (r->problems, g_steal_pointer (&top_problems));
      g_ptr_array_extend_and_steal (r->problems, g_steal_pointer (&halves[0].reader.problems));
      g_ptr_array_extend_and_steal (r->problems, g_steal_pointer (&halves[1].reader.problems));
      g_ptr_array_extend_and_steal (actions, g_steal_pointer (&halves[0].actions));
      g_ptr_array_extend_and_steal (actions, g_steal_pointer (&halves[1].actions));
      return TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (halves); i++)
    {
      g_ptr_array_unref (halves[i].reader.problems);
      g_ptr_array_unref (halves[i].actions);
    }
  return FALSE;
}

gboolean
ca_action_file_parse (GBytes             *bytes,
                      CaActionFileFlags   flags,
                      GPtrArray         **actions,
                      GPtrArray          *problems,
                      GError            **error)
{
  g_autoptr(CaJsonDocument) document = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(GPtrArray) result = NULL;
  Reader r = { problems, flags, NULL, 0 };
  const CaJson *list;
  const char *data;
  gsize len;

  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (problems != NULL, FALSE);

  data = g_bytes_get_data (bytes, &len);
  read = g_ptr_array_new_with_free_func (object_unref0);

  if (len < SPLIT_BYTES || !read_in_halves (&r, data, len, read))
    {
      if ((document = ca_json_document_parse (data, len, error)) == NULL)
        return FALSE;
      if ((list = read_top (&r, ca_json_document_get_root (document), error)) == NULL)
        return FALSE;
      read_list (&r, list, 0, read);
      reader_clear (&r);
    }

  result = g_ptr_array_new_full (read->len, g_object_unref);
  for (guint i = 0; i < read->len; i++)
    {
      CaAction *action = g_ptr_array_index (read, i);
      g_autofree char *path = NULL;

      if (action == NULL)
        continue;

      path = ca_path_index ("actions", i);
      if (!name_is_repeated (&r, names, action, path, i))
        g_ptr_array_add (result, g_object_ref (action));
    }

  if (actions != NULL)
    *actions = g_steal_pointer (&result);
  return TRUE;
}

GPtrArray *
ca_action_file_parse_all (GBytes             *bytes,
                          CaActionFileFlags   flags,
                          GError            **error)
{
  g_autoptr(GPtrArray) problems = ca_problems_new ();
  g_autoptr(GPtrArray) actions = NULL;

  if (!ca_action_file_parse (bytes, flags, &actions, problems, error))
    return NULL;

  if (!ca_problems_to_error (problems, 20, error))
    return NULL;

  return g_steal_pointer (&actions);
}

/* Writing: keys in the order of DESIGN.md's example; what has its default
 * value is left out where the example leaves it out. */

typedef struct {
  CaJsonWriter *w;
  GError      **error;
  gboolean      failed;
} Writer;

static void
write_credential (Writer             *wr,
                  const char         *key,
                  const CaCredential *credential)
{
  if (key != NULL)
    ca_json_writer_key (wr->w, key);

  if (credential == NULL || !ca_credential_is_secret (credential))
    {
      if (!wr->failed)
        g_set_error (wr->error, CA_FORMAT_ERROR, CA_FORMAT_ERROR_SECRET,
                     _("A credential is still in clear; store it in the keyring before saving"));
      wr->failed = TRUE;
      ca_json_writer_null (wr->w);
      return;
    }

  ca_json_writer_begin_object (wr->w);
  ca_json_writer_key (wr->w, "secret");
  ca_json_writer_string (wr->w, credential->secret_id);
  ca_json_writer_end_object (wr->w);
}

static void
write_word (CaJsonWriter *w,
            const char   *key,
            GType         enum_type,
            int           value)
{
  ca_json_writer_key (w, key);
  ca_json_writer_string (w, ca_enum_to_nick (enum_type, value));
}

static void
write_field (CaJsonWriter *w,
             CaField      *field,
             gboolean      is_payload)
{
  JsonNode *value = ca_field_get_value (field);

  ca_json_writer_begin_object (w);
  ca_json_writer_key (w, is_payload ? "path" : "name");
  ca_json_writer_string (w, ca_field_get_name (field));

  if (is_payload)
    write_word (w, "type", CA_TYPE_FIELD_TYPE, ca_field_get_field_type (field));
  write_word (w, "kind", CA_TYPE_FIELD_KIND, ca_field_get_kind (field));

  if (ca_field_get_kind (field) == CA_FIELD_KIND_CONSTANT)
    {
      if (value != NULL)
        {
          ca_json_writer_key (w, "value");
          ca_json_writer_node (w, value);
        }
    }
  else
    {
      if (ca_field_get_label (field) != NULL)
        {
          ca_json_writer_key (w, "label");
          ca_json_writer_string (w, ca_field_get_label (field));
        }
      if (!is_payload)
        write_word (w, "type", CA_TYPE_FIELD_TYPE, ca_field_get_field_type (field));
      if (ca_field_get_optional (field))
        {
          ca_json_writer_key (w, "optional");
          ca_json_writer_boolean (w, TRUE);
        }
    }

  ca_json_writer_end_object (w);
}

static void
write_fields (CaJsonWriter *w,
              const char   *key,
              GPtrArray    *fields,
              gboolean      is_payload)
{
  ca_json_writer_key (w, key);
  ca_json_writer_begin_array (w);
  for (guint i = 0; i < fields->len; i++)
    write_field (w, g_ptr_array_index (fields, i), is_payload);
  ca_json_writer_end_array (w);
}

static void
write_params (Writer     *wr,
              const char *key,
              GPtrArray  *params)
{
  ca_json_writer_key (wr->w, key);
  ca_json_writer_begin_object (wr->w);
  for (guint i = 0; i < params->len; i++)
    {
      const CaAuthParam *param = g_ptr_array_index (params, i);

      write_credential (wr, param->name, param->value);
    }
  ca_json_writer_end_object (wr->w);
}

static void
write_optional_string (CaJsonWriter *w,
                       const char   *key,
                       const char   *value)
{
  if (value == NULL)
    return;

  ca_json_writer_key (w, key);
  ca_json_writer_string (w, value);
}

static void
write_custom_auth (Writer *wr,
                   CaAuth *auth)
{
  CaJsonWriter *w = wr->w;

  write_optional_string (w, "endpoint", auth->endpoint);
  write_word (w, "method", CA_TYPE_TOKEN_METHOD, auth->token_method);
  if (auth->headers->len > 0)
    write_params (wr, "headers", auth->headers);
  if (auth->has_body)
    {
      ca_json_writer_key (w, "body");
      ca_json_writer_begin_object (w);
      write_word (w, "bodyType", CA_TYPE_BODY_TYPE, auth->body_type);
      write_params (wr, "bodyParams", auth->body_params);
      ca_json_writer_end_object (w);
    }
  write_optional_string (w, "tokenInResponse", auth->token_in_response);
  if (auth->cache_duration > 0)
    {
      ca_json_writer_key (w, "cacheDuration");
      ca_json_writer_begin_object (w);
      ca_json_writer_key (w, "duration");
      ca_json_writer_int (w, auth->cache_duration);
      write_word (w, "timeUnit", CA_TYPE_TIME_UNIT, auth->cache_unit);
      ca_json_writer_end_object (w);
    }
  write_optional_string (w, "expiryInResponse", auth->expiry_in_response);
  write_word (w, "authorizationType", CA_TYPE_TOKEN_PLACEMENT, auth->placement);
  write_optional_string (w, "tokenTarget", auth->token_target);
}

static void
write_auth (Writer *wr,
            CaAuth *auth)
{
  CaJsonWriter *w = wr->w;

  ca_json_writer_key (w, "auth");
  ca_json_writer_begin_object (w);
  write_word (w, "type", CA_TYPE_AUTH_TYPE, auth->type);

  switch (auth->type)
    {
    case CA_AUTH_TYPE_NONE:
      break;
    case CA_AUTH_TYPE_BASIC:
      write_optional_string (w, "username", auth->username);
      write_credential (wr, "password", auth->password);
      break;
    case CA_AUTH_TYPE_API_KEY:
      write_optional_string (w, "name", auth->key_name);
      write_word (w, "location", CA_TYPE_KEY_LOCATION, auth->key_location);
      write_credential (wr, "value", auth->key_value);
      break;
    case CA_AUTH_TYPE_BEARER:
      write_credential (wr, "token", auth->token);
      break;
    case CA_AUTH_TYPE_CUSTOM:
      write_custom_auth (wr, auth);
      break;
    default:
      g_assert_not_reached ();
    }

  ca_json_writer_end_object (w);
}

static void
write_sample_object (CaJsonWriter *w,
                     const char   *key,
                     const char   *sample)
{
  if (sample == NULL)
    return;

  ca_json_writer_key (w, key);
  ca_json_writer_begin_object (w);
  ca_json_writer_key (w, "sample");
  /* Samples are kept as compact text: laid out again here. */
  ca_json_writer_compact_text (w, sample);
  ca_json_writer_end_object (w);
}

static void
write_request (CaJsonWriter *w,
               CaAction     *action)
{
  const char *sample = ca_action_get_request_sample_text (action);

  if (sample == NULL)
    return;

  ca_json_writer_key (w, "request");
  ca_json_writer_begin_object (w);
  ca_json_writer_key (w, "allowNull");
  ca_json_writer_boolean (w, ca_action_get_allow_null (action));
  ca_json_writer_key (w, "sample");
  /* Samples are kept as compact text: laid out again here. */
  ca_json_writer_compact_text (w, sample);
  write_fields (w, "fields", ca_action_peek_request_fields (action), TRUE);
  ca_json_writer_end_object (w);
}

static void
write_limits (CaJsonWriter *w,
              CaAction     *action)
{
  guint max_calls, period_ms;
  guint max_throughput = ca_action_get_max_throughput (action);

  ca_action_get_capping (action, &max_calls, &period_ms);
  if (max_calls > 0)
    {
      ca_json_writer_key (w, "capping");
      ca_json_writer_begin_object (w);
      ca_json_writer_key (w, "maxCalls");
      ca_json_writer_int (w, max_calls);
      ca_json_writer_key (w, "periodMs");
      ca_json_writer_int (w, period_ms);
      ca_json_writer_end_object (w);
    }

  if (max_throughput > 0)
    {
      ca_json_writer_key (w, "throttling");
      ca_json_writer_begin_object (w);
      ca_json_writer_key (w, "maxThroughput");
      ca_json_writer_int (w, max_throughput);
      ca_json_writer_end_object (w);
    }
}

static void
write_action (Writer   *wr,
              CaAction *action)
{
  CaJsonWriter *w = wr->w;
  GDateTime *modified = ca_action_get_modified (action);

  ca_json_writer_begin_object (w);
  ca_json_writer_key (w, "name");
  ca_json_writer_string (w, ca_action_get_name (action));
  ca_json_writer_key (w, "label");
  ca_json_writer_string (w, ca_action_get_display_label (action));
  ca_json_writer_key (w, "description");
  ca_json_writer_string (w, ca_action_get_description (action));
  write_word (w, "category", CA_TYPE_CATEGORY, ca_action_get_category (action));
  ca_json_writer_key (w, "url");
  ca_json_writer_string (w, ca_action_get_url (action));
  write_word (w, "method", CA_TYPE_METHOD, ca_action_get_method (action));
  ca_json_writer_key (w, "dynamicPath");
  ca_json_writer_boolean (w, ca_action_get_dynamic_path (action));
  ca_json_writer_key (w, "timeoutSeconds");
  ca_json_writer_int (w, ca_action_get_timeout_seconds (action));
  ca_json_writer_key (w, "retries");
  ca_json_writer_int (w, ca_action_get_retries (action));
  if (modified != NULL)
    {
      g_autofree char *text = g_date_time_format_iso8601 (modified);

      ca_json_writer_key (w, "modified");
      ca_json_writer_string (w, text);
    }
  write_fields (w, "headers", ca_action_peek_headers (action), FALSE);
  write_fields (w, "query", ca_action_peek_query (action), FALSE);
  write_auth (wr, ca_action_peek_auth (action));
  write_request (w, action);
  write_sample_object (w, "response", ca_action_get_response_sample_text (action));
  write_sample_object (w, "errorResponse", ca_action_get_error_response_sample_text (action));
  write_limits (w, action);
  ca_json_writer_end_object (w);
}

/* A run of actions written by one thread. */
typedef struct {
  GPtrArray *actions;
  guint      first;
  guint      last;
  Writer     writer;
  GError    *error;
} WriteSlice;

static gpointer
write_slice (gpointer data)
{
  WriteSlice *slice = data;

  for (guint i = slice->first; i < slice->last && !slice->writer.failed; i++)
    write_action (&slice->writer, g_ptr_array_index (slice->actions, i));

  return NULL;
}

GBytes *
ca_action_file_write (GPtrArray  *actions,
                      GError    **error)
{
  g_autoptr(CaJsonWriter) w = ca_json_writer_new ();
  guint n = actions->len;
  guint half = n >= SPLIT_AT ? n / 2 : n;
  WriteSlice second = { actions, half, n, { NULL, NULL, FALSE }, NULL };
  Writer wr = { w, error, FALSE };
  GThread *thread = NULL;

  g_return_val_if_fail (actions != NULL, NULL);

  /* Big catalogs: the second half is written at the same time, inside
   * the array the first half opens. */
  if (half < n)
    {
      second.writer.w = ca_json_writer_new_continued (2);
      second.writer.error = &second.error;
      thread = g_thread_new ("ca-write-actions", write_slice, &second);
    }

  ca_json_writer_begin_object (w);
  ca_json_writer_key (w, "format");
  ca_json_writer_int (w, CA_ACTION_FILE_FORMAT);
  ca_json_writer_key (w, "actions");
  ca_json_writer_begin_array (w);
  for (guint i = 0; i < half && !wr.failed; i++)
    write_action (&wr, g_ptr_array_index (actions, i));

  if (thread != NULL)
    {
      g_thread_join (thread);
      if (second.writer.failed && !wr.failed)
        {
          g_propagate_error (error, g_steal_pointer (&second.error));
          wr.failed = TRUE;
        }
      g_clear_error (&second.error);
      ca_json_writer_append (w, second.writer.w);
    }

  ca_json_writer_end_array (w);
  ca_json_writer_end_object (w);

  if (wr.failed)
    return NULL;

  return ca_json_writer_free_to_bytes (g_steal_pointer (&w));
}

GBytes *
ca_action_file_write_one (CaAction  *action,
                          GError   **error)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new ();

  g_return_val_if_fail (CA_IS_ACTION (action), NULL);

  g_ptr_array_add (one, action);
  return ca_action_file_write (one, error);
}
