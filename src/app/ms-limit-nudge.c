/* ms-limit-nudge.c — a quiet note when a plan limit is near, at most once a day
 *
 * From plans.json "limit_nudge_share" of a limit (the 4th of Free's 5
 * saves a day), the page that used it says what is left and which plan
 * has more, in a toast that blocks nothing. Each limit's note shows at
 * most once a calendar day of the limits (Asia/Tokyo), remembered in
 * the settings ("limit-nudges": limit@day-start of the days it showed).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-limit-nudge"

#include "config.h"

#include <string.h>

#include "ms-limit-nudge.h"

/**
 * ms_limit_nudge_take:
 * @settings: the application's settings
 * @limit: the limit a note is due for
 * @now: the time now, in microseconds since the epoch
 *
 * Returns: %TRUE when @limit had no note today: it has one now
 *   (remembered); %FALSE when it had one
 */
gboolean
ms_limit_nudge_take (GSettings *settings,
                     MsLimit    limit,
                     gint64     now)
{
  g_auto(GStrv) shown = g_settings_get_strv (settings, "limit-nudges");
  g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;
  g_autofree char *today = NULL;
  gint64 start, end;

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);

  ms_entitlements_get_limit_day (now, &start, &end);
  today = g_strdup_printf ("%s@%" G_GINT64_FORMAT, ms_limit_to_string (limit),
                           start / G_USEC_PER_SEC);
  if (g_strv_contains ((const char * const *) shown, today))
    return FALSE;
  /* Only today's notes are worth keeping. */
  for (guint i = 0; shown[i] != NULL; i++)
    if (g_str_has_suffix (shown[i], strchr (today, '@')))
      g_strv_builder_add (kept, shown[i]);
  g_strv_builder_add (kept, today);
  updated = g_strv_builder_end (kept);
  g_settings_set_strv (settings, "limit-nudges", (const char * const *) updated);
  return TRUE;
}
