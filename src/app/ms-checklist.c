/* ms-checklist.c — the first-run checklist in the sidebar
 *
 * Shows the steps that apply to the person (their plan, whether they own
 * a team: data/onboarding.json through MsOnboardingRepository), each ticked
 * when done here or on another device, each opening the section where it
 * is done; a sample message to try; and a button that hides it for good
 * (a personal setting, so it stays hidden on every device). It follows the
 * repository's and the settings' "changed": doing a step anywhere ticks it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-checklist"

#include "config.h"

#include <glib/gi18n.h>

#include "ms-checklist.h"
#include "store/ms-personal-setting-repository.h"

struct _MsChecklist
{
  GtkWidget                    parent_instance;

  MsContext                   *context;
  MsOnboardingRepository      *onboarding;   /* NULL without a store */
  MsPersonalSettingRepository *settings;     /* NULL without a store */

  /* Template widgets */
  GtkWidget                   *box;
  GtkLabel                    *progress_label;
  GtkProgressBar              *progress_bar;
  GtkListBox                  *steps;
  GtkWidget                   *done_label;

  guint                        update_id;    /* an update waits for idle */
};

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (MsChecklist, ms_checklist, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

/* What each step of data/onboarding.json is called. */
static const struct { const char *id; const char *title; } step_titles[] = {
  { MS_ONBOARDING_SCORE, N_("Write and score a first message") },
  { MS_ONBOARDING_PREVIEW, N_("Look at the device previews") },
  { MS_ONBOARDING_FIX, N_("Fix a finding with its suggestion") },
  { MS_ONBOARDING_SAVE, N_("Save a scoring to History") },
  { MS_ONBOARDING_RESULT, N_("Enter the results of a send") },
  { MS_ONBOARDING_IMPORT, N_("Import past campaigns") },
  { MS_ONBOARDING_INVITE, N_("Invite a teammate") },
  { MS_ONBOARDING_BRAND_RULES, N_("Set your brand rules") },
};

/**
 * ms_checklist_get_step_title:
 *
 * Returns: what the checklist calls @step, translated; @step itself when
 *   this version has no name for it
 */
const char *
ms_checklist_get_step_title (const char *step)
{
  for (guint i = 0; i < G_N_ELEMENTS (step_titles); i++)
    if (g_str_equal (step_titles[i].id, step))
      return _(step_titles[i].title);
  return step;
}

static GtkWidget *
make_row (const MsOnboardingStep *step,
          gboolean                done)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon = gtk_image_new_from_icon_name (done ? "object-select-symbolic"
                                                       : "list-add-symbolic");
  GtkWidget *label = gtk_label_new (ms_checklist_get_step_title (step->id));
  g_autofree char *accessible = NULL;

  gtk_widget_set_name (row, step->id);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  if (done)
    {
      gtk_widget_add_css_class (row, "done");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (icon, "success");
    }
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  accessible = g_strdup_printf (done ? _("%s, done") : _("%s, to do"),
                                ms_checklist_get_step_title (step->id));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  g_object_set_data_full (G_OBJECT (row), "section", g_strdup (step->section), g_free);
  return row;
}

static void
update (MsChecklist *self)
{
  g_autoptr(GPtrArray) steps = NULL;
  GtkWidget *child;
  guint n_done = 0;
  g_autofree char *progress = NULL;

  if (self->onboarding == NULL ||
      ms_personal_setting_repository_get_boolean (self->settings,
                                                  MS_PERSONAL_SETTING_ONBOARDING_DISMISSED))
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->steps))) != NULL)
    gtk_list_box_remove (self->steps, child);
  steps = ms_onboarding_repository_list_steps (self->onboarding);
  for (guint i = 0; i < steps->len; i++)
    {
      const MsOnboardingStep *step = g_ptr_array_index (steps, i);
      gboolean done = ms_onboarding_repository_is_done (self->onboarding, step->id);

      n_done += done;
      gtk_list_box_append (self->steps, make_row (step, done));
    }
  /* Translators: steps of the checklist done, of all its steps */
  progress = g_strdup_printf (_("%u of %u"), n_done, steps->len);
  gtk_label_set_label (self->progress_label, progress);
  gtk_progress_bar_set_fraction (self->progress_bar,
                                 steps->len > 0 ? (double) n_done / steps->len : 1.0);
  gtk_widget_set_visible (self->done_label, n_done == steps->len);
}

static gboolean
update_cb (gpointer user_data)
{
  MsChecklist *self = user_data;

  self->update_id = 0;
  update (self);
  return G_SOURCE_REMOVE;
}

/* Rows are remade once the change is over: never under a row's own activation. */
static void
queue_update (MsChecklist *self)
{
  if (self->update_id == 0)
    self->update_id = g_idle_add (update_cb, self);
}

static void
on_steps_row_activated_cb (MsChecklist   *self,
                           GtkListBoxRow *row,
                           GtkListBox    *list_box)
{
  const char *section = g_object_get_data (G_OBJECT (row), "section");

  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-section", "s", section);
  if (g_str_equal (gtk_widget_get_name (GTK_WIDGET (row)), MS_ONBOARDING_PREVIEW))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-previews", NULL);
}

static void
dismiss_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  MsChecklist *self = MS_CHECKLIST (widget);
  g_autoptr(GError) error = NULL;

  if (self->settings != NULL &&
      !ms_personal_setting_repository_set_boolean (self->settings,
                                                   MS_PERSONAL_SETTING_ONBOARDING_DISMISSED,
                                                   TRUE, &error))
    ms_context_show_toast (self->context, widget, adw_toast_new (error->message));
}

static void
try_sample_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  gtk_widget_activate_action (widget, "win.try-sample", NULL);
}

static void
ms_checklist_constructed (GObject *object)
{
  MsChecklist *self = MS_CHECKLIST (object);
  MsStore *store;

  G_OBJECT_CLASS (ms_checklist_parent_class)->constructed (object);

  g_return_if_fail (MS_IS_CONTEXT (self->context));

  self->onboarding = ms_context_get_onboarding (self->context);
  if (self->onboarding != NULL && (store = ms_context_get_store (self->context)) != NULL)
    {
      g_object_ref (self->onboarding);
      self->settings = ms_personal_setting_repository_new (store);
      g_signal_connect_object (self->onboarding, "changed", G_CALLBACK (queue_update), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->settings, "changed", G_CALLBACK (queue_update), self,
                               G_CONNECT_SWAPPED);
    }
  update (self);
}

static void
ms_checklist_dispose (GObject *object)
{
  MsChecklist *self = MS_CHECKLIST (object);

  g_clear_handle_id (&self->update_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_CHECKLIST);
  g_clear_object (&self->onboarding);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (ms_checklist_parent_class)->dispose (object);
}

static void
ms_checklist_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  MsChecklist *self = MS_CHECKLIST (object);

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
ms_checklist_class_init (MsChecklistClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ms_checklist_constructed;
  object_class->dispose = ms_checklist_dispose;
  object_class->set_property = ms_checklist_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MS_TYPE_CONTEXT,
                         (G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ms-checklist.ui");
  gtk_widget_class_bind_template_child (widget_class, MsChecklist, box);
  gtk_widget_class_bind_template_child (widget_class, MsChecklist, progress_label);
  gtk_widget_class_bind_template_child (widget_class, MsChecklist, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, MsChecklist, steps);
  gtk_widget_class_bind_template_child (widget_class, MsChecklist, done_label);

  gtk_widget_class_install_action (widget_class, "checklist.dismiss", NULL, dismiss_action);
  gtk_widget_class_install_action (widget_class, "checklist.try-sample", NULL, try_sample_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "checklist");
}

static void
ms_checklist_init (MsChecklist *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->steps, "row-activated", G_CALLBACK (on_steps_row_activated_cb),
                           self, G_CONNECT_SWAPPED);
}

/**
 * ms_checklist_get_row:
 * @step: a step id
 *
 * Returns: (transfer none) (nullable): the row of @step, if it applies;
 *   a done step's row has the "done" style class
 */
GtkListBoxRow *
ms_checklist_get_row (MsChecklist *self,
                      const char  *step)
{
  g_return_val_if_fail (MS_IS_CHECKLIST (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->steps));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && g_str_equal (gtk_widget_get_name (child), step))
      return GTK_LIST_BOX_ROW (child);
  return NULL;
}
