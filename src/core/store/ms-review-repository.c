/* ms-review-repository.c — a team's shared scorings and fix requests
 *
 * One repository per team tenant ("team:<uuid>"). A member shares a saved
 * scoring with the team (a copy of its texts and score); an owner asks for
 * a fix with a comment (修正依頼); the member saves a fixed version, shares
 * it as the next version of the first and answers "fixed"; an owner closes
 * the request. Each write is the local change plus its outbox row on the
 * team's tenant, in one transaction, through the mutation table
 * (src/core/sync/ms-mutation-review.c), so it works offline both ways and
 * is checked as the server checks it. Owners see every request of the
 * team; a member sees the requests addressed to them and what they shared.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ms-review-repository.h"
#include "ms-store-private.h"
#include "ms-sync-rows-private.h"
#include "ms-team-repository.h"

struct _MsReviewRepository
{
  GObject     parent_instance;
  MsStore    *store;
  char       *tenant;
  char       *user_id;   /* from the personal tenant "user:<id>"; NULL before signing in */
  GListStore *requests;  /* MsFixRequest: open first, then newest first */
  GListStore *scorings;  /* MsSharedScoring: newest first */
};

G_DEFINE_FINAL_TYPE (MsReviewRepository, ms_review_repository, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The most rows a list shows. */
#define MAX_ROWS 500

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

#define SCORING_COLUMNS(s) \
  s ".id, " s ".history_id, " s ".shared_by, " s ".channel, " s ".subject, " s ".preheader, " \
  s ".body, " s ".total, " s ".created_at, " s ".previous_id"
#define N_SCORING_COLUMNS 10

/* Reads SCORING_COLUMNS from @first, and the sharer's name from @name. */
static void
scoring_from_row (sqlite3_stmt        *stmt,
                  int                  first,
                  int                  name,
                  MsSharedScoringInfo *info)
{
  info->id = column_text (stmt, first);
  info->history_id = column_text (stmt, first + 1);
  info->shared_by = column_text (stmt, first + 2);
  info->channel = column_text (stmt, first + 3);
  info->subject = column_text (stmt, first + 4);
  info->preheader = column_text (stmt, first + 5);
  info->body = column_text (stmt, first + 6);
  info->total = (guint) CLAMP (sqlite3_column_int64 (stmt, first + 7), 0, 100);
  info->created_at = sqlite3_column_int64 (stmt, first + 8);
  info->previous_id = column_text (stmt, first + 9);
  info->sharer_name = column_text (stmt, name);
  if (info->sharer_name == NULL || *info->sharer_name == '\0')
    {
      g_free (info->sharer_name);
      info->sharer_name = g_strdup (info->shared_by);
    }
}

#define MEMBER_NAME(who) \
  "(SELECT m.name FROM team_member m WHERE m.tenant = ?1 AND m.user_id = " who \
  " AND m.deleted_at IS NULL ORDER BY m.updated_at DESC LIMIT 1)"

static gpointer
scoring_item_from_row (sqlite3_stmt *stmt)
{
  MsSharedScoringInfo info = { 0 };
  g_autofree char *status = column_text (stmt, N_SCORING_COLUMNS + 1);

  scoring_from_row (stmt, 0, N_SCORING_COLUMNS, &info);
  return ms_shared_scoring_new (&info, status);
}

static gpointer
request_item_from_row (sqlite3_stmt *stmt)
{
  MsFixRequestInfo info = { 0 };

  info.id = column_text (stmt, 0);
  info.status = column_text (stmt, 1);
  info.comment = column_text (stmt, 2);
  info.answer = column_text (stmt, 3);
  info.member = column_text (stmt, 4);
  info.requested_by = column_text (stmt, 5);
  info.created_at = sqlite3_column_int64 (stmt, 6);
  info.answered_at = sqlite3_column_int64 (stmt, 7);
  info.closed_at = sqlite3_column_int64 (stmt, 8);
  info.member_name = column_text (stmt, 9);
  info.requester_name = column_text (stmt, 10);
  if (info.member_name == NULL)
    info.member_name = g_strdup (info.member);
  if (info.requester_name == NULL)
    info.requester_name = g_strdup (info.requested_by);
  scoring_from_row (stmt, 11, 9, &info.scoring);
  info.has_fixed = sqlite3_column_type (stmt, 11 + N_SCORING_COLUMNS) != SQLITE_NULL;
  if (info.has_fixed)
    scoring_from_row (stmt, 11 + N_SCORING_COLUMNS, 9, &info.fixed);
  return ms_fix_request_new (&info);
}

static gboolean
reload_model (MsReviewRepository  *self,
              const char          *sql,
              MsStoreRowFunc       make_item,
              GListStore          *model,
              GError             **error)
{
  sqlite3_stmt *stmt = _ms_store_prepare (self->store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, self->tenant, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, ms_review_repository_get_is_owner (self));
  sqlite3_bind_text (stmt, 3, self->user_id != NULL ? self->user_id : "", -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, MAX_ROWS);
  return _ms_store_reload_model (self->store, stmt, make_item, model, error);
}

static gboolean
reload (MsReviewRepository  *self,
        GError             **error)
{
  return reload_model (self,
                       "SELECT r.id, r.status, r.comment, r.answer, r.member, r.requested_by,"
                       " r.created_at, coalesce (r.answered_at, 0), coalesce (r.closed_at, 0),"
                       " " MEMBER_NAME ("r.member") ", " MEMBER_NAME ("r.requested_by") ","
                       " " SCORING_COLUMNS ("s") ", " SCORING_COLUMNS ("f")
                       " FROM fix_request r"
                       " JOIN shared_scoring s ON s.tenant = r.tenant AND s.id = r.scoring_id"
                       " LEFT JOIN shared_scoring f ON f.tenant = r.tenant"
                       "  AND f.id = r.fixed_scoring_id"
                       " WHERE r.tenant = ?1 AND r.deleted_at IS NULL AND (?2 OR r.member = ?3)"
                       " ORDER BY r.status <> 'open', r.created_at DESC, r.id LIMIT ?4",
                       request_item_from_row, self->requests, error) &&
         reload_model (self,
                       "SELECT " SCORING_COLUMNS ("s") ", " MEMBER_NAME ("s.shared_by") ","
                       " (SELECT r.status FROM fix_request r WHERE r.tenant = s.tenant"
                       "  AND r.scoring_id = s.id AND r.deleted_at IS NULL"
                       "  ORDER BY r.created_at DESC LIMIT 1)"
                       " FROM shared_scoring s"
                       " WHERE s.tenant = ?1 AND s.deleted_at IS NULL AND (?2 OR s.shared_by = ?3)"
                       " ORDER BY s.created_at DESC, s.id LIMIT ?4",
                       scoring_item_from_row, self->scorings, error);
}

static void
on_store_changed_cb (MsStore            *store,
                     const char         *table,
                     MsReviewRepository *self)
{
  reload (self, NULL);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
ms_review_repository_dispose (GObject *object)
{
  MsReviewRepository *self = (MsReviewRepository *) object;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_object (&self->requests);
  g_clear_object (&self->scorings);

  G_OBJECT_CLASS (ms_review_repository_parent_class)->dispose (object);
}

static void
ms_review_repository_finalize (GObject *object)
{
  MsReviewRepository *self = (MsReviewRepository *) object;

  g_free (self->tenant);
  g_free (self->user_id);

  G_OBJECT_CLASS (ms_review_repository_parent_class)->finalize (object);
}

static void
ms_review_repository_class_init (MsReviewRepositoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ms_review_repository_dispose;
  object_class->finalize = ms_review_repository_finalize;

  /**
   * MsReviewRepository::changed:
   *
   * The team's shared scorings, fix requests, members or the user's role changed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ms_review_repository_init (MsReviewRepository *self)
{
  self->requests = g_list_store_new (MS_TYPE_FIX_REQUEST);
  self->scorings = g_list_store_new (MS_TYPE_SHARED_SCORING);
}

/**
 * ms_review_repository_new:
 * @tenant: the team's tenant ("team:<uuid>")
 */
MsReviewRepository *
ms_review_repository_new (MsStore    *store,
                          const char *tenant)
{
  static const char * const tables[] = { "team", "team_member", "shared_scoring",
                                         "fix_request" };
  MsReviewRepository *self;
  const char *personal;

  g_return_val_if_fail (MS_IS_STORE (store), NULL);
  g_return_val_if_fail (tenant != NULL, NULL);

  self = g_object_new (MS_TYPE_REVIEW_REPOSITORY, NULL);
  self->store = g_object_ref (store);
  self->tenant = g_strdup (tenant);
  personal = ms_store_get_tenant (store);
  if (g_str_has_prefix (personal, "user:"))
    self->user_id = g_strdup (personal + strlen ("user:"));
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *detailed = g_strconcat ("changed::", tables[i], NULL);

      g_signal_connect (store, detailed, G_CALLBACK (on_store_changed_cb), self);
    }
  reload (self, NULL);
  return self;
}

const char *
ms_review_repository_get_tenant (MsReviewRepository *self)
{
  g_return_val_if_fail (MS_IS_REVIEW_REPOSITORY (self), NULL);
  return self->tenant;
}

/**
 * ms_review_repository_get_user_id:
 *
 * Returns: (nullable): the signed-in user's id, NULL before signing in
 */
const char *
ms_review_repository_get_user_id (MsReviewRepository *self)
{
  g_return_val_if_fail (MS_IS_REVIEW_REPOSITORY (self), NULL);
  return self->user_id;
}

gboolean
ms_review_repository_get_is_owner (MsReviewRepository *self)
{
  g_autofree char *role = NULL;

  g_return_val_if_fail (MS_IS_REVIEW_REPOSITORY (self), FALSE);
  role = ms_store_dup_team_role (self->store, self->tenant);
  return g_strcmp0 (role, "owner") == 0;
}

/**
 * ms_review_repository_get_requests:
 *
 * Returns: (transfer none): the fix requests (MsFixRequest) an owner sees
 *   all of and a member those addressed to them; open ones first
 */
GListModel *
ms_review_repository_get_requests (MsReviewRepository *self)
{
  g_return_val_if_fail (MS_IS_REVIEW_REPOSITORY (self), NULL);
  return G_LIST_MODEL (self->requests);
}

/**
 * ms_review_repository_get_scorings:
 *
 * Returns: (transfer none): the shared scorings (MsSharedScoring): an
 *   owner's every one of the team, a member's their own; newest first
 */
GListModel *
ms_review_repository_get_scorings (MsReviewRepository *self)
{
  g_return_val_if_fail (MS_IS_REVIEW_REPOSITORY (self), NULL);
  return G_LIST_MODEL (self->scorings);
}

/* ------------------------------------------------------------------------ */
/* Writes                                                                   */

static gboolean
write_mutation (MsReviewRepository  *self,
                const char          *name,
                JsonObject          *args,
                GError             **error)
{
  g_autoptr(JsonObject) valid = _ms_store_validate_mutation (self->store, name, args, error);

  return valid != NULL &&
         _ms_store_write_mutation (self->store, self->tenant, name, valid, NULL, error);
}

static gboolean
check_signed_in (MsReviewRepository  *self,
                 GError             **error)
{
  if (self->user_id != NULL)
    return TRUE;
  g_set_error_literal (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID,
                       _("Sign in to share scorings and fix requests with your team."));
  return FALSE;
}

static gboolean
check_owner (MsReviewRepository  *self,
             GError             **error)
{
  if (!check_signed_in (self, error))
    return FALSE;
  if (ms_review_repository_get_is_owner (self))
    return TRUE;
  g_set_error_literal (error, MS_STORE_ERROR, MS_STORE_ERROR_FORBIDDEN,
                       _("Only the team’s owners can ask for fixes and close requests."));
  return FALSE;
}

/* The args of shared_scoring.share from the user's saved scoring @history_id. */
static JsonObject *
share_args_from_history (MsReviewRepository  *self,
                         const char          *history_id,
                         GError             **error)
{
  sqlite3_stmt *stmt = _ms_store_prepare (self->store,
                                          "SELECT channel, subject, preheader, body, total"
                                          " FROM score_history WHERE tenant = ?1 AND id = ?2"
                                          " AND deleted_at IS NULL", error);
  g_autoptr(JsonObject) args = NULL;
  static const char * const texts[] = { "subject", "preheader", "body" };

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, ms_store_get_tenant (self->store), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, history_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error_literal (error, MS_STORE_ERROR, MS_STORE_ERROR_NOT_FOUND,
                           _("This scoring is no longer in History."));
      return NULL;
    }
  args = json_object_new ();
  json_object_set_string_member (args, "history_id", history_id);
  json_object_set_string_member (args, "shared_by", self->user_id);
  json_object_set_string_member (args, "channel", (const char *) sqlite3_column_text (stmt, 0));
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (sqlite3_column_type (stmt, 1 + i) != SQLITE_NULL)
      json_object_set_string_member (args, texts[i],
                                     (const char *) sqlite3_column_text (stmt, 1 + i));
  json_object_set_int_member (args, "total", sqlite3_column_int64 (stmt, 4));
  sqlite3_reset (stmt);
  return g_steal_pointer (&args);
}

/**
 * ms_review_repository_share:
 * @history_id: one of the user's saved scorings
 * @previous_id: (nullable): the shared scoring this one is a fixed version of
 *
 * Shares a copy of the scoring's texts and score with the team.
 *
 * Returns: (transfer full): the shared scoring's id, or NULL with @error
 */
char *
ms_review_repository_share (MsReviewRepository  *self,
                            const char          *history_id,
                            const char          *previous_id,
                            GError             **error)
{
  g_autoptr(JsonObject) args = NULL;
  g_autofree char *id = NULL;

  g_return_val_if_fail (MS_IS_REVIEW_REPOSITORY (self), NULL);
  g_return_val_if_fail (history_id != NULL, NULL);

  if (!check_signed_in (self, error))
    return NULL;
  args = share_args_from_history (self, history_id, error);
  if (args == NULL)
    return NULL;
  id = _ms_store_new_id ();
  json_object_set_string_member (args, "id", id);
  if (previous_id != NULL)
    json_object_set_string_member (args, "previous_id", previous_id);
  if (!write_mutation (self, "shared_scoring.share", args, error))
    return NULL;
  return g_steal_pointer (&id);
}

/**
 * ms_review_repository_request_fix:
 * @scoring_id: a shared scoring of the team
 * @comment: what to fix (1–2,000 characters)
 *
 * Owners only: asks the member who shared the scoring to fix it.
 *
 * Returns: (transfer full): the request's id, or NULL with @error
 */
char *
ms_review_repository_request_fix (MsReviewRepository  *self,
                                  const char          *scoring_id,
                                  const char          *comment,
                                  GError             **error)
{
  g_autoptr(JsonObject) args = json_object_new ();
  g_autofree char *id = NULL;

  g_return_val_if_fail (MS_IS_REVIEW_REPOSITORY (self), NULL);
  g_return_val_if_fail (scoring_id != NULL, NULL);

  if (!check_owner (self, error))
    return NULL;
  id = _ms_store_new_id ();
  json_object_set_string_member (args, "id", id);
  json_object_set_string_member (args, "scoring_id", scoring_id);
  json_object_set_string_member (args, "requested_by", self->user_id);
  json_object_set_string_member (args, "comment", comment != NULL ? comment : "");
  if (!write_mutation (self, "fix_request.create", args, error))
    return NULL;
  return g_steal_pointer (&id);
}

/**
 * ms_review_repository_dup_fix_candidate:
 * @request_id: a fix request addressed to the user
 *
 * Returns: (transfer full) (nullable): the user's newest saved scoring
 *   made since the request, other than the one it is about: the fixed
 *   version to answer with; NULL when there is none yet
 */
char *
ms_review_repository_dup_fix_candidate (MsReviewRepository *self,
                                        const char         *request_id)
{
  sqlite3_stmt *stmt;
  char *id = NULL;

  g_return_val_if_fail (MS_IS_REVIEW_REPOSITORY (self), NULL);

  stmt = _ms_store_prepare (self->store,
                            "SELECT h.id FROM fix_request r"
                            " JOIN shared_scoring s ON s.tenant = r.tenant AND s.id = r.scoring_id"
                            " JOIN score_history h ON h.tenant = ?3 AND h.deleted_at IS NULL"
                            "  AND h.id <> s.history_id AND h.created_at >= s.created_at"
                            "  AND h.channel = s.channel"
                            " WHERE r.tenant = ?1 AND r.id = ?2"
                            " ORDER BY h.created_at DESC, h.id LIMIT 1", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, self->tenant, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, request_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, ms_store_get_tenant (self->store), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = column_text (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

static char *
dup_request_scoring (MsReviewRepository *self,
                     const char         *request_id)
{
  sqlite3_stmt *stmt = _ms_store_prepare (self->store,
                                          "SELECT scoring_id FROM fix_request"
                                          " WHERE tenant = ?1 AND id = ?2"
                                          " AND deleted_at IS NULL", NULL);
  char *id = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, self->tenant, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, request_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = column_text (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

/**
 * ms_review_repository_answer:
 * @request_id: a fix request addressed to the user
 * @history_id: the fixed version, one of the user's saved scorings
 * @answer: (nullable): a comment for the owner
 *
 * Shares @history_id as the next version of the scoring the request is
 * about and answers the request "fixed", in one transaction.
 */
gboolean
ms_review_repository_answer (MsReviewRepository  *self,
                             const char          *request_id,
                             const char          *history_id,
                             const char          *answer,
                             GError             **error)
{
  g_autoptr(JsonObject) args = json_object_new ();
  g_autofree char *scoring_id = NULL;
  g_autofree char *fixed_id = NULL;

  g_return_val_if_fail (MS_IS_REVIEW_REPOSITORY (self), FALSE);
  g_return_val_if_fail (request_id != NULL && history_id != NULL, FALSE);

  scoring_id = dup_request_scoring (self, request_id);
  if (scoring_id == NULL)
    {
      g_set_error_literal (error, MS_STORE_ERROR, MS_STORE_ERROR_NOT_FOUND,
                           _("This fix request no longer exists."));
      return FALSE;
    }
  if (!_ms_store_begin (self->store, error))
    return FALSE;
  fixed_id = ms_review_repository_share (self, history_id, scoring_id, error);
  json_object_set_string_member (args, "id", request_id);
  json_object_set_string_member (args, "fixed_scoring_id", fixed_id != NULL ? fixed_id : "");
  if (answer != NULL)
    json_object_set_string_member (args, "answer", answer);
  if (fixed_id == NULL || !write_mutation (self, "fix_request.answer", args, error))
    {
      _ms_store_rollback (self->store);
      return FALSE;
    }
  return _ms_store_commit (self->store, error);
}

/**
 * ms_review_repository_close:
 *
 * Owners only: closes a fix request (answered or not).
 */
gboolean
ms_review_repository_close (MsReviewRepository  *self,
                            const char          *request_id,
                            GError             **error)
{
  g_autoptr(JsonObject) args = json_object_new ();

  g_return_val_if_fail (MS_IS_REVIEW_REPOSITORY (self), FALSE);

  if (!check_owner (self, error))
    return FALSE;
  json_object_set_string_member (args, "id", request_id);
  return write_mutation (self, "fix_request.close", args, error);
}

/**
 * ms_store_dup_fix_request_status:
 * @history_id: a saved scoring of the user
 *
 * Returns: (transfer full) (nullable): the status of the newest fix request
 *   about a shared copy of @history_id ("open", "fixed", "closed"), or NULL
 */
char *
ms_store_dup_fix_request_status (MsStore    *store,
                                 const char *history_id)
{
  sqlite3_stmt *stmt;
  char *status = NULL;

  g_return_val_if_fail (MS_IS_STORE (store), NULL);

  stmt = _ms_store_prepare (store,
                            "SELECT r.status FROM shared_scoring s"
                            " JOIN fix_request r ON r.tenant = s.tenant AND r.scoring_id = s.id"
                            " WHERE s.history_id = ?1 AND s.deleted_at IS NULL"
                            " AND r.deleted_at IS NULL"
                            " ORDER BY r.created_at DESC, r.id LIMIT 1", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, history_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    status = column_text (stmt, 0);
  sqlite3_reset (stmt);
  return status;
}
