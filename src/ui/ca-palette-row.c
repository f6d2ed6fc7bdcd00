/* ca-palette-row.c: a row of the action palette
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ca-action.h"
#include "ca-palette-category.h"
#include "ca-palette-row.h"

/* One widget for both kinds of rows, so that the list view recycles any
 * row for any item: a category (bold title, count) or an action (icon of
 * its category, label, one line of description). */
struct _CaPaletteRow
{
  GtkWidget        parent_instance;

  GtkTreeListRow  *list_row;
  /* The item shown, watched for changes while it is. */
  GObject         *item;

  GtkTreeExpander *expander;
  GtkImage        *icon;
  GtkLabel        *title;
  GtkLabel        *subtitle;
  GtkLabel        *count;
};

enum {
  PROP_0,
  PROP_LIST_ROW,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (CaPaletteRow, ca_palette_row, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static void
ca_palette_row_update_category (CaPaletteRow *self)
{
  CaPaletteCategory *category = CA_PALETTE_CATEGORY (self->item);
  g_autofree char *count = NULL;

  count = g_strdup_printf ("%u", ca_palette_category_get_count (category));
  gtk_label_set_label (self->title, ca_palette_category_get_title (category));
  gtk_label_set_label (self->count, count);
}

static void
ca_palette_row_update_action (CaPaletteRow *self)
{
  CaAction *action = CA_ACTION (self->item);
  const char *description = ca_action_get_description (action);

  gtk_image_set_from_icon_name (self->icon,
                                ca_palette_category_icon_for (ca_action_get_category (action)));
  gtk_label_set_label (self->title, ca_action_get_display_label (action));
  gtk_label_set_label (self->subtitle, description ? description : "");
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle),
                          description != NULL && description[0] != '\0');
}

static void
ca_palette_row_count_changed_cb (CaPaletteRow      *self,
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

static void
ca_palette_row_disconnect (CaPaletteRow *self)
{
  if (self->item != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->item, self);
      g_clear_object (&self->item);
    }
}

static void
ca_palette_row_connect (CaPaletteRow *self,
                        GObject      *item)
{
  gboolean is_category = CA_IS_PALETTE_CATEGORY (item);

  self->item = g_object_ref (item);

  gtk_widget_set_visible (GTK_WIDGET (self->icon), !is_category);
  gtk_widget_set_visible (GTK_WIDGET (self->count), is_category);

  if (is_category)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->title), "heading");
      gtk_widget_set_visible (GTK_WIDGET (self->subtitle), FALSE);
      g_signal_connect_swapped (item,
                                "notify::count",
                                G_CALLBACK (ca_palette_row_count_changed_cb),
                                self);
      ca_palette_row_update_category (self);
    }
  else if (CA_IS_ACTION (item))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->title), "heading");
      g_signal_connect_swapped (item,
                                "notify",
                                G_CALLBACK (ca_palette_row_action_changed_cb),
                                self);
      ca_palette_row_update_action (self);
    }
}

static GdkContentProvider *
ca_palette_row_drag_prepare_cb (CaPaletteRow  *self,
                                double         x,
                                double         y,
                                GtkDragSource *source)
{
  /* An action is dragged as its name, for anything that takes text. */
  if (CA_IS_ACTION (self->item))
    return gdk_content_provider_new_typed (G_TYPE_STRING,
                                           ca_action_get_name (CA_ACTION (self->item)));

  return NULL;
}

static void
ca_palette_row_dispose (GObject *object)
{
  CaPaletteRow *self = (CaPaletteRow *)object;

  ca_palette_row_disconnect (self);
  g_clear_object (&self->list_row);

  gtk_widget_dispose_template (GTK_WIDGET (self), CA_TYPE_PALETTE_ROW);

  G_OBJECT_CLASS (ca_palette_row_parent_class)->dispose (object);
}

static void
ca_palette_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CaPaletteRow *self = CA_PALETTE_ROW (object);

  switch (prop_id)
    {
    case PROP_LIST_ROW:
      g_value_set_object (value, self->list_row);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_palette_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CaPaletteRow *self = CA_PALETTE_ROW (object);

  switch (prop_id)
    {
    case PROP_LIST_ROW:
      ca_palette_row_set_list_row (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_palette_row_class_init (CaPaletteRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_palette_row_dispose;
  object_class->get_property = ca_palette_row_get_property;
  object_class->set_property = ca_palette_row_set_property;

  properties[PROP_LIST_ROW] =
    g_param_spec_object ("list-row", NULL, NULL,
                         GTK_TYPE_TREE_LIST_ROW,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/customactions/CustomActions/ca-palette-row.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "paletterow");
  gtk_widget_class_bind_template_child (widget_class, CaPaletteRow, expander);
  gtk_widget_class_bind_template_child (widget_class, CaPaletteRow, icon);
  gtk_widget_class_bind_template_child (widget_class, CaPaletteRow, title);
  gtk_widget_class_bind_template_child (widget_class, CaPaletteRow, subtitle);
  gtk_widget_class_bind_template_child (widget_class, CaPaletteRow, count);
}

static void
ca_palette_row_init (CaPaletteRow *self)
{
  GtkDragSource *source;

  gtk_widget_init_template (GTK_WIDGET (self));

  source = gtk_drag_source_new ();
  gtk_drag_source_set_actions (source, GDK_ACTION_COPY);
  g_signal_connect_object (source,
                           "prepare",
                           G_CALLBACK (ca_palette_row_drag_prepare_cb),
                           self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (source));
}

GtkWidget *
ca_palette_row_new (void)
{
  return g_object_new (CA_TYPE_PALETTE_ROW, NULL);
}

/**
 * ca_palette_row_get_list_row:
 *
 * Returns: (transfer none) (nullable): the row shown
 */
GtkTreeListRow *
ca_palette_row_get_list_row (CaPaletteRow *self)
{
  g_return_val_if_fail (CA_IS_PALETTE_ROW (self), NULL);

  return self->list_row;
}

void
ca_palette_row_set_list_row (CaPaletteRow   *self,
                             GtkTreeListRow *list_row)
{
  g_return_if_fail (CA_IS_PALETTE_ROW (self));
  g_return_if_fail (!list_row || GTK_IS_TREE_LIST_ROW (list_row));

  if (self->list_row == list_row)
    return;

  ca_palette_row_disconnect (self);
  g_set_object (&self->list_row, list_row);
  gtk_tree_expander_set_list_row (self->expander, list_row);

  if (list_row != NULL)
    {
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (list_row);

      if (item != NULL)
        ca_palette_row_connect (self, item);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIST_ROW]);
}
