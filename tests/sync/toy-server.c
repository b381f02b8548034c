/* toy-server.c — msgscore-server, with the toy entity in its mutation table
 *
 * The server's own main.c is compiled in with its main() renamed
 * (tests/sync/meson.build): the same server, one entity more.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "toy-entity.h"

int msgscore_server_main (int   argc,
                          char *argv[]);

int
main (int   argc,
      char *argv[])
{
  ms_sync_entity_register (&toy_note_entity);
  return msgscore_server_main (argc, argv);
}
