/* ms-key-table.h — a set of raw SHA-256 natural keys
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-campaign-batch.h"

G_BEGIN_DECLS

typedef struct
{
  guint8 *keys;
  guint8 *used;
  gsize   mask;
} MsKeyTable;

void     _ms_key_table_init     (MsKeyTable       *table,
                                 gsize             capacity);
void     _ms_key_table_clear    (MsKeyTable       *table);
gboolean _ms_key_table_contains (const MsKeyTable *table,
                                 const guint8     *key);
gboolean _ms_key_table_add      (MsKeyTable       *table,
                                 const guint8     *key);

G_END_DECLS
