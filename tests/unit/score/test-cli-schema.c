/* test-cli-schema.c — `msgscore-cli score --json` validates against
 * data/score-result.schema.json
 *
 * The validator covers the part of JSON Schema (draft 2020-12) the schema
 * uses: type, required, properties, additionalProperties (false), items,
 * enum, const, minimum, maximum, minItems, maxItems, minLength and $ref to
 * "#/$defs/…".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

static JsonObject *schema_root;

static gboolean validate (JsonNode *value, JsonObject *schema, const char *path, GString *errors);

static const char *
type_of (JsonNode *value)
{
  if (JSON_NODE_HOLDS_OBJECT (value))
    return "object";
  if (JSON_NODE_HOLDS_ARRAY (value))
    return "array";
  if (JSON_NODE_HOLDS_NULL (value))
    return "null";
  switch (json_node_get_value_type (value))
    {
    case G_TYPE_STRING: return "string";
    case G_TYPE_BOOLEAN: return "boolean";
    case G_TYPE_INT64: return "integer";
    default: return "number";
    }
}

static gboolean
type_matches (JsonNode   *value,
              const char *type)
{
  const char *actual = type_of (value);

  return g_str_equal (actual, type) ||
         (g_str_equal (type, "number") && g_str_equal (actual, "integer"));
}

static gboolean
nodes_equal (JsonNode *a,
             JsonNode *b)
{
  return json_node_equal (a, b);
}

static gboolean G_GNUC_PRINTF (3, 4)
fail (GString    *errors,
      const char *path,
      const char *format,
      ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_string_append_printf (errors, "%s: %s\n", path[0] ? path : "/", message);
  return FALSE;
}

static gboolean
validate (JsonNode   *value,
          JsonObject *schema,
          const char *path,
          GString    *errors)
{
  gboolean ok = TRUE;
  JsonNode *node;

  if ((node = json_object_get_member (schema, "$ref")) != NULL)
    {
      const char *ref = json_node_get_string (node);
      JsonObject *defs = json_object_get_object_member (schema_root, "$defs");

      g_assert_true (g_str_has_prefix (ref, "#/$defs/"));
      g_assert_true (json_object_has_member (defs, ref + strlen ("#/$defs/")));
      return validate (value, json_object_get_object_member (defs, ref + strlen ("#/$defs/")),
                       path, errors);
    }

  if ((node = json_object_get_member (schema, "type")) != NULL)
    {
      gboolean any = FALSE;

      if (JSON_NODE_HOLDS_ARRAY (node))
        for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
          any |= type_matches (value, json_array_get_string_element (json_node_get_array (node), i));
      else
        any = type_matches (value, json_node_get_string (node));
      if (!any)
        return fail (errors, path, "is %s, not the type the schema asks for", type_of (value));
    }

  if ((node = json_object_get_member (schema, "enum")) != NULL)
    {
      gboolean any = FALSE;
      JsonArray *options = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (options); i++)
        any |= nodes_equal (value, json_array_get_element (options, i));
      if (!any)
        ok = fail (errors, path, "is not one of the enumerated values");
    }

  if ((node = json_object_get_member (schema, "const")) != NULL && !nodes_equal (value, node))
    ok = fail (errors, path, "is not the constant the schema asks for");

  if (JSON_NODE_HOLDS_VALUE (value) && (g_str_equal (type_of (value), "integer") ||
                                        g_str_equal (type_of (value), "number")))
    {
      double v = json_node_get_double (value);

      if ((node = json_object_get_member (schema, "minimum")) != NULL &&
          v < json_node_get_double (node))
        ok = fail (errors, path, "%g is below the minimum %g", v, json_node_get_double (node));
      if ((node = json_object_get_member (schema, "maximum")) != NULL &&
          v > json_node_get_double (node))
        ok = fail (errors, path, "%g is above the maximum %g", v, json_node_get_double (node));
    }

  if (JSON_NODE_HOLDS_VALUE (value) && g_str_equal (type_of (value), "string") &&
      (node = json_object_get_member (schema, "minLength")) != NULL &&
      g_utf8_strlen (json_node_get_string (value), -1) < json_node_get_int (node))
    ok = fail (errors, path, "is shorter than %" G_GINT64_FORMAT, json_node_get_int (node));

  if (JSON_NODE_HOLDS_OBJECT (value))
    {
      JsonObject *object = json_node_get_object (value);
      JsonObject *properties = json_object_has_member (schema, "properties") ?
        json_object_get_object_member (schema, "properties") : NULL;
      JsonNode *additional = json_object_get_member (schema, "additionalProperties");

      if ((node = json_object_get_member (schema, "required")) != NULL)
        for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
          {
            const char *name = json_array_get_string_element (json_node_get_array (node), i);

            if (!json_object_has_member (object, name))
              ok = fail (errors, path, "lacks the required member “%s”", name);
          }

      {
        g_autoptr(GList) members = json_object_get_members (object);

        for (GList *l = members; l != NULL; l = l->next)
          {
            g_autofree char *child = g_strdup_printf ("%s/%s", path, (const char *) l->data);

            if (properties != NULL && json_object_has_member (properties, l->data))
              ok &= validate (json_object_get_member (object, l->data),
                              json_object_get_object_member (properties, l->data), child, errors);
            else if (additional != NULL && JSON_NODE_HOLDS_VALUE (additional) &&
                     !json_node_get_boolean (additional))
              ok = fail (errors, child, "is not allowed by the schema");
          }
      }
    }

  if (JSON_NODE_HOLDS_ARRAY (value))
    {
      JsonArray *array = json_node_get_array (value);
      guint n = json_array_get_length (array);

      if ((node = json_object_get_member (schema, "minItems")) != NULL && n < json_node_get_int (node))
        ok = fail (errors, path, "has fewer than %" G_GINT64_FORMAT " items", json_node_get_int (node));
      if ((node = json_object_get_member (schema, "maxItems")) != NULL && n > json_node_get_int (node))
        ok = fail (errors, path, "has more than %" G_GINT64_FORMAT " items", json_node_get_int (node));
      if ((node = json_object_get_member (schema, "items")) != NULL)
        for (guint i = 0; i < n; i++)
          {
            g_autofree char *child = g_strdup_printf ("%s/%u", path, i);
            ok &= validate (json_array_get_element (array, i), json_node_get_object (node), child,
                            errors);
          }
    }

  return ok;
}

static JsonNode *
run_cli (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *cli = g_getenv ("MSGSCORE_CLI");
  int status;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  g_ptr_array_add (argv, (gpointer) "score");
  g_ptr_array_add (argv, (gpointer) "--json");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_test_message ("stderr: %s", err);
  g_assert_no_error (error);

  return json_from_string (out, &error);
}

static void
check_output (const char * const *args)
{
  g_autoptr(JsonNode) output = run_cli (args);
  g_autoptr(GString) errors = g_string_new (NULL);

  g_assert_nonnull (output);
  if (!validate (output, schema_root, "", errors))
    g_test_message ("%s", errors->str);
  g_assert_cmpstr (errors->str, ==, "");
}

static void
test_email (void)
{
  const char * const args[] = {
    "--channel", "email", "--subject", "【本日限定】業界No.1の新作コートが20%OFF！！",
    "--preheader", "会員様限定・11月30日まで", "--body-file", g_getenv ("MSGSCORE_TEST_BODY"),
    "--industry", "fashion", "--audience", "existing", "--goal", "purchase",
    "--list-size", "12000", "--language", "ja", NULL
  };
  check_output (args);
}

static void
test_line (void)
{
  const char * const args[] = {
    "--channel", "line", "--bubble", "🍁秋の新作が20%OFF🍁 詳しくはこちら",
    "--bubble", "https://example.jp", "--audience", "new", "--age-band", "60s+",
    "--language", "en", NULL
  };
  check_output (args);
}

static void
test_minimal (void)
{
  const char * const args[] = { "--subject", "お知らせ", NULL };
  check_output (args);
}

static void
test_validator_rejects (void)
{
  g_autoptr(JsonNode) bad = json_from_string ("{\"schema\": 1, \"total\": 140}", NULL);
  g_autoptr(GString) errors = g_string_new (NULL);

  g_assert_false (validate (bad, schema_root, "", errors));
  g_assert_nonnull (strstr (errors->str, "maximum"));
  g_assert_nonnull (strstr (errors->str, "required"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *body_path = NULL;
  g_autofree char *dir = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  g_assert_nonnull (g_getenv ("MSGSCORE_SCHEMA"));
  if (!json_parser_load_from_file (parser, g_getenv ("MSGSCORE_SCHEMA"), &error))
    g_error ("%s", error->message);
  schema_root = json_node_get_object (json_parser_get_root (parser));

  dir = g_dir_make_tmp ("msgscore-cli-XXXXXX", &error);
  g_assert_no_error (error);
  body_path = g_build_filename (dir, "body.txt", NULL);
  g_file_set_contents (body_path,
                       "いつもありがとうございます。\n絶対に暖かい新作コートです。\n詳しくはこちら\n"
                       "https://example.jp\n発行：株式会社サンプル\n", -1, &error);
  g_assert_no_error (error);
  g_setenv ("MSGSCORE_TEST_BODY", body_path, TRUE);

  g_test_add_func ("/ms/score/cli-schema/email", test_email);
  g_test_add_func ("/ms/score/cli-schema/line", test_line);
  g_test_add_func ("/ms/score/cli-schema/minimal", test_minimal);
  g_test_add_func ("/ms/score/cli-schema/validator-rejects", test_validator_rejects);

  status = g_test_run ();
  g_remove (body_path);
  g_rmdir (dir);
  return status;
}
