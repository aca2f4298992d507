/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Unit tests of the human date formats (datefmt.c): Danish and English long dates with
 * and without weekday, the unabbreviated Danish months, the numeric styles, no date;
 * tv_date_show: the date-format setting wins, auto follows the message language, and
 * the widths screens reserve hold every date of a year.
 */
#include <setjmp.h>
#include <stdlib.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "tavle/date.h"
#include "tavle/datefmt.h"
#include "tavle/text.h"

static int32_t
D(int y, int m, int d)
{
	int32_t day;
	assert_true(tv_date_from_ymd(y, m, d, &day));
	return day;
}

static void
test_long(void **state)
{
	(void)state;
	char b[64];
	tv_date_format_long(D(2026, 11, 29), true, false, b, sizeof b);
	assert_string_equal(b, "29. nov. 2026");
	tv_date_format_long(D(2026, 11, 29), true, true, b, sizeof b);
	assert_string_equal(b, "søn. 29. nov. 2026");
	tv_date_format_long(D(2026, 11, 29), false, true, b, sizeof b);
	assert_string_equal(b, "Sun 29 Nov 2026");
	tv_date_format_long(D(2027, 5, 3), true, false, b, sizeof b);
	assert_string_equal(b, "3. maj 2027");
	tv_date_format_long(D(2027, 6, 1), true, true, b, sizeof b);
	assert_string_equal(b, "tir. 1. juni 2027");
	tv_date_format_long(D(2027, 7, 31), false, false, b, sizeof b);
	assert_string_equal(b, "31 Jul 2027");
	tv_date_format_long(TV_NO_DAY, true, true, b, sizeof b);
	assert_string_equal(b, "");
	/* Truncated, still terminated. */
	tv_date_format_long(D(2026, 11, 29), true, true, b, 6);
	assert_int_equal(strlen(b), 5);
}

static void
test_weekdays(void **state)
{
	(void)state;
	int32_t monday = D(2026, 11, 30);
	const char *da[] = { "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag" };
	const char *en[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
	for (int i = 0; i < 7; i++) {
		assert_string_equal(tv_weekday_name(monday + i, true, false), da[i]);
		assert_string_equal(tv_weekday_name(monday + i, false, true), en[i]);
	}
	assert_string_equal(tv_weekday_name(TV_NO_DAY, true, false), "");
}

static void
test_styles(void **state)
{
	(void)state;
	char b[16];
	tv_date_format_style(D(2027, 1, 5), TV_DATES_ISO, b, sizeof b);
	assert_string_equal(b, "2027-01-05");
	tv_date_format_style(D(2027, 1, 5), TV_DATES_DANISH, b, sizeof b);
	assert_string_equal(b, "05-01-2027");
	/* The Danish style parses back as the same day (tv_date_parse accepts DD-MM-YYYY). */
	int32_t back;
	assert_int_equal(tv_date_parse(b, 0, &back, NULL), TV_OK);
	assert_int_equal(back, D(2027, 1, 5));
	tv_date_format_style(TV_NO_DAY, TV_DATES_DANISH, b, sizeof b);
	assert_string_equal(b, "");
}

static void
test_show(void **state)
{
	(void)state;
	char b[TV_DATE_SHOW_BUF];
	int32_t day = D(2026, 11, 29);
	tv_date_show_in(day, TV_DATES_AUTO, true, 0, b, sizeof b);
	assert_string_equal(b, "29. nov. 2026");
	tv_date_show_in(day, TV_DATES_AUTO, false, 0, b, sizeof b);
	assert_string_equal(b, "2026-11-29");
	tv_date_show_in(day, TV_DATES_LONG, false, 0, b, sizeof b);
	assert_string_equal(b, "29 Nov 2026");
	tv_date_show_in(day, TV_DATES_AUTO, true, TV_DATE_WEEKDAY, b, sizeof b);
	assert_string_equal(b, "søn. 29. nov. 2026");
	tv_date_show_in(day, TV_DATES_AUTO, true, TV_DATE_WEEKDAY | TV_DATE_NO_YEAR, b, sizeof b);
	assert_string_equal(b, "søn. 29. nov.");
	tv_date_show_in(D(2027, 6, 1), TV_DATES_LONG, true, TV_DATE_NO_YEAR, b, sizeof b);
	assert_string_equal(b, "1. juni");
	tv_date_show_in(day, TV_DATES_LONG, false, TV_DATE_WEEKDAY | TV_DATE_NO_YEAR, b, sizeof b);
	assert_string_equal(b, "Sun 29 Nov");
	tv_date_show_in(D(2027, 1, 28), TV_DATES_LONG, true, TV_DATE_SHORT_YEAR, b, sizeof b);
	assert_string_equal(b, "28. jan. 27");
	tv_date_show_in(D(2107, 7, 4), TV_DATES_LONG, false, TV_DATE_SHORT_YEAR, b, sizeof b);
	assert_string_equal(b, "4 Jul 07");
	/* A configured numeric style wins over the language, and ignores the flags. */
	tv_date_show_in(day, TV_DATES_ISO, true, TV_DATE_WEEKDAY, b, sizeof b);
	assert_string_equal(b, "2026-11-29");
	tv_date_show_in(day, TV_DATES_DANISH, false, TV_DATE_NO_YEAR, b, sizeof b);
	assert_string_equal(b, "29-11-2026");
	tv_date_show_in(TV_NO_DAY, TV_DATES_AUTO, true, TV_DATE_WEEKDAY, b, sizeof b);
	assert_string_equal(b, "");
	assert_int_equal(tv_date_style_resolve(TV_DATES_AUTO, true), TV_DATES_LONG);
	assert_int_equal(tv_date_style_resolve(TV_DATES_AUTO, false), TV_DATES_ISO);
	assert_int_equal(tv_date_style_resolve(TV_DATES_DANISH, true), TV_DATES_DANISH);
}

/* The language comes from the environment as gettext reads it. */
static void
test_show_env(void **state)
{
	(void)state;
	char b[TV_DATE_SHOW_BUF];
	int32_t day = D(2026, 11, 29);
	unsetenv("LANGUAGE");
	unsetenv("LC_MESSAGES");
	setenv("LC_ALL", "da_DK.UTF-8", 1);
	tv_date_show(day, TV_DATES_AUTO, 0, b, sizeof b);
	assert_string_equal(b, "29. nov. 2026");
	setenv("LANGUAGE", "en", 1);
	tv_date_show(day, TV_DATES_AUTO, 0, b, sizeof b);
	assert_string_equal(b, "2026-11-29");
	unsetenv("LANGUAGE");
	setenv("LC_ALL", "C.UTF-8", 1);
	tv_date_show(day, TV_DATES_AUTO, 0, b, sizeof b);
	assert_string_equal(b, "2026-11-29");
	unsetenv("LC_ALL");
}

/* Times: the date as tv_date_show, then HH:MM; stored UTC instants in Copenhagen time. */
static void
test_when_utc(void **state)
{
	(void)state;
	char b[TV_DATE_SHOW_BUF + 8];
	unsetenv("LANGUAGE");
	setenv("LC_ALL", "da_DK.UTF-8", 1);
	struct tv_when w = { D(2026, 12, 20), 10 * 60 };
	tv_when_show(w, TV_DATES_AUTO, TV_DATE_WEEKDAY, b, sizeof b);
	assert_string_equal(b, "søn. 20. dec. 2026 10:00");
	w.minute = TV_NO_TIME;
	tv_when_show(w, TV_DATES_ISO, 0, b, sizeof b);
	assert_string_equal(b, "2026-12-20");
	/* Winter: UTC+1; summer: UTC+2. */
	tv_utc_show("2026-11-29T10:00:00Z", TV_DATES_AUTO, 0, b, sizeof b);
	assert_string_equal(b, "29. nov. 2026 11:00");
	tv_utc_show("2027-07-01T10:00:00Z", TV_DATES_ISO, 0, b, sizeof b);
	assert_string_equal(b, "2027-07-01 12:00");
	tv_utc_show("yesterday", TV_DATES_AUTO, 0, b, sizeof b);
	assert_string_equal(b, "yesterday");
	tv_utc_show(NULL, TV_DATES_AUTO, 0, b, sizeof b);
	assert_string_equal(b, "");
	setenv("LC_ALL", "C.UTF-8", 1);
	tv_utc_show("2026-11-29T23:30:00Z", TV_DATES_AUTO, 0, b, sizeof b);
	assert_string_equal(b, "2026-11-30 00:30");
	unsetenv("LC_ALL");
}

/* Screens reserve columns for dates: the widest of each form over a year, measured in
 * display columns (ø is one column, two bytes). */
static void
test_show_widths(void **state)
{
	(void)state;
	int wide[5] = { 0 };
	const unsigned flags[5] = { 0, TV_DATE_WEEKDAY, TV_DATE_NO_YEAR,
		TV_DATE_WEEKDAY | TV_DATE_NO_YEAR, TV_DATE_SHORT_YEAR };
	for (int32_t d = D(2026, 1, 1); d <= D(2026, 12, 31); d++)
		for (int f = 0; f < 5; f++) {
			char b[TV_DATE_SHOW_BUF];
			tv_date_show_in(d, TV_DATES_LONG, true, flags[f], b, sizeof b);
			int w = tv_text_width(b);
			if (w > wide[f])
				wide[f] = w;
		}
	assert_int_equal(wide[0], 13);  /* 29. nov. 2026, 30. juni 2026 */
	assert_int_equal(wide[1], 18);  /* søn. 29. nov. 2026 */
	assert_int_equal(wide[2], 8);   /* 29. nov. */
	assert_int_equal(wide[3], 13);  /* søn. 29. nov. */
	assert_int_equal(wide[4], 11);  /* 29. nov. 26: fits a card at 80 columns */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_long),
		cmocka_unit_test(test_weekdays),
		cmocka_unit_test(test_styles),
		cmocka_unit_test(test_show),
		cmocka_unit_test(test_show_env),
		cmocka_unit_test(test_when_utc),
		cmocka_unit_test(test_show_widths),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
