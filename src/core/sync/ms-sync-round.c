/* ms-sync-round.c — the round engine
 *
 * A round is: GET /v1/me (plan and tenants) → GET /v1/teams (the teams, kept
 * in the store's `team` table; every team tenant is pulled too) → push the
 * outbox from its head in batches, one push in flight → pull every tenant
 * until has_more is false. A 403 on a team tenant means the user was removed
 * from the team: its local data is cleared (personal data and other teams
 * stay) and the round goes on. Rounds never overlap: a request during a
 * round runs one more round after it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-sync-client-private.h"
#include "ms-sync-local.h"
#include "store/ms-team-repository.h"

static void run_round (MsSyncClient *self);

/* ------------------------------------------------------------------------ */
/* Rejections                                                               */

static char *
describe_rejection (MsSyncRejection *rejection)
{
  const char *code = rejection->code != NULL ? rejection->code : "";
  const char *reason;

  if (g_str_equal (code, "forbidden_role"))
    reason = _("Only the team’s owners can change its rules and shared presets.");
  else if (g_str_equal (code, "limit_reached"))
    reason = _("Your plan’s limit is reached. Upgrade your plan, then make the change again.");
  else if (g_str_equal (code, "conflict"))
    reason = _("Another item already has this name or word. Choose another and try again.");
  else if (g_str_equal (code, "not_found"))
    reason = _("The item was deleted or changed on another device.");
  else
    reason = _("The server could not accept this change. Update MsgScore and try again.");

  /* Translators: the first %s is the reason, the second the server's own words */
  return g_strdup_printf (_("A change was not saved to your account and was undone here: %s "
                            "(%s)"), reason,
                          rejection->message != NULL && *rejection->message != '\0'
                          ? rejection->message : code);
}

static void
emit_rejections (MsSyncClient *self,
                 GPtrArray    *rejections)
{
  for (guint i = 0; i < rejections->len; i++)
    {
      MsSyncRejection *rejection = g_ptr_array_index (rejections, i);
      g_autofree char *message = describe_rejection (rejection);

      _ms_sync_client_emit_rejected (self, rejection->name, rejection->code, message);
    }
}

/* ------------------------------------------------------------------------ */
/* A round                                                                  */

typedef struct
{
  guint     tenant_index;
  guint     gaps;
  guint     batch_sent;
  gint64    retry_after_ms;  /* of a 429/503 */
  guint     account_changes; /* of the client when the round began */
} Round;

/* A sign-in or sign-up while the round ran replaced the account and its
 * tenant list: the round stops there (cancelled, so quietly) and another
 * runs with the new list. Returns FALSE after returning @task's error. */
static gboolean
round_is_current (MsSyncClient *self,
                  GTask        *task)
{
  Round *round = g_task_get_task_data (task);

  if (round->account_changes == self->account_changes && self->tenants != NULL)
    return TRUE;
  self->again = TRUE;
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           "the account changed during the sync");
  return FALSE;
}

static void finish_round (MsSyncClient *self,
                          GError       *error);
static void push_next (MsSyncClient *self,
                       GTask        *task);
static void pull_next (MsSyncClient *self,
                       GTask        *task);

static void
hook (MsSyncClient *self,
      const char   *step)
{
  if (self->hook != NULL)
    self->hook (self, step, self->hook_data);
}


/* Every team tenant is pulled after the personal one. */
void
_ms_sync_round_add_team_tenants (MsSyncClient *self)
{
  g_autoptr(GPtrArray) ids = ms_store_list_team_ids (self->store, NULL);

  if (self->tenants == NULL || ids == NULL)
    return;
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      gboolean known = FALSE;

      for (guint j = 0; j < self->tenants->len && !known; j++)
        known = g_str_equal (id, g_ptr_array_index (self->tenants, j));
      if (!known)
        g_ptr_array_add (self->tenants, g_strdup (id));
    }
}

/* Forgets a team the user was removed from (403 on its tenant). */
static gboolean
drop_team (MsSyncClient  *self,
           const char    *tenant,
           GError       **error)
{
  gboolean ok;

  g_debug ("no longer a member of %s: clearing its local data", tenant);
  self->applying = TRUE;
  ok = ms_store_forget_team (self->store, tenant, error);
  self->applying = FALSE;
  for (guint i = 0; ok && self->tenants != NULL && i < self->tenants->len; i++)
    if (g_str_equal (tenant, g_ptr_array_index (self->tenants, i)))
      {
        g_ptr_array_remove_index (self->tenants, i);
        break;
      }
  _ms_sync_client_update_pending (self);
  return ok;
}

/* A team object of GET /v1/teams (README-sync.md, "Teams"). */
MsTeam *
_ms_sync_team_from_json (JsonNode *node)
{
  JsonObject *o;
  JsonNode *limit_node;
  const char *id;
  gint64 limit = -1;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  o = json_node_get_object (node);
  id = json_object_get_string_member_with_default (o, "tenant", NULL);
  if (id == NULL || !g_str_has_prefix (id, "team:"))
    return NULL;

  /* seats_limit is null for unlimited. */
  limit_node = json_object_get_member (o, "seats_limit");
  if (limit_node != NULL && JSON_NODE_HOLDS_VALUE (limit_node))
    limit = json_node_get_int (limit_node);

  return ms_team_new (id,
                      json_object_get_string_member_with_default (o, "name", ""),
                      json_object_get_string_member_with_default (o, "plan", NULL),
                      json_object_get_string_member_with_default (o, "role", "member"),
                      json_object_get_int_member_with_default (o, "seats_used", 0),
                      limit);
}

static void
on_round_teams_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsSyncClient *self = MS_SYNC_CLIENT (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsSyncResponse) response = _ms_sync_http_request_finish (self, result, &error);
  g_autoptr(GPtrArray) teams = NULL;
  JsonNode *root;
  JsonArray *array = NULL;
  gboolean ok;

  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (response->status == SOUP_STATUS_NOT_FOUND)
    {
      /* A server without teams: keep what we know. */
      _ms_sync_round_add_team_tenants (self);
      push_next (self, g_steal_pointer (&task));
      return;
    }
  root = response->root;
  if (response->status != SOUP_STATUS_OK || root == NULL)
    {
      Round *round = g_task_get_task_data (task);

      round->retry_after_ms = response->retry_after_ms;
      g_task_return_error (task, _ms_sync_response_error (response));
      return;
    }
  if (JSON_NODE_HOLDS_ARRAY (root))
    array = json_node_get_array (root);
  else if (JSON_NODE_HOLDS_OBJECT (root) &&
           json_object_has_member (json_node_get_object (root), "teams") &&
           JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root), "teams")))
    array = json_object_get_array_member (json_node_get_object (root), "teams");
  if (array == NULL)
    {
      g_task_return_new_error (task, MS_SYNC_ERROR, MS_SYNC_ERROR_PROTOCOL,
                               _("The server’s list of teams cannot be read. Try again later or "
                                 "update MsgScore."));
      return;
    }

  teams = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      MsTeam *team = _ms_sync_team_from_json (json_array_get_element (array, i));

      if (team != NULL)
        g_ptr_array_add (teams, team);
    }
  self->applying = TRUE;
  ok = ms_store_replace_teams (self->store, teams, &error);
  self->applying = FALSE;
  if (!ok)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  _ms_sync_round_add_team_tenants (self);
  _ms_sync_client_update_pending (self);
  push_next (self, g_steal_pointer (&task));
}

static void
on_round_me_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsSyncClient *self = MS_SYNC_CLIENT (source);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* The round walks the tenant list this answer just made. */
  ((Round *) g_task_get_task_data (task))->account_changes = self->account_changes;
  _ms_sync_http_request_async (self, "GET", "/v1/teams", NULL, TRUE, self->cancellable,
                               on_round_teams_cb, g_steal_pointer (&task));
}

static void
on_push_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsSyncClient *self = MS_SYNC_CLIENT (source);
  Round *round = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsSyncResponse) response = _ms_sync_http_request_finish (self, result, &error);
  g_autoptr(GPtrArray) rejections = NULL;
  gboolean ok;

  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (response->status == SOUP_STATUS_OK && _ms_sync_response_object (response) != NULL)
    {
      hook (self, "push-after-response");
      rejections = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_sync_rejection_free);
      self->applying = TRUE;
      ok = ms_sync_local_apply_push (self->store, _ms_sync_response_object (response), rejections,
                                     &error);
      self->applying = FALSE;
      if (!ok)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      _ms_sync_client_update_pending (self);
      emit_rejections (self, rejections);
      push_next (self, g_steal_pointer (&task));
      return;
    }

  if (response->status == SOUP_STATUS_CONFLICT &&
      g_str_equal (_ms_sync_response_code (response), "mutation_gap") &&
      round->gaps++ < MAX_GAPS_PER_ROUND)
    {
      gint64 expected = MAX (_ms_sync_response_expected_id (response), 1);

      self->applying = TRUE;
      ok = ms_sync_state_handle_gap (self->store, expected, &error);
      self->applying = FALSE;
      if (!ok)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      _ms_sync_client_update_pending (self);
      push_next (self, g_steal_pointer (&task));
      return;
    }

  if (response->status == SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE && round->batch_sent > 1)
    {
      self->batch_size = MAX (1, round->batch_sent / 2);
      push_next (self, g_steal_pointer (&task));
      return;
    }

  if (response->status == SOUP_STATUS_FORBIDDEN)
    {
      /* A push names one tenant (see push_next): stop that one. */
      g_autoptr(JsonNode) body = NULL;
      guint n = 0;

      body = ms_sync_local_build_push (self->store, 1, self->stopped, &n, NULL);
      if (body != NULL)
        {
          JsonArray *mutations = json_object_get_array_member (json_node_get_object (body),
                                                               "mutations");
          g_autofree char *tenant = g_strdup (json_object_get_string_member (
            json_array_get_object_element (mutations, 0), "tenant"));

          /* Removed from a team: nothing of this push was applied, so its
           * pending changes can go with the team's data. Earlier pushes
           * whose answers were lost are acknowledged first (expected_id),
           * or dropping rows from the middle of the outbox would renumber
           * later changes onto ids the server has already used. */
          if (g_str_has_prefix (tenant, "team:"))
            {
              gint64 expected = _ms_sync_response_expected_id (response);

              self->applying = TRUE;
              ok = expected <= 0 || ms_sync_state_handle_gap (self->store, expected, &error);
              self->applying = FALSE;
              if (!ok || !drop_team (self, tenant, &error))
                {
                  g_task_return_error (task, g_steal_pointer (&error));
                  return;
                }
              push_next (self, g_steal_pointer (&task));
              return;
            }
          g_hash_table_add (self->stopped, g_strdup (tenant));
        }
      g_task_return_error (task, _ms_sync_response_error (response));
      return;
    }

  {
    GError *e = _ms_sync_response_error (response);

    round->retry_after_ms = response->retry_after_ms;
    g_task_return_error (task, e);
  }
}

static void
push_next (MsSyncClient *self,
           GTask        *task)
{
  Round *round = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *body;
  guint n = 0;

  if (!round_is_current (self, task))
    {
      g_object_unref (task);
      return;
    }
  /* One tenant per push, so that a 403 names it. */
  body = ms_sync_local_build_push_text (self->store, self->batch_size, self->stopped, TRUE, &n,
                                        &error);
  if (body == NULL && error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  if (body == NULL)
    {
      round->tenant_index = 0;
      pull_next (self, task);
      return;
    }
  round->batch_sent = n;

  hook (self, "push-before-send");
  _ms_sync_http_request_text_async (self, "POST", "/v1/sync/push", body, TRUE,
                                    self->cancellable, on_push_cb, task);
}

static void
on_pull_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsSyncClient *self = MS_SYNC_CLIENT (source);
  Round *round = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsSyncResponse) response = _ms_sync_http_request_finish (self, result, &error);
  const char *tenant;
  JsonObject *o;
  gboolean ok;

  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!round_is_current (self, task))
    return;
  tenant = g_ptr_array_index (self->tenants, round->tenant_index);
  o = _ms_sync_response_object (response);
  if (response->status == SOUP_STATUS_FORBIDDEN && g_str_has_prefix (tenant, "team:"))
    {
      g_autofree char *team = g_strdup (tenant);

      /* The next tenant moves into this index. */
      if (!drop_team (self, team, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      pull_next (self, g_steal_pointer (&task));
      return;
    }
  if (response->status == SOUP_STATUS_FORBIDDEN)
    {
      g_hash_table_add (self->stopped, g_strdup (tenant));
      round->tenant_index++;
      pull_next (self, g_steal_pointer (&task));
      return;
    }
  if (response->status != SOUP_STATUS_OK || o == NULL)
    {
      GError *e = _ms_sync_response_error (response);

      round->retry_after_ms = response->retry_after_ms;
      g_task_return_error (task, e);
      return;
    }

  self->applying = TRUE;
  ok = ms_sync_local_apply_pull (self->store, tenant, o, &error);
  self->applying = FALSE;
  if (!ok)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  _ms_sync_client_update_pending (self);

  if (!json_object_get_boolean_member_with_default (o, "has_more", FALSE))
    round->tenant_index++;
  pull_next (self, g_steal_pointer (&task));
}

static void
pull_next (MsSyncClient *self,
           GTask        *task)
{
  Round *round = g_task_get_task_data (task);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;

  if (!round_is_current (self, task))
    {
      g_object_unref (task);
      return;
    }
  while (round->tenant_index < self->tenants->len &&
         g_hash_table_contains (self->stopped,
                                g_ptr_array_index (self->tenants, round->tenant_index)))
    round->tenant_index++;

  if (round->tenant_index >= self->tenants->len)
    {
      if (g_hash_table_size (self->stopped) > 0)
        {
          g_task_return_new_error (task, MS_SYNC_ERROR, MS_SYNC_ERROR_FORBIDDEN,
                                   _("Your account no longer has access to this team, so it is "
                                     "not synced. Your changes are kept; ask the team’s owner "
                                     "to add you again."));
          g_object_unref (task);
          return;
        }
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  body = ms_sync_local_build_pull (self->store,
                                   g_ptr_array_index (self->tenants, round->tenant_index),
                                   PULL_LIMIT, &error);
  _ms_sync_http_request_async (self, "POST", "/v1/sync/pull", body, TRUE, self->cancellable,
                               on_pull_cb, task);
}

static void
on_round_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  MsSyncClient *self = MS_SYNC_CLIENT (source);
  GError *error = NULL;

  Round *round = g_task_get_task_data (G_TASK (result));

  g_task_propagate_boolean (G_TASK (result), &error);
  self->retry_after_ms = round->retry_after_ms;
  finish_round (self, error);
}

static gboolean
on_retry_cb (gpointer user_data)
{
  MsSyncClient *self = user_data;

  self->retry_source = 0;
  _ms_sync_round_request (self);
  return G_SOURCE_REMOVE;
}

static void
finish_round (MsSyncClient *self,
              GError       *error)
{
  g_autoptr(GPtrArray) tasks = g_steal_pointer (&self->round_tasks);

  _ms_sync_client_set_syncing (self, FALSE);
  _ms_sync_client_update_pending (self);

  if (error == NULL)
    {
      ms_sync_backoff_reset (&self->backoff);
      self->last_synced = g_get_real_time ();
      _ms_sync_client_notify (self, PROP_LAST_SYNCED);
      _ms_sync_client_set_error (self, NULL);
      _ms_sync_client_settle_state (self);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      gboolean retry = TRUE;
      gint64 retry_after = -1;

      _ms_sync_client_set_error (self, error);
      if (g_error_matches (error, MS_SYNC_ERROR, MS_SYNC_ERROR_OFFLINE))
        _ms_sync_client_set_state (self, MS_SYNC_STATE_OFFLINE);
      else if (g_error_matches (error, MS_SYNC_ERROR, MS_SYNC_ERROR_BUSY) ||
               g_error_matches (error, MS_SYNC_ERROR, MS_SYNC_ERROR_SERVER))
        {
          _ms_sync_client_set_state (self, MS_SYNC_STATE_WAITING);
          retry_after = self->retry_after_ms;
        }
      else
        {
          retry = FALSE;
          if (g_error_matches (error, MS_SYNC_ERROR, MS_SYNC_ERROR_NOT_SIGNED_IN))
            _ms_sync_client_set_state (self, MS_SYNC_STATE_SIGNED_OUT);
          else
            _ms_sync_client_set_state (self, MS_SYNC_STATE_ERROR);
        }

      if (retry && self->started)
        {
          guint delay = ms_sync_backoff_next (&self->backoff, retry_after);

          g_clear_handle_id (&self->retry_source, g_source_remove);
          self->retry_source = g_timeout_add (delay, on_retry_cb, self);
          g_debug ("sync failed (%s); retrying in %u ms", error->message, delay);
        }
    }
  else
    _ms_sync_client_settle_state (self);

  for (guint i = 0; tasks != NULL && i < tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (tasks, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
  g_clear_error (&error);

  if (self->again || self->waiters->len > 0)
    {
      self->again = FALSE;
      run_round (self);
    }
}

static void
run_round (MsSyncClient *self)
{
  g_autoptr(GError) error = NULL;
  GTask *task;

  if (self->syncing)
    {
      self->again = TRUE;
      return;
    }

  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->retry_after_ms = -1;
  self->round_tasks = g_steal_pointer (&self->waiters);
  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  _ms_sync_client_set_syncing (self, TRUE);

  if (!_ms_sync_session_load_tokens (self, &error))
    {
      finish_round (self, g_steal_pointer (&error));
      return;
    }
  if (!_ms_sync_client_signed_in (self))
    {
      finish_round (self, g_error_new_literal (MS_SYNC_ERROR, MS_SYNC_ERROR_NOT_SIGNED_IN,
                                               _("Sign in to sync. Until then everything stays "
                                                 "on this computer.")));
      return;
    }

  _ms_sync_client_set_state (self, MS_SYNC_STATE_SYNCING);
  task = g_task_new (self, self->cancellable, on_round_done_cb, NULL);
  g_task_set_source_tag (task, run_round);
  {
    Round *round = g_new0 (Round, 1);

    round->retry_after_ms = -1;
    round->account_changes = self->account_changes;
    g_task_set_task_data (task, round, g_free);
  }

  /* The account first, every round: the plan may have changed (upgrades
   * apply at once) and so may the tenants. One small GET. */
  _ms_sync_session_fetch_me_async (self, on_round_me_cb, task);
}

void
_ms_sync_round_request (MsSyncClient *self)
{
  if (self->syncing)
    self->again = TRUE;
  else
    run_round (self);
}
