/* ca-json-pretty.h: JSON text laid out for people, without parsing it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The largest indent ca_json_pretty() writes, in levels: deeper values
 * stay at this indent, so that a pathological answer ("[[[[…") cannot
 * make the text grow with the square of its depth. */
#define CA_JSON_PRETTY_MAX_INDENT 32

/* A byte of input gives at most a newline and the deepest indent. Past
 * this many bytes of output for each byte read (and this many bytes in
 * any case), something pathological is going on, like thousands of "["
 * in a row: the text is cut there, as if @max_bytes had been reached. */
#define CA_JSON_PRETTY_MAX_GROWTH  10
#define CA_JSON_PRETTY_MIN_OUTPUT  (64 * 1024)

/* Re-indents JSON text like JSON.stringify (v, null, 2): one member or
 * element a line, two spaces a level, "key": value, "{}" and "[]" for
 * empty containers, strings (escapes included) copied as they are. It
 * reads tokens, never builds a tree, so a cut-off document (the first
 * MiB of ten) is laid out as far as it goes. At most @max_bytes of @text
 * are read (cut back to a UTF-8 character boundary); *@truncated (may be
 * NULL) says whether anything was left out. Several values in a row
 * (JSON lines) are laid out one after the other.
 *
 * Text that is not JSON gives NULL: empty text, text that does not start
 * like a JSON value, characters JSON has no place for outside strings,
 * brackets that do not match, a NUL byte. Errors that need a parser to
 * see (a missing comma) are laid out as they come. */
char *ca_json_pretty (const char *text,
                      gsize       length,
                      gsize       max_bytes,
                      gboolean   *truncated);

G_END_DECLS
