/* ca-bench-catalog.c: catalogs of many realistic actions, for the benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ca-action-file.h"
#include "ca-bench-catalog.h"

static const char * const verbs[] = {
  "Send", "Notify", "Sync", "Update", "Create", "Look up", "Push", "Record",
  "Schedule", "Cancel", "Confirm", "Remind",
};
static const char * const subjects[] = {
  "order confirmation", "welcome email", "loyalty points", "cart reminder",
  "delivery update", "survey invite", "password reset", "invoice", "appointment",
  "birthday offer", "support ticket", "subscription", "price alert", "back in stock",
};
static const char * const journeys[] = {
  "onboarding", "win-back", "post-purchase", "renewal", "abandoned cart", "VIP",
  "re-engagement", "seasonal sale", "service recovery",
};
static const char * const vendors[] = {
  "mailer", "sms-gateway", "pushly", "crm", "helpdesk", "loyalty", "billing",
  "scheduler", "survey", "catalog", "shop", "partners",
};
static const char * const regions[] = {
  "Europe", "North America", "Brazil", "Japan", "Australia", "the Nordics",
};

/* A well-spread number from @i and @salt, so that neighbouring actions
 * differ. */
static guint
mix (guint i,
     guint salt)
{
  guint h = (i + 1) * 2654435761u ^ salt * 40503u;

  h ^= h >> 15;
  h *= 2246822519u;
  h ^= h >> 13;
  return h;
}

#define PICK(array, i, salt) ((array)[mix ((i), (salt)) % G_N_ELEMENTS (array)])

static void
add_field (GPtrArray   *fields,
           const char  *name,
           CaFieldKind  kind,
           CaFieldType  type,
           const char  *label,
           gboolean     optional)
{
  g_ptr_array_add (fields, ca_field_new_full (name, kind, type, label, optional, NULL));
}

static void
add_constant (GPtrArray   *fields,
              const char  *name,
              CaFieldType  type,
              const char  *text)
{
  g_autoptr(JsonNode) value = json_node_init_string (json_node_alloc (), text);

  g_ptr_array_add (fields, ca_field_new_full (name, CA_FIELD_KIND_CONSTANT, type, NULL, FALSE, value));
}

/* The shapes of the sample catalog, from the smallest to the largest. */
typedef enum {
  SHAPE_LOOKUP,   /* GET with query parameters: ~1 KB */
  SHAPE_MESSAGE,  /* an SMS: ~1.5 KB */
  SHAPE_EMAIL,    /* an email or a push: ~1.8 KB */
  SHAPE_TICKET,   /* a ticket or a profile: ~2.5 KB */
  SHAPE_BULK,     /* a big payload: ~4 KB */
} Shape;

static Shape
shape_of (guint i)
{
  guint h = mix (i, 1) % 100;

  if (h < 25)
    return SHAPE_LOOKUP;
  if (h < 60)
    return SHAPE_MESSAGE;
  if (h < 85)
    return SHAPE_EMAIL;
  if (h < 97)
    return SHAPE_TICKET;
  return SHAPE_BULK;
}

static void
set_auth (CaAction *action,
          guint     i)
{
  guint kind = mix (i, 2) % 16;
  g_autoptr(CaAuth) auth = NULL;
  g_autofree char *secret = g_strdup_printf ("%s-key-%u", PICK (vendors, i, 3), i % 50);

  if (kind < 6)
    {
      auth = ca_auth_new (CA_AUTH_TYPE_NONE);
    }
  else if (kind < 10)
    {
      auth = ca_auth_new (CA_AUTH_TYPE_API_KEY);
      auth->key_name = g_strdup (kind == 9 ? "api_key" : "X-Api-Key");
      auth->key_location = kind == 9 ? CA_KEY_LOCATION_QUERY : CA_KEY_LOCATION_HEADER;
      auth->key_value = ca_credential_new_secret (secret);
    }
  else if (kind < 13)
    {
      auth = ca_auth_new (CA_AUTH_TYPE_BEARER);
      auth->token = ca_credential_new_secret (secret);
    }
  else if (kind < 15)
    {
      auth = ca_auth_new (CA_AUTH_TYPE_BASIC);
      auth->username = g_strdup_printf ("journeys-%u", i % 20);
      auth->password = ca_credential_new_secret (secret);
    }
  else
    {
      auth = ca_auth_new (CA_AUTH_TYPE_CUSTOM);
      auth->endpoint = g_strdup_printf ("https://auth.%s.example.com/oauth/token", PICK (vendors, i, 3));
      auth->token_method = CA_TOKEN_METHOD_POST;
      g_ptr_array_add (auth->headers, ca_auth_param_new ("X-Client-Id", ca_credential_new_secret (secret)));
      auth->has_body = TRUE;
      auth->body_type = CA_BODY_TYPE_FORM;
      g_ptr_array_add (auth->body_params, ca_auth_param_new ("client_secret", ca_credential_new_secret (secret)));
      auth->token_in_response = g_strdup ("json://access_token");
      auth->expiry_in_response = g_strdup ("json://expires_in");
      auth->placement = CA_TOKEN_PLACEMENT_BEARER;
    }

  ca_action_set_auth (action, auth);
}

static void
make_lookup (CaAction *action,
             guint     i)
{
  GPtrArray *query = ca_action_get_query (action);
  g_autofree char *response = NULL;

  ca_action_set_method (action, CA_METHOD_GET);
  ca_action_set_dynamic_path (action, i % 3 == 0);
  add_field (query, "customerId", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_STRING, "Customer ID", FALSE);
  if (i % 2 == 0)
    add_field (query, "since", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_DATE_ONLY, "Since", TRUE);
  response = g_strdup_printf ("{\"customerId\":\"c-%u\",\"tier\":\"gold\",\"points\":%u,"
                              "\"expires\":\"2026-12-31\"}", i, i % 5000);
  ca_action_set_response_sample_text (action, response);
}

static void
make_message (CaAction *action,
              guint     i)
{
  GPtrArray *fields = ca_action_get_request_fields (action);
  g_autofree char *response = g_strdup_printf ("{\"id\":\"msg-%u\",\"status\":\"queued\"}", i);

  ca_action_set_request_sample_text (action,
                                     "{\"sender\":\"Journeys\",\"to\":\"+15551234567\","
                                     "\"text\":\"Your verification code is 123456\"}");
  add_constant (fields, "sender", CA_FIELD_TYPE_STRING, "Journeys");
  add_field (fields, "to", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_STRING, "Phone number", FALSE);
  add_field (fields, "text", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_STRING, "Message text", FALSE);
  ca_action_set_response_sample_text (action, response);
  ca_action_set_error_response_sample_text (action,
                                            "{\"error\":{\"code\":\"E1\",\"message\":\"text\"}}");
}

static void
make_email (CaAction *action,
            guint     i)
{
  GPtrArray *fields = ca_action_get_request_fields (action);
  g_autofree char *response = g_strdup_printf ("{\"id\":\"em-%u\",\"status\":\"accepted\"}", i);

  add_field (ca_action_get_headers (action), "X-Tenant", CA_FIELD_KIND_VARIABLE,
             CA_FIELD_TYPE_STRING, "Tenant", FALSE);
  ca_action_set_request_sample_text (action,
                                     "{\"to\":\"someone@example.com\",\"template\":\"welcome\","
                                     "\"message\":{\"title\":\"Hi\",\"badge\":1},"
                                     "\"sendAt\":\"2026-01-01T10:00:00Z\"}");
  add_field (fields, "to", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_STRING, "Recipient", FALSE);
  add_constant (fields, "template", CA_FIELD_TYPE_STRING, "welcome");
  add_field (fields, "message.title", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_STRING, "Title", FALSE);
  add_field (fields, "sendAt", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_DATE_TIME, "Send at", TRUE);
  ca_action_set_response_sample_text (action, response);
}

static void
make_ticket (CaAction *action,
             guint     i)
{
  GPtrArray *fields = ca_action_get_request_fields (action);
  GPtrArray *headers = ca_action_get_headers (action);
  g_autofree char *response = g_strdup_printf ("{\"ticket\":{\"id\":%u,\"url\":\"https://help.example.com/t/%u\","
                                               "\"status\":\"open\"}}", i, i);
  g_autoptr(JsonNode) source = json_node_init_string (json_node_alloc (), "journeys");
  CaField *constant = ca_field_new_full ("X-Source", CA_FIELD_KIND_CONSTANT, CA_FIELD_TYPE_STRING,
                                         NULL, FALSE, source);

  ca_action_set_method (action, i % 2 ? CA_METHOD_PUT : CA_METHOD_POST);
  g_ptr_array_add (headers, constant);
  add_field (headers, "X-Request-Id", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_STRING, "Request ID", TRUE);
  ca_action_set_request_sample_text (action,
                                     "{\"subject\":\"Order arrived damaged\",\"priority\":2,"
                                     "\"requester\":{\"email\":\"someone@example.com\",\"name\":\"Ana\"},"
                                     "\"order\":{\"id\":\"A-1001\",\"total\":59.9,\"placedOn\":\"2026-01-12\"},"
                                     "\"channel\":\"email\",\"tags\":[\"damaged\",\"refund\"],"
                                     "\"vip\":true}");
  add_field (fields, "subject", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_STRING, "Subject", FALSE);
  add_field (fields, "priority", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_INTEGER, "Priority", TRUE);
  add_field (fields, "requester.email", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_STRING, "Email", FALSE);
  add_field (fields, "order.id", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_STRING, "Order number", FALSE);
  add_field (fields, "order.total", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_DECIMAL, "Order total", TRUE);
  add_constant (fields, "channel", CA_FIELD_TYPE_STRING, "email");
  add_field (fields, "vip", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_BOOLEAN, "VIP customer", TRUE);
  ca_action_set_response_sample_text (action, response);
  ca_action_set_error_response_sample_text (action,
                                            "{\"errors\":[{\"field\":\"subject\",\"message\":\"required\"}]}");
}

static void
make_bulk (CaAction *action,
           guint     i)
{
  GPtrArray *fields = ca_action_get_request_fields (action);
  g_autoptr(GString) sample = g_string_new ("{\"batch\":\"b-1\",\"profile\":{");
  g_autofree char *response = g_strdup_printf ("{\"accepted\":%u,\"rejected\":0}", 16 + i % 5);

  add_field (fields, "batch", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_STRING, "Batch", FALSE);
  for (guint k = 0; k < 12; k++)
    {
      g_autofree char *path = g_strdup_printf ("profile.attribute%02u", k);
      g_autofree char *label = g_strdup_printf ("Attribute %u", k + 1);

      g_string_append_printf (sample, "%s\"attribute%02u\":\"value of attribute %u\"",
                              k > 0 ? "," : "", k, k);
      add_field (fields, path, CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_STRING, label, k > 4);
    }
  g_string_append (sample, "}}");

  ca_action_set_request_sample_text (action, sample->str);
  ca_action_set_response_sample_text (action, response);
  ca_action_set_capping (action, 1000, 60000);
}

CaAction *
ca_bench_make_action (guint i)
{
  g_autofree char *name = g_strdup_printf ("action_%06u", i);
  const char *verb = PICK (verbs, i, 4);
  const char *subject = PICK (subjects, i, 5);
  const char *vendor = PICK (vendors, i, 3);
  g_autofree char *label = g_strdup_printf ("%s %s %u", verb, subject, i);
  g_autofree char *description = NULL;
  g_autofree char *url = NULL;
  CaAction *action = ca_action_new (name);
  Shape shape = shape_of (i);

  /* Descriptions run from one short sentence to three. */
  description = g_strdup_printf ("%s the %s of the %s journey in %s%s%s", verb, subject,
                                 PICK (journeys, i, 6), PICK (regions, i, 7),
                                 i % 3 == 0 ? "; retried on failure by the partner system" : "",
                                 i % 5 == 0 ? ". Ask the CRM team before changing the fields: "
                                              "the templates depend on them." : "");
  url = g_strdup_printf ("https://api.%s.example.com/v%u/%s/%u", vendor, 1 + i % 3,
                         shape == SHAPE_LOOKUP ? "customers" : "messages", i);

  ca_action_set_label (action, label);
  ca_action_set_description (action, description);
  ca_action_set_category (action, shape == SHAPE_TICKET || shape == SHAPE_BULK
                                  ? CA_CATEGORY_CUSTOM : (CaCategory) (mix (i, 8) % 2));
  ca_action_set_url (action, url);
  ca_action_set_method (action, CA_METHOD_POST);
  ca_action_set_timeout_seconds (action, 5 + i % 26);
  ca_action_set_retries (action, i % 6);
  {
    g_autoptr(GDateTime) modified = g_date_time_new_utc (2025, 1 + i % 12, 1 + i % 28, i % 24, i % 60, 0);

    ca_action_set_modified (action, modified);
  }
  set_auth (action, i);

  switch (shape)
    {
    case SHAPE_LOOKUP:
      make_lookup (action, i);
      break;
    case SHAPE_MESSAGE:
      make_message (action, i);
      break;
    case SHAPE_EMAIL:
      make_email (action, i);
      break;
    case SHAPE_TICKET:
      make_ticket (action, i);
      break;
    case SHAPE_BULK:
    default:
      make_bulk (action, i);
      break;
    }

  if (i % 11 == 0)
    ca_action_set_max_throughput (action, 50);

  return action;
}

GBytes *
ca_bench_catalog_bytes (guint n)
{
  g_autoptr(GPtrArray) actions = g_ptr_array_new_full (n, g_object_unref);
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (actions, ca_bench_make_action (i));

  bytes = ca_action_file_write (actions, &error);
  g_assert_no_error (error);
  return bytes;
}

gboolean
ca_bench_catalog_write (const char  *path,
                        guint        n,
                        GError     **error)
{
  g_autoptr(GBytes) bytes = ca_bench_catalog_bytes (n);

  return g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error);
}

double
ca_bench_median (double *values,
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
