/* test-csm-model.c — the demo population and the churn model trained on a service's history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "csm/ms-csm-model.h"
#include "csm/ms-csm-population.h"
#include "csm/ms-csm-signals.h"
#include "csm/ms-reasons.h"

#define TODAY 20500   /* 2026-02-14 */

static void
test_population_is_seeded (void)
{
  g_autoptr(GPtrArray) a = ms_csm_population_generate (60, TODAY, 7);
  g_autoptr(GPtrArray) b = ms_csm_population_generate (60, TODAY, 7);
  g_autoptr(GPtrArray) c = ms_csm_population_generate (60, TODAY, 8);
  guint archetypes[MS_CSM_N_ARCHETYPES] = { 0 };
  gboolean differs = FALSE;

  g_assert_cmpuint (a->len, ==, 60);
  for (guint i = 0; i < a->len; i++)
    {
      MsCsmDemoAccount *x = a->pdata[i], *y = b->pdata[i], *z = c->pdata[i];

      g_assert_cmpstr (x->account->tenant, ==, y->account->tenant);
      g_assert_cmpstr (x->account->plan, ==, y->account->plan);
      g_assert_cmpint (x->account->cancelled_day, ==, y->account->cancelled_day);
      g_assert_cmpuint (x->account->activity->len, ==, y->account->activity->len);
      for (guint k = 0; k < x->account->activity->len; k++)
        {
          const MsCsmActivity *u = &g_array_index (x->account->activity, MsCsmActivity, k);
          const MsCsmActivity *v = &g_array_index (y->account->activity, MsCsmActivity, k);

          g_assert_true (u->day == v->day && u->user == v->user && u->kind == v->kind &&
                         u->count == v->count);
        }
      differs |= x->account->activity->len != z->account->activity->len;
      archetypes[x->archetype]++;
      /* nothing happens after today, nor before the account began */
      for (guint k = 0; k < x->account->activity->len; k++)
        {
          const MsCsmActivity *act = &g_array_index (x->account->activity, MsCsmActivity, k);

          g_assert_cmpint (act->day, <=, TODAY);
          g_assert_cmpint (act->day, >=, x->account->created_day);
          g_assert_cmpuint (act->user, <, x->account->n_people);
          if (x->account->cancelled_day >= 0)
            g_assert_cmpint (act->day, <=, x->account->cancelled_day);
        }
    }
  g_assert_true (differs);
  g_assert_cmpuint (archetypes[MS_CSM_STEADY], >, 0);
}

static void
test_train_on_population (void)
{
  g_autoptr(GPtrArray) population = ms_csm_population_generate (500, TODAY, 1);
  g_autoptr(GPtrArray) accounts = ms_csm_population_accounts (population);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsChurnModel) model = NULL;
  JsonObject *card, *validation;
  JsonArray *top;
  guint live = 0, churned = 0;

  for (guint i = 0; i < accounts->len; i++)
    {
      MsCsmAccount *account = accounts->pdata[i];

      live += ms_csm_account_is_live (account, TODAY);
      churned += ms_csm_account_churned_by (account, TODAY, ms_csm_signals_inactive_days ());
    }
  g_test_message ("population of 500: %u live today, %u churned", live, churned);
  g_assert_cmpuint (live, >, 250);
  g_assert_cmpuint (churned, >, 40);

  model = ms_csm_train (accounts, TODAY, ms_csm_day_start (TODAY) + 6 * G_TIME_SPAN_HOUR, &error);
  g_assert_no_error (error);
  g_assert_nonnull (model);
  card = ms_churn_model_get_card (model);
  validation = json_object_get_object_member (card, "validation");
  top = json_object_get_array_member (card, "top_features");
  g_test_message ("demo model: trained on %" G_GINT64_FORMAT " rows (%" G_GINT64_FORMAT
                  " churned), %s to %s; validated on %" G_GINT64_FORMAT " rows from %s: AUC %.3f "
                  "(health score alone %.3f), precision %.3f recall %.3f at 80, calibration "
                  "error %.1f pt; top feature %s",
                  json_object_get_int_member (card, "training_rows"),
                  json_object_get_int_member (card, "training_churned"),
                  json_object_get_string_member (card, "training_from"),
                  json_object_get_string_member (card, "training_to"),
                  json_object_get_int_member (validation, "rows"),
                  json_object_get_string_member (card, "validation_from"),
                  json_object_get_double_member (validation, "auc"),
                  json_object_get_double_member_with_default (validation, "health_auc", NAN),
                  json_object_get_double_member_with_default (validation, "precision", NAN),
                  json_object_get_double_member_with_default (validation, "recall", NAN),
                  json_object_get_double_member (validation, "calibration_error") * 100,
                  json_object_get_string_member (json_array_get_object_element (top, 0), "signal"));
  g_assert_cmpstr (json_object_get_string_member (card, "split"), ==, "time");
  g_assert_cmpint (json_object_get_int_member (card, "features"), ==, MS_N_SIGNALS);
  g_assert_cmpint (json_object_get_int_member (card, "training_rows"), >, 3000);
  g_assert_cmpfloat (json_object_get_double_member (validation, "auc"), >, 0.75);
  g_assert_cmpfloat (json_object_get_double_member (validation, "calibration_error"), <, 0.1);
  g_assert_cmpuint (json_array_get_length (top), >, 0);

  /* Today's reasons for the account the model fears most */
  {
    g_autofree float *x = g_new (float, (gsize) accounts->len * MS_N_SIGNALS);
    g_autofree float *contributions = g_new (float, (gsize) accounts->len * (MS_N_SIGNALS + 1));
    g_autofree double *p = g_new (double, accounts->len);
    g_autoptr(JsonArray) reasons = NULL;
    guint worst = 0;

    for (guint i = 0; i < accounts->len; i++)
      {
        MsCsmSignals s;

        ms_csm_signals_compute (accounts->pdata[i], TODAY, &s);
        memcpy (x + (gsize) i * MS_N_SIGNALS, s.values, sizeof s.values);
      }
    ms_churn_model_score_batch (model, x, accounts->len, p, contributions);
    for (guint i = 0; i < accounts->len; i++)
      if (ms_csm_account_is_live (accounts->pdata[i], TODAY) && p[i] > p[worst])
        worst = i;
    reasons = ms_reasons_top (model, contributions + (gsize) worst * (MS_N_SIGNALS + 1),
                              x + (gsize) worst * MS_N_SIGNALS, MS_REASONS_TOP, "en");
    g_assert_cmpuint (json_array_get_length (reasons), >=, 1);
    for (guint k = 0; k < json_array_get_length (reasons); k++)
      {
        JsonObject *r = json_array_get_object_element (reasons, k);

        g_test_message ("  %s (+%.1f points): %s", json_object_get_string_member (r, "signal"),
                        json_object_get_double_member (r, "points"),
                        json_object_get_string_member (r, "sentence"));
        g_assert_cmpfloat (json_object_get_double_member (r, "points"), >, 0);
        g_assert_cmpstr (json_object_get_string_member (r, "action"), !=, "");
        if (k > 0)
          g_assert_cmpfloat (json_object_get_double_member (r, "points"), <=,
                             json_object_get_double_member (
                               json_array_get_object_element (reasons, k - 1), "points"));
      }
  }
}

static void
test_too_little_history (void)
{
  g_autoptr(GPtrArray) population = ms_csm_population_generate (15, TODAY, 3);
  g_autoptr(GPtrArray) accounts = ms_csm_population_accounts (population);
  g_autoptr(GError) error = NULL;
  MsChurnModel *model = ms_csm_train (accounts, TODAY, 0, &error);

  g_assert_null (model);
  g_assert_error (error, MS_CHURN_ERROR, MS_CHURN_ERROR_TOO_FEW);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ms/csm/population-is-seeded", test_population_is_seeded);
  g_test_add_func ("/ms/csm/train-on-population", test_train_on_population);
  g_test_add_func ("/ms/csm/too-little-history", test_too_little_history);

  return g_test_run ();
}
