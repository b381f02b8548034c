/* ms-feedback-page.c — the Feedback section: reviewers' feedback on the
 * team's share links
 *
 * A reviewer without an account answers the form on a Team Pro member's
 * share link; the feedback reaches every member with the team's next sync
 * (MsFeedbackRepository). Each row says which scoring it is about and whose,
 * who the reviewer is (立場, and their name when given), what they think of
 * the AI's score and the score they would give, the axes they name and
 * their comment; the member marks it resolved, offline too. Above, the
 * active team's knowledge learned from that feedback (MsKnowledgeRepository):
 * each entry with its evidence, and for owners a switch that turns it off
 * for the whole team.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-feedback-page"

#include "config.h"

#include <glib/gi18n.h>

#include "score/ms-score-types.h"
#include "store/ms-knowledge-repository.h"
#include "store/ms-team-repository.h"
#include "ms-feedback-page.h"

struct _MsFeedbackPage
{
  GtkWidget             parent_instance;

  MsContext             *context;
  MsFeedbackRepository  *feedback;
  MsKnowledgeRepository *knowledge;   /* the active team's, or NULL */

  /* Template widgets */
  GtkStack              *stack;
  AdwPreferencesGroup   *knowledge_group;
  GtkListBox            *knowledge_list;
  AdwPreferencesGroup   *group;
  GtkListBox            *list;
};

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (MsFeedbackPage, ms_feedback_page, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------------ */
/* Rows                                                                      */

static const char *
describe_role (const char *role)
{
  if (g_strcmp0 (role, "director") == 0)
    return _("Director");
  if (g_strcmp0 (role, "manager") == 0)
    return _("Section Manager or Manager");
  return _("Team Lead or Senior Colleague");
}

static const char *
describe_rating (const char *rating)
{
  if (g_strcmp0 (rating, "fair") == 0)
    return _("The score is fair");
  if (g_strcmp0 (rating, "high") == 0)
    return _("The score is a little high");
  if (g_strcmp0 (rating, "low") == 0)
    return _("The score is a little low");
  return _("The score is far off");
}

/* The axes of @axes (comma-separated names) in the user's language. */
static char *
describe_axes (const char *axes)
{
  g_auto(GStrv) names = g_strsplit (axes != NULL ? axes : "", ",", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; names[i] != NULL; i++)
    {
      MsAxis axis;

      if (!ms_axis_from_string (names[i], &axis))
        continue;
      if (out->len > 0)
        /* Translators: between the names of two axes in a list */
        g_string_append (out, _(", "));
      g_string_append (out, ms_axis_get_label (axis));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static GtkWidget *
new_label (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static char *
describe_scores (const MsFeedbackInfo *info)
{
  g_autofree char *axes = describe_axes (info->axes);
  g_autofree char *scores = NULL;

  if (info->corrected_score >= 0)
    /* Translators: the AI's score, then the one the reviewer would give */
    scores = g_strdup_printf (_("AI score %d → reviewer’s score %d"), info->engine_total,
                              info->corrected_score);
  else
    /* Translators: %d is the AI's score the reviewer saw */
    scores = g_strdup_printf (_("AI score %d"), info->engine_total);
  if (*axes == '\0')
    return g_steal_pointer (&scores);
  /* Translators: the scores, then the axes the reviewer names */
  return g_strdup_printf (_("%s · Axes: %s"), scores, axes);
}

static char *
describe_who (const MsFeedbackInfo *info)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (info->created_at / G_USEC_PER_SEC);
  /* Translators: the day a reviewer sent feedback (g_date_time_format) */
  g_autofree char *day = when != NULL ? g_date_time_format (when, _("%b %-d, %Y"))
                                      : g_strdup ("");
  const char *reviewer = info->reviewer_name != NULL ? info->reviewer_name
                                                     : _("A reviewer");

  /* Translators: the reviewer's name, their role, whose scoring it is, the day */
  return g_strdup_printf (_("%s (%s) on %s’s scoring · %s"), reviewer,
                          describe_role (info->role), info->sharer_name, day);
}

static GtkWidget *
status_widget (const MsFeedbackInfo *info)
{
  GtkWidget *button;

  if (g_strcmp0 (info->status, "resolved") == 0)
    {
      g_autofree char *text = info->resolution != NULL
        /* Translators: %s is what the member changed */
        ? g_strdup_printf (_("Resolved: %s"), info->resolution)
        : g_strdup (_("Resolved"));
      GtkWidget *label = new_label (text, "success");

      return label;
    }
  button = gtk_button_new_with_label (_("Mark Resolved"));
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "feedback.resolve");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", info->id);
  return button;
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  const MsFeedbackInfo *info = ms_feedback_item_get_info (MS_FEEDBACK_ITEM (item));
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_autofree char *scores = describe_scores (info);
  g_autofree char *who = describe_who (info);
  const char *title = info->title != NULL && *info->title != '\0' ? info->title
                                                                 : _("Untitled scoring");

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_box_append (GTK_BOX (box), new_label (title, "heading"));
  gtk_box_append (GTK_BOX (box), new_label (describe_rating (info->rating),
                                            g_strcmp0 (info->rating, "fair") == 0
                                            ? "success" : "warning"));
  gtk_box_append (GTK_BOX (box), new_label (scores, NULL));
  if (info->comment != NULL)
    gtk_box_append (GTK_BOX (box), new_label (info->comment, NULL));
  gtk_box_append (GTK_BOX (box), new_label (who, "dim-label"));
  gtk_box_append (GTK_BOX (box), status_widget (info));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_name (row, info->id);
  return row;
}

static void
on_items_changed_cb (MsFeedbackPage *self)
{
  GListModel *items = ms_feedback_repository_get_items (self->feedback);

  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (items) > 0 ? "list" : "empty");
}

static void
on_resolve_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        MsFeedbackPage   *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  const char *id = g_object_get_data (G_OBJECT (dialog), "feedback-id");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "resolve") != 0 || self->feedback == NULL)
    return;
  text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  if (!ms_feedback_repository_resolve (self->feedback, id, *text != '\0' ? text : NULL, &error))
    ms_context_show_toast (self->context, GTK_WIDGET (self), adw_toast_new (error->message));
}

/* Asks what the member changed, then marks the feedback resolved. */
static void
resolve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  MsFeedbackPage *self = MS_FEEDBACK_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              _("Mark Feedback Resolved"),
                                              _("Say what you changed: the team sees it with "
                                                "the reviewer’s point."));
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("What you changed (optional)"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "resolve", _("_Mark Resolved"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "resolve",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "resolve");
  gtk_widget_set_name (dialog, "resolve-feedback-dialog");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data_full (G_OBJECT (dialog), "feedback-id",
                          g_strdup (g_variant_get_string (parameter, NULL)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_resolve_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------------ */
/* Team knowledge                                                            */

static void on_knowledge_changed_cb (MsFeedbackPage *self);

typedef struct
{
  MsFeedbackPage *self;
  char           *key;
  gboolean        enabled;
} Choice;

static void
choice_free (gpointer data)
{
  Choice *choice = data;

  g_object_unref (choice->self);
  g_free (choice->key);
  g_free (choice);
}

/* After the switch's signal: the change rebuilds the rows, the switch too. */
static gboolean
set_enabled_cb (gpointer data)
{
  Choice *choice = data;
  MsFeedbackPage *self = choice->self;
  g_autoptr(GError) error = NULL;

  if (self->knowledge != NULL &&
      !ms_knowledge_repository_set_enabled (self->knowledge, choice->key, choice->enabled,
                                            &error))
    {
      ms_context_show_toast (self->context, GTK_WIDGET (self), adw_toast_new (error->message));
      on_knowledge_changed_cb (self);
    }
  return G_SOURCE_REMOVE;
}

static void
on_switch_active_cb (GtkSwitch      *toggle,
                     GParamSpec     *pspec,
                     MsFeedbackPage *self)
{
  const char *key = g_object_get_data (G_OBJECT (toggle), "key");
  Choice *choice;

  if (self->knowledge == NULL || key == NULL)
    return;
  choice = g_new0 (Choice, 1);
  choice->self = g_object_ref (self);
  choice->key = g_strdup (key);
  choice->enabled = gtk_switch_get_active (toggle);
  g_idle_add_full (G_PRIORITY_DEFAULT, set_enabled_cb, choice, choice_free);
}

static GtkWidget *
new_entry_row (MsFeedbackPage         *self,
               const MsKnowledgeEntry *entry,
               gboolean                owner)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();
  g_autofree char *title = ms_knowledge_entry_describe (entry, ms_score_get_language ());
  /* Translators: %u is how many feedback items an entry of the team's knowledge rests on */
  g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "Based on %u review",
                                                            "Based on %u reviews",
                                                            entry->n_evidence),
                                               entry->n_evidence);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_switch_set_active (GTK_SWITCH (toggle), entry->enabled);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (toggle, owner);
  gtk_widget_set_tooltip_text (toggle, owner ? _("Apply this entry to the team’s scores")
                                             : _("Only the team’s owners can turn it off"));
  g_object_set_data_full (G_OBJECT (toggle), "key", g_strdup (entry->key), g_free);
  g_signal_connect (toggle, "notify::active", G_CALLBACK (on_switch_active_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  gtk_widget_set_name (row, entry->key);
  return row;
}

static void
on_knowledge_changed_cb (MsFeedbackPage *self)
{
  GPtrArray *entries = self->knowledge != NULL
                       ? ms_knowledge_repository_get_entries (self->knowledge) : NULL;
  g_autofree char *role = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->knowledge_list))) != NULL)
    gtk_list_box_remove (self->knowledge_list, child);
  gtk_widget_set_visible (GTK_WIDGET (self->knowledge_group), entries != NULL && entries->len > 0);
  if (entries == NULL)
    return;
  role = ms_store_dup_team_role (ms_context_get_store (self->context),
                                 ms_knowledge_repository_get_tenant (self->knowledge));
  for (guint i = 0; i < entries->len; i++)
    gtk_list_box_append (self->knowledge_list,
                         new_entry_row (self, g_ptr_array_index (entries, i),
                                        g_strcmp0 (role, "owner") == 0));
}

/* The active team's knowledge; a new repository when the active team changes. */
static void
follow_active_team (MsFeedbackPage *self)
{
  MsStore *store = ms_context_get_store (self->context);
  g_autofree char *team = store != NULL ? ms_store_dup_active_team (store) : NULL;

  if (self->knowledge != NULL &&
      g_strcmp0 (team, ms_knowledge_repository_get_tenant (self->knowledge)) == 0)
    return;
  if (self->knowledge != NULL)
    g_signal_handlers_disconnect_by_data (self->knowledge, self);
  g_clear_object (&self->knowledge);
  if (team != NULL)
    {
      self->knowledge = ms_knowledge_repository_new (store, team);
      g_signal_connect_swapped (self->knowledge, "changed", G_CALLBACK (on_knowledge_changed_cb),
                                self);
    }
  on_knowledge_changed_cb (self);
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                   */

static void
ms_feedback_page_constructed (GObject *object)
{
  MsFeedbackPage *self = MS_FEEDBACK_PAGE (object);
  MsStore *store;

  G_OBJECT_CLASS (ms_feedback_page_parent_class)->constructed (object);

  g_return_if_fail (MS_IS_CONTEXT (self->context));
  store = ms_context_get_store (self->context);
  if (store == NULL)
    return;
  self->feedback = ms_feedback_repository_new (store);
  gtk_list_box_bind_model (self->list, ms_feedback_repository_get_items (self->feedback),
                           create_row, self, NULL);
  g_signal_connect_object (ms_feedback_repository_get_items (self->feedback), "items-changed",
                           G_CALLBACK (on_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed::team", G_CALLBACK (follow_active_team), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed::meta", G_CALLBACK (follow_active_team), self,
                           G_CONNECT_SWAPPED);
  on_items_changed_cb (self);
  follow_active_team (self);
}

static void
ms_feedback_page_dispose (GObject *object)
{
  MsFeedbackPage *self = MS_FEEDBACK_PAGE (object);

  if (self->knowledge != NULL)
    g_signal_handlers_disconnect_by_data (self->knowledge, self);
  g_clear_object (&self->knowledge);
  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_FEEDBACK_PAGE);
  g_clear_object (&self->feedback);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (ms_feedback_page_parent_class)->dispose (object);
}

static void
ms_feedback_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  MsFeedbackPage *self = MS_FEEDBACK_PAGE (object);

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
ms_feedback_page_class_init (MsFeedbackPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ms_feedback_page_constructed;
  object_class->dispose = ms_feedback_page_dispose;
  object_class->set_property = ms_feedback_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MS_TYPE_CONTEXT,
                         (G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ms-feedback-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MsFeedbackPage, stack);
  gtk_widget_class_bind_template_child (widget_class, MsFeedbackPage, knowledge_group);
  gtk_widget_class_bind_template_child (widget_class, MsFeedbackPage, knowledge_list);
  gtk_widget_class_bind_template_child (widget_class, MsFeedbackPage, group);
  gtk_widget_class_bind_template_child (widget_class, MsFeedbackPage, list);

  gtk_widget_class_install_action (widget_class, "feedback.resolve", "s", resolve_action);
}

static void
ms_feedback_page_init (MsFeedbackPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ms_feedback_page_get_repository:
 *
 * Returns: (transfer none) (nullable): the feedback shown
 */
MsFeedbackRepository *
ms_feedback_page_get_repository (MsFeedbackPage *self)
{
  g_return_val_if_fail (MS_IS_FEEDBACK_PAGE (self), NULL);
  return self->feedback;
}
