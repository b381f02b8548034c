/* ms-key-table.c — a set of raw SHA-256 natural keys
 *
 * Open addressing in one flat array, sized once for the keys to come: an
 * import checks 100,000 keys against everything stored, and a GHashTable of
 * copied keys costs an allocation and a hash per key. SHA-256 keys are well
 * spread, so their first 8 bytes are the hash.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include <string.h>

#include "ms-key-table.h"

/* Room for @capacity keys at most half full. */
void
_ms_key_table_init (MsKeyTable *table,
                    gsize       capacity)
{
  gsize size = 64;

  while (size < capacity * 2)
    size <<= 1;
  table->keys = g_malloc (size * MS_CAMPAIGN_KEY_SIZE);
  table->used = g_malloc0 (size);
  table->mask = size - 1;
}

void
_ms_key_table_clear (MsKeyTable *table)
{
  g_clear_pointer (&table->keys, g_free);
  g_clear_pointer (&table->used, g_free);
}

gboolean
_ms_key_table_contains (const MsKeyTable *table,
                        const guint8     *key)
{
  guint64 hash;

  memcpy (&hash, key, sizeof hash);
  for (gsize i = hash & table->mask; table->used[i]; i = (i + 1) & table->mask)
    if (memcmp (table->keys + i * MS_CAMPAIGN_KEY_SIZE, key, MS_CAMPAIGN_KEY_SIZE) == 0)
      return TRUE;
  return FALSE;
}

/* Returns FALSE if @key was there already. */
gboolean
_ms_key_table_add (MsKeyTable   *table,
                   const guint8 *key)
{
  guint64 hash;

  memcpy (&hash, key, sizeof hash);
  for (gsize i = hash & table->mask; ; i = (i + 1) & table->mask)
    {
      guint8 *slot = table->keys + i * MS_CAMPAIGN_KEY_SIZE;

      if (!table->used[i])
        {
          table->used[i] = 1;
          memcpy (slot, key, MS_CAMPAIGN_KEY_SIZE);
          return TRUE;
        }
      if (memcmp (slot, key, MS_CAMPAIGN_KEY_SIZE) == 0)
        return FALSE;
    }
}
