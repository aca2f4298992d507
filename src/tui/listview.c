/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The record list engine behind the meetings, decisions and people views: a list on
 * top (one line per record, drawn by the view), a pane with every field of the
 * selected record below it, and the shared editing keys (a add, e / Enter field menu,
 * d delete with a question). Field values come from tv_store_get, so the pane and the
 * editors show exactly the canonical text tv_store_set accepts back. The selection is
 * kept by record id across reloads (live refresh, undo). The lists' columns (and the
 * agenda's) are as wide as their widest text, measured over every record (list_cols_*).
 * A field's prompt stays open while the store refuses the value (app_set_asked).
 * Depends on the core API and the widgets only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "listview.h"
#include "tavle/i18n.h"
#include "tavle/date.h"
#include "tavle/text.h"

static struct listview *
L(struct view *v)
{
	return v->priv;
}

/* A Danish area tag like "[O]" (or "   " for none) into buf of 8 bytes. */
static void
area_tag(int area, char buf[8])
{
	if (area >= 0 && area < TV_AREA_COUNT)
		snprintf(buf, 8, "[%c]", tv_area_tag((enum tv_area)area));
	else
		snprintf(buf, 8, "   ");
}

int
area_tag_put(WINDOW *w, int y, int x, int width, int area, bool sel, attr_t base)
{
	char tag[8];
	area_tag(area, tag);
	attr_t a = !sel && area >= 0 && area < TV_AREA_COUNT ?
		style_attr(area_bar_style((enum tv_area)area)) : base;
	return ui_put_text(w, y, x, width, tag, a);
}

void
list_cols_fit(struct list_cols *c, int col, const char *text)
{
	int w = text ? tv_text_width(text) : 0;
	if (col >= 0 && col < LIST_MAX_COLS && w > c->w[col])
		c->w[col] = w;
}

void
list_cols_squeeze(struct list_cols *c, int n, int gap, int x0, int width, int room)
{
	for (;;) {
		int used = x0, widest = -1;
		for (int i = 0; i < n && i < LIST_MAX_COLS; i++) {
			if (c->w[i] > 0)
				used += c->w[i] + gap;
			if (c->w[i] > 6 && (widest < 0 || c->w[i] > c->w[widest]))
				widest = i;
		}
		if (used + room <= width || widest < 0)
			return;
		c->w[widest]--;
	}
}

void
list_col_put(WINDOW *w, int y, int *x, int cols, int cw, int gap, const char *text,
	attr_t attr)
{
	if (cw <= 0)
		return;
	if (*x < cols && text) {
		int room = cw < cols - *x ? cw : cols - *x;
		char *cut = tv_text_ellipsize(text, room);
		ui_put_text(w, y, *x, room, cut, attr);
		free(cut);
	}
	*x += cw + gap;
}

void
list_lines_add(struct list_line **l, size_t *n, int item, char *heading)
{
	*l = tv_xrealloc(*l, (*n + 1) * sizeof **l);
	(*l)[*n].item = item;
	(*l)[*n].heading = heading;
	(*n)++;
}

void
list_lines_free(struct list_line **l, size_t *n)
{
	for (size_t i = 0; i < *n; i++)
		free((*l)[i].heading);
	free(*l);
	*l = NULL;
	*n = 0;
}

/* The ordinal of line `line` among the item lines (headings are not selectable), or
 * their count for line n. */
static int
item_ordinal(const struct list_line *l, int line)
{
	int k = 0;
	for (int i = 0; i < line; i++)
		k += l[i].item >= 0;
	return k;
}

static int
line_of_item(const struct list_line *l, size_t n, int ordinal, int fallback)
{
	for (int i = 0; i < (int)n; i++)
		if (l[i].item >= 0 && ordinal-- == 0)
			return i;
	return fallback;
}

bool
list_lines_navigate(struct view *v, const struct list_line *l, size_t n, enum request req,
	int page)
{
	int count = item_ordinal(l, (int)n);
	int ord = v->selected < 0 ? 0 : item_ordinal(l, v->selected);
	if (!nav_move(&ord, count, req, page))
		return false;
	if (count)
		v->selected = line_of_item(l, n, ord, v->selected);
	return true;
}

void
list_lines_keep_visible(struct view *v, const struct list_line *l, int rows)
{
	if (v->selected < v->top && v->selected > 0 && l[v->selected - 1].item < 0)
		v->top = v->selected - 1;
	view_keep_visible(v, rows);
}

/* A required answer must hold more than blanks. */
static bool
check_required(void *ctx, const char *text, char *why, size_t size)
{
	(void)ctx;
	while (*text == ' ')
		text++;
	if (*text)
		return true;
	snprintf(why, size, "%s", _("Type something, or Esc to cancel"));
	return false;
}

char *
ask_line(struct app *app, const char *prompt, const char *initial, bool required)
{
	return ui_prompt_checked(app, prompt, initial ? initial : "",
		required ? check_required : NULL, NULL);
}

char *
ask_field(struct app *app, const char *prompt, const char *initial, enum tv_field field)
{
	return ui_prompt_checked(app, prompt, initial ? initial : "", ui_check_field, &field);
}

struct required_date {
	struct date_rule rule;
	bool required;
};

static bool
check_required_date(void *ctx, const char *text, char *why, size_t size)
{
	struct required_date *r = ctx;
	if (r->required && !check_required(NULL, text, why, size))
		return false;
	return ui_check_date(&r->rule, text, why, size);
}

char *
ask_checked(struct app *app, const char *prompt, const char *initial, bool required,
	struct date_rule rule)
{
	/* empty passes the date check; a required field left empty is refused above it */
	rule.empty_ok = true;
	struct required_date r = { rule, required };
	return ui_prompt_checked(app, prompt, initial ? initial : "", check_required_date, &r);
}

/* Choices of an enum field: keys and Danish names; an optional one ends with "none". */
#define MAX_CHOICES 8
static size_t
choices(const struct tv_field_info *f, const char **keys, const char **names)
{
	size_t n = 0;
	if (f->type != TV_FT_ENUM)
		return 0;
	for (int i = 0; i < tv_choices_count(f->choices) && n < MAX_CHOICES - 1; i++, n++) {
		keys[n] = tv_choices_key(f->choices, i);
		names[n] = tv_choices_name(f->choices, i, tv_i18n_names_danish());
	}
	if (!f->required) {
		keys[n] = "";
		names[n++] = f->choices == TV_CHOICES_AREA ? _("(no area)") : _("(none)");
	}
	return n;
}

char *
field_display(enum tv_field field, const char *value)
{
	const struct tv_field_info *f = tv_field_info(field);
	/* Dates as every other screen shows them (stored ISO; the prompt still offers ISO). */
	struct tv_when when;
	if ((f->type == TV_FT_DATE || f->type == TV_FT_WHEN) && value && *value &&
			tv_when_parse(value, 0, true, &when, NULL) == TV_OK) {
		char buf[TV_DATE_SHOW_BUF + 8];
		show_when(when, TV_DATE_WEEKDAY, buf, sizeof buf);
		return tv_xstrdup(buf);
	}
	const char *keys[MAX_CHOICES], *names[MAX_CHOICES];
	size_t n = choices(f, keys, names);
	/* The choice's name only: its stored key ("open") is for scripts, not people. */
	for (size_t i = 0; i < n && value; i++)
		if (keys[i][0] && strcmp(keys[i], value) == 0)
			return tv_xstrdup(names[i]);
	return tv_xstrdup(value && *value ? value : "-");
}

void
edit_record_field(struct app *app, enum tv_kind kind, int64_t id, int64_t version,
	enum tv_field field)
{
	const struct tv_field_info *f = tv_field_info(field);
	char *cur = NULL;
	int64_t ver = 0;
	if (tv_store_get(app->store, kind, id, f->name, &cur, &ver) != TV_OK) {
		app_store_error(app, TV_NOT_FOUND);
		return;
	}
	if (version == 0)
		version = ver;
	char *value = NULL;
	switch (f->type) {
	case TV_FT_TEXT:
		value = ui_edit_text(app, _(f->label), cur);
		break;
	case TV_FT_ENUM: {
		const char *keys[MAX_CHOICES], *names[MAX_CHOICES];
		size_t n = choices(f, keys, names);
		int initial = 0;
		for (size_t i = 0; i < n; i++)
			if (strcmp(keys[i], cur ? cur : "") == 0)
				initial = (int)i;
		int ch = ui_menu_choose(app, _(f->label), names, n, initial);
		if (ch >= 0)
			value = tv_xstrdup(keys[ch]);
		break;
	}
	default: {
		const char *hint = f->type == TV_FT_DATE ?
			_(" (18.12.2026, 18 Dec, +3d; empty clears)") :
			f->type == TV_FT_WHEN ? " (18.12.2026 9:30)" : "";
		char *prompt = tv_xasprintf("%s%s: ", _(f->label), hint);
		struct date_rule rule = { .today = app->today, .when = f->type == TV_FT_WHEN,
			.date_only = true, .empty_ok = !f->required, .base_day = TV_NO_DAY };
		/* The store's refusal (a bad link or e-mail, an empty name, an end before
		 * the start) keeps the prompt open with the text and the reason. */
		app_set_asked(app, prompt, cur, kind, id, f->name, version, *hint ? &rule : NULL);
		free(prompt);
		break;
	}
	}
	if (value)
		app_set(app, kind, id, f->name, value, version);
	free(value);
	free(cur);
}

unsigned
edit_record_fields(struct app *app, enum tv_kind kind, int64_t id, int64_t version,
	const enum tv_field *fields, size_t nfields, const char *noun)
{
	char **items = tv_xcalloc(nfields, sizeof *items);
	int lw = 0;
	for (size_t i = 0; i < nfields; i++) {
		int w = tv_text_width(_(tv_field_info(fields[i])->label));
		if (w > lw)
			lw = w;
	}
	for (size_t i = 0; i < nfields; i++) {
		char *cur = NULL;
		if (tv_store_get(app->store, kind, id, tv_field_info(fields[i])->name, &cur, NULL)
			!= TV_OK)
			cur = NULL;
		char *disp = field_display(fields[i], cur);
		for (char *c = disp; *c; c++)
			if (*c == '\n')
				*c = ' ';
		char *cut = tv_text_ellipsize(disp, 40);
		int pad = lw - tv_text_width(_(tv_field_info(fields[i])->label));
		items[i] = tv_xasprintf("%s%*s  %s", _(tv_field_info(fields[i])->label), pad, "",
			cut);
		free(cut);
		free(disp);
		free(cur);
	}
	char *title = tv_xasprintf(_("Edit the %s: which field?"), _(noun));
	int ch = ui_menu_choose(app, title, (const char *const *)items, nfields, 0);
	free(title);
	tv_strv_free(items, nfields);
	if (ch >= 0)
		edit_record_field(app, kind, id, version, fields[ch]);
	return H_HANDLED | H_REDRAW;
}

/* ---- the view ---- */

static void
clear_values(struct listview *l)
{
	if (l->values)
		for (size_t i = 0; i < l->ops->nfields; i++)
			free(l->values[i]);
	free(l->values);
	l->values = NULL;
	l->values_id = 0;
}

static void
load_values(struct listview *l, struct app *app, int64_t id, int64_t ver)
{
	if (l->values && l->values_id == id && l->values_ver == ver)
		return;
	clear_values(l);
	l->values = tv_xcalloc(l->ops->nfields, sizeof *l->values);
	for (size_t i = 0; i < l->ops->nfields; i++) {
		char *v = NULL;
		if (tv_store_get(app->store, l->ops->kind, id, tv_field_info(l->ops->fields[i])->name, &v,
				NULL) == TV_OK)
			l->values[i] = v;
	}
	l->values_id = id;
	l->values_ver = ver;
}

static void
clamp(struct view *v, struct app *app)
{
	struct listview *l = L(v);
	int n = (int)l->ops->count(app);
	if (v->selected >= n)
		v->selected = n - 1;
	if (v->selected < 0)
		v->selected = 0;
	l->sel_id = n ? l->ops->id_at(app, (size_t)v->selected) : 0;
}

void
listview_draw(struct view *v, struct app *app)
{
	struct listview *l = L(v);
	const struct list_ops *o = l->ops;
	WINDOW *w = view_draw_begin(v, app, o->title);
	int rows = getmaxy(w), cols = getmaxx(w);
	int n = (int)o->count(app);
	/* The pane takes the lower part: one line per field plus a heading, at most half. */
	int pane = (int)o->nfields + 1;
	if (pane > rows / 2)
		pane = rows / 2;
	int listh = rows - pane;
	if (n == 0) {
		char *msg = tv_xasprintf(_("Nothing here yet \u2014 a adds a %s"), _(o->noun));
		ui_put_text(w, 0, 1, cols - 1, msg, style_attr(ST_HINT));
		free(msg);
		wnoutrefresh(w);
		return;
	}
	view_keep_visible(v, listh);
	/* Columns from every record's row, not only the visible ones, so they stay put
	 * while the list scrolls. */
	memset(&l->cw, 0, sizeof l->cw);
	if (o->measure)
		o->measure(app, cols, &l->cw);
	for (int r = 0; r < listh && v->top + r < n; r++) {
		int i = v->top + r;
		bool sel = i == v->selected;
		if (sel)
			ui_fill_line(w, r, 0, cols, style_attr(ST_SELECTED));
		o->draw_row(app, w, r, cols, (size_t)i, sel, &l->cw);
	}
	ui_scroll_marks(w, cols - 1, 0, v->top > 0, listh - 1, v->top + listh < n);
	/* The pane. */
	int64_t id = o->id_at(app, (size_t)v->selected);
	load_values(l, app, id, o->version_at(app, (size_t)v->selected));
	int y = listh;
	const char *noun = _(o->noun);
	char *head = tv_xasprintf(_("%c%s #%lld \u2014 e/Enter edits a field, d deletes"),
		noun[0] >= 'a' && noun[0] <= 'z' ? noun[0] - 32 : noun[0], noun + 1, (long long)id);
	ui_heading(w, y, cols, head);
	free(head);
	int lw = 0;
	for (size_t i = 0; i < o->nfields; i++) {
		int fw = tv_text_width(_(tv_field_info(o->fields[i])->label));
		if (fw > lw)
			lw = fw;
	}
	for (size_t i = 0; i < o->nfields && ++y < rows; i++) {
		ui_put_text(w, y, 1, lw, _(tv_field_info(o->fields[i])->label),
			style_attr(ST_LABEL));
		char *disp = field_display(o->fields[i], l->values ? l->values[i] : NULL);
		for (char *c = disp; *c; c++)
			if (*c == '\n')
				*c = ' ';
		ui_put_text(w, y, lw + 3, cols - lw - 3, disp, style_attr(ST_NORMAL));
		free(disp);
	}
	wnoutrefresh(w);
}

static void
select_id(struct view *v, struct app *app, int64_t id)
{
	struct listview *l = L(v);
	size_t n = l->ops->count(app);
	for (size_t i = 0; i < n; i++)
		if (l->ops->id_at(app, i) == id) {
			v->selected = (int)i;
			break;
		}
	clamp(v, app);
}

static unsigned
do_delete(struct view *v, struct app *app)
{
	struct listview *l = L(v);
	const struct list_ops *o = l->ops;
	if (!o->count(app))
		return H_HANDLED | H_REDRAW;
	int64_t id = o->id_at(app, (size_t)v->selected);
	char *q = tv_xasprintf(_("Delete %s #%lld? (y/n)"), _(o->noun), (long long)id);
	bool yes = ui_confirm(app, q);
	free(q);
	if (!yes) {
		app_message(app, ST_HINT, "Not deleted");
		return H_HANDLED | H_REDRAW;
	}
	char msg[80];
	snprintf(msg, sizeof msg, _("Deleted %s #%lld (u undoes)"), _(o->noun), (long long)id);
	app_remove(app, o->kind, id, o->version_at(app, (size_t)v->selected), msg);
	return H_HANDLED | H_REDRAW;
}

unsigned
listview_handle(struct view *v, struct app *app, enum request req, int key)
{
	struct listview *l = L(v);
	const struct list_ops *o = l->ops;
	int n = (int)o->count(app);
	int page = app->lines / 2 - 2;
	(void)key;
	v->count = n;
	if (view_navigate(v, req, page)) {
		clamp(v, app);
		return H_HANDLED | H_REDRAW;
	}
	switch (req) {
	case REQ_ADD: {
		int64_t id = o->add(app);
		if (id)
			select_id(v, app, id);
		return H_HANDLED | H_REDRAW;
	}
	case REQ_EDIT:
	case REQ_LIST_OPEN:
		if (!n)
			return H_HANDLED | H_REDRAW;
		return edit_record_fields(app, o->kind, o->id_at(app, (size_t)v->selected),
			o->version_at(app, (size_t)v->selected), o->fields, o->nfields, o->noun);
	case REQ_DELETE:
		return do_delete(v, app);
	default:
		if (o->extra && n) {
			unsigned h = o->extra(app, req, (size_t)v->selected);
			if (h != H_NONE)
				return h;
		}
		return H_NONE;
	}
}

bool
listview_reload(struct view *v, struct app *app)
{
	struct listview *l = L(v);
	clear_values(l);
	select_id(v, app, l->sel_id);
	return true;
}

void
listview_free(struct view *v)
{
	struct listview *l = L(v);
	clear_values(l);
}

struct view *
listview_new(struct app *app, const struct list_ops *ops, int64_t select)
{
	struct view *v = view_new(ops->view);
	struct listview *l = L(v);
	l->ops = ops;
	if (select)
		select_id(v, app, select);
	else
		clamp(v, app);
	return v;
}
