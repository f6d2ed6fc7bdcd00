/* ca-catalog.c: the actions of one catalog file, as a GListModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "ca-action-file.h"
#include "ca-catalog.h"
#include "ca-core-resources.h"
#include "ca-secrets.h"

#define SAMPLE_RESOURCE "/io/github/customactions/CustomActions/core/sample-catalog.json"

struct _CaCatalog
{
  GObject     parent_instance;

  GFile      *file;
  GPtrArray  *actions;
  /* name → action, for lookups in big catalogs */
  GHashTable *by_name;
  char       *problem;

  /* Saves run in worker threads; the newest content must win. The
   * serials have a lock of their own, so that starting a save never waits
   * for another one's write to reach the disk. */
  GMutex      save_lock;
  GMutex      serial_lock;
  guint64     save_serial;
  guint64     saved_serial;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CaCatalog, ca_catalog, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

G_DEFINE_QUARK (ca-catalog-error-quark, ca_catalog_error)

enum {
  PROP_0,
  PROP_FILE,
  PROP_READ_ONLY,
  PROP_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What loading found; made in a worker thread, applied in the owner's. */
typedef struct {
  GPtrArray *actions;
  char      *problem;
} LoadResult;

static void
load_result_free (LoadResult *result)
{
  g_clear_pointer (&result->actions, g_ptr_array_unref);
  g_clear_pointer (&result->problem, g_free);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadResult, load_result_free)

static GType
ca_catalog_get_item_type (GListModel *model)
{
  return CA_TYPE_ACTION;
}

static guint
ca_catalog_get_n_items (GListModel *model)
{
  return CA_CATALOG (model)->actions->len;
}

static gpointer
ca_catalog_get_item (GListModel *model,
                     guint       position)
{
  CaCatalog *self = CA_CATALOG (model);

  if (position >= self->actions->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->actions, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = ca_catalog_get_item_type;
  iface->get_n_items = ca_catalog_get_n_items;
  iface->get_item = ca_catalog_get_item;
}

static void
ca_catalog_finalize (GObject *object)
{
  CaCatalog *self = CA_CATALOG (object);

  g_clear_object (&self->file);
  g_clear_pointer (&self->actions, g_ptr_array_unref);
  g_clear_pointer (&self->by_name, g_hash_table_unref);
  g_clear_pointer (&self->problem, g_free);
  g_mutex_clear (&self->save_lock);
  g_mutex_clear (&self->serial_lock);

  G_OBJECT_CLASS (ca_catalog_parent_class)->finalize (object);
}

static void
ca_catalog_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CaCatalog *self = CA_CATALOG (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_READ_ONLY:
      g_value_set_boolean (value, ca_catalog_get_read_only (self));
      break;
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_catalog_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  CaCatalog *self = CA_CATALOG (object);

  switch (prop_id)
    {
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_catalog_class_init (CaCatalogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ca_catalog_finalize;
  object_class->get_property = ca_catalog_get_property;
  object_class->set_property = ca_catalog_set_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ca_catalog_init (CaCatalog *self)
{
  self->actions = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_mutex_init (&self->save_lock);
  g_mutex_init (&self->serial_lock);
}

GFile *
ca_catalog_get_default_file (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "custom-actions",
                                            "catalog.json", NULL);

  return g_file_new_for_path (path);
}

GBytes *
ca_catalog_get_sample_bytes (void)
{
  /* Looked up in our own resource so that linking the static library
   * keeps it. */
  return g_resource_lookup_data (ca_core_get_resource (), SAMPLE_RESOURCE,
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
}

CaCatalog *
ca_catalog_new (GFile *file)
{
  g_return_val_if_fail (file == NULL || G_IS_FILE (file), NULL);

  return g_object_new (CA_TYPE_CATALOG, "file", file, NULL);
}

GFile *
ca_catalog_get_file (CaCatalog *self)
{
  g_return_val_if_fail (CA_IS_CATALOG (self), NULL);

  return self->file;
}

gboolean
ca_catalog_get_read_only (CaCatalog *self)
{
  g_return_val_if_fail (CA_IS_CATALOG (self), TRUE);

  return self->problem != NULL;
}

const char *
ca_catalog_get_problem (CaCatalog *self)
{
  g_return_val_if_fail (CA_IS_CATALOG (self), NULL);

  return self->problem;
}

static void
index_rebuild (CaCatalog *self)
{
  g_hash_table_remove_all (self->by_name);
  for (guint i = 0; i < self->actions->len; i++)
    {
      CaAction *action = g_ptr_array_index (self->actions, i);

      g_hash_table_insert (self->by_name, g_strdup (ca_action_get_name (action)), action);
    }
}

/* Keeps the current file as "file~": a hard link made under a temporary
 * name and renamed over the old backup, so there is always a whole one. */
static gboolean
keep_backup (const char    *path,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autofree char *backup = g_strconcat (path, "~", NULL);
  g_autofree char *staging = g_strconcat (path, "~.new", NULL);
  g_autoptr(GFile) source = NULL;
  g_autoptr(GFile) target = NULL;
  int saved_errno;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;

  g_unlink (staging);
  if (link (path, staging) == 0)
    {
      if (g_rename (staging, backup) == 0)
        return TRUE;
      saved_errno = errno;
      g_unlink (staging);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not keep a backup of %s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  /* No hard links here (some network and FAT file systems): copy. */
  source = g_file_new_for_path (path);
  target = g_file_new_for_path (backup);
  return g_file_copy (source, target, G_FILE_COPY_OVERWRITE, cancellable, NULL, NULL, error);
}

/* Writes @bytes over @file: a temporary file, flushed to disk, renamed
 * over the old one; the old one kept as "file~". A failure at any point
 * leaves the file as it was. */
static gboolean
write_file (GFile         *file,
            GBytes        *bytes,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = g_file_get_path (file);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The catalog must be a local file, not %s"), uri);
      return FALSE;
    }

  if (parent != NULL &&
      !g_file_make_directory_with_parents (parent, cancellable, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!keep_backup (path, cancellable, error))
    return FALSE;

  /* GLib removes its temporary file when writing it fails. */
  return g_file_set_contents_full (path, data, len,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0666, error);
}

static char *
describe_broken (GFile      *file,
                 const char *what,
                 gboolean    from_backup)
{
  g_autofree char *name = g_file_get_parse_name (file);
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text, _("The catalog %s is broken:"), name);
  g_string_append_printf (text, "\n%s\n", what);
  if (from_backup)
    g_string_append (text, _("Showing the actions of its last good copy (the same name "
                              "ending in ~). "));
  g_string_append (text, _("The file was left as it is and nothing will be saved until it "
                           "is repaired: fix it in a text editor, or move it away to start "
                           "a new catalog."));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The contents of @file. Local files are read in one go: GIO's generic
 * loader reads in small blocks into a growing buffer, which takes several
 * times longer on a big catalog. */
static GBytes *
read_file (GFile         *file,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) local_error = NULL;
  char *contents;
  gsize len;

  if (path == NULL)
    return g_file_load_bytes (file, cancellable, NULL, error);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      /* Callers tell a missing file from a broken one by the GIO code. */
      g_set_error_literal (error, G_IO_ERROR,
                           g_io_error_from_file_error (local_error->code),
                           local_error->message);
      return NULL;
    }

  return g_bytes_new_take (contents, len);
}

/* The actions of "file~" when it is whole and valid, else NULL. */
static GPtrArray *
load_backup (GFile        *file,
             GCancellable *cancellable)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *backup_path = NULL;
  g_autoptr(GFile) backup = NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (path == NULL)
    return NULL;

  backup_path = g_strconcat (path, "~", NULL);
  backup = g_file_new_for_path (backup_path);
  if ((bytes = read_file (backup, cancellable, NULL)) == NULL)
    return NULL;

  return ca_action_file_parse_all (bytes, CA_ACTION_FILE_FLAGS_NONE, NULL);
}

/* Safe to run in a worker thread: touches no catalog. */
static LoadResult *
load_file (GFile               *file,
           CaCatalogLoadFlags   flags,
           GCancellable        *cancellable,
           GError             **error)
{
  g_autoptr(LoadResult) result = g_new0 (LoadResult, 1);
  g_autoptr(GPtrArray) problems = ca_problems_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = read_file (file, cancellable, &local_error);
  if (bytes == NULL && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      if (!(flags & CA_CATALOG_LOAD_CREATE_SAMPLE))
        {
          result->actions = g_ptr_array_new_with_free_func (g_object_unref);
          return g_steal_pointer (&result);
        }

      g_clear_error (&local_error);
      bytes = ca_catalog_get_sample_bytes ();
      if (!write_file (file, bytes, cancellable, error))
        return NULL;
    }
  else if (bytes == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (!ca_action_file_parse (bytes, CA_ACTION_FILE_FLAGS_NONE, &result->actions, problems,
                             &local_error))
    {
      g_autofree char *name = g_file_get_parse_name (file);
      g_autofree char *what = g_strdup_printf ("%s:%s", name, local_error->message);

      result->actions = load_backup (file, cancellable);
      result->problem = describe_broken (file, what, result->actions != NULL);
      if (result->actions == NULL)
        result->actions = g_ptr_array_new_with_free_func (g_object_unref);
    }
  else if (!ca_problems_to_error (problems, 10, &local_error))
    {
      result->problem = describe_broken (file, local_error->message, FALSE);
    }

  return g_steal_pointer (&result);
}

static void
apply_load_result (CaCatalog  *self,
                   LoadResult *result)
{
  gboolean was_read_only = ca_catalog_get_read_only (self);
  guint removed = self->actions->len;

  g_ptr_array_unref (self->actions);
  self->actions = g_steal_pointer (&result->actions);
  index_rebuild (self);
  g_free (self->problem);
  self->problem = g_steal_pointer (&result->problem);

  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->actions->len);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
  if (was_read_only != ca_catalog_get_read_only (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_ONLY]);
}

static void
set_in_memory (LoadResult *result)
{
  result->actions = g_ptr_array_new_with_free_func (g_object_unref);
}

gboolean
ca_catalog_load (CaCatalog           *self,
                 CaCatalogLoadFlags   flags,
                 GCancellable        *cancellable,
                 GError             **error)
{
  g_autoptr(LoadResult) result = NULL;

  g_return_val_if_fail (CA_IS_CATALOG (self), FALSE);

  if (self->file == NULL)
    {
      result = g_new0 (LoadResult, 1);
      set_in_memory (result);
    }
  else if ((result = load_file (self->file, flags, cancellable, error)) == NULL)
    {
      return FALSE;
    }

  apply_load_result (self, result);
  return TRUE;
}

static void
load_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  CaCatalog *self = source_object;
  CaCatalogLoadFlags flags = GPOINTER_TO_UINT (task_data);
  GError *error = NULL;
  LoadResult *result;

  if (self->file == NULL)
    {
      result = g_new0 (LoadResult, 1);
      set_in_memory (result);
    }
  else if ((result = load_file (self->file, flags, cancellable, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, result, (GDestroyNotify) load_result_free);
}

void
ca_catalog_load_async (CaCatalog           *self,
                       CaCatalogLoadFlags   flags,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CA_IS_CATALOG (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_catalog_load_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (flags), NULL);
  g_task_run_in_thread (task, load_in_thread);
}

/* The catalog takes what was loaded here, in the caller's thread. */
gboolean
ca_catalog_load_finish (CaCatalog     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_autoptr(LoadResult) loaded = NULL;

  g_return_val_if_fail (CA_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  loaded = g_task_propagate_pointer (G_TASK (result), error);
  if (loaded == NULL)
    return FALSE;

  apply_load_result (self, loaded);
  return TRUE;
}

static gboolean
check_writable (CaCatalog  *self,
                GError    **error)
{
  if (!ca_catalog_get_read_only (self))
    return TRUE;

  g_set_error (error, CA_CATALOG_ERROR, CA_CATALOG_ERROR_READ_ONLY,
               _("The catalog is read-only because its file is broken; repair the file first"));
  return FALSE;
}

typedef struct {
  GBytes  *bytes;
  guint64  serial;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_bytes_unref (job->bytes);
  g_free (job);
}

/* Serializes in the caller's thread, where the actions live. */
static SaveJob *
save_job_new (CaCatalog  *self,
              GError    **error)
{
  g_autoptr(GBytes) bytes = NULL;
  SaveJob *job;

  if (!check_writable (self, error))
    return NULL;

  bytes = ca_action_file_write (self->actions, error);
  if (bytes == NULL)
    return NULL;

  job = g_new0 (SaveJob, 1);
  job->bytes = g_steal_pointer (&bytes);
  g_mutex_lock (&self->serial_lock);
  job->serial = ++self->save_serial;
  g_mutex_unlock (&self->serial_lock);
  return job;
}

static gboolean
run_save_job (CaCatalog     *self,
              SaveJob       *job,
              GCancellable  *cancellable,
              GError       **error)
{
  gboolean ok = TRUE;

  g_mutex_lock (&self->save_lock);
  /* A newer save already reached the disk: this one is stale. */
  if (job->serial > self->saved_serial)
    {
      ok = write_file (self->file, job->bytes, cancellable, error);
      if (ok)
        self->saved_serial = job->serial;
    }
  g_mutex_unlock (&self->save_lock);

  return ok;
}

gboolean
ca_catalog_save (CaCatalog     *self,
                 GCancellable  *cancellable,
                 GError       **error)
{
  SaveJob *job;
  gboolean ok;

  g_return_val_if_fail (CA_IS_CATALOG (self), FALSE);

  if (self->file == NULL)
    return check_writable (self, error);

  if ((job = save_job_new (self, error)) == NULL)
    return FALSE;

  ok = run_save_job (self, job, cancellable, error);
  save_job_free (job);
  return ok;
}

static void
save_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;

  if (run_save_job (source_object, task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
ca_catalog_save_async (CaCatalog           *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  SaveJob *job;

  g_return_if_fail (CA_IS_CATALOG (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_catalog_save_async);

  if (self->file == NULL)
    {
      if (check_writable (self, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
      return;
    }

  if ((job = save_job_new (self, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_set_task_data (task, job, (GDestroyNotify) save_job_free);
  g_task_run_in_thread (task, save_in_thread);
}

gboolean
ca_catalog_save_finish (CaCatalog     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (CA_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

CaAction *
ca_catalog_lookup (CaCatalog  *self,
                   const char *name)
{
  g_return_val_if_fail (CA_IS_CATALOG (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->by_name, name);
}

gboolean
ca_catalog_find (CaCatalog  *self,
                 const char *name,
                 guint      *position)
{
  CaAction *action;

  g_return_val_if_fail (CA_IS_CATALOG (self), FALSE);

  action = ca_catalog_lookup (self, name);
  if (action == NULL)
    return FALSE;

  return g_ptr_array_find (self->actions, action, position);
}

/* Checks @action before it goes in; @replacing is the name it may take
 * over. */
static gboolean
check_action (CaCatalog   *self,
              CaAction    *action,
              const char  *replacing,
              GError     **error)
{
  g_autoptr(GPtrArray) problems = ca_problems_new ();
  g_autoptr(GError) invalid = NULL;
  const char *name = ca_action_get_name (action);

  if (!check_writable (self, error))
    return FALSE;

  ca_action_validate (action, NULL, problems);
  if (!ca_problems_to_error (problems, 20, &invalid))
    {
      g_set_error_literal (error, CA_CATALOG_ERROR, CA_CATALOG_ERROR_INVALID, invalid->message);
      return FALSE;
    }

  if (g_strcmp0 (name, replacing) != 0 && ca_catalog_lookup (self, name) != NULL)
    {
      g_set_error (error, CA_CATALOG_ERROR, CA_CATALOG_ERROR_EXISTS,
                   _("name: an action called \"%s\" already exists; choose another name"), name);
      return FALSE;
    }

  return TRUE;
}

static void
stamp (CaAction *action)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  /* Whole seconds: what the file keeps. */
  g_autoptr(GDateTime) modified = g_date_time_add (now, -(g_date_time_get_microsecond (now)));

  ca_action_set_modified (action, modified);
}

/* Puts @action at @position, or at the end when it is the length. */
static void
put (CaCatalog *self,
     guint      position,
     CaAction  *action)
{
  gboolean append = position == self->actions->len;

  if (append)
    {
      g_ptr_array_add (self->actions, g_object_ref (action));
    }
  else
    {
      CaAction *old = g_ptr_array_index (self->actions, position);

      g_hash_table_remove (self->by_name, ca_action_get_name (old));
      self->actions->pdata[position] = g_object_ref (action);
      g_object_unref (old);
    }

  g_hash_table_insert (self->by_name, g_strdup (ca_action_get_name (action)), action);
  g_list_model_items_changed (G_LIST_MODEL (self), position, append ? 0 : 1, 1);
}

gboolean
ca_catalog_add (CaCatalog  *self,
                CaAction   *action,
                GError    **error)
{
  g_return_val_if_fail (CA_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (CA_IS_ACTION (action), FALSE);

  if (!check_action (self, action, NULL, error))
    return FALSE;

  stamp (action);
  put (self, self->actions->len, action);
  return TRUE;
}

static void
set_not_found (GError     **error,
               const char  *name)
{
  g_set_error (error, CA_CATALOG_ERROR, CA_CATALOG_ERROR_NOT_FOUND,
               _("There is no action called \"%s\"; check the name in the list of actions"),
               name);
}

gboolean
ca_catalog_replace (CaCatalog   *self,
                    const char  *name,
                    CaAction    *action,
                    GError     **error)
{
  guint position;

  g_return_val_if_fail (CA_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (CA_IS_ACTION (action), FALSE);

  if (!ca_catalog_find (self, name, &position))
    {
      set_not_found (error, name);
      return FALSE;
    }

  if (!check_action (self, action, name, error))
    return FALSE;

  stamp (action);
  put (self, position, action);
  return TRUE;
}

gboolean
ca_catalog_remove (CaCatalog   *self,
                   const char  *name,
                   GError     **error)
{
  guint position;

  g_return_val_if_fail (CA_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!check_writable (self, error))
    return FALSE;

  if (!ca_catalog_find (self, name, &position))
    {
      set_not_found (error, name);
      return FALSE;
    }

  g_hash_table_remove (self->by_name, name);
  g_ptr_array_remove_index (self->actions, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  return TRUE;
}

char *
ca_catalog_make_unique_name (CaCatalog  *self,
                             const char *base)
{
  g_autofree char *stem = NULL;

  g_return_val_if_fail (CA_IS_CATALOG (self), NULL);
  g_return_val_if_fail (base != NULL, NULL);

  stem = g_strndup (base, CA_ACTION_NAME_MAX);
  if (ca_catalog_lookup (self, stem) == NULL)
    return g_steal_pointer (&stem);

  for (guint n = 2; ; n++)
    {
      g_autofree char *suffix = g_strdup_printf ("_%u", n);
      gsize room = CA_ACTION_NAME_MAX - strlen (suffix);
      g_autofree char *candidate = g_strdup_printf ("%.*s%s", (int) room, stem, suffix);

      if (ca_catalog_lookup (self, candidate) == NULL)
        return g_steal_pointer (&candidate);
    }
}

gboolean
ca_catalog_import (CaCatalog  *self,
                   GBytes     *bytes,
                   GStrv      *names,
                   GError    **error)
{
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GStrvBuilder) imported = g_strv_builder_new ();

  g_return_val_if_fail (CA_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  if (!check_writable (self, error))
    return FALSE;

  /* Everything is checked before anything changes. Credentials written
   * in clear go to the keyring, and the actions keep references. */
  actions = ca_action_file_parse_all (bytes, CA_ACTION_FILE_ALLOW_PLAIN_CREDENTIALS, error);
  if (actions == NULL)
    return FALSE;

  for (guint i = 0; i < actions->len; i++)
    {
      CaAction *action = g_ptr_array_index (actions, i);

      if (!ca_secrets_store_plain_credentials (action, NULL, error))
        {
          g_prefix_error (error, "actions[%u].auth: ", i);
          return FALSE;
        }
    }

  for (guint i = 0; i < actions->len; i++)
    {
      CaAction *action = g_ptr_array_index (actions, i);
      const char *name = ca_action_get_name (action);
      guint position;

      if (!ca_catalog_find (self, name, &position))
        position = self->actions->len;

      stamp (action);
      put (self, position, action);
      g_strv_builder_add (imported, name);
    }

  if (names != NULL)
    *names = g_strv_builder_end (imported);
  return TRUE;
}

GBytes *
ca_catalog_export (CaCatalog           *self,
                   const char * const  *names,
                   GError             **error)
{
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();

  g_return_val_if_fail (CA_IS_CATALOG (self), NULL);
  g_return_val_if_fail (names != NULL, NULL);

  for (guint i = 0; names[i] != NULL; i++)
    {
      CaAction *action = ca_catalog_lookup (self, names[i]);

      if (action == NULL)
        {
          set_not_found (error, names[i]);
          return NULL;
        }

      g_ptr_array_add (chosen, action);
    }

  return ca_action_file_write (chosen, error);
}
