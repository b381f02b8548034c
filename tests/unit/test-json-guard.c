/* test-json-guard.c — the bounded parse of JSON from outside (ms-json-guard.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ms-json-guard.h"

static const MsJsonLimits limits = { 1024 * 1024, 4 };

static GError *
check (const char *text,
       gssize      length)
{
  GError *error = NULL;
  gboolean ok;

  ok = ms_json_guard_check (text, length < 0 ? strlen (text) : (gsize) length, &limits, &error);
  g_assert_true (ok == (error == NULL));
  return error;
}

static void
test_depth (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) deep = g_string_new ("{\"a\":");
  g_autoptr(JsonNode) node = NULL;

  /* four levels pass, five do not */
  g_assert_null (check ("{\"a\":[[{\"b\":1}]]}", -1));
  error = check ("{\"a\":[[[{\"b\":1}]]]}", -1);
  g_assert_error (error, MS_JSON_GUARD_ERROR, MS_JSON_GUARD_ERROR_TOO_DEEP);
  g_clear_error (&error);

  /* brackets inside strings are text, escaped quotes do not end a string */
  g_assert_null (check ("{\"a\":\"[[[[[[[[\",\"b\":\"\\\"[[[[[[[[\"}", -1));
  g_assert_null (check ("{\"a\":\"\\\\\",\"b\":[1]}", -1));

  /* closing brackets do not let the depth go below zero */
  error = check ("]]]]]][[[[[", -1);
  g_assert_error (error, MS_JSON_GUARD_ERROR, MS_JSON_GUARD_ERROR_TOO_DEEP);
  g_clear_error (&error);

  /* what overflowed json-glib's stack: 75,000 nested arrays */
  for (guint i = 0; i < 75000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 75000; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');
  node = ms_json_guard_parse (deep->str, deep->len, &limits, &error);
  g_assert_error (error, MS_JSON_GUARD_ERROR, MS_JSON_GUARD_ERROR_TOO_DEEP);
  g_assert_null (node);
}

static void
test_nul (void)
{
  g_autoptr(GError) error = NULL;

  error = check ("{\"password\":\"abcdefgh\\u0000tail\"}", -1);
  g_assert_error (error, MS_JSON_GUARD_ERROR, MS_JSON_GUARD_ERROR_NUL);
  g_clear_error (&error);

  error = check ("{\"a\":\"x\"}\0", 10);
  g_assert_error (error, MS_JSON_GUARD_ERROR, MS_JSON_GUARD_ERROR_NUL);
  g_clear_error (&error);

  error = check ("{\"a\":\"x\\\0\"}", 10);
  g_assert_error (error, MS_JSON_GUARD_ERROR, MS_JSON_GUARD_ERROR_NUL);
  g_clear_error (&error);

  /* an escaped backslash before "u0000" is text, and so are other escapes */
  g_assert_null (check ("{\"a\":\"\\\\u0000\"}", -1));
  g_assert_null (check ("{\"a\":\"\\u0001\\u00e9\"}", -1));
}

static void
test_size_and_encoding (void)
{
  const MsJsonLimits small = { 8, 4 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_assert_false (ms_json_guard_check ("{\"a\":12345}", 11, &small, &error));
  g_assert_error (error, MS_JSON_GUARD_ERROR, MS_JSON_GUARD_ERROR_TOO_LARGE);
  g_clear_error (&error);

  error = check ("{\"a\":\"\xff\"}", -1);
  g_assert_error (error, MS_JSON_GUARD_ERROR, MS_JSON_GUARD_ERROR_INVALID);
  g_clear_error (&error);

  /* json-glib reads \666 as the byte 0xb6, which is no UTF-8 (found by
   * fuzz-share: a page with it was invalid); JSON has no such escape */
  error = check ("{\"a\":\"x\\666\"}", -1);
  g_assert_error (error, MS_JSON_GUARD_ERROR, MS_JSON_GUARD_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (check ("{\"a\":\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9\"}", -1));

  node = ms_json_guard_parse ("", 0, &limits, &error);
  g_assert_error (error, MS_JSON_GUARD_ERROR, MS_JSON_GUARD_ERROR_INVALID);
  g_clear_error (&error);
  node = ms_json_guard_parse ("{\"a\":", 5, &limits, &error);
  g_assert_error (error, MS_JSON_GUARD_ERROR, MS_JSON_GUARD_ERROR_INVALID);
  g_clear_error (&error);

  /* not NUL-terminated: the length is what counts */
  node = ms_json_guard_parse ("{\"a\":\"é\"}garbage", 10, &limits, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "a"), ==, "é");
}

/* ms_json_guard_check_object(): the grammar without a tree */
static gboolean
is_object (const char *text)
{
  const MsJsonLimits wide = { 1024 * 1024, 32 };

  return ms_json_guard_check_object (text, strlen (text), &wide, NULL);
}

static gboolean
glib_gives_object (const char *text,
                   gsize       length)
{
  const MsJsonLimits wide = { 1024 * 1024, 32 };
  g_autoptr(JsonNode) node = ms_json_guard_parse (text, length, &wide, NULL);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node);
}

static void
test_check_object (void)
{
  const char *valid[] = {
    "{}", " {\n} ", "{\"a\":1}", "{\"a\":[1,2.5,-3e+7,0,-0.25E-2,true,false,null]}",
    "{\"a\":{\"b\":{\"c\":[[],{}]}},\"d\":\"\\u00e9\\n\\\"\"}",
    "{\"s\":\"春の新作 \\/ 30%\"}", "{ \"a\" : [ 1 , { } ] }",
  };
  const char *invalid[] = {
    "", "[]", "1", "\"x\"", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{,}",
    "{\"a\":[1,]}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":-}", "{\"a\":1e}",
    "{\"a\":tru}", "{\"a\":nul}", "{\"a\":1}}", "{\"a\":1} x", "{\"a\":1}{}",
    "{a:1}", "{\"a\":\"x}", "{\"a\":\"\\u12\"}", "{\"a\":\"\\x41\"}",
    "{\"a\":\"tab\there\"}", "{\"a\":[1 2]}", "{\"a\":1 \"b\":2}", "{\"a\"::1}",
    "{\"a\":[}", "{\"a\":]}", "{\"a\":{]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_test_message ("valid: %s", valid[i]);
      g_assert_true (is_object (valid[i]));
      g_assert_true (glib_gives_object (valid[i], strlen (valid[i])));
    }
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_test_message ("invalid: %s", invalid[i]);
      g_assert_false (is_object (invalid[i]));
    }
}

/* Never looser than json-glib: whatever it accepts parses into an object,
 * over texts cut and changed at random from a valid one (seeded). */
static void
test_check_object_agrees (void)
{
  const char *base = "{\"channel\":\"email\",\"subject\":\"春の新作\",\"n\":[1,-2.5e3,true,"
                     "null,{\"segment\":{\"goal\":\"purchase\"}}],\"e\":\"\\u00e9\\\"\"}";
  const char alphabet[] = "{}[],:\"\\ 0123456789.-+eEtrufalsn\t";
  g_autoptr(GRand) rand = g_rand_new_with_seed (18);
  guint accepted = 0;

  g_assert_true (is_object (base));
  for (guint round = 0; round < 20000; round++)
    {
      g_autoptr(GString) text = g_string_new (base);
      guint edits = (guint) g_rand_int_range (rand, 1, 4);

      for (guint e = 0; e < edits; e++)
        {
          guint at = (guint) g_rand_int_range (rand, 0, (gint32) text->len);
          char c = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];

          switch (g_rand_int_range (rand, 0, 3))
            {
            case 0:
              if ((guchar) text->str[at] < 0x80)
                text->str[at] = c;
              break;
            case 1:
              g_string_insert_c (text, at, c);
              break;
            default:
              if ((guchar) text->str[at] < 0x80)
                g_string_erase (text, at, 1);
              break;
            }
        }
      if (is_object (text->str))
        {
          accepted++;
          if (!glib_gives_object (text->str, text->len))
            g_error ("accepted, but json-glib does not read an object: %s", text->str);
        }
    }
  g_test_message ("%u of 20000 changed texts were still objects", accepted);
  g_assert_cmpuint (accepted, >, 100);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ms/json-guard/depth", test_depth);
  g_test_add_func ("/ms/json-guard/nul", test_nul);
  g_test_add_func ("/ms/json-guard/size-and-encoding", test_size_and_encoding);
  g_test_add_func ("/ms/json-guard/check-object", test_check_object);
  g_test_add_func ("/ms/json-guard/check-object-agrees", test_check_object_agrees);
  return g_test_run ();
}
