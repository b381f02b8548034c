/* ms-onboarding-repository.c — the first-run checklist: which steps apply, which are done
 *
 * The steps, where each is done and who it is for are data
 * (data/onboarding.json): a step that needs a plan feature shows only on a
 * plan that has it, and a team owner's step only to someone who owns a
 * team. Done steps are a synced entity (src/core/sync/ms-mutation-
 * onboarding.c: onboarding_step.done), one row per step in the person's
 * own space, so progress survives a restart and follows the person to
 * every device. Marking a step done twice changes nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include "ms-data.h"
#include "ms-json-guard.h"
#include "ms-onboarding-repository.h"
#include "ms-store-private.h"
#include "ms-sync-rows-private.h"
#include "ms-team-repository.h"

struct _MsOnboardingRepository
{
  GObject  parent_instance;
  MsStore *store;
};

G_DEFINE_FINAL_TYPE (MsOnboardingRepository, ms_onboarding_repository, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------------ */
/* The steps, from data                                                      */

void
ms_onboarding_step_free (MsOnboardingStep *step)
{
  if (step == NULL)
    return;
  g_free (step->id);
  g_free (step->section);
  g_free (step->feature);
  g_free (step);
}

static JsonObject *
get_data (void)
{
  static JsonNode *root;
  static gsize loaded;

  if (g_once_init_enter (&loaded))
    {
      root = ms_data_load_json ("onboarding.json", NULL);
      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        g_error ("onboarding.json is missing");
      g_once_init_leave (&loaded, 1);
    }
  return json_node_get_object (root);
}

static GPtrArray *
list_steps (MsEntitlements *plan,
            gboolean        team_owner,
            gboolean        all)
{
  JsonArray *array = json_object_get_array_member (get_data (), "steps");
  GPtrArray *steps = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_onboarding_step_free);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      const char *feature = ms_json_object_get_string (o, "feature", NULL);
      gboolean owner = json_object_get_boolean_member_with_default (o, "team_owner", FALSE);
      MsOnboardingStep *step;

      if (!all && ((owner && !team_owner) ||
                   (feature != NULL && (plan == NULL ||
                                        !ms_entitlements_has_feature (plan, feature)))))
        continue;
      step = g_new0 (MsOnboardingStep, 1);
      step->id = g_strdup (json_object_get_string_member (o, "id"));
      step->section = g_strdup (json_object_get_string_member (o, "section"));
      step->feature = g_strdup (feature);
      step->team_owner = owner;
      g_ptr_array_add (steps, step);
    }
  return steps;
}

/**
 * ms_onboarding_list_steps:
 * @plan: (nullable): the plan in force
 * @team_owner: whether the person owns a team
 *
 * Returns: (transfer full) (element-type MsOnboardingStep): the steps that
 *   apply, in the checklist's order
 */
GPtrArray *
ms_onboarding_list_steps (MsEntitlements *plan,
                          gboolean        team_owner)
{
  return list_steps (plan, team_owner, FALSE);
}

/**
 * ms_onboarding_list_all_steps:
 *
 * Returns: (transfer full) (element-type MsOnboardingStep): every step of
 *   the data, whoever it is for
 */
GPtrArray *
ms_onboarding_list_all_steps (void)
{
  return list_steps (NULL, TRUE, TRUE);
}

/**
 * ms_onboarding_dup_sample:
 *
 * Returns: (transfer full): the sample message a new person can try
 *   (onboarding.json "sample": channel, subject, preheader, body)
 */
JsonObject *
ms_onboarding_dup_sample (void)
{
  return json_object_ref (json_object_get_object_member (get_data (), "sample"));
}

/* ------------------------------------------------------------------------ */
/* The repository                                                            */

static void
on_store_changed_cb (MsStore                *store,
                     gpointer                detail,
                     MsOnboardingRepository *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
ms_onboarding_repository_dispose (GObject *object)
{
  MsOnboardingRepository *self = (MsOnboardingRepository *) object;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ms_onboarding_repository_parent_class)->dispose (object);
}

static void
ms_onboarding_repository_class_init (MsOnboardingRepositoryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ms_onboarding_repository_dispose;

  /**
   * MsOnboardingRepository::changed:
   *
   * A step may have been done (here or by sync), the steps that apply may
   * have changed (plan, teams), or the tenant changed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ms_onboarding_repository_init (MsOnboardingRepository *self)
{
}

MsOnboardingRepository *
ms_onboarding_repository_new (MsStore *store)
{
  MsOnboardingRepository *self;

  g_return_val_if_fail (MS_IS_STORE (store), NULL);

  self = g_object_new (MS_TYPE_ONBOARDING_REPOSITORY, NULL);
  self->store = g_object_ref (store);
  g_signal_connect (store, "changed::onboarding_step", G_CALLBACK (on_store_changed_cb), self);
  g_signal_connect (store, "changed::team", G_CALLBACK (on_store_changed_cb), self);
  g_signal_connect (store, "notify::tenant", G_CALLBACK (on_store_changed_cb), self);
  g_signal_connect (store, "notify::entitlements", G_CALLBACK (on_store_changed_cb), self);
  return self;
}

/**
 * ms_onboarding_repository_get_done_at:
 *
 * Returns: when @step was first done (microseconds since the epoch), or 0
 */
gint64
ms_onboarding_repository_get_done_at (MsOnboardingRepository *self,
                                      const char             *step)
{
  sqlite3_stmt *stmt;
  gint64 done_at = 0;

  g_return_val_if_fail (MS_IS_ONBOARDING_REPOSITORY (self), 0);
  g_return_val_if_fail (step != NULL, 0);

  stmt = _ms_store_prepare (self->store,
                            "SELECT min(done_at) FROM onboarding_step"
                            " WHERE tenant = ?1 AND step = ?2 AND deleted_at IS NULL", NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, ms_store_get_tenant (self->store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, step, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    done_at = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return done_at;
}

gboolean
ms_onboarding_repository_is_done (MsOnboardingRepository *self,
                                  const char             *step)
{
  return ms_onboarding_repository_get_done_at (self, step) != 0;
}

/**
 * ms_onboarding_repository_mark_done:
 *
 * Records that @step was done now: applies at once and queues
 * onboarding_step.done for the profile's tenant. A step done before stays
 * as it was (nothing is written). A step this version does not know is
 * %MS_STORE_ERROR_INVALID.
 */
gboolean
ms_onboarding_repository_mark_done (MsOnboardingRepository  *self,
                                    const char              *step,
                                    GError                 **error)
{
  g_autoptr(JsonObject) args = json_object_new ();
  g_autoptr(JsonObject) valid = NULL;

  g_return_val_if_fail (MS_IS_ONBOARDING_REPOSITORY (self), FALSE);
  g_return_val_if_fail (step != NULL, FALSE);

  if (ms_onboarding_repository_is_done (self, step))
    return TRUE;
  json_object_set_string_member (args, "step", step);
  json_object_set_int_member (args, "done_at", ms_store_get_now (self->store));
  valid = _ms_store_validate_mutation (self->store, "onboarding_step.done", args, error);
  if (valid == NULL)
    return FALSE;
  return _ms_store_write_mutation (self->store, ms_store_get_tenant (self->store),
                                   "onboarding_step.done", valid, NULL, error);
}

/* Whether the person owns one of their teams. */
static gboolean
owns_a_team (MsStore *store)
{
  g_autoptr(GPtrArray) ids = ms_store_list_team_ids (store, NULL);

  for (guint i = 0; ids != NULL && i < ids->len; i++)
    {
      g_autofree char *role = ms_store_dup_team_role (store, g_ptr_array_index (ids, i));

      if (g_strcmp0 (role, "owner") == 0)
        return TRUE;
    }
  return FALSE;
}

/**
 * ms_onboarding_repository_list_steps:
 *
 * Returns: (transfer full) (element-type MsOnboardingStep): the steps that
 *   apply to the person now: their plan in force, whether they own a team
 */
GPtrArray *
ms_onboarding_repository_list_steps (MsOnboardingRepository *self)
{
  g_return_val_if_fail (MS_IS_ONBOARDING_REPOSITORY (self), NULL);

  return ms_onboarding_list_steps (ms_store_get_entitlements (self->store),
                                   owns_a_team (self->store));
}

/**
 * ms_onboarding_repository_count_done:
 * @steps: (element-type MsOnboardingStep): steps, as listed
 *
 * Returns: how many of @steps are done
 */
guint
ms_onboarding_repository_count_done (MsOnboardingRepository *self,
                                     GPtrArray              *steps)
{
  guint n = 0;

  g_return_val_if_fail (MS_IS_ONBOARDING_REPOSITORY (self), 0);

  for (guint i = 0; i < steps->len; i++)
    n += ms_onboarding_repository_is_done (self,
                                           ((MsOnboardingStep *) g_ptr_array_index (steps, i))->id);
  return n;
}
