/* server-test.h — an in-process msgscore-server on 127.0.0.1 port 0, and an HTTP client
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "ms-server.h"

G_BEGIN_DECLS

typedef struct
{
  char          *dir;
  char          *db_path;   /* a SQLite file or a postgresql:// URI */
  guint          port;
  char          *base;      /* http://127.0.0.1:PORT */
  MsServer      *server;    /* owned by the server thread; set_now is thread-safe */
  SoupSession   *session;   /* the test thread's */

  /* private */
  GThread       *thread;
  GMainContext  *context;
  GMainLoop     *loop;
  GMutex         lock;
  GCond          cond;
  gboolean       ready;
  GError        *error;
} TestServer;

typedef struct
{
  guint               status;
  JsonNode           *json;     /* NULL when the body is not JSON */
  char               *body;
  SoupMessageHeaders *headers;
} TestReply;

TestServer *test_server_start      (void);
void        test_server_stop       (TestServer   *ts);
void        test_server_set_now    (TestServer   *ts,
                                    gint64        now_usec);

TestReply  *test_request           (SoupSession  *session,
                                    TestServer   *ts,
                                    const char   *method,
                                    const char   *path,
                                    const char   *token,
                                    const char   *body);
void        test_reply_free        (TestReply    *reply);
JsonObject *test_reply_object      (TestReply    *reply);
const char *test_reply_error_code  (TestReply    *reply);

char       *test_signup            (TestServer   *ts,
                                    const char   *email,
                                    char        **tenant,
                                    char        **refresh_token);
char       *test_signin            (TestServer   *ts,
                                    const char   *email,
                                    const char   *password,
                                    guint        *status);
void        test_set_plan          (TestServer   *ts,
                                    const char   *email,
                                    const char   *plan);
gint64      test_db_int            (TestServer   *ts,
                                    const char   *sql);
gboolean    test_server_is_pg      (TestServer   *ts);
char       *test_history_save_args (const char   *id,
                                    gint64        created_at);
void        test_db_exec           (TestServer   *ts,
                                    const char   *sql);
/* A POST /v1/shares body for @tenant: @message (JSON as the app stores it)
 * scored with the built-in rules in Japanese, @sender as the previews' name. */
char       *test_share_body        (const char   *tenant,
                                    const char   *message,
                                    const char   *sender);
char       *test_create_team       (TestServer   *ts,
                                    const char   *token,
                                    const char   *plan);
int         test_run_staff_command (TestServer   *ts,
                                    const char   *first,
                                    ...) G_GNUC_NULL_TERMINATED;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestReply, test_reply_free)

#define TEST_PASSWORD "correct horse battery"
/* A registration number with a valid check digit, of no one */
#define TEST_ISSUER_NUMBER "T7123456789012"

G_END_DECLS
