/* ca-payload.h: the field table of a request payload
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ca-field.h"

G_BEGIN_DECLS

/* The configuration dialog shows one row per leaf of the request sample;
 * the action file stores only what differs from the sample. These two
 * functions go from one to the other, and back when the sample changes. */

/* The payload table: one CaField per leaf of @sample (objects are walked;
 * a scalar or an array is a leaf, typed list* by ca_field_type_guess), in
 * the sample's order, named by dotted path. A field of @previous whose path
 * reaches inside an array ("items.0.name", array elements by index, as the
 * file format allows) and still resolves in the sample is kept too, right
 * after its array's row: loading an action never loses a field.
 * A path found in @previous (CaField by name = path, may be NULL) keeps
 * that field's kind, type, label, optional and value (a copy); any other
 * path is a constant with the type ca_field_type_guess() gives and the
 * sample value as value (none for a null: the sample's null is sent).
 * A @sample that is NULL or not an object has no leaves.
 *
 * Returns: (transfer full): a GPtrArray of CaField that unrefs them */
GPtrArray *ca_payload_table_from_sample (JsonNode  *sample,
                                         GPtrArray *previous);
/* The table for @sample after a change from @old_sample: the choices made
 * in @table (what ca_payload_table_to_fields() keeps of it) carry over to
 * the paths that still exist, and constants nobody touched follow the new
 * sample's values and types. Pass the action's stored fields to
 * ca_payload_table_from_sample() when loading; use this when the sample
 * changes under an open table (passing the table itself would make every
 * old sample value a choice).
 *
 * Returns: (transfer full): a GPtrArray of CaField that unrefs them */
GPtrArray *ca_payload_table_update      (JsonNode  *old_sample,
                                         JsonNode  *new_sample,
                                         GPtrArray *table);
/* What an action stores in request.fields: the variables of @table, and
 * the constants whose type or value differ from what the sample says (a
 * constant without a value sends the sample's; one whose path is not a
 * leaf of @sample is kept). Copies.
 *
 * Returns: (transfer full): a GPtrArray of CaField that unrefs them */
GPtrArray *ca_payload_table_to_fields   (JsonNode  *sample,
                                         GPtrArray *table);
/* The value at a dotted path of @root ("message.title", "items.0.sku"),
 * read as ca_action_validate() reads it; NULL when there is none. */
JsonNode  *ca_payload_lookup            (JsonNode   *root,
                                         const char *path);

G_END_DECLS
