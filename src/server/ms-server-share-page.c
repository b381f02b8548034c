/* ms-server-share-page.c — the page of a share link: a snapshot checked, then
 * drawn as HTML from the templates of resources/server/
 *
 * The previews come from the same core decisions as the app's
 * (src/core/preview): for each device profile of the message's channel, the
 * lines the core returns are the lines drawn, so a cut the app shows is the
 * cut the reviewer sees. Every value from the snapshot is escaped by the
 * template code (ms-server-template.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ms-json-guard.h"
#include "ms-score-band.h"
#include "preview/ms-preview.h"
#include "store/ms-message-codec.h"
#include "sync/ms-mutation.h"
#include "ms-server-json.h"
#include "ms-server-share.h"
#include "ms-server-template.h"

#define PARTS "share-parts.html#"

static const char *
part (const char *name)
{
  g_autofree char *full = g_strconcat (PARTS, name, NULL);

  return ms_server_template_get (full) ?: "";
}

static void
append_part (GString    *out,
             const char *name,
             ...) G_GNUC_NULL_TERMINATED;

static void
append_part (GString    *out,
             const char *name,
             ...)
{
  g_autofree char *full = g_strconcat (PARTS, name, NULL);
  g_autoptr(GPtrArray) pairs = g_ptr_array_new ();
  const char *key;
  va_list args;

  va_start (args, name);
  while ((key = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);

      g_ptr_array_add (pairs, (gpointer) key);
      g_ptr_array_add (pairs, (gpointer) (value != NULL ? value : ""));
    }
  va_end (args);
  g_ptr_array_add (pairs, NULL);
  ms_server_template_append_v (out, full, (const char * const *) pairs->pdata);
}

/* ------------------------------------------------------------------------ */
/* The snapshot                                                              */

void
ms_server_share_snapshot_clear (MsServerShareSnapshot *snapshot)
{
  g_clear_pointer (&snapshot->message, ms_message_unref);
  g_clear_pointer (&snapshot->result, ms_score_result_unref);
  g_clear_pointer (&snapshot->sender, g_free);
}

static gboolean
malformed (GError    **error,
           const char *message)
{
  g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED, message);
  return FALSE;
}

/* Every finding points into a field the message has. */
static gboolean
check_findings (const MsMessage     *message,
                const MsScoreResult *result,
                GError             **error)
{
  GPtrArray *findings = ms_score_result_get_findings (result);

  for (guint i = 0; findings != NULL && i < findings->len; i++)
    {
      const MsFinding *f = g_ptr_array_index (findings, i);
      const char *text;

      if (f->field >= MS_N_FIELDS)
        return malformed (error, _("A finding of the result points outside the message."));
      text = ms_message_get_field (message, f->field);
      if (f->start > f->end ||
          (f->end > 0 && (text == NULL || (glong) f->end > g_utf8_strlen (text, -1))))
        return malformed (error, _("A finding of the result points outside the message."));
    }
  return TRUE;
}

/**
 * ms_server_share_snapshot_parse:
 *
 * Reads {"message": …, "result": …, "sender": …} (a request's or a stored
 * snapshot's) into @out.
 */
gboolean
ms_server_share_snapshot_parse (JsonObject            *object,
                                MsServerShareSnapshot *out,
                                GError               **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *node;
  const char *sender;
  gint64 max_chars = ms_sync_limit ("name", "max_chars");

  memset (out, 0, sizeof *out);
  node = json_object_get_member (object, "message");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      (out->message = ms_message_new_from_json (node, &local_error)) == NULL)
    return malformed (error, _("The message to share is not valid: send it as the app "
                               "stores it."));
  node = json_object_get_member (object, "result");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      (out->result = ms_score_result_new_from_json (node, &local_error)) == NULL)
    {
      ms_server_share_snapshot_clear (out);
      return malformed (error, _("The result to share is not valid: send it as the app "
                                 "made it."));
    }
  if (ms_score_result_get_channel (out->result) != ms_message_get_channel (out->message) ||
      !check_findings (out->message, out->result, error))
    {
      ms_server_share_snapshot_clear (out);
      if (error != NULL && *error == NULL)
        malformed (error, _("The result to share is not the message’s."));
      return FALSE;
    }
  sender = ms_json_object_get_string (object, "sender", "");
  if (!g_utf8_validate (sender, -1, NULL) || g_utf8_strlen (sender, -1) > max_chars)
    {
      ms_server_share_snapshot_clear (out);
      return malformed (error, _("The sender’s name is too long."));
    }
  out->sender = g_strstrip (g_strdup (sender));
  return TRUE;
}

gboolean
ms_server_share_token_is_valid (const char *token)
{
  if (token == NULL || strlen (token) != MS_SERVER_SHARE_TOKEN_CHARS)
    return FALSE;
  for (const char *p = token; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Parts of the page                                                         */

/* The first @chars characters of @text (all of it when shorter). */
char *
ms_server_share_dup_start (const char *text,
                           glong       chars)
{
  if (text == NULL)
    return g_strdup ("");
  return g_utf8_substring (text, 0, MIN (chars, g_utf8_strlen (text, -1)));
}

static char *
first_char (const char *text)
{
  if (text == NULL || *text == '\0')
    return g_strdup ("M");
  return g_utf8_substring (text, 0, 1);
}

static const char *
title_of (const MsMessage *message)
{
  const char *title = ms_message_get_field (message, ms_message_get_channel (message) ==
                                                     MS_CHANNEL_EMAIL ? MS_FIELD_SUBJECT
                                                                      : MS_FIELD_BUBBLE1);

  return title != NULL && *title != '\0' ? title : part ("untitled");
}

static void
append_summary (GString                     *out,
                const MsServerShareSnapshot *snapshot)
{
  guint total = ms_score_result_get_total (snapshot->result);
  MsScoreBand band = ms_score_band_for_total (total);
  g_autofree char *total_text = g_strdup_printf ("%u", total);
  g_autofree char *verdict = g_strconcat ("verdict-", ms_score_band_to_string (band), NULL);
  g_autofree char *title = ms_server_share_dup_start (title_of (snapshot->message), 200);
  gboolean email = ms_message_get_channel (snapshot->message) == MS_CHANNEL_EMAIL;

  append_part (out, "summary",
               "band", ms_score_band_to_string (band),
               "total", total_text,
               "channel", part (email ? "channel-email" : "channel-line"),
               "title", title,
               "verdict", part (verdict),
               "cap", ms_score_result_get_capped (snapshot->result) ? part ("cap") : "",
               NULL);
}

static void
append_axes (GString             *out,
             const MsScoreResult *result)
{
  g_autoptr(GString) items = g_string_new (NULL);

  for (MsAxis axis = 0; axis < MS_N_AXES; axis++)
    {
      g_autofree char *value = g_strdup_printf ("%u", ms_score_result_get_axis (result, axis));

      append_part (items, "axis",
                   "label", ms_score_result_get_axis_label (result, axis),
                   "value", value, NULL);
    }
  append_part (out, "axes", "items", items->str, NULL);
}

/* The lines of one slot, each drawn as the core cut it. */
static char *
slot_lines (MsPreviewLayout *layout,
            MsPreviewSlot    slot,
            guint            nth)
{
  const MsPreviewSlotLayout *s = ms_preview_layout_find_slot (layout, slot, nth);
  GString *out = g_string_new (NULL);

  for (guint i = 0; s != NULL && s->lines != NULL && s->lines[i] != NULL; i++)
    append_part (out, "line", "text", s->lines[i], NULL);
  return g_string_free (out, FALSE);
}

static void
append_notes (GString         *out,
              MsPreviewLayout *layout)
{
  g_autoptr(GString) items = g_string_new (NULL);

  for (guint i = 0; i < ms_preview_layout_get_n_slots (layout); i++)
    {
      const MsPreviewSlotLayout *s = ms_preview_layout_get_slot (layout, i);
      static const char * const names[] = { "slot-sender", "slot-subject", "slot-snippet",
                                            "slot-bubble", "slot-list_text" };
      g_autofree char *source = g_strdup_printf ("%u", s->source_chars);
      g_autofree char *visible = g_strdup_printf ("%u", s->visible_chars);
      g_autofree char *over = g_strdup_printf ("%u", s->over_limit_chars);
      const char *name = s->slot < G_N_ELEMENTS (names) ? part (names[s->slot]) : "";

      if (s->slot == MS_PREVIEW_SLOT_SENDER)
        continue;
      if (s->hidden && s->source_chars > 0)
        append_part (items, "note-hidden", "slot", name, NULL);
      else if (s->truncated)
        append_part (items, "note-cut", "slot", name, "source", source, "visible", visible,
                     NULL);
      if (s->over_limit_chars > 0)
        append_part (items, "note-over", "slot", name, "over", over, NULL);
    }
  if (items->len > 0)
    append_part (out, "notes", "items", items->str, NULL);
}

static void
append_surface (GString               *out,
                const MsDeviceProfile *profile,
                MsPreviewLayout       *layout,
                const char            *sender)
{
  static const char * const surfaces[] = { "inbox_list", "inbox_row", "inbox_cards", "talk",
                                           "chat_list", "notification" };
  MsPreviewSurface surface = ms_device_profile_get_surface (profile);
  g_autofree char *name = g_strconcat ("surface-", surfaces[MIN (surface, 5)], NULL);
  g_autofree char *initial = first_char (sender);
  g_autofree char *sender_lines = slot_lines (layout, MS_PREVIEW_SLOT_SENDER, 0);
  g_autofree char *subject = slot_lines (layout, MS_PREVIEW_SLOT_SUBJECT, 0);
  g_autofree char *snippet = slot_lines (layout, MS_PREVIEW_SLOT_SNIPPET, 0);
  g_autofree char *text = slot_lines (layout, MS_PREVIEW_SLOT_LIST_TEXT, 0);
  g_autoptr(GString) bubbles = g_string_new (NULL);
  const MsPreviewSlotLayout *snippet_slot =
    ms_preview_layout_find_slot (layout, MS_PREVIEW_SLOT_SNIPPET, 0);
  const char *separator = ms_device_profile_get_slot_separator (profile,
                                                                MS_PREVIEW_SLOT_SNIPPET);

  for (guint n = 0; ms_preview_layout_find_slot (layout, MS_PREVIEW_SLOT_BUBBLE, n) != NULL; n++)
    {
      g_autofree char *lines = slot_lines (layout, MS_PREVIEW_SLOT_BUBBLE, n);

      append_part (bubbles, "bubble", "lines", lines, NULL);
    }
  if (snippet_slot == NULL || snippet_slot->hidden)
    separator = NULL;
  append_part (out, name,
               "initial", initial, "sender", sender_lines, "subject", subject,
               "snippet", snippet, "separator", separator, "text", text,
               "bubbles", bubbles->str, NULL);
}

static void
append_previews (GString                     *out,
                 const MsServerShareSnapshot *snapshot)
{
  GPtrArray *profiles = ms_device_profiles_get_default ();
  MsChannel channel = ms_message_get_channel (snapshot->message);
  const MsMessage *m = snapshot->message;
  g_autoptr(GString) devices = g_string_new (NULL);
  const char *bubbles[MS_MAX_BUBBLES + 1] = { NULL };

  for (guint i = 0; i < ms_message_get_n_bubbles (m) && i < MS_MAX_BUBBLES; i++)
    bubbles[i] = ms_message_get_field (m, MS_FIELD_BUBBLE1 + i);

  for (guint i = 0; i < profiles->len; i++)
    {
      const MsDeviceProfile *profile = g_ptr_array_index (profiles, i);
      static const char * const surfaces[] = { "inbox_list", "inbox_row", "inbox_cards",
                                               "talk", "chat_list", "notification" };
      g_autoptr(MsPreviewLayout) layout = NULL;
      g_autoptr(GString) content = g_string_new (NULL);
      g_autoptr(GString) notes = g_string_new (NULL);

      if (ms_device_profile_get_channel (profile) != channel)
        continue;
      if (channel == MS_CHANNEL_EMAIL)
        layout = ms_preview_layout_email (profile, snapshot->sender,
                                          ms_message_get_field (m, MS_FIELD_SUBJECT),
                                          ms_message_get_field (m, MS_FIELD_PREHEADER),
                                          ms_message_get_field (m, MS_FIELD_BODY));
      else
        layout = ms_preview_layout_line (profile, snapshot->sender, bubbles);
      append_surface (content, profile, layout, snapshot->sender);
      append_notes (notes, layout);
      append_part (devices, "device",
                   "surface", surfaces[MIN (ms_device_profile_get_surface (profile), 5)],
                   "name", ms_device_profile_get_name_in (profile, "ja"),
                   "content", content->str, "notes", notes->str, NULL);
    }
  append_part (out, "previews", "devices", devices->str, NULL);
}

/* ------------------------------------------------------------------------ */
/* The message with its findings' spans marked                               */

typedef struct
{
  guint      start;
  guint      end;
  MsSeverity severity;
  guint      n;          /* the finding's number, from 1 */
} Span;

static int
compare_spans (gconstpointer a,
               gconstpointer b)
{
  const Span *x = a, *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return x->n < y->n ? -1 : x->n > y->n;
}

/* The spans of @field, sorted; overlapping ones merged (the more severe wins). */
static GArray *
field_spans (const MsScoreResult *result,
             MsField              field,
             guint                length)
{
  GPtrArray *findings = ms_score_result_get_findings (result);
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (Span));
  GArray *merged = g_array_new (FALSE, FALSE, sizeof (Span));

  for (guint i = 0; findings != NULL && i < findings->len; i++)
    {
      const MsFinding *f = g_ptr_array_index (findings, i);
      Span span = { f->start, MIN (f->end, length), f->severity, i + 1 };

      if (f->field == field && span.start < span.end)
        g_array_append_val (spans, span);
    }
  g_array_sort (spans, compare_spans);
  for (guint i = 0; i < spans->len; i++)
    {
      Span *s = &g_array_index (spans, Span, i);
      Span *last = merged->len > 0 ? &g_array_index (merged, Span, merged->len - 1) : NULL;

      if (last != NULL && s->start < last->end)
        {
          last->end = MAX (last->end, s->end);
          last->severity = MAX (last->severity, s->severity);
        }
      else
        g_array_append_val (merged, *s);
    }
  g_array_unref (spans);
  return merged;
}

static void
append_marked (GString             *out,
               const char          *text,
               const MsScoreResult *result,
               MsField              field)
{
  guint length = g_utf8_strlen (text, -1);
  g_autoptr(GArray) spans = field_spans (result, field, length);
  guint at = 0;

  for (guint i = 0; i < spans->len; i++)
    {
      const Span *s = &g_array_index (spans, Span, i);
      const char *from = g_utf8_offset_to_pointer (text, at);
      const char *start = g_utf8_offset_to_pointer (text, s->start);
      const char *end = g_utf8_offset_to_pointer (text, s->end);
      g_autofree char *marked = g_strndup (start, end - start);
      g_autofree char *n = g_strdup_printf ("%u", s->n);

      ms_server_html_append_escaped (out, from, start - from);
      append_part (out, "mark", "severity", ms_severity_to_string (s->severity),
                   "text", marked, "n", n, NULL);
      at = s->end;
    }
  ms_server_html_append_escaped (out, g_utf8_offset_to_pointer (text, at), -1);
}

static void
append_message (GString             *out,
                const MsMessage     *message,
                const MsScoreResult *result)
{
  g_autoptr(GString) fields = g_string_new (NULL);
  gboolean email = ms_message_get_channel (message) == MS_CHANNEL_EMAIL;
  MsField first = email ? MS_FIELD_SUBJECT : MS_FIELD_BUBBLE1;
  MsField last = email ? MS_FIELD_BODY : MS_FIELD_BUBBLE1 + ms_message_get_n_bubbles (message) - 1;

  for (MsField field = first; field <= last && field < MS_N_FIELDS; field++)
    {
      const char *text = ms_message_get_field (message, field);
      g_autofree char *label = g_strconcat ("field-", ms_field_to_string (field), NULL);
      g_autoptr(GString) marked = g_string_new (NULL);

      if (text == NULL || *text == '\0')
        g_string_append (marked, part ("empty-field"));
      else
        append_marked (marked, text, result, field);
      append_part (fields, "field", "label", part (label), "kind",
                   field == MS_FIELD_BODY || field >= MS_FIELD_BUBBLE1 ? " long" : "",
                   "text", marked->str, NULL);
    }
  append_part (out, "message", "fields", fields->str, NULL);
}

static void
append_finding (GString             *out,
                const MsScoreResult *result,
                const MsFinding     *f,
                guint                n)
{
  g_autofree char *number = g_strdup_printf ("%u", n);
  g_autofree char *severity = g_strconcat ("sev-", ms_severity_to_string (f->severity), NULL);
  g_autofree char *field = g_strconcat ("field-", ms_field_to_string (f->field), NULL);
  g_autoptr(GString) quote = g_string_new (NULL);
  g_autoptr(GString) suggestion = g_string_new (NULL);
  g_autoptr(GString) reference = g_string_new (NULL);

  if (f->text != NULL && *f->text != '\0')
    append_part (quote, "finding-quote", "text", f->text, NULL);
  if (f->suggestion != NULL && *f->suggestion != '\0')
    append_part (suggestion, "finding-suggestion", "text", f->suggestion, NULL);
  if (f->reference != NULL && *f->reference != '\0')
    append_part (reference, "finding-reference", "text", f->reference, NULL);
  append_part (out, "finding",
               "n", number,
               "severity", ms_severity_to_string (f->severity),
               "severity_label", part (severity),
               "axis", ms_score_result_get_axis_label (result, f->axis),
               "field", part (field),
               "quote", quote->str,
               "message", f->message,
               "suggestion", suggestion->str,
               "reference", reference->str,
               NULL);
}

static void
append_findings (GString             *out,
                 const MsScoreResult *result)
{
  GPtrArray *findings = ms_score_result_get_findings (result);
  g_autoptr(GString) items = g_string_new (NULL);
  g_autofree char *count = NULL;

  if (findings == NULL || findings->len == 0)
    {
      g_string_append (out, part ("no-findings"));
      return;
    }
  for (guint i = 0; i < findings->len; i++)
    append_finding (items, result, g_ptr_array_index (findings, i), i + 1);
  count = g_strdup_printf ("%u", findings->len);
  append_part (out, "findings", "count", count, "items", items->str, NULL);
}

static char *
format_expiry (gint64 expires_at)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Tokyo");
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (expires_at / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = NULL;

  if (tz == NULL)
    tz = g_time_zone_new_offset (9 * 3600);
  if (utc == NULL)
    return g_strdup ("");
  local = g_date_time_to_timezone (utc, tz);
  return g_date_time_format (local, "%Y/%m/%d %H:%M");
}

char *
ms_server_share_render_page (const MsServerShareSnapshot *snapshot,
                             gint64                       expires_at,
                             const char                  *extra_html)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GString) footer = g_string_new (NULL);
  g_autoptr(GString) page = g_string_new (NULL);
  g_autofree char *expires = format_expiry (expires_at);
  g_autofree char *title = ms_server_share_dup_start (title_of (snapshot->message), 80);

  append_summary (body, snapshot);
  append_axes (body, snapshot->result);
  append_previews (body, snapshot);
  append_message (body, snapshot->message, snapshot->result);
  append_findings (body, snapshot->result);
  if (extra_html != NULL)
    g_string_append (body, extra_html);
  append_part (footer, "footer", "expires", expires, NULL);
  ms_server_template_append (page, "share.html",
                             "title", title, "what", part ("what-shared"),
                             "body", body->str, "footer", footer->str, NULL);
  return g_string_free (g_steal_pointer (&page), FALSE);
}

char *
ms_server_share_render_gone (gboolean busy)
{
  GString *page = g_string_new (NULL);

  ms_server_template_append (page, "share.html",
                             "title", part ("what-gone"), "what", part ("what-gone"),
                             "body", part (busy ? "busy" : "gone"),
                             "footer", part ("gone-footer"), NULL);
  return g_string_free (page, FALSE);
}
