/* ca-test-files.h: what tests share about files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Removes @path, and all it holds when it is a directory (symbolic links
 * are removed, not followed). */
void ca_test_rm_rf (const char *path);

G_END_DECLS
