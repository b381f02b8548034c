/* ms-requests-page.c — the Requests section: shared scorings and fix requests
 *
 * The active team's fix requests (修正依頼) and the scorings its members
 * shared (MsReviewRepository). An owner sees every request and every
 * shared scoring, asks for a fix with a comment and closes a request; a
 * member sees the requests addressed to them and what they shared, and
 * answers a request with the fixed version they saved since (the newest
 * saved scoring of the same channel). Everything works offline and syncs
 * as the team's changes. A plan without fix_requests says which plan has
 * them instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-requests-page"

#include "config.h"

#include <glib/gi18n.h>

#include "store/ms-entitlements.h"
#include "store/ms-history-repository.h"
#include "store/ms-team-repository.h"
#include "ms-requests-page.h"

#define FEATURE "fix_requests"

struct _MsRequestsPage
{
  GtkWidget           parent_instance;

  MsContext          *context;
  MsStore            *store;
  MsTeamRepository   *teams;
  MsReviewRepository *review;   /* of the active team, or NULL */
  guint               refresh_id;

  /* Template widgets */
  GtkStack           *stack;
  AdwStatusPage      *locked_page;
  AdwPreferencesGroup *requests_group;
  GtkListBox         *requests_list;
  AdwPreferencesGroup *scorings_group;
  GtkListBox         *scorings_list;
};

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (MsRequestsPage, ms_requests_page, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------------ */
/* Rows                                                                      */

static const char *
describe_status (const char *status)
{
  if (g_strcmp0 (status, "open") == 0)
    return C_("fix request", "Open");
  if (g_strcmp0 (status, "fixed") == 0)
    return C_("fix request", "Fixed");
  if (g_strcmp0 (status, "closed") == 0)
    return C_("fix request", "Closed");
  return "";
}

static char *
format_date (gint64 usec)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  /* Translators: date and time of a fix request or a shared scoring, strftime format */
  return local != NULL ? g_date_time_format (local, _("%Y-%m-%d %H:%M")) : g_strdup ("");
}

static const char *
scoring_title (const MsSharedScoringInfo *info)
{
  if (info->subject != NULL && *info->subject != '\0')
    return info->subject;
  if (info->body != NULL && *info->body != '\0')
    return info->body;
  return _("(No subject)");
}

static GtkWidget *
new_status_label (const char *status)
{
  GtkWidget *label = gtk_label_new (describe_status (status));

  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, g_strcmp0 (status, "open") == 0 ? "warning"
                                   : g_strcmp0 (status, "fixed") == 0 ? "success" : "dim-label");
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  return label;
}

static GtkWidget *
new_action_button (const char *label,
                   const char *action,
                   const char *target,
                   gboolean    suggested)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  if (suggested)
    gtk_widget_add_css_class (button, "suggested-action");
  /* Target first, then the action: an action without its parameter warns. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  return button;
}

/* "山田 → 佐藤 · 2026-12-07 10:00 · 57 points → 78 points\n「comment」\n「answer」" */
static char *
describe_request (const MsFixRequestInfo *info)
{
  g_autofree char *date = format_date (info->created_at);
  g_autoptr(GString) text = g_string_new (NULL);

  /* Translators: who asked whom, when, and the score: "山田 → 佐藤 · 2026-12-07 10:00 · 57 points" */
  g_string_append_printf (text, _("%s → %s · %s · %u points"), info->requester_name,
                          info->member_name, date, info->scoring.total);
  if (info->has_fixed)
    {
      g_string_append_c (text, ' ');
      /* Translators: the score of the fixed version, after the first one's */
      g_string_append_printf (text, _("→ %u points"), info->fixed.total);
    }
  g_string_append_printf (text, "\n%s", info->comment);
  if (info->answer != NULL && *info->answer != '\0')
    {
      g_string_append_c (text, '\n');
      /* Translators: the member's answer to a fix request; %s is their comment */
      g_string_append_printf (text, _("Answer: %s"), info->answer);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GtkWidget *
new_request_row (MsRequestsPage *self,
                 MsFixRequest   *request)
{
  const MsFixRequestInfo *info = ms_fix_request_get_info (request);
  g_autofree char *subtitle = describe_request (info);
  const char *me = ms_review_repository_get_user_id (self->review);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), scoring_title (&info->scoring));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
  gtk_widget_set_name (row, info->id);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), new_status_label (info->status));
  if (g_strcmp0 (info->status, "open") == 0 && g_strcmp0 (info->member, me) == 0)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               new_action_button (_("_Answer…"), "requests.answer", info->id,
                                                  TRUE));
  if (g_strcmp0 (info->status, "closed") != 0 && ms_review_repository_get_is_owner (self->review))
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               new_action_button (_("_Close"), "requests.close", info->id,
                                                  FALSE));
  return row;
}

static GtkWidget *
new_scoring_row (MsRequestsPage  *self,
                 MsSharedScoring *scoring)
{
  const MsSharedScoringInfo *info = ms_shared_scoring_get_info (scoring);
  const char *status = ms_shared_scoring_get_request_status (scoring);
  g_autofree char *date = format_date (info->created_at);
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), scoring_title (info));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (info->previous_id != NULL)
    /* Translators: a shared scoring: "佐藤 · 2026-12-07 10:00 · 78 points · fixed version" */
    subtitle = g_strdup_printf (_("%s · %s · %u points · fixed version"), info->sharer_name,
                                date, info->total);
  else
    /* Translators: a shared scoring: "佐藤 · 2026-12-07 10:00 · 57 points" */
    subtitle = g_strdup_printf (_("%s · %s · %u points"), info->sharer_name, date, info->total);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_name (row, info->id);
  if (status != NULL)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), new_status_label (status));
  if (ms_review_repository_get_is_owner (self->review) && g_strcmp0 (status, "open") != 0)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               new_action_button (_("_Request Fix…"), "requests.request-fix",
                                                  info->id, FALSE));
  return row;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    {
      if (GTK_IS_LIST_BOX_ROW (child))
        gtk_list_box_remove (list, child);
      else
        break;
    }
}

static void
fill_lists (MsRequestsPage *self)
{
  GListModel *requests = ms_review_repository_get_requests (self->review);
  GListModel *scorings = ms_review_repository_get_scorings (self->review);
  gboolean owner = ms_review_repository_get_is_owner (self->review);

  clear_list (self->requests_list);
  clear_list (self->scorings_list);
  for (guint i = 0; i < g_list_model_get_n_items (requests); i++)
    {
      g_autoptr(MsFixRequest) request = g_list_model_get_item (requests, i);

      gtk_list_box_append (self->requests_list, new_request_row (self, request));
    }
  for (guint i = 0; i < g_list_model_get_n_items (scorings); i++)
    {
      g_autoptr(MsSharedScoring) scoring = g_list_model_get_item (scorings, i);

      gtk_list_box_append (self->scorings_list, new_scoring_row (self, scoring));
    }
  adw_preferences_group_set_description (self->requests_group,
                                         owner ? _("What you asked the team’s members to fix")
                                               : _("What the team’s owners asked you to fix"));
  adw_preferences_group_set_description (self->scorings_group,
                                         owner ? _("Scorings the members shared with the team")
                                               : _("Scorings you shared with the team"));
}

/* ------------------------------------------------------------------------ */

/* The first team plan that has @feature (data/plans.json). */
static char *
dup_plan_with (const char *feature)
{
  g_auto(GStrv) ids = ms_entitlements_list_team_plans (NULL);

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      g_autoptr(MsEntitlements) plan = ms_entitlements_new_for_plan (ids[i], NULL);

      if (plan != NULL && ms_entitlements_has_feature (plan, feature))
        return g_strdup (ms_entitlements_get_plan_name (plan));
    }
  return NULL;
}

static void on_review_changed_cb (MsRequestsPage *self);

static void
refresh (MsRequestsPage *self)
{
  g_autofree char *active = NULL;
  g_autoptr(MsTeam) team = NULL;
  g_autoptr(MsEntitlements) plan = NULL;

  if (self->teams != NULL && (active = ms_team_repository_dup_active_id (self->teams)) != NULL)
    team = ms_team_repository_dup_team (self->teams, active);
  if (team == NULL)
    {
      if (self->review != NULL)
        g_signal_handlers_disconnect_by_data (self->review, self);
      g_clear_object (&self->review);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  if (self->review == NULL ||
      g_strcmp0 (ms_review_repository_get_tenant (self->review), active) != 0)
    {
      if (self->review != NULL)
        g_signal_handlers_disconnect_by_data (self->review, self);
      g_set_object (&self->review, NULL);
      self->review = ms_review_repository_new (self->store, active);
      g_signal_connect_object (self->review, "changed", G_CALLBACK (on_review_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }

  plan = ms_team_get_plan (team) != NULL
         ? ms_entitlements_new_for_plan (ms_team_get_plan (team), NULL) : NULL;
  if (plan != NULL && !ms_entitlements_has_feature (plan, FEATURE))
    {
      g_autofree char *needed = dup_plan_with (FEATURE);
      g_autofree char *text = NULL;

      /* Translators: the first %s is the team's plan, the second the plan that has fix requests */
      text = g_strdup_printf (_("The team’s plan, %s, does not include fix requests. %s and above "
                                "include them: members share saved scorings, owners ask for "
                                "fixes, members answer with the fixed version. An owner can "
                                "upgrade the plan."),
                              ms_entitlements_get_plan_name (plan), needed != NULL ? needed : "");
      adw_status_page_set_description (self->locked_page, text);
      gtk_stack_set_visible_child_name (self->stack, "locked");
      return;
    }
  fill_lists (self);
  gtk_stack_set_visible_child_name (self->stack, "list");
}

static gboolean
refresh_idle_cb (gpointer data)
{
  MsRequestsPage *self = data;

  self->refresh_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

/* Rows are rebuilt once the change is over: a row's own button may have made it. */
static void
on_review_changed_cb (MsRequestsPage *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle_cb, self);
}

static void
show_error (MsRequestsPage *self,
            const GError   *error)
{
  ms_context_show_toast (self->context, GTK_WIDGET (self), adw_toast_new (error->message));
}

/* ------------------------------------------------------------------------ */
/* Dialogs                                                                   */

static GtkWidget *
new_comment_entry (const char *placeholder)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_max_length (GTK_ENTRY (entry), 2000);
  return entry;
}

static AdwMessageDialog *
new_dialog (MsRequestsPage *self,
            const char     *heading,
            const char     *body,
            const char     *action_label)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              heading, body);

  gtk_widget_set_name (dialog, "requests-dialog");
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "send", action_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "send",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "send");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  return ADW_MESSAGE_DIALOG (dialog);
}

static void
on_comment_changed_cb (GtkEditable      *entry,
                       AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "send", *text != '\0');
}

static void
on_request_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        MsRequestsPage   *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  const char *scoring_id = g_object_get_data (G_OBJECT (dialog), "scoring-id");
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (!g_str_equal (response, "send") || self->review == NULL)
    return;
  id = ms_review_repository_request_fix (self->review, scoring_id,
                                         gtk_editable_get_text (entry), &error);
  if (id == NULL)
    show_error (self, error);
  else
    ms_context_show_toast (self->context, GTK_WIDGET (self),
                           adw_toast_new (_("Fix request sent")));
}

static void
request_fix_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MsRequestsPage *self = MS_REQUESTS_PAGE (widget);
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  dialog = new_dialog (self, _("Ask for a Fix"),
                       _("The member who shared this scoring sees your comment in Requests "
                         "and on the scoring in History."), _("_Send"));
  entry = new_comment_entry (_("What to fix, for example: put the offer in the subject"));
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_set_response_enabled (dialog, "send", FALSE);
  g_signal_connect_object (entry, "changed", G_CALLBACK (on_comment_changed_cb), dialog, 0);
  g_object_set_data_full (G_OBJECT (dialog), "scoring-id",
                          g_variant_dup_string (parameter, NULL), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_request_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
on_answer_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       MsRequestsPage   *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  const char *request_id = g_object_get_data (G_OBJECT (dialog), "request-id");
  const char *history_id = g_object_get_data (G_OBJECT (dialog), "history-id");
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "send") || self->review == NULL)
    return;
  if (!ms_review_repository_answer (self->review, request_id, history_id,
                                    gtk_editable_get_text (entry), &error))
    show_error (self, error);
  else
    ms_context_show_toast (self->context, GTK_WIDGET (self),
                           adw_toast_new (_("Fixed version sent")));
}

static void
answer_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MsRequestsPage *self = MS_REQUESTS_PAGE (widget);
  const char *request_id = g_variant_get_string (parameter, NULL);
  g_autofree char *candidate = NULL;
  g_autoptr(MsHistoryRepository) history = NULL;
  g_autoptr(MsHistoryItem) item = NULL;
  g_autoptr(GDateTime) saved = NULL;
  g_autofree char *date = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (self->review == NULL)
    return;
  candidate = ms_review_repository_dup_fix_candidate (self->review, request_id);
  history = ms_history_repository_new (self->store);
  if (candidate != NULL)
    item = ms_history_repository_get_item (history, candidate, NULL);
  if (item == NULL)
    {
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
        GTK_WINDOW (gtk_widget_get_root (widget)), _("Save the Fixed Version First"),
        _("Open the scoring from History, fix it and save it (Ctrl+S). Then answer the request "
          "here: the newest scoring you saved since the request is sent as the fixed version.")));
      gtk_widget_set_name (GTK_WIDGET (dialog), "requests-dialog");
      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  saved = ms_history_item_dup_created_at_datetime (item);
  /* Translators: strftime format of when a scoring was saved */
  date = g_date_time_format (saved, _("%Y-%m-%d %H:%M"));
  /* Translators: the fixed version to send: its subject, its score and when it was saved */
  body = g_strdup_printf (_("“%s” (%u points), saved on %s, is sent as the fixed version and "
                            "shared with the team."),
                          *ms_history_item_get_subject (item) != '\0'
                          ? ms_history_item_get_subject (item)
                          : ms_history_item_get_excerpt (item),
                          ms_history_item_get_total (item), date);
  dialog = new_dialog (self, _("Send the Fixed Version?"), body, _("_Send"));
  adw_message_dialog_set_extra_child (dialog, new_comment_entry (_("A note for the owner "
                                                                   "(optional)")));
  g_object_set_data_full (G_OBJECT (dialog), "request-id", g_strdup (request_id), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "history-id", g_steal_pointer (&candidate), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_answer_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  MsRequestsPage *self = MS_REQUESTS_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->review != NULL &&
      !ms_review_repository_close (self->review, g_variant_get_string (parameter, NULL), &error))
    show_error (self, error);
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                   */

static void
set_store (MsRequestsPage *self,
           MsStore        *store)
{
  g_set_object (&self->store, store);
  if (store == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  self->teams = ms_team_repository_new (store);
  g_signal_connect_object (ms_team_repository_get_model (self->teams), "items-changed",
                           G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->teams, "notify::active-id", G_CALLBACK (refresh), self,
                           G_CONNECT_SWAPPED);
  refresh (self);
}

static void
ms_requests_page_constructed (GObject *object)
{
  MsRequestsPage *self = MS_REQUESTS_PAGE (object);

  G_OBJECT_CLASS (ms_requests_page_parent_class)->constructed (object);

  g_return_if_fail (MS_IS_CONTEXT (self->context));
  set_store (self, ms_context_get_store (self->context));
}

static void
ms_requests_page_dispose (GObject *object)
{
  MsRequestsPage *self = MS_REQUESTS_PAGE (object);

  if (self->review != NULL)
    g_signal_handlers_disconnect_by_data (self->review, self);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_REQUESTS_PAGE);
  g_clear_object (&self->review);
  g_clear_object (&self->teams);
  g_clear_object (&self->store);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (ms_requests_page_parent_class)->dispose (object);
}

static void
ms_requests_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  MsRequestsPage *self = MS_REQUESTS_PAGE (object);

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
ms_requests_page_class_init (MsRequestsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ms_requests_page_constructed;
  object_class->dispose = ms_requests_page_dispose;
  object_class->set_property = ms_requests_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MS_TYPE_CONTEXT,
                         (G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ms-requests-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MsRequestsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, MsRequestsPage, locked_page);
  gtk_widget_class_bind_template_child (widget_class, MsRequestsPage, requests_group);
  gtk_widget_class_bind_template_child (widget_class, MsRequestsPage, requests_list);
  gtk_widget_class_bind_template_child (widget_class, MsRequestsPage, scorings_group);
  gtk_widget_class_bind_template_child (widget_class, MsRequestsPage, scorings_list);

  gtk_widget_class_install_action (widget_class, "requests.request-fix", "s", request_fix_action);
  gtk_widget_class_install_action (widget_class, "requests.answer", "s", answer_action);
  gtk_widget_class_install_action (widget_class, "requests.close", "s", close_action);
}

static void
ms_requests_page_init (MsRequestsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ms_requests_page_get_review:
 *
 * Returns: (transfer none) (nullable): the active team's shared scorings
 *   and fix requests, as shown
 */
MsReviewRepository *
ms_requests_page_get_review (MsRequestsPage *self)
{
  g_return_val_if_fail (MS_IS_REQUESTS_PAGE (self), NULL);
  return self->review;
}
