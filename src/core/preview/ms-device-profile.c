/* ms-device-profile.c — the surfaces a message is previewed on (data/devices.json)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-preview"

#include "config.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "ms-data.h"
#include "ms-preview-private.h"
#include "text/ms-text.h"

static const char * const slot_names[MS_PREVIEW_SLOT_N] = {
  [MS_PREVIEW_SLOT_SENDER] = "sender",
  [MS_PREVIEW_SLOT_SUBJECT] = "subject",
  [MS_PREVIEW_SLOT_SNIPPET] = "snippet",
  [MS_PREVIEW_SLOT_BUBBLE] = "bubble",
  [MS_PREVIEW_SLOT_LIST_TEXT] = "list_text",
};

/* NULL-terminated, to list them in an error. */
static const char * const surface_names[MS_PREVIEW_SURFACE_N + 1] = {
  [MS_PREVIEW_SURFACE_INBOX_LIST] = "inbox_list",
  [MS_PREVIEW_SURFACE_INBOX_ROW] = "inbox_row",
  [MS_PREVIEW_SURFACE_INBOX_CARDS] = "inbox_cards",
  [MS_PREVIEW_SURFACE_TALK] = "talk",
  [MS_PREVIEW_SURFACE_CHAT_LIST] = "chat_list",
  [MS_PREVIEW_SURFACE_NOTIFICATION] = "notification",
};

G_DEFINE_QUARK (ms-preview-error-quark, ms_preview_error)

/* ------------------------------------------------------------------------ */
/* Parsing                                                                  */
/* ------------------------------------------------------------------------ */

static void
profile_free (gpointer data)
{
  MsDeviceProfile *profile = data;

  g_free (profile->id);
  g_free (profile->name_en);
  g_free (profile->name_ja);
  for (guint i = 0; i < MS_PREVIEW_SLOT_N; i++)
    g_free (profile->slots[i].separator);
  g_free (profile);
}

static int
slot_from_name (const char *name)
{
  for (guint i = 0; i < MS_PREVIEW_SLOT_N; i++)
    if (g_strcmp0 (slot_names[i], name) == 0)
      return (int) i;
  return -1;
}

static gboolean
slot_allowed (MsChannel     channel,
              MsPreviewSlot slot)
{
  switch (slot)
    {
    case MS_PREVIEW_SLOT_SENDER:
      return TRUE;
    case MS_PREVIEW_SLOT_SUBJECT:
    case MS_PREVIEW_SLOT_SNIPPET:
      return channel == MS_CHANNEL_EMAIL;
    case MS_PREVIEW_SLOT_BUBBLE:
    case MS_PREVIEW_SLOT_LIST_TEXT:
      return channel == MS_CHANNEL_LINE;
    case MS_PREVIEW_SLOT_N:
    default:
      return FALSE;
    }
}

static gboolean
invalid (GError     **error,
         const char  *where,
         const char  *problem)
{
  g_set_error (error, MS_PREVIEW_ERROR, MS_PREVIEW_ERROR_INVALID_PROFILE,
               "devices.json: %s: %s", where, problem);
  return FALSE;
}

/* Reads a positive (or, with @allow_zero, non-negative) number member. */
static gboolean
read_number (JsonObject  *object,
             const char  *member,
             const char  *where,
             gboolean     allow_zero,
             double      *value,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *problem = NULL;

  if (node == NULL)
    problem = " is missing";
  else if (!JSON_NODE_HOLDS_VALUE (node) ||
           (json_node_get_value_type (node) != G_TYPE_DOUBLE &&
            json_node_get_value_type (node) != G_TYPE_INT64))
    problem = " must be a number";
  else
    {
      *value = json_node_get_double (node);
      if (!isfinite (*value) || *value < 0 || (*value == 0 && !allow_zero) || *value > 10000)
        problem = allow_zero ? " must be 0 or more" : " must be more than 0";
    }

  if (problem != NULL)
    {
      g_autofree char *message = g_strconcat ("“", member, "”", problem, NULL);
      return invalid (error, where, message);
    }

  return TRUE;
}

static gboolean
read_string (JsonObject  *object,
             const char  *member,
             const char  *where,
             char       **value,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING ||
      json_node_get_string (node)[0] == '\0')
    {
      g_autofree char *problem = g_strdup_printf ("“%s” must be a non-empty string", member);
      return invalid (error, where, problem);
    }

  *value = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
parse_advances (JsonObject  *object,
                MsAdvances  *advances,
                GError     **error)
{
  static const char *where = "advances";
  g_autofree char *narrow_chars = NULL;
  g_autofree char *wide_chars = NULL;
  double narrow;
  double wide;

  if (!read_number (object, "full_width", where, FALSE, &advances->full_width, error) ||
      !read_number (object, "uppercase", where, FALSE, &advances->uppercase, error) ||
      !read_number (object, "lowercase", where, FALSE, &advances->lowercase, error) ||
      !read_number (object, "digit", where, FALSE, &advances->digit, error) ||
      !read_number (object, "space", where, FALSE, &advances->space, error) ||
      !read_number (object, "narrow", where, FALSE, &narrow, error) ||
      !read_number (object, "wide", where, FALSE, &wide, error) ||
      !read_number (object, "punctuation", where, FALSE, &advances->punctuation, error) ||
      !read_number (object, "other", where, FALSE, &advances->other, error) ||
      !read_number (object, "half_width_kana", where, FALSE, &advances->half_width_kana, error) ||
      !read_number (object, "ellipsis", where, FALSE, &advances->ellipsis, error) ||
      !read_string (object, "narrow_chars", where, &narrow_chars, error) ||
      !read_string (object, "wide_chars", where, &wide_chars, error))
    return FALSE;

  for (guint c = 0; c < 128; c++)
    {
      if (c < 0x20 || c == 0x7F)
        advances->ascii[c] = 0;
      else if (c == ' ')
        advances->ascii[c] = advances->space;
      else if (g_ascii_isupper (c))
        advances->ascii[c] = advances->uppercase;
      else if (g_ascii_islower (c))
        advances->ascii[c] = advances->lowercase;
      else if (g_ascii_isdigit (c))
        advances->ascii[c] = advances->digit;
      else
        advances->ascii[c] = advances->punctuation;
    }

  for (const char *p = narrow_chars; *p; p++)
    if ((guchar) *p < 128)
      advances->ascii[(guchar) *p] = narrow;
  for (const char *p = wide_chars; *p; p++)
    if ((guchar) *p < 128)
      advances->ascii[(guchar) *p] = wide;

  return TRUE;
}

static gboolean
parse_slot (JsonNode         *node,
            const char       *profile_id,
            const char       *slot_name,
            MsDeviceProfile  *profile,
            GError          **error)
{
  g_autofree char *where = g_strdup_printf ("profile “%s”, slot “%s”", profile_id, slot_name);
  int slot = slot_from_name (slot_name);
  MsSlotSpec *spec;
  JsonObject *object;
  double lines;

  if (slot < 0)
    return invalid (error, where, "unknown slot");
  if (!slot_allowed (profile->channel, slot))
    return invalid (error, where, "the slot does not belong to the profile’s channel");
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, where, "not an object");

  object = json_node_get_object (node);
  spec = &profile->slots[slot];
  spec->present = TRUE;
  spec->same_row_as = -1;

  if (!read_number (object, "width_em", where, FALSE, &spec->width_em, error) ||
      !read_number (object, "lines", where, TRUE, &lines, error))
    return FALSE;
  if (lines != floor (lines) || lines > 1000)
    return invalid (error, where, "“lines” must be a whole number");
  spec->lines = (guint) lines;

  if (json_object_has_member (object, "same_row_as"))
    {
      g_autofree char *other_name = NULL;
      int other;

      if (!read_string (object, "same_row_as", where, &other_name, error))
        return FALSE;
      other = slot_from_name (other_name);
      if (other < 0 || other >= slot || !profile->slots[other].present)
        return invalid (error, where, "“same_row_as” must name an earlier slot of the profile");
      if (spec->lines != 1 || profile->slots[other].lines != 1)
        return invalid (error, where, "only one-line slots can share a row");
      spec->same_row_as = other;
      if (!read_string (object, "separator", where, &spec->separator, error))
        return FALSE;
      if (json_object_has_member (object, "min_width_em") &&
          !read_number (object, "min_width_em", where, TRUE, &spec->min_width_em, error))
        return FALSE;
    }

  return TRUE;
}

/* Each surface draws the slots of one kind of profile. */
static gboolean
surface_fits (const MsDeviceProfile  *profile,
              const char             *where,
              GError                **error)
{
  switch (profile->surface)
    {
    case MS_PREVIEW_SURFACE_INBOX_LIST:
    case MS_PREVIEW_SURFACE_INBOX_ROW:
    case MS_PREVIEW_SURFACE_INBOX_CARDS:
      if (profile->channel != MS_CHANNEL_EMAIL)
        return invalid (error, where, "an inbox surface needs an email profile");
      break;
    case MS_PREVIEW_SURFACE_TALK:
      if (!profile->slots[MS_PREVIEW_SLOT_BUBBLE].present)
        return invalid (error, where, "the surface “talk” needs a “bubble” slot");
      break;
    case MS_PREVIEW_SURFACE_CHAT_LIST:
    case MS_PREVIEW_SURFACE_NOTIFICATION:
      if (!profile->slots[MS_PREVIEW_SLOT_LIST_TEXT].present)
        return invalid (error, where, "a chat list or notification surface needs a "
                                      "“list_text” slot");
      break;
    case MS_PREVIEW_SURFACE_N:
    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

/* "drawing": {"surface": a name of surface_names, "width_px": N} */
static gboolean
parse_drawing (JsonObject       *object,
               const char       *where,
               MsDeviceProfile  *profile,
               GError          **error)
{
  JsonNode *node = json_object_get_member (object, "drawing");
  g_autofree char *surface = NULL;
  JsonObject *drawing;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, where, "“drawing” must be an object with “surface” and “width_px”");
  drawing = json_node_get_object (node);
  if (!read_string (drawing, "surface", where, &surface, error) ||
      !read_number (drawing, "width_px", where, FALSE, &profile->width_px, error))
    return FALSE;

  for (guint i = 0; i < MS_PREVIEW_SURFACE_N; i++)
    if (g_str_equal (surface, surface_names[i]))
      {
        profile->surface = i;
        return surface_fits (profile, where, error);
      }

  {
    g_autofree char *known = g_strjoinv (", ", (char **) surface_names);
    g_autofree char *problem = g_strdup_printf ("unknown surface “%s” (known: %s)", surface,
                                                known);
    return invalid (error, where, problem);
  }
}

static gboolean
parse_profile (JsonNode         *node,
               guint             index,
               const MsAdvances *advances,
               GPtrArray        *profiles,
               GError          **error)
{
  g_autofree char *where = g_strdup_printf ("profile %u", index);
  g_autofree char *channel = NULL;
  MsDeviceProfile *profile;
  JsonObject *object;
  JsonObject *slots;
  JsonNode *slots_node;
  g_autoptr(GList) members = NULL;
  gboolean any = FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, where, "not an object");
  object = json_node_get_object (node);

  profile = g_new0 (MsDeviceProfile, 1);
  g_ptr_array_add (profiles, profile);   /* freed with the array on error */
  profile->advances = *advances;

  if (!read_string (object, "id", where, &profile->id, error))
    return FALSE;
  g_free (where);
  where = g_strdup_printf ("profile “%s”", profile->id);

  for (guint i = 0; i + 1 < profiles->len; i++)
    if (g_str_equal (((MsDeviceProfile *) profiles->pdata[i])->id, profile->id))
      return invalid (error, where, "the id is used twice");

  if (!read_string (object, "name_en", where, &profile->name_en, error) ||
      !read_string (object, "name_ja", where, &profile->name_ja, error) ||
      !read_string (object, "channel", where, &channel, error) ||
      !read_number (object, "font_px", where, FALSE, &profile->font_px, error))
    return FALSE;

  if (!ms_channel_from_string (channel, &profile->channel))
    return invalid (error, where, "“channel” must be “email” or “line”");

  slots_node = json_object_get_member (object, "slots");
  if (slots_node == NULL || !JSON_NODE_HOLDS_OBJECT (slots_node))
    return invalid (error, where, "“slots” must be an object");
  slots = json_node_get_object (slots_node);

  /* Slots are read in MsPreviewSlot order, so same_row_as sees earlier ones. */
  for (guint i = 0; i < MS_PREVIEW_SLOT_N; i++)
    {
      JsonNode *slot_node = json_object_get_member (slots, slot_names[i]);

      if (slot_node == NULL)
        continue;
      if (!parse_slot (slot_node, profile->id, slot_names[i], profile, error))
        return FALSE;
      if (i != MS_PREVIEW_SLOT_SENDER)
        any = TRUE;
    }

  members = json_object_get_members (slots);
  for (GList *l = members; l != NULL; l = l->next)
    if (slot_from_name (l->data) < 0)
      {
        g_autofree char *problem = g_strdup_printf ("unknown slot “%s”", (const char *) l->data);
        return invalid (error, where, problem);
      }

  if (!any)
    return invalid (error, where, "the profile has no message slot");

  return parse_drawing (object, where, profile, error);
}

GPtrArray *
_ms_device_profiles_parse (const char  *json,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) profiles = g_ptr_array_new_with_free_func (profile_free);
  MsAdvances advances = { { 0 } };
  JsonObject *root;
  JsonNode *node;
  JsonArray *array;

  g_return_val_if_fail (json != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, -1, error))
    {
      g_prefix_error (error, "devices.json: ");
      if (error != NULL && *error != NULL)
        {
          (*error)->domain = MS_PREVIEW_ERROR;
          (*error)->code = MS_PREVIEW_ERROR_INVALID_PROFILE;
        }
      return NULL;
    }

  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, "root", "not an object"), NULL;
  root = json_node_get_object (node);

  node = json_object_get_member (root, "advances");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, "root", "“advances” must be an object"), NULL;
  if (!parse_advances (json_node_get_object (node), &advances, error))
    return NULL;

  node = json_object_get_member (root, "profiles");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (json_node_get_array (node)) == 0)
    return invalid (error, "root", "“profiles” must be a non-empty array"), NULL;
  array = json_node_get_array (node);

  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!parse_profile (json_array_get_element (array, i), i, &advances, profiles, error))
      return NULL;

  return g_steal_pointer (&profiles);
}

/* ------------------------------------------------------------------------ */
/* Advances                                                                 */
/* ------------------------------------------------------------------------ */

double
_ms_advances_cluster_em (const MsAdvances *advances,
                         const char       *cluster_start,
                         const char       *cluster_end)
{
  gunichar first;

  if (cluster_end - cluster_start == 1)
    return advances->ascii[(guchar) *cluster_start];

  first = g_utf8_get_char (cluster_start);

  /* Fast path: one kana, kanji or full-width form (all East Asian Wide). */
  if (cluster_end - cluster_start == 3 &&
      ((first >= 0x3000 && first <= 0x303E) || (first >= 0x3041 && first <= 0x9FFF) ||
       (first >= 0xFF01 && first <= 0xFF60)))
    return advances->full_width;

  /* Half-width kana: a voicing mark joins the cluster but takes its own cell. */
  if (first >= 0xFF61 && first <= 0xFF9F)
    {
      guint n = 0;

      for (const char *p = cluster_start; p < cluster_end; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);
          if (c >= 0xFF61 && c <= 0xFF9F)
            n++;
        }
      return n * advances->half_width_kana;
    }

  switch (ms_text_cluster_cells (cluster_start, cluster_end))
    {
    case 0:
      return 0;
    case 2:
      return advances->full_width;
    default:
      break;
    }

  if (first < 0x80)
    return advances->ascii[first];   /* a letter with combining marks */
  if (g_unichar_isspace (first))
    return advances->space;
  if (g_unichar_isupper (first) || g_unichar_istitle (first))
    return advances->uppercase;
  if (g_unichar_islower (first))
    return advances->lowercase;
  if (g_unichar_isdigit (first))
    return advances->digit;
  if (g_unichar_ispunct (first))
    return advances->punctuation;
  return advances->other;
}

/* ------------------------------------------------------------------------ */
/* Public API                                                               */
/* ------------------------------------------------------------------------ */

/**
 * ms_device_profiles_get_default:
 *
 * Returns: (transfer none) (element-type MsDeviceProfile): the profiles of
 *   data/devices.json, in file order; loaded once and never freed.
 */
GPtrArray *
ms_device_profiles_get_default (void)
{
  static GPtrArray *profiles;

  if (g_once_init_enter (&profiles))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = ms_data_lookup ("devices.json", &error);
      g_autofree char *text = NULL;
      GPtrArray *parsed;

      if (bytes == NULL)
        g_error ("%s", error->message);

      text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      /* devices.json ships inside the binary; a bad file is a build bug. */
      parsed = _ms_device_profiles_parse (text, &error);
      if (parsed == NULL)
        g_error ("%s", error->message);

      g_once_init_leave (&profiles, parsed);
    }

  return profiles;
}

/**
 * ms_device_profiles_new_from_data:
 * @json: a document in the format of data/devices.json
 *
 * Returns: (transfer full) (element-type MsDeviceProfile): its profiles, or
 *   %NULL with @error saying what to fix
 */
GPtrArray *
ms_device_profiles_new_from_data (const char  *json,
                                  GError     **error)
{
  g_return_val_if_fail (json != NULL, NULL);

  return _ms_device_profiles_parse (json, error);
}

const MsDeviceProfile *
ms_device_profile_lookup (const char *id)
{
  GPtrArray *profiles;

  g_return_val_if_fail (id != NULL, NULL);

  profiles = ms_device_profiles_get_default ();
  for (guint i = 0; i < profiles->len; i++)
    {
      const MsDeviceProfile *profile = profiles->pdata[i];

      if (g_str_equal (profile->id, id))
        return profile;
    }

  return NULL;
}

const char *
ms_device_profile_get_id (const MsDeviceProfile *profile)
{
  g_return_val_if_fail (profile != NULL, NULL);

  return profile->id;
}

const char *
ms_device_profile_get_name (const MsDeviceProfile *profile)
{
  g_return_val_if_fail (profile != NULL, NULL);

  if (g_str_has_prefix (g_get_language_names ()[0], "ja"))
    return profile->name_ja;

  return profile->name_en;
}

/* The name in @language ("ja" or "en"), whatever the UI's: the server's
 * Japanese pages. */
const char *
ms_device_profile_get_name_in (const MsDeviceProfile *profile,
                               const char            *language)
{
  g_return_val_if_fail (profile != NULL, NULL);

  return g_strcmp0 (language, "ja") == 0 ? profile->name_ja : profile->name_en;
}

MsChannel
ms_device_profile_get_channel (const MsDeviceProfile *profile)
{
  g_return_val_if_fail (profile != NULL, MS_CHANNEL_EMAIL);

  return profile->channel;
}

double
ms_device_profile_get_font_px (const MsDeviceProfile *profile)
{
  g_return_val_if_fail (profile != NULL, 0);

  return profile->font_px;
}

MsPreviewSurface
ms_device_profile_get_surface (const MsDeviceProfile *profile)
{
  g_return_val_if_fail (profile != NULL, MS_PREVIEW_SURFACE_INBOX_LIST);

  return profile->surface;
}

double
ms_device_profile_get_width_px (const MsDeviceProfile *profile)
{
  g_return_val_if_fail (profile != NULL, 0);

  return profile->width_px;
}

gboolean
ms_device_profile_has_slot (const MsDeviceProfile *profile,
                            MsPreviewSlot          slot)
{
  g_return_val_if_fail (profile != NULL, FALSE);
  g_return_val_if_fail (slot < MS_PREVIEW_SLOT_N, FALSE);

  return profile->slots[slot].present;
}

double
ms_device_profile_get_slot_width_em (const MsDeviceProfile *profile,
                                     MsPreviewSlot          slot)
{
  g_return_val_if_fail (profile != NULL, 0);
  g_return_val_if_fail (slot < MS_PREVIEW_SLOT_N, 0);

  return profile->slots[slot].width_em;
}

guint
ms_device_profile_get_slot_lines (const MsDeviceProfile *profile,
                                  MsPreviewSlot          slot)
{
  g_return_val_if_fail (profile != NULL, 0);
  g_return_val_if_fail (slot < MS_PREVIEW_SLOT_N, 0);

  return profile->slots[slot].lines;
}

const char *
ms_device_profile_get_slot_separator (const MsDeviceProfile *profile,
                                      MsPreviewSlot          slot)
{
  g_return_val_if_fail (profile != NULL, NULL);
  g_return_val_if_fail (slot < MS_PREVIEW_SLOT_N, NULL);

  return profile->slots[slot].separator;
}

double
ms_preview_cluster_advance_em (const char *cluster_start,
                               const char *cluster_end)
{
  GPtrArray *profiles;

  g_return_val_if_fail (cluster_start != NULL && cluster_end > cluster_start, 0);

  profiles = ms_device_profiles_get_default ();
  return _ms_advances_cluster_em (&((MsDeviceProfile *) profiles->pdata[0])->advances,
                                  cluster_start, cluster_end);
}
