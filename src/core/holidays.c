/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The Danish working-day calendar (tavle/holidays.h): Easter by the Gregorian
 * computus, the holiday table as offsets from Easter or fixed days, and the working-day
 * walks that re-planning and the date warnings use, and the note a person reads about a
 * date on a day off. Arithmetic over day numbers, independent of the time zone: must
 * not depend on curses, SQLite or libical.
 *
 * Decisions. Store bededag counts up to and including 2023 (lov nr. 221 af 28. februar
 * 2023 abolished it from 2024). Grundlovsdag and juleaftensdag are not helligdage by
 * law but are days off under the public sector's agreements, so they are working-day
 * exceptions of their own kind. Nytårsaftensdag (31 Dec) is treated the same way: the
 * state's and the municipalities' agreements give it off as they give 24 December, and
 * a coordinator would not hold an information meeting or set a deadline on it. 1 May is
 * left out: a day off only for some, and for many only from noon. Years before Denmark's
 * calendar reform (1700) are computed with the same rules; tavle never plans there.
 */
#include <stddef.h>

#include "tavle/date.h"
#include "tavle/holidays.h"
#include "tavle/i18n.h"
#include "tavle/status.h"

/* Where a holiday falls: days after Easter Sunday, or a fixed month and day. */
struct rule {
	bool from_easter;
	int offset;         /* from_easter: days after Easter Sunday */
	int month, mday;    /* otherwise */
	int last_year;      /* 0, or the last year the holiday exists */
	enum tv_holiday_kind kind;
	const char *key, *da, *en;
};

/* In date order except that pinse (Easter 22 March to 25 April puts 2. pinsedag
 * between 11 May and 14 June) may fall on or after grundlovsdag; tv_holidays_in_year
 * sorts. Public holidays come first among rules, so a day that is both (2. pinsedag
 * on 5 June 2028) is found as the public holiday. */
static const struct rule rules[] = {
	{ false, 0, 1, 1, 0, TV_HOLIDAY_PUBLIC, "new_years_day", "nytårsdag", "New Year's Day" },
	{ true, -3, 0, 0, 0, TV_HOLIDAY_PUBLIC, "maundy_thursday", "skærtorsdag",
		"Maundy Thursday" },
	{ true, -2, 0, 0, 0, TV_HOLIDAY_PUBLIC, "good_friday", "langfredag", "Good Friday" },
	{ true, 0, 0, 0, 0, TV_HOLIDAY_PUBLIC, "easter_sunday", "påskedag", "Easter Sunday" },
	{ true, 1, 0, 0, 0, TV_HOLIDAY_PUBLIC, "easter_monday", "2. påskedag", "Easter Monday" },
	{ true, 26, 0, 0, 2023, TV_HOLIDAY_PUBLIC, "general_prayer_day", "store bededag",
		"General Prayer Day" },
	{ true, 39, 0, 0, 0, TV_HOLIDAY_PUBLIC, "ascension_day", "Kristi himmelfartsdag",
		"Ascension Day" },
	{ true, 49, 0, 0, 0, TV_HOLIDAY_PUBLIC, "whit_sunday", "pinsedag", "Whit Sunday" },
	{ true, 50, 0, 0, 0, TV_HOLIDAY_PUBLIC, "whit_monday", "2. pinsedag", "Whit Monday" },
	{ false, 0, 6, 5, 0, TV_HOLIDAY_CUSTOMARY, "constitution_day", "grundlovsdag",
		"Constitution Day" },
	{ false, 0, 12, 24, 0, TV_HOLIDAY_CUSTOMARY, "christmas_eve", "juleaftensdag",
		"Christmas Eve" },
	{ false, 0, 12, 25, 0, TV_HOLIDAY_PUBLIC, "christmas_day", "juledag", "Christmas Day" },
	{ false, 0, 12, 26, 0, TV_HOLIDAY_PUBLIC, "boxing_day", "2. juledag",
		"Second Day of Christmas" },
	{ false, 0, 12, 31, 0, TV_HOLIDAY_CUSTOMARY, "new_years_eve", "nytårsaftensdag",
		"New Year's Eve" },
};
#define NRULES (sizeof rules / sizeof rules[0])

int32_t
tv_easter_day(int y)
{
	/* The anonymous Gregorian algorithm (Meeus, Astronomical Algorithms, ch. 8). */
	int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
	int f = (b + 8) / 25, g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	int month = (h + l - 7 * m + 114) / 31, mday = (h + l - 7 * m + 114) % 31 + 1;
	int32_t day = TV_NO_DAY;
	if (!tv_date_from_ymd(y, month, mday, &day))
		return TV_NO_DAY;
	return day;
}

/* The day of rule r in year y, TV_NO_DAY when it does not exist that year. */
static int32_t
rule_day(const struct rule *r, int y, int32_t easter)
{
	int32_t day;
	if (r->last_year && y > r->last_year)
		return TV_NO_DAY;
	if (r->from_easter)
		return easter == TV_NO_DAY ? TV_NO_DAY : easter + r->offset;
	return tv_date_from_ymd(y, r->month, r->mday, &day) ? day : TV_NO_DAY;
}

static void
fill(const struct rule *r, int32_t day, struct tv_holiday *out)
{
	out->day = day;
	out->kind = r->kind;
	out->key = r->key;
	out->name_da = r->da;
	out->name_en = r->en;
}

bool
tv_holiday_find(int32_t day, struct tv_holiday *out)
{
	int y, m, d;
	if (day == TV_NO_DAY)
		return false;
	tv_date_to_ymd(day, &y, &m, &d);
	if (y < 1 || y > 9999)
		return false;
	int32_t easter = tv_easter_day(y);
	for (size_t i = 0; i < NRULES; i++) {
		if (rule_day(&rules[i], y, easter) == day) {
			if (out)
				fill(&rules[i], day, out);
			return true;
		}
	}
	return false;
}

enum tv_holiday_kind
tv_holiday_kind(int32_t day)
{
	struct tv_holiday h;
	return tv_holiday_find(day, &h) ? h.kind : TV_HOLIDAY_NONE;
}

const char *
tv_holiday_name(int32_t day, bool danish)
{
	struct tv_holiday h;
	if (!tv_holiday_find(day, &h))
		return NULL;
	return danish ? h.name_da : h.name_en;
}

bool
tv_day_is_weekend(int32_t day)
{
	return day != TV_NO_DAY && tv_date_weekday(day) >= 5;
}

bool
tv_day_is_working(int32_t day)
{
	return day != TV_NO_DAY && !tv_day_is_weekend(day) && !tv_holiday_find(day, NULL);
}

/* Runs of non-working days are short (Easter: Thursday to Monday, five days), so
 * these walks end within a few steps. */
int32_t
tv_working_day_before(int32_t day)
{
	if (day == TV_NO_DAY)
		return TV_NO_DAY;
	while (!tv_day_is_working(day))
		day--;
	return day;
}

int32_t
tv_working_day_after(int32_t day)
{
	if (day == TV_NO_DAY)
		return TV_NO_DAY;
	while (!tv_day_is_working(day))
		day++;
	return day;
}

int
tv_holidays_in_year(int year, struct tv_holiday out[TV_HOLIDAYS_MAX])
{
	int n = 0;
	if (year < 1 || year > 9999)
		return 0;
	int32_t easter = tv_easter_day(year);
	for (size_t i = 0; i < NRULES && n < TV_HOLIDAYS_MAX; i++) {
		int32_t day = rule_day(&rules[i], year, easter);
		if (day == TV_NO_DAY)
			continue;
		/* Insert in date order: pinse can fall after grundlovsdag. */
		int j = n++;
		while (j > 0 && out[j - 1].day > day) {
			out[j] = out[j - 1];
			j--;
		}
		fill(&rules[i], day, &out[j]);
	}
	return n;
}

char *
tv_holiday_note(int32_t day, const char *shown)
{
	struct tv_holiday h;
	if (day == TV_NO_DAY || tv_day_is_working(day))
		return NULL;
	if (tv_holiday_find(day, &h)) {
		const char *name = tv_i18n_names_danish() ? h.name_da : h.name_en;
		/* TRANSLATORS: a date ("søn. 5. apr. 2026") and a holiday ("grundlovsdag"). */
		if (h.kind == TV_HOLIDAY_CUSTOMARY)
			return tv_xasprintf(_("%s is %s, a customary day off"), shown, name);
		/* TRANSLATORS: a date ("søn. 5. apr. 2026") and a holiday ("påskedag"). */
		return tv_xasprintf(_("%s is %s"), shown, name);
	}
	return tv_xasprintf(tv_date_weekday(day) == 5 ? _("%s is a Saturday") :
		_("%s is a Sunday"), shown);
}
