/* ms-sync-backoff.h — when to try again: exponential backoff with jitter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint   base_ms;      /* the first delay */
  guint   max_ms;       /* no delay is longer (Retry-After aside) */
  guint   attempt;      /* failures in a row */
  guint32 rng;          /* xorshift state; never 0 */
} MsSyncBackoff;

#define MS_SYNC_BACKOFF_BASE_MS 1000
#define MS_SYNC_BACKOFF_MAX_MS  (5 * 60 * 1000)

void    ms_sync_backoff_init              (MsSyncBackoff *self,
                                           guint          base_ms,
                                           guint          max_ms,
                                           guint32        seed);
void    ms_sync_backoff_reset             (MsSyncBackoff *self);
guint   ms_sync_backoff_next              (MsSyncBackoff *self,
                                           gint64         retry_after_ms);
gint64  ms_sync_backoff_parse_retry_after (const char    *header,
                                           gint64         now_usec);

G_END_DECLS
