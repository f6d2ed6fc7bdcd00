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

  /* Following the file: see the end of this file. */
  struct _CaCatalogFollow *follow;
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

enum {
  FILE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What tells one version of the file from another without reading it.
 * Atomic saves rename a new file over the old, so the inode changes too. */
typedef struct {
  gboolean exists;
  guint64  device;
  guint64  inode;
  guint64  size;
  guint64  mtime;
  guint32  mtime_nsec;
} FileStamp;

typedef struct _CaCatalogFollow CaCatalogFollow;

static CaCatalogFollow *follow_new         (void);
static void             follow_free        (CaCatalogFollow *follow);
static void             follow_note_saved  (CaCatalog       *self,
                                            guint64          serial,
                                            gboolean         wrote);
static void             follow_note_read   (CaCatalog       *self,
                                            const FileStamp *stamp);
static gboolean         query_stamp        (GFile           *file,
                                            GCancellable    *cancellable,
                                            FileStamp       *stamp,
                                            GError         **error);

/* What loading found; made in a worker thread, applied in the owner's. */
typedef struct {
  GPtrArray *actions;
  char      *problem;
  /* The file as it was just before it was read: following it starts
   * from there, so no change made after the read is missed. */
  FileStamp  stamp;
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
  g_clear_pointer (&self->follow, follow_free);
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

  /* Another program changed the file (see ca_catalog_set_following()):
   * a handler that returns TRUE decides itself what to keep; otherwise
   * what the file now holds replaces the catalog's content. */
  signals[FILE_CHANGED] =
    g_signal_new ("file-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, g_signal_accumulator_true_handled, NULL, NULL,
                  G_TYPE_BOOLEAN, 0);
}

static void
ca_catalog_init (CaCatalog *self)
{
  self->actions = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_mutex_init (&self->save_lock);
  g_mutex_init (&self->serial_lock);
  self->follow = follow_new ();
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

/* Reads @bytes, the content of @file, into *@actions. Returns what is
 * wrong, for the read-only message ("file:LINE:COL: …", or the rules the
 * actions break), or NULL; *@actions is NULL when the text could not be
 * read at all. */
static char *
parse_catalog (GFile              *file,
               GBytes             *bytes,
               CaActionFileFlags   flags,
               GPtrArray         **actions)
{
  g_autoptr(GPtrArray) problems = ca_problems_new ();
  g_autoptr(GError) error = NULL;

  *actions = NULL;
  if (!ca_action_file_parse (bytes, flags, actions, problems, &error))
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_clear_pointer (actions, g_ptr_array_unref);
      return g_strdup_printf ("%s:%s", name, error->message);
    }

  if (!ca_problems_to_error (problems, 10, &error))
    return g_strdup (error->message);

  return NULL;
}

/* Safe to run in a worker thread: touches no catalog. @file_flags say
 * whether it runs in the background. */
static LoadResult *
load_file (GFile               *file,
           CaCatalogLoadFlags   flags,
           CaActionFileFlags    file_flags,
           GCancellable        *cancellable,
           GError             **error)
{
  g_autoptr(LoadResult) result = g_new0 (LoadResult, 1);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *what = NULL;

  query_stamp (file, cancellable, &result->stamp, NULL);
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

  what = parse_catalog (file, bytes, file_flags, &result->actions);
  if (what != NULL && result->actions == NULL)
    {
      /* Not even JSON: the last good copy, when there is one. */
      result->actions = load_backup (file, cancellable);
      result->problem = describe_broken (file, what, result->actions != NULL);
      if (result->actions == NULL)
        result->actions = g_ptr_array_new_with_free_func (g_object_unref);
    }
  else if (what != NULL)
    {
      result->problem = describe_broken (file, what, FALSE);
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

  follow_note_read (self, &result->stamp);

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
  else if ((result = load_file (self->file, flags, CA_ACTION_FILE_FLAGS_NONE, cancellable,
                                 error)) == NULL)
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
  else if ((result = load_file (self->file, flags, CA_ACTION_FILE_IN_BACKGROUND, cancellable,
                                 &error)) == NULL)
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
  gboolean wrote = FALSE;

  g_mutex_lock (&self->save_lock);
  /* A newer save already reached the disk: this one is stale. */
  if (job->serial > self->saved_serial)
    {
      ok = write_file (self->file, job->bytes, cancellable, error);
      if (ok)
        self->saved_serial = job->serial;
      wrote = ok;
    }
  follow_note_saved (self, job->serial, wrote);
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

/* Runs the whole of ca_catalog_import() on a catalog made for it, which
 * nobody else sees: the keyring is only ever written for a file that is
 * valid throughout, and the real catalog is left to its own thread. */
static void
import_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  g_autoptr(CaCatalog) scratch = ca_catalog_new (NULL);
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!ca_catalog_import (scratch, task_data, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&scratch), g_object_unref);
}

void
ca_catalog_import_async (CaCatalog           *self,
                         GBytes              *bytes,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (CA_IS_CATALOG (self));
  g_return_if_fail (bytes != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_catalog_import_async);

  if (!check_writable (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_set_task_data (task, g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, import_in_thread);
}

gboolean
ca_catalog_import_finish (CaCatalog     *self,
                          GAsyncResult  *result,
                          GStrv         *names,
                          GError       **error)
{
  g_autoptr(CaCatalog) scratch = NULL;
  g_autoptr(GStrvBuilder) imported = g_strv_builder_new ();

  g_return_val_if_fail (CA_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  scratch = g_task_propagate_pointer (G_TASK (result), error);
  if (scratch == NULL)
    return FALSE;

  /* The file may have been reloaded, broken, in the meantime. */
  if (!check_writable (self, error))
    return FALSE;

  /* Checked and stamped in the scratch catalog already: they go in as
   * they are, each in the place of the action of the same name. */
  for (guint i = 0; i < scratch->actions->len; i++)
    {
      CaAction *action = g_ptr_array_index (scratch->actions, i);
      const char *name = ca_action_get_name (action);
      guint position;

      if (!ca_catalog_find (self, name, &position))
        position = self->actions->len;

      put (self, position, action);
      g_strv_builder_add (imported, name);
    }

  if (names != NULL)
    *names = g_strv_builder_end (imported);
  return TRUE;
}

gboolean
ca_catalog_insert (CaCatalog  *self,
                   guint       position,
                   CaAction   *action,
                   GError    **error)
{
  g_return_val_if_fail (CA_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (CA_IS_ACTION (action), FALSE);

  if (!check_action (self, action, NULL, error))
    return FALSE;

  if (ca_action_get_modified (action) == NULL)
    stamp (action);

  position = MIN (position, self->actions->len);
  g_ptr_array_insert (self->actions, position, g_object_ref (action));
  g_hash_table_insert (self->by_name, g_strdup (ca_action_get_name (action)), action);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
  return TRUE;
}

/* Following the file ------------------------------------------------------ */

/* Checks wait for the file to settle: a program that writes in place
 * sends "changes done" when it closes the file, one that renames a new
 * file over it (as our saves do) is done at once. Other events may come
 * in the middle of a write, so they wait longer. */
#define FOLLOW_SETTLE_MS  100
#define FOLLOW_WRITING_MS 1000

struct _CaCatalogFollow
{
  /* The file as the catalog last wrote or read it. Saves and checks
   * run in worker threads. */
  GMutex        lock;
  gboolean      active;
  FileStamp     stamp;
  /* The newest save job that is done, written or not: below the
   * catalog's save_serial, a save is on its way. */
  guint64       done_serial;

  /* The rest belongs to the owner's thread. */
  GFileMonitor *monitor;
  gulong        changed_id;
  GCancellable *cancellable;
  guint         timeout_id;
  gboolean      checking;
  gboolean      check_again;
};

typedef enum {
  CHECK_CHANGES,  /* read it when it is not what we know */
  CHECK_RELOAD,   /* read it whatever it is */
} CheckMode;

typedef struct {
  gboolean   busy;     /* a save was on its way: look again after it */
  guint64    save_serial; /* the saves asked for when the check began */
  gboolean   changed;  /* the file is not as the catalog left it */
  GPtrArray *actions;  /* what it holds, when it is whole and valid */
  char      *problem;  /* why it is not */
} CheckResult;

static void
check_result_free (CheckResult *result)
{
  g_clear_pointer (&result->actions, g_ptr_array_unref);
  g_clear_pointer (&result->problem, g_free);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CheckResult, check_result_free)

static CaCatalogFollow *
follow_new (void)
{
  CaCatalogFollow *follow = g_new0 (CaCatalogFollow, 1);

  g_mutex_init (&follow->lock);

  return follow;
}

static void
follow_stop (CaCatalogFollow *follow)
{
  g_mutex_lock (&follow->lock);
  follow->active = FALSE;
  g_mutex_unlock (&follow->lock);

  if (follow->monitor != NULL)
    {
      g_clear_signal_handler (&follow->changed_id, follow->monitor);
      g_file_monitor_cancel (follow->monitor);
      g_clear_object (&follow->monitor);
    }
  g_cancellable_cancel (follow->cancellable);
  g_clear_object (&follow->cancellable);
  g_clear_handle_id (&follow->timeout_id, g_source_remove);
  follow->checking = FALSE;
  follow->check_again = FALSE;
}

static void
follow_free (CaCatalogFollow *follow)
{
  follow_stop (follow);
  g_mutex_clear (&follow->lock);
  g_free (follow);
}

/* The catalog now holds what the file held at @stamp. */
static void
follow_note_read (CaCatalog       *self,
                  const FileStamp *stamp)
{
  g_mutex_lock (&self->follow->lock);
  self->follow->stamp = *stamp;
  g_mutex_unlock (&self->follow->lock);
}

static gboolean
query_stamp (GFile         *file,
             GCancellable  *cancellable,
             FileStamp     *stamp,
             GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;

  *stamp = (FileStamp) { 0 };
  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                            G_FILE_ATTRIBUTE_TIME_MODIFIED_NSEC ","
                            G_FILE_ATTRIBUTE_UNIX_DEVICE ","
                            G_FILE_ATTRIBUTE_UNIX_INODE,
                            G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    return FALSE;

  stamp->exists = TRUE;
  stamp->device = g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_UNIX_DEVICE);
  stamp->inode = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_UNIX_INODE);
  stamp->size = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_STANDARD_SIZE);
  stamp->mtime = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED);
  stamp->mtime_nsec = g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_NSEC);
  return TRUE;
}

static gboolean
stamp_equal (const FileStamp *a,
             const FileStamp *b)
{
  return a->exists && b->exists &&
         a->device == b->device && a->inode == b->inode && a->size == b->size &&
         a->mtime == b->mtime && a->mtime_nsec == b->mtime_nsec;
}

/* After a save job, written or not (failed, or stale), in its thread
 * and under the save lock: the file it wrote is ours, its change no
 * reason to read it. (A program that replaced the file within the same
 * microseconds would go unnoticed until its next change.) */
static void
follow_note_saved (CaCatalog *self,
                   guint64    serial,
                   gboolean   wrote)
{
  CaCatalogFollow *follow = self->follow;
  FileStamp stamp;
  gboolean active;

  g_mutex_lock (&follow->lock);
  active = follow->active;
  g_mutex_unlock (&follow->lock);

  if (!active || !wrote || !query_stamp (self->file, NULL, &stamp, NULL))
    stamp.exists = FALSE;

  g_mutex_lock (&follow->lock);
  if (stamp.exists)
    follow->stamp = stamp;
  follow->done_serial = MAX (follow->done_serial, serial);
  g_mutex_unlock (&follow->lock);
}

static guint64
get_save_serial (CaCatalog *self)
{
  guint64 serial;

  g_mutex_lock (&self->serial_lock);
  serial = self->save_serial;
  g_mutex_unlock (&self->serial_lock);

  return serial;
}

/* In a worker thread: what the file holds, when it is not what the
 * catalog wrote or read last (or whatever it is, to reload). Whether that
 * differs from the catalog's content is for the owner's thread to say. */
static CheckResult *
check_file (CaCatalog     *self,
            CheckMode      mode,
            GCancellable  *cancellable,
            GError       **error)
{
  CaCatalogFollow *follow = self->follow;
  g_autoptr(CheckResult) result = g_new0 (CheckResult, 1);
  g_autoptr(GPtrArray) actions = NULL;
  g_autofree char *what = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  FileStamp stamp;
  gboolean found;
  gboolean known;
  guint64 done_serial;

  /* A save on its way would make what is read here old news: the file
   * is ours again once it is written. */
  result->save_serial = get_save_serial (self);
  g_mutex_lock (&follow->lock);
  done_serial = follow->done_serial;
  g_mutex_unlock (&follow->lock);
  if (mode == CHECK_CHANGES && done_serial < result->save_serial)
    {
      result->busy = TRUE;
      return g_steal_pointer (&result);
    }

  /* Under the save lock, a save that renamed its file has noted its
   * stamp too. */
  g_mutex_lock (&self->save_lock);
  found = query_stamp (self->file, cancellable, &stamp, &local_error);
  g_mutex_lock (&follow->lock);
  known = found && stamp_equal (&stamp, &follow->stamp);
  if (found)
    follow->stamp = stamp;
  g_mutex_unlock (&follow->lock);
  g_mutex_unlock (&self->save_lock);

  if (!found)
    {
      /* A file removed (or being replaced) leaves the catalog as it is:
       * the next save writes it again. */
      if (mode != CHECK_RELOAD && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return g_steal_pointer (&result);

      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (mode == CHECK_CHANGES && known)
    return g_steal_pointer (&result);

  if ((bytes = read_file (self->file, cancellable, error)) == NULL)
    return NULL;

  /* A broken file keeps the actions the catalog has. */
  result->changed = TRUE;
  what = parse_catalog (self->file, bytes, CA_ACTION_FILE_IN_BACKGROUND, &actions);
  if (what != NULL)
    result->problem = describe_broken (self->file, what, FALSE);
  else
    result->actions = g_steal_pointer (&actions);

  return g_steal_pointer (&result);
}

static void
check_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GError *error = NULL;
  CheckResult *result;

  result = check_file (source_object, GPOINTER_TO_INT (task_data), cancellable, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) check_result_free);
}

/* Makes the actions @actions, keeping the objects of those that did not
 * change (by name and content) and telling only what moved: the rows and
 * the selection of the others stay as they were. Each run of changes is
 * one items-changed, emitted when the list already is as it says. */
static void
replace_content (CaCatalog *self,
                 GPtrArray *actions)
{
  g_autoptr(GPtrArray) wanted = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) old_position = g_hash_table_new (NULL, NULL);
  guint n_old = self->actions->len;
  guint i = 0; /* in the old list */
  guint j = 0; /* in the new list, which is also the current position */

  for (guint k = 0; k < actions->len; k++)
    {
      CaAction *action = g_ptr_array_index (actions, k);
      CaAction *old = ca_catalog_lookup (self, ca_action_get_name (action));

      g_ptr_array_add (wanted, g_object_ref (old != NULL && ca_action_equal (old, action) ? old : action));
    }

  for (guint k = 0; k < n_old; k++)
    g_hash_table_insert (old_position, g_ptr_array_index (self->actions, k), GUINT_TO_POINTER (k + 1));

  /* The list is wanted[0..j) followed by old[i..n_old). */
  while (i < n_old || j < wanted->len)
    {
      guint next_old = n_old;
      guint next_new = wanted->len;
      guint removed, added;

      if (i < n_old && j < wanted->len &&
          g_ptr_array_index (self->actions, j) == g_ptr_array_index (wanted, j))
        {
          i++;
          j++;
          continue;
        }

      /* The next kept action: the first wanted one that is still ahead
       * in the old list. */
      for (guint k = j; k < wanted->len; k++)
        {
          guint position = GPOINTER_TO_UINT (g_hash_table_lookup (old_position, g_ptr_array_index (wanted, k)));

          if (position > i)
            {
              next_new = k;
              next_old = position - 1;
              break;
            }
        }

      removed = next_old - i;
      added = next_new - j;

      for (guint k = 0; k < removed; k++)
        {
          CaAction *old = g_ptr_array_index (self->actions, j + k);
          const char *name = ca_action_get_name (old);

          /* The name may already be the new version's. */
          if (g_hash_table_lookup (self->by_name, name) == old)
            g_hash_table_remove (self->by_name, name);
        }
      g_ptr_array_remove_range (self->actions, j, removed);
      for (guint k = 0; k < added; k++)
        {
          CaAction *action = g_ptr_array_index (wanted, j + k);

          g_ptr_array_insert (self->actions, j + k, g_object_ref (action));
          g_hash_table_insert (self->by_name, g_strdup (ca_action_get_name (action)), action);
        }

      g_list_model_items_changed (G_LIST_MODEL (self), j, removed, added);
      i = next_old;
      j = next_new;
    }
}

/* Whether taking @result would change anything: a file touched, or
 * written again as it was, is not a change. */
static gboolean
check_result_differs (CaCatalog   *self,
                      CheckResult *result)
{
  if (result->actions == NULL)
    return g_strcmp0 (result->problem, self->problem) != 0;

  if (self->problem != NULL || result->actions->len != self->actions->len)
    return TRUE;

  for (guint i = 0; i < result->actions->len; i++)
    {
      if (!ca_action_equal (g_ptr_array_index (result->actions, i),
                            g_ptr_array_index (self->actions, i)))
        return TRUE;
    }

  return FALSE;
}

static void
set_problem (CaCatalog  *self,
             const char *problem)
{
  gboolean was_read_only = ca_catalog_get_read_only (self);

  if (g_strcmp0 (problem, self->problem) == 0)
    return;

  g_free (self->problem);
  self->problem = g_strdup (problem);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
  if (was_read_only != ca_catalog_get_read_only (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_ONLY]);
}

/* A broken file keeps the actions the catalog has, the last good ones,
 * and makes it read-only so that nothing overwrites what is being fixed. */
static void
apply_check_result (CaCatalog   *self,
                    CheckResult *result)
{
  if (result->actions != NULL)
    {
      replace_content (self, result->actions);
      set_problem (self, NULL);
    }
  else
    {
      set_problem (self, result->problem);
    }
}

static void     follow_check       (CaCatalog *self,
                                    CheckMode  mode);
static void     follow_check_later (CaCatalog *self,
                                    guint      delay_ms);

static void
follow_check_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CaCatalog *self = CA_CATALOG (object);
  CaCatalogFollow *follow = self->follow;
  g_autoptr(CheckResult) checked = NULL;
  g_autoptr(GError) error = NULL;
  gboolean handled = FALSE;

  checked = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      follow->cancellable == NULL)
    return;

  follow->checking = FALSE;

  if (checked == NULL)
    g_debug ("Could not check %s: %s", g_file_peek_path (self->file), error->message);
  else if (checked->busy || (checked->changed && checked->save_serial != get_save_serial (self)))
    {
      /* Saved meanwhile: our content won, as far as the file goes.
       * Look again once the save is done. */
      if (follow->timeout_id == 0)
        follow_check_later (self, FOLLOW_SETTLE_MS);
    }
  else if (checked->changed && check_result_differs (self, checked))
    {
      /* A window with unsaved work asks what to keep; by default the
       * file wins. */
      g_signal_emit (self, signals[FILE_CHANGED], 0, &handled);
      if (!handled)
        apply_check_result (self, checked);
    }

  if (follow->check_again)
    {
      follow->check_again = FALSE;
      follow_check (self, CHECK_CHANGES);
    }
}

static void
follow_check (CaCatalog *self,
              CheckMode  mode)
{
  CaCatalogFollow *follow = self->follow;
  g_autoptr(GTask) task = NULL;

  if (follow->checking)
    {
      follow->check_again = TRUE;
      return;
    }

  follow->checking = TRUE;
  task = g_task_new (self, follow->cancellable, follow_check_cb, NULL);
  g_task_set_source_tag (task, follow_check);
  g_task_set_task_data (task, GINT_TO_POINTER (mode), NULL);
  g_task_run_in_thread (task, check_in_thread);
}

static gboolean
follow_timeout_cb (gpointer user_data)
{
  CaCatalog *self = user_data;

  self->follow->timeout_id = 0;
  follow_check (self, CHECK_CHANGES);

  return G_SOURCE_REMOVE;
}

static void
follow_check_later (CaCatalog *self,
                    guint      delay_ms)
{
  CaCatalogFollow *follow = self->follow;

  follow->timeout_id = g_timeout_add (delay_ms, follow_timeout_cb, self);
  g_source_set_name_by_id (follow->timeout_id, "[ca] catalog file check");
}

static void
follow_changed_cb (GFileMonitor      *monitor,
                   GFile             *file,
                   GFile             *other_file,
                   GFileMonitorEvent  event,
                   gpointer           user_data)
{
  CaCatalog *self = user_data;
  CaCatalogFollow *follow = self->follow;
  guint delay;

  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
      if (!g_file_equal (file, self->file))
        return;
      delay = FOLLOW_SETTLE_MS;
      break;

    case G_FILE_MONITOR_EVENT_RENAMED:
      /* Something renamed over the file: a save, ours or another's. */
      if (other_file == NULL || !g_file_equal (other_file, self->file))
        return;
      delay = FOLLOW_SETTLE_MS;
      break;

    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_CHANGED:
      if (!g_file_equal (file, self->file))
        return;
      delay = FOLLOW_WRITING_MS;
      break;

    default:
      return;
    }

  g_clear_handle_id (&follow->timeout_id, g_source_remove);
  follow_check_later (self, delay);
}

void
ca_catalog_set_following (CaCatalog *self,
                          gboolean   following)
{
  CaCatalogFollow *follow;
  g_autoptr(GFile) directory = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CA_IS_CATALOG (self));

  follow = self->follow;
  following = !!following;
  if (following == ca_catalog_get_following (self))
    return;

  if (!following || self->file == NULL)
    {
      follow_stop (follow);
      return;
    }

  /* The directory, not the file: a save renames another file over it. */
  directory = g_file_get_parent (self->file);
  follow->monitor = g_file_monitor_directory (directory, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (follow->monitor == NULL)
    {
      g_debug ("Not following %s: %s", g_file_peek_path (self->file), error->message);
      return;
    }

  /* The starting point is the file as the last load found it (taken in
   * the loading thread, before the read): nothing to ask the disk here. */
  follow->changed_id = g_signal_connect (follow->monitor, "changed",
                                         G_CALLBACK (follow_changed_cb), self);
  follow->cancellable = g_cancellable_new ();
  g_mutex_lock (&follow->lock);
  follow->active = TRUE;
  g_mutex_unlock (&follow->lock);
}

gboolean
ca_catalog_get_following (CaCatalog *self)
{
  g_return_val_if_fail (CA_IS_CATALOG (self), FALSE);

  return self->follow->monitor != NULL;
}

void
ca_catalog_reload_async (CaCatalog           *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CA_IS_CATALOG (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ca_catalog_reload_async);

  if (self->file == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               "%s", _("This catalog is not kept in a file"));
      return;
    }

  g_task_set_task_data (task, GINT_TO_POINTER (CHECK_RELOAD), NULL);
  g_task_run_in_thread (task, check_in_thread);
}

gboolean
ca_catalog_reload_finish (CaCatalog     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_autoptr(CheckResult) checked = NULL;

  g_return_val_if_fail (CA_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  checked = g_task_propagate_pointer (G_TASK (result), error);
  if (checked == NULL)
    return FALSE;

  apply_check_result (self, checked);
  return TRUE;
}
