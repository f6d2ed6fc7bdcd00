/* ca-cli.c: the headless subcommands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "ca-action-file.h"
#include "ca-catalog.h"
#include "ca-cli.h"
#include "ca-enums.h"
#include "ca-json-writer.h"

/* The command line is a contract with scripts: its output is English
 * whatever the locale, and its exit codes are those of DESIGN.md. */

enum {
  EXIT_OK = 0,
  EXIT_FAILED = 1,
  EXIT_USAGE = 2,
};

typedef struct {
  const char *catalog_path;
  CaCatalog  *catalog;
} Cli;

typedef int (*CommandFunc) (Cli *cli, int argc, char **argv);

typedef struct {
  const char  *name;
  const char  *args;
  const char  *summary;
  CommandFunc  run;
} Command;

static int cmd_list   (Cli *cli, int argc, char **argv);
static int cmd_show   (Cli *cli, int argc, char **argv);
static int cmd_import (Cli *cli, int argc, char **argv);
static int cmd_export (Cli *cli, int argc, char **argv);

static const Command commands[] = {
  { "list", "[--json]", "List the actions of the catalog", cmd_list },
  { "show", "NAME", "Print an action as an action file (no secret values)", cmd_show },
  { "import", "FILE…", "Add or replace actions by name from action files", cmd_import },
  { "export", "NAME… [-o FILE]", "Write the named actions as an action file", cmd_export },
};

static void G_GNUC_PRINTF (1, 2)
print_error (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "custom-actions: %s\n", message);
}

static const Command *
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

/* Opens the catalog; a broken one is still listed, with a warning. */
static gboolean
open_catalog (Cli *cli)
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

      print_error ("cannot read the catalog %s: %s", name, error->message);
      return FALSE;
    }

  if (ca_catalog_get_read_only (cli->catalog))
    print_error ("%s", ca_catalog_get_problem (cli->catalog));

  return TRUE;
}

/* Parses a command's options; FALSE after printing why. */
static gboolean
parse_options (const Command  *command,
               GOptionEntry   *entries,
               int            *argc,
               char         ***argv)
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
      print_error ("%s: %s; see custom-actions %s --help", command->name, error->message,
                   command->name);
      return FALSE;
    }

  return TRUE;
}

static void
write_stdout (GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  fwrite (data, 1, len, stdout);
  fflush (stdout);
}

static void
list_as_json (CaCatalog *catalog)
{
  g_autoptr(CaJsonWriter) w = ca_json_writer_new ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (catalog));
  g_autoptr(GBytes) bytes = NULL;

  ca_json_writer_begin_array (w);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CaAction) action = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      GDateTime *modified = ca_action_get_modified (action);

      ca_json_writer_begin_object (w);
      ca_json_writer_key (w, "name");
      ca_json_writer_string (w, ca_action_get_name (action));
      ca_json_writer_key (w, "label");
      ca_json_writer_string (w, ca_action_get_display_label (action));
      ca_json_writer_key (w, "description");
      ca_json_writer_string (w, ca_action_get_description (action));
      ca_json_writer_key (w, "category");
      ca_json_writer_string (w, ca_enum_to_nick (CA_TYPE_CATEGORY, ca_action_get_category (action)));
      ca_json_writer_key (w, "method");
      ca_json_writer_string (w, ca_enum_to_nick (CA_TYPE_METHOD, ca_action_get_method (action)));
      ca_json_writer_key (w, "url");
      ca_json_writer_string (w, ca_action_get_url (action));
      ca_json_writer_key (w, "modified");
      if (modified != NULL)
        {
          g_autofree char *text = g_date_time_format_iso8601 (modified);

          ca_json_writer_string (w, text);
        }
      else
        {
          ca_json_writer_null (w);
        }
      ca_json_writer_end_object (w);
    }
  ca_json_writer_end_array (w);

  bytes = ca_json_writer_free_to_bytes (g_steal_pointer (&w));
  write_stdout (bytes);
}

static int
cmd_list (Cli   *cli,
          int    argc,
          char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print a JSON array", NULL },
    { NULL }
  };
  guint n;

  if (!parse_options (find_command ("list"), entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc > 1)
    {
      print_error ("list: unexpected argument \"%s\"; see custom-actions list --help", argv[1]);
      return EXIT_USAGE;
    }
  if (!open_catalog (cli))
    return EXIT_USAGE;

  if (json)
    {
      list_as_json (cli->catalog);
      return EXIT_OK;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (cli->catalog));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CaAction) action = g_list_model_get_item (G_LIST_MODEL (cli->catalog), i);

      printf ("%-30s  %-8s  %-4s  %s\n",
              ca_action_get_name (action),
              ca_enum_to_nick (CA_TYPE_CATEGORY, ca_action_get_category (action)),
              ca_enum_to_nick (CA_TYPE_METHOD, ca_action_get_method (action)),
              ca_action_get_display_label (action));
    }

  return EXIT_OK;
}

static CaAction *
lookup_or_complain (Cli        *cli,
                    const char *name)
{
  CaAction *action = ca_catalog_lookup (cli->catalog, name);

  if (action == NULL)
    print_error ("there is no action called \"%s\"; custom-actions list shows the names", name);

  return action;
}

static int
cmd_show (Cli   *cli,
          int    argc,
          char **argv)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  CaAction *action;

  if (!parse_options (find_command ("show"), NULL, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 2)
    {
      print_error ("show: give exactly one action name; see custom-actions show --help");
      return EXIT_USAGE;
    }
  if (!open_catalog (cli) || (action = lookup_or_complain (cli, argv[1])) == NULL)
    return EXIT_USAGE;

  if ((bytes = ca_action_file_write_one (action, &error)) == NULL)
    {
      print_error ("show: %s", error->message);
      return EXIT_USAGE;
    }

  write_stdout (bytes);
  return EXIT_OK;
}

/* Every file is read and checked before the catalog changes. */
static GPtrArray *
read_import_files (int    argc,
                   char **argv)
{
  g_autoptr(GPtrArray) contents = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = g_file_load_bytes (file, NULL, NULL, &error);
      g_autoptr(GPtrArray) actions = NULL;

      if (bytes == NULL)
        {
          print_error ("import: cannot read %s: %s", argv[i], error->message);
          return NULL;
        }

      actions = ca_action_file_parse_all (bytes, CA_ACTION_FILE_FLAGS_NONE, &error);
      if (actions == NULL)
        {
          g_auto(GStrv) lines = g_strsplit (error->message, "\n", -1);

          /* One line per problem, each with the file's name, like a compiler. */
          for (guint j = 0; lines[j] != NULL; j++)
            fprintf (stderr, "%s:%s%s\n", argv[i],
                     g_error_matches (error, CA_FORMAT_ERROR, CA_FORMAT_ERROR_SYNTAX) ? "" : " ",
                     lines[j]);
          print_error ("import: nothing was imported; fix the file and try again");
          return NULL;
        }

      g_ptr_array_add (contents, g_steal_pointer (&bytes));
    }

  return g_steal_pointer (&contents);
}

static int
cmd_import (Cli   *cli,
            int    argc,
            char **argv)
{
  g_autoptr(GPtrArray) contents = NULL;
  g_autoptr(GPtrArray) imported = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GError) error = NULL;

  if (!parse_options (find_command ("import"), NULL, &argc, &argv))
    return EXIT_USAGE;
  if (argc < 2)
    {
      print_error ("import: give at least one action file; see custom-actions import --help");
      return EXIT_USAGE;
    }
  if ((contents = read_import_files (argc, argv)) == NULL || !open_catalog (cli))
    return EXIT_USAGE;

  for (guint i = 0; i < contents->len; i++)
    {
      GStrv names = NULL;

      if (!ca_catalog_import (cli->catalog, g_ptr_array_index (contents, i), &names, &error))
        {
          print_error ("import: %s; nothing was imported", error->message);
          return EXIT_USAGE;
        }
      g_ptr_array_add (imported, names);
    }

  if (!ca_catalog_save (cli->catalog, NULL, &error))
    {
      print_error ("import: the catalog could not be saved, so nothing was imported: %s",
                   error->message);
      return EXIT_FAILED;
    }

  for (guint i = 0; i < imported->len; i++)
    {
      GStrv names = g_ptr_array_index (imported, i);

      for (guint j = 0; names[j] != NULL; j++)
        printf ("imported %s\n", names[j]);
    }

  return EXIT_OK;
}

static int
cmd_export (Cli   *cli,
            int    argc,
            char **argv)
{
  g_autofree char *output = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write to FILE instead of standard output", "FILE" },
    { NULL }
  };

  if (!parse_options (find_command ("export"), entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc < 2)
    {
      print_error ("export: name at least one action; see custom-actions export --help");
      return EXIT_USAGE;
    }
  if (!open_catalog (cli))
    return EXIT_USAGE;

  for (int i = 1; i < argc; i++)
    {
      if (lookup_or_complain (cli, argv[i]) == NULL)
        return EXIT_USAGE;
    }

  if ((bytes = ca_catalog_export (cli->catalog, (const char * const *) argv + 1, &error)) == NULL)
    {
      print_error ("export: %s", error->message);
      return EXIT_USAGE;
    }

  if (output == NULL)
    {
      write_stdout (bytes);
      return EXIT_OK;
    }

  if (!g_file_set_contents (output, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error))
    {
      print_error ("export: cannot write %s: %s", output, error->message);
      return EXIT_FAILED;
    }

  return EXIT_OK;
}

int
ca_cli_run (int    argc,
            char **argv)
{
  Cli cli = { NULL, NULL };
  const Command *command;
  int first;
  int status;

  /* English output whatever the environment says (see above). */
  setlocale (LC_MESSAGES, "C");

  first = skip_global_options (argc, (const char * const *) argv, &cli.catalog_path);
  if (first < 0)
    {
      print_error ("--catalog needs a file name; see custom-actions --help");
      return EXIT_USAGE;
    }

  if (first >= argc || g_str_equal (argv[first], "--help") || g_str_equal (argv[first], "-h"))
    {
      print_usage (stdout);
      return EXIT_OK;
    }

  if (g_str_equal (argv[first], "--version"))
    {
      printf ("custom-actions %s\n", PACKAGE_VERSION);
      return EXIT_OK;
    }

  command = find_command (argv[first]);
  if (command == NULL)
    {
      print_error ("\"%s\" is not a command; see custom-actions --help", argv[first]);
      return EXIT_USAGE;
    }

  status = command->run (&cli, argc - first, argv + first);
  g_clear_object (&cli.catalog);
  return status;
}
