/* ms-team-private.h — what the sync client uses of the team tables
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ms-store.h"
#include "ms-team.h"

G_BEGIN_DECLS

/* The synced team entities, in the order a tenant's rows are cleared. */
#define MS_TEAM_ENTITIES "team_rules", "team_ng_word", "team_preset", "team_member"

char     *_ms_team_dup_role            (MsStore     *store,
                                        const char  *tenant) G_GNUC_WARN_UNUSED_RESULT;
gboolean  _ms_team_put                 (MsStore     *store,
                                        MsTeam      *team,
                                        GError     **error);
gboolean  _ms_team_clear               (MsStore     *store,
                                        const char  *tenant,
                                        GError     **error);
gboolean  _ms_team_replace_all         (MsStore     *store,
                                        GPtrArray   *teams,
                                        GError     **error);
GPtrArray *_ms_team_list_ids           (MsStore     *store,
                                        GError     **error) G_GNUC_WARN_UNUSED_RESULT;
char     *_ms_team_normalize_word      (const char  *word) G_GNUC_WARN_UNUSED_RESULT;
gboolean  _ms_team_is_mutation         (const char  *name);
const char *_ms_team_entity_of         (const char  *name);
void      _ms_team_collect_rows        (const char  *tenant,
                                        const char  *name,
                                        JsonObject  *args,
                                        GHashTable  *rows);
gboolean  _ms_team_apply_mutation      (MsStore     *store,
                                        const char  *tenant,
                                        const char  *name,
                                        JsonObject  *args,
                                        gint64       created_at,
                                        GError     **error);
void      _ms_team_localize_row        (const char  *entity,
                                        const char  *tenant,
                                        JsonObject  *row);

G_END_DECLS
