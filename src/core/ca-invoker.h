/* ca-invoker.h: sends rendered requests over HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "ca-action.h"
#include "ca-authenticator.h"
#include "ca-rate-limiter.h"
#include "ca-request.h"
#include "ca-result.h"

G_BEGIN_DECLS

/* At most this many redirects are followed. */
#define CA_INVOKER_MAX_REDIRECTS 5

#define CA_TYPE_INVOKER (ca_invoker_get_type ())

G_DECLARE_FINAL_TYPE (CaInvoker, ca_invoker, CA, INVOKER, GObject)

/* The invoker every call of the process shares: one SoupSession with
 * keep-alive, one token cache, one rate limiter. */
CaInvoker       *ca_invoker_get_default        (void);
CaInvoker       *ca_invoker_new                (void);

SoupSession     *ca_invoker_get_session        (CaInvoker           *self);
CaAuthenticator *ca_invoker_get_authenticator  (CaInvoker           *self);
/* Tests give an invoker a limiter of its own. */
void             ca_invoker_set_rate_limiter   (CaInvoker           *self,
                                                CaRateLimiter       *limiter);

/* Sends @request (from ca_render()) for @action: capping, throttling,
 * authentication, then attempts with the retry policy of DESIGN.md, all
 * within the action's timeout. Always gives a result — "timedout",
 * "capped" and "internalError" are outcomes, not errors — except when
 * @cancellable is cancelled (G_IO_ERROR_CANCELLED) — from the thread of
 * the call, like every use of the invoker. */
void             ca_invoker_send_async         (CaInvoker           *self,
                                                CaAction            *action,
                                                const CaRequest     *request,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
CaResult        *ca_invoker_send_finish        (CaInvoker           *self,
                                                GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
