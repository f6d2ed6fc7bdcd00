/* ca-field.c: a header, a query parameter or a payload field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ca-enums.h"
#include "ca-field-private.h"
#include "ca-util.h"

struct _CaField
{
  GObject      parent_instance;

  /* Reference-counted strings (GRefString): the same few names and labels
   * come back in thousands of actions, and copies of a field share them. */
  char        *name;
  char        *label;
  JsonNode    *value;
  CaFieldKind  kind;
  CaFieldType  type;
  guint        optional : 1;
};

G_DEFINE_FINAL_TYPE (CaField, ca_field, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_KIND,
  PROP_FIELD_TYPE,
  PROP_LABEL,
  PROP_OPTIONAL,
  PROP_VALUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ca_field_finalize (GObject *object)
{
  CaField *self = CA_FIELD (object);

  g_clear_pointer (&self->name, g_ref_string_release);
  g_clear_pointer (&self->label, g_ref_string_release);
  g_clear_pointer (&self->value, json_node_unref);

  G_OBJECT_CLASS (ca_field_parent_class)->finalize (object);
}

static void
ca_field_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  CaField *self = CA_FIELD (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_FIELD_TYPE:
      g_value_set_enum (value, self->type);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_OPTIONAL:
      g_value_set_boolean (value, self->optional);
      break;
    case PROP_VALUE:
      g_value_set_boxed (value, self->value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_field_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  CaField *self = CA_FIELD (object);

  switch (prop_id)
    {
    case PROP_NAME:
      ca_field_set_name (self, g_value_get_string (value));
      break;
    case PROP_KIND:
      ca_field_set_kind (self, g_value_get_enum (value));
      break;
    case PROP_FIELD_TYPE:
      ca_field_set_field_type (self, g_value_get_enum (value));
      break;
    case PROP_LABEL:
      ca_field_set_label (self, g_value_get_string (value));
      break;
    case PROP_OPTIONAL:
      ca_field_set_optional (self, g_value_get_boolean (value));
      break;
    case PROP_VALUE:
      ca_field_set_value (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_field_class_init (CaFieldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ca_field_finalize;
  object_class->get_property = ca_field_get_property;
  object_class->set_property = ca_field_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       CA_TYPE_FIELD_KIND, CA_FIELD_KIND_VARIABLE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIELD_TYPE] =
    g_param_spec_enum ("field-type", NULL, NULL,
                       CA_TYPE_FIELD_TYPE, CA_FIELD_TYPE_STRING,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OPTIONAL] =
    g_param_spec_boolean ("optional", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALUE] =
    g_param_spec_boxed ("value", NULL, NULL, JSON_TYPE_NODE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ca_field_init (CaField *self)
{
  self->kind = CA_FIELD_KIND_VARIABLE;
  self->type = CA_FIELD_TYPE_STRING;
}

static char *
ref_string_new0 (const char *text)
{
  return text != NULL ? g_ref_string_new (text) : NULL;
}

static char *
ref_string_acquire0 (char *text)
{
  return text != NULL ? g_ref_string_acquire (text) : NULL;
}

/* Replaces the GRefString *@slot by one of @text; TRUE when it changed. */
static gboolean
set_ref_string (char       **slot,
                const char  *text)
{
  if (g_strcmp0 (*slot, text) == 0)
    return FALSE;

  g_clear_pointer (slot, g_ref_string_release);
  *slot = ref_string_new0 (text);
  return TRUE;
}

CaField *
ca_field_new_shared (char        *name,
                     CaFieldKind  kind,
                     CaFieldType  type,
                     char        *label,
                     gboolean     optional,
                     JsonNode    *value)
{
  CaField *self = g_object_new (CA_TYPE_FIELD, NULL);

  /* Set directly: nobody listens yet, and loading big catalogs creates
   * many fields. */
  self->name = name;
  self->kind = kind;
  self->type = type;
  if (label != NULL && label[0] == '\0')
    g_clear_pointer (&label, g_ref_string_release);
  self->label = label;
  self->optional = !!optional;
  self->value = value;
  return self;
}

CaField *
ca_field_new (const char  *name,
              CaFieldKind  kind,
              CaFieldType  type)
{
  return ca_field_new_shared (ref_string_new0 (name), kind, type, NULL, FALSE, NULL);
}

CaField *
ca_field_new_full (const char  *name,
                   CaFieldKind  kind,
                   CaFieldType  type,
                   const char  *label,
                   gboolean     optional,
                   JsonNode    *value)
{
  return ca_field_new_shared (ref_string_new0 (name), kind, type, ref_string_new0 (label),
                              optional, ca_json_node_copy0 (value));
}

CaField *
ca_field_copy (CaField *self)
{
  g_return_val_if_fail (CA_IS_FIELD (self), NULL);

  return ca_field_new_shared (ref_string_acquire0 (self->name), self->kind, self->type,
                              ref_string_acquire0 (self->label), self->optional,
                              ca_json_node_copy0 (self->value));
}

gboolean
ca_field_equal (CaField *a,
                CaField *b)
{
  g_return_val_if_fail (CA_IS_FIELD (a), FALSE);
  g_return_val_if_fail (CA_IS_FIELD (b), FALSE);

  return g_strcmp0 (a->name, b->name) == 0 &&
         g_strcmp0 (a->label, b->label) == 0 &&
         a->kind == b->kind &&
         a->type == b->type &&
         a->optional == b->optional &&
         ca_json_node_equal0 (a->value, b->value);
}

const char *
ca_field_get_name (CaField *self)
{
  g_return_val_if_fail (CA_IS_FIELD (self), NULL);

  return self->name;
}

void
ca_field_set_name (CaField    *self,
                   const char *name)
{
  g_return_if_fail (CA_IS_FIELD (self));

  if (set_ref_string (&self->name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

CaFieldKind
ca_field_get_kind (CaField *self)
{
  g_return_val_if_fail (CA_IS_FIELD (self), CA_FIELD_KIND_CONSTANT);

  return self->kind;
}

void
ca_field_set_kind (CaField     *self,
                   CaFieldKind  kind)
{
  g_return_if_fail (CA_IS_FIELD (self));

  if (self->kind != kind)
    {
      self->kind = kind;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
    }
}

CaFieldType
ca_field_get_field_type (CaField *self)
{
  g_return_val_if_fail (CA_IS_FIELD (self), CA_FIELD_TYPE_STRING);

  return self->type;
}

void
ca_field_set_field_type (CaField     *self,
                         CaFieldType  type)
{
  g_return_if_fail (CA_IS_FIELD (self));

  if (self->type != type)
    {
      self->type = type;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIELD_TYPE]);
    }
}

const char *
ca_field_get_label (CaField *self)
{
  g_return_val_if_fail (CA_IS_FIELD (self), NULL);

  return self->label;
}

void
ca_field_set_label (CaField    *self,
                    const char *label)
{
  g_return_if_fail (CA_IS_FIELD (self));

  if (label != NULL && label[0] == '\0')
    label = NULL;

  if (set_ref_string (&self->label, label))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
}

const char *
ca_field_get_display_label (CaField *self)
{
  g_return_val_if_fail (CA_IS_FIELD (self), NULL);

  return self->label != NULL ? self->label : self->name;
}

gboolean
ca_field_get_optional (CaField *self)
{
  g_return_val_if_fail (CA_IS_FIELD (self), FALSE);

  return self->optional;
}

void
ca_field_set_optional (CaField  *self,
                       gboolean  optional)
{
  g_return_if_fail (CA_IS_FIELD (self));

  optional = !!optional;
  if (self->optional != optional)
    {
      self->optional = optional;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPTIONAL]);
    }
}

JsonNode *
ca_field_get_value (CaField *self)
{
  g_return_val_if_fail (CA_IS_FIELD (self), NULL);

  return self->value;
}

void
ca_field_set_value (CaField  *self,
                    JsonNode *value)
{
  g_return_if_fail (CA_IS_FIELD (self));

  if (ca_json_node_equal0 (self->value, value))
    return;

  g_clear_pointer (&self->value, json_node_unref);
  self->value = ca_json_node_copy0 (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}
