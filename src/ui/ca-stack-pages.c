/* ca-stack-pages.c: only the shown page of a stack is read out
 *
 * GTK 4.8 puts every page of a GtkStack in the accessibility tree, shown or
 * not, and gives a page that was shown once the box it had then: a screen
 * reader (or a test that reads the tree) finds the fields of the other
 * pages of the configuration dialog as if they were there. Marking the
 * unshown pages hidden takes them out of the tree until they are shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ca-stack-pages.h"

static void
ca_stack_pages_update (GtkStack *stack)
{
  GtkWidget *shown = gtk_stack_get_visible_child (stack);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_accessible_update_state (GTK_ACCESSIBLE (child),
                                 GTK_ACCESSIBLE_STATE_HIDDEN, child != shown,
                                 -1);
}

void
ca_stack_pages_hide_unshown (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_STACK (root))
    {
      ca_stack_pages_update (GTK_STACK (root));
      g_signal_connect (root, "notify::visible-child",
                        G_CALLBACK (ca_stack_pages_update), NULL);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    ca_stack_pages_hide_unshown (child);
}
