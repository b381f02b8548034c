/* ms-ng-word.h — a personal NG word
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MS_TYPE_NG_WORD (ms_ng_word_get_type ())

G_DECLARE_FINAL_TYPE (MsNgWord, ms_ng_word, MS, NG_WORD, GObject)

MsNgWord   *ms_ng_word_new      (const char *id,
                                 const char *word,
                                 const char *note) G_GNUC_WARN_UNUSED_RESULT;
const char *ms_ng_word_get_id   (MsNgWord   *self);
const char *ms_ng_word_get_word (MsNgWord   *self);
const char *ms_ng_word_get_note (MsNgWord   *self);

G_END_DECLS
