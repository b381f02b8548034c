/* ms-server-json.h — errors, request bodies and JSON replies of msgscore-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define MS_SERVER_ERROR (ms_server_error_quark ())

/* Each code has one HTTP status and one wire code (README-sync.md). */
typedef enum
{
  MS_SERVER_ERROR_INTERNAL,             /* 500 internal */
  MS_SERVER_ERROR_MALFORMED,            /* 400 malformed */
  MS_SERVER_ERROR_AUTH_REQUIRED,        /* 401 auth_required */
  MS_SERVER_ERROR_INVALID_TOKEN,        /* 401 invalid_token */
  MS_SERVER_ERROR_TOKEN_EXPIRED,        /* 401 token_expired */
  MS_SERVER_ERROR_INVALID_CREDENTIALS,  /* 401 invalid_credentials */
  MS_SERVER_ERROR_FORBIDDEN_TENANT,     /* 403 forbidden_tenant */
  MS_SERVER_ERROR_NOT_FOUND,            /* 404 not_found */
  MS_SERVER_ERROR_METHOD_NOT_ALLOWED,   /* 405 method_not_allowed */
  MS_SERVER_ERROR_MUTATION_GAP,         /* 409 mutation_gap */
  MS_SERVER_ERROR_EMAIL_TAKEN,          /* 409 email_taken */
  MS_SERVER_ERROR_LENGTH_REQUIRED,      /* 411 length_required */
  MS_SERVER_ERROR_TOO_LARGE,            /* 413 too_large */
  MS_SERVER_ERROR_UPGRADE_REQUIRED,     /* 422 upgrade_required */
  MS_SERVER_ERROR_RATE_LIMITED,         /* 429 rate_limited */
  MS_SERVER_ERROR_UNAVAILABLE,          /* 503 unavailable */
  /* Rejections of one mutation (never an HTTP status of their own). */
  MS_SERVER_ERROR_INVALID_ARGS,         /* invalid_args */
  MS_SERVER_ERROR_UNKNOWN_MUTATION,     /* unknown_mutation */
  MS_SERVER_ERROR_ROW_NOT_FOUND,        /* not_found */
  MS_SERVER_ERROR_CONFLICT,             /* conflict */
  MS_SERVER_ERROR_LIMIT_REACHED,        /* limit_reached */
  /* Teams (HTTP routes; forbidden_role is also a push rejection). */
  MS_SERVER_ERROR_FORBIDDEN_ROLE,       /* 403 forbidden_role */
  MS_SERVER_ERROR_SEATS_FULL,           /* 409 seats_full */
  MS_SERVER_ERROR_LAST_OWNER,           /* 409 last_owner */
  MS_SERVER_ERROR_INVITE_NOT_FOUND,     /* 404 invite_not_found */
  MS_SERVER_ERROR_INVITE_EXPIRED,       /* 410 invite_expired */
  MS_SERVER_ERROR_INVITE_USED,          /* 410 invite_used */
  MS_SERVER_ERROR_INVITE_WRONG_ACCOUNT, /* 403 invite_wrong_account */
  /* Plans (a route's answer, and a push rejection) */
  MS_SERVER_ERROR_UPGRADE_NEEDED,       /* 402 upgrade_needed (+ plan) */
} MsServerError;

GQuark      ms_server_error_quark        (void);
const char *ms_server_error_code         (const GError       *error);
guint       ms_server_error_status       (const GError       *error);

JsonObject *ms_server_json_parse_body    (SoupServerMessage  *msg,
                                          gsize               max_bytes,
                                          GError            **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    ms_server_json_check_length  (SoupServerMessage  *msg,
                                          gsize               max_bytes,
                                          GError            **error);

void        ms_server_reply_json         (SoupServerMessage  *msg,
                                          guint               status,
                                          JsonNode           *node);
void        ms_server_reply_object       (SoupServerMessage  *msg,
                                          guint               status,
                                          JsonObject         *object);
void        ms_server_reply_error        (SoupServerMessage  *msg,
                                          const GError       *error,
                                          JsonObject         *extra);
JsonObject *ms_server_error_to_json      (const GError       *error) G_GNUC_WARN_UNUSED_RESULT;

const char *ms_server_json_get_string    (JsonObject         *object,
                                          const char         *name,
                                          gboolean            required,
                                          GError            **error);
gboolean    ms_server_json_get_int       (JsonObject         *object,
                                          const char         *name,
                                          gboolean            required,
                                          gint64             *value,
                                          GError            **error);
gboolean    ms_server_json_get_double    (JsonObject         *object,
                                          const char         *name,
                                          gboolean            required,
                                          gboolean           *is_null,
                                          double             *value,
                                          GError            **error);
JsonObject *ms_server_json_get_object    (JsonObject         *object,
                                          const char         *name,
                                          GError            **error);
JsonArray  *ms_server_json_get_array     (JsonObject         *object,
                                          const char         *name,
                                          GError            **error);

G_END_DECLS
