/* ca-deadlines.h: many deadlines, one timer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Deadlines in one main context, served by a single source. A source per
 * deadline would cost every turn of the loop a look at each of them: with
 * many calls in flight, each with its timeout, that adds up. */
typedef struct _CaDeadlines CaDeadlines;
typedef struct _CaDeadline  CaDeadline;

typedef void (*CaDeadlineFunc) (gpointer data);

CaDeadlines *ca_deadlines_new    (GMainContext   *context);
/* Whatever is still pending is dropped (its data destroyed), not run. */
void         ca_deadlines_free   (CaDeadlines    *self);

/* Calls @func with @data once the monotonic time reaches @when_us, then
 * @destroy on @data. The handle is valid until then. */
CaDeadline  *ca_deadlines_add    (CaDeadlines    *self,
                                  gint64          when_us,
                                  CaDeadlineFunc  func,
                                  gpointer        data,
                                  GDestroyNotify  destroy);
/* Drops a deadline that has not come yet: @destroy runs, @func does not. */
void         ca_deadlines_remove (CaDeadlines    *self,
                                  CaDeadline     *deadline);
/* How many are waiting (for tests). */
guint        ca_deadlines_count  (CaDeadlines    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaDeadlines, ca_deadlines_free)

G_END_DECLS
