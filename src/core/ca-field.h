/* ca-field.h: a header, a query parameter or a payload field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ca-types.h"

G_BEGIN_DECLS

#define CA_TYPE_FIELD (ca_field_get_type ())

G_DECLARE_FINAL_TYPE (CaField, ca_field, CA, FIELD, GObject)

/* One type serves the three places a value can go. For a header or a query
 * parameter, "name" is its name; for a payload field it is the dotted path
 * of the leaf in the request sample ("message.title", "items.0.sku"). */
CaField     *ca_field_new               (const char  *name,
                                         CaFieldKind  kind,
                                         CaFieldType  type);
/* All at once; @label and @value may be NULL. */
CaField     *ca_field_new_full          (const char  *name,
                                         CaFieldKind  kind,
                                         CaFieldType  type,
                                         const char  *label,
                                         gboolean     optional,
                                         JsonNode    *value);
CaField     *ca_field_copy              (CaField     *self);
gboolean     ca_field_equal             (CaField     *a,
                                         CaField     *b);

const char  *ca_field_get_name          (CaField     *self);
void         ca_field_set_name          (CaField     *self,
                                         const char  *name);
CaFieldKind  ca_field_get_kind          (CaField     *self);
void         ca_field_set_kind          (CaField     *self,
                                         CaFieldKind  kind);
CaFieldType  ca_field_get_field_type    (CaField     *self);
void         ca_field_set_field_type    (CaField     *self,
                                         CaFieldType  type);
/* The human name of a variable, or NULL. */
const char  *ca_field_get_label         (CaField     *self);
void         ca_field_set_label         (CaField     *self,
                                         const char  *label);
/* The label, or the name when there is none. */
const char  *ca_field_get_display_label (CaField     *self);
gboolean     ca_field_get_optional      (CaField     *self);
void         ca_field_set_optional      (CaField     *self,
                                         gboolean     optional);
/* A constant's value: a string for headers and query parameters; for a
 * payload field any JSON, or NULL to send the sample's value. */
JsonNode    *ca_field_get_value         (CaField     *self);
void         ca_field_set_value         (CaField     *self,
                                         JsonNode    *value);

G_END_DECLS
