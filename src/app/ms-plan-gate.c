/* ms-plan-gate.c — where the app asks whether the plan has a feature, and says what unlocks it
 *
 * Every feature of data/plans.json is asked through the core
 * (ms_entitlements_check_feature()), as the store and the server ask it.
 * A locked feature is never hidden and its button is never dead: it stays
 * where it is, its label names the plan that unlocks it, and using it
 * opens the "upgrade-dialog", which says which plan has it and offers the
 * Plan page.
 *
 * The context keeps one action per feature ("feature.<id>", from
 * ms_plan_gate_new_actions()): its state is whether the account's plan
 * includes it, the one answer widgets and tests read; activating it
 * explains a locked feature.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-plan-gate"

#include "config.h"

#include <glib/gi18n.h>

#include "ms-plan-gate.h"

/**
 * ms_plan_gate_dup_reason:
 *
 * Returns: (nullable): why @feature is locked and which plan unlocks it,
 *   or %NULL when @plan includes it
 */
char *
ms_plan_gate_dup_reason (MsEntitlements *plan,
                         const char     *feature,
                         gboolean        for_team)
{
  g_autoptr(GError) error = NULL;

  if (plan == NULL || ms_entitlements_check_feature (plan, feature, for_team, &error))
    return NULL;
  return g_strdup (error->message);
}

/**
 * ms_plan_gate_check:
 * @widget: where the feature was asked for; the dialog is on its window
 *
 * Returns: TRUE when @plan includes @feature; else FALSE, after presenting
 *   the dialog that says which plan unlocks it
 */
gboolean
ms_plan_gate_check (GtkWidget      *widget,
                    MsEntitlements *plan,
                    const char     *feature,
                    gboolean        for_team)
{
  g_autofree char *reason = ms_plan_gate_dup_reason (plan, feature, for_team);
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;
  GtkRoot *root;
  GtkWidget *dialog;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);
  g_return_val_if_fail (feature != NULL, FALSE);

  if (reason == NULL)
    return TRUE;

  name = ms_entitlements_dup_feature_name (feature);
  /* Translators: %s is a feature, such as “CSV export” */
  heading = g_strdup_printf (_("%s Is Not in Your Plan"), name);
  root = gtk_widget_get_root (widget);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   reason);
  gtk_widget_set_name (dialog, "upgrade-dialog");
  g_object_set_data_full (G_OBJECT (dialog), "feature", g_strdup (feature), g_free);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"), NULL);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
  return FALSE;
}

/**
 * ms_plan_gate_dup_label:
 * @label: a button's or menu item's label
 *
 * Returns: @label, followed by the plan that unlocks @feature when @plan
 *   lacks it
 */
char *
ms_plan_gate_dup_label (const char     *label,
                        MsEntitlements *plan,
                        const char     *feature,
                        gboolean        for_team)
{
  g_autofree char *needed = NULL;
  g_autoptr(MsEntitlements) unlocking = NULL;

  if (plan == NULL || ms_entitlements_has_feature (plan, feature))
    return g_strdup (label);
  needed = ms_entitlements_dup_unlocking_plan (feature, for_team);
  unlocking = needed != NULL ? ms_entitlements_new_for_plan (needed, NULL) : NULL;
  if (unlocking == NULL)
    return g_strdup (label);
  /* Translators: a locked menu item: the item, then the plan that unlocks it */
  return g_strdup_printf (_("%s (%s)"), label, ms_entitlements_get_plan_name (unlocking));
}

/* ------------------------------------------------------------------------ */
/* feature.<id>: one action per feature of the plan table                    */

static void
on_feature_activate_cb (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  GApplication *app = g_application_get_default ();
  GtkWindow *window = GTK_IS_APPLICATION (app)
                      ? gtk_application_get_active_window (GTK_APPLICATION (app)) : NULL;
  MsEntitlements *plan = g_object_get_data (G_OBJECT (action), "plan");

  if (window != NULL)
    ms_plan_gate_check (GTK_WIDGET (window), plan, g_action_get_name (G_ACTION (action)), FALSE);
}

/**
 * ms_plan_gate_new_actions:
 *
 * Returns: (transfer full): one action per feature of data/plans.json,
 *   whose boolean state says whether the plan includes it (all locked until
 *   ms_plan_gate_update_actions())
 */
GActionGroup *
ms_plan_gate_new_actions (void)
{
  GSimpleActionGroup *group = g_simple_action_group_new ();
  g_auto(GStrv) features = ms_entitlements_list_features ();

  for (guint i = 0; features[i] != NULL; i++)
    {
      g_autoptr(GSimpleAction) action =
        g_simple_action_new_stateful (features[i], NULL, g_variant_new_boolean (FALSE));

      g_signal_connect (action, "activate", G_CALLBACK (on_feature_activate_cb), NULL);
      g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
    }
  return G_ACTION_GROUP (group);
}

void
ms_plan_gate_update_actions (GActionGroup   *actions,
                             MsEntitlements *plan)
{
  g_auto(GStrv) names = g_action_group_list_actions (actions);

  g_return_if_fail (G_IS_ACTION_MAP (actions));

  for (guint i = 0; names[i] != NULL; i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (actions), names[i]);
      gboolean unlocked = plan != NULL && ms_entitlements_has_feature (plan, names[i]);

      g_object_set_data_full (G_OBJECT (action), "plan",
                              plan != NULL ? g_object_ref (plan) : NULL,
                              plan != NULL ? g_object_unref : NULL);
      g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (unlocked));
    }
}
