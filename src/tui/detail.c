/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The package detail view: every field of one package, its six sections under their
 * Danish headings, its tasks and its comments, as one scrollable page with a focus
 * cursor over the items. Editing keys act on the focused item (one-line editor for
 * fields and task titles, the multi-line editor for sections and comments). The view
 * holds only the package id; after every reload it finds the package again and closes
 * itself if the package is gone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "tavle/buf.h"
#include "tavle/fields.h"
#include "tavle/i18n.h"
#include "tavle/people.h"
#include "tavle/text.h"
#include "tavle/tmpl_update.h"

enum ikind { I_FIELD, I_SECTION, I_TASK, I_COMMENT, I_HEADING };
enum dfield { F_TITLE, F_AREA, F_STATUS, F_OWNER, F_DEADLINE, F_PHASE, F_AFTER, F_UPDATED,
	F_COUNT };
/* The package's fields at the top of the page, labelled from the core's field table
 * (tavle/fields.h); the last line (when and by whom) is not a field. */
static const enum tv_field field_ids[F_UPDATED] = {
	[F_TITLE] = TV_FIELD_PACKAGE_title, [F_AREA] = TV_FIELD_PACKAGE_area,
	[F_STATUS] = TV_FIELD_PACKAGE_status, [F_OWNER] = TV_FIELD_PACKAGE_owner,
	[F_DEADLINE] = TV_FIELD_PACKAGE_deadline, [F_PHASE] = TV_FIELD_PACKAGE_phase,
	[F_AFTER] = TV_FIELD_PACKAGE_after,
};

static const char *
field_label(enum dfield f)
{
	if (f == F_AFTER)
		return N_("After");   /* the field's label says how to type it; this is shorter */
	return f == F_UPDATED ? N_("Updated") : tv_field_info(field_ids[f])->label;
}

struct item {
	enum ikind kind;
	int idx;
	int first, count;   /* lines */
};

struct dline {
	char *text;
	enum style st;
	int item;
	int indent;
	bool label;          /* text up to the first tab is a label */
};

struct detail {
	int64_t pkg_id;
	struct item *items;
	size_t nitems;
	struct dline *lines;
	size_t nlines;
	int focus;           /* item index */
	int top;             /* first visible line */
	struct tv_comment *comments;
	size_t ncomments;
	int width;
};

static struct detail *
D(struct view *v)
{
	return v->priv;
}

static void
clear_lines(struct detail *d)
{
	for (size_t i = 0; i < d->nlines; i++)
		free(d->lines[i].text);
	free(d->lines);
	free(d->items);
	d->lines = NULL;
	d->items = NULL;
	d->nlines = d->nitems = 0;
}

static void
add_line(struct detail *d, const char *text, enum style st, int indent, bool label)
{
	d->lines = tv_xrealloc(d->lines, (d->nlines + 1) * sizeof *d->lines);
	struct dline *l = &d->lines[d->nlines++];
	l->text = tv_xstrdup(text);
	l->st = st;
	l->item = (int)d->nitems - 1;
	l->indent = indent;
	l->label = label;
	d->items[d->nitems - 1].count++;
}

static void
begin_item(struct detail *d, enum ikind kind, int idx)
{
	d->items = tv_xrealloc(d->items, (d->nitems + 1) * sizeof *d->items);
	struct item *it = &d->items[d->nitems++];
	it->kind = kind;
	it->idx = idx;
	it->first = (int)d->nlines;
	it->count = 0;
}

/* Add multi-line text wrapped at `width` columns (word wrap where possible). */
static void
add_wrapped(struct detail *d, const char *text, int width, enum style st, int indent)
{
	char *clean = tv_text_sanitize(text, strlen(text), TV_SAN_KEEP_NEWLINES);
	const char *s = clean;
	int w = width - indent;
	if (w < 8)
		w = 8;
	for (;;) {
		const char *nl = strchr(s, '\n');
		size_t ll = nl ? (size_t)(nl - s) : strlen(s);
		char *line = tv_xstrndup(s, ll);
		const char *p = line;
		do {
			size_t cut = tv_text_clip(p, w, NULL);
			if (p[cut]) {
				size_t sp = cut;
				while (sp > 0 && p[sp] != ' ')
					sp--;
				if (sp > 0)
					cut = sp;
			}
			char *part = tv_xstrndup(p, cut);
			add_line(d, part, st, indent, false);
			free(part);
			p += cut;
			while (*p == ' ')
				p++;
		} while (*p);
		free(line);
		if (!nl)
			break;
		s = nl + 1;
	}
	free(clean);
}

/* Below this many columns a task line names its owner by the short form the board's
 * cards use (unique on the board); from here on by the full name. */
#define TASK_OWNER_FULL_WIDTH 119

/* How a task line names the task's owner ("@MH " or "@Mette Holm "), "" for none.
 * Caller frees. */
static char *
task_owner_text(const struct app *app, const struct tv_task *t, int width)
{
	if (!t->owner || !*t->owner)
		return tv_xstrdup("");
	if (width >= TASK_OWNER_FULL_WIDTH)
		return tv_xasprintf("@%s ", t->owner);
	char **names;
	size_t n;
	tv_people_board_owners(app->data, &names, &n);
	char **forms = tv_people_short_forms((const char *const *)names, n);
	char *r = NULL;
	for (size_t i = 0; i < n && !r; i++)
		if (strcmp(names[i], t->owner) == 0)
			r = tv_xasprintf("@%s ", forms[i]);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	tv_people_forms_free(forms, n);
	return r ? r : tv_xasprintf("@%s ", t->owner);
}

/* The task lines: a heading, then one line per task (done, owner, late, responsible). */
static void
build_tasks(struct detail *d, const struct app *app, const struct tv_package *p, int width)
{
	char dl[TV_DATE_SHOW_BUF];
	begin_item(d, I_HEADING, 0);
	add_line(d, "", ST_NORMAL, 0, false);
	add_line(d, _("Tasks \u2014 a add, x done, e edit, D deadline, r responsible, M minimum, "
		"o owner, J/K move, d delete"),
		ST_HEADING, 0, false);
	for (size_t i = 0; i < p->ntasks; i++) {
		const struct tv_task *t = &p->tasks[i];
		begin_item(d, I_TASK, (int)i);
		char when[48] = "";
		bool late = !t->done && t->deadline.day != TV_NO_DAY && t->deadline.day < app->today;
		if (t->deadline.day != TV_NO_DAY) {
			show_date(t->deadline.day, 0, dl, sizeof dl);
			snprintf(when, sizeof when, "  %s%s", late ? "!" : "", dl);
		}
		/* The minimum-requirement flag and the owner go first, after the check box:
		 * at the end they were cut off on any line wider than the screen. */
		char no[TV_TASK_NUMBER_BUF];
		tv_task_number(p, t, no, sizeof no);
		char *owner = task_owner_text(app, t, width);
		/* A task the programme's latest template no longer has: kept, and said. */
		int gone = 0;
		if (tv_tmpl_update_removed(app->store, TV_KIND_TASK, t->id, &gone) != TV_OK)
			gone = 0;
		char gone_txt[80] = "";
		if (gone)
			snprintf(gone_txt, sizeof gone_txt, _("  [no longer in the programme's version %d]"),
				gone);
		char *line = tv_xasprintf("[%c] %s%s %s%s%s  (%s)%s", t->done ? 'x' : ' ', no,
			t->minimum ? _(" [minimum requirement]") : "", owner, t->title ? t->title : "",
			when, tv_responsible_name(t->responsible, tv_i18n_names_danish()), gone_txt);
		add_line(d, line, t->done ? ST_DONE : late ? ST_OVERDUE : ST_NORMAL, 2, false);
		free(line);
		free(owner);
	}
	if (p->ntasks == 0) {
		begin_item(d, I_HEADING, 1);
		add_line(d, _("(no tasks \u2014 a adds one)"), ST_HINT, 2, false);
	}
}

/* The comment lines, oldest first: author and time, then the text wrapped to `width`. */
static void
build_comments(struct detail *d, int width)
{
	begin_item(d, I_HEADING, 2);
	add_line(d, "", ST_NORMAL, 0, false);
	add_line(d, _("Comments \u2014 c add"), ST_HEADING, 0, false);
	for (size_t i = 0; i < d->ncomments; i++) {
		const struct tv_comment *c = &d->comments[i];
		begin_item(d, I_COMMENT, (int)i);
		char at[TV_DATE_SHOW_BUF + 8] = "";
		if (c->created_at)
			tv_utc_show(c->created_at, ui_date_style(), 0, at, sizeof at);
		char *head = tv_xasprintf("%s, %s:", c->author ? c->author : "?", at);
		add_line(d, head, ST_LABEL, 2, false);
		free(head);
		add_wrapped(d, c->text ? c->text : "", width, ST_NORMAL, 4);
	}
	if (d->ncomments == 0)
		add_line(d, _("(no comments \u2014 c adds one)"), ST_HINT, 2, false);
}

/* The packages `p` comes after, as "2 Ledelses…, 6 Leverandør…" ("(none)"). */
static char *
after_text(struct app *app, const struct tv_package *p)
{
	int after[64];
	int n = tv_package_after(p->after, after, 64);
	if (n <= 0)
		return tv_xstrdup(_("(none; e.g. 2,6)"));
	struct tv_buf b = { 0 };
	for (int i = 0; i < n && i < 64; i++) {
		const struct tv_package *q = tv_board_data_package(app->data, after[i]);
		tv_buf_addf(&b, "%s%d%s%s", i ? ", " : "", after[i], q ? " " : "",
			q && q->title ? q->title : "");
	}
	return b.p;
}

static void
build(struct detail *d, struct app *app)
{
	clear_lines(d);
	const struct tv_package *p = app_package(app, d->pkg_id);
	if (!p)
		return;
	int width = d->width > 10 ? d->width : 78;
	char buf[512], dl[TV_DATE_SHOW_BUF], rel[48];
	for (int f = 0; f < F_COUNT; f++) {
		begin_item(d, I_FIELD, f);
		const char *val = "";
		char *own = NULL;
		switch (f) {
		case F_TITLE:
			own = tv_xasprintf("%d  %s", p->number, p->title ? p->title : "");
			break;
		case F_AREA:
			own = tv_xasprintf("[%c] %s", tv_area_tag(p->area), tv_area_name(p->area, tv_i18n_names_danish()));
			break;
		case F_STATUS:
			/* Blocked, and why (the reason is kept for the next time, shown while
			 * blocked). */
			own = tv_xasprintf("[%s] %s%s%s", tv_pstatus_marker(p->status),
				tv_pstatus_name(p->status, tv_i18n_names_danish()),
				p->status == TV_BLOCKED && p->blocked_reason && *p->blocked_reason ?
				" \u2014 " : "", p->status == TV_BLOCKED && p->blocked_reason ?
				p->blocked_reason : "");
			break;
		case F_OWNER: val = p->owner ? p->owner : ""; break;
		case F_DEADLINE:
			if (p->deadline.day == TV_NO_DAY) {
				val = _("(none)");
			} else {
				show_date(p->deadline.day, TV_DATE_WEEKDAY, dl, sizeof dl);
				long diff = (long)p->deadline.day - app->today;
				if (diff < 0)
					snprintf(rel, sizeof rel, ngettext("! %ld day late",
						"! %ld days late", (unsigned long)-diff), -diff);
				else if (diff == 0)
					snprintf(rel, sizeof rel, "%s", _("today"));
				else
					snprintf(rel, sizeof rel, ngettext("in %ld day", "in %ld days",
						(unsigned long)diff), diff);
				own = tv_xasprintf("%s  (%s)", dl, rel);
			}
			break;
		case F_PHASE: {
			const struct tv_phase *ph = tv_board_data_phase(app->data, p->phase_id);
			val = ph ? ph->name : _("(none)");
			break;
		}
		case F_AFTER:
			own = after_text(app, p);
			break;
		case F_UPDATED:
			if (p->updated_at) {
				char at[TV_DATE_SHOW_BUF + 8];
				tv_utc_show(p->updated_at, ui_date_style(), 0, at, sizeof at);
				own = p->updated_by ? tv_xasprintf(_("%s by %s"), at, p->updated_by)
					: tv_xstrdup(at);
			}
			break;
		default: break;
		}
		const char *label = _(field_label(f));
		int pad = 10 - tv_text_width(label);
		snprintf(buf, sizeof buf, "%s%*s\t%s", label, pad > 0 ? pad : 0, "", own ? own : val);
		enum style st = ST_NORMAL;
		if (f == F_DEADLINE && tv_package_overdue(p, app->today))
			st = ST_OVERDUE;
		add_line(d, buf, st, 0, true);
		free(own);
	}
	/* What the programme's template updates did to this package (issue 20). */
	int changed[TV_SECTION_COUNT] = { 0 };
	if (tv_tmpl_update_sections(app->store, p->id, changed) != TV_OK)
		memset(changed, 0, sizeof changed);
	int gone = 0;
	if (tv_tmpl_update_removed(app->store, TV_KIND_PACKAGE, p->id, &gone) == TV_OK && gone) {
		begin_item(d, I_HEADING, 3);
		snprintf(buf, sizeof buf, _("No longer in the programme's version %d: kept on the "
			"board until you delete it"), gone);
		add_line(d, buf, ST_SOON, 0, false);
	}
	for (int s = 0; s < TV_SECTION_COUNT; s++) {
		begin_item(d, I_SECTION, s);
		add_line(d, "", ST_NORMAL, 0, false);
		if (changed[s]) {
			snprintf(buf, sizeof buf, _("%s \u2014 changed by the programme in version %d"),
				tv_section_name(s, tv_i18n_names_danish()), changed[s]);
			add_line(d, buf, ST_HEADING, 0, false);
		} else {
			add_line(d, tv_section_name(s, tv_i18n_names_danish()), ST_HEADING, 0, false);
		}
		const char *t = p->sections[s];
		if (t && *t)
			add_wrapped(d, t, width, ST_NORMAL, 2);
		else
			add_line(d, _("(empty \u2014 e to write)"), ST_HINT, 2, false);
	}
	build_tasks(d, app, p, width);
	build_comments(d, width);
}

static void
load_comments(struct detail *d, struct app *app)
{
	for (size_t i = 0; i < d->ncomments; i++)
		tv_comment_clear(&d->comments[i]);
	free(d->comments);
	d->comments = NULL;
	d->ncomments = 0;
	if (tv_store_comments(app->store, d->pkg_id, &d->comments, &d->ncomments) != TV_OK) {
		d->comments = NULL;
		d->ncomments = 0;
	}
}

static bool
focusable(const struct item *it)
{
	return it->kind != I_HEADING;
}

static void
detail_layout(struct view *v, struct app *app)
{
	struct detail *d = D(v);
	d->width = app->cols - 1;
	struct item keep = d->nitems ? d->items[d->focus] : (struct item){ I_FIELD, 0, 0, 0 };
	build(d, app);
	d->focus = 0;
	for (size_t i = 0; i < d->nitems; i++)
		if (d->items[i].kind == keep.kind && d->items[i].idx == keep.idx)
			d->focus = (int)i;
}

static void
keep_focus_visible(struct detail *d, int h)
{
	if (!d->nitems)
		return;
	struct item *it = &d->items[d->focus];
	int first = it->first;
	/* Section items start with a blank line: show the heading. */
	int last = it->first + it->count - 1;
	if (last - first + 1 > h)
		last = first + h - 1;
	if (first < d->top)
		d->top = first;
	if (last >= d->top + h)
		d->top = last - h + 1;
	if (d->top < 0)
		d->top = 0;
}

static void
detail_draw(struct view *v, struct app *app)
{
	struct detail *d = D(v);
	const struct tv_package *p = app_package(app, d->pkg_id);
	char *right = p ? tv_xasprintf(_("package %d"), p->number) : NULL;
	WINDOW *w = view_draw_begin(v, app, right);
	free(right);
	int h = getmaxy(w), width = getmaxx(w);
	keep_focus_visible(d, h);
	for (int r = 0; r < h && d->top + r < (int)d->nlines; r++) {
		struct dline *l = &d->lines[d->top + r];
		const struct item *it = &d->items[l->item];
		bool blank = !*l->text;
		bool in_focus = l->item == d->focus && !blank;
		/* The first visible text line of the focused item carries the marker; a
		 * section is highlighted by its heading only, so its text stays readable. */
		int first_text = it->first;
		while (first_text < it->first + it->count && !*d->lines[first_text].text)
			first_text++;
		bool marker = in_focus && d->top + r == first_text;
		bool foc = in_focus && (it->kind != I_SECTION || l->st == ST_HEADING);
		attr_t a = style_attr(l->st);
		if (foc)
			a |= A_REVERSE;
		if (l->st == ST_HEADING)
			ui_fill_line(w, r, 0, width, a);
		if (marker)
			ui_put_text(w, r, 0, 1, "\u25b8", style_attr(ST_LABEL));
		int x = l->indent < 1 ? 1 : l->indent + 1;
		if (l->label) {
			const char *tab = strchr(l->text, '\t');
			size_t ln = tab ? (size_t)(tab - l->text) : 0;
			char *lab = tv_xstrndup(l->text, ln);
			int used = ui_put_text(w, r, x, width - x, lab,
				style_attr(ST_LABEL) | (foc ? A_REVERSE : 0));
			free(lab);
			ui_put_text(w, r, x + used, width - x - used, tab ? tab + 1 : l->text, a);
		} else {
			ui_put_text(w, r, x, width - x, l->text, a);
		}
	}
	ui_scroll_marks(w, width - 1, 0, d->top > 0, h - 1, d->top + h < (int)d->nlines);
	wnoutrefresh(w);
}

static void
move_focus(struct detail *d, int delta)
{
	int f = d->focus;
	int step = delta > 0 ? 1 : -1;
	int n = delta > 0 ? delta : -delta;
	while (n-- > 0) {
		int g = f + step;
		while (g >= 0 && g < (int)d->nitems && !focusable(&d->items[g]))
			g += step;
		if (g < 0 || g >= (int)d->nitems)
			break;
		f = g;
	}
	d->focus = f;
}

static const struct tv_task *
focused_task(struct detail *d, const struct tv_package *p)
{
	struct item *it = &d->items[d->focus];
	if (it->kind != I_TASK || (size_t)it->idx >= p->ntasks)
		return NULL;
	return &p->tasks[it->idx];
}

static unsigned
task_action(struct detail *d, struct app *app, const struct tv_package *p,
	const struct tv_task *t, enum request req)
{
	(void)d;
	(void)p;
	switch (req) {
	case REQ_EDIT: {
		app_set_asked(app, "Task: ", t->title, TV_KIND_TASK, t->id, "title", t->version,
			NULL);
		return H_REDRAW;
	}
	case REQ_DEADLINE: {
		char cur[TV_DATE_BUF];
		tv_date_format(t->deadline.day, cur);
		struct date_rule rule = { .today = app->today, .when = true, .date_only = true,
			.empty_ok = true, .base_day = TV_NO_DAY };
		char *s = ui_prompt_checked(app, "Task deadline (18.12.2026, +3d; empty clears): ",
			cur, ui_check_date, &rule);
		if (s) {
			app_set(app, TV_KIND_TASK, t->id, "deadline", s, t->version);
			free(s);
		}
		return H_REDRAW;
	}
	case REQ_TOGGLE:
	case REQ_STATUS:
		app_set(app, TV_KIND_TASK, t->id, "done", t->done ? "no" : "yes", t->version);
		return H_REDRAW;
	case REQ_RESPONSIBLE: {
		const char *items[TV_RESPONSIBLE_COUNT];
		for (int r = 0; r < TV_RESPONSIBLE_COUNT; r++)
			items[r] = tv_responsible_name(r, tv_i18n_names_danish());
		int ch = ui_menu_choose(app, "Responsible party", items, TV_RESPONSIBLE_COUNT,
			(int)t->responsible);
		if (ch >= 0 && ch != (int)t->responsible)
			app_set(app, TV_KIND_TASK, t->id, "responsible", tv_responsible_key(ch),
				t->version);
		return H_REDRAW;
	}
	case REQ_MINIMUM:
		app_set(app, TV_KIND_TASK, t->id, "minimum", t->minimum ? "no" : "yes", t->version);
		return H_REDRAW;
	case REQ_DELETE: {
		char *title = tv_text_ellipsize(t->title ? t->title : "", 30);
		char *q = tv_xasprintf(_("Delete task \"%s\"? (y/n)"), title);
		free(title);
		bool yes = ui_confirm(app, q);
		free(q);
		if (yes)
			app_remove(app, TV_KIND_TASK, t->id, t->version, "Task deleted (u undoes)");
		return H_REDRAW;
	}
	case REQ_MOVE_UP:
	case REQ_MOVE_DOWN: {
		int pos = t->position + (req == REQ_MOVE_UP ? -1 : 1);
		if (pos < 0 || (size_t)pos >= p->ntasks)
			return H_REDRAW;
		enum tv_status st;
		APP_RETRY(app, st, tv_store_move(app->store, TV_KIND_TASK, t->id, pos));
		if (st != TV_OK) {
			app_store_error(app, st);
		} else {
			d->focus += req == REQ_MOVE_UP ? -1 : 1;
			app_after_write(app, "Moved");
		}
		return H_REDRAW;
	}
	default:
		return H_NONE;
	}
}

static unsigned
add_task(struct detail *d, struct app *app, const struct tv_package *p)
{
	enum tv_field f = TV_FIELD_TASK_title;
	char *title = ui_prompt_checked(app, "New task: ", "", ui_check_field, &f);
	if (!title)
		return H_REDRAW;
	struct tv_task t = {
		.package_id = p->id,
		.title = title,
		.deadline = { .day = TV_NO_DAY, .minute = TV_NO_TIME },
		.responsible = TV_RESP_AUTHORITY,
	};
	enum tv_status st;
	APP_RETRY(app, st, tv_store_task_add(app->store, &t));
	if (app_write_done(app, st, "Task added")) {
		/* Focus the new task (p is stale after the reload). */
		const struct tv_package *np = app_package(app, d->pkg_id);
		for (size_t i = 0; np && i < d->nitems; i++)
			if (d->items[i].kind == I_TASK && (size_t)d->items[i].idx < np->ntasks &&
			    np->tasks[d->items[i].idx].id == t.id)
				d->focus = (int)i;
	}
	free(title);
	free(t.uid);
	return H_REDRAW;
}

static unsigned
add_comment(struct detail *d, struct app *app, const struct tv_package *p)
{
	draft_target_set(app, TV_KIND_COMMENT, 0, "new", p->id);
	char *text = ui_edit_text(app, "New comment", "");
	if (!text)
		return H_REDRAW;
	struct tv_comment c = { .package_id = p->id, .text = text };
	enum tv_status st;
	APP_RETRY(app, st, tv_store_comment_add(app->store, &c));
	if (app_write_done(app, st, "Comment added")) {
		/* Show it: focus the newest comment (comments are oldest first). */
		for (size_t i = 0; i < d->nitems; i++)
			if (d->items[i].kind == I_COMMENT)
				d->focus = (int)i;
	}
	c.text = NULL;
	tv_comment_clear(&c);
	free(text);
	return H_REDRAW;
}

static unsigned
edit_focused(struct detail *d, struct app *app, const struct tv_package *p, bool external)
{
	/* A copy: a resize while an editor is open rebuilds d->items. */
	const struct item item = d->items[d->focus];
	const struct item *it = &item;
	switch (it->kind) {
	case I_SECTION: {
		const char *cur = p->sections[it->idx] ? p->sections[it->idx] : "";
		char *title = tv_xasprintf(_("%s \u2014 package %d"), tv_section_name(it->idx, tv_i18n_names_danish()),
			p->number);
		draft_target_set(app, TV_KIND_PACKAGE, p->id, tv_section_key(it->idx), p->version);
		char *t = external ? ui_edit_external(app, cur) : ui_edit_text(app, title, cur);
		free(title);
		if (t) {
			app_set(app, TV_KIND_PACKAGE, p->id, tv_section_key(it->idx), t, p->version);
			free(t);
		}
		return H_REDRAW;
	}
	case I_COMMENT: {
		const struct tv_comment *c = &d->comments[it->idx];
		int64_t cid = c->id, cver = c->version;
		draft_target_set(app, TV_KIND_COMMENT, cid, "text", cver);
		char *t = external ? ui_edit_external(app, c->text) : ui_edit_text(app, "Comment", c->text);
		if (t) {
			app_set(app, TV_KIND_COMMENT, cid, "text", t, cver);
			free(t);
		}
		return H_REDRAW;
	}
	case I_TASK:
		return task_action(d, app, p, focused_task(d, p), REQ_EDIT);
	case I_FIELD:
		switch (it->idx) {
		case F_TITLE: return package_action(app, p, external ? REQ_EDIT_EXT : REQ_EDIT);
		case F_AREA: return package_action(app, p, REQ_MOVE_AREA);
		case F_STATUS: return package_action(app, p, REQ_STATUS);
		case F_OWNER: return package_action(app, p, REQ_OWNER);
		case F_DEADLINE: return package_action(app, p, REQ_DEADLINE);
		case F_PHASE: {
			size_t np = app->data->nphases;
			const char **items = tv_xcalloc(np + 1, sizeof *items);
			int cur = (int)np;
			for (size_t i = 0; i < np; i++) {
				items[i] = app->data->phases[i].name;
				if (app->data->phases[i].id == p->phase_id)
					cur = (int)i;
			}
			items[np] = _("(none)");
			int ch = ui_menu_choose(app, "Phase", items, np + 1, cur);
			if (ch >= 0) {
				char *val = (size_t)ch < np ? tv_xasprintf("%lld",
					(long long)app->data->phases[ch].id) : tv_xstrdup("");
				app_set(app, TV_KIND_PACKAGE, p->id, "phase", val, p->version);
				free(val);
			}
			free(items);
			return H_REDRAW;
		}
		case F_AFTER:
			app_set_asked(app, "After packages (e.g. 2,6; empty for none): ",
				p->after ? p->after : "", TV_KIND_PACKAGE, p->id, "after", p->version,
				NULL);
			return H_REDRAW;
		default:
			app_message(app, ST_HINT, "This field is not editable");
			return H_REDRAW;
		}
	default:
		return H_REDRAW;
	}
}

/* Page up / down: the page scrolls the text (tops 0 .. nlines - h); the focus
 * follows to the first focusable item that starts on screen. */
static void
page(struct detail *d, enum request req, int h)
{
	int last_top = (int)d->nlines - h;
	nav_move(&d->top, last_top > 0 ? last_top + 1 : 1, req, h - 1);
	for (size_t i = 0; i < d->nitems; i++)
		if (focusable(&d->items[i]) && d->items[i].first + d->items[i].count > d->top) {
			if (d->items[i].first < d->top + h) {
				d->focus = (int)i;
				if (d->items[i].first < d->top)
					d->top = d->items[i].first;
			}
			break;
		}
}

static void
delete_comment(struct app *app, const struct tv_comment *c)
{
	if (ui_confirm(app, "Delete this comment? (y/n)"))
		app_remove(app, TV_KIND_COMMENT, c->id, c->version, "Comment deleted (u undoes)");
}

static void
delete_package(struct app *app, const struct tv_package *p)
{
	char *q = tv_xasprintf(_("Delete package %d with its tasks and comments? (y/n)"),
		p->number);
	bool yes = ui_confirm(app, q);
	free(q);
	if (yes)
		app_remove(app, TV_KIND_PACKAGE, p->id, p->version, "Package deleted (u undoes)");
}

static unsigned
detail_handle(struct view *v, struct app *app, enum request req, int key)
{
	struct detail *d = D(v);
	const struct tv_package *p = app_package(app, d->pkg_id);
	if (!p || !d->nitems)
		return H_NONE;
	int h = v->win ? getmaxy(v->win) : 10;
	const struct tv_task *t = focused_task(d, p);
	(void)key;
	switch (req) {
	case REQ_UP: move_focus(d, -1); break;
	case REQ_DOWN: move_focus(d, 1); break;
	case REQ_FIRST: d->focus = 0; d->top = 0; break;
	case REQ_LAST:
		move_focus(d, 1000000);
		d->top = (int)d->nlines - h;   /* show the end, comments included */
		if (d->top < 0)
			d->top = 0;
		break;
	case REQ_PGUP:
	case REQ_PGDN: page(d, req, h); break;
	case REQ_EDIT: return H_HANDLED | edit_focused(d, app, p, false);
	case REQ_EDIT_EXT: return H_HANDLED | edit_focused(d, app, p, true);
	case REQ_ADD: return H_HANDLED | add_task(d, app, p);
	case REQ_COMMENT: return H_HANDLED | add_comment(d, app, p);
	case REQ_TOGGLE:
		if (!t) {
			app_message(app, ST_HINT, "Focus a task to mark it done");
			break;
		}
		return H_HANDLED | task_action(d, app, p, t, req);
	case REQ_RESPONSIBLE:
	case REQ_MINIMUM:
		if (!t) {
			if (req == REQ_MINIMUM)
				app_message(app, ST_HINT, "Focus a task to mark it a minimum requirement");
			else
				app_message(app, ST_HINT, "Focus a task to set its responsible party");
			break;
		}
		return H_HANDLED | task_action(d, app, p, t, req);
	case REQ_DEADLINE: case REQ_MOVE_UP: case REQ_MOVE_DOWN:
		if (t)
			return H_HANDLED | task_action(d, app, p, t, req);
		return H_HANDLED | package_action(app, p, req);
	case REQ_DELETE:
		if (t)
			return H_HANDLED | task_action(d, app, p, t, req);
		if (d->items[d->focus].kind == I_COMMENT)
			delete_comment(app, &d->comments[d->items[d->focus].idx]);
		else
			delete_package(app, p);
		break;
	case REQ_OWNER:
		/* A focused task's own owner (issue 16, item 9); else the package's. */
		if (t)
			return H_HANDLED | owner_edit(app, TV_KIND_TASK, t->id, t->owner, t->version);
		return H_HANDLED | package_action(app, p, req);
	case REQ_STATUS: case REQ_MOVE_AREA: case REQ_HISTORY:
		return H_HANDLED | package_action(app, p, req);
	default:
		return H_NONE;
	}
	return H_HANDLED | H_REDRAW;
}

static bool
detail_reload(struct view *v, struct app *app)
{
	struct detail *d = D(v);
	if (!app_package(app, d->pkg_id))
		return false;
	load_comments(d, app);
	struct item keep = d->nitems ? d->items[d->focus] : (struct item){ I_FIELD, 0, 0, 0 };
	int keep_focus = d->focus;
	build(d, app);
	d->focus = 0;
	bool found = false;
	for (size_t i = 0; i < d->nitems; i++)
		if (d->items[i].kind == keep.kind && d->items[i].idx == keep.idx) {
			d->focus = (int)i;
			found = true;
		}
	if (!found) {
		d->focus = keep_focus < (int)d->nitems ? keep_focus : (int)d->nitems - 1;
		if (d->focus < 0)
			d->focus = 0;
		if (d->nitems && !focusable(&d->items[d->focus]))
			move_focus(d, -1);
	}
	return true;
}

static void
detail_free(struct view *v)
{
	struct detail *d = D(v);
	clear_lines(d);
	for (size_t i = 0; i < d->ncomments; i++)
		tv_comment_clear(&d->comments[i]);
	free(d->comments);
}

static const struct view_ops detail_ops = VIEW_OPS(detail, "detail", KM_DETAIL, struct detail,
	N_("{view-close}:back {move-down}/{move-up}:move {edit}:edit "
	"{edit-external}:$EDITOR {add}:task {toggle-done=x}:done "
	"{set-deadline}:deadline {set-status}:status {comment}:comment "
	"{delete}:del {view-help}:help"),
	.layout = detail_layout, .reload = detail_reload);

struct view *
detail_view_new(struct app *app, int64_t package_id)
{
	struct view *v = view_new(&detail_ops);
	struct detail *d = v->priv;
	d->pkg_id = package_id;
	load_comments(d, app);
	build(d, app);
	return v;
}

struct view *
detail_view_open_task(struct app *app, int64_t package_id, int64_t task_id)
{
	struct view *v = detail_view_new(app, package_id);
	struct detail *d = v->priv;
	const struct tv_package *p = app_package(app, package_id);
	for (size_t i = 0; p && i < d->nitems; i++)
		if (d->items[i].kind == I_TASK && (size_t)d->items[i].idx < p->ntasks &&
				p->tasks[d->items[i].idx].id == task_id)
			d->focus = (int)i;
	return v;
}
