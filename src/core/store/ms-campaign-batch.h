/* ms-campaign-batch.h — the rows file of one campaign import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-campaign-repository.h"
#include "ms-store.h"

G_BEGIN_DECLS

#define MS_CAMPAIGN_KEY_SIZE 32  /* a raw SHA-256 natural key */

char     *_ms_campaign_batch_dup_dir  (MsStore             *store) G_GNUC_WARN_UNUSED_RESULT;
char     *_ms_campaign_batch_dup_path (MsStore             *store,
                                      const char          *batch_id) G_GNUC_WARN_UNUSED_RESULT;

/* The ids of a batch's rows: UUIDv7s counted up from a first one. */
typedef struct
{
  guint64 high;   /* unix_ts_ms:48 ver:4 rand_a:12 */
  guint64 low;    /* var:2 rand_b:62 of the first row */
} MsCampaignIds;

void      _ms_campaign_ids_init      (MsCampaignIds       *ids);
void      _ms_campaign_ids_format    (const MsCampaignIds *ids,
                                      guint                index,
                                      char                 id[37]);

gboolean  _ms_campaign_key_from_hex  (const char          *hex,
                                      guint8               key[MS_CAMPAIGN_KEY_SIZE]);
void      _ms_campaign_key_to_hex    (const guint8        *key,
                                      char                 hex[65]);

/* Writing: rows @indexes of @rows, with the byte offset of every
 * @stride-th row (for the outbox's references) put in @offsets. */
gboolean  _ms_campaign_batch_write   (const char          *path,
                                      const MsCampaignRow *rows,
                                      const guint         *indexes,
                                      guint                n_indexes,
                                      guint                stride,
                                      GArray              *offsets,
                                      GError             **error);

/* Reading */
typedef struct _MsCampaignBatch MsCampaignBatch;

MsCampaignBatch *_ms_campaign_batch_open      (const char       *path,
                                               GError          **error);
void             _ms_campaign_batch_free      (MsCampaignBatch  *self);
guint            _ms_campaign_batch_get_n_rows (MsCampaignBatch *self);
const guint8    *_ms_campaign_batch_get_key   (MsCampaignBatch  *self,
                                               guint             index);
gsize            _ms_campaign_batch_get_first_row (MsCampaignBatch *self);
gboolean         _ms_campaign_batch_peek_row  (MsCampaignBatch  *self,
                                               gsize            *offset,
                                               MsChannel        *channel,
                                               const char      **sent_on);
gboolean         _ms_campaign_batch_read_row  (MsCampaignBatch  *self,
                                               gsize            *offset,
                                               MsCampaignRow    *row,
                                               GStringChunk     *strings);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsCampaignBatch, _ms_campaign_batch_free)

G_END_DECLS
