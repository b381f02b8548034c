/* ms-team-stats-page.c — the Stats section: member stats and the team trend
 *
 * Shows the active team's figures as the server last computed them
 * (MsTeamStatsRepository): this month's scorings, average score, share
 * below the team's minimum and most used goal with their change from last
 * month, the change since the first month, a monthly chart of the team's
 * average beside one member's, and a row per member (owners see every
 * member; a member sees themself). It asks the server for fresh figures
 * when shown and on Refresh; offline it keeps the last ones and says when
 * they were computed. The table exports as CSV. A plan without
 * member_stats shows what unlocks it instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-team-stats-page"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "io/ms-team-stats-csv.h"
#include "store/ms-entitlements.h"
#include "store/ms-team-repository.h"
#include "store/ms-team-stats-repository.h"
#include "ms-stats-chart.h"
#include "ms-team-stats-page.h"

struct _MsTeamStatsPage
{
  GtkWidget              parent_instance;

  MsContext             *context;
  MsStore               *store;
  MsSyncClient          *client;
  MsTeamRepository      *teams;
  MsTeamStatsRepository *repository;
  MsTeam                *team;       /* the active team, or NULL */
  MsTeamStats           *stats;      /* its figures, or NULL */
  char                  *selected;   /* the member whose line the chart shows */
  GCancellable          *cancellable;
  gboolean               fetching;
  gboolean               fetch_failed;

  /* Template widgets */
  GtkStack              *stack;
  AdwStatusPage         *locked_page;
  AdwPreferencesGroup   *summary_group;
  GtkButton             *export_button;
  GtkButton             *refresh_button;
  GtkButton             *none_refresh_button;
  AdwActionRow          *scorings_row;
  AdwActionRow          *average_row;
  AdwActionRow          *below_row;
  AdwActionRow          *goal_row;
  AdwActionRow          *since_row;
  MsStatsChart          *chart;
  GtkLabel              *legend_label;
  AdwPreferencesGroup   *members_group;
  GtkListBox            *members_list;
};

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (MsTeamStatsPage, ms_team_stats_page, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static void refresh (MsTeamStatsPage *self);
static void fetch   (MsTeamStatsPage *self,
                     gboolean         asked);

/* ------------------------------------------------------------------------ */
/* Formatting                                                                */

/* "72.4", or an em dash for a month without scorings */
static char *
format_average (double average)
{
  if (isnan (average))
    return g_strdup ("—");
  return g_strdup_printf ("%.1f", average);
}

static char *
format_change (double change,
               double scale)
{
  double value;

  if (isnan (change))
    return NULL;
  value = round (change * scale * 10) / 10;
  if (value == 0)
    return g_strdup ("±0.0");
  return g_strdup_printf ("%+.1f", value);
}

/* "72.4 (+3.1 from last month)" */
static char *
describe_average (double average,
                  double change)
{
  g_autofree char *value = format_average (average);
  g_autofree char *delta = format_change (change, 1);

  if (delta == NULL)
    return g_steal_pointer (&value);
  /* Translators: an average score and its change, "72.4 (+3.1 from last month)" */
  return g_strdup_printf (_("%s (%s from last month)"), value, delta);
}

/* "25 % (−8.3 pt from last month)" */
static char *
describe_share (MsTeamStats *stats,
                double       share,
                double       change)
{
  g_autofree char *delta = NULL;
  g_autofree char *value = NULL;

  if (ms_team_stats_get_min_score (stats) < 0)
    return g_strdup (_("No minimum score is set"));
  if (isnan (share))
    return g_strdup ("—");
  /* Translators: a share in percent */
  value = g_strdup_printf (_("%.0f %%"), share * 100);
  delta = format_change (change, 100);
  if (delta == NULL)
    return g_steal_pointer (&value);
  /* Translators: a share and its change in percentage points, "25 % (−8.3 pt from last month)" */
  return g_strdup_printf (_("%s (%s pt from last month)"), value, delta);
}

static const char *
describe_goal (const MsTeamStatsMonth *month)
{
  return month->has_top_goal ? ms_goal_get_label (month->top_goal) : "—";
}

/* The first team plan that has @feature (data/plans.json). */
static char *
dup_plan_with (const char *feature)
{
  g_auto(GStrv) ids = ms_entitlements_list_team_plans (NULL);

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      g_autoptr(MsEntitlements) plan = ms_entitlements_new_for_plan (ids[i], NULL);

      if (plan != NULL && ms_entitlements_has_feature (plan, feature))
        return g_strdup (ms_entitlements_get_plan_name (plan));
    }
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Showing the figures                                                       */

static const MsTeamStatsSeries *
get_chart_member (MsTeamStatsPage *self)
{
  const MsTeamStatsSeries *series = NULL;

  if (self->selected != NULL)
    series = ms_team_stats_find_member (self->stats, self->selected);
  if (series == NULL)
    series = ms_team_stats_find_member (self->stats, ms_team_stats_get_viewer (self->stats));
  if (series == NULL && ms_team_stats_get_n_members (self->stats) > 0)
    series = ms_team_stats_get_member (self->stats, 0);
  return series;
}

static void
update_chart (MsTeamStatsPage *self)
{
  const MsTeamStatsSeries *member = get_chart_member (self);
  g_autofree char *legend = NULL;

  ms_stats_chart_set_stats (self->chart, self->stats, member != NULL ? member->user_id : NULL);
  if (member != NULL)
    /* Translators: the chart's legend; %s is a member's name */
    legend = g_strdup_printf (_("Solid line: the whole team. Dashed line: %s."), member->name);
  else
    legend = g_strdup (_("Solid line: the whole team."));
  gtk_label_set_label (self->legend_label, legend);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  legend, -1);
}

static char *
describe_member (MsTeamStats             *stats,
                 const MsTeamStatsSeries *series)
{
  guint last = ms_team_stats_get_n_months (stats) - 1;
  const MsTeamStatsMonth *month = &series->months[last];
  g_autofree char *average = describe_average (month->average, series->average_change);
  g_autofree char *share = describe_share (stats, month->below_min, series->below_min_change);
  g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u scoring",
                                                         "%u scorings", month->scorings),
                                            month->scorings);

  if (ms_team_stats_get_min_score (stats) < 0)
    /* Translators: a member's month: "3 scorings · average 72.4 (…) · goal: Purchase" */
    return g_strdup_printf (_("%s · average %s · goal: %s"), count, average,
                            describe_goal (month));
  /* Translators: a member's month: "3 scorings · average 72.4 (…) · below the minimum 25 % (…) · goal: Purchase" */
  return g_strdup_printf (_("%s · average %s · below the minimum %s · goal: %s"), count, average,
                          share, describe_goal (month));
}

static void
fill_members (MsTeamStatsPage *self)
{
  GtkWidget *child;
  GtkListBoxRow *select = NULL;
  const MsTeamStatsSeries *chart = get_chart_member (self);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->members_list))) != NULL)
    gtk_list_box_remove (self->members_list, child);

  adw_preferences_group_set_title (self->members_group,
                                   ms_team_stats_get_sees_all (self->stats) ? _("Members")
                                                                            : _("You"));
  for (guint i = 0; i < ms_team_stats_get_n_members (self->stats); i++)
    {
      const MsTeamStatsSeries *series = ms_team_stats_get_member (self->stats, i);
      g_autofree char *subtitle = describe_member (self->stats, series);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), series->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_name (row, series->user_id);
      if (g_strcmp0 (series->role, "owner") == 0)
        {
          GtkWidget *role = gtk_label_new (_("Owner"));

          gtk_widget_add_css_class (role, "dim-label");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), role);
        }
      gtk_list_box_append (self->members_list, row);
      if (chart != NULL && g_strcmp0 (chart->user_id, series->user_id) == 0)
        select = GTK_LIST_BOX_ROW (row);
    }
  if (select != NULL)
    gtk_list_box_select_row (self->members_list, select);
}

static void
show_stats (MsTeamStatsPage *self,
            gint64           fetched_at)
{
  const MsTeamStatsSeries *team = ms_team_stats_get_team_series (self->stats);
  guint last = ms_team_stats_get_n_months (self->stats) - 1;
  const MsTeamStatsMonth *month = &team->months[last];
  g_autoptr(GDateTime) computed = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;
  g_autofree char *description = NULL;
  g_autofree char *count = NULL;
  g_autofree char *average = NULL;
  g_autofree char *share = NULL;
  g_autofree char *below_title = NULL;
  double change;

  computed = g_date_time_new_from_unix_utc (ms_team_stats_get_computed_at (self->stats) /
                                            G_USEC_PER_SEC);
  local = g_date_time_to_local (computed);
  /* Translators: a date and time format (strftime), for "Computed …" */
  when = g_date_time_format (local, _("%Y-%m-%d %H:%M"));
  if (self->fetch_failed)
    /* Translators: %s is when the server computed the figures shown */
    description = g_strdup_printf (_("Offline: the figures the server computed on %s"), when);
  else
    /* Translators: %s is when the server computed the figures */
    description = g_strdup_printf (_("The whole team, computed on %s"), when);
  adw_preferences_group_set_description (self->summary_group, description);

  count = g_strdup_printf ("%u", month->scorings);
  adw_action_row_set_subtitle (self->scorings_row, count);
  average = describe_average (month->average, team->average_change);
  adw_action_row_set_subtitle (self->average_row, average);
  share = describe_share (self->stats, month->below_min, team->below_min_change);
  adw_action_row_set_subtitle (self->below_row, share);
  if (ms_team_stats_get_min_score (self->stats) >= 0)
    /* Translators: %d is the team's minimum score */
    below_title = g_strdup_printf (_("Below the minimum of %d"),
                                   ms_team_stats_get_min_score (self->stats));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->below_row),
                                 below_title != NULL ? below_title : _("Below the minimum"));
  adw_action_row_set_subtitle (self->goal_row, describe_goal (month));
  if (ms_team_stats_get_since_start (self->stats, NULL, NULL, &change))
    {
      g_autofree char *delta = format_change (change, 1);
      guint first;
      g_autofree char *text = NULL;

      ms_team_stats_get_since_start (self->stats, &first, NULL, NULL);
      /* Translators: "+3.7 points since 2025-06" */
      text = g_strdup_printf (_("%s points since %s"), delta,
                              ms_team_stats_get_month (self->stats, first));
      adw_action_row_set_subtitle (self->since_row, text);
      gtk_widget_set_visible (GTK_WIDGET (self->since_row), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->since_row), FALSE);

  fill_members (self);
  update_chart (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->refresh_button), !self->fetching);
  gtk_stack_set_visible_child_name (self->stack, "stats");
}

static void
refresh (MsTeamStatsPage *self)
{
  g_autofree char *active = NULL;
  g_autoptr(MsEntitlements) plan = NULL;
  gint64 fetched_at = 0;

  g_clear_object (&self->team);
  g_clear_object (&self->stats);
  if (self->teams != NULL && (active = ms_team_repository_dup_active_id (self->teams)) != NULL)
    self->team = ms_team_repository_dup_team (self->teams, active);
  if (self->team == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  plan = ms_team_get_plan (self->team) != NULL
         ? ms_entitlements_new_for_plan (ms_team_get_plan (self->team), NULL) : NULL;
  if (plan != NULL && !ms_entitlements_has_feature (plan, "member_stats"))
    {
      g_autofree char *needed = dup_plan_with ("member_stats");
      g_autofree char *text = NULL;

      /* Translators: the first %s is the team's plan, the second the plan that has stats */
      text = g_strdup_printf (_("The team’s plan, %s, does not include member stats and the "
                                "team trend. %s and above include them: each member’s scorings, "
                                "average score and share below the minimum, month by month. "
                                "An owner can upgrade the plan."),
                              ms_entitlements_get_plan_name (plan), needed != NULL ? needed : "");
      adw_status_page_set_description (self->locked_page, text);
      gtk_stack_set_visible_child_name (self->stack, "locked");
      return;
    }

  self->stats = ms_team_stats_repository_dup_stats (self->repository, active, &fetched_at);
  gtk_widget_set_sensitive (GTK_WIDGET (self->none_refresh_button),
                            !self->fetching && self->client != NULL &&
                            ms_sync_client_get_signed_in (self->client));
  if (self->stats == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }
  show_stats (self, fetched_at);
}

/* ------------------------------------------------------------------------ */
/* Fetching                                                                  */

typedef struct
{
  MsTeamStatsPage *self;
  gboolean         asked;   /* by the user: say what went wrong */
} Fetch;

static void
on_fetch_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Fetch *fetch_data = user_data;
  g_autoptr(MsTeamStatsPage) self = fetch_data->self;
  g_autoptr(MsTeamStats) stats = NULL;
  g_autoptr(GError) error = NULL;
  gboolean asked = fetch_data->asked;

  g_free (fetch_data);
  stats = ms_sync_client_fetch_team_stats_finish (MS_SYNC_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->fetching = FALSE;
  self->fetch_failed = stats == NULL;
  if (error != NULL && (asked || !g_error_matches (error, MS_SYNC_ERROR, MS_SYNC_ERROR_OFFLINE)))
    ms_context_show_toast (self->context, GTK_WIDGET (self), adw_toast_new (error->message));
  /* New figures arrive through the repository's "changed". */
  refresh (self);
}

static void
fetch (MsTeamStatsPage *self,
       gboolean         asked)
{
  Fetch *fetch_data;

  if (self->fetching || self->team == NULL || self->client == NULL ||
      !ms_sync_client_get_signed_in (self->client))
    return;
  self->fetching = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->refresh_button), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->none_refresh_button), FALSE);
  fetch_data = g_new0 (Fetch, 1);
  fetch_data->self = g_object_ref (self);
  fetch_data->asked = asked;
  ms_sync_client_fetch_team_stats_async (self->client, ms_team_get_id (self->team),
                                         self->cancellable, on_fetch_done_cb, fetch_data);
}

/* ------------------------------------------------------------------------ */
/* Signal callbacks                                                          */

static void
on_refresh_clicked_cb (MsTeamStatsPage *self)
{
  fetch (self, TRUE);
}

static void
on_member_selected_cb (MsTeamStatsPage *self,
                       GtkListBoxRow   *row,
                       GtkListBox      *list)
{
  if (row == NULL || self->stats == NULL)
    return;
  g_free (self->selected);
  self->selected = g_strdup (gtk_widget_get_name (GTK_WIDGET (row)));
  update_chart (self);
}

static void
on_export_saved_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(MsTeamStatsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ms_context_show_toast (self->context, GTK_WIDGET (self), adw_toast_new (error->message));
      return;
    }
  ms_context_show_toast (self->context, GTK_WIDGET (self), adw_toast_new (_("Stats exported")));
}

static void
on_export_response_cb (GtkNativeDialog *dialog,
                       int              response,
                       MsTeamStatsPage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->stats != NULL &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL)
    {
      /* Excel opens UTF-8 with a byte-order mark as UTF-8. */
      bytes = ms_team_stats_to_csv (self->stats, ms_team_stats_get_n_months (self->stats) - 1,
                                    MS_ENCODING_UTF8_BOM, &error);
      if (bytes == NULL)
        ms_context_show_toast (self->context, GTK_WIDGET (self), adw_toast_new (error->message));
      else
        g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                             G_FILE_CREATE_REPLACE_DESTINATION, self->cancellable,
                                             on_export_saved_cb, g_object_ref (self));
    }
  g_object_unref (dialog);
}

static void
on_export_clicked_cb (MsTeamStatsPage *self)
{
  GtkFileChooserNative *dialog;
  g_autofree char *name = NULL;

  if (self->stats == NULL)
    return;
  dialog = gtk_file_chooser_native_new (_("Export Stats"),
                                        GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  /* Translators: the file name of an export; %s is a month such as 2025-11 */
  name = g_strdup_printf (_("team-stats-%s.csv"),
                          ms_team_stats_get_month (self->stats,
                                                   ms_team_stats_get_n_months (self->stats) - 1));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
on_changed_cb (MsTeamStatsPage *self)
{
  g_autoptr(MsTeam) before = self->team != NULL ? g_object_ref (self->team) : NULL;

  refresh (self);
  /* Another team became active: its figures may be old. */
  if (self->team != NULL &&
      (before == NULL || g_strcmp0 (ms_team_get_id (before), ms_team_get_id (self->team)) != 0) &&
      gtk_widget_get_mapped (GTK_WIDGET (self)))
    fetch (self, FALSE);
}

static void
on_client_signed_in_cb (MsTeamStatsPage *self)
{
  refresh (self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    fetch (self, FALSE);
}

static void
set_store (MsTeamStatsPage *self,
           MsStore         *store)
{
  g_set_object (&self->store, store);
  if (store == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  self->teams = ms_team_repository_new (store);
  self->repository = ms_team_stats_repository_new (store);
  g_signal_connect_object (ms_team_repository_get_model (self->teams), "items-changed",
                           G_CALLBACK (on_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->teams, "notify::active-id", G_CALLBACK (on_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->repository, "changed", G_CALLBACK (refresh), self,
                           G_CONNECT_SWAPPED);
  refresh (self);
}

static void
on_context_sync_client_cb (MsTeamStatsPage *self,
                           GParamSpec      *pspec,
                           MsContext       *context)
{
  MsSyncClient *client = ms_context_get_sync_client (context);

  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_set_object (&self->client, client);
  if (client != NULL)
    g_signal_connect_object (client, "notify::signed-in", G_CALLBACK (on_client_signed_in_cb),
                             self, G_CONNECT_SWAPPED);
  refresh (self);
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                   */

static void
ms_team_stats_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ms_team_stats_page_parent_class)->map (widget);
  /* Fresh figures each time the section is shown; the last ones meanwhile. */
  fetch (MS_TEAM_STATS_PAGE (widget), FALSE);
}

static void
ms_team_stats_page_constructed (GObject *object)
{
  MsTeamStatsPage *self = MS_TEAM_STATS_PAGE (object);

  G_OBJECT_CLASS (ms_team_stats_page_parent_class)->constructed (object);

  g_return_if_fail (MS_IS_CONTEXT (self->context));

  set_store (self, ms_context_get_store (self->context));
  g_signal_connect_object (self->context, "notify::sync-client",
                           G_CALLBACK (on_context_sync_client_cb), self, G_CONNECT_SWAPPED);
  on_context_sync_client_cb (self, NULL, self->context);
}

static void
ms_team_stats_page_dispose (GObject *object)
{
  MsTeamStatsPage *self = MS_TEAM_STATS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_TEAM_STATS_PAGE);
  g_clear_object (&self->stats);
  g_clear_object (&self->team);
  g_clear_object (&self->repository);
  g_clear_object (&self->teams);
  g_clear_object (&self->client);
  g_clear_object (&self->store);
  g_clear_object (&self->context);
  g_clear_pointer (&self->selected, g_free);

  G_OBJECT_CLASS (ms_team_stats_page_parent_class)->dispose (object);
}

static void
ms_team_stats_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  MsTeamStatsPage *self = MS_TEAM_STATS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_team_stats_page_class_init (MsTeamStatsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ms_team_stats_page_constructed;
  object_class->dispose = ms_team_stats_page_dispose;
  object_class->set_property = ms_team_stats_page_set_property;
  widget_class->map = ms_team_stats_page_map;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MS_TYPE_CONTEXT,
                         (G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MS_TYPE_STATS_CHART);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ms-team-stats-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MsTeamStatsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, MsTeamStatsPage, locked_page);
  gtk_widget_class_bind_template_child (widget_class, MsTeamStatsPage, summary_group);
  gtk_widget_class_bind_template_child (widget_class, MsTeamStatsPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, MsTeamStatsPage, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, MsTeamStatsPage, none_refresh_button);
  gtk_widget_class_bind_template_child (widget_class, MsTeamStatsPage, scorings_row);
  gtk_widget_class_bind_template_child (widget_class, MsTeamStatsPage, average_row);
  gtk_widget_class_bind_template_child (widget_class, MsTeamStatsPage, below_row);
  gtk_widget_class_bind_template_child (widget_class, MsTeamStatsPage, goal_row);
  gtk_widget_class_bind_template_child (widget_class, MsTeamStatsPage, since_row);
  gtk_widget_class_bind_template_child (widget_class, MsTeamStatsPage, chart);
  gtk_widget_class_bind_template_child (widget_class, MsTeamStatsPage, legend_label);
  gtk_widget_class_bind_template_child (widget_class, MsTeamStatsPage, members_group);
  gtk_widget_class_bind_template_child (widget_class, MsTeamStatsPage, members_list);
  gtk_widget_class_bind_template_callback (widget_class, on_refresh_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_member_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_export_clicked_cb);
}

static void
ms_team_stats_page_init (MsTeamStatsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * ms_team_stats_page_get_stats:
 *
 * Returns: (transfer none) (nullable): the figures shown
 */
MsTeamStats *
ms_team_stats_page_get_stats (MsTeamStatsPage *self)
{
  g_return_val_if_fail (MS_IS_TEAM_STATS_PAGE (self), NULL);
  return self->stats;
}

/**
 * ms_team_stats_page_get_fetching:
 *
 * Returns: whether fresh figures are being asked for
 */
gboolean
ms_team_stats_page_get_fetching (MsTeamStatsPage *self)
{
  g_return_val_if_fail (MS_IS_TEAM_STATS_PAGE (self), FALSE);
  return self->fetching;
}
