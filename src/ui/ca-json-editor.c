/* ca-json-editor.c: a JSON text editor that says where the text stops being JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>
#include <stdlib.h>
#include <string.h>

#include "ca-json-editor.h"
#include "ca-json.h"
#include "ca-problem.h"

/* The samples of an action are typed here: highlighting, line numbers,
 * and, as soon as the text is not JSON, the place and the reason under
 * it and a wavy line in it. The text is parsed on every change (samples
 * are small; a megabyte takes milliseconds with the core's parser). */
struct _CaJsonEditor
{
  GtkWidget        parent_instance;

  GtkSourceView   *view;
  GtkSourceBuffer *buffer;
  GtkLabel        *error_label;
  GtkTextTag      *error_tag;

  JsonNode        *node;
  char            *error;
  int              error_line;    /* from 0; -1: none */
  int              error_column;  /* from 0, in characters */
  gboolean         setting_text;
  gboolean         empty;         /* nothing but white space */
  /* "changed" waits for the end of the main loop iteration: replacing
   * the text (a paste over a selection) is a deletion then an insertion,
   * and the empty text between them is not something the user typed. */
  guint            changed_source;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CaJsonEditor, ca_json_editor, GTK_TYPE_WIDGET)

/* "3:7: expected ','" → line 2, column 6 (from 0) and the reason. */
static const char *
split_location (const char *message,
                int        *line,
                int        *column)
{
  char *end;
  long l, c;

  l = strtol (message, &end, 10);
  if (end == message || *end != ':')
    return message;
  c = strtol (end + 1, &end, 10);
  if (*end != ':')
    return message;

  *line = MAX (0, (int) l - 1);
  *column = MAX (0, (int) c - 1);
  return end[1] == ' ' ? end + 2 : end + 1;
}

static void
ca_json_editor_mark_error (CaJsonEditor *self)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->error_tag, &start, &end);

  if (self->error_line < 0)
    return;

  /* From the error to the end of its line, at least one character. */
  gtk_text_buffer_get_iter_at_line_offset (buffer, &start, self->error_line, self->error_column);
  end = start;
  if (!gtk_text_iter_ends_line (&end))
    gtk_text_iter_forward_to_line_end (&end);
  if (gtk_text_iter_equal (&start, &end))
    {
      if (!gtk_text_iter_backward_char (&start))
        gtk_text_iter_forward_char (&end);
    }
  gtk_text_buffer_apply_tag (buffer, self->error_tag, &start, &end);
}

static void
ca_json_editor_parse (CaJsonEditor *self)
{
  g_autofree char *text = ca_json_editor_get_text (self);
  g_autoptr(CaJsonDocument) document = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->node, json_node_unref);
  g_clear_pointer (&self->error, g_free);
  self->error_line = -1;

  self->empty = TRUE;
  for (const char *p = text; *p != '\0' && self->empty; p++)
    self->empty = g_ascii_isspace (*p);

  if (!self->empty)
    {
      document = ca_json_document_parse (text, strlen (text), &error);
      if (document != NULL)
        {
          self->node = ca_json_to_node (ca_json_document_get_root (document));
        }
      else
        {
          int line = 0, column = 0;
          const char *reason = split_location (error->message, &line, &column);

          self->error_line = line;
          self->error_column = column;
          /* Translators: where a JSON sample stops being JSON, e.g.
           * "Line 3, column 7: expected ',' or '}'". */
          self->error = g_strdup_printf (_("Line %d, column %d: %s"), line + 1, column + 1, reason);
        }
    }

  gtk_label_set_label (self->error_label, self->error != NULL ? self->error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), self->error != NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  self->error != NULL ? self->error : "",
                                  -1);
  if (self->error != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->view), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->view), "error");

  ca_json_editor_mark_error (self);
}

static gboolean
ca_json_editor_emit_changed (gpointer data)
{
  CaJsonEditor *self = data;

  self->changed_source = 0;
  ca_json_editor_parse (self);
  g_signal_emit (self, signals[CHANGED], 0);

  return G_SOURCE_REMOVE;
}

static void
ca_json_editor_buffer_changed_cb (CaJsonEditor  *self,
                                  GtkTextBuffer *buffer)
{
  if (self->setting_text)
    return;

  if (self->changed_source == 0)
    self->changed_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, ca_json_editor_emit_changed, self, NULL);
}

static void
ca_json_editor_update_scheme (CaJsonEditor *self)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());

  gtk_source_buffer_set_style_scheme (self->buffer,
                                      gtk_source_style_scheme_manager_get_scheme (schemes,
                                                                                  dark ? "Adwaita-dark" : "Adwaita"));
}

static void
ca_json_editor_dispose (GObject *object)
{
  CaJsonEditor *self = CA_JSON_EDITOR (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_handle_id (&self->changed_source, g_source_remove);
  g_clear_pointer (&self->node, json_node_unref);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (ca_json_editor_parent_class)->dispose (object);
}

static gboolean
ca_json_editor_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (CA_JSON_EDITOR (widget)->view));
}

static void
ca_json_editor_class_init (CaJsonEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_json_editor_dispose;
  widget_class->grab_focus = ca_json_editor_grab_focus;

  /* After the user's edits (not after ca_json_editor_set_text()), once per
   * main loop iteration; the node and error are up to date then. */
  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "jsoneditor");
}

static void
ca_json_editor_init (CaJsonEditor *self)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkWidget *scrolled;
  GtkWidget *frame;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 6);

  self->error_line = -1;
  self->empty = TRUE;
  /* Without the JSON language (a broken installation), plain text. */
  self->buffer = gtk_source_buffer_new (NULL);
  gtk_source_buffer_set_language (self->buffer, gtk_source_language_manager_get_language (languages, "json"));
  self->error_tag = gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (self->buffer), NULL,
                                                "underline", PANGO_UNDERLINE_ERROR,
                                                NULL);
  self->view = GTK_SOURCE_VIEW (gtk_source_view_new_with_buffer (self->buffer));
  g_object_unref (self->buffer);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (self->view), TRUE);
  gtk_source_view_set_show_line_numbers (self->view, TRUE);
  gtk_source_view_set_auto_indent (self->view, TRUE);
  gtk_source_view_set_tab_width (self->view, 2);
  gtk_source_view_set_insert_spaces_instead_of_tabs (self->view, TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self->view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (self->view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (self->view), 6);
  /* Tab inserts spaces; Ctrl+Tab (GTK's default) leaves the editor. */

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 200);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->view));

  frame = gtk_frame_new (NULL);
  gtk_frame_set_child (GTK_FRAME (frame), scrolled);
  gtk_widget_set_parent (frame, GTK_WIDGET (self));

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->error_label, 0);
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_selectable (self->error_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "caption");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_set_parent (GTK_WIDGET (self->error_label), GTK_WIDGET (self));

  g_signal_connect_object (self->buffer, "changed",
                           G_CALLBACK (ca_json_editor_buffer_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (ca_json_editor_update_scheme), self, G_CONNECT_SWAPPED);
  ca_json_editor_update_scheme (self);
}

GtkWidget *
ca_json_editor_new (void)
{
  return g_object_new (CA_TYPE_JSON_EDITOR, NULL);
}

void
ca_json_editor_set_text (CaJsonEditor *self,
                         const char   *text)
{
  g_return_if_fail (CA_IS_JSON_EDITOR (self));

  self->setting_text = TRUE;
  gtk_text_buffer_begin_irreversible_action (GTK_TEXT_BUFFER (self->buffer));
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self->buffer), text != NULL ? text : "", -1);
  gtk_text_buffer_end_irreversible_action (GTK_TEXT_BUFFER (self->buffer));
  self->setting_text = FALSE;
  /* A change of the user's not yet told is replaced by this text. */
  g_clear_handle_id (&self->changed_source, g_source_remove);
  ca_json_editor_parse (self);
}

char *
ca_json_editor_get_text (CaJsonEditor *self)
{
  GtkTextIter start, end;

  g_return_val_if_fail (CA_IS_JSON_EDITOR (self), NULL);

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self->buffer), &start, &end);
  return gtk_text_buffer_get_text (GTK_TEXT_BUFFER (self->buffer), &start, &end, FALSE);
}

gboolean
ca_json_editor_is_empty (CaJsonEditor *self)
{
  g_return_val_if_fail (CA_IS_JSON_EDITOR (self), TRUE);

  return self->empty;
}

JsonNode *
ca_json_editor_get_node (CaJsonEditor *self)
{
  g_return_val_if_fail (CA_IS_JSON_EDITOR (self), NULL);

  return self->node;
}

const char *
ca_json_editor_get_error (CaJsonEditor *self)
{
  g_return_val_if_fail (CA_IS_JSON_EDITOR (self), NULL);

  return self->error;
}

void
ca_json_editor_set_editable (CaJsonEditor *self,
                             gboolean      editable)
{
  g_return_if_fail (CA_IS_JSON_EDITOR (self));

  gtk_text_view_set_editable (GTK_TEXT_VIEW (self->view), editable);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (self->view), editable);
}

void
ca_json_editor_focus (CaJsonEditor *self)
{
  g_return_if_fail (CA_IS_JSON_EDITOR (self));

  if (self->error_line >= 0)
    {
      GtkTextIter at;

      gtk_text_buffer_get_iter_at_line_offset (GTK_TEXT_BUFFER (self->buffer), &at,
                                               self->error_line, self->error_column);
      gtk_text_buffer_place_cursor (GTK_TEXT_BUFFER (self->buffer), &at);
      gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self->view), &at, 0.1, FALSE, 0, 0);
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

/* The view, for accessible names and labels set by whoever embeds it. */
GtkWidget *
ca_json_editor_get_view (CaJsonEditor *self)
{
  g_return_val_if_fail (CA_IS_JSON_EDITOR (self), NULL);

  return GTK_WIDGET (self->view);
}
