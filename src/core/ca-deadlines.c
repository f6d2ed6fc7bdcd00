/* ca-deadlines.c: many deadlines, one timer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ca-deadlines.h"

struct _CaDeadline
{
  gint64         when_us;
  CaDeadlineFunc func;
  gpointer       data;
  GDestroyNotify destroy;
  GList          link;        /* in pending; data is the deadline */
};

struct _CaDeadlines
{
  GSource *source;
  /* Soonest first; equal times in the order added. Most are added last,
   * as calls share a timeout, and leave from the front. */
  GQueue   pending;
};

typedef struct {
  GSource      source;
  CaDeadlines *owner;         /* NULL once freed */
} DeadlineSource;

static void
deadline_free (CaDeadline *deadline)
{
  if (deadline->destroy != NULL)
    deadline->destroy (deadline->data);
  g_free (deadline);
}

/* The source wakes up for the soonest deadline, or not at all. Moving
 * the time wakes the loop up, so it is done only when a deadline comes
 * sooner than the source would wake: when one leaves, the source may
 * wake up for nothing once, and then sleeps until the next. */
static void
wake_for (CaDeadlines *self,
          gint64       when_us)
{
  gint64 ready = g_source_get_ready_time (self->source);

  if (ready < 0 || when_us < ready)
    g_source_set_ready_time (self->source, when_us);
}

static gboolean
deadlines_dispatch (GSource     *source,
                    GSourceFunc  callback,
                    gpointer     user_data)
{
  DeadlineSource *deadline_source = (DeadlineSource *) source;
  gint64 now = g_source_get_time (source);

  g_source_set_ready_time (source, -1);

  /* Each is taken out before it runs: a function may add or remove
   * others, or end the call that owns a later one. Letting go of a
   * deadline's data may free the deadlines themselves (the last call of
   * an invoker nobody else holds): the owner is read again each time. */
  while (deadline_source->owner != NULL && deadline_source->owner->pending.head != NULL)
    {
      CaDeadlines *self = deadline_source->owner;
      CaDeadline *deadline = self->pending.head->data;

      if (deadline->when_us > now)
        {
          wake_for (self, deadline->when_us);
          break;
        }

      g_queue_unlink (&self->pending, &deadline->link);
      deadline->func (deadline->data);
      deadline_free (deadline);
    }

  return G_SOURCE_CONTINUE;
}

static GSourceFuncs deadline_source_funcs = {
  .dispatch = deadlines_dispatch,
};

CaDeadlines *
ca_deadlines_new (GMainContext *context)
{
  CaDeadlines *self = g_new0 (CaDeadlines, 1);

  g_queue_init (&self->pending);
  self->source = g_source_new (&deadline_source_funcs, sizeof (DeadlineSource));
  ((DeadlineSource *) self->source)->owner = self;
  g_source_set_static_name (self->source, "CaDeadlines");
  g_source_attach (self->source, context);
  return self;
}

void
ca_deadlines_free (CaDeadlines *self)
{
  ((DeadlineSource *) self->source)->owner = NULL;
  g_source_destroy (self->source);
  g_source_unref (self->source);
  while (self->pending.head != NULL)
    {
      CaDeadline *deadline = self->pending.head->data;

      g_queue_unlink (&self->pending, &deadline->link);
      deadline_free (deadline);
    }
  g_free (self);
}

CaDeadline *
ca_deadlines_add (CaDeadlines    *self,
                  gint64          when_us,
                  CaDeadlineFunc  func,
                  gpointer        data,
                  GDestroyNotify  destroy)
{
  CaDeadline *deadline = g_new0 (CaDeadline, 1);
  GList *before = self->pending.tail;

  deadline->when_us = when_us;
  deadline->func = func;
  deadline->data = data;
  deadline->destroy = destroy;
  deadline->link.data = deadline;

  /* From the end: it is usually the latest. */
  while (before != NULL && ((CaDeadline *) before->data)->when_us > when_us)
    before = before->prev;
  if (before == NULL)
    g_queue_push_head_link (&self->pending, &deadline->link);
  else
    g_queue_insert_after_link (&self->pending, before, &deadline->link);

  wake_for (self, when_us);
  return deadline;
}

void
ca_deadlines_remove (CaDeadlines *self,
                     CaDeadline  *deadline)
{
  g_queue_unlink (&self->pending, &deadline->link);
  deadline_free (deadline);
}

guint
ca_deadlines_count (CaDeadlines *self)
{
  return self->pending.length;
}
