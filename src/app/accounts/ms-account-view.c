/* ms-account-view.c — one customer account's page for staff
 *
 * What the account's page route says (GET /v1/staff/accounts/{id}, kept by
 * MsStaffRepository so it opens offline): the health score with each
 * input's points, weight and raw value (a missing input is marked, and its
 * weight shared out by the server, never counted as zero), drawn as bars;
 * the churn score with the model's own measured accuracy and the top three
 * factors with their recommended actions; and a timeline of what the
 * account did that staff may see (NPS answers, support requests,
 * payments, tasks) and the CSM's own calls, meetings, e-mails and notes
 * (MsTouchpointRepository: logged here with "Log…", offline, synced to the
 * CSM's other devices), filtered by kind. Never a message text: the route
 * does not carry any.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-accounts"

#include "config.h"

#include <glib/gi18n.h>

#include "csm/ms-csm-account.h"
#include "ms-json-guard.h"
#include "store/ms-staff-repository.h"
#include "store/ms-touchpoint-repository.h"
#include "ms-touchpoint-form.h"
#include "ms-accounts-format.h"
#include "ms-account-view.h"
#include "ms-bar-chart.h"

/* The newest events the timeline shows */
#define TIMELINE_ROWS 60

struct _MsAccountView
{
  GtkWidget          parent_instance;

  MsContext         *context;
  MsStaffRepository *repository;
  MsTouchpointRepository *touchpoints;
  GCancellable      *cancellable;
  char              *account;
  JsonObject        *detail;
  gboolean           fetching;
  gboolean           offline;

  /* Template widgets */
  GtkBox            *box;
  GtkButton         *back_button;
  GtkLabel          *name_label;
  GtkLabel          *about_label;
  GtkLabel          *fetched_label;
  GtkStack          *stack;
  AdwPreferencesGroup *health_group;
  MsBarChart        *health_chart;
  GtkListBox        *health_list;
  AdwPreferencesGroup *churn_group;
  GtkListBox        *churn_list;
  AdwPreferencesGroup *timeline_group;
  GtkMenuButton     *log_button;
  GtkPopover        *log_popover;
  MsTouchpointForm  *touchpoint_form;
  GtkDropDown       *timeline_filter;
  GtkListBox        *timeline_list;
};

G_DEFINE_FINAL_TYPE (MsAccountView, ms_account_view, GTK_TYPE_WIDGET)

enum {
  BACK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The timeline filter's kinds after "everything", in its order */
static const char * const kinds[] = { "nps", "support", "payment", "task", "contact", "note" };

/* ------------------------------------------------------------------------ */
/* Health                                                                    */

static const char *
input_label (const char *id)
{
  if (g_strcmp0 (id, "usage") == 0)
    return _("Usage frequency");
  if (g_strcmp0 (id, "engagement") == 0)
    return _("Engagement (DAU/MAU)");
  if (g_strcmp0 (id, "support") == 0)
    return _("Support satisfaction");
  if (g_strcmp0 (id, "payment") == 0)
    return _("Payment");
  if (g_strcmp0 (id, "nps") == 0)
    return _("NPS");
  return id;
}

/* The input's raw value in words */
static char *
describe_value (const char *id,
                double      value)
{
  if (g_strcmp0 (id, "usage") == 0)
    /* Translators: weekly scorings against the plan's expected use */
    return g_strdup_printf (_("%.0f %% of the expected weekly use"), value * 100);
  if (g_strcmp0 (id, "engagement") == 0)
    /* Translators: daily over monthly active people */
    return g_strdup_printf (_("DAU/MAU %.0f %%"), value * 100);
  if (g_strcmp0 (id, "support") == 0)
    /* Translators: mean support rating, 1–5 */
    return g_strdup_printf (_("Mean rating %.1f of 5"), value);
  if (g_strcmp0 (id, "payment") == 0)
    return value <= 0 ? g_strdup (_("Nothing overdue"))
                      : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%.0f day overdue",
                                                      "%.0f days overdue", (gulong) value),
                                         value);
  if (g_strcmp0 (id, "nps") == 0)
    /* Translators: the latest NPS answer, 0–10 */
    return g_strdup_printf (_("Latest answer %.0f of 10"), value);
  return g_strdup_printf ("%g", value);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
add_row (GtkListBox *list,
         const char *title,
         const char *subtitle,
         const char *suffix)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (suffix != NULL)
    {
      GtkWidget *label = gtk_label_new (suffix);

      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  gtk_list_box_append (list, row);
  return row;
}

static void
fill_health (MsAccountView *self)
{
  JsonObject *health = ms_json_object_get_object (self->detail, "health");
  JsonArray *inputs = health != NULL ? ms_json_object_get_array (health, "inputs") : NULL;
  guint n = inputs != NULL ? MIN (json_array_get_length (inputs), 16) : 0;
  g_autofree MsBar *bars = g_new0 (MsBar, MAX (n, 1));
  g_autofree char *title = NULL;
  gint64 score = health != NULL ? ms_json_object_get_int (health, "score", -1) : -1;
  const char *band = health != NULL ? ms_json_object_get_string (health, "band", "none") : "none";

  clear_list (self->health_list);
  if (score >= 0)
    /* Translators: the health score and its band, "Health 72 · Healthy" */
    title = g_strdup_printf (_("Health %d · %s"), (int) score, ms_accounts_band_label (band));
  else
    title = g_strdup (_("Health: no score yet"));
  adw_preferences_group_set_title (self->health_group, title);
  if (health != NULL)
    {
      /* Translators: the points of the inputs with data, of 100 */
      g_autofree char *description =
        g_strdup_printf (_("Inputs with data weigh %d of 100 points; a missing input’s weight is "
                           "shared out among the others, never counted as zero."),
                         (int) ms_json_object_get_int (health, "weight_present", 0));

      adw_preferences_group_set_description (self->health_group, description);
    }
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (inputs, i);
      JsonObject *input = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *id = input != NULL ? ms_json_object_get_string (input, "id", "") : "";
      gboolean present = input != NULL && ms_json_object_get_boolean (input, "present", FALSE);
      gint64 weight = input != NULL ? ms_json_object_get_int (input, "weight", 0) : 0;
      gint64 points = input != NULL ? ms_json_object_get_int (input, "points", 0) : 0;
      JsonNode *value = input != NULL && json_object_has_member (input, "value")
                          ? json_object_get_member (input, "value") : NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *suffix = NULL;

      bars[i] = (MsBar) { input_label (id), (double) points, (double) weight, !present };
      if (present && value != NULL && JSON_NODE_HOLDS_VALUE (value))
        {
          g_autofree char *raw = describe_value (id, json_node_get_double (value));

          /* Translators: an input's points of its weight, then its raw value */
          subtitle = g_strdup_printf (_("%d of %d points · %s"), (int) points, (int) weight, raw);
          suffix = g_strdup_printf ("%d / %d", (int) points, (int) weight);
        }
      else
        {
          /* Translators: an input without data; %d is its weight */
          subtitle = g_strdup_printf (_("Missing: no data yet; its %d points are shared out"),
                                      (int) weight);
          suffix = g_strdup (_("Missing"));
        }
      add_row (self->health_list, input_label (id), subtitle, suffix);
    }
  ms_bar_chart_set_bars (self->health_chart, bars, n, _("Missing"));
}

/* ------------------------------------------------------------------------ */
/* Churn                                                                     */

static void
describe_model (MsAccountView *self,
                JsonObject    *churn)
{
  JsonObject *validation = churn != NULL ? ms_json_object_get_object (churn, "validation") : NULL;
  const char *trained = churn != NULL ? ms_json_object_get_string (churn, "model_trained_at", NULL)
                                      : NULL;
  g_autofree char *text = NULL;

  if (validation == NULL || trained == NULL)
    {
      adw_preferences_group_set_description (self->churn_group,
                                             churn != NULL
                                               ? ms_json_object_get_string (churn, "why", NULL)
                                               : NULL);
      return;
    }
  {
    JsonNode *auc = json_object_get_member (validation, "auc");
    JsonNode *precision = json_object_get_member (validation, "precision");
    JsonNode *recall = json_object_get_member (validation, "recall");

    /* Translators: the churn model's card: when it was trained, on how many
     * rows, and how it did on accounts it had not seen */
    text = g_strdup_printf (_("Model trained %.10s on %d rows. On held-out accounts: AUC %.2f; "
                              "at a score of 80 or more, precision %.2f and recall %.2f."),
                            trained, (int) ms_json_object_get_int (churn, "training_rows", 0),
                            auc != NULL && JSON_NODE_HOLDS_VALUE (auc) ? json_node_get_double (auc) : 0.0,
                            precision != NULL && JSON_NODE_HOLDS_VALUE (precision)
                              ? json_node_get_double (precision) : 0.0,
                            recall != NULL && JSON_NODE_HOLDS_VALUE (recall)
                              ? json_node_get_double (recall) : 0.0);
  }
  adw_preferences_group_set_description (self->churn_group, text);
}

static void
fill_churn (MsAccountView *self)
{
  JsonObject *churn = ms_json_object_get_object (self->detail, "churn");
  JsonArray *reasons = ms_json_object_get_array (self->detail, "reasons");
  gint64 score = ms_json_object_get_int (self->detail, "churn_score", -1);
  g_autofree char *title = NULL;
  guint n = reasons != NULL ? MIN (json_array_get_length (reasons), 3) : 0;

  clear_list (self->churn_list);
  if (score >= 0)
    /* Translators: the churn score, 0–100 */
    title = g_strdup_printf (_("Churn Score %d"), (int) score);
  else
    title = g_strdup (_("Churn Score: not scored"));
  adw_preferences_group_set_title (self->churn_group, title);
  describe_model (self, churn);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (reasons, i);
      JsonObject *reason = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonNode *points = reason != NULL ? json_object_get_member (reason, "points") : NULL;
      g_autofree char *action = NULL;
      g_autofree char *size = NULL;

      if (reason == NULL)
        continue;
      /* Translators: what to do about a churn factor */
      action = g_strdup_printf (_("Recommended: %s"),
                                ms_accounts_text (ms_json_object_get_object (reason, "action"),
                                                  ""));
      if (points != NULL && JSON_NODE_HOLDS_VALUE (points))
        size = g_strdup_printf ("%+.2f", json_node_get_double (points));
      add_row (self->churn_list,
               ms_accounts_text (ms_json_object_get_object (reason, "sentence"),
                                 ms_json_object_get_string (reason, "signal", "")),
               action, size);
    }
  if (n == 0)
    add_row (self->churn_list, _("No factors: the account has no churn score"), NULL, NULL);
}

/* ------------------------------------------------------------------------ */
/* Timeline                                                                  */

typedef struct
{
  gint64      at;      /* µs since the epoch */
  const char *kind;
  char       *title;
  char       *subtitle;
} Event;

static void
event_clear (Event *event)
{
  g_free (event->title);
  g_free (event->subtitle);
}

static gint64
day_time (JsonObject *o,
          const char *member)
{
  gint64 day = ms_json_object_get_int (o, member, G_MININT64);

  return day == G_MININT64 || day < 0 || day > 200000 ? 0 : ms_csm_day_start ((gint32) day);
}

static void
add_event (GArray     *events,
           gint64      at,
           const char *kind,
           char       *title,
           char       *subtitle)
{
  Event event = { at, kind, title, subtitle };

  g_array_append_val (events, event);
}

static JsonObject *
element (JsonArray *array,
         guint      i)
{
  JsonNode *node = json_array_get_element (array, i);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static void
collect_surveys (MsAccountView *self,
                 GArray        *events)
{
  JsonArray *nps = ms_json_object_get_array (self->detail, "nps");
  JsonArray *support = ms_json_object_get_array (self->detail, "support");

  for (guint i = 0; nps != NULL && i < json_array_get_length (nps); i++)
    {
      JsonObject *o = element (nps, i);
      gint64 score = o != NULL ? ms_json_object_get_int (o, "score", -1) : -1;
      const char *reason = o != NULL ? ms_json_object_get_string (o, "reason", "") : "";

      if (o == NULL)
        continue;
      add_event (events, ms_json_object_get_int (o, "answered_at", 0), "nps",
                 score >= 0 ? g_strdup_printf (_("NPS answer: %d"), (int) score)
                            : g_strdup (_("NPS question dismissed")),
                 *reason != '\0' ? g_strdup (reason) : NULL);
    }
  for (guint i = 0; support != NULL && i < json_array_get_length (support); i++)
    {
      JsonObject *o = element (support, i);
      gint64 rating;

      if (o == NULL)
        continue;
      rating = ms_json_object_get_int (o, "rating", 0);
      add_event (events, day_time (o, "day"), "support",
                 /* Translators: a support request's subject */
                 g_strdup_printf (_("Support request: %s"),
                                  ms_json_object_get_string (o, "subject", "")),
                 g_strcmp0 (ms_json_object_get_string (o, "status", ""), "closed") == 0
                   ? (rating > 0 ? g_strdup_printf (_("Closed, rated %d of 5"), (int) rating)
                                 : g_strdup (_("Closed")))
                   : g_strdup (_("Open")));
    }
}

static void
collect_payments (MsAccountView *self,
                  GArray        *events)
{
  JsonArray *payments = ms_json_object_get_array (self->detail, "payments");

  for (guint i = 0; payments != NULL && i < json_array_get_length (payments); i++)
    {
      JsonObject *o = element (payments, i);
      gint64 due, paid, failed;
      char *subtitle;

      if (o == NULL)
        continue;
      due = ms_json_object_get_int (o, "due_day", 0);
      paid = ms_json_object_get_int (o, "paid_day", -1);
      failed = ms_json_object_get_int (o, "failed", 0);
      if (paid < 0)
        subtitle = g_strdup (_("Not paid yet"));
      else if (paid > due)
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Paid %d day late",
                                                 "Paid %d days late", (gulong) (paid - due)),
                                    (int) (paid - due));
      else
        subtitle = g_strdup (_("Paid on time"));
      if (failed > 0)
        {
          char *with = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "%s, after %d failed charge",
                                                     "%s, after %d failed charges",
                                                     (gulong) failed), subtitle, (int) failed);

          g_free (subtitle);
          subtitle = with;
        }
      add_event (events, day_time (o, "due_day"), "payment", g_strdup (_("Payment due")),
                 subtitle);
    }
}

static void
collect_work (MsAccountView *self,
              GArray        *events)
{
  JsonArray *tasks = ms_json_object_get_array (self->detail, "tasks");

  for (guint i = 0; tasks != NULL && i < json_array_get_length (tasks); i++)
    {
      JsonObject *o = element (tasks, i);
      const char *title;
      const char *status;

      if (o == NULL)
        continue;
      title = ms_accounts_text (ms_json_object_get_object (o, "title"),
                                ms_json_object_get_string (o, "playbook", ""));
      status = ms_json_object_get_string (o, "status", "");
      add_event (events, ms_json_object_get_int (o, "created_at", 0), "task",
                 g_strdup_printf (_("Task opened: %s"), title), NULL);
      if (g_str_equal (status, "done") || g_str_equal (status, "not_needed"))
        add_event (events, ms_json_object_get_int (o, "closed_at", 0), "task",
                   g_strdup_printf (g_str_equal (status, "done") ? _("Task done: %s")
                                                                 : _("Task not needed: %s"),
                                    title),
                   g_strdup (ms_json_object_get_string (o, "reason", NULL)));
    }
}

static const char *
touchpoint_title (const char *kind)
{
  if (g_str_equal (kind, "call"))
    return _("Call");
  if (g_str_equal (kind, "meeting"))
    return _("Meeting");
  if (g_str_equal (kind, "email"))
    return _("E-mail");
  return _("Note");
}

/* The CSM's own log of the account, from this device's store */
static void
collect_touchpoints (MsAccountView *self,
                     GArray        *events)
{
  g_autoptr(GPtrArray) list = NULL;

  if (self->touchpoints == NULL)
    return;
  list = ms_touchpoint_repository_list (self->touchpoints, self->account);
  for (guint i = 0; i < list->len; i++)
    {
      MsTouchpoint *t = list->pdata[i];

      add_event (events, t->happened_at, g_str_equal (t->kind, "note") ? "note" : "contact",
                 g_strdup (touchpoint_title (t->kind)), g_strdup (t->text));
    }
}

static int
compare_events (gconstpointer a,
                gconstpointer b)
{
  const Event *x = a, *y = b;

  return x->at > y->at ? -1 : x->at < y->at ? 1 : 0;  /* newest first */
}

static void
fill_timeline (MsAccountView *self)
{
  g_autoptr(GArray) events = g_array_new (FALSE, TRUE, sizeof (Event));
  guint selected = gtk_drop_down_get_selected (self->timeline_filter);
  const char *only = selected > 0 && selected <= G_N_ELEMENTS (kinds) ? kinds[selected - 1] : NULL;
  guint shown = 0;

  g_array_set_clear_func (events, (GDestroyNotify) event_clear);
  clear_list (self->timeline_list);
  if (self->detail == NULL)
    return;
  collect_surveys (self, events);
  collect_payments (self, events);
  collect_work (self, events);
  collect_touchpoints (self, events);
  g_array_sort (events, compare_events);
  for (guint i = 0; i < events->len && shown < TIMELINE_ROWS; i++)
    {
      Event *e = &g_array_index (events, Event, i);
      g_autofree char *when = NULL;
      g_autofree char *subtitle = NULL;

      if (only != NULL && g_strcmp0 (e->kind, only) != 0)
        continue;
      when = ms_accounts_format_time (e->at);
      subtitle = e->subtitle != NULL ? g_strdup_printf ("%s · %s", when, e->subtitle)
                                     : g_strdup (when);
      add_row (self->timeline_list, e->title, subtitle, NULL);
      shown++;
    }
  if (shown == 0)
    add_row (self->timeline_list, _("Nothing to show"), NULL, NULL);
}

static void
fill_timeline_filter (MsAccountView *self)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  const char *labels[] = { N_("NPS answers"), N_("Support requests"), N_("Payments"),
                           N_("Tasks"), N_("Calls, meetings and e-mails"), N_("Notes") };

  G_STATIC_ASSERT (G_N_ELEMENTS (labels) == G_N_ELEMENTS (kinds));
  gtk_string_list_append (list, _("Everything"));
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    gtk_string_list_append (list, _(labels[i]));
  gtk_drop_down_set_model (self->timeline_filter, G_LIST_MODEL (list));
}

/* ------------------------------------------------------------------------ */
/* Showing and fetching                                                      */

static void
refresh (MsAccountView *self)
{
  g_autoptr(MsStaffAccount) item = NULL;
  gint64 fetched_at = 0;
  g_autofree char *when = NULL;
  g_autofree char *fetched = NULL;

  if (self->account == NULL || self->repository == NULL)
    return;
  g_clear_pointer (&self->detail, json_object_unref);
  self->detail = ms_staff_repository_dup_detail (self->repository, self->account, &fetched_at);
  item = ms_staff_repository_dup_account (self->repository, self->account);
  gtk_label_set_text (self->name_label, item != NULL ? ms_staff_account_get_name (item)
                                                     : self->account);
  if (item != NULL)
    {
      g_autofree char *about = NULL;
      g_autofree char *owner = ms_accounts_format_owner (ms_staff_account_get_owner (item),
                                                         ms_sync_client_get_user_id (ms_context_get_sync_client (self->context)));

      /* Translators: an account's plan, its people and its CSM */
      about = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %d person · %s",
                                            "%s · %d people · %s",
                                            (gulong) ms_staff_account_get_people (item)),
                               ms_accounts_plan_name (ms_staff_account_get_plan (item)),
                               ms_staff_account_get_people (item), owner);
      gtk_label_set_text (self->about_label, about);
    }
  if (self->detail == NULL)
    {
      gtk_label_set_text (self->fetched_label, "");
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }
  when = ms_accounts_format_time (fetched_at);
  fetched = self->offline ? g_strdup_printf (_("Offline: as fetched on %s"), when)
                          : g_strdup_printf (_("Fetched on %s"), when);
  gtk_label_set_text (self->fetched_label, fetched);
  fill_health (self);
  fill_churn (self);
  fill_timeline (self);
  gtk_stack_set_visible_child_name (self->stack, "detail");
}

static void
on_fetch_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(MsAccountView) self = user_data;
  g_autoptr(GError) error = NULL;

  ms_sync_client_fetch_staff_account_finish (MS_SYNC_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->fetching = FALSE;
  self->offline = g_error_matches (error, MS_SYNC_ERROR, MS_SYNC_ERROR_OFFLINE);
  if (error != NULL && !self->offline)
    ms_context_show_toast (self->context, GTK_WIDGET (self), adw_toast_new (error->message));
  refresh (self);
}

static void
fetch (MsAccountView *self)
{
  MsSyncClient *client = self->context != NULL ? ms_context_get_sync_client (self->context)
                                               : NULL;

  if (client == NULL || self->account == NULL || ms_sync_client_get_staff_role (client) == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->fetching = TRUE;
  ms_sync_client_fetch_staff_account_async (client, self->account, self->cancellable,
                                            on_fetch_done_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------------ */
/* Signal callbacks and GObject                                              */

static void
on_back_clicked_cb (MsAccountView *self)
{
  g_signal_emit (self, signals[BACK], 0);
}

static void
on_timeline_filter_cb (MsAccountView *self)
{
  fill_timeline (self);
}

static void
on_touchpoint_saved_cb (MsAccountView *self)
{
  gtk_popover_popdown (self->log_popover);
}

static void
ms_account_view_dispose (GObject *object)
{
  MsAccountView *self = MS_ACCOUNT_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_ACCOUNT_VIEW);
  g_clear_object (&self->repository);
  g_clear_object (&self->touchpoints);
  g_clear_object (&self->context);
  g_clear_pointer (&self->detail, json_object_unref);
  g_clear_pointer (&self->account, g_free);

  G_OBJECT_CLASS (ms_account_view_parent_class)->dispose (object);
}

static void
ms_account_view_class_init (MsAccountViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ms_account_view_dispose;

  /**
   * MsAccountView::back:
   *
   * The person wants the list again.
   */
  signals[BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (MS_TYPE_BAR_CHART);
  g_type_ensure (MS_TYPE_TOUCHPOINT_FORM);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ms-account-view.ui");
  gtk_widget_class_bind_template_child (widget_class, MsAccountView, box);
  gtk_widget_class_bind_template_child (widget_class, MsAccountView, back_button);
  gtk_widget_class_bind_template_child (widget_class, MsAccountView, name_label);
  gtk_widget_class_bind_template_child (widget_class, MsAccountView, about_label);
  gtk_widget_class_bind_template_child (widget_class, MsAccountView, fetched_label);
  gtk_widget_class_bind_template_child (widget_class, MsAccountView, stack);
  gtk_widget_class_bind_template_child (widget_class, MsAccountView, health_group);
  gtk_widget_class_bind_template_child (widget_class, MsAccountView, health_chart);
  gtk_widget_class_bind_template_child (widget_class, MsAccountView, health_list);
  gtk_widget_class_bind_template_child (widget_class, MsAccountView, churn_group);
  gtk_widget_class_bind_template_child (widget_class, MsAccountView, churn_list);
  gtk_widget_class_bind_template_child (widget_class, MsAccountView, timeline_group);
  gtk_widget_class_bind_template_child (widget_class, MsAccountView, log_button);
  gtk_widget_class_bind_template_child (widget_class, MsAccountView, log_popover);
  gtk_widget_class_bind_template_child (widget_class, MsAccountView, touchpoint_form);
  gtk_widget_class_bind_template_child (widget_class, MsAccountView, timeline_filter);
  gtk_widget_class_bind_template_child (widget_class, MsAccountView, timeline_list);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_timeline_filter_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_touchpoint_saved_cb);
}

static void
ms_account_view_init (MsAccountView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  fill_timeline_filter (self);
}

/* ------------------------------------------------------------------------ */
/* Public API                                                                */

/**
 * ms_account_view_set_context:
 *
 * The page's context: its store's staff cache and its sync client.
 */
void
ms_account_view_set_context (MsAccountView *self,
                             MsContext     *context)
{
  g_return_if_fail (MS_IS_ACCOUNT_VIEW (self));
  g_return_if_fail (MS_IS_CONTEXT (context));

  g_set_object (&self->context, context);
  g_clear_object (&self->repository);
  g_clear_object (&self->touchpoints);
  if (ms_context_get_store (context) != NULL)
    {
      self->repository = ms_staff_repository_new (ms_context_get_store (context));
      g_signal_connect_object (self->repository, "changed", G_CALLBACK (refresh), self,
                               G_CONNECT_SWAPPED);
      self->touchpoints = ms_touchpoint_repository_new (ms_context_get_store (context));
      g_signal_connect_object (self->touchpoints, "changed", G_CALLBACK (fill_timeline), self,
                               G_CONNECT_SWAPPED);
    }
}

/**
 * ms_account_view_show:
 * @account: a customer account's tenant
 *
 * Shows @account as last fetched, and fetches it again.
 */
void
ms_account_view_show (MsAccountView *self,
                      const char    *account)
{
  g_return_if_fail (MS_IS_ACCOUNT_VIEW (self));
  g_return_if_fail (account != NULL);

  g_free (self->account);
  self->account = g_strdup (account);
  self->offline = FALSE;
  ms_touchpoint_form_set_target (self->touchpoint_form, self->touchpoints, account);
  refresh (self);
  fetch (self);
}

const char *
ms_account_view_get_account (MsAccountView *self)
{
  g_return_val_if_fail (MS_IS_ACCOUNT_VIEW (self), NULL);
  return self->account;
}

/**
 * ms_account_view_get_detail:
 *
 * Returns: (transfer none) (nullable): the account's page as shown
 */
JsonObject *
ms_account_view_get_detail (MsAccountView *self)
{
  g_return_val_if_fail (MS_IS_ACCOUNT_VIEW (self), NULL);
  return self->detail;
}

gboolean
ms_account_view_get_fetching (MsAccountView *self)
{
  g_return_val_if_fail (MS_IS_ACCOUNT_VIEW (self), FALSE);
  return self->fetching;
}

/**
 * ms_account_view_set_timeline_filter:
 * @kind: (nullable): nps, support, payment, task, contact (calls, meetings
 *   and e-mails) or note; NULL for all
 */
void
ms_account_view_set_timeline_filter (MsAccountView *self,
                                     const char    *kind)
{
  guint selected = 0;

  g_return_if_fail (MS_IS_ACCOUNT_VIEW (self));

  for (guint i = 0; kind != NULL && i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i], kind))
      selected = i + 1;
  gtk_drop_down_set_selected (self->timeline_filter, selected);
}
