/* ms-campaign-repository.c — results of past campaigns (imported or pulled)
 *
 * Where the rows live:
 *   campaign_batch + a file   what this device imported: one row per import
 *                             naming a file of packed rows (ms-campaign-batch.c),
 *                             so an import of 100,000 campaigns is one write.
 *   campaign_result           rows the server sent (pulled from other devices
 *                             or echoed back), one SQLite row each.
 * Readers see one set: every campaign_result row, and every batch row whose
 * natural key campaign_result does not hold (the server's copy wins). A batch
 * row keeps the id it was pushed with, so after a sync the two are the same
 * campaign and readers count it once.
 *
 * Natural key: a campaign result is identified by the SHA-256 (hex) of
 *   sent_on "\x1f" channel "\x1f" subject "\x1f" recipients
 * with sent_on as YYYY-MM-DD, channel as "email" or "line", the subject
 * trimmed of surrounding white space, recipients in decimal, and an empty
 * string for an unknown date or recipient count. An insert skips rows whose
 * key is already stored, so a re-import of the same file adds nothing.
 *
 * Outbox: campaign_result.put_many {rows: [{id, natural_key, sent_on,
 * channel, subject, body, recipients, open_rate, ctr, cv_count, cv_type}, …]}
 * with up to MS_CAMPAIGN_ROWS_PER_PUT rows per mutation (an import of 100,000 rows is 200
 * mutations). The outbox row holds a reference, {batch, first, count, offset},
 * and ms-campaign-sync.c builds the rows (ms-campaign-json.c) when the push
 * is sent; a reference never reaches the server. The server applies the rows
 * as idempotent puts keyed by (tenant, natural_key).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ms-campaign-batch.h"
#include "ms-campaign-repository-private.h"
#include "ms-key-table.h"
#include "ms-store-private.h"
#include "ms-sync-rows-private.h"


struct _MsCampaignRepository
{
  GObject  parent_instance;
  MsStore *store;
};

G_DEFINE_FINAL_TYPE (MsCampaignRepository, ms_campaign_repository, G_TYPE_OBJECT)

static void
ms_campaign_repository_dispose (GObject *object)
{
  MsCampaignRepository *self = (MsCampaignRepository *) object;

  g_clear_object (&self->store);

  G_OBJECT_CLASS (ms_campaign_repository_parent_class)->dispose (object);
}

static void
ms_campaign_repository_class_init (MsCampaignRepositoryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ms_campaign_repository_dispose;
}

static void
ms_campaign_repository_init (MsCampaignRepository *self)
{
}

MsCampaignRepository *
ms_campaign_repository_new (MsStore *store)
{
  MsCampaignRepository *self;

  g_return_val_if_fail (MS_IS_STORE (store), NULL);

  self = g_object_new (MS_TYPE_CAMPAIGN_REPOSITORY, NULL);
  self->store = g_object_ref (store);
  return self;
}

/* ------------------------------------------------------------------------ */
/* Batches                                                                  */

typedef struct
{
  char          *id;
  gint64         created_at;
  MsCampaignIds  ids;
} BatchInfo;

static void
clear_batch_info (gpointer data)
{
  g_free (((BatchInfo *) data)->id);
}

/* The current tenant's batches, oldest first. */
static GArray *
list_batches (MsCampaignRepository  *self,
              GError               **error)
{
  g_autoptr(GArray) batches = g_array_new (FALSE, FALSE, sizeof (BatchInfo));
  sqlite3_stmt *stmt;
  int rc;

  g_array_set_clear_func (batches, clear_batch_info);
  stmt = _ms_store_prepare (self->store,
                            "SELECT id, created_at, id_high, id_low FROM campaign_batch"
                            " WHERE tenant = ?1 ORDER BY created_at, id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, ms_store_get_tenant (self->store), -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BatchInfo info;

      info.id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      info.created_at = sqlite3_column_int64 (stmt, 1);
      info.ids.high = (guint64) sqlite3_column_int64 (stmt, 2);
      info.ids.low = (guint64) sqlite3_column_int64 (stmt, 3);
      g_array_append_val (batches, info);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _ms_store_set_db_error (self->store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&batches);
}

static MsCampaignBatch *
open_batch (MsCampaignRepository  *self,
            const char            *batch_id,
            GError               **error)
{
  g_autofree char *path = _ms_campaign_batch_dup_path (self->store, batch_id);

  return _ms_campaign_batch_open (path, error);
}

static gint64
query_count (MsCampaignRepository  *self,
             const char            *sql,
             GError               **error)
{
  sqlite3_stmt *stmt = _ms_store_prepare (self->store, sql, error);
  gint64 n = -1;
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, ms_store_get_tenant (self->store), -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  else
    _ms_store_set_db_error (self->store, rc, error);
  sqlite3_reset (stmt);
  return n;
}

/* Fills @table with the keys of the current tenant's campaign_result rows,
 * with room for @extra more than everything stored. Returns how many rows
 * that was, or -1. */
static gint64
load_result_keys (MsCampaignRepository  *self,
                  MsKeyTable            *table,
                  gsize                  extra,
                  GError               **error)
{
  gint64 n_results, n_batched;
  sqlite3_stmt *stmt;
  int rc;

  n_results = query_count (self, "SELECT count(*) FROM campaign_result"
                                 " WHERE tenant = ?1 AND deleted_at IS NULL", error);
  if (n_results < 0)
    return -1;
  n_batched = query_count (self, "SELECT coalesce(sum(n_rows), 0) FROM campaign_batch"
                                 " WHERE tenant = ?1", error);
  if (n_batched < 0)
    return -1;
  _ms_key_table_init (table, (gsize) (n_results + n_batched) + extra);

  if (n_results == 0)
    return 0;
  stmt = _ms_store_prepare (self->store,
                            "SELECT natural_key FROM campaign_result"
                            " WHERE tenant = ?1 AND deleted_at IS NULL", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, ms_store_get_tenant (self->store), -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *hex = (const char *) sqlite3_column_text (stmt, 0);
      guint8 key[MS_CAMPAIGN_KEY_SIZE];

      if (hex != NULL && _ms_campaign_key_from_hex (hex, key))
        _ms_key_table_add (table, key);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _ms_store_set_db_error (self->store, rc, error);
      return -1;
    }
  return n_results;
}

/* Fills @table with the distinct keys of everything the current tenant has
 * stored, pulled and imported, with room for @extra more. Returns how many
 * that was, or -1. */
static gint64
load_stored_keys (MsCampaignRepository  *self,
                  MsKeyTable            *table,
                  gsize                  extra,
                  GError               **error)
{
  g_autoptr(GArray) batches = NULL;
  gint64 n = load_result_keys (self, table, extra, error);

  if (n < 0 || (batches = list_batches (self, error)) == NULL)
    return -1;
  for (guint b = 0; b < batches->len; b++)
    {
      g_autoptr(MsCampaignBatch) batch = open_batch (self, g_array_index (batches, BatchInfo,
                                                                           b).id, error);

      if (batch == NULL)
        return -1;
      for (guint i = 0; i < _ms_campaign_batch_get_n_rows (batch); i++)
        n += _ms_key_table_add (table, _ms_campaign_batch_get_key (batch, i));
    }
  return n;
}

/* ------------------------------------------------------------------------ */
/* Writing                                                                  */

static gboolean
add_outbox_references (MsCampaignRepository  *self,
                       const char            *batch_id,
                       guint                  n_rows,
                       GArray                *offsets,
                       gint64                 now,
                       GError               **error)
{
  sqlite3_stmt *stmt = _ms_store_prepare (self->store,
                                          "INSERT INTO outbox (tenant, name, args_json, created_at)"
                                          " VALUES (?1, 'campaign_result.put_many', ?2, ?3)",
                                          error);

  if (stmt == NULL)
    return FALSE;
  for (guint k = 0; k < offsets->len; k++)
    {
      guint first = k * MS_CAMPAIGN_ROWS_PER_PUT;
      g_autofree char *args = g_strdup_printf ("{\"batch\":\"%s\",\"first\":%u,\"count\":%u,"
                                               "\"offset\":%" G_GSIZE_FORMAT "}",
                                               batch_id, first,
                                               MIN (MS_CAMPAIGN_ROWS_PER_PUT, n_rows - first),
                                               g_array_index (offsets, gsize, k));

      sqlite3_bind_text (stmt, 1, ms_store_get_tenant (self->store), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, args, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, now);
      if (!_ms_store_step_done (self->store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_batch_row (MsCampaignRepository  *self,
               const char            *batch_id,
               guint                  n_rows,
               const MsCampaignIds   *ids,
               gint64                 now,
               GError               **error)
{
  sqlite3_stmt *stmt = _ms_store_prepare (self->store,
                                          "INSERT INTO campaign_batch"
                                          " (id, tenant, created_at, n_rows, id_high, id_low)"
                                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, batch_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, ms_store_get_tenant (self->store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_int64 (stmt, 4, n_rows);
  sqlite3_bind_int64 (stmt, 5, (gint64) ids->high);
  sqlite3_bind_int64 (stmt, 6, (gint64) ids->low);
  return _ms_store_step_done (self->store, stmt, error);
}

static gboolean
insert_rows (MsCampaignRepository  *self,
             const MsCampaignRow   *rows,
             guint                  n_rows,
             gboolean               unique,
             guint                 *n_added,
             GError               **error)
{
  g_autoptr(GArray) fresh = g_array_sized_new (FALSE, FALSE, sizeof (guint), n_rows);
  g_autoptr(GArray) offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autofree char *batch_id = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  MsKeyTable seen = { NULL, NULL, 0 };
  gint64 n_stored, now;
  MsCampaignIds ids;

  /* Campaign import is a plan feature (Team Pro), as the server checks it. */
  if (!_ms_store_check_feature (self->store, ms_store_get_tenant (self->store),
                                "campaign_result.put_many", NULL, error))
    return FALSE;

  for (guint i = 0; i < n_rows; i++)
    if (rows[i].subject == NULL)
      {
        g_set_error (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID,
                     "campaign row %u has no subject", i);
        return FALSE;
      }

  if (!_ms_store_begin (self->store, error))
    return FALSE;

  /* What is stored already; the new rows are checked against it and, unless
   * the caller dropped repeats already, against each other. */
  n_stored = load_stored_keys (self, &seen, unique ? 0 : n_rows, error);
  if (n_stored < 0)
    goto fail;
  for (guint i = 0; i < n_rows; i++)
    if (unique ? n_stored == 0 || !_ms_key_table_contains (&seen, rows[i].digest)
               : _ms_key_table_add (&seen, rows[i].digest))
      g_array_append_val (fresh, i);
  _ms_key_table_clear (&seen);

  if (fresh->len > 0)
    {
      now = ms_store_get_now (self->store);
      batch_id = _ms_store_new_id ();
      dir = _ms_campaign_batch_dup_dir (self->store);
      path = _ms_campaign_batch_dup_path (self->store, batch_id);
      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, MS_STORE_ERROR, MS_STORE_ERROR_OPEN,
                       /* Translators: first %s is a folder, second the system's reason */
                       _("Cannot create the folder “%s”: %s. Check the profile folder's "
                         "permissions, then import again."), dir, g_strerror (saved_errno));
          g_clear_pointer (&path, g_free);
          goto fail;
        }
      _ms_campaign_ids_init (&ids);
      if (!_ms_campaign_batch_write (path, rows, (const guint *) (gpointer) fresh->data,
                                     fresh->len, MS_CAMPAIGN_ROWS_PER_PUT, offsets, error))
        {
          g_clear_pointer (&path, g_free);  /* no file was left */
          goto fail;
        }
      if (!add_batch_row (self, batch_id, fresh->len, &ids, now, error) ||
          !add_outbox_references (self, batch_id, fresh->len, offsets, now, error))
        goto fail;
      _ms_store_mark_changed (self->store, "campaign_result");
    }

  if (!_ms_store_commit (self->store, error))
    {
      if (path != NULL)
        g_unlink (path);
      return FALSE;
    }
  if (n_added != NULL)
    *n_added = fresh->len;
  return TRUE;

fail:
  _ms_key_table_clear (&seen);
  _ms_store_rollback (self->store);
  if (path != NULL)
    g_unlink (path);
  return FALSE;
}

/**
 * ms_campaign_repository_insert:
 * @rows: rows with their natural keys (ms_campaign_row_compute_key())
 * @n_added: (out) (optional): rows that were new; the rest were already stored
 *   or repeated an earlier row
 *
 * Writes the new rows as one batch, all of them or none: on any error
 * nothing is written.
 */
gboolean
ms_campaign_repository_insert (MsCampaignRepository  *self,
                               const MsCampaignRow   *rows,
                               guint                  n_rows,
                               guint                 *n_added,
                               GError               **error)
{
  g_return_val_if_fail (MS_IS_CAMPAIGN_REPOSITORY (self), FALSE);
  g_return_val_if_fail (rows != NULL || n_rows == 0, FALSE);

  return insert_rows (self, rows, n_rows, FALSE, n_added, error);
}

/**
 * ms_campaign_repository_insert_unique:
 *
 * As ms_campaign_repository_insert() for rows whose natural keys are known
 * to differ from each other (an import drops repeats while it parses).
 */
gboolean
ms_campaign_repository_insert_unique (MsCampaignRepository  *self,
                                       const MsCampaignRow   *rows,
                                       guint                  n_rows,
                                       guint                 *n_added,
                                       GError               **error)
{
  g_return_val_if_fail (MS_IS_CAMPAIGN_REPOSITORY (self), FALSE);
  g_return_val_if_fail (rows != NULL || n_rows == 0, FALSE);

  return insert_rows (self, rows, n_rows, TRUE, n_added, error);
}

/* ------------------------------------------------------------------------ */
/* Reading                                                                  */

/**
 * ms_campaign_repository_count:
 *
 * Returns: the current tenant's campaign results, each counted once
 */
guint
ms_campaign_repository_count (MsCampaignRepository  *self,
                              GError               **error)
{
  MsKeyTable seen = { NULL, NULL, 0 };
  gint64 n;

  g_return_val_if_fail (MS_IS_CAMPAIGN_REPOSITORY (self), 0);

  n = load_stored_keys (self, &seen, 0, error);
  _ms_key_table_clear (&seen);
  return n >= 0 ? (guint) n : 0;
}

gboolean
ms_campaign_repository_contains (MsCampaignRepository *self,
                                 const char           *natural_key)
{
  g_autoptr(GArray) batches = NULL;
  guint8 key[MS_CAMPAIGN_KEY_SIZE];
  sqlite3_stmt *stmt;
  gboolean found;

  g_return_val_if_fail (MS_IS_CAMPAIGN_REPOSITORY (self), FALSE);
  g_return_val_if_fail (natural_key != NULL, FALSE);

  stmt = _ms_store_prepare (self->store,
                            "SELECT 1 FROM campaign_result WHERE tenant = ?1 AND natural_key = ?2"
                            " AND deleted_at IS NULL", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ms_store_get_tenant (self->store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, natural_key, -1, SQLITE_TRANSIENT);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (found || !_ms_campaign_key_from_hex (natural_key, key))
    return found;

  batches = list_batches (self, NULL);
  for (guint b = 0; !found && batches != NULL && b < batches->len; b++)
    {
      g_autoptr(MsCampaignBatch) batch = open_batch (self, g_array_index (batches, BatchInfo,
                                                                           b).id, NULL);

      for (guint i = 0; !found && batch != NULL && i < _ms_campaign_batch_get_n_rows (batch); i++)
        found = memcmp (_ms_campaign_batch_get_key (batch, i), key, MS_CAMPAIGN_KEY_SIZE) == 0;
    }
  return found;
}

/* Reading every row is sorting light entries, then decoding the rows
 * handed out: a batch row is only peeked at (channel and date) until then,
 * so asking for the newest 2,000 of 100,000 decodes 2,000. */
typedef struct
{
  MsCampaignRow row;
  char         *id;
} ResultRow;

typedef struct
{
  guint32   day;          /* YYYYMMDD; 0 unknown, first */
  MsChannel channel;
  gint64    created_at;
  guint     source;       /* 0: results[index]; b + 1: row index of batch b */
  guint     index;
  gsize     offset;       /* of a batch row */
} Entry;

typedef struct
{
  GArray          *results;   /* ResultRow */
  GArray          *batches;   /* BatchInfo */
  MsCampaignBatch **opened;   /* parallel to batches */
} Sources;

static guint32
day_of (const char *sent_on)
{
  guint32 day = 0;

  if (sent_on == NULL)
    return 0;
  for (guint i = 0; i < 10; i++)
    if (g_ascii_isdigit (sent_on[i]))
      day = day * 10 + (guint32) (sent_on[i] - '0');
  return day;
}

static void
format_entry_id (const Sources *sources,
                 const Entry   *entry,
                 char           id[37])
{
  if (entry->source == 0)
    g_strlcpy (id, g_array_index (sources->results, ResultRow, entry->index).id, 37);
  else
    _ms_campaign_ids_format (&g_array_index (sources->batches, BatchInfo,
                                             entry->source - 1).ids, entry->index, id);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const Entry *x = a, *y = b;
  char x_id[37], y_id[37];

  /* as SQL's ORDER BY sent_on, created_at, id: unknown dates first */
  if (x->day != y->day)
    return x->day < y->day ? -1 : 1;
  if (x->created_at != y->created_at)
    return x->created_at < y->created_at ? -1 : 1;
  /* a batch's ids count up with its rows */
  if (x->source == y->source && x->source != 0)
    return x->index < y->index ? -1 : x->index > y->index;
  format_entry_id (user_data, x, x_id);
  format_entry_id (user_data, y, y_id);
  return strcmp (x_id, y_id);
}

static char *
column_string (sqlite3_stmt *stmt,
               int           column,
               GStringChunk *strings)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? g_string_chunk_insert (strings, text) : NULL;
}

static gboolean
read_result_rows (MsCampaignRepository  *self,
                  Sources               *sources,
                  GArray                *entries,
                  GStringChunk          *strings,
                  GError               **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = _ms_store_prepare (self->store,
                            "SELECT id, created_at, natural_key, sent_on, channel, subject, body,"
                            " recipients, open_rate, ctr, cv_count, cv_type FROM campaign_result"
                            " WHERE tenant = ?1 AND deleted_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ms_store_get_tenant (self->store), -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ResultRow result = { { 0 } };
      Entry entry = { 0 };
      const char *key = (const char *) sqlite3_column_text (stmt, 2);
      MsCampaignRow *row = &result.row;

      row->subject = column_string (stmt, 5, strings);
      if (row->subject == NULL)
        continue;
      result.id = column_string (stmt, 0, strings);
      g_strlcpy (row->natural_key, key != NULL ? key : "", sizeof row->natural_key);
      _ms_campaign_key_from_hex (row->natural_key, row->digest);
      row->sent_on = column_string (stmt, 3, strings);
      ms_channel_from_string ((const char *) sqlite3_column_text (stmt, 4), &row->channel);
      row->body = column_string (stmt, 6, strings);
      row->recipients = sqlite3_column_type (stmt, 7) == SQLITE_NULL
                        ? -1 : sqlite3_column_int64 (stmt, 7);
      row->open_rate = sqlite3_column_type (stmt, 8) == SQLITE_NULL
                       ? NAN : sqlite3_column_double (stmt, 8);
      row->ctr = sqlite3_column_type (stmt, 9) == SQLITE_NULL
                 ? NAN : sqlite3_column_double (stmt, 9);
      row->cv_count = sqlite3_column_type (stmt, 10) == SQLITE_NULL
                      ? -1 : sqlite3_column_int64 (stmt, 10);
      row->cv_type = column_string (stmt, 11, strings);

      entry.day = day_of (row->sent_on);
      entry.channel = row->channel;
      entry.created_at = sqlite3_column_int64 (stmt, 1);
      entry.index = sources->results->len;
      g_array_append_val (sources->results, result);
      g_array_append_val (entries, entry);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _ms_store_set_db_error (self->store, rc, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
set_damaged_error (MsCampaignRepository  *self,
                   const char            *batch_id,
                   GError               **error)
{
  g_autofree char *path = _ms_campaign_batch_dup_path (self->store, batch_id);

  g_set_error (error, MS_STORE_ERROR, MS_STORE_ERROR_CORRUPT,
               /* Translators: %s is a file */
               _("The imported campaigns in “%s” are damaged. Import the campaign file again."),
               path);
  return FALSE;
}

static gboolean
peek_batch_rows (MsCampaignRepository  *self,
                 Sources               *sources,
                 guint                  b,
                 MsKeyTable            *seen,
                 GArray                *entries,
                 GError               **error)
{
  const BatchInfo *info = &g_array_index (sources->batches, BatchInfo, b);
  MsCampaignBatch *batch = open_batch (self, info->id, error);
  gsize offset;

  if (batch == NULL)
    return FALSE;
  sources->opened[b] = batch;
  offset = _ms_campaign_batch_get_first_row (batch);
  for (guint i = 0; i < _ms_campaign_batch_get_n_rows (batch); i++)
    {
      Entry entry = { 0 };
      const char *sent_on;

      entry.offset = offset;
      if (!_ms_campaign_batch_peek_row (batch, &offset, &entry.channel, &sent_on))
        return set_damaged_error (self, info->id, error);
      if (!_ms_key_table_add (seen, _ms_campaign_batch_get_key (batch, i)))
        continue;  /* the server's copy is in campaign_result */
      entry.day = day_of (sent_on);
      entry.created_at = info->created_at;
      entry.source = b + 1;
      entry.index = i;
      g_array_append_val (entries, entry);
    }
  return TRUE;
}

static gboolean
call_entry (MsCampaignRepository *self,
            Sources              *sources,
            const Entry          *entry,
            GStringChunk         *scratch,
            MsCampaignRowFunc     func,
            gpointer              user_data,
            GError              **error)
{
  MsCampaignBatch *batch;
  MsCampaignRow row;
  gsize offset = entry->offset;
  char id[37];

  if (entry->source == 0)
    {
      const ResultRow *result = &g_array_index (sources->results, ResultRow, entry->index);

      func (result->id, &result->row, user_data);
      return TRUE;
    }

  batch = sources->opened[entry->source - 1];
  g_string_chunk_clear (scratch);
  if (!_ms_campaign_batch_read_row (batch, &offset, &row, scratch))
    return set_damaged_error (self, g_array_index (sources->batches, BatchInfo,
                                                   entry->source - 1).id, error);
  memcpy (row.digest, _ms_campaign_batch_get_key (batch, entry->index), MS_CAMPAIGN_KEY_SIZE);
  _ms_campaign_key_to_hex (row.digest, row.natural_key);
  format_entry_id (sources, entry, id);
  func (id, &row, user_data);
  return TRUE;
}

/**
 * ms_campaign_repository_foreach:
 * @newest_per_channel: only the last this many rows of each channel, in
 *   the order below; 0 for all
 * @func: (scope call): called for every row, oldest sent_on first (unknown
 *   dates before all), then by when it was stored and by id
 *
 * Reads every campaign result of the current tenant, each once.
 */
gboolean
ms_campaign_repository_foreach (MsCampaignRepository  *self,
                                guint                  newest_per_channel,
                                MsCampaignRowFunc      func,
                                gpointer               user_data,
                                GError               **error)
{
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  g_autoptr(GArray) results = g_array_new (FALSE, FALSE, sizeof (ResultRow));
  GStringChunk *strings = g_string_chunk_new (64 * 1024);
  GStringChunk *scratch = g_string_chunk_new (4 * 1024);
  Sources sources = { results, NULL, NULL };
  MsKeyTable seen = { NULL, NULL, 0 };
  guint skip[MS_CHANNEL_LINE + 1] = { 0 };
  gboolean ok;

  g_return_val_if_fail (MS_IS_CAMPAIGN_REPOSITORY (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  ok = load_result_keys (self, &seen, 0, error) >= 0 &&
       read_result_rows (self, &sources, entries, strings, error) &&
       (sources.batches = list_batches (self, error)) != NULL;
  if (ok)
    sources.opened = g_new0 (MsCampaignBatch *, sources.batches->len + 1);
  for (guint b = 0; ok && b < sources.batches->len; b++)
    ok = peek_batch_rows (self, &sources, b, &seen, entries, error);
  _ms_key_table_clear (&seen);

  if (ok)
    {
      g_array_sort_with_data (entries, compare_entries, &sources);
      if (newest_per_channel > 0)
        {
          for (guint i = 0; i < entries->len; i++)
            skip[g_array_index (entries, Entry, i).channel]++;
          for (guint c = 0; c < G_N_ELEMENTS (skip); c++)
            skip[c] = skip[c] > newest_per_channel ? skip[c] - newest_per_channel : 0;
        }
      for (guint i = 0; ok && i < entries->len; i++)
        {
          const Entry *entry = &g_array_index (entries, Entry, i);

          if (skip[entry->channel] > 0)
            skip[entry->channel]--;
          else
            ok = call_entry (self, &sources, entry, scratch, func, user_data, error);
        }
    }

  for (guint b = 0; sources.opened != NULL && b < sources.batches->len; b++)
    _ms_campaign_batch_free (sources.opened[b]);
  g_free (sources.opened);
  g_clear_pointer (&sources.batches, g_array_unref);
  g_string_chunk_free (scratch);
  g_string_chunk_free (strings);
  return ok;
}
