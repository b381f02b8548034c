/* ms-invoice.c — qualified invoices (適格請求書): the document and its PDF
 *
 * An invoice is built once, when it is issued, as a JSON document that
 * holds everything it shows (issuer, registration number, recipient,
 * dates, lines with their descriptions, totals and consumption tax per
 * rate), and is never changed: the PDF is drawn from the document, so the
 * same invoice prints the same in seven years. A correction is a new
 * document that names the one it corrects.
 *
 * Its words are Japanese whatever the app's language (a Japanese tax
 * document for a Japanese payer): they are data, in data/invoice.json.
 * Consumption tax is rounded once per rate per invoice (ms_billing_tax_totals()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-billing"

#include "config.h"

#include <string.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <glib/gi18n-lib.h>

#include "ms-data.h"
#include "ms-invoice.h"
#include "store/ms-entitlements.h"

#define PAGE_WIDTH   595.276   /* A4, in points */
#define PAGE_HEIGHT  841.890
#define MARGIN       48.0
#define FONT_FAMILY  "Noto Sans CJK JP, sans-serif"

static JsonObject *
get_words (void)
{
  static JsonNode *words;

  if (g_once_init_enter (&words))
    {
      g_autoptr(GError) error = NULL;
      JsonNode *node = ms_data_load_json ("invoice.json", &error);

      if (node == NULL)
        g_error ("data/invoice.json: %s", error->message);
      g_once_init_leave (&words, node);
    }
  return json_node_get_object (words);
}

static const char *
word (const char *group,
      const char *name)
{
  JsonObject *o = group != NULL ? json_object_get_object_member (get_words (), group)
                                : get_words ();

  return json_object_get_string_member_with_default (o, name, name);
}

/* @template with each {key} replaced by the value after it (NULL-ended pairs). */
static char *
fill (const char *template,
      ...)
{
  g_autoptr(GString) out = g_string_new (template);
  const char *key;
  va_list ap;

  va_start (ap, template);
  while ((key = va_arg (ap, const char *)) != NULL)
    {
      const char *value = va_arg (ap, const char *);
      g_autofree char *needle = g_strdup_printf ("{%s}", key);

      g_string_replace (out, needle, value != NULL ? value : "", 0);
    }
  va_end (ap);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* @format: a template of {y}, {m} and {d}; no strftime, whose format goes
 * through the locale's encoding and Japanese would not survive a C locale. */
static char *
format_day (MsBillingDay  day,
            const char   *format)
{
  GDate date;
  g_autofree char *y = NULL, *m = NULL, *d = NULL;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, day);
  y = g_strdup_printf ("%u", g_date_get_year (&date));
  m = g_strdup_printf ("%u", g_date_get_month (&date));
  d = g_strdup_printf ("%u", g_date_get_day (&date));
  return fill (format, "y", y, "m", m, "d", d, NULL);
}

static char *
dup_plan_name (const char *plan)
{
  g_autoptr(MsEntitlements) entitlements = plan != NULL ? ms_entitlements_new_for_plan (plan,
                                                                                        NULL)
                                                        : NULL;

  return g_strdup (entitlements != NULL ? ms_entitlements_get_plan_name (entitlements) : plan);
}

/* ------------------------------------------------------------------------ */

/**
 * ms_invoice_check_registration_number:
 * @check: (out): whether its check digit holds; a mismatch is a warning (a
 *   sole proprietor's number may not follow the corporate number's rule)
 *
 * Returns: FALSE when @number is not "T" followed by 13 digits
 */
gboolean
ms_invoice_check_registration_number (const char            *number,
                                      MsInvoiceNumberCheck  *check,
                                      GError               **error)
{
  int sum = 0;

  if (number == NULL || strlen (number) != 14 || number[0] != 'T')
    goto invalid;
  for (guint i = 1; i < 14; i++)
    if (!g_ascii_isdigit (number[i]))
      goto invalid;

  /* The first digit is 9 − (Σ Pn × Qn mod 9) over the other 12, counted
   * from the right, Qn = 1 for odd n and 2 for even n. */
  for (int n = 1; n <= 12; n++)
    sum += (number[14 - n] - '0') * (n % 2 == 1 ? 1 : 2);
  if (check != NULL)
    *check = number[1] - '0' == 9 - sum % 9 ? MS_INVOICE_NUMBER_VALID
                                            : MS_INVOICE_NUMBER_CHECK_DIGIT_MISMATCH;
  return TRUE;

invalid:
  g_set_error_literal (error, MS_BILLING_ERROR, MS_BILLING_ERROR_INVALID,
                       _("A registration number is “T” and 13 digits, such as T1234567890123."));
  return FALSE;
}

/**
 * ms_invoice_dup_period_label:
 * @to: the first day after the period
 *
 * Returns: 「2026年12月分」 for a calendar month, else the first and last days
 */
char *
ms_invoice_dup_period_label (MsBillingDay from,
                             MsBillingDay to)
{
  GDate first;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;

  g_date_clear (&first, 1);
  g_date_set_julian (&first, from);
  if (g_date_get_day (&first) == 1 && ms_billing_add_months (from, 1) == to)
    return format_day (from, word (NULL, "month_format"));
  start = format_day (from, word (NULL, "date_format"));
  end = format_day (to > from ? to - 1 : to, word (NULL, "date_format"));
  return g_strdup_printf ("%s〜%s", start, end);
}

/**
 * ms_invoice_dup_line_description:
 *
 * Returns: what the line is for, in the invoice's words
 */
char *
ms_invoice_dup_line_description (const MsBillingLine *line)
{
  static const char * const kinds[] = {
    [MS_BILLING_LINE_PLAN] = "plan",
    [MS_BILLING_LINE_EXTRA_OWNERS] = "extra_owners",
    [MS_BILLING_LINE_PLAN_CHANGE] = "plan_change",
    [MS_BILLING_LINE_OWNERS_ADDED] = "owners_added",
    [MS_BILLING_LINE_UNUSED] = "unused",
  };
  g_autofree char *plan = dup_plan_name (line->plan);
  g_autofree char *plan_from = dup_plan_name (line->plan_from);
  g_autofree char *from = format_day (line->from, word (NULL, "date_format"));
  g_autofree char *to = format_day (line->to > line->from ? line->to - 1 : line->to,
                                    word (NULL, "date_format"));
  g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, line->quantity);
  g_autofree char *days = g_strdup_printf ("%u", line->days);
  g_autofree char *period_days = g_strdup_printf ("%u", line->period_days);

  return fill (word ("lines", kinds[line->kind]), "plan", plan, "plan_from", plan_from,
               "cycle", word ("cycle_names", ms_billing_cycle_to_string (line->cycle)),
               "from", from, "to", to, "n", n, "days", days, "period_days", period_days, NULL);
}

/**
 * ms_invoice_build:
 * @issuer: {name, registration_number, address}
 * @recipient: the payer's name (the team's company name)
 * @lines: (element-type MsBillingLine): what is charged
 * @corrects: (nullable): the number of the invoice this one corrects
 * @reason: (nullable): why, for a correction
 *
 * Returns: (transfer full): the invoice's document, or NULL when the
 *   issuer has no name or no valid registration number
 */
JsonObject *
ms_invoice_build (JsonObject    *issuer,
                  const char    *recipient,
                  const char    *number,
                  MsBillingDay   issued,
                  MsBillingDay   due,
                  GPtrArray     *lines,
                  const char    *corrects,
                  const char    *reason,
                  GError       **error)
{
  const MsBillingConfig *config = ms_billing_get_config ();
  g_autoptr(JsonObject) doc = json_object_new ();
  g_autoptr(GArray) totals = NULL;
  JsonObject *who, *period;
  JsonArray *array, *tax;
  MsBillingDay from = G_MAXUINT32, to = 0;
  const char *name;
  gint64 total = 0;
  g_autofree char *issued_iso = ms_billing_day_to_iso (issued);
  g_autofree char *due_iso = ms_billing_day_to_iso (due);
  g_autofree char *label = NULL;
  g_autofree char *from_iso = NULL;
  g_autofree char *to_iso = NULL;

  name = issuer != NULL ? json_object_get_string_member_with_default (issuer, "name", NULL)
                        : NULL;
  if (name == NULL || *name == '\0' ||
      !ms_invoice_check_registration_number (
         json_object_get_string_member_with_default (issuer, "registration_number", NULL), NULL,
         error))
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, MS_BILLING_ERROR, MS_BILLING_ERROR_INVALID,
                             _("The server has no issuer for invoices yet. Set it with "
                               "msgscore-server set-issuer."));
      return NULL;
    }
  if (lines == NULL || lines->len == 0)
    {
      g_set_error_literal (error, MS_BILLING_ERROR, MS_BILLING_ERROR_INVALID,
                           _("An invoice needs at least one line."));
      return NULL;
    }

  json_object_set_int_member (doc, "schema", 1);
  json_object_set_string_member (doc, "number", number);
  json_object_set_string_member (doc, "issued_on", issued_iso);
  json_object_set_string_member (doc, "due_on", due_iso);
  who = json_object_new ();
  json_object_set_string_member (who, "name", name);
  json_object_set_string_member (who, "registration_number",
                                 json_object_get_string_member (issuer, "registration_number"));
  json_object_set_string_member (who, "address",
                                 json_object_get_string_member_with_default (issuer, "address",
                                                                             ""));
  json_object_set_object_member (doc, "issuer", who);
  json_object_set_string_member (doc, "recipient", recipient);

  array = json_array_new ();
  for (guint i = 0; i < lines->len; i++)
    {
      const MsBillingLine *line = g_ptr_array_index (lines, i);
      JsonObject *o = ms_billing_line_to_json (line);
      g_autofree char *description = ms_invoice_dup_line_description (line);

      json_object_set_string_member (o, "description", description);
      json_array_add_object_element (array, o);
      from = MIN (from, line->from);
      to = MAX (to, line->to);
    }
  json_object_set_array_member (doc, "lines", array);

  period = json_object_new ();
  label = ms_invoice_dup_period_label (from, to);
  from_iso = ms_billing_day_to_iso (from);
  to_iso = ms_billing_day_to_iso (to);
  json_object_set_string_member (period, "from", from_iso);
  json_object_set_string_member (period, "to", to_iso);
  json_object_set_string_member (period, "label", label);
  json_object_set_object_member (doc, "period", period);

  totals = ms_billing_tax_totals (lines);
  tax = json_array_new ();
  for (guint i = 0; i < totals->len; i++)
    {
      const MsBillingTaxTotal *t = &g_array_index (totals, MsBillingTaxTotal, i);
      JsonObject *o = json_object_new ();

      json_object_set_int_member (o, "rate", t->rate);
      json_object_set_int_member (o, "base", t->base);
      json_object_set_int_member (o, "tax", t->tax);
      json_object_set_int_member (o, "total", t->total);
      json_array_add_object_element (tax, o);
      total += t->total;
    }
  json_object_set_array_member (doc, "tax", tax);
  json_object_set_int_member (doc, "total", total);
  json_object_set_boolean_member (doc, "prices_include_tax", config->prices_include_tax);
  json_object_set_string_member (doc, "tax_rounding",
                                 config->tax_rounding == MS_BILLING_ROUND_HALF_UP ? "half_up" :
                                 config->tax_rounding == MS_BILLING_ROUND_CEILING ? "ceiling"
                                                                                  : "floor");
  if (corrects != NULL)
    json_object_set_string_member (doc, "corrects", corrects);
  else
    json_object_set_null_member (doc, "corrects");
  if (reason != NULL)
    json_object_set_string_member (doc, "reason", reason);
  return g_steal_pointer (&doc);
}

gint64
ms_invoice_get_total (JsonObject *document)
{
  return json_object_get_int_member_with_default (document, "total", 0);
}

/* ------------------------------------------------------------------------ */
/* The PDF                                                                   */

static double
draw_text (cairo_t        *cr,
           const char     *text,
           double          x,
           double          y,
           double          width,
           PangoAlignment  align,
           double          size,
           gboolean        bold)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string (FONT_FAMILY);
  int h;

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, text, -1);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_alignment (layout, align);
    }
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_pixel_size (layout, NULL, &h);
  return h;
}

static void
draw_rule (cairo_t *cr,
           double   y,
           double   x_end,
           double   width)
{
  cairo_set_line_width (cr, width);
  cairo_move_to (cr, MARGIN, y);
  cairo_line_to (cr, x_end, y);
  cairo_stroke (cr);
}

static cairo_status_t
append_to_array (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static char *
iso_to_words (const char *iso)
{
  MsBillingDay day = ms_billing_day_from_iso (iso);

  return day != 0 ? format_day (day, word (NULL, "date_format")) : g_strdup (iso);
}

/* The title, the issuer on the right, the recipient, the number and the dates, and what is
 * due in large. */
static void
draw_header (cairo_t    *cr,
             JsonObject *document,
             JsonObject *issuer,
             JsonObject *period)
{
  const double content = PAGE_WIDTH - 2 * MARGIN;
  double y;

  /* Title, and the issuer on the right. */
  y = MARGIN;
  draw_text (cr, word (NULL, "title"), MARGIN, y, 0, PANGO_ALIGN_LEFT, 24, TRUE);
  draw_text (cr, word (NULL, "subtitle"), MARGIN, y + 32, 0, PANGO_ALIGN_LEFT, 10, FALSE);
  {
    double x = PAGE_WIDTH / 2 + 20, w = PAGE_WIDTH - MARGIN - x, iy = y;
    g_autofree char *registration = g_strdup_printf ("%s：%s",
                                                     word ("labels", "registration_number"),
                                                     json_object_get_string_member (issuer, "registration_number"));

    iy += draw_text (cr, json_object_get_string_member (issuer, "name"), x, iy, w,
                     PANGO_ALIGN_RIGHT, 11, TRUE) + 2;
    iy += draw_text (cr, registration, x, iy, w, PANGO_ALIGN_RIGHT, 9, FALSE) + 2;
    draw_text (cr, json_object_get_string_member_with_default (issuer, "address", ""), x, iy, w,
               PANGO_ALIGN_RIGHT, 8, FALSE);
  }

  /* The recipient, the number and the dates. */
  y = MARGIN + 96;
  {
    g_autofree char *to = g_strdup_printf ("%s %s",
                                           json_object_get_string_member (document, "recipient"),
                                           word (NULL, "recipient_suffix"));
    g_autofree char *issued = iso_to_words (json_object_get_string_member (document, "issued_on"));
    g_autofree char *due = iso_to_words (json_object_get_string_member (document, "due_on"));
    const char *labels[] = { "number", "issued", "due", "period" };
    const char *values[] = { json_object_get_string_member (document, "number"), issued, due,
                             json_object_get_string_member (period, "label") };

    draw_text (cr, to, MARGIN, y, content / 2, PANGO_ALIGN_LEFT, 15, TRUE);
    draw_rule (cr, y + 24, PAGE_WIDTH / 2, 0.8);
    for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
      {
        draw_text (cr, word ("labels", labels[i]), PAGE_WIDTH / 2 + 20, y + 15 * i, 70,
                   PANGO_ALIGN_LEFT, 9, FALSE);
        draw_text (cr, values[i], PAGE_WIDTH / 2 + 80, y + 15 * i,
                   PAGE_WIDTH - MARGIN - PAGE_WIDTH / 2 - 80, PANGO_ALIGN_RIGHT, 9, FALSE);
      }
  }

  /* What is due, in large. */
  y = MARGIN + 170;
  {
    g_autofree char *total = ms_billing_format_yen (ms_invoice_get_total (document));

    draw_text (cr, word ("labels", "total"), MARGIN, y + 6, 200, PANGO_ALIGN_LEFT, 11, TRUE);
    draw_text (cr, total, MARGIN + 200, y, 150, PANGO_ALIGN_RIGHT, 20, TRUE);
    draw_rule (cr, y + 30, PAGE_WIDTH - MARGIN, 1.2);
  }
}

/* The lines, from below the total due. Returns: where the next block goes */
static double
draw_lines (cairo_t    *cr,
            JsonObject *document,
            JsonArray  *lines)
{
  const double amount_x = PAGE_WIDTH - MARGIN - 120;
  gboolean inclusive = json_object_get_boolean_member_with_default (document,
                                                                    "prices_include_tax",
                                                                    FALSE);
  double y;

  /* The lines. */
  y = MARGIN + 230;
  draw_text (cr, word ("labels", "description"), MARGIN, y, 300, PANGO_ALIGN_LEFT, 9, TRUE);
  draw_text (cr, word ("labels", inclusive ? "amount_including_tax" : "amount_excluding_tax"),
             amount_x, y, 120, PANGO_ALIGN_RIGHT, 9, TRUE);
  y += 16;
  draw_rule (cr, y, PAGE_WIDTH - MARGIN, 0.5);
  y += 6;
  for (guint i = 0; i < json_array_get_length (lines); i++)
    {
      JsonObject *line = json_array_get_object_element (lines, i);
      g_autofree char *amount = ms_billing_format_yen (json_object_get_int_member (line, "amount"));
      g_autofree char *rate = g_strdup_printf ("%s  (%" G_GINT64_FORMAT "%%)", amount,
                                               json_object_get_int_member (line, "tax_rate"));
      double h;

      h = draw_text (cr, json_object_get_string_member (line, "description"), MARGIN, y,
                     amount_x - MARGIN - 12, PANGO_ALIGN_LEFT, 9, FALSE);
      draw_text (cr, rate, amount_x - 20, y, 140, PANGO_ALIGN_RIGHT, 9, FALSE);
      y += MAX (h, 12) + 8;
    }
  draw_rule (cr, y, PAGE_WIDTH - MARGIN, 0.5);
  y += 10;
  return y;
}

/* The totals per tax rate, the total, and the notes, from @y. */
static void
draw_totals_and_notes (cairo_t    *cr,
                       JsonObject *document,
                       JsonArray  *tax,
                       double      y)
{
  const double content = PAGE_WIDTH - 2 * MARGIN;
  const double amount_x = PAGE_WIDTH - MARGIN - 120;
  const char *corrects = json_object_get_string_member_with_default (document, "corrects", NULL);
  const char *reason = json_object_get_string_member_with_default (document, "reason", NULL);

  /* Per rate: the total of its lines with the rate shown, and its tax. */
  for (guint i = 0; i < json_array_get_length (tax); i++)
    {
      JsonObject *t = json_array_get_object_element (tax, i);
      g_autofree char *rate = g_strdup_printf ("%" G_GINT64_FORMAT,
                                               json_object_get_int_member (t, "rate"));
      g_autofree char *base_label = fill (word ("labels", "rate_total"), "rate", rate, NULL);
      g_autofree char *tax_label = fill (word ("labels", "tax"), "rate", rate, NULL);
      g_autofree char *base = ms_billing_format_yen (json_object_get_int_member (t, "base"));
      g_autofree char *amount = ms_billing_format_yen (json_object_get_int_member (t, "tax"));

      draw_text (cr, base_label, PAGE_WIDTH / 2, y, 140, PANGO_ALIGN_LEFT, 9, FALSE);
      draw_text (cr, base, amount_x, y, 120, PANGO_ALIGN_RIGHT, 9, FALSE);
      y += 14;
      draw_text (cr, tax_label, PAGE_WIDTH / 2, y, 140, PANGO_ALIGN_LEFT, 9, FALSE);
      draw_text (cr, amount, amount_x, y, 120, PANGO_ALIGN_RIGHT, 9, FALSE);
      y += 18;
    }
  {
    g_autofree char *total = ms_billing_format_yen (ms_invoice_get_total (document));

    draw_text (cr, word ("labels", "total"), PAGE_WIDTH / 2, y, 160, PANGO_ALIGN_LEFT, 10, TRUE);
    draw_text (cr, total, amount_x, y, 120, PANGO_ALIGN_RIGHT, 10, TRUE);
    y += 30;
  }

  /* Notes: a correction names what it corrects; how tax was rounded; how to pay. */
  if (corrects != NULL)
    {
      g_autofree char *note = fill (word ("labels", "corrects"), "number", corrects, NULL);

      y += draw_text (cr, note, MARGIN, y, content, PANGO_ALIGN_LEFT, 9, TRUE) + 4;
      if (reason != NULL)
        {
          g_autofree char *why = fill (word ("labels", "reason"), "reason", reason, NULL);

          y += draw_text (cr, why, MARGIN, y, content, PANGO_ALIGN_LEFT, 9, FALSE) + 4;
        }
    }
  y += draw_text (cr, word ("rounding", json_object_get_string_member_with_default (document,
                                                                                    "tax_rounding",
                                                                                    "floor")),
                  MARGIN, y, content, PANGO_ALIGN_LEFT, 8, FALSE) + 4;
  draw_text (cr, word ("labels", "payment"), MARGIN, y, content, PANGO_ALIGN_LEFT, 8, FALSE);
}

/**
 * ms_invoice_render_pdf:
 *
 * Draws @document on an A4 page: every item a qualified invoice needs.
 *
 * Returns: (transfer full): the PDF
 */
GBytes *
ms_invoice_render_pdf (JsonObject  *document,
                       GError     **error)
{
  g_autoptr(GByteArray) pdf = g_byte_array_new ();
  JsonObject *issuer = json_object_get_object_member (document, "issuer");
  JsonObject *period = json_object_get_object_member (document, "period");
  JsonArray *lines = json_object_get_array_member (document, "lines");
  JsonArray *tax = json_object_get_array_member (document, "tax");
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  double y;

  if (issuer == NULL || period == NULL || lines == NULL || tax == NULL)
    {
      g_set_error_literal (error, MS_BILLING_ERROR, MS_BILLING_ERROR_INVALID,
                           _("This invoice cannot be read. Update MsgScore."));
      return NULL;
    }

  surface = cairo_pdf_surface_create_for_stream (append_to_array, pdf, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                  json_object_get_string_member (document, "number"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "MsgScore");
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.12);

  draw_header (cr, document, issuer, period);
  y = draw_lines (cr, document, lines);
  draw_totals_and_notes (cr, document, tax, y);

  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, MS_BILLING_ERROR, MS_BILLING_ERROR_INVALID,
                   /* Translators: %s is cairo's reason */
                   _("The invoice could not be drawn: %s"), cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&pdf));
}
