/* test-field-list.c: headers, query parameters and payload fields, edited
 * through their real widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "ca-action.h"
#include "ca-field-list.h"
#include "ca-field-row.h"
#include "ca-payload.h"
#include "ca-problem.h"
#include "ca-test-ui.h"

/* Helpers ---------------------------------------------------------------- */

/* JSON written with ' for " */
static JsonNode *
node (const char *text)
{
  g_autofree char *copy = g_strdup (text);
  g_autoptr(GError) error = NULL;
  JsonNode *result;

  g_strdelimit (copy, "'", '"');
  result = json_from_string (copy, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

/* The widgets of @type under @root, depth first (the order on screen). */
static void
collect (GtkWidget *root,
         GType      type,
         GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    g_ptr_array_add (found, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

static GPtrArray *
field_rows (GtkWidget *list)
{
  GPtrArray *rows = g_ptr_array_new ();

  collect (list, CA_TYPE_FIELD_ROW, rows);
  return rows;
}

static CaFieldRow *
field_row (GtkWidget *list,
           guint      index)
{
  g_autoptr(GPtrArray) rows = field_rows (list);

  g_assert_cmpuint (index, <, rows->len);
  return g_ptr_array_index (rows, index);
}

/* The sub-row of @row titled @title ("Name", "Kind", "Value", "Label",
 * "Type", "Optional"), the row opened. */
static GtkWidget *
sub_row (CaFieldRow *row,
         const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  /* They are made when the row is first opened. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  collect (GTK_WIDGET (row), ADW_TYPE_PREFERENCES_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *found = g_ptr_array_index (rows, i);

      if (found != GTK_WIDGET (row) &&
          g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), title) == 0)
        return found;
    }

  g_error ("No row titled %s", title);
  return NULL;
}

/* The label that shows @row's own subtitle (the problem, in red). */
static GtkWidget *
subtitle_label (CaFieldRow *row)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  const char *subtitle = adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row));

  collect (GTK_WIDGET (row), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);

      if (gtk_widget_has_css_class (label, "subtitle") &&
          g_strcmp0 (gtk_label_get_label (GTK_LABEL (label)), subtitle) == 0)
        return label;
    }

  g_error ("No subtitle label");
  return NULL;
}

/* The button of @row whose accessible label is also its tooltip. */
static GtkWidget *
row_button (CaFieldRow *row,
            const char *tooltip)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect (GTK_WIDGET (row), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);

      if (g_strcmp0 (gtk_widget_get_tooltip_text (button), tooltip) == 0)
        return button;
    }

  g_error ("No button %s", tooltip);
  return NULL;
}

typedef struct {
  GtkWidget  *root;
  const char *text;
  gboolean    present;
} LabelWait;

static gboolean
label_state (gpointer data)
{
  LabelWait *wait = data;
  g_autofree char *labels = ca_test_labels_of (wait->root);

  return (strstr (labels, wait->text) != NULL) == wait->present;
}

/* Rows appear on the next frames, not at once. */
static void
wait_for_label (GtkWidget  *root,
                const char *text,
                gboolean    present)
{
  LabelWait wait = { root, text, present };

  ca_test_iterate_until (label_state, &wait);
}

static GtkWidget *
focus_of (GtkWidget *widget)
{
  return gtk_root_get_focus (gtk_widget_get_root (widget));
}

static gboolean
is_optional (gpointer field)
{
  return ca_field_get_optional (field);
}

static gboolean
focus_within (GtkWidget *widget)
{
  GtkWidget *focus = focus_of (widget);

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static void
count_cb (GtkWidget *list,
          guint     *count)
{
  (*count)++;
}

typedef struct {
  GtkWindow *window;
  GtkWidget *list;
  guint      changes;
} Fixture;

static void
fixture_open (Fixture         *f,
              CaFieldListMode  mode)
{
  GtkWidget *page = adw_preferences_page_new ();

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 600, 900);
  f->list = ca_field_list_new (mode);
  f->changes = 0;
  g_signal_connect (f->list, "changed", G_CALLBACK (count_cb), &f->changes);

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (f->list));
  gtk_window_set_child (f->window, page);
  gtk_window_present (f->window);
  ca_test_wait_mapped (f->list);
}

static void
fixture_close (Fixture *f)
{
  GtkWidget *list = f->list;

  g_object_add_weak_pointer (G_OBJECT (list), (gpointer *)&list);
  gtk_window_destroy (f->window);
  ca_test_iterate_idle ();
  g_assert_null (list);
}

static guint
n_entry_rows (CaFieldRow *row)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect (GTK_WIDGET (row), ADW_TYPE_ENTRY_ROW, rows);
  return rows->len;
}

static guint
n_field_rows (GtkWidget *list)
{
  g_autoptr(GPtrArray) rows = field_rows (list);

  return rows->len;
}

static GtkWidget *
add_button (Fixture *f)
{
  return adw_preferences_group_get_header_suffix (ADW_PREFERENCES_GROUP (f->list));
}

static const char *
field_name (GPtrArray *fields,
            guint      index)
{
  return ca_field_get_name (g_ptr_array_index (fields, index));
}

/* What a click does: buttons that gtk_widget_activate() presses emit
 * "clicked" only after a quarter of a second. */
static void
click (GtkWidget *button)
{
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_get_mapped (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
set_text (GtkWidget  *entry,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

/* Cases ------------------------------------------------------------------ */

static void
test_field_list_headers_add (void)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_object_unref);
  Fixture f;
  CaFieldRow *row;
  CaField *field;
  GtkWidget *button;
  GtkWidget *name_row;
  guint changes;

  CA_TEST_REQUIRE_DISPLAY ();

  fixture_open (&f, CA_FIELD_LIST_HEADERS);
  ca_field_list_set_fields (CA_FIELD_LIST (f.list), fields);

  /* The fixed header and the hint of an empty list. */
  wait_for_label (f.list, "Content-Type\n", TRUE);
  wait_for_label (f.list, "application/json — always sent", TRUE);
  wait_for_label (f.list, "No headers. Add one with the + button.", TRUE);
  g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (f.list)), ==, "Headers");

  button = add_button (&f);
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Add Header");
  click (button);
  ca_test_iterate_idle ();

  g_assert_cmpuint (fields->len, ==, 1);
  g_assert_cmpuint (f.changes, ==, 1);
  wait_for_label (f.list, "No headers. Add one with the + button.", FALSE);

  /* The new row is open, its name entry focused. */
  row = field_row (f.list, 0);
  name_row = sub_row (row, "Name");
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)));
  g_assert_true (focus_within (name_row));

  field = g_ptr_array_index (fields, 0);
  g_assert_true (ca_field_row_get_field (row) == field);
  g_assert_cmpint (ca_field_get_kind (field), ==, CA_FIELD_KIND_CONSTANT);

  /* Typing: the field follows, and "changed" says so each time. */
  set_text (name_row, "X-Source");
  g_assert_cmpstr (ca_field_get_name (field), ==, "X-Source");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "X-Source");
  g_assert_cmpuint (f.changes, ==, 2);

  set_text (sub_row (row, "Value"), "desktop");
  g_assert_cmpstr (json_node_get_string (ca_field_get_value (field)), ==, "desktop");
  g_assert_cmpuint (f.changes, ==, 3);
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), ==, "Constant · desktop");

  /* A header constant is text, even when it reads as a number. */
  set_text (sub_row (row, "Value"), "42");
  g_assert_cmpstr (json_node_get_string (ca_field_get_value (field)), ==, "42");

  /* An empty value is none, for validation to ask for one. */
  set_text (sub_row (row, "Value"), "");
  g_assert_null (ca_field_get_value (field));

  /* A variable: label, type and optional instead of a value. */
  g_assert_false (gtk_widget_get_visible (sub_row (row, "Label")));
  g_assert_false (gtk_widget_get_visible (sub_row (row, "Type")));
  changes = f.changes;
  adw_combo_row_set_selected (ADW_COMBO_ROW (sub_row (row, "Kind")), CA_FIELD_KIND_VARIABLE);
  g_assert_cmpint (ca_field_get_kind (field), ==, CA_FIELD_KIND_VARIABLE);
  g_assert_cmpuint (f.changes, ==, changes + 1);
  g_assert_false (gtk_widget_get_visible (sub_row (row, "Value")));
  g_assert_true (gtk_widget_get_visible (sub_row (row, "Label")));
  g_assert_true (gtk_widget_get_visible (sub_row (row, "Type")));
  g_assert_true (gtk_widget_get_visible (sub_row (row, "Optional")));

  set_text (sub_row (row, "Label"), "Source");
  g_assert_cmpstr (ca_field_get_label (field), ==, "Source");
  adw_combo_row_set_selected (ADW_COMBO_ROW (sub_row (row, "Type")), CA_FIELD_TYPE_INTEGER);
  g_assert_cmpint (ca_field_get_field_type (field), ==, CA_FIELD_TYPE_INTEGER);
  /* The type's word in the list, what it holds beside it. */
  g_assert_cmpstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (ADW_COMBO_ROW (sub_row (row, "Type")))),
                   ==, "integer");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (sub_row (row, "Type"))), ==, "A whole number");

  /* The switch, through its row. */
  g_assert_true (gtk_widget_activate (sub_row (row, "Optional")));
  ca_test_iterate_until (is_optional, field);
  g_assert_cmpuint (f.changes, ==, changes + 4);
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), ==,
                   "Variable · Source · integer · optional");

  fixture_close (&f);
}

static void
test_field_list_typing_keeps_row (void)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_object_unref);
  Fixture f;
  CaFieldRow *row;
  GtkWidget *name_row;
  const char *text = "X-Tenant";
  guint changes;

  CA_TEST_REQUIRE_DISPLAY ();

  fixture_open (&f, CA_FIELD_LIST_QUERY);
  ca_field_list_set_fields (CA_FIELD_LIST (f.list), fields);
  wait_for_label (f.list, "No query parameters. Add one with the + button.", TRUE);
  g_assert_true (gtk_widget_get_visible (add_button (&f)));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (add_button (&f)), ==, "Add Query Parameter");

  click (add_button (&f));
  row = field_row (f.list, 0);
  name_row = sub_row (row, "Name");
  changes = f.changes;

  /* One character at a time, as typed: the same row and entry stay, with
   * the focus, and each keystroke is an edit. */
  for (const char *p = text; *p != '\0'; p++)
    {
      int position = -1;

      gtk_editable_insert_text (GTK_EDITABLE (name_row), p, 1, &position);
      ca_test_iterate_idle ();
      g_assert_true (field_row (f.list, 0) == row);
      g_assert_true (focus_within (name_row));
    }

  g_assert_cmpstr (field_name (fields, 0), ==, text);
  g_assert_cmpuint (f.changes, ==, changes + strlen (text));

  fixture_close (&f);
}

static void
test_field_list_move_remove (void)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) rows = NULL;
  CaField *a, *b, *c;
  Fixture f;
  GtkWidget *button;

  CA_TEST_REQUIRE_DISPLAY ();

  a = ca_field_new ("X-A", CA_FIELD_KIND_CONSTANT, CA_FIELD_TYPE_STRING);
  b = ca_field_new ("X-B", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_STRING);
  c = ca_field_new ("X-C", CA_FIELD_KIND_CONSTANT, CA_FIELD_TYPE_STRING);
  g_ptr_array_add (fields, a);
  g_ptr_array_add (fields, b);
  g_ptr_array_add (fields, c);

  fixture_open (&f, CA_FIELD_LIST_HEADERS);
  ca_field_list_set_fields (CA_FIELD_LIST (f.list), fields);
  wait_for_label (f.list, "X-C\n", TRUE);

  /* The ends cannot go further. */
  g_assert_false (gtk_widget_get_sensitive (row_button (field_row (f.list, 0), "Move Up")));
  g_assert_true (gtk_widget_get_sensitive (row_button (field_row (f.list, 0), "Move Down")));
  g_assert_false (gtk_widget_get_sensitive (row_button (field_row (f.list, 2), "Move Down")));

  /* X-A down: the array and the rows on screen both change, and the
   * focus stays on the button. */
  button = row_button (field_row (f.list, 0), "Move Down");
  gtk_widget_grab_focus (button);
  click (button);
  ca_test_iterate_idle ();
  g_assert_cmpstr (field_name (fields, 0), ==, "X-B");
  g_assert_cmpstr (field_name (fields, 1), ==, "X-A");
  g_assert_cmpstr (field_name (fields, 2), ==, "X-C");
  g_assert_cmpuint (f.changes, ==, 1);
  rows = field_rows (f.list);
  g_assert_true (ca_field_row_get_field (g_ptr_array_index (rows, 0)) == b);
  g_assert_true (ca_field_row_get_field (g_ptr_array_index (rows, 1)) == a);
  g_assert_true (focus_of (f.list) == button);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Down again, to the end: the button goes insensitive and hands the
   * focus to Move Up. */
  click (button);
  ca_test_iterate_idle ();
  g_assert_cmpstr (field_name (fields, 2), ==, "X-A");
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_true (focus_of (f.list) == row_button (field_row (f.list, 2), "Move Up"));

  /* And up. */
  click (row_button (field_row (f.list, 2), "Move Up"));
  ca_test_iterate_idle ();
  g_assert_cmpstr (field_name (fields, 0), ==, "X-B");
  g_assert_cmpstr (field_name (fields, 1), ==, "X-A");
  g_assert_cmpstr (field_name (fields, 2), ==, "X-C");
  g_assert_cmpuint (f.changes, ==, 3);

  /* Alt+Down from inside the row moves it too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (field_row (f.list, 0)), "field.move-down", NULL));
  g_assert_cmpstr (field_name (fields, 0), ==, "X-A");
  g_assert_cmpuint (f.changes, ==, 4);

  /* Remove the middle one: the field goes from the array and its row
   * from the list. */
  g_object_ref (b);
  click (row_button (field_row (f.list, 1), "Remove"));
  ca_test_iterate_idle ();
  g_assert_cmpuint (fields->len, ==, 2);
  g_assert_cmpstr (field_name (fields, 0), ==, "X-A");
  g_assert_cmpstr (field_name (fields, 1), ==, "X-C");
  g_assert_false (g_ptr_array_find (fields, b, NULL));
  g_object_unref (b);
  g_assert_cmpuint (f.changes, ==, 5);
  rows = field_rows (f.list);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_false (gtk_widget_get_sensitive (row_button (field_row (f.list, 1), "Move Down")));
  g_clear_pointer (&rows, g_ptr_array_unref);
  wait_for_label (f.list, "X-B\n", FALSE);

  /* The Content-Type row stays; the hint comes back when all are gone. */
  click (row_button (field_row (f.list, 0), "Remove"));
  click (row_button (field_row (f.list, 0), "Remove"));
  ca_test_iterate_idle ();
  g_assert_cmpuint (fields->len, ==, 0);
  g_assert_cmpuint (f.changes, ==, 7);
  wait_for_label (f.list, "No headers. Add one with the + button.", TRUE);
  wait_for_label (f.list, "Content-Type\n", TRUE);

  fixture_close (&f);
}

static void
test_field_list_problems (void)
{
  g_autoptr(CaAction) action = ca_action_new ("sendThing");
  g_autoptr(GPtrArray) problems = ca_problems_new ();
  GPtrArray *headers = ca_action_get_headers (action);
  g_autoptr(JsonNode) one = node ("'1'");
  CaFieldRow *good, *bad;
  GtkWidget *name_row;
  GtkWidget *found;
  Fixture f;

  CA_TEST_REQUIRE_DISPLAY ();

  ca_action_set_url (action, "https://api.example.com/v1/send");
  g_ptr_array_add (headers, ca_field_new_full ("X-A", CA_FIELD_KIND_CONSTANT, CA_FIELD_TYPE_STRING,
                                               NULL, FALSE, one));
  g_ptr_array_add (headers, ca_field_new_full ("bad name", CA_FIELD_KIND_CONSTANT, CA_FIELD_TYPE_STRING,
                                               NULL, FALSE, one));

  fixture_open (&f, CA_FIELD_LIST_HEADERS);
  ca_field_list_set_fields (CA_FIELD_LIST (f.list), headers);
  good = field_row (f.list, 0);
  bad = field_row (f.list, 1);

  ca_action_validate (action, NULL, problems);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpstr (((CaProblem *) g_ptr_array_index (problems, 0))->path, ==, "headers[1].name");
  ca_field_list_show_problems (CA_FIELD_LIST (f.list), problems, "headers");

  /* Shown on a closed row, whose editor is not made yet; opening it
   * marks the Name entry. */
  g_assert_false (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (bad)));
  g_assert_cmpuint (n_entry_rows (bad), ==, 0);
  name_row = sub_row (bad, "Name");
  g_assert_cmpuint (n_entry_rows (bad), ==, 3);

  /* The message on the row at fault, its Name entry marked. */
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (bad)), ==,
                   ((CaProblem *) g_ptr_array_index (problems, 0))->message);
  g_assert_true (gtk_widget_has_css_class (name_row, "error"));
  g_assert_true (gtk_widget_has_css_class (subtitle_label (bad), "error"));
  g_assert_false (gtk_widget_has_css_class (sub_row (bad, "Value"), "error"));
  g_assert_false (gtk_widget_has_css_class (subtitle_label (good), "error"));
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (good)), ==, "Constant · 1");
  g_assert_false (gtk_widget_has_css_class (sub_row (good, "Name"), "error"));
  wait_for_label (f.list, "is not a valid name", TRUE);

  /* The way there, opened. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (bad), FALSE);
  found = ca_field_list_find_row (CA_FIELD_LIST (f.list), "headers[1].name");
  g_assert_true (found == name_row);
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (bad)));
  g_assert_true (ca_field_list_find_row (CA_FIELD_LIST (f.list), "headers[0]") == GTK_WIDGET (good));
  g_assert_true (ca_field_list_find_row (CA_FIELD_LIST (f.list), "headers[1].value") == sub_row (bad, "Value"));
  g_assert_null (ca_field_list_find_row (CA_FIELD_LIST (f.list), "headers[2].name"));
  g_assert_null (ca_field_list_find_row (CA_FIELD_LIST (f.list), "query[0].name"));

  /* Fixed as the dialog does it: edit, validate, show. */
  set_text (name_row, "X-Good");
  g_ptr_array_set_size (problems, 0);
  ca_action_validate (action, NULL, problems);
  g_assert_cmpuint (problems->len, ==, 0);
  ca_field_list_show_problems (CA_FIELD_LIST (f.list), problems, "headers");
  g_assert_false (gtk_widget_has_css_class (name_row, "error"));
  g_assert_false (gtk_widget_has_css_class (subtitle_label (bad), "error"));
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (bad)), ==, "Constant · 1");
  wait_for_label (f.list, "is not a valid name", FALSE);

  /* A constant without a value: the Value entry is marked. */
  set_text (sub_row (good, "Value"), "");
  ca_action_validate (action, NULL, problems);
  ca_field_list_show_problems (CA_FIELD_LIST (f.list), problems, "headers");
  g_assert_true (gtk_widget_has_css_class (sub_row (good, "Value"), "error"));
  g_assert_false (gtk_widget_has_css_class (name_row, "error"));

  /* Problems of another list are not ours. */
  ca_field_list_show_problems (CA_FIELD_LIST (f.list), problems, "query");
  g_assert_false (gtk_widget_has_css_class (sub_row (good, "Value"), "error"));

  fixture_close (&f);
}

static void
test_field_list_payload (void)
{
  g_autoptr(CaAction) action = ca_action_new ("sendThing");
  g_autoptr(JsonNode) sample = node ("{'to': 'x', 'message': {'title': 'Hi', 'badge': 1}, 'tags': ['a']}");
  g_autoptr(GPtrArray) table = NULL;
  g_autoptr(GPtrArray) problems = ca_problems_new ();
  g_autoptr(GPtrArray) stored = NULL;
  CaFieldRow *row;
  CaField *field;
  GtkWidget *found;
  Fixture f;

  CA_TEST_REQUIRE_DISPLAY ();

  ca_action_set_url (action, "https://api.example.com/v1/send");
  ca_action_set_request_sample (action, sample);
  g_ptr_array_add (ca_action_get_request_fields (action),
                   ca_field_new_full ("message.title", CA_FIELD_KIND_VARIABLE, CA_FIELD_TYPE_STRING,
                                      "Title", FALSE, NULL));
  /* A constant that sends the sample's value. */
  g_ptr_array_add (ca_action_get_request_fields (action),
                   ca_field_new_full ("to", CA_FIELD_KIND_CONSTANT, CA_FIELD_TYPE_STRING,
                                      NULL, FALSE, NULL));

  table = ca_payload_table_from_sample (sample, ca_action_get_request_fields (action));

  fixture_open (&f, CA_FIELD_LIST_PAYLOAD);
  ca_field_list_set_fields (CA_FIELD_LIST (f.list), table);
  ca_field_list_set_sample (CA_FIELD_LIST (f.list), sample);

  /* One row per path, fixed: no name, no buttons, no adding. */
  g_assert_cmpuint (n_field_rows (f.list), ==, 4);
  g_assert_false (gtk_widget_get_visible (add_button (&f)));
  row = field_row (f.list, 1);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "message.title");
  g_assert_false (gtk_widget_get_visible (sub_row (row, "Name")));
  g_assert_false (gtk_widget_get_mapped (row_button (row, "Remove")));
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), ==, "Variable · Title · string");
  wait_for_label (f.list, "message.badge\n", TRUE);
  /* Not even from the keyboard. */
  gtk_widget_activate_action (GTK_WIDGET (row), "field.move-down", NULL);
  gtk_widget_activate_action (GTK_WIDGET (row), "field.remove", NULL);
  g_assert_cmpstr (field_name (table, 1), ==, "message.title");
  g_assert_cmpuint (table->len, ==, 4);
  g_assert_cmpuint (f.changes, ==, 0);

  /* The sample's value, where the constant has none of its own. */
  row = field_row (f.list, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sub_row (row, "Value"))), ==, "x");
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), ==,
                   "Constant · string · x (from the sample)");

  /* Values are JSON; a text type takes its text without quotes. */
  field = ca_field_row_get_field (row);
  set_text (sub_row (row, "Value"), "Ada");
  g_assert_cmpstr (json_node_get_string (ca_field_get_value (field)), ==, "Ada");
  set_text (sub_row (row, "Value"), "\"42\"");
  g_assert_cmpstr (json_node_get_string (ca_field_get_value (field)), ==, "42");
  set_text (sub_row (row, "Value"), "42");
  g_assert_cmpstr (json_node_get_string (ca_field_get_value (field)), ==, "42");
  /* The type reads the same text again. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (sub_row (row, "Type")), CA_FIELD_TYPE_INTEGER);
  g_assert_cmpint (json_node_get_int (ca_field_get_value (field)), ==, 42);
  adw_combo_row_set_selected (ADW_COMBO_ROW (sub_row (row, "Type")), CA_FIELD_TYPE_STRING);
  set_text (sub_row (row, "Value"), "");
  g_assert_null (ca_field_get_value (field));

  row = field_row (f.list, 2);
  field = ca_field_row_get_field (row);
  g_assert_cmpstr (ca_field_get_name (field), ==, "message.badge");
  set_text (sub_row (row, "Value"), "7");
  g_assert_cmpint (json_node_get_int (ca_field_get_value (field)), ==, 7);
  /* Not JSON: kept as text, for validation to say it is no integer. */
  set_text (sub_row (row, "Value"), "seven");
  g_assert_cmpstr (json_node_get_string (ca_field_get_value (field)), ==, "seven");

  /* A list made a variable, then given a type that is not a list. */
  row = field_row (f.list, 3);
  field = ca_field_row_get_field (row);
  adw_combo_row_set_selected (ADW_COMBO_ROW (sub_row (row, "Kind")), CA_FIELD_KIND_VARIABLE);
  set_text (sub_row (row, "Label"), "Tags");
  adw_combo_row_set_selected (ADW_COMBO_ROW (sub_row (row, "Type")), CA_FIELD_TYPE_STRING);
  g_assert_cmpint (ca_field_get_kind (field), ==, CA_FIELD_KIND_VARIABLE);
  g_assert_cmpint (ca_field_get_field_type (field), ==, CA_FIELD_TYPE_STRING);
  g_assert_cmpuint (f.changes, >=, 10);

  /* What the file keeps: the variables and the changed constants. */
  stored = ca_payload_table_to_fields (sample, table);
  g_assert_cmpuint (stored->len, ==, 3);
  g_assert_cmpstr (field_name (stored, 0), ==, "message.title");
  g_assert_cmpstr (field_name (stored, 1), ==, "message.badge");
  g_assert_cmpstr (field_name (stored, 2), ==, "tags");

  /* Validated as the dialog does, with the table as the request's
   * fields: the problems land on the rows they name. */
  g_ptr_array_set_size (ca_action_get_request_fields (action), 0);
  for (guint i = 0; i < table->len; i++)
    g_ptr_array_add (ca_action_get_request_fields (action), g_object_ref (g_ptr_array_index (table, i)));
  ca_action_validate (action, NULL, problems);
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_cmpstr (((CaProblem *) g_ptr_array_index (problems, 0))->path, ==, "request.fields[2].value");
  g_assert_cmpstr (((CaProblem *) g_ptr_array_index (problems, 1))->path, ==, "request.fields[3].type");
  ca_field_list_show_problems (CA_FIELD_LIST (f.list), problems, "request.fields");

  g_assert_true (gtk_widget_has_css_class (sub_row (field_row (f.list, 2), "Value"), "error"));
  g_assert_true (gtk_widget_has_css_class (sub_row (field_row (f.list, 3), "Type"), "error"));
  g_assert_false (gtk_widget_has_css_class (sub_row (field_row (f.list, 1), "Label"), "error"));
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (field_row (f.list, 3))), ==,
                   ((CaProblem *) g_ptr_array_index (problems, 1))->message);
  found = ca_field_list_find_row (CA_FIELD_LIST (f.list), "request.fields[3].type");
  g_assert_true (found == sub_row (field_row (f.list, 3), "Type"));
  found = ca_field_list_find_row (CA_FIELD_LIST (f.list), "request.fields[1].path");
  g_assert_true (found == GTK_WIDGET (field_row (f.list, 1)));

  fixture_close (&f);
}

static void
test_field_list_payload_sample_change (void)
{
  g_autoptr(JsonNode) before = node ("{'to': 'x', 'title': 'Hi'}");
  g_autoptr(JsonNode) after = node ("{'title': 'Hello', 'to': 'y', 'body': 'b'}");
  g_autoptr(GPtrArray) table = ca_payload_table_from_sample (before, NULL);
  g_autoptr(GPtrArray) updated = NULL;
  CaFieldRow *row;
  Fixture f;

  CA_TEST_REQUIRE_DISPLAY ();

  fixture_open (&f, CA_FIELD_LIST_PAYLOAD);
  ca_field_list_set_fields (CA_FIELD_LIST (f.list), table);
  ca_field_list_set_sample (CA_FIELD_LIST (f.list), before);

  /* A choice made in the widgets... */
  row = field_row (f.list, 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (sub_row (row, "Kind")), CA_FIELD_KIND_VARIABLE);
  set_text (sub_row (row, "Label"), "Recipient");

  /* ...survives the sample's change, as the dialog makes it; the row of
   * a path that stays is the same widget, still open. */
  updated = ca_payload_table_update (before, after, table);
  ca_field_list_set_fields (CA_FIELD_LIST (f.list), updated);
  ca_field_list_set_sample (CA_FIELD_LIST (f.list), after);
  g_assert_cmpuint (n_field_rows (f.list), ==, 3);
  g_assert_true (field_row (f.list, 1) == row);
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)));
  g_assert_true (ca_field_row_get_field (row) == g_ptr_array_index (updated, 1));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "to");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (sub_row (row, "Kind"))), ==,
                    CA_FIELD_KIND_VARIABLE);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sub_row (row, "Label"))), ==, "Recipient");
  row = field_row (f.list, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sub_row (row, "Value"))), ==, "Hello");

  /* An empty table says what to do. */
  ca_field_list_set_fields (CA_FIELD_LIST (f.list), NULL);
  wait_for_label (f.list, "No fields.", TRUE);

  fixture_close (&f);
}

int
main (int   argc,
      char *argv[])
{
  ca_test_ui_init (&argc, &argv);

  g_test_add_func ("/ca/field-list/headers/add", test_field_list_headers_add);
  g_test_add_func ("/ca/field-list/query/typing-keeps-row", test_field_list_typing_keeps_row);
  g_test_add_func ("/ca/field-list/move-remove", test_field_list_move_remove);
  g_test_add_func ("/ca/field-list/problems", test_field_list_problems);
  g_test_add_func ("/ca/field-list/payload", test_field_list_payload);
  g_test_add_func ("/ca/field-list/payload/sample-change", test_field_list_payload_sample_change);

  return g_test_run ();
}
