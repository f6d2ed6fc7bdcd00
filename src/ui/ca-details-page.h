/* ca-details-page.h: one action as a marketer reads it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ca-action.h"
#include "ca-result.h"

G_BEGIN_DECLS

#define CA_TYPE_DETAILS_PAGE (ca_details_page_get_type ())

G_DECLARE_FINAL_TYPE (CaDetailsPage, ca_details_page, CA, DETAILS_PAGE, AdwBin)

/* What an action does, where it sends, the values it needs, what its
 * answer contains and how its last test request went. The buttons are
 * the window's win.send-test and win.edit-action. */
GtkWidget *ca_details_page_new        (void);
CaAction  *ca_details_page_get_action (CaDetailsPage  *self);
void       ca_details_page_set_action (CaDetailsPage  *self,
                                       CaAction       *action);
/* The last test result shown: the application's for the action (see
 * ca_application_get_last_result()), unless one is given here; it stays
 * until the action or the application's result changes. @when may be
 * NULL. */
void       ca_details_page_set_result (CaDetailsPage  *self,
                                       const CaResult *result,
                                       GDateTime      *when);

G_END_DECLS
