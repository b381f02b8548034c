/* ms-team-page.c — the Team section: the user's team, its rules and plan
 *
 * Shows the active team of MsTeamRepository: who you are in it and its
 * seats, its members (the synced team_member rows) and, when signed in,
 * its pending invitations (fetched from the server), its brand rules
 * (MsTeamRulesEditor), NG words and shared presets, and what the next plan
 * up adds. Everything follows the repositories' models and "changed"
 * signal; edits apply at once, offline. The store and the sync client come
 * from the MsContext; the page follows the client as the server changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-team-page"

#include "config.h"

#include <glib/gi18n.h>

#include "store/ms-entitlements.h"
#include "ms-plan-gate.h"
#include "store/ms-ng-word.h"
#include "store/ms-segment-preset.h"
#include "store/ms-team-member.h"
#include "store/ms-team-repository.h"
#include "store/ms-team-rules-repository.h"
#include "ms-invoice-list.h"
#include "ms-team-join-dialog.h"
#include "ms-team-page.h"
#include "ms-team-rules-editor.h"

struct _MsTeamPage
{
  GtkWidget              parent_instance;

  MsContext             *context;
  MsStore               *store;
  MsSyncClient          *client;
  MsTeamRepository      *teams;
  MsTeamRulesRepository *rules;   /* of the active team, or NULL */
  MsTeam                *team;    /* the active team, or NULL */
  GCancellable          *cancellable;
  GCancellable          *invites_cancellable;  /* of the invitations being fetched */
  gboolean               updating;

  /* Template widgets */
  GtkStack              *stack;
  AdwStatusPage         *empty_page;
  GtkLabel              *sign_in_label;
  GtkButton             *create_button;
  GtkButton             *join_button;
  AdwComboRow           *team_row;
  AdwActionRow          *plan_row;
  AdwActionRow          *seats_row;
  AdwActionRow          *role_row;
  AdwEntryRow           *invite_row;
  AdwPreferencesGroup   *members_group;
  GtkListBox            *members_list;
  GtkListBox            *invites_list;
  MsTeamRulesEditor     *rules_editor;
  AdwPreferencesGroup   *ng_group;
  AdwEntryRow           *ng_entry;
  MsInvoiceList         *invoice_list;
  GtkButton             *ng_add_button;
  GtkListBox            *ng_list;
  AdwPreferencesGroup   *presets_group;
  GtkListBox            *presets_list;
  AdwActionRow          *current_plan_row;
  AdwActionRow          *next_plan_row;
};

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (MsTeamPage, ms_team_page, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static void set_store       (MsTeamPage   *self,
                             MsStore      *store);
static void set_sync_client (MsTeamPage   *self,
                             MsSyncClient *client);

static void
show_error (MsTeamPage   *self,
            const GError *error)
{
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    ms_context_show_toast (self->context, GTK_WIDGET (self), adw_toast_new (error->message));
}

static gboolean
can_edit (MsTeamPage *self)
{
  return self->rules != NULL && ms_team_rules_repository_get_can_edit (self->rules);
}

static char *
format_seats (gint64 used,
              gint64 limit)
{
  if (limit == MS_LIMIT_UNLIMITED)
    /* Translators: a number of seats used, with no limit on them */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d seat used, unlimited",
                                         "%d seats used, unlimited", (gulong) used),
                            (int) used);
  /* Translators: "3 of 5 seats used" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d of %d seat used",
                                       "%d of %d seats used", (gulong) limit),
                          (int) used, (int) limit);
}

/* ------------------------------------------------------------------------ */
/* Rows of the NG word and preset lists                                      */

/* Team NG words are a feature of the team's plan (org_ng_words). */
static gboolean
gate_ng_words (MsTeamPage *self)
{
  g_autoptr(MsEntitlements) plan = ms_team_rules_repository_dup_plan (self->rules);

  return ms_plan_gate_check (GTK_WIDGET (self), plan,
                             ms_team_rules_repository_get_field_feature ("ng_words"), TRUE);
}

static void
on_remove_word_clicked_cb (GtkButton  *button,
                           MsTeamPage *self)
{
  const char *word = g_object_get_data (G_OBJECT (button), "word");
  g_autoptr(GError) error = NULL;

  if (self->rules != NULL && gate_ng_words (self) &&
      !ms_team_rules_repository_remove_ng_word (self->rules, word, &error))
    show_error (self, error);
}

static void
on_delete_preset_clicked_cb (GtkButton  *button,
                             MsTeamPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "preset-id");
  g_autoptr(GError) error = NULL;

  if (self->rules != NULL &&
      !ms_team_rules_repository_delete_preset (self->rules, id, &error))
    show_error (self, error);
}

static GtkWidget *
create_removable_row (MsTeamPage  *self,
                      const char  *title,
                      const char  *data_key,
                      const char  *data,
                      const char  *tooltip,
                      GCallback    callback)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (!can_edit (self))
    return row;

  button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data_full (G_OBJECT (button), data_key, g_strdup (data), g_free);
  g_signal_connect (button, "clicked", callback, self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static GtkWidget *
create_word_row (gpointer item,
                 gpointer user_data)
{
  const char *word = ms_ng_word_get_word (item);

  return create_removable_row (user_data, word, "word", word, _("Remove Word"),
                               G_CALLBACK (on_remove_word_clicked_cb));
}

static GtkWidget *
create_preset_row (gpointer item,
                   gpointer user_data)
{
  return create_removable_row (user_data, ms_segment_preset_get_name (item), "preset-id",
                               ms_segment_preset_get_id (item), _("Delete Preset"),
                               G_CALLBACK (on_delete_preset_clicked_cb));
}

/* ------------------------------------------------------------------------ */
/* Members and pending invitations                                           */

static void
on_sync_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(MsTeamPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ms_sync_client_sync_finish (MS_SYNC_CLIENT (object), result, &error))
    show_error (self, error);
}

static gboolean
is_signed_in (MsTeamPage *self)
{
  return self->client != NULL && ms_sync_client_get_signed_in (self->client);
}

/* The user's own id: that of the personal tenant "user:<uuid>", or NULL. */
static const char *
get_own_user_id (MsTeamPage *self)
{
  const char *tenant = self->store != NULL ? ms_store_get_tenant (self->store) : NULL;

  if (tenant == NULL || !g_str_has_prefix (tenant, "user:"))
    return NULL;
  return tenant + strlen ("user:");
}

static void
on_remove_member_done_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(MsTeamPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ms_sync_client_remove_member_finish (MS_SYNC_CLIENT (object), result, &error))
    {
      show_error (self, error);
      return;
    }
  /* The member's row goes (or, on leaving, the whole team) with the next sync. */
  ms_sync_client_sync_async (MS_SYNC_CLIENT (object), self->cancellable, on_sync_done_cb,
                             g_object_ref (self));
}

static void
on_remove_dialog_response_cb (AdwMessageDialog *dialog,
                              const char       *response,
                              MsTeamPage       *self)
{
  const char *team = g_object_get_data (G_OBJECT (dialog), "team");
  const char *user_id = g_object_get_data (G_OBJECT (dialog), "user-id");

  if (!g_str_equal (response, "remove") || self->client == NULL)
    return;
  ms_sync_client_remove_member_async (self->client, team, user_id, self->cancellable,
                                      on_remove_member_done_cb, g_object_ref (self));
}

static void
on_member_button_clicked_cb (GtkButton  *button,
                             MsTeamPage *self)
{
  const char *user_id = g_object_get_data (G_OBJECT (button), "user-id");
  const char *name = g_object_get_data (G_OBJECT (button), "display-name");
  gboolean leave = g_strcmp0 (user_id, get_own_user_id (self)) == 0;
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  AdwMessageDialog *dialog;

  if (self->team == NULL)
    return;

  if (leave)
    dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window,
                                                         _("Leave Team?"),
                                                         _("The team’s rules and shared presets "
                                                           "will no longer apply to your "
                                                           "messages. To join again, ask an "
                                                           "owner for a new invitation.")));
  else
    {
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, _("Remove Member?"), NULL));
      /* Translators: %s is the name or email address of a team member */
      adw_message_dialog_format_body (dialog, _("%s will lose access to the team’s rules and "
                                                "shared presets, and their seat becomes free."),
                                      name);
    }
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "remove", leave ? _("_Leave") : _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "team", g_strdup (ms_team_get_id (self->team)),
                          g_free);
  g_object_set_data_full (G_OBJECT (dialog), "user-id", g_strdup (user_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_dialog_response_cb), self,
                           0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
create_member_row (gpointer item,
                   gpointer user_data)
{
  MsTeamPage *self = user_data;
  MsTeamMember *member = item;
  const char *name = ms_team_member_get_name (member);
  const char *email = ms_team_member_get_email (member);
  const char *display_name = *name != '\0' ? name : email;
  gboolean is_you = g_strcmp0 (ms_team_member_get_user_id (member), get_own_user_id (self)) == 0;
  gboolean owner_view = self->team != NULL && ms_team_get_is_owner (self->team);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *role;
  GtkWidget *button = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (is_you)
    {
      /* Translators: the user's own row in the list of team members; %s is their name */
      g_autofree char *title = g_strdup_printf (_("%s (You)"), display_name);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
    }
  else
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), display_name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), email);

  role = gtk_label_new (ms_team_member_get_is_owner (member) ? _("Owner") : _("Member"));
  gtk_widget_add_css_class (role, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), role);

  /* Owners remove others; a member leaves from their own row. */
  if (owner_view && !is_you)
    button = gtk_button_new_with_label (_("Remove"));
  else if (!owner_view && is_you)
    button = gtk_button_new_with_label (_("Leave Team"));
  if (button != NULL)
    {
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (button), "user-id",
                              g_strdup (ms_team_member_get_user_id (member)), g_free);
      g_object_set_data_full (G_OBJECT (button), "display-name", g_strdup (display_name), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (on_member_button_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  return row;
}

static char *
describe_invite (const MsTeamInvite *invite)
{
  g_autoptr(GDateTime) expires = g_date_time_new_from_unix_local (invite->expires_at /
                                                                  G_USEC_PER_SEC);
  g_autofree char *date = NULL;

  if (expires == NULL)
    return g_strdup (_("Invited"));
  /* Translators: the date an invitation expires, a g_date_time_format() format:
   * "Nov 28" in English, "%-m月%-d日" in Japanese */
  date = g_date_time_format (expires, _("%b %-d"));
  /* Translators: a pending invitation to the team; %s is the date it expires, such as "Nov 28" */
  return g_strdup_printf (_("Invited — expires %s"), date != NULL ? date : "");
}

static void fetch_invites (MsTeamPage *self);

typedef struct
{
  MsTeamPage *self;
  char       *email;
} CancelInvite;

static void
cancel_invite_free (CancelInvite *data)
{
  g_object_unref (data->self);
  g_free (data->email);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CancelInvite, cancel_invite_free)

static void
on_cancel_invites_done_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(CancelInvite) data = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!ms_sync_client_cancel_invites_finish (MS_SYNC_CLIENT (object), result, &error))
    {
      show_error (data->self, error);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fetch_invites (data->self);  /* what the server has now */
      return;
    }
  /* Translators: %s is an email address */
  text = g_strdup_printf (_("Invitation to %s cancelled"), data->email);
  ms_context_show_toast (data->self->context, GTK_WIDGET (data->self), adw_toast_new (text));
  fetch_invites (data->self);
}

static void
on_cancel_invite_clicked_cb (GtkButton  *button,
                             MsTeamPage *self)
{
  CancelInvite *data;

  if (self->client == NULL || self->team == NULL)
    return;
  data = g_new0 (CancelInvite, 1);
  data->self = g_object_ref (self);
  data->email = g_strdup (g_object_get_data (G_OBJECT (button), "email"));
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  ms_sync_client_cancel_invites_async (self->client, ms_team_get_id (self->team), data->email,
                                       self->cancellable, on_cancel_invites_done_cb, data);
}

static void
show_invites (MsTeamPage *self,
              GPtrArray  *invites)
{
  gboolean owner_view = self->team != NULL && ms_team_get_is_owner (self->team);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->invites_list))) != NULL)
    gtk_list_box_remove (self->invites_list, child);
  for (guint i = 0; invites != NULL && i < invites->len; i++)
    {
      const MsTeamInvite *invite = g_ptr_array_index (invites, i);
      g_autofree char *subtitle = describe_invite (invite);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), invite->email);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      if (owner_view)
        {
          GtkWidget *button = gtk_button_new_with_label (_("Cancel Invitation"));

          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          g_object_set_data_full (G_OBJECT (button), "email", g_strdup (invite->email), g_free);
          g_signal_connect (button, "clicked", G_CALLBACK (on_cancel_invite_clicked_cb), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }
      gtk_list_box_append (self->invites_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->invites_list), invites != NULL && invites->len > 0);
}

static void
on_list_invites_done_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(MsTeamPage) self = user_data;
  g_autoptr(GPtrArray) invites = NULL;
  g_autoptr(GError) error = NULL;

  invites = ms_sync_client_list_invites_finish (MS_SYNC_CLIENT (object), result, &error);
  if (invites == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_invites (self, NULL);
      /* Offline, the list waits for the next time the team is shown. */
      if (!g_error_matches (error, MS_SYNC_ERROR, MS_SYNC_ERROR_OFFLINE))
        show_error (self, error);
      return;
    }
  show_invites (self, invites);
}

/* Pending invitations live on the server only: fetched when a team is
 * shown, on signing in and after an invitation is made. */
static void
fetch_invites (MsTeamPage *self)
{
  g_cancellable_cancel (self->invites_cancellable);
  g_clear_object (&self->invites_cancellable);
  if (self->team == NULL || !is_signed_in (self))
    {
      show_invites (self, NULL);
      return;
    }
  self->invites_cancellable = g_cancellable_new ();
  ms_sync_client_list_invites_async (self->client, ms_team_get_id (self->team),
                                     self->invites_cancellable, on_list_invites_done_cb,
                                     g_object_ref (self));
}

static void
bind_members (MsTeamPage *self)
{
  gtk_list_box_bind_model (self->members_list,
                           self->rules != NULL
                           ? ms_team_rules_repository_get_members (self->rules) : NULL,
                           self->rules != NULL ? create_member_row : NULL, self, NULL);
}

static void
on_store_tenant_changed_cb (MsTeamPage *self)
{
  /* Who "you" are changed: rebuild the member rows. */
  bind_members (self);
}

/* ------------------------------------------------------------------------ */
/* Refreshing                                                               */

static void
refresh_presets_count (MsTeamPage *self)
{
  g_autoptr(MsEntitlements) plan = NULL;
  g_autofree char *text = NULL;
  guint n;
  gint64 limit;

  if (self->rules == NULL)
    return;

  n = g_list_model_get_n_items (ms_team_rules_repository_get_presets (self->rules));
  plan = ms_entitlements_new_for_plan (ms_team_get_plan (self->team), NULL);
  limit = plan != NULL ? ms_entitlements_get_limit (plan, MS_LIMIT_SHARED_PRESETS)
                       : MS_LIMIT_UNLIMITED;
  if (limit == MS_LIMIT_UNLIMITED)
    /* Translators: a number of presets the team shares, with no limit */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u shared preset, unlimited",
                                         "%u shared presets, unlimited", n), n);
  else
    /* Translators: "4 of 20 shared presets" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %d shared preset",
                                         "%u of %d shared presets", (gulong) limit),
                            n, (int) limit);
  adw_preferences_group_set_description (self->presets_group, text);
}

static void
on_presets_items_changed_cb (MsTeamPage *self)
{
  refresh_presets_count (self);
}

/* What the next plan of data/plans.json adds to @plan_id, or NULL at the top. */
static char *
describe_next_plan (const char *plan_id)
{
  g_auto(GStrv) ids = ms_entitlements_list_plans (NULL);
  g_autoptr(MsEntitlements) current = NULL;
  g_autoptr(MsEntitlements) next = NULL;
  g_autoptr(GString) text = NULL;
  gint64 seats;
  gint64 presets;

  if (ids == NULL || (current = ms_entitlements_new_for_plan (plan_id, NULL)) == NULL)
    return NULL;
  for (guint i = 0; ids[i] != NULL && next == NULL; i++)
    if (g_str_equal (ids[i], plan_id) && ids[i + 1] != NULL)
      next = ms_entitlements_new_for_plan (ids[i + 1], NULL);
  if (next == NULL)
    return NULL;

  text = g_string_new (NULL);
  seats = ms_entitlements_get_limit (next, MS_LIMIT_SEATS);
  presets = ms_entitlements_get_limit (next, MS_LIMIT_SHARED_PRESETS);
  if (seats != ms_entitlements_get_limit (current, MS_LIMIT_SEATS))
    {
      if (seats == MS_LIMIT_UNLIMITED)
        g_string_append (text, _("Unlimited seats"));
      else
        /* Translators: what a bigger plan offers */
        g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%d seat", "%d seats",
                                                   (gulong) seats),
                                (int) seats);
    }
  if (presets != ms_entitlements_get_limit (current, MS_LIMIT_SHARED_PRESETS))
    {
      if (text->len > 0)
        /* Translators: separates what a bigger plan offers */
        g_string_append (text, _(", "));
      if (presets == MS_LIMIT_UNLIMITED)
        g_string_append (text, _("unlimited shared presets"));
      else
        g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%d shared preset",
                                                   "%d shared presets", (gulong) presets),
                                (int) presets);
    }
  if (text->len == 0)
    return g_strdup (ms_entitlements_get_plan_name (next));

  /* Translators: the first %s is a plan name, the second what it offers */
  return g_strdup_printf (_("%s: %s"), ms_entitlements_get_plan_name (next), text->str);
}

static void
refresh_team (MsTeamPage *self)
{
  g_autoptr(MsEntitlements) plan = NULL;
  g_autofree char *seats = NULL;
  g_autofree char *next = NULL;
  const char *plan_name;

  plan = ms_entitlements_new_for_plan (ms_team_get_plan (self->team), NULL);
  plan_name = plan != NULL ? ms_entitlements_get_plan_name (plan) : ms_team_get_plan (self->team);
  adw_action_row_set_subtitle (self->plan_row, plan_name);
  seats = format_seats (ms_team_get_seats_used (self->team), ms_team_get_seats_limit (self->team));
  adw_action_row_set_subtitle (self->seats_row, seats);
  adw_action_row_set_subtitle (self->role_row,
                               ms_team_get_is_owner (self->team) ? _("Owner") : _("Member"));

  adw_action_row_set_subtitle (self->current_plan_row, plan_name);
  next = describe_next_plan (ms_team_get_plan (self->team));
  gtk_widget_set_visible (GTK_WIDGET (self->next_plan_row), next != NULL);
  adw_action_row_set_subtitle (self->next_plan_row, next != NULL ? next : "");

  gtk_widget_set_visible (GTK_WIDGET (self->ng_entry), can_edit (self));
  gtk_widget_set_visible (GTK_WIDGET (self->invite_row),
                          ms_team_get_is_owner (self->team) && self->client != NULL &&
                          ms_sync_client_get_signed_in (self->client));
  refresh_presets_count (self);
}

static void
on_rules_changed_cb (MsTeamPage            *self,
                     MsTeamRulesRepository *rules)
{
  /* The role may have changed: rebuild the rows with or without their buttons. */
  gtk_list_box_bind_model (self->ng_list, ms_team_rules_repository_get_ng_words (rules),
                           create_word_row, self, NULL);
  gtk_list_box_bind_model (self->presets_list, ms_team_rules_repository_get_presets (rules),
                           create_preset_row, self, NULL);
  bind_members (self);
  if (self->team != NULL)
    refresh_team (self);
}

static void
set_rules (MsTeamPage            *self,
           MsTeamRulesRepository *rules)
{
  if (self->rules != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->rules, self);
      g_signal_handlers_disconnect_by_data (ms_team_rules_repository_get_presets (self->rules),
                                            self);
    }
  g_set_object (&self->rules, rules);
  ms_team_rules_editor_set_repository (self->rules_editor, rules);
  if (rules == NULL)
    {
      gtk_list_box_bind_model (self->ng_list, NULL, NULL, NULL, NULL);
      gtk_list_box_bind_model (self->presets_list, NULL, NULL, NULL, NULL);
      bind_members (self);
      show_invites (self, NULL);
      return;
    }

  g_signal_connect_object (rules, "changed", G_CALLBACK (on_rules_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (ms_team_rules_repository_get_presets (rules), "items-changed",
                           G_CALLBACK (on_presets_items_changed_cb), self, G_CONNECT_SWAPPED);
  on_rules_changed_cb (self, rules);
}

static void
refresh (MsTeamPage *self)
{
  GListModel *model = ms_team_repository_get_model (self->teams);
  g_autofree char *active = ms_team_repository_dup_active_id (self->teams);
  guint n = g_list_model_get_n_items (model);
  guint position = GTK_INVALID_LIST_POSITION;

  g_clear_object (&self->team);
  for (guint i = 0; i < n && active != NULL; i++)
    {
      g_autoptr(MsTeam) team = g_list_model_get_item (model, i);

      if (g_str_equal (ms_team_get_id (team), active))
        {
          self->team = g_steal_pointer (&team);
          position = i;
        }
    }

  if (self->team == NULL)
    {
      set_rules (self, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  /* The selector lists names of its own: the team model is reloaded on
   * every change, which must not move the selection. */
  self->updating = TRUE;
  {
    g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

    for (guint i = 0; i < n; i++)
      {
        g_autoptr(MsTeam) team = g_list_model_get_item (model, i);

        gtk_string_list_append (names, ms_team_get_name (team));
      }
    adw_combo_row_set_model (self->team_row, G_LIST_MODEL (names));
  }
  gtk_widget_set_visible (GTK_WIDGET (self->team_row), n > 1);
  adw_combo_row_set_selected (self->team_row, position);
  self->updating = FALSE;

  if (self->rules == NULL ||
      g_strcmp0 (ms_team_rules_repository_get_tenant (self->rules), active) != 0)
    {
      g_autoptr(MsTeamRulesRepository) rules = ms_team_rules_repository_new (self->store, active);

      set_rules (self, rules);
      fetch_invites (self);
      ms_invoice_list_set_team (self->invoice_list, self->client, active,
                                ms_team_get_is_owner (self->team));
    }
  else
    on_rules_changed_cb (self, self->rules);

  gtk_stack_set_visible_child_name (self->stack, "team");
}

/* ------------------------------------------------------------------------ */
/* Signal callbacks                                                          */

static void
on_teams_changed_cb (MsTeamPage *self)
{
  refresh (self);
}

static void
on_team_row_selected_cb (MsTeamPage  *self,
                         GParamSpec  *pspec,
                         AdwComboRow *row)
{
  g_autoptr(MsTeam) team = NULL;
  g_autoptr(GError) error = NULL;
  guint selected = adw_combo_row_get_selected (row);

  if (self->updating || self->teams == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;
  team = g_list_model_get_item (ms_team_repository_get_model (self->teams), selected);
  if (team == NULL || team == self->team)
    return;
  if (!ms_team_repository_set_active_id (self->teams, ms_team_get_id (team), &error))
    show_error (self, error);
}

static void
on_ng_add_cb (MsTeamPage *self)
{
  g_autoptr(GError) error = NULL;
  const char *word = gtk_editable_get_text (GTK_EDITABLE (self->ng_entry));

  if (self->rules == NULL || *word == '\0' || !gate_ng_words (self))
    return;
  if (!ms_team_rules_repository_add_ng_word (self->rules, word, &error))
    {
      show_error (self, error);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->ng_entry), "");
}

static void
update_sign_in_note (MsTeamPage *self)
{
  gboolean signed_in = self->client != NULL && ms_sync_client_get_signed_in (self->client);

  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_label), !signed_in);
  gtk_widget_set_visible (GTK_WIDGET (self->create_button), signed_in);
  gtk_widget_set_visible (GTK_WIDGET (self->join_button), signed_in);
  if (self->team != NULL)
    refresh_team (self);
  fetch_invites (self);
}

static void
on_client_signed_in_cb (MsTeamPage *self)
{
  update_sign_in_note (self);
}

/* ------------------------------------------------------------------------ */
/* Creating a team and inviting members                                      */

static void
on_create_team_done_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(MsTeamPage) self = user_data;
  g_autoptr(MsTeam) team = NULL;
  g_autoptr(GError) error = NULL;

  team = ms_sync_client_create_team_finish (MS_SYNC_CLIENT (object), result, &error);
  if (team == NULL)
    {
      show_error (self, error);
      return;
    }
  /* The team, its role and seats arrive with the next sync. */
  ms_sync_client_sync_async (MS_SYNC_CLIENT (object), self->cancellable, on_sync_done_cb,
                             g_object_ref (self));
}

static void
on_create_dialog_response_cb (AdwMessageDialog *dialog,
                              const char       *response,
                              MsTeamPage       *self)
{
  GtkEditable *name = g_object_get_data (G_OBJECT (dialog), "name-entry");
  GtkDropDown *plan = g_object_get_data (G_OBJECT (dialog), "plan-drop-down");
  const char * const *plan_ids = g_object_get_data (G_OBJECT (dialog), "plan-ids");
  g_autofree char *text = NULL;

  if (!g_str_equal (response, "create") || self->client == NULL)
    return;

  text = g_strstrip (g_strdup (gtk_editable_get_text (name)));
  ms_sync_client_create_team_async (self->client, text,
                                    plan_ids[gtk_drop_down_get_selected (plan)],
                                    self->cancellable, on_create_team_done_cb,
                                    g_object_ref (self));
}

static void
on_create_name_changed_cb (GtkEditable      *name,
                           AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (name)));

  adw_message_dialog_set_response_enabled (dialog, "create", *text != '\0');
}

/* The plans a team can be on (data/plans.json), as the server has them. */
static char **
list_team_plans (GtkStringList *names)
{
  g_auto(GStrv) ids = ms_entitlements_list_team_plans (NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      g_autoptr(MsEntitlements) plan = ms_entitlements_new_for_plan (ids[i], NULL);

      if (plan == NULL)
        continue;
      g_strv_builder_add (builder, ids[i]);
      gtk_string_list_append (names, ms_entitlements_get_plan_name (plan));
    }
  return g_strv_builder_end (builder);
}

static void
on_create_clicked_cb (MsTeamPage *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_auto(GStrv) plan_ids = list_team_plans (names);
  AdwMessageDialog *dialog;
  GtkWidget *box;
  GtkWidget *name;
  GtkWidget *plan;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                       _("Create Team"),
                                                       _("You will be the team’s owner.")));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  name = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (name), _("Team Name"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (name), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Team Name"), -1);
  gtk_entry_set_activates_default (GTK_ENTRY (name), TRUE);
  plan = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (plan), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Plan"), -1);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), plan);
  adw_message_dialog_set_extra_child (dialog, box);

  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "create", _("C_reate"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "create", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "create", FALSE);
  adw_message_dialog_set_default_response (dialog, "create");
  adw_message_dialog_set_close_response (dialog, "cancel");

  g_object_set_data (G_OBJECT (dialog), "name-entry", name);
  g_object_set_data (G_OBJECT (dialog), "plan-drop-down", plan);
  g_object_set_data_full (G_OBJECT (dialog), "plan-ids", g_steal_pointer (&plan_ids),
                          (GDestroyNotify) g_strfreev);
  g_signal_connect (name, "changed", G_CALLBACK (on_create_name_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_create_dialog_response_cb), self,
                           0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_join_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(MsTeamPage) self = user_data;
  g_autoptr(MsTeam) team = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  team = ms_sync_client_accept_invite_finish (MS_SYNC_CLIENT (object), result, &error);
  if (team == NULL)
    {
      show_error (self, error);
      return;
    }
  /* Translators: %s is the name of the team just joined */
  text = g_strdup_printf (_("You joined “%s”"), ms_team_get_name (team));
  ms_context_show_toast (self->context, GTK_WIDGET (self), adw_toast_new (text));
  /* The team's rules, members and presets arrive with the next sync. */
  ms_sync_client_sync_async (MS_SYNC_CLIENT (object), self->cancellable, on_sync_done_cb,
                             g_object_ref (self));
}

static void
on_join_dialog_response_cb (AdwMessageDialog *dialog,
                            const char       *response,
                            MsTeamPage       *self)
{
  g_autofree char *code = ms_team_join_dialog_dup_code (dialog);

  if (!g_str_equal (response, "join") || code == NULL || self->client == NULL)
    return;
  ms_sync_client_accept_invite_async (self->client, code, self->cancellable, on_join_done_cb,
                                      g_object_ref (self));
}

static void
on_join_clicked_cb (MsTeamPage *self)
{
  AdwMessageDialog *dialog = ms_team_join_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));

  g_signal_connect_object (dialog, "response", G_CALLBACK (on_join_dialog_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_invite_dialog_response_cb (AdwMessageDialog *dialog,
                              const char       *response,
                              gpointer          user_data)
{
  const char *token = g_object_get_data (G_OBJECT (dialog), "token");

  if (g_str_equal (response, "copy"))
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (dialog)), token);
}

static void
on_invite_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(MsTeamPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  AdwMessageDialog *dialog;

  token = ms_sync_client_invite_finish (MS_SYNC_CLIENT (object), result, &error);
  if (token == NULL)
    {
      show_error (self, error);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->invite_row), "");
  ms_context_mark_step (self->context, MS_ONBOARDING_INVITE);
  fetch_invites (self);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                       _("Invitation Created"), NULL));
  /* Translators: %s is an invitation code the new member enters to join */
  adw_message_dialog_format_body (dialog, _("Send this invitation code to the new member. "
                                            "They join on their Team page with “Join with a "
                                            "Code”. It works once, for 7 days:\n\n%s"), token);
  adw_message_dialog_add_responses (dialog,
                                    "close", _("_Close"),
                                    "copy", _("C_opy"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "copy", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "copy");
  adw_message_dialog_set_close_response (dialog, "close");
  g_object_set_data_full (G_OBJECT (dialog), "token", g_steal_pointer (&token), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_invite_dialog_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_invite_cb (MsTeamPage *self)
{
  g_autofree char *email = NULL;

  if (self->client == NULL || self->team == NULL)
    return;
  email = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->invite_row))));
  if (*email == '\0')
    return;
  ms_sync_client_invite_async (self->client, ms_team_get_id (self->team), email, "member",
                               self->cancellable, on_invite_done_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                   */

static void
ms_team_page_dispose (GObject *object)
{
  MsTeamPage *self = MS_TEAM_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->invites_cancellable);
  g_clear_object (&self->invites_cancellable);
  if (self->rules != NULL)
    g_signal_handlers_disconnect_by_data (self->rules, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_TEAM_PAGE);
  g_clear_object (&self->rules);
  g_clear_object (&self->team);
  g_clear_object (&self->teams);
  g_clear_object (&self->client);
  g_clear_object (&self->store);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (ms_team_page_parent_class)->dispose (object);
}

static void
on_context_sync_client_cb (MsTeamPage *self,
                           GParamSpec *pspec,
                           MsContext  *context)
{
  set_sync_client (self, ms_context_get_sync_client (context));
}

static void
ms_team_page_constructed (GObject *object)
{
  MsTeamPage *self = MS_TEAM_PAGE (object);

  G_OBJECT_CLASS (ms_team_page_parent_class)->constructed (object);

  g_return_if_fail (MS_IS_CONTEXT (self->context));

  ms_team_rules_editor_set_context (self->rules_editor, self->context);
  set_store (self, ms_context_get_store (self->context));
  /* The client changes with the server. */
  g_signal_connect_object (self->context, "notify::sync-client",
                           G_CALLBACK (on_context_sync_client_cb), self, G_CONNECT_SWAPPED);
  on_context_sync_client_cb (self, NULL, self->context);
}

static void
ms_team_page_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  MsTeamPage *self = MS_TEAM_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_team_page_class_init (MsTeamPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ms_team_page_constructed;
  object_class->dispose = ms_team_page_dispose;
  object_class->set_property = ms_team_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MS_TYPE_CONTEXT,
                         (G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MS_TYPE_TEAM_RULES_EDITOR);
  g_type_ensure (MS_TYPE_INVOICE_LIST);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ms-team-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MsTeamPage, stack);
  gtk_widget_class_bind_template_child (widget_class, MsTeamPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, MsTeamPage, sign_in_label);
  gtk_widget_class_bind_template_child (widget_class, MsTeamPage, create_button);
  gtk_widget_class_bind_template_child (widget_class, MsTeamPage, join_button);
  gtk_widget_class_bind_template_child (widget_class, MsTeamPage, team_row);
  gtk_widget_class_bind_template_child (widget_class, MsTeamPage, invoice_list);
  gtk_widget_class_bind_template_child (widget_class, MsTeamPage, plan_row);
  gtk_widget_class_bind_template_child (widget_class, MsTeamPage, seats_row);
  gtk_widget_class_bind_template_child (widget_class, MsTeamPage, role_row);
  gtk_widget_class_bind_template_child (widget_class, MsTeamPage, invite_row);
  gtk_widget_class_bind_template_child (widget_class, MsTeamPage, members_group);
  gtk_widget_class_bind_template_child (widget_class, MsTeamPage, members_list);
  gtk_widget_class_bind_template_child (widget_class, MsTeamPage, invites_list);
  gtk_widget_class_bind_template_child (widget_class, MsTeamPage, rules_editor);
  gtk_widget_class_bind_template_child (widget_class, MsTeamPage, ng_group);
  gtk_widget_class_bind_template_child (widget_class, MsTeamPage, ng_entry);
  gtk_widget_class_bind_template_child (widget_class, MsTeamPage, ng_add_button);
  gtk_widget_class_bind_template_child (widget_class, MsTeamPage, ng_list);
  gtk_widget_class_bind_template_child (widget_class, MsTeamPage, presets_group);
  gtk_widget_class_bind_template_child (widget_class, MsTeamPage, presets_list);
  gtk_widget_class_bind_template_child (widget_class, MsTeamPage, current_plan_row);
  gtk_widget_class_bind_template_child (widget_class, MsTeamPage, next_plan_row);
  gtk_widget_class_bind_template_callback (widget_class, on_team_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_ng_add_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_create_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_join_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_invite_cb);
}

static void
ms_team_page_init (MsTeamPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/* ------------------------------------------------------------------------ */
/* Following the context                                                     */

/* @store: (nullable): the profile's store */
static void
set_store (MsTeamPage *self,
           MsStore    *store)
{
  if (self->store == store)
    return;
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);

  set_rules (self, NULL);
  g_clear_object (&self->teams);
  if (store == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  g_signal_connect_object (store, "notify::tenant", G_CALLBACK (on_store_tenant_changed_cb),
                           self, G_CONNECT_SWAPPED);
  self->teams = ms_team_repository_new (store);
  g_signal_connect_object (ms_team_repository_get_model (self->teams), "items-changed",
                           G_CALLBACK (on_teams_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->teams, "notify::active-id",
                           G_CALLBACK (on_teams_changed_cb), self, G_CONNECT_SWAPPED);
  refresh (self);
}

/* @client: (nullable): the sync client, or %NULL when there is none */
static void
set_sync_client (MsTeamPage   *self,
                 MsSyncClient *client)
{
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_set_object (&self->client, client);
  if (client != NULL)
    g_signal_connect_object (client, "notify::signed-in",
                             G_CALLBACK (on_client_signed_in_cb), self, G_CONNECT_SWAPPED);
  update_sign_in_note (self);
}
