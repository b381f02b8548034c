/* ms-feedback-trends.c — what reviewers' comments are about, per role and month
 *
 * Each comment goes into the categories of data/feedback-categories.json
 * (丁寧さ・品格, CTA具体性, ブランド整合, 件名, コンプライアンス, その他): by its
 * words, matched on the MeCab tokens' folded base forms and surfaces (so
 * 「丁寧に」 and 「丁寧さ」 meet 丁寧), and by the axes the feedback names.
 * The trends count, per reviewer role and per named reviewer, the share of
 * comments in each category and the mean change of the score they would
 * give per axis; the months count, per category, the feedback of this month
 * and the two before (Asia/Tokyo) and how much of it was resolved. All on
 * the device, from the synced feedback.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include <string.h>

#include "ms-data.h"
#include "text/ms-tokenizer.h"
#include "ms-feedback-trends.h"

typedef struct
{
  char   *id;
  char   *name_ja;
  char   *name_en;
  guint32 axes;      /* bit: MsAxis */
  GStrv   words;     /* folded keys */
} Category;

static const char * const roles[] = { "director", "manager", "senior" };

static GPtrArray *
get_categories (void)
{
  static GPtrArray *categories;
  static gsize done;

  if (g_once_init_enter (&done))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = ms_data_load_json ("feedback-categories.json", &error);
      JsonArray *list;

      if (root == NULL)
        g_error ("data/feedback-categories.json: %s", error->message);   /* compiled in */
      list = json_object_get_array_member (json_node_get_object (root), "categories");
      categories = g_ptr_array_new ();
      for (guint i = 0; i < json_array_get_length (list) && i < MS_FEEDBACK_MAX_CATEGORIES; i++)
        {
          JsonObject *o = json_array_get_object_element (list, i);
          JsonObject *name = json_object_get_object_member (o, "name");
          JsonArray *axes = json_object_get_array_member (o, "axes");
          JsonArray *words = json_object_get_array_member (o, "words");
          Category *c = g_new0 (Category, 1);

          c->id = g_strdup (json_object_get_string_member (o, "id"));
          c->name_ja = g_strdup (json_object_get_string_member (name, "ja"));
          c->name_en = g_strdup (json_object_get_string_member (name, "en"));
          for (guint k = 0; k < json_array_get_length (axes); k++)
            {
              MsAxis axis;

              if (ms_axis_from_string (json_array_get_string_element (axes, k), &axis))
                c->axes |= 1u << axis;
            }
          c->words = g_new0 (char *, json_array_get_length (words) + 1);
          for (guint k = 0; k < json_array_get_length (words); k++)
            c->words[k] = ms_token_fold_key (json_array_get_string_element (words, k));
          g_ptr_array_add (categories, c);
        }
      g_once_init_leave (&done, 1);
    }
  return categories;
}

guint
ms_feedback_categories_count (void)
{
  return get_categories ()->len;
}

const char *
ms_feedback_category_id (guint index)
{
  g_return_val_if_fail (index < get_categories ()->len, NULL);
  return ((Category *) g_ptr_array_index (get_categories (), index))->id;
}

const char *
ms_feedback_category_name (guint       index,
                           const char *language)
{
  Category *c;

  g_return_val_if_fail (index < get_categories ()->len, NULL);
  c = g_ptr_array_index (get_categories (), index);
  return g_strcmp0 (language, "ja") == 0 ? c->name_ja : c->name_en;
}

static guint32
axes_mask (const char *axes)
{
  g_auto(GStrv) names = g_strsplit (axes != NULL ? axes : "", ",", -1);
  guint32 mask = 0;

  for (guint i = 0; names[i] != NULL; i++)
    {
      MsAxis axis;

      if (ms_axis_from_string (names[i], &axis))
        mask |= 1u << axis;
    }
  return mask;
}

static gboolean
has_word (const MsTokens *tokens,
          const char     *word)
{
  for (guint i = 0; i < tokens->tokens->len; i++)
    {
      const MsToken *t = &g_array_index (tokens->tokens, MsToken, i);

      if (g_str_equal (ms_tokens_get_key (tokens, t), word) ||
          g_str_equal (ms_tokens_get_surface (tokens, t), word))
        return TRUE;
    }
  return FALSE;
}

guint32
ms_feedback_classify (const char *comment,
                      const char *axes)
{
  GPtrArray *categories = get_categories ();
  guint32 mask = axes_mask (axes);
  guint32 out = 0;
  guint other = G_MAXUINT;
  MsTokens tokens = { 0 };

  if (comment != NULL && *comment != '\0')
    {
      ms_tokens_init (&tokens);
      ms_tokenize (comment, strlen (comment), &tokens);
    }
  for (guint i = 0; i < categories->len; i++)
    {
      Category *c = g_ptr_array_index (categories, i);

      if (c->words[0] == NULL && c->axes == 0)
        {
          other = i;
          continue;
        }
      if ((c->axes & mask) != 0)
        out |= 1u << i;
      for (guint k = 0; tokens.tokens != NULL && c->words[k] != NULL && !(out & (1u << i)); k++)
        if (has_word (&tokens, c->words[k]) ||
            (comment != NULL && strstr (comment, c->words[k]) != NULL))
          out |= 1u << i;
    }
  if (tokens.tokens != NULL)
    ms_tokens_clear (&tokens);
  if (out == 0 && other != G_MAXUINT)
    out = 1u << other;
  return out;
}

void
ms_feedback_trend_free (MsFeedbackTrend *trend)
{
  if (trend == NULL)
    return;
  g_free (trend->role);
  g_free (trend->name);
  g_free (trend);
}

static void
add_item (MsFeedbackTrend       *trend,
          const MsTrendFeedback *item,
          guint32                categories)
{
  guint32 axes = axes_mask (item->axes);
  int shift = 0;
  gboolean has_shift = TRUE;

  trend->n_items++;
  for (guint i = 0; i < MS_FEEDBACK_MAX_CATEGORIES; i++)
    if (categories & (1u << i))
      trend->per_category[i]++;
  if (item->corrected_score >= 0)
    shift = item->corrected_score - item->engine_total;
  else if (g_strcmp0 (item->rating, "fair") == 0)
    shift = 0;
  else
    has_shift = FALSE;   /* a rating without a score says no number */
  for (guint a = 0; has_shift && a < MS_N_AXES; a++)
    if (axes & (1u << a))
      {
        trend->mean_shift[a] = (trend->mean_shift[a] * trend->n_shift[a] + shift) /
                               (trend->n_shift[a] + 1);
        trend->n_shift[a]++;
      }
}

static MsFeedbackTrend *
find_or_add (GPtrArray  *trends,
             const char *role,
             const char *name)
{
  MsFeedbackTrend *trend;

  for (guint i = 0; i < trends->len; i++)
    {
      trend = g_ptr_array_index (trends, i);
      if (g_strcmp0 (trend->role, role) == 0 && g_strcmp0 (trend->name, name) == 0)
        return trend;
    }
  trend = g_new0 (MsFeedbackTrend, 1);
  trend->role = g_strdup (role);
  trend->name = g_strdup (name);
  g_ptr_array_add (trends, trend);
  return trend;
}

/**
 * ms_feedback_trends:
 *
 * Returns: (transfer full) (element-type MsFeedbackTrend): per role that
 *   gave feedback (most senior first), then per named reviewer
 */
GPtrArray *
ms_feedback_trends (const MsTrendFeedback *items,
                    guint                  n_items)
{
  GPtrArray *trends = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_feedback_trend_free);
  g_autoptr(GPtrArray) named = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_feedback_trend_free);

  for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
    for (guint i = 0; i < n_items; i++)
      {
        guint32 categories;

        if (g_strcmp0 (items[i].role, roles[r]) != 0)
          continue;
        categories = ms_feedback_classify (items[i].comment, items[i].axes);
        add_item (find_or_add (trends, roles[r], NULL), &items[i], categories);
        if (items[i].reviewer_name != NULL && *items[i].reviewer_name != '\0')
          add_item (find_or_add (named, roles[r], items[i].reviewer_name), &items[i], categories);
      }
  while (named->len > 0)
    g_ptr_array_add (trends, g_ptr_array_steal_index (named, 0));
  return trends;
}

/* Months since the epoch of @usec in Japan. */
static int
month_of (gint64 usec)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Tokyo");
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = NULL;

  if (tz == NULL)
    tz = g_time_zone_new_offset (9 * 3600);
  if (utc == NULL)
    return 0;
  local = g_date_time_to_timezone (utc, tz);
  return g_date_time_get_year (local) * 12 + g_date_time_get_month (local) - 1;
}

void
ms_feedback_months (const MsTrendFeedback *items,
                    guint                  n_items,
                    gint64                 now,
                    MsFeedbackMonths      *out)
{
  int this_month = month_of (now);

  memset (out, 0, sizeof *out);
  for (guint i = 0; i < n_items; i++)
    {
      int ago = this_month - month_of (items[i].created_at);
      guint32 categories;

      if (ago < 0 || ago >= MS_FEEDBACK_MONTHS)
        continue;
      categories = ms_feedback_classify (items[i].comment, items[i].axes);
      for (guint c = 0; c < MS_FEEDBACK_MAX_CATEGORIES; c++)
        if (categories & (1u << c))
          {
            out->items[ago][c]++;
            if (g_strcmp0 (items[i].status, "resolved") == 0)
              out->resolved[ago][c]++;
          }
    }
}
