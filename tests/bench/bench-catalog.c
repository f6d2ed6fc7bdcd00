/* bench-catalog.c: loading and saving a catalog of 10,000 actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Targets on a 2-core machine: load ≤ 150 ms, save ≤ 150 ms. Prints the
 * median of several runs and the peak resident memory.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/resource.h>

#include "ca-bench-catalog.h"
#include "ca-catalog.h"

#define N_ACTIONS 10000
#define N_RUNS 7
#define TARGET_MS 150.0

static long
peak_rss_kib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = g_dir_make_tmp ("bench-catalog-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "catalog.json", NULL);
  g_autofree char *backup = g_strconcat (path, "~", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) bytes = ca_bench_catalog_bytes (N_ACTIONS);
  g_autoptr(GError) error = NULL;
  double load_ms[N_RUNS], save_ms[N_RUNS];
  double load, save;

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);

  for (guint run = 0; run < N_RUNS; run++)
    {
      g_autoptr(CaCatalog) catalog = ca_catalog_new (file);
      gint64 start = g_get_monotonic_time ();

      if (!ca_catalog_load (catalog, CA_CATALOG_LOAD_FLAGS_NONE, NULL, &error))
        g_error ("load: %s", error->message);
      load_ms[run] = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, N_ACTIONS);
      g_assert_false (ca_catalog_get_read_only (catalog));

      start = g_get_monotonic_time ();
      if (!ca_catalog_save (catalog, NULL, &error))
        g_error ("save: %s", error->message);
      save_ms[run] = (g_get_monotonic_time () - start) / 1000.0;
    }

  load = ca_bench_median (load_ms, N_RUNS);
  save = ca_bench_median (save_ms, N_RUNS);

  printf ("catalog of %u actions, %.1f MiB\n", N_ACTIONS, g_bytes_get_size (bytes) / 1048576.0);
  printf ("load: %.1f ms (median of %d, target ≤ %.0f ms) %s\n", load, N_RUNS, TARGET_MS,
          load <= TARGET_MS ? "ok" : "OVER TARGET");
  printf ("save: %.1f ms (median of %d, target ≤ %.0f ms) %s\n", save, N_RUNS, TARGET_MS,
          save <= TARGET_MS ? "ok" : "OVER TARGET");
  printf ("peak RSS: %.1f MiB\n", peak_rss_kib () / 1024.0);

  if (!g_getenv ("KEEP")) g_unlink (path);
  g_unlink (backup);
  g_rmdir (dir);

  return load <= TARGET_MS && save <= TARGET_MS ? 0 : 1;
}
