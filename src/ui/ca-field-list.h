/* ca-field-list.h: the headers, query parameters or payload fields of an action
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ca-field.h"

G_BEGIN_DECLS

typedef enum {
  CA_FIELD_LIST_HEADERS, /*< nick=headers >*/
  CA_FIELD_LIST_QUERY,   /*< nick=query >*/
  CA_FIELD_LIST_PAYLOAD, /*< nick=payload >*/
} CaFieldListMode;

#define CA_TYPE_FIELD_LIST_MODE (ca_field_list_mode_get_type ())

GType ca_field_list_mode_get_type (void);

#define CA_TYPE_FIELD_LIST (ca_field_list_get_type ())

G_DECLARE_FINAL_TYPE (CaFieldList, ca_field_list, CA, FIELD_LIST, AdwPreferencesGroup)

/* Headers and query parameters: a title, an "Add" button in the header
 * suffix, rows that can be removed and moved (buttons, and Alt+Up /
 * Alt+Down on a row); headers mode shows a fixed "Content-Type:
 * application/json" row first that cannot be removed. Payload mode: one
 * row per path of the table, no add, remove or move, paths fixed.
 * In a .ui file: <object class="CaFieldList"><property name="mode">query</property>. */
GtkWidget       *ca_field_list_new           (CaFieldListMode  mode);
CaFieldListMode  ca_field_list_get_mode      (CaFieldList     *self);
/* @fields: a GPtrArray of CaField owned by the caller (the action's
 * headers or query, or a payload table) that unrefs its fields, edited in
 * place: fields are added, removed and moved in it, and changed. The list
 * keeps a reference to the array; NULL empties the list. The rows of
 * names (paths) shown before are kept, given the new fields, and stay
 * open; the others are made anew, so a changed sample is cheap to show. */
void             ca_field_list_set_fields    (CaFieldList     *self,
                                              GPtrArray       *fields);
GPtrArray       *ca_field_list_get_fields    (CaFieldList     *self);
/* Payload mode: the sample the table was made from; constants without a
 * value of their own show the sample's. */
void             ca_field_list_set_sample    (CaFieldList     *self,
                                              JsonNode        *sample);
/* Marks the rows that @problems (CaProblem) name under @prefix
 * ("headers", "query", "request.fields": "headers[2].name") and clears
 * the others: the first message becomes the row's subtitle, the sub-row
 * at fault is styled as an error, and both carry it as their accessible
 * description. The index is the position in the array given to
 * ca_field_list_set_fields(): in payload mode, validate an action whose
 * request fields are the table itself. */
void             ca_field_list_show_problems (CaFieldList     *self,
                                              GPtrArray       *problems,
                                              const char      *prefix);
/* The widget to scroll to and focus for a problem's @path
 * ("headers[1].name": the Name row, its expander row expanded), the row
 * for a path without a key, or NULL when there is no such row. */
GtkWidget       *ca_field_list_find_row      (CaFieldList     *self,
                                              const char      *path);

G_END_DECLS
