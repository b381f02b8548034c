/* ms-history-order.c — past sends, oldest first, for holding back the newest
 *
 * Dated rows go by date (then by their order in the input); rows without a
 * date count as older than any dated row and come in a shuffle seeded by the
 * caller (Fisher–Yates with GRand: the same order on every machine).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ms-history-order.h"

typedef struct
{
  const char *date;
  guint       index;
  guint       shuffled;
} OrderKey;

static int
compare_order (gconstpointer a,
               gconstpointer b)
{
  const OrderKey *x = a, *y = b;

  if ((x->date == NULL) != (y->date == NULL))
    return x->date == NULL ? -1 : 1;
  if (x->date == NULL)
    return x->shuffled < y->shuffled ? -1 : x->shuffled > y->shuffled;
  if (strcmp (x->date, y->date) != 0)
    return strcmp (x->date, y->date);
  return x->index < y->index ? -1 : x->index > y->index;
}

/**
 * ms_history_order_dates:
 * @dates: (array length=n): "YYYY-MM-DD" or NULL per row
 *
 * Returns: (transfer full) (array length=n): row indices, oldest first
 */
guint *
ms_history_order_dates (const char * const *dates,
                        guint               n,
                        guint32             seed)
{
  g_autofree OrderKey *keys = g_new (OrderKey, n + 1);
  g_autofree guint *perm = g_new (guint, n + 1);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint *order = g_new (guint, n + 1);

  for (guint i = 0; i < n; i++)
    perm[i] = i;
  for (guint i = n; i > 1; i--)
    {
      guint j = (guint) g_rand_int_range (rand, 0, (gint32) i);
      guint tmp = perm[i - 1];

      perm[i - 1] = perm[j];
      perm[j] = tmp;
    }
  for (guint i = 0; i < n; i++)
    {
      keys[perm[i]].shuffled = i;
      keys[i].date = dates[i];
      keys[i].index = i;
    }
  if (n > 1)
    qsort (keys, n, sizeof *keys, compare_order);
  for (guint i = 0; i < n; i++)
    order[i] = keys[i].index;
  return order;
}

/**
 * ms_history_order_rows:
 *
 * ms_history_order_dates() on the rows' send dates.
 *
 * Returns: (transfer full) (array length=n_rows): row indices, oldest first
 */
guint *
ms_history_order_rows (const MsCampaignRow *rows,
                       guint                n_rows,
                       guint32              seed)
{
  g_autofree const char **dates = g_new (const char *, n_rows + 1);

  for (guint i = 0; i < n_rows; i++)
    dates[i] = rows[i].sent_on;
  return ms_history_order_dates (dates, n_rows, seed);
}
