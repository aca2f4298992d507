/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Unit tests of the human date formats (datefmt.c): Danish and English long dates with
 * and without weekday, the unabbreviated Danish months, the numeric styles, no date.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "tavle/date.h"
#include "tavle/datefmt.h"

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_long),
		cmocka_unit_test(test_weekdays),
		cmocka_unit_test(test_styles),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
