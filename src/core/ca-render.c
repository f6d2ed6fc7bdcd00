/* ca-render.c: an action and values for its variables → a request
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "ca-enums.h"
#include "ca-json.h"
#include "ca-json-writer.h"
#include "ca-render.h"

/* Rendering checks every value before it builds anything, and says what
 * is wrong in words a marketer can act on: the messages reach the send
 * dialog and the command line as they are. */

G_DEFINE_QUARK (ca-render-error-quark, ca_render_error)

/* A value shown in a message is cut after this many characters: a pasted
 * document must not fill the dialog. */
#define SHOWN_MAX 40

static char *
cut (const char *text)
{
  if (g_utf8_strlen (text, -1) <= SHOWN_MAX)
    return g_strdup (text);

  {
    g_autofree char *head = g_utf8_substring (text, 0, SHOWN_MAX);

    return g_strconcat (head, "…", NULL);
  }
}

/* Text the user typed, as a message shows it. */
static char *
show_text (const char *text)
{
  g_autofree char *shown = cut (text);

  return g_strdup_printf ("\"%s\"", shown);
}

/* A JSON value (a list element), as a message shows it. */
static char *
show_json (const CaJson *value)
{
  g_autofree char *json = ca_json_value_to_compact_string (value);

  return cut (json);
}

static void G_GNUC_PRINTF (3, 4)
set_error (GError        **error,
           CaRenderError   code,
           const char     *format,
           ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, CA_RENDER_ERROR, code, message);
}

/* "@key: @shown is not a @type; write it like …", for a value of a
 * scalar type or an element of a list. Whole sentences per type, so that
 * translators see them whole. */
static void
set_not_a (GError      **error,
           const char   *key,
           CaFieldType   type,
           const char   *shown)
{
  CaRenderError code = CA_RENDER_ERROR_TYPE;

  /* In all the messages below, the first %s is the key of a value
   * ("body.badge", "query.lang", "body.tags[2]"), the second the value as
   * it was given; the words after "not a" name types of the action file. */
  switch (ca_field_type_element (type))
    {
    case CA_FIELD_TYPE_STRING:
      set_error (error, code,
                 /* Translators: the key, then the value as given; keep the type name. */
                 _("%s: %s is not a string; write each item in double quotes, "
                   "like [\"a\", \"b\"]"), key, shown);
      break;
    case CA_FIELD_TYPE_INTEGER:
      set_error (error, code,
                 /* Translators: the key, then the value as given; keep the type name. */
                 _("%s: %s is not an integer; write a whole number such as 3"),
                 key, shown);
      break;
    case CA_FIELD_TYPE_DECIMAL:
      set_error (error, code,
                 /* Translators: the key, then the value as given; keep the type name. */
                 _("%s: %s is not a decimal number; write a number such as 2.5"),
                 key, shown);
      break;
    case CA_FIELD_TYPE_BOOLEAN:
      set_error (error, code,
                 /* Translators: the key, then the value as given; keep the type name. */
                 _("%s: %s is not a boolean; write true or false"), key, shown);
      break;
    case CA_FIELD_TYPE_DATE_TIME:
      set_error (error, code,
                 /* Translators: the key, then the value as given; keep the type name. */
                 _("%s: %s is not a dateTime; write a date and time with its "
                   "offset from UTC, like 2024-05-17T09:30:00+02:00 or "
                   "2024-05-17T07:30:00Z"), key, shown);
      break;
    case CA_FIELD_TYPE_DATE_TIME_ONLY:
      set_error (error, code,
                 /* Translators: the key, then the value as given; keep the type name. */
                 _("%s: %s is not a dateTimeOnly; write a date and time without "
                   "an offset, like 2024-05-17T09:30:00"), key, shown);
      break;
    case CA_FIELD_TYPE_DATE_ONLY:
      set_error (error, code,
                 /* Translators: the key, then the value as given; keep the type name. */
                 _("%s: %s is not a dateOnly; write a date like 2024-05-17"),
                 key, shown);
      break;
    case CA_FIELD_TYPE_LIST_OBJECT:
      set_error (error, code,
                 /* Translators: the key, then the value as given; keep the type name. */
                 _("%s: %s is not an object; listObject takes a list of objects, "
                   "like [{\"sku\": \"A1\"}]"), key, shown);
      break;
    case CA_FIELD_TYPE_LIST_STRING:
    case CA_FIELD_TYPE_LIST_INTEGER:
    case CA_FIELD_TYPE_LIST_DECIMAL:
    case CA_FIELD_TYPE_LIST_BOOLEAN:
    case CA_FIELD_TYPE_LIST_DATE_TIME:
    case CA_FIELD_TYPE_LIST_DATE_TIME_ONLY:
    case CA_FIELD_TYPE_LIST_DATE_ONLY:
    case CA_FIELD_TYPE_LIST_ANY:
    default:
      g_assert_not_reached ();
    }
}

/* What a list of @type looks like, for messages: JSON, not translated. */
static const char *
list_example (CaFieldType type)
{
  switch (type)
    {
    case CA_FIELD_TYPE_LIST_STRING:
      return "[\"a\", \"b\"]";
    case CA_FIELD_TYPE_LIST_INTEGER:
      return "[1, 2, 3]";
    case CA_FIELD_TYPE_LIST_DECIMAL:
      return "[1.5, 2]";
    case CA_FIELD_TYPE_LIST_BOOLEAN:
      return "[true, false]";
    case CA_FIELD_TYPE_LIST_DATE_TIME:
      return "[\"2024-05-17T09:30:00+02:00\"]";
    case CA_FIELD_TYPE_LIST_DATE_TIME_ONLY:
      return "[\"2024-05-17T09:30:00\"]";
    case CA_FIELD_TYPE_LIST_DATE_ONLY:
      return "[\"2024-05-17\"]";
    case CA_FIELD_TYPE_LIST_OBJECT:
      return "[{\"sku\": \"A1\", \"qty\": 2}]";
    case CA_FIELD_TYPE_LIST_ANY:
    default:
      return "[1, \"a\", {\"b\": true}]";
    }
}

/* A JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? and
 * nothing else; @is_integer when it has neither fraction nor exponent. */
static gboolean
is_json_number (const char *text,
                gboolean   *is_integer)
{
  const char *p = text;

  *is_integer = TRUE;
  if (*p == '-')
    p++;
  if (*p == '0')
    p++;
  else if (*p >= '1' && *p <= '9')
    while (g_ascii_isdigit (*p))
      p++;
  else
    return FALSE;

  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
      *is_integer = FALSE;
    }

  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
      *is_integer = FALSE;
    }

  return *p == '\0';
}

static JsonNode *
parse_integer (const char  *key,
               const char  *text,
               GError     **error)
{
  gboolean is_integer;
  gint64 value;
  g_autofree char *shown = show_text (text);

  if (!is_json_number (text, &is_integer) || !is_integer)
    {
      set_not_a (error, key, CA_FIELD_TYPE_INTEGER, shown);
      return NULL;
    }

  if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value, NULL))
    {
      set_error (error, CA_RENDER_ERROR_TYPE,
                 _("%s: %s is too large for an integer; use a whole number from "
                   "-9223372036854775808 to 9223372036854775807"), key, shown);
      return NULL;
    }

  return json_node_init_int (json_node_alloc (), value);
}

/* Whole numbers stay integers: a decimal field accepts them as they are,
 * and "3" is sent as 3, not 3.0. */
static JsonNode *
parse_decimal (const char  *key,
               const char  *text,
               GError     **error)
{
  gboolean is_integer;
  gint64 integer;
  double value;
  g_autofree char *shown = show_text (text);

  if (!is_json_number (text, &is_integer))
    {
      set_not_a (error, key, CA_FIELD_TYPE_DECIMAL, shown);
      return NULL;
    }

  if (is_integer && g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &integer, NULL))
    return json_node_init_int (json_node_alloc (), integer);

  value = g_ascii_strtod (text, NULL);
  if (!isfinite (value))
    {
      set_error (error, CA_RENDER_ERROR_TYPE,
                 _("%s: %s is too large for a decimal number; use a smaller number"), key, shown);
      return NULL;
    }

  return json_node_init_double (json_node_alloc (), value);
}

/* Strings, booleans and dates: the text is the value, when it fits. */
static gboolean
text_fits (CaFieldType  type,
           const char  *text)
{
  switch (type)
    {
    case CA_FIELD_TYPE_STRING:
      return TRUE;
    case CA_FIELD_TYPE_BOOLEAN:
      return strcmp (text, "true") == 0 || strcmp (text, "false") == 0;
    case CA_FIELD_TYPE_DATE_TIME:
      return ca_is_date_time (text);
    case CA_FIELD_TYPE_DATE_TIME_ONLY:
      return ca_is_date_time_only (text);
    case CA_FIELD_TYPE_DATE_ONLY:
      return ca_is_date_only (text);
    case CA_FIELD_TYPE_INTEGER:
    case CA_FIELD_TYPE_DECIMAL:
    default:
      return FALSE;
    }
}

static JsonNode *
parse_scalar (const char  *key,
              CaFieldType  type,
              const char  *text,
              GError     **error)
{
  if (type == CA_FIELD_TYPE_INTEGER)
    return parse_integer (key, text, error);
  if (type == CA_FIELD_TYPE_DECIMAL)
    return parse_decimal (key, text, error);

  if (!text_fits (type, text))
    {
      g_autofree char *shown = show_text (text);

      set_not_a (error, key, type, shown);
      return NULL;
    }

  if (type == CA_FIELD_TYPE_BOOLEAN)
    return json_node_init_boolean (json_node_alloc (), text[0] == 't');

  return json_node_init_string (json_node_alloc (), text);
}

/* Whether a (non-null) element of a list fits the list's @type. */
static gboolean
element_fits (CaFieldType   type,
              const CaJson *element)
{
  switch (type)
    {
    case CA_FIELD_TYPE_LIST_ANY:
      return TRUE;
    case CA_FIELD_TYPE_LIST_OBJECT:
      return element->kind == CA_JSON_OBJECT;
    case CA_FIELD_TYPE_LIST_INTEGER:
      return element->kind == CA_JSON_INTEGER;
    case CA_FIELD_TYPE_LIST_DECIMAL:
      return element->kind == CA_JSON_INTEGER || element->kind == CA_JSON_DECIMAL;
    case CA_FIELD_TYPE_LIST_BOOLEAN:
      return element->kind == CA_JSON_BOOLEAN;
    case CA_FIELD_TYPE_LIST_STRING:
    case CA_FIELD_TYPE_LIST_DATE_TIME:
    case CA_FIELD_TYPE_LIST_DATE_TIME_ONLY:
    case CA_FIELD_TYPE_LIST_DATE_ONLY:
      return element->kind == CA_JSON_STRING &&
             text_fits (ca_field_type_element (type), element->string);
    case CA_FIELD_TYPE_STRING:
    case CA_FIELD_TYPE_INTEGER:
    case CA_FIELD_TYPE_DECIMAL:
    case CA_FIELD_TYPE_BOOLEAN:
    case CA_FIELD_TYPE_DATE_TIME:
    case CA_FIELD_TYPE_DATE_TIME_ONLY:
    case CA_FIELD_TYPE_DATE_ONLY:
    default:
      return FALSE;
    }
}

static JsonNode *
empty_list (void)
{
  g_autoptr(JsonArray) array = json_array_new ();

  return json_node_init_array (json_node_alloc (), array);
}

/* Only the list's own elements are looked at: nulls deeper down, inside
 * the objects of a listObject for instance, are the value's own business. */
static JsonNode *
parse_list (const char   *key,
            CaFieldType   type,
            const char   *text,
            gboolean      allow_null,
            GError      **error)
{
  g_autoptr(CaJsonDocument) document = ca_json_document_parse (text, strlen (text), NULL);
  const CaJson *root = document != NULL ? ca_json_document_get_root (document) : NULL;
  g_autoptr(JsonArray) array = NULL;

  if (root != NULL && root->kind == CA_JSON_NULL && allow_null)
    return empty_list ();

  if (root == NULL || root->kind != CA_JSON_ARRAY)
    {
      g_autofree char *shown = show_text (text);

      set_error (error, CA_RENDER_ERROR_TYPE,
                 /* Translators: the third %s is a type name ("listInteger"),
                  * the fourth an example in JSON; keep both as they are. */
                 _("%s: %s is not a list; a %s value is a JSON array, like %s"),
                 key, shown, ca_enum_to_nick (CA_TYPE_FIELD_TYPE, type), list_example (type));
      return NULL;
    }

  array = json_array_sized_new (root->n_children);
  for (guint i = 0; i < root->n_children; i++)
    {
      const CaJson *element = &root->children[i];

      if (element->kind == CA_JSON_NULL && allow_null)
        continue;

      if (element->kind == CA_JSON_NULL)
        {
          set_error (error, CA_RENDER_ERROR_TYPE,
                     _("%s[%u]: null is not allowed, as this action's payload does not allow "
                       "null values; remove it"), key, i);
          return NULL;
        }

      if (!element_fits (type, element))
        {
          g_autofree char *element_key = g_strdup_printf ("%s[%u]", key, i);
          g_autofree char *shown = show_json (element);

          set_not_a (error, element_key, type, shown);
          return NULL;
        }

      json_array_add_element (array, ca_json_to_node (element));
    }

  return json_node_init_array (json_node_alloc (), array);
}

JsonNode *
ca_render_parse_value_full (const char   *key,
                            CaFieldType   type,
                            const char   *text,
                            gboolean      allow_null,
                            GError      **error)
{
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Command-line arguments come in the locale's encoding; JSON, URLs
   * and headers want UTF-8. */
  if (!g_utf8_validate (text, -1, NULL))
    {
      set_error (error, CA_RENDER_ERROR_TYPE,
                 _("%s: the value is not valid UTF-8 text; enter it again as UTF-8"), key);
      return NULL;
    }

  if (ca_field_type_is_list (type))
    return parse_list (key, type, text, allow_null, error);

  return parse_scalar (key, type, text, error);
}

JsonNode *
ca_render_parse_value (const char   *key,
                       CaFieldType   type,
                       const char   *text,
                       GError      **error)
{
  return ca_render_parse_value_full (key, type, text, FALSE, error);
}

/* The value given for @key; NULL, like no entry at all, means none. */
static const char *
lookup_value (GHashTable *values,
              const char *key)
{
  return values != NULL ? g_hash_table_lookup (values, key) : NULL;
}

static void
set_missing (GError    **error,
             const char *key,
             CaField    *field)
{
  set_error (error, CA_RENDER_ERROR_MISSING,
             /* Translators: "body.to: no value given; "Device token" needs a
              * value of type string". The last %s is a type name: keep it. */
             _("%s: no value given; \"%s\" needs a value of type %s"),
             key, ca_field_get_display_label (field),
             ca_enum_to_nick (CA_TYPE_FIELD_TYPE, ca_field_get_field_type (field)));
}

/* The field of @fields named @name, if it is a constant. */
static gboolean
names_constant (GPtrArray  *fields,
                const char *name)
{
  for (guint i = 0; i < fields->len; i++)
    {
      CaField *field = g_ptr_array_index (fields, i);

      if (g_strcmp0 (ca_field_get_name (field), name) == 0)
        return ca_field_get_kind (field) == CA_FIELD_KIND_CONSTANT;
    }

  return FALSE;
}

static gboolean
is_constant_key (CaAction   *action,
                 const char *key)
{
  if (g_str_has_prefix (key, "header."))
    return names_constant (ca_action_get_headers (action), key + strlen ("header."));
  if (g_str_has_prefix (key, "query."))
    return names_constant (ca_action_get_query (action), key + strlen ("query."));
  if (g_str_has_prefix (key, "body."))
    return names_constant (ca_action_get_request_fields (action), key + strlen ("body."));
  return FALSE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
set_unknown (GError     **error,
             CaAction    *action,
             const char  *key,
             GStrv        keys)
{
  g_autofree char *list = g_strjoinv (", ", keys);

  if (is_constant_key (action, key))
    set_error (error, CA_RENDER_ERROR_UNKNOWN,
               _("%s is a constant of this action, so it takes no value; change it in the "
                 "action's configuration"), key);
  else if (keys[0] == NULL)
    set_error (error, CA_RENDER_ERROR_UNKNOWN,
               _("%s is not a variable of this action, which has no variables"), key);
  else
    set_error (error, CA_RENDER_ERROR_UNKNOWN,
               /* Translators: the second %s lists keys: "header.X-Tenant, body.to". */
               _("%s is not a variable of this action; its variables are %s"), key, list);
}

/* Every key of @values names a variable. When several do not, the first
 * in alphabetical order is reported, so that the message does not depend
 * on the hash table's order. */
static gboolean
check_keys (CaAction    *action,
            GHashTable  *values,
            GError     **error)
{
  g_auto(GStrv) keys = NULL;
  g_autoptr(GPtrArray) unknown = NULL;
  GHashTableIter iter;
  gpointer key;

  if (values == NULL || g_hash_table_size (values) == 0)
    return TRUE;

  keys = ca_action_list_variable_keys (action);
  unknown = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, values);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (!g_strv_contains ((const char * const *) keys, key))
        g_ptr_array_add (unknown, key);
    }

  if (unknown->len == 0)
    return TRUE;

  g_ptr_array_sort (unknown, compare_strings);
  set_unknown (error, action, g_ptr_array_index (unknown, 0), keys);
  return FALSE;
}

/* RFC 7230 allows no control characters in a field value but tab; a line
 * break would even start a header of the user's choosing. */
static gboolean
check_header_value (const char  *key,
                    const char  *text,
                    GError     **error)
{
  for (const guchar *p = (const guchar *) text; *p; p++)
    {
      if (*p == '\r' || *p == '\n')
        {
          set_error (error, CA_RENDER_ERROR_INVALID,
                     _("%s: the value has a line break; a header value must fit on one line"), key);
          return FALSE;
        }

      if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
        {
          set_error (error, CA_RENDER_ERROR_INVALID,
                     _("%s: the value has a control character (0x%02X); remove it"), key, *p);
          return FALSE;
        }
    }

  return TRUE;
}

/* The text to send for a header or query parameter, NULL when an
 * optional one has no value, or FALSE with an error. Variables are sent
 * as the text given, once it is known to fit their type. */
static gboolean
param_text (CaField     *field,
            const char  *key,
            GHashTable  *values,
            const char **text,
            GError     **error)
{
  g_autoptr(JsonNode) parsed = NULL;

  if (ca_field_get_kind (field) == CA_FIELD_KIND_CONSTANT)
    {
      JsonNode *value = ca_field_get_value (field);

      *text = value != NULL && JSON_NODE_HOLDS_VALUE (value) ? json_node_get_string (value) : NULL;
      if (*text == NULL)
        set_error (error, CA_RENDER_ERROR_INVALID,
                   _("%s: this constant has no text value; give it one in the action's "
                     "configuration"), key);
      return *text != NULL;
    }

  *text = lookup_value (values, key);
  if (*text == NULL)
    {
      if (!ca_field_get_optional (field))
        set_missing (error, key, field);
      return ca_field_get_optional (field);
    }

  parsed = ca_render_parse_value (key, ca_field_get_field_type (field), *text, error);
  return parsed != NULL;
}

/* Headers (@is_header) or query parameters, in the action's order. */
static gboolean
render_params (CaRequest   *request,
               GPtrArray   *fields,
               GHashTable  *values,
               gboolean     is_header,
               GError     **error)
{
  for (guint i = 0; i < fields->len; i++)
    {
      CaField *field = g_ptr_array_index (fields, i);
      const char *name = ca_field_get_name (field);
      g_autofree char *key = g_strconcat (is_header ? "header." : "query.", name, NULL);
      const char *text;

      if (!param_text (field, key, values, &text, error))
        return FALSE;
      if (text == NULL)
        continue;

      if (is_header)
        {
          if (!check_header_value (key, text, error))
            return FALSE;
          ca_request_set_header (request, name, text, FALSE);
        }
      else
        {
          ca_request_add_query (request, name, text, FALSE);
        }
    }

  return TRUE;
}

static gboolean
check_segment (const char  *text,
               const char  *segment,
               GError     **error)
{
  if (segment[0] == '\0')
    {
      g_autofree char *shown = show_text (text);

      set_error (error, CA_RENDER_ERROR_INVALID,
                 _("path: %s has an empty segment (a '/' at the start or the end, or two in "
                   "a row); remove the extra '/'"), shown);
      return FALSE;
    }

  /* Even encoded, "." and ".." are resolved away by the server: the
   * request would go somewhere the action does not say. */
  if (strcmp (segment, ".") == 0 || strcmp (segment, "..") == 0)
    {
      g_autofree char *shown = show_text (text);

      set_error (error, CA_RENDER_ERROR_INVALID,
                 _("path: %s has a \".\" or \"..\" segment, which would change the address; "
                   "write the path without it"), shown);
      return FALSE;
    }

  return TRUE;
}

/* With dynamicPath, the "path" value goes after the URL's path: '/'
 * separates segments and each segment is percent-encoded, so "a b/c?d"
 * becomes ".../a%20b/c%3Fd". */
static gboolean
render_path (CaRequest   *request,
             CaAction    *action,
             GHashTable  *values,
             GError     **error)
{
  const char *text;
  g_auto(GStrv) segments = NULL;
  g_autoptr(JsonNode) parsed = NULL;
  GString *url;

  if (!ca_action_get_dynamic_path (action))
    return TRUE;

  text = lookup_value (values, "path");
  if (text == NULL || text[0] == '\0')
    {
      set_error (error, text == NULL ? CA_RENDER_ERROR_MISSING : CA_RENDER_ERROR_INVALID,
                 _("path: no value given; enter the path to add to the address, like users/42"));
      return FALSE;
    }

  parsed = ca_render_parse_value ("path", CA_FIELD_TYPE_STRING, text, error);
  if (parsed == NULL)
    return FALSE;

  segments = g_strsplit (text, "/", -1);
  for (guint i = 0; segments[i] != NULL; i++)
    {
      if (!check_segment (text, segments[i], error))
        return FALSE;
    }

  url = g_string_new (request->base_url);
  if (!g_str_has_suffix (url->str, "/"))
    g_string_append_c (url, '/');
  for (guint i = 0; segments[i] != NULL; i++)
    {
      g_autofree char *encoded = ca_percent_encode (segments[i]);

      if (i > 0)
        g_string_append_c (url, '/');
      g_string_append (url, encoded);
    }

  g_free (request->base_url);
  request->base_url = g_string_free (url, FALSE);
  return TRUE;
}

static void
slot_free (gpointer node)
{
  if (node != NULL)
    json_node_unref (node);
}

/* What goes in place of a payload field's sample value: the value to
 * send, or NULL to leave the member out. FALSE with an error. */
static gboolean
payload_value (CaField     *field,
               const char  *key,
               GHashTable  *values,
               gboolean     allow_null,
               JsonNode   **value,
               GError     **error)
{
  CaFieldType type = ca_field_get_field_type (field);
  const char *text;

  *value = NULL;
  if (ca_field_get_kind (field) == CA_FIELD_KIND_CONSTANT)
    {
      /* A constant without a value of its own sends the sample's. */
      *value = ca_field_get_value (field) != NULL ? json_node_copy (ca_field_get_value (field)) : NULL;
      return TRUE;
    }

  text = lookup_value (values, key);
  if (text != NULL)
    {
      *value = ca_render_parse_value_full (key, type, text, allow_null, error);
      return *value != NULL;
    }

  if (!ca_field_get_optional (field))
    {
      set_missing (error, key, field);
      return FALSE;
    }

  /* An optional variable without a value: left out, or null where the
   * payload allows nulls; a list that is null goes as []. */
  if (allow_null)
    *value = ca_field_type_is_list (type) ? empty_list () : json_node_init_null (json_node_alloc ());
  return TRUE;
}

/* Maps sample values (CaJson *) to what replaces them (JsonNode *, NULL
 * to leave them out). Constants without a value of their own are not in
 * it: their sample value stays, like that of any value no field names. */
static GHashTable *
payload_slots (CaAction      *action,
               const CaJson  *sample,
               GHashTable    *values,
               GError       **error)
{
  GPtrArray *fields = ca_action_get_request_fields (action);
  gboolean allow_null = ca_action_get_allow_null (action);
  g_autoptr(GHashTable) slots = g_hash_table_new_full (NULL, NULL, NULL, slot_free);

  for (guint i = 0; i < fields->len; i++)
    {
      CaField *field = g_ptr_array_index (fields, i);
      const char *path = ca_field_get_name (field);
      g_autofree char *key = g_strconcat ("body.", path, NULL);
      const CaJson *leaf = ca_json_lookup_path (sample, path);
      JsonNode *value;

      if (leaf == NULL)
        {
          set_error (error, CA_RENDER_ERROR_INVALID,
                     _("%s: \"%s\" is not in the sample payload; correct the field's path in "
                       "the action's configuration"), key, path);
          return NULL;
        }

      if (!payload_value (field, key, values, allow_null, &value, error))
        return NULL;

      if (value != NULL || ca_field_get_kind (field) == CA_FIELD_KIND_VARIABLE)
        g_hash_table_insert (slots, (gpointer) leaf, value);
    }

  return g_steal_pointer (&slots);
}

static JsonNode *build_node (const CaJson *value,
                             GHashTable   *slots);

/* The node for @child of an object or array: a field's value, the
 * sample's own value, or NULL to leave it out. */
static JsonNode *
child_node (const CaJson *child,
            GHashTable   *slots)
{
  gpointer value;

  if (g_hash_table_lookup_extended (slots, child, NULL, &value))
    return value != NULL ? json_node_ref (value) : NULL;

  return build_node (child, slots);
}

/* A new tree, not a copy of the action's sealed sample node: the
 * sample's text is read again and the body built as it is walked, with
 * each object's members in the sample's order. */
static JsonNode *
build_node (const CaJson *value,
            GHashTable   *slots)
{
  if (value->kind == CA_JSON_OBJECT)
    {
      g_autoptr(JsonObject) object = json_object_new ();

      for (guint i = 0; i < value->n_children; i++)
        {
          JsonNode *child = child_node (&value->children[i], slots);

          if (child != NULL)
            json_object_set_member (object, value->children[i].key, child);
        }

      return json_node_init_object (json_node_alloc (), object);
    }

  if (value->kind == CA_JSON_ARRAY)
    {
      g_autoptr(JsonArray) array = json_array_sized_new (value->n_children);

      for (guint i = 0; i < value->n_children; i++)
        {
          JsonNode *child = child_node (&value->children[i], slots);

          if (child != NULL)
            json_array_add_element (array, child);
        }

      return json_node_init_array (json_node_alloc (), array);
    }

  return ca_json_to_node (value);
}

/* POST and PUT: the sample with the fields' values in place, as compact
 * JSON. An action without a sample sends an empty body. */
static gboolean
render_body (CaRequest   *request,
             CaAction    *action,
             GHashTable  *values,
             GError     **error)
{
  const char *text = ca_action_get_request_sample_text (action);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(CaJsonDocument) document = NULL;
  g_autoptr(GHashTable) slots = NULL;
  g_autoptr(JsonNode) body = NULL;
  char *json;

  if (text == NULL)
    {
      if (ca_action_get_request_fields (action)->len > 0)
        {
          set_error (error, CA_RENDER_ERROR_INVALID,
                     _("the action has payload fields but no sample payload; add one in the "
                       "action's configuration"));
          return FALSE;
        }

      request->body = g_bytes_new (NULL, 0);
      return TRUE;
    }

  document = ca_json_document_parse (text, strlen (text), &local_error);
  if (document == NULL)
    {
      set_error (error, CA_RENDER_ERROR_INVALID,
                 _("the sample payload is not JSON (%s); correct it in the action's configuration"),
                 local_error->message);
      return FALSE;
    }

  slots = payload_slots (action, ca_json_document_get_root (document), values, error);
  if (slots == NULL)
    return FALSE;

  body = build_node (ca_json_document_get_root (document), slots);
  json = ca_json_to_compact_string (body);
  request->body = g_bytes_new_take (json, strlen (json));
  return TRUE;
}

CaRequest *
ca_render (CaAction    *action,
           GHashTable  *values,
           GError     **error)
{
  g_autoptr(CaRequest) request = NULL;
  const char *url;
  CaMethod method;

  g_return_val_if_fail (CA_IS_ACTION (action), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_keys (action, values, error))
    return NULL;

  url = ca_action_get_url (action);
  if (url == NULL || url[0] == '\0')
    {
      set_error (error, CA_RENDER_ERROR_INVALID,
                 _("the action has no URL; enter one in the action's configuration"));
      return NULL;
    }

  /* A query the URL has itself is kept as written, and comes first: the
   * action's query parameters follow it (see CaRequest.url_query). */
  method = ca_action_get_method (action);
  request = ca_request_new (ca_enum_to_nick (CA_TYPE_METHOD, method), url);

  /* In the order of ca_action_list_variable_keys(), so that the first
   * error is the first wrong row of the send dialog. */
  if (!render_params (request, ca_action_get_headers (action), values, TRUE, error) ||
      !render_params (request, ca_action_get_query (action), values, FALSE, error) ||
      !render_path (request, action, values, error))
    return NULL;

  /* A GET has no body: values for payload fields, which only an invalid
   * action has, are not even read. */
  if (method != CA_METHOD_GET && !render_body (request, action, values, error))
    return NULL;

  /* Last, so that it wins over a Content-Type header of the action's
   * (validation refuses one, but an unvalidated action may have it). */
  ca_request_set_header (request, "Content-Type", "application/json", FALSE);

  return g_steal_pointer (&request);
}
