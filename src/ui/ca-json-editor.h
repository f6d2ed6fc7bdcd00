/* ca-json-editor.h: a JSON text editor that says where the text stops being JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define CA_TYPE_JSON_EDITOR (ca_json_editor_get_type ())

G_DECLARE_FINAL_TYPE (CaJsonEditor, ca_json_editor, CA, JSON_EDITOR, GtkWidget)

GtkWidget  *ca_json_editor_new        (void);
/* The text; NULL shows an empty editor. */
void        ca_json_editor_set_text   (CaJsonEditor *self,
                                       const char   *text);
char       *ca_json_editor_get_text   (CaJsonEditor *self);
gboolean    ca_json_editor_is_empty   (CaJsonEditor *self);
/* The parsed text, or NULL when it is empty or not JSON. */
JsonNode   *ca_json_editor_get_node   (CaJsonEditor *self);
/* What is wrong, for people ("Line 3, column 7: …"), or NULL. */
const char *ca_json_editor_get_error  (CaJsonEditor *self);
void        ca_json_editor_set_editable (CaJsonEditor *self,
                                         gboolean      editable);
/* Moves the focus into the text, at the error when there is one. */
void        ca_json_editor_focus      (CaJsonEditor *self);
GtkWidget  *ca_json_editor_get_view   (CaJsonEditor *self);

G_END_DECLS
