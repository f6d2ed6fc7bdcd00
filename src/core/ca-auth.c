/* ca-auth.c: how an action authenticates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ca-auth.h"

G_DEFINE_BOXED_TYPE (CaAuth, ca_auth, ca_auth_copy, ca_auth_free)

CaAuthParam *
ca_auth_param_new (const char   *name,
                   CaCredential *value)
{
  CaAuthParam *param = g_new0 (CaAuthParam, 1);

  param->name = g_strdup (name);
  param->value = value;
  return param;
}

void
ca_auth_param_free (CaAuthParam *param)
{
  if (param == NULL)
    return;

  g_free (param->name);
  ca_credential_free (param->value);
  g_free (param);
}

static GPtrArray *
params_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) ca_auth_param_free);
}

CaAuth *
ca_auth_new (CaAuthType type)
{
  CaAuth *self = g_new0 (CaAuth, 1);

  self->type = type;
  self->headers = params_new ();
  self->body_params = params_new ();
  return self;
}

static GPtrArray *
params_copy (GPtrArray *params)
{
  GPtrArray *copy = params_new ();

  for (guint i = 0; i < params->len; i++)
    {
      const CaAuthParam *param = g_ptr_array_index (params, i);

      g_ptr_array_add (copy, ca_auth_param_new (param->name, ca_credential_copy (param->value)));
    }

  return copy;
}

CaAuth *
ca_auth_copy (const CaAuth *self)
{
  CaAuth *copy;

  if (self == NULL)
    return NULL;

  copy = g_new0 (CaAuth, 1);
  copy->type = self->type;
  copy->username = g_strdup (self->username);
  copy->password = ca_credential_copy (self->password);
  copy->key_name = g_strdup (self->key_name);
  copy->key_location = self->key_location;
  copy->key_value = ca_credential_copy (self->key_value);
  copy->token = ca_credential_copy (self->token);
  copy->endpoint = g_strdup (self->endpoint);
  copy->token_method = self->token_method;
  copy->headers = params_copy (self->headers);
  copy->has_body = self->has_body;
  copy->body_type = self->body_type;
  copy->body_params = params_copy (self->body_params);
  copy->token_in_response = g_strdup (self->token_in_response);
  copy->cache_duration = self->cache_duration;
  copy->cache_unit = self->cache_unit;
  copy->expiry_in_response = g_strdup (self->expiry_in_response);
  copy->placement = self->placement;
  copy->token_target = g_strdup (self->token_target);
  return copy;
}

void
ca_auth_free (CaAuth *self)
{
  if (self == NULL)
    return;

  g_free (self->username);
  ca_credential_free (self->password);
  g_free (self->key_name);
  ca_credential_free (self->key_value);
  ca_credential_free (self->token);
  g_free (self->endpoint);
  g_ptr_array_unref (self->headers);
  g_ptr_array_unref (self->body_params);
  g_free (self->token_in_response);
  g_free (self->expiry_in_response);
  g_free (self->token_target);
  g_free (self);
}

static gboolean
params_equal (GPtrArray *a,
              GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    {
      const CaAuthParam *pa = g_ptr_array_index (a, i);
      const CaAuthParam *pb = g_ptr_array_index (b, i);

      if (g_strcmp0 (pa->name, pb->name) != 0 || !ca_credential_equal (pa->value, pb->value))
        return FALSE;
    }

  return TRUE;
}

gboolean
ca_auth_equal (const CaAuth *a,
               const CaAuth *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return a->type == b->type &&
         g_strcmp0 (a->username, b->username) == 0 &&
         ca_credential_equal (a->password, b->password) &&
         g_strcmp0 (a->key_name, b->key_name) == 0 &&
         a->key_location == b->key_location &&
         ca_credential_equal (a->key_value, b->key_value) &&
         ca_credential_equal (a->token, b->token) &&
         g_strcmp0 (a->endpoint, b->endpoint) == 0 &&
         a->token_method == b->token_method &&
         params_equal (a->headers, b->headers) &&
         a->has_body == b->has_body &&
         a->body_type == b->body_type &&
         params_equal (a->body_params, b->body_params) &&
         g_strcmp0 (a->token_in_response, b->token_in_response) == 0 &&
         a->cache_duration == b->cache_duration &&
         a->cache_unit == b->cache_unit &&
         g_strcmp0 (a->expiry_in_response, b->expiry_in_response) == 0 &&
         a->placement == b->placement &&
         g_strcmp0 (a->token_target, b->token_target) == 0;
}

static void
foreach_param (GPtrArray            *params,
               const char           *group,
               CaAuthCredentialFunc  func,
               gpointer              user_data)
{
  for (guint i = 0; i < params->len; i++)
    {
      CaAuthParam *param = g_ptr_array_index (params, i);
      g_autofree char *key = g_strconcat (group, ".", param->name, NULL);

      func (key, &param->value, user_data);
    }
}

void
ca_auth_foreach_credential (CaAuth               *self,
                            CaAuthCredentialFunc  func,
                            gpointer              user_data)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (func != NULL);

  switch (self->type)
    {
    case CA_AUTH_TYPE_NONE:
      break;
    case CA_AUTH_TYPE_BASIC:
      func ("password", &self->password, user_data);
      break;
    case CA_AUTH_TYPE_API_KEY:
      func ("value", &self->key_value, user_data);
      break;
    case CA_AUTH_TYPE_BEARER:
      func ("token", &self->token, user_data);
      break;
    case CA_AUTH_TYPE_CUSTOM:
      foreach_param (self->headers, "headers", func, user_data);
      foreach_param (self->body_params, "body.bodyParams", func, user_data);
      break;
    default:
      g_assert_not_reached ();
    }
}
