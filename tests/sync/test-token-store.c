/* test-token-store.c — memory and file token stores; the keyring's error
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "sync/ms-sync-error.h"
#include "sync/ms-token-store.h"

static void
exercise (MsTokenStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *found = NULL;
  g_autofree char *other = NULL;
  g_autofree char *cleared = NULL;

  missing = ms_token_store_lookup (store, "http://a", "c1", &error);
  g_assert_no_error (error);
  g_assert_null (missing);

  g_assert_true (ms_token_store_save (store, "http://a", "c1", "{\"access_token\":\"x\"}", &error));
  g_assert_no_error (error);
  g_assert_true (ms_token_store_save (store, "http://b", "c1", "other", &error));
  g_assert_no_error (error);
  found = ms_token_store_lookup (store, "http://a", "c1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, "{\"access_token\":\"x\"}");

  g_assert_true (ms_token_store_clear (store, "http://a", "c1", &error));
  g_assert_no_error (error);
  cleared = ms_token_store_lookup (store, "http://a", "c1", &error);
  g_assert_no_error (error);
  g_assert_null (cleared);
  other = ms_token_store_lookup (store, "http://b", "c1", &error);
  g_assert_cmpstr (other, ==, "other");
  /* Clearing what is not there is fine. */
  g_assert_true (ms_token_store_clear (store, "http://a", "c1", &error));
  g_assert_no_error (error);
}

static void
test_memory (void)
{
  g_autoptr(MsTokenStore) store = ms_token_store_new_memory ();

  g_assert_cmpstr (ms_token_store_get_kind (store), ==, "memory");
  exercise (store);
}

static void
test_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("msgscore-token-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "tokens.json", NULL);
  g_autofree char *spec = g_strconcat ("file:", path, NULL);
  g_autoptr(MsTokenStore) store = ms_token_store_new_for_spec (spec, &error);
  g_autoptr(MsTokenStore) again = NULL;
  g_autofree char *kept = NULL;
  GStatBuf st;

  g_assert_no_error (error);
  g_assert_cmpstr (ms_token_store_get_kind (store), ==, "file");
  exercise (store);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Another process (another object) reads what was saved. */
  again = ms_token_store_new_file (path);
  kept = ms_token_store_lookup (again, "http://b", "c1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kept, ==, "other");

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_spec (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsTokenStore) keyring = ms_token_store_new_for_spec (NULL, &error);
  g_autoptr(MsTokenStore) bad = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (ms_token_store_get_kind (keyring), ==, "keyring");
  bad = ms_token_store_new_for_spec ("plaintext", &error);
  g_assert_null (bad);
  g_assert_error (error, MS_SYNC_ERROR, MS_SYNC_ERROR_TOKEN_STORE);
  g_clear_error (&error);
  bad = ms_token_store_new_for_spec ("file:", &error);
  g_assert_null (bad);
  g_assert_error (error, MS_SYNC_ERROR, MS_SYNC_ERROR_TOKEN_STORE);
}

/* Without a session bus there is no Secret Service: a clear error, no file. */
static void
test_no_keyring (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MsTokenStore) store = ms_token_store_new_keyring ();

      g_assert_false (ms_token_store_save (store, "http://a", "c1", "secret", &error));
      g_assert_error (error, MS_SYNC_ERROR, MS_SYNC_ERROR_NO_KEYRING);
      g_assert_nonnull (strstr (error->message, "MSGSCORE_TOKEN_STORE"));
      return;
    }

  {
    g_autofree char *saved = g_strdup (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));

    g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/msgscore-test-bus", TRUE);
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    if (saved != NULL)
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", saved, TRUE);
    else
      g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
    g_test_trap_assert_passed ();
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ms/sync/token-store/memory", test_memory);
  g_test_add_func ("/ms/sync/token-store/file", test_file);
  g_test_add_func ("/ms/sync/token-store/spec", test_spec);
  g_test_add_func ("/ms/sync/token-store/no-keyring", test_no_keyring);

  return g_test_run ();
}
