/* ms-history-csv.c — the history as a CSV file for spreadsheets
 *
 * Columns (ask for any subset, in any order):
 *   id, date (local time, "YYYY-MM-DD HH:MM:SS"), channel (email | line),
 *   subject, preheader, body (LINE: bubbles joined by line breaks), total,
 *   engine, predicted_open_rate, predicted_ctr, recipients, open_rate, ctr,
 *   cv_count, open_rate_error (percentage points), ctr_error.
 * Rates are written as percentages with a "%" sign ("23.4%"), which Excel
 * reads as numbers and ms_parse_rate() reads back exactly, so an export with
 * the default columns imports as campaign results (same column names).
 * Unknown values are empty. Rows beyond the plan's visible history (locked)
 * are left out. Encoding: UTF-8 with BOM by default, UTF-8, or Shift_JIS.
 *
 * The app shows the export button only when the plan has "csv_export"; the
 * core does not refuse, as the CLI exports the visible rows of a profile.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-io"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ms-csv-writer.h"
#include "ms-history-csv.h"
#include "store/ms-history-records.h"

static const char * const all_columns[] = {
  "id", "date", "channel", "subject", "preheader", "body", "total", "engine",
  "predicted_open_rate", "predicted_ctr", "recipients", "open_rate", "ctr", "cv_count",
  "open_rate_error", "ctr_error", NULL
};

static const char * const default_columns[] = {
  "date", "channel", "subject", "preheader", "body", "total", "predicted_open_rate",
  "predicted_ctr", "recipients", "open_rate", "ctr", "cv_count", "open_rate_error", NULL
};

const char * const *
ms_history_csv_get_columns (void)
{
  return all_columns;
}

const char * const *
ms_history_csv_get_default_columns (void)
{
  return default_columns;
}

static char *
format_number (double value,
               int    decimals,
               const char *suffix)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];
  char *dot;
  gsize len;

  g_snprintf (format, sizeof format, "%%.%df", decimals);
  g_ascii_formatd (buf, sizeof buf, format, value);
  /* drop trailing zeros: 23.40 → 23.4, 20.00 → 20 */
  dot = strchr (buf, '.');
  if (dot != NULL)
    {
      len = strlen (buf);
      while (len > 0 && buf[len - 1] == '0')
        buf[--len] = '\0';
      if (len > 0 && buf[len - 1] == '.')
        buf[--len] = '\0';
    }
  if (g_str_equal (buf, "-0"))
    g_strlcpy (buf, "0", sizeof buf);
  return g_strconcat (buf, suffix, NULL);
}

static char *
format_date (gint64 usec)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);

  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

static char *
column_value (const MsHistoryRecord *r,
              const char            *column)
{
  if (g_str_equal (column, "id"))
    return g_strdup (r->id);
  if (g_str_equal (column, "date"))
    return format_date (r->created_at);
  if (g_str_equal (column, "channel"))
    return g_strdup (ms_channel_to_string (r->channel));
  if (g_str_equal (column, "subject"))
    return g_strdup (r->subject);
  if (g_str_equal (column, "preheader"))
    return g_strdup (r->preheader);
  if (g_str_equal (column, "body"))
    return g_strdup (r->body);
  if (g_str_equal (column, "total"))
    return g_strdup_printf ("%u", r->total);
  if (g_str_equal (column, "engine"))
    return g_strdup (r->engine);
  if (g_str_equal (column, "predicted_open_rate"))
    return r->has_prediction ? format_number (r->predicted_open_rate * 100, 2, "%") : NULL;
  if (g_str_equal (column, "predicted_ctr"))
    return r->has_prediction ? format_number (r->predicted_ctr * 100, 2, "%") : NULL;
  if (g_str_equal (column, "recipients"))
    return r->has_actuals ? g_strdup_printf ("%" G_GUINT64_FORMAT, r->actuals.recipients) : NULL;
  if (g_str_equal (column, "open_rate"))
    return r->has_actuals ? format_number (r->actuals.open_rate * 100, 2, "%") : NULL;
  if (g_str_equal (column, "ctr"))
    return r->has_actuals ? format_number (r->actuals.ctr * 100, 2, "%") : NULL;
  if (g_str_equal (column, "cv_count"))
    return r->has_actuals ? g_strdup_printf ("%" G_GUINT64_FORMAT, r->actuals.conversions)
                          : NULL;
  if (g_str_equal (column, "open_rate_error"))
    return r->has_actuals && r->has_prediction
           ? format_number (ms_actuals_error_points (r->predicted_open_rate, r->actuals.open_rate),
                            2, "")
           : NULL;
  if (g_str_equal (column, "ctr_error"))
    return r->has_actuals && r->has_prediction
           ? format_number (ms_actuals_error_points (r->predicted_ctr, r->actuals.ctr), 2, "")
           : NULL;
  g_return_val_if_reached (NULL);
}

typedef struct
{
  MsCsvWriter        *writer;
  const char * const *columns;
  guint               n_rows;
} Export;

static void
write_record (MsHistoryRecord *record,
              gpointer         user_data)
{
  Export *export = user_data;

  for (guint i = 0; export->columns[i] != NULL; i++)
    {
      g_autofree char *value = column_value (record, export->columns[i]);

      ms_csv_writer_add_field (export->writer, value);
    }
  ms_csv_writer_end_row (export->writer);
  export->n_rows++;
}

/**
 * ms_history_csv_export:
 * @query: (nullable): which rows, in which order; NULL for all, newest first
 * @columns: (nullable): column names from ms_history_csv_get_columns();
 *   NULL for ms_history_csv_get_default_columns()
 * @n_rows: (out) (optional): rows written
 *
 * Returns: (transfer full): the CSV file's bytes
 */
GBytes *
ms_history_csv_export (MsStore              *store,
                       const MsHistoryQuery *query,
                       const char * const   *columns,
                       MsEncoding            encoding,
                       guint                *n_rows,
                       GError              **error)
{
  g_autoptr(MsCsvWriter) writer = NULL;
  Export export = { 0 };
  guint written = 0;

  g_return_val_if_fail (MS_IS_STORE (store), NULL);

  if (columns == NULL || columns[0] == NULL)
    columns = default_columns;
  for (guint i = 0; columns[i] != NULL; i++)
    if (!g_strv_contains (all_columns, columns[i]))
      {
        g_autofree char *known = g_strjoinv (", ", (char **) all_columns);

        g_set_error (error, MS_IO_ERROR, MS_IO_ERROR_COLUMNS,
                     /* Translators: first %s is a column name, second the list of columns */
                     _("There is no column “%s”. Choose from: %s."), columns[i], known);
        return NULL;
      }

  writer = ms_csv_writer_new ();
  ms_csv_writer_add_row (writer, columns);
  export.writer = writer;
  export.columns = columns;
  if (!ms_history_foreach_record (store, query, write_record, &export, error))
    return NULL;
  written = export.n_rows;

  if (n_rows != NULL)
    *n_rows = written;
  return ms_csv_writer_finish (writer, encoding, error);
}
