/* ms-server-auth.c — accounts, passwords, bearer tokens, tenant authorisation
 *
 * Passwords: Argon2id through libsodium's crypto_pwhash_str (the string
 * carries its salt and limits, so the limits can grow later). Bearer tokens:
 * 32 random bytes, base64url without padding; the database keeps only their
 * SHA-256, with an expiry and a revocation time. An access token and its
 * refresh token form a session: signing out revokes both; refreshing
 * rotates both (the access tokens issued before stop working at once), and
 * reusing a rotated refresh token revokes the session.
 *
 * Hashing and checking a password take tens of milliseconds of CPU and 64 MiB
 * each, so the routes run them on a worker pool (ms-server-hasher.c); each
 * route is split around it: *_begin() validates and reads what it needs,
 * *_end() writes. ms_server_auth_signup() and ms_server_auth_signin() do all
 * three in the calling thread (seeding, fuzzing).
 *
 * Sign-in failures are counted per email and client address, and per
 * address alone (a password spray over many accounts), in the storage's
 * login_failure table so several server processes share the counts. Its
 * keys are keyed hashes (HMAC-SHA256 with a secret kept in the database),
 * never an email or an address. Besides, the server limits sign-ins per
 * second in all (ms_server_bucket_take()).
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

#include "ms-account-policy.h"
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

/**
 * ms_server_auth_hash_password:
 *
 * Argon2id with @cost's limits. Slow on purpose: not on the main loop.
 */
char *
ms_server_auth_hash_password (const char    *password,
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

static const char *
get_dummy_hash (MsPwhashCost cost)
{
  static char *hashes[MS_PWHASH_MIN + 1];
  static GMutex lock;
  const char *hash;

  g_mutex_lock (&lock);
  if (hashes[cost] == NULL)
    hashes[cost] = ms_server_auth_hash_password ("not a password of anyone", cost, NULL);
  hash = hashes[cost];
  g_mutex_unlock (&lock);
  return hash;
}

/**
 * ms_server_auth_verify_password:
 * @hash: (nullable): the account's hash; NULL for an unknown account, which
 *   costs the same time and fails
 *
 * Slow on purpose: not on the main loop.
 */
gboolean
ms_server_auth_verify_password (const char   *hash,
                                const char   *password,
                                MsPwhashCost  cost)
{
  const char *checked = hash != NULL ? hash : get_dummy_hash (cost);

  return checked != NULL &&
         crypto_pwhash_str_verify (checked, password, strlen (password)) == 0 && hash != NULL;
}

/**
 * ms_server_bucket_take:
 * @rate: tokens added per second
 * @burst: the most the bucket holds
 *
 * Returns: TRUE if a token was there to take
 */
gboolean
ms_server_bucket_take (MsServerBucket *bucket,
                       double          rate,
                       double          burst,
                       gint64          now)
{
  if (bucket->updated == 0 || now < bucket->updated)
    bucket->tokens = burst;
  else
    bucket->tokens = MIN (burst, bucket->tokens +
                                 (now - bucket->updated) * rate / G_USEC_PER_SEC);
  bucket->updated = now;
  if (bucket->tokens < 1.0)
    return FALSE;
  bucket->tokens -= 1.0;
  return TRUE;
}

/* ------------------------------------------------------------------------ */

static gboolean
malformed (GError     **error,
           const char  *message)
{
  g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED, message);
  return FALSE;
}

/**
 * ms_server_auth_normalize_email:
 *
 * ms_account_normalize_email(), its error a 400 (malformed).
 *
 * Returns: (transfer full): the address as accounts and invitations keep it
 */
char *
ms_server_auth_normalize_email (const char  *email,
                                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *normalized = ms_account_normalize_email (email, &local_error);

  if (normalized == NULL)
    malformed (error, local_error->message);
  return normalized;
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

struct _MsServerSignup
{
  char *email;
  char *name;
  char *password;
};

void
ms_server_signup_free (MsServerSignup *signup)
{
  if (signup == NULL)
    return;
  g_free (signup->email);
  g_free (signup->name);
  if (signup->password != NULL)
    sodium_memzero (signup->password, strlen (signup->password));
  g_free (signup->password);
  g_free (signup);
}

const char *
ms_server_signup_get_password (MsServerSignup *signup)
{
  return signup->password;
}

/**
 * ms_server_auth_signup_begin:
 *
 * Validates a sign-up request; hash its password, then call
 * ms_server_auth_signup_end().
 */
MsServerSignup *
ms_server_auth_signup_begin (JsonObject  *request,
                             GError     **error)
{
  g_autoptr(MsServerSignup) signup = g_new0 (MsServerSignup, 1);
  g_autoptr(GError) local_error = NULL;
  const char *password, *raw_name;
  glong name_len;

  signup->email = ms_server_auth_normalize_email (ms_server_json_get_string (request, "email", FALSE, NULL),
                                   error);
  if (signup->email == NULL)
    return NULL;
  password = ms_server_json_get_string (request, "password", FALSE, NULL);
  if (!ms_account_check_password (password, signup->email, &local_error))
    return malformed (error, local_error->message), NULL;
  raw_name = ms_server_json_get_string (request, "name", FALSE, NULL);
  if (raw_name != NULL && g_utf8_validate (raw_name, -1, NULL))
    signup->name = g_strstrip (g_strdup (raw_name));
  name_len = signup->name != NULL ? g_utf8_strlen (signup->name, -1) : 0;
  if (name_len < 1 || name_len > ms_sync_limit ("name", "max_chars"))
    {
      g_autofree char *message =
        /* Translators: %u is the most characters a name may have */
        g_strdup_printf (_("Enter your name (up to %u characters)."),
                         (guint) ms_sync_limit ("name", "max_chars"));

      return malformed (error, message), NULL;
    }
  signup->password = g_strdup (password);
  return g_steal_pointer (&signup);
}

/**
 * ms_server_auth_signup_end:
 * @hash: the password's hash (ms_server_auth_hash_password())
 *
 * Creates the account on the default plan with its personal tenant.
 *
 * Returns: (transfer full): the session of the new account
 */
JsonObject *
ms_server_auth_signup_end (MsServerStorage           *storage,
                           const MsServerAuthConfig  *config,
                           MsServerSignup            *signup,
                           const char                *hash,
                           gint64                     now,
                           GError                   **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *tenant = ms_server_auth_tenant_for_user (id);
  g_autofree char *session_id = NULL;
  MsServerUser user = { 0 };

  user.id = id;
  user.email = signup->email;
  user.name = signup->name;
  user.password_hash = (char *) hash;
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

/**
 * ms_server_auth_signup:
 *
 * All of a sign-up in the calling thread, password hashing included.
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
  g_autoptr(MsServerSignup) signup = NULL;
  g_autofree char *hash = NULL;

  signup = ms_server_auth_signup_begin (request, error);
  if (signup == NULL)
    return NULL;
  hash = ms_server_auth_hash_password (signup->password, config->pwhash_cost, error);
  if (hash == NULL)
    return NULL;
  return ms_server_auth_signup_end (storage, config, signup, hash, now, error);
}

struct _MsServerSignin
{
  char         *password;
  char         *pair_key;      /* keyed hashes of email + address, and of the address */
  char         *address_key;
  MsServerUser *user;          /* NULL for an unknown email */
};

void
ms_server_signin_free (MsServerSignin *signin)
{
  if (signin == NULL)
    return;
  if (signin->password != NULL)
    sodium_memzero (signin->password, strlen (signin->password));
  g_free (signin->password);
  g_free (signin->pair_key);
  g_free (signin->address_key);
  g_clear_pointer (&signin->user, ms_server_user_free);
  g_free (signin);
}

const char *
ms_server_signin_get_password (MsServerSignin *signin)
{
  return signin->password;
}

/* NULL for an unknown account */
const char *
ms_server_signin_get_hash (MsServerSignin *signin)
{
  return signin->user != NULL ? signin->user->password_hash : NULL;
}

/* The failure counter's key for @text: HMAC-SHA256 with the database's
 * secret, so the table never names an email or an address. */
static char *
failure_key (MsServerStorage  *storage,
             const char       *text,
             GError          **error)
{
  guint8 candidate[32];
  char candidate_hex[65];
  g_autofree char *secret = NULL;

  randombytes_buf (candidate, sizeof candidate);
  sodium_bin2hex (candidate_hex, sizeof candidate_hex, candidate, sizeof candidate);
  if (!ms_server_storage_get_secret (storage, "login_failure", candidate_hex, &secret, error))
    return NULL;
  return g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) secret, strlen (secret),
                                    text, -1);
}

static gboolean
check_failures (MsServerStorage           *storage,
                const MsServerAuthConfig  *config,
                const char                *key,
                guint                      max,
                gint64                     now,
                gint64                    *retry_after,
                GError                   **error)
{
  gint64 oldest = 0;
  guint failures = 0;

  if (!ms_server_storage_count_login_failures (storage, key, now - config->failure_window,
                                               &failures, &oldest, error))
    return FALSE;
  if (failures >= max)
    {
      gint64 wait = oldest + config->failure_window - now;

      *retry_after = MAX (1, (wait + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_RATE_LIMITED,
                           _("Too many failed sign-ins. Wait a few minutes, then try again."));
      return FALSE;
    }
  return TRUE;
}

/**
 * ms_server_auth_signin_begin:
 * @address: the client's IP address, for rate limiting
 * @retry_after: (out): seconds to wait, set with %MS_SERVER_ERROR_RATE_LIMITED
 *
 * Validates a sign-in request, checks the failure counts and finds the
 * account; check the password against ms_server_signin_get_hash(), then
 * call ms_server_auth_signin_end().
 */
MsServerSignin *
ms_server_auth_signin_begin (MsServerStorage           *storage,
                             const MsServerAuthConfig  *config,
                             JsonObject                *request,
                             const char                *address,
                             gint64                     now,
                             gint64                    *retry_after,
                             GError                   **error)
{
  g_autoptr(MsServerSignin) signin = g_new0 (MsServerSignin, 1);
  g_autofree char *email = NULL;
  g_autofree char *pair = NULL;
  g_autofree char *alone = NULL;
  const char *password;

  *retry_after = 0;
  email = ms_server_auth_normalize_email (ms_server_json_get_string (request, "email", FALSE, NULL), error);
  if (email == NULL)
    return NULL;
  password = ms_server_json_get_string (request, "password", FALSE, NULL);
  if (password == NULL || *password == '\0' || strlen (password) > MS_PASSWORD_MAX_BYTES)
    return malformed (error, _("Enter your password.")), NULL;

  pair = g_strconcat ("pair\x1f", email, "\x1f", address != NULL ? address : "", NULL);
  alone = g_strconcat ("address\x1f", address != NULL ? address : "", NULL);
  if ((signin->pair_key = failure_key (storage, pair, error)) == NULL ||
      (signin->address_key = failure_key (storage, alone, error)) == NULL ||
      !check_failures (storage, config, signin->pair_key, config->max_failures, now,
                       retry_after, error) ||
      !check_failures (storage, config, signin->address_key, config->max_address_failures, now,
                       retry_after, error))
    return NULL;

  if (!ms_server_storage_find_user (storage, NULL, email, &signin->user, error))
    return NULL;
  signin->password = g_strdup (password);
  return g_steal_pointer (&signin);
}

/**
 * ms_server_auth_signin_end:
 * @verified: whether the password matched the account's hash
 *
 * Returns: (transfer full): a new session
 */
JsonObject *
ms_server_auth_signin_end (MsServerStorage           *storage,
                           const MsServerAuthConfig  *config,
                           MsServerSignin            *signin,
                           gboolean                   verified,
                           gint64                     now,
                           GError                   **error)
{
  g_autofree char *session_id = NULL;

  if (!verified || signin->user == NULL)
    {
      if (!ms_server_storage_add_login_failure (storage, signin->pair_key, now, error) ||
          !ms_server_storage_add_login_failure (storage, signin->address_key, now, error))
        return NULL;
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_INVALID_CREDENTIALS,
                           _("The email address or the password is wrong."));
      return NULL;
    }
  if (!ms_server_storage_clear_login_failures (storage, signin->pair_key, error))
    return NULL;

  session_id = g_uuid_string_random ();
  return new_session (storage, config, signin->user, session_id, now, error);
}

/**
 * ms_server_auth_signin:
 * @address: the client's IP address, for rate limiting
 * @retry_after: (out): seconds to wait, set with %MS_SERVER_ERROR_RATE_LIMITED
 *
 * All of a sign-in in the calling thread, the password check included.
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
  g_autoptr(MsServerSignin) signin = NULL;
  gboolean verified;

  signin = ms_server_auth_signin_begin (storage, config, request, address, now, retry_after,
                                        error);
  if (signin == NULL)
    return NULL;
  verified = ms_server_auth_verify_password (ms_server_signin_get_hash (signin),
                                             signin->password, config->pwhash_cost);
  return ms_server_auth_signin_end (storage, config, signin, verified, now, error);
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
      if (!ms_server_storage_revoke_session (storage, token->session_id, NULL, now, error))
        return NULL;
      return invalid_token (error), NULL;
    }
  if (token->expires_at <= now)
    return token_expired (error), NULL;
  if (!ms_server_storage_revoke_token (storage, hash, now, &revoked, error))
    return NULL;
  if (!revoked)
    return invalid_token (error), NULL;
  /* The new pair replaces the old one whole: its access token stops too. */
  if (!ms_server_storage_revoke_session (storage, token->session_id, "access", now, error))
    return NULL;
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
  if (!ms_server_storage_find_token_user (storage, hash, "access", &token, &user, error))
    return NULL;
  if (token == NULL || token->revoked)
    return invalid_token (error), NULL;
  if (token->expires_at <= now)
    return token_expired (error), NULL;
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
  return ms_server_storage_revoke_session (storage, session_id, NULL, now, error);
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
