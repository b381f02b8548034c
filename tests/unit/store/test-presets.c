/* test-presets.c — personal segments and NG words, and their plan limits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "store-test.h"

static void
test_segments (StoreFixture  *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsSegmentRepository) segments = ms_segment_repository_new (fixture->store);
  GListModel *model = ms_segment_repository_get_model (segments);
  g_autoptr(MsSegment) segment = ms_segment_new ();
  g_autoptr(MsSegmentPreset) first = NULL;
  g_autofree char *id = NULL;

  segment->audience = MS_AUDIENCE_DORMANT;
  segment->goal = MS_GOAL_RESERVATION;
  segment->b2b = TRUE;
  ms_segment_set_industry (segment, "cosmetics");

  /* Free: none. */
  id = ms_segment_repository_add (segments, "休眠顧客", segment, &error);
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_LIMIT_REACHED);
  g_assert_null (id);
  g_clear_error (&error);

  /* Pro: 10. */
  use_plan (fixture->store, "pro");
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *name = g_strdup_printf ("セグメント%02u", i);
      g_autofree char *new_id = ms_segment_repository_add (segments, name, segment, &error);

      g_assert_no_error (error);
      g_assert_true (g_uuid_string_is_valid (new_id));
    }
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 10);
  id = ms_segment_repository_add (segments, "11個目", segment, &error);
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_LIMIT_REACHED);
  g_assert_null (id);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (fixture->store, "segment"), ==, 10);

  first = g_list_model_get_item (model, 0);
  g_assert_cmpstr (ms_segment_preset_get_name (first), ==, "セグメント00");
  g_assert_cmpint (ms_segment_preset_get_segment (first)->audience, ==, MS_AUDIENCE_DORMANT);
  g_assert_cmpint (ms_segment_preset_get_segment (first)->goal, ==, MS_GOAL_RESERVATION);
  g_assert_true (ms_segment_preset_get_segment (first)->b2b);
  g_assert_cmpstr (ms_segment_preset_get_segment (first)->industry, ==, "cosmetics");

  /* Duplicate names are refused; rename and delete work. */
  g_assert_false (ms_segment_repository_update (segments, ms_segment_preset_get_id (first),
                                                "セグメント01", segment, &error));
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_true (ms_segment_repository_update (segments, ms_segment_preset_get_id (first),
                                               "ン 最後", segment, &error));
  g_assert_no_error (error);
  {
    g_autoptr(MsSegmentPreset) last = g_list_model_get_item (model, 9);
    g_assert_cmpstr (ms_segment_preset_get_name (last), ==, "ン 最後");
  }
  g_assert_true (ms_segment_repository_delete (segments, ms_segment_preset_get_id (first), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 9);
  id = ms_segment_repository_add (segments, "ン 最後", segment, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  g_assert_cmpint (count_rows (fixture->store, "outbox"), ==, 13);
}

static void
test_ng_words (StoreFixture  *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsNgWordRepository) words = ms_ng_word_repository_new (fixture->store);
  GListModel *model = ms_ng_word_repository_get_model (words);
  g_autofree char *id = NULL;
  g_auto(GStrv) list = NULL;

  id = ms_ng_word_repository_add (words, "激安", NULL, &error);
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_LIMIT_REACHED);
  g_clear_error (&error);

  use_plan (fixture->store, "pro");
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *word = g_strdup_printf ("ＮＧ%u", i);
      g_autofree char *new_id = ms_ng_word_repository_add (words, word, "理由", &error);

      g_assert_no_error (error);
      g_assert_nonnull (new_id);
    }
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 10);
  id = ms_ng_word_repository_add (words, "11個目", NULL, &error);
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_LIMIT_REACHED);
  g_clear_error (&error);

  /* Stored NFKC: "ＮＧ0" is "NG0"; the same word twice is refused. */
  list = ms_ng_word_repository_dup_words (words);
  g_assert_cmpstr (list[0], ==, "NG0");
  {
    g_autoptr(MsNgWord) first = g_list_model_get_item (model, 0);

    g_assert_cmpstr (ms_ng_word_get_note (first), ==, "理由");
    g_assert_true (ms_ng_word_repository_delete (words, ms_ng_word_get_id (first), &error));
    g_assert_no_error (error);
  }
  g_clear_pointer (&id, g_free);
  id = ms_ng_word_repository_add (words, "NG1", NULL, &error);
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  id = ms_ng_word_repository_add (words, "  ", NULL, &error);
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID);
  g_clear_error (&error);
  id = ms_ng_word_repository_add (words, "NG0", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 10);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/ms/presets/segments", StoreFixture, NULL,
              store_fixture_set_up, test_segments, store_fixture_tear_down);
  g_test_add ("/ms/presets/ng-words", StoreFixture, NULL,
              store_fixture_set_up, test_ng_words, store_fixture_tear_down);

  return g_test_run ();
}
