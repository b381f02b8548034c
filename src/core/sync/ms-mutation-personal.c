/* ms-mutation-personal.c — segment and ng_word: a user's own sets
 *
 *   segment.put    {id, scope?: "personal", name, segment}
 *   segment.delete {id, deleted_at}
 *   ng_word.put    {id, scope?: "personal", word, note?}
 *   ng_word.delete {id, deleted_at}
 *
 * Names are trimmed, words NFKC-normalised and trimmed; each is unique
 * among the tenant's live rows (conflict) and counts against a plan limit
 * (personal_segments, custom_ng_words) when its id is new. Deleted rows
 * never come back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-mutations-private.h"

static const char * const scopes[] = { "personal", NULL };

#define SCOPE_ARG { "scope", MS_ARG_CHOICE, MS_ARG_OPTIONAL, NULL, scopes, NULL, \
                    N_("Only personal items sync for now.") }

static const MsArg segment_put_args[] = {
  { "id", MS_ARG_ID, MS_ARG_REQUIRED },
  SCOPE_ARG,
  { "name", MS_ARG_TEXT, MS_ARG_REQUIRED, "name" },
  { "segment", MS_ARG_OBJECT, MS_ARG_REQUIRED, "segment", NULL, NULL,
    N_("The segment is too large.") },
  { NULL }
};

static const MsArg ng_word_put_args[] = {
  { "id", MS_ARG_ID, MS_ARG_REQUIRED },
  SCOPE_ARG,
  { "word", MS_ARG_TEXT, MS_ARG_REQUIRED, "ng_word" },
  { "note", MS_ARG_TEXT, MS_ARG_OPTIONAL, "ng_word.note" },
  { NULL }
};

static const MsArg delete_args[] = {
  { "id", MS_ARG_ID, MS_ARG_REQUIRED },
  { "deleted_at", MS_ARG_TIME, MS_ARG_REQUIRED, NULL, NULL, NULL,
    N_("The time of the deletion is missing.") },
  { NULL }
};

/* ------------------------------------------------------------------------ */
/* segment                                                                  */

static gboolean
segment_normalize (JsonObject  *args,
                   gint64       now,
                   GError     **error)
{
  g_autofree char *name = ms_mutation_normalize_name (json_object_get_string_member (args,
                                                                                      "name"));

  if (name == NULL)
    return _ms_mutation_invalid (error, _("A segment name must be 1 to 100 characters."));
  json_object_set_string_member (args, "name", name);
  return TRUE;
}

static gboolean
segment_put_server (MsMutationServer  *server,
                    JsonObject        *args,
                    GError           **error)
{
  g_autoptr(JsonObject) o = json_object_new ();
  g_autofree char *segment_json = _ms_object_to_string (json_object_get_object_member (args,
                                                                                       "segment"));
  const char *name = json_object_get_string_member (args, "name");

  json_object_set_string_member (o, "name", name);
  json_object_set_string_member (o, "segment_json", segment_json);
  return _ms_server_put_unique (server, "personal", "segment",
                                json_object_get_string_member (args, "id"), name,
                                MS_LIMIT_PERSONAL_SEGMENTS, o, error);
}

static gboolean
segment_put_local (MsMutationLocal  *local,
                   JsonObject       *args,
                   GError          **error)
{
  g_autoptr(JsonObject) values = json_object_new ();
  g_autofree char *segment_json = _ms_object_to_string (json_object_get_object_member (args,
                                                                                       "segment"));

  json_object_set_string_member (values, "scope", "personal");
  json_object_set_string_member (values, "name", json_object_get_string_member (args, "name"));
  json_object_set_string_member (values, "segment_json", segment_json);
  return _ms_local_put (local, "segment", json_object_get_string_member (args, "id"), values,
                        error);
}

/* ------------------------------------------------------------------------ */
/* ng_word                                                                  */

static gboolean
ng_word_normalize (JsonObject  *args,
                   gint64       now,
                   GError     **error)
{
  g_autofree char *word = ms_mutation_normalize_word (json_object_get_string_member (args,
                                                                                      "word"));

  if (word == NULL)
    return _ms_mutation_invalid (error, _("An NG word must be 1 to 100 characters."));
  json_object_set_string_member (args, "word", word);
  if (!json_object_has_member (args, "note") || json_object_get_null_member (args, "note"))
    json_object_set_string_member (args, "note", "");
  return TRUE;
}

static gboolean
ng_word_put_server (MsMutationServer  *server,
                    JsonObject        *args,
                    GError           **error)
{
  g_autoptr(JsonObject) o = json_object_new ();
  const char *word = json_object_get_string_member (args, "word");

  json_object_set_string_member (o, "word", word);
  json_object_set_string_member (o, "note", json_object_get_string_member (args, "note"));
  return _ms_server_put_unique (server, "personal", "ng_word",
                                json_object_get_string_member (args, "id"), word,
                                MS_LIMIT_CUSTOM_NG_WORDS, o, error);
}

static gboolean
ng_word_put_local (MsMutationLocal  *local,
                   JsonObject       *args,
                   GError          **error)
{
  g_autoptr(JsonObject) values = json_object_new ();

  json_object_set_string_member (values, "scope", "personal");
  json_object_set_string_member (values, "word", json_object_get_string_member (args, "word"));
  json_object_set_string_member (values, "note", json_object_get_string_member (args, "note"));
  return _ms_local_put (local, "ng_word", json_object_get_string_member (args, "id"), values,
                        error);
}

/* ------------------------------------------------------------------------ */
/* Deletes of both                                                          */

static gboolean
segment_delete_server (MsMutationServer  *server,
                       JsonObject        *args,
                       GError           **error)
{
  return _ms_server_delete (server, "segment", json_object_get_string_member (args, "id"),
                            json_object_get_int_member (args, "deleted_at"), error);
}

static gboolean
segment_delete_local (MsMutationLocal  *local,
                      JsonObject       *args,
                      GError          **error)
{
  return _ms_local_delete (local, "segment", json_object_get_string_member (args, "id"),
                           json_object_get_int_member (args, "deleted_at"), error);
}

static gboolean
ng_word_delete_server (MsMutationServer  *server,
                       JsonObject        *args,
                       GError           **error)
{
  return _ms_server_delete (server, "ng_word", json_object_get_string_member (args, "id"),
                            json_object_get_int_member (args, "deleted_at"), error);
}

static gboolean
ng_word_delete_local (MsMutationLocal  *local,
                      JsonObject       *args,
                      GError          **error)
{
  return _ms_local_delete (local, "ng_word", json_object_get_string_member (args, "id"),
                           json_object_get_int_member (args, "deleted_at"), error);
}

/* ------------------------------------------------------------------------ */

static MsMutation segment_mutations[] = {
  { "segment.put", MS_TENANT_PERSONAL, MS_ROLE_OWNER, segment_put_args, segment_normalize,
    segment_put_local, segment_put_server },
  { "segment.delete", MS_TENANT_PERSONAL, MS_ROLE_OWNER, delete_args, NULL,
    segment_delete_local, segment_delete_server },
  { NULL }
};

static MsMutation ng_word_mutations[] = {
  { "ng_word.put", MS_TENANT_PERSONAL, MS_ROLE_OWNER, ng_word_put_args, ng_word_normalize,
    ng_word_put_local, ng_word_put_server },
  { "ng_word.delete", MS_TENANT_PERSONAL, MS_ROLE_OWNER, delete_args, NULL,
    ng_word_delete_local, ng_word_delete_server },
  { NULL }
};

static const char * const segment_unique[] = { "scope", "name", NULL };
static const char * const ng_word_unique[] = { "scope", "word", NULL };

MsSyncEntity _ms_segment_entity = {
  .name = "segment",
  .mutations = segment_mutations,
  .unique = segment_unique,
  .unique_live_only = TRUE,
};

MsSyncEntity _ms_ng_word_entity = {
  .name = "ng_word",
  .mutations = ng_word_mutations,
  .unique = ng_word_unique,
  .unique_live_only = TRUE,
};
