/* ms-preview.c — where each surface cuts a message
 *
 * Text is walked one grapheme cluster at a time and placed greedily on lines
 * of a fixed width in em. Japanese can break between any two characters
 * (except before closing punctuation and small kana, or after opening
 * brackets); runs of Latin letters and digits break only at a space, as iOS
 * word wrap does, unless a word is wider than the whole line. On the last
 * line the text is cut so that it plus “…” fits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-preview"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ms-preview-private.h"
#include "text/ms-text.h"

#define ELLIPSIS "\xe2\x80\xa6"   /* U+2026 */
#define EPSILON  1e-6

typedef enum
{
  TOKEN_WORD,      /* a narrow cluster: Latin letters, digits, ASCII punctuation */
  TOKEN_OTHER,     /* full-width, emoji, half-width kana: break on either side */
  TOKEN_SPACE,     /* one space, or a collapsed run of white space */
  TOKEN_NEWLINE,   /* kept line break (bubbles only) */
} TokenKind;

typedef struct
{
  const char *start;
  const char *end;
  guint       cp_start;
  guint       cp_end;
  double      advance;
  gunichar    first;
  TokenKind   kind;
  gboolean    collapsed;   /* draw as one " " */
} Token;

typedef struct
{
  MsGraphemeIter    iter;
  const MsAdvances *advances;
  guint             cp;          /* code points consumed */
  gboolean          keep_newlines;
  gboolean          started;     /* a visible token has been read */
} Reader;

typedef struct
{
  gsize     len;         /* line length in bytes before the token */
  double    width_after;
  guint     cp_start;
  guint     cp_end;
  TokenKind kind;
} Mark;

typedef struct
{
  MsPreviewSlotLayout pub;
  guint               visible_clusters;  /* characters shown, as a reader counts them */
  guint               nth;
  gboolean            from_body;         /* snippet: the preheader was empty */
} SlotEntry;

struct _MsPreviewLayout
{
  gatomicrefcount        ref_count;
  const MsDeviceProfile *profile;
  GArray                *slots;          /* SlotEntry */
  guint                  n_bubbles;
  gboolean               body_fallback;  /* email: snippet comes from the body */
};

/* Characters that may not start a line (kinsoku), and ones that may not end it. */
static const gunichar no_line_start[] = {
  0x3001, 0x3002, 0xFF0C, 0xFF0E, 0x300D, 0x300F, 0xFF09, 0x3011, 0x3015, 0x3009,
  0x300B, 0xFF01, 0xFF1F, 0x30FC, 0x30FB, 0xFF1A, 0xFF1B, 0x201D, 0x2019, 0x3005,
  0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x3063, 0x3083, 0x3085, 0x3087, 0x308E,
  0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9, 0x30C3, 0x30E3, 0x30E5, 0x30E7, 0x30EE,
  0x2026, 0x301C, 0xFF5E,
};
static const gunichar no_line_end[] = {
  0x300C, 0x300E, 0xFF08, 0x3010, 0x3014, 0x3008, 0x300A, 0x201C, 0x2018,
};

/* ------------------------------------------------------------------------ */
/* Helpers                                                                  */
/* ------------------------------------------------------------------------ */

static gboolean
in_set (const gunichar *set,
        gsize           n,
        gunichar        c)
{
  if (c < 0x2000)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (set[i] == c)
      return TRUE;
  return FALSE;
}

/* Code points in valid UTF-8: bytes that are not continuation bytes (10xxxxxx),
 * counted eight at a time, since a long body is counted on every layout. */
static guint
count_code_points (const char *start,
                   const char *end)
{
  const guint64 high = G_GUINT64_CONSTANT (0x8080808080808080);
  const char *p = start;
  gsize continuation = 0;

  for (; end - p >= 8; p += 8)
    {
      guint64 word;

      memcpy (&word, p, sizeof word);
      word = (word & ~(word << 1) & high) >> 7;           /* 1 per continuation byte */
      continuation += (word * G_GUINT64_CONSTANT (0x0101010101010101)) >> 56;
    }
  for (; p < end; p++)
    continuation += ((guchar) *p & 0xC0) == 0x80;

  return (guint) ((gsize) (end - start) - continuation);
}

static gboolean
is_white (gunichar c)
{
  switch (c)
    {
    case ' ': case '\t': case '\n': case '\r': case '\f': case '\v':
    case 0x0085: case 0x2028: case 0x2029:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
has_visible_text (const char *text)
{
  if (text == NULL)
    return FALSE;
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (!is_white (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static void
reader_init (Reader           *reader,
             const MsAdvances *advances,
             const char       *text,
             gboolean          keep_newlines)
{
  ms_grapheme_iter_init (&reader->iter, text, -1);
  reader->advances = advances;
  reader->cp = 0;
  reader->keep_newlines = keep_newlines;
  reader->started = FALSE;
}

static gboolean
reader_next (Reader *reader,
             Token  *token)
{
  const char *start;
  const char *end;

  for (;;)
    {
      if (!ms_grapheme_iter_next (&reader->iter, &start, &end))
        return FALSE;

      token->start = start;
      token->end = end;
      token->cp_start = reader->cp;
      token->first = g_utf8_get_char (start);
      token->collapsed = FALSE;
      reader->cp += end - start == 1 ? 1 : count_code_points (start, end);
      token->cp_end = reader->cp;

      if (!is_white (token->first))
        break;

      if (reader->keep_newlines)
        {
          if (ms_text_cluster_is_line_break (start, end))
            {
              token->kind = TOKEN_NEWLINE;
              token->advance = 0;
            }
          else
            {
              token->kind = TOKEN_SPACE;
              token->advance = reader->advances->space;
            }
          reader->started = TRUE;
          return TRUE;
        }

      /* Collapse the run; drop it at the start and at the end. */
      for (;;)
        {
          MsGraphemeIter peek = reader->iter;

          if (!ms_grapheme_iter_next (&peek, &start, &end))
            return FALSE;
          if (!is_white (g_utf8_get_char (start)))
            break;
          reader->iter = peek;
          reader->cp += count_code_points (start, end);
        }

      if (!reader->started)
        continue;

      token->end = end;   /* unused for collapsed spaces */
      token->cp_end = reader->cp;
      token->kind = TOKEN_SPACE;
      token->advance = reader->advances->space;
      token->collapsed = TRUE;
      return TRUE;
    }

  token->advance = _ms_advances_cluster_em (reader->advances, start, end);
  /* Narrow clusters (Latin, digits, ASCII punctuation) make words. */
  if (token->first < 0x80)
    token->kind = TOKEN_WORD;
  else if (token->advance >= reader->advances->full_width ||
           (token->first >= 0xFF61 && token->first <= 0xFF9F))
    token->kind = TOKEN_OTHER;
  else
    token->kind = ms_text_cluster_cells (start, end) == 1 ? TOKEN_WORD : TOKEN_OTHER;

  reader->started = TRUE;
  return TRUE;
}

static void
append_token (GString     *line,
              const Token *token)
{
  if (token->collapsed)
    g_string_append_c (line, ' ');
  else if (token->kind == TOKEN_SPACE && token->first == '\t')
    g_string_append_c (line, ' ');
  else
    g_string_append_len (line, token->start, token->end - token->start);
}

/* Pops trailing spaces; returns the width of what is left. */
static double
strip_trailing_spaces (GString *line,
                       GArray  *marks)
{
  while (marks->len > 0 && g_array_index (marks, Mark, marks->len - 1).kind == TOKEN_SPACE)
    {
      g_string_truncate (line, g_array_index (marks, Mark, marks->len - 1).len);
      g_array_set_size (marks, marks->len - 1);
    }

  return marks->len > 0 ? g_array_index (marks, Mark, marks->len - 1).width_after : 0;
}

/* Fills @line with what fits in @width em from @reader; on the @last line, sets @overflow
 * when text is left. Returns: FALSE when the text ended */
static gboolean
fill_line (Reader   *reader,
           GString  *line,
           GArray   *marks,
           double    width,
           gboolean  last,
           gboolean *overflow)
{
  gboolean have_break = FALSE;
  gboolean prev_word = FALSE;
  gboolean prev_no_end = FALSE;
  Reader break_reader = *reader;
  guint break_marks = 0;
  double w = 0;
  Token token;

  for (;;)
    {
      Reader before = *reader;
      Mark mark;

      if (!reader_next (reader, &token))
        return FALSE;

      if (token.kind == TOKEN_NEWLINE)
        {
          if (last)
            {
              Reader peek = *reader;
              Token next;

              if (reader_next (&peek, &next))
                {
                  *overflow = TRUE;
                  *reader = before;
                }
            }
          break;
        }

      /* Lines break after a space, never before one: a break before a
       * space would start the next line with it (drawn), e.g. when the
       * space fits but a “！” or “」” after it does not. */
      if (marks->len > 0 &&
          token.kind != TOKEN_SPACE &&
          !(prev_word && token.kind == TOKEN_WORD) &&
          !prev_no_end &&
          !in_set (no_line_start, G_N_ELEMENTS (no_line_start), token.first))
        {
          have_break = TRUE;
          break_reader = before;
          break_marks = marks->len;
        }

      if (w + token.advance <= width + EPSILON)
        {
          mark.len = line->len;
          mark.width_after = w + token.advance;
          mark.cp_start = token.cp_start;
          mark.cp_end = token.cp_end;
          mark.kind = token.kind;
          g_array_append_val (marks, mark);
          append_token (line, &token);
          w = mark.width_after;
          prev_word = token.kind == TOKEN_WORD;
          prev_no_end = in_set (no_line_end, G_N_ELEMENTS (no_line_end), token.first);
          continue;
        }

      /* The token does not fit on this line. */
      if (last)
        {
          *overflow = TRUE;
          *reader = before;
        }
      else if (token.kind == TOKEN_SPACE)
        {
          /* A space at the end of a line hangs: consume it. */
        }
      else if (have_break)
        {
          *reader = break_reader;
          g_string_truncate (line, break_marks < marks->len
                                   ? g_array_index (marks, Mark, break_marks).len
                                   : line->len);
          g_array_set_size (marks, break_marks);
        }
      else if (marks->len == 0)
        {
          /* Wider than the whole line: show it anyway. */
          mark.len = 0;
          mark.width_after = token.advance;
          mark.cp_start = token.cp_start;
          mark.cp_end = token.cp_end;
          mark.kind = token.kind;
          g_array_append_val (marks, mark);
          append_token (line, &token);
        }
      else
        {
          *reader = before;
        }
      break;
    }
  return TRUE;
}

/* Lays @text out in lines of @width em, at most @max_lines (0: no limit). */
static void
layout_text (const MsAdvances *advances,
             const char       *text,
             double            width,
             guint             max_lines,
             gboolean          keep_newlines,
             SlotEntry        *entry)
{
  GPtrArray *lines = g_ptr_array_new ();
  g_autoptr(GString) line = g_string_sized_new (128);
  g_autoptr(GArray) marks = g_array_sized_new (FALSE, FALSE, sizeof (Mark), 64);
  gboolean done = FALSE;
  guint cut_cp = 0;
  Reader reader;

  if (text == NULL)
    text = "";

  reader_init (&reader, advances, text, keep_newlines);
  entry->pub.source_chars = count_code_points (text, text + strlen (text));

  for (guint n = 1; !done; n++)
    {
      gboolean last = max_lines != 0 && n == max_lines;
      gboolean overflow = FALSE;
      double w;

      g_string_truncate (line, 0);
      g_array_set_size (marks, 0);

      done = !fill_line (&reader, line, marks, width, last, &overflow);

      if (overflow)
        {
          cut_cp = reader.cp;
          /* Pop what is needed for the ellipsis, and spaces before it. */
          while (marks->len > 0)
            {
              const Mark *m = &g_array_index (marks, Mark, marks->len - 1);

              if (m->kind != TOKEN_SPACE &&
                  m->width_after + advances->ellipsis <= width + EPSILON)
                break;
              cut_cp = m->cp_start;
              g_string_truncate (line, m->len);
              g_array_set_size (marks, marks->len - 1);
            }
          /* Collapsed white space right before the cut is not shown either. */
          if (marks->len > 0)
            cut_cp = g_array_index (marks, Mark, marks->len - 1).cp_end;
          w = marks->len > 0 ? g_array_index (marks, Mark, marks->len - 1).width_after : 0;
          g_string_append (line, ELLIPSIS);
          w += advances->ellipsis;
          entry->pub.truncated = TRUE;
          done = TRUE;
        }
      else
        {
          w = strip_trailing_spaces (line, marks);
        }

      entry->visible_clusters += marks->len;
      entry->pub.width_em = MAX (entry->pub.width_em, w);

      if (!(done && n == 1 && line->len == 0))
        g_ptr_array_add (lines, g_strndup (line->str, line->len));
    }

  g_ptr_array_add (lines, NULL);
  entry->pub.lines = (char **) g_ptr_array_free (lines, FALSE);
  entry->pub.visible_chars = entry->pub.truncated ? cut_cp : entry->pub.source_chars;
}

static double
text_advance_em (const MsAdvances *advances,
                 const char       *text)
{
  MsGraphemeIter iter;
  const char *start;
  const char *end;
  double w = 0;

  ms_grapheme_iter_init (&iter, text, -1);
  while (ms_grapheme_iter_next (&iter, &start, &end))
    w += _ms_advances_cluster_em (advances, start, end);

  return w;
}

static guint
count_clusters (const char *text)
{
  MsGraphemeIter iter;
  const char *start;
  const char *end;
  guint n = 0;

  ms_grapheme_iter_init (&iter, text, -1);
  while (ms_grapheme_iter_next (&iter, &start, &end))
    n++;

  return n;
}

static SlotEntry *
add_slot (MsPreviewLayout *layout,
          MsPreviewSlot    slot,
          guint            nth)
{
  SlotEntry entry = { { 0 } };

  entry.pub.slot = slot;
  entry.nth = nth;
  g_array_append_val (layout->slots, entry);

  return &g_array_index (layout->slots, SlotEntry, layout->slots->len - 1);
}

static void
lay_out_slot (MsPreviewLayout *layout,
              MsPreviewSlot    slot,
              guint            nth,
              const char      *text,
              gboolean         keep_newlines)
{
  const MsSlotSpec *spec = &layout->profile->slots[slot];
  const MsAdvances *advances = &layout->profile->advances;
  SlotEntry *entry = add_slot (layout, slot, nth);
  double width = spec->width_em;

  if (text == NULL)
    text = "";

  if (spec->same_row_as >= 0)
    {
      const SlotEntry *before = NULL;

      for (guint i = 0; i < layout->slots->len - 1; i++)
        if (g_array_index (layout->slots, SlotEntry, i).pub.slot == (MsPreviewSlot) spec->same_row_as)
          before = &g_array_index (layout->slots, SlotEntry, i);

      if (before != NULL && before->pub.lines[0] != NULL)
        {
          width = layout->profile->slots[spec->same_row_as].width_em - before->pub.width_em -
                  text_advance_em (advances, spec->separator);

          if (before->pub.truncated || width < spec->min_width_em || width <= 0)
            {
              entry->pub.hidden = TRUE;
              entry->pub.lines = g_new0 (char *, 1);
              entry->pub.source_chars = count_code_points (text, text + strlen (text));
              entry->pub.truncated = entry->pub.source_chars > 0;
              return;
            }
        }
      else
        {
          width = layout->profile->slots[spec->same_row_as].width_em;
        }
    }

  layout_text (advances, text, width, spec->lines, keep_newlines, entry);
}

static MsPreviewLayout *
layout_new (const MsDeviceProfile *profile)
{
  MsPreviewLayout *layout = g_new0 (MsPreviewLayout, 1);

  g_atomic_ref_count_init (&layout->ref_count);
  layout->profile = profile;
  layout->slots = g_array_sized_new (FALSE, TRUE, sizeof (SlotEntry), 4);

  return layout;
}

static void
layout_free (MsPreviewLayout *layout)
{
  for (guint i = 0; i < layout->slots->len; i++)
    g_strfreev (g_array_index (layout->slots, SlotEntry, i).pub.lines);
  g_array_unref (layout->slots);
  g_free (layout);
}

/* ------------------------------------------------------------------------ */
/* Public API                                                               */
/* ------------------------------------------------------------------------ */

MsPreviewLayout *
ms_preview_layout_email (const MsDeviceProfile *profile,
                         const char            *sender,
                         const char            *subject,
                         const char            *preheader,
                         const char            *body)
{
  MsPreviewLayout *layout;

  g_return_val_if_fail (profile != NULL, NULL);
  g_return_val_if_fail (profile->channel == MS_CHANNEL_EMAIL, NULL);

  layout = layout_new (profile);

  if (profile->slots[MS_PREVIEW_SLOT_SENDER].present)
    lay_out_slot (layout, MS_PREVIEW_SLOT_SENDER, 0, sender, FALSE);
  if (profile->slots[MS_PREVIEW_SLOT_SUBJECT].present)
    lay_out_slot (layout, MS_PREVIEW_SLOT_SUBJECT, 0, subject, FALSE);
  if (profile->slots[MS_PREVIEW_SLOT_SNIPPET].present)
    {
      gboolean from_body = !has_visible_text (preheader);
      SlotEntry *entry;

      lay_out_slot (layout, MS_PREVIEW_SLOT_SNIPPET, 0, from_body ? body : preheader, FALSE);
      entry = &g_array_index (layout->slots, SlotEntry, layout->slots->len - 1);
      entry->from_body = from_body;
      layout->body_fallback = from_body && has_visible_text (body);
    }

  return layout;
}

MsPreviewLayout *
ms_preview_layout_line (const MsDeviceProfile *profile,
                        const char            *account_name,
                        const char * const    *bubbles)
{
  MsPreviewLayout *layout;
  guint limit;

  g_return_val_if_fail (profile != NULL, NULL);
  g_return_val_if_fail (profile->channel == MS_CHANNEL_LINE, NULL);

  layout = layout_new (profile);
  layout->n_bubbles = bubbles != NULL ? g_strv_length ((char **) bubbles) : 0;
  limit = ms_channel_limits_get_default ()->line_bubble_max_characters;

  if (profile->slots[MS_PREVIEW_SLOT_SENDER].present)
    lay_out_slot (layout, MS_PREVIEW_SLOT_SENDER, 0, account_name, FALSE);

  if (profile->slots[MS_PREVIEW_SLOT_BUBBLE].present)
    {
      for (guint i = 0; i < layout->n_bubbles; i++)
        {
          SlotEntry *entry;
          guint characters;

          lay_out_slot (layout, MS_PREVIEW_SLOT_BUBBLE, i, bubbles[i], TRUE);
          entry = &g_array_index (layout->slots, SlotEntry, layout->slots->len - 1);

          /* Every character counts one, newlines and emoji too. */
          characters = bubbles[i] != NULL ? count_clusters (bubbles[i]) : 0;
          entry->pub.over_limit_chars = characters > limit ? characters - limit : 0;
        }
    }

  if (profile->slots[MS_PREVIEW_SLOT_LIST_TEXT].present)
    lay_out_slot (layout, MS_PREVIEW_SLOT_LIST_TEXT, 0,
                  layout->n_bubbles > 0 ? bubbles[0] : "", FALSE);

  return layout;
}

MsPreviewLayout *
ms_preview_layout_ref (MsPreviewLayout *layout)
{
  g_return_val_if_fail (layout != NULL, NULL);

  g_atomic_ref_count_inc (&layout->ref_count);
  return layout;
}

void
ms_preview_layout_unref (MsPreviewLayout *layout)
{
  g_return_if_fail (layout != NULL);

  if (g_atomic_ref_count_dec (&layout->ref_count))
    layout_free (layout);
}

const MsDeviceProfile *
ms_preview_layout_get_profile (MsPreviewLayout *layout)
{
  g_return_val_if_fail (layout != NULL, NULL);

  return layout->profile;
}

guint
ms_preview_layout_get_n_slots (MsPreviewLayout *layout)
{
  g_return_val_if_fail (layout != NULL, 0);

  return layout->slots->len;
}

const MsPreviewSlotLayout *
ms_preview_layout_get_slot (MsPreviewLayout *layout,
                            guint            index)
{
  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (index < layout->slots->len, NULL);

  return &g_array_index (layout->slots, SlotEntry, index).pub;
}

const MsPreviewSlotLayout *
ms_preview_layout_find_slot (MsPreviewLayout *layout,
                             MsPreviewSlot    slot,
                             guint            nth)
{
  g_return_val_if_fail (layout != NULL, NULL);

  for (guint i = 0; i < layout->slots->len; i++)
    {
      const SlotEntry *entry = &g_array_index (layout->slots, SlotEntry, i);

      if (entry->pub.slot == slot && entry->nth == nth)
        return &entry->pub;
    }

  return NULL;
}

char **
ms_preview_layout_dup_warnings (MsPreviewLayout *layout)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  const char *surface;
  guint max_bubbles;

  g_return_val_if_fail (layout != NULL, NULL);

  surface = ms_device_profile_get_name (layout->profile);

  for (guint i = 0; i < layout->slots->len; i++)
    {
      const SlotEntry *entry = &g_array_index (layout->slots, SlotEntry, i);
      guint n = entry->visible_clusters;
      char *warning = NULL;

      switch (entry->pub.slot)
        {
        case MS_PREVIEW_SLOT_SENDER:
          if (entry->pub.truncated)
            warning = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                    /* Translators: %s is a surface such as “iPhone Mail” */
                                                    "%s: the sender name is cut after %u character. "
                                                    "Shorten it to %u character.",
                                                    "%s: the sender name is cut after %u characters. "
                                                    "Shorten it to %u characters.", n),
                                       surface, n, n);
          break;

        case MS_PREVIEW_SLOT_SUBJECT:
          if (entry->pub.truncated)
            warning = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                    /* Translators: %s is a surface such as “iPhone Mail” */
                                                    "%s: the subject is cut after %u character. "
                                                    "Put the key words first or shorten it to %u character.",
                                                    "%s: the subject is cut after %u characters. "
                                                    "Put the key words first or shorten it to %u characters.", n),
                                       surface, n, n);
          break;

        case MS_PREVIEW_SLOT_SNIPPET:
          if (entry->pub.hidden && entry->pub.source_chars > 0 && !entry->from_body)
            /* Translators: %s is a surface such as “Gmail (desktop)” */
            warning = g_strdup_printf (_("%s: the subject pushes the preheader out of the row. "
                                         "Shorten the subject to make room for it."),
                                       surface);
          else if (entry->pub.hidden && entry->pub.source_chars > 0)
            /* Translators: %s is a surface such as “Gmail (desktop)” */
            warning = g_strdup_printf (_("%s: the subject pushes the preview text out of the row. "
                                         "Shorten the subject to make room for it."),
                                       surface);
          else if (entry->pub.truncated && !entry->from_body)
            warning = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                    /* Translators: %s is a surface such as “iPhone Mail” */
                                                    "%s: the preheader is cut after %u character. "
                                                    "Put the key message in the first %u character.",
                                                    "%s: the preheader is cut after %u characters. "
                                                    "Put the key message in the first %u characters.", n),
                                       surface, n, n);
          break;

        case MS_PREVIEW_SLOT_BUBBLE:
          if (entry->pub.over_limit_chars > 0)
            {
              guint limit = ms_channel_limits_get_default ()->line_bubble_max_characters;

              warning = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                      /* Translators: “%s: bubble 2 is 12 characters over the 500-character limit.” */
                                                      "%s: bubble %u is %u character over the %u-character limit. "
                                                      "Shorten it or move some text into another bubble.",
                                                      "%s: bubble %u is %u characters over the %u-character limit. "
                                                      "Shorten it or move some text into another bubble.",
                                                      entry->pub.over_limit_chars),
                                         surface, entry->nth + 1, entry->pub.over_limit_chars, limit);
            }
          break;

        case MS_PREVIEW_SLOT_LIST_TEXT:
          if (entry->pub.truncated)
            warning = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                    /* Translators: %s is a surface such as “LINE notification” */
                                                    "%s: only the first %u character of the message shows. "
                                                    "Put the key words first.",
                                                    "%s: only the first %u characters of the message show. "
                                                    "Put the key words first.", n),
                                       surface, n);
          break;

        case MS_PREVIEW_SLOT_N:
        default:
          break;
        }

      if (warning != NULL)
        g_ptr_array_add (warnings, warning);
    }

  if (layout->body_fallback)
    g_ptr_array_add (warnings,
                     /* Translators: %s is a surface such as “iPhone Mail” */
                     g_strdup_printf (_("%s: there is no preheader, so the start of the body is shown "
                                        "after the subject. Add a preheader."),
                                      surface));

  max_bubbles = ms_channel_limits_get_default ()->line_max_bubbles;
  if (layout->profile->slots[MS_PREVIEW_SLOT_BUBBLE].present && layout->n_bubbles > max_bubbles)
    g_ptr_array_add (warnings,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   /* Translators: %s is “LINE talk”; the first %u is the number of bubbles */
                                                   "%s: %u bubble is more than the %u that count as one message. "
                                                   "Send fewer bubbles.",
                                                   "%s: %u bubbles are more than the %u that count as one message. "
                                                   "Send fewer bubbles.", layout->n_bubbles),
                                      surface, layout->n_bubbles, max_bubbles));

  g_ptr_array_add (warnings, NULL);
  return (char **) g_ptr_array_steal (warnings, NULL);
}
