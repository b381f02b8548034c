/* ms-core.h — everything the app, the CLI and the server use from the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-channel.h"
#include "ms-data.h"
#include "ms-draft.h"
#include "ms-score-band.h"
#include "preview/ms-preview.h"
#include "score/ms-score.h"
#include "text/ms-text.h"

G_BEGIN_DECLS

void ms_core_init_i18n (void);

G_END_DECLS
