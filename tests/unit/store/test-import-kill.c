/* test-import-kill.c — an import killed at any moment leaves all of it or none
 *
 * msgscore-cli imports a 100,000-row campaign file into a fresh profile and
 * is killed (SIGKILL) after a delay; the delays sweep the whole import, from
 * before the file is read to after the commit (and a little past the end). After each kill the profile
 * opens and holds either none of the rows or all of them, with the outbox
 * references to match, and importing the file again completes with every
 * row once. A rows file the kill left without its batch row is allowed: the
 * next open an hour later deletes it (test-import checks that).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>

#include "store-test.h"
#include "store/ms-sync-state.h"

#define ROWS 100000
#define KILLS 16

static char *csv_path;

/* A profile of an account on Team Pro, the plan campaign import comes
 * with: what a sign-in keeps of GET /v1/me. */
static char *
make_profile (void)
{
  g_autoptr(GError) error = NULL;
  char *profile = g_dir_make_tmp ("msgscore-kill-XXXXXX", &error);
  g_autoptr(MsStore) store = NULL;
  g_autoptr(MsEntitlements) plan = ms_entitlements_new_for_plan ("team_pro_s", &error);
  g_autoptr(JsonObject) me = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  store = ms_store_open (profile, &error);
  g_assert_no_error (error);
  json_object_set_object_member (me, "plan", ms_entitlements_to_json (plan));
  json_node_set_object (node, me);
  text = json_to_string (node, FALSE);
  g_assert_true (ms_sync_state_save_account (store, "http://127.0.0.1:1", text, &error));
  g_assert_no_error (error);
  return profile;
}

static GSubprocess *
spawn_import (const char *profile)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error, g_getenv ("MSGSCORE_CLI_BIN"), "--profile", profile,
                              "import", "campaigns", csv_path, NULL);
  g_assert_no_error (error);
  return process;
}

/* How long an import takes here, start to exit. */
static gint64
time_import (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *profile = make_profile ();
  g_autoptr(GSubprocess) process = NULL;
  gint64 t0 = g_get_monotonic_time ();

  process = spawn_import (profile);
  g_assert_true (g_subprocess_wait_check (process, NULL, &error));
  g_assert_no_error (error);
  remove_tree (profile);
  return g_get_monotonic_time () - t0;
}

static void
check_all_or_nothing (const char *profile,
                      gboolean   *complete)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsStore) store = ms_store_open (profile, &error);
  g_autoptr(MsCampaignRepository) campaigns = NULL;
  guint n;

  g_assert_no_error (error);
  campaigns = ms_campaign_repository_new (store);
  n = ms_campaign_repository_count (campaigns, &error);
  g_assert_no_error (error);
  g_assert_true (n == 0 || n == ROWS);
  g_assert_cmpuint (ms_store_get_outbox_length (store), ==, n == 0 ? 0 : ROWS / 500);
  *complete = n == ROWS;
}

static void
test_kill_during_import (void)
{
  gint64 duration = time_import ();
  guint n_complete = 0, n_empty = 0;

  g_test_message ("an import of %d rows takes %.0f ms here", ROWS, duration / 1000.0);
  for (guint k = 0; k < KILLS; k++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *profile = make_profile ();
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GSubprocess) again = NULL;
      gboolean complete = FALSE;

      process = spawn_import (profile);
      /* up to a quarter past the end: some kills come after the commit */
      g_usleep ((gulong) (duration * 5 / 4 * k / KILLS));
      g_subprocess_send_signal (process, SIGKILL);
      g_subprocess_wait (process, NULL, NULL);

      check_all_or_nothing (profile, &complete);
      if (complete)
        n_complete++;
      else
        n_empty++;

      /* The same file again: every row, once. */
      again = spawn_import (profile);
      g_assert_true (g_subprocess_wait_check (again, NULL, &error));
      g_assert_no_error (error);
      check_all_or_nothing (profile, &complete);
      g_assert_true (complete);
      remove_tree (profile);
    }
  g_test_message ("killed %d times: %u left nothing, %u everything", KILLS, n_empty, n_complete);
  g_assert_cmpuint (n_empty, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GString) csv = g_string_new ("date,channel,subject,body,recipients,open_rate\n");
  int status;

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < ROWS; i++)
    g_string_append_printf (csv, "2024-%02u-%02u,%s,件名 %u,本文,%u,%.1f%%\n", 1 + i % 12,
                            1 + i % 28, i % 2 ? "line" : "email", i, 1000 + i, 10 + i % 50 * 0.5);
  dir = g_dir_make_tmp ("msgscore-kill-csv-XXXXXX", &error);
  g_assert_no_error (error);
  csv_path = g_build_filename (dir, "campaigns.csv", NULL);
  g_assert_true (g_file_set_contents (csv_path, csv->str, (gssize) csv->len, &error));

  g_test_add_func ("/ms/import/kill-during-import", test_kill_during_import);
  status = g_test_run ();

  remove_tree (dir);
  g_free (csv_path);
  return status;
}
