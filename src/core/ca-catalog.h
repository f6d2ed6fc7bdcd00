/* ca-catalog.h: the actions of one catalog file, as a GListModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ca-action.h"

G_BEGIN_DECLS

#define CA_CATALOG_ERROR (ca_catalog_error_quark ())

typedef enum {
  CA_CATALOG_ERROR_READ_ONLY, /* the file is broken; see "problem" */
  CA_CATALOG_ERROR_NOT_FOUND, /* no action of that name */
  CA_CATALOG_ERROR_EXISTS,    /* the name is taken */
  CA_CATALOG_ERROR_INVALID,   /* the action breaks a rule */
} CaCatalogError;

typedef enum {
  CA_CATALOG_LOAD_FLAGS_NONE = 0,
  /* When the file does not exist, fill it with the sample actions. */
  CA_CATALOG_LOAD_CREATE_SAMPLE = 1 << 0,
} CaCatalogLoadFlags;

#define CA_TYPE_CATALOG (ca_catalog_get_type ())

G_DECLARE_FINAL_TYPE (CaCatalog, ca_catalog, CA, CATALOG, GObject)

GQuark      ca_catalog_error_quark       (void);

/* $XDG_DATA_HOME/custom-actions/catalog.json */
GFile      *ca_catalog_get_default_file  (void);
/* The sample actions shipped with the application. */
GBytes     *ca_catalog_get_sample_bytes  (void);

/* A catalog kept in @file (NULL: in memory only, never saved). */
CaCatalog  *ca_catalog_new               (GFile               *file);
GFile      *ca_catalog_get_file          (CaCatalog           *self);

/* Loading a file that exists but is broken is not an error: the catalog
 * then holds what could be read and becomes read-only, and "problem" says
 * what is wrong and where. FALSE only when the file cannot be read. */
gboolean    ca_catalog_load              (CaCatalog           *self,
                                          CaCatalogLoadFlags   flags,
                                          GCancellable        *cancellable,
                                          GError             **error);
void        ca_catalog_load_async        (CaCatalog           *self,
                                          CaCatalogLoadFlags   flags,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean    ca_catalog_load_finish       (CaCatalog           *self,
                                          GAsyncResult        *result,
                                          GError             **error);

gboolean    ca_catalog_get_read_only     (CaCatalog           *self);
/* Why the catalog is read-only, for people; NULL when it is not. */
const char *ca_catalog_get_problem       (CaCatalog           *self);

/* Atomic: the previous file is kept as "catalog.json~" and a failure at
 * any point leaves it as it was. */
gboolean    ca_catalog_save              (CaCatalog           *self,
                                          GCancellable        *cancellable,
                                          GError             **error);
void        ca_catalog_save_async        (CaCatalog           *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean    ca_catalog_save_finish       (CaCatalog           *self,
                                          GAsyncResult        *result,
                                          GError             **error);

CaAction   *ca_catalog_lookup            (CaCatalog           *self,
                                          const char          *name);
gboolean    ca_catalog_find              (CaCatalog           *self,
                                          const char          *name,
                                          guint               *position);

/* These change the catalog in memory (save to keep the change). Each
 * checks the action against every rule, stamps "modified" and emits
 * items-changed. */
gboolean    ca_catalog_add               (CaCatalog           *self,
                                          CaAction            *action,
                                          GError             **error);
/* Puts @action in the place of the action named @name (it may rename). */
gboolean    ca_catalog_replace           (CaCatalog           *self,
                                          const char          *name,
                                          CaAction            *action,
                                          GError             **error);
gboolean    ca_catalog_remove            (CaCatalog           *self,
                                          const char          *name,
                                          GError             **error);
/* A name not used yet: @base, else "base_2", "base_3"… within 30 chars. */
char       *ca_catalog_make_unique_name  (CaCatalog           *self,
                                          const char          *base);

/* Adds the actions of an action file, replacing those of the same name.
 * All or nothing: one invalid action and the catalog is left unchanged.
 * Credentials written in clear are first moved to the keyring (this
 * blocks: call it from a worker thread in a window); where no keyring is
 * reachable, the import fails with a message naming the environment
 * variable to use instead. @names receives the names imported. */
gboolean    ca_catalog_import            (CaCatalog           *self,
                                          GBytes              *bytes,
                                          GStrv               *names,
                                          GError             **error);
/* An action file with the named actions, in the order given. */
GBytes     *ca_catalog_export            (CaCatalog           *self,
                                          const char * const  *names,
                                          GError             **error);

/* ca_catalog_import() without blocking: the action file is read and its
 * credentials in clear moved to the keyring in a worker thread, on a
 * catalog of its own; the actions go in when it is done, in the
 * caller's thread (finish), all or nothing. */
void        ca_catalog_import_async      (CaCatalog           *self,
                                          GBytes              *bytes,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean    ca_catalog_import_finish     (CaCatalog           *self,
                                          GAsyncResult        *result,
                                          GStrv               *names,
                                          GError             **error);
/* Like ca_catalog_add(), at @position (the end when it is past it). An
 * action that has a "modified" date keeps it, so that an action removed
 * and put back (undo) is as it was; one without is stamped. */
gboolean    ca_catalog_insert            (CaCatalog           *self,
                                          guint                position,
                                          CaAction            *action,
                                          GError             **error);

/* Following the file: what another program (or the command line) writes
 * to it replaces the catalog's content in place, in a worker thread then
 * here, with items-changed for the actions that changed only (the others
 * keep their objects). The catalog's own saves are recognised and change
 * nothing. A broken file makes the catalog read-only ("problem" says why)
 * and keeps the actions it had; a good one later makes it writable again.
 * Before it takes a change, the catalog emits "file-changed"; a handler
 * returning TRUE keeps the catalog as it is, to ask the user: then
 * ca_catalog_reload_async() takes the file after all, and doing nothing
 * keeps the catalog's content, which its next save writes over the file.
 * Start it once the catalog is loaded. */
void        ca_catalog_set_following     (CaCatalog           *self,
                                          gboolean             following);
gboolean    ca_catalog_get_following     (CaCatalog           *self);
/* Reads the file again and takes what it holds, as following does. */
void        ca_catalog_reload_async      (CaCatalog           *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean    ca_catalog_reload_finish     (CaCatalog           *self,
                                          GAsyncResult        *result,
                                          GError             **error);

G_END_DECLS
