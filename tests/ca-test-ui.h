/* ca-test-ui.h: what the widget tests share: set-up, finding widgets,
 * waiting for the main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ca-catalog.h"

G_BEGIN_DECLS

#define CA_TEST_WAIT_SECONDS 10

/* g_test_init() with isolated directories, then GTK, libadwaita and
 * GtkSourceView when there is a display; whether there is. */
gboolean    ca_test_ui_init          (int        *argc,
                                      char     ***argv);
gboolean    ca_test_ui_have_display  (void);

#define CA_TEST_REQUIRE_DISPLAY()               \
  G_STMT_START {                                \
    if (!ca_test_ui_have_display ())            \
      {                                         \
        g_test_skip ("No display available");   \
        return;                                 \
      }                                         \
  } G_STMT_END

/* The first widget of @type under @root (depth first, @root included). */
GtkWidget  *ca_test_find_widget      (GtkWidget  *root,
                                      GType       type);
/* The same, among those for which @match (NULL: any) says yes. */
GtkWidget  *ca_test_find_widget_matching (GtkWidget     *root,
                                          GType          type,
                                          gboolean     (*match) (GtkWidget *, gconstpointer),
                                          gconstpointer  data);
/* The first widget under @root whose accessible label, label, title or
 * button label is @name. */
GtkWidget  *ca_test_find_named      (GtkWidget  *root,
                                      const char *name);
/* Every mapped label's text under @root, one a line. */
char       *ca_test_labels_of        (GtkWidget  *root);
/* Iterates the main loop until @done says so; fails after
 * CA_TEST_WAIT_SECONDS. */
void        ca_test_iterate_until    (gboolean  (*done) (gpointer),
                                      gpointer    data);
/* The same, failing after @seconds. */
void        ca_test_iterate_until_timeout (gboolean  (*done) (gpointer),
                                           gpointer    data,
                                           guint       seconds);
/* Predicates for those: whether *(gpointer *) @data is NULL, or not. */
gboolean    ca_test_is_null          (gpointer    data);
gboolean    ca_test_is_nonnull       (gpointer    data);
/* Whatever is pending, then nothing more. */
void        ca_test_iterate_idle     (void);
void        ca_test_wait_mapped      (GtkWidget  *widget);
/* Until a mapped label under @root shows @text. */
void        ca_test_wait_for_label   (GtkWidget  *root,
                                      const char *text);
/* Presses @widget: a button's clicked, an action row's activation. */
void        ca_test_activate         (GtkWidget  *widget);
/* Presses @keyval on @widget as GTK would: the key controllers of its
 * ancestors and its own in the capture phase, then the key controllers
 * and shortcuts (key bindings of list views among them) of the widget and
 * of its ancestors in the bubble phase, until one handles it. Whether one
 * did. */
gboolean    ca_test_press_key        (GtkWidget       *widget,
                                      guint            keyval,
                                      GdkModifierType  modifiers);

/* A catalog file in a temporary directory of its own (tests run in
 * parallel), and the catalog loaded from it. */
typedef struct {
  char      *dir;
  char      *path;
  GFile     *file;
  CaCatalog *catalog;
} CaTestCatalogFile;

/* Writes @text as the catalog file and loads it. */
void        ca_test_catalog_file_set_up    (CaTestCatalogFile *self,
                                            const char        *text);
/* Removes the directory with whatever the test left in it (backups). */
void        ca_test_catalog_file_tear_down (CaTestCatalogFile *self);

/* The palette under @root (a CaPalette, or a window that has one). */
/* The model its list view shows: the categories and the actions, a row
 * each (its tree is in passthrough mode). */
GListModel *ca_test_palette_rows     (GtkWidget  *root);
/* The item of a row, a CaAction or a CaPaletteCategory (full). */
gpointer    ca_test_palette_row_item (GListModel *rows,
                                      guint       position);
/* The actions shown, in order. */
GPtrArray  *ca_test_palette_actions  (GtkWidget  *root);

G_END_DECLS
