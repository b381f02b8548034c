/* ms-touchpoint-form.c — log a call, meeting or e-mail, or write a note
 *
 * The account page's "Log" popover: what it was (a call, a meeting, an
 * e-mail or a note) and what was said. Saving writes a touchpoint through
 * MsTouchpointRepository, so it works offline and syncs to the CSM's other
 * devices; the timeline watches the repository and shows it at once. What
 * the mutation table refuses (an empty or too long text) is said under the
 * text, and the text is kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-accounts"

#include "config.h"

#include <glib/gi18n.h>

#include "ms-touchpoint-form.h"

struct _MsTouchpointForm
{
  GtkWidget               parent_instance;

  MsTouchpointRepository *repository;
  char                   *account;

  GtkWidget              *box;
  GtkDropDown            *kind;
  GtkTextView            *text;
  GtkLabel               *error_label;
  GtkButton              *save_button;
};

G_DEFINE_FINAL_TYPE (MsTouchpointForm, ms_touchpoint_form, GTK_TYPE_WIDGET)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The kind drop-down's order */
static const char * const kinds[] = { "call", "meeting", "email", "note" };

static char *
dup_text (MsTouchpointForm *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
show_error (MsTouchpointForm *self,
            const char       *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/**
 * ms_touchpoint_form_save:
 *
 * Logs what the form says for its account. On success the form is emptied
 * and emits ::saved; otherwise the reason shows and the text stays.
 *
 * Returns: whether it was saved
 */
gboolean
ms_touchpoint_form_save (MsTouchpointForm *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *id = NULL;
  guint selected;

  g_return_val_if_fail (MS_IS_TOUCHPOINT_FORM (self), FALSE);

  if (self->repository == NULL || self->account == NULL)
    return FALSE;
  text = dup_text (self);
  selected = MIN (gtk_drop_down_get_selected (self->kind), G_N_ELEMENTS (kinds) - 1);
  id = ms_touchpoint_repository_add (self->repository, self->account, kinds[selected], text,
                                     g_get_real_time (), &error);
  if (id == NULL)
    {
      show_error (self, error->message);
      return FALSE;
    }
  show_error (self, NULL);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text), "", -1);
  g_signal_emit (self, signals[SAVED], 0);
  return TRUE;
}

static void
on_save_clicked_cb (MsTouchpointForm *self)
{
  ms_touchpoint_form_save (self);
}

static void
build (MsTouchpointForm *self)
{
  const char *labels[] = { N_("Call"), N_("Meeting"), N_("E-mail"), N_("Note") };
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  G_STATIC_ASSERT (G_N_ELEMENTS (labels) == G_N_ELEMENTS (kinds));
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    gtk_string_list_append (list, _(labels[i]));
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->kind = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&list)), NULL));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->kind), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("What it was"), -1);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->kind));

  self->text = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (self->text, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (self->text, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("What was said"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->text));
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 120);
  gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_widget_add_css_class (scrolled, "card");
  gtk_box_append (GTK_BOX (self->box), scrolled);

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->error_label));

  self->save_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Save")));
  gtk_widget_add_css_class (GTK_WIDGET (self->save_button), "suggested-action");
  gtk_widget_set_halign (GTK_WIDGET (self->save_button), GTK_ALIGN_END);
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (on_save_clicked_cb), self);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->save_button));
}

static void
ms_touchpoint_form_dispose (GObject *object)
{
  MsTouchpointForm *self = MS_TOUCHPOINT_FORM (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->repository);
  g_clear_pointer (&self->account, g_free);

  G_OBJECT_CLASS (ms_touchpoint_form_parent_class)->dispose (object);
}

static void
ms_touchpoint_form_class_init (MsTouchpointFormClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ms_touchpoint_form_dispose;

  /**
   * MsTouchpointForm::saved:
   *
   * A touchpoint was logged.
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
ms_touchpoint_form_init (MsTouchpointForm *self)
{
  build (self);
}

GtkWidget *
ms_touchpoint_form_new (void)
{
  return g_object_new (MS_TYPE_TOUCHPOINT_FORM, NULL);
}

/**
 * ms_touchpoint_form_set_target:
 * @account: the customer account's tenant
 *
 * Where the form logs to.
 */
void
ms_touchpoint_form_set_target (MsTouchpointForm       *self,
                               MsTouchpointRepository *repository,
                               const char             *account)
{
  g_return_if_fail (MS_IS_TOUCHPOINT_FORM (self));

  g_set_object (&self->repository, repository);
  g_free (self->account);
  self->account = g_strdup (account);
  show_error (self, NULL);
}

/**
 * ms_touchpoint_form_set_kind:
 * @kind: call, meeting, email or note
 */
void
ms_touchpoint_form_set_kind (MsTouchpointForm *self,
                             const char       *kind)
{
  g_return_if_fail (MS_IS_TOUCHPOINT_FORM (self));

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i], kind) == 0)
      gtk_drop_down_set_selected (self->kind, i);
}

void
ms_touchpoint_form_set_text (MsTouchpointForm *self,
                             const char       *text)
{
  g_return_if_fail (MS_IS_TOUCHPOINT_FORM (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text), text, -1);
}

/**
 * ms_touchpoint_form_get_error:
 *
 * Returns: (nullable): why the last save failed, as shown
 */
const char *
ms_touchpoint_form_get_error (MsTouchpointForm *self)
{
  g_return_val_if_fail (MS_IS_TOUCHPOINT_FORM (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->error_label))
           ? gtk_label_get_text (self->error_label) : NULL;
}
