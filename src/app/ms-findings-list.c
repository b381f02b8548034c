/* ms-findings-list.c — every point lost, grouped by axis, and A/B variants
 *
 * Watches the draft's result. Each finding is a row that says what is wrong
 * and how to fix it; activating it selects its span in the editor
 * (score.select-finding), and where the rule knows the fix, “Apply Fix”
 * makes it (score.apply-fix). Variants come last, each with what changed,
 * its score and “Use This” (score.use-variant). The Score page implements
 * those actions; this widget only shows and asks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-findings-list"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ms-findings-list.h"
#include "ms-text-row.h"

struct _MsFindingsList
{
  GtkWidget   parent_instance;

  MsDraft    *draft;
  char       *findings_key;   /* what the rows show, to skip rebuilding them */
  char       *variants_key;
  GPtrArray  *rows;           /* GtkWidget, by finding index */
  GPtrArray  *variant_rows;   /* GtkWidget, by variant index */
  GtkWidget  *groups[MS_N_AXES];       /* AdwPreferencesGroup, or NULL */
  GPtrArray  *group_rows[MS_N_AXES];   /* GtkWidget (owned), in order */

  /* Template widgets */
  GtkBox     *groups_box;
  GtkWidget  *clean_status;
  GtkWidget  *variants_group;
  GtkListBox *variants_list;
};

G_DEFINE_FINAL_TYPE (MsFindingsList, ms_findings_list, GTK_TYPE_WIDGET)

static const char *
severity_icon (MsSeverity severity)
{
  switch (severity)
    {
    case MS_SEVERITY_ERROR: return "dialog-error-symbolic";
    case MS_SEVERITY_WARN: return "dialog-warning-symbolic";
    case MS_SEVERITY_INFO:
    default: return "dialog-information-symbolic";
    }
}

static const char *
severity_class (MsSeverity severity)
{
  switch (severity)
    {
    case MS_SEVERITY_ERROR: return "error";
    case MS_SEVERITY_WARN: return "warning";
    case MS_SEVERITY_INFO:
    default: return "accent";
    }
}

static const char *
severity_name (MsSeverity severity)
{
  switch (severity)
    {
    case MS_SEVERITY_ERROR: return _("Error");
    case MS_SEVERITY_WARN: return _("Warning");
    case MS_SEVERITY_INFO:
    default: return _("Tip");
    }
}

/* The other rules the same words break, as one escaped line. */
static char *
also_text (const MsFinding *finding)
{
  GString *messages = g_string_new (NULL);
  g_autofree char *escaped = NULL;

  for (guint i = 0; i < finding->also->len; i++)
    {
      const MsFinding *other = g_ptr_array_index (finding->also, i);

      if (i > 0)
        g_string_append (messages, " / ");
      g_string_append (messages, other->message);
    }

  escaped = g_markup_escape_text (messages->str, -1);
  g_string_free (messages, TRUE);
  /* Translators: %s lists what other rules say about the same words */
  return g_strdup_printf (_("Also: %s"), escaped);
}

/* Everything a finding's row shows but its points and what other rules say
 * about the same words, which the row changes in place (they come and go
 * with other findings: typing 今だ before け adds one for a moment);
 * offsets shift as you type and are read from the current result when a
 * row is activated. */
static void
append_row_key (GString         *key,
                const MsFinding *f)
{
  g_string_append_printf (key, "%s\x1f%d\x1f%d\x1f%d\x1f%s\x1f%s\x1f%s\x1f%s\x1f%d\x1f%d\x1e",
                          f->rule_id, f->axis, f->severity, f->field, f->message,
                          f->suggestion != NULL ? f->suggestion : "",
                          f->replacement != NULL ? f->replacement : "\x1d",
                          f->reference != NULL ? f->reference : "", f->points > 0.5,
                          f->end > f->start);
}

/* Everything a finding's row shows. */
static void
append_finding_key (GString         *key,
                    const MsFinding *f)
{
  append_row_key (key, f);
  for (guint i = 0; f->also != NULL && i < f->also->len; i++)
    {
      const MsFinding *other = g_ptr_array_index (f->also, i);

      g_string_append_printf (key, "%s\x1f%s\x1f", other->message,
                              other->reference != NULL ? other->reference : "");
    }
  g_string_append_printf (key, "%.0f\x1f", f->points);
  for (guint a = 0; a < MS_N_AXES; a++)
    g_string_append_printf (key, "%.0f\x1f", f->costs[a]);
}

static char *
points_text (const MsFinding *finding)
{
  return g_strdup_printf ("−%.0f", finding->points);
}

/* The tooltip of a finding's points: its own axis, and the other axes it
 * costs too (data/scoring.json "findings"). */
static char *
points_tooltip (const MsFinding     *finding,
                const MsScoreResult *result)
{
  GString *others = g_string_new (NULL);

  for (guint a = 0; a < MS_N_AXES; a++)
    if (a != finding->axis && finding->costs[a] > 0.5)
      {
        if (others->len > 0)
          g_string_append (others, ", ");
        /* Translators: an axis and the points a finding costs it, e.g. "Readability −6" */
        g_string_append_printf (others, _("%s −%.0f"),
                                ms_score_result_get_axis_label (result, a), finding->costs[a]);
      }
  if (others->len == 0)
    {
      g_string_free (others, TRUE);
      /* Translators: how many points a finding costs its axis */
      return g_strdup (_("Points lost on this axis"));
    }
  {
    g_autofree char *list = g_string_free (others, FALSE);

    /* Translators: %s lists other axes a finding costs, e.g. "Readability −6, Target fit −4" */
    return g_strdup_printf (_("Points lost on this axis; it also costs %s"), list);
  }
}

/* What a finding's row says under its title (markup): the suggestion, and
 * what other rules say about the same words; and its tooltip, the basis of
 * each. */
static void
row_texts (const MsFinding  *finding,
           char            **subtitle,
           char            **tooltip)
{
  *subtitle = NULL;
  *tooltip = NULL;
  if (finding->suggestion != NULL && *finding->suggestion != '\0')
    *subtitle = g_markup_escape_text (finding->suggestion, -1);
  if (finding->also != NULL)
    {
      g_autofree char *also = also_text (finding);
      char *joined = g_strconcat (*subtitle != NULL ? *subtitle : "", *subtitle != NULL ? "\n" : "",
                                  also, NULL);

      g_free (*subtitle);
      *subtitle = joined;
    }

  if (finding->reference != NULL)
    {
      GString *basis = g_string_new (NULL);

      /* Translators: %s is the law, guideline or source behind a rule */
      g_string_append_printf (basis, _("Basis: %s"), finding->reference);
      for (guint i = 0; finding->also != NULL && i < finding->also->len; i++)
        {
          const MsFinding *other = g_ptr_array_index (finding->also, i);

          g_string_append_c (basis, '\n');
          g_string_append_printf (basis, _("Basis: %s"), other->reference);
        }
      *tooltip = g_string_free (basis, FALSE);
    }
}

/* A row kept for another result points at its finding's new index and
 * shows its points now, what they cost the other axes, and what other
 * rules say about its words now. */
static void
update_row (GtkWidget           *row,
            const MsFinding     *finding,
            const MsScoreResult *result,
            guint                index)
{
  GtkWidget *fix = g_object_get_data (G_OBJECT (row), "fix-button");
  GtkLabel *points = g_object_get_data (G_OBJECT (row), "points-label");
  g_autofree char *subtitle = NULL;
  g_autofree char *tooltip = NULL;

  row_texts (finding, &subtitle, &tooltip);
  if (g_strcmp0 (ms_text_row_get_subtitle (MS_TEXT_ROW (row)), subtitle != NULL ? subtitle : "") != 0)
    ms_text_row_set_subtitle (MS_TEXT_ROW (row), subtitle);
  if (g_strcmp0 (gtk_widget_get_tooltip_text (row), tooltip) != 0)
    gtk_widget_set_tooltip_text (row, tooltip);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "u", index);
  if (fix != NULL)
    gtk_actionable_set_action_target (GTK_ACTIONABLE (fix), "u", index);
  if (points != NULL)
    {
      g_autofree char *text = points_text (finding);
      g_autofree char *points_tip = points_tooltip (finding, result);

      if (!g_str_equal (gtk_label_get_label (points), text))
        gtk_label_set_label (points, text);
      if (g_strcmp0 (gtk_widget_get_tooltip_text (GTK_WIDGET (points)), points_tip) != 0)
        gtk_widget_set_tooltip_text (GTK_WIDGET (points), points_tip);
    }
}

static GtkWidget *
make_finding_row (const MsFinding     *finding,
                  const MsScoreResult *result,
                  guint                index)
{
  GtkWidget *row = ms_text_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (severity_icon (finding->severity));
  g_autofree char *title = g_markup_escape_text (finding->message, -1);
  g_autofree char *subtitle = NULL;
  g_autofree char *tooltip = NULL;

  row_texts (finding, &subtitle, &tooltip);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  ms_text_row_set_subtitle (MS_TEXT_ROW (row), subtitle);
  gtk_widget_add_css_class (icon, severity_class (finding->severity));
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, severity_name (finding->severity),
                                  -1);
  ms_text_row_add_prefix (MS_TEXT_ROW (row), icon);

  if (finding->points > 0.5)
    {
      g_autofree char *points = points_text (finding);
      GtkWidget *label = gtk_label_new (points);

      g_autofree char *tooltip_text = points_tooltip (finding, result);

      gtk_widget_add_css_class (label, "numeric");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_tooltip_text (label, tooltip_text);
      ms_text_row_add_suffix (MS_TEXT_ROW (row), label);
      g_object_set_data (G_OBJECT (row), "points-label", label);
    }

  if (finding->replacement != NULL && finding->end > finding->start)
    {
      GtkWidget *button = gtk_button_new_with_label (_("Apply Fix"));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "score.apply-fix");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", index);
      if (*finding->replacement != '\0')
        {
          /* Translators: the fix replaces the flagged words with %s */
          g_autofree char *fix = g_strdup_printf (_("Replace with “%s”"), finding->replacement);
          gtk_widget_set_tooltip_text (button, fix);
        }
      else
        {
          gtk_widget_set_tooltip_text (button, _("Remove the flagged words"));
        }
      ms_text_row_add_suffix (MS_TEXT_ROW (row), button);
      g_object_set_data (G_OBJECT (row), "fix-button", button);
    }

  if (tooltip != NULL)
    gtk_widget_set_tooltip_text (row, tooltip);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "score.select-finding");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "u", index);

  return row;
}

/* A variant's text on one line: line breaks and runs of spaces become one space. */
static char *
collapse_whitespace (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean pending_space = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          pending_space = out->len > 0;
          continue;
        }
      if (pending_space)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static GtkWidget *
make_variant_row (const MsVariant *variant,
                  guint            index)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_label (_("Use This"));
  g_autofree char *title = g_markup_escape_text (variant->change, -1);
  g_autofree char *one_line = collapse_whitespace (variant->text);
  g_autofree char *subtitle = g_markup_escape_text (one_line, -1);
  g_autofree char *delta = NULL;
  GtkWidget *delta_label;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  gtk_widget_set_tooltip_text (row, variant->text);

  /* Translators: a variant's score and its change, e.g. “78 (+12)” */
  delta = g_strdup_printf (_("%u (%+d)"), variant->total, variant->delta);
  delta_label = gtk_label_new (delta);
  gtk_widget_add_css_class (delta_label, "numeric");
  gtk_widget_add_css_class (delta_label, variant->delta > 0 ? "success" : "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), delta_label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "score.use-variant");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", index);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return row;
}

static int
compare_by_position (gconstpointer a,
                     gconstpointer b)
{
  const MsFinding *fa = *(const MsFinding **) a;
  const MsFinding *fb = *(const MsFinding **) b;

  if (fa->field != fb->field)
    return (int) fa->field - (int) fb->field;
  return (int) fa->start - (int) fb->start;
}

static char *
findings_key (GPtrArray *findings)
{
  GString *key = g_string_new (NULL);

  for (guint i = 0; findings != NULL && i < findings->len; i++)
    append_finding_key (key, g_ptr_array_index (findings, i));

  return g_string_free (key, FALSE);
}

static char *
variants_key (GPtrArray *variants)
{
  GString *key = g_string_new (NULL);

  for (guint i = 0; variants != NULL && i < variants->len; i++)
    {
      const MsVariant *v = g_ptr_array_index (variants, i);

      g_string_append_printf (key, "%s\x1f%s\x1f%s\x1f%u\x1f%d\x1e",
                              v->id, v->text, v->change, v->total, v->delta);
    }

  return g_string_free (key, FALSE);
}

static char *
row_key (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "finding-key");
}

/* The group of @axis, made and put in axis order on first use. */
static AdwPreferencesGroup *
ensure_group (MsFindingsList *self,
              MsScoreResult  *result,
              MsAxis          axis)
{
  g_autofree char *title = NULL;
  GtkWidget *before = NULL;

  if (self->groups[axis] != NULL)
    return ADW_PREFERENCES_GROUP (self->groups[axis]);

  /* Group titles are markup. */
  title = g_markup_escape_text (ms_score_result_get_axis_label (result, axis), -1);
  self->groups[axis] = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->groups[axis]), title);
  for (MsAxis other = 0; other < axis; other++)
    if (self->groups[other] != NULL)
      before = self->groups[other];
  gtk_box_insert_child_after (self->groups_box, self->groups[axis], before);
  self->group_rows[axis] = g_ptr_array_new_with_free_func (g_object_unref);
  return ADW_PREFERENCES_GROUP (self->groups[axis]);
}

static void
drop_group (MsFindingsList *self,
            MsAxis          axis)
{
  if (self->groups[axis] == NULL)
    return;
  gtk_box_remove (self->groups_box, self->groups[axis]);
  self->groups[axis] = NULL;
  g_clear_pointer (&self->group_rows[axis], g_ptr_array_unref);
}

/* Turns a group's list of @old rows into @rows without taking out the
 * rows both have: a row taken out and put back loses its style and sizes,
 * and laying its wrapped text out again is most of what a keystroke that
 * changes a finding costs. Only when the rows kept changed order (or the
 * group has no row yet to find its list by) does it return FALSE. */
static gboolean
update_rows_in_place (GPtrArray *old,
                      GPtrArray *rows)
{
  GtkListBox *list = NULL;
  int last = -1;

  for (guint i = 0; i < old->len && list == NULL; i++)
    list = GTK_LIST_BOX (gtk_widget_get_parent (g_ptr_array_index (old, i)));
  if (list == NULL)
    return FALSE;

  /* The rows kept must come in the same order as before. */
  for (guint i = 0; i < rows->len; i++)
    {
      guint at;

      if (!g_ptr_array_find (old, g_ptr_array_index (rows, i), &at))
        continue;
      if ((int) at <= last)
        return FALSE;
      last = (int) at;
    }

  for (guint i = 0; i < old->len; i++)
    if (!g_ptr_array_find (rows, g_ptr_array_index (old, i), NULL))
      gtk_list_box_remove (list, g_ptr_array_index (old, i));
  for (guint i = 0; i < rows->len; i++)
    if (gtk_widget_get_parent (g_ptr_array_index (rows, i)) == NULL)
      gtk_list_box_insert (list, g_ptr_array_index (rows, i), (int) i);
  return TRUE;
}

/* Shows @findings (of one axis, in order) in their group. A group whose
 * findings show the same is left alone; otherwise rows that still show a
 * finding are kept and only new ones are made: making and laying out rows
 * of wrapped text is what a change of the findings costs. */
static void
update_group (MsFindingsList *self,
              MsScoreResult  *result,
              MsAxis          axis,
              GPtrArray      *findings,
              GPtrArray      *all)
{
  AdwPreferencesGroup *group = ensure_group (self, result, axis);
  GPtrArray *old = self->group_rows[axis];
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean same = old->len == findings->len;

  for (guint i = 0; i < findings->len; i++)
    {
      const MsFinding *finding = g_ptr_array_index (findings, i);
      g_autoptr(GString) key = g_string_new (NULL);
      GtkWidget *row = NULL;
      guint index = 0;

      g_ptr_array_find (all, finding, &index);
      append_row_key (key, finding);
      for (guint j = 0; j < old->len && row == NULL; j++)
        if (g_strcmp0 (row_key (g_ptr_array_index (old, j)), key->str) == 0 &&
            !g_ptr_array_find (rows, g_ptr_array_index (old, j), NULL))
          row = g_ptr_array_index (old, j);
      if (row == NULL)
        {
          row = make_finding_row (finding, result, index);
          g_object_set_data_full (G_OBJECT (row), "finding-key", g_strdup (key->str), g_free);
        }
      update_row (row, finding, result, index);
      same = same && row == g_ptr_array_index (old, i);
      g_ptr_array_add (rows, g_object_ref_sink (row));
      g_ptr_array_index (self->rows, index) = row;
    }

  if (same)
    return;
  if (!update_rows_in_place (old, rows))
    {
      for (guint i = 0; i < old->len; i++)
        adw_preferences_group_remove (group, g_ptr_array_index (old, i));
      for (guint i = 0; i < rows->len; i++)
        adw_preferences_group_add (group, g_ptr_array_index (rows, i));
    }
  g_ptr_array_unref (self->group_rows[axis]);
  self->group_rows[axis] = g_steal_pointer (&rows);
}

static void
rebuild_findings (MsFindingsList *self,
                  MsScoreResult  *result,
                  GPtrArray      *findings)
{
  g_autoptr(GPtrArray) ordered = NULL;

  g_ptr_array_set_size (self->rows, findings != NULL ? findings->len : 0);
  if (findings != NULL)
    {
      /* The copy would inherit the result's free function. */
      ordered = g_ptr_array_copy (findings, NULL, NULL);
      g_ptr_array_set_free_func (ordered, NULL);
      g_ptr_array_sort (ordered, compare_by_position);
    }

  for (MsAxis axis = 0; axis < MS_N_AXES; axis++)
    {
      g_autoptr(GPtrArray) in_axis = g_ptr_array_new ();

      for (guint i = 0; ordered != NULL && i < ordered->len; i++)
        if (((const MsFinding *) g_ptr_array_index (ordered, i))->axis == axis)
          g_ptr_array_add (in_axis, g_ptr_array_index (ordered, i));

      if (in_axis->len == 0)
        drop_group (self, axis);
      else
        update_group (self, result, axis, in_axis, findings);
    }
}

static void
rebuild_variants (MsFindingsList *self,
                  GPtrArray      *variants)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->variants_list))) != NULL)
    gtk_list_box_remove (self->variants_list, child);
  g_ptr_array_set_size (self->variant_rows, 0);

  for (guint i = 0; variants != NULL && i < variants->len; i++)
    {
      GtkWidget *row = make_variant_row (g_ptr_array_index (variants, i), i);

      g_ptr_array_add (self->variant_rows, row);
      gtk_list_box_append (self->variants_list, row);
    }
  gtk_widget_set_visible (self->variants_group, variants != NULL && variants->len > 0);
}

/* Rows are rebuilt only when what they show changed: typing usually only
 * moves offsets, and rebuilding every row on each keystroke costs frames. */
static void
rebuild (MsFindingsList *self)
{
  MsScoreResult *result = self->draft != NULL ? ms_draft_get_result (self->draft) : NULL;
  gboolean empty = self->draft == NULL || ms_draft_is_empty (self->draft);
  GPtrArray *findings = result != NULL && !empty ? ms_score_result_get_findings (result) : NULL;
  GPtrArray *variants = result != NULL && !empty ? ms_score_result_get_variants (result) : NULL;
  g_autofree char *new_findings_key = findings_key (findings);
  g_autofree char *new_variants_key = variants_key (variants);

  if (g_strcmp0 (new_findings_key, self->findings_key) != 0)
    {
      rebuild_findings (self, result, findings);
      g_free (self->findings_key);
      self->findings_key = g_steal_pointer (&new_findings_key);
    }

  if (g_strcmp0 (new_variants_key, self->variants_key) != 0)
    {
      rebuild_variants (self, variants);
      g_free (self->variants_key);
      self->variants_key = g_steal_pointer (&new_variants_key);
    }

  gtk_widget_set_visible (self->clean_status, !empty && (findings == NULL || findings->len == 0));
}

static void
on_draft_notify_result_cb (MsFindingsList *self,
                           GParamSpec     *pspec,
                           MsDraft        *draft)
{
  rebuild (self);
}

static void
ms_findings_list_dispose (GObject *object)
{
  MsFindingsList *self = MS_FINDINGS_LIST (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_FINDINGS_LIST);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->draft);
  for (MsAxis axis = 0; axis < MS_N_AXES; axis++)
    g_clear_pointer (&self->group_rows[axis], g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->variant_rows, g_ptr_array_unref);
  g_clear_pointer (&self->findings_key, g_free);
  g_clear_pointer (&self->variants_key, g_free);

  G_OBJECT_CLASS (ms_findings_list_parent_class)->dispose (object);
}

static void
ms_findings_list_class_init (MsFindingsListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ms_findings_list_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ms-findings-list.ui");
  gtk_widget_class_bind_template_child (widget_class, MsFindingsList, groups_box);
  gtk_widget_class_bind_template_child (widget_class, MsFindingsList, clean_status);
  gtk_widget_class_bind_template_child (widget_class, MsFindingsList, variants_group);
  gtk_widget_class_bind_template_child (widget_class, MsFindingsList, variants_list);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "findingslist");
}

static void
ms_findings_list_init (MsFindingsList *self)
{
  self->rows = g_ptr_array_new ();
  self->variant_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

void
ms_findings_list_set_draft (MsFindingsList *self,
                            MsDraft        *draft)
{
  g_return_if_fail (MS_IS_FINDINGS_LIST (self));
  g_return_if_fail (MS_IS_DRAFT (draft));

  if (self->draft != NULL)
    g_signal_handlers_disconnect_by_func (self->draft, on_draft_notify_result_cb, self);

  g_set_object (&self->draft, draft);
  g_signal_connect_object (draft, "notify::result", G_CALLBACK (on_draft_notify_result_cb), self,
                           G_CONNECT_SWAPPED);
  rebuild (self);
}

/**
 * ms_findings_list_get_row:
 *
 * Returns: (transfer none) (nullable): the row showing the finding at
 *   @finding_index of the current result
 */
GtkWidget *
ms_findings_list_get_row (MsFindingsList *self,
                          guint           finding_index)
{
  g_return_val_if_fail (MS_IS_FINDINGS_LIST (self), NULL);

  return finding_index < self->rows->len ? g_ptr_array_index (self->rows, finding_index) : NULL;
}

/**
 * ms_findings_list_get_variant_row:
 *
 * Returns: (transfer none) (nullable): the row of the variant at @variant_index
 */
GtkWidget *
ms_findings_list_get_variant_row (MsFindingsList *self,
                                  guint           variant_index)
{
  g_return_val_if_fail (MS_IS_FINDINGS_LIST (self), NULL);

  return variant_index < self->variant_rows->len ?
         g_ptr_array_index (self->variant_rows, variant_index) : NULL;
}
