/* ca-field-row.c: one header, query parameter or payload field, edited in place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ca-accessible.h"
#include "ca-enums.h"
#include "ca-field-row.h"
#include "ca-util.h"

/* How much of a value the collapsed row shows. */
#define SUMMARY_VALUE_CHARS 48

struct _CaFieldRow
{
  AdwExpanderRow   parent_instance;

  CaField         *field;
  CaFieldListMode  mode;
  guint            index;
  /* The expander's own subtitle label, found once (not owned). */
  GtkWidget       *subtitle_label;
  /* What a payload constant without a value sends, or NULL. */
  JsonNode        *default_value;
  /* The value entry shows @default_value, not a value of the field's. */
  gboolean         showing_default;
  /* Above 0 while the widgets are filled from the field: their change
   * signals are not edits. */
  guint            updating;
  /* The problem shown, and the key of its path ("name"), kept to mark
   * the sub-row once the editor is built. */
  char            *problem;
  char            *problem_key;
  /* The sub-row marked as being at fault, or NULL. */
  GtkWidget       *marked;

  GtkWidget       *buttons;
  GtkWidget       *move_up_button;
  GtkWidget       *move_down_button;
  GtkWidget       *remove_button;

  /* The editor: NULL until the row is first expanded. */
  AdwEntryRow     *name_row;
  AdwComboRow     *kind_row;
  AdwEntryRow     *value_row;
  AdwEntryRow     *label_row;
  AdwComboRow     *type_row;
  AdwActionRow    *optional_row;
  GtkSwitch       *optional_switch;
};

G_DEFINE_FINAL_TYPE (CaFieldRow, ca_field_row, ADW_TYPE_EXPANDER_ROW)

enum {
  CHANGED,
  MOVE,
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void ca_field_row_mark (CaFieldRow *self);


/* Values ------------------------------------------------------------------- */

/* Types whose values are JSON strings: their values are typed without
 * quotes. */
static gboolean
type_is_text (CaFieldType type)
{
  return type == CA_FIELD_TYPE_STRING ||
         type == CA_FIELD_TYPE_DATE_TIME ||
         type == CA_FIELD_TYPE_DATE_TIME_ONLY ||
         type == CA_FIELD_TYPE_DATE_ONLY;
}

static gboolean
is_json (const char *text)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  return node != NULL;
}

static JsonNode *
string_node (const char *text)
{
  return json_node_init_string (json_node_alloc (), text);
}

/* The text a value is edited as. Headers and query parameters hold
 * strings, shown as they are. A payload value is JSON, except that a string
 * is shown without quotes where that reads back as the same string (see
 * text_to_value()). */
static char *
value_to_text (CaFieldListMode  mode,
               CaFieldType      type,
               JsonNode        *value)
{
  if (value == NULL)
    return g_strdup ("");

  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (value);

      if (mode != CA_FIELD_LIST_PAYLOAD)
        return g_strdup (text);
      if (text[0] != '"' && (type_is_text (type) || !is_json (text)))
        return g_strdup (text);
    }

  return json_to_string (value, FALSE);
}

/* The value of an edited text: none when empty; for a payload field, the
 * JSON it says, where a text type also takes a string without quotes and
 * anything that is not JSON is taken as a string, for validation to say
 * whether it fits the type. */
static JsonNode *
text_to_value (CaFieldListMode  mode,
               CaFieldType      type,
               const char      *text)
{
  g_autoptr(JsonNode) node = NULL;

  if (text == NULL || text[0] == '\0')
    return NULL;

  if (mode != CA_FIELD_LIST_PAYLOAD)
    return string_node (text);

  if (type_is_text (type) && text[0] != '"')
    return string_node (text);

  node = json_from_string (text, NULL);
  if (node == NULL || (type_is_text (type) && !JSON_NODE_HOLDS_VALUE (node)))
    return string_node (text);

  return g_steal_pointer (&node);
}

/* Display ------------------------------------------------------------------ */

static char *
shorten (const char *text)
{
  if (g_utf8_strlen (text, -1) <= SUMMARY_VALUE_CHARS)
    return g_strdup (text);

  {
    g_autofree char *start = g_utf8_substring (text, 0, SUMMARY_VALUE_CHARS - 1);

    return g_strconcat (start, "…", NULL);
  }
}

/* "Constant · desktop", "Variable · Tenant · string · optional" */
static char *
ca_field_row_summary (CaFieldRow *self)
{
  CaField *field = self->field;
  CaFieldType type = ca_field_get_field_type (field);
  g_autoptr(GStrvBuilder) parts = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  if (ca_field_get_kind (field) == CA_FIELD_KIND_CONSTANT)
    {
      JsonNode *value = ca_field_get_value (field);

      g_strv_builder_add (parts, _("Constant"));
      if (self->mode == CA_FIELD_LIST_PAYLOAD)
        g_strv_builder_add (parts, ca_enum_to_nick (CA_TYPE_FIELD_TYPE, type));

      if (value != NULL)
        {
          g_autofree char *text = value_to_text (self->mode, type, value);
          g_autofree char *shown = shorten (text);

          g_strv_builder_add (parts, shown);
        }
      else if (self->default_value != NULL)
        {
          g_autofree char *text = value_to_text (self->mode, type, self->default_value);
          g_autofree char *shown = shorten (text);
          /* Translators: %s is a value of the sample payload, sent as it is */
          g_autofree char *from_sample = g_strdup_printf (_("%s (from the sample)"), shown);

          g_strv_builder_add (parts, from_sample);
        }
      else
        {
          /* Translators: a constant whose value is still to be entered */
          g_strv_builder_add (parts, _("no value"));
        }
    }
  else
    {
      const char *label = ca_field_get_label (field);

      g_strv_builder_add (parts, _("Variable"));
      if (label != NULL)
        g_strv_builder_add (parts, label);
      g_strv_builder_add (parts, ca_enum_to_nick (CA_TYPE_FIELD_TYPE, type));
      if (ca_field_get_optional (field))
        /* Translators: said of a variable that may be left empty */
        g_strv_builder_add (parts, _("optional"));
    }

  strv = g_strv_builder_end (parts);
  return g_strjoinv (" · ", strv);
}

/* The label that shows the expander row's subtitle: AdwExpanderRow has no
 * way to style it, and a problem is shown in red there. */
static GtkWidget *
find_subtitle_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "subtitle"))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      /* The nested rows have subtitles of their own. */
      if (GTK_IS_REVEALER (child))
        continue;

      found = find_subtitle_label (child);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
ca_field_row_update_subtitle (CaFieldRow *self)
{
  GtkWidget *label;

  if (self->problem != NULL)
    {
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), self->problem);
    }
  else
    {
      g_autofree char *summary = ca_field_row_summary (self);

      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), summary);
    }

  /* Shown once there is a subtitle. */
  if (self->subtitle_label == NULL)
    self->subtitle_label = find_subtitle_label (GTK_WIDGET (self));
  label = self->subtitle_label;
  if (label != NULL)
    {
      if (self->problem != NULL)
        gtk_widget_add_css_class (label, "error");
      else
        gtk_widget_remove_css_class (label, "error");
    }
}

static void
ca_field_row_update_title (CaFieldRow *self)
{
  const char *name = ca_field_get_name (self->field);

  if (name != NULL && name[0] != '\0')
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), name);
  else if (self->mode == CA_FIELD_LIST_HEADERS)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), _("Unnamed header"));
  else
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), _("Unnamed query parameter"));
}

static void
ca_field_row_update_type_subtitle (CaFieldRow *self)
{
  CaFieldType type = ca_field_get_field_type (self->field);

  if (self->type_row == NULL)
    return;

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->type_row),
                               ca_field_type_describe (type));
}

/* Which sub-rows a field of this kind has. */
static void
ca_field_row_update_visible (CaFieldRow *self)
{
  gboolean is_constant = ca_field_get_kind (self->field) == CA_FIELD_KIND_CONSTANT;

  if (self->name_row == NULL)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->value_row), is_constant);
  gtk_widget_set_visible (GTK_WIDGET (self->label_row), !is_constant);
  gtk_widget_set_visible (GTK_WIDGET (self->optional_row), !is_constant);
  /* A header or query constant is sent as the text it is; a payload
   * constant is checked against its type. */
  gtk_widget_set_visible (GTK_WIDGET (self->type_row),
                          !is_constant || self->mode == CA_FIELD_LIST_PAYLOAD);
}

static void
ca_field_row_load_value (CaFieldRow *self)
{
  CaFieldType type = ca_field_get_field_type (self->field);
  JsonNode *value = ca_field_get_value (self->field);
  g_autofree char *text = NULL;

  if (self->value_row == NULL)
    return;

  self->showing_default = value == NULL && self->default_value != NULL;
  text = value_to_text (self->mode, type, self->showing_default ? self->default_value : value);

  self->updating++;
  gtk_editable_set_text (GTK_EDITABLE (self->value_row), text);
  self->updating--;
}

/* Fills the editor's widgets from the field. */
static void
ca_field_row_load_editor (CaFieldRow *self)
{
  CaField *field = self->field;
  const char *name = ca_field_get_name (field);
  const char *label = ca_field_get_label (field);

  if (self->name_row == NULL)
    return;

  self->updating++;

  gtk_widget_set_visible (GTK_WIDGET (self->name_row), self->mode != CA_FIELD_LIST_PAYLOAD);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name ? name : "");
  adw_combo_row_set_selected (self->kind_row, ca_field_get_kind (field));
  ca_field_row_load_value (self);
  gtk_editable_set_text (GTK_EDITABLE (self->label_row), label ? label : "");
  adw_combo_row_set_selected (self->type_row, ca_field_get_field_type (field));
  gtk_switch_set_active (self->optional_switch, ca_field_get_optional (field));

  ca_field_row_update_type_subtitle (self);
  ca_field_row_update_visible (self);

  self->updating--;
}

/* Fills every widget from the field. */
static void
ca_field_row_load (CaFieldRow *self)
{
  /* A payload field is there as long as its path is in the sample. */
  gtk_widget_set_visible (self->buttons, self->mode != CA_FIELD_LIST_PAYLOAD);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "field.remove",
                                 self->mode != CA_FIELD_LIST_PAYLOAD);

  ca_field_row_load_editor (self);
  ca_field_row_update_title (self);
  ca_field_row_update_subtitle (self);
}

static void
ca_field_row_edited (CaFieldRow *self)
{
  ca_field_row_update_subtitle (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Edits -------------------------------------------------------------------- */

static void
ca_field_row_name_changed_cb (CaFieldRow  *self,
                              AdwEntryRow *row)
{
  if (self->updating > 0)
    return;

  ca_field_set_name (self->field, gtk_editable_get_text (GTK_EDITABLE (row)));
  ca_field_row_update_title (self);
  ca_field_row_edited (self);
}

static void
ca_field_row_value_changed_cb (CaFieldRow  *self,
                               AdwEntryRow *row)
{
  g_autoptr(JsonNode) value = NULL;

  if (self->updating > 0)
    return;

  self->showing_default = FALSE;
  value = text_to_value (self->mode, ca_field_get_field_type (self->field),
                         gtk_editable_get_text (GTK_EDITABLE (row)));
  ca_field_set_value (self->field, value);
  ca_field_row_edited (self);
}

static void
ca_field_row_label_changed_cb (CaFieldRow  *self,
                               AdwEntryRow *row)
{
  if (self->updating > 0)
    return;

  ca_field_set_label (self->field, gtk_editable_get_text (GTK_EDITABLE (row)));
  ca_field_row_edited (self);
}

static void
ca_field_row_kind_changed_cb (CaFieldRow  *self,
                              GParamSpec  *pspec,
                              AdwComboRow *row)
{
  guint selected = adw_combo_row_get_selected (row);

  if (self->updating > 0 || selected == GTK_INVALID_LIST_POSITION)
    return;

  /* The value and the label both stay in the field, so that switching
   * back brings them back; the file keeps only those of its kind. */
  ca_field_set_kind (self->field, selected);
  ca_field_row_update_visible (self);
  /* The problem may be about a sub-row that just appeared or went. */
  ca_field_row_mark (self);
  ca_field_row_edited (self);
}

static void
ca_field_row_type_changed_cb (CaFieldRow  *self,
                              GParamSpec  *pspec,
                              AdwComboRow *row)
{
  guint selected = adw_combo_row_get_selected (row);

  if (self->updating > 0 || selected == GTK_INVALID_LIST_POSITION)
    return;

  ca_field_set_field_type (self->field, selected);
  ca_field_row_update_type_subtitle (self);

  /* The text typed is read by the type: "5" is a number for an integer,
   * and a text for a string. */
  if (self->mode == CA_FIELD_LIST_PAYLOAD && !self->showing_default)
    {
      g_autoptr(JsonNode) value =
        text_to_value (self->mode, selected, gtk_editable_get_text (GTK_EDITABLE (self->value_row)));

      ca_field_set_value (self->field, value);
    }

  ca_field_row_edited (self);
}

static void
ca_field_row_optional_changed_cb (CaFieldRow *self,
                                  GParamSpec *pspec,
                                  GtkSwitch  *button)
{
  if (self->updating > 0)
    return;

  ca_field_set_optional (self->field, gtk_switch_get_active (button));
  ca_field_row_edited (self);
}

static void
ca_field_row_move_up (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  g_signal_emit (widget, signals[MOVE], 0, -1);
}

static void
ca_field_row_move_down (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  g_signal_emit (widget, signals[MOVE], 0, 1);
}

static void
ca_field_row_remove (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  g_signal_emit (widget, signals[REMOVE], 0);
}

/* The editor --------------------------------------------------------------- */

/* The format's words, in the order of CaFieldType, so that a position is
 * a type; one list for every row. */
static GListModel *type_names;

/* The sub-row of a problem's key, when the editor has it and shows it. */
static GtkWidget *
ca_field_row_sub_row (CaFieldRow *self,
                      const char *key)
{
  GtkWidget *row = NULL;

  if (key == NULL || self->name_row == NULL)
    return NULL;

  if (strcmp (key, "name") == 0)
    row = GTK_WIDGET (self->name_row);
  else if (strcmp (key, "value") == 0)
    row = GTK_WIDGET (self->value_row);
  else if (strcmp (key, "label") == 0)
    row = GTK_WIDGET (self->label_row);
  else if (strcmp (key, "type") == 0)
    row = GTK_WIDGET (self->type_row);
  else if (strcmp (key, "kind") == 0)
    row = GTK_WIDGET (self->kind_row);
  else if (strcmp (key, "optional") == 0)
    row = GTK_WIDGET (self->optional_row);

  return row != NULL && gtk_widget_get_visible (row) ? row : NULL;
}

/* Marks the sub-row of the problem shown, once the editor exists. */
static void
ca_field_row_mark (CaFieldRow *self)
{
  GtkWidget *row;

  if (self->marked != NULL)
    {
      gtk_widget_remove_css_class (self->marked, "error");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->marked),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      self->marked = NULL;
    }

  if (self->problem == NULL)
    return;

  row = ca_field_row_sub_row (self, self->problem_key);
  if (row != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->problem,
                                      -1);
      self->marked = row;
    }
}

static void
ca_field_row_build_editor (CaFieldRow *self)
{
  g_autoptr(GtkBuilderScope) scope = NULL;
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const ids[] = {
    "name_row", "kind_row", "value_row", "label_row", "type_row", "optional_row",
  };

  if (self->name_row != NULL)
    return;

  scope = gtk_builder_cscope_new ();
  gtk_builder_cscope_add_callback_symbols (GTK_BUILDER_CSCOPE (scope),
                                           "ca_field_row_name_changed_cb", G_CALLBACK (ca_field_row_name_changed_cb),
                                           "ca_field_row_value_changed_cb", G_CALLBACK (ca_field_row_value_changed_cb),
                                           "ca_field_row_label_changed_cb", G_CALLBACK (ca_field_row_label_changed_cb),
                                           "ca_field_row_kind_changed_cb", G_CALLBACK (ca_field_row_kind_changed_cb),
                                           "ca_field_row_type_changed_cb", G_CALLBACK (ca_field_row_type_changed_cb),
                                           "ca_field_row_optional_changed_cb", G_CALLBACK (ca_field_row_optional_changed_cb),
                                           NULL);

  /* Signals fire while the widgets are built and filled: not edits. */
  self->updating++;

  builder = gtk_builder_new ();
  gtk_builder_set_scope (builder, scope);
  gtk_builder_set_current_object (builder, G_OBJECT (self));
  if (!gtk_builder_add_from_resource (builder, "/io/github/customactions/CustomActions/ca-field-row-editor.ui", &error))
    g_error ("ca-field-row-editor.ui: %s", error->message);

  self->name_row = ADW_ENTRY_ROW (gtk_builder_get_object (builder, "name_row"));
  self->kind_row = ADW_COMBO_ROW (gtk_builder_get_object (builder, "kind_row"));
  self->value_row = ADW_ENTRY_ROW (gtk_builder_get_object (builder, "value_row"));
  self->label_row = ADW_ENTRY_ROW (gtk_builder_get_object (builder, "label_row"));
  self->type_row = ADW_COMBO_ROW (gtk_builder_get_object (builder, "type_row"));
  self->optional_row = ADW_ACTION_ROW (gtk_builder_get_object (builder, "optional_row"));
  self->optional_switch = GTK_SWITCH (gtk_builder_get_object (builder, "optional_switch"));

  adw_combo_row_set_model (self->type_row, type_names);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (self),
                              GTK_WIDGET (gtk_builder_get_object (builder, ids[i])));
  ca_accessible_fix_names (GTK_WIDGET (self));

  ca_field_row_load_editor (self);
  ca_field_row_mark (self);

  self->updating--;
}

static void
ca_field_row_expanded_cb (CaFieldRow *self,
                          GParamSpec *pspec,
                          gpointer    user_data)
{
  if (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (self)))
    ca_field_row_build_editor (self);
}

/* Class -------------------------------------------------------------------- */

static void
ca_field_row_dispose (GObject *object)
{
  CaFieldRow *self = (CaFieldRow *)object;

  /* Whatever the widgets say while they go is no edit. */
  self->updating++;
  self->marked = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), CA_TYPE_FIELD_ROW);

  G_OBJECT_CLASS (ca_field_row_parent_class)->dispose (object);

  self->name_row = NULL;
  self->kind_row = NULL;
  self->value_row = NULL;
  self->label_row = NULL;
  self->type_row = NULL;
  self->optional_row = NULL;
  self->optional_switch = NULL;
}

static void
ca_field_row_finalize (GObject *object)
{
  CaFieldRow *self = (CaFieldRow *)object;

  g_clear_object (&self->field);
  g_clear_pointer (&self->default_value, json_node_unref);
  g_clear_pointer (&self->problem, g_free);
  g_clear_pointer (&self->problem_key, g_free);

  G_OBJECT_CLASS (ca_field_row_parent_class)->finalize (object);
}

static void
ca_field_row_class_init (CaFieldRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GEnumClass *types = g_type_class_ref (CA_TYPE_FIELD_TYPE);
  GtkStringList *names = gtk_string_list_new (NULL);

  object_class->dispose = ca_field_row_dispose;
  object_class->finalize = ca_field_row_finalize;

  /**
   * CaFieldRow::changed:
   *
   * The field was edited.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * CaFieldRow::move:
   * @delta: -1 to move up, 1 to move down
   */
  signals[MOVE] =
    g_signal_new ("move", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  /**
   * CaFieldRow::remove:
   *
   * The user asked to remove the field.
   */
  signals[REMOVE] =
    g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/customactions/CustomActions/ca-field-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CaFieldRow, buttons);
  gtk_widget_class_bind_template_child (widget_class, CaFieldRow, move_up_button);
  gtk_widget_class_bind_template_child (widget_class, CaFieldRow, move_down_button);
  gtk_widget_class_bind_template_child (widget_class, CaFieldRow, remove_button);

  gtk_widget_class_install_action (widget_class, "field.move-up", NULL, ca_field_row_move_up);
  gtk_widget_class_install_action (widget_class, "field.move-down", NULL, ca_field_row_move_down);
  gtk_widget_class_install_action (widget_class, "field.remove", NULL, ca_field_row_remove);

  /* From anywhere in the row, entries included. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "field.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "field.move-down", NULL);

  for (guint i = 0; i < types->n_values; i++)
    gtk_string_list_append (names, types->values[i].value_nick);
  g_type_class_unref (types);
  type_names = G_LIST_MODEL (names);
}

static void
ca_field_row_init (CaFieldRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ca_accessible_fix_names (GTK_WIDGET (self));

  g_signal_connect (self, "notify::expanded", G_CALLBACK (ca_field_row_expanded_cb), NULL);
}

GtkWidget *
ca_field_row_new (CaField         *field,
                  CaFieldListMode  mode)
{
  CaFieldRow *self;

  g_return_val_if_fail (CA_IS_FIELD (field), NULL);

  self = g_object_new (CA_TYPE_FIELD_ROW, NULL);
  self->field = g_object_ref (field);
  self->mode = mode;
  ca_field_row_load (self);

  return GTK_WIDGET (self);
}

CaField *
ca_field_row_get_field (CaFieldRow *self)
{
  g_return_val_if_fail (CA_IS_FIELD_ROW (self), NULL);

  return self->field;
}

void
ca_field_row_set_field (CaFieldRow *self,
                        CaField    *field)
{
  g_return_if_fail (CA_IS_FIELD_ROW (self));
  g_return_if_fail (CA_IS_FIELD (field));

  if (self->field == field)
    return;

  g_set_object (&self->field, field);
  /* A problem was about the other field; the next validation says. */
  g_clear_pointer (&self->problem, g_free);
  g_clear_pointer (&self->problem_key, g_free);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  ca_field_row_mark (self);
  ca_field_row_load (self);
}

guint
ca_field_row_get_index (CaFieldRow *self)
{
  g_return_val_if_fail (CA_IS_FIELD_ROW (self), 0);

  return self->index;
}

/* The window's focus widget, whether or not the window is active. */
static gboolean
is_focus (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  return root != NULL && gtk_root_get_focus (root) == widget;
}

void
ca_field_row_set_index (CaFieldRow *self,
                        guint       index,
                        guint       n_rows)
{
  /* Payload rows follow the sample's order and are never moved. */
  gboolean movable = self->mode != CA_FIELD_LIST_PAYLOAD;
  gboolean can_up = movable && index > 0;
  gboolean can_down = movable && index + 1 < n_rows;

  g_return_if_fail (CA_IS_FIELD_ROW (self));

  self->index = index;

  /* A button that goes insensitive under the keyboard would drop the
   * focus: the other one takes it, so moving on keeps working. */
  if (!can_up && is_focus (self->move_up_button))
    gtk_widget_grab_focus (can_down ? self->move_down_button : self->remove_button);
  else if (!can_down && is_focus (self->move_down_button))
    gtk_widget_grab_focus (can_up ? self->move_up_button : self->remove_button);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "field.move-up", can_up);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "field.move-down", can_down);
}

void
ca_field_row_set_default_value (CaFieldRow *self,
                                JsonNode   *value)
{
  g_return_if_fail (CA_IS_FIELD_ROW (self));

  if (ca_json_node_equal0 (self->default_value, value))
    return;

  g_clear_pointer (&self->default_value, json_node_unref);
  self->default_value = ca_json_node_copy0 (value);

  if (ca_field_get_value (self->field) == NULL)
    ca_field_row_load_value (self);
  ca_field_row_update_subtitle (self);
}

void
ca_field_row_show_problem (CaFieldRow *self,
                           const char *key,
                           const char *message)
{
  g_return_if_fail (CA_IS_FIELD_ROW (self));

  if (g_strcmp0 (self->problem, message) == 0 && g_strcmp0 (self->problem_key, key) == 0)
    return;

  g_free (self->problem);
  self->problem = g_strdup (message);
  g_free (self->problem_key);
  self->problem_key = message != NULL ? g_strdup (key) : NULL;

  if (message != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);

  ca_field_row_mark (self);
  ca_field_row_update_subtitle (self);
}

GtkWidget *
ca_field_row_find_row (CaFieldRow *self,
                       const char *key)
{
  GtkWidget *row;

  g_return_val_if_fail (CA_IS_FIELD_ROW (self), NULL);

  if (key == NULL)
    return GTK_WIDGET (self);

  ca_field_row_build_editor (self);
  row = ca_field_row_sub_row (self, key);
  if (row == NULL)
    return GTK_WIDGET (self);

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self), TRUE);
  return row;
}

void
ca_field_row_focus (CaFieldRow *self)
{
  GtkWidget *first;

  g_return_if_fail (CA_IS_FIELD_ROW (self));

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self), TRUE);
  first = self->mode == CA_FIELD_LIST_PAYLOAD ? GTK_WIDGET (self->kind_row)
                                              : GTK_WIDGET (self->name_row);
  gtk_widget_grab_focus (first);
}
