/* ms-sync-backoff.c — when to try again: exponential backoff with jitter
 *
 * Pure: no clock, no main loop. The n-th failure in a row waits a random
 * time in [d/2, d] with d = min(max, base · 2^n) ("equal jitter": never
 * hammering, never synchronised with other clients). A server that says
 * Retry-After is obeyed: the delay is at least what it asked for (plus up
 * to a tenth more, so clients told the same time do not return together),
 * even beyond max_ms.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-sync"

#include "config.h"

#include <stdio.h>

#include "ms-sync-backoff.h"

static guint32
next_random (MsSyncBackoff *self)
{
  guint32 x = self->rng;

  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  self->rng = x;
  return x;
}

/**
 * ms_sync_backoff_init:
 * @seed: seeds the jitter; 0 picks a random seed
 */
void
ms_sync_backoff_init (MsSyncBackoff *self,
                      guint          base_ms,
                      guint          max_ms,
                      guint32        seed)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (base_ms > 0 && max_ms >= base_ms);

  self->base_ms = base_ms;
  self->max_ms = max_ms;
  self->attempt = 0;
  while (seed == 0)
    seed = g_random_int ();
  self->rng = seed;
}

/**
 * ms_sync_backoff_reset:
 *
 * After a success: the next failure waits the base delay again.
 */
void
ms_sync_backoff_reset (MsSyncBackoff *self)
{
  g_return_if_fail (self != NULL);
  self->attempt = 0;
}

/**
 * ms_sync_backoff_next:
 * @retry_after_ms: what the server asked for, or -1
 *
 * Counts a failure.
 *
 * Returns: how long to wait before the next attempt, in milliseconds
 */
guint
ms_sync_backoff_next (MsSyncBackoff *self,
                      gint64         retry_after_ms)
{
  guint64 ceiling;
  guint delay;

  g_return_val_if_fail (self != NULL, 0);

  ceiling = self->base_ms;
  for (guint i = 0; i < self->attempt && ceiling < self->max_ms; i++)
    ceiling *= 2;
  ceiling = MIN (ceiling, self->max_ms);
  if (self->attempt < 32)
    self->attempt++;

  delay = (guint) (ceiling / 2 + next_random (self) % (ceiling / 2 + 1));

  if (retry_after_ms >= 0)
    {
      guint64 wanted = (guint64) MIN (retry_after_ms, (gint64) 24 * 3600 * 1000);
      guint64 spread = wanted / 10 + 1;

      delay = (guint) (wanted + next_random (self) % spread);
    }

  return delay;
}

/**
 * ms_sync_backoff_parse_retry_after:
 * @header: (nullable): a Retry-After value: delay-seconds or an HTTP date
 * @now_usec: the current real time, for a date
 *
 * Returns: the delay in milliseconds (0 for a date in the past), or -1 when
 *   @header is missing or unreadable
 */
gint64
ms_sync_backoff_parse_retry_after (const char *header,
                                   gint64      now_usec)
{
  g_autoptr(GDateTime) when = NULL;
  const char *p;
  guint64 seconds;
  char *end = NULL;

  if (header == NULL)
    return -1;
  while (g_ascii_isspace (*header))
    header++;
  if (*header == '\0')
    return -1;

  if (g_ascii_isdigit (*header))
    {
      seconds = g_ascii_strtoull (header, &end, 10);
      for (p = end; g_ascii_isspace (*p); p++)
        ;
      if (*p != '\0' || seconds > 7 * 24 * 3600)
        return -1;
      return (gint64) seconds * 1000;
    }

  /* IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT". */
  {
    static const char * const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    char wday[4], mon[4], zone[4];
    int day, year, hour, min, sec, month = -1;

    if (sscanf (header, "%3s, %d %3s %d %d:%d:%d %3s", wday, &day, mon, &year,
                &hour, &min, &sec, zone) != 8 || g_strcmp0 (zone, "GMT") != 0)
      return -1;
    for (guint i = 0; i < G_N_ELEMENTS (months); i++)
      if (g_str_equal (mon, months[i]))
        month = (int) i + 1;
    if (month < 0)
      return -1;
    when = g_date_time_new_utc (year, month, day, hour, min, sec);
    if (when == NULL)
      return -1;
    return MAX (0, (g_date_time_to_unix (when) * G_USEC_PER_SEC - now_usec) / 1000);
  }
}
