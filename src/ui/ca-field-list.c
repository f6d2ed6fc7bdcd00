/* ca-field-list.c: the headers, query parameters or payload fields of an action
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ca-accessible.h"
#include "ca-field-list.h"
#include "ca-field-row.h"
#include "ca-payload.h"
#include "ca-problem.h"

struct _CaFieldList
{
  AdwPreferencesGroup  parent_instance;

  CaFieldListMode      mode;
  /* The caller's array, edited in place. */
  GPtrArray           *fields;
  /* Payload mode: the sample of the table. */
  JsonNode            *sample;
  /* The CaFieldRow of each field, in the same order (the list box owns
   * them). */
  GPtrArray           *rows;
  /* Where problems of these rows are ("headers"). */
  char                *prefix;

  GtkWidget           *add_button;
  GtkListBox          *list_box;
  GtkWidget           *content_type_row;
  GtkWidget           *placeholder_row;
  GtkLabel            *placeholder_label;
};

G_DEFINE_FINAL_TYPE (CaFieldList, ca_field_list, ADW_TYPE_PREFERENCES_GROUP)

enum {
  PROP_0,
  PROP_MODE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The UI library has no glib-mkenums step; one enum does not need one. */
GType
ca_field_list_mode_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { CA_FIELD_LIST_HEADERS, "CA_FIELD_LIST_HEADERS", "headers" },
        { CA_FIELD_LIST_QUERY, "CA_FIELD_LIST_QUERY", "query" },
        { CA_FIELD_LIST_PAYLOAD, "CA_FIELD_LIST_PAYLOAD", "payload" },
        { 0, NULL, NULL },
      };
      GType id = g_enum_register_static (g_intern_static_string ("CaFieldListMode"), values);

      g_once_init_leave (&type_id, id);
    }

  return type_id;
}

/* Rows ---------------------------------------------------------------------- */

/* Content-Type first, then the fields in their order, then the
 * placeholder. */
static int
row_rank (GtkListBoxRow *row,
          guint         *index)
{
  if (CA_IS_FIELD_ROW (row))
    {
      *index = ca_field_row_get_index (CA_FIELD_ROW (row));
      return 1;
    }

  *index = 0;
  return ADW_IS_ACTION_ROW (row) ? 0 : 2;
}

static int
ca_field_list_sort (GtkListBoxRow *a,
                    GtkListBoxRow *b,
                    gpointer       user_data)
{
  guint index_a, index_b;
  int rank_a = row_rank (a, &index_a);
  int rank_b = row_rank (b, &index_b);

  if (rank_a != rank_b)
    return rank_a - rank_b;

  return index_a < index_b ? -1 : index_a > index_b;
}

/* Gives every row its position, which also enables its move buttons. */
static void
ca_field_list_renumber (CaFieldList *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    ca_field_row_set_index (g_ptr_array_index (self->rows, i), i, self->rows->len);

  gtk_widget_set_visible (self->placeholder_row, self->rows->len == 0);
}

static void
ca_field_list_emit_changed (CaFieldList *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
ca_field_list_update_default (CaFieldList *self,
                              CaFieldRow  *row)
{
  JsonNode *value = NULL;
  const char *path = ca_field_get_name (ca_field_row_get_field (row));

  if (self->sample != NULL && path != NULL)
    value = ca_payload_lookup (self->sample, path);

  ca_field_row_set_default_value (row, value != NULL && !JSON_NODE_HOLDS_OBJECT (value) ? value : NULL);
}

static void
ca_field_list_row_changed_cb (CaFieldList *self,
                              CaFieldRow  *row)
{
  ca_field_list_emit_changed (self);
}

static void
ca_field_list_row_move_cb (CaFieldList *self,
                           int          delta,
                           CaFieldRow  *row)
{
  guint from = ca_field_row_get_index (row);
  guint to;

  if ((delta < 0 && from == 0) || (delta > 0 && from + 1 >= self->rows->len))
    return;

  to = delta < 0 ? from - 1 : from + 1;

  {
    gpointer field = self->fields->pdata[from];
    gpointer other = self->rows->pdata[from];

    self->fields->pdata[from] = self->fields->pdata[to];
    self->fields->pdata[to] = field;
    self->rows->pdata[from] = self->rows->pdata[to];
    self->rows->pdata[to] = other;
  }

  ca_field_list_renumber (self);
  /* Sorting moves the rows without taking them out of the list: the
   * focus stays on the button that was pressed. */
  gtk_list_box_invalidate_sort (self->list_box);

  ca_field_list_emit_changed (self);
}

static gboolean
has_focus_within (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static void
ca_field_list_row_remove_cb (CaFieldList *self,
                             CaFieldRow  *row)
{
  /* The row is removed from inside its own signal. */
  g_autoptr(GtkWidget) keep = g_object_ref (GTK_WIDGET (row));
  guint index = ca_field_row_get_index (row);
  gboolean had_focus = has_focus_within (GTK_WIDGET (row));

  g_return_if_fail (index < self->rows->len && self->rows->pdata[index] == row);

  g_signal_handlers_disconnect_by_data (row, self);
  g_ptr_array_remove_index (self->rows, index);
  gtk_list_box_remove (self->list_box, GTK_WIDGET (row));
  g_ptr_array_remove_index (self->fields, index);

  ca_field_list_renumber (self);

  /* Keyboard users carry on from the row that took its place. */
  if (had_focus)
    {
      if (self->rows->len > 0)
        gtk_widget_child_focus (g_ptr_array_index (self->rows, MIN (index, self->rows->len - 1)),
                                GTK_DIR_TAB_FORWARD);
      else
        gtk_widget_grab_focus (self->add_button);
    }

  ca_field_list_emit_changed (self);
}

static CaFieldRow *
ca_field_list_append_row (CaFieldList *self,
                          CaField     *field)
{
  CaFieldRow *row = CA_FIELD_ROW (ca_field_row_new (field, self->mode));

  /* Before it is added: the list sorts it in by it. */
  ca_field_row_set_index (row, self->rows->len, self->rows->len + 1);

  g_signal_connect_object (row, "changed", G_CALLBACK (ca_field_list_row_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "move", G_CALLBACK (ca_field_list_row_move_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "remove", G_CALLBACK (ca_field_list_row_remove_cb),
                           self, G_CONNECT_SWAPPED);

  if (self->mode == CA_FIELD_LIST_PAYLOAD)
    ca_field_list_update_default (self, row);

  gtk_list_box_append (self->list_box, GTK_WIDGET (row));
  g_ptr_array_add (self->rows, row);

  return row;
}

static void
ca_field_list_clear_rows (CaFieldList *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      g_signal_handlers_disconnect_by_data (row, self);
      gtk_list_box_remove (self->list_box, row);
    }

  g_ptr_array_set_size (self->rows, 0);
}

static void
ca_field_list_add_clicked_cb (CaFieldList *self,
                              GtkButton   *button)
{
  CaField *field;
  CaFieldRow *row;

  if (self->fields == NULL || self->mode == CA_FIELD_LIST_PAYLOAD)
    return;

  /* Most headers and parameters someone adds are fixed ones (X-Source:
   * desktop); the kind is one click away. */
  field = ca_field_new ("", CA_FIELD_KIND_CONSTANT, CA_FIELD_TYPE_STRING);
  g_ptr_array_add (self->fields, field);
  row = ca_field_list_append_row (self, field);
  ca_field_list_renumber (self);

  ca_field_row_focus (row);

  ca_field_list_emit_changed (self);
}

/* Problems ------------------------------------------------------------------ */

/* Reads "PREFIX[INDEX]" and "PREFIX[INDEX].KEY…" (@key then gets a copy of
 * KEY, or NULL). */
static gboolean
parse_item_path (const char  *path,
                 const char  *prefix,
                 guint       *index,
                 char       **key)
{
  gsize len = strlen (prefix);
  const char *p;
  char *end = NULL;
  guint64 value;

  if (strncmp (path, prefix, len) != 0 || path[len] != '[' || !g_ascii_isdigit (path[len + 1]))
    return FALSE;

  p = path + len + 1;
  value = g_ascii_strtoull (p, &end, 10);
  if (end == NULL || *end != ']' || value > G_MAXUINT)
    return FALSE;

  *index = value;
  end++;
  if (*end == '.')
    *key = g_strndup (end + 1, strcspn (end + 1, ".["));
  else
    *key = NULL;

  return TRUE;
}

static CaFieldRow *
ca_field_list_row_for_index (CaFieldList *self,
                             guint        index)
{
  return index < self->rows->len ? g_ptr_array_index (self->rows, index) : NULL;
}

/* Class ------------------------------------------------------------------- */

static const char *
default_prefix (CaFieldListMode mode)
{
  switch (mode)
    {
    case CA_FIELD_LIST_HEADERS:
      return "headers";
    case CA_FIELD_LIST_QUERY:
      return "query";
    case CA_FIELD_LIST_PAYLOAD:
    default:
      return "request.fields";
    }
}

/* The list box is ours, not the group's: it takes the group's title as
 * its accessible name, as the group's own list does. */
static void
ca_field_list_title_changed_cb (CaFieldList *self,
                                GParamSpec  *pspec,
                                gpointer     user_data)
{
  const char *title = adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title ? title : "",
                                  -1);
}

static void
ca_field_list_constructed (GObject *object)
{
  CaFieldList *self = CA_FIELD_LIST (object);
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (self);
  const char *title = adw_preferences_group_get_title (group);
  gboolean has_title = title != NULL && title[0] != '\0';
  const char *add = NULL;

  G_OBJECT_CLASS (ca_field_list_parent_class)->constructed (object);

  self->prefix = g_strdup (default_prefix (self->mode));

  switch (self->mode)
    {
    case CA_FIELD_LIST_HEADERS:
      if (!has_title)
        adw_preferences_group_set_title (group, _("Headers"));
      add = _("Add Header");
      gtk_label_set_label (self->placeholder_label, _("No headers. Add one with the + button."));
      break;
    case CA_FIELD_LIST_QUERY:
      if (!has_title)
        adw_preferences_group_set_title (group, _("Query Parameters"));
      add = _("Add Query Parameter");
      gtk_label_set_label (self->placeholder_label, _("No query parameters. Add one with the + button."));
      break;
    case CA_FIELD_LIST_PAYLOAD:
    default:
      if (!has_title)
        /* Translators: the fields of the request payload */
        adw_preferences_group_set_title (group, _("Fields"));
      gtk_label_set_label (self->placeholder_label,
                           _("No fields. Write a sample payload: each of its values becomes a field here."));
      break;
    }

  ca_field_list_title_changed_cb (self, NULL, NULL);
  g_signal_connect (self, "notify::title", G_CALLBACK (ca_field_list_title_changed_cb), NULL);

  gtk_widget_set_visible (self->content_type_row, self->mode == CA_FIELD_LIST_HEADERS);
  gtk_widget_set_visible (self->add_button, add != NULL);
  if (add != NULL)
    {
      gtk_widget_set_tooltip_text (self->add_button, add);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->add_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, add,
                                      -1);
    }

  gtk_widget_set_sensitive (self->add_button, self->fields != NULL);
}

static void
ca_field_list_dispose (GObject *object)
{
  CaFieldList *self = (CaFieldList *)object;

  if (self->rows != NULL)
    ca_field_list_clear_rows (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), CA_TYPE_FIELD_LIST);

  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->sample, json_node_unref);

  G_OBJECT_CLASS (ca_field_list_parent_class)->dispose (object);
}

static void
ca_field_list_finalize (GObject *object)
{
  CaFieldList *self = (CaFieldList *)object;

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->prefix, g_free);

  G_OBJECT_CLASS (ca_field_list_parent_class)->finalize (object);
}

static void
ca_field_list_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CaFieldList *self = CA_FIELD_LIST (object);

  switch (prop_id)
    {
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_field_list_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CaFieldList *self = CA_FIELD_LIST (object);

  switch (prop_id)
    {
    case PROP_MODE:
      self->mode = g_value_get_enum (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_field_list_class_init (CaFieldListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ca_field_list_constructed;
  object_class->dispose = ca_field_list_dispose;
  object_class->finalize = ca_field_list_finalize;
  object_class->get_property = ca_field_list_get_property;
  object_class->set_property = ca_field_list_set_property;

  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL,
                       CA_TYPE_FIELD_LIST_MODE, CA_FIELD_LIST_HEADERS,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CaFieldList::changed:
   *
   * A field was edited, added, removed or moved.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/customactions/CustomActions/ca-field-list.ui");
  gtk_widget_class_bind_template_child (widget_class, CaFieldList, add_button);
  gtk_widget_class_bind_template_child (widget_class, CaFieldList, list_box);
  gtk_widget_class_bind_template_child (widget_class, CaFieldList, content_type_row);
  gtk_widget_class_bind_template_child (widget_class, CaFieldList, placeholder_row);
  gtk_widget_class_bind_template_child (widget_class, CaFieldList, placeholder_label);
  gtk_widget_class_bind_template_callback (widget_class, ca_field_list_add_clicked_cb);

  g_type_ensure (CA_TYPE_FIELD_ROW);
}

static void
ca_field_list_init (CaFieldList *self)
{
  self->rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  ca_accessible_fix_names (GTK_WIDGET (self));

  gtk_list_box_set_sort_func (self->list_box, ca_field_list_sort, NULL, NULL);
}

GtkWidget *
ca_field_list_new (CaFieldListMode mode)
{
  return g_object_new (CA_TYPE_FIELD_LIST, "mode", mode, NULL);
}

CaFieldListMode
ca_field_list_get_mode (CaFieldList *self)
{
  g_return_val_if_fail (CA_IS_FIELD_LIST (self), CA_FIELD_LIST_HEADERS);

  return self->mode;
}

void
ca_field_list_set_fields (CaFieldList *self,
                          GPtrArray   *fields)
{
  g_autoptr(GPtrArray) old_rows = NULL;
  g_autoptr(GHashTable) by_name = NULL;
  g_autoptr(GHashTable) kept = NULL;

  g_return_if_fail (CA_IS_FIELD_LIST (self));

  if (fields != NULL)
    g_ptr_array_ref (fields);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  self->fields = fields;

  /* The rows of fields whose name comes back are kept and given the new
   * field: building a row is what costs, and when the sample changes the
   * open rows stay open. */
  old_rows = g_steal_pointer (&self->rows);
  self->rows = g_ptr_array_new ();
  by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  kept = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < old_rows->len; i++)
    {
      CaFieldRow *row = g_ptr_array_index (old_rows, i);
      const char *name = ca_field_get_name (ca_field_row_get_field (row));

      if (name != NULL && !g_hash_table_contains (by_name, name))
        g_hash_table_insert (by_name, g_strdup (name), row);
    }

  for (guint i = 0; fields != NULL && i < fields->len; i++)
    {
      CaField *field = g_ptr_array_index (fields, i);
      const char *name = ca_field_get_name (field);
      CaFieldRow *row = name != NULL ? g_hash_table_lookup (by_name, name) : NULL;

      if (row != NULL)
        {
          g_hash_table_remove (by_name, name);
          g_hash_table_add (kept, row);
          ca_field_row_set_field (row, field);
          g_ptr_array_add (self->rows, row);
          if (self->mode == CA_FIELD_LIST_PAYLOAD)
            ca_field_list_update_default (self, row);
        }
      else
        {
          ca_field_list_append_row (self, field);
        }
    }

  for (guint i = 0; i < old_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (old_rows, i);

      if (!g_hash_table_contains (kept, row))
        {
          g_signal_handlers_disconnect_by_data (row, self);
          gtk_list_box_remove (self->list_box, row);
        }
    }

  ca_field_list_renumber (self);
  gtk_list_box_invalidate_sort (self->list_box);
  gtk_widget_set_sensitive (self->add_button, fields != NULL);
}

/**
 * ca_field_list_get_fields:
 *
 * Returns: (transfer none) (nullable): the fields edited
 */
GPtrArray *
ca_field_list_get_fields (CaFieldList *self)
{
  g_return_val_if_fail (CA_IS_FIELD_LIST (self), NULL);

  return self->fields;
}

void
ca_field_list_set_sample (CaFieldList *self,
                          JsonNode    *sample)
{
  g_return_if_fail (CA_IS_FIELD_LIST (self));

  if (sample != NULL)
    json_node_ref (sample);
  g_clear_pointer (&self->sample, json_node_unref);
  self->sample = sample;

  for (guint i = 0; i < self->rows->len; i++)
    ca_field_list_update_default (self, g_ptr_array_index (self->rows, i));
}

void
ca_field_list_show_problems (CaFieldList *self,
                             GPtrArray   *problems,
                             const char  *prefix)
{
  g_autofree const CaProblem **first = NULL;
  g_autofree char **keys = NULL;

  g_return_if_fail (CA_IS_FIELD_LIST (self));

  if (prefix != NULL)
    {
      g_free (self->prefix);
      self->prefix = g_strdup (prefix);
    }

  first = g_new0 (const CaProblem *, self->rows->len + 1);
  keys = g_new0 (char *, self->rows->len + 1);

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const CaProblem *problem = g_ptr_array_index (problems, i);
      g_autofree char *key = NULL;
      CaFieldRow *row;
      guint index;
      guint position;

      if (problem->path == NULL ||
          !parse_item_path (problem->path, self->prefix, &index, &key))
        continue;

      row = ca_field_list_row_for_index (self, index);
      if (row == NULL)
        continue;

      /* The first error, or the first warning when there is no error. */
      position = ca_field_row_get_index (row);
      if (first[position] != NULL &&
          (first[position]->severity == CA_PROBLEM_ERROR || problem->severity != CA_PROBLEM_ERROR))
        continue;

      first[position] = problem;
      g_free (keys[position]);
      keys[position] = g_steal_pointer (&key);
    }

  for (guint i = 0; i < self->rows->len; i++)
    {
      ca_field_row_show_problem (g_ptr_array_index (self->rows, i), keys[i],
                                 first[i] != NULL ? first[i]->message : NULL);
      g_free (keys[i]);
    }
}

GtkWidget *
ca_field_list_find_row (CaFieldList *self,
                        const char  *path)
{
  g_autofree char *key = NULL;
  CaFieldRow *row;
  guint index;

  g_return_val_if_fail (CA_IS_FIELD_LIST (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (!parse_item_path (path, self->prefix, &index, &key))
    return strcmp (path, self->prefix) == 0 ? GTK_WIDGET (self) : NULL;

  row = ca_field_list_row_for_index (self, index);
  if (row == NULL)
    return NULL;

  return ca_field_row_find_row (row, key);
}
