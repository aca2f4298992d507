/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Times the portfolio (include/tavle/portfolio.h) on the benchmark database: the
 * per-package aggregate with the authorities concerned (tv_store_portfolio), the
 * authorities x packages matrix (tv_store_portfolio_matrix) and the board summaries
 * of `tavle boards` (tv_store_board_summaries). `portfolio DB [RUNS] [YYYY-MM-DD]`
 * prints the first, median and fastest time of each on one read-only connection.
 * Core library only.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "tavle/date.h"
#include "tavle/portfolio.h"
#include "tavle/status.h"
#include "tavle/store.h"

static double
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* CPU time next to wall time: the machine is shared, and wall time shows the load. */
static double
cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double cpu[1000];

static void
report(const char *what, double *ms, int runs)
{
	double first = ms[0];
	qsort(ms, (size_t)runs, sizeof *ms, cmp_double);
	qsort(cpu, (size_t)runs, sizeof *cpu, cmp_double);
	printf("%-10s first_ms %.2f median_ms %.2f min_ms %.2f median_cpu_ms %.2f\n", what,
		first, ms[runs / 2], ms[0], cpu[runs / 2]);
}

int
main(int argc, char **argv)
{
	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: %s DB [RUNS] [YYYY-MM-DD]\n", argv[0]);
		return 2;
	}
	int runs = argc > 2 ? atoi(argv[2]) : 5;
	if (runs < 1)
		runs = 1;
	if (runs > 1000)
		runs = 1000;
	struct tv_diag diag = { 0 };
	struct tv_portfolio_filter f = { -1, -1, tv_date_today(time(NULL)) };
	if (argc > 3 && tv_date_parse_iso(argv[3], &f.today, &diag) != TV_OK) {
		fprintf(stderr, "portfolio: %s\n", diag.msg);
		return 2;
	}
	struct tv_store *s = NULL;
	if (tv_store_open(argv[1], TV_STORE_READONLY, &s, &diag) != TV_OK) {
		fprintf(stderr, "portfolio: %s\n", diag.msg);
		return 1;
	}
	double *ms = calloc((size_t)runs, sizeof *ms);
	struct tv_portfolio *p = NULL;
	int64_t overdue = 0;
	size_t concerned = 0;
	for (int i = 0; i < runs; i++) {
		double a = now_ms(), c = cpu_ms();
		enum tv_status st = tv_store_portfolio(s, &f, &p);
		ms[i] = now_ms() - a;
		cpu[i] = cpu_ms() - c;
		if (st != TV_OK) {
			fprintf(stderr, "portfolio: %s\n", tv_store_errmsg(s));
			return 1;
		}
		overdue = 0;
		concerned = 0;
		for (size_t r = 0; r < p->nrows; r++) {
			overdue += p->rows[r].overdue;
			concerned += p->rows[r].nauthorities;
		}
		if (i + 1 < runs)
			tv_portfolio_free(p);
	}
	report("portfolio", ms, runs);
	printf("boards %lld rows %zu overdue %lld concerned %zu\n", (long long)p->boards,
		p->nrows, (long long)overdue, concerned);
	tv_portfolio_free(p);

	size_t nb = 0;
	for (int i = 0; i < runs; i++) {
		struct tv_portfolio_board *m = NULL;
		double a = now_ms(), c = cpu_ms();
		enum tv_status st = tv_store_portfolio_matrix(s, &f, TV_PORTFOLIO_BY_LATENESS,
			&m, &nb);
		ms[i] = now_ms() - a;
		cpu[i] = cpu_ms() - c;
		if (st != TV_OK) {
			fprintf(stderr, "portfolio: %s\n", tv_store_errmsg(s));
			return 1;
		}
		for (size_t j = 0; j < nb; j++)
			tv_portfolio_board_clear(&m[j]);
		free(m);
	}
	report("matrix", ms, runs);

	for (int i = 0; i < runs; i++) {
		struct tv_board_summary *b = NULL;
		double a = now_ms(), c = cpu_ms();
		enum tv_status st = tv_store_board_summaries(s, true, f.today, &b, &nb);
		ms[i] = now_ms() - a;
		cpu[i] = cpu_ms() - c;
		if (st != TV_OK) {
			fprintf(stderr, "portfolio: %s\n", tv_store_errmsg(s));
			return 1;
		}
		for (size_t j = 0; j < nb; j++)
			tv_board_clear(&b[j].board);
		free(b);
	}
	report("boards", ms, runs);
	printf("matrix/boards lines %zu\n", nb);
	free(ms);
	tv_store_close(s);
	return 0;
}
