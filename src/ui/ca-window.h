/* ca-window.h: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ca-application.h"
#include "ca-catalog.h"

G_BEGIN_DECLS

#define CA_TYPE_WINDOW (ca_window_get_type ())

G_DECLARE_FINAL_TYPE (CaWindow, ca_window, CA, WINDOW, AdwApplicationWindow)

/* @app may be NULL (tests). */
CaWindow  *ca_window_new          (CaApplication      *app,
                                   CaCatalog          *catalog);
CaCatalog *ca_window_get_catalog  (CaWindow           *self);
/* Loads the window's catalog from its file, without blocking; the window
 * shows what it finds, and why it is read-only when it is. */
void       ca_window_load_catalog (CaWindow           *self,
                                   CaCatalogLoadFlags  flags);
/* Whether a load started by ca_window_load_catalog() is under way. */
gboolean   ca_window_get_loading  (CaWindow           *self);
/* Selects @action in the palette and shows its details. */
gboolean   ca_window_select_action (CaWindow          *self,
                                    CaAction          *action);

G_END_DECLS
