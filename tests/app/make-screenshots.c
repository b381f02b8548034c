/* make-screenshots.c — screenshots of the real app for the metainfo and README
 *
 * make-screenshots OUTPUT_DIR
 * Opens the app's window, fills in example messages and renders the window
 * into PNG files in OUTPUT_DIR. Run it through
 * build-aux/update-screenshots, which sets up the display and the language.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ms-app-server.h"
#include "ms-plan-page.h"
#include "ms-screenshot.h"
#include "ms-score-page.h"
#include "ms-team-stats-page.h"
#include "sync/ms-sync-local.h"
#include "store/ms-store-all.h"

typedef struct
{
  const char *file;
  MsChannel   channel;
  const char *subject;
  const char *preheader;
  const char *body;
  int         width;
  int         height;
  const char *scroll_to;   /* template child of the page to scroll the results to */
} Scene;

#define EMAIL_SUBJECT "【3日間限定】冬のコート全品20%オフ｜業界No.1の品質"
#define EMAIL_PREHEADER "人気のウールコートも対象。12月3日（日）23:59まで"
#define EMAIL_BODY \
  "{name}様\n\nいつもNorthleafをご利用いただきありがとうございます。\n" \
  "冬のコート全品が、12月3日（日）までの3日間20%オフになります。\n" \
  "絶対に後悔させない着心地です。\n\n" \
  "▼コートを見て注文する\nhttps://example.jp/northleaf/coat\n\n" \
  "配信元：株式会社ノースリーフ\n〒150-0001 東京都渋谷区神宮前3-15-8\n" \
  "お問い合わせ：support@northleaf.example.jp\n配信停止：https://example.jp/northleaf/unsubscribe"

#define CLEAN_BODY \
  "{name}様\n\nいつもNorthleafをご利用いただきありがとうございます。\n" \
  "冬のコート全品が、12月3日（日）までの3日間20%オフになります。\n\n" \
  "▼コートを見て注文する\nhttps://example.jp/northleaf/coat\n\n" \
  "配信元：株式会社ノースリーフ\n〒150-0001 東京都渋谷区神宮前3-15-8\n" \
  "お問い合わせ：support@northleaf.example.jp\n配信停止：https://example.jp/northleaf/unsubscribe"

static const Scene scenes[] = {
  { "score-ja.png", MS_CHANNEL_EMAIL, EMAIL_SUBJECT, EMAIL_PREHEADER, EMAIL_BODY, 1180, 820, NULL },
  { "findings-ja.png", MS_CHANNEL_EMAIL, EMAIL_SUBJECT, EMAIL_PREHEADER, EMAIL_BODY, 1180, 820, "findings_list" },
  {
    "line-ja.png", MS_CHANNEL_LINE, NULL, NULL,
    "すこやか大地です🌱\n冬の定期便、次回のお届けは11月28日です。\n"
    "お届け日の変更やお休みは、11月21日までにマイページから手続きできます。\n\n"
    "▼マイページを開く\nhttps://example.jp/sukoyaka/mypage",
    1180, 820, "preview_panel"
  },
  { "narrow-ja.png", MS_CHANNEL_EMAIL, EMAIL_SUBJECT, EMAIL_PREHEADER, EMAIL_BODY, 400, 780, NULL },
};


static void
fill (MsScorePage *page,
      const Scene *scene)
{
  MsDraft *draft = ms_score_page_get_draft (page);
  GtkTextView *body = ms_test_child (page, MS_TYPE_SCORE_PAGE, "body_view");

  ms_draft_set_channel (draft, scene->channel);
  if (scene->subject != NULL)
    gtk_editable_set_text (ms_test_child (page, MS_TYPE_SCORE_PAGE, "subject_row"), scene->subject);
  if (scene->preheader != NULL)
    gtk_editable_set_text (ms_test_child (page, MS_TYPE_SCORE_PAGE, "preheader_row"),
                           scene->preheader);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (body), scene->body, -1);
}

/* Scrolls the results pane so @name is at the top. */
static void
scroll_to (MsScorePage *page,
           const char  *name)
{
  GtkWidget *list = ms_test_child (page, MS_TYPE_SCORE_PAGE, name);
  GtkWidget *scroller = gtk_widget_get_ancestor (list, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  double x;
  double y;

  if (gtk_widget_translate_coordinates (list, content, 0, 0, &x, &y))
    gtk_adjustment_set_value (adjustment, y - 12);
}

/* Saves three scorings, enters the results of one, and shows History. */
static void
fill_history (MsWindow    *window,
              MsScorePage *page)
{
  MsStore *store = ms_context_get_store (ms_application_get_context (MS_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)))));
  g_autoptr(MsHistoryRepository) history = ms_history_repository_new (store);
  const char *subjects[] = {
    "【3日間限定】冬のコート全品20%オフ",
    "12月のおすすめギフト特集、送料無料は12月20日まで",
    "{name}様だけの会員限定セール、本日スタート",
  };

  for (guint i = 0; i < G_N_ELEMENTS (subjects); i++)
    {
      Scene scene = { NULL, MS_CHANNEL_EMAIL, subjects[i], EMAIL_PREHEADER,
                      i == 1 ? EMAIL_BODY : CLEAN_BODY, 0, 0, NULL };

      fill (page, &scene);
      ms_test_flush ();
      ms_test_save (page);
    }

  {
    g_autoptr(MsHistoryList) list = ms_history_list_new (store);
    g_autoptr(MsHistoryItem) item = g_list_model_get_item (G_LIST_MODEL (list), 2);
    MsActuals actuals = { 48000, 0.262, 0.031, 212 };

    ms_history_repository_set_actuals (history, ms_history_item_get_id (item), &actuals, NULL);
  }

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "history");
  ms_test_flush ();
}

/* The Team page of an owner with the rules a shop's team would set. */
static void
fill_team (MsWindow *window)
{
  MsStore *store = ms_context_get_store (ms_application_get_context (MS_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)))));
  const char *tenant = "team:7b1e2c4a-0d5f-4c1b-9a8e-3f6d2b1c0a99";
  g_autoptr(MsTeamRepository) teams = ms_team_repository_new (store);
  g_autoptr(MsTeam) team = ms_team_new (tenant, "Northleaf 販促チーム", "team_pro_s", "owner", 4,
                                        5);
  g_autoptr(MsTeamRulesRepository) rules = NULL;
  g_autoptr(MsSegment) segment = ms_segment_new ();
  g_autofree char *preset = NULL;

  ms_team_repository_put (teams, team, NULL);
  rules = ms_team_rules_repository_new (store, tenant);
  ms_team_rules_repository_set_field_from_string (rules, "brand_voice_text",
                                                  "お客様に寄り添う、落ち着いた丁寧な言葉で。", NULL);
  ms_team_rules_repository_set_field_from_string (rules, "require_unsubscribe", "true", NULL);
  ms_team_rules_repository_set_field_from_string (rules, "brand_name", "Northleaf", NULL);
  ms_team_rules_repository_set_field_from_string (rules, "subject_max_cells", "50", NULL);
  ms_team_rules_repository_set_field_from_string (rules, "min_score", "70", NULL);
  ms_team_rules_repository_add_ng_word (rules, "激安", NULL);
  ms_team_rules_repository_add_ng_word (rules, "在庫処分", NULL);
  segment->audience = MS_AUDIENCE_EXISTING;
  preset = ms_team_rules_repository_put_preset (rules, NULL, "既存会員・30代・購入", segment, NULL);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "team");
  ms_test_flush ();
}

static void
on_result_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  ms_test_wait_until (*slot != NULL);
  return *slot;
}

/* The Plan page of an owner whose second team (the trial went to the
 * first) pays monthly, with an upgrade to Team L priced; and that team's
 * invoice for its upgrade to Team M, downloaded from the server, as
 * OUTPUT_DIR/invoice-ja.png (the PDF's first page, by pdftoppm). */
static gboolean
fill_plan (MsApplication *app,
           MsAppServer   *server,
           MsWindow      *window,
           const char    *dir)
{
  MsSyncClient *client = ms_context_get_sync_client (ms_application_get_context (app));
  g_autoptr(MsTeamRepository) teams = ms_team_repository_new (ms_test_get_store (app));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsTeam) trial = NULL;
  g_autoptr(MsTeam) team = NULL;
  g_autoptr(JsonObject) invoices = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *pdf_path = g_build_filename (dir, "invoice.pdf", NULL);
  g_autofree char *png_root = g_build_filename (dir, "invoice-ja", NULL);
  g_autofree char *png_made = g_build_filename (dir, "invoice-ja-1.png", NULL);
  g_autofree char *png = g_build_filename (dir, "invoice-ja.png", NULL);
  const char *pdftoppm[] = { "pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", pdf_path,
                             png_root, NULL };
  MsPlanPage *page;
  int status;

  /* The issuer as a real server would have it: name, registration number
   * and address (made up, as the demo server's; the number's check digit
   * is valid and it belongs to no one). */
  {
    const char *issuer[] = { g_getenv ("MSGSCORE_SERVER"), "set-issuer", "--db", server->db,
                             "--name", "MsgScore デモ運営株式会社（架空）",
                             "--registration-number", "T7123456789012",
                             "--address", "東京都千代田区丸の内1-1-1（架空）", NULL };

    if (!g_spawn_sync (NULL, (char **) issuer, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                       NULL, NULL, &status, &error) ||
        !g_spawn_check_wait_status (status, &error))
      goto failed;
  }
  ms_sync_client_sign_up_async (client, "owner@northleaf.example", "msgscore-demo-owner",
                                "佐藤 花子", NULL, on_result_cb, &result);
  if (!ms_sync_client_sign_up_finish (client, wait_result (&result), &error))
    goto failed;
  g_clear_object (&result);
  ms_sync_client_create_team_async (client, "Northleaf 販促チーム", "team_pro_s", NULL,
                                    on_result_cb, &result);
  trial = ms_sync_client_create_team_finish (client, wait_result (&result), &error);
  if (trial == NULL)
    goto failed;
  g_clear_object (&result);
  ms_sync_client_create_team_async (client, "Northleaf EC事業部", "team_s", NULL,
                                    on_result_cb, &result);
  team = ms_sync_client_create_team_finish (client, wait_result (&result), &error);
  if (team == NULL ||
      !ms_team_repository_set_active_id (teams, ms_team_get_id (team), &error))
    goto failed;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "plan");
  page = MS_PLAN_PAGE (ms_window_get_page (window, "plan"));
  ms_plan_page_refresh (page);
  ms_test_wait_until (ms_plan_page_get_description (page) != NULL);
  /* The owner names the company the invoices go to, then upgrades to
   * Team M: the upgrade's invoice is the one shown. */
  {
    GtkEditable *company = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (page),
                                                                        MS_TYPE_PLAN_PAGE,
                                                                        "company_row"));
    GtkWidget *change = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page),
                                                                   MS_TYPE_PLAN_PAGE,
                                                                   "change_button"));

    gtk_editable_set_text (company, "株式会社ノースリーフ");
    g_signal_emit_by_name (company, "apply");
    ms_test_wait_until (g_strcmp0 (json_object_get_string_member_with_default (
                                     ms_plan_page_get_description (page), "company_name", NULL),
                                   "株式会社ノースリーフ") == 0);
    ms_plan_page_choose (page, "team_m", MS_BILLING_MONTHLY);
    g_signal_emit_by_name (change, "clicked");
    ms_test_wait_until (ms_plan_page_get_charged (page) >= 0);
    ms_test_wait_until (g_strcmp0 (json_object_get_string_member_with_default (
                                     ms_plan_page_get_description (page), "plan_in_force", NULL),
                                   "team_m") == 0);
  }
  ms_test_flush ();

  g_clear_object (&result);
  ms_sync_client_list_invoices_async (client, ms_team_get_id (team), NULL, on_result_cb, &result);
  invoices = ms_sync_client_list_invoices_finish (client, wait_result (&result), &error);
  if (invoices == NULL)
    goto failed;
  g_clear_object (&result);
  ms_sync_client_download_invoice_async (client, ms_team_get_id (team),
                                         json_object_get_string_member (
                                           json_array_get_object_element (
                                             json_object_get_array_member (invoices, "invoices"),
                                             0), "number"),
                                         NULL, on_result_cb, &result);
  pdf = ms_sync_client_download_invoice_finish (client, wait_result (&result), &error);
  if (pdf == NULL ||
      !g_file_set_contents (pdf_path, g_bytes_get_data (pdf, NULL),
                            (gssize) g_bytes_get_size (pdf), &error) ||
      !g_spawn_sync (NULL, (char **) pdftoppm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                     &status, &error) ||
      !g_spawn_check_wait_status (status, &error) ||
      g_rename (png_made, png) != 0)
    goto failed;
  g_unlink (pdf_path);
  g_printerr ("make-screenshots: wrote %s\n", png);
  return TRUE;

failed:
  g_printerr ("make-screenshots: the plan and invoice: %s\n",
              error != NULL ? error->message : "failed");
  return FALSE;
}

/* The Requests section of the team's owner: what the members shared and
 * the fix requests about it, as a pull from the server would leave them. */
static void
fill_requests (MsWindow *window)
{
  MsStore *store = ms_context_get_store (ms_application_get_context (MS_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)))));
  const char *tenant = "team:7b1e2c4a-0d5f-4c1b-9a8e-3f6d2b1c0a99";
  gint64 now = g_get_real_time ();
  gint64 hour = (gint64) G_USEC_PER_SEC * 3600;
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) page = NULL;

  json = g_strdup_printf (
    "{\"ops\":["
    "{\"op\":\"put\",\"entity\":\"team_member\",\"id\":\"u1\",\"version\":1,\"row\":"
    "{\"id\":\"u1\",\"created_at\":1,\"updated_at\":1,\"deleted_at\":null,\"user_id\":\"u1\","
    "\"name\":\"山田 美咲\",\"email\":\"yamada@northleaf.example\",\"role\":\"owner\"}},"
    "{\"op\":\"put\",\"entity\":\"team_member\",\"id\":\"u2\",\"version\":2,\"row\":"
    "{\"id\":\"u2\",\"created_at\":1,\"updated_at\":1,\"deleted_at\":null,\"user_id\":\"u2\","
    "\"name\":\"佐藤 健太\",\"email\":\"sato@northleaf.example\",\"role\":\"member\"}},"
    "{\"op\":\"put\",\"entity\":\"team_member\",\"id\":\"u4\",\"version\":3,\"row\":"
    "{\"id\":\"u4\",\"created_at\":1,\"updated_at\":1,\"deleted_at\":null,\"user_id\":\"u4\","
    "\"name\":\"高橋 翔\",\"email\":\"takahashi@northleaf.example\",\"role\":\"member\"}},"
    "{\"op\":\"put\",\"entity\":\"shared_scoring\",\"id\":\"s1\",\"version\":4,\"row\":"
    "{\"id\":\"s1\",\"created_at\":%" G_GINT64_FORMAT ",\"updated_at\":1,\"deleted_at\":null,"
    "\"history_id\":\"h1\",\"shared_by\":\"u4\",\"channel\":\"email\","
    "\"subject\":\"冬のコートが入荷しました\",\"total\":57}},"
    "{\"op\":\"put\",\"entity\":\"shared_scoring\",\"id\":\"s2\",\"version\":5,\"row\":"
    "{\"id\":\"s2\",\"created_at\":%" G_GINT64_FORMAT ",\"updated_at\":1,\"deleted_at\":null,"
    "\"history_id\":\"h2\",\"shared_by\":\"u4\",\"channel\":\"email\","
    "\"subject\":\"【3日間限定】冬のコート全品20%%オフ\",\"total\":78,\"previous_id\":\"s1\"}},"
    "{\"op\":\"put\",\"entity\":\"shared_scoring\",\"id\":\"s3\",\"version\":6,\"row\":"
    "{\"id\":\"s3\",\"created_at\":%" G_GINT64_FORMAT ",\"updated_at\":1,\"deleted_at\":null,"
    "\"history_id\":\"h3\",\"shared_by\":\"u2\",\"channel\":\"line\","
    "\"body\":\"年末年始の営業時間のお知らせです\",\"total\":64}},"
    "{\"op\":\"put\",\"entity\":\"shared_scoring\",\"id\":\"s4\",\"version\":7,\"row\":"
    "{\"id\":\"s4\",\"created_at\":%" G_GINT64_FORMAT ",\"updated_at\":1,\"deleted_at\":null,"
    "\"history_id\":\"h4\",\"shared_by\":\"u2\",\"channel\":\"email\","
    "\"subject\":\"12月のおすすめギフト特集\",\"total\":81}},"
    "{\"op\":\"put\",\"entity\":\"fix_request\",\"id\":\"r1\",\"version\":8,\"row\":"
    "{\"id\":\"r1\",\"created_at\":%" G_GINT64_FORMAT ",\"updated_at\":1,\"deleted_at\":null,"
    "\"scoring_id\":\"s1\",\"member\":\"u4\",\"requested_by\":\"u1\","
    "\"comment\":\"件名に期間と割引率を入れて、開封したくなる理由を先頭に。\",\"status\":\"fixed\","
    "\"answer\":\"期間と20%%オフを件名の先頭に入れました。\",\"fixed_scoring_id\":\"s2\","
    "\"answered_at\":%" G_GINT64_FORMAT "}},"
    "{\"op\":\"put\",\"entity\":\"fix_request\",\"id\":\"r2\",\"version\":9,\"row\":"
    "{\"id\":\"r2\",\"created_at\":%" G_GINT64_FORMAT ",\"updated_at\":1,\"deleted_at\":null,"
    "\"scoring_id\":\"s3\",\"member\":\"u2\",\"requested_by\":\"u1\","
    "\"comment\":\"1行目で用件が伝わるように。営業日を先に書いてください。\",\"status\":\"open\"}}"
    "],\"cursor\":\"shot:9\",\"has_more\":false,\"reset\":false,\"last_mutation_id\":0}",
    now - 50 * hour, now - 20 * hour, now - 6 * hour, now - 3 * hour,
    now - 40 * hour, now - 20 * hour, now - 2 * hour);
  page = json_from_string (json, NULL);
  g_assert (page != NULL);
  ms_sync_local_apply_pull (store, tenant, json_node_get_object (page), NULL);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "requests");
  ms_test_flush ();
}

/* The Feedback section: what reviewers without an account said on the
 * team's share links, as a pull from the server would leave it (after
 * fill_requests(), whose members it names). */
static void
fill_feedback (MsWindow *window)
{
  MsStore *store = ms_context_get_store (ms_application_get_context (MS_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)))));
  const char *tenant = "team:7b1e2c4a-0d5f-4c1b-9a8e-3f6d2b1c0a99";
  gint64 now = g_get_real_time ();
  gint64 hour = (gint64) G_USEC_PER_SEC * 3600;
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) page = NULL;

#define ROW(id, version, when, by, history, title, role, rating, engine, score, comment, axes, \
            name, status, resolution) \
  "{\"op\":\"put\",\"entity\":\"feedback\",\"id\":\"" id "\",\"version\":" #version "," \
  "\"row\":{\"id\":\"" id "\",\"created_at\":%" G_GINT64_FORMAT ",\"updated_at\":1," \
  "\"deleted_at\":null,\"link_id\":\"l-" id "\",\"shared_by\":\"" by "\"," \
  "\"history_id\":\"" history "\",\"title\":\"" title "\",\"engine_total\":" #engine "," \
  "\"role\":\"" role "\",\"rating\":\"" rating "\",\"corrected_score\":" score "," \
  "\"comment\":" comment ",\"axes\":\"" axes "\",\"reviewer_name\":" name "," \
  "\"status\":\"" status "\",\"resolution\":" resolution ",\"resolved_at\":null}}"
  json = g_strdup_printf (
    "{\"ops\":["
    ROW ("fb1", 20, when, "u4", "h2", "【3日間限定】冬のコート全品20%%オフ", "director", "high", 78,
         "70", "\"「全品」は対象外の商品があるので使わないでください。期限の書き方は良いです。\"",
         "cta,compliance", "\"田中\"", "open", "null") ","
    ROW ("fb2", 21, when, "u2", "h4", "12月のおすすめギフト特集", "manager", "fair", 81, "null",
         "\"件名が分かりやすい。プレヘッダーにも価格帯を入れると良さそうです。\"", "open",
         "null", "open", "null") ","
    ROW ("fb3", 22, when, "u4", "h1", "冬のコートが入荷しました", "senior", "low", 57, "65",
         "\"既存のお客さま向けなら、このくらい落ち着いた件名で十分だと思います。\"", "fit",
         "\"鈴木\"", "resolved", "\"セグメントを既存顧客に絞りました。\"") ","
    ROW ("fb4", 23, when, "u2", "h5", "年末セール開催中", "director", "high", 80, "72",
         "\"「全品」表記は景表法上の確認が必要です。\"", "cta", "\"田中\"", "open", "null") ","
    ROW ("fb5", 24, when, "u4", "h6", "新作ニットのご案内", "director", "high", 76, "70", "null",
         "cta", "\"田中\"", "open", "null") ","
    ROW ("fb6", 25, when, "u2", "h7", "週末限定クーポン", "director", "high", 74, "null",
         "\"また「全品」になっています。\"", "cta", "\"田中\"", "open", "null")
    "],\"cursor\":\"shot:25\",\"has_more\":false,\"reset\":false,\"last_mutation_id\":0}",
    now - 1 * hour, now - 5 * hour, now - 30 * hour, now - 50 * hour, now - 70 * hour,
    now - 90 * hour);
#undef ROW
  page = json_from_string (json, NULL);
  g_assert (page != NULL);
  ms_sync_local_apply_pull (store, tenant, json_node_get_object (page), NULL);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "feedback");
  ms_test_flush ();
}

/* The Stats section of the team's owner: the figures the server would
 * compute (the core's own computation) for a team of four whose scores
 * rose over half a year, as the server's answer kept on this computer. */
static void
fill_stats (MsWindow *window)
{
  MsStore *store = ms_context_get_store (ms_application_get_context (MS_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)))));
  static const MsTeamStatsMember members[] = {
    { "u1", "山田 美咲", "owner" },
    { "u2", "佐藤 健太", "member" },
    { "u3", "鈴木 愛", "member" },
    { "u4", "高橋 翔", "member" },
  };
  static const MsGoal goals[] = { MS_GOAL_PURCHASE, MS_GOAL_PURCHASE, MS_GOAL_SIGNUP,
                                  MS_GOAL_VISIT };
  g_autoptr(GArray) scorings = g_array_new (FALSE, FALSE, sizeof (MsTeamStatsScoring));
  g_autoptr(GRand) rand = g_rand_new_with_seed (14);
  g_autoptr(JsonObject) o = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;
  g_autoptr(MsTeamStats) stats = NULL;
  gint64 now = g_get_real_time ();
  MsTeamStatsInput input = { 0 };
  GtkWidget *page;

  /* Eight scorings a member a month, the current month's before now. */
  for (guint month = 0; month < 6; month++)
    {
      gint64 start, end;

      ms_team_stats_get_window (now, 6 - month, &start);
      if (month < 5)
        ms_team_stats_get_window (now, 5 - month, &end);
      else
        end = now;
      for (guint m = 0; m < G_N_ELEMENTS (members); m++)
        for (guint i = 0; i < 8; i++)
          {
            MsTeamStatsScoring s = { 0 };
            double progress = (month + i / 8.0) / 6;

            s.member = m;
            s.created_at = start + (end - start) * (i + 1) / 9;
            /* The newest member starts low and learns fastest. */
            s.total = (guint) CLAMP ((m == 3 ? 55 : 66) + (m == 3 ? 24 : 8) * progress +
                                     g_rand_int_range (rand, -6, 7), 0, 100);
            s.goal = goals[g_rand_int_range (rand, 0, G_N_ELEMENTS (goals))];
            g_array_append_val (scorings, s);
          }
    }
  input.team = "team:7b1e2c4a-0d5f-4c1b-9a8e-3f6d2b1c0a99";
  input.members = members;
  input.n_members = G_N_ELEMENTS (members);
  input.scorings = (const MsTeamStatsScoring *) (gpointer) scorings->data;
  input.n_scorings = scorings->len;
  input.min_score = 70;
  input.viewer = "u1";
  input.sees_all = TRUE;
  input.n_months = 6;
  input.now = now;
  o = ms_team_stats_compute (&input);
  node = json_node_init_object (json_node_alloc (), o);
  json = json_to_string (node, FALSE);
  stats = ms_team_stats_new_from_json (json, -1, NULL);
  ms_store_put_team_stats (store, stats, NULL);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "stats");
  ms_test_flush ();
  /* The chart beside the team: the newest member's line. */
  page = ms_window_get_page (window, "stats");
  gtk_list_box_select_row (ms_test_child (page, MS_TYPE_TEAM_STATS_PAGE, "members_list"),
                           gtk_list_box_get_row_at_index (ms_test_child (page,
                                                                         MS_TYPE_TEAM_STATS_PAGE,
                                                                         "members_list"), 3));
  /* The toasts of the scorings saved before have gone. */
  for (guint i = 0; i < 120; i++)
    {
      ms_test_flush ();
      g_usleep (50 * 1000);
    }
}

/* Saves the window as it is now as OUTPUT_DIR/FILE. */
static gboolean
save_shot (MsWindow    *window,
           const char  *dir,
           const char  *file)
{
  return ms_screenshot_save (window, dir, file);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(MsApplication) app = NULL;
  MsAppServer server = { 0 };
  MsWindow *window;

  if (argc != 2)
    {
      g_printerr ("usage: make-screenshots OUTPUT_DIR\n");
      return 2;
    }

  ms_core_init_i18n ();
  gtk_init ();

  /* A real msgscore-server for the Plan page and the invoice. */
  app = ms_app_server_start_app (&server);
  window = ms_test_get_window (app);
  /* The checklist of a first run has its own shot (make-lifecycle-screenshots). */
  gtk_widget_activate_action (GTK_WIDGET (ms_window_get_checklist (window)),
                              "checklist.dismiss", NULL);
  /* A member of the Team Pro team below: its plan is the one in force. */
  {
    g_autoptr(MsEntitlements) plan = ms_entitlements_new_for_plan ("team_pro_s", NULL);

    ms_store_set_entitlements (ms_test_get_store (app), plan);
  }

  for (guint i = 0; i < G_N_ELEMENTS (scenes); i++)
    {
      MsScorePage *page = MS_SCORE_PAGE (ms_window_get_page (window, "score"));

      gtk_window_set_default_size (GTK_WINDOW (window), scenes[i].width, scenes[i].height);
      fill (page, &scenes[i]);
      ms_test_flush ();
      g_usleep (300 * 1000);
      ms_test_flush ();
      if (scenes[i].scroll_to != NULL)
        scroll_to (page, scenes[i].scroll_to);
      if (!save_shot (window, argv[1], scenes[i].file))
        return 1;
    }

  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 820);
  fill_history (window, MS_SCORE_PAGE (ms_window_get_page (window, "score")));
  if (!save_shot (window, argv[1], "history-ja.png"))
    return 1;

  fill_team (window);
  if (!save_shot (window, argv[1], "team-ja.png"))
    return 1;

  fill_stats (window);
  if (!save_shot (window, argv[1], "stats-ja.png"))
    return 1;

  fill_requests (window);
  if (!save_shot (window, argv[1], "requests-ja.png"))
    return 1;

  fill_feedback (window);
  if (!save_shot (window, argv[1], "feedback-ja.png"))
    return 1;

  if (!fill_plan (app, &server, window, argv[1]))
    return 1;
  /* The team of the shot above was this profile's alone: the server's
   * toast about it goes before the picture is taken. */
  for (guint i = 0; i < 130; i++)
    ms_test_flush ();
  /* From the team's subscription, its title on top, down to what a
   * change costs today. */
  {
    GtkWidget *page = ms_window_get_page (window, "plan");

    ms_plan_page_choose (MS_PLAN_PAGE (page), "team_l", MS_BILLING_MONTHLY);
    ms_test_flush ();
  }
  {
    GtkWidget *page = ms_window_get_page (window, "plan");
    GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_first_child (page));
    GtkAdjustment *v = gtk_scrolled_window_get_vadjustment (scroller);

    GtkWidget *group = GTK_WIDGET (gtk_widget_get_template_child (page, MS_TYPE_PLAN_PAGE,
                                                                  "team_group"));
    GtkWidget *content = gtk_widget_get_first_child (gtk_scrolled_window_get_child (scroller));
    double x = 0, y = 0;

    if (!gtk_widget_translate_coordinates (group, content, 0, 0, &x, &y))
      y = gtk_adjustment_get_upper (v);
    gtk_adjustment_set_value (v, MIN (y - 12,
                                      gtk_adjustment_get_upper (v) -
                                      gtk_adjustment_get_page_size (v)));
  }
  if (!save_shot (window, argv[1], "plan-ja.png"))
    return 1;

  g_application_release (G_APPLICATION (app));
  ms_app_server_stop (&server);
  return 0;
}
