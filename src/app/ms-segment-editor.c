/* ms-segment-editor.c — who the message is for and what it should achieve
 *
 * Industry (from the baselines data), audience, age band, B2B, list size and
 * goal, written into the draft's segment as they change, so the score, the
 * fit findings and the prediction follow at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-segment-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "ms-segment-editor.h"

struct _MsSegmentEditor
{
  GtkWidget       parent_instance;

  MsDraft        *draft;
  GPtrArray      *industries;   /* MsIndustry, in the order of the industry row */
  gboolean        updating;

  /* Template widgets */
  AdwExpanderRow *expander;
  AdwComboRow    *industry_row;
  AdwComboRow    *audience_row;
  AdwComboRow    *age_band_row;
  AdwComboRow    *goal_row;
  GtkSwitch      *b2b_switch;
  GtkSpinButton  *list_size_spin;
};

G_DEFINE_FINAL_TYPE (MsSegmentEditor, ms_segment_editor, GTK_TYPE_WIDGET)

static const char *
selected_label (AdwComboRow *row)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (row);

  return item != NULL ? gtk_string_object_get_string (item) : "";
}

static void
show_summary (MsSegmentEditor *self)
{
  g_autofree char *summary = NULL;

  /* Translators: the segment in one line: industry · audience · goal */
  summary = g_strdup_printf (_("%s · %s · %s"),
                             selected_label (self->industry_row),
                             selected_label (self->audience_row),
                             selected_label (self->goal_row));
  adw_expander_row_set_subtitle (self->expander, summary);
}

static void
write_segment (MsSegmentEditor *self)
{
  g_autoptr(MsSegment) segment = NULL;
  guint industry;

  if (self->draft == NULL || self->updating)
    return;

  segment = ms_segment_copy (ms_draft_get_segment (self->draft));
  industry = adw_combo_row_get_selected (self->industry_row);
  ms_segment_set_industry (segment, industry < self->industries->len ?
                           ((MsIndustry *) g_ptr_array_index (self->industries, industry))->id :
                           NULL);
  segment->audience = adw_combo_row_get_selected (self->audience_row);
  segment->age_band = adw_combo_row_get_selected (self->age_band_row);
  segment->goal = adw_combo_row_get_selected (self->goal_row);
  segment->b2b = gtk_switch_get_active (self->b2b_switch);
  segment->list_size = (guint64) gtk_spin_button_get_value (self->list_size_spin);

  show_summary (self);
  self->updating = TRUE;
  ms_draft_set_segment (self->draft, segment);
  self->updating = FALSE;
}

/* Shows the draft's segment; the enums' order is the rows' order. */
static void
read_segment (MsSegmentEditor *self)
{
  const MsSegment *segment = ms_draft_get_segment (self->draft);
  guint industry = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; i < self->industries->len; i++)
    if (g_strcmp0 (((MsIndustry *) g_ptr_array_index (self->industries, i))->id,
                   segment->industry) == 0)
      industry = i;

  self->updating = TRUE;
  adw_combo_row_set_selected (self->industry_row,
                              industry != GTK_INVALID_LIST_POSITION ? industry :
                              self->industries->len - 1);
  adw_combo_row_set_selected (self->audience_row, segment->audience);
  adw_combo_row_set_selected (self->age_band_row, segment->age_band);
  adw_combo_row_set_selected (self->goal_row, segment->goal);
  gtk_switch_set_active (self->b2b_switch, segment->b2b);
  gtk_spin_button_set_value (self->list_size_spin, segment->list_size);
  self->updating = FALSE;

  show_summary (self);
}

static void
on_input_changed_cb (MsSegmentEditor *self)
{
  write_segment (self);
}

static void
ms_segment_editor_dispose (GObject *object)
{
  MsSegmentEditor *self = MS_SEGMENT_EDITOR (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_SEGMENT_EDITOR);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->draft);
  g_clear_pointer (&self->industries, g_ptr_array_unref);

  G_OBJECT_CLASS (ms_segment_editor_parent_class)->dispose (object);
}

static void
ms_segment_editor_class_init (MsSegmentEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ms_segment_editor_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ms-segment-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, MsSegmentEditor, expander);
  gtk_widget_class_bind_template_child (widget_class, MsSegmentEditor, industry_row);
  gtk_widget_class_bind_template_child (widget_class, MsSegmentEditor, audience_row);
  gtk_widget_class_bind_template_child (widget_class, MsSegmentEditor, age_band_row);
  gtk_widget_class_bind_template_child (widget_class, MsSegmentEditor, goal_row);
  gtk_widget_class_bind_template_child (widget_class, MsSegmentEditor, b2b_switch);
  gtk_widget_class_bind_template_child (widget_class, MsSegmentEditor, list_size_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_input_changed_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "segmenteditor");
}

static void
ms_segment_editor_init (MsSegmentEditor *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  self->industries = ms_segment_list_industries ();
  for (guint i = 0; i < self->industries->len; i++)
    gtk_string_list_append (labels,
                            ((MsIndustry *) g_ptr_array_index (self->industries, i))->label);

  self->updating = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  adw_combo_row_set_model (self->industry_row, G_LIST_MODEL (labels));
  self->updating = FALSE;
}

static void
on_draft_notify_segment_cb (MsSegmentEditor *self,
                            GParamSpec      *pspec,
                            MsDraft         *draft)
{
  if (!self->updating)
    read_segment (self);
}

void
ms_segment_editor_set_draft (MsSegmentEditor *self,
                             MsDraft         *draft)
{
  g_return_if_fail (MS_IS_SEGMENT_EDITOR (self));
  g_return_if_fail (MS_IS_DRAFT (draft));

  if (self->draft != NULL)
    g_signal_handlers_disconnect_by_func (self->draft, on_draft_notify_segment_cb, self);

  g_set_object (&self->draft, draft);
  g_signal_connect_object (draft, "notify::segment", G_CALLBACK (on_draft_notify_segment_cb),
                           self, G_CONNECT_SWAPPED);
  read_segment (self);
}
