/* ca-accessible.c: what a screen reader reads is what a person sees
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ca-accessible.h"

/* GTK 4.8 names a widget for screen readers (gtk_at_context_get_name() in
 * gtk/gtkatcontext.c) by joining, with spaces, its LABEL property and the
 * LABEL of each widget of its LABELLED_BY relation; a widget with neither
 * is named after its type. Left alone, that goes wrong in three ways here:
 *
 * - Said twice. A GtkButton sets its LABEL to its label as written,
 *   underscore included, and the mnemonic label inside makes itself the
 *   button's LABELLED_BY: "_Save Save". An AdwActionRow makes its title
 *   the LABELLED_BY of its activatable widget, which adds the row's title
 *   to any LABEL the widget has: "Check Check Authentication".
 * - Not said. A GtkMenuButton with a label, the button inside a
 *   GtkDropDown, the list of a GtkColumnView, the lists inside an
 *   AdwComboRow or an AdwExpanderRow have no name: a screen reader says
 *   "GtkMenuButton", "GtkListView"... An icon button is LABELLED_BY its
 *   image, which has no name either: "GtkImage", unless the button has a
 *   LABEL of its own (ours do; the "Show Text" button of an
 *   AdwPasswordEntryRow does not).
 * - Said as written rather than as shown (the underscore above).
 *
 * ca_accessible_fix_names() applies these rules to each widget of a tree:
 *
 * 1. A button that shows text (a GtkButton whose child is a GtkLabel:
 *    text buttons, message dialog responses) is named by that text as
 *    shown, mnemonic underscore removed, and by nothing else.
 * 2. A GtkMenuButton with a label is named by the text it shows.
 * 3. An icon button of libadwaita's inside an AdwEntryRow (the "Show
 *    Text" button of a password row) is named by its tooltip.
 * 4. A list or popover that is part of an AdwComboRow or AdwExpanderRow
 *    (the combo row's value and popover, the expander's header and
 *    sub-rows) is named after the row's title.
 * 5. The parts of a GtkDropDown (its button, its popover and list), the
 *    list of a GtkColumnView and the popover of a GtkMenuButton are
 *    labelled by the widget they belong to: they take the name the app
 *    gives the whole control.
 *
 * 6. A GtkStack presents only its shown page: GTK 4.8 puts every page in
 *    the tree, shown or not, and gives a page shown once the box it had
 *    then, so a screen reader read the fields of the dialog's other pages
 *    as if they were there. Unshown pages are marked hidden, which takes
 *    them out of the tree until they are shown.
 *
 * Where the name is a copy of a text (1 to 4), a notify handler, connected
 * once a widget, copies it again when the text changes: GtkButton sets its
 * LABEL afresh from gtk_button_set_label(), and rows change titles.
 *
 * Our controls without text of their own (icon buttons, switches and
 * spin buttons of rows) keep the names the templates give them, or their
 * row's title: no rule touches them. */

/* Connects @callback to @signal of @object, once whatever the number of
 * calls: a tree may be fixed again after rows are added to it. */
static void
follow (gpointer    object,
        const char *signal,
        GCallback   callback)
{
  g_autofree char *key = g_strconcat ("ca-accessible-follows:", signal, NULL);

  if (g_object_get_data (G_OBJECT (object), key) != NULL)
    return;

  g_object_set_data (G_OBJECT (object), key, GINT_TO_POINTER (TRUE));
  g_signal_connect (object, signal, callback, NULL);
}

static void
set_name (GtkWidget  *widget,
          const char *name)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
}

/* @widget's nearest ancestor of @type, @widget itself left out. */
static GtkWidget *
ancestor_of (GtkWidget *widget,
             GType      type)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);

  return parent != NULL ? gtk_widget_get_ancestor (parent, type) : NULL;
}

/* The first widget of @type under @widget, depth first, popovers left out. */
static GtkWidget *
first_descendant (GtkWidget *widget,
                  GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_POPOVER (child))
        continue;
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      found = first_descendant (child, type);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
is_list (GtkWidget *widget)
{
  return GTK_IS_LIST_BOX (widget) || GTK_IS_LIST_VIEW (widget);
}

/* Rule 1 --------------------------------------------------------------- */

static void
name_text_button (GtkWidget *button)
{
  GtkWidget *child = gtk_button_get_child (GTK_BUTTON (button));
  const char *text;

  if (!GTK_IS_LABEL (child))
    return;

  /* What the label shows: no underscore, no markup. */
  text = gtk_label_get_text (GTK_LABEL (child));
  if (text[0] == '\0')
    return;

  set_name (button, text);
  /* The mnemonic label, or an action row's title, would say it again. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (button),
                                 GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

static void
text_button_changed_cb (GtkWidget  *button,
                        GParamSpec *pspec,
                        gpointer    user_data)
{
  name_text_button (button);
}

/* Rule 2 --------------------------------------------------------------- */

static void
name_menu_button (GtkWidget *menu_button)
{
  GtkWidget *label;

  if (gtk_menu_button_get_label (GTK_MENU_BUTTON (menu_button)) == NULL)
    return;

  /* GtkMenuButton builds a new label each time its label is set. */
  label = first_descendant (menu_button, GTK_TYPE_LABEL);
  if (label != NULL)
    set_name (menu_button, gtk_label_get_text (GTK_LABEL (label)));
}

static void
menu_button_changed_cb (GtkWidget  *menu_button,
                        GParamSpec *pspec,
                        gpointer    user_data)
{
  name_menu_button (menu_button);
}

/* Rule 3 --------------------------------------------------------------- */

static void
name_icon_button (GtkWidget *button)
{
  const char *tooltip = gtk_widget_get_tooltip_text (button);

  if (tooltip != NULL)
    set_name (button, tooltip);
}

static void
icon_button_changed_cb (GtkWidget  *button,
                        GParamSpec *pspec,
                        gpointer    user_data)
{
  name_icon_button (button);
}

/* Rule 4 --------------------------------------------------------------- */

/* @row's title as shown. */
static char *
row_title (AdwPreferencesRow *row)
{
  const char *title = adw_preferences_row_get_title (row);
  char *text = NULL;

  if (adw_preferences_row_get_use_markup (row) &&
      pango_parse_markup (title, -1,
                          adw_preferences_row_get_use_underline (row) ? '_' : 0,
                          NULL, &text, NULL, NULL))
    return text;

  return g_strdup (title);
}

/* Names the lists and popovers under @widget, a row, that are part of the
 * row itself: not those of the rows it holds, nor the parts of the
 * controls of rule 5. */
static void
name_row_parts (GtkWidget  *widget,
                const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (ADW_IS_PREFERENCES_ROW (child) || GTK_IS_DROP_DOWN (child) ||
          GTK_IS_COLUMN_VIEW (child) || GTK_IS_MENU_BUTTON (child))
        continue;
      if (is_list (child) || GTK_IS_POPOVER (child))
        set_name (child, title);
      name_row_parts (child, title);
    }
}

static void
row_title_changed_cb (AdwPreferencesRow *row,
                      GParamSpec        *pspec,
                      gpointer           user_data)
{
  g_autofree char *title = row_title (row);

  name_row_parts (GTK_WIDGET (row), title);
}

/* Rule 5 --------------------------------------------------------------- */

/* The control @widget is a part of, if any. */
static GtkWidget *
owning_control (GtkWidget *widget)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);
  GtkWidget *owner = NULL;

  if (GTK_IS_TOGGLE_BUTTON (widget) || GTK_IS_LIST_VIEW (widget) || GTK_IS_POPOVER (widget))
    owner = ancestor_of (widget, GTK_TYPE_DROP_DOWN);
  if (owner == NULL && GTK_IS_LIST_VIEW (widget))
    owner = ancestor_of (widget, GTK_TYPE_COLUMN_VIEW);
  if (owner == NULL && GTK_IS_POPOVER (widget) && GTK_IS_MENU_BUTTON (parent))
    owner = parent;

  return owner;
}

/* Rule 6. Only while the stack is on screen, and again when it comes
 * back: a stack being destroyed changes its visible child as its pages go,
 * and GTK 4.8's AT-SPI code fails a critical when told about pages whose
 * accessible is already gone. */
static void
stack_shown_page_changed_cb (GtkStack   *stack,
                             GParamSpec *pspec,
                             gpointer    user_data)
{
  GtkWidget *shown = gtk_stack_get_visible_child (stack);

  if (pspec != NULL && !gtk_widget_get_mapped (GTK_WIDGET (stack)))
    return;

  for (GtkWidget *page = gtk_widget_get_first_child (GTK_WIDGET (stack));
       page != NULL;
       page = gtk_widget_get_next_sibling (page))
    gtk_accessible_update_state (GTK_ACCESSIBLE (page),
                                 GTK_ACCESSIBLE_STATE_HIDDEN, page != shown,
                                 -1);
}

static void
stack_mapped_cb (GtkStack *stack,
                 gpointer  user_data)
{
  stack_shown_page_changed_cb (stack, NULL, NULL);
}

/* The rules, for one widget ------------------------------------------- */

static void
fix_widget (GtkWidget *widget)
{
  GtkWidget *owner;

  if (GTK_IS_BUTTON (widget))
    {
      GtkWidget *child = gtk_button_get_child (GTK_BUTTON (widget));

      if (GTK_IS_LABEL (child))
        {
          name_text_button (widget);
          follow (widget, "notify::label", G_CALLBACK (text_button_changed_cb));
          follow (widget, "notify::use-underline", G_CALLBACK (text_button_changed_cb));
        }
      else if (GTK_IS_IMAGE (child) && ancestor_of (widget, ADW_TYPE_ENTRY_ROW) != NULL)
        {
          /* The password row says "Show Text" or "Hide Text". */
          name_icon_button (widget);
          follow (widget, "notify::tooltip-text", G_CALLBACK (icon_button_changed_cb));
        }
    }
  else if (GTK_IS_MENU_BUTTON (widget))
    {
      if (gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)) != NULL)
        {
          name_menu_button (widget);
          follow (widget, "notify::label", G_CALLBACK (menu_button_changed_cb));
        }
    }
  else if (GTK_IS_STACK (widget))
    {
      stack_shown_page_changed_cb (GTK_STACK (widget), NULL, NULL);
      follow (widget, "notify::visible-child", G_CALLBACK (stack_shown_page_changed_cb));
      follow (widget, "map", G_CALLBACK (stack_mapped_cb));
    }
  else if (ADW_IS_COMBO_ROW (widget) || ADW_IS_EXPANDER_ROW (widget))
    {
      /* The two kinds of rows of libadwaita 1.2 with lists inside. */
      row_title_changed_cb (ADW_PREFERENCES_ROW (widget), NULL, NULL);
      follow (widget, "notify::title", G_CALLBACK (row_title_changed_cb));
      follow (widget, "notify::use-markup", G_CALLBACK (row_title_changed_cb));
    }

  owner = owning_control (widget);
  if (owner != NULL)
    gtk_accessible_update_relation (GTK_ACCESSIBLE (widget),
                                    GTK_ACCESSIBLE_RELATION_LABELLED_BY, owner, NULL,
                                    -1);
}

void
ca_accessible_fix_names (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  fix_widget (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    ca_accessible_fix_names (child);
}

void
ca_accessible_add_toast (AdwToastOverlay *overlay,
                         AdwToast        *toast)
{
  GtkWidget *content;

  g_return_if_fail (ADW_IS_TOAST_OVERLAY (overlay));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (overlay, toast);
  /* The toasts are the overlay's children beside its content. */
  content = adw_toast_overlay_get_child (overlay);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (overlay));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (child != content)
      ca_accessible_fix_names (child);
}

/* The list of an AdwPreferencesGroup is internal: the first list under
 * the group (the rows' own lists are under it). libadwaita names it after
 * the group's title; a group without one leaves it unnamed. */
void
ca_accessible_name_group_list (AdwPreferencesGroup *group,
                               const char          *name)
{
  GtkWidget *list;

  g_return_if_fail (ADW_IS_PREFERENCES_GROUP (group));
  g_return_if_fail (name != NULL);

  list = first_descendant (GTK_WIDGET (group), GTK_TYPE_LIST_BOX);
  g_return_if_fail (list != NULL);
  set_name (list, name);
}
