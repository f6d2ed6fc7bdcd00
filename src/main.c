/* main.c: a command-line subcommand, or the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ca-application.h"
#include "ca-cli.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CaApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (ca_cli_handles (argc, (const char * const *) argv))
    return ca_cli_run (argc, argv);

  app = ca_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
