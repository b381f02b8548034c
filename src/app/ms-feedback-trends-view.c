/* ms-feedback-trends-view.c — the Feedback section's trends and this month's status
 *
 * フィードバック傾向: per reviewer role (and per reviewer who gave a name),
 * how many comments, the share in each category and the mean change of the
 * score they would give per axis. 今月の指摘対応状況: per category, this
 * month's feedback, how much of it is resolved, and last month's count, so
 * a team sees the points go down. Computed on the device
 * (src/core/score/ms-feedback-trends.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-feedback-page"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "score/ms-feedback-trends.h"
#include "store/ms-feedback-item.h"
#include "ms-feedback-trends-view.h"

static const char *
role_label (const char *role)
{
  if (g_strcmp0 (role, "director") == 0)
    return _("Director");
  if (g_strcmp0 (role, "manager") == 0)
    return _("Section Manager or Manager");
  return _("Team Lead or Senior Colleague");
}

static void
clear (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
append_row (GtkListBox *list,
            const char *title,
            const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_append (list, row);
}

static char *
describe_trend (const MsFeedbackTrend *trend)
{
  const char *language = ms_score_get_language ();
  GString *out = g_string_new (NULL);

  for (guint c = 0; c < ms_feedback_categories_count (); c++)
    if (trend->per_category[c] > 0)
      /* Translators: a category of comments and its share, such as 件名 40% */
      g_string_append_printf (out, _("%s%s %u%%"), out->len > 0 ? _(", ") : "",
                              ms_feedback_category_name (c, language),
                              (guint) lround (100.0 * trend->per_category[c] / trend->n_items));
  for (guint a = 0; a < MS_N_AXES; a++)
    if (trend->n_shift[a] > 0)
      /* Translators: an axis and the mean change of the score reviewers would give */
      g_string_append_printf (out, _(" · %s %+d points"), ms_axis_get_label (a),
                              (int) lround (trend->mean_shift[a]));
  return g_string_free (out, FALSE);
}

void
ms_feedback_trends_view_fill (GtkListBox *trends,
                              GtkListBox *months,
                              GListModel *items,
                              gint64      now)
{
  guint n = g_list_model_get_n_items (items);
  g_autoptr(GArray) list = g_array_sized_new (FALSE, TRUE, sizeof (MsTrendFeedback), n);
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) per = NULL;
  MsFeedbackMonths counts;

  for (guint i = 0; i < n; i++)
    {
      MsFeedbackItem *item = g_list_model_get_item (items, i);
      const MsFeedbackInfo *info = ms_feedback_item_get_info (item);
      MsTrendFeedback t = {
        info->role, info->reviewer_name, info->rating, info->axes, info->comment, info->status,
        info->created_at, info->engine_total, info->corrected_score,
      };

      g_ptr_array_add (keep, item);
      g_array_append_val (list, t);
    }
  clear (trends);
  clear (months);
  per = ms_feedback_trends ((const MsTrendFeedback *) list->data, list->len);
  for (guint i = 0; i < per->len; i++)
    {
      const MsFeedbackTrend *trend = g_ptr_array_index (per, i);
      g_autofree char *title = trend->name != NULL
        /* Translators: a reviewer's name, their role, how many comments */
        ? g_strdup_printf (_("%s (%s) · %u"), trend->name, role_label (trend->role), trend->n_items)
        /* Translators: a reviewer role, how many comments */
        : g_strdup_printf (_("%s · %u"), role_label (trend->role), trend->n_items);
      g_autofree char *subtitle = describe_trend (trend);

      append_row (trends, title, subtitle);
    }

  ms_feedback_months ((const MsTrendFeedback *) list->data, list->len, now, &counts);
  for (guint c = 0; c < ms_feedback_categories_count (); c++)
    {
      g_autofree char *subtitle = NULL;

      if (counts.items[0][c] == 0 && counts.items[1][c] == 0)
        continue;
      /* Translators: this month's feedback of a category, how many resolved, last month's */
      subtitle = g_strdup_printf (_("This month %u (%u resolved) · last month %u"),
                                  counts.items[0][c], counts.resolved[0][c], counts.items[1][c]);
      append_row (months, ms_feedback_category_name (c, ms_score_get_language ()), subtitle);
    }
}
