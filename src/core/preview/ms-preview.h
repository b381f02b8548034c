/* ms-preview.h — where each surface cuts a message (pure: no drawing)
 *
 * Device profiles come from data/devices.json. For each surface the core
 * decides, from per-character advance widths in em (full-width = 1 em), which
 * text is visible on which line and where it is cut; the preview widgets draw
 * exactly those lines, so the warning and the picture always agree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ms-channel.h"

G_BEGIN_DECLS

#define MS_PREVIEW_ERROR (ms_preview_error_quark ())

typedef enum
{
  MS_PREVIEW_ERROR_INVALID_PROFILE,
} MsPreviewError;

/* What a surface shows; each surface of a device lays out some of these. */
typedef enum
{
  MS_PREVIEW_SLOT_SENDER,
  MS_PREVIEW_SLOT_SUBJECT,
  MS_PREVIEW_SLOT_SNIPPET,     /* preheader (or body when empty) after the subject */
  MS_PREVIEW_SLOT_BUBBLE,      /* a LINE talk bubble, newlines kept */
  MS_PREVIEW_SLOT_LIST_TEXT,   /* LINE chat list row / push notification text */
  MS_PREVIEW_SLOT_N
} MsPreviewSlot;

/* How a surface looks, which the app draws ("drawing": {"surface"} of a
 * profile in devices.json). A profile added to the data with one of these
 * draws without new code. */
typedef enum
{
  MS_PREVIEW_SURFACE_INBOX_LIST,    /* a phone's mail inbox: sender, subject, snippet lines */
  MS_PREVIEW_SURFACE_INBOX_ROW,     /* webmail: sender, subject and snippet on one row */
  MS_PREVIEW_SURFACE_INBOX_CARDS,   /* a mail app with avatars: one line each */
  MS_PREVIEW_SURFACE_TALK,          /* a chat: the account's icon, then its bubbles */
  MS_PREVIEW_SURFACE_CHAT_LIST,     /* a chat list row: icon, name, the start of the text */
  MS_PREVIEW_SURFACE_NOTIFICATION,  /* a notification on a lock screen */
  MS_PREVIEW_SURFACE_N
} MsPreviewSurface;

typedef struct _MsDeviceProfile MsDeviceProfile;

/* One slot's layout decision. Offsets are Unicode code points into the
 * source text of the slot (subject, preheader, body, or bubble).
 *
 * The source text is the string passed in, unchanged: the sender or account
 * name, the subject, the preheader (or the body when the preheader is empty
 * or only white space) for the snippet, a bubble, or the first bubble for the
 * LINE list text.
 *
 * visible_chars is the cut point: the number of leading code points of that
 * source text that the lines show. Every code point before the cut counts,
 * including white space that the slot collapses or drops (a run of spaces and
 * newlines shown as one space counts as the whole run; leading white space
 * counts). When the slot is not truncated, visible_chars == source_chars.
 *
 * Slots other than bubbles collapse each run of white space (spaces, tabs,
 * newlines) to one space and drop it at the start and the end, as mail
 * clients do; bubbles keep the text as it is and start a new line at each
 * newline. So for a one-line slot, lines[0] without a trailing “…” equals the
 * first visible_chars code points of the source with white space collapsed
 * that way and trailing white space dropped. In a multi-line slot, a space at
 * which a line wraps is not drawn. A slot that is cut always ends its last
 * line with “…” (U+2026). A hidden slot has no lines and visible_chars 0. */
typedef struct
{
  MsPreviewSlot  slot;
  char         **lines;          /* visible lines, ellipsis included, NULL-terminated */
  gboolean       truncated;      /* some source text is not visible */
  guint          visible_chars;  /* code points of source text shown (cut point) */
  guint          source_chars;   /* code points in the source text */
  gboolean       hidden;         /* no room at all (e.g. Gmail snippet pushed out) */
  /* Added after the first draft: */
  double         width_em;       /* widest line drawn, ellipsis included */
  guint          over_limit_chars; /* bubble: characters over the LINE limit (500), else 0 */
} MsPreviewSlotLayout;

typedef struct _MsPreviewLayout MsPreviewLayout;

GQuark                     ms_preview_error_quark         (void);

/* Device profiles, loaded once from data/devices.json (id order as in the file). */
GPtrArray                 *ms_device_profiles_get_default (void);
/* Profiles from another devices.json document (the array owns them). */
GPtrArray                 *ms_device_profiles_new_from_data (const char         *json,
                                                             GError            **error) G_GNUC_WARN_UNUSED_RESULT;
const MsDeviceProfile     *ms_device_profile_lookup       (const char            *id);
const char                *ms_device_profile_get_id       (const MsDeviceProfile *profile);
const char                *ms_device_profile_get_name     (const MsDeviceProfile *profile); /* in the UI language */
const char                *ms_device_profile_get_name_in  (const MsDeviceProfile *profile,
                                                           const char            *language);
MsChannel                  ms_device_profile_get_channel  (const MsDeviceProfile *profile);
double                     ms_device_profile_get_font_px  (const MsDeviceProfile *profile);
MsPreviewSurface           ms_device_profile_get_surface  (const MsDeviceProfile *profile);
/* The drawing's width in logical pixels (the device's screen, or a webmail row). */
double                     ms_device_profile_get_width_px (const MsDeviceProfile *profile);
double                     ms_device_profile_get_slot_width_em (const MsDeviceProfile *profile,
                                                                MsPreviewSlot          slot);
guint                      ms_device_profile_get_slot_lines    (const MsDeviceProfile *profile,
                                                                MsPreviewSlot          slot);
gboolean                   ms_device_profile_has_slot     (const MsDeviceProfile *profile,
                                                           MsPreviewSlot          slot);
/* Non-NULL (e.g. " - ") when @slot continues the previous slot's row instead of
 * starting its own (Gmail desktop: the snippet after the subject). The widget
 * draws the separator, then the slot's line; the layout left room for both. */
const char                *ms_device_profile_get_slot_separator (const MsDeviceProfile *profile,
                                                                 MsPreviewSlot          slot);

/* The advance of one grapheme cluster in em, as the profiles' font class has it. */
double                     ms_preview_cluster_advance_em  (const char            *cluster_start,
                                                           const char            *cluster_end);

/* Lays a message out on a device. Any text may be NULL (treated as empty).
 * ms_preview_layout_email() needs an email profile; its slots come in the
 * order sender, subject, snippet (those the profile has).
 * ms_preview_layout_line() needs a LINE profile and a NULL-terminated array of
 * bubbles (may be NULL); its slots are the account name, then one BUBBLE slot
 * per bubble (line_bubble) or one LIST_TEXT slot made from the first bubble. */
MsPreviewLayout           *ms_preview_layout_email        (const MsDeviceProfile *profile,
                                                           const char            *sender,
                                                           const char            *subject,
                                                           const char            *preheader,
                                                           const char            *body);
MsPreviewLayout           *ms_preview_layout_line         (const MsDeviceProfile *profile,
                                                           const char            *account_name,
                                                           const char * const    *bubbles);
MsPreviewLayout           *ms_preview_layout_ref          (MsPreviewLayout       *layout);
void                       ms_preview_layout_unref        (MsPreviewLayout       *layout);
const MsDeviceProfile     *ms_preview_layout_get_profile  (MsPreviewLayout       *layout);
guint                      ms_preview_layout_get_n_slots  (MsPreviewLayout       *layout);
const MsPreviewSlotLayout *ms_preview_layout_get_slot     (MsPreviewLayout       *layout,
                                                           guint                  index);
const MsPreviewSlotLayout *ms_preview_layout_find_slot    (MsPreviewLayout       *layout,
                                                           MsPreviewSlot          slot,
                                                           guint                  nth);
/* Translated, actionable warnings, e.g. “件名が20文字目で切れます”; NULL-terminated. */
char                     **ms_preview_layout_dup_warnings (MsPreviewLayout       *layout);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsPreviewLayout, ms_preview_layout_unref)

G_END_DECLS
