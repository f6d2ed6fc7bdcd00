/* ca-curl.c: a request as a curl command
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ca-curl.h"

/* The command is meant to be pasted into a POSIX shell and to send what
 * the invoker sends through libsoup 3: the same method, URL, headers and
 * body bytes (the User-Agent aside). Everything the user's values reach
 * is in single quotes, where the shell expands nothing ($, `, \, newlines
 * and spaces stay as they are); a quote itself is written '\''. */

/* A single argument may be at most 128 KiB on Linux (MAX_ARG_STRLEN): a
 * bigger body goes through the printf builtin and a pipe instead, which
 * no exec limit applies to. */
#define INLINE_BODY_MAX 65536

static void
append_quoted (GString    *out,
               const char *text,
               gsize       length)
{
  g_string_append_c (out, '\'');
  for (gsize i = 0; i < length; i++)
    {
      if (text[i] == '\'')
        g_string_append (out, "'\\''");
      else
        g_string_append_c (out, text[i]);
    }
  g_string_append_c (out, '\'');
}

static void
append_quoted_string (GString    *out,
                      const char *text)
{
  append_quoted (out, text, strlen (text));
}

static void
append_header_option (GString    *out,
                      const char *argument)
{
  g_string_append (out, " \\\n  -H ");
  append_quoted_string (out, argument);
}

static void
append_header (GString              *out,
               const CaRequestParam *header,
               gboolean              reveal)
{
  const char *value = header->secret && !reveal ? CA_MASK : header->value;
  g_autofree char *argument = NULL;

  /* "Name:" would make curl drop the header; "Name;" sends it empty. */
  if (value[0] == '\0')
    argument = g_strconcat (header->name, ";", NULL);
  else
    argument = g_strconcat (header->name, ": ", value, NULL);

  append_header_option (out, argument);
}

/* Where curl and libsoup 3 differ by default, curl is told to do as
 * libsoup does, unless the request sets the header itself. */
static const struct {
  const char *name;
  const char *argument;
} libsoup_defaults[] = {
  /* curl sends an Accept header of its own (any type); libsoup sends
   * none. */
  { "Accept", "Accept:" },
  /* A SoupSession decodes compressed answers (SoupContentDecoder) and
   * says so; --compressed makes curl decode them too. */
  { "Accept-Encoding", "Accept-Encoding: gzip, deflate" },
  { "Connection", "Connection: Keep-Alive" },
};

static void
append_libsoup_defaults (GString         *out,
                         const CaRequest *request)
{
  for (guint i = 0; i < G_N_ELEMENTS (libsoup_defaults); i++)
    {
      if (ca_request_get_header (request, libsoup_defaults[i].name) == NULL)
        append_header_option (out, libsoup_defaults[i].argument);
    }

  /* curl asks "Expect: 100-continue" before a big body (over 1 KiB in
   * older versions, 1 MiB in newer ones) and waits for the answer;
   * libsoup never does. Small bodies do not need this, but a command
   * that behaves the same whatever the size is easier to trust. */
  if (request->body != NULL && ca_request_get_header (request, "Expect") == NULL)
    append_header_option (out, "Expect:");
}

char *
ca_curl_command (const CaRequest *request,
                 gboolean         reveal)
{
  g_autofree char *url = NULL;
  const char *body = NULL;
  gsize body_length = 0;
  gboolean piped;
  GString *out;

  g_return_val_if_fail (request != NULL, NULL);

  url = ca_request_get_url (request, reveal);
  if (request->body != NULL)
    body = g_bytes_get_data (request->body, &body_length);
  /* A body that starts with '@' would be read by curl as a file name;
   * JSON never does, but the pipe is safe for anything. */
  piped = request->body != NULL &&
          (body_length > INLINE_BODY_MAX || (body_length > 0 && body[0] == '@'));

  out = g_string_new (NULL);
  if (piped)
    {
      g_string_append (out, "printf '%s' ");
      append_quoted (out, body, body_length);
      g_string_append (out, " |\n");
    }

  /* --globoff: '[' and '{' in the URL are characters, not curl's ranges.
   * No -L: with -X, curl would keep a POST across a 303, where libsoup
   * follows with a GET; the answer to the first request is shown. */
  g_string_append (out, "curl -sS --globoff --compressed -X ");
  if (ca_is_http_token (request->method) && strchr (request->method, '\'') == NULL)
    g_string_append (out, request->method);
  else
    append_quoted_string (out, request->method);
  g_string_append_c (out, ' ');
  append_quoted_string (out, url);

  for (guint i = 0; i < request->headers->len; i++)
    append_header (out, g_ptr_array_index (request->headers, i), reveal);
  append_libsoup_defaults (out, request);

  /* --data-binary sends the bytes as they are; "@-" reads them from the
   * pipe. */
  if (piped)
    {
      g_string_append (out, " \\\n  --data-binary @-");
    }
  else if (request->body != NULL)
    {
      g_string_append (out, " \\\n  --data-binary ");
      append_quoted (out, body, body_length);
    }

  return g_string_free (out, FALSE);
}
