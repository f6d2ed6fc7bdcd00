/* ca-palette.c: the actions of a catalog, by category, with a search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ca-accessible.h"
#include "ca-palette.h"
#include "ca-palette-category.h"
#include "ca-palette-model.h"
#include "ca-palette-private.h"
#include "ca-palette-row.h"
#include "ca-palette-slot.h"

/* The palette shows a CaPaletteModel in a GtkListView (rows are recycled:
 * never a widget per action) and keeps what it should across runs in
 * GSettings: the folded categories, "recent only" and the recent actions.
 *
 * The action picked stays picked while a search, a fold or "recent only"
 * hides its row (the details keep showing it), and its row is selected
 * again when it comes back. */
struct _CaPalette
{
  GtkWidget           parent_instance;

  CaPaletteModel     *model;
  GtkSingleSelection *selection;
  CaAction           *selected_action;
  GSettings          *settings;
  /* Row widgets built ahead, while nothing else happens, for the next
   * rows the list view makes: building a row costs far more than filling
   * one. Never rows that were on screen (see ca_palette_row_parent_changed_cb()). */
  GPtrArray          *spare_rows;
  guint               warm_up_source;
  /* Rows the list view let go of, destroyed once the frame is drawn. */
  GPtrArray          *dropped_rows;
  guint               drop_source;
  /* Inside an items-changed of the rows: a selection lost then is not
   * the user's doing. */
  guint               rows_changing;
  guint               ignore_selection : 1;
  /* Enter was pressed while a large catalog was still being searched:
   * the first action found is picked when the search is done. */
  guint               pick_first_when_searched : 1;

  GtkSearchEntry     *search_entry;
  GtkToggleButton    *recent_button;
  GtkMenuButton      *help_button;
  GtkStack           *stack;
  GtkListView        *list_view;
  AdwStatusPage      *no_match_page;
};

enum {
  PROP_0,
  PROP_CATALOG,
  PROP_SELECTED_ACTION,
  N_PROPS
};

enum {
  ACTION_ACTIVATED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (CaPalette, ca_palette, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void ca_palette_warm_up (CaPalette *self);

static void
ca_palette_set_selected_action (CaPalette *self,
                                CaAction  *action)
{
  if (g_set_object (&self->selected_action, action))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ACTION]);
}

/* What the row at @position stands for: a category or an action (the
 * rows under a category are slots, see ca-palette-slots.c). */
static GObject *
ca_palette_dup_item (CaPalette *self,
                     guint      position)
{
  g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  CaAction *action;

  if (item == NULL || CA_IS_PALETTE_CATEGORY (item))
    return g_steal_pointer (&item);

  action = ca_palette_item_get_action (item);
  return action ? g_object_ref (G_OBJECT (action)) : NULL;
}

static GtkTreeListRow *
ca_palette_dup_tree_row (CaPalette *self,
                         guint      position)
{
  return gtk_tree_list_model_get_row (ca_palette_model_get_model (self->model), position);
}

/* The action picked left the catalog: an edit replaces it with an action
 * of the same name, which is followed; otherwise nothing is picked. */
static void
ca_palette_check_selected_in_catalog (CaPalette *self)
{
  CaCatalog *catalog = ca_palette_model_get_catalog (self->model);
  CaAction *now = NULL;

  if (self->selected_action == NULL)
    return;

  if (catalog != NULL)
    now = ca_catalog_lookup (catalog, ca_action_get_name (self->selected_action));

  if (now != self->selected_action)
    ca_palette_set_selected_action (self, now);
}

/* The row of the action picked, or none while it is hidden. */
static guint
ca_palette_picked_position (CaPalette *self)
{
  guint position = GTK_INVALID_LIST_POSITION;

  if (self->selected_action != NULL)
    ca_palette_model_find_action (self->model, self->selected_action, &position);
  return position;
}

/* Selects @position (or none) for the palette, not for the user: the
 * action picked stays. */
static void
ca_palette_select_quietly (CaPalette *self,
                           guint      position)
{
  self->ignore_selection = TRUE;
  gtk_single_selection_set_selected (self->selection, position);
  self->ignore_selection = FALSE;
}

static void
ca_palette_selection_changed_cb (CaPalette          *self,
                                 GParamSpec         *pspec,
                                 GtkSingleSelection *selection)
{
  g_autoptr(GObject) item = NULL;

  if (self->ignore_selection)
    return;

  item = ca_palette_dup_item (self, gtk_single_selection_get_selected (selection));

  if (CA_IS_ACTION (item))
    {
      ca_palette_set_selected_action (self, CA_ACTION (item));
    }
  else if (CA_IS_PALETTE_CATEGORY (item))
    {
      /* A click or the arrow keys select the heading they reach; a
       * heading is not an action: the one picked stays. */
      ca_palette_select_quietly (self, ca_palette_picked_position (self));
    }
  else if (self->rows_changing > 0)
    {
      ca_palette_check_selected_in_catalog (self);
    }
  else
    {
      ca_palette_set_selected_action (self, NULL);
    }
}

static void
ca_palette_update_stack (CaPalette *self)
{
  GListModel *rows = G_LIST_MODEL (self->selection);
  const char *page = "list";

  if (ca_palette_model_get_n_actions (self->model) == 0)
    page = "empty";
  else if (ca_palette_model_get_recent_only (self->model) &&
           ca_palette_model_get_n_recent (self->model) == 0)
    page = "no-recent";
  else if (g_list_model_get_n_items (rows) == 0 &&
           !ca_palette_model_get_searching (self->model))
    page = "no-match";

  if (g_str_equal (page, "no-match"))
    {
      g_autofree char *title = NULL;

      /* Translators: the palette's search found nothing; %s is what was
       * typed */
      title = g_strdup_printf (_("No actions match “%s”"),
                               ca_palette_model_get_search_text (self->model));
      adw_status_page_set_title (self->no_match_page, title);
    }

  gtk_stack_set_visible_child_name (self->stack, page);
}

/* The picked action's row is back (or was rebuilt): select it again. */
static void
ca_palette_reselect (CaPalette *self)
{
  guint position;

  if (self->selected_action == NULL ||
      gtk_single_selection_get_selected (self->selection) != GTK_INVALID_LIST_POSITION ||
      ca_palette_model_get_searching (self->model))
    return;

  position = ca_palette_picked_position (self);
  if (position != GTK_INVALID_LIST_POSITION)
    ca_palette_select_quietly (self, position);
}

/* A search changed the actions the rows show, not the rows (see
 * ca-palette-slots.c), which the selection knows nothing of: it goes to
 * the row of the action picked (or of the action an edit put in its
 * place), or to none while that is hidden. */
static void
ca_palette_results_changed_cb (CaPalette      *self,
                               CaPaletteModel *model)
{
  guint position;

  /* The catalog changed, maybe: an edit is followed. */
  ca_palette_check_selected_in_catalog (self);

  position = ca_palette_picked_position (self);
  if (position != gtk_single_selection_get_selected (self->selection))
    ca_palette_select_quietly (self, position);

  ca_palette_update_stack (self);
}

/* Connected before the selection model is, and after: brackets whatever
 * the selection does about a change of the rows. */
static void
ca_palette_rows_changing_cb (CaPalette  *self,
                             guint       position,
                             guint       removed,
                             guint       added,
                             GListModel *rows)
{
  self->rows_changing++;
}

static void
ca_palette_rows_changed_cb (CaPalette  *self,
                            guint       position,
                            guint       removed,
                            guint       added,
                            GListModel *rows)
{
  self->rows_changing--;

  if (self->rows_changing == 0)
    {
      ca_palette_reselect (self);
      ca_palette_update_stack (self);
      ca_palette_warm_up (self);
    }
}

static void ca_palette_pick_first_action (CaPalette *self);

static void
ca_palette_model_changed_cb (CaPalette      *self,
                             GParamSpec     *pspec,
                             CaPaletteModel *model)
{
  if (self->rows_changing == 0)
    {
      ca_palette_reselect (self);
      ca_palette_update_stack (self);
    }

  if (self->pick_first_when_searched && !ca_palette_model_get_searching (self->model))
    ca_palette_pick_first_action (self);
}

static void
ca_palette_search_changed_cb (CaPalette      *self,
                              GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  /* Typing on after Enter: that search's first action is no longer wanted. */
  if (g_strcmp0 (text, ca_palette_model_get_search_text (self->model)) != 0)
    self->pick_first_when_searched = FALSE;

  ca_palette_model_set_search_text (self->model, text);
}

static void
ca_palette_stop_search_cb (CaPalette      *self,
                           GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
ca_palette_clear_search_cb (CaPalette *self,
                            GtkButton *button)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  ca_palette_model_set_search_text (self->model, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
ca_palette_show_all_cb (CaPalette *self,
                        GtkButton *button)
{
  ca_palette_model_set_recent_only (self->model, FALSE);
}

/* Keyboard ------------------------------------------------------------ */

static CaPaletteRow *
ca_palette_row_in (GtkWidget *widget)
{
  for (GtkWidget *child = widget; child != NULL; child = gtk_widget_get_first_child (child))
    {
      if (CA_IS_PALETTE_ROW (child))
        return CA_PALETTE_ROW (child);
    }

  return NULL;
}

/* Moves the keyboard focus to the row at @position (the list view has no
 * call for that in GTK 4.8: scroll to it, then focus its widget). */
static void
ca_palette_focus_row (CaPalette *self,
                      guint      position)
{
  GtkWidget *list_view = GTK_WIDGET (self->list_view);

  gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", position);

  for (GtkWidget *child = gtk_widget_get_first_child (list_view);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      CaPaletteRow *row = ca_palette_row_in (child);

      if (row != NULL && ca_palette_row_get_position (row) == position)
        {
          gtk_widget_grab_focus (child);
          /* The list view learns where its focus is from this action
           * (its list items call it when they get the focus, which they
           * are only told of in an active window). */
          gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", position);
          return;
        }
    }

  gtk_widget_grab_focus (list_view);
}

static guint
ca_palette_first_action (CaPalette *self)
{
  GListModel *rows = G_LIST_MODEL (self->selection);
  guint n_rows = g_list_model_get_n_items (rows);

  for (guint i = 0; i < n_rows; i++)
    {
      g_autoptr(GObject) item = ca_palette_dup_item (self, i);

      if (CA_IS_ACTION (item))
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

/* From the search into the list: to the action picked when it is shown,
 * else to the first action found (picking it). */
static gboolean
ca_palette_enter_list (CaPalette *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);

  if (position == GTK_INVALID_LIST_POSITION)
    {
      position = ca_palette_first_action (self);
      if (position == GTK_INVALID_LIST_POSITION)
        position = g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0 ? 0 : position;
      else
        gtk_single_selection_set_selected (self->selection, position);
    }

  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;

  ca_palette_focus_row (self, position);
  return TRUE;
}

static gboolean
ca_palette_search_key_pressed_cb (CaPalette             *self,
                                  guint                  keyval,
                                  guint                  keycode,
                                  GdkModifierType        state,
                                  GtkEventControllerKey *controller)
{
  if ((keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down) &&
      (state & gtk_accelerator_get_default_mod_mask ()) == 0)
    return ca_palette_enter_list (self);

  return GDK_EVENT_PROPAGATE;
}

static void
ca_palette_pick_first_action (CaPalette *self)
{
  guint position = ca_palette_first_action (self);

  self->pick_first_when_searched = FALSE;
  if (position == GTK_INVALID_LIST_POSITION)
    return;

  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
}

/* Enter in the search entry picks the first action found for what is
 * typed: searched at once, without the entry's delay after the last key
 * (someone who types and presses Enter quickly got the first action of
 * the search before), and once a large catalog's search is done. */
static void
ca_palette_search_activate_cb (CaPalette      *self,
                               GtkSearchEntry *entry)
{
  ca_palette_model_set_search_text (self->model,
                                    gtk_editable_get_text (GTK_EDITABLE (entry)));

  if (ca_palette_model_get_searching (self->model))
    self->pick_first_when_searched = TRUE;
  else
    ca_palette_pick_first_action (self);
}

/* Where the row of @action's category is, when it is shown. */
static guint
ca_palette_category_position (CaPalette *self,
                              CaAction  *action)
{
  GtkTreeListModel *tree = ca_palette_model_get_model (self->model);
  GListModel *roots = gtk_tree_list_model_get_model (tree);
  guint n_roots = g_list_model_get_n_items (roots);

  for (guint i = 0; i < n_roots; i++)
    {
      g_autoptr(GObject) root = g_list_model_get_item (roots, i);

      if (CA_IS_PALETTE_CATEGORY (root) &&
          ca_palette_category_get_category (CA_PALETTE_CATEGORY (root)) == ca_action_get_category (action))
        {
          g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_child_row (tree, i);

          return gtk_tree_list_row_get_position (row);
        }
    }

  return GTK_INVALID_LIST_POSITION;
}

/* Left/Right or -/+ fold and unfold the category whose row has the
 * focus; on an action, Left (or -) goes up to its category. */
static gboolean
ca_palette_list_key_pressed_cb (CaPalette             *self,
                                guint                  keyval,
                                guint                  keycode,
                                GdkModifierType        state,
                                GtkEventControllerKey *controller)
{
  GtkWidget *focus_child = gtk_widget_get_focus_child (GTK_WIDGET (self->list_view));
  CaPaletteRow *row = focus_child ? ca_palette_row_in (focus_child) : NULL;
  GObject *item = row ? ca_palette_row_get_item (row) : NULL;
  gboolean fold, unfold;

  fold = keyval == GDK_KEY_Left || keyval == GDK_KEY_KP_Left ||
         keyval == GDK_KEY_minus || keyval == GDK_KEY_KP_Subtract;
  unfold = keyval == GDK_KEY_Right || keyval == GDK_KEY_KP_Right ||
           keyval == GDK_KEY_plus || keyval == GDK_KEY_KP_Add;

  /* Shift is how many keyboards type "+". */
  if (item == NULL || (!fold && !unfold) ||
      (state & gtk_accelerator_get_default_mod_mask () & ~GDK_SHIFT_MASK) != 0 ||
      ((state & GDK_SHIFT_MASK) && (keyval == GDK_KEY_Left || keyval == GDK_KEY_Right ||
                                    keyval == GDK_KEY_KP_Left || keyval == GDK_KEY_KP_Right)))
    return GDK_EVENT_PROPAGATE;

  if (gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL &&
      (keyval == GDK_KEY_Left || keyval == GDK_KEY_KP_Left ||
       keyval == GDK_KEY_Right || keyval == GDK_KEY_KP_Right))
    {
      gboolean swap = fold;

      fold = unfold;
      unfold = swap;
    }

  if (CA_IS_PALETTE_CATEGORY (item))
    {
      ca_palette_model_set_expanded (self->model,
                                     ca_palette_category_get_category (CA_PALETTE_CATEGORY (item)),
                                     unfold);
      return GDK_EVENT_STOP;
    }

  if (fold && !ca_palette_model_get_recent_only (self->model))
    {
      guint position = ca_palette_category_position (self, CA_ACTION (item));

      if (position != GTK_INVALID_LIST_POSITION)
        {
          ca_palette_focus_row (self, position);
          return GDK_EVENT_STOP;
        }
    }

  return GDK_EVENT_PROPAGATE;
}

/* The selection follows the keyboard focus in the list (GTK 4.8 moves the
 * focus with the arrow keys, but does not always select), so the details
 * follow the arrow keys. Headings take the focus, not the selection. */
static void
ca_palette_focus_changed_cb (CaPalette  *self,
                             GParamSpec *pspec,
                             GtkWindow  *window)
{
  GtkWidget *focus = gtk_window_get_focus (window);
  CaPaletteRow *row;
  guint position;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->list_view)))
    return;

  row = ca_palette_row_in (focus);
  if (row == NULL || !CA_IS_ACTION (ca_palette_row_get_item (row)))
    return;

  position = ca_palette_row_get_position (row);
  if (position != GTK_INVALID_LIST_POSITION &&
      position != gtk_single_selection_get_selected (self->selection))
    gtk_single_selection_set_selected (self->selection, position);
}

/* Rows ---------------------------------------------------------------- */

static void
ca_palette_activate_cb (CaPalette   *self,
                        guint        position,
                        GtkListView *list_view)
{
  g_autoptr(GObject) item = ca_palette_dup_item (self, position);

  /* Enter (or a double click) on a category folds or unfolds it; on an
   * action, opens it. */
  if (CA_IS_PALETTE_CATEGORY (item))
    {
      CaCategory category = ca_palette_category_get_category (CA_PALETTE_CATEGORY (item));

      ca_palette_model_set_expanded (self->model, category,
                                     !ca_palette_model_get_expanded (self->model, category));
    }
  else if (CA_IS_ACTION (item))
    {
      ca_palette_note_used (self, CA_ACTION (item));
      g_signal_emit (self, signals[ACTION_ACTIVATED], 0, item);
    }
}

static void
ca_palette_action_dragged_cb (CaPalette    *self,
                              CaAction     *action,
                              CaPaletteRow *row)
{
  ca_palette_note_used (self, action);
}

static gboolean
ca_palette_drop_rows_cb (gpointer user_data)
{
  CaPalette *self = user_data;

  self->drop_source = 0;
  g_ptr_array_set_size (self->dropped_rows, 0);
  return G_SOURCE_REMOVE;
}

/* The list view lets go of a row widget by unparenting it (GTK 4.8 gives
 * no other sign). The row is not used again: GTK 4.8 keeps the bus
 * connection of an accessible that leaves the window but drops its object
 * path, and announces it with no path when it comes back (a critical from
 * g_variant_is_object_path(), fatal under G_DEBUG=fatal-criticals) as
 * soon as an assistive technology has looked at it. It is destroyed after
 * the frame, not in the middle of a search. */
static void
ca_palette_row_parent_changed_cb (CaPalette  *self,
                                  GParamSpec *pspec,
                                  GtkWidget  *row)
{
  if (gtk_widget_get_parent (row) != NULL)
    return;

  g_signal_handlers_disconnect_by_data (row, self);
  if (self->dropped_rows == NULL)  /* the palette is going away */
    {
      g_object_unref (row);
      return;
    }
  g_ptr_array_add (self->dropped_rows, row);
  if (self->drop_source == 0)
    self->drop_source = g_idle_add_full (G_PRIORITY_LOW, ca_palette_drop_rows_cb, self, NULL);
}

static GtkWidget *
ca_palette_make_row (CaPalette *self)
{
  GtkWidget *row = g_object_ref_sink (ca_palette_row_new ());

  g_signal_connect_object (row,
                           "action-dragged",
                           G_CALLBACK (ca_palette_action_dragged_cb),
                           self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (row,
                           "notify::parent",
                           G_CALLBACK (ca_palette_row_parent_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);

  return row;
}

static void
ca_palette_setup_row_cb (GtkSignalListItemFactory *factory,
                         GtkListItem              *list_item,
                         CaPalette                *self)
{
  GtkWidget *row;

  if (self->spare_rows->len > 0)
    row = g_ptr_array_steal_index_fast (self->spare_rows, self->spare_rows->len - 1);
  else
    row = ca_palette_make_row (self);

  gtk_list_item_set_child (list_item, row);
}

/* A search makes the list view take new list items before it lets go of
 * the old ones: the first search would build its rows. Building some
 * spare ones while nothing else happens spares it that. */
#define N_WARM_ROWS 160
#define WARM_ROWS_PER_RUN 16

static gboolean
ca_palette_warm_up_cb (gpointer user_data)
{
  CaPalette *self = user_data;

  for (guint i = 0; i < WARM_ROWS_PER_RUN && self->spare_rows->len < N_WARM_ROWS; i++)
    g_ptr_array_add (self->spare_rows, ca_palette_make_row (self));

  if (self->spare_rows->len < N_WARM_ROWS)
    return G_SOURCE_CONTINUE;

  self->warm_up_source = 0;
  return G_SOURCE_REMOVE;
}

static void
ca_palette_warm_up (CaPalette *self)
{
  /* Only a list long enough for a search to replace many rows. */
  if (self->warm_up_source != 0 ||
      self->spare_rows->len >= N_WARM_ROWS ||
      g_list_model_get_n_items (G_LIST_MODEL (self->selection)) < 200)
    return;

  self->warm_up_source = g_timeout_add_full (G_PRIORITY_LOW, 50, ca_palette_warm_up_cb, self, NULL);
}

static void
ca_palette_bind_row_cb (GtkSignalListItemFactory *factory,
                        GtkListItem              *list_item,
                        CaPalette                *self)
{
  GObject *item = gtk_list_item_get_item (list_item);
  CaPaletteRow *row;
  g_autoptr(GtkTreeListRow) tree_row = NULL;
  row = CA_PALETTE_ROW (gtk_list_item_get_child (list_item));

  /* Categories are headings: they fold, they are not picked. Yet their
   * list items are "selectable": in GTK 4.8 a list item that is not
   * cannot take the keyboard focus (the selection goes back to the
   * action at once, see ca_palette_selection_changed_cb()). */
  gtk_list_item_set_selectable (list_item, TRUE);

  if (CA_IS_PALETTE_CATEGORY (item))
    tree_row = ca_palette_dup_tree_row (self, gtk_list_item_get_position (list_item));

  ca_palette_row_bind (row, list_item, item, tree_row,
                       !ca_palette_model_get_recent_only (self->model));
}

static void
ca_palette_unbind_row_cb (GtkSignalListItemFactory *factory,
                          GtkListItem              *list_item,
                          CaPalette                *self)
{
  ca_palette_row_unbind (CA_PALETTE_ROW (gtk_list_item_get_child (list_item)));
}

/* GObject ------------------------------------------------------------- */

static void
ca_palette_root (GtkWidget *widget)
{
  CaPalette *self = CA_PALETTE (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (ca_palette_parent_class)->root (widget);

  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    g_signal_connect_object (root,
                             "notify::focus-widget",
                             G_CALLBACK (ca_palette_focus_changed_cb),
                             self,
                             G_CONNECT_SWAPPED);
}

static void
ca_palette_unroot (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (root != NULL)
    g_signal_handlers_disconnect_by_func (root, ca_palette_focus_changed_cb, widget);

  GTK_WIDGET_CLASS (ca_palette_parent_class)->unroot (widget);
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

  if (self->settings != NULL)
    {
      g_settings_unbind (self->model, "collapsed-categories");
      g_settings_unbind (self->model, "recent-only");
      g_settings_unbind (self->model, "recent-names");
      g_clear_object (&self->settings);
    }

  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), CA_TYPE_PALETTE);
  g_clear_handle_id (&self->warm_up_source, g_source_remove);
  g_clear_handle_id (&self->drop_source, g_source_remove);
  g_clear_pointer (&self->dropped_rows, g_ptr_array_unref);

  if (self->spare_rows != NULL)
    {
      for (guint i = 0; i < self->spare_rows->len; i++)
        g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->spare_rows, i), self);
      g_clear_pointer (&self->spare_rows, g_ptr_array_unref);
    }

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
  widget_class->root = ca_palette_root;
  widget_class->unroot = ca_palette_unroot;

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL,
                         CA_TYPE_CATALOG,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SELECTED_ACTION] =
    g_param_spec_object ("selected-action", NULL, NULL,
                         CA_TYPE_ACTION,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CaPalette::action-activated:
   * @action: the action
   *
   * An action's row was activated: Enter, or a double click.
   */
  signals[ACTION_ACTIVATED] =
    g_signal_new ("action-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1, CA_TYPE_ACTION);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/customactions/CustomActions/ca-palette.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "palette");
  gtk_widget_class_bind_template_child (widget_class, CaPalette, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CaPalette, recent_button);
  gtk_widget_class_bind_template_child (widget_class, CaPalette, help_button);
  gtk_widget_class_bind_template_child (widget_class, CaPalette, stack);
  gtk_widget_class_bind_template_child (widget_class, CaPalette, list_view);
  gtk_widget_class_bind_template_child (widget_class, CaPalette, no_match_page);
  gtk_widget_class_bind_template_callback (widget_class, ca_palette_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_palette_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_palette_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_palette_search_key_pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_palette_list_key_pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_palette_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_palette_clear_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_palette_show_all_cb);

  g_type_ensure (CA_TYPE_PALETTE_ROW);
}

static void
ca_palette_init (CaPalette *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  GtkListItemFactory *factory;
  GListModel *rows;

  gtk_widget_init_template (GTK_WIDGET (self));
  ca_accessible_fix_names (GTK_WIDGET (self));

  self->spare_rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->dropped_rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->model = ca_palette_model_new ();
  rows = G_LIST_MODEL (ca_palette_model_get_model (self->model));

  /* Before the selection model connects. */
  g_signal_connect_object (rows,
                           "items-changed",
                           G_CALLBACK (ca_palette_rows_changing_cb),
                           self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (rows,
                           "items-changed",
                           G_CALLBACK (ca_palette_rows_changed_cb),
                           self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  self->selection = gtk_single_selection_new (g_object_ref (rows));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection,
                           "notify::selected-item",
                           G_CALLBACK (ca_palette_selection_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);

  for (guint i = 0; i < 4; i++)
    {
      static const char * const names[] = {
        "notify::searching", "notify::n-actions", "notify::n-recent", "notify::recent-only",
      };

      g_signal_connect_object (self->model,
                               names[i],
                               G_CALLBACK (ca_palette_model_changed_cb),
                               self,
                               G_CONNECT_SWAPPED);
    }

  g_signal_connect_object (self->model,
                           "results-changed",
                           G_CALLBACK (ca_palette_results_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", G_CALLBACK (ca_palette_setup_row_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (ca_palette_bind_row_cb), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (ca_palette_unbind_row_cb), self, 0);

  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_object_unref (factory);

  g_object_bind_property (self->model, "recent-only",
                          self->recent_button, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  /* Without the schema (a build tree without GSETTINGS_SCHEMA_DIR), the
   * palette just does not remember. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);

  if (schema != NULL)
    {
      self->settings = g_settings_new (APP_ID);
      g_settings_bind (self->settings, "palette-collapsed-categories",
                       self->model, "collapsed-categories",
                       G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "palette-recent-only",
                       self->model, "recent-only",
                       G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "recent-actions",
                       self->model, "recent-names",
                       G_SETTINGS_BIND_DEFAULT);
    }

  /* Typing while the list has the focus searches. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));

  ca_palette_update_stack (self);
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
  ca_palette_update_stack (self);
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
      ca_palette_set_selected_action (self, NULL);
      return TRUE;
    }

  if (!ca_palette_model_find_action (self->model, action, &position))
    return FALSE;

  gtk_single_selection_set_selected (self->selection, position);
  return TRUE;
}

void
ca_palette_note_used (CaPalette *self,
                      CaAction  *action)
{
  CaCatalog *catalog;
  const char *name;
  const char * const *before;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) names = NULL;
  guint n = 1;

  g_return_if_fail (CA_IS_PALETTE (self));
  g_return_if_fail (CA_IS_ACTION (action));

  catalog = ca_palette_model_get_catalog (self->model);
  name = ca_action_get_name (action);
  before = ca_palette_model_get_recent_names (self->model);
  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, name);

  /* The others after it, in their order, without those that are gone. */
  for (guint i = 0; before != NULL && before[i] != NULL && n < CA_PALETTE_N_RECENT; i++)
    {
      if (g_str_equal (before[i], name) ||
          (catalog != NULL && ca_catalog_lookup (catalog, before[i]) == NULL))
        continue;

      g_strv_builder_add (builder, before[i]);
      n++;
    }

  names = g_strv_builder_end (builder);
  ca_palette_model_set_recent_names (self->model, (const char * const *)names);
}

/**
 * ca_palette_get_model:
 *
 * Returns: (transfer none): what the palette shows
 */
CaPaletteModel *
ca_palette_get_model (CaPalette *self)
{
  g_return_val_if_fail (CA_IS_PALETTE (self), NULL);

  return self->model;
}
