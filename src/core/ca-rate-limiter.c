/* ca-rate-limiter.c: capping and throttling, per host, for the process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ca-rate-limiter.h"

typedef struct {
  /* Capping: when the calls in the window were made, oldest first. */
  GQueue  calls;
  /* Throttling: the first free turn. */
  gint64  next_turn;
} Host;

struct _CaRateLimiter
{
  GMutex      lock;
  GHashTable *hosts;  /* name → Host */
};

static void
host_free (Host *host)
{
  g_queue_clear_full (&host->calls, g_free);
  g_free (host);
}

CaRateLimiter *
ca_rate_limiter_new (void)
{
  CaRateLimiter *self = g_new0 (CaRateLimiter, 1);

  g_mutex_init (&self->lock);
  self->hosts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) host_free);
  return self;
}

void
ca_rate_limiter_free (CaRateLimiter *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->hosts);
  g_mutex_clear (&self->lock);
  g_free (self);
}

CaRateLimiter *
ca_rate_limiter_get_default (void)
{
  static CaRateLimiter *the_limiter;

  if (g_once_init_enter (&the_limiter))
    g_once_init_leave (&the_limiter, ca_rate_limiter_new ());

  return the_limiter;
}

static Host *
lookup_host (CaRateLimiter *self,
             const char    *name)
{
  Host *host = g_hash_table_lookup (self->hosts, name);

  if (host == NULL)
    {
      host = g_new0 (Host, 1);
      g_queue_init (&host->calls);
      g_hash_table_insert (self->hosts, g_strdup (name), host);
    }

  return host;
}

gboolean
ca_rate_limiter_try_cap (CaRateLimiter *self,
                         const char    *host_name,
                         guint          max_calls,
                         guint          period_ms)
{
  gint64 now = g_get_monotonic_time ();
  gint64 window_start = now - (gint64) period_ms * 1000;
  gboolean allowed;
  Host *host;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (host_name != NULL, FALSE);

  if (max_calls == 0)
    return TRUE;

  g_mutex_lock (&self->lock);
  host = lookup_host (self, host_name);

  /* Calls are queued in time order: drop those out of the window. */
  while (!g_queue_is_empty (&host->calls) &&
         *(gint64 *) g_queue_peek_head (&host->calls) <= window_start)
    g_free (g_queue_pop_head (&host->calls));

  allowed = g_queue_get_length (&host->calls) < max_calls;
  if (allowed)
    g_queue_push_tail (&host->calls, g_memdup2 (&now, sizeof now));
  g_mutex_unlock (&self->lock);

  return allowed;
}

gint64
ca_rate_limiter_reserve_turn (CaRateLimiter *self,
                              const char    *host_name,
                              guint          max_throughput,
                              gint64         max_wait_us)
{
  gint64 now = g_get_monotonic_time ();
  gint64 turn;
  Host *host;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (host_name != NULL, 0);

  if (max_throughput == 0)
    return 0;

  g_mutex_lock (&self->lock);
  host = lookup_host (self, host_name);
  turn = MAX (now, host->next_turn);
  if (turn - now > max_wait_us)
    {
      g_mutex_unlock (&self->lock);
      return -1;
    }
  host->next_turn = turn + G_USEC_PER_SEC / max_throughput;
  g_mutex_unlock (&self->lock);

  return turn - now;
}
