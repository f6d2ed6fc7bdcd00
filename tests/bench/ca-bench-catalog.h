/* ca-bench-catalog.h: catalogs of many realistic actions, for the benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ca-action.h"

G_BEGIN_DECLS

/* Action number @i of a generated catalog, the same for the same @i. They
 * look like the sample catalog's: every category, method and kind of
 * authentication, headers, query parameters, payloads with their fields
 * and answers. Most take 0.6 to 2 KB in the file, a few twice that. Names,
 * labels, descriptions and URLs differ from one action to the next, as in
 * a real catalog; field names and labels repeat, as they do there. */
CaAction  *ca_bench_make_action     (guint        i);

/* The file text of a catalog of @n such actions. */
GBytes    *ca_bench_catalog_bytes   (guint        n);

/* Writes that catalog to @path. */
gboolean   ca_bench_catalog_write   (const char  *path,
                                     guint        n,
                                     GError     **error);

/* The median of @n values; sorts them. */
double     ca_bench_median          (double      *values,
                                     guint        n);

G_END_DECLS
