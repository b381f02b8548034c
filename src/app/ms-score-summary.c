/* ms-score-summary.c — the total and the five axes
 *
 * Watches the draft's result and shows it: the total as a ring, what caps
 * it, the team's minimum score and one bar per axis.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score-summary"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ms-score-ring.h"
#include "ms-score-summary.h"

struct _MsScoreSummary
{
  GtkWidget     parent_instance;

  MsDraft      *draft;

  /* Template widgets */
  MsScoreRing  *ring;
  GtkLabel     *band_label;
  GtkLabel     *cap_label;
  GtkLabel     *min_score_label;
  GtkWidget    *details;
  GtkLabel     *axis_labels[MS_N_AXES];
  GtkLevelBar  *axis_bars[MS_N_AXES];
  GtkLabel     *axis_values[MS_N_AXES];
};

G_DEFINE_FINAL_TYPE (MsScoreSummary, ms_score_summary, GTK_TYPE_WIDGET)

static const char *
band_text (guint total)
{
  switch (ms_score_band_for_total (total))
    {
    case MS_SCORE_BAND_GOOD: return _("Ready to send");
    case MS_SCORE_BAND_FAIR: return _("Worth improving");
    case MS_SCORE_BAND_POOR:
    default: return _("Needs work");
    }
}

static void
update (MsScoreSummary *self)
{
  MsScoreResult *result = self->draft != NULL ? ms_draft_get_result (self->draft) : NULL;
  MsMinScoreAction action;
  guint threshold;
  gboolean passed;
  guint total;

  if (self->draft == NULL)
    return;

  /* An empty draft has nothing to score yet, whatever the rules would say
   * (a new one has no result at all). */
  if (ms_draft_is_empty (self->draft))
    {
      ms_score_ring_set_value (self->ring, -1);
      gtk_label_set_label (self->band_label, _("Start writing to see the score"));
      gtk_widget_set_visible (GTK_WIDGET (self->cap_label), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->min_score_label), FALSE);
      gtk_widget_set_visible (self->details, FALSE);
      return;
    }

  if (result == NULL)
    return;
  gtk_widget_set_visible (self->details, TRUE);
  total = ms_score_result_get_total (result);
  ms_score_ring_set_value (self->ring, total);
  gtk_label_set_label (self->band_label, band_text (total));
  if (ms_score_result_get_capped (result))
    gtk_label_set_label (self->cap_label, _("Capped below 60 because the message breaks a law or "
                                            "an NG rule. Fix the errors first."));
  else if (ms_score_result_get_spam_capped (result))
    gtk_label_set_label (self->cap_label, _("Capped below 60 because the message has several "
                                            "spam patterns (stacked brackets, runs of ! or emoji, "
                                            "spam wording, shortened links). Remove them first."));
  gtk_widget_set_visible (GTK_WIDGET (self->cap_label),
                          ms_score_result_get_capped (result) ||
                          ms_score_result_get_spam_capped (result));

  if (ms_score_result_get_min_score (result, &threshold, &passed, &action) && !passed)
    {
      g_autofree char *text = NULL;

      if (action == MS_MIN_SCORE_ACTION_BADGE)
        /* Translators: %u is the team's minimum score */
        text = g_strdup_printf (_("Below your team’s minimum score of %u: if you save it, "
                                  "History marks it"), threshold);
      else
        /* Translators: %u is the team's minimum score */
        text = g_strdup_printf (_("Below your team’s minimum score of %u"), threshold);
      gtk_label_set_label (self->min_score_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->min_score_label), TRUE);
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->min_score_label), FALSE);
    }

  for (MsAxis axis = 0; axis < MS_N_AXES; axis++)
    {
      guint value = ms_score_result_get_axis (result, axis);
      char text[8];

      gtk_label_set_label (self->axis_labels[axis], ms_score_result_get_axis_label (result, axis));
      gtk_level_bar_set_value (self->axis_bars[axis], value);
      g_snprintf (text, sizeof text, "%u", value);
      gtk_label_set_label (self->axis_values[axis], text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->axis_bars[axis]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      ms_score_result_get_axis_label (result, axis),
                                      -1);
    }
}

static void
on_draft_notify_result_cb (MsScoreSummary *self,
                           GParamSpec     *pspec,
                           MsDraft        *draft)
{
  update (self);
}

static void
ms_score_summary_dispose (GObject *object)
{
  MsScoreSummary *self = MS_SCORE_SUMMARY (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_SCORE_SUMMARY);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->draft);

  G_OBJECT_CLASS (ms_score_summary_parent_class)->dispose (object);
}

static void
ms_score_summary_class_init (MsScoreSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char * const axis_names[MS_N_AXES] = {
    "open", "readability", "cta", "fit", "compliance"
  };

  object_class->dispose = ms_score_summary_dispose;

  g_type_ensure (MS_TYPE_SCORE_RING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ms-score-summary.ui");
  gtk_widget_class_bind_template_child (widget_class, MsScoreSummary, ring);
  gtk_widget_class_bind_template_child (widget_class, MsScoreSummary, band_label);
  gtk_widget_class_bind_template_child (widget_class, MsScoreSummary, cap_label);
  gtk_widget_class_bind_template_child (widget_class, MsScoreSummary, min_score_label);
  gtk_widget_class_bind_template_child (widget_class, MsScoreSummary, details);

  for (guint i = 0; i < MS_N_AXES; i++)
    {
      g_autofree char *label = g_strdup_printf ("%s_label", axis_names[i]);
      g_autofree char *bar = g_strdup_printf ("%s_bar", axis_names[i]);
      g_autofree char *value = g_strdup_printf ("%s_value", axis_names[i]);

      gtk_widget_class_bind_template_child_full (widget_class, label, FALSE,
                                                 G_STRUCT_OFFSET (MsScoreSummary, axis_labels) +
                                                 i * sizeof (gpointer));
      gtk_widget_class_bind_template_child_full (widget_class, bar, FALSE,
                                                 G_STRUCT_OFFSET (MsScoreSummary, axis_bars) +
                                                 i * sizeof (gpointer));
      gtk_widget_class_bind_template_child_full (widget_class, value, FALSE,
                                                 G_STRUCT_OFFSET (MsScoreSummary, axis_values) +
                                                 i * sizeof (gpointer));
    }

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "scoresummary");
}

static void
ms_score_summary_init (MsScoreSummary *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Each bar takes the colour of its value's band (style.css): a block
   * below the next band's lowest total is of this band. */
  for (guint i = 0; i < MS_N_AXES; i++)
    {
      gtk_level_bar_add_offset_value (self->axis_bars[i], "poor",
                                      ms_score_band_get_min (MS_SCORE_BAND_FAIR) - 0.5);
      gtk_level_bar_add_offset_value (self->axis_bars[i], "fair",
                                      ms_score_band_get_min (MS_SCORE_BAND_GOOD) - 0.5);
      gtk_level_bar_add_offset_value (self->axis_bars[i], "good", 100);
    }
}

void
ms_score_summary_set_draft (MsScoreSummary *self,
                            MsDraft        *draft)
{
  g_return_if_fail (MS_IS_SCORE_SUMMARY (self));
  g_return_if_fail (MS_IS_DRAFT (draft));

  if (self->draft != NULL)
    g_signal_handlers_disconnect_by_func (self->draft, on_draft_notify_result_cb, self);

  g_set_object (&self->draft, draft);
  g_signal_connect_object (draft, "notify::result", G_CALLBACK (on_draft_notify_result_cb), self,
                           G_CONNECT_SWAPPED);
  update (self);
}
