/* ms-campaign-import.c — campaign results from a CSV file: preview, then commit
 *
 * Two phases, so a user sees what will happen before anything is written:
 *
 *   ms_campaign_import_prepare()  decodes and parses the whole file into a
 *       preview (accepted rows, channel split, period, averages, and every
 *       rejected row with its line number and a translated reason). It
 *       never touches a database.
 *   ms_campaign_import_commit()   writes every accepted row in one
 *       transaction. Dropping the preview without committing is "cancel":
 *       nothing was written.
 *
 * The file: columns date, channel, subject, body, recipients, open_rate, ctr,
 * cv_count, cv_type, in any order; subject and channel are required, the
 * others optional. Header names are matched leniently: after NFKC and case
 * folding, spaces, "_", "-", "(", ")", "[", "]" and "%" are ignored, and the
 * Japanese names spreadsheets use are known too (件名, 本文, 配信日, チャネル,
 * 媒体, 配信数, 開封率, クリック率, CV数, CV種別, …). Unknown columns are ignored.
 * Encoding: UTF-8, UTF-8 with a BOM or Shift_JIS (CP932), detected
 * (ms-encoding.c).
 *
 * Values:
 *   date        YYYY-MM-DD, YYYY/MM/DD (time after a space ignored), or
 *               YYYY年M月D日; empty for unknown
 *   channel     email (メール, mail, e-mail, メルマガ) or line (LINE, ライン)
 *   recipients, cv_count  whole numbers ≥ 0; "12,345" accepted
 *   open_rate, ctr — the rule, applied to every rate:
 *               a value with "%" is a percentage ("23.4%" = 0.234);
 *               a plain value ≤ 1 is a fraction ("0.234" = 0.234);
 *               a plain value > 1 is a percentage ("23.4" = 0.234).
 *               So "1" is 100 % and "0.5" is 50 %: write "0.5%" for half a
 *               percent. A rate above 100 % or below 0 is rejected.
 *
 * Duplicates: rows are identified by their natural key (see
 * ms-campaign-repository.c: SHA-256 of date, channel, subject, recipients).
 * A repeat within the file is rejected with the line of the first; rows
 * already in the store are skipped by the commit, so importing the same file
 * twice adds nothing the second time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-io"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ms-campaign-import.h"
#include "ms-csv-reader.h"

typedef enum
{
  COL_DATE,
  COL_CHANNEL,
  COL_SUBJECT,
  COL_BODY,
  COL_RECIPIENTS,
  COL_OPEN_RATE,
  COL_CTR,
  COL_CV_COUNT,
  COL_CV_TYPE,
  N_COLUMNS
} Column;

static const char * const column_names[N_COLUMNS] = {
  "date", "channel", "subject", "body", "recipients", "open_rate", "ctr", "cv_count", "cv_type",
};

/* Normalised header names (see normalize_header) → column. */
static const struct { const char *name; Column column; } header_aliases[] = {
  { "date", COL_DATE }, { "senddate", COL_DATE }, { "sentdate", COL_DATE },
  { "senton", COL_DATE }, { "sentat", COL_DATE }, { "day", COL_DATE },
  { "配信日", COL_DATE }, { "配信日時", COL_DATE }, { "送信日", COL_DATE },
  { "送信日時", COL_DATE }, { "日付", COL_DATE }, { "日時", COL_DATE },
  { "channel", COL_CHANNEL }, { "medium", COL_CHANNEL }, { "media", COL_CHANNEL },
  { "チャネル", COL_CHANNEL }, { "チャンネル", COL_CHANNEL }, { "媒体", COL_CHANNEL },
  { "配信媒体", COL_CHANNEL }, { "配信チャネル", COL_CHANNEL },
  { "subject", COL_SUBJECT }, { "subjectline", COL_SUBJECT }, { "title", COL_SUBJECT },
  { "件名", COL_SUBJECT }, { "タイトル", COL_SUBJECT }, { "表題", COL_SUBJECT },
  { "body", COL_BODY }, { "text", COL_BODY }, { "message", COL_BODY },
  { "本文", COL_BODY }, { "メッセージ", COL_BODY }, { "内容", COL_BODY },
  { "recipients", COL_RECIPIENTS }, { "delivered", COL_RECIPIENTS },
  { "deliveries", COL_RECIPIENTS }, { "sent", COL_RECIPIENTS }, { "listsize", COL_RECIPIENTS },
  { "配信数", COL_RECIPIENTS }, { "送信数", COL_RECIPIENTS }, { "配信件数", COL_RECIPIENTS },
  { "送信件数", COL_RECIPIENTS }, { "到達数", COL_RECIPIENTS }, { "配信先数", COL_RECIPIENTS },
  { "openrate", COL_OPEN_RATE }, { "open", COL_OPEN_RATE }, { "opens", COL_OPEN_RATE },
  { "開封率", COL_OPEN_RATE },
  { "ctr", COL_CTR }, { "clickrate", COL_CTR }, { "clickthroughrate", COL_CTR },
  { "クリック率", COL_CTR },
  { "cvcount", COL_CV_COUNT }, { "cv", COL_CV_COUNT }, { "cvs", COL_CV_COUNT },
  { "conversions", COL_CV_COUNT }, { "cv数", COL_CV_COUNT }, { "コンバージョン数", COL_CV_COUNT },
  { "成果数", COL_CV_COUNT },
  { "cvtype", COL_CV_TYPE }, { "conversiontype", COL_CV_TYPE }, { "cv種別", COL_CV_TYPE },
  { "cvタイプ", COL_CV_TYPE }, { "コンバージョン種別", COL_CV_TYPE }, { "成果種別", COL_CV_TYPE },
};

struct _MsCampaignImport
{
  GObject     parent_instance;

  MsEncoding    encoding;
  GArray       *rows;     /* MsCampaignRow; its strings live in @strings */
  GStringChunk *strings;
  GArray     *rejected;   /* MsCampaignRejection */
  char       *first_date;
  char       *last_date;
  guint       n_channel[2];
  double      mean_open_rate;
  double      mean_ctr;
  double      mean_cv_count;
};

G_DEFINE_FINAL_TYPE (MsCampaignImport, ms_campaign_import, G_TYPE_OBJECT)

/* ------------------------------------------------------------------------ */
/* Values                                                                   */

static char *
normalize_header (const char *text)
{
  g_autofree char *nfkc = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  g_autofree char *folded = NULL;
  GString *s;

  if (nfkc == NULL)
    return g_strdup ("");
  folded = g_utf8_casefold (nfkc, -1);
  s = g_string_new (NULL);
  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || (c < 0x80 && strchr ("_-()[]%", (int) c) != NULL) ||
          c == 0x30FB /* ・ */)
        continue;
      g_string_append_unichar (s, c);
    }
  return g_string_free (s, FALSE);
}

static gboolean
parse_channel (const char *text,
               MsChannel  *channel)
{
  g_autofree char *nfkc = NULL;
  g_autofree char *folded = NULL;

  /* The common spellings first, without normalising. */
  if (g_ascii_strcasecmp (text, "email") == 0)
    {
      *channel = MS_CHANNEL_EMAIL;
      return TRUE;
    }
  if (g_ascii_strcasecmp (text, "line") == 0)
    {
      *channel = MS_CHANNEL_LINE;
      return TRUE;
    }

  nfkc = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);

  if (nfkc == NULL)
    return FALSE;
  folded = g_strstrip (g_utf8_casefold (nfkc, -1));

  if (g_str_equal (folded, "email") || g_str_equal (folded, "e-mail") ||
      g_str_equal (folded, "mail") || g_str_equal (folded, "メール") ||
      g_str_equal (folded, "メルマガ") || g_str_equal (folded, "eメール"))
    *channel = MS_CHANNEL_EMAIL;
  else if (g_str_equal (folded, "line") || g_str_equal (folded, "ライン"))
    *channel = MS_CHANNEL_LINE;
  else
    return FALSE;
  return TRUE;
}

/* "12,345" → 12345; FALSE for anything but a whole number ≥ 0. */
static gboolean
parse_count (const char *text,
             gint64     *value)
{
  guint64 n = 0;
  gboolean digits = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p >= '0' && *p <= '9')
        {
          if (n > (G_MAXINT64 - 9) / 10)
            return FALSE;
          n = n * 10 + (guint64) (*p - '0');
          digits = TRUE;
        }
      else if (*p != ',')
        return FALSE;
    }
  if (!digits)
    return FALSE;
  *value = (gint64) n;
  return TRUE;
}

/* @s: writable, already trimmed */
static gboolean
parse_rate_in_place (char   *s,
                     double *rate)
{
  gboolean percent = FALSE;
  gsize len = strlen (s);
  char *end = NULL;
  double value;

  if (len >= 3 && g_str_has_suffix (s, "％"))
    {
      s[len - 3] = '\0';
      percent = TRUE;
    }
  else if (len >= 1 && s[len - 1] == '%')
    {
      s[len - 1] = '\0';
      percent = TRUE;
    }
  if (percent)
    g_strchomp (s);
  if (*s == '\0')
    return FALSE;

  value = g_ascii_strtod (s, &end);
  if (end == s || *end != '\0' || !isfinite (value) || value < 0)
    return FALSE;

  if (percent || value > 1.0)
    value /= 100.0;
  if (value > 1.0)
    return FALSE;

  *rate = value;
  return TRUE;
}

/* A trimmed field, parsed in a copy so the original stays for messages. */
static gboolean
parse_rate_field (const char *field,
                  double     *rate)
{
  char buf[64];
  gsize len = strlen (field);

  if (len >= sizeof buf)
    return FALSE;
  memcpy (buf, field, len + 1);
  return parse_rate_in_place (buf, rate);
}

/**
 * ms_parse_rate:
 * @text: "23.4%", "23.4" or "0.234" (surrounding spaces allowed)
 * @rate: (out): the rate as a fraction
 *
 * The rule: with "%" (or "％") it is a percentage; a plain value ≤ 1 is a
 * fraction; a plain value > 1 is a percentage.
 *
 * Returns: FALSE unless @text is a rate between 0 and 100 %
 */
gboolean
ms_parse_rate (const char *text,
               double     *rate)
{
  g_autofree char *s = g_strstrip (g_strdup (text != NULL ? text : ""));

  return parse_rate_in_place (s, rate);
}

static gboolean
is_ascii (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      return FALSE;
  return TRUE;
}

/* @iso: 11 bytes for "YYYY-MM-DD" */
static gboolean
parse_date (const char *text,
            char       *iso)
{
  g_autofree char *nfkc = NULL;
  unsigned y, m, d;
  char rest;

  /* YYYY-MM-DD exactly (text is trimmed): the common case, without a copy
   * or sscanf. */
  if (text[0] != '\0' && text[1] != '\0' && text[2] != '\0' && text[3] != '\0' &&
      text[4] == '-' && text[5] != '\0' && text[6] != '\0' && text[7] == '-' &&
      text[8] != '\0' && text[9] != '\0' && text[10] == '\0' &&
      g_ascii_isdigit (text[0]) && g_ascii_isdigit (text[1]) && g_ascii_isdigit (text[2]) &&
      g_ascii_isdigit (text[3]) && g_ascii_isdigit (text[5]) && g_ascii_isdigit (text[6]) &&
      g_ascii_isdigit (text[8]) && g_ascii_isdigit (text[9]))
    {
      y = (unsigned) ((text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 +
                      (text[3] - '0'));
      m = (unsigned) ((text[5] - '0') * 10 + (text[6] - '0'));
      d = (unsigned) ((text[8] - '0') * 10 + (text[9] - '0'));
      if (y < 1900 || !g_date_valid_dmy (d, m, y))
        return FALSE;
      memcpy (iso, text, 11);
      return TRUE;
    }

  nfkc = is_ascii (text) ? g_strdup (text) : g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  if (nfkc == NULL)
    return FALSE;
  g_strstrip (nfkc);

  if (sscanf (nfkc, "%4u-%2u-%2u%c", &y, &m, &d, &rest) == 3 ||
      sscanf (nfkc, "%4u/%2u/%2u%c", &y, &m, &d, &rest) == 3 ||
      ((sscanf (nfkc, "%4u-%2u-%2u%c", &y, &m, &d, &rest) == 4 ||
        sscanf (nfkc, "%4u/%2u/%2u%c", &y, &m, &d, &rest) == 4) && (rest == ' ' || rest == 'T')) ||
      sscanf (nfkc, "%4u年%2u月%2u日", &y, &m, &d) == 3)
    {
      if (y < 1900 || y > 9999 || !g_date_valid_dmy (d, m, y))
        return FALSE;
      g_snprintf (iso, 11, "%04u-%02u-%02u", y, m, d);
      return TRUE;
    }
  return FALSE;
}

/* ------------------------------------------------------------------------ */

static void
clear_rejection (gpointer data)
{
  MsCampaignRejection *rejection = data;
  g_clear_pointer (&rejection->reason, g_free);
}

static void
ms_campaign_import_finalize (GObject *object)
{
  MsCampaignImport *self = (MsCampaignImport *) object;

  g_clear_pointer (&self->rows, g_array_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_clear_pointer (&self->rejected, g_array_unref);
  g_clear_pointer (&self->first_date, g_free);
  g_clear_pointer (&self->last_date, g_free);

  G_OBJECT_CLASS (ms_campaign_import_parent_class)->finalize (object);
}

static void
ms_campaign_import_class_init (MsCampaignImportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ms_campaign_import_finalize;
}

static void
ms_campaign_import_init (MsCampaignImport *self)
{
  /* Rows are never cleared one by one: their strings are freed with the
   * chunk, which costs one allocation per few hundred rows instead of four
   * per row (an import holds 100,000 rows). */
  self->rows = g_array_new (FALSE, TRUE, sizeof (MsCampaignRow));
  self->strings = g_string_chunk_new (64 * 1024);
  self->rejected = g_array_new (FALSE, TRUE, sizeof (MsCampaignRejection));
  g_array_set_clear_func (self->rejected, clear_rejection);
  self->mean_open_rate = NAN;
  self->mean_ctr = NAN;
  self->mean_cv_count = NAN;
}

/* The natural keys seen so far, for repeats within the file: an open-
 * addressing table of row indexes, probed by the first 16 hex digits of the
 * key (SHA-256, so well spread) and confirmed on the full 64. Cheaper than a
 * GHashTable of copied strings: no allocation and no hashing per row. */
typedef struct
{
  guint32 *slots;   /* row index + 1; 0 is empty */
  gsize    mask;
} KeySet;

static void
key_set_init (KeySet *set,
              gsize   max_rows)
{
  gsize size = 64;

  while (size < max_rows * 2)
    size <<= 1;
  set->slots = g_new0 (guint32, size);
  set->mask = size - 1;
}

static gsize
key_set_hash (const char *key)
{
  guint64 h = 0;

  for (guint i = 0; i < 16; i++)
    h = (h << 4) | (guint64) (key[i] <= '9' ? key[i] - '0' : key[i] - 'a' + 10);
  return (gsize) (h ^ (h >> 29));
}

/* Returns the index of the row with @key, or -1 after adding @index for it. */
static gint64
key_set_find_or_add (KeySet       *set,
                     const GArray *rows,
                     const char   *key,
                     guint         index)
{
  for (gsize i = key_set_hash (key) & set->mask; ; i = (i + 1) & set->mask)
    {
      guint32 slot = set->slots[i];

      if (slot == 0)
        {
          set->slots[i] = index + 1;
          return -1;
        }
      if (memcmp (g_array_index (rows, MsCampaignRow, slot - 1).natural_key, key, 64) == 0)
        return slot - 1;
    }
}

static void
reject (MsCampaignImport *self,
        guint             line,
        char             *reason)
{
  MsCampaignRejection rejection = { line, reason };
  g_array_append_val (self->rejected, rejection);
}

/* As g_strstrip, without moving the text: returns where it now starts. */
static char *
trim (char *s)
{
  char *end;

  while (g_ascii_isspace (*s))
    s++;
  end = s + strlen (s);
  while (end > s && g_ascii_isspace (end[-1]))
    end--;
  *end = '\0';
  return s;
}

/* Parses one record into @row; on a bad value returns the reason. The
 * reader's fields are trimmed in place. */
static char *
parse_row (MsCsvReader   *reader,
           const int     *columns,
           guint          n_header,
           GStringChunk  *strings,
           MsCampaignRow *row)
{
  static char empty[1] = "";
  char *field[N_COLUMNS];
  char sent_on[11] = "";
  guint n_fields = ms_csv_reader_get_n_fields (reader);

  for (guint i = n_header; i < n_fields; i++)
    if (*ms_csv_reader_get_field (reader, i) != '\0')
      /* Translators: %u are numbers of fields */
      return g_strdup_printf (_("The row has %u fields but the header has %u. Quote fields "
                                "that contain commas."), n_fields, n_header);

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      field[c] = columns[c] >= 0 ? ms_csv_reader_get_field (reader, (guint) columns[c]) : NULL;
      if (field[c] == NULL)
        {
          empty[0] = '\0';
          field[c] = empty;
        }
      else if (c != COL_BODY)
        field[c] = trim (field[c]);
    }

  row->line = ms_csv_reader_get_line (reader);
  row->recipients = -1;
  row->cv_count = -1;
  row->open_rate = NAN;
  row->ctr = NAN;

  if (*field[COL_SUBJECT] == '\0')
    return g_strdup (_("The subject is empty. Every row needs a subject (件名)."));

  if (*field[COL_CHANNEL] == '\0')
    return g_strdup (_("The channel is empty. Write email or LINE."));
  if (!parse_channel (field[COL_CHANNEL], &row->channel))
    /* Translators: %s is what the file has */
    return g_strdup_printf (_("The channel “%s” is not email or LINE."), field[COL_CHANNEL]);

  if (*field[COL_DATE] != '\0' && !parse_date (field[COL_DATE], sent_on))
    /* Translators: %s is what the file has */
    return g_strdup_printf (_("The date “%s” is not a date. Write it as 2024-05-31."),
                            field[COL_DATE]);

  if (*field[COL_RECIPIENTS] != '\0' && !parse_count (field[COL_RECIPIENTS], &row->recipients))
    /* Translators: %s is what the file has */
    return g_strdup_printf (_("The number of recipients “%s” is not a whole number."),
                            field[COL_RECIPIENTS]);

  if (*field[COL_OPEN_RATE] != '\0' && !parse_rate_field (field[COL_OPEN_RATE], &row->open_rate))
    /* Translators: %s is what the file has */
    return g_strdup_printf (_("The open rate “%s” is not a rate between 0 and 100 %%. Write "
                              "23.4%%, 23.4 or 0.234."), field[COL_OPEN_RATE]);

  if (*field[COL_CTR] != '\0' && !parse_rate_field (field[COL_CTR], &row->ctr))
    /* Translators: %s is what the file has */
    return g_strdup_printf (_("The click rate “%s” is not a rate between 0 and 100 %%. Write "
                              "2.5%%, 2.5 or 0.025."), field[COL_CTR]);

  if (*field[COL_CV_COUNT] != '\0' && !parse_count (field[COL_CV_COUNT], &row->cv_count))
    /* Translators: %s is what the file has */
    return g_strdup_printf (_("The number of conversions “%s” is not a whole number."),
                            field[COL_CV_COUNT]);

  /* Only an accepted row copies its strings (into the import's chunk). */
  if (*sent_on != '\0')
    row->sent_on = g_string_chunk_insert_len (strings, sent_on, 10);
  row->subject = g_string_chunk_insert (strings, field[COL_SUBJECT]);
  row->body = g_string_chunk_insert (strings, field[COL_BODY]);
  if (*field[COL_CV_TYPE] != '\0')
    row->cv_type = g_string_chunk_insert (strings, field[COL_CV_TYPE]);
  ms_campaign_row_compute_key (row);
  return NULL;
}

static void
compute_summary (MsCampaignImport *self)
{
  double open_sum = 0, ctr_sum = 0, cv_sum = 0;
  guint n_open = 0, n_ctr = 0, n_cv = 0;

  for (guint i = 0; i < self->rows->len; i++)
    {
      const MsCampaignRow *row = &g_array_index (self->rows, MsCampaignRow, i);

      self->n_channel[row->channel]++;
      if (row->sent_on != NULL)
        {
          if (self->first_date == NULL || strcmp (row->sent_on, self->first_date) < 0)
            {
              g_free (self->first_date);
              self->first_date = g_strdup (row->sent_on);
            }
          if (self->last_date == NULL || strcmp (row->sent_on, self->last_date) > 0)
            {
              g_free (self->last_date);
              self->last_date = g_strdup (row->sent_on);
            }
        }
      if (!isnan (row->open_rate))
        open_sum += row->open_rate, n_open++;
      if (!isnan (row->ctr))
        ctr_sum += row->ctr, n_ctr++;
      if (row->cv_count >= 0)
        cv_sum += (double) row->cv_count, n_cv++;
    }

  self->mean_open_rate = n_open > 0 ? open_sum / n_open : NAN;
  self->mean_ctr = n_ctr > 0 ? ctr_sum / n_ctr : NAN;
  self->mean_cv_count = n_cv > 0 ? cv_sum / n_cv : NAN;
}

/**
 * ms_campaign_import_prepare:
 * @data: the file's bytes
 *
 * Parses without writing anything. Fails only when the file as a whole is
 * unusable (encoding, no header, a required column missing, an unclosed
 * quote); bad rows are listed by ms_campaign_import_get_rejected().
 *
 * Returns: (transfer full): the preview
 */
MsCampaignImport *
ms_campaign_import_prepare (GBytes  *data,
                           GError **error)
{
  g_autoptr(MsCampaignImport) self = NULL;
  g_autoptr(MsCsvReader) reader = NULL;
  KeySet seen = { NULL, 0 };
  gsize max_rows;
  g_autofree char *text = NULL;
  gsize length = 0, size;
  const char *bytes;
  int columns[N_COLUMNS];
  guint n_header;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (MS_TYPE_CAMPAIGN_IMPORT, NULL);

  bytes = g_bytes_get_data (data, &size);
  text = ms_encoding_to_utf8 (bytes, size, &self->encoding, &length, error);
  if (text == NULL)
    return NULL;

  /* Room for every line up front: no re-allocation while the rows grow. */
  {
    guint lines = 0;

    for (const char *p = text; (p = memchr (p, '\n', text + length - p)) != NULL; p++)
      lines++;
    g_array_set_size (self->rows, lines + 1);
    g_array_set_size (self->rows, 0);
    max_rows = lines + 1;
  }

  reader = ms_csv_reader_new (text, length);
  if (!ms_csv_reader_next (reader, error))
    {
      if (error == NULL || *error == NULL)
        g_set_error_literal (error, MS_IO_ERROR, MS_IO_ERROR_EMPTY,
                             _("The file is empty. It needs a header row (date, channel, "
                               "subject, …) and one row per campaign."));
      return NULL;
    }

  for (guint c = 0; c < N_COLUMNS; c++)
    columns[c] = -1;
  n_header = ms_csv_reader_get_n_fields (reader);
  for (guint i = 0; i < n_header; i++)
    {
      g_autofree char *name = normalize_header (ms_csv_reader_get_field (reader, i));

      for (guint a = 0; a < G_N_ELEMENTS (header_aliases); a++)
        if (g_str_equal (name, header_aliases[a].name) && columns[header_aliases[a].column] < 0)
          {
            columns[header_aliases[a].column] = (int) i;
            break;
          }
    }
  if (columns[COL_SUBJECT] < 0 || columns[COL_CHANNEL] < 0)
    {
      g_set_error (error, MS_IO_ERROR, MS_IO_ERROR_COLUMNS,
                   /* Translators: %s is a column name */
                   _("The first row has no “%s” column. The header row needs at least subject "
                     "(件名) and channel (チャネル)."),
                   column_names[columns[COL_SUBJECT] < 0 ? COL_SUBJECT : COL_CHANNEL]);
      return NULL;
    }

  key_set_init (&seen, max_rows);
  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      MsCampaignRow row = { 0 };
      char *reason;
      gint64 first;

      if (!ms_csv_reader_next (reader, &local_error))
        {
          if (local_error == NULL)
            break;
          g_propagate_error (error, g_steal_pointer (&local_error));
          g_free (seen.slots);
          return NULL;
        }

      /* a rejected row holds no string of its own: nothing to clear */
      reason = parse_row (reader, columns, n_header, self->strings, &row);
      if (reason != NULL)
        {
          reject (self, ms_csv_reader_get_line (reader), reason);
          continue;
        }

      first = key_set_find_or_add (&seen, self->rows, row.natural_key, self->rows->len);
      if (first >= 0)
        {
          reject (self, row.line,
                  /* Translators: %u is a line number */
                  g_strdup_printf (_("Same date, channel, subject and recipients as line %u; "
                                     "imported once."),
                                   g_array_index (self->rows, MsCampaignRow, first).line));
          continue;
        }
      g_array_append_val (self->rows, row);
    }
  g_free (seen.slots);

  compute_summary (self);
  return g_steal_pointer (&self);
}

/**
 * ms_campaign_import_prepare_file:
 *
 * Reads @file and calls ms_campaign_import_prepare().
 */
MsCampaignImport *
ms_campaign_import_prepare_file (GFile         *file,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  bytes = g_file_load_bytes (file, cancellable, NULL, error);
  if (bytes == NULL)
    return NULL;
  return ms_campaign_import_prepare (bytes, error);
}

/**
 * ms_campaign_import_commit:
 * @n_added: (out) (optional): rows added; rows already stored are skipped
 *
 * Writes every accepted row in one transaction: all of them, or none.
 */
gboolean
ms_campaign_import_commit (MsCampaignImport  *self,
                           MsStore           *store,
                           guint             *n_added,
                           GError           **error)
{
  g_autoptr(MsCampaignRepository) repository = NULL;

  g_return_val_if_fail (MS_IS_CAMPAIGN_IMPORT (self), FALSE);
  g_return_val_if_fail (MS_IS_STORE (store), FALSE);

  repository = ms_campaign_repository_new (store);
  return ms_campaign_repository_insert (repository, (const MsCampaignRow *) self->rows->data,
                                        self->rows->len, n_added, error);
}

MsEncoding
ms_campaign_import_get_encoding (MsCampaignImport *self)
{
  g_return_val_if_fail (MS_IS_CAMPAIGN_IMPORT (self), MS_ENCODING_UTF8);
  return self->encoding;
}

guint
ms_campaign_import_get_n_rows (MsCampaignImport *self)
{
  g_return_val_if_fail (MS_IS_CAMPAIGN_IMPORT (self), 0);
  return self->rows->len;
}

const MsCampaignRow *
ms_campaign_import_get_row (MsCampaignImport *self,
                            guint             index)
{
  g_return_val_if_fail (MS_IS_CAMPAIGN_IMPORT (self), NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);
  return &g_array_index (self->rows, MsCampaignRow, index);
}

guint
ms_campaign_import_get_n_rejected (MsCampaignImport *self)
{
  g_return_val_if_fail (MS_IS_CAMPAIGN_IMPORT (self), 0);
  return self->rejected->len;
}

const MsCampaignRejection *
ms_campaign_import_get_rejected (MsCampaignImport *self,
                                 guint             index)
{
  g_return_val_if_fail (MS_IS_CAMPAIGN_IMPORT (self), NULL);
  g_return_val_if_fail (index < self->rejected->len, NULL);
  return &g_array_index (self->rejected, MsCampaignRejection, index);
}

guint
ms_campaign_import_get_n_channel (MsCampaignImport *self,
                                  MsChannel         channel)
{
  g_return_val_if_fail (MS_IS_CAMPAIGN_IMPORT (self), 0);
  g_return_val_if_fail (channel <= MS_CHANNEL_LINE, 0);
  return self->n_channel[channel];
}

/**
 * ms_campaign_import_get_first_date:
 *
 * Returns: (nullable): the earliest date (YYYY-MM-DD), NULL without dates
 */
const char *
ms_campaign_import_get_first_date (MsCampaignImport *self)
{
  g_return_val_if_fail (MS_IS_CAMPAIGN_IMPORT (self), NULL);
  return self->first_date;
}

const char *
ms_campaign_import_get_last_date (MsCampaignImport *self)
{
  g_return_val_if_fail (MS_IS_CAMPAIGN_IMPORT (self), NULL);
  return self->last_date;
}

/**
 * ms_campaign_import_get_mean_open_rate:
 *
 * Returns: the mean over rows that have one (a fraction), or NAN
 */
double
ms_campaign_import_get_mean_open_rate (MsCampaignImport *self)
{
  g_return_val_if_fail (MS_IS_CAMPAIGN_IMPORT (self), NAN);
  return self->mean_open_rate;
}

double
ms_campaign_import_get_mean_ctr (MsCampaignImport *self)
{
  g_return_val_if_fail (MS_IS_CAMPAIGN_IMPORT (self), NAN);
  return self->mean_ctr;
}

double
ms_campaign_import_get_mean_cv_count (MsCampaignImport *self)
{
  g_return_val_if_fail (MS_IS_CAMPAIGN_IMPORT (self), NAN);
  return self->mean_cv_count;
}

static void
append_rate (GString    *s,
             const char *label,
             double      rate)
{
  if (isnan (rate))
    /* Translators: %s is "Mean open rate" or "Mean click rate" */
    g_string_append_printf (s, _("%s: —\n"), label);
  else
    /* Translators: %s is a label, %.1f a percentage */
    g_string_append_printf (s, _("%s: %.1f %%\n"), label, rate * 100.0);
}

/**
 * ms_campaign_import_dup_summary:
 *
 * Returns: (transfer full): the preview in a few translated lines, then one
 *   line per rejected row
 */
char *
ms_campaign_import_dup_summary (MsCampaignImport *self)
{
  GString *s = g_string_new (NULL);

  g_return_val_if_fail (MS_IS_CAMPAIGN_IMPORT (self), NULL);

  /* Translators: %s is an encoding name */
  g_string_append_printf (s, _("Encoding: %s\n"), ms_encoding_to_string (self->encoding));
  g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%u row to import (email %u, LINE %u)\n",
                                          "%u rows to import (email %u, LINE %u)\n",
                                          self->rows->len),
                          self->rows->len, self->n_channel[MS_CHANNEL_EMAIL],
                          self->n_channel[MS_CHANNEL_LINE]);
  if (self->first_date != NULL)
    /* Translators: %s are dates */
    g_string_append_printf (s, _("Period: %s – %s\n"), self->first_date, self->last_date);
  append_rate (s, _("Mean open rate"), self->mean_open_rate);
  append_rate (s, _("Mean click rate"), self->mean_ctr);
  if (!isnan (self->mean_cv_count))
    /* Translators: %.1f is a number of conversions */
    g_string_append_printf (s, _("Mean conversions: %.1f\n"), self->mean_cv_count);
  g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%u row rejected\n",
                                          "%u rows rejected\n", self->rejected->len),
                          self->rejected->len);
  for (guint i = 0; i < self->rejected->len; i++)
    {
      const MsCampaignRejection *r = &g_array_index (self->rejected, MsCampaignRejection, i);

      /* Translators: %u is a line number, %s the reason */
      g_string_append_printf (s, _("  line %u: %s\n"), r->line, r->reason);
    }

  return g_string_free (s, FALSE);
}
