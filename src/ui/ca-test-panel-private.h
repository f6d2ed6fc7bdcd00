/* ca-test-panel-private.h: the test panel's insides, for its files, tests and benchmark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtksourceview/gtksource.h>

#include "ca-test-panel.h"

G_BEGIN_DECLS

struct _CaTestPanel
{
  AdwBin                parent_instance;

  CaAction             *action;
  GPtrArray            *inputs;          /* Input */
  gboolean              valid;           /* every value fits: Send can go */

  /* Sending */
  GCancellable         *cancellable;
  CaAction             *sending_action;  /* the copy being sent */
  CaRequest            *rendered;        /* what was rendered for it */
  CaRequest            *checked;         /* what the values typed render to, when they do */
  gint64                send_start;      /* monotonic, µs */
  guint                 elapsed_source;

  /* The result, and the request it shows */
  CaResult             *result;
  CaRequest            *shown_request;
  GCancellable         *show_cancellable;
  char                 *pending_text;    /* what is left to insert into the body */
  gsize                 pending_offset;
  gsize                 pending_length;
  guint                 insert_source;
  gboolean              body_pending;
  GPtrArray            *drift_rows;
  guint                 copied_source;
  GtkFileChooserNative *chooser;
  GCancellable         *save_cancellable;

  /* Template */
  AdwPreferencesGroup  *values_group;
  AdwActionRow         *no_values_row;
  GtkLabel             *status_label;
  GtkSpinner           *spinner;
  GtkLabel             *elapsed_label;
  GtkButton            *cancel_button;
  GtkButton            *send_button;
  GtkWidget            *result_box;
  AdwActionRow         *outcome_row;
  GtkLabel             *outcome_label;
  GtkLabel             *attempts_label;
  GtkLabel             *time_label;
  GtkLabel             *size_label;
  AdwPreferencesGroup  *drift_group;
  GtkLabel             *copied_label;
  GtkLabel             *request_label;
  GtkWidget            *request_body_scroller;
  GtkSourceView        *request_body_view;
  GtkLabel             *response_headers_label;
  GtkLabel             *body_note_label;
  GtkLabel             *save_status_label;
  GtkStack             *body_stack;
  GtkLabel             *body_empty_label;
  GtkSourceView        *body_view;
};

/* ca-test-panel.c */
void           ca_test_panel_update_actions       (CaTestPanel          *self);

/* ca-test-panel-result.c: showing a result */
void           ca_test_panel_init_result          (CaTestPanel          *self);
void           ca_test_panel_dispose_result       (CaTestPanel          *self);
/* Shows self->result; the body is laid out in a thread, then put into its
 * view a piece at a time. */
void           ca_test_panel_show_result          (CaTestPanel          *self);
/* The media type of @headers' Content-Type, lower case, or NULL. */
char          *ca_test_panel_content_type         (GPtrArray            *headers);
gboolean       ca_test_panel_is_json_type         (const char           *content_type);

/* For tests and the benchmark */

/* What "Save Response…" does once a file is chosen: writes the whole
 * body of the last result to @file, replacing it. */
void           ca_test_panel_save_response_async  (CaTestPanel          *self,
                                                   GFile                *file,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean       ca_test_panel_save_response_finish (CaTestPanel          *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* Whether the response body is still being laid out or put into its
 * view (after "result-ready"). */
gboolean       ca_test_panel_get_body_pending     (CaTestPanel          *self);
GtkTextBuffer *ca_test_panel_get_body_buffer      (CaTestPanel          *self);

G_END_DECLS
