/* ms-prediction-view.c — predicted rates with their range and their basis
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-prediction-view"

#include "config.h"

#include <math.h>
#include <adwaita.h>
#include <glib/gi18n.h>

#include "ms-prediction-view.h"
#include "ms-text-row.h"
#include "score/ms-learning-config.h"

struct _MsPredictionView
{
  GtkWidget     parent_instance;

  MsDraft      *draft;

  char         *neighbours_key;   /* what the neighbour rows show */

  /* Template widgets */
  MsTextRow    *open_rate_row;
  MsTextRow    *click_rate_row;
  MsTextRow    *conversion_rate_row;
  MsTextRow    *conversions_row;
  GtkLabel     *basis_label;
  GtkWidget    *neighbours_group;
  GtkListBox   *neighbours_list;
};

G_DEFINE_FINAL_TYPE (MsPredictionView, ms_prediction_view, GTK_TYPE_WIDGET)

/* Rates change on most keystrokes that change a finding: the same text is
 * left alone, so its row is not laid out again. */
static void
set_subtitle (MsTextRow  *row,
              const char *subtitle)
{
  if (g_strcmp0 (ms_text_row_get_subtitle (row), subtitle) != 0)
    ms_text_row_set_subtitle (row, subtitle);
}

static void
show_rate (MsTextRow     *row,
           const MsRange *range)
{
  g_autofree char *value = NULL;

  /* Translators: a predicted rate and its p10–p90 range, e.g. “21.3% (18.0–24.9%)” */
  value = g_strdup_printf (_("%.1f%% (%.1f–%.1f%%)"),
                           range->p50 * 100, range->p10 * 100, range->p90 * 100);
  set_subtitle (row, value);
}

/* Everything the neighbour rows show. */
static char *
neighbours_key (const MsPrediction *prediction)
{
  GString *key = g_string_new (prediction->basis);

  for (guint i = 0; prediction->neighbours != NULL && i < prediction->neighbours->len; i++)
    {
      const MsNeighbour *neighbour = g_ptr_array_index (prediction->neighbours, i);

      g_string_append_printf (key, "\x1e%s\x1f%s\x1f%.1f\x1f%.0f", neighbour->subject,
                              neighbour->sent_on != NULL ? neighbour->sent_on : "",
                              neighbour->open_rate * 100, neighbour->similarity * 100);
    }
  return g_string_free (key, FALSE);
}

/* The past sends the prediction leans on, cited with their real rates. */
static void
show_neighbours (MsPredictionView   *self,
                 const MsPrediction *prediction)
{
  GtkWidget *child;
  guint n = prediction->neighbours != NULL ? prediction->neighbours->len : 0;
  g_autofree char *key = neighbours_key (prediction);

  /* The same sends cited: the rows stay. */
  if (g_strcmp0 (key, self->neighbours_key) == 0)
    return;
  g_free (self->neighbours_key);
  self->neighbours_key = g_steal_pointer (&key);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->neighbours_list))) != NULL)
    gtk_list_box_remove (self->neighbours_list, child);

  for (guint i = 0; i < n; i++)
    {
      const MsNeighbour *neighbour = g_ptr_array_index (prediction->neighbours, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = g_markup_escape_text (neighbour->subject, -1);
      g_autofree char *subtitle = NULL;

      if (isnan (neighbour->open_rate))
        /* Translators: when a past campaign was sent and how similar it is */
        subtitle = g_strdup_printf (_("%s · similarity %.0f%%"),
                                    neighbour->sent_on != NULL ? neighbour->sent_on : "—",
                                    neighbour->similarity * 100);
      else
        /* Translators: when a past campaign was sent, its real open rate, similarity */
        subtitle = g_strdup_printf (_("%s · opened %.1f%% · similarity %.0f%%"),
                                    neighbour->sent_on != NULL ? neighbour->sent_on : "—",
                                    neighbour->open_rate * 100, neighbour->similarity * 100);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_append (self->neighbours_list, row);
    }

  /* Learned from the team's sends, but none is close enough to cite: say so
   * rather than cite sends that have nothing to do with this one. */
  if (n == 0 && g_strcmp0 (prediction->basis, "industry_baseline") != 0)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle =
        /* Translators: %.0f is a similarity threshold in percent */
        g_strdup_printf (_("A past send is cited from %.0f%% similarity."),
                         ms_learning_config_get ()->cite_min_similarity * 100);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("None of your past sends is similar to this message"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_append (self->neighbours_list, row);
      n = 1;
    }

  gtk_widget_set_visible (self->neighbours_group, n > 0);
}

static void
update (MsPredictionView *self)
{
  MsScoreResult *result = ms_draft_get_result (self->draft);
  const MsPrediction *prediction = result != NULL ? ms_score_result_get_prediction (result) : NULL;
  g_autofree char *conversions = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self), prediction != NULL && !ms_draft_is_empty (self->draft));
  if (prediction == NULL)
    return;

  show_rate (self->open_rate_row, &prediction->open_rate);
  show_rate (self->click_rate_row, &prediction->click_rate);
  show_rate (self->conversion_rate_row, &prediction->conversion_rate);

  if (prediction->list_size == 0)
    conversions = g_strdup (_("Set the list size to predict conversions"));
  else
    {
      g_autofree char *list_size = g_strdup_printf ("%" G_GUINT64_FORMAT, prediction->list_size);

      /* Translators: predicted conversions, their p10–p90 range, and the list size */
      conversions = g_strdup_printf (_("%.0f (%.0f–%.0f) of %s recipients"),
                                     prediction->conversions.p50, prediction->conversions.p10,
                                     prediction->conversions.p90, list_size);
    }
  set_subtitle (self->conversions_row, conversions);
  gtk_label_set_label (self->basis_label, prediction->source != NULL ? prediction->source : "");
  show_neighbours (self, prediction);
}

static void
on_draft_notify_result_cb (MsPredictionView *self,
                           GParamSpec       *pspec,
                           MsDraft          *draft)
{
  update (self);
}

static void
ms_prediction_view_dispose (GObject *object)
{
  MsPredictionView *self = MS_PREDICTION_VIEW (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_PREDICTION_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->draft);
  g_clear_pointer (&self->neighbours_key, g_free);

  G_OBJECT_CLASS (ms_prediction_view_parent_class)->dispose (object);
}

static void
ms_prediction_view_class_init (MsPredictionViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ms_prediction_view_dispose;

  g_type_ensure (MS_TYPE_TEXT_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ms-prediction-view.ui");
  gtk_widget_class_bind_template_child (widget_class, MsPredictionView, open_rate_row);
  gtk_widget_class_bind_template_child (widget_class, MsPredictionView, click_rate_row);
  gtk_widget_class_bind_template_child (widget_class, MsPredictionView, conversion_rate_row);
  gtk_widget_class_bind_template_child (widget_class, MsPredictionView, conversions_row);
  gtk_widget_class_bind_template_child (widget_class, MsPredictionView, basis_label);
  gtk_widget_class_bind_template_child (widget_class, MsPredictionView, neighbours_group);
  gtk_widget_class_bind_template_child (widget_class, MsPredictionView, neighbours_list);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "predictionview");
}

static void
ms_prediction_view_init (MsPredictionView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
ms_prediction_view_set_draft (MsPredictionView *self,
                              MsDraft          *draft)
{
  g_return_if_fail (MS_IS_PREDICTION_VIEW (self));
  g_return_if_fail (MS_IS_DRAFT (draft));

  if (self->draft != NULL)
    g_signal_handlers_disconnect_by_func (self->draft, on_draft_notify_result_cb, self);

  g_set_object (&self->draft, draft);
  g_signal_connect_object (draft, "notify::result", G_CALLBACK (on_draft_notify_result_cb), self,
                           G_CONNECT_SWAPPED);
  update (self);
}
