/* ms-server-review.h — a reviewer's feedback on a Team Pro member's share
 * link: the form's token, the team it goes to, the form read and applied
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-server-share.h"
#include "ms-server-storage.h"

G_BEGIN_DECLS

#define MS_SERVER_REVIEW_ERROR (ms_server_review_error_quark ())

/* Why a form is refused; each has its words in review-parts.html. */
typedef enum
{
  MS_SERVER_REVIEW_ERROR_TOKEN,     /* no form token, a forged or stale one */
  MS_SERVER_REVIEW_ERROR_USED,      /* the token was used: the feedback was sent */
  MS_SERVER_REVIEW_ERROR_ROLE,      /* 立場 not chosen */
  MS_SERVER_REVIEW_ERROR_RATING,    /* AIスコアの評価 not chosen */
  MS_SERVER_REVIEW_ERROR_SCORE,     /* 修正スコア not 0–100 */
  MS_SERVER_REVIEW_ERROR_COMMENT,   /* 指摘事項 too long */
  MS_SERVER_REVIEW_ERROR_NAME,      /* name too long */
  MS_SERVER_REVIEW_ERROR_AXES,      /* an axis not in the list */
  MS_SERVER_REVIEW_ERROR_FORM,      /* not a form, too large */
  MS_SERVER_REVIEW_ERROR_CLOSED,    /* the team no longer has the feature */
} MsServerReviewError;

GQuark      ms_server_review_error_quark (void);

/* What the reviewer typed, as sent (bounded by ms_server_review_parse_form). */
typedef struct
{
  char *csrf;
  char *role;
  char *rating;
  char *corrected_score;
  char *comment;
  char *axes;            /* the checked axes, comma-separated */
  char *reviewer_name;
} MsServerReviewForm;

void        ms_server_review_form_clear  (MsServerReviewForm *form);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MsServerReviewForm, ms_server_review_form_clear)

/* Reads an application/x-www-form-urlencoded body of at most feedback.form
 * bytes; FALSE (MS_SERVER_REVIEW_ERROR_FORM) when it is not one. */
gboolean    ms_server_review_parse_form  (const char          *body,
                                          gsize                length,
                                          MsServerReviewForm  *form,
                                          GError             **error);

/* The team tenant feedback on @link goes to: the link's own team, or the
 * first team of its maker whose plan has reviewer feedback; NULL without
 * an error when there is none. Inside or outside a transaction. */
char       *ms_server_review_dup_team    (MsServerStorage          *storage,
                                          const MsServerShareLink  *link,
                                          gint64                    now,
                                          GError                  **error) G_GNUC_WARN_UNUSED_RESULT;

/* A new single-use form token for @link (HMAC with the database's secret). */
char       *ms_server_review_new_token   (MsServerStorage          *storage,
                                          const MsServerShareLink  *link,
                                          gint64                    now,
                                          GError                  **error) G_GNUC_WARN_UNUSED_RESULT;

/* Checks the form and the token and writes the feedback into the team's
 * tenant, in one transaction: a token sends one feedback, ever. */
gboolean    ms_server_review_submit      (MsServerStorage             *storage,
                                          const MsServerShareLink     *link,
                                          const MsServerShareSnapshot *snapshot,
                                          const MsServerReviewForm    *form,
                                          gint64                       now,
                                          GError                     **error);

/* The form's HTML for @link (review-parts.html), to put under the page's
 * findings; @form: what was typed when it was refused, or NULL; @refusal:
 * why, or NULL. */
char       *ms_server_review_render_form (const MsServerShareSnapshot *snapshot,
                                          const char                  *path_token,
                                          const char                  *csrf,
                                          const MsServerReviewForm    *form,
                                          const GError                *refusal) G_GNUC_WARN_UNUSED_RESULT;
/* The thank-you page. */
char       *ms_server_review_render_thanks (const MsServerShareSnapshot *snapshot,
                                            const char                  *path_token) G_GNUC_WARN_UNUSED_RESULT;

/* The page for too many forms from one address or for one link. */
char       *ms_server_review_render_busy   (void) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
