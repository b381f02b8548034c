/* ms-server-plans.h — a plan as GET /v1/me shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonObject *ms_server_plan_to_json (const char *plan_id) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
