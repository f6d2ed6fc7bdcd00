/* ca-cli-sandbox.c: sandbox [--port N]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <stdio.h>

#include "ca-cli-private.h"
#include "ca-sandbox.h"

static gboolean
stop (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

int
ca_cli_sandbox (CaCli              *cli,
                const CaCliCommand *command,
                int                 argc,
                char              **argv)
{
  g_autoptr(CaSandbox) sandbox = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  int port = CA_SANDBOX_DEFAULT_PORT;
  GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "Listen on port N (0: any free port)", "N" },
    { NULL }
  };

  if (!ca_cli_parse_options (command, entries, &argc, &argv))
    return CA_CLI_EXIT_USAGE;
  if (argc != 1)
    {
      ca_cli_print_error ("sandbox: unexpected argument \"%s\"; see custom-actions sandbox --help", argv[1]);
      return CA_CLI_EXIT_USAGE;
    }
  if (port < 0 || port > 65535)
    {
      ca_cli_print_error ("sandbox: --port %d is not a port; use 1 to 65535, or 0 for any free port", port);
      return CA_CLI_EXIT_USAGE;
    }

  sandbox = ca_sandbox_new ();
  if (!ca_sandbox_listen (sandbox, port, &error))
    {
      ca_cli_print_error ("sandbox: cannot listen on 127.0.0.1:%d: %s; choose another port with --port",
                          port, error->message);
      return CA_CLI_EXIT_FAILED;
    }

  url = ca_sandbox_get_url (sandbox);
  printf ("Sandbox listening on %s (stop with Ctrl+C)\n", url);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, stop, loop);
  g_unix_signal_add (SIGTERM, stop, loop);
  g_main_loop_run (loop);

  return CA_CLI_EXIT_OK;
}
