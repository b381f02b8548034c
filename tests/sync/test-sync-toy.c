/* test-sync-toy.c — one home per synced entity: the proof
 *
 * A toy entity (toy-entity.c: one entry of the mutation table, its
 * repository, its server applier) syncs between two clients through the
 * real msgscore-server (toy-server.c), with nothing else changed: created,
 * edited, deleted on either device, concurrent offline changes merged, a
 * value the table refuses refused on the client and on the server alike.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sync-harness.h"
#include "toy-entity.h"

typedef struct
{
  char          *dir;
  MsStore       *store;
  ToyRepository *notes;
  MsTokenStore  *tokens;
  MsSyncClient  *client;
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
  device->notes = toy_repository_new (device->store, &error);
  g_assert_no_error (error);
  device->tokens = ms_token_store_new_memory ();
  device->client = ms_sync_client_new (device->store, f->url, device->tokens);
}

static void
device_close (Device *device)
{
  g_clear_object (&device->client);
  g_clear_object (&device->tokens);
  g_clear_pointer (&device->notes, toy_repository_free);
  g_clear_object (&device->store);
  g_free (device->dir);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("msgscore-toy-XXXXXX", NULL);
  f->server.db = ms_test_db_new (f->dir);
  server_start (&f->server);
  f->url = g_strdup_printf ("http://127.0.0.1:%u", f->server.port);
  device_open (f, &f->a, "a");
  device_open (f, &f->b, "b");
  client_sign (f->a.client, "toy@example.jp", TRUE);
  client_sign (f->b.client, "toy@example.jp", FALSE);
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
assert_text (Device     *device,
             const char *id,
             const char *expected)
{
  g_autofree char *text = toy_repository_dup_text (device->notes, id);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_converges (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* Made on A (normalised by the table), seen on B. */
  g_assert_true (toy_repository_put (f->a.notes, "n1", "  first note  ", &error));
  g_assert_no_error (error);
  assert_text (&f->a, "n1", "first note");
  client_settle (f->a.client);
  client_settle (f->b.client);
  assert_text (&f->b, "n1", "first note");

  /* Edited on B, seen on A. */
  g_assert_true (toy_repository_put (f->b.notes, "n1", "edited on B", &error));
  client_settle (f->b.client);
  client_settle (f->a.client);
  assert_text (&f->a, "n1", "edited on B");

  /* Offline on both: each adds one; both end with all three. */
  g_assert_true (toy_repository_put (f->a.notes, "n2", "from A", &error));
  g_assert_true (toy_repository_put (f->b.notes, "n3", "from B", &error));
  g_assert_no_error (error);
  client_settle (f->a.client);
  client_settle (f->b.client);
  client_settle (f->a.client);
  g_assert_cmpuint (toy_repository_count (f->a.notes), ==, 3);
  g_assert_cmpuint (toy_repository_count (f->b.notes), ==, 3);
  assert_text (&f->a, "n3", "from B");
  assert_text (&f->b, "n2", "from A");

  /* Deleted on A: gone on B, and a tombstone on the server. */
  g_assert_true (toy_repository_delete (f->a.notes, "n1", &error));
  g_assert_no_error (error);
  client_settle (f->a.client);
  client_settle (f->b.client);
  assert_text (&f->b, "n1", NULL);
  g_assert_cmpuint (toy_repository_count (f->b.notes), ==, 2);
  g_assert_cmpint (server_query (&f->server, "SELECT count(*) FROM sync_row"
                                             " WHERE entity = 'toy_note'"), ==, 3);
  g_assert_cmpint (server_query (&f->server, "SELECT count(*) FROM sync_row"
                                             " WHERE entity = 'toy_note'"
                                             " AND deleted_at IS NOT NULL"), ==, 1);
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
  g_autoptr(JsonNode) args = json_from_string ("{\"id\":\"n9\",\"text\":\"   \"}", NULL);
  g_autofree char *long_text = g_strnfill (101, 'x');
  guint pending = ms_store_get_outbox_length (f->a.store);

  g_assert_false (toy_repository_put (f->a.notes, "n9", long_text, &error));
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID);
  g_assert_cmpuint (ms_store_get_outbox_length (f->a.store), ==, pending);
  g_clear_error (&error);

  /* Queued without the client's check, as an older client might: the
   * server's copy of the same validator rejects it, and it is undone. */
  g_signal_connect (f->a.client, "rejected", G_CALLBACK (on_rejected_cb), rejected);
  g_assert_true (_ms_store_begin (f->a.store, &error));
  g_assert_true (_ms_store_add_outbox (f->a.store, "toy_note.put", args, &error));
  g_assert_true (_ms_store_commit (f->a.store, &error));
  g_assert_no_error (error);
  client_settle (f->a.client);
  g_assert_cmpuint (rejected->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (rejected, 0), ==, "toy_note.put invalid_args");
  g_assert_cmpint (server_query (&f->server, "SELECT count(*) FROM sync_row"
                                             " WHERE entity = 'toy_note'"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (!ms_test_db_check_backend ())
    return 0;
  ms_sync_entity_register (&toy_note_entity);

  g_test_add ("/ms/sync/toy/converges", Fixture, NULL, setup, test_converges, teardown);
  g_test_add ("/ms/sync/toy/same-validator", Fixture, NULL, setup, test_same_validator,
              teardown);
  return g_test_run ();
}
