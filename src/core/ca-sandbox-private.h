/* ca-sandbox-private.h: what the sandbox's dispatcher shares with its
 * endpoint handlers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ca-sandbox.h"

G_BEGIN_DECLS

/* One call being handled. */
typedef struct {
  CaSandbox         *self;
  SoupServerMessage *msg;
  const char        *method;
  /* As received: still percent-encoded */
  const char        *path;
  const char        *raw_query;
  /* Decoded name, value, name, value, … in the order received */
  GPtrArray         *query;
} Request;

/* ca-sandbox.c: the object's state that the handlers use */

/* A new id, "PREFIX-xxxxxxxx-N": unique across sandboxes as well as
 * within one */
char       *ca_sandbox_new_id           (CaSandbox  *self,
                                         const char *prefix);
/* Issued token → its expiry (gint64, monotonic µs) */
GHashTable *ca_sandbox_get_tokens       (CaSandbox  *self);

/* ca-sandbox-handlers.c: reading the request and answering, which the
 * dispatcher and the fault injection use too */

void        ca_sandbox_respond_object   (Request    *req,
                                         guint       status,
                                         JsonObject *object);
void        ca_sandbox_respond_error    (Request    *req,
                                         guint       status,
                                         const char *code,
                                         const char *format,
                                         ...) G_GNUC_PRINTF (4, 5);
GPtrArray  *ca_sandbox_parse_query      (const char *raw);
gboolean    ca_sandbox_read_number      (Request    *req,
                                         const char *name,
                                         guint64     min,
                                         guint64     max,
                                         const char *what,
                                         gint64     *value);

/* ca-sandbox-handlers.c: the endpoints, which the dispatcher routes to */

void        ca_sandbox_handle_email     (Request    *req);
void        ca_sandbox_handle_sms       (Request    *req);
void        ca_sandbox_handle_push      (Request    *req);
void        ca_sandbox_handle_echo      (Request    *req);
void        ca_sandbox_handle_token     (Request    *req);
void        ca_sandbox_handle_revoke    (Request    *req);
void        ca_sandbox_handle_protected (Request    *req);
void        ca_sandbox_handle_index     (Request    *req);

G_END_DECLS
