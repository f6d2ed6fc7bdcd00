/* ca-authenticator.h: completes requests with their authentication
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "ca-action.h"
#include "ca-request.h"

G_BEGIN_DECLS

#define CA_AUTHENTICATOR_ERROR (ca_authenticator_error_quark ())

typedef enum {
  CA_AUTHENTICATOR_ERROR_TOKEN,  /* the token endpoint failed or its answer has no token */
  CA_AUTHENTICATOR_ERROR_NO_TOKEN_ENDPOINT,  /* checked an action that has none */
} CaAuthenticatorError;

/* Tokens from a token endpoint live for an hour unless told otherwise. */
#define CA_AUTHENTICATOR_DEFAULT_TOKEN_SECONDS 3600

#define CA_TYPE_AUTHENTICATOR (ca_authenticator_get_type ())

G_DECLARE_FINAL_TYPE (CaAuthenticator, ca_authenticator, CA, AUTHENTICATOR, GObject)

GQuark           ca_authenticator_error_quark (void);

/* Token endpoints are called through @session; tokens are cached here,
 * per endpoint and parameters. */
CaAuthenticator *ca_authenticator_new          (SoupSession          *session);

/* A copy of @request with @action's authentication: secret values come
 * from ca-secrets; a token endpoint is called only when no unexpired token
 * for it is cached, and calls that wait for the same token share one
 * fetch (each can still be cancelled on its own). After a 401, pass the
 * time the refused request was authenticated as @stale_before: a cached
 * token fetched before then is dropped, one fetched since (by another call
 * that met the same 401) is kept. 0 keeps the cache. Every value added is
 * marked secret. */
void             ca_authenticator_apply_async  (CaAuthenticator      *self,
                                                CaAction             *action,
                                                const CaRequest      *request,
                                                gint64                stale_before,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
CaRequest       *ca_authenticator_apply_finish (CaAuthenticator      *self,
                                                GAsyncResult         *result,
                                                GError              **error);

/* The same at once when there is nothing to wait for: no secret to look
 * up (none, or only plain credentials) and no token endpoint. FALSE when
 * there is (use ca_authenticator_apply_async()); TRUE with *@applied, or
 * with *@applied NULL and @error set when a credential cannot be sent.
 * It spares a call the main-loop turn a GTask takes to return. */
gboolean         ca_authenticator_apply_now    (CaAction             *action,
                                                const CaRequest      *request,
                                                CaRequest           **applied,
                                                GError              **error);

/* The same without the network, to show a request (--dry-run, --curl):
 * secrets are looked up only when @reveal, else masked; a token from an
 * endpoint is always a placeholder. */
CaRequest       *ca_authenticator_apply_offline (CaAction            *action,
                                                 const CaRequest     *request,
                                                 gboolean             reveal,
                                                 GError             **error);

/* Fetches a token for @action's custom auth now, ignoring and replacing
 * the cached one (a send that follows uses the new token). Secrets come
 * from ca-secrets as for a send; the fetch gives up after the action's
 * timeout. TRUE with *@expires_in_s (the seconds the token is good for),
 * or FALSE with an error that says exactly what failed: the HTTP status
 * and an excerpt of what the endpoint answered, no token at the json://
 * path (naming what is there instead), a timeout, a connection refused…
 * CA_AUTHENTICATOR_ERROR_NO_TOKEN_ENDPOINT for an action whose auth is
 * not custom. Never puts the token or a credential value in the error. */
void             ca_authenticator_check_async  (CaAuthenticator      *self,
                                                CaAction             *action,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean         ca_authenticator_check_finish (CaAuthenticator      *self,
                                                GAsyncResult         *result,
                                                gint64               *expires_in_s,
                                                GError              **error);

/* How many times a token endpoint was called (for tests and benchmarks). */
guint            ca_authenticator_get_n_token_fetches (CaAuthenticator *self);

G_END_DECLS
