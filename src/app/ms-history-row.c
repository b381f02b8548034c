/* ms-history-row.c — one saved scoring in the History list
 *
 * Shows the score, the subject (or the first words of a LINE message), when
 * and for which channel, and — once results were entered — the prediction
 * against the actual open rate and the error. A row beyond the plan's
 * visible history says so instead of showing the text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-history-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ms-history-row.h"
#include "ms-score-band.h"

struct _MsHistoryRow
{
  GtkWidget      parent_instance;

  MsHistoryItem *item;

  /* Template widgets */
  GtkLabel      *score_label;
  GtkLabel      *title_label;
  GtkLabel      *meta_label;
  GtkLabel      *minimum_label;
  GtkLabel      *request_label;
  GtkLabel      *feedback_label;
  GtkLabel      *results_label;
  GtkWidget     *results_button;
  GtkWidget     *link_button;
  GtkWidget     *delete_button;
  GtkWidget     *share_button;
};

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (MsHistoryRow, ms_history_row, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];


static char *
format_results (MsHistoryItem *item)
{
  if (ms_history_item_get_has_actuals (item) && ms_history_item_get_has_prediction (item))
    /* Translators: predicted and actual open rates, and the error in percentage points */
    return g_strdup_printf (_("Open rate: predicted %.1f%%, actual %.1f%% (%+.1f pt)"),
                            ms_history_item_get_predicted_open_rate (item) * 100,
                            ms_history_item_get_actual_open_rate (item) * 100,
                            ms_history_item_get_error (item));
  if (ms_history_item_get_has_actuals (item))
    return g_strdup_printf (_("Open rate: actual %.1f%%"),
                            ms_history_item_get_actual_open_rate (item) * 100);
  if (ms_history_item_get_has_prediction (item))
    return g_strdup_printf (_("Open rate: predicted %.1f%% · enter results after sending"),
                            ms_history_item_get_predicted_open_rate (item) * 100);
  return NULL;
}

/* The CSS class of each band (style.css); where a band starts is data. */
static const char * const band_classes[] = {
  [MS_SCORE_BAND_GOOD] = "score-good",
  [MS_SCORE_BAND_FAIR] = "score-fair",
  [MS_SCORE_BAND_POOR] = "score-poor",
};

/* The badge of a fix request (修正依頼) about a shared copy of the scoring. */
static void
update_request (MsHistoryRow *self,
                const char   *status)
{
  const char *text = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (self->request_label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->request_label), "success");
  if (g_strcmp0 (status, "open") == 0)
    {
      text = _("Fix requested: see Requests");
      gtk_widget_add_css_class (GTK_WIDGET (self->request_label), "warning");
    }
  else if (g_strcmp0 (status, "fixed") == 0)
    {
      text = _("Fix request answered");
      gtk_widget_add_css_class (GTK_WIDGET (self->request_label), "success");
    }
  else if (g_strcmp0 (status, "closed") == 0)
    text = _("Fix request closed");
  gtk_label_set_label (self->request_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->request_label), text != NULL);
}

/* How much reviewers said on a share link of the scoring (the Feedback section). */
static void
update_feedback (MsHistoryRow *self,
                 guint         n,
                 guint         n_open)
{
  g_autofree char *text = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (self->feedback_label), "warning");
  if (n_open > 0)
    {
      /* Translators: %u is how many reviewers' feedback items wait for an answer */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u reviewer feedback to answer: "
                                           "see Feedback",
                                           "%u reviewer feedback items to answer: see Feedback",
                                           n_open), n_open);
      gtk_widget_add_css_class (GTK_WIDGET (self->feedback_label), "warning");
    }
  else if (n > 0)
    /* Translators: %u is how many reviewers' feedback items were all answered */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u reviewer feedback, resolved",
                                         "%u reviewer feedback items, all resolved", n), n);
  gtk_label_set_label (self->feedback_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->feedback_label), text != NULL);
}

static void
update (MsHistoryRow *self)
{
  MsHistoryItem *item = self->item;
  g_autoptr(GDateTime) created = NULL;
  g_autofree char *date = NULL;
  g_autofree char *meta = NULL;
  g_autofree char *score = NULL;
  g_autofree char *results = NULL;
  const char *title;
  gboolean locked;
  guint minimum;
  guint total;

  for (guint i = 0; i < G_N_ELEMENTS (band_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->score_label), band_classes[i]);

  if (item == NULL)
    return;

  locked = ms_history_item_get_locked (item);
  total = ms_history_item_get_total (item);
  created = ms_history_item_dup_created_at_datetime (item);
  /* Translators: date and time of a saved scoring, strftime format */
  date = g_date_time_format (created, _("%Y-%m-%d %H:%M"));
  meta = g_strdup_printf ("%s · %s", date,
                          ms_history_item_get_channel (item) == MS_CHANNEL_LINE ? _("LINE") :
                                                                                   _("Email"));

  if (locked)
    title = _("Kept, but hidden on your plan. Upgrade to see it.");
  else if (*ms_history_item_get_subject (item) != '\0')
    title = ms_history_item_get_subject (item);
  else
    title = ms_history_item_get_excerpt (item);

  score = locked ? g_strdup ("–") : g_strdup_printf ("%u", total);
  gtk_label_set_label (self->score_label, score);
  if (!locked)
    gtk_widget_add_css_class (GTK_WIDGET (self->score_label),
                              band_classes[ms_score_band_for_total (total)]);
  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->meta_label, meta);

  minimum = locked ? 0 : ms_history_item_get_badge_minimum (item);
  if (minimum > 0)
    {
      /* Translators: a badge on a saved message; %u is the team's minimum score */
      g_autofree char *badge = g_strdup_printf (_("Below the team’s minimum of %u"), minimum);

      gtk_label_set_label (self->minimum_label, badge);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->minimum_label), minimum > 0);

  update_request (self, locked ? NULL : ms_history_item_get_fix_request_status (item));
  {
    guint n_open = 0;
    guint n = locked ? 0 : ms_history_item_get_n_feedback (item, &n_open);

    update_feedback (self, n, n_open);
  }

  results = locked ? NULL : format_results (item);
  gtk_label_set_label (self->results_label, results != NULL ? results : "");
  gtk_widget_set_visible (GTK_WIDGET (self->results_label), results != NULL);

  gtk_widget_set_sensitive (GTK_WIDGET (self->title_label), !locked);
  gtk_widget_set_visible (self->results_button, !locked);
  gtk_widget_set_visible (self->delete_button, !locked);
  gtk_widget_set_visible (self->link_button, !locked);
  gtk_widget_set_visible (self->share_button, !locked);
  /* Target first, then the action: an action without its parameter warns. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->results_button), "s",
                                    ms_history_item_get_id (item));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->results_button), "history.enter-results");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->delete_button), "s",
                                    ms_history_item_get_id (item));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->delete_button), "history.delete");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->share_button), "s",
                                    ms_history_item_get_id (item));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->share_button), "review.share");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->link_button), "s",
                                    ms_history_item_get_id (item));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->link_button), "history.share");
}

static void
ms_history_row_dispose (GObject *object)
{
  MsHistoryRow *self = MS_HISTORY_ROW (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_HISTORY_ROW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (ms_history_row_parent_class)->dispose (object);
}

static void
ms_history_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MsHistoryRow *self = MS_HISTORY_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_history_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  MsHistoryRow *self = MS_HISTORY_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      ms_history_row_set_item (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_history_row_class_init (MsHistoryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ms_history_row_dispose;
  object_class->get_property = ms_history_row_get_property;
  object_class->set_property = ms_history_row_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL,
                         MS_TYPE_HISTORY_ITEM,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ms-history-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MsHistoryRow, score_label);
  gtk_widget_class_bind_template_child (widget_class, MsHistoryRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, MsHistoryRow, meta_label);
  gtk_widget_class_bind_template_child (widget_class, MsHistoryRow, minimum_label);
  gtk_widget_class_bind_template_child (widget_class, MsHistoryRow, request_label);
  gtk_widget_class_bind_template_child (widget_class, MsHistoryRow, feedback_label);
  gtk_widget_class_bind_template_child (widget_class, MsHistoryRow, results_label);
  gtk_widget_class_bind_template_child (widget_class, MsHistoryRow, results_button);
  gtk_widget_class_bind_template_child (widget_class, MsHistoryRow, link_button);
  gtk_widget_class_bind_template_child (widget_class, MsHistoryRow, delete_button);
  gtk_widget_class_bind_template_child (widget_class, MsHistoryRow, share_button);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "historyrow");
}

static void
ms_history_row_init (MsHistoryRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ms_history_row_get_item:
 *
 * Returns: (transfer none) (nullable): the scoring shown
 */
MsHistoryItem *
ms_history_row_get_item (MsHistoryRow *self)
{
  g_return_val_if_fail (MS_IS_HISTORY_ROW (self), NULL);

  return self->item;
}

void
ms_history_row_set_item (MsHistoryRow  *self,
                         MsHistoryItem *item)
{
  g_return_if_fail (MS_IS_HISTORY_ROW (self));

  if (g_set_object (&self->item, item))
    {
      update (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
    }
}
