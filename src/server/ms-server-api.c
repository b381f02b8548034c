/* ms-server-api.c — the public scoring API: a team's keys and POST /v1/score
 *
 * A key belongs to a team whose plan has the "api" feature (Team Pro). An
 * owner makes one (POST /v1/teams/{team}/api-keys) and sees it once:
 * "msk_" and 32 random bytes in URL-safe base64. The server keeps only its
 * SHA-256 (as for session tokens), its first characters to recognise it by,
 * a name, who made it, when it was last used and how often (the
 * customer-success work reads uses). An owner lists and revokes them.
 *
 * POST /v1/score takes the message as the app stores it (the JSON of
 * `msgscore-cli score --input-json`: schema, channel, subject, preheader,
 * body or bubbles, segment) plus "language" and "variants", and answers the
 * result JSON of `msgscore-cli score --json`: the same core and the team's
 * rules (team_rules) and NG words (team_ng_word) applied, and its knowledge
 * (ms-server-api-knowledge.c). Each key may make api.requests_per_minute
 * requests a minute (data/limits.json), counted per server process in a
 * fixed window; the answer says so in RateLimit-* headers, and a refusal
 * in Retry-After.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <string.h>
#include <sodium.h>
#include <glib/gi18n-lib.h>

#include "ms-json-guard.h"
#include "score/ms-score.h"
#include "store/ms-entitlements.h"
#include "store/ms-message-codec.h"
#include "sync/ms-mutation.h"
#include "ms-server-api.h"
#include "ms-server-auth.h"
#include "ms-server-json.h"
#include "ms-server-plans.h"
#include "ms-server-sync.h"
#include "ms-server-teams.h"

#define KEY_BYTES 32
#define PREFIX_CHARS 8     /* shown in lists: "msk_" and four characters */
#define WINDOW (60 * G_USEC_PER_SEC)

/* ------------------------------------------------------------------------ */
/* The rate limit                                                            */

typedef struct
{
  gint64 window_start;
  guint  count;
} Window;

struct _MsServerApiLimiter
{
  GMutex      lock;
  GHashTable *windows;   /* key id → Window */
  guint       limit;
};

MsServerApiLimiter *
ms_server_api_limiter_new (void)
{
  MsServerApiLimiter *limiter = g_new0 (MsServerApiLimiter, 1);
  gint64 limit = ms_sync_limit ("api.requests_per_minute", "max");

  g_mutex_init (&limiter->lock);
  limiter->windows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  limiter->limit = (guint) CLAMP (limit, 1, G_MAXINT);
  return limiter;
}

void
ms_server_api_limiter_free (MsServerApiLimiter *limiter)
{
  if (limiter == NULL)
    return;
  g_hash_table_unref (limiter->windows);
  g_mutex_clear (&limiter->lock);
  g_free (limiter);
}

void
ms_server_api_limiter_set_limit (MsServerApiLimiter *limiter,
                                 guint               limit)
{
  g_mutex_lock (&limiter->lock);
  limiter->limit = limit;
  g_mutex_unlock (&limiter->lock);
}

guint
ms_server_api_limiter_get_limit (MsServerApiLimiter *limiter)
{
  return limiter->limit;
}

/**
 * ms_server_api_limiter_take:
 * @remaining: (out): requests left in the window after this one
 * @reset_seconds: (out): seconds until the window ends (at least 1)
 *
 * Returns: whether the request may go on
 */
gboolean
ms_server_api_limiter_take (MsServerApiLimiter *limiter,
                            const char         *key_id,
                            gint64              now,
                            guint              *remaining,
                            gint64             *reset_seconds)
{
  Window *window;
  gboolean ok;

  g_mutex_lock (&limiter->lock);
  window = g_hash_table_lookup (limiter->windows, key_id);
  if (window == NULL)
    {
      /* Windows of keys not seen for a minute go, so the table stays small. */
      if (g_hash_table_size (limiter->windows) > 10000)
        {
          GHashTableIter iter;
          Window *w;

          g_hash_table_iter_init (&iter, limiter->windows);
          while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &w))
            if (now - w->window_start >= WINDOW)
              g_hash_table_iter_remove (&iter);
        }
      window = g_new0 (Window, 1);
      window->window_start = now;
      g_hash_table_insert (limiter->windows, g_strdup (key_id), window);
    }
  if (now - window->window_start >= WINDOW || now < window->window_start)
    {
      window->window_start = now;
      window->count = 0;
    }
  ok = window->count < limiter->limit;
  if (ok)
    window->count++;
  *remaining = limiter->limit - window->count;
  *reset_seconds = MAX (1, (window->window_start + WINDOW - now + G_USEC_PER_SEC - 1)
                           / G_USEC_PER_SEC);
  g_mutex_unlock (&limiter->lock);
  return ok;
}

gboolean
ms_server_api_limiter_peek (MsServerApiLimiter *limiter,
                            const char         *key_id,
                            gint64              now,
                            gint64             *reset_seconds)
{
  Window *window;
  gboolean ok = TRUE;

  g_mutex_lock (&limiter->lock);
  window = g_hash_table_lookup (limiter->windows, key_id);
  *reset_seconds = 0;
  if (window != NULL && now - window->window_start < WINDOW && now >= window->window_start)
    {
      ok = window->count < limiter->limit;
      *reset_seconds = MAX (1, (window->window_start + WINDOW - now + G_USEC_PER_SEC - 1)
                               / G_USEC_PER_SEC);
    }
  g_mutex_unlock (&limiter->lock);
  return ok;
}

/* ------------------------------------------------------------------------ */
/* Keys                                                                      */

static char *
tenant_for_id (const char *team_id)
{
  return g_strconcat (MS_SERVER_TEAM_PREFIX, team_id != NULL ? team_id : "", NULL);
}

static char *
new_key (void)
{
  guint8 bytes[KEY_BYTES];
  char text[sodium_base64_ENCODED_LEN (KEY_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  char *key;

  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2base64 (text, sizeof text, bytes, sizeof bytes,
                     sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (bytes, sizeof bytes);
  key = g_strconcat (MS_SERVER_API_KEY_PREFIX, text, NULL);
  sodium_memzero (text, sizeof text);
  return key;
}

static JsonObject *
key_to_json (const MsServerApiKey *key)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "id", key->id);
  json_object_set_string_member (o, "name", key->name);
  json_object_set_string_member (o, "prefix", key->prefix);
  json_object_set_string_member (o, "created_by", key->created_by);
  json_object_set_int_member (o, "created_at", key->created_at);
  if (key->last_used_at != 0)
    json_object_set_int_member (o, "last_used_at", key->last_used_at);
  else
    json_object_set_null_member (o, "last_used_at");
  json_object_set_int_member (o, "uses", key->uses);
  if (key->revoked_at != 0)
    json_object_set_int_member (o, "revoked_at", key->revoked_at);
  else
    json_object_set_null_member (o, "revoked_at");
  return o;
}

static gboolean
forbidden_role (GError **error)
{
  g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_FORBIDDEN_ROLE,
                       _("Only an owner of this team can do this."));
  return FALSE;
}

/* The team's plan has the API. */
static gboolean
check_team_plan (MsServerStorage  *storage,
                 const char       *tenant,
                 gint64            now,
                 char            **needed_plan,
                 GError          **error)
{
  g_autoptr(MsServerTeam) team = NULL;
  g_autoptr(MsEntitlements) entitlements = NULL;

  if (!ms_server_storage_get_team (storage, tenant, &team, error))
    return FALSE;
  if (team == NULL)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_NOT_FOUND,
                           _("There is nothing at this address."));
      return FALSE;
    }
  entitlements = ms_server_sync_dup_entitlements (ms_server_team_get_plan (team, now));
  return ms_server_plans_check_feature (entitlements, MS_SERVER_API_FEATURE, TRUE, needed_plan,
                                        error);
}

typedef struct
{
  const MsServerUser *user;
  const char         *tenant;
  const char         *key_id;
  gint64              now;
  char              **needed_plan;
  MsServerApiKey     *key;
  JsonObject         *out;
} KeyContext;

static gboolean
authorize_owner (MsServerStorage  *storage,
                 KeyContext       *ctx,
                 GError          **error)
{
  g_autofree char *role = NULL;

  if (!ms_server_authorize_tenant (storage, ctx->user, ctx->tenant, &role, error))
    return FALSE;
  if (!g_str_equal (role, "owner"))
    return forbidden_role (error);
  return TRUE;
}

static gboolean
create_in_transaction (MsServerStorage  *storage,
                       gpointer          user_data,
                       GError          **error)
{
  KeyContext *ctx = user_data;
  g_autoptr(GPtrArray) keys = NULL;
  gint64 max_keys = ms_sync_limit ("api.keys", "max_items");

  if (!authorize_owner (storage, ctx, error) ||
      !check_team_plan (storage, ctx->tenant, ctx->now, ctx->needed_plan, error))
    return FALSE;
  if ((keys = ms_server_storage_list_api_keys (storage, ctx->tenant, error)) == NULL)
    return FALSE;
  if (max_keys >= 0 && keys->len >= (guint) max_keys)
    {
      g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_LIMIT_REACHED,
                   /* Translators: %u is how many API keys a team may have */
                   g_dngettext (GETTEXT_PACKAGE, "A team may have %u API key.",
                                "A team may have %u API keys.", (gulong) max_keys),
                   (guint) max_keys);
      return FALSE;
    }
  return ms_server_storage_add_api_key (storage, ctx->key, error);
}

/**
 * ms_server_api_create_key:
 * @needed_plan: (out): the plan with the API, when the team's has not
 *
 * Returns: (transfer full): the key's facts and, this once, "key"
 */
JsonObject *
ms_server_api_create_key (MsServerStorage     *storage,
                          const MsServerUser  *user,
                          const char          *team_id,
                          JsonObject          *request,
                          gint64               now,
                          char               **needed_plan,
                          GError             **error)
{
  g_autofree char *tenant = tenant_for_id (team_id);
  g_autofree char *secret = NULL;
  g_autofree char *name = NULL;
  g_autoptr(MsServerApiKey) key = g_new0 (MsServerApiKey, 1);
  KeyContext ctx = { 0 };
  JsonObject *o;
  const char *raw;
  gint64 max_chars = ms_sync_limit ("name", "max_chars");
  glong len;

  if ((raw = ms_server_json_get_string (request, "name", TRUE, error)) == NULL)
    return NULL;
  name = g_strstrip (g_strdup (raw));
  len = g_utf8_validate (name, -1, NULL) ? g_utf8_strlen (name, -1) : 0;
  if (len < 1 || len > max_chars)
    {
      g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                   /* Translators: %u is the most characters a key's name may have */
                   _("An API key’s name must be 1 to %u characters."), (guint) max_chars);
      return NULL;
    }

  secret = new_key ();
  key->id = g_uuid_string_random ();
  key->hash = ms_server_auth_hash_token (secret);
  key->tenant = g_strdup (tenant);
  key->name = g_steal_pointer (&name);
  key->prefix = g_strndup (secret, PREFIX_CHARS);
  key->created_by = g_strdup (user->id);
  key->created_at = now;

  ctx.user = user;
  ctx.tenant = tenant;
  ctx.now = now;
  ctx.needed_plan = needed_plan;
  ctx.key = key;
  if (!ms_server_storage_transaction (storage, TRUE, create_in_transaction, &ctx, error))
    {
      sodium_memzero (secret, strlen (secret));
      return NULL;
    }
  o = key_to_json (key);
  json_object_set_string_member (o, "key", secret);
  sodium_memzero (secret, strlen (secret));
  return o;
}

static gboolean
list_in_transaction (MsServerStorage  *storage,
                     gpointer          user_data,
                     GError          **error)
{
  KeyContext *ctx = user_data;
  g_autoptr(GPtrArray) keys = NULL;
  JsonArray *array;

  if (!authorize_owner (storage, ctx, error))
    return FALSE;
  if ((keys = ms_server_storage_list_api_keys (storage, ctx->tenant, error)) == NULL)
    return FALSE;
  array = json_array_new ();
  for (guint i = 0; i < keys->len; i++)
    json_array_add_object_element (array, key_to_json (g_ptr_array_index (keys, i)));
  ctx->out = json_object_new ();
  json_object_set_array_member (ctx->out, "keys", array);
  return TRUE;
}

JsonObject *
ms_server_api_list_keys (MsServerStorage     *storage,
                         const MsServerUser  *user,
                         const char          *team_id,
                         gint64               now,
                         GError             **error)
{
  g_autofree char *tenant = tenant_for_id (team_id);
  KeyContext ctx = { 0 };

  ctx.user = user;
  ctx.tenant = tenant;
  ctx.now = now;
  if (!ms_server_storage_transaction (storage, FALSE, list_in_transaction, &ctx, error))
    {
      g_clear_pointer (&ctx.out, json_object_unref);
      return NULL;
    }
  return ctx.out;
}

static gboolean
revoke_in_transaction (MsServerStorage  *storage,
                       gpointer          user_data,
                       GError          **error)
{
  KeyContext *ctx = user_data;
  gboolean revoked = FALSE;

  if (!authorize_owner (storage, ctx, error) ||
      !ms_server_storage_revoke_api_key (storage, ctx->tenant, ctx->key_id, ctx->now, &revoked,
                                         error))
    return FALSE;
  if (!revoked)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_NOT_FOUND,
                           _("There is no such API key in force."));
      return FALSE;
    }
  return TRUE;
}

gboolean
ms_server_api_revoke_key (MsServerStorage     *storage,
                          const MsServerUser  *user,
                          const char          *team_id,
                          const char          *key_id,
                          gint64               now,
                          GError             **error)
{
  g_autofree char *tenant = tenant_for_id (team_id);
  KeyContext ctx = { 0 };

  ctx.user = user;
  ctx.tenant = tenant;
  ctx.key_id = key_id;
  ctx.now = now;
  return ms_server_storage_transaction (storage, TRUE, revoke_in_transaction, &ctx, error);
}

static MsServerApiKey *
invalid_key (GError **error)
{
  g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_INVALID_TOKEN,
                       _("This API key is not valid. An owner of the team can make a new one."));
  return NULL;
}

typedef struct
{
  const MsServerApiKey *key;
  gint64                now;
  char                **needed_plan;
  char                 *rules_json;
  GStrv                 ng_words;
} ScoreContext;

static gboolean
key_team_in_transaction (MsServerStorage  *storage,
                         gpointer          user_data,
                         GError          **error)
{
  ScoreContext *ctx = user_data;
  g_autoptr(MsServerRow) row = NULL;

  if (!check_team_plan (storage, ctx->key->tenant, ctx->now, ctx->needed_plan, error) ||
      !ms_server_storage_get_row (storage, ctx->key->tenant, "team_rules", "rules", &row, error))
    return FALSE;
  if (row != NULL && row->deleted_at == 0)
    ctx->rules_json = g_steal_pointer (&row->row_json);
  /* The team's NG words: the key of a live team_ng_word row is its word. */
  ctx->ng_words = ms_server_storage_list_live_keys (storage, ctx->key->tenant, "team_ng_word",
                                                    (guint) ms_sync_limit ("api.team_ng_words",
                                                                           "max_items"),
                                                    error);
  return ctx->ng_words != NULL;
}

/**
 * ms_server_api_authenticate:
 * @needed_plan: (out): the plan with the API, when the team's has not
 * @rules_json: (out): the team's rules row (team_rules), or NULL
 * @ng_words: (out): the team's NG words (team_ng_word)
 *
 * Reads `Authorization: Bearer msk_…`.
 *
 * Returns: (transfer full): the key in force, of a team whose plan has the API
 */
MsServerApiKey *
ms_server_api_authenticate (MsServerStorage    *storage,
                            SoupServerMessage  *msg,
                            gint64              now,
                            char              **needed_plan,
                            char              **rules_json,
                            GStrv              *ng_words,
                            GError            **error)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *header = soup_message_headers_get_one (headers, "Authorization");
  g_autofree char *hash = NULL;
  g_autoptr(MsServerApiKey) key = NULL;
  ScoreContext ctx = { 0 };

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0 || header[7] == '\0')
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_AUTH_REQUIRED,
                           _("Send an API key: Authorization: Bearer msk_…"));
      return NULL;
    }
  /* A key is ASCII of a known length: anything else is not one of ours. */
  if (!g_str_has_prefix (header + 7, MS_SERVER_API_KEY_PREFIX) || strlen (header + 7) > 128)
    return invalid_key (error);
  hash = ms_server_auth_hash_token (header + 7);
  if (!ms_server_storage_find_api_key (storage, hash, &key, error))
    return NULL;
  if (key == NULL || key->revoked_at != 0)
    return invalid_key (error);
  ctx.key = key;
  ctx.now = now;
  ctx.needed_plan = needed_plan;
  if (!ms_server_storage_transaction (storage, FALSE, key_team_in_transaction, &ctx, error))
    {
      g_free (ctx.rules_json);
      g_strfreev (ctx.ng_words);
      return NULL;
    }
  *rules_json = ctx.rules_json;
  *ng_words = ctx.ng_words;
  return g_steal_pointer (&key);
}

/* ------------------------------------------------------------------------ */
/* Scoring                                                                   */

/* The rule set for a team's rules, built once per distinct rules row and
 * NG words. */
static MsRuleSet *
dup_rule_set (const char          *rules_json,
              const char * const  *ng_words,
              GError             **error)
{
  static GMutex lock;
  static GHashTable *cache;   /* rules row JSON → MsRuleSet */
  static GPtrArray *packs;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(MsBrandRules) brand = NULL;
  MsRuleSet *rules;
  g_autofree char *words = NULL;
  g_autofree char *cache_key = NULL;
  JsonObject *o;
  const char *s;

  if (rules_json == NULL && (ng_words == NULL || ng_words[0] == NULL))
    return ms_rule_set_ref (ms_rule_set_get_default ());

  words = ng_words != NULL ? g_strjoinv ("\x1f", (char **) ng_words) : g_strdup ("");
  cache_key = g_strconcat (rules_json != NULL ? rules_json : "", "\x1e", words, NULL);
  g_mutex_lock (&lock);
  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) ms_rule_set_unref);
  rules = g_hash_table_lookup (cache, cache_key);
  if (rules != NULL)
    {
      ms_rule_set_ref (rules);
      g_mutex_unlock (&lock);
      return rules;
    }
  if (packs == NULL && (packs = ms_rule_set_load_builtin_packs (error)) == NULL)
    {
      g_mutex_unlock (&lock);
      return NULL;
    }

  /* The team's row, as the app reads it (ms_team_rules_repository_dup_brand_rules()). */
  brand = ms_brand_rules_new ();
  if (ng_words != NULL && ng_words[0] != NULL)
    brand->team_ng_words = g_strdupv ((char **) ng_words);
  node = rules_json != NULL ? json_from_string (rules_json, NULL) : NULL;
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      o = json_node_get_object (node);
      brand->require_unsubscribe = ms_json_object_get_boolean (o, "require_unsubscribe", FALSE);
      brand->require_contact = ms_json_object_get_boolean (o, "require_contact", FALSE);
      s = ms_json_object_get_string (o, "brand_name", NULL);
      brand->brand_name = s != NULL && *s != '\0' ? g_strdup (s) : NULL;
      brand->subject_no_brackets = ms_json_object_get_boolean (o, "subject_no_brackets", FALSE);
      brand->esp_footer = ms_json_object_get_boolean (o, "esp_footer", FALSE);
      brand->subject_max_emoji = (int) ms_json_object_get_int (o, "subject_max_emoji", -1);
      brand->subject_max_cells = (int) ms_json_object_get_int (o, "subject_max_cells", 0);
      brand->min_score = (int) ms_json_object_get_int (o, "min_score", 0);
      s = ms_json_object_get_string (o, "min_score_action", NULL);
      if (s == NULL || !ms_min_score_action_from_string (s, &brand->min_score_action))
        brand->min_score_action = MS_MIN_SCORE_ACTION_WARN;
    }
  /* A team that has set no rule scores as msgscore-cli does, engine string included. */
  if (brand->team_ng_words == NULL &&
      !brand->require_unsubscribe && !brand->require_contact && brand->brand_name == NULL &&
      !brand->subject_no_brackets && brand->subject_max_emoji < 0 &&
      brand->subject_max_cells <= 0 && brand->min_score <= 0 && !brand->esp_footer)
    rules = ms_rule_set_ref (ms_rule_set_get_default ());
  else
    rules = ms_rule_set_new_from_packs (packs, brand, error);
  if (rules != NULL)
    {
      if (g_hash_table_size (cache) > 1000)
        g_hash_table_remove_all (cache);
      g_hash_table_insert (cache, g_steal_pointer (&cache_key), ms_rule_set_ref (rules));
    }
  g_mutex_unlock (&lock);
  return rules;
}

static gboolean
bad_request (GError    **error,
             const char *member)
{
  g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
               /* Translators: %s is a member of the request's JSON, as sent */
               _("The request’s “%s” is missing or not valid."), member);
  return FALSE;
}

static gboolean
check_text (JsonObject  *request,
            const char  *member,
            const char  *limit,
            GError     **error)
{
  JsonNode *node = json_object_get_member (request, member);
  const char *text;
  gint64 max = ms_sync_limit (limit, "max_bytes");

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return bad_request (error, member);
  text = json_node_get_string (node);
  if (max >= 0 && strlen (text) > (gsize) max)
    {
      g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_TOO_LARGE,
                   /* Translators: %s is a member of the request, %u a number of bytes */
                   _("The request’s “%s” is longer than %u bytes."), member, (guint) max);
      return FALSE;
    }
  return TRUE;
}

/* Bounds every text before the message is made. */
static gboolean
check_request (JsonObject  *request,
               GError     **error)
{
  JsonNode *node;
  gint64 max_bubbles = ms_sync_limit ("api.bubbles", "max_items");

  if (!check_text (request, "subject", "scoring.subject", error) ||
      !check_text (request, "preheader", "scoring.preheader", error) ||
      !check_text (request, "body", "scoring.body", error) ||
      !check_text (request, "language", "row_id", error))
    return FALSE;
  node = json_object_get_member (request, "channel");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return bad_request (error, "channel");
  node = json_object_get_member (request, "bubbles");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      JsonArray *bubbles;
      gint64 max = ms_sync_limit ("scoring.body", "max_bytes");

      if (!JSON_NODE_HOLDS_ARRAY (node))
        return bad_request (error, "bubbles");
      bubbles = json_node_get_array (node);
      if (json_array_get_length (bubbles) > (guint) max_bubbles)
        return bad_request (error, "bubbles");
      for (guint i = 0; i < json_array_get_length (bubbles); i++)
        {
          JsonNode *e = json_array_get_element (bubbles, i);

          if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING ||
              strlen (json_node_get_string (e)) > (gsize) max)
            return bad_request (error, "bubbles");
        }
    }
  node = json_object_get_member (request, "segment");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node) && !JSON_NODE_HOLDS_OBJECT (node))
    return bad_request (error, "segment");
  node = json_object_get_member (request, "variants");
  if (node != NULL && (!JSON_NODE_HOLDS_VALUE (node) ||
                       json_node_get_value_type (node) != G_TYPE_BOOLEAN))
    return bad_request (error, "variants");
  return TRUE;
}

/**
 * ms_server_api_score:
 *
 * Returns: (transfer full): the result as `msgscore-cli score --json` prints it
 */
char *
ms_server_api_score (MsServerStorage      *storage,
                     const MsServerApiKey *key,
                     const char           *rules_json,
                     const char * const   *ng_words,
                     JsonObject           *request,
                     gint64                now,
                     GError              **error)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) message_json = NULL;
  g_autoptr(MsRuleSet) rules = NULL;
  g_autoptr(MsMessage) message = NULL;
  g_autoptr(MsScoreResult) result = NULL;
  g_autoptr(GPtrArray) knowledge = NULL;
  g_autoptr(GError) local_error = NULL;
  MsScoreOptions options = { 0, };
  const char *language;
  JsonNode *segment;

  if (!check_request (request, error))
    return NULL;
  language = ms_json_object_get_string (request, "language", "ja");
  if (!g_str_equal (language, "ja") && !g_str_equal (language, "en"))
    return bad_request (error, "language"), NULL;

  /* The message as the app stores it; a missing segment is "all". */
  segment = json_object_get_member (request, "segment");
  if (segment == NULL || JSON_NODE_HOLDS_NULL (segment))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      message_json = json_object_new ();
      json_object_iter_init (&iter, request);
      while (json_object_iter_next (&iter, &name, &value))
        if (!g_str_equal (name, "segment"))
          json_object_set_member (message_json, name, json_node_copy (value));
      json_object_set_object_member (message_json, "segment", json_object_new ());
    }
  else
    message_json = json_object_ref (request);
  json_node_set_object (node, message_json);
  message = ms_message_new_from_json (node, &local_error);
  if (message == NULL)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                           _("The message is not valid: see docs/openapi.yaml for its form."));
      return NULL;
    }

  rules = dup_rule_set (rules_json, ng_words, error);
  if (rules == NULL)
    return NULL;

  options.language = language;
  if (!ms_json_object_get_boolean (request, "variants", TRUE))
    options.flags |= MS_SCORE_FLAGS_NO_VARIANTS;
  result = ms_scorer_score (rules, message, &options, &local_error);
  if (result == NULL)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                           local_error->message);
      return NULL;
    }
  /* What the team's reviewers taught, as on the members' devices */
  knowledge = ms_server_api_dup_knowledge (storage, key->tenant, error);
  if (knowledge == NULL)
    return NULL;
  if (knowledge->len > 0)
    {
      MsScoreResult *taught = ms_knowledge_apply (result, message, knowledge);

      ms_score_result_unref (result);
      result = taught;
    }
  if (!ms_server_storage_use_api_key (storage, key->id, now, error))
    return NULL;
  return ms_score_result_to_string (result, FALSE);
}
