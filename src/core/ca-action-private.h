/* ca-action-private.h: what the file reader shares with validation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ca-action.h"
#include "ca-json.h"

G_BEGIN_DECLS

/* ca_action_validate() on a request sample already read, so that loading
 * a catalog reads each sample once. */
void ca_action_validate_with_sample (CaAction     *self,
                                     const char   *prefix,
                                     const CaJson *request_sample,
                                     GPtrArray    *problems);

G_END_DECLS
