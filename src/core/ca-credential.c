/* ca-credential.c: a credential value, kept as a reference to a secret
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ca-credential.h"

G_DEFINE_BOXED_TYPE (CaCredential, ca_credential, ca_credential_copy, ca_credential_free)

CaCredential *
ca_credential_new_secret (const char *secret_id)
{
  CaCredential *self;

  g_return_val_if_fail (secret_id != NULL, NULL);

  self = g_new0 (CaCredential, 1);
  self->secret_id = g_strdup (secret_id);
  return self;
}

CaCredential *
ca_credential_new_plain (const char *value)
{
  CaCredential *self;

  g_return_val_if_fail (value != NULL, NULL);

  self = g_new0 (CaCredential, 1);
  self->plain = g_strdup (value);
  return self;
}

CaCredential *
ca_credential_copy (const CaCredential *self)
{
  CaCredential *copy;

  if (self == NULL)
    return NULL;

  copy = g_new0 (CaCredential, 1);
  copy->secret_id = g_strdup (self->secret_id);
  copy->plain = g_strdup (self->plain);
  return copy;
}

void
ca_credential_free (CaCredential *self)
{
  if (self == NULL)
    return;

  g_free (self->secret_id);
  if (self->plain != NULL)
    {
      /* Do not leave a credential lying in freed memory. */
      explicit_bzero (self->plain, strlen (self->plain));
      g_free (self->plain);
    }
  g_free (self);
}

gboolean
ca_credential_equal (const CaCredential *a,
                     const CaCredential *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return g_strcmp0 (a->secret_id, b->secret_id) == 0 &&
         g_strcmp0 (a->plain, b->plain) == 0;
}

gboolean
ca_credential_is_secret (const CaCredential *self)
{
  return self != NULL && self->secret_id != NULL;
}

gboolean
ca_secret_id_is_valid (const char *secret_id)
{
  gsize len;

  if (secret_id == NULL)
    return FALSE;

  len = strlen (secret_id);
  if (len == 0 || len > 64)
    return FALSE;

  for (const char *p = secret_id; *p; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
        return FALSE;
    }

  return TRUE;
}
