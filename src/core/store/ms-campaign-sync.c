/* ms-campaign-sync.c — what sync and the store's opening do with imports
 *
 * An import's outbox rows are references to its batch file; the push sends
 * them expanded into campaign_result.put_many rows
 * (_ms_campaign_repository_expand_outbox_args), and when the pull brings
 * them back they are recognised by their ids and not stored a second time
 * (_ms_campaign_repository_is_imported_here). A server reset drops the
 * tenant's batches that no pending change still needs; opening the store
 * deletes batch files no row names (a crash between writing a file and
 * committing its row, or a dropped batch).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "ms-campaign-batch.h"
#include "ms-campaign-json.h"
#include "ms-campaign-repository-private.h"
#include "ms-store-private.h"

/* An orphan file younger than this may be another process's import that
 * has not committed yet. */
#define ORPHAN_MIN_AGE_S 3600

static char *
expand_reference (MsStore     *store,
                  JsonObject  *args)
{
  g_autoptr(GString) json = g_string_new ("{\"rows\":[");
  g_autoptr(MsCampaignBatch) batch = NULL;
  g_autofree char *path = NULL;
  GStringChunk *strings = NULL;
  const char *batch_id = json_object_get_string_member_with_default (args, "batch", "");
  gint64 first = json_object_get_int_member_with_default (args, "first", -1);
  gint64 count = json_object_get_int_member_with_default (args, "count", -1);
  gint64 offset = json_object_get_int_member_with_default (args, "offset", -1);
  MsCampaignIds ids;
  sqlite3_stmt *stmt;
  gboolean found;

  stmt = _ms_store_prepare (store, "SELECT id_high, id_low FROM campaign_batch WHERE id = ?1",
                            NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, batch_id, -1, SQLITE_TRANSIENT);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    {
      ids.high = (guint64) sqlite3_column_int64 (stmt, 0);
      ids.low = (guint64) sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);

  path = _ms_campaign_batch_dup_path (store, batch_id);
  if (!found || (batch = _ms_campaign_batch_open (path, NULL)) == NULL || first < 0 ||
      count < 0 || first + count > _ms_campaign_batch_get_n_rows (batch) ||
      offset < (gint64) _ms_campaign_batch_get_first_row (batch))
    return NULL;

  strings = g_string_chunk_new (16 * 1024);
  for (gint64 i = 0; i < count; i++)
    {
      MsCampaignRow row;
      char id[37];
      gsize at = (gsize) offset;

      if (!_ms_campaign_batch_read_row (batch, &at, &row, strings))
        break;
      offset = (gint64) at;
      _ms_campaign_key_to_hex (_ms_campaign_batch_get_key (batch, (guint) (first + i)),
                               row.natural_key);
      _ms_campaign_ids_format (&ids, (guint) (first + i), id);
      if (i > 0)
        g_string_append_c (json, ',');
      _ms_campaign_row_append_json (json, &row, id);
    }
  g_string_chunk_free (strings);
  g_string_append (json, "]}");
  return g_string_free (g_steal_pointer (&json), FALSE);
}

/**
 * _ms_campaign_repository_expand_outbox_args:
 * @name: the mutation's name
 * @args_json: its args as the outbox holds them
 *
 * The args as they are sent: a reference to a batch becomes its rows. A
 * batch whose file is gone becomes an empty list, which the server rejects,
 * so the user hears of it.
 *
 * Returns: (transfer full): the args to send
 */
char *
_ms_campaign_repository_expand_outbox_args (MsStore    *store,
                                            const char *name,
                                            const char *args_json)
{
  g_autoptr(JsonNode) node = NULL;
  char *rows;

  if (!g_str_equal (name, "campaign_result.put_many") || strstr (args_json, "\"batch\"") == NULL)
    return g_strdup (args_json);
  node = json_from_string (args_json, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      !json_object_has_member (json_node_get_object (node), "batch"))
    return g_strdup (args_json);
  rows = expand_reference (store, json_node_get_object (node));
  return rows != NULL ? rows : g_strdup ("{\"rows\":[]}");
}

/**
 * _ms_campaign_repository_wipe_tenant:
 *
 * Drops @tenant's batches that no pending change still refers to (their
 * files go at the next sweep).
 */
gboolean
_ms_campaign_repository_wipe_tenant (MsStore     *store,
                                     const char  *tenant,
                                     GError     **error)
{
  sqlite3_stmt *stmt = _ms_store_prepare (store,
    "DELETE FROM campaign_batch WHERE tenant = ?1 AND id NOT IN"
    " (SELECT json_extract (args_json, '$.batch') FROM outbox"
    "  WHERE name = 'campaign_result.put_many'"
    "  AND json_extract (args_json, '$.batch') IS NOT NULL)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_TRANSIENT);
  return _ms_store_step_done (store, stmt, error);
}

/**
 * _ms_campaign_repository_sweep_files:
 *
 * Deletes batch files no `campaign_batch` row names: left by a crash before
 * their import committed, or by a batch dropped since. Files younger than an
 * hour are kept, as another process may be importing into this profile.
 */
void
_ms_campaign_repository_sweep_files (MsStore *store)
{
  g_autofree char *dir_path = _ms_campaign_batch_dup_dir (store);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *batch_id = NULL;
      sqlite3_stmt *stmt;
      GStatBuf info;
      gboolean named;

      if (!g_str_has_suffix (name, ".rows"))
        continue;
      path = g_build_filename (dir_path, name, NULL);
      if (g_stat (path, &info) != 0 || now - (gint64) info.st_mtime < ORPHAN_MIN_AGE_S)
        continue;
      batch_id = g_strndup (name, strlen (name) - strlen (".rows"));
      stmt = _ms_store_prepare (store, "SELECT 1 FROM campaign_batch WHERE id = ?1", NULL);
      if (stmt == NULL)
        return;
      sqlite3_bind_text (stmt, 1, batch_id, -1, SQLITE_TRANSIENT);
      named = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_reset (stmt);
      if (!named)
        g_unlink (path);
    }
}

/* The 64-bit halves of a UUID's 32 hex digits; FALSE if @id is not one. */
static gboolean
parse_uuid (const char *id,
            guint64    *high,
            guint64    *low)
{
  guint n = 0;

  *high = *low = 0;
  for (const char *p = id; *p != '\0'; p++)
    {
      int digit;

      if (*p == '-')
        continue;
      if ((digit = g_ascii_xdigit_value (*p)) < 0 || n == 32)
        return FALSE;
      if (n < 16)
        *high = *high << 4 | (guint64) digit;
      else
        *low = *low << 4 | (guint64) digit;
      n++;
    }
  return n == 32;
}

/**
 * _ms_campaign_repository_is_imported_here:
 * @id: a campaign_result row's id, as a pull sent it
 * @own: (out): whether one of @tenant's batches made that id
 *
 * A batch's rows have the ids (id_high, id_low + i), so a pulled row with
 * one of them is this device's own row coming back, and the batch already
 * holds it. A row of the same campaign under another id (another device's
 * import that reached the server first) is not: it is stored, and wins.
 */
gboolean
_ms_campaign_repository_is_imported_here (MsStore     *store,
                                          const char  *tenant,
                                          const char  *id,
                                          gboolean    *own,
                                          GError     **error)
{
  sqlite3_stmt *stmt;
  guint64 high, low;
  int rc;

  *own = FALSE;
  if (id == NULL || !parse_uuid (id, &high, &low))
    return TRUE;
  stmt = _ms_store_prepare (store,
                            "SELECT 1 FROM campaign_batch WHERE tenant = ?1 AND id_high = ?2"
                            " AND ?3 - id_low BETWEEN 0 AND n_rows - 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, (gint64) high);
  sqlite3_bind_int64 (stmt, 3, (gint64) low);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _ms_store_set_db_error (store, rc, error);
      return FALSE;
    }
  *own = rc == SQLITE_ROW;
  return TRUE;
}
