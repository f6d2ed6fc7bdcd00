/* ca-test-net.h: what the sending tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ca-invoker.h"

G_BEGIN_DECLS

/* A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
guint      ca_test_closed_port (void);
/* An invoker with a rate limiter of its own, so that the limits of one
 * test do not reach the next. */
CaInvoker *ca_test_new_invoker (void);

G_END_DECLS
