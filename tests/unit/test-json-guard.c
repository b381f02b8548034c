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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ms/json-guard/depth", test_depth);
  g_test_add_func ("/ms/json-guard/nul", test_nul);
  g_test_add_func ("/ms/json-guard/size-and-encoding", test_size_and_encoding);
  return g_test_run ();
}
