/* ms-sync-state.h — what sync keeps in the store: outbox, shadows, cursors
 *
 * The repository the sync engine (src/core/sync) works through: it reads
 * the outbox, takes in the answers to a push, writes pull pages in one
 * transaction each (the batch writer), and keeps the cursors and the
 * account; the SQL stays here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ms-store.h"

G_BEGIN_DECLS

/* One queued mutation, with the id it is sent with. */
typedef struct
{
  gint64  mutation_id;
  char   *tenant;
  char   *name;
  char   *args_json;
} MsOutboxEntry;

/* A mutation the server refused: recorded, and its rows rolled back. */
typedef struct
{
  gint64  mutation_id;
  char   *name;
  char   *tenant;
  char   *args_json;
  char   *code;
  char   *message;
} MsSyncRejection;

/* The server's word on one pushed mutation. */
typedef struct
{
  const char *status;    /* "applied", "rejected" or "duplicate" */
  const char *code;      /* of a rejection */
  const char *message;
} MsPushOutcome;

/* One op of a pull page: the server's row, or its tombstone. */
typedef struct
{
  char       *entity;
  char       *id;
  gboolean    deleted;
  JsonObject *row;       /* "version" included */
} MsPullOp;

typedef struct
{
  GPtrArray  *ops;                /* MsPullOp */
  char       *epoch;
  gint64      version;
  gboolean    reset;
  gint64      last_mutation_id;
} MsPullPage;

void        ms_outbox_entry_free          (MsOutboxEntry     *entry);
void        ms_sync_rejection_free        (MsSyncRejection   *rejection);
void        ms_pull_op_free               (MsPullOp          *op);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsOutboxEntry, ms_outbox_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsSyncRejection, ms_sync_rejection_free)

GPtrArray  *ms_sync_state_read_outbox     (MsStore           *store,
                                           guint              limit,
                                           GError           **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    ms_sync_state_acknowledge     (MsStore           *store,
                                           gint64             last_id,
                                           GHashTable        *outcomes,
                                           GPtrArray         *rejections,
                                           GError           **error);
gboolean    ms_sync_state_handle_gap      (MsStore           *store,
                                           gint64             expected_id,
                                           GError           **error);
char       *ms_sync_state_dup_cursor      (MsStore           *store,
                                           const char        *tenant,
                                           gint64            *version) G_GNUC_WARN_UNUSED_RESULT;
gboolean    ms_sync_state_apply_pull      (MsStore           *store,
                                           const char        *tenant,
                                           const MsPullPage  *page,
                                           GError           **error);
gboolean    ms_sync_state_reset           (MsStore           *store,
                                           const char        *tenant,
                                           GError           **error);
gboolean    ms_sync_state_rehome          (MsStore           *store,
                                           const char        *from_tenant,
                                           const char        *to_tenant,
                                           GError           **error);
char       *ms_sync_state_dup_meta        (MsStore           *store,
                                           const char        *key) G_GNUC_WARN_UNUSED_RESULT;
gboolean    ms_sync_state_set_meta        (MsStore           *store,
                                           const char        *key,
                                           const char        *value,
                                           GError           **error);
gboolean    ms_sync_state_save_account    (MsStore           *store,
                                           const char        *server_url,
                                           const char        *account_json,
                                           GError           **error);

G_END_DECLS
