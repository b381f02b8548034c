/* ms-text-row.c — a row of wrapped text, as AdwActionRow shows it, laid out once per width
 *
 * AdwActionRow centres its header and title boxes (valign) and puts them in
 * a horizontal GtkBox. Both make GTK ask a wrapping label its width for a
 * given height, which the label answers by laying its text out again and
 * again (a search over widths): each new row of a long finding cost dozens
 * of Pango layouts, most of a keystroke that changes a finding. This row
 * holds the same parts (a prefix, the title and subtitle, suffixes) in a
 * GtkGrid, which asks widths without a height, and fills its height instead
 * of centring in it: the labels centre their text themselves (yalign), so
 * a label is only asked its height for a width, one layout each (and its
 * minimum width at ten characters, not at none: make_label()). The grid
 * takes the CSS name of the box it replaces, so libadwaita's row styles
 * (margins, the title box, the subtitle's size) apply unchanged.
 *
 * The title is AdwPreferencesRow:title (markup); the row is labelled by it
 * and described by the subtitle, as AdwActionRow is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-text-row"

#include "config.h"

#include "ms-text-row.h"

/* A GtkGrid drawn as AdwActionRow's header box. */
#define MS_TYPE_ROW_HEADER (ms_row_header_get_type ())
G_DECLARE_FINAL_TYPE (MsRowHeader, ms_row_header, MS, ROW_HEADER, GtkGrid)

struct _MsRowHeader
{
  GtkGrid parent_instance;
};

G_DEFINE_FINAL_TYPE (MsRowHeader, ms_row_header, GTK_TYPE_GRID)

static void
ms_row_header_class_init (MsRowHeaderClass *klass)
{
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "box");
}

static void
ms_row_header_init (MsRowHeader *self)
{
  /* The header box's border-spacing, which a grid does not read. */
  gtk_grid_set_column_spacing (GTK_GRID (self), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self), "header");
}

struct _MsTextRow
{
  AdwPreferencesRow  parent_instance;

  GtkGrid           *header;
  GtkLabel          *title;
  GtkLabel          *subtitle;
  int                n_columns;
};

G_DEFINE_FINAL_TYPE (MsTextRow, ms_text_row, ADW_TYPE_PREFERENCES_ROW)

static GtkLabel *
make_label (const char *css_class)
{
  GtkLabel *label = GTK_LABEL (gtk_label_new (NULL));

  gtk_label_set_wrap (label, TRUE);
  gtk_label_set_wrap_mode (label, PANGO_WRAP_WORD_CHAR);
  /* A wrapping label's minimum width is its text laid out at the width
   * asked here: at 0 (unset) Pango breaks after every character and, in
   * Latin words, measures a hyphen at each break, hundreds of shapings for
   * one finding (most of a keystroke that adds a row). Ten characters keep
   * the row as narrow as any window is and break a few times only. */
  gtk_label_set_width_chars (label, 10);
  gtk_label_set_xalign (label, 0);
  gtk_widget_set_vexpand (GTK_WIDGET (label), TRUE);
  gtk_label_set_use_markup (label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (label), css_class);
  gtk_widget_set_visible (GTK_WIDGET (label), FALSE);
  return label;
}

/* The text sits in the middle of the row's height: the title's at the
 * bottom of its half and the subtitle's at the top of its, or one alone in
 * the middle. */
static void
align_text (MsTextRow *self)
{
  gboolean both = gtk_widget_get_visible (GTK_WIDGET (self->title)) &&
                  gtk_widget_get_visible (GTK_WIDGET (self->subtitle));

  gtk_label_set_yalign (self->title, both ? 1.0 : 0.5);
  gtk_label_set_yalign (self->subtitle, both ? 0.0 : 0.5);
}

static void
on_title_notify_cb (MsTextRow  *self,
                    GParamSpec *pspec,
                    gpointer    user_data)
{
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self));

  gtk_label_set_label (self->title, title);
  gtk_widget_set_visible (GTK_WIDGET (self->title), title != NULL && *title != '\0');
  align_text (self);
}

static void
ms_text_row_class_init (MsTextRowClass *klass)
{
}

static void
ms_text_row_init (MsTextRow *self)
{
  GtkWidget *title_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  self->header = g_object_new (MS_TYPE_ROW_HEADER, NULL);

  gtk_widget_add_css_class (title_box, "title");
  gtk_widget_set_hexpand (title_box, TRUE);
  self->title = make_label ("title");
  self->subtitle = make_label ("subtitle");
  gtk_box_append (GTK_BOX (title_box), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (title_box), GTK_WIDGET (self->subtitle));

  /* Column 0: the prefix; 1: the text; 2…: the suffixes. */
  gtk_grid_attach (self->header, title_box, 1, 0, 1, 1);
  self->n_columns = 2;
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), GTK_WIDGET (self->header));

  gtk_accessible_update_relation (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->title, NULL,
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->subtitle, NULL,
                                  -1);
  g_signal_connect (self, "notify::title", G_CALLBACK (on_title_notify_cb), NULL);
}

GtkWidget *
ms_text_row_new (void)
{
  return g_object_new (MS_TYPE_TEXT_ROW, NULL);
}

const char *
ms_text_row_get_subtitle (MsTextRow *self)
{
  g_return_val_if_fail (MS_IS_TEXT_ROW (self), NULL);

  return gtk_label_get_label (self->subtitle);
}

/**
 * ms_text_row_set_subtitle:
 * @subtitle: (nullable): markup
 */
void
ms_text_row_set_subtitle (MsTextRow  *self,
                          const char *subtitle)
{
  g_return_if_fail (MS_IS_TEXT_ROW (self));

  gtk_label_set_label (self->subtitle, subtitle != NULL ? subtitle : "");
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle), subtitle != NULL && *subtitle != '\0');
  align_text (self);
}

/* Before the text, as AdwActionRow's prefix; one at most. */
void
ms_text_row_add_prefix (MsTextRow *self,
                        GtkWidget *widget)
{
  g_return_if_fail (MS_IS_TEXT_ROW (self));
  g_return_if_fail (gtk_grid_get_child_at (self->header, 0, 0) == NULL);

  gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
  gtk_grid_attach (self->header, widget, 0, 0, 1, 1);
}

/* After the text, in the order added; centred as AdwActionRow's suffixes. */
void
ms_text_row_add_suffix (MsTextRow *self,
                        GtkWidget *widget)
{
  g_return_if_fail (MS_IS_TEXT_ROW (self));

  gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
  gtk_grid_attach (self->header, widget, self->n_columns++, 0, 1, 1);
}
