/* ms-server-review.c — a reviewer's feedback on a Team Pro member's share link
 *
 * The page of a share link (/r/<token>) carries a form when the link's maker
 * is in a team whose plan has reviewer_feedback: the link's own team, or the
 * maker's first such team. A reviewer without an account answers it (立場,
 * AIスコアの評価, 修正スコア, 指摘事項, 対象軸, a name if they like) and the
 * server writes the answer into that team's tenant as a feedback.submit
 * (src/core/sync/ms-mutation-feedback.c): members get it with their next
 * pull.
 *
 * Each form carries a token made for it: 16 random bytes, the time it was
 * made and an HMAC-SHA256 of both and the link's id with a secret kept in
 * the database (ms_server_storage_get_secret(), the same for every server
 * process). The feedback's id is derived from the random bytes, so a token
 * sends one feedback, ever: a second post with it finds the row and is
 * refused. A form without a token, with a forged one, one for another link
 * or one older than feedback.form_minutes writes nothing. The routes
 * (ms-server-review-routes.c) limit the forms per client address and per
 * link, and bound the body before it is read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <string.h>
#include <sodium.h>

#include "store/ms-entitlements.h"
#include "sync/ms-mutation.h"
#include "sync/ms-mutation-feedback.h"
#include "ms-server-json.h"
#include "ms-server-review.h"
#include "ms-server-sync.h"
#include "ms-server-teams.h"

#define NONCE_BYTES 16
#define TOKEN_BYTES (NONCE_BYTES + 8 + crypto_auth_hmacsha256_BYTES)
#define MAX_FIELDS 32

G_DEFINE_QUARK (ms-server-review-error-quark, ms_server_review_error)

static gboolean
refuse (GError              **error,
        MsServerReviewError   code)
{
  /* The words are the page's (review-parts.html); this is for logs and tests. */
  static const char * const what[] = {
    "form token", "token used", "role", "rating", "score", "comment", "name", "axes", "form",
    "closed",
  };

  g_set_error_literal (error, MS_SERVER_REVIEW_ERROR, code, what[code]);
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* The form                                                                  */

void
ms_server_review_form_clear (MsServerReviewForm *form)
{
  g_clear_pointer (&form->csrf, g_free);
  g_clear_pointer (&form->role, g_free);
  g_clear_pointer (&form->rating, g_free);
  g_clear_pointer (&form->corrected_score, g_free);
  g_clear_pointer (&form->comment, g_free);
  g_clear_pointer (&form->axes, g_free);
  g_clear_pointer (&form->reviewer_name, g_free);
}

/* A form value: "+" is a space, then %XX; NULL when not UTF-8 or with a NUL. */
static char *
decode_value (const char *text,
              gsize       length)
{
  g_autofree char *plus = g_strndup (text, length);
  g_autofree char *value = NULL;
  g_auto(GStrv) lines = NULL;

  g_strdelimit (plus, "+", ' ');
  value = g_uri_unescape_string (plus, NULL);
  if (value == NULL || !g_utf8_validate (value, -1, NULL))
    return NULL;
  /* browsers send line ends as CRLF */
  lines = g_strsplit (value, "\r\n", -1);
  return g_strjoinv ("\n", lines);
}

static void
set_field (MsServerReviewForm *form,
           const char         *name,
           char               *value)
{
  char **slot = NULL;

  if (g_str_equal (name, "axes"))
    {
      char *joined = form->axes == NULL ? g_strdup (value)
                                        : g_strconcat (form->axes, ",", value, NULL);

      g_free (form->axes);
      form->axes = joined;
      g_free (value);
      return;
    }
  if (g_str_equal (name, "csrf"))
    slot = &form->csrf;
  else if (g_str_equal (name, "role"))
    slot = &form->role;
  else if (g_str_equal (name, "rating"))
    slot = &form->rating;
  else if (g_str_equal (name, "corrected_score"))
    slot = &form->corrected_score;
  else if (g_str_equal (name, "comment"))
    slot = &form->comment;
  else if (g_str_equal (name, "reviewer_name"))
    slot = &form->reviewer_name;
  if (slot == NULL)
    {
      g_free (value);   /* a field we do not know is ignored */
      return;
    }
  g_free (*slot);
  *slot = value;
}

gboolean
ms_server_review_parse_form (const char          *body,
                             gsize                length,
                             MsServerReviewForm  *form,
                             GError             **error)
{
  gint64 max = ms_sync_limit ("feedback.form", "max_bytes");
  g_autofree char *text = NULL;
  g_auto(GStrv) pairs = NULL;

  memset (form, 0, sizeof *form);
  if (body == NULL || (max >= 0 && length > (gsize) max) || memchr (body, '\0', length) != NULL)
    return refuse (error, MS_SERVER_REVIEW_ERROR_FORM);
  text = g_strndup (body, length);
  pairs = g_strsplit (text, "&", MAX_FIELDS + 1);
  if (g_strv_length (pairs) > MAX_FIELDS)
    return refuse (error, MS_SERVER_REVIEW_ERROR_FORM);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *eq = strchr (pairs[i], '=');
      g_autofree char *name = NULL;
      char *value;

      if (*pairs[i] == '\0')
        continue;
      if (eq == NULL)
        return refuse (error, MS_SERVER_REVIEW_ERROR_FORM);
      name = decode_value (pairs[i], eq - pairs[i]);
      value = decode_value (eq + 1, strlen (eq + 1));
      if (name == NULL || value == NULL)
        {
          g_free (value);
          ms_server_review_form_clear (form);
          return refuse (error, MS_SERVER_REVIEW_ERROR_FORM);
        }
      set_field (form, name, value);
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* The team                                                                  */

typedef struct
{
  const MsServerShareLink *link;
  gint64                   now;
  char                    *team;   /* out */
} TeamContext;

static gboolean
team_has_feedback (MsServerStorage  *storage,
                   const char       *tenant,
                   gint64            now,
                   gboolean         *has,
                   GError          **error)
{
  g_autoptr(MsServerTeam) team = NULL;
  g_autoptr(MsEntitlements) entitlements = NULL;

  *has = FALSE;
  if (!ms_server_storage_get_team (storage, tenant, &team, error))
    return FALSE;
  if (team == NULL)
    return TRUE;
  entitlements = ms_server_sync_dup_entitlements (ms_server_team_get_plan (team, now));
  *has = ms_entitlements_has_feature (entitlements, MS_FEEDBACK_FEATURE);
  return TRUE;
}

/* Inside a transaction: ctx->team, or NULL when no team of the maker has it. */
static gboolean
find_team (MsServerStorage  *storage,
           gpointer          user_data,
           GError          **error)
{
  TeamContext *ctx = user_data;
  g_autoptr(JsonArray) tenants = NULL;
  gboolean has = FALSE;

  g_clear_pointer (&ctx->team, g_free);
  if (ms_server_teams_is_team_tenant (ctx->link->tenant))
    {
      g_autofree char *role = NULL;

      if (!ms_server_storage_get_role (storage, ctx->link->tenant, ctx->link->created_by, &role,
                                       error) ||
          (role != NULL &&
           !team_has_feedback (storage, ctx->link->tenant, ctx->now, &has, error)))
        return FALSE;
      if (has)
        ctx->team = g_strdup (ctx->link->tenant);
      return TRUE;
    }
  tenants = ms_server_storage_list_tenants (storage, ctx->link->created_by, error);
  if (tenants == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (tenants) && ctx->team == NULL; i++)
    {
      JsonObject *t = json_array_get_object_element (tenants, i);
      const char *id = json_object_get_string_member_with_default (t, "id", NULL);

      if (id == NULL || !ms_server_teams_is_team_tenant (id))
        continue;
      if (!team_has_feedback (storage, id, ctx->now, &has, error))
        return FALSE;
      if (has)
        ctx->team = g_strdup (id);
    }
  return TRUE;
}

char *
ms_server_review_dup_team (MsServerStorage          *storage,
                           const MsServerShareLink  *link,
                           gint64                    now,
                           GError                  **error)
{
  TeamContext ctx = { link, now, NULL };

  if (!ms_server_storage_transaction (storage, FALSE, find_team, &ctx, error))
    {
      g_free (ctx.team);
      return NULL;
    }
  return ctx.team;
}

/* ------------------------------------------------------------------------ */
/* The form's token                                                          */

static gboolean
get_key (MsServerStorage  *storage,
         guint8            key[crypto_auth_hmacsha256_KEYBYTES],
         GError          **error)
{
  guint8 candidate[crypto_auth_hmacsha256_KEYBYTES];
  char candidate_hex[2 * sizeof candidate + 1];
  g_autofree char *secret = NULL;
  gsize n = 0;

  randombytes_buf (candidate, sizeof candidate);
  sodium_bin2hex (candidate_hex, sizeof candidate_hex, candidate, sizeof candidate);
  sodium_memzero (candidate, sizeof candidate);
  if (!ms_server_storage_get_secret (storage, "review_form", candidate_hex, &secret, error))
    return FALSE;
  sodium_memzero (candidate_hex, sizeof candidate_hex);
  if (secret == NULL ||
      sodium_hex2bin (key, crypto_auth_hmacsha256_KEYBYTES, secret, strlen (secret), NULL, &n,
                      NULL) != 0 || n != crypto_auth_hmacsha256_KEYBYTES)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_INTERNAL,
                           "the review form's secret is not 32 bytes in hex");
      return FALSE;
    }
  sodium_memzero (secret, strlen (secret));
  return TRUE;
}

static void
sign (const guint8  key[crypto_auth_hmacsha256_KEYBYTES],
      const char   *link_id,
      const guint8 *nonce_and_time,
      guint8        mac[crypto_auth_hmacsha256_BYTES])
{
  crypto_auth_hmacsha256_state state;

  crypto_auth_hmacsha256_init (&state, key, crypto_auth_hmacsha256_KEYBYTES);
  crypto_auth_hmacsha256_update (&state, (const guint8 *) "msgscore-feedback", 18);
  crypto_auth_hmacsha256_update (&state, (const guint8 *) link_id, strlen (link_id) + 1);
  crypto_auth_hmacsha256_update (&state, nonce_and_time, NONCE_BYTES + 8);
  crypto_auth_hmacsha256_final (&state, mac);
}

char *
ms_server_review_new_token (MsServerStorage          *storage,
                            const MsServerShareLink  *link,
                            gint64                    now,
                            GError                  **error)
{
  guint8 key[crypto_auth_hmacsha256_KEYBYTES];
  guint8 token[TOKEN_BYTES];
  char text[sodium_base64_ENCODED_LEN (TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  guint64 seconds = (guint64) (now / G_USEC_PER_SEC);

  if (!get_key (storage, key, error))
    return NULL;
  randombytes_buf (token, NONCE_BYTES);
  for (guint i = 0; i < 8; i++)
    token[NONCE_BYTES + i] = (guint8) (seconds >> (56 - 8 * i));
  sign (key, link->id, token, token + NONCE_BYTES + 8);
  sodium_memzero (key, sizeof key);
  sodium_bin2base64 (text, sizeof text, token, sizeof token,
                     sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return g_strdup (text);
}

/* The feedback id @csrf stands for, when it is this link's and fresh. */
static char *
check_token (MsServerStorage          *storage,
             const MsServerShareLink  *link,
             const char               *csrf,
             gint64                    now,
             GError                  **error)
{
  guint8 key[crypto_auth_hmacsha256_KEYBYTES];
  guint8 token[TOKEN_BYTES];
  guint8 mac[crypto_auth_hmacsha256_BYTES];
  guint8 digest[crypto_hash_sha256_BYTES];
  char hex[2 * 16 + 1];
  gsize n = 0;
  guint64 made = 0;
  gint64 minutes = MAX (1, ms_sync_limit ("feedback.form_minutes", "max"));
  gboolean ok;

  if (csrf == NULL || strlen (csrf) > 2 * TOKEN_BYTES ||
      sodium_base642bin (token, sizeof token, csrf, strlen (csrf), NULL, &n, NULL,
                         sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || n != TOKEN_BYTES)
    return refuse (error, MS_SERVER_REVIEW_ERROR_TOKEN), NULL;
  if (!get_key (storage, key, error))
    return NULL;
  sign (key, link->id, token, mac);
  sodium_memzero (key, sizeof key);
  ok = sodium_memcmp (mac, token + NONCE_BYTES + 8, sizeof mac) == 0;
  for (guint i = 0; i < 8; i++)
    made = (made << 8) | token[NONCE_BYTES + i];
  if (!ok || (gint64) made > now / G_USEC_PER_SEC + 60 ||
      (gint64) made < now / G_USEC_PER_SEC - minutes * 60)
    return refuse (error, MS_SERVER_REVIEW_ERROR_TOKEN), NULL;
  crypto_hash_sha256 (digest, token, NONCE_BYTES);
  sodium_bin2hex (hex, sizeof hex, digest, 16);
  return g_strconcat ("fb_", hex, NULL);
}

/* ------------------------------------------------------------------------ */
/* Sending                                                                   */

static gboolean
is_one_of (const char         *value,
           const char * const *choices)
{
  return value != NULL && g_strv_contains (choices, value);
}

static gboolean
put_text (JsonObject  *args,
          const char  *member,
          const char  *value,
          const char  *limit,
          MsServerReviewError code,
          GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (value != NULL ? value : ""));

  if (g_utf8_strlen (trimmed, -1) > ms_sync_limit (limit, "max_chars"))
    return refuse (error, code);
  if (*trimmed != '\0')
    json_object_set_string_member (args, member, trimmed);
  return TRUE;
}

/* The args of feedback.submit from @form, each field checked with its own refusal. */
static JsonObject *
form_to_args (const MsServerShareLink     *link,
              const MsServerShareSnapshot *snapshot,
              const MsServerReviewForm    *form,
              GError                     **error)
{
  g_autoptr(JsonObject) args = json_object_new ();
  g_autofree char *axes = NULL;
  const char *score = form->corrected_score != NULL ? g_strstrip (form->corrected_score) : "";

  if (!is_one_of (form->role, ms_feedback_roles))
    return refuse (error, MS_SERVER_REVIEW_ERROR_ROLE), NULL;
  if (!is_one_of (form->rating, ms_feedback_ratings))
    return refuse (error, MS_SERVER_REVIEW_ERROR_RATING), NULL;
  if (*score != '\0')
    {
      guint64 value = 0;

      if (!g_ascii_string_to_unsigned (score, 10, 0, 100, &value, NULL))
        return refuse (error, MS_SERVER_REVIEW_ERROR_SCORE), NULL;
      json_object_set_int_member (args, "corrected_score", (gint64) value);
    }
  axes = ms_feedback_normalize_axes (form->axes);
  if (axes == NULL)
    return refuse (error, MS_SERVER_REVIEW_ERROR_AXES), NULL;
  if (!put_text (args, "comment", form->comment, "feedback.comment",
                 MS_SERVER_REVIEW_ERROR_COMMENT, error) ||
      !put_text (args, "reviewer_name", form->reviewer_name, "feedback.name",
                 MS_SERVER_REVIEW_ERROR_NAME, error))
    return NULL;
  json_object_set_string_member (args, "axes", axes);
  json_object_set_string_member (args, "role", form->role);
  json_object_set_string_member (args, "rating", form->rating);
  json_object_set_string_member (args, "link_id", link->id);
  json_object_set_string_member (args, "shared_by", link->created_by);
  if (link->history_id != NULL)
    json_object_set_string_member (args, "history_id", link->history_id);
  if (link->title != NULL && *link->title != '\0')
    {
      g_autofree char *title = ms_server_share_dup_start (link->title, 80);

      json_object_set_string_member (args, "title", title);
    }
  json_object_set_int_member (args, "engine_total",
                              ms_score_result_get_total (snapshot->result));
  return g_steal_pointer (&args);
}

typedef struct
{
  TeamContext  team;
  JsonObject  *args;
} SubmitContext;

static gboolean
submit_in_transaction (MsServerStorage  *storage,
                       gpointer          user_data,
                       GError          **error)
{
  SubmitContext *ctx = user_data;

  if (!find_team (storage, &ctx->team, error))
    return FALSE;
  if (ctx->team.team == NULL)
    return refuse (error, MS_SERVER_REVIEW_ERROR_CLOSED);
  return ms_server_sync_apply_as_server (storage, ctx->team.team, "feedback.submit", ctx->args,
                                         ctx->team.now, error);
}

gboolean
ms_server_review_submit (MsServerStorage             *storage,
                         const MsServerShareLink     *link,
                         const MsServerShareSnapshot *snapshot,
                         const MsServerReviewForm    *form,
                         gint64                       now,
                         GError                     **error)
{
  g_autoptr(JsonObject) args = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GError) local_error = NULL;
  SubmitContext ctx = { { link, now, NULL }, NULL };
  gboolean ok;

  /* the token first: a form without one is refused whatever it holds */
  id = check_token (storage, link, form->csrf, now, error);
  if (id == NULL || (args = form_to_args (link, snapshot, form, error)) == NULL)
    return FALSE;
  json_object_set_string_member (args, "id", id);
  ctx.args = args;
  ok = ms_server_storage_transaction (storage, TRUE, submit_in_transaction, &ctx, &local_error);
  g_free (ctx.team.team);
  if (ok)
    return TRUE;
  if (g_error_matches (local_error, MS_SERVER_ERROR, MS_SERVER_ERROR_CONFLICT))
    return refuse (error, MS_SERVER_REVIEW_ERROR_USED);
  if (g_error_matches (local_error, MS_SERVER_ERROR, MS_SERVER_ERROR_UPGRADE_NEEDED))
    return refuse (error, MS_SERVER_REVIEW_ERROR_CLOSED);
  if (g_error_matches (local_error, MS_SERVER_ERROR, MS_SERVER_ERROR_INVALID_ARGS))
    return refuse (error, MS_SERVER_REVIEW_ERROR_FORM);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}
