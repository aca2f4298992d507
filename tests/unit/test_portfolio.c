/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Unit tests of the portfolio (include/tavle/portfolio.h) on an in-memory store: a
 * handful of boards with known statuses and deadlines give exact counts per package
 * number, medians of days late, the authorities concerned in order, the sector and
 * area filters, phases, the authorities x packages matrix with its glyphs and
 * lateness order, the board summaries, and query plans without a scan of packages;
 * and reported boards (tavle/reported.h): status reports imported, the newest per CVR
 * kept, refusals leaving nothing, the figures and the age drawn from the report.
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
#include "tavle/reported.h"
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

/* A status report as `report status --json` writes it, cut to what the import reads. */
static char *
report(const char *cvr, const char *authority, const char *at, const char *overdue)
{
	return tv_xasprintf("{\"format\": 1, \"board\": {\"id\": 1, \"name\": \"B\", "
		"\"authority\": \"%s\", \"sector\": \"region\", \"contact\": null, "
		"\"cvr\": %s}, \"report_time\": \"%s\", \"today\": \"%.10s\", "
		"\"totals\": {\"packages_done\": 2, \"packages_total\": 10, "
		"\"minimum_done\": 3, \"minimum_total\": 28, \"overdue\": 4}, "
		"\"overdue\": [%s], \"blocked\": [{\"package\": 3}]}", authority, cvr, at, at,
		overdue);
}

static int32_t
day(int y, int m, int d)
{
	int32_t v = TV_NO_DAY;
	assert_true(tv_date_from_ymd(y, m, d, &v));
	return v;
}

static enum tv_status
import(struct fx *f, const char *text, enum tv_report_import_kind *kind)
{
	struct tv_report_import r;
	enum tv_status st = tv_store_report_import(f->s, text, strlen(text), "x.json", &r);
	if (st == TV_OK) {
		*kind = r.kind;
		tv_report_import_clear(&r);
	}
	return st;
}

static void
test_reported(void **state)
{
	struct fx *f = *state;
	const char *late = "{\"type\": \"package\", \"package\": 1, \"days_late\": 5}, "
		"{\"type\": \"task\", \"package\": 1, \"task\": \"1.2\", \"days_late\": 7}, "
		"{\"type\": \"package\", \"package\": 12, \"days_late\": 9}, "
		"{\"type\": \"package\", \"package\": 4, \"days_late\": 2}";
	enum tv_report_import_kind kind;
	struct tv_board_summary *bs = NULL;
	size_t nb = 0, nb0;
	OK(f->s, tv_store_board_summaries(f->s, true, f->today, &bs, &nb0));
	for (size_t i = 0; i < nb0; i++)
		tv_board_clear(&bs[i].board);
	free(bs);
	char *r1 = report("\"DK 29180008\"", "Aabenraa Kommune", "2027-02-10T09:00:00Z", late);
	OK(f->s, import(f, r1, &kind));
	assert_int_equal(kind, TV_REPORT_IMPORTED);
	OK(f->s, import(f, r1, &kind));
	assert_int_equal(kind, TV_REPORT_SAME);
	char *newer = report("29180008", "Aabenraa Kommune", "2027-02-20T09:00:00Z", "");
	OK(f->s, import(f, newer, &kind));
	assert_int_equal(kind, TV_REPORT_REPLACED);
	OK(f->s, import(f, r1, &kind));
	assert_int_equal(kind, TV_REPORT_OLDER);
	char *other = report("29180016", "Region Midtjylland", "2027-02-28T09:00:00Z", late);
	OK(f->s, import(f, other, &kind));
	/* Refused, each with its reason, nothing kept. */
	static const struct {
		const char *text, *why;
	} bad[] = {
		{ "{\"format\": 1, \"board\": {\"cvr\": \"291800", "not a complete JSON object" },
		{ "Status: alt vel", "not a complete JSON object" },
		{ "[1, 2]", "not a complete JSON object" },
		{ "{\"format\": 2}", "format 2 is not one" },
		{ "{\"board\": {}}", "no \"format\"" },
		{ "{\"format\": null}", "no \"format\"" },
		{ "{\"format\": 1, \"board\": {\"cvr\": null}}", "no CVR number" },
		{ "{\"format\": 1, \"board\": {\"cvr\": \"29180009\"}}", "modulus-11" },
		{ "{\"format\": 1, \"board\": {\"cvr\": [1]}}", "not written as text" },
		{ "{\"format\": 1, \"board\": {\"cvr\": \"29180024\"}, \"report_time\": "
			"\"yesterday\"}", "report_time" },
		{ "{\"format\": 1, \"board\": {\"cvr\": \"29180024\"}, \"report_time\": "
			"\"2027-02-01T00:00:00Z\", \"totals\": {}}", "\"totals\"" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(import(f, bad[i].text, &kind), TV_INVALID);
		if (!strstr(tv_store_errmsg(f->s), bad[i].why))
			fail_msg("%s: '%s' lacks '%s'", bad[i].text, tv_store_errmsg(f->s), bad[i].why);
	}
	struct tv_reported_board *v = NULL;
	size_t n = 0;
	OK(f->s, tv_store_reported_boards(f->s, &v, &n));
	assert_int_equal(n, 2);
	/* By authority; the newer report of Aabenraa, no overdue packages in it. */
	assert_string_equal(v[0].cvr, "29180008");
	assert_string_equal(v[0].reported_at, "2027-02-20T09:00:00Z");
	assert_int_equal(v[0].overdue, 0);
	assert_string_equal(v[1].authority, "Region Midtjylland");
	assert_int_equal(v[1].sector, TV_SECTOR_REGION);
	/* Overdue template packages (1 and 4; not the task, not package 12). */
	assert_int_equal(v[1].overdue, 2);
	assert_int_equal(v[1].days_late, 7);
	assert_int_equal(v[1].overdue_items, 4);
	assert_int_equal(v[1].blocked, 1);
	assert_int_equal(v[1].packages_done, 2);
	assert_int_equal(v[1].minimum_total, 28);
	assert_int_equal(v[1].report_day, day(2027, 2, 28));
	assert_string_equal(v[1].source, "x.json");
	/* Ages on 2027-03-01: 9 and 1 days; stale after 14 (not after 8). */
	assert_int_equal(tv_reported_age(&v[0], f->today), 9);
	assert_int_equal(tv_reported_age(&v[1], f->today), 1);
	assert_false(tv_reported_stale(&v[0], f->today, 14));
	assert_true(tv_reported_stale(&v[0], f->today, 8));
	assert_int_equal(tv_reported_age(&v[1], day(2027, 2, 1)), 0);
	for (size_t i = 0; i < n; i++)
		tv_reported_board_clear(&v[i]);
	free(v);
	/* Reported boards are not boards. */
	OK(f->s, tv_store_board_summaries(f->s, true, f->today, &bs, &nb));
	assert_int_equal(nb, nb0);
	for (size_t i = 0; i < nb; i++)
		tv_board_clear(&bs[i].board);
	free(bs);
	free(r1);
	free(newer);
	free(other);
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
		cmocka_unit_test_setup_teardown(test_reported, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
