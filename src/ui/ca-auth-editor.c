/* ca-auth-editor.c: the Authentication page of the configuration dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ca-accessible.h"
#include "ca-auth-editor.h"
#include "ca-auth-param-row.h"
#include "ca-authenticator.h"
#include "ca-invoker.h"
#include "ca-problem.h"
#include "ca-util.h"

/* The choices of the lifetime row: where the token's lifetime comes from. */
enum {
  LIFETIME_FROM_RESPONSE,  /* expiryInResponse */
  LIFETIME_FIXED,          /* cacheDuration */
  LIFETIME_DEFAULT,        /* neither: an hour */
};

/* The credentials of the fixed rows. */
enum {
  SLOT_PASSWORD,
  SLOT_KEY_VALUE,
  SLOT_TOKEN,
  N_SLOTS
};

/* Where the rows are for the problems of a path: the row itself and the
 * problem row below it. */
typedef struct {
  const char   *path;
  GtkWidget    *row;
  AdwActionRow *problem;
} Target;

#define N_TARGETS 11

struct _CaAuthEditor
{
  AdwPreferencesPage   parent_instance;

  CaAction            *action;
  /* What was typed for the other types while the dialog is open: the
   * action keeps only the members of its type (ca-auth.h). */
  CaAuth              *stash[CA_AUTH_TYPE_CUSTOM + 1];
  /* The credentials set_action() found, brought back when a row is
   * cleared: a keyring reference stays one until a value is typed. */
  CaCredential        *original[N_SLOTS];
  /* CaAuthParamRow, in the order of the parameters (the groups own
   * them). */
  GPtrArray           *header_rows;
  GPtrArray           *body_rows;
  Target               targets[N_TARGETS];
  GCancellable        *check_cancellable;
  /* Rows being filled from the action: not an edit. */
  gboolean             updating;

  AdwComboRow         *type_row;
  AdwActionRow        *type_problem;
  AdwPreferencesGroup *basic_group;
  AdwEntryRow         *username_row;
  AdwActionRow        *username_problem;
  AdwPasswordEntryRow *password_row;
  AdwActionRow        *password_problem;
  AdwPreferencesGroup *api_key_group;
  AdwEntryRow         *key_name_row;
  AdwActionRow        *key_name_problem;
  AdwComboRow         *location_row;
  AdwPasswordEntryRow *key_value_row;
  AdwActionRow        *key_value_problem;
  AdwPreferencesGroup *bearer_group;
  AdwPasswordEntryRow *token_row;
  AdwActionRow        *token_problem;
  AdwPreferencesGroup *endpoint_group;
  AdwEntryRow         *endpoint_row;
  AdwActionRow        *endpoint_problem;
  AdwComboRow         *method_row;
  AdwPreferencesGroup *headers_group;
  AdwPreferencesGroup *body_group;
  AdwComboRow         *body_type_row;
  AdwActionRow        *body_problem;
  AdwPreferencesGroup *token_group;
  AdwEntryRow         *token_in_response_row;
  AdwActionRow        *token_in_response_problem;
  AdwComboRow         *lifetime_row;
  AdwEntryRow         *expiry_row;
  AdwActionRow        *expiry_problem;
  AdwActionRow        *cache_row;
  GtkSpinButton       *cache_spin;
  GtkDropDown         *cache_unit;
  AdwComboRow         *placement_row;
  AdwEntryRow         *target_row;
  AdwActionRow        *target_problem;
  AdwPreferencesGroup *check_group;
  GtkSpinner          *check_spinner;
  GtkButton           *check_button;
  AdwActionRow        *result_row;
};

enum {
  CHANGED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (CaAuthEditor, ca_auth_editor, ADW_TYPE_PREFERENCES_PAGE)

static guint signals[N_SIGNALS];

static CaAuth *
ca_auth_editor_get_auth (CaAuthEditor *self)
{
  return self->action != NULL ? ca_action_get_auth (self->action) : NULL;
}

static void
ca_auth_editor_emit_changed (CaAuthEditor *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/* What a new auth of @type starts with: the usual OAuth client
 * credentials answer for a token endpoint. */
static CaAuth *
default_auth (CaAuthType type)
{
  CaAuth *auth = ca_auth_new (type);

  if (type == CA_AUTH_TYPE_CUSTOM)
    {
      auth->token_method = CA_TOKEN_METHOD_POST;
      auth->body_type = CA_BODY_TYPE_FORM;
      auth->token_in_response = g_strdup ("json://access_token");
      auth->expiry_in_response = g_strdup ("json://expires_in");
      auth->placement = CA_TOKEN_PLACEMENT_BEARER;
    }

  return auth;
}

/* An entry's text, NULL when empty: the format's "not set". */
static const char *
text_or_null (gpointer editable)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (editable));

  return text[0] != '\0' ? text : NULL;
}

static void
set_text (gpointer    editable,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text != NULL ? text : "");
}

/* Header and body parameter rows: they edit the parameters of the
 * action's custom auth in place, in the same order. */

static GPtrArray *
rows_of (CaAuthEditor *self,
         gboolean      is_header)
{
  return is_header ? self->header_rows : self->body_rows;
}

static AdwPreferencesGroup *
group_of (CaAuthEditor *self,
          gboolean      is_header)
{
  return is_header ? self->headers_group : self->body_group;
}

/* Points the rows at the parameters of the action's auth, after it was
 * replaced by a copy (or at nothing while it is not custom). */
static void
ca_auth_editor_rebind_params (CaAuthEditor *self)
{
  CaAuth *auth = ca_auth_editor_get_auth (self);
  gboolean custom = auth != NULL && auth->type == CA_AUTH_TYPE_CUSTOM;

  for (int h = 0; h < 2; h++)
    {
      GPtrArray *rows = rows_of (self, h);
      GPtrArray *params = custom ? (h ? auth->headers : auth->body_params) : NULL;

      g_return_if_fail (params == NULL || params->len == rows->len);
      for (guint i = 0; i < rows->len; i++)
        ca_auth_param_row_rebind (g_ptr_array_index (rows, i),
                                  params != NULL ? g_ptr_array_index (params, i) : NULL);
    }
}

static void ca_auth_editor_update_visibility (CaAuthEditor *self);

static void
ca_auth_editor_param_changed_cb (CaAuthEditor *self)
{
  ca_auth_editor_emit_changed (self);
}

static void
ca_auth_editor_param_remove_cb (CaAuthEditor   *self,
                                CaAuthParamRow *row)
{
  CaAuth *auth = ca_auth_editor_get_auth (self);
  gboolean is_header = ca_auth_param_row_is_header (row);
  GPtrArray *rows = rows_of (self, is_header);
  guint index;

  if (auth == NULL || auth->type != CA_AUTH_TYPE_CUSTOM || !g_ptr_array_find (rows, row, &index))
    return;

  g_ptr_array_remove_index (is_header ? auth->headers : auth->body_params, index);
  g_ptr_array_remove_index (rows, index);
  adw_preferences_group_remove (group_of (self, is_header), GTK_WIDGET (row));
  if (!is_header)
    auth->has_body = auth->body_params->len > 0;

  ca_auth_editor_update_visibility (self);
  ca_auth_editor_emit_changed (self);
}

static CaAuthParamRow *
ca_auth_editor_add_param_row (CaAuthEditor *self,
                              gboolean      is_header,
                              CaAuthParam  *param)
{
  CaAuthParamRow *row = CA_AUTH_PARAM_ROW (ca_auth_param_row_new (is_header));

  ca_auth_param_row_set_param (row, param);
  g_signal_connect_object (row, "changed", G_CALLBACK (ca_auth_editor_param_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "remove", G_CALLBACK (ca_auth_editor_param_remove_cb),
                           self, G_CONNECT_SWAPPED);
  g_ptr_array_add (rows_of (self, is_header), row);
  adw_preferences_group_add (group_of (self, is_header), GTK_WIDGET (row));
  return row;
}

static void
ca_auth_editor_clear_param_rows (CaAuthEditor *self)
{
  for (int h = 0; h < 2; h++)
    {
      GPtrArray *rows = rows_of (self, h);

      while (rows->len > 0)
        adw_preferences_group_remove (group_of (self, h), g_ptr_array_steal_index (rows, rows->len - 1));
    }
}

static void
add_param (CaAuthEditor *self,
           gboolean      is_header)
{
  CaAuth *auth = ca_auth_editor_get_auth (self);
  CaAuthParam *param;

  if (auth == NULL || auth->type != CA_AUTH_TYPE_CUSTOM)
    return;

  param = ca_auth_param_new ("", NULL);
  g_ptr_array_add (is_header ? auth->headers : auth->body_params, param);
  if (!is_header)
    auth->has_body = TRUE;

  ca_auth_param_row_focus (ca_auth_editor_add_param_row (self, is_header, param));
  ca_auth_editor_update_visibility (self);
  ca_auth_editor_emit_changed (self);
}

static void
ca_auth_editor_add_header_cb (CaAuthEditor *self)
{
  add_param (self, TRUE);
}

static void
ca_auth_editor_add_body_param_cb (CaAuthEditor *self)
{
  add_param (self, FALSE);
}

/* Showing the rows of the type */

static guint
ca_auth_editor_get_lifetime (CaAuthEditor *self)
{
  return adw_combo_row_get_selected (self->lifetime_row);
}

static void
ca_auth_editor_update_visibility (CaAuthEditor *self)
{
  CaAuth *auth = ca_auth_editor_get_auth (self);
  CaAuthType type = auth != NULL ? auth->type : CA_AUTH_TYPE_NONE;
  gboolean custom = type == CA_AUTH_TYPE_CUSTOM;
  CaTokenPlacement placement = adw_combo_row_get_selected (self->placement_row);
  guint lifetime = ca_auth_editor_get_lifetime (self);

  gtk_widget_set_visible (GTK_WIDGET (self->basic_group), type == CA_AUTH_TYPE_BASIC);
  gtk_widget_set_visible (GTK_WIDGET (self->api_key_group), type == CA_AUTH_TYPE_API_KEY);
  gtk_widget_set_visible (GTK_WIDGET (self->bearer_group), type == CA_AUTH_TYPE_BEARER);
  gtk_widget_set_visible (GTK_WIDGET (self->endpoint_group), custom);
  gtk_widget_set_visible (GTK_WIDGET (self->headers_group), custom);
  /* A GET has no body; one that has a body anyway (from a file) shows it
   * with the problem, so that it can be removed. */
  gtk_widget_set_visible (GTK_WIDGET (self->body_group),
                          custom && (auth->token_method == CA_TOKEN_METHOD_POST || auth->has_body));
  gtk_widget_set_visible (GTK_WIDGET (self->token_group), custom);
  gtk_widget_set_visible (GTK_WIDGET (self->check_group), custom);

  gtk_widget_set_visible (GTK_WIDGET (self->expiry_row), lifetime == LIFETIME_FROM_RESPONSE);
  gtk_widget_set_visible (GTK_WIDGET (self->cache_row), lifetime == LIFETIME_FIXED);
  gtk_widget_set_visible (GTK_WIDGET (self->target_row), placement != CA_TOKEN_PLACEMENT_BEARER);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->target_row),
                                 placement == CA_TOKEN_PLACEMENT_QUERY_PARAM
                                 ? _("Query Parameter Name") : _("Header Name"));
}

/* Fills the rows of @auth's type from it. */
static void
ca_auth_editor_fill (CaAuthEditor *self,
                     const CaAuth *auth)
{
  switch (auth->type)
    {
    case CA_AUTH_TYPE_BASIC:
      set_text (self->username_row, auth->username);
      ca_credential_row_show (self->password_row, auth->password);
      break;

    case CA_AUTH_TYPE_API_KEY:
      set_text (self->key_name_row, auth->key_name);
      adw_combo_row_set_selected (self->location_row, auth->key_location);
      ca_credential_row_show (self->key_value_row, auth->key_value);
      break;

    case CA_AUTH_TYPE_BEARER:
      ca_credential_row_show (self->token_row, auth->token);
      break;

    case CA_AUTH_TYPE_CUSTOM:
      set_text (self->endpoint_row, auth->endpoint);
      adw_combo_row_set_selected (self->method_row, auth->token_method);
      adw_combo_row_set_selected (self->body_type_row, auth->body_type);
      ca_auth_editor_clear_param_rows (self);
      for (guint i = 0; i < auth->headers->len; i++)
        ca_auth_editor_add_param_row (self, TRUE, g_ptr_array_index (auth->headers, i));
      for (guint i = 0; i < auth->body_params->len; i++)
        ca_auth_editor_add_param_row (self, FALSE, g_ptr_array_index (auth->body_params, i));
      set_text (self->token_in_response_row, auth->token_in_response);
      /* Both set comes only from a file: the expiry row shows, with the
       * problem that says to choose. */
      if (auth->expiry_in_response != NULL)
        adw_combo_row_set_selected (self->lifetime_row, LIFETIME_FROM_RESPONSE);
      else if (auth->cache_duration > 0)
        adw_combo_row_set_selected (self->lifetime_row, LIFETIME_FIXED);
      else
        adw_combo_row_set_selected (self->lifetime_row, LIFETIME_DEFAULT);
      /* The rows not in use keep a useful value to switch to. */
      set_text (self->expiry_row, auth->expiry_in_response != NULL ? auth->expiry_in_response : "json://expires_in");
      gtk_spin_button_set_value (self->cache_spin, auth->cache_duration > 0 ? auth->cache_duration : 1);
      gtk_drop_down_set_selected (self->cache_unit,
                                  auth->cache_duration > 0 ? auth->cache_unit : CA_TIME_UNIT_HOURS);
      adw_combo_row_set_selected (self->placement_row, auth->placement);
      set_text (self->target_row, auth->token_target);
      break;

    case CA_AUTH_TYPE_NONE:
    default:
      break;
    }
}

static void
ca_auth_editor_cancel_check (CaAuthEditor *self)
{
  if (self->check_cancellable != NULL)
    {
      g_cancellable_cancel (self->check_cancellable);
      g_clear_object (&self->check_cancellable);
    }

  gtk_spinner_stop (self->check_spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->check_spinner), FALSE);
  gtk_button_set_label (self->check_button, _("Check"));
}

/* Edits */

static void
ca_auth_editor_type_changed_cb (CaAuthEditor *self)
{
  CaAuth *auth = ca_auth_editor_get_auth (self);
  CaAuthType type = adw_combo_row_get_selected (self->type_row);
  CaAuth *replacement;

  if (self->updating || auth == NULL || type > CA_AUTH_TYPE_CUSTOM || type == auth->type)
    return;

  /* The rows of each type keep showing what was typed for it, and come
   * back with it: the action gets the same values again. */
  g_clear_pointer (&self->stash[auth->type], ca_auth_free);
  self->stash[auth->type] = ca_auth_copy (auth);
  replacement = self->stash[type] != NULL ? ca_auth_copy (self->stash[type]) : default_auth (type);
  ca_action_set_auth (self->action, replacement);
  ca_auth_free (replacement);

  ca_auth_editor_rebind_params (self);
  ca_auth_editor_update_visibility (self);
  ca_auth_editor_emit_changed (self);
}

/* The current auth when it is of @type and rows are not being filled. */
static CaAuth *
editable_auth (CaAuthEditor *self,
               CaAuthType    type)
{
  CaAuth *auth = ca_auth_editor_get_auth (self);

  if (self->updating || auth == NULL || auth->type != type)
    return NULL;

  return auth;
}

static void
ca_auth_editor_username_changed_cb (CaAuthEditor *self)
{
  CaAuth *auth = editable_auth (self, CA_AUTH_TYPE_BASIC);

  if (auth != NULL && ca_set_str (&auth->username, text_or_null (self->username_row)))
    ca_auth_editor_emit_changed (self);
}

static void
ca_auth_editor_credential_changed_cb (CaAuthEditor *self,
                                      GtkEditable  *editable)
{
  AdwPasswordEntryRow *row = ADW_PASSWORD_ENTRY_ROW (editable);
  CaAuth *auth = ca_auth_editor_get_auth (self);
  CaCredential **slot = NULL;
  guint which = 0;

  if (self->updating || auth == NULL)
    return;

  if (row == self->password_row && auth->type == CA_AUTH_TYPE_BASIC)
    {
      slot = &auth->password;
      which = SLOT_PASSWORD;
    }
  else if (row == self->key_value_row && auth->type == CA_AUTH_TYPE_API_KEY)
    {
      slot = &auth->key_value;
      which = SLOT_KEY_VALUE;
    }
  else if (row == self->token_row && auth->type == CA_AUTH_TYPE_BEARER)
    {
      slot = &auth->token;
      which = SLOT_TOKEN;
    }
  else
    {
      return;
    }

  ca_credential_row_apply (row, slot, self->original[which]);
  ca_auth_editor_emit_changed (self);
}

static void
ca_auth_editor_key_name_changed_cb (CaAuthEditor *self)
{
  CaAuth *auth = editable_auth (self, CA_AUTH_TYPE_API_KEY);

  if (auth != NULL && ca_set_str (&auth->key_name, text_or_null (self->key_name_row)))
    ca_auth_editor_emit_changed (self);
}

static void
ca_auth_editor_location_changed_cb (CaAuthEditor *self)
{
  CaAuth *auth = editable_auth (self, CA_AUTH_TYPE_API_KEY);

  if (auth == NULL)
    return;

  auth->key_location = adw_combo_row_get_selected (self->location_row);
  ca_auth_editor_emit_changed (self);
}

static void
ca_auth_editor_endpoint_changed_cb (CaAuthEditor *self)
{
  CaAuth *auth = editable_auth (self, CA_AUTH_TYPE_CUSTOM);

  if (auth != NULL && ca_set_str (&auth->endpoint, text_or_null (self->endpoint_row)))
    ca_auth_editor_emit_changed (self);
}

static void
ca_auth_editor_method_changed_cb (CaAuthEditor *self)
{
  CaAuth *auth = editable_auth (self, CA_AUTH_TYPE_CUSTOM);

  if (auth == NULL)
    return;

  auth->token_method = adw_combo_row_get_selected (self->method_row);
  ca_auth_editor_update_visibility (self);
  ca_auth_editor_emit_changed (self);
}

static void
ca_auth_editor_body_type_changed_cb (CaAuthEditor *self)
{
  CaAuth *auth = editable_auth (self, CA_AUTH_TYPE_CUSTOM);

  if (auth == NULL)
    return;

  auth->body_type = adw_combo_row_get_selected (self->body_type_row);
  ca_auth_editor_emit_changed (self);
}

static void
ca_auth_editor_token_in_response_changed_cb (CaAuthEditor *self)
{
  CaAuth *auth = editable_auth (self, CA_AUTH_TYPE_CUSTOM);

  if (auth != NULL && ca_set_str (&auth->token_in_response, text_or_null (self->token_in_response_row)))
    ca_auth_editor_emit_changed (self);
}

/* The lifetime from the rows: only the chosen one reaches the auth, the
 * others keep their values for a change of mind. */
static void
ca_auth_editor_apply_lifetime (CaAuthEditor *self,
                               CaAuth       *auth)
{
  g_clear_pointer (&auth->expiry_in_response, g_free);
  auth->cache_duration = 0;
  auth->cache_unit = CA_TIME_UNIT_SECONDS;

  switch (ca_auth_editor_get_lifetime (self))
    {
    case LIFETIME_FROM_RESPONSE:
      /* Even empty: validation then says what to write. */
      auth->expiry_in_response = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->expiry_row)));
      break;
    case LIFETIME_FIXED:
      auth->cache_duration = gtk_spin_button_get_value_as_int (self->cache_spin);
      auth->cache_unit = gtk_drop_down_get_selected (self->cache_unit);
      break;
    case LIFETIME_DEFAULT:
    default:
      break;
    }
}

static void
ca_auth_editor_lifetime_changed_cb (CaAuthEditor *self)
{
  CaAuth *auth = editable_auth (self, CA_AUTH_TYPE_CUSTOM);

  ca_auth_editor_update_visibility (self);
  if (auth == NULL)
    return;

  ca_auth_editor_apply_lifetime (self, auth);
  ca_auth_editor_emit_changed (self);
}

static void
ca_auth_editor_apply_target (CaAuthEditor *self,
                             CaAuth       *auth)
{
  g_clear_pointer (&auth->token_target, g_free);
  if (auth->placement != CA_TOKEN_PLACEMENT_BEARER)
    auth->token_target = g_strdup (text_or_null (self->target_row));
}

static void
ca_auth_editor_placement_changed_cb (CaAuthEditor *self)
{
  CaAuth *auth = editable_auth (self, CA_AUTH_TYPE_CUSTOM);

  ca_auth_editor_update_visibility (self);
  if (auth == NULL)
    return;

  auth->placement = adw_combo_row_get_selected (self->placement_row);
  ca_auth_editor_apply_target (self, auth);
  ca_auth_editor_emit_changed (self);
}

static void
ca_auth_editor_target_changed_cb (CaAuthEditor *self)
{
  CaAuth *auth = editable_auth (self, CA_AUTH_TYPE_CUSTOM);

  if (auth == NULL)
    return;

  ca_auth_editor_apply_target (self, auth);
  ca_auth_editor_emit_changed (self);
}

/* Checking the token endpoint */

static void
ca_auth_editor_show_result (CaAuthEditor *self,
                            gboolean      ok,
                            const char   *title,
                            const char   *subtitle)
{
  GtkWidget *row = GTK_WIDGET (self->result_row);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->result_row), title);
  adw_action_row_set_subtitle (self->result_row, subtitle != NULL ? subtitle : "");
  adw_action_row_set_icon_name (self->result_row, ok ? "emblem-ok-symbolic" : "dialog-error-symbolic");
  if (ok)
    {
      gtk_widget_add_css_class (row, "success");
      gtk_widget_remove_css_class (row, "error");
    }
  else
    {
      gtk_widget_add_css_class (row, "error");
      gtk_widget_remove_css_class (row, "success");
    }
  gtk_widget_set_visible (row, TRUE);
}

static void
ca_auth_editor_check_done_cb (GObject      *source,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  CaAuthEditor *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  gint64 expires_in = 0;
  gboolean ok;

  ok = ca_authenticator_check_finish (CA_AUTHENTICATOR (source), result, &expires_in, &error);
  /* Cancelled: by the user, a new action or the page going away, which
   * all reset the page themselves (it may be gone). */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = CA_AUTH_EDITOR (user_data);
  g_clear_object (&self->check_cancellable);
  ca_auth_editor_cancel_check (self);

  if (ok)
    {
      title = g_strdup_printf (_("Token received; valid for %d s"), (int) expires_in);
      ca_auth_editor_show_result (self, TRUE, title, NULL);
    }
  else
    {
      ca_auth_editor_show_result (self, FALSE, _("Check failed"), error->message);
    }
}

static void
ca_auth_editor_check_clicked_cb (CaAuthEditor *self)
{
  CaAuthenticator *authenticator;

  /* While a check runs, the button cancels it. */
  if (self->check_cancellable != NULL)
    {
      ca_auth_editor_cancel_check (self);
      ca_auth_editor_show_result (self, FALSE, _("Check cancelled"), NULL);
      return;
    }

  if (self->action == NULL)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->result_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->check_spinner), TRUE);
  gtk_spinner_start (self->check_spinner);
  gtk_button_set_label (self->check_button, _("Cancel"));

  /* The authenticator that sends use: the token fetched replaces theirs. */
  authenticator = ca_invoker_get_authenticator (ca_invoker_get_default ());
  self->check_cancellable = g_cancellable_new ();
  ca_authenticator_check_async (authenticator, self->action, self->check_cancellable,
                                ca_auth_editor_check_done_cb, self);
}

/* Problems */

static gboolean
path_is_in (const char *path,
            const char *prefix)
{
  gsize len = strlen (prefix);

  return strncmp (path, prefix, len) == 0 &&
         (path[len] == '\0' || path[len] == '.' || path[len] == '[');
}

static void
ca_auth_editor_init_targets (CaAuthEditor *self)
{
  Target targets[N_TARGETS] = {
    /* The fallback for a path without a row of its own. */
    { "auth", GTK_WIDGET (self->type_row), self->type_problem },
    { "auth.username", GTK_WIDGET (self->username_row), self->username_problem },
    { "auth.password", GTK_WIDGET (self->password_row), self->password_problem },
    { "auth.name", GTK_WIDGET (self->key_name_row), self->key_name_problem },
    { "auth.value", GTK_WIDGET (self->key_value_row), self->key_value_problem },
    { "auth.token", GTK_WIDGET (self->token_row), self->token_problem },
    { "auth.endpoint", GTK_WIDGET (self->endpoint_row), self->endpoint_problem },
    { "auth.body", GTK_WIDGET (self->body_type_row), self->body_problem },
    { "auth.tokenInResponse", GTK_WIDGET (self->token_in_response_row), self->token_in_response_problem },
    { "auth.expiryInResponse", GTK_WIDGET (self->expiry_row), self->expiry_problem },
    { "auth.tokenTarget", GTK_WIDGET (self->target_row), self->target_problem },
  };

  memcpy (self->targets, targets, sizeof targets);
}

/* Whether @path is about the parameter of @row, the @index-th of its
 * list: "auth.headers.NAME", its ".secret", or "auth.headers[INDEX]…". */
static gboolean
param_row_matches (CaAuthParamRow *row,
                   guint           index,
                   const char     *path)
{
  const char *list = ca_auth_param_row_is_header (row) ? "auth.headers" : "auth.body.bodyParams";
  CaAuthParam *param = ca_auth_param_row_get_param (row);
  g_autofree char *by_name = NULL;
  g_autofree char *by_index = NULL;
  g_autofree char *secret = NULL;

  if (param == NULL)
    return FALSE;

  by_name = ca_path_child (list, param->name);
  secret = ca_path_child (by_name, "secret");
  by_index = ca_path_index (list, index);
  return g_str_equal (path, by_name) || g_str_equal (path, secret) || path_is_in (path, by_index);
}

/* The parameter rows @path is about (duplicate names: all of them). */
static GPtrArray *
find_param_rows (CaAuthEditor *self,
                 const char   *path)
{
  GPtrArray *found = g_ptr_array_new ();

  for (int h = 0; h < 2; h++)
    {
      GPtrArray *rows = rows_of (self, h);

      for (guint i = 0; i < rows->len; i++)
        {
          CaAuthParamRow *row = g_ptr_array_index (rows, i);

          if (param_row_matches (row, i, path))
            g_ptr_array_add (found, row);
        }
    }

  return found;
}

static Target *
find_target (CaAuthEditor *self,
             const char   *path)
{
  Target *best = NULL;

  for (guint i = 0; i < N_TARGETS; i++)
    {
      Target *target = &self->targets[i];

      if (path_is_in (path, target->path) &&
          (best == NULL || strlen (target->path) > strlen (best->path)))
        best = target;
    }

  return best;
}

typedef struct {
  GString  *text;
  gboolean  error;
} Found;

static void
found_add (Found           *found,
           const CaProblem *problem)
{
  if (found->text == NULL)
    found->text = g_string_new (NULL);
  else
    g_string_append_c (found->text, '\n');
  g_string_append (found->text, problem->message);
  found->error |= problem->severity == CA_PROBLEM_ERROR;
}

static void
mark_row (GtkWidget  *row,
          gboolean    error,
          const char *message)
{
  if (error)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");

  ca_auth_row_set_problem (row, message);
}

void
ca_auth_editor_show_problems (CaAuthEditor *self,
                              GPtrArray    *problems)
{
  Found targets[N_TARGETS] = { { NULL, FALSE } };
  /* CaAuthParamRow → Found */
  g_autoptr(GHashTable) params = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  g_return_if_fail (CA_IS_AUTH_EDITOR (self));

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const CaProblem *problem = g_ptr_array_index (problems, i);
      g_autoptr(GPtrArray) rows = NULL;

      if (problem->path == NULL || !path_is_in (problem->path, "auth"))
        continue;

      rows = find_param_rows (self, problem->path);
      for (guint r = 0; r < rows->len; r++)
        {
          Found *found = g_hash_table_lookup (params, rows->pdata[r]);

          if (found == NULL)
            {
              found = g_new0 (Found, 1);
              g_hash_table_insert (params, rows->pdata[r], found);
            }
          found_add (found, problem);
        }

      if (rows->len == 0)
        found_add (&targets[find_target (self, problem->path) - self->targets], problem);
    }

  for (guint i = 0; i < N_TARGETS; i++)
    {
      Target *target = &self->targets[i];
      Found *found = &targets[i];
      const char *message = found->text != NULL ? found->text->str : NULL;
      GtkWidget *problem_row = GTK_WIDGET (target->problem);

      mark_row (target->row, found->error, message);
      gtk_widget_set_visible (problem_row, message != NULL);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (target->problem), message != NULL ? message : "");
      if (found->error)
        {
          gtk_widget_add_css_class (problem_row, "error");
          gtk_widget_remove_css_class (problem_row, "warning");
        }
      else
        {
          gtk_widget_remove_css_class (problem_row, "error");
          gtk_widget_add_css_class (problem_row, "warning");
        }
      if (found->text != NULL)
        g_string_free (found->text, TRUE);
    }

  for (int h = 0; h < 2; h++)
    {
      GPtrArray *rows = rows_of (self, h);

      for (guint i = 0; i < rows->len; i++)
        {
          CaAuthParamRow *row = g_ptr_array_index (rows, i);
          Found *found = g_hash_table_lookup (params, row);

          ca_auth_param_row_show_problem (row, found != NULL ? found->text->str : NULL,
                                          found != NULL && found->error);
          if (found != NULL)
            g_string_free (found->text, TRUE);
        }
    }
}

GtkWidget *
ca_auth_editor_find_row (CaAuthEditor *self,
                         const char   *path)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (CA_IS_AUTH_EDITOR (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (!path_is_in (path, "auth"))
    return NULL;

  rows = find_param_rows (self, path);
  if (rows->len > 0)
    {
      GtkWidget *row = g_ptr_array_index (rows, 0);

      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
      return row;
    }

  return find_target (self, path)->row;
}

/* The object */

void
ca_auth_editor_set_action (CaAuthEditor *self,
                           CaAction     *action)
{
  CaAuth *auth;
  const CaCredential *originals[N_SLOTS] = { NULL };

  g_return_if_fail (CA_IS_AUTH_EDITOR (self));
  g_return_if_fail (action == NULL || CA_IS_ACTION (action));

  ca_auth_editor_cancel_check (self);
  gtk_widget_set_visible (GTK_WIDGET (self->result_row), FALSE);
  g_set_object (&self->action, action);
  for (guint i = 0; i < G_N_ELEMENTS (self->stash); i++)
    g_clear_pointer (&self->stash[i], ca_auth_free);

  auth = ca_auth_editor_get_auth (self);
  if (auth != NULL)
    {
      originals[SLOT_PASSWORD] = auth->type == CA_AUTH_TYPE_BASIC ? auth->password : NULL;
      originals[SLOT_KEY_VALUE] = auth->type == CA_AUTH_TYPE_API_KEY ? auth->key_value : NULL;
      originals[SLOT_TOKEN] = auth->type == CA_AUTH_TYPE_BEARER ? auth->token : NULL;
    }
  for (guint i = 0; i < N_SLOTS; i++)
    {
      g_clear_pointer (&self->original[i], ca_credential_free);
      self->original[i] = ca_credential_copy (originals[i]);
    }

  /* Every type's rows: the action's for its type, a new auth's for the
   * others, which is what the action gets when the type changes. */
  self->updating = TRUE;
  for (guint type = CA_AUTH_TYPE_NONE; type <= CA_AUTH_TYPE_CUSTOM; type++)
    {
      g_autoptr(CaAuth) fresh = NULL;

      if (auth != NULL && auth->type == type)
        ca_auth_editor_fill (self, auth);
      else
        ca_auth_editor_fill (self, (fresh = default_auth (type)));
    }
  adw_combo_row_set_selected (self->type_row, auth != NULL ? auth->type : CA_AUTH_TYPE_NONE);
  self->updating = FALSE;

  ca_auth_editor_update_visibility (self);
  ca_auth_editor_show_problems (self, NULL);
}

CaAction *
ca_auth_editor_get_action (CaAuthEditor *self)
{
  g_return_val_if_fail (CA_IS_AUTH_EDITOR (self), NULL);

  return self->action;
}

static void
ca_auth_editor_dispose (GObject *object)
{
  CaAuthEditor *self = CA_AUTH_EDITOR (object);

  if (self->check_cancellable != NULL)
    {
      g_cancellable_cancel (self->check_cancellable);
      g_clear_object (&self->check_cancellable);
    }

  g_clear_object (&self->action);
  for (guint i = 0; i < G_N_ELEMENTS (self->stash); i++)
    g_clear_pointer (&self->stash[i], ca_auth_free);
  for (guint i = 0; i < N_SLOTS; i++)
    g_clear_pointer (&self->original[i], ca_credential_free);
  /* The rows go with the template's groups. */
  if (self->header_rows != NULL)
    g_ptr_array_set_size (self->header_rows, 0);
  if (self->body_rows != NULL)
    g_ptr_array_set_size (self->body_rows, 0);

  gtk_widget_dispose_template (GTK_WIDGET (self), CA_TYPE_AUTH_EDITOR);

  G_OBJECT_CLASS (ca_auth_editor_parent_class)->dispose (object);
}

static void
ca_auth_editor_finalize (GObject *object)
{
  CaAuthEditor *self = CA_AUTH_EDITOR (object);

  g_clear_pointer (&self->header_rows, g_ptr_array_unref);
  g_clear_pointer (&self->body_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (ca_auth_editor_parent_class)->finalize (object);
}

static void
ca_auth_editor_class_init (CaAuthEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ca_auth_editor_dispose;
  object_class->finalize = ca_auth_editor_finalize;

  /**
   * CaAuthEditor::changed:
   *
   * The action's authentication was edited.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/customactions/CustomActions/ca-auth-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, type_row);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, type_problem);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, basic_group);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, username_row);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, username_problem);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, password_row);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, password_problem);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, api_key_group);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, key_name_row);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, key_name_problem);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, location_row);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, key_value_row);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, key_value_problem);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, bearer_group);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, token_row);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, token_problem);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, endpoint_group);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, endpoint_problem);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, method_row);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, headers_group);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, body_group);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, body_type_row);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, body_problem);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, token_group);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, token_in_response_row);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, token_in_response_problem);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, lifetime_row);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, expiry_row);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, expiry_problem);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, cache_row);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, cache_spin);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, cache_unit);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, placement_row);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, target_row);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, target_problem);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, check_group);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, check_spinner);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, check_button);
  gtk_widget_class_bind_template_child (widget_class, CaAuthEditor, result_row);
  gtk_widget_class_bind_template_callback (widget_class, ca_auth_editor_type_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_auth_editor_username_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_auth_editor_credential_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_auth_editor_key_name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_auth_editor_location_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_auth_editor_endpoint_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_auth_editor_method_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_auth_editor_add_header_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_auth_editor_add_body_param_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_auth_editor_body_type_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_auth_editor_token_in_response_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_auth_editor_lifetime_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_auth_editor_placement_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_auth_editor_target_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_auth_editor_check_clicked_cb);
}

static void
ca_auth_editor_init (CaAuthEditor *self)
{
  self->header_rows = g_ptr_array_new ();
  self->body_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  ca_accessible_fix_names (GTK_WIDGET (self));
  /* The check's group has no title: its list is named after its row. */
  ca_accessible_name_group_list (self->check_group, _("Check Authentication"));

  ca_credential_row_setup (self->password_row);
  ca_credential_row_setup (self->key_value_row);
  ca_credential_row_setup (self->token_row);
  ca_auth_editor_init_targets (self);
  ca_auth_editor_cancel_check (self);
  ca_auth_editor_update_visibility (self);
}

GtkWidget *
ca_auth_editor_new (void)
{
  return g_object_new (CA_TYPE_AUTH_EDITOR, NULL);
}
