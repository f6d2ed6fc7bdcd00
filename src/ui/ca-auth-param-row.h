/* ca-auth-param-row.h: a header or body parameter of a token request
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ca-auth.h"

G_BEGIN_DECLS

#define CA_TYPE_AUTH_PARAM_ROW (ca_auth_param_row_get_type ())

G_DECLARE_FINAL_TYPE (CaAuthParamRow, ca_auth_param_row, CA, AUTH_PARAM_ROW, AdwExpanderRow)

/* An expander row with a Name and a Value row (a password row) and a
 * Remove button. Emits "changed" after an edit of its parameter and
 * "remove" when asked to go. @is_header: a header, else a body
 * parameter (what a new one is called). */
GtkWidget   *ca_auth_param_row_new          (gboolean        is_header);
/* Shows @param and edits it in place from now on; its value now is what
 * an emptied Value row brings back when it is a keyring reference. */
void         ca_auth_param_row_set_param    (CaAuthParamRow *self,
                                             CaAuthParam    *param);
/* Edits @param in place without showing it again: the same parameter in
 * a copy of the auth (NULL: none, edits are ignored). */
void         ca_auth_param_row_rebind       (CaAuthParamRow *self,
                                             CaAuthParam    *param);
CaAuthParam *ca_auth_param_row_get_param    (CaAuthParamRow *self);
gboolean     ca_auth_param_row_is_header    (CaAuthParamRow *self);
/* @message as the subtitle (NULL clears), the row marked when @error. */
void         ca_auth_param_row_show_problem (CaAuthParamRow *self,
                                             const char     *message,
                                             gboolean        error);
/* Expands the row and gives the Name row the focus. */
void         ca_auth_param_row_focus        (CaAuthParamRow *self);

/* Password rows for credentials, here and in the editor: a keyring
 * reference is never looked up to be shown; the row stays empty and says
 * where the value is. */
void         ca_credential_row_setup        (AdwPasswordEntryRow  *row);
void         ca_credential_row_show         (AdwPasswordEntryRow  *row,
                                             const CaCredential   *credential);
/* After an edit: text typed replaces *@slot with a plain credential, an
 * empty row brings back @original when that is a keyring reference. */
void         ca_credential_row_apply        (AdwPasswordEntryRow  *row,
                                             CaCredential        **slot,
                                             const CaCredential   *original);
/* The accessible description of any row of the page: @problem (NULL:
 * none), else, for a credential row, where its value is kept. */
void         ca_auth_row_set_problem        (GtkWidget            *row,
                                             const char           *problem);

G_END_DECLS
