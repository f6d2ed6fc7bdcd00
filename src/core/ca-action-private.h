/* ca-action-private.h: what the file reader shares with validation and
 * the action
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ca-action.h"
#include "ca-json.h"

G_BEGIN_DECLS

/* ca_action_validate() on a request sample already read, so that loading
 * a catalog reads each sample once. */
void ca_action_validate_with_sample (CaAction     *self,
                                     const char   *prefix,
                                     const CaJson *request_sample,
                                     GPtrArray    *problems);

/* The lists and the authentication as they are, for reading only: what
 * was never made is a shared empty list, or a shared "none", instead of
 * being made (ca_action_get_headers() and the others make them, so that
 * they can be changed in place). Saving or checking thousands of actions
 * this way adds no memory. */
GPtrArray *ca_action_peek_headers        (CaAction     *self);
GPtrArray *ca_action_peek_query          (CaAction     *self);
GPtrArray *ca_action_peek_request_fields (CaAction     *self);
CaAuth    *ca_action_peek_auth           (CaAction     *self);

typedef enum {
  CA_ACTION_LIST_HEADERS,
  CA_ACTION_LIST_QUERY,
  CA_ACTION_LIST_REQUEST_FIELDS,
} CaActionList;

/* For the reader: sets a whole list, or the authentication, taking it
 * (NULL or empty: none) — no copy, and nothing kept for nothing. */
void       ca_action_take_list           (CaAction     *self,
                                          CaActionList  which,
                                          GPtrArray    *fields);
void       ca_action_take_auth           (CaAction     *self,
                                          CaAuth       *auth);

G_END_DECLS
