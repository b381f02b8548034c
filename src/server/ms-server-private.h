/* ms-server-private.h — what the server object and its request machinery share
 *
 * Only the server object (ms-server.c), its request machinery (ms-server-request.c,
 * ms-server-connection.c) and the route files (ms-server-*-routes.c) include this.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-server.h"
#include "ms-server-api.h"
#include "ms-server-auth.h"
#include "ms-server-hasher.h"
#include "ms-server-listener.h"
#include "ms-server-share.h"

G_BEGIN_DECLS

struct _MsServer
{
  GObject             parent_instance;

  MsServerStorage    *storage;
  SoupServer         *soup;
  GMainContext       *context;      /* soup's: replies are written there */
  GThreadPool        *workers;      /* storage work; NULL: on the main loop */
  guint               n_workers;
  GMutex              storage_lock;
  GHashTable         *thread_storage;  /* GThread → MsServerStorage, under storage_lock */
  guint               purge_interval;   /* seconds; 0: no timer */
  guint               purge_after_days;
  GSource            *purge_source;
  gboolean            purging;
  MsServerListener   *listener;
  MsServerHasher     *hasher;       /* made at listen, with the auth config then */
  MsServerBucket      signins;
  MsServerAuthConfig  auth;
  MsServerLimits      limits;
  MsServerApiLimiter *api_limiter;   /* POST /v1/score, per key */
  GStrv               trusted_proxies;
  gsize               max_body;
  gboolean            log_requests;
  GMutex              now_lock;
  gint64              now_for_testing;   /* under now_lock; 0: the real clock */

  guint               n_in_flight;
  gboolean            shutting_down;
  GTask              *shutdown_task;
};


/* Attached to a message once its headers are read: a connection waiting
 * for its next request (keep-alive) has a message that may never see one. */
typedef struct
{
  gint64      started;     /* monotonic, when the headers were read */
  const char *route;       /* the matched route's pattern, or NULL */
  char       *user_id;
} RequestInfo;

/* What a route answers, made in a worker and written by the main loop. */
typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;    /* set on the response */
  char               *body;       /* JSON */
  GBytes             *bytes;      /* or this (an invoice's PDF), of content_type */
  const char         *content_type;
} Reply;

typedef struct
{
  MsServer          *server;
  SoupServerMessage *msg;
  MsServerStorage   *storage;    /* the running thread's */
  guint              route;
  MsServerUser      *user;
  char              *session_id;
  JsonObject        *body;
  gint64             now;
  char              *params[2];  /* the path's {…} segments, in order */
  Reply              reply;
  gboolean           paused;
  /* sign-up and sign-in, between their steps */
  MsServerSignup    *signup;
  MsServerSignin    *signin;
  char              *hash;
  char              *address;
  gboolean           verified;
  gint64             retry_after;
  GError            *error;
} Request;

/* A step of a request: on a storage worker (with req->storage) or on the
 * main loop. */
typedef void (*WorkFunc) (Request *req);

void         _ms_server_request_info_free (gpointer            data);
RequestInfo *_ms_server_get_info          (SoupServerMessage  *msg);

Request     *_ms_server_request_new       (MsServer           *self,
                                           SoupServerMessage  *msg,
                                           guint               route);
void         _ms_server_request_free      (Request            *req);
void         _ms_server_request_finish    (Request            *req);

void         _ms_server_reply_json        (Request            *req,
                                           guint               status,
                                           JsonNode           *node);
void         _ms_server_reply_object      (Request            *req,
                                           guint               status,
                                           JsonObject         *object);
void         _ms_server_reply_take_body   (Request            *req,
                                           guint               status,
                                           char               *body);
void         _ms_server_reply_error_extra (Request            *req,
                                           const GError       *error,
                                           JsonObject         *extra);
void         _ms_server_reply_error       (Request            *req,
                                           const GError       *error);

MsServerStorage *_ms_server_dup_thread_storage (MsServer  *self,
                                               GError   **error);

/* ms-server-connection.c: around a route */
void         _ms_server_on_early_request_cb     (SoupServer        *soup,
                                                 SoupServerMessage *msg,
                                                 const char        *path,
                                                 GHashTable        *query,
                                                 gpointer           user_data);
void         _ms_server_on_request_finished_cb  (SoupServer        *soup,
                                                 SoupServerMessage *msg,
                                                 gpointer           user_data);
void         _ms_server_maybe_finish_shutdown   (MsServer          *self);

/* The routes, registered in the table of ms-server.c; each area's in a file of its own,
 * ms-server-<area>-routes.c. */

/* ms-server-account-routes.c */
void         _ms_server_handle_health  (Request *req);
void         _ms_server_handle_ready   (Request *req);
void         _ms_server_handle_me      (Request *req);
void         _ms_server_handle_signup  (Request *req);
void         _ms_server_handle_signin  (Request *req);
void         _ms_server_handle_refresh (Request *req);
void         _ms_server_handle_signout (Request *req);

/* ms-server-sync-routes.c */
void         _ms_server_handle_push    (Request *req);
void         _ms_server_handle_pull    (Request *req);

/* ms-server-teams-routes.c */
void         _ms_server_handle_team_create   (Request *req);
void         _ms_server_handle_team_list     (Request *req);
void         _ms_server_handle_team_members  (Request *req);
void         _ms_server_handle_team_invite   (Request *req);
void         _ms_server_handle_invite_accept (Request *req);
void         _ms_server_handle_team_remove   (Request *req);
void         _ms_server_handle_invite_cancel (Request *req);
void         _ms_server_handle_team_stats    (Request *req);

/* ms-server-billing-routes.c */
void         _ms_server_handle_subscription_get    (Request *req);
void         _ms_server_handle_subscription_change (Request *req);
void         _ms_server_handle_subscription_cancel (Request *req);
void         _ms_server_handle_subscription_resume (Request *req);
void         _ms_server_handle_invoices            (Request *req);
void         _ms_server_handle_invoice_pdf         (Request *req);

/* ms-server-csm-routes.c */
void         _ms_server_handle_staff_accounts (Request *req);
void         _ms_server_handle_staff_account  (Request *req);
void         _ms_server_handle_staff_owner    (Request *req);
void         _ms_server_handle_staff_model    (Request *req);
void         _ms_server_handle_staff_tasks    (Request *req);
void         _ms_server_handle_staff_task     (Request *req);
void         _ms_server_handle_staff_support  (Request *req);
void         _ms_server_handle_support_create (Request *req);
void         _ms_server_handle_support_list   (Request *req);
void         _ms_server_handle_support_rate   (Request *req);
void         _ms_server_handle_nps_status     (Request *req);
void         _ms_server_handle_nps_answer     (Request *req);
void         _ms_server_handle_loyalty        (Request *req);

/* The client's address: the peer's, or the one a trusted proxy names. */
char        *_ms_server_dup_client_address (Request          *req);

/* ms-server-share-routes.c */
void         _ms_server_handle_share_create (Request *req);
void         _ms_server_handle_share_list   (Request *req);
void         _ms_server_handle_share_revoke (Request *req);
void         _ms_server_handle_share_page   (Request *req);
void         _ms_server_handle_share_css    (Request *req);
void         _ms_server_share_reply_page    (Request *req,
                                             guint    status,
                                             char    *html);
gboolean     _ms_server_share_load_snapshot (const MsServerShareLink  *link,
                                             MsServerShareSnapshot    *snapshot,
                                             GError                  **error);

/* ms-server-review-routes.c: the reviewer's form on a share link's page */
void         _ms_server_handle_review_post  (Request *req);
char        *_ms_server_review_dup_form     (Request                     *req,
                                             const MsServerShareLink     *link,
                                             const MsServerShareSnapshot *snapshot);

/* ms-server-api-routes.c */
void         _ms_server_handle_api_key_create (Request *req);
void         _ms_server_handle_api_key_list   (Request *req);
void         _ms_server_handle_api_key_revoke (Request *req);
void         _ms_server_handle_score          (Request *req);
void         _ms_server_worker_func       (gpointer            data,
                                           gpointer            user_data);
void         _ms_server_run_in_worker     (Request            *req,
                                           WorkFunc            work,
                                           WorkFunc            done);

G_END_DECLS
