/* ms-server-share.h — share links: a scoring's snapshot behind /r/<token>
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ms-server-storage.h"
#include "score/ms-message.h"
#include "score/ms-score-result.h"

G_BEGIN_DECLS

/* 128 random bits in URL-safe base64 without padding */
#define MS_SERVER_SHARE_TOKEN_CHARS 22

typedef struct
{
  MsMessage     *message;
  MsScoreResult *result;
  char          *sender;      /* the sender or account name the previews show */
} MsServerShareSnapshot;

void        ms_server_share_snapshot_clear  (MsServerShareSnapshot *snapshot);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MsServerShareSnapshot, ms_server_share_snapshot_clear)

/* A snapshot from its JSON ({"message", "result", "sender"}), bounded and
 * checked: the result's findings point into the message's fields. */
gboolean    ms_server_share_snapshot_parse  (JsonObject            *object,
                                             MsServerShareSnapshot *out,
                                             GError               **error);
/* The first @chars characters of @text, or all of it. */
char       *ms_server_share_dup_start       (const char            *text,
                                             glong                  chars) G_GNUC_WARN_UNUSED_RESULT;
/* Whether @token has the form of a share token (before any lookup). */
gboolean    ms_server_share_token_is_valid  (const char            *token);

/* The page of a link (HTML, Japanese): @extra_html goes after the findings
 * (the reviewer's form), NULL for none. */
char       *ms_server_share_render_page     (const MsServerShareSnapshot *snapshot,
                                             gint64                 expires_at,
                                             const char            *extra_html) G_GNUC_WARN_UNUSED_RESULT;
/* The page for a link that does not open (unknown, expired, revoked: the
 * same page for each), or for too many requests (@busy). */
char       *ms_server_share_render_gone     (gboolean               busy) G_GNUC_WARN_UNUSED_RESULT;

/* Routes (ms-server-share.c): POST/GET /v1/shares, DELETE /v1/shares/{id} */
JsonObject *ms_server_share_create          (MsServerStorage       *storage,
                                             const MsServerUser    *user,
                                             JsonObject            *request,
                                             gint64                 now,
                                             GError               **error) G_GNUC_WARN_UNUSED_RESULT;
JsonObject *ms_server_share_list            (MsServerStorage       *storage,
                                             const MsServerUser    *user,
                                             gint64                 now,
                                             GError               **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    ms_server_share_revoke          (MsServerStorage       *storage,
                                             const MsServerUser    *user,
                                             const char            *id,
                                             gint64                 now,
                                             GError               **error);
/* The link of @token if it opens now (and counts the view); NULL without
 * an error when it does not. */
MsServerShareLink *ms_server_share_open     (MsServerStorage       *storage,
                                             const char            *token,
                                             gint64                 now,
                                             GError               **error) G_GNUC_WARN_UNUSED_RESULT;
/* The same, without counting a view (a form sent from the page). */
MsServerShareLink *ms_server_share_find     (MsServerStorage       *storage,
                                             const char            *token,
                                             gint64                 now,
                                             GError               **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
