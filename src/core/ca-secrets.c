/* ca-secrets.c: credential values, from the keyring or the environment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Nothing here logs, prints or puts into an error message a secret's
 * value: only IDs, keys and the keyring's own error messages.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ca-secrets.h"

#define ENV_PREFIX "CUSTOM_ACTIONS_SECRET_"
#define SECRET_ID_MAX 64

G_DEFINE_QUARK (ca-secrets-error-quark, ca_secrets_error)

const SecretSchema *
ca_secrets_get_schema (void)
{
  static const SecretSchema schema = {
    APP_ID, SECRET_SCHEMA_NONE,
    {
      { "id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

void
ca_secrets_value_free (char *value)
{
  if (value == NULL)
    return;

  explicit_bzero (value, strlen (value));
  g_free (value);
}

gboolean
ca_secrets_keyring_reachable (void)
{
  const char *address = g_getenv ("DBUS_SESSION_BUS_ADDRESS");

  /* Without an address GDBus would try to autolaunch a bus (dbus-launch
   * on X11), which can hang a headless run or start a keyring nobody can
   * unlock. Where there is no session bus, the environment is the store. */
  return address != NULL && *address != '\0';
}

char *
ca_secrets_env_name (const char *id)
{
  GString *name;

  g_return_val_if_fail (id != NULL, NULL);

  name = g_string_new (ENV_PREFIX);
  for (const char *p = id; *p != '\0'; p++)
    g_string_append_c (name, g_ascii_isalnum (*p) ? g_ascii_toupper (*p) : '_');

  return g_string_free (name, FALSE);
}

/* Appends @text with each character outside a secret ID's alphabet
 * (UTF-8 sequences included) as one '_'. */
static void
append_id_chars (GString    *id,
                 const char *text)
{
  gboolean utf8 = g_utf8_validate (text, -1, NULL);

  for (const char *p = text; *p != '\0'; p = utf8 ? g_utf8_next_char (p) : p + 1)
    {
      if (g_ascii_isalnum (*p) || *p == '-' || *p == '_' || *p == '.')
        g_string_append_c (id, *p);
      else
        g_string_append_c (id, '_');
    }
}

char *
ca_secrets_make_id (const char *action_name,
                    const char *key)
{
  GString *id;

  g_return_val_if_fail (action_name != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  id = g_string_new (NULL);
  append_id_chars (id, action_name);
  g_string_append_c (id, '.');
  append_id_chars (id, key);

  if (id->len > SECRET_ID_MAX)
    {
      /* Long header or parameter names: keep the readable start and make
       * the ID unique again with a hash of what was cut. The hash is of
       * the original text, so names that differ only in mapped
       * characters still get different IDs, and the same credential gets
       * the same ID on every import (replacing its keyring item). */
      g_autofree char *whole = g_strconcat (action_name, "\n", key, NULL);
      g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, whole, -1);

      g_string_truncate (id, SECRET_ID_MAX - 9);
      g_string_append_printf (id, "-%.8s", sum);
    }

  return g_string_free (id, FALSE);
}

/* The keyring's copy lives in non-pageable memory that only libsecret may
 * free: hand the caller an ordinary string. */
static char *
take_keyring_value (char *stored)
{
  char *value = g_strdup (stored);

  secret_password_free (stored);
  return value;
}

static char *
lookup_env (const char  *id,
            GError     **error)
{
  g_autofree char *name = ca_secrets_env_name (id);
  const char *value = g_getenv (name);

  /* An empty variable is how shell scripts unset one: it is no secret. */
  if (value != NULL && *value != '\0')
    return g_strdup (value);

  g_set_error (error, CA_SECRETS_ERROR, CA_SECRETS_ERROR_NOT_FOUND,
               /* Translators: the first and second %s are a secret ID, the
                * third an environment variable name. Keep "custom-actions
                * secret set" as it is: it is a command. */
               _("the secret \"%s\" is neither in the keyring nor in the environment; "
                 "store it with \"custom-actions secret set %s\" or set %s"),
               id, id, name);
  return NULL;
}

/* A failed keyring lookup is not fatal: the environment may have it. */
static gboolean
keyring_error_is_final (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

char *
ca_secrets_lookup_sync (const char    *id,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_return_val_if_fail (ca_secret_id_is_valid (id), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The environment path never blocks, but a cancelled call must not
   * answer differently depending on whether there is a keyring. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (ca_secrets_keyring_reachable ())
    {
      g_autoptr(GError) local_error = NULL;
      char *stored = secret_password_lookup_sync (ca_secrets_get_schema (), cancellable,
                                                  &local_error, "id", id, NULL);

      if (stored != NULL)
        return take_keyring_value (stored);

      if (local_error != NULL)
        {
          if (keyring_error_is_final (local_error))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          g_debug ("Keyring lookup of secret \"%s\" failed, trying the environment: %s",
                   id, local_error->message);
        }
    }

  return lookup_env (id, error);
}

static void
lookup_ready (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) local_error = NULL;
  const char *id = g_task_get_task_data (task);
  char *stored;
  char *value;

  stored = secret_password_lookup_finish (result, &local_error);
  if (stored != NULL)
    {
      g_task_return_pointer (task, take_keyring_value (stored),
                             (GDestroyNotify) ca_secrets_value_free);
      return;
    }

  if (local_error != NULL)
    {
      if (keyring_error_is_final (local_error))
        {
          g_task_return_error (task, g_steal_pointer (&local_error));
          return;
        }
      g_debug ("Keyring lookup of secret \"%s\" failed, trying the environment: %s",
               id, local_error->message);
      g_clear_error (&local_error);
    }

  value = lookup_env (id, &local_error);
  if (value != NULL)
    g_task_return_pointer (task, value, (GDestroyNotify) ca_secrets_value_free);
  else
    g_task_return_error (task, g_steal_pointer (&local_error));
}

void
ca_secrets_lookup_async (const char          *id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ca_secret_id_is_valid (id));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_secrets_lookup_async);
  g_task_set_task_data (task, g_strdup (id), g_free);

  if (ca_secrets_keyring_reachable ())
    {
      secret_password_lookup (ca_secrets_get_schema (), cancellable,
                              lookup_ready, g_steal_pointer (&task),
                              "id", id, NULL);
    }
  else
    {
      g_autoptr(GError) error = NULL;
      char *value = lookup_env (id, &error);

      if (value != NULL)
        g_task_return_pointer (task, value, (GDestroyNotify) ca_secrets_value_free);
      else
        g_task_return_error (task, g_steal_pointer (&error));
    }
}

char *
ca_secrets_lookup_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ca_secrets_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
set_no_keyring_error (GError     **error,
                      const char  *id,
                      const char  *detail)
{
  g_autofree char *name = ca_secrets_env_name (id);

  if (detail == NULL)
    g_set_error (error, CA_SECRETS_ERROR, CA_SECRETS_ERROR_NO_KEYRING,
                 /* Translators: the first and third %s are a secret ID, the
                  * second an environment variable name. Keep {"secret": "%s"}
                  * as it is: it is what to write in an action file. */
                 _("no keyring is reachable to store the secret \"%s\"; run a Secret Service "
                   "(e.g. gnome-keyring) or set %s in the environment and write "
                   "{\"secret\": \"%s\"} in the file"),
                 id, name, id);
  else
    g_set_error (error, CA_SECRETS_ERROR, CA_SECRETS_ERROR_NO_KEYRING,
                 /* Translators: as the message above; the last %s is the
                  * keyring's own error message. */
                 _("no keyring is reachable to store the secret \"%s\"; run a Secret Service "
                   "(e.g. gnome-keyring) or set %s in the environment and write "
                   "{\"secret\": \"%s\"} in the file (the keyring said: %s)"),
                 id, name, id, detail);
}

gboolean
ca_secrets_store_sync (const char    *id,
                       const char    *value,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *label = NULL;

  g_return_val_if_fail (ca_secret_id_is_valid (id), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (!ca_secrets_keyring_reachable ())
    {
      set_no_keyring_error (error, id, NULL);
      return FALSE;
    }

  /* Translators: the label of a keyring item, as a keyring manager such
   * as Seahorse shows it; %s is the secret ID. */
  label = g_strdup_printf (_("Custom Actions secret %s"), id);

  if (!secret_password_store_sync (ca_secrets_get_schema (), SECRET_COLLECTION_DEFAULT,
                                   label, value, cancellable, &local_error,
                                   "id", id, NULL))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      /* No Secret Service on the bus, a collection that stays locked
       * because nobody can answer the unlock prompt, …: to the user it is
       * all the same, there is nowhere to store the secret. */
      set_no_keyring_error (error, id, local_error != NULL ? local_error->message : NULL);
      return FALSE;
    }

  g_debug ("Stored secret \"%s\" in the keyring", id);
  return TRUE;
}

/* A credential given in clear, and where it goes. */
typedef struct {
  char          *key;
  CaCredential **slot;
  char          *id;
} PlainCredential;

static void
plain_credential_free (PlainCredential *plain)
{
  g_free (plain->key);
  g_free (plain->id);
  g_free (plain);
}

typedef struct {
  GPtrArray  *plain;     /* PlainCredential */
  GHashTable *used_ids;  /* the action's secret IDs, old and new */
} Collect;

static void
collect_credential (const char    *key,
                    CaCredential **credential,
                    gpointer       user_data)
{
  Collect *collect = user_data;
  PlainCredential *plain;

  if (*credential == NULL)
    return;

  if (ca_credential_is_secret (*credential))
    {
      g_hash_table_add (collect->used_ids, g_strdup ((*credential)->secret_id));
      return;
    }

  if ((*credential)->plain == NULL)
    return;

  plain = g_new0 (PlainCredential, 1);
  plain->key = g_strdup (key);
  plain->slot = credential;
  g_ptr_array_add (collect->plain, plain);
}

/* @base, or @base with "-2", "-3", … if another credential of the action
 * has it already: two names that map to the same ID ("X!A", "X#A") must
 * not overwrite each other's keyring item. */
static char *
unique_id (const char *base,
           GHashTable *used_ids)
{
  char *id = g_strdup (base);

  for (guint n = 2; g_hash_table_contains (used_ids, id); n++)
    {
      g_autofree char *suffix = g_strdup_printf ("-%u", n);
      int keep = (int) MIN (strlen (base), SECRET_ID_MAX - strlen (suffix));

      g_free (id);
      id = g_strdup_printf ("%.*s%s", keep, base, suffix);
    }

  return id;
}

gboolean
ca_secrets_store_plain_credentials (CaAction      *action,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  g_autoptr(GPtrArray) plain = NULL;
  g_autoptr(GHashTable) used_ids = NULL;
  Collect collect;
  const char *name;

  g_return_val_if_fail (CA_IS_ACTION (action), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = ca_action_get_name (action);
  g_return_val_if_fail (name != NULL, FALSE);

  plain = g_ptr_array_new_with_free_func ((GDestroyNotify) plain_credential_free);
  used_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  collect.plain = plain;
  collect.used_ids = used_ids;
  ca_auth_foreach_credential (ca_action_get_auth (action), collect_credential, &collect);

  for (guint i = 0; i < plain->len; i++)
    {
      PlainCredential *p = g_ptr_array_index (plain, i);
      g_autofree char *base = ca_secrets_make_id (name, p->key);

      p->id = unique_id (base, used_ids);
      g_hash_table_add (used_ids, g_strdup (p->id));
    }

  /* Store every value before touching the action: if one store fails,
   * the action still holds all its values, so the caller can report the
   * error and nothing is half moved. */
  for (guint i = 0; i < plain->len; i++)
    {
      PlainCredential *p = g_ptr_array_index (plain, i);

      if (!ca_secrets_store_sync (p->id, (*p->slot)->plain, cancellable, error))
        return FALSE;
    }

  for (guint i = 0; i < plain->len; i++)
    {
      PlainCredential *p = g_ptr_array_index (plain, i);

      /* ca_credential_free() wipes the clear text before freeing it. */
      ca_credential_free (*p->slot);
      *p->slot = ca_credential_new_secret (p->id);
      g_debug ("Moved credential %s of action %s to the keyring as secret \"%s\"",
               p->key, name, p->id);
    }

  return TRUE;
}
