/* fuzz-common.h — what every libFuzzer target here shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <glib.h>

G_BEGIN_DECLS

int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

/* A folder for the target's databases, removed at exit. */
char *fuzz_make_temp_dir   (void);
/* Warnings and criticals abort(), which libFuzzer reports with the input. */
void  fuzz_init            (void);

G_END_DECLS
