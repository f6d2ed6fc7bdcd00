/* ca-json.h: a fast reader for JSON text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* json-glib builds a tree of reference-counted nodes with a hash table per
 * object: reading a 10,000-action catalog that way takes about a second.
 * This reader puts the whole document in a few large blocks instead, which
 * is read in one pass and freed at once; the text is left as it is.
 * Values are read-only; objects keep their members in order, and a key
 * given twice is an error. */

typedef enum {
  CA_JSON_NULL,
  CA_JSON_BOOLEAN,
  CA_JSON_INTEGER,
  CA_JSON_DECIMAL,
  CA_JSON_STRING,
  CA_JSON_ARRAY,
  CA_JSON_OBJECT,
} CaJsonKind;

typedef struct _CaJson CaJson;

struct _CaJson
{
  CaJsonKind  kind;
  /* Elements of an array, members of an object. */
  guint       n_children;
  /* The key of an object's member, NULL elsewhere. */
  const char *key;
  union {
    gboolean    boolean;
    gint64      integer;
    double      decimal;
    const char *string;
    CaJson     *children;
  };
};

typedef struct _CaJsonDocument CaJsonDocument;

/* CA_FORMAT_ERROR_SYNTAX with a message that starts "LINE:COLUMN: ". */
CaJsonDocument *ca_json_document_parse    (const char           *text,
                                           gsize                 length,
                                           GError              **error);
const CaJson   *ca_json_document_get_root (CaJsonDocument       *document);
void            ca_json_document_free     (CaJsonDocument       *document);

const CaJson   *ca_json_get_member        (const CaJson         *object,
                                           const char           *key);
/* The value at a dotted path: object keys and array indexes ("items.0.sku"),
 * or NULL. */
const CaJson   *ca_json_lookup_path       (const CaJson         *root,
                                           const char           *path);
/* "a string", "an object", … for messages. */
const char     *ca_json_kind_word         (const CaJson         *value);

/* A big array read one element at a time, each in the memory of the one
 * before, so that reading it takes little memory whatever its size: from
 * @from (just after its '[' or after a ',' between two elements) up to its
 * ']' or, when @limit is less than @length, up to @limit, which is the
 * position of a ',' between two elements. Lets two threads read the two
 * halves of a big array. Error positions count from the start of @text,
 * which must stay as it is while the stream reads it. */
typedef struct _CaJsonStream CaJsonStream;

CaJsonStream   *ca_json_stream_new        (const char           *text,
                                           gsize                 length,
                                           gsize                 from,
                                           gsize                 limit);
/* TRUE with @element, valid until the next call; FALSE at the end, or on
 * a syntax error (CA_FORMAT_ERROR_SYNTAX with "LINE:COLUMN: "). */
gboolean        ca_json_stream_next       (CaJsonStream         *stream,
                                           const CaJson        **element,
                                           GError              **error);
/* Where reading stopped: the array's ']', or @limit. */
gsize           ca_json_stream_get_end    (CaJsonStream         *stream);
void            ca_json_stream_free       (CaJsonStream         *stream);

/* For the parts of the application that work with json-glib. */
JsonNode       *ca_json_to_node           (const CaJson         *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaJsonDocument, ca_json_document_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaJsonStream, ca_json_stream_free)

G_END_DECLS
