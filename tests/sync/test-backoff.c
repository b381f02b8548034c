/* test-backoff.c — exponential backoff with jitter, Retry-After
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sync/ms-sync-backoff.h"

static void
test_grows_and_caps (void)
{
  MsSyncBackoff backoff;
  guint ceiling = 1000;

  ms_sync_backoff_init (&backoff, 1000, 60000, 42);
  for (guint i = 0; i < 12; i++)
    {
      guint delay = ms_sync_backoff_next (&backoff, -1);

      g_assert_cmpuint (delay, >=, ceiling / 2);
      g_assert_cmpuint (delay, <=, ceiling);
      ceiling = MIN (ceiling * 2, 60000);
    }
  ms_sync_backoff_reset (&backoff);
  g_assert_cmpuint (ms_sync_backoff_next (&backoff, -1), <=, 1000);
}

static void
test_jitter_spreads (void)
{
  MsSyncBackoff a, b;
  guint same = 0;

  ms_sync_backoff_init (&a, 1000, 60000, 1);
  ms_sync_backoff_init (&b, 1000, 60000, 2);
  for (guint i = 0; i < 8; i++)
    same += ms_sync_backoff_next (&a, -1) == ms_sync_backoff_next (&b, -1);
  g_assert_cmpuint (same, <, 3);
}

static void
test_seeded_is_reproducible (void)
{
  MsSyncBackoff a, b;

  ms_sync_backoff_init (&a, 500, 30000, 7);
  ms_sync_backoff_init (&b, 500, 30000, 7);
  for (guint i = 0; i < 10; i++)
    g_assert_cmpuint (ms_sync_backoff_next (&a, -1), ==, ms_sync_backoff_next (&b, -1));
}

static void
test_retry_after_wins (void)
{
  MsSyncBackoff backoff;
  guint delay;

  ms_sync_backoff_init (&backoff, 1000, 60000, 3);
  /* Beyond max, as asked. */
  delay = ms_sync_backoff_next (&backoff, 120000);
  g_assert_cmpuint (delay, >=, 120000);
  g_assert_cmpuint (delay, <=, 132001);
  /* Shorter than the backoff would be: still at least what was asked. */
  delay = ms_sync_backoff_next (&backoff, 2000);
  g_assert_cmpuint (delay, >=, 2000);
  g_assert_cmpuint (delay, <=, 2201);
}

static void
test_parse_retry_after (void)
{
  /* 2026-11-21 10:00:00 UTC */
  gint64 now = (gint64) 1795255200 * G_USEC_PER_SEC;

  g_assert_cmpint (ms_sync_backoff_parse_retry_after (NULL, now), ==, -1);
  g_assert_cmpint (ms_sync_backoff_parse_retry_after ("", now), ==, -1);
  g_assert_cmpint (ms_sync_backoff_parse_retry_after ("120", now), ==, 120000);
  g_assert_cmpint (ms_sync_backoff_parse_retry_after (" 0 ", now), ==, 0);
  g_assert_cmpint (ms_sync_backoff_parse_retry_after ("12abc", now), ==, -1);
  g_assert_cmpint (ms_sync_backoff_parse_retry_after ("-5", now), ==, -1);
  g_assert_cmpint (ms_sync_backoff_parse_retry_after ("Sat, 21 Nov 2026 10:01:30 GMT", now), ==,
                   90000);
  g_assert_cmpint (ms_sync_backoff_parse_retry_after ("Sat, 21 Nov 2026 09:00:00 GMT", now), ==,
                   0);
  g_assert_cmpint (ms_sync_backoff_parse_retry_after ("Sat, 21 Foo 2026 09:00:00 GMT", now), ==,
                   -1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ms/sync/backoff/grows-and-caps", test_grows_and_caps);
  g_test_add_func ("/ms/sync/backoff/jitter-spreads", test_jitter_spreads);
  g_test_add_func ("/ms/sync/backoff/seeded", test_seeded_is_reproducible);
  g_test_add_func ("/ms/sync/backoff/retry-after", test_retry_after_wins);
  g_test_add_func ("/ms/sync/backoff/parse-retry-after", test_parse_retry_after);

  return g_test_run ();
}
