/* ca-action-file.h: the action file format, version 1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ca-action.h"
#include "ca-problem.h"

G_BEGIN_DECLS

#define CA_ACTION_FILE_FORMAT 1

typedef enum {
  CA_ACTION_FILE_FLAGS_NONE = 0,
  /* Accept credentials written in clear (they are to be moved to the
   * keyring by the caller) instead of rejecting them. */
  CA_ACTION_FILE_ALLOW_PLAIN_CREDENTIALS = 1 << 0,
  /* Read behind a user interface: the thread that reads the second half
   * of a big file gives way to the rest of the process, so that the
   * window stays fluid while a big catalog loads. */
  CA_ACTION_FILE_IN_BACKGROUND = 1 << 1,
} CaActionFileFlags;

/* Parses an action file. FALSE with CA_FORMAT_ERROR_SYNTAX ("LINE:COLUMN:
 * what") when it is not JSON, CA_FORMAT_ERROR_INVALID when nothing in it
 * can be read as actions (not an object, wrong "format"). Otherwise TRUE:
 * every problem found goes to @problems, with its path ("actions[3].url"),
 * and @actions receives the actions that have no error. */
gboolean    ca_action_file_parse     (GBytes             *bytes,
                                      CaActionFileFlags   flags,
                                      GPtrArray         **actions,
                                      GPtrArray          *problems,
                                      GError            **error);

/* Parses and demands that the whole file is valid: all or nothing. */
GPtrArray  *ca_action_file_parse_all (GBytes             *bytes,
                                      CaActionFileFlags   flags,
                                      GError            **error);

/* The canonical form: stable key order, two-space indent, a final newline.
 * Fails with CA_FORMAT_ERROR_SECRET if a credential is still in clear. */
GBytes     *ca_action_file_write     (GPtrArray          *actions,
                                      GError            **error);

/* One action as a file of its own (what `show` prints). */
GBytes     *ca_action_file_write_one (CaAction           *action,
                                      GError            **error);

G_END_DECLS
