/* ca-field-row.h: one header, query parameter or payload field, edited in place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ca-field.h"
#include "ca-field-list.h"

G_BEGIN_DECLS

#define CA_TYPE_FIELD_ROW (ca_field_row_get_type ())

G_DECLARE_FINAL_TYPE (CaFieldRow, ca_field_row, CA, FIELD_ROW, AdwExpanderRow)

/* A row that edits @field in place and emits "changed" after each edit;
 * "move" (gint: -1 up, 1 down) and "remove" ask its list to do so. */
GtkWidget  *ca_field_row_new               (CaField         *field,
                                            CaFieldListMode  mode);
CaField    *ca_field_row_get_field         (CaFieldRow      *self);
/* Shows and edits @field instead, keeping the widgets (and whether the
 * row is open); clears the problem shown. */
void        ca_field_row_set_field         (CaFieldRow      *self,
                                            CaField         *field);
/* The row's position in its list, which orders the rows. */
guint       ca_field_row_get_index         (CaFieldRow      *self);
void        ca_field_row_set_index         (CaFieldRow      *self,
                                            guint            index,
                                            guint            n_rows);
/* Payload mode: what a constant without a value sends (the sample's
 * value), shown in its place. */
void        ca_field_row_set_default_value (CaFieldRow      *self,
                                            JsonNode        *value);
/* Shows @message as the row's subtitle and marks the sub-row of @key
 * ("name", "value", "label", "type"; anything else marks the row itself);
 * NULL @message clears. */
void        ca_field_row_show_problem      (CaFieldRow      *self,
                                            const char      *key,
                                            const char      *message);
/* The sub-row of @key, expanding the row; the row itself for a key it has
 * no visible sub-row for. */
GtkWidget  *ca_field_row_find_row          (CaFieldRow      *self,
                                            const char      *key);
/* Expands the row and focuses its first entry. */
void        ca_field_row_focus             (CaFieldRow      *self);

G_END_DECLS
