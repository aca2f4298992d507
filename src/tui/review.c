/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The template update's review screen (U, issue 20): what the programme's latest
 * version of the template did to this board, and what waits for the coordinator.
 * Three parts, each under a heading:
 *   - the open conflicts (a field both the programme and the board changed): the
 *     board's value, the programme's, and the keys t (take the programme's), m (keep
 *     mine) and e (edit: a prompt, or the text editor for a multi-line field, opened
 *     on the board's value); each choice is one change, so u undoes it;
 *   - the items no longer in the programme's version (kept; d deletes one, asking);
 *   - what the last update changed, in the history's words (one change: u on the
 *     board undoes the whole update).
 * Below the list, the selected conflict's two values in full. `i` runs an update from
 * a template directory here (the preview first, as `tavle template update --dry-run`
 * prints it; y applies it). Depends on the core API (tavle/tmpl_update.h) only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "listview.h"
#include "tavle/date.h"
#include "tavle/fields.h"
#include "tavle/replan.h"
#include "tavle/template.h"
#include "tavle/text.h"
#include "tavle/tmpl_update.h"

/* Line items: conflicts first, then removed items, then the last update's changes. */
enum part { P_CONFLICT, P_REMOVED, P_CHANGED };

struct review {
	struct tv_tmpl_conflict *conf;
	size_t nconf;
	struct tv_tmpl_item *removed;
	size_t nremoved;
	char **changed;           /* the last update's changes, described */
	size_t nchanged;
	int version;              /* the template version the board follows */
	struct list_line *lines;  /* item: index into conf, then removed, then changed */
	size_t nlines;
	/* The selection survives a reload by what it shows. */
	enum part sel_part;
	char *sel_key;            /* "kind/key/field" of a conflict or removed item */
	size_t sel_index;         /* a change line's index */
};

static struct review *
R(struct view *v)
{
	return v->priv;
}

static enum part
part_of(const struct review *r, int item, size_t *index)
{
	size_t i = (size_t)item;
	if (i < r->nconf) {
		*index = i;
		return P_CONFLICT;
	}
	i -= r->nconf;
	if (i < r->nremoved) {
		*index = i;
		return P_REMOVED;
	}
	*index = i - r->nremoved;
	return P_CHANGED;
}

static char *
conflict_id(const struct tv_tmpl_conflict *c)
{
	return tv_xasprintf("%d/%s/%s", (int)c->kind, c->key, c->field);
}

static char *
removed_id(const struct tv_tmpl_item *it)
{
	return tv_xasprintf("%d/%s/", (int)it->kind, it->key);
}

/* The selected line's conflict, or NULL. */
static const struct tv_tmpl_conflict *
selected_conflict(struct view *v)
{
	struct review *r = R(v);
	if (v->selected < 0 || (size_t)v->selected >= r->nlines || r->lines[v->selected].item < 0)
		return NULL;
	size_t i;
	return part_of(r, r->lines[v->selected].item, &i) == P_CONFLICT ? &r->conf[i] : NULL;
}

static const struct tv_tmpl_item *
selected_removed(struct view *v)
{
	struct review *r = R(v);
	if (v->selected < 0 || (size_t)v->selected >= r->nlines || r->lines[v->selected].item < 0)
		return NULL;
	size_t i;
	return part_of(r, r->lines[v->selected].item, &i) == P_REMOVED ? &r->removed[i] : NULL;
}

static void
remember(struct view *v)
{
	struct review *r = R(v);
	if (v->selected < 0 || (size_t)v->selected >= r->nlines || r->lines[v->selected].item < 0)
		return;
	size_t i;
	r->sel_part = part_of(r, r->lines[v->selected].item, &i);
	free(r->sel_key);
	r->sel_key = r->sel_part == P_CONFLICT ? conflict_id(&r->conf[i]) :
		r->sel_part == P_REMOVED ? removed_id(&r->removed[i]) : NULL;
	r->sel_index = i;
}

/* A board item as people name it: "package 4", "task 4.3 Titel", "phase Opstart". */
static char *
item_name(struct app *app, enum tv_kind kind, int64_t id, int64_t package_id)
{
	const struct tv_board_data *d = app->data;
	if (kind == TV_KIND_PACKAGE || kind == TV_KIND_TASK) {
		const struct tv_package *p = app_package(app, kind == TV_KIND_PACKAGE ? id : package_id);
		if (!p)
			return tv_xstrdup(tv_kind_word(kind));
		if (kind == TV_KIND_PACKAGE)
			return tv_xasprintf(_("package %d"), p->number);
		for (size_t i = 0; i < p->ntasks; i++)
			if (p->tasks[i].id == id) {
				char no[TV_TASK_NUMBER_BUF];
				tv_task_number(p, &p->tasks[i], no, sizeof no);
				return tv_xasprintf(_("task %s"), no);
			}
		return tv_xasprintf(_("a task of package %d"), p->number);
	}
	if (kind == TV_KIND_PHASE)
		for (size_t i = 0; i < d->nphases; i++)
			if (d->phases[i].id == id)
				return tv_xasprintf(_("phase %s"), d->phases[i].name ? d->phases[i].name : "");
	if (kind == TV_KIND_MEETING)
		for (size_t i = 0; i < d->nmeetings; i++)
			if (d->meetings[i].id == id)
				return tv_xasprintf(_("meeting %s"), d->meetings[i].title ?
					d->meetings[i].title : "");
	if (kind == TV_KIND_DECISION)
		for (size_t i = 0; i < d->ndecisions; i++)
			if (d->decisions[i].id == id)
				return tv_xasprintf(_("decision %s"), d->decisions[i].title ?
					d->decisions[i].title : "");
	return tv_xstrdup(tv_kind_word(kind));
}

/* One value on one line: newlines as " / ", cut at 50 columns. */
static char *
flat_value(const char *v)
{
	if (!v || !*v)
		return tv_xstrdup(_("(none)"));
	char *flat = tv_xstrdup(v);
	for (char *p = flat; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	char *cut = tv_text_ellipsize(flat, 50);
	free(flat);
	return cut;
}

/* A value as people read it: a template offset ("+200d", "+21d 10:00") of a date field
 * with the day it gives on this board, "+200d (18. dec. 2026)"; anything else as it is.
 * Caller frees. */
static char *
shown_value(struct app *app, enum tv_kind kind, const char *field, const char *v)
{
	long days;
	int used = 0;
	if (!v || v[0] != '+' || sscanf(v, "+%ldd%n", &days, &used) != 1 || used == 0 ||
	    days < 0 || days > 100000 || !app->data || app->data->board.start == TV_NO_DAY)
		return tv_xstrdup(v ? v : "");
	int32_t day = tv_replan_day(app->data->board.start, (int32_t)days,
		tv_replan_later(kind, field));
	char buf[TV_DATE_SHOW_BUF];
	show_date(day, 0, buf, sizeof buf);
	return tv_xasprintf("%s (%s)", v, buf);
}

/* A history row of the update, as a line: "package 4: Titel: old → new". */
static char *
describe_change(struct app *app, const struct tv_history *h)
{
	char *who = item_name(app, h->kind, h->item_id, h->package_id);
	char *s;
	if (h->op && strcmp(h->op, "add") == 0) {
		char *n = flat_value(h->new_value);
		s = tv_xasprintf(_("added %s: %s"), who, n);
		free(n);
	} else if (h->op && strcmp(h->op, "remove") == 0) {
		s = tv_xasprintf(_("removed %s"), who);
	} else {
		const char *f = h->field ? tv_field_shown(h->kind, h->field) : "?";
		char *o = flat_value(h->old_value ? tv_field_value_shown(h->kind, h->field,
			h->old_value) : NULL);
		char *n = flat_value(h->new_value ? tv_field_value_shown(h->kind, h->field,
			h->new_value) : NULL);
		s = tv_xasprintf("%s: %s: %s \u2192 %s", who, f, o, n);
		free(o);
		free(n);
	}
	free(who);
	return s;
}

/* The changes of the board's last template update (its one history change), without
 * the update's own bookkeeping rows. */
static void
load_changes(struct review *r, struct app *app)
{
	tv_strv_free(r->changed, r->nchanged);
	r->changed = NULL;
	r->nchanged = 0;
	struct tv_history *e = NULL;
	size_t n = 0;
	if (tv_store_history(app->store, app->board_id, 0, TV_NO_DAY, 0, &e, &n) != TV_OK)
		return;
	int64_t change = 0;
	for (size_t i = n; i-- > 0 && !change;)
		if (e[i].field && strncmp(e[i].field, "tmpl.version.", 13) == 0)
			change = e[i].change_id;
	size_t cap = 0;
	for (size_t i = 0; change && i < n; i++) {
		/* Not the update's bookkeeping, nor the offsets kept beside the dates
		 * (the date's own row says the change). */
		const char *f = e[i].field ? e[i].field : "";
		size_t fl = strlen(f);
		if (e[i].change_id != change || tv_history_is_tmpl(&e[i]) ||
		    strncmp(f, "tmpl.", 5) == 0 || (fl > 7 && strcmp(f + fl - 7, "_offset") == 0))
			continue;
		if (r->nchanged == cap) {
			cap = cap ? 2 * cap : 16;
			r->changed = tv_xrealloc(r->changed, cap * sizeof *r->changed);
		}
		r->changed[r->nchanged++] = describe_change(app, &e[i]);
	}
	for (size_t i = 0; i < n; i++)
		tv_history_clear(&e[i]);
	free(e);
}

static void
free_data(struct review *r)
{
	list_lines_free(&r->lines, &r->nlines);
	tv_tmpl_conflicts_free(r->conf, r->nconf);
	r->conf = NULL;
	r->nconf = 0;
	tv_tmpl_items_free(r->removed, r->nremoved);
	r->removed = NULL;
	r->nremoved = 0;
	tv_strv_free(r->changed, r->nchanged);
	r->changed = NULL;
	r->nchanged = 0;
}

/* Also the view's reload: everything read again, the selection kept. */
static bool
rebuild(struct view *v, struct app *app)
{
	struct review *r = R(v);
	free_data(r);
	enum tv_status st = tv_tmpl_update_conflicts(app->store, app->board_id, &r->conf,
		&r->nconf);
	if (st == TV_OK)
		st = tv_tmpl_update_version(app->store, app->board_id, &r->version);
	struct tv_tmpl_item *items = NULL;
	size_t nitems = 0;
	if (st == TV_OK)
		st = tv_store_tmpl_items(app->store, app->board_id, &items, &nitems);
	if (st != TV_OK) {
		app_store_error(app, st);
		v->count = 0;
		return true;
	}
	/* The removed ones, moved to the front of the array they came in. */
	for (size_t i = 0; i < nitems; i++) {
		if (items[i].removed > 0) {
			struct tv_tmpl_item t = items[r->nremoved];
			items[r->nremoved++] = items[i];
			items[i] = t;
		}
	}
	/* The rest's strings; the array stays, holding the removed ones. */
	for (size_t i = r->nremoved; i < nitems; i++) {
		free(items[i].key);
		free(items[i].name);
	}
	r->removed = items;
	load_changes(r, app);

	list_lines_add(&r->lines, &r->nlines, -1, r->nconf ?
		tv_xasprintf(ngettext("%zu conflict: the programme and this board changed the same field",
			"%zu conflicts: the programme and this board changed the same field", r->nconf),
			r->nconf) :
		tv_xstrdup(_("No open conflicts")));
	for (size_t i = 0; i < r->nconf; i++)
		list_lines_add(&r->lines, &r->nlines, (int)i, NULL);
	if (r->nremoved) {
		list_lines_add(&r->lines, &r->nlines, -1, tv_xstrdup(
			_("No longer in the programme's version (kept; d deletes)")));
		for (size_t i = 0; i < r->nremoved; i++)
			list_lines_add(&r->lines, &r->nlines, (int)(r->nconf + i), NULL);
	}
	if (r->nchanged) {
		list_lines_add(&r->lines, &r->nlines, -1, tv_xasprintf(
			_("What the update to version %d changed (u on the board undoes it all)"),
			r->version));
		for (size_t i = 0; i < r->nchanged; i++)
			list_lines_add(&r->lines, &r->nlines, (int)(r->nconf + r->nremoved + i), NULL);
	}
	v->count = (int)r->nlines;
	/* The selection: the same conflict or item, else the same change line, else the
	 * first item. */
	v->selected = -1;
	int first = -1;
	for (size_t l = 0; l < r->nlines; l++) {
		int it = r->lines[l].item;
		if (it < 0)
			continue;
		if (first < 0)
			first = (int)l;
		size_t i;
		enum part p = part_of(r, it, &i);
		char *id = p == P_CONFLICT ? conflict_id(&r->conf[i]) :
			p == P_REMOVED ? removed_id(&r->removed[i]) : NULL;
		bool same = p == r->sel_part && (id ? r->sel_key && strcmp(id, r->sel_key) == 0 :
			i == r->sel_index);
		free(id);
		if (same) {
			v->selected = (int)l;
			break;
		}
	}
	if (v->selected < 0)
		v->selected = first;
	return true;
}

static void
draw_line(struct app *app, WINDOW *w, int y, int cols, struct review *r, int item, bool sel)
{
	size_t i;
	enum part p = part_of(r, item, &i);
	attr_t base = sel ? style_attr(ST_SELECTED) : style_attr(ST_NORMAL);
	if (sel)
		ui_fill_line(w, y, 0, cols, base);
	char *text;
	if (p == P_CONFLICT) {
		const struct tv_tmpl_conflict *c = &r->conf[i];
		char *th = shown_value(app, c->kind, c->field, c->theirs);
		char *mine = flat_value(c->mine), *theirs = flat_value(th);
		free(th);
		ui_put_text(w, y, 1, 1, "!", sel ? base | A_BOLD : style_attr(ST_OVERDUE));
		text = tv_xasprintf(_("%s: yours %s \u00b7 version %d: %s"), c->label ? c->label : "",
			mine, c->version, theirs);
		free(mine);
		free(theirs);
	} else if (p == P_REMOVED) {
		const struct tv_tmpl_item *it = &r->removed[i];
		char *who = item_name(app, it->kind, it->id, 0);
		if (it->kind == TV_KIND_TASK) {
			free(who);
			who = tv_xasprintf(_("task %s"), it->key);
		}
		text = tv_xasprintf(_("%s %s (dropped in version %d)"), who,
			it->name ? it->name : "", it->removed);
		free(who);
	} else {
		text = tv_xstrdup(r->changed[i]);
	}
	ui_put_text(w, y, 3, cols - 4, text, p == P_CHANGED && !sel ? style_attr(ST_NORMAL) : base);
	free(text);
}

/* The selected conflict's two values in full, wrapped, in the rows from y0 on. */
static void
draw_pane(struct app *app, WINDOW *w, int y0, int rows, int cols, const struct tv_tmpl_conflict *c)
{
	char *theirs = shown_value(app, c->kind, c->field, c->theirs);
	char **lines = NULL;
	size_t n = 0;
	char *h1 = tv_xasprintf(_("Yours (kept until you choose):"));
	char *h2 = tv_xasprintf(_("The programme's, version %d:"), c->version);
	size_t mark[2];
	const char *vals[2] = { c->mine, theirs };
	char *heads[2] = { h1, h2 };
	for (int k = 0; k < 2; k++) {
		mark[k] = n;
		ui_wrap_text(heads[k], cols - 2, &lines, &n);
		ui_wrap_text(vals[k] && *vals[k] ? vals[k] : _("(none)"), cols - 4, &lines, &n);
	}
	ui_fill_line(w, y0, 0, cols, style_attr(ST_HEADING));
	ui_put_text(w, y0, 1, cols - 2, c->label ? c->label : "", style_attr(ST_HEADING));
	int y = y0 + 1;
	for (size_t i = 0; i < n && y < y0 + rows; i++, y++) {
		bool head = i == mark[0] || i == mark[1];
		ui_put_text(w, y, head ? 1 : 3, cols - (head ? 2 : 4), lines[i],
			style_attr(head ? ST_LABEL : ST_NORMAL));
	}
	tv_strv_free(lines, n);
	free(h1);
	free(h2);
	free(theirs);
}

static void
review_draw(struct view *v, struct app *app)
{
	struct review *r = R(v);
	char right[96];
	if (r->version > 0)
		snprintf(right, sizeof right, _("U template version %d"), r->version);
	else
		snprintf(right, sizeof right, "%s", _("U template update"));
	WINDOW *w = view_draw_begin(v, app, right);
	int rows = getmaxy(w), cols = getmaxx(w);
	const struct tv_tmpl_conflict *c = selected_conflict(v);
	/* The pane takes up to half the body, when there is room for it. */
	int pane = c && rows >= 12 ? rows / 2 : 0;
	int list = rows - pane;
	list_lines_keep_visible(v, r->lines, list);
	for (int k = 0; k < list && (size_t)(v->top + k) < r->nlines; k++) {
		const struct list_line *l = &r->lines[v->top + k];
		if (l->item < 0)
			ui_heading(w, k, cols, l->heading);
		else
			draw_line(app, w, k, cols, r, l->item, v->top + k == v->selected);
	}
	if (!r->nconf && !r->nremoved && !r->nchanged && 2 < list)
		ui_put_text(w, 2, 2, cols - 3, r->version > 0 ?
			_("Nothing to review. i brings in a newer version of the template "
			"(or tavle template update DIR).") :
			_("This board follows no template version yet. i brings one in "
			"(or tavle template update DIR)."), style_attr(ST_HINT));
	ui_scroll_marks(w, cols - 1, 0, v->top > 0, list - 1,
		(size_t)(v->top + list) < r->nlines);
	if (pane)
		draw_pane(app, w, list, pane, cols, c);
	wnoutrefresh(w);
}

/* e on a conflict: the board's value to edit, in the prompt or, for a multi-line
 * field, the editor; the answer resolves the conflict with that value. */
static char *
ask_value(struct app *app, const struct tv_tmpl_conflict *c)
{
	const struct tv_field_info *fi = tv_field_find(c->kind, c->field);
	if (fi && fi->type == TV_FT_TEXT)
		return ui_edit_text(app, c->label, c->mine ? c->mine : "");
	char *prompt = tv_xasprintf("%s: ", c->label ? c->label : c->field);
	char *t = ui_prompt_line(app, prompt, c->mine ? c->mine : "", NULL, NULL);
	free(prompt);
	return t;
}

static unsigned
resolve(struct view *v, struct app *app, enum tv_tmpl_choice choice)
{
	const struct tv_tmpl_conflict *c = selected_conflict(v);
	if (!c) {
		app_message(app, ST_HINT, "Not a conflict: t, m and e choose for a conflict");
		return H_HANDLED | H_REDRAW;
	}
	char *value = NULL;
	if (choice == TV_TMPL_VALUE && !(value = ask_value(app, c)))
		return H_HANDLED | H_REDRAW;   /* Esc: nothing chosen */
	struct tv_diag diag = { 0 };
	enum tv_status st;
	/* Copies: the reload after the write frees the conflict. */
	char *key = tv_xstrdup(c->key), *field = tv_xstrdup(c->field);
	enum tv_kind kind = c->kind;
	APP_RETRY(app, st, tv_tmpl_update_resolve(app->store, app->board_id, kind, key, field,
		choice, value, &diag));
	free(key);
	free(field);
	free(value);
	if (st == TV_INVALID || (st != TV_OK && diag.msg[0])) {
		app_message(app, ST_ERROR, "%s", diag.msg[0] ? diag.msg : tv_status_message(st));
		return H_HANDLED | H_REDRAW;
	}
	app_write_done(app, st, choice == TV_TMPL_THEIRS ? N_("Took the programme's value") :
		choice == TV_TMPL_MINE ? N_("Kept your value") : N_("Saved your edit"));
	return H_HANDLED | H_REDRAW;
}

/* i: an update from a template directory, previewed first. */
static unsigned
update_from_dir(struct app *app)
{
	char *dir = ui_prompt_line(app, _("Template directory of the new version: "), "", NULL, NULL);
	if (!dir)
		return H_HANDLED | H_REDRAW;
	struct tv_diag diag = { 0 };
	struct tv_template *tpl = NULL;
	enum tv_status st = *dir ? tv_template_load_dir(dir, &tpl, &diag) :
		tv_template_load_default(&tpl, &diag);
	free(dir);
	if (st != TV_OK) {
		app_message(app, ST_ERROR, "%s", diag.msg[0] ? diag.msg : tv_status_message(st));
		return H_HANDLED | H_REDRAW;
	}
	/* An older version would take back what a newer one brought (the command line's
	 * --force is for that, deliberately). */
	int have = 0;
	if (tv_tmpl_update_version(app->store, app->board_id, &have) == TV_OK &&
	    tpl->version < have) {
		app_message(app, ST_ERROR, "The template is version %d, older than the board's "
			"version %d; nothing changed (tavle template update --force merges it)",
			tpl->version, have);
		tv_template_free(tpl);
		return H_HANDLED | H_REDRAW;
	}
	struct tv_tmpl_plan plan = { 0 };
	APP_RETRY(app, st, tv_tmpl_update_plan(app->store, app->board_id, tpl, &plan, &diag));
	if (st != TV_OK) {
		app_message(app, ST_ERROR, "%s", diag.msg[0] ? diag.msg : tv_status_message(st));
		tv_template_free(tpl);
		return H_HANDLED | H_REDRAW;
	}
	size_t n = 0;
	char **lines = tv_xcalloc(plan.nchanges + 1, sizeof *lines);
	for (size_t i = 0; i < plan.nchanges; i++) {
		const struct tv_tmpl_change *ch = &plan.changes[i];
		char *t = flat_value(ch->theirs);
		static const char *const words[TV_TMPL_ACTION_COUNT] = {
			[TV_TMPL_SAME] = N_("same"), [TV_TMPL_TAKE] = N_("take"),
			[TV_TMPL_KEEP] = N_("keep"), [TV_TMPL_CONFLICT] = N_("conflict"),
			[TV_TMPL_ADD] = N_("add"), [TV_TMPL_REMOVED] = N_("removed"),
		};
		const char *word = ch->action < TV_TMPL_ACTION_COUNT ? _(words[ch->action]) : "?";
		int pad = 10 - tv_text_width(word);
		lines[n++] = tv_xasprintf("%s%*s%s%s%s", word, pad > 1 ? pad : 1, "",
			ch->label ? ch->label : "", ch->theirs ? ": " : "", ch->theirs ? t : "");
		free(t);
	}
	bool yes = false;
	if (n == 0 && plan.to_version == plan.from_version) {
		app_message(app, ST_HINT, "The board already follows this version: nothing to do");
	} else {
		char *title = tv_xasprintf(_("Template version %d \u2192 %d"), plan.from_version,
			plan.to_version);
		yes = ui_confirm_box(app, title, (const char *const *)lines, n,
			_("Update the board? Conflicts keep your value. One u undoes it all. (y/n)"));
		free(title);
		if (!yes)
			app_message(app, ST_HINT, "Not updated: nothing changed");
	}
	tv_strv_free(lines, n);
	tv_tmpl_plan_clear(&plan);
	if (yes) {
		APP_RETRY(app, st, tv_tmpl_update_apply(app->store, app->board_id, tpl, &plan, NULL,
			&diag));
		if (st != TV_OK && diag.msg[0])
			app_message(app, ST_ERROR, "%s", diag.msg);
		else
			app_write_done(app, st, N_("Updated to the programme's version"));
		tv_tmpl_plan_clear(&plan);
	}
	tv_template_free(tpl);
	return H_HANDLED | H_REDRAW | H_RELOAD;
}

static unsigned
review_handle(struct view *v, struct app *app, enum request req, int key)
{
	struct review *r = R(v);
	(void)key;
	if (list_lines_navigate(v, r->lines, r->nlines, req, app->lines - 4)) {
		remember(v);
		return H_HANDLED | H_REDRAW;
	}
	switch (req) {
	case REQ_TU_THEIRS:
		return resolve(v, app, TV_TMPL_THEIRS);
	case REQ_TU_MINE:
		return resolve(v, app, TV_TMPL_MINE);
	case REQ_EDIT:
		return resolve(v, app, TV_TMPL_VALUE);
	case REQ_TU_IMPORT:
		return update_from_dir(app);
	case REQ_DELETE: {
		const struct tv_tmpl_item *it = selected_removed(v);
		if (!it) {
			app_message(app, ST_HINT, "d deletes an item no longer in the programme's version");
			return H_HANDLED | H_REDRAW;
		}
		char *q = tv_xasprintf(_("Delete %s %s? (y/n)"), tv_kind_word(it->kind),
			it->name ? it->name : it->key);
		bool yes = ui_confirm(app, q);
		free(q);
		if (yes)
			app_remove(app, it->kind, it->id, 0, N_("Deleted"));
		return H_HANDLED | H_REDRAW;
	}
	case REQ_TU_OPEN: {
		/* A package's or a task's conflict or mark: open it in the package's detail. */
		const struct tv_tmpl_conflict *c = selected_conflict(v);
		const struct tv_tmpl_item *it = selected_removed(v);
		enum tv_kind kind = c ? c->kind : it ? it->kind : TV_KIND_BOARD;
		int64_t id = c ? c->item_id : it ? it->id : 0;
		if (kind == TV_KIND_PACKAGE && app_package(app, id)) {
			app_push_view(app, detail_view_new(app, id));
		} else if (kind == TV_KIND_TASK) {
			for (size_t i = 0; i < app->data->npackages; i++)
				for (size_t t = 0; t < app->data->packages[i].ntasks; t++)
					if (app->data->packages[i].tasks[t].id == id) {
						app_push_view(app, detail_view_open_task(app,
							app->data->packages[i].id, id));
						return H_HANDLED | H_REDRAW;
					}
		} else if (kind == TV_KIND_MEETING && id) {
			app_push_view(app, meetings_view_open(app, id));
		}
		return H_HANDLED | H_REDRAW;
	}
	default:
		return H_NONE;
	}
}

static void
review_free(struct view *v)
{
	struct review *r = R(v);
	free_data(r);
	free(r->sel_key);
}

const struct view_ops review_view_ops = VIEW_OPS(review, "template update", KM_REVIEW,
	struct review,
	N_("{tmpl-theirs} take theirs  {tmpl-mine} keep mine  {edit} edit  {tmpl-open} open  "
	"{tmpl-import} update from a directory  {undo} undo  {view-close} back  {view-help} help"),
	.reload = rebuild, .help_title = N_("Template update (U)"),
	.acts = (const enum request[]){ REQ_EDIT, REQ_DELETE, REQ_NONE });

struct view *
review_view_new(struct app *app)
{
	struct view *v = view_new(&review_view_ops);
	rebuild(v, app);
	remember(v);
	return v;
}
