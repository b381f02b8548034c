/* test-sync-touchpoint.c — a CSM's calls and notes, offline and synced
 *
 * csm_touchpoint (src/core/sync/ms-mutation-csm.c, MsTouchpointRepository)
 * between two devices of one CSM through the real msgscore-server: a call
 * and a note logged with no round in between (offline) show at once on the
 * device that wrote them and on the other after a sync; a deletion follows;
 * another person (a customer) never pulls them; what the table refuses is
 * refused on the client and, sent anyway, on the server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sync-harness.h"
#include "store/ms-touchpoint-repository.h"

#define ACCOUNT "user:0f1e2d3c-4b5a-6978-8899-aabbccddeeff"

typedef struct
{
  char                   *dir;
  MsStore                *store;
  MsTouchpointRepository *touchpoints;
  MsTokenStore           *tokens;
  MsSyncClient           *client;
} Device;

typedef struct
{
  char   *dir;
  Server  server;
  char   *url;
  Device  a;
  Device  b;
} Fixture;

static void
device_open (Fixture    *f,
             Device     *device,
             const char *name)
{
  g_autoptr(GError) error = NULL;

  device->dir = g_build_filename (f->dir, name, NULL);
  device->store = ms_store_open (device->dir, &error);
  g_assert_no_error (error);
  device->touchpoints = ms_touchpoint_repository_new (device->store);
  device->tokens = ms_token_store_new_memory ();
  device->client = ms_sync_client_new (device->store, f->url, device->tokens);
}

static void
device_close (Device *device)
{
  g_clear_object (&device->client);
  g_clear_object (&device->tokens);
  g_clear_object (&device->touchpoints);
  g_clear_object (&device->store);
  g_free (device->dir);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("msgscore-touchpoint-XXXXXX", NULL);
  f->server.db = ms_test_db_new (f->dir);
  server_start (&f->server);
  f->url = g_strdup_printf ("http://127.0.0.1:%u", f->server.port);
  device_open (f, &f->a, "a");
  device_open (f, &f->b, "b");
  client_sign (f->a.client, "csm@example.jp", TRUE);
  client_sign (f->b.client, "csm@example.jp", FALSE);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  device_close (&f->a);
  device_close (&f->b);
  server_stop (&f->server);
  g_free (f->server.db);
  g_free (f->url);
  g_free (f->dir);
}

static void
on_changed_cb (MsTouchpointRepository *repository,
               gpointer                user_data)
{
  (*(guint *) user_data)++;
}

static void
test_converges (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) on_a = NULL;
  g_autoptr(GPtrArray) on_b = NULL;
  g_autofree char *call = NULL;
  g_autofree char *note = NULL;
  gint64 day = G_TIME_SPAN_DAY;
  guint changes = 0;

  /* Logged on A with no round in between; shown on A at once, newest first */
  g_signal_connect (f->b.touchpoints, "changed", G_CALLBACK (on_changed_cb), &changes);
  call = ms_touchpoint_repository_add (f->a.touchpoints, ACCOUNT, "call",
                                       "  更新の相談。来月に再連絡  ", 10 * day, &error);
  g_assert_no_error (error);
  note = ms_touchpoint_repository_add (f->a.touchpoints, ACCOUNT, "note",
                                       "Budget owner is the new CMO.", 11 * day, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ms_store_get_outbox_length (f->a.store), ==, 2);
  on_a = ms_touchpoint_repository_list (f->a.touchpoints, ACCOUNT);
  g_assert_cmpuint (on_a->len, ==, 2);
  g_assert_cmpstr (((MsTouchpoint *) on_a->pdata[0])->id, ==, note);
  g_assert_cmpstr (((MsTouchpoint *) on_a->pdata[1])->kind, ==, "call");
  g_assert_cmpstr (((MsTouchpoint *) on_a->pdata[1])->text, ==, "更新の相談。来月に再連絡");
  g_assert_cmpuint (ms_touchpoint_repository_list (f->b.touchpoints, ACCOUNT)->len, ==, 0);

  /* Synced: the same two on B, which says so */
  client_settle (f->a.client);
  client_settle (f->b.client);
  g_assert_cmpuint (changes, >, 0);
  on_b = ms_touchpoint_repository_list (f->b.touchpoints, ACCOUNT);
  g_assert_cmpuint (on_b->len, ==, 2);
  g_assert_cmpstr (((MsTouchpoint *) on_b->pdata[0])->text, ==, "Budget owner is the new CMO.");
  g_assert_cmpstr (((MsTouchpoint *) on_b->pdata[1])->id, ==, call);
  g_assert_cmpint (((MsTouchpoint *) on_b->pdata[1])->happened_at, ==, 10 * day);
  g_assert_cmpint (server_query (&f->server, "SELECT count(*) FROM sync_row"
                                             " WHERE entity = 'csm_touchpoint'"), ==, 2);
  /* another account's timeline has none of them */
  g_assert_cmpuint (ms_touchpoint_repository_list (f->b.touchpoints, "team:other")->len, ==, 0);

  /* Deleted on B: gone on A */
  g_assert_true (ms_touchpoint_repository_delete (f->b.touchpoints, call, &error));
  g_assert_no_error (error);
  client_settle (f->b.client);
  client_settle (f->a.client);
  g_clear_pointer (&on_a, g_ptr_array_unref);
  on_a = ms_touchpoint_repository_list (f->a.touchpoints, ACCOUNT);
  g_assert_cmpuint (on_a->len, ==, 1);
  g_assert_cmpstr (((MsTouchpoint *) on_a->pdata[0])->id, ==, note);
  g_assert_cmpint (server_query (&f->server, "SELECT count(*) FROM sync_row"
                                             " WHERE entity = 'csm_touchpoint'"
                                             " AND deleted_at IS NOT NULL"), ==, 1);
}

/* CSM-private: another person signed in on a third device pulls nothing */
static void
test_private (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GPtrArray) seen = NULL;
  Device c = { 0 };

  id = ms_touchpoint_repository_add (f->a.touchpoints, ACCOUNT, "meeting", "QBR held", 5,
                                     &error);
  g_assert_no_error (error);
  client_settle (f->a.client);
  device_open (f, &c, "c");
  client_sign (c.client, "customer@example.jp", TRUE);
  client_settle (c.client);
  seen = ms_touchpoint_repository_list (c.touchpoints, ACCOUNT);
  g_assert_cmpuint (seen->len, ==, 0);
  g_assert_cmpint (server_query (&f->server, "SELECT count(*) FROM sync_row"
                                             " WHERE entity = 'csm_touchpoint'"), ==, 1);
  device_close (&c);
}

static void
on_rejected_cb (MsSyncClient *client,
                const char   *name,
                const char   *code,
                const char   *message,
                gpointer      user_data)
{
  g_autofree char *seen = g_strconcat (name, " ", code, NULL);

  g_ptr_array_add (user_data, g_steal_pointer (&seen));
}

/* The client refuses what the server would: the same validator. */
static void
test_same_validator (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rejected = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) args = json_from_string ("{\"id\":\"t9\",\"account\":\"" ACCOUNT "\","
                                               "\"kind\":\"call\",\"text\":\"   \","
                                               "\"happened_at\":5}", NULL);
  g_autofree char *long_text = g_strnfill (4001, 'x');
  g_autofree char *id = NULL;
  guint pending = ms_store_get_outbox_length (f->a.store);

  id = ms_touchpoint_repository_add (f->a.touchpoints, ACCOUNT, "call", " \n ", 5, &error);
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "empty"));
  g_clear_error (&error);
  id = ms_touchpoint_repository_add (f->a.touchpoints, ACCOUNT, "note", long_text, 5, &error);
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "4,000"));
  g_clear_error (&error);
  id = ms_touchpoint_repository_add (f->a.touchpoints, "not-an-account", "note", "x", 5,
                                     &error);
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID);
  g_clear_error (&error);
  id = ms_touchpoint_repository_add (f->a.touchpoints, ACCOUNT, "lunch", "x", 5, &error);
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (id);
  g_assert_cmpuint (ms_store_get_outbox_length (f->a.store), ==, pending);

  /* Queued without the client's check: the server refuses it, and it is undone */
  g_signal_connect (f->a.client, "rejected", G_CALLBACK (on_rejected_cb), rejected);
  g_assert_true (_ms_store_begin (f->a.store, &error));
  g_assert_true (_ms_store_add_outbox (f->a.store, "csm_touchpoint.put", args, &error));
  g_assert_true (_ms_store_commit (f->a.store, &error));
  g_assert_no_error (error);
  client_settle (f->a.client);
  g_assert_cmpuint (rejected->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (rejected, 0), ==, "csm_touchpoint.put invalid_args");
  g_assert_cmpint (server_query (&f->server, "SELECT count(*) FROM sync_row"
                                             " WHERE entity = 'csm_touchpoint'"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (!ms_test_db_check_backend ())
    return 0;

  g_test_add ("/ms/sync/touchpoint/converges", Fixture, NULL, setup, test_converges, teardown);
  g_test_add ("/ms/sync/touchpoint/private", Fixture, NULL, setup, test_private, teardown);
  g_test_add ("/ms/sync/touchpoint/same-validator", Fixture, NULL, setup, test_same_validator,
              teardown);
  return g_test_run ();
}
