/* ms-cli.h — the subcommands of msgscore-cli
 *
 * Each subcommand takes the arguments after its name (argv[0] is the
 * subcommand) and returns the process exit status: 0 on success, 1 when the
 * input was bad (the error is printed to stderr), 2 for a usage error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef int (*MsCliCommandFunc) (int    argc,
                                 char **argv);

int   ms_cli_api_key      (int          argc,
                           char       **argv);
int   ms_cli_count        (int          argc,
                           char       **argv);
int   ms_cli_eval         (int          argc,
                           char       **argv);
int   ms_cli_eval_churn   (int          argc,
                           char       **argv);
int   ms_cli_export       (int          argc,
                           char       **argv);
int   ms_cli_history      (int          argc,
                           char       **argv);
int   ms_cli_import       (int          argc,
                           char       **argv);
int   ms_cli_import_scheduled (int      argc,
                           char       **argv);
int   ms_cli_login        (int          argc,
                           char       **argv);
int   ms_cli_logout       (int          argc,
                           char       **argv);
int   ms_cli_rules        (int          argc,
                           char       **argv);
int   ms_cli_score        (int          argc,
                           char       **argv);
int   ms_cli_status       (int          argc,
                           char       **argv);
int   ms_cli_sync         (int          argc,
                           char       **argv);
int   ms_cli_team         (int          argc,
                           char       **argv);

/* Shared helpers */
char *ms_cli_read_input   (const char  *path,
                           gsize       *length,
                           GError     **error);
int   ms_cli_fail         (GError      *error);

G_END_DECLS
