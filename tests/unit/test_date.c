/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Unit tests of the date module: calendar arithmetic, the Copenhagen summer-time rule,
 * the user and storage parsers with their messages, UTC timestamps and durations.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "tavle/date.h"

static int32_t
ymd(int y, int m, int d)
{
	int32_t day = TV_NO_DAY;
	assert_true(tv_date_from_ymd(y, m, d, &day));
	return day;
}

static time_t
utc_at(int y, int m, int d, int h, int mi)
{
	return (time_t)((int64_t)ymd(y, m, d) * 86400 + h * 3600 + mi * 60);
}

static void
test_epoch_and_known_days(void **state)
{
	(void)state;
	assert_int_equal(ymd(1970, 1, 1), 0);
	assert_int_equal(ymd(1970, 1, 2), 1);
	assert_int_equal(ymd(1969, 12, 31), -1);
	assert_int_equal(ymd(2000, 3, 1), 11017);
	assert_int_equal(ymd(2027, 1, 1), 20819);
	assert_int_equal(ymd(1, 1, 1), -719162);
	assert_int_equal(ymd(9999, 12, 31), 2932896);
}

static void
test_leap_years(void **state)
{
	(void)state;
	int32_t d;
	assert_true(tv_date_from_ymd(2024, 2, 29, &d));
	assert_true(tv_date_from_ymd(2000, 2, 29, &d));
	assert_false(tv_date_from_ymd(2027, 2, 29, &d));
	assert_false(tv_date_from_ymd(2100, 2, 29, &d));
	assert_false(tv_date_from_ymd(1900, 2, 29, &d));
	assert_false(tv_date_from_ymd(2027, 2, 30, &d));
	assert_false(tv_date_from_ymd(2027, 4, 31, &d));
	assert_false(tv_date_from_ymd(2027, 13, 1, &d));
	assert_false(tv_date_from_ymd(2027, 0, 1, &d));
	assert_false(tv_date_from_ymd(2027, 1, 0, &d));
	assert_false(tv_date_from_ymd(0, 1, 1, &d));
	assert_false(tv_date_from_ymd(10000, 1, 1, &d));
	assert_int_equal(ymd(2024, 3, 1) - ymd(2024, 2, 28), 2);
	assert_int_equal(ymd(2100, 3, 1) - ymd(2100, 2, 28), 1);
}

static void
test_round_trip_wide_range(void **state)
{
	(void)state;
	int32_t first = ymd(1, 1, 1), last = ymd(9999, 12, 31);
	int py = 0, pm = 12, pd = 31;
	int prev_wd = tv_date_weekday(first - 1);
	for (int32_t day = first; day <= last; day++) {
		int y, m, d;
		tv_date_to_ymd(day, &y, &m, &d);
		/* consecutive days step through the calendar one by one */
		if (d == 1) {
			assert_true(m == pm + 1 || (m == 1 && pm == 12 && y == py + 1));
		} else {
			assert_int_equal(d, pd + 1);
			assert_int_equal(m, pm);
		}
		int32_t back;
		assert_true(tv_date_from_ymd(y, m, d, &back));
		assert_int_equal(back, day);
		int wd = tv_date_weekday(day);
		assert_int_equal(wd, (prev_wd + 1) % 7);
		prev_wd = wd;
		py = y;
		pm = m;
		pd = d;
	}
	assert_int_equal(py, 9999);
}

static void
test_weekday(void **state)
{
	(void)state;
	assert_int_equal(tv_date_weekday(ymd(1970, 1, 1)), 3);  /* Thursday */
	assert_int_equal(tv_date_weekday(ymd(2026, 11, 29)), 6); /* Sunday */
	assert_int_equal(tv_date_weekday(ymd(2027, 3, 28)), 6);
	assert_int_equal(tv_date_weekday(ymd(2024, 2, 29)), 3);
	assert_int_equal(tv_date_weekday(ymd(1969, 12, 29)), 0); /* Monday */
}

static void
test_iso_week(void **state)
{
	(void)state;
	int iy;
	assert_int_equal(tv_date_iso_week(ymd(2026, 12, 31), &iy), 53);
	assert_int_equal(iy, 2026);
	assert_int_equal(tv_date_iso_week(ymd(2027, 1, 1), &iy), 53);
	assert_int_equal(iy, 2026);
	assert_int_equal(tv_date_iso_week(ymd(2027, 1, 3), &iy), 53);
	assert_int_equal(iy, 2026);
	assert_int_equal(tv_date_iso_week(ymd(2027, 1, 4), &iy), 1);
	assert_int_equal(iy, 2027);
	assert_int_equal(tv_date_iso_week(ymd(2021, 1, 3), &iy), 53);
	assert_int_equal(iy, 2020);
	assert_int_equal(tv_date_iso_week(ymd(2021, 1, 4), &iy), 1);
	assert_int_equal(iy, 2021);
	assert_int_equal(tv_date_iso_week(ymd(2024, 12, 30), &iy), 1);
	assert_int_equal(iy, 2025);
	assert_int_equal(tv_date_iso_week(ymd(2026, 11, 29), &iy), 48);
	assert_int_equal(iy, 2026);
	assert_int_equal(tv_date_iso_week(ymd(2026, 6, 15), NULL), 25);
}

static void
test_dst_2026(void **state)
{
	(void)state;
	/* Spring: 2026-03-29 01:00 UTC. */
	assert_int_equal(tv_cph_offset_at_utc(utc_at(2026, 3, 29, 0, 59) + 59), 3600);
	assert_int_equal(tv_cph_offset_at_utc(utc_at(2026, 3, 29, 1, 0)), 7200);
	assert_int_equal(tv_cph_offset_at_utc(utc_at(2026, 3, 22, 12, 0)), 3600);
	/* Autumn: 2026-10-25 01:00 UTC. */
	assert_int_equal(tv_cph_offset_at_utc(utc_at(2026, 10, 25, 0, 59) + 59), 7200);
	assert_int_equal(tv_cph_offset_at_utc(utc_at(2026, 10, 25, 1, 0)), 3600);
	assert_int_equal(tv_cph_offset_at_utc(utc_at(2026, 7, 1, 12, 0)), 7200);
	assert_int_equal(tv_cph_offset_at_utc(utc_at(2026, 1, 1, 0, 0)), 3600);
	assert_int_equal(tv_cph_offset_at_utc(utc_at(2026, 12, 31, 23, 59)), 3600);
}

static void
test_dst_2027(void **state)
{
	(void)state;
	assert_int_equal(tv_cph_offset_at_utc(utc_at(2027, 3, 28, 0, 59)), 3600);
	assert_int_equal(tv_cph_offset_at_utc(utc_at(2027, 3, 28, 1, 0)), 7200);
	assert_int_equal(tv_cph_offset_at_utc(utc_at(2027, 10, 31, 0, 59)), 7200);
	assert_int_equal(tv_cph_offset_at_utc(utc_at(2027, 10, 31, 1, 0)), 3600);
	/* local views across the spring jump: 01:59 CET then 03:00 CEST */
	struct tv_when w = tv_when_from_utc(utc_at(2027, 3, 28, 0, 59));
	assert_int_equal(w.day, ymd(2027, 3, 28));
	assert_int_equal(w.minute, 1 * 60 + 59);
	w = tv_when_from_utc(utc_at(2027, 3, 28, 1, 0));
	assert_int_equal(w.minute, 3 * 60);
	/* autumn: 02:59 CEST then 02:00 CET */
	w = tv_when_from_utc(utc_at(2027, 10, 31, 0, 59));
	assert_int_equal(w.minute, 2 * 60 + 59);
	w = tv_when_from_utc(utc_at(2027, 10, 31, 1, 0));
	assert_int_equal(w.minute, 2 * 60);
}

/* Cross-check the EU rule against the system's tz database where it exists. */
static void
test_dst_against_tzdata(void **state)
{
	(void)state;
	if (access("/usr/share/zoneinfo/Europe/Copenhagen", R_OK) != 0)
		skip();
	const char *old = getenv("TZ");
	char *saved = old ? strdup(old) : NULL;
	setenv("TZ", "Europe/Copenhagen", 1);
	tzset();
	for (time_t t = utc_at(1997, 1, 1, 0, 30); t < utc_at(2037, 12, 31, 0, 0); t += 1800) {
		struct tm tm;
		localtime_r(&t, &tm);
		if (tm.tm_gmtoff != tv_cph_offset_at_utc(t))
			fail_msg("offset differs from tzdata at %lld", (long long)t);
	}
	if (saved) {
		setenv("TZ", saved, 1);
		free(saved);
	} else {
		unsetenv("TZ");
	}
	tzset();
}

static void
test_when_to_utc(void **state)
{
	(void)state;
	time_t t;
	struct tv_when w = { ymd(2027, 1, 15), 9 * 60 };
	assert_true(tv_when_to_utc(w, &t));
	assert_int_equal(t, utc_at(2027, 1, 15, 8, 0));
	w = (struct tv_when){ ymd(2027, 6, 15), 9 * 60 };
	assert_true(tv_when_to_utc(w, &t));
	assert_int_equal(t, utc_at(2027, 6, 15, 7, 0));
	/* the gap */
	w = (struct tv_when){ ymd(2027, 3, 28), 2 * 60 + 30 };
	assert_false(tv_when_to_utc(w, &t));
	w = (struct tv_when){ ymd(2027, 3, 28), 2 * 60 };
	assert_false(tv_when_to_utc(w, &t));
	w = (struct tv_when){ ymd(2027, 3, 28), 3 * 60 };
	assert_true(tv_when_to_utc(w, &t));
	assert_int_equal(t, utc_at(2027, 3, 28, 1, 0));
	w = (struct tv_when){ ymd(2027, 3, 28), 1 * 60 + 59 };
	assert_true(tv_when_to_utc(w, &t));
	assert_int_equal(t, utc_at(2027, 3, 28, 0, 59));
	/* the ambiguous hour: the first (summer) instant */
	w = (struct tv_when){ ymd(2026, 10, 25), 2 * 60 + 30 };
	assert_true(tv_when_to_utc(w, &t));
	assert_int_equal(t, utc_at(2026, 10, 25, 0, 30));
	w = (struct tv_when){ ymd(2026, 10, 25), 3 * 60 };
	assert_true(tv_when_to_utc(w, &t));
	assert_int_equal(t, utc_at(2026, 10, 25, 2, 0));
	/* round trip local -> UTC -> local for every quarter hour of 2026/2027 */
	for (int32_t day = ymd(2026, 1, 1); day <= ymd(2027, 12, 31); day++) {
		for (int m = 0; m < 1440; m += 15) {
			struct tv_when in = { day, (int16_t)m };
			if (!tv_when_to_utc(in, &t))
				continue;
			struct tv_when back = tv_when_from_utc(t);
			assert_int_equal(back.day, day);
			assert_int_equal(back.minute, m);
		}
	}
	w = (struct tv_when){ TV_NO_DAY, 0 };
	assert_false(tv_when_to_utc(w, &t));
}

/* October's repeated hour (issue 17 item 12): 02:00-02:59 on the last Sunday occurs
 * twice; tv_when_to_utc gives the first, and the note says so. */
static void
test_repeated_hour(void **state)
{
	(void)state;
	time_t t;
	struct tv_when w = { ymd(2027, 10, 31), 2 * 60 + 30 };
	assert_true(tv_when_repeated(w));
	assert_true(tv_when_to_utc(w, &t));
	assert_int_equal(t, utc_at(2027, 10, 31, 0, 30));
	char *note = tv_when_repeated_note(w);
	assert_non_null(note);
	assert_string_equal(note, "02:30 occurs twice on 2027-10-31; the first (summer time, +02:00) is used");
	free(note);
	w.minute = 2 * 60;
	assert_true(tv_when_repeated(w));
	w.minute = 2 * 60 + 59;
	assert_true(tv_when_repeated(w));
	w.minute = 3 * 60;
	assert_false(tv_when_repeated(w));
	assert_null(tv_when_repeated_note(w));
	w.minute = 60 + 59;
	assert_false(tv_when_repeated(w));
	w.minute = TV_NO_TIME;
	assert_false(tv_when_repeated(w));
	/* spring's gap is not repeated, nor the same time another day */
	assert_false(tv_when_repeated((struct tv_when){ ymd(2027, 3, 28), 2 * 60 + 30 }));
	assert_false(tv_when_repeated((struct tv_when){ ymd(2027, 10, 30), 2 * 60 + 30 }));
	assert_true(tv_when_repeated((struct tv_when){ ymd(2026, 10, 25), 2 * 60 + 30 }));
	/* exactly one hour a year, every year */
	for (int y = 2026; y <= 2030; y++) {
		int n = 0;
		for (int32_t day = ymd(y, 1, 1); day < ymd(y + 1, 1, 1); day++)
			for (int m = 0; m < 1440; m++)
				n += tv_when_repeated((struct tv_when){ day, (int16_t)m });
		assert_int_equal(n, 60);
	}
}

static void
test_today(void **state)
{
	(void)state;
	/* 23:30 UTC in winter is already tomorrow in Copenhagen. */
	assert_int_equal(tv_date_today(utc_at(2026, 12, 31, 22, 59)), ymd(2026, 12, 31));
	assert_int_equal(tv_date_today(utc_at(2026, 12, 31, 23, 0)), ymd(2027, 1, 1));
	assert_int_equal(tv_date_today(utc_at(2026, 6, 30, 21, 59)), ymd(2026, 6, 30));
	assert_int_equal(tv_date_today(utc_at(2026, 6, 30, 22, 0)), ymd(2026, 7, 1));
	assert_int_equal(tv_date_today(utc_at(1969, 12, 31, 23, 30)), ymd(1970, 1, 1));
	assert_int_equal(tv_date_today(utc_at(1969, 12, 31, 22, 30)), ymd(1969, 12, 31));
}

static void
expect_date(const char *text, int32_t today, int32_t want)
{
	struct tv_diag diag;
	tv_diag_clear(&diag);
	int32_t got = 12345;
	enum tv_status st = tv_date_parse(text, today, &got, &diag);
	if (st != TV_OK)
		fail_msg("'%s' rejected: %s", text, diag.msg);
	assert_int_equal(got, want);
}

/* A refusal: the problem, then the sentence of examples (dateparse.c). */
static void
expect_message(const char *got, const char *problem, const char *examples)
{
	char want[600];
	snprintf(want, sizeof want, "%s%s", problem, examples);
	assert_string_equal(got, want);
}

static void
expect_date_error(const char *text, const char *msg)
{
	struct tv_diag diag;
	tv_diag_clear(&diag);
	int32_t got = 12345;
	enum tv_status st = tv_date_parse(text, ymd(2027, 1, 10), &got, &diag);
	if (st != TV_INVALID)
		fail_msg("'%s' accepted", text);
	assert_int_equal(got, 12345);
	expect_message(diag.msg, msg, ". Write e.g. 18.12.2026, 18 Dec, 2026-12-18, +3d, +2w, "
		"+1m, friday or tomorrow.");
}

static void
test_date_parse(void **state)
{
	(void)state;
	int32_t today = ymd(2027, 1, 10);
	expect_date("2027-03-15", today, ymd(2027, 3, 15));
	expect_date("  2027-03-15 ", today, ymd(2027, 3, 15));
	expect_date("15-03-2027", today, ymd(2027, 3, 15));
	expect_date("29-02-2024", today, ymd(2024, 2, 29));
	expect_date("2000-02-29", today, ymd(2000, 2, 29));
	expect_date("today", today, today);
	expect_date("Today", today, today);
	expect_date("i dag", today, today);
	expect_date("+3d", today, ymd(2027, 1, 13));
	expect_date("+2w", today, ymd(2027, 1, 24));
	expect_date("-1d", today, ymd(2027, 1, 9));
	expect_date("-10d", today, ymd(2026, 12, 31));
	expect_date("-1w", today, ymd(2027, 1, 3));
	expect_date("+3650d", today, today + 3650);
	expect_date("+3650w", today, today + 3650 * 7);
	expect_date("0001-01-01", today, ymd(1, 1, 1));
	expect_date("9999-12-31", today, ymd(9999, 12, 31));

	expect_date_error("2027-02-30", "2027-02-30: no such day (February 2027 has 28 days)");
	expect_date_error("2027-02-29", "2027-02-29: no such day (February 2027 has 28 days)");
	expect_date_error("2100-02-29", "2100-02-29: no such day (February 2100 has 28 days)");
	expect_date_error("2027-04-31", "2027-04-31: no such day (April 2027 has 30 days)");
	expect_date_error("2027-01-00", "2027-01-00: no such day (January 2027 has 31 days)");
	expect_date_error("31-06-2027", "31-06-2027: no such day (June 2027 has 30 days)");
	expect_date_error("2027-13-01", "2027-13-01: no such month (13)");
	expect_date_error("2027-00-01", "2027-00-01: no such month (0)");
	expect_date_error("0000-01-01", "0000-01-01: no such year (0)");
	expect_date_error("garbage",
		"garbage: not a date");
	expect_date_error("", "no date given");
	expect_date_error("   ", "no date given");
	expect_date_error("2027-1-1",
		"2027-1-1: not a date");
	expect_date_error("2027-01-01x",
		"2027-01-01x: not a date");
	expect_date_error("2027/01/01",
		"2027/01/01: not a date");
	expect_date_error("+0d", "+0d: too far (use 1 to 3650 days)");
	expect_date_error("+3651d", "+3651d: too far (use 1 to 3650 days)");
	expect_date_error("+99999999999999999999w", "+99999999999999999999w: too far (use 1 to 3650 weeks)");
	expect_date_error("+d", "+d: not a date");
	expect_date_error("+3", "+3: not a date");
	expect_date_error("+3dd", "+3dd: not a date");
	expect_date_error("+ 3d", "+ 3d: not a date");
	expect_date_error("today x", "today x: not a date");

	/* relative dates must stay inside years 1..9999 */
	struct tv_diag diag;
	int32_t out;
	assert_int_equal(tv_date_parse("+3650w", ymd(9990, 1, 1), &out, &diag), TV_INVALID);
	assert_int_equal(tv_date_parse("-2d", ymd(1, 1, 1), &out, &diag), TV_INVALID);
	/* very long input is rejected, not overflowed */
	char longtext[300];
	memset(longtext, '9', sizeof longtext - 1);
	longtext[sizeof longtext - 1] = '\0';
	assert_int_equal(tv_date_parse(longtext, today, &out, &diag), TV_INVALID);
	assert_non_null(strstr(diag.msg, "not a date"));
	assert_true(strlen(diag.msg) < 200);
	/* the input is quoted safely: no control bytes or raw non-ASCII in a message */
	expect_date_error("\x1b[2J\xc3\xb8x", "?[2J?x: not a date");
	expect_date_error("2027-0\xe2\x80\xae" "1-01",
		"2027-0?1-01: not a date");
	expect_date_error("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
		"abcdefghijklmnopqrstuvwxyzabcdefghijklmn...: not a date");
	/* NULL diag is allowed */
	assert_int_equal(tv_date_parse("nope", today, &out, NULL), TV_INVALID);
}

static void
test_date_parse_iso(void **state)
{
	(void)state;
	struct tv_diag diag;
	int32_t out;
	assert_int_equal(tv_date_parse_iso("2027-03-15", &out, &diag), TV_OK);
	assert_int_equal(out, ymd(2027, 3, 15));
	assert_int_equal(tv_date_parse_iso(" 2027-03-15", &out, &diag), TV_INVALID);
	assert_int_equal(tv_date_parse_iso("15-03-2027", &out, &diag), TV_INVALID);
	assert_string_equal(diag.msg, "15-03-2027: not a date (expected YYYY-MM-DD)");
	assert_int_equal(tv_date_parse_iso("today", &out, &diag), TV_INVALID);
	assert_int_equal(tv_date_parse_iso("+1d", &out, &diag), TV_INVALID);
	assert_int_equal(tv_date_parse_iso("2027-02-29", &out, &diag), TV_INVALID);
	assert_string_equal(diag.msg, "2027-02-29: no such day (February 2027 has 28 days)");
	assert_int_equal(tv_date_parse_iso("", &out, &diag), TV_INVALID);
}

/* What the store reads back from its columns: the stored forms fast, anything else as
 * no date (or no time), never an error. */
static void
test_parse_stored(void **state)
{
	(void)state;
	assert_int_equal(tv_date_parse_stored("2027-01-05"), ymd(2027, 1, 5));
	assert_int_equal(tv_date_parse_stored("2027-01-05 09:30"), ymd(2027, 1, 5));
	assert_int_equal(tv_date_parse_stored("2027-1-5"), ymd(2027, 1, 5)); /* sscanf path */
	assert_int_equal(tv_date_parse_stored(NULL), TV_NO_DAY);
	assert_int_equal(tv_date_parse_stored(""), TV_NO_DAY);
	assert_int_equal(tv_date_parse_stored("2027-02-30"), TV_NO_DAY);
	assert_int_equal(tv_date_parse_stored("someday"), TV_NO_DAY);

	struct tv_when w = tv_when_parse_stored("2027-01-05 09:30");
	assert_int_equal(w.day, ymd(2027, 1, 5));
	assert_int_equal(w.minute, 9 * 60 + 30);
	w = tv_when_parse_stored("2027-01-05");
	assert_int_equal(w.day, ymd(2027, 1, 5));
	assert_int_equal(w.minute, TV_NO_TIME);
	w = tv_when_parse_stored("2027-01-05 24:00");
	assert_int_equal(w.minute, TV_NO_TIME);
	w = tv_when_parse_stored(NULL);
	assert_int_equal(w.day, TV_NO_DAY);
	assert_int_equal(w.minute, TV_NO_TIME);
}

static void
test_format(void **state)
{
	(void)state;
	char buf[TV_DATE_BUF];
	char wbuf[TV_WHEN_BUF];
	tv_date_format(ymd(2027, 3, 5), buf);
	assert_string_equal(buf, "2027-03-05");
	tv_date_format(ymd(1, 1, 1), buf);
	assert_string_equal(buf, "0001-01-01");
	tv_date_format(TV_NO_DAY, buf);
	assert_string_equal(buf, "");
	tv_when_format((struct tv_when){ ymd(2027, 3, 5), 9 * 60 + 7 }, wbuf);
	assert_string_equal(wbuf, "2027-03-05 09:07");
	tv_when_format((struct tv_when){ ymd(2027, 3, 5), TV_NO_TIME }, wbuf);
	assert_string_equal(wbuf, "2027-03-05");
	tv_when_format((struct tv_when){ ymd(2027, 3, 5), 1439 }, wbuf);
	assert_string_equal(wbuf, "2027-03-05 23:59");
	tv_when_format((struct tv_when){ TV_NO_DAY, 60 }, wbuf);
	assert_string_equal(wbuf, "");
	/* format then parse is the identity */
	for (int32_t day = ymd(1900, 1, 1); day < ymd(2100, 1, 1); day += 7) {
		int32_t back;
		tv_date_format(day, buf);
		assert_int_equal(tv_date_parse_iso(buf, &back, NULL), TV_OK);
		assert_int_equal(back, day);
	}
}

static void
expect_when(const char *text, bool date_only, int32_t day, int minute)
{
	struct tv_diag diag;
	tv_diag_clear(&diag);
	struct tv_when w = { 0, 0 };
	enum tv_status st = tv_when_parse(text, ymd(2027, 1, 10), date_only, &w, &diag);
	if (st != TV_OK)
		fail_msg("'%s' rejected: %s", text, diag.msg);
	assert_int_equal(w.day, day);
	assert_int_equal(w.minute, minute);
}

static void
expect_when_error(const char *text, bool date_only, const char *msg)
{
	struct tv_diag diag;
	tv_diag_clear(&diag);
	struct tv_when w = { 7, 7 };
	enum tv_status st = tv_when_parse(text, ymd(2027, 1, 10), date_only, &w, &diag);
	if (st != TV_INVALID)
		fail_msg("'%s' accepted", text);
	assert_int_equal(w.day, 7);
	if (strstr(msg, "does not exist")) {
		assert_string_equal(diag.msg, msg);
		return;
	}
	/* the problem, then one of the sentences of examples */
	char want[600];
	snprintf(want, sizeof want, "%s. Write e.g. ", msg);
	if (strncmp(diag.msg, want, strlen(want)) != 0)
		fail_msg("'%s' gave '%s'", text, diag.msg);
}

static void
test_when_parse(void **state)
{
	(void)state;
	expect_when("2027-03-15 09:30", false, ymd(2027, 3, 15), 570);
	expect_when("2027-03-15T09:30", false, ymd(2027, 3, 15), 570);
	expect_when("  2027-03-15   09:30  ", false, ymd(2027, 3, 15), 570);
	expect_when("2027-03-15 9:30", false, ymd(2027, 3, 15), 570);
	expect_when("15-03-2027 00:00", false, ymd(2027, 3, 15), 0);
	expect_when("2027-03-15 23:59", false, ymd(2027, 3, 15), 1439);
	expect_when("+2d 14:00", false, ymd(2027, 1, 12), 840);
	expect_when("today 08:15", false, ymd(2027, 1, 10), 495);
	expect_when("i dag 08:15", false, ymd(2027, 1, 10), 495);
	expect_when("2027-03-15", true, ymd(2027, 3, 15), TV_NO_TIME);
	expect_when("+1w", true, ymd(2027, 1, 17), TV_NO_TIME);
	/* around the gap: 01:59 and 03:00 exist */
	expect_when("2027-03-28 01:59", false, ymd(2027, 3, 28), 119);
	expect_when("2027-03-28 03:00", false, ymd(2027, 3, 28), 180);
	/* the ambiguous hour exists (twice) */
	expect_when("2027-10-31 02:30", false, ymd(2027, 10, 31), 150);

	expect_when_error("2027-03-28 02:30", false,
		"2027-03-28 02:30: this time does not exist in Copenhagen "
		"(clocks go forward from 02:00 to 03:00)");
	expect_when_error("2026-03-29 02:00", false,
		"2026-03-29 02:00: this time does not exist in Copenhagen "
		"(clocks go forward from 02:00 to 03:00)");
	expect_when_error("2027-03-15", false, "2027-03-15: needs a time (HH:MM)");
	expect_when_error("2027-03-15 24:00", false, "2027-03-15 24:00: no such time of day (24:00)");
	expect_when_error("2027-03-15 12:60", false, "2027-03-15 12:60: no such time of day (12:60)");
	expect_when_error("2027-03-1509:30", false,
		"2027-03-1509:30: not a date and time");
	expect_when_error("2027-03-15 9:3", false,
		"2027-03-15 9:3: not a date and time");
	/* a time alone is today's (tests/unit/test_dateparse.c has the forms) */
	expect_when("09:30", false, ymd(2027, 1, 10), 570);
	expect_when_error("2027-02-30 10:00", false,
		"2027-02-30 10:00: no such day (February 2027 has 28 days)");
	expect_when_error("", true, "no date given");
	expect_when_error("x 10:00", true, "x 10:00: not a date and time");
}

static void
test_utc(void **state)
{
	(void)state;
	char buf[17];
	time_t t;
	struct tv_diag diag;
	tv_utc_format_ical(utc_at(2027, 3, 5, 7, 8) + 9, buf);
	assert_string_equal(buf, "20270305T070809Z");
	tv_utc_format_ical(0, buf);
	assert_string_equal(buf, "19700101T000000Z");
	tv_utc_format_ical(-1, buf);
	assert_string_equal(buf, "19691231T235959Z");
	assert_int_equal(tv_utc_parse("2027-03-05T07:08:09Z", &t, &diag), TV_OK);
	assert_int_equal(t, utc_at(2027, 3, 5, 7, 8) + 9);
	assert_int_equal(tv_utc_parse("20270305T070809Z", &t, &diag), TV_OK);
	assert_int_equal(t, utc_at(2027, 3, 5, 7, 8) + 9);
	assert_int_equal(tv_utc_parse("2027-03-05T07:08:09", &t, &diag), TV_INVALID);
	assert_int_equal(tv_utc_parse("2027-03-05 07:08:09Z", &t, &diag), TV_INVALID);
	assert_int_equal(tv_utc_parse("20270305T070809", &t, &diag), TV_INVALID);
	assert_int_equal(tv_utc_parse("2027-02-30T07:08:09Z", &t, &diag), TV_INVALID);
	assert_string_equal(diag.msg,
		"2027-02-30T07:08:09Z: no such day (February 2027 has 28 days)");
	assert_int_equal(tv_utc_parse("2027-03-05T24:00:00Z", &t, &diag), TV_INVALID);
	assert_int_equal(tv_utc_parse("2027-03-05T23:60:00Z", &t, &diag), TV_INVALID);
	assert_int_equal(tv_utc_parse("", &t, &diag), TV_INVALID);
	assert_string_equal(diag.msg, ": not a UTC time (expected YYYY-MM-DDTHH:MM:SSZ)");
	/* round trip through the iCalendar form */
	for (time_t x = utc_at(1999, 12, 31, 23, 0); x < utc_at(2031, 1, 1, 0, 0); x += 86400 * 3 + 3601) {
		time_t back;
		tv_utc_format_ical(x, buf);
		assert_int_equal(tv_utc_parse(buf, &back, NULL), TV_OK);
		assert_int_equal(back, x);
	}
}

static void
expect_duration(const char *text, long secs)
{
	long got = 42;
	struct tv_diag diag;
	tv_diag_clear(&diag);
	if (tv_duration_parse(text, &got, &diag) != TV_OK)
		fail_msg("'%s' rejected: %s", text, diag.msg);
	assert_int_equal(got, secs);
}

static void
expect_bad_duration(const char *text)
{
	long got = 42;
	struct tv_diag diag;
	tv_diag_clear(&diag);
	if (tv_duration_parse(text, &got, &diag) != TV_INVALID)
		fail_msg("'%s' accepted", text);
	assert_int_equal(got, 42);
	assert_non_null(strstr(diag.msg, "not a duration"));
}

static void
test_duration(void **state)
{
	(void)state;
	expect_duration("-P1D", -86400);
	expect_duration("P1D", 86400);
	expect_duration("+P1D", 86400);
	expect_duration("PT15M", 900);
	expect_duration("-PT15M", -900);
	expect_duration("-PT1H30M", -5400);
	expect_duration("P2W", 14 * 86400);
	expect_duration("P1DT2H", 86400 + 7200);
	expect_duration("P15DT5H0M20S", 15 * 86400 + 5 * 3600 + 20);
	expect_duration("PT0S", 0);
	expect_duration("PT1H1S", 3601);
	expect_bad_duration("P");
	expect_bad_duration("PT");
	expect_bad_duration("1D");
	expect_bad_duration("P1Y");
	expect_bad_duration("P1M");
	expect_bad_duration("PT1D");
	expect_bad_duration("P1DT");
	expect_bad_duration("PT1M1H");
	expect_bad_duration("P1W2D");
	expect_bad_duration("P1D ");
	expect_bad_duration(" P1D");
	expect_bad_duration("--P1D");
	expect_bad_duration("PT999999999H");
	expect_bad_duration("");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_epoch_and_known_days),
		cmocka_unit_test(test_leap_years),
		cmocka_unit_test(test_round_trip_wide_range),
		cmocka_unit_test(test_weekday),
		cmocka_unit_test(test_iso_week),
		cmocka_unit_test(test_dst_2026),
		cmocka_unit_test(test_dst_2027),
		cmocka_unit_test(test_dst_against_tzdata),
		cmocka_unit_test(test_when_to_utc),
		cmocka_unit_test(test_repeated_hour),
		cmocka_unit_test(test_today),
		cmocka_unit_test(test_date_parse),
		cmocka_unit_test(test_date_parse_iso),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_parse_stored),
		cmocka_unit_test(test_when_parse),
		cmocka_unit_test(test_utc),
		cmocka_unit_test(test_duration),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
