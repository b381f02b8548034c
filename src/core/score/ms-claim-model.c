/* ms-claim-model.c — how much a sentence reads like copy regulators acted on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rule packs say what the law names; this says how close a sentence is
 * to wording that 消費者庁 and the prefectures have actually acted on, so
 * that a claim put in words no pattern foresaw is still seen, and a pattern's
 * hit in a sentence unlike any enforced copy is a question rather than a
 * verdict. The model is data (data/rules/claim-model.tsv, written by
 * build-aux/train-claim-model from tests/corpus/compliance): the character
 * 1–3-grams of the normalised sentence, TF-IDF with sublinear counts and an
 * L2 norm, and one logistic regression per legal family. This file only
 * reads it and computes the same numbers scikit-learn does.
 */
#include "config.h"

#include "ms-claim-model.h"

#include <math.h>
#include <string.h>

#include "ms-data.h"
#include "ms-score-types.h"

struct _MsClaimModel
{
  guint                n_families;
  char                *families[MS_CLAIM_MODEL_MAX_FAMILIES];
  double               bias[MS_CLAIM_MODEL_MAX_FAMILIES];
  double               raise[MS_CLAIM_MODEL_MAX_FAMILIES];
  double               clean_at;
  double               unlike_below;
  int                  clean;     /* the family "clean", or -1 */
  MsClaimModelEvidence evidence;

  guint                n_grams;
  guint                bits;      /* the table has 1 << bits slots */
  guint64             *keys;      /* 0: empty */
  guint32             *rows;
  float               *idf;       /* [n_grams] */
  float               *weights;   /* [n_grams * MS_CLAIM_MODEL_MAX_FAMILIES], zero-padded
                                     so the sum over families is one fixed-size loop */
};

#define CODE_BITS 21

static inline guint
slot_of (guint64 key,
         guint   bits)
{
  return (guint) ((key * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> (64 - bits));
}

static inline guint64
extend_key (guint64  key,
            gunichar c)
{
  return (key << CODE_BITS) | (guint64) (c + 1);
}

static int
lookup (const MsClaimModel *self,
        guint64             key)
{
  guint mask = (1u << self->bits) - 1;

  for (guint s = slot_of (key, self->bits);; s = (s + 1) & mask)
    {
      if (self->keys[s] == key)
        return (int) self->rows[s];
      if (self->keys[s] == 0)
        return -1;
    }
}

static gboolean
insert (MsClaimModel *self,
        guint64       key,
        guint32       row)
{
  guint mask = (1u << self->bits) - 1;

  for (guint s = slot_of (key, self->bits);; s = (s + 1) & mask)
    {
      if (self->keys[s] == key)
        return FALSE;
      if (self->keys[s] == 0)
        {
          self->keys[s] = key;
          self->rows[s] = row;
          return TRUE;
        }
    }
}

/* The numbers of a gram row as the trainer writes them (%.4g, %.6g:
 * “-0.4079”, “3.5e-05”), read without strtod's generality: a model has a
 * hundred thousand of them and is read when the first message is scored. */
static double
read_number (const char  *p,
             char       **end)
{
  static const double tens[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9 };
  const char *start = p;
  gboolean negative = FALSE;
  guint64 mantissa = 0;
  int exponent = 0, digits = 0;
  double value;

  while (*p == ' ' || *p == '\t')
    p++;
  if (*p == '-' || *p == '+')
    negative = *p++ == '-';
  for (; g_ascii_isdigit (*p) && digits < 18; p++, digits++)
    mantissa = mantissa * 10 + (guint64) (*p - '0');
  if (*p == '.')
    for (p++; g_ascii_isdigit (*p); p++)
      if (digits < 18)
        {
          mantissa = mantissa * 10 + (guint64) (*p - '0');
          exponent--;
          digits++;
        }
  if (digits == 0)
    {
      *end = (char *) start;
      return 0;
    }
  if (*p == 'e' || *p == 'E')
    {
      gboolean minus = FALSE;
      int e = 0;

      p++;
      if (*p == '-' || *p == '+')
        minus = *p++ == '-';
      for (; g_ascii_isdigit (*p) && e < 400; p++)
        e = e * 10 + (*p - '0');
      exponent += minus ? -e : e;
    }
  *end = (char *) p;

  value = (double) mantissa;
  if (exponent < 0)
    value /= -exponent < (int) G_N_ELEMENTS (tens) ? tens[-exponent] : pow (10, -exponent);
  else if (exponent > 0)
    value *= exponent < (int) G_N_ELEMENTS (tens) ? tens[exponent] : pow (10, exponent);
  return negative ? -value : value;
}

static gboolean
fail (GError    **error,
      guint       line,
      const char *what)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               "claim-model.tsv line %u: %s", line, what);
  return FALSE;
}

static gboolean
parse_header (MsClaimModel *self,
              char        **fields,
              guint         line,
              GError      **error)
{
  guint n = g_strv_length (fields);

  if (g_str_equal (fields[0], "measured") && n == 5)
    {
      self->evidence.recall = g_ascii_strtod (fields[1], NULL);
      self->evidence.precision = g_ascii_strtod (fields[2], NULL);
      self->evidence.n_items = (guint) g_ascii_strtoull (fields[3], NULL, 10);
      self->evidence.n_sources = (guint) g_ascii_strtoull (fields[4], NULL, 10);
    }
  else if (g_str_equal (fields[0], "thresholds") && n == 3)
    {
      self->clean_at = g_ascii_strtod (fields[1], NULL);
      self->unlike_below = g_ascii_strtod (fields[2], NULL);
    }
  else if (g_str_equal (fields[0], "family") && n == 4)
    {
      if (self->n_families == MS_CLAIM_MODEL_MAX_FAMILIES)
        return fail (error, line, "too many families");
      if (g_str_equal (fields[1], "clean"))
        self->clean = (int) self->n_families;
      self->families[self->n_families] = g_strdup (fields[1]);
      self->raise[self->n_families] = g_ascii_strtod (fields[3], NULL);
      self->bias[self->n_families++] = g_ascii_strtod (fields[2], NULL);
    }
  else if (g_str_equal (fields[0], "grams") && n == 2)
    {
      guint64 n_grams = g_ascii_strtoull (fields[1], NULL, 10);

      if (n_grams == 0 || n_grams > 1000000 || self->n_families == 0)
        return fail (error, line, "“grams” needs families before it and a count");
      self->n_grams = (guint) n_grams;
      for (self->bits = 4; (1u << self->bits) < 2 * self->n_grams; self->bits++)
        ;
      self->keys = g_new0 (guint64, 1u << self->bits);
      self->rows = g_new0 (guint32, 1u << self->bits);
      self->idf = g_new0 (float, self->n_grams);
      self->weights = g_new0 (float, (gsize) self->n_grams * MS_CLAIM_MODEL_MAX_FAMILIES);
    }
  else
    return fail (error, line, "unknown header");
  return TRUE;
}

/* "gram<TAB>idf<TAB>w1 w2 …", one weight per family. */
static gboolean
parse_gram (MsClaimModel *self,
            const char   *text,
            guint         row,
            guint         line,
            GError      **error)
{
  const char *tab = strchr (text, '\t');
  guint64 key = 0;
  guint n = 0;
  char *end;

  if (tab == NULL || tab == text)
    return fail (error, line, "a gram row needs “gram<TAB>idf<TAB>weights”");
  for (const char *p = text; p < tab; p = g_utf8_next_char (p), n++)
    key = extend_key (key, g_utf8_get_char (p));
  if (n > 3)
    return fail (error, line, "grams are 1 to 3 characters");

  self->idf[row] = (float) read_number (tab + 1, &end);
  for (guint f = 0; f < self->n_families; f++)
    {
      const char *from = end;

      self->weights[(gsize) row * MS_CLAIM_MODEL_MAX_FAMILIES + f] = (float) read_number (from, &end);
      if (end == from)
        return fail (error, line, "a weight is missing");
    }
  if (!insert (self, key, row))
    return fail (error, line, "the gram appears twice");
  return TRUE;
}

/**
 * ms_claim_model_new_from_bytes:
 * @bytes: the text of a claim-model.tsv
 *
 * Returns: (transfer full): the model, or NULL with @error set
 */
MsClaimModel *
ms_claim_model_new_from_bytes (GBytes  *bytes,
                               GError **error)
{
  g_autoptr(MsClaimModel) self = g_new0 (MsClaimModel, 1);
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  g_autofree char *copy = g_strndup (data, size);
  g_auto(GStrv) lines = g_strsplit (copy, "\n", -1);
  guint row = 0;

  self->clean = -1;
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0')
        continue;
      if (self->keys == NULL)
        {
          g_auto(GStrv) fields = NULL;

          if (lines[i][0] == '#')
            continue;
          fields = g_strsplit (lines[i], "\t", -1);
          if (!parse_header (self, fields, i + 1, error))
            return NULL;
          continue;
        }
      if (row == self->n_grams)
        {
          fail (error, i + 1, "more grams than “grams” said");
          return NULL;
        }
      if (!parse_gram (self, lines[i], row++, i + 1, error))
        return NULL;
    }

  if (self->keys == NULL || row != self->n_grams)
    {
      fail (error, 0, "fewer grams than “grams” said");
      return NULL;
    }
  return g_steal_pointer (&self);
}

/**
 * ms_claim_model_get_default:
 *
 * The model shipped with the core, read once. NULL (with a warning) only if
 * the shipped file is damaged.
 */
MsClaimModel *
ms_claim_model_get_default (void)
{
  static MsClaimModel *model;
  static gsize loaded_once;

  if (g_once_init_enter (&loaded_once))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = ms_data_lookup ("rules/claim-model.tsv", &error);
      MsClaimModel *loaded = bytes != NULL ? ms_claim_model_new_from_bytes (bytes, &error) : NULL;

      if (loaded == NULL)
        g_warning ("The claim model cannot be read: %s", error->message);
      model = loaded;
      g_once_init_leave (&loaded_once, 1);
    }
  return model;
}

void
ms_claim_model_free (MsClaimModel *self)
{
  if (self == NULL)
    return;
  for (guint f = 0; f < self->n_families; f++)
    g_free (self->families[f]);
  g_free (self->keys);
  g_free (self->rows);
  g_free (self->idf);
  g_free (self->weights);
  g_free (self);
}

guint
ms_claim_model_get_n_families (const MsClaimModel *self)
{
  return self->n_families;
}

const char *
ms_claim_model_get_family (const MsClaimModel *self,
                           guint               family)
{
  g_return_val_if_fail (family < self->n_families, NULL);
  return self->families[family];
}

/* The family a rule id belongs to (“yakki.body.named” → yakki.body), or -1;
 * never "clean". */
int
ms_claim_model_find_family (const MsClaimModel *self,
                            const char         *rule_id)
{
  for (guint f = 0; f < self->n_families; f++)
    {
      gsize n = strlen (self->families[f]);

      if ((int) f == self->clean)
        continue;
      if (strncmp (rule_id, self->families[f], n) == 0 &&
          (rule_id[n] == '\0' || rule_id[n] == '.'))
        return (int) f;
    }
  return -1;
}

/* How like enforced copy of @family a sentence must be to be flagged: the
 * lowest threshold at which the model's flags were right 92 % of the time
 * on sources it had not learned. */
double
ms_claim_model_get_raise (const MsClaimModel *self,
                          guint               family)
{
  g_return_val_if_fail (family < self->n_families, 1.0);
  return self->raise[family];
}

/* Whether probabilities (from ms_claim_model_predict()) say the sentence
 * reads like clean brand copy and not like what was enforced of @family. */
gboolean
ms_claim_model_is_clean (const MsClaimModel *self,
                         const double       *probabilities,
                         int                 family)
{
  g_return_val_if_fail (family >= 0 && (guint) family < self->n_families, FALSE);

  return self->clean >= 0 && probabilities[self->clean] >= self->clean_at &&
         probabilities[family] < self->unlike_below;
}

const MsClaimModelEvidence *
ms_claim_model_get_evidence (const MsClaimModel *self)
{
  return &self->evidence;
}

/* How often each row occurs in the sentence being scored: per thread, all
 * zero between sentences (a sentence clears what it counted). */
typedef struct
{
  guint   size;
  guint16 counts[];
} Counts;

static GPrivate counts_key = G_PRIVATE_INIT (g_free);

static guint16 *
get_counts (guint n_grams)
{
  Counts *counts = g_private_get (&counts_key);

  if (counts == NULL || counts->size < n_grams)
    {
      counts = g_malloc0 (sizeof (Counts) + n_grams * sizeof (guint16));
      counts->size = n_grams;
      g_private_replace (&counts_key, counts);
    }
  return counts->counts;
}

static inline void
add_row (int       row,
         guint16  *counts,
         guint32  *rows,
         guint    *n)
{
  if (row < 0)
    return;
  if (counts[row]++ == 0)
    rows[(*n)++] = (guint32) row;
}

/* The distinct rows of the grams of @text that the model knows; @counts
 * says how often each occurs. */
static guint
collect_rows (const MsClaimModel *self,
              const char         *text,
              gsize               length,
              guint16            *counts,
              guint32            *rows)
{
  const char *end = text + length;
  guint64 prev1 = 0, prev2 = 0;
  guint n = 0;

  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      guint64 one, two = 0;

      if (c == '\t')
        c = ' ';
      one = extend_key (0, c);
      add_row (lookup (self, one), counts, rows, &n);
      if (prev1 != 0)
        add_row (lookup (self, two = extend_key (prev1, c)), counts, rows, &n);
      if (prev2 != 0)
        add_row (lookup (self, extend_key (prev2, c)), counts, rows, &n);

      prev2 = two;
      prev1 = one;
    }
  return n;
}

/**
 * ms_claim_model_predict:
 * @normalized: one sentence in the normaliser's form (ms-normalizer.h)
 * @probabilities: (out caller-allocates): one per family
 *
 * The probability, per family, that the sentence is the kind of copy the
 * regulators acted on.
 */
void
ms_claim_model_predict (const MsClaimModel *self,
                        const char         *normalized,
                        gsize               length,
                        double             *probabilities)
{
  float dot[MS_CLAIM_MODEL_MAX_FAMILIES] = { 0, };
  guint32 stack[768];
  g_autofree guint32 *heap = NULL;
  guint32 *rows = stack;
  guint16 *counts = get_counts (self->n_grams);
  double norm = 0;
  guint n;

  if (3 * length > G_N_ELEMENTS (stack))
    rows = heap = g_new (guint32, 3 * length);
  n = collect_rows (self, normalized, length, counts, rows);

  for (guint i = 0; i < n; i++)
    {
      guint32 row = rows[i];
      const float *w = &self->weights[(gsize) row * MS_CLAIM_MODEL_MAX_FAMILIES];
      float value = self->idf[row];

      if (counts[row] > 1)
        value *= 1.0f + logf ((float) counts[row]);   /* sublinear counts */
      counts[row] = 0;
      norm += (double) value * value;
      for (guint f = 0; f < MS_CLAIM_MODEL_MAX_FAMILIES; f++)
        dot[f] += value * w[f];
    }

  norm = sqrt (norm);
  for (guint f = 0; f < self->n_families; f++)
    {
      double z = self->bias[f] + (norm > 0 ? dot[f] / norm : 0);

      probabilities[f] = 1.0 / (1.0 + exp (-z));
    }
}
