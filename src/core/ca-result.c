/* ca-result.c: what sending an action gave
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ca-problem.h"
#include "ca-result.h"

G_DEFINE_BOXED_TYPE (CaResult, ca_result, ca_result_copy, ca_result_free)

static void
param_free (CaRequestParam *param)
{
  g_free (param->name);
  g_free (param->value);
  g_free (param);
}

CaResult *
ca_result_new (void)
{
  CaResult *self = g_new0 (CaResult, 1);

  self->first_byte_ms = -1;
  self->headers = g_ptr_array_new_with_free_func ((GDestroyNotify) param_free);
  self->drift = ca_problems_new ();
  return self;
}

CaResult *
ca_result_copy (const CaResult *self)
{
  CaResult *copy;

  if (self == NULL)
    return NULL;

  copy = ca_result_new ();
  copy->outcome = g_strdup (self->outcome);
  copy->status = self->status;
  copy->attempts = self->attempts;
  copy->elapsed_ms = self->elapsed_ms;
  copy->first_byte_ms = self->first_byte_ms;
  for (guint i = 0; i < self->headers->len; i++)
    {
      const CaRequestParam *header = g_ptr_array_index (self->headers, i);
      CaRequestParam *header_copy = g_new0 (CaRequestParam, 1);

      header_copy->name = g_strdup (header->name);
      header_copy->value = g_strdup (header->value);
      header_copy->secret = header->secret;
      g_ptr_array_add (copy->headers, header_copy);
    }
  copy->body = self->body != NULL ? g_bytes_ref (self->body) : NULL;
  copy->truncated = self->truncated;
  copy->message = g_strdup (self->message);
  copy->sent = self->sent != NULL ? ca_request_copy (self->sent) : NULL;
  for (guint i = 0; i < self->drift->len; i++)
    {
      const CaProblem *problem = g_ptr_array_index (self->drift, i);

      ca_problems_add (copy->drift, problem->severity, problem->path, "%s", problem->message);
    }
  return copy;
}

void
ca_result_free (CaResult *self)
{
  if (self == NULL)
    return;

  g_free (self->outcome);
  g_ptr_array_unref (self->headers);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_free (self->message);
  g_clear_pointer (&self->sent, ca_request_free);
  g_ptr_array_unref (self->drift);
  g_free (self);
}

gboolean
ca_result_is_success (const CaResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->status >= 200 && self->status < 300 && g_str_has_prefix (self->outcome, "http_");
}

/* A duration for people: "120 ms", "1.25 s". */
char *
ca_result_format_duration (gint64 ms)
{
  if (ms < 1000)
    /* Translators: a duration in milliseconds */
    return g_strdup_printf (_("%d ms"), (int) ms);

  /* Translators: a duration in seconds */
  return g_strdup_printf (_("%.2f s"), ms / 1000.0);
}

/* The size of the answer's body for people: "1.2 kB", "No body", or "More
 * than 10.5 MB" when it was cut at the cap. */
char *
ca_result_format_body_size (const CaResult *self)
{
  gsize size;
  g_autofree char *text = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  size = self->body != NULL ? g_bytes_get_size (self->body) : 0;
  if (size == 0)
    return g_strdup (_("No body"));

  text = g_format_size (size);
  if (!self->truncated)
    return g_steal_pointer (&text);

  /* Translators: %s is a size, like 10.5 MB */
  return g_strdup_printf (_("More than %s"), text);
}
