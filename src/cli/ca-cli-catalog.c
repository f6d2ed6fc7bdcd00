/* ca-cli-catalog.c: list, show, import, export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "ca-action-file.h"
#include "ca-cli-private.h"
#include "ca-enums.h"
#include "ca-json-writer.h"

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
  ca_cli_write_stdout (bytes);
}

int
ca_cli_list (CaCli              *cli,
             const CaCliCommand *command,
             int                 argc,
             char              **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print a JSON array", NULL },
    { NULL }
  };
  guint n;

  if (!ca_cli_parse_options (command, entries, &argc, &argv))
    return CA_CLI_EXIT_USAGE;
  if (argc > 1)
    {
      ca_cli_print_error ("list: unexpected argument \"%s\"; see custom-actions list --help", argv[1]);
      return CA_CLI_EXIT_USAGE;
    }
  if (!ca_cli_open_catalog (cli))
    return CA_CLI_EXIT_USAGE;

  if (json)
    {
      list_as_json (cli->catalog);
      return CA_CLI_EXIT_OK;
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

  return CA_CLI_EXIT_OK;
}

CaAction *
ca_cli_lookup_action (CaCli      *cli,
                      const char *name)
{
  CaAction *action = ca_catalog_lookup (cli->catalog, name);

  if (action == NULL)
    ca_cli_print_error ("there is no action called \"%s\"; custom-actions list shows the names", name);

  return action;
}

int
ca_cli_show (CaCli              *cli,
             const CaCliCommand *command,
             int                 argc,
             char              **argv)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  CaAction *action;

  if (!ca_cli_parse_options (command, NULL, &argc, &argv))
    return CA_CLI_EXIT_USAGE;
  if (argc != 2)
    {
      ca_cli_print_error ("show: give exactly one action name; see custom-actions show --help");
      return CA_CLI_EXIT_USAGE;
    }
  if (!ca_cli_open_catalog (cli) || (action = ca_cli_lookup_action (cli, argv[1])) == NULL)
    return CA_CLI_EXIT_USAGE;

  if ((bytes = ca_action_file_write_one (action, &error)) == NULL)
    {
      ca_cli_print_error ("show: %s", error->message);
      return CA_CLI_EXIT_USAGE;
    }

  ca_cli_write_stdout (bytes);
  return CA_CLI_EXIT_OK;
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
          ca_cli_print_error ("import: cannot read %s: %s", argv[i], error->message);
          return NULL;
        }

      actions = ca_action_file_parse_all (bytes, CA_ACTION_FILE_ALLOW_PLAIN_CREDENTIALS, &error);
      if (actions == NULL)
        {
          g_auto(GStrv) lines = g_strsplit (error->message, "\n", -1);

          /* One line per problem, each with the file's name, like a compiler. */
          for (guint j = 0; lines[j] != NULL; j++)
            fprintf (stderr, "%s:%s%s\n", argv[i],
                     g_error_matches (error, CA_FORMAT_ERROR, CA_FORMAT_ERROR_SYNTAX) ? "" : " ",
                     lines[j]);
          ca_cli_print_error ("import: nothing was imported; fix the file and try again");
          return NULL;
        }

      g_ptr_array_add (contents, g_steal_pointer (&bytes));
    }

  return g_steal_pointer (&contents);
}

int
ca_cli_import (CaCli              *cli,
               const CaCliCommand *command,
               int                 argc,
               char              **argv)
{
  g_autoptr(GPtrArray) contents = NULL;
  g_autoptr(GPtrArray) imported = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GError) error = NULL;

  if (!ca_cli_parse_options (command, NULL, &argc, &argv))
    return CA_CLI_EXIT_USAGE;
  if (argc < 2)
    {
      ca_cli_print_error ("import: give at least one action file; see custom-actions import --help");
      return CA_CLI_EXIT_USAGE;
    }
  if ((contents = read_import_files (argc, argv)) == NULL || !ca_cli_open_catalog (cli))
    return CA_CLI_EXIT_USAGE;

  for (guint i = 0; i < contents->len; i++)
    {
      GStrv names = NULL;

      if (!ca_catalog_import (cli->catalog, g_ptr_array_index (contents, i), &names, &error))
        {
          ca_cli_print_error ("import: %s; nothing was imported", error->message);
          return CA_CLI_EXIT_USAGE;
        }
      g_ptr_array_add (imported, names);
    }

  if (!ca_catalog_save (cli->catalog, NULL, &error))
    {
      ca_cli_print_error ("import: the catalog could not be saved, so nothing was imported: %s",
                   error->message);
      return CA_CLI_EXIT_FAILED;
    }

  for (guint i = 0; i < imported->len; i++)
    {
      GStrv names = g_ptr_array_index (imported, i);

      for (guint j = 0; names[j] != NULL; j++)
        printf ("imported %s\n", names[j]);
    }

  return CA_CLI_EXIT_OK;
}

int
ca_cli_export (CaCli              *cli,
               const CaCliCommand *command,
               int                 argc,
               char              **argv)
{
  g_autofree char *output = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write to FILE instead of standard output", "FILE" },
    { NULL }
  };

  if (!ca_cli_parse_options (command, entries, &argc, &argv))
    return CA_CLI_EXIT_USAGE;
  if (argc < 2)
    {
      ca_cli_print_error ("export: name at least one action; see custom-actions export --help");
      return CA_CLI_EXIT_USAGE;
    }
  if (!ca_cli_open_catalog (cli))
    return CA_CLI_EXIT_USAGE;

  for (int i = 1; i < argc; i++)
    {
      if (ca_cli_lookup_action (cli, argv[i]) == NULL)
        return CA_CLI_EXIT_USAGE;
    }

  if ((bytes = ca_catalog_export (cli->catalog, (const char * const *) argv + 1, &error)) == NULL)
    {
      ca_cli_print_error ("export: %s", error->message);
      return CA_CLI_EXIT_USAGE;
    }

  if (output == NULL)
    {
      ca_cli_write_stdout (bytes);
      return CA_CLI_EXIT_OK;
    }

  if (!g_file_set_contents (output, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error))
    {
      ca_cli_print_error ("export: cannot write %s: %s", output, error->message);
      return CA_CLI_EXIT_FAILED;
    }

  return CA_CLI_EXIT_OK;
}

