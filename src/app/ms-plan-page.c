/* ms-plan-page.c — the Plan section: your plan, and your team's subscription
 *
 * Shows the plan in force for the account (the store's entitlements) and
 * what it includes, each locked feature with the plan that unlocks it. For
 * the active team, when signed in: its subscription as the server keeps it
 * (status, trial days left, seats, next billing date, payment), and, for
 * owners, a plan change priced before it is made — with
 * ms_billing_quote_change(), the function the server charges by, on the
 * subscription it reported — and cancelling at the period's end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-plan-page"

#include "config.h"

#include <glib/gi18n.h>

#include "billing/ms-billing.h"
#include "ms-plan-gate.h"
#include "ms-plan-page.h"
#include "store/ms-team-repository.h"

struct _MsPlanPage
{
  GtkWidget            parent_instance;

  MsContext           *context;
  MsStore             *store;
  MsSyncClient        *client;
  MsTeamRepository    *teams;
  MsTeam              *team;          /* the active team, or NULL */
  JsonObject          *description;   /* GET …/subscription, or NULL */
  MsSubscriptionState  state;         /* its subscription; plan NULL without one */
  GStrv                team_plans;    /* the choices of plan_choice_row */
  GCancellable        *cancellable;          /* of the subscription being fetched */
  GCancellable        *change_cancellable;   /* of the changes asked for, until dispose */
  gboolean             changing;             /* a change waits for its answer */
  GPtrArray           *feature_rows;
  gint64               preview;       /* yen before tax of the change shown, -1 none */
  gint64               charged;       /* what the last change made here charged, -1 none */
  gboolean             updating;
  gboolean             loading;

  /* Template widgets */
  AdwActionRow        *plan_row;
  AdwExpanderRow      *features_row;
  AdwPreferencesGroup *team_group;
  AdwActionRow        *team_name_row;
  AdwEntryRow         *company_row;
  AdwActionRow        *status_row;
  AdwActionRow        *seats_row;
  AdwActionRow        *next_billing_row;
  AdwActionRow        *payment_row;
  AdwPreferencesGroup *change_group;
  AdwComboRow         *plan_choice_row;
  AdwComboRow         *cycle_choice_row;
  AdwActionRow        *preview_row;
  GtkButton           *change_button;
  AdwActionRow        *cancel_row;
  GtkButton           *cancel_button;
  GtkLabel            *note_label;
};

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_LOADING,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (MsPlanPage, ms_plan_page, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static void fetch (MsPlanPage *self);

/* ------------------------------------------------------------------------ */
/* Words                                                                     */

static char *
dup_plan_name (const char *plan)
{
  g_autoptr(MsEntitlements) entitlements = plan != NULL ? ms_entitlements_new_for_plan (plan,
                                                                                        NULL)
                                                        : NULL;

  return g_strdup (entitlements != NULL ? ms_entitlements_get_plan_name (entitlements) : plan);
}

static char *
dup_date (MsBillingDay day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, day);
  /* Translators: a date: year, month, day */
  return g_strdup_printf (_("%u/%u/%u"), g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date));
}

static MsBillingDay
member_day (JsonObject *o,
            const char *name)
{
  return ms_billing_day_from_iso (json_object_get_string_member_with_default (o, name, NULL));
}

static void
show_toast (MsPlanPage  *self,
            const char  *text)
{
  ms_context_show_toast (self->context, GTK_WIDGET (self), adw_toast_new (text));
}

/* ------------------------------------------------------------------------ */
/* Your plan                                                                 */

static void
refresh_personal (MsPlanPage *self)
{
  MsEntitlements *plan = ms_context_get_plan (self->context);
  g_auto(GStrv) features = ms_entitlements_list_features ();
  guint n_included = 0;

  for (guint i = 0; i < self->feature_rows->len; i++)
    adw_expander_row_remove (self->features_row, g_ptr_array_index (self->feature_rows, i));
  g_ptr_array_set_size (self->feature_rows, 0);
  if (plan == NULL)
    return;

  adw_action_row_set_subtitle (self->plan_row, ms_entitlements_get_plan_name (plan));
  for (guint i = 0; features[i] != NULL; i++)
    {
      g_autofree char *name = ms_entitlements_dup_feature_name (features[i]);
      g_autofree char *reason = ms_plan_gate_dup_reason (plan, features[i], FALSE);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name (reason == NULL ? "object-select-symbolic"
                                                                     : "changes-prevent-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      if (reason != NULL)
        {
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), reason);
          adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
          gtk_widget_add_css_class (icon, "dim-label");
        }
      else
        n_included++;
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      reason == NULL ? _("Included") : _("Not included"), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_expander_row_add_row (self->features_row, row);
      g_ptr_array_add (self->feature_rows, row);
    }
  {
    g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "%u of %u feature",
                                                           "%u of %u features",
                                                           g_strv_length (features)),
                                              n_included, g_strv_length (features));

    adw_expander_row_set_subtitle (self->features_row, count);
  }
}

/* ------------------------------------------------------------------------ */
/* The team's subscription                                                   */

static gboolean
is_owner (MsPlanPage *self)
{
  return self->description != NULL &&
         g_strcmp0 (json_object_get_string_member_with_default (self->description, "role", NULL),
                    "owner") == 0;
}

static const char *
chosen_plan (MsPlanPage *self)
{
  guint i = adw_combo_row_get_selected (self->plan_choice_row);

  if (self->team_plans == NULL || i >= g_strv_length (self->team_plans))
    return NULL;
  return self->team_plans[i];
}

static MsBillingCycle
chosen_cycle (MsPlanPage *self)
{
  return adw_combo_row_get_selected (self->cycle_choice_row) == 1 ? MS_BILLING_YEARLY
                                                                  : MS_BILLING_MONTHLY;
}

/* What the chosen plan and cycle would cost today, as the server will charge. */
static void
update_preview (MsPlanPage *self)
{
  g_autoptr(MsBillingQuote) quote = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  const char *plan = chosen_plan (self);

  self->preview = -1;
  if (self->updating || self->state.plan == NULL || plan == NULL)
    return;
  quote = ms_billing_quote_change (&self->state, plan, chosen_cycle (self),
                                   json_object_get_int_member_with_default (self->description,
                                                                            "extra_owners", 0),
                                   member_day (self->description, "today"), &error);
  gtk_widget_set_sensitive (GTK_WIDGET (self->change_button), quote != NULL && is_owner (self));
  if (quote == NULL)
    {
      adw_action_row_set_subtitle (self->preview_row, error->message);
      return;
    }
  self->preview = quote->subtotal;
  if (quote->lines->len > 0)
    {
      g_autoptr(GArray) totals = ms_billing_tax_totals (quote->lines);
      g_autofree char *before = ms_billing_format_yen (quote->subtotal);
      gint64 with_tax = 0;
      g_autofree char *after = NULL;

      for (guint i = 0; i < totals->len; i++)
        with_tax += g_array_index (totals, MsBillingTaxTotal, i).total;
      after = ms_billing_format_yen (with_tax);
      /* Translators: two amounts of yen: before and with consumption tax */
      g_string_append_printf (text, _("%s before tax, %s with tax, invoiced today"), before,
                              after);
    }
  else
    g_string_append (text, _("Nothing is charged today"));
  if (quote->plan_next != NULL || quote->has_cycle_next)
    {
      g_autofree char *name = dup_plan_name (quote->plan_next != NULL ? quote->plan_next
                                                                      : quote->now.plan);
      g_autofree char *when = dup_date (quote->now.status == MS_SUBSCRIPTION_TRIALING
                                        ? quote->now.trial_end : quote->now.period_end);

      /* Translators: a plan name, then a date */
      g_autofree char *then = g_strdup_printf (_("%s from %s"), name, when);
      /* Translators: two clauses of one sentence, such as "Nothing is charged today; Team S from 2027/1/15" */
      g_autofree char *both = g_strdup_printf (_("%s; %s"), text->str, then);

      g_string_assign (text, both);
    }
  {
    /* Translators: ends a sentence */
    g_autofree char *sentence = g_strdup_printf (_("%s."), text->str);

    adw_action_row_set_subtitle (self->preview_row, sentence);
  }
}

/* "3 of 5 used, 1 owner beyond the first": the seats of the plan in force. */
static char *
dup_seats (JsonObject *d)
{
  const char *in_force = json_object_get_string_member_with_default (d, "plan_in_force", NULL);
  g_autoptr(MsEntitlements) plan = in_force != NULL ? ms_entitlements_new_for_plan (in_force, NULL)
                                                    : NULL;
  gint64 owners = json_object_get_int_member_with_default (d, "extra_owners", 0);
  gint64 limit = plan != NULL ? ms_entitlements_get_limit (plan, MS_LIMIT_SEATS)
                              : MS_LIMIT_UNLIMITED;

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       /* Translators: seats used, the plan's seats, then
                                        * owners beyond the first (who cost extra) */
                                       "%d of %d used, %d owner beyond the first",
                                       "%d of %d used, %d owners beyond the first",
                                       (gulong) owners),
                          (int) json_object_get_int_member_with_default (d, "seats_used", 0),
                          (int) MAX (limit, 0), (int) owners);
}

static void
refresh_team (MsPlanPage *self)
{
  JsonObject *d = self->description;
  JsonObject *payment;
  g_autofree char *status = NULL;
  g_autofree char *seats = NULL;
  g_autofree char *next = NULL;
  g_autofree char *pay = NULL;
  g_autofree char *name = NULL;
  MsSubscriptionState *s = &self->state;
  gboolean has = s->plan != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->team_group), self->team != NULL && d != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->change_group), has && is_owner (self));
  if (self->team == NULL || d == NULL)
    return;

  adw_action_row_set_subtitle (self->team_name_row, ms_team_get_name (self->team));
  /* The recipient of the team's invoices: its owners name the company. */
  gtk_widget_set_visible (GTK_WIDGET (self->company_row), has && is_owner (self));
  gtk_editable_set_text (GTK_EDITABLE (self->company_row),
                         json_object_get_string_member_with_default (d, "company_name", ""));
  name = dup_plan_name (json_object_get_string_member_with_default (d, "plan_in_force", NULL));
  if (!has)
    status = g_strdup (name);
  else if (s->status == MS_SUBSCRIPTION_TRIALING)
    status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: a plan name, then days */
                                           "%s, trial: %d day left",
                                           "%s, trial: %d days left",
                                           (gulong) json_object_get_int_member_with_default (d, "trial_days_left", 0)),
                              name, (int) json_object_get_int_member_with_default (d,
                                                                                   "trial_days_left",
                                                                                   0));
  else if (s->status == MS_SUBSCRIPTION_CANCELED)
    /* Translators: %s is a plan name */
    status = g_strdup_printf (_("%s: the subscription has ended"), name);
  else
    status = g_strdup_printf (s->cycle == MS_BILLING_YEARLY ? _("%s, billed yearly")
                                                            : _("%s, billed monthly"), name);
  adw_action_row_set_subtitle (self->status_row, status);

  seats = dup_seats (d);
  adw_action_row_set_subtitle (self->seats_row, seats);

  if (json_object_get_null_member (d, "next_billing_on") || !has)
    next = g_strdup (_("None"));
  else
    next = dup_date (member_day (d, "next_billing_on"));
  adw_action_row_set_subtitle (self->next_billing_row, next);

  payment = json_object_has_member (d, "payment") ? json_object_get_object_member (d, "payment")
                                                  : NULL;
  if (payment == NULL)
    pay = g_strdup (_("Nothing invoiced yet"));
  else
    {
      g_autofree char *unpaid = ms_billing_format_yen (json_object_get_int_member (payment,
                                                                                   "unpaid"));
      gint64 overdue = json_object_get_int_member (payment, "overdue_days");

      if (overdue > 0)
        pay = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            /* Translators: an amount, then days */
                                            "%s unpaid, overdue by %d day",
                                            "%s unpaid, overdue by %d days", (gulong) overdue),
                               unpaid, (int) overdue);
      else if (json_object_get_int_member (payment, "unpaid") > 0)
        /* Translators: an amount of yen */
        pay = g_strdup_printf (_("%s unpaid, not yet due"), unpaid);
      else
        pay = g_strdup (_("Paid"));
    }
  adw_action_row_set_subtitle (self->payment_row, pay);

  /* The choices start at the plan in force. */
  if (has)
    {
      self->updating = TRUE;
      for (guint i = 0; self->team_plans[i] != NULL; i++)
        if (g_str_equal (self->team_plans[i], s->plan))
          adw_combo_row_set_selected (self->plan_choice_row, i);
      adw_combo_row_set_selected (self->cycle_choice_row, s->cycle == MS_BILLING_YEARLY ? 1 : 0);
      self->updating = FALSE;
      update_preview (self);

      if (json_object_get_boolean_member_with_default (d, "cancel_at_period_end", FALSE))
        {
          g_autofree char *end = dup_date (s->status == MS_SUBSCRIPTION_TRIALING ? s->trial_end
                                                                                 : s->period_end);
          g_autofree char *note = g_strdup_printf (_("Ends on %s; the team’s data stays, read "
                                                     "only where a feature ends."), end);

          adw_action_row_set_subtitle (self->cancel_row, note);
          gtk_button_set_label (self->cancel_button, _("_Keep Subscription"));
        }
      else
        {
          adw_action_row_set_subtitle (self->cancel_row,
                                       _("At the end of the period (or of the trial); nothing "
                                         "is deleted."));
          gtk_button_set_label (self->cancel_button, _("Ca_ncel…"));
        }
      gtk_button_set_use_underline (self->cancel_button, TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->cancel_row),
                              s->status != MS_SUBSCRIPTION_CANCELED);
    }
}

static void
set_description (MsPlanPage *self,
                 JsonObject *description)
{
  g_clear_pointer (&self->description, json_object_unref);
  ms_subscription_state_clear (&self->state);
  if (description != NULL)
    {
      self->description = json_object_ref (description);
      if (json_object_has_member (description, "subscription") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (description, "subscription")))
        ms_subscription_state_from_json (json_object_get_object_member (description,
                                                                        "subscription"),
                                         &self->state, NULL);
    }
  refresh_team (self);
}

static void
set_loading (MsPlanPage *self,
             gboolean    loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
on_subscription_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(MsPlanPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) description = NULL;

  description = ms_sync_client_get_subscription_finish (MS_SYNC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (description == NULL)
    gtk_label_set_label (self->note_label, error->message);
  set_description (self, description);
  set_loading (self, FALSE);
}

/* The active team's subscription, from the server. */
static void
fetch (MsPlanPage *self)
{
  g_autofree char *active = NULL;

  /* A change's answer is the subscription as it is then. */
  if (self->changing)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->team);
  if (self->teams != NULL && (active = ms_team_repository_dup_active_id (self->teams)) != NULL)
    {
      GListModel *model = ms_team_repository_get_model (self->teams);

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(MsTeam) team = g_list_model_get_item (model, i);

          if (g_str_equal (ms_team_get_id (team), active))
            self->team = g_steal_pointer (&team);
        }
    }

  if (self->team == NULL || self->client == NULL || !ms_sync_client_get_signed_in (self->client))
    {
      gtk_label_set_label (self->note_label,
                           self->client == NULL || !ms_sync_client_get_signed_in (self->client)
                           ? _("Sign in to see your team’s subscription and change its plan. "
                               "Creating a team starts its 14-day trial.")
                           : _("Create a team on the Team page to start its 14-day trial; a "
                               "team plan gives every member its features."));
      set_description (self, NULL);
      set_loading (self, FALSE);
      return;
    }
  gtk_label_set_label (self->note_label, "");
  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  ms_sync_client_get_subscription_async (self->client, ms_team_get_id (self->team),
                                         self->cancellable, on_subscription_cb,
                                         g_object_ref (self));
}

/* ------------------------------------------------------------------------ */
/* Changing it                                                               */

static void
on_changed_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(MsPlanPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = NULL;
  if (g_task_get_source_tag (G_TASK (result)) == ms_sync_client_change_subscription_async)
    answer = ms_sync_client_change_subscription_finish (MS_SYNC_CLIENT (source), result, &error);
  else
    answer = ms_sync_client_cancel_subscription_finish (MS_SYNC_CLIENT (source), result, &error);
  self->changing = FALSE;
  set_loading (self, FALSE);
  if (answer == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, error->message);
      return;
    }
  self->charged = json_object_get_int_member_with_default (answer, "charged", 0);
  if (json_object_has_member (answer, "invoice") && !json_object_get_null_member (answer, "invoice"))
    {
      g_autofree char *text = g_strdup_printf (_("Plan changed; invoice %s issued"),
                                               json_object_get_string_member (answer, "invoice"));

      show_toast (self, text);
    }
  else
    show_toast (self, _("Subscription updated"));
  set_description (self, answer);
  /* The plan in force comes with the next round. */
  ms_sync_client_sync_async (self->client, NULL, NULL, NULL);
}

static void
on_change_clicked_cb (MsPlanPage *self)
{
  const char *plan = chosen_plan (self);

  if (self->team == NULL || plan == NULL)
    return;
  /* The change's answer is the subscription: a refresh in flight is moot. */
  g_cancellable_cancel (self->cancellable);
  self->charged = -1;
  self->changing = TRUE;
  set_loading (self, TRUE);
  ms_sync_client_change_subscription_async (self->client, ms_team_get_id (self->team), plan,
                                            ms_billing_cycle_to_string (chosen_cycle (self)),
                                            NULL, self->change_cancellable, on_changed_cb,
                                            g_object_ref (self));
}

static void
on_cancel_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       MsPlanPage       *self)
{
  if (!g_str_equal (response, "cancel-subscription") || self->team == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  self->changing = TRUE;
  set_loading (self, TRUE);
  ms_sync_client_cancel_subscription_async (self->client, ms_team_get_id (self->team), TRUE,
                                            self->change_cancellable, on_changed_cb,
                                            g_object_ref (self));
}

static void
on_cancel_clicked_cb (MsPlanPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (self->team == NULL || self->changing)
    return;
  if (json_object_get_boolean_member_with_default (self->description, "cancel_at_period_end",
                                                   FALSE))
    {
      g_cancellable_cancel (self->cancellable);
      self->changing = TRUE;
      set_loading (self, TRUE);
      ms_sync_client_cancel_subscription_async (self->client, ms_team_get_id (self->team), FALSE,
                                                self->change_cancellable, on_changed_cb,
                                                g_object_ref (self));
      return;
    }
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Cancel the Subscription?"),
                                   _("The team keeps its plan until the end of the period, then "
                                     "falls to Free. Nothing is deleted, and you can subscribe "
                                     "again at any time."));
  gtk_widget_set_name (dialog, "cancel-subscription-dialog");
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "keep", _("_Keep"),
                                    "cancel-subscription", _("_Cancel Subscription"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "cancel-subscription",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_cancel_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The company the next invoices are addressed to; issued ones keep theirs. */
static void
on_company_apply_cb (MsPlanPage *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->company_row))));

  if (self->team == NULL || self->changing)
    return;
  g_cancellable_cancel (self->cancellable);
  self->changing = TRUE;
  set_loading (self, TRUE);
  ms_sync_client_change_subscription_async (self->client, ms_team_get_id (self->team), NULL, NULL,
                                            name, self->change_cancellable, on_changed_cb,
                                            g_object_ref (self));
}

static void
on_choice_changed_cb (MsPlanPage *self)
{
  update_preview (self);
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                   */

static void
on_client_cb (MsPlanPage *self,
              GParamSpec *pspec,
              MsContext  *context)
{
  MsSyncClient *client = ms_context_get_sync_client (context);

  if (self->client == client)
    return;
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_set_object (&self->client, client);
  if (client != NULL)
    g_signal_connect_object (client, "notify::signed-in", G_CALLBACK (fetch), self,
                             G_CONNECT_SWAPPED);
  fetch (self);
}

static void
ms_plan_page_constructed (GObject *object)
{
  MsPlanPage *self = MS_PLAN_PAGE (object);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  G_OBJECT_CLASS (ms_plan_page_parent_class)->constructed (object);

  self->team_plans = ms_entitlements_list_team_plans (NULL);
  for (guint i = 0; self->team_plans != NULL && self->team_plans[i] != NULL; i++)
    {
      g_autofree char *name = dup_plan_name (self->team_plans[i]);
      g_autofree char *monthly = ms_billing_format_yen (ms_billing_plan_price (self->team_plans[i],
                                                                                MS_BILLING_MONTHLY));
      /* Translators: a plan name, then its monthly price */
      g_autofree char *label = g_strdup_printf (_("%s — %s a month"), name, monthly);

      gtk_string_list_append (names, label);
    }
  self->updating = TRUE;
  adw_combo_row_set_model (self->plan_choice_row, G_LIST_MODEL (names));
  self->updating = FALSE;

  self->store = ms_context_get_store (self->context);
  if (self->store != NULL)
    {
      g_object_ref (self->store);
      self->teams = ms_team_repository_new (self->store);
      g_signal_connect_object (self->store, "notify::entitlements",
                               G_CALLBACK (refresh_personal), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (ms_team_repository_get_model (self->teams), "items-changed",
                               G_CALLBACK (fetch), self, G_CONNECT_SWAPPED);
    }
  refresh_personal (self);
  g_signal_connect_object (self->context, "notify::sync-client", G_CALLBACK (on_client_cb), self,
                           G_CONNECT_SWAPPED);
  on_client_cb (self, NULL, self->context);
}

static void
ms_plan_page_dispose (GObject *object)
{
  MsPlanPage *self = MS_PLAN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->change_cancellable);
  g_clear_object (&self->change_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_PLAN_PAGE);
  g_clear_object (&self->team);
  g_clear_object (&self->teams);
  g_clear_object (&self->client);
  g_clear_object (&self->store);
  g_clear_object (&self->context);
  g_clear_pointer (&self->description, json_object_unref);

  G_OBJECT_CLASS (ms_plan_page_parent_class)->dispose (object);
}

static void
ms_plan_page_finalize (GObject *object)
{
  MsPlanPage *self = MS_PLAN_PAGE (object);

  ms_subscription_state_clear (&self->state);
  g_strfreev (self->team_plans);
  g_ptr_array_unref (self->feature_rows);

  G_OBJECT_CLASS (ms_plan_page_parent_class)->finalize (object);
}

static void
ms_plan_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MsPlanPage *self = MS_PLAN_PAGE (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_plan_page_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  MsPlanPage *self = MS_PLAN_PAGE (object);

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
ms_plan_page_class_init (MsPlanPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ms_plan_page_constructed;
  object_class->dispose = ms_plan_page_dispose;
  object_class->finalize = ms_plan_page_finalize;
  object_class->get_property = ms_plan_page_get_property;
  object_class->set_property = ms_plan_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MS_TYPE_CONTEXT,
                         (G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  /**
   * MsPlanPage:loading:
   *
   * Whether it waits for the server.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ms-plan-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MsPlanPage, plan_row);
  gtk_widget_class_bind_template_child (widget_class, MsPlanPage, features_row);
  gtk_widget_class_bind_template_child (widget_class, MsPlanPage, team_group);
  gtk_widget_class_bind_template_child (widget_class, MsPlanPage, team_name_row);
  gtk_widget_class_bind_template_child (widget_class, MsPlanPage, company_row);
  gtk_widget_class_bind_template_child (widget_class, MsPlanPage, status_row);
  gtk_widget_class_bind_template_child (widget_class, MsPlanPage, seats_row);
  gtk_widget_class_bind_template_child (widget_class, MsPlanPage, next_billing_row);
  gtk_widget_class_bind_template_child (widget_class, MsPlanPage, payment_row);
  gtk_widget_class_bind_template_child (widget_class, MsPlanPage, change_group);
  gtk_widget_class_bind_template_child (widget_class, MsPlanPage, plan_choice_row);
  gtk_widget_class_bind_template_child (widget_class, MsPlanPage, cycle_choice_row);
  gtk_widget_class_bind_template_child (widget_class, MsPlanPage, preview_row);
  gtk_widget_class_bind_template_child (widget_class, MsPlanPage, change_button);
  gtk_widget_class_bind_template_child (widget_class, MsPlanPage, cancel_row);
  gtk_widget_class_bind_template_child (widget_class, MsPlanPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, MsPlanPage, note_label);
  gtk_widget_class_bind_template_callback (widget_class, on_choice_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_change_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_company_apply_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "planpage");
}

static void
ms_plan_page_init (MsPlanPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->feature_rows = g_ptr_array_new ();
  self->change_cancellable = g_cancellable_new ();
  self->preview = -1;
  self->charged = -1;
}

/**
 * ms_plan_page_refresh:
 *
 * Asks the server for the active team's subscription again.
 */
void
ms_plan_page_refresh (MsPlanPage *self)
{
  g_return_if_fail (MS_IS_PLAN_PAGE (self));
  fetch (self);
}

/**
 * ms_plan_page_choose:
 *
 * Chooses @plan and @cycle as the owner would in the change rows.
 */
void
ms_plan_page_choose (MsPlanPage     *self,
                     const char     *plan,
                     MsBillingCycle  cycle)
{
  g_return_if_fail (MS_IS_PLAN_PAGE (self));

  for (guint i = 0; self->team_plans != NULL && self->team_plans[i] != NULL; i++)
    if (g_str_equal (self->team_plans[i], plan))
      adw_combo_row_set_selected (self->plan_choice_row, i);
  adw_combo_row_set_selected (self->cycle_choice_row, cycle == MS_BILLING_YEARLY ? 1 : 0);
  update_preview (self);
}

/**
 * ms_plan_page_get_preview:
 *
 * Returns: what the chosen change would charge today, in yen before tax,
 *   or -1 when there is nothing to price
 */
gint64
ms_plan_page_get_preview (MsPlanPage *self)
{
  g_return_val_if_fail (MS_IS_PLAN_PAGE (self), -1);
  return self->preview;
}

/**
 * ms_plan_page_get_charged:
 *
 * Returns: what the last plan change made on this page charged, in yen
 *   before tax (the server's answer), or -1 before one is answered
 */
gint64
ms_plan_page_get_charged (MsPlanPage *self)
{
  g_return_val_if_fail (MS_IS_PLAN_PAGE (self), -1);
  return self->charged;
}

/**
 * ms_plan_page_get_description:
 *
 * Returns: (transfer none) (nullable): the subscription as the server told it
 */
JsonObject *
ms_plan_page_get_description (MsPlanPage *self)
{
  g_return_val_if_fail (MS_IS_PLAN_PAGE (self), NULL);
  return self->description;
}
