/* ms-preview-panel.c — every surface the message will appear on, at once
 *
 * Watches the draft; on each change asks the core to lay the message out on
 * each device of the channel and hands the layouts to the views, with the
 * core's warnings under each. Exports one preview, or all of them stacked,
 * to PNG with the views' own drawing.
 *
 * The cards are made once the window is on screen: after the first frame
 * that the panel was mapped in (the window appears without waiting for
 * them), or at once when asked for a view, its warnings or an export.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-preview-panel"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ms-plan-gate.h"
#include "ms-preview-panel.h"

#define EXPORT_GAP 24

typedef struct
{
  const MsDeviceProfile *profile;
  GtkWidget             *card;
  MsPreviewView         *view;
  GtkBox                *warnings;
  char                 **warning_texts;
  GPtrArray             *neighbours;   /* MsPreviewLayout of the dummy mails, or NULL */
} Card;

struct _MsPreviewPanel
{
  GtkWidget        parent_instance;

  MsDraft         *draft;
  char            *sender_name;
  MsChannel        channel;
  GPtrArray       *cards;          /* Card, for the draft's channel */
  gboolean         made;           /* cards are made for the channel and follow the draft */
  MsEntitlements  *plan;           /* NULL: previews are not asked for */

  /* Template widgets */
  GtkToggleButton *dark_button;
  GtkBox          *cards_box;
  GtkWidget       *locked_box;
  GtkLabel        *locked_label;
};

G_DEFINE_FINAL_TYPE (MsPreviewPanel, ms_preview_panel, GTK_TYPE_WIDGET)

static void
card_free (gpointer data)
{
  Card *card = data;

  g_strfreev (card->warning_texts);
  g_clear_pointer (&card->neighbours, g_ptr_array_unref);
  g_free (card);
}

static const char *
sender_name (MsPreviewPanel *self)
{
  if (self->sender_name != NULL && *self->sender_name != '\0')
    return self->sender_name;

  /* Translators: the sender shown in previews until one is set in Preferences */
  return _("Your Brand");
}

/* Dummy messages around ours in inbox lists, so the eye sees it in context. */
static GPtrArray *
make_neighbours (const MsDeviceProfile *profile)
{
  GPtrArray *neighbours = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_preview_layout_unref);

  g_ptr_array_add (neighbours,
                   ms_preview_layout_email (profile, _("Weekly Digest"),
                                            _("Your weekly reading list is here"),
                                            _("Five articles picked for you this week, plus "
                                              "the events coming up next month."),
                                            ""));
  g_ptr_array_add (neighbours,
                   ms_preview_layout_email (profile, _("Online Store"),
                                            _("Your order has shipped"),
                                            _("Track your parcel and check the delivery date on "
                                              "your account page."),
                                            ""));
  return neighbours;
}

static MsPreviewLayout *
make_layout (MsPreviewPanel        *self,
             const MsDeviceProfile *profile)
{
  if (ms_device_profile_get_channel (profile) == MS_CHANNEL_EMAIL)
    return ms_preview_layout_email (profile, sender_name (self),
                                    ms_draft_get_subject (self->draft),
                                    ms_draft_get_preheader (self->draft),
                                    ms_draft_get_body (self->draft));
  else
    {
      const char *bubbles[MS_DRAFT_N_FIELDS + 1] = { NULL };

      for (guint i = 0; i < ms_draft_get_n_bubbles (self->draft); i++)
        bubbles[i] = ms_draft_get_field (self->draft, MS_DRAFT_FIELD_BODY + i);

      return ms_preview_layout_line (profile, sender_name (self), bubbles);
    }
}

static void
show_warnings (Card *card)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (card->warnings))) != NULL)
    gtk_box_remove (card->warnings, child);

  for (guint i = 0; card->warning_texts[i] != NULL; i++)
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      GtkWidget *label = gtk_label_new (card->warning_texts[i]);

      gtk_widget_set_valign (icon, GTK_ALIGN_START);
      gtk_widget_add_css_class (icon, "warning");
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (row), icon);
      gtk_box_append (GTK_BOX (row), label);
      gtk_box_append (card->warnings, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (card->warnings), card->warning_texts[0] != NULL);
}

static void
update_layouts (MsPreviewPanel *self)
{
  if (self->draft == NULL || !self->made)
    return;

  for (guint i = 0; i < self->cards->len; i++)
    {
      Card *card = g_ptr_array_index (self->cards, i);
      g_autoptr(MsPreviewLayout) layout = make_layout (self, card->profile);
      g_auto(GStrv) warnings = ms_preview_layout_dup_warnings (layout);

      ms_preview_view_set_layout (card->view, layout, card->neighbours);
      /* The same warnings keep their rows: no widgets made on each keystroke. */
      if (g_strv_equal ((const char * const *) warnings,
                        (const char * const *) card->warning_texts))
        continue;
      g_strfreev (card->warning_texts);
      card->warning_texts = g_steal_pointer (&warnings);
      show_warnings (card);
    }
}

static GtkWidget *
make_card (MsPreviewPanel *self,
           Card           *card)
{
  const char *id = ms_device_profile_get_id (card->profile);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title = gtk_label_new (ms_device_profile_get_name (card->profile));
  GtkWidget *export = gtk_button_new_from_icon_name ("document-save-symbolic");
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *frame = gtk_frame_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_add_css_class (export, "flat");
  gtk_widget_set_tooltip_text (export, _("Export as PNG…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (export),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Export as PNG…"),
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (export), "preview.export");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (export), "s", id);
  gtk_box_append (GTK_BOX (header), title);
  gtk_box_append (GTK_BOX (header), export);

  card->view = MS_PREVIEW_VIEW (ms_preview_view_new ());
  g_object_bind_property (self->dark_button, "active", card->view, "dark", G_BINDING_SYNC_CREATE);
  gtk_frame_set_child (GTK_FRAME (frame), GTK_WIDGET (card->view));
  gtk_widget_set_halign (frame, GTK_ALIGN_START);
  gtk_widget_add_css_class (frame, "preview-frame");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), frame);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller),
                                  GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);

  card->warnings = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 4));
  gtk_widget_add_css_class (GTK_WIDGET (card->warnings), "preview-warnings");

  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), scroller);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (card->warnings));
  gtk_widget_set_name (box, id);

  return box;
}

static void
rebuild_cards (MsPreviewPanel *self)
{
  GPtrArray *profiles = ms_device_profiles_get_default ();
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->cards_box))) != NULL)
    gtk_box_remove (self->cards_box, child);
  g_ptr_array_set_size (self->cards, 0);
  self->made = TRUE;

  for (guint i = 0; i < profiles->len; i++)
    {
      const MsDeviceProfile *profile = g_ptr_array_index (profiles, i);
      Card *card;

      if (ms_device_profile_get_channel (profile) != self->channel)
        continue;

      card = g_new0 (Card, 1);
      card->profile = profile;
      card->warning_texts = g_new0 (char *, 1);
      if (ms_device_profile_get_channel (profile) == MS_CHANNEL_EMAIL)
        card->neighbours = make_neighbours (profile);
      card->card = make_card (self, card);
      gtk_box_append (self->cards_box, card->card);
      g_ptr_array_add (self->cards, card);
    }

  update_layouts (self);
}

/* Makes the cards now if they are not yet. */
static void
ensure_cards (MsPreviewPanel *self)
{
  if (self->made || self->draft == NULL)
    return;
  self->channel = ms_draft_get_channel (self->draft);
  rebuild_cards (self);
}

/* The window has drawn the frame that first showed the panel, without
 * previews: they are made now and appear in the next one. */
static void
on_frame_clock_after_paint_cb (MsPreviewPanel *self,
                               GdkFrameClock  *frame_clock)
{
  g_signal_handlers_disconnect_by_func (frame_clock, on_frame_clock_after_paint_cb, self);
  ensure_cards (self);
}

static void
ms_preview_panel_map (GtkWidget *widget)
{
  MsPreviewPanel *self = MS_PREVIEW_PANEL (widget);

  GTK_WIDGET_CLASS (ms_preview_panel_parent_class)->map (widget);

  if (!self->made)
    g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                             G_CALLBACK (on_frame_clock_after_paint_cb), self,
                             G_CONNECT_SWAPPED);
}

static void
ms_preview_panel_unmap (GtkWidget *widget)
{
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (widget);

  if (frame_clock != NULL)
    g_signal_handlers_disconnect_by_func (frame_clock, on_frame_clock_after_paint_cb, widget);

  GTK_WIDGET_CLASS (ms_preview_panel_parent_class)->unmap (widget);
}

static void
on_draft_notify_cb (MsPreviewPanel *self,
                    GParamSpec     *pspec,
                    MsDraft        *draft)
{
  if (!self->made)
    return;
  if (ms_draft_get_channel (draft) != self->channel)
    {
      self->channel = ms_draft_get_channel (draft);
      rebuild_cards (self);
    }
  else if (g_str_equal (pspec->name, "subject") || g_str_equal (pspec->name, "preheader") ||
           g_str_equal (pspec->name, "body") || g_str_equal (pspec->name, "bubble2") ||
           g_str_equal (pspec->name, "bubble3") || g_str_equal (pspec->name, "n-bubbles"))
    {
      update_layouts (self);
    }
}

static Card *
find_card (MsPreviewPanel *self,
           const char     *profile_id)
{
  for (guint i = 0; i < self->cards->len; i++)
    {
      Card *card = g_ptr_array_index (self->cards, i);

      if (g_str_equal (ms_device_profile_get_id (card->profile), profile_id))
        return card;
    }

  return NULL;
}

static GdkTexture *
render_all (MsPreviewPanel  *self,
            GError         **error)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  double total_width = 0;
  double y = 0;

  for (guint i = 0; i < self->cards->len; i++)
    {
      Card *card = g_ptr_array_index (self->cards, i);
      double width;
      double height;

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, y));
      ms_preview_view_paint (card->view, snapshot, &width, &height);
      gtk_snapshot_restore (snapshot);

      total_width = MAX (total_width, width);
      y += height + (i + 1 < self->cards->len ? EXPORT_GAP : 0);
    }

  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  return ms_preview_render_node (node, total_width, y, error);
}

static void
show_error (MsPreviewPanel *self,
            const GError   *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              _("Could Not Export the Preview"),
                                              error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_export_response_cb (GtkNativeDialog *dialog,
                       int              response,
                       gpointer         user_data)
{
  MsPreviewPanel *self = MS_PREVIEW_PANEL (user_data);
  const char *profile_id = g_object_get_data (G_OBJECT (dialog), "profile-id");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;

      if (!ms_preview_panel_export (self, profile_id, file, &error))
        show_error (self, error);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
choose_export_file (MsPreviewPanel *self,
                    const char     *profile_id)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *name = g_strdup_printf ("msgscore-%s.png", profile_id != NULL ? profile_id : "previews");
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (profile_id != NULL ? _("Export Preview")
                                                           : _("Export All Previews"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PNG images"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_object_set_data_full (G_OBJECT (dialog), "profile-id", g_strdup (profile_id), g_free);

  g_signal_connect (dialog, "response", G_CALLBACK (on_export_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MsPreviewPanel *self = MS_PREVIEW_PANEL (widget);

  if (ms_plan_gate_check (widget, self->plan, "previews", FALSE))
    choose_export_file (self, g_variant_get_string (parameter, NULL));
}

static void
export_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  MsPreviewPanel *self = MS_PREVIEW_PANEL (widget);

  if (ms_plan_gate_check (widget, self->plan, "previews", FALSE))
    choose_export_file (self, NULL);
}

static void
ms_preview_panel_dispose (GObject *object)
{
  MsPreviewPanel *self = MS_PREVIEW_PANEL (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_PREVIEW_PANEL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->draft);
  g_clear_object (&self->plan);
  g_clear_pointer (&self->cards, g_ptr_array_unref);

  G_OBJECT_CLASS (ms_preview_panel_parent_class)->dispose (object);
}

static void
ms_preview_panel_finalize (GObject *object)
{
  MsPreviewPanel *self = MS_PREVIEW_PANEL (object);

  g_free (self->sender_name);

  G_OBJECT_CLASS (ms_preview_panel_parent_class)->finalize (object);
}

static void
ms_preview_panel_class_init (MsPreviewPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ms_preview_panel_dispose;
  object_class->finalize = ms_preview_panel_finalize;
  widget_class->map = ms_preview_panel_map;
  widget_class->unmap = ms_preview_panel_unmap;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ms-preview-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, MsPreviewPanel, dark_button);
  gtk_widget_class_bind_template_child (widget_class, MsPreviewPanel, cards_box);
  gtk_widget_class_bind_template_child (widget_class, MsPreviewPanel, locked_box);
  gtk_widget_class_bind_template_child (widget_class, MsPreviewPanel, locked_label);

  gtk_widget_class_install_action (widget_class, "preview.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "preview.export-all", NULL, export_all_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "previewpanel");
}

static void
ms_preview_panel_init (MsPreviewPanel *self)
{
  self->cards = g_ptr_array_new_with_free_func (card_free);
  self->channel = MS_CHANNEL_EMAIL;

  gtk_widget_init_template (GTK_WIDGET (self));
}

void
ms_preview_panel_set_draft (MsPreviewPanel *self,
                            MsDraft        *draft)
{
  g_return_if_fail (MS_IS_PREVIEW_PANEL (self));
  g_return_if_fail (MS_IS_DRAFT (draft));

  if (self->draft != NULL)
    g_signal_handlers_disconnect_by_func (self->draft, on_draft_notify_cb, self);

  g_set_object (&self->draft, draft);
  g_signal_connect_object (draft, "notify", G_CALLBACK (on_draft_notify_cb), self,
                           G_CONNECT_SWAPPED);

  if (self->made)
    {
      self->channel = ms_draft_get_channel (draft);
      rebuild_cards (self);
    }
}

/**
 * ms_preview_panel_set_plan:
 * @plan: (nullable): the account's plan
 *
 * Device previews are a plan feature: without it the panel says which plan
 * has them where the previews would be.
 */
void
ms_preview_panel_set_plan (MsPreviewPanel *self,
                           MsEntitlements *plan)
{
  g_autofree char *reason = NULL;

  g_return_if_fail (MS_IS_PREVIEW_PANEL (self));

  g_set_object (&self->plan, plan);
  reason = ms_plan_gate_dup_reason (plan, "previews", FALSE);
  gtk_label_set_label (self->locked_label, reason != NULL ? reason : "");
  gtk_widget_set_visible (self->locked_box, reason != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->cards_box), reason == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->dark_button), reason == NULL);
}

/**
 * ms_preview_panel_get_locked:
 *
 * Returns: whether the plan has no device previews
 */
gboolean
ms_preview_panel_get_locked (MsPreviewPanel *self)
{
  g_return_val_if_fail (MS_IS_PREVIEW_PANEL (self), FALSE);

  return gtk_widget_get_visible (self->locked_box);
}

void
ms_preview_panel_set_sender_name (MsPreviewPanel *self,
                                  const char     *name)
{
  g_return_if_fail (MS_IS_PREVIEW_PANEL (self));

  if (g_strcmp0 (self->sender_name, name) == 0)
    return;

  g_free (self->sender_name);
  self->sender_name = g_strdup (name);
  update_layouts (self);
}

/**
 * ms_preview_panel_get_view:
 *
 * Returns: (transfer none) (nullable): the view of @profile_id, if the
 *   draft's channel shows it
 */
MsPreviewView *
ms_preview_panel_get_view (MsPreviewPanel *self,
                           const char     *profile_id)
{
  Card *card;

  g_return_val_if_fail (MS_IS_PREVIEW_PANEL (self), NULL);

  ensure_cards (self);
  card = find_card (self, profile_id);
  return card != NULL ? card->view : NULL;
}

/**
 * ms_preview_panel_dup_warnings:
 *
 * Returns: (transfer full): the warnings shown under @profile_id's preview
 */
char **
ms_preview_panel_dup_warnings (MsPreviewPanel *self,
                               const char     *profile_id)
{
  Card *card;

  g_return_val_if_fail (MS_IS_PREVIEW_PANEL (self), NULL);

  ensure_cards (self);
  card = find_card (self, profile_id);
  return card != NULL ? g_strdupv (card->warning_texts) : g_new0 (char *, 1);
}

/**
 * ms_preview_panel_export:
 * @profile_id: (nullable): one preview, or %NULL for all of them stacked
 *
 * Writes the preview(s) to @file as PNG.
 */
gboolean
ms_preview_panel_export (MsPreviewPanel  *self,
                         const char      *profile_id,
                         GFile           *file,
                         GError         **error)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GBytes) png = NULL;
  Card *card = NULL;

  g_return_val_if_fail (MS_IS_PREVIEW_PANEL (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  ensure_cards (self);
  if (profile_id != NULL && (card = find_card (self, profile_id)) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("There is no “%s” preview for this channel."), profile_id);
      return FALSE;
    }

  texture = card != NULL ? ms_preview_view_render (card->view, error) : render_all (self, error);
  if (texture == NULL)
    return FALSE;

  png = gdk_texture_save_to_png_bytes (texture);
  return g_file_replace_contents (file, g_bytes_get_data (png, NULL), g_bytes_get_size (png),
                                  NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL,
                                  error);
}
