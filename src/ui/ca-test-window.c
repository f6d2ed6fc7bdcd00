/* ca-test-window.c: the "Send Test Request" window of an action
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ca-accessible.h"
#include "ca-test-window.h"

struct _CaTestWindow
{
  AdwWindow       parent_instance;

  AdwWindowTitle *window_title;
  CaTestPanel    *panel;
};

G_DEFINE_FINAL_TYPE (CaTestWindow, ca_test_window, ADW_TYPE_WINDOW)

static gboolean
ca_test_window_close_request (GtkWindow *window)
{
  CaTestWindow *self = CA_TEST_WINDOW (window);

  /* Nobody is left to read the answer. */
  ca_test_panel_cancel (self->panel);

  return GTK_WINDOW_CLASS (ca_test_window_parent_class)->close_request (window);
}

static void
ca_test_window_class_init (CaTestWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  window_class->close_request = ca_test_window_close_request;

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);

  g_type_ensure (CA_TYPE_TEST_PANEL);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/customactions/CustomActions/ca-test-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CaTestWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, CaTestWindow, panel);
}

static void
ca_test_window_init (CaTestWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ca_accessible_fix_names (GTK_WIDGET (self));
}

GtkWidget *
ca_test_window_new (GtkWindow *parent,
                    CaAction  *action)
{
  CaTestWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CA_IS_ACTION (action), NULL);

  self = g_object_new (CA_TYPE_TEST_WINDOW,
                       "transient-for", parent,
                       NULL);
  adw_window_title_set_subtitle (self->window_title, ca_action_get_display_label (action));
  ca_test_panel_set_action (self->panel, action);

  return GTK_WIDGET (self);
}

CaTestPanel *
ca_test_window_get_panel (CaTestWindow *self)
{
  g_return_val_if_fail (CA_IS_TEST_WINDOW (self), NULL);

  return self->panel;
}
