/* ms-matcher.c — many words at once: an Aho–Corasick automaton over bytes
 *
 * All literal words of all rule packs go into one automaton, so scanning a
 * field costs one table lookup per byte however many words there are. The
 * automaton is compiled to a full DFA over byte classes (only bytes that occur
 * in some word get a class of their own; every other byte shares class 0), so
 * the scan never follows failure links. Words and text are UTF-8, so a match
 * always starts and ends on a character boundary. The table holds 16-bit
 * states when there are few enough (the built-in packs: a few thousand
 * states over a hundred-odd classes), half the memory of 32-bit ones.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include <string.h>

#include "ms-matcher.h"

#define NO_STATE G_MAXUINT32

typedef struct
{
  char   *word;
  gsize   len;
  GArray *values;            /* guint32 */
} Word;

struct _MsMatcher
{
  GPtrArray  *words;         /* Word, in insertion order */
  GHashTable *by_text;       /* word → Word */
  gboolean    compiled;

  guint8      classes[256];
  guint       n_classes;
  guint       n_states;
  guint32    *delta;         /* [n_states * n_classes], or NULL for delta16 */
  guint16    *delta16;       /* the same when every state fits in 16 bits */
  gint32     *word_at;       /* [n_states]: word ending here, or -1 */
  guint32    *dict;          /* [n_states]: next state on the fail chain with a word, or 0 */
  guint32    *values;        /* all values, grouped by word */
  guint      *values_start;  /* [n_words + 1] */
};

static void
word_free (gpointer data)
{
  Word *word = data;

  g_free (word->word);
  g_array_unref (word->values);
  g_free (word);
}

MsMatcher *
ms_matcher_new (void)
{
  MsMatcher *self = g_new0 (MsMatcher, 1);

  self->words = g_ptr_array_new_with_free_func (word_free);
  self->by_text = g_hash_table_new (g_str_hash, g_str_equal);
  return self;
}

void
ms_matcher_free (MsMatcher *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->words);
  g_hash_table_unref (self->by_text);
  g_free (self->delta);
  g_free (self->delta16);
  g_free (self->word_at);
  g_free (self->dict);
  g_free (self->values);
  g_free (self->values_start);
  g_free (self);
}

/**
 * ms_matcher_add:
 * @word: a non-empty word, already normalised
 * @value: reported with every match of @word
 */
void
ms_matcher_add (MsMatcher  *self,
                const char *word,
                guint32     value)
{
  Word *w;

  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->compiled);
  g_return_if_fail (word != NULL && word[0] != '\0');

  w = g_hash_table_lookup (self->by_text, word);
  if (w == NULL)
    {
      w = g_new0 (Word, 1);
      w->word = g_strdup (word);
      w->len = strlen (word);
      w->values = g_array_new (FALSE, FALSE, sizeof (guint32));
      g_ptr_array_add (self->words, w);
      g_hash_table_insert (self->by_text, w->word, w);
    }

  for (guint i = 0; i < w->values->len; i++)
    if (g_array_index (w->values, guint32, i) == value)
      return;
  g_array_append_val (w->values, value);
}

/* The DFA was built with room for a state per byte of the words: keep
 * only the states made, in 16 bits when they all fit. */
static void
shrink_table (MsMatcher *self)
{
  gsize n = (gsize) self->n_states * self->n_classes;

  if (self->n_states > G_MAXUINT16)
    {
      self->delta = g_renew (guint32, self->delta, n);
      return;
    }
  self->delta16 = g_new (guint16, n);
  for (gsize i = 0; i < n; i++)
    self->delta16[i] = (guint16) self->delta[i];
  g_clear_pointer (&self->delta, g_free);
}

void
ms_matcher_compile (MsMatcher *self)
{
  g_autofree guint32 *queue = NULL;
  g_autofree guint32 *fail = NULL;
  gsize total = 1;
  guint n_values = 0;
  guint head = 0;
  guint tail = 0;
  guint nc;

  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->compiled);

  /* Byte classes. */
  memset (self->classes, 0, sizeof self->classes);
  self->n_classes = 1;
  for (guint i = 0; i < self->words->len; i++)
    {
      Word *w = g_ptr_array_index (self->words, i);

      total += w->len;
      n_values += w->values->len;
      for (gsize j = 0; j < w->len; j++)
        {
          guint8 b = (guint8) w->word[j];

          if (self->classes[b] == 0)
            self->classes[b] = self->n_classes++;
        }
    }
  nc = self->n_classes;

  /* The trie, in the DFA table; NO_STATE marks a missing edge. */
  self->delta = g_new (guint32, total * nc);
  for (gsize i = 0; i < total * nc; i++)
    self->delta[i] = NO_STATE;
  self->word_at = g_new (gint32, total);
  self->word_at[0] = -1;
  self->n_states = 1;

  self->values = g_new (guint32, MAX (n_values, 1));
  self->values_start = g_new (guint, self->words->len + 1);
  n_values = 0;

  for (guint i = 0; i < self->words->len; i++)
    {
      Word *w = g_ptr_array_index (self->words, i);
      guint32 s = 0;

      for (gsize j = 0; j < w->len; j++)
        {
          guint c = self->classes[(guint8) w->word[j]];

          if (self->delta[s * nc + c] == NO_STATE)
            {
              self->delta[s * nc + c] = self->n_states;
              self->word_at[self->n_states] = -1;
              self->n_states++;
            }
          s = self->delta[s * nc + c];
        }
      self->word_at[s] = (gint32) i;

      self->values_start[i] = n_values;
      memcpy (self->values + n_values, w->values->data, w->values->len * sizeof (guint32));
      n_values += w->values->len;
    }
  self->values_start[self->words->len] = n_values;

  /* Breadth-first: failure links, then fill in the missing edges. */
  fail = g_new0 (guint32, self->n_states);
  queue = g_new (guint32, self->n_states);
  self->dict = g_new0 (guint32, self->n_states);

  for (guint c = 0; c < nc; c++)
    {
      guint32 t = self->delta[c];

      if (t == NO_STATE)
        self->delta[c] = 0;
      else
        {
          fail[t] = 0;
          queue[tail++] = t;
        }
    }

  while (head < tail)
    {
      guint32 s = queue[head++];
      guint32 f = fail[s];

      self->dict[s] = self->word_at[f] >= 0 ? f : self->dict[f];

      for (guint c = 0; c < nc; c++)
        {
          guint32 t = self->delta[s * nc + c];

          if (t == NO_STATE)
            self->delta[s * nc + c] = self->delta[f * nc + c];
          else
            {
              fail[t] = self->delta[f * nc + c];
              queue[tail++] = t;
            }
        }
    }

  shrink_table (self);
  self->compiled = TRUE;
}

guint
ms_matcher_get_n_words (const MsMatcher *self)
{
  return self->words->len;
}

guint
ms_matcher_get_n_states (const MsMatcher *self)
{
  return self->n_states;
}

static inline void
report (const MsMatcher *self,
        guint32          state,
        gsize            end,
        MsMatchFunc      func,
        gpointer         user_data)
{
  gint32 w = self->word_at[state];
  const Word *word = g_ptr_array_index (self->words, w);
  guint first = self->values_start[w];

  func (end - word->len, end, self->values + first, self->values_start[w + 1] - first,
        user_data);
}

static inline guint32
next_state (const MsMatcher *self,
            guint32          state,
            guint            class)
{
  gsize at = (gsize) state * self->n_classes + class;

  return self->delta16 != NULL ? self->delta16[at] : self->delta[at];
}

void
ms_matcher_scan (const MsMatcher *self,
                 const char      *text,
                 gsize            length,
                 MsMatchFunc      func,
                 gpointer         user_data)
{
  const guint8 *classes;
  guint32 s = 0;

  g_return_if_fail (self != NULL && self->compiled);
  g_return_if_fail (func != NULL);

  classes = self->classes;

  for (gsize i = 0; i < length; i++)
    {
      guint32 t;

      s = next_state (self, s, classes[(guint8) text[i]]);
      if (s == 0)
        continue;

      t = self->word_at[s] >= 0 ? s : self->dict[s];
      while (t != 0)
        {
          report (self, t, i + 1, func, user_data);
          t = self->dict[t];
        }
    }
}
