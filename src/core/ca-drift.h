/* ca-drift.h: where an answer differs from the sample it should follow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ca-json.h"

G_BEGIN_DECLS

/* Adds a warning to @problems (CaProblem, path like "error.code") for each
 * field of @sample that @answer lacks or has with another JSON type. Fields
 * the answer has in addition are not drift. The elements of an array in
 * the answer are compared with the sample's first element. */
void ca_drift_compare      (const CaJson *sample,
                            const CaJson *answer,
                            GPtrArray    *problems);
/* The same on texts; nothing is added when either is not JSON. Safe to
 * call from any thread: it reads only its arguments. */
void ca_drift_compare_text (const char   *sample,
                            gsize         sample_length,
                            const char   *answer,
                            gsize         answer_length,
                            GPtrArray    *problems);

G_END_DECLS
