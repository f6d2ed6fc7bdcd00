/* ca-test-window.h: the "Send Test Request" window of an action
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ca-action.h"
#include "ca-test-panel.h"

G_BEGIN_DECLS

#define CA_TYPE_TEST_WINDOW (ca_test_window_get_type ())

G_DECLARE_FINAL_TYPE (CaTestWindow, ca_test_window, CA, TEST_WINDOW, AdwWindow)

/* A window, modal to @parent (may be NULL), holding a CaTestPanel for
 * @action; Escape closes it, cancelling a send under way. Present it. */
GtkWidget   *ca_test_window_new       (GtkWindow    *parent,
                                       CaAction     *action);
CaTestPanel *ca_test_window_get_panel (CaTestWindow *self);

G_END_DECLS
