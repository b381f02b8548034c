/* ms-portfolio-view.c — a CSM's accounts as a sortable, filterable table
 *
 * A GtkColumnView (a GtkListView of rows of cells) over the portfolio the
 * staff cache holds: the base model is sorted by the column headers
 * (GtkSortListModel with the view's sorter) after the filter (band, plan,
 * CSM, a search on the name). The view builds widgets for the rows on
 * screen only and rebinds them as it scrolls, so 10,000 accounts cost a
 * screen of rows (ms_portfolio_view_get_rows_built() counts them for the
 * benchmark). Activating a row asks for the account's page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-accounts"

#include "config.h"

#include <glib/gi18n.h>

#include "billing/ms-billing.h"
#include "store/ms-entitlements.h"
#include "store/ms-staff-account.h"
#include "ms-accounts-format.h"
#include "ms-portfolio-view.h"

struct _MsPortfolioView
{
  GtkWidget          parent_instance;

  GListModel        *accounts;    /* of MsStaffAccount */
  char              *me;          /* the signed-in CSM's user id */
  GtkFilterListModel *filtered;
  GtkSortListModel  *sorted;
  GtkCustomFilter   *filter;
  GPtrArray         *owners;      /* the owner dropdown's ids: NULL = all, "" = none */
  GStrv              plans;       /* the plan dropdown's ids after "all" */
  char              *search;      /* casefolded, or NULL */

  /* Template widgets */
  GtkBox            *box;
  GtkSearchEntry    *search_entry;
  GtkDropDown       *band_dropdown;
  GtkDropDown       *plan_dropdown;
  GtkDropDown       *owner_dropdown;
  GtkLabel          *count_label;
  GtkScrolledWindow *scroller;
  GtkColumnView     *column_view;
};

G_DEFINE_FINAL_TYPE (MsPortfolioView, ms_portfolio_view, GTK_TYPE_WIDGET)

enum {
  OPEN_ACCOUNT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];
static guint rows_built;

/* The band dropdown's ids after "all", in its order */
static const char * const bands[] = { "champion", "healthy", "medium_risk", "high_risk", "none" };

/* ------------------------------------------------------------------------ */
/* Columns                                                                   */

typedef enum
{
  COLUMN_NAME,
  COLUMN_PLAN,
  COLUMN_MRR,
  COLUMN_HEALTH,
  COLUMN_TREND,
  COLUMN_CHURN,
  COLUMN_FACTOR,
  COLUMN_OWNER,
} ColumnId;

typedef struct
{
  ColumnId    id;
  const char *name;
  const char *title;
  gboolean    numeric;
  gboolean    expand;
} Column;

static const Column columns[] = {
  { COLUMN_NAME, "name", N_("Account"), FALSE, TRUE },
  { COLUMN_PLAN, "plan", N_("Plan"), FALSE, FALSE },
  { COLUMN_MRR, "mrr", N_("MRR"), TRUE, FALSE },
  { COLUMN_HEALTH, "health", N_("Health"), TRUE, FALSE },
  { COLUMN_TREND, "trend", N_("7 / 30 days"), TRUE, FALSE },
  { COLUMN_CHURN, "churn", N_("Churn"), TRUE, FALSE },
  { COLUMN_FACTOR, "factor", N_("Top factor"), FALSE, TRUE },
  { COLUMN_OWNER, "owner", N_("CSM"), FALSE, FALSE },
};

static int
compare_int (int a,
             int b)
{
  return a < b ? GTK_ORDERING_SMALLER : a > b ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static int
compare_accounts (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const Column *column = user_data;
  MsStaffAccount *x = (MsStaffAccount *) a;
  MsStaffAccount *y = (MsStaffAccount *) b;
  int order;

  switch (column->id)
    {
    case COLUMN_PLAN:
      order = g_strcmp0 (ms_staff_account_get_plan (x), ms_staff_account_get_plan (y));
      break;
    case COLUMN_MRR:
      order = ms_accounts_mrr (x) < ms_accounts_mrr (y) ? -1
              : ms_accounts_mrr (x) > ms_accounts_mrr (y) ? 1 : 0;
      break;
    case COLUMN_HEALTH:
      order = compare_int (ms_staff_account_get_health (x), ms_staff_account_get_health (y));
      break;
    case COLUMN_TREND:
      order = compare_int (ms_staff_account_get_change (x, 7), ms_staff_account_get_change (y, 7));
      break;
    case COLUMN_CHURN:
      order = compare_int (ms_staff_account_get_churn (x), ms_staff_account_get_churn (y));
      break;
    case COLUMN_FACTOR:
      order = g_strcmp0 (ms_staff_account_get_factor (x, "en"),
                         ms_staff_account_get_factor (y, "en"));
      break;
    case COLUMN_OWNER:
      order = g_strcmp0 (ms_staff_account_get_owner (x), ms_staff_account_get_owner (y));
      break;
    case COLUMN_NAME:
    default:
      order = 0;
      break;
    }
  if (order == 0)
    order = g_strcmp0 (ms_staff_account_get_folded (x), ms_staff_account_get_folded (y));
  if (order == 0)
    order = g_strcmp0 (ms_staff_account_get_account (x), ms_staff_account_get_account (y));
  return order < 0 ? GTK_ORDERING_SMALLER : order > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               const Column             *column)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column->numeric ? 1.0 : 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (column->numeric)
    gtk_widget_add_css_class (label, "numeric");
  if (column->id == COLUMN_NAME)
    rows_built++;
  gtk_list_item_set_child (item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              const Column             *column)
{
  MsStaffAccount *account = gtk_list_item_get_item (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  MsPortfolioView *self = g_object_get_data (G_OBJECT (factory), "view");
  g_autofree char *text = NULL;
  int value;

  switch (column->id)
    {
    case COLUMN_NAME:
      gtk_label_set_text (label, ms_staff_account_get_name (account));
      return;
    case COLUMN_PLAN:
      gtk_label_set_text (label, ms_accounts_plan_name (ms_staff_account_get_plan (account)));
      return;
    case COLUMN_MRR:
      text = ms_billing_format_yen (ms_accounts_mrr (account));
      break;
    case COLUMN_HEALTH:
      value = ms_staff_account_get_health (account);
      text = value == MS_STAFF_NONE ? g_strdup ("—") : g_strdup_printf ("%d", value);
      /* Only this column's classes change with the row: restyling every
       * cell on every bind is what made opening slow */
      {
        const char *band = ms_accounts_band_class (ms_staff_account_get_band (account));

        if (!gtk_widget_has_css_class (GTK_WIDGET (label), band))
          gtk_widget_set_css_classes (GTK_WIDGET (label), (const char *[]) { "numeric", band,
                                                                             NULL });
      }
      break;
    case COLUMN_TREND:
      {
        g_autofree char *week = ms_accounts_format_change (ms_staff_account_get_change (account,
                                                                                         7));
        g_autofree char *month = ms_accounts_format_change (ms_staff_account_get_change (account,
                                                                                          30));

        text = g_strdup_printf ("%s / %s", week, month);
      }
      break;
    case COLUMN_CHURN:
      value = ms_staff_account_get_churn (account);
      text = value == MS_STAFF_NONE ? g_strdup ("—") : g_strdup_printf ("%d", value);
      break;
    case COLUMN_FACTOR:
      gtk_label_set_text (label, ms_staff_account_get_factor (account, ms_accounts_language ()) ?: "");
      return;
    case COLUMN_OWNER:
    default:
      text = ms_accounts_format_owner (ms_staff_account_get_owner (account), self->me);
      break;
    }
  gtk_label_set_text (label, text);
}

static void
add_columns (MsPortfolioView *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;
      GtkSorter *sorter;

      g_object_set_data (G_OBJECT (factory), "view", self);
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), (gpointer) &columns[i]);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), (gpointer) &columns[i]);
      column = gtk_column_view_column_new (_(columns[i].title), factory);
      /* gtk_column_view_column_set_id () is GTK 4.10 */
      g_object_set_data (G_OBJECT (column), "ms-column", (gpointer) columns[i].name);
      gtk_column_view_column_set_expand (column, columns[i].expand);
      gtk_column_view_column_set_resizable (column, TRUE);
      sorter = GTK_SORTER (gtk_custom_sorter_new (compare_accounts, (gpointer) &columns[i], NULL));
      gtk_column_view_column_set_sorter (column, sorter);
      g_object_unref (sorter);
      gtk_column_view_append_column (self->column_view, column);
    }
}

static GtkColumnViewColumn *
find_column (MsPortfolioView *self,
             const char      *name)
{
  GListModel *list = gtk_column_view_get_columns (self->column_view);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (list, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (column), "ms-column"), name) == 0)
        return column;
    }
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Filtering                                                                 */

static const char *
selected_id (GtkDropDown *dropdown,
             const char * const *ids,
             guint               n_ids)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || selected > n_ids)
    return NULL;
  return ids[selected - 1];
}

static gboolean
filter_account (gpointer item,
                gpointer user_data)
{
  MsPortfolioView *self = user_data;
  MsStaffAccount *account = item;
  const char *band = selected_id (self->band_dropdown, bands, G_N_ELEMENTS (bands));
  const char *plan = self->plans != NULL
                     ? selected_id (self->plan_dropdown, (const char * const *) self->plans,
                                    g_strv_length (self->plans))
                     : NULL;
  guint owner_index = gtk_drop_down_get_selected (self->owner_dropdown);
  const char *owner = self->owners != NULL && owner_index < self->owners->len
                      ? self->owners->pdata[owner_index] : NULL;

  if (band != NULL && g_strcmp0 (ms_staff_account_get_band (account), band) != 0)
    return FALSE;
  if (plan != NULL && g_strcmp0 (ms_staff_account_get_plan (account), plan) != 0)
    return FALSE;
  if (owner != NULL &&
      g_strcmp0 (ms_staff_account_get_owner (account), *owner == '\0' ? NULL : owner) != 0)
    return FALSE;
  if (self->search != NULL && strstr (ms_staff_account_get_folded (account), self->search) == NULL)
    return FALSE;
  return TRUE;
}

static void
update_count (MsPortfolioView *self)
{
  guint total = self->accounts != NULL ? g_list_model_get_n_items (self->accounts) : 0;
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  g_autofree char *text = NULL;

  /* Translators: shown accounts of all, "12 of 500 accounts" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u account", "%u of %u accounts",
                                       total), shown, total);
  gtk_label_set_text (self->count_label, text);
}

static void
on_filter_changed_cb (MsPortfolioView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  g_clear_pointer (&self->search, g_free);
  if (text != NULL && *text != '\0')
    self->search = g_utf8_casefold (text, -1);
  if (self->filter != NULL)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_count (self);
}

static void
fill_band_dropdown (MsPortfolioView *self)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  gtk_string_list_append (list, _("All bands"));
  for (guint i = 0; i < G_N_ELEMENTS (bands); i++)
    gtk_string_list_append (list, ms_accounts_band_label (bands[i]));
  gtk_drop_down_set_model (self->band_dropdown, G_LIST_MODEL (list));
}

static void
fill_plan_dropdown (MsPortfolioView *self)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  g_clear_pointer (&self->plans, g_strfreev);
  self->plans = ms_entitlements_list_plans (NULL);
  gtk_string_list_append (list, _("All plans"));
  for (guint i = 0; self->plans != NULL && self->plans[i] != NULL; i++)
    gtk_string_list_append (list, ms_accounts_plan_name (self->plans[i]));
  gtk_drop_down_set_model (self->plan_dropdown, G_LIST_MODEL (list));
}

/* "All CSMs", "You", "Unassigned", then every other owner in the list */
static void
fill_owner_dropdown (MsPortfolioView *self)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = self->accounts != NULL ? g_list_model_get_n_items (self->accounts) : 0;

  g_clear_pointer (&self->owners, g_ptr_array_unref);
  self->owners = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->owners, NULL);
  gtk_string_list_append (list, _("All CSMs"));
  if (self->me != NULL)
    {
      g_ptr_array_add (self->owners, g_strdup (self->me));
      gtk_string_list_append (list, _("You"));
      g_hash_table_add (seen, self->me);
    }
  g_ptr_array_add (self->owners, g_strdup (""));
  gtk_string_list_append (list, _("Unassigned"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MsStaffAccount) account = g_list_model_get_item (self->accounts, i);
      const char *owner = ms_staff_account_get_owner (account);

      if (owner != NULL && !g_hash_table_contains (seen, owner))
        {
          g_autofree char *label = ms_accounts_format_owner (owner, self->me);

          g_ptr_array_add (self->owners, g_strdup (owner));
          g_hash_table_add (seen, self->owners->pdata[self->owners->len - 1]);
          gtk_string_list_append (list, label);
        }
    }
  gtk_drop_down_set_model (self->owner_dropdown, G_LIST_MODEL (list));
}

/* ------------------------------------------------------------------------ */
/* Signal callbacks                                                          */

static void
on_row_activated_cb (MsPortfolioView *self,
                     guint            position,
                     GtkColumnView   *view)
{
  g_autoptr(MsStaffAccount) account = g_list_model_get_item (G_LIST_MODEL (self->sorted),
                                                             position);

  if (account != NULL)
    g_signal_emit (self, signals[OPEN_ACCOUNT], 0, ms_staff_account_get_account (account));
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                   */

static void
ms_portfolio_view_dispose (GObject *object)
{
  MsPortfolioView *self = MS_PORTFOLIO_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_PORTFOLIO_VIEW);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->accounts);
  g_clear_pointer (&self->owners, g_ptr_array_unref);
  g_clear_pointer (&self->plans, g_strfreev);
  g_clear_pointer (&self->me, g_free);
  g_clear_pointer (&self->search, g_free);

  G_OBJECT_CLASS (ms_portfolio_view_parent_class)->dispose (object);
}

static void
ms_portfolio_view_class_init (MsPortfolioViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ms_portfolio_view_dispose;

  /**
   * MsPortfolioView::open-account:
   * @account: the customer account's tenant
   */
  signals[OPEN_ACCOUNT] = g_signal_new ("open-account", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                        G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ms-portfolio-view.ui");
  gtk_widget_class_bind_template_child (widget_class, MsPortfolioView, box);
  gtk_widget_class_bind_template_child (widget_class, MsPortfolioView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MsPortfolioView, band_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MsPortfolioView, plan_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MsPortfolioView, owner_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MsPortfolioView, count_label);
  gtk_widget_class_bind_template_child (widget_class, MsPortfolioView, scroller);
  gtk_widget_class_bind_template_child (widget_class, MsPortfolioView, column_view);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);
}

static void
ms_portfolio_view_init (MsPortfolioView *self)
{
  GtkSelectionModel *selection;

  gtk_widget_init_template (GTK_WIDGET (self));

  add_columns (self);
  self->filter = gtk_custom_filter_new (filter_account, self, NULL);
  self->filtered = gtk_filter_list_model_new (NULL, g_object_ref (GTK_FILTER (self->filter)));
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)),
                                          g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  selection = GTK_SELECTION_MODEL (gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sorted))));
  gtk_single_selection_set_autoselect (GTK_SINGLE_SELECTION (selection), FALSE);
  gtk_column_view_set_model (self->column_view, selection);
  g_object_unref (selection);
  fill_band_dropdown (self);
  fill_plan_dropdown (self);
  fill_owner_dropdown (self);
  /* The riskiest first */
  ms_portfolio_view_sort_by (self, "churn", GTK_SORT_DESCENDING);
}

/* ------------------------------------------------------------------------ */
/* Public API                                                                */

/**
 * ms_portfolio_view_set_accounts:
 * @accounts: (nullable): a list of #MsStaffAccount
 * @me: (nullable): the signed-in CSM's user id
 */
void
ms_portfolio_view_set_accounts (MsPortfolioView *self,
                                GListModel      *accounts,
                                const char      *me)
{
  g_return_if_fail (MS_IS_PORTFOLIO_VIEW (self));

  g_set_object (&self->accounts, accounts);
  g_free (self->me);
  self->me = g_strdup (me);
  g_signal_handlers_block_by_func (self->owner_dropdown, on_filter_changed_cb, self);
  fill_owner_dropdown (self);
  g_signal_handlers_unblock_by_func (self->owner_dropdown, on_filter_changed_cb, self);
  gtk_filter_list_model_set_model (self->filtered, accounts);
  update_count (self);
}

/**
 * ms_portfolio_view_get_shown:
 *
 * Returns: (transfer none): the accounts as the table shows them, filtered
 *   and sorted
 */
GListModel *
ms_portfolio_view_get_shown (MsPortfolioView *self)
{
  g_return_val_if_fail (MS_IS_PORTFOLIO_VIEW (self), NULL);
  return G_LIST_MODEL (self->sorted);
}

/**
 * ms_portfolio_view_sort_by:
 * @column: name, plan, mrr, health, trend, churn, factor or owner
 *
 * As clicking the column's header.
 */
void
ms_portfolio_view_sort_by (MsPortfolioView *self,
                           const char      *column,
                           GtkSortType      order)
{
  g_return_if_fail (MS_IS_PORTFOLIO_VIEW (self));
  g_return_if_fail (find_column (self, column) != NULL);

  gtk_column_view_sort_by_column (self->column_view, find_column (self, column), order);
}

static void
select_id (GtkDropDown        *dropdown,
           const char * const *ids,
           guint               n_ids,
           const char         *id)
{
  guint selected = 0;

  for (guint i = 0; id != NULL && i < n_ids; i++)
    if (g_strcmp0 (ids[i], id) == 0)
      selected = i + 1;
  gtk_drop_down_set_selected (dropdown, selected);
}

/**
 * ms_portfolio_view_set_filter:
 * @band: (nullable): a band id, or NULL for all
 * @plan: (nullable): a plan id, or NULL for all
 * @owner: (nullable): a CSM's user id, "" for unassigned, NULL for all
 * @search: (nullable): text to find in the names
 *
 * As choosing in the filter bar.
 */
void
ms_portfolio_view_set_filter (MsPortfolioView *self,
                              const char      *band,
                              const char      *plan,
                              const char      *owner,
                              const char      *search)
{
  guint owner_index = 0;

  g_return_if_fail (MS_IS_PORTFOLIO_VIEW (self));

  select_id (self->band_dropdown, bands, G_N_ELEMENTS (bands), band);
  select_id (self->plan_dropdown, (const char * const *) self->plans,
             self->plans != NULL ? g_strv_length (self->plans) : 0, plan);
  for (guint i = 1; owner != NULL && i < self->owners->len; i++)
    if (g_strcmp0 (self->owners->pdata[i], owner) == 0)
      owner_index = i;
  gtk_drop_down_set_selected (self->owner_dropdown, owner_index);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), search != NULL ? search : "");
  /* search-changed waits; the filter follows now */
  on_filter_changed_cb (self);
}

/**
 * ms_portfolio_view_get_rows_built:
 *
 * Returns: how many row widgets every portfolio table has built so far
 */
guint
ms_portfolio_view_get_rows_built (void)
{
  return rows_built;
}
