/* toy-entity.h — a synced entity added through the mutation table alone
 *
 * "toy_note": a note with a text, made, edited and deleted on any device.
 * One entry in the table (toy-entity.c: schema, validator, both appliers),
 * its repository (below: the local table and its queries), and its storage
 * methods (the server applier, on the server's generic synced rows). The
 * test (test-sync-toy.c) and its server (toy-server.c, the real
 * msgscore-server with this entity registered) share this file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "store/ms-store.h"
#include "sync/ms-mutation.h"

G_BEGIN_DECLS

extern MsSyncEntity toy_note_entity;

typedef struct _ToyRepository ToyRepository;

ToyRepository *toy_repository_new      (MsStore        *store,
                                        GError        **error);
void           toy_repository_free     (ToyRepository  *self);
gboolean       toy_repository_put      (ToyRepository  *self,
                                        const char     *id,
                                        const char     *text,
                                        GError        **error);
gboolean       toy_repository_delete   (ToyRepository  *self,
                                        const char     *id,
                                        GError        **error);
char          *toy_repository_dup_text (ToyRepository  *self,
                                        const char     *id);
guint          toy_repository_count    (ToyRepository  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ToyRepository, toy_repository_free)

G_END_DECLS
