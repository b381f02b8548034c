/* ms-mutation.h — the table of synced entities and their named mutations
 *
 * One entry per mutation (DESIGN.md §7, src/server/README-sync.md): its
 * name, the entity it writes, the tenants and roles it is for, its argument
 * schema (limits from data/limits.json), a pure validator that normalises
 * the arguments, and two appliers — one for this device's store, one for
 * the server's storage — written against the small interfaces below. The
 * client validates before it saves a change and the server before it
 * applies one, with the same code, so a limit, a message or a
 * normalisation exists once. HACKING.md says how to add an entity.
 *
 * Every number has a range and every text a size; a text never holds a
 * NUL: the server parses bodies with ms_json_guard_parse(), which refuses
 * a \u0000 escape before json-glib would cut the string short.
 *
 * This module is below the store: it knows rows only as JSON objects.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "store/ms-entitlements.h"

G_BEGIN_DECLS

#define MS_MUTATION_ERROR (ms_mutation_error_quark ())

/* Why a mutation is refused; the server's rejection codes (README-sync.md). */
typedef enum
{
  MS_MUTATION_ERROR_INVALID_ARGS,    /* invalid_args */
  MS_MUTATION_ERROR_UNKNOWN,         /* unknown_mutation */
  MS_MUTATION_ERROR_NOT_FOUND,       /* not_found */
  MS_MUTATION_ERROR_CONFLICT,        /* conflict */
  MS_MUTATION_ERROR_LIMIT_REACHED,   /* limit_reached */
  MS_MUTATION_ERROR_FORBIDDEN_ROLE,  /* forbidden_role */
  MS_MUTATION_ERROR_UPGRADE_NEEDED,  /* upgrade_needed: the plan lacks the feature */
} MsMutationError;

typedef enum
{
  MS_TENANT_PERSONAL = 1 << 0,       /* "user:<uuid>" (or "local" before signing in) */
  MS_TENANT_TEAM     = 1 << 1,       /* "team:<uuid>" */
} MsTenantKinds;

typedef enum
{
  MS_ROLE_OWNER  = 1 << 0,
  MS_ROLE_MEMBER = 1 << 1,
} MsRoles;

typedef enum
{
  MS_ARG_ID,       /* a row id: 1–row_id.max_bytes of [A-Za-z0-9_-] */
  MS_ARG_TEXT,     /* UTF-8, at most limit.max_bytes */
  MS_ARG_CHOICE,   /* one of choices */
  MS_ARG_INT,      /* a whole number in limit.min … limit.max */
  MS_ARG_NUMBER,   /* a finite number in limit.min … limit.max */
  MS_ARG_TIME,     /* microseconds since the epoch, in the "time" limit */
  MS_ARG_OBJECT,   /* a JSON object, at most limit.max_bytes as JSON */
  MS_ARG_ROWS,     /* an array of objects, each checked against rows */
  MS_ARG_VALUE,    /* any JSON value; the validator checks it */
} MsArgType;

typedef enum
{
  MS_ARG_OPTIONAL = 0,
  MS_ARG_REQUIRED = 1 << 0,
  MS_ARG_NULLABLE = 1 << 1,   /* an explicit null is kept (else null means absent) */
} MsArgFlags;

typedef struct _MsArg MsArg;

/* One member of a mutation's arguments. */
struct _MsArg
{
  const char          *name;
  MsArgType            type;
  MsArgFlags           flags;
  const char          *limit;    /* a name in data/limits.json, or NULL */
  const char * const  *choices;  /* MS_ARG_CHOICE */
  const MsArg         *rows;     /* MS_ARG_ROWS: the members of each row */
  const char          *message;  /* N_(): what to fix when the value is out of range;
                                  * for MS_ARG_ROWS it is given the most rows (%u) */
  const char          *item_message; /* MS_ARG_ROWS: an element is not an object */
};

typedef struct _MsMutationLocal  MsMutationLocal;
typedef struct _MsMutationServer MsMutationServer;
typedef struct _MsMutation       MsMutation;
typedef struct _MsSyncEntity     MsSyncEntity;

/* This device's store, as a mutation's local applier sees it. Rows are
 * JSON objects of the entity table's columns; a write that would take a
 * unique key (or an id) another row holds writes nothing and counts in
 * n_conflicts: the local applier skips it and the server decides. */
struct _MsMutationLocal
{
  const char *tenant;
  gint64      now;          /* when the change was made here (the outbox row's time) */
  guint       n_conflicts;

  /* *row: NULL when @tenant has no row @id */
  gboolean (*get_row)    (MsMutationLocal  *self,
                          const char       *entity,
                          const char       *id,
                          JsonObject      **row,
                          GError          **error);
  /* @row: every column to set, "id" and "tenant" included */
  gboolean (*insert_row) (MsMutationLocal  *self,
                          const char       *entity,
                          JsonObject       *row,
                          GError          **error);
  /* @changes: the columns to set on row @id of @tenant */
  gboolean (*update_row) (MsMutationLocal  *self,
                          const char       *entity,
                          const char       *id,
                          JsonObject       *changes,
                          GError          **error);
};

/* The server's storage, as a mutation's server applier sees it, inside the
 * mutation's write transaction. Rows are JSON objects with "created_at",
 * "updated_at" and "deleted_at" (null while alive). */
struct _MsMutationServer
{
  const char *tenant;
  gint64      now;          /* the server's clock */
  const char *user;         /* the caller's user id (a row may name who did what) */
  const char *role;         /* the caller's role in tenant: "owner" or "member" */

  gboolean        (*get_row)          (MsMutationServer  *self,
                                       const char        *entity,
                                       const char        *id,
                                       JsonObject       **row,
                                       GError           **error);
  /* *id: the row holding @key, or NULL */
  gboolean        (*find_key)         (MsMutationServer  *self,
                                       const char        *entity,
                                       const char        *key,
                                       gboolean           live_only,
                                       char             **id,
                                       GError           **error);
  gboolean        (*count_rows)       (MsMutationServer  *self,
                                       const char        *entity,
                                       gint64             created_from,
                                       gint64             created_to,
                                       gboolean           live_only,
                                       const char        *exclude_id,
                                       gint64            *count,
                                       GError           **error);
  /* Writes the whole row; takes the tenant's next version. @key: its unique key, or NULL */
  gboolean        (*put_row)          (MsMutationServer  *self,
                                       const char        *entity,
                                       const char        *id,
                                       const char        *key,
                                       JsonObject        *row,
                                       GError           **error);
  /* The plan in force for the tenant: the user's, or the team's */
  MsEntitlements *(*dup_entitlements) (MsMutationServer  *self,
                                       GError           **error);
};

/* Cross-member checks and normalisation of validated @args (in place).
 * @now: the receiver's clock, or 0 when re-applying (no clock checks). */
typedef gboolean (*MsMutationNormalizeFunc) (JsonObject        *args,
                                             gint64             now,
                                             GError           **error);
/* Idempotent; skips what it cannot do (the server decides). */
typedef gboolean (*MsMutationLocalFunc)     (MsMutationLocal   *local,
                                             JsonObject        *args,
                                             GError           **error);
/* Authoritative: a refusal is a MS_MUTATION_ERROR. */
typedef gboolean (*MsMutationServerFunc)    (MsMutationServer  *server,
                                             JsonObject        *args,
                                             GError           **error);
/* The plan feature these @args need (data/plans.json), or NULL. */
typedef const char *(*MsMutationFeatureFunc) (JsonObject *args);
/* Adds "entity\nid" for each local row the mutation writes. */
typedef void     (*MsMutationRowsFunc)      (const MsMutation  *mutation,
                                             const char        *tenant,
                                             JsonObject        *args,
                                             GHashTable        *rows);

struct _MsMutation
{
  const char              *name;          /* "entity.verb", as sent */
  MsTenantKinds            tenants;
  MsRoles                  roles;
  const MsArg             *args;          /* ends with { NULL } */
  MsMutationNormalizeFunc  normalize;     /* nullable */
  MsMutationLocalFunc      apply_local;
  MsMutationServerFunc     apply_server;
  MsMutationRowsFunc       local_rows;    /* nullable: args.id, args.rows[].id */
  const MsSyncEntity      *entity;        /* set when its entity is registered */
  const char              *feature;       /* nullable: the plan feature it needs */
  MsMutationFeatureFunc    feature_for;   /* nullable: the feature, by its args */
};

/* A server row as this device keeps it (team rows get local ids). */
typedef void (*MsSyncLocalizeFunc) (const char *tenant,
                                    JsonObject *row);

struct _MsSyncEntity
{
  const char           *name;             /* the local table and the wire name */
  MsMutation           *mutations;        /* ends with { NULL }; NULL: pulled only */
  const char * const   *unique;           /* columns unique in a tenant, or NULL */
  gboolean              unique_live_only; /* the key binds live rows only */
  gboolean              pulled_only;      /* never changed here: no shadows */
  gboolean              no_insert_shadow; /* new local rows need no rollback */
  MsSyncLocalizeFunc    localize;         /* nullable */
};

GQuark              ms_mutation_error_quark     (void);

void                ms_sync_entity_register     (MsSyncEntity       *entity);
const MsSyncEntity *ms_sync_entity_lookup       (const char         *name);
GPtrArray          *ms_sync_entity_list         (void) G_GNUC_WARN_UNUSED_RESULT;
const MsMutation   *ms_mutation_lookup          (const char         *name);

MsTenantKinds       ms_tenant_kind              (const char         *tenant);
gboolean            ms_mutation_check_tenant    (const MsMutation   *mutation,
                                                 const char         *tenant,
                                                 const char         *role,
                                                 GError            **error);
JsonObject         *ms_mutation_validate        (const MsMutation   *mutation,
                                                 JsonObject         *args,
                                                 gint64              now,
                                                 GError            **error) G_GNUC_WARN_UNUSED_RESULT;
const char         *ms_mutation_get_feature     (const MsMutation   *mutation,
                                                 JsonObject         *args);
gboolean            ms_mutation_check_feature   (const MsMutation   *mutation,
                                                 JsonObject         *args,
                                                 const char         *tenant,
                                                 MsEntitlements     *entitlements,
                                                 GError            **error);
void                ms_mutation_collect_rows    (const MsMutation   *mutation,
                                                 const char         *tenant,
                                                 JsonObject         *args,
                                                 GHashTable         *rows);

gint64              ms_sync_limit               (const char         *name,
                                                 const char         *bound);
void                ms_mutation_set_limit_error (GError            **error,
                                                 GQuark              domain,
                                                 int                 code,
                                                 MsLimit             limit,
                                                 MsEntitlements     *entitlements);

char               *ms_mutation_normalize_name  (const char         *name) G_GNUC_WARN_UNUSED_RESULT;
char               *ms_mutation_normalize_word  (const char         *word) G_GNUC_WARN_UNUSED_RESULT;
char               *ms_mutation_normalize_team_word (const char     *word) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
