/* ca-rate-limiter.h: capping and throttling, per host, for the process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _CaRateLimiter CaRateLimiter;

/* The one every call of the process shares. */
CaRateLimiter *ca_rate_limiter_get_default  (void);
CaRateLimiter *ca_rate_limiter_new          (void);
void           ca_rate_limiter_free         (CaRateLimiter *self);

/* Capping: TRUE, and the call counted, when fewer than @max_calls calls
 * went to @host in the last @period_ms (a sliding window); FALSE when the
 * call would be over the cap: it is not to be sent, and is not counted. */
gboolean       ca_rate_limiter_try_cap      (CaRateLimiter *self,
                                             const char    *host,
                                             guint          max_calls,
                                             guint          period_ms);

/* Throttling: reserves the next turn of @host at @max_throughput calls a
 * second and returns how long to wait for it, in microseconds (0: now).
 * Calls wait their turn instead of failing — unless the wait would be
 * longer than @max_wait_us: then nothing is reserved and it returns -1. */
gint64         ca_rate_limiter_reserve_turn (CaRateLimiter *self,
                                             const char    *host,
                                             guint          max_throughput,
                                             gint64         max_wait_us);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaRateLimiter, ca_rate_limiter_free)

G_END_DECLS
