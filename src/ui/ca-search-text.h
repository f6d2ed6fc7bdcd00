/* ca-search-text.h: text compared without accents and case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ca-action.h"

G_BEGIN_DECLS

/* At most this many words of a query count; the rest are ignored. */
#define CA_SEARCH_QUERY_MAX_WORDS 32

typedef struct _CaSearchQuery CaSearchQuery;

/* @text without accents and case: "Café Crème" is "cafe creme". */
char               *ca_search_text_fold           (const char          *text);
/* Whether @text holds @word (folded, as ca_search_text_fold() gives),
 * ignoring the case and accents of @text. */
gboolean            ca_search_text_contains       (const char          *text,
                                                   const char          *word);
/* Folds what a search looks at in @action now rather than at the first
 * search that needs it; nothing is kept for plain ASCII text. */
void                ca_search_text_prepare_action (CaAction            *action);

/* The folded words of @text, or NULL when it has none (a search for
 * nothing, which lets every action through). Immutable, shared by
 * reference; the functions take NULL for the empty search. */
CaSearchQuery      *ca_search_query_new           (const char          *text);
CaSearchQuery      *ca_search_query_ref           (CaSearchQuery       *self);
void                ca_search_query_unref         (CaSearchQuery       *self);
/* The same as ca_search_query_unref(). */
void                ca_search_query_free          (CaSearchQuery       *self);
const char * const *ca_search_query_get_words     (const CaSearchQuery *self);
/* Whether every word of @self is found in the label, name, description
 * or category of @action. */
gboolean            ca_search_query_match         (const CaSearchQuery *self,
                                                   CaAction            *action);
/* Whether whatever matches @stricter matches @looser too (each word of
 * @looser is inside a word of @stricter); NULL is the empty search. */
gboolean            ca_search_query_match_with    (const CaSearchQuery *self,
                                                   CaAction            *action,
                                                   const char          *extra);
gboolean            ca_search_query_implies       (const CaSearchQuery *stricter,
                                                   const CaSearchQuery *looser);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaSearchQuery, ca_search_query_unref)

G_END_DECLS
