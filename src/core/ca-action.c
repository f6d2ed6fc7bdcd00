/* ca-action.c: a custom action
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ca-action-private.h"
#include "ca-enums.h"
#include "ca-json.h"
#include "ca-json-writer.h"
#include "ca-util.h"

#include <string.h>

/* Compact JSON text, and the node made from it on demand. */
typedef struct {
  char     *text;
  JsonNode *node;
} CaSample;

struct _CaAction
{
  GObject     parent_instance;

  char       *name;
  char       *label;
  char       *description;
  char       *url;
  GDateTime  *modified;

  /* Catalogs hold many actions, most without headers, query parameters
   * or authentication: the lists and the CaAuth are made the first time
   * somebody asks for them (or has some to give), NULL until then. */
  GPtrArray  *headers;
  GPtrArray  *query;
  GPtrArray  *request_fields;
  CaAuth     *auth;

  CaSample    request_sample;
  CaSample    response_sample;
  CaSample    error_response_sample;

  CaCategory  category;
  CaMethod    method;
  guint       timeout_seconds;
  guint       retries;
  guint       max_calls;
  guint       period_ms;
  guint       max_throughput;
  guint       dynamic_path : 1;
  guint       allow_null : 1;
};

G_DEFINE_FINAL_TYPE (CaAction, ca_action, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_LABEL,
  PROP_DISPLAY_LABEL,
  PROP_DESCRIPTION,
  PROP_CATEGORY,
  PROP_URL,
  PROP_METHOD,
  PROP_DYNAMIC_PATH,
  PROP_TIMEOUT_SECONDS,
  PROP_RETRIES,
  PROP_MODIFIED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sample_clear (CaSample *sample)
{
  g_clear_pointer (&sample->text, g_free);
  g_clear_pointer (&sample->node, json_node_unref);
}

static void
sample_set_text (CaSample   *sample,
                 const char *text)
{
  if (g_strcmp0 (sample->text, text) == 0)
    return;

  sample_clear (sample);
  sample->text = g_strdup (text);
}

static void
sample_set_node (CaSample *sample,
                 JsonNode *node)
{
  g_autofree char *text = node != NULL ? ca_json_to_compact_string (node) : NULL;

  sample_set_text (sample, text);
}

static JsonNode *
sample_get_node (CaSample *sample)
{
  g_autoptr(CaJsonDocument) document = NULL;

  if (sample->node != NULL || sample->text == NULL)
    return sample->node;

  document = ca_json_document_parse (sample->text, strlen (sample->text), NULL);
  g_return_val_if_fail (document != NULL, NULL);

  sample->node = ca_json_to_node (ca_json_document_get_root (document));
  json_node_seal (sample->node);
  return sample->node;
}

static void
ca_action_finalize (GObject *object)
{
  CaAction *self = CA_ACTION (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->modified, g_date_time_unref);
  g_clear_pointer (&self->headers, g_ptr_array_unref);
  g_clear_pointer (&self->query, g_ptr_array_unref);
  g_clear_pointer (&self->request_fields, g_ptr_array_unref);
  g_clear_pointer (&self->auth, ca_auth_free);
  sample_clear (&self->request_sample);
  sample_clear (&self->response_sample);
  sample_clear (&self->error_response_sample);

  G_OBJECT_CLASS (ca_action_parent_class)->finalize (object);
}

static void
ca_action_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CaAction *self = CA_ACTION (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_DISPLAY_LABEL:
      g_value_set_string (value, ca_action_get_display_label (self));
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_CATEGORY:
      g_value_set_enum (value, self->category);
      break;
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_METHOD:
      g_value_set_enum (value, self->method);
      break;
    case PROP_DYNAMIC_PATH:
      g_value_set_boolean (value, self->dynamic_path);
      break;
    case PROP_TIMEOUT_SECONDS:
      g_value_set_uint (value, self->timeout_seconds);
      break;
    case PROP_RETRIES:
      g_value_set_uint (value, self->retries);
      break;
    case PROP_MODIFIED:
      g_value_set_boxed (value, self->modified);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_action_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CaAction *self = CA_ACTION (object);

  switch (prop_id)
    {
    case PROP_NAME:
      ca_action_set_name (self, g_value_get_string (value));
      break;
    case PROP_LABEL:
      ca_action_set_label (self, g_value_get_string (value));
      break;
    case PROP_DESCRIPTION:
      ca_action_set_description (self, g_value_get_string (value));
      break;
    case PROP_CATEGORY:
      ca_action_set_category (self, g_value_get_enum (value));
      break;
    case PROP_URL:
      ca_action_set_url (self, g_value_get_string (value));
      break;
    case PROP_METHOD:
      ca_action_set_method (self, g_value_get_enum (value));
      break;
    case PROP_DYNAMIC_PATH:
      ca_action_set_dynamic_path (self, g_value_get_boolean (value));
      break;
    case PROP_TIMEOUT_SECONDS:
      ca_action_set_timeout_seconds (self, g_value_get_uint (value));
      break;
    case PROP_RETRIES:
      ca_action_set_retries (self, g_value_get_uint (value));
      break;
    case PROP_MODIFIED:
      ca_action_set_modified (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_action_class_init (CaActionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ca_action_finalize;
  object_class->get_property = ca_action_get_property;
  object_class->set_property = ca_action_set_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, flags);
  properties[PROP_DISPLAY_LABEL] =
    g_param_spec_string ("display-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, flags);
  properties[PROP_CATEGORY] =
    g_param_spec_enum ("category", NULL, NULL, CA_TYPE_CATEGORY, CA_CATEGORY_CUSTOM, flags);
  properties[PROP_URL] = g_param_spec_string ("url", NULL, NULL, NULL, flags);
  properties[PROP_METHOD] =
    g_param_spec_enum ("method", NULL, NULL, CA_TYPE_METHOD, CA_METHOD_POST, flags);
  properties[PROP_DYNAMIC_PATH] = g_param_spec_boolean ("dynamic-path", NULL, NULL, FALSE, flags);
  properties[PROP_TIMEOUT_SECONDS] =
    g_param_spec_uint ("timeout-seconds", NULL, NULL, 0, G_MAXUINT,
                       CA_ACTION_TIMEOUT_DEFAULT, flags);
  properties[PROP_RETRIES] =
    g_param_spec_uint ("retries", NULL, NULL, 0, G_MAXUINT, CA_ACTION_RETRIES_DEFAULT, flags);
  properties[PROP_MODIFIED] =
    g_param_spec_boxed ("modified", NULL, NULL, G_TYPE_DATE_TIME, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ca_action_init (CaAction *self)
{
  self->category = CA_CATEGORY_CUSTOM;
  self->method = CA_METHOD_POST;
  self->timeout_seconds = CA_ACTION_TIMEOUT_DEFAULT;
  self->retries = CA_ACTION_RETRIES_DEFAULT;
}

/* What the peek functions give for a list or an authentication not made
 * yet: shared, never changed. */
static GPtrArray *
empty_list (void)
{
  static GPtrArray *empty;

  if (g_once_init_enter (&empty))
    g_once_init_leave (&empty, g_ptr_array_new ());

  return empty;
}

static CaAuth *
auth_none (void)
{
  static CaAuth *none;

  if (g_once_init_enter (&none))
    g_once_init_leave (&none, ca_auth_new (CA_AUTH_TYPE_NONE));

  return none;
}

static GPtrArray *
peek_list (GPtrArray *list)
{
  return list != NULL ? list : empty_list ();
}

/* The list in @slot, made now if it is not yet. */
static GPtrArray *
ensure_list (GPtrArray **slot)
{
  GPtrArray *list = g_atomic_pointer_get (slot);

  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func (g_object_unref);
      if (!g_atomic_pointer_compare_and_exchange (slot, NULL, list))
        {
          g_ptr_array_unref (list);
          list = g_atomic_pointer_get (slot);
        }
    }

  return list;
}

CaAction *
ca_action_new (const char *name)
{
  CaAction *self = g_object_new (CA_TYPE_ACTION, NULL);

  self->name = g_strdup (name);
  return self;
}

static GPtrArray *
copy_fields (GPtrArray *from)
{
  GPtrArray *to;

  if (from == NULL || from->len == 0)
    return NULL;

  to = g_ptr_array_new_full (from->len, g_object_unref);
  for (guint i = 0; i < from->len; i++)
    g_ptr_array_add (to, ca_field_copy (g_ptr_array_index (from, i)));

  return to;
}

CaAction *
ca_action_copy (CaAction *self)
{
  CaAction *copy;

  g_return_val_if_fail (CA_IS_ACTION (self), NULL);

  copy = ca_action_new (self->name);
  copy->label = g_strdup (self->label);
  copy->description = g_strdup (self->description);
  copy->url = g_strdup (self->url);
  copy->modified = self->modified != NULL ? g_date_time_ref (self->modified) : NULL;
  copy->headers = copy_fields (self->headers);
  copy->query = copy_fields (self->query);
  copy->request_fields = copy_fields (self->request_fields);
  copy->auth = ca_auth_copy (self->auth);
  copy->request_sample.text = g_strdup (self->request_sample.text);
  copy->response_sample.text = g_strdup (self->response_sample.text);
  copy->error_response_sample.text = g_strdup (self->error_response_sample.text);
  copy->category = self->category;
  copy->method = self->method;
  copy->timeout_seconds = self->timeout_seconds;
  copy->retries = self->retries;
  copy->max_calls = self->max_calls;
  copy->period_ms = self->period_ms;
  copy->max_throughput = self->max_throughput;
  copy->dynamic_path = self->dynamic_path;
  copy->allow_null = self->allow_null;
  return copy;
}

static gboolean
fields_equal (GPtrArray *a,
              GPtrArray *b)
{
  a = peek_list (a);
  b = peek_list (b);
  if (a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    {
      if (!ca_field_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
        return FALSE;
    }

  return TRUE;
}

static gboolean
date_time_equal0 (GDateTime *a,
                  GDateTime *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return g_date_time_equal (a, b);
}

gboolean
ca_action_equal (CaAction *a,
                 CaAction *b)
{
  g_return_val_if_fail (CA_IS_ACTION (a), FALSE);
  g_return_val_if_fail (CA_IS_ACTION (b), FALSE);

  return g_strcmp0 (a->name, b->name) == 0 &&
         g_strcmp0 (a->label, b->label) == 0 &&
         g_strcmp0 (a->description, b->description) == 0 &&
         g_strcmp0 (a->url, b->url) == 0 &&
         date_time_equal0 (a->modified, b->modified) &&
         fields_equal (a->headers, b->headers) &&
         fields_equal (a->query, b->query) &&
         fields_equal (a->request_fields, b->request_fields) &&
         ca_auth_equal (ca_action_peek_auth (a), ca_action_peek_auth (b)) &&
         g_strcmp0 (a->request_sample.text, b->request_sample.text) == 0 &&
         g_strcmp0 (a->response_sample.text, b->response_sample.text) == 0 &&
         g_strcmp0 (a->error_response_sample.text, b->error_response_sample.text) == 0 &&
         a->category == b->category &&
         a->method == b->method &&
         a->timeout_seconds == b->timeout_seconds &&
         a->retries == b->retries &&
         a->max_calls == b->max_calls &&
         a->period_ms == b->period_ms &&
         a->max_throughput == b->max_throughput &&
         a->dynamic_path == b->dynamic_path &&
         a->allow_null == b->allow_null;
}

#define STRING_ACCESSORS(field, PROP)                                   \
const char *                                                            \
ca_action_get_##field (CaAction *self)                                  \
{                                                                       \
  g_return_val_if_fail (CA_IS_ACTION (self), NULL);                     \
  return self->field;                                                   \
}

STRING_ACCESSORS (name, PROP_NAME)
STRING_ACCESSORS (label, PROP_LABEL)
STRING_ACCESSORS (description, PROP_DESCRIPTION)
STRING_ACCESSORS (url, PROP_URL)

#undef STRING_ACCESSORS

void
ca_action_set_name (CaAction   *self,
                    const char *name)
{
  g_return_if_fail (CA_IS_ACTION (self));

  if (!ca_set_str (&self->name, name))
    return;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  if (self->label == NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_LABEL]);
}

const char *
ca_action_get_display_label (CaAction *self)
{
  g_return_val_if_fail (CA_IS_ACTION (self), NULL);

  return self->label != NULL ? self->label : self->name;
}

void
ca_action_set_label (CaAction   *self,
                     const char *label)
{
  g_return_if_fail (CA_IS_ACTION (self));

  if (label != NULL && label[0] == '\0')
    label = NULL;

  if (!ca_set_str (&self->label, label))
    return;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_LABEL]);
}

void
ca_action_set_description (CaAction   *self,
                           const char *description)
{
  g_return_if_fail (CA_IS_ACTION (self));

  if (description != NULL && description[0] == '\0')
    description = NULL;

  if (ca_set_str (&self->description, description))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

void
ca_action_set_url (CaAction   *self,
                   const char *url)
{
  g_return_if_fail (CA_IS_ACTION (self));

  if (ca_set_str (&self->url, url))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
}

/* Setters of plain values that notify on a real change. */
#define VALUE_ACCESSORS(type, field, PROP, ...)                         \
type                                                                    \
ca_action_get_##field (CaAction *self)                                  \
{                                                                       \
  g_return_val_if_fail (CA_IS_ACTION (self), 0);                        \
  return self->field;                                                   \
}                                                                       \
                                                                        \
void                                                                    \
ca_action_set_##field (CaAction *self,                                  \
                       type      field)                                 \
{                                                                       \
  g_return_if_fail (CA_IS_ACTION (self));                               \
  __VA_ARGS__                                                           \
  if (self->field == field)                                             \
    return;                                                             \
  self->field = field;                                                  \
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);         \
}

VALUE_ACCESSORS (CaCategory, category, PROP_CATEGORY)
VALUE_ACCESSORS (CaMethod, method, PROP_METHOD)
VALUE_ACCESSORS (gboolean, dynamic_path, PROP_DYNAMIC_PATH, dynamic_path = !!dynamic_path;)
VALUE_ACCESSORS (guint, timeout_seconds, PROP_TIMEOUT_SECONDS)
VALUE_ACCESSORS (guint, retries, PROP_RETRIES)

#undef VALUE_ACCESSORS

GDateTime *
ca_action_get_modified (CaAction *self)
{
  g_return_val_if_fail (CA_IS_ACTION (self), NULL);

  return self->modified;
}

void
ca_action_set_modified (CaAction  *self,
                        GDateTime *modified)
{
  g_return_if_fail (CA_IS_ACTION (self));

  if (date_time_equal0 (self->modified, modified))
    return;

  g_clear_pointer (&self->modified, g_date_time_unref);
  self->modified = modified != NULL ? g_date_time_ref (modified) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

GPtrArray *
ca_action_get_headers (CaAction *self)
{
  g_return_val_if_fail (CA_IS_ACTION (self), NULL);

  return ensure_list (&self->headers);
}

GPtrArray *
ca_action_get_query (CaAction *self)
{
  g_return_val_if_fail (CA_IS_ACTION (self), NULL);

  return ensure_list (&self->query);
}

GPtrArray *
ca_action_get_request_fields (CaAction *self)
{
  g_return_val_if_fail (CA_IS_ACTION (self), NULL);

  return ensure_list (&self->request_fields);
}

GPtrArray *
ca_action_peek_headers (CaAction *self)
{
  return peek_list (self->headers);
}

GPtrArray *
ca_action_peek_query (CaAction *self)
{
  return peek_list (self->query);
}

GPtrArray *
ca_action_peek_request_fields (CaAction *self)
{
  return peek_list (self->request_fields);
}

void
ca_action_take_list (CaAction     *self,
                     CaActionList  which,
                     GPtrArray    *fields)
{
  GPtrArray **slot;

  g_return_if_fail (CA_IS_ACTION (self));

  switch (which)
    {
    case CA_ACTION_LIST_HEADERS:
      slot = &self->headers;
      break;
    case CA_ACTION_LIST_QUERY:
      slot = &self->query;
      break;
    case CA_ACTION_LIST_REQUEST_FIELDS:
    default:
      slot = &self->request_fields;
      break;
    }

  g_clear_pointer (slot, g_ptr_array_unref);
  if (fields != NULL && fields->len > 0)
    *slot = fields;
  else if (fields != NULL)
    g_ptr_array_unref (fields);
}

CaAuth *
ca_action_get_auth (CaAction *self)
{
  CaAuth *auth;

  g_return_val_if_fail (CA_IS_ACTION (self), NULL);

  auth = g_atomic_pointer_get (&self->auth);
  if (auth == NULL)
    {
      auth = ca_auth_new (CA_AUTH_TYPE_NONE);
      if (!g_atomic_pointer_compare_and_exchange (&self->auth, NULL, auth))
        {
          ca_auth_free (auth);
          auth = g_atomic_pointer_get (&self->auth);
        }
    }

  return auth;
}

CaAuth *
ca_action_peek_auth (CaAction *self)
{
  return self->auth != NULL ? self->auth : auth_none ();
}

void
ca_action_take_auth (CaAction *self,
                     CaAuth   *auth)
{
  g_return_if_fail (CA_IS_ACTION (self));

  if (auth == self->auth)
    return;

  g_clear_pointer (&self->auth, ca_auth_free);
  /* No authentication, the most common case, takes no memory. */
  if (auth != NULL && ca_auth_equal (auth, auth_none ()))
    g_clear_pointer (&auth, ca_auth_free);
  self->auth = auth;
}

void
ca_action_set_auth (CaAction *self,
                    CaAuth   *auth)
{
  g_return_if_fail (CA_IS_ACTION (self));

  if (auth == self->auth)
    return;

  ca_action_take_auth (self, ca_auth_copy (auth));
}

gboolean
ca_action_get_allow_null (CaAction *self)
{
  g_return_val_if_fail (CA_IS_ACTION (self), FALSE);

  return self->allow_null;
}

void
ca_action_set_allow_null (CaAction *self,
                          gboolean  allow_null)
{
  g_return_if_fail (CA_IS_ACTION (self));

  self->allow_null = !!allow_null;
}

#define SAMPLE_ACCESSORS(which)                                         \
JsonNode *                                                              \
ca_action_get_##which (CaAction *self)                                  \
{                                                                       \
  g_return_val_if_fail (CA_IS_ACTION (self), NULL);                     \
  return sample_get_node (&self->which);                                \
}                                                                       \
                                                                        \
void                                                                    \
ca_action_set_##which (CaAction *self,                                  \
                       JsonNode *sample)                                \
{                                                                       \
  g_return_if_fail (CA_IS_ACTION (self));                               \
  sample_set_node (&self->which, sample);                               \
}                                                                       \
                                                                        \
const char *                                                            \
ca_action_get_##which##_text (CaAction *self)                           \
{                                                                       \
  g_return_val_if_fail (CA_IS_ACTION (self), NULL);                     \
  return self->which.text;                                              \
}                                                                       \
                                                                        \
void                                                                    \
ca_action_set_##which##_text (CaAction   *self,                         \
                              const char *json)                         \
{                                                                       \
  g_return_if_fail (CA_IS_ACTION (self));                               \
  sample_set_text (&self->which, json);                                 \
}

SAMPLE_ACCESSORS (request_sample)
SAMPLE_ACCESSORS (response_sample)
SAMPLE_ACCESSORS (error_response_sample)

#undef SAMPLE_ACCESSORS

void
ca_action_get_capping (CaAction *self,
                       guint    *max_calls,
                       guint    *period_ms)
{
  g_return_if_fail (CA_IS_ACTION (self));

  if (max_calls != NULL)
    *max_calls = self->max_calls;
  if (period_ms != NULL)
    *period_ms = self->period_ms;
}

void
ca_action_set_capping (CaAction *self,
                       guint     max_calls,
                       guint     period_ms)
{
  g_return_if_fail (CA_IS_ACTION (self));

  self->max_calls = max_calls;
  self->period_ms = period_ms;
}

guint
ca_action_get_max_throughput (CaAction *self)
{
  g_return_val_if_fail (CA_IS_ACTION (self), 0);

  return self->max_throughput;
}

void
ca_action_set_max_throughput (CaAction *self,
                              guint     max_throughput)
{
  g_return_if_fail (CA_IS_ACTION (self));

  self->max_throughput = max_throughput;
}

void
ca_variable_free (CaVariable *self)
{
  if (self == NULL)
    return;

  g_free (self->key);
  g_clear_object (&self->field);
  g_free (self);
}

static void
add_variables (GPtrArray  *variables,
               GPtrArray  *fields,
               const char *prefix)
{
  for (guint i = 0; i < fields->len; i++)
    {
      CaField *field = g_ptr_array_index (fields, i);
      CaVariable *variable;

      if (ca_field_get_kind (field) != CA_FIELD_KIND_VARIABLE)
        continue;

      variable = g_new0 (CaVariable, 1);
      variable->key = g_strconcat (prefix, ca_field_get_name (field), NULL);
      variable->field = g_object_ref (field);
      g_ptr_array_add (variables, variable);
    }
}

GPtrArray *
ca_action_list_variables (CaAction *self)
{
  GPtrArray *variables;

  g_return_val_if_fail (CA_IS_ACTION (self), NULL);

  variables = g_ptr_array_new_with_free_func ((GDestroyNotify) ca_variable_free);
  add_variables (variables, peek_list (self->headers), "header.");
  add_variables (variables, peek_list (self->query), "query.");
  if (self->dynamic_path)
    {
      CaVariable *variable = g_new0 (CaVariable, 1);

      variable->key = g_strdup ("path");
      /* Translators: the dynamic path, the part added to the end of an
       * action's URL (like users/42) */
      variable->field = ca_field_new_full ("path", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_STRING,
                                           _("Path"), FALSE, NULL);
      g_ptr_array_add (variables, variable);
    }
  add_variables (variables, peek_list (self->request_fields), "body.");

  return variables;
}

/* The keys of ca_action_list_variables(), in its order. */
GStrv
ca_action_list_variable_keys (CaAction *self)
{
  g_autoptr(GPtrArray) variables = NULL;
  GPtrArray *keys;

  g_return_val_if_fail (CA_IS_ACTION (self), NULL);

  variables = ca_action_list_variables (self);
  keys = g_ptr_array_new ();
  for (guint i = 0; i < variables->len; i++)
    g_ptr_array_add (keys, g_strdup (((CaVariable *) g_ptr_array_index (variables, i))->key));
  g_ptr_array_add (keys, NULL);

  return (GStrv) g_ptr_array_free (keys, FALSE);
}
