/* ca-json-writer.h: JSON text in the action file's canonical layout
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ca-json.h"

G_BEGIN_DECLS

/* Writes JSON as a stream of calls, laid out like JSON.stringify (v, null,
 * 2): two-space indent, one member or element per line, "[]" and "{}" for
 * empty containers, UTF-8 kept as it is. Writing straight to text keeps
 * big catalogs fast to save and the key order under our control. */
typedef struct _CaJsonWriter CaJsonWriter;

CaJsonWriter *ca_json_writer_new          (void);
void          ca_json_writer_free         (CaJsonWriter *self);
/* The text so far, with a final newline; frees @self. */
GBytes       *ca_json_writer_free_to_bytes (CaJsonWriter *self);

/* A writer that goes on inside @depth open containers: its text is to be
 * added to another writer's with ca_json_writer_append(). This lets a big
 * file be written in parts at once. */
CaJsonWriter *ca_json_writer_new_continued (guint       depth);
/* Adds what @part wrote after what @self wrote, and frees @part. */
void          ca_json_writer_append       (CaJsonWriter *self,
                                           CaJsonWriter *part);

void          ca_json_writer_begin_object (CaJsonWriter *self);
void          ca_json_writer_end_object   (CaJsonWriter *self);
void          ca_json_writer_begin_array  (CaJsonWriter *self);
void          ca_json_writer_end_array    (CaJsonWriter *self);
/* Inside an object, before each value. */
void          ca_json_writer_key          (CaJsonWriter *self,
                                           const char   *key);
void          ca_json_writer_string       (CaJsonWriter *self,
                                           const char   *value);
void          ca_json_writer_int          (CaJsonWriter *self,
                                           gint64        value);
void          ca_json_writer_double       (CaJsonWriter *self,
                                           double        value);
void          ca_json_writer_boolean      (CaJsonWriter *self,
                                           gboolean      value);
void          ca_json_writer_null         (CaJsonWriter *self);
/* Any JSON value, objects with their members in the order they came. */
void          ca_json_writer_node         (CaJsonWriter *self,
                                           JsonNode     *node);

void          ca_json_writer_value        (CaJsonWriter *self,
                                           const CaJson *value);
/* A value given as JSON text that this writer wrote compact (the model
 * keeps samples so), laid out in place: the same as parsing it and
 * writing the value, without either. */
void          ca_json_writer_compact_text (CaJsonWriter *self,
                                           const char   *text);

/* @node on one line, as compact JSON: for messages and request bodies. */
char         *ca_json_to_compact_string   (JsonNode     *node);
char         *ca_json_value_to_compact_string (const CaJson *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaJsonWriter, ca_json_writer_free)

G_END_DECLS
