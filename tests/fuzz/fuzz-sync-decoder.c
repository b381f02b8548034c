/* fuzz-sync-decoder.c — the sync client's reading of push and pull answers
 *
 * A server's answer is parsed as the client parses one (ms_json_guard_parse()
 * with the client's limits); the first byte says whether it answers a push
 * (ms_sync_local_apply_push()) or a pull of the personal or a team tenant
 * (ms_sync_local_apply_pull()), on a real profile database that has saved
 * scorings waiting in its outbox. A refused answer is a GError; the store
 * must stay usable: a push can be built from it after every answer, and
 * what the app reads of the rows a pull wrote (a saved scoring's message
 * and result, segments, the team's rules and presets, personal settings)
 * reads without a crash or a critical, or says the row is damaged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-common.h"
#include "ms-json-guard.h"
#include "../unit/store/store-test.h"
#include "sync/ms-sync-local.h"

#define TENANT "user:11111111-1111-1111-1111-111111111111"
#define TEAM   "team:22222222-2222-2222-2222-222222222222"

static MsStore *store;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autofree char *dir = fuzz_make_temp_dir ();
  g_autofree char *profile = g_build_filename (dir, "profile", NULL);
  g_autoptr(GError) error = NULL;

  fuzz_init ();
  ms_core_init_i18n ();
  store = ms_store_open (profile, &error);
  g_assert_no_error (error);
  ms_store_set_tenant (store, TENANT);
  use_plan (store, "pro");
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *subject = g_strdup_printf ("【限定】件名 %u", i);
      g_autoptr(MsMessage) message = make_email (subject, "本文です。");
      g_autofree char *id = save_scoring (store, message, &error);

      g_assert_no_error (error);
      g_assert_nonnull (id);
    }
  return 0;
}

/* Reads what the app reads of a pulled tenant: the saved scorings the page
 * named, the segments and the personal settings; of a team, its rules,
 * presets and members. */
static void
read_back (JsonObject *answer,
           const char *tenant)
{
  JsonArray *ops = ms_json_object_get_array (answer, "ops");

  if (g_str_equal (tenant, TENANT))
    {
      g_autoptr(MsHistoryRepository) history = ms_history_repository_new (store);
      g_autoptr(MsSegmentRepository) segments = ms_segment_repository_new (store);
      g_autoptr(MsPersonalSettingRepository) settings = ms_personal_setting_repository_new (store);

      for (guint i = 0; ops != NULL && i < json_array_get_length (ops) && i < 16; i++)
        {
          JsonNode *op = json_array_get_element (ops, i);
          const char *id = JSON_NODE_HOLDS_OBJECT (op)
                           ? ms_json_object_get_string (json_node_get_object (op), "id", NULL)
                           : NULL;
          g_autoptr(MsMessage) message = NULL;
          g_autoptr(MsScoreResult) result = NULL;

          if (id == NULL)
            continue;
          message = ms_history_repository_load_message (history, id, NULL);
          result = ms_history_repository_load_result (history, id, NULL);
        }
      g_list_model_get_n_items (ms_segment_repository_get_model (segments));
      ms_personal_setting_repository_get_boolean (settings, MS_PERSONAL_SETTING_ESP_FOOTER);
    }
  else
    {
      g_autoptr(MsTeamRulesRepository) team_rules = ms_team_rules_repository_new (store, tenant);
      JsonObject *fields = ms_team_rules_repository_dup_fields (team_rules);
      MsBrandRules *brand_rules = ms_team_rules_repository_dup_brand_rules (team_rules);

      g_clear_pointer (&fields, json_object_unref);
      g_clear_pointer (&brand_rules, ms_brand_rules_free);
      g_list_model_get_n_items (ms_team_rules_repository_get_presets (team_rules));
      g_list_model_get_n_items (ms_team_rules_repository_get_members (team_rules));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const MsJsonLimits limits = { MS_JSON_MAX_BYTES_ANSWER, MS_JSON_MAX_DEPTH_ANSWER };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) push = NULL;
  JsonObject *answer;
  guint n_mutations = 0;

  if (size < 1)
    return 0;
  root = ms_json_guard_parse ((const char *) data + 1, size - 1, &limits, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return 0;
  answer = json_node_get_object (root);

  switch (data[0] % 3)
    {
    case 0:
      {
        g_autoptr(GPtrArray) rejections =
          g_ptr_array_new_with_free_func ((GDestroyNotify) ms_sync_rejection_free);

        ms_sync_local_apply_push (store, answer, rejections, &error);
      }
      break;
    case 1:
      ms_sync_local_apply_pull (store, TENANT, answer, &error);
      break;
    default:
      ms_sync_local_apply_pull (store, TEAM, answer, &error);
      break;
    }
  if (error != NULL && g_getenv ("MSGSCORE_FUZZ_VERBOSE") != NULL)
    g_printerr ("%s\n", error->message);
  g_clear_error (&error);

  push = ms_sync_local_build_push (store, 100, NULL, &n_mutations, &error);
  g_assert_no_error (error);
  if (data[0] % 3 != 0)
    read_back (answer, data[0] % 3 == 1 ? TENANT : TEAM);
  return 0;
}
