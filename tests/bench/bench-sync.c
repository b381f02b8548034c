/* bench-sync.c — sync on loopback: initial pull of 10,000 rows, push of 1,000,
 * and a 100,000-row campaign import pushed and pulled back
 *
 *   bench-sync [--rows N] [--mutations N] [--import N] [--server-bin PATH]
 *              [--backend postgresql]
 *
 * Starts this build's msgscore-server on 127.0.0.1 port 0 with a fresh
 * database: a SQLite file, or with --backend postgresql a database in a
 * PostgreSQL cluster started for the run (initdb in a temporary folder, as
 * nobody when root; fsync and synchronous commit on, as in production).
 * Client A saves N scorings offline and pushes them (reported as
 * "sync.push_seed"); client B, a fresh profile of the same account, pulls
 * them all ("sync.initial_pull"); then B makes M changes offline (saves,
 * actuals and deletes) and syncs them ("sync.push"). Then another account
 * imports N campaign results on client C and pushes them
 * ("sync.import_push", 200 mutations of 500 rows for 100,000), and a fresh
 * profile D pulls them back ("sync.import_pull"; "sync.import_round_trip"
 * is the two together).
 *
 * Each line gives the wall time and the processor time of each side over
 * the same span: the client (this process, all its threads), the server
 * process, and on PostgreSQL the database's processes. On a loaded machine
 * the wall time mostly measures the wait for a core; the processor times do
 * not. "load" is the 1-minute load average at the end. Never pass/fail on
 * time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <sys/resource.h>

#include "../sync/sync-harness.h"
#include "store/ms-campaign-repository.h"

/* ------------------------------------------------------------------------ */
/* Processor time of each side                                              */

static double
now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

/* utime + stime of @pid (+ its waited-for children's with @children), in s */
static double
proc_cpu (const char *pid,
          gboolean    children)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after;
  double ticks;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (after = strrchr (text, ')')) == NULL)
    return 0;
  /* after ") ": state(3) ppid(4) … utime(14) stime(15) cutime(16) cstime(17) */
  fields = g_strsplit (after + 2, " ", 0);
  if (g_strv_length (fields) < 15)
    return 0;
  ticks = g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL);
  if (children)
    ticks += g_ascii_strtod (fields[13], NULL) + g_ascii_strtod (fields[14], NULL);
  return ticks / (double) sysconf (_SC_CLK_TCK);
}

/* The postmaster, the backends that ended, and those still running. */
static double
tree_cpu (GPid root)
{
  g_autofree char *root_id = g_strdup_printf ("%d", (int) root);
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  double total = proc_cpu (root_id, TRUE);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL, *text = NULL;
      const char *after;

      if (!g_ascii_isdigit (name[0]))
        continue;
      path = g_strdup_printf ("/proc/%s/stat", name);
      if (!g_file_get_contents (path, &text, NULL, NULL) || (after = strrchr (text, ')')) == NULL)
        continue;
      if (atoi (after + 4) == (int) root)
        total += proc_cpu (name, FALSE);
    }
  return total;
}

typedef struct
{
  Server   *server;
  MsTestPg *pg;
  double    wall, client, server_cpu, db;
} Meter;

static double
client_cpu (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static void
meter_start (Meter *m)
{
  m->client = client_cpu ();
  m->server_cpu = proc_cpu (g_subprocess_get_identifier (m->server->process), FALSE);
  m->db = m->pg != NULL ? tree_cpu (ms_test_pg_get_pid (m->pg)) : 0;
  m->wall = now_s ();
}

/* Stops @m: its fields become what the span took. */
static void
meter_stop (Meter *m)
{
  m->wall = now_s () - m->wall;
  m->client = client_cpu () - m->client;
  m->server_cpu = proc_cpu (g_subprocess_get_identifier (m->server->process), FALSE) -
                  m->server_cpu;
  m->db = m->pg != NULL ? tree_cpu (ms_test_pg_get_pid (m->pg)) - m->db : 0;
}

/* Prints the line of stopped @m, plus stopped @also when given. */
static void
print_line (const char  *name,
            const char  *unit,
            guint        n,
            const Meter *m,
            const Meter *also)
{
  double wall = m->wall, client = m->client, server = m->server_cpu, db = m->db;
  double load[1] = { 0 };

  if (also != NULL)
    {
      wall += also->wall;
      client += also->client;
      server += also->server_cpu;
      db += also->db;
    }
  getloadavg (load, 1);
  printf ("{\"bench\": \"%s\", \"%s\": %u, \"seconds\": %.3f, \"%s_per_s\": %.0f, "
          "\"cpu_s\": {\"client\": %.3f, \"server\": %.3f, \"database\": %.3f, "
          "\"total\": %.3f}, \"load\": %.2f}\n",
          name, unit, n, wall, unit, n / wall, client, server, db, client + server + db,
          load[0]);
  fflush (stdout);
}

static void
meter_report (Meter      *m,
              const char *name,
              const char *unit,
              guint       n)
{
  meter_stop (m);
  print_line (name, unit, n, m, NULL);
}

/* ------------------------------------------------------------------------ */
/* Saved scorings                                                           */

static MsScoreResult *
score_once (void)
{
  g_autoptr(MsMessage) message = make_email ("ベンチマーク", "本文です。");
  g_autoptr(GError) error = NULL;
  MsScoreResult *result = ms_scorer_score (ms_rule_set_get_default (), message, NULL, &error);

  g_assert_no_error (error);
  return result;
}

static GPtrArray *
save_many (MsStore       *store,
           MsScoreResult *result,
           guint          n,
           const char    *prefix)
{
  g_autoptr(MsHistoryRepository) history = ms_history_repository_new (store);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *subject = g_strdup_printf ("%s %u 春の限定セールのお知らせ", prefix, i);
      g_autoptr(MsMessage) message = make_email (subject, "本文です。詳しくはこちら。");
      char *id = ms_history_repository_save (history, message, result, &error);

      g_assert_no_error (error);
      g_ptr_array_add (ids, id);
    }
  return ids;
}

static MsSyncClient *
new_client (const char     *dir,
            const char     *name,
            const char     *url,
            MsTokenStore   *tokens,
            MsStore       **store)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);

  *store = ms_store_open (path, &error);
  g_assert_no_error (error);
  return ms_sync_client_new (*store, url, tokens);
}

/* Half saves, a quarter actuals, a quarter deletes, all offline. */
static guint
change_offline (MsStore       *store,
                MsScoreResult *result,
                guint          mutations)
{
  g_autoptr(GPtrArray) ids = save_many (store, result, mutations / 2, "B");
  g_autoptr(MsHistoryRepository) history = ms_history_repository_new (store);
  guint made = ids->len;

  for (guint i = 0; made < mutations; i++)
    {
      g_autoptr(GError) error = NULL;
      MsActuals actuals = { .recipients = 1000, .open_rate = 0.2, .ctr = 0.02,
                            .conversions = 5 };
      const char *id = g_ptr_array_index (ids, i % ids->len);

      if (i < ids->len / 2)
        g_assert_true (ms_history_repository_set_actuals (history, id, &actuals, &error));
      else
        g_assert_true (ms_history_repository_delete (history, id, &error));
      g_assert_no_error (error);
      made++;
    }
  return made;
}

static void
bench_history (Meter        *m,
               const char   *dir,
               const char   *url,
               MsTokenStore *tokens,
               guint         rows,
               guint         mutations)
{
  g_autoptr(MsStore) store_a = NULL, store_b = NULL;
  g_autoptr(MsSyncClient) a = new_client (dir, "a", url, tokens, &store_a);
  g_autoptr(MsSyncClient) b = NULL;
  g_autoptr(MsScoreResult) result = score_once ();
  g_autoptr(GPtrArray) ids = NULL;
  guint made;

  client_sign (a, "bench@example.jp", TRUE);
  server_staff (m->server, "set-plan", "bench@example.jp", "team_pro_l");
  g_assert_null (client_sync (a));
  use_plan (store_a, "team_pro_l");

  ids = save_many (store_a, result, rows, "A");
  ms_sync_client_set_batch_size (a, 500);
  meter_start (m);
  g_assert_null (client_sync (a));
  meter_report (m, "sync.push_seed", "mutations", rows);
  g_assert_cmpuint (ms_sync_client_get_pending (a), ==, 0);

  b = new_client (dir, "b", url, tokens, &store_b);
  client_sign (b, "bench@example.jp", FALSE);
  meter_start (m);
  g_assert_null (client_sync (b));
  meter_report (m, "sync.initial_pull", "rows", rows);
  g_assert_cmpint (count_rows (store_b, "score_history"), ==, rows);

  use_plan (store_b, "team_pro_l");
  made = change_offline (store_b, result, mutations);
  ms_sync_client_set_batch_size (b, 500);
  meter_start (m);
  g_assert_null (client_sync (b));
  meter_report (m, "sync.push", "mutations", made);
  g_assert_cmpuint (ms_sync_client_get_pending (b), ==, 0);
}

/* ------------------------------------------------------------------------ */
/* A campaign import                                                        */

static void
import_campaigns (MsStore *store,
                  guint    n)
{
  g_autoptr(MsCampaignRepository) campaigns = ms_campaign_repository_new (store);
  g_autoptr(GError) error = NULL;
  MsCampaignRow *rows = g_new0 (MsCampaignRow, n);
  guint added = 0;

  for (guint i = 0; i < n; i++)
    {
      rows[i].line = i + 2;
      rows[i].sent_on = g_strdup_printf ("2026-%02u-%02u", 1 + i % 12, 1 + i % 28);
      rows[i].channel = i % 3 == 0 ? MS_CHANNEL_LINE : MS_CHANNEL_EMAIL;
      rows[i].subject = g_strdup_printf ("【会員さま限定】春の新作 第%u弾のお知らせ", i);
      rows[i].body = g_strdup ("いつもご利用ありがとうございます。");
      rows[i].recipients = 1000 + i;
      rows[i].open_rate = 0.2 + (i % 10) / 100.0;
      rows[i].ctr = 0.01 + (i % 7) / 1000.0;
      rows[i].cv_count = i % 50;
      rows[i].cv_type = g_strdup ("purchase");
      ms_campaign_row_compute_key (&rows[i]);
    }
  g_assert_true (ms_campaign_repository_insert (campaigns, rows, n, &added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, n);
  for (guint i = 0; i < n; i++)
    ms_campaign_row_clear (&rows[i]);
  g_free (rows);
}

static void
bench_import (Meter        *m,
              const char   *dir,
              const char   *url,
              MsTokenStore *tokens,
              guint         n)
{
  g_autoptr(MsStore) store_c = NULL, store_d = NULL;
  g_autoptr(MsSyncClient) c = new_client (dir, "c", url, tokens, &store_c);
  g_autoptr(MsSyncClient) d = NULL;
  g_autoptr(MsCampaignRepository) campaigns = NULL;
  g_autoptr(GError) error = NULL;
  Meter push = *m;

  client_sign (c, "import@example.jp", TRUE);
  server_staff (m->server, "set-plan", "import@example.jp", "team_pro_l");
  g_assert_null (client_sync (c));
  use_plan (store_c, "team_pro_l");
  import_campaigns (store_c, n);

  meter_start (&push);
  error = client_sync (c);
  g_assert_no_error (error);
  meter_report (&push, "sync.import_push", "rows", n);
  g_assert_cmpuint (ms_sync_client_get_pending (c), ==, 0);

  d = new_client (dir, "d", url, tokens, &store_d);
  client_sign (d, "import@example.jp", FALSE);
  meter_start (m);
  g_assert_null (client_sync (d));
  meter_report (m, "sync.import_pull", "rows", n);
  campaigns = ms_campaign_repository_new (store_d);
  g_assert_cmpuint (ms_campaign_repository_count (campaigns, NULL), ==, n);
  print_line ("sync.import_round_trip", "rows", n, m, &push);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autofree char *server_bin = g_strdup (MSGSCORE_SERVER_BIN);
  gint rows = 10000, mutations = 1000, import = 100000;
  g_autofree char *backend = NULL;
  const GOptionEntry entries[] = {
    { "backend", 0, 0, G_OPTION_ARG_STRING, &backend, "sqlite (default) or postgresql",
      "NAME" },
    { "rows", 0, 0, G_OPTION_ARG_INT, &rows, "Rows in the initial pull", "N" },
    { "mutations", 0, 0, G_OPTION_ARG_INT, &mutations, "Offline changes to push", "N" },
    { "import", 0, 0, G_OPTION_ARG_INT, &import, "Campaign rows imported (0: none)", "N" },
    { "server-bin", 0, 0, G_OPTION_ARG_FILENAME, &server_bin, "msgscore-server", "PATH" },
    { NULL }
  };
  g_autofree char *dir = NULL, *url = NULL;
  g_autoptr(MsTokenStore) tokens = ms_token_store_new_memory ();
  Server server = { 0 };
  Meter meter = { &server, NULL };

  ms_core_init_i18n ();
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  g_setenv ("MSGSCORE_SERVER_BIN", server_bin, TRUE);

  dir = g_dir_make_tmp ("msgscore-bench-sync-XXXXXX", NULL);
  if (g_strcmp0 (backend, "postgresql") == 0)
    {
      meter.pg = ms_test_pg_start (TRUE, &error);
      g_assert_no_error (error);
      server.db = ms_test_pg_new_database (meter.pg, &error);
      g_assert_no_error (error);
    }
  else
    server.db = g_build_filename (dir, "server.db", NULL);
  printf ("{\"bench\": \"sync.backend\", \"backend\": \"%s\"}\n",
          meter.pg != NULL ? "postgresql" : "sqlite");
  server_start (&server);
  url = g_strdup_printf ("http://127.0.0.1:%u", server.port);

  if (rows > 0)
    bench_history (&meter, dir, url, tokens, (guint) rows, (guint) mutations);
  if (import > 0)
    bench_import (&meter, dir, url, tokens, (guint) import);

  server_stop (&server);
  remove_tree (dir);
  g_free (server.db);
  ms_test_pg_stop (meter.pg);
  return 0;
}
