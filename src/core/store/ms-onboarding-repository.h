/* ms-onboarding-repository.h — the first-run checklist: which steps apply, which are done
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-entitlements.h"
#include "ms-store.h"

G_BEGIN_DECLS

/* The steps of the checklist (data/onboarding.json "steps"). */
#define MS_ONBOARDING_SCORE       "score"
#define MS_ONBOARDING_PREVIEW     "preview"
#define MS_ONBOARDING_FIX         "fix"
#define MS_ONBOARDING_SAVE        "save"
#define MS_ONBOARDING_RESULT      "result"
#define MS_ONBOARDING_IMPORT      "import"
#define MS_ONBOARDING_INVITE      "invite"
#define MS_ONBOARDING_BRAND_RULES "brand_rules"

typedef struct
{
  char *id;
  char *section;     /* the window's section where it is done */
  char *feature;     /* the plan feature it needs, or NULL */
  gboolean team_owner;  /* only for people who own a team */
} MsOnboardingStep;

#define MS_TYPE_ONBOARDING_REPOSITORY (ms_onboarding_repository_get_type ())

G_DECLARE_FINAL_TYPE (MsOnboardingRepository, ms_onboarding_repository, MS, ONBOARDING_REPOSITORY, GObject)

MsOnboardingRepository *ms_onboarding_repository_new       (MsStore                 *store) G_GNUC_WARN_UNUSED_RESULT;
gboolean                ms_onboarding_repository_is_done   (MsOnboardingRepository  *self,
                                                            const char              *step);
gint64                  ms_onboarding_repository_get_done_at (MsOnboardingRepository *self,
                                                              const char             *step);
gboolean                ms_onboarding_repository_mark_done (MsOnboardingRepository  *self,
                                                            const char              *step,
                                                            GError                 **error);
GPtrArray              *ms_onboarding_repository_list_steps (MsOnboardingRepository *self) G_GNUC_WARN_UNUSED_RESULT;
guint                   ms_onboarding_repository_count_done (MsOnboardingRepository *self,
                                                             GPtrArray              *steps);

GPtrArray              *ms_onboarding_list_steps           (MsEntitlements          *plan,
                                                            gboolean                 team_owner) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray              *ms_onboarding_list_all_steps       (void) G_GNUC_WARN_UNUSED_RESULT;
JsonObject             *ms_onboarding_dup_sample           (void) G_GNUC_WARN_UNUSED_RESULT;
void                    ms_onboarding_step_free            (MsOnboardingStep        *step);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsOnboardingStep, ms_onboarding_step_free)

G_END_DECLS
