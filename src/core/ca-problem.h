/* ca-problem.h: what validation found, and where
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CA_FORMAT_ERROR (ca_format_error_quark ())

typedef enum {
  CA_FORMAT_ERROR_SYNTAX,   /* not JSON; the message starts "LINE:COLUMN: " */
  CA_FORMAT_ERROR_INVALID,  /* JSON, but not a valid action file */
  CA_FORMAT_ERROR_SECRET,   /* a credential would be written in clear */
} CaFormatError;

typedef enum {
  CA_PROBLEM_ERROR,
  CA_PROBLEM_WARNING,
} CaProblemSeverity;

/* @path is where the problem is, as a JSON path relative to what was
 * checked ("actions[3].request.fields[1].type", "url"); @message says what
 * is wrong and how to put it right. */
typedef struct {
  CaProblemSeverity  severity;
  char              *path;
  char              *message;
} CaProblem;

GQuark     ca_format_error_quark (void);

/* A GPtrArray of CaProblem that frees them. */
GPtrArray *ca_problems_new       (void);
void       ca_problems_add       (GPtrArray         *problems,
                                  CaProblemSeverity  severity,
                                  const char        *path,
                                  const char        *format,
                                  ...) G_GNUC_PRINTF (4, 5);
guint      ca_problems_count_errors (GPtrArray      *problems);
/* "path: message" */
char      *ca_problem_to_string  (const CaProblem   *problem);
/* CA_FORMAT_ERROR_INVALID with one line per error (at most @max_lines,
 * then how many more); FALSE. TRUE and no error when there are none. */
gboolean   ca_problems_to_error  (GPtrArray         *problems,
                                  guint              max_lines,
                                  GError           **error);

/* "prefix.key", or "key" when @prefix is empty */
char      *ca_path_child         (const char        *prefix,
                                  const char        *key);
/* "prefix[index]" */
char      *ca_path_index         (const char        *prefix,
                                  guint              index);

G_END_DECLS
