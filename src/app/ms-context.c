/* ms-context.c — what every window and page of the app shares
 *
 * The application owns one MsContext (as gnome-calendar's GcalContext): the
 * settings, the profile's store (or why it could not be opened), what the
 * profile's results teach (MsLearning) and the sync client, which is
 * replaced when the server changes ("notify::sync-client"). Each window
 * and page receives it as its "context" construct property and takes what
 * it needs from it, so nothing is handed to a page one object at a time.
 *
 * A page shows a toast with ms_context_show_toast(); the window the page is
 * in picks it up from the "toast" signal. Pages never call their window.
 *
 * What the first window does not need to appear waits for
 * ms_context_start(), which the window calls once it has drawn its first
 * frame: learning from the profile's results (until then predictions use
 * the industry baselines; "notify::learning") and syncing, whose first
 * round asks the keyring for the sign-in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-context"

#include "config.h"

#include "ms-context.h"
#include "ms-plan-gate.h"
#include "sync/ms-token-store.h"

struct _MsContext
{
  GObject       parent_instance;

  GSettings    *settings;
  MsStore      *store;         /* NULL when the profile could not be opened */
  GError       *store_error;
  MsLearning   *learning;      /* NULL without a store */
  MsOnboardingRepository *onboarding;  /* NULL without a store */
  GHashTable   *steps_done;    /* steps known done: a keystroke need not ask the store */
  MsTokenStore *tokens;        /* NULL when no keyring can hold the sign-in */
  MsSyncClient *sync;          /* NULL without a store or a token store */
  GActionGroup *features;      /* feature.<id>: whether the plan includes it */
  gboolean      started;       /* ms_context_start() was called */
};

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_STARTED,
  PROP_LEARNING,
  PROP_SYNC_CLIENT,
  N_PROPS
};

enum {
  TOAST,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (MsContext, ms_context, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
ms_context_dispose (GObject *object)
{
  MsContext *self = MS_CONTEXT (object);

  ms_context_shutdown (self);
  g_clear_object (&self->tokens);
  g_clear_object (&self->features);
  g_clear_object (&self->learning);
  g_clear_object (&self->onboarding);
  g_clear_pointer (&self->steps_done, g_hash_table_unref);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ms_context_parent_class)->dispose (object);
}

static void
ms_context_finalize (GObject *object)
{
  MsContext *self = MS_CONTEXT (object);

  g_clear_error (&self->store_error);

  G_OBJECT_CLASS (ms_context_parent_class)->finalize (object);
}

static void
ms_context_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  MsContext *self = MS_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_STARTED:
      g_value_set_boolean (value, self->started);
      break;
    case PROP_LEARNING:
      g_value_set_object (value, self->learning);
      break;
    case PROP_SYNC_CLIENT:
      g_value_set_object (value, self->sync);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_context_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  MsContext *self = MS_CONTEXT (object);

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
ms_context_class_init (MsContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ms_context_dispose;
  object_class->finalize = ms_context_finalize;
  object_class->get_property = ms_context_get_property;
  object_class->set_property = ms_context_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * MsContext:started:
   *
   * Whether learning and syncing have started (ms_context_start()).
   */
  properties[PROP_STARTED] =
    g_param_spec_boolean ("started", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * MsContext:learning:
   *
   * What the profile's results teach; %NULL without a store, and until
   * ms_context_start().
   */
  properties[PROP_LEARNING] =
    g_param_spec_object ("learning", NULL, NULL, MS_TYPE_LEARNING,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * MsContext:sync-client:
   *
   * The profile's sync client, replaced when the server URL changes.
   */
  properties[PROP_SYNC_CLIENT] =
    g_param_spec_object ("sync-client", NULL, NULL, MS_TYPE_SYNC_CLIENT,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MsContext::toast:
   * @source: the widget that has something to say
   * @toast: what it says
   *
   * A page shows a toast; the window that holds @source shows it.
   */
  signals[TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, GTK_TYPE_WIDGET, ADW_TYPE_TOAST);
}

static void
ms_context_init (MsContext *self)
{
  self->features = ms_plan_gate_new_actions ();
}

/* Done steps may have come by sync, or the tenant changed. */
static void
on_onboarding_changed_cb (MsContext              *self,
                          MsOnboardingRepository *onboarding)
{
  g_hash_table_remove_all (self->steps_done);
}

static void
on_store_entitlements_cb (MsContext  *self,
                          GParamSpec *pspec,
                          MsStore    *store)
{
  ms_plan_gate_update_actions (self->features, ms_store_get_entitlements (store));
}

/**
 * ms_context_new:
 * @settings: the application's settings
 * @profile_dir: (nullable): the profile folder; %NULL for the user's own
 *
 * Opens the profile's store and makes its sync client (started by
 * ms_context_start()). A store that cannot be opened is not fatal: the
 * context keeps the error and the pages say it.
 */
MsContext *
ms_context_new (GSettings  *settings,
                const char *profile_dir)
{
  g_autoptr(MsContext) self = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (MS_TYPE_CONTEXT, "settings", settings, NULL);

  self->store = ms_store_open (profile_dir, &self->store_error);
  if (self->store == NULL)
    {
      g_warning ("Could not open the local store: %s", self->store_error->message);
      return g_steal_pointer (&self);
    }

  g_signal_connect_object (self->store, "notify::entitlements",
                           G_CALLBACK (on_store_entitlements_cb), self, G_CONNECT_SWAPPED);
  on_store_entitlements_cb (self, NULL, self->store);
  self->onboarding = ms_onboarding_repository_new (self->store);
  self->steps_done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_signal_connect_object (self->onboarding, "changed", G_CALLBACK (on_onboarding_changed_cb),
                           self, G_CONNECT_SWAPPED);

  /* The keyring by default; MSGSCORE_TOKEN_STORE chooses another for tests. */
  self->tokens = ms_token_store_new_default (&error);
  if (self->tokens == NULL)
    g_warning ("Signing in is not available: %s", error->message);

  server = ms_context_dup_server_url (self);
  ms_context_use_server (self, server);

  return g_steal_pointer (&self);
}

GSettings *
ms_context_get_settings (MsContext *self)
{
  g_return_val_if_fail (MS_IS_CONTEXT (self), NULL);

  return self->settings;
}

/**
 * ms_context_get_store:
 *
 * Returns: (transfer none) (nullable): the profile's local store, or %NULL
 *   if it could not be opened (see ms_context_get_store_error())
 */
MsStore *
ms_context_get_store (MsContext *self)
{
  g_return_val_if_fail (MS_IS_CONTEXT (self), NULL);

  return self->store;
}

/**
 * ms_context_get_store_error:
 *
 * Returns: (transfer none) (nullable): why the store could not be opened
 */
const GError *
ms_context_get_store_error (MsContext *self)
{
  g_return_val_if_fail (MS_IS_CONTEXT (self), NULL);

  return self->store_error;
}

/**
 * ms_context_get_features:
 *
 * Returns: (transfer none): one action per feature of the plan table,
 *   whose boolean state is whether the account's plan includes it
 *   (ms-plan-gate.c); windows insert it as "feature"
 */
GActionGroup *
ms_context_get_features (MsContext *self)
{
  g_return_val_if_fail (MS_IS_CONTEXT (self), NULL);

  return self->features;
}

/**
 * ms_context_get_plan:
 *
 * Returns: (transfer none) (nullable): the plan in force for the account
 *   (the store's entitlements); %NULL without a store
 */
MsEntitlements *
ms_context_get_plan (MsContext *self)
{
  g_return_val_if_fail (MS_IS_CONTEXT (self), NULL);

  return self->store != NULL ? ms_store_get_entitlements (self->store) : NULL;
}

/**
 * ms_context_get_onboarding:
 *
 * Returns: (transfer none) (nullable): the first-run checklist's steps;
 *   %NULL without a store
 */
MsOnboardingRepository *
ms_context_get_onboarding (MsContext *self)
{
  g_return_val_if_fail (MS_IS_CONTEXT (self), NULL);

  return self->onboarding;
}

/**
 * ms_context_mark_step:
 * @step: a step of the first-run checklist (%MS_ONBOARDING_SAVE …)
 *
 * Something a step of the checklist asks for was just done: the step
 * ticks (once; later calls write nothing) and syncs. Without a store
 * there is no checklist, and nothing to say.
 */
void
ms_context_mark_step (MsContext  *self,
                      const char *step)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (MS_IS_CONTEXT (self));

  if (self->onboarding == NULL || g_hash_table_contains (self->steps_done, step))
    return;
  if (!ms_onboarding_repository_mark_done (self->onboarding, step, &error))
    g_debug ("The checklist could not record “%s”: %s", step, error->message);
  else
    g_hash_table_add (self->steps_done, g_strdup (step));
}

/**
 * ms_context_get_learning:
 *
 * Returns: (transfer none) (nullable): the predictor and insights learned
 *   from the profile's results; %NULL without a store, and until
 *   ms_context_start()
 */
MsLearning *
ms_context_get_learning (MsContext *self)
{
  g_return_val_if_fail (MS_IS_CONTEXT (self), NULL);

  return self->learning;
}

/**
 * ms_context_get_sync_client:
 *
 * Returns: (transfer none) (nullable): the profile's sync client
 */
MsSyncClient *
ms_context_get_sync_client (MsContext *self)
{
  g_return_val_if_fail (MS_IS_CONTEXT (self), NULL);

  return self->sync;
}

/**
 * ms_context_dup_server_url:
 *
 * Returns: (transfer full): the server the profile signed in to, else the
 *   one of the settings
 */
char *
ms_context_dup_server_url (MsContext *self)
{
  g_autofree char *saved = NULL;

  g_return_val_if_fail (MS_IS_CONTEXT (self), NULL);

  if (self->store != NULL)
    saved = ms_sync_client_dup_saved_server (self->store);
  if (saved != NULL && *saved != '\0')
    return g_steal_pointer (&saved);

  return g_settings_get_string (self->settings, "server-url");
}

/**
 * ms_context_use_server:
 *
 * The client talks to one server: another server URL means another client
 * (and "notify::sync-client").
 *
 * Returns: whether there is a sync client now; not without a store or a
 *   keyring to keep the sign-in
 */
gboolean
ms_context_use_server (MsContext  *self,
                       const char *server_url)
{
  g_return_val_if_fail (MS_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (server_url != NULL, FALSE);

  if (self->store == NULL || self->tokens == NULL)
    return FALSE;

  if (self->sync != NULL &&
      g_strcmp0 (ms_sync_client_get_server_url (self->sync), server_url) == 0)
    return TRUE;

  if (self->sync != NULL)
    ms_sync_client_stop (self->sync);
  g_clear_object (&self->sync);

  self->sync = ms_sync_client_new (self->store, server_url, self->tokens);
  if (self->started)
    ms_sync_client_start (self->sync);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_CLIENT]);
  return TRUE;
}

/**
 * ms_context_start:
 *
 * Starts what the first window does not need to appear: learning from the
 * profile's results and syncing. Called by the window after its first
 * frame; later calls do nothing.
 */
void
ms_context_start (MsContext *self)
{
  g_return_if_fail (MS_IS_CONTEXT (self));

  if (self->started)
    return;
  self->started = TRUE;

  if (self->store != NULL)
    {
      self->learning = ms_learning_new (self->store);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEARNING]);
    }
  if (self->sync != NULL)
    ms_sync_client_start (self->sync);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STARTED]);
}

gboolean
ms_context_get_started (MsContext *self)
{
  g_return_val_if_fail (MS_IS_CONTEXT (self), FALSE);

  return self->started;
}

static void
on_toast_button_clicked_cb (AdwToast  *toast,
                            GtkWidget *source)
{
  const char *name = g_object_get_data (G_OBJECT (toast), "ms-source-action");
  GVariant *target = g_object_get_data (G_OBJECT (toast), "ms-source-action-target");

  gtk_widget_activate_action_variant (source, name, target);
}

/**
 * ms_context_show_toast:
 * @source: the widget that shows it (its window shows the toast)
 * @toast: (transfer full): the toast
 *
 * The toast's action, unless it is a window's or the application's, is
 * activated on @source: the window's toast overlay cannot see a page's own
 * actions ("history.undo-delete").
 */
void
ms_context_show_toast (MsContext *self,
                       GtkWidget *source,
                       AdwToast  *toast)
{
  g_autoptr(AdwToast) owned = toast;
  const char *action;

  g_return_if_fail (MS_IS_CONTEXT (self));
  g_return_if_fail (GTK_IS_WIDGET (source));
  g_return_if_fail (ADW_IS_TOAST (toast));

  action = adw_toast_get_action_name (toast);
  if (action != NULL && !g_str_has_prefix (action, "win.") && !g_str_has_prefix (action, "app."))
    {
      GVariant *target = adw_toast_get_action_target_value (toast);

      g_object_set_data_full (G_OBJECT (toast), "ms-source-action", g_strdup (action), g_free);
      if (target != NULL)
        g_object_set_data_full (G_OBJECT (toast), "ms-source-action-target",
                                g_variant_ref (target), (GDestroyNotify) g_variant_unref);
      adw_toast_set_action_name (toast, NULL);
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_toast_button_clicked_cb),
                               source, 0);
    }

  g_signal_emit (self, signals[TOAST], 0, source, owned);
}

/**
 * ms_context_shutdown:
 *
 * Stops syncing; called when the application quits.
 */
void
ms_context_shutdown (MsContext *self)
{
  g_return_if_fail (MS_IS_CONTEXT (self));

  if (self->sync != NULL)
    ms_sync_client_stop (self->sync);
  g_clear_object (&self->sync);
}
