/* ca-secrets.h: credential values, from the keyring or the environment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

#include "ca-action.h"

G_BEGIN_DECLS

#define CA_SECRETS_ERROR (ca_secrets_error_quark ())

typedef enum {
  CA_SECRETS_ERROR_NOT_FOUND,   /* in neither the keyring nor the environment */
  CA_SECRETS_ERROR_NO_KEYRING,  /* no Secret Service to store into */
} CaSecretsError;

GQuark      ca_secrets_error_quark      (void);

/* The libsecret schema: named after the application ID, one string
 * attribute "id". */
const SecretSchema *ca_secrets_get_schema (void) G_GNUC_CONST;

/* Whether a Secret Service may be reachable: FALSE when there is no
 * session bus address, so that nothing tries to autolaunch one. */
gboolean    ca_secrets_keyring_reachable (void);

/* Wipes and frees a value the lookups returned (g_free() also works, but
 * leaves the secret in freed memory). */
void        ca_secrets_value_free       (char          *value);

/* "CUSTOM_ACTIONS_SECRET_" + @id upper-cased, other characters as '_'. */
char       *ca_secrets_env_name         (const char    *id);

/* The value of secret @id (a valid ID, see ca_secret_id_is_valid()): the
 * keyring's, else the environment variable's (an empty one does not
 * count); CA_SECRETS_ERROR_NOT_FOUND naming both places when neither has
 * it. Never logged. Free it with ca_secrets_value_free(). The sync form is
 * for the command line. */
char       *ca_secrets_lookup_sync      (const char    *id,
                                         GCancellable  *cancellable,
                                         GError       **error);
void        ca_secrets_lookup_async     (const char          *id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
char       *ca_secrets_lookup_finish    (GAsyncResult  *result,
                                         GError       **error);

/* Stores @value under @id in the keyring; CA_SECRETS_ERROR_NO_KEYRING
 * (naming the environment variable to use instead) when there is none. */
gboolean    ca_secrets_store_sync       (const char    *id,
                                         const char    *value,
                                         GCancellable  *cancellable,
                                         GError       **error);

/* Moves each credential of @action given in clear into the keyring, under
 * an ID made from the action's name and the credential's key (with "-2",
 * "-3"… when two keys give the same ID), and keeps only the reference.
 * All or nothing: every value is stored before the action changes, so on
 * an error (CA_SECRETS_ERROR_NO_KEYRING, cancelled) it is as it was. */
gboolean    ca_secrets_store_plain_credentials (CaAction      *action,
                                                GCancellable  *cancellable,
                                                GError       **error);

/* The ID ca_secrets_store_plain_credentials() gives a credential:
 * "ACTION.KEY" with characters an ID cannot have as '_', cut to 64
 * characters with a hash of the whole when longer. */
char       *ca_secrets_make_id          (const char    *action_name,
                                         const char    *key);

G_END_DECLS
