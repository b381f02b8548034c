/* ms-csm-population.h — a seeded synthetic population of customer accounts (the demo)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-csm-account.h"

G_BEGIN_DECLS

typedef struct
{
  MsCsmAccount *account;
  char         *name;          /* a display name: a company or a person */
  char         *domain;        /* the email domain its people use */
  guint         archetype;     /* MsCsmArchetype */
} MsCsmDemoAccount;

typedef enum
{
  MS_CSM_STEADY,        /* uses it as planned */
  MS_CSM_CHAMPION,      /* uses it every day, recommends it */
  MS_CSM_FADING,        /* use falls away, then they leave */
  MS_CSM_TROUBLED,      /* support and payment trouble, then they leave */
  MS_CSM_DORMANT_FREE,  /* tried Free and stopped */
  MS_CSM_N_ARCHETYPES
} MsCsmArchetype;

GPtrArray  *ms_csm_population_generate (guint    n_accounts,
                                        gint32   today,
                                        guint32  seed) G_GNUC_WARN_UNUSED_RESULT;
void        ms_csm_demo_account_free   (MsCsmDemoAccount *account);
const char *ms_csm_archetype_to_string (MsCsmArchetype    archetype);
GPtrArray  *ms_csm_population_accounts (GPtrArray        *population) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
