/* ms-account-policy.c — what an account's email and password must be
 *
 * One policy for the server (sign-up, sign-in, invitations) and the clients
 * (the app and msgscore-cli check before they send), so that they agree.
 *
 * An email address is normalised to one spelling per address: NFKC (a
 * full-width ａ is a, e + U+0301 is é), trimmed, lower case. Refused: no
 * single "@" between a local part and a domain, too long (254 bytes, the
 * local part 64), any control, space or invisible formatting character
 * (zero-width space and joiners, soft hyphen, BOM…), and a local part whose
 * letters mix scripts (Latin with Cyrillic or Greek look-alikes: "аlice" with
 * a Cyrillic а is not "alice"). Latin with the Japanese scripts (Han,
 * hiragana, katakana) is one script as far as this goes.
 *
 * A new password has at least MS_PASSWORD_MIN_CHARS characters (not bytes:
 * three kana are three), at most MS_PASSWORD_MAX_BYTES bytes, is not the
 * email address or its local part, and is not one of the most common
 * passwords (data/common-passwords.txt), ignoring case.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-account"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ms-account-policy.h"
#include "ms-data.h"

#define EMAIL_MAX_BYTES 254
#define LOCAL_MAX_BYTES 64

G_DEFINE_QUARK (ms-account-error-quark, ms_account_error)

static gboolean
email_error (GError     **error,
             const char  *message)
{
  g_set_error_literal (error, MS_ACCOUNT_ERROR, MS_ACCOUNT_ERROR_EMAIL, message);
  return FALSE;
}

static gboolean
is_invisible (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:
    case G_UNICODE_UNASSIGNED:
    case G_UNICODE_PRIVATE_USE:
    case G_UNICODE_SURROGATE:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
    case G_UNICODE_SPACE_SEPARATOR:
      return TRUE;
    default:
      /* combining grapheme joiner, variation selectors: marks that show nothing */
      return c == 0x034F || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF);
    }
}

static gboolean
is_japanese_or_latin (GUnicodeScript script)
{
  return script == G_UNICODE_SCRIPT_LATIN || script == G_UNICODE_SCRIPT_HAN ||
         script == G_UNICODE_SCRIPT_HIRAGANA || script == G_UNICODE_SCRIPT_KATAKANA;
}

/* The scripts of the letters of @text (digits and punctuation are common to
 * all) are one, or Latin and Japanese ones. */
static gboolean
has_one_script (const char *text,
                const char *end)
{
  GUnicodeScript first = G_UNICODE_SCRIPT_INVALID_CODE;
  gboolean all_japanese_or_latin = TRUE;
  gboolean mixed = FALSE;

  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    {
      GUnicodeScript script = g_unichar_get_script (g_utf8_get_char (p));

      if (script == G_UNICODE_SCRIPT_COMMON || script == G_UNICODE_SCRIPT_INHERITED ||
          script == G_UNICODE_SCRIPT_UNKNOWN)
        continue;
      if (first == G_UNICODE_SCRIPT_INVALID_CODE)
        first = script;
      else if (script != first)
        mixed = TRUE;
      all_japanese_or_latin = all_japanese_or_latin && is_japanese_or_latin (script);
    }
  return !mixed || all_japanese_or_latin;
}

/**
 * ms_account_normalize_email:
 *
 * Returns: (transfer full): @email as stored and compared, or NULL with
 *   %MS_ACCOUNT_ERROR_EMAIL
 */
char *
ms_account_normalize_email (const char  *email,
                            GError     **error)
{
  g_autofree char *nfkc = NULL;
  g_autofree char *lower = NULL;
  const char *at;

  if (email == NULL || *email == '\0' || strlen (email) > 4 * EMAIL_MAX_BYTES ||
      !g_utf8_validate (email, -1, NULL))
    return email_error (error, _("Enter your email address.")), NULL;
  nfkc = g_utf8_normalize (email, -1, G_NORMALIZE_NFKC);
  if (nfkc == NULL)
    return email_error (error, _("Enter your email address.")), NULL;
  lower = g_strstrip (g_utf8_strdown (nfkc, -1));

  for (const char *p = lower; *p != '\0'; p = g_utf8_next_char (p))
    if (is_invisible (g_utf8_get_char (p)))
      return email_error (error, _("The email address contains spaces or invisible characters. "
                                   "Type it again rather than pasting it.")), NULL;

  at = strchr (lower, '@');
  if (at == NULL || at == lower || at[1] == '\0' || strchr (at + 1, '@') != NULL ||
      strlen (lower) > EMAIL_MAX_BYTES || (gsize) (at - lower) > LOCAL_MAX_BYTES)
    return email_error (error, _("Enter a valid email address, such as name@example.jp.")), NULL;
  if (!has_one_script (lower, at))
    return email_error (error, _("The part before “@” mixes letters of different alphabets, "
                                 "such as Latin and Cyrillic. Type the address again.")), NULL;
  return g_steal_pointer (&lower);
}

static GHashTable *
load_common_passwords (void)
{
  g_autoptr(GBytes) bytes = ms_data_lookup ("common-passwords.txt", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (bytes == NULL)
    return set;
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (*line != '\0' && *line != '#')
        g_hash_table_add (set, g_utf8_casefold (line, -1));
    }
  return set;
}

static gboolean
is_common (const char *folded)
{
  static GHashTable *set;

  if (g_once_init_enter (&set))
    g_once_init_leave (&set, load_common_passwords ());
  return g_hash_table_contains (set, folded);
}

/**
 * ms_account_check_password:
 * @email: (nullable): the account's email address, normalised or not
 *
 * Checks a password chosen for a new account.
 *
 * Returns: TRUE if it may be used; FALSE with %MS_ACCOUNT_ERROR_PASSWORD
 *   and a message that says what to choose
 */
gboolean
ms_account_check_password (const char  *password,
                           const char  *email,
                           GError     **error)
{
  g_autofree char *folded = NULL;
  g_autofree char *normalized_email = NULL;

  if (password == NULL || !g_utf8_validate (password, -1, NULL) ||
      g_utf8_strlen (password, -1) < MS_PASSWORD_MIN_CHARS ||
      strlen (password) > MS_PASSWORD_MAX_BYTES)
    {
      g_set_error (error, MS_ACCOUNT_ERROR, MS_ACCOUNT_ERROR_PASSWORD,
                   /* Translators: %d is a number of characters */
                   _("Choose a password of at least %d characters."), MS_PASSWORD_MIN_CHARS);
      return FALSE;
    }

  folded = g_utf8_casefold (password, -1);
  normalized_email = email != NULL ? ms_account_normalize_email (email, NULL) : NULL;
  if (normalized_email != NULL)
    {
      g_autofree char *nfkc = g_utf8_normalize (password, -1, G_NORMALIZE_NFKC);
      g_autofree char *lower = nfkc != NULL ? g_utf8_strdown (nfkc, -1) : NULL;
      const char *at = strchr (normalized_email, '@');

      if (lower != NULL &&
          (g_str_equal (lower, normalized_email) ||
           (strlen (lower) == (gsize) (at - normalized_email) &&
            strncmp (lower, normalized_email, strlen (lower)) == 0)))
        {
          g_set_error_literal (error, MS_ACCOUNT_ERROR, MS_ACCOUNT_ERROR_PASSWORD,
                               _("Choose a password that is not your email address."));
          return FALSE;
        }
    }
  if (is_common (folded))
    {
      g_set_error_literal (error, MS_ACCOUNT_ERROR, MS_ACCOUNT_ERROR_PASSWORD,
                           _("This password is one of the most common ones, which are tried "
                             "first. Choose another."));
      return FALSE;
    }
  return TRUE;
}
