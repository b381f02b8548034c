/* ms-finding-highlighter.c — underline every finding where it is, as you type
 *
 * Errors get a red wavy line, warnings an orange one and tips a thin blue
 * line (Pango 1.50 has no dotted underline). Text views show the finding's
 * message and suggestion as a tooltip over its span; entries show theirs
 * over the whole entry.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-finding-highlighter"

#include "config.h"

#include <string.h>

#include "ms-finding-highlighter.h"

struct _MsFindingHighlighter
{
  GObject    parent_instance;

  MsDraft   *draft;
  GtkWidget *widgets[MS_DRAFT_N_FIELDS];   /* GtkTextView or GtkEditable, weak */
};

G_DEFINE_FINAL_TYPE (MsFindingHighlighter, ms_finding_highlighter, G_TYPE_OBJECT)

static const char * const tag_names[] = {
  [MS_SEVERITY_INFO] = "finding-info",
  [MS_SEVERITY_WARN] = "finding-warn",
  [MS_SEVERITY_ERROR] = "finding-error",
};

static const guint32 severity_colors[] = {
  [MS_SEVERITY_INFO] = 0x3584e4,
  [MS_SEVERITY_WARN] = 0xff7800,
  [MS_SEVERITY_ERROR] = 0xe01b24,
};

static PangoUnderline
severity_underline (MsSeverity severity)
{
  return severity == MS_SEVERITY_INFO ? PANGO_UNDERLINE_SINGLE : PANGO_UNDERLINE_ERROR;
}

static GdkRGBA
severity_rgba (MsSeverity severity)
{
  guint32 hex = severity_colors[severity];

  return (GdkRGBA) { ((hex >> 16) & 0xFF) / 255.0, ((hex >> 8) & 0xFF) / 255.0,
                     (hex & 0xFF) / 255.0, 1.0 };
}

static void
ensure_tags (GtkTextBuffer *buffer)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);

  for (MsSeverity severity = MS_SEVERITY_INFO; severity <= MS_SEVERITY_ERROR; severity++)
    {
      GdkRGBA color = severity_rgba (severity);

      if (gtk_text_tag_table_lookup (table, tag_names[severity]) == NULL)
        gtk_text_buffer_create_tag (buffer, tag_names[severity],
                                    "underline", severity_underline (severity),
                                    "underline-rgba", &color,
                                    NULL);
    }
}

/* Findings of the current result that point into @field, in position order. */
static GPtrArray *
findings_in_field (MsFindingHighlighter *self,
                   MsDraftField          field)
{
  MsScoreResult *result = ms_draft_get_result (self->draft);
  GPtrArray *in_field = g_ptr_array_new ();
  GPtrArray *findings;

  if (result == NULL || ms_draft_is_empty (self->draft))
    return in_field;

  findings = ms_score_result_get_findings (result);
  for (guint i = 0; i < findings->len; i++)
    {
      const MsFinding *finding = g_ptr_array_index (findings, i);

      if (finding->end > finding->start &&
          ms_draft_field_from_message_field (self->draft, finding->field) == field &&
          ms_draft_field_to_message_field (self->draft, field) == finding->field)
        g_ptr_array_add (in_field, (gpointer) finding);
    }

  return in_field;
}

/* The spans (start, end pairs of offsets) that @severity should cover,
 * merged as a tag merges them. */
static GArray *
wanted_spans (GPtrArray  *findings,
              MsSeverity  severity)
{
  GArray *wanted = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < findings->len; i++)
    {
      const MsFinding *finding = g_ptr_array_index (findings, i);

      if (finding->severity != severity)
        continue;
      if (wanted->len > 0 && finding->start <= g_array_index (wanted, guint, wanted->len - 1))
        {
          guint *last_end = &g_array_index (wanted, guint, wanted->len - 1);

          *last_end = MAX (*last_end, finding->end);
          continue;
        }
      g_array_append_val (wanted, finding->start);
      g_array_append_val (wanted, finding->end);
    }
  return wanted;
}

/* The spans @tag covers now (start, end pairs of offsets). */
static GArray *
tagged_spans (GtkTextBuffer *buffer,
              GtkTextTag    *tag)
{
  GArray *tagged = g_array_new (FALSE, FALSE, sizeof (guint));
  GtkTextIter iter;

  gtk_text_buffer_get_start_iter (buffer, &iter);
  if (gtk_text_iter_starts_tag (&iter, tag))
    {
      guint offset = 0;

      g_array_append_val (tagged, offset);
    }
  while (gtk_text_iter_forward_to_tag_toggle (&iter, tag))
    {
      guint offset = gtk_text_iter_get_offset (&iter);

      if (gtk_text_iter_is_end (&iter) && tagged->len % 2 == 0)
        break;
      g_array_append_val (tagged, offset);
    }
  if (tagged->len % 2 == 1)
    {
      guint end = gtk_text_buffer_get_char_count (buffer);

      g_array_append_val (tagged, end);
    }
  return tagged;
}

static gboolean
has_span (GArray *spans,
          guint   start,
          guint   end)
{
  for (guint i = 0; i + 1 < spans->len; i += 2)
    if (g_array_index (spans, guint, i) == start && g_array_index (spans, guint, i + 1) == end)
      return TRUE;
  return FALSE;
}

/* Puts @tag on (with @apply) or takes it off each of @spans that @others
 * does not have; the spans both have stay as they are. */
static void
tag_spans (GtkTextBuffer *buffer,
           GtkTextTag    *tag,
           GArray        *spans,
           GArray        *others,
           gboolean       apply)
{
  for (guint i = 0; i + 1 < spans->len; i += 2)
    {
      guint start = g_array_index (spans, guint, i);
      guint end = g_array_index (spans, guint, i + 1);
      GtkTextIter from;
      GtkTextIter to;

      if (has_span (others, start, end))
        continue;
      gtk_text_buffer_get_iter_at_offset (buffer, &from, start);
      gtk_text_buffer_get_iter_at_offset (buffer, &to, end);
      if (apply)
        gtk_text_buffer_apply_tag (buffer, tag, &from, &to);
      else
        gtk_text_buffer_remove_tag (buffer, tag, &from, &to);
    }
}

/* Tags move with the text as you type, so usually they already sit where
 * the new findings are. Only the spans that differ are re-tagged: re-tagging
 * the whole buffer would lay all of it out again on every change of a
 * finding (tens of milliseconds for a long body). */
static void
highlight_view (MsFindingHighlighter *self,
                MsDraftField          field)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->widgets[field]));
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  g_autoptr(GPtrArray) findings = findings_in_field (self, field);

  ensure_tags (buffer);

  for (MsSeverity severity = MS_SEVERITY_INFO; severity <= MS_SEVERITY_ERROR; severity++)
    {
      GtkTextTag *tag = gtk_text_tag_table_lookup (table, tag_names[severity]);
      g_autoptr(GArray) wanted = wanted_spans (findings, severity);
      g_autoptr(GArray) tagged = tagged_spans (buffer, tag);

      tag_spans (buffer, tag, tagged, wanted, FALSE);
      tag_spans (buffer, tag, wanted, tagged, TRUE);
    }
}

/* Whether @attrs underline what @current does (%NULL: nothing). */
static gboolean
same_attributes (PangoAttrList *current,
                 PangoAttrList *attrs)
{
  GSList *listed;
  gboolean empty;

  if (current != NULL)
    return pango_attr_list_equal (current, attrs);
  listed = pango_attr_list_get_attributes (attrs);
  empty = listed == NULL;
  g_slist_free_full (listed, (GDestroyNotify) pango_attribute_destroy);
  return empty;
}

static void
highlight_entry (MsFindingHighlighter *self,
                 MsDraftField          field)
{
  GtkWidget *entry = self->widgets[field];
  GtkEditable *delegate = gtk_editable_get_delegate (GTK_EDITABLE (entry));
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autoptr(GPtrArray) findings = findings_in_field (self, field);
  g_autoptr(GString) tooltip = g_string_new (NULL);
  PangoAttrList *attrs = pango_attr_list_new ();
  glong length = g_utf8_strlen (text, -1);

  for (guint i = 0; i < findings->len; i++)
    {
      const MsFinding *finding = g_ptr_array_index (findings, i);
      GdkRGBA color = severity_rgba (finding->severity);
      PangoAttribute *underline;
      PangoAttribute *underline_color;
      guint start_index;
      guint end_index;

      if (finding->end > (guint) length)
        continue;

      start_index = g_utf8_offset_to_pointer (text, finding->start) - text;
      end_index = g_utf8_offset_to_pointer (text, finding->end) - text;
      underline = pango_attr_underline_new (severity_underline (finding->severity));
      underline_color = pango_attr_underline_color_new (color.red * 65535, color.green * 65535,
                                                        color.blue * 65535);
      underline->start_index = underline_color->start_index = start_index;
      underline->end_index = underline_color->end_index = end_index;
      pango_attr_list_insert (attrs, underline);
      pango_attr_list_insert (attrs, underline_color);

      if (tooltip->len > 0)
        g_string_append (tooltip, "\n");
      g_string_append (tooltip, finding->message);
    }

  /* Typing elsewhere (the body) changes no finding of an entry: setting the
   * same underlines again would lay the entry out and draw it anew. */
  if (GTK_IS_TEXT (delegate) && !same_attributes (gtk_text_get_attributes (GTK_TEXT (delegate)),
                                                  attrs))
    gtk_text_set_attributes (GTK_TEXT (delegate), attrs);
  if (g_strcmp0 (gtk_widget_get_tooltip_text (entry), tooltip->len > 0 ? tooltip->str : NULL) != 0)
    gtk_widget_set_tooltip_text (entry, tooltip->len > 0 ? tooltip->str : NULL);
  pango_attr_list_unref (attrs);
}

static void
on_draft_notify_result_cb (MsFindingHighlighter *self,
                           GParamSpec           *pspec,
                           MsDraft              *draft)
{
  for (MsDraftField field = 0; field < MS_DRAFT_N_FIELDS; field++)
    {
      if (self->widgets[field] == NULL)
        continue;
      if (GTK_IS_TEXT_VIEW (self->widgets[field]))
        highlight_view (self, field);
      else
        highlight_entry (self, field);
    }
}

static gboolean
on_view_query_tooltip_cb (GtkWidget  *widget,
                          int         x,
                          int         y,
                          gboolean    keyboard_mode,
                          GtkTooltip *tooltip,
                          gpointer    user_data)
{
  MsFindingHighlighter *self = MS_FINDING_HIGHLIGHTER (user_data);
  MsDraftField field = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), "draft-field"));
  GtkTextView *view = GTK_TEXT_VIEW (widget);
  g_autoptr(GPtrArray) findings = findings_in_field (self, field);
  g_autoptr(GString) text = g_string_new (NULL);
  GtkTextIter iter;
  int buffer_x;
  int buffer_y;
  guint offset;

  gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_WIDGET, x, y, &buffer_x, &buffer_y);
  if (!gtk_text_view_get_iter_at_location (view, &iter, buffer_x, buffer_y))
    return FALSE;

  offset = gtk_text_iter_get_offset (&iter);
  for (guint i = 0; i < findings->len; i++)
    {
      const MsFinding *finding = g_ptr_array_index (findings, i);

      if (offset < finding->start || offset >= finding->end)
        continue;
      if (text->len > 0)
        g_string_append (text, "\n\n");
      g_string_append (text, finding->message);
      if (finding->suggestion != NULL && *finding->suggestion != '\0')
        g_string_append_printf (text, "\n%s", finding->suggestion);
    }

  if (text->len == 0)
    return FALSE;

  gtk_tooltip_set_text (tooltip, text->str);
  return TRUE;
}

static void
ms_finding_highlighter_dispose (GObject *object)
{
  MsFindingHighlighter *self = MS_FINDING_HIGHLIGHTER (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->widgets); i++)
    g_clear_weak_pointer (&self->widgets[i]);
  g_clear_object (&self->draft);

  G_OBJECT_CLASS (ms_finding_highlighter_parent_class)->dispose (object);
}

static void
ms_finding_highlighter_class_init (MsFindingHighlighterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ms_finding_highlighter_dispose;
}

static void
ms_finding_highlighter_init (MsFindingHighlighter *self)
{
}

MsFindingHighlighter *
ms_finding_highlighter_new (MsDraft *draft)
{
  MsFindingHighlighter *self;

  g_return_val_if_fail (MS_IS_DRAFT (draft), NULL);

  self = g_object_new (MS_TYPE_FINDING_HIGHLIGHTER, NULL);
  self->draft = g_object_ref (draft);
  g_signal_connect_object (draft, "notify::result", G_CALLBACK (on_draft_notify_result_cb), self,
                           G_CONNECT_SWAPPED);

  return self;
}

static void
add_target (MsFindingHighlighter *self,
            MsDraftField          field,
            GtkWidget            *widget)
{
  g_return_if_fail (field < MS_DRAFT_N_FIELDS);

  g_set_weak_pointer (&self->widgets[field], widget);
}

void
ms_finding_highlighter_add_view (MsFindingHighlighter *self,
                                 MsDraftField          field,
                                 GtkTextView          *view)
{
  g_return_if_fail (MS_IS_FINDING_HIGHLIGHTER (self));
  g_return_if_fail (GTK_IS_TEXT_VIEW (view));

  g_object_set_data (G_OBJECT (view), "draft-field", GUINT_TO_POINTER (field));
  gtk_widget_set_has_tooltip (GTK_WIDGET (view), TRUE);
  g_signal_connect_object (view, "query-tooltip", G_CALLBACK (on_view_query_tooltip_cb), self, 0);
  add_target (self, field, GTK_WIDGET (view));
}

void
ms_finding_highlighter_add_entry (MsFindingHighlighter *self,
                                  MsDraftField          field,
                                  GtkEditable          *entry)
{
  g_return_if_fail (MS_IS_FINDING_HIGHLIGHTER (self));
  g_return_if_fail (GTK_IS_EDITABLE (entry));

  add_target (self, field, GTK_WIDGET (entry));
}
