/* ms-server-template.c — the server's HTML templates (resources/server/)
 *
 * Templates are plain HTML with {{key}} (escaped) and {{{key}}} (raw: HTML
 * this server built from escaped values) slots. A file of parts holds named
 * blocks between "<!-- block NAME -->" and "<!-- end -->". Every word a
 * reviewer reads is in these files, not in C.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "ms-server-template.h"
#include "ms-server-resources.h"

#define SERVER_RESOURCE_BASE "/io/github/msgscore/MsgScore/server/"

static GHashTable *templates;   /* name → text, made once */

/* Splits a file of parts into its blocks, "FILE#NAME". */
static void
add_blocks (GHashTable *table,
            const char *file,
            const char *text)
{
  const char *p = text;

  while ((p = strstr (p, "<!-- block ")) != NULL)
    {
      const char *name = p + strlen ("<!-- block ");
      const char *name_end = strstr (name, " -->");
      const char *end;

      if (name_end == NULL)
        return;
      end = strstr (name_end, "<!-- end -->");
      if (end == NULL)
        return;
      g_hash_table_insert (table,
                           g_strdup_printf ("%s#%.*s", file, (int) (name_end - name), name),
                           g_strstrip (g_strndup (name_end + 4, end - name_end - 4)));
      p = end;
    }
}

static gpointer
load_templates (gpointer data)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) names = NULL;

  g_resources_register (ms_server_get_resource ());
  names = g_resources_enumerate_children (SERVER_RESOURCE_BASE, 0, NULL);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (SERVER_RESOURCE_BASE, names[i], NULL);
      g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, NULL);
      gsize size;
      const char *text;

      if (bytes == NULL || !g_str_has_suffix (names[i], ".html"))
        continue;
      text = g_bytes_get_data (bytes, &size);
      if (strstr (names[i], "-parts") != NULL)
        add_blocks (table, names[i], text);
      else
        g_hash_table_insert (table, g_strdup (names[i]), g_strndup (text, size));
    }
  templates = table;
  return NULL;
}

const char *
ms_server_template_get (const char *name)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, load_templates, NULL);
  return g_hash_table_lookup (templates, name);
}

GBytes *
ms_server_template_get_bytes (const char *name)
{
  g_autofree char *path = g_strconcat (SERVER_RESOURCE_BASE, name, NULL);

  ms_server_template_get ("share.html");   /* registers the resource */
  return g_resources_lookup_data (path, 0, NULL);
}

void
ms_server_html_append_escaped (GString    *out,
                               const char *text,
                               gssize      length)
{
  const char *end;

  if (text == NULL)
    return;
  end = length < 0 ? text + strlen (text) : text + length;
  for (const char *p = text; p < end; p++)
    switch (*p)
      {
      case '&': g_string_append (out, "&amp;"); break;
      case '<': g_string_append (out, "&lt;"); break;
      case '>': g_string_append (out, "&gt;"); break;
      case '"': g_string_append (out, "&quot;"); break;
      case '\'': g_string_append (out, "&#39;"); break;
      case '\0': break;
      default: g_string_append_c (out, *p); break;
      }
}

static const char *
lookup (const char * const *pairs,
        const char         *key,
        gsize               key_len)
{
  for (guint i = 0; pairs[i] != NULL; i += 2)
    if (strlen (pairs[i]) == key_len && strncmp (pairs[i], key, key_len) == 0)
      return pairs[i + 1];
  return NULL;
}

void
ms_server_template_append_v (GString            *out,
                             const char         *name,
                             const char * const *pairs)
{
  const char *p = ms_server_template_get (name);

  g_return_if_fail (p != NULL);
  while (*p != '\0')
    {
      const char *open = strstr (p, "{{");
      gboolean raw;
      const char *key, *close;

      if (open == NULL)
        {
          g_string_append (out, p);
          return;
        }
      g_string_append_len (out, p, open - p);
      raw = open[2] == '{';
      key = open + (raw ? 3 : 2);
      close = strstr (key, raw ? "}}}" : "}}");
      if (close == NULL)
        {
          g_string_append (out, open);
          return;
        }
      if (raw)
        g_string_append (out, lookup (pairs, key, close - key) ?: "");
      else
        ms_server_html_append_escaped (out, lookup (pairs, key, close - key), -1);
      p = close + (raw ? 3 : 2);
    }
}

void
ms_server_template_append (GString    *out,
                           const char *name,
                           ...)
{
  g_autoptr(GPtrArray) pairs = g_ptr_array_new ();
  const char *key;
  va_list args;

  va_start (args, name);
  while ((key = va_arg (args, const char *)) != NULL)
    {
      g_ptr_array_add (pairs, (gpointer) key);
      g_ptr_array_add (pairs, va_arg (args, char *));
    }
  va_end (args);
  /* A key whose value is NULL must not end the list early. */
  for (guint i = 1; i < pairs->len; i += 2)
    if (g_ptr_array_index (pairs, i) == NULL)
      g_ptr_array_index (pairs, i) = (gpointer) "";
  g_ptr_array_add (pairs, NULL);
  ms_server_template_append_v (out, name, (const char * const *) pairs->pdata);
}
