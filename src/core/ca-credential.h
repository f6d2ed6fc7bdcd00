/* ca-credential.h: a credential value, kept as a reference to a secret
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CA_TYPE_CREDENTIAL (ca_credential_get_type ())

/* A credential is {"secret": "ID"} in a file. @plain holds a value typed
 * in a file or a form until it is moved to the keyring; it is never
 * written out. Exactly one of the two is set. */
typedef struct {
  char *secret_id;
  char *plain;
} CaCredential;

GType         ca_credential_get_type   (void) G_GNUC_CONST;
CaCredential *ca_credential_new_secret (const char         *secret_id);
CaCredential *ca_credential_new_plain  (const char         *value);
CaCredential *ca_credential_copy       (const CaCredential *self);
void          ca_credential_free       (CaCredential       *self);
gboolean      ca_credential_equal      (const CaCredential *a,
                                        const CaCredential *b);
gboolean      ca_credential_is_secret  (const CaCredential *self);

/* Secret IDs: 1–64 letters, digits, '-', '_' or '.'. */
gboolean      ca_secret_id_is_valid    (const char         *secret_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaCredential, ca_credential_free)

G_END_DECLS
