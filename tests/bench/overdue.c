/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Times the portfolio aggregate of the benchmark: overdue packages per template package
 * number across every board (tv_store_overdue_by_number), as the central agency's
 * coordinator asks it. `overdue DB [RUNS] [YYYY-MM-DD]` prints the median and the
 * fastest time of RUNS calls on one read-only connection (the first call, which
 * prepares the statement, included) and the counts. Core library only.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "tavle/date.h"
#include "tavle/status.h"
#include "tavle/store.h"

#define NUMBERS 20

static double
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
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
	struct tv_diag diag = { 0 };
	int32_t today = tv_date_today(time(NULL));
	if (argc > 3 && tv_date_parse_iso(argv[3], &today, &diag) != TV_OK) {
		fprintf(stderr, "overdue: %s\n", diag.msg);
		return 2;
	}
	struct tv_store *s = NULL;
	double t0 = now_ms();
	if (tv_store_open(argv[1], TV_STORE_READONLY, &s, &diag) != TV_OK) {
		fprintf(stderr, "overdue: %s\n", diag.msg);
		return 1;
	}
	double open_ms = now_ms() - t0;
	double *ms = calloc((size_t)runs, sizeof *ms);
	int64_t counts[NUMBERS];
	for (int i = 0; i < runs; i++) {
		double a = now_ms();
		enum tv_status st = tv_store_overdue_by_number(s, today, counts, NUMBERS);
		ms[i] = now_ms() - a;
		if (st != TV_OK) {
			fprintf(stderr, "overdue: %s\n", tv_store_errmsg(s));
			return 1;
		}
	}
	double first = ms[0];
	qsort(ms, (size_t)runs, sizeof *ms, cmp_double);
	int64_t total = 0;
	for (int n = 0; n < NUMBERS; n++)
		total += counts[n];
	char day[TV_DATE_BUF];
	tv_date_format(today, day);
	printf("today %s open_ms %.2f first_ms %.2f median_ms %.2f min_ms %.2f total %lld\n",
		day, open_ms, first, ms[runs / 2], ms[0], (long long)total);
	printf("counts");
	for (int n = 0; n < NUMBERS; n++)
		printf(" %d:%lld", n, (long long)counts[n]);
	printf("\n");
	free(ms);
	tv_store_close(s);
	return 0;
}
