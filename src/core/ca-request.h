/* ca-request.h: a concrete HTTP request, ready to send or to show
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CA_TYPE_REQUEST (ca_request_get_type ())

/* A header or a query parameter. @secret marks a value that came from a
 * credential: it is masked wherever the request is shown. */
typedef struct {
  char     *name;
  char     *value;
  gboolean  secret;
} CaRequestParam;

/* What rendering an action with values gives, and what authentication
 * completes: everything but the connection. */
typedef struct {
  char      *method;   /* "POST", "GET", "PUT" */
  /* scheme://host[:port]/path, the path already percent-encoded; no query */
  char      *base_url;
  GPtrArray *query;    /* CaRequestParam, in order; names and values raw */
  GPtrArray *headers;  /* CaRequestParam, in order */
  GBytes    *body;     /* NULL for GET */
  /* The query the action's URL has itself ("a=1&b"), as written there and
   * so already encoded, or NULL: it comes first in the full URL, before
   * @query. It is kept as text, not split into @query, because decoding
   * and encoding again could change it ('+' means a space to some servers
   * and a plus to others). */
  char      *url_query;
} CaRequest;

#define CA_MASK "••••••"

GType      ca_request_get_type      (void) G_GNUC_CONST;
/* @base_url may have a query, which goes to @url_query, and a fragment,
 * which is dropped (it is never sent). Characters that cannot appear in a
 * URL as they are (spaces, non-ASCII, a '%' that starts no escape) are
 * percent-encoded; what is already encoded stays as it is. */
CaRequest *ca_request_new           (const char       *method,
                                     const char       *base_url);
CaRequest *ca_request_copy          (const CaRequest  *self);
void       ca_request_free          (CaRequest        *self);

void       ca_request_add_query     (CaRequest        *self,
                                     const char       *name,
                                     const char       *value,
                                     gboolean          secret);
/* Replaces a header of the same name (case-insensitive), else appends. */
void       ca_request_set_header    (CaRequest        *self,
                                     const char       *name,
                                     const char       *value,
                                     gboolean          secret);
const char *ca_request_get_header   (const CaRequest  *self,
                                     const char       *name);

/* The full URL: base_url, then url_query, then @query with names and
 * values percent-encoded (RFC 3986). Secret values are replaced by CA_MASK
 * unless @reveal; the mask is left unencoded, as it is for people to read,
 * not to send. */
char      *ca_request_get_url       (const CaRequest  *self,
                                     gboolean          reveal);

/* RFC 7230 "token": what header (and query) names are made of. */
gboolean   ca_is_http_token         (const char       *text);

/* RFC 3986: everything but unreserved characters as %XX. */
char      *ca_percent_encode        (const char       *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaRequest, ca_request_free)

G_END_DECLS
