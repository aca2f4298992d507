/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Unit tests of the planning computations (plan.c): phase warnings, phase progress and
 * the agenda, over hand-built board snapshots (no store needed).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tavle/date.h"
#include "tavle/plan.h"

static int32_t
D(const char *iso)
{
	int32_t day;
	assert_int_equal(tv_date_parse_iso(iso, &day, NULL), TV_OK);
	return day;
}

static struct tv_phase
phase(int64_t id, const char *name, const char *s, const char *e, const char *nb)
{
	struct tv_phase p = { 0 };
	p.id = id;
	p.name = (char *)name;
	p.start = D(s);
	p.end = D(e);
	p.not_before = nb ? D(nb) : TV_NO_DAY;
	p.not_before_reason = nb ? (char *)"admin portal" : NULL;
	p.position = (int)id - 1;
	return p;
}

static struct tv_package
package(int number, int64_t phase_id, const char *deadline, enum tv_pstatus st)
{
	struct tv_package p = { 0 };
	p.id = 100 + number;
	p.number = number;
	p.title = (char *)"Pakke";
	p.phase_id = phase_id;
	p.deadline.day = deadline ? D(deadline) : TV_NO_DAY;
	p.deadline.minute = TV_NO_TIME;
	p.status = st;
	return p;
}

static void
test_clean_plan_has_no_warnings(void **state)
{
	(void)state;
	struct tv_phase ph[2] = {
		phase(1, "Opstart", "2027-01-01", "2027-03-31", NULL),
		phase(2, "Go-live", "2027-04-01", "2027-06-30", "2027-04-01"),
	};
	struct tv_package pk[2] = {
		package(1, 1, "2027-03-31", TV_TODO),
		package(2, 2, "2027-04-01", TV_DONE),
	};
	struct tv_board_data d = { 0 };
	d.phases = ph; d.nphases = 2; d.packages = pk; d.npackages = 2;
	struct tv_plan_warning *w = (void *)1;
	assert_int_equal(tv_plan_warnings(&d, &w), 0);
	assert_null(w);
	assert_false(tv_plan_phase_warned(w, 0, 1));
}

static void
test_each_warning_kind(void **state)
{
	(void)state;
	struct tv_phase ph[2] = {
		/* ends on the day the next starts: overlap */
		phase(1, "Opstart", "2027-01-01", "2027-04-01", NULL),
		/* starts before its not-before day */
		phase(2, "Go-live", "2027-04-01", "2027-06-30", "2027-05-01"),
	};
	struct tv_package pk[3] = {
		package(1, 1, "2027-04-02", TV_TODO),   /* after the phase end */
		package(2, 2, "2027-03-01", TV_TODO),   /* before the phase start */
		package(3, 0, "2020-01-01", TV_TODO),   /* no phase: never warned */
	};
	struct tv_board_data d = { 0 };
	d.phases = ph; d.nphases = 2; d.packages = pk; d.npackages = 3;
	struct tv_plan_warning *w = NULL;
	size_t n = tv_plan_warnings(&d, &w);
	assert_int_equal(n, 4);
	assert_int_equal(w[0].kind, TV_WARN_OUTSIDE_PHASE);
	assert_ptr_equal(w[0].package, &pk[0]);
	assert_int_equal(w[1].kind, TV_WARN_OVERLAP);
	assert_ptr_equal(w[1].next, &ph[1]);
	assert_int_equal(w[2].kind, TV_WARN_NOT_BEFORE);
	assert_ptr_equal(w[2].phase, &ph[1]);
	assert_non_null(strstr(w[2].text, "2027-05-01"));
	assert_non_null(strstr(w[2].text, "admin portal"));
	assert_int_equal(w[3].kind, TV_WARN_OUTSIDE_PHASE);
	assert_ptr_equal(w[3].package, &pk[1]);
	assert_true(tv_plan_phase_warned(w, n, 2));
	tv_plan_warnings_free(w, n);
}

static void
test_progress(void **state)
{
	(void)state;
	struct tv_package pk[4] = {
		package(1, 1, NULL, TV_DONE),
		package(2, 1, NULL, TV_DOING),
		package(3, 1, NULL, TV_DONE),
		package(4, 2, NULL, TV_DONE),
	};
	struct tv_board_data d = { 0 };
	d.packages = pk; d.npackages = 4;
	int done, total;
	tv_plan_phase_progress(&d, 1, &done, &total);
	assert_int_equal(done, 2);
	assert_int_equal(total, 3);
	tv_plan_phase_progress(&d, 9, &done, &total);
	assert_int_equal(done, 0);
	assert_int_equal(total, 0);
}

static void
test_agenda_order_and_window(void **state)
{
	(void)state;
	int32_t today = D("2027-03-10");   /* a Wednesday, ISO week 10 */
	struct tv_package pk[4] = {
		package(1, 0, "2027-03-20", TV_TODO),   /* upcoming, week 11 */
		package(2, 0, "2027-03-01", TV_TODO),   /* overdue */
		package(3, 0, "2027-03-02", TV_DONE),   /* done: never shown */
		package(4, 0, "2027-04-09", TV_TODO),   /* today + 30: outside */
	};
	struct tv_task tasks[2] = { { 0 }, { 0 } };
	tasks[0].id = 7; tasks[0].title = (char *)"Opgave";
	tasks[0].deadline.day = D("2027-02-27"); tasks[0].deadline.minute = TV_NO_TIME;
	tasks[1].id = 8; tasks[1].title = (char *)"Færdig"; tasks[1].done = true;
	tasks[1].deadline.day = D("2027-03-11"); tasks[1].deadline.minute = TV_NO_TIME;
	pk[0].tasks = tasks; pk[0].ntasks = 2;
	struct tv_meeting m[2] = { { 0 }, { 0 } };
	m[0].id = 1; m[0].title = (char *)"Infomøde"; m[0].start.day = today;
	m[0].start.minute = 9 * 60;
	m[1].id = 2; m[1].title = (char *)"Gammelt"; m[1].start.day = today - 1;
	m[1].start.minute = 9 * 60;
	struct tv_board_data d = { 0 };
	d.packages = pk; d.npackages = 4; d.meetings = m; d.nmeetings = 2;
	struct tv_agenda_item *it = NULL;
	size_t n = tv_plan_agenda(&d, today, 30, &it);
	assert_int_equal(n, 4);
	assert_true(it[0].overdue);
	assert_int_equal(it[0].type, TV_AGENDA_TASK);       /* 02-27 before 03-01 */
	assert_true(it[1].overdue);
	assert_ptr_equal(it[1].pkg, &pk[1]);
	assert_false(it[2].overdue);
	assert_ptr_equal(it[2].meeting, &m[0]);
	assert_int_equal(it[2].week, 10);
	assert_int_equal(it[2].week_year, 2027);
	assert_ptr_equal(it[3].pkg, &pk[0]);
	assert_int_equal(it[3].week, 11);
	free(it);
	/* A shorter window drops the package of week 11; zero days keeps the overdue. */
	n = tv_plan_agenda(&d, today, 0, &it);
	assert_int_equal(n, 2);
	free(it);
	n = tv_plan_agenda(&d, today, 31, &it);
	assert_int_equal(n, 5);
	free(it);
}

static struct tv_task
task(int64_t id, const char *deadline, bool done, bool minimum)
{
	struct tv_task t = { 0 };
	t.id = id;
	t.title = (char *)"Opgave";
	t.deadline.day = deadline ? D(deadline) : TV_NO_DAY;
	t.deadline.minute = TV_NO_TIME;
	t.done = done;
	t.minimum = minimum;
	return t;
}

static struct tv_decision
decision(int64_t id, int area, const char *due, enum tv_decision_status st)
{
	struct tv_decision x = { 0 };
	x.id = id;
	x.title = (char *)"Beslutning";
	x.area = area;
	x.due = due ? D(due) : TV_NO_DAY;
	x.status = st;
	x.decided = TV_NO_DAY;
	return x;
}

/* The one rule for "overdue": packages, their open tasks and open decisions past their
 * day; done, ticked, decided, postponed and undated items never; the agenda's overdue
 * items are exactly what tv_plan_overdue_count counts. */
static void
test_overdue_rule(void **state)
{
	(void)state;
	int32_t today = D("2026-12-05");
	struct tv_task t1[4] = {
		task(1, "2026-12-01", false, true),    /* overdue, minimum open */
		task(2, "2026-12-04", true, true),     /* done: never overdue */
		task(3, "2026-12-05", false, false),   /* due today: not yet */
		task(4, NULL, false, true),            /* no date, minimum open */
	};
	struct tv_task t2[2] = {
		task(5, "2026-11-01", false, false),   /* overdue in a done package */
		task(6, "2026-11-02", true, false),
	};
	struct tv_package pk[3] = {
		package(1, 0, "2026-12-01", TV_DOING),  /* overdue */
		package(2, 0, "2026-11-01", TV_DONE),   /* done: not overdue */
		package(3, 0, NULL, TV_TODO),           /* no deadline */
	};
	pk[0].area = TV_AREA_ORG; pk[0].tasks = t1; pk[0].ntasks = 4;
	pk[1].area = TV_AREA_KOM; pk[1].tasks = t2; pk[1].ntasks = 2;
	pk[2].area = TV_AREA_ORG;
	struct tv_decision dec[4] = {
		decision(1, TV_AREA_ORG, "2026-11-20", TV_DEC_OPEN),      /* overdue */
		decision(2, TV_AREA_ORG, "2026-11-20", TV_DEC_DECIDED),   /* decided: not */
		decision(3, -1, "2026-11-21", TV_DEC_OPEN),               /* overdue, no area */
		decision(4, TV_AREA_KOM, "2026-12-10", TV_DEC_OPEN),      /* upcoming */
	};
	dec[1].decided = D("2026-11-19");
	struct tv_decision postponed = decision(5, TV_AREA_ORG, "2026-11-20", TV_DEC_POSTPONED);
	assert_false(tv_plan_decision_overdue(&postponed, today));
	assert_true(tv_plan_task_overdue(&t1[0], today));
	assert_false(tv_plan_task_overdue(&t1[1], today));
	assert_false(tv_plan_task_overdue(&t1[2], today));
	assert_false(tv_plan_task_overdue(&t1[3], today));
	assert_true(tv_plan_decision_overdue(&dec[0], today));
	assert_false(tv_plan_decision_overdue(&dec[1], today));
	assert_false(tv_plan_decision_overdue(&dec[3], today));
	assert_int_equal(tv_plan_package_overdue(&pk[0], today), 2);
	assert_int_equal(tv_plan_package_overdue(&pk[1], today), 1);
	assert_int_equal(tv_plan_package_overdue(&pk[2], today), 0);
	struct tv_plan_tasks c;
	tv_plan_package_tasks(&pk[0], today, &c);
	assert_int_equal(c.overdue, 1);
	assert_int_equal(c.done, 1);
	assert_int_equal(c.total, 4);
	assert_int_equal(c.open_minimum, 2);
	assert_int_equal(c.minimum_done, 1);
	assert_int_equal(c.minimum_total, 3);
	struct tv_board_data d = { 0 };
	d.packages = pk; d.npackages = 3; d.decisions = dec; d.ndecisions = 4;
	/* The minimum requirements in board order, overdue as the rule says; --open. */
	struct tv_plan_minimum *ml = NULL;
	assert_int_equal(tv_plan_minimum_list(&d, today, false, &ml), 3);
	assert_int_equal(ml[0].task->id, 1);
	assert_true(ml[0].overdue);
	assert_ptr_equal(ml[0].pkg, &pk[0]);
	assert_int_equal(ml[1].task->id, 2);
	assert_false(ml[1].overdue);
	assert_int_equal(ml[2].task->id, 4);
	free(ml);
	assert_int_equal(tv_plan_minimum_list(&d, today, true, &ml), 2);
	assert_int_equal(ml[0].task->id, 1);
	assert_int_equal(ml[1].task->id, 4);
	free(ml);
	int mdone, mtotal;
	tv_plan_minimum_count(&d, &mdone, &mtotal);
	assert_int_equal(mdone, 1);
	assert_int_equal(mtotal, 3);
	/* Dependencies: "after" lists, and the warning for a package due before one it
	 * comes after (package 1 due 12-01 after package 2 due 11-01: fine; after 3, which
	 * has no deadline: nothing to compare). */
	int after[4];
	assert_int_equal(tv_package_after(" 2 , 6", after, 4), 2);
	assert_int_equal(after[0], 2);
	assert_int_equal(after[1], 6);
	assert_int_equal(tv_package_after("", after, 4), 0);
	assert_int_equal(tv_package_after(NULL, after, 4), 0);
	assert_int_equal(tv_package_after("2,", after, 4), -1);
	assert_int_equal(tv_package_after("2 6", after, 4), -1);
	assert_int_equal(tv_package_after("100000", after, 4), -1);
	assert_int_equal(tv_package_after("1,2,3,4,5", after, 2), 5);
	char a1[] = "2,3", a2[] = "1";
	pk[0].number = 1; pk[1].number = 2; pk[2].number = 3;
	pk[0].after = a1;
	struct tv_plan_warning *pw = NULL;
	size_t npw = tv_plan_warnings(&d, &pw);
	for (size_t i = 0; i < npw; i++)
		assert_int_not_equal(pw[i].kind, TV_WARN_AFTER);
	tv_plan_warnings_free(pw, npw);
	pk[1].after = a2;   /* 2 (due 11-01) after 1 (due 12-01): out of order */
	npw = tv_plan_warnings(&d, &pw);
	size_t nafter = 0;
	for (size_t i = 0; i < npw; i++)
		if (pw[i].kind == TV_WARN_AFTER) {
			nafter++;
			assert_ptr_equal(pw[i].package, &pk[1]);
			assert_ptr_equal(pw[i].before, &pk[0]);
			assert_non_null(strstr(pw[i].text, "which it comes after"));
		}
	assert_int_equal(nafter, 1);
	tv_plan_warnings_free(pw, npw);
	pk[0].after = pk[1].after = NULL;
	struct tv_board_data none = { 0 };
	assert_int_equal(tv_plan_minimum_list(&none, today, false, &ml), 0);
	assert_null(ml);
	assert_int_equal(tv_plan_overdue_count(&d, today, -1), 5);
	assert_int_equal(tv_plan_overdue_count(&d, today, TV_AREA_ORG), 3);
	assert_int_equal(tv_plan_overdue_count(&d, today, TV_AREA_KOM), 1);
	assert_int_equal(tv_plan_overdue_count(&d, today, TV_AREA_DATA), 0);
	/* The agenda marks exactly those overdue, and lists the open decisions. */
	struct tv_agenda_item *it = NULL;
	size_t n = tv_plan_agenda(&d, today, 30, &it);
	int over = 0, decisions = 0;
	for (size_t i = 0; i < n; i++) {
		over += it[i].overdue;
		if (it[i].type == TV_AGENDA_DECISION) {
			decisions++;
			assert_null(it[i].pkg);
			assert_true(it[i].decision->status == TV_DEC_OPEN);
			assert_int_equal(it[i].overdue, it[i].decision->due < today);
		}
	}
	assert_int_equal(over, 5);
	assert_int_equal(decisions, 3);
	assert_int_equal(it[0].type, TV_AGENDA_TASK);          /* 11-01, oldest first */
	assert_int_equal(it[n - 1].type, TV_AGENDA_DECISION);  /* 12-10 */
	free(it);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_plan_has_no_warnings),
		cmocka_unit_test(test_each_warning_kind),
		cmocka_unit_test(test_progress),
		cmocka_unit_test(test_agenda_order_and_window),
		cmocka_unit_test(test_overdue_rule),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
