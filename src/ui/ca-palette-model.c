/* ca-palette-model.c: the actions of a catalog by category, searched
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ca-enums.h"
#include "ca-palette-category.h"
#include "ca-palette-model.h"
#include "ca-search-text.h"

/* The palette is a GtkTreeListModel: its roots are the three categories
 * (hidden while a search finds nothing in them), each expanding to a
 * GtkFilterListModel of the catalog (see CaPaletteCategory). One search
 * filter serves the three, and tells them whether a new search is stricter
 * or looser than the last, so typing only looks again at the actions that
 * could change.
 *
 * The search compares folded text: without accents, case-folded, computed
 * once per action and kept on the action. */
struct _CaPaletteModel
{
  GObject             parent_instance;

  CaCatalog          *catalog;
  char               *search_text;
  /* The folded words of the search, all of which must match. */
  GStrv               search_words;

  GtkFilter          *search_filter;
  GListStore         *categories;
  GtkFilter          *category_filter;
  GtkTreeListModel   *tree;

  guint               refilter_categories_source;
  guint               in_search : 1;
};

enum {
  PROP_0,
  PROP_CATALOG,
  PROP_SEARCH_TEXT,
  PROP_MODEL,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (CaPaletteModel, ca_palette_model, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static gboolean
ca_palette_model_search_match (gpointer item,
                               gpointer user_data)
{
  CaPaletteModel *self = user_data;

  if (self->search_words == NULL)
    return TRUE;

  return ca_search_text_match (ca_search_text_for_action (item),
                               (const char * const *)self->search_words);
}

static gboolean
ca_palette_model_category_visible (gpointer item,
                                   gpointer user_data)
{
  CaPaletteModel *self = user_data;

  return self->search_words == NULL ||
         ca_palette_category_get_count (item) > 0;
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
  gtk_filter_changed (self->category_filter, GTK_FILTER_CHANGE_DIFFERENT);

  return G_SOURCE_REMOVE;
}

static void
ca_palette_model_count_changed_cb (CaPaletteModel    *self,
                                   GParamSpec        *pspec,
                                   CaPaletteCategory *category)
{
  /* A search refilters the categories itself once it is done. A change
   * of the catalog during a search arrives in the middle of an
   * items-changed emission of the very model the tree is listening to:
   * refilter after it. */
  if (self->in_search || self->search_words == NULL)
    return;

  if (self->refilter_categories_source == 0)
    self->refilter_categories_source =
      g_idle_add_full (G_PRIORITY_HIGH_IDLE,
                       ca_palette_model_refilter_categories_cb,
                       self, NULL);
}

static void
ca_palette_model_rebuild (CaPaletteModel *self)
{
  g_autoptr(GListModel) actions = NULL;
  CaPaletteCategory *categories[3];
  static const CaCategory order[] = {
    CA_CATEGORY_CHANNEL,
    CA_CATEGORY_CAMPAIGN,
    CA_CATEGORY_CUSTOM,
  };

  if (self->catalog != NULL)
    actions = g_object_ref (G_LIST_MODEL (self->catalog));
  else
    actions = G_LIST_MODEL (g_list_store_new (CA_TYPE_ACTION));

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      categories[i] = ca_palette_category_new (order[i], actions, self->search_filter);
      g_signal_connect_object (categories[i],
                               "notify::count",
                               G_CALLBACK (ca_palette_model_count_changed_cb),
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
}

static void
ca_palette_model_dispose (GObject *object)
{
  CaPaletteModel *self = (CaPaletteModel *)object;

  g_clear_handle_id (&self->refilter_categories_source, g_source_remove);
  g_clear_object (&self->tree);
  g_clear_object (&self->category_filter);
  g_clear_object (&self->categories);
  g_clear_object (&self->search_filter);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (ca_palette_model_parent_class)->dispose (object);
}

static void
ca_palette_model_finalize (GObject *object)
{
  CaPaletteModel *self = (CaPaletteModel *)object;

  g_clear_pointer (&self->search_text, g_free);
  g_clear_pointer (&self->search_words, g_strfreev);

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

    case PROP_SEARCH_TEXT:
      g_value_set_string (value, self->search_text);
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

  properties[PROP_SEARCH_TEXT] =
    g_param_spec_string ("search-text", NULL, NULL,
                         NULL,
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
  GtkFilterListModel *visible_categories;

  self->search_filter =
    GTK_FILTER (gtk_custom_filter_new (ca_palette_model_search_match, self, NULL));
  self->category_filter =
    GTK_FILTER (gtk_custom_filter_new (ca_palette_model_category_visible, self, NULL));
  self->categories = g_list_store_new (CA_TYPE_PALETTE_CATEGORY);

  visible_categories =
    gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->categories)),
                               g_object_ref (self->category_filter));
  self->tree = gtk_tree_list_model_new (G_LIST_MODEL (visible_categories),
                                        FALSE,
                                        TRUE,
                                        ca_palette_model_create_child_model,
                                        NULL, NULL);

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
  g_return_if_fail (CA_IS_PALETTE_MODEL (self));
  g_return_if_fail (!catalog || CA_IS_CATALOG (catalog));

  if (g_set_object (&self->catalog, catalog))
    {
      ca_palette_model_rebuild (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOG]);
    }
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
  g_auto(GStrv) old_words = NULL;
  const char * const *new_words;
  gboolean stricter;
  gboolean looser;

  g_return_if_fail (CA_IS_PALETTE_MODEL (self));

  if (search_text != NULL && search_text[0] == '\0')
    search_text = NULL;

  if (g_strcmp0 (search_text, self->search_text) == 0)
    return;

  g_free (self->search_text);
  self->search_text = g_strdup (search_text);

  old_words = g_steal_pointer (&self->search_words);
  self->search_words = ca_search_text_split (search_text);
  new_words = (const char * const *)self->search_words;

  stricter = ca_search_text_implies (new_words, (const char * const *)old_words);
  looser = ca_search_text_implies ((const char * const *)old_words, new_words);

  /* Both: the same words, spaced otherwise; nothing to filter again. */
  if (!stricter || !looser)
    {
      self->in_search = TRUE;
      gtk_filter_changed (self->search_filter,
                          stricter ? GTK_FILTER_CHANGE_MORE_STRICT :
                          looser ? GTK_FILTER_CHANGE_LESS_STRICT :
                          GTK_FILTER_CHANGE_DIFFERENT);
      self->in_search = FALSE;

      g_clear_handle_id (&self->refilter_categories_source, g_source_remove);
      gtk_filter_changed (self->category_filter, GTK_FILTER_CHANGE_DIFFERENT);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_TEXT]);
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
      g_autoptr(CaPaletteCategory) category = gtk_tree_list_row_get_item (row);
      GListModel *actions;
      guint n_actions;

      if (ca_palette_category_get_category (category) != ca_action_get_category (action))
        continue;

      if (!gtk_tree_list_row_get_expanded (row))
        return FALSE;

      actions = ca_palette_category_get_model (category);
      n_actions = g_list_model_get_n_items (actions);

      for (guint j = 0; j < n_actions; j++)
        {
          g_autoptr(CaAction) item = g_list_model_get_item (actions, j);

          if (item == action)
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
