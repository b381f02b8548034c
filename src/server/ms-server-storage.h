/* ms-server-storage.h — what the routes need from a database (SQLite or PostgreSQL)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  char   *id;             /* uuid */
  char   *email;          /* trimmed, lower-case */
  char   *name;
  char   *password_hash;  /* crypto_pwhash_str */
  char   *plan;           /* a plan id of data/plans.json */
  gint64  created_at;
} MsServerUser;

typedef struct
{
  char   *user_id;
  char   *session_id;
  gint64  expires_at;
  gboolean revoked;
} MsServerToken;

/* One synced row as stored: row_json is the row without "version". */
typedef struct
{
  char   *entity;
  char   *id;
  gint64  version;
  gint64  created_at;
  gint64  updated_at;
  gint64  deleted_at;     /* 0 while alive */
  char   *row_json;
  /* (nullable) (transfer none): row_json as an object, when the writer has
   * it (a put), so a backend reads facts of the row without parsing it */
  JsonObject *object;
} MsServerRow;

typedef struct
{
  char   *epoch;
  gint64  version;        /* the tenant's newest row version */
  gint64  purged_version; /* tombstones up to this version are gone */
} MsServerTenantState;

/* A team tenant ("team:<uuid>"): its billing facts. */
typedef struct
{
  char   *tenant;
  char   *name;
  char   *plan;            /* the plan in force */
  char   *plan_next;       /* a recorded downgrade, or NULL */
  gint64  plan_change_at;  /* when plan_next takes over (0: none) */
  gint64  extra_owners;    /* owners beyond the first: the paid add-on */
  gint64  created_at;
} MsServerTeam;

/* A team tenant's subscription (ms-server-billing.c). */
typedef struct
{
  char     *tenant;
  char     *state_json;          /* MsSubscriptionState as JSON (billing/ms-billing.h) */
  gboolean  cancel_at_period_end;
  char     *plan_next;           /* a change waiting for the period's end, or NULL */
  char     *cycle_next;          /* "monthly" | "yearly" | NULL */
  gint64    extra_owners_next;   /* -1: none */
  char     *provider;            /* the payment provider: "invoice" */
  char     *company_name;        /* the invoices' recipient, or NULL: the team's name */
  gint64    created_at;
  gint64    updated_at;
} MsServerSubscription;

/* An issued invoice: its document never changes; payments are apart. */
typedef struct
{
  char   *number;
  char   *tenant;
  gint64  issued_at;
  gint64  due_at;
  gint64  total;                 /* yen, tax included */
  char   *corrects;              /* the number of the invoice it corrects, or NULL */
  char   *document_json;         /* billing/ms-invoice.h */
  gint64  paid;                  /* read only: the payments recorded against it */
} MsServerInvoice;

typedef struct
{
  char   *hash;            /* SHA-256 (hex) of the token */
  char   *tenant;
  char   *email;
  char   *role;
  char   *invited_by;
  gint64  created_at;
  gint64  expires_at;
  gint64  used_at;         /* 0 while unused */
} MsServerInvite;

/* A key of the public scoring API (ms-server-api.c): a team's, stored hashed. */
typedef struct
{
  char   *id;              /* uuid */
  char   *hash;            /* SHA-256 (hex) of the key; NULL in lists */
  char   *tenant;          /* "team:<uuid>" */
  char   *name;
  char   *prefix;          /* the key's first characters, to recognise it */
  char   *created_by;      /* user id */
  gint64  created_at;
  gint64  last_used_at;    /* 0: never */
  gint64  uses;
  gint64  revoked_at;      /* 0 while in force */
} MsServerApiKey;

/* A share link (ms-server-share.c): a scoring's snapshot behind a random
 * token, stored hashed. */
typedef struct
{
  char   *id;              /* uuid */
  char   *hash;            /* SHA-256 (hex) of the token; NULL in lists */
  char   *tenant;          /* where the scoring lives: "user:<id>" or "team:<uuid>" */
  char   *created_by;      /* user id */
  char   *history_id;      /* the scoring's score_history id, or NULL */
  char   *title;           /* the subject or the start of the first bubble */
  char   *snapshot_json;   /* message and result; NULL in lists */
  gint64  created_at;
  gint64  expires_at;
  gint64  revoked_at;      /* 0 while in force */
  gint64  views;
  gint64  last_viewed_at;  /* 0: never */
} MsServerShareLink;

#define MS_TYPE_SERVER_STORAGE (ms_server_storage_get_type ())

G_DECLARE_INTERFACE (MsServerStorage, ms_server_storage, MS, SERVER_STORAGE, GObject)

typedef gboolean (*MsServerStorageFunc) (MsServerStorage  *storage,
                                         gpointer          user_data,
                                         GError          **error);

/* One saved scoring (score_history) of a team member, for the team's figures:
 * @goal is the segment's goal of its input, or NULL. */
typedef void     (*MsServerScoringFunc) (const char       *user_id,
                                         gint64            created_at,
                                         int               total,
                                         const char       *goal,
                                         gpointer          user_data);

/* Every function returns FALSE exactly when it sets @error. Lookups that
 * find nothing return TRUE with *out set to NULL (or *found to FALSE). */
struct _MsServerStorageInterface
{
  GTypeInterface parent_iface;

  /* threads: a storage the calling thread may use, on the same database
   * (a connection of its own; the same object where that is built in) */
  MsServerStorage *(*open_for_thread) (MsServerStorage  *self,
                                       GError          **error);
  /* readiness: the database answers a query */
  gboolean (*ping)                 (MsServerStorage      *self,
                                    GError              **error);

  /* accounts */
  gboolean (*create_user)          (MsServerStorage      *self,
                                    const MsServerUser   *user,
                                    const char           *tenant,
                                    GError              **error);
  gboolean (*find_user)            (MsServerStorage      *self,
                                    const char           *id,
                                    const char           *email,
                                    MsServerUser        **out,
                                    GError              **error);
  gboolean (*set_plan)             (MsServerStorage      *self,
                                    const char           *email,
                                    const char           *plan,
                                    GError              **error);
  gboolean (*add_token)            (MsServerStorage      *self,
                                    const char           *token_hash,
                                    const char           *kind,
                                    const MsServerToken  *token,
                                    GError              **error);
  gboolean (*find_token)           (MsServerStorage      *self,
                                    const char           *token_hash,
                                    const char           *kind,
                                    MsServerToken       **out,
                                    GError              **error);
  /* the token and its user in one query (every signed-in request); a
   * backend without it answers with find_token, then find_user */
  gboolean (*find_token_user)      (MsServerStorage      *self,
                                    const char           *token_hash,
                                    const char           *kind,
                                    MsServerToken       **token,
                                    MsServerUser        **user,
                                    GError              **error);
  gboolean (*revoke_token)         (MsServerStorage      *self,
                                    const char           *token_hash,
                                    gint64                now,
                                    gboolean             *revoked,
                                    GError              **error);
  gboolean (*revoke_session)       (MsServerStorage      *self,
                                    const char           *session_id,
                                    const char           *kind,
                                    gint64                now,
                                    GError              **error);
  gboolean (*add_login_failure)    (MsServerStorage      *self,
                                    const char           *key,
                                    gint64                at,
                                    GError              **error);
  gboolean (*count_login_failures) (MsServerStorage      *self,
                                    const char           *key,
                                    gint64                since,
                                    guint                *count,
                                    gint64               *oldest,
                                    GError              **error);
  gboolean (*clear_login_failures) (MsServerStorage      *self,
                                    const char           *key,
                                    GError              **error);
  gboolean (*get_secret)           (MsServerStorage      *self,
                                    const char           *name,
                                    const char           *candidate,
                                    char                **value,
                                    GError              **error);

  /* tenants */
  gboolean (*get_role)             (MsServerStorage      *self,
                                    const char           *tenant,
                                    const char           *user_id,
                                    char                **role,
                                    GError              **error);
  JsonArray *(*list_tenants)       (MsServerStorage      *self,
                                    const char           *user_id,
                                    GError              **error);

  /* sync: call these inside transaction() */
  gboolean (*transaction)          (MsServerStorage      *self,
                                    gboolean              write,
                                    MsServerStorageFunc   func,
                                    gpointer              user_data,
                                    GError              **error);
  gboolean (*get_last_mutation_id) (MsServerStorage      *self,
                                    const char           *user_id,
                                    const char           *client_id,
                                    gint64               *id,
                                    GError              **error);
  gboolean (*set_last_mutation_id) (MsServerStorage      *self,
                                    const char           *user_id,
                                    const char           *client_id,
                                    gint64                id,
                                    GError              **error);
  gboolean (*get_row)              (MsServerStorage      *self,
                                    const char           *tenant,
                                    const char           *entity,
                                    const char           *id,
                                    MsServerRow         **out,
                                    GError              **error);
  gboolean (*find_row_by_key)      (MsServerStorage      *self,
                                    const char           *tenant,
                                    const char           *entity,
                                    const char           *key,
                                    gboolean              live_only,
                                    char                **id,
                                    GError              **error);
  gboolean (*count_rows)           (MsServerStorage      *self,
                                    const char           *tenant,
                                    const char           *entity,
                                    gint64                created_from,
                                    gint64                created_to,
                                    gboolean              live_only,
                                    const char           *exclude_id,
                                    gint64               *count,
                                    GError              **error);
  gboolean (*put_row)              (MsServerStorage      *self,
                                    const char           *tenant,
                                    const MsServerRow    *row,
                                    const char           *key,
                                    gint64               *version,
                                    GError              **error);
  gboolean (*get_tenant_state)     (MsServerStorage      *self,
                                    const char           *tenant,
                                    MsServerTenantState  *state,
                                    GError              **error);
  GPtrArray *(*list_changes)       (MsServerStorage      *self,
                                    const char           *tenant,
                                    gint64                after_version,
                                    gboolean              live_only,
                                    guint                 limit,
                                    GError              **error);

  /* teams: call these inside transaction() */
  gboolean (*create_team)          (MsServerStorage      *self,
                                    const MsServerTeam   *team,
                                    GError              **error);
  gboolean (*get_team)             (MsServerStorage      *self,
                                    const char           *tenant,
                                    MsServerTeam        **out,
                                    GError              **error);
  gboolean (*update_team)          (MsServerStorage      *self,
                                    const MsServerTeam   *team,
                                    GError              **error);
  gboolean (*set_member)           (MsServerStorage      *self,
                                    const char           *tenant,
                                    const char           *user_id,
                                    const char           *role,
                                    gint64                now,
                                    GError              **error);
  gboolean (*remove_member)        (MsServerStorage      *self,
                                    const char           *tenant,
                                    const char           *user_id,
                                    GError              **error);
  gboolean (*count_members)        (MsServerStorage      *self,
                                    const char           *tenant,
                                    const char           *role,
                                    gint64               *count,
                                    GError              **error);
  JsonArray *(*list_members)       (MsServerStorage      *self,
                                    const char           *tenant,
                                    GError              **error);
  gboolean (*add_invite)           (MsServerStorage      *self,
                                    const MsServerInvite *invite,
                                    GError              **error);
  gboolean (*find_invite)          (MsServerStorage      *self,
                                    const char           *hash,
                                    MsServerInvite      **out,
                                    GError              **error);
  gboolean (*use_invite)           (MsServerStorage      *self,
                                    const char           *hash,
                                    const char           *user_id,
                                    gint64                now,
                                    GError              **error);
  JsonArray *(*list_invites)       (MsServerStorage      *self,
                                    const char           *tenant,
                                    gint64                now,
                                    GError              **error);
  gboolean (*cancel_invites)       (MsServerStorage      *self,
                                    const char           *tenant,
                                    const char           *email,
                                    gint64                now,
                                    guint                *n_cancelled,
                                    GError              **error);

  /* team figures: call inside transaction() */
  gboolean (*foreach_team_scoring) (MsServerStorage      *self,
                                    const char           *tenant,
                                    gint64                since,
                                    MsServerScoringFunc   func,
                                    gpointer              user_data,
                                    GError              **error);

  /* staff */
  gboolean (*rotate_epoch)         (MsServerStorage      *self,
                                    GError              **error);
  gboolean (*purge_tombstones)     (MsServerStorage      *self,
                                    gint64                deleted_before,
                                    guint                *n_purged,
                                    GError              **error);
  /* billing (ms-server-billing.c): call these inside transaction() */
  gboolean (*get_subscription)     (MsServerStorage      *self,
                                    const char           *tenant,
                                    MsServerSubscription **out,
                                    GError              **error);
  gboolean (*put_subscription)     (MsServerStorage      *self,
                                    const MsServerSubscription *subscription,
                                    GError              **error);
  GStrv    (*list_subscriptions)   (MsServerStorage      *self,
                                    GError              **error);
  gboolean (*use_trial)            (MsServerStorage      *self,
                                    const char           *user_id,
                                    const char           *tenant,
                                    gint64                now,
                                    gboolean             *granted,
                                    GError              **error);
  gboolean (*next_invoice_sequence) (MsServerStorage     *self,
                                    gint64               *sequence,
                                    GError              **error);
  gboolean (*add_invoice)          (MsServerStorage      *self,
                                    const MsServerInvoice *invoice,
                                    GError              **error);
  GPtrArray *(*list_invoices)      (MsServerStorage      *self,
                                    const char           *tenant,
                                    GError              **error);
  gboolean (*get_invoice)          (MsServerStorage      *self,
                                    const char           *number,
                                    MsServerInvoice     **out,
                                    GError              **error);
  gboolean (*add_payment)          (MsServerStorage      *self,
                                    const char           *number,
                                    gint64                amount,
                                    gint64                received_at,
                                    gint64                now,
                                    GError              **error);
  gboolean (*get_setting)          (MsServerStorage      *self,
                                    const char           *name,
                                    char                **value,
                                    GError              **error);
  gboolean (*set_setting)          (MsServerStorage      *self,
                                    const char           *name,
                                    const char           *value,
                                    GError              **error);

  /* plans (ms-server-plans.c): call these inside transaction() */
  gboolean (*get_nth_newest_row)   (MsServerStorage      *self,
                                    const char           *tenant,
                                    const char           *entity,
                                    gint64                n,
                                    gboolean             *found,
                                    gint64               *created_at,
                                    char                **id,
                                    GError              **error);
  /* api keys (ms-server-api.c): inside a transaction or not */
  gboolean (*add_api_key)          (MsServerStorage      *self,
                                    const MsServerApiKey *key,
                                    GError              **error);
  gboolean (*find_api_key)         (MsServerStorage      *self,
                                    const char           *hash,
                                    MsServerApiKey      **out,
                                    GError              **error);
  /* the tenant's keys, newest first, without hash (MsServerApiKey) */
  GPtrArray *(*list_api_keys)      (MsServerStorage      *self,
                                    const char           *tenant,
                                    GError              **error);
  gboolean (*revoke_api_key)       (MsServerStorage      *self,
                                    const char           *tenant,
                                    const char           *id,
                                    gint64                now,
                                    gboolean             *revoked,
                                    GError              **error);
  /* counts one use and sets last_used_at */
  gboolean (*use_api_key)          (MsServerStorage      *self,
                                    const char           *id,
                                    gint64                now,
                                    GError              **error);
  /* the keys (sync_row.key) of an entity's live rows, at most @limit, in
   * key order (bytewise): inside a transaction */
  GStrv    (*list_live_keys)       (MsServerStorage      *self,
                                    const char           *tenant,
                                    const char           *entity,
                                    guint                 limit,
                                    GError              **error);
  /* share links (ms-server-share.c): inside a transaction or not */
  gboolean (*add_share_link)       (MsServerStorage         *self,
                                    const MsServerShareLink *link,
                                    GError                 **error);
  gboolean (*find_share_link)      (MsServerStorage         *self,
                                    const char              *hash,
                                    MsServerShareLink      **out,
                                    GError                 **error);
  /* @created_by's links, newest first, at most @limit, without hash and
   * snapshot */
  GPtrArray *(*list_share_links)   (MsServerStorage         *self,
                                    const char              *created_by,
                                    guint                    limit,
                                    GError                 **error);
  /* @created_by's links made since @since (for the daily limit) */
  gboolean (*count_share_links)    (MsServerStorage         *self,
                                    const char              *created_by,
                                    gint64                   since,
                                    gint64                  *count,
                                    GError                 **error);
  gboolean (*revoke_share_link)    (MsServerStorage         *self,
                                    const char              *created_by,
                                    const char              *id,
                                    gint64                   now,
                                    gboolean                *revoked,
                                    GError                 **error);
  /* counts one view and sets last_viewed_at */
  gboolean (*view_share_link)      (MsServerStorage         *self,
                                    const char              *id,
                                    gint64                   now,
                                    GError                 **error);
};

gboolean ms_server_row_get_scoring_fact   (const MsServerRow    *row,
                                           int                  *total,
                                           char                **goal);

void     ms_server_user_free              (MsServerUser         *user);
void     ms_server_token_free             (MsServerToken        *token);
void     ms_server_row_free               (MsServerRow          *row);
void     ms_server_tenant_state_clear     (MsServerTenantState  *state);
void     ms_server_team_free              (MsServerTeam         *team);
void     ms_server_invite_free            (MsServerInvite       *invite);
void     ms_server_subscription_free      (MsServerSubscription *subscription);
void     ms_server_invoice_free           (MsServerInvoice      *invoice);
void     ms_server_api_key_free           (MsServerApiKey       *key);
void     ms_server_share_link_free        (MsServerShareLink    *link);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsServerUser, ms_server_user_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsServerToken, ms_server_token_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsServerRow, ms_server_row_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsServerTeam, ms_server_team_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsServerInvite, ms_server_invite_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsServerSubscription, ms_server_subscription_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsServerInvoice, ms_server_invoice_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsServerApiKey, ms_server_api_key_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsServerShareLink, ms_server_share_link_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MsServerTenantState, ms_server_tenant_state_clear)

MsServerStorage *ms_server_storage_open_for_thread (MsServerStorage  *self,
                                                   GError          **error);
gboolean   ms_server_storage_ping                 (MsServerStorage      *self,
                                                   GError              **error);
gboolean   ms_server_storage_create_user          (MsServerStorage      *self,
                                                   const MsServerUser   *user,
                                                   const char           *tenant,
                                                   GError              **error);
gboolean   ms_server_storage_find_user            (MsServerStorage      *self,
                                                   const char           *id,
                                                   const char           *email,
                                                   MsServerUser        **out,
                                                   GError              **error);
gboolean   ms_server_storage_set_plan             (MsServerStorage      *self,
                                                   const char           *email,
                                                   const char           *plan,
                                                   GError              **error);
gboolean   ms_server_storage_add_token            (MsServerStorage      *self,
                                                   const char           *token_hash,
                                                   const char           *kind,
                                                   const MsServerToken  *token,
                                                   GError              **error);
gboolean   ms_server_storage_find_token           (MsServerStorage      *self,
                                                   const char           *token_hash,
                                                   const char           *kind,
                                                   MsServerToken       **out,
                                                   GError              **error);
gboolean   ms_server_storage_find_token_user      (MsServerStorage      *self,
                                                   const char           *token_hash,
                                                   const char           *kind,
                                                   MsServerToken       **token,
                                                   MsServerUser        **user,
                                                   GError              **error);
gboolean   ms_server_storage_revoke_token         (MsServerStorage      *self,
                                                   const char           *token_hash,
                                                   gint64                now,
                                                   gboolean             *revoked,
                                                   GError              **error);
gboolean   ms_server_storage_revoke_session       (MsServerStorage      *self,
                                                   const char           *session_id,
                                                   const char           *kind,
                                                   gint64                now,
                                                   GError              **error);
gboolean   ms_server_storage_add_login_failure    (MsServerStorage      *self,
                                                   const char           *key,
                                                   gint64                at,
                                                   GError              **error);
gboolean   ms_server_storage_count_login_failures (MsServerStorage      *self,
                                                   const char           *key,
                                                   gint64                since,
                                                   guint                *count,
                                                   gint64               *oldest,
                                                   GError              **error);
gboolean   ms_server_storage_clear_login_failures (MsServerStorage      *self,
                                                   const char           *key,
                                                   GError              **error);
gboolean   ms_server_storage_get_secret           (MsServerStorage      *self,
                                                   const char           *name,
                                                   const char           *candidate,
                                                   char                **value,
                                                   GError              **error);
gboolean   ms_server_storage_get_role             (MsServerStorage      *self,
                                                   const char           *tenant,
                                                   const char           *user_id,
                                                   char                **role,
                                                   GError              **error);
JsonArray *ms_server_storage_list_tenants         (MsServerStorage      *self,
                                                   const char           *user_id,
                                                   GError              **error);
gboolean   ms_server_storage_transaction          (MsServerStorage      *self,
                                                   gboolean              write,
                                                   MsServerStorageFunc   func,
                                                   gpointer              user_data,
                                                   GError              **error);
gboolean   ms_server_storage_get_last_mutation_id (MsServerStorage      *self,
                                                   const char           *user_id,
                                                   const char           *client_id,
                                                   gint64               *id,
                                                   GError              **error);
gboolean   ms_server_storage_set_last_mutation_id (MsServerStorage      *self,
                                                   const char           *user_id,
                                                   const char           *client_id,
                                                   gint64                id,
                                                   GError              **error);
gboolean   ms_server_storage_get_row              (MsServerStorage      *self,
                                                   const char           *tenant,
                                                   const char           *entity,
                                                   const char           *id,
                                                   MsServerRow         **out,
                                                   GError              **error);
gboolean   ms_server_storage_find_row_by_key      (MsServerStorage      *self,
                                                   const char           *tenant,
                                                   const char           *entity,
                                                   const char           *key,
                                                   gboolean              live_only,
                                                   char                **id,
                                                   GError              **error);
gboolean   ms_server_storage_count_rows           (MsServerStorage      *self,
                                                   const char           *tenant,
                                                   const char           *entity,
                                                   gint64                created_from,
                                                   gint64                created_to,
                                                   gboolean              live_only,
                                                   const char           *exclude_id,
                                                   gint64               *count,
                                                   GError              **error);
gboolean   ms_server_storage_put_row              (MsServerStorage      *self,
                                                   const char           *tenant,
                                                   const MsServerRow    *row,
                                                   const char           *key,
                                                   gint64               *version,
                                                   GError              **error);
gboolean   ms_server_storage_get_tenant_state     (MsServerStorage      *self,
                                                   const char           *tenant,
                                                   MsServerTenantState  *state,
                                                   GError              **error);
GPtrArray *ms_server_storage_list_changes         (MsServerStorage      *self,
                                                   const char           *tenant,
                                                   gint64                after_version,
                                                   gboolean              live_only,
                                                   guint                 limit,
                                                   GError              **error);
gboolean   ms_server_storage_create_team          (MsServerStorage      *self,
                                                   const MsServerTeam   *team,
                                                   GError              **error);
gboolean   ms_server_storage_get_team             (MsServerStorage      *self,
                                                   const char           *tenant,
                                                   MsServerTeam        **out,
                                                   GError              **error);
gboolean   ms_server_storage_update_team          (MsServerStorage      *self,
                                                   const MsServerTeam   *team,
                                                   GError              **error);
gboolean   ms_server_storage_set_member           (MsServerStorage      *self,
                                                   const char           *tenant,
                                                   const char           *user_id,
                                                   const char           *role,
                                                   gint64                now,
                                                   GError              **error);
gboolean   ms_server_storage_remove_member        (MsServerStorage      *self,
                                                   const char           *tenant,
                                                   const char           *user_id,
                                                   GError              **error);
gboolean   ms_server_storage_count_members        (MsServerStorage      *self,
                                                   const char           *tenant,
                                                   const char           *role,
                                                   gint64               *count,
                                                   GError              **error);
JsonArray *ms_server_storage_list_members         (MsServerStorage      *self,
                                                   const char           *tenant,
                                                   GError              **error);
gboolean   ms_server_storage_add_invite           (MsServerStorage      *self,
                                                   const MsServerInvite *invite,
                                                   GError              **error);
gboolean   ms_server_storage_find_invite          (MsServerStorage      *self,
                                                   const char           *hash,
                                                   MsServerInvite      **out,
                                                   GError              **error);
gboolean   ms_server_storage_use_invite           (MsServerStorage      *self,
                                                   const char           *hash,
                                                   const char           *user_id,
                                                   gint64                now,
                                                   GError              **error);
JsonArray *ms_server_storage_list_invites         (MsServerStorage      *self,
                                                   const char           *tenant,
                                                   gint64                now,
                                                   GError              **error);
gboolean   ms_server_storage_cancel_invites       (MsServerStorage      *self,
                                                   const char           *tenant,
                                                   const char           *email,
                                                   gint64                now,
                                                   guint                *n_cancelled,
                                                   GError              **error);
gboolean   ms_server_storage_foreach_team_scoring (MsServerStorage      *self,
                                                   const char           *tenant,
                                                   gint64                since,
                                                   MsServerScoringFunc   func,
                                                   gpointer              user_data,
                                                   GError              **error);
gboolean   ms_server_storage_rotate_epoch         (MsServerStorage      *self,
                                                   GError              **error);
gboolean   ms_server_storage_purge_tombstones     (MsServerStorage      *self,
                                                   gint64                deleted_before,
                                                   guint                *n_purged,
                                                   GError              **error);
gboolean   ms_server_storage_get_subscription     (MsServerStorage      *self,
                                                   const char           *tenant,
                                                   MsServerSubscription **out,
                                                   GError              **error);
gboolean   ms_server_storage_put_subscription     (MsServerStorage      *self,
                                                   const MsServerSubscription *subscription,
                                                   GError              **error);
GStrv      ms_server_storage_list_subscriptions   (MsServerStorage      *self,
                                                   GError              **error);
gboolean   ms_server_storage_use_trial            (MsServerStorage      *self,
                                                   const char           *user_id,
                                                   const char           *tenant,
                                                   gint64                now,
                                                   gboolean             *granted,
                                                   GError              **error);
gboolean   ms_server_storage_next_invoice_sequence (MsServerStorage     *self,
                                                   gint64               *sequence,
                                                   GError              **error);
gboolean   ms_server_storage_add_invoice          (MsServerStorage      *self,
                                                   const MsServerInvoice *invoice,
                                                   GError              **error);
GPtrArray *ms_server_storage_list_invoices        (MsServerStorage      *self,
                                                   const char           *tenant,
                                                   GError              **error);
gboolean   ms_server_storage_get_invoice          (MsServerStorage      *self,
                                                   const char           *number,
                                                   MsServerInvoice     **out,
                                                   GError              **error);
gboolean   ms_server_storage_add_payment          (MsServerStorage      *self,
                                                   const char           *number,
                                                   gint64                amount,
                                                   gint64                received_at,
                                                   gint64                now,
                                                   GError              **error);
gboolean   ms_server_storage_get_setting          (MsServerStorage      *self,
                                                   const char           *name,
                                                   char                **value,
                                                   GError              **error);
gboolean   ms_server_storage_set_setting          (MsServerStorage      *self,
                                                   const char           *name,
                                                   const char           *value,
                                                   GError              **error);
gboolean   ms_server_storage_get_nth_newest_row   (MsServerStorage      *self,
                                                   const char           *tenant,
                                                   const char           *entity,
                                                   gint64                n,
                                                   gboolean             *found,
                                                   gint64               *created_at,
                                                   char                **id,
                                                   GError              **error);
gboolean   ms_server_storage_add_api_key          (MsServerStorage      *self,
                                                   const MsServerApiKey *key,
                                                   GError              **error);
gboolean   ms_server_storage_find_api_key         (MsServerStorage      *self,
                                                   const char           *hash,
                                                   MsServerApiKey      **out,
                                                   GError              **error);
GPtrArray *ms_server_storage_list_api_keys        (MsServerStorage      *self,
                                                   const char           *tenant,
                                                   GError              **error);
gboolean   ms_server_storage_revoke_api_key       (MsServerStorage      *self,
                                                   const char           *tenant,
                                                   const char           *id,
                                                   gint64                now,
                                                   gboolean             *revoked,
                                                   GError              **error);
gboolean   ms_server_storage_use_api_key          (MsServerStorage      *self,
                                                   const char           *id,
                                                   gint64                now,
                                                   GError              **error);
GStrv      ms_server_storage_list_live_keys       (MsServerStorage      *self,
                                                   const char           *tenant,
                                                   const char           *entity,
                                                   guint                 limit,
                                                   GError              **error);
/* share links: ms-server-share-storage.c */
gboolean   ms_server_storage_add_share_link       (MsServerStorage         *self,
                                                   const MsServerShareLink *link,
                                                   GError                 **error);
gboolean   ms_server_storage_find_share_link      (MsServerStorage         *self,
                                                   const char              *hash,
                                                   MsServerShareLink      **out,
                                                   GError                 **error);
GPtrArray *ms_server_storage_list_share_links     (MsServerStorage         *self,
                                                   const char              *created_by,
                                                   guint                    limit,
                                                   GError                 **error);
gboolean   ms_server_storage_count_share_links    (MsServerStorage         *self,
                                                   const char              *created_by,
                                                   gint64                   since,
                                                   gint64                  *count,
                                                   GError                 **error);
gboolean   ms_server_storage_revoke_share_link    (MsServerStorage         *self,
                                                   const char              *created_by,
                                                   const char              *id,
                                                   gint64                   now,
                                                   gboolean                *revoked,
                                                   GError                 **error);
gboolean   ms_server_storage_view_share_link      (MsServerStorage         *self,
                                                   const char              *id,
                                                   gint64                   now,
                                                   GError                 **error);

G_END_DECLS
