/* ms-results-view.c — the trend and what the results say, one channel at a time
 *
 * Shows, for the channel chosen with its switch (email or LINE), the
 * insights that hold up (a difference with its interval and p-value, from
 * ms-insights.c), how well the score and the prediction ranked the team's
 * own sends (ms-rank-check.c), both computed in core by MsLearning, and the
 * trend chart of that channel's scorings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-results-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ms-results-view.h"
#include "ms-trend-chart-view.h"
#include "store/ms-entitlements.h"
#include "score/ms-insights.h"
#include "score/ms-learning-config.h"
#include "score/ms-rank-check.h"

struct _MsResultsView
{
  GtkWidget        parent_instance;

  MsLearning      *learning;
  MsChannel        channel;
  char            *chart_locked;   /* why the plan has no trend chart, or NULL */

  /* Template widgets */
  GtkWidget       *group;
  GtkToggleButton *email_button;
  GtkToggleButton *line_button;
  GtkListBox      *list;
  MsTrendChartView *chart;
};

enum {
  PROP_0,
  PROP_CHANNEL,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (MsResultsView, ms_results_view, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static GtkWidget *
add_row (MsResultsView *self,
         const char    *icon_name,
         const char    *css_class,
         const char    *title,
         const char    *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *escaped_title = g_markup_escape_text (title, -1);

  if (icon_name != NULL)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

      if (css_class != NULL)
        gtk_widget_add_css_class (icon, css_class);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  if (subtitle != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (subtitle, -1);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
    }
  gtk_list_box_append (self->list, row);
  return row;
}

static void
update (MsResultsView *self)
{
  const MsLearningConfig *config = ms_learning_config_get ();
  GPtrArray *insights = self->learning != NULL ? ms_learning_get_insights (self->learning) : NULL;
  GPtrArray *checks = self->learning != NULL ? ms_learning_get_rank_checks (self->learning)
                                             : NULL;
  GtkWidget *child;
  guint shown = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  for (guint i = 0; insights != NULL && i < insights->len; i++)
    {
      const MsInsight *insight = g_ptr_array_index (insights, i);
      gboolean up = insight->difference >= 0;

      if (insight->channel != self->channel)
        continue;
      add_row (self, up ? "go-up-symbolic" : "go-down-symbolic", up ? "success" : "warning",
               insight->text, NULL);
      shown++;
    }
  if (shown == 0)
    {
      g_autofree char *detail =
        /* Translators: %u a number of sends, %.2f a p-value threshold (0.05) */
        g_strdup_printf (_("A difference is shown once it holds up: at least %u sends on each "
                           "side, and a permutation test gives p ≤ %.2f."),
                         config->insight_min_support, config->insight_max_p);

      add_row (self, NULL, NULL,
               self->channel == MS_CHANNEL_LINE ? _("Nothing in your LINE results stands out yet")
                                                : _("Nothing in your email results stands out "
                                                    "yet"),
               detail);
    }

  for (guint i = 0; checks != NULL && i < checks->len; i++)
    {
      const MsRankCheck *check = g_ptr_array_index (checks, i);

      if (check->channel == self->channel)
        add_row (self, "view-sort-descending-symbolic", NULL, _("Score against results"),
                 check->text);
    }

  /* A locked chart stands where it would be drawn, saying what unlocks it. */
  if (self->chart_locked != NULL && ms_trend_chart_view_get_n_points (self->chart) >= 2)
    {
      g_autofree char *name = ms_entitlements_dup_feature_name ("trend_chart");
      GtkWidget *row = add_row (self, "changes-prevent-symbolic", NULL, name, self->chart_locked);

      gtk_widget_set_name (row, "trend-chart-locked");
      shown = G_MAXUINT;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->list),
                          (self->learning != NULL && ms_learning_get_n_rows (self->learning) > 0) ||
                          shown == G_MAXUINT);
  gtk_widget_set_visible (GTK_WIDGET (self->chart),
                          self->chart_locked == NULL &&
                          ms_trend_chart_view_get_n_points (self->chart) >= 2);
  gtk_widget_set_visible (GTK_WIDGET (self),
                          gtk_widget_get_visible (GTK_WIDGET (self->list)) ||
                          gtk_widget_get_visible (GTK_WIDGET (self->chart)));
}

static void
on_channel_toggled_cb (MsResultsView   *self,
                       GtkToggleButton *button)
{
  if (gtk_toggle_button_get_active (button))
    ms_results_view_set_channel (self, button == self->line_button ? MS_CHANNEL_LINE
                                                                   : MS_CHANNEL_EMAIL);
}

static void
ms_results_view_dispose (GObject *object)
{
  MsResultsView *self = MS_RESULTS_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_RESULTS_VIEW);
  g_clear_object (&self->learning);
  g_clear_pointer (&self->chart_locked, g_free);

  G_OBJECT_CLASS (ms_results_view_parent_class)->dispose (object);
}

static void
ms_results_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MsResultsView *self = MS_RESULTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CHANNEL:
      g_value_set_enum (value, self->channel);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_results_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MsResultsView *self = MS_RESULTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CHANNEL:
      ms_results_view_set_channel (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_results_view_class_init (MsResultsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ms_results_view_dispose;
  object_class->get_property = ms_results_view_get_property;
  object_class->set_property = ms_results_view_set_property;

  properties[PROP_CHANNEL] =
    g_param_spec_enum ("channel", NULL, NULL, MS_TYPE_CHANNEL, MS_CHANNEL_EMAIL,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ms-results-view.ui");
  gtk_widget_class_bind_template_child (widget_class, MsResultsView, group);
  gtk_widget_class_bind_template_child (widget_class, MsResultsView, email_button);
  gtk_widget_class_bind_template_child (widget_class, MsResultsView, line_button);
  gtk_widget_class_bind_template_child (widget_class, MsResultsView, list);
  gtk_widget_class_bind_template_child (widget_class, MsResultsView, chart);
  gtk_widget_class_bind_template_callback (widget_class, on_channel_toggled_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "resultsview");
}

static void
ms_results_view_init (MsResultsView *self)
{
  g_type_ensure (MS_TYPE_TREND_CHART_VIEW);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->channel = MS_CHANNEL_EMAIL;
  update (self);
}

/**
 * ms_results_view_set_learning:
 *
 * Shows what @learning found, and follows it as it learns again.
 */
void
ms_results_view_set_learning (MsResultsView *self,
                              MsLearning    *learning)
{
  g_return_if_fail (MS_IS_RESULTS_VIEW (self));
  g_return_if_fail (MS_IS_LEARNING (learning));

  if (self->learning != NULL)
    g_signal_handlers_disconnect_by_data (self->learning, self);
  g_set_object (&self->learning, learning);
  g_signal_connect_object (learning, "notify::insights", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (learning, "notify::rank-checks", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
  update (self);
}

MsChannel
ms_results_view_get_channel (MsResultsView *self)
{
  g_return_val_if_fail (MS_IS_RESULTS_VIEW (self), MS_CHANNEL_EMAIL);

  return self->channel;
}

/**
 * ms_results_view_set_channel:
 *
 * Shows @channel's results (the switch follows).
 */
void
ms_results_view_set_channel (MsResultsView *self,
                             MsChannel      channel)
{
  g_return_if_fail (MS_IS_RESULTS_VIEW (self));

  if (self->channel == channel)
    return;
  self->channel = channel;
  ms_trend_chart_view_set_channel (self->chart, channel);
  gtk_toggle_button_set_active (channel == MS_CHANNEL_LINE ? self->line_button
                                                           : self->email_button, TRUE);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANNEL]);
}

/**
 * ms_results_view_set_points:
 * @points: (array length=n_points): saved scorings of both channels, oldest first
 *
 * The trend chart's points; it draws those of the channel shown. When that
 * channel has fewer than two and the other has more, the other is shown.
 */
void
ms_results_view_set_points (MsResultsView      *self,
                            const MsTrendPoint *points,
                            guint               n_points)
{
  guint n[2] = { 0, 0 };
  MsChannel other;

  g_return_if_fail (MS_IS_RESULTS_VIEW (self));

  for (guint i = 0; i < n_points; i++)
    n[points[i].channel]++;
  other = self->channel == MS_CHANNEL_EMAIL ? MS_CHANNEL_LINE : MS_CHANNEL_EMAIL;
  ms_trend_chart_view_set_points (self->chart, points, n_points);
  if (n[self->channel] < 2 && n[other] > n[self->channel])
    ms_results_view_set_channel (self, other);
  else
    update (self);
}

/**
 * ms_results_view_set_chart_locked:
 * @reason: (nullable): why the plan has no trend chart and what unlocks it;
 *   %NULL draws the chart
 */
void
ms_results_view_set_chart_locked (MsResultsView *self,
                                  const char    *reason)
{
  g_return_if_fail (MS_IS_RESULTS_VIEW (self));

  if (g_strcmp0 (reason, self->chart_locked) == 0)
    return;
  g_free (self->chart_locked);
  self->chart_locked = g_strdup (reason);
  update (self);
}

/**
 * ms_results_view_get_chart_locked:
 *
 * Returns: whether the trend chart is locked by the plan
 */
gboolean
ms_results_view_get_chart_locked (MsResultsView *self)
{
  g_return_val_if_fail (MS_IS_RESULTS_VIEW (self), FALSE);

  return self->chart_locked != NULL;
}
