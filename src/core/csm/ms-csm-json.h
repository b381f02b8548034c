/* ms-csm-json.h — reading the data files of data/csm (private to csm/)
 *
 * The files ship inside the binary, so a missing or bad value is a build bug:
 * these stop the program with the file and the member's name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonObject *_ms_csm_json_object (JsonObject *object,
                                 const char *file,
                                 const char *member);
JsonArray  *_ms_csm_json_array  (JsonObject *object,
                                 const char *file,
                                 const char *member);
double      _ms_csm_json_number (JsonObject *object,
                                 const char *file,
                                 const char *member,
                                 double      min,
                                 double      max);
guint       _ms_csm_json_count  (JsonObject *object,
                                 const char *file,
                                 const char *member);
const char *_ms_csm_json_string (JsonObject *object,
                                 const char *file,
                                 const char *member);

G_END_DECLS
