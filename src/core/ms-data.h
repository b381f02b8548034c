/* ms-data.h — the data files (rules, limits, devices) shipped inside the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

GBytes   *ms_data_lookup    (const char  *name,
                             GError     **error);
JsonNode *ms_data_load_json (const char  *name,
                             GError     **error);
char    **ms_data_list      (const char  *folder,
                             GError     **error);

G_END_DECLS
