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
  gint64       access_ttl;            /* microseconds */
  gint64       refresh_ttl;           /* microseconds */
  MsPwhashCost pwhash_cost;
  guint        max_failures;          /* sign-in failures per email+address per window */
  guint        max_address_failures;  /* sign-in failures per address per window */
  gint64       failure_window;
  double       signins_per_second;    /* sign-in attempts in all, over time … */
  double       signin_burst;          /* … and at once */
  guint        pwhash_threads;        /* passwords hashed at once (0: processors − 1, ≥ 1) */
  guint        pwhash_queue;          /* passwords waiting for a thread; more is a 503 */
} MsServerAuthConfig;

#define MS_SERVER_AUTH_CONFIG_INIT { G_TIME_SPAN_HOUR, 30 * G_TIME_SPAN_DAY, \
                                     MS_PWHASH_INTERACTIVE, 5, 50, 15 * G_TIME_SPAN_MINUTE, \
                                     20.0, 40.0, 0, 64 }

/* A token bucket: ms_server_bucket_take() */
typedef struct
{
  double tokens;
  gint64 updated;
} MsServerBucket;

typedef struct _MsServerSignup MsServerSignup;
typedef struct _MsServerSignin MsServerSignin;

gboolean    ms_server_auth_init              (GError                    **error);
char       *ms_server_auth_tenant_for_user   (const char                 *user_id) G_GNUC_WARN_UNUSED_RESULT;
char       *ms_server_auth_hash_token        (const char                 *token) G_GNUC_WARN_UNUSED_RESULT;
char       *ms_server_auth_normalize_email   (const char                 *email,
                                              GError                    **error) G_GNUC_WARN_UNUSED_RESULT;

char       *ms_server_auth_hash_password     (const char                 *password,
                                              MsPwhashCost                cost,
                                              GError                    **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    ms_server_auth_verify_password   (const char                 *hash,
                                              const char                 *password,
                                              MsPwhashCost                cost);
gboolean    ms_server_bucket_take            (MsServerBucket             *bucket,
                                              double                      rate,
                                              double                      burst,
                                              gint64                      now);

MsServerSignup *ms_server_auth_signup_begin  (JsonObject                 *request,
                                              GError                    **error) G_GNUC_WARN_UNUSED_RESULT;
JsonObject *ms_server_auth_signup_end        (MsServerStorage            *storage,
                                              const MsServerAuthConfig   *config,
                                              MsServerSignup             *signup,
                                              const char                 *hash,
                                              gint64                      now,
                                              GError                    **error) G_GNUC_WARN_UNUSED_RESULT;
const char *ms_server_signup_get_password    (MsServerSignup             *signup);
void        ms_server_signup_free            (MsServerSignup             *signup);

MsServerSignin *ms_server_auth_signin_begin  (MsServerStorage            *storage,
                                              const MsServerAuthConfig   *config,
                                              JsonObject                 *request,
                                              const char                 *address,
                                              gint64                      now,
                                              gint64                     *retry_after,
                                              GError                    **error) G_GNUC_WARN_UNUSED_RESULT;
JsonObject *ms_server_auth_signin_end        (MsServerStorage            *storage,
                                              const MsServerAuthConfig   *config,
                                              MsServerSignin             *signin,
                                              gboolean                    verified,
                                              gint64                      now,
                                              GError                    **error) G_GNUC_WARN_UNUSED_RESULT;
const char *ms_server_signin_get_password    (MsServerSignin             *signin);
const char *ms_server_signin_get_hash        (MsServerSignin             *signin);
void        ms_server_signin_free            (MsServerSignin             *signin);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsServerSignup, ms_server_signup_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsServerSignin, ms_server_signin_free)

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
