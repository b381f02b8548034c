/* ms-json-guard.h — one bounded parse for every JSON text that comes from outside
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define MS_JSON_GUARD_ERROR (ms_json_guard_error_quark ())

typedef enum
{
  MS_JSON_GUARD_ERROR_TOO_LARGE,   /* more bytes than the limit */
  MS_JSON_GUARD_ERROR_TOO_DEEP,    /* arrays and objects nested deeper than the limit */
  MS_JSON_GUARD_ERROR_NUL,         /* a NUL byte, or a \u0000 escape in a string */
  MS_JSON_GUARD_ERROR_INVALID,     /* not UTF-8, or not JSON */
} MsJsonGuardError;

typedef struct
{
  gsize max_bytes;
  guint max_depth;
} MsJsonLimits;

/* What a request body may be: the server's byte limit is its own (max-body). */
#define MS_JSON_MAX_DEPTH_REQUEST  32
/* What the sync client accepts from a server: pull pages are the largest. */
#define MS_JSON_MAX_BYTES_ANSWER   (64 * 1024 * 1024)
#define MS_JSON_MAX_DEPTH_ANSWER   32

GQuark    ms_json_guard_error_quark (void);

gboolean  ms_json_guard_check       (const char          *data,
                                     gsize                length,
                                     const MsJsonLimits  *limits,
                                     GError             **error);
gboolean  ms_json_guard_check_object (const char         *data,
                                      gsize               length,
                                      const MsJsonLimits *limits,
                                      GError            **error);
JsonNode *ms_json_guard_parse       (const char          *data,
                                     gsize                length,
                                     const MsJsonLimits  *limits,
                                     GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* Members of untrusted JSON, of the type asked for or not at all: unlike
 * json-glib's getters, a member of another type is no critical. */
const char *ms_json_object_get_string  (JsonObject          *object,
                                        const char          *name,
                                        const char          *fallback);
gint64      ms_json_object_get_int     (JsonObject          *object,
                                        const char          *name,
                                        gint64               fallback);
gboolean    ms_json_object_get_boolean (JsonObject          *object,
                                        const char          *name,
                                        gboolean             fallback);
JsonObject *ms_json_object_get_object  (JsonObject          *object,
                                        const char          *name);
JsonArray  *ms_json_object_get_array   (JsonObject          *object,
                                        const char          *name);

G_END_DECLS
