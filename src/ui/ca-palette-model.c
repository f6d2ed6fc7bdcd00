/* ca-palette-model.c: the actions of a catalog by category, searched
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ca-enums.h"
#include "ca-palette-category.h"
#include "ca-palette-model.h"
#include "ca-search-text.h"

/* The palette is a GtkTreeListModel, in passthrough mode. Its roots are
 * the categories shown (a category is hidden while a search finds nothing
 * in it), each expanding to the actions of the category the search lets
 * through, as slots (see ca-palette-slots.c: a search changes the action
 * a row shows rather than the rows); or, in "recent only", the recent
 * actions themselves.
 *
 * The roots are places, not categories: the first root shows the first
 * category with results, and so on (ca_palette_model_lay_out()). When a
 * search empties the first category, the first root shows the second one
 * and its slots that category's actions: the rows at the top of the list
 * stay and show other things. Were the roots the categories, every row
 * the list view keeps (200 in GTK 4.8) would go and be built again, 25 ms
 * and more for one keystroke on a 10,000-action catalog.
 *
 * A search goes through the actions once and gives each category what it
 * found: through the actions shown when it is stricter than what they
 * show, else through the whole catalog. Up to
 * CA_PALETTE_INCREMENTAL_THRESHOLD actions it does so at once; past that,
 * for at most STEP_USEC at a time in idle time, so that no frame waits for
 * it, the rows showing the last search's results meanwhile (or, when they
 * show nothing yet, as after a load, what it found so far); then the
 * categories take what it found one a step. A change of the catalog (an
 * import is one per action) searches again once it is over.
 *
 * The fold of each category is kept here, not in the tree's rows: a row
 * goes away when a search hides its category, and the fold must survive
 * that, a change of catalog and a restart (the palette keeps it in
 * GSettings through "collapsed-categories"). */
#define N_CATEGORIES 3

struct _CaPaletteModel
{
  GObject             parent_instance;

  CaCatalog          *catalog;
  char               *search_text;
  CaSearchQuery      *query;

  /* Every action of the catalog, in its order (never NULL). */
  GPtrArray          *all_actions;
  /* The actions each category shows (in category_order; never NULL). */
  GPtrArray          *shown[N_CATEGORIES];
  /* The search whose results the categories show, and whether they show
   * all of them (not after a change of the catalog). */
  CaSearchQuery      *shown_query;
  gboolean            shown_complete;
  /* A search under way: the actions it goes through, how far it is, and
   * what it found so far, per category (in category_order). */
  GPtrArray          *job_source;
  guint               job_next;
  GPtrArray          *job_found[N_CATEGORIES];
  /* How many categories were given all the search found. */
  guint               job_shown;
  guint               step_source;
  /* Folding the text of the actions ahead of the searches (see
   * ca_palette_model_prepare_cb()): the next one to fold. */
  guint               prepare_next;
  guint               prepare_source;
  /* The search again once the catalog is done changing. */
  guint               catalog_source;

  GtkFilter          *recent_filter;
  /* The roots that show a category, by place (N_CATEGORIES of them, made
   * once), and the first of them, those in use. */
  GListStore         *places;
  GListStore         *used_places;

  GStrv               recent_names;
  GListStore         *recent;
  GtkFilterListModel *recent_found;

  /* The one model the tree shows at its top: the places in use or
   * the recent actions found. */
  GListStore         *roots;
  GtkTreeListModel   *tree;
  /* The rows of the categories shown, watched for folding. */
  GPtrArray          *category_rows;
  guint               collapsed;   /* 1 << CaCategory for each folded one */

  guint               applying_fold : 1;
  guint               recent_only : 1;
  guint               searching : 1;
};

/* How long a step of a search of a large catalog goes on, and how many
 * actions it looks at between looks at the clock. */
#define STEP_USEC 6000
#define STEP_BATCH 256

enum {
  PROP_0,
  PROP_CATALOG,
  PROP_N_ACTIONS,
  PROP_SEARCH_TEXT,
  PROP_SEARCHING,
  PROP_RECENT_ONLY,
  PROP_RECENT_NAMES,
  PROP_N_RECENT,
  PROP_COLLAPSED_CATEGORIES,
  PROP_MODEL,
  N_PROPS
};

enum {
  RESULTS_CHANGED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (CaPaletteModel, ca_palette_model, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const CaCategory category_order[] = {
  CA_CATEGORY_CHANNEL,
  CA_CATEGORY_CAMPAIGN,
  CA_CATEGORY_CUSTOM,
};

G_STATIC_ASSERT (G_N_ELEMENTS (category_order) == N_CATEGORIES);

static guint
ca_palette_model_category_index (CaCategory category)
{
  for (guint i = 0; i < G_N_ELEMENTS (category_order); i++)
    {
      if (category_order[i] == category)
        return i;
    }

  return N_CATEGORIES - 1;
}

static gboolean
ca_palette_model_recent_match (gpointer item,
                               gpointer user_data)
{
  CaPaletteModel *self = user_data;

  return ca_search_query_match (self->query, item);
}

/* Whether a root shows category @i (in category_order) now. */
static gboolean
ca_palette_model_has_root (CaPaletteModel *self,
                           guint           i)
{
  GListModel *used = G_LIST_MODEL (self->used_places);

  for (guint p = 0; p < g_list_model_get_n_items (used); p++)
    {
      g_autoptr(CaPaletteCategory) place = g_list_model_get_item (used, p);

      if (ca_palette_category_get_category (place) == category_order[i])
        return TRUE;
    }

  return FALSE;
}

/* Whether category @i (in category_order) is to have a root. */
static gboolean
ca_palette_model_category_visible (CaPaletteModel *self,
                                   guint           i)
{
  if (self->shown[i]->len > 0)
    return TRUE;

  /* During a slice-at-a-time search, a category that shows nothing keeps
   * its root while the search goes through the actions (it would
   * otherwise blink out and in), and loses it once the search is through
   * them; one hidden stays hidden until it is given what the search found
   * in it. An empty root coming and going at the top would move every
   * row below it. */
  if (self->job_source != NULL)
    return self->job_next < self->job_source->len && ca_palette_model_has_root (self, i);

  /* Without a search, every category, even one with no action. */
  return self->query == NULL;
}

static void ca_palette_model_apply_fold (CaPaletteModel *self,
                                         gboolean        collapse_only);

/* Gives the roots, in order, the categories to show and their actions;
 * adds or removes roots at the end only. A root that is to be folded is
 * folded before it takes its new actions, one to be unfolded after: its
 * rows change once. */
static void
ca_palette_model_lay_out (CaPaletteModel *self)
{
  GListModel *places = G_LIST_MODEL (self->places);
  guint n_used = g_list_model_get_n_items (G_LIST_MODEL (self->used_places));
  guint n_visible = 0;
  guint visible = 0;

  /* All decided before any root changes: a root's category counts. */
  for (guint i = 0; i < N_CATEGORIES; i++)
    {
      if (ca_palette_model_category_visible (self, i))
        visible |= 1u << i;
    }

  for (guint i = 0; i < N_CATEGORIES; i++)
    {
      g_autoptr(CaPaletteCategory) place = NULL;

      if (!(visible & (1u << i)))
        continue;

      place = g_list_model_get_item (places, n_visible++);
      ca_palette_category_set_category (place, category_order[i]);
    }

  ca_palette_model_apply_fold (self, TRUE);

  for (guint i = 0, p = 0; i < N_CATEGORIES; i++)
    {
      g_autoptr(CaPaletteCategory) place = NULL;

      if (!(visible & (1u << i)))
        continue;

      place = g_list_model_get_item (places, p++);
      ca_palette_category_set_actions (place, g_ptr_array_ref (self->shown[i]));
    }

  if (n_visible < n_used)
    {
      g_list_store_splice (self->used_places, n_visible, n_used - n_visible, NULL, 0);
    }
  else
    {
      for (guint p = n_used; p < n_visible; p++)
        {
          g_autoptr(CaPaletteCategory) place = g_list_model_get_item (places, p);

          g_list_store_append (self->used_places, place);
        }
    }

  ca_palette_model_apply_fold (self, FALSE);

  /* At every step of a long search too: a row may show another action
   * than before, and the selection follows the action, not the row. */
  g_signal_emit (self, signals[RESULTS_CHANGED], 0);
}

static GListModel *
ca_palette_model_create_child_model (gpointer item,
                                     gpointer user_data)
{
  if (CA_IS_PALETTE_CATEGORY (item))
    return g_object_ref (ca_palette_category_get_model (item));

  return NULL;
}

static void
ca_palette_model_set_searching (CaPaletteModel *self,
                                gboolean        searching)
{
  if (searching == self->searching)
    return;

  self->searching = searching;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCHING]);
}

/* Folding ------------------------------------------------------------- */

static void
ca_palette_model_row_expanded_cb (CaPaletteModel *self,
                                  GParamSpec     *pspec,
                                  GtkTreeListRow *row)
{
  g_autoptr(GObject) item = NULL;
  CaCategory category;
  guint bit;

  /* A row the tree dropped (its category hidden by a search) says it is
   * no longer expanded: that is no fold. */
  if (self->applying_fold || !gtk_tree_list_row_is_expandable (row))
    return;

  item = gtk_tree_list_row_get_item (row);
  if (!CA_IS_PALETTE_CATEGORY (item))
    return;

  category = ca_palette_category_get_category (CA_PALETTE_CATEGORY (item));
  bit = 1u << category;

  if (gtk_tree_list_row_get_expanded (row) == !(self->collapsed & bit))
    return;

  self->collapsed ^= bit;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLLAPSED_CATEGORIES]);
}

/* Folds and unfolds the roots as their categories are (only folds, when
 * @collapse_only). */
static void
ca_palette_model_apply_fold (CaPaletteModel *self,
                             gboolean        collapse_only)
{
  for (guint i = 0; i < self->category_rows->len; i++)
    {
      GtkTreeListRow *row = g_ptr_array_index (self->category_rows, i);
      g_autoptr(CaPaletteCategory) category = gtk_tree_list_row_get_item (row);
      gboolean expanded;

      if (category == NULL)
        continue;

      expanded = !(self->collapsed & (1u << ca_palette_category_get_category (category)));
      if (gtk_tree_list_row_get_expanded (row) != expanded && !(collapse_only && expanded))
        {
          self->applying_fold = TRUE;
          gtk_tree_list_row_set_expanded (row, expanded);
          self->applying_fold = FALSE;
        }
    }
}

/* After the tree has taken a change of its roots: watch the rows of the
 * categories now shown, and fold or unfold them as they were. */
static void
ca_palette_model_roots_changed_cb (CaPaletteModel *self,
                                   guint           position,
                                   guint           removed,
                                   guint           added,
                                   GListModel     *roots)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_roots = g_list_model_get_n_items (roots);

  for (guint i = 0; i < n_roots; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (roots, i);
      GtkTreeListRow *row;

      if (!CA_IS_PALETTE_CATEGORY (item))
        continue;

      /* Held, so that the tree keeps this very row while the category
       * is shown. */
      row = gtk_tree_list_model_get_child_row (self->tree, i);
      if (!g_ptr_array_find (self->category_rows, row, NULL))
        g_signal_connect_object (row,
                                 "notify::expanded",
                                 G_CALLBACK (ca_palette_model_row_expanded_cb),
                                 self,
                                 G_CONNECT_SWAPPED);
      g_ptr_array_add (rows, row);
    }

  for (guint i = 0; i < self->category_rows->len; i++)
    {
      GtkTreeListRow *row = g_ptr_array_index (self->category_rows, i);

      if (!g_ptr_array_find (rows, row, NULL))
        g_signal_handlers_disconnect_by_func (row, ca_palette_model_row_expanded_cb, self);
    }

  g_ptr_array_unref (self->category_rows);
  self->category_rows = g_steal_pointer (&rows);

  ca_palette_model_apply_fold (self, FALSE);
}

/* Recent actions ------------------------------------------------------ */

static void
ca_palette_model_update_recent (CaPaletteModel *self)
{
  CaAction *found[CA_PALETTE_N_RECENT];
  guint n_found = 0;
  guint n_before = g_list_model_get_n_items (G_LIST_MODEL (self->recent));
  gboolean same;

  for (guint i = 0;
       self->catalog != NULL && self->recent_names != NULL &&
       self->recent_names[i] != NULL && n_found < G_N_ELEMENTS (found);
       i++)
    {
      CaAction *action = ca_catalog_lookup (self->catalog, self->recent_names[i]);
      gboolean seen = FALSE;

      for (guint j = 0; j < n_found && !seen; j++)
        seen = found[j] == action;

      /* Names of actions that are gone are passed over. */
      if (action != NULL && !seen)
        found[n_found++] = action;
    }

  same = n_found == n_before;
  for (guint i = 0; same && i < n_found; i++)
    {
      g_autoptr(CaAction) shown = g_list_model_get_item (G_LIST_MODEL (self->recent), i);

      same = shown == found[i];
    }

  if (same)
    return;

  g_list_store_splice (self->recent, 0, n_before, (gpointer *)found, n_found);

  if (n_found != n_before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RECENT]);
}

/* Searching ----------------------------------------------------------- */

static void
ca_palette_model_clear_job (CaPaletteModel *self)
{
  /* Given to some categories only: they show results of two searches. */
  if (self->job_shown > 0)
    self->shown_complete = FALSE;
  self->job_shown = 0;

  g_clear_pointer (&self->job_source, g_ptr_array_unref);
  for (guint i = 0; i < N_CATEGORIES; i++)
    g_clear_pointer (&self->job_found[i], g_ptr_array_unref);
  self->job_next = 0;
}

static gpointer
ca_palette_model_ref_action (gconstpointer action,
                             gpointer      user_data)
{
  return g_object_ref ((gpointer)action);
}

/* A new search for self->query, in place of any under way: through the
 * actions shown when it can only find fewer, else through the catalog. */
static void
ca_palette_model_start_job (CaPaletteModel *self)
{
  ca_palette_model_clear_job (self);

  if (self->shown_complete && ca_search_query_implies (self->query, self->shown_query))
    {
      self->job_source = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < N_CATEGORIES; i++)
        g_ptr_array_extend (self->job_source, self->shown[i], ca_palette_model_ref_action, NULL);
    }
  else
    {
      self->job_source = g_ptr_array_ref (self->all_actions);
    }

  for (guint i = 0; i < N_CATEGORIES; i++)
    self->job_found[i] = g_ptr_array_new_with_free_func (g_object_unref);
}

/* Goes on with the search until @deadline; whether there is more to do. */
static gboolean
ca_palette_model_step (CaPaletteModel *self,
                       gint64          deadline)
{
  GPtrArray *source = self->job_source;

  while (self->job_next < source->len)
    {
      guint end = MIN (source->len, self->job_next + STEP_BATCH);

      for (; self->job_next < end; self->job_next++)
        {
          CaAction *action = g_ptr_array_index (source, self->job_next);

          if (ca_search_query_match (self->query, action))
            g_ptr_array_add (self->job_found[ca_palette_model_category_index (ca_action_get_category (action))],
                             g_object_ref (action));
        }

      if (g_get_monotonic_time () >= deadline)
        break;
    }

  return self->job_next < source->len;
}

static gboolean
ca_palette_model_shows_nothing (CaPaletteModel *self)
{
  for (guint i = 0; i < N_CATEGORIES; i++)
    {
      if (self->shown[i]->len > 0)
        return FALSE;
    }

  return TRUE;
}

/* Category @i (in category_order) is to show all the search found. */
static void
ca_palette_model_take_category_found (CaPaletteModel *self,
                                      guint           i)
{
  g_ptr_array_unref (self->shown[i]);
  self->shown[i] = g_steal_pointer (&self->job_found[i]);
}

/* Shows what the search found so far, while it goes on. */
static void
ca_palette_model_show_found (CaPaletteModel *self)
{
  for (guint i = 0; i < N_CATEGORIES; i++)
    {
      g_ptr_array_unref (self->shown[i]);
      self->shown[i] = g_ptr_array_copy (self->job_found[i], ca_palette_model_ref_action, NULL);
    }

  ca_palette_model_lay_out (self);
}

static void
ca_palette_model_finish_job (CaPaletteModel *self)
{
  for (; self->job_shown < N_CATEGORIES; self->job_shown++)
    ca_palette_model_take_category_found (self, self->job_shown);
  self->job_shown = 0;
  ca_palette_model_clear_job (self);

  g_clear_pointer (&self->shown_query, ca_search_query_unref);
  self->shown_query = self->query ? ca_search_query_ref (self->query) : NULL;
  self->shown_complete = TRUE;

  /* The search over: the categories that found nothing go. */
  ca_palette_model_lay_out (self);
  ca_palette_model_set_searching (self, FALSE);
}

static gboolean
ca_palette_model_step_cb (gpointer user_data)
{
  CaPaletteModel *self = user_data;

  if (self->job_next < self->job_source->len)
    {
      if (ca_palette_model_step (self, g_get_monotonic_time () + STEP_USEC) &&
          ca_palette_model_shows_nothing (self))
        ca_palette_model_show_found (self);

      /* All found: the categories take it in the next steps. */
      return G_SOURCE_CONTINUE;
    }

  /* One category a step: each may be a large change of the rows. */
  if (self->job_shown + 1 < N_CATEGORIES)
    {
      ca_palette_model_take_category_found (self, self->job_shown++);
      ca_palette_model_lay_out (self);
      return G_SOURCE_CONTINUE;
    }

  self->step_source = 0;
  ca_palette_model_finish_job (self);

  return G_SOURCE_REMOVE;
}

/* Runs the search started: at once for a small catalog, else a step at a
 * time (the first one at once when nothing is shown yet, so that the
 * first rows come with the first frame). */
static void
ca_palette_model_run (CaPaletteModel *self)
{
  if (self->all_actions->len < CA_PALETTE_INCREMENTAL_THRESHOLD)
    {
      g_clear_handle_id (&self->step_source, g_source_remove);
      ca_palette_model_step (self, G_MAXINT64);
      ca_palette_model_finish_job (self);
      return;
    }

  if (ca_palette_model_shows_nothing (self) &&
      ca_palette_model_step (self, g_get_monotonic_time () + STEP_USEC))
    ca_palette_model_show_found (self);

  if (self->step_source == 0)
    {
      /* Between frames: the frame clock's sources come first. */
      self->step_source = g_idle_add (ca_palette_model_step_cb, self);
      g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->step_source),
                                "[ca] palette search step");
    }

  ca_palette_model_set_searching (self, TRUE);
  ca_palette_model_lay_out (self);
}

/* The catalog --------------------------------------------------------- */

/* A search folds the accented text of an action the first time it looks
 * at it, and a first search of a large catalog meets thousands: ten of
 * milliseconds in one keystroke. Folded while nothing else happens, it
 * costs the keystroke nothing. */
static gboolean
ca_palette_model_prepare_cb (gpointer user_data)
{
  CaPaletteModel *self = user_data;
  gint64 deadline = g_get_monotonic_time () + STEP_USEC;

  while (self->prepare_next < self->all_actions->len)
    {
      guint end = MIN (self->all_actions->len, self->prepare_next + STEP_BATCH);

      for (; self->prepare_next < end; self->prepare_next++)
        ca_search_text_prepare_action (g_ptr_array_index (self->all_actions, self->prepare_next));

      if (g_get_monotonic_time () >= deadline)
        return G_SOURCE_CONTINUE;
    }

  self->prepare_source = 0;
  return G_SOURCE_REMOVE;
}

static void
ca_palette_model_prepare_from (CaPaletteModel *self,
                               guint           first)
{
  self->prepare_next = MIN (self->prepare_next, first);
  if (self->prepare_source == 0 && self->prepare_next < self->all_actions->len)
    {
      self->prepare_source = g_idle_add_full (G_PRIORITY_LOW, ca_palette_model_prepare_cb, self, NULL);
      g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->prepare_source),
                                "[ca] palette search folding");
    }
}

static gboolean
ca_palette_model_catalog_settled_cb (gpointer user_data)
{
  CaPaletteModel *self = user_data;

  self->catalog_source = 0;
  ca_palette_model_start_job (self);
  ca_palette_model_run (self);

  return G_SOURCE_REMOVE;
}

/* The catalog changes an action at a time (an import of 100,000 actions
 * is as many changes): the list of its actions follows each change, the
 * search goes again once, after the last one, and before the next frame. */
static void
ca_palette_model_catalog_changed_cb (CaPaletteModel *self,
                                     guint           position,
                                     guint           removed,
                                     guint           added,
                                     CaCatalog      *catalog)
{
  g_ptr_array_remove_range (self->all_actions, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (self->all_actions, position + i,
                        g_list_model_get_item (G_LIST_MODEL (catalog), position + i));

  /* What is shown may be of actions gone. */
  self->shown_complete = FALSE;
  ca_palette_model_prepare_from (self, position);

  if (self->catalog_source == 0)
    {
      self->catalog_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, ca_palette_model_catalog_settled_cb, self, NULL);
      g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->catalog_source),
                                "[ca] palette catalog changed");
    }
  ca_palette_model_set_searching (self, TRUE);

  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ACTIONS]);

  ca_palette_model_update_recent (self);
}

static void
ca_palette_model_rebuild (CaPaletteModel *self)
{
  g_clear_handle_id (&self->step_source, g_source_remove);
  g_clear_handle_id (&self->catalog_source, g_source_remove);
  ca_palette_model_clear_job (self);

  /* Nothing of the last catalog is shown: the roots take these (new
   * arrays: the roots hold the old ones until then). */
  for (guint i = 0; i < N_CATEGORIES; i++)
    {
      g_ptr_array_unref (self->shown[i]);
      self->shown[i] = g_ptr_array_new_with_free_func (g_object_unref);
    }

  g_ptr_array_set_size (self->all_actions, 0);
  for (guint i = 0; self->catalog && i < g_list_model_get_n_items (G_LIST_MODEL (self->catalog)); i++)
    g_ptr_array_add (self->all_actions, g_list_model_get_item (G_LIST_MODEL (self->catalog), i));
  self->shown_complete = FALSE;
  self->prepare_next = G_MAXUINT;
  ca_palette_model_prepare_from (self, 0);

  ca_palette_model_start_job (self);
  ca_palette_model_run (self);
  ca_palette_model_update_recent (self);
}

/* GObject ------------------------------------------------------------- */

static void
ca_palette_model_dispose (GObject *object)
{
  CaPaletteModel *self = (CaPaletteModel *)object;

  g_clear_handle_id (&self->step_source, g_source_remove);
  g_clear_handle_id (&self->prepare_source, g_source_remove);
  g_clear_handle_id (&self->catalog_source, g_source_remove);

  if (self->category_rows != NULL)
    {
      for (guint i = 0; i < self->category_rows->len; i++)
        g_signal_handlers_disconnect_by_func (g_ptr_array_index (self->category_rows, i),
                                              ca_palette_model_row_expanded_cb,
                                              self);
      g_clear_pointer (&self->category_rows, g_ptr_array_unref);
    }

  g_clear_object (&self->tree);
  g_clear_object (&self->roots);
  g_clear_object (&self->recent_found);
  g_clear_object (&self->recent);
  g_clear_object (&self->used_places);
  g_clear_object (&self->places);
  ca_palette_model_clear_job (self);
  g_ptr_array_set_size (self->all_actions, 0);
  g_clear_object (&self->recent_filter);
  if (self->catalog != NULL)
    g_signal_handlers_disconnect_by_func (self->catalog, ca_palette_model_catalog_changed_cb, self);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (ca_palette_model_parent_class)->dispose (object);
}

static void
ca_palette_model_finalize (GObject *object)
{
  CaPaletteModel *self = (CaPaletteModel *)object;

  g_clear_pointer (&self->search_text, g_free);
  g_clear_pointer (&self->query, ca_search_query_unref);
  g_clear_pointer (&self->shown_query, ca_search_query_unref);
  g_clear_pointer (&self->recent_names, g_strfreev);
  g_clear_pointer (&self->all_actions, g_ptr_array_unref);
  for (guint i = 0; i < N_CATEGORIES; i++)
    g_clear_pointer (&self->shown[i], g_ptr_array_unref);

  G_OBJECT_CLASS (ca_palette_model_parent_class)->finalize (object);
}

static void
ca_palette_model_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CaPaletteModel *self = CA_PALETTE_MODEL (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;

    case PROP_N_ACTIONS:
      g_value_set_uint (value, self->all_actions->len);
      break;

    case PROP_SEARCH_TEXT:
      g_value_set_string (value, self->search_text);
      break;

    case PROP_SEARCHING:
      g_value_set_boolean (value, self->searching);
      break;

    case PROP_RECENT_ONLY:
      g_value_set_boolean (value, self->recent_only);
      break;

    case PROP_RECENT_NAMES:
      g_value_set_boxed (value, self->recent_names);
      break;

    case PROP_N_RECENT:
      g_value_set_uint (value, ca_palette_model_get_n_recent (self));
      break;

    case PROP_COLLAPSED_CATEGORIES:
      g_value_take_boxed (value, ca_palette_model_dup_collapsed (self));
      break;

    case PROP_MODEL:
      g_value_set_object (value, self->tree);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_palette_model_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CaPaletteModel *self = CA_PALETTE_MODEL (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      ca_palette_model_set_catalog (self, g_value_get_object (value));
      break;

    case PROP_SEARCH_TEXT:
      ca_palette_model_set_search_text (self, g_value_get_string (value));
      break;

    case PROP_RECENT_ONLY:
      ca_palette_model_set_recent_only (self, g_value_get_boolean (value));
      break;

    case PROP_RECENT_NAMES:
      ca_palette_model_set_recent_names (self, g_value_get_boxed (value));
      break;

    case PROP_COLLAPSED_CATEGORIES:
      ca_palette_model_set_collapsed (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_palette_model_class_init (CaPaletteModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ca_palette_model_dispose;
  object_class->finalize = ca_palette_model_finalize;
  object_class->get_property = ca_palette_model_get_property;
  object_class->set_property = ca_palette_model_set_property;

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL,
                         CA_TYPE_CATALOG,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_N_ACTIONS] =
    g_param_spec_uint ("n-actions", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SEARCH_TEXT] =
    g_param_spec_string ("search-text", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SEARCHING] =
    g_param_spec_boolean ("searching", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_RECENT_ONLY] =
    g_param_spec_boolean ("recent-only", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_RECENT_NAMES] =
    g_param_spec_boxed ("recent-names", NULL, NULL,
                        G_TYPE_STRV,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_N_RECENT] =
    g_param_spec_uint ("n-recent", NULL, NULL,
                       0, CA_PALETTE_N_RECENT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_COLLAPSED_CATEGORIES] =
    g_param_spec_boxed ("collapsed-categories", NULL, NULL,
                        G_TYPE_STRV,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         GTK_TYPE_TREE_LIST_MODEL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CaPaletteModel::results-changed:
   *
   * A search, a step of a long one, or a change of the catalog has
   * changed the actions the categories show; the rows may show other
   * actions than before.
   */
  signals[RESULTS_CHANGED] =
    g_signal_new ("results-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);
}

static void
ca_palette_model_init (CaPaletteModel *self)
{
  GtkFlattenListModel *roots;

  self->all_actions = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < N_CATEGORIES; i++)
    self->shown[i] = g_ptr_array_new_with_free_func (g_object_unref);
  self->recent_filter =
    GTK_FILTER (gtk_custom_filter_new (ca_palette_model_recent_match, self, NULL));
  self->places = g_list_store_new (CA_TYPE_PALETTE_CATEGORY);
  for (guint i = 0; i < N_CATEGORIES; i++)
    {
      g_autoptr(CaPaletteCategory) place = ca_palette_category_new (category_order[i]);

      g_list_store_append (self->places, place);
    }
  self->used_places = g_list_store_new (CA_TYPE_PALETTE_CATEGORY);

  self->recent = g_list_store_new (CA_TYPE_ACTION);
  self->recent_found =
    gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->recent)),
                               g_object_ref (self->recent_filter));

  self->roots = g_list_store_new (G_TYPE_LIST_MODEL);
  g_list_store_append (self->roots, self->used_places);
  roots = gtk_flatten_list_model_new (g_object_ref (G_LIST_MODEL (self->roots)));

  self->category_rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->tree = gtk_tree_list_model_new (G_LIST_MODEL (roots),
                                        TRUE,
                                        FALSE,
                                        ca_palette_model_create_child_model,
                                        NULL, NULL);
  /* After the tree, which connected first. */
  g_signal_connect_object (roots,
                           "items-changed",
                           G_CALLBACK (ca_palette_model_roots_changed_cb),
                           self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  ca_palette_model_rebuild (self);
}

CaPaletteModel *
ca_palette_model_new (void)
{
  return g_object_new (CA_TYPE_PALETTE_MODEL, NULL);
}

/**
 * ca_palette_model_get_catalog:
 *
 * Returns: (transfer none) (nullable): the catalog listed
 */
CaCatalog *
ca_palette_model_get_catalog (CaPaletteModel *self)
{
  g_return_val_if_fail (CA_IS_PALETTE_MODEL (self), NULL);

  return self->catalog;
}

void
ca_palette_model_set_catalog (CaPaletteModel *self,
                              CaCatalog      *catalog)
{
  guint n_actions;

  g_return_if_fail (CA_IS_PALETTE_MODEL (self));
  g_return_if_fail (!catalog || CA_IS_CATALOG (catalog));

  if (self->catalog == catalog)
    return;

  if (self->catalog != NULL)
    g_signal_handlers_disconnect_by_func (self->catalog, ca_palette_model_catalog_changed_cb, self);

  g_set_object (&self->catalog, catalog);

  if (catalog != NULL)
    g_signal_connect_object (catalog,
                             "items-changed",
                             G_CALLBACK (ca_palette_model_catalog_changed_cb),
                             self,
                             G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  n_actions = self->all_actions->len;
  ca_palette_model_rebuild (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOG]);
  if (n_actions != self->all_actions->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ACTIONS]);
}

guint
ca_palette_model_get_n_actions (CaPaletteModel *self)
{
  g_return_val_if_fail (CA_IS_PALETTE_MODEL (self), 0);

  return self->all_actions->len;
}

const char *
ca_palette_model_get_search_text (CaPaletteModel *self)
{
  g_return_val_if_fail (CA_IS_PALETTE_MODEL (self), NULL);

  return self->search_text ? self->search_text : "";
}

void
ca_palette_model_set_search_text (CaPaletteModel *self,
                                  const char     *search_text)
{
  g_autoptr(CaSearchQuery) old_query = NULL;
  gboolean stricter;
  gboolean looser;

  g_return_if_fail (CA_IS_PALETTE_MODEL (self));

  if (search_text != NULL && search_text[0] == '\0')
    search_text = NULL;

  if (g_strcmp0 (search_text, self->search_text) == 0)
    return;

  g_free (self->search_text);
  self->search_text = g_strdup (search_text);

  old_query = g_steal_pointer (&self->query);
  self->query = ca_search_query_new (search_text);

  stricter = ca_search_query_implies (self->query, old_query);
  looser = ca_search_query_implies (old_query, self->query);

  /* Both: the same words, spaced otherwise; nothing to filter again. */
  if (!stricter || !looser)
    {
      gtk_filter_changed (self->recent_filter,
                          stricter ? GTK_FILTER_CHANGE_MORE_STRICT :
                          looser ? GTK_FILTER_CHANGE_LESS_STRICT :
                          GTK_FILTER_CHANGE_DIFFERENT);

      ca_palette_model_start_job (self);
      ca_palette_model_run (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_TEXT]);
}

gboolean
ca_palette_model_get_searching (CaPaletteModel *self)
{
  g_return_val_if_fail (CA_IS_PALETTE_MODEL (self), FALSE);

  return self->searching;
}

gboolean
ca_palette_model_get_recent_only (CaPaletteModel *self)
{
  g_return_val_if_fail (CA_IS_PALETTE_MODEL (self), FALSE);

  return self->recent_only;
}

void
ca_palette_model_set_recent_only (CaPaletteModel *self,
                                  gboolean        recent_only)
{
  GListModel *shown;

  g_return_if_fail (CA_IS_PALETTE_MODEL (self));

  recent_only = !!recent_only;
  if (recent_only == self->recent_only)
    return;

  self->recent_only = recent_only;
  shown = recent_only ? G_LIST_MODEL (self->recent_found) : G_LIST_MODEL (self->used_places);

  /* Out, then in: an action in both would otherwise keep its widget,
   * indented as under a category. */
  g_list_store_remove (self->roots, 0);
  g_list_store_append (self->roots, shown);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECENT_ONLY]);
}

/**
 * ca_palette_model_get_recent_names:
 *
 * Returns: (transfer none) (nullable): the names of the actions used last
 */
const char * const *
ca_palette_model_get_recent_names (CaPaletteModel *self)
{
  g_return_val_if_fail (CA_IS_PALETTE_MODEL (self), NULL);

  return (const char * const *)self->recent_names;
}

void
ca_palette_model_set_recent_names (CaPaletteModel     *self,
                                   const char * const *names)
{
  g_return_if_fail (CA_IS_PALETTE_MODEL (self));

  if (names != NULL && names[0] == NULL)
    names = NULL;

  if ((names == NULL && self->recent_names == NULL) ||
      (names != NULL && self->recent_names != NULL &&
       g_strv_equal (names, (const char * const *)self->recent_names)))
    return;

  g_strfreev (self->recent_names);
  self->recent_names = g_strdupv ((char **)names);
  ca_palette_model_update_recent (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECENT_NAMES]);
}

guint
ca_palette_model_get_n_recent (CaPaletteModel *self)
{
  g_return_val_if_fail (CA_IS_PALETTE_MODEL (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->recent));
}

/**
 * ca_palette_model_dup_collapsed:
 *
 * Returns: (transfer full): the names of the folded categories
 */
GStrv
ca_palette_model_dup_collapsed (CaPaletteModel *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (CA_IS_PALETTE_MODEL (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (category_order); i++)
    {
      if (self->collapsed & (1u << category_order[i]))
        g_strv_builder_add (builder, ca_enum_to_nick (CA_TYPE_CATEGORY, category_order[i]));
    }

  return g_strv_builder_end (builder);
}

void
ca_palette_model_set_collapsed (CaPaletteModel     *self,
                                const char * const *nicks)
{
  guint collapsed = 0;

  g_return_if_fail (CA_IS_PALETTE_MODEL (self));

  for (guint i = 0; i < G_N_ELEMENTS (category_order); i++)
    {
      const char *nick = ca_enum_to_nick (CA_TYPE_CATEGORY, category_order[i]);

      if (nicks != NULL && g_strv_contains (nicks, nick))
        collapsed |= 1u << category_order[i];
    }

  if (collapsed == self->collapsed)
    return;

  self->collapsed = collapsed;
  ca_palette_model_apply_fold (self, FALSE);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLLAPSED_CATEGORIES]);
}

gboolean
ca_palette_model_get_expanded (CaPaletteModel *self,
                               CaCategory      category)
{
  g_return_val_if_fail (CA_IS_PALETTE_MODEL (self), FALSE);
  g_return_val_if_fail (category <= CA_CATEGORY_CUSTOM, FALSE);

  return !(self->collapsed & (1u << category));
}

void
ca_palette_model_set_expanded (CaPaletteModel *self,
                               CaCategory      category,
                               gboolean        expanded)
{
  guint collapsed;

  g_return_if_fail (CA_IS_PALETTE_MODEL (self));
  g_return_if_fail (category <= CA_CATEGORY_CUSTOM);

  collapsed = expanded ? self->collapsed & ~(1u << category) : self->collapsed | (1u << category);
  if (collapsed == self->collapsed)
    return;

  self->collapsed = collapsed;
  ca_palette_model_apply_fold (self, FALSE);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLLAPSED_CATEGORIES]);
}

/**
 * ca_palette_model_get_model:
 *
 * Returns: (transfer none): the rows of the palette
 */
GtkTreeListModel *
ca_palette_model_get_model (CaPaletteModel *self)
{
  g_return_val_if_fail (CA_IS_PALETTE_MODEL (self), NULL);

  return self->tree;
}

gboolean
ca_palette_model_find_action (CaPaletteModel *self,
                              CaAction       *action,
                              guint          *position)
{
  GListModel *roots;
  guint n_roots;

  g_return_val_if_fail (CA_IS_PALETTE_MODEL (self), FALSE);
  g_return_val_if_fail (CA_IS_ACTION (action), FALSE);

  roots = gtk_tree_list_model_get_model (self->tree);
  n_roots = g_list_model_get_n_items (roots);

  for (guint i = 0; i < n_roots; i++)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_child_row (self->tree, i);
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);
      guint index;

      if (item == (GObject *)action)
        {
          if (position != NULL)
            *position = gtk_tree_list_row_get_position (row);

          return TRUE;
        }

      if (!CA_IS_PALETTE_CATEGORY (item) ||
          ca_palette_category_get_category (CA_PALETTE_CATEGORY (item)) != ca_action_get_category (action))
        continue;

      if (!gtk_tree_list_row_get_expanded (row))
        return FALSE;

      if (ca_palette_category_find_action (CA_PALETTE_CATEGORY (item), action, &index))
        {
          g_autoptr(GtkTreeListRow) child = gtk_tree_list_row_get_child_row (row, index);

          if (child == NULL)
            return FALSE;

          if (position != NULL)
            *position = gtk_tree_list_row_get_position (child);

          return TRUE;
        }

      return FALSE;
    }

  return FALSE;
}
