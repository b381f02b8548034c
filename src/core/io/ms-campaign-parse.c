/* ms-campaign-parse.c — campaign rows from CSV records, one chunk of a file at a time
 *
 * The values of a campaign-results file (the rules are in
 * ms-campaign-import.c) and the loop that turns one chunk of its records into
 * rows and rejections. ms-campaign-import.c runs one chunk per thread and
 * joins them, so nothing here touches anything but its chunk: fields are
 * parsed in place in the chunk's part of the text, an accepted row's strings
 * point into it (the import keeps the text), and rejections carry their
 * reason, already translated. Duplicates are left to the import, which sees
 * the rows of every chunk in file order.
 *
 * This runs for every row of a file of 100,000, so the common forms take a
 * short way: YYYY-MM-DD dates, "email" and "line", and rates written as
 * plain decimals, which are parsed without strtod. For those the result is
 * the same double: a decimal of at most 15 digits is an integer below 2^53
 * over a power of ten below 10^23, both exact in a double, and IEEE division
 * rounds their quotient correctly, as strtod does the decimal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-io"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ms-campaign-parse.h"

static const char * const column_names[MS_CAMPAIGN_N_COLUMNS] = {
  "date", "channel", "subject", "body", "recipients", "open_rate", "ctr", "cv_count", "cv_type",
};

/* Normalised header names (see normalize_header) → column. */
static const struct { const char *name; MsCampaignColumn column; } header_aliases[] = {
  { "date", MS_CAMPAIGN_COLUMN_DATE }, { "senddate", MS_CAMPAIGN_COLUMN_DATE },
  { "sentdate", MS_CAMPAIGN_COLUMN_DATE }, { "senton", MS_CAMPAIGN_COLUMN_DATE },
  { "sentat", MS_CAMPAIGN_COLUMN_DATE }, { "day", MS_CAMPAIGN_COLUMN_DATE },
  { "配信日", MS_CAMPAIGN_COLUMN_DATE }, { "配信日時", MS_CAMPAIGN_COLUMN_DATE },
  { "送信日", MS_CAMPAIGN_COLUMN_DATE }, { "送信日時", MS_CAMPAIGN_COLUMN_DATE },
  { "日付", MS_CAMPAIGN_COLUMN_DATE }, { "日時", MS_CAMPAIGN_COLUMN_DATE },
  { "channel", MS_CAMPAIGN_COLUMN_CHANNEL }, { "medium", MS_CAMPAIGN_COLUMN_CHANNEL },
  { "media", MS_CAMPAIGN_COLUMN_CHANNEL }, { "チャネル", MS_CAMPAIGN_COLUMN_CHANNEL },
  { "チャンネル", MS_CAMPAIGN_COLUMN_CHANNEL }, { "媒体", MS_CAMPAIGN_COLUMN_CHANNEL },
  { "配信媒体", MS_CAMPAIGN_COLUMN_CHANNEL }, { "配信チャネル", MS_CAMPAIGN_COLUMN_CHANNEL },
  { "subject", MS_CAMPAIGN_COLUMN_SUBJECT }, { "subjectline", MS_CAMPAIGN_COLUMN_SUBJECT },
  { "title", MS_CAMPAIGN_COLUMN_SUBJECT }, { "件名", MS_CAMPAIGN_COLUMN_SUBJECT },
  { "タイトル", MS_CAMPAIGN_COLUMN_SUBJECT }, { "表題", MS_CAMPAIGN_COLUMN_SUBJECT },
  { "body", MS_CAMPAIGN_COLUMN_BODY }, { "text", MS_CAMPAIGN_COLUMN_BODY },
  { "message", MS_CAMPAIGN_COLUMN_BODY }, { "本文", MS_CAMPAIGN_COLUMN_BODY },
  { "メッセージ", MS_CAMPAIGN_COLUMN_BODY }, { "内容", MS_CAMPAIGN_COLUMN_BODY },
  { "recipients", MS_CAMPAIGN_COLUMN_RECIPIENTS }, { "delivered", MS_CAMPAIGN_COLUMN_RECIPIENTS },
  { "deliveries", MS_CAMPAIGN_COLUMN_RECIPIENTS }, { "sent", MS_CAMPAIGN_COLUMN_RECIPIENTS },
  { "listsize", MS_CAMPAIGN_COLUMN_RECIPIENTS }, { "配信数", MS_CAMPAIGN_COLUMN_RECIPIENTS },
  { "送信数", MS_CAMPAIGN_COLUMN_RECIPIENTS }, { "配信件数", MS_CAMPAIGN_COLUMN_RECIPIENTS },
  { "送信件数", MS_CAMPAIGN_COLUMN_RECIPIENTS }, { "到達数", MS_CAMPAIGN_COLUMN_RECIPIENTS },
  { "配信先数", MS_CAMPAIGN_COLUMN_RECIPIENTS },
  { "openrate", MS_CAMPAIGN_COLUMN_OPEN_RATE }, { "open", MS_CAMPAIGN_COLUMN_OPEN_RATE },
  { "opens", MS_CAMPAIGN_COLUMN_OPEN_RATE }, { "開封率", MS_CAMPAIGN_COLUMN_OPEN_RATE },
  { "ctr", MS_CAMPAIGN_COLUMN_CTR }, { "clickrate", MS_CAMPAIGN_COLUMN_CTR },
  { "clickthroughrate", MS_CAMPAIGN_COLUMN_CTR }, { "クリック率", MS_CAMPAIGN_COLUMN_CTR },
  { "cvcount", MS_CAMPAIGN_COLUMN_CV_COUNT }, { "cv", MS_CAMPAIGN_COLUMN_CV_COUNT },
  { "cvs", MS_CAMPAIGN_COLUMN_CV_COUNT }, { "conversions", MS_CAMPAIGN_COLUMN_CV_COUNT },
  { "cv数", MS_CAMPAIGN_COLUMN_CV_COUNT }, { "コンバージョン数", MS_CAMPAIGN_COLUMN_CV_COUNT },
  { "成果数", MS_CAMPAIGN_COLUMN_CV_COUNT },
  { "cvtype", MS_CAMPAIGN_COLUMN_CV_TYPE }, { "conversiontype", MS_CAMPAIGN_COLUMN_CV_TYPE },
  { "cv種別", MS_CAMPAIGN_COLUMN_CV_TYPE }, { "cvタイプ", MS_CAMPAIGN_COLUMN_CV_TYPE },
  { "コンバージョン種別", MS_CAMPAIGN_COLUMN_CV_TYPE }, { "成果種別", MS_CAMPAIGN_COLUMN_CV_TYPE },
};

/* Longer header names, channels and dates are none: they are refused before
 * they are normalised, which takes quadratic time on some long texts (400,000
 * characters in a channel took 7 s). */
#define MAX_NAME_BYTES 256

/* A rejection reason quotes at most this many characters of a field. */
#define SHOWN_CHARS 40

/* What a missing optional column or a missing body points to; never written. */
static char empty_string[1];

/* ------------------------------------------------------------------------ */
/* Header                                                                   */

static char *
normalize_header (const char *text)
{
  g_autofree char *nfkc = NULL;
  g_autofree char *folded = NULL;
  GString *s;

  /* No column name is long: a long field is no column, and is not worth
   * normalising (NFKC takes quadratic time on some long texts). */
  if (strlen (text) > MAX_NAME_BYTES)
    return g_strdup ("");
  nfkc = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
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

/**
 * ms_campaign_header_parse:
 *
 * Finds the columns in the header record.
 *
 * Returns: (nullable): NULL, or the name of a required column that is missing
 */
const char *
ms_campaign_header_parse (MsCampaignHeader *header,
                          const MsCsvField *fields,
                          guint             n_fields)
{
  for (guint c = 0; c < MS_CAMPAIGN_N_COLUMNS; c++)
    header->columns[c] = -1;
  header->n_fields = n_fields;
  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *name = normalize_header (fields[i].text);

      for (guint a = 0; a < G_N_ELEMENTS (header_aliases); a++)
        if (g_str_equal (name, header_aliases[a].name) &&
            header->columns[header_aliases[a].column] < 0)
          {
            header->columns[header_aliases[a].column] = (int) i;
            break;
          }
    }
  if (header->columns[MS_CAMPAIGN_COLUMN_SUBJECT] < 0)
    return column_names[MS_CAMPAIGN_COLUMN_SUBJECT];
  if (header->columns[MS_CAMPAIGN_COLUMN_CHANNEL] < 0)
    return column_names[MS_CAMPAIGN_COLUMN_CHANNEL];
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Values                                                                   */

static gboolean
parse_channel (const char *text,
               gsize       length,
               MsChannel  *channel)
{
  g_autofree char *nfkc = NULL;
  g_autofree char *folded = NULL;

  /* The common spellings first, without normalising. */
  if (length == 5 && g_ascii_strncasecmp (text, "email", 5) == 0)
    {
      *channel = MS_CHANNEL_EMAIL;
      return TRUE;
    }
  if (length == 4 && g_ascii_strncasecmp (text, "line", 4) == 0)
    {
      *channel = MS_CHANNEL_LINE;
      return TRUE;
    }

  if (length > MAX_NAME_BYTES)
    return FALSE;
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

/* "23.4" → 23.4 as strtod gives it, without strtod; FALSE for other forms
 * and for more than 15 digits (then n might pass 2^53). */
static gboolean
parse_plain_decimal (const char *s,
                     gsize       length,
                     double     *value)
{
  static const double powers_of_ten[16] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
  };
  guint64 n = 0;
  guint n_digits = 0, n_decimals = 0;
  gsize i = 0;

  for (; i < length && g_ascii_isdigit (s[i]); i++, n_digits++)
    n = n * 10 + (guint64) (s[i] - '0');
  if (n_digits == 0 || n_digits > 15)
    return FALSE;
  if (i < length && s[i] == '.')
    {
      for (i++; i < length && g_ascii_isdigit (s[i]); i++, n_decimals++)
        n = n * 10 + (guint64) (s[i] - '0');
      if (n_decimals == 0 || n_digits + n_decimals > 15)
        return FALSE;
    }
  if (i != length)
    return FALSE;
  *value = (double) n / powers_of_ten[n_decimals];
  return TRUE;
}

/**
 * ms_campaign_parse_rate:
 * @text: trimmed; need not be NUL-terminated at @length
 *
 * The rate rule (see ms_parse_rate()).
 */
gboolean
ms_campaign_parse_rate (const char *text,
                        gsize       length,
                        double     *rate)
{
  gboolean percent = FALSE;
  double value;

  if (length >= 3 && memcmp (text + length - 3, "％", 3) == 0)
    {
      length -= 3;
      percent = TRUE;
    }
  else if (length >= 1 && text[length - 1] == '%')
    {
      length--;
      percent = TRUE;
    }
  if (percent)
    while (length > 0 && g_ascii_isspace (text[length - 1]))
      length--;
  if (length == 0)
    return FALSE;

  if (!parse_plain_decimal (text, length, &value))
    {
      char buffer[64];
      g_autofree char *allocated = NULL;
      char *copy = buffer, *end = NULL;

      if (length < sizeof buffer)
        {
          memcpy (buffer, text, length);
          buffer[length] = '\0';
        }
      else
        copy = allocated = g_strndup (text, length);
      value = g_ascii_strtod (copy, &end);
      if (end == copy || *end != '\0' || !isfinite (value) || value < 0)
        return FALSE;
    }

  if (percent || value > 1.0)
    value /= 100.0;
  if (value > 1.0)
    return FALSE;

  *rate = value;
  return TRUE;
}

static gboolean
is_ascii (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      return FALSE;
  return TRUE;
}

/* @text: trimmed; @iso: 11 bytes for "YYYY-MM-DD" */
static gboolean
parse_date (const char *text,
            gsize       length,
            char       *iso)
{
  g_autofree char *nfkc = NULL;
  unsigned y, m, d;
  char rest;

  /* YYYY-MM-DD exactly: the common case, without a copy or sscanf. */
  if (length == 10 && text[4] == '-' && text[7] == '-' &&
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
      memcpy (iso, text, 10);
      iso[10] = '\0';
      return TRUE;
    }

  if (length > MAX_NAME_BYTES)
    return FALSE;
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
/* Rows                                                                     */

/* As g_strstrip, without moving the text. (ASCII spaces are all ≤ ' '.) */
static inline void
trim (MsCsvField *field)
{
  while (field->length > 0 && (guchar) *field->text <= ' ' && g_ascii_isspace (*field->text))
    field->text++, field->length--;
  while (field->length > 0 && (guchar) field->text[field->length - 1] <= ' ' &&
         g_ascii_isspace (field->text[field->length - 1]))
    field->length--;
  field->text[field->length] = '\0';
}

/* A text our export wrote with a ' before a formula character
 * (ms-csv-writer.c) is read back without it. */
static inline char *
unneutralized (char *text)
{
  if (text[0] == '\'' && text[1] != '\0' && strchr ("=+-@\t\r", text[1]) != NULL)
    return text + 1;
  return text;
}

/* A field's text as a rejection reason quotes it: at most SHOWN_CHARS
 * characters, then "…". */
static char *
shown (const MsCsvField *field)
{
  const char *p = field->text;
  const char *end = field->text + field->length;

  for (guint n = 0; n < SHOWN_CHARS && p < end; n++)
    p = g_utf8_next_char (p);
  if (p >= end)
    return g_strndup (field->text, field->length);
  {
    g_autofree char *head = g_strndup (field->text, (gsize) (p - field->text));

    return g_strconcat (head, "…", NULL);
  }
}

/* The counts and rates of a row; on a bad value returns the reason. */
static char *
parse_numbers (const MsCsvField *field,
               MsCampaignRow    *row)
{
  if (field[MS_CAMPAIGN_COLUMN_RECIPIENTS].length > 0 &&
      !parse_count (field[MS_CAMPAIGN_COLUMN_RECIPIENTS].text, &row->recipients))
    {
      g_autofree char *value = shown (&field[MS_CAMPAIGN_COLUMN_RECIPIENTS]);

      /* Translators: %s is what the file has */
      return g_strdup_printf (_("The number of recipients “%s” is not a whole number."), value);
    }

  /* A rate field was parsed in a 64-byte copy once: longer ones stay refused. */
  if (field[MS_CAMPAIGN_COLUMN_OPEN_RATE].length > 0 &&
      (field[MS_CAMPAIGN_COLUMN_OPEN_RATE].length >= 64 ||
       !ms_campaign_parse_rate (field[MS_CAMPAIGN_COLUMN_OPEN_RATE].text,
                                field[MS_CAMPAIGN_COLUMN_OPEN_RATE].length, &row->open_rate)))
    {
      g_autofree char *value = shown (&field[MS_CAMPAIGN_COLUMN_OPEN_RATE]);

      /* Translators: %s is what the file has */
      return g_strdup_printf (_("The open rate “%s” is not a rate between 0 and 100 %%. Write "
                                "23.4%%, 23.4 or 0.234."), value);
    }

  if (field[MS_CAMPAIGN_COLUMN_CTR].length > 0 &&
      (field[MS_CAMPAIGN_COLUMN_CTR].length >= 64 ||
       !ms_campaign_parse_rate (field[MS_CAMPAIGN_COLUMN_CTR].text,
                                field[MS_CAMPAIGN_COLUMN_CTR].length, &row->ctr)))
    {
      g_autofree char *value = shown (&field[MS_CAMPAIGN_COLUMN_CTR]);

      /* Translators: %s is what the file has */
      return g_strdup_printf (_("The click rate “%s” is not a rate between 0 and 100 %%. Write "
                                "2.5%%, 2.5 or 0.025."), value);
    }

  if (field[MS_CAMPAIGN_COLUMN_CV_COUNT].length > 0 &&
      !parse_count (field[MS_CAMPAIGN_COLUMN_CV_COUNT].text, &row->cv_count))
    {
      g_autofree char *value = shown (&field[MS_CAMPAIGN_COLUMN_CV_COUNT]);

      /* Translators: %s is what the file has */
      return g_strdup_printf (_("The number of conversions “%s” is not a whole number."), value);
    }
  return NULL;
}

/* Parses one record into @row; on a bad value returns the reason. Fields
 * are trimmed in place. */
static char *
parse_row (MsCampaignChunk *chunk,
           MsCsvField      *fields,
           guint            n_fields,
           guint            line,
           MsCampaignRow   *row)
{
  const MsCampaignHeader *header = chunk->header;
  MsCsvField field[MS_CAMPAIGN_N_COLUMNS];
  char sent_on[11] = "";
  char *reason;

  for (guint i = header->n_fields; i < n_fields; i++)
    if (*fields[i].text != '\0')
      /* Translators: %u are numbers of fields */
      return g_strdup_printf (_("The row has %u fields but the header has %u. Quote fields "
                                "that contain commas."), n_fields, header->n_fields);

  for (guint c = 0; c < MS_CAMPAIGN_N_COLUMNS; c++)
    {
      int i = header->columns[c];

      if (i < 0 || (guint) i >= n_fields)
        field[c] = (MsCsvField) { empty_string, 0 };
      else
        {
          field[c] = fields[i];
          if (c != MS_CAMPAIGN_COLUMN_BODY)
            trim (&field[c]);
        }
    }

  row->line = line;
  row->recipients = -1;
  row->cv_count = -1;
  row->open_rate = NAN;
  row->ctr = NAN;

  if (field[MS_CAMPAIGN_COLUMN_SUBJECT].length == 0)
    return g_strdup (_("The subject is empty. Every row needs a subject (件名)."));

  if (field[MS_CAMPAIGN_COLUMN_CHANNEL].length == 0)
    return g_strdup (_("The channel is empty. Write email or LINE."));
  if (!parse_channel (field[MS_CAMPAIGN_COLUMN_CHANNEL].text,
                      field[MS_CAMPAIGN_COLUMN_CHANNEL].length, &row->channel))
    {
      g_autofree char *value = shown (&field[MS_CAMPAIGN_COLUMN_CHANNEL]);

      /* Translators: %s is what the file has */
      return g_strdup_printf (_("The channel “%s” is not email or LINE."), value);
    }

  if (field[MS_CAMPAIGN_COLUMN_DATE].length > 0 &&
      !parse_date (field[MS_CAMPAIGN_COLUMN_DATE].text, field[MS_CAMPAIGN_COLUMN_DATE].length,
                   sent_on))
    {
      g_autofree char *value = shown (&field[MS_CAMPAIGN_COLUMN_DATE]);

      /* Translators: %s is what the file has */
      return g_strdup_printf (_("The date “%s” is not a date. Write it as 2024-05-31."), value);
    }

  reason = parse_numbers (field, row);
  if (reason != NULL)
    return reason;

  /* The strings stay where they are in the text; only a date written
   * another way is stored anew. */
  if (*sent_on != '\0')
    {
      if (field[MS_CAMPAIGN_COLUMN_DATE].length == 10 &&
          memcmp (field[MS_CAMPAIGN_COLUMN_DATE].text, sent_on, 10) == 0)
        row->sent_on = field[MS_CAMPAIGN_COLUMN_DATE].text;
      else
        {
          if (chunk->strings == NULL)
            chunk->strings = g_string_chunk_new (4096);
          row->sent_on = g_string_chunk_insert_len (chunk->strings, sent_on, 10);
        }
    }
  row->subject = unneutralized (field[MS_CAMPAIGN_COLUMN_SUBJECT].text);
  row->body = unneutralized (field[MS_CAMPAIGN_COLUMN_BODY].text);
  if (field[MS_CAMPAIGN_COLUMN_CV_TYPE].length > 0)
    row->cv_type = unneutralized (field[MS_CAMPAIGN_COLUMN_CV_TYPE].text);
  ms_campaign_row_compute_key (row);
  return NULL;
}

/**
 * ms_campaign_chunk_parse:
 *
 * Parses the chunk's records up to its limit into rows and rejections.
 * Touches nothing outside @chunk, its part of the text and its room for
 * rows, so chunks can be parsed at once.
 */
void
ms_campaign_chunk_parse (MsCampaignChunk *chunk)
{
  g_autofree MsCsvField *fields = NULL;
  guint n_allocated = 0;

  chunk->n_rows = 0;
  chunk->hashes = g_array_sized_new (FALSE, FALSE, sizeof (guint64), MAX (chunk->room, 16));
  chunk->rejected = g_array_new (FALSE, FALSE, sizeof (MsCampaignRejection));

  for (;;)
    {
      MsCampaignRow row = { 0 };
      guint n_fields = 0, line = 0;
      guint64 hash;
      char *reason;

      chunk->status = ms_csv_cursor_next (&chunk->cursor, &fields, &n_allocated, &n_fields,
                                          &line);
      if (chunk->status == MS_CSV_UNCLOSED)
        chunk->error_line = line;
      if (chunk->status != MS_CSV_RECORD)
        break;

      /* a rejected row holds no string of its own: nothing to clear */
      reason = parse_row (chunk, fields, n_fields, line, &row);
      if (reason != NULL)
        {
          MsCampaignRejection rejection = { line, reason };

          g_array_append_val (chunk->rejected, rejection);
          continue;
        }

      hash = ms_campaign_key_hash (row.natural_key);
      g_array_append_val (chunk->hashes, hash);
      if (chunk->n_rows < chunk->room)
        chunk->rows[chunk->n_rows] = row;
      else
        {
          /* more rows than the caller made room for: a quote in an unquoted
           * field made it count wrong */
          if (chunk->spill == NULL)
            chunk->spill = g_array_new (FALSE, FALSE, sizeof (MsCampaignRow));
          g_array_append_val (chunk->spill, row);
        }
      chunk->n_rows++;
    }
}

/* Frees what the chunk still owns (its rows are the caller's). */
void
ms_campaign_chunk_clear (MsCampaignChunk *chunk)
{
  if (chunk->rejected != NULL)
    for (guint i = 0; i < chunk->rejected->len; i++)
      g_free (g_array_index (chunk->rejected, MsCampaignRejection, i).reason);
  g_clear_pointer (&chunk->rejected, g_array_unref);
  g_clear_pointer (&chunk->spill, g_array_unref);
  g_clear_pointer (&chunk->hashes, g_array_unref);
  g_clear_pointer (&chunk->strings, g_string_chunk_free);
  chunk->n_rows = 0;
}
