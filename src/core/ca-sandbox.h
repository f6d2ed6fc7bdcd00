/* ca-sandbox.h: the embedded test endpoint, on loopback only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* POST /email, /sms, /push: check a minimal provider-like body, answer
 * 202 {"id": …, "status": "queued"}, or 400 {"error": {"code": …,
 * "message": …}} naming the field that is wrong. email: "to" an address,
 * "subject", "html" or "text"; sms: "to" a phone number, "text"; push:
 * "to", "message" an object with "title". Other methods: 405 with Allow.
 * ANY /echo[/…]: answer 200 with the request received: {"method", "path"
 * (as received, percent-encoded), "query" (name: value, or [values] for a
 * name given more than once), "headers", "body" (parsed when JSON, else a
 * string, null when empty)}.
 * POST /oauth/token: client credentials, as a form or a JSON object
 * (client_id and client_secret may also come as HTTP Basic); answers
 * {"access_token", "token_type": "Bearer", "expires_in": 3600}, or
 * expiresIn=S seconds from the query. 400 {"error":
 * "unsupported_grant_type"} for another grant, 401 {"error":
 * "invalid_client"} without client_id or client_secret.
 * Extras, for testing token refresh:
 * ANY /protected[/…]: the echo, but only with "Authorization: Bearer T"
 * where T is a live token from /oauth/token; else 401 {"error":
 * "invalid_token"} with WWW-Authenticate.
 * POST /oauth/revoke with token=T (form or JSON): T no longer opens
 * /protected; answers {"revoked": whether T was live}.
 * GET /: the list of endpoints.
 *
 * Faults on any endpoint by query parameters: delay=MS (the answer waits,
 * without blocking other calls), status=CODE (200 to 599: answer that
 * status with a small JSON body), retryAfter=S (adds Retry-After: S),
 * failFirst=N (the first N calls with the same method, path and query
 * answer 500). A value that is not a number in range: 400 naming it.
 * Not secure and not meant to be: tokens and ids are only unique. */
#define CA_TYPE_SANDBOX (ca_sandbox_get_type ())

G_DECLARE_FINAL_TYPE (CaSandbox, ca_sandbox, CA, SANDBOX, GObject)

CaSandbox  *ca_sandbox_new        (void);
/* Whether @url goes to the sandbox's default address (127.0.0.1 or
 * localhost, port CA_SANDBOX_DEFAULT_PORT): the sample actions do. */
gboolean    ca_sandbox_is_default_url (const char *url);
/* Listens on 127.0.0.1:@port (0: any free port). */
gboolean    ca_sandbox_listen     (CaSandbox  *self,
                                   guint       port,
                                   GError    **error);
guint       ca_sandbox_get_port   (CaSandbox  *self);
/* "http://127.0.0.1:PORT" */
char       *ca_sandbox_get_url    (CaSandbox  *self);
/* The listening socket's address (127.0.0.1:port); NULL before
 * listening. */
GSocketAddress *ca_sandbox_get_local_address (CaSandbox *self);
/* Calls answered so far to exactly @path (NULL: all paths), for tests
 * and the command line's log. The "answered" signal (method, path,
 * status) tells of each as it goes out. */
guint       ca_sandbox_get_n_calls (CaSandbox *self,
                                    const char *path);

G_END_DECLS
