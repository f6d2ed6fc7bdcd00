/* ca-cli-secret.c: secret set ID
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ca-cli-private.h"
#include "ca-credential.h"
#include "ca-secrets.h"

#define MAX_SECRET (64 * 1024)

/* Standard input, without the one line break a shell adds. */
static char *
read_secret (void)
{
  GString *value = g_string_new (NULL);
  char buffer[4096];
  size_t n;

  while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0 && value->len <= MAX_SECRET)
    g_string_append_len (value, buffer, n);

  if (value->len > 0 && value->str[value->len - 1] == '\n')
    g_string_truncate (value, value->len - 1);
  if (value->len > 0 && value->str[value->len - 1] == '\r')
    g_string_truncate (value, value->len - 1);

  explicit_bzero (buffer, sizeof buffer);
  return g_string_free (value, FALSE);
}

int
ca_cli_secret (CaCli              *cli,
               const CaCliCommand *command,
               int                 argc,
               char              **argv)
{
  g_autoptr(GError) error = NULL;
  char *value;
  gboolean stored;

  if (!ca_cli_parse_options (command, NULL, &argc, &argv))
    return CA_CLI_EXIT_USAGE;
  if (argc != 3 || !g_str_equal (argv[1], "set"))
    {
      ca_cli_print_error ("secret: write secret set ID, with the value on standard input");
      return CA_CLI_EXIT_USAGE;
    }
  if (!ca_secret_id_is_valid (argv[2]))
    {
      ca_cli_print_error ("secret: \"%s\" is not a secret ID; use 1 to 64 letters, digits, '-', '_' or '.'",
                          argv[2]);
      return CA_CLI_EXIT_USAGE;
    }

  value = read_secret ();
  if (value[0] == '\0' || strlen (value) > MAX_SECRET)
    {
      ca_cli_print_error ("secret: %s; pipe the value in, e.g. printf %%s \"$TOKEN\" | custom-actions secret set %s",
                          value[0] == '\0' ? "standard input is empty" : "the value is longer than 64 KiB",
                          argv[2]);
      ca_secrets_value_free (value);
      return CA_CLI_EXIT_USAGE;
    }

  stored = ca_secrets_store_sync (argv[2], value, NULL, &error);
  ca_secrets_value_free (value);

  if (!stored)
    {
      ca_cli_print_error ("secret: %s", error->message);
      return CA_CLI_EXIT_FAILED;
    }

  ca_cli_print_error ("secret \"%s\" stored in the keyring", argv[2]);
  return CA_CLI_EXIT_OK;
}
