/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The board view: the packages of one board as columns of cards, grouped by area
 * (default), status or phase, with one focused column and one selected card per
 * column. Columns scroll independently; when the terminal is too narrow for all of
 * them, the visible window of columns follows the focus and the title line says how
 * many are hidden on each side. Every write goes through app_set/app_after_write, and
 * after the reload the selection is found again by package id.
 * Drawing: each column is its own curses window; the loop's one doupdate sends only
 * the cells that changed, so moving the selection costs a few hundred bytes.
 * A card: number and title (two rows), status/deadline/owner, then its tasks (overdue,
 * done of all, open minimum requirements). Column headers count overdue work by the
 * core's rule (tv_plan_package_overdue, tv_plan_decision_overdue), as the agenda does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "tavle/fields.h"
#include "tavle/i18n.h"
#include "tavle/people.h"
#include "tavle/plan.h"
#include "tavle/text.h"

#define MIN_COLW 19
#define CARD_H 4        /* title (2 rows), status/deadline/owner, tasks */
#define CARD_STEP 5     /* card plus one blank row */
#define HEAD_H 2

enum grouping { GROUP_AREA, GROUP_STATUS, GROUP_PHASE, GROUP_COUNT };
static const char *const grouping_names[GROUP_COUNT] = { N_("area"), N_("status"),
	N_("phase") };

enum filter_kind { F_NONE, F_STATUS, F_OWNER, F_OVERDUE, F_PHASE, F_MINIMUM };

struct column {
	char *title;
	char tag;              /* area letter, or 0 */
	enum style head;
	int area;              /* area of the column when grouped by area, else -1 */
	int status;            /* status when grouped by status, else -1 */
	int64_t phase_id;      /* when grouped by phase (0 = no phase) */
	size_t *pk;            /* indexes into app->data->packages */
	size_t n;
	int sel;
	int top;
	int done, late;
};

struct board {
	enum grouping group;
	struct column *cols;
	size_t ncols;
	int focus;
	int first_vis, nvis, colw;
	WINDOW **wins;
	int nwins;
	int64_t sel_id;
	char *search;
	enum filter_kind filter;
	int f_status;
	char *f_owner;         /* F_OWNER: the owner's exact name, "" for no owner */
	int64_t f_phase;
	/* The distinct owners of the board's packages and their short forms, unique on
	 * the board (tv_people_short_forms), rebuilt with the columns. */
	char **own_names, **own_forms;
	size_t nown;
};

static struct board *
B(struct view *v)
{
	return v->priv;
}

static bool
matches(const struct board *b, const struct tv_package *p)
{
	if (!b->search || !*b->search)
		return false;
	if (tv_text_contains_ci(p->title, b->search))
		return true;
	for (int s = 0; s < TV_SECTION_COUNT; s++)
		if (tv_text_contains_ci(p->sections[s], b->search))
			return true;
	return false;
}

static bool
passes_filter(const struct board *b, const struct app *app, const struct tv_package *p)
{
	switch (b->filter) {
	case F_NONE: return true;
	case F_STATUS: return (int)p->status == b->f_status;
	case F_OWNER:
		if (!b->f_owner)
			return true;
		if (!*b->f_owner)
			return !p->owner || !*p->owner;
		return p->owner && strcmp(p->owner, b->f_owner) == 0;
	case F_OVERDUE: return tv_plan_package_overdue(p, app->today) > 0;
	case F_PHASE: return p->phase_id == b->f_phase;
	case F_MINIMUM: {
		struct tv_plan_tasks t;
		tv_plan_package_tasks(p, app->today, &t);
		return t.open_minimum > 0;
	}
	}
	return true;
}

static void
free_columns(struct board *b)
{
	for (size_t i = 0; i < b->ncols; i++) {
		free(b->cols[i].title);
		free(b->cols[i].pk);
	}
	free(b->cols);
	b->cols = NULL;
	b->ncols = 0;
}

static struct column *
add_column(struct board *b, char *title, char tag, enum style head)
{
	b->cols = tv_xrealloc(b->cols, (b->ncols + 1) * sizeof *b->cols);
	struct column *c = &b->cols[b->ncols++];
	memset(c, 0, sizeof *c);
	c->title = title;
	c->tag = tag;
	c->head = head;
	c->area = -1;
	c->status = -1;
	return c;
}

static void
col_push(struct column *c, size_t idx)
{
	c->pk = tv_xrealloc(c->pk, (c->n + 1) * sizeof *c->pk);
	c->pk[c->n++] = idx;
}

static void
free_owners(struct board *b)
{
	for (size_t i = 0; i < b->nown; i++)
		free(b->own_names[i]);
	free(b->own_names);
	tv_people_forms_free(b->own_forms, b->nown);
	b->own_names = b->own_forms = NULL;
	b->nown = 0;
}

/* The short forms of every owner on the board, tasks' owners included (not only the
 * shown cards: a filter, a scrolled column or a task owner must not change what "Kon"
 * stands for, and the detail view's task lines use the same forms). */
static void
build_owners(struct board *b, const struct tv_board_data *d)
{
	free_owners(b);
	tv_people_board_owners(d, &b->own_names, &b->nown);
	b->own_forms = tv_people_short_forms((const char *const *)b->own_names, b->nown);
}

/* The card's short form of `owner`; NULL for no owner. Borrowed. */
static const char *
owner_form(const struct board *b, const char *owner)
{
	if (!owner || !*owner)
		return NULL;
	for (size_t i = 0; i < b->nown; i++)
		if (strcmp(b->own_names[i], owner) == 0)
			return b->own_forms[i];
	return NULL;
}

/* Rebuild the columns from the snapshot, then find the selected package again. */
static void
rebuild(struct board *b, struct app *app)
{
	int old_focus = b->focus;
	free_columns(b);
	build_owners(b, app->data);
	const struct tv_board_data *d = app->data;
	switch (b->group) {
	case GROUP_AREA:
		for (int a = 0; a < TV_AREA_COUNT; a++) {
			struct column *c = add_column(b, tv_xstrdup(tv_area_name(a, tv_i18n_names_danish())),
				tv_area_tag(a), area_head_style(a));
			c->area = a;
		}
		break;
	case GROUP_STATUS:
		for (int s = 0; s < TV_PSTATUS_COUNT; s++) {
			struct column *c = add_column(b, tv_xasprintf("%s", tv_pstatus_name(s, tv_i18n_names_danish())),
				0, ST_HEAD_OTHER);
			c->status = s;
		}
		break;
	case GROUP_PHASE:
		for (size_t i = 0; i < d->nphases; i++) {
			struct column *c = add_column(b, tv_xstrdup(d->phases[i].name), 0,
				ST_HEAD_OTHER);
			c->phase_id = d->phases[i].id;
		}
		add_column(b, tv_xstrdup(_("No phase")), 0, ST_HEAD_OTHER)->phase_id = 0;
		break;
	default:
		break;
	}
	for (size_t i = 0; i < d->npackages; i++) {
		const struct tv_package *p = &d->packages[i];
		struct column *c = NULL;
		for (size_t j = 0; j < b->ncols && !c; j++) {
			struct column *cj = &b->cols[j];
			if ((b->group == GROUP_AREA && cj->area == (int)p->area) ||
			    (b->group == GROUP_STATUS && cj->status == (int)p->status) ||
			    (b->group == GROUP_PHASE && cj->phase_id == p->phase_id))
				c = cj;
		}
		if (!c && b->group == GROUP_PHASE)
			c = &b->cols[b->ncols - 1];
		if (!c)
			continue;
		if (p->status == TV_DONE)
			c->done++;
		c->late += tv_plan_package_overdue(p, app->today);
		if (passes_filter(b, app, p))
			col_push(c, i);
	}
	/* Overdue work counts as the agenda counts it (tv_plan_overdue_count): an area
	 * column also counts the open decisions of its area past due. */
	if (b->group == GROUP_AREA)
		for (size_t j = 0; j < b->ncols; j++)
			for (size_t i = 0; i < d->ndecisions; i++)
				if (d->decisions[i].area == b->cols[j].area &&
						tv_plan_decision_overdue(&d->decisions[i], app->today))
					b->cols[j].late++;
	/* Counts cover the whole column (done/total), even when a filter hides cards. */
	b->focus = old_focus < (int)b->ncols ? old_focus : 0;
	if (b->focus < 0)
		b->focus = 0;
	for (size_t j = 0; j < b->ncols; j++)
		for (size_t k = 0; k < b->cols[j].n; k++)
			if (d->packages[b->cols[j].pk[k]].id == b->sel_id) {
				b->focus = (int)j;
				b->cols[j].sel = (int)k;
			}
}

static int
col_total(const struct board *b, const struct app *app, const struct column *c)
{
	int total = 0;
	for (size_t i = 0; i < app->data->npackages; i++) {
		const struct tv_package *p = &app->data->packages[i];
		if ((b->group == GROUP_AREA && c->area == (int)p->area) ||
		    (b->group == GROUP_STATUS && c->status == (int)p->status) ||
		    (b->group == GROUP_PHASE && (c->phase_id == p->phase_id ||
			(c->phase_id == 0 && !tv_board_data_phase(app->data, p->phase_id)))))
			total++;
	}
	return total;
}

static const struct tv_package *
selected(const struct board *b, const struct app *app)
{
	if (b->ncols == 0)
		return NULL;
	const struct column *c = &b->cols[b->focus];
	if (c->n == 0)
		return NULL;
	if (c->sel >= (int)c->n)
		return NULL;
	return &app->data->packages[c->pk[c->sel]];
}

static void
remember_selection(struct board *b, const struct app *app)
{
	const struct tv_package *p = selected(b, app);
	if (p)
		b->sel_id = p->id;
}

/* ---- Layout ---- */

static void
free_wins(struct board *b)
{
	for (int i = 0; i < b->nwins; i++)
		delwin(b->wins[i]);
	free(b->wins);
	b->wins = NULL;
	b->nwins = 0;
}

static void
board_layout(struct view *v, struct app *app)
{
	struct board *b = B(v);
	free_wins(b);
	int fit = (app->cols + 1) / (MIN_COLW + 1);
	if (fit < 1)
		fit = 1;
	b->nvis = (int)b->ncols < fit ? (int)b->ncols : fit;
	if (b->nvis < 1)
		b->nvis = 1;
	b->colw = (app->cols - (b->nvis - 1)) / b->nvis;
	b->wins = tv_xcalloc((size_t)b->nvis, sizeof *b->wins);
	b->nwins = b->nvis;
	int h = app->lines - 2;
	for (int i = 0; i < b->nvis; i++) {
		int x = i * (b->colw + 1);
		int w = i == b->nvis - 1 ? app->cols - x : b->colw;
		b->wins[i] = newwin(h, w, 1, x);
	}
}

static void
follow_focus(struct board *b)
{
	if (b->focus < b->first_vis)
		b->first_vis = b->focus;
	if (b->focus >= b->first_vis + b->nvis)
		b->first_vis = b->focus - b->nvis + 1;
	if (b->first_vis + b->nvis > (int)b->ncols)
		b->first_vis = (int)b->ncols - b->nvis;
	if (b->first_vis < 0)
		b->first_vis = 0;
}

/* How many cards fit in `rows` rows. */
static int
cards_fit(int rows)
{
	return rows <= 0 ? 0 : (rows + 1) / CARD_STEP;
}

/* Rows for cards given the column's scroll position, and the markers needed. */
static int
col_fit(const struct column *c, int avail, int top, bool *up, bool *down)
{
	*up = top > 0;
	int rows = avail - (*up ? 1 : 0);
	int fit = cards_fit(rows);
	*down = top + fit < (int)c->n;
	if (*down)
		fit = cards_fit(rows - 1);
	if (fit < 1)
		fit = 1;
	return fit;
}

static void
keep_visible(struct column *c, int avail)
{
	bool up, down;
	if (c->sel < 0)
		c->sel = 0;
	if (c->n && c->sel >= (int)c->n)
		c->sel = (int)c->n - 1;
	if (c->sel < c->top)
		c->top = c->sel;
	while (c->top < c->sel && c->sel >= c->top + col_fit(c, avail, c->top, &up, &down))
		c->top++;
	/* Do not leave empty space at the bottom when scrolled. */
	while (c->top > 0 && c->top - 1 + col_fit(c, avail, c->top - 1, &up, &down) >= (int)c->n
	       && c->top - 1 + col_fit(c, avail, c->top - 1, &up, &down) > c->sel)
		c->top--;
}

/* ---- Drawing ---- */

/* Where a card's title breaks from its first line (w1 columns) to its second (tw). */
static size_t
title_break(const char *title, int w1, int tw)
{
	size_t cut = tv_text_clip(title, w1, NULL);
	if (title[cut] && title[cut] != ' ') {
		/* Break at the last space that fits; a one-word start too long for line 1
		 * moves down whole when the title then fits line 2. */
		size_t sp = cut;
		while (sp > 0 && title[sp] != ' ')
			sp--;
		if (sp > 0) {
			cut = sp;
		} else {
			/* One word too long for line 1: it moves down whole when it fits
			 * line 2; else line 1 shows it shortened (draw_card adds "…"), and
			 * line 2 goes on at the next word. Never a break inside a word. */
			size_t wend = 0;
			while (title[wend] && title[wend] != ' ')
				wend++;
			char *word = tv_xstrndup(title, wend);
			bool fits2 = tv_text_width(word) <= tw;
			free(word);
			cut = fits2 ? 0 : wend;
		}
	}
	return cut;
}

/* A card's third line: status marker, late/soon mark and deadline, in `meta`. */
static void
card_meta(const struct tv_package *p, const struct app *app, bool late, bool soon, int tw,
	const char *form, char *meta, size_t size)
{
	char dl[TV_DATE_SHOW_BUF];
	bool done = p->status == TV_DONE;
	/* A finished package is not late: it shows the plain date, as a far deadline does.
	 * A long date that leaves no room for the owner's initials drops this year's
	 * year ("29. nov."), or shortens another year's ("28. jan. 27"). */
	bool plain_date = done || (long)p->deadline.day - app->today > 14;
	int need = form ? tv_text_width(form) + 1 : 0;
	for (unsigned fl = 0;;) {
		if (plain_date)
			show_date(p->deadline.day, fl, dl, sizeof dl);
		else
			format_deadline(p->deadline.day, app->today, dl, sizeof dl);
		snprintf(meta, size, "[%s] %s%s", tv_pstatus_marker(p->status),
			late ? "!" : soon ? "*" : "", p->deadline.day == TV_NO_DAY ? "" : dl);
		if (late && tv_text_width(meta) + need > tw) {
			/* "!65d" (the "!" and the colour say late): the owner keeps room. */
			snprintf(meta, size, "[%s] !%ldd", tv_pstatus_marker(p->status),
				(long)app->today - p->deadline.day);
			break;
		}
		if (fl || !plain_date || p->deadline.day == TV_NO_DAY ||
				tv_text_width(meta) + need <= tw)
			break;
		int y0, y1, m, d;
		tv_date_to_ymd(p->deadline.day, &y0, &m, &d);
		tv_date_to_ymd(app->today, &y1, &m, &d);
		fl = y0 == y1 ? TV_DATE_NO_YEAR : TV_DATE_SHORT_YEAR;
	}
	/* Still no room for the owner's short form ("28. jan. 27" and "Kom" are one
	 * column too many at 80 columns): the date as Danes write it by hand, "28.1.27". */
	if (plain_date && p->deadline.day != TV_NO_DAY && ui_date_style() == TV_DATES_LONG &&
			tv_text_width(meta) + need > tw) {
		int y, m, d;
		tv_date_to_ymd(p->deadline.day, &y, &m, &d);
		snprintf(meta, size, "[%s] %d.%d.%02d", tv_pstatus_marker(p->status), d, m,
			((y % 100) + 100) % 100);
	}
}

/* The owner at the right end of the card's third line, after `mw` columns of meta:
 * the name when the card is wide enough, else its short form (unique on the board);
 * nothing if no room. */
static void
draw_owner(WINDOW *w, int y, int x0, int tw, int mw, const char *owner, const char *form,
	attr_t attr)
{
	int room = tw - mw - 2;
	char *who = room >= 12 ? tv_text_ellipsize(owner, room) : tv_text_sanitize(form,
		strlen(form), 0);
	int ww = tv_text_width(who);
	if (mw + ww + 1 <= tw)
		ui_put_text(w, y, x0 + tw - ww, ww, who, attr);
	free(who);
}

/* A card's fourth line, its tasks: "!3 " overdue (the overdue style; the "!" says it
 * in monochrome), "3/6" done of all, " M 2/5" minimum requirements done of all (the
 * same direction as the task count beside it; none: no mark). Nothing for a package
 * without tasks. */
static void
draw_tasks(WINDOW *w, int y, int x0, int tw, const struct tv_package *p, int32_t today,
	attr_t plain)
{
	struct tv_plan_tasks t;
	tv_plan_package_tasks(p, today, &t);
	if (!t.total)
		return;
	int x = x0;
	char buf[64];
	if (t.overdue) {
		snprintf(buf, sizeof buf, "!%d", t.overdue);
		x += ui_put_text(w, y, x, tw - (x - x0), buf, style_attr(ST_OVERDUE));
		x += ui_put_text(w, y, x, tw - (x - x0), " ", plain);
	}
	snprintf(buf, sizeof buf, "%d/%d", t.done, t.total);
	x += ui_put_text(w, y, x, tw - (x - x0), buf, plain);
	if (t.minimum_total) {
		snprintf(buf, sizeof buf, " M %d/%d", t.minimum_done, t.minimum_total);
		ui_put_text(w, y, x, tw - (x - x0), buf, plain);
	}
}

static void
draw_card(struct board *b, struct app *app, WINDOW *w, int y, int width,
	const struct tv_package *p, bool sel)
{
	bool done = p->status == TV_DONE;
	bool late = tv_package_overdue(p, app->today);
	long diff = p->deadline.day == TV_NO_DAY ? 1000 : (long)p->deadline.day - app->today;
	bool soon = !late && !done && diff >= 0 && diff <= 7;
	/* The selection is the card's first row in reverse video, across the whole card
	 * width (a bar that reads in monochrome and on a vt100 too). Only that row: moving
	 * the selection then rewrites two rows instead of two whole cards (about 150
	 * bytes per key instead of 470 at 100x30). */
	attr_t plain = done ? style_attr(ST_DONE) : style_attr(ST_CARD);
	attr_t rev = sel ? A_REVERSE : 0;
	attr_t base = plain | rev;
	int x0 = 0;
	ui_fill_line(w, y, 0, width, base);
	for (int r = 1; r < CARD_H; r++)
		ui_fill_line(w, y + r, 0, width, plain);
	if (!app->mono) {
		attr_t bar = style_attr(area_bar_style(p->area));
		for (int r = 0; r < CARD_H; r++)
			ui_put_text(w, y + r, 0, 1, "\u258c", bar | (r == 0 ? rev : 0));
		x0 = 1;
	}
	int tw = width - x0;
	/* Line 1: [tag] number title... */
	char prefix[32];
	if (app->mono)
		snprintf(prefix, sizeof prefix, "[%c] %d ", tv_area_tag(p->area), p->number);
	else
		snprintf(prefix, sizeof prefix, "%d ", p->number);
	attr_t num_attr = base | A_BOLD;
	if (late)
		num_attr = style_attr(ST_OVERDUE) | rev;
	int used = ui_put_text(w, y, x0, tw, prefix, num_attr);
	/* A search match keeps its style on both title rows; the selection only on the first. */
	attr_t tattr = matches(b, p) ? style_attr(ST_MATCH) : plain;
	char *title = tv_text_sanitize(p->title ? p->title : "", p->title ? strlen(p->title) : 0, 0);
	int w1 = tw - used;
	size_t cut = title_break(title, w1, tw);
	char *first = tv_xstrndup(title, cut);
	char *first_e = tv_text_ellipsize(first, w1);
	ui_put_text(w, y, x0 + used, w1, first_e, tattr | rev);
	free(first_e);
	free(first);
	const char *rest = title + cut;
	while (*rest == ' ')
		rest++;
	if (*rest) {
		char *e = tv_text_ellipsize(rest, tw);
		ui_put_text(w, y + 1, x0, tw, e, tattr);
		free(e);
	}
	free(title);
	/* Line 3: status marker, deadline, owner initials. */
	char meta[80];
	const char *form = owner_form(b, p->owner);
	card_meta(p, app, late, soon, tw, form, meta, sizeof meta);
	attr_t mattr = plain;
	if (late)
		mattr = style_attr(ST_OVERDUE);
	else if (soon)
		mattr = style_attr(ST_SOON);
	ui_put_text(w, y + 2, x0, tw, meta, mattr);
	if (form)
		draw_owner(w, y + 2, x0, tw, tv_text_width(meta), p->owner, form, plain | A_BOLD);
	draw_tasks(w, y + 3, x0, tw, p, app->today, plain);
}

static void
draw_column(struct board *b, struct app *app, int ci, WINDOW *w)
{
	struct column *c = &b->cols[ci];
	int h = getmaxy(w), width = getmaxx(w);
	bool focused = ci == b->focus;
	werase(w);
	/* Header row 0: tag and name in the area colour. */
	attr_t ha = style_attr(c->head);
	ui_fill_line(w, 0, 0, width, ha);
	char *name = c->tag ? tv_xasprintf(" [%c] %s", c->tag, c->title)
		: tv_xasprintf(" %s", c->title);
	char *e = tv_text_ellipsize(name, width);
	ui_put_text(w, 0, 0, width, e, ha);
	free(e);
	free(name);
	/* Header row 1: counts (done/total, late), and focus. */
	int total = col_total(b, app, c);
	char counts[96], late[32] = "";
	int shown = (int)c->n;
	snprintf(counts, sizeof counts, _(" %d/%d done"), c->done, total);
	if (c->late) {
		snprintf(late, sizeof late, _(", %d late"), c->late);
		/* A narrow column keeps the number whole: the card's overdue mark instead. */
		if (tv_text_width(counts) + tv_text_width(late) > width)
			snprintf(late, sizeof late, _(", !%d"), c->late);
	}
	attr_t ca = focused ? style_attr(ST_LABEL) | A_UNDERLINE : style_attr(ST_HINT);
	ui_fill_line(w, 1, 0, width, style_attr(ST_NORMAL));
	int x = ui_put_text(w, 1, 0, width, counts, ca);
	/* The late count in the overdue style (its text says it without colour too). */
	if (*late)
		x += ui_put_text(w, 1, x, width - x, late, style_attr(ST_OVERDUE));
	if (shown != total) {
		char sh[32];
		snprintf(sh, sizeof sh, _(" (%d shown)"), shown);
		ui_put_text(w, 1, x, width - x, sh, ca);
	}
	int avail = h - HEAD_H;
	keep_visible(c, avail);
	bool up, down;
	int fit = col_fit(c, avail, c->top, &up, &down);
	int y = HEAD_H;
	if (up) {
		char m[48];
		snprintf(m, sizeof m, _("\u25b2 %d more"), c->top);
		ui_put_text(w, y++, 0, width, m, style_attr(ST_MORE));
	}
	if (c->n == 0) {
		ui_put_text(w, y + 1, 1, width - 1, _("(empty)"),
			focused ? style_attr(ST_SELECTED) : style_attr(ST_HINT));
	}
	for (int i = 0; i < fit && c->top + i < (int)c->n; i++) {
		const struct tv_package *p = &app->data->packages[c->pk[c->top + i]];
		draw_card(b, app, w, y + i * CARD_STEP, width, p, focused && c->top + i == c->sel);
	}
	if (down) {
		char m[48];
		snprintf(m, sizeof m, _("\u25bc %d more"), (int)c->n - c->top - fit);
		ui_put_text(w, h - 1, 0, width, m, style_attr(ST_MORE));
	}
	wnoutrefresh(w);
}

static void
board_draw(struct view *v, struct app *app)
{
	struct board *b = B(v);
	follow_focus(b);
	char right[160] = "";
	size_t used = 0;
	int hidden_left = b->first_vis;
	int hidden_right = (int)b->ncols - b->first_vis - b->nvis;
	if (b->group != GROUP_AREA)
		used += (size_t)snprintf(right + used, sizeof right - used, _("by %s "),
			_(grouping_names[b->group]));
	if (b->filter != F_NONE && used < sizeof right)
		used += (size_t)snprintf(right + used, sizeof right - used, _("[filtered] "));
	if (hidden_left > 0 && used < sizeof right)
		used += (size_t)snprintf(right + used, sizeof right - used, _("\u25c0 %d more "),
			hidden_left);
	if (hidden_right > 0 && used < sizeof right)
		snprintf(right + used, sizeof right - used, _("%d more \u25b6"), hidden_right);
	app_draw_title(app, right);
	for (int i = 0; i < b->nwins; i++) {
		int ci = b->first_vis + i;
		if (ci < (int)b->ncols) {
			draw_column(b, app, ci, b->wins[i]);
		} else {
			werase(b->wins[i]);
			wnoutrefresh(b->wins[i]);
		}
	}
}

/* ---- Actions ---- */

static int
avail_rows(const struct app *app)
{
	return app->lines - 2 - HEAD_H;
}

static void
move_sel(struct board *b, struct app *app, int delta)
{
	if (!b->ncols)
		return;
	struct column *c = &b->cols[b->focus];
	c->sel += delta;
	if (c->sel >= (int)c->n)
		c->sel = (int)c->n - 1;
	if (c->sel < 0)
		c->sel = 0;
	keep_visible(c, avail_rows(app));
	remember_selection(b, app);
}

static void
move_focus(struct board *b, struct app *app, int delta, bool wrap)
{
	if (!b->ncols)
		return;
	int f = b->focus + delta;
	if (wrap)
		f = (f + (int)b->ncols) % (int)b->ncols;
	if (f < 0 || f >= (int)b->ncols)
		return;
	b->focus = f;
	follow_focus(b);
	remember_selection(b, app);
}

static void
search_step(struct board *b, struct app *app, int dir, bool include_current)
{
	/* Walk cards in column order from the current one. */
	size_t total = 0;
	for (size_t j = 0; j < b->ncols; j++)
		total += b->cols[j].n;
	if (!total || !b->search || !*b->search)
		return;
	int cj = b->focus, ck = b->ncols ? b->cols[cj].sel : 0;
	for (size_t step = include_current ? 0 : 1; step <= total; step++) {
		/* Position `step` cards away from (cj, ck) in direction dir. */
		int j = cj, k = ck;
		for (size_t s = 0; s < step; s++) {
			k += dir;
			while (k < 0 || k >= (int)b->cols[j].n) {
				if (k < 0) {
					j = (j - 1 + (int)b->ncols) % (int)b->ncols;
					k = (int)b->cols[j].n - 1;
				} else {
					j = (j + 1) % (int)b->ncols;
					k = 0;
				}
				if (b->cols[j].n == 0)
					k = dir > 0 ? (int)b->cols[j].n : -1;
			}
		}
		if (k < 0 || k >= (int)b->cols[j].n)
			continue;
		if (matches(b, &app->data->packages[b->cols[j].pk[k]])) {
			b->focus = j;
			b->cols[j].sel = k;
			keep_visible(&b->cols[j], avail_rows(app));
			remember_selection(b, app);
			return;
		}
	}
	app_message(app, ST_HINT, "No match for \"%s\"", b->search);
}

static void
on_search_change(struct app *app, void *ctx, const char *text)
{
	struct view *v = ctx;
	struct board *b = B(v);
	free(b->search);
	b->search = tv_xstrdup(text);
	free(app->status);
	app->status = NULL;
	search_step(b, app, 1, true);
	free(app->status);   /* no "no match" message while typing */
	app->status = NULL;
	board_draw(v, app);
}

static int
current_area(struct board *b, struct app *app)
{
	if (b->group == GROUP_AREA && b->ncols)
		return b->cols[b->focus].area;
	const struct tv_package *p = selected(b, app);
	return p ? (int)p->area : TV_AREA_ORG;
}

static unsigned
do_add(struct view *v, struct app *app)
{
	struct board *b = B(v);
	int area = current_area(b, app);
	char *prompt = tv_xasprintf(_("New package in %s, title: "), tv_area_name(area, tv_i18n_names_danish()));
	enum tv_field f = TV_FIELD_PACKAGE_title;
	char *title = ui_prompt_checked(app, prompt, "", ui_check_field, &f);
	free(prompt);
	if (!title)
		return H_REDRAW;
	struct tv_package p = { 0 };
	p.board_id = app->board_id;
	p.number = -1;
	p.title = title;
	p.area = area;
	p.status = TV_TODO;
	if (b->group == GROUP_STATUS && b->ncols)
		p.status = b->cols[b->focus].status;
	p.deadline.day = TV_NO_DAY;
	p.deadline.minute = TV_NO_TIME;
	if (b->group == GROUP_PHASE && b->ncols)
		p.phase_id = b->cols[b->focus].phase_id;
	enum tv_status st;
	APP_RETRY(app, st, tv_store_package_add(app->store, &p));
	if (st != TV_OK) {
		app_store_error(app, st);
	} else {
		b->sel_id = p.id;
		char msg[64];
		snprintf(msg, sizeof msg, _("Added package %d"), p.number);
		p.title = NULL;
		app_after_write(app, msg);
	}
	free(title);
	free(p.uid);
	return H_REDRAW;
}

static unsigned
do_delete(struct view *v, struct app *app, const struct tv_package *p)
{
	(void)v;
	char *title = tv_text_ellipsize(p->title ? p->title : "", 30);
	char *q = tv_xasprintf(_("Delete package %d \"%s\" with its tasks and comments? (y/n)"),
		p->number, title);
	free(title);
	bool yes = ui_confirm(app, q);
	free(q);
	if (!yes) {
		app_message(app, ST_HINT, "Not deleted");
		return H_REDRAW;
	}
	char msg[80];
	snprintf(msg, sizeof msg, _("Deleted package %d (u undoes)"), p->number);
	app_remove(app, TV_KIND_PACKAGE, p->id, p->version, msg);
	return H_REDRAW;
}

static unsigned
do_filter(struct board *b, struct app *app)
{
	const char *items[TV_PSTATUS_COUNT + 5];
	char *own[TV_PSTATUS_COUNT];
	size_t n = 0;
	items[n++] = _("Show all (clear filter)");
	for (int s = 0; s < TV_PSTATUS_COUNT; s++) {
		own[s] = tv_xasprintf(_("Status: %s"), tv_pstatus_name(s, tv_i18n_names_danish()));
		items[n++] = own[s];
	}
	items[n++] = _("Overdue only");
	items[n++] = _("Owner\u2026");
	items[n++] = _("Phase\u2026");
	items[n++] = _("Open minimum requirements");
	int ch = ui_menu_choose(app, "Filter", items, n, 0);
	for (int s = 0; s < TV_PSTATUS_COUNT; s++)
		free(own[s]);
	if (ch < 0)
		return H_REDRAW;
	if (ch == 0) {
		b->filter = F_NONE;
	} else if (ch <= TV_PSTATUS_COUNT) {
		b->filter = F_STATUS;
		b->f_status = ch - 1;
	} else if (ch == TV_PSTATUS_COUNT + 1) {
		b->filter = F_OVERDUE;
	} else if (ch == TV_PSTATUS_COUNT + 2) {
		/* The same list the owner menu offers; its last item: packages without one. */
		char *t = NULL;
		int r = owner_choose(app, "Owner", b->filter == F_OWNER ? b->f_owner : NULL,
			N_("No owner"), &t);
		if (r == 0)
			return H_REDRAW;
		free(b->f_owner);
		b->f_owner = r == 2 ? tv_xstrdup("") : t;
		b->filter = F_OWNER;
	} else if (ch == TV_PSTATUS_COUNT + 4) {
		b->filter = F_MINIMUM;
	} else {
		size_t np = app->data->nphases;
		const char **pi = tv_xcalloc(np + 1, sizeof *pi);
		for (size_t i = 0; i < np; i++)
			pi[i] = app->data->phases[i].name;
		pi[np] = _("No phase");
		int pc = ui_menu_choose(app, "Phase", pi, np + 1, 0);
		free(pi);
		if (pc < 0)
			return H_REDRAW;
		b->filter = F_PHASE;
		b->f_phase = (size_t)pc < np ? app->data->phases[pc].id : 0;
	}
	rebuild(b, app);
	if (b->filter != F_NONE)
		app_message(app, ST_HINT, "Filtered (Esc or f \u2192 1 shows all)");
	return H_REDRAW;
}

static unsigned
handle_mouse(struct board *b, struct app *app)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return H_HANDLED;
	for (int i = 0; i < b->nwins; i++) {
		WINDOW *w = b->wins[i];
		if (!wenclose(w, ev.y, ev.x))
			continue;
		int ci = b->first_vis + i;
		if (ci >= (int)b->ncols)
			break;
		b->focus = ci;
		struct column *c = &b->cols[ci];
		if (ev.bstate & BUTTON4_PRESSED) {
			move_sel(b, app, -1);
		} else if (ev.bstate & BUTTON5_PRESSED) {
			move_sel(b, app, 1);
		} else {
			int ly = ev.y - getbegy(w) - HEAD_H - (c->top > 0 ? 1 : 0);
			if (ly >= 0) {
				int idx = c->top + ly / CARD_STEP;
				if (idx < (int)c->n && ly % CARD_STEP < CARD_H)
					c->sel = idx;
			}
			remember_selection(b, app);
		}
		break;
	}
	return H_HANDLED | H_REDRAW;
}

/* /: the incremental search on the bottom line; Esc puts back the search and the
 * selection there were before. */
static void
search_ask(struct view *v, struct app *app)
{
	struct board *b = B(v);
	char *prev = b->search ? tv_xstrdup(b->search) : NULL;
	int64_t keep = b->sel_id;
	char *t = ui_prompt_line(app, "/", "", on_search_change, v);
	if (!t) {
		free(b->search);
		b->search = prev;
		b->sel_id = keep;
		rebuild(b, app);
	} else {
		free(prev);
		free(b->search);
		b->search = *t ? t : NULL;
		if (!*t)
			free(t);
		else
			search_step(b, app, 1, true);
	}
}

static unsigned
board_handle(struct view *v, struct app *app, enum request req, int key)
{
	struct board *b = B(v);
	const struct tv_package *p = selected(b, app);
	int page = cards_fit(avail_rows(app));
	if (page < 1)
		page = 1;
	if (key == KEY_MOUSE)
		return handle_mouse(b, app);
	if (b->ncols && nav_move(&b->cols[b->focus].sel, (int)b->cols[b->focus].n, req, page)) {
		keep_visible(&b->cols[b->focus], avail_rows(app));
		remember_selection(b, app);
		return H_HANDLED | H_REDRAW;
	}
	switch (req) {
	case REQ_LEFT: move_focus(b, app, -1, false); break;
	case REQ_RIGHT: move_focus(b, app, 1, false); break;
	case REQ_NEXT_COL: move_focus(b, app, 1, true); break;
	case REQ_PREV_COL: move_focus(b, app, -1, true); break;
	case REQ_QUIT: return H_HANDLED | H_QUIT;
	case REQ_ENTER:
		if (!p)
			return H_HANDLED;
		app_push_view(app, detail_view_new(app, p->id));
		return H_HANDLED | H_REDRAW;
	case REQ_CLEAR:
		if (b->filter == F_NONE && !b->search) {
			/* Esc never quits (tig, htop: a slip of the Esc key must not end the
			 * session); say which key does, since people try Esc first. */
			char q[64];
			request_keys_text(REQ_QUIT, q, sizeof q);
			app_message(app, ST_HINT, "Nothing to clear; %s quits tavle", q);
			break;
		}
		b->filter = F_NONE;
		free(b->search);
		b->search = NULL;
		rebuild(b, app);
		app_message(app, ST_HINT, "Search and filter cleared");
		break;
	case REQ_REGROUP:
		b->group = (b->group + 1) % GROUP_COUNT;
		b->first_vis = 0;
		rebuild(b, app);
		board_layout(v, app);
		app_message(app, ST_HINT, "Grouped by %s (v changes)", _(grouping_names[b->group]));
		return H_HANDLED | H_REDRAW;
	case REQ_SEARCH: search_ask(v, app); break;
	case REQ_SEARCH_NEXT:
	case REQ_SEARCH_PREV:
		if (!b->search)
			app_message(app, ST_HINT, "No search (press /)");
		else
			search_step(b, app, req == REQ_SEARCH_NEXT ? 1 : -1, false);
		break;
	case REQ_FILTER:
		return H_HANDLED | do_filter(b, app);
	case REQ_ADD:
		return H_HANDLED | do_add(v, app);
	case REQ_DELETE:
		if (!p)
			return H_HANDLED;
		return H_HANDLED | do_delete(v, app, p);
	case REQ_EDIT: case REQ_STATUS: case REQ_DEADLINE: case REQ_OWNER:
	case REQ_MOVE_AREA: case REQ_EDIT_EXT: case REQ_MOVE_UP: case REQ_MOVE_DOWN:
	case REQ_HISTORY:
		if (!p) {
			app_message(app, ST_HINT, "No package selected");
			return H_HANDLED | H_REDRAW;
		}
		return H_HANDLED | package_action(app, p, req);
	case REQ_TOGGLE: case REQ_COMMENT:
		app_message(app, ST_HINT, "Open the package (Enter) for tasks and comments");
		break;
	default:
		return H_NONE;
	}
	return H_HANDLED | H_REDRAW;
}

static bool
board_reload(struct view *v, struct app *app)
{
	struct board *b = B(v);
	size_t old = b->ncols;
	rebuild(b, app);
	if (b->ncols != old && !app->too_small)
		board_layout(v, app);
	return true;
}

static void
board_free(struct view *v)
{
	struct board *b = B(v);
	free_columns(b);
	free_wins(b);
	free(b->search);
	free(b->f_owner);
	free_owners(b);
}

static const struct view_ops board_ops = VIEW_OPS(board, "board", KM_BOARD, struct board,
	N_("{quit}:quit {view-help}:help {open}:open {edit}:edit {add}:add "
	"{delete}:del {set-status}:status {set-deadline}:deadline "
	"{move-area}:move {search}:search {filter}:filter {regroup}:group "
	"{undo}:undo"),
	.layout = board_layout, .reload = board_reload);

struct view *
board_view_new(struct app *app)
{
	struct view *v = view_new(&board_ops);
	struct board *b = v->priv;
	b->group = GROUP_AREA;
	b->sel_id = -1;
	rebuild(b, app);
	remember_selection(b, app);
	return v;
}
