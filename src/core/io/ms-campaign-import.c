/* ms-campaign-import.c — campaign results from a CSV file: preview, then commit
 *
 * Two phases, so a user sees what will happen before anything is written:
 *
 *   ms_campaign_import_prepare()  decodes and parses the whole file into a
 *       preview (accepted rows, channel split, period, averages, and every
 *       rejected row with its line number and a translated reason). It
 *       never touches a database.
 *   ms_campaign_import_commit()   writes every accepted row in one
 *       transaction. Dropping the preview without committing is "cancel":
 *       nothing was written.
 *
 * The file: columns date, channel, subject, body, recipients, open_rate, ctr,
 * cv_count, cv_type, in any order; subject and channel are required, the
 * others optional. Header names are matched leniently: after NFKC and case
 * folding, spaces, "_", "-", "(", ")", "[", "]" and "%" are ignored, and the
 * Japanese names spreadsheets use are known too (件名, 本文, 配信日, チャネル,
 * 媒体, 配信数, 開封率, クリック率, CV数, CV種別, …). Unknown columns are ignored.
 * Encoding: UTF-8, UTF-8 with a BOM or Shift_JIS (CP932), detected
 * (ms-encoding.c).
 *
 * Values:
 *   date        YYYY-MM-DD, YYYY/MM/DD (time after a space ignored), or
 *               YYYY年M月D日; empty for unknown
 *   channel     email (メール, mail, e-mail, メルマガ) or line (LINE, ライン)
 *   recipients, cv_count  whole numbers ≥ 0; "12,345" accepted
 *   open_rate, ctr — the rule, applied to every rate:
 *               a value with "%" is a percentage ("23.4%" = 0.234);
 *               a plain value ≤ 1 is a fraction ("0.234" = 0.234);
 *               a plain value > 1 is a percentage ("23.4" = 0.234).
 *               So "1" is 100 % and "0.5" is 50 %: write "0.5%" for half a
 *               percent. A rate above 100 % or below 0 is rejected.
 *
 * Duplicates: rows are identified by their natural key (see
 * ms-campaign-repository.c: SHA-256 of date, channel, subject, recipients).
 * A repeat within the file is rejected with the line of the first; rows
 * already in the store are skipped by the commit, so importing the same file
 * twice adds nothing the second time.
 *
 * How, for speed (100,000 rows in about 30 ms on two cores): the file is
 * decoded and cut into as many chunks as there are processors
 * (ms-csv-split.c), and each chunk is parsed by a thread of its own
 * (ms-campaign-parse.c), in place in the text, which the preview keeps: a
 * row's strings point into it. Each chunk writes its rows straight into its
 * place in the preview's array of rows, sized from the line breaks counted
 * while decoding and from the chunk's bytes (a chunk with more rows than
 * that spills into an array of its own). The cuts are a guess that is checked; when one was wrong
 * the rest is parsed in one go. Then one pass in file order makes line
 * numbers absolute, rejects repeats, merges the rejections and sums up, and
 * the rows close up over the gaps that rejected rows left. So the result is
 * the same whatever the number of threads (a test compares them). A chunk
 * is 256 KB at least: smaller files are parsed in one thread.
 * ms_campaign_import_prepare_file() reads the file fast (ms-file-load.c) and
 * parses UTF-8 in the very buffer it read, without a copy; when a cut was
 * wrong there, that buffer cannot be restored, and it reads the file again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-io"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ms-campaign-import.h"
#include "ms-campaign-import-private.h"
#include "ms-campaign-parse.h"
#include "ms-csv-split.h"
#include "ms-file-load.h"
#include "ms-parallel.h"
#include "store/ms-campaign-repository.h"

/* A chunk is no smaller than this, so smaller files are parsed in one
 * thread: threads would cost more than they save. And no more threads than
 * this: each phase starts its own (ms-parallel.c). */
#define PARALLEL_MIN_SIZE (256 * 1024)
#define PARALLEL_MAX_THREADS 16

/* Room for rows is made for one per this many bytes of a chunk at most: a
 * real campaign row takes over 100 bytes (a Japanese subject alone is 60 or
 * more), so only files of tiny rows spill, and a file of line breaks alone
 * gets room for a few rows, not one per break. */
#define ROOM_BYTES_PER_ROW 48

struct _MsCampaignImport
{
  GObject     parent_instance;

  MsEncoding  encoding;
  gpointer    text;       /* the file as UTF-8, parsed in place: the rows' strings */
  GPtrArray  *strings;    /* GStringChunk: the rows' dates written another way */
  GArray     *rows;       /* MsCampaignRow */
  GArray     *rejected;   /* MsCampaignRejection */
  char       *first_date;
  char       *last_date;
  guint       n_channel[2];
  double      mean_open_rate;
  double      mean_ctr;
  double      mean_cv_count;
};

G_DEFINE_FINAL_TYPE (MsCampaignImport, ms_campaign_import, G_TYPE_OBJECT)

/**
 * ms_parse_rate:
 * @text: "23.4%", "23.4" or "0.234" (surrounding spaces allowed)
 * @rate: (out): the rate as a fraction
 *
 * The rule: with "%" (or "％") it is a percentage; a plain value ≤ 1 is a
 * fraction; a plain value > 1 is a percentage.
 *
 * Returns: FALSE unless @text is a rate between 0 and 100 %
 */
gboolean
ms_parse_rate (const char *text,
               double     *rate)
{
  g_autofree char *s = g_strstrip (g_strdup (text != NULL ? text : ""));

  return ms_campaign_parse_rate (s, strlen (s), rate);
}

/* ------------------------------------------------------------------------ */

static void
clear_rejection (gpointer data)
{
  MsCampaignRejection *rejection = data;
  g_clear_pointer (&rejection->reason, g_free);
}

static void
ms_campaign_import_finalize (GObject *object)
{
  MsCampaignImport *self = (MsCampaignImport *) object;

  g_clear_pointer (&self->rows, g_array_unref);
  g_clear_pointer (&self->strings, g_ptr_array_unref);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->rejected, g_array_unref);
  g_clear_pointer (&self->first_date, g_free);
  g_clear_pointer (&self->last_date, g_free);

  G_OBJECT_CLASS (ms_campaign_import_parent_class)->finalize (object);
}

static void
ms_campaign_import_class_init (MsCampaignImportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ms_campaign_import_finalize;
}

static void
ms_campaign_import_init (MsCampaignImport *self)
{
  /* Rows are never cleared one by one: their strings are in the text and
   * the string chunks, freed with the preview. */
  self->rows = g_array_new (FALSE, FALSE, sizeof (MsCampaignRow));
  self->strings = g_ptr_array_new_with_free_func ((GDestroyNotify) g_string_chunk_free);
  self->rejected = g_array_new (FALSE, TRUE, sizeof (MsCampaignRejection));
  g_array_set_clear_func (self->rejected, clear_rejection);
  self->mean_open_rate = NAN;
  self->mean_ctr = NAN;
  self->mean_cv_count = NAN;
}

/* ------------------------------------------------------------------------ */
/* Merging the chunks, in file order                                        */

/* A row's number counts the valid rows of all chunks in file order; chunk i's
 * first is first[i], and first[n_chunks] is how many there are. */
typedef struct
{
  const MsCampaignChunk *chunks;
  guint                  n_chunks;
  const guint           *first;
} Numbering;

static MsCampaignRow *
get_row (const Numbering *numbering,
         guint            number)
{
  guint i = numbering->n_chunks - 1;

  while (numbering->first[i] > number)
    i--;
  return ms_campaign_chunk_get_row (&numbering->chunks[i], number - numbering->first[i]);
}

/* The natural keys seen so far, for repeats within the file: an open-
 * addressing table probed by ms_campaign_key_hash() (computed by the chunks'
 * threads). A slot holds the hash's upper half beside the row's number, so a
 * row (184 bytes, far away) is read only when the halves match: for a
 * repeat, nearly always. No allocation and no hashing here. */
typedef struct
{
  guint64 *slots;   /* upper half of the hash | number + 1; 0 is empty */
  gsize    mask;
} KeySet;

#define KEY_SET_TAG G_GUINT64_CONSTANT (0xFFFFFFFF00000000)

static void
key_set_init (KeySet *set,
              gsize   max_rows)
{
  gsize size = 64;

  while (size < max_rows * 2)
    size <<= 1;
  set->slots = g_new0 (guint64, size);
  set->mask = size - 1;
}

/* Returns the row with @row's key, or NULL after adding @number for it. */
static const MsCampaignRow *
key_set_find_or_add (KeySet              *set,
                     const Numbering     *numbering,
                     const MsCampaignRow *row,
                     guint64              hash,
                     guint                number)
{
  for (gsize i = (gsize) hash & set->mask; ; i = (i + 1) & set->mask)
    {
      guint64 slot = set->slots[i];

      if (slot == 0)
        {
          set->slots[i] = (hash & KEY_SET_TAG) | (number + 1);
          return NULL;
        }
      if ((slot & KEY_SET_TAG) == (hash & KEY_SET_TAG))
        {
          const MsCampaignRow *other = get_row (numbering, (guint) (slot & ~KEY_SET_TAG) - 1);

          if (memcmp (other->natural_key, row->natural_key, 64) == 0)
            return other;
        }
    }
}

/* The preview's figures, over the accepted rows in file order. */
typedef struct
{
  double      open_sum, ctr_sum, cv_sum;
  guint       n_open, n_ctr, n_cv;
  const char *first_date;
  const char *last_date;
} Summary;

static inline void
summary_add (Summary             *summary,
             guint               *n_channel,
             const MsCampaignRow *row)
{
  n_channel[row->channel]++;
  if (row->sent_on != NULL)
    {
      if (summary->first_date == NULL || strcmp (row->sent_on, summary->first_date) < 0)
        summary->first_date = row->sent_on;
      if (summary->last_date == NULL || strcmp (row->sent_on, summary->last_date) > 0)
        summary->last_date = row->sent_on;
    }
  if (!isnan (row->open_rate))
    summary->open_sum += row->open_rate, summary->n_open++;
  if (!isnan (row->ctr))
    summary->ctr_sum += row->ctr, summary->n_ctr++;
  if (row->cv_count >= 0)
    summary->cv_sum += (double) row->cv_count, summary->n_cv++;
}

/* Closes up the accepted rows: each chunk's are in its place in self->rows
 * (with the gap of its rejected rows after them) but for @repeats, and none
 * ever moves up. If a chunk ran out of room, they are copied instead. */
static void
close_up_rows (MsCampaignImport *self,
               MsCampaignChunk  *chunks,
               guint             n_chunks,
               GArray          **repeats,
               guint             n_accepted)
{
  MsCampaignRow *rows = (MsCampaignRow *) (gpointer) self->rows->data;
  gboolean spilled = FALSE;
  guint out = 0;

  for (guint i = 0; i < n_chunks; i++)
    spilled |= chunks[i].spill != NULL;

  if (spilled)
    {
      GArray *copy = g_array_sized_new (FALSE, FALSE, sizeof (MsCampaignRow), n_accepted);

      for (guint i = 0; i < n_chunks; i++)
        for (guint r = 0, k = 0; r < chunks[i].n_rows; r++)
          {
            if (k < repeats[i]->len && g_array_index (repeats[i], guint, k) == r)
              k++;
            else
              g_array_append_vals (copy, ms_campaign_chunk_get_row (&chunks[i], r), 1);
          }
      g_array_unref (self->rows);
      self->rows = copy;
      return;
    }

  for (guint i = 0; i < n_chunks; i++)
    {
      const MsCampaignChunk *chunk = &chunks[i];
      guint r = 0, k = 0;

      while (r < chunk->n_rows)
        {
          guint end = k < repeats[i]->len ? g_array_index (repeats[i], guint, k) : chunk->n_rows;

          if (&rows[out] != &chunk->rows[r])
            memmove (&rows[out], &chunk->rows[r], (end - r) * sizeof (MsCampaignRow));
          out += end - r;
          r = end;
          if (k < repeats[i]->len)
            r++, k++;   /* the repeat */
        }
    }
  g_assert (out == n_accepted);
  g_array_set_size (self->rows, out);
}

/* In file order: makes lines absolute (chunk i counts from its own line
 * 1, but for the first), rejects repeats naming the first line, merges the
 * rejections by line and sums up. */
static void
merge_chunks (MsCampaignImport *self,
              MsCampaignChunk  *chunks,
              guint             n_chunks,
              const guint      *line_offsets)
{
  g_autofree guint *first = g_new0 (guint, n_chunks + 1);
  g_autofree GArray **repeats = g_new0 (GArray *, n_chunks);
  Numbering numbering = { chunks, n_chunks, first };
  Summary summary = { 0 };
  guint n_accepted = 0;
  KeySet seen;

  for (guint i = 0; i < n_chunks; i++)
    first[i + 1] = first[i] + chunks[i].n_rows;
  key_set_init (&seen, first[n_chunks]);

  for (guint i = 0; i < n_chunks; i++)
    {
      MsCampaignChunk *chunk = &chunks[i];
      const guint64 *hashes = (const guint64 *) (gpointer) chunk->hashes->data;
      const MsCampaignRejection *rejected = (const MsCampaignRejection *) (gpointer)
                                            chunk->rejected->data;
      guint r = 0, j = 0;

      repeats[i] = g_array_new (FALSE, FALSE, sizeof (guint));
      while (r < chunk->n_rows || j < chunk->rejected->len)
        {
          MsCampaignRow *row = r < chunk->n_rows ? ms_campaign_chunk_get_row (chunk, r) : NULL;
          const MsCampaignRow *other;

          if (j < chunk->rejected->len && (row == NULL || rejected[j].line < row->line))
            {
              MsCampaignRejection rejection = rejected[j++];

              rejection.line += line_offsets[i];
              g_array_append_val (self->rejected, rejection);
              continue;
            }

          row->line += line_offsets[i];
          /* the table is larger than the caches: ask for slots ahead */
          if (r + 16 < chunk->n_rows)
            __builtin_prefetch (&seen.slots[(gsize) hashes[r + 16] & seen.mask], 1);
          other = key_set_find_or_add (&seen, &numbering, row, hashes[r], first[i] + r);
          if (other != NULL)
            {
              MsCampaignRejection rejection = {
                row->line,
                /* Translators: %u is a line number */
                g_strdup_printf (_("Same date, channel, subject and recipients as line %u; "
                                   "imported once."), other->line),
              };

              g_array_append_val (self->rejected, rejection);
              g_array_append_val (repeats[i], r);
            }
          else
            {
              summary_add (&summary, self->n_channel, row);
              n_accepted++;
            }
          r++;
        }
      /* the reasons are the preview's now */
      g_array_set_size (chunk->rejected, 0);
      if (chunk->strings != NULL)
        g_ptr_array_add (self->strings, g_steal_pointer (&chunk->strings));
    }
  g_free (seen.slots);

  close_up_rows (self, chunks, n_chunks, repeats, n_accepted);
  for (guint i = 0; i < n_chunks; i++)
    g_array_unref (repeats[i]);

  self->first_date = g_strdup (summary.first_date);
  self->last_date = g_strdup (summary.last_date);
  self->mean_open_rate = summary.n_open > 0 ? summary.open_sum / summary.n_open : NAN;
  self->mean_ctr = summary.n_ctr > 0 ? summary.ctr_sum / summary.n_ctr : NAN;
  self->mean_cv_count = summary.n_cv > 0 ? summary.cv_sum / summary.n_cv : NAN;
}

/* ------------------------------------------------------------------------ */
/* Preparing                                                                */

static void
parse_chunk (guint    index,
             gpointer user_data)
{
  MsCampaignChunk *chunks = user_data;

  ms_campaign_chunk_parse (&chunks[index]);
}

static void
clear_chunks (MsCampaignChunk *chunks,
              guint            n_chunks)
{
  for (guint i = 0; i < n_chunks; i++)
    ms_campaign_chunk_clear (&chunks[i]);
}

/* Reads the header record into @header, leaving @cursor after it. */
static gboolean
parse_header (MsCsvSplit        *split,
              MsCampaignHeader  *header,
              MsCsvCursor       *cursor,
              GError           **error)
{
  g_autofree MsCsvField *fields = NULL;
  guint n_allocated = 0, n_fields = 0, line = 0;
  const char *missing;
  MsCsvStatus status;
  gsize length;
  char *text = ms_csv_split_get_text (split, &length);

  *cursor = (MsCsvCursor) { text, text + length, text + length, 1 };
  status = ms_csv_cursor_next (cursor, &fields, &n_allocated, &n_fields, &line);
  if (status == MS_CSV_UNCLOSED)
    {
      ms_csv_set_unclosed_error (error, line);
      return FALSE;
    }
  if (status != MS_CSV_RECORD)
    {
      g_set_error_literal (error, MS_IO_ERROR, MS_IO_ERROR_EMPTY,
                           _("The file is empty. It needs a header row (date, channel, "
                             "subject, …) and one row per campaign."));
      return FALSE;
    }

  missing = ms_campaign_header_parse (header, fields, n_fields);
  if (missing != NULL)
    {
      g_set_error (error, MS_IO_ERROR, MS_IO_ERROR_COLUMNS,
                   /* Translators: %s is a column name */
                   _("The first row has no “%s” column. The header row needs at least subject "
                     "(件名) and channel (チャネル)."), missing);
      return FALSE;
    }
  return TRUE;
}

/* Parses the decoded text into @self: FALSE with @error set, or with
 * @restart set if a cut was wrong and the text cannot be restored. */
static gboolean
prepare_text (MsCampaignImport *self,
              MsCsvSplit       *split,
              gboolean         *restart,
              GError          **error)
{
  g_autofree gsize *starts = NULL;
  g_autofree gsize *max_records = NULL;
  g_autofree gsize *places = NULL;
  g_autofree guint *line_offsets = NULL;
  g_autofree MsCampaignChunk *chunks = NULL;
  MsCampaignHeader header;
  MsCsvCursor cursor;
  gsize length, room = 0;
  guint n_chunks;
  char *text = ms_csv_split_get_text (split, &length);

  *restart = FALSE;
  self->encoding = ms_csv_split_get_encoding (split);
  if (!parse_header (split, &header, &cursor, error))
    return FALSE;

  starts = g_new (gsize, ms_csv_split_get_max_chunks (split) + 1);
  max_records = g_new (gsize, ms_csv_split_get_max_chunks (split));
  n_chunks = ms_csv_split_get_chunks (split, (gsize) (cursor.p - text), cursor.line, starts,
                                      max_records);

  /* One array for the rows of all chunks, each chunk's in its place, so that
   * they need not be copied together after; not touched until used. The
   * room follows the chunk's bytes, not its line breaks (140 MB of CRs once
   * asked for 32 GiB); a chunk with more rows spills (ms-campaign-parse.c). */
  places = g_new (gsize, n_chunks + 1);
  for (guint i = 0; i < n_chunks; i++)
    {
      places[i] = room;
      room += MIN (MIN (max_records[i], (starts[i + 1] - starts[i]) / ROOM_BYTES_PER_ROW + 1),
                   G_MAXUINT / 4);
    }
  places[n_chunks] = room = MIN (room, G_MAXUINT / 2);
  g_array_set_size (self->rows, (guint) room);

  chunks = g_new0 (MsCampaignChunk, n_chunks);
  for (guint i = 0; i < n_chunks; i++)
    {
      chunks[i].header = &header;
      chunks[i].cursor = (MsCsvCursor) { text + starts[i], text + starts[i + 1], text + length,
                                         i == 0 ? cursor.line : 1 };
      chunks[i].rows = &g_array_index (self->rows, MsCampaignRow, MIN (places[i], room));
      chunks[i].room = (guint) (MIN (places[i + 1], room) - MIN (places[i], room));
    }
  ms_parallel_run (n_chunks, parse_chunk, chunks);

  /* Each chunk must have stopped where the next one starts; line numbers
   * then follow on. Where one stopped short (the cut was inside a quoted
   * field after all), the chunks after it are dropped and the rest of the
   * text is parsed here, in one go, from a restored copy. */
  line_offsets = g_new0 (guint, n_chunks);
  for (guint i = 0; i < n_chunks; i++)
    {
      MsCampaignChunk *chunk = &chunks[i];
      MsCampaignChunk *rest;

      if (chunk->status == MS_CSV_UNCLOSED)
        {
          ms_csv_set_unclosed_error (error, chunk->error_line + line_offsets[i]);
          clear_chunks (chunks, n_chunks);
          return FALSE;
        }
      if (i + 1 == n_chunks)
        break;
      if (chunk->status == MS_CSV_END && chunk->cursor.p == text + starts[i + 1])
        {
          line_offsets[i + 1] = line_offsets[i] + chunk->cursor.line - 1;
          continue;
        }

      if (!ms_csv_split_restore (split, (gsize) (chunk->cursor.p - text)))
        {
          *restart = TRUE;
          clear_chunks (chunks, n_chunks);
          return FALSE;
        }
      clear_chunks (chunks + i + 1, n_chunks - i - 1);
      n_chunks = i + 2;
      rest = &chunks[i + 1];
      rest->cursor = (MsCsvCursor) { chunk->cursor.p, text + length, text + length,
                                     chunk->cursor.line + line_offsets[i] };
      rest->room = (guint) (room - MIN (places[i + 1], room));
      line_offsets[i + 1] = 0;
      ms_campaign_chunk_parse (rest);
    }

  merge_chunks (self, chunks, n_chunks, line_offsets);
  clear_chunks (chunks, n_chunks);
  return TRUE;
}

/* Takes @split. */
static MsCampaignImport *
prepare (MsCsvSplit  *split,
         gboolean    *restart,
         GError     **error)
{
  g_autoptr(MsCsvSplit) owned = split;
  g_autoptr(MsCampaignImport) self = g_object_new (MS_TYPE_CAMPAIGN_IMPORT, NULL);

  if (!prepare_text (self, split, restart, error))
    return NULL;
  self->text = ms_csv_split_steal_buffer (split);
  return g_steal_pointer (&self);
}

static guint
choose_n_threads (gsize size,
                  guint n_threads)
{
  gsize n_chunks = size / PARALLEL_MIN_SIZE;

  if (n_threads > 0)
    return n_threads;
  return (guint) CLAMP (MIN (n_chunks, (gsize) g_get_num_processors ()), 1, PARALLEL_MAX_THREADS);
}

/**
 * _ms_campaign_import_prepare_with_threads:
 * @n_threads: how many threads to parse with at most; 0 for as many as
 *   there are processors (1 for a small file)
 *
 * ms_campaign_import_prepare() with the number of threads chosen, so tests
 * can compare the ways of cutting a file.
 */
MsCampaignImport *
_ms_campaign_import_prepare_with_threads (GBytes  *data,
                                          guint    n_threads,
                                          GError **error)
{
  MsCsvSplit *split;
  gboolean restart = FALSE;
  const char *bytes;
  gsize size;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = g_bytes_get_data (data, &size);
  split = ms_csv_split_new (bytes, size, choose_n_threads (size, n_threads), error);
  if (split == NULL)
    return NULL;
  /* the bytes are copied: a wrong cut is mended here, no restart */
  return prepare (split, &restart, error);
}

/**
 * _ms_campaign_import_prepare_file_with_threads:
 *
 * ms_campaign_import_prepare_file() with the number of threads chosen.
 */
MsCampaignImport *
_ms_campaign_import_prepare_file_with_threads (GFile         *file,
                                               guint          n_threads,
                                               GCancellable  *cancellable,
                                               GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  MsCampaignImport *self;
  MsCsvSplit *split;
  gboolean restart = FALSE;
  gsize length = 0;
  char *data;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The text is parsed in the buffer it was read into. */
  data = ms_file_load_contents (file, cancellable, &length, error);
  if (data == NULL)
    return NULL;
  split = ms_csv_split_new_take (data, length, choose_n_threads (length, n_threads), error);
  if (split == NULL)
    return NULL;
  self = prepare (split, &restart, error);
  if (self != NULL || !restart)
    return self;

  /* A cut was wrong and that buffer cannot be restored: read the file
   * again, and parse a copy. */
  data = ms_file_load_contents (file, cancellable, &length, error);
  if (data == NULL)
    return NULL;
  bytes = g_bytes_new_take (data, length);
  return _ms_campaign_import_prepare_with_threads (bytes, n_threads, error);
}

/**
 * ms_campaign_import_prepare:
 * @data: the file's bytes
 *
 * Parses without writing anything. Fails only when the file as a whole is
 * unusable (encoding, no header, a required column missing, an unclosed
 * quote); bad rows are listed by ms_campaign_import_get_rejected().
 *
 * Returns: (transfer full): the preview
 */
MsCampaignImport *
ms_campaign_import_prepare (GBytes  *data,
                            GError **error)
{
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _ms_campaign_import_prepare_with_threads (data, 0, error);
}

/**
 * ms_campaign_import_prepare_file:
 *
 * Reads @file and parses it as ms_campaign_import_prepare() does.
 */
MsCampaignImport *
ms_campaign_import_prepare_file (GFile         *file,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _ms_campaign_import_prepare_file_with_threads (file, 0, cancellable, error);
}

/**
 * ms_campaign_import_commit:
 * @n_added: (out) (optional): rows added; rows already stored are skipped
 *
 * Writes every accepted row in one transaction: all of them, or none.
 */
gboolean
ms_campaign_import_commit (MsCampaignImport  *self,
                           MsStore           *store,
                           guint             *n_added,
                           GError           **error)
{
  g_autoptr(MsCampaignRepository) repository = NULL;

  g_return_val_if_fail (MS_IS_CAMPAIGN_IMPORT (self), FALSE);
  g_return_val_if_fail (MS_IS_STORE (store), FALSE);

  repository = ms_campaign_repository_new (store);
  /* repeats within the file were rejected while parsing */
  return ms_campaign_repository_insert_unique (repository,
                                                (const MsCampaignRow *) self->rows->data,
                                                self->rows->len, n_added, error);
}

MsEncoding
ms_campaign_import_get_encoding (MsCampaignImport *self)
{
  g_return_val_if_fail (MS_IS_CAMPAIGN_IMPORT (self), MS_ENCODING_UTF8);
  return self->encoding;
}

guint
ms_campaign_import_get_n_rows (MsCampaignImport *self)
{
  g_return_val_if_fail (MS_IS_CAMPAIGN_IMPORT (self), 0);
  return self->rows->len;
}

const MsCampaignRow *
ms_campaign_import_get_row (MsCampaignImport *self,
                            guint             index)
{
  g_return_val_if_fail (MS_IS_CAMPAIGN_IMPORT (self), NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);
  return &g_array_index (self->rows, MsCampaignRow, index);
}

guint
ms_campaign_import_get_n_rejected (MsCampaignImport *self)
{
  g_return_val_if_fail (MS_IS_CAMPAIGN_IMPORT (self), 0);
  return self->rejected->len;
}

const MsCampaignRejection *
ms_campaign_import_get_rejected (MsCampaignImport *self,
                                 guint             index)
{
  g_return_val_if_fail (MS_IS_CAMPAIGN_IMPORT (self), NULL);
  g_return_val_if_fail (index < self->rejected->len, NULL);
  return &g_array_index (self->rejected, MsCampaignRejection, index);
}

guint
ms_campaign_import_get_n_channel (MsCampaignImport *self,
                                  MsChannel         channel)
{
  g_return_val_if_fail (MS_IS_CAMPAIGN_IMPORT (self), 0);
  g_return_val_if_fail (channel <= MS_CHANNEL_LINE, 0);
  return self->n_channel[channel];
}

/**
 * ms_campaign_import_get_first_date:
 *
 * Returns: (nullable): the earliest date (YYYY-MM-DD), NULL without dates
 */
const char *
ms_campaign_import_get_first_date (MsCampaignImport *self)
{
  g_return_val_if_fail (MS_IS_CAMPAIGN_IMPORT (self), NULL);
  return self->first_date;
}

const char *
ms_campaign_import_get_last_date (MsCampaignImport *self)
{
  g_return_val_if_fail (MS_IS_CAMPAIGN_IMPORT (self), NULL);
  return self->last_date;
}

/**
 * ms_campaign_import_get_mean_open_rate:
 *
 * Returns: the mean over rows that have one (a fraction), or NAN
 */
double
ms_campaign_import_get_mean_open_rate (MsCampaignImport *self)
{
  g_return_val_if_fail (MS_IS_CAMPAIGN_IMPORT (self), NAN);
  return self->mean_open_rate;
}

double
ms_campaign_import_get_mean_ctr (MsCampaignImport *self)
{
  g_return_val_if_fail (MS_IS_CAMPAIGN_IMPORT (self), NAN);
  return self->mean_ctr;
}

double
ms_campaign_import_get_mean_cv_count (MsCampaignImport *self)
{
  g_return_val_if_fail (MS_IS_CAMPAIGN_IMPORT (self), NAN);
  return self->mean_cv_count;
}

static void
append_rate (GString    *s,
             const char *label,
             double      rate)
{
  if (isnan (rate))
    /* Translators: %s is "Mean open rate" or "Mean click rate" */
    g_string_append_printf (s, _("%s: —\n"), label);
  else
    /* Translators: %s is a label, %.1f a percentage */
    g_string_append_printf (s, _("%s: %.1f %%\n"), label, rate * 100.0);
}

static GString *
append_overview (MsCampaignImport *self,
                 GString          *s)
{

  /* Translators: %s is an encoding name */
  g_string_append_printf (s, _("Encoding: %s\n"), ms_encoding_to_string (self->encoding));
  g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%u row to import (email %u, LINE %u)\n",
                                          "%u rows to import (email %u, LINE %u)\n",
                                          self->rows->len),
                          self->rows->len, self->n_channel[MS_CHANNEL_EMAIL],
                          self->n_channel[MS_CHANNEL_LINE]);
  if (self->first_date != NULL)
    /* Translators: %s are dates */
    g_string_append_printf (s, _("Period: %s – %s\n"), self->first_date, self->last_date);
  append_rate (s, _("Mean open rate"), self->mean_open_rate);
  append_rate (s, _("Mean click rate"), self->mean_ctr);
  if (!isnan (self->mean_cv_count))
    /* Translators: %.1f is a number of conversions */
    g_string_append_printf (s, _("Mean conversions: %.1f\n"), self->mean_cv_count);
  g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%u row rejected\n",
                                          "%u rows rejected\n", self->rejected->len),
                          self->rejected->len);
  return s;
}

/**
 * ms_campaign_import_dup_overview:
 *
 * Returns: (transfer full): the preview in a few translated lines: encoding,
 *   rows by channel, period, means and how many rows were rejected
 */
char *
ms_campaign_import_dup_overview (MsCampaignImport *self)
{
  g_return_val_if_fail (MS_IS_CAMPAIGN_IMPORT (self), NULL);

  return g_string_free (append_overview (self, g_string_new (NULL)), FALSE);
}

/**
 * ms_campaign_import_dup_summary:
 *
 * Returns: (transfer full): the overview, then one line per rejected row
 */
char *
ms_campaign_import_dup_summary (MsCampaignImport *self)
{
  GString *s;

  g_return_val_if_fail (MS_IS_CAMPAIGN_IMPORT (self), NULL);

  s = append_overview (self, g_string_new (NULL));
  for (guint i = 0; i < self->rejected->len; i++)
    {
      const MsCampaignRejection *r = &g_array_index (self->rejected, MsCampaignRejection, i);

      /* Translators: %u is a line number, %s the reason */
      g_string_append_printf (s, _("  line %u: %s\n"), r->line, r->reason);
    }

  return g_string_free (s, FALSE);
}
