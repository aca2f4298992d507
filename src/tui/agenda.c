/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The agenda view (3): what is coming, as computed by tv_plan_agenda (the same list
 * `tavle agenda` prints): overdue deadlines first, then package and task deadlines
 * and meetings of the next 30 days under one heading per ISO week, each line with its
 * area tag and colour, date, weekday, time and place. Enter opens the item: a package
 * or task in the package detail view, a meeting in the meetings view.
 * Depends on the core API (plan.h) and the widgets only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "listview.h"
#include "tavle/date.h"
#include "tavle/plan.h"
#include "tavle/text.h"

#define AGENDA_DAYS 30
/* The windows + and - step through. */
static const int agenda_steps[] = { 7, 14, 30, 60, 90, 180, 365 };
#define NSTEPS ((int)(sizeof agenda_steps / sizeof agenda_steps[0]))

struct agenda {
	struct tv_agenda_item *items;
	size_t nitems;
	struct list_line *lines; /* items index into items */
	size_t nlines;       /* the base's cursor: v->selected is a line index (always an
	                      * item line when there are items, else -1), v->top, v->count */
	int days;            /* how far ahead: one of agenda_steps */
	/* The selection survives a reload by what it points at. */
	enum tv_agenda_type sel_type;
	int64_t sel_id;
};

static struct agenda *
A(struct view *v)
{
	return v->priv;
}

static const char *const wday_da[7] = { "ma", "ti", "on", "to", "fr", "lø", "sø" };
static const char *const wday_en[7] = { "Mo", "Tu", "We", "Th", "Fr", "Sa", "Su" };

static void
add_line(struct agenda *a, int item, char *heading)
{
	list_lines_add(&a->lines, &a->nlines, item, heading);
}

static int64_t
item_id(const struct tv_agenda_item *it)
{
	switch (it->type) {
	case TV_AGENDA_PACKAGE: return it->pkg->id;
	case TV_AGENDA_TASK: return it->task->id;
	case TV_AGENDA_MEETING: return it->meeting->id;
	case TV_AGENDA_DECISION: return it->decision->id;
	}
	return 0;
}

/* Also the view's reload: the list made again from the board, the selection kept. */
static bool
rebuild(struct view *v, struct app *app)
{
	struct agenda *a = A(v);
	list_lines_free(&a->lines, &a->nlines);
	free(a->items);
	a->nitems = tv_plan_agenda(app->data, app->today, a->days, &a->items);
	/* First what needs a decision whatever the dates: the plan's warnings and the
	 * blocked packages with their reasons (as `tavle agenda` prints them). */
	struct tv_plan_warning *warn = NULL;
	size_t nwarn = tv_plan_warnings(app->data, &warn);
	for (size_t i = 0; i < nwarn; i++)
		add_line(a, -1, tv_xasprintf("! %s", warn[i].text));
	tv_plan_warnings_free(warn, nwarn);
	for (size_t i = 0; i < app->data->npackages; i++) {
		const struct tv_package *p = &app->data->packages[i];
		if (p->status == TV_BLOCKED)
			add_line(a, -1, tv_xasprintf(_("Blocked: %d %s \u2014 %s"), p->number,
				p->title ? p->title : "", p->blocked_reason && *p->blocked_reason ?
				p->blocked_reason : _("no reason given")));
	}
	int wk = -1, wy = -1;
	for (size_t i = 0; i < a->nitems; i++) {
		const struct tv_agenda_item *it = &a->items[i];
		if (it->overdue) {
			if (i == 0)
				add_line(a, -1, tv_xstrdup(_("Overdue")));
		} else if (it->week != wk || it->week_year != wy) {
			wk = it->week;
			wy = it->week_year;
			/* Monday and Sunday of the week, for the heading. */
			int32_t mon = it->when.day - tv_date_weekday(it->when.day);
			char m[TV_DATE_SHOW_BUF], s[TV_DATE_SHOW_BUF];
			show_date(mon, TV_DATE_NO_YEAR, m, sizeof m);
			show_date(mon + 6, TV_DATE_NO_YEAR, s, sizeof s);
			add_line(a, -1, tv_xasprintf(_("Week %d, %d  (%s \u2013 %s)"), wk, wy, m, s));
		}
		add_line(a, (int)i, NULL);
	}
	/* Find the selection again. */
	v->count = (int)a->nlines;
	int first = -1;
	v->selected = -1;
	for (size_t l = 0; l < a->nlines; l++) {
		int i = a->lines[l].item;
		if (i < 0)
			continue;
		if (first < 0)
			first = (int)l;
		if (a->items[i].type == a->sel_type && item_id(&a->items[i]) == a->sel_id) {
			v->selected = (int)l;
			break;
		}
	}
	if (v->selected < 0)
		v->selected = first;
	return true;
}

static void
remember(struct view *v)
{
	struct agenda *a = A(v);
	if (v->selected >= 0 && (size_t)v->selected < a->nlines && a->lines[v->selected].item >= 0) {
		const struct tv_agenda_item *it = &a->items[a->lines[v->selected].item];
		a->sel_type = it->type;
		a->sel_id = item_id(it);
	}
}

/* The agenda's columns, measured (display columns) from what the items actually show
 * with the lists' shared helpers (listview.h), so that no column runs into the next in
 * any language or date style; the time column takes no space when no item has a time. */
enum { COL_DATE, COL_TIME, COL_REL };

static void
item_date(const struct tv_agenda_item *it, char *buf, size_t size)
{
	char date[TV_DATE_SHOW_BUF];
	show_date(it->when.day, TV_DATE_WEEKDAY | TV_DATE_NO_YEAR, date, sizeof date);
	/* The long style carries its weekday ("søn. 29. nov."; the year is in the week's
	 * heading); the numeric ones get a two-letter one. */
	if (ui_date_style() == TV_DATES_LONG)
		snprintf(buf, size, "%s", date);
	else
		snprintf(buf, size, "%s %s", tv_i18n_names_danish() ?
			wday_da[tv_date_weekday(it->when.day)] : wday_en[tv_date_weekday(it->when.day)],
			date);
}

static void
item_time(const struct tv_agenda_item *it, char *buf, size_t size)
{
	buf[0] = '\0';
	if (it->when.minute == TV_NO_TIME)
		return;
	int n = snprintf(buf, size, "%02d:%02d", it->when.minute / 60, it->when.minute % 60);
	const struct tv_meeting *m = it->meeting;
	if (m && m->end.day == m->start.day && m->end.minute != TV_NO_TIME && n > 0 &&
	    (size_t)n < size)
		snprintf(buf + n, size - (size_t)n, "-%02d:%02d", m->end.minute / 60,
			m->end.minute % 60);
}

static void
item_rel(struct app *app, const struct tv_agenda_item *it, char *buf, size_t size)
{
	format_deadline(it->when.day, app->today, buf, size);
	if (it->when.day - app->today > 14)
		buf[0] = '\0';   /* a plain date: already shown */
}

static void
measure(struct app *app, const struct agenda *a, struct list_cols *c)
{
	char buf[64];
	memset(c, 0, sizeof *c);
	for (size_t i = 0; i < a->nitems; i++) {
		const struct tv_agenda_item *it = &a->items[i];
		item_date(it, buf, sizeof buf);
		list_cols_fit(c, COL_DATE, buf);
		item_time(it, buf, sizeof buf);
		list_cols_fit(c, COL_TIME, buf);
		item_rel(app, it, buf, sizeof buf);
		list_cols_fit(c, COL_REL, buf);
	}
}

static void
draw_item(struct app *app, WINDOW *w, int y, int cols, const struct list_cols *cw,
	const struct tv_agenda_item *it, bool sel)
{
	attr_t base = sel ? style_attr(ST_SELECTED) : style_attr(ST_NORMAL);
	if (sel)
		ui_fill_line(w, y, 0, cols, base);
	int x = 1;
	/* Marker and area tag: meaning in characters, colour only on top. */
	ui_put_text(w, y, x, 1, it->overdue ? "!" : " ",
		sel ? base | A_BOLD : style_attr(ST_OVERDUE));
	x += 2;
	char tag[8];
	int area = it->pkg ? (int)it->pkg->area : it->decision ? it->decision->area : -1;
	if (area < 0 || area >= TV_AREA_COUNT) {
		snprintf(tag, sizeof tag, it->type == TV_AGENDA_MEETING ? "\u25c6" : "[-]");
		area = -1;
	} else {
		snprintf(tag, sizeof tag, "[%c]", tv_area_tag((enum tv_area)area));
	}
	attr_t ta = sel ? base : area < 0 ? style_attr(ST_LABEL)
		: style_attr(area_bar_style((enum tv_area)area));
	ui_put_text(w, y, x, cols - x, tag, ta);
	x += 4;
	char buf[64];
	item_date(it, buf, sizeof buf);
	list_col_put(w, y, &x, cols, cw->w[COL_DATE], 1, buf, base);
	item_time(it, buf, sizeof buf);
	list_col_put(w, y, &x, cols, cw->w[COL_TIME], 1, buf, base);
	item_rel(app, it, buf, sizeof buf);
	/* Two columns between the lateness and the text, so they never read as one. */
	list_col_put(w, y, &x, cols, cw->w[COL_REL], 2, buf,
		it->overdue && !sel ? style_attr(ST_OVERDUE) : base);
	char *text;
	switch (it->type) {
	case TV_AGENDA_PACKAGE:
		text = tv_xasprintf(_("package %d  %s"), it->pkg->number, it->pkg->title ? it->pkg->title : "");
		break;
	case TV_AGENDA_TASK: {
		char no[TV_TASK_NUMBER_BUF];
		tv_task_number(it->pkg, it->task, no, sizeof no);
		/* The number alone: P.N tells a task from "package P" at 80 columns. */
		text = tv_xasprintf("%s  %s", no, it->task->title ? it->task->title : "");
		break;
	}
	case TV_AGENDA_DECISION:
		text = tv_xasprintf(_("decision  %s"), it->decision->title ? it->decision->title : "");
		break;
	default: {
		const struct tv_meeting *m = it->meeting;
		const char *where = m->place && *m->place ? m->place : m->url && *m->url ? m->url : "";
		text = tv_xasprintf("%s%s%s%s%s", m->title ? m->title : "",
			m->region && *m->region ? " \u00b7 " : "", m->region ? m->region : "",
			*where ? " \u00b7 " : "", where);
		break;
	}
	}
	if (x < cols)
		ui_put_text(w, y, x, cols - x - 1, text, base);
	free(text);
}

static void
agenda_draw(struct view *v, struct app *app)
{
	struct agenda *a = A(v);
	char right[32];
	snprintf(right, sizeof right, _("3 agenda, %d days"), a->days);
	WINDOW *w = view_draw_begin(v, app, right);
	int rows = getmaxy(w), cols = getmaxx(w);
	if (!a->nlines) {
		char *msg = tv_xasprintf(_("Nothing overdue and nothing due in the next %d days"),
			a->days);
		ui_put_text(w, 0, 1, cols - 1, msg, style_attr(ST_HINT));
		free(msg);
		wnoutrefresh(w);
		return;
	}
	/* Scrolling up to an item shows its week's heading too. */
	list_lines_keep_visible(v, a->lines, rows);
	struct list_cols cw;
	measure(app, a, &cw);
	for (int r = 0; r < rows && (size_t)(v->top + r) < a->nlines; r++) {
		const struct list_line *l = &a->lines[v->top + r];
		if (l->item < 0) {
			ui_heading(w, r, cols, l->heading);
			continue;
		}
		draw_item(app, w, r, cols, &cw, &a->items[l->item], v->top + r == v->selected);
	}
	ui_scroll_marks(w, cols - 1, 0, v->top > 0, rows - 1,
		(size_t)(v->top + rows) < a->nlines);
	wnoutrefresh(w);
}

/* Move the selection for a movement request, headings skipped. */
static bool
navigate(struct view *v, enum request req, int page)
{
	struct agenda *a = A(v);
	if (!list_lines_navigate(v, a->lines, a->nlines, req, page))
		return false;
	remember(v);
	return true;
}

static unsigned
agenda_handle(struct view *v, struct app *app, enum request req, int key)
{
	struct agenda *a = A(v);
	int page = app->lines - 4;
	(void)key;
	if (navigate(v, req, page))
		return H_HANDLED | H_REDRAW;
	switch (req) {
	case REQ_MORE_DAYS:
	case REQ_FEWER_DAYS: {
		int i = 0;
		while (i < NSTEPS - 1 && agenda_steps[i] < a->days)
			i++;
		i += req == REQ_MORE_DAYS ? 1 : -1;
		if (i < 0 || i >= NSTEPS) {
			app_message(app, ST_HINT, "%s", req == REQ_MORE_DAYS ?
				_("The agenda looks at most a year ahead") :
				_("The agenda looks at least a week ahead"));
			return H_HANDLED | H_REDRAW;
		}
		a->days = agenda_steps[i];
		rebuild(v, app);
		app_message(app, ST_OK, "Agenda: the next %d days", a->days);
		return H_HANDLED | H_REDRAW;
	}
	case REQ_LIST_OPEN:
	case REQ_ENTER: {
		if (v->selected < 0 || a->lines[v->selected].item < 0)
			return H_HANDLED | H_REDRAW;
		const struct tv_agenda_item *it = &a->items[a->lines[v->selected].item];
		if (it->type == TV_AGENDA_MEETING)
			app_push_view(app, meetings_view_open(app, it->meeting->id));
		else if (it->type == TV_AGENDA_DECISION)
			app_push_view(app, decisions_view_new(app));
		else if (it->type == TV_AGENDA_TASK)
			app_push_view(app, detail_view_open_task(app, it->pkg->id, it->task->id));
		else
			app_push_view(app, detail_view_new(app, it->pkg->id));
		return H_HANDLED | H_REDRAW;
	}
	default:
		return H_NONE;
	}
	return H_HANDLED | H_REDRAW;
}

static void
agenda_free(struct view *v)
{
	struct agenda *a = A(v);
	list_lines_free(&a->lines, &a->nlines);
	free(a->items);
}

const struct view_ops agenda_view_ops = VIEW_OPS(agenda, "agenda", KM_LIST, struct agenda,
	N_("{move-down}/{move-up} move  {open-entry} open  {view-timeline} "
	"timeline  {view-meetings} meetings  {view-close} back  {view-help} "
	"help"),
	.reload = rebuild, .help_title = N_("Agenda (3)"),
	/* The list keymap's editing keys are the meetings', decisions' and people's. */
	.acts = (const enum request[]){ REQ_NONE });

struct view *
agenda_view_new(struct app *app)
{
	struct view *v = view_new(&agenda_view_ops);
	struct agenda *a = v->priv;
	a->days = AGENDA_DAYS;
	rebuild(v, app);
	remember(v);
	return v;
}
