/* test-import-parallel.c — the campaign import cut into chunks gives what one thread gives
 *
 * ms_campaign_import_prepare() parses a large file in chunks, one thread
 * each, cutting where a guess says a record ends (ms-csv-split.c). Every test
 * here prepares a file the ways there are — one thread (the reference), two
 * to four threads from bytes, and from a file (parsed where it was read, and
 * read again when a cut was wrong) — and checks that they agree on
 * everything: rows, keys, rejections, summary and errors. The tricky parts
 * are slid across the middle of the file byte by byte, so that two threads
 * cut at every byte of them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include "io/ms-io.h"
#include "io/ms-campaign-import-private.h"

#define HEADER "date,channel,subject,body,recipients,open_rate,ctr,cv_count,cv_type\n"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("test-import-parallel-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "campaigns.csv", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_unlink (fixture->path);
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* ------------------------------------------------------------------------ */
/* Comparing                                                                */

static void
assert_same_double (double a,
                    double b)
{
  if (isnan (a) || isnan (b))
    g_assert_true (isnan (a) && isnan (b));
  else
    g_assert_true (memcmp (&a, &b, sizeof a) == 0);
}

static void
assert_same (MsCampaignImport *a,
             const GError     *a_error,
             MsCampaignImport *b,
             const GError     *b_error)
{
  g_autofree char *a_summary = NULL;
  g_autofree char *b_summary = NULL;

  if (a == NULL || b == NULL)
    {
      g_assert_null (a);
      g_assert_null (b);
      g_assert_nonnull (a_error);
      g_assert_nonnull (b_error);
      g_assert_cmpuint (a_error->domain, ==, b_error->domain);
      g_assert_cmpint (a_error->code, ==, b_error->code);
      g_assert_cmpstr (a_error->message, ==, b_error->message);
      return;
    }

  g_assert_cmpint (ms_campaign_import_get_encoding (a), ==, ms_campaign_import_get_encoding (b));
  g_assert_cmpuint (ms_campaign_import_get_n_rows (a), ==, ms_campaign_import_get_n_rows (b));
  for (guint i = 0; i < ms_campaign_import_get_n_rows (a); i++)
    {
      const MsCampaignRow *x = ms_campaign_import_get_row (a, i);
      const MsCampaignRow *y = ms_campaign_import_get_row (b, i);

      g_assert_cmpuint (x->line, ==, y->line);
      g_assert_cmpstr (x->sent_on, ==, y->sent_on);
      g_assert_cmpint (x->channel, ==, y->channel);
      g_assert_cmpstr (x->subject, ==, y->subject);
      g_assert_cmpstr (x->body, ==, y->body);
      g_assert_cmpint (x->recipients, ==, y->recipients);
      assert_same_double (x->open_rate, y->open_rate);
      assert_same_double (x->ctr, y->ctr);
      g_assert_cmpint (x->cv_count, ==, y->cv_count);
      g_assert_cmpstr (x->cv_type, ==, y->cv_type);
      g_assert_cmpstr (x->natural_key, ==, y->natural_key);
    }

  g_assert_cmpuint (ms_campaign_import_get_n_rejected (a), ==,
                    ms_campaign_import_get_n_rejected (b));
  for (guint i = 0; i < ms_campaign_import_get_n_rejected (a); i++)
    {
      const MsCampaignRejection *x = ms_campaign_import_get_rejected (a, i);
      const MsCampaignRejection *y = ms_campaign_import_get_rejected (b, i);

      g_assert_cmpuint (x->line, ==, y->line);
      g_assert_cmpstr (x->reason, ==, y->reason);
    }

  for (MsChannel c = MS_CHANNEL_EMAIL; c <= MS_CHANNEL_LINE; c++)
    g_assert_cmpuint (ms_campaign_import_get_n_channel (a, c), ==,
                      ms_campaign_import_get_n_channel (b, c));
  g_assert_cmpstr (ms_campaign_import_get_first_date (a), ==,
                   ms_campaign_import_get_first_date (b));
  g_assert_cmpstr (ms_campaign_import_get_last_date (a), ==, ms_campaign_import_get_last_date (b));
  assert_same_double (ms_campaign_import_get_mean_open_rate (a),
                      ms_campaign_import_get_mean_open_rate (b));
  assert_same_double (ms_campaign_import_get_mean_ctr (a), ms_campaign_import_get_mean_ctr (b));
  assert_same_double (ms_campaign_import_get_mean_cv_count (a),
                      ms_campaign_import_get_mean_cv_count (b));

  a_summary = ms_campaign_import_dup_summary (a);
  b_summary = ms_campaign_import_dup_summary (b);
  g_assert_cmpstr (a_summary, ==, b_summary);
}

/* Rejections come sorted by line, rows too, and no line is both. */
static void
assert_in_order (MsCampaignImport *import)
{
  guint n_rows = ms_campaign_import_get_n_rows (import);
  guint n_rejected = ms_campaign_import_get_n_rejected (import);

  for (guint i = 1; i < n_rows; i++)
    g_assert_cmpuint (ms_campaign_import_get_row (import, i - 1)->line, <,
                      ms_campaign_import_get_row (import, i)->line);
  for (guint i = 1; i < n_rejected; i++)
    g_assert_cmpuint (ms_campaign_import_get_rejected (import, i - 1)->line, <,
                      ms_campaign_import_get_rejected (import, i)->line);
}

/* Prepares @text every way and checks they agree; returns the one-thread
 * result (and error). @max_threads: the most threads to try. */
static MsCampaignImport *
prepare_every_way (Fixture     *fixture,
                   const char  *text,
                   gsize        length,
                   guint        max_threads,
                   GError     **reference_error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, length);
  g_autoptr(GFile) file = g_file_new_for_path (fixture->path);
  g_autoptr(GError) error = NULL;
  MsCampaignImport *reference;

  reference = _ms_campaign_import_prepare_with_threads (bytes, 1, reference_error);
  g_assert_true ((reference == NULL) != (*reference_error == NULL));
  if (reference != NULL)
    assert_in_order (reference);

  for (guint n = 2; n <= max_threads; n++)
    {
      g_autoptr(MsCampaignImport) other = NULL;

      other = _ms_campaign_import_prepare_with_threads (bytes, n, &error);
      assert_same (reference, *reference_error, other, error);
      g_clear_error (&error);
    }

  g_file_set_contents (fixture->path, text, (gssize) length, &error);
  g_assert_no_error (error);
  for (guint n = 1; n <= MIN (max_threads, 3); n++)
    {
      g_autoptr(MsCampaignImport) other = NULL;

      other = _ms_campaign_import_prepare_file_with_threads (file, n, NULL, &error);
      assert_same (reference, *reference_error, other, error);
      g_clear_error (&error);
    }

  return reference;
}

typedef void (*CheckFunc) (MsCampaignImport *reference,
                           const GError     *error,
                           gsize             offset);

/* Prepares @head, a padding row, @block and rows made with @tail_format
 * (one %u), with the padding growing a byte at a time so that the middle of
 * the text (where two threads cut) crosses every byte of @block. @check sees
 * the one-thread result, and where @block starts. */
static void
slide (Fixture    *fixture,
       const char *head,
       const char *block,
       const char *tail_format,
       CheckFunc   check)
{
  g_autoptr(GString) tails = g_string_new (NULL);
  gsize head_length = strlen (HEADER) + strlen (head) + strlen ("2024-01-01,email,pad,,,,,,\n");
  gsize max_padding;

  /* long enough that the middle starts past the block */
  for (guint i = 0; tails->len < head_length + strlen (block) + 16; i++)
    g_string_append_printf (tails, tail_format, i);
  max_padding = strlen (block) + tails->len - head_length + 16;

  for (gsize padding = 0; padding <= max_padding; padding++)
    {
      g_autoptr(GString) text = g_string_new (HEADER);
      g_autoptr(MsCampaignImport) reference = NULL;
      g_autoptr(GError) error = NULL;
      gsize offset;

      g_string_append (text, head);
      g_string_append (text, "2024-01-01,email,pad");
      for (gsize i = 0; i < padding; i++)
        g_string_append_c (text, 'x');
      g_string_append (text, ",,,,,,\n");
      offset = text->len;
      g_string_append (text, block);
      g_string_append_len (text, tails->str, (gssize) tails->len);

      reference = prepare_every_way (fixture, text->str, text->len, 3, &error);
      if (check != NULL)
        check (reference, error, offset);
    }
}

static char *
to_shift_jis (const char *text,
              gsize       text_length,
              gsize      *length)
{
  g_autoptr(GError) error = NULL;
  char *converted = g_convert (text, (gssize) text_length, "CP932", "UTF-8", NULL, length, &error);

  g_assert_no_error (error);
  return converted;
}

/* ------------------------------------------------------------------------ */
/* Tricky parts at a cut                                                    */

/* Quoted fields with commas, doubled quotes, text after the closing quote
 * and line breaks of every kind inside. */
static const char quoted_block[] =
  "2024-02-01,email,\"件名, カンマ\",\"1行目\n2行目\r\n3行目\r4行目, \"\"引用\"\"\",100,10%,1%,1,購入\n"
  "2024-02-02,line,\"a\n\n\nb\",\"\"\"\r\n\"\"\",200,0.5,2,2,\n"
  "2024-02-03,email,\"after\"text,\"x\"y\nz,300,23.4,2.5%,3,来店\r\n";

static void
check_quoted (MsCampaignImport *reference,
              const GError     *error,
              gsize             offset)
{
  const MsCampaignRow *row;

  g_assert_no_error ((GError *) error);
  /* the padding row, three rows, then the tail's; "x"y\nz ends at the \n */
  row = ms_campaign_import_get_row (reference, 1);
  g_assert_cmpstr (row->subject, ==, "件名, カンマ");
  g_assert_cmpstr (row->body, ==, "1行目\n2行目\r\n3行目\r4行目, \"引用\"");
  g_assert_cmpuint (row->line, ==, 3);
  row = ms_campaign_import_get_row (reference, 2);
  g_assert_cmpstr (row->subject, ==, "a\n\n\nb");
  g_assert_cmpstr (row->body, ==, "\"\r\n\"");
  g_assert_cmpuint (row->line, ==, 7);
  row = ms_campaign_import_get_row (reference, 3);
  g_assert_cmpstr (row->subject, ==, "aftertext");
  g_assert_cmpuint (row->line, ==, 12);
  /* "x"y then the line ends: "z,300,…" is a row of its own, line 13 */
  g_assert_cmpuint (ms_campaign_import_get_n_rejected (reference), ==, 1);
  g_assert_cmpuint (ms_campaign_import_get_rejected (reference, 0)->line, ==, 13);
}

static void
test_quoted_newlines (Fixture       *fixture,
                      gconstpointer  data)
{
  slide (fixture, "", quoted_block, "2024-03-01,email,tail %u,,1,,,,\n", check_quoted);
}

/* A quote inside an unquoted field is text, and throws the quote count off:
 * the cut is wrong, and the rest is parsed again (from a file: read again). */
static const char stray_block[] =
  "2024-02-01,email,27\" monitor,plain body,100,10%,1%,1,\n"
  "2024-02-02,email,\"quoted\nfield\",b,200,10%,1%,1,\n";

static void
check_stray (MsCampaignImport *reference,
             const GError     *error,
             gsize             offset)
{
  g_assert_no_error ((GError *) error);
  g_assert_cmpstr (ms_campaign_import_get_row (reference, 1)->subject, ==, "27\" monitor");
  g_assert_cmpstr (ms_campaign_import_get_row (reference, 2)->subject, ==, "quoted\nfield");
  g_assert_cmpuint (ms_campaign_import_get_row (reference, 3)->line, ==, 6);
  g_assert_cmpuint (ms_campaign_import_get_n_rejected (reference), ==, 0);
}

static void
test_stray_quote (Fixture       *fixture,
                  gconstpointer  data)
{
  slide (fixture, "", stray_block, "2024-03-01,line,\"q %u\",\"multi\nline\",1,,,,\n",
         check_stray);
}

/* Two stray quotes a few rows apart: a cut between them is still found
 * right, after the second, but the rows before it were counted wrong, and
 * the first chunk runs out of room. */
static const char two_strays_block[] =
  "2024-02-01,email,27\" monitor,,100,10%,1%,1,\n"
  "2024-02-02,email,a,,1,,,,\n"
  "2024-02-03,email,b,\"two\nlines\",2,,,,\n"
  "2024-02-04,email,c,,3,,,,\n"
  "2024-02-05,email,d,,4,,,,\n"
  "2024-02-06,email,32\" monitor,,100,10%,1%,1,\n";

static void
test_two_stray_quotes (Fixture       *fixture,
                       gconstpointer  data)
{
  slide (fixture, "2024-01-02,line,\"head\nrow\",,1,,,,\n", two_strays_block,
         "2024-03-01,email,tail %u,,1,,,,\n", NULL);
}

/* Blank lines of every kind, around and at the cut. */
static const char blank_block[] =
  "\n\r\n\r\n\n\r\r\n"
  "2024-02-01,email,after blanks,,1,,,,\n"
  "\n\n"
  "2024-02-02,email,after more,,2,,,,\r\n\r\n";

static void
check_blank (MsCampaignImport *reference,
             const GError     *error,
             gsize             offset)
{
  g_assert_no_error ((GError *) error);
  /* header 1, padding 2, blank lines 3–9 */
  g_assert_cmpuint (ms_campaign_import_get_row (reference, 1)->line, ==, 9);
  g_assert_cmpuint (ms_campaign_import_get_row (reference, 2)->line, ==, 12);
  g_assert_cmpuint (ms_campaign_import_get_row (reference, 3)->line, ==, 14);
}

static void
test_blank_lines (Fixture       *fixture,
                  gconstpointer  data)
{
  slide (fixture, "", blank_block, "2024-03-01,email,tail %u,,1,,,,\n\n", check_blank);
}

/* Old Mac line ends: CR only, no LF to cut after; the file is one piece. */
static void
test_cr_only (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(MsCampaignImport) reference = NULL;
  g_autoptr(GError) error = NULL;

  g_string_append (text, "date,channel,subject,body,recipients,open_rate,ctr,cv_count,cv_type\r");
  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (text, "2024-01-%02u,email,件名 %u,\"本文\r2行目\",%u,10%%,1%%,1,\r\r",
                            1 + i % 28, i, i);
  reference = prepare_every_way (fixture, text->str, text->len, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ms_campaign_import_get_n_rows (reference), ==, 2000);
  g_assert_cmpuint (ms_campaign_import_get_row (reference, 1999)->line, ==, 2 + 1999 * 3);

  /* and one LF in the middle: pieces cut there, inside a quoted field */
  g_string_insert_c (text, (gssize) strstr (text->str + text->len / 2, "本文\r") - (gssize) text->str
                     + (gssize) strlen ("本文"), '\n');
  g_clear_object (&reference);
  reference = prepare_every_way (fixture, text->str, text->len, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ms_campaign_import_get_n_rows (reference), ==, 2000);
}

/* A quote never closed, in the second half: the error names its line. */
static void
test_unclosed_quote (Fixture       *fixture,
                     gconstpointer  data)
{
  for (guint at = 10; at < 200; at += 7)
    {
      g_autoptr(GString) text = g_string_new (HEADER);
      g_autoptr(MsCampaignImport) reference = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *line = NULL;
      guint line_of_quote = 0;

      for (guint i = 0; i < 200; i++)
        {
          if (i == at)
            {
              /* line: header, rows 0…at-1 take one line each but the
               * quoted one at 5 takes two */
              line_of_quote = 2 + i + (at > 5 ? 1 : 0);
              g_string_append (text, "2024-01-01,email,\"never closed,body,1,,,,\n");
            }
          else if (i == 5)
            g_string_append (text, "2024-01-01,email,\"two\nlines\",body,5,,,,\n");
          else
            g_string_append_printf (text, "2024-01-01,email,row %u,body,%u,,,,\n", i, i);
        }

      reference = prepare_every_way (fixture, text->str, text->len, 4, &error);
      g_assert_null (reference);
      g_assert_error (error, MS_IO_ERROR, MS_IO_ERROR_SYNTAX);
      line = g_strdup_printf ("%u", line_of_quote);
      g_assert_nonnull (strstr (error->message, line));
    }
}

/* A repeat in the second half names the first, in the first half; rejected
 * rows in both halves come out in line order. */
static const char repeat_head[] =
  "2024-01-05,email,first,body,100,10%,1%,1,\n"      /* line 2 */
  "2024-13-01,email,bad date,,1,,,,\n"               /* line 3: rejected */
  "2024-01-06,line,second,\"two\nlines\",200,,,,\n";  /* lines 4–5 */

static const char repeat_block[] =
  "2024-01-05,email,first,another body,100,20%,2%,2,\n"
  "2024-01-07,fax,fax,,1,,,,\n"
  "2024-01-06,line,second,,200,,,,\n";

static void
check_repeats (MsCampaignImport *reference,
               const GError     *error,
               gsize             offset)
{
  guint n = ms_campaign_import_get_n_rejected (reference);
  /* header 1, head 2–5, padding 6, block 7–9 */
  guint lines[] = { 3, 7, 8, 9 };

  g_assert_no_error ((GError *) error);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (lines));
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (ms_campaign_import_get_rejected (reference, i)->line, ==, lines[i]);
  g_assert_nonnull (strstr (ms_campaign_import_get_rejected (reference, 1)->reason, "2"));
  g_assert_nonnull (strstr (ms_campaign_import_get_rejected (reference, 3)->reason, "4"));
  g_assert_cmpstr (ms_campaign_import_get_row (reference, 0)->body, ==, "body");
}

static void
test_repeats_across_chunks (Fixture       *fixture,
                            gconstpointer  data)
{
  slide (fixture, repeat_head, repeat_block, "2024-03-01,email,tail %u,,1,,,,\n",
         check_repeats);
}

/* The same files in Shift_JIS and with a BOM. */
static void
test_encodings (Fixture       *fixture,
                gconstpointer  data)
{
  const char *blocks[] = { quoted_block, stray_block, blank_block, repeat_block };

  for (guint b = 0; b < G_N_ELEMENTS (blocks); b++)
    for (guint padding = 0; padding < 300; padding += 3)
      {
        g_autoptr(GString) text = g_string_new (HEADER);
        g_autoptr(MsCampaignImport) reference = NULL;
        g_autoptr(MsCampaignImport) bom = NULL;
        g_autoptr(GError) error = NULL;
        g_autofree char *sjis = NULL;
        g_autofree char *with_bom = NULL;
        gsize sjis_length = 0;

        g_string_append (text, repeat_head);
        for (guint i = 0; i < padding; i++)
          g_string_append (text, i % 2 ? "あ" : "a");
        g_string_append (text, ",email,padding,,,,,,\n");
        g_string_append (text, blocks[b]);
        for (guint i = 0; i < 12; i++)
          g_string_append_printf (text, "2024-03-%02u,LINE,テール %u,本文,%u,50%%,3%%,2,購入\n",
                                  1 + i, i, i);

        sjis = to_shift_jis (text->str, text->len, &sjis_length);
        reference = prepare_every_way (fixture, sjis, sjis_length, 3, &error);
        g_assert_no_error (error);
        g_assert_cmpint (ms_campaign_import_get_encoding (reference), ==, MS_ENCODING_SHIFT_JIS);
        g_clear_object (&reference);

        with_bom = g_strconcat ("\xEF\xBB\xBF", text->str, NULL);
        bom = prepare_every_way (fixture, with_bom, strlen (with_bom), 3, &error);
        g_assert_no_error (error);
        g_assert_cmpint (ms_campaign_import_get_encoding (bom), ==, MS_ENCODING_UTF8_BOM);
      }
}

/* A NUL byte ends a field as a C string; Shift_JIS is how one gets in. A
 * field that starts with one is empty. */
/* A NUL byte is in no CSV text: a Shift_JIS file with NULs in either half
 * is refused the same way by every way of cutting it, naming the first. */
static void
test_nul_in_shift_jis (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new (HEADER);
  g_autoptr(MsCampaignImport) reference = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sjis = NULL;
  gsize length = 0;

  for (guint i = 0; i < 400; i++)
    g_string_append_printf (text, "2024-01-01,email,%s件名 %u,本文,1%u,1%%,1%%,1,\n",
                            i % 101 == 7 ? "@" : "", i, i);
  for (char *at = strchr (text->str, '@'); at != NULL; at = strchr (at + 1, '@'))
    *at = '\0';
  sjis = to_shift_jis (text->str, text->len, &length);
  g_assert_nonnull (memchr (sjis, '\0', length));
  reference = prepare_every_way (fixture, sjis, length, 4, &error);
  g_assert_null (reference);
  g_assert_error (error, MS_IO_ERROR, MS_IO_ERROR_ENCODING);
  g_assert_nonnull (strstr (error->message, " 9 "));
}

/* ------------------------------------------------------------------------ */
/* Random files                                                             */

static const char *
pick (GRand              *rand,
      const char * const *values,
      guint               n_values)
{
  return values[g_rand_int_range (rand, 0, (gint32) n_values)];
}

#define PICK(rand, values) pick ((rand), (values), G_N_ELEMENTS (values))

static void
append_field (GString    *s,
              const char *value,
              gboolean    quote)
{
  if (!quote)
    {
      g_string_append (s, value);
      return;
    }
  g_string_append_c (s, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (s, '"');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
}

/* @n_rows rows of every kind of value, right and wrong, repeats, blank
 * lines, each line break; with @stray, now and then a quote inside an
 * unquoted field. */
static char *
random_csv (guint32   seed,
            guint     n_rows,
            gboolean  stray,
            gsize    *length)
{
  static const char * const dates[] = {
    "2024-05-01", "2024-12-31", "2024/5/3", "2024年5月3日", "2024-05-01 10:00", " 2024-06-01 ",
    "2024-13-01", "2024-02-30", "1899-01-01", "soon", "", "２０２４－０５－０１",
  };
  static const char * const channels[] = {
    "email", "EMAIL", "line", "LINE", "メール", "ライン", " email ", "e-mail", "fax", "",
  };
  static const char * const subjects[] = {
    "【期間限定】春のセール", "新商品のご案内", "Weekly news", "with, comma", "with \"quotes\"",
    "two\nlines", "crlf\r\ninside", "lone\rcr", "  spaced  ", "", "ｶﾀｶﾅ", "①㈱",
  };
  static const char * const bodies[] = {
    "本文", "", "本文です。\r\n2行目, カンマ入り", "\"quoted\"", "  keep spaces  ", "a\n\nb",
  };
  static const char * const counts[] = {
    "100", "12,345", "0", "", "-5", "abc", "1.5", "999999999999", " 7 ",
  };
  static const char * const rates[] = {
    "23.4%", "23.4", "0.234", "1", "0.5%", "100%", "150%", "-1", "", "２３％", "23.4 %", "1e-2",
    "0.1234567890123456789", "007.50", "nan", "2.", ".5", "99.99999999999999",
  };
  static const char * const types[] = { "購入", "会員登録", "", "来店" };
  static const char * const ends[] = { "\n", "\r\n", "\r" };
  GRand *rand = g_rand_new_with_seed (seed);
  GString *s = g_string_new (HEADER);
  GPtrArray *previous = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n_rows; i++)
    {
      const char *end = PICK (rand, ends);
      gint32 kind = g_rand_int_range (rand, 0, 100);

      if (kind < 3)
        {
          g_string_append (s, end);   /* a blank line */
          continue;
        }
      if (kind < 8 && previous->len > 0)
        {
          /* a repeat of an earlier row, maybe far back */
          gint32 back = g_rand_int_range (rand, 0, (gint32) previous->len);

          g_string_append (s, g_ptr_array_index (previous, back));
          g_string_append (s, end);
          continue;
        }

      {
        g_autoptr(GString) row = g_string_new (NULL);
        const char *subject = PICK (rand, subjects);
        gboolean needs_quotes = strpbrk (subject, ",\"\r\n") != NULL;

        append_field (row, PICK (rand, dates), FALSE);
        g_string_append_c (row, ',');
        append_field (row, PICK (rand, channels), FALSE);
        g_string_append_c (row, ',');
        if (stray && g_rand_int_range (rand, 0, 500) == 0)
          g_string_append (row, "27\" screen");
        else
          append_field (row, subject, needs_quotes || g_rand_boolean (rand));
        g_string_append_printf (row, " %u,", i);
        {
          const char *body = PICK (rand, bodies);

          append_field (row, body, strpbrk (body, ",\"\r\n") != NULL);
        }
        g_string_append_c (row, ',');
        append_field (row, PICK (rand, counts), g_rand_int_range (rand, 0, 4) == 0);
        g_string_append_c (row, ',');
        g_string_append (row, PICK (rand, rates));
        g_string_append_c (row, ',');
        g_string_append (row, PICK (rand, rates));
        g_string_append_c (row, ',');
        append_field (row, PICK (rand, counts), FALSE);
        g_string_append_c (row, ',');
        g_string_append (row, PICK (rand, types));
        if (g_rand_int_range (rand, 0, 50) == 0)
          g_string_append (row, g_rand_boolean (rand) ? ",extra" : ",");

        g_string_append_len (s, row->str, (gssize) row->len);
        g_string_append (s, end);
        if (g_rand_int_range (rand, 0, 4) == 0)
          g_ptr_array_add (previous, g_string_free (g_steal_pointer (&row), FALSE));
      }
    }

  g_ptr_array_unref (previous);
  g_rand_free (rand);
  *length = s->len;
  return g_string_free (s, FALSE);
}

static void
test_random (Fixture       *fixture,
             gconstpointer  data)
{
  for (guint variant = 0; variant < 3; variant++)
    {
      g_autoptr(MsCampaignImport) reference = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      gsize length = 0;

      g_test_message ("variant %u", variant);
      text = random_csv (1234 + variant, 20000, variant == 1, &length);
      if (variant == 2)
        {
          g_autofree char *utf8 = g_steal_pointer (&text);

          text = to_shift_jis (utf8, length, &length);
        }
      reference = prepare_every_way (fixture, text, length, 4, &error);
      g_assert_no_error (error);
      /* there is something of everything */
      g_test_message ("%u rows, %u rejected", ms_campaign_import_get_n_rows (reference),
                      ms_campaign_import_get_n_rejected (reference));
      g_assert_cmpuint (ms_campaign_import_get_n_rows (reference), >, 200);
      g_assert_cmpuint (ms_campaign_import_get_n_rejected (reference), >, 2000);
    }
}

/* A file large enough for threads on its own (over 256 KB), prepared the
 * ordinary way, agrees with one thread. */
static void
test_default_threads (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (fixture->path);
  g_autoptr(MsCampaignImport) reference = NULL;
  g_autoptr(MsCampaignImport) preview = NULL;
  g_autoptr(MsCampaignImport) from_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;

  text = random_csv (99, 8000, FALSE, &length);
  g_assert_cmpuint (length, >, 256 * 1024);
  bytes = g_bytes_new (text, length);
  reference = _ms_campaign_import_prepare_with_threads (bytes, 1, &error);
  g_assert_no_error (error);
  preview = ms_campaign_import_prepare (bytes, &error);
  g_assert_no_error (error);
  assert_same (reference, NULL, preview, NULL);

  g_file_set_contents (fixture->path, text, (gssize) length, &error);
  g_assert_no_error (error);
  from_file = ms_campaign_import_prepare_file (file, NULL, &error);
  g_assert_no_error (error);
  assert_same (reference, NULL, from_file, NULL);
}

/* ------------------------------------------------------------------------ */
/* Decoding                                                                 */

/* Detection by the fast validator agrees with g_utf8_validate_len(). */
static void
test_validate_like_glib (void)
{
  static const guchar interesting[] = {
    0x00, 0x01, 0x0a, 0x22, 0x2c, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1,
    0xc2, 0xdf, 0xe0, 0xe1, 0xe3, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff,
  };
  static const char * const samples[] = { "あいう", "a,b", "€", "𝄞", "ｶ", "\xed\x9f\xbf" };
  GRand *rand = g_rand_new_with_seed (7);
  guchar buffer[64];

  for (guint round = 0; round < 200000; round++)
    {
      gsize n = (gsize) g_rand_int_range (rand, 0, sizeof buffer - 4);
      g_autofree char *utf8 = NULL;
      g_autoptr(GError) error = NULL;
      MsEncoding encoding = MS_ENCODING_SHIFT_JIS;
      gboolean valid;

      /* runs of good text with a bad byte now and then */
      for (gsize i = 0; i < n; )
        {
          if (g_rand_int_range (rand, 0, 3) == 0)
            {
              const char *sample = samples[g_rand_int_range (rand, 0, G_N_ELEMENTS (samples))];
              gsize len = MIN (strlen (sample), n - i);

              memcpy (buffer + i, sample, len);
              i += len;
            }
          else
            buffer[i++] = g_rand_boolean (rand) ?
              interesting[g_rand_int_range (rand, 0, G_N_ELEMENTS (interesting))] :
              (guchar) g_rand_int_range (rand, 0, 256);
        }
      /* no BOM: that is another path */
      if (n >= 3 && memcmp (buffer, "\xEF\xBB\xBF", 3) == 0)
        buffer[0] = 'a';

      valid = g_utf8_validate_len ((const char *) buffer, n, NULL);
      utf8 = ms_encoding_to_utf8 ((const char *) buffer, n, &encoding, NULL, &error);
      if (valid)
        {
          g_assert_no_error (error);
          g_assert_cmpint (encoding, ==, MS_ENCODING_UTF8);
          g_assert_true (memcmp (utf8, buffer, n) == 0);
        }
      else
        g_assert_true (utf8 == NULL || encoding == MS_ENCODING_SHIFT_JIS);
    }
  g_rand_free (rand);
}

/* Rates written as plain decimals are parsed without strtod: the same
 * doubles, to the bit, as the rule applied to g_ascii_strtod(). */
static void
test_rates_like_strtod (void)
{
  GRand *rand = g_rand_new_with_seed (11);
  guint n_ok = 0;

  for (guint round = 0; round < 300000; round++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      guint n_digits = (guint) g_rand_int_range (rand, 1, 18);
      gint32 point = g_rand_int_range (rand, -1, (gint32) n_digits);
      gboolean percent = g_rand_boolean (rand);
      double expected, rate = -1;
      gboolean ok;

      for (guint i = 0; i < n_digits; i++)
        {
          if ((gint32) i == point && i > 0)
            g_string_append_c (text, '.');
          /* small integer parts, so that many values are rates */
          g_string_append_c (text, (char) ('0' + (i < 2 && point != 0 && g_rand_boolean (rand) ?
                                                  0 : g_rand_int_range (rand, 0, 10))));
        }
      expected = g_ascii_strtod (text->str, NULL);
      if (percent)
        g_string_append_c (text, '%');
      if (percent || expected > 1.0)
        expected /= 100.0;

      ok = ms_parse_rate (text->str, &rate);
      g_assert_cmpint (ok, ==, expected <= 1.0);
      if (ok)
        g_assert_true (memcmp (&rate, &expected, sizeof rate) == 0);
      n_ok += ok;
    }
  g_test_message ("%u of 300000 were rates", n_ok);
  g_assert_cmpuint (n_ok, >, 50000);
  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/ms/import-parallel/quoted-newlines", test_quoted_newlines);
  ADD ("/ms/import-parallel/stray-quote", test_stray_quote);
  ADD ("/ms/import-parallel/two-stray-quotes", test_two_stray_quotes);
  ADD ("/ms/import-parallel/blank-lines", test_blank_lines);
  ADD ("/ms/import-parallel/cr-only", test_cr_only);
  ADD ("/ms/import-parallel/unclosed-quote", test_unclosed_quote);
  ADD ("/ms/import-parallel/repeats-across-chunks", test_repeats_across_chunks);
  ADD ("/ms/import-parallel/encodings", test_encodings);
  ADD ("/ms/import-parallel/nul-in-shift-jis", test_nul_in_shift_jis);
  ADD ("/ms/import-parallel/random", test_random);
  ADD ("/ms/import-parallel/default-threads", test_default_threads);
  g_test_add_func ("/ms/encoding/validate-like-glib", test_validate_like_glib);
  g_test_add_func ("/ms/import-parallel/rates-like-strtod", test_rates_like_strtod);

  return g_test_run ();
}
