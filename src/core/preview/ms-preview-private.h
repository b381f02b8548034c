/* ms-preview-private.h — device profiles as parsed from devices.json
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-preview.h"

G_BEGIN_DECLS

/* Per-character advances in em, shared by every profile of one file. */
typedef struct
{
  double ascii[128];        /* advance of each ASCII character (controls 0) */
  double full_width;
  double uppercase;
  double lowercase;
  double digit;
  double space;
  double punctuation;
  double other;
  double half_width_kana;
  double ellipsis;
} MsAdvances;

typedef struct
{
  gboolean present;
  double   width_em;
  guint    lines;           /* 0: no limit */
  int      same_row_as;     /* MsPreviewSlot, or -1 for a row of its own */
  char    *separator;       /* drawn before the slot when it shares a row */
  double   min_width_em;    /* below this much room the slot is hidden */
} MsSlotSpec;

struct _MsDeviceProfile
{
  char       *id;
  char       *name_en;
  char       *name_ja;
  MsChannel   channel;
  double      font_px;
  MsPreviewSurface surface;
  double      width_px;
  MsSlotSpec  slots[MS_PREVIEW_SLOT_N];
  MsAdvances  advances;
};

/* Parses a devices.json document; the array owns its profiles. */
GPtrArray *_ms_device_profiles_parse  (const char            *json,
                                       GError               **error);
double     _ms_advances_cluster_em    (const MsAdvances      *advances,
                                       const char            *cluster_start,
                                       const char            *cluster_end);

G_END_DECLS
