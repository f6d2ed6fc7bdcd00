/* test-deadlines.c: many deadlines on one timer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ca-deadlines.h"

/* What ran, in order, and what was let go. */
typedef struct {
  GString     *ran;
  GString     *destroyed;
  CaDeadlines *deadlines;
  CaDeadline  *to_remove;     /* removed by the one tagged 'r' */
} Log;

typedef struct {
  Log    *log;
  gint64  when_us;
  char    tag;
} Entry;

/* None runs before its time (a busy machine may run it later). */
static void
entry_ran (gpointer data)
{
  Entry *entry = data;

  g_assert_cmpint (g_get_monotonic_time (), >=, entry->when_us);
  g_string_append_c (entry->log->ran, entry->tag);
  if (entry->tag == 'r' && entry->log->to_remove != NULL)
    ca_deadlines_remove (entry->log->deadlines, g_steal_pointer (&entry->log->to_remove));
}

static void
entry_destroyed (gpointer data)
{
  Entry *entry = data;

  g_string_append_c (entry->log->destroyed, entry->tag);
  /* As an invoker's last call does when it lets go of the invoker. */
  if (entry->tag == 'f')
    g_clear_pointer (&entry->log->deadlines, ca_deadlines_free);
  g_free (entry);
}

static CaDeadline *
add (Log    *log,
     gint64  when_us,
     char    tag)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->log = log;
  entry->when_us = when_us;
  entry->tag = tag;
  return ca_deadlines_add (log->deadlines, when_us, entry_ran, entry, entry_destroyed);
}

static void
log_init (Log *log)
{
  log->ran = g_string_new (NULL);
  log->destroyed = g_string_new (NULL);
  log->deadlines = ca_deadlines_new (NULL);
}

static void
log_clear (Log *log)
{
  g_clear_pointer (&log->deadlines, ca_deadlines_free);
  g_string_free (log->ran, TRUE);
  g_string_free (log->destroyed, TRUE);
}

/* Runs the default main context until @n have run, or for 5 s. */
static void
run_until (Log   *log,
           gsize  n)
{
  gint64 give_up = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (log->ran->len < n && g_get_monotonic_time () < give_up)
    g_main_context_iteration (NULL, TRUE);
}

/* Soonest first, whatever the order they were added in; equal times in
 * the order added; none before its time (entry_ran()). */
static void
test_order (void)
{
  Log log;
  gint64 now = g_get_monotonic_time ();

  log_init (&log);
  add (&log, now + 150 * 1000, 'c');
  add (&log, now + 50 * 1000, 'a');
  add (&log, now + 100 * 1000, 'b');
  add (&log, now + 100 * 1000, 'B');
  g_assert_cmpuint (ca_deadlines_count (log.deadlines), ==, 4);

  run_until (&log, 4);
  g_assert_cmpstr (log.ran->str, ==, "abBc");
  g_assert_cmpint (g_get_monotonic_time (), >=, now + 150 * 1000);
  g_assert_cmpstr (log.destroyed->str, ==, "abBc");
  g_assert_cmpuint (ca_deadlines_count (log.deadlines), ==, 0);
  log_clear (&log);
}

/* A deadline removed never runs, its data is let go at once; one that
 * runs can remove another due at the same time; freeing lets go of the
 * rest without running them. */
static void
test_remove (void)
{
  Log log;
  gint64 now = g_get_monotonic_time ();
  CaDeadline *soon;

  log_init (&log);
  soon = add (&log, now + 20 * 1000, 'x');
  add (&log, now + 40 * 1000, 'r');
  log.to_remove = add (&log, now + 40 * 1000, 'y');
  add (&log, now + 60 * 1000, 'z');
  add (&log, now + 60 * G_USEC_PER_SEC, 'l');

  ca_deadlines_remove (log.deadlines, soon);
  g_assert_cmpstr (log.destroyed->str, ==, "x");

  run_until (&log, 2);
  g_assert_cmpstr (log.ran->str, ==, "rz");
  g_assert_cmpstr (log.destroyed->str, ==, "xyrz");
  g_assert_cmpuint (ca_deadlines_count (log.deadlines), ==, 1);

  g_clear_pointer (&log.deadlines, ca_deadlines_free);
  g_assert_cmpstr (log.ran->str, ==, "rz");
  g_assert_cmpstr (log.destroyed->str, ==, "xyrzl");
  log_clear (&log);
}

/* With nothing pending the timer sleeps: the loop has nothing to do. */
static void
test_idle_when_empty (void)
{
  Log log;

  log_init (&log);
  add (&log, g_get_monotonic_time (), 'a');
  run_until (&log, 1);
  g_assert_cmpstr (log.ran->str, ==, "a");
  g_assert_false (g_main_context_iteration (NULL, FALSE));
  log_clear (&log);
}

/* Letting go of the data of a deadline that ran frees the deadlines:
 * the one due with it is let go of, not run, and nothing is read from
 * the deadlines freed (valgrind and ASan tell). */
static void
test_freed_by_data (void)
{
  Log log;
  gint64 now = g_get_monotonic_time ();

  log_init (&log);
  add (&log, now + 20 * 1000, 'f');
  add (&log, now + 20 * 1000, 'g');

  run_until (&log, 1);
  g_assert_null (log.deadlines);
  /* Nothing else would run: one more turn with nothing due. */
  g_main_context_iteration (NULL, FALSE);
  g_assert_cmpstr (log.ran->str, ==, "f");
  g_assert_cmpstr (log.destroyed->str, ==, "fg");
  log_clear (&log);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ca/deadlines/order", test_order);
  g_test_add_func ("/ca/deadlines/remove", test_remove);
  g_test_add_func ("/ca/deadlines/freed-by-data", test_freed_by_data);
  g_test_add_func ("/ca/deadlines/idle-when-empty", test_idle_when_empty);

  return g_test_run ();
}
