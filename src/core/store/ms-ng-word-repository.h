/* ms-ng-word-repository.h — personal NG words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-ng-word.h"
#include "ms-store.h"

G_BEGIN_DECLS

#define MS_TYPE_NG_WORD_REPOSITORY (ms_ng_word_repository_get_type ())

G_DECLARE_FINAL_TYPE (MsNgWordRepository, ms_ng_word_repository, MS, NG_WORD_REPOSITORY, GObject)

MsNgWordRepository *ms_ng_word_repository_new       (MsStore            *store) G_GNUC_WARN_UNUSED_RESULT;
GListModel         *ms_ng_word_repository_get_model (MsNgWordRepository *self);
char              **ms_ng_word_repository_dup_words (MsNgWordRepository *self) G_GNUC_WARN_UNUSED_RESULT;
char               *ms_ng_word_repository_add       (MsNgWordRepository *self,
                                                     const char         *word,
                                                     const char         *note,
                                                     GError            **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean            ms_ng_word_repository_delete    (MsNgWordRepository *self,
                                                     const char         *id,
                                                     GError            **error);

G_END_DECLS
