/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The minimum requirements view (7): every task flagged as a minimum requirement
 * (minimumskrav, what every authority must reach), as tv_plan_minimum_list gives them
 * (the same list `tavle minimum` prints), under one heading per area with how many of
 * its requirements are done. Each line: an overdue mark, done or not ("[x]"), the task
 * number P.N, its deadline (or how late it is), its title and its package. Enter opens
 * the task in the package's detail view, where x marks it done. The title line counts
 * done of all for the board.
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

struct minimum {
	struct tv_plan_minimum *items;
	size_t nitems;
	struct list_line *lines;  /* items index into items */
	size_t nlines;
	int done, total;
	int64_t sel_task;         /* the selection survives a reload by the task's id */
};

static struct minimum *
M(struct view *v)
{
	return v->priv;
}

/* Also the view's reload: the list made again from the board, the selection kept. */
static bool
rebuild(struct view *v, struct app *app)
{
	struct minimum *m = M(v);
	list_lines_free(&m->lines, &m->nlines);
	free(m->items);
	m->nitems = tv_plan_minimum_list(app->data, app->today, false, &m->items);
	tv_plan_minimum_count(app->data, &m->done, &m->total);
	int area = -1;
	for (size_t i = 0; i < m->nitems; i++) {
		const struct tv_package *p = m->items[i].pkg;
		if ((int)p->area != area) {
			area = (int)p->area;
			int d = 0, t = 0;
			for (size_t k = i; k < m->nitems && m->items[k].pkg->area == p->area; k++) {
				t++;
				d += m->items[k].task->done;
			}
			list_lines_add(&m->lines, &m->nlines, -1, tv_xasprintf(_("%s  (%d of %d done)"),
				tv_area_name(p->area, tv_i18n_names_danish()), d, t));
		}
		list_lines_add(&m->lines, &m->nlines, (int)i, NULL);
	}
	v->count = (int)m->nlines;
	int first = -1;
	v->selected = -1;
	for (size_t l = 0; l < m->nlines; l++) {
		int i = m->lines[l].item;
		if (i < 0)
			continue;
		if (first < 0)
			first = (int)l;
		if (m->items[i].task->id == m->sel_task) {
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
	struct minimum *m = M(v);
	if (v->selected >= 0 && (size_t)v->selected < m->nlines && m->lines[v->selected].item >= 0)
		m->sel_task = m->items[m->lines[v->selected].item].task->id;
}

enum { COL_NO, COL_DUE };

/* The deadline column: how late an overdue one is, else the date; "-" for none. */
static void
item_due(struct app *app, const struct tv_plan_minimum *it, char *buf, size_t size)
{
	const struct tv_task *t = it->task;
	if (t->deadline.day == TV_NO_DAY)
		snprintf(buf, size, "-");
	else if (it->overdue)
		format_deadline(t->deadline.day, app->today, buf, size);
	else
		show_date(t->deadline.day, 0, buf, size);
}

static void
measure(struct app *app, const struct minimum *m, int width, struct list_cols *c)
{
	char buf[64];
	memset(c, 0, sizeof *c);
	for (size_t i = 0; i < m->nitems; i++) {
		tv_task_number(m->items[i].pkg, m->items[i].task, buf, sizeof buf);
		list_cols_fit(c, COL_NO, buf);
		item_due(app, &m->items[i], buf, sizeof buf);
		list_cols_fit(c, COL_DUE, buf);
	}
	/* Marks "! [x] " take 7 columns; leave the title a third of the line. */
	list_cols_squeeze(c, 2, 2, 7, width, width / 3);
}

static void
draw_item(struct app *app, WINDOW *w, int y, int cols, const struct list_cols *cw,
	const struct tv_plan_minimum *it, bool sel)
{
	const struct tv_task *t = it->task;
	attr_t base = sel ? style_attr(ST_SELECTED) : style_attr(t->done ? ST_DONE : ST_NORMAL);
	if (sel)
		ui_fill_line(w, y, 0, cols, base);
	int x = 1;
	/* Meaning in characters ("!", "[x]"), colour only on top. */
	ui_put_text(w, y, x, 1, it->overdue ? "!" : " ",
		sel ? base | A_BOLD : style_attr(ST_OVERDUE));
	x += 2;
	x += ui_put_text(w, y, x, cols - x, t->done ? "[x]" : "[ ]", base) + 1;
	char buf[64];
	tv_task_number(it->pkg, t, buf, sizeof buf);
	list_col_put(w, y, &x, cols, cw->w[COL_NO], 2, buf, base);
	item_due(app, it, buf, sizeof buf);
	list_col_put(w, y, &x, cols, cw->w[COL_DUE], 2, buf,
		it->overdue && !sel ? style_attr(ST_OVERDUE) : base);
	char *text = tv_xasprintf("%s \u00b7 %d %s", t->title ? t->title : "", it->pkg->number,
		it->pkg->title ? it->pkg->title : "");
	if (x < cols)
		ui_put_text(w, y, x, cols - x - 1, text, base);
	free(text);
}

static void
minimum_draw(struct view *v, struct app *app)
{
	struct minimum *m = M(v);
	char right[64];
	snprintf(right, sizeof right, _("7 minimum requirements, %d/%d done"), m->done, m->total);
	WINDOW *w = view_draw_begin(v, app, right);
	int rows = getmaxy(w), cols = getmaxx(w);
	if (!m->nlines) {
		ui_put_text(w, 0, 1, cols - 1,
			_("No minimum requirements: M on a task in a package's detail flags one"),
			style_attr(ST_HINT));
		wnoutrefresh(w);
		return;
	}
	list_lines_keep_visible(v, m->lines, rows);
	struct list_cols cw;
	measure(app, m, cols, &cw);
	for (int r = 0; r < rows && (size_t)(v->top + r) < m->nlines; r++) {
		const struct list_line *l = &m->lines[v->top + r];
		if (l->item < 0)
			ui_heading(w, r, cols, l->heading);
		else
			draw_item(app, w, r, cols, &cw, &m->items[l->item], v->top + r == v->selected);
	}
	ui_scroll_marks(w, cols - 1, 0, v->top > 0, rows - 1,
		(size_t)(v->top + rows) < m->nlines);
	wnoutrefresh(w);
}

static unsigned
minimum_handle(struct view *v, struct app *app, enum request req, int key)
{
	struct minimum *m = M(v);
	(void)key;
	if (list_lines_navigate(v, m->lines, m->nlines, req, app->lines - 4)) {
		remember(v);
		return H_HANDLED | H_REDRAW;
	}
	if (req != REQ_ENTER && req != REQ_LIST_OPEN)
		return H_NONE;
	if (v->selected >= 0 && m->lines[v->selected].item >= 0) {
		const struct tv_plan_minimum *it = &m->items[m->lines[v->selected].item];
		app_push_view(app, detail_view_open_task(app, it->pkg->id, it->task->id));
	}
	return H_HANDLED | H_REDRAW;
}

static void
minimum_free(struct view *v)
{
	struct minimum *m = M(v);
	list_lines_free(&m->lines, &m->nlines);
	free(m->items);
}

const struct view_ops minimum_view_ops = VIEW_OPS(minimum, "minimum", KM_LIST, struct minimum,
	N_("{move-down}/{move-up} move  {open-entry} open the task  {view-agenda} agenda  "
	"{view-close} back  {view-help} help"),
	.reload = rebuild, .help_title = N_("Minimum requirements (7)"),
	/* The list keymap's editing keys are the meetings', decisions' and people's. */
	.acts = (const enum request[]){ REQ_NONE });

struct view *
minimum_view_new(struct app *app)
{
	struct view *v = view_new(&minimum_view_ops);
	rebuild(v, app);
	remember(v);
	return v;
}
