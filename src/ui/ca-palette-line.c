/* ca-palette-line.c: one line of text cut to its width, for palette rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ca-palette-line.h"
#include "ca-util.h"

/* What a GtkLabel with one ellipsized line shows, without its cost: a
 * label lays its whole text out to say how wide and high it is, and the
 * GTK 4.8 list view asks that of every one of the ~200 rows it keeps each
 * time a search changes them. This one is as high as a line of its font
 * and asks for no width: its text is laid out only when it is drawn,
 * that is for the rows on screen. A row has two: the title, a label for
 * screen readers too, and the description, which they pass over (it is
 * the row's accessible description). */
struct _CaPaletteLine
{
  GtkWidget    parent_instance;

  char        *text;
  /* Laid out for the width it was drawn at. */
  PangoLayout *layout;
  int          layout_width;
  guint        context_serial;
};

enum {
  PROP_0,
  PROP_TEXT,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (CaPaletteLine, ca_palette_line, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static void
ca_palette_line_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  PangoContext *context;
  PangoFontMetrics *metrics;
  int height;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = *natural = 0;
      return;
    }

  /* The font's metrics are cached by Pango: no text is laid out. */
  context = gtk_widget_get_pango_context (widget);
  metrics = pango_context_get_metrics (context,
                                       pango_context_get_font_description (context),
                                       pango_context_get_language (context));
  height = PANGO_PIXELS_CEIL (pango_font_metrics_get_height (metrics));
  if (height <= 0)
    height = PANGO_PIXELS_CEIL (pango_font_metrics_get_ascent (metrics) +
                                pango_font_metrics_get_descent (metrics));
  pango_font_metrics_unref (metrics);

  *minimum = *natural = height;
}

static void
ca_palette_line_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  CaPaletteLine *self = CA_PALETTE_LINE (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  G_GNUC_END_IGNORE_DEPRECATIONS
  GdkRGBA color;
  int text_height;

  if (self->text == NULL || self->text[0] == '\0' || width <= 0)
    return;

  if (self->layout == NULL)
    {
      self->layout = gtk_widget_create_pango_layout (widget, self->text);
      pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_single_paragraph_mode (self->layout, TRUE);
      self->layout_width = -1;
      self->context_serial = pango_context_get_serial (pango_layout_get_context (self->layout));
    }
  else if (self->context_serial != pango_context_get_serial (pango_layout_get_context (self->layout)))
    {
      /* Another font (the theme's, or the text scale). */
      pango_layout_context_changed (self->layout);
      self->context_serial = pango_context_get_serial (pango_layout_get_context (self->layout));
    }

  if (self->layout_width != width)
    {
      pango_layout_set_width (self->layout, width * PANGO_SCALE);
      pango_layout_set_alignment (self->layout,
                                  gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL
                                  ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
      self->layout_width = width;
    }

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (style, &color);
  G_GNUC_END_IGNORE_DEPRECATIONS

  pango_layout_get_pixel_size (self->layout, NULL, &text_height);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, MAX (0, (height - text_height) / 2)));
  gtk_snapshot_append_layout (snapshot, self->layout, &color);
  gtk_snapshot_restore (snapshot);
}

/* A change of font or direction: lay out again at the next draw. */
static void
ca_palette_line_forget_layout (CaPaletteLine *self)
{
  g_clear_object (&self->layout);
}

static void
ca_palette_line_direction_changed (GtkWidget        *widget,
                                   GtkTextDirection  previous)
{
  ca_palette_line_forget_layout (CA_PALETTE_LINE (widget));
  gtk_widget_queue_draw (widget);

  GTK_WIDGET_CLASS (ca_palette_line_parent_class)->direction_changed (widget, previous);
}

static void
ca_palette_line_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ca_palette_line_parent_class)->root (widget);

  ca_palette_line_forget_layout (CA_PALETTE_LINE (widget));
}

static void
ca_palette_line_finalize (GObject *object)
{
  CaPaletteLine *self = (CaPaletteLine *)object;

  g_clear_object (&self->layout);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (ca_palette_line_parent_class)->finalize (object);
}

static void
ca_palette_line_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CaPaletteLine *self = CA_PALETTE_LINE (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_palette_line_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CaPaletteLine *self = CA_PALETTE_LINE (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      ca_palette_line_set_text (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_palette_line_class_init (CaPaletteLineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ca_palette_line_finalize;
  object_class->get_property = ca_palette_line_get_property;
  object_class->set_property = ca_palette_line_set_property;

  widget_class->measure = ca_palette_line_measure;
  widget_class->snapshot = ca_palette_line_snapshot;
  widget_class->direction_changed = ca_palette_line_direction_changed;
  widget_class->root = ca_palette_line_root;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PRESENTATION);
}

static void
ca_palette_line_init (CaPaletteLine *self)
{
}

GtkWidget *
ca_palette_line_new (GtkAccessibleRole role)
{
  return g_object_new (CA_TYPE_PALETTE_LINE, "accessible-role", role, NULL);
}

const char *
ca_palette_line_get_text (CaPaletteLine *self)
{
  g_return_val_if_fail (CA_IS_PALETTE_LINE (self), NULL);

  return self->text;
}

void
ca_palette_line_set_text (CaPaletteLine *self,
                          const char    *text)
{
  g_return_if_fail (CA_IS_PALETTE_LINE (self));

  if (!ca_set_str (&self->text, text))
    return;

  /* The same height whatever the text: only a new drawing. */
  if (self->layout != NULL)
    pango_layout_set_text (self->layout, self->text ? self->text : "", -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));

  if (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (self)) == GTK_ACCESSIBLE_ROLE_LABEL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, self->text ? self->text : "",
                                    -1);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}
