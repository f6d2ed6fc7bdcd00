/* ca-test-panel.h: sends a test request for an action and shows what came back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ca-action.h"
#include "ca-result.h"

G_BEGIN_DECLS

/* At most this much of a response body is shown; the rest can be saved. */
#define CA_TEST_PANEL_MAX_SHOWN (1024 * 1024)

#define CA_TYPE_TEST_PANEL (ca_test_panel_get_type ())

G_DECLARE_FINAL_TYPE (CaTestPanel, ca_test_panel, CA, TEST_PANEL, AdwBin)

/* A typed input for each variable of the action, Send and Cancel, then
 * the result: outcome, status, time, size, the request as sent (secrets
 * masked), the answer's headers and body, contract drift, "Copy as curl"
 * and "Save Response…". It does not scroll itself: put it in a
 * GtkScrolledWindow.
 *
 * Signal "result-ready" (CaResult, boxed) when a send ends with a result
 * (not when it is cancelled); the result is also the application's last
 * result for the action. Property "busy" while sending. */
GtkWidget      *ca_test_panel_new        (void);

/* @action may be NULL; it is read when the panel is shown and at each
 * send, so a working copy can be edited in between (call this again
 * after an edit that changes its variables). Values typed for keys the
 * action still has are kept. */
void            ca_test_panel_set_action (CaTestPanel *self,
                                          CaAction    *action);
CaAction       *ca_test_panel_get_action (CaTestPanel *self);
/* The Send button: does nothing while sending or while a value is
 * missing or wrong. */
void            ca_test_panel_send       (CaTestPanel *self);
void            ca_test_panel_cancel     (CaTestPanel *self);
gboolean        ca_test_panel_get_busy   (CaTestPanel *self);
/* The last result, NULL before any. */
const CaResult *ca_test_panel_get_result (CaTestPanel *self);

G_END_DECLS
