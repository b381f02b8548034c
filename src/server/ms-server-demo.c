/* ms-server-demo.c — demo accounts with realistic history
 *
 * seed-demo creates a Pro account (demo@msgscore.example) whose history
 * was made the way a real one is: messages of a Japanese apparel shop are
 * scored by the engine in a client profile, over the last 90 days, with
 * results entered for the older ones and a year of campaign results
 * imported (campaign import and everything else of Team Pro come with the
 * owner's Team Pro team, the plan in force), and the team gets its brand rules
 * (ms-server-demo-team.c); then the profile's outbox goes through the
 * server's own push, exactly as a client's sync would send it. Running it
 * again changes nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "io/ms-campaign-import.h"
#include "ms-core.h"
#include "ms-server-auth.h"
#include "ms-server-demo.h"
#include "ms-server-demo-team.h"
#include "ms-server-sync.h"
#include "store/ms-store-all.h"
/* The client's side of a push, used in-process instead of over HTTP. */
#include "sync/ms-sync-local.h"

#define N_SCORINGS 36
#define DAY        G_TIME_SPAN_DAY

typedef struct
{
  MsChannel   channel;
  const char *subject;
  const char *preheader;
  const char *body;
} DemoMessage;

#define FOOTER "\n\n配信元：株式会社ノースリーフ（Northleaf オンラインストア）\n" \
               "〒150-0001 東京都渋谷区神宮前3-15-8\n" \
               "お問い合わせ：support@northleaf.example.jp\n" \
               "配信停止：https://example.jp/northleaf/unsubscribe"

static const DemoMessage messages[] = {
  { MS_CHANNEL_EMAIL, "【3日間限定】冬のコート全品20%オフ", "人気のウールコートも対象。12月3日まで",
    "{name}様\n\nいつもNorthleafをご利用いただきありがとうございます。\n冬のコート全品が12月3日までの3日間20%オフです。\n\n▼コートを見て注文する\nhttps://example.jp/northleaf/coat" FOOTER },
  { MS_CHANNEL_EMAIL, "{name}様へ、秋の新作ニット12型が入荷しました", "肌ざわりで選ぶ、今季の定番",
    "{name}様\n\n秋の新作ニット12型が入荷しました。サイズ表を見てお選びください。\n\n▼新作ニットを見る\nhttps://example.jp/northleaf/knit" FOOTER },
  { MS_CHANNEL_EMAIL, "業界No.1の品質！絶対に後悔させないダウン", "今だけの特別価格",
    "いつもありがとうございます。\n業界No.1の品質のダウンが、絶対にお得です。\n詳しくはこちら\nhttps://example.jp/northleaf/down" FOOTER },
  { MS_CHANNEL_EMAIL, "送料無料は12月20日まで｜ギフト特集", "大切な人へ、手袋とマフラー",
    "{name}様\n\nギフト特集を公開しました。12月20日まで送料無料です。\n\n▼ギフトを選ぶ\nhttps://example.jp/northleaf/gift" FOOTER },
  { MS_CHANNEL_EMAIL, "お知らせ", "",
    "いつもありがとうございます。\nサイトを更新しました。" FOOTER },
  { MS_CHANNEL_EMAIL, "会員様限定：ポイント2倍キャンペーン、本日スタート", "11月30日23:59まで",
    "{name}様\n\n会員様限定でポイント2倍キャンペーンを始めました。\n\n▼マイページでポイントを見る\nhttps://example.jp/northleaf/mypage" FOOTER },
  { MS_CHANNEL_LINE, NULL, NULL,
    "Northleafです🧥\n冬のコート全品20%オフは12月3日まで！\n人気のウールコートも対象です。\n\n▼コートを見る\nhttps://example.jp/northleaf/coat" },
  { MS_CHANNEL_LINE, NULL, NULL,
    "Northleafです。\n新作ニット12型が入荷しました。\n肌ざわりで選べるサイズ表つきです。\n\n▼新作を見る\nhttps://example.jp/northleaf/knit" },
  { MS_CHANNEL_LINE, NULL, NULL,
    "【限定】【本日】【急げ】今すぐクリック！！！激安セール開催中🎉🎉🎉\nhttps://bit.ly/xxxx" },
};

static const char * const campaign_subjects[] = {
  "【限定】冬物最大50%オフ", "新作入荷のお知らせ", "週末限定セール開催中", "ギフト特集を公開しました",
  "【会員限定】ポイント2倍", "お手入れガイド：ウールコート編", "送料無料キャンペーン", "春の新作プレビュー",
};

static MsMessage *
make_message (const DemoMessage *demo,
              const MsSegment   *segment)
{
  if (demo->channel == MS_CHANNEL_EMAIL)
    return ms_message_new_email (demo->subject, demo->preheader, demo->body, segment);
  else
    {
      const char *bubbles[] = { demo->body, NULL };

      return ms_message_new_line (NULL, bubbles, segment);
    }
}

/* Results that follow the score and the channel, with a little noise. */
static void
make_actuals (GRand          *rand,
              MsChannel       channel,
              guint           total,
              MsActuals      *actuals)
{
  double base = channel == MS_CHANNEL_LINE ? 0.55 : 0.18;

  actuals->recipients = channel == MS_CHANNEL_LINE ? 18000 : 48000;
  actuals->open_rate = CLAMP (base + ((double) total - 60) * 0.0025 + g_rand_double_range (rand, -0.03, 0.03),
                              0.02, 0.95);
  actuals->ctr = CLAMP (actuals->open_rate * (0.10 + g_rand_double_range (rand, -0.03, 0.03)),
                        0.001, 0.5);
  actuals->conversions = (guint64) (actuals->recipients * actuals->ctr * 0.04);
}

static GBytes *
make_campaigns_csv (GRand *rand,
                    gint64 now)
{
  GString *csv = g_string_new ("配信日,チャネル,件名,配信数,開封率,クリック率,CV数\n");

  for (guint i = 0; i < 48; i++)
    {
      g_autoptr(GDateTime) day = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC -
                                                                (gint64) (365 - i * 7) * 86400);
      g_autofree char *date = g_date_time_format (day, "%Y-%m-%d");
      const char *subject = campaign_subjects[i % G_N_ELEMENTS (campaign_subjects)];
      gboolean limited = strstr (subject, "限定") != NULL;
      double open = (limited ? 0.27 : 0.20) + g_rand_double_range (rand, -0.03, 0.03);

      g_string_append_printf (csv, "%s,email,%s,%d,%.1f%%,%.1f%%,%d\n", date, subject, 48000,
                              open * 100, open * 10 + g_rand_double_range (rand, -0.3, 0.3),
                              g_rand_int_range (rand, 80, 240));
    }

  return g_string_free_to_bytes (csv);
}

static gboolean
fill_profile (MsStore  *store,
              GError  **error)
{
  g_autoptr(MsHistoryRepository) history = ms_history_repository_new (store);
  g_autoptr(MsSegment) segment = ms_segment_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261121);
  g_autoptr(MsCampaignImport) import = NULL;
  g_autoptr(GBytes) campaigns = NULL;
  gint64 now = g_get_real_time ();
  guint n_added = 0;

  ms_segment_set_industry (segment, "fashion");
  segment->audience = MS_AUDIENCE_EXISTING;
  segment->goal = MS_GOAL_PURCHASE;
  segment->list_size = 48000;

  for (guint i = 0; i < N_SCORINGS; i++)
    {
      const DemoMessage *demo = &messages[i % G_N_ELEMENTS (messages)];
      g_autoptr(MsMessage) message = make_message (demo, segment);
      g_autoptr(MsScoreResult) result = NULL;
      g_autofree char *id = NULL;
      gint64 when = now - (gint64) (N_SCORINGS - i) * 2 * DAY - g_rand_int_range (rand, 0, 8) * G_TIME_SPAN_HOUR;

      result = ms_scorer_score (ms_rule_set_get_default (), message, NULL, error);
      if (result == NULL)
        return FALSE;

      ms_store_set_now_for_testing (store, when);
      id = ms_history_repository_save (history, message, result, error);
      if (id == NULL)
        return FALSE;

      /* Results are entered for what was sent more than a week ago. */
      if (when < now - 7 * DAY)
        {
          MsActuals actuals;

          make_actuals (rand, demo->channel, ms_score_result_get_total (result), &actuals);
          if (!ms_history_repository_set_actuals (history, id, &actuals, error))
            return FALSE;
        }
    }
  ms_store_set_now_for_testing (store, 0);

  campaigns = make_campaigns_csv (rand, now);
  import = ms_campaign_import_prepare (campaigns, error);
  return import != NULL && ms_campaign_import_commit (import, store, &n_added, error);
}

static gboolean
push_profile (MsServerStorage    *storage,
              const MsServerUser *user,
              MsStore            *store,
              GError            **error)
{
  while (ms_store_get_outbox_length (store) > 0)
    {
      g_autoptr(JsonNode) request = NULL;
      g_autoptr(JsonObject) response = NULL;
      g_autoptr(GPtrArray) rejections = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_sync_rejection_free);
      gint64 expected_id = 0;
      guint n = 0;

      request = ms_sync_local_build_push (store, 200, NULL, &n, error);
      if (request == NULL)
        return FALSE;
      if (n == 0)
        break;

      response = ms_server_sync_push (storage, user, json_node_get_object (request),
                                      g_get_real_time (), &expected_id, error);
      if (response == NULL ||
          !ms_sync_local_apply_push (store, response, rejections, error))
        return FALSE;

      if (rejections->len > 0)
        {
          MsSyncRejection *rejection = g_ptr_array_index (rejections, 0);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "the demo data was refused: %s", rejection->message);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * ms_server_seed_demo:
 *
 * Creates the demo account and its history; does nothing if it exists.
 */
gboolean
ms_server_seed_demo (MsServerStorage  *storage,
                     GError          **error)
{
  MsServerAuthConfig config = MS_SERVER_AUTH_CONFIG_INIT;
  g_autoptr(MsServerUser) user = NULL;
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(MsStore) store = NULL;
  g_autoptr(MsEntitlements) plan = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *tenant = NULL;
  gboolean ok;

  if (!ms_server_storage_find_user (storage, NULL, MS_SERVER_DEMO_EMAIL, &user, error))
    return FALSE;
  if (user != NULL)
    return TRUE;

  json_object_set_string_member (request, "email", MS_SERVER_DEMO_EMAIL);
  json_object_set_string_member (request, "password", MS_SERVER_DEMO_PASSWORD);
  json_object_set_string_member (request, "name", "デモ 花子");
  created = ms_server_auth_signup (storage, &config, request, g_get_real_time (), error);
  if (created == NULL ||
      !ms_server_storage_set_plan (storage, MS_SERVER_DEMO_EMAIL, "pro", error) ||
      !ms_server_storage_find_user (storage, NULL, MS_SERVER_DEMO_EMAIL, &user, error))
    return FALSE;

  dir = g_dir_make_tmp ("msgscore-demo-XXXXXX", error);
  if (dir == NULL)
    return FALSE;

  store = ms_store_open (dir, error);
  /* As GET /v1/me will tell the demo's app: the plan of the owner's team. */
  plan = ms_entitlements_new_for_plan (MS_SERVER_DEMO_TEAM_PLAN, error);
  tenant = ms_server_auth_tenant_for_user (user->id);
  ok = store != NULL && plan != NULL;
  if (ok)
    {
      ms_store_set_tenant (store, tenant);
      ms_store_set_entitlements (store, plan);
      ok = fill_profile (store, error) &&
           ms_server_seed_demo_team (storage, user, store, error) &&
           push_profile (storage, user, store, error);
    }

  g_clear_object (&store);
  {
    g_autoptr(GFile) folder = g_file_new_for_path (dir);
    g_autoptr(GFileEnumerator) files = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                  G_FILE_QUERY_INFO_NONE, NULL, NULL);
    GFileInfo *info;

    while (files != NULL && (info = g_file_enumerator_next_file (files, NULL, NULL)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, g_file_info_get_name (info), NULL);

        g_unlink (path);
        g_object_unref (info);
      }
    g_rmdir (dir);
  }

  return ok;
}
