/* ms-history-list.c — the History page's list: a lazy GListModel of saved scorings
 *
 * The list never loads every row. For the current query it keeps only the
 * ordered (rowid, updated_at) pairs of the matching rows — read from a
 * covering index, 16 bytes a row — and builds an MsHistoryItem when a
 * position is asked for, keeping recently built items in a small cache.
 *
 * It follows the store: after a committed write to score_history (save,
 * delete, restore, actuals), or a change of plan or tenant, it re-reads the
 * keys and emits one items-changed for the span that differs (common prefix
 * and suffix kept), so a GtkListView keeps its scroll position. A changed
 * plan can lock or unlock any row, so then the whole list is replaced.
 *
 * After a write on the store's worker thread (ms_history_repository_save_async())
 * it re-reads the keys there too, so a save into a History of 100,000 rows
 * never stalls the main loop; "loading" is TRUE until the list follows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include "ms-history-list.h"
#include "ms-history-private.h"
#include "ms-store-private.h"

#define CACHE_MAX 1024

struct _MsHistoryList
{
  GObject        parent_instance;

  MsStore       *store;
  char          *search;
  int            channel;
  gint64         since;
  gint64         until;
  MsHistorySort  sort;

  GArray        *keys;       /* MsHistoryKey, in list order */
  MsHistoryLock  lock;
  guint          n_locked;
  GHashTable    *cache;      /* gint64 rowid → MsHistoryItem */
  GError        *last_error;

  guint          generation; /* counts refreshes: a stale background read is dropped */
  gboolean       loading;    /* a background read is on its way */
  gboolean       reload;     /* the store changed again meanwhile */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MsHistoryList, ms_history_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_SEARCH,
  PROP_CHANNEL,
  PROP_SINCE,
  PROP_UNTIL,
  PROP_SORT,
  PROP_N_ITEMS,
  PROP_N_LOCKED,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------------ */

static gboolean
count_locked (MsStore              *store,
              const MsHistoryLock  *lock,
              guint                *n_locked,
              GError              **error)
{
  sqlite3_stmt *stmt;
  int rc;

  *n_locked = 0;
  if (!lock->has_cutoff && lock->min_created_at == 0)
    return TRUE;

  stmt = _ms_store_prepare (store,
                            "SELECT count(*) FROM score_history"
                            " WHERE tenant = ?1 AND deleted_at IS NULL"
                            " AND (created_at < ?2 OR created_at < ?3"
                            "      OR (created_at = ?3 AND rowid < ?4))", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ms_store_get_tenant (store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, lock->min_created_at);
  sqlite3_bind_int64 (stmt, 3, lock->has_cutoff ? lock->cutoff_created_at : 0);
  sqlite3_bind_int64 (stmt, 4, lock->has_cutoff ? lock->cutoff_rowid : 0);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *n_locked = (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      _ms_store_set_db_error (store, rc, error);
      return FALSE;
    }
  return TRUE;
}

/* What a refresh reads: the keys of a query, the plan's lock and the rows it hides. */
typedef struct
{
  MsHistoryQuery  query;      /* its search is owned */
  guint           generation;
  GArray         *keys;
  MsHistoryLock   lock;
  guint           n_locked;
} Snapshot;

static void
snapshot_free (Snapshot *snapshot)
{
  g_free ((char *) snapshot->query.search);
  g_clear_pointer (&snapshot->keys, g_array_unref);
  g_free (snapshot);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Snapshot, snapshot_free)

static Snapshot *
snapshot_new (MsHistoryList *self)
{
  Snapshot *snapshot = g_new0 (Snapshot, 1);

  snapshot->query = (MsHistoryQuery) { g_strdup (self->search), self->channel, self->since,
                                       self->until, self->sort };
  snapshot->generation = self->generation;
  return snapshot;
}

/* On any thread, with that thread's connection. */
static gboolean
read_snapshot (MsStore   *store,
               Snapshot  *snapshot,
               GError   **error)
{
  return _ms_history_get_lock (store, &snapshot->lock, error) &&
         (snapshot->keys = _ms_history_query_keys (store, &snapshot->query, error)) != NULL &&
         count_locked (store, &snapshot->lock, &snapshot->n_locked, error);
}

static void schedule_background_refresh (MsHistoryList *self);

static gboolean
keys_equal (const MsHistoryKey *a,
            const MsHistoryKey *b)
{
  return a->rowid == b->rowid && a->updated_at == b->updated_at;
}

static void
on_store_changed_cb (MsStore       *store,
                     const char    *table,
                     MsHistoryList *self)
{
  if (_ms_store_is_worker_change (store))
    schedule_background_refresh (self);
  else
    ms_history_list_refresh (self, NULL);
}

/* A fix request about a shared copy changed: the rows show its status. */
static void
on_review_changed_cb (MsStore       *store,
                      const char    *table,
                      MsHistoryList *self)
{
  if (self->keys->len == 0)
    return;
  g_hash_table_remove_all (self->cache);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, self->keys->len, self->keys->len);
}

static void
on_store_notify_cb (MsStore       *store,
                    GParamSpec    *pspec,
                    MsHistoryList *self)
{
  ms_history_list_refresh (self, NULL);
}

/* ------------------------------------------------------------------------ */

static GType
ms_history_list_get_item_type (GListModel *model)
{
  return MS_TYPE_HISTORY_ITEM;
}

static guint
ms_history_list_get_n_items (GListModel *model)
{
  return MS_HISTORY_LIST (model)->keys->len;
}

static gpointer
ms_history_list_get_item (GListModel *model,
                          guint       position)
{
  MsHistoryList *self = MS_HISTORY_LIST (model);
  const MsHistoryKey *key;
  MsHistoryItem *item;

  if (position >= self->keys->len)
    return NULL;

  key = &g_array_index (self->keys, MsHistoryKey, position);
  item = g_hash_table_lookup (self->cache, &key->rowid);
  if (item != NULL && ms_history_item_get_updated_at (item) == key->updated_at)
    return g_object_ref (item);

  g_clear_error (&self->last_error);
  item = _ms_history_load_item (self->store, key->rowid, &self->lock, &self->last_error);
  if (item == NULL)
    return NULL;

  if (g_hash_table_size (self->cache) >= CACHE_MAX)
    g_hash_table_remove_all (self->cache);
  g_hash_table_insert (self->cache, g_memdup2 (&key->rowid, sizeof (gint64)),
                       g_object_ref (item));
  return item;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = ms_history_list_get_item_type;
  iface->get_n_items = ms_history_list_get_n_items;
  iface->get_item = ms_history_list_get_item;
}

/* ------------------------------------------------------------------------ */

static void
ms_history_list_dispose (GObject *object)
{
  MsHistoryList *self = (MsHistoryList *) object;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  if (self->cache != NULL)
    g_hash_table_remove_all (self->cache);

  G_OBJECT_CLASS (ms_history_list_parent_class)->dispose (object);
}

static void
ms_history_list_finalize (GObject *object)
{
  MsHistoryList *self = (MsHistoryList *) object;

  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->keys, g_array_unref);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_error (&self->last_error);

  G_OBJECT_CLASS (ms_history_list_parent_class)->finalize (object);
}

static void
ms_history_list_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MsHistoryList *self = MS_HISTORY_LIST (object);

  switch (prop_id)
    {
    case PROP_SEARCH: g_value_set_string (value, self->search); break;
    case PROP_CHANNEL: g_value_set_int (value, self->channel); break;
    case PROP_SINCE: g_value_set_int64 (value, self->since); break;
    case PROP_UNTIL: g_value_set_int64 (value, self->until); break;
    case PROP_SORT: g_value_set_enum (value, self->sort); break;
    case PROP_N_ITEMS: g_value_set_uint (value, self->keys->len); break;
    case PROP_N_LOCKED: g_value_set_uint (value, self->n_locked); break;
    case PROP_LOADING: g_value_set_boolean (value, self->loading); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_history_list_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MsHistoryList *self = MS_HISTORY_LIST (object);

  switch (prop_id)
    {
    case PROP_SEARCH: ms_history_list_set_search (self, g_value_get_string (value)); break;
    case PROP_CHANNEL: ms_history_list_set_channel (self, g_value_get_int (value)); break;
    case PROP_SINCE: ms_history_list_set_period (self, g_value_get_int64 (value), self->until); break;
    case PROP_UNTIL: ms_history_list_set_period (self, self->since, g_value_get_int64 (value)); break;
    case PROP_SORT: ms_history_list_set_sort (self, g_value_get_enum (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_history_list_class_init (MsHistoryListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ms_history_list_dispose;
  object_class->finalize = ms_history_list_finalize;
  object_class->get_property = ms_history_list_get_property;
  object_class->set_property = ms_history_list_set_property;

  properties[PROP_SEARCH] = g_param_spec_string ("search", NULL, NULL, NULL, rw);
  /* an MsChannel, or MS_HISTORY_CHANNEL_ANY (-1) */
  properties[PROP_CHANNEL] = g_param_spec_int ("channel", NULL, NULL, -1, MS_CHANNEL_LINE,
                                               MS_HISTORY_CHANNEL_ANY, rw);
  properties[PROP_SINCE] = g_param_spec_int64 ("since", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_UNTIL] = g_param_spec_int64 ("until", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_SORT] = g_param_spec_enum ("sort", NULL, NULL, MS_TYPE_HISTORY_SORT,
                                             MS_HISTORY_SORT_NEWEST, rw);
  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, ro);
  /* live rows beyond the plan's visible history, whatever the filter */
  properties[PROP_N_LOCKED] = g_param_spec_uint ("n-locked", NULL, NULL, 0, G_MAXUINT, 0, ro);
  /* re-reading in the background after a background write */
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                                                   ro | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ms_history_list_init (MsHistoryList *self)
{
  self->channel = MS_HISTORY_CHANNEL_ANY;
  self->sort = MS_HISTORY_SORT_NEWEST;
  self->keys = g_array_new (FALSE, FALSE, sizeof (MsHistoryKey));
  self->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
}

/* ------------------------------------------------------------------------ */

/**
 * ms_history_list_new:
 *
 * Returns: (transfer full): every live saved scoring of the store's tenant,
 *   newest first; set a query to filter and sort
 */
MsHistoryList *
ms_history_list_new (MsStore *store)
{
  MsHistoryList *self;

  g_return_val_if_fail (MS_IS_STORE (store), NULL);

  self = g_object_new (MS_TYPE_HISTORY_LIST, NULL);
  self->store = g_object_ref (store);
  g_signal_connect (store, "changed::score_history", G_CALLBACK (on_store_changed_cb), self);
  g_signal_connect (store, "changed::fix_request", G_CALLBACK (on_review_changed_cb), self);
  g_signal_connect (store, "changed::feedback", G_CALLBACK (on_review_changed_cb), self);
  g_signal_connect (store, "notify::entitlements", G_CALLBACK (on_store_notify_cb), self);
  g_signal_connect (store, "notify::tenant", G_CALLBACK (on_store_notify_cb), self);
  ms_history_list_refresh (self, NULL);
  return self;
}

/* Takes @snapshot's keys: one items-changed for the span that differs. */
static void
apply_snapshot (MsHistoryList *self,
                Snapshot      *snapshot)
{
  guint old_n = self->keys->len;
  guint new_n = snapshot->keys->len;
  guint prefix = 0, suffix = 0;
  gboolean lock_changed = memcmp (&snapshot->lock, &self->lock, sizeof self->lock) != 0;

  self->lock = snapshot->lock;
  if (lock_changed)
    g_hash_table_remove_all (self->cache);
  else
    {
      while (prefix < old_n && prefix < new_n &&
             keys_equal (&g_array_index (self->keys, MsHistoryKey, prefix),
                         &g_array_index (snapshot->keys, MsHistoryKey, prefix)))
        prefix++;
      while (suffix < old_n - prefix && suffix < new_n - prefix &&
             keys_equal (&g_array_index (self->keys, MsHistoryKey, old_n - 1 - suffix),
                         &g_array_index (snapshot->keys, MsHistoryKey, new_n - 1 - suffix)))
        suffix++;
    }

  g_array_unref (self->keys);
  self->keys = g_steal_pointer (&snapshot->keys);

  if (self->n_locked != snapshot->n_locked)
    {
      self->n_locked = snapshot->n_locked;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_LOCKED]);
    }

  if (old_n - prefix - suffix > 0 || new_n - prefix - suffix > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                                old_n - prefix - suffix, new_n - prefix - suffix);
  if (old_n != new_n)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
set_loading (MsHistoryList *self,
             gboolean       loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Worker thread. */
static gboolean
read_in_worker (MsStore   *worker_store,
                gpointer   task_data,
                GError   **error)
{
  return read_snapshot (worker_store, task_data, error);
}

static void
on_background_read_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  MsHistoryList *self = MS_HISTORY_LIST (object);
  Snapshot *snapshot = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_clear_error (&self->last_error);
      self->last_error = g_steal_pointer (&error);
    }
  /* Not after a refresh of the main thread, which read newer keys. */
  else if (snapshot->generation == self->generation)
    {
      self->generation++;
      apply_snapshot (self, snapshot);
    }

  if (self->reload && self->store != NULL)
    {
      self->reload = FALSE;
      self->loading = FALSE;
      schedule_background_refresh (self);
      return;
    }
  set_loading (self, FALSE);
}

/* Re-reads the keys on the store's worker thread; one read at a time. */
static void
schedule_background_refresh (MsHistoryList *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->loading)
    {
      self->reload = TRUE;
      return;
    }

  task = g_task_new (self, NULL, on_background_read_cb, NULL);
  g_task_set_source_tag (task, schedule_background_refresh);
  g_task_set_task_data (task, snapshot_new (self), (GDestroyNotify) snapshot_free);
  set_loading (self, TRUE);
  _ms_store_run_in_worker (self->store, task, read_in_worker);
}

/**
 * ms_history_list_refresh:
 *
 * Re-reads the keys of the query. Called by the list itself on every change
 * it can see; call it after another process wrote to the profile.
 */
gboolean
ms_history_list_refresh (MsHistoryList  *self,
                         GError        **error)
{
  g_autoptr(Snapshot) snapshot = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (MS_IS_HISTORY_LIST (self), FALSE);

  snapshot = snapshot_new (self);
  if (!read_snapshot (self->store, snapshot, &local_error))
    {
      g_clear_error (&self->last_error);
      self->last_error = g_error_copy (local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  self->generation++;
  apply_snapshot (self, snapshot);
  return TRUE;
}

/**
 * ms_history_list_get_loading:
 *
 * Returns: whether the list is re-reading in the background after a
 *   background write, and will follow it shortly
 */
gboolean
ms_history_list_get_loading (MsHistoryList *self)
{
  g_return_val_if_fail (MS_IS_HISTORY_LIST (self), FALSE);
  return self->loading;
}

/**
 * ms_history_list_set_query:
 *
 * Sets search, channel, period and sort at once (one refresh).
 */
void
ms_history_list_set_query (MsHistoryList        *self,
                           const MsHistoryQuery *query)
{
  g_return_if_fail (MS_IS_HISTORY_LIST (self));
  g_return_if_fail (query != NULL);

  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (self->search, query->search) != 0)
    {
      g_free (self->search);
      self->search = g_strdup (query->search);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
    }
  if (self->channel != query->channel)
    {
      self->channel = query->channel;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANNEL]);
    }
  if (self->since != query->since)
    {
      self->since = query->since;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SINCE]);
    }
  if (self->until != query->until)
    {
      self->until = query->until;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNTIL]);
    }
  if (self->sort != query->sort)
    {
      self->sort = query->sort;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT]);
    }
  ms_history_list_refresh (self, NULL);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * ms_history_list_get_query:
 * @query: (out): the query; its search string belongs to @self
 */
void
ms_history_list_get_query (MsHistoryList  *self,
                           MsHistoryQuery *query)
{
  g_return_if_fail (MS_IS_HISTORY_LIST (self));

  query->search = self->search;
  query->channel = self->channel;
  query->since = self->since;
  query->until = self->until;
  query->sort = self->sort;
}

const char *
ms_history_list_get_search (MsHistoryList *self)
{
  g_return_val_if_fail (MS_IS_HISTORY_LIST (self), NULL);
  return self->search;
}

void
ms_history_list_set_search (MsHistoryList *self,
                            const char    *search)
{
  MsHistoryQuery query;

  g_return_if_fail (MS_IS_HISTORY_LIST (self));
  ms_history_list_get_query (self, &query);
  query.search = search;
  ms_history_list_set_query (self, &query);
}

int
ms_history_list_get_channel (MsHistoryList *self)
{
  g_return_val_if_fail (MS_IS_HISTORY_LIST (self), MS_HISTORY_CHANNEL_ANY);
  return self->channel;
}

/**
 * ms_history_list_set_channel:
 * @channel: an MsChannel, or %MS_HISTORY_CHANNEL_ANY
 */
void
ms_history_list_set_channel (MsHistoryList *self,
                             int            channel)
{
  MsHistoryQuery query;

  g_return_if_fail (MS_IS_HISTORY_LIST (self));
  g_return_if_fail (channel == MS_HISTORY_CHANNEL_ANY || channel == MS_CHANNEL_EMAIL ||
                    channel == MS_CHANNEL_LINE);
  ms_history_list_get_query (self, &query);
  query.channel = channel;
  ms_history_list_set_query (self, &query);
}

/**
 * ms_history_list_set_period:
 * @since: first microsecond shown, or 0
 * @until: first microsecond no longer shown, or 0
 */
void
ms_history_list_set_period (MsHistoryList *self,
                            gint64         since,
                            gint64         until)
{
  MsHistoryQuery query;

  g_return_if_fail (MS_IS_HISTORY_LIST (self));
  ms_history_list_get_query (self, &query);
  query.since = since;
  query.until = until;
  ms_history_list_set_query (self, &query);
}

MsHistorySort
ms_history_list_get_sort (MsHistoryList *self)
{
  g_return_val_if_fail (MS_IS_HISTORY_LIST (self), MS_HISTORY_SORT_NEWEST);
  return self->sort;
}

void
ms_history_list_set_sort (MsHistoryList *self,
                          MsHistorySort  sort)
{
  MsHistoryQuery query;

  g_return_if_fail (MS_IS_HISTORY_LIST (self));
  ms_history_list_get_query (self, &query);
  query.sort = sort;
  ms_history_list_set_query (self, &query);
}

guint
ms_history_list_get_n_locked (MsHistoryList *self)
{
  g_return_val_if_fail (MS_IS_HISTORY_LIST (self), 0);
  return self->n_locked;
}

/**
 * ms_history_list_get_last_error:
 *
 * Returns: (transfer none) (nullable): why the last refresh or item failed
 */
GError *
ms_history_list_get_last_error (MsHistoryList *self)
{
  g_return_val_if_fail (MS_IS_HISTORY_LIST (self), NULL);
  return self->last_error;
}
