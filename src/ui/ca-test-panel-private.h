/* ca-test-panel-private.h: what the tests and the benchmark reach in a test panel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ca-test-panel.h"

G_BEGIN_DECLS

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
