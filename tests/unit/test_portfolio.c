/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Unit tests of the portfolio (include/tavle/portfolio.h) on an in-memory store: a
 * handful of boards with known statuses and deadlines give exact counts per package
 * number, medians of days late, the authorities concerned in order, the sector and
 * area filters, phases, the authorities x packages matrix with its glyphs and
 * lateness order, the board summaries, and query plans without a scan of packages.
 * Links only the core library.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tavle/date.h"
#include "tavle/portfolio.h"
#include "tavle/store.h"

/* 2027-03-01 12:00:00 UTC */
#define NOW ((time_t)1803902400)

#define OK(store, call)                                                              \
	do {                                                                         \
		enum tv_status st_ = (call);                                         \
		if (st_ != TV_OK)                                                    \
			fail_msg("%s -> %s: %s", #call, tv_status_message(st_),      \
				tv_store_errmsg(store));                             \
		assert_true(tv_store_idle(store));                                   \
	} while (0)

#define NO_LATE 9999  /* a package without deadline */

/* One package of a test board: status and days from today to the deadline
 * (negative = late), or NO_LATE for none. */
struct spec {
	enum tv_pstatus status;
	int due;
};

struct fx {
	struct tv_store *s;
	int32_t today;
	int64_t a, b, c, d, e;
	int64_t phase_a;
};

static const char *const titles[] = { "Projektorganisering", "Kommunikationsplan",
	"Dataoverblik" };
static const enum tv_area areas[] = { TV_AREA_ORG, TV_AREA_KOM, TV_AREA_DATA };

static int64_t
add_board(struct fx *f, const char *name, enum tv_sector sector, const struct spec *sp,
	bool archived)
{
	struct tv_board b = { 0 };
	b.name = (char *)name;
	b.authority = (char *)name;
	b.sector = sector;
	b.start = f->today - 100;
	b.archived = archived;
	OK(f->s, tv_store_board_add(f->s, &b));
	for (int i = 0; i < 3; i++) {
		struct tv_package p = { 0 };
		p.board_id = b.id;
		p.number = i;
		p.title = (char *)titles[i];
		p.area = areas[i];
		p.status = sp[i].status;
		p.deadline.day = sp[i].due == NO_LATE ? TV_NO_DAY : f->today + sp[i].due;
		p.deadline.minute = TV_NO_TIME;
		OK(f->s, tv_store_package_add(f->s, &p));
		free(p.uid);
		free(p.updated_at);
		free(p.updated_by);
	}
	/* A package past the template's numbers is never counted. */
	struct tv_package extra = { 0 };
	extra.board_id = b.id;
	extra.number = 12;
	extra.title = (char *)"Eget";
	extra.area = TV_AREA_UDD;
	extra.status = TV_TODO;
	extra.deadline = (struct tv_when){ f->today - 50, TV_NO_TIME };
	OK(f->s, tv_store_package_add(f->s, &extra));
	free(extra.uid);
	free(extra.updated_at);
	free(extra.updated_by);
	free(b.created_at);
	return b.id;
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct tv_diag d;
	assert_int_equal(tv_store_open(":memory:", TV_STORE_CREATE, &f->s, &d), TV_OK);
	tv_store_set_now(f->s, NOW);
	f->today = tv_date_today(NOW);
	/* Package 0: late 10, 4, 1, 6 (and 100 on the archived board).
	 * Package 1: B blocked and 2 days late; A done though past its deadline.
	 * Package 2: A blocked, not late. */
	const struct spec a[] = { { TV_TODO, -10 }, { TV_DONE, -5 }, { TV_BLOCKED, 5 } };
	const struct spec b[] = { { TV_DOING, -4 }, { TV_BLOCKED, -2 }, { TV_TODO, NO_LATE } };
	const struct spec c[] = { { TV_TODO, -1 }, { TV_TODO, 1 }, { TV_DONE, -3 } };
	const struct spec d4[] = { { TV_TODO, -100 }, { TV_TODO, -100 }, { TV_TODO, -100 } };
	const struct spec e[] = { { TV_DOING, -6 }, { TV_DONE, 0 }, { TV_TODO, 0 } };
	f->a = add_board(f, "Aabenraa", TV_SECTOR_MUNICIPALITY, a, false);
	f->b = add_board(f, "Region Midt", TV_SECTOR_REGION, b, false);
	f->c = add_board(f, "Skat", TV_SECTOR_STATE, c, false);
	f->d = add_board(f, "Arkiveret", TV_SECTOR_MUNICIPALITY, d4, true);
	f->e = add_board(f, "Esbjerg", TV_SECTOR_MUNICIPALITY, e, false);
	/* Board A's package 0 is in a phase. */
	struct tv_phase ph = { 0 };
	ph.board_id = f->a;
	ph.name = (char *)"Forberedelse";
	ph.start = f->today - 30;
	ph.end = f->today + 30;
	ph.not_before = TV_NO_DAY;
	OK(f->s, tv_store_phase_add(f->s, &ph));
	free(ph.uid);
	free(ph.updated_at);
	f->phase_a = ph.id;
	int64_t pkg;
	OK(f->s, tv_store_package_find(f->s, f->a, 0, &pkg));
	OK(f->s, tv_store_set(f->s, TV_KIND_PACKAGE, pkg, "phase", "Forberedelse", 0, NULL,
		NULL));
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	tv_store_close(f->s);
	free(f);
	return 0;
}

static void
test_counts_medians_lists(void **state)
{
	struct fx *f = *state;
	struct tv_portfolio_filter flt = { -1, -1, f->today };
	struct tv_portfolio *p = NULL;
	OK(f->s, tv_store_portfolio(f->s, &flt, &p));
	assert_int_equal(p->boards, 4);
	assert_int_equal(p->nrows, 3);   /* number 12 left out */

	const struct tv_portfolio_row *r = tv_portfolio_row(p, 0);
	assert_non_null(r);
	assert_string_equal(r->title, "Projektorganisering");
	assert_int_equal(r->area, TV_AREA_ORG);
	assert_int_equal(r->total, 4);
	assert_int_equal(r->by_status[TV_TODO], 2);
	assert_int_equal(r->by_status[TV_DOING], 2);
	assert_int_equal(r->by_status[TV_BLOCKED], 0);
	assert_int_equal(r->by_status[TV_DONE], 0);
	assert_int_equal(r->overdue, 4);
	assert_int_equal(r->blocked, 0);
	assert_true(r->median_days_late == 5.0);  /* 10 6 4 1 */
	assert_int_equal(r->nauthorities, 4);
	assert_int_equal(r->authorities[0].board_id, f->a);
	assert_int_equal(r->authorities[0].days_late, 10);
	assert_int_equal(r->authorities[1].board_id, f->e);
	assert_int_equal(r->authorities[1].days_late, 6);
	assert_string_equal(r->authorities[1].board, "Esbjerg");
	assert_int_equal(r->authorities[1].status, TV_DOING);
	assert_int_equal(r->authorities[2].board_id, f->b);
	assert_int_equal(r->authorities[2].sector, TV_SECTOR_REGION);
	assert_int_equal(r->authorities[3].board_id, f->c);
	assert_int_equal(r->authorities[3].days_late, 1);

	r = tv_portfolio_row(p, 1);
	assert_int_equal(r->overdue, 1);
	assert_int_equal(r->blocked, 1);
	assert_int_equal(r->by_status[TV_DONE], 2);
	assert_int_equal(r->by_status[TV_BLOCKED], 1);
	assert_int_equal(r->by_status[TV_TODO], 1);
	assert_true(r->median_days_late == 2.0);
	assert_int_equal(r->nauthorities, 1);
	assert_int_equal(r->authorities[0].board_id, f->b);
	assert_int_equal(r->authorities[0].status, TV_BLOCKED);
	assert_int_equal(r->authorities[0].days_late, 2);

	r = tv_portfolio_row(p, 2);
	assert_int_equal(r->area, TV_AREA_DATA);
	assert_int_equal(r->overdue, 0);   /* a deadline today is not late; done is never */
	assert_int_equal(r->blocked, 1);
	assert_true(r->median_days_late == 0.0);
	assert_int_equal(r->nauthorities, 1);
	assert_int_equal(r->authorities[0].board_id, f->a);
	assert_int_equal(r->authorities[0].days_late, 0);

	/* Phases: one named phase, then "none" last. */
	assert_int_equal(p->nphases, 1);
	assert_string_equal(p->phases[0], "Forberedelse");
	r = tv_portfolio_row(p, 0);
	assert_int_equal(r->by_phase[0], 1);
	assert_int_equal(r->by_phase[1], 3);
	assert_null(tv_portfolio_row(p, 7));
	tv_portfolio_free(p);
}

static void
test_filters(void **state)
{
	struct fx *f = *state;
	struct tv_portfolio_filter flt = { TV_SECTOR_MUNICIPALITY, -1, f->today };
	struct tv_portfolio *p = NULL;
	OK(f->s, tv_store_portfolio(f->s, &flt, &p));
	assert_int_equal(p->boards, 2);    /* Aabenraa, Esbjerg; the archived one never */
	const struct tv_portfolio_row *r = tv_portfolio_row(p, 0);
	assert_int_equal(r->total, 2);
	assert_int_equal(r->overdue, 2);
	assert_true(r->median_days_late == 8.0);
	assert_int_equal(r->nauthorities, 2);
	tv_portfolio_free(p);

	flt = (struct tv_portfolio_filter){ TV_SECTOR_STATE, -1, f->today };
	OK(f->s, tv_store_portfolio(f->s, &flt, &p));
	assert_int_equal(p->boards, 1);
	assert_int_equal(tv_portfolio_row(p, 0)->overdue, 1);
	assert_int_equal(tv_portfolio_row(p, 1)->overdue, 0);
	tv_portfolio_free(p);

	flt = (struct tv_portfolio_filter){ -1, TV_AREA_KOM, f->today };
	OK(f->s, tv_store_portfolio(f->s, &flt, &p));
	assert_int_equal(p->nrows, 1);
	assert_int_equal(p->rows[0].number, 1);
	assert_int_equal(p->rows[0].total, 4);
	tv_portfolio_free(p);

	/* Later: more late, and the deadline today of E's package 2 with it. */
	flt = (struct tv_portfolio_filter){ -1, -1, f->today + 1 };
	OK(f->s, tv_store_portfolio(f->s, &flt, &p));
	assert_int_equal(tv_portfolio_row(p, 2)->overdue, 1);
	assert_int_equal(tv_portfolio_row(p, 0)->authorities[0].days_late, 11);
	tv_portfolio_free(p);
}

static void
test_matrix(void **state)
{
	struct fx *f = *state;
	struct tv_portfolio_filter flt = { -1, -1, f->today };
	struct tv_portfolio_board *m = NULL;
	size_t n = 0;
	OK(f->s, tv_store_portfolio_matrix(f->s, &flt, TV_PORTFOLIO_BY_LATENESS, &m, &n));
	assert_int_equal(n, 4);
	/* A 10, B 4+2 with two overdue, E 6 with one, C 1. */
	assert_int_equal(m[0].board_id, f->a);
	assert_int_equal(m[0].late_sum, 10);
	assert_memory_equal(m[0].glyph, "Lx!", 3);
	assert_int_equal(m[1].board_id, f->b);
	assert_memory_equal(m[1].glyph, "L!.", 3);  /* blocked wins over late */
	assert_int_equal(m[1].overdue, 2);
	assert_int_equal(m[1].days_late[1], 2);
	assert_int_equal(m[2].board_id, f->e);
	assert_int_equal(m[3].board_id, f->c);
	assert_memory_equal(m[3].glyph, "L.x", 3);
	assert_int_equal(m[3].glyph[5], TV_GLYPH_NONE);
	assert_int_equal(m[3].done, 1);
	assert_int_equal(m[3].total, 3);
	tv_portfolio_sort(m, n, TV_PORTFOLIO_BY_NAME);
	assert_string_equal(m[0].board, "Aabenraa");
	assert_string_equal(m[1].board, "Esbjerg");
	assert_string_equal(m[3].board, "Skat");
	for (size_t i = 0; i < n; i++)
		tv_portfolio_board_clear(&m[i]);
	free(m);

	flt.sector = TV_SECTOR_REGION;
	OK(f->s, tv_store_portfolio_matrix(f->s, &flt, TV_PORTFOLIO_BY_NAME, &m, &n));
	assert_int_equal(n, 1);
	assert_string_equal(m[0].authority, "Region Midt");
	tv_portfolio_board_clear(&m[0]);
	free(m);
}

static void
test_summaries(void **state)
{
	struct fx *f = *state;
	struct tv_board_summary *v = NULL;
	size_t n = 0;
	OK(f->s, tv_store_board_summaries(f->s, false, f->today, &v, &n));
	assert_int_equal(n, 4);
	assert_string_equal(v[0].board.name, "Aabenraa");
	assert_int_equal(v[0].packages, 4);
	assert_int_equal(v[0].done, 1);
	assert_int_equal(v[0].overdue, 2);   /* package 0 and the extra one */
	for (size_t i = 0; i < n; i++)
		tv_board_clear(&v[i].board);
	free(v);
	OK(f->s, tv_store_board_summaries(f->s, true, f->today, &v, &n));
	assert_int_equal(n, 5);
	assert_string_equal(v[1].board.name, "Arkiveret");
	assert_true(v[1].board.archived);
	assert_int_equal(v[1].overdue, 4);
	for (size_t i = 0; i < n; i++)
		tv_board_clear(&v[i].board);
	free(v);
}

static void
test_plans(void **state)
{
	struct fx *f = *state;
	char *report = NULL;
	OK(f->s, tv_store_explain_hot_queries(f->s, &report));
	if (report)
		fail_msg("full scans:\n%s", report);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_counts_medians_lists, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_matrix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_summaries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plans, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
