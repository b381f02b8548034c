/* server-process.h — the msgscore-server executable in a child process, and requests to it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sys/resource.h>
#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  char        *dir;
  char        *db;
  char        *log;      /* the server's stderr, with server_process_start_full() */
  GSubprocess *process;
  guint        port;
  char        *base;
} ServerProcess;

void   server_process_setup       (ServerProcess       *f,
                                   gconstpointer        data);
void   server_process_teardown    (ServerProcess       *f,
                                   gconstpointer        data);
void   server_process_start       (ServerProcess       *f,
                                   const char          *cert,
                                   const char          *key);
void   server_process_start_full  (ServerProcess       *f,
                                   rlim_t               fd_limit,
                                   const char * const  *extra_args);
guint  server_process_request     (ServerProcess       *f,
                                   const char          *method,
                                   const char          *path,
                                   const char          *body,
                                   char               **response_body);
char  *server_process_read_stderr (ServerProcess       *f);
char  *server_process_read_log    (ServerProcess       *f);
void   server_process_stop        (ServerProcess       *f);

G_END_DECLS
