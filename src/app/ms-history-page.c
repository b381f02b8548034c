/* ms-history-page.c — saved scorings: find, reopen, delete, results, export, import
 *
 * Shows the store's history list model (which builds rows only as they are
 * scrolled into view) with search, channel, period and sort; activating a
 * row puts the message back into the editor ("open-message"). Deleting
 * offers undo in a toast. Results entered after sending show against the
 * prediction. CSV export and campaign import go through the core; import
 * always shows what it will write, and every rejected row, first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-history-page"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "io/ms-campaign-import.h"
#include "io/ms-history-csv.h"
#include "io/ms-history-report.h"
#include "ms-history-page.h"
#include "ms-share-flow.h"
#include "ms-review-actions.h"
#include "ms-plan-gate.h"
#include "ms-history-row.h"
#include "ms-rejected-rows-view.h"
#include "ms-results-view.h"
#include "store/ms-store-all.h"

#define US_PER_DAY (G_USEC_PER_SEC * G_GINT64_CONSTANT (86400))
#define MAX_CHART_POINTS 365

struct _MsHistoryPage
{
  GtkWidget            parent_instance;

  MsContext           *context;
  MsStore             *store;
  MsHistoryRepository *history;
  MsHistoryList       *list;
  MsLearning          *learning;

  /* Template widgets */
  GtkWidget           *toolbar;
  GtkSearchEntry      *search_entry;
  GtkDropDown         *channel_dropdown;
  GtkDropDown         *period_dropdown;
  GtkDropDown         *sort_dropdown;
  GtkWidget           *locked_banner;
  GtkLabel            *locked_label;
  GtkStack            *stack;
  GtkListView         *list_view;
  AdwStatusPage       *error_status;
  MsResultsView       *results_view;
  GMenu               *history_menu;
};

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

enum {
  OPEN_MESSAGE,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (MsHistoryPage, ms_history_page, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The period dropdown's choices, in days (0: all time). */
static const guint period_days[] = { 0, 7, 30, 90 };

static void
show_toast (MsHistoryPage *self,
            AdwToast      *toast)
{
  ms_context_show_toast (self->context, GTK_WIDGET (self), toast);
}

static void
show_error_toast (MsHistoryPage *self,
                  const GError  *error)
{
  show_toast (self, adw_toast_new (error->message));
}

static void
update_state (MsHistoryPage *self)
{
  guint n_items;
  guint n_locked;
  gboolean filtered;

  if (self->list == NULL)
    return;

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  n_locked = ms_history_list_get_n_locked (self->list);
  filtered = *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0' ||
             gtk_drop_down_get_selected (self->channel_dropdown) != 0 ||
             gtk_drop_down_get_selected (self->period_dropdown) != 0;

  if (n_items > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else
    gtk_stack_set_visible_child_name (self->stack, filtered ? "no-results" : "empty");

  if (n_locked > 0)
    {
      g_autofree char *text =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u older scoring is kept but hidden on your plan. "
                                      "Upgrade to see it again.",
                                      "%u older scorings are kept but hidden on your plan. "
                                      "Upgrade to see them again.",
                                      n_locked),
                         n_locked);
      gtk_label_set_label (self->locked_label, text);
    }
  gtk_widget_set_visible (self->locked_banner, n_locked > 0);
}

static int
compare_points_by_date (gconstpointer a,
                        gconstpointer b)
{
  const MsTrendPoint *pa = a;
  const MsTrendPoint *pb = b;

  return (pa->created_at > pb->created_at) - (pa->created_at < pb->created_at);
}

/* The chart shows the scorings the list shows (newest MAX_CHART_POINTS), by
 * date, one channel at a time. */
static void
update_chart (MsHistoryPage *self)
{
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (MsTrendPoint));
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->list));

  for (guint i = 0; i < n_items && points->len < MAX_CHART_POINTS; i++)
    {
      g_autoptr(MsHistoryItem) item = g_list_model_get_item (G_LIST_MODEL (self->list), i);
      MsTrendPoint point;

      if (ms_history_item_get_locked (item))
        continue;

      point.created_at = ms_history_item_get_created_at (item);
      point.channel = ms_history_item_get_channel (item);
      point.total = ms_history_item_get_total (item);
      point.predicted_open_rate = ms_history_item_get_has_prediction (item) ?
                                  ms_history_item_get_predicted_open_rate (item) : NAN;
      point.actual_open_rate = ms_history_item_get_has_actuals (item) ?
                               ms_history_item_get_actual_open_rate (item) : NAN;
      g_array_append_val (points, point);
    }

  g_array_sort (points, compare_points_by_date);
  ms_results_view_set_points (self->results_view, (const MsTrendPoint *) points->data,
                              points->len);
}

/* ---- What the plan unlocks ------------------------------------------------ */

static MsEntitlements *
get_plan (MsHistoryPage *self)
{
  return self->store != NULL ? ms_store_get_entitlements (self->store) : NULL;
}

/* Whether the plan has @feature; else the dialog says which plan does. */
static gboolean
gate (MsHistoryPage *self,
      const char    *feature)
{
  return ms_plan_gate_check (GTK_WIDGET (self), get_plan (self), feature, FALSE);
}

/* Every item stays in the menu; a locked one names the plan it needs. */
static void
update_menu (MsHistoryPage *self)
{
  static const struct { const char *label; const char *action; const char *feature; } items[] = {
    { N_("Export as _CSV…"), "history.export-csv", "csv_export" },
    { N_("Export Report as _PDF…"), "history.export-pdf", "pdf_export" },
    { N_("_Import Campaign Results…"), "history.import-campaigns", "campaign_import" },
  };
  MsEntitlements *plan = get_plan (self);
  g_autofree char *reason = NULL;

  g_menu_remove_all (self->history_menu);
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autofree char *label = ms_plan_gate_dup_label (_(items[i].label), plan, items[i].feature,
                                                       FALSE);

      g_menu_append (self->history_menu, label, items[i].action);
    }
  reason = ms_plan_gate_dup_reason (plan, "trend_chart", FALSE);
  ms_results_view_set_chart_locked (self->results_view, reason);
}

static void
on_list_items_changed_cb (MsHistoryPage *self)
{
  update_state (self);
  update_chart (self);
}

static void
on_search_changed_cb (MsHistoryPage  *self,
                      GtkSearchEntry *entry)
{
  if (self->list != NULL)
    ms_history_list_set_search (self->list, gtk_editable_get_text (GTK_EDITABLE (entry)));
  update_state (self);
}

static void
on_filter_changed_cb (MsHistoryPage *self)
{
  guint channel;
  guint period;
  gint64 since = 0;

  if (self->list == NULL)
    return;

  channel = gtk_drop_down_get_selected (self->channel_dropdown);
  ms_history_list_set_channel (self->list, channel == 1 ? MS_CHANNEL_EMAIL :
                                           channel == 2 ? MS_CHANNEL_LINE :
                                           MS_HISTORY_CHANNEL_ANY);
  if (channel == 1 || channel == 2)
    ms_results_view_set_channel (self->results_view,
                                 channel == 1 ? MS_CHANNEL_EMAIL : MS_CHANNEL_LINE);

  period = gtk_drop_down_get_selected (self->period_dropdown);
  if (period < G_N_ELEMENTS (period_days) && period_days[period] > 0)
    since = g_get_real_time () - period_days[period] * US_PER_DAY;
  ms_history_list_set_period (self->list, since, 0);

  ms_history_list_set_sort (self->list, gtk_drop_down_get_selected (self->sort_dropdown));
  update_state (self);
}

static void
on_list_view_activate_cb (MsHistoryPage *self,
                          guint          position,
                          GtkListView   *list_view)
{
  g_autoptr(MsHistoryItem) item = g_list_model_get_item (G_LIST_MODEL (self->list), position);
  g_autoptr(MsMessage) message = NULL;
  g_autoptr(GError) error = NULL;

  if (item == NULL)
    return;

  message = ms_history_repository_load_message (self->history, ms_history_item_get_id (item),
                                                &error);
  if (message == NULL)
    {
      show_error_toast (self, error);
      return;
    }

  g_signal_emit (self, signals[OPEN_MESSAGE], 0, message);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, g_object_new (MS_TYPE_HISTORY_ROW, NULL));
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  ms_history_row_set_item (MS_HISTORY_ROW (gtk_list_item_get_child (list_item)),
                           gtk_list_item_get_item (list_item));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  ms_history_row_set_item (MS_HISTORY_ROW (gtk_list_item_get_child (list_item)), NULL);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MsHistoryPage *self = MS_HISTORY_PAGE (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;
  AdwToast *toast;

  if (!ms_history_repository_delete (self->history, id, &error))
    {
      show_error_toast (self, error);
      return;
    }

  toast = adw_toast_new (_("Scoring deleted"));
  adw_toast_set_button_label (toast, _("Undo"));
  adw_toast_set_action_name (toast, "history.undo-delete");
  adw_toast_set_action_target_value (toast, g_variant_new_string (id));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  show_toast (self, toast);
}

/* 「共有リンクを作成」 and the list of links: ms-share-flow.c */
static void
share_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  ms_share_flow_share_scoring (widget, MS_HISTORY_PAGE (widget)->context,
                               g_variant_get_string (parameter, NULL));
}

static void
share_links_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ms_share_flow_present_links (widget, MS_HISTORY_PAGE (widget)->context);
}

static void
undo_delete_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MsHistoryPage *self = MS_HISTORY_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (!ms_history_repository_restore (self->history, g_variant_get_string (parameter, NULL),
                                      &error))
    show_error_toast (self, error);
}

/* ---- Results after sending ---------------------------------------------- */

typedef struct
{
  MsHistoryPage *page;
  char          *id;
  AdwEntryRow   *recipients;
  AdwEntryRow   *open_rate;
  AdwEntryRow   *ctr;
  AdwEntryRow   *conversions;
} ResultsDialog;

static void
results_dialog_free (ResultsDialog *data)
{
  g_object_unref (data->page);
  g_free (data->id);
  g_free (data);
}

/* A whole number as typed: 12000 or 12,000. */
static gboolean
parse_count (const char *text,
             guint64    *value)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  char *end = NULL;

  for (const char *p = text; *p != '\0'; p++)
    if (*p != ',' && !g_ascii_isspace (*p))
      g_string_append_c (digits, *p);

  if (digits->len == 0 || !g_ascii_isdigit (digits->str[0]))
    return FALSE;

  *value = g_ascii_strtoull (digits->str, &end, 10);
  return *end == '\0';
}

/* A percentage as typed: 23.4, 23.4% or 23.4％ → 0.234. */
static gboolean
parse_percent (const char *text,
               double     *fraction)
{
  g_autoptr(GString) number = g_string_new (text);
  char *end = NULL;
  double value;

  g_strstrip (number->str);
  number->len = strlen (number->str);
  if (g_str_has_suffix (number->str, "%"))
    g_string_truncate (number, number->len - 1);
  else if (g_str_has_suffix (number->str, "％"))
    g_string_truncate (number, number->len - strlen ("％"));

  if (number->len == 0)
    return FALSE;

  value = g_ascii_strtod (number->str, &end);
  if (*end != '\0' || value < 0 || value > 100)
    return FALSE;

  *fraction = value / 100.0;
  return TRUE;
}

static gboolean
read_results (ResultsDialog *data,
              MsActuals     *actuals)
{
  gboolean ok = TRUE;
  AdwEntryRow *rows[] = { data->recipients, data->open_rate, data->ctr, data->conversions };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (rows[i]));
      gboolean valid;

      if (rows[i] == data->recipients)
        valid = parse_count (text, &actuals->recipients);
      else if (rows[i] == data->conversions)
        valid = parse_count (text, &actuals->conversions);
      else
        valid = parse_percent (text, rows[i] == data->open_rate ? &actuals->open_rate : &actuals->ctr);

      if (valid || *text == '\0')
        gtk_widget_remove_css_class (GTK_WIDGET (rows[i]), "error");
      else
        gtk_widget_add_css_class (GTK_WIDGET (rows[i]), "error");
      ok &= valid;
    }

  return ok;
}

static void
on_results_changed_cb (AdwMessageDialog *dialog)
{
  ResultsDialog *data = g_object_get_data (G_OBJECT (dialog), "results");
  MsActuals actuals;

  adw_message_dialog_set_response_enabled (dialog, "save", read_results (data, &actuals));
}

static void
on_results_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        gpointer          user_data)
{
  ResultsDialog *data = g_object_get_data (G_OBJECT (dialog), "results");
  g_autoptr(GError) error = NULL;
  MsActuals actuals;

  if (!g_str_equal (response, "save") || !read_results (data, &actuals))
    return;

  if (!ms_history_repository_set_actuals (data->page->history, data->id, &actuals, &error))
    show_error_toast (data->page, error);
  else
    ms_context_mark_step (data->page->context, MS_ONBOARDING_RESULT);
}

static AdwEntryRow *
add_number_row (GtkListBox *list,
                const char *title,
                const char *text)
{
  AdwEntryRow *row = ADW_ENTRY_ROW (adw_entry_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_entry_row_set_input_purpose (row, GTK_INPUT_PURPOSE_NUMBER);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  gtk_list_box_append (list, GTK_WIDGET (row));

  return row;
}

static void
enter_results_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  MsHistoryPage *self = MS_HISTORY_PAGE (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autoptr(MsHistoryItem) item = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  ResultsDialog *data;
  GtkWidget *dialog;
  GtkWidget *list;
  MsActuals actuals = { 0 };
  gboolean has = FALSE;
  g_autofree char *recipients = NULL;
  g_autofree char *open_rate = NULL;
  g_autofree char *ctr = NULL;
  g_autofree char *conversions = NULL;

  if (!gate (self, "actual_results"))
    return;
  item = ms_history_repository_get_item (self->history, id, NULL);
  if (item == NULL)
    return;

  has = ms_history_item_get_actuals (item, &actuals);
  recipients = has ? g_strdup_printf ("%" G_GUINT64_FORMAT, actuals.recipients) : g_strdup ("");
  open_rate = has ? g_strdup_printf ("%.1f", actuals.open_rate * 100) : g_strdup ("");
  ctr = has ? g_strdup_printf ("%.1f", actuals.ctr * 100) : g_strdup ("");
  conversions = has ? g_strdup_printf ("%" G_GUINT64_FORMAT, actuals.conversions) : g_strdup ("");

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Results After Sending"),
                                   *ms_history_item_get_subject (item) != '\0' ?
                                   ms_history_item_get_subject (item) :
                                   ms_history_item_get_excerpt (item));
  gtk_widget_set_name (dialog, "results-dialog");
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");

  data = g_new0 (ResultsDialog, 1);
  data->page = g_object_ref (self);
  data->id = g_strdup (id);
  data->recipients = add_number_row (GTK_LIST_BOX (list), _("Recipients"), recipients);
  data->open_rate = add_number_row (GTK_LIST_BOX (list), _("Open rate (%)"), open_rate);
  data->ctr = add_number_row (GTK_LIST_BOX (list), _("Click rate (%)"), ctr);
  data->conversions = add_number_row (GTK_LIST_BOX (list), _("Conversions"), conversions);
  g_object_set_data_full (G_OBJECT (dialog), "results", data, (GDestroyNotify) results_dialog_free);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    g_signal_connect_swapped (row, "changed", G_CALLBACK (on_results_changed_cb), dialog);
  on_results_changed_cb (ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect (dialog, "response", G_CALLBACK (on_results_response_cb), NULL);

  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- CSV export ---------------------------------------------------------- */

typedef struct
{
  MsHistoryPage *page;
  GStrv          columns;
  MsEncoding     encoding;
} CsvExport;

static void
csv_export_free (CsvExport *export)
{
  g_object_unref (export->page);
  g_strfreev (export->columns);
  g_free (export);
}

static const char *
column_label (const char *column)
{
  static const struct { const char *id; const char *label; } labels[] = {
    { "id", N_("Identifier") }, { "date", N_("Date") }, { "channel", N_("Channel") },
    { "subject", N_("Subject") }, { "preheader", N_("Preheader") }, { "body", N_("Body") },
    { "total", N_("Score") }, { "engine", N_("Engine version") },
    { "predicted_open_rate", N_("Predicted open rate") },
    { "predicted_ctr", N_("Predicted click rate") }, { "recipients", N_("Recipients") },
    { "open_rate", N_("Open rate") }, { "ctr", N_("Click rate") },
    { "cv_count", N_("Conversions") }, { "open_rate_error", N_("Open rate error") },
    { "ctr_error", N_("Click rate error") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].id, column))
      return _(labels[i].label);
  return column;
}

static void
on_export_file_response_cb (GtkNativeDialog *dialog,
                            int              response,
                            gpointer         user_data)
{
  CsvExport *export = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;
      guint n_rows = 0;

      if (!ms_history_page_export_csv (export->page, file, export->encoding,
                                       (const char * const *) export->columns, &n_rows, &error))
        show_error_toast (export->page, error);
      else
        {
          g_autofree char *text =
            g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u scoring",
                                          "Exported %u scorings", n_rows), n_rows);
          show_toast (export->page, adw_toast_new (text));
        }
    }

  csv_export_free (export);
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
on_export_options_response_cb (AdwMessageDialog *dialog,
                               const char       *response,
                               MsHistoryPage    *self)
{
  GtkWidget *list = g_object_get_data (G_OBJECT (dialog), "columns");
  AdwComboRow *encoding = g_object_get_data (G_OBJECT (dialog), "encoding");
  g_autoptr(GStrvBuilder) columns = g_strv_builder_new ();
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;
  CsvExport *export;

  if (!g_str_equal (response, "choose"))
    return;

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (gtk_check_button_get_active (g_object_get_data (G_OBJECT (row), "check")))
      g_strv_builder_add (columns, g_object_get_data (G_OBJECT (row), "column"));

  export = g_new0 (CsvExport, 1);
  export->page = g_object_ref (self);
  export->columns = g_strv_builder_end (columns);
  export->encoding = adw_combo_row_get_selected (encoding) == 1 ? MS_ENCODING_SHIFT_JIS :
                                                                  MS_ENCODING_UTF8_BOM;

  chooser = gtk_file_chooser_native_new (_("Export History as CSV"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "msgscore-history.csv");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_file_response_cb), export);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_column_toggled_cb (GtkCheckButton   *check,
                      AdwMessageDialog *dialog)
{
  GtkWidget *list = g_object_get_data (G_OBJECT (dialog), "columns");
  gboolean any = FALSE;

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    any |= gtk_check_button_get_active (g_object_get_data (G_OBJECT (row), "check"));

  adw_message_dialog_set_response_enabled (dialog, "choose", any);
}

/* First the columns and the encoding, then where to save. */
static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  const char * const *all = ms_history_csv_get_columns ();
  const char * const *defaults = ms_history_csv_get_default_columns ();
  g_autoptr(GtkStringList) encodings = NULL;
  GtkWidget *dialog, *box, *scroller, *list, *settings, *encoding;

  if (!gate (MS_HISTORY_PAGE (widget), "csv_export"))
    return;
  encodings = gtk_string_list_new (NULL);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  scroller = gtk_scrolled_window_new ();
  list = gtk_list_box_new ();
  settings = gtk_list_box_new ();
  encoding = adw_combo_row_new ();

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Export History as CSV"),
                                   _("Choose the columns. The scorings shown, with the search "
                                     "and filters in force, are exported."));
  gtk_widget_set_name (dialog, "export-dialog");

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; all[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   g_strv_contains (defaults, all[i]));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), column_label (all[i]));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_object_set_data (G_OBJECT (row), "check", check);
      g_object_set_data (G_OBJECT (row), "column", (gpointer) all[i]);
      g_signal_connect (check, "toggled", G_CALLBACK (on_column_toggled_cb), dialog);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 260);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);

  gtk_string_list_append (encodings, _("UTF-8 (opens in Excel)"));
  gtk_string_list_append (encodings, _("Shift_JIS"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (encoding), _("Encoding"));
  adw_combo_row_set_model (ADW_COMBO_ROW (encoding), G_LIST_MODEL (encodings));
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (settings), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (settings, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (settings), encoding);

  gtk_box_append (GTK_BOX (box), scroller);
  gtk_box_append (GTK_BOX (box), settings);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  g_object_set_data (G_OBJECT (dialog), "columns", list);
  g_object_set_data (G_OBJECT (dialog), "encoding", encoding);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "choose", _("_Choose File…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "choose",
                                              ADW_RESPONSE_SUGGESTED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_export_options_response_cb),
                           widget, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- PDF report ---------------------------------------------------------- */

static void
on_export_pdf_response_cb (GtkNativeDialog *dialog,
                           int              response,
                           gpointer         user_data)
{
  g_autoptr(MsHistoryPage) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT && self->list != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      MsHistoryQuery query = MS_HISTORY_QUERY_INIT;
      g_autoptr(GError) error = NULL;

      ms_history_list_get_query (self->list, &query);
      if (!ms_history_report_write_pdf (self->store, &query, file, &error))
        show_error_toast (self, error);
      else
        show_toast (self, adw_toast_new (_("Report saved")));
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
export_pdf_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *dialog;

  if (!gate (MS_HISTORY_PAGE (widget), "pdf_export"))
    return;
  dialog = gtk_file_chooser_native_new (_("Export History Report as PDF"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), "msgscore-report.pdf");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_pdf_response_cb),
                    g_object_ref (widget));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- Campaign import ----------------------------------------------------- */

static void
on_import_preview_response_cb (AdwMessageDialog *dialog,
                               const char       *response,
                               MsHistoryPage    *self)
{
  MsCampaignImport *import = g_object_get_data (G_OBJECT (dialog), "import");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint n_added = 0;

  if (!g_str_equal (response, "import"))
    return;   /* cancel: nothing was written, nothing will be */

  if (!ms_campaign_import_commit (import, self->store, &n_added, &error))
    {
      show_error_toast (self, error);
      return;
    }

  ms_context_mark_step (self->context, MS_ONBOARDING_IMPORT);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u campaign result",
                                       "Imported %u campaign results", n_added), n_added);
  show_toast (self, adw_toast_new (text));
}

/**
 * ms_history_page_preview_import:
 *
 * Reads @file and shows what importing it would write — rows, channels,
 * period, averages and every rejected row with its line — without writing
 * anything until the user confirms.
 *
 * Returns: (transfer none) (nullable): the preview dialog, or %NULL when
 *   the file could not be read at all (a toast says why)
 */
GtkWindow *
ms_history_page_preview_import (MsHistoryPage *self,
                                GFile         *file)
{
  g_autoptr(MsCampaignImport) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *import_label = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;
  guint n_rows;
  guint n_rejected;

  g_return_val_if_fail (MS_IS_HISTORY_PAGE (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  import = ms_campaign_import_prepare_file (file, NULL, &error);
  if (import == NULL)
    {
      show_error_toast (self, error);
      return NULL;
    }

  n_rows = ms_campaign_import_get_n_rows (import);
  n_rejected = ms_campaign_import_get_n_rejected (import);
  summary = ms_campaign_import_dup_overview (import);

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Import Campaign Results?"), summary);
  gtk_widget_set_name (dialog, "import-dialog");

  if (n_rejected > 0)
    adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog),
                                        ms_rejected_rows_view_new (import));

  import_label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Import %u Row",
                                               "_Import %u Rows", n_rows), n_rows);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "import", import_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "import",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "import", n_rows > 0);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "import", g_steal_pointer (&import), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_import_preview_response_cb), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

static void
on_import_response_cb (GtkNativeDialog *dialog,
                       int              response,
                       gpointer         user_data)
{
  g_autoptr(MsHistoryPage) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      ms_history_page_preview_import (self, file);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
import_campaigns_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = NULL;
  GtkFileChooserNative *dialog;

  if (!gate (MS_HISTORY_PAGE (widget), "campaign_import"))
    return;
  filter = gtk_file_filter_new ();
  dialog = gtk_file_chooser_native_new (_("Import Campaign Results"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_filter_add_pattern (filter, "*.CSV");
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_import_response_cb), g_object_ref (widget));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- GObject ------------------------------------------------------------- */

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (MS_HISTORY_PAGE (widget)->search_entry));
}


static void
ms_history_page_dispose (GObject *object)
{
  MsHistoryPage *self = MS_HISTORY_PAGE (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_HISTORY_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->list);
  g_clear_object (&self->history);
  g_clear_object (&self->learning);
  g_clear_object (&self->store);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (ms_history_page_parent_class)->dispose (object);
}

/* Learning starts once the window is shown. */
static void
on_context_learning_cb (MsHistoryPage *self,
                        GParamSpec    *pspec,
                        MsContext     *context)
{
  if (ms_context_get_learning (context) != NULL)
    ms_history_page_set_learning (self, ms_context_get_learning (context));
}

/* The store (or why there is none) and what learning says, from the context. */
static void
ms_history_page_constructed (GObject *object)
{
  MsHistoryPage *self = MS_HISTORY_PAGE (object);

  G_OBJECT_CLASS (ms_history_page_parent_class)->constructed (object);

  g_return_if_fail (MS_IS_CONTEXT (self->context));

  ms_review_actions_install (GTK_WIDGET (self), self->context);
  ms_history_page_set_store (self, ms_context_get_store (self->context),
                             ms_context_get_store_error (self->context));
  g_signal_connect_object (self->context, "notify::learning",
                           G_CALLBACK (on_context_learning_cb), self, G_CONNECT_SWAPPED);
  on_context_learning_cb (self, NULL, self->context);
}

static void
ms_history_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MsHistoryPage *self = MS_HISTORY_PAGE (object);

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
ms_history_page_class_init (MsHistoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ms_history_page_constructed;
  object_class->dispose = ms_history_page_dispose;
  object_class->set_property = ms_history_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MS_TYPE_CONTEXT,
                         (G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MsHistoryPage::open-message:
   * @message: the saved message
   *
   * The user chose to reopen a saved scoring in the editor.
   */
  signals[OPEN_MESSAGE] =
    g_signal_new ("open-message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, MS_TYPE_MESSAGE);

  g_type_ensure (MS_TYPE_HISTORY_ROW);
  g_type_ensure (MS_TYPE_RESULTS_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ms-history-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MsHistoryPage, toolbar);
  gtk_widget_class_bind_template_child (widget_class, MsHistoryPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MsHistoryPage, channel_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MsHistoryPage, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MsHistoryPage, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MsHistoryPage, locked_banner);
  gtk_widget_class_bind_template_child (widget_class, MsHistoryPage, locked_label);
  gtk_widget_class_bind_template_child (widget_class, MsHistoryPage, stack);
  gtk_widget_class_bind_template_child (widget_class, MsHistoryPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, MsHistoryPage, error_status);
  gtk_widget_class_bind_template_child (widget_class, MsHistoryPage, results_view);
  gtk_widget_class_bind_template_child (widget_class, MsHistoryPage, history_menu);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_view_activate_cb);

  gtk_widget_class_install_action (widget_class, "history.delete", "s", delete_action);
  gtk_widget_class_install_action (widget_class, "history.share", "s", share_action);
  gtk_widget_class_install_action (widget_class, "history.share-links", NULL,
                                   share_links_action);
  gtk_widget_class_install_action (widget_class, "history.undo-delete", "s", undo_delete_action);
  gtk_widget_class_install_action (widget_class, "history.enter-results", "s",
                                   enter_results_action);
  gtk_widget_class_install_action (widget_class, "history.export-csv", NULL, export_csv_action);
  gtk_widget_class_install_action (widget_class, "history.export-pdf", NULL, export_pdf_action);
  gtk_widget_class_install_action (widget_class, "history.import-campaigns", NULL,
                                   import_campaigns_action);
  gtk_widget_class_install_action (widget_class, "history.focus-search", NULL,
                                   focus_search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "history.focus-search", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "historypage");
}

static void
ms_history_page_init (MsHistoryPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
}

/**
 * ms_history_page_set_store:
 * @store: (nullable): the profile's store
 * @store_error: (nullable): why there is no store
 */
void
ms_history_page_set_store (MsHistoryPage *self,
                           MsStore       *store,
                           const GError  *store_error)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  g_return_if_fail (MS_IS_HISTORY_PAGE (self));

  g_clear_object (&self->list);
  g_clear_object (&self->history);
  g_set_object (&self->store, store);

  if (store == NULL)
    {
      adw_status_page_set_description (self->error_status,
                                       store_error != NULL ? store_error->message : NULL);
      gtk_stack_set_visible_child_name (self->stack, "error");
      gtk_widget_set_sensitive (self->toolbar, FALSE);
      gtk_list_view_set_model (self->list_view, NULL);
      return;
    }

  self->history = ms_history_repository_new (store);
  self->list = ms_history_list_new (store);
  g_signal_connect_object (self->list, "items-changed", G_CALLBACK (on_list_items_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "notify::n-locked", G_CALLBACK (on_list_items_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "notify::entitlements", G_CALLBACK (update_menu), self,
                           G_CONNECT_SWAPPED);
  update_menu (self);

  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->list)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  gtk_widget_set_sensitive (self->toolbar, TRUE);
  on_filter_changed_cb (self);
  update_chart (self);
}

/**
 * ms_history_page_set_learning:
 *
 * Shows what the profile's results say above the list.
 */
void
ms_history_page_set_learning (MsHistoryPage *self,
                              MsLearning    *learning)
{
  g_return_if_fail (MS_IS_HISTORY_PAGE (self));
  g_return_if_fail (MS_IS_LEARNING (learning));

  g_set_object (&self->learning, learning);
  ms_results_view_set_learning (self->results_view, learning);
}

/**
 * ms_history_page_get_model:
 *
 * Returns: (transfer none) (nullable): the list shown, as filtered and sorted
 */
GListModel *
ms_history_page_get_model (MsHistoryPage *self)
{
  g_return_val_if_fail (MS_IS_HISTORY_PAGE (self), NULL);

  return self->list != NULL ? G_LIST_MODEL (self->list) : NULL;
}

/**
 * ms_history_page_export_csv:
 *
 * @columns: (nullable): the columns to write, in order; %NULL for the defaults
 *
 * Writes the scorings the page shows (its search, filters and order) to
 * @file as CSV.
 */
gboolean
ms_history_page_export_csv (MsHistoryPage       *self,
                            GFile               *file,
                            MsEncoding           encoding,
                            const char * const  *columns,
                            guint               *n_rows,
                            GError             **error)
{
  MsHistoryQuery query = MS_HISTORY_QUERY_INIT;
  g_autoptr(GBytes) csv = NULL;

  g_return_val_if_fail (MS_IS_HISTORY_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (self->list == NULL)
    {
      g_set_error_literal (error, MS_STORE_ERROR, MS_STORE_ERROR_OPEN,
                           _("History is not available: the local store could not be opened"));
      return FALSE;
    }

  ms_history_list_get_query (self->list, &query);
  csv = ms_history_csv_export (self->store, &query, columns, encoding, n_rows, error);
  if (csv == NULL)
    return FALSE;

  return g_file_replace_contents (file, g_bytes_get_data (csv, NULL), g_bytes_get_size (csv),
                                  NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL,
                                  error);
}
