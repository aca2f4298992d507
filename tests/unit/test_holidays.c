/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Unit tests of the Danish working-day calendar (holidays.c) against published
 * calendars. Sources checked: Easter Sunday 2019-2030 as the almanacs print it (and as
 * python-dateutil's independent dateutil.easter.easter computes it); the 2018 list of
 * indiavision.dk/danish_holidays.php (skærtorsdag 29 March ... store bededag 27 April,
 * Kristi himmelfart 10 May, pinse 20/21 May); Jyllands-Posten 2022-12 on 2023 (Kristi
 * himmelfart 18 May, pinse 28/29 May, grundlovsdag a Monday); lov nr. 221 af 28.
 * februar 2023 (store bededag abolished from 2024); Kristi himmelfart 2025 on Thursday
 * 29 May. Also: the kinds, names in both languages, the working-day walks, whole years
 * listed in order, and the note a person reads about a date on a day off.
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
#include "tavle/holidays.h"

static int32_t
D(int y, int m, int d)
{
	int32_t day;
	assert_true(tv_date_from_ymd(y, m, d, &day));
	return day;
}

static void
test_easter(void **state)
{
	(void)state;
	static const int easter[][3] = {
		{ 2019, 4, 21 }, { 2020, 4, 12 }, { 2021, 4, 4 }, { 2022, 4, 17 },
		{ 2023, 4, 9 }, { 2024, 3, 31 }, { 2025, 4, 20 }, { 2026, 4, 5 },
		{ 2027, 3, 28 }, { 2028, 4, 16 }, { 2029, 4, 1 }, { 2030, 4, 21 },
		/* the extremes of the Gregorian computus */
		{ 1818, 3, 22 }, { 2285, 3, 22 }, { 1943, 4, 25 }, { 2038, 4, 25 },
	};
	for (size_t i = 0; i < sizeof easter / sizeof easter[0]; i++)
		assert_int_equal(tv_easter_day(easter[i][0]),
			D(easter[i][0], easter[i][1], easter[i][2]));
}

/* The whole list of a year: "MM-DD name" in date order. */
static void
expect_year(int year, const char *const *want, int nwant)
{
	struct tv_holiday h[TV_HOLIDAYS_MAX];
	int n = tv_holidays_in_year(year, h);
	assert_int_equal(n, nwant);
	for (int i = 0; i < n; i++) {
		int y, m, d;
		char got[64];
		tv_date_to_ymd(h[i].day, &y, &m, &d);
		assert_int_equal(y, year);
		snprintf(got, sizeof got, "%02d-%02d %s", m, d, h[i].name_da);
		assert_string_equal(got, want[i]);
		if (i)
			assert_true(h[i - 1].day <= h[i].day);
	}
}

static void
test_year_2018(void **state)
{
	(void)state;
	static const char *const want[] = {
		"01-01 nytårsdag", "03-29 skærtorsdag", "03-30 langfredag", "04-01 påskedag",
		"04-02 2. påskedag", "04-27 store bededag", "05-10 Kristi himmelfartsdag",
		"05-20 pinsedag", "05-21 2. pinsedag", "06-05 grundlovsdag",
		"12-24 juleaftensdag", "12-25 juledag", "12-26 2. juledag",
		"12-31 nytårsaftensdag",
	};
	expect_year(2018, want, 14);
}

static void
test_year_2023_last_store_bededag(void **state)
{
	(void)state;
	static const char *const want[] = {
		"01-01 nytårsdag", "04-06 skærtorsdag", "04-07 langfredag", "04-09 påskedag",
		"04-10 2. påskedag", "05-05 store bededag", "05-18 Kristi himmelfartsdag",
		"05-28 pinsedag", "05-29 2. pinsedag", "06-05 grundlovsdag",
		"12-24 juleaftensdag", "12-25 juledag", "12-26 2. juledag",
		"12-31 nytårsaftensdag",
	};
	expect_year(2023, want, 14);
	assert_int_equal(tv_date_weekday(D(2023, 6, 5)), 0);
}

static void
test_year_2024_no_store_bededag(void **state)
{
	(void)state;
	static const char *const want[] = {
		"01-01 nytårsdag", "03-28 skærtorsdag", "03-29 langfredag", "03-31 påskedag",
		"04-01 2. påskedag", "05-09 Kristi himmelfartsdag", "05-19 pinsedag",
		"05-20 2. pinsedag", "06-05 grundlovsdag", "12-24 juleaftensdag",
		"12-25 juledag", "12-26 2. juledag", "12-31 nytårsaftensdag",
	};
	expect_year(2024, want, 13);
	/* Easter + 26, the fourth Friday after Easter, is an ordinary Friday now. */
	assert_null(tv_holiday_name(D(2024, 4, 26), true));
	assert_true(tv_day_is_working(D(2024, 4, 26)));
	for (int y = 2024; y <= 2040; y++)
		assert_null(tv_holiday_name(tv_easter_day(y) + 26, true));
	for (int y = 1990; y <= 2023; y++)
		assert_string_equal(tv_holiday_name(tv_easter_day(y) + 26, true), "store bededag");
}

static void
test_year_2028_pinse_on_grundlovsdag(void **state)
{
	(void)state;
	/* Easter 16 April: 2. pinsedag is 5 June, grundlovsdag too; both are listed, and
	 * the day is found as the public holiday. */
	static const char *const want[] = {
		"01-01 nytårsdag", "04-13 skærtorsdag", "04-14 langfredag", "04-16 påskedag",
		"04-17 2. påskedag", "05-25 Kristi himmelfartsdag", "06-04 pinsedag",
		"06-05 2. pinsedag", "06-05 grundlovsdag", "12-24 juleaftensdag",
		"12-25 juledag", "12-26 2. juledag", "12-31 nytårsaftensdag",
	};
	expect_year(2028, want, 13);
	assert_int_equal(tv_holiday_kind(D(2028, 6, 5)), TV_HOLIDAY_PUBLIC);
	assert_string_equal(tv_holiday_name(D(2028, 6, 5), false), "Whit Monday");
}

static void
test_offsets(void **state)
{
	(void)state;
	/* Kristi himmelfart Easter+39 (a Thursday), pinse +49/+50, for many years. */
	for (int y = 2019; y <= 2060; y++) {
		int32_t e = tv_easter_day(y);
		assert_int_equal(tv_date_weekday(e), 6);
		assert_string_equal(tv_holiday_name(e - 3, true), "skærtorsdag");
		assert_string_equal(tv_holiday_name(e - 2, true), "langfredag");
		assert_string_equal(tv_holiday_name(e + 1, true), "2. påskedag");
		assert_string_equal(tv_holiday_name(e + 39, true), "Kristi himmelfartsdag");
		assert_int_equal(tv_date_weekday(e + 39), 3);
		assert_string_equal(tv_holiday_name(e + 49, true), "pinsedag");
		assert_string_equal(tv_holiday_name(e + 50, true), "2. pinsedag");
	}
	assert_int_equal(tv_holiday_find(D(2025, 5, 29), NULL), true);
	assert_string_equal(tv_holiday_name(D(2025, 5, 29), false), "Ascension Day");
}

static void
test_kinds_and_names(void **state)
{
	(void)state;
	struct tv_holiday h;
	assert_true(tv_holiday_find(D(2026, 4, 5), &h));
	assert_int_equal(h.kind, TV_HOLIDAY_PUBLIC);
	assert_string_equal(h.key, "easter_sunday");
	assert_string_equal(h.name_da, "påskedag");
	assert_string_equal(h.name_en, "Easter Sunday");
	assert_int_equal(h.day, D(2026, 4, 5));

	assert_int_equal(tv_holiday_kind(D(2026, 6, 5)), TV_HOLIDAY_CUSTOMARY);
	assert_int_equal(tv_holiday_kind(D(2026, 12, 24)), TV_HOLIDAY_CUSTOMARY);
	assert_int_equal(tv_holiday_kind(D(2026, 12, 31)), TV_HOLIDAY_CUSTOMARY);
	assert_int_equal(tv_holiday_kind(D(2026, 12, 25)), TV_HOLIDAY_PUBLIC);
	assert_int_equal(tv_holiday_kind(D(2027, 1, 1)), TV_HOLIDAY_PUBLIC);
	assert_int_equal(tv_holiday_kind(D(2026, 5, 1)), TV_HOLIDAY_NONE);  /* 1 May */
	assert_int_equal(tv_holiday_kind(D(2026, 12, 30)), TV_HOLIDAY_NONE);
	assert_int_equal(tv_holiday_kind(TV_NO_DAY), TV_HOLIDAY_NONE);
	assert_string_equal(tv_holiday_name(D(2026, 12, 26), true), "2. juledag");
	assert_string_equal(tv_holiday_name(D(2026, 1, 1), false), "New Year's Day");
	assert_null(tv_holiday_name(D(2026, 11, 15), true));  /* a Sunday, no holiday */
	assert_false(tv_holiday_find(TV_NO_DAY, &h));
	struct tv_holiday all[TV_HOLIDAYS_MAX];
	assert_int_equal(tv_holidays_in_year(0, all), 0);
	assert_int_equal(tv_holidays_in_year(10000, all), 0);
}

static void
test_working_days(void **state)
{
	(void)state;
	assert_true(tv_day_is_working(D(2026, 11, 13)));      /* Friday */
	assert_false(tv_day_is_working(D(2026, 11, 14)));     /* Saturday */
	assert_false(tv_day_is_working(D(2026, 11, 15)));     /* Sunday */
	assert_true(tv_day_is_weekend(D(2026, 11, 15)));
	assert_false(tv_day_is_weekend(D(2026, 4, 3)));       /* langfredag, a Friday */
	assert_false(tv_day_is_working(D(2026, 4, 3)));
	assert_false(tv_day_is_working(D(2026, 6, 5)));       /* grundlovsdag, a Friday */
	assert_false(tv_day_is_working(TV_NO_DAY));
	assert_true(tv_day_is_working(D(2026, 12, 30)));

	/* A working day is its own answer. */
	assert_int_equal(tv_working_day_before(D(2026, 11, 13)), D(2026, 11, 13));
	assert_int_equal(tv_working_day_after(D(2026, 11, 13)), D(2026, 11, 13));
	/* The examples: Sunday 15 Nov 2026, Saturday 29 May 2027, Saturday 31 Oct. */
	assert_int_equal(tv_working_day_before(D(2026, 11, 15)), D(2026, 11, 13));
	assert_int_equal(tv_working_day_after(D(2026, 11, 15)), D(2026, 11, 16));
	assert_int_equal(tv_working_day_before(D(2027, 5, 29)), D(2027, 5, 28));
	assert_int_equal(tv_working_day_before(D(2026, 10, 31)), D(2026, 10, 30));
	/* Easter 2026: 2. påskedag back past the whole of Easter to Wednesday 1 April;
	 * skærtorsdag forward to Tuesday 7 April. */
	assert_int_equal(tv_working_day_before(D(2026, 4, 6)), D(2026, 4, 1));
	assert_int_equal(tv_working_day_after(D(2026, 4, 2)), D(2026, 4, 7));
	/* Christmas 2026: 24 Dec (Thu) to Sun 27; 31 Dec (Thu) and 1 Jan (Fri) to Mon 4. */
	assert_int_equal(tv_working_day_before(D(2026, 12, 26)), D(2026, 12, 23));
	assert_int_equal(tv_working_day_after(D(2026, 12, 24)), D(2026, 12, 28));
	assert_int_equal(tv_working_day_after(D(2026, 12, 31)), D(2027, 1, 4));
	assert_int_equal(tv_working_day_before(D(2027, 1, 3)), D(2026, 12, 30));
	/* Kristi himmelfart 2027 (Thursday 6 May) */
	assert_int_equal(tv_working_day_before(D(2027, 5, 6)), D(2027, 5, 5));
	assert_int_equal(tv_working_day_after(D(2027, 5, 6)), D(2027, 5, 7));
	assert_int_equal(tv_working_day_before(TV_NO_DAY), TV_NO_DAY);
	assert_int_equal(tv_working_day_after(TV_NO_DAY), TV_NO_DAY);

	/* Every day of 2019-2031: the walks land on working days, no further than a week. */
	for (int32_t d = D(2019, 1, 1); d < D(2032, 1, 1); d++) {
		int32_t b = tv_working_day_before(d), a = tv_working_day_after(d);
		assert_true(tv_day_is_working(b) && tv_day_is_working(a));
		assert_true(b <= d && d - b < 7 && a >= d && a - d < 7);
		assert_int_equal(tv_day_is_working(d), b == d);
	}
}

static void
test_note(void **state)
{
	(void)state;
	/* The unit suite runs under LC_ALL=C.UTF-8: English sentences, the board's
	 * Danish holiday names (tv_i18n_names_danish keeps them in the C locale). */
	char *n = tv_holiday_note(D(2027, 5, 29), "lør. 29. maj 2027");
	assert_string_equal(n, "lør. 29. maj 2027 is a Saturday");
	free(n);
	n = tv_holiday_note(D(2026, 11, 15), "2026-11-15");
	assert_string_equal(n, "2026-11-15 is a Sunday");
	free(n);
	n = tv_holiday_note(D(2026, 4, 5), "søn. 5. apr. 2026");
	assert_string_equal(n, "søn. 5. apr. 2026 is påskedag");
	free(n);
	n = tv_holiday_note(D(2026, 6, 5), "2026-06-05");
	assert_string_equal(n, "2026-06-05 is grundlovsdag, a customary day off");
	free(n);
	assert_null(tv_holiday_note(D(2026, 11, 13), "2026-11-13"));
	assert_null(tv_holiday_note(TV_NO_DAY, ""));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_easter),
		cmocka_unit_test(test_year_2018),
		cmocka_unit_test(test_year_2023_last_store_bededag),
		cmocka_unit_test(test_year_2024_no_store_bededag),
		cmocka_unit_test(test_year_2028_pinse_on_grundlovsdag),
		cmocka_unit_test(test_offsets),
		cmocka_unit_test(test_kinds_and_names),
		cmocka_unit_test(test_working_days),
		cmocka_unit_test(test_note),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
