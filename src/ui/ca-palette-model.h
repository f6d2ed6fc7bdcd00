/* ca-palette-model.h: the actions of a catalog by category, searched
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ca-catalog.h"

G_BEGIN_DECLS

/* How many recent actions the palette keeps. */
#define CA_PALETTE_N_RECENT 5

/* From this many actions on, a search goes through them a slice at a
 * time between frames instead of all at once. */
#define CA_PALETTE_INCREMENTAL_THRESHOLD 20000

#define CA_TYPE_PALETTE_MODEL (ca_palette_model_get_type ())

G_DECLARE_FINAL_TYPE (CaPaletteModel, ca_palette_model, CA, PALETTE_MODEL, GObject)

CaPaletteModel     *ca_palette_model_new                  (void);
CaCatalog          *ca_palette_model_get_catalog          (CaPaletteModel     *self);
void                ca_palette_model_set_catalog          (CaPaletteModel     *self,
                                                           CaCatalog          *catalog);
/* How many actions the catalog has. */
guint               ca_palette_model_get_n_actions        (CaPaletteModel     *self);
const char         *ca_palette_model_get_search_text      (CaPaletteModel     *self);
void                ca_palette_model_set_search_text      (CaPaletteModel     *self,
                                                           const char         *search_text);
/* Whether a search is still going through the actions (large catalogs
 * are searched a slice at a time). */
gboolean            ca_palette_model_get_searching        (CaPaletteModel     *self);

/* Recent only: the rows are the recent actions that exist and match the
 * search, most recent first, without categories. */
gboolean            ca_palette_model_get_recent_only      (CaPaletteModel     *self);
void                ca_palette_model_set_recent_only      (CaPaletteModel     *self,
                                                           gboolean            recent_only);
/* The names of the actions used last, most recent first. */
const char * const *ca_palette_model_get_recent_names     (CaPaletteModel     *self);
void                ca_palette_model_set_recent_names     (CaPaletteModel     *self,
                                                           const char * const *names);
/* How many of the recent names are actions of the catalog. */
guint               ca_palette_model_get_n_recent         (CaPaletteModel     *self);

/* The folded categories, by their names in the file format ("channel",
 * "campaign", "custom"). Folding a row notifies "collapsed-categories". */
GStrv               ca_palette_model_dup_collapsed        (CaPaletteModel     *self);
void                ca_palette_model_set_collapsed        (CaPaletteModel     *self,
                                                           const char * const *nicks);
gboolean            ca_palette_model_get_expanded         (CaPaletteModel     *self,
                                                           CaCategory          category);
void                ca_palette_model_set_expanded         (CaPaletteModel     *self,
                                                           CaCategory          category,
                                                           gboolean            expanded);

/* The rows of the palette, in passthrough mode: the #CaPaletteCategory
 * (depth 0) and the #CaAction under them (depth 1), or the recent
 * #CaAction (depth 0); gtk_tree_list_model_get_row() gives the tree's
 * row of each. */
GtkTreeListModel   *ca_palette_model_get_model            (CaPaletteModel     *self);
/* Where @action's row is, when it is shown (its category is unfolded and
 * it passes the search). */
gboolean            ca_palette_model_find_action          (CaPaletteModel     *self,
                                                           CaAction           *action,
                                                           guint              *position);

G_END_DECLS
