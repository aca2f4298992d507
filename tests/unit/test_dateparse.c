/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Unit tests of the date reader (src/core/dateparse.c) as tables: each accepted input
 * with the day (and minute) it must give relative to a fixed today, Saturday
 * 2026-12-05, and each refused input with a word its message must name; every refusal
 * must end with the sentence of examples.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tavle/date.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define EXAMPLES ". Write e.g. "

static int32_t
ymd(int y, int m, int d)
{
	int32_t day = TV_NO_DAY;
	assert_true(tv_date_from_ymd(y, m, d, &day));
	return day;
}

/* The fixed today of every row that gives none: Saturday 5 December 2026. */
#define TODAY 2026, 12, 5

static const struct {
	const char *in;
	int y, m, d;        /* expected */
	int ty, tm, td;     /* today, when not TODAY */
} dates[] = {
	/* ISO, as before */
	{ "2026-12-18", 2026, 12, 18, TODAY },
	{ "  2026-12-18\t", 2026, 12, 18, TODAY },
	{ "2000-02-29", 2000, 2, 29, TODAY },
	/* what tavle shows */
	{ "18. dec.", 2026, 12, 18, TODAY },
	{ "18. dec. 2026", 2026, 12, 18, TODAY },
	{ "18. dec. 26", 2026, 12, 18, TODAY },
	{ "28. jan. 27", 2027, 1, 28, TODAY },
	{ "lør. 5. dec. 2026", 2026, 12, 5, TODAY },
	{ "fre. 18. dec.", 2026, 12, 18, TODAY },
	{ "Fri 18 Dec 2026", 2026, 12, 18, TODAY },
	{ "18 dec", 2026, 12, 18, TODAY },
	{ "18 DEC", 2026, 12, 18, TODAY },
	{ "  18.  Dec.  ", 2026, 12, 18, TODAY },
	{ "18. december 2026", 2026, 12, 18, TODAY },
	{ "18 Dec 2026", 2026, 12, 18, TODAY },
	{ "Dec 18", 2026, 12, 18, TODAY },
	{ "Dec 18, 2026", 2026, 12, 18, TODAY },
	{ "December 18 2026", 2026, 12, 18, TODAY },
	{ "1. maj", 2027, 5, 1, TODAY },
	{ "1 May 2027", 2027, 5, 1, TODAY },
	{ "3. marts 2027", 2027, 3, 3, TODAY },
	{ "3 March 2027", 2027, 3, 3, TODAY },
	{ "3. mar. 2027", 2027, 3, 3, TODAY },
	{ "1. okt.", 2027, 10, 1, TODAY },
	{ "1 Oct", 2027, 10, 1, TODAY },
	{ "17 sept 2027", 2027, 9, 17, TODAY },
	{ "2. juni", 2027, 6, 2, TODAY },
	{ "2 jun", 2027, 6, 2, TODAY },
	{ "31. juli 2027", 2027, 7, 31, TODAY },
	{ "5. februar", 2027, 2, 5, TODAY },
	{ "24 dec", 2026, 12, 24, TODAY },
	/* day first, numbers */
	{ "18.12.2026", 2026, 12, 18, TODAY },
	{ "18-12-2026", 2026, 12, 18, TODAY },
	{ "18/12/2026", 2026, 12, 18, TODAY },
	{ "1-2-2027", 2027, 2, 1, TODAY },
	{ "01-02-2027", 2027, 2, 1, TODAY },
	{ "1.2.2027", 2027, 2, 1, TODAY },
	{ "29-02-2028", 2028, 2, 29, TODAY },
	{ "18.12.26", 2026, 12, 18, TODAY },
	{ "18/12", 2026, 12, 18, TODAY },
	{ "18.12.", 2026, 12, 18, TODAY },
	{ "18.12", 2026, 12, 18, TODAY },
	{ "18-12", 2026, 12, 18, TODAY },
	{ "1/2", 2027, 2, 1, TODAY },           /* day first: 1 February */
	{ "5.12", 2026, 12, 5, TODAY },         /* today itself */
	{ "4.12", 2027, 12, 4, TODAY },         /* gone this year: next year's */
	{ "29.2", 2028, 2, 29, TODAY },         /* the next 29 February there is */
	{ "1.1", 2027, 1, 1, TODAY },
	/* counted from today */
	{ "+3d", 2026, 12, 8, TODAY },
	{ "-5d", 2026, 11, 30, TODAY },
	{ "+2w", 2026, 12, 19, TODAY },
	{ "+2W", 2026, 12, 19, TODAY },
	{ "-1w", 2026, 11, 28, TODAY },
	{ "+1m", 2027, 1, 5, TODAY },
	{ "-1m", 2026, 11, 5, TODAY },
	{ "+12m", 2027, 12, 5, TODAY },
	{ "+1m", 2027, 2, 28, 2027, 1, 31 },    /* clamped to February's end */
	{ "+1m", 2028, 2, 29, 2028, 1, 31 },
	{ "+3m", 2027, 4, 30, 2027, 1, 31 },
	{ "-1m", 2027, 2, 28, 2027, 3, 31 },
	{ "+1m", 2027, 1, 31, 2026, 12, 31 },   /* over the new year */
	{ "i dag", 2026, 12, 5, TODAY },
	{ "I DAG", 2026, 12, 5, TODAY },
	{ "idag", 2026, 12, 5, TODAY },
	{ "today", 2026, 12, 5, TODAY },
	{ "i morgen", 2026, 12, 6, TODAY },
	{ "i  morgen", 2026, 12, 6, TODAY },
	{ "imorgen", 2026, 12, 6, TODAY },
	{ "tomorrow", 2026, 12, 6, TODAY },
	{ "Tomorrow", 2026, 12, 6, TODAY },
	{ "i overmorgen", 2026, 12, 7, TODAY },
	{ "i går", 2026, 12, 4, TODAY },
	{ "yesterday", 2026, 12, 4, TODAY },
	/* weekdays: the next such day strictly after today (a Saturday) */
	{ "fredag", 2026, 12, 11, TODAY },
	{ "Fredag", 2026, 12, 11, TODAY },
	{ "friday", 2026, 12, 11, TODAY },
	{ "fre", 2026, 12, 11, TODAY },
	{ "fre.", 2026, 12, 11, TODAY },
	{ "fri", 2026, 12, 11, TODAY },
	{ "søndag", 2026, 12, 6, TODAY },
	{ "SØNDAG", 2026, 12, 6, TODAY },
	{ "sunday", 2026, 12, 6, TODAY },
	{ "mandag", 2026, 12, 7, TODAY },
	{ "mon", 2026, 12, 7, TODAY },
	{ "tirsdag", 2026, 12, 8, TODAY },
	{ "tue", 2026, 12, 8, TODAY },
	{ "onsdag", 2026, 12, 9, TODAY },
	{ "wed", 2026, 12, 9, TODAY },
	{ "torsdag", 2026, 12, 10, TODAY },
	{ "thursday", 2026, 12, 10, TODAY },
	{ "lørdag", 2026, 12, 12, TODAY },      /* today's weekday: a week ahead */
	{ "Lør.", 2026, 12, 12, TODAY },
	{ "saturday", 2026, 12, 12, TODAY },
};

static const struct {
	const char *in;
	const char *names; /* a part of the message naming the problem */
} bad_dates[] = {
	{ "31-02-2027", "no such day (February 2027 has 28 days)" },
	{ "29.2.2027", "no such day (February 2027 has 28 days)" },
	{ "2027-02-29", "no such day (February 2027 has 28 days)" },
	{ "31. april 2027", "no such day (April 2027 has 30 days)" },
	{ "31.4", "no such day (April has 30 days)" },
	{ "30.2", "no such day (February has 29 days)" },
	{ "32.12", "no such day" },
	{ "0.12", "no such day" },
	{ "18.13", "no such month (13)" },
	{ "18.12.0000", "no such year (0)" },
	{ "2027-13-01", "no such month (13)" },
	{ "man. 18. dec. 2026", "2026-12-18 is a Friday, not a Monday" },
	{ "", "no date given." },
	{ "   ", "no date given." },
	{ "garbage", "garbage: not a date." },
	{ "18", "18: not a date." },
	{ "dec", "dec: not a date." },
	{ "18. foo", "18. foo: not a date." },
	{ "18 de", "18 de: not a date." },
	{ "fredag 2", "fredag 2: not a date." },
	{ "1.2.3.4", "not a date." },
	{ "18..12", "not a date." },
	{ "18.12-2026", "not a date." },
	{ "18.12.202", "not a date." },
	{ "2027/01/01", "not a date." },
	{ "2027-1-1", "not a date." },
	{ "123.12", "not a date." },
	{ "18. dec. 2026 x", "not a date." },
	{ "today x", "not a date." },
	{ "+0d", "too far (use 1 to 3650 days)" },
	{ "+3651d", "too far (use 1 to 3650 days)" },
	{ "+9999w", "too far (use 1 to 3650 weeks)" },
	{ "+1201m", "too far (use 1 to 1200 months)" },
	{ "+3x", "+3x: not a date." },
	{ "+d", "not a date." },
	{ "+ 3d", "not a date." },
	{ "9:30", "not a date." },
};

static void
test_dates_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(dates); i++) {
		int32_t today = ymd(dates[i].ty, dates[i].tm, dates[i].td);
		struct tv_diag diag;
		tv_diag_clear(&diag);
		int32_t got = TV_NO_DAY;
		if (tv_date_parse(dates[i].in, today, &got, &diag) != TV_OK)
			fail_msg("'%s' refused: %s", dates[i].in, diag.msg);
		if (got != ymd(dates[i].y, dates[i].m, dates[i].d)) {
			char buf[TV_DATE_BUF];
			tv_date_format(got, buf);
			fail_msg("'%s' gave %s, not %04d-%02d-%02d", dates[i].in, buf, dates[i].y,
				dates[i].m, dates[i].d);
		}
		/* a date-only time field reads the same */
		struct tv_when w;
		if (tv_when_parse(dates[i].in, today, true, &w, &diag) != TV_OK || w.day != got ||
		    w.minute != TV_NO_TIME)
			fail_msg("'%s' as a date-only time: %s", dates[i].in, diag.msg);
	}
}

static void
test_bad_dates_table(void **state)
{
	(void)state;
	int32_t today = ymd(TODAY);
	for (size_t i = 0; i < N(bad_dates); i++) {
		struct tv_diag diag;
		tv_diag_clear(&diag);
		int32_t got = 4242;
		if (tv_date_parse(bad_dates[i].in, today, &got, &diag) != TV_INVALID)
			fail_msg("'%s' accepted", bad_dates[i].in);
		assert_int_equal(got, 4242);
		if (!strstr(diag.msg, bad_dates[i].names))
			fail_msg("'%s': message '%s' does not say '%s'", bad_dates[i].in, diag.msg,
				bad_dates[i].names);
		if (!strstr(diag.msg, EXAMPLES))
			fail_msg("'%s': message '%s' lists no examples", bad_dates[i].in, diag.msg);
	}
}

static const struct {
	const char *in;
	bool date_only;
	int by, bm, bd;     /* base day (a meeting's start), 0 for today */
	int y, m, d, minute;
} whens[] = {
	{ "2026-12-18 09:30", false, 0, 0, 0, 2026, 12, 18, 570 },
	{ "2026-12-18T09:30", false, 0, 0, 0, 2026, 12, 18, 570 },
	{ "2026-12-18t09:30", false, 0, 0, 0, 2026, 12, 18, 570 },
	{ "2026-12-18 9:30", false, 0, 0, 0, 2026, 12, 18, 570 },
	{ "18.12.2026 9:30", false, 0, 0, 0, 2026, 12, 18, 570 },
	{ "18.12.2026 09.30", false, 0, 0, 0, 2026, 12, 18, 570 },
	{ "18. dec. kl. 9.30", false, 0, 0, 0, 2026, 12, 18, 570 },
	{ "18. dec. 2026 kl. 9.30", false, 0, 0, 0, 2026, 12, 18, 570 },
	{ "18 Dec 2026 at 9:30", false, 0, 0, 0, 2026, 12, 18, 570 },
	{ "fre. 18. dec. 2026 10:00", false, 0, 0, 0, 2026, 12, 18, 600 },
	{ "18/12 9.30", false, 0, 0, 0, 2026, 12, 18, 570 },
	{ "18/12 9.30", true, 0, 0, 0, 2026, 12, 18, 570 },
	{ "i morgen 10:00", false, 0, 0, 0, 2026, 12, 6, 600 },
	{ "i morgen kl. 10", false, 0, 0, 0, 2026, 12, 6, 600 },
	{ "fredag kl 14", false, 0, 0, 0, 2026, 12, 11, 840 },
	{ "+2d 14:00", false, 0, 0, 0, 2026, 12, 7, 840 },
	{ "-5d 08:15", false, 0, 0, 0, 2026, 11, 30, 495 },
	{ "09.30", false, 0, 0, 0, 2026, 12, 5, 570 },      /* a time alone: today */
	{ "9:30", false, 0, 0, 0, 2026, 12, 5, 570 },
	{ "kl. 9.30", false, 0, 0, 0, 2026, 12, 5, 570 },
	{ "9:30", true, 0, 0, 0, 2026, 12, 5, 570 },
	{ "11:30", false, 2026, 12, 18, 2026, 12, 18, 690 }, /* a meeting's end: its start's day */
	{ "11.30", false, 2026, 12, 18, 2026, 12, 18, 690 },
	{ "18.12", false, 0, 0, 0, 2026, 12, 5, 1092 },      /* where a time is required */
	{ "18.12", true, 0, 0, 0, 2026, 12, 18, -1 },        /* where a date will do */
	{ "fre. 11.12", true, 0, 0, 0, 2026, 12, 11, -1 },
	{ "12.15", true, 2026, 12, 18, 2026, 12, 18, 735 },  /* no date: a time */
	{ "9.30", true, 0, 0, 0, 2026, 12, 5, 570 },
	{ "2027-03-28 01:59", false, 0, 0, 0, 2027, 3, 28, 119 },
	{ "2027-03-28 03:00", false, 0, 0, 0, 2027, 3, 28, 180 },
	{ "2027-10-31 02:30", false, 0, 0, 0, 2027, 10, 31, 150 },
};

static const struct {
	const char *in;
	bool date_only;
	const char *names;
} bad_whens[] = {
	{ "18.12.2026", false, "needs a time (HH:MM)" },
	{ "18. dec.", false, "needs a time (HH:MM)" },
	{ "18.12.2026 25:00", false, "no such time of day (25:00)" },
	{ "18.12.2026 9:60", false, "no such time of day (09:60)" },
	{ "kl. 24", false, "no such time of day (24:00)" },
	{ "31.02.2027 10:00", false, "no such day (February 2027 has 28 days)" },
	{ "x 10:00", false, "x 10:00: not a date and time." },
	{ "2027-03-1509:30", false, "not a date and time." },
	{ "2027-03-15 9:3", false, "not a date and time." },
	{ "", true, "no date given." },
	{ "31.13", true, "no such month (13)" },
	{ "garbage", true, "not a date." },
};

static void
test_whens_table(void **state)
{
	(void)state;
	int32_t today = ymd(TODAY);
	for (size_t i = 0; i < N(whens); i++) {
		int32_t base = whens[i].by ? ymd(whens[i].by, whens[i].bm, whens[i].bd) : today;
		struct tv_diag diag;
		tv_diag_clear(&diag);
		struct tv_when w = { 0, 0 };
		if (tv_when_parse_from(whens[i].in, today, base, whens[i].date_only, &w, &diag) !=
		    TV_OK)
			fail_msg("'%s' refused: %s", whens[i].in, diag.msg);
		if (w.day != ymd(whens[i].y, whens[i].m, whens[i].d) || w.minute != whens[i].minute) {
			char buf[TV_WHEN_BUF];
			tv_when_format(w, buf);
			fail_msg("'%s' gave %s (minute %d)", whens[i].in, buf, w.minute);
		}
	}
	/* tv_when_parse is tv_when_parse_from with today as the base */
	struct tv_when w;
	assert_int_equal(tv_when_parse("11:30", today, false, &w, NULL), TV_OK);
	assert_int_equal(w.day, today);
	/* no base day: a time alone is refused */
	struct tv_diag diag;
	tv_diag_clear(&diag);
	assert_int_equal(tv_when_parse_from("11:30", today, TV_NO_DAY, false, &w, &diag),
		TV_INVALID);
	assert_non_null(strstr(diag.msg, "needs a date"));
}

static void
test_bad_whens_table(void **state)
{
	(void)state;
	int32_t today = ymd(TODAY);
	for (size_t i = 0; i < N(bad_whens); i++) {
		struct tv_diag diag;
		tv_diag_clear(&diag);
		struct tv_when w = { 7, 7 };
		if (tv_when_parse(bad_whens[i].in, today, bad_whens[i].date_only, &w, &diag) !=
		    TV_INVALID)
			fail_msg("'%s' accepted", bad_whens[i].in);
		assert_int_equal(w.day, 7);
		if (!strstr(diag.msg, bad_whens[i].names) || !strstr(diag.msg, EXAMPLES))
			fail_msg("'%s': message '%s' does not say '%s' and list examples",
				bad_whens[i].in, diag.msg, bad_whens[i].names);
	}
	/* the gap's message names the time, as before */
	struct tv_diag diag;
	struct tv_when w;
	tv_diag_clear(&diag);
	assert_int_equal(tv_when_parse("28.3.2027 2:30", today, false, &w, &diag), TV_INVALID);
	assert_non_null(strstr(diag.msg, "2027-03-28 02:30: this time does not exist"));
}

/* Every date in the storable range that tavle shows, read back, is that date. */
static void
test_shown_forms_read_back(void **state)
{
	(void)state;
	static const char *const mon_da[12] = { "jan.", "feb.", "mar.", "apr.", "maj", "juni",
		"juli", "aug.", "sep.", "okt.", "nov.", "dec." };
	static const char *const mon_en[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
		"Aug", "Sep", "Oct", "Nov", "Dec" };
	int32_t today = ymd(TODAY);
	for (int32_t day = ymd(2026, 1, 1); day <= ymd(2028, 12, 31); day++) {
		int y, m, d;
		tv_date_to_ymd(day, &y, &m, &d);
		char forms[4][40];
		snprintf(forms[0], sizeof forms[0], "%d. %s %d", d, mon_da[m - 1], y);
		snprintf(forms[1], sizeof forms[1], "%d %s %d", d, mon_en[m - 1], y);
		snprintf(forms[2], sizeof forms[2], "%02d-%02d-%04d", d, m, y);
		snprintf(forms[3], sizeof forms[3], "%d.%d.%d", d, m, y);
		for (int f = 0; f < 4; f++) {
			int32_t got;
			if (tv_date_parse(forms[f], today, &got, NULL) != TV_OK || got != day)
				fail_msg("'%s' did not read back", forms[f]);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates_table),
		cmocka_unit_test(test_bad_dates_table),
		cmocka_unit_test(test_whens_table),
		cmocka_unit_test(test_bad_whens_table),
		cmocka_unit_test(test_shown_forms_read_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
