/* ms-window.c — the main window: a sidebar of sections beside the current page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ms-history-page.h"
#include "ms-score-page.h"
#include "ms-sync-indicator.h"
#include "ms-team-page.h"
#include "ms-window.h"

struct _MsWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkListBox           *sections;
  GtkStack             *pages;
  AdwWindowTitle       *page_title;
  MsScorePage          *score_page;
  MsHistoryPage        *history_page;
  MsTeamPage           *team_page;
  MsSyncIndicator      *sync_indicator;
};

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (MsWindow, ms_window, ADW_TYPE_APPLICATION_WINDOW)

static GParamSpec *properties[N_PROPS];

static void
show_section (MsWindow      *self,
              GtkListBoxRow *row)
{
  const char *name = gtk_widget_get_name (GTK_WIDGET (row));
  GtkStackPage *page;

  gtk_stack_set_visible_child_name (self->pages, name);
  page = gtk_stack_get_page (self->pages, gtk_stack_get_visible_child (self->pages));
  adw_window_title_set_title (self->page_title, gtk_stack_page_get_title (page));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
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
      if (g_str_equal (gtk_widget_get_name (GTK_WIDGET (row)), name))
        {
          gtk_list_box_select_row (self->sections, row);
          show_section (self, row);
        }
    }
}

static void
on_application_sync_client_cb (MsWindow      *self,
                               GParamSpec    *pspec,
                               MsApplication *application)
{
  ms_sync_indicator_set_client (self->sync_indicator, ms_application_get_sync_client (application));
  ms_team_page_set_sync_client (self->team_page, ms_application_get_sync_client (application));
}

static void
on_history_page_open_message_cb (MsWindow      *self,
                                 MsMessage     *message,
                                 MsHistoryPage *page)
{
  ms_score_page_load_message (self->score_page, message);
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

static void
on_frame_clock_after_paint_cb (MsWindow      *self,
                               GdkFrameClock *frame_clock)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  gint64 elapsed = g_get_monotonic_time () - ms_application_get_start_time (MS_APPLICATION (app));

  g_signal_handlers_disconnect_by_func (frame_clock, on_frame_clock_after_paint_cb, self);

  /* Read by build-aux/screenshot-window and tests/bench/bench-startup. */
  g_printerr ("msgscore: first frame after %.1f ms, window %dx%d\n", elapsed / 1000.0,
              gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)));
}

static void
ms_window_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ms_window_parent_class)->map (widget);

  if (g_getenv ("MSGSCORE_REPORT_STARTUP") != NULL)
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

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  ms_score_page_set_settings (self->score_page, self->settings);
  g_signal_connect_object (self->history_page, "open-message",
                           G_CALLBACK (on_history_page_open_message_cb), self,
                           G_CONNECT_SWAPPED);

  first = gtk_list_box_get_row_at_index (self->sections, 0);
  gtk_list_box_select_row (self->sections, first);
  show_section (self, first);
}

static void
ms_window_dispose (GObject *object)
{
  MsWindow *self = MS_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_WINDOW);
  g_clear_object (&self->settings);

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
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
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

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MS_TYPE_SCORE_PAGE);
  g_type_ensure (MS_TYPE_HISTORY_PAGE);
  g_type_ensure (MS_TYPE_SYNC_INDICATOR);
  g_type_ensure (MS_TYPE_TEAM_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ms-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, sections);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, pages);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, page_title);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, score_page);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, history_page);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, sync_indicator);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, team_page);
  gtk_widget_class_bind_template_callback (widget_class, on_sections_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.go-back", NULL, go_back_action);
  gtk_widget_class_install_action (widget_class, "win.show-section", "s", show_section_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK,
                                       "win.show-section", "s", "score");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_CONTROL_MASK,
                                       "win.show-section", "s", "history");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_CONTROL_MASK,
                                       "win.show-section", "s", "team");
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
  MsWindow *self;
  MsStore *store;

  g_return_val_if_fail (MS_IS_APPLICATION (application), NULL);

  self = g_object_new (MS_TYPE_WINDOW,
                       "application", application,
                       "settings", ms_application_get_settings (application),
                       NULL);

  /* The application is only set once construction is over. */
  store = ms_application_get_store (application);
  ms_score_page_set_store (self->score_page, store);
  ms_history_page_set_store (self->history_page, store,
                             ms_application_get_store_error (application));
  ms_team_page_set_store (self->team_page, store);

  /* The indicator follows the client, which changes with the server. */
  g_signal_connect_object (application, "notify::sync-client",
                           G_CALLBACK (on_application_sync_client_cb), self, G_CONNECT_SWAPPED);
  on_application_sync_client_cb (self, NULL, application);

  /* Predictions learn from the profile's results as they come in. */
  if (ms_application_get_learning (application) != NULL)
    {
      g_object_bind_property (ms_application_get_learning (application), "predictor",
                              ms_score_page_get_draft (self->score_page), "predictor",
                              G_BINDING_SYNC_CREATE);
      ms_history_page_set_learning (self->history_page, ms_application_get_learning (application));
    }

  return self;
}

/**
 * ms_window_add_toast:
 * @toast: (transfer full): the toast to show
 */
void
ms_window_add_toast (MsWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (MS_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * ms_widget_show_toast:
 * @toast: (transfer full): the toast
 *
 * Shows @toast in the window @widget is in, if it is in one.
 */
void
ms_widget_show_toast (GtkWidget *widget,
                      AdwToast  *toast)
{
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  root = gtk_widget_get_root (widget);
  if (MS_IS_WINDOW (root))
    ms_window_add_toast (MS_WINDOW (root), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}
