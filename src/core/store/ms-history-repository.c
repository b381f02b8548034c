/* ms-history-repository.c — saved scorings: save, reopen, delete, undo, actuals
 *
 * A saved scoring keeps the input (MsMessage as JSON, ms-message-codec.c),
 * the engine's full result JSON, its engine version and total, and the
 * predicted rates, so the History page can list and compare without parsing
 * JSON. Deleting sets a tombstone (deleted_at) and restoring clears it: undo
 * is exact. Each write appends its named mutation to the outbox in the same
 * transaction:
 *
 *   history.save        {id, created_at, channel, subject, preheader, body,
 *                        input_json, result_json, engine, total, predicted_*}
 *                        (predicted_open_rate, _ctr, _cvr when there is a prediction)
 *   history.delete      {id, deleted_at}
 *   history.restore     {id}
 *   history.set_actuals {id, recipients, open_rate, ctr, conversions}
 *   history.clear_actuals {id}
 *
 * Every update sets updated_at to max(now, updated_at + 1), so a row's
 * updated_at grows with each change even within one clock tick: MsHistoryList
 * compares (rowid, updated_at) to find the rows it must hand out again.
 *
 * Plan limits (MsEntitlements of the store): saved_scorings_per_day counts
 * the rows created since midnight of the plans' limit day (Asia/Tokyo, as on
 * the server: ms_entitlements_get_limit_day()), deleted ones included (deleting does
 * not give a save back); history_visible_count/_days lock older rows, which
 * stay stored and unlock after an upgrade.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "ms-history-item-private.h"
#include "ms-history-private.h"
#include "ms-message-codec.h"
#include "ms-store-private.h"

struct _MsHistoryRepository
{
  GObject  parent_instance;
  MsStore *store;
};

G_DEFINE_FINAL_TYPE (MsHistoryRepository, ms_history_repository, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (MsHistorySort, ms_history_sort,
  G_DEFINE_ENUM_VALUE (MS_HISTORY_SORT_NEWEST, "newest"),
  G_DEFINE_ENUM_VALUE (MS_HISTORY_SORT_OLDEST, "oldest"),
  G_DEFINE_ENUM_VALUE (MS_HISTORY_SORT_SCORE_HIGH, "score-high"),
  G_DEFINE_ENUM_VALUE (MS_HISTORY_SORT_SCORE_LOW, "score-low"))

/* ------------------------------------------------------------------------ */
/* Queries shared with MsHistoryList and the CSV export                      */

GArray *
_ms_history_query_keys (MsStore               *store,
                        const MsHistoryQuery  *query,
                        GError               **error)
{
  static const char * const orders[] = {
    [MS_HISTORY_SORT_NEWEST] = " ORDER BY created_at DESC, rowid DESC",
    [MS_HISTORY_SORT_OLDEST] = " ORDER BY created_at ASC, rowid ASC",
    [MS_HISTORY_SORT_SCORE_HIGH] = " ORDER BY total DESC, created_at DESC, rowid DESC",
    [MS_HISTORY_SORT_SCORE_LOW] = " ORDER BY total ASC, created_at DESC, rowid DESC",
  };
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (MsHistoryKey));
  gboolean search = query->search != NULL && *query->search != '\0';
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail ((guint) query->sort < G_N_ELEMENTS (orders), NULL);

  /* Only fixed fragments are joined here; every value is bound below. A
   * search reads the covering index of migration 6 (it needs the term
   * `body IS NOT NULL`) and matches as LIKE '%…%' would (ms-text-search.c). */
  g_string_append (sql, "SELECT rowid, updated_at FROM score_history");
  if (search)
    g_string_append (sql, " INDEXED BY score_history_search");
  g_string_append (sql, " WHERE tenant = ?1 AND deleted_at IS NULL");
  if (query->channel != MS_HISTORY_CHANNEL_ANY)
    g_string_append (sql, " AND channel = ?2");
  if (query->since != 0)
    g_string_append (sql, " AND created_at >= ?3");
  if (query->until != 0)
    g_string_append (sql, " AND created_at < ?4");
  if (search)
    g_string_append (sql, " AND body IS NOT NULL AND ms_text_contains (?5, subject, preheader, body)");
  g_string_append (sql, orders[query->sort]);

  stmt = _ms_store_prepare (store, sql->str, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, ms_store_get_tenant (store), -1, SQLITE_TRANSIENT);
  if (query->channel != MS_HISTORY_CHANNEL_ANY)
    sqlite3_bind_text (stmt, 2, ms_channel_to_string (query->channel), -1, SQLITE_STATIC);
  if (query->since != 0)
    sqlite3_bind_int64 (stmt, 3, query->since);
  if (query->until != 0)
    sqlite3_bind_int64 (stmt, 4, query->until);
  if (search)
    sqlite3_bind_text (stmt, 5, query->search, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MsHistoryKey key = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };
      g_array_append_val (keys, key);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _ms_store_set_db_error (store, rc, error);
      return NULL;
    }

  return g_steal_pointer (&keys);
}

gboolean
_ms_history_get_lock (MsStore        *store,
                      MsHistoryLock  *lock,
                      GError        **error)
{
  MsEntitlements *entitlements = ms_store_get_entitlements (store);
  gint64 count = ms_entitlements_get_limit (entitlements, MS_LIMIT_HISTORY_VISIBLE_COUNT);
  gint64 days = ms_entitlements_get_limit (entitlements, MS_LIMIT_HISTORY_VISIBLE_DAYS);

  memset (lock, 0, sizeof *lock);

  /* Whole days of Asia/Tokyo, as the server draws the line. */
  if (days != MS_LIMIT_UNLIMITED)
    lock->min_created_at = ms_entitlements_get_history_since (entitlements,
                                                              ms_store_get_now (store));

  if (count != MS_LIMIT_UNLIMITED)
    {
      sqlite3_stmt *stmt;
      int rc;

      if (count == 0)
        {
          lock->has_cutoff = TRUE;
          lock->cutoff_created_at = G_MAXINT64;
          lock->cutoff_rowid = G_MAXINT64;
          return TRUE;
        }

      stmt = _ms_store_prepare (store,
                                "SELECT created_at, rowid FROM score_history"
                                " WHERE tenant = ?1 AND deleted_at IS NULL"
                                " ORDER BY created_at DESC, rowid DESC LIMIT 1 OFFSET ?2",
                                error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, ms_store_get_tenant (store), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, count - 1);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          lock->has_cutoff = TRUE;
          lock->cutoff_created_at = sqlite3_column_int64 (stmt, 0);
          lock->cutoff_rowid = sqlite3_column_int64 (stmt, 1);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          _ms_store_set_db_error (store, rc, error);
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
_ms_history_lock_applies (const MsHistoryLock *lock,
                          gint64               created_at,
                          gint64               rowid)
{
  if (lock->min_created_at != 0 && created_at < lock->min_created_at)
    return TRUE;
  if (lock->has_cutoff &&
      (created_at < lock->cutoff_created_at ||
       (created_at == lock->cutoff_created_at && rowid < lock->cutoff_rowid)))
    return TRUE;
  return FALSE;
}

static gboolean
not_found (GError **error)
{
  g_set_error_literal (error, MS_STORE_ERROR, MS_STORE_ERROR_NOT_FOUND,
                       _("This saved scoring no longer exists. Refresh the history."));
  return FALSE;
}

MsHistoryItem *
_ms_history_load_item (MsStore              *store,
                       gint64                rowid,
                       const MsHistoryLock  *lock,
                       GError              **error)
{
  sqlite3_stmt *stmt;
  MsHistoryItem *item = NULL;
  int rc;

  stmt = _ms_store_prepare (store,
                            "SELECT " MS_HISTORY_ITEM_COLUMNS ", rowid"
                            " FROM score_history WHERE rowid = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, rowid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    item = _ms_history_item_new_from_row (stmt,
                                          _ms_history_lock_applies (lock,
                                                                    sqlite3_column_int64 (stmt, 1),
                                                                    rowid));
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    not_found (error);
  else if (rc != SQLITE_ROW)
    _ms_store_set_db_error (store, rc, error);

  return item;
}

static char *
dup_text (sqlite3_stmt *stmt,
          int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);
  return g_strdup (text != NULL ? (const char *) text : "");
}

gboolean
_ms_history_load_record (MsStore          *store,
                         gint64            rowid,
                         MsHistoryRecord  *record,
                         GError          **error)
{
  sqlite3_stmt *stmt;
  int rc;

  memset (record, 0, sizeof *record);

  stmt = _ms_store_prepare (store,
                            "SELECT id, created_at, channel, subject, preheader, body, total,"
                            " engine, predicted_open_rate, predicted_ctr, actual_recipients,"
                            " actual_open_rate, actual_ctr, actual_conversions"
                            " FROM score_history WHERE rowid = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      record->id = dup_text (stmt, 0);
      record->created_at = sqlite3_column_int64 (stmt, 1);
      if (!ms_channel_from_string ((const char *) sqlite3_column_text (stmt, 2), &record->channel))
        record->channel = MS_CHANNEL_EMAIL;
      record->subject = dup_text (stmt, 3);
      record->preheader = dup_text (stmt, 4);
      record->body = dup_text (stmt, 5);
      record->total = (guint) sqlite3_column_int (stmt, 6);
      record->engine = dup_text (stmt, 7);
      record->has_prediction = sqlite3_column_type (stmt, 8) != SQLITE_NULL;
      record->predicted_open_rate = sqlite3_column_double (stmt, 8);
      record->predicted_ctr = sqlite3_column_double (stmt, 9);
      record->has_actuals = sqlite3_column_type (stmt, 10) != SQLITE_NULL;
      record->actuals.recipients = (guint64) sqlite3_column_int64 (stmt, 10);
      record->actuals.open_rate = sqlite3_column_double (stmt, 11);
      record->actuals.ctr = sqlite3_column_double (stmt, 12);
      record->actuals.conversions = (guint64) sqlite3_column_int64 (stmt, 13);
    }
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    return not_found (error);
  if (rc != SQLITE_ROW)
    {
      _ms_store_set_db_error (store, rc, error);
      return FALSE;
    }
  return TRUE;
}

void
_ms_history_record_clear (MsHistoryRecord *record)
{
  g_clear_pointer (&record->id, g_free);
  g_clear_pointer (&record->subject, g_free);
  g_clear_pointer (&record->preheader, g_free);
  g_clear_pointer (&record->body, g_free);
  g_clear_pointer (&record->engine, g_free);
}

/* ------------------------------------------------------------------------ */

static void
ms_history_repository_dispose (GObject *object)
{
  MsHistoryRepository *self = (MsHistoryRepository *) object;

  g_clear_object (&self->store);

  G_OBJECT_CLASS (ms_history_repository_parent_class)->dispose (object);
}

static void
ms_history_repository_class_init (MsHistoryRepositoryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ms_history_repository_dispose;
}

static void
ms_history_repository_init (MsHistoryRepository *self)
{
}

/* ------------------------------------------------------------------------ */

static gboolean
count_saved_today (MsHistoryRepository  *self,
                   gint64               *count,
                   GError              **error)
{
  sqlite3_stmt *stmt;
  gint64 start, end;
  int rc;

  ms_entitlements_get_limit_day (ms_store_get_now (self->store), &start, &end);

  stmt = _ms_store_prepare (self->store,
                            "SELECT count(*) FROM score_history"
                            " WHERE tenant = ?1 AND created_at >= ?2 AND created_at < ?3",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ms_store_get_tenant (self->store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, start);
  sqlite3_bind_int64 (stmt, 3, end);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      _ms_store_set_db_error (self->store, rc, error);
      return FALSE;
    }
  return TRUE;
}

static char *
join_bubbles (const MsMessage *message)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < ms_message_get_n_bubbles (message); i++)
    {
      const char *text = ms_message_get_field (message, MS_FIELD_BUBBLE1 + i);

      if (i > 0)
        g_string_append_c (s, '\n');
      g_string_append (s, text != NULL ? text : "");
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
add_member_string (JsonObject *o,
                   const char *name,
                   const char *value)
{
  json_object_set_string_member (o, name, value != NULL ? value : "");
}

static gboolean
exec_update (MsHistoryRepository  *self,
             sqlite3_stmt         *stmt,
             GError              **error)
{
  if (!_ms_store_step_done (self->store, stmt, error))
    return FALSE;
  if (sqlite3_changes (_ms_store_get_db (self->store)) == 0)
    return not_found (error);
  return TRUE;
}

static gboolean
add_outbox_id (MsHistoryRepository  *self,
               const char           *name,
               JsonObject           *args,
               GError              **error)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, args);  /* takes the caller's reference */
  return _ms_store_add_outbox (self->store, name, node, error);
}

/* The end of every change to one saved scoring, in the transaction the
 * caller began: runs @stmt (its UPDATE, bound; NULL when it could not be
 * prepared), records mutation @name with @args (taken) in the outbox and
 * commits; on any error rolls back. */
static gboolean
commit_update (MsHistoryRepository  *self,
               sqlite3_stmt         *stmt,
               const char           *name,
               JsonObject           *args,
               GError              **error)
{
  g_autoptr(JsonObject) owned = args;

  if (stmt == NULL || !exec_update (self, stmt, error) ||
      !add_outbox_id (self, name, g_steal_pointer (&owned), error))
    {
      _ms_store_rollback (self->store);
      return FALSE;
    }
  _ms_store_mark_changed (self->store, "score_history");
  return _ms_store_commit (self->store, error);
}

/* Looks up a live row's rowid and creation time, and whether it is locked. */
static gboolean
find_row (MsHistoryRepository  *self,
          const char           *id,
          gboolean              deleted,
          gint64               *rowid,
          gboolean             *locked,
          GError              **error)
{
  sqlite3_stmt *stmt;
  MsHistoryLock lock;
  gint64 created_at = 0;
  int rc;

  stmt = _ms_store_prepare (self->store,
                            deleted ? "SELECT rowid, created_at FROM score_history"
                                      " WHERE id = ?1 AND tenant = ?2 AND deleted_at IS NOT NULL"
                                    : "SELECT rowid, created_at FROM score_history"
                                      " WHERE id = ?1 AND tenant = ?2 AND deleted_at IS NULL",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, ms_store_get_tenant (self->store), -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *rowid = sqlite3_column_int64 (stmt, 0);
      created_at = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    return not_found (error);
  if (rc != SQLITE_ROW)
    {
      _ms_store_set_db_error (self->store, rc, error);
      return FALSE;
    }

  if (locked != NULL)
    {
      if (!_ms_history_get_lock (self->store, &lock, error))
        return FALSE;
      *locked = _ms_history_lock_applies (&lock, created_at, *rowid);
    }
  return TRUE;
}

static gboolean
locked_error (MsHistoryRepository  *self,
              GError              **error)
{
  g_set_error (error, MS_STORE_ERROR, MS_STORE_ERROR_LOCKED,
               /* Translators: %s is a plan name such as "Free" */
               _("This scoring is older than the %s plan keeps visible. It is still saved: "
                 "upgrade your plan to open it again."),
               ms_entitlements_get_plan_name (ms_store_get_entitlements (self->store)));
  return FALSE;
}

/* ------------------------------------------------------------------------ */

MsHistoryRepository *
ms_history_repository_new (MsStore *store)
{
  MsHistoryRepository *self;

  g_return_val_if_fail (MS_IS_STORE (store), NULL);

  self = g_object_new (MS_TYPE_HISTORY_REPOSITORY, NULL);
  self->store = g_object_ref (store);
  return self;
}

/**
 * ms_history_repository_get_store:
 *
 * Returns: (transfer none): the store
 */
MsStore *
ms_history_repository_get_store (MsHistoryRepository *self)
{
  g_return_val_if_fail (MS_IS_HISTORY_REPOSITORY (self), NULL);
  return self->store;
}

/* In the save's transaction: whether the plan lets one more be saved today. */
static gboolean
check_daily_limit (MsHistoryRepository  *self,
                   GError              **error)
{
  MsEntitlements *entitlements = ms_store_get_entitlements (self->store);
  gint64 limit = ms_entitlements_get_limit (entitlements, MS_LIMIT_SAVED_SCORINGS_PER_DAY);
  gint64 saved = 0;

  if (limit == MS_LIMIT_UNLIMITED)
    return TRUE;
  if (!count_saved_today (self, &saved, error))
    return FALSE;
  if (saved < limit)
    return TRUE;

  g_set_error (error, MS_STORE_ERROR, MS_STORE_ERROR_LIMIT_REACHED,
               /* Translators: %s is the plan name, %d the number of saves a day */
               g_dngettext (GETTEXT_PACKAGE,
                            "The %s plan saves %d scoring a day and today’s is used. "
                            "Upgrade to Pro to save without a limit, or save again "
                            "tomorrow. Scoring as you type is always unlimited.",
                            "The %s plan saves %d scorings a day and today’s are used. "
                            "Upgrade to Pro to save without a limit, or save again "
                            "tomorrow. Scoring as you type is always unlimited.",
                            (gulong) limit),
               ms_entitlements_get_plan_name (entitlements), (int) limit);
  return FALSE;
}

/**
 * ms_history_repository_save:
 * @message: what was scored
 * @result: the engine's result for @message
 *
 * Saves a scoring, unless the plan's daily limit is reached
 * (%MS_STORE_ERROR_LIMIT_REACHED; nothing is written then).
 *
 * Returns: (transfer full): the new row's id
 */
char *
ms_history_repository_save (MsHistoryRepository  *self,
                            const MsMessage      *message,
                            const MsScoreResult  *result,
                            GError              **error)
{
  g_autofree char *id = NULL;
  g_autofree char *input_json = NULL;
  g_autofree char *result_json = NULL;
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) input = NULL;
  g_autoptr(JsonObject) args = NULL;
  const MsPrediction *prediction;
  MsChannel channel;
  sqlite3_stmt *stmt;
  gint64 now;
  const char *subject, *preheader;

  g_return_val_if_fail (MS_IS_HISTORY_REPOSITORY (self), NULL);
  g_return_val_if_fail (message != NULL, NULL);
  g_return_val_if_fail (result != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  channel = ms_message_get_channel (message);
  if (ms_score_result_get_channel (result) != channel)
    {
      g_set_error_literal (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID,
                           _("The score belongs to another message. Score the message again, "
                             "then save."));
      return NULL;
    }

  id = _ms_store_new_id ();
  input = ms_message_to_json (message);
  input_json = json_to_string (input, FALSE);
  result_json = ms_score_result_to_string (result, FALSE);
  subject = ms_message_get_field (message, MS_FIELD_SUBJECT);
  preheader = channel == MS_CHANNEL_EMAIL ? ms_message_get_field (message, MS_FIELD_PREHEADER) : "";
  body = channel == MS_CHANNEL_EMAIL ? g_strdup (ms_message_get_field (message, MS_FIELD_BODY))
                                     : join_bubbles (message);
  prediction = ms_score_result_get_prediction (result);

  if (!_ms_store_begin (self->store, error))
    return NULL;

  if (!check_daily_limit (self, error))
    goto fail;

  now = ms_store_get_now (self->store);
  stmt = _ms_store_prepare (self->store,
                            "INSERT INTO score_history (id, tenant, created_at, updated_at,"
                            " channel, subject, preheader, body, input_json, result_json, engine,"
                            " total, predicted_open_rate, predicted_ctr, predicted_cvr)"
                            " VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
                            " ?14)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ms_store_get_tenant (self->store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_text (stmt, 4, ms_channel_to_string (channel), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, subject != NULL ? subject : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, preheader != NULL ? preheader : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, body != NULL ? body : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, input_json, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, result_json, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, ms_score_result_get_engine (result), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 11, (int) ms_score_result_get_total (result));
  if (prediction != NULL)
    {
      sqlite3_bind_double (stmt, 12, prediction->open_rate.p50);
      sqlite3_bind_double (stmt, 13, prediction->click_rate.p50);
      sqlite3_bind_double (stmt, 14, prediction->conversion_rate.p50);
    }
  if (!_ms_store_step_done (self->store, stmt, error))
    goto fail;

  args = json_object_new ();
  add_member_string (args, "id", id);
  json_object_set_int_member (args, "created_at", now);
  add_member_string (args, "channel", ms_channel_to_string (channel));
  add_member_string (args, "subject", subject);
  add_member_string (args, "preheader", preheader);
  add_member_string (args, "body", body);
  add_member_string (args, "input_json", input_json);
  add_member_string (args, "result_json", result_json);
  add_member_string (args, "engine", ms_score_result_get_engine (result));
  json_object_set_int_member (args, "total", ms_score_result_get_total (result));
  if (prediction != NULL)
    {
      json_object_set_double_member (args, "predicted_open_rate", prediction->open_rate.p50);
      json_object_set_double_member (args, "predicted_ctr", prediction->click_rate.p50);
      json_object_set_double_member (args, "predicted_cvr", prediction->conversion_rate.p50);
    }
  if (!add_outbox_id (self, "history.save", g_steal_pointer (&args), error))
    goto fail;

  _ms_store_mark_changed (self->store, "score_history");
  if (!_ms_store_commit (self->store, error))
    return NULL;

  return g_steal_pointer (&id);

fail:
  _ms_store_rollback (self->store);
  return NULL;
}

typedef struct
{
  MsMessage     *message;
  MsScoreResult *result;
  char          *id;      /* the new row's, once saved */
} SaveData;

static void
save_data_free (SaveData *data)
{
  ms_message_unref (data->message);
  ms_score_result_unref (data->result);
  g_free (data->id);
  g_free (data);
}

/* Worker thread: the same save, on the worker's connection. */
static gboolean
save_in_worker (MsStore   *worker_store,
                gpointer   task_data,
                GError   **error)
{
  g_autoptr(MsHistoryRepository) history = ms_history_repository_new (worker_store);
  SaveData *data = task_data;

  data->id = ms_history_repository_save (history, data->message, data->result, error);
  return data->id != NULL;
}

/**
 * ms_history_repository_save_async:
 *
 * As ms_history_repository_save(), on the store's worker thread: the main
 * loop goes on while a large History takes the row. Lists of the store
 * follow once it is written.
 */
void
ms_history_repository_save_async (MsHistoryRepository *self,
                                  MsMessage           *message,
                                  MsScoreResult       *result,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  g_return_if_fail (MS_IS_HISTORY_REPOSITORY (self));
  g_return_if_fail (message != NULL);
  g_return_if_fail (result != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ms_history_repository_save_async);
  data = g_new0 (SaveData, 1);
  data->message = ms_message_ref (message);
  data->result = ms_score_result_ref (result);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);

  _ms_store_run_in_worker (self->store, task, save_in_worker);
}

/**
 * ms_history_repository_save_finish:
 *
 * Returns: (transfer full): the new row's id, or %NULL with @error set
 *   (%MS_STORE_ERROR_LIMIT_REACHED when the plan's daily limit is reached)
 */
char *
ms_history_repository_save_finish (MsHistoryRepository  *self,
                                   GAsyncResult         *result,
                                   GError              **error)
{
  SaveData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ms_history_repository_save_async,
                        NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  data = g_task_get_task_data (G_TASK (result));
  return g_steal_pointer (&data->id);
}

/**
 * ms_history_repository_count_saved_today:
 *
 * Returns: the scorings saved on the limit day of plans.json (Asia/Tokyo)
 *   that is today, deleted ones included
 */
guint
ms_history_repository_count_saved_today (MsHistoryRepository  *self,
                                         GError              **error)
{
  gint64 count = 0;

  g_return_val_if_fail (MS_IS_HISTORY_REPOSITORY (self), 0);

  count_saved_today (self, &count, error);
  return (guint) count;
}

/**
 * ms_history_repository_get_saves_left_today:
 *
 * Returns: how many more scorings can be saved today, or %MS_LIMIT_UNLIMITED
 */
gint64
ms_history_repository_get_saves_left_today (MsHistoryRepository *self)
{
  gint64 limit, count = 0;

  g_return_val_if_fail (MS_IS_HISTORY_REPOSITORY (self), 0);

  limit = ms_entitlements_get_limit (ms_store_get_entitlements (self->store),
                                     MS_LIMIT_SAVED_SCORINGS_PER_DAY);
  if (limit == MS_LIMIT_UNLIMITED)
    return MS_LIMIT_UNLIMITED;
  if (!count_saved_today (self, &count, NULL))
    return 0;
  return MAX (0, limit - count);
}

/**
 * ms_history_repository_get_item:
 *
 * Returns: (transfer full): a snapshot of a live row
 */
MsHistoryItem *
ms_history_repository_get_item (MsHistoryRepository  *self,
                                const char           *id,
                                GError              **error)
{
  MsHistoryLock lock;
  gint64 rowid;

  g_return_val_if_fail (MS_IS_HISTORY_REPOSITORY (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (!find_row (self, id, FALSE, &rowid, NULL, error) ||
      !_ms_history_get_lock (self->store, &lock, error))
    return NULL;
  return _ms_history_load_item (self->store, rowid, &lock, error);
}

static char *
load_column (MsHistoryRepository  *self,
             const char           *id,
             const char           *sql,
             GError              **error)
{
  sqlite3_stmt *stmt;
  gboolean locked = FALSE;
  char *text = NULL;
  gint64 rowid;
  int rc;

  if (!find_row (self, id, FALSE, &rowid, &locked, error))
    return NULL;
  if (locked)
    return locked_error (self, error), NULL;

  stmt = _ms_store_prepare (self->store, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, rowid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    not_found (error);
  else if (rc != SQLITE_ROW)
    _ms_store_set_db_error (self->store, rc, error);
  return text;
}

/**
 * ms_history_repository_load_message:
 *
 * Reopens a saved scoring: the message exactly as it was scored, segment
 * included. Fails with %MS_STORE_ERROR_LOCKED beyond the plan's history.
 *
 * Returns: (transfer full): the message
 */
MsMessage *
ms_history_repository_load_message (MsHistoryRepository  *self,
                                    const char           *id,
                                    GError              **error)
{
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (MS_IS_HISTORY_REPOSITORY (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  json = load_column (self, id, "SELECT input_json FROM score_history WHERE rowid = ?1", error);
  if (json == NULL)
    return NULL;
  node = _ms_store_parse_row_json (json, NULL);
  return ms_message_new_from_json (node, error);
}

/**
 * ms_history_repository_load_result:
 *
 * Returns: (transfer full): the result as saved (the engine of its time)
 */
MsScoreResult *
ms_history_repository_load_result (MsHistoryRepository  *self,
                                   const char           *id,
                                   GError              **error)
{
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) local_error = NULL;
  MsScoreResult *result;

  g_return_val_if_fail (MS_IS_HISTORY_REPOSITORY (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  json = load_column (self, id, "SELECT result_json FROM score_history WHERE rowid = ?1", error);
  if (json == NULL)
    return NULL;
  node = _ms_store_parse_row_json (json, &local_error);
  result = node != NULL ? ms_score_result_new_from_json (node, &local_error) : NULL;
  if (result == NULL)
    g_set_error (error, MS_STORE_ERROR, MS_STORE_ERROR_CORRUPT,
                 /* Translators: %s is the parser's reason */
                 _("The saved score cannot be read (%s). Reopen the message and score it "
                   "again."), local_error->message);
  return result;
}

/**
 * ms_history_repository_delete:
 *
 * Moves a saved scoring to the bin (a tombstone): it leaves every list at
 * once and comes back with ms_history_repository_restore() (undo).
 */
gboolean
ms_history_repository_delete (MsHistoryRepository  *self,
                              const char           *id,
                              GError              **error)
{
  JsonObject *args;
  sqlite3_stmt *stmt;
  gint64 now;

  g_return_val_if_fail (MS_IS_HISTORY_REPOSITORY (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!_ms_store_begin (self->store, error))
    return FALSE;

  now = ms_store_get_now (self->store);
  stmt = _ms_store_prepare (self->store,
                            "UPDATE score_history SET deleted_at = ?1, updated_at = max(?1, updated_at + 1)"
                            " WHERE id = ?2 AND tenant = ?3 AND deleted_at IS NULL", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, now);
      sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, ms_store_get_tenant (self->store), -1, SQLITE_TRANSIENT);
    }
  args = json_object_new ();
  add_member_string (args, "id", id);
  json_object_set_int_member (args, "deleted_at", now);
  return commit_update (self, stmt, "history.delete", args, error);
}

/**
 * ms_history_repository_restore:
 *
 * Undoes ms_history_repository_delete().
 */
gboolean
ms_history_repository_restore (MsHistoryRepository  *self,
                               const char           *id,
                               GError              **error)
{
  JsonObject *args;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MS_IS_HISTORY_REPOSITORY (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!_ms_store_begin (self->store, error))
    return FALSE;

  stmt = _ms_store_prepare (self->store,
                            "UPDATE score_history SET deleted_at = NULL, updated_at = max(?1, updated_at + 1)"
                            " WHERE id = ?2 AND tenant = ?3 AND deleted_at IS NOT NULL", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, ms_store_get_now (self->store));
      sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, ms_store_get_tenant (self->store), -1, SQLITE_TRANSIENT);
    }
  args = json_object_new ();
  add_member_string (args, "id", id);
  return commit_update (self, stmt, "history.restore", args, error);
}

static gboolean
valid_rate (double rate)
{
  return isfinite (rate) && rate >= 0.0 && rate <= 1.0;
}

/**
 * ms_history_repository_set_actuals:
 * @actuals: what happened after sending; rates are fractions (0–1)
 *
 * The row then shows prediction against actual and the error in
 * percentage points (ms_history_item_get_error()).
 */
gboolean
ms_history_repository_set_actuals (MsHistoryRepository  *self,
                                   const char           *id,
                                   const MsActuals      *actuals,
                                   GError              **error)
{
  JsonObject *args;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MS_IS_HISTORY_REPOSITORY (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (actuals != NULL, FALSE);

  if (!valid_rate (actuals->open_rate) || !valid_rate (actuals->ctr))
    {
      g_set_error_literal (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID,
                           _("Open rate and click rate must be between 0 and 100 percent."));
      return FALSE;
    }
  if (actuals->recipients == 0 || actuals->recipients > G_MAXINT64 ||
      actuals->conversions > actuals->recipients)
    {
      g_set_error_literal (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID,
                           _("Enter how many people received the message (at least 1), and no "
                             "more conversions than recipients."));
      return FALSE;
    }

  if (!_ms_store_begin (self->store, error))
    return FALSE;

  stmt = _ms_store_prepare (self->store,
                            "UPDATE score_history SET actual_recipients = ?1,"
                            " actual_open_rate = ?2, actual_ctr = ?3, actual_conversions = ?4,"
                            " actuals_at = ?5, updated_at = max(?5, updated_at + 1)"
                            " WHERE id = ?6 AND tenant = ?7 AND deleted_at IS NULL", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, (gint64) actuals->recipients);
      sqlite3_bind_double (stmt, 2, actuals->open_rate);
      sqlite3_bind_double (stmt, 3, actuals->ctr);
      sqlite3_bind_int64 (stmt, 4, (gint64) actuals->conversions);
      sqlite3_bind_int64 (stmt, 5, ms_store_get_now (self->store));
      sqlite3_bind_text (stmt, 6, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 7, ms_store_get_tenant (self->store), -1, SQLITE_TRANSIENT);
    }
  args = json_object_new ();
  add_member_string (args, "id", id);
  json_object_set_int_member (args, "recipients", (gint64) actuals->recipients);
  json_object_set_double_member (args, "open_rate", actuals->open_rate);
  json_object_set_double_member (args, "ctr", actuals->ctr);
  json_object_set_int_member (args, "conversions", (gint64) actuals->conversions);
  return commit_update (self, stmt, "history.set_actuals", args, error);
}

gboolean
ms_history_repository_clear_actuals (MsHistoryRepository  *self,
                                     const char           *id,
                                     GError              **error)
{
  JsonObject *args;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MS_IS_HISTORY_REPOSITORY (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!_ms_store_begin (self->store, error))
    return FALSE;

  stmt = _ms_store_prepare (self->store,
                            "UPDATE score_history SET actual_recipients = NULL,"
                            " actual_open_rate = NULL, actual_ctr = NULL,"
                            " actual_conversions = NULL, actuals_at = NULL, updated_at = max(?1, updated_at + 1)"
                            " WHERE id = ?2 AND tenant = ?3 AND deleted_at IS NULL", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, ms_store_get_now (self->store));
      sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, ms_store_get_tenant (self->store), -1, SQLITE_TRANSIENT);
    }
  args = json_object_new ();
  add_member_string (args, "id", id);
  return commit_update (self, stmt, "history.clear_actuals", args, error);
}

/**
 * ms_history_repository_count:
 * @query: (nullable): NULL for every live row
 *
 * Returns: the live rows that match, locked ones included
 */
guint
ms_history_repository_count (MsHistoryRepository  *self,
                             const MsHistoryQuery *query,
                             GError              **error)
{
  static const MsHistoryQuery all = MS_HISTORY_QUERY_INIT;
  g_autoptr(GArray) keys = NULL;

  g_return_val_if_fail (MS_IS_HISTORY_REPOSITORY (self), 0);

  keys = _ms_history_query_keys (self->store, query != NULL ? query : &all, error);
  return keys != NULL ? keys->len : 0;
}
