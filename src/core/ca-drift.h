/* ca-drift.h: where an answer differs from the sample it should follow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Adds a warning to @problems (CaProblem, path like "error.code") for each
 * field of @sample that @answer lacks or has with another JSON type. Fields
 * the answer has in addition are not drift. The elements of an array in
 * the answer are compared with the sample's first element. */
void ca_drift_compare (JsonNode  *sample,
                       JsonNode  *answer,
                       GPtrArray *problems);

G_END_DECLS
