/* ca-auth.h: how an action authenticates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ca-credential.h"
#include "ca-types.h"

G_BEGIN_DECLS

#define CA_TYPE_AUTH (ca_auth_get_type ())

/* A header or body parameter of a token endpoint. */
typedef struct {
  char         *name;
  CaCredential *value;
} CaAuthParam;

/* Plain data: only the members of @type mean anything, the others stay
 * empty. Strings and credentials are owned. */
typedef struct {
  CaAuthType        type;

  /* basic */
  char             *username;
  CaCredential     *password;

  /* apiKey */
  char             *key_name;
  CaKeyLocation     key_location;
  CaCredential     *key_value;

  /* bearer */
  CaCredential     *token;

  /* custom: a token endpoint */
  char             *endpoint;
  CaTokenMethod     token_method;
  GPtrArray        *headers;            /* CaAuthParam */
  gboolean          has_body;
  CaBodyType        body_type;
  GPtrArray        *body_params;        /* CaAuthParam */
  char             *token_in_response;  /* "response" or "json://path" */
  gint64            cache_duration;     /* 0: not set */
  CaTimeUnit        cache_unit;
  char             *expiry_in_response; /* "json://path" or NULL */
  CaTokenPlacement  placement;          /* "authorizationType" */
  char             *token_target;       /* header or query parameter name */
} CaAuth;

GType        ca_auth_get_type   (void) G_GNUC_CONST;
CaAuth      *ca_auth_new        (CaAuthType    type);
CaAuth      *ca_auth_copy       (const CaAuth *self);
void         ca_auth_free       (CaAuth       *self);
gboolean     ca_auth_equal      (const CaAuth *a,
                                 const CaAuth *b);

CaAuthParam *ca_auth_param_new  (const char   *name,
                                 CaCredential *value);
void         ca_auth_param_free (CaAuthParam  *param);

/* Calls @func on each credential of @self, with the key it has in a file
 * ("password", "headers.X-Client") so callers can name it. */
typedef void (*CaAuthCredentialFunc) (const char    *key,
                                      CaCredential **credential,
                                      gpointer       user_data);
void         ca_auth_foreach_credential (CaAuth               *self,
                                         CaAuthCredentialFunc  func,
                                         gpointer              user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaAuth, ca_auth_free)

G_END_DECLS
