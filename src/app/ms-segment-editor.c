/* ms-segment-editor.c — who the message is for and what it should achieve
 *
 * Industry (from the baselines data), audience, age band, B2B, list size and
 * goal, written into the draft's segment as they change, so the score, the
 * fit findings and the prediction follow at once.
 *
 * The presets chooser lists the user's own presets and, under the active
 * team's name, the presets the team shares; owners can also save to the team.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-segment-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "ms-segment-editor.h"
#include "store/ms-store-all.h"

struct _MsSegmentEditor
{
  GtkWidget       parent_instance;

  MsDraft        *draft;
  MsContext      *context;
  MsStore        *store;
  MsSegmentRepository *presets;
  MsTeamRepository *teams;
  MsTeamRulesRepository *team_rules;  /* the active team's, or NULL without a team */
  gboolean        team_can_edit;      /* whether team_presets_list shows delete buttons */
  GPtrArray      *industries;   /* MsIndustry, in the order of the industry row */
  gboolean        updating;

  /* Template widgets */
  AdwExpanderRow *expander;
  AdwComboRow    *industry_row;
  AdwComboRow    *audience_row;
  AdwComboRow    *age_band_row;
  AdwComboRow    *goal_row;
  GtkSwitch      *b2b_switch;
  GtkSpinButton  *list_size_spin;
  GtkWidget      *presets_row;
  GtkMenuButton  *presets_button;
  GtkListBox     *presets_list;
  GtkWidget      *presets_empty;
  GtkWidget      *team_presets_box;
  GtkLabel       *team_presets_heading;
  GtkListBox     *team_presets_list;
  GtkWidget      *team_presets_empty;
  GtkWidget      *save_preset_button;
};

G_DEFINE_FINAL_TYPE (MsSegmentEditor, ms_segment_editor, GTK_TYPE_WIDGET)

static const char *
selected_label (AdwComboRow *row)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (row);

  return item != NULL ? gtk_string_object_get_string (item) : "";
}

static void
show_summary (MsSegmentEditor *self)
{
  g_autofree char *summary = NULL;

  /* Translators: the segment in one line: industry · audience · goal */
  summary = g_strdup_printf (_("%s · %s · %s"),
                             selected_label (self->industry_row),
                             selected_label (self->audience_row),
                             selected_label (self->goal_row));
  adw_expander_row_set_subtitle (self->expander, summary);
}

static void
write_segment (MsSegmentEditor *self)
{
  g_autoptr(MsSegment) segment = NULL;
  guint industry;

  if (self->draft == NULL || self->updating)
    return;

  segment = ms_segment_copy (ms_draft_get_segment (self->draft));
  industry = adw_combo_row_get_selected (self->industry_row);
  ms_segment_set_industry (segment, industry < self->industries->len ?
                           ((MsIndustry *) g_ptr_array_index (self->industries, industry))->id :
                           NULL);
  segment->audience = adw_combo_row_get_selected (self->audience_row);
  segment->age_band = adw_combo_row_get_selected (self->age_band_row);
  segment->goal = adw_combo_row_get_selected (self->goal_row);
  segment->b2b = gtk_switch_get_active (self->b2b_switch);
  segment->list_size = (guint64) gtk_spin_button_get_value (self->list_size_spin);

  show_summary (self);
  self->updating = TRUE;
  ms_draft_set_segment (self->draft, segment);
  self->updating = FALSE;
}

/* Shows the draft's segment; the enums' order is the rows' order. */
static void
read_segment (MsSegmentEditor *self)
{
  const MsSegment *segment = ms_draft_get_segment (self->draft);
  guint industry = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; i < self->industries->len; i++)
    if (g_strcmp0 (((MsIndustry *) g_ptr_array_index (self->industries, i))->id,
                   segment->industry) == 0)
      industry = i;

  self->updating = TRUE;
  adw_combo_row_set_selected (self->industry_row,
                              industry != GTK_INVALID_LIST_POSITION ? industry :
                              self->industries->len - 1);
  adw_combo_row_set_selected (self->audience_row, segment->audience);
  adw_combo_row_set_selected (self->age_band_row, segment->age_band);
  adw_combo_row_set_selected (self->goal_row, segment->goal);
  gtk_switch_set_active (self->b2b_switch, segment->b2b);
  gtk_spin_button_set_value (self->list_size_spin, segment->list_size);
  self->updating = FALSE;

  show_summary (self);
}

static void
on_input_changed_cb (MsSegmentEditor *self)
{
  write_segment (self);
}

/* ---- Presets ------------------------------------------------------------------ */

static void
on_preset_apply_clicked_cb (GtkButton       *button,
                            MsSegmentEditor *self)
{
  MsSegmentPreset *preset = g_object_get_data (G_OBJECT (button), "preset");

  gtk_menu_button_popdown (self->presets_button);
  ms_draft_set_segment (self->draft, ms_segment_preset_get_segment (preset));
}

static void
on_preset_delete_clicked_cb (GtkButton       *button,
                             MsSegmentEditor *self)
{
  MsSegmentPreset *preset = g_object_get_data (G_OBJECT (button), "preset");
  gboolean shared = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "shared"));
  g_autoptr(GError) error = NULL;
  gboolean deleted;

  if (shared)
    deleted = self->team_rules != NULL &&
              ms_team_rules_repository_delete_preset (self->team_rules,
                                                      ms_segment_preset_get_id (preset), &error);
  else
    deleted = ms_segment_repository_delete (self->presets, ms_segment_preset_get_id (preset),
                                            &error);

  if (!deleted && error != NULL)
    ms_context_show_toast (self->context, GTK_WIDGET (self), adw_toast_new (error->message));
}

/* A personal preset row, or with @shared a team preset row, whose delete
 * button only owners get. */
static GtkWidget *
build_preset_row (MsSegmentEditor *self,
                  MsSegmentPreset *preset,
                  gboolean         shared)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *apply = gtk_button_new_with_label (ms_segment_preset_get_name (preset));
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *remove_label = g_strdup_printf (_("Delete “%s”"),
                                                   ms_segment_preset_get_name (preset));

  gtk_widget_set_hexpand (apply, TRUE);
  gtk_widget_add_css_class (apply, "flat");
  gtk_label_set_xalign (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (apply))), 0);
  g_object_set_data_full (G_OBJECT (apply), "preset", g_object_ref (preset), g_object_unref);
  g_signal_connect_object (apply, "clicked", G_CALLBACK (on_preset_apply_clicked_cb), self, 0);

  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, remove_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_label, -1);
  g_object_set_data_full (G_OBJECT (remove), "preset", g_object_ref (preset), g_object_unref);
  g_object_set_data (G_OBJECT (remove), "shared", GINT_TO_POINTER (shared));
  g_signal_connect_object (remove, "clicked", G_CALLBACK (on_preset_delete_clicked_cb), self, 0);
  gtk_widget_set_visible (remove, !shared || self->team_can_edit);

  gtk_box_append (GTK_BOX (box), apply);
  gtk_box_append (GTK_BOX (box), remove);
  return box;
}

static GtkWidget *
create_preset_row (gpointer item,
                   gpointer user_data)
{
  return build_preset_row (MS_SEGMENT_EDITOR (user_data), MS_SEGMENT_PRESET (item), FALSE);
}

static GtkWidget *
create_team_preset_row (gpointer item,
                        gpointer user_data)
{
  return build_preset_row (MS_SEGMENT_EDITOR (user_data), MS_SEGMENT_PRESET (item), TRUE);
}

/* Returns: (transfer full) (nullable): the active team's name */
static char *
dup_team_name (MsSegmentEditor *self)
{
  g_autoptr(MsTeam) team = NULL;

  if (self->team_rules == NULL)
    return NULL;

  team = ms_team_repository_dup_team (self->teams,
                                      ms_team_rules_repository_get_tenant (self->team_rules));
  return team != NULL ? g_strdup (ms_team_get_name (team)) : NULL;
}

static gboolean
can_save_personal (MsSegmentEditor *self)
{
  GListModel *model = ms_segment_repository_get_model (self->presets);
  gint64 limit = ms_entitlements_get_limit (ms_store_get_entitlements (self->store),
                                            MS_LIMIT_PERSONAL_SEGMENTS);

  return limit == MS_LIMIT_UNLIMITED || (gint64) g_list_model_get_n_items (model) < limit;
}

static void
update_presets_state (MsSegmentEditor *self)
{
  GListModel *model = ms_segment_repository_get_model (self->presets);
  guint n = g_list_model_get_n_items (model);
  gint64 limit = ms_entitlements_get_limit (ms_store_get_entitlements (self->store),
                                            MS_LIMIT_PERSONAL_SEGMENTS);
  gboolean can_save = can_save_personal (self);
  gboolean can_share = self->team_rules != NULL && self->team_can_edit;

  gtk_widget_set_visible (self->presets_empty, n == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->presets_list), n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "segment.save-preset", can_save || can_share);
  gtk_widget_set_tooltip_text (self->save_preset_button,
                               can_save || can_share ? NULL :
                               limit == 0 ? _("Presets come with Pro") :
                               _("Your plan’s presets are all used"));

  if (self->team_rules != NULL)
    {
      GListModel *shared = ms_team_rules_repository_get_presets (self->team_rules);
      guint n_shared = g_list_model_get_n_items (shared);

      gtk_widget_set_visible (self->team_presets_empty, n_shared == 0);
      gtk_widget_set_visible (GTK_WIDGET (self->team_presets_list), n_shared > 0);
    }
}

/* Follows the active team: its name heads the section, its presets fill it,
 * and its owner may delete them. */
static void
update_team (MsSegmentEditor *self)
{
  g_autofree char *tenant = ms_store_dup_active_team (self->store);
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;
  gboolean can_edit;

  if (tenant == NULL)
    {
      if (self->team_rules != NULL)
        gtk_list_box_bind_model (self->team_presets_list, NULL, NULL, NULL, NULL);
      g_clear_object (&self->team_rules);
      self->team_can_edit = FALSE;
      gtk_widget_set_visible (self->team_presets_box, FALSE);
      update_presets_state (self);
      return;
    }

  if (self->team_rules == NULL ||
      g_strcmp0 (ms_team_rules_repository_get_tenant (self->team_rules), tenant) != 0)
    {
      gtk_list_box_bind_model (self->team_presets_list, NULL, NULL, NULL, NULL);
      g_clear_object (&self->team_rules);
      self->team_rules = ms_team_rules_repository_new (self->store, tenant);
      self->team_can_edit = ms_team_rules_repository_get_can_edit (self->team_rules);
      gtk_list_box_bind_model (self->team_presets_list,
                               ms_team_rules_repository_get_presets (self->team_rules),
                               create_team_preset_row, self, NULL);
      g_signal_connect_object (ms_team_rules_repository_get_presets (self->team_rules),
                               "items-changed", G_CALLBACK (update_presets_state), self,
                               G_CONNECT_SWAPPED);
    }

  /* The role changed (as the team list was synced): rebuild the rows. */
  can_edit = ms_team_rules_repository_get_can_edit (self->team_rules);
  if (can_edit != self->team_can_edit)
    {
      self->team_can_edit = can_edit;
      gtk_list_box_bind_model (self->team_presets_list,
                               ms_team_rules_repository_get_presets (self->team_rules),
                               create_team_preset_row, self, NULL);
    }

  name = dup_team_name (self);
  /* Translators: the heading of a team's shared presets; %s is the team's name */
  heading = g_strdup_printf (_("%s — shared"), name != NULL ? name : "");
  gtk_label_set_label (self->team_presets_heading, heading);
  gtk_widget_set_visible (self->team_presets_box, TRUE);
  update_presets_state (self);
}

static void
on_store_team_changed_cb (MsSegmentEditor *self,
                          const char      *table,
                          MsStore         *store)
{
  update_team (self);
}

static void
on_save_preset_response_cb (AdwMessageDialog *dialog,
                            const char       *response,
                            MsSegmentEditor  *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "name-entry");
  GtkCheckButton *share = g_object_get_data (G_OBJECT (dialog), "share-check");
  const char *tenant = g_object_get_data (G_OBJECT (dialog), "tenant");
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "save"))
    return;

  if (tenant != NULL && gtk_check_button_get_active (share))
    {
      /* The team offered, even if another became active meanwhile. */
      g_autoptr(MsTeamRulesRepository) rules = ms_team_rules_repository_new (self->store, tenant);

      id = ms_team_rules_repository_put_preset (rules, NULL, name,
                                                ms_draft_get_segment (self->draft), &error);
    }
  else
    {
      id = ms_segment_repository_add (self->presets, name, ms_draft_get_segment (self->draft),
                                      &error);
    }

  if (id == NULL)
    ms_context_show_toast (self->context, GTK_WIDGET (self), adw_toast_new (error->message));
}

static void
save_preset_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MsSegmentEditor *self = MS_SEGMENT_EDITOR (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *share = gtk_check_button_new ();
  g_autofree char *team_name = dup_team_name (self);
  gboolean can_share = self->team_rules != NULL && self->team_can_edit;

  gtk_menu_button_popdown (self->presets_button);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Save Preset"),
                                   adw_expander_row_get_subtitle (self->expander));
  gtk_widget_set_name (dialog, "save-preset-dialog");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Name, e.g. Existing customers, 30s"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_widget_set_name (entry, "preset-name-entry");
  gtk_box_append (GTK_BOX (box), entry);

  /* Owners may share it with the active team; when their own presets are
   * all used (or their plan has none), sharing is the only way to save. */
  gtk_widget_set_name (share, "share-check");
  gtk_widget_set_visible (share, can_share);
  if (can_share)
    {
      /* Translators: %s is the team's name */
      g_autofree char *label = g_strdup_printf (_("Share with team %s"),
                                                team_name != NULL ? team_name : "");

      gtk_check_button_set_label (GTK_CHECK_BUTTON (share), label);
      g_object_set_data_full (G_OBJECT (dialog), "tenant",
                              g_strdup (ms_team_rules_repository_get_tenant (self->team_rules)),
                              g_free);
      if (!can_save_personal (self))
        {
          gtk_check_button_set_active (GTK_CHECK_BUTTON (share), TRUE);
          gtk_widget_set_sensitive (share, FALSE);
        }
    }
  gtk_box_append (GTK_BOX (box), share);

  g_object_set_data (G_OBJECT (dialog), "name-entry", entry);
  g_object_set_data (G_OBJECT (dialog), "share-check", share);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_save_preset_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
ms_segment_editor_dispose (GObject *object)
{
  MsSegmentEditor *self = MS_SEGMENT_EDITOR (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_SEGMENT_EDITOR);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->draft);
  g_clear_object (&self->presets);
  g_clear_object (&self->team_rules);
  g_clear_object (&self->teams);
  g_clear_object (&self->store);
  g_clear_object (&self->context);
  g_clear_pointer (&self->industries, g_ptr_array_unref);

  G_OBJECT_CLASS (ms_segment_editor_parent_class)->dispose (object);
}

static void
ms_segment_editor_class_init (MsSegmentEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ms_segment_editor_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ms-segment-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, MsSegmentEditor, expander);
  gtk_widget_class_bind_template_child (widget_class, MsSegmentEditor, industry_row);
  gtk_widget_class_bind_template_child (widget_class, MsSegmentEditor, audience_row);
  gtk_widget_class_bind_template_child (widget_class, MsSegmentEditor, age_band_row);
  gtk_widget_class_bind_template_child (widget_class, MsSegmentEditor, goal_row);
  gtk_widget_class_bind_template_child (widget_class, MsSegmentEditor, b2b_switch);
  gtk_widget_class_bind_template_child (widget_class, MsSegmentEditor, list_size_spin);
  gtk_widget_class_bind_template_child (widget_class, MsSegmentEditor, presets_row);
  gtk_widget_class_bind_template_child (widget_class, MsSegmentEditor, presets_button);
  gtk_widget_class_bind_template_child (widget_class, MsSegmentEditor, presets_list);
  gtk_widget_class_bind_template_child (widget_class, MsSegmentEditor, presets_empty);
  gtk_widget_class_bind_template_child (widget_class, MsSegmentEditor, team_presets_box);
  gtk_widget_class_bind_template_child (widget_class, MsSegmentEditor, team_presets_heading);
  gtk_widget_class_bind_template_child (widget_class, MsSegmentEditor, team_presets_list);
  gtk_widget_class_bind_template_child (widget_class, MsSegmentEditor, team_presets_empty);
  gtk_widget_class_bind_template_child (widget_class, MsSegmentEditor, save_preset_button);
  gtk_widget_class_bind_template_callback (widget_class, on_input_changed_cb);

  gtk_widget_class_install_action (widget_class, "segment.save-preset", NULL, save_preset_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "segmenteditor");
}

static void
ms_segment_editor_init (MsSegmentEditor *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  self->industries = ms_segment_list_industries ();
  for (guint i = 0; i < self->industries->len; i++)
    gtk_string_list_append (labels,
                            ((MsIndustry *) g_ptr_array_index (self->industries, i))->label);

  self->updating = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  adw_combo_row_set_model (self->industry_row, G_LIST_MODEL (labels));
  self->updating = FALSE;
}

static void
on_draft_notify_segment_cb (MsSegmentEditor *self,
                            GParamSpec      *pspec,
                            MsDraft         *draft)
{
  if (!self->updating)
    read_segment (self);
}

void
ms_segment_editor_set_draft (MsSegmentEditor *self,
                             MsDraft         *draft)
{
  g_return_if_fail (MS_IS_SEGMENT_EDITOR (self));
  g_return_if_fail (MS_IS_DRAFT (draft));

  if (self->draft != NULL)
    g_signal_handlers_disconnect_by_func (self->draft, on_draft_notify_segment_cb, self);

  g_set_object (&self->draft, draft);
  g_signal_connect_object (draft, "notify::segment", G_CALLBACK (on_draft_notify_segment_cb),
                           self, G_CONNECT_SWAPPED);
  read_segment (self);
}

/* @store: (nullable): where presets are kept; without one the row is hidden */
static void
set_store (MsSegmentEditor *self,
           MsStore         *store)
{
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  gtk_list_box_bind_model (self->presets_list, NULL, NULL, NULL, NULL);
  gtk_list_box_bind_model (self->team_presets_list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->presets);
  g_clear_object (&self->team_rules);
  g_clear_object (&self->teams);
  self->team_can_edit = FALSE;
  gtk_widget_set_visible (self->team_presets_box, FALSE);
  g_set_object (&self->store, store);
  gtk_widget_set_visible (self->presets_row, store != NULL);
  if (store == NULL)
    return;

  /* Before our handlers, so its model is current when they run. */
  self->teams = ms_team_repository_new (store);

  self->presets = ms_segment_repository_new (store);
  gtk_list_box_bind_model (self->presets_list, ms_segment_repository_get_model (self->presets),
                           create_preset_row, self, NULL);
  g_signal_connect_object (ms_segment_repository_get_model (self->presets), "items-changed",
                           G_CALLBACK (update_presets_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "notify::entitlements", G_CALLBACK (update_presets_state), self,
                           G_CONNECT_SWAPPED);
  /* "meta" says which team is active; "team" holds the teams, names and roles. */
  g_signal_connect_object (store, "changed::meta", G_CALLBACK (on_store_team_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed::team", G_CALLBACK (on_store_team_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_team (self);
}

/**
 * ms_segment_editor_set_context:
 *
 * Keeps presets in the context's store (the row is hidden without one) and
 * says what went wrong through its toasts.
 */
void
ms_segment_editor_set_context (MsSegmentEditor *self,
                               MsContext       *context)
{
  g_return_if_fail (MS_IS_SEGMENT_EDITOR (self));
  g_return_if_fail (MS_IS_CONTEXT (context));

  g_set_object (&self->context, context);
  set_store (self, ms_context_get_store (context));
}
