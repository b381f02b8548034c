/* ms-review-actions.c — "review.share": share a saved scoring with the active team
 *
 * Installed on the History page: each row's Share button names its saved
 * scoring. Sharing needs a team (the Team page makes or joins one) and the
 * team plan's fix_requests feature; a plan without it opens the upgrade
 * dialog, which says which plan has it. The copy waits in the team's
 * outbox offline, like every team change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-review-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "store/ms-review-repository.h"
#include "store/ms-team-repository.h"
#include "ms-plan-gate.h"
#include "ms-review-actions.h"

typedef struct
{
  GtkWidget *widget;    /* unowned: the actions live as long as it */
  MsContext *context;
} ReviewActions;

static void
review_actions_free (ReviewActions *actions)
{
  g_clear_object (&actions->context);
  g_free (actions);
}

static void
toast (ReviewActions *actions,
       const char    *text)
{
  ms_context_show_toast (actions->context, actions->widget, adw_toast_new (text));
}

static void
share_cb (GSimpleAction *action,
          GVariant      *parameter,
          gpointer       user_data)
{
  ReviewActions *actions = user_data;
  MsStore *store = ms_context_get_store (actions->context);
  g_autoptr(MsTeamRepository) teams = NULL;
  g_autoptr(MsTeam) team = NULL;
  g_autoptr(MsEntitlements) plan = NULL;
  g_autoptr(MsReviewRepository) review = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *active = NULL;
  g_autofree char *id = NULL;
  g_autofree char *text = NULL;

  if (store == NULL)
    return;
  teams = ms_team_repository_new (store);
  active = ms_team_repository_dup_active_id (teams);
  if (active != NULL)
    team = ms_team_repository_dup_team (teams, active);
  if (team == NULL)
    {
      toast (actions, _("Create or join a team on the Team page to share scorings with it."));
      return;
    }
  plan = ms_team_get_plan (team) != NULL
         ? ms_entitlements_new_for_plan (ms_team_get_plan (team), NULL) : NULL;
  if (plan != NULL && !ms_plan_gate_check (actions->widget, plan, "fix_requests", TRUE))
    return;
  review = ms_review_repository_new (store, active);
  id = ms_review_repository_share (review, g_variant_get_string (parameter, NULL), NULL, &error);
  if (id == NULL)
    {
      toast (actions, error->message);
      return;
    }
  /* Translators: %s is the team's name */
  text = g_strdup_printf (_("Shared with %s"), ms_team_get_name (team));
  toast (actions, text);
}

/**
 * ms_review_actions_install:
 *
 * Adds the "review" action group to @widget: review.share (s: a saved
 * scoring's id).
 */
void
ms_review_actions_install (GtkWidget *widget,
                           MsContext *context)
{
  static const GActionEntry entries[] = {
    { "share", share_cb, "s" },
  };
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  ReviewActions *actions = g_new0 (ReviewActions, 1);

  actions->widget = widget;
  actions->context = g_object_ref (context);
  g_action_map_add_action_entries (G_ACTION_MAP (group), entries, G_N_ELEMENTS (entries),
                                   actions);
  g_object_set_data_full (G_OBJECT (group), "ms-review-actions", actions,
                          (GDestroyNotify) review_actions_free);
  gtk_widget_insert_action_group (widget, "review", G_ACTION_GROUP (group));
}
