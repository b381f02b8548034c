/* ms-data.c — the data files (rules, limits, devices) shipped inside the core
 *
 * The files under data/ that decide behaviour are compiled into the core as a
 * GResource, so the app, the CLI, the server and the tests all read the same
 * bytes and nothing depends on where the program was installed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-data"

#include "config.h"

#include "ms-core-resources.h"
#include "ms-data.h"

#include <stdlib.h>

#define CORE_DATA_PATH RESOURCE_BASE "/core/"

static int
compare_names (const void *a,
               const void *b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

GBytes *
ms_data_lookup (const char  *name,
                GError     **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (name != NULL, NULL);

  path = g_strconcat (CORE_DATA_PATH, name, NULL);
  return g_resource_lookup_data (ms_core_get_resource (), path,
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, error);
}

JsonNode *
ms_data_load_json (const char  *name,
                   GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = NULL;
  gsize size;
  const char *data;

  bytes = ms_data_lookup (name, error);
  if (bytes == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &size);
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, size, error))
    {
      g_prefix_error (error, "%s: ", name);
      return NULL;
    }

  return json_parser_steal_root (parser);
}

char **
ms_data_list (const char  *folder,
              GError     **error)
{
  g_autofree char *path = NULL;
  char **names;

  g_return_val_if_fail (folder != NULL, NULL);

  path = g_strconcat (CORE_DATA_PATH, folder, "/", NULL);
  names = g_resource_enumerate_children (ms_core_get_resource (), path,
                                         G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (names != NULL)
    qsort (names, g_strv_length (names), sizeof (char *), compare_names);

  return names;
}
