/* ms-api-keys-dialog.h — the active team's keys of the scoring API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ms-context.h"

G_BEGIN_DECLS

#define MS_TYPE_API_KEYS_DIALOG (ms_api_keys_dialog_get_type ())

G_DECLARE_FINAL_TYPE (MsApiKeysDialog, ms_api_keys_dialog, MS, API_KEYS_DIALOG, AdwWindow)

void ms_api_keys_dialog_present (GtkWindow *parent,
                                 MsContext *context);

G_END_DECLS
