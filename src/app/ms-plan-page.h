/* ms-plan-page.h — the Plan section: your plan, and your team's subscription
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "billing/ms-billing.h"
#include "ms-context.h"

G_BEGIN_DECLS

#define MS_TYPE_PLAN_PAGE (ms_plan_page_get_type ())

G_DECLARE_FINAL_TYPE (MsPlanPage, ms_plan_page, MS, PLAN_PAGE, GtkWidget)

void        ms_plan_page_refresh         (MsPlanPage     *self);
void        ms_plan_page_choose          (MsPlanPage     *self,
                                          const char     *plan,
                                          MsBillingCycle  cycle);
gint64      ms_plan_page_get_preview     (MsPlanPage     *self);
gint64      ms_plan_page_get_charged     (MsPlanPage     *self);
JsonObject *ms_plan_page_get_description (MsPlanPage     *self);

G_END_DECLS
