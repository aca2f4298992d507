/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The re-planning arithmetic (src/core/replan.c): template offsets from a new start,
 * weekend and holiday days moved to the working day before (meetings after), hand-set
 * dates kept, a phase's shift added to the offsets, the direction of each kind of
 * date (tv_replan_later), the preview's counts and its words.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "tavle/date.h"
#include "tavle/holidays.h"
#include "tavle/replan.h"
#include "tavle/status.h"
#include "tavle/store.h"

static int32_t
D(int y, int m, int d)
{
	int32_t day;
	assert_true(tv_date_from_ymd(y, m, d, &day));
	return day;
}

static void
test_day_rule(void **state)
{
	(void)state;
	/* A working day stays. */
	assert_int_equal(tv_replan_day(D(2026, 9, 1), 0, false), D(2026, 9, 1));
	/* Saturday 29 May 2027: a deadline goes to Friday 28, a meeting to Monday 31. */
	assert_int_equal(tv_replan_day(D(2027, 5, 1), 28, false), D(2027, 5, 28));
	assert_int_equal(tv_replan_day(D(2027, 5, 1), 28, true), D(2027, 5, 31));
	/* 2. påskedag 2026 (6 April): before is Wednesday 1 April, after Tuesday 7. */
	assert_int_equal(tv_replan_day(D(2026, 4, 1), 5, false), D(2026, 4, 1));
	assert_int_equal(tv_replan_day(D(2026, 4, 1), 5, true), D(2026, 4, 7));
	/* Grundlovsdag 2026 is a Friday: the deadline is on Thursday 4 June. */
	assert_int_equal(tv_replan_day(D(2026, 6, 1), 4, false), D(2026, 6, 4));
	assert_int_equal(tv_replan_day(TV_NO_DAY, 4, false), TV_NO_DAY);
}

static void
test_compute(void **state)
{
	(void)state;
	int32_t old = D(2026, 8, 3), now = D(2026, 9, 1);
	struct tv_replan_item it[] = {
		/* follows the template: +30 from 3 Aug was 2 Sep; from 1 Sep +30 is
		 * Thursday 1 Oct */
		{ TV_KIND_PACKAGE, 1, "deadline", old + 30, true, 30, false, 0, 0 },
		/* hand-set: kept */
		{ TV_KIND_PACKAGE, 2, "deadline", D(2026, 8, 20), false, 0, false, 0, 0 },
		/* +12 from 1 Sep is Sunday 13 Sep: to Friday 11 */
		{ TV_KIND_TASK, 3, "deadline", old + 12, true, 12, false, 0, 0 },
		/* a meeting at +5: Sunday 6 Sep, to Monday 7 */
		{ TV_KIND_MEETING, 4, "start", old + 5, true, 5, true, 0, 0 },
		/* no date and no offset: neither moved nor kept */
		{ TV_KIND_DECISION, 5, "due", TV_NO_DAY, false, 0, false, 0, 0 },
	};
	struct tv_replan_summary s;
	tv_replan_compute(it, 5, now, 0, &s);
	assert_int_equal(it[0].new_day, D(2026, 10, 1));
	assert_int_equal(it[0].new_offset, 30);
	assert_int_equal(it[1].new_day, D(2026, 8, 20));
	assert_int_equal(it[2].new_day, D(2026, 9, 11));
	assert_int_equal(it[3].new_day, D(2026, 9, 7));
	assert_int_equal(it[4].new_day, TV_NO_DAY);
	assert_int_equal(s.moved, 3);
	assert_int_equal(s.kept, 1);
	assert_int_equal(s.same, 0);
	assert_int_equal(s.first, 3);
	assert_int_equal(s.last, 0);
	for (int i = 0; i < 4; i++)
		assert_true(i == 1 || tv_day_is_working(it[i].new_day));

	/* The same start again: nothing moves. */
	for (int i = 0; i < 5; i++)
		it[i].day = it[i].new_day;
	tv_replan_compute(it, 5, now, 0, &s);
	assert_int_equal(s.moved, 0);
	assert_int_equal(s.same, 3);
}

static void
test_shift(void **state)
{
	(void)state;
	/* A phase moved 7 days later: its package's offset grows by 7, from the same
	 * board start. */
	int32_t start = D(2026, 9, 1);
	struct tv_replan_item it[] = {
		{ TV_KIND_PACKAGE, 1, "deadline", start + 30, true, 30, false, 0, 0 },
	};
	struct tv_replan_summary s;
	tv_replan_compute(it, 1, start, 7, &s);
	assert_int_equal(it[0].new_offset, 37);
	assert_int_equal(it[0].new_day, D(2026, 10, 8));
	assert_int_equal(s.moved, 1);
}

/* Every start day of 2027: no computed date lands on a non-working day. */
static void
test_whole_year(void **state)
{
	(void)state;
	for (int32_t d = D(2027, 1, 1); d <= D(2027, 12, 31); d++)
		for (int32_t off = -10; off <= 400; off += 7) {
			assert_true(tv_day_is_working(tv_replan_day(d, off, false)));
			assert_true(tv_day_is_working(tv_replan_day(d, off, true)));
		}
}

/* Meetings, phase starts and not-before days go to the working day after; the rest
 * (deadlines, due dates, phase ends) before. */
static void
test_later(void **state)
{
	(void)state;
	assert_true(tv_replan_later(TV_KIND_MEETING, "start"));
	assert_true(tv_replan_later(TV_KIND_MEETING, "end"));
	assert_true(tv_replan_later(TV_KIND_PHASE, "start"));
	assert_true(tv_replan_later(TV_KIND_PHASE, "not_before"));
	assert_false(tv_replan_later(TV_KIND_PHASE, "end"));
	assert_false(tv_replan_later(TV_KIND_PACKAGE, "deadline"));
	assert_false(tv_replan_later(TV_KIND_TASK, "deadline"));
	assert_false(tv_replan_later(TV_KIND_DECISION, "due"));
}

/* The preview's words, as the CLI prints them and the board shows them: the summary,
 * the first and last change, ten kept dates by name and the count of the rest; a
 * title's control characters never reach the text. */
static void
test_preview_lines(void **state)
{
	(void)state;
	struct tv_replan_date moved[2] = {
		{ .kind = TV_KIND_PACKAGE, .field = "deadline", .number = 3, .title = "Tre",
		  .old_day = D(2027, 1, 4), .new_day = D(2027, 2, 1) },
		{ .kind = TV_KIND_TASK, .field = "deadline", .number = 3, .title = "Op\x1b[2Jgave",
		  .old_day = D(2027, 3, 1), .new_day = D(2027, 3, 29) },
	};
	struct tv_replan_date kept[12];
	for (int i = 0; i < 12; i++)
		kept[i] = (struct tv_replan_date){ .kind = TV_KIND_PACKAGE, .field = "deadline",
			.number = i, .title = "Håndsat", .old_day = D(2027, 5, 3) };
	struct tv_replan_plan p = { .kind = TV_KIND_BOARD, .old_start = D(2026, 12, 1),
		.new_start = D(2026, 12, 29), .moved = moved, .kept = kept, .nmoved = 2,
		.nkept = 12 };
	char **v = NULL;
	size_t n = tv_replan_preview_lines(&p, &v);
	assert_int_equal(n, 1 + 2 + 10 + 1);
	assert_string_equal(v[0], "Moving the start from 2026-12-01 to 2026-12-29 moves 2 dates "
		"that follow the template; 12 hand-set dates are kept.");
	assert_string_equal(v[1], "  first change: package 3 Tre, deadline: 2027-01-04 -> 2027-02-01");
	assert_non_null(strstr(v[2], "  last change: task of package 3 "));
	assert_null(strchr(v[2], '\x1b'));
	assert_string_equal(v[3], "  kept (hand-set): package 0 Håndsat, deadline 2027-05-03");
	assert_string_equal(v[13], "  and 2 more hand-set dates");
	tv_strv_free(v, n);

	/* Nothing moves: the summary alone. */
	p.nmoved = p.nkept = 0;
	n = tv_replan_preview_lines(&p, &v);
	assert_int_equal(n, 1);
	assert_string_equal(v[0], "Moving the start from 2026-12-01 to 2026-12-29 moves 0 dates "
		"that follow the template; 0 hand-set dates are kept.");
	tv_strv_free(v, n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_day_rule),
		cmocka_unit_test(test_compute),
		cmocka_unit_test(test_shift),
		cmocka_unit_test(test_whole_year),
		cmocka_unit_test(test_later),
		cmocka_unit_test(test_preview_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
