/* ms-team-join-dialog.h — the dialog to join a team with an invitation code
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

char             *ms_team_join_parse_code     (const char       *text) G_GNUC_WARN_UNUSED_RESULT;
AdwMessageDialog *ms_team_join_dialog_new     (GtkWindow        *parent);
char             *ms_team_join_dialog_dup_code (AdwMessageDialog *dialog) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
