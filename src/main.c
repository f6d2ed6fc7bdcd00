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
  /* Set to the build's po/ directory (it has the same layout as an
   * installed locale directory), the uninstalled app and the end-to-end
   * tests run translated. */
  const char *localedir = g_getenv ("CUSTOM_ACTIONS_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (ca_cli_handles (argc, (const char * const *) argv))
    return ca_cli_run (argc, argv);

  app = ca_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
