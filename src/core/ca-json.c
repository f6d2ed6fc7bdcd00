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

/* The values, and the text of their strings, live in a few big blocks.
 * The text read is never written to nor copied whole: a document takes
 * memory for what it holds, not for the layout around it. */
struct _CaJsonDocument
{
  GPtrArray *blocks;
  char      *cursor;
  gsize      room;
  gsize      first_block_size;
  CaJson     root;
};

typedef struct {
  CaJsonDocument *doc;
  /* The whole text, for the line and column of errors. */
  const char     *start;
  const char     *p;
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
      if (doc->blocks->len == 0)
        doc->first_block_size = block;
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

static inline void
skip_space (Parser *parser)
{
  const char *p = parser->p;
  const char *end = parser->end;

  /* Indentation is most of it: runs of spaces after a newline. */
  while (p < end)
    {
      while (p < end && *p == ' ')
        p++;
      if (p == end || (*p != '\n' && *p != '\r' && *p != '\t'))
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

/* Decodes the escape after a backslash to @out. */
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

/* After the opening quote. The string's text is copied to the document,
 * escapes decoded, with a NUL at the end. */
static gboolean
read_string (Parser      *parser,
             const char **value)
{
  const char *open = parser->p - 1;
  const char *begin = parser->p;
  const char *end = parser->end;
  const char *p = begin;
  guchar seen = 0;
  char *copy;
  char *out;

  /* The usual case: no escapes. Most strings are ASCII, which needs no
   * UTF-8 check: @seen collects the high bits. */
  while (p < end && !string_stop[(guchar) *p])
    seen |= *p++;

  if (G_LIKELY (p < end && *p == '"'))
    {
      gsize len = p - begin;

      copy = arena_alloc (parser->doc, len + 1);
      memcpy (copy, begin, len);
      copy[len] = '\0';
      if ((seen & 0x80) && !g_utf8_validate (copy, len, NULL))
        return fail (parser, open, _("this string is not valid UTF-8; save the file as UTF-8"));
      parser->p = p + 1;
      *value = copy;
      return TRUE;
    }

  /* Escapes: decoded, the text is never longer than it is raw, up to the
   * closing quote (or to where the string turns out to be broken). */
  {
    const char *q = p;

    while (q < end && *q != '"' && (guchar) *q >= 0x20)
      q += *q == '\\' ? 2 : 1;
    copy = arena_alloc (parser->doc, MIN (q, end) - begin + 1);
  }
  memcpy (copy, begin, p - begin);
  out = copy + (p - begin);
  parser->p = p;

  while (parser->p < end)
    {
      char c = *parser->p++;

      if (c == '"')
        {
          *out = '\0';
          if ((seen & 0x80) && !g_utf8_validate (copy, out - copy, NULL))
            return fail (parser, open, _("this string is not valid UTF-8; save the file as UTF-8"));
          *value = copy;
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

/* Lines and columns count from 1, from the start of the text; columns in
 * characters. */
static void
set_error_at (Parser  *parser,
              GError **error)
{
  const char *error_at = parser->error_at;
  const char *line_start = parser->start;
  guint line = 1;
  glong column;

  for (const char *q = parser->start; q < error_at; q++)
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
  g_free (document);
}

/* @parser set to read @text[@from, @to) into a new document; error
 * positions count from the start of @text. */
static void
parser_begin (Parser     *parser,
              const char *text,
              gsize       from,
              gsize       to)
{
  CaJsonDocument *doc = g_new0 (CaJsonDocument, 1);

  doc->blocks = g_ptr_array_new_with_free_func (g_free);

  *parser = (Parser) { 0 };
  parser->doc = doc;
  parser->start = text;
  parser->p = text + from;
  parser->end = text + to;
  parser->stack_size = 256;
  parser->stack = g_new (CaJson, parser->stack_size);
}

static void
parser_end (Parser *parser)
{
  g_clear_pointer (&parser->stack, g_free);
  g_clear_pointer (&parser->error_message, g_free);
  g_clear_pointer (&parser->doc, ca_json_document_free);
}

CaJsonDocument *
ca_json_document_parse (const char  *text,
                        gsize        length,
                        GError     **error)
{
  CaJsonDocument *doc = NULL;
  Parser parser;
  gboolean ok;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  if (text == NULL)
    text = "";
  parser_begin (&parser, text, 0, length);

  /* A byte-order mark is not JSON, but editors write one. */
  if (length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    parser.p += 3;

  ok = read_value (&parser, &parser.doc->root);
  if (ok)
    {
      skip_space (&parser);
      if (parser.p < parser.end)
        ok = fail (&parser, parser.p, _("unexpected text after the end of the value"));
    }

  if (ok)
    doc = g_steal_pointer (&parser.doc);
  else
    set_error_at (&parser, error);
  parser_end (&parser);

  return doc;
}

/* Reads an array one element at a time, each in the memory of the one
 * before: one parser and one document whose blocks are reused. */
struct _CaJsonStream
{
  Parser   parser;
  /* The element last read, its values in the parser's document. */
  CaJson   element;
  gsize    limit;
  gsize    length;
  guint    n_read;
  gboolean done;
};

CaJsonStream *
ca_json_stream_new (const char *text,
                    gsize       length,
                    gsize       from,
                    gsize       limit)
{
  CaJsonStream *stream;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (from <= limit && limit <= length, NULL);

  stream = g_new0 (CaJsonStream, 1);
  parser_begin (&stream->parser, text, from, limit);
  stream->limit = limit;
  stream->length = length;
  return stream;
}

/* Frees the blocks of the document but the first, which is used again
 * from its start; a first block bigger than usual (a big element) goes
 * too. */
static void
document_reset (CaJsonDocument *doc)
{
  gpointer first;

  if (doc->blocks->len == 0 || doc->first_block_size != BLOCK_SIZE)
    {
      g_ptr_array_set_size (doc->blocks, 0);
      doc->cursor = NULL;
      doc->room = 0;
      return;
    }

  first = g_ptr_array_steal_index (doc->blocks, 0);
  g_ptr_array_set_size (doc->blocks, 0);
  g_ptr_array_add (doc->blocks, first);
  doc->cursor = first;
  doc->room = BLOCK_SIZE;
}

gboolean
ca_json_stream_next (CaJsonStream  *stream,
                     const CaJson **element,
                     GError       **error)
{
  Parser *parser;

  g_return_val_if_fail (stream != NULL, FALSE);

  parser = &stream->parser;
  if (stream->done)
    return FALSE;

  document_reset (parser->doc);
  stream->element = (CaJson) { 0 };

  skip_space (parser);
  if (stream->n_read == 0 && parser->p < parser->end && *parser->p == ']')
    {
      stream->done = TRUE;
      return FALSE;
    }

  if (!read_value (parser, &stream->element))
    goto failed;
  stream->n_read++;

  skip_space (parser);
  if (parser->p >= parser->end && stream->limit < stream->length)
    stream->done = TRUE;
  else if (parser->p < parser->end && *parser->p == ',')
    parser->p++;
  else if (parser->p < parser->end && *parser->p == ']')
    stream->done = TRUE;
  else
    {
      fail (parser, parser->p, _("expected ',' or ']'"));
      goto failed;
    }

  *element = &stream->element;
  return TRUE;

failed:
  stream->done = TRUE;
  set_error_at (parser, error);
  return FALSE;
}

gsize
ca_json_stream_get_end (CaJsonStream *stream)
{
  g_return_val_if_fail (stream != NULL, 0);

  return stream->parser.p - stream->parser.start;
}

void
ca_json_stream_free (CaJsonStream *stream)
{
  if (stream == NULL)
    return;

  parser_end (&stream->parser);
  g_free (stream);
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
