/* ca-cli-send.c: send, --dry-run and --curl
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <stdio.h>
#include <string.h>

#include "ca-authenticator.h"
#include "ca-cli-private.h"
#include "ca-curl.h"
#include "ca-invoker.h"
#include "ca-json.h"
#include "ca-json-writer.h"
#include "ca-problem.h"
#include "ca-render.h"

typedef struct {
  GMainLoop    *loop;
  GCancellable *cancellable;
  CaResult     *result;
  GError       *error;
} Sending;

/* -p KEY=VALUE, each key once. */
static GHashTable *
parse_values (char **params)
{
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; params != NULL && params[i] != NULL; i++)
    {
      const char *equals = strchr (params[i], '=');
      g_autofree char *key = NULL;

      if (equals == NULL || equals == params[i])
        {
          ca_cli_print_error ("send: -p %s: write KEY=VALUE, e.g. -p body.to=someone@example.com",
                              params[i]);
          return NULL;
        }

      key = g_strndup (params[i], equals - params[i]);
      if (g_hash_table_contains (values, key))
        {
          ca_cli_print_error ("send: -p %s is given twice; give each key once", key);
          return NULL;
        }
      g_hash_table_insert (values, g_steal_pointer (&key), g_strdup (equals + 1));
    }

  return g_steal_pointer (&values);
}

static void
print_params (FILE      *out,
              GPtrArray *params,
              gboolean   reveal)
{
  for (guint i = 0; i < params->len; i++)
    {
      const CaRequestParam *param = g_ptr_array_index (params, i);

      fprintf (out, "%s: %s\n", param->name, param->secret && !reveal ? CA_MASK : param->value);
    }
}

/* The request as it would go out: the request line, headers, the body. */
static void
print_request (const CaRequest *request,
               gboolean         reveal)
{
  g_autofree char *url = ca_request_get_url (request, reveal);

  printf ("%s %s\n", request->method, url);
  print_params (stdout, request->headers, reveal);
  if (request->body != NULL)
    {
      printf ("\n");
      fwrite (g_bytes_get_data (request->body, NULL), 1, g_bytes_get_size (request->body), stdout);
      printf ("\n");
    }
}

static void
write_body (CaJsonWriter *w,
            GBytes       *body)
{
  g_autoptr(CaJsonDocument) document = NULL;
  gsize len = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;

  if (body == NULL || len == 0)
    {
      ca_json_writer_null (w);
      return;
    }

  document = ca_json_document_parse (data, len, NULL);
  if (document != NULL)
    {
      ca_json_writer_value (w, ca_json_document_get_root (document));
    }
  else
    {
      /* Not JSON: the text, made valid UTF-8 if need be. */
      g_autofree char *text = g_utf8_make_valid (data, len);

      ca_json_writer_string (w, text);
    }
}

/* DESIGN.md's object: outcome, status, attempts, elapsedMs, headers, body. */
static void
print_result_json (const CaResult *result)
{
  g_autoptr(CaJsonWriter) w = ca_json_writer_new ();
  g_autoptr(GBytes) bytes = NULL;

  ca_json_writer_begin_object (w);
  ca_json_writer_key (w, "outcome");
  ca_json_writer_string (w, result->outcome);
  ca_json_writer_key (w, "status");
  ca_json_writer_int (w, result->status);
  ca_json_writer_key (w, "attempts");
  ca_json_writer_int (w, result->attempts);
  ca_json_writer_key (w, "elapsedMs");
  ca_json_writer_int (w, result->elapsed_ms);
  ca_json_writer_key (w, "headers");
  ca_json_writer_begin_object (w);
  for (guint i = 0; i < result->headers->len; i++)
    {
      const CaRequestParam *header = g_ptr_array_index (result->headers, i);

      ca_json_writer_key (w, header->name);
      ca_json_writer_string (w, header->value);
    }
  ca_json_writer_end_object (w);
  ca_json_writer_key (w, "body");
  write_body (w, result->body);
  ca_json_writer_end_object (w);

  bytes = ca_json_writer_free_to_bytes (g_steal_pointer (&w));
  ca_cli_write_stdout (bytes);
}

static void
print_result_text (const CaResult *result)
{
  printf ("%s · %u attempt%s · %" G_GINT64_FORMAT " ms\n", result->outcome, result->attempts,
          result->attempts == 1 ? "" : "s", result->elapsed_ms);
  print_params (stdout, result->headers, TRUE);
  if (result->body != NULL && g_bytes_get_size (result->body) > 0)
    {
      printf ("\n");
      fwrite (g_bytes_get_data (result->body, NULL), 1, g_bytes_get_size (result->body), stdout);
      printf ("\n");
    }
  if (result->truncated)
    printf ("(the answer was longer than %d MiB; the rest was not kept)\n",
            CA_RESULT_MAX_BODY / (1024 * 1024));
}

static void
print_drift (const CaResult *result)
{
  for (guint i = 0; i < result->drift->len; i++)
    {
      const CaProblem *problem = g_ptr_array_index (result->drift, i);

      fprintf (stderr, "custom-actions: contract drift: %s: %s\n",
               problem->path[0] != '\0' ? problem->path : "(answer)", problem->message);
    }
}

static void
sent (GObject      *source,
      GAsyncResult *result,
      gpointer      user_data)
{
  Sending *sending = user_data;

  sending->result = ca_invoker_send_finish (CA_INVOKER (source), result, &sending->error);
  g_main_loop_quit (sending->loop);
}

static gboolean
interrupted (gpointer user_data)
{
  Sending *sending = user_data;

  g_cancellable_cancel (sending->cancellable);
  return G_SOURCE_CONTINUE;
}

static int
send_for_real (CaAction  *action,
               CaRequest *request,
               gboolean   json)
{
  Sending sending = { g_main_loop_new (NULL, FALSE), g_cancellable_new (), NULL, NULL };
  guint sigint = g_unix_signal_add (SIGINT, interrupted, &sending);
  guint sigterm = g_unix_signal_add (SIGTERM, interrupted, &sending);
  int status;

  ca_invoker_send_async (ca_invoker_get_default (), action, request, sending.cancellable,
                         sent, &sending);
  g_main_loop_run (sending.loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);

  if (sending.result == NULL)
    {
      ca_cli_print_error ("send: %s", sending.error->message);
      status = CA_CLI_EXIT_FAILED;
    }
  else
    {
      if (json)
        print_result_json (sending.result);
      else
        print_result_text (sending.result);
      if (sending.result->message != NULL)
        ca_cli_print_error ("send: %s: %s", sending.result->outcome, sending.result->message);
      print_drift (sending.result);
      status = ca_result_is_success (sending.result) ? CA_CLI_EXIT_OK : CA_CLI_EXIT_FAILED;
    }

  g_clear_pointer (&sending.result, ca_result_free);
  g_clear_error (&sending.error);
  g_clear_object (&sending.cancellable);
  g_main_loop_unref (sending.loop);
  return status;
}

/* --dry-run and --curl: shown, never sent. */
static int
show_request (CaAction  *action,
              CaRequest *request,
              gboolean   curl,
              gboolean   reveal)
{
  g_autoptr(CaRequest) shown = NULL;
  g_autoptr(GError) error = NULL;

  shown = ca_authenticator_apply_offline (action, request, reveal, &error);
  if (shown == NULL)
    {
      ca_cli_print_error ("send: %s; nothing was sent", error->message);
      return CA_CLI_EXIT_USAGE;
    }

  if (curl)
    {
      g_autofree char *command = ca_curl_command (shown, reveal);

      printf ("%s\n", command);
    }
  else
    {
      print_request (shown, reveal);
    }

  if (reveal && ca_action_get_auth (action)->type == CA_AUTH_TYPE_CUSTOM)
    ca_cli_print_error ("send: the token from the token endpoint shows as %s: "
                        "it is fetched only when the action is sent", CA_MASK);
  return CA_CLI_EXIT_OK;
}

int
ca_cli_send (CaCli              *cli,
             const CaCliCommand *command,
             int                 argc,
             char              **argv)
{
  g_auto(GStrv) params = NULL;
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(CaRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE, dry_run = FALSE, curl = FALSE, reveal = FALSE;
  GOptionEntry entries[] = {
    { "param", 'p', 0, G_OPTION_ARG_STRING_ARRAY, &params,
      "A value: body.PATH, query.NAME, header.NAME or path", "KEY=VALUE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the result as one JSON object", NULL },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, "Print the request instead of sending it", NULL },
    { "curl", 0, 0, G_OPTION_ARG_NONE, &curl, "Print an equivalent curl command instead of sending", NULL },
    { "reveal-secrets", 0, 0, G_OPTION_ARG_NONE, &reveal,
      "Show secret values in --dry-run and --curl output", NULL },
    { NULL }
  };
  CaAction *action;

  if (!ca_cli_parse_options (command, entries, &argc, &argv))
    return CA_CLI_EXIT_USAGE;
  if (argc != 2)
    {
      ca_cli_print_error ("send: give exactly one action name; see custom-actions send --help");
      return CA_CLI_EXIT_USAGE;
    }
  if (dry_run && curl)
    {
      ca_cli_print_error ("send: use --dry-run or --curl, not both");
      return CA_CLI_EXIT_USAGE;
    }
  if (reveal && !dry_run && !curl)
    {
      ca_cli_print_error ("send: --reveal-secrets only goes with --dry-run or --curl");
      return CA_CLI_EXIT_USAGE;
    }
  if (json && (dry_run || curl))
    {
      ca_cli_print_error ("send: --json describes an answer; it does not go with --dry-run or --curl");
      return CA_CLI_EXIT_USAGE;
    }

  if ((values = parse_values (params)) == NULL)
    return CA_CLI_EXIT_USAGE;
  if (!ca_cli_open_catalog (cli) || (action = ca_cli_lookup_action (cli, argv[1])) == NULL)
    return CA_CLI_EXIT_USAGE;

  request = ca_render (action, values, &error);
  if (request == NULL)
    {
      ca_cli_print_error ("send: %s; nothing was sent", error->message);
      return CA_CLI_EXIT_USAGE;
    }

  if (dry_run || curl)
    return show_request (action, request, curl, reveal);

  return send_for_real (action, request, json);
}
