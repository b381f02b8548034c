/* ms-cli.c — msgscore-cli: headless counting, scoring, import and export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "ms-core.h"
#include "ms-cli.h"

typedef struct
{
  const char       *name;
  MsCliCommandFunc  run;
  const char       *summary;
} Command;

static const Command commands[] = {
  { "api-key", ms_cli_api_key, N_("Create, list and revoke a team’s scoring API keys") },
  { "count", ms_cli_count, N_("Count characters, display width, lines and emoji") },
  { "eval", ms_cli_eval, N_("Measure the predictor on held-back campaign results") },
  { "export", ms_cli_export, N_("Export the saved scorings (CSV)") },
  { "history", ms_cli_history, N_("List or export the saved scorings") },
  { "import", ms_cli_import, N_("Import campaign results from a CSV file") },
  { "login", ms_cli_login, N_("Sign in to the MsgScore server") },
  { "logout", ms_cli_logout, N_("Sign out; unsent changes stay") },
  { "rules", ms_cli_rules, N_("List the rules and their references") },
  { "score", ms_cli_score, N_("Score an email or LINE message") },
  { "status", ms_cli_status, N_("Show the account and the changes waiting to be sent") },
  { "sync", ms_cli_sync, N_("Send local changes and fetch the account’s changes") },
  { "team", ms_cli_team, N_("Create, join and list teams; edit a team’s rules and NG words") },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n", _("Usage: msgscore-cli COMMAND [OPTION…]"));
  fprintf (stream, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (stream, "\n%s\n", _("Run “msgscore-cli COMMAND --help” for a command’s options."));
}

char *
ms_cli_read_input (const char  *path,
                   gsize       *length,
                   GError     **error)
{
  g_autoptr(GIOChannel) channel = NULL;
  char *contents = NULL;

  if (path != NULL && !g_str_equal (path, "-"))
    {
      if (!g_file_get_contents (path, &contents, length, error))
        return NULL;
      return contents;
    }

  channel = g_io_channel_unix_new (0);
  g_io_channel_set_encoding (channel, NULL, NULL);
  if (g_io_channel_read_to_end (channel, &contents, length, error) != G_IO_STATUS_NORMAL)
    return NULL;

  return contents;
}

int
ms_cli_fail (GError *error)
{
  /* Translators: %s is an error message */
  g_printerr (_("msgscore-cli: %s\n"), error->message);
  g_error_free (error);
  return 1;
}

/* Text from files and servers reaches the terminal through g_print() and
 * g_printerr(): a control character in it (ESC starts a terminal command,
 * BEL rings, a lone CR overwrites the line) or a bidirectional override
 * (which reorders what is shown) is written as \xNN or \uNNNN instead.
 * Line feeds, tabs and CRLF pass. */
static char *
escape_controls (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0';)
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02x", (guchar) *p);
          p++;
          continue;
        }
      if ((c < 0x20 && c != '\n' && c != '\t' && !(c == '\r' && p[1] == '\n')) || c == 0x7f)
        g_string_append_printf (out, "\\x%02x", c);
      else if ((c >= 0x80 && c < 0xa0) || (c >= 0x202a && c <= 0x202e) ||
               (c >= 0x2066 && c <= 0x2069))
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      p = g_utf8_next_char (p);
    }
  return g_string_free (out, FALSE);
}

static void
print_cb (const char *text)
{
  g_autofree char *escaped = escape_controls (text);

  fputs (escaped, stdout);
}

static void
printerr_cb (const char *text)
{
  g_autofree char *escaped = escape_controls (text);

  fputs (escaped, stderr);
}

int
main (int   argc,
      char *argv[])
{
  ms_core_init_i18n ();
  g_set_print_handler (print_cb);
  g_set_printerr_handler (printerr_cb);

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      print_usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? 2 : 0;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("msgscore-cli %s\n", PACKAGE_VERSION);
      return 0;
    }

  /* Options before the command (`msgscore-cli --profile DIR sync`) go to the
   * command: move the first known command name to the front, with the word
   * after it (`--profile DIR history list`: its subcommand). */
  if (argv[1][0] == '-')
    for (int a = 2; a < argc; a++)
      for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
        if (g_str_equal (argv[a], commands[i].name))
          {
            int n = a + 1 < argc && argv[a + 1][0] != '-' ? 2 : 1;
            char *words[2] = { argv[a], n == 2 ? argv[a + 1] : NULL };

            memmove (argv + 1 + n, argv + 1, (gsize) (a - 1) * sizeof (char *));
            argv[1] = words[0];
            if (n == 2)
              argv[2] = words[1];
            a = argc;
            break;
          }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      return commands[i].run (argc - 1, argv + 1);

  /* Translators: %s is what the user typed */
  g_printerr (_("msgscore-cli: unknown command “%s”\n\n"), argv[1]);
  print_usage (stderr);
  return 2;
}
