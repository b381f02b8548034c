/* test-findings.c — findings underlined, listed, selected and fixed; variants used
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ms-app-test.h"
#include "ms-findings-list.h"
#include "ms-prediction-view.h"
#include "ms-preferences-window.h"
#include "ms-score-page.h"
#include "ms-segment-editor.h"
#include "ms-text-row.h"
#include "store/ms-store-all.h"

static MsApplication *app;

static MsScorePage *
get_score_page (void)
{
  return ms_test_get_page (app, "score");
}

static MsDraft *
get_draft (void)
{
  return ms_score_page_get_draft (get_score_page ());
}

static GtkTextBuffer *
get_body_buffer (void)
{
  return gtk_text_view_get_buffer (ms_test_child (get_score_page (), MS_TYPE_SCORE_PAGE,
                                                  "body_view"));
}

static MsFindingsList *
get_findings_list (void)
{
  return ms_test_child (get_score_page (), MS_TYPE_SCORE_PAGE, "findings_list");
}

static void
reset_message (const char *subject,
               const char *body)
{
  MsScorePage *page = get_score_page ();

  ms_draft_set_channel (get_draft (), MS_CHANNEL_EMAIL);
  gtk_editable_set_text (ms_test_child (page, MS_TYPE_SCORE_PAGE, "subject_row"), subject);
  gtk_editable_set_text (ms_test_child (page, MS_TYPE_SCORE_PAGE, "preheader_row"),
                         "人気のウールコートも対象、12月3日まで");
  gtk_text_buffer_set_text (get_body_buffer (), body, -1);
  ms_test_flush ();
}

static void
type_into_body (const char *text)
{
  gtk_text_buffer_insert_interactive_at_cursor (get_body_buffer (), text, -1, TRUE);
  ms_test_flush ();
}

/* The index in the current result of the first finding of @rule_prefix in @field. */
static int
find_finding (const char *rule_prefix,
              MsField     field)
{
  GPtrArray *findings = ms_score_result_get_findings (ms_draft_get_result (get_draft ()));

  for (guint i = 0; i < findings->len; i++)
    {
      const MsFinding *finding = g_ptr_array_index (findings, i);

      if (finding->field == field && ms_finding_matches (finding, rule_prefix))
        return i;
    }

  return -1;
}

static gboolean
has_tag_over (GtkTextBuffer *buffer,
              const char    *tag_name,
              guint          start,
              guint          end)
{
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), tag_name);
  GtkTextIter iter;

  if (tag == NULL)
    return FALSE;

  for (guint offset = start; offset < end; offset++)
    {
      gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
      if (!gtk_text_iter_has_tag (&iter, tag))
        return FALSE;
    }

  return TRUE;
}

static void
test_ng_words_underlined_and_listed (void)
{
  GtkTextBuffer *buffer = get_body_buffer ();
  const char *words[] = { "業界No.1", "最安値" };
  guint offsets[][2] = { { 0, 6 }, { 7, 10 } };

  reset_message ("冬のコート、12月3日まで20%オフ", "");
  type_into_body ("業界No.1の最安値");

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      GPtrArray *findings = ms_score_result_get_findings (ms_draft_get_result (get_draft ()));
      gboolean found = FALSE;

      for (guint f = 0; f < findings->len; f++)
        {
          const MsFinding *finding = g_ptr_array_index (findings, f);

          if (finding->field != MS_FIELD_BODY || !ms_finding_matches (finding, "ng.common") ||
              finding->start != offsets[i][0] || finding->end != offsets[i][1])
            continue;

          found = TRUE;
          /* Listed … */
          g_assert_nonnull (ms_findings_list_get_row (get_findings_list (), f));
          g_assert_true (gtk_widget_get_visible (ms_findings_list_get_row (get_findings_list (), f)));
        }
      g_assert_true (found);

      /* … and underlined as an error where it stands. */
      g_assert_true (has_tag_over (buffer, "finding-error", offsets[i][0], offsets[i][1]));
    }

  /* The particle between them is not underlined as an error. */
  g_assert_false (has_tag_over (buffer, "finding-error", 6, 7));
}

/* A finding that another rule joins on the same words, or that one leaves,
 * keeps its row, whose subtitle says so or not: typing 今だ, then け. */
static void
test_row_kept_when_other_rules_change (void)
{
  GPtrArray *findings;
  const MsFinding *finding;
  GtkWidget *row;
  int index;

  reset_message ("冬のコート、12月3日まで20%オフ",
                 "いつもNorthleafをご利用いただきありがとうございます。冬のコート全品が、"
                 "12月3日（日）までの3日間20%オフになります。\n冬のコートが今だ");
  index = find_finding ("keihyo.urgency", MS_FIELD_BODY);
  g_assert_cmpint (index, >=, 0);
  findings = ms_score_result_get_findings (ms_draft_get_result (get_draft ()));
  finding = g_ptr_array_index (findings, index);
  g_assert_null (finding->also);
  row = ms_findings_list_get_row (get_findings_list (), index);
  g_assert_null (strstr (ms_text_row_get_subtitle (MS_TEXT_ROW (row)), "Also: "));

  /* 今だけ: another rule flags the same words */
  type_into_body ("け");
  index = find_finding ("keihyo.urgency", MS_FIELD_BODY);
  g_assert_cmpint (index, >=, 0);
  findings = ms_score_result_get_findings (ms_draft_get_result (get_draft ()));
  finding = g_ptr_array_index (findings, index);
  g_assert_nonnull (finding->also);
  g_assert_true (ms_findings_list_get_row (get_findings_list (), index) == row);
  g_assert_nonnull (strstr (ms_text_row_get_subtitle (MS_TEXT_ROW (row)), "Also: "));

  /* and leaves them again */
  {
    GtkTextIter end;

    gtk_text_buffer_get_end_iter (get_body_buffer (), &end);
    gtk_text_buffer_backspace (get_body_buffer (), &end, TRUE, TRUE);
    ms_test_flush ();
  }
  index = find_finding ("keihyo.urgency", MS_FIELD_BODY);
  g_assert_cmpint (index, >=, 0);
  g_assert_true (ms_findings_list_get_row (get_findings_list (), index) == row);
  g_assert_null (strstr (ms_text_row_get_subtitle (MS_TEXT_ROW (row)), "Also: "));
}

static void
test_clicking_finding_selects_span (void)
{
  GtkTextBuffer *buffer = get_body_buffer ();
  GtkTextIter start;
  GtkTextIter end;
  GtkWidget *row;
  int index;

  reset_message ("冬のコート、12月3日まで20%オフ", "いつもありがとうございます。業界No.1の品質です。");
  index = find_finding ("ng.common", MS_FIELD_BODY);
  g_assert_cmpint (index, >=, 0);

  row = ms_findings_list_get_row (get_findings_list (), index);
  gtk_widget_activate (row);
  ms_test_flush ();

  g_assert_true (gtk_text_buffer_get_selection_bounds (buffer, &start, &end));
  g_assert_cmpint (gtk_text_iter_get_offset (&start), ==, 14);
  g_assert_cmpint (gtk_text_iter_get_offset (&end), ==, 20);
  g_assert_true (gtk_widget_has_focus (ms_test_child (get_score_page (), MS_TYPE_SCORE_PAGE,
                                                      "body_view")));
}

static char *
body_text (void)
{
  GtkTextIter start;
  GtkTextIter end;

  gtk_text_buffer_get_bounds (get_body_buffer (), &start, &end);
  return gtk_text_buffer_get_text (get_body_buffer (), &start, &end, FALSE);
}

static void
test_apply_fix_and_undo (void)
{
  const char *original = "いつもありがとうございます。\n人気のコートを最安値でお届けします。\n\n"
                         "▼コートを見て注文する\nhttps://example.jp/coat\n\n"
                         "配信元：株式会社ノースリーフ\n〒150-0001 東京都渋谷区神宮前3-15-8\n"
                         "お問い合わせ：support@northleaf.example.jp\n"
                         "配信停止：https://example.jp/unsubscribe";
  g_autofree char *fixed = NULL;
  g_autofree char *restored = NULL;
  const MsFinding *finding;
  guint before;
  guint after;
  int index;

  reset_message ("冬のコート、12月3日まで20%オフ", original);
  before = ms_score_result_get_total (ms_draft_get_result (get_draft ()));

  index = find_finding ("ng.common", MS_FIELD_BODY);
  g_assert_cmpint (index, >=, 0);
  finding = g_ptr_array_index (ms_score_result_get_findings (ms_draft_get_result (get_draft ())),
                               index);
  g_assert_nonnull (finding->replacement);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (get_score_page ()), "score.apply-fix",
                                             "u", (guint) index));
  ms_test_flush ();

  fixed = body_text ();
  g_assert_cmpstr (fixed, !=, original);
  after = ms_score_result_get_total (ms_draft_get_result (get_draft ()));
  g_assert_cmpuint (after, >, before);

  /* Ctrl+Z takes the fix back, and the score with it. */
  g_assert_true (gtk_text_buffer_get_can_undo (get_body_buffer ()));
  gtk_text_buffer_undo (get_body_buffer ());
  ms_test_flush ();
  restored = body_text ();
  g_assert_cmpstr (restored, ==, original);
  g_assert_cmpuint (ms_score_result_get_total (ms_draft_get_result (get_draft ())), ==, before);
}

static void
test_use_variant (void)
{
  MsScorePage *page = get_score_page ();
  GtkEditable *subject = ms_test_child (page, MS_TYPE_SCORE_PAGE, "subject_row");
  GPtrArray *variants;
  const MsVariant *variant;
  g_autofree char *expected = NULL;
  MsDraftField field;

  reset_message ("【限定】【本日】冬のコートがお得なセール、今すぐチェック",
                 "いつもありがとうございます。\n▼詳しくはこちら\nhttps://example.jp/coat\n\n"
                 "配信元：株式会社ノースリーフ\n〒150-0001 東京都渋谷区神宮前3-15-8\n"
                 "お問い合わせ：support@northleaf.example.jp\n"
                 "配信停止：https://example.jp/unsubscribe");
  variants = ms_score_result_get_variants (ms_draft_get_result (get_draft ()));
  g_assert_cmpuint (variants->len, >, 0);
  g_assert_nonnull (ms_findings_list_get_variant_row (get_findings_list (), 0));

  variant = g_ptr_array_index (variants, 0);
  field = ms_draft_field_from_message_field (get_draft (), variant->field);
  expected = g_strdup (variant->text);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "score.use-variant", "u", 0));
  ms_test_flush ();

  g_assert_cmpstr (ms_draft_get_field (get_draft (), field), ==, expected);
  if (field == MS_DRAFT_FIELD_SUBJECT)
    g_assert_cmpstr (gtk_editable_get_text (subject), ==, expected);
}

static void
test_score_follows_typing (void)
{
  MsScorePage *page = get_score_page ();
  GtkWidget *summary = ms_test_child (page, MS_TYPE_SCORE_PAGE, "score_summary");
  guint clean;
  guint dirty;

  reset_message ("冬のコート、12月3日（日）まで全品20%オフ",
                 "いつもNorthleafをご利用いただきありがとうございます。\n"
                 "▼コートを見て注文する\nhttps://example.jp/coat\n\n"
                 "配信元：株式会社ノースリーフ\n〒150-0001 東京都渋谷区神宮前3-15-8\n"
                 "お問い合わせ：support@northleaf.example.jp\n"
                 "配信停止：https://example.jp/unsubscribe\n");
  clean = ms_score_result_get_total (ms_draft_get_result (get_draft ()));
  g_assert_cmpuint (clean, >=, 80);
  type_into_body ("絶対に後悔させません。");
  dirty = ms_score_result_get_total (ms_draft_get_result (get_draft ()));

  g_assert_cmpuint (dirty, <, clean);
  g_assert_cmpuint (dirty, <, 60);
  g_assert_true (gtk_widget_get_visible (summary));
}

static void
test_segment_editor (void)
{
  MsScorePage *page = get_score_page ();
  MsSegmentEditor *editor = ms_test_child (page, MS_TYPE_SCORE_PAGE, "segment_editor");
  MsPredictionView *prediction = ms_test_child (page, MS_TYPE_SCORE_PAGE, "prediction_view");
  AdwComboRow *industry = ms_test_child (editor, MS_TYPE_SEGMENT_EDITOR, "industry_row");
  AdwComboRow *audience = ms_test_child (editor, MS_TYPE_SEGMENT_EDITOR, "audience_row");
  GtkSpinButton *list_size = ms_test_child (editor, MS_TYPE_SEGMENT_EDITOR, "list_size_spin");
  MsTextRow *conversions = ms_test_child (prediction, MS_TYPE_PREDICTION_VIEW, "conversions_row");
  g_autoptr(GPtrArray) industries = ms_segment_list_industries ();
  const MsSegment *segment;
  guint fashion = G_MAXUINT;

  reset_message ("冬のコート、12月3日（日）まで全品20%オフ", "いつもありがとうございます。");

  for (guint i = 0; i < industries->len; i++)
    if (g_str_equal (((MsIndustry *) g_ptr_array_index (industries, i))->id, "fashion"))
      fashion = i;
  g_assert_cmpuint (fashion, !=, G_MAXUINT);

  adw_combo_row_set_selected (industry, fashion);
  adw_combo_row_set_selected (audience, MS_AUDIENCE_EXISTING);
  gtk_spin_button_set_value (list_size, 20000);
  ms_test_flush ();

  segment = ms_draft_get_segment (get_draft ());
  g_assert_cmpstr (segment->industry, ==, "fashion");
  g_assert_cmpint (segment->audience, ==, MS_AUDIENCE_EXISTING);
  g_assert_cmpuint (segment->list_size, ==, 20000);
  g_assert_cmpuint (ms_score_result_get_prediction (ms_draft_get_result (get_draft ()))->list_size,
                    ==, 20000);
  g_assert_nonnull (strstr (ms_text_row_get_subtitle (conversions), "20000"));
}

static MsPreferencesWindow *
open_preferences (void)
{
  MsPreferencesWindow *preferences = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (MS_IS_PREFERENCES_WINDOW (l->data))
      preferences = l->data;
  g_assert_nonnull (preferences);
  ms_test_flush ();
  return preferences;
}

/* Whether @draft's result has a finding of @rule_prefix in the body, and how many. */
static guint
count_body_findings (MsDraft    *draft,
                     const char *rule_prefix)
{
  GPtrArray *findings = ms_score_result_get_findings (ms_draft_get_result (draft));
  guint n = 0;

  for (guint i = 0; i < findings->len; i++)
    {
      const MsFinding *finding = g_ptr_array_index (findings, i);

      if (finding->field == MS_FIELD_BODY && ms_finding_matches (finding, rule_prefix))
        n++;
    }
  return n;
}

/* Either the four 特定電子メール法 footer findings of the body, or the one reminder.
 * (@draft: taken before Preferences opens, for then it is the active window.) */
static void
assert_footer_findings (MsDraft  *draft,
                        gboolean  esp_adds_it)
{
  static const char * const checks[] = {
    "tokutei.sender", "tokutei.optout", "tokutei.address", "tokutei.contact",
  };

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    g_assert_cmpuint (count_body_findings (draft, checks[i]), ==, esp_adds_it ? 0 : 1);
  g_assert_cmpuint (count_body_findings (draft, "tokutei.esp_footer"), ==, esp_adds_it ? 1 : 0);
}

/* Preferences' footer switch, offline: the Score page's findings follow at once. */
static void
test_esp_footer_switch (void)
{
  MsStore *store = ms_test_get_store (app);
  g_autoptr(MsPersonalSettingRepository) settings = ms_personal_setting_repository_new (store);
  MsPreferencesWindow *preferences;
  GtkSwitch *toggle;
  MsDraft *draft;

  g_assert_false (ms_sync_client_get_signed_in (ms_test_get_sync_client (app)));
  reset_message ("冬のコートのご案内", "新作のコートが入荷しました。");
  draft = get_draft ();
  assert_footer_findings (draft, FALSE);

  preferences = open_preferences ();
  toggle = ms_test_child (preferences, MS_TYPE_PREFERENCES_WINDOW, "esp_footer_switch");
  g_assert_false (gtk_switch_get_active (toggle));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (toggle)));

  gtk_switch_set_active (toggle, TRUE);
  ms_test_flush ();
  assert_footer_findings (draft, TRUE);
  g_assert_true (ms_personal_setting_repository_get_boolean (settings,
                                                             MS_PERSONAL_SETTING_ESP_FOOTER));
  g_assert_cmpuint (ms_store_get_outbox_length (store), >=, 1);
  gtk_window_destroy (GTK_WINDOW (preferences));
  ms_test_flush ();

  /* Opened again, it shows the stored value; a change from elsewhere (what
   * a sync writes) moves the switch and the findings. */
  preferences = open_preferences ();
  toggle = ms_test_child (preferences, MS_TYPE_PREFERENCES_WINDOW, "esp_footer_switch");
  g_assert_true (gtk_switch_get_active (toggle));
  g_assert_true (ms_personal_setting_repository_set_boolean (settings,
                                                             MS_PERSONAL_SETTING_ESP_FOOTER,
                                                             FALSE, NULL));
  ms_test_flush ();
  g_assert_false (gtk_switch_get_active (toggle));
  assert_footer_findings (draft, FALSE);

  gtk_switch_set_active (toggle, TRUE);
  ms_test_flush ();
  assert_footer_findings (draft, TRUE);
  gtk_switch_set_active (toggle, FALSE);
  ms_test_flush ();
  assert_footer_findings (draft, FALSE);
  gtk_window_destroy (GTK_WINDOW (preferences));
  ms_test_flush ();
}

/* The span (in bytes) of the first error underline of @attrs, or FALSE. */
static gboolean
find_error_underline (PangoAttrList *attrs,
                      guint         *start,
                      guint         *end)
{
  GSList *list = attrs != NULL ? pango_attr_list_get_attributes (attrs) : NULL;
  gboolean found = FALSE;

  for (GSList *l = list; l != NULL && !found; l = l->next)
    {
      PangoAttribute *attr = l->data;

      if (attr->klass->type == PANGO_ATTR_UNDERLINE &&
          ((PangoAttrInt *) attr)->value == PANGO_UNDERLINE_ERROR)
        {
          *start = attr->start_index;
          *end = attr->end_index;
          found = TRUE;
        }
    }
  g_slist_free_full (list, (GDestroyNotify) pango_attribute_destroy);
  return found;
}

/* An entry's underlines: under a finding where it stands, the same list
 * while typing elsewhere leaves its findings alone, gone with the finding. */
static void
test_entry_underlined_while_findings_change (void)
{
  MsScorePage *page = get_score_page ();
  GtkEditable *subject = ms_test_child (page, MS_TYPE_SCORE_PAGE, "subject_row");
  GtkText *text = GTK_TEXT (gtk_editable_get_delegate (subject));
  PangoAttrList *attrs;
  guint start = 0;
  guint end = 0;

  reset_message ("冬のコートが最安値", "いつもご利用いただきありがとうございます。");
  g_assert_cmpint (find_finding ("ng.common", MS_FIELD_SUBJECT), >=, 0);
  attrs = gtk_text_get_attributes (text);
  g_assert_true (find_error_underline (attrs, &start, &end));
  /* 最安値, in bytes. */
  g_assert_cmpuint (start, ==, strlen ("冬のコートが"));
  g_assert_cmpuint (end, ==, strlen ("冬のコートが最安値"));
  g_assert_nonnull (gtk_widget_get_tooltip_text (GTK_WIDGET (subject)));

  /* Typing in the body leaves the subject's findings, and its underlines, alone. */
  type_into_body ("ぜひご覧ください。");
  g_assert_true (gtk_text_get_attributes (text) == attrs);

  gtk_editable_set_text (subject, "冬のコート");
  ms_test_flush ();
  g_assert_cmpint (find_finding ("ng.common", MS_FIELD_SUBJECT), <, 0);
  g_assert_false (find_error_underline (gtk_text_get_attributes (text), &start, &end));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);

  app = ms_test_start_app ();
  g_application_hold (G_APPLICATION (app));
  ms_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (ms_test_get_window (app))));

  g_test_add_func ("/ms/app/findings/ng-words-underlined-and-listed",
                   test_ng_words_underlined_and_listed);
  g_test_add_func ("/ms/app/findings/entry-underlined",
                   test_entry_underlined_while_findings_change);
  g_test_add_func ("/ms/app/findings/click-selects-span", test_clicking_finding_selects_span);
  g_test_add_func ("/ms/app/findings/row-kept-when-other-rules-change",
                   test_row_kept_when_other_rules_change);
  g_test_add_func ("/ms/app/findings/apply-fix-and-undo", test_apply_fix_and_undo);
  g_test_add_func ("/ms/app/findings/use-variant", test_use_variant);
  g_test_add_func ("/ms/app/findings/score-follows-typing", test_score_follows_typing);
  g_test_add_func ("/ms/app/segment/editor-updates-draft", test_segment_editor);
  g_test_add_func ("/ms/app/findings/esp-footer-switch", test_esp_footer_switch);

  status = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_object_unref (app);

  return status;
}
