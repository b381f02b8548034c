/* ms-history-report.c — the history as a PDF report (summary, trend chart, table)
 *
 * A4 portrait, in points. Page 1: title, period, the time it was made, a
 * row of summary figures (scorings, mean score, mean predicted and mean
 * actual open rate, mean error = actual − predicted in points over the rows
 * that have both), the trend chart (ms-trend-chart.c, the same picture as
 * the History page), and the first rows of the table. Further pages: the
 * table, its header repeated on each. Every page has "Page N of M".
 *
 * Rows: those of the query (all live rows, newest first, when NULL), minus
 * the rows beyond the plan's visible history (locked), which never leave
 * the store in a report. With no row to report the function fails with
 * MS_IO_ERROR_EMPTY and writes nothing: an empty report helps nobody, and
 * the caller can say so in its own words (the app disables its button).
 *
 * The PDF is made in memory and then written with g_file_replace_contents,
 * so a failure leaves any existing file as it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-io"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "ms-history-report.h"
#include "ms-io-error.h"
#include "ms-trend-chart.h"
#include "store/ms-history-records.h"

/* A4 in points and the page grid */
#define PAGE_WIDTH     595.276
#define PAGE_HEIGHT    841.890
#define MARGIN_X       48.0
#define MARGIN_TOP     48.0
#define MARGIN_BOTTOM  48.0
#define FOOTER_HEIGHT  22.0
#define RUNNING_HEAD   30.0      /* pages 2…: the report's name and a rule */
#define TABLE_HEADER   28.0
#define COLUMN_GAP     6.0
#define ROW_HEIGHT     18.0
#define FIRST_TABLE_Y  560.0     /* page 1: where the table's header starts */
#define CHART_Y        266.0
#define CHART_HEIGHT   262.0

#define CONTENT_WIDTH  (PAGE_WIDTH - 2 * MARGIN_X)
#define CONTENT_BOTTOM (PAGE_HEIGHT - MARGIN_BOTTOM - FOOTER_HEIGHT)
#define ROWS_FIRST_PAGE ((guint) ((CONTENT_BOTTOM - FIRST_TABLE_Y - TABLE_HEADER) / ROW_HEIGHT))
#define ROWS_PER_PAGE   ((guint) ((CONTENT_BOTTOM - MARGIN_TOP - RUNNING_HEAD - TABLE_HEADER) \
                                  / ROW_HEIGHT))

#define FONT_FAMILY MS_TREND_CHART_FONT_FAMILY

typedef struct
{
  gint64     created_at;
  MsChannel  channel;
  char      *subject;
  guint      total;
  double     predicted_open_rate;   /* NAN: none */
  double     actual_open_rate;      /* NAN: not entered */
} ReportRow;

typedef struct
{
  cairo_t              *cr;
  MsTrendPalette        palette;
  guint                 n_pages;
  guint                 page;       /* 1-based, the page being drawn */
  char                 *made;       /* "2026/11/21 10:00" */
} Report;

/* ------------------------------------------------------------------------ */
/* Text                                                                      */

static PangoLayout *
make_layout (cairo_t    *cr,
             const char *text,
             double      size,
             gboolean    bold)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string (FONT_FAMILY);

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  pango_font_description_free (font);
  return layout;
}

/* Draws @text in a box of @width (0: unbounded) at (x, y) top-left, aligned
 * inside the box, ellipsized at the end when it does not fit on one line
 * (unless @wrap). Returns the height drawn. */
static double
show_text (cairo_t            *cr,
           const char         *text,
           double              x,
           double              y,
           double              width,
           PangoAlignment      align,
           double              size,
           gboolean            bold,
           gboolean            wrap,
           const MsTrendColor *color)
{
  g_autoptr(PangoLayout) layout = make_layout (cr, text, size, bold);
  int h;

  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_alignment (layout, align);
      if (wrap)
        pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      else
        {
          pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
          pango_layout_set_single_paragraph_mode (layout, TRUE);
        }
    }
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_size (layout, NULL, &h);
  return (double) h / PANGO_SCALE;
}

static double
text_height (cairo_t    *cr,
             const char *text,
             double      size,
             double      width)
{
  g_autoptr(PangoLayout) layout = make_layout (cr, text, size, TRUE);
  int h;

  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_get_size (layout, NULL, &h);
  return (double) h / PANGO_SCALE;
}

static char *
format_local (gint64      usec,
              const char *format)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);

  return g_date_time_format (local, format);
}

static char *
format_rate (double fraction)
{
  if (isnan (fraction))
    return g_strdup ("—");
  return g_strdup_printf ("%.1f%%", fraction * 100);
}

static char *
format_points (double points)
{
  if (isnan (points))
    return g_strdup ("—");
  /* Translators: a difference in percentage points, e.g. "+3.4 pt" */
  return g_strdup_printf (_("%+.1f pt"), points);
}

static const MsTrendColor muted = { 0.37, 0.36, 0.39, 1.0 };
static const MsTrendColor ink = { 0.14, 0.12, 0.16, 1.0 };
static const MsTrendColor rule = { 0.80, 0.80, 0.82, 1.0 };
static const MsTrendColor band = { 0.965, 0.965, 0.975, 1.0 };
static const MsTrendColor head_bg = { 0.91, 0.93, 0.97, 1.0 };

static void
fill_rect (cairo_t            *cr,
           double              x,
           double              y,
           double              width,
           double              height,
           const MsTrendColor *color)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
  cairo_rectangle (cr, x, y, width, height);
  cairo_fill (cr);
}

/* ------------------------------------------------------------------------ */
/* Page parts                                                                */

static void
draw_footer (Report *report)
{
  g_autofree char *pages = NULL;
  double y = PAGE_HEIGHT - MARGIN_BOTTOM - 10;

  fill_rect (report->cr, MARGIN_X, y - 6, CONTENT_WIDTH, 0.75, &rule);
  /* Translators: the footer of every page of the PDF report */
  show_text (report->cr, _("MsgScore — Scoring history report"), MARGIN_X, y, CONTENT_WIDTH / 2,
             PANGO_ALIGN_LEFT, 7.5, FALSE, FALSE, &muted);
  /* Translators: page numbers in the PDF report: "Page 2 of 5" */
  pages = g_strdup_printf (_("Page %u of %u"), report->page, report->n_pages);
  show_text (report->cr, pages, MARGIN_X + CONTENT_WIDTH / 2, y, CONTENT_WIDTH / 2,
             PANGO_ALIGN_RIGHT, 7.5, FALSE, FALSE, &muted);
}

typedef struct
{
  const char     *title;
  double          width;
  PangoAlignment  align;
} Column;

#define N_COLUMNS 7

static void
get_columns (Column columns[N_COLUMNS])
{
  const Column fixed[N_COLUMNS] = {
    { _("Date"), 68, PANGO_ALIGN_LEFT },
    { _("Channel"), 34, PANGO_ALIGN_LEFT },
    { _("Subject"), 0, PANGO_ALIGN_LEFT },
    { _("Score"), 34, PANGO_ALIGN_RIGHT },
    /* Translators: table header of the PDF report, keep it short */
    { _("Predicted open rate"), 54, PANGO_ALIGN_RIGHT },
    /* Translators: table header of the PDF report, keep it short */
    { _("Actual open rate"), 54, PANGO_ALIGN_RIGHT },
    /* Translators: table header of the PDF report: actual − predicted open rate */
    { C_("report column", "Error"), 44, PANGO_ALIGN_RIGHT },
  };
  double rest = CONTENT_WIDTH;

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      columns[i] = fixed[i];
      rest -= fixed[i].width + COLUMN_GAP;
    }
  columns[2].width = rest;
}

static double
draw_table_header (Report *report,
                   double  y)
{
  Column columns[N_COLUMNS];
  double x = MARGIN_X;

  get_columns (columns);
  fill_rect (report->cr, MARGIN_X, y, CONTENT_WIDTH, TABLE_HEADER, &head_bg);
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      double h = text_height (report->cr, columns[i].title, 7.5, columns[i].width);

      show_text (report->cr, columns[i].title, x + 4, y + (TABLE_HEADER - h) / 2,
                 columns[i].width, columns[i].align, 7.5, TRUE, TRUE, &ink);
      x += columns[i].width + COLUMN_GAP;
    }
  fill_rect (report->cr, MARGIN_X, y + TABLE_HEADER - 0.75, CONTENT_WIDTH, 0.75, &muted);
  return y + TABLE_HEADER;
}

static void
draw_row (Report          *report,
          const ReportRow *row,
          guint            index,
          double           y)
{
  Column columns[N_COLUMNS];
  char *values[N_COLUMNS] = { NULL, };   /* g_autofree would free only values[0] */
  double x = MARGIN_X;

  get_columns (columns);
  if (index % 2 == 1)
    fill_rect (report->cr, MARGIN_X, y, CONTENT_WIDTH, ROW_HEIGHT, &band);

  values[0] = format_local (row->created_at, "%Y/%m/%d %H:%M");
  values[1] = g_strdup (row->channel == MS_CHANNEL_LINE ? "LINE" : _("Email"));
  values[2] = g_strdup (*row->subject != '\0' ? row->subject : "—");
  values[3] = g_strdup_printf ("%u", row->total);
  values[4] = format_rate (row->predicted_open_rate);
  values[5] = format_rate (row->actual_open_rate);
  values[6] = format_points (isnan (row->predicted_open_rate) || isnan (row->actual_open_rate)
                             ? NAN
                             : ms_actuals_error_points (row->predicted_open_rate,
                                                        row->actual_open_rate));

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      show_text (report->cr, values[i], x + 4, y + 3.5, columns[i].width, columns[i].align,
                 i == 0 ? 7.5 : 8, i == 3, FALSE, &ink);
      x += columns[i].width + COLUMN_GAP;
      g_free (values[i]);
    }
  fill_rect (report->cr, MARGIN_X, y + ROW_HEIGHT - 0.4, CONTENT_WIDTH, 0.4, &rule);
}

typedef struct
{
  const char *label;
  char       *value;
  char       *detail;
} Figure;

static void
draw_summary (Report          *report,
              const ReportRow *rows,
              guint            n_rows,
              double           y)
{
  double score_sum = 0, predicted_sum = 0, actual_sum = 0, error_sum = 0;
  guint n_predicted = 0, n_actual = 0, n_both = 0;
  Figure figures[5];
  double width = (CONTENT_WIDTH - 4 * 8) / 5;

  for (guint i = 0; i < n_rows; i++)
    {
      score_sum += rows[i].total;
      if (!isnan (rows[i].predicted_open_rate))
        {
          predicted_sum += rows[i].predicted_open_rate;
          n_predicted++;
        }
      if (!isnan (rows[i].actual_open_rate))
        {
          actual_sum += rows[i].actual_open_rate;
          n_actual++;
        }
      if (!isnan (rows[i].predicted_open_rate) && !isnan (rows[i].actual_open_rate))
        {
          error_sum += ms_actuals_error_points (rows[i].predicted_open_rate,
                                                rows[i].actual_open_rate);
          n_both++;
        }
    }

  figures[0].label = _("Scorings");
  figures[0].value = g_strdup_printf ("%u", n_rows);
  figures[0].detail = NULL;
  figures[1].label = _("Mean score");
  figures[1].value = g_strdup_printf ("%.1f", score_sum / n_rows);
  figures[1].detail = g_strdup (_("out of 100"));
  figures[2].label = _("Mean predicted open rate");
  figures[2].value = format_rate (n_predicted > 0 ? predicted_sum / n_predicted : NAN);
  /* Translators: under a mean in the PDF report: how many rows it is over */
  figures[2].detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u scoring",
                                                    "%u scorings", n_predicted), n_predicted);
  figures[3].label = _("Mean actual open rate");
  figures[3].value = format_rate (n_actual > 0 ? actual_sum / n_actual : NAN);
  /* Translators: under a mean in the PDF report: how many results were entered */
  figures[3].detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u result",
                                                    "%u results", n_actual), n_actual);
  figures[4].label = _("Mean error");
  figures[4].value = format_points (n_both > 0 ? error_sum / n_both : NAN);
  figures[4].detail = g_strdup (_("actual − predicted"));

  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      double x = MARGIN_X + i * (width + 8);

      /* labels may take two lines; values line up across the cards */
      fill_rect (report->cr, x, y, width, 74, &band);
      fill_rect (report->cr, x, y, 3, 74, &report->palette.score);
      show_text (report->cr, figures[i].label, x + 10, y + 6, width - 14, PANGO_ALIGN_LEFT,
                 7.5, FALSE, TRUE, &muted);
      show_text (report->cr, figures[i].value, x + 10, y + 29, width - 14, PANGO_ALIGN_LEFT,
                 16, TRUE, FALSE, &ink);
      if (figures[i].detail != NULL)
        show_text (report->cr, figures[i].detail, x + 10, y + 56, width - 14, PANGO_ALIGN_LEFT,
                   7, FALSE, FALSE, &muted);
      g_free (figures[i].value);
      g_free (figures[i].detail);
    }
}

/* One chart per channel present (email and LINE never share an axis):
 * side by side when there are both. */
static void
draw_charts (Report             *report,
             const MsTrendPoint *points,
             guint               n_points)
{
  gboolean present[2] = { FALSE, FALSE };
  guint n_charts;
  double width, x = MARGIN_X - 8;

  for (guint i = 0; i < n_points; i++)
    present[points[i].channel] = TRUE;
  if (!present[MS_CHANNEL_EMAIL] && !present[MS_CHANNEL_LINE])
    present[MS_CHANNEL_EMAIL] = TRUE;   /* the empty chart */
  n_charts = present[MS_CHANNEL_EMAIL] + present[MS_CHANNEL_LINE];
  width = (CONTENT_WIDTH + 16) / n_charts;

  for (MsChannel c = MS_CHANNEL_EMAIL; c <= MS_CHANNEL_LINE; c++)
    {
      if (!present[c])
        continue;
      cairo_save (report->cr);
      cairo_translate (report->cr, x, CHART_Y);
      ms_trend_chart_draw (report->cr, width, CHART_HEIGHT, points, n_points, c,
                           &report->palette);
      cairo_restore (report->cr);
      x += width;
    }
}

static void
draw_first_page (Report               *report,
                 const MsHistoryQuery *query,
                 const ReportRow      *rows,
                 guint                 n_rows)
{
  cairo_t *cr = report->cr;
  g_autofree MsTrendPoint *points = g_new (MsTrendPoint, n_rows);
  g_autofree char *since = NULL;
  g_autofree char *until = NULL;
  g_autofree char *period = NULL;
  g_autofree char *made = NULL;
  gint64 first = G_MAXINT64, last = G_MININT64;
  guint n = 0;

  /* title block */
  fill_rect (cr, MARGIN_X, MARGIN_TOP, 4, 46, &report->palette.score);
  show_text (cr, _("Scoring history report"), MARGIN_X + 14, MARGIN_TOP - 2, CONTENT_WIDTH - 14,
             PANGO_ALIGN_LEFT, 22, TRUE, FALSE, &ink);

  for (guint i = 0; i < n_rows; i++)
    {
      first = MIN (first, rows[i].created_at);
      last = MAX (last, rows[i].created_at);
    }
  since = format_local (query->since != 0 ? query->since : first, "%Y/%m/%d");
  /* until is exclusive: the period ends the microsecond before */
  until = format_local (query->until != 0 ? query->until - 1 : last, "%Y/%m/%d");
  /* Translators: the period of the PDF report, e.g. "Period: 2026/11/01 – 2026/11/21" */
  period = g_strdup_printf (_("Period: %s – %s"), since, until);
  show_text (cr, period, MARGIN_X + 14, MARGIN_TOP + 30, CONTENT_WIDTH - 14, PANGO_ALIGN_LEFT,
             10, FALSE, FALSE, &muted);
  /* Translators: when the PDF report was made, e.g. "Made on 2026/11/21 10:00" */
  made = g_strdup_printf (_("Made on %s"), report->made);
  show_text (cr, made, MARGIN_X, MARGIN_TOP + 30, CONTENT_WIDTH, PANGO_ALIGN_RIGHT, 8, FALSE,
             FALSE, &muted);
  if (query->search != NULL && *query->search != '\0')
    {
      /* Translators: the search the PDF report is limited to */
      g_autofree char *search = g_strdup_printf (_("Search: “%s”"), query->search);
      show_text (cr, search, MARGIN_X + 14, MARGIN_TOP + 46, CONTENT_WIDTH - 14,
                 PANGO_ALIGN_LEFT, 8, FALSE, FALSE, &muted);
    }

  /* summary */
  show_text (cr, _("Summary"), MARGIN_X, MARGIN_TOP + 72, CONTENT_WIDTH, PANGO_ALIGN_LEFT, 12,
             TRUE, FALSE, &ink);
  draw_summary (report, rows, n_rows, MARGIN_TOP + 92);

  /* chart: oldest first, whatever the table's order */
  for (guint i = 0; i < n_rows; i++)
    {
      points[n].created_at = rows[i].created_at;
      points[n].channel = rows[i].channel;
      points[n].total = rows[i].total;
      points[n].predicted_open_rate = rows[i].predicted_open_rate;
      points[n].actual_open_rate = rows[i].actual_open_rate;
      n++;
    }
  for (guint i = 1; i < n; i++)   /* insertion sort: the rows come nearly ordered */
    {
      MsTrendPoint p = points[i];
      guint j = i;

      while (j > 0 && points[j - 1].created_at > p.created_at)
        {
          points[j] = points[j - 1];
          j--;
        }
      points[j] = p;
    }

  show_text (cr, _("Trend"), MARGIN_X, CHART_Y - 24, CONTENT_WIDTH, PANGO_ALIGN_LEFT, 12, TRUE,
             FALSE, &ink);
  draw_charts (report, points, n);

  show_text (cr, _("Scorings"), MARGIN_X, FIRST_TABLE_Y - 24, CONTENT_WIDTH, PANGO_ALIGN_LEFT,
             12, TRUE, FALSE, &ink);
}

/* ------------------------------------------------------------------------ */
/* Rows                                                                      */

static void
report_row_clear (gpointer data)
{
  ReportRow *row = data;
  g_free (row->subject);
}

static void
add_record (MsHistoryRecord *record,
            gpointer         user_data)
{
  GArray *rows = user_data;
  ReportRow row;

  row.created_at = record->created_at;
  row.channel = record->channel;
  row.total = record->total;
  row.predicted_open_rate = record->has_prediction ? record->predicted_open_rate : NAN;
  row.actual_open_rate = record->has_actuals ? record->actuals.open_rate : NAN;
  if (*record->subject == '\0' && record->channel == MS_CHANNEL_LINE)
    {
      /* a LINE message without a title: its first line stands for it */
      const char *end = strchr (record->body, '\n');
      row.subject = g_strndup (record->body, end != NULL ? (gsize) (end - record->body)
                                                         : strlen (record->body));
    }
  else
    row.subject = g_steal_pointer (&record->subject);
  /* one line in the table */
  g_strdelimit (row.subject, "\r\n\t", ' ');
  g_array_append_val (rows, row);
}

static GArray *
load_rows (MsStore               *store,
           const MsHistoryQuery  *query,
           GError               **error)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (ReportRow));

  g_array_set_clear_func (rows, report_row_clear);
  if (!ms_history_foreach_record (store, query, add_record, rows, error))
    return NULL;
  return g_steal_pointer (&rows);
}

/* ------------------------------------------------------------------------ */
/* Public API                                                                */

/**
 * ms_history_report_count_pages:
 * @n_rows: rows in the table
 *
 * Returns: the pages of a report of @n_rows rows (page 1 holds the summary,
 *   the chart and the first rows)
 */
guint
ms_history_report_count_pages (guint n_rows)
{
  if (n_rows <= ROWS_FIRST_PAGE)
    return 1;
  return 1 + (n_rows - ROWS_FIRST_PAGE + ROWS_PER_PAGE - 1) / ROWS_PER_PAGE;
}

static cairo_status_t
append_to_array (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/**
 * ms_history_report_write_pdf:
 * @query: (nullable): which rows, in which order; NULL for all, newest first
 * @file: where to write the PDF (replaced)
 *
 * Writes the PDF report of the saved scorings of the store's tenant that the
 * plan shows. Fails with %MS_IO_ERROR_EMPTY, writing nothing, when there is
 * no such row.
 *
 * Returns: TRUE when @file was written
 */
gboolean
ms_history_report_write_pdf (MsStore              *store,
                             const MsHistoryQuery *query,
                             GFile                *file,
                             GError              **error)
{
  static const MsHistoryQuery all = MS_HISTORY_QUERY_INIT;
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GByteArray) pdf = NULL;
  g_autofree char *title = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  Report report = { NULL, };
  guint next = 0;

  g_return_val_if_fail (MS_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (query == NULL)
    query = &all;

  rows = load_rows (store, query, error);
  if (rows == NULL)
    return FALSE;
  if (rows->len == 0)
    {
      g_set_error_literal (error, MS_IO_ERROR, MS_IO_ERROR_EMPTY,
                           _("There are no saved scorings to report yet. Save a scoring, "
                             "or widen the search or period."));
      return FALSE;
    }

  pdf = g_byte_array_new ();
  surface = cairo_pdf_surface_create_for_stream (append_to_array, pdf, PAGE_WIDTH, PAGE_HEIGHT);
  title = g_strdup (_("Scoring history report"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "MsgScore");

  report.cr = cairo_create (surface);
  ms_trend_palette_init_light (&report.palette);
  report.palette.background.alpha = 0;
  report.n_pages = ms_history_report_count_pages (rows->len);
  report.made = format_local (ms_store_get_now (store), "%Y/%m/%d %H:%M");

  for (report.page = 1; report.page <= report.n_pages; report.page++)
    {
      double y;
      guint n;

      if (report.page == 1)
        {
          draw_first_page (&report, query, (const ReportRow *) rows->data, rows->len);
          y = FIRST_TABLE_Y;
          n = ROWS_FIRST_PAGE;
        }
      else
        {
          show_text (report.cr, title, MARGIN_X, MARGIN_TOP, CONTENT_WIDTH, PANGO_ALIGN_LEFT, 9,
                     TRUE, FALSE, &muted);
          fill_rect (report.cr, MARGIN_X, MARGIN_TOP + RUNNING_HEAD - 10, CONTENT_WIDTH, 0.75,
                     &rule);
          y = MARGIN_TOP + RUNNING_HEAD;
          n = ROWS_PER_PAGE;
        }

      y = draw_table_header (&report, y);
      for (guint i = 0; i < n && next < rows->len; i++, next++)
        {
          draw_row (&report, &g_array_index (rows, ReportRow, next), next, y);
          y += ROW_HEIGHT;
        }
      draw_footer (&report);
      cairo_show_page (report.cr);
    }

  cairo_destroy (report.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  g_free (report.made);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, MS_IO_ERROR, MS_IO_ERROR_FAILED,
                   /* Translators: %s is cairo's own description of the problem */
                   _("The PDF report could not be made: %s"), cairo_status_to_string (status));
      return FALSE;
    }

  return g_file_replace_contents (file, (const char *) pdf->data, pdf->len, NULL, FALSE,
                                  G_FILE_CREATE_NONE, NULL, NULL, error);
}
