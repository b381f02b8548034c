/* test-touchpoints.c — MsTouchpointRepository: a CSM's own log of an account
 *
 * Written through the mutation table (csm_touchpoint.put/delete): applied
 * here at once and queued, listed per account newest first, scoped to the
 * profile's tenant, refused with what to fix when empty.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "store-test.h"
#include "store/ms-touchpoint-repository.h"

#define CSM "user:00000000-0000-0000-0000-000000000001"
#define OTHER "user:00000000-0000-0000-0000-000000000002"
#define ACCOUNT "team:00000000-0000-0000-0000-0000000000aa"

static void
set_up (StoreFixture  *fixture,
        gconstpointer  data)
{
  store_fixture_set_up (fixture, data);
  ms_store_set_tenant (fixture->store, CSM);
}

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

static void
test_log (StoreFixture  *fixture,
          gconstpointer  data)
{
  g_autoptr(MsTouchpointRepository) repository = ms_touchpoint_repository_new (fixture->store);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *meeting = NULL;
  g_autofree char *email = NULL;
  g_autofree char *none = NULL;
  guint changes = 0;
  guint queued = ms_store_get_outbox_length (fixture->store);

  g_signal_connect (repository, "changed", G_CALLBACK (count_cb), &changes);
  meeting = ms_touchpoint_repository_add (repository, ACCOUNT, "meeting", " QBR を実施 ", 200,
                                          &error);
  g_assert_no_error (error);
  email = ms_touchpoint_repository_add (repository, ACCOUNT, "email", "Sent the price sheet",
                                        100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes, ==, 2);
  g_assert_cmpuint (ms_store_get_outbox_length (fixture->store), ==, queued + 2);

  /* newest by when it happened first, trimmed; another account has none */
  list = ms_touchpoint_repository_list (repository, ACCOUNT);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((MsTouchpoint *) list->pdata[0])->id, ==, meeting);
  g_assert_cmpstr (((MsTouchpoint *) list->pdata[0])->text, ==, "QBR を実施");
  g_assert_cmpstr (((MsTouchpoint *) list->pdata[1])->kind, ==, "email");
  g_assert_cmpint (((MsTouchpoint *) list->pdata[1])->happened_at, ==, 100);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = ms_touchpoint_repository_list (repository, "team:other");
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* empty: refused, nothing queued, nothing changed */
  none = ms_touchpoint_repository_add (repository, ACCOUNT, "note", "  ", 300, &error);
  g_assert_null (none);
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (ms_store_get_outbox_length (fixture->store), ==, queued + 2);

  /* deleted: gone from the list */
  g_assert_true (ms_touchpoint_repository_delete (repository, meeting, &error));
  g_assert_no_error (error);
  list = ms_touchpoint_repository_list (repository, ACCOUNT);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((MsTouchpoint *) list->pdata[0])->id, ==, email);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* another person's profile on this computer sees none of it */
  ms_store_set_tenant (fixture->store, OTHER);
  list = ms_touchpoint_repository_list (repository, ACCOUNT);
  g_assert_cmpuint (list->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/ms/store/touchpoints/log", StoreFixture, NULL, set_up, test_log,
              store_fixture_tear_down);
  return g_test_run ();
}
