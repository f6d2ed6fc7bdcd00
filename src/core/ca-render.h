/* ca-render.h: an action and values for its variables → a request
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ca-action.h"
#include "ca-request.h"

G_BEGIN_DECLS

#define CA_RENDER_ERROR (ca_render_error_quark ())

typedef enum {
  CA_RENDER_ERROR_MISSING,  /* a required variable has no value */
  CA_RENDER_ERROR_TYPE,     /* a value does not fit its variable's type */
  CA_RENDER_ERROR_UNKNOWN,  /* a key that names no variable */
  CA_RENDER_ERROR_INVALID,  /* a value that cannot be sent (CR/LF in a header …) */
} CaRenderError;

GQuark     ca_render_error_quark (void);

/* @values maps the keys of ca_action_list_variable_keys() ("body.to",
 * "query.lang", "header.X-Tenant", "path") to the text given for them; a
 * value is parsed by its variable's type (an integer "3", a boolean
 * "true", a list as a JSON array, a listObject as an array of objects).
 * A key with a NULL value counts as not given; @values may be NULL.
 * The result has no authentication yet (see ca-authenticator.h).
 * Content-Type: application/json is always set. Errors name the key and
 * the type that was expected; nothing is half-done.
 *
 * Headers and query parameters are sent as the text given, once it fits
 * their type. The body (POST and PUT only; empty when the action has no
 * sample) is the sample as compact JSON, with each field's value in
 * place. An optional variable without a value is left out; in the
 * payload, it is sent as null instead (a list as []) when the action
 * allows nulls. A GET has no body, and values for payload fields are not
 * read then. */
CaRequest *ca_render                 (CaAction    *action,
                                      GHashTable  *values,
                                      GError     **error);

/* Parses @text as a value of @type; NULL with an error that names @key.
 * Text is taken as it is for string and the date types; integer, decimal
 * and boolean are JSON literals (3, -2.5e3, true); a list type is a JSON
 * array whose elements fit it. Nulls are not accepted. */
JsonNode  *ca_render_parse_value     (const char  *key,
                                      CaFieldType  type,
                                      const char  *text,
                                      GError     **error);
/* The same for a payload that allows nulls (request.allowNull): nulls
 * inside a list are dropped and a list that is null becomes []. */
JsonNode  *ca_render_parse_value_full (const char  *key,
                                       CaFieldType  type,
                                       const char  *text,
                                       gboolean     allow_null,
                                       GError     **error);

G_END_DECLS
