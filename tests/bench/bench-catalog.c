/* bench-catalog.c: loading and saving a catalog of 10,000 actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Targets on a 2-core machine: load ≤ 150 ms, save ≤ 150 ms. Prints the
 * median of several runs and the peak resident memory.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/resource.h>

#include "ca-action-file.h"
#include "ca-catalog.h"

#define N_ACTIONS 10000
#define N_RUNS 7
#define TARGET_MS 150.0

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, text, -1, NULL))
    g_error ("bad JSON in the benchmark: %s", text);

  return json_node_copy (json_parser_get_root (parser));
}

static void
add_field (GPtrArray   *fields,
           const char  *name,
           CaFieldKind  kind,
           CaFieldType  type,
           const char  *label)
{
  CaField *field = ca_field_new (name, kind, type);

  ca_field_set_label (field, label);
  g_ptr_array_add (fields, field);
}

/* Varied actions: every category and method, auth types, headers, query
 * parameters and payloads of a few sizes. */
static CaAction *
make_action (guint i)
{
  g_autofree char *name = g_strdup_printf ("action_%05u", i);
  g_autofree char *label = g_strdup_printf ("Action number %u — é ü ß", i);
  g_autofree char *url = g_strdup_printf ("https://api%u.example.com/v1/items", i % 97);
  CaAction *action = ca_action_new (name);
  g_autoptr(CaAuth) auth = ca_auth_new (i % 4 == 0 ? CA_AUTH_TYPE_API_KEY
                                        : i % 4 == 1 ? CA_AUTH_TYPE_BEARER
                                        : CA_AUTH_TYPE_NONE);
  CaField *constant;

  ca_action_set_label (action, label);
  ca_action_set_description (action, "Sends the customer's data to a partner system for follow-up");
  ca_action_set_category (action, i % 3);
  ca_action_set_url (action, url);
  ca_action_set_method (action, i % 5 == 0 ? CA_METHOD_GET : i % 5 == 1 ? CA_METHOD_PUT : CA_METHOD_POST);
  ca_action_set_timeout_seconds (action, 1 + i % 30);
  ca_action_set_retries (action, i % 6);

  add_field (ca_action_get_headers (action), "X-Tenant", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_STRING, "Tenant");
  constant = ca_field_new ("X-Source", CA_FIELD_KIND_CONSTANT, CA_FIELD_TYPE_STRING);
  {
    g_autoptr(JsonNode) value = json_node_init_string (json_node_alloc (), "desktop");

    ca_field_set_value (constant, value);
  }
  g_ptr_array_add (ca_action_get_headers (action), constant);
  add_field (ca_action_get_query (action), "lang", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_STRING, "Language");

  if (auth->type == CA_AUTH_TYPE_API_KEY)
    {
      auth->key_name = g_strdup ("X-Api-Key");
      auth->key_value = ca_credential_new_secret ("bench-key");
    }
  else if (auth->type == CA_AUTH_TYPE_BEARER)
    {
      auth->token = ca_credential_new_secret ("bench-token");
    }
  ca_action_set_auth (action, auth);

  if (ca_action_get_method (action) != CA_METHOD_GET)
    {
      g_autoptr(JsonNode) sample = parse_json (
        "{\"to\": \"someone@example.com\", \"message\": {\"title\": \"Hi\", \"badge\": 1, "
        "\"price\": 12.5}, \"tags\": [\"a\", \"b\"], \"sendAt\": \"2026-01-01T10:00:00Z\", "
        "\"urgent\": false}");
      GPtrArray *fields = ca_action_get_request_fields (action);

      ca_action_set_request_sample (action, sample);
      add_field (fields, "to", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_STRING, "Recipient");
      add_field (fields, "message.title", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_STRING, "Title");
      add_field (fields, "message.badge", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_INTEGER, "Badge");
      add_field (fields, "tags", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_LIST_STRING, "Tags");
      add_field (fields, "sendAt", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_DATE_TIME, "Send at");
    }

  if (i % 2 == 0)
    {
      g_autoptr(JsonNode) response = parse_json ("{\"id\": \"abc\", \"status\": \"queued\"}");

      ca_action_set_response_sample (action, response);
    }
  if (i % 7 == 0)
    ca_action_set_capping (action, 1000, 60000);

  return action;
}

static double
median (double *values,
        guint   n)
{
  for (guint i = 1; i < n; i++)
    for (guint j = i; j > 0 && values[j - 1] > values[j]; j--)
      {
        double t = values[j];

        values[j] = values[j - 1];
        values[j - 1] = t;
      }

  return values[n / 2];
}

static long
peak_rss_kib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = g_dir_make_tmp ("bench-catalog-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "catalog.json", NULL);
  g_autofree char *backup = g_strconcat (path, "~", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  double load_ms[N_RUNS], save_ms[N_RUNS];
  double load, save;

  for (guint i = 0; i < N_ACTIONS; i++)
    g_ptr_array_add (actions, make_action (i));

  bytes = ca_action_file_write (actions, &error);
  g_assert_no_error (error);
  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  g_clear_pointer (&actions, g_ptr_array_unref);

  for (guint run = 0; run < N_RUNS; run++)
    {
      g_autoptr(CaCatalog) catalog = ca_catalog_new (file);
      gint64 start = g_get_monotonic_time ();

      if (!ca_catalog_load (catalog, CA_CATALOG_LOAD_FLAGS_NONE, NULL, &error))
        g_error ("load: %s", error->message);
      load_ms[run] = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, N_ACTIONS);
      g_assert_false (ca_catalog_get_read_only (catalog));

      start = g_get_monotonic_time ();
      if (!ca_catalog_save (catalog, NULL, &error))
        g_error ("save: %s", error->message);
      save_ms[run] = (g_get_monotonic_time () - start) / 1000.0;
    }

  load = median (load_ms, N_RUNS);
  save = median (save_ms, N_RUNS);

  printf ("catalog of %u actions, %.1f MiB\n", N_ACTIONS, g_bytes_get_size (bytes) / 1048576.0);
  printf ("load: %.1f ms (median of %d, target ≤ %.0f ms) %s\n", load, N_RUNS, TARGET_MS,
          load <= TARGET_MS ? "ok" : "OVER TARGET");
  printf ("save: %.1f ms (median of %d, target ≤ %.0f ms) %s\n", save, N_RUNS, TARGET_MS,
          save <= TARGET_MS ? "ok" : "OVER TARGET");
  printf ("peak RSS: %.1f MiB\n", peak_rss_kib () / 1024.0);

  if (!g_getenv ("KEEP")) g_unlink (path);
  g_unlink (backup);
  g_rmdir (dir);

  return load <= TARGET_MS && save <= TARGET_MS ? 0 : 1;
}
