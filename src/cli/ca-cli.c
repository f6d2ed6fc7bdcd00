/* ca-cli.c: the headless subcommands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "ca-cli.h"
#include "ca-cli-private.h"

/* The command line is a contract with scripts: its output is English
 * whatever the locale, and its exit codes are those of DESIGN.md. */

static const CaCliCommand commands[] = {
  { "list", "[--json]", "List the actions of the catalog", ca_cli_list },
  { "show", "NAME", "Print an action as an action file (no secret values)", ca_cli_show },
  { "import", "FILE…", "Add or replace actions by name from action files", ca_cli_import },
  { "export", "NAME… [-o FILE]", "Write the named actions as an action file", ca_cli_export },
  { "send", "NAME [-p KEY=VALUE]… [--json] [--dry-run] [--curl]", "Send an action, or show what would be sent", ca_cli_send },
  { "secret", "set ID", "Store a secret in the keyring, read from standard input", ca_cli_secret },
  { "sandbox", "[--port N]", "Serve the test endpoint on 127.0.0.1 until interrupted", ca_cli_sandbox },
};

void
ca_cli_print_error (const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "custom-actions: %s\n", message);
}

static const CaCliCommand *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (commands[i].name, name))
        return &commands[i];
    }

  return NULL;
}

/* Index of the first argument after the global options, or -1 when they
 * are malformed. */
static int
skip_global_options (int                 argc,
                     const char * const *argv,
                     const char        **catalog_path)
{
  int i = 1;

  while (i < argc)
    {
      if (g_str_equal (argv[i], "--catalog"))
        {
          if (i + 1 >= argc)
            return -1;
          if (catalog_path != NULL)
            *catalog_path = argv[i + 1];
          i += 2;
        }
      else if (g_str_has_prefix (argv[i], "--catalog="))
        {
          if (catalog_path != NULL)
            *catalog_path = argv[i] + strlen ("--catalog=");
          i++;
        }
      else
        {
          break;
        }
    }

  return i;
}

gboolean
ca_cli_handles (int                 argc,
                const char * const *argv)
{
  int first = skip_global_options (argc, argv, NULL);

  if (first < 0 || first >= argc)
    return first < 0;

  /* Anything but an option for the window is ours, so that a mistyped
   * subcommand gets an error instead of opening the window. */
  return argv[first][0] != '-' ||
         g_str_equal (argv[first], "--help") ||
         g_str_equal (argv[first], "-h") ||
         g_str_equal (argv[first], "--version");
}

static void
print_usage (FILE *out)
{
  fprintf (out,
           "Usage:\n"
           "  custom-actions [--catalog FILE]             open the window\n"
           "  custom-actions [--catalog FILE] COMMAND …   work without a window\n"
           "\n"
           "Commands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *synopsis = g_strdup_printf ("%s %s", commands[i].name, commands[i].args);

      /* Long synopses get a line of their own. */
      if (g_utf8_strlen (synopsis, -1) > 28)
        fprintf (out, "  %s\n  %-28s %s\n", synopsis, "", commands[i].summary);
      else
        fprintf (out, "  %-28s %s\n", synopsis, commands[i].summary);
    }
  fprintf (out,
           "\n"
           "Options:\n"
           "  --catalog FILE               Use FILE instead of the default catalog\n"
           "  -h, --help                   Show this help; COMMAND --help shows a command's\n"
           "  --version                    Show the version\n"
           "\n"
           "Exit status: 0 done, 1 sent but failed, 2 bad usage or invalid input.\n");
}

gboolean
ca_cli_open_catalog (CaCli *cli)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  CaCatalogLoadFlags flags = CA_CATALOG_LOAD_FLAGS_NONE;

  if (cli->catalog_path != NULL)
    {
      file = g_file_new_for_commandline_arg (cli->catalog_path);
    }
  else
    {
      file = ca_catalog_get_default_file ();
      flags = CA_CATALOG_LOAD_CREATE_SAMPLE;
    }

  cli->catalog = ca_catalog_new (file);
  if (!ca_catalog_load (cli->catalog, flags, NULL, &error))
    {
      g_autofree char *name = g_file_get_parse_name (file);

      ca_cli_print_error ("cannot read the catalog %s: %s", name, error->message);
      return FALSE;
    }

  if (ca_catalog_get_read_only (cli->catalog))
    ca_cli_print_error ("%s", ca_catalog_get_problem (cli->catalog));

  return TRUE;
}

gboolean
ca_cli_parse_options (const CaCliCommand  *command,
                      GOptionEntry        *entries,
                      int                 *argc,
                      char              ***argv)
{
  g_autofree char *parameter = g_strdup_printf ("%s %s", command->name, command->args);
  g_autoptr(GOptionContext) context = g_option_context_new (parameter);
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, command->summary);
  g_option_context_set_help_enabled (context, TRUE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, NULL);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      ca_cli_print_error ("%s: %s; see custom-actions %s --help", command->name, error->message,
                   command->name);
      return FALSE;
    }

  return TRUE;
}

void
ca_cli_write_stdout (GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  fwrite (data, 1, len, stdout);
  fflush (stdout);
}

int
ca_cli_run (int    argc,
            char **argv)
{
  CaCli cli = { NULL, NULL };
  const CaCliCommand *command;
  int first;
  int status;

  /* English output whatever the environment says (see above). */
  setlocale (LC_MESSAGES, "C");

  first = skip_global_options (argc, (const char * const *) argv, &cli.catalog_path);
  if (first < 0)
    {
      ca_cli_print_error ("--catalog needs a file name; see custom-actions --help");
      return CA_CLI_EXIT_USAGE;
    }

  if (first >= argc || g_str_equal (argv[first], "--help") || g_str_equal (argv[first], "-h"))
    {
      print_usage (stdout);
      return CA_CLI_EXIT_OK;
    }

  if (g_str_equal (argv[first], "--version"))
    {
      printf ("custom-actions %s\n", PACKAGE_VERSION);
      return CA_CLI_EXIT_OK;
    }

  command = find_command (argv[first]);
  if (command == NULL)
    {
      ca_cli_print_error ("\"%s\" is not a command; see custom-actions --help", argv[first]);
      return CA_CLI_EXIT_USAGE;
    }

  status = command->run (&cli, command, argc - first, argv + first);
  g_clear_object (&cli.catalog);
  return status;
}
