/* ca-cli-private.h: what the subcommands share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ca-catalog.h"

G_BEGIN_DECLS

/* DESIGN.md's exit codes. */
enum {
  CA_CLI_EXIT_OK = 0,      /* done; sent and answered 2xx */
  CA_CLI_EXIT_FAILED = 1,  /* sent but not 2xx, timed out, capped, failed */
  CA_CLI_EXIT_USAGE = 2,   /* bad usage or invalid input: nothing sent or changed */
};

typedef struct {
  const char *catalog_path;  /* --catalog, or NULL for the default */
  CaCatalog  *catalog;       /* once opened */
} CaCli;

typedef struct _CaCliCommand CaCliCommand;

struct _CaCliCommand
{
  const char *name;
  const char *args;
  const char *summary;
  int       (*run) (CaCli              *cli,
                    const CaCliCommand *command,
                    int                 argc,
                    char              **argv);
};

void      ca_cli_print_error   (const char          *format,
                                ...) G_GNUC_PRINTF (1, 2);
/* Parses a command's options; FALSE after saying why. */
gboolean  ca_cli_parse_options (const CaCliCommand  *command,
                                GOptionEntry        *entries,
                                int                 *argc,
                                char              ***argv);
/* Opens the catalog; a broken one is still read, with a warning. */
gboolean  ca_cli_open_catalog  (CaCli               *cli);
/* The action called @name, or NULL after saying there is none. */
CaAction *ca_cli_lookup_action (CaCli               *cli,
                                const char          *name);
void      ca_cli_write_stdout  (GBytes              *bytes);

int       ca_cli_list          (CaCli *cli, const CaCliCommand *command, int argc, char **argv);
int       ca_cli_show          (CaCli *cli, const CaCliCommand *command, int argc, char **argv);
int       ca_cli_import        (CaCli *cli, const CaCliCommand *command, int argc, char **argv);
int       ca_cli_export        (CaCli *cli, const CaCliCommand *command, int argc, char **argv);
int       ca_cli_send          (CaCli *cli, const CaCliCommand *command, int argc, char **argv);
int       ca_cli_secret        (CaCli *cli, const CaCliCommand *command, int argc, char **argv);
int       ca_cli_sandbox       (CaCli *cli, const CaCliCommand *command, int argc, char **argv);

G_END_DECLS
