/* ca-palette.c: the actions of a catalog, by category, with a search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ca-palette.h"
#include "ca-palette-category.h"
#include "ca-palette-model.h"
#include "ca-palette-row.h"

struct _CaPalette
{
  GtkWidget           parent_instance;

  CaPaletteModel     *model;
  GtkSingleSelection *selection;
  CaAction           *selected_action;
  /* Set while a search changes the rows: the selection it loses is
   * not the user's doing. */
  guint               refiltering : 1;

  GtkSearchEntry     *search_entry;
  GtkStack           *stack;
  GtkListView        *list_view;
};

enum {
  PROP_0,
  PROP_CATALOG,
  PROP_SELECTED_ACTION,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (CaPalette, ca_palette, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static void
ca_palette_set_selected_action (CaPalette *self,
                                CaAction  *action)
{
  if (g_set_object (&self->selected_action, action))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ACTION]);
}

static gboolean
ca_palette_catalog_contains (CaPalette *self,
                             CaAction  *action)
{
  CaCatalog *catalog = ca_palette_model_get_catalog (self->model);
  g_autoptr(CaAction) found = NULL;
  guint position;

  if (catalog == NULL ||
      !ca_catalog_find (catalog, ca_action_get_name (action), &position))
    return FALSE;

  found = g_list_model_get_item (G_LIST_MODEL (catalog), position);

  return found == action;
}

static void
ca_palette_selection_changed_cb (CaPalette          *self,
                                 GParamSpec         *pspec,
                                 GtkSingleSelection *selection)
{
  GtkTreeListRow *row = gtk_single_selection_get_selected_item (selection);
  gpointer item = row ? gtk_tree_list_row_get_item (row) : NULL;

  /* When a search hides the selected action, the details keep showing
   * it; it is selected again when it comes back. */
  if (CA_IS_ACTION (item))
    ca_palette_set_selected_action (self, item);
  else if (self->selected_action != NULL &&
           (!self->refiltering ||
            !ca_palette_catalog_contains (self, self->selected_action)))
    ca_palette_set_selected_action (self, NULL);

  g_clear_object (&item);
}

static void
ca_palette_update_stack (CaPalette *self)
{
  GListModel *rows = G_LIST_MODEL (ca_palette_model_get_model (self->model));

  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (rows) > 0 ? "list" : "empty");
}

/* A search hides the selected row or makes the list view rebuild it:
 * select it again when it is there. */
static void
ca_palette_reselect (CaPalette *self)
{
  guint position;

  if (self->selected_action == NULL ||
      gtk_single_selection_get_selected (self->selection) != GTK_INVALID_LIST_POSITION)
    return;

  if (ca_palette_model_find_action (self->model, self->selected_action, &position))
    gtk_single_selection_set_selected (self->selection, position);
}

static void
ca_palette_search_changed_cb (CaPalette      *self,
                              GtkSearchEntry *entry)
{
  self->refiltering = TRUE;
  ca_palette_model_set_search_text (self->model,
                                    gtk_editable_get_text (GTK_EDITABLE (entry)));
  ca_palette_reselect (self);
  self->refiltering = FALSE;

  ca_palette_update_stack (self);
}

static void
ca_palette_stop_search_cb (CaPalette      *self,
                           GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

/* Enter in the search entry picks the first action found. */
static void
ca_palette_search_activate_cb (CaPalette      *self,
                               GtkSearchEntry *entry)
{
  GListModel *rows = G_LIST_MODEL (self->selection);
  guint n_rows = g_list_model_get_n_items (rows);

  for (guint i = 0; i < n_rows; i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, i);
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);

      if (CA_IS_ACTION (item))
        {
          gtk_single_selection_set_selected (self->selection, i);
          gtk_widget_activate_action (GTK_WIDGET (self->list_view),
                                      "list.scroll-to-item", "u", i);
          break;
        }
    }
}

static void
ca_palette_activate_cb (CaPalette   *self,
                        guint        position,
                        GtkListView *list_view)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  g_autoptr(GObject) item = row ? gtk_tree_list_row_get_item (row) : NULL;

  /* Enter (or a double click) on a category folds or unfolds it. */
  if (CA_IS_PALETTE_CATEGORY (item))
    gtk_tree_list_row_set_expanded (row, !gtk_tree_list_row_get_expanded (row));
}

static void
ca_palette_rows_changed_cb (CaPalette  *self,
                            guint       position,
                            guint       removed,
                            guint       added,
                            GListModel *rows)
{
  ca_palette_update_stack (self);
}

static void
ca_palette_setup_row_cb (GtkSignalListItemFactory *factory,
                         GtkListItem              *list_item,
                         CaPalette                *self)
{
  gtk_list_item_set_child (list_item, ca_palette_row_new ());
}

static void
ca_palette_bind_row_cb (GtkSignalListItemFactory *factory,
                        GtkListItem              *list_item,
                        CaPalette                *self)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);
  gboolean is_action = CA_IS_ACTION (item);

  /* Categories are headings: they fold, they are not picked. */
  gtk_list_item_set_selectable (list_item, is_action);
  ca_palette_row_set_list_row (CA_PALETTE_ROW (gtk_list_item_get_child (list_item)), row);
}

static void
ca_palette_unbind_row_cb (GtkSignalListItemFactory *factory,
                          GtkListItem              *list_item,
                          CaPalette                *self)
{
  ca_palette_row_set_list_row (CA_PALETTE_ROW (gtk_list_item_get_child (list_item)), NULL);
}

static gboolean
ca_palette_grab_focus (GtkWidget *widget)
{
  CaPalette *self = CA_PALETTE (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
ca_palette_dispose (GObject *object)
{
  CaPalette *self = (CaPalette *)object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), CA_TYPE_PALETTE);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->selected_action);

  G_OBJECT_CLASS (ca_palette_parent_class)->dispose (object);
}

static void
ca_palette_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CaPalette *self = CA_PALETTE (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_object (value, ca_palette_get_catalog (self));
      break;

    case PROP_SELECTED_ACTION:
      g_value_set_object (value, self->selected_action);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_palette_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  CaPalette *self = CA_PALETTE (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      ca_palette_set_catalog (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_palette_class_init (CaPaletteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_palette_dispose;
  object_class->get_property = ca_palette_get_property;
  object_class->set_property = ca_palette_set_property;

  widget_class->grab_focus = ca_palette_grab_focus;

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL,
                         CA_TYPE_CATALOG,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SELECTED_ACTION] =
    g_param_spec_object ("selected-action", NULL, NULL,
                         CA_TYPE_ACTION,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/customactions/CustomActions/ca-palette.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "palette");
  gtk_widget_class_bind_template_child (widget_class, CaPalette, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CaPalette, stack);
  gtk_widget_class_bind_template_child (widget_class, CaPalette, list_view);
  gtk_widget_class_bind_template_callback (widget_class, ca_palette_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_palette_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_palette_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_palette_activate_cb);

  g_type_ensure (CA_TYPE_PALETTE_ROW);
}

static void
ca_palette_init (CaPalette *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->model = ca_palette_model_new ();
  self->selection =
    gtk_single_selection_new (g_object_ref (G_LIST_MODEL (ca_palette_model_get_model (self->model))));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection,
                           "notify::selected-item",
                           G_CALLBACK (ca_palette_selection_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection,
                           "items-changed",
                           G_CALLBACK (ca_palette_rows_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", G_CALLBACK (ca_palette_setup_row_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (ca_palette_bind_row_cb), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (ca_palette_unbind_row_cb), self, 0);

  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_object_unref (factory);

  /* Typing while the list has the focus searches. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
}

GtkWidget *
ca_palette_new (void)
{
  return g_object_new (CA_TYPE_PALETTE, NULL);
}

/**
 * ca_palette_get_catalog:
 *
 * Returns: (transfer none) (nullable): the catalog listed
 */
CaCatalog *
ca_palette_get_catalog (CaPalette *self)
{
  g_return_val_if_fail (CA_IS_PALETTE (self), NULL);

  return ca_palette_model_get_catalog (self->model);
}

void
ca_palette_set_catalog (CaPalette *self,
                        CaCatalog *catalog)
{
  g_return_if_fail (CA_IS_PALETTE (self));
  g_return_if_fail (!catalog || CA_IS_CATALOG (catalog));

  if (catalog == ca_palette_model_get_catalog (self->model))
    return;

  ca_palette_model_set_catalog (self->model, catalog);
  ca_palette_set_selected_action (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOG]);
}

/**
 * ca_palette_get_selected_action:
 *
 * Returns: (transfer none) (nullable): the action the user picked
 */
CaAction *
ca_palette_get_selected_action (CaPalette *self)
{
  g_return_val_if_fail (CA_IS_PALETTE (self), NULL);

  return self->selected_action;
}

void
ca_palette_focus_search (CaPalette *self)
{
  g_return_if_fail (CA_IS_PALETTE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

/* Selects @action (NULL: nothing), as a click on its row would; the row
 * must be shown (its category open, the search letting it through). */
gboolean
ca_palette_select_action (CaPalette *self,
                          CaAction  *action)
{
  guint position;

  g_return_val_if_fail (CA_IS_PALETTE (self), FALSE);
  g_return_val_if_fail (action == NULL || CA_IS_ACTION (action), FALSE);

  if (action == NULL)
    {
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      return TRUE;
    }

  if (!ca_palette_model_find_action (self->model, action, &position))
    return FALSE;

  gtk_single_selection_set_selected (self->selection, position);
  return TRUE;
}
