/* ms-learn-rows.c — campaign rows to learn from, read from a CSV file
 *
 * Two layouts are understood, told apart by the header:
 *
 *   counts   an export with raw counts and no rate columns, as mail tools
 *            give them: SUBJECT plus OPENS and DELIVERIES (or DELIVERED,
 *            SENT, RECIPIENTS; 開封数 and 配信数), optionally CLICKS
 *            (クリック数), PREHEADER, BODY, DATE and CHANNEL (email when
 *            absent). open_rate = OPENS ÷ DELIVERIES, ctr = CLICKS ÷
 *            DELIVERIES. Chosen when the header has an opens count and a
 *            delivery count but no open-rate column (a column named OPENS
 *            holds a count here, never a rate).
 *   template anything else goes through the campaign importer
 *            (ms-campaign-import.c), with its lenient header matching.
 *
 * The importer itself is left as it is: its "opens" alias means an open-rate
 * column, which the count layout must not take for one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-io"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "io/ms-campaign-import.h"
#include "io/ms-csv-reader.h"
#include "io/ms-encoding.h"
#include "io/ms-io-error.h"
#include "ms-learn-rows.h"

typedef enum
{
  C_SUBJECT,
  C_BODY,
  C_DATE,
  C_CHANNEL,
  C_OPENS,
  C_DELIVERIES,
  C_CLICKS,
  C_OPEN_RATE,
  N_C
} Col;

static const struct { const char *name; Col col; } names[] = {
  { "subject", C_SUBJECT }, { "subjectline", C_SUBJECT }, { "件名", C_SUBJECT },
  { "body", C_BODY }, { "preheader", C_BODY }, { "本文", C_BODY },
  { "date", C_DATE }, { "senddate", C_DATE }, { "sentdate", C_DATE }, { "senton", C_DATE },
  { "配信日", C_DATE },
  { "channel", C_CHANNEL }, { "チャネル", C_CHANNEL }, { "媒体", C_CHANNEL },
  { "opens", C_OPENS }, { "uniqueopens", C_OPENS }, { "開封数", C_OPENS },
  { "deliveries", C_DELIVERIES }, { "delivered", C_DELIVERIES }, { "sent", C_DELIVERIES },
  { "recipients", C_DELIVERIES }, { "配信数", C_DELIVERIES }, { "到達数", C_DELIVERIES },
  { "clicks", C_CLICKS }, { "uniqueclicks", C_CLICKS }, { "クリック数", C_CLICKS },
  { "openrate", C_OPEN_RATE }, { "開封率", C_OPEN_RATE },
};

static char *
normalize (const char *text)
{
  g_autofree char *nfkc = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  g_autofree char *folded = nfkc != NULL ? g_utf8_casefold (nfkc, -1) : g_strdup ("");
  GString *s = g_string_new (NULL);

  for (const char *p = folded; *p != '\0'; p++)
    if (strchr (" _-()[]%\t", *p) == NULL)
      g_string_append_c (s, *p);
  return g_string_free (s, FALSE);
}

static gboolean
parse_count (const char *text,
             gint64     *value)
{
  g_autofree char *digits = g_strdup (text);
  char *end = NULL;
  double v;

  g_strstrip (digits);
  for (char *p = digits, *q = digits;; p++)
    if (*p != ',' && (*q++ = *p) == '\0')
      break;
  if (*digits == '\0')
    return FALSE;
  v = g_ascii_strtod (digits, &end);
  if (end == NULL || *end != '\0' || v < 0 || v != floor (v))
    return FALSE;
  *value = (gint64) v;
  return TRUE;
}

static gboolean
parse_channel (const char *text,
               MsChannel  *channel)
{
  g_autofree char *name = NULL;

  if (text == NULL || *text == '\0')
    return TRUE;
  name = normalize (text);
  if (g_str_equal (name, "line") || g_str_equal (name, "ライン"))
    *channel = MS_CHANNEL_LINE;
  else if (g_str_equal (name, "email") || g_str_equal (name, "mail") ||
           g_str_equal (name, "メール"))
    *channel = MS_CHANNEL_EMAIL;
  else
    return FALSE;
  return TRUE;
}

static void
clear_row (gpointer data)
{
  ms_campaign_row_clear (data);
}

static GArray *
load_counts (MsCsvReader  *reader,
             const int    *col,
             guint        *n_rejected,
             GError      **error)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (MsCampaignRow));

  g_array_set_clear_func (rows, clear_row);
  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      MsCampaignRow row = { 0 };
      const char *field[N_C] = { NULL };
      gint64 opens, deliveries, clicks;
      guint n = 0;

      if (!ms_csv_reader_next (reader, &local_error))
        {
          if (local_error == NULL)
            break;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      n = ms_csv_reader_get_n_fields (reader);
      for (guint c = 0; c < N_C; c++)
        field[c] = col[c] >= 0 && (guint) col[c] < n ?
          ms_csv_reader_get_field (reader, (guint) col[c]) : NULL;

      row.line = ms_csv_reader_get_line (reader);
      row.recipients = -1;
      row.cv_count = -1;
      row.open_rate = row.ctr = NAN;
      row.channel = MS_CHANNEL_EMAIL;
      if (field[C_SUBJECT] == NULL || *field[C_SUBJECT] == '\0' ||
          field[C_OPENS] == NULL || !parse_count (field[C_OPENS], &opens) ||
          field[C_DELIVERIES] == NULL || !parse_count (field[C_DELIVERIES], &deliveries) ||
          deliveries == 0 || opens > deliveries ||
          !parse_channel (field[C_CHANNEL], &row.channel))
        {
          (*n_rejected)++;
          continue;
        }
      row.subject = g_strstrip (g_strdup (field[C_SUBJECT]));
      row.body = g_strdup (field[C_BODY] != NULL ? field[C_BODY] : "");
      if (field[C_DATE] != NULL && *field[C_DATE] != '\0')
        {
          g_autofree char *date = g_strndup (g_strstrip ((char *) field[C_DATE]), 10);

          g_strdelimit (date, "/", '-');
          if (strlen (date) == 10)
            row.sent_on = g_steal_pointer (&date);
        }
      row.recipients = deliveries;
      row.open_rate = (double) opens / (double) deliveries;
      if (field[C_CLICKS] != NULL && parse_count (field[C_CLICKS], &clicks) && clicks <= deliveries)
        row.ctr = (double) clicks / (double) deliveries;
      ms_campaign_row_compute_key (&row);
      g_array_append_val (rows, row);
    }
  return g_steal_pointer (&rows);
}

/**
 * ms_learn_rows_load:
 * @data: a CSV file (UTF-8 or Shift_JIS)
 * @n_rejected: (out): rows that could not be used
 *
 * Returns: (transfer full) (element-type MsCampaignRow): the rows, or NULL
 *   with @error set when the file as a whole is unusable
 */
GArray *
ms_learn_rows_load (GBytes   *data,
                    guint    *n_rejected,
                    GError  **error)
{
  g_autoptr(MsCsvReader) reader = NULL;
  g_autoptr(MsCampaignImport) import = NULL;
  g_autoptr(GArray) rows = NULL;
  g_autofree char *text = NULL;
  MsEncoding encoding;
  gsize size, length = 0;
  const char *bytes;
  int col[N_C];

  g_return_val_if_fail (data != NULL && n_rejected != NULL, NULL);

  *n_rejected = 0;
  bytes = g_bytes_get_data (data, &size);
  text = ms_encoding_to_utf8 (bytes, size, &encoding, &length, error);
  if (text == NULL)
    return NULL;

  reader = ms_csv_reader_new (text, length);
  if (!ms_csv_reader_next (reader, error))
    {
      if (error == NULL || *error == NULL)
        g_set_error_literal (error, MS_IO_ERROR, MS_IO_ERROR_EMPTY,
                             _("The file is empty. It needs a header row and one row per "
                               "campaign."));
      return NULL;
    }
  for (guint c = 0; c < N_C; c++)
    col[c] = -1;
  for (guint i = 0; i < ms_csv_reader_get_n_fields (reader); i++)
    {
      g_autofree char *name = normalize (ms_csv_reader_get_field (reader, i));

      for (guint a = 0; a < G_N_ELEMENTS (names); a++)
        if (g_str_equal (name, names[a].name) && col[names[a].col] < 0)
          {
            col[names[a].col] = (int) i;
            break;
          }
    }

  if (col[C_SUBJECT] >= 0 && col[C_OPENS] >= 0 && col[C_DELIVERIES] >= 0 && col[C_OPEN_RATE] < 0)
    return load_counts (reader, col, n_rejected, error);

  import = ms_campaign_import_prepare (data, error);
  if (import == NULL)
    return NULL;
  rows = g_array_new (FALSE, TRUE, sizeof (MsCampaignRow));
  g_array_set_clear_func (rows, clear_row);
  for (guint i = 0; i < ms_campaign_import_get_n_rows (import); i++)
    {
      const MsCampaignRow *from = ms_campaign_import_get_row (import, i);
      MsCampaignRow row = *from;

      row.sent_on = g_strdup (from->sent_on);
      row.subject = g_strdup (from->subject);
      row.body = g_strdup (from->body);
      row.cv_type = g_strdup (from->cv_type);
      g_array_append_val (rows, row);
    }
  *n_rejected = ms_campaign_import_get_n_rejected (import);
  return g_steal_pointer (&rows);
}
