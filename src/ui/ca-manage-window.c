/* ca-manage-window.c: the Manage Actions window, where technical users keep the catalog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ca-accessible.h"
#include "ca-config-dialog.h"
#include "ca-enums.h"
#include "ca-manage-columns.h"
#include "ca-manage-window-private.h"
#include "ca-palette-category.h"
#include "ca-search-text.h"

struct _CaManageWindow
{
  AdwWindow            parent_instance;

  CaCatalog           *catalog;
  /* catalog → sorted (by the column view's sorter) → searched → one
   * selected: a search keystroke filters, it never sorts again. */
  GtkSortListModel    *sorted;
  GtkFilterListModel  *searched;
  GtkCustomFilter     *filter;
  GtkSingleSelection  *selection;
  CaSearchQuery       *query;
  GtkColumnViewColumn *columns[CA_MANAGE_N_COLUMNS];
  /* How the table is sorted, as the "Sort By" menu shows it; a click on
   * a column title changes it too. */
  CaManageColumn       sort_column;
  gboolean             sort_descending;
  GtkWidget           *row_popover;
  /* The action selected when the catalog started to change, selected
   * again afterwards: an edit replaces the action object. */
  char                *reselect;
  guint                saves_pending;

  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;
  GtkToggleButton     *search_button;
  GtkSearchBar        *search_bar;
  GtkSearchEntry      *search_entry;
  GtkInfoBar          *info_bar;
  GtkLabel            *info_label;
  GtkStack            *stack;
  GtkColumnView       *column_view;
  AdwStatusPage       *empty_page;
  GtkActionBar        *action_bar;
  GMenuModel          *row_menu;
};

enum {
  PROP_0,
  PROP_CATALOG,
  PROP_SORT_COLUMN,
  PROP_SORT_DESCENDING,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (CaManageWindow, ca_manage_window, ADW_TYPE_WINDOW)

static GParamSpec *properties[N_PROPS];

/* Sorting ---------------------------------------------------------------- */

static void
ca_manage_window_apply_sort (CaManageWindow *self)
{
  gtk_column_view_sort_by_column (self->column_view,
                                  self->columns[self->sort_column],
                                  self->sort_descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
}

/* Column titles cannot take the keyboard focus in GTK 4.8: the "Sort By"
 * menu sorts too, and follows what clicks on the titles do. */
static void
ca_manage_window_set_sort (CaManageWindow *self,
                           CaManageColumn  column,
                           gboolean        descending,
                           gboolean        apply)
{
  gboolean column_changed = column != self->sort_column;
  gboolean order_changed = descending != self->sort_descending;

  self->sort_column = column;
  self->sort_descending = descending;
  if (apply)
    ca_manage_window_apply_sort (self);

  if (column_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT_COLUMN]);
  if (order_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT_DESCENDING]);
}

/* A click on a column title: GTK sorts by that column, or the other way
 * round when it sorts by it already. A drag (resizing a column) is no
 * click. */
static void
ca_manage_window_title_released_cb (CaManageWindow  *self,
                                   int              n_press,
                                   double           x,
                                   double           y,
                                   GtkGestureClick *gesture)
{
  GtkWidget *view = GTK_WIDGET (self->column_view);
  GtkWidget *title = gtk_widget_pick (view, x, y, GTK_PICK_DEFAULT);
  guint index = 0;

  while (title != NULL && title != view && !g_str_equal (G_OBJECT_TYPE_NAME (title), "GtkColumnViewTitle"))
    title = gtk_widget_get_parent (title);

  if (title == NULL || title == view)
    return;

  for (GtkWidget *before = gtk_widget_get_prev_sibling (title);
       before != NULL;
       before = gtk_widget_get_prev_sibling (before))
    index++;

  if (index >= CA_MANAGE_N_COLUMNS)
    return;

  if (index == self->sort_column)
    ca_manage_window_set_sort (self, index, !self->sort_descending, FALSE);
  else
    ca_manage_window_set_sort (self, index, FALSE, FALSE);
}

/* Search ----------------------------------------------------------------- */

/* The palette's search (name, label, description, category; case and
 * accents ignored), and the endpoint, which technical users look for. */
static gboolean
search_match (gpointer item,
              gpointer user_data)
{
  CaManageWindow *self = user_data;

  return ca_search_query_match_with (self->query, item, ca_action_get_url (item));
}

/* State ------------------------------------------------------------------ */

/* GTK 4.8 has no gtk_column_view_scroll_to(): the list view inside the
 * column view has an action for it. */
static void
scroll_to (GtkColumnView *view,
           guint          position)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_VIEW (child))
        {
          gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
          return;
        }
    }
}

CaAction *
ca_manage_window_get_selected (CaManageWindow *self)
{
  g_return_val_if_fail (CA_IS_MANAGE_WINDOW (self), NULL);

  return gtk_single_selection_get_selected_item (self->selection);
}

gboolean
ca_manage_window_select (CaManageWindow *self,
                         const char     *name)
{
  GListModel *model;
  guint n;

  g_return_val_if_fail (CA_IS_MANAGE_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  model = G_LIST_MODEL (self->selection);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CaAction) action = g_list_model_get_item (model, i);

      if (g_strcmp0 (ca_action_get_name (action), name) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          scroll_to (self->column_view, i);
          return TRUE;
        }
    }

  return FALSE;
}

static void
ca_manage_window_update_actions (CaManageWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean writable = !ca_catalog_get_read_only (self->catalog);
  gboolean selected = ca_manage_window_get_selected (self) != NULL;
  gboolean any = g_list_model_get_n_items (G_LIST_MODEL (self->catalog)) > 0;

  gtk_widget_action_set_enabled (widget, "manage.create", writable);
  gtk_widget_action_set_enabled (widget, "manage.import", writable);
  gtk_widget_action_set_enabled (widget, "manage.edit", writable && selected);
  gtk_widget_action_set_enabled (widget, "manage.duplicate", writable && selected);
  gtk_widget_action_set_enabled (widget, "manage.delete", writable && selected);
  gtk_widget_action_set_enabled (widget, "manage.export-selected", selected);
  gtk_widget_action_set_enabled (widget, "manage.export-all", any);
  gtk_widget_action_set_enabled (widget, "manage.context-menu", selected);
}

/* The table, or a page that says why it is empty and what to do. */
static void
ca_manage_window_update_view (CaManageWindow *self)
{
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->catalog));
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->searched));
  g_autofree char *subtitle = NULL;

  if (shown > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else if (total > 0)
    gtk_stack_set_visible_child_name (self->stack, "no-match");
  else
    gtk_stack_set_visible_child_name (self->stack, "empty");
  /* Row actions without rows: the pages say what to do instead. */
  gtk_widget_set_visible (GTK_WIDGET (self->action_bar), shown > 0);

  if (ca_catalog_get_read_only (self->catalog))
    adw_status_page_set_description (self->empty_page,
                                     _("The catalog is read-only: repair its file before adding actions."));
  else
    adw_status_page_set_description (self->empty_page,
                                     _("Create an action, or import an action file that a colleague exported."));

  if (self->query != NULL)
    /* Translators: the subtitle of the Manage Actions window while searching */
    subtitle = g_strdup_printf (ngettext ("%u of %u action", "%u of %u actions", total), shown, total);
  else
    /* Translators: the subtitle of the Manage Actions window */
    subtitle = g_strdup_printf (ngettext ("%u action", "%u actions", total), total);
  adw_window_title_set_subtitle (self->window_title, subtitle);

  ca_manage_window_update_actions (self);
}

static void
ca_manage_window_update_read_only (CaManageWindow *self)
{
  const char *problem = ca_catalog_get_problem (self->catalog);

  gtk_label_set_label (self->info_label, problem != NULL ? problem : "");
  gtk_info_bar_set_revealed (self->info_bar, ca_catalog_get_read_only (self->catalog));
  ca_manage_window_update_view (self);
}

static void
ca_manage_window_read_only_cb (CaManageWindow *self,
                               GParamSpec     *pspec,
                               CaCatalog      *catalog)
{
  ca_manage_window_update_read_only (self);
}

/* Before the models see a change of the catalog. */
static void
ca_manage_window_catalog_changing_cb (CaManageWindow *self,
                                      guint           position,
                                      guint           removed,
                                      guint           added,
                                      GListModel     *catalog)
{
  CaAction *selected = ca_manage_window_get_selected (self);

  g_free (self->reselect);
  self->reselect = selected != NULL ? g_strdup (ca_action_get_name (selected)) : NULL;
}

/* After the models saw it. */
static void
ca_manage_window_catalog_changed_cb (CaManageWindow *self,
                                     guint           position,
                                     guint           removed,
                                     guint           added,
                                     GListModel     *catalog)
{
  g_autofree char *name = g_steal_pointer (&self->reselect);
  CaAction *selected = ca_manage_window_get_selected (self);

  if (name != NULL && (selected == NULL || g_strcmp0 (ca_action_get_name (selected), name) != 0))
    ca_manage_window_select (self, name);

  ca_manage_window_update_view (self);
}

static void
ca_manage_window_searched_changed_cb (CaManageWindow *self,
                                      guint           position,
                                      guint           removed,
                                      guint           added,
                                      GListModel     *model)
{
  ca_manage_window_update_view (self);
}

static void
ca_manage_window_selection_cb (CaManageWindow     *self,
                               GParamSpec         *pspec,
                               GtkSingleSelection *selection)
{
  ca_manage_window_update_actions (self);
}

static void
ca_manage_window_search_changed_cb (CaManageWindow *self,
                                    GtkSearchEntry *entry)
{
  g_autoptr(CaSearchQuery) query = ca_search_query_new (gtk_editable_get_text (GTK_EDITABLE (entry)));
  GtkFilterChange change;

  if (self->query == NULL && query == NULL)
    return;

  if (ca_search_query_implies (query, self->query))
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (ca_search_query_implies (self->query, query))
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else
    change = GTK_FILTER_CHANGE_DIFFERENT;

  g_clear_pointer (&self->query, ca_search_query_free);
  self->query = g_steal_pointer (&query);
  gtk_filter_changed (GTK_FILTER (self->filter), change);
  ca_manage_window_update_view (self);
}

/* Enter in the search goes to the table, on the first match. */
static void
ca_manage_window_search_activate_cb (CaManageWindow *self,
                                     GtkSearchEntry *entry)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0)
    return;

  gtk_single_selection_set_selected (self->selection, 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
ca_manage_window_search_mode_cb (CaManageWindow *self,
                                 GParamSpec     *pspec,
                                 GtkSearchBar   *search_bar)
{
  if (gtk_search_bar_get_search_mode (search_bar))
    return;

  /* A hidden search filters nothing. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

/* Telling ---------------------------------------------------------------- */

static void
ca_manage_window_show_error (CaManageWindow *self,
                             const char     *heading,
                             const char     *body)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  ca_accessible_fix_names (GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
ca_manage_window_saved_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(CaManageWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  g_assert (self->saves_pending > 0);
  self->saves_pending--;

  if (ca_catalog_save_finish (CA_CATALOG (object), result, &error))
    return;

  /* Closed meanwhile: the main window tells the next failure. */
  if (self->toast_overlay == NULL)
    return;

  {
    g_autofree char *body = NULL;

    /* Translators: %s says why the catalog could not be saved */
    body = g_strdup_printf (_("%s\n\nThe change is kept in this window; it is saved with the next change once the problem is solved."),
                            error->message);
    ca_manage_window_show_error (self, _("The Catalog Could Not Be Saved"), body);
  }
}

/* Saves run to the end even when the window closes: the change is made. */
static void
ca_manage_window_save (CaManageWindow *self)
{
  self->saves_pending++;
  ca_catalog_save_async (self->catalog, NULL, ca_manage_window_saved_cb, g_object_ref (self));
}

/* Actions ---------------------------------------------------------------- */

static void
ca_manage_window_create (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  CaManageWindow *self = CA_MANAGE_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (ca_config_dialog_new (GTK_WINDOW (self), self->catalog, NULL)));
}

static void
ca_manage_window_edit (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CaManageWindow *self = CA_MANAGE_WINDOW (widget);
  CaAction *action = ca_manage_window_get_selected (self);

  if (action == NULL)
    return;

  gtk_window_present (GTK_WINDOW (ca_config_dialog_new (GTK_WINDOW (self), self->catalog, action)));
}

static void
ca_manage_window_row_activated_cb (CaManageWindow *self,
                                   guint           position,
                                   GtkColumnView  *view)
{
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self), "manage.edit", NULL);
}

/* "sendEmail_2" is a copy of "sendEmail": its copy is "sendEmail_3",
 * not "sendEmail_2_2". */
static char *
copy_base (const char *name)
{
  const char *underscore = strrchr (name, '_');

  if (underscore != NULL && underscore != name && underscore[1] != '\0' &&
      strspn (underscore + 1, "0123456789") == strlen (underscore + 1))
    return g_strndup (name, underscore - name);

  return g_strdup (name);
}

static void
ca_manage_window_duplicate (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  CaManageWindow *self = CA_MANAGE_WINDOW (widget);
  CaAction *original = ca_manage_window_get_selected (self);
  g_autoptr(CaAction) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  g_autofree char *label = NULL;
  guint position;

  if (original == NULL || !ca_catalog_find (self->catalog, ca_action_get_name (original), &position))
    return;

  base = copy_base (ca_action_get_name (original));
  name = ca_catalog_make_unique_name (self->catalog, base);
  /* Translators: the label of a copy of an action; %s is the label of
   * the original */
  label = g_strdup_printf (_("%s (copy)"), ca_action_get_display_label (original));

  copy = ca_action_copy (original);
  ca_action_set_name (copy, name);
  ca_action_set_label (copy, label);
  /* A new action: the catalog stamps it. */
  ca_action_set_modified (copy, NULL);

  if (!ca_catalog_insert (self->catalog, position + 1, copy, &error))
    {
      ca_manage_window_show_error (self, _("The Action Could Not Be Duplicated"), error->message);
      return;
    }

  ca_manage_window_save (self);
  ca_manage_window_select (self, name);
}

/* What Undo puts back, and where. */
typedef struct {
  CaAction *action;
  guint     position;
} Deleted;

static void
deleted_free (Deleted *deleted)
{
  g_clear_object (&deleted->action);
  g_free (deleted);
}

static void
ca_manage_window_undo_cb (AdwToast       *toast,
                          CaManageWindow *self)
{
  Deleted *deleted = g_object_get_data (G_OBJECT (toast), "ca-deleted");
  g_autoptr(GError) error = NULL;

  g_return_if_fail (deleted != NULL);

  if (!ca_catalog_insert (self->catalog, deleted->position, deleted->action, &error))
    {
      ca_manage_window_show_error (self, _("The Action Could Not Be Restored"), error->message);
      return;
    }

  ca_manage_window_save (self);
  ca_manage_window_select (self, ca_action_get_name (deleted->action));
}

static void
ca_manage_window_delete (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  CaManageWindow *self = CA_MANAGE_WINDOW (widget);
  CaAction *selected = ca_manage_window_get_selected (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;
  Deleted *deleted;
  guint position;

  if (selected == NULL || !ca_catalog_find (self->catalog, ca_action_get_name (selected), &position))
    return;

  deleted = g_new0 (Deleted, 1);
  deleted->action = g_object_ref (selected);
  deleted->position = position;

  if (!ca_catalog_remove (self->catalog, ca_action_get_name (deleted->action), &error))
    {
      deleted_free (deleted);
      ca_manage_window_show_error (self, _("The Action Could Not Be Deleted"), error->message);
      return;
    }

  ca_manage_window_save (self);

  /* Toast titles are markup. */
  /* Translators: %s is the label of the action deleted */
  title = g_markup_printf_escaped (_("“%s” deleted"), ca_action_get_display_label (deleted->action));
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  /* Twice the default five seconds: time to hear the toast read and reach
   * its button from the keyboard; once it is gone, the deletion can no
   * longer be undone. */
  adw_toast_set_timeout (toast, 10);
  g_object_set_data_full (G_OBJECT (toast), "ca-deleted", deleted, (GDestroyNotify) deleted_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (ca_manage_window_undo_cb), self, 0);
  ca_accessible_add_toast (self->toast_overlay, toast);
}

static void
ca_manage_window_import_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  CaManageWindow *self = CA_MANAGE_WINDOW (widget);

  ca_manage_window_import (GTK_WINDOW (self), self->catalog);
}

static void
ca_manage_window_export_selected (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  CaManageWindow *self = CA_MANAGE_WINDOW (widget);
  CaAction *action = ca_manage_window_get_selected (self);
  const char *names[2] = { NULL, NULL };

  if (action == NULL)
    return;

  names[0] = ca_action_get_name (action);
  ca_manage_window_export (GTK_WINDOW (self), self->catalog, names);
}

static void
ca_manage_window_export_all (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  CaManageWindow *self = CA_MANAGE_WINDOW (widget);

  ca_manage_window_export (GTK_WINDOW (self), self->catalog, NULL);
}

static void
ca_manage_window_focus_search (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  CaManageWindow *self = CA_MANAGE_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* The context menu ------------------------------------------------------- */

static void
ca_manage_window_popup_at (CaManageWindow *self,
                           GtkWidget      *widget,
                           double          x,
                           double          y)
{
  graphene_point_t point;

  if (!gtk_widget_compute_point (widget, GTK_WIDGET (self), &GRAPHENE_POINT_INIT (x, y), &point))
    return;

  gtk_popover_set_pointing_to (GTK_POPOVER (self->row_popover),
                               &(GdkRectangle) { (int) point.x, (int) point.y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->row_popover));
}

/* The first cell under @widget that shows the row at @position. */
static GtkWidget *
find_cell (GtkWidget *widget,
           guint      position)
{
  GtkListItem *item = ca_manage_column_get_list_item (widget);

  if (item != NULL && gtk_list_item_get_position (item) == position && gtk_widget_get_mapped (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_cell (child, position);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The Menu key or Shift+F10: the menu of the selected row, under its
 * first cell. */
static void
ca_manage_window_context_menu (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  CaManageWindow *self = CA_MANAGE_WINDOW (widget);
  guint position = gtk_single_selection_get_selected (self->selection);
  GtkWidget *anchor = NULL;

  if (position != GTK_INVALID_LIST_POSITION)
    anchor = find_cell (GTK_WIDGET (self->column_view), position);

  if (anchor != NULL)
    ca_manage_window_popup_at (self, anchor, gtk_widget_get_width (anchor) / 2.0,
                               gtk_widget_get_height (anchor));
  else
    ca_manage_window_popup_at (self, GTK_WIDGET (self->column_view),
                               gtk_widget_get_width (GTK_WIDGET (self->column_view)) / 2.0,
                               gtk_widget_get_height (GTK_WIDGET (self->column_view)) / 2.0);
}

/* The list item of the cell under @widget, if any. */
static GtkListItem *
list_item_at (GtkWidget *widget,
              GtkWidget *view)
{
  for (; widget != NULL && widget != view; widget = gtk_widget_get_parent (widget))
    {
      GtkWidget *child = gtk_widget_get_first_child (widget);
      GtkListItem *item = ca_manage_column_get_list_item (widget);

      if (item == NULL && child != NULL)
        item = ca_manage_column_get_list_item (child);
      if (item != NULL)
        return item;
    }

  return NULL;
}

static void
ca_manage_window_right_click_cb (CaManageWindow  *self,
                                 int              n_press,
                                 double           x,
                                 double           y,
                                 GtkGestureClick *gesture)
{
  GtkWidget *view = GTK_WIDGET (self->column_view);
  GtkWidget *picked = gtk_widget_pick (view, x, y, GTK_PICK_DEFAULT);
  GtkListItem *item = list_item_at (picked, view);
  guint position;

  if (item == NULL || (position = gtk_list_item_get_position (item)) == GTK_INVALID_LIST_POSITION)
    return;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_single_selection_set_selected (self->selection, position);
  ca_manage_window_popup_at (self, view, x, y);
}

/* Lifetime --------------------------------------------------------------- */

static void
ca_manage_window_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  CaManageWindow *self = CA_MANAGE_WINDOW (widget);

  GTK_WIDGET_CLASS (ca_manage_window_parent_class)->size_allocate (widget, width, height, baseline);

  /* The context menu is ours to place. */
  if (self->row_popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->row_popover));
}

static void
ca_manage_window_constructed (GObject *object)
{
  CaManageWindow *self = (CaManageWindow *)object;
  g_autoptr(GtkMultiSorter) sorter = gtk_multi_sorter_new ();
  GtkShortcutController *shortcuts;
  GtkGesture *right_click;
  GtkGesture *title_click;

  G_OBJECT_CLASS (ca_manage_window_parent_class)->constructed (object);

  if (self->catalog == NULL)
    self->catalog = ca_catalog_new (NULL);

  /* Connected before the models: it sees the catalog as it was. */
  g_signal_connect_object (self->catalog, "items-changed",
                           G_CALLBACK (ca_manage_window_catalog_changing_cb), self,
                           G_CONNECT_SWAPPED);

  for (CaManageColumn column = 0; column < CA_MANAGE_N_COLUMNS; column++)
    {
      g_autoptr(GtkColumnViewColumn) view_column = ca_manage_column_new (column);

      gtk_column_view_append_column (self->column_view, view_column);
      self->columns[column] = view_column;
    }

  /* Ties keep one order, by name, whatever the column. */
  gtk_multi_sorter_append (sorter, g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  gtk_multi_sorter_append (sorter, ca_manage_column_sorter (CA_MANAGE_COLUMN_NAME));

  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->catalog)),
                                          GTK_SORTER (g_object_ref (sorter)));
  self->filter = gtk_custom_filter_new (search_match, self, NULL);
  self->searched = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->sorted)),
                                              GTK_FILTER (g_object_ref (self->filter)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->searched)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  ca_manage_window_apply_sort (self);

  g_signal_connect_object (self->searched, "items-changed",
                           G_CALLBACK (ca_manage_window_searched_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (ca_manage_window_selection_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->catalog, "items-changed",
                           G_CALLBACK (ca_manage_window_catalog_changed_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (self->catalog, "notify::read-only",
                           G_CALLBACK (ca_manage_window_read_only_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->catalog, "notify::problem",
                           G_CALLBACK (ca_manage_window_read_only_cb), self,
                           G_CONNECT_SWAPPED);

  /* Keys of the table: Delete deletes, the Menu key opens the menu. Not
   * on the window, where Delete belongs to the search entry. */
  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                                                                                       gtk_keyval_trigger_new (GDK_KEY_KP_Delete, 0)),
                                                          gtk_named_action_new ("manage.delete")));
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Menu, 0),
                                                                                       gtk_keyval_trigger_new (GDK_KEY_F10, GDK_SHIFT_MASK)),
                                                          gtk_named_action_new ("manage.context-menu")));
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (shortcuts));

  right_click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (right_click), GDK_BUTTON_SECONDARY);
  g_signal_connect_object (right_click, "pressed",
                           G_CALLBACK (ca_manage_window_right_click_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (right_click));

  title_click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (title_click), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (title_click), GTK_PHASE_CAPTURE);
  g_signal_connect_object (title_click, "released",
                           G_CALLBACK (ca_manage_window_title_released_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (title_click));

  self->row_popover = gtk_popover_menu_new_from_model (self->row_menu);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->row_popover), FALSE);
  gtk_widget_set_halign (self->row_popover, GTK_ALIGN_START);
  gtk_widget_set_parent (self->row_popover, GTK_WIDGET (self));

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  ca_manage_window_update_read_only (self);
}

static void
ca_manage_window_dispose (GObject *object)
{
  CaManageWindow *self = (CaManageWindow *)object;
  gpointer senders[] = {
    self->catalog, self->searched, self->selection,
    self->search_bar, self->search_entry, self->column_view,
  };

  /* Nothing is updated while the widgets go away. */
  for (guint i = 0; i < G_N_ELEMENTS (senders); i++)
    {
      if (senders[i] != NULL)
        g_signal_handlers_disconnect_by_data (senders[i], self);
    }

  g_clear_pointer (&self->row_popover, gtk_widget_unparent);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), CA_TYPE_MANAGE_WINDOW);

  g_clear_object (&self->selection);
  g_clear_object (&self->searched);
  g_clear_object (&self->filter);
  g_clear_object (&self->sorted);
  g_clear_object (&self->catalog);
  memset (self->columns, 0, sizeof self->columns);

  G_OBJECT_CLASS (ca_manage_window_parent_class)->dispose (object);
}

static void
ca_manage_window_finalize (GObject *object)
{
  CaManageWindow *self = (CaManageWindow *)object;

  g_clear_pointer (&self->query, ca_search_query_free);
  g_clear_pointer (&self->reselect, g_free);

  G_OBJECT_CLASS (ca_manage_window_parent_class)->finalize (object);
}

static void
ca_manage_window_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CaManageWindow *self = CA_MANAGE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;

    case PROP_SORT_COLUMN:
      g_value_set_string (value, ca_manage_column_get_id (self->sort_column));
      break;

    case PROP_SORT_DESCENDING:
      g_value_set_boolean (value, self->sort_descending);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_manage_window_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CaManageWindow *self = CA_MANAGE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;

    case PROP_SORT_COLUMN:
      {
        CaManageColumn column;

        if (ca_manage_column_from_id (g_value_get_string (value), &column))
          ca_manage_window_set_sort (self, column, self->sort_descending, self->sorted != NULL);
      }
      break;

    case PROP_SORT_DESCENDING:
      ca_manage_window_set_sort (self, self->sort_column, g_value_get_boolean (value), self->sorted != NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_manage_window_class_init (CaManageWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ca_manage_window_constructed;
  object_class->dispose = ca_manage_window_dispose;
  object_class->finalize = ca_manage_window_finalize;
  object_class->get_property = ca_manage_window_get_property;
  object_class->set_property = ca_manage_window_set_property;

  widget_class->size_allocate = ca_manage_window_size_allocate;

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL,
                         CA_TYPE_CATALOG,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /* The column the table is sorted by: "name", "label", "category",
   * "method", "endpoint" or "modified". */
  properties[PROP_SORT_COLUMN] =
    g_param_spec_string ("sort-column", NULL, NULL,
                         "name",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SORT_DESCENDING] =
    g_param_spec_boolean ("sort-descending", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "manage.create", NULL, ca_manage_window_create);
  gtk_widget_class_install_action (widget_class, "manage.edit", NULL, ca_manage_window_edit);
  gtk_widget_class_install_action (widget_class, "manage.duplicate", NULL, ca_manage_window_duplicate);
  gtk_widget_class_install_action (widget_class, "manage.delete", NULL, ca_manage_window_delete);
  gtk_widget_class_install_action (widget_class, "manage.import", NULL, ca_manage_window_import_action);
  gtk_widget_class_install_action (widget_class, "manage.export-selected", NULL, ca_manage_window_export_selected);
  gtk_widget_class_install_action (widget_class, "manage.export-all", NULL, ca_manage_window_export_all);
  gtk_widget_class_install_action (widget_class, "manage.focus-search", NULL, ca_manage_window_focus_search);
  gtk_widget_class_install_action (widget_class, "manage.context-menu", NULL, ca_manage_window_context_menu);
  gtk_widget_class_install_property_action (widget_class, "manage.sort-column", "sort-column");
  gtk_widget_class_install_property_action (widget_class, "manage.sort-descending", "sort-descending");

  /* As in the main window where the same thing is done. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "manage.create", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "manage.edit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "manage.duplicate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "manage.import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "manage.export-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "manage.focus-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/customactions/CustomActions/ca-manage-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CaManageWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CaManageWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, CaManageWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, CaManageWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, CaManageWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CaManageWindow, info_bar);
  gtk_widget_class_bind_template_child (widget_class, CaManageWindow, info_label);
  gtk_widget_class_bind_template_child (widget_class, CaManageWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CaManageWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, CaManageWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CaManageWindow, action_bar);
  gtk_widget_class_bind_template_child (widget_class, CaManageWindow, row_menu);
  gtk_widget_class_bind_template_callback (widget_class, ca_manage_window_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_manage_window_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_manage_window_search_mode_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_manage_window_row_activated_cb);
}

static void
ca_manage_window_init (CaManageWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ca_accessible_fix_names (GTK_WIDGET (self));
}

GtkWidget *
ca_manage_window_new (GtkWindow *parent,
                      CaCatalog *catalog)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CA_IS_CATALOG (catalog), NULL);

  /* In the parent's application, so that its accelerators (Ctrl+Q) work
   * here too and the window counts as one of its own. */
  return g_object_new (CA_TYPE_MANAGE_WINDOW,
                       "transient-for", parent,
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       "catalog", catalog,
                       NULL);
}

GtkColumnView *
ca_manage_window_get_column_view (CaManageWindow *self)
{
  g_return_val_if_fail (CA_IS_MANAGE_WINDOW (self), NULL);

  return self->column_view;
}

guint
ca_manage_window_get_saves_pending (CaManageWindow *self)
{
  g_return_val_if_fail (CA_IS_MANAGE_WINDOW (self), 0);

  return self->saves_pending;
}
