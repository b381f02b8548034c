/* ms-personal-setting-repository.h — settings that follow the person to every device
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-store.h"

G_BEGIN_DECLS

/* The sending system (ESP) adds the 特定電子メール法 footer (on/off). */
#define MS_PERSONAL_SETTING_ESP_FOOTER "esp_footer"
/* The first-run checklist was closed (on/off). */
#define MS_PERSONAL_SETTING_ONBOARDING_DISMISSED "onboarding_dismissed"

#define MS_TYPE_PERSONAL_SETTING_REPOSITORY (ms_personal_setting_repository_get_type ())

G_DECLARE_FINAL_TYPE (MsPersonalSettingRepository, ms_personal_setting_repository, MS, PERSONAL_SETTING_REPOSITORY, GObject)

MsPersonalSettingRepository *ms_personal_setting_repository_new         (MsStore                     *store) G_GNUC_WARN_UNUSED_RESULT;
gboolean                     ms_personal_setting_repository_get_boolean (MsPersonalSettingRepository *self,
                                                                         const char                  *key);
gboolean                     ms_personal_setting_repository_set_boolean (MsPersonalSettingRepository *self,
                                                                         const char                  *key,
                                                                         gboolean                     value,
                                                                         GError                     **error);

G_END_DECLS
