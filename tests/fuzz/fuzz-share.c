/* fuzz-share.c — what a share link reads from outside: the snapshot a client
 * uploads (POST /v1/shares) and the token of /r/<token>
 *
 * The input's first line is a token, checked as the page route checks one
 * (ms_server_share_token_is_valid()); the rest is a request body, parsed with
 * the server's JSON limits, read as a snapshot (the message, the result, the
 * sender: ms_server_share_snapshot_parse()) and, when that accepts it,
 * rendered into the page (ms_server_share_render_page()). The page must be
 * valid UTF-8 whose only markup is the templates': every "<" of the
 * snapshot's text comes out as "&lt;", so the page has no <script> however
 * the text reads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "ms-json-guard.h"
#include "ms-server-share.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  const char *newline = memchr (text, '\n', size);
  gsize token_len = newline != NULL ? (gsize) (newline - text) : size;
  g_autofree char *token = g_strndup (text, token_len);
  MsJsonLimits limits = { 1024 * 1024, MS_JSON_MAX_DEPTH_REQUEST };
  g_autoptr(JsonNode) node = NULL;
  g_auto(MsServerShareSnapshot) snapshot = { 0 };
  g_autofree char *page = NULL;

  if (ms_server_share_token_is_valid (token))
    g_assert_cmpuint (strlen (token), ==, MS_SERVER_SHARE_TOKEN_CHARS);
  if (newline == NULL)
    return 0;
  node = ms_json_guard_parse (newline + 1, size - token_len - 1, &limits, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      !ms_server_share_snapshot_parse (json_node_get_object (node), &snapshot, NULL))
    return 0;
  page = ms_server_share_render_page (&snapshot, (gint64) 1798761600 * G_USEC_PER_SEC, NULL);
  g_assert_true (g_utf8_validate (page, -1, NULL));
  g_assert_null (strstr (page, "<script"));
  return 0;
}
