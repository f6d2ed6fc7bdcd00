/* ca-json-pretty.c: JSON text laid out for people, without parsing it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ca-json-pretty.h"

static const char spaces[2 * CA_JSON_PRETTY_MAX_INDENT + 1] =
  "                                                                ";


static inline void
newline (GString *out,
         guint    depth)
{
  g_string_append_c (out, '\n');
  g_string_append_len (out, spaces, 2 * MIN (depth, CA_JSON_PRETTY_MAX_INDENT));
}

static inline gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* What numbers, true, false and null are made of. */
static inline gboolean
is_literal (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '+' || c == '.';
}

static inline gboolean
starts_literal (char c)
{
  return g_ascii_isdigit (c) || c == '-' || c == 't' || c == 'f' || c == 'n';
}

static inline const char *
skip_space (const char *p,
            const char *end)
{
  while (p < end && is_space (*p))
    p++;
  return p;
}

char *
ca_json_pretty (const char *text,
                gsize       length,
                gsize       max_bytes,
                gboolean   *truncated)
{
  g_autoptr(GString) out = NULL;
  g_autoptr(GByteArray) open = NULL;  /* the containers we are in: '{' or '[' */
  gboolean after_value = FALSE;       /* the last token ended a value */
  gsize limit = MIN (length, max_bytes);
  gsize max_out;
  const char *p, *end;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  if (truncated != NULL)
    *truncated = FALSE;

  /* Never cut a character in two: the text goes to widgets that want
   * valid UTF-8. */
  if (limit < length)
    {
      while (limit > 0 && ((guchar) text[limit] & 0xC0) == 0x80)
        limit--;
    }

  p = text;
  end = text + limit;
  if (limit >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  p = skip_space (p, end);
  if (p == end || !(*p == '{' || *p == '[' || *p == '"' || starts_literal (*p)))
    return NULL;

  max_out = limit <= G_MAXSIZE / (2 * CA_JSON_PRETTY_MAX_GROWTH)
              ? limit * CA_JSON_PRETTY_MAX_GROWTH + CA_JSON_PRETTY_MIN_OUTPUT
              : G_MAXSIZE / 2;
  out = g_string_sized_new (limit + limit / 2 + 16);
  open = g_byte_array_new ();

  while (p < end)
    {
      char c = *p;

      if (out->len > max_out)
        {
          end = p;
          break;
        }

      if (is_space (c))
        {
          p++;
          continue;
        }

      /* A value right after another: a new line at the top level (JSON
       * lines), not JSON inside a container. */
      if (c == '{' || c == '[' || c == '"' || is_literal (c))
        {
          if (after_value)
            {
              if (open->len > 0)
                return NULL;
              g_string_append_c (out, '\n');
            }
        }

      switch (c)
        {
        case '{':
        case '[':
          {
            char close = c == '{' ? '}' : ']';
            const char *next = skip_space (p + 1, end);

            g_string_append_c (out, c);
            if (next < end && *next == close)
              {
                g_string_append_c (out, close);
                p = next + 1;
                after_value = TRUE;
                break;
              }
            g_byte_array_append (open, (const guint8 *) &c, 1);
            newline (out, open->len);
            p++;
            after_value = FALSE;
          }
          break;

        case '}':
        case ']':
          if (open->len == 0 || open->data[open->len - 1] != (c == '}' ? '{' : '['))
            return NULL;
          g_byte_array_set_size (open, open->len - 1);
          newline (out, open->len);
          g_string_append_c (out, c);
          p++;
          after_value = TRUE;
          break;

        case ',':
          if (open->len == 0 || !after_value)
            return NULL;
          g_string_append_c (out, ',');
          newline (out, open->len);
          p++;
          after_value = FALSE;
          break;

        case ':':
          if (open->len == 0 || open->data[open->len - 1] != '{' || !after_value)
            return NULL;
          g_string_append (out, ": ");
          p++;
          after_value = FALSE;
          break;

        case '"':
          {
            const char *start = p++;

            /* To the closing quote; a backslash takes the next byte with
             * it, whatever it is (\" above all). */
            while (p < end && *p != '"')
              {
                if (*p == '\\' && p + 1 < end)
                  p++;
                if (*p == '\0')
                  return NULL;
                p++;
              }
            if (p < end)
              p++;
            g_string_append_len (out, start, p - start);
            after_value = TRUE;
          }
          break;

        default:
          {
            const char *start = p;

            if (!starts_literal (c))
              return NULL;
            while (p < end && is_literal (*p))
              p++;
            g_string_append_len (out, start, p - start);
            after_value = TRUE;
          }
          break;
        }
    }

  if (truncated != NULL)
    *truncated = (gsize) (end - text) < length;

  return g_string_free (g_steal_pointer (&out), FALSE);
}
