/* ms-app-test.h — helpers for tests that drive the real app under a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdlib.h>
#include <adwaita.h>
#include <glib/gstdio.h>

#include "ms-application.h"
#include "ms-score-page.h"
#include "ms-window.h"

G_BEGIN_DECLS

/* Runs the main context until @condition holds; fails the test after 10 s. */
#define ms_test_wait_until(condition)                                          \
  G_STMT_START {                                                               \
    gint64 _deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;          \
    while (!(condition))                                                       \
      {                                                                        \
        if (g_get_monotonic_time () > _deadline)                               \
          g_error ("timed out waiting for: %s", #condition);                   \
        g_main_context_iteration (NULL, FALSE);                                \
        g_usleep (1000);                                                       \
      }                                                                        \
  } G_STMT_END

/* Lets pending idles and frames run. */
static inline void
ms_test_flush (void)
{
  gint64 until = g_get_monotonic_time () + 50 * 1000;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static char *ms_test_profile_dir;

/* Removes the test program's profile folder (flat: database and WAL files). */
static inline void
ms_test_remove_profile (void)
{
  GDir *dir;
  const char *name;

  if (ms_test_profile_dir == NULL || (dir = g_dir_open (ms_test_profile_dir, 0, NULL)) == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (ms_test_profile_dir, name, NULL);

      g_remove (path);
    }
  g_dir_close (dir);
  g_rmdir (ms_test_profile_dir);
  g_clear_pointer (&ms_test_profile_dir, g_free);
}

/* Each test program gets a fresh profile: an empty database of its own,
 * removed when the program exits. */
static inline MsApplication *
ms_test_start_app (void)
{
  MsApplication *app;
  g_autoptr(GError) error = NULL;
  g_autofree char *profile = g_dir_make_tmp ("msgscore-test-XXXXXX", &error);

  g_assert_no_error (error);
  g_setenv ("MSGSCORE_PROFILE_DIR", profile, TRUE);
  ms_test_profile_dir = g_strdup (profile);
  atexit (ms_test_remove_profile);
  app = ms_application_new (APP_ID ".Test", G_APPLICATION_NON_UNIQUE);

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  /* Shown, and started what waits for the first frame (learning, sync)… */
  ms_test_wait_until (ms_context_get_started (ms_application_get_context (app)));
  /* … and made the Score page's rules, which compile on a worker then. */
  ms_test_wait_until (ms_draft_get_rule_set (ms_score_page_get_draft (MS_SCORE_PAGE (
    ms_window_get_page (MS_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app))),
                        "score")))) != NULL);

  return app;
}

static inline MsWindow *
ms_test_get_window (MsApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_true (MS_IS_WINDOW (window));
  return MS_WINDOW (window);
}

static inline gpointer
ms_test_child (gpointer    widget,
               GType       widget_type,
               const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), widget_type, name);

  g_assert_nonnull (child);
  return child;
}

/* What the windows and pages share: settings, store, learning, sync. */
static inline MsContext *
ms_test_get_context (MsApplication *app)
{
  return ms_application_get_context (app);
}

#define ms_test_get_settings(app) ms_context_get_settings (ms_test_get_context (app))
#define ms_test_get_store(app) ms_context_get_store (ms_test_get_context (app))
#define ms_test_get_sync_client(app) ms_context_get_sync_client (ms_test_get_context (app))

/* Learning starts once the window has drawn its first frame. */
static inline MsLearning *
ms_test_get_learning (MsApplication *app)
{
  ms_test_wait_until (ms_context_get_learning (ms_test_get_context (app)) != NULL);
  return ms_context_get_learning (ms_test_get_context (app));
}

/* The page of a section of the active window ("score", "history", "team"),
 * built if it was not shown yet. */
static inline gpointer
ms_test_get_page (MsApplication *app,
                  const char    *name)
{
  return ms_window_get_page (ms_test_get_window (app), name);
}

/* Shows a section of the window's sidebar ("score", "history", "team"). */
static inline void
ms_test_show_section (MsApplication *app,
                      const char    *name)
{
  gtk_widget_activate_action (GTK_WIDGET (ms_test_get_window (app)), "win.show-section", "s",
                              name);
  ms_test_flush ();
}

/* Ctrl+S on the Score page; waits until History has the row or refused it
 * (saving runs on the store's worker thread). */
static inline void
ms_test_save (MsScorePage *page)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "score.save", NULL));
  ms_test_wait_until (!ms_score_page_get_saving (page));
  ms_test_flush ();
}

/* Whether the page's current result has a finding of @rule_prefix in the subject. */
static inline gboolean
ms_test_subject_has_finding (MsScorePage *page,
                             const char  *rule_prefix)
{
  MsDraft *draft = ms_score_page_get_draft (page);
  GPtrArray *findings;

  if (ms_draft_get_result (draft) == NULL)
    return FALSE;
  findings = ms_score_result_get_findings (ms_draft_get_result (draft));
  for (guint i = 0; i < findings->len; i++)
    {
      const MsFinding *finding = g_ptr_array_index (findings, i);

      if (finding->field == MS_FIELD_SUBJECT && ms_finding_matches (finding, rule_prefix))
        return TRUE;
    }
  return FALSE;
}

G_END_DECLS
