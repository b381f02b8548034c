/* ms-store-all.h — the local store's public API, in one include
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "store/ms-campaign-repository.h"
#include "store/ms-entitlements.h"
#include "store/ms-feedback-repository.h"
#include "store/ms-history-item.h"
#include "store/ms-history-list.h"
#include "store/ms-history-repository.h"
#include "store/ms-history-records.h"
#include "store/ms-knowledge-repository.h"
#include "store/ms-learning.h"
#include "store/ms-learning-source.h"
#include "store/ms-message-codec.h"
#include "store/ms-ng-word.h"
#include "store/ms-ng-word-repository.h"
#include "store/ms-onboarding-repository.h"
#include "store/ms-personal-rules.h"
#include "store/ms-personal-setting-repository.h"
#include "store/ms-segment-preset.h"
#include "store/ms-segment-repository.h"
#include "store/ms-store.h"
#include "store/ms-team.h"
#include "store/ms-team-member.h"
#include "store/ms-team-repository.h"
#include "store/ms-team-rules-repository.h"
#include "store/ms-staff-account.h"
#include "store/ms-staff-repository.h"
#include "store/ms-touchpoint-repository.h"
#include "store/ms-team-stats-repository.h"
#include "store/ms-review-repository.h"
