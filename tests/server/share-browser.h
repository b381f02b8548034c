/* share-browser.h — Debian's chromium, headless, for the share page tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

const char      *find_chromium  (void);
char            *run_chromium   (const char *profile,
                                 const char *url,
                                 const char *arg1,
                                 const char *arg2);
guint            count_colour   (cairo_surface_t *png,
                                 guint32          rgb);
cairo_surface_t *screenshot     (const char *dir,
                                 const char *profile,
                                 const char *url,
                                 int         width,
                                 const char *name);

/* test-share-browser-feedback.c */
void             test_feedback_in_chromium (void);
