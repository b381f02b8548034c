/* test-previews.c — previews draw what the core decides, and export to PNG
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "ms-app-test.h"
#include "ms-data.h"
#include "ms-preview-panel.h"
#include "ms-preview-view.h"
#include "ms-score-page.h"

static MsApplication *app;

static MsScorePage *
get_score_page (void)
{
  return ms_test_get_page (app, "score");
}

static MsPreviewPanel *
get_panel (void)
{
  return ms_test_child (get_score_page (), MS_TYPE_SCORE_PAGE, "preview_panel");
}

static char *
repeat (const char *unit,
        guint       times)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < times; i++)
    g_string_append (text, unit);

  return g_string_free (text, FALSE);
}

static void
set_channel (MsChannel channel)
{
  ms_draft_set_channel (ms_score_page_get_draft (get_score_page ()), channel);
  ms_test_flush ();
}

static void
set_body (const char *text)
{
  GtkTextView *body = ms_test_child (get_score_page (), MS_TYPE_SCORE_PAGE, "body_view");

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (body), text, -1);
  ms_test_flush ();
}

/* The previews are made once the window is on screen, or when asked for. */
static void
test_previews_made_once_shown (void)
{
  GtkWidget *cards = ms_test_child (get_panel (), MS_TYPE_PREVIEW_PANEL, "cards_box");
  g_autoptr(MsDraft) draft = ms_draft_new ();
  MsPreviewPanel *hidden;
  GtkWidget *hidden_cards;
  GPtrArray *profiles = ms_device_profiles_get_default ();
  guint n_email = 0;
  guint n_cards = 0;

  for (guint i = 0; i < profiles->len; i++)
    if (ms_device_profile_get_channel (profiles->pdata[i]) == MS_CHANNEL_EMAIL)
      n_email++;
  g_assert_cmpuint (n_email, >, 0);

  /* The window has drawn its first frame: the Score page's previews followed. */
  set_channel (MS_CHANNEL_EMAIL);
  ms_test_wait_until (gtk_widget_get_first_child (cards) != NULL);
  for (GtkWidget *card = gtk_widget_get_first_child (cards); card != NULL;
       card = gtk_widget_get_next_sibling (card))
    n_cards++;
  g_assert_cmpuint (n_cards, ==, n_email);

  /* A panel never shown has made nothing … */
  hidden = g_object_ref_sink (g_object_new (MS_TYPE_PREVIEW_PANEL, NULL));
  ms_preview_panel_set_draft (hidden, draft);
  hidden_cards = ms_test_child (hidden, MS_TYPE_PREVIEW_PANEL, "cards_box");
  ms_test_flush ();
  g_assert_null (gtk_widget_get_first_child (hidden_cards));
  /* … until a preview is asked for, which it then has, following the draft. */
  ms_draft_set_field (draft, MS_DRAFT_FIELD_SUBJECT, "冬のコート全品20%オフ");
  g_assert_nonnull (ms_preview_panel_get_view (hidden, "iphone_mail"));
  g_assert_nonnull (gtk_widget_get_first_child (hidden_cards));
  g_assert_nonnull (ms_preview_layout_find_slot (
    ms_preview_view_get_layout (ms_preview_panel_get_view (hidden, "iphone_mail")),
    MS_PREVIEW_SLOT_SUBJECT, 0));
  g_object_unref (hidden);
}

static void
test_iphone_subject_truncated (void)
{
  MsScorePage *page = get_score_page ();
  GtkEditable *subject = ms_test_child (page, MS_TYPE_SCORE_PAGE, "subject_row");
  g_autofree char *text = repeat ("春", 30);
  g_auto(GStrv) warnings = NULL;
  MsPreviewView *view;
  const MsPreviewSlotLayout *slot;
  g_autofree char *expected_visible = NULL;
  g_autofree char *shown = NULL;

  set_channel (MS_CHANNEL_EMAIL);
  gtk_editable_set_text (subject, text);
  ms_test_flush ();

  view = ms_preview_panel_get_view (get_panel (), "iphone_mail");
  g_assert_nonnull (view);
  slot = ms_preview_layout_find_slot (ms_preview_view_get_layout (view), MS_PREVIEW_SLOT_SUBJECT, 0);
  g_assert_nonnull (slot);
  g_assert_true (slot->truncated);
  g_assert_cmpuint (slot->visible_chars, >=, 19);
  g_assert_cmpuint (slot->visible_chars, <=, 23);

  /* The line drawn ends exactly where the core cut: its first visible_chars
   * characters, then the ellipsis. */
  expected_visible = g_utf8_substring (text, 0, slot->visible_chars);
  shown = g_strconcat (expected_visible, "…", NULL);
  g_assert_cmpstr (slot->lines[0], ==, shown);
  g_assert_null (slot->lines[1]);

  /* The warning under the preview names the cut point. */
  warnings = ms_preview_panel_dup_warnings (get_panel (), "iphone_mail");
  g_assert_nonnull (warnings[0]);
  {
    g_autofree char *number = g_strdup_printf ("%u", slot->visible_chars);
    gboolean found = FALSE;

    for (guint i = 0; warnings[i] != NULL; i++)
      found |= strstr (warnings[i], "iPhone") != NULL && strstr (warnings[i], number) != NULL;
    g_assert_true (found);
  }

  gtk_editable_set_text (subject, "春のセール");
  ms_test_flush ();
  slot = ms_preview_layout_find_slot (ms_preview_view_get_layout (view), MS_PREVIEW_SLOT_SUBJECT, 0);
  g_assert_false (slot->truncated);
  g_assert_cmpstr (slot->lines[0], ==, "春のセール");
}

static void
test_line_bubble_over_limit (void)
{
  g_autofree char *at_limit = repeat ("あ", 500);
  g_autofree char *over_limit = repeat ("あ", 501);
  g_auto(GStrv) warnings = NULL;
  MsPreviewView *view;
  const MsPreviewSlotLayout *slot;

  set_channel (MS_CHANNEL_LINE);
  g_assert_null (ms_preview_panel_get_view (get_panel (), "iphone_mail"));

  set_body (at_limit);
  view = ms_preview_panel_get_view (get_panel (), "line_bubble");
  slot = ms_preview_layout_find_slot (ms_preview_view_get_layout (view), MS_PREVIEW_SLOT_BUBBLE, 0);
  g_assert_cmpuint (slot->over_limit_chars, ==, 0);

  set_body (over_limit);
  slot = ms_preview_layout_find_slot (ms_preview_view_get_layout (view), MS_PREVIEW_SLOT_BUBBLE, 0);
  g_assert_cmpuint (slot->over_limit_chars, ==, 1);
  warnings = ms_preview_panel_dup_warnings (get_panel (), "line_bubble");
  g_assert_nonnull (warnings[0]);
  {
    g_autofree char *all = g_strjoinv ("\n", warnings);

    g_assert_nonnull (strstr (all, "500"));
  }

  set_body ("");
  set_channel (MS_CHANNEL_EMAIL);
}

static void
test_line_bubbles_add_remove (void)
{
  MsScorePage *page = get_score_page ();
  MsDraft *draft = ms_score_page_get_draft (page);
  GtkWidget *bubble2 = ms_test_child (page, MS_TYPE_SCORE_PAGE, "bubble2_box");
  GtkTextView *view2 = ms_test_child (page, MS_TYPE_SCORE_PAGE, "bubble2_view");
  GtkTextView *view3 = ms_test_child (page, MS_TYPE_SCORE_PAGE, "bubble3_view");
  MsPreviewView *view;
  const MsPreviewSlotLayout *slot;

  set_channel (MS_CHANNEL_LINE);
  set_body ("こんにちは、すこやか大地です。");
  g_assert_false (gtk_widget_get_visible (bubble2));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "score.add-bubble", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "score.add-bubble", NULL));
  ms_test_flush ();
  g_assert_cmpuint (ms_draft_get_n_bubbles (draft), ==, 3);
  g_assert_true (gtk_widget_get_visible (bubble2));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view2), "二つ目の吹き出し", -1);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view3), "三つ目の吹き出し", -1);
  ms_test_flush ();

  /* Three bubbles in the talk preview, scored as bubbles 1–3. */
  view = ms_preview_panel_get_view (get_panel (), "line_bubble");
  slot = ms_preview_layout_find_slot (ms_preview_view_get_layout (view), MS_PREVIEW_SLOT_BUBBLE, 2);
  g_assert_nonnull (slot);
  g_assert_cmpstr (slot->lines[0], ==, "三つ目の吹き出し");
  {
    g_autoptr(MsMessage) message = ms_draft_dup_message (draft);

    g_assert_cmpuint (ms_message_get_n_bubbles (message), ==, 3);
  }

  /* Removing bubble 2 moves bubble 3 up. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "score.remove-bubble", "u", 2));
  ms_test_flush ();
  g_assert_cmpuint (ms_draft_get_n_bubbles (draft), ==, 2);
  g_assert_cmpstr (ms_draft_get_field (draft, MS_DRAFT_FIELD_BUBBLE2), ==, "三つ目の吹き出し");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "score.remove-bubble", "u", 2));
  ms_test_flush ();
  g_assert_cmpuint (ms_draft_get_n_bubbles (draft), ==, 1);
  set_body ("");
  set_channel (MS_CHANNEL_EMAIL);
}

static void
assert_png_size (GFile *file,
                 int    width,
                 int    height)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_file (file, &error);
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, NULL);

  g_assert_no_error (error);
  g_assert_cmpint (g_file_info_get_size (info), >, 1000);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, width);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, height);
}

static void
test_export_png (void)
{
  MsScorePage *page = get_score_page ();
  MsPreviewPanel *panel = get_panel ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("msgscore-export-XXXXXX", &error);
  g_autoptr(GFile) one = g_file_new_build_filename (dir, "iphone.png", NULL);
  g_autoptr(GFile) all = g_file_new_build_filename (dir, "all.png", NULL);
  g_autoptr(GFile) missing = g_file_new_build_filename (dir, "line.png", NULL);
  MsPreviewView *view;
  int width, height;
  int total_height = 0;
  int total_width = 0;
  const char *email_profiles[] = { "iphone_mail", "gmail_desktop", "gmail_mobile" };

  g_assert_no_error (error);
  set_channel (MS_CHANNEL_EMAIL);
  gtk_editable_set_text (ms_test_child (page, MS_TYPE_SCORE_PAGE, "subject_row"),
                         "【週末限定】冬のコート全品20%オフ");
  ms_test_flush ();

  view = ms_preview_panel_get_view (panel, "iphone_mail");
  gtk_widget_measure (GTK_WIDGET (view), GTK_ORIENTATION_HORIZONTAL, -1, &width, NULL, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (view), GTK_ORIENTATION_VERTICAL, -1, &height, NULL, NULL, NULL);
  g_assert_true (ms_preview_panel_export (panel, "iphone_mail", one, &error));
  g_assert_no_error (error);
  assert_png_size (one, width, height);

  /* All previews of the channel stacked, 24 px apart. */
  for (guint i = 0; i < G_N_ELEMENTS (email_profiles); i++)
    {
      view = ms_preview_panel_get_view (panel, email_profiles[i]);
      gtk_widget_measure (GTK_WIDGET (view), GTK_ORIENTATION_HORIZONTAL, -1, &width, NULL, NULL, NULL);
      gtk_widget_measure (GTK_WIDGET (view), GTK_ORIENTATION_VERTICAL, -1, &height, NULL, NULL, NULL);
      total_width = MAX (total_width, width);
      total_height += height + (i > 0 ? 24 : 0);
    }
  g_assert_true (ms_preview_panel_export (panel, NULL, all, &error));
  g_assert_no_error (error);
  assert_png_size (all, total_width, total_height);

  /* A LINE preview does not exist for an email. */
  g_assert_false (ms_preview_panel_export (panel, "line_bubble", missing, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_false (g_file_query_exists (missing, NULL));

  g_file_delete (one, NULL, NULL);
  g_file_delete (all, NULL, NULL);
  g_rmdir (dir);
}

/* Pixels of @texture unlike its top-left one: what was drawn on the background. */
static guint
count_drawn_pixels (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guint32 *pixels = g_new (guint32, (gsize) width * height);
  guint drawn = 0;

  gdk_texture_download (texture, (guchar *) pixels, width * sizeof (guint32));
  for (int i = 0; i < width * height; i++)
    drawn += pixels[i] != pixels[0];
  return drawn;
}

/* devices.json decides what is drawn: a profile added to the data, with a
 * surface the app knows and a width of its own, draws with no new code. */
static void
test_profile_added_to_data_draws (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = ms_data_load_json ("devices.json", &error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(MsPreviewLayout) layout = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *json = NULL;
  const MsDeviceProfile *added = NULL;
  MsPreviewView *view;

  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser,
    "{ \"id\": \"outlook_mobile\", \"name_en\": \"Outlook (mobile)\", "
    "  \"name_ja\": \"Outlook(スマホ)\", \"channel\": \"email\", \"font_px\": 15, "
    "  \"drawing\": { \"surface\": \"inbox_list\", \"width_px\": 360 }, "
    "  \"slots\": { \"sender\": { \"width_em\": 15, \"lines\": 1 }, "
    "             \"subject\": { \"width_em\": 19, \"lines\": 1 }, "
    "             \"snippet\": { \"width_em\": 19, \"lines\": 1 } } }", -1, &error));
  g_assert_no_error (error);
  json_array_add_element (json_object_get_array_member (json_node_get_object (root), "profiles"),
                          json_parser_steal_root (parser));
  json = json_to_string (root, FALSE);

  profiles = ms_device_profiles_new_from_data (json, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < profiles->len; i++)
    if (g_str_equal (ms_device_profile_get_id (profiles->pdata[i]), "outlook_mobile"))
      added = profiles->pdata[i];
  g_assert_nonnull (added);

  layout = ms_preview_layout_email (added, "Northleaf", "【週末限定】冬のコート全品20%オフ",
                                    "12月3日まで", "本文");
  view = MS_PREVIEW_VIEW (g_object_ref_sink (ms_preview_view_new ()));
  ms_preview_view_set_layout (view, layout, NULL);
  texture = ms_preview_view_render (view, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 360);
  g_assert_cmpint (gdk_texture_get_height (texture), >, 40);
  g_assert_cmpuint (count_drawn_pixels (texture), >, 500);
  g_object_unref (view);
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

  g_test_add_func ("/ms/app/previews/made-once-shown", test_previews_made_once_shown);
  g_test_add_func ("/ms/app/previews/iphone-subject-truncated", test_iphone_subject_truncated);
  g_test_add_func ("/ms/app/previews/line-bubble-over-limit", test_line_bubble_over_limit);
  g_test_add_func ("/ms/app/previews/export-png", test_export_png);
  g_test_add_func ("/ms/app/previews/line-bubbles-add-remove", test_line_bubbles_add_remove);
  g_test_add_func ("/ms/app/previews/profile-added-to-data-draws",
                   test_profile_added_to_data_draws);

  status = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_object_unref (app);

  return status;
}
