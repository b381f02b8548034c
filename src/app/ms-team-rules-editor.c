/* ms-team-rules-editor.c — a team's brand rules, edited in place
 *
 * One row per field of ms_team_rules_repository_list_fields(). Each edit is
 * written at once (the repository is offline-first); the rows are refreshed
 * from the repository on its "changed" signal. Members see every editor
 * insensitive, with a note that only owners change the rules.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-team-rules-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "ms-plan-gate.h"
#include "ms-team-rules-editor.h"

/* Values of "register" and "min_score_action", in combo row order. */
static const char * const registers[] = { "desu_masu", "casual", "formal" };
static const char * const actions[] = { "warn", "badge", "notify" };

struct _MsTeamRulesEditor
{
  GtkWidget              parent_instance;

  MsContext             *context;   /* where a failed edit is told */
  MsTeamRulesRepository *rules;
  gboolean               updating;  /* refreshing rows: don't write back */

  /* Template widgets */
  AdwActionRow          *lock_row;
  AdwEntryRow           *voice_row;
  AdwComboRow           *register_row;
  GtkSwitch             *unsubscribe_switch;
  GtkSwitch             *contact_switch;
  GtkSwitch             *esp_footer_switch;
  AdwEntryRow           *brand_name_row;
  GtkSwitch             *brackets_switch;
  AdwExpanderRow        *max_emoji_row;
  GtkSpinButton         *max_emoji_spin;
  AdwExpanderRow        *max_cells_row;
  GtkSpinButton         *max_cells_spin;
  AdwExpanderRow        *min_score_row;
  GtkSpinButton         *min_score_spin;
  AdwComboRow           *action_row;
};

G_DEFINE_FINAL_TYPE (MsTeamRulesEditor, ms_team_rules_editor, GTK_TYPE_WIDGET)

/* The on/off rules: where each switch is, and the field it sets. */
static const struct
{
  gsize       offset;
  const char *field;
} switches[] = {
  { G_STRUCT_OFFSET (MsTeamRulesEditor, unsubscribe_switch), "require_unsubscribe" },
  { G_STRUCT_OFFSET (MsTeamRulesEditor, contact_switch), "require_contact" },
  { G_STRUCT_OFFSET (MsTeamRulesEditor, esp_footer_switch), "esp_footer" },
  { G_STRUCT_OFFSET (MsTeamRulesEditor, brackets_switch), "subject_no_brackets" },
};

#define SWITCH_AT(self, i) G_STRUCT_MEMBER (GtkSwitch *, (self), switches[i].offset)

static void refresh (MsTeamRulesEditor *self);

static gboolean
refresh_idle_cb (gpointer user_data)
{
  refresh (MS_TEAM_RULES_EDITOR (user_data));
  return G_SOURCE_REMOVE;
}

static void
set_field (MsTeamRulesEditor *self,
           const char        *field,
           JsonNode          *value)
{
  g_autoptr(JsonNode) owned = value;
  g_autoptr(GError) error = NULL;

  const char *feature = ms_team_rules_repository_get_field_feature (field);

  if (self->updating || self->rules == NULL)
    return;
  /* A rule the team's plan does not include: say which plan has it, and
   * show the rule as it is. */
  if (feature != NULL)
    {
      g_autoptr(MsEntitlements) plan = ms_team_rules_repository_dup_plan (self->rules);

      if (!ms_plan_gate_check (GTK_WIDGET (self), plan, feature, TRUE))
        {
          /* After this change's signal: the rows show the rules as they are. */
          g_idle_add_full (G_PRIORITY_HIGH_IDLE, refresh_idle_cb, g_object_ref (self),
                           g_object_unref);
          return;
        }
    }
  if (!ms_team_rules_repository_set_field (self->rules, field, owned, &error))
    ms_context_show_toast (self->context, GTK_WIDGET (self), adw_toast_new (error->message));
  else if (self->context != NULL)
    ms_context_mark_step (self->context, MS_ONBOARDING_BRAND_RULES);
}

static JsonNode *
nullable_int_node (AdwExpanderRow *row,
                   GtkSpinButton  *spin)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  if (!adw_expander_row_get_enable_expansion (row))
    return json_node_init_null (node);
  return json_node_init_int (node, gtk_spin_button_get_value_as_int (spin));
}

static void
refresh_nullable_int (JsonObject     *fields,
                      const char     *name,
                      AdwExpanderRow *row,
                      GtkSpinButton  *spin)
{
  JsonNode *node = json_object_get_member (fields, name);
  gboolean set = node != NULL && !JSON_NODE_HOLDS_NULL (node);

  adw_expander_row_set_enable_expansion (row, set);
  if (set)
    gtk_spin_button_set_value (spin, json_node_get_int (node));
}

static guint
index_of (const char * const *values,
          guint               n_values,
          const char         *value)
{
  for (guint i = 0; i < n_values; i++)
    if (g_strcmp0 (values[i], value) == 0)
      return i;
  return 0;
}

static void
refresh (MsTeamRulesEditor *self)
{
  g_autoptr(JsonObject) fields = NULL;
  const char *brand_name;
  gboolean can_edit;

  if (self->rules == NULL)
    return;

  fields = ms_team_rules_repository_dup_fields (self->rules);
  can_edit = ms_team_rules_repository_get_can_edit (self->rules);

  self->updating = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->lock_row), !can_edit);
  gtk_editable_set_text (GTK_EDITABLE (self->voice_row),
                         json_object_get_string_member (fields, "brand_voice_text"));
  adw_combo_row_set_selected (self->register_row,
                              index_of (registers, G_N_ELEMENTS (registers),
                                        json_object_get_string_member (fields, "register")));
  for (guint i = 0; i < G_N_ELEMENTS (switches); i++)
    {
      gtk_switch_set_active (SWITCH_AT (self, i),
                             json_object_get_boolean_member (fields, switches[i].field));
      gtk_widget_set_sensitive (GTK_WIDGET (SWITCH_AT (self, i)), can_edit);
    }
  brand_name = json_object_get_null_member (fields, "brand_name")
               ? "" : json_object_get_string_member (fields, "brand_name");
  gtk_editable_set_text (GTK_EDITABLE (self->brand_name_row), brand_name);
  refresh_nullable_int (fields, "subject_max_emoji", self->max_emoji_row, self->max_emoji_spin);
  refresh_nullable_int (fields, "subject_max_cells", self->max_cells_row, self->max_cells_spin);
  refresh_nullable_int (fields, "min_score", self->min_score_row, self->min_score_spin);
  adw_combo_row_set_selected (self->action_row,
                              index_of (actions, G_N_ELEMENTS (actions),
                                        json_object_get_string_member (fields,
                                                                       "min_score_action")));
  self->updating = FALSE;

  {
    GtkWidget *editors[] = {
      GTK_WIDGET (self->voice_row), GTK_WIDGET (self->register_row),
      GTK_WIDGET (self->brand_name_row), GTK_WIDGET (self->max_emoji_row),
      GTK_WIDGET (self->max_cells_row), GTK_WIDGET (self->min_score_row),
      GTK_WIDGET (self->action_row),
    };

    for (guint i = 0; i < G_N_ELEMENTS (editors); i++)
      gtk_widget_set_sensitive (editors[i], can_edit);
  }
}

static void
on_rules_changed_cb (MsTeamRulesEditor     *self,
                     MsTeamRulesRepository *rules)
{
  refresh (self);
}

static void
on_voice_row_apply_cb (MsTeamRulesEditor *self,
                       AdwEntryRow       *row)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, gtk_editable_get_text (GTK_EDITABLE (row)));
  set_field (self, "brand_voice_text", node);
}

static void
on_brand_name_row_apply_cb (MsTeamRulesEditor *self,
                            AdwEntryRow       *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  if (*text == '\0')
    json_node_init_null (node);
  else
    json_node_set_string (node, text);
  set_field (self, "brand_name", node);
}

static void
on_combo_row_selected_cb (MsTeamRulesEditor *self,
                          GParamSpec        *pspec,
                          AdwComboRow       *row)
{
  guint selected = adw_combo_row_get_selected (row);
  JsonNode *node;

  if (selected == GTK_INVALID_LIST_POSITION)
    return;
  node = json_node_new (JSON_NODE_VALUE);
  if (row == self->register_row)
    {
      json_node_set_string (node, registers[MIN (selected, G_N_ELEMENTS (registers) - 1)]);
      set_field (self, "register", node);
    }
  else
    {
      json_node_set_string (node, actions[MIN (selected, G_N_ELEMENTS (actions) - 1)]);
      set_field (self, "min_score_action", node);
    }
}

static void
on_switch_active_cb (MsTeamRulesEditor *self,
                     GParamSpec        *pspec,
                     GtkSwitch         *toggle)
{
  for (guint i = 0; i < G_N_ELEMENTS (switches); i++)
    if (SWITCH_AT (self, i) == toggle)
      set_field (self, switches[i].field,
                 json_node_init_boolean (json_node_alloc (), gtk_switch_get_active (toggle)));
}

static void
write_limit (MsTeamRulesEditor *self,
             GtkWidget         *widget)
{
  if (widget == GTK_WIDGET (self->max_emoji_row) || widget == GTK_WIDGET (self->max_emoji_spin))
    set_field (self, "subject_max_emoji",
               nullable_int_node (self->max_emoji_row, self->max_emoji_spin));
  else if (widget == GTK_WIDGET (self->max_cells_row) ||
           widget == GTK_WIDGET (self->max_cells_spin))
    set_field (self, "subject_max_cells",
               nullable_int_node (self->max_cells_row, self->max_cells_spin));
  else
    set_field (self, "min_score", nullable_int_node (self->min_score_row, self->min_score_spin));
}

static void
on_limit_row_expansion_cb (MsTeamRulesEditor *self,
                           GParamSpec        *pspec,
                           AdwExpanderRow    *row)
{
  write_limit (self, GTK_WIDGET (row));
}

static void
on_limit_spin_value_changed_cb (MsTeamRulesEditor *self,
                                GtkSpinButton     *spin)
{
  write_limit (self, GTK_WIDGET (spin));
}

static void
ms_team_rules_editor_dispose (GObject *object)
{
  MsTeamRulesEditor *self = MS_TEAM_RULES_EDITOR (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_TEAM_RULES_EDITOR);
  /* The groups are not template children of their own. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->rules);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (ms_team_rules_editor_parent_class)->dispose (object);
}

static void
ms_team_rules_editor_class_init (MsTeamRulesEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ms_team_rules_editor_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ms-team-rules-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, MsTeamRulesEditor, lock_row);
  gtk_widget_class_bind_template_child (widget_class, MsTeamRulesEditor, voice_row);
  gtk_widget_class_bind_template_child (widget_class, MsTeamRulesEditor, register_row);
  gtk_widget_class_bind_template_child (widget_class, MsTeamRulesEditor, unsubscribe_switch);
  gtk_widget_class_bind_template_child (widget_class, MsTeamRulesEditor, contact_switch);
  gtk_widget_class_bind_template_child (widget_class, MsTeamRulesEditor, esp_footer_switch);
  gtk_widget_class_bind_template_child (widget_class, MsTeamRulesEditor, brand_name_row);
  gtk_widget_class_bind_template_child (widget_class, MsTeamRulesEditor, brackets_switch);
  gtk_widget_class_bind_template_child (widget_class, MsTeamRulesEditor, max_emoji_row);
  gtk_widget_class_bind_template_child (widget_class, MsTeamRulesEditor, max_emoji_spin);
  gtk_widget_class_bind_template_child (widget_class, MsTeamRulesEditor, max_cells_row);
  gtk_widget_class_bind_template_child (widget_class, MsTeamRulesEditor, max_cells_spin);
  gtk_widget_class_bind_template_child (widget_class, MsTeamRulesEditor, min_score_row);
  gtk_widget_class_bind_template_child (widget_class, MsTeamRulesEditor, min_score_spin);
  gtk_widget_class_bind_template_child (widget_class, MsTeamRulesEditor, action_row);
  gtk_widget_class_bind_template_callback (widget_class, on_voice_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_brand_name_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_combo_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_switch_active_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_limit_row_expansion_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_limit_spin_value_changed_cb);
}

static void
ms_team_rules_editor_init (MsTeamRulesEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                              24);
}

/**
 * ms_team_rules_editor_set_context:
 *
 * Says through the context's toasts when an edit could not be saved.
 */
void
ms_team_rules_editor_set_context (MsTeamRulesEditor *self,
                                  MsContext         *context)
{
  g_return_if_fail (MS_IS_TEAM_RULES_EDITOR (self));
  g_return_if_fail (MS_IS_CONTEXT (context));

  g_set_object (&self->context, context);
}

/**
 * ms_team_rules_editor_set_repository:
 * @rules: (nullable): the team's rules
 */
void
ms_team_rules_editor_set_repository (MsTeamRulesEditor     *self,
                                     MsTeamRulesRepository *rules)
{
  g_return_if_fail (MS_IS_TEAM_RULES_EDITOR (self));

  if (self->rules == rules)
    return;
  if (self->rules != NULL)
    g_signal_handlers_disconnect_by_data (self->rules, self);
  g_set_object (&self->rules, rules);
  if (rules == NULL)
    return;
  g_signal_connect_object (rules, "changed", G_CALLBACK (on_rules_changed_cb), self,
                           G_CONNECT_SWAPPED);
  refresh (self);
}
