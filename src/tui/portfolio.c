/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The portfolio view (6): the template packages across every board of the database.
 * Mode 1: one row per package (0-9) in its area colour with the area tag (so it reads
 * in monochrome), columns counting authorities by status or by phase (v), then overdue,
 * blocked and median days late; below, the authorities overdue or blocked on the
 * selected package (Tab moves there). Mode 2 (m): authorities x packages, one status
 * glyph per cell (. todo, > doing, ! blocked, x done, L late), sortable by lateness
 * (S). f filters by sector and area. Enter opens that authority's board at that
 * package. All figures come from the store's aggregates (include/tavle/portfolio.h).
 * Reported boards (status reports imported with `tavle portfolio import`,
 * tavle/reported.h) follow the local boards in the matrix, marked "(reported)" with the
 * report's age instead of the glyphs (a report has no per-package cells), flagged
 * stale past the report-stale-days setting; they are read-only: Enter says so and
 * opens nothing. The title counts them. Depends on the core API; never on SQLite.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "tavle/date.h"
#include "tavle/portfolio.h"
#include "tavle/reported.h"
#include "tavle/text.h"

/* The report-stale-days setting (tui_config_apply). */
static int stale_days = TV_REPORT_STALE_DAYS;

void
portfolio_set_stale_days(int days)
{
	stale_days = days > 0 ? days : TV_REPORT_STALE_DAYS;
}

struct portfolio {
	struct tv_portfolio_filter filter;
	struct tv_portfolio *p;
	struct tv_portfolio_board *m;   /* the matrix, loaded in mode 2 */
	size_t nm;
	struct tv_reported_board *rep;  /* reported boards of the sector filter; rows nm.. */
	size_t nrep;
	bool matrix;        /* mode 2 */
	bool by_phase;      /* mode 1 columns */
	enum tv_portfolio_order order;
	size_t row;         /* mode 1: package row; mode 2: board row */
	int col;            /* mode 2: package number */
	bool in_list;       /* mode 1: focus in the authorities list */
	size_t item;        /* selected authority in the list */
	int top, list_top;
};

static void
free_matrix(struct portfolio *pf)
{
	for (size_t i = 0; i < pf->nm; i++)
		tv_portfolio_board_clear(&pf->m[i]);
	free(pf->m);
	pf->m = NULL;
	pf->nm = 0;
}

static void
free_reported(struct portfolio *pf)
{
	for (size_t i = 0; i < pf->nrep; i++)
		tv_reported_board_clear(&pf->rep[i]);
	free(pf->rep);
	pf->rep = NULL;
	pf->nrep = 0;
}

static void
load_reported(struct portfolio *pf, struct app *app)
{
	free_reported(pf);
	struct tv_reported_board *v = NULL;
	size_t n = 0;
	/* With an area filter, the report's own figures of that area. */
	enum tv_status st = tv_store_reported_boards_area(app->store, pf->filter.area >= 0 ?
		tv_area_key((enum tv_area)pf->filter.area) : NULL, &v, &n);
	if (st != TV_OK) {
		app_store_error(app, st);
		return;
	}
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (pf->filter.sector >= 0 && v[i].sector != pf->filter.sector)
			tv_reported_board_clear(&v[i]);
		else
			v[k++] = v[i];
	}
	pf->rep = v;
	pf->nrep = k;
}

static void
load(struct portfolio *pf, struct app *app)
{
	pf->filter.today = app->today;
	struct tv_portfolio *p = NULL;
	enum tv_status st = tv_store_portfolio(app->store, &pf->filter, &p);
	if (st != TV_OK) {
		app_store_error(app, st);
		return;
	}
	tv_portfolio_free(pf->p);
	pf->p = p;
	free_matrix(pf);
	if (pf->matrix) {
		st = tv_store_portfolio_matrix(app->store, &pf->filter, pf->order, &pf->m, &pf->nm);
		if (st != TV_OK)
			app_store_error(app, st);
	}
	load_reported(pf, app);
	size_t nrows = pf->matrix ? pf->nm + pf->nrep : pf->p->nrows;
	if (pf->row >= nrows)
		pf->row = nrows ? nrows - 1 : 0;
	const struct tv_portfolio_row *r = !pf->matrix && pf->p->nrows ? &pf->p->rows[pf->row] :
		NULL;
	if (!r || pf->item >= r->nauthorities) {
		pf->item = 0;
		if (!r || !r->nauthorities)
			pf->in_list = false;
	}
}

static char *
filter_note(const struct portfolio *pf)
{
	const struct tv_portfolio_filter *f = &pf->filter;
	char rep[64] = "";
	if (pf->nrep)
		snprintf(rep, sizeof rep, _(" \u00b7 %zu reported"), pf->nrep);
	return tv_xasprintf(_("portfolio: %lld boards%s%s%s%s%s"), pf->p ? (long long)pf->p->boards : 0LL,
		rep, f->sector >= 0 ? " \u00b7 " : "",
		f->sector >= 0 ? tv_sector_name((enum tv_sector)f->sector, tv_i18n_names_danish()) : "",
		f->area >= 0 ? " \u00b7 " : "",
		f->area >= 0 ? tv_area_key((enum tv_area)f->area) : "");
}

/* Right-aligned number in a cell of `w` columns. */
static void
put_num(WINDOW *win, int y, int x, int w, long long n, attr_t a)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%*lld", w - 1, n);
	ui_put_text(win, y, x, w, buf, a);
}

/* Mode 1's column widths: number and area tag, title, one count per status (or
 * phase), then overdue, (blocked: in status mode it is already a column), median. */
struct pkg_cols {
	size_t ncount;
	int cw;        /* count column width */
	int tail;
	int left;
	int wtitle;
};

static struct pkg_cols
package_columns(const struct portfolio *pf, int cols)
{
	const struct tv_portfolio *p = pf->p;
	struct pkg_cols c;
	c.ncount = pf->by_phase ? p->nphases + 1 : TV_PSTATUS_COUNT;
	c.cw = pf->by_phase ? 9 : 8;
	c.tail = pf->by_phase ? 8 + 8 + 8 : 8 + 8;
	c.left = 3 + 4;
	c.wtitle = cols - c.left - (int)c.ncount * c.cw - c.tail - 1;
	if (c.wtitle < 10) {
		c.cw = 6;
		c.wtitle = cols - c.left - (int)c.ncount * c.cw - c.tail - 1;
	}
	if (c.wtitle < 4)
		c.wtitle = 4;
	if (c.wtitle > 56)
		c.wtitle = 56;   /* on wide screens the numbers stay next to the titles */
	return c;
}

static void
draw_package_head(const struct portfolio *pf, WINDOW *w, const struct pkg_cols *c)
{
	const struct tv_portfolio *p = pf->p;
	attr_t head = style_attr(ST_HEADING);
	ui_fill_line(w, 0, 0, getmaxx(w), head);
	ui_put_text(w, 0, 0, 3, " # ", head);
	ui_put_text(w, 0, c->left, c->wtitle, _("Package"), head);
	int x = c->left + c->wtitle + 1;
	for (size_t k = 0; k < c->ncount; k++, x += c->cw) {
		const char *name = pf->by_phase ? (k < p->nphases ? p->phases[k] : _("none")) :
			tv_pstatus_name((enum tv_pstatus)k, tv_i18n_danish());
		char *cut = tv_text_ellipsize(name, c->cw - 1);
		int tw = tv_text_width(cut);
		ui_put_text(w, 0, x + c->cw - 1 - tw, tw, cut, head);
		free(cut);
	}
	ui_put_text(w, 0, x, 8, _(" Overdue"), head);
	if (pf->by_phase)
		ui_put_text(w, 0, x + 8, 8, _(" Blocked"), head);
	ui_put_text(w, 0, x + c->tail - 8, 8, _("  Median"), head);
}

static void
draw_package_row(const struct portfolio *pf, WINDOW *w, const struct pkg_cols *c, size_t i)
{
	const struct tv_portfolio_row *r = &pf->p->rows[i];
	int y = (int)i + 1;
	bool sel = i == pf->row;
	attr_t base = sel ? style_attr(pf->in_list ? ST_FOCUS : ST_SELECTED) :
		style_attr(ST_NORMAL);
	if (sel)
		ui_fill_line(w, y, 0, getmaxx(w), base);
	char num[8];
	snprintf(num, sizeof num, "%2d", r->number);
	ui_put_text(w, y, 0, 3, num, base);
	char tag[8];
	snprintf(tag, sizeof tag, "[%c]", tv_area_tag(r->area));
	ui_put_text(w, y, 3, 3, tag, sel ? base : style_attr(area_bar_style(r->area)));
	ui_put_text(w, y, c->left, c->wtitle, r->title, sel ? base :
		style_attr(area_bar_style(r->area)));
	int x = c->left + c->wtitle + 1;
	for (size_t k = 0; k < c->ncount; k++, x += c->cw) {
		long long n = pf->by_phase ? r->by_phase[k] : r->by_status[k];
		attr_t a = base;
		if (!sel && n && !pf->by_phase && k == TV_BLOCKED)
			a = style_attr(ST_OVERDUE);
		else if (!sel && !n)
			a = style_attr(ST_DONE);
		put_num(w, y, x, c->cw, n, a);
	}
	put_num(w, y, x, 8, r->overdue, !sel && r->overdue ? style_attr(ST_OVERDUE) : base);
	if (pf->by_phase)
		put_num(w, y, x + 8, 8, r->blocked, !sel && r->blocked ?
			style_attr(ST_OVERDUE) : base);
	char med[32];
	if (r->overdue)
		tv_portfolio_median_format(r->median_days_late, "d", med, sizeof med);
	else
		snprintf(med, sizeof med, "-");
	char cell[40];
	snprintf(cell, sizeof cell, "%7s", med);
	ui_put_text(w, y, x + c->tail - 8, 8, cell, base);
}

static void
draw_authority(const struct portfolio *pf, WINDOW *w, int y, size_t j)
{
	const struct tv_portfolio_row *r = &pf->p->rows[pf->row];
	const struct tv_portfolio_authority *a = &r->authorities[j];
	int cols = getmaxx(w);
	int wb = (cols - 24) / 2, wa = cols - 24 - wb;
	bool sel = pf->in_list && j == pf->item;
	attr_t base = sel ? style_attr(ST_SELECTED) : style_attr(ST_NORMAL);
	if (sel)
		ui_fill_line(w, y, 0, cols, base);
	ui_put_text(w, y, 2, wb - 1, a->board, base);
	ui_put_text(w, y, 2 + wb, wa - 1, a->authority ? a->authority : "", base);
	ui_put_text(w, y, 2 + wb + wa, 9, tv_pstatus_name(a->status, tv_i18n_danish()),
		!sel && a->status == TV_BLOCKED ? style_attr(ST_OVERDUE) : base);
	char late[32];
	if (a->days_late > 0)
		snprintf(late, sizeof late, _("%6dd late"), (int)a->days_late);
	else
		snprintf(late, sizeof late, "%11s", "");
	ui_put_text(w, y, 2 + wb + wa + 9, 12, late,
		!sel && a->days_late > 0 ? style_attr(ST_OVERDUE) : base);
}

/* The authorities concerned with the selected package, from line y0 down. */
static void
draw_authorities(struct portfolio *pf, WINDOW *w, int y0)
{
	int rows = getmaxy(w), cols = getmaxx(w);
	const struct tv_portfolio_row *r = &pf->p->rows[pf->row];
	char *h = tv_xasprintf(_("%d %s: %lld overdue, %lld blocked%s"), r->number, r->title,
		(long long)r->overdue, (long long)r->blocked,
		r->nauthorities ? _(" \u2014 Tab: choose, Enter: open") : "");
	attr_t head = style_attr(ST_HEADING);
	ui_fill_line(w, y0, 0, cols, head);
	ui_put_text(w, y0, 1, cols - 2, h, head);
	free(h);
	int list = rows - y0 - 1;
	if (list <= 0)
		return;
	if ((int)pf->item < pf->list_top)
		pf->list_top = (int)pf->item;
	if ((int)pf->item >= pf->list_top + list)
		pf->list_top = (int)pf->item - list + 1;
	if (pf->list_top < 0 || pf->list_top >= (int)(r->nauthorities ? r->nauthorities : 1))
		pf->list_top = 0;
	for (int k = 0; k < list && pf->list_top + k < (int)r->nauthorities; k++)
		draw_authority(pf, w, y0 + 1 + k, (size_t)(pf->list_top + k));
	if (!r->nauthorities && y0 + 1 < rows)
		ui_put_text(w, y0 + 1, 2, cols - 3, _("Nobody is overdue or blocked on this package."),
			style_attr(ST_HINT));
}

/* Mode 1: packages x statuses (or phases), the authorities of the selected below. */
static void
draw_packages(struct portfolio *pf, struct app *app, WINDOW *w)
{
	(void)app;
	int rows = getmaxy(w);
	const struct tv_portfolio *p = pf->p;
	struct pkg_cols c = package_columns(pf, getmaxx(w));
	draw_package_head(pf, w, &c);
	for (size_t i = 0; i < p->nrows && (int)i + 1 < rows; i++)
		draw_package_row(pf, w, &c, i);
	if (!p->nrows) {
		ui_put_text(w, 2, 2, getmaxx(w) - 3, _("No template packages on the boards shown "
			"(f changes the filter)"), style_attr(ST_HINT));
		return;
	}
	int y0 = (int)p->nrows + 2;
	if (y0 < rows)
		draw_authorities(pf, w, y0);
}

static enum style
glyph_style(char g)
{
	switch (g) {
	case TV_GLYPH_LATE:
	case TV_GLYPH_BLOCKED:
		return ST_OVERDUE;
	case TV_GLYPH_DONE:
		return ST_DONE;
	default:
		return ST_NORMAL;
	}
}

/* The matrix's columns: name, authority, the grid of package cells, minimum, late. */
struct matrix_cols {
	int wname, wauth, gx, grid, tmin, tail;
};

/* A reported board's line: its name marked "(reported)"; the report's cells where a
 * local board has its, with the report's age (flagged stale past the setting) after the
 * name; a report without cells (an older tavle's) has its age where the cells would
 * be. Then the report's minimum requirements met and days late. */
static void
draw_reported(struct portfolio *pf, struct app *app, WINDOW *w, int y,
	const struct matrix_cols *mc, const struct tv_reported_board *r, bool sel)
{
	int cols = getmaxx(w);
	attr_t base = sel ? style_attr(ST_SELECTED) : style_attr(ST_NORMAL);
	attr_t dim = sel ? base : style_attr(ST_HINT);
	attr_t flag_attr = sel ? base | A_BOLD : style_attr(ST_OVERDUE) | A_BOLD;
	if (sel)
		ui_fill_line(w, y, 0, cols, base);
	const char *name = r->board && *r->board ? r->board : r->cvr;
	if (mc->wauth)
		ui_put_text(w, y, 1 + mc->wname, mc->wauth - 1, r->authority ? r->authority : "",
			base);
	int32_t age = tv_reported_age(r, app->today);
	bool stale = tv_reported_stale(r, app->today, stale_days);
	const char *flag = stale ? _("STALE") : "";
	int fw = stale ? tv_text_width(flag) + 1 : 0;
	if (r->cells) {
		/* The longest of three forms that fits: "(reported, 20d old)", "(reported,
		 * 20d)", "(20d)"; the last one clipped when nothing fits. */
		int room = mc->wname - 1 - fw;
		char *shown = NULL;
		for (int form = 0; form < 3; form++) {
			char agebuf[64];
			if (age == 0)
				snprintf(agebuf, sizeof agebuf, "%s", _("today"));
			else
				snprintf(agebuf, sizeof agebuf, form == 0 ? _("%dd old") : _("%dd"),
					(int)age);
			free(shown);
			shown = form < 2 ? tv_xasprintf(_("%s (reported, %s)"), name, agebuf) :
				tv_xasprintf("%s (%s)", name, agebuf);
			if (tv_text_width(shown) <= room)
				break;
		}
		int sw = tv_text_width(shown);
		ui_put_text(w, y, 1, room, shown, base);
		if (stale)
			ui_put_text(w, y, 2 + (sw < room ? sw : room), fw - 1, flag, flag_attr);
		free(shown);
		int cell = mc->grid / TV_PORTFOLIO_NUMBERS;
		for (int n = 0; n < TV_PORTFOLIO_NUMBERS; n++) {
			char g[8];
			snprintf(g, sizeof g, "%*c", cell, r->glyph[n]);
			attr_t a = style_attr(glyph_style(r->glyph[n]));
			if (sel && n == pf->col)
				a = style_attr(ST_FOCUS) | A_BOLD;
			else if (sel)
				a = base;
			ui_put_text(w, y, mc->gx + n * cell, cell, g, a);
		}
	} else {
		char *shown = tv_xasprintf(_("%s (reported)"), name);
		ui_put_text(w, y, 1, mc->wname - 1, shown, base);
		free(shown);
		/* The age where the cells are, STALE after it: the long words when they fit. */
		char agebuf[64];
		for (int longer = 1; longer >= 0; longer--) {
			if (age == 0)
				snprintf(agebuf, sizeof agebuf, "%s", longer ? _("report of today") :
					_("today"));
			else
				snprintf(agebuf, sizeof agebuf, longer ? _("report %dd old") :
					_("%dd old"), (int)age);
			if (tv_text_width(agebuf) + fw <= mc->grid - 1)
				break;
		}
		int aw = tv_text_width(agebuf);
		ui_put_text(w, y, mc->gx + 1, mc->grid - 1, agebuf, dim);
		if (stale && aw + fw <= mc->grid - 1)
			ui_put_text(w, y, mc->gx + 2 + aw, fw - 1, flag, flag_attr);
	}
	char min[32], late[32];
	snprintf(min, sizeof min, "%d/%d", r->minimum_done, r->minimum_total);
	ui_put_text(w, y, mc->gx + mc->grid + 1, mc->tmin, r->minimum_total ? min : "-",
		!sel && r->minimum_total && r->minimum_done == r->minimum_total ?
		style_attr(ST_DONE) : base);
	snprintf(late, sizeof late, "%9lld", (long long)r->days_late);
	ui_put_text(w, y, mc->gx + mc->grid + 1 + mc->tmin, mc->tail, late,
		!sel && r->days_late ? style_attr(ST_OVERDUE) : base);
}

static void
draw_matrix(struct portfolio *pf, struct app *app, WINDOW *w)
{
	int rows = getmaxy(w), cols = getmaxx(w);
	const struct tv_portfolio *p = pf->p;
	int cell = cols >= 100 ? 3 : 2;
	int grid = TV_PORTFOLIO_NUMBERS * cell;
	int tail = 10;                      /* "late" sum */
	int tmin = 8;                       /* minimum requirements met: " 12/28" */
	int wname = cols - 1 - grid - tmin - tail - 2;
	int wauth = 0;
	if (wname > 44) {
		wauth = wname / 2;
		wname -= wauth;
		if (wname > 52)
			wname = 52;
		if (wauth > 36)
			wauth = 36;
	}
	attr_t head = style_attr(ST_HEADING);
	ui_fill_line(w, 0, 0, cols, head);
	ui_put_text(w, 0, 1, wname - 1, pf->order == TV_PORTFOLIO_BY_LATENESS ?
		_("Authority (by lateness)") : _("Authority (by name)"), head);
	if (wauth)
		ui_put_text(w, 0, 1 + wname, wauth - 1, "", head);
	int gx = 1 + wname + wauth;
	for (int n = 0; n < TV_PORTFOLIO_NUMBERS; n++) {
		const struct tv_portfolio_row *r = tv_portfolio_row(p, n);
		char num[8];
		snprintf(num, sizeof num, "%*d", cell, n);
		/* The area colour on the number; the tag row below says it in monochrome. */
		ui_put_text(w, 0, gx + n * cell, cell, num, r ? style_attr(area_head_style(r->area)) :
			head);
	}
	ui_put_text(w, 0, gx + grid + 1, tmin, _("Minimum"), head);
	ui_put_text(w, 0, gx + grid + 1 + tmin, tail, _(" Days late"), head);
	/* Second header row: area tags. */
	ui_put_text(w, 1, 1, wname - 1, _("area:"), style_attr(ST_HINT));
	for (int n = 0; n < TV_PORTFOLIO_NUMBERS; n++) {
		const struct tv_portfolio_row *r = tv_portfolio_row(p, n);
		char tag[8];
		snprintf(tag, sizeof tag, "%*c", cell, r ? tv_area_tag(r->area) : ' ');
		ui_put_text(w, 1, gx + n * cell, cell, tag, r ? style_attr(area_bar_style(r->area)) :
			style_attr(ST_HINT));
	}
	int list = rows - 2;
	if ((int)pf->row < pf->top)
		pf->top = (int)pf->row;
	if ((int)pf->row >= pf->top + list)
		pf->top = (int)pf->row - list + 1;
	if (pf->top < 0)
		pf->top = 0;
	struct matrix_cols mc = { wname, wauth, gx, grid, tmin, tail };
	for (int k = 0; k < list && pf->top + k < (int)(pf->nm + pf->nrep); k++) {
		size_t i = (size_t)(pf->top + k);
		int y = 2 + k;
		bool sel = i == pf->row;
		if (i >= pf->nm) {
			draw_reported(pf, app, w, y, &mc, &pf->rep[i - pf->nm], sel);
			continue;
		}
		const struct tv_portfolio_board *b = &pf->m[i];
		attr_t base = sel ? style_attr(ST_SELECTED) : style_attr(ST_NORMAL);
		if (sel)
			ui_fill_line(w, y, 0, cols, base);
		ui_put_text(w, y, 1, wname - 1, b->board, base);
		if (wauth)
			ui_put_text(w, y, 1 + wname, wauth - 1, b->authority ? b->authority : "", base);
		for (int n = 0; n < TV_PORTFOLIO_NUMBERS; n++) {
			char g[8];
			snprintf(g, sizeof g, "%*c", cell, b->glyph[n]);
			attr_t a = style_attr(glyph_style(b->glyph[n]));
			if (sel && n == pf->col)
				a = style_attr(ST_FOCUS) | A_BOLD;
			else if (sel)
				a = base;
			ui_put_text(w, y, gx + n * cell, cell, g, a);
		}
		char min[32], late[32];
		snprintf(min, sizeof min, "%d/%d", b->min_done, b->min_total);
		ui_put_text(w, y, gx + grid + 1, tmin, b->min_total ? min : "-",
			!sel && b->min_total && b->min_done == b->min_total ? style_attr(ST_DONE) : base);
		snprintf(late, sizeof late, "%9lld", (long long)b->late_sum);
		ui_put_text(w, y, gx + grid + 1 + tmin, tail, late,
			!sel && b->late_sum ? style_attr(ST_OVERDUE) : base);
	}
	if (!pf->nm && !pf->nrep)
		ui_put_text(w, 3, 2, cols - 3, _("No boards shown (f changes the filter)"),
			style_attr(ST_HINT));
}

static void
pf_draw(struct view *v, struct app *app)
{
	struct portfolio *pf = v->priv;
	char *note = filter_note(pf);
	view_draw_begin(v, app, note);
	free(note);
	if (pf->p) {
		if (pf->matrix)
			draw_matrix(pf, app, v->win);
		else
			draw_packages(pf, app, v->win);
	}
	wnoutrefresh(v->win);
}

/* f: sector, then area. */
static bool
choose_filter(struct portfolio *pf, struct app *app)
{
	const char *sectors[TV_SECTOR_COUNT + 1] = { _("All sectors") };
	for (int i = 0; i < TV_SECTOR_COUNT; i++)
		sectors[i + 1] = tv_sector_name((enum tv_sector)i, tv_i18n_names_danish());
	int s = ui_menu_choose(app, "Sector", sectors, TV_SECTOR_COUNT + 1, pf->filter.sector + 1);
	if (s < 0)
		return false;
	char *areas_buf[TV_AREA_COUNT];
	const char *areas[TV_AREA_COUNT + 1] = { _("All areas") };
	for (int i = 0; i < TV_AREA_COUNT; i++) {
		areas_buf[i] = tv_xasprintf("[%c] %s", tv_area_tag((enum tv_area)i),
			tv_area_name((enum tv_area)i, tv_i18n_names_danish()));
		areas[i + 1] = areas_buf[i];
	}
	int a = ui_menu_choose(app, "Area", areas, TV_AREA_COUNT + 1, pf->filter.area + 1);
	for (int i = 0; i < TV_AREA_COUNT; i++)
		free(areas_buf[i]);
	if (a < 0)
		return false;
	pf->filter.sector = s - 1;
	pf->filter.area = a - 1;
	return true;
}

/* Enter: the board of the selected authority, at the selected package. */
static unsigned
open_selected(struct portfolio *pf, struct app *app)
{
	int64_t board = 0;
	int number = -1;
	if (pf->matrix) {
		if (pf->row >= pf->nm + pf->nrep)
			return H_HANDLED;
		if (pf->row >= pf->nm) {
			const struct tv_reported_board *r = &pf->rep[pf->row - pf->nm];
			char day[64];
			show_date(tv_date_parse_stored(r->reported_at), 0, day, sizeof day);
			app_message(app, ST_HINT, "%s: a reported board (report of %s), read-only",
				r->authority && *r->authority ?
				r->authority : r->cvr, day);
			return H_HANDLED | H_REDRAW;
		}
		board = pf->m[pf->row].board_id;
		number = pf->col;
		if (pf->m[pf->row].glyph[number] == TV_GLYPH_NONE) {
			app_message(app, ST_HINT, "That board has no package %d", number);
			return H_HANDLED | H_REDRAW;
		}
	} else {
		if (!pf->p || pf->row >= pf->p->nrows)
			return H_HANDLED;
		const struct tv_portfolio_row *r = &pf->p->rows[pf->row];
		if (!pf->in_list) {
			if (!r->nauthorities) {
				app_message(app, ST_HINT, "Nobody is overdue or blocked on package %d",
					r->number);
				return H_HANDLED | H_REDRAW;
			}
			pf->in_list = true;
			pf->item = 0;
			return H_HANDLED | H_REDRAW;
		}
		board = r->authorities[pf->item].board_id;
		number = r->number;
	}
	/* Switching frees this view (and every view above the board): use locals only. */
	if (!app_switch_board(app, board))
		return H_HANDLED | H_RELOAD;
	int64_t pkg = 0;
	if (tv_store_package_find(app->store, board, number, &pkg) == TV_OK)
		app_push_view(app, detail_view_new(app, pkg));
	return H_HANDLED | H_RELOAD;
}

/* v: columns by status or by phase (back to the package list from the matrix). */
static void
toggle_columns(struct portfolio *pf, struct app *app)
{
	pf->by_phase = !pf->by_phase;
	if (pf->matrix) {
		pf->matrix = false;
		pf->row = 0;
	}
	/* Both through _(): xgettext takes only the first branch of a conditional format. */
	app_message(app, ST_HINT, "%s", pf->by_phase ? _("Columns: phases") :
		_("Columns: statuses"));
}

/* m: packages x statuses, or authorities x packages (the matrix). */
static void
toggle_mode(struct portfolio *pf, struct app *app)
{
	pf->matrix = !pf->matrix;
	pf->row = 0;
	pf->top = 0;
	pf->in_list = false;
	load(pf, app);
	app_message(app, ST_HINT, pf->matrix ?
		_(". todo  > doing  ! blocked  x done  L late   (S sorts, Enter opens)") :
		_("Packages by status (v: by phase, m: authorities x packages)"));
}

/* S: authorities by days late, or by name. */
static void
toggle_sort(struct portfolio *pf, struct app *app)
{
	pf->order = pf->order == TV_PORTFOLIO_BY_LATENESS ? TV_PORTFOLIO_BY_NAME :
		TV_PORTFOLIO_BY_LATENESS;
	if (pf->matrix) {
		/* The local boards only: reported ones follow them, by authority. */
		tv_portfolio_sort(pf->m, pf->nm, pf->order);
		pf->row = 0;
	}
	app_message(app, ST_HINT, pf->order == TV_PORTFOLIO_BY_LATENESS ?
		_("Sorted by days late") : _("Sorted by name"));
}

static unsigned
pf_handle(struct view *v, struct app *app, enum request req, int key)
{
	struct portfolio *pf = v->priv;
	(void)key;
	size_t nrows = pf->matrix ? pf->nm + pf->nrep : pf->p ? pf->p->nrows : 0;
	const struct tv_portfolio_row *r = !pf->matrix && pf->p && pf->row < pf->p->nrows ?
		&pf->p->rows[pf->row] : NULL;
	size_t nitems = r ? r->nauthorities : 0;
	size_t *cur = pf->in_list ? &pf->item : &pf->row;
	size_t ncur = pf->in_list ? nitems : nrows;
	int page = app->lines - 5;
	int moved = (int)*cur;
	if (nav_move(&moved, (int)ncur, req, page)) {
		*cur = (size_t)moved;
		return H_HANDLED | H_REDRAW;
	}
	switch (req) {
	case REQ_PF_PREV:
		if (pf->matrix && pf->col > 0)
			pf->col--;
		break;
	case REQ_PF_NEXT:
		if (pf->matrix && pf->col + 1 < TV_PORTFOLIO_NUMBERS)
			pf->col++;
		break;
	case REQ_PF_FOCUS:
		if (!pf->matrix && (pf->in_list || nitems)) {
			pf->in_list = !pf->in_list;
			pf->item = 0;
			pf->list_top = 0;
		}
		break;
	case REQ_PF_COLUMNS: toggle_columns(pf, app); break;
	case REQ_PF_MODE: toggle_mode(pf, app); break;
	case REQ_PF_SORT: toggle_sort(pf, app); break;
	case REQ_PF_FILTER:
		if (choose_filter(pf, app)) {
			pf->row = 0;
			pf->in_list = false;
			load(pf, app);
		}
		return H_HANDLED | H_LAYOUT;
	case REQ_PF_OPEN:
		return open_selected(pf, app);
	case REQ_VIEW_PORTFOLIO:
		return H_HANDLED | H_REDRAW;
	case REQ_CLOSE:
		if (pf->in_list) {
			pf->in_list = false;
			break;
		}
		return H_NONE;
	default:
		return H_NONE;
	}
	return H_HANDLED | H_REDRAW;
}

static bool
pf_reload(struct view *v, struct app *app)
{
	load(v->priv, app);
	return true;
}

static void
pf_free(struct view *v)
{
	struct portfolio *pf = v->priv;
	tv_portfolio_free(pf->p);
	free_matrix(pf);
	free_reported(pf);
}

const struct view_ops portfolio_view_ops = VIEW_OPS(pf, "portfolio", KM_PORTFOLIO, struct portfolio,
	N_("{portfolio-open}:open {portfolio-focus}:authorities "
	"{portfolio-mode}:matrix {portfolio-columns}:status/phase "
	"{portfolio-sort}:sort {portfolio-filter}:filter {view-close}:back"),
	.reload = pf_reload);

struct view *
portfolio_view_new(struct app *app)
{
	struct view *v = view_new(&portfolio_view_ops);
	struct portfolio *pf = v->priv;
	pf->filter = (struct tv_portfolio_filter){ -1, -1, app->today };
	pf->order = TV_PORTFOLIO_BY_LATENESS;
	load(pf, app);
	return v;
}
