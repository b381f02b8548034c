/* ms-channel.h — the channels a message is written for, and their limits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  MS_CHANNEL_EMAIL,
  MS_CHANNEL_LINE,
} MsChannel;

#define MS_TYPE_CHANNEL (ms_channel_get_type ())

/* Limits of a channel, read from data/channels.json (sources in DOMAIN.md). */
typedef struct
{
  guint line_bubble_max_characters;   /* LINE Official Account Manager: per text bubble */
  guint line_max_bubbles;             /* bubbles per send that count as one message */
  guint line_api_max_utf16_units;     /* LINE Messaging API: per text object */
} MsChannelLimits;

GType                  ms_channel_get_type           (void) G_GNUC_CONST;
const char            *ms_channel_to_string          (MsChannel channel);
gboolean               ms_channel_from_string        (const char *name,
                                                      MsChannel  *channel);
const MsChannelLimits *ms_channel_limits_get_default (void);

G_END_DECLS
