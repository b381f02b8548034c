/* ms-rejected-rows-view.c — the rows an import rejected, with their lines and reasons
 *
 * A file with the wrong columns can reject every one of 100,000 rows, and
 * the preview still lists each of them: a GtkListView over the reasons
 * builds widgets only for the rows on screen, where a list box of 100,000
 * rows would freeze the window for a long while. Each row reads "Line N"
 * and the reason, so the problem can be found in a spreadsheet or editor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ms-rejected-rows-view.h"

static void
on_setup_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *line = gtk_label_new (NULL);
  GtkWidget *reason = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (line), 0);
  gtk_widget_add_css_class (line, "heading");
  gtk_label_set_xalign (GTK_LABEL (reason), 0);
  gtk_label_set_wrap (GTK_LABEL (reason), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (reason), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (reason, "dim-label");
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_box_append (GTK_BOX (box), line);
  gtk_box_append (GTK_BOX (box), reason);
  gtk_list_item_set_child (item, box);
  gtk_list_item_set_activatable (item, FALSE);
}

static void
on_bind_cb (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            MsCampaignImport         *import)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *line = gtk_widget_get_first_child (box);
  GtkWidget *reason = gtk_widget_get_next_sibling (line);
  const MsCampaignRejection *rejection =
    ms_campaign_import_get_rejected (import, gtk_list_item_get_position (item));
  g_autofree char *title = g_strdup_printf (_("Line %u"), rejection->line);

  gtk_label_set_text (GTK_LABEL (line), title);
  gtk_label_set_text (GTK_LABEL (reason),
                      gtk_string_object_get_string (gtk_list_item_get_item (item)));
}

/**
 * ms_rejected_rows_view_new:
 * @import: the preview; the view keeps a reference
 *
 * Returns: (transfer floating): a scrolled list of @import's rejected rows
 */
GtkWidget *
ms_rejected_rows_view_new (MsCampaignImport *import)
{
  GtkStringList *reasons_model;
  GtkListItemFactory *factory;
  GtkWidget *scroller;
  GtkWidget *list;
  guint n;

  g_return_val_if_fail (MS_IS_CAMPAIGN_IMPORT (import), NULL);

  n = ms_campaign_import_get_n_rejected (import);
  reasons_model = gtk_string_list_new (NULL);
  factory = gtk_signal_list_item_factory_new ();
  scroller = gtk_scrolled_window_new ();
  /* The reasons; the bind finds each one's line in the import by position. */
  {
    g_autofree const char **reasons = g_new (const char *, n + 1);

    for (guint i = 0; i < n; i++)
      reasons[i] = ms_campaign_import_get_rejected (import, i)->reason;
    reasons[n] = NULL;
    gtk_string_list_splice (reasons_model, 0, 0, reasons);
  }
  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_cb), NULL);
  g_signal_connect_data (factory, "bind", G_CALLBACK (on_bind_cb), g_object_ref (import),
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);

  list = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (reasons_model))),
                            factory);
  gtk_widget_add_css_class (list, "card");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Rejected rows"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  /* room for three rows of a two-line reason; more scroll */
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), (int) MIN (n, 3) * 76);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 3 * 76);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  return scroller;
}
