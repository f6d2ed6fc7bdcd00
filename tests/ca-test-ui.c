/* ca-test-ui.c: what the widget tests share: set-up, finding widgets,
 * waiting for the main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>
#include <string.h>

#include "ca-action.h"
#include "ca-palette.h"
#include "ca-palette-category.h"
#include "ca-palette-line.h"
#include "ca-palette-slot.h"
#include "ca-test-files.h"
#include "ca-test-ui.h"

static gboolean have_display;

gboolean
ca_test_ui_init (int    *argc,
                 char ***argv)
{
  const char * const *data_dirs = g_get_system_data_dirs ();
  g_autoptr(GStrvBuilder) mime_dirs = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) language_dirs = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) style_dirs = g_strv_builder_new ();
  g_auto(GStrv) mime_dirs_strv = NULL;
  g_auto(GStrv) language_dirs_strv = NULL;
  g_auto(GStrv) style_dirs_strv = NULL;

  /* Icons are SVG, which gdk-pixbuf recognises with the MIME database of
   * the system data directories, that isolating each test hides. */
  for (guint i = 0; data_dirs[i] != NULL; i++)
    {
      g_autofree char *dir = g_build_filename (data_dirs[i], "mime", NULL);

      /* GtkSourceView's JSON language and style schemes are found there
       * too. */
      g_autofree char *languages = g_build_filename (data_dirs[i], "gtksourceview-5", "language-specs", NULL);
      g_autofree char *styles = g_build_filename (data_dirs[i], "gtksourceview-5", "styles", NULL);

      g_strv_builder_add (mime_dirs, dir);
      g_strv_builder_add (language_dirs, languages);
      g_strv_builder_add (style_dirs, styles);
    }
  mime_dirs_strv = g_strv_builder_end (mime_dirs);
  language_dirs_strv = g_strv_builder_end (language_dirs);
  style_dirs_strv = g_strv_builder_end (style_dirs);

  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_content_type_set_mime_dirs ((const char * const *) mime_dirs_strv);

  have_display = gtk_init_check ();
  if (have_display)
    {
      adw_init ();
      gtk_source_init ();
      gtk_source_language_manager_set_search_path (gtk_source_language_manager_get_default (),
                                                   (const char * const *) language_dirs_strv);
      gtk_source_style_scheme_manager_set_search_path (gtk_source_style_scheme_manager_get_default (),
                                                       (const char * const *) style_dirs_strv);
    }

  return have_display;
}

gboolean
ca_test_ui_have_display (void)
{
  return have_display;
}

GtkWidget *
ca_test_find_widget_matching (GtkWidget     *root,
                              GType          type,
                              gboolean     (*match) (GtkWidget *, gconstpointer),
                              gconstpointer  data)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && (match == NULL || match (root, data)))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ca_test_find_widget_matching (child, type, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWidget *
ca_test_find_widget (GtkWidget *root,
                     GType      type)
{
  return ca_test_find_widget_matching (root, type, NULL, NULL);
}

/* The names a person sees or hears for @widget. */
static gboolean
is_named (GtkWidget  *widget,
          const char *name)
{
  if (ADW_IS_PREFERENCES_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), name) == 0)
    return TRUE;
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), name) == 0)
    return TRUE;
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), name) == 0)
    return TRUE;
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), name) == 0)
    return TRUE;

  return FALSE;
}

GtkWidget *
ca_test_find_named (GtkWidget  *root,
                    const char *name)
{
  if (is_named (root, name))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ca_test_find_named (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
collect_labels (GtkWidget *root,
                GString   *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root))
    g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (root)));

  /* The palette's rows draw their lines of text themselves. */
  if (CA_IS_PALETTE_LINE (root) && gtk_widget_get_mapped (root))
    {
      const char *line = ca_palette_line_get_text (CA_PALETTE_LINE (root));

      if (line != NULL)
        g_string_append_printf (text, "%s\n", line);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, text);
}

char *
ca_test_labels_of (GtkWidget *root)
{
  GString *text = g_string_new (NULL);

  collect_labels (root, text);

  return g_string_free (text, FALSE);
}

void
ca_test_iterate_until_timeout (gboolean (*done) (gpointer),
                               gpointer   data,
                               guint      seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  /* Never a blocking iteration: the deadline must be checked even when
   * nothing wakes the loop. */
  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out after %u seconds", seconds);

      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

void
ca_test_iterate_until (gboolean (*done) (gpointer),
                       gpointer   data)
{
  ca_test_iterate_until_timeout (done, data, CA_TEST_WAIT_SECONDS);
}

gboolean
ca_test_is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

gboolean
ca_test_is_nonnull (gpointer data)
{
  return *(gpointer *) data != NULL;
}

void
ca_test_iterate_idle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

void
ca_test_wait_mapped (GtkWidget *widget)
{
  ca_test_iterate_until (is_mapped, widget);
}

typedef struct {
  GtkWidget  *root;
  const char *text;
} LabelWait;

static gboolean
shows_label (gpointer data)
{
  LabelWait *wait = data;
  g_autofree char *labels = ca_test_labels_of (wait->root);

  return strstr (labels, wait->text) != NULL;
}

void
ca_test_wait_for_label (GtkWidget  *root,
                        const char *text)
{
  LabelWait wait = { root, text };

  ca_test_iterate_until (shows_label, &wait);
}

void
ca_test_activate (GtkWidget *widget)
{
  g_assert_true (gtk_widget_is_sensitive (widget));

  if (GTK_IS_BUTTON (widget))
    g_signal_emit_by_name (widget, "clicked");
  else
    g_assert_true (gtk_widget_activate (widget));
}

/* Keys ----------------------------------------------------------------- */

static gboolean
trigger_matches (GtkShortcutTrigger *trigger,
                 guint               keyval,
                 GdkModifierType     modifiers)
{
  if (GTK_IS_KEYVAL_TRIGGER (trigger))
    return gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
           gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers;

  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    return trigger_matches (gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)), keyval, modifiers) ||
           trigger_matches (gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)), keyval, modifiers);

  return FALSE;
}

/* Whether a controller of @widget in @phase handles the key. */
static gboolean
controllers_handle_key (GtkWidget       *widget,
                        GtkPropagationPhase phase,
                        guint            keyval,
                        GdkModifierType  modifiers)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (gtk_event_controller_get_propagation_phase (controller) != phase)
        continue;

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        {
          gboolean handled = FALSE;

          g_signal_emit_by_name (controller, "key-pressed", keyval, 0, modifiers, &handled);
          if (handled)
            return TRUE;
        }
      else if (GTK_IS_SHORTCUT_CONTROLLER (controller))
        {
          for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
            {
              g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

              if (trigger_matches (gtk_shortcut_get_trigger (shortcut), keyval, modifiers) &&
                  gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                                widget,
                                                gtk_shortcut_get_arguments (shortcut)))
                return TRUE;
            }
        }
    }

  return FALSE;
}

static gboolean
capture_handles_key (GtkWidget       *widget,
                     guint            keyval,
                     GdkModifierType  modifiers)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);

  return (parent != NULL && capture_handles_key (parent, keyval, modifiers)) ||
         controllers_handle_key (widget, GTK_PHASE_CAPTURE, keyval, modifiers);
}

gboolean
ca_test_press_key (GtkWidget       *widget,
                   guint            keyval,
                   GdkModifierType  modifiers)
{
  gboolean handled = capture_handles_key (widget, keyval, modifiers);

  for (; widget != NULL && !handled; widget = gtk_widget_get_parent (widget))
    handled = controllers_handle_key (widget, GTK_PHASE_BUBBLE, keyval, modifiers);

  ca_test_iterate_idle ();

  return handled;
}

GListModel *
ca_test_palette_rows (GtkWidget *root)
{
  GtkWidget *palette = CA_IS_PALETTE (root) ? root : ca_test_find_widget (root, CA_TYPE_PALETTE);
  GtkWidget *list_view;

  g_assert_nonnull (palette);
  list_view = ca_test_find_widget (palette, GTK_TYPE_LIST_VIEW);
  g_assert_nonnull (list_view);

  return G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list_view)));
}

gpointer
ca_test_palette_row_item (GListModel *rows,
                          guint       position)
{
  g_autoptr(GObject) item = g_list_model_get_item (rows, position);

  CaAction *action;

  if (CA_IS_PALETTE_CATEGORY (item))
    return g_steal_pointer (&item);

  /* The rows under a category are slots: the action in it. */
  action = ca_palette_item_get_action (item);
  g_assert_nonnull (action);
  return g_object_ref (action);
}

GPtrArray *
ca_test_palette_actions (GtkWidget *root)
{
  GListModel *rows = ca_test_palette_rows (root);
  GPtrArray *actions = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      gpointer item = ca_test_palette_row_item (rows, i);

      if (CA_IS_ACTION (item))
        g_ptr_array_add (actions, item);
      else
        g_object_unref (item);
    }

  return actions;
}

void
ca_test_catalog_file_set_up (CaTestCatalogFile *self,
                             const char        *text)
{
  g_autoptr(GError) error = NULL;

  self->dir = g_dir_make_tmp ("ca-test-catalog-XXXXXX", &error);
  g_assert_no_error (error);
  self->path = g_build_filename (self->dir, "catalog.json", NULL);
  g_file_set_contents (self->path, text, -1, &error);
  g_assert_no_error (error);

  self->file = g_file_new_for_path (self->path);
  self->catalog = ca_catalog_new (self->file);
  ca_catalog_load (self->catalog, CA_CATALOG_LOAD_FLAGS_NONE, NULL, &error);
  g_assert_no_error (error);
}

void
ca_test_catalog_file_tear_down (CaTestCatalogFile *self)
{
  g_clear_object (&self->catalog);
  g_clear_object (&self->file);
  ca_test_rm_rf (self->dir);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->dir, g_free);
}
