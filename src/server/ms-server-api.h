/* ms-server-api.h — the public scoring API: a team's keys and POST /v1/score
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "score/ms-knowledge.h"
#include "ms-server-storage.h"

G_BEGIN_DECLS

#define MS_SERVER_API_KEY_PREFIX "msk_"
/* The API's feature in data/plans.json */
#define MS_SERVER_API_FEATURE "api"

/* Requests per key and minute: a fixed window per key, in this process. */
typedef struct _MsServerApiLimiter MsServerApiLimiter;

MsServerApiLimiter *ms_server_api_limiter_new   (void);
void                ms_server_api_limiter_free  (MsServerApiLimiter  *limiter);
guint               ms_server_api_limiter_get_limit (MsServerApiLimiter *limiter);
void                ms_server_api_limiter_set_limit (MsServerApiLimiter *limiter,
                                                     guint               limit);
gboolean            ms_server_api_limiter_take  (MsServerApiLimiter  *limiter,
                                                 const char          *key_id,
                                                 gint64               now,
                                                 guint               *remaining,
                                                 gint64              *reset_seconds);
/* Whether @key_id has requests left in its window, without taking one. */
gboolean            ms_server_api_limiter_peek  (MsServerApiLimiter  *limiter,
                                                 const char          *key_id,
                                                 gint64               now,
                                                 gint64              *reset_seconds);

JsonObject     *ms_server_api_create_key  (MsServerStorage     *storage,
                                           const MsServerUser  *user,
                                           const char          *team_id,
                                           JsonObject          *request,
                                           gint64               now,
                                           char               **needed_plan,
                                           GError             **error) G_GNUC_WARN_UNUSED_RESULT;
JsonObject     *ms_server_api_list_keys   (MsServerStorage     *storage,
                                           const MsServerUser  *user,
                                           const char          *team_id,
                                           gint64               now,
                                           GError             **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean        ms_server_api_revoke_key  (MsServerStorage     *storage,
                                           const MsServerUser  *user,
                                           const char          *team_id,
                                           const char          *key_id,
                                           gint64               now,
                                           GError             **error);
MsServerApiKey *ms_server_api_authenticate (MsServerStorage    *storage,
                                            SoupServerMessage  *msg,
                                            gint64              now,
                                            char              **needed_plan,
                                            char              **rules_json,
                                            GStrv              *ng_words,
                                            GError            **error) G_GNUC_WARN_UNUSED_RESULT;
char           *ms_server_api_score       (MsServerStorage     *storage,
                                           const MsServerApiKey *key,
                                           const char          *rules_json,
                                           const char * const  *ng_words,
                                           JsonObject          *request,
                                           gint64               now,
                                           GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* ms-server-api-knowledge.c: the team's knowledge, kept per tenant version */
GPtrArray      *ms_server_api_dup_knowledge (MsServerStorage   *storage,
                                             const char        *tenant,
                                             GError           **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
