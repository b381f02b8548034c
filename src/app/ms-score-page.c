/* ms-score-page.c — where a message is written and measured
 *
 * The page owns the draft: its entries write into it, and the count panel and
 * the field counters watch it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ms-count-panel.h"
#include "ms-preview-panel.h"
#include "ms-score-page.h"

struct _MsScorePage
{
  GtkWidget        parent_instance;

  MsDraft         *draft;
  GSettings       *settings;

  /* Template widgets */
  AdwLeaflet      *workspace;
  GtkWidget       *editor_pane;
  GtkWidget       *results_pane;
  MsPreviewPanel  *preview_panel;
  GtkToggleButton *email_button;
  GtkToggleButton *line_button;
  AdwEntryRow     *subject_row;
  GtkLabel        *subject_count;
  AdwEntryRow     *preheader_row;
  GtkLabel        *preheader_count;
  GtkTextView     *body_view;
  MsCountPanel    *count_panel;
};

enum {
  PROP_0,
  PROP_CHANNEL,
  PROP_DRAFT,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (MsScorePage, ms_score_page, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

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

  gtk_widget_set_visible (GTK_WIDGET (self->subject_row), is_email);
  gtk_widget_set_visible (GTK_WIDGET (self->preheader_row), is_email);

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

static void
on_body_changed_cb (MsScorePage   *self,
                    GtkTextBuffer *buffer)
{
  GtkTextIter start;
  GtkTextIter end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  ms_draft_set_body (self->draft, text);
}

static void
focus_body_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  MsScorePage *self = MS_SCORE_PAGE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->body_view));
}

static void
show_results_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  MsScorePage *self = MS_SCORE_PAGE (widget);

  adw_leaflet_set_visible_child (self->workspace, self->results_pane);
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

static void
ms_score_page_dispose (GObject *object)
{
  GtkWidget *child;
  MsScorePage *self = MS_SCORE_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_SCORE_PAGE);
  /* The template's root is not bound to a field, so it is ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->draft);
  g_clear_object (&self->settings);

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

  object_class->dispose = ms_score_page_dispose;
  object_class->get_property = ms_score_page_get_property;
  object_class->set_property = ms_score_page_set_property;

  properties[PROP_CHANNEL] =
    g_param_spec_enum ("channel", NULL, NULL,
                       MS_TYPE_CHANNEL, MS_CHANNEL_EMAIL,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DRAFT] =
    g_param_spec_object ("draft", NULL, NULL,
                         MS_TYPE_DRAFT,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MS_TYPE_COUNT_PANEL);
  g_type_ensure (MS_TYPE_PREVIEW_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ms-score-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, workspace);
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, editor_pane);
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, results_pane);
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, preview_panel);
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, email_button);
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, line_button);
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, subject_row);
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, subject_count);
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, preheader_row);
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, preheader_count);
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, body_view);
  gtk_widget_class_bind_template_child (widget_class, MsScorePage, count_panel);
  gtk_widget_class_bind_template_callback (widget_class, on_subject_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_preheader_changed_cb);

  gtk_widget_class_install_property_action (widget_class, "score.channel", "channel");
  gtk_widget_class_install_action (widget_class, "score.focus-body", NULL, focus_body_action);
  gtk_widget_class_install_action (widget_class, "score.show-results", NULL, show_results_action);
  gtk_widget_class_install_action (widget_class, "score.show-editor", NULL, show_editor_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_ALT_MASK,
                                       "score.channel", "s", "email");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_ALT_MASK,
                                       "score.channel", "s", "line");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_ALT_MASK,
                                       "score.focus-body", NULL);

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
  g_signal_connect_object (gtk_text_view_get_buffer (self->body_view), "changed",
                           G_CALLBACK (on_body_changed_cb), self,
                           G_CONNECT_SWAPPED);

  ms_count_panel_set_draft (self->count_panel, self->draft);
  ms_preview_panel_set_draft (self->preview_panel, self->draft);
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

/**
 * ms_score_page_set_settings:
 *
 * Starts the page on the channel the user chose in Preferences and shows
 * the sender name from Preferences in the previews.
 */
void
ms_score_page_set_settings (MsScorePage *self,
                            GSettings   *settings)
{
  g_autofree char *channel_name = NULL;
  MsChannel channel;

  g_return_if_fail (MS_IS_SCORE_PAGE (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  g_set_object (&self->settings, settings);

  channel_name = g_settings_get_string (settings, "default-channel");
  if (ms_channel_from_string (channel_name, &channel))
    ms_draft_set_channel (self->draft, channel);

  g_signal_connect_object (settings, "changed::sender-name",
                           G_CALLBACK (on_settings_sender_name_changed_cb), self,
                           G_CONNECT_SWAPPED);
  on_settings_sender_name_changed_cb (self, "sender-name", settings);
}
