/* ms-score-page.c — where a message is written and measured
 *
 * The page owns the draft: its entries write into it, and the count panel and
 * the field counters watch it. From the MsContext it takes the settings
 * (first channel, sender name), the store (where Ctrl+S saves, the NG words
 * the rules include) and what learning predicts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ms-count-panel.h"
#include "ms-finding-highlighter.h"
#include "ms-findings-list.h"
#include "ms-prediction-view.h"
#include "ms-limit-nudge.h"
#include "ms-preview-panel.h"
#include "ms-score-page.h"
#include "ms-score-summary.h"
#include "ms-segment-editor.h"
#include "store/ms-store-all.h"

struct _MsScorePage
{
  GtkWidget        parent_instance;

  MsContext       *context;
  MsDraft         *draft;
  MsHistoryRepository *history;   /* NULL without a store */
  guint            n_saving;      /* saves on their way to History */
  MsFindingHighlighter *highlighter;
  GCancellable    *rules_building;  /* the first rule set, compiling on a worker */
  gboolean         rules_started;   /* the window is on screen: rules follow the store */

  /* Template widgets */
  AdwLeaflet      *workspace;
  GtkWidget       *editor_pane;
  GtkWidget       *results_pane;
  MsScoreSummary  *score_summary;
  MsFindingsList  *findings_list;
  MsPredictionView *prediction_view;
  MsPreviewPanel  *preview_panel;
  GtkScrolledWindow *results_scroller;
  GtkToggleButton *email_button;
  GtkToggleButton *line_button;
  MsSegmentEditor *segment_editor;
  GtkWidget       *email_fields;
  AdwEntryRow     *subject_row;
  GtkLabel        *subject_count;
  AdwEntryRow     *preheader_row;
  GtkLabel        *preheader_count;
  GtkLabel        *body_label;
  GtkTextView     *body_view;
  MsCountPanel    *count_panel;
  GtkWidget       *bubble2_box;
  GtkTextView     *bubble2_view;
  MsCountPanel    *bubble2_panel;
  GtkWidget       *bubble3_box;
  GtkTextView     *bubble3_view;
  MsCountPanel    *bubble3_panel;
  GtkWidget       *add_bubble_button;
  GtkLabel        *bar_score_label;
};

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_CHANNEL,
  PROP_DRAFT,
  PROP_SAVING,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (MsScorePage, ms_score_page, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static void
show_toast (MsScorePage *self,
            AdwToast    *toast)
{
  ms_context_show_toast (self->context, GTK_WIDGET (self), toast);
}

static void
show_field_counts (GtkLabel           *label,
                   const MsTextCounts *counts)
{
  g_autofree char *characters = NULL;
  g_autofree char *text = NULL;

  characters = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u character", "%u characters",
                                             counts->characters),
                                counts->characters);
  /* Translators: “%s” is “N characters”; %u is the display width where a
   * full-width character counts 2 */
  text = g_strdup_printf (_("%s · width %u"), characters, counts->cells);
  gtk_label_set_label (label, text);
}

static void
on_draft_notify_cb (MsScorePage *self,
                    GParamSpec  *pspec,
                    MsDraft     *draft)
{
  gboolean is_email = ms_draft_get_channel (draft) == MS_CHANNEL_EMAIL;

  show_field_counts (self->subject_count,
                     ms_draft_get_counts (draft, MS_DRAFT_FIELD_SUBJECT));
  show_field_counts (self->preheader_count,
                     ms_draft_get_counts (draft, MS_DRAFT_FIELD_PREHEADER));

  gtk_widget_set_visible (self->email_fields, is_email);
  gtk_label_set_label (self->body_label, is_email ? _("Body") : _("Bubble 1"));
  gtk_widget_set_visible (self->bubble2_box, !is_email && ms_draft_get_n_bubbles (draft) >= 2);
  gtk_widget_set_visible (self->bubble3_box, !is_email && ms_draft_get_n_bubbles (draft) >= 3);
  gtk_widget_set_visible (self->add_bubble_button,
                          !is_email && ms_draft_get_n_bubbles (draft) < ms_draft_get_max_bubbles ());

  if (ms_draft_is_empty (draft))
    gtk_label_set_label (self->bar_score_label, "");
  else
    {
      g_autofree char *score = NULL;

      /* Translators: the total in the bar under the editor on narrow screens */
      score = g_strdup_printf (_("Score %u"), ms_score_result_get_total (ms_draft_get_result (draft)));
      gtk_label_set_label (self->bar_score_label, score);
      if (self->context != NULL)
        ms_context_mark_step (self->context, MS_ONBOARDING_SCORE);
    }

  if (pspec == NULL || g_str_equal (pspec->name, "channel"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANNEL]);
}

static void
on_subject_changed_cb (MsScorePage *self,
                       GtkEditable *editable)
{
  ms_draft_set_subject (self->draft, gtk_editable_get_text (editable));
}

static void
on_preheader_changed_cb (MsScorePage *self,
                         GtkEditable *editable)
{
  ms_draft_set_preheader (self->draft, gtk_editable_get_text (editable));
}

static GtkTextView *
view_for_field (MsScorePage  *self,
                MsDraftField  field)
{
  switch (field)
    {
    case MS_DRAFT_FIELD_BODY: return self->body_view;
    case MS_DRAFT_FIELD_BUBBLE2: return self->bubble2_view;
    case MS_DRAFT_FIELD_BUBBLE3: return self->bubble3_view;
    default: return NULL;
    }
}

static void
on_text_buffer_changed_cb (MsScorePage   *self,
                           GtkTextBuffer *buffer)
{
  MsDraftField field = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (buffer), "draft-field"));
  GtkTextIter start;
  GtkTextIter end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  ms_draft_set_field (self->draft, field, text);
}

static void
watch_text_view (MsScorePage  *self,
                 MsDraftField  field)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view_for_field (self, field));

  g_object_set_data (G_OBJECT (buffer), "draft-field", GUINT_TO_POINTER (field));
  g_signal_connect_object (buffer, "changed", G_CALLBACK (on_text_buffer_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
add_bubble_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  MsScorePage *self = MS_SCORE_PAGE (widget);
  guint n = ms_draft_get_n_bubbles (self->draft);

  if (n >= ms_draft_get_max_bubbles ())
    return;

  ms_draft_set_n_bubbles (self->draft, n + 1);
  gtk_widget_grab_focus (GTK_WIDGET (view_for_field (self, MS_DRAFT_FIELD_BODY + n)));
}

/* Removing bubble N moves the bubbles after it up by one. */
static void
remove_bubble_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  MsScorePage *self = MS_SCORE_PAGE (widget);
  guint bubble = g_variant_get_uint32 (parameter);
  guint n = ms_draft_get_n_bubbles (self->draft);

  if (bubble < 2 || bubble > n)
    return;

  for (guint i = bubble; i < n; i++)
    {
      GtkTextView *view = view_for_field (self, MS_DRAFT_FIELD_BODY + i - 1);
      GtkTextBuffer *to = gtk_text_view_get_buffer (view);
      const char *text = ms_draft_get_field (self->draft, MS_DRAFT_FIELD_BODY + i);

      gtk_text_buffer_set_text (to, text, -1);
    }
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view_for_field (self,
                                                                      MS_DRAFT_FIELD_BODY + n - 1)),
                            "", -1);
  ms_draft_set_n_bubbles (self->draft, n - 1);
}

static void
focus_body_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  MsScorePage *self = MS_SCORE_PAGE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->body_view));
}

static GtkEditable *
entry_for_field (MsScorePage  *self,
                 MsDraftField  field)
{
  switch (field)
    {
    case MS_DRAFT_FIELD_SUBJECT: return GTK_EDITABLE (self->subject_row);
    case MS_DRAFT_FIELD_PREHEADER: return GTK_EDITABLE (self->preheader_row);
    default: return NULL;
    }
}

/* Replaces [start, end) of @field (code points) the way typing would, so
 * the editor's own undo (Ctrl+Z) takes the change back. */
static void
replace_text (MsScorePage  *self,
              MsDraftField  field,
              guint         start,
              guint         end,
              const char   *text)
{
  GtkEditable *entry = entry_for_field (self, field);

  if (entry != NULL)
    {
      int position = start;

      gtk_editable_delete_text (entry, start, end);
      gtk_editable_insert_text (entry, text, -1, &position);
      gtk_editable_set_position (entry, position);
    }
  else
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (view_for_field (self, field));
      GtkTextIter from;
      GtkTextIter to;

      gtk_text_buffer_begin_user_action (buffer);
      gtk_text_buffer_get_iter_at_offset (buffer, &from, start);
      gtk_text_buffer_get_iter_at_offset (buffer, &to, end);
      gtk_text_buffer_delete (buffer, &from, &to);
      gtk_text_buffer_insert (buffer, &from, text, -1);
      gtk_text_buffer_place_cursor (buffer, &from);
      gtk_text_buffer_end_user_action (buffer);
    }
}

static const MsFinding *
current_finding (MsScorePage *self,
                 guint        index)
{
  GPtrArray *findings = ms_score_result_get_findings (ms_draft_get_result (self->draft));

  return index < findings->len ? g_ptr_array_index (findings, index) : NULL;
}

static void
select_finding_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  MsScorePage *self = MS_SCORE_PAGE (widget);
  const MsFinding *finding = current_finding (self, g_variant_get_uint32 (parameter));
  MsDraftField field;
  GtkEditable *entry;

  if (finding == NULL)
    return;

  field = ms_draft_field_from_message_field (self->draft, finding->field);
  adw_leaflet_set_visible_child (self->workspace, self->editor_pane);

  if ((entry = entry_for_field (self, field)) != NULL)
    {
      gtk_widget_grab_focus (GTK_WIDGET (entry));
      gtk_editable_select_region (entry, finding->start, finding->end);
    }
  else
    {
      GtkTextView *view = view_for_field (self, field);
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
      GtkTextIter start;
      GtkTextIter end;

      gtk_text_buffer_get_iter_at_offset (buffer, &start, finding->start);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, finding->end);
      gtk_text_buffer_select_range (buffer, &start, &end);
      gtk_widget_grab_focus (GTK_WIDGET (view));
      gtk_text_view_scroll_to_iter (view, &start, 0.1, FALSE, 0, 0);
    }
}

static void
apply_fix_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MsScorePage *self = MS_SCORE_PAGE (widget);
  const MsFinding *finding = current_finding (self, g_variant_get_uint32 (parameter));
  g_autofree char *replacement = NULL;
  MsDraftField field;
  guint start;
  guint end;

  if (finding == NULL || finding->replacement == NULL)
    return;

  /* Copy what we need: the edit rescoring replaces the result. */
  field = ms_draft_field_from_message_field (self->draft, finding->field);
  start = finding->start;
  end = finding->end;
  replacement = g_strdup (finding->replacement);

  replace_text (self, field, start, end, replacement);
  ms_context_mark_step (self->context, MS_ONBOARDING_FIX);
}

static void
use_variant_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MsScorePage *self = MS_SCORE_PAGE (widget);
  GPtrArray *variants = ms_score_result_get_variants (ms_draft_get_result (self->draft));
  guint index = g_variant_get_uint32 (parameter);
  const MsVariant *variant;
  g_autofree char *text = NULL;
  MsDraftField field;

  if (index >= variants->len)
    return;

  variant = g_ptr_array_index (variants, index);
  field = ms_draft_field_from_message_field (self->draft, variant->field);
  text = g_strdup (variant->text);

  replace_text (self, field, 0, g_utf8_strlen (ms_draft_get_field (self->draft, field), -1), text);
  ms_context_mark_step (self->context, MS_ONBOARDING_FIX);
}

static void
show_limit_dialog (MsScorePage  *self,
                   const GError *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              _("Daily Limit Reached"), error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_widget_set_name (dialog, "limit-dialog");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
set_saving (MsScorePage *self,
            gboolean     started)
{
  gboolean was_saving = self->n_saving > 0;

  self->n_saving += started ? 1 : -1;
  if (was_saving != (self->n_saving > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVING]);
}

/* From the 4th of Free's 5 saves a day (plans.json "limit_nudge_share"),
 * once a day: what is left today and the plan without the limit. */
static AdwToast *
make_nudge_toast (MsScorePage *self)
{
  MsStore *store = ms_history_repository_get_store (self->history);
  MsEntitlements *plan = ms_store_get_entitlements (store);
  gint64 limit = ms_entitlements_get_limit (plan, MS_LIMIT_SAVED_SCORINGS_PER_DAY);
  gint64 left = ms_history_repository_get_saves_left_today (self->history);
  g_autofree char *next = NULL;
  g_autofree char *text = NULL;
  AdwToast *toast;

  if (limit == MS_LIMIT_UNLIMITED ||
      !ms_entitlements_should_nudge (plan, MS_LIMIT_SAVED_SCORINGS_PER_DAY, limit - left) ||
      (next = ms_entitlements_dup_next_plan_name (plan, MS_LIMIT_SAVED_SCORINGS_PER_DAY)) == NULL ||
      !ms_limit_nudge_take (ms_context_get_settings (self->context),
                            MS_LIMIT_SAVED_SCORINGS_PER_DAY, ms_store_get_now (store)))
    return NULL;
  /* Translators: %d is the saves left today, %s the plan that saves without a limit */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Saved. %d save left today; %s saves without a limit",
                                       "Saved. %d saves left today; %s saves without a limit",
                                       (gulong) left), (int) left, next);
  toast = adw_toast_new (text);
  adw_toast_set_button_label (toast, _("See Plans"));
  adw_toast_set_action_target_value (toast, g_variant_new_string ("plan"));
  return toast;
}

static void
on_saved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(MsScorePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  AdwToast *toast;

  set_saving (self, FALSE);
  id = ms_history_repository_save_finish (MS_HISTORY_REPOSITORY (object), result, &error);
  if (id == NULL)
    {
      if (g_error_matches (error, MS_STORE_ERROR, MS_STORE_ERROR_LIMIT_REACHED))
        show_limit_dialog (self, error);
      else
        show_toast (self, adw_toast_new (error->message));
      return;
    }

  ms_context_mark_step (self->context, MS_ONBOARDING_SAVE);
  toast = make_nudge_toast (self);
  if (toast == NULL)
    {
      toast = adw_toast_new (_("Saved to History"));
      adw_toast_set_button_label (toast, _("View"));
      adw_toast_set_action_target_value (toast, g_variant_new_string ("history"));
    }
  adw_toast_set_action_name (toast, "win.show-section");
  show_toast (self, toast);
}

/* Ctrl+S: the message, its segment and its full result go to History, on
 * the store's worker thread: the editor stays live while a large History
 * takes the row, and the History list follows when it is written. */
static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MsScorePage *self = MS_SCORE_PAGE (widget);
  g_autoptr(MsMessage) message = NULL;

  if (self->history == NULL)
    {
      show_toast (self, adw_toast_new (_("History is not available: the local store could "
                                         "not be opened")));
      return;
    }

  if (ms_draft_is_empty (self->draft))
    {
      show_toast (self, adw_toast_new (_("Write a message first, then save it")));
      return;
    }

  message = ms_draft_dup_message (self->draft);
  set_saving (self, TRUE);
  ms_history_repository_save_async (self->history, message, ms_draft_get_result (self->draft),
                                    NULL, on_saved_cb, g_object_ref (self));
}

static void
export_previews_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  MsScorePage *self = MS_SCORE_PAGE (widget);

  gtk_widget_activate_action (GTK_WIDGET (self->preview_panel), "preview.export-all", NULL);
}

static void
show_results_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  MsScorePage *self = MS_SCORE_PAGE (widget);

  adw_leaflet_set_visible_child (self->workspace, self->results_pane);
}

/* The checklist's "open a preview": the previews of a message, on screen. */
static void
check_previews_seen (MsScorePage *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->results_scroller);
  GtkWidget *content = gtk_scrolled_window_get_child (self->results_scroller);
  graphene_point_t top;

  if (self->context == NULL || ms_draft_is_empty (self->draft) ||
      ms_preview_panel_get_locked (self->preview_panel) ||
      !gtk_widget_get_mapped (GTK_WIDGET (self->preview_panel)) ||
      !gtk_widget_compute_point (GTK_WIDGET (self->preview_panel), content,
                                 &GRAPHENE_POINT_INIT (0, 0), &top))
    return;
  if (top.y < gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment))
    ms_context_mark_step (self->context, MS_ONBOARDING_PREVIEW);
}

static void
on_results_scrolled_cb (MsScorePage   *self,
                        GtkAdjustment *adjustment)
{
  check_previews_seen (self);
}

/* The results, scrolled to the device previews. */
static void
show_previews_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  MsScorePage *self = MS_SCORE_PAGE (widget);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->results_scroller);
  graphene_point_t top;

  adw_leaflet_set_visible_child (self->workspace, self->results_pane);
  if (gtk_widget_compute_point (GTK_WIDGET (self->preview_panel),
                                gtk_scrolled_window_get_child (self->results_scroller),
                                &GRAPHENE_POINT_INIT (0, 0), &top))
    gtk_adjustment_set_value (adjustment, top.y);
  check_previews_seen (self);
}

static void
show_editor_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MsScorePage *self = MS_SCORE_PAGE (widget);

  adw_leaflet_set_visible_child (self->workspace, self->editor_pane);
}

static void
on_settings_sender_name_changed_cb (MsScorePage *self,
                                    const char  *key,
                                    GSettings   *settings)
{
  g_autofree char *name = g_settings_get_string (settings, "sender-name");

  ms_preview_panel_set_sender_name (self->preview_panel, g_strstrip (name));
}

/* Starts the page on the channel the user chose in Preferences and shows
 * the sender name from Preferences in the previews. */
static void
follow_settings (MsScorePage *self,
                 GSettings   *settings)
{
  g_autofree char *channel_name = g_settings_get_string (settings, "default-channel");
  MsChannel channel;

  if (ms_channel_from_string (channel_name, &channel))
    ms_draft_set_channel (self->draft, channel);

  g_signal_connect_object (settings, "changed::sender-name",
                           G_CALLBACK (on_settings_sender_name_changed_cb), self,
                           G_CONNECT_SWAPPED);
  on_settings_sender_name_changed_cb (self, "sender-name", settings);
}

static void
on_store_changed_cb (MsScorePage *self,
                     const char  *table,
                     MsStore     *store)
{
  g_autoptr(MsRuleSet) rules = NULL;
  g_autoptr(GError) error = NULL;

  /* The first rule set, made once the window is on screen, reads the store
   * as it is then. */
  if (!self->rules_started)
    return;
  /* What it read is out of date. */
  g_cancellable_cancel (self->rules_building);
  g_clear_object (&self->rules_building);

  /* The profile's NG words and settings (the footer the sending system adds)
   * and the active team's rules are part of the rules every message is
   * scored with: the findings update at once when one changes. */
  rules = ms_personal_rules_build (store, &error);
  if (rules == NULL)
    {
      show_toast (self, adw_toast_new (error->message));
      return;
    }

  ms_draft_set_rule_set (self->draft, rules);
}

/* Where Ctrl+S saves, and the rules that follow the profile's and the
 * active team's rows. */
/* Device previews come with the plan (data/plans.json "previews"). */
static void
on_store_plan_cb (MsScorePage *self,
                  GParamSpec  *pspec,
                  MsStore     *store)
{
  ms_preview_panel_set_plan (self->preview_panel, ms_store_get_entitlements (store));
}

/* The active team's knowledge (what its reviewers taught) scores every
 * draft too; it follows the team's feedback and the owners' choices. */
static void
on_knowledge_changed_cb (MsScorePage *self,
                         const char  *table,
                         MsStore     *store)
{
  g_autofree char *team = ms_store_dup_active_team (store);
  g_autoptr(GPtrArray) knowledge = team != NULL ? ms_store_dup_team_knowledge (store, team)
                                                : NULL;

  if (!self->rules_started)
    return;
  ms_draft_set_knowledge (self->draft, knowledge);
}

static void
follow_store (MsScorePage *self,
              MsStore     *store)
{
  static const char * const knowledge_tables[] = {
    "changed::feedback", "changed::knowledge_state", "changed::team", "changed::meta",
  };
  const char * const *tables = ms_personal_rules_get_tables ();

  for (guint i = 0; i < G_N_ELEMENTS (knowledge_tables); i++)
    g_signal_connect_object (store, knowledge_tables[i], G_CALLBACK (on_knowledge_changed_cb),
                             self, G_CONNECT_SWAPPED);

  self->history = ms_history_repository_new (store);
  g_signal_connect_object (store, "notify::entitlements", G_CALLBACK (on_store_plan_cb), self,
                           G_CONNECT_SWAPPED);
  on_store_plan_cb (self, NULL, store);
  for (guint i = 0; tables[i] != NULL; i++)
    {
      g_autofree char *detailed = g_strconcat ("changed::", tables[i], NULL);

      g_signal_connect_object (store, detailed, G_CALLBACK (on_store_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
}

static void
on_rules_built_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(MsScorePage) self = user_data;
  g_autoptr(MsRuleSet) rules = NULL;
  g_autoptr(GError) error = NULL;

  rules = ms_personal_rules_build_finish (source != NULL ? MS_STORE (source) : NULL, result,
                                          &error);
  /* Cancelled, or made from a store that changed since (the newer rules are set). */
  if (self->context == NULL || self->rules_building == NULL ||
      g_task_get_cancellable (G_TASK (result)) != self->rules_building)
    return;
  g_clear_object (&self->rules_building);
  if (rules == NULL)
    {
      show_toast (self, adw_toast_new (error->message));
      return;
    }
  ms_draft_set_rule_set (self->draft, rules);
}

/* The window is on screen: the rules compile on a worker (they take a
 * while; the window did not wait for them), then follow the store. Text
 * typed meanwhile scores with the built-in rules. */
static void
on_context_started_cb (MsScorePage *self,
                       GParamSpec  *pspec,
                       MsContext   *context)
{
  MsStore *store = ms_context_get_store (context);

  if (!ms_context_get_started (context) || self->rules_started)
    return;
  self->rules_started = TRUE;
  if (store != NULL)
    on_knowledge_changed_cb (self, NULL, store);
  self->rules_building = g_cancellable_new ();
  ms_personal_rules_build_async (store, self->rules_building, on_rules_built_cb,
                                 g_object_ref (self));
}

static void
on_context_learning_cb (MsScorePage *self,
                        GParamSpec  *pspec,
                        MsContext   *context)
{
  if (ms_context_get_learning (context) != NULL)
    g_object_bind_property (ms_context_get_learning (context), "predictor",
                            self->draft, "predictor", G_BINDING_SYNC_CREATE);
}

static void
ms_score_page_constructed (GObject *object)
{
  MsScorePage *self = MS_SCORE_PAGE (object);
  MsStore *store;

  G_OBJECT_CLASS (ms_score_page_parent_class)->constructed (object);

  g_return_if_fail (MS_IS_CONTEXT (self->context));

  follow_settings (self, ms_context_get_settings (self->context));
  ms_segment_editor_set_context (self->segment_editor, self->context);
  if ((store = ms_context_get_store (self->context)) != NULL)
    follow_store (self, store);

  /* Predictions learn from the profile's results as they come in. */
  g_signal_connect_object (self->context, "notify::learning",
                           G_CALLBACK (on_context_learning_cb), self, G_CONNECT_SWAPPED);
  on_context_learning_cb (self, NULL, self->context);
  g_signal_connect_object (self->context, "notify::started",
                           G_CALLBACK (on_context_started_cb), self, G_CONNECT_SWAPPED);
  on_context_started_cb (self, NULL, self->context);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->results_scroller),
                           "value-changed", G_CALLBACK (on_results_scrolled_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->results_scroller),
                           "changed", G_CALLBACK (on_results_scrolled_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
ms_score_page_dispose (GObject *object)
{
  GtkWidget *child;
  MsScorePage *self = MS_SCORE_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_SCORE_PAGE);
  /* The template's root is not bound to a field, so it is ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_cancellable_cancel (self->rules_building);
  g_clear_object (&self->rules_building);
  g_clear_object (&self->highlighter);
  g_clear_object (&self->history);
  g_clear_object (&self->draft);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (ms_score_page_parent_class)->dispose (object);
}

static void
ms_score_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MsScorePage *self = MS_SCORE_PAGE (object);

  switch (prop_id)
    {
    case PROP_CHANNEL:
      g_value_set_enum (value, ms_draft_get_channel (self->draft));
      break;
    case PROP_DRAFT:
      g_value_set_object (value, self->draft);
      break;
    case PROP_SAVING:
      g_value_set_boolean (value, self->n_saving > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_score_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  MsScorePage *self = MS_SCORE_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_CHANNEL:
      ms_draft_set_channel (self->draft, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_score_page_class_init (MsScorePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ms_score_page_constructed;
  object_class->dispose = ms_score_page_dispose;
  object_class->get_property = ms_score_page_get_property;
  object_class->set_property = ms_score_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MS_TYPE_CONTEXT,
                         (G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CHANNEL] =
    g_param_spec_enum ("channel", NULL, NULL,
                       MS_TYPE_CHANNEL, MS_CHANNEL_EMAIL,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DRAFT] =
    g_param_spec_object ("draft", NULL, NULL,
                         MS_TYPE_DRAFT,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * MsScorePage:saving:
   *
   * Whether a save to History is on its way.
   */
  properties[PROP_SAVING] =
    g_param_spec_boolean ("saving", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MS_TYPE_COUNT_PANEL);
  g_type_ensure (MS_TYPE_PREVIEW_PANEL);
  g_type_ensure (MS_TYPE_SCORE_SUMMARY);
  g_type_ensure (MS_TYPE_FINDINGS_LIST);
  g_type_ensure (MS_TYPE_PREDICTION_VIEW);
  g_type_ensure (MS_TYPE_SEGMENT_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ms-score-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, workspace);
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, editor_pane);
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, results_pane);
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, score_summary);
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, findings_list);
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, prediction_view);
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, preview_panel);
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, results_scroller);
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, email_button);
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, line_button);
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, segment_editor);
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, email_fields);
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, subject_row);
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, subject_count);
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, preheader_row);
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, preheader_count);
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, body_label);
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, body_view);
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, bubble2_box);
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, bubble2_view);
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, bubble3_box);
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, bubble3_view);
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, bubble2_panel);
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, bubble3_panel);
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, add_bubble_button);
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, bar_score_label);
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, count_panel);
  gtk_widget_class_bind_template_callback (widget_class, on_subject_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_preheader_changed_cb);

  gtk_widget_class_install_property_action (widget_class, "score.channel", "channel");
  gtk_widget_class_install_action (widget_class, "score.focus-body", NULL, focus_body_action);
  gtk_widget_class_install_action (widget_class, "score.show-results", NULL, show_results_action);
  gtk_widget_class_install_action (widget_class, "score.add-bubble", NULL, add_bubble_action);
  gtk_widget_class_install_action (widget_class, "score.export-previews", NULL,
                                   export_previews_action);
  gtk_widget_class_install_action (widget_class, "score.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "score.save", NULL);
  gtk_widget_class_install_action (widget_class, "score.select-finding", "u", select_finding_action);
  gtk_widget_class_install_action (widget_class, "score.apply-fix", "u", apply_fix_action);
  gtk_widget_class_install_action (widget_class, "score.use-variant", "u", use_variant_action);
  gtk_widget_class_install_action (widget_class, "score.remove-bubble", "u", remove_bubble_action);
  gtk_widget_class_install_action (widget_class, "score.show-editor", NULL, show_editor_action);
  gtk_widget_class_install_action (widget_class, "score.show-previews", NULL,
                                   show_previews_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_ALT_MASK,
                                       "score.channel", "s", "email");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_ALT_MASK,
                                       "score.channel", "s", "line");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_ALT_MASK,
                                       "score.focus-body", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_ALT_MASK,
                                       "score.show-results", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "score.add-bubble", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "score.export-previews", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "scorepage");
}

static void
ms_score_page_init (MsScorePage *self)
{
  self->draft = ms_draft_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->draft, "notify",
                           G_CALLBACK (on_draft_notify_cb), self,
                           G_CONNECT_SWAPPED);
  watch_text_view (self, MS_DRAFT_FIELD_BODY);
  watch_text_view (self, MS_DRAFT_FIELD_BUBBLE2);
  watch_text_view (self, MS_DRAFT_FIELD_BUBBLE3);

  ms_count_panel_set_draft (self->count_panel, self->draft);
  ms_count_panel_set_draft (self->bubble2_panel, self->draft);
  ms_count_panel_set_draft (self->bubble3_panel, self->draft);
  ms_preview_panel_set_draft (self->preview_panel, self->draft);
  ms_score_summary_set_draft (self->score_summary, self->draft);
  ms_findings_list_set_draft (self->findings_list, self->draft);
  ms_prediction_view_set_draft (self->prediction_view, self->draft);
  ms_segment_editor_set_draft (self->segment_editor, self->draft);

  self->highlighter = ms_finding_highlighter_new (self->draft);
  ms_finding_highlighter_add_entry (self->highlighter, MS_DRAFT_FIELD_SUBJECT,
                                    GTK_EDITABLE (self->subject_row));
  ms_finding_highlighter_add_entry (self->highlighter, MS_DRAFT_FIELD_PREHEADER,
                                    GTK_EDITABLE (self->preheader_row));
  for (MsDraftField field = MS_DRAFT_FIELD_BODY; field <= MS_DRAFT_FIELD_BUBBLE3; field++)
    ms_finding_highlighter_add_view (self->highlighter, field, view_for_field (self, field));
  on_draft_notify_cb (self, NULL, self->draft);
}

/**
 * ms_score_page_get_draft:
 *
 * Returns: (transfer none): the message being written on this page
 */
MsDraft *
ms_score_page_get_draft (MsScorePage *self)
{
  g_return_val_if_fail (MS_IS_SCORE_PAGE (self), NULL);

  return self->draft;
}

static void
set_editor_text (MsScorePage  *self,
                 MsDraftField  field,
                 const char   *text)
{
  GtkEditable *entry = entry_for_field (self, field);

  if (entry != NULL)
    gtk_editable_set_text (entry, text != NULL ? text : "");
  else
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (view_for_field (self, field)),
                              text != NULL ? text : "", -1);
}

/**
 * ms_score_page_load_message:
 *
 * Puts a saved message back into the editor: channel, fields, bubbles and
 * segment. The draft scores it again with the rules in force now.
 */
void
ms_score_page_load_message (MsScorePage     *self,
                            const MsMessage *message)
{
  g_return_if_fail (MS_IS_SCORE_PAGE (self));
  g_return_if_fail (message != NULL);

  ms_draft_set_channel (self->draft, ms_message_get_channel (message));
  ms_draft_set_segment (self->draft, ms_message_get_segment (message));

  if (ms_message_get_channel (message) == MS_CHANNEL_EMAIL)
    {
      set_editor_text (self, MS_DRAFT_FIELD_SUBJECT, ms_message_get_field (message, MS_FIELD_SUBJECT));
      set_editor_text (self, MS_DRAFT_FIELD_PREHEADER,
                       ms_message_get_field (message, MS_FIELD_PREHEADER));
      set_editor_text (self, MS_DRAFT_FIELD_BODY, ms_message_get_field (message, MS_FIELD_BODY));
    }
  else
    {
      guint max = ms_draft_get_max_bubbles ();
      guint n = CLAMP (ms_message_get_n_bubbles (message), 1, max);

      ms_draft_set_n_bubbles (self->draft, n);
      for (guint i = 0; i < max; i++)
        set_editor_text (self, MS_DRAFT_FIELD_BODY + i,
                         i < n ? ms_message_get_field (message, MS_FIELD_BUBBLE1 + i) : "");
    }
}

/**
 * ms_score_page_get_saving:
 *
 * Returns: whether a save to History is on its way
 */
gboolean
ms_score_page_get_saving (MsScorePage *self)
{
  g_return_val_if_fail (MS_IS_SCORE_PAGE (self), FALSE);

  return self->n_saving > 0;
}
