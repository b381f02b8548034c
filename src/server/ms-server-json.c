/* ms-server-json.c — errors, request bodies and JSON replies of msgscore-server
 *
 * Every error a client sees is {"error": {"code", "message"}} with the HTTP
 * status of its MsServerError (README-sync.md). Messages are for people and
 * translated; clients act on the code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ms-json-guard.h"
#include "ms-server-json.h"

G_DEFINE_QUARK (ms-server-error-quark, ms_server_error)

typedef struct
{
  const char *code;
  guint       status;
} ErrorInfo;

static const ErrorInfo error_info[] = {
  [MS_SERVER_ERROR_INTERNAL] = { "internal", SOUP_STATUS_INTERNAL_SERVER_ERROR },
  [MS_SERVER_ERROR_MALFORMED] = { "malformed", SOUP_STATUS_BAD_REQUEST },
  [MS_SERVER_ERROR_AUTH_REQUIRED] = { "auth_required", SOUP_STATUS_UNAUTHORIZED },
  [MS_SERVER_ERROR_INVALID_TOKEN] = { "invalid_token", SOUP_STATUS_UNAUTHORIZED },
  [MS_SERVER_ERROR_TOKEN_EXPIRED] = { "token_expired", SOUP_STATUS_UNAUTHORIZED },
  [MS_SERVER_ERROR_INVALID_CREDENTIALS] = { "invalid_credentials", SOUP_STATUS_UNAUTHORIZED },
  [MS_SERVER_ERROR_FORBIDDEN_TENANT] = { "forbidden_tenant", SOUP_STATUS_FORBIDDEN },
  [MS_SERVER_ERROR_NOT_FOUND] = { "not_found", SOUP_STATUS_NOT_FOUND },
  [MS_SERVER_ERROR_METHOD_NOT_ALLOWED] = { "method_not_allowed", SOUP_STATUS_METHOD_NOT_ALLOWED },
  [MS_SERVER_ERROR_MUTATION_GAP] = { "mutation_gap", SOUP_STATUS_CONFLICT },
  [MS_SERVER_ERROR_EMAIL_TAKEN] = { "email_taken", SOUP_STATUS_CONFLICT },
  [MS_SERVER_ERROR_LENGTH_REQUIRED] = { "length_required", SOUP_STATUS_LENGTH_REQUIRED },
  [MS_SERVER_ERROR_TOO_LARGE] = { "too_large", SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE },
  [MS_SERVER_ERROR_UPGRADE_REQUIRED] = { "upgrade_required", SOUP_STATUS_UNPROCESSABLE_ENTITY },
  [MS_SERVER_ERROR_RATE_LIMITED] = { "rate_limited", 429 },
  [MS_SERVER_ERROR_UNAVAILABLE] = { "unavailable", SOUP_STATUS_SERVICE_UNAVAILABLE },
  [MS_SERVER_ERROR_INVALID_ARGS] = { "invalid_args", SOUP_STATUS_BAD_REQUEST },
  [MS_SERVER_ERROR_UNKNOWN_MUTATION] = { "unknown_mutation", SOUP_STATUS_BAD_REQUEST },
  [MS_SERVER_ERROR_ROW_NOT_FOUND] = { "not_found", SOUP_STATUS_NOT_FOUND },
  [MS_SERVER_ERROR_CONFLICT] = { "conflict", SOUP_STATUS_CONFLICT },
  [MS_SERVER_ERROR_LIMIT_REACHED] = { "limit_reached", SOUP_STATUS_UNPROCESSABLE_ENTITY },
  [MS_SERVER_ERROR_FORBIDDEN_ROLE] = { "forbidden_role", SOUP_STATUS_FORBIDDEN },
  [MS_SERVER_ERROR_SEATS_FULL] = { "seats_full", SOUP_STATUS_CONFLICT },
  [MS_SERVER_ERROR_LAST_OWNER] = { "last_owner", SOUP_STATUS_CONFLICT },
  [MS_SERVER_ERROR_INVITE_NOT_FOUND] = { "invite_not_found", SOUP_STATUS_NOT_FOUND },
  [MS_SERVER_ERROR_INVITE_EXPIRED] = { "invite_expired", SOUP_STATUS_GONE },
  [MS_SERVER_ERROR_INVITE_USED] = { "invite_used", SOUP_STATUS_GONE },
  [MS_SERVER_ERROR_INVITE_WRONG_ACCOUNT] = { "invite_wrong_account", SOUP_STATUS_FORBIDDEN },
  [MS_SERVER_ERROR_UPGRADE_NEEDED] = { "upgrade_needed", SOUP_STATUS_PAYMENT_REQUIRED },
};

const char *
ms_server_error_code (const GError *error)
{
  if (error->domain != MS_SERVER_ERROR || (guint) error->code >= G_N_ELEMENTS (error_info))
    return "internal";
  return error_info[error->code].code;
}

guint
ms_server_error_status (const GError *error)
{
  if (error->domain != MS_SERVER_ERROR || (guint) error->code >= G_N_ELEMENTS (error_info))
    return SOUP_STATUS_INTERNAL_SERVER_ERROR;
  return error_info[error->code].status;
}

JsonObject *
ms_server_error_to_json (const GError *error)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "code", ms_server_error_code (error));
  if (error->domain == MS_SERVER_ERROR)
    json_object_set_string_member (o, "message", error->message);
  else
    /* Never hand out an SQLite or I/O message: it can name files and queries. */
    json_object_set_string_member (o, "message",
                                   _("The server could not complete the request. "
                                     "Try again later."));
  return o;
}

/* ------------------------------------------------------------------------ */

void
ms_server_reply_json (SoupServerMessage *msg,
                      guint              status,
                      JsonNode          *node)
{
  gsize length = 0;
  char *text = json_to_string (node, FALSE);

  length = strlen (text);
  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, length);
}

void
ms_server_reply_object (SoupServerMessage *msg,
                        guint              status,
                        JsonObject        *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  ms_server_reply_json (msg, status, node);
}

/**
 * ms_server_reply_error:
 * @extra: (nullable): members added to the error object (expected_id, …)
 */
void
ms_server_reply_error (SoupServerMessage *msg,
                       const GError      *error,
                       JsonObject        *extra)
{
  g_autoptr(JsonObject) root = json_object_new ();
  JsonObject *e = ms_server_error_to_json (error);

  if (extra != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, extra);
      while (json_object_iter_next (&iter, &name, &value))
        json_object_set_member (e, name, json_node_copy (value));
    }
  json_object_set_object_member (root, "error", e);
  ms_server_reply_object (msg, ms_server_error_status (error), root);
}

/* ------------------------------------------------------------------------ */

/**
 * ms_server_json_check_length:
 *
 * Called from the early handler, before the body is read: a body needs a
 * Content-Length that is a number no larger than @max_bytes.
 */
gboolean
ms_server_json_check_length (SoupServerMessage  *msg,
                             gsize               max_bytes,
                             GError            **error)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupEncoding encoding = soup_message_headers_get_encoding (headers);
  const char *declared = soup_message_headers_get_one (headers, "Content-Length");
  goffset length;

  /* libsoup reads "-1" or "+5" or 99999999999999999999 as a length; only
   * up to 18 digits are one. */
  if (declared != NULL && encoding == SOUP_ENCODING_CONTENT_LENGTH &&
      (*declared == '\0' || strlen (declared) > 18 ||
       strspn (declared, "0123456789") != strlen (declared)))
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                           _("The Content-Length header is not a number of bytes."));
      return FALSE;
    }
  if (encoding == SOUP_ENCODING_NONE)
    return TRUE;
  if (encoding != SOUP_ENCODING_CONTENT_LENGTH)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_LENGTH_REQUIRED,
                           _("Send the request body with a Content-Length."));
      return FALSE;
    }
  length = soup_message_headers_get_content_length (headers);
  if (length < 0 || (guint64) length > max_bytes)
    {
      g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_TOO_LARGE,
                   /* Translators: %lu is a number of bytes */
                   _("The request is larger than %lu bytes. Send less at a time."),
                   (gulong) max_bytes);
      return FALSE;
    }
  return TRUE;
}

/**
 * ms_server_json_parse_body:
 * @max_bytes: the largest body accepted
 *
 * Parses the body through ms_json_guard_parse(): bounded in size and
 * nesting, and with no NUL in any string.
 *
 * Returns: (transfer full): the body's top-level object
 */
JsonObject *
ms_server_json_parse_body (SoupServerMessage  *msg,
                           gsize               max_bytes,
                           GError            **error)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  const MsJsonLimits limits = { max_bytes, MS_JSON_MAX_DEPTH_REQUEST };
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  root = ms_json_guard_parse (data, length, &limits, &local_error);
  if (root == NULL)
    {
      if (g_error_matches (local_error, MS_JSON_GUARD_ERROR, MS_JSON_GUARD_ERROR_INVALID))
        g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                             _("The request body is not valid JSON."));
      else
        g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                             local_error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                           _("The request body must be a JSON object."));
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

/* ------------------------------------------------------------------------ */

static gboolean
wrong_member (const char  *name,
              GError     **error)
{
  g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
               /* Translators: %s is the name of a JSON member */
               _("“%s” is missing or has the wrong type."), name);
  return FALSE;
}

static JsonNode *
get_value (JsonObject *object,
           const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return node;
}

/**
 * ms_server_json_get_string:
 *
 * Returns: (transfer none) (nullable): the string, or NULL when absent
 *   (an error if @required) or of another type (always an error)
 */
const char *
ms_server_json_get_string (JsonObject  *object,
                           const char  *name,
                           gboolean     required,
                           GError     **error)
{
  JsonNode *node = get_value (object, name);

  if (node == NULL)
    {
      if (required)
        wrong_member (name, error);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return wrong_member (name, error), NULL;
  return json_node_get_string (node);
}

/* A JSON number that is a whole number, as an integer. */
gboolean
ms_server_json_get_int (JsonObject  *object,
                        const char  *name,
                        gboolean     required,
                        gint64      *value,
                        GError     **error)
{
  JsonNode *node = get_value (object, name);
  GType type;

  if (node == NULL)
    return required ? wrong_member (name, error) : TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return wrong_member (name, error);
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *value = json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (!isfinite (d) || d != floor (d) || fabs (d) > 9.0e15)
        return wrong_member (name, error);
      *value = (gint64) d;
    }
  else
    return wrong_member (name, error);
  return TRUE;
}

gboolean
ms_server_json_get_double (JsonObject  *object,
                           const char  *name,
                           gboolean     required,
                           gboolean    *is_null,
                           double      *value,
                           GError     **error)
{
  JsonNode *node = get_value (object, name);
  GType type;

  *is_null = node == NULL;
  if (node == NULL)
    return required ? wrong_member (name, error) : TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return wrong_member (name, error);
  type = json_node_get_value_type (node);
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return wrong_member (name, error);
  *value = json_node_get_double (node);
  if (!isfinite (*value))
    return wrong_member (name, error);
  return TRUE;
}

/**
 * ms_server_json_get_object:
 *
 * Returns: (transfer none): the member, which must be an object
 */
JsonObject *
ms_server_json_get_object (JsonObject  *object,
                           const char  *name,
                           GError     **error)
{
  JsonNode *node = get_value (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return wrong_member (name, error), NULL;
  return json_node_get_object (node);
}

/**
 * ms_server_json_get_array:
 *
 * Returns: (transfer none): the member, which must be an array
 */
JsonArray *
ms_server_json_get_array (JsonObject  *object,
                          const char  *name,
                          GError     **error)
{
  JsonNode *node = get_value (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return wrong_member (name, error), NULL;
  return json_node_get_array (node);
}
