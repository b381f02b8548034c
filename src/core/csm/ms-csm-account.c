/* ms-csm-account.c — what the service knows of one customer account, day by day
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-csm"

#include "config.h"

#include "ms-csm-account.h"

/* Asia/Tokyo has no daylight saving: a day is UTC+9 midnight to midnight. */
#define JST_OFFSET (9 * G_TIME_SPAN_HOUR)

static const char * const kind_names[MS_CSM_N_KINDS] = {
  "signin", "scoring", "result", "import", "export", "history", "review", "api",
  "feedback_resolved",
};

MsCsmAccount *
ms_csm_account_new (const char *tenant,
                    const char *plan,
                    gint32      created_day)
{
  MsCsmAccount *account = g_new0 (MsCsmAccount, 1);

  account->tenant = g_strdup (tenant);
  account->plan = g_strdup (plan);
  account->created_day = created_day;
  account->cancelled_day = -1;
  account->n_people = 1;
  account->same_domain = 1;
  account->activity = g_array_new (FALSE, FALSE, sizeof (MsCsmActivity));
  account->payments = g_array_new (FALSE, FALSE, sizeof (MsCsmPayment));
  account->support = g_array_new (FALSE, FALSE, sizeof (MsCsmSupport));
  account->surveys = g_array_new (FALSE, FALSE, sizeof (MsCsmSurvey));
  return account;
}

void
ms_csm_account_free (MsCsmAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->tenant);
  g_free (account->plan);
  g_array_unref (account->activity);
  g_array_unref (account->payments);
  g_array_unref (account->support);
  g_array_unref (account->surveys);
  g_free (account);
}

void
ms_csm_account_add_activity (MsCsmAccount *account,
                             gint32        day,
                             guint         user,
                             MsCsmKind     kind,
                             guint         count)
{
  MsCsmActivity a = { day, user, (guint16) kind, count };

  g_return_if_fail (kind < MS_CSM_N_KINDS);
  if (count > 0)
    g_array_append_val (account->activity, a);
}

static int
compare_activity (gconstpointer a,
                  gconstpointer b)
{
  const MsCsmActivity *x = a, *y = b;

  if (x->day != y->day)
    return x->day < y->day ? -1 : 1;
  if (x->user != y->user)
    return x->user < y->user ? -1 : 1;
  return (int) x->kind - (int) y->kind;
}

static int
compare_payment (gconstpointer a,
                 gconstpointer b)
{
  const MsCsmPayment *x = a, *y = b;

  return x->due_day < y->due_day ? -1 : x->due_day > y->due_day;
}

static int
compare_support (gconstpointer a,
                 gconstpointer b)
{
  const MsCsmSupport *x = a, *y = b;

  return x->opened_day < y->opened_day ? -1 : x->opened_day > y->opened_day;
}

static int
compare_survey (gconstpointer a,
                gconstpointer b)
{
  const MsCsmSurvey *x = a, *y = b;

  return x->day < y->day ? -1 : x->day > y->day;
}

/* Orders every list by day, as the signals expect. */
void
ms_csm_account_sort (MsCsmAccount *account)
{
  g_array_sort (account->activity, compare_activity);
  g_array_sort (account->payments, compare_payment);
  g_array_sort (account->support, compare_support);
  g_array_sort (account->surveys, compare_survey);
}

/**
 * ms_csm_account_last_active:
 *
 * Returns: the last day with any activity on or before @on_or_before, or
 *   the day the account was created when there is none
 */
gint32
ms_csm_account_last_active (const MsCsmAccount *account,
                            gint32              on_or_before)
{
  for (guint i = account->activity->len; i > 0; i--)
    {
      const MsCsmActivity *a = &g_array_index (account->activity, MsCsmActivity, i - 1);

      if (a->day <= on_or_before)
        return a->day;
    }
  return account->created_day;
}

/**
 * ms_csm_account_churned_by:
 *
 * Returns: whether the account had churned on @day: it cancelled on or
 *   before it, or nobody used it in the @inactive_days days up to it
 */
gboolean
ms_csm_account_churned_by (const MsCsmAccount *account,
                           gint32              day,
                           guint               inactive_days)
{
  if (account->cancelled_day >= 0 && account->cancelled_day <= day)
    return TRUE;
  return day - ms_csm_account_last_active (account, day) >= (gint32) inactive_days;
}

gint32
ms_csm_day_from_time (gint64 unix_usec)
{
  gint64 local = unix_usec + JST_OFFSET;

  /* floor division: days before 1970 stay right */
  return (gint32) (local >= 0 ? local / G_TIME_SPAN_DAY
                              : -((-local + G_TIME_SPAN_DAY - 1) / G_TIME_SPAN_DAY));
}

/* Returns: the start of @day in Asia/Tokyo, in microseconds since the epoch */
gint64
ms_csm_day_start (gint32 day)
{
  return (gint64) day * G_TIME_SPAN_DAY - JST_OFFSET;
}

const char *
ms_csm_kind_to_string (MsCsmKind kind)
{
  g_return_val_if_fail (kind < MS_CSM_N_KINDS, NULL);
  return kind_names[kind];
}

gboolean
ms_csm_kind_from_string (const char *name,
                         MsCsmKind  *kind)
{
  for (guint i = 0; i < MS_CSM_N_KINDS; i++)
    if (g_strcmp0 (name, kind_names[i]) == 0)
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}
