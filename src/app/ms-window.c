/* ms-window.c — the main window: a sidebar of sections beside the current page
 *
 * Each section's page is built the first time it is shown (Score at once),
 * with the window's MsContext, from which it takes what it needs. Toasts
 * that a page shows through the context appear in this window's overlay.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ms-accounts-page.h"
#include "ms-checklist.h"
#include "ms-history-page.h"
#include "ms-score-page.h"
#include "ms-sync-indicator.h"
#include "ms-plan-page.h"
#include "ms-team-page.h"
#include "ms-team-stats-page.h"
#include "ms-api-keys-dialog.h"
#include "ms-feedback-page.h"
#include "ms-scheduled-import-runner.h"
#include "ms-requests-page.h"
#include "ms-window.h"

struct _MsWindow
{
  AdwApplicationWindow  parent_instance;

  MsContext            *context;
  GSettings            *settings;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkListBox           *sections;
  GtkStack             *pages;
  AdwWindowTitle       *page_title;
  MsSyncIndicator      *sync_indicator;
  GtkListBoxRow        *accounts_row;
  GtkBox               *checklist_box;
  MsChecklist          *checklist;
  MsSyncClient         *client;
};

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (MsWindow, ms_window, ADW_TYPE_APPLICATION_WINDOW)

static GParamSpec *properties[N_PROPS];

/* The sections of the sidebar, by the name of their row in ms-window.ui. */
typedef struct
{
  const char *name;
  const char *title;
  GType     (*get_type) (void);
} Section;

static const Section sections[] = {
  { "score", N_("Score"), ms_score_page_get_type },
  { "history", N_("History"), ms_history_page_get_type },
  { "team", N_("Team"), ms_team_page_get_type },
  { "stats", N_("Stats"), ms_team_stats_page_get_type },
  { "requests", N_("Requests"), ms_requests_page_get_type },
  { "feedback", N_("Feedback"), ms_feedback_page_get_type },
  { "plan", N_("Plan"), ms_plan_page_get_type },
  { "accounts", N_("Accounts"), ms_accounts_page_get_type },
};

static void on_history_page_open_message_cb (MsWindow      *self,
                                             MsMessage     *message,
                                             MsHistoryPage *page);

static const Section *
find_section (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    if (g_str_equal (sections[i].name, name))
      return &sections[i];
  return NULL;
}

/* The page of section @name, built with the context on first use. */
static GtkWidget *
ensure_page (MsWindow   *self,
             const char *name)
{
  const Section *section = find_section (name);
  GtkWidget *page;

  g_return_val_if_fail (section != NULL, NULL);

  page = gtk_stack_get_child_by_name (self->pages, name);
  if (page != NULL)
    return page;

  page = g_object_new (section->get_type (), "context", self->context, NULL);
  gtk_stack_add_titled (self->pages, page, name, _(section->title));
  if (MS_IS_HISTORY_PAGE (page))
    g_signal_connect_object (page, "open-message", G_CALLBACK (on_history_page_open_message_cb),
                             self, G_CONNECT_SWAPPED);
  return page;
}

static void
show_section (MsWindow      *self,
              GtkListBoxRow *row)
{
  const char *name = gtk_widget_get_name (GTK_WIDGET (row));
  GtkStackPage *page;

  page = gtk_stack_get_page (self->pages, ensure_page (self, name));
  gtk_stack_set_visible_child_name (self->pages, name);
  adw_window_title_set_title (self->page_title, gtk_stack_page_get_title (page));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* The active team's keys of the scoring API (from the Team page). */
static void
api_keys_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  MsWindow *self = MS_WINDOW (widget);

  ms_api_keys_dialog_present (GTK_WINDOW (self), self->context);
}

static void
show_section_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  MsWindow *self = MS_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  for (int i = 0; ; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->sections, i);

      if (row == NULL)
        break;
      if (g_str_equal (gtk_widget_get_name (GTK_WIDGET (row)), name) &&
          gtk_widget_get_visible (GTK_WIDGET (row)))
        {
          gtk_list_box_select_row (self->sections, row);
          show_section (self, row);
        }
    }
}

/* The Accounts section is the service's staff's: its row shows for a staff
 * account only, and leaving it hidden shows the first section. Whether the
 * account is signed in is in the keyring, which is not asked before the
 * first frame: the row may appear once the context has started. */
static void
update_staff (MsWindow *self)
{
  gboolean staff = self->client != NULL && ms_context_get_started (self->context) &&
                   ms_sync_client_get_staff_role (self->client) != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->accounts_row), staff);
  if (!staff && g_strcmp0 (gtk_stack_get_visible_child_name (self->pages), "accounts") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-section", "s", "score");
}

/* Ctrl+4: Accounts for the service's staff, Stats for everyone else */
static void
show_fourth_section_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  MsWindow *self = MS_WINDOW (widget);

  gtk_widget_activate_action (widget, "win.show-section", "s",
                              gtk_widget_get_visible (GTK_WIDGET (self->accounts_row))
                                ? "accounts" : "stats");
}

static void
on_context_sync_client_cb (MsWindow   *self,
                           GParamSpec *pspec,
                           MsContext  *context)
{
  MsSyncClient *client = ms_context_get_sync_client (context);

  ms_sync_indicator_set_client (self->sync_indicator, client);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_set_object (&self->client, client);
  if (client != NULL)
    {
      g_signal_connect_object (client, "notify::staff-role", G_CALLBACK (update_staff), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (client, "notify::signed-in", G_CALLBACK (update_staff), self,
                               G_CONNECT_SWAPPED);
    }
  update_staff (self);
}

/* A page of this window has something to say. */
static void
on_context_toast_cb (MsWindow  *self,
                     GtkWidget *source,
                     AdwToast  *toast,
                     MsContext *context)
{
  if (gtk_widget_get_root (source) == GTK_ROOT (self))
    adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (toast));
}

static void
on_history_page_open_message_cb (MsWindow      *self,
                                 MsMessage     *message,
                                 MsHistoryPage *page)
{
  ms_score_page_load_message (MS_SCORE_PAGE (ensure_page (self, "score")), message);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-section", "s", "score");
}

static void
on_sections_row_activated_cb (MsWindow      *self,
                              GtkListBoxRow *row,
                              GtkListBox    *list_box)
{
  show_section (self, row);
}

static void
go_back_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  MsWindow *self = MS_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* The checklist's link to "look at the device previews". */
static void
show_previews_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  MsWindow *self = MS_WINDOW (widget);

  gtk_widget_activate_action (widget, "win.show-section", "s", "score");
  gtk_widget_activate_action (ensure_page (self, "score"), "score.show-previews", NULL);
}

/* The sample message of data/onboarding.json, in the Score page's editor. */
static void
try_sample_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  MsWindow *self = MS_WINDOW (widget);
  MsScorePage *page = MS_SCORE_PAGE (ensure_page (self, "score"));
  g_autoptr(JsonObject) sample = ms_onboarding_dup_sample ();
  g_autoptr(MsMessage) current = ms_draft_dup_message (ms_score_page_get_draft (page));
  g_autoptr(MsMessage) message = NULL;

  /* The person's segment stays: the sample is only text. */
  message = ms_message_new_email (json_object_get_string_member (sample, "subject"),
                                  json_object_get_string_member (sample, "preheader"),
                                  json_object_get_string_member (sample, "body"),
                                  ms_message_get_segment (current));
  ms_score_page_load_message (page, message);
  gtk_widget_activate_action (widget, "win.show-section", "s", "score");
}

static gboolean
start_context_cb (gpointer user_data)
{
  MsWindow *self = user_data;
  gboolean first = !ms_context_get_started (self->context);

  ms_context_start (self->context);
  /* The monthly import (Team Pro), when it is due: once per start */
  if (first)
    ms_scheduled_import_runner_start (self->context, GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

/* The window is on screen: what it did not need to appear starts now. */
static void
on_frame_clock_after_paint_cb (MsWindow      *self,
                               GdkFrameClock *frame_clock)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  g_signal_handlers_disconnect_by_func (frame_clock, on_frame_clock_after_paint_cb, self);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, start_context_cb, g_object_ref (self),
                   g_object_unref);

  /* Read by build-aux/screenshot-window and tests/bench/bench-startup. */
  if (g_getenv ("MSGSCORE_REPORT_STARTUP") != NULL && MS_IS_APPLICATION (app))
    g_printerr ("msgscore: first frame after %.1f ms, window %dx%d\n",
                (g_get_monotonic_time () - ms_application_get_start_time (MS_APPLICATION (app))) /
                1000.0,
                gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)));
}

static void
ms_window_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ms_window_parent_class)->map (widget);

  g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                           G_CALLBACK (on_frame_clock_after_paint_cb), widget,
                           G_CONNECT_SWAPPED);
}

static void
save_window_state (MsWindow *self)
{
  int width;
  int height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static gboolean
ms_window_close_request (GtkWindow *window)
{
  save_window_state (MS_WINDOW (window));

  return GTK_WINDOW_CLASS (ms_window_parent_class)->close_request (window);
}

static void
ms_window_constructed (GObject *object)
{
  MsWindow *self = MS_WINDOW (object);
  GtkListBoxRow *first;

  G_OBJECT_CLASS (ms_window_parent_class)->constructed (object);

  self->settings = g_object_ref (ms_context_get_settings (self->context));
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  /* The indicator follows the client, which changes with the server; it
   * says nothing until syncing starts, after the first frame. */
  g_object_bind_property (self->context, "started", self->sync_indicator, "visible",
                          G_BINDING_SYNC_CREATE);
  /* feature.<id>: whether the plan includes it, and what unlocks it */
  gtk_widget_insert_action_group (GTK_WIDGET (self), "feature",
                                  ms_context_get_features (self->context));
  g_signal_connect_object (self->context, "notify::sync-client",
                           G_CALLBACK (on_context_sync_client_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::started", G_CALLBACK (update_staff), self,
                           G_CONNECT_SWAPPED);
  on_context_sync_client_cb (self, NULL, self->context);
  g_signal_connect_object (self->context, "toast", G_CALLBACK (on_context_toast_cb), self,
                           G_CONNECT_SWAPPED);

  self->checklist = g_object_new (MS_TYPE_CHECKLIST, "context", self->context, NULL);
  gtk_box_append (self->checklist_box, GTK_WIDGET (self->checklist));

  first = gtk_list_box_get_row_at_index (self->sections, 0);
  gtk_list_box_select_row (self->sections, first);
  show_section (self, first);
}

static void
ms_window_dispose (GObject *object)
{
  MsWindow *self = MS_WINDOW (object);

  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_WINDOW);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (ms_window_parent_class)->dispose (object);
}

static void
ms_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  MsWindow *self = MS_WINDOW (object);

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
ms_window_class_init (MsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = ms_window_constructed;
  object_class->dispose = ms_window_dispose;
  object_class->set_property = ms_window_set_property;
  widget_class->map = ms_window_map;
  window_class->close_request = ms_window_close_request;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         MS_TYPE_CONTEXT,
                         (G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MS_TYPE_SYNC_INDICATOR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ms-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, sections);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, pages);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, page_title);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, sync_indicator);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, accounts_row);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, checklist_box);
  gtk_widget_class_bind_template_callback (widget_class, on_sections_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.go-back", NULL, go_back_action);
  gtk_widget_class_install_action (widget_class, "win.show-section", "s", show_section_action);
  gtk_widget_class_install_action (widget_class, "win.api-keys", NULL, api_keys_action);
  gtk_widget_class_install_action (widget_class, "win.show-previews", NULL, show_previews_action);
  gtk_widget_class_install_action (widget_class, "win.try-sample", NULL, try_sample_action);
  gtk_widget_class_install_action (widget_class, "win.show-fourth-section", NULL,
                                   show_fourth_section_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK,
                                       "win.show-section", "s", "score");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_CONTROL_MASK,
                                       "win.show-section", "s", "history");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_CONTROL_MASK,
                                       "win.show-section", "s", "team");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_CONTROL_MASK,
                                       "win.show-fourth-section", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "win.go-back", NULL);
}

static void
ms_window_init (MsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
}

MsWindow *
ms_window_new (MsApplication *application)
{
  g_return_val_if_fail (MS_IS_APPLICATION (application), NULL);

  return g_object_new (MS_TYPE_WINDOW,
                       "application", application,
                       "context", ms_application_get_context (application),
                       NULL);
}

/**
 * ms_window_get_checklist:
 *
 * Returns: (transfer none): the first-run checklist of the sidebar
 */
MsChecklist *
ms_window_get_checklist (MsWindow *self)
{
  g_return_val_if_fail (MS_IS_WINDOW (self), NULL);

  return self->checklist;
}

/**
 * ms_window_get_page:
 * @name: a section: "score", "history", "team", "stats", "requests", "plan" or
 *   "accounts"
 *
 * Returns: (transfer none): the section's page, built now if it was not yet
 */
GtkWidget *
ms_window_get_page (MsWindow   *self,
                    const char *name)
{
  g_return_val_if_fail (MS_IS_WINDOW (self), NULL);
  g_return_val_if_fail (find_section (name) != NULL, NULL);

  return ensure_page (self, name);
}
