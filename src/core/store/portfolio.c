/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The SQL of the portfolio (include/tavle/portfolio.h): the counts per template package
 * by status and phase, the authorities concerned, the authorities x packages matrix,
 * the board summaries and the overdue count by number, all aggregated in SQL with
 * index seeks per board. What needs no SQL is in src/core/portfolio.c.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "tavle/portfolio.h"
#include "store_int.h"

enum tv_status
tv_store_overdue_by_number(struct tv_store *store, int32_t today, int64_t counts[],
	size_t ncounts)
{
	for (size_t i = 0; i < ncounts; i++)
		counts[i] = 0;
	char day[TV_DATE_BUF];
	tv_date_format(today, day);
	sqlite3_stmt *st = store_prep(store, S_OVERDUE_BY_NUMBER);
	STORE_BIND(st, V_TEXT(day), V_INT(ncounts > INT_MAX ? INT_MAX : (sqlite3_int64)ncounts));
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t n = sqlite3_column_int64(st, 0);
		if (n >= 0 && (uint64_t)n < ncounts)
			counts[n] = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		for (size_t i = 0; i < ncounts; i++)
			counts[i] = 0;
		return store_db_fail(store, rc);
	}
	return TV_OK;
}

static void
pf_bind(sqlite3_stmt *st, const struct tv_portfolio_filter *f)
{
	char day[TV_DATE_BUF];
	tv_date_format(f->today, day);
	store_bind_text(st, 1, day);
	store_bind_text(st, 2, f->sector >= 0 && f->sector < TV_SECTOR_COUNT ?
		tv_sector_key((enum tv_sector)f->sector) : NULL);
	/* Binding an index the statement lacks gives SQLITE_RANGE, which is harmless. */
	store_bind_text(st, 3, f->area >= 0 && f->area < TV_AREA_COUNT ?
		tv_area_key((enum tv_area)f->area) : NULL);
}

/* One group of S_PF_COUNTS, kept until every row is read (phases are known only then). */
struct pf_group {
	int number;
	int area;
	char *title;
	int status;
	int phase;             /* index into the phase list, -1 for none */
	int64_t count, overdue;
};

struct pf_phase {
	char *name;
	int64_t pos;
};

static int
pf_phase_cmp(const void *a, const void *b)
{
	const struct pf_phase *x = a, *y = b;
	if (x->pos != y->pos)
		return x->pos < y->pos ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* What S_PF_COUNTS gives: the groups, and the phases they name (first seen order). */
struct pf_read {
	struct pf_group *g;
	size_t ng, capg;
	struct pf_phase *ph;
	size_t nph, capph;
};

/* The index of phase `name` in r->ph, added if new; a phase's position is the lowest
 * any board gives it. */
static int
pf_phase_index(struct pf_read *r, const char *name, int64_t pos)
{
	size_t k;
	for (k = 0; k < r->nph && strcmp(r->ph[k].name, name) != 0; k++)
		;
	if (k == r->nph) {
		if (r->nph == r->capph) {
			r->capph = r->capph ? 2 * r->capph : 16;
			r->ph = tv_xrealloc(r->ph, r->capph * sizeof *r->ph);
		}
		r->ph[r->nph++] = (struct pf_phase){ tv_xstrdup(name), pos };
	} else if (pos < r->ph[k].pos) {
		r->ph[k].pos = pos;
	}
	return (int)k;
}

static enum tv_status
pf_read_groups(struct tv_store *s, const struct tv_portfolio_filter *f, struct pf_read *r)
{
	sqlite3_stmt *st = store_prep(s, S_PF_COUNTS);
	pf_bind(st, f);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (r->ng == r->capg) {
			r->capg = r->capg ? 2 * r->capg : 64;
			r->g = tv_xrealloc(r->g, r->capg * sizeof *r->g);
		}
		struct pf_group *x = &r->g[r->ng++];
		STORE_READ(st, C_INT(&x->number), C_ENUM(&x->area, store_en_area, 0),
			C_TEXT(&x->title), C_ENUM(&x->status, store_en_pstatus, 0));
		x->count = sqlite3_column_int64(st, 6);
		x->overdue = sqlite3_column_int64(st, 7);
		const char *name = (const char *)sqlite3_column_text(st, 4);
		/* The index in first-seen order; pf_order_phases maps it after sorting. */
		x->phase = name ? pf_phase_index(r, name, sqlite3_column_int64(st, 5)) : -1;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? TV_OK : store_db_fail(s, rc);
}

/* The phases into p->phases in template order (their position, then name); returns
 * the map from first-seen index to that order (caller frees). Frees r->ph. */
static int *
pf_order_phases(struct pf_read *r, struct tv_portfolio *p)
{
	size_t nph = r->nph;
	int *map = tv_xcalloc(nph ? nph : 1, sizeof *map);
	char **names = tv_xcalloc(nph ? nph : 1, sizeof *names);
	for (size_t k = 0; k < nph; k++)
		names[k] = r->ph[k].name;
	if (nph) /* qsort's base must not be NULL, even for zero items */
		qsort(r->ph, nph, sizeof *r->ph, pf_phase_cmp);
	for (size_t k = 0; k < nph; k++)
		for (size_t j = 0; j < nph; j++)
			if (names[j] == r->ph[k].name)
				map[j] = (int)k;
	free(names);
	p->phases = tv_xcalloc(nph ? nph : 1, sizeof *p->phases);
	p->nphases = nph;
	for (size_t k = 0; k < nph; k++)
		p->phases[k] = r->ph[k].name;
	free(r->ph);
	r->ph = NULL;
	return map;
}

/* How many boards give package `n` the area and title of group x. */
static int64_t
pf_same_title(const struct pf_read *r, int n, const struct pf_group *x)
{
	int64_t same = 0;
	for (size_t j = 0; j < r->ng; j++)
		if (r->g[j].number == n && r->g[j].area == x->area &&
			strcmp(r->g[j].title ? r->g[j].title : "", x->title ? x->title : "") == 0)
			same += r->g[j].count;
	return same;
}

/* The row of package number n (false: no board has it); title and area are those
 * most boards give the number. */
static bool
pf_row(const struct pf_read *r, const int *map, int n, struct tv_portfolio_row *row)
{
	*row = (struct tv_portfolio_row){ .number = n };
	row->by_phase = tv_xcalloc(r->nph + 1, sizeof *row->by_phase);
	bool any = false;
	int64_t best = -1;
	for (size_t i = 0; i < r->ng; i++) {
		const struct pf_group *x = &r->g[i];
		if (x->number != n)
			continue;
		any = true;
		row->total += x->count;
		row->by_status[x->status] += x->count;
		row->by_phase[x->phase < 0 ? r->nph : (size_t)map[x->phase]] += x->count;
		row->overdue += x->overdue;
		if (x->status == TV_BLOCKED)
			row->blocked += x->count;
		int64_t same = pf_same_title(r, n, x);
		if (same > best || (same == best && row->title && x->title &&
				strcmp(x->title, row->title) < 0)) {
			best = same;
			free(row->title);
			row->title = tv_xstrdup(x->title ? x->title : "");
			row->area = (enum tv_area)x->area;
		}
	}
	if (!any)
		free(row->by_phase);
	return any;
}

static enum tv_status
pf_counts(struct tv_store *s, struct tv_portfolio *p, const struct tv_portfolio_filter *f)
{
	struct pf_read rd = { 0 };
	enum tv_status r = pf_read_groups(s, f, &rd);
	int *map = pf_order_phases(&rd, p);
	for (int n = 0; r == TV_OK && n < TV_PORTFOLIO_NUMBERS; n++) {
		struct tv_portfolio_row row;
		if (!pf_row(&rd, map, n, &row))
			continue;
		p->rows = tv_xrealloc(p->rows, (p->nrows + 1) * sizeof *p->rows);
		p->rows[p->nrows++] = row;
	}
	for (size_t i = 0; i < rd.ng; i++)
		free(rd.g[i].title);
	free(rd.g);
	free(map);
	return r;
}

static enum tv_status
pf_concerned(struct tv_store *s, struct tv_portfolio *p, const struct tv_portfolio_filter *f)
{
	sqlite3_stmt *st = store_prep(s, S_PF_CONCERNED);
	pf_bind(st, f);
	size_t cap = 0;
	struct tv_portfolio_row *row = NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int n = sqlite3_column_int(st, 0);
		if (!row || row->number != n) {
			row = (struct tv_portfolio_row *)tv_portfolio_row(p, n);
			cap = 0;
			if (!row)
				continue;   /* cannot happen: the counts saw the same rows */
		}
		if (row->nauthorities == cap) {
			cap = cap ? 2 * cap : 16;
			row->authorities = tv_xrealloc(row->authorities, cap * sizeof *row->authorities);
		}
		struct tv_portfolio_authority *a = &row->authorities[row->nauthorities++];
		a->board_id = sqlite3_column_int64(st, 1);
		a->board = store_col_text(st, 2);
		a->authority = store_col_text(st, 3);
		a->sector = (enum tv_sector)store_col_enum(st, 4, &store_en_sector, 0);
		a->package_id = sqlite3_column_int64(st, 5);
		a->status = (enum tv_pstatus)store_col_enum(st, 6, &store_en_pstatus, 0);
		a->days_late = (int32_t)sqlite3_column_int64(st, 7);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_db_fail(s, rc);
	/* Median over the overdue ones: they come first, most days late first. */
	for (size_t i = 0; i < p->nrows; i++) {
		struct tv_portfolio_row *r = &p->rows[i];
		size_t late = 0;
		while (late < r->nauthorities && r->authorities[late].days_late > 0)
			late++;
		if (late == 0)
			r->median_days_late = 0;
		else if (late % 2)
			r->median_days_late = r->authorities[late / 2].days_late;
		else
			r->median_days_late = (r->authorities[late / 2 - 1].days_late +
				(double)r->authorities[late / 2].days_late) / 2.0;
	}
	return TV_OK;
}

enum tv_status
tv_store_portfolio(struct tv_store *store, const struct tv_portfolio_filter *filter,
	struct tv_portfolio **out)
{
	struct tv_portfolio *p = tv_xcalloc(1, sizeof *p);
	p->filter = *filter;
	/* One read snapshot, so counts and lists agree while others write. */
	bool snap;
	enum tv_status r = store_read_begin(store, &snap);
	if (r == TV_OK) {
		sqlite3_stmt *st = store_prep(store, S_PF_BOARDS);
		pf_bind(st, filter);
		r = store_query_int(store, st, &p->boards);
	}
	if (r == TV_OK)
		r = pf_counts(store, p, filter);
	if (r == TV_OK)
		r = pf_concerned(store, p, filter);
	store_read_end(store, snap);
	if (r != TV_OK) {
		tv_portfolio_free(p);
		return r;
	}
	*out = p;
	return TV_OK;
}

enum tv_status
tv_store_portfolio_matrix(struct tv_store *store, const struct tv_portfolio_filter *filter,
	enum tv_portfolio_order order, struct tv_portfolio_board **out, size_t *out_count)
{
	sqlite3_stmt *st = store_prep(store, S_PF_MATRIX);
	pf_bind(st, filter);
	struct tv_portfolio_board *v = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (n == 0 || v[n - 1].board_id != id) {
			if (n == cap) {
				cap = cap ? 2 * cap : 64;
				v = tv_xrealloc(v, cap * sizeof *v);
			}
			struct tv_portfolio_board *b = &v[n++];
			memset(b, 0, sizeof *b);
			memset(b->glyph, TV_GLYPH_NONE, sizeof b->glyph);
			b->board_id = id;
			b->board = store_col_text(st, 1);
			b->authority = store_col_text(st, 2);
			b->sector = (enum tv_sector)store_col_enum(st, 3, &store_en_sector, 0);
			b->cvr = store_col_text(st, 9);
		}
		struct tv_portfolio_board *b = &v[n - 1];
		int num = sqlite3_column_int(st, 4);
		if (num < 0 || num >= TV_PORTFOLIO_NUMBERS)
			continue;
		enum tv_pstatus ps = (enum tv_pstatus)store_col_enum(st, 5, &store_en_pstatus, 0);
		int32_t late = (int32_t)sqlite3_column_int64(st, 6);
		static const char glyphs[TV_PSTATUS_COUNT] = { TV_GLYPH_TODO, TV_GLYPH_DOING,
			TV_GLYPH_BLOCKED, TV_GLYPH_DONE };
		b->glyph[num] = late > 0 && ps != TV_BLOCKED ? TV_GLYPH_LATE : glyphs[ps];
		b->days_late[num] = late;
		b->late_sum += late;
		b->overdue += late > 0;
		b->done += ps == TV_DONE;
		b->total++;
		b->min_total += sqlite3_column_int(st, 7);
		b->min_done += sqlite3_column_int(st, 8);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		for (size_t i = 0; i < n; i++)
			tv_portfolio_board_clear(&v[i]);
		free(v);
		return store_db_fail(store, rc);
	}
	tv_portfolio_sort(v, n, order);
	*out = v;
	*out_count = n;
	return TV_OK;
}

static void
clear_summary(struct tv_board_summary *b)
{
	tv_board_clear(&b->board);
}

static void
read_summary(sqlite3_stmt *st, struct tv_board_summary *b)
{
	store_read_board(st, &b->board);
	b->packages = sqlite3_column_int64(st, BOARD_SEL_COLS);
	b->done = sqlite3_column_int64(st, BOARD_SEL_COLS + 1);
	b->overdue = sqlite3_column_int64(st, BOARD_SEL_COLS + 2);
}

enum tv_status
tv_store_board_summaries(struct tv_store *store, bool with_archived, int32_t today,
	struct tv_board_summary **out, size_t *out_count)
{
	char day[TV_DATE_BUF];
	tv_date_format(today, day);
	sqlite3_stmt *st = store_prep(store, S_BOARD_SUMMARIES);
	STORE_BIND(st, V_INT(with_archived), V_TEXT(day));
	RETURN_COLLECTED(store, st, struct tv_board_summary, read_summary, clear_summary, out,
		out_count);
}
