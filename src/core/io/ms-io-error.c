/* ms-io-error.c — errors of reading and writing files (CSV, encodings)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-io"

#include "config.h"

#include "ms-io-error.h"

G_DEFINE_QUARK (ms-io-error-quark, ms_io_error)
