/* ms-campaign-batch.c — the rows file of one campaign import
 *
 * An import of campaign results is written as one file in the profile's
 * campaigns/ folder, named by its row in the `campaign_batch` table, instead
 * of as one SQLite row per campaign. Imports are large (100,000 rows is a
 * normal two-year export), written once and never edited; SQLite spends over
 * a microsecond per inserted row before any index, and its own guidance is
 * that BLOBs larger than about 100 kB read and write faster as separate files
 * (https://www.sqlite.org/intern-v-extern-blob.html). One write() and one
 * fdatasync() of the packed rows take a few milliseconds.
 *
 * Consistency: the file is written and synced before the transaction that
 * adds its `campaign_batch` row commits. A crash before the commit leaves a
 * file no row names, which ms-store.c deletes at the next open; a failed
 * commit deletes it at once. So a batch row always has its whole file.
 *
 * Layout, little-endian:
 *   "MSCAMPB1"                      magic and format version
 *   u32 n_rows, u32 0
 *   n_rows × 32 bytes               raw SHA-256 natural keys, in row order
 *   n_rows × row:
 *     u8 channel (0 email, 1 line), u8 flags (which optional parts follow:
 *       1 sent_on, 2 recipients, 4 open_rate, 8 ctr, 16 cv_count, 32 cv_type)
 *     [10 bytes sent_on "YYYY-MM-DD"] [varint recipients] [f64 open_rate]
 *     [f64 ctr] [varint cv_count]
 *     varint length + subject, varint length + body, [varint length + cv_type]
 * Varints are unsigned LEB128. Rows have no line number: that belongs to the
 * file they came from.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ms-campaign-batch.h"
#include "ms-store.h"

#define MAGIC "MSCAMPB1"
#define HEADER_SIZE 16

enum
{
  HAS_SENT_ON = 1 << 0,
  HAS_RECIPIENTS = 1 << 1,
  HAS_OPEN_RATE = 1 << 2,
  HAS_CTR = 1 << 3,
  HAS_CV_COUNT = 1 << 4,
  HAS_CV_TYPE = 1 << 5,
};

/* ------------------------------------------------------------------------ */
/* Where the files are                                                      */

/**
 * _ms_campaign_batch_dup_dir:
 *
 * Returns: (transfer full): the profile's folder of batch files
 */
char *
_ms_campaign_batch_dup_dir (MsStore *store)
{
  g_autofree char *profile = g_path_get_dirname (ms_store_get_path (store));

  return g_build_filename (profile, "campaigns", NULL);
}

char *
_ms_campaign_batch_dup_path (MsStore    *store,
                             const char *batch_id)
{
  g_autofree char *dir = _ms_campaign_batch_dup_dir (store);
  g_autofree char *name = g_strconcat (batch_id, ".rows", NULL);

  return g_build_filename (dir, name, NULL);
}

/* ------------------------------------------------------------------------ */
/* Ids and keys                                                             */

void
_ms_campaign_ids_init (MsCampaignIds *ids)
{
  guint64 ms = (guint64) (g_get_real_time () / 1000);

  /* Time-ordered UUIDs (version 7, RFC 9562): 48-bit Unix milliseconds, then
   * random bits; the rows of a batch count up from a random start below
   * 2^61, so they never carry into the variant bits. */
  ids->high = (ms << 16) | 0x7000 | (g_random_int () & 0x0fff);
  ids->low = G_GUINT64_CONSTANT (0x8000000000000000) |
             (((guint64) (g_random_int () & 0x1fffffff) << 32) | g_random_int ());
}

void
_ms_campaign_ids_format (const MsCampaignIds *ids,
                         guint                index,
                         char                 id[37])
{
  static const char hex[] = "0123456789abcdef";
  guint64 low = ids->low + index;
  guint o = 0;

  for (int i = 15; i >= 0; i--)
    {
      id[o++] = hex[(ids->high >> (i * 4)) & 0xf];
      if (o == 8 || o == 13 || o == 18)
        id[o++] = '-';
    }
  for (int i = 15; i >= 0; i--)
    {
      id[o++] = hex[(low >> (i * 4)) & 0xf];
      if (o == 23)
        id[o++] = '-';
    }
  id[36] = '\0';
}

gboolean
_ms_campaign_key_from_hex (const char *hex,
                           guint8      key[MS_CAMPAIGN_KEY_SIZE])
{
  for (guint i = 0; i < MS_CAMPAIGN_KEY_SIZE; i++)
    {
      int high = g_ascii_xdigit_value (hex[2 * i]);
      int low = high >= 0 ? g_ascii_xdigit_value (hex[2 * i + 1]) : -1;

      if (low < 0)
        return FALSE;
      key[i] = (guint8) (high << 4 | low);
    }
  return hex[2 * MS_CAMPAIGN_KEY_SIZE] == '\0';
}

void
_ms_campaign_key_to_hex (const guint8 *key,
                         char          hex[65])
{
  static const char digits[] = "0123456789abcdef";

  for (guint i = 0; i < MS_CAMPAIGN_KEY_SIZE; i++)
    {
      hex[2 * i] = digits[key[i] >> 4];
      hex[2 * i + 1] = digits[key[i] & 0xf];
    }
  hex[64] = '\0';
}

/* ------------------------------------------------------------------------ */
/* Writing                                                                  */

typedef struct
{
  guint8 *data;
  gsize   len;
  gsize   size;
} Buffer;

static inline guint8 *
buffer_reserve (Buffer *buffer,
                gsize   n)
{
  if (buffer->len + n > buffer->size)
    {
      buffer->size = MAX (buffer->size * 2, buffer->len + n);
      buffer->data = g_realloc (buffer->data, buffer->size);
    }
  return buffer->data + buffer->len;
}

static inline void
put_bytes (Buffer     *buffer,
           const void *bytes,
           gsize       n)
{
  memcpy (buffer_reserve (buffer, n), bytes, n);
  buffer->len += n;
}

static inline void
put_varint (Buffer  *buffer,
            guint64  value)
{
  guint8 *p = buffer_reserve (buffer, 10);
  guint n = 0;

  while (value >= 0x80)
    {
      p[n++] = (guint8) (value | 0x80);
      value >>= 7;
    }
  p[n++] = (guint8) value;
  buffer->len += n;
}

static inline void
put_double (Buffer *buffer,
            double  value)
{
  guint64 bits;

  memcpy (&bits, &value, sizeof bits);
  bits = GUINT64_TO_LE (bits);
  put_bytes (buffer, &bits, sizeof bits);
}

static inline void
put_string (Buffer     *buffer,
            const char *text)
{
  gsize n = text != NULL ? strlen (text) : 0;

  put_varint (buffer, n);
  put_bytes (buffer, text, n);
}

static void
put_row (Buffer              *buffer,
         const MsCampaignRow *row)
{
  guint8 flags = 0;
  guint8 head[2];

  if (row->sent_on != NULL && strlen (row->sent_on) == 10)
    flags |= HAS_SENT_ON;
  if (row->recipients >= 0)
    flags |= HAS_RECIPIENTS;
  if (!isnan (row->open_rate))
    flags |= HAS_OPEN_RATE;
  if (!isnan (row->ctr))
    flags |= HAS_CTR;
  if (row->cv_count >= 0)
    flags |= HAS_CV_COUNT;
  if (row->cv_type != NULL)
    flags |= HAS_CV_TYPE;

  head[0] = (guint8) row->channel;
  head[1] = flags;
  put_bytes (buffer, head, 2);
  if (flags & HAS_SENT_ON)
    put_bytes (buffer, row->sent_on, 10);
  if (flags & HAS_RECIPIENTS)
    put_varint (buffer, (guint64) row->recipients);
  if (flags & HAS_OPEN_RATE)
    put_double (buffer, row->open_rate);
  if (flags & HAS_CTR)
    put_double (buffer, row->ctr);
  if (flags & HAS_CV_COUNT)
    put_varint (buffer, (guint64) row->cv_count);
  put_string (buffer, row->subject);
  put_string (buffer, row->body);
  if (flags & HAS_CV_TYPE)
    put_string (buffer, row->cv_type);
}

static gboolean
set_file_error (const char  *path,
                int          saved_errno,
                GError     **error)
{
  MsStoreError code = MS_STORE_ERROR_FAILED;

  if (saved_errno == ENOSPC || saved_errno == EDQUOT)
    code = MS_STORE_ERROR_FULL;
  else if (saved_errno == EACCES || saved_errno == EPERM || saved_errno == EROFS)
    code = MS_STORE_ERROR_READ_ONLY;
  g_set_error (error, MS_STORE_ERROR, code,
               /* Translators: first %s is a file, second the system's reason */
               _("Cannot write the imported campaigns to “%s”: %s. Free some disk space or "
                 "check the profile folder's permissions, then import again."),
               path, g_strerror (saved_errno));
  return FALSE;
}

/* The file is written through a small buffer that is flushed as it fills:
 * the pages stay in cache and nothing as large as the file is allocated. */
#define FLUSH_AT (1024 * 1024)

typedef struct
{
  const char *path;
  int         fd;
  Buffer      buffer;
  gsize       flushed;
} Writer;

static gboolean
writer_flush (Writer  *writer,
              GError **error)
{
  gsize done = 0;

  while (done < writer->buffer.len)
    {
      gssize n = write (writer->fd, writer->buffer.data + done, writer->buffer.len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return set_file_error (writer->path, n < 0 ? errno : ENOSPC, error);
      done += (gsize) n;
    }
  writer->flushed += writer->buffer.len;
  writer->buffer.len = 0;
  return TRUE;
}

static inline gboolean
writer_maybe_flush (Writer  *writer,
                    GError **error)
{
  return writer->buffer.len < FLUSH_AT || writer_flush (writer, error);
}

/* Waits until the file is on disk, with its name: the folder is synced too. */
static gboolean
writer_finish (Writer  *writer,
               GError **error)
{
  g_autofree char *dir = g_path_get_dirname (writer->path);
  int dir_fd;

  if (!writer_flush (writer, error))
    return FALSE;
  if (fdatasync (writer->fd) != 0)
    return set_file_error (writer->path, errno, error);
  dir_fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (dir_fd >= 0)
    {
      fsync (dir_fd);
      close (dir_fd);
    }
  return TRUE;
}

/**
 * _ms_campaign_batch_write:
 * @indexes: which of @rows to write, in order
 * @stride: every how many rows to record an offset
 * @offsets: (element-type gsize): gets the byte offset of rows 0, @stride,
 *   2 × @stride, …
 *
 * Writes a new batch file (never an existing one) and syncs it to disk. On
 * an error no file is left.
 */
gboolean
_ms_campaign_batch_write (const char          *path,
                          const MsCampaignRow *rows,
                          const guint         *indexes,
                          guint                n_indexes,
                          guint                stride,
                          GArray              *offsets,
                          GError             **error)
{
  Writer writer = { path, -1, { NULL, 0, 0 }, 0 };
  guint32 header[2] = { GUINT32_TO_LE (n_indexes), 0 };
  gboolean ok = TRUE;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (stride > 0, FALSE);

  writer.fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (writer.fd < 0)
    return set_file_error (path, errno, error);
  writer.buffer.size = FLUSH_AT + 64 * 1024;
  writer.buffer.data = g_malloc (writer.buffer.size);

  put_bytes (&writer.buffer, MAGIC, 8);
  put_bytes (&writer.buffer, header, sizeof header);
  for (guint i = 0; ok && i < n_indexes; i++)
    {
      put_bytes (&writer.buffer, rows[indexes[i]].digest, MS_CAMPAIGN_KEY_SIZE);
      ok = writer_maybe_flush (&writer, error);
    }
  for (guint i = 0; ok && i < n_indexes; i++)
    {
      if (i % stride == 0)
        {
          gsize offset = writer.flushed + writer.buffer.len;

          g_array_append_val (offsets, offset);
        }
      put_row (&writer.buffer, &rows[indexes[i]]);
      ok = writer_maybe_flush (&writer, error);
    }
  ok = ok && writer_finish (&writer, error);

  g_free (writer.buffer.data);
  if (close (writer.fd) != 0 && ok)
    ok = set_file_error (path, errno, error);
  if (!ok)
    g_unlink (path);
  return ok;
}

/* ------------------------------------------------------------------------ */
/* Reading                                                                  */

struct _MsCampaignBatch
{
  GMappedFile  *file;
  const guint8 *data;
  gsize         len;
  guint         n_rows;
};

static gboolean
set_corrupt_error (const char  *path,
                   GError     **error)
{
  g_set_error (error, MS_STORE_ERROR, MS_STORE_ERROR_CORRUPT,
               /* Translators: %s is a file */
               _("The imported campaigns in “%s” are damaged. Import the campaign file again."),
               path);
  return FALSE;
}

/**
 * _ms_campaign_batch_open:
 *
 * Maps a batch file and checks its header.
 */
MsCampaignBatch *
_ms_campaign_batch_open (const char  *path,
                         GError     **error)
{
  g_autoptr(MsCampaignBatch) self = g_new0 (MsCampaignBatch, 1);
  guint32 n_rows;

  self->file = g_mapped_file_new (path, FALSE, error);
  if (self->file == NULL)
    return NULL;
  self->data = (const guint8 *) g_mapped_file_get_contents (self->file);
  self->len = g_mapped_file_get_length (self->file);
  if (self->len < HEADER_SIZE || memcmp (self->data, MAGIC, 8) != 0)
    {
      set_corrupt_error (path, error);
      return NULL;
    }
  memcpy (&n_rows, self->data + 8, sizeof n_rows);
  self->n_rows = GUINT32_FROM_LE (n_rows);
  if ((self->len - HEADER_SIZE) / MS_CAMPAIGN_KEY_SIZE < self->n_rows)
    {
      set_corrupt_error (path, error);
      return NULL;
    }
  return g_steal_pointer (&self);
}

void
_ms_campaign_batch_free (MsCampaignBatch *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->file, g_mapped_file_unref);
  g_free (self);
}

guint
_ms_campaign_batch_get_n_rows (MsCampaignBatch *self)
{
  return self->n_rows;
}

const guint8 *
_ms_campaign_batch_get_key (MsCampaignBatch *self,
                            guint            index)
{
  g_return_val_if_fail (index < self->n_rows, NULL);
  return self->data + HEADER_SIZE + (gsize) index * MS_CAMPAIGN_KEY_SIZE;
}

/* Where the first row starts: pass it to _ms_campaign_batch_read_row(). */
gsize
_ms_campaign_batch_get_first_row (MsCampaignBatch *self)
{
  return HEADER_SIZE + (gsize) self->n_rows * MS_CAMPAIGN_KEY_SIZE;
}

static inline gboolean
get_varint (MsCampaignBatch *self,
            gsize           *offset,
            guint64         *value)
{
  guint64 v = 0;

  for (guint shift = 0; shift < 64 && *offset < self->len; shift += 7)
    {
      guint8 byte = self->data[(*offset)++];

      v |= (guint64) (byte & 0x7f) << shift;
      if ((byte & 0x80) == 0)
        {
          *value = v;
          return TRUE;
        }
    }
  return FALSE;
}

static inline gboolean
get_double (MsCampaignBatch *self,
            gsize           *offset,
            double          *value)
{
  guint64 bits;

  if (self->len - *offset < sizeof bits)
    return FALSE;
  memcpy (&bits, self->data + *offset, sizeof bits);
  bits = GUINT64_FROM_LE (bits);
  memcpy (value, &bits, sizeof bits);
  *offset += sizeof bits;
  return TRUE;
}

static inline gboolean
get_string (MsCampaignBatch  *self,
            gsize            *offset,
            GStringChunk     *strings,
            char            **text)
{
  guint64 n;

  if (!get_varint (self, offset, &n) || n > self->len - *offset)
    return FALSE;
  *text = g_string_chunk_insert_len (strings, (const char *) self->data + *offset, (gssize) n);
  *offset += n;
  return TRUE;
}

static inline gboolean
skip_varint (MsCampaignBatch *self,
             gsize           *offset)
{
  guint64 value;

  return get_varint (self, offset, &value);
}

static inline gboolean
skip_string (MsCampaignBatch *self,
             gsize           *offset)
{
  guint64 n;

  if (!get_varint (self, offset, &n) || n > self->len - *offset)
    return FALSE;
  *offset += n;
  return TRUE;
}

/**
 * _ms_campaign_batch_peek_row:
 * @offset: (inout): where the row starts; moved to the next one
 * @channel: (out): the row's channel
 * @sent_on: (out): its date, 10 bytes "YYYY-MM-DD" not NUL-terminated, or
 *   NULL
 *
 * What sorting needs, without copying the rest.
 *
 * Returns: FALSE if the file ends inside the row
 */
gboolean
_ms_campaign_batch_peek_row (MsCampaignBatch  *self,
                             gsize            *offset,
                             MsChannel        *channel,
                             const char      **sent_on)
{
  guint8 flags;

  if (self->len - *offset < 2 || self->data[*offset] > MS_CHANNEL_LINE)
    return FALSE;
  *channel = (MsChannel) self->data[*offset];
  flags = self->data[*offset + 1];
  *offset += 2;
  *sent_on = NULL;
  if (flags & HAS_SENT_ON)
    {
      if (self->len - *offset < 10)
        return FALSE;
      *sent_on = (const char *) self->data + *offset;
      *offset += 10;
    }
  if ((flags & HAS_RECIPIENTS) && !skip_varint (self, offset))
    return FALSE;
  for (guint8 rate = HAS_OPEN_RATE; rate <= HAS_CTR; rate <<= 1)
    if (flags & rate)
      {
        if (self->len - *offset < sizeof (double))
          return FALSE;
        *offset += sizeof (double);
      }
  if ((flags & HAS_CV_COUNT) && !skip_varint (self, offset))
    return FALSE;
  if (!skip_string (self, offset) || !skip_string (self, offset))
    return FALSE;
  return !(flags & HAS_CV_TYPE) || skip_string (self, offset);
}

/**
 * _ms_campaign_batch_read_row:
 * @offset: (inout): where the row starts; moved to the next one
 * @row: (out caller-allocates): the row, its strings in @strings; its
 *   natural key is not filled in (see _ms_campaign_batch_get_key())
 *
 * Returns: FALSE if the file ends inside the row
 */
gboolean
_ms_campaign_batch_read_row (MsCampaignBatch *self,
                             gsize           *offset,
                             MsCampaignRow   *row,
                             GStringChunk    *strings)
{
  guint64 value;
  guint8 flags;

  memset (row, 0, sizeof *row);
  row->recipients = -1;
  row->cv_count = -1;
  row->open_rate = NAN;
  row->ctr = NAN;

  if (self->len - *offset < 2 || self->data[*offset] > MS_CHANNEL_LINE)
    return FALSE;
  row->channel = (MsChannel) self->data[*offset];
  flags = self->data[*offset + 1];
  *offset += 2;

  if (flags & HAS_SENT_ON)
    {
      if (self->len - *offset < 10)
        return FALSE;
      row->sent_on = g_string_chunk_insert_len (strings, (const char *) self->data + *offset, 10);
      *offset += 10;
    }
  if (flags & HAS_RECIPIENTS)
    {
      if (!get_varint (self, offset, &value) || value > G_MAXINT64)
        return FALSE;
      row->recipients = (gint64) value;
    }
  if ((flags & HAS_OPEN_RATE) && !get_double (self, offset, &row->open_rate))
    return FALSE;
  if ((flags & HAS_CTR) && !get_double (self, offset, &row->ctr))
    return FALSE;
  if (flags & HAS_CV_COUNT)
    {
      if (!get_varint (self, offset, &value) || value > G_MAXINT64)
        return FALSE;
      row->cv_count = (gint64) value;
    }
  if (!get_string (self, offset, strings, &row->subject) ||
      !get_string (self, offset, strings, &row->body))
    return FALSE;
  if ((flags & HAS_CV_TYPE) && !get_string (self, offset, strings, &row->cv_type))
    return FALSE;
  return TRUE;
}
