/* ms-learning-config.c — what learning from results trusts, from data/learning.json
 *
 * The file ships inside the binary (ms-data.c), so a missing or bad value is
 * a build bug and stops the program with the name of the value.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include "ms-data.h"
#include "ms-learning-config.h"

static JsonObject *
member_object (JsonObject *object,
               const char *file,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    g_error ("%s: the “%s” object is missing", file, member);
  return json_node_get_object (node);
}

static double
read_number (JsonObject *object,
             const char *file,
             const char *member,
             double      min,
             double      max)
{
  JsonNode *node = json_object_get_member (object, member);
  double value;

  if (node == NULL || json_node_get_value_type (node) == G_TYPE_STRING ||
      !JSON_NODE_HOLDS_VALUE (node))
    g_error ("%s: “%s” must be a number", file, member);
  value = json_node_get_double (node);
  if (!(value >= min && value <= max))
    g_error ("%s: “%s” must be between %g and %g", file, member, min, max);
  return value;
}

static guint
read_count (JsonObject *object,
            const char *file,
            const char *member)
{
  double value = read_number (object, file, member, 1, G_MAXINT);

  if (value != (guint) value)
    g_error ("%s: “%s” must be a whole number", file, member);
  return (guint) value;
}

static char *
read_text (JsonObject *object,
           const char *file,
           const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    g_error ("%s: “%s” must be a string", file, member);
  return g_strdup (json_node_get_string (node));
}

static void
read_plausible (JsonObject *channels,
                const char *channel,
                const char *rate,
                double     *range)
{
  JsonObject *plausible = member_object (member_object (channels, "baselines.json", channel),
                                         "baselines.json", "plausible");
  JsonNode *node = json_object_get_member (plausible, rate);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (array = json_node_get_array (node)) != 2)
    g_error ("baselines.json: %s “plausible” “%s” must be [low, high]", channel, rate);
  range[0] = json_array_get_double_element (array, 0);
  range[1] = json_array_get_double_element (array, 1);
  if (!(range[0] >= 0 && range[0] < range[1] && range[1] <= 1))
    g_error ("baselines.json: %s “plausible” “%s” must hold 0 ≤ low < high ≤ 1", channel, rate);
}

static void
load (MsLearningConfig *config)
{
  static const char *file = "learning.json";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = ms_data_load_json (file, &error);
  g_autoptr(JsonNode) baselines = NULL;
  JsonObject *top, *o, *channels;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    g_error ("%s", error != NULL ? error->message : "learning.json: not an object");
  top = json_node_get_object (root);

  o = member_object (top, file, "neighbours");
  config->cite_min_similarity = read_number (o, file, "cite_min_similarity", 0, 1);
  config->familiar_similarity = read_number (o, file, "familiar_similarity", 0.01, 1);

  o = member_object (top, file, "extrapolation");
  config->range_tolerance_sd = read_number (o, file, "range_tolerance_sd", 0.01, 100);
  config->widen = read_number (o, file, "widen", 0, 100);
  config->unfamiliar_below = read_number (o, file, "unfamiliar_below", 0, 1);

  o = member_object (top, file, "intervals");
  config->coverage = read_number (o, file, "coverage", 0.5, 0.99);
  config->holdout_share = read_number (o, file, "holdout_share", 0.05, 0.5);
  config->holdout_min_rows = read_count (o, file, "min_rows");
  config->holdout_max_rows = read_count (o, file, "max_rows");
  config->like_this_rows = read_count (o, file, "like_this_rows");
  config->like_this_min_rows = read_count (o, file, "like_this_min_rows");

  o = member_object (top, file, "insights");
  config->insight_min_support = read_count (o, file, "min_support");
  config->insight_permutations = read_count (o, file, "permutations");
  config->insight_max_p = read_number (o, file, "max_p_value", 0, 1);
  config->insight_seed = read_count (o, file, "seed");

  o = member_object (top, file, "rank_check");
  config->rank_min_sends = MAX (read_count (o, file, "min_sends"), 3);
  config->rank_good = read_number (o, file, "good_spearman", -1, 1);
  config->rank_fair = read_number (o, file, "fair_spearman", -1, 1);

  o = member_object (top, file, "ab_eval");
  config->ab_email_subject = read_text (o, file, "email_subject");
  config->ab_email_body = read_text (o, file, "email_body");
  config->ab_email_footer = read_text (o, file, "email_footer");

  baselines = ms_data_load_json ("baselines.json", &error);
  if (baselines == NULL)
    g_error ("%s", error->message);
  channels = member_object (json_node_get_object (baselines), "baselines.json", "channels");
  for (MsChannel c = MS_CHANNEL_EMAIL; c <= MS_CHANNEL_LINE; c++)
    {
      read_plausible (channels, ms_channel_to_string (c), "open_rate", config->plausible[c][0]);
      read_plausible (channels, ms_channel_to_string (c), "click_rate", config->plausible[c][1]);
    }
}

/**
 * ms_learning_config_get:
 *
 * Returns: (transfer none): the values, read on first use
 */
const MsLearningConfig *
ms_learning_config_get (void)
{
  static MsLearningConfig config;
  static gsize loaded;

  if (g_once_init_enter (&loaded))
    {
      load (&config);
      g_once_init_leave (&loaded, 1);
    }
  return &config;
}
