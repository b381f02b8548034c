/* ms-campaign-json.c — a campaign row as the sync protocol sends it
 *
 * {id, natural_key, sent_on, channel, subject, body, recipients, open_rate,
 * ctr, cv_count, cv_type}: README-sync.md, campaign_result.put_many.
 *
 * Built by hand, with JSON escaping, because a push sends 500 rows per
 * mutation and 100,000 after a large import: a JsonBuilder per row costs
 * more than reading the row. Rates print as "%.10g" would, without printf
 * for the usual few decimals.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include <math.h>

#include "ms-campaign-json.h"

static void
append_json_name (GString    *s,
                  const char *name)
{
  g_string_append_c (s, '"');
  g_string_append (s, name);
  g_string_append (s, "\":");
}

static void
append_json_string (GString    *s,
                    const char *name,
                    const char *value)
{
  append_json_name (s, name);
  if (value == NULL)
    {
      g_string_append (s, "null,");
      return;
    }
  g_string_append_c (s, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      /* copy the run of characters that need no escape in one go */
      const char *run = p;

      while ((guchar) *p >= 0x20 && *p != '"' && *p != '\\')
        p++;
      if (p > run)
        g_string_append_len (s, run, p - run);
      if (*p == '\0')
        break;
      switch (*p)
        {
        case '"': g_string_append (s, "\\\""); break;
        case '\\': g_string_append (s, "\\\\"); break;
        case '\n': g_string_append (s, "\\n"); break;
        case '\r': g_string_append (s, "\\r"); break;
        case '\t': g_string_append (s, "\\t"); break;
        default:
          if ((guchar) *p < 0x20)
            g_string_append_printf (s, "\\u%04x", (guchar) *p);
          else
            g_string_append_c (s, *p);
        }
    }
  g_string_append (s, "\",");
}

/* Decimal digits of @v into the end of @buf; returns where they start. */
static char *
format_uint (char    *end,
             guint64  v)
{
  *--end = '\0';
  do
    *--end = (char) ('0' + v % 10);
  while ((v /= 10) != 0);
  return end;
}

static void
append_json_int (GString    *s,
                 const char *name,
                 gint64      value)
{
  char buf[24];

  append_json_name (s, name);
  if (value < 0)
    g_string_append (s, "null,");
  else
    {
      g_string_append (s, format_uint (buf + sizeof buf, (guint64) value));
      g_string_append_c (s, ',');
    }
}

/* As printf's "%.10g", without printf for the common case: rates read from
 * files have a few decimals ("23.4%" = 0.234), which print exactly as a
 * fraction of 10^6 with the trailing zeros dropped. */
static void
append_json_rate (GString    *s,
                  const char *name,
                  double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  double micro = nearbyint (value * 1e6);

  append_json_name (s, name);
  if (isnan (value))
    {
      g_string_append (s, "null,");
      return;
    }
  /* within 1e-14 of a whole number of millionths: "%.10g" rounds to it
   * (its last digit is 1e-13 or coarser for values ≥ 1e-4) */
  if (value >= 1e-4 && value <= 1.0 && fabs (value - micro / 1e6) < 1e-14)
    {
      guint64 m = (guint64) micro;
      char digits[8];
      int n = 6;

      g_string_append_c (s, m >= 1000000 ? '1' : '0');
      m %= 1000000;
      for (int i = 5; i >= 0; i--, m /= 10)
        digits[i] = (char) ('0' + m % 10);
      while (n > 0 && digits[n - 1] == '0')
        n--;
      if (n > 0)
        {
          g_string_append_c (s, '.');
          g_string_append_len (s, digits, n);
        }
      g_string_append_c (s, ',');
      return;
    }
  g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.10g", value));
  g_string_append_c (s, ',');
}

/**
 * _ms_campaign_row_append_json:
 * @id: the row's UUID
 *
 * Appends @row as the object campaign_result.put_many sends.
 */
void
_ms_campaign_row_append_json (GString             *s,
                              const MsCampaignRow *row,
                              const char          *id)
{
  g_string_append_c (s, '{');
  append_json_string (s, "id", id);
  append_json_string (s, "natural_key", row->natural_key);
  append_json_string (s, "sent_on", row->sent_on);
  append_json_string (s, "channel", ms_channel_to_string (row->channel));
  append_json_string (s, "subject", row->subject);
  append_json_string (s, "body", row->body != NULL ? row->body : "");
  append_json_int (s, "recipients", row->recipients);
  append_json_rate (s, "open_rate", row->open_rate);
  append_json_rate (s, "ctr", row->ctr);
  append_json_int (s, "cv_count", row->cv_count);
  append_json_string (s, "cv_type", row->cv_type);
  g_string_truncate (s, s->len - 1);
  g_string_append_c (s, '}');
}
