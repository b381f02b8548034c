/* ms-team-stats-csv.c — the member stats table as CSV
 *
 * One row for the team, then one per member listed, for one month of the
 * figures: what the Stats page's table shows, in the user's language,
 * numbers as a spreadsheet reads them (averages with one decimal, shares
 * and their changes in percent). The CSV writer quotes and defuses cells
 * a spreadsheet would run as a formula (a member may name themself "=…").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-io"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "ms-csv-writer.h"
#include "ms-team-stats-csv.h"

static void
add_number (MsCsvWriter *writer,
            double       value,
            double       scale,
            gboolean     sign)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    {
      ms_csv_writer_add_field (writer, "");
      return;
    }
  value = round (value * scale * 10) / 10;
  if (value == 0)
    value = 0;   /* no "-0.0" */
  g_ascii_formatd (buffer, sizeof buffer, sign ? "%+.1f" : "%.1f", value);
  ms_csv_writer_add_field (writer, buffer);
}

static void
add_series (MsCsvWriter             *writer,
            const char              *name,
            const char              *role,
            const char              *month_label,
            const MsTeamStatsSeries *series,
            guint                    month,
            gboolean                 is_current)
{
  const MsTeamStatsMonth *m = &series->months[month];
  double before_average = month > 0 ? series->months[month - 1].average : NAN;
  double before_share = month > 0 ? series->months[month - 1].below_min : NAN;
  g_autofree char *scorings = g_strdup_printf ("%u", m->scorings);

  ms_csv_writer_add_field (writer, name);
  ms_csv_writer_add_field (writer, role);
  ms_csv_writer_add_field (writer, month_label);
  ms_csv_writer_add_field (writer, scorings);
  add_number (writer, m->average, 1, FALSE);
  add_number (writer, is_current ? series->average_change : m->average - before_average, 1, TRUE);
  add_number (writer, m->below_min, 100, FALSE);
  add_number (writer, is_current ? series->below_min_change : m->below_min - before_share, 100,
              TRUE);
  ms_csv_writer_add_field (writer, m->has_top_goal ? ms_goal_get_label (m->top_goal) : "");
  ms_csv_writer_end_row (writer);
}

/**
 * ms_team_stats_to_csv:
 * @month: the month of the figures to write (0 the oldest)
 *
 * Returns: (transfer full): the table as CSV in @encoding
 */
GBytes *
ms_team_stats_to_csv (MsTeamStats  *stats,
                      guint         month,
                      MsEncoding    encoding,
                      GError      **error)
{
  g_autoptr(MsCsvWriter) writer = ms_csv_writer_new ();
  const char *label;
  const char * const columns[] = {
    _("Member"), _("Role"), _("Month"), _("Scorings saved"), _("Average score"),
    _("Change from the month before (points)"), _("Below the minimum (%)"),
    _("Change from the month before (percentage points)"), _("Most used goal"), NULL,
  };
  gboolean is_current;

  g_return_val_if_fail (MS_IS_TEAM_STATS (stats), NULL);
  g_return_val_if_fail (month < ms_team_stats_get_n_months (stats), NULL);

  label = ms_team_stats_get_month (stats, month);
  is_current = month + 1 == ms_team_stats_get_n_months (stats);
  ms_csv_writer_add_row (writer, columns);
  add_series (writer, _("Whole team"), "", label, ms_team_stats_get_team_series (stats), month,
              is_current);
  for (guint i = 0; i < ms_team_stats_get_n_members (stats); i++)
    {
      const MsTeamStatsSeries *series = ms_team_stats_get_member (stats, i);

      add_series (writer, series->name,
                  g_strcmp0 (series->role, "owner") == 0 ? _("Owner") : _("Member"), label,
                  series, month, is_current);
    }
  return ms_csv_writer_finish (writer, encoding, error);
}
