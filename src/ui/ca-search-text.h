/* ca-search-text.h: text compared without accents and case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ca-action.h"

G_BEGIN_DECLS

/* @text without accents and case: "Café Crème" is "cafe creme". */
char        *ca_search_text_fold          (const char          *text);
/* What a search looks at in @action (label, name, description, category),
 * folded; computed once and kept with the action. */
const char  *ca_search_text_for_action    (CaAction            *action);
/* The folded words of @query, or NULL when it has none. */
GStrv        ca_search_text_split         (const char          *query);
/* Whether @folded holds every one of @words. */
gboolean     ca_search_text_match         (const char          *folded,
                                           const char * const  *words);
/* Whether whatever matches @stricter matches @looser too (each word of
 * @looser is inside a word of @stricter). */
gboolean     ca_search_text_implies       (const char * const  *stricter,
                                           const char * const  *looser);

G_END_DECLS
