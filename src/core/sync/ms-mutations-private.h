/* ms-mutations-private.h — what the entries of the mutation table share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-mutation.h"

G_BEGIN_DECLS

/* ms-mutations.c: the built-in entities, NULL-terminated */
MsSyncEntity * const *_ms_mutations_builtin (void);

extern MsSyncEntity _ms_history_entity;
extern MsSyncEntity _ms_segment_entity;
extern MsSyncEntity _ms_ng_word_entity;
extern MsSyncEntity _ms_personal_setting_entity;
extern MsSyncEntity _ms_onboarding_step_entity;
extern MsSyncEntity _ms_campaign_entity;
extern MsSyncEntity _ms_team_rules_entity;
extern MsSyncEntity _ms_team_ng_word_entity;
extern MsSyncEntity _ms_team_preset_entity;
extern MsSyncEntity _ms_team_member_entity;
extern MsSyncEntity _ms_shared_scoring_entity;
extern MsSyncEntity _ms_fix_request_entity;
extern MsSyncEntity _ms_feedback_entity;
extern MsSyncEntity _ms_knowledge_state_entity;
extern MsSyncEntity _ms_csm_touchpoint_entity;

/* ms-mutation-rows.c: helpers for the appliers */
gboolean  _ms_mutation_invalid         (GError           **error,
                                        const char        *message);
gboolean  _ms_mutation_not_found       (GError           **error);
gint64    _ms_row_get_time             (JsonObject        *row,
                                        const char        *member);
gboolean  _ms_row_is_live              (JsonObject        *row);
char     *_ms_object_to_string         (JsonObject        *object) G_GNUC_WARN_UNUSED_RESULT;

/* the server */
gint64    _ms_server_next_updated_at   (MsMutationServer  *server,
                                        JsonObject        *row);
gboolean  _ms_server_get_row           (MsMutationServer  *server,
                                        const char        *entity,
                                        const char        *id,
                                        gboolean           live,
                                        JsonObject       **row,
                                        GError           **error);
gboolean  _ms_server_put_unique        (MsMutationServer  *server,
                                        const char        *scope,
                                        const char        *entity,
                                        const char        *id,
                                        const char        *unique,
                                        MsLimit            limit,
                                        JsonObject        *row,
                                        GError           **error);
gboolean  _ms_server_delete            (MsMutationServer  *server,
                                        const char        *entity,
                                        const char        *id,
                                        gint64             deleted_at,
                                        GError           **error);

/* this device */
gint64    _ms_local_next_updated_at    (gint64             when,
                                        JsonObject        *row);
gboolean  _ms_local_put                (MsMutationLocal   *local,
                                        const char        *entity,
                                        const char        *id,
                                        JsonObject        *values,
                                        GError           **error);
gboolean  _ms_local_update_live        (MsMutationLocal   *local,
                                        const char        *entity,
                                        const char        *id,
                                        JsonObject        *values,
                                        gint64             when,
                                        GError           **error);
gboolean  _ms_local_delete             (MsMutationLocal   *local,
                                        const char        *entity,
                                        const char        *id,
                                        gint64             deleted_at,
                                        GError           **error);
gboolean  _ms_json_same_value          (JsonNode          *a,
                                        JsonNode          *b);

G_END_DECLS
