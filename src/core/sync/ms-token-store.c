/* ms-token-store.c — where the sign-in tokens are kept
 *
 * The tokens (a JSON text the sync client writes: access and refresh token,
 * account email) are a secret, kept per server and per profile (its sync
 * client id):
 *
 *   keyring      the default: the Secret Service (GNOME Keyring, KWallet…)
 *                through libsecret. Without one, signing in fails with a
 *                clear error (MS_SYNC_ERROR_NO_KEYRING) — never a silent
 *                fallback to a plain file.
 *   memory       for tests, and for a headless one-shot `msgscore-cli
 *                --token-store memory sync --email … --password-stdin`:
 *                forgotten when the process ends.
 *   file:PATH    for tests and headless machines without a keyring, chosen
 *                explicitly with MSGSCORE_TOKEN_STORE=file:PATH: a JSON file
 *                written with mode 0600. Anyone who can read it can act as
 *                the account.
 *
 * Calls are synchronous: libsecret's D-Bus round trip takes milliseconds and
 * happens on sign-in, sign-out and when the client starts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>

#include "ms-sync-error.h"
#include "ms-token-store.h"

typedef enum
{
  KIND_KEYRING,
  KIND_MEMORY,
  KIND_FILE,
} Kind;

struct _MsTokenStore
{
  GObject     parent_instance;
  Kind        kind;
  char       *path;     /* KIND_FILE */
  GHashTable *memory;   /* KIND_MEMORY: key → secret */
};

G_DEFINE_FINAL_TYPE (MsTokenStore, ms_token_store, G_TYPE_OBJECT)

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    .name = "io.github.msgscore.MsgScore.Token",
    .flags = SECRET_SCHEMA_NONE,
    .attributes = {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "client-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };
  return &schema;
}

static char *
make_key (const char *server,
          const char *client_id)
{
  return g_strconcat (server, " ", client_id, NULL);
}

static void
set_keyring_error (GError  *cause,
                   GError **error)
{
  g_set_error (error, MS_SYNC_ERROR, MS_SYNC_ERROR_NO_KEYRING,
               /* Translators: %s is the system's reason */
               _("No keyring is available to keep your sign-in safe (%s). Start GNOME Keyring "
                 "or another Secret Service and try again. On a machine without one, choose a "
                 "token file explicitly with MSGSCORE_TOKEN_STORE=file:PATH."),
               cause != NULL ? cause->message : "");
}

/* KIND_FILE: the whole file as an object, key → secret. */
static JsonObject *
read_file (MsTokenStore  *self,
           GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (self->path, &contents, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return json_object_new ();
      g_set_error (error, MS_SYNC_ERROR, MS_SYNC_ERROR_TOKEN_STORE,
                   /* Translators: %s is the system's reason */
                   _("The token file cannot be read (%s). Check MSGSCORE_TOKEN_STORE."),
                   local_error->message);
      return NULL;
    }
  node = json_from_string (contents, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return json_object_new ();  /* damaged: signing in again rewrites it */
  return json_object_ref (json_node_get_object (node));
}

static gboolean
write_file (MsTokenStore  *self,
            JsonObject    *object,
            GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;

  json_node_set_object (node, object);
  text = json_to_string (node, TRUE);
  if (!g_file_set_contents_full (self->path, text, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_set_error (error, MS_SYNC_ERROR, MS_SYNC_ERROR_TOKEN_STORE,
                   /* Translators: %s is the system's reason */
                   _("The token file cannot be written (%s). Check MSGSCORE_TOKEN_STORE."),
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */

static void
ms_token_store_finalize (GObject *object)
{
  MsTokenStore *self = (MsTokenStore *) object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->memory, g_hash_table_unref);

  G_OBJECT_CLASS (ms_token_store_parent_class)->finalize (object);
}

static void
ms_token_store_class_init (MsTokenStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ms_token_store_finalize;
}

static void
ms_token_store_init (MsTokenStore *self)
{
}

/* ------------------------------------------------------------------------ */

MsTokenStore *
ms_token_store_new_keyring (void)
{
  MsTokenStore *self = g_object_new (MS_TYPE_TOKEN_STORE, NULL);

  self->kind = KIND_KEYRING;
  return self;
}

MsTokenStore *
ms_token_store_new_memory (void)
{
  MsTokenStore *self = g_object_new (MS_TYPE_TOKEN_STORE, NULL);

  self->kind = KIND_MEMORY;
  self->memory = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

MsTokenStore *
ms_token_store_new_file (const char *path)
{
  MsTokenStore *self;

  g_return_val_if_fail (path != NULL && *path != '\0', NULL);

  self = g_object_new (MS_TYPE_TOKEN_STORE, NULL);
  self->kind = KIND_FILE;
  self->path = g_strdup (path);
  return self;
}

/**
 * ms_token_store_new_for_spec:
 * @spec: (nullable): "keyring", "memory" or "file:PATH"; NULL or "" for
 *   "keyring"
 */
MsTokenStore *
ms_token_store_new_for_spec (const char  *spec,
                             GError     **error)
{
  if (spec == NULL || *spec == '\0' || g_str_equal (spec, "keyring"))
    return ms_token_store_new_keyring ();
  if (g_str_equal (spec, "memory"))
    return ms_token_store_new_memory ();
  if (g_str_has_prefix (spec, "file:") && spec[5] != '\0')
    return ms_token_store_new_file (spec + 5);

  g_set_error (error, MS_SYNC_ERROR, MS_SYNC_ERROR_TOKEN_STORE,
               /* Translators: %s is what was given */
               _("Unknown token store “%s”. Use keyring (the default), memory or file:PATH."),
               spec);
  return NULL;
}

/**
 * ms_token_store_new_default:
 *
 * Returns: the store named by $MSGSCORE_TOKEN_STORE, else the keyring
 */
MsTokenStore *
ms_token_store_new_default (GError **error)
{
  return ms_token_store_new_for_spec (g_getenv (MS_TOKEN_STORE_ENV), error);
}

/**
 * ms_token_store_get_kind:
 *
 * Returns: "keyring", "memory" or "file"
 */
const char *
ms_token_store_get_kind (MsTokenStore *self)
{
  static const char * const names[] = { "keyring", "memory", "file" };

  g_return_val_if_fail (MS_IS_TOKEN_STORE (self), NULL);
  return names[self->kind];
}

/**
 * ms_token_store_lookup:
 *
 * Returns: (transfer full) (nullable): the secret, or NULL without an error
 *   when none is kept
 */
char *
ms_token_store_lookup (MsTokenStore  *self,
                       const char    *server,
                       const char    *client_id,
                       GError       **error)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (MS_IS_TOKEN_STORE (self), NULL);
  g_return_val_if_fail (server != NULL && client_id != NULL, NULL);

  key = make_key (server, client_id);
  switch (self->kind)
    {
    case KIND_MEMORY:
      return g_strdup (g_hash_table_lookup (self->memory, key));

    case KIND_FILE:
      {
        g_autoptr(JsonObject) object = read_file (self, error);

        if (object == NULL)
          return NULL;
        if (!json_object_has_member (object, key))
          return NULL;
        return g_strdup (json_object_get_string_member_with_default (object, key, NULL));
      }

    case KIND_KEYRING:
    default:
      {
        g_autoptr(GError) local_error = NULL;
        char *secret;

        secret = secret_password_lookup_sync (get_schema (), NULL, &local_error,
                                              "server", server, "client-id", client_id, NULL);
        if (local_error != NULL)
          {
            set_keyring_error (local_error, error);
            return NULL;
          }
        if (secret == NULL)
          return NULL;
        {
          char *copy = g_strdup (secret);

          secret_password_free (secret);
          return copy;
        }
      }
    }
}

gboolean
ms_token_store_save (MsTokenStore  *self,
                     const char    *server,
                     const char    *client_id,
                     const char    *secret,
                     GError       **error)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (MS_IS_TOKEN_STORE (self), FALSE);
  g_return_val_if_fail (server != NULL && client_id != NULL && secret != NULL, FALSE);

  key = make_key (server, client_id);
  switch (self->kind)
    {
    case KIND_MEMORY:
      g_hash_table_replace (self->memory, g_steal_pointer (&key), g_strdup (secret));
      return TRUE;

    case KIND_FILE:
      {
        g_autoptr(JsonObject) object = read_file (self, error);

        if (object == NULL)
          return FALSE;
        json_object_set_string_member (object, key, secret);
        return write_file (self, object, error);
      }

    case KIND_KEYRING:
    default:
      {
        g_autoptr(GError) local_error = NULL;
        g_autofree char *label = NULL;

        /* Translators: the label of the secret in the keyring; %s is the server */
        label = g_strdup_printf (_("MsgScore sign-in for %s"), server);
        if (!secret_password_store_sync (get_schema (), SECRET_COLLECTION_DEFAULT, label,
                                         secret, NULL, &local_error,
                                         "server", server, "client-id", client_id, NULL))
          {
            set_keyring_error (local_error, error);
            return FALSE;
          }
        return TRUE;
      }
    }
}

gboolean
ms_token_store_clear (MsTokenStore  *self,
                      const char    *server,
                      const char    *client_id,
                      GError       **error)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (MS_IS_TOKEN_STORE (self), FALSE);
  g_return_val_if_fail (server != NULL && client_id != NULL, FALSE);

  key = make_key (server, client_id);
  switch (self->kind)
    {
    case KIND_MEMORY:
      g_hash_table_remove (self->memory, key);
      return TRUE;

    case KIND_FILE:
      {
        g_autoptr(JsonObject) object = read_file (self, error);

        if (object == NULL)
          return FALSE;
        if (!json_object_has_member (object, key))
          return TRUE;
        json_object_remove_member (object, key);
        return write_file (self, object, error);
      }

    case KIND_KEYRING:
    default:
      {
        g_autoptr(GError) local_error = NULL;

        secret_password_clear_sync (get_schema (), NULL, &local_error,
                                    "server", server, "client-id", client_id, NULL);
        if (local_error != NULL)
          {
            set_keyring_error (local_error, error);
            return FALSE;
          }
        return TRUE;
      }
    }
}
