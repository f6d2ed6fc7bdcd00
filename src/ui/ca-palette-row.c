/* ca-palette-row.c: a row of the action palette
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ca-action.h"
#include "ca-palette-category.h"
#include "ca-palette-row.h"
#include "ca-palette-slot.h"
#include "ca-palette-line.h"

/* One widget for both kinds of rows, so that the list view can give any
 * row any item: a category (expander, bold title, count of what the
 * search lets through) or an action (icon of its channel or category,
 * label, the first line of its description). An action row is a drag
 * source carrying the action's name as text.
 *
 * Built in code rather than from a template: with GTK 4.8 a search
 * replaces many of the ~200 rows a list view keeps, and the palette builds
 * every row it needs at start; a template costs several times as much to
 * build. The palette reuses rows too (see ca_palette_setup_row_cb()). */
struct _CaPaletteRow
{
  GtkWidget          parent_instance;

  GtkListItem       *list_item;
  /* The category or action shown, watched for changes while it is, and
   * the slot the action is in, watched for another action. */
  GObject           *item;
  CaPaletteSlot     *slot;
  GtkTreeListRow    *tree_row;

  /* Made when the row first shows a category: most rows never do. */
  GtkTreeExpander   *expander;
  GtkImage          *icon;
  GtkWidget         *text_box;
  CaPaletteLine     *title;
  CaPaletteLine     *subtitle;
  GtkLabel          *count;
};

enum {
  ACTION_DRAGGED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (CaPaletteRow, ca_palette_row, GTK_TYPE_WIDGET)

static guint signals[N_SIGNALS];

/* More than a palette of any sensible width shows of a description. */
#define SUBTITLE_MAX_CHARS 80

/* How far an action under a category is indented: the width of the
 * category's expander arrow. */
#define ACTION_INDENT 16

static void
ca_palette_row_update_category (CaPaletteRow *self)
{
  CaPaletteCategory *category = CA_PALETTE_CATEGORY (self->item);
  guint n = ca_palette_category_get_count (category);
  const char *title = ca_palette_category_get_title (category);
  char count[16];
  g_autofree char *accessible = NULL;

  g_snprintf (count, sizeof count, "%u", n);
  ca_palette_line_set_text (self->title, title);
  gtk_label_set_label (self->count, count);

  /* Translators: how a screen reader names a palette category, e.g.
   * "Channels, 3 actions" */
  accessible = g_strdup_printf (ngettext ("%s, %u action", "%s, %u actions", n), title, n);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, NULL,
                                  -1);
}

static void
ca_palette_row_update_action (CaPaletteRow *self)
{
  CaAction *action = CA_ACTION (self->item);
  const char *label = ca_action_get_display_label (action);
  const char *description = ca_action_get_description (action);
  const char *end = description;
  const char *icon_name;
  g_autofree char *first_line = NULL;
  gsize n_chars = 0;

  /* One line: the first (a label in single-line mode would show the line
   * breaks as boxes), and no more of it than the palette can show: the
   * label lays out (shapes) the whole text to cut it, for every row the
   * list view makes, and a search can make 200. */
  while (end != NULL && *end != '\0' && *end != '\n' && n_chars < SUBTITLE_MAX_CHARS)
    {
      end = g_utf8_next_char (end);
      n_chars++;
    }
  if (end != NULL && *end != '\0')
    first_line = g_strdup_printf ("%.*s…", (int)(end - description), description);

  icon_name = ca_palette_category_icon_for_action (action);
  /* Setting the same icon again is not free (the image drops and looks
   * it up again); rows are often given an action of the same kind. */
  if (g_strcmp0 (gtk_image_get_icon_name (self->icon), icon_name) != 0)
    gtk_image_set_from_icon_name (self->icon, icon_name);
  ca_palette_line_set_text (self->title, label);
  /* Shown empty when there is no description, not hidden: every action
   * row is as high as the others, and a search that puts another action
   * in a row on screen changes no widget's visibility (each change is a
   * relayout, and an event for screen readers). */
  ca_palette_line_set_text (self->subtitle,
                            first_line ? first_line : description ? description : "");

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
ca_palette_row_category_changed_cb (CaPaletteRow      *self,
                                 GParamSpec        *pspec,
                                 CaPaletteCategory *category)
{
  ca_palette_row_update_category (self);
}

static void
ca_palette_row_action_changed_cb (CaPaletteRow *self,
                                  GParamSpec   *pspec,
                                  CaAction     *action)
{
  ca_palette_row_update_action (self);
}

/* Shows @action (NULL: none) and follows its changes. */
static void
ca_palette_row_show_action (CaPaletteRow *self,
                            CaAction     *action)
{
  if (self->item != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->item, self);
      g_clear_object (&self->item);
    }

  if (action == NULL)
    return;

  self->item = g_object_ref (G_OBJECT (action));
  g_signal_connect_swapped (action,
                            "notify",
                            G_CALLBACK (ca_palette_row_action_changed_cb),
                            self);
  ca_palette_row_update_action (self);
}

/* A search put another action in the slot. */
static void
ca_palette_row_slot_changed_cb (CaPaletteRow  *self,
                                GParamSpec    *pspec,
                                CaPaletteSlot *slot)
{
  ca_palette_row_show_action (self, ca_palette_slot_get_action (slot));
}

/* Both the label and the description are cut to the palette's width: the
 * tooltip has them whole. Made when asked for: setting a tooltip on each
 * bind costs a round trip to the display server per row. */
static gboolean
ca_palette_row_query_tooltip_cb (CaPaletteRow *self,
                                 int           x,
                                 int           y,
                                 gboolean      keyboard,
                                 GtkTooltip   *tooltip)
{
  const char *label;
  const char *description;
  g_autofree char *text = NULL;

  if (!CA_IS_ACTION (self->item))
    return FALSE;

  label = ca_action_get_display_label (CA_ACTION (self->item));
  description = ca_action_get_description (CA_ACTION (self->item));
  if (description != NULL && description[0] != '\0')
    text = g_strdup_printf ("%s\n%s", label, description);

  gtk_tooltip_set_text (tooltip, text ? text : label);
  return TRUE;
}

static GdkContentProvider *
ca_palette_row_drag_prepare_cb (CaPaletteRow  *self,
                                double         x,
                                double         y,
                                GtkDragSource *source)
{
  /* An action is dragged as its name, for anything that takes text
   * (text/plain among others). */
  if (CA_IS_ACTION (self->item))
    return gdk_content_provider_new_typed (G_TYPE_STRING,
                                           ca_action_get_name (CA_ACTION (self->item)));

  return NULL;
}

static void
ca_palette_row_drag_begin_cb (CaPaletteRow  *self,
                              GdkDrag       *drag,
                              GtkDragSource *source)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GdkPaintable) picture = NULL;

  if (!CA_IS_ACTION (self->item))
    return;

  /* The row as it looks now: the widget itself may show another action
   * once the list view reuses it. */
  paintable = gtk_widget_paintable_new (GTK_WIDGET (self));
  picture = gdk_paintable_get_current_image (paintable);
  gtk_drag_source_set_icon (source, picture, 0, 0);

  g_signal_emit (self, signals[ACTION_DRAGGED], 0, self->item);
}

static void
ca_palette_row_dispose (GObject *object)
{
  CaPaletteRow *self = (CaPaletteRow *)object;
  GtkWidget *child;

  ca_palette_row_unbind (self);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ca_palette_row_parent_class)->dispose (object);
}

static void
ca_palette_row_class_init (CaPaletteRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_palette_row_dispose;

  /**
   * CaPaletteRow::action-dragged:
   * @action: the action
   *
   * A drag of the row's action has begun.
   */
  signals[ACTION_DRAGGED] =
    g_signal_new ("action-dragged",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1, CA_TYPE_ACTION);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "paletterow");
}

static void
ca_palette_row_init (CaPaletteRow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkDragSource *source;

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (widget)), 12);

  /* Decoration: the row says what the action is. (A NULL label would
   * leave it named "GtkImage".) */
  self->icon = g_object_new (GTK_TYPE_IMAGE,
                             "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                             NULL);
  gtk_widget_set_valign (GTK_WIDGET (self->icon), GTK_ALIGN_CENTER);
  gtk_widget_set_parent (GTK_WIDGET (self->icon), widget);

  self->text_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_valign (self->text_box, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (self->text_box, TRUE);
  gtk_widget_set_parent (self->text_box, widget);

  self->title = CA_PALETTE_LINE (ca_palette_line_new (GTK_ACCESSIBLE_ROLE_LABEL));
  gtk_box_append (GTK_BOX (self->text_box), GTK_WIDGET (self->title));

  self->subtitle = CA_PALETTE_LINE (ca_palette_line_new (GTK_ACCESSIBLE_ROLE_PRESENTATION));
  gtk_widget_add_css_class (GTK_WIDGET (self->subtitle), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->subtitle), "dim-label");
  gtk_box_append (GTK_BOX (self->text_box), GTK_WIDGET (self->subtitle));

  self->count = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_valign (GTK_WIDGET (self->count), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->count), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->count), "numeric");
  gtk_widget_set_parent (GTK_WIDGET (self->count), widget);

  gtk_widget_set_has_tooltip (widget, TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (ca_palette_row_query_tooltip_cb), NULL);

  source = gtk_drag_source_new ();
  gtk_drag_source_set_actions (source, GDK_ACTION_COPY);
  g_signal_connect_object (source,
                           "prepare",
                           G_CALLBACK (ca_palette_row_drag_prepare_cb),
                           self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (source,
                           "drag-begin",
                           G_CALLBACK (ca_palette_row_drag_begin_cb),
                           self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (source));
}

GtkWidget *
ca_palette_row_new (void)
{
  return g_object_new (CA_TYPE_PALETTE_ROW, NULL);
}

void
ca_palette_row_bind (CaPaletteRow   *self,
                     GtkListItem    *list_item,
                     GObject        *item,
                     GtkTreeListRow *tree_row,
                     gboolean        under_category)
{
  gboolean is_category;

  g_return_if_fail (CA_IS_PALETTE_ROW (self));
  g_return_if_fail (GTK_IS_LIST_ITEM (list_item));
  g_return_if_fail (CA_IS_PALETTE_CATEGORY (item) || CA_IS_ACTION (item) || CA_IS_PALETTE_SLOT (item));
  g_return_if_fail (!tree_row || GTK_IS_TREE_LIST_ROW (tree_row));

  ca_palette_row_unbind (self);

  is_category = CA_IS_PALETTE_CATEGORY (item);
  self->list_item = list_item;

  /* An action's tree row is not kept: the list view keeps an action's
   * widget when a search moves it, while the tree makes a new row. */
  if (is_category && tree_row != NULL)
    {
      self->tree_row = g_object_ref (tree_row);

      if (self->expander == NULL)
        {
          self->expander = GTK_TREE_EXPANDER (gtk_tree_expander_new ());
          gtk_widget_insert_after (GTK_WIDGET (self->expander), GTK_WIDGET (self), NULL);
        }
      gtk_tree_expander_set_list_row (self->expander, self->tree_row);
    }

  if (self->expander != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->expander), is_category);
  gtk_widget_set_visible (GTK_WIDGET (self->icon), !is_category);
  gtk_widget_set_visible (GTK_WIDGET (self->count), is_category);
  gtk_widget_set_margin_start (GTK_WIDGET (self->icon), under_category ? ACTION_INDENT : 0);

  if (is_category)
    {
      self->item = g_object_ref (item);
      gtk_widget_add_css_class (GTK_WIDGET (self->title), "heading");
      gtk_widget_set_visible (GTK_WIDGET (self->subtitle), FALSE);
      /* A root may show another category after a search. */
      g_signal_connect_swapped (item,
                                "notify::title",
                                G_CALLBACK (ca_palette_row_category_changed_cb),
                                self);
      g_signal_connect_swapped (item,
                                "notify::count",
                                G_CALLBACK (ca_palette_row_category_changed_cb),
                                self);
      ca_palette_row_update_category (self);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->title), "heading");
      gtk_widget_set_visible (GTK_WIDGET (self->subtitle), TRUE);
      if (CA_IS_PALETTE_SLOT (item))
        {
          self->slot = g_object_ref (CA_PALETTE_SLOT (item));
          g_signal_connect_swapped (item,
                                    "notify::action",
                                    G_CALLBACK (ca_palette_row_slot_changed_cb),
                                    self);
        }
      ca_palette_row_show_action (self, ca_palette_item_get_action (item));
    }
}

void
ca_palette_row_unbind (CaPaletteRow *self)
{
  g_return_if_fail (CA_IS_PALETTE_ROW (self));

  if (self->slot != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->slot, self);
      g_clear_object (&self->slot);
    }

  if (self->item != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->item, self);
      g_clear_object (&self->item);
    }

  if (self->tree_row != NULL)
    {
      gtk_tree_expander_set_list_row (self->expander, NULL);
      g_clear_object (&self->tree_row);
    }

  self->list_item = NULL;
}

/**
 * ca_palette_row_get_item:
 *
 * Returns: (transfer none) (nullable): the category or the action shown
 */
GObject *
ca_palette_row_get_item (CaPaletteRow *self)
{
  g_return_val_if_fail (CA_IS_PALETTE_ROW (self), NULL);

  return self->item;
}

guint
ca_palette_row_get_position (CaPaletteRow *self)
{
  g_return_val_if_fail (CA_IS_PALETTE_ROW (self), GTK_INVALID_LIST_POSITION);

  if (self->list_item == NULL)
    return GTK_INVALID_LIST_POSITION;

  return gtk_list_item_get_position (self->list_item);
}

/**
 * ca_palette_row_get_tree_row:
 *
 * Returns: (transfer none) (nullable): the tree row of the category shown
 */
GtkTreeListRow *
ca_palette_row_get_tree_row (CaPaletteRow *self)
{
  g_return_val_if_fail (CA_IS_PALETTE_ROW (self), NULL);

  return self->tree_row;
}
