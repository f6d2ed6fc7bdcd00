/* ca-auth-param-row.c: a header or body parameter of a token request
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ca-accessible.h"
#include "ca-auth-param-row.h"

#define KEYRING_HINT_KEY "ca-keyring-hint"
#define PROBLEM_KEY "ca-problem"

/* Credential rows */

static void
update_description (GtkWidget *row)
{
  GtkWidget *hint = g_object_get_data (G_OBJECT (row), KEYRING_HINT_KEY);
  const char *problem = g_object_get_data (G_OBJECT (row), PROBLEM_KEY);
  const char *description = "";

  if (problem != NULL)
    description = problem;
  else if (hint != NULL && gtk_widget_get_visible (hint))
    description = _("Stored in the keyring; type a new value to replace it");

  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

void
ca_auth_row_set_problem (GtkWidget  *row,
                         const char *problem)
{
  g_return_if_fail (GTK_IS_WIDGET (row));

  g_object_set_data_full (G_OBJECT (row), PROBLEM_KEY, g_strdup (problem), g_free);
  update_description (row);
}

void
ca_credential_row_setup (AdwPasswordEntryRow *row)
{
  GtkWidget *hint;

  g_return_if_fail (ADW_IS_PASSWORD_ENTRY_ROW (row));

  /* Inside the row, after the text: the row's title stays its name. */
  hint = gtk_label_new (_("Stored in the keyring"));
  gtk_widget_set_visible (hint, FALSE);
  gtk_widget_set_valign (hint, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_widget_add_css_class (hint, "caption");
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), hint);
  g_object_set_data (G_OBJECT (row), KEYRING_HINT_KEY, hint);
}

static void
update_hint (AdwPasswordEntryRow *row,
             const CaCredential  *credential)
{
  GtkWidget *hint = g_object_get_data (G_OBJECT (row), KEYRING_HINT_KEY);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  if (hint != NULL)
    gtk_widget_set_visible (hint, text[0] == '\0' && credential != NULL &&
                                  ca_credential_is_secret (credential));
  update_description (GTK_WIDGET (row));
}

void
ca_credential_row_show (AdwPasswordEntryRow *row,
                        const CaCredential  *credential)
{
  g_return_if_fail (ADW_IS_PASSWORD_ENTRY_ROW (row));

  gtk_editable_set_text (GTK_EDITABLE (row),
                         credential != NULL && !ca_credential_is_secret (credential)
                         ? credential->plain : "");
  update_hint (row, credential);
}

void
ca_credential_row_apply (AdwPasswordEntryRow  *row,
                         CaCredential        **slot,
                         const CaCredential   *original)
{
  const char *text;

  g_return_if_fail (ADW_IS_PASSWORD_ENTRY_ROW (row));
  g_return_if_fail (slot != NULL);

  text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_clear_pointer (slot, ca_credential_free);
  if (text[0] != '\0')
    *slot = ca_credential_new_plain (text);
  else if (original != NULL && ca_credential_is_secret (original))
    *slot = ca_credential_copy (original);

  update_hint (row, *slot);
}

/* The row */

struct _CaAuthParamRow
{
  AdwExpanderRow       parent_instance;

  /* Borrowed from the action's auth, which the editor re-binds. */
  CaAuthParam         *param;
  /* The value set_param() found, brought back when the row is cleared. */
  CaCredential        *original;
  char                *problem;
  gboolean             is_header;
  gboolean             updating;

  AdwEntryRow         *name_row;
  AdwPasswordEntryRow *value_row;
};

enum {
  CHANGED,
  REMOVE,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (CaAuthParamRow, ca_auth_param_row, ADW_TYPE_EXPANDER_ROW)

static guint signals[N_SIGNALS];

static void
ca_auth_param_row_update_title (CaAuthParamRow *self)
{
  const char *name = self->param != NULL ? self->param->name : NULL;
  const char *subtitle;

  if (name == NULL || name[0] == '\0')
    name = self->is_header ? _("New Header") : _("New Parameter");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), name);

  if (self->problem != NULL)
    subtitle = self->problem;
  else if (self->param == NULL || self->param->value == NULL)
    subtitle = _("No value");
  else if (ca_credential_is_secret (self->param->value))
    subtitle = _("Value stored in the keyring");
  else
    subtitle = _("Value entered; it goes to the keyring when saved");
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle);
}

static void
ca_auth_param_row_name_changed_cb (CaAuthParamRow *self)
{
  if (self->updating || self->param == NULL)
    return;

  g_free (self->param->name);
  /* Never NULL: the name is a key of the file's object. */
  self->param->name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  ca_auth_param_row_update_title (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
ca_auth_param_row_value_changed_cb (CaAuthParamRow *self)
{
  if (self->updating || self->param == NULL)
    return;

  ca_credential_row_apply (self->value_row, &self->param->value, self->original);
  ca_auth_param_row_update_title (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
ca_auth_param_row_remove_cb (CaAuthParamRow *self)
{
  g_signal_emit (self, signals[REMOVE], 0);
}

static void
ca_auth_param_row_finalize (GObject *object)
{
  CaAuthParamRow *self = CA_AUTH_PARAM_ROW (object);

  ca_credential_free (self->original);
  g_free (self->problem);

  G_OBJECT_CLASS (ca_auth_param_row_parent_class)->finalize (object);
}

static void
ca_auth_param_row_class_init (CaAuthParamRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ca_auth_param_row_finalize;

  /**
   * CaAuthParamRow::changed:
   *
   * The parameter's name or value was edited.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * CaAuthParamRow::remove:
   *
   * The user asked to remove the parameter.
   */
  signals[REMOVE] =
    g_signal_new ("remove",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
ca_auth_param_row_init (CaAuthParamRow *self)
{
  GtkWidget *remove;

  /* Names are token characters, '&' among them: never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);

  remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove"),
                                  -1);
  gtk_widget_add_css_class (remove, "flat");
  g_signal_connect_object (remove, "clicked", G_CALLBACK (ca_auth_param_row_remove_cb),
                           self, G_CONNECT_SWAPPED);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (self), remove);

  self->name_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->name_row), _("Name"));
  g_signal_connect_object (self->name_row, "changed", G_CALLBACK (ca_auth_param_row_name_changed_cb),
                           self, G_CONNECT_SWAPPED);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), GTK_WIDGET (self->name_row));

  self->value_row = ADW_PASSWORD_ENTRY_ROW (adw_password_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->value_row), _("Value"));
  ca_credential_row_setup (self->value_row);
  g_signal_connect_object (self->value_row, "changed", G_CALLBACK (ca_auth_param_row_value_changed_cb),
                           self, G_CONNECT_SWAPPED);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), GTK_WIDGET (self->value_row));

  ca_accessible_fix_names (GTK_WIDGET (self));
}

GtkWidget *
ca_auth_param_row_new (gboolean is_header)
{
  CaAuthParamRow *self = g_object_new (CA_TYPE_AUTH_PARAM_ROW, NULL);

  self->is_header = is_header;
  ca_auth_param_row_update_title (self);
  return GTK_WIDGET (self);
}

void
ca_auth_param_row_set_param (CaAuthParamRow *self,
                             CaAuthParam    *param)
{
  g_return_if_fail (CA_IS_AUTH_PARAM_ROW (self));

  self->param = param;
  g_clear_pointer (&self->original, ca_credential_free);
  self->original = param != NULL ? ca_credential_copy (param->value) : NULL;

  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row),
                         param != NULL && param->name != NULL ? param->name : "");
  ca_credential_row_show (self->value_row, param != NULL ? param->value : NULL);
  self->updating = FALSE;

  ca_auth_param_row_update_title (self);
}

void
ca_auth_param_row_rebind (CaAuthParamRow *self,
                          CaAuthParam    *param)
{
  g_return_if_fail (CA_IS_AUTH_PARAM_ROW (self));

  self->param = param;
  if (param != NULL)
    ca_auth_param_row_update_title (self);
}

CaAuthParam *
ca_auth_param_row_get_param (CaAuthParamRow *self)
{
  g_return_val_if_fail (CA_IS_AUTH_PARAM_ROW (self), NULL);

  return self->param;
}

gboolean
ca_auth_param_row_is_header (CaAuthParamRow *self)
{
  g_return_val_if_fail (CA_IS_AUTH_PARAM_ROW (self), FALSE);

  return self->is_header;
}

void
ca_auth_param_row_show_problem (CaAuthParamRow *self,
                                const char     *message,
                                gboolean        error)
{
  g_return_if_fail (CA_IS_AUTH_PARAM_ROW (self));

  g_free (self->problem);
  self->problem = g_strdup (message);
  if (message != NULL && error)
    gtk_widget_add_css_class (GTK_WIDGET (self), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
  ca_auth_row_set_problem (GTK_WIDGET (self), message);
  ca_auth_param_row_update_title (self);
}

void
ca_auth_param_row_focus (CaAuthParamRow *self)
{
  g_return_if_fail (CA_IS_AUTH_PARAM_ROW (self));

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}
