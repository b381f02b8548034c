/* ms-churn-data.c — rows of features and a churn label, for the churn model
 *
 * The generic CSV mode of `msgscore-cli eval churn`: the first record names
 * the columns; the label column is 1 where it equals the positive value
 * (after trimming, case-sensitive) and 0 elsewhere, and a row with a blank
 * label is left out. Every other column not dropped is a feature:
 *   - numeric when every non-blank value is a number: taken as it is;
 *   - otherwise text, one-hot encoded: one 0/1 feature per distinct value,
 *     in the order the values first appear ("Contract=One year"); a column
 *     with more distinct values than csv.max_categories (an identifier) is
 *     left out and named in data->dropped;
 *   - a blank is missing (NAN) in both kinds.
 * The input is bounded before it is parsed (csv.max_bytes, csv.max_columns
 * of data/csm/churn.json).
 *
 * ms_churn_split_stratified() draws the same share of each class with a
 * seeded generator, so a run with the same seed gives the same split.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-csm"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "io/ms-csv-reader.h"
#include "ms-churn-config.h"
#include "ms-churn-data.h"

G_DEFINE_QUARK (ms-churn-error-quark, ms_churn_error)

MsChurnData *
ms_churn_data_new (guint               n_rows,
                   guint               n_cols,
                   const char * const *names)
{
  MsChurnData *data = g_new0 (MsChurnData, 1);

  data->n_rows = n_rows;
  data->n_cols = n_cols;
  data->x = g_new0 (float, (gsize) n_rows * MAX (n_cols, 1));
  data->y = g_new0 (float, MAX (n_rows, 1));
  data->names = g_ptr_array_new_with_free_func (g_free);
  data->dropped = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n_cols; i++)
    g_ptr_array_add (data->names, g_strdup (names != NULL ? names[i] : ""));
  return data;
}

void
ms_churn_data_free (MsChurnData *data)
{
  if (data == NULL)
    return;
  g_free (data->x);
  g_free (data->y);
  g_ptr_array_unref (data->names);
  g_ptr_array_unref (data->dropped);
  g_free (data);
}

guint
ms_churn_data_count_positive (const MsChurnData *data)
{
  guint n = 0;

  for (guint i = 0; i < data->n_rows; i++)
    n += data->y[i] > 0.5f;
  return n;
}

MsChurnData *
ms_churn_data_subset (const MsChurnData *data,
                      const guint       *rows,
                      guint              n_rows)
{
  MsChurnData *out = ms_churn_data_new (n_rows, data->n_cols,
                                        (const char * const *) data->names->pdata);

  for (guint i = 0; i < n_rows; i++)
    {
      g_assert (rows[i] < data->n_rows);
      memcpy (out->x + (gsize) i * data->n_cols, data->x + (gsize) rows[i] * data->n_cols,
              sizeof (float) * data->n_cols);
      out->y[i] = data->y[rows[i]];
    }
  return out;
}

static void
shuffle (guint  *v,
         guint   n,
         GRand  *rand)
{
  for (guint i = n; i > 1; i--)
    {
      guint j = (guint) g_rand_int_range (rand, 0, (gint32) i);
      guint t = v[i - 1];

      v[i - 1] = v[j];
      v[j] = t;
    }
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/**
 * ms_churn_split_stratified:
 * @train: (out): row indices, ascending
 * @test: (out): row indices, ascending; round(share × n) of each class
 */
void
ms_churn_split_stratified (const float  *y,
                           guint         n_rows,
                           double        test_share,
                           guint32       seed,
                           GArray      **train,
                           GArray      **test)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  *train = g_array_new (FALSE, FALSE, sizeof (guint));
  *test = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint cls = 0; cls < 2; cls++)
    {
      g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (guint));
      guint n_test;

      for (guint i = 0; i < n_rows; i++)
        if ((y[i] > 0.5f) == (cls == 1))
          g_array_append_val (members, i);
      shuffle ((guint *) members->data, members->len, rand);
      n_test = (guint) floor (members->len * test_share + 0.5);
      g_array_append_vals (*test, members->data, n_test);
      g_array_append_vals (*train, (guint *) members->data + n_test, members->len - n_test);
    }
  g_array_sort (*train, compare_uint);
  g_array_sort (*test, compare_uint);
}

/* ------------------------------------------------------------------------ */
/* CSV                                                                       */

typedef struct
{
  char       *name;
  gboolean    numeric;
  gboolean    skip;         /* the label, or dropped */
  GHashTable *categories;   /* value → index (text columns) */
  GPtrArray  *order;        /* values in first-seen order */
  guint       first;        /* first feature index */
} Column;

static void
column_clear (Column *c)
{
  g_free (c->name);
  g_clear_pointer (&c->categories, g_hash_table_unref);
  g_clear_pointer (&c->order, g_ptr_array_unref);
}

static gboolean
parse_number (const char *s,
              double     *value)
{
  char *end = NULL;

  *value = g_ascii_strtod (s, &end);
  return end != s && *end == '\0' && isfinite (*value);
}

static char *
trimmed (const char *field)
{
  return g_strstrip (g_strdup (field));
}

/* The header row: one Column each, the label's index, and every --drop column found. */
static gboolean
read_header (MsCsvReader         *reader,
             GArray              *columns,
             const char          *label,
             const char * const  *drop,
             guint               *label_index,
             GError             **error)
{
  const MsChurnConfig *config = ms_churn_config_get ();
  guint n_fields;

  if (!ms_csv_reader_next (reader, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, MS_CHURN_ERROR, MS_CHURN_ERROR_INPUT,
                             _("The file has no header row."));
      return FALSE;
    }
  n_fields = ms_csv_reader_get_n_fields (reader);
  if (n_fields > config->csv_max_columns)
    {
      g_set_error (error, MS_CHURN_ERROR, MS_CHURN_ERROR_INPUT,
                   /* Translators: %u is a number of columns */
                   _("The file has more than %u columns."), config->csv_max_columns);
      return FALSE;
    }
  for (guint i = 0; i < n_fields; i++)
    {
      Column c = { 0 };

      c.name = trimmed (ms_csv_reader_get_field (reader, i));
      c.numeric = TRUE;
      c.categories = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, NULL);
      c.order = g_ptr_array_new_with_free_func (g_free);
      if (g_str_equal (c.name, label))
        {
          *label_index = i;
          c.skip = TRUE;
        }
      if (drop != NULL && g_strv_contains (drop, c.name))
        c.skip = TRUE;
      g_array_append_val (columns, c);
    }
  if (*label_index == G_MAXUINT)
    {
      g_set_error (error, MS_CHURN_ERROR, MS_CHURN_ERROR_INPUT,
                   /* Translators: %s is a column name */
                   _("The file has no column “%s”."), label);
      return FALSE;
    }
  for (guint d = 0; drop != NULL && drop[d] != NULL; d++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < columns->len && !found; i++)
        found = g_str_equal (g_array_index (columns, Column, i).name, drop[d]);
      if (!found)
        {
          g_set_error (error, MS_CHURN_ERROR, MS_CHURN_ERROR_INPUT,
                       _("The file has no column “%s”."), drop[d]);
          return FALSE;
        }
    }
  return TRUE;
}

/* Reads every record with a label into @records (trimmed fields), learning each column's
 * kind and categories. */
static gboolean
read_records (MsCsvReader  *reader,
              GArray       *columns,
              guint         label_index,
              GPtrArray    *records,
              GError      **error)
{
  const MsChurnConfig *config = ms_churn_config_get ();
  guint n_fields = columns->len;

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      char **fields;
      g_autofree char *label_value = NULL;

      if (!ms_csv_reader_next (reader, &local_error))
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          break;
        }
      if (ms_csv_reader_get_n_fields (reader) != n_fields)
        {
          g_set_error (error, MS_CHURN_ERROR, MS_CHURN_ERROR_INPUT,
                       /* Translators: %u: a line number, then two numbers of fields */
                       _("Line %u has %u fields; the header has %u."),
                       ms_csv_reader_get_line (reader), ms_csv_reader_get_n_fields (reader),
                       n_fields);
          return FALSE;
        }
      label_value = trimmed (ms_csv_reader_get_field (reader, label_index));
      if (*label_value == '\0')
        continue;
      fields = g_new0 (char *, n_fields + 1);
      for (guint i = 0; i < n_fields; i++)
        {
          Column *c = &g_array_index (columns, Column, i);
          double value;

          fields[i] = trimmed (ms_csv_reader_get_field (reader, i));
          if (c->skip || fields[i][0] == '\0')
            continue;
          if (c->numeric && !parse_number (fields[i], &value))
            c->numeric = FALSE;
          if (!g_hash_table_contains (c->categories, fields[i]) &&
              c->order->len <= config->csv_max_categories)
            {
              char *value_copy = g_strdup (fields[i]);

              g_hash_table_insert (c->categories, value_copy,
                                   GUINT_TO_POINTER (c->order->len));
              g_ptr_array_add (c->order, value_copy);
            }
        }
      g_ptr_array_add (records, fields);
    }
  return TRUE;
}

/* Lays out the features: a number is one, a text one per category; a text column with too
 * many categories is left out. Returns: the number of features, their names in @names */
static guint
lay_out_features (GArray    *columns,
                  GPtrArray *names)
{
  const MsChurnConfig *config = ms_churn_config_get ();
  guint n_features = 0;

  for (guint i = 0; i < columns->len; i++)
    {
      Column *c = &g_array_index (columns, Column, i);

      if (c->skip)
        continue;
      c->first = n_features;
      if (c->numeric)
        {
          g_ptr_array_add (names, g_strdup (c->name));
          n_features++;
        }
      else if (c->order->len > config->csv_max_categories)
        c->skip = TRUE;
      else
        for (guint k = 0; k < c->order->len; k++)
          {
            g_ptr_array_add (names, g_strdup_printf ("%s=%s", c->name,
                                                     (char *) c->order->pdata[k]));
            n_features++;
          }
    }
  return n_features;
}

static void
fill_rows (MsChurnData *data,
           GArray      *columns,
           GPtrArray   *records,
           guint        label_index,
           const char  *positive)
{
  guint n_features = data->n_cols;

  for (guint r = 0; r < records->len; r++)
    {
      char **fields = records->pdata[r];
      float *row = data->x + (gsize) r * n_features;

      data->y[r] = g_str_equal (fields[label_index], positive) ? 1.0f : 0.0f;
      for (guint i = 0; i < columns->len; i++)
        {
          Column *c = &g_array_index (columns, Column, i);
          double value = 0;

          if (c->skip)
            continue;
          if (c->numeric)
            row[c->first] = fields[i][0] == '\0' || !parse_number (fields[i], &value)
                              ? NAN : (float) value;
          else if (fields[i][0] == '\0')
            for (guint k = 0; k < c->order->len; k++)
              row[c->first + k] = NAN;
          else
            row[c->first + GPOINTER_TO_UINT (g_hash_table_lookup (c->categories,
                                                                  fields[i]))] = 1.0f;
        }
    }
}

/**
 * ms_churn_data_from_csv:
 * @drop: (nullable) (array zero-terminated=1): columns to leave out
 */
MsChurnData *
ms_churn_data_from_csv (const char         *text,
                        gsize               length,
                        const char         *label,
                        const char         *positive,
                        const char * const *drop,
                        GError            **error)
{
  const MsChurnConfig *config = ms_churn_config_get ();
  g_autoptr(MsCsvReader) reader = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GArray) columns = g_array_new (FALSE, TRUE, sizeof (Column));
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(MsChurnData) data = NULL;
  guint label_index = G_MAXUINT, n_features = 0;

  g_array_set_clear_func (columns, (GDestroyNotify) column_clear);
  if (length > config->csv_max_bytes)
    {
      g_set_error (error, MS_CHURN_ERROR, MS_CHURN_ERROR_INPUT,
                   /* Translators: %zu is a number of megabytes */
                   _("The file is larger than %zu MB."),
                   (size_t) (config->csv_max_bytes / (1024 * 1024)));
      return NULL;
    }
  if (!g_utf8_validate_len (text, length, NULL))
    {
      g_set_error_literal (error, MS_CHURN_ERROR, MS_CHURN_ERROR_INPUT,
                           _("The file is not UTF-8 text."));
      return NULL;
    }

  if (length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    {
      text += 3;   /* a byte-order mark, as spreadsheets write */
      length -= 3;
    }
  reader = ms_csv_reader_new (text, length);
  if (!read_header (reader, columns, label, drop, &label_index, error) ||
      !read_records (reader, columns, label_index, records, error))
    return NULL;
  if (records->len == 0)
    {
      g_set_error_literal (error, MS_CHURN_ERROR, MS_CHURN_ERROR_TOO_FEW,
                           _("The file has no rows with a label."));
      return NULL;
    }

  n_features = lay_out_features (columns, names);
  if (n_features == 0)
    {
      g_set_error_literal (error, MS_CHURN_ERROR, MS_CHURN_ERROR_INPUT,
                           _("No column is left to learn from."));
      return NULL;
    }
  g_ptr_array_add (names, NULL);
  data = ms_churn_data_new (records->len, n_features, (const char * const *) names->pdata);
  for (guint i = 0; i < columns->len; i++)
    {
      Column *c = &g_array_index (columns, Column, i);

      if (c->skip && i != label_index && (drop == NULL || !g_strv_contains (drop, c->name)))
        g_ptr_array_add (data->dropped,
                         /* Translators: a column left out; %s its name, %u a number */
                         g_strdup_printf (_("%s (more than %u different values)"), c->name,
                                          config->csv_max_categories));
    }
  fill_rows (data, columns, records, label_index, positive);
  return g_steal_pointer (&data);
}
