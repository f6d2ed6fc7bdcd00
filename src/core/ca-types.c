/* ca-types.c: the format's words for the enumerations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ca-enums.h"
#include "ca-types.h"

#include <stdio.h>
#include <string.h>

/* The class of an enum type, referenced once and kept: the format's
 * words are looked up for every key of every action read. */
static GEnumClass *
enum_class (GType enum_type)
{
  GEnumClass *klass = g_type_class_peek (enum_type);

  return klass != NULL ? klass : g_type_class_ref (enum_type);
}

const char *
ca_enum_to_nick (GType enum_type,
                 int   value)
{
  GEnumValue *ev = g_enum_get_value (enum_class (enum_type), value);

  return ev != NULL ? ev->value_nick : NULL;
}

gboolean
ca_enum_from_nick (GType       enum_type,
                   const char *nick,
                   int        *value)
{
  GEnumValue *ev;

  if (nick == NULL)
    return FALSE;

  /* g_enum_get_value_by_nick() without a call per candidate: files name a
   * type for every field. */
  {
    GEnumClass *klass = enum_class (enum_type);

    for (guint i = 0; i < klass->n_values; i++)
      {
        ev = &klass->values[i];
        if (ev->value_nick[0] == nick[0] && strcmp (ev->value_nick, nick) == 0)
          {
            *value = ev->value;
            return TRUE;
          }
      }
  }

  return FALSE;
}

char *
ca_enum_list_nicks (GType enum_type)
{
  GEnumClass *klass = enum_class (enum_type);
  g_autoptr(GString) head = g_string_new (NULL);
  const char *last;

  if (klass->n_values == 1)
    return g_strdup (klass->values[0].value_nick);

  for (guint i = 0; i + 1 < klass->n_values; i++)
    {
      if (i > 0)
        g_string_append (head, ", ");
      g_string_append (head, klass->values[i].value_nick);
    }
  last = klass->values[klass->n_values - 1].value_nick;

  /* Translators: the end of a list of values to choose from, as in
   * "string, integer or listAny": %s are the values before and the last */
  return g_strdup_printf (C_("list of choices", "%s or %s"), head->str, last);
}

gboolean
ca_field_type_is_list (CaFieldType type)
{
  return type >= CA_FIELD_TYPE_LIST_STRING;
}

gboolean
ca_is_date_time (const char *text)
{
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL || strchr (text, 'T') == NULL)
    return FALSE;

  /* Without a default zone, only a text with an offset parses. */
  dt = g_date_time_new_from_iso8601 (text, NULL);
  return dt != NULL;
}

gboolean
ca_is_date_time_only (const char *text)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL || strchr (text, 'T') == NULL || ca_is_date_time (text))
    return FALSE;

  utc = g_time_zone_new_utc ();
  dt = g_date_time_new_from_iso8601 (text, utc);
  return dt != NULL;
}

gboolean
ca_is_date_only (const char *text)
{
  guint year, month, day;
  char end;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;

  for (guint i = 0; i < 10; i++)
    {
      if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
        return FALSE;
    }

  if (sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &end) != 3)
    return FALSE;

  return g_date_valid_dmy (day, month, year);
}

CaFieldType
ca_field_type_element (CaFieldType type)
{
  switch (type)
    {
    case CA_FIELD_TYPE_LIST_STRING:
      return CA_FIELD_TYPE_STRING;
    case CA_FIELD_TYPE_LIST_INTEGER:
      return CA_FIELD_TYPE_INTEGER;
    case CA_FIELD_TYPE_LIST_DECIMAL:
      return CA_FIELD_TYPE_DECIMAL;
    case CA_FIELD_TYPE_LIST_BOOLEAN:
      return CA_FIELD_TYPE_BOOLEAN;
    case CA_FIELD_TYPE_LIST_DATE_TIME:
      return CA_FIELD_TYPE_DATE_TIME;
    case CA_FIELD_TYPE_LIST_DATE_TIME_ONLY:
      return CA_FIELD_TYPE_DATE_TIME_ONLY;
    case CA_FIELD_TYPE_LIST_DATE_ONLY:
      return CA_FIELD_TYPE_DATE_ONLY;
    case CA_FIELD_TYPE_STRING:
    case CA_FIELD_TYPE_INTEGER:
    case CA_FIELD_TYPE_DECIMAL:
    case CA_FIELD_TYPE_BOOLEAN:
    case CA_FIELD_TYPE_DATE_TIME:
    case CA_FIELD_TYPE_DATE_TIME_ONLY:
    case CA_FIELD_TYPE_DATE_ONLY:
    case CA_FIELD_TYPE_LIST_OBJECT:
    case CA_FIELD_TYPE_LIST_ANY:
    default:
      return type;
    }
}

static gboolean
scalar_accepts (CaFieldType  type,
                JsonNode    *value)
{
  GType value_type;

  if (!JSON_NODE_HOLDS_VALUE (value))
    return FALSE;

  value_type = json_node_get_value_type (value);
  switch (type)
    {
    case CA_FIELD_TYPE_STRING:
      return value_type == G_TYPE_STRING;
    case CA_FIELD_TYPE_INTEGER:
      return value_type == G_TYPE_INT64;
    case CA_FIELD_TYPE_DECIMAL:
      return value_type == G_TYPE_INT64 || value_type == G_TYPE_DOUBLE;
    case CA_FIELD_TYPE_BOOLEAN:
      return value_type == G_TYPE_BOOLEAN;
    case CA_FIELD_TYPE_DATE_TIME:
      return value_type == G_TYPE_STRING && ca_is_date_time (json_node_get_string (value));
    case CA_FIELD_TYPE_DATE_TIME_ONLY:
      return value_type == G_TYPE_STRING && ca_is_date_time_only (json_node_get_string (value));
    case CA_FIELD_TYPE_DATE_ONLY:
      return value_type == G_TYPE_STRING && ca_is_date_only (json_node_get_string (value));
    case CA_FIELD_TYPE_LIST_STRING:
    case CA_FIELD_TYPE_LIST_INTEGER:
    case CA_FIELD_TYPE_LIST_DECIMAL:
    case CA_FIELD_TYPE_LIST_BOOLEAN:
    case CA_FIELD_TYPE_LIST_DATE_TIME:
    case CA_FIELD_TYPE_LIST_DATE_TIME_ONLY:
    case CA_FIELD_TYPE_LIST_DATE_ONLY:
    case CA_FIELD_TYPE_LIST_OBJECT:
    case CA_FIELD_TYPE_LIST_ANY:
    default:
      return FALSE;
    }
}

gboolean
ca_field_type_accepts (CaFieldType  type,
                       JsonNode    *value)
{
  JsonArray *array;
  CaFieldType element;

  g_return_val_if_fail (value != NULL, FALSE);

  if (!ca_field_type_is_list (type))
    return scalar_accepts (type, value);

  if (!JSON_NODE_HOLDS_ARRAY (value))
    return FALSE;
  if (type == CA_FIELD_TYPE_LIST_ANY)
    return TRUE;

  array = json_node_get_array (value);
  element = ca_field_type_element (type);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (type == CA_FIELD_TYPE_LIST_OBJECT ? !JSON_NODE_HOLDS_OBJECT (item)
                                            : !scalar_accepts (element, item))
        return FALSE;
    }

  return TRUE;
}

static CaFieldType
guess_scalar (JsonNode *value)
{
  const char *text;

  switch (json_node_get_value_type (value))
    {
    case G_TYPE_INT64:
      return CA_FIELD_TYPE_INTEGER;
    case G_TYPE_DOUBLE:
      return CA_FIELD_TYPE_DECIMAL;
    case G_TYPE_BOOLEAN:
      return CA_FIELD_TYPE_BOOLEAN;
    case G_TYPE_STRING:
      text = json_node_get_string (value);
      if (ca_is_date_time (text))
        return CA_FIELD_TYPE_DATE_TIME;
      if (ca_is_date_time_only (text))
        return CA_FIELD_TYPE_DATE_TIME_ONLY;
      if (ca_is_date_only (text))
        return CA_FIELD_TYPE_DATE_ONLY;
      return CA_FIELD_TYPE_STRING;
    default:
      return CA_FIELD_TYPE_STRING;
    }
}

/* The list type whose elements are of @element's type. */
static CaFieldType
list_of (CaFieldType element)
{
  for (CaFieldType t = CA_FIELD_TYPE_LIST_STRING; t <= CA_FIELD_TYPE_LIST_DATE_ONLY; t++)
    {
      if (ca_field_type_element (t) == element)
        return t;
    }

  return CA_FIELD_TYPE_LIST_ANY;
}

CaFieldType
ca_field_type_guess (JsonNode *value)
{
  JsonArray *array;
  JsonNode *first;
  CaFieldType guess;

  g_return_val_if_fail (value != NULL, CA_FIELD_TYPE_STRING);

  if (JSON_NODE_HOLDS_VALUE (value))
    return guess_scalar (value);
  if (!JSON_NODE_HOLDS_ARRAY (value))
    return CA_FIELD_TYPE_STRING;

  array = json_node_get_array (value);
  if (json_array_get_length (array) == 0)
    return CA_FIELD_TYPE_LIST_ANY;

  first = json_array_get_element (array, 0);
  if (JSON_NODE_HOLDS_OBJECT (first))
    guess = CA_FIELD_TYPE_LIST_OBJECT;
  else if (JSON_NODE_HOLDS_VALUE (first))
    guess = list_of (guess_scalar (first));
  else
    return CA_FIELD_TYPE_LIST_ANY;

  if (ca_field_type_accepts (guess, value))
    return guess;
  /* Mixed integers and decimals make a list of decimals. */
  if (ca_field_type_accepts (CA_FIELD_TYPE_LIST_DECIMAL, value))
    return CA_FIELD_TYPE_LIST_DECIMAL;
  return CA_FIELD_TYPE_LIST_ANY;
}

/* What each type holds, in the order of CaFieldType; the type's own word
 * is the format's and stays as it is. */
static const char * const type_descriptions[] = {
  /* Translators: what a field of type "string" holds */
  N_("Text"),
  /* Translators: what a field of type "integer" holds */
  N_("A whole number"),
  /* Translators: what a field of type "decimal" holds */
  N_("A number, with or without decimals"),
  /* Translators: what a field of type "boolean" holds; true and false are
   * JSON words, keep them as they are */
  N_("true or false"),
  N_("A date and time with an offset, e.g. 2024-05-01T09:30:00+02:00"),
  N_("A date and time without an offset, e.g. 2024-05-01T09:30:00"),
  N_("A date, e.g. 2024-05-01"),
  N_("A list of texts"),
  N_("A list of whole numbers"),
  N_("A list of numbers"),
  /* Translators: true and false are JSON words, keep them as they are */
  N_("A list of true/false values"),
  N_("A list of dates and times with an offset"),
  N_("A list of dates and times without an offset"),
  N_("A list of dates"),
  N_("A list of JSON objects"),
  N_("A list of any JSON values"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (type_descriptions) == CA_FIELD_TYPE_LIST_ANY + 1);

/* What a value of @type holds, for people (translated); the type's own
 * word, ca_enum_to_nick(), is the file format's and stays as it is. The
 * configuration dialog and the details page both say it. */
const char *
ca_field_type_describe (CaFieldType type)
{
  g_return_val_if_fail ((guint) type < G_N_ELEMENTS (type_descriptions), "");

  return _(type_descriptions[type]);
}
