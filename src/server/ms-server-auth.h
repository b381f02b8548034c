/* ms-server-auth.h — accounts, passwords, bearer tokens, tenant authorisation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "ms-server-storage.h"

G_BEGIN_DECLS

typedef enum
{
  MS_PWHASH_INTERACTIVE,   /* the default: libsodium's interactive limits */
  MS_PWHASH_MODERATE,
  MS_PWHASH_MIN,           /* tests only: Argon2id with the smallest limits */
} MsPwhashCost;

typedef struct
{
  gint64       access_ttl;    /* microseconds */
  gint64       refresh_ttl;   /* microseconds */
  MsPwhashCost pwhash_cost;
  guint        max_failures;  /* sign-in failures per email+address per window */
  gint64       failure_window;
} MsServerAuthConfig;

#define MS_SERVER_AUTH_CONFIG_INIT { G_TIME_SPAN_HOUR, 30 * G_TIME_SPAN_DAY, \
                                     MS_PWHASH_INTERACTIVE, 5, 15 * G_TIME_SPAN_MINUTE }

gboolean    ms_server_auth_init              (GError                    **error);
char       *ms_server_auth_tenant_for_user   (const char                 *user_id) G_GNUC_WARN_UNUSED_RESULT;
char       *ms_server_auth_hash_token        (const char                 *token) G_GNUC_WARN_UNUSED_RESULT;

JsonObject *ms_server_auth_signup            (MsServerStorage            *storage,
                                              const MsServerAuthConfig   *config,
                                              JsonObject                 *request,
                                              gint64                      now,
                                              GError                    **error) G_GNUC_WARN_UNUSED_RESULT;
JsonObject *ms_server_auth_signin            (MsServerStorage            *storage,
                                              const MsServerAuthConfig   *config,
                                              JsonObject                 *request,
                                              const char                 *address,
                                              gint64                      now,
                                              gint64                     *retry_after,
                                              GError                    **error) G_GNUC_WARN_UNUSED_RESULT;
JsonObject *ms_server_auth_refresh           (MsServerStorage            *storage,
                                              const MsServerAuthConfig   *config,
                                              JsonObject                 *request,
                                              gint64                      now,
                                              GError                    **error) G_GNUC_WARN_UNUSED_RESULT;
MsServerUser *ms_server_auth_authenticate    (MsServerStorage            *storage,
                                              SoupServerMessage          *msg,
                                              gint64                      now,
                                              char                      **session_id,
                                              GError                    **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    ms_server_auth_signout           (MsServerStorage            *storage,
                                              const char                 *session_id,
                                              gint64                      now,
                                              GError                    **error);
JsonObject *ms_server_auth_user_to_json      (const MsServerUser         *user) G_GNUC_WARN_UNUSED_RESULT;

gboolean    ms_server_authorize_tenant       (MsServerStorage            *storage,
                                              const MsServerUser         *user,
                                              const char                 *tenant,
                                              char                      **role,
                                              GError                    **error);

G_END_DECLS
