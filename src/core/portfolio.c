/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The portfolio results (include/tavle/portfolio.h) apart from their SQL: freeing them,
 * finding the row of a package number and sorting the matrix by name or lateness. The
 * aggregates themselves are computed by the store (src/core/store/portfolio.c).
 * Must not depend on SQLite, curses or libical.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tavle/portfolio.h"

void
tv_portfolio_free(struct tv_portfolio *p)
{
	if (!p)
		return;
	tv_strv_free(p->phases, p->nphases);
	for (size_t i = 0; i < p->nrows; i++) {
		struct tv_portfolio_row *r = &p->rows[i];
		free(r->title);
		free(r->by_phase);
		for (size_t j = 0; j < r->nauthorities; j++) {
			free(r->authorities[j].board);
			free(r->authorities[j].authority);
		}
		free(r->authorities);
	}
	free(p->rows);
	free(p);
}

const struct tv_portfolio_row *
tv_portfolio_row(const struct tv_portfolio *p, int number)
{
	for (size_t i = 0; p && i < p->nrows; i++)
		if (p->rows[i].number == number)
			return &p->rows[i];
	return NULL;
}

void
tv_portfolio_median_format(double median, const char *unit, char *buf, size_t size)
{
	if (median == (double)(long long)median)
		snprintf(buf, size, "%lld%s", (long long)median, unit);
	else
		snprintf(buf, size, "%.1f%s", median, unit);
}

void
tv_portfolio_board_clear(struct tv_portfolio_board *b)
{
	if (!b)
		return;
	TV_CLEAR(b, &b->board, &b->authority, &b->cvr);
}

static int
pf_by_name(const void *a, const void *b)
{
	const struct tv_portfolio_board *x = a, *y = b;
	int c = strcmp(x->board ? x->board : "", y->board ? y->board : "");
	return c ? c : (x->board_id > y->board_id) - (x->board_id < y->board_id);
}

static int
pf_by_lateness(const void *a, const void *b)
{
	const struct tv_portfolio_board *x = a, *y = b;
	if (x->late_sum != y->late_sum)
		return x->late_sum > y->late_sum ? -1 : 1;
	if (x->overdue != y->overdue)
		return x->overdue > y->overdue ? -1 : 1;
	return pf_by_name(a, b);
}

void
tv_portfolio_sort(struct tv_portfolio_board *v, size_t n, enum tv_portfolio_order order)
{
	if (n > 1)
		qsort(v, n, sizeof *v, order == TV_PORTFOLIO_BY_LATENESS ? pf_by_lateness :
			pf_by_name);
}

