/* ca-request.c: a concrete HTTP request, ready to send or to show
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ca-request.h"

G_DEFINE_BOXED_TYPE (CaRequest, ca_request, ca_request_copy, ca_request_free)

static CaRequestParam *
param_new (const char *name,
           const char *value,
           gboolean    secret)
{
  CaRequestParam *param = g_new0 (CaRequestParam, 1);

  param->name = g_strdup (name);
  param->value = g_strdup (value);
  param->secret = !!secret;
  return param;
}

static void
param_free (gpointer data)
{
  CaRequestParam *param = data;

  g_free (param->name);
  g_free (param->value);
  g_free (param);
}

static gboolean
is_unreserved (guchar c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/* Characters that may appear in a URL as they are: unreserved, reserved
 * (RFC 3986, 2.2) and '%' (checked apart). */
static gboolean
is_url_char (guchar c)
{
  return is_unreserved (c) || (c != '\0' && strchr (":/?#[]@!$&'()*+,;=", c) != NULL);
}

static void
append_escaped_byte (GString *out,
                     guchar   c)
{
  static const char hex[] = "0123456789ABCDEF";

  g_string_append_c (out, '%');
  g_string_append_c (out, hex[c >> 4]);
  g_string_append_c (out, hex[c & 0xf]);
}

/* Encodes what cannot be in a URL and leaves the rest, escapes included,
 * alone: a URL typed with a space or an 'ü' becomes one that curl and
 * libsoup send alike. */
static void
append_url_part (GString    *out,
                 const char *text,
                 gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      guchar c = text[i];

      if (c == '%' && i + 2 < length && g_ascii_isxdigit (text[i + 1]) &&
          g_ascii_isxdigit (text[i + 2]))
        g_string_append_c (out, '%');
      else if (c != '%' && is_url_char (c))
        g_string_append_c (out, c);
      else
        append_escaped_byte (out, c);
    }
}

CaRequest *
ca_request_new (const char *method,
                const char *base_url)
{
  CaRequest *self;
  const char *query;
  gsize end;
  GString *url;

  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (base_url != NULL, NULL);

  self = g_new0 (CaRequest, 1);
  self->method = g_strdup (method);
  self->query = g_ptr_array_new_with_free_func (param_free);
  self->headers = g_ptr_array_new_with_free_func (param_free);

  /* The fragment is for the client alone: HTTP never sends it. */
  end = strcspn (base_url, "#");
  query = memchr (base_url, '?', end);

  url = g_string_sized_new (end + 16);
  append_url_part (url, base_url, query != NULL ? (gsize) (query - base_url) : end);
  self->base_url = g_string_free (url, FALSE);

  if (query != NULL && query + 1 < base_url + end)
    {
      GString *text = g_string_new (NULL);

      append_url_part (text, query + 1, base_url + end - (query + 1));
      self->url_query = g_string_free (text, FALSE);
    }

  return self;
}

static GPtrArray *
copy_params (GPtrArray *params)
{
  GPtrArray *copy = g_ptr_array_new_full (params->len, param_free);

  for (guint i = 0; i < params->len; i++)
    {
      const CaRequestParam *param = g_ptr_array_index (params, i);

      g_ptr_array_add (copy, param_new (param->name, param->value, param->secret));
    }

  return copy;
}

CaRequest *
ca_request_copy (const CaRequest *self)
{
  CaRequest *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (CaRequest, 1);
  copy->method = g_strdup (self->method);
  copy->base_url = g_strdup (self->base_url);
  copy->url_query = g_strdup (self->url_query);
  copy->query = copy_params (self->query);
  copy->headers = copy_params (self->headers);
  copy->body = self->body != NULL ? g_bytes_ref (self->body) : NULL;
  return copy;
}

void
ca_request_free (CaRequest *self)
{
  if (self == NULL)
    return;

  g_free (self->method);
  g_free (self->base_url);
  g_free (self->url_query);
  g_clear_pointer (&self->query, g_ptr_array_unref);
  g_clear_pointer (&self->headers, g_ptr_array_unref);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_free (self);
}

void
ca_request_add_query (CaRequest  *self,
                      const char *name,
                      const char *value,
                      gboolean    secret)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (value != NULL);

  g_ptr_array_add (self->query, param_new (name, value, secret));
}

static CaRequestParam *
find_header (const CaRequest *self,
             const char      *name)
{
  for (guint i = 0; i < self->headers->len; i++)
    {
      CaRequestParam *param = g_ptr_array_index (self->headers, i);

      if (g_ascii_strcasecmp (param->name, name) == 0)
        return param;
    }

  return NULL;
}

void
ca_request_set_header (CaRequest  *self,
                       const char *name,
                       const char *value,
                       gboolean    secret)
{
  CaRequestParam *param;

  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (value != NULL);

  param = find_header (self, name);
  if (param == NULL)
    {
      g_ptr_array_add (self->headers, param_new (name, value, secret));
      return;
    }

  /* In place, so that the order stays what the action says. */
  g_free (param->name);
  param->name = g_strdup (name);
  g_free (param->value);
  param->value = g_strdup (value);
  param->secret = !!secret;
}

const char *
ca_request_get_header (const CaRequest *self,
                       const char      *name)
{
  const CaRequestParam *param;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  param = find_header (self, name);
  return param != NULL ? param->value : NULL;
}

static void
append_percent_encoded (GString    *out,
                        const char *text)
{
  for (const guchar *p = (const guchar *) text; *p; p++)
    {
      if (is_unreserved (*p))
        g_string_append_c (out, *p);
      else
        append_escaped_byte (out, *p);
    }
}

char *
ca_request_get_url (const CaRequest *self,
                    gboolean         reveal)
{
  GString *url;
  char separator = '?';

  g_return_val_if_fail (self != NULL, NULL);

  url = g_string_new (self->base_url);
  if (self->url_query != NULL)
    {
      g_string_append_c (url, '?');
      g_string_append (url, self->url_query);
      separator = '&';
    }

  for (guint i = 0; i < self->query->len; i++)
    {
      const CaRequestParam *param = g_ptr_array_index (self->query, i);

      g_string_append_c (url, separator);
      append_percent_encoded (url, param->name);
      g_string_append_c (url, '=');
      if (param->secret && !reveal)
        g_string_append (url, CA_MASK);
      else
        append_percent_encoded (url, param->value);
      separator = '&';
    }

  return g_string_free (url, FALSE);
}

char *
ca_percent_encode (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text) + 8);
  append_percent_encoded (out, text);
  return g_string_free (out, FALSE);
}

gboolean
ca_is_http_token (const char *text)
{
  if (text == NULL || text[0] == '\0')
    return FALSE;

  for (const char *p = text; *p; p++)
    {
      if (!g_ascii_isalnum (*p) && strchr ("!#$%&'*+-.^_`|~", *p) == NULL)
        return FALSE;
    }

  return TRUE;
}
