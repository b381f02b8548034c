/* ms-campaign-parse.h — campaign rows from CSV records, one chunk of a file at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include "ms-campaign-import.h"
#include "ms-csv-reader.h"

G_BEGIN_DECLS

typedef enum
{
  MS_CAMPAIGN_COLUMN_DATE,
  MS_CAMPAIGN_COLUMN_CHANNEL,
  MS_CAMPAIGN_COLUMN_SUBJECT,
  MS_CAMPAIGN_COLUMN_BODY,
  MS_CAMPAIGN_COLUMN_RECIPIENTS,
  MS_CAMPAIGN_COLUMN_OPEN_RATE,
  MS_CAMPAIGN_COLUMN_CTR,
  MS_CAMPAIGN_COLUMN_CV_COUNT,
  MS_CAMPAIGN_COLUMN_CV_TYPE,
  MS_CAMPAIGN_N_COLUMNS
} MsCampaignColumn;

typedef struct
{
  int   columns[MS_CAMPAIGN_N_COLUMNS];  /* the field each column is in, or -1 */
  guint n_fields;                        /* fields in the header */
} MsCampaignHeader;

/* One chunk of records, parsed by one thread. */
typedef struct
{
  /* Set by the caller. */
  const MsCampaignHeader *header;
  MsCsvCursor    cursor;        /* the chunk's start and limit; after, where it stopped */
  MsCampaignRow *rows;          /* room for @room rows, in the preview's array */
  guint          room;

  /* Set by ms_campaign_chunk_parse(). Lines count from cursor.line. */
  guint          n_rows;        /* the valid rows, with their key: in @rows, then @spill */
  GArray        *spill;         /* MsCampaignRow: the rows past @room, or NULL */
  GArray        *hashes;        /* guint64 for each row: ms_campaign_key_hash() */
  GArray        *rejected;      /* MsCampaignRejection, reasons owned */
  GStringChunk  *strings;       /* dates rewritten as YYYY-MM-DD, or NULL */
  MsCsvStatus    status;        /* MS_CSV_END, MS_CSV_CROSSED or MS_CSV_UNCLOSED */
  guint          error_line;    /* for MS_CSV_UNCLOSED, where the quote opened */
} MsCampaignChunk;

const char *ms_campaign_header_parse (MsCampaignHeader  *header,
                                      const MsCsvField  *fields,
                                      guint              n_fields);
void        ms_campaign_chunk_parse  (MsCampaignChunk   *chunk);
void        ms_campaign_chunk_clear  (MsCampaignChunk   *chunk);
gboolean    ms_campaign_parse_rate   (const char        *text,
                                      gsize              length,
                                      double            *rate);

static inline MsCampaignRow *
ms_campaign_chunk_get_row (const MsCampaignChunk *chunk,
                           guint                  index)
{
  if (index < chunk->room)
    return &chunk->rows[index];
  return &g_array_index (chunk->spill, MsCampaignRow, index - chunk->room);
}

/* A hash of the natural key (hex SHA-256, so well spread): its first 16
 * digits, mixed. */
static inline guint64
ms_campaign_key_hash (const char *key)
{
  guint64 a, b, h;

  memcpy (&a, key, 8);
  memcpy (&b, key + 8, 8);
  h = (a * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) ^
      (b * G_GUINT64_CONSTANT (0xC2B2AE3D27D4EB4F));
  h ^= h >> 29;
  h *= G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  return h ^ (h >> 32);
}

G_END_DECLS
