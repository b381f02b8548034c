/* ms-sync-client-private.h — what the parts of the sync client share
 *
 * MsSyncClient is one object whose work is in four files:
 *   ms-sync-client.c   the object: state shown to people, scheduling
 *   ms-sync-http.c     requests to the server and what their answers mean
 *   ms-sync-session.c  sign-in, tokens (refreshed on a 401), the account
 *   ms-sync-round.c    the round engine: me → teams → push → pull
 *   ms-sync-teams.c    the REST calls of the team routes
 *   ms-sync-staff.c    the staff routes, kept in the store for offline use
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ms-sync-backoff.h"
#include "ms-sync-client.h"
#include "store/ms-sync-state.h"

G_BEGIN_DECLS

#define DEFAULT_BATCH      200
#define PULL_LIMIT         500
#define PERIODIC_S         60
#define DEBOUNCE_MS        300
#define HTTP_TIMEOUT_S     30
#define MAX_GAPS_PER_ROUND 3

struct _MsSyncClient
{
  GObject        parent_instance;

  MsStore       *store;
  MsTokenStore  *tokens;
  char          *server_url;
  SoupSession   *session;
  GCancellable  *cancellable;

  /* The account */
  char          *access_token;
  char          *refresh_token;
  char          *email;
  char          *tenant;         /* the personal tenant */
  char          *user_id;
  char          *staff_role;     /* csm, lead, admin (/v1/me "staff"), or NULL */
  GPtrArray     *tenants;        /* every tenant to pull; NULL until /v1/me */
  GHashTable    *stopped;        /* tenants answered 403 */
  guint          account_changes; /* times the tenant list was replaced: a round
                                  * walking an older one stops (round_is_current) */
  gboolean       tokens_loaded;

  /* State shown to people */
  MsSyncState    state;
  gboolean       syncing;
  guint          pending;
  GError        *error;
  gint64         last_synced;

  /* Scheduling */
  gboolean       started;
  MsSyncBackoff  backoff;
  guint          retry_source;
  guint          debounce_source;
  guint          periodic_source;
  GPtrArray     *waiters;        /* GTask: want the next round */
  GPtrArray     *round_tasks;    /* GTask: served by the running round */
  gboolean       again;
  gint64         retry_after_ms; /* of the last round, -1 if none */

  guint          batch_size;
  gboolean       applying;       /* our own commits: not a local change */
  MsSyncStepHook hook;
  gpointer       hook_data;
};

enum {
  PROP_0,
  PROP_STORE,
  PROP_SERVER_URL,
  PROP_STATE,
  PROP_SYNCING,
  PROP_PENDING,
  PROP_LAST_ERROR,
  PROP_LAST_SYNCED,
  PROP_SIGNED_IN,
  PROP_EMAIL,
  PROP_STAFF_ROLE,
  N_PROPS
};

typedef struct
{
  char     *method;
  char     *path;
  GBytes   *body;
  gboolean  auth;
  gboolean  refreshed;
} MsSyncRequest;

typedef struct
{
  guint     status;
  JsonNode *root;
  gint64    retry_after_ms;
  GBytes   *bytes;          /* the body as it came (a PDF is not JSON) */
  char     *content_type;
} MsSyncResponse;

void            _ms_sync_response_free            (MsSyncResponse       *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsSyncResponse, _ms_sync_response_free)

/* ms-sync-client.c */
void            _ms_sync_client_notify            (MsSyncClient         *self,
                                                   guint                 prop_id);
void            _ms_sync_client_set_state         (MsSyncClient         *self,
                                                   MsSyncState           state);
void            _ms_sync_client_set_syncing       (MsSyncClient         *self,
                                                   gboolean              syncing);
void            _ms_sync_client_set_error         (MsSyncClient         *self,
                                                   const GError         *error);
void            _ms_sync_client_update_pending    (MsSyncClient         *self);
gboolean        _ms_sync_client_signed_in         (MsSyncClient         *self);
void            _ms_sync_client_settle_state      (MsSyncClient         *self);
void            _ms_sync_client_emit_rejected     (MsSyncClient         *self,
                                                   const char           *name,
                                                   const char           *code,
                                                   const char           *message);

/* ms-sync-http.c */
void            _ms_sync_http_request_async       (MsSyncClient         *self,
                                                   const char           *method,
                                                   const char           *path,
                                                   JsonNode             *body,
                                                   gboolean              auth,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
void            _ms_sync_http_request_text_async  (MsSyncClient         *self,
                                                   const char           *method,
                                                   const char           *path,
                                                   char                 *body,
                                                   gboolean              auth,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
MsSyncResponse *_ms_sync_http_request_finish      (MsSyncClient         *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void            _ms_sync_http_send                (GTask                *task);
JsonNode       *_ms_sync_http_parse_body          (GBytes               *bytes);
JsonObject     *_ms_sync_response_object          (MsSyncResponse       *response);
gint64          _ms_sync_response_expected_id     (MsSyncResponse       *response);
const char     *_ms_sync_response_code            (MsSyncResponse       *response);
GError         *_ms_sync_response_error           (MsSyncResponse       *response);
GError         *_ms_sync_plan_error               (const char           *plan);

/* ms-sync-session.c */
gboolean        _ms_sync_session_load_tokens      (MsSyncClient         *self,
                                                   GError              **error);
gboolean        _ms_sync_session_save_tokens      (MsSyncClient         *self,
                                                   JsonObject           *session,
                                                   GError              **error);
void            _ms_sync_session_forget_tokens    (MsSyncClient         *self);
gboolean        _ms_sync_session_take_account     (MsSyncClient         *self,
                                                   JsonObject           *me,
                                                   gboolean              save,
                                                   GError              **error);
void            _ms_sync_session_load_account     (MsSyncClient         *self);
void            _ms_sync_session_fetch_me_async   (MsSyncClient         *self,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
void            _ms_sync_session_refresh          (GTask                *task);

/* ms-sync-round.c */
void            _ms_sync_round_request            (MsSyncClient         *self);
void            _ms_sync_round_add_team_tenants   (MsSyncClient         *self);
MsTeam         *_ms_sync_team_from_json           (JsonNode             *node);

G_END_DECLS
