/* ms-json-guard.c — one bounded parse for every JSON text that comes from outside
 *
 * json-glib parses nested arrays and objects by recursion, so a text of a
 * few hundred kilobytes of "[[[[…" overflows the stack of whoever parses it,
 * and it keeps a "\u0000" escape as a NUL inside a string, which C then
 * reads as the end of it ("abcdefgh\u0000tail" is "abcdefgh"). So every
 * JSON text from outside — a request body on the server, an answer from a
 * server in the sync client — goes through ms_json_guard_parse(), which
 * first scans the bytes once, cheaply and without recursion:
 *
 *   - no more than limits->max_bytes bytes;
 *   - no NUL byte anywhere, and no \u0000 escape inside a string;
 *   - only the escapes JSON has (\" \\ \/ \b \f \n \r \t \uXXXX): json-glib
 *     also reads "\666" as an octal byte, which is not UTF-8;
 *   - arrays and objects nested no deeper than limits->max_depth;
 *   - valid UTF-8;
 *
 * and only then hands them to json-glib. The scan follows strings exactly as
 * JSON does (a quote opens one, a backslash escapes the next byte, a quote
 * closes it), so a bracket inside a string is never counted; brackets
 * anywhere else are, which can only count more depth than json-glib sees,
 * never less.
 *
 * Its members are then read with ms_json_object_get_*(), which give the
 * fallback for a member of another type (json-glib's getters log a
 * critical and some return garbage).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-json"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ms-json-guard.h"

G_DEFINE_QUARK (ms-json-guard-error-quark, ms_json_guard_error)

static gboolean
nul_found (GError **error)
{
  g_set_error_literal (error, MS_JSON_GUARD_ERROR, MS_JSON_GUARD_ERROR_NUL,
                       _("The JSON text contains a NUL character, which no field may hold."));
  return FALSE;
}

/**
 * ms_json_guard_check:
 * @limits: the largest size and nesting depth to accept
 *
 * The scan of ms_json_guard_parse(), without parsing.
 *
 * Returns: TRUE if @data is within @limits, holds no NUL and is UTF-8
 */
gboolean
ms_json_guard_check (const char          *data,
                     gsize                length,
                     const MsJsonLimits  *limits,
                     GError             **error)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (limits != NULL, FALSE);

  if (length > limits->max_bytes)
    {
      g_set_error (error, MS_JSON_GUARD_ERROR, MS_JSON_GUARD_ERROR_TOO_LARGE,
                   /* Translators: %lu is a number of bytes */
                   _("The JSON text is larger than %lu bytes."), (gulong) limits->max_bytes);
      return FALSE;
    }

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (c == '\0')
        return nul_found (error);
      if (in_string)
        {
          if (c == '\\')
            {
              if (i + 1 >= length)
                break;   /* unterminated: json-glib says so */
              i++;
              if (data[i] == '\0')
                return nul_found (error);
              if (data[i] == 'u' && length - i > 4 && memcmp (data + i + 1, "0000", 4) == 0)
                return nul_found (error);
              if (strchr ("\"\\/bfnrtu", data[i]) == NULL)
                {
                  g_set_error_literal (error, MS_JSON_GUARD_ERROR, MS_JSON_GUARD_ERROR_INVALID,
                                       _("The JSON text has a backslash escape that JSON does not have."));
                  return FALSE;
                }
            }
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          if (++depth > limits->max_depth)
            {
              g_set_error (error, MS_JSON_GUARD_ERROR, MS_JSON_GUARD_ERROR_TOO_DEEP,
                           /* Translators: %u is a number of levels */
                           _("The JSON text nests arrays and objects deeper than %u levels."),
                           limits->max_depth);
              return FALSE;
            }
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }

  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error_literal (error, MS_JSON_GUARD_ERROR, MS_JSON_GUARD_ERROR_INVALID,
                           _("The JSON text is not valid UTF-8."));
      return FALSE;
    }
  return TRUE;
}

/**
 * ms_json_guard_parse:
 * @data: (array length=length): the text, not necessarily NUL-terminated
 * @limits: the largest size and nesting depth to accept
 *
 * Parses a JSON text from outside once ms_json_guard_check() has passed it.
 *
 * Returns: (transfer full): the root node
 */
JsonNode *
ms_json_guard_parse (const char          *data,
                     gsize                length,
                     const MsJsonLimits  *limits,
                     GError             **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  if (!ms_json_guard_check (data, length, limits, error))
    return NULL;
  if (length == 0)
    {
      g_set_error_literal (error, MS_JSON_GUARD_ERROR, MS_JSON_GUARD_ERROR_INVALID,
                           _("The JSON text is empty."));
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, NULL) ||
      (root = json_parser_steal_root (parser)) == NULL)
    {
      g_set_error_literal (error, MS_JSON_GUARD_ERROR, MS_JSON_GUARD_ERROR_INVALID,
                           _("The text is not valid JSON."));
      return NULL;
    }
  return root;
}

/* ------------------------------------------------------------------------ */
/* Checking a text without building its tree                                 */

typedef struct
{
  const char *p;
  const char *end;
} Scan;

static void
skip_space (Scan *s)
{
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
    s->p++;
}

/* At the opening quote; the escapes were checked by ms_json_guard_check() */
static gboolean
scan_string (Scan *s)
{
  for (s->p++; s->p < s->end; s->p++)
    {
      guchar c = (guchar) *s->p;

      if (c == '"')
        {
          s->p++;
          return TRUE;
        }
      if (c < 0x20)
        return FALSE;
      if (c == '\\')
        {
          if (++s->p >= s->end)
            return FALSE;
          if (*s->p == 'u')
            {
              if (s->end - s->p < 5)
                return FALSE;
              for (guint i = 1; i <= 4; i++)
                if (!g_ascii_isxdigit (s->p[i]))
                  return FALSE;
              s->p += 4;
            }
        }
    }
  return FALSE;
}

static gboolean
scan_digits (Scan *s)
{
  const char *start = s->p;

  while (s->p < s->end && g_ascii_isdigit (*s->p))
    s->p++;
  return s->p > start;
}

static gboolean
scan_number (Scan *s)
{
  if (*s->p == '-')
    s->p++;
  if (s->p < s->end && *s->p == '0')
    s->p++;
  else if (!scan_digits (s))
    return FALSE;
  if (s->p < s->end && *s->p == '.')
    {
      s->p++;
      if (!scan_digits (s))
        return FALSE;
    }
  if (s->p < s->end && (*s->p == 'e' || *s->p == 'E'))
    {
      s->p++;
      if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
        s->p++;
      if (!scan_digits (s))
        return FALSE;
    }
  return TRUE;
}

static gboolean
scan_word (Scan       *s,
           const char *word)
{
  gsize n = strlen (word);

  if ((gsize) (s->end - s->p) < n || memcmp (s->p, word, n) != 0)
    return FALSE;
  s->p += n;
  return TRUE;
}

/* One scalar value at s->p */
static gboolean
scan_scalar (Scan *s)
{
  switch (*s->p)
    {
    case '"':
      return scan_string (s);
    case 't':
      return scan_word (s, "true");
    case 'f':
      return scan_word (s, "false");
    case 'n':
      return scan_word (s, "null");
    default:
      return (*s->p == '-' || g_ascii_isdigit (*s->p)) && scan_number (s);
    }
}

/* The grammar of RFC 8259, without recursion: @objects has bit d set when
 * the container at depth d is an object. */
static gboolean
scan_value (Scan *s)
{
  guint64 objects = 0;
  guint depth = 0;

  for (;;)
    {
      /* a value */
      skip_space (s);
      if (s->p >= s->end)
        return FALSE;
      if (*s->p == '{' || *s->p == '[')
        {
          gboolean object = *s->p == '{';

          if (depth >= 64)
            return FALSE;
          objects = object ? objects | (G_GUINT64_CONSTANT (1) << depth)
                           : objects & ~(G_GUINT64_CONSTANT (1) << depth);
          depth++;
          s->p++;
          skip_space (s);
          if (s->p < s->end && *s->p == (object ? '}' : ']'))
            {
              s->p++;
              depth--;
            }
          else if (object)
            goto member;
          else
            continue;
        }
      else if (!scan_scalar (s))
        return FALSE;

      /* after a value: its container goes on or ends */
      for (;;)
        {
          gboolean object;

          skip_space (s);
          if (depth == 0)
            return s->p == s->end;
          if (s->p >= s->end)
            return FALSE;
          object = (objects >> (depth - 1)) & 1;
          if (*s->p == (object ? '}' : ']'))
            {
              s->p++;
              depth--;
              continue;
            }
          if (*s->p != ',')
            return FALSE;
          s->p++;
          if (!object)
            break;
          skip_space (s);
          goto member;
        }
      continue;

    member:
      /* "name": then its value */
      if (s->p >= s->end || *s->p != '"' || !scan_string (s))
        return FALSE;
      skip_space (s);
      if (s->p >= s->end || *s->p != ':')
        return FALSE;
      s->p++;
    }
}

/**
 * ms_json_guard_check_object:
 * @limits: the largest size and nesting depth to accept
 *
 * Whether @data is a JSON object within @limits, checked without building
 * its tree (no allocation): what a row's JSON text must be when only its
 * validity matters, as for the message and result of a saved scoring,
 * where parsing each with json-glib took most of a push's time.
 *
 * Returns: TRUE if ms_json_guard_parse() would give an object
 */
gboolean
ms_json_guard_check_object (const char          *data,
                            gsize                length,
                            const MsJsonLimits  *limits,
                            GError             **error)
{
  Scan s = { data, data + length };

  if (!ms_json_guard_check (data, length, limits, error))
    return FALSE;
  skip_space (&s);
  if (s.p >= s.end || *s.p != '{' || !scan_value (&s))
    {
      g_set_error_literal (error, MS_JSON_GUARD_ERROR, MS_JSON_GUARD_ERROR_INVALID,
                           _("The text is not a valid JSON object."));
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */

static JsonNode *
get_value (JsonObject *object,
           const char *name,
           GType       type)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != type)
    return NULL;
  return node;
}

/* Returns: (transfer none): the member if it is a string, else @fallback */
const char *
ms_json_object_get_string (JsonObject *object,
                           const char *name,
                           const char *fallback)
{
  JsonNode *node = get_value (object, name, G_TYPE_STRING);

  return node != NULL ? json_node_get_string (node) : fallback;
}

/* Returns: the member if it is a whole number (written with or without a
 * fraction that is zero, within ±2^53), else @fallback */
gint64
ms_json_object_get_int (JsonObject *object,
                        const char *name,
                        gint64      fallback)
{
  JsonNode *node;
  double d;

  if ((node = get_value (object, name, G_TYPE_INT64)) != NULL)
    return json_node_get_int (node);
  if ((node = get_value (object, name, G_TYPE_DOUBLE)) == NULL)
    return fallback;
  d = json_node_get_double (node);
  if (!(d >= -9007199254740992.0 && d <= 9007199254740992.0) || d != (double) (gint64) d)
    return fallback;
  return (gint64) d;
}

gboolean
ms_json_object_get_boolean (JsonObject *object,
                            const char *name,
                            gboolean    fallback)
{
  JsonNode *node = get_value (object, name, G_TYPE_BOOLEAN);

  return node != NULL ? json_node_get_boolean (node) : fallback;
}

/* Returns: (transfer none) (nullable): the member if it is an object */
JsonObject *
ms_json_object_get_object (JsonObject *object,
                           const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* Returns: (transfer none) (nullable): the member if it is an array */
JsonArray *
ms_json_object_get_array (JsonObject *object,
                          const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}
