/* ca-search-text.c: text compared without accents and case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ca-enums.h"
#include "ca-palette-category.h"
#include "ca-search-text.h"

/* The folded text of an action, kept on the action: the search folds each
 * action once, not once per keystroke. The cache assumes an action shown in
 * the palette is not edited in place (the catalog replaces actions). */
static GQuark search_text_quark;

/* Appends @text to @out without accents and case: each character is
 * decomposed (compatibility decomposition: "é" is "e" and a combining
 * accent, "ﬁ" is "fi"), the combining marks are dropped and the rest is
 * case-folded. ASCII, the common case, takes the short way. */
static void
fold_append (GString    *out,
             const char *text)
{
  const char *p = text;

  while (*p != '\0')
    {
      gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
      gunichar c;
      gsize n;

      if ((guchar)*p < 0x80)
        {
          g_string_append_c (out, g_ascii_tolower (*p));
          p++;
          continue;
        }

      c = g_utf8_get_char_validated (p, -1);
      if (c == (gunichar)-1 || c == (gunichar)-2)
        {
          /* Not UTF-8: skip the byte. */
          p++;
          continue;
        }
      p = g_utf8_next_char (p);

      n = g_unichar_fully_decompose (c, TRUE, decomposed, G_N_ELEMENTS (decomposed));
      for (gsize i = 0; i < n; i++)
        {
          char utf8[6];
          g_autofree char *folded = NULL;
          int len;

          if (g_unichar_type (decomposed[i]) == G_UNICODE_NON_SPACING_MARK)
            continue;

          if (decomposed[i] < 0x80)
            {
              g_string_append_c (out, g_ascii_tolower ((char)decomposed[i]));
              continue;
            }

          len = g_unichar_to_utf8 (decomposed[i], utf8);
          folded = g_utf8_casefold (utf8, len);
          g_string_append (out, folded);
        }
    }
}

char *
ca_search_text_fold (const char *text)
{
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  out = g_string_sized_new (strlen (text));
  fold_append (out, text);

  return g_string_free (out, FALSE);
}

const char *
ca_search_text_for_action (CaAction *action)
{
  const char *parts[5];
  CaCategory category;
  GString *folded;
  char *result;

  g_return_val_if_fail (CA_IS_ACTION (action), NULL);

  if G_UNLIKELY (search_text_quark == 0)
    search_text_quark = g_quark_from_static_string ("ca-search-text");

  result = g_object_get_qdata (G_OBJECT (action), search_text_quark);
  if (result != NULL)
    return result;

  category = ca_action_get_category (action);
  parts[0] = ca_action_get_display_label (action);
  parts[1] = ca_action_get_name (action);
  parts[2] = ca_action_get_description (action);
  parts[3] = ca_palette_category_title_for (category);
  parts[4] = ca_enum_to_nick (CA_TYPE_CATEGORY, category);

  /* One line each, so that no word spans two of them. */
  folded = g_string_sized_new (128);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (parts[i] == NULL)
        continue;

      fold_append (folded, parts[i]);
      g_string_append_c (folded, '\n');
    }

  result = g_string_free (folded, FALSE);
  g_object_set_qdata_full (G_OBJECT (action), search_text_quark, result, g_free);

  return result;
}

gboolean
ca_search_text_implies (const char * const *stricter,
                        const char * const *looser)
{
  if (looser == NULL)
    return TRUE;

  if (stricter == NULL)
    return FALSE;

  for (guint i = 0; looser[i] != NULL; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; !found && stricter[j] != NULL; j++)
        found = strstr (stricter[j], looser[i]) != NULL;

      if (!found)
        return FALSE;
    }

  return TRUE;
}

GStrv
ca_search_text_split (const char *query)
{
  g_autofree char *folded = ca_search_text_fold (query);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) words = g_strsplit_set (folded, " \t\n\r", -1);
  guint n = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] != '\0')
        {
          g_strv_builder_add (builder, words[i]);
          n++;
        }
    }

  if (n == 0)
    return NULL;

  return g_strv_builder_end (builder);
}

gboolean
ca_search_text_match (const char         *folded,
                      const char * const *words)
{
  g_return_val_if_fail (folded != NULL, FALSE);

  if (words == NULL)
    return TRUE;

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (strstr (folded, words[i]) == NULL)
        return FALSE;
    }

  return TRUE;
}
