/* ca-test-panel-result.c: how a test panel shows a result
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "ca-authenticator.h"
#include "ca-json-pretty.h"
#include "ca-problem.h"
#include "ca-test-panel-private.h"

/* Pango lays a paragraph out in one go: a line of a MiB (a minified
 * answer that is not JSON, a huge string in one) would stall the window
 * for seconds. Lines are broken at this many bytes for display. */
#define LONG_LINE 4096

/* Text goes into the body's buffer this much at a time, one piece per
 * main-loop iteration, so that frames keep coming while a MiB goes in. */
#define INSERT_CHUNK (128 * 1024)

/* A buffer that held a big body is emptied this many lines at a time
 * before it goes: freeing a MiB of laid-out text at once is a stall. */
#define RETIRE_LINES 5000

/* The text views grow with their text up to this height, then scroll. */
#define MAX_REQUEST_HEIGHT 240
#define MAX_BODY_HEIGHT    480

/* What the worker thread makes of a result for display. */
typedef struct {
  GBytes   *response;
  char     *content_type;  /* lower case, no parameters; or NULL */
  GBytes   *request;
} ShowInput;

typedef struct {
  char     *response_text;  /* NULL when there is nothing to show as text */
  gsize     response_length;
  guint     response_lines;
  gboolean  response_json;
  gboolean  response_binary;
  gboolean  lines_broken;
  char     *request_text;
  guint     request_lines;
} ShowOutput;

static void
show_input_free (ShowInput *input)
{
  g_clear_pointer (&input->response, g_bytes_unref);
  g_free (input->content_type);
  g_clear_pointer (&input->request, g_bytes_unref);
  g_free (input);
}

static void
show_output_free (ShowOutput *output)
{
  g_free (output->response_text);
  g_free (output->request_text);
  g_free (output);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShowOutput, show_output_free)

/* Formatting ------------------------------------------------------------- */

/* "METHOD URL", then a header a line; secret values masked. */
static char *
request_head_text (const CaRequest *request)
{
  g_autofree char *url = ca_request_get_url (request, FALSE);
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "%s %s", request->method, url);
  for (guint i = 0; i < request->headers->len; i++)
    {
      const CaRequestParam *header = g_ptr_array_index (request->headers, i);

      g_string_append_printf (text, "\n%s: %s", header->name, header->secret ? CA_MASK : header->value);
    }

  return g_string_free (text, FALSE);
}

/* The media type of @headers' Content-Type, lower case, or NULL. */
char *
ca_test_panel_content_type (GPtrArray *headers)
{
  for (guint i = 0; i < headers->len; i++)
    {
      const CaRequestParam *header = g_ptr_array_index (headers, i);
      g_autofree char *type = NULL;
      const char *semicolon;

      if (g_ascii_strcasecmp (header->name, "Content-Type") != 0)
        continue;

      semicolon = strchr (header->value, ';');
      type = semicolon != NULL ? g_strndup (header->value, semicolon - header->value)
                               : g_strdup (header->value);
      return g_ascii_strdown (g_strstrip (type), -1);
    }

  return NULL;
}

gboolean
ca_test_panel_is_json_type (const char *content_type)
{
  return content_type != NULL &&
         (strcmp (content_type, "application/json") == 0 ||
          strcmp (content_type, "text/json") == 0 ||
          g_str_has_suffix (content_type, "+json"));
}

static gboolean
is_text_type (const char *content_type)
{
  return content_type != NULL &&
         (g_str_has_prefix (content_type, "text/") ||
          ca_test_panel_is_json_type (content_type) ||
          g_str_has_suffix (content_type, "+xml") ||
          strcmp (content_type, "application/xml") == 0 ||
          strcmp (content_type, "application/javascript") == 0 ||
          strcmp (content_type, "application/x-www-form-urlencoded") == 0);
}

/* @text with a newline put into each line longer than LONG_LINE bytes,
 * at a character boundary; takes @text. */
static char *
break_long_lines (char     *text,
                  gboolean *broken)
{
  GString *out = NULL;
  const char *line = text;
  const char *copied = text;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\n')
        {
          line = p + 1;
          continue;
        }

      /* Break before a character that starts past the limit. */
      if (p - line >= LONG_LINE && ((guchar) *p & 0xC0) != 0x80)
        {
          if (out == NULL)
            out = g_string_sized_new (strlen (text) + strlen (text) / LONG_LINE + 16);
          g_string_append_len (out, copied, p - copied);
          g_string_append_c (out, '\n');
          copied = line = p;
        }
    }

  if (out == NULL)
    return text;

  *broken = TRUE;
  g_string_append (out, copied);
  g_free (text);
  return g_string_free (out, FALSE);
}

/* What to show of @bytes, at most CA_TEST_PANEL_MAX_SHOWN of it: JSON laid
 * out when it is JSON, else the text as it is; NULL for binary data. */
static char *
display_text (GBytes     *bytes,
              const char *content_type,
              gboolean   *json,
              gboolean   *binary,
              gboolean   *broken)
{
  gsize length = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &length) : NULL;
  gsize shown = MIN (length, CA_TEST_PANEL_MAX_SHOWN);
  char *text = NULL;

  *json = *binary = FALSE;
  if (length == 0)
    return NULL;

  /* Without a type, anything that starts like an object or an array is
   * given a try. */
  if (ca_test_panel_is_json_type (content_type) || content_type == NULL)
    {
      text = ca_json_pretty (data, length, CA_TEST_PANEL_MAX_SHOWN, NULL);
      *json = text != NULL;

      /* Strings are copied as they came: bytes that are not UTF-8 in one
       * must not reach the text view. */
      if (text != NULL && !g_utf8_validate (text, -1, NULL))
        {
          char *valid = g_utf8_make_valid (text, -1);

          g_free (text);
          text = valid;
        }
    }

  if (text == NULL)
    {
      /* Not JSON: the text, cut at a character boundary. */
      if (shown < length)
        {
          while (shown > 0 && ((guchar) data[shown] & 0xC0) == 0x80)
            shown--;
        }

      if (!g_utf8_validate_len (data, shown, NULL) && !is_text_type (content_type))
        {
          *binary = TRUE;
          return NULL;
        }

      text = g_utf8_make_valid (data, shown);
    }

  return break_long_lines (text, broken);
}

static guint
count_lines (const char *text,
             gsize       length)
{
  guint lines = 1;

  for (const char *p = text; (p = memchr (p, '\n', length - (p - text))) != NULL; p++)
    lines++;

  return lines;
}

static void
show_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ShowInput *input = task_data;
  g_autoptr(ShowOutput) output = g_new0 (ShowOutput, 1);
  gboolean json, binary, broken = FALSE;

  output->response_text = display_text (input->response, input->content_type,
                                        &output->response_json, &output->response_binary,
                                        &output->lines_broken);
  if (output->response_text != NULL)
    {
      output->response_length = strlen (output->response_text);
      output->response_lines = count_lines (output->response_text, output->response_length);
    }
  if (input->request != NULL)
    output->request_text = display_text (input->request, "application/json", &json, &binary, &broken);
  if (output->request_text != NULL)
    output->request_lines = count_lines (output->request_text, strlen (output->request_text));

  g_task_return_pointer (task, g_steal_pointer (&output), (GDestroyNotify) show_output_free);
}

/* The result -------------------------------------------------------------- */

static GtkSourceStyleScheme *
style_scheme (void)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();

  return gtk_source_style_scheme_manager_get_scheme (schemes, adw_style_manager_get_dark (manager)
                                                                ? "Adwaita-dark" : "Adwaita");
}

static void
update_style_scheme (CaTestPanel *self)
{
  GtkSourceView *views[] = { self->body_view, self->request_body_view };

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      if (views[i] != NULL)
        gtk_source_buffer_set_style_scheme (GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (views[i]))),
                                            style_scheme ());
    }
}

static void
setup_buffer (GtkSourceBuffer *buffer)
{
  /* Read-only text: nothing to undo, no brackets to match as one types. */
  gtk_text_buffer_set_enable_undo (GTK_TEXT_BUFFER (buffer), FALSE);
  gtk_source_buffer_set_highlight_matching_brackets (buffer, FALSE);
  gtk_source_buffer_set_style_scheme (buffer, style_scheme ());
}

static gboolean
retire_cb (gpointer user_data)
{
  GtkTextBuffer *buffer = user_data;
  GtkTextIter start, end;
  gboolean more;

  gtk_text_buffer_get_start_iter (buffer, &start);
  end = start;
  more = gtk_text_iter_forward_lines (&end, RETIRE_LINES);
  gtk_text_buffer_delete (buffer, &start, &end);

  return more ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* Gives @view a new, empty buffer; the old one is emptied a piece at a
 * time, between frames, then freed. */
static void
replace_buffer (GtkSourceView *view)
{
  GtkTextBuffer *old = g_object_ref (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)));
  GtkSourceLanguage *language = gtk_source_buffer_get_language (GTK_SOURCE_BUFFER (old));
  g_autoptr(GtkSourceBuffer) buffer = gtk_source_buffer_new (NULL);
  guint id;

  gtk_source_buffer_set_language (buffer, language);
  setup_buffer (buffer);
  gtk_text_view_set_buffer (GTK_TEXT_VIEW (view), GTK_TEXT_BUFFER (buffer));

  if (gtk_text_buffer_get_char_count (old) == 0)
    {
      g_object_unref (old);
      return;
    }

  id = g_idle_add_full (G_PRIORITY_LOW, retire_cb, old, g_object_unref);
  g_source_set_name_by_id (id, "[ca] test panel old body");
}

static void
set_language (GtkSourceView *view,
              gboolean       json,
              const char    *content_type)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)));
  GtkSourceLanguage *language = NULL;

  if (json)
    language = gtk_source_language_manager_get_language (languages, "json");
  else if (content_type != NULL)
    language = gtk_source_language_manager_guess_language (languages, NULL, content_type);

  gtk_source_buffer_set_language (buffer, language);
}

static void
stop_showing_body (CaTestPanel *self)
{
  g_cancellable_cancel (self->show_cancellable);
  g_clear_object (&self->show_cancellable);
  g_clear_handle_id (&self->insert_source, g_source_remove);
  g_clear_pointer (&self->pending_text, g_free);
  self->body_pending = FALSE;
}

static gboolean
insert_chunk_cb (gpointer user_data)
{
  CaTestPanel *self = user_data;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->body_view));
  const char *start = self->pending_text + self->pending_offset;
  gsize left = self->pending_length - self->pending_offset;
  gsize size = MIN (left, INSERT_CHUNK);
  GtkTextIter end;

  /* Up to a line's end, so that no character is cut in two. */
  if (size < left)
    {
      const char *newline = memchr (start + size, '\n', left - size);

      size = newline != NULL ? (gsize) (newline - start) + 1 : left;
    }

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, start, (int) size);
  self->pending_offset += size;

  if (self->pending_offset < self->pending_length)
    return G_SOURCE_CONTINUE;

  self->insert_source = 0;
  g_clear_pointer (&self->pending_text, g_free);
  self->body_pending = FALSE;
  return G_SOURCE_REMOVE;
}

static void
set_body_note (CaTestPanel *self,
               ShowOutput  *output)
{
  const CaResult *result = self->result;
  gsize size = result->body != NULL ? g_bytes_get_size (result->body) : 0;
  g_autoptr(GString) note = g_string_new (NULL);

  if (size > CA_TEST_PANEL_MAX_SHOWN && output->response_text != NULL)
    {
      g_autofree char *shown = g_format_size (CA_TEST_PANEL_MAX_SHOWN);
      g_autofree char *whole = g_format_size (size);

      /* Translators: "Showing the first 1.0 MB of 10.5 MB; …" */
      g_string_append_printf (note, _("Showing the first %s of %s; save the response to see all of it."),
                              shown, whole);
    }
  if (result->truncated)
    {
      g_autofree char *cap = g_format_size (CA_RESULT_MAX_BODY);

      if (note->len > 0)
        g_string_append_c (note, '\n');
      g_string_append_printf (note, _("The answer was longer than %s: only that much was kept."), cap);
    }
  if (output->lines_broken)
    {
      if (note->len > 0)
        g_string_append_c (note, '\n');
      g_string_append (note, _("Very long lines are broken in two for display."));
    }

  gtk_label_set_label (self->body_note_label, note->str);
  gtk_widget_set_visible (GTK_WIDGET (self->body_note_label), note->len > 0);
}

/* A scrolled text as tall as its @lines, up to @max_height: the view's
 * own natural height comes only once all of it is laid out, which for a
 * MiB of text is seconds later. */
static void
fit_height (GtkSourceView *view,
            guint          lines,
            int            max_height)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (view), GTK_TYPE_SCROLLED_WINDOW);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (view), "X");
  int line_height, height;

  pango_layout_get_pixel_size (layout, NULL, &line_height);
  height = (int) MIN (lines, (guint) max_height) * line_height +
           gtk_text_view_get_top_margin (GTK_TEXT_VIEW (view)) +
           gtk_text_view_get_bottom_margin (GTK_TEXT_VIEW (view));
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), MIN (height, max_height));
}

static void
shown_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  CaTestPanel *self = CA_TEST_PANEL (source);
  g_autoptr(ShowOutput) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *content_type = NULL;
  GtkTextBuffer *request_buffer;

  output = g_task_propagate_pointer (G_TASK (result), &error);
  if (output == NULL)
    return;  /* cancelled: another result came, or the panel went */

  g_clear_object (&self->show_cancellable);

  request_buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->request_body_view));
  gtk_text_buffer_set_text (request_buffer, output->request_text != NULL ? output->request_text : "", -1);
  gtk_widget_set_visible (self->request_body_scroller, output->request_text != NULL);
  fit_height (self->request_body_view, output->request_lines, MAX_REQUEST_HEIGHT);

  set_body_note (self, output);

  if (output->response_text == NULL)
    {
      if (output->response_binary)
        gtk_label_set_label (self->body_empty_label,
                             _("The body is not text; save the response to look at it with another app"));
      else if (self->result->status == 0)
        gtk_label_set_label (self->body_empty_label, _("No answer came"));
      else
        gtk_label_set_label (self->body_empty_label, _("The answer has no body"));
      gtk_stack_set_visible_child_name (self->body_stack, "empty");
      self->body_pending = FALSE;
      return;
    }

  content_type = ca_test_panel_content_type (self->result->headers);
  set_language (self->body_view, output->response_json, content_type);
  gtk_stack_set_visible_child_name (self->body_stack, "body");

  fit_height (self->body_view, output->response_lines, MAX_BODY_HEIGHT);

  /* Into the buffer a piece at a time, between frames. */
  self->pending_length = output->response_length;
  self->pending_text = g_steal_pointer (&output->response_text);
  self->pending_offset = 0;
  insert_chunk_cb (self);
  if (self->pending_text != NULL)
    {
      /* Right after drawing: before the view lays out and highlights what
       * it has (which would otherwise keep this waiting for seconds), never
       * before a frame. */
      self->insert_source = g_idle_add_full (GDK_PRIORITY_REDRAW + 1, insert_chunk_cb, self, NULL);
      g_source_set_name_by_id (self->insert_source, "[ca] test panel body");
    }
}

static void
clear_drift_rows (CaTestPanel *self)
{
  for (guint i = 0; i < self->drift_rows->len; i++)
    adw_preferences_group_remove (self->drift_group, g_ptr_array_index (self->drift_rows, i));
  g_ptr_array_set_size (self->drift_rows, 0);
}

static void
show_drift (CaTestPanel    *self,
            const CaResult *result)
{
  clear_drift_rows (self);

  for (guint i = 0; i < result->drift->len; i++)
    {
      const CaProblem *problem = g_ptr_array_index (result->drift, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     problem->path[0] != '\0' ? problem->path
                                                              /* Translators: where a drift is: the answer as a whole */
                                                              : _("The whole answer"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), problem->message);
      gtk_widget_add_css_class (icon, "warning");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Warning"), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_preferences_group_add (self->drift_group, row);
      g_ptr_array_add (self->drift_rows, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->drift_group), result->drift->len > 0);
}

void
ca_test_panel_show_result (CaTestPanel *self)
{
  const CaResult *result = self->result;
  g_autoptr(GString) headers = g_string_new (NULL);
  g_autofree char *outcome = NULL;
  g_autofree char *attempts = NULL;
  g_autofree char *total = NULL;
  g_autofree char *time = NULL;
  g_autofree char *size = NULL;
  g_autofree char *request_head = NULL;
  g_autoptr(GTask) task = NULL;
  ShowInput *input;
  gsize body_size = result->body != NULL ? g_bytes_get_size (result->body) : 0;

  stop_showing_body (self);

  /* Outcome and status: "http_200 · 200 OK" */
  if (result->status != 0)
    outcome = g_strdup_printf ("%s · %u %s", result->outcome, result->status,
                               soup_status_get_phrase (result->status));
  else
    outcome = g_strdup (result->outcome);
  gtk_label_set_label (self->outcome_label, outcome);
  if (ca_result_is_success (result))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->outcome_label), "success");
      gtk_widget_remove_css_class (GTK_WIDGET (self->outcome_label), "error");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->outcome_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->outcome_label), "success");
    }

  /* What went wrong, in words, under the outcome. */
  adw_action_row_set_subtitle (self->outcome_row, result->message != NULL ? result->message : "");

  attempts = g_strdup_printf ("%u", result->attempts);
  gtk_label_set_label (self->attempts_label, attempts);

  total = ca_result_format_duration (result->elapsed_ms);
  if (result->first_byte_ms >= 0)
    {
      g_autofree char *first_byte = ca_result_format_duration (result->first_byte_ms);

      /* Translators: "120 ms, first byte after 80 ms" */
      time = g_strdup_printf (_("%s, first byte after %s"), total, first_byte);
    }
  gtk_label_set_label (self->time_label, time != NULL ? time : total);

  size = ca_result_format_body_size (result);
  gtk_label_set_label (self->size_label, size);

  /* The request as sent, credentials masked: what the invoker sent, or,
   * when it did not get that far, what would have gone. */
  g_clear_pointer (&self->shown_request, ca_request_free);
  if (result->sent != NULL)
    self->shown_request = ca_request_copy (result->sent);
  else if (self->rendered != NULL)
    {
      self->shown_request = ca_authenticator_apply_offline (self->sending_action, self->rendered, FALSE, NULL);
      if (self->shown_request == NULL)
        self->shown_request = ca_request_copy (self->rendered);
    }
  if (self->shown_request != NULL)
    request_head = request_head_text (self->shown_request);
  gtk_label_set_label (self->request_label, request_head != NULL ? request_head : "");

  for (guint i = 0; i < result->headers->len; i++)
    {
      const CaRequestParam *header = g_ptr_array_index (result->headers, i);

      g_string_append_printf (headers, "%s%s: %s", i > 0 ? "\n" : "", header->name, header->value);
    }
  gtk_label_set_label (self->response_headers_label,
                       headers->len > 0 ? headers->str : _("No headers"));

  show_drift (self, result);

  gtk_widget_set_visible (GTK_WIDGET (self->save_status_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->body_note_label), FALSE);
  replace_buffer (self->body_view);
  replace_buffer (self->request_body_view);
  gtk_widget_set_visible (self->request_body_scroller, FALSE);
  gtk_label_set_label (self->body_empty_label, body_size > 0 ? _("Laying out the body…") : "");
  gtk_stack_set_visible_child_name (self->body_stack, "empty");
  gtk_widget_set_visible (self->result_box, TRUE);

  /* Laying out a MiB takes a while: in a thread, never in the main loop. */
  input = g_new0 (ShowInput, 1);
  input->response = result->body != NULL ? g_bytes_ref (result->body) : NULL;
  input->content_type = ca_test_panel_content_type (result->headers);
  input->request = self->shown_request != NULL && self->shown_request->body != NULL
                     ? g_bytes_ref (self->shown_request->body) : NULL;

  self->show_cancellable = g_cancellable_new ();
  self->body_pending = TRUE;
  task = g_task_new (self, self->show_cancellable, shown_cb, NULL);
  g_task_set_source_tag (task, ca_test_panel_show_result);
  g_task_set_name (task, "[ca] lay out a test result");
  g_task_set_task_data (task, input, (GDestroyNotify) show_input_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, show_thread);

  ca_test_panel_update_actions (self);
}

void
ca_test_panel_init_result (CaTestPanel *self)
{
  setup_buffer (GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->body_view))));
  setup_buffer (GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->request_body_view))));
  /* The request body is always JSON. Setting the language now also loads
   * it (a few hundred milliseconds of XML the first time), and keeps it
   * loaded, so that showing an answer never waits for that. */
  set_language (self->request_body_view, TRUE, NULL);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_style_scheme), self, G_CONNECT_SWAPPED);
}

void
ca_test_panel_dispose_result (CaTestPanel *self)
{
  g_signal_handlers_disconnect_by_data (adw_style_manager_get_default (), self);
  stop_showing_body (self);
  if (self->body_view != NULL)
    {
      /* The view goes with the panel: its text goes a piece at a time. */
      replace_buffer (self->body_view);
      self->body_view = NULL;
    }
}
