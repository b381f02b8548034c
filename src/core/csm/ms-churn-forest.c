/* ms-churn-forest.c — XGBoost's trees walked directly, for the daily batch
 *
 * XGBoost's approximate contributions (prediction type 3) cost a pass over
 * every feature for every tree of every row — 210,000 accounts take over a
 * second of CPU. The same attribution (Saabas: along the path an account
 * takes through a tree, each split's feature gets the change in the node's
 * mean value; the root's mean is the bias) needs only the nodes on the path.
 * This walks the trees of XGBoost's own JSON model exactly as its CPU
 * predictor does (go left when the value is below the split, missing goes
 * the default way; node means weighted by the training hessian, in float),
 * so the margins and contributions equal XGBoost's (test-churn checks them
 * against types 1 and 3). Exact TreeSHAP for one account stays XGBoost's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-csm"

#include "config.h"

#include <math.h>
#include <string.h>
#include <json-glib/json-glib.h>
#include <glib/gi18n-lib.h>

#include "ms-churn-data.h"
#include "ms-churn-forest.h"
#include "ms-json-guard.h"

typedef struct
{
  gint32 left;       /* -1: a leaf */
  gint32 right;
  guint32 feature;
  float  cond;       /* the split, or the leaf's value */
  float  mean;       /* the hessian-weighted mean of the leaves below */
  gboolean default_left;
} Node;

struct _MsChurnForest
{
  guint   n_features;
  guint   n_trees;
  guint  *first;      /* each tree's first node in nodes */
  Node   *nodes;
  float   bias;       /* the base score as a margin */
};

void
_ms_churn_forest_free (MsChurnForest *forest)
{
  if (forest == NULL)
    return;
  g_free (forest->first);
  g_free (forest->nodes);
  g_free (forest);
}

static float
fill_mean (Node         *nodes,
           const double *hessian,
           gint32        id)
{
  Node *node = &nodes[id];
  float result;

  if (node->left < 0)
    result = node->cond;
  else
    {
      result = fill_mean (nodes, hessian, node->left) * (float) hessian[node->left];
      result += fill_mean (nodes, hessian, node->right) * (float) hessian[node->right];
      result /= (float) hessian[id];
    }
  node->mean = result;
  return result;
}

static gboolean
read_array (JsonObject  *tree,
            const char  *name,
            guint        n,
            double      *out)
{
  JsonArray *a = json_object_has_member (tree, name)
                   ? json_object_get_array_member (tree, name) : NULL;

  if (a == NULL || json_array_get_length (a) != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    out[i] = json_node_get_double (json_array_get_element (a, i));
  return TRUE;
}

MsChurnForest *
_ms_churn_forest_new_from_json (const char  *xgboost_json,
                                gsize        length,
                                guint        n_features,
                                guint        n_rounds,
                                GError     **error)
{
  static const MsJsonLimits limits = { 256 * 1024 * 1024, 32 };
  g_autoptr(JsonNode) root = ms_json_guard_parse (xgboost_json, length, &limits, error);
  g_autoptr(MsChurnForest) forest = NULL;
  g_autoptr(GArray) nodes = g_array_new (FALSE, TRUE, sizeof (Node));
  JsonObject *learner, *model, *param;
  JsonArray *trees;
  const char *base_score;

  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      (learner = ms_json_object_get_object (json_node_get_object (root), "learner")) == NULL ||
      (param = ms_json_object_get_object (learner, "learner_model_param")) == NULL ||
      (base_score = ms_json_object_get_string (param, "base_score", NULL)) == NULL ||
      (model = ms_json_object_get_object (learner, "gradient_booster")) == NULL ||
      (model = ms_json_object_get_object (model, "model")) == NULL ||
      (trees = ms_json_object_get_array (model, "trees")) == NULL)
    goto bad;

  forest = g_new0 (MsChurnForest, 1);
  forest->n_features = n_features;
  forest->n_trees = MIN (json_array_get_length (trees), n_rounds);
  forest->first = g_new0 (guint, forest->n_trees + 1);
  {
    double score = g_ascii_strtod (base_score, NULL);

    if (!(score > 0 && score < 1))
      goto bad;
    forest->bias = (float) log (score / (1 - score));
  }
  for (guint t = 0; t < forest->n_trees; t++)
    {
      JsonNode *element = json_array_get_element (trees, t);
      JsonObject *tree;
      JsonArray *left;
      g_autofree double *l = NULL, *r = NULL, *f = NULL, *c = NULL, *d = NULL, *h = NULL;
      guint n;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        goto bad;
      tree = json_node_get_object (element);
      left = ms_json_object_get_array (tree, "left_children");
      n = left != NULL ? json_array_get_length (left) : 0;
      if (n == 0)
        goto bad;
      l = g_new (double, n);
      r = g_new (double, n);
      f = g_new (double, n);
      c = g_new (double, n);
      d = g_new (double, n);
      h = g_new (double, n);
      if (!read_array (tree, "left_children", n, l) || !read_array (tree, "right_children", n, r) ||
          !read_array (tree, "split_indices", n, f) || !read_array (tree, "split_conditions", n, c) ||
          !read_array (tree, "default_left", n, d) || !read_array (tree, "sum_hessian", n, h))
        goto bad;
      forest->first[t] = nodes->len;
      for (guint i = 0; i < n; i++)
        {
          Node node = { (gint32) l[i], (gint32) r[i], (guint32) f[i], (float) c[i], 0, d[i] != 0 };

          /* Children come after their parent; features are the model's. */
          if ((node.left >= 0 && ((guint) node.left <= i || (guint) node.left >= n ||
                                  node.right < 0 || (guint) node.right <= i ||
                                  (guint) node.right >= n || node.feature >= n_features)))
            goto bad;
          g_array_append_val (nodes, node);
        }
      fill_mean ((Node *) nodes->data + forest->first[t], h, 0);
    }
  forest->first[forest->n_trees] = nodes->len;
  forest->nodes = (Node *) g_array_free (g_steal_pointer (&nodes), FALSE);
  return g_steal_pointer (&forest);

bad:
  g_set_error_literal (error, MS_CHURN_ERROR, MS_CHURN_ERROR_MODEL,
                       _("The saved churn model cannot be read."));
  return NULL;
}

typedef struct
{
  MsChurnForest *forest;
  const float   *x;
  guint          begin;
  guint          end;
  double        *margin;
  float         *contributions;
} Part;

#define BLOCK 32

/* Rows go through the trees a block at a time: a tree's nodes stay in the
 * cache while the block's rows walk it, and the walks of different rows
 * overlap in the processor. */
static gpointer
explain_part (gpointer data)
{
  Part *part = data;
  MsChurnForest *forest = part->forest;
  guint w = forest->n_features + 1;
  g_autofree float *own = part->contributions == NULL ? g_new (float, (gsize) BLOCK * w) : NULL;

  for (guint begin = part->begin; begin < part->end; begin += BLOCK)
    {
      guint n = MIN (BLOCK, part->end - begin);
      float *block = part->contributions != NULL ? part->contributions + (gsize) begin * w : own;

      memset (block, 0, sizeof (float) * n * w);
      for (guint t = 0; t < forest->n_trees; t++)
        {
          const Node *tree = forest->nodes + forest->first[t];

          for (guint r = 0; r < n; r++)
            {
              const float *x = part->x + (gsize) (begin + r) * forest->n_features;
              float *out = block + (gsize) r * w;
              gint32 id = 0;
              float value = tree[0].mean;

              out[forest->n_features] += value;
              while (tree[id].left >= 0)
                {
                  const Node *node = &tree[id];
                  float v = x[node->feature];

                  if (isnan (v))
                    id = node->default_left ? node->left : node->right;
                  else
                    id = v < node->cond ? node->left : node->right;
                  out[node->feature] += tree[id].mean - value;
                  value = tree[id].mean;
                }
            }
        }
      for (guint r = 0; r < n; r++)
        {
          float *out = block + (gsize) r * w;
          float sum = 0;

          out[forest->n_features] += forest->bias;
          for (guint j = 0; j < w; j++)
            sum += out[j];
          part->margin[begin + r] = sum;
        }
    }
  return NULL;
}

/**
 * _ms_churn_forest_explain:
 * @margin: (out caller-allocates): @n_rows margins (log-odds)
 * @contributions: (out caller-allocates) (nullable): @n_rows × (features + 1)
 *   approximate contributions, the bias last
 */
void
_ms_churn_forest_explain (MsChurnForest *forest,
                          const float   *x,
                          guint          n_rows,
                          guint          n_threads,
                          double        *margin,
                          float         *contributions)
{
  g_autofree Part *parts = NULL;
  g_autofree GThread **threads = NULL;
  guint n_parts = n_rows >= 20000 ? MAX (n_threads, 1) : 1;

  parts = g_new0 (Part, n_parts);
  threads = g_new0 (GThread *, n_parts);
  for (guint i = 0; i < n_parts; i++)
    {
      parts[i].forest = forest;
      parts[i].x = x;
      parts[i].begin = (guint) ((guint64) n_rows * i / n_parts);
      parts[i].end = (guint) ((guint64) n_rows * (i + 1) / n_parts);
      parts[i].margin = margin;
      parts[i].contributions = contributions;
      if (i > 0)
        threads[i] = g_thread_new ("ms-churn-score", explain_part, &parts[i]);
    }
  explain_part (&parts[0]);
  for (guint i = 1; i < n_parts; i++)
    g_thread_join (threads[i]);
}
