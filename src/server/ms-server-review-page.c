/* ms-server-review-page.c — the reviewer's form and what answers it, from
 * resources/server/review-parts.html: every word a reviewer reads is there
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <string.h>

#include "sync/ms-mutation.h"
#include "sync/ms-mutation-feedback.h"
#include "ms-server-review.h"
#include "ms-server-template.h"

#define PARTS "review-parts.html#"

static const char *
part (const char *name)
{
  g_autofree char *full = g_strconcat (PARTS, name, NULL);

  return ms_server_template_get (full) ?: "";
}

static void
append_part_v (GString            *out,
               const char         *name,
               const char * const *pairs)
{
  g_autofree char *full = g_strconcat (PARTS, name, NULL);

  ms_server_template_append_v (out, full, pairs);
}

/* Whether @value is among the comma-separated @list. */
static gboolean
in_list (const char *list,
         const char *value)
{
  g_auto(GStrv) items = g_strsplit (list != NULL ? list : "", ",", -1);

  return g_strv_contains ((const char * const *) items, value);
}

/* One radio or checkbox per choice, labelled from the parts ("role-…")
 * or, for axes, with the result's axis labels. */
static char *
choices (const char                  *kind,
         const char                  *name,
         const char * const          *values,
         const char                  *chosen,
         const MsServerShareSnapshot *snapshot)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; values[i] != NULL; i++)
    {
      g_autofree char *label_part = g_strconcat (name, "-", values[i], NULL);
      const char *label = part (label_part);
      MsAxis axis;
      const char *pairs[] = { "name", name, "value", values[i],
                              "checked", in_list (chosen, values[i]) ? part ("checked") : "",
                              "label", NULL, NULL };

      if (g_str_equal (name, "axes") && ms_axis_from_string (values[i], &axis))
        label = ms_score_result_get_axis_label (snapshot->result, axis);
      pairs[7] = label;
      append_part_v (out, kind, pairs);
    }
  return g_string_free (out, FALSE);
}

static char *
error_text (const GError *refusal)
{
  g_autofree char *name = NULL;
  g_autofree char *comment_max = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                  ms_sync_limit ("feedback.comment", "max_chars"));
  g_autofree char *name_max = g_strdup_printf ("%" G_GINT64_FORMAT,
                                               ms_sync_limit ("feedback.name", "max_chars"));
  GString *out = g_string_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  int code = refusal->domain == MS_SERVER_REVIEW_ERROR ? refusal->code
                                                       : MS_SERVER_REVIEW_ERROR_FORM;
  const char *pairs[] = { "comment_max", comment_max, "name_max", name_max, NULL };
  const char *outer[] = { "text", NULL, NULL };

  name = g_strdup_printf ("error-%d", code);
  append_part_v (text, name, pairs);
  outer[1] = text->str;
  append_part_v (out, "error", outer);
  return g_string_free (out, FALSE);
}

char *
ms_server_review_render_form (const MsServerShareSnapshot *snapshot,
                              const char                  *path_token,
                              const char                  *csrf,
                              const MsServerReviewForm    *form,
                              const GError                *refusal)
{
  static const MsServerReviewForm empty = { 0 };
  g_autofree char *roles = NULL;
  g_autofree char *ratings = NULL;
  g_autofree char *axes = NULL;
  g_autofree char *error = refusal != NULL ? error_text (refusal) : g_strdup ("");
  g_autofree char *comment_max = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                  ms_sync_limit ("feedback.comment", "max_chars"));
  g_autofree char *name_max = g_strdup_printf ("%" G_GINT64_FORMAT,
                                               ms_sync_limit ("feedback.name", "max_chars"));
  GString *out = g_string_new (NULL);

  if (form == NULL)
    form = &empty;
  roles = choices ("choice-radio", "role", ms_feedback_roles, form->role, snapshot);
  ratings = choices ("choice-radio", "rating", ms_feedback_ratings, form->rating, snapshot);
  axes = choices ("choice-check", "axes", ms_feedback_axes, form->axes, snapshot);
  {
    const char *pairs[] = {
      "error", error, "token", path_token, "csrf", csrf, "roles", roles, "ratings", ratings,
      "axes", axes, "score", form->corrected_score, "comment", form->comment,
      "name", form->reviewer_name, "comment_max", comment_max, "name_max", name_max, NULL,
    };

    append_part_v (out, "form", pairs);
  }
  return g_string_free (out, FALSE);
}

char *
ms_server_review_render_thanks (const MsServerShareSnapshot *snapshot,
                                const char                  *path_token)
{
  g_autoptr(GString) body = g_string_new (NULL);
  GString *page = g_string_new (NULL);
  const char *pairs[] = { "token", path_token, NULL };

  append_part_v (body, "thanks", pairs);
  ms_server_template_append (page, "share.html",
                             "title", part ("what-thanks"), "what", part ("what-thanks"),
                             "body", body->str, "footer", "", NULL);
  return g_string_free (page, FALSE);
}

char *
ms_server_review_render_busy (void)
{
  GString *page = g_string_new (NULL);

  ms_server_template_append (page, "share.html",
                             "title", part ("what-thanks"), "what", part ("what-thanks"),
                             "body", part ("busy"), "footer", "", NULL);
  return g_string_free (page, FALSE);
}
