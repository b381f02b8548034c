/* ms-knowledge-repository.h — a team's knowledge, learned from its feedback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "score/ms-knowledge.h"
#include "ms-store.h"

G_BEGIN_DECLS

#define MS_TYPE_KNOWLEDGE_REPOSITORY (ms_knowledge_repository_get_type ())

G_DECLARE_FINAL_TYPE (MsKnowledgeRepository, ms_knowledge_repository, MS, KNOWLEDGE_REPOSITORY,
                      GObject)

MsKnowledgeRepository *ms_knowledge_repository_new         (MsStore               *store,
                                                            const char            *tenant) G_GNUC_WARN_UNUSED_RESULT;
const char            *ms_knowledge_repository_get_tenant  (MsKnowledgeRepository *self);
/* (element-type MsKnowledgeEntry): the entries, each with the owners' choice */
GPtrArray             *ms_knowledge_repository_get_entries (MsKnowledgeRepository *self);
guint                  ms_knowledge_repository_get_n_feedback (MsKnowledgeRepository *self);
gboolean               ms_knowledge_repository_set_enabled (MsKnowledgeRepository *self,
                                                            const char            *key,
                                                            gboolean               enabled,
                                                            GError               **error);

/* The knowledge of team @tenant as it applies to scoring now. */
GPtrArray             *ms_store_dup_team_knowledge          (MsStore               *store,
                                                            const char            *tenant) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
