/* ca-action.h: a custom action
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ca-auth.h"
#include "ca-field.h"
#include "ca-types.h"

G_BEGIN_DECLS

#define CA_TYPE_ACTION (ca_action_get_type ())

G_DECLARE_FINAL_TYPE (CaAction, ca_action, CA, ACTION, GObject)

#define CA_ACTION_NAME_MAX       30
#define CA_ACTION_TIMEOUT_MIN    1
#define CA_ACTION_TIMEOUT_MAX    30
#define CA_ACTION_TIMEOUT_DEFAULT 30
#define CA_ACTION_RETRIES_MAX    5
#define CA_ACTION_RETRIES_DEFAULT 3

CaAction    *ca_action_new                   (const char *name);
/* A deep copy: editing it leaves @self alone. */
CaAction    *ca_action_copy                  (CaAction   *self);
gboolean     ca_action_equal                 (CaAction   *a,
                                              CaAction   *b);

const char  *ca_action_get_name              (CaAction   *self);
void         ca_action_set_name              (CaAction   *self,
                                              const char *name);
/* The label as stored, possibly NULL; get_display_label falls back to
 * the name. */
const char  *ca_action_get_label             (CaAction   *self);
const char  *ca_action_get_display_label     (CaAction   *self);
void         ca_action_set_label             (CaAction   *self,
                                              const char *label);
const char  *ca_action_get_description       (CaAction   *self);
void         ca_action_set_description       (CaAction   *self,
                                              const char *description);
CaCategory   ca_action_get_category          (CaAction   *self);
void         ca_action_set_category          (CaAction   *self,
                                              CaCategory  category);
const char  *ca_action_get_url               (CaAction   *self);
void         ca_action_set_url               (CaAction   *self,
                                              const char *url);
CaMethod     ca_action_get_method            (CaAction   *self);
void         ca_action_set_method            (CaAction   *self,
                                              CaMethod    method);
gboolean     ca_action_get_dynamic_path      (CaAction   *self);
void         ca_action_set_dynamic_path      (CaAction   *self,
                                              gboolean    dynamic_path);
guint        ca_action_get_timeout_seconds   (CaAction   *self);
void         ca_action_set_timeout_seconds   (CaAction   *self,
                                              guint       seconds);
guint        ca_action_get_retries           (CaAction   *self);
void         ca_action_set_retries           (CaAction   *self,
                                              guint       retries);
/* When the action was last added or changed in its catalog, or NULL. */
GDateTime   *ca_action_get_modified          (CaAction   *self);
void         ca_action_set_modified          (CaAction   *self,
                                              GDateTime  *modified);

/* The lists are the action's own: add, remove and reorder in place. */
GPtrArray   *ca_action_get_headers           (CaAction   *self);
GPtrArray   *ca_action_get_query             (CaAction   *self);
GPtrArray   *ca_action_get_request_fields    (CaAction   *self);

/* Never NULL; type none when the action does not authenticate. */
CaAuth      *ca_action_get_auth              (CaAction   *self);
void         ca_action_set_auth              (CaAction   *self,
                                              CaAuth     *auth);

gboolean     ca_action_get_allow_null        (CaAction   *self);
void         ca_action_set_allow_null        (CaAction   *self,
                                              gboolean    allow_null);
/* Samples: the body's shape (NULL when the action sends no body), and
 * what the endpoint answers. They are kept as compact JSON text, so that
 * catalogs of many actions stay small and fast; the node is made when
 * first asked for, is sealed (read-only) and stays valid until the sample
 * changes. Set a new sample to change one. */
JsonNode    *ca_action_get_request_sample    (CaAction   *self);
void         ca_action_set_request_sample    (CaAction   *self,
                                              JsonNode   *sample);
JsonNode    *ca_action_get_response_sample   (CaAction   *self);
void         ca_action_set_response_sample   (CaAction   *self,
                                              JsonNode   *sample);
JsonNode    *ca_action_get_error_response_sample (CaAction *self);
void         ca_action_set_error_response_sample (CaAction *self,
                                              JsonNode   *sample);
/* The same as compact JSON text; setting text that is not JSON is a
 * programming error. */
const char  *ca_action_get_request_sample_text        (CaAction   *self);
void         ca_action_set_request_sample_text        (CaAction   *self,
                                                       const char *json);
const char  *ca_action_get_response_sample_text       (CaAction   *self);
void         ca_action_set_response_sample_text       (CaAction   *self,
                                                       const char *json);
const char  *ca_action_get_error_response_sample_text (CaAction   *self);
void         ca_action_set_error_response_sample_text (CaAction   *self,
                                                       const char *json);

/* Capping: at most @max_calls per @period_ms; 0 calls means none. */
void         ca_action_get_capping           (CaAction   *self,
                                              guint      *max_calls,
                                              guint      *period_ms);
void         ca_action_set_capping           (CaAction   *self,
                                              guint       max_calls,
                                              guint       period_ms);
/* Calls per second, 0 when not throttled. */
guint        ca_action_get_max_throughput    (CaAction   *self);
void         ca_action_set_max_throughput    (CaAction   *self,
                                              guint       max_throughput);

/* Every rule of the action file format that one action can break, with
 * paths under @prefix ("actions[3]", or NULL for paths relative to the
 * action). Adds to @problems; names are not checked for uniqueness here,
 * that is the catalog's job. */
void         ca_action_validate              (CaAction   *self,
                                              const char *prefix,
                                              GPtrArray  *problems);

/* The variables a send needs values for, in file order: headers, query
 * parameters, the dynamic path, payload fields. The strings are the -p
 * keys of the command line ("header.X-Tenant", "path", "body.to"). */
GStrv        ca_action_list_variable_keys    (CaAction   *self);

/* A variable and the key its value goes by. */
typedef struct {
  char    *key;    /* "header.X-Tenant", "query.lang", "path", "body.to" */
  CaField *field;  /* a ref; for "path", a required string variable labelled "Path" */
} CaVariable;

void         ca_variable_free                (CaVariable *self);
/* Every variable of the action, in the order of
 * ca_action_list_variable_keys(): a GPtrArray of CaVariable that frees
 * them. The fields are the action's own (the path's excepted): they
 * change when it does. */
GPtrArray   *ca_action_list_variables        (CaAction   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaVariable, ca_variable_free)

G_END_DECLS
