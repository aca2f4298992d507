/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The Danish working-day calendar: which days are public holidays (helligdage, by
 * law), which are customary days off in the public sector, and so which days are
 * working days (Monday to Friday, neither of those). Computed, not tabulated: the
 * Easter-based holidays from the Gregorian Easter date, the rest fixed. Days are the
 * project's day numbers (tavle/date.h). Names come from this module's own table in
 * Danish and English, chosen by the caller (as the model's tables are, tavle/model.h),
 * not translated through gettext; only the note for people (tv_holiday_note) is a
 * gettext message. Must not depend on curses, SQLite or libical.
 *
 * What counts (decided here, see src/core/holidays.c for why):
 *  - public holidays: nytårsdag (1 Jan), skærtorsdag, langfredag, påskedag,
 *    2. påskedag, store bededag (fourth Friday after Easter, until 2023 only: lov
 *    nr. 221 of 28 February 2023 abolished it from 2024), Kristi himmelfartsdag,
 *    pinsedag, 2. pinsedag, juledag (25 Dec), 2. juledag (26 Dec);
 *  - customary days off: grundlovsdag (5 Jun), juleaftensdag (24 Dec) and
 *    nytårsaftensdag (31 Dec), days off under the public sector's agreements though
 *    not helligdage by law;
 *  - not counted: 1 May (a day off for some only, and only from noon for many).
 */
#ifndef TAVLE_HOLIDAYS_H
#define TAVLE_HOLIDAYS_H

#include <stdbool.h>
#include <stdint.h>

enum tv_holiday_kind {
	TV_HOLIDAY_NONE,       /* not a holiday (may still be a Saturday or Sunday) */
	TV_HOLIDAY_PUBLIC,     /* a public holiday by law (helligdag) */
	TV_HOLIDAY_CUSTOMARY,  /* a customary day off, not a helligdag */
};

/* The most holidays any year has (14 up to 2023, 13 from 2024). */
#define TV_HOLIDAYS_MAX 16

struct tv_holiday {
	int32_t day;                /* the day number */
	enum tv_holiday_kind kind;  /* TV_HOLIDAY_PUBLIC or TV_HOLIDAY_CUSTOMARY */
	const char *key;            /* stable ASCII key for --json: "easter_sunday" */
	const char *name_da;        /* "påskedag"; static, borrowed */
	const char *name_en;        /* "Easter Sunday"; static, borrowed */
};

/* Easter Sunday (Gregorian, the anonymous algorithm) of year y (1..9999). */
int32_t tv_easter_day(int y);

/*
 * Is `day` a holiday? Fills *out (if not NULL) and returns true when it is; returns
 * false, leaving *out untouched, otherwise and for TV_NO_DAY.
 */
bool tv_holiday_find(int32_t day, struct tv_holiday *out);

/* The holiday's kind, TV_HOLIDAY_NONE when `day` is none (or TV_NO_DAY). */
enum tv_holiday_kind tv_holiday_kind(int32_t day);

/* The holiday's name in Danish ("påskedag") or English ("Easter Sunday"), static and
 * borrowed; NULL when `day` is not a holiday. */
const char *tv_holiday_name(int32_t day, bool danish);

/* Is `day` a working day: Monday to Friday and no holiday of either kind?
 * TV_NO_DAY is not. */
bool tv_day_is_working(int32_t day);

/* Saturday or Sunday? */
bool tv_day_is_weekend(int32_t day);

/*
 * The latest working day on or before `day`: `day` itself when it is a working day,
 * else the closest earlier one (a template date on Saturday 29 May 2027 moves to
 * Friday 28 May; on 2. påskedag 2026 to Wednesday 1 April, before skærtorsdag).
 * TV_NO_DAY gives TV_NO_DAY.
 */
int32_t tv_working_day_before(int32_t day);

/* The earliest working day on or after `day`, as tv_working_day_before forwards. */
int32_t tv_working_day_after(int32_t day);

/*
 * The holidays of `year` (1..9999), both kinds, in date order, into out[0..n);
 * returns n (at most TV_HOLIDAYS_MAX; 0 for a year outside 1..9999).
 */
int tv_holidays_in_year(int year, struct tv_holiday out[TV_HOLIDAYS_MAX]);

/*
 * What to tell a person who set a date on a day that is not a working day: NULL for a
 * working day (and TV_NO_DAY), else a newly allocated sentence (the caller's to free)
 * naming the day, in the interface language with the holiday's name in the board's
 * (tv_i18n_names_danish): "`shown` is a Saturday", "`shown` is påskedag",
 * "`shown` is grundlovsdag, a customary day off". `shown` is the date as the caller
 * shows it ("søn. 5. apr. 2026"). The date is the person's to keep: this is a note.
 */
char *tv_holiday_note(int32_t day, const char *shown);

#endif
