/* ca-search-text.c: text compared without accents and case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ca-enums.h"
#include "ca-palette-category.h"
#include "ca-search-text.h"

/* A search looks at the label, the name and the description of each
 * action, and at the title of its category.
 *
 * Memory is what matters with 100,000 actions, so nothing is copied when
 * it need not be: plain ASCII text (names, most labels and descriptions)
 * is searched where it is, without case. Only the fields with other
 * characters are folded (accents dropped, case-folded), once per action,
 * and kept on the action. The category's title is the same for thousands
 * of actions: a query checks its words against the three titles once,
 * not against each action.
 *
 * The folded text assumes an action is not edited in place while it is
 * listed (the catalog replaces an edited action with a new object). */

enum {
  FIELD_LABEL,
  FIELD_NAME,
  FIELD_DESCRIPTION,
  N_FIELDS
};

/* The folded copy of the fields of an action that are not plain ASCII,
 * one a line, so that no word spans two of them. */
typedef struct {
  guint8 fields;  /* 1 << FIELD_… for each field folded here */
  char   text[];
} Folded;

/* Where a scan for a word stops: at its first letter in either case, at
 * any non-ASCII byte, at the end of the text. A byte is then one lookup. */
typedef struct {
  guint8 stop[256];
} StopTable;

struct _CaSearchQuery
{
  gatomicrefcount ref_count;
  GStrv      words;
  gsize     *lengths;
  StopTable *stops;
  guint      n_words;
  /* Per category, the words its title or its name in the file format
   * holds: those need not be looked for in its actions. */
  guint32 category_words[3];
};

static GQuark folded_quark;

/* Characters of two bytes in UTF-8 (Latin, Greek, Cyrillic…), folded once
 * each: most non-ASCII text is made of those. */
static char *two_byte_folds[0x800 - 0x80];

static inline gboolean
is_ascii (const char *text)
{
  for (const guchar *p = (const guchar *)text; *p != '\0'; p++)
    {
      if (*p >= 0x80)
        return FALSE;
    }

  return TRUE;
}

/* @c decomposed (compatibility decomposition: "é" is "e" and a combining
 * accent, "ﬁ" is "fi"), without the combining marks, case-folded. */
static char *
fold_char (gunichar c)
{
  gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
  GString *out = g_string_new (NULL);
  gsize n;

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

  return g_string_free (out, FALSE);
}

/* Appends @text to @out, folded. ASCII, the common case, takes the short
 * way. */
static void
fold_append (GString    *out,
             const char *text)
{
  const char *p = text;

  while (*p != '\0')
    {
      g_autofree char *folded = NULL;
      gunichar c;

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

      if (c < 0x800)
        {
          char **cached = &two_byte_folds[c - 0x80];

          if (*cached == NULL)
            *cached = fold_char (c);
          g_string_append (out, *cached);
        }
      else
        {
          folded = fold_char (c);
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

typedef enum {
  FIND_NO,
  FIND_YES,
  /* @text has a non-ASCII character before any match: look in its
   * folded copy instead. */
  FIND_NOT_ASCII,
} FindResult;

/* ASCII to lower case, inline: this runs for every character searched. */
static inline guchar
ascii_lower (guchar c)
{
  return c + (((guint) c - 'A' < 26u) << 5);
}

/* Looks for @word (folded, not empty) in @text as ASCII without case. */
static FindResult
ascii_find (const char *text,
            const char *word,
            gsize       word_len)
{
  const guchar *w = (const guchar *)word;
  guchar first = w[0];

  for (const guchar *p = (const guchar *)text; *p != '\0'; p++)
    {
      gsize i;

      if G_UNLIKELY (*p >= 0x80)
        return FIND_NOT_ASCII;

      if G_LIKELY (ascii_lower (*p) != first)
        continue;

      for (i = 1; i < word_len && p[i] != '\0' && p[i] < 0x80; i++)
        {
          if (ascii_lower (p[i]) != w[i])
            break;
        }

      if (i == word_len)
        return FIND_YES;
    }

  return FIND_NO;
}

static void
stop_table_init (StopTable  *table,
                 const char *word)
{
  guchar first = word[0];

  memset (table->stop, 0, sizeof table->stop);
  memset (table->stop + 0x80, 1, 0x80);
  table->stop['\0'] = 1;
  table->stop[first] = 1;
  if (first >= 'a' && first <= 'z')
    table->stop[first - 'a' + 'A'] = 1;
}

/* ascii_find(), the first letter looked for through @table. */
static FindResult
ascii_find_fast (const StopTable *table,
                 const char      *text,
                 const char      *word,
                 gsize            word_len)
{
  const guint8 *stop = table->stop;
  const guchar *w = (const guchar *)word;
  const guchar *p = (const guchar *)text;

  for (;; p++)
    {
      gsize i;

      while (!stop[*p])
        p++;

      if (*p == '\0')
        return FIND_NO;

      if (*p >= 0x80)
        return FIND_NOT_ASCII;

      for (i = 1; i < word_len && p[i] != '\0' && p[i] < 0x80; i++)
        {
          if (ascii_lower (p[i]) != w[i])
            break;
        }

      if (i == word_len)
        return FIND_YES;
    }
}

gboolean
ca_search_text_contains (const char *text,
                         const char *word)
{
  g_autofree char *folded = NULL;
  FindResult result;

  g_return_val_if_fail (word != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  if (word[0] == '\0')
    return TRUE;

  result = ascii_find (text, word, strlen (word));
  if (result != FIND_NOT_ASCII)
    return result == FIND_YES;

  folded = ca_search_text_fold (text);
  return strstr (folded, word) != NULL;
}

static void
get_fields (CaAction   *action,
            const char *fields[N_FIELDS])
{
  fields[FIELD_LABEL] = ca_action_get_display_label (action);
  fields[FIELD_NAME] = ca_action_get_name (action);
  fields[FIELD_DESCRIPTION] = ca_action_get_description (action);

  /* Without a label, the name stands in for it: once is enough. */
  if (fields[FIELD_LABEL] == fields[FIELD_NAME])
    fields[FIELD_LABEL] = NULL;
}

static inline const Folded *
peek_folded (CaAction *action)
{
  if G_UNLIKELY (folded_quark == 0)
    folded_quark = g_quark_from_static_string ("ca-search-text-folded");

  return g_object_get_qdata (G_OBJECT (action), folded_quark);
}

/* The folded copy of the non-ASCII fields of @action; NULL when they are
 * all ASCII. */
static const Folded *
ensure_folded (CaAction   *action,
               const char *fields[N_FIELDS])
{
  const Folded *folded = peek_folded (action);
  g_autoptr(GString) text = NULL;
  Folded *result;
  guint8 mask = 0;

  if (folded != NULL)
    return folded;

  for (guint i = 0; i < N_FIELDS; i++)
    {
      if (fields[i] == NULL || is_ascii (fields[i]))
        continue;

      if (text == NULL)
        text = g_string_sized_new (strlen (fields[i]) + 1);
      mask |= 1 << i;
      fold_append (text, fields[i]);
      g_string_append_c (text, '\n');
    }

  if (mask == 0)
    return NULL;

  result = g_malloc (sizeof (Folded) + text->len + 1);
  result->fields = mask;
  memcpy (result->text, text->str, text->len + 1);
  g_object_set_qdata_full (G_OBJECT (action), folded_quark, result, g_free);

  return result;
}

void
ca_search_text_prepare_action (CaAction *action)
{
  const char *fields[N_FIELDS];

  g_return_if_fail (CA_IS_ACTION (action));

  get_fields (action, fields);
  ensure_folded (action, fields);
}

CaSearchQuery *
ca_search_query_new (const char *text)
{
  g_autofree char *folded = NULL;
  g_auto(GStrv) split = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  CaSearchQuery *self;
  guint n = 0;

  if (text == NULL)
    return NULL;

  folded = ca_search_text_fold (text);
  split = g_strsplit_set (folded, " \t\n\r", -1);
  builder = g_strv_builder_new ();

  for (guint i = 0; split[i] != NULL && n < CA_SEARCH_QUERY_MAX_WORDS; i++)
    {
      if (split[i][0] != '\0')
        {
          g_strv_builder_add (builder, split[i]);
          n++;
        }
    }

  if (n == 0)
    return NULL;

  self = g_new0 (CaSearchQuery, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->words = g_strv_builder_end (builder);
  self->n_words = n;
  self->lengths = g_new (gsize, n);
  self->stops = g_new (StopTable, n);
  for (guint i = 0; i < n; i++)
    {
      self->lengths[i] = strlen (self->words[i]);
      stop_table_init (&self->stops[i], self->words[i]);
    }

  for (guint c = 0; c < G_N_ELEMENTS (self->category_words); c++)
    {
      g_autofree char *title = ca_search_text_fold (ca_palette_category_title_for (c));
      const char *nick = ca_enum_to_nick (CA_TYPE_CATEGORY, c);

      for (guint i = 0; i < n; i++)
        {
          if (strstr (title, self->words[i]) != NULL || strstr (nick, self->words[i]) != NULL)
            self->category_words[c] |= 1u << i;
        }
    }

  return self;
}

CaSearchQuery *
ca_search_query_ref (CaSearchQuery *self)
{
  if (self != NULL)
    g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
ca_search_query_unref (CaSearchQuery *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_strfreev (self->words);
  g_free (self->lengths);
  g_free (self->stops);
  g_free (self);
}

void
ca_search_query_free (CaSearchQuery *self)
{
  ca_search_query_unref (self);
}

const char * const *
ca_search_query_get_words (const CaSearchQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *)self->words;
}

gboolean
ca_search_query_match (const CaSearchQuery *self,
                       CaAction            *action)
{
  return ca_search_query_match_with (self, action, NULL);
}

/* As ca_search_query_match(), with @extra (NULL: none) as one more field
 * to find the words in: Manage Actions searches the endpoints too. */
gboolean
ca_search_query_match_with (const CaSearchQuery *self,
                            CaAction            *action,
                            const char          *extra)
{
  const char *fields[N_FIELDS];
  const Folded *folded;
  CaCategory category;
  guint32 found;

  if (self == NULL)
    return TRUE;

  category = ca_action_get_category (action);
  found = category < G_N_ELEMENTS (self->category_words) ? self->category_words[category] : 0;
  get_fields (action, fields);
  folded = peek_folded (action);

  for (guint i = 0; i < self->n_words; i++)
    {
      const char *word = self->words[i];
      gboolean match = FALSE;

      if (found & (1u << i))
        continue;

      for (guint f = 0; !match && f < N_FIELDS; f++)
        {
          if (fields[f] == NULL || (folded != NULL && (folded->fields & (1 << f))))
            continue;

          switch (ascii_find_fast (&self->stops[i], fields[f], word, self->lengths[i]))
            {
            case FIND_YES:
              match = TRUE;
              break;

            case FIND_NO:
              break;

            case FIND_NOT_ASCII:
              /* The first search to meet this action folds it (unless
               * ca_search_text_prepare_action() did). */
              folded = ensure_folded (action, fields);
              break;

            default:
              g_assert_not_reached ();
            }
        }

      if (!match && folded != NULL)
        match = strstr (folded->text, word) != NULL;

      if (!match && extra != NULL)
        match = ca_search_text_contains (extra, word);

      if (!match)
        return FALSE;
    }

  return TRUE;
}

gboolean
ca_search_query_implies (const CaSearchQuery *stricter,
                         const CaSearchQuery *looser)
{
  if (looser == NULL)
    return TRUE;

  if (stricter == NULL)
    return FALSE;

  for (guint i = 0; i < looser->n_words; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; !found && j < stricter->n_words; j++)
        found = strstr (stricter->words[j], looser->words[i]) != NULL;

      if (!found)
        return FALSE;
    }

  return TRUE;
}
