/* ms-server-auth.c — accounts, passwords, bearer tokens, tenant authorisation
 *
 * Passwords: Argon2id through libsodium's crypto_pwhash_str (the string
 * carries its salt and limits, so the limits can grow later). Bearer tokens:
 * 32 random bytes, base64url without padding; the database keeps only their
 * SHA-256, with an expiry and a revocation time. An access token and its
 * refresh token form a session: signing out revokes both; refreshing
 * rotates the refresh token, and reusing a rotated one revokes the session.
 *
 * Sign-in failures are counted per email and client address (the storage's
 * login_failure table, so several server processes share the count).
 *
 * ms_server_authorize_tenant() is the one place that decides whether a user
 * may touch a tenant; every tenant-scoped route calls it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <string.h>
#include <sodium.h>
#include <glib/gi18n-lib.h>

#include "ms-server-auth.h"
#include "ms-server-json.h"
#include "sync/ms-mutation.h"

#define TOKEN_BYTES 32

gboolean
ms_server_auth_init (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "libsodium failed to start");
      return FALSE;
    }
  return TRUE;
}

char *
ms_server_auth_tenant_for_user (const char *user_id)
{
  return g_strconcat ("user:", user_id, NULL);
}

char *
ms_server_auth_hash_token (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

static char *
new_token (void)
{
  guint8 bytes[TOKEN_BYTES];
  char text[sodium_base64_ENCODED_LEN (TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2base64 (text, sizeof text, bytes, sizeof bytes,
                     sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (bytes, sizeof bytes);
  return g_strdup (text);
}

static void
get_limits (MsPwhashCost  cost,
            guint64      *opslimit,
            gsize        *memlimit)
{
  switch (cost)
    {
    case MS_PWHASH_MIN:
      *opslimit = crypto_pwhash_OPSLIMIT_MIN;
      *memlimit = crypto_pwhash_MEMLIMIT_MIN;
      break;
    case MS_PWHASH_MODERATE:
      *opslimit = crypto_pwhash_OPSLIMIT_MODERATE;
      *memlimit = crypto_pwhash_MEMLIMIT_MODERATE;
      break;
    case MS_PWHASH_INTERACTIVE:
    default:
      *opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
      *memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
      break;
    }
}

static char *
hash_password (const char    *password,
               MsPwhashCost   cost,
               GError       **error)
{
  char out[crypto_pwhash_STRBYTES];
  guint64 opslimit;
  gsize memlimit;

  get_limits (cost, &opslimit, &memlimit);
  if (crypto_pwhash_str (out, password, strlen (password), opslimit, memlimit) != 0)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_UNAVAILABLE,
                           _("The server is busy. Try again in a moment."));
      return NULL;
    }
  return g_strdup (out);
}

static gboolean
verify_password (const char *hash,
                 const char *password)
{
  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

/* ------------------------------------------------------------------------ */

static gboolean
malformed (GError     **error,
           const char  *message)
{
  g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED, message);
  return FALSE;
}

static char *
normalize_email (const char  *email,
                 GError     **error)
{
  g_autofree char *copy = NULL;
  const char *at;

  if (email == NULL || !g_utf8_validate (email, -1, NULL))
    return malformed (error, _("Enter your email address.")), NULL;
  copy = g_strstrip (g_utf8_strdown (email, -1));
  at = strchr (copy, '@');
  if (strlen (copy) > 254 || at == NULL || at == copy || at[1] == '\0' ||
      strchr (at + 1, '@') != NULL)
    return malformed (error, _("Enter a valid email address, such as name@example.jp.")), NULL;
  for (const char *p = copy; *p != '\0'; p++)
    if ((guchar) *p <= ' ')
      return malformed (error, _("Enter a valid email address, such as name@example.jp.")), NULL;
  return g_steal_pointer (&copy);
}

JsonObject *
ms_server_auth_user_to_json (const MsServerUser *user)
{
  JsonObject *o = json_object_new ();
  g_autofree char *tenant = ms_server_auth_tenant_for_user (user->id);

  json_object_set_string_member (o, "id", user->id);
  json_object_set_string_member (o, "email", user->email);
  json_object_set_string_member (o, "name", user->name);
  json_object_set_string_member (o, "plan", user->plan);
  json_object_set_string_member (o, "tenant", tenant);
  json_object_set_int_member (o, "created_at", user->created_at);
  return o;
}

/* Issues an access and a refresh token for @session_id. */
static JsonObject *
new_session (MsServerStorage           *storage,
             const MsServerAuthConfig  *config,
             const MsServerUser        *user,
             const char                *session_id,
             gint64                     now,
             GError                   **error)
{
  g_autoptr(JsonObject) o = json_object_new ();
  g_autofree char *access = new_token ();
  g_autofree char *refresh = new_token ();
  g_autofree char *access_hash = ms_server_auth_hash_token (access);
  g_autofree char *refresh_hash = ms_server_auth_hash_token (refresh);
  MsServerToken token = { user->id, (char *) session_id, now + config->access_ttl, FALSE };

  if (!ms_server_storage_add_token (storage, access_hash, "access", &token, error))
    return NULL;
  token.expires_at = now + config->refresh_ttl;
  if (!ms_server_storage_add_token (storage, refresh_hash, "refresh", &token, error))
    return NULL;

  json_object_set_string_member (o, "access_token", access);
  json_object_set_string_member (o, "refresh_token", refresh);
  json_object_set_string_member (o, "token_type", "Bearer");
  json_object_set_int_member (o, "expires_in", config->access_ttl / G_USEC_PER_SEC);
  json_object_set_int_member (o, "refresh_expires_in", config->refresh_ttl / G_USEC_PER_SEC);
  json_object_set_object_member (o, "user", ms_server_auth_user_to_json (user));
  return g_steal_pointer (&o);
}

/* ------------------------------------------------------------------------ */

/**
 * ms_server_auth_signup:
 *
 * Creates an account on the default plan with its personal tenant.
 *
 * Returns: (transfer full): the session of the new account
 */
JsonObject *
ms_server_auth_signup (MsServerStorage           *storage,
                       const MsServerAuthConfig  *config,
                       JsonObject                *request,
                       gint64                     now,
                       GError                   **error)
{
  g_autofree char *email = NULL;
  g_autofree char *name = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *id = NULL;
  g_autofree char *session_id = NULL;
  g_autofree char *tenant = NULL;
  const char *password, *raw_name;
  MsServerUser user = { 0 };
  glong name_len;

  email = normalize_email (ms_server_json_get_string (request, "email", FALSE, NULL), error);
  if (email == NULL)
    return NULL;
  password = ms_server_json_get_string (request, "password", FALSE, NULL);
  if (password == NULL || !g_utf8_validate (password, -1, NULL) || strlen (password) < 8 ||
      strlen (password) > 1024)
    return malformed (error, _("Choose a password of at least 8 characters.")), NULL;
  raw_name = ms_server_json_get_string (request, "name", FALSE, NULL);
  if (raw_name != NULL && g_utf8_validate (raw_name, -1, NULL))
    name = g_strstrip (g_strdup (raw_name));
  name_len = name != NULL ? g_utf8_strlen (name, -1) : 0;
  if (name_len < 1 || name_len > ms_sync_limit ("name", "max_chars"))
    {
      g_autofree char *message =
        /* Translators: %u is the most characters a name may have */
        g_strdup_printf (_("Enter your name (up to %u characters)."),
                         (guint) ms_sync_limit ("name", "max_chars"));

      return malformed (error, message), NULL;
    }

  hash = hash_password (password, config->pwhash_cost, error);
  if (hash == NULL)
    return NULL;

  id = g_uuid_string_random ();
  tenant = ms_server_auth_tenant_for_user (id);
  user.id = id;
  user.email = email;
  user.name = name;
  user.password_hash = hash;
  user.plan = (char *) "free";
  user.created_at = now;
  if (!ms_server_storage_create_user (storage, &user, tenant, error))
    {
      if (g_error_matches (*error, MS_SERVER_ERROR, MS_SERVER_ERROR_EMAIL_TAKEN))
        {
          g_clear_error (error);
          g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_EMAIL_TAKEN,
                               _("An account with this email address already exists. "
                                 "Sign in instead."));
        }
      return NULL;
    }

  session_id = g_uuid_string_random ();
  return new_session (storage, config, &user, session_id, now, error);
}

static const char *
get_dummy_hash (MsPwhashCost cost)
{
  static char *hashes[MS_PWHASH_MIN + 1];
  static GMutex lock;
  const char *hash;

  g_mutex_lock (&lock);
  if (hashes[cost] == NULL)
    hashes[cost] = hash_password ("not a password of anyone", cost, NULL);
  hash = hashes[cost];
  g_mutex_unlock (&lock);
  return hash;
}

/**
 * ms_server_auth_signin:
 * @address: the client's IP address, for rate limiting
 * @retry_after: (out): seconds to wait, set with %MS_SERVER_ERROR_RATE_LIMITED
 *
 * Returns: (transfer full): a new session
 */
JsonObject *
ms_server_auth_signin (MsServerStorage           *storage,
                       const MsServerAuthConfig  *config,
                       JsonObject                *request,
                       const char                *address,
                       gint64                     now,
                       gint64                    *retry_after,
                       GError                   **error)
{
  g_autofree char *email = NULL;
  g_autofree char *key = NULL;
  g_autofree char *session_id = NULL;
  g_autoptr(MsServerUser) user = NULL;
  const char *password;
  gboolean ok;
  gint64 oldest = 0;
  guint failures = 0;

  *retry_after = 0;
  email = normalize_email (ms_server_json_get_string (request, "email", FALSE, NULL), error);
  if (email == NULL)
    return NULL;
  password = ms_server_json_get_string (request, "password", FALSE, NULL);
  if (password == NULL || strlen (password) > 1024)
    return malformed (error, _("Enter your password.")), NULL;

  key = g_strconcat (email, "\x1f", address != NULL ? address : "", NULL);
  if (!ms_server_storage_count_login_failures (storage, key, now - config->failure_window,
                                               &failures, &oldest, error))
    return NULL;
  if (failures >= config->max_failures)
    {
      gint64 wait = oldest + config->failure_window - now;

      *retry_after = MAX (1, (wait + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_RATE_LIMITED,
                           _("Too many failed sign-ins. Wait a few minutes, then try again."));
      return NULL;
    }

  if (!ms_server_storage_find_user (storage, NULL, email, &user, error))
    return NULL;
  /* An unknown email costs the same time as a wrong password. */
  ok = verify_password (user != NULL ? user->password_hash : get_dummy_hash (config->pwhash_cost),
                        password) && user != NULL;
  if (!ok)
    {
      if (!ms_server_storage_add_login_failure (storage, key, now, error))
        return NULL;
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_INVALID_CREDENTIALS,
                           _("The email address or the password is wrong."));
      return NULL;
    }
  if (!ms_server_storage_clear_login_failures (storage, key, error))
    return NULL;

  session_id = g_uuid_string_random ();
  return new_session (storage, config, user, session_id, now, error);
}

static gboolean
invalid_token (GError **error)
{
  g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_INVALID_TOKEN,
                       _("You are signed out. Sign in again."));
  return FALSE;
}

static gboolean
token_expired (GError **error)
{
  g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_TOKEN_EXPIRED,
                       _("Your session has expired. Sign in again."));
  return FALSE;
}

/**
 * ms_server_auth_refresh:
 *
 * Returns: (transfer full): a new pair of tokens in the same session
 */
JsonObject *
ms_server_auth_refresh (MsServerStorage           *storage,
                        const MsServerAuthConfig  *config,
                        JsonObject                *request,
                        gint64                     now,
                        GError                   **error)
{
  g_autofree char *hash = NULL;
  g_autoptr(MsServerToken) token = NULL;
  g_autoptr(MsServerUser) user = NULL;
  const char *refresh;
  gboolean revoked = FALSE;

  refresh = ms_server_json_get_string (request, "refresh_token", TRUE, error);
  if (refresh == NULL)
    return NULL;
  hash = ms_server_auth_hash_token (refresh);
  if (!ms_server_storage_find_token (storage, hash, "refresh", &token, error))
    return NULL;
  if (token == NULL)
    return invalid_token (error), NULL;
  if (token->revoked)
    {
      /* A rotated refresh token used again: someone else may hold it. */
      if (!ms_server_storage_revoke_session (storage, token->session_id, now, error))
        return NULL;
      return invalid_token (error), NULL;
    }
  if (token->expires_at <= now)
    return token_expired (error), NULL;
  if (!ms_server_storage_revoke_token (storage, hash, now, &revoked, error))
    return NULL;
  if (!revoked)
    return invalid_token (error), NULL;
  if (!ms_server_storage_find_user (storage, token->user_id, NULL, &user, error))
    return NULL;
  if (user == NULL)
    return invalid_token (error), NULL;
  return new_session (storage, config, user, token->session_id, now, error);
}

/**
 * ms_server_auth_authenticate:
 * @session_id: (out) (optional): the session of the token
 *
 * Reads `Authorization: Bearer <token>`.
 *
 * Returns: (transfer full): the signed-in user
 */
MsServerUser *
ms_server_auth_authenticate (MsServerStorage    *storage,
                             SoupServerMessage  *msg,
                             gint64              now,
                             char              **session_id,
                             GError            **error)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *header = soup_message_headers_get_one (headers, "Authorization");
  g_autofree char *hash = NULL;
  g_autoptr(MsServerToken) token = NULL;
  g_autoptr(MsServerUser) user = NULL;

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0 || header[7] == '\0')
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_AUTH_REQUIRED,
                           _("Sign in to use this."));
      return NULL;
    }
  hash = ms_server_auth_hash_token (header + 7);
  if (!ms_server_storage_find_token (storage, hash, "access", &token, error))
    return NULL;
  if (token == NULL || token->revoked)
    return invalid_token (error), NULL;
  if (token->expires_at <= now)
    return token_expired (error), NULL;
  if (!ms_server_storage_find_user (storage, token->user_id, NULL, &user, error))
    return NULL;
  if (user == NULL)
    return invalid_token (error), NULL;
  if (session_id != NULL)
    *session_id = g_steal_pointer (&token->session_id);
  return g_steal_pointer (&user);
}

gboolean
ms_server_auth_signout (MsServerStorage  *storage,
                        const char       *session_id,
                        gint64            now,
                        GError          **error)
{
  return ms_server_storage_revoke_session (storage, session_id, now, error);
}

/**
 * ms_server_authorize_tenant:
 * @role: (out) (optional): the user's role in @tenant
 *
 * The one check of tenant access: @user must be a member of @tenant.
 * Fails with %MS_SERVER_ERROR_FORBIDDEN_TENANT otherwise (unknown tenants
 * included, so a caller cannot learn which tenants exist).
 */
gboolean
ms_server_authorize_tenant (MsServerStorage     *storage,
                            const MsServerUser  *user,
                            const char          *tenant,
                            char               **role,
                            GError             **error)
{
  g_autofree char *found = NULL;

  g_return_val_if_fail (user != NULL, FALSE);

  if (tenant != NULL && *tenant != '\0' && strlen (tenant) <= 200 &&
      !ms_server_storage_get_role (storage, tenant, user->id, &found, error))
    return FALSE;
  if (found == NULL)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_FORBIDDEN_TENANT,
                           _("You are not a member of this workspace."));
      return FALSE;
    }
  if (role != NULL)
    *role = g_steal_pointer (&found);
  return TRUE;
}
