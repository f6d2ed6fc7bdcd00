/* ca-application.h: the application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ca-result.h"

G_BEGIN_DECLS

#define CA_TYPE_APPLICATION (ca_application_get_type ())

G_DECLARE_FINAL_TYPE (CaApplication, ca_application, CA, APPLICATION, AdwApplication)

CaApplication  *ca_application_new             (void);
/* The last test result of each action, kept for the session. */
const CaResult *ca_application_get_last_result (CaApplication  *self,
                                                const char     *action_name);
void            ca_application_set_last_result (CaApplication  *self,
                                                const char     *action_name,
                                                const CaResult *result);
/* When it came (UTC), or NULL when there is none. */
GDateTime      *ca_application_get_last_result_time (CaApplication *self,
                                                     const char    *action_name);

G_END_DECLS
