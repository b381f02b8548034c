/* ms-cli-store.c — `msgscore-cli history|export|import`: the local store, headless
 *
 *   msgscore-cli history list   [--profile DIR] [--search TEXT] [--channel email|line]
 *                               [--sort newest|oldest|score-high|score-low] [--limit N]
 *   msgscore-cli history export [--profile DIR] [--format csv] [--encoding E]
 *                               [--columns a,b,c] [--output FILE]
 *   msgscore-cli history export --format pdf --output FILE [--profile DIR]
 *
 * CSV and PDF export are plan features (csv_export, pdf_export), as in the
 * app: the profile's plan is its account's (the sign-in keeps it).
 *   msgscore-cli export history [same options as history export]
 *   msgscore-cli import campaigns FILE [--dry-run] [--profile DIR]
 *
 * Without --profile the app's profile ($XDG_DATA_HOME/msgscore) is used.
 * Without an account the Free plan applies, as in the app.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-cli"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "io/ms-io.h"
#include "ms-cli.h"
#include "ms-core.h"
#include "store/ms-store-all.h"

static MsStore *
open_store (const char  *profile,
            GError     **error)
{
  return ms_store_open (profile, error);
}

static gboolean
parse_encoding (const char *name,
                MsEncoding *encoding)
{
  /* "utf-8" keeps the BOM: it is what makes Excel read the file as UTF-8. */
  if (name == NULL || g_ascii_strcasecmp (name, "utf-8") == 0 ||
      g_ascii_strcasecmp (name, "utf8") == 0)
    {
      *encoding = MS_ENCODING_UTF8_BOM;
      return TRUE;
    }
  if (g_ascii_strcasecmp (name, "utf-8-nobom") == 0)
    {
      *encoding = MS_ENCODING_UTF8;
      return TRUE;
    }
  return ms_encoding_from_string (name, encoding);
}

/* `export history --format pdf`: the report with the trend chart, to a file. */
static int
export_pdf (const char *command,
            const char *profile,
            const char *output,
            gboolean    csv_options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsStore) store = NULL;
  g_autoptr(GFile) file = NULL;

  if (output == NULL || g_str_equal (output, "-"))
    {
      /* Translators: %s is the command, e.g. "export history" */
      g_printerr (_("msgscore-cli %s: a PDF report needs --output FILE\n"), command);
      return 2;
    }
  if (csv_options)
    {
      /* Translators: %s is the command, e.g. "export history" */
      g_printerr (_("msgscore-cli %s: --encoding and --columns apply to CSV only\n"), command);
      return 2;
    }
  store = open_store (profile, &error);
  if (store == NULL ||
      !ms_entitlements_check_feature (ms_store_get_entitlements (store), "pdf_export", FALSE,
                                      &error))
    return ms_cli_fail (g_steal_pointer (&error));
  file = g_file_new_for_commandline_arg (output);
  if (!ms_history_report_write_pdf (store, NULL, file, &error))
    return ms_cli_fail (g_steal_pointer (&error));
  /* Translators: %s is a file name */
  g_printerr (_("Wrote the history report to %s\n"), output);
  return 0;
}

static int
run_export (const char *command,
            int         argc,
            char      **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsStore) store = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *format = NULL;
  g_autofree char *encoding_name = NULL;
  g_autofree char *columns_text = NULL;
  g_autofree char *output = NULL;
  g_autofree char *all_columns = NULL;
  g_autofree char *description = NULL;
  g_auto(GStrv) columns = NULL;
  MsEncoding encoding;
  guint n_rows = 0;
  const GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_FILENAME, &profile,
      N_("Profile folder (default: the app’s)"), N_("DIR") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      N_("File format: csv (the default) or pdf (a report with the trend chart)"),
      N_("FORMAT") },
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &encoding_name,
      N_("utf-8 (with BOM, for Excel; the default), utf-8-nobom or shift_jis"), N_("ENCODING") },
    { "columns", 0, 0, G_OPTION_ARG_STRING, &columns_text,
      N_("Comma-separated columns (default: date, channel, subject, …)"), N_("LIST") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write to FILE instead of standard output"), N_("FILE") },
    { NULL }
  };

  context = g_option_context_new (_("— export the saved scorings as CSV or a PDF report"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  all_columns = g_strjoinv (", ", (char **) ms_history_csv_get_columns ());
  /* Translators: %s is the list of column names */
  description = g_strdup_printf (_("Columns: %s"), all_columns);
  g_option_context_set_description (context, description);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("msgscore-cli %s: %s\n", command, error->message);
      return 2;
    }
  if (argc > 1)
    {
      /* Translators: %s is the command, e.g. "history export" */
      g_printerr (_("msgscore-cli %s: unexpected argument “%s”\n"), command, argv[1]);
      return 2;
    }
  if (format != NULL && g_ascii_strcasecmp (format, "csv") != 0 &&
      g_ascii_strcasecmp (format, "pdf") != 0)
    {
      /* Translators: %s is the command, then what the user typed */
      g_printerr (_("msgscore-cli %s: unknown format “%s”: use csv or pdf\n"), command, format);
      return 2;
    }
  if (format != NULL && g_ascii_strcasecmp (format, "pdf") == 0)
    return export_pdf (command, profile, output, encoding_name != NULL || columns_text != NULL);
  if (!parse_encoding (encoding_name, &encoding))
    {
      /* Translators: %s is the command, then what the user typed */
      g_printerr (_("msgscore-cli %s: unknown encoding “%s”: use utf-8, utf-8-nobom or "
                    "shift_jis\n"), command, encoding_name);
      return 2;
    }
  if (columns_text != NULL)
    {
      columns = g_strsplit (columns_text, ",", -1);
      for (guint i = 0; columns[i] != NULL; i++)
        g_strstrip (columns[i]);
    }

  store = open_store (profile, &error);
  if (store == NULL ||
      !ms_entitlements_check_feature (ms_store_get_entitlements (store), "csv_export", FALSE,
                                      &error))
    return ms_cli_fail (g_steal_pointer (&error));

  bytes = ms_history_csv_export (store, NULL, (const char * const *) columns, encoding, &n_rows,
                                 &error);
  if (bytes == NULL)
    return ms_cli_fail (g_steal_pointer (&error));

  if (output != NULL && !g_str_equal (output, "-"))
    {
      if (!g_file_set_contents (output, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                &error))
        return ms_cli_fail (g_steal_pointer (&error));
      /* Translators: %u is a number of rows, %s a file name */
      g_printerr (g_dngettext (GETTEXT_PACKAGE, "Exported %u scoring to %s\n",
                               "Exported %u scorings to %s\n", n_rows), n_rows, output);
    }
  else
    {
      fwrite (g_bytes_get_data (bytes, NULL), 1, g_bytes_get_size (bytes), stdout);
      fflush (stdout);
    }

  return 0;
}

static int
run_list (int    argc,
          char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsStore) store = NULL;
  g_autoptr(MsHistoryList) list = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *search = NULL;
  g_autofree char *channel_name = NULL;
  g_autofree char *sort_name = NULL;
  MsHistoryQuery query = MS_HISTORY_QUERY_INIT;
  gint limit = 50;
  guint n;
  const GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_FILENAME, &profile,
      N_("Profile folder (default: the app’s)"), N_("DIR") },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search,
      N_("Only scorings whose subject or body contains TEXT"), N_("TEXT") },
    { "channel", 0, 0, G_OPTION_ARG_STRING, &channel_name, N_("email or line"), N_("CHANNEL") },
    { "sort", 0, 0, G_OPTION_ARG_STRING, &sort_name,
      N_("newest (default), oldest, score-high or score-low"), N_("ORDER") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("Show at most N (default 50; 0 for all)"),
      N_("N") },
    { NULL }
  };

  context = g_option_context_new (_("— list the saved scorings"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("msgscore-cli history list: %s\n", error->message);
      return 2;
    }
  if (channel_name != NULL)
    {
      MsChannel channel;

      if (!ms_channel_from_string (channel_name, &channel))
        {
          /* Translators: %s is what the user typed */
          g_printerr (_("msgscore-cli history list: unknown channel “%s”: use email or line\n"),
                      channel_name);
          return 2;
        }
      query.channel = channel;
    }
  if (sort_name != NULL)
    {
      GEnumClass *klass = g_type_class_ref (MS_TYPE_HISTORY_SORT);
      GEnumValue *value = g_enum_get_value_by_nick (klass, sort_name);

      g_type_class_unref (klass);
      if (value == NULL)
        {
          /* Translators: %s is what the user typed */
          g_printerr (_("msgscore-cli history list: unknown order “%s”\n"), sort_name);
          return 2;
        }
      query.sort = value->value;
    }
  query.search = search;

  store = open_store (profile, &error);
  if (store == NULL)
    return ms_cli_fail (g_steal_pointer (&error));

  list = ms_history_list_new (store);
  ms_history_list_set_query (list, &query);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  if (limit > 0)
    n = MIN (n, (guint) limit);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MsHistoryItem) item = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autoptr(GDateTime) created = NULL;
      g_autofree char *date = NULL;

      if (item == NULL)
        continue;
      created = ms_history_item_dup_created_at_datetime (item);
      date = g_date_time_format (created, "%Y-%m-%d %H:%M");
      g_print ("%s  %s  %-5s %3u  %s\n", ms_history_item_get_id (item), date,
               ms_channel_to_string (ms_history_item_get_channel (item)),
               ms_history_item_get_total (item),
               ms_history_item_get_locked (item) ? _("(locked: upgrade to see it)")
                                                 : ms_history_item_get_subject (item));
    }
  /* Translators: %u are numbers of scorings */
  g_printerr (_("%u of %u scorings shown (%u locked by the %s plan)\n"), n,
              g_list_model_get_n_items (G_LIST_MODEL (list)), ms_history_list_get_n_locked (list),
              ms_entitlements_get_plan_name (ms_store_get_entitlements (store)));
  return 0;
}

int
ms_cli_history (int    argc,
                char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "list"))
    return run_list (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "export"))
    return run_export ("history export", argc - 1, argv + 1);

  g_printerr ("%s\n", _("Usage: msgscore-cli history list|export [OPTION…]"));
  return 2;
}

int
ms_cli_export (int    argc,
               char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "history"))
    return run_export ("export history", argc - 1, argv + 1);

  g_printerr ("%s\n", _("Usage: msgscore-cli export history --output FILE [--encoding E] "
                        "[--columns a,b,c]"));
  g_printerr ("%s\n", _("       msgscore-cli export history --format pdf --output FILE"));
  return 2;
}

int
ms_cli_import (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsCampaignImport) preview = NULL;
  g_autoptr(MsStore) store = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *summary = NULL;
  gboolean dry_run = FALSE;
  guint added = 0;
  const GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_FILENAME, &profile,
      N_("Profile folder (default: the app’s)"), N_("DIR") },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run,
      N_("Check the file and show the preview; write nothing"), NULL },
    { NULL }
  };

  /* the monthly import from the profile's folder has options of its own */
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "scheduled"))
      return ms_cli_import_scheduled (argc, argv);

  context = g_option_context_new (_("campaigns FILE — import campaign results from a CSV file"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Columns: date, channel, subject, body, recipients, open_rate, ctr, cv_count, cv_type "
      "(subject and channel required; Japanese headers such as 件名 and 開封率 work too). "
      "Rates: with a percent sign (23.4%) a value is a percentage; a plain value up to 1 is "
      "a fraction (0.234); above 1 it is a percentage (23.4)."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("msgscore-cli import: %s\n", error->message);
      return 2;
    }
  if (argc != 3 || !g_str_equal (argv[1], "campaigns"))
    {
      g_printerr ("%s\n", _("Usage: msgscore-cli import campaigns FILE [--dry-run] [--profile DIR]"));
      return 2;
    }

  file = g_file_new_for_commandline_arg (argv[2]);
  preview = ms_campaign_import_prepare_file (file, NULL, &error);
  if (preview == NULL)
    return ms_cli_fail (g_steal_pointer (&error));

  summary = ms_campaign_import_dup_summary (preview);
  g_print ("%s", summary);

  if (dry_run)
    {
      g_print ("%s\n", _("Dry run: nothing was written."));
      return 0;
    }

  store = open_store (profile, &error);
  if (store == NULL || !ms_campaign_import_commit (preview, store, &added, &error))
    return ms_cli_fail (g_steal_pointer (&error));

  /* Translators: %u are numbers of rows */
  g_print (_("Imported %u new rows; %u were already there.\n"), added,
           ms_campaign_import_get_n_rows (preview) - added);
  return 0;
}
