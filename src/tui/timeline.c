/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The timeline view (2): a Gantt chart of the programme. Time runs left to right in
 * character columns of 1 day (week zoom), 3 days (month zoom) or 7 days (quarter
 * zoom) under a two-line date header; rows are the phases (▒ bars, with their
 * progress and a "!" when the plan warns about them), their packages (█ from the
 * phase start to the deadline in the area colour, ░ dimmed when done, with the area
 * letter tag), optionally the tasks (• at the deadline), the packages without a phase,
 * and the meetings (◆). A │ marks today; in the week zoom dim dots mark weekends and
 * Danish holidays. Meaning is carried by characters, so the chart reads the same in
 * monochrome. Phases are created, edited, reordered (J/K) and
 * deleted here; Enter opens the row's item. Warnings come from plan.c, the same as
 * `tavle check`. Depends on the core API and the widgets only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app.h"
#include "tavle/i18n.h"
#include "listview.h"
#include "tavle/date.h"
#include "tavle/holidays.h"
#include "tavle/plan.h"
#include "tavle/text.h"

enum zoom { Z_WEEK, Z_MONTH, Z_QUARTER, Z_COUNT };
static const int zoom_days[Z_COUNT] = { 1, 3, 7 };
static const char *const zoom_names[Z_COUNT] = { N_("week"), N_("month"), N_("quarter") };
static const char *const month_da[12] = { "jan", "feb", "mar", "apr", "maj", "jun", "jul",
	"aug", "sep", "okt", "nov", "dec" };
static const char *const month_en[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
	"Aug", "Sep", "Oct", "Nov", "Dec" };

/* The header's month in the board's language (m 1-12). A function, not a conditional
 * of the two arrays: gcc's UBSan object-size check misreads that as a short object. */
static const char *
month_name(int m)
{
	if (tv_i18n_names_danish())
		return month_da[m - 1];
	return month_en[m - 1];
}

enum rtype { R_PHASE, R_PACKAGE, R_TASK, R_MEETING, R_HEAD };

struct trow {
	enum rtype type;
	int64_t id;          /* phase, package, task or meeting id; 0 for headings */
	const void *rec;     /* borrowed from app->data; valid until the next reload */
	const struct tv_package *pkg;  /* the task's package */
	char *label;
	char *right;         /* right-aligned in the label column (phase progress) */
};

struct timeline {
	enum zoom zoom;
	int32_t origin;      /* first day of chart column 0 */
	bool tasks;
	int area;            /* -1 all, else only this area's packages */
	struct trow *rows;
	size_t nrows;        /* the base's cursor: v->selected row, v->top, v->count */
	enum rtype sel_type;
	int64_t sel_id;
	char *search;
	struct tv_plan_warning *warn;
	size_t nwarn;
	bool placed;         /* origin set for the window size */
};

static const enum tv_field phase_fields[] = {
	TV_FIELD_PHASE_name,
	TV_FIELD_PHASE_start,
	TV_FIELD_PHASE_end,
	TV_FIELD_PHASE_not_before,
	TV_FIELD_PHASE_reason,
};

static struct timeline *
T(struct view *v)
{
	return v->priv;
}

static int32_t
floordiv(int32_t a, int32_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

static int
label_width(const struct app *app)
{
	int lw = app->cols / 3;
	return lw > 34 ? 34 : lw < 14 ? 14 : lw;
}

static int
chart_width(const struct app *app)
{
	int cw = app->cols - label_width(app) - 1;
	return cw > 1 ? cw : 1;
}

/* ---- rows ---- */

static void
free_rows(struct timeline *t)
{
	for (size_t i = 0; i < t->nrows; i++) {
		free(t->rows[i].label);
		free(t->rows[i].right);
	}
	free(t->rows);
	t->rows = NULL;
	t->nrows = 0;
}

static void
add_row(struct timeline *t, enum rtype type, int64_t id, const void *rec,
	const struct tv_package *pkg, char *label)
{
	t->rows = tv_xrealloc(t->rows, (t->nrows + 1) * sizeof *t->rows);
	struct trow *r = &t->rows[t->nrows++];
	r->type = type;
	r->id = id;
	r->rec = rec;
	r->pkg = pkg;
	r->label = label;
	r->right = NULL;
}

static void
add_package(struct timeline *t, const struct tv_package *p)
{
	add_row(t, R_PACKAGE, p->id, p, p, tv_xasprintf("[%c] %d %s", tv_area_tag(p->area),
		p->number, p->title ? p->title : ""));
	/* The packages it comes after, at the right of its label ("◂2,6"); the chart marks
	 * their deadlines with ◂ in its row. */
	if (tv_package_after(p->after, NULL, 0) > 0)
		t->rows[t->nrows - 1].right = tv_xasprintf(" \u25c2%s", p->after);
	if (!t->tasks)
		return;
	for (size_t k = 0; k < p->ntasks; k++) {
		const struct tv_task *tk = &p->tasks[k];
		char no[TV_TASK_NUMBER_BUF];
		tv_task_number(p, tk, no, sizeof no);
		add_row(t, R_TASK, tk->id, tk, p, tv_xasprintf("  %s %s %s", tk->done ? "x" :
			"\u00b7", no, tk->title ? tk->title : ""));
	}
}

static bool
shown(const struct timeline *t, const struct tv_package *p)
{
	return t->area < 0 || (int)p->area == t->area;
}

/* Also the view's reload: the list made again from the board, the selection kept. */
static bool
rebuild(struct view *v, struct app *app)
{
	struct timeline *t = T(v);
	const struct tv_board_data *d = app->data;
	free_rows(t);
	tv_plan_warnings_free(t->warn, t->nwarn);
	t->nwarn = tv_plan_warnings(d, &t->warn);
	for (size_t i = 0; i < d->nphases; i++) {
		const struct tv_phase *ph = &d->phases[i];
		int done, total;
		tv_plan_phase_progress(d, ph->id, &done, &total);
		bool warned = tv_plan_phase_warned(t->warn, t->nwarn, ph->id);
		add_row(t, R_PHASE, ph->id, ph, NULL, tv_xasprintf("%s%s",
			warned ? "! " : "", ph->name ? ph->name : ""));
		t->rows[t->nrows - 1].right = tv_xasprintf(" %d/%d", done, total);
		for (size_t k = 0; k < d->npackages; k++)
			if (d->packages[k].phase_id == ph->id && shown(t, &d->packages[k]))
				add_package(t, &d->packages[k]);
	}
	bool head = false;
	for (size_t k = 0; k < d->npackages; k++) {
		const struct tv_package *p = &d->packages[k];
		if ((p->phase_id && tv_board_data_phase(d, p->phase_id)) || !shown(t, p))
			continue;
		if (!head)
			add_row(t, R_HEAD, 0, NULL, NULL, tv_xstrdup(_("No phase")));
		head = true;
		add_package(t, p);
	}
	if (d->nmeetings)
		add_row(t, R_HEAD, 0, NULL, NULL, tv_xstrdup(_("Meetings")));
	for (size_t i = 0; i < d->nmeetings; i++) {
		const struct tv_meeting *m = &d->meetings[i];
		add_row(t, R_MEETING, m->id, m, NULL, tv_xasprintf("\u25c6 %s",
			m->title ? m->title : ""));
	}
	/* Find the selection again. */
	v->count = (int)t->nrows;
	v->selected = 0;
	for (size_t i = 0; i < t->nrows; i++)
		if (t->rows[i].type == t->sel_type && t->rows[i].id == t->sel_id) {
			v->selected = (int)i;
			break;
		}
	return true;
}

static void
remember(struct view *v)
{
	struct timeline *t = T(v);
	if (v->selected >= 0 && (size_t)v->selected < t->nrows) {
		t->sel_type = t->rows[v->selected].type;
		t->sel_id = t->rows[v->selected].id;
	}
}

/* ---- drawing ---- */

/* One chart row as cells: a glyph and a style per column. */
struct cell {
	const char *glyph;
	enum style st;
	bool dim;
};

static void
span(struct cell *c, int cw, const struct timeline *t, int32_t from, int32_t to,
	const char *glyph, enum style st, bool dim)
{
	if (from == TV_NO_DAY || to == TV_NO_DAY)
		return;
	if (to < from) {
		int32_t x = from;
		from = to;
		to = x;
	}
	int dpc = zoom_days[t->zoom];
	int32_t a = floordiv(from - t->origin, dpc), b = floordiv(to - t->origin, dpc);
	if (b < 0 || a >= cw)
		return;
	if (a < 0)
		a = 0;
	if (b >= cw)
		b = cw - 1;
	for (int32_t x = a; x <= b; x++) {
		c[x].glyph = glyph;
		c[x].st = st;
		c[x].dim = dim;
	}
}

static void
mark(struct cell *c, int cw, const struct timeline *t, int32_t day, const char *glyph,
	enum style st, bool dim)
{
	span(c, cw, t, day, day, glyph, st, dim);
}

/* Weekends and holidays (tavle/holidays.h) where a column is one day (the week zoom):
 * a dim middle dot in every cell nothing else uses, so the days off run down the chart
 * as light stripes. A character, not a background colour, so monochrome terminals
 * (NO_COLOR, vt100) show it too; bars, marks and today's line are drawn over it.
 * Coarser zooms mix working days and days off in one column and shade nothing. */
static void
shade_days_off(const struct timeline *t, struct cell *c, int cw)
{
	if (zoom_days[t->zoom] != 1)
		return;
	for (int x = 0; x < cw; x++)
		if (strcmp(c[x].glyph, " ") == 0 && !tv_day_is_working(t->origin + x)) {
			c[x].glyph = "\u00b7";
			c[x].st = ST_HINT;
			c[x].dim = true;
		}
}

static void
row_cells(const struct timeline *t, const struct app *app, const struct trow *r,
	struct cell *c, int cw)
{
	for (int x = 0; x < cw; x++) {
		c[x].glyph = " ";
		c[x].st = ST_NORMAL;
		c[x].dim = false;
	}
	switch (r->type) {
	case R_PHASE: {
		const struct tv_phase *ph = r->rec;
		span(c, cw, t, ph->start, ph->end, "\u2592", ST_LABEL, false);
		if (ph->not_before != TV_NO_DAY)
			mark(c, cw, t, ph->not_before, "\u00bb", ST_OVERDUE, false);
		break;
	}
	case R_PACKAGE: {
		const struct tv_package *p = r->rec;
		const struct tv_phase *ph = p->phase_id ? tv_board_data_phase(app->data, p->phase_id)
			: NULL;
		bool done = p->status == TV_DONE;
		int32_t end = p->deadline.day;
		int32_t from = ph && (end == TV_NO_DAY || ph->start <= end) ? ph->start : end;
		if (end == TV_NO_DAY)
			end = ph ? ph->end : TV_NO_DAY;
		span(c, cw, t, from, end, done ? "\u2591" : "\u2588", area_bar_style(p->area), done);
		/* Dependencies: ◂ at the deadline of each package it comes after (past its
		 * own deadline when the plan is out of order, which plan.c warns about). */
		int after[16];
		int na = tv_package_after(p->after, after, 16);
		for (int i = 0; i < na && i < 16; i++) {
			const struct tv_package *q = tv_board_data_package(app->data, after[i]);
			if (q && q->deadline.day != TV_NO_DAY)
				mark(c, cw, t, q->deadline.day, "\u25c2",
					q->deadline.day > p->deadline.day && p->deadline.day != TV_NO_DAY ?
					ST_OVERDUE : ST_LABEL, false);
		}
		if (tv_package_overdue(p, app->today))
			mark(c, cw, t, p->deadline.day, "!", ST_OVERDUE, false);
		break;
	}
	case R_TASK: {
		const struct tv_task *tk = r->rec;
		mark(c, cw, t, tk->deadline.day, tk->done ? "x" : "\u2022",
			area_bar_style(r->pkg->area), tk->done);
		break;
	}
	case R_MEETING: {
		const struct tv_meeting *m = r->rec;
		mark(c, cw, t, m->start.day, "\u25c6", ST_LABEL, m->start.day < app->today);
		break;
	}
	case R_HEAD:
		break;
	}
	/* Today: a line through every row, where nothing else is drawn. */
	int32_t tc = floordiv(app->today - t->origin, zoom_days[t->zoom]);
	if (tc >= 0 && tc < cw && strcmp(c[tc].glyph, " ") == 0) {
		c[tc].glyph = "\u2502";
		c[tc].st = ST_OVERDUE;
		c[tc].dim = false;
	}
	shade_days_off(t, c, cw);
}

/* The labels of the two header lines. */
static void
draw_header(struct timeline *t, struct app *app, WINDOW *w, int lw, int cw)
{
	int dpc = zoom_days[t->zoom];
	attr_t ha = style_attr(ST_HEADING);
	ui_fill_line(w, 0, 0, app->cols, ha);
	ui_fill_line(w, 1, 0, app->cols, ha);
	char from[TV_DATE_SHOW_BUF];
	show_date(t->origin, 0, from, sizeof from);
	char *z = tv_xasprintf(_("Zoom: %s"), _(zoom_names[t->zoom]));
	ui_put_text(w, 0, 1, lw - 1, z, ha);
	free(z);
	char *f = tv_xasprintf(_("from %s"), from);
	ui_put_text(w, 1, 1, lw - 1, f, ha);
	free(f);
	/* Line 0: months (week zoom) or years; line 1: ISO weeks, months or quarters. Each
	 * label starts at the column of its period's first day; the period already running
	 * at the left edge is named there only if its label fits before the next one. */
	for (int line = 0; line < 2; line++) {
		int next_x = cw;
		for (int x = cw - 1; x >= -1; x--) {
			char l[32] = "";
			bool edge = x < 0;
			int32_t d0 = t->origin + (edge ? 0 : x) * dpc;
			for (int k = 0; k < (edge ? 1 : dpc) && !l[0]; k++) {
				int32_t day = d0 + k;
				int y, m, dd;
				tv_date_to_ymd(day, &y, &m, &dd);
				bool start;
				if (line == 0 && t->zoom == Z_WEEK) {
					start = dd == 1;
					if (start || edge)
						snprintf(l, sizeof l, "%s %d", month_name(m), y);
				} else if (line == 0) {
					start = m == 1 && dd == 1;
					if (start || edge)
						snprintf(l, sizeof l, "%d", y);
				} else if (t->zoom == Z_WEEK) {
					start = tv_date_weekday(day) == 0;
					int wy;
					if (start || edge)
						snprintf(l, sizeof l, tv_i18n_names_danish() ? "u%d" : "w%d",
							tv_date_iso_week(day, &wy));
				} else if (t->zoom == Z_MONTH) {
					start = dd == 1;
					if (start || edge)
						snprintf(l, sizeof l, "%s", month_name(m));
				} else {
					start = dd == 1 && (m - 1) % 3 == 0;
					if (start || edge)
						snprintf(l, sizeof l, tv_i18n_names_danish() ? "K%d" : "Q%d",
							(m - 1) / 3 + 1);
				}
			}
			if (!l[0])
				continue;
			int lx = edge ? 0 : x;
			if (edge && (next_x == 0 || tv_text_width(l) >= next_x))
				continue;
			ui_put_text(w, line, lw + 1 + lx, next_x - lx, l, ha);
			next_x = lx;
		}
	}
	int32_t tc = floordiv(app->today - t->origin, dpc);
	if (tc >= 0 && tc < cw)
		ui_put_text(w, 1, lw + 1 + (int)tc, 1, "\u25bc", ha);
}

/* The warning to show: the selected row's, else the first. */
static const struct tv_plan_warning *
current_warning(const struct view *v)
{
	const struct timeline *t = v->priv;
	if (!t->nwarn)
		return NULL;
	if (v->selected >= 0 && (size_t)v->selected < t->nrows) {
		const struct trow *r = &t->rows[v->selected];
		for (size_t i = 0; i < t->nwarn; i++) {
			const struct tv_plan_warning *x = &t->warn[i];
			if ((r->type == R_PHASE && x->phase && x->phase->id == r->id) ||
					(r->type == R_PACKAGE && x->package && x->package->id == r->id))
				return x;
		}
	}
	return &t->warn[0];
}

static void
tl_draw(struct view *v, struct app *app)
{
	struct timeline *t = T(v);
	char right[40];
	snprintf(right, sizeof right, _("2 timeline%s"), t->tasks ? _(" +tasks") : "");
	if (t->area >= 0)
		snprintf(right, sizeof right, _("2 timeline [%c]%s"), tv_area_tag(t->area),
			t->tasks ? _(" +tasks") : "");
	WINDOW *w = view_draw_begin(v, app, right);
	int rows = getmaxy(w);
	int lw = label_width(app), cw = chart_width(app);
	draw_header(t, app, w, lw, cw);
	int body = rows - 2 - (t->nwarn ? 1 : 0);
	view_keep_visible(v, body);
	struct cell *c = tv_xcalloc((size_t)cw, sizeof *c);
	for (int r = 0; r < body && (size_t)(v->top + r) < t->nrows; r++) {
		const struct trow *row = &t->rows[v->top + r];
		int y = 2 + r;
		bool sel = v->top + r == v->selected;
		attr_t la;
		switch (row->type) {
		case R_PHASE: la = style_attr(ST_LABEL); break;
		case R_HEAD: la = style_attr(ST_HINT); break;
		case R_PACKAGE: {
			const struct tv_package *p = row->rec;
			la = style_attr(p->status == TV_DONE ? ST_DONE
				: tv_package_overdue(p, app->today) ? ST_OVERDUE : ST_NORMAL);
			break;
		}
		case R_TASK: la = style_attr(((const struct tv_task *)row->rec)->done ? ST_DONE
			: ST_NORMAL); break;
		default: la = style_attr(ST_NORMAL); break;
		}
		if (sel) {
			la = style_attr(ST_SELECTED);
			ui_fill_line(w, y, 0, lw, la);
		}
		int rw = row->right ? tv_text_width(row->right) : 0;
		if (rw > lw / 2)
			rw = 0;
		ui_put_text(w, y, 1, lw - 2 - rw, row->label, la);
		if (rw)
			ui_put_text(w, y, lw - 1 - rw, rw, row->right, la);
		/* The area letter in the area colour (on unselected package rows). */
		if (row->type == R_PACKAGE && !sel) {
			const struct tv_package *p = row->rec;
			char tag[4] = { '[', tv_area_tag(p->area), ']', 0 };
			ui_put_text(w, y, 1, 3, tag, style_attr(area_bar_style(p->area)) |
				(p->status == TV_DONE ? A_DIM : 0));
		}
		ui_put_text(w, y, lw, 1, "\u2502", style_attr(ST_HINT));
		row_cells(t, app, row, c, cw);
		for (int x = 0; x < cw; x++) {
			if (strcmp(c[x].glyph, " ") == 0)
				continue;
			attr_t a = style_attr(c[x].st) | (c[x].dim ? A_DIM : 0);
			ui_put_text(w, y, lw + 1 + x, 1, c[x].glyph, a);
		}
	}
	free(c);
	ui_scroll_marks(w, 0, 2, v->top > 0, 1 + body, (size_t)(v->top + body) < t->nrows);
	const struct tv_plan_warning *wr = current_warning(v);
	if (wr) {
		char *msg = tv_xasprintf(ngettext("! %zu plan warning: %s", "! %zu plan warnings: %s",
			t->nwarn), t->nwarn, wr->text);
		ui_fill_line(w, rows - 1, 0, app->cols, style_attr(ST_SOON));
		ui_put_text(w, rows - 1, 0, app->cols, msg, style_attr(ST_SOON));
		free(msg);
	}
	wnoutrefresh(w);
}

/* ---- actions ---- */

static void
place_today(struct timeline *t, struct app *app)
{
	int dpc = zoom_days[t->zoom];
	int cw = chart_width(app);
	t->origin = app->today - (cw / 5) * dpc;
	if (t->zoom == Z_WEEK)
		t->origin -= tv_date_weekday(t->origin);   /* start on a Monday */
	else {
		int y, m, d;
		tv_date_to_ymd(t->origin, &y, &m, &d);
		tv_date_from_ymd(y, m, 1, &t->origin);
	}
	t->placed = true;
}

static void
tl_layout(struct view *v, struct app *app)
{
	struct timeline *t = T(v);
	if (!t->placed)
		place_today(t, app);
}

static void
search_next(struct view *v, struct app *app)
{
	struct timeline *t = T(v);
	if (!t->search || !*t->search || !t->nrows)
		return;
	size_t n = strlen(t->search);
	for (size_t k = 1; k <= t->nrows; k++) {
		size_t i = ((size_t)v->selected + k) % t->nrows;
		for (const char *p = t->rows[i].label; *p; p++)
			if (strncasecmp(p, t->search, n) == 0) {
				v->selected = (int)i;
				remember(v);
				return;
			}
	}
	app_message(app, ST_HINT, "No row matches \"%s\"", t->search);
}

static int32_t
ask_date(struct app *app, const char *prompt, const char *initial, bool required, bool *ok)
{
	*ok = false;
	struct date_rule rule = { .today = app->today, .base_day = TV_NO_DAY };
	char *s = ask_checked(app, prompt, initial, required, rule);
	if (!s)
		return TV_NO_DAY;
	const char *p = s;
	while (*p == ' ')
		p++;
	int32_t day = TV_NO_DAY;
	struct tv_diag diag = { 0 };
	if (!*p) {
		*ok = true;
	} else if (tv_date_parse(s, app->today, &day, &diag) != TV_OK) {
		app_message(app, ST_ERROR, "%s", diag.msg);
	} else {
		*ok = true;
	}
	free(s);
	return day;
}

/* A new phase's end: a date, not before its start (the store refuses such a phase
 * when it is added, which would throw the other answers away). */
struct phase_end {
	struct date_rule rule;
	int32_t start;
};

static bool
check_phase_end(void *ctx, const char *text, char *why, size_t size)
{
	struct phase_end *c = ctx;
	const char *p = text;
	while (*p == ' ')
		p++;
	if (!*p) {
		snprintf(why, size, "%s", _("Type something, or Esc to cancel"));
		return false;
	}
	int32_t day;
	if (!ui_check_date(&c->rule, text, why, size) ||
			tv_date_parse(text, c->rule.today, &day, NULL) != TV_OK)
		return false;
	if (day < c->start) {
		char at[TV_DATE_SHOW_BUF];
		show_date(c->start, 0, at, sizeof at);
		snprintf(why, size, _("The phase would end before it starts (%s)"), at);
		return false;
	}
	return true;
}

static unsigned
add_phase(struct timeline *t, struct app *app)
{
	char *name = ask_field(app, "New phase, name: ", "", TV_FIELD_PHASE_name);
	if (!name)
		return H_HANDLED | H_REDRAW;
	struct tv_phase ph = { 0 };
	ph.board_id = app->board_id;
	ph.name = name;
	ph.not_before = TV_NO_DAY;
	/* Suggest starting the day after the last phase ends. */
	char def[TV_DATE_BUF] = "";
	if (app->data->nphases)
		tv_date_format(app->data->phases[app->data->nphases - 1].end + 1, def);
	bool ok;
	ph.start = ask_date(app, "Start (18.12.2026, 18 Dec, +3d): ", def, true, &ok);
	if (ok && ph.start != TV_NO_DAY) {
		struct phase_end c = { { .today = app->today, .base_day = TV_NO_DAY }, ph.start };
		char *s = ui_prompt_checked(app, "End, the last day (18.12.2026, 18 Dec, +8w): ", "",
			check_phase_end, &c);
		ok = s && tv_date_parse(s, app->today, &ph.end, NULL) == TV_OK;
		free(s);
	}
	if (ok && ph.end != TV_NO_DAY)
		ph.not_before = ask_date(app, "Not before (empty for none): ", "", false, &ok);
	char *reason = NULL;
	if (ok && ph.not_before != TV_NO_DAY) {
		reason = ask_line(app, "Why not before? ", "", true);
		ok = reason != NULL;
	}
	ph.not_before_reason = reason;
	if (ok && ph.start != TV_NO_DAY && ph.end != TV_NO_DAY) {
		enum tv_status st;
		APP_RETRY(app, st, tv_store_phase_add(app->store, &ph));
		if (st != TV_OK) {
			app_store_error(app, st);
		} else {
			t->sel_type = R_PHASE;
			t->sel_id = ph.id;
			app_after_write(app, "Added the phase");
			if (!app_note_day_off(app, ph.start, "Added the phase"))
				app_note_day_off(app, ph.end, "Added the phase");
		}
	}
	free(ph.uid);
	free(name);
	free(reason);
	return H_HANDLED | H_REDRAW;
}

static unsigned
delete_phase(struct app *app, const struct tv_phase *ph)
{
	char *nm = tv_text_ellipsize(ph->name ? ph->name : "", 30);
	char *q = tv_xasprintf(_("Delete phase \"%s\"? Its packages keep no phase. (y/n)"), nm);
	free(nm);
	bool yes = ui_confirm(app, q);
	free(q);
	if (!yes) {
		app_message(app, ST_HINT, "Not deleted");
		return H_HANDLED | H_REDRAW;
	}
	app_remove(app, TV_KIND_PHASE, ph->id, ph->version, "Deleted the phase (u undoes)");
	return H_HANDLED | H_REDRAW;
}

static unsigned
move_phase(struct app *app, const struct tv_phase *ph, int delta)
{
	int pos = ph->position + delta;
	if (pos < 0 || (size_t)pos >= app->data->nphases) {
		app_message(app, ST_HINT, "%s", delta < 0 ? _("Already the first phase") :
			_("Already the last phase"));
		return H_HANDLED | H_REDRAW;
	}
	enum tv_status st;
	APP_RETRY(app, st, tv_store_move(app->store, TV_KIND_PHASE, ph->id, pos));
	app_write_done(app, st, "Moved the phase");
	return H_HANDLED | H_REDRAW;
}

static unsigned
open_row(struct app *app, const struct trow *r)
{
	switch (r->type) {
	case R_PACKAGE:
		app_push_view(app, detail_view_new(app, r->pkg->id));
		break;
	case R_TASK:   /* on the task, as from the agenda */
		app_push_view(app, detail_view_open_task(app, r->pkg->id, r->id));
		break;
	case R_PHASE: {
		const struct tv_phase *ph = r->rec;
		return edit_record_fields(app, TV_KIND_PHASE, ph->id, ph->version, phase_fields,
			sizeof phase_fields / sizeof phase_fields[0], N_("phase"));
	}
	case R_MEETING:
		app_push_view(app, meetings_view_open(app, r->id));
		break;
	case R_HEAD:
		break;
	}
	return H_HANDLED | H_REDRAW;
}

/* Zoom one step in (delta -1: quarter, month, week) or out (+1). */
static void
zoom(struct timeline *t, struct app *app, int delta)
{
	int dpc = zoom_days[t->zoom];
	int cw = chart_width(app);
	int z = (int)t->zoom + delta;
	if (z < 0 || z >= Z_COUNT) {
		app_message(app, ST_HINT, "Zoom is already at the %s", z < 0 ? _("week") : _("quarter"));
		return;
	}
	/* With today on screen, today stays in view at its usual place; otherwise
	 * the middle of the chart stays where it is. */
	int32_t col = floordiv(app->today - t->origin, dpc);
	int32_t mid = t->origin + cw / 2 * dpc;
	t->zoom = (enum zoom)z;
	if (col >= 0 && col < cw)
		place_today(t, app);
	else
		t->origin = mid - cw / 2 * zoom_days[z];
}

/* f: show the rows of one area, or all. */
static void
choose_area(struct view *v, struct app *app)
{
	struct timeline *t = T(v);
	const char *items[TV_AREA_COUNT + 1];
	items[0] = _("All areas");
	for (int a = 0; a < TV_AREA_COUNT; a++)
		items[a + 1] = tv_area_name(a, tv_i18n_names_danish());
	int ch = ui_menu_choose(app, "Show the rows of", items, TV_AREA_COUNT + 1, t->area + 1);
	if (ch >= 0) {
		t->area = ch - 1;
		rebuild(v, app);
	}
}

/* /: ask for a search and go to the first matching row. */
static void
search_rows(struct view *v, struct app *app)
{
	struct timeline *t = T(v);
	char *s = ui_prompt_line(app, "Search rows: ", t->search ? t->search : "", NULL, NULL);
	if (s) {
		free(t->search);
		t->search = s;
		search_next(v, app);
	}
}

static unsigned
tl_handle(struct view *v, struct app *app, enum request req, int key)
{
	struct timeline *t = T(v);
	int n = (int)t->nrows;
	int dpc = zoom_days[t->zoom];
	int cw = chart_width(app);
	int page = app->lines - 6;
	const struct trow *r = v->selected >= 0 && v->selected < n ? &t->rows[v->selected] : NULL;
	(void)key;
	if (view_navigate(v, req, page)) {
		remember(v);
		return H_HANDLED | H_REDRAW;
	}
	switch (req) {
	case REQ_TL_EARLIER: t->origin -= (cw / 4 > 0 ? cw / 4 : 1) * dpc; break;
	case REQ_TL_LATER: t->origin += (cw / 4 > 0 ? cw / 4 : 1) * dpc; break;
	case REQ_ZOOM_IN: zoom(t, app, -1); break;
	case REQ_ZOOM_OUT: zoom(t, app, 1); break;
	case REQ_TODAY: place_today(t, app); break;
	case REQ_TL_TASKS:
		t->tasks = !t->tasks;
		rebuild(v, app);
		/* Both through _(): xgettext takes only the first branch of a conditional. */
		app_message(app, ST_HINT, "%s", t->tasks ? _("Tasks shown (T hides them)") :
			_("Tasks hidden"));
		break;
	case REQ_TL_AREA: choose_area(v, app); break;
	case REQ_TL_SEARCH: search_rows(v, app); break;
	case REQ_TL_NEXT: search_next(v, app); break;
	case REQ_TL_OPEN:
		if (r)
			return open_row(app, r);
		break;
	case REQ_ADD:
		return add_phase(t, app);
	case REQ_EDIT:
		if (r && r->type == R_PACKAGE)
			return package_action(app, r->rec, REQ_EDIT) | H_HANDLED;
		if (r)
			return open_row(app, r);
		break;
	case REQ_DELETE:
		if (r && r->type == R_PHASE)
			return delete_phase(app, r->rec);
		app_message(app, ST_HINT, "d deletes phases here; packages on the board, meetings in 4");
		break;
	case REQ_MOVE_UP:
	case REQ_MOVE_DOWN:
		if (r && r->type == R_PHASE)
			return move_phase(app, r->rec, req == REQ_MOVE_UP ? -1 : 1);
		app_message(app, ST_HINT, "J/K reorder phases (select a phase row)");
		break;
	case REQ_STATUS:
	case REQ_DEADLINE:
	case REQ_OWNER:
		if (r && r->type == R_PACKAGE)
			return package_action(app, r->rec, req) | H_HANDLED;
		return H_NONE;
	default:
		return H_NONE;
	}
	if (v->selected >= n)
		v->selected = n - 1;
	if (v->selected < 0)
		v->selected = 0;
	remember(v);
	return H_HANDLED | H_REDRAW;
}

static void
tl_free(struct view *v)
{
	struct timeline *t = T(v);
	free_rows(t);
	tv_plan_warnings_free(t->warn, t->nwarn);
	free(t->search);
}

const struct view_ops timeline_view_ops = VIEW_OPS(tl, "timeline", KM_TIMELINE, struct timeline,
	N_("{scroll-earlier}/{scroll-later} scroll  {zoom-in}/{zoom-out} zoom  "
	"{go-today} today  {toggle-tasks} tasks  {filter-area} area  "
	"{open-row} open  {add}/{edit}/{delete}/{reorder-down}/{reorder-up} "
	"phase  {view-help} help"),
	.layout = tl_layout, .reload = rebuild);

struct view *
timeline_view_new(struct app *app)
{
	struct view *v = view_new(&timeline_view_ops);
	struct timeline *t = v->priv;
	t->zoom = Z_MONTH;
	t->area = -1;
	rebuild(v, app);
	remember(v);
	return v;
}
