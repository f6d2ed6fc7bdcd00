/* ca-json-writer.c: JSON text in the action file's canonical layout
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ca-json-writer.h"

struct _CaJsonWriter
{
  GString  *out;
  /* One entry per open container: whether it has a member yet. */
  GArray   *has_member;
  guint     pretty : 1;
  /* A key was just written: the value goes on the same line. */
  guint     after_key : 1;
};

/* g_string_append_len() is a call into GLib for every token; most tokens
 * fit in the room the string has, where a copy is enough. */
static inline void
put (GString    *out,
     const char *text,
     gsize       len)
{
  if (G_LIKELY (out->len + len < out->allocated_len))
    {
      memcpy (out->str + out->len, text, len);
      out->len += len;
      out->str[out->len] = '\0';
      return;
    }

  g_string_append_len (out, text, len);
}

#define PUT_LITERAL(out, literal) put ((out), (literal), sizeof (literal) - 1)

/* Decimal digits without printf: files are mostly numbers like 30 or 3. */
static void
put_int (GString *out,
         gint64   value)
{
  char digits[24];
  char *end = digits + sizeof digits;
  char *p = end;
  guint64 magnitude = value < 0 ? -(guint64) value : (guint64) value;

  do
    *--p = '0' + magnitude % 10;
  while ((magnitude /= 10) > 0);
  if (value < 0)
    *--p = '-';

  put (out, p, end - p);
}

static CaJsonWriter *
writer_new (gboolean pretty)
{
  CaJsonWriter *self = g_new0 (CaJsonWriter, 1);

  /* Compact text is mostly one small sample; files are big. */
  self->out = g_string_sized_new (pretty ? 65536 : 256);
  self->has_member = g_array_new (FALSE, FALSE, sizeof (gboolean));
  self->pretty = pretty;
  return self;
}

CaJsonWriter *
ca_json_writer_new (void)
{
  return writer_new (TRUE);
}

CaJsonWriter *
ca_json_writer_new_continued (guint depth)
{
  CaJsonWriter *self = writer_new (TRUE);
  gboolean has_member = FALSE;

  for (guint i = 0; i < depth; i++)
    g_array_append_val (self->has_member, has_member);

  return self;
}

void
ca_json_writer_append (CaJsonWriter *self,
                       CaJsonWriter *part)
{
  gboolean *has_member;

  g_return_if_fail (self->has_member->len == part->has_member->len);

  if (part->out->len > 0)
    {
      has_member = &g_array_index (self->has_member, gboolean, self->has_member->len - 1);
      /* The part began its first value as if it were the first member. */
      if (*has_member)
        g_string_append_c (self->out, ',');
      *has_member = TRUE;
      g_string_append_len (self->out, part->out->str, part->out->len);
    }

  ca_json_writer_free (part);
}

void
ca_json_writer_free (CaJsonWriter *self)
{
  if (self == NULL)
    return;

  g_string_free (self->out, TRUE);
  g_array_unref (self->has_member);
  g_free (self);
}

GBytes *
ca_json_writer_free_to_bytes (CaJsonWriter *self)
{
  GString *out = self->out;

  g_warn_if_fail (self->has_member->len == 0);

  if (self->pretty)
    g_string_append_c (out, '\n');
  self->out = NULL;
  g_array_unref (self->has_member);
  g_free (self);

  return g_string_free_to_bytes (out);
}

static void
newline_indent (CaJsonWriter *self,
                guint         depth)
{
  static const char spaces[] = "                                                                ";

  if (!self->pretty)
    return;

  g_string_append_c (self->out, '\n');
  for (guint left = depth * 2; left > 0; )
    {
      guint n = MIN (left, sizeof spaces - 1);

      put (self->out, spaces, n);
      left -= n;
    }
}

/* Separates a new member or element from the previous one. */
static void
begin_value (CaJsonWriter *self)
{
  gboolean *has_member;

  if (self->after_key)
    {
      self->after_key = FALSE;
      return;
    }

  if (self->has_member->len == 0)
    return;

  has_member = &g_array_index (self->has_member, gboolean, self->has_member->len - 1);
  if (*has_member)
    g_string_append_c (self->out, ',');
  *has_member = TRUE;
  newline_indent (self, self->has_member->len);
}

static void
begin_container (CaJsonWriter *self,
                 char          open)
{
  gboolean none = FALSE;

  begin_value (self);
  g_string_append_c (self->out, open);
  g_array_append_val (self->has_member, none);
}

static void
end_container (CaJsonWriter *self,
               char          close)
{
  gboolean had_members;

  g_return_if_fail (self->has_member->len > 0);

  had_members = g_array_index (self->has_member, gboolean, self->has_member->len - 1);
  g_array_set_size (self->has_member, self->has_member->len - 1);
  if (had_members)
    newline_indent (self, self->has_member->len);
  g_string_append_c (self->out, close);
}

void
ca_json_writer_begin_object (CaJsonWriter *self)
{
  begin_container (self, '{');
}

void
ca_json_writer_end_object (CaJsonWriter *self)
{
  end_container (self, '}');
}

void
ca_json_writer_begin_array (CaJsonWriter *self)
{
  begin_container (self, '[');
}

void
ca_json_writer_end_array (CaJsonWriter *self)
{
  end_container (self, ']');
}

static void
append_quoted (GString    *out,
               const char *text)
{
  const char *run = text;
  const char *p;

  g_string_append_c (out, '"');

  /* Copy runs of plain characters at once; escape the rest. */
  for (p = text; *p; p++)
    {
      guchar c = *p;
      const char *escape;
      char unicode[8];

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;

      switch (c)
        {
        case '"':  escape = "\\\""; break;
        case '\\': escape = "\\\\"; break;
        case '\b': escape = "\\b"; break;
        case '\f': escape = "\\f"; break;
        case '\n': escape = "\\n"; break;
        case '\r': escape = "\\r"; break;
        case '\t': escape = "\\t"; break;
        default:
          g_snprintf (unicode, sizeof unicode, "\\u%04x", c);
          escape = unicode;
        }

      put (out, run, p - run);
      put (out, escape, strlen (escape));
      run = p + 1;
    }

  put (out, run, p - run);
  g_string_append_c (out, '"');
}

void
ca_json_writer_key (CaJsonWriter *self,
                    const char   *key)
{
  begin_value (self);
  append_quoted (self->out, key);
  if (self->pretty)
    PUT_LITERAL (self->out, ": ");
  else
    g_string_append_c (self->out, ':');
  self->after_key = TRUE;
}

void
ca_json_writer_string (CaJsonWriter *self,
                       const char   *value)
{
  begin_value (self);
  append_quoted (self->out, value != NULL ? value : "");
}

void
ca_json_writer_int (CaJsonWriter *self,
                    gint64        value)
{
  begin_value (self);
  put_int (self->out, value);
}

/* The shortest text that reads back as the same double, with ".0" on
 * whole numbers so they stay decimals when read again. */
static void
append_double (GString *out,
               double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      /* JSON has no infinities; json-glib never produces them. */
      g_string_append (out, "null");
      return;
    }

  for (int precision = 15; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buf, sizeof buf, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }

  g_string_append (out, buf);
  if (strpbrk (buf, ".eE") == NULL)
    g_string_append (out, ".0");
}

void
ca_json_writer_double (CaJsonWriter *self,
                       double        value)
{
  begin_value (self);
  append_double (self->out, value);
}

void
ca_json_writer_boolean (CaJsonWriter *self,
                        gboolean      value)
{
  begin_value (self);
  if (value)
    PUT_LITERAL (self->out, "true");
  else
    PUT_LITERAL (self->out, "false");
}

void
ca_json_writer_null (CaJsonWriter *self)
{
  begin_value (self);
  PUT_LITERAL (self->out, "null");
}

void
ca_json_writer_compact_text (CaJsonWriter *self,
                             const char   *text)
{
  GString *out;
  guint depth;

  begin_value (self);
  out = self->out;
  depth = self->has_member->len;

  for (const char *p = text; *p; p++)
    {
      const char *start;

      switch (*p)
        {
        case '"':
          /* Strings as they are, escapes included. */
          start = p++;
          while (*p && *p != '"')
            p += (*p == '\\' && p[1]) ? 2 : 1;
          put (out, start, p - start + (*p == '"'));
          if (*p == '\0')
            return;
          break;
        case '{':
        case '[':
          if (p[1] == '}' || p[1] == ']')
            {
              put (out, p, 2);
              p++;
              break;
            }
          g_string_append_c (out, *p);
          newline_indent (self, ++depth);
          break;
        case '}':
        case ']':
          newline_indent (self, --depth);
          g_string_append_c (out, *p);
          break;
        case ',':
          g_string_append_c (out, ',');
          newline_indent (self, depth);
          break;
        case ':':
          PUT_LITERAL (out, ": ");
          break;
        case ' ':
        case '\n':
        case '\r':
        case '\t':
          break;
        default:
          g_string_append_c (out, *p);
        }
    }
}

static void
write_value (CaJsonWriter *self,
             JsonNode     *node)
{
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      ca_json_writer_int (self, json_node_get_int (node));
      break;
    case G_TYPE_DOUBLE:
      ca_json_writer_double (self, json_node_get_double (node));
      break;
    case G_TYPE_BOOLEAN:
      ca_json_writer_boolean (self, json_node_get_boolean (node));
      break;
    case G_TYPE_STRING:
      ca_json_writer_string (self, json_node_get_string (node));
      break;
    default:
      ca_json_writer_null (self);
    }
}

void
ca_json_writer_node (CaJsonWriter *self,
                     JsonNode     *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *member;
        JsonNode *child;

        ca_json_writer_begin_object (self);
        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &member, &child))
          {
            ca_json_writer_key (self, member);
            ca_json_writer_node (self, child);
          }
        ca_json_writer_end_object (self);
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        ca_json_writer_begin_array (self);
        for (guint i = 0; i < n; i++)
          ca_json_writer_node (self, json_array_get_element (array, i));
        ca_json_writer_end_array (self);
      }
      break;

    case JSON_NODE_NULL:
      ca_json_writer_null (self);
      break;

    case JSON_NODE_VALUE:
      write_value (self, node);
      break;

    default:
      g_assert_not_reached ();
    }
}

void
ca_json_writer_value (CaJsonWriter *self,
                      const CaJson *value)
{
  switch (value->kind)
    {
    case CA_JSON_NULL:
      ca_json_writer_null (self);
      break;
    case CA_JSON_BOOLEAN:
      ca_json_writer_boolean (self, value->boolean);
      break;
    case CA_JSON_INTEGER:
      ca_json_writer_int (self, value->integer);
      break;
    case CA_JSON_DECIMAL:
      ca_json_writer_double (self, value->decimal);
      break;
    case CA_JSON_STRING:
      ca_json_writer_string (self, value->string);
      break;
    case CA_JSON_ARRAY:
      ca_json_writer_begin_array (self);
      for (guint i = 0; i < value->n_children; i++)
        ca_json_writer_value (self, &value->children[i]);
      ca_json_writer_end_array (self);
      break;
    case CA_JSON_OBJECT:
    default:
      ca_json_writer_begin_object (self);
      for (guint i = 0; i < value->n_children; i++)
        {
          ca_json_writer_key (self, value->children[i].key);
          ca_json_writer_value (self, &value->children[i]);
        }
      ca_json_writer_end_object (self);
      break;
    }
}

static char *
free_to_string (CaJsonWriter *writer)
{
  g_autoptr(GBytes) bytes = ca_json_writer_free_to_bytes (writer);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  return g_strndup (data, len);
}

/* Compact text needs no layout state: a plain recursive walk. */
static void
append_compact (GString      *out,
                const CaJson *value)
{
  switch (value->kind)
    {
    case CA_JSON_NULL:
      g_string_append (out, "null");
      break;
    case CA_JSON_BOOLEAN:
      g_string_append (out, value->boolean ? "true" : "false");
      break;
    case CA_JSON_INTEGER:
      put_int (out, value->integer);
      break;
    case CA_JSON_DECIMAL:
      append_double (out, value->decimal);
      break;
    case CA_JSON_STRING:
      append_quoted (out, value->string);
      break;
    case CA_JSON_ARRAY:
    case CA_JSON_OBJECT:
    default:
      {
        gboolean is_object = value->kind == CA_JSON_OBJECT;

        g_string_append_c (out, is_object ? '{' : '[');
        for (guint i = 0; i < value->n_children; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            if (is_object)
              {
                append_quoted (out, value->children[i].key);
                g_string_append_c (out, ':');
              }
            append_compact (out, &value->children[i]);
          }
        g_string_append_c (out, is_object ? '}' : ']');
      }
      break;
    }
}

char *
ca_json_value_to_compact_string (const CaJson *value)
{
  GString *out = g_string_sized_new (256);

  append_compact (out, value);
  return g_string_free (out, FALSE);
}

char *
ca_json_to_compact_string (JsonNode *node)
{
  CaJsonWriter *writer = writer_new (FALSE);

  ca_json_writer_node (writer, node);
  return free_to_string (writer);
}
