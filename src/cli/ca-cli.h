/* ca-cli.h: the headless subcommands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when @argv names a subcommand (or asks for --help), so the command
 * line and not the window should answer. */
gboolean ca_cli_handles (int                argc,
                         const char * const *argv);
/* Runs it; the exit status of DESIGN.md: 0 done, 1 sent but failed, 2 bad
 * usage or invalid input. */
int      ca_cli_run     (int                argc,
                         char             **argv);

G_END_DECLS
