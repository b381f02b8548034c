/* test-import.c — campaign CSV import (encodings, rows, duplicates) and export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <utime.h>

#include "io/ms-io.h"
#include "store-test.h"
#include "store/ms-campaign-repository-private.h"

/* Files in the profile's campaigns/ folder. */
static guint
count_batch_files (StoreFixture *fixture)
{
  g_autofree char *path = g_build_filename (fixture->dir, "campaigns", NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* The args of the @index-th outbox row as the push sends them. */
static JsonObject *
dup_sent_args (MsStore *store,
               guint    index)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *sent = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_ms_store_get_db (store),
                                       "SELECT name, args_json FROM outbox ORDER BY id"
                                       " LIMIT 1 OFFSET ?1", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int (stmt, 1, (int) index);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "campaign_result.put_many");
  sent = _ms_campaign_repository_expand_outbox_args (store,
                                                     (const char *) sqlite3_column_text (stmt, 0),
                                                     (const char *) sqlite3_column_text (stmt, 1));
  sqlite3_finalize (stmt);
  node = json_from_string (sent, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (node));
}

static void
collect_id (const char          *id,
            const MsCampaignRow *row,
            gpointer             user_data)
{
  g_ptr_array_add (user_data, g_strdup (id));
}

/* Japanese headers, quoted commas, doubled quotes and a line break inside
 * quotes (so line numbers must count physical lines), and every rate form. */
static const char campaigns_csv[] =
  "配信日,チャネル,件名,本文,配信数,開封率,クリック率,CV数,CV種別\r\n"          /* 1 */
  "2024/05/01,メール,【限定】春のセール,\"本文, カンマ入り\",\"12,345\",23.4%,2.5%,30,購入\r\n" /* 2 */
  "2024-05-02,LINE,\"友だち限定\"\"クーポン\"\"\",\"1行目\r\n2行目\",8000,0.634,0.051,12,来店\r\n" /* 3–4 */
  "2024年5月3日,email,週末のおすすめ,,5000,21.5,1.8,,\r\n"                   /* 5 */
  ",line,日付なし,,,,,,\r\n"                                                   /* 6 */
  "\r\n"                                                                        /* 7 */
  "2024-05-04,fax,ファックス,,100,10%,1%,1,\r\n"                                /* 8 */
  "2024-05-05,email,,本文だけ,100,10%,1%,1,\r\n"                                /* 9 */
  "2024-13-01,email,日付が変,,100,10%,1%,1,\r\n"                                /* 10 */
  "2024-05-06,email,開封率が変,,100,123%,1%,1,\r\n"                             /* 11 */
  "2024-05-07,email,配信数が変,,-5,10%,1%,1,\r\n"                               /* 12 */
  "2024/05/01,メール,【限定】春のセール,別の本文,12345,20%,2%,3,\r\n";         /* 13: duplicate of 2 */

static GBytes *
bytes_in (const char *text,
          const char *encoding)
{
  g_autoptr(GError) error = NULL;
  gsize written = 0;
  char *converted;

  if (g_str_equal (encoding, "utf-8"))
    return g_bytes_new (text, strlen (text));
  if (g_str_equal (encoding, "bom"))
    {
      char *with_bom = g_strconcat ("\xEF\xBB\xBF", text, NULL);
      return g_bytes_new_take (with_bom, strlen (with_bom));
    }
  converted = g_convert (text, -1, "CP932", "UTF-8", NULL, &written, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (converted, written);
}

static void
check_preview (MsCampaignImport *preview)
{
  const MsCampaignRow *row;
  static const guint rejected_lines[] = { 8, 9, 10, 11, 12, 13 };

  g_assert_cmpuint (ms_campaign_import_get_n_rows (preview), ==, 4);
  g_assert_cmpuint (ms_campaign_import_get_n_channel (preview, MS_CHANNEL_EMAIL), ==, 2);
  g_assert_cmpuint (ms_campaign_import_get_n_channel (preview, MS_CHANNEL_LINE), ==, 2);
  g_assert_cmpstr (ms_campaign_import_get_first_date (preview), ==, "2024-05-01");
  g_assert_cmpstr (ms_campaign_import_get_last_date (preview), ==, "2024-05-03");
  g_assert_cmpfloat_with_epsilon (ms_campaign_import_get_mean_open_rate (preview),
                                  (0.234 + 0.634 + 0.215) / 3, 1e-9);
  g_assert_cmpfloat_with_epsilon (ms_campaign_import_get_mean_ctr (preview),
                                  (0.025 + 0.051 + 0.018) / 3, 1e-9);
  g_assert_cmpfloat_with_epsilon (ms_campaign_import_get_mean_cv_count (preview), 21, 1e-9);

  row = ms_campaign_import_get_row (preview, 0);
  g_assert_cmpuint (row->line, ==, 2);
  g_assert_cmpstr (row->sent_on, ==, "2024-05-01");
  g_assert_cmpint (row->channel, ==, MS_CHANNEL_EMAIL);
  g_assert_cmpstr (row->body, ==, "本文, カンマ入り");
  g_assert_cmpint (row->recipients, ==, 12345);
  g_assert_cmpfloat_with_epsilon (row->open_rate, 0.234, 1e-12);
  g_assert_cmpint (row->cv_count, ==, 30);
  g_assert_cmpstr (row->cv_type, ==, "購入");
  g_assert_cmpuint (strlen (row->natural_key), ==, 64);

  row = ms_campaign_import_get_row (preview, 1);
  g_assert_cmpuint (row->line, ==, 3);
  g_assert_cmpstr (row->subject, ==, "友だち限定\"クーポン\"");
  g_assert_cmpstr (row->body, ==, "1行目\r\n2行目");
  g_assert_cmpfloat_with_epsilon (row->open_rate, 0.634, 1e-12);

  row = ms_campaign_import_get_row (preview, 2);
  g_assert_cmpuint (row->line, ==, 5);
  g_assert_cmpstr (row->sent_on, ==, "2024-05-03");
  g_assert_cmpfloat_with_epsilon (row->open_rate, 0.215, 1e-12);
  g_assert_cmpint (row->cv_count, ==, -1);

  row = ms_campaign_import_get_row (preview, 3);
  g_assert_cmpuint (row->line, ==, 6);
  g_assert_null (row->sent_on);
  g_assert_true (isnan (row->open_rate));
  g_assert_cmpint (row->recipients, ==, -1);

  g_assert_cmpuint (ms_campaign_import_get_n_rejected (preview), ==, G_N_ELEMENTS (rejected_lines));
  for (guint i = 0; i < G_N_ELEMENTS (rejected_lines); i++)
    {
      const MsCampaignRejection *r = ms_campaign_import_get_rejected (preview, i);

      g_assert_cmpuint (r->line, ==, rejected_lines[i]);
      g_assert_true (r->reason != NULL && *r->reason != '\0');
    }
  g_assert_nonnull (strstr (ms_campaign_import_get_rejected (preview, 0)->reason, "fax"));
  g_assert_nonnull (strstr (ms_campaign_import_get_rejected (preview, 5)->reason, "2"));
}

static void
test_prepare_encodings (void)
{
  static const struct { const char *name; MsEncoding expected; } cases[] = {
    { "utf-8", MS_ENCODING_UTF8 },
    { "bom", MS_ENCODING_UTF8_BOM },
    { "sjis", MS_ENCODING_SHIFT_JIS },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = bytes_in (campaigns_csv, cases[i].name);
      g_autoptr(MsCampaignImport) preview = ms_campaign_import_prepare (bytes, &error);
      g_autofree char *summary = NULL;

      g_test_message ("encoding %s", cases[i].name);
      g_assert_no_error (error);
      g_assert_cmpint (ms_campaign_import_get_encoding (preview), ==, cases[i].expected);
      check_preview (preview);
      summary = ms_campaign_import_dup_summary (preview);
      g_assert_nonnull (strstr (summary, "2024-05-01"));
    }
}

static void
test_rates (void)
{
  static const struct { const char *text; gboolean ok; double rate; } cases[] = {
    { "23.4%", TRUE, 0.234 }, { "23.4", TRUE, 0.234 }, { "0.234", TRUE, 0.234 },
    { " 23.4 % ", TRUE, 0.234 }, { "２３．４％", FALSE, 0 }, { "23.4％", TRUE, 0.234 },
    { "1", TRUE, 1.0 }, { "0.5", TRUE, 0.5 }, { "0.5%", TRUE, 0.005 }, { "100%", TRUE, 1.0 },
    { "100", TRUE, 1.0 }, { "0", TRUE, 0 }, { "101", FALSE, 0 }, { "-1", FALSE, 0 },
    { "abc", FALSE, 0 }, { "", FALSE, 0 }, { "%", FALSE, 0 }, { "1e1", TRUE, 0.1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double rate = -1;

      g_test_message ("rate “%s”", cases[i].text);
      g_assert_cmpint (ms_parse_rate (cases[i].text, &rate), ==, cases[i].ok);
      if (cases[i].ok)
        g_assert_cmpfloat_with_epsilon (rate, cases[i].rate, 1e-12);
    }
}

static void
test_header_errors (void)
{
  static const char * const bad[] = {
    "",
    "\r\n\r\n",
    "date,subject,body\r\n2024-05-01,件名,本文\r\n",
    "date,channel,subject\r\n2024-05-01,email,\"never closed\r\n",
    "date,channel,subject\r\n\xff\xfe\xfd\x80\x81,email,x\r\n",
  };
  static const int codes[] = {
    MS_IO_ERROR_EMPTY, MS_IO_ERROR_EMPTY, MS_IO_ERROR_COLUMNS, MS_IO_ERROR_SYNTAX,
    MS_IO_ERROR_ENCODING,
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = g_bytes_new_static (bad[i], strlen (bad[i]));
      g_autoptr(MsCampaignImport) preview = ms_campaign_import_prepare (bytes, &error);

      g_test_message ("case %u", i);
      g_assert_null (preview);
      g_assert_error (error, MS_IO_ERROR, codes[i]);
      if (codes[i] == MS_IO_ERROR_SYNTAX)
        g_assert_nonnull (strstr (error->message, "2"));
    }
}

static void
test_english_headers_any_order (void)
{
  static const char csv[] =
    "Subject,Open Rate (%),Channel,CTR,Recipients,CV_Count,Send Date,Unknown\n"
    "Hello,\"20.5%\",Email,0.02,\"1,000\",5,2024-06-01 09:30,x\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static (csv, strlen (csv));
  g_autoptr(MsCampaignImport) preview = ms_campaign_import_prepare (bytes, &error);
  const MsCampaignRow *row;

  g_assert_no_error (error);
  g_assert_cmpuint (ms_campaign_import_get_n_rows (preview), ==, 1);
  row = ms_campaign_import_get_row (preview, 0);
  g_assert_cmpstr (row->subject, ==, "Hello");
  g_assert_cmpfloat_with_epsilon (row->open_rate, 0.205, 1e-12);
  g_assert_cmpfloat_with_epsilon (row->ctr, 0.02, 1e-12);
  g_assert_cmpint (row->recipients, ==, 1000);
  g_assert_cmpstr (row->sent_on, ==, "2024-06-01");
}

/* Campaign import is a Team Pro feature (data/plans.json). */
static void
team_pro_set_up (StoreFixture  *fixture,
                 gconstpointer  data)
{
  store_fixture_set_up (fixture, data);
  use_plan (fixture->store, "team_pro_s");
}

/* Below Team Pro the store refuses an import, says which plan has it, and
 * writes nothing: no rows, no outbox, no batch file. */
static void
test_needs_campaign_import (StoreFixture  *fixture,
                            gconstpointer  data)
{
  const char * const refused[] = { "free", "pro", "team_s", "team_l" };
  g_autoptr(GBytes) bytes = bytes_in (campaigns_csv, "sjis");
  g_autoptr(MsCampaignRepository) campaigns = ms_campaign_repository_new (fixture->store);
  g_autoptr(MsCampaignImport) preview = NULL;
  g_autoptr(GError) error = NULL;
  guint added = 0;

  preview = ms_campaign_import_prepare (bytes, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      use_plan (fixture->store, refused[i]);
      g_assert_false (ms_campaign_import_commit (preview, fixture->store, &added, &error));
      g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_UPGRADE_NEEDED);
      g_assert_nonnull (strstr (error->message, "Team Pro S"));
      g_clear_error (&error);
    }
  g_assert_cmpuint (ms_campaign_repository_count (campaigns, NULL), ==, 0);
  g_assert_cmpint (count_rows (fixture->store, "outbox"), ==, 0);
  g_assert_cmpuint (count_batch_files (fixture), ==, 0);

  use_plan (fixture->store, "team_pro_s");
  g_assert_true (ms_campaign_import_commit (preview, fixture->store, &added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 4);
}

static void
test_commit_reimport_cancel (StoreFixture  *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = bytes_in (campaigns_csv, "sjis");
  g_autoptr(MsCampaignImport) preview = NULL;
  g_autoptr(MsCampaignImport) again = NULL;
  g_autoptr(MsCampaignRepository) campaigns = ms_campaign_repository_new (fixture->store);
  guint added = 99;

  /* Cancel: a preview that is never committed writes nothing. */
  preview = ms_campaign_import_prepare (bytes, &error);
  g_assert_no_error (error);
  g_clear_object (&preview);
  g_assert_cmpuint (ms_campaign_repository_count (campaigns, NULL), ==, 0);
  g_assert_cmpint (count_rows (fixture->store, "outbox"), ==, 0);
  g_assert_cmpuint (count_batch_files (fixture), ==, 0);

  preview = ms_campaign_import_prepare (bytes, &error);
  g_assert_no_error (error);
  g_assert_true (ms_campaign_import_commit (preview, fixture->store, &added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 4);
  g_assert_cmpuint (ms_campaign_repository_count (campaigns, NULL), ==, 4);
  g_assert_cmpint (count_rows (fixture->store, "campaign_batch"), ==, 1);
  g_assert_cmpuint (count_batch_files (fixture), ==, 1);
  /* One batched mutation carries the four rows. */
  g_assert_cmpint (count_rows (fixture->store, "outbox"), ==, 1);
  {
    g_autoptr(JsonObject) args = dup_sent_args (fixture->store, 0);
    JsonArray *rows = json_object_get_array_member (args, "rows");

    g_assert_cmpuint (json_array_get_length (rows), ==, 4);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 1),
                                                    "subject"), ==, "友だち限定\"クーポン\"");
    g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (rows, 0),
                                                      "open_rate"), ==, 0.234);
    g_assert_true (json_object_get_null_member (json_array_get_object_element (rows, 3),
                                                "recipients"));
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 0),
                                                    "natural_key"), ==,
                     ms_campaign_import_get_row (preview, 0)->natural_key);
  }
  g_assert_true (ms_campaign_repository_contains (campaigns,
                                                  ms_campaign_import_get_row (preview, 0)->natural_key));

  /* The same file again (as UTF-8 this time) adds nothing. */
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = bytes_in (campaigns_csv, "utf-8");
  again = ms_campaign_import_prepare (bytes, &error);
  g_assert_no_error (error);
  g_assert_true (ms_campaign_import_commit (again, fixture->store, &added, &error));
  g_assert_cmpuint (added, ==, 0);
  g_assert_cmpuint (ms_campaign_repository_count (campaigns, NULL), ==, 4);
  g_assert_cmpint (count_rows (fixture->store, "outbox"), ==, 1);
  g_assert_cmpuint (count_batch_files (fixture), ==, 1);
}

static void
test_commit_is_atomic (StoreFixture  *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = bytes_in (campaigns_csv, "utf-8");
  g_autoptr(MsCampaignImport) preview = ms_campaign_import_prepare (bytes, &error);
  g_autoptr(MsCampaignRepository) campaigns = ms_campaign_repository_new (fixture->store);
  g_autofree char *in_the_way = g_build_filename (fixture->dir, "campaigns", NULL);
  sqlite3 *db = _ms_store_get_db (fixture->store);

  /* The statement after the rows file is written fails: no batch row, no
   * outbox row, and the file is gone. */
  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE TEMP TRIGGER no_room BEFORE INSERT ON outbox"
                                 " BEGIN SELECT RAISE(ABORT, 'no room'); END;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_false (ms_campaign_import_commit (preview, fixture->store, NULL, &error));
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_cmpuint (ms_campaign_repository_count (campaigns, NULL), ==, 0);
  g_assert_cmpint (count_rows (fixture->store, "campaign_batch"), ==, 0);
  g_assert_cmpint (count_rows (fixture->store, "outbox"), ==, 0);
  g_assert_cmpuint (count_batch_files (fixture), ==, 0);
  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER temp.no_room", NULL, NULL, NULL), ==,
                   SQLITE_OK);

  /* The file cannot be written (a file where the folder should be): a
   * translated error, and nothing in the database. */
  g_assert_cmpint (g_rmdir (in_the_way), ==, 0);
  g_assert_true (g_file_set_contents (in_the_way, "", 0, NULL));
  g_assert_false (ms_campaign_import_commit (preview, fixture->store, NULL, &error));
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, in_the_way));
  g_assert_cmpint (count_rows (fixture->store, "campaign_batch"), ==, 0);
  g_assert_cmpint (count_rows (fixture->store, "outbox"), ==, 0);
  g_unlink (in_the_way);
}

/* Readers see one set: a row the server sent (campaign_result) and the same
 * campaign in this device's import count once, the server's copy winning;
 * a damaged rows file is a translated error, not a crash. */
static void
test_batches_and_pulled_rows (StoreFixture  *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = bytes_in (campaigns_csv, "utf-8");
  g_autoptr(MsCampaignImport) preview = ms_campaign_import_prepare (bytes, &error);
  g_autoptr(MsCampaignRepository) campaigns = ms_campaign_repository_new (fixture->store);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  const MsCampaignRow *row = ms_campaign_import_get_row (preview, 1);
  sqlite3_stmt *stmt = NULL;
  g_autofree char *batch_id = NULL;
  g_autofree char *path = NULL;
  guint added = 0;

  g_assert_no_error (error);
  g_assert_true (ms_campaign_import_commit (preview, fixture->store, &added, &error));
  g_assert_cmpuint (added, ==, 4);

  g_assert_cmpint (sqlite3_prepare_v2 (_ms_store_get_db (fixture->store),
    "INSERT INTO campaign_result (id, tenant, created_at, updated_at, natural_key, sent_on,"
    " channel, subject, open_rate) VALUES ('from-server', ?1, 1, 1, ?2, ?3, 'line', ?4, 0.5)",
    -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, ms_store_get_tenant (fixture->store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, row->natural_key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, row->sent_on, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, row->subject, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  g_assert_cmpuint (ms_campaign_repository_count (campaigns, &error), ==, 4);
  g_assert_true (ms_campaign_repository_foreach (campaigns, 0, collect_id, ids, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 4);
  g_assert_true (g_ptr_array_find_with_equal_func (ids, "from-server", g_str_equal, NULL));

  /* A damaged file */
  g_assert_cmpint (sqlite3_prepare_v2 (_ms_store_get_db (fixture->store),
                                       "SELECT id FROM campaign_batch", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  batch_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  {
    g_autofree char *name = g_strconcat (batch_id, ".rows", NULL);

    path = g_build_filename (fixture->dir, "campaigns", name, NULL);
  }
  g_assert_true (g_file_set_contents (path, "MSCAMPB1\x04\0\0\0\0\0\0\0", 16, NULL));
  g_assert_false (ms_campaign_repository_foreach (campaigns, 0, collect_id, ids, &error));
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_CORRUPT);
}

static void
collect_subject (const char          *id,
                 const MsCampaignRow *row,
                 gpointer             user_data)
{
  g_assert_true (g_uuid_string_is_valid (id) || g_str_equal (id, "pulled"));
  g_ptr_array_add (user_data, g_strdup (row->subject));
}

static MsCampaignRow
dated_row (const char *sent_on,
           MsChannel   channel,
           const char *subject)
{
  MsCampaignRow row = { 0 };

  row.sent_on = (char *) sent_on;
  row.channel = channel;
  row.subject = (char *) subject;
  row.body = (char *) "";
  row.recipients = 1000;
  row.open_rate = 0.3;
  row.ctr = NAN;
  row.cv_count = -1;
  ms_campaign_row_compute_key (&row);
  return row;
}

static char *
subjects_in_order (MsCampaignRepository *campaigns,
                   guint                 newest_per_channel)
{
  g_autoptr(GPtrArray) subjects = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  g_assert_true (ms_campaign_repository_foreach (campaigns, newest_per_channel, collect_subject,
                                                 subjects, &error));
  g_assert_no_error (error);
  g_ptr_array_add (subjects, NULL);
  return g_strjoinv (" ", (char **) subjects->pdata);
}

/* Readers get every row once, imports and pulled rows together, by date
 * (unknown first), then by when it was stored, then by id; and the newest N
 * of each channel when asked. */
static void
test_foreach_order (StoreFixture  *fixture,
                    gconstpointer  data)
{
  g_autoptr(MsCampaignRepository) campaigns = ms_campaign_repository_new (fixture->store);
  g_autoptr(GError) error = NULL;
  g_autofree char *all = NULL;
  g_autofree char *newest = NULL;
  MsCampaignRow first[] = {
    dated_row ("2024-03-01", MS_CHANNEL_EMAIL, "B1-march"),
    dated_row (NULL, MS_CHANNEL_EMAIL, "B1-undated"),
    dated_row ("2024-01-01", MS_CHANNEL_LINE, "B1-january"),
  };
  MsCampaignRow second[] = {
    dated_row ("2024-02-01", MS_CHANNEL_EMAIL, "B2-february"),
    dated_row ("2024-03-01", MS_CHANNEL_EMAIL, "B2-march"),
  };
  sqlite3_stmt *stmt = NULL;

  ms_store_set_now_for_testing (fixture->store, TEST_NOW);
  g_assert_true (ms_campaign_repository_insert (campaigns, first, G_N_ELEMENTS (first), NULL,
                                                &error));
  ms_store_set_now_for_testing (fixture->store, TEST_NOW + G_TIME_SPAN_HOUR);
  g_assert_true (ms_campaign_repository_insert (campaigns, second, G_N_ELEMENTS (second), NULL,
                                                &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (_ms_store_get_db (fixture->store),
    "INSERT INTO campaign_result (id, tenant, created_at, updated_at, natural_key, sent_on,"
    " channel, subject, open_rate) VALUES ('pulled', ?1, 5, 5,"
    " '0000000000000000000000000000000000000000000000000000000000000000', '2024-02-15', 'line',"
    " 'pulled-line', 0.5)", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, ms_store_get_tenant (fixture->store), -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  all = subjects_in_order (campaigns, 0);
  g_assert_cmpstr (all, ==, "B1-undated B1-january B2-february pulled-line B1-march B2-march");
  newest = subjects_in_order (campaigns, 1);
  g_assert_cmpstr (newest, ==, "pulled-line B2-march");
  g_assert_cmpuint (ms_campaign_repository_count (campaigns, NULL), ==, 6);
}

static void
set_age (const char *path,
         gint64      seconds)
{
  struct utimbuf times;

  times.actime = times.modtime = (time_t) (g_get_real_time () / G_USEC_PER_SEC - seconds);
  g_assert_cmpint (utime (path, &times), ==, 0);
}

/* A crash between writing an import's file and committing its row leaves a
 * file no row names: the next open deletes it once it is an hour old (a
 * younger one may be another process's import in progress). */
static void
test_sweeps_orphan_files (StoreFixture  *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = bytes_in (campaigns_csv, "utf-8");
  g_autoptr(MsCampaignImport) preview = ms_campaign_import_prepare (bytes, &error);
  g_autoptr(MsCampaignRepository) campaigns = NULL;
  g_autofree char *dir = g_build_filename (fixture->dir, "campaigns", NULL);
  g_autofree char *old_orphan = g_build_filename (dir, "0d1e0000-0000-4000-8000-000000000000.rows",
                                                  NULL);
  g_autofree char *young_orphan = g_build_filename (dir, "0d1e0000-0000-4000-8000-000000000001.rows",
                                                    NULL);
  g_autoptr(GDir) listing = NULL;
  const char *name;

  g_assert_true (ms_campaign_import_commit (preview, fixture->store, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (old_orphan, "MSCAMPB1", -1, NULL));
  g_assert_true (g_file_set_contents (young_orphan, "MSCAMPB1", -1, NULL));
  set_age (old_orphan, 2 * 3600);
  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (!g_str_equal (path, young_orphan))
        set_age (path, 2 * 3600);  /* the committed import is old too */
    }

  g_clear_object (&fixture->store);
  fixture->store = ms_store_open (fixture->dir, &error);
  g_assert_no_error (error);

  g_assert_false (g_file_test (old_orphan, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (young_orphan, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_batch_files (fixture), ==, 2);
  campaigns = ms_campaign_repository_new (fixture->store);
  g_assert_cmpuint (ms_campaign_repository_count (campaigns, &error), ==, 4);
  g_assert_no_error (error);
}

/* The natural key is the SHA-256 the server knows (whatever library makes
 * it), ids are time-ordered UUIDs in the order of the rows, and the outbox
 * JSON reads back exactly (escapes, rates, large counts). */
static void
test_keys_ids_and_outbox_json (StoreFixture  *fixture,
                               gconstpointer  data)
{
  static const char csv[] =
    "date,channel,subject,body,recipients,open_rate,ctr,cv_count\n"
    "2024-06-01,email,Hello,\"line 1\nline 2\ttab \\ back\",1000,0.005%,12.3456%,3\n"
    ",line,件名,本文,,,,\n"
    "2024-06-02,email,Third,x,12345678901,0.123456789,100%,0\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static (csv, sizeof csv - 1);
  g_autoptr(MsCampaignImport) preview = ms_campaign_import_prepare (bytes, &error);
  g_autoptr(JsonObject) args = NULL;
  g_autofree char *previous = NULL;
  JsonArray *rows;
  JsonObject *first;
  guint added = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (ms_campaign_import_get_n_rows (preview), ==, 3);
  g_assert_cmpstr (ms_campaign_import_get_row (preview, 0)->natural_key, ==,
                   "50eb0e4c6a676e037ea960a7ac3c2562fe4a7622c2ff5e73c6a769a0ffbea816");
  g_assert_cmpstr (ms_campaign_import_get_row (preview, 1)->natural_key, ==,
                   "ea1f13deada5a08ab14d3ecc78825830b9ca80693e2c992f5f001fcc8b950acb");

  g_assert_true (ms_campaign_import_commit (preview, fixture->store, &added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 3);

  args = dup_sent_args (fixture->store, 0);
  rows = json_object_get_array_member (args, "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 3);

  /* ids: valid UUIDs, version 7, variant 10, increasing in row order */
  for (guint i = 0; i < 3; i++)
    {
      const char *id = json_object_get_string_member (json_array_get_object_element (rows, i),
                                                      "id");

      g_assert_true (g_uuid_string_is_valid (id));
      g_assert_cmpint (id[14], ==, '7');
      g_assert_nonnull (strchr ("89ab", id[19]));
      if (previous != NULL)
        g_assert_cmpstr (previous, <, id);
      g_free (previous);
      previous = g_strdup (id);
    }

  first = json_array_get_object_element (rows, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "body"), ==,
                   "line 1\nline 2\ttab \\ back");
  g_assert_cmpfloat (json_object_get_double_member (first, "open_rate"), ==, 0.00005);
  g_assert_cmpfloat (json_object_get_double_member (first, "ctr"), ==, 0.123456);
  g_assert_cmpint (json_object_get_int_member (first, "recipients"), ==, 1000);
  g_assert_cmpint (json_object_get_int_member (first, "cv_count"), ==, 3);
  g_assert_true (json_object_get_null_member (json_array_get_object_element (rows, 1),
                                              "sent_on"));
  g_assert_true (json_object_get_null_member (json_array_get_object_element (rows, 1),
                                              "open_rate"));
  first = json_array_get_object_element (rows, 2);
  g_assert_cmpint (json_object_get_int_member (first, "recipients"), ==, 12345678901);
  g_assert_cmpfloat (json_object_get_double_member (first, "open_rate"), ==, 0.123456789);
  g_assert_cmpfloat (json_object_get_double_member (first, "ctr"), ==, 1.0);
}

static void
test_export_round_trip (StoreFixture  *fixture,
                        gconstpointer  data)
{
  static const struct { const char *subject; const char *body; MsActuals actuals; } rows[] = {
    { "【限定】春のセール", "本文, カンマ \"引用\"\n改行", { 12345, 0.234, 0.025, 30 } },
    { "週末のおすすめ①", "", { 5000, 0.2155, 0.018, 0 } },
    { "絵文字🎉入り", "本文", { 100, 0.5, 0.1, 1 } },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(MsHistoryRepository) history = ms_history_repository_new (fixture->store);
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GBytes) sjis = NULL;
  g_autoptr(MsCampaignImport) preview = NULL;
  g_autoptr(MsCampaignImport) sjis_preview = NULL;
  const char *data_bytes;
  guint n_rows = 0;

  use_plan (fixture->store, "pro");
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(MsMessage) message = make_email (rows[i].subject, rows[i].body);
      g_autofree char *id = NULL;

      ms_store_set_now_for_testing (fixture->store, TEST_NOW + i * G_TIME_SPAN_HOUR);
      id = save_scoring (fixture->store, message, &error);
      g_assert_no_error (error);
      g_assert_true (ms_history_repository_set_actuals (history, id, &rows[i].actuals, &error));
    }

  csv = ms_history_csv_export (fixture->store, NULL, NULL, MS_ENCODING_UTF8_BOM, &n_rows, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_rows, ==, 3);
  data_bytes = g_bytes_get_data (csv, NULL);
  g_assert_true (memcmp (data_bytes, "\xEF\xBB\xBF" "date,channel,subject,", 24) == 0);

  preview = ms_campaign_import_prepare (csv, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ms_campaign_import_get_encoding (preview), ==, MS_ENCODING_UTF8_BOM);
  g_assert_cmpuint (ms_campaign_import_get_n_rejected (preview), ==, 0);
  g_assert_cmpuint (ms_campaign_import_get_n_rows (preview), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      /* newest first */
      const MsCampaignRow *row = ms_campaign_import_get_row (preview, 2 - i);

      g_assert_cmpstr (row->subject, ==, rows[i].subject);
      g_assert_cmpstr (row->body, ==, rows[i].body);
      g_assert_cmpint (row->channel, ==, MS_CHANNEL_EMAIL);
      g_assert_cmpstr (row->sent_on, ==, "2026-11-21");
      g_assert_cmpint (row->recipients, ==, (gint64) rows[i].actuals.recipients);
      g_assert_cmpfloat_with_epsilon (row->open_rate, rows[i].actuals.open_rate, 1e-12);
      g_assert_cmpfloat_with_epsilon (row->ctr, rows[i].actuals.ctr, 1e-12);
      g_assert_cmpint (row->cv_count, ==, (gint64) rows[i].actuals.conversions);
    }

  /* Shift_JIS: what has a CP932 form survives; the emoji becomes "?". */
  {
    const char *columns[] = { "channel", "subject", "open_rate", NULL };

    sjis = ms_history_csv_export (fixture->store, NULL, columns, MS_ENCODING_SHIFT_JIS, NULL,
                                  &error);
    g_assert_no_error (error);
    sjis_preview = ms_campaign_import_prepare (sjis, &error);
    g_assert_no_error (error);
    g_assert_cmpint (ms_campaign_import_get_encoding (sjis_preview), ==, MS_ENCODING_SHIFT_JIS);
    g_assert_cmpstr (ms_campaign_import_get_row (sjis_preview, 1)->subject, ==, "週末のおすすめ①");
    g_assert_cmpstr (ms_campaign_import_get_row (sjis_preview, 0)->subject, ==, "絵文字?入り");
  }

  /* Unknown columns are refused by name. */
  {
    const char *columns[] = { "subject", "mood", NULL };
    g_autoptr(GBytes) none = ms_history_csv_export (fixture->store, NULL, columns,
                                                    MS_ENCODING_UTF8, NULL, &error);

    g_assert_error (error, MS_IO_ERROR, MS_IO_ERROR_COLUMNS);
    g_assert_null (none);
  }
}

/* A subject a spreadsheet would run as a formula is exported with a ' in
 * front, in UTF-8 and Shift_JIS, and imported back as it was. */
static void
test_export_neutralizes_formulas (StoreFixture  *fixture,
                                  gconstpointer  data)
{
  static const char * const subjects[] = {
    "=HYPERLINK(\"http://example.com\",\"特典\")", "@SUM(1+1)", "+81 限定", "-50% 本日限り",
  };
  static const MsEncoding encodings[] = { MS_ENCODING_UTF8_BOM, MS_ENCODING_SHIFT_JIS };
  g_autoptr(GError) error = NULL;

  use_plan (fixture->store, "pro");
  for (guint i = 0; i < G_N_ELEMENTS (subjects); i++)
    {
      g_autoptr(MsMessage) message = make_email (subjects[i], "本文");
      g_autofree char *id = NULL;

      ms_store_set_now_for_testing (fixture->store, TEST_NOW + i * G_TIME_SPAN_HOUR);
      id = save_scoring (fixture->store, message, &error);
      g_assert_no_error (error);
    }

  for (guint e = 0; e < G_N_ELEMENTS (encodings); e++)
    {
      const char *columns[] = { "channel", "subject", NULL };
      g_autoptr(GBytes) csv = ms_history_csv_export (fixture->store, NULL, columns,
                                                     encodings[e], NULL, &error);
      g_autofree char *text = NULL;
      g_autoptr(MsCampaignImport) preview = NULL;

      g_assert_no_error (error);
      text = ms_encoding_to_utf8 (g_bytes_get_data (csv, NULL), g_bytes_get_size (csv), NULL,
                                  NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (strstr (text, "\"'=HYPERLINK("));
      g_assert_nonnull (strstr (text, ",'@SUM(1+1)"));
      g_assert_nonnull (strstr (text, ",'+81 限定"));
      g_assert_nonnull (strstr (text, ",'-50% 本日限り"));

      preview = ms_campaign_import_prepare (csv, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (ms_campaign_import_get_n_rows (preview), ==, G_N_ELEMENTS (subjects));
      for (guint i = 0; i < G_N_ELEMENTS (subjects); i++)
        /* newest first */
        g_assert_cmpstr (ms_campaign_import_get_row (preview, G_N_ELEMENTS (subjects) - 1 - i)->subject,
                         ==, subjects[i]);
    }
}

static void
test_export_skips_locked (StoreFixture  *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) csv = NULL;
  guint n_rows = 0;

  for (guint day = 0; day < 5; day++)
    {
      g_autoptr(MsMessage) message = make_email ("件名", "本文");
      g_autofree char *id = NULL;

      ms_store_set_now_for_testing (fixture->store, TEST_NOW + day * G_TIME_SPAN_DAY);
      id = save_scoring (fixture->store, message, &error);
      g_assert_no_error (error);
    }
  csv = ms_history_csv_export (fixture->store, NULL, NULL, MS_ENCODING_UTF8, &n_rows, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_rows, ==, 3);
}

static void
test_csv_reader (void)
{
  static const char text[] = "a,\"b,1\",\"c\"\"d\"\r\n\n\"multi\nline\",,x\rlast,\"q\"tail";
  g_autoptr(MsCsvReader) reader = ms_csv_reader_new (text, strlen (text));
  g_autoptr(GError) error = NULL;

  g_assert_true (ms_csv_reader_next (reader, &error));
  g_assert_cmpuint (ms_csv_reader_get_line (reader), ==, 1);
  g_assert_cmpuint (ms_csv_reader_get_n_fields (reader), ==, 3);
  g_assert_cmpstr (ms_csv_reader_get_field (reader, 1), ==, "b,1");
  g_assert_cmpstr (ms_csv_reader_get_field (reader, 2), ==, "c\"d");
  g_assert_true (ms_csv_reader_next (reader, &error));
  g_assert_cmpuint (ms_csv_reader_get_line (reader), ==, 3);
  g_assert_cmpstr (ms_csv_reader_get_field (reader, 0), ==, "multi\nline");
  g_assert_cmpstr (ms_csv_reader_get_field (reader, 1), ==, "");
  g_assert_cmpstr (ms_csv_reader_get_field (reader, 2), ==, "x");
  g_assert_true (ms_csv_reader_next (reader, &error));
  g_assert_cmpuint (ms_csv_reader_get_line (reader), ==, 5);
  g_assert_cmpstr (ms_csv_reader_get_field (reader, 1), ==, "qtail");
  g_assert_false (ms_csv_reader_next (reader, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ms/import/csv-reader", test_csv_reader);
  g_test_add_func ("/ms/import/encodings", test_prepare_encodings);
  g_test_add_func ("/ms/import/rates", test_rates);
  g_test_add_func ("/ms/import/header-errors", test_header_errors);
  g_test_add_func ("/ms/import/english-headers", test_english_headers_any_order);
  g_test_add ("/ms/import/needs-campaign-import", StoreFixture, NULL,
              store_fixture_set_up, test_needs_campaign_import, store_fixture_tear_down);
  g_test_add ("/ms/import/commit-reimport-cancel", StoreFixture, NULL,
              team_pro_set_up, test_commit_reimport_cancel, store_fixture_tear_down);
  g_test_add ("/ms/import/keys-ids-and-outbox-json", StoreFixture, NULL,
              team_pro_set_up, test_keys_ids_and_outbox_json, store_fixture_tear_down);
  g_test_add ("/ms/import/commit-is-atomic", StoreFixture, NULL,
              team_pro_set_up, test_commit_is_atomic, store_fixture_tear_down);
  g_test_add ("/ms/import/foreach-order", StoreFixture, NULL,
              team_pro_set_up, test_foreach_order, store_fixture_tear_down);
  g_test_add ("/ms/import/sweeps-orphan-files", StoreFixture, NULL,
              team_pro_set_up, test_sweeps_orphan_files, store_fixture_tear_down);
  g_test_add ("/ms/import/batches-and-pulled-rows", StoreFixture, NULL,
              team_pro_set_up, test_batches_and_pulled_rows, store_fixture_tear_down);
  g_test_add ("/ms/export/round-trip", StoreFixture, NULL,
              store_fixture_set_up, test_export_round_trip, store_fixture_tear_down);
  g_test_add ("/ms/export/neutralizes-formulas", StoreFixture, NULL,
              store_fixture_set_up, test_export_neutralizes_formulas, store_fixture_tear_down);
  g_test_add ("/ms/export/skips-locked", StoreFixture, NULL,
              store_fixture_set_up, test_export_skips_locked, store_fixture_tear_down);

  return g_test_run ();
}
