/* ca-palette-model.c: the actions of a catalog by category, searched
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ca-enums.h"
#include "ca-palette-category.h"
#include "ca-palette-model.h"
#include "ca-search-text.h"

/* The palette is a GtkTreeListModel, in passthrough mode: its items are
 * the categories and the actions themselves, so that the list view keeps
 * the widget of an action that a search moves (GTK 4.8 matches widgets to
 * items by pointer; the tree's rows are new objects after each search).
 * Its roots are the three categories (hidden while a search finds nothing
 * in them), each expanding to the actions of the category the search lets
 * through (see CaPaletteCategory); or, in "recent only", the recent
 * actions themselves. The categories shown are a list changed one category
 * at a time, so a category that stays keeps its rows.
 *
 * The catalog is cut into segments of SEGMENT_SIZE actions (one
 * GtkSliceListModel each, shared by the three categories, each of which
 * filters it with a GtkFilterListModel of its own). A search tells each
 * segment whether it is stricter or looser than the last, so typing only
 * looks again at the actions that could change. Up to
 * CA_PALETTE_INCREMENTAL_THRESHOLD actions, it goes through every segment
 * at once; past that, a few segments at a time in idle time, so that no
 * frame waits for more than a step (a bounded change of the rows), and
 * the rows not searched yet show the last search's results meanwhile.
 * Segments for new actions of a large catalog are made the same way.
 *
 * The fold of each category is kept here, not in the tree's rows: a row
 * goes away when a search hides its category, and the fold must survive
 * that, a change of catalog and a restart (the palette keeps it in
 * GSettings through "collapsed-categories"). */
struct _CaPaletteModel
{
  GObject             parent_instance;

  CaCatalog          *catalog;
  guint               n_actions;
  char               *search_text;
  CaSearchQuery      *query;

  /* GtkSliceListModel of the catalog, per segment */
  GPtrArray          *slices;
  /* A search of the segments there were when it began: how many, and how
   * many of them it has gone through (see ca_palette_model_step()). */
  guint               search_total;
  guint               search_done;
  guint               step_source;

  GtkFilter          *recent_filter;
  GListStore         *categories;
  GListStore         *visible_categories;

  GStrv               recent_names;
  GListStore         *recent;
  GtkFilterListModel *recent_found;

  /* The one model the tree shows at its top: the visible categories or
   * the recent actions found. */
  GListStore         *roots;
  GtkTreeListModel   *tree;
  /* The rows of the categories shown, watched for folding. */
  GPtrArray          *category_rows;
  guint               collapsed;   /* 1 << CaCategory for each folded one */

  guint               refilter_categories_source;
  guint               in_search : 1;
  guint               applying_fold : 1;
  guint               recent_only : 1;
  guint               searching : 1;
};

/* Actions per segment. A step searches (or makes) segments for at most
 * STEP_USEC of CPU time, at least one. */
#define SEGMENT_SIZE 4096
#define STEP_USEC 6000

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

G_DEFINE_FINAL_TYPE (CaPaletteModel, ca_palette_model, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static const CaCategory category_order[] = {
  CA_CATEGORY_CHANNEL,
  CA_CATEGORY_CAMPAIGN,
  CA_CATEGORY_CUSTOM,
};

static gboolean
ca_palette_model_recent_match (gpointer item,
                               gpointer user_data)
{
  CaPaletteModel *self = user_data;

  return ca_search_query_match (self->query, item);
}

static gboolean
ca_palette_model_category_visible (CaPaletteModel    *self,
                                   CaPaletteCategory *category)
{
  /* While a slice-at-a-time search is under way, a category that has
   * found nothing yet stays: it would otherwise blink out and in. */
  return self->query == NULL ||
         ca_palette_category_get_count (category) > 0 ||
         self->searching;
}

/* Adds and removes categories one at a time: the others keep their rows
 * (and their fold). */
static void
ca_palette_model_update_visible_categories (CaPaletteModel *self)
{
  GListModel *all = G_LIST_MODEL (self->categories);
  GListModel *shown = G_LIST_MODEL (self->visible_categories);
  guint n_all = g_list_model_get_n_items (all);
  guint position = 0;

  for (guint i = 0; i < n_all; i++)
    {
      g_autoptr(CaPaletteCategory) category = g_list_model_get_item (all, i);
      g_autoptr(CaPaletteCategory) at = g_list_model_get_item (shown, position);
      gboolean visible = ca_palette_model_category_visible (self, category);

      if (at == category && !visible)
        g_list_store_remove (self->visible_categories, position);
      else if (at == category)
        position++;
      else if (visible)
        g_list_store_insert (self->visible_categories, position++, category);
    }
}

static GListModel *
ca_palette_model_create_child_model (gpointer item,
                                     gpointer user_data)
{
  if (CA_IS_PALETTE_CATEGORY (item))
    return g_object_ref (ca_palette_category_get_model (item));

  return NULL;
}

static gboolean
ca_palette_model_refilter_categories_cb (gpointer user_data)
{
  CaPaletteModel *self = user_data;

  self->refilter_categories_source = 0;
  ca_palette_model_update_visible_categories (self);

  return G_SOURCE_REMOVE;
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

static void
ca_palette_model_category_changed_cb (CaPaletteModel    *self,
                                      GParamSpec        *pspec,
                                      CaPaletteCategory *category)
{
  /* A search refilters the categories itself once it has started. What
   * comes later (a slice-at-a-time search going on, a change of the
   * catalog) arrives in the middle of an items-changed emission of the
   * very model the tree is listening to: refilter after it. */
  if (self->in_search)
    return;

  if (self->refilter_categories_source == 0)
    self->refilter_categories_source =
      g_idle_add_full (G_PRIORITY_HIGH_IDLE,
                       ca_palette_model_refilter_categories_cb,
                       self, NULL);
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

static void
ca_palette_model_apply_fold (CaPaletteModel *self)
{
  for (guint i = 0; i < self->category_rows->len; i++)
    {
      GtkTreeListRow *row = g_ptr_array_index (self->category_rows, i);
      g_autoptr(CaPaletteCategory) category = gtk_tree_list_row_get_item (row);
      gboolean expanded;

      if (category == NULL)
        continue;

      expanded = !(self->collapsed & (1u << ca_palette_category_get_category (category)));
      if (gtk_tree_list_row_get_expanded (row) != expanded)
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

  ca_palette_model_apply_fold (self);
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

/* The catalog --------------------------------------------------------- */

/* Segments and searching ---------------------------------------------- */

static guint
ca_palette_model_n_segments_needed (CaPaletteModel *self)
{
  return MAX (1, (self->n_actions + SEGMENT_SIZE - 1) / SEGMENT_SIZE);
}

static void
ca_palette_model_add_segment (CaPaletteModel *self)
{
  g_autoptr(GtkSliceListModel) slice = NULL;
  GListModel *actions = G_LIST_MODEL (self->catalog);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->categories));

  slice = gtk_slice_list_model_new (g_object_ref (actions), self->slices->len * SEGMENT_SIZE, SEGMENT_SIZE);
  g_ptr_array_add (self->slices, g_object_ref (slice));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CaPaletteCategory) category = g_list_model_get_item (G_LIST_MODEL (self->categories), i);

      ca_palette_category_add_segment (category, G_LIST_MODEL (slice), self->query);
    }

  /* It is made for the query: nothing to search in it. */
}

static void
ca_palette_model_remove_segments (CaPaletteModel *self,
                                  guint           first)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->categories));

  if (first >= self->slices->len)
    return;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CaPaletteCategory) category = g_list_model_get_item (G_LIST_MODEL (self->categories), i);

      ca_palette_category_remove_segments (category, first);
    }

  g_ptr_array_remove_range (self->slices, first, self->slices->len - first);
}

static void
ca_palette_model_search_segment (CaPaletteModel *self,
                                 guint           segment)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->categories));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CaPaletteCategory) category = g_list_model_get_item (G_LIST_MODEL (self->categories), i);

      ca_palette_category_search_segment (category, segment, self->query);
    }
}

/* The order a search goes through the segments: the first (the rows
 * on screen, most likely), then from the last up. Once the first segment
 * is done, the rows on screen either are final or come from the segment
 * done last: going down instead, a search that empties the top rows
 * would replace every row on screen at each step (the list view then
 * makes and lays out some 200 new rows each time). */
static guint
ca_palette_model_segment_for_step (CaPaletteModel *self,
                                   guint           step)
{
  return step == 0 ? 0 : self->search_total - step;
}

/* One step: searches the next segments, or makes the ones new actions
 * need, until @deadline; whether there is more to do. */
static gboolean
ca_palette_model_step (CaPaletteModel *self,
                       gint64          deadline)
{
  guint n_needed = ca_palette_model_n_segments_needed (self);

  do
    {
      if (self->search_done < self->search_total)
        {
          guint segment = ca_palette_model_segment_for_step (self, self->search_done++);

          /* Segments made since the search began are made for it; those
           * dropped since are gone. */
          if (segment < self->slices->len)
            ca_palette_model_search_segment (self, segment);
        }
      else if (self->slices->len < n_needed && self->catalog != NULL)
        {
          ca_palette_model_add_segment (self);
        }
      else
        {
          return FALSE;
        }
    }
  while (g_get_monotonic_time () < deadline);

  return self->search_done < self->search_total || self->slices->len < n_needed;
}

static gboolean
ca_palette_model_step_cb (gpointer user_data)
{
  CaPaletteModel *self = user_data;
  gboolean more;

  self->in_search = TRUE;
  more = ca_palette_model_step (self, g_get_monotonic_time () + STEP_USEC);
  self->in_search = FALSE;

  if (more)
    return G_SOURCE_CONTINUE;

  self->step_source = 0;
  ca_palette_model_set_searching (self, FALSE);
  ca_palette_model_update_visible_categories (self);

  return G_SOURCE_REMOVE;
}

/* Brings every segment to the query (and makes the segments the catalog
 * needs): at once for a small catalog, else a step at a time. */
static void
ca_palette_model_run (CaPaletteModel *self)
{
  if (self->n_actions < CA_PALETTE_INCREMENTAL_THRESHOLD)
    {
      g_clear_handle_id (&self->step_source, g_source_remove);

      self->in_search = TRUE;
      ca_palette_model_step (self, G_MAXINT64);
      self->in_search = FALSE;

      ca_palette_model_set_searching (self, FALSE);
      ca_palette_model_update_visible_categories (self);
      return;
    }

  if (self->step_source == 0)
    {
      /* Between frames: the frame clock's sources come first. */
      self->step_source = g_idle_add (ca_palette_model_step_cb, self);
      g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->step_source),
                                "[ca] palette search step");
    }

  ca_palette_model_set_searching (self, TRUE);
  ca_palette_model_update_visible_categories (self);
}

/* The catalog --------------------------------------------------------- */

/* After the slices have taken the change: the segments follow the size
 * of the catalog. */
static void
ca_palette_model_catalog_changed_cb (CaPaletteModel *self,
                                     guint           position,
                                     guint           removed,
                                     guint           added,
                                     CaCatalog      *catalog)
{
  guint n_actions = g_list_model_get_n_items (G_LIST_MODEL (catalog));

  if (n_actions != self->n_actions)
    {
      self->n_actions = n_actions;

      ca_palette_model_remove_segments (self, ca_palette_model_n_segments_needed (self));
      if (self->slices->len < ca_palette_model_n_segments_needed (self))
        ca_palette_model_run (self);

      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ACTIONS]);
    }

  ca_palette_model_update_recent (self);
}

static void
ca_palette_model_rebuild (CaPaletteModel *self)
{
  CaPaletteCategory *categories[G_N_ELEMENTS (category_order)];

  g_clear_handle_id (&self->step_source, g_source_remove);
  g_list_store_remove_all (self->visible_categories);
  g_ptr_array_set_size (self->slices, 0);
  self->search_total = 0;
  self->search_done = 0;
  self->n_actions = self->catalog ? g_list_model_get_n_items (G_LIST_MODEL (self->catalog)) : 0;

  for (guint i = 0; i < G_N_ELEMENTS (category_order); i++)
    {
      categories[i] = ca_palette_category_new (category_order[i]);
      g_signal_connect_object (categories[i],
                               "notify::count",
                               G_CALLBACK (ca_palette_model_category_changed_cb),
                               self,
                               G_CONNECT_SWAPPED);
    }

  g_list_store_splice (self->categories,
                       0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->categories)),
                       (gpointer *)categories,
                       G_N_ELEMENTS (categories));

  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    g_object_unref (categories[i]);

  /* The first segment at once (the first rows show with the first frame),
   * the others as a search would. */
  if (self->catalog != NULL)
    ca_palette_model_add_segment (self);
  ca_palette_model_run (self);
  ca_palette_model_update_recent (self);
}

/* GObject ------------------------------------------------------------- */

static void
ca_palette_model_dispose (GObject *object)
{
  CaPaletteModel *self = (CaPaletteModel *)object;

  g_clear_handle_id (&self->refilter_categories_source, g_source_remove);
  g_clear_handle_id (&self->step_source, g_source_remove);

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
  g_clear_object (&self->visible_categories);
  g_clear_object (&self->categories);
  g_clear_pointer (&self->slices, g_ptr_array_unref);
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
  g_clear_pointer (&self->recent_names, g_strfreev);

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
      g_value_set_uint (value, self->n_actions);
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
}

static void
ca_palette_model_init (CaPaletteModel *self)
{
  GtkFlattenListModel *roots;

  self->slices = g_ptr_array_new_with_free_func (g_object_unref);
  self->recent_filter =
    GTK_FILTER (gtk_custom_filter_new (ca_palette_model_recent_match, self, NULL));
  self->categories = g_list_store_new (CA_TYPE_PALETTE_CATEGORY);
  self->visible_categories = g_list_store_new (CA_TYPE_PALETTE_CATEGORY);

  self->recent = g_list_store_new (CA_TYPE_ACTION);
  self->recent_found =
    gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->recent)),
                               g_object_ref (self->recent_filter));

  self->roots = g_list_store_new (G_TYPE_LIST_MODEL);
  g_list_store_append (self->roots, self->visible_categories);
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

  n_actions = self->n_actions;
  ca_palette_model_rebuild (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOG]);
  if (n_actions != self->n_actions)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ACTIONS]);
}

guint
ca_palette_model_get_n_actions (CaPaletteModel *self)
{
  g_return_val_if_fail (CA_IS_PALETTE_MODEL (self), 0);

  return self->n_actions;
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

      /* Every segment again (each knows what it shows, and whether the
       * new search is stricter or looser than that). */
      self->search_total = self->slices->len;
      self->search_done = 0;
      g_clear_handle_id (&self->refilter_categories_source, g_source_remove);
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
  shown = recent_only ? G_LIST_MODEL (self->recent_found) : G_LIST_MODEL (self->visible_categories);

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
  ca_palette_model_apply_fold (self);

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
  ca_palette_model_apply_fold (self);

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
      GListModel *actions;
      guint n_actions;

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

      actions = ca_palette_category_get_model (CA_PALETTE_CATEGORY (item));
      n_actions = g_list_model_get_n_items (actions);

      for (guint j = 0; j < n_actions; j++)
        {
          g_autoptr(CaAction) other = g_list_model_get_item (actions, j);

          if (other == action)
            {
              g_autoptr(GtkTreeListRow) child = gtk_tree_list_row_get_child_row (row, j);

              if (child == NULL)
                return FALSE;

              if (position != NULL)
                *position = gtk_tree_list_row_get_position (child);

              return TRUE;
            }
        }

      return FALSE;
    }

  return FALSE;
}
