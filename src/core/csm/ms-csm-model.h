/* ms-csm-model.h — the churn model trained on the service's own history, and its card
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-churn-model.h"
#include "ms-csm-account.h"

G_BEGIN_DECLS

MsChurnData  *ms_csm_training_rows  (GPtrArray    *accounts,
                                     gint32        first_day,
                                     gint32        last_day,
                                     GArray      **days) G_GNUC_WARN_UNUSED_RESULT;
MsChurnModel *ms_csm_train          (GPtrArray    *accounts,
                                     gint32        today,
                                     gint64        now,
                                     GError      **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean      ms_csm_account_is_live (const MsCsmAccount *account,
                                      gint32              day);

G_END_DECLS
