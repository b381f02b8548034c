/* ms-claim-context.h — is a matched claim really claimed?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "text/ms-tokenizer.h"

G_BEGIN_DECLS

/* What keeps a match from being a claim; a rule names the ones it honours
 * ("guards" in its pack). */
typedef enum
{
  MS_GUARD_NEGATION   = 1 << 0,   /* 〜ません, 〜ではない, 〜わけではありません */
  MS_GUARD_ASPIRATION = 1 << 1,   /* 〜を目指します, 目標 */
  MS_GUARD_QUESTION   = 1 << 2,   /* the clause ends in か or ？ */
  MS_GUARD_QUOTATION  = 1 << 3,   /* 「…」という, 「…」と言われ */
  MS_GUARD_NOTIFIED   = 1 << 4,   /* …する機能が報告されています (機能性表示食品) */
  MS_GUARD_CAUTION    = 1 << 5,   /* 高血圧の方はご相談ください; 以下の方は施術できません */
  MS_GUARD_MEDICAL    = 1 << 6,   /* インフルエンザの予防接種; 第2類医薬品 (a clinic or a medicine) */
} MsGuard;

gboolean ms_guard_from_string   (const char     *name,
                                 MsGuard        *guard);
guint    ms_claim_get_guards    (const MsTokens *tokens,
                                 guint           first,
                                 guint           last,
                                 guint           guards);
gboolean ms_claim_find_tokens   (const MsTokens *tokens,
                                 gsize           start,
                                 gsize           end,
                                 guint          *first,
                                 guint          *last);

G_END_DECLS
