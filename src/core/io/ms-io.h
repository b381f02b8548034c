/* ms-io.h — CSV files: encodings, reading, writing, import and export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "io/ms-campaign-import.h"
#include "io/ms-csv-reader.h"
#include "io/ms-csv-writer.h"
#include "io/ms-encoding.h"
#include "io/ms-history-csv.h"
#include "io/ms-history-report.h"
#include "io/ms-io-error.h"
#include "io/ms-trend-chart.h"
