/* ms-server-sync.c — push and pull of named mutations (DESIGN.md §7, README-sync.md)
 *
 * Push: each mutation runs in its own write transaction, which
 *   1. reads the client's last mutation id (duplicate / gap),
 *   2. authorises the tenant again (membership may have changed),
 *   3. validates every argument before it writes anything, checks the plan,
 *   4. writes rows (each row write takes the tenant's next version),
 *   5. records the mutation id — also when the mutation is rejected.
 * Two pushes of the same client are serialised by the write transaction, so
 * a mutation is never applied twice.
 *
 * Pull: one read transaction (one snapshot) reads the tenant's epoch and
 * version, the client's last mutation id and one page of rows.
 *
 * Rows are stored as the JSON the client applies (its table columns minus
 * tenant and version); pull adds "version".
 *
 * Team tenants ("team:<uuid>", ms-server-teams.c) carry team_rules,
 * team_ng_word and team_preset rows, which only owners change (a member's
 * change is rejected with forbidden_role); shared_presets is the team's
 * plan's limit.
 *
 * Plan limits are those of the user's plan (personal tenants). The Free
 * plan's saved_scorings_per_day counts rows by the calendar day of their
 * created_at in Asia/Tokyo (UTC+9, no daylight saving), where our users are.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ms-server-auth.h"
#include "ms-server-json.h"
#include "ms-server-sync.h"
#include "ms-server-teams.h"
#include "store/ms-campaign-repository.h"

#define TOKYO_OFFSET (9 * G_TIME_SPAN_HOUR)
#define MAX_CLOCK_SKEW (10 * G_TIME_SPAN_MINUTE)

typedef struct
{
  MsServerStorage    *storage;
  const MsServerUser *user;
  MsEntitlements     *entitlements;
  const char         *client_id;
  gint64              now;

  /* the mutation */
  gint64              id;
  const char         *name;
  const char         *tenant;
  JsonObject         *args;
  char               *role;      /* the user's role in tenant */

  /* its outcome */
  gint64              last;      /* the client's last mutation id after it */
  const char         *status;
  GError             *rejection;
} PushContext;

typedef gboolean (*MutatorFunc) (PushContext  *ctx,
                                 GError      **error);

/* ------------------------------------------------------------------------ */

MsEntitlements *
ms_server_sync_dup_entitlements (const char *plan)
{
  static GHashTable *cache;
  static GMutex lock;
  MsEntitlements *entitlements;

  g_mutex_lock (&lock);
  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  entitlements = g_hash_table_lookup (cache, plan);
  if (entitlements == NULL)
    {
      entitlements = ms_entitlements_new_for_plan (plan, NULL);
      if (entitlements == NULL)
        entitlements = ms_entitlements_new_free ();
      g_hash_table_insert (cache, g_strdup (plan), entitlements);
    }
  g_object_ref (entitlements);
  g_mutex_unlock (&lock);
  return entitlements;
}

gboolean
ms_server_sync_check_protocol (JsonObject  *request,
                               GError     **error)
{
  gint64 protocol = MS_SERVER_SYNC_PROTOCOL;

  if (!ms_server_json_get_int (request, "protocol", FALSE, &protocol, error))
    return FALSE;
  if (protocol != MS_SERVER_SYNC_PROTOCOL)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_UPGRADE_REQUIRED,
                           _("This version of MsgScore can no longer sync. Update MsgScore."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_INVALID_ARGS, message);
  return FALSE;
}

/* A member error of the args is a rejection (invalid_args), not a 400. */
static gboolean
args_error (GError **error)
{
  if (error != NULL && *error != NULL && (*error)->domain == MS_SERVER_ERROR &&
      (*error)->code == MS_SERVER_ERROR_MALFORMED)
    (*error)->code = MS_SERVER_ERROR_INVALID_ARGS;
  return FALSE;
}

static gboolean
valid_id (const char *id)
{
  gsize len = id != NULL ? strlen (id) : 0;

  if (len == 0 || len > 64)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static const char *
get_id (JsonObject  *args,
        const char  *name,
        GError     **error)
{
  const char *id = ms_server_json_get_string (args, name, TRUE, error);

  if (id == NULL)
    return args_error (error), NULL;
  if (!valid_id (id))
    return invalid (error, _("A row id must be 1–64 letters, digits, “-” or “_”.")), NULL;
  return id;
}

static const char *
get_text (JsonObject  *args,
          const char  *name,
          gboolean     required,
          gsize        max_bytes,
          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *text = ms_server_json_get_string (args, name, required, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return args_error (error), NULL;
    }
  if (text == NULL)
    return "";
  if (!g_utf8_validate (text, -1, NULL) || strlen (text) > max_bytes)
    {
      g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_INVALID_ARGS,
                   /* Translators: %s is the name of a field */
                   _("“%s” is too long."), name);
      return NULL;
    }
  return text;
}

static gboolean
get_channel (JsonObject  *args,
             const char **channel,
             GError     **error)
{
  *channel = ms_server_json_get_string (args, "channel", TRUE, error);
  if (*channel == NULL)
    return args_error (error);
  if (!g_str_equal (*channel, "email") && !g_str_equal (*channel, "line"))
    return invalid (error, _("The channel must be “email” or “line”."));
  return TRUE;
}

static void
set_optional_double (JsonObject *o,
                     const char *name,
                     gboolean    is_null,
                     double      value)
{
  if (is_null)
    json_object_set_null_member (o, name);
  else
    json_object_set_double_member (o, name, value);
}

static char *
object_to_string (JsonObject *o)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, o);
  return json_to_string (node, FALSE);
}

static JsonObject *
parse_row (const MsServerRow *row)
{
  g_autoptr(JsonNode) node = json_from_string (row->row_json, NULL);

  g_assert (node != NULL && JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static gint64
next_updated_at (PushContext       *ctx,
                 const MsServerRow *row)
{
  return MAX (ctx->now, row->updated_at + 1);
}

/* Writes @o (the whole row, without version) and fills the row's columns. */
static gboolean
write_row (PushContext  *ctx,
           const char   *entity,
           const char   *id,
           const char   *key,
           JsonObject   *o,
           GError      **error)
{
  g_autofree char *json = NULL;
  MsServerRow row = { 0 };
  gint64 version;

  row.entity = (char *) entity;
  row.id = (char *) id;
  row.created_at = json_object_get_int_member (o, "created_at");
  row.updated_at = json_object_get_int_member (o, "updated_at");
  row.deleted_at = json_object_get_null_member (o, "deleted_at")
                   ? 0 : json_object_get_int_member (o, "deleted_at");
  json = object_to_string (o);
  row.row_json = json;
  return ms_server_storage_put_row (ctx->storage, ctx->tenant, &row, key, &version, error);
}

static gboolean
row_not_found (GError **error)
{
  g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_ROW_NOT_FOUND,
                       _("This item no longer exists on the server."));
  return FALSE;
}

static gboolean
limit_reached (PushContext  *ctx,
               MsLimit       limit,
               GError      **error)
{
  gint64 value = ms_entitlements_get_limit (ctx->entitlements, limit);
  const char *plan = ms_entitlements_get_plan_name (ctx->entitlements);

  switch (limit)
    {
    case MS_LIMIT_SAVED_SCORINGS_PER_DAY:
      g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_LIMIT_REACHED,
                   /* Translators: %s is a plan name, %d the number of saves a day */
                   g_dngettext (GETTEXT_PACKAGE,
                                "The %s plan saves %d scoring a day and that day’s is used. "
                                "Upgrade to Pro to save without a limit.",
                                "The %s plan saves %d scorings a day and that day’s are used. "
                                "Upgrade to Pro to save without a limit.", (gulong) value),
                   plan, (int) value);
      break;
    case MS_LIMIT_PERSONAL_SEGMENTS:
      g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_LIMIT_REACHED,
                   /* Translators: %s is a plan name, %d a number of segments */
                   g_dngettext (GETTEXT_PACKAGE,
                                "The %s plan keeps %d segment. Delete one, or upgrade your plan.",
                                "The %s plan keeps %d segments. Delete one, or upgrade your plan.",
                                (gulong) value),
                   plan, (int) value);
      break;
    case MS_LIMIT_SHARED_PRESETS:
      g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_LIMIT_REACHED,
                   /* Translators: %s is a plan name, %d a number of presets */
                   g_dngettext (GETTEXT_PACKAGE,
                                "The %s plan keeps %d shared preset. Delete one, or upgrade "
                                "the team’s plan.",
                                "The %s plan keeps %d shared presets. Delete one, or upgrade "
                                "the team’s plan.", (gulong) value),
                   plan, (int) value);
      break;
    case MS_LIMIT_CUSTOM_NG_WORDS:
    default:
      g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_LIMIT_REACHED,
                   /* Translators: %s is a plan name, %d a number of words */
                   g_dngettext (GETTEXT_PACKAGE,
                                "The %s plan keeps %d NG word of your own. Delete one, or "
                                "upgrade your plan.",
                                "The %s plan keeps %d NG words of your own. Delete one, or "
                                "upgrade your plan.", (gulong) value),
                   plan, (int) value);
      break;
    }
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* history.*                                                                 */

static gboolean
history_save (PushContext  *ctx,
              GError      **error)
{
  g_autoptr(MsServerRow) existing = NULL;
  g_autoptr(JsonObject) o = NULL;
  const char *id, *channel, *subject, *preheader, *body, *input_json, *result_json, *engine;
  gint64 created_at = 0, total = 0, limit;
  double rates[3] = { 0 };
  gboolean nulls[3];
  static const char * const rate_names[] = {
    "predicted_open_rate", "predicted_ctr", "predicted_cvr"
  };

  if ((id = get_id (ctx->args, "id", error)) == NULL)
    return FALSE;
  if (!ms_server_json_get_int (ctx->args, "created_at", TRUE, &created_at, error))
    return args_error (error);
  if (created_at <= 0 || created_at > ctx->now + MAX_CLOCK_SKEW)
    return invalid (error, _("The scoring’s date is in the future. Check the clock of this "
                             "computer."));
  if (!get_channel (ctx->args, &channel, error) ||
      (subject = get_text (ctx->args, "subject", FALSE, 64 * 1024, error)) == NULL ||
      (preheader = get_text (ctx->args, "preheader", FALSE, 64 * 1024, error)) == NULL ||
      (body = get_text (ctx->args, "body", FALSE, 256 * 1024, error)) == NULL ||
      (input_json = get_text (ctx->args, "input_json", TRUE, 512 * 1024, error)) == NULL ||
      (result_json = get_text (ctx->args, "result_json", TRUE, 512 * 1024, error)) == NULL ||
      (engine = get_text (ctx->args, "engine", TRUE, 200, error)) == NULL)
    return FALSE;
  if (!ms_server_json_get_int (ctx->args, "total", TRUE, &total, error))
    return args_error (error);
  if (total < 0 || total > 100)
    return invalid (error, _("A score must be between 0 and 100."));
  for (guint i = 0; i < G_N_ELEMENTS (rate_names); i++)
    if (!ms_server_json_get_double (ctx->args, rate_names[i], FALSE, &nulls[i], &rates[i], error))
      return args_error (error);

  /* Inserting a row with a client-made id is idempotent. */
  if (!ms_server_storage_get_row (ctx->storage, ctx->tenant, "score_history", id, &existing,
                                  error))
    return FALSE;
  if (existing != NULL)
    return TRUE;

  limit = ms_entitlements_get_limit (ctx->entitlements, MS_LIMIT_SAVED_SCORINGS_PER_DAY);
  if (limit != MS_LIMIT_UNLIMITED)
    {
      /* The Asia/Tokyo calendar day of the row, deleted rows included. */
      gint64 local = created_at + TOKYO_OFFSET;
      gint64 day_start = local - (local % G_TIME_SPAN_DAY) - TOKYO_OFFSET;
      gint64 count = 0;

      if (!ms_server_storage_count_rows (ctx->storage, ctx->tenant, "score_history", day_start,
                                         day_start + G_TIME_SPAN_DAY, FALSE, NULL, &count, error))
        return FALSE;
      if (count >= limit)
        return limit_reached (ctx, MS_LIMIT_SAVED_SCORINGS_PER_DAY, error);
    }

  o = json_object_new ();
  json_object_set_string_member (o, "id", id);
  json_object_set_int_member (o, "created_at", created_at);
  json_object_set_int_member (o, "updated_at", MAX (ctx->now, created_at));
  json_object_set_null_member (o, "deleted_at");
  json_object_set_string_member (o, "channel", channel);
  json_object_set_string_member (o, "subject", subject);
  json_object_set_string_member (o, "preheader", preheader);
  json_object_set_string_member (o, "body", body);
  json_object_set_string_member (o, "input_json", input_json);
  json_object_set_string_member (o, "result_json", result_json);
  json_object_set_string_member (o, "engine", engine);
  json_object_set_int_member (o, "total", total);
  for (guint i = 0; i < G_N_ELEMENTS (rate_names); i++)
    set_optional_double (o, rate_names[i], nulls[i], rates[i]);
  json_object_set_null_member (o, "actual_recipients");
  json_object_set_null_member (o, "actual_open_rate");
  json_object_set_null_member (o, "actual_ctr");
  json_object_set_null_member (o, "actual_conversions");
  json_object_set_null_member (o, "actuals_at");
  return write_row (ctx, "score_history", id, NULL, o, error);
}

typedef enum
{
  NEED_ANY,
  NEED_LIVE,
} Need;

/* Loads a history row; a missing row (or a deleted one for NEED_LIVE) is a rejection. */
static JsonObject *
load_history (PushContext   *ctx,
              const char    *id,
              Need           need,
              MsServerRow  **out,
              GError       **error)
{
  if (!ms_server_storage_get_row (ctx->storage, ctx->tenant, "score_history", id, out, error))
    return NULL;
  if (*out == NULL || (need == NEED_LIVE && (*out)->deleted_at != 0))
    return row_not_found (error), NULL;
  return parse_row (*out);
}

static gboolean
history_delete (PushContext  *ctx,
                GError      **error)
{
  g_autoptr(MsServerRow) row = NULL;
  g_autoptr(JsonObject) o = NULL;
  const char *id;
  gint64 deleted_at = 0;

  if ((id = get_id (ctx->args, "id", error)) == NULL)
    return FALSE;
  if (!ms_server_json_get_int (ctx->args, "deleted_at", TRUE, &deleted_at, error))
    return args_error (error);
  if (deleted_at <= 0)
    return invalid (error, _("The time of the deletion is missing."));
  if ((o = load_history (ctx, id, NEED_ANY, &row, error)) == NULL)
    return FALSE;
  if (row->deleted_at != 0)
    return TRUE;  /* already in the bin */
  json_object_set_int_member (o, "deleted_at", deleted_at);
  json_object_set_int_member (o, "updated_at", next_updated_at (ctx, row));
  return write_row (ctx, "score_history", id, NULL, o, error);
}

static gboolean
history_restore (PushContext  *ctx,
                 GError      **error)
{
  g_autoptr(MsServerRow) row = NULL;
  g_autoptr(JsonObject) o = NULL;
  const char *id;

  if ((id = get_id (ctx->args, "id", error)) == NULL)
    return FALSE;
  if ((o = load_history (ctx, id, NEED_ANY, &row, error)) == NULL)
    return FALSE;
  if (row->deleted_at == 0)
    return TRUE;  /* already restored */
  json_object_set_null_member (o, "deleted_at");
  json_object_set_int_member (o, "updated_at", next_updated_at (ctx, row));
  return write_row (ctx, "score_history", id, NULL, o, error);
}

static gboolean
history_set_actuals (PushContext  *ctx,
                     GError      **error)
{
  g_autoptr(MsServerRow) row = NULL;
  g_autoptr(JsonObject) o = NULL;
  gint64 recipients = 0, conversions = 0;
  double open_rate = 0, ctr = 0;
  gboolean is_null;
  const char *id;

  if ((id = get_id (ctx->args, "id", error)) == NULL)
    return FALSE;
  if (!ms_server_json_get_int (ctx->args, "recipients", TRUE, &recipients, error) ||
      !ms_server_json_get_int (ctx->args, "conversions", TRUE, &conversions, error) ||
      !ms_server_json_get_double (ctx->args, "open_rate", TRUE, &is_null, &open_rate, error) ||
      !ms_server_json_get_double (ctx->args, "ctr", TRUE, &is_null, &ctr, error))
    return args_error (error);
  if (open_rate < 0 || open_rate > 1 || ctr < 0 || ctr > 1)
    return invalid (error, _("Open rate and click rate must be between 0 and 100 percent."));
  if (recipients < 1 || conversions < 0 || conversions > recipients)
    return invalid (error, _("Enter how many people received the message (at least 1), and no "
                             "more conversions than recipients."));
  if ((o = load_history (ctx, id, NEED_LIVE, &row, error)) == NULL)
    return FALSE;
  json_object_set_int_member (o, "actual_recipients", recipients);
  json_object_set_double_member (o, "actual_open_rate", open_rate);
  json_object_set_double_member (o, "actual_ctr", ctr);
  json_object_set_int_member (o, "actual_conversions", conversions);
  json_object_set_int_member (o, "actuals_at", ctx->now);
  json_object_set_int_member (o, "updated_at", next_updated_at (ctx, row));
  return write_row (ctx, "score_history", id, NULL, o, error);
}

static gboolean
history_clear_actuals (PushContext  *ctx,
                       GError      **error)
{
  g_autoptr(MsServerRow) row = NULL;
  g_autoptr(JsonObject) o = NULL;
  const char *id;

  if ((id = get_id (ctx->args, "id", error)) == NULL)
    return FALSE;
  if ((o = load_history (ctx, id, NEED_LIVE, &row, error)) == NULL)
    return FALSE;
  json_object_set_null_member (o, "actual_recipients");
  json_object_set_null_member (o, "actual_open_rate");
  json_object_set_null_member (o, "actual_ctr");
  json_object_set_null_member (o, "actual_conversions");
  json_object_set_null_member (o, "actuals_at");
  json_object_set_int_member (o, "updated_at", next_updated_at (ctx, row));
  return write_row (ctx, "score_history", id, NULL, o, error);
}

/* ------------------------------------------------------------------------ */
/* segment.* and ng_word.*: personal sets with a unique name and a plan limit */

static gboolean
get_scope (JsonObject  *args,
           GError     **error)
{
  const char *scope = ms_server_json_get_string (args, "scope", FALSE, error);

  if (scope == NULL && error != NULL && *error != NULL)
    return args_error (error);
  if (scope != NULL && !g_str_equal (scope, "personal"))
    return invalid (error, _("Only personal items sync for now."));
  return TRUE;
}

/* Shared by segment.put and ng_word.put once their row is built. */
static gboolean
put_unique (PushContext  *ctx,
            const char   *scope,
            const char   *entity,
            const char   *id,
            const char   *unique,
            MsLimit       limit,
            JsonObject   *o,
            GError      **error)
{
  g_autoptr(MsServerRow) existing = NULL;
  g_autofree char *key = g_strconcat (scope, "\x1f", unique, NULL);
  g_autofree char *other = NULL;
  gint64 max = ms_entitlements_get_limit (ctx->entitlements, limit);

  if (!ms_server_storage_get_row (ctx->storage, ctx->tenant, entity, id, &existing, error))
    return FALSE;
  if (existing != NULL && existing->deleted_at != 0)
    return row_not_found (error);  /* deleted rows never come back */

  if (existing == NULL && max != MS_LIMIT_UNLIMITED)
    {
      gint64 count = 0;

      if (!ms_server_storage_count_rows (ctx->storage, ctx->tenant, entity, G_MININT64,
                                         G_MAXINT64, TRUE, id, &count, error))
        return FALSE;
      if (count >= max)
        return limit_reached (ctx, limit, error);
    }

  if (!ms_server_storage_find_row_by_key (ctx->storage, ctx->tenant, entity, key, TRUE, &other,
                                          error))
    return FALSE;
  if (other != NULL && !g_str_equal (other, id))
    {
      g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_CONFLICT,
                   /* Translators: %s is a segment name or an NG word */
                   _("“%s” already exists. Choose another name."), unique);
      return FALSE;
    }

  json_object_set_string_member (o, "id", id);
  json_object_set_int_member (o, "created_at", existing != NULL ? existing->created_at : ctx->now);
  json_object_set_int_member (o, "updated_at",
                              existing != NULL ? next_updated_at (ctx, existing) : ctx->now);
  json_object_set_null_member (o, "deleted_at");
  if (g_str_equal (scope, "personal"))
    json_object_set_string_member (o, "scope", scope);
  return write_row (ctx, entity, id, key, o, error);
}

static gboolean
delete_row (PushContext  *ctx,
            const char   *entity,
            GError      **error)
{
  g_autoptr(MsServerRow) row = NULL;
  g_autoptr(JsonObject) o = NULL;
  gint64 deleted_at = 0;
  const char *id;

  if ((id = get_id (ctx->args, "id", error)) == NULL)
    return FALSE;
  if (!ms_server_json_get_int (ctx->args, "deleted_at", TRUE, &deleted_at, error))
    return args_error (error);
  if (deleted_at <= 0)
    return invalid (error, _("The time of the deletion is missing."));
  if (!ms_server_storage_get_row (ctx->storage, ctx->tenant, entity, id, &row, error))
    return FALSE;
  if (row == NULL)
    return row_not_found (error);
  if (row->deleted_at != 0)
    return TRUE;
  o = parse_row (row);
  json_object_set_int_member (o, "deleted_at", deleted_at);
  json_object_set_int_member (o, "updated_at", next_updated_at (ctx, row));
  /* A tombstone keeps no unique key: the name or word can be used again. */
  return write_row (ctx, entity, id, NULL, o, error);
}

static gboolean
segment_put (PushContext  *ctx,
             GError      **error)
{
  g_autoptr(JsonObject) o = json_object_new ();
  g_autofree char *name = NULL;
  g_autofree char *segment_json = NULL;
  JsonObject *segment;
  const char *id, *raw;
  glong len;

  if ((id = get_id (ctx->args, "id", error)) == NULL || !get_scope (ctx->args, error))
    return FALSE;
  if ((raw = get_text (ctx->args, "name", TRUE, 1024, error)) == NULL)
    return FALSE;
  name = g_strstrip (g_strdup (raw));
  len = g_utf8_strlen (name, -1);
  if (len < 1 || len > 100)
    return invalid (error, _("A segment name must be 1 to 100 characters."));
  if ((segment = ms_server_json_get_object (ctx->args, "segment", error)) == NULL)
    return args_error (error);
  segment_json = object_to_string (segment);
  if (strlen (segment_json) > 16 * 1024)
    return invalid (error, _("The segment is too large."));

  json_object_set_string_member (o, "name", name);
  json_object_set_string_member (o, "segment_json", segment_json);
  return put_unique (ctx, "personal", "segment", id, name, MS_LIMIT_PERSONAL_SEGMENTS, o, error);
}

static gboolean
segment_delete (PushContext  *ctx,
                GError      **error)
{
  return delete_row (ctx, "segment", error);
}

static gboolean
ng_word_put (PushContext  *ctx,
             GError      **error)
{
  g_autoptr(JsonObject) o = json_object_new ();
  g_autofree char *word = NULL;
  const char *id, *raw, *note;
  glong len;

  if ((id = get_id (ctx->args, "id", error)) == NULL || !get_scope (ctx->args, error))
    return FALSE;
  if ((raw = get_text (ctx->args, "word", TRUE, 1024, error)) == NULL ||
      (note = get_text (ctx->args, "note", FALSE, 2048, error)) == NULL)
    return FALSE;
  word = g_strstrip (g_utf8_normalize (raw, -1, G_NORMALIZE_NFKC));
  len = g_utf8_strlen (word, -1);
  if (len < 1 || len > 100)
    return invalid (error, _("An NG word must be 1 to 100 characters."));

  json_object_set_string_member (o, "word", word);
  json_object_set_string_member (o, "note", note);
  return put_unique (ctx, "personal", "ng_word", id, word, MS_LIMIT_CUSTOM_NG_WORDS, o, error);
}

static gboolean
ng_word_delete (PushContext  *ctx,
                GError      **error)
{
  return delete_row (ctx, "ng_word", error);
}

/* ------------------------------------------------------------------------ */
/* campaign_result.put_many                                                  */

static gboolean
copy_optional_number (JsonObject  *from,
                      JsonObject  *to,
                      const char  *name,
                      gboolean     integer,
                      GError     **error)
{
  gboolean is_null = FALSE;
  double d = 0;
  gint64 i = 0;

  if (integer)
    {
      JsonNode *node = json_object_get_member (from, name);

      is_null = node == NULL || JSON_NODE_HOLDS_NULL (node);
      if (!is_null && !ms_server_json_get_int (from, name, TRUE, &i, error))
        return args_error (error);
      if (!is_null && i < 0)
        return invalid (error, _("Counts cannot be negative."));
      if (is_null)
        json_object_set_null_member (to, name);
      else
        json_object_set_int_member (to, name, i);
      return TRUE;
    }
  if (!ms_server_json_get_double (from, name, FALSE, &is_null, &d, error))
    return args_error (error);
  if (!is_null && (d < 0 || d > 1))
    return invalid (error, _("Open rate and click rate must be between 0 and 100 percent."));
  set_optional_double (to, name, is_null, d);
  return TRUE;
}

static gboolean
copy_optional_text (JsonObject  *from,
                    JsonObject  *to,
                    const char  *name,
                    GError     **error)
{
  const char *text = ms_server_json_get_string (from, name, FALSE, error);

  if (text == NULL && error != NULL && *error != NULL)
    return args_error (error);
  if (text != NULL && (!g_utf8_validate (text, -1, NULL) || strlen (text) > 1024))
    return invalid (error, _("A campaign field is too long."));
  if (text == NULL)
    json_object_set_null_member (to, name);
  else
    json_object_set_string_member (to, name, text);
  return TRUE;
}

static gboolean
campaign_put_many (PushContext  *ctx,
                   GError      **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  JsonArray *array;
  guint n;

  if ((array = ms_server_json_get_array (ctx->args, "rows", error)) == NULL)
    return args_error (error);
  n = json_array_get_length (array);
  if (n == 0 || n > MS_CAMPAIGN_ROWS_PER_PUT)
    {
      g_autofree char *message =
        /* Translators: %u is the most campaign results one request may carry */
        g_strdup_printf (_("Send 1 to %u campaign results at a time."),
                         (guint) MS_CAMPAIGN_ROWS_PER_PUT);

      return invalid (error, message);
    }

  /* Validate every row before writing any. */
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr(JsonObject) o = json_object_new ();
      JsonObject *in;
      const char *id, *key, *channel, *subject, *body;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return invalid (error, _("Each campaign result must be an object."));
      in = json_node_get_object (node);
      if ((id = get_id (in, "id", error)) == NULL ||
          (key = get_text (in, "natural_key", TRUE, 128, error)) == NULL ||
          !get_channel (in, &channel, error) ||
          (subject = get_text (in, "subject", TRUE, 64 * 1024, error)) == NULL ||
          (body = get_text (in, "body", FALSE, 256 * 1024, error)) == NULL)
        return FALSE;
      if (*key == '\0')
        return invalid (error, _("A campaign result needs its natural key."));

      json_object_set_string_member (o, "id", id);
      json_object_set_int_member (o, "created_at", ctx->now);
      json_object_set_int_member (o, "updated_at", ctx->now);
      json_object_set_null_member (o, "deleted_at");
      json_object_set_string_member (o, "natural_key", key);
      if (!copy_optional_text (in, o, "sent_on", error))
        return FALSE;
      json_object_set_string_member (o, "channel", channel);
      json_object_set_string_member (o, "subject", subject);
      json_object_set_string_member (o, "body", body);
      if (!copy_optional_number (in, o, "recipients", TRUE, error) ||
          !copy_optional_number (in, o, "open_rate", FALSE, error) ||
          !copy_optional_number (in, o, "ctr", FALSE, error) ||
          !copy_optional_number (in, o, "cv_count", TRUE, error) ||
          !copy_optional_text (in, o, "cv_type", error))
        return FALSE;
      g_ptr_array_add (rows, g_steal_pointer (&o));
    }

  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *o = g_ptr_array_index (rows, i);
      const char *id = json_object_get_string_member (o, "id");
      const char *key = json_object_get_string_member (o, "natural_key");
      g_autofree char *other = NULL;
      g_autoptr(MsServerRow) existing = NULL;

      if (!ms_server_storage_find_row_by_key (ctx->storage, ctx->tenant, "campaign_result", key,
                                              FALSE, &other, error) ||
          !ms_server_storage_get_row (ctx->storage, ctx->tenant, "campaign_result", id,
                                      &existing, error))
        return FALSE;
      if (other != NULL || existing != NULL)
        continue;  /* stored already: the first row wins */
      if (!write_row (ctx, "campaign_result", id, key, o, error))
        return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* team_rules.*, team_ng_word.*, team_preset.*: team tenants, owners write    */

/* Team data lives in team tenants and only their owners change it. */
static gboolean
check_team_owner (PushContext  *ctx,
                  GError      **error)
{
  if (!ms_server_teams_is_team_tenant (ctx->tenant))
    return invalid (error, _("This change is for team workspaces only."));
  if (ctx->role == NULL || !g_str_equal (ctx->role, "owner"))
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_FORBIDDEN_ROLE,
                           _("Only an owner of this team can change its shared settings."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
set_rule_value (JsonObject  *rules,
                const char  *field,
                JsonNode    *value,
                GError     **error)
{
  static const char * const bools[] = {
    "require_unsubscribe", "require_contact", "subject_no_brackets",
  };
  static const char * const ints[] = {
    "subject_max_emoji", "subject_max_cells", "min_score",
  };
  gboolean is_null = value == NULL || JSON_NODE_HOLDS_NULL (value);
  GType type = is_null || !JSON_NODE_HOLDS_VALUE (value) ? G_TYPE_INVALID
                                                         : json_node_get_value_type (value);

  if (value != NULL && !is_null && !JSON_NODE_HOLDS_VALUE (value))
    return invalid (error, _("This value does not fit the setting."));

  for (guint i = 0; i < G_N_ELEMENTS (bools); i++)
    if (g_str_equal (field, bools[i]))
      {
        if (type != G_TYPE_BOOLEAN)
          return invalid (error, _("This setting is on or off (true or false)."));
        json_object_set_boolean_member (rules, field, json_node_get_boolean (value));
        return TRUE;
      }
  for (guint i = 0; i < G_N_ELEMENTS (ints); i++)
    if (g_str_equal (field, ints[i]))
      {
        gint64 n;

        if (is_null)
          {
            json_object_set_null_member (rules, field);
            return TRUE;
          }
        if (type != G_TYPE_INT64)
          return invalid (error, _("This setting is a whole number or null."));
        n = json_node_get_int (value);
        if (n < 0 || (g_str_equal (field, "min_score") ? n > 100 : n > 1000))
          return invalid (error, _("This number is out of range."));
        json_object_set_int_member (rules, field, n);
        return TRUE;
      }
  if (g_str_equal (field, "brand_voice_text") || g_str_equal (field, "brand_name"))
    {
      const char *text;

      if (is_null && g_str_equal (field, "brand_name"))
        {
          json_object_set_null_member (rules, field);
          return TRUE;
        }
      if (type != G_TYPE_STRING)
        return invalid (error, _("This setting is text."));
      text = json_node_get_string (value);
      if (!g_utf8_validate (text, -1, NULL) ||
          strlen (text) > (g_str_equal (field, "brand_name") ? 400 : 16 * 1024))
        {
          g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_INVALID_ARGS,
                       _("“%s” is too long."), field);
          return FALSE;
        }
      json_object_set_string_member (rules, field, text);
      return TRUE;
    }
  if (g_str_equal (field, "register") || g_str_equal (field, "min_score_action"))
    {
      static const char * const registers[] = { "desu_masu", "casual", "formal", NULL };
      static const char * const actions[] = { "warn", "badge", "notify", NULL };
      const char * const *allowed = g_str_equal (field, "register") ? registers : actions;

      if (type != G_TYPE_STRING || !g_strv_contains (allowed, json_node_get_string (value)))
        return invalid (error, _("This value is not one of the setting’s choices."));
      json_object_set_string_member (rules, field, json_node_get_string (value));
      return TRUE;
    }
  g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_INVALID_ARGS,
               /* Translators: %s is the name of a setting */
               _("The server does not know the team setting “%s”."), field);
  return FALSE;
}

static gboolean
team_rules_set_field (PushContext  *ctx,
                      GError      **error)
{
  g_autoptr(MsServerRow) row = NULL;
  g_autoptr(JsonObject) o = NULL;
  const char *field;

  if (!check_team_owner (ctx, error))
    return FALSE;
  if ((field = ms_server_json_get_string (ctx->args, "field", TRUE, error)) == NULL)
    return args_error (error);
  if (!json_object_has_member (ctx->args, "value"))
    return invalid (error, _("The new value of the setting is missing."));
  if (!ms_server_storage_get_row (ctx->storage, ctx->tenant, "team_rules", "rules", &row, error))
    return FALSE;
  if (row == NULL)
    return row_not_found (error);
  o = parse_row (row);
  if (!set_rule_value (o, field, json_object_get_member (ctx->args, "value"), error))
    return FALSE;
  json_object_set_int_member (o, "updated_at", next_updated_at (ctx, row));
  return write_row (ctx, "team_rules", "rules", NULL, o, error);
}

/* add (@present TRUE) or remove one word: a set keyed by the normalised word,
 * whose row id is derived from it, so every owner's edits meet on one row. */
static gboolean
team_ng_word_set (PushContext  *ctx,
                  gboolean      present,
                  GError      **error)
{
  g_autoptr(MsServerRow) row = NULL;
  g_autoptr(JsonObject) o = NULL;
  g_autofree char *word = NULL;
  g_autofree char *hash = NULL;
  char id[33];
  const char *raw;
  glong len;

  if (!check_team_owner (ctx, error))
    return FALSE;
  if ((raw = get_text (ctx->args, "word", TRUE, 1024, error)) == NULL)
    return FALSE;
  word = ms_server_teams_normalize_word (raw);
  len = word != NULL ? g_utf8_strlen (word, -1) : 0;
  if (len < 1 || len > 100)
    return invalid (error, _("An NG word must be 1 to 100 characters."));
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, word, -1);
  g_strlcpy (id, hash, sizeof id);

  if (!ms_server_storage_get_row (ctx->storage, ctx->tenant, "team_ng_word", id, &row, error))
    return FALSE;
  if (row != NULL && (row->deleted_at == 0) == present)
    return TRUE;  /* already so */
  o = row != NULL ? parse_row (row) : json_object_new ();
  json_object_set_string_member (o, "id", id);
  json_object_set_string_member (o, "word", word);
  json_object_set_int_member (o, "created_at", row != NULL ? row->created_at : ctx->now);
  json_object_set_int_member (o, "updated_at", row != NULL ? next_updated_at (ctx, row)
                                                           : ctx->now);
  if (present)
    json_object_set_null_member (o, "deleted_at");
  else
    json_object_set_int_member (o, "deleted_at", ctx->now);
  return write_row (ctx, "team_ng_word", id, present ? word : NULL, o, error);
}

static gboolean
team_ng_word_add (PushContext  *ctx,
                  GError      **error)
{
  return team_ng_word_set (ctx, TRUE, error);
}

static gboolean
team_ng_word_remove (PushContext  *ctx,
                     GError      **error)
{
  return team_ng_word_set (ctx, FALSE, error);
}

static gboolean
team_preset_put (PushContext  *ctx,
                 GError      **error)
{
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(MsServerTeam) team = NULL;
  g_autoptr(MsEntitlements) entitlements = NULL;
  g_autofree char *name = NULL;
  g_autofree char *segment_json = NULL;
  MsEntitlements *user_entitlements = ctx->entitlements;
  JsonObject *segment;
  const char *id, *raw;
  gboolean ok;
  glong len;

  if (!check_team_owner (ctx, error))
    return FALSE;
  if ((id = get_id (ctx->args, "id", error)) == NULL)
    return FALSE;
  if ((raw = get_text (ctx->args, "name", TRUE, 1024, error)) == NULL)
    return FALSE;
  name = g_strstrip (g_strdup (raw));
  len = g_utf8_strlen (name, -1);
  if (len < 1 || len > 100)
    return invalid (error, _("A preset name must be 1 to 100 characters."));
  if ((segment = ms_server_json_get_object (ctx->args, "segment", error)) == NULL)
    return args_error (error);
  segment_json = object_to_string (segment);
  if (strlen (segment_json) > 16 * 1024)
    return invalid (error, _("The segment is too large."));

  /* The team's plan, not the user's, limits shared presets. */
  if (!ms_server_storage_get_team (ctx->storage, ctx->tenant, &team, error))
    return FALSE;
  if (team == NULL)
    return row_not_found (error);
  entitlements = ms_server_sync_dup_entitlements (ms_server_team_get_plan (team, ctx->now));
  json_object_set_string_member (o, "name", name);
  json_object_set_string_member (o, "segment_json", segment_json);
  ctx->entitlements = entitlements;
  ok = put_unique (ctx, "team", "team_preset", id, name, MS_LIMIT_SHARED_PRESETS, o, error);
  ctx->entitlements = user_entitlements;
  return ok;
}

static gboolean
team_preset_delete (PushContext  *ctx,
                    GError      **error)
{
  g_autoptr(JsonObject) args = NULL;

  if (!check_team_owner (ctx, error))
    return FALSE;
  /* team_preset.delete takes {id}: the server's clock times the tombstone. */
  if (!json_object_has_member (ctx->args, "deleted_at"))
    {
      JsonObject *saved = ctx->args;
      gboolean ok;

      args = json_object_new ();
      if (json_object_has_member (saved, "id"))
        json_object_set_member (args, "id", json_node_copy (json_object_get_member (saved, "id")));
      json_object_set_int_member (args, "deleted_at", ctx->now);
      ctx->args = args;
      ok = delete_row (ctx, "team_preset", error);
      ctx->args = saved;
      return ok;
    }
  return delete_row (ctx, "team_preset", error);
}

/* ------------------------------------------------------------------------ */

static const struct
{
  const char  *name;
  MutatorFunc  func;
} mutators[] = {
  { "campaign_result.put_many", campaign_put_many },
  { "history.clear_actuals", history_clear_actuals },
  { "history.delete", history_delete },
  { "history.restore", history_restore },
  { "history.save", history_save },
  { "history.set_actuals", history_set_actuals },
  { "ng_word.delete", ng_word_delete },
  { "ng_word.put", ng_word_put },
  { "segment.delete", segment_delete },
  { "segment.put", segment_put },
  { "team_ng_word.add", team_ng_word_add },
  { "team_ng_word.remove", team_ng_word_remove },
  { "team_preset.delete", team_preset_delete },
  { "team_preset.put", team_preset_put },
  { "team_rules.set_field", team_rules_set_field },
};

static gboolean
is_rejection (const GError *error)
{
  if (error->domain != MS_SERVER_ERROR)
    return FALSE;
  switch (error->code)
    {
    case MS_SERVER_ERROR_INVALID_ARGS:
    case MS_SERVER_ERROR_UNKNOWN_MUTATION:
    case MS_SERVER_ERROR_ROW_NOT_FOUND:
    case MS_SERVER_ERROR_CONFLICT:
    case MS_SERVER_ERROR_LIMIT_REACHED:
    case MS_SERVER_ERROR_FORBIDDEN_TENANT:
    case MS_SERVER_ERROR_FORBIDDEN_ROLE:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Runs inside the write transaction of one mutation. */
static gboolean
apply_one (MsServerStorage  *storage,
           gpointer          user_data,
           GError          **error)
{
  PushContext *ctx = user_data;
  g_autoptr(GError) local_error = NULL;
  MutatorFunc func = NULL;
  gint64 last = 0;

  g_clear_error (&ctx->rejection);
  g_clear_pointer (&ctx->role, g_free);
  if (!ms_server_storage_get_last_mutation_id (storage, ctx->user->id, ctx->client_id, &last,
                                               error))
    return FALSE;
  ctx->last = last;
  if (ctx->id <= last)
    {
      ctx->status = "duplicate";
      return TRUE;
    }
  if (ctx->id > last + 1)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MUTATION_GAP,
                           _("Some changes are missing. Send them from the expected id."));
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (mutators); i++)
    if (g_str_equal (mutators[i].name, ctx->name))
      func = mutators[i].func;

  /* Nothing is written before a mutator has validated everything, so a
   * rejection leaves only the mutation id behind. */
  if (!ms_server_authorize_tenant (storage, ctx->user, ctx->tenant, &ctx->role, &local_error))
    ;
  else if (func == NULL)
    g_set_error (&local_error, MS_SERVER_ERROR, MS_SERVER_ERROR_UNKNOWN_MUTATION,
                 /* Translators: %s is the name of a change, such as history.save */
                 _("The server does not know the change “%s”. Update MsgScore."), ctx->name);
  else if (ms_server_teams_is_team_tenant (ctx->tenant) && !g_str_has_prefix (ctx->name, "team_"))
    /* Team tenants hold team data only (README-sync.md, Teams). */
    g_set_error_literal (&local_error, MS_SERVER_ERROR, MS_SERVER_ERROR_INVALID_ARGS,
                         _("This change is for personal workspaces only."));
  else
    func (ctx, &local_error);

  if (local_error != NULL)
    {
      if (!is_rejection (local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      ctx->rejection = g_steal_pointer (&local_error);
      ctx->status = "rejected";
    }
  else
    ctx->status = "applied";

  ctx->last = ctx->id;
  return ms_server_storage_set_last_mutation_id (storage, ctx->user->id, ctx->client_id, ctx->id,
                                                 error);
}

static gboolean
read_last (MsServerStorage  *storage,
           gpointer          user_data,
           GError          **error)
{
  PushContext *ctx = user_data;

  return ms_server_storage_get_last_mutation_id (storage, ctx->user->id, ctx->client_id,
                                                 &ctx->last, error);
}

static const char *
get_client_id (JsonObject  *request,
               GError     **error)
{
  const char *client_id = ms_server_json_get_string (request, "client_id", TRUE, error);

  if (client_id != NULL && (*client_id == '\0' || strlen (client_id) > 128 ||
                            !g_utf8_validate (client_id, -1, NULL)))
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                           _("“client_id” must be 1 to 128 characters."));
      return NULL;
    }
  return client_id;
}

/**
 * ms_server_sync_push:
 * @expected_id: (out): the next id the server expects, with %MS_SERVER_ERROR_MUTATION_GAP
 *
 * Returns: (transfer full): {results, last_mutation_id}
 */
JsonObject *
ms_server_sync_push (MsServerStorage     *storage,
                     const MsServerUser  *user,
                     JsonObject          *request,
                     gint64               now,
                     gint64              *expected_id,
                     GError             **error)
{
  g_autoptr(MsEntitlements) entitlements = NULL;
  g_autoptr(JsonObject) response = NULL;
  g_autoptr(GHashTable) tenants = NULL;
  JsonArray *mutations, *results;
  PushContext ctx = { 0 };
  const char *client_id;
  gint64 last = 0;
  guint n;

  *expected_id = 0;
  if (!ms_server_sync_check_protocol (request, error) ||
      (client_id = get_client_id (request, error)) == NULL ||
      (mutations = ms_server_json_get_array (request, "mutations", error)) == NULL)
    return NULL;
  n = json_array_get_length (mutations);
  if (n > MS_SERVER_SYNC_MAX_MUTATIONS)
    {
      g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_TOO_LARGE,
                   /* Translators: %d is a number of changes */
                   _("Send at most %d changes at a time."), MS_SERVER_SYNC_MAX_MUTATIONS);
      return NULL;
    }

  /* The whole batch is checked before anything is applied. */
  tenants = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (mutations, i);
      JsonObject *m;
      const char *tenant;
      gint64 id = 0;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                               _("Each change must be a JSON object."));
          return NULL;
        }
      m = json_node_get_object (node);
      if (!ms_server_json_get_int (m, "id", TRUE, &id, error) ||
          ms_server_json_get_string (m, "name", TRUE, error) == NULL ||
          (tenant = ms_server_json_get_string (m, "tenant", TRUE, error)) == NULL ||
          ms_server_json_get_object (m, "args", error) == NULL)
        return NULL;
      if (id < 1 || (i > 0 && id != last + 1))
        {
          g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                               _("Change ids must count up by one from 1."));
          return NULL;
        }
      last = id;
      g_hash_table_add (tenants, (gpointer) tenant);
    }

  /* Authorisation first: a batch naming a foreign tenant changes nothing. */
  {
    GHashTableIter iter;
    gpointer tenant;

    g_hash_table_iter_init (&iter, tenants);
    while (g_hash_table_iter_next (&iter, &tenant, NULL))
      if (!ms_server_authorize_tenant (storage, user, tenant, NULL, error))
        {
          /* Tell the client where its ids stand, so it can drop the
           * forbidden tenant's changes without renumbering ones we
           * already applied (README-sync.md, "Teams"). */
          ctx.user = user;
          ctx.client_id = client_id;
          if (ms_server_storage_transaction (storage, FALSE, read_last, &ctx, NULL))
            *expected_id = ctx.last + 1;
          return NULL;
        }
  }

  entitlements = ms_server_sync_dup_entitlements (user->plan);
  ctx.storage = storage;
  ctx.user = user;
  ctx.entitlements = entitlements;
  ctx.client_id = client_id;
  ctx.now = now;

  response = json_object_new ();
  results = json_array_new ();
  json_object_set_array_member (response, "results", results);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *m = json_array_get_object_element (mutations, i);
      JsonObject *result;

      ctx.id = json_object_get_int_member (m, "id");
      ctx.name = json_object_get_string_member (m, "name");
      ctx.tenant = json_object_get_string_member (m, "tenant");
      ctx.args = json_object_get_object_member (m, "args");
      ctx.status = NULL;

      if (!ms_server_storage_transaction (storage, TRUE, apply_one, &ctx, error))
        {
          g_clear_error (&ctx.rejection);
          g_clear_pointer (&ctx.role, g_free);
          if (g_error_matches (*error, MS_SERVER_ERROR, MS_SERVER_ERROR_MUTATION_GAP))
            *expected_id = ctx.last + 1;
          return NULL;
        }

      result = json_object_new ();
      json_object_set_int_member (result, "id", ctx.id);
      json_object_set_string_member (result, "status", ctx.status);
      if (ctx.rejection != NULL)
        {
          json_object_set_object_member (result, "error", ms_server_error_to_json (ctx.rejection));
          g_clear_error (&ctx.rejection);
        }
      json_array_add_object_element (results, result);
    }

  g_clear_pointer (&ctx.role, g_free);
  if (n == 0 && !ms_server_storage_transaction (storage, FALSE, read_last, &ctx, error))
    return NULL;
  json_object_set_int_member (response, "last_mutation_id", ctx.last);
  return g_steal_pointer (&response);
}

/* ------------------------------------------------------------------------ */
/* Pull                                                                      */

typedef struct
{
  const MsServerUser *user;
  const char         *client_id;
  const char         *tenant;
  const char         *cursor_epoch;   /* NULL: from the start */
  gint64              cursor_version;
  guint               limit;

  GString            *out;
} PullContext;

static gboolean
parse_cursor (const char   *cursor,
              char        **epoch,
              gint64       *version,
              GError      **error)
{
  const char *colon = cursor != NULL ? strrchr (cursor, ':') : NULL;
  guint64 v = 0;

  if (colon == NULL || colon == cursor || strlen (cursor) > 200 ||
      !g_ascii_string_to_unsigned (colon + 1, 10, 0, G_MAXINT64, &v, NULL))
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                           _("The sync cursor is not one this server made."));
      return FALSE;
    }
  *epoch = g_strndup (cursor, (gsize) (colon - cursor));
  *version = (gint64) v;
  return TRUE;
}

static gboolean
read_page (MsServerStorage  *storage,
           gpointer          user_data,
           GError          **error)
{
  PullContext *ctx = user_data;
  g_auto(MsServerTenantState) state = { 0 };
  g_autoptr(GPtrArray) rows = NULL;
  gboolean reset = FALSE, has_more;
  gint64 after = 0, last = 0, cursor;
  GString *out = ctx->out;

  if (!ms_server_storage_get_tenant_state (storage, ctx->tenant, &state, error) ||
      !ms_server_storage_get_last_mutation_id (storage, ctx->user->id, ctx->client_id, &last,
                                               error))
    return FALSE;

  if (ctx->cursor_epoch != NULL)
    {
      reset = !g_str_equal (ctx->cursor_epoch, state.epoch) ||
              ctx->cursor_version < state.purged_version ||
              ctx->cursor_version > state.version;
      if (!reset)
        after = ctx->cursor_version;
    }

  /* From the start (or a reset), tombstones are of no use: live rows only. */
  rows = ms_server_storage_list_changes (storage, ctx->tenant, after,
                                         ctx->cursor_epoch == NULL || reset, ctx->limit + 1,
                                         error);
  if (rows == NULL)
    return FALSE;
  has_more = rows->len > ctx->limit;
  if (has_more)
    g_ptr_array_set_size (rows, ctx->limit);

  g_string_append (out, "{\"ops\":[");
  for (guint i = 0; i < rows->len; i++)
    {
      const MsServerRow *row = g_ptr_array_index (rows, i);

      /* Entities are ours and ids were checked on push ([A-Za-z0-9_-]); the
       * row is the stored JSON object with its version put first. */
      g_assert (row->row_json[0] == '{' && row->row_json[1] != '}');
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_printf (out, "{\"op\":\"%s\",\"entity\":\"%s\",\"id\":\"%s\","
                              "\"version\":%" G_GINT64_FORMAT ",\"row\":{\"version\":%"
                              G_GINT64_FORMAT ",",
                              row->deleted_at != 0 ? "del" : "put", row->entity, row->id,
                              row->version, row->version);
      g_string_append (out, row->row_json + 1);
      g_string_append_c (out, '}');
    }
  cursor = has_more ? ((const MsServerRow *) g_ptr_array_index (rows, rows->len - 1))->version
                    : state.version;
  g_string_append_printf (out, "],\"cursor\":\"%s:%" G_GINT64_FORMAT "\",\"has_more\":%s,"
                          "\"reset\":%s,\"last_mutation_id\":%" G_GINT64_FORMAT "}",
                          state.epoch, cursor, has_more ? "true" : "false",
                          reset ? "true" : "false", last);
  return TRUE;
}

/**
 * ms_server_sync_pull:
 *
 * Returns: (transfer full): the response body (JSON)
 */
char *
ms_server_sync_pull (MsServerStorage     *storage,
                     const MsServerUser  *user,
                     JsonObject          *request,
                     GError             **error)
{
  g_autoptr(GString) out = NULL;
  g_autofree char *epoch = NULL;
  PullContext ctx = { 0 };
  const char *cursor;
  gint64 limit = MS_SERVER_SYNC_DEFAULT_PULL;

  if (!ms_server_sync_check_protocol (request, error) ||
      (ctx.client_id = get_client_id (request, error)) == NULL ||
      (ctx.tenant = ms_server_json_get_string (request, "tenant", TRUE, error)) == NULL ||
      !ms_server_json_get_int (request, "limit", FALSE, &limit, error))
    return NULL;
  {
    g_autoptr(GError) local_error = NULL;

    cursor = ms_server_json_get_string (request, "cursor", FALSE, &local_error);
    if (local_error != NULL)
      {
        g_propagate_error (error, g_steal_pointer (&local_error));
        return NULL;
      }
  }
  if (limit < 1 || limit > MS_SERVER_SYNC_MAX_PULL)
    {
      g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                   /* Translators: %d is a number of rows */
                   _("“limit” must be 1 to %d."), MS_SERVER_SYNC_MAX_PULL);
      return NULL;
    }
  if (cursor != NULL && *cursor != '\0' && !parse_cursor (cursor, &epoch, &ctx.cursor_version,
                                                          error))
    return NULL;

  if (!ms_server_authorize_tenant (storage, user, ctx.tenant, NULL, error))
    return NULL;

  ctx.user = user;
  ctx.cursor_epoch = epoch;
  ctx.limit = (guint) limit;
  out = g_string_sized_new (4096);
  ctx.out = out;
  if (!ms_server_storage_transaction (storage, FALSE, read_page, &ctx, error))
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}
