/* test-corpus.c — the engine against a corpus of realistic messages
 *
 * Every *.json file in tests/unit/score/corpus/ is an array of messages with
 * what the engine must and must not find and, optionally, bounds on the
 * total. A rule id in "must" / "must_not" matches a finding whose rule id is
 * that id or starts with it and a dot.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "score-test-util.h"

typedef struct
{
  char      *file;
  JsonNode  *entry;
} CorpusCase;

static GPtrArray *corpus;

static void
corpus_case_free (gpointer data)
{
  CorpusCase *c = data;

  g_free (c->file);
  json_node_unref (c->entry);
  g_free (c);
}

static const char *
get_string (JsonObject *o,
            const char *member)
{
  JsonNode *node = json_object_get_member (o, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  return json_node_get_string (node);
}

static MsMessage *
make_message (JsonObject *o)
{
  g_autoptr(MsSegment) segment = ms_segment_new ();
  const char *channel_name = get_string (o, "channel");
  MsChannel channel;

  g_assert_true (ms_channel_from_string (channel_name, &channel));

  if (json_object_has_member (o, "segment"))
    {
      JsonObject *s = json_object_get_object_member (o, "segment");
      const char *value;

      if ((value = get_string (s, "audience")) != NULL)
        g_assert_true (ms_audience_from_string (value, &segment->audience));
      if ((value = get_string (s, "age_band")) != NULL)
        g_assert_true (ms_age_band_from_string (value, &segment->age_band));
      if ((value = get_string (s, "goal")) != NULL)
        g_assert_true (ms_goal_from_string (value, &segment->goal));
      ms_segment_set_industry (segment, get_string (s, "industry"));
      segment->b2b = json_object_get_boolean_member_with_default (s, "b2b", FALSE);
      segment->list_size = (guint64) json_object_get_int_member_with_default (s, "list_size", 0);
    }

  if (channel == MS_CHANNEL_EMAIL)
    return ms_message_new_email (get_string (o, "subject"), get_string (o, "preheader"),
                                 get_string (o, "body"), segment);
  else
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) bubbles = NULL;

      if (json_object_has_member (o, "bubbles"))
        {
          JsonArray *array = json_object_get_array_member (o, "bubbles");

          for (guint i = 0; i < json_array_get_length (array); i++)
            g_strv_builder_add (builder, json_array_get_string_element (array, i));
        }
      else if (get_string (o, "body") != NULL)
        g_strv_builder_add (builder, get_string (o, "body"));

      bubbles = g_strv_builder_end (builder);
      return ms_message_new_line (get_string (o, "subject"), (const char * const *) bubbles,
                                  segment);
    }
}

static void
test_corpus_entry (gconstpointer data)
{
  const CorpusCase *c = data;
  JsonObject *o = json_node_get_object (c->entry);
  g_autoptr(MsMessage) message = make_message (o);
  g_autoptr(MsScoreResult) result = test_score (NULL, message);
  g_autofree char *described = test_describe (result);
  guint total = ms_score_result_get_total (result);
  gboolean ok = TRUE;

  g_test_message ("%s: %s", c->file, described);

  if (json_object_has_member (o, "must"))
    {
      JsonArray *must = json_object_get_array_member (o, "must");

      for (guint i = 0; i < json_array_get_length (must); i++)
        {
          const char *id = json_array_get_string_element (must, i);

          if (!ms_score_result_has_finding (result, id))
            {
              g_test_message ("must find %s", id);
              ok = FALSE;
            }
        }
    }

  if (json_object_has_member (o, "must_not"))
    {
      JsonArray *must_not = json_object_get_array_member (o, "must_not");

      for (guint i = 0; i < json_array_get_length (must_not); i++)
        {
          const char *id = json_array_get_string_element (must_not, i);

          if (ms_score_result_has_finding (result, id))
            {
              g_test_message ("must not find %s", id);
              ok = FALSE;
            }
        }
    }

  if (json_object_has_member (o, "min_total") &&
      total < (guint) json_object_get_int_member (o, "min_total"))
    {
      g_test_message ("total %u below min_total %" G_GINT64_FORMAT, total,
                      json_object_get_int_member (o, "min_total"));
      ok = FALSE;
    }

  if (json_object_has_member (o, "max_total") &&
      total > (guint) json_object_get_int_member (o, "max_total"))
    {
      g_test_message ("total %u above max_total %" G_GINT64_FORMAT, total,
                      json_object_get_int_member (o, "max_total"));
      ok = FALSE;
    }

  /* Every variant is valid text and really scores higher. */
  {
    GPtrArray *variants = ms_score_result_get_variants (result);

    for (guint i = 0; i < variants->len; i++)
      {
        const MsVariant *variant = g_ptr_array_index (variants, i);

        if (!g_utf8_validate (variant->text, -1, NULL) || variant->delta <= 0)
          {
            g_test_message ("variant %s is invalid or no better", variant->id);
            ok = FALSE;
          }
      }
  }

  if (!ok)
    g_test_fail ();
}

static void
load_corpus (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "unit", "score", "corpus", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  corpus = g_ptr_array_new_with_free_func (corpus_case_free);
  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  /* Sorted, so the order of tests does not depend on the file system. */
  for (guint i = 1; i < names->len; i++)
    for (guint j = i; j > 0 && g_strcmp0 (names->pdata[j - 1], names->pdata[j]) > 0; j--)
      {
        gpointer tmp = names->pdata[j];
        names->pdata[j] = names->pdata[j - 1];
        names->pdata[j - 1] = tmp;
      }

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir_path, names->pdata[i], NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonArray *array;

      if (!json_parser_load_from_file (parser, path, &error))
        g_error ("%s: %s", path, error->message);
      if (!JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
        g_error ("%s: the top level must be an array", path);

      array = json_node_get_array (json_parser_get_root (parser));
      for (guint j = 0; j < json_array_get_length (array); j++)
        {
          CorpusCase *c = g_new0 (CorpusCase, 1);

          c->file = g_strdup (names->pdata[i]);
          c->entry = json_node_copy (json_array_get_element (array, j));
          if (!JSON_NODE_HOLDS_OBJECT (c->entry))
            g_error ("%s: entry %u must be an object", path, j);
          g_ptr_array_add (corpus, c);
        }
    }
}

static void
test_corpus_size (void)
{
  if (corpus->len == 0)
    {
      g_test_skip ("The corpus (tests/unit/score/corpus/*.json) is not there yet");
      return;
    }
  g_assert_cmpuint (corpus->len, >=, 150);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  int status;

  g_test_init (&argc, &argv, NULL);
  load_corpus ();

  g_test_add_func ("/ms/score/corpus/size", test_corpus_size);
  for (guint i = 0; i < corpus->len; i++)
    {
      CorpusCase *c = g_ptr_array_index (corpus, i);
      const char *id = get_string (json_node_get_object (c->entry), "id");
      g_autofree char *path = NULL;

      if (id == NULL)
        g_error ("%s: entry without an id", c->file);
      if (!g_hash_table_add (ids, (gpointer) id))
        g_error ("%s: duplicate id %s", c->file, id);
      path = g_strdup_printf ("/ms/score/corpus/%s", id);
      g_test_add_data_func (path, c, test_corpus_entry);
    }

  status = g_test_run ();
  g_ptr_array_unref (corpus);
  return status;
}
