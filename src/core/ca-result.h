/* ca-result.h: what sending an action gave
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ca-request.h"

G_BEGIN_DECLS

#define CA_TYPE_RESULT (ca_result_get_type ())

/* Bodies are kept up to this size; the rest is read and dropped. */
#define CA_RESULT_MAX_BODY (10 * 1024 * 1024)

typedef struct {
  /* "http_<code>", "timedout", "capped" or "internalError" */
  char      *outcome;
  guint      status;       /* the last HTTP status, 0 when none came */
  guint      attempts;
  gint64     elapsed_ms;   /* the whole call, retries included */
  gint64     first_byte_ms;/* to the first byte of the last answer, -1 when none */
  GPtrArray *headers;      /* CaRequestParam of the last answer */
  GBytes    *body;         /* NULL when none came */
  gboolean   truncated;    /* the body was longer than CA_RESULT_MAX_BODY */
  char      *message;      /* what went wrong, for people; NULL on an answer */
  CaRequest *sent;         /* the request as sent, credentials marked secret */
  GPtrArray *drift;        /* CaProblem: where the answer differs from its sample */
} CaResult;

GType      ca_result_get_type   (void) G_GNUC_CONST;
CaResult  *ca_result_new        (void);
CaResult  *ca_result_copy       (const CaResult *self);
void       ca_result_free       (CaResult       *self);
gboolean   ca_result_is_success (const CaResult *self);
char      *ca_result_format_duration  (gint64          ms);
char      *ca_result_format_body_size (const CaResult *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaResult, ca_result_free)

G_END_DECLS
