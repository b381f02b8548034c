/* test-account-policy.c — which emails and passwords an account may have
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ms-account-policy.h"
#include "ms-core.h"

static void
test_email_one_spelling (void)
{
  static const char * const spellings[] = {
    "alice@example.jp",
    "  Alice@Example.JP ",
    "ａｌｉｃｅ＠ｅｘａｍｐｌｅ．ｊｐ",      /* full width */
    "ALICE@EXAMPLE.JP",
  };

  for (guint i = 0; i < G_N_ELEMENTS (spellings); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = ms_account_normalize_email (spellings[i], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (normalized, ==, "alice@example.jp");
    }

  /* NFD and NFC of é are one address */
  {
    g_autofree char *nfd = ms_account_normalize_email ("re\xcc\x81mi@example.jp", NULL);
    g_autofree char *nfc = ms_account_normalize_email ("r\xc3\xa9mi@example.jp", NULL);

    g_assert_nonnull (nfd);
    g_assert_cmpstr (nfd, ==, nfc);
  }
  /* Japanese local parts, with Latin too, are one script as far as this goes */
  {
    g_autofree char *a = ms_account_normalize_email ("山田たろうtaro@example.jp", NULL);
    g_autofree char *b = ms_account_normalize_email ("ヤマダ@example.jp", NULL);

    g_assert_cmpstr (a, ==, "山田たろうtaro@example.jp");
    g_assert_cmpstr (b, ==, "ヤマダ@example.jp");
  }
}

static void
test_email_refused (void)
{
  static const char * const refused[] = {
    "",
    "alice",
    "@example.jp",
    "alice@",
    "a@b@example.jp",
    "al ice@example.jp",
    "al\xe2\x80\x8d" "ice@example.jp",      /* zero-width joiner */
    "al\xe2\x80\x8b" "ice@example.jp",      /* zero-width space */
    "alice\xc2\xad@example.jp",              /* soft hyphen */
    "\xef\xbb\xbf" "alice@example.jp",      /* byte-order mark */
    "\xd0\xb0lice@example.jp",               /* Cyrillic а, then Latin */
    "\xce\xb1lice@example.jp",               /* Greek α, then Latin */
    "alice\x01@example.jp",
    "\xff@example.jp",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *shown = g_strescape (refused[i], NULL);
      g_autofree char *normalized = ms_account_normalize_email (refused[i], &error);

      g_test_message ("%s", shown);
      g_assert_null (normalized);
      g_assert_error (error, MS_ACCOUNT_ERROR, MS_ACCOUNT_ERROR_EMAIL);
    }
}

static void
test_password (void)
{
  static const struct
  {
    const char *password;
    gboolean    ok;
  } cases[] = {
    { "correct horse battery", TRUE },
    { "あいう", FALSE },                    /* 9 bytes, 3 characters */
    { "あいうえおかきく", TRUE },            /* 8 characters */
    { "1234567", FALSE },
    { "Password123", FALSE },               /* one of the most common */
    { "QWERTYUIOP", FALSE },
    { "alice@example.jp", FALSE },          /* the email */
    { "Alice@Example.jp", FALSE },
    { "ａｌｉｃｅ＠ｅｘａｍｐｌｅ．ｊｐ", FALSE },
    { "alicealice", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = ms_account_check_password (cases[i].password, "alice@example.jp", &error);

      g_test_message ("%s", cases[i].password);
      g_assert_true (ok == cases[i].ok);
      if (!ok)
        g_assert_error (error, MS_ACCOUNT_ERROR, MS_ACCOUNT_ERROR_PASSWORD);
    }

  /* the local part alone is refused too */
  g_assert_false (ms_account_check_password ("hanako.yamada", "hanako.yamada@example.jp", NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ms_core_init_i18n ();

  g_test_add_func ("/ms/account-policy/email-one-spelling", test_email_one_spelling);
  g_test_add_func ("/ms/account-policy/email-refused", test_email_refused);
  g_test_add_func ("/ms/account-policy/password", test_password);
  return g_test_run ();
}
