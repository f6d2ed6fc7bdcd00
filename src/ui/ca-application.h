/* ca-application.h: the application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CA_TYPE_APPLICATION (ca_application_get_type ())

G_DECLARE_FINAL_TYPE (CaApplication, ca_application, CA, APPLICATION, AdwApplication)

CaApplication *ca_application_new (void);

G_END_DECLS
