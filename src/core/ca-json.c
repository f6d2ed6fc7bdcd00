/* ca-json.c: a fast reader for JSON text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "ca-json.h"
#include "ca-problem.h"

#define BLOCK_SIZE (64 * 1024)
#define MAX_DEPTH 512

struct _CaJsonDocument
{
  /* A copy of the text: strings are cut out of it in place. */
  char      *text;
  GPtrArray *blocks;
  char      *cursor;
  gsize      room;
  CaJson     root;
};

typedef struct {
  CaJsonDocument *doc;
  char           *start;
  char           *p;
  const char     *end;
  /* Children of the open containers, waiting to be copied out. */
  CaJson         *stack;
  guint           stack_len;
  guint           stack_size;
  guint           depth;
  const char     *error_at;
  char           *error_message;
} Parser;

/* Bump allocation from big blocks; everything goes at once. */
static gpointer
arena_alloc (CaJsonDocument *doc,
             gsize           size)
{
  gpointer memory;

  size = (size + 7) & ~(gsize) 7;
  if (size > doc->room)
    {
      gsize block = MAX (size, BLOCK_SIZE);

      doc->cursor = g_malloc (block);
      doc->room = block;
      g_ptr_array_add (doc->blocks, doc->cursor);
    }

  memory = doc->cursor;
  doc->cursor += size;
  doc->room -= size;
  return memory;
}

static gboolean G_GNUC_PRINTF (3, 4)
fail (Parser     *parser,
      const char *at,
      const char *format,
      ...)
{
  va_list args;

  if (parser->error_message != NULL)
    return FALSE;

  parser->error_at = at;
  va_start (args, format);
  parser->error_message = g_strdup_vprintf (format, args);
  va_end (args);
  return FALSE;
}

/* The copy of the text ends with a NUL, which stops these loops without a
 * bounds check. */
static inline void
skip_space (Parser *parser)
{
  char *p = parser->p;

  /* Indentation is most of it: runs of spaces after a newline. */
  for (;;)
    {
      while (*p == ' ')
        p++;
      if (*p != '\n' && *p != '\r' && *p != '\t')
        break;
      p++;
    }
  parser->p = p;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (Parser   *parser,
           gunichar *value)
{
  *value = 0;
  if (parser->end - parser->p < 4)
    return fail (parser, parser->p, _("a \\u escape needs four hexadecimal digits"));

  for (guint i = 0; i < 4; i++)
    {
      int digit = hex_value (parser->p[i]);

      if (digit < 0)
        return fail (parser, parser->p + i, _("a \\u escape needs four hexadecimal digits"));
      *value = (*value << 4) | digit;
    }

  parser->p += 4;
  return TRUE;
}

/* Decodes the escape after a backslash to @out, which stays behind the
 * reading position. */
static gboolean
read_escape (Parser  *parser,
             char   **out)
{
  const char *at = parser->p;
  gunichar c, low;

  if (parser->p >= parser->end)
    return fail (parser, at, _("the text ends inside a string"));

  switch (*parser->p++)
    {
    case '"':  *(*out)++ = '"'; return TRUE;
    case '\\': *(*out)++ = '\\'; return TRUE;
    case '/':  *(*out)++ = '/'; return TRUE;
    case 'b':  *(*out)++ = '\b'; return TRUE;
    case 'f':  *(*out)++ = '\f'; return TRUE;
    case 'n':  *(*out)++ = '\n'; return TRUE;
    case 'r':  *(*out)++ = '\r'; return TRUE;
    case 't':  *(*out)++ = '\t'; return TRUE;
    case 'u':
      if (!read_hex4 (parser, &c))
        return FALSE;
      if (c >= 0xD800 && c <= 0xDBFF)
        {
          if (parser->end - parser->p < 6 || parser->p[0] != '\\' || parser->p[1] != 'u')
            return fail (parser, at, _("a UTF-16 high surrogate must be followed by a low one"));
          parser->p += 2;
          if (!read_hex4 (parser, &low))
            return FALSE;
          if (low < 0xDC00 || low > 0xDFFF)
            return fail (parser, at, _("a UTF-16 high surrogate must be followed by a low one"));
          c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
        }
      else if (c >= 0xDC00 && c <= 0xDFFF)
        {
          return fail (parser, at, _("a UTF-16 low surrogate cannot stand alone"));
        }
      if (c == 0)
        return fail (parser, at, _("\\u0000 is not allowed in a string"));
      /* UTF-8 is never longer than the escape it comes from. */
      *out += g_unichar_to_utf8 (c, *out);
      return TRUE;
    default:
      return fail (parser, at, _("\"\\%c\" is not an escape; use \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX"),
                   at[0]);
    }
}

/* Where the plain run of a string ends: the quote, a backslash, or a
 * control character (NUL included). */
static const guchar string_stop[256] = {
  [0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1, [0x06] = 1, [0x07] = 1,
  [0x08] = 1, [0x09] = 1, [0x0a] = 1, [0x0b] = 1, [0x0c] = 1, [0x0d] = 1, [0x0e] = 1, [0x0f] = 1,
  [0x10] = 1, [0x11] = 1, [0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1,
  [0x18] = 1, [0x19] = 1, [0x1a] = 1, [0x1b] = 1, [0x1c] = 1, [0x1d] = 1, [0x1e] = 1, [0x1f] = 1,
  ['"'] = 1, ['\\'] = 1,
};

/* After the opening quote. The string is cut out of the text in place:
 * escapes are decoded over it and a NUL ends it. */
static gboolean
read_string (Parser      *parser,
             const char **value)
{
  const char *open = parser->p - 1;
  char *begin = parser->p;
  guchar seen = 0;
  char *out;

  /* The usual case: no escapes. Most strings are ASCII, which needs no
   * UTF-8 check: @seen collects the high bits. The NUL at the end of the
   * text is a stop too. */
  {
    char *p = parser->p;

    while (!string_stop[(guchar) *p])
      seen |= *p++;
    parser->p = p;
  }
  out = parser->p;

  while (parser->p < parser->end)
    {
      char c = *parser->p++;

      if (c == '"')
        {
          *out = '\0';
          if ((seen & 0x80) && !g_utf8_validate (begin, out - begin, NULL))
            return fail (parser, open, _("this string is not valid UTF-8; save the file as UTF-8"));
          *value = begin;
          return TRUE;
        }
      if (c == '\\')
        {
          if (!read_escape (parser, &out))
            return FALSE;
        }
      else if ((guchar) c < 0x20)
        {
          return fail (parser, parser->p - 1,
                       _("a string cannot contain a line break or control character; write \\n or \\t"));
        }
      else
        {
          seen |= c;
          *out++ = c;
        }
    }

  return fail (parser, open, _("this string has no closing quote"));
}

static gboolean
read_number (Parser *parser,
             CaJson *value)
{
  const char *start = parser->p;
  gboolean is_decimal = FALSE;
  char buffer[64];
  char *end;
  gsize len;

  if (parser->p < parser->end && *parser->p == '-')
    parser->p++;
  if (parser->p >= parser->end || !g_ascii_isdigit (*parser->p))
    return fail (parser, start, _("a number needs digits"));
  if (*parser->p == '0' && parser->p + 1 < parser->end && g_ascii_isdigit (parser->p[1]))
    return fail (parser, start, _("a number cannot start with 0"));
  while (parser->p < parser->end && g_ascii_isdigit (*parser->p))
    parser->p++;
  if (parser->p < parser->end && *parser->p == '.')
    {
      is_decimal = TRUE;
      parser->p++;
      if (parser->p >= parser->end || !g_ascii_isdigit (*parser->p))
        return fail (parser, start, _("a decimal point must be followed by digits"));
      while (parser->p < parser->end && g_ascii_isdigit (*parser->p))
        parser->p++;
    }
  if (parser->p < parser->end && (*parser->p == 'e' || *parser->p == 'E'))
    {
      is_decimal = TRUE;
      parser->p++;
      if (parser->p < parser->end && (*parser->p == '+' || *parser->p == '-'))
        parser->p++;
      if (parser->p >= parser->end || !g_ascii_isdigit (*parser->p))
        return fail (parser, start, _("an exponent needs digits"));
      while (parser->p < parser->end && g_ascii_isdigit (*parser->p))
        parser->p++;
    }

  len = parser->p - start;
  if (len >= sizeof buffer)
    is_decimal = TRUE;

  if (!is_decimal)
    {
      memcpy (buffer, start, len);
      buffer[len] = '\0';
      errno = 0;
      value->integer = g_ascii_strtoll (buffer, &end, 10);
      if (errno == 0)
        {
          value->kind = CA_JSON_INTEGER;
          return TRUE;
        }
    }

  {
    g_autofree char *text = g_strndup (start, len);

    value->kind = CA_JSON_DECIMAL;
    value->decimal = g_ascii_strtod (text, NULL);
    if (!isfinite (value->decimal))
      return fail (parser, start, _("this number is too large to be read"));
  }
  return TRUE;
}

static gboolean
read_word (Parser     *parser,
           const char *word,
           CaJson     *value)
{
  gsize len = strlen (word);

  if ((gsize) (parser->end - parser->p) < len || memcmp (parser->p, word, len) != 0)
    return fail (parser, parser->p, _("unexpected text; a value is a string, number, object, "
                                      "array, true, false or null"));

  parser->p += len;
  return TRUE;
}

static gboolean read_value (Parser *parser, CaJson *value);

static inline void
push_child (Parser       *parser,
            const CaJson *child)
{
  if (G_UNLIKELY (parser->stack_len == parser->stack_size))
    {
      parser->stack_size *= 2;
      parser->stack = g_renew (CaJson, parser->stack, parser->stack_size);
    }

  parser->stack[parser->stack_len++] = *child;
}

/* Moves the last @n entries of the stack into the arena. */
static CaJson *
pop_children (Parser *parser,
              guint   n)
{
  CaJson *children = NULL;

  if (n > 0)
    {
      children = arena_alloc (parser->doc, n * sizeof (CaJson));
      memcpy (children, &parser->stack[parser->stack_len - n], n * sizeof (CaJson));
      parser->stack_len -= n;
    }

  return children;
}

/* Whether @key is already a member of the object being read, whose
 * members so far are the stack from @first. Objects are mostly small: a
 * scan; a big one (an answer of 100,000 keys) gets a hash table, kept in
 * @seen, so that reading it stays linear. */
static gboolean
has_key_before (Parser      *parser,
                guint        first,
                const char  *key,
                GHashTable **seen)
{
  guint n = parser->stack_len - first;

  if (*seen == NULL && n < 32)
    {
      for (guint i = first; i < parser->stack_len; i++)
        {
          const char *other = parser->stack[i].key;

          if (other[0] == key[0] && strcmp (other, key) == 0)
            return TRUE;
        }

      return FALSE;
    }

  if (*seen == NULL)
    {
      *seen = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = first; i < parser->stack_len; i++)
        g_hash_table_add (*seen, (gpointer) parser->stack[i].key);
    }

  return !g_hash_table_add (*seen, (gpointer) key);
}

static gboolean
read_container (Parser  *parser,
                CaJson  *value,
                gboolean is_object)
{
  g_autoptr(GHashTable) seen = NULL;
  char close = is_object ? '}' : ']';
  guint first = parser->stack_len;
  guint n = 0;

  if (++parser->depth > MAX_DEPTH)
    return fail (parser, parser->p, _("the values are nested too deeply"));

  skip_space (parser);
  if (parser->p < parser->end && *parser->p == close)
    parser->p++;
  else
    for (;;)
      {
        CaJson child = { 0 };

        skip_space (parser);
        if (is_object)
          {
            const char *key_at = parser->p;

            if (parser->p >= parser->end || *parser->p != '"')
              return fail (parser, parser->p, _("expected a key in double quotes"));
            parser->p++;
            if (!read_string (parser, &child.key))
              return FALSE;
            if (has_key_before (parser, first, child.key, &seen))
              return fail (parser, key_at, _("the key \"%s\" appears twice in this object; keep one"),
                           child.key);
            skip_space (parser);
            if (parser->p >= parser->end || *parser->p != ':')
              return fail (parser, parser->p, _("expected ':' after the key"));
            parser->p++;
          }

        if (!read_value (parser, &child))
          return FALSE;
        push_child (parser, &child);
        n++;

        skip_space (parser);
        if (parser->p < parser->end && *parser->p == ',')
          {
            parser->p++;
            continue;
          }
        if (parser->p < parser->end && *parser->p == close)
          {
            parser->p++;
            break;
          }
        return fail (parser, parser->p, is_object ? _("expected ',' or '}'") : _("expected ',' or ']'"));
      }

  parser->depth--;
  value->kind = is_object ? CA_JSON_OBJECT : CA_JSON_ARRAY;
  value->n_children = n;
  value->children = pop_children (parser, n);
  return TRUE;
}

static gboolean
read_value (Parser *parser,
            CaJson *value)
{
  skip_space (parser);
  if (parser->p >= parser->end)
    return fail (parser, parser->p, _("the text ends where a value was expected"));

  switch (*parser->p)
    {
    case '{':
      parser->p++;
      return read_container (parser, value, TRUE);
    case '[':
      parser->p++;
      return read_container (parser, value, FALSE);
    case '"':
      parser->p++;
      value->kind = CA_JSON_STRING;
      return read_string (parser, &value->string);
    case 't':
      value->kind = CA_JSON_BOOLEAN;
      value->boolean = TRUE;
      return read_word (parser, "true", value);
    case 'f':
      value->kind = CA_JSON_BOOLEAN;
      value->boolean = FALSE;
      return read_word (parser, "false", value);
    case 'n':
      value->kind = CA_JSON_NULL;
      return read_word (parser, "null", value);
    default:
      if (*parser->p == '-' || g_ascii_isdigit (*parser->p))
        return read_number (parser, value);
      return fail (parser, parser->p, _("unexpected character '%c'; a value is a string, number, "
                                        "object, array, true, false or null"),
                   g_ascii_isprint (*parser->p) ? *parser->p : '?');
    }
}

/* Lines and columns count from 1, from the start of @text (the parser
 * read a copy of it from @from on); columns in characters. */
static void
set_error_at (Parser     *parser,
              const char *text,
              gsize       from,
              GError    **error)
{
  const char *error_at = text + from + (parser->error_at - parser->start);
  const char *line_start = text;
  guint line = 1;
  glong column;

  for (const char *q = text; q < error_at; q++)
    {
      if (*q == '\n')
        {
          line++;
          line_start = q + 1;
        }
    }

  /* In characters, when the line is valid UTF-8 up to there. */
  if (g_utf8_validate (line_start, error_at - line_start, NULL))
    column = g_utf8_pointer_to_offset (line_start, error_at) + 1;
  else
    column = error_at - line_start + 1;

  g_set_error (error, CA_FORMAT_ERROR, CA_FORMAT_ERROR_SYNTAX, "%u:%ld: %s", line, column,
               parser->error_message);
}

void
ca_json_document_free (CaJsonDocument *document)
{
  if (document == NULL)
    return;

  g_ptr_array_unref (document->blocks);
  g_free (document->text);
  g_free (document);
}

/* A document holding a copy of @text[@from, @to), read by @parser; error
 * positions count from the start of @text. */
static CaJsonDocument *
document_begin (Parser     *parser,
                const char *text,
                gsize       from,
                gsize       to)
{
  CaJsonDocument *doc = g_new0 (CaJsonDocument, 1);
  gsize length = to - from;

  doc->blocks = g_ptr_array_new_with_free_func (g_free);
  doc->text = g_malloc (length + 1);
  if (length > 0)
    memcpy (doc->text, text + from, length);
  doc->text[length] = '\0';

  parser->doc = doc;
  parser->start = parser->p = doc->text;
  parser->end = parser->start + length;
  parser->stack_size = 256;
  parser->stack = g_new (CaJson, parser->stack_size);
  return doc;
}

CaJsonDocument *
ca_json_document_parse (const char  *text,
                        gsize        length,
                        GError     **error)
{
  g_autoptr(CaJsonDocument) doc = NULL;
  Parser parser = { 0 };
  gboolean ok;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  doc = document_begin (&parser, text, 0, length);

  /* A byte-order mark is not JSON, but editors write one. */
  if (length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    parser.p += 3;

  ok = read_value (&parser, &doc->root);
  if (ok)
    {
      skip_space (&parser);
      if (parser.p < parser.end)
        ok = fail (&parser, parser.p, _("unexpected text after the end of the value"));
    }

  if (!ok)
    set_error_at (&parser, text, 0, error);
  g_free (parser.stack);
  g_free (parser.error_message);

  return ok ? g_steal_pointer (&doc) : NULL;
}

CaJsonDocument *
ca_json_document_parse_elements (const char  *text,
                                 gsize        length,
                                 gsize        from,
                                 gsize        limit,
                                 gsize       *end,
                                 GError     **error)
{
  g_autoptr(CaJsonDocument) doc = NULL;
  Parser parser = { 0 };
  gboolean ok = TRUE;
  guint n = 0;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (from <= limit && limit <= length, NULL);

  doc = document_begin (&parser, text, from, limit < length ? limit : length);

  for (;;)
    {
      CaJson child = { 0 };

      skip_space (&parser);
      if (n == 0 && parser.p < parser.end && *parser.p == ']')
        break;
      if (!(ok = read_value (&parser, &child)))
        break;
      push_child (&parser, &child);
      n++;

      skip_space (&parser);
      if (parser.p >= parser.end && limit < length)
        break;
      if (parser.p < parser.end && *parser.p == ',')
        {
          parser.p++;
          continue;
        }
      if (parser.p < parser.end && *parser.p == ']')
        break;
      ok = fail (&parser, parser.p, _("expected ',' or ']'"));
      break;
    }

  if (!ok)
    {
      set_error_at (&parser, text, from, error);
    }
  else
    {
      doc->root.kind = CA_JSON_ARRAY;
      doc->root.n_children = n;
      doc->root.children = pop_children (&parser, n);
      if (end != NULL)
        *end = from + (parser.p - parser.start);
    }

  g_free (parser.stack);
  g_free (parser.error_message);
  return ok ? g_steal_pointer (&doc) : NULL;
}

const CaJson *
ca_json_document_get_root (CaJsonDocument *document)
{
  return &document->root;
}

const CaJson *
ca_json_get_member (const CaJson *object,
                    const char   *key)
{
  if (object == NULL || object->kind != CA_JSON_OBJECT)
    return NULL;

  for (guint i = 0; i < object->n_children; i++)
    {
      const char *candidate = object->children[i].key;

      if (candidate[0] == key[0] && strcmp (candidate, key) == 0)
        return &object->children[i];
    }

  return NULL;
}

/* The value at a dotted path ("items.0.sku"), or NULL. */
const CaJson *
ca_json_lookup_path (const CaJson *root,
                     const char   *path)
{
  const CaJson *node = root;
  const char *part = path;

  while (node != NULL)
    {
      const char *dot = strchr (part, '.');
      gsize len = dot != NULL ? (gsize) (dot - part) : strlen (part);
      const CaJson *next = NULL;

      if (node->kind == CA_JSON_OBJECT)
        {
          for (guint i = 0; i < node->n_children && next == NULL; i++)
            {
              const char *key = node->children[i].key;

              if (strncmp (key, part, len) == 0 && key[len] == '\0')
                next = &node->children[i];
            }
        }
      else if (node->kind == CA_JSON_ARRAY)
        {
          guint64 index = 0;
          gsize digits;

          for (digits = 0; digits < len && g_ascii_isdigit (part[digits]); digits++)
            index = MIN (index * 10 + (part[digits] - '0'), (guint64) G_MAXUINT);
          if (digits == len && len > 0 && index < node->n_children)
            next = &node->children[index];
        }

      node = next;
      if (dot == NULL)
        break;
      part = dot + 1;
    }

  return node;
}

const char *
ca_json_kind_word (const CaJson *value)
{
  switch (value->kind)
    {
    case CA_JSON_NULL:
      return "null";
    case CA_JSON_BOOLEAN:
      return "a boolean";
    case CA_JSON_INTEGER:
    case CA_JSON_DECIMAL:
      return "a number";
    case CA_JSON_STRING:
      return "a string";
    case CA_JSON_ARRAY:
      return "an array";
    case CA_JSON_OBJECT:
    default:
      return "an object";
    }
}

JsonNode *
ca_json_to_node (const CaJson *value)
{
  JsonNode *node = json_node_alloc ();

  switch (value->kind)
    {
    case CA_JSON_NULL:
      return json_node_init_null (node);
    case CA_JSON_BOOLEAN:
      return json_node_init_boolean (node, value->boolean);
    case CA_JSON_INTEGER:
      return json_node_init_int (node, value->integer);
    case CA_JSON_DECIMAL:
      return json_node_init_double (node, value->decimal);
    case CA_JSON_STRING:
      return json_node_init_string (node, value->string);
    case CA_JSON_ARRAY:
      {
        JsonArray *array = json_array_sized_new (value->n_children);

        for (guint i = 0; i < value->n_children; i++)
          json_array_add_element (array, ca_json_to_node (&value->children[i]));
        json_node_init_array (node, array);
        json_array_unref (array);
        return node;
      }
    case CA_JSON_OBJECT:
    default:
      {
        JsonObject *object = json_object_new ();

        for (guint i = 0; i < value->n_children; i++)
          json_object_set_member (object, value->children[i].key,
                                  ca_json_to_node (&value->children[i]));
        json_node_init_object (node, object);
        json_object_unref (object);
        return node;
      }
    }
}
