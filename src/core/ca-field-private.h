/* ca-field-private.h: what the file reader shares with the field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ca-field.h"

G_BEGIN_DECLS

/* Like ca_field_new_full(), taking what it is given: @name and @label are
 * GRefStrings (or NULL) that the file reader shares between the fields of
 * many actions, @value a node (or NULL). */
CaField *ca_field_new_shared (char        *name,
                              CaFieldKind  kind,
                              CaFieldType  type,
                              char        *label,
                              gboolean     optional,
                              JsonNode    *value);

G_END_DECLS
