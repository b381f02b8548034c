/* ms-learning.c — what the profile's own results teach, kept up to date
 *
 * Watches the store. When campaign results or entered actuals change, it
 * reads them (on the store's thread), fits the history predictor, finds the
 * insights and checks how well the score and the prediction ranked the
 * sends in a worker thread (0.2 s for 2,000 rows), and then publishes them
 * as properties. Until there is a result with a rate,
 * :predictor is %NULL and scoring uses the industry baselines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include "ms-data.h"
#include "ms-learning-source.h"
#include "score/ms-baseline-predictor.h"
#include "score/ms-history-predictor.h"
#include "score/ms-insights.h"
#include "score/ms-rank-check.h"
#include "score/ms-score-types.h"
#include "ms-learning.h"

#define REBUILD_DELAY_MS 300
#define N_INSIGHTS       5

struct _MsLearning
{
  GObject       parent_instance;

  MsStore      *store;
  MsPredictor  *predictor;     /* NULL: the baselines */
  GPtrArray    *insights;      /* MsInsight */
  GPtrArray    *rank_checks;   /* MsRankCheck */
  guint         n_rows;
  guint         generation;    /* of the newest rebuild; older results are dropped */
  guint         rebuild_id;
  gboolean      busy;
  GCancellable *cancellable;
};

enum {
  PROP_0,
  PROP_PREDICTOR,
  PROP_INSIGHTS,
  PROP_RANK_CHECKS,
  PROP_BUSY,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (MsLearning, ms_learning, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

typedef struct
{
  MsPredictor *predictor;
  GPtrArray   *insights;
  GPtrArray   *rank_checks;
  guint        generation;
} BuildData;

static void
build_data_free (BuildData *data)
{
  g_clear_object (&data->predictor);
  g_clear_pointer (&data->insights, g_ptr_array_unref);
  g_clear_pointer (&data->rank_checks, g_ptr_array_unref);
  g_free (data);
}

static void
build_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  BuildData *data = task_data;
  MsHistoryPredictor *predictor = MS_HISTORY_PREDICTOR (data->predictor);

  /* The predictor is not shared until the task returns. */
  ms_history_predictor_build (predictor);
  data->insights = ms_history_predictor_compute_insights (predictor, 0, N_INSIGHTS);
  data->rank_checks = ms_history_predictor_compute_rank_checks (predictor);
  g_task_return_boolean (task, TRUE);
}

static void
publish (MsLearning  *self,
         MsPredictor *predictor,
         GPtrArray   *insights,
         GPtrArray   *rank_checks,
         guint        n_rows)
{
  g_set_object (&self->predictor, predictor);
  g_clear_pointer (&self->insights, g_ptr_array_unref);
  self->insights = insights != NULL ? g_ptr_array_ref (insights) :
                   g_ptr_array_new_with_free_func ((GDestroyNotify) ms_insight_free);
  g_clear_pointer (&self->rank_checks, g_ptr_array_unref);
  self->rank_checks = rank_checks != NULL ? g_ptr_array_ref (rank_checks) :
                      g_ptr_array_new_with_free_func ((GDestroyNotify) ms_rank_check_free);
  self->n_rows = n_rows;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREDICTOR]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INSIGHTS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RANK_CHECKS]);
}

static void
set_busy (MsLearning *self,
          gboolean    busy)
{
  if (self->busy == busy)
    return;

  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
on_build_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  MsLearning *self = MS_LEARNING (object);
  BuildData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) || data->generation != self->generation)
    return;

  publish (self, data->predictor, data->insights, data->rank_checks,
           ms_history_predictor_get_n_rows (MS_HISTORY_PREDICTOR (data->predictor)));
  set_busy (self, FALSE);
}

/* The built-in baselines (the rule set's own), without waiting for the
 * rule packs to compile: learning starts with the window, before them. */
static JsonObject *
default_baselines (void)
{
  static JsonNode *baselines;

  if (g_once_init_enter (&baselines))
    {
      g_autoptr(GError) error = NULL;
      JsonNode *node = ms_data_load_json ("baselines.json", &error);

      /* Built into the binary and tested. */
      if (node == NULL)
        g_error ("Built-in baselines: %s", error->message);
      g_once_init_leave (&baselines, node);
    }
  return json_node_get_object (baselines);
}

static gboolean
rebuild (gpointer user_data)
{
  MsLearning *self = MS_LEARNING (user_data);
  g_autoptr(MsPredictor) baseline = NULL;
  g_autoptr(MsPredictor) predictor = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  BuildData *data;

  self->rebuild_id = 0;
  self->generation++;

  baseline = ms_baseline_predictor_new (default_baselines (), ms_score_get_language ());
  predictor = ms_learning_source_read (self->store, baseline, &error);
  if (predictor == NULL)
    {
      g_warning ("Could not read past results to learn from: %s", error->message);
      return G_SOURCE_REMOVE;
    }

  if (ms_history_predictor_get_n_rows (MS_HISTORY_PREDICTOR (predictor)) == 0)
    {
      publish (self, NULL, NULL, NULL, 0);
      set_busy (self, FALSE);
      return G_SOURCE_REMOVE;
    }

  data = g_new0 (BuildData, 1);
  data->predictor = g_steal_pointer (&predictor);
  data->generation = self->generation;

  set_busy (self, TRUE);
  task = g_task_new (self, self->cancellable, on_build_done_cb, NULL);
  g_task_set_source_tag (task, rebuild);
  g_task_set_task_data (task, data, (GDestroyNotify) build_data_free);
  g_task_run_in_thread (task, build_in_thread);

  return G_SOURCE_REMOVE;
}

static void
on_store_changed_cb (MsLearning *self,
                     const char *table,
                     MsStore    *store)
{
  if (!g_str_equal (table, "campaign_result") && !g_str_equal (table, "score_history"))
    return;

  /* A burst of saves (an import, typing results) rebuilds once. */
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  self->rebuild_id = g_timeout_add (REBUILD_DELAY_MS, rebuild, self);
}

static void
ms_learning_dispose (GObject *object)
{
  MsLearning *self = MS_LEARNING (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->predictor);
  g_clear_object (&self->store);
  g_clear_pointer (&self->insights, g_ptr_array_unref);
  g_clear_pointer (&self->rank_checks, g_ptr_array_unref);

  G_OBJECT_CLASS (ms_learning_parent_class)->dispose (object);
}

static void
ms_learning_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  MsLearning *self = MS_LEARNING (object);

  switch (prop_id)
    {
    case PROP_PREDICTOR:
      g_value_set_object (value, self->predictor);
      break;
    case PROP_INSIGHTS:
      g_value_set_boxed (value, self->insights);
      break;
    case PROP_RANK_CHECKS:
      g_value_set_boxed (value, self->rank_checks);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_learning_class_init (MsLearningClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ms_learning_dispose;
  object_class->get_property = ms_learning_get_property;

  properties[PROP_PREDICTOR] =
    g_param_spec_object ("predictor", NULL, NULL, MS_TYPE_PREDICTOR,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_INSIGHTS] =
    g_param_spec_boxed ("insights", NULL, NULL, G_TYPE_PTR_ARRAY,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_RANK_CHECKS] =
    g_param_spec_boxed ("rank-checks", NULL, NULL, G_TYPE_PTR_ARRAY,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ms_learning_init (MsLearning *self)
{
  self->cancellable = g_cancellable_new ();
  self->insights = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_insight_free);
  self->rank_checks = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_rank_check_free);
}

MsLearning *
ms_learning_new (MsStore *store)
{
  MsLearning *self;

  g_return_val_if_fail (MS_IS_STORE (store), NULL);

  self = g_object_new (MS_TYPE_LEARNING, NULL);
  self->store = g_object_ref (store);
  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  rebuild (self);

  return self;
}

/**
 * ms_learning_get_predictor:
 *
 * Returns: (transfer none) (nullable): the predictor learned from the
 *   profile's results, or %NULL while there are none
 */
MsPredictor *
ms_learning_get_predictor (MsLearning *self)
{
  g_return_val_if_fail (MS_IS_LEARNING (self), NULL);

  return self->predictor;
}

/**
 * ms_learning_get_insights:
 *
 * Returns: (transfer none) (element-type MsInsight): what stands out
 */
GPtrArray *
ms_learning_get_insights (MsLearning *self)
{
  g_return_val_if_fail (MS_IS_LEARNING (self), NULL);

  return self->insights;
}

/**
 * ms_learning_get_rank_checks:
 *
 * Returns: (transfer none) (element-type MsRankCheck): per channel with
 *   results entered on saved scorings, how well the score and the
 *   prediction ranked them
 */
GPtrArray *
ms_learning_get_rank_checks (MsLearning *self)
{
  g_return_val_if_fail (MS_IS_LEARNING (self), NULL);

  return self->rank_checks;
}

guint
ms_learning_get_n_rows (MsLearning *self)
{
  g_return_val_if_fail (MS_IS_LEARNING (self), 0);

  return self->n_rows;
}

gboolean
ms_learning_get_busy (MsLearning *self)
{
  g_return_val_if_fail (MS_IS_LEARNING (self), FALSE);

  return self->busy;
}
