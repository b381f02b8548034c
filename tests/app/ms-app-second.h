/* ms-app-second.h — a second person's window beside the app's, in one test
 *
 * Team tests need two people at once: the app's own window (its context,
 * its profile) and a second window with a context of its own — another
 * profile folder, another sign-in kept in memory — talking to the same
 * server (the settings' server-url). Both run in the test's main context,
 * so a test drives them in turn, as two people at their desks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-app-test.h"
#include "ms-context.h"

G_BEGIN_DECLS

static char *ms_test_second_profile_dir;

static inline void
ms_test_remove_second_profile (void)
{
  GDir *dir;
  const char *name;

  if (ms_test_second_profile_dir == NULL ||
      (dir = g_dir_open (ms_test_second_profile_dir, 0, NULL)) == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (ms_test_second_profile_dir, name, NULL);

      g_remove (path);
    }
  g_dir_close (dir);
  g_rmdir (ms_test_second_profile_dir);
  g_clear_pointer (&ms_test_second_profile_dir, g_free);
}

/* A window of @app on a profile of its own; its context is the window's. */
static inline MsWindow *
ms_test_open_second_window (MsApplication *app)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsContext) context = NULL;
  MsWindow *window;

  ms_test_second_profile_dir = g_dir_make_tmp ("msgscore-second-XXXXXX", &error);
  g_assert_no_error (error);
  atexit (ms_test_remove_second_profile);
  context = ms_context_new (ms_context_get_settings (ms_application_get_context (app)),
                            ms_test_second_profile_dir);
  window = g_object_new (MS_TYPE_WINDOW, "application", app, "context", context, NULL);
  gtk_window_present (GTK_WINDOW (window));
  ms_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (window)));
  ms_test_wait_until (ms_context_get_started (context));
  g_object_set_data_full (G_OBJECT (window), "ms-test-context", g_steal_pointer (&context),
                          g_object_unref);
  return window;
}

static inline MsContext *
ms_test_window_get_context (MsWindow *window)
{
  MsContext *context = g_object_get_data (G_OBJECT (window), "ms-test-context");

  return context != NULL ? context
                         : ms_application_get_context (MS_APPLICATION (gtk_window_get_application (GTK_WINDOW (window))));
}

static inline void
ms_test_on_signed_up_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ms_sync_client_sign_up_finish (MS_SYNC_CLIENT (object), result, &error));
  g_assert_no_error (error);
}

/* Signs the window's profile up as a new account and waits for its first sync. */
static inline void
ms_test_sign_up (MsWindow   *window,
                 const char *email,
                 const char *name)
{
  MsSyncClient *client = ms_context_get_sync_client (ms_test_window_get_context (window));

  ms_sync_client_sign_up_async (client, email, "correct horse battery staple", name, NULL,
                                ms_test_on_signed_up_cb, NULL);
  ms_test_wait_until (ms_sync_client_get_state (client) == MS_SYNC_STATE_SYNCED);
}

static inline void
ms_test_on_synced_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  gboolean *done = user_data;

  ms_sync_client_sync_finish (MS_SYNC_CLIENT (object), result, NULL);
  *done = TRUE;
}

/* One sync round of the window's profile, to the end; TRUE if nothing waits. */
static inline gboolean
ms_test_sync (MsWindow *window)
{
  MsSyncClient *client = ms_context_get_sync_client (ms_test_window_get_context (window));
  gboolean done = FALSE;

  ms_sync_client_sync_async (client, NULL, ms_test_on_synced_cb, &done);
  ms_test_wait_until (done);
  ms_test_flush ();
  return ms_sync_client_get_pending (client) == 0 &&
         ms_sync_client_get_state (client) == MS_SYNC_STATE_SYNCED;
}

static inline void
ms_test_on_team_created_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  MsTeam **team = user_data;

  *team = ms_sync_client_create_team_finish (MS_SYNC_CLIENT (object), result, &error);
  g_assert_no_error (error);
}

static inline void
ms_test_on_invited_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  char **token = user_data;

  *token = ms_sync_client_invite_finish (MS_SYNC_CLIENT (object), result, &error);
  g_assert_no_error (error);
}

static inline void
ms_test_on_joined_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  MsTeam **team = user_data;

  *team = ms_sync_client_accept_invite_finish (MS_SYNC_CLIENT (object), result, &error);
  g_assert_no_error (error);
}

/* @owner creates a team on @plan and @member joins it; both synced. Returns its tenant. */
static inline char *
ms_test_make_team (MsWindow   *owner,
                   MsWindow   *member,
                   const char *member_email,
                   const char *plan)
{
  MsSyncClient *owner_client = ms_context_get_sync_client (ms_test_window_get_context (owner));
  MsSyncClient *member_client = ms_context_get_sync_client (ms_test_window_get_context (member));
  g_autoptr(MsTeam) team = NULL;
  g_autoptr(MsTeam) joined = NULL;
  g_autofree char *token = NULL;

  ms_sync_client_create_team_async (owner_client, "販促チーム", plan, NULL,
                                    ms_test_on_team_created_cb, &team);
  ms_test_wait_until (team != NULL);
  ms_sync_client_invite_async (owner_client, ms_team_get_id (team), member_email, "member", NULL,
                               ms_test_on_invited_cb, &token);
  ms_test_wait_until (token != NULL);
  ms_sync_client_accept_invite_async (member_client, token, NULL, ms_test_on_joined_cb, &joined);
  ms_test_wait_until (joined != NULL);
  g_assert_true (ms_test_sync (owner));
  g_assert_true (ms_test_sync (member));
  return g_strdup (ms_team_get_id (team));
}

/* Types @subject on the window's Score page and saves it (Ctrl+S). */
static inline void
ms_test_save_subject (MsWindow   *window,
                      const char *subject)
{
  MsScorePage *page = MS_SCORE_PAGE (ms_window_get_page (window, "score"));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "score");
  gtk_editable_set_text (ms_test_child (page, MS_TYPE_SCORE_PAGE, "subject_row"), subject);
  ms_test_flush ();
  ms_test_save (page);
  /* The "Saved" toast's animation ends before anything else happens: a
   * toast replaced mid-animation can crash libadwaita 1.2's overlay. */
  for (guint i = 0; i < 8; i++)
    ms_test_flush ();
}

G_END_DECLS
