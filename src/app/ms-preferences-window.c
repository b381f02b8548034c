/* ms-preferences-window.c — appearance and writing defaults, bound to GSettings
 *
 * Takes the settings, the store (personal NG words, settings that follow
 * the account, the plan) and the sync client (the account) from the
 * MsContext it is given.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ms-preferences-window.h"
#include "store/ms-store-all.h"
#include "sync/ms-sync-client.h"

struct _MsPreferencesWindow
{
  AdwPreferencesWindow          parent_instance;

  MsContext                    *context;
  GSettings                    *settings;
  MsStore                      *store;
  MsNgWordRepository           *ng_words;
  MsPersonalSettingRepository  *personal;
  MsSyncClient                 *sync;
  gboolean                      updating;  /* showing the stored value: don't write it back */

  /* Template widgets */
  AdwComboRow                  *color_scheme_row;
  AdwComboRow                  *default_channel_row;
  AdwEntryRow                  *sender_name_row;
  AdwActionRow                 *esp_footer_row;
  GtkSwitch                    *esp_footer_switch;
  AdwActionRow                 *account_row;
  AdwActionRow                 *plan_row;
  AdwEntryRow                  *server_row;
  GtkWidget                    *sign_in_button;
  GtkWidget                    *sign_out_button;
  AdwPreferencesGroup          *ng_group;
  AdwEntryRow                  *ng_entry;
  GtkListBox                   *ng_list;
};

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (MsPreferencesWindow, ms_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static GParamSpec *properties[N_PROPS];

/* The combo rows list a key's choices in the order of its enum in the schema. */
static const char * const color_scheme_choices[] = { "follow", "light", "dark", NULL };
static const char * const channel_choices[] = { "email", "line", NULL };

static gboolean
choice_to_position (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char * const *choices = user_data;
  const char *choice = g_variant_get_string (variant, NULL);

  for (guint i = 0; choices[i] != NULL; i++)
    {
      if (g_str_equal (choices[i], choice))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  return FALSE;
}

static GVariant *
position_to_choice (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  const char * const *choices = user_data;
  guint position = g_value_get_uint (value);

  if (position >= g_strv_length ((char **) choices))
    return NULL;

  return g_variant_new_string (choices[position]);
}

static void
bind_choice (GSettings          *settings,
             const char         *key,
             AdwComboRow        *row,
             const char * const *choices)
{
  g_settings_bind_with_mapping (settings, key, row, "selected", G_SETTINGS_BIND_DEFAULT,
                                choice_to_position, position_to_choice,
                                (gpointer) choices, NULL);
}

/* ---- Account ----------------------------------------------------------------- */

static void
update_account (MsPreferencesWindow *self)
{
  gboolean signed_in = self->sync != NULL && ms_sync_client_get_signed_in (self->sync);
  MsEntitlements *entitlements = self->store != NULL ? ms_store_get_entitlements (self->store) : NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->account_row),
                                 signed_in ? ms_sync_client_get_email (self->sync) :
                                             _("Not signed in"));
  adw_action_row_set_subtitle (self->account_row,
                               signed_in ? ms_sync_client_get_server_url (self->sync) :
                               _("Everything stays on this computer"));
  gtk_widget_set_visible (self->sign_in_button, !signed_in);
  gtk_widget_set_visible (self->sign_out_button, signed_in);
  gtk_widget_set_sensitive (self->sign_in_button, self->sync != NULL);
  adw_action_row_set_subtitle (self->plan_row,
                               entitlements != NULL ? ms_entitlements_get_plan_name (entitlements) :
                               "");
}

/* ---- The footer the sending system adds ------------------------------------ */

/* The person's setting (synced), unless the active team turned it on for
 * every member: then the switch shows that, locked. */
static void
update_esp_footer (MsPreferencesWindow *self)
{
  g_autoptr(MsBrandRules) team = NULL;
  gboolean by_team;

  if (self->personal == NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->esp_footer_row), FALSE);
      return;
    }
  team = ms_personal_rules_dup_team_rules (self->store);
  by_team = team != NULL && team->esp_footer;

  self->updating = TRUE;
  gtk_switch_set_active (self->esp_footer_switch,
                         by_team || ms_personal_setting_repository_get_boolean (
                                      self->personal, MS_PERSONAL_SETTING_ESP_FOOTER));
  self->updating = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->esp_footer_row), !by_team);
  adw_action_row_set_subtitle (self->esp_footer_row,
                               by_team
                               ? _("Your team’s rules turn this on for every member")
                               : _("The four 特定電子メール法 footer checks become one reminder; "
                                   "follows you to your other devices"));
}

static void
on_esp_footer_active_cb (MsPreferencesWindow *self,
                         GParamSpec          *pspec,
                         GtkSwitch           *toggle)
{
  g_autoptr(GError) error = NULL;

  if (self->updating || self->personal == NULL)
    return;
  if (!ms_personal_setting_repository_set_boolean (self->personal, MS_PERSONAL_SETTING_ESP_FOOTER,
                                                   gtk_switch_get_active (toggle), &error))
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (error->message));
      update_esp_footer (self);
    }
}

static void
follow_esp_footer (MsPreferencesWindow *self)
{
  const char * const *tables = ms_personal_rules_get_tables ();

  self->personal = ms_personal_setting_repository_new (self->store);
  g_signal_connect_object (self->personal, "changed", G_CALLBACK (update_esp_footer), self,
                           G_CONNECT_SWAPPED);
  /* The active team and its rules */
  for (guint i = 0; tables[i] != NULL; i++)
    {
      g_autofree char *detailed = g_strconcat ("changed::", tables[i], NULL);

      g_signal_connect_object (self->store, detailed, G_CALLBACK (update_esp_footer), self,
                               G_CONNECT_SWAPPED);
    }
}

/* ---- NG words ---------------------------------------------------------------- */

static void
update_ng_limit (MsPreferencesWindow *self)
{
  gint64 limit = ms_entitlements_get_limit (ms_store_get_entitlements (self->store),
                                            MS_LIMIT_CUSTOM_NG_WORDS);
  guint n = g_list_model_get_n_items (ms_ng_word_repository_get_model (self->ng_words));
  g_autofree char *description = NULL;

  if (limit == 0)
    description = g_strdup (_("Your own NG words come with Pro. Words you added on a higher "
                              "plan are kept and still checked."));
  else if (limit == MS_LIMIT_UNLIMITED)
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u word, flagged as an error "
                                                "wherever it appears.",
                                                "%u words, flagged as errors wherever they "
                                                "appear.", n), n);
  else
    /* Translators: words used of the plan's limit */
    description = g_strdup_printf (_("%u of %d words, flagged as errors wherever they appear."),
                                   n, (int) limit);

  adw_preferences_group_set_description (self->ng_group, description);
  gtk_widget_set_sensitive (GTK_WIDGET (self->ng_entry),
                            limit == MS_LIMIT_UNLIMITED || (gint64) n < limit);
}

static void
on_ng_delete_clicked_cb (GtkButton           *button,
                         MsPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!ms_ng_word_repository_delete (self->ng_words,
                                     g_object_get_data (G_OBJECT (button), "ng-word-id"), &error))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                      adw_toast_new (error->message));
}

static GtkWidget *
create_ng_row (gpointer item,
               gpointer user_data)
{
  MsPreferencesWindow *self = user_data;
  MsNgWord *word = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *title = g_markup_escape_text (ms_ng_word_get_word (word), -1);
  g_autofree char *label = g_strdup_printf (_("Remove “%s”"), ms_ng_word_get_word (word));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (remove), "ng-word-id", g_strdup (ms_ng_word_get_id (word)),
                          g_free);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (on_ng_delete_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

  return row;
}

static void
on_ng_entry_apply_cb (MsPreferencesWindow *self,
                      AdwEntryRow         *entry)
{
  g_autofree char *word = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;

  id = ms_ng_word_repository_add (self->ng_words, word, NULL, &error);
  if (id == NULL)
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (error->message));
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
on_ng_model_changed_cb (MsPreferencesWindow *self)
{
  update_ng_limit (self);
}

static void
ms_preferences_window_constructed (GObject *object)
{
  MsPreferencesWindow *self = MS_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (ms_preferences_window_parent_class)->constructed (object);

  g_return_if_fail (MS_IS_CONTEXT (self->context));
  self->settings = g_object_ref (ms_context_get_settings (self->context));
  g_set_object (&self->store, ms_context_get_store (self->context));
  g_set_object (&self->sync, ms_context_get_sync_client (self->context));

  bind_choice (self->settings, "color-scheme", self->color_scheme_row, color_scheme_choices);
  bind_choice (self->settings, "default-channel", self->default_channel_row, channel_choices);
  g_settings_bind (self->settings, "sender-name", self->sender_name_row, "text",
                   G_SETTINGS_BIND_DEFAULT);

  g_settings_bind (self->settings, "server-url", self->server_row, "text", G_SETTINGS_BIND_DEFAULT);
  if (self->sync != NULL)
    g_signal_connect_object (self->sync, "notify::signed-in", G_CALLBACK (update_account), self,
                             G_CONNECT_SWAPPED);
  if (self->store != NULL)
    g_signal_connect_object (self->store, "notify::entitlements", G_CALLBACK (update_account),
                             self, G_CONNECT_SWAPPED);
  update_account (self);

  if (self->store != NULL)
    {
      GListModel *model;

      self->ng_words = ms_ng_word_repository_new (self->store);
      model = ms_ng_word_repository_get_model (self->ng_words);
      gtk_list_box_bind_model (self->ng_list, model, create_ng_row, self, NULL);
      g_signal_connect_object (model, "items-changed", G_CALLBACK (on_ng_model_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->store, "notify::entitlements",
                               G_CALLBACK (on_ng_model_changed_cb), self, G_CONNECT_SWAPPED);
      update_ng_limit (self);
      follow_esp_footer (self);
    }
  else
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->ng_group), FALSE);
    }
  update_esp_footer (self);
}

static void
ms_preferences_window_dispose (GObject *object)
{
  MsPreferencesWindow *self = MS_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->ng_words);
  g_clear_object (&self->personal);
  g_clear_object (&self->sync);
  g_clear_object (&self->store);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (ms_preferences_window_parent_class)->dispose (object);
}

static void
ms_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  MsPreferencesWindow *self = MS_PREFERENCES_WINDOW (object);

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
ms_preferences_window_class_init (MsPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ms_preferences_window_constructed;
  object_class->dispose = ms_preferences_window_dispose;
  object_class->set_property = ms_preferences_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         MS_TYPE_CONTEXT,
                         (G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ms-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MsPreferencesWindow, color_scheme_row);
  gtk_widget_class_bind_template_child (widget_class, MsPreferencesWindow, default_channel_row);
  gtk_widget_class_bind_template_child (widget_class, MsPreferencesWindow, sender_name_row);
  gtk_widget_class_bind_template_child (widget_class, MsPreferencesWindow, esp_footer_row);
  gtk_widget_class_bind_template_child (widget_class, MsPreferencesWindow, esp_footer_switch);
  gtk_widget_class_bind_template_child (widget_class, MsPreferencesWindow, account_row);
  gtk_widget_class_bind_template_child (widget_class, MsPreferencesWindow, plan_row);
  gtk_widget_class_bind_template_child (widget_class, MsPreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, MsPreferencesWindow, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, MsPreferencesWindow, sign_out_button);
  gtk_widget_class_bind_template_child (widget_class, MsPreferencesWindow, ng_group);
  gtk_widget_class_bind_template_child (widget_class, MsPreferencesWindow, ng_entry);
  gtk_widget_class_bind_template_child (widget_class, MsPreferencesWindow, ng_list);
  gtk_widget_class_bind_template_callback (widget_class, on_ng_entry_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_esp_footer_active_cb);
}

static void
ms_preferences_window_init (MsPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

MsPreferencesWindow *
ms_preferences_window_new (MsContext *context)
{
  g_return_val_if_fail (MS_IS_CONTEXT (context), NULL);

  return g_object_new (MS_TYPE_PREFERENCES_WINDOW, "context", context, NULL);
}
