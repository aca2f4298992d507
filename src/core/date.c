/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Calendar arithmetic, Copenhagen local time and the strict parsers for stored dates,
 * UTC timestamps and RFC 5545 durations (what people type is read in dateparse.c). Everything is pure integer arithmetic
 * (days_from_civil after Howard Hinnant) and the EU summer-time rule, never mktime()
 * or the process TZ, so storage, exports and tests agree on every machine.
 * Must not depend on anything but the C library.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tavle/date.h"
#include "tavle/i18n.h"
#include "date_int.h"

#define SECS_PER_DAY 86400
#define Q DATE_Q

/* For messages; translated where shown. */
static const char *const month_names[] = {
	N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
	N_("July"), N_("August"), N_("September"), N_("October"), N_("November"),
	N_("December"),
};

const char *
date_month_name(int m)
{
	return _(month_names[m - 1]);
}

static bool
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
date_days_in_month(int y, int m)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* Hinnant's days_from_civil: exact for the proleptic Gregorian calendar. */
static int32_t
days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int32_t z, int *y, int *m, int *d)
{
	int64_t zz = (int64_t)z + 719468;
	int64_t era = (zz >= 0 ? zz : zz - 146096) / 146097;
	int64_t doe = zz - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t yy = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t dd = doy - (153 * mp + 2) / 5 + 1;
	int64_t mm = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yy + (mm <= 2));
	*m = (int)mm;
	*d = (int)dd;
}

/* Floor division and modulo: instants before 1970 must still land on the right day. */
static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static int64_t
floor_mod(int64_t a, int64_t b)
{
	return a - floor_div(a, b) * b;
}

bool
tv_date_from_ymd(int y, int m, int d, int32_t *out_day)
{
	if (y < DATE_MIN_YEAR || y > DATE_MAX_YEAR || m < 1 || m > 12 || d < 1 || d > date_days_in_month(y, m))
		return false;
	*out_day = days_from_civil(y, m, d);
	return true;
}

void
tv_date_to_ymd(int32_t day, int *y, int *m, int *d)
{
	civil_from_days(day, y, m, d);
}

int
tv_date_weekday(int32_t day)
{
	/* 1970-01-01 was a Thursday (3 with Monday = 0). */
	return (int)floor_mod((int64_t)day + 3, 7);
}

int
tv_date_iso_week(int32_t day, int *out_iso_year)
{
	/* The ISO week belongs to the year of its Thursday. */
	int32_t thursday = day - tv_date_weekday(day) + 3;
	int y, m, d;
	civil_from_days(thursday, &y, &m, &d);
	int32_t jan1 = days_from_civil(y, 1, 1);
	if (out_iso_year)
		*out_iso_year = y;
	return (thursday - jan1) / 7 + 1;
}

/* ---- Copenhagen time ---- */

static int32_t
last_sunday(int y, int m)
{
	int32_t last = days_from_civil(y, m, date_days_in_month(y, m));
	/* weekday 6 is Sunday: step back (wd + 1) % 7 days. */
	return last - (tv_date_weekday(last) + 1) % 7;
}

int
tv_cph_offset_at_utc(time_t utc)
{
	int64_t t = (int64_t)utc;
	int y, m, d;
	civil_from_days((int32_t)floor_div(t, SECS_PER_DAY), &y, &m, &d);
	int64_t start = (int64_t)last_sunday(y, 3) * SECS_PER_DAY + 3600;
	int64_t end = (int64_t)last_sunday(y, 10) * SECS_PER_DAY + 3600;
	return t >= start && t < end ? 7200 : 3600;
}

bool
tv_when_to_utc(struct tv_when when, time_t *out_utc)
{
	if (when.day == TV_NO_DAY)
		return false;
	int minute = when.minute == TV_NO_TIME ? 0 : when.minute;
	int64_t local = (int64_t)when.day * SECS_PER_DAY + (int64_t)minute * 60;
	/* Try summer time first so the ambiguous October hour gives the first instant. */
	if (tv_cph_offset_at_utc((time_t)(local - 7200)) == 7200) {
		*out_utc = (time_t)(local - 7200);
		return true;
	}
	if (tv_cph_offset_at_utc((time_t)(local - 3600)) == 3600) {
		*out_utc = (time_t)(local - 3600);
		return true;
	}
	return false; /* the spring-forward gap */
}

bool
tv_when_repeated(struct tv_when when)
{
	if (when.day == TV_NO_DAY || when.minute == TV_NO_TIME)
		return false;
	int64_t local = (int64_t)when.day * SECS_PER_DAY + (int64_t)when.minute * 60;
	return tv_cph_offset_at_utc((time_t)(local - 7200)) == 7200 &&
		tv_cph_offset_at_utc((time_t)(local - 3600)) == 3600;
}

char *
tv_when_repeated_note(struct tv_when when)
{
	if (!tv_when_repeated(when))
		return NULL;
	char iso[TV_WHEN_BUF];
	tv_when_format(when, iso);
	/* "2027-10-31 02:30": the day and the time apart. */
	iso[10] = '\0';
	return tv_xasprintf(_("%s occurs twice on %s; the first (summer time, +02:00) is used"),
		iso + 11, iso);
}

struct tv_when
tv_when_from_utc(time_t utc)
{
	int64_t local = (int64_t)utc + tv_cph_offset_at_utc(utc);
	struct tv_when w;
	w.day = (int32_t)floor_div(local, SECS_PER_DAY);
	w.minute = (int16_t)(floor_mod(local, SECS_PER_DAY) / 60);
	return w;
}

int32_t
tv_date_today(time_t now)
{
	return tv_when_from_utc(now).day;
}

/* ---- formatting (by hand: no locale, and no truncation warnings) ---- */

static char *
put_digits(char *p, long v, int width)
{
	if (v < 0)
		v = 0;
	for (int i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + width;
}

void
tv_date_format(int32_t day, char buf[TV_DATE_BUF])
{
	if (day == TV_NO_DAY) {
		buf[0] = '\0';
		return;
	}
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	char *p = buf;
	p = put_digits(p, y, 4);
	*p++ = '-';
	p = put_digits(p, m, 2);
	*p++ = '-';
	p = put_digits(p, d, 2);
	*p = '\0';
}

void
tv_when_format(struct tv_when when, char buf[TV_WHEN_BUF])
{
	tv_date_format(when.day, buf);
	if (when.day == TV_NO_DAY || when.minute < 0 || when.minute >= 1440)
		return;
	char *p = buf + 10;
	*p++ = ' ';
	p = put_digits(p, when.minute / 60, 2);
	*p++ = ':';
	p = put_digits(p, when.minute % 60, 2);
	*p = '\0';
}

void
tv_utc_format_ical(time_t utc, char buf[17])
{
	int64_t t = (int64_t)utc;
	int64_t secs = floor_mod(t, SECS_PER_DAY);
	int y, m, d;
	civil_from_days((int32_t)floor_div(t, SECS_PER_DAY), &y, &m, &d);
	char *p = buf;
	p = put_digits(p, y, 4);
	p = put_digits(p, m, 2);
	p = put_digits(p, d, 2);
	*p++ = 'T';
	p = put_digits(p, (long)(secs / 3600), 2);
	p = put_digits(p, (long)(secs / 60 % 60), 2);
	p = put_digits(p, (long)(secs % 60), 2);
	*p++ = 'Z';
	*p = '\0';
}

/* ---- parsing ---- */

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* n digits at s, all of them digits. */
static bool
digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool
date_trim_copy(const char *text, char *buf, size_t size)
{
	while (is_space(*text))
		text++;
	size_t len = strlen(text);
	while (len > 0 && is_space(text[len - 1]))
		len--;
	if (len >= size)
		return false;
	memcpy(buf, text, len);
	buf[len] = '\0';
	return true;
}

const char *
date_quote(const char *in, char *out)
{
	const unsigned char *s = (const unsigned char *)(in ? in : "");
	size_t n = 0;
	while (*s && n < DATE_QUOTE_MAX) {
		unsigned char c = *s++;
		if (c >= 0x20 && c < 0x7F) {
			out[n++] = (char)c;
			continue;
		}
		out[n++] = '?';
		if (c >= 0xC0)
			while (*s >= 0x80 && *s < 0xC0)
				s++;
	}
	if (*s)
		memcpy(out + n, "...", 3), n += 3;
	out[n] = '\0';
	return out;
}

enum tv_status
date_check_ymd(const char *shown, int y, int m, int d, int32_t *out, struct tv_diag *diag)
{
	if (y < DATE_MIN_YEAR || y > DATE_MAX_YEAR)
		return tv_diag_set(diag, TV_INVALID, "%s: no such year (%d)", Q(shown), y);
	if (m < 1 || m > 12)
		return tv_diag_set(diag, TV_INVALID, "%s: no such month (%d)", Q(shown),
			m);
	if (d < 1 || d > date_days_in_month(y, m))
		return tv_diag_set(diag, TV_INVALID, "%s: no such day (%s %d has %d days)",
			Q(shown), _(month_names[m - 1]), y, date_days_in_month(y, m));
	*out = days_from_civil(y, m, d);
	return TV_OK;
}

/* s exactly of shape, a pattern such as "YYYY-MM-DD": each Y, M or D a digit of that field,
 * anything else itself; TV_UNSUPPORTED means "not of this shape". */
static enum tv_status
parse_shape(const char *s, const char *shape, const char *shown, int32_t *out,
	struct tv_diag *diag)
{
	int y = 0, m = 0, d = 0;
	if (strlen(s) != strlen(shape))
		return TV_UNSUPPORTED;
	for (size_t i = 0; shape[i]; i++) {
		int *field = shape[i] == 'Y' ? &y : shape[i] == 'M' ? &m : shape[i] == 'D' ? &d : NULL;
		if (!field) {
			if (s[i] != shape[i])
				return TV_UNSUPPORTED;
		} else if (is_digit(s[i])) {
			*field = *field * 10 + (s[i] - '0');
		} else {
			return TV_UNSUPPORTED;
		}
	}
	return date_check_ymd(shown, y, m, d, out, diag);
}

enum tv_status
tv_date_parse_iso(const char *text, int32_t *out_day, struct tv_diag *diag)
{
	if (!text)
		text = "";
	enum tv_status st = parse_shape(text, "YYYY-MM-DD", text, out_day, diag);
	if (st == TV_UNSUPPORTED)
		return tv_diag_set(diag, TV_INVALID, "%s: not a date (expected YYYY-MM-DD)",
			Q(text));
	return st;
}

/* Stored dates are always "YYYY-MM-DD" (CHECK constraints); those are read without
 * sscanf: a board load reads thousands of them (the benchmark's export spent 7% in
 * sscanf). */
int32_t
tv_date_parse_stored(const char *t)
{
	int y, m, d;
	int32_t day;
	bool fast = t && digits(t, 4, &y) && t[4] == '-' && digits(t + 5, 2, &m) &&
		t[7] == '-' && digits(t + 8, 2, &d);
	if (!fast && (!t || sscanf(t, "%4d-%2d-%2d", &y, &m, &d) != 3))
		return TV_NO_DAY;
	if (!tv_date_from_ymd(y, m, d, &day))
		return TV_NO_DAY;
	return day;
}

struct tv_when
tv_when_parse_stored(const char *t)
{
	struct tv_when w = { tv_date_parse_stored(t), TV_NO_TIME };
	int hh, mm;
	if (w.day == TV_NO_DAY || strlen(t) < 16)
		return w;
	bool fast = digits(t + 11, 2, &hh) && t[13] == ':' && digits(t + 14, 2, &mm);
	if (!fast && sscanf(t + 11, "%2d:%2d", &hh, &mm) != 2)
		return w;
	if (hh >= 0 && hh < 24 && mm >= 0 && mm < 60)
		w.minute = (int16_t)(hh * 60 + mm);
	return w;
}

enum tv_status
tv_utc_parse(const char *text, time_t *out, struct tv_diag *diag)
{
	int y, mo, d, h, mi, s;
	bool ok = false;
	if (!text)
		text = "";
	size_t len = strlen(text);
	if (len == 20)
		ok = text[4] == '-' && text[7] == '-' && text[10] == 'T' && text[13] == ':' &&
		     text[16] == ':' && text[19] == 'Z' && digits(text, 4, &y) &&
		     digits(text + 5, 2, &mo) && digits(text + 8, 2, &d) &&
		     digits(text + 11, 2, &h) && digits(text + 14, 2, &mi) &&
		     digits(text + 17, 2, &s);
	else if (len == 16)
		ok = text[8] == 'T' && text[15] == 'Z' && digits(text, 4, &y) &&
		     digits(text + 4, 2, &mo) && digits(text + 6, 2, &d) &&
		     digits(text + 9, 2, &h) && digits(text + 11, 2, &mi) &&
		     digits(text + 13, 2, &s);
	if (!ok)
		return tv_diag_set(diag, TV_INVALID,
			"%s: not a UTC time (expected YYYY-MM-DDTHH:MM:SSZ)", Q(text));
	int32_t day;
	enum tv_status st = date_check_ymd(text, y, mo, d, &day, diag);
	if (st != TV_OK)
		return st;
	if (h > 23 || mi > 59 || s > 59)
		return tv_diag_set(diag, TV_INVALID, "%s: no such time of day", Q(text));
	*out = (time_t)((int64_t)day * SECS_PER_DAY + h * 3600 + mi * 60 + s);
	return TV_OK;
}

/* A number of at most 8 digits followed by `unit`; advances *pp. */
static bool
dur_part(const char **pp, char unit, long *out)
{
	const char *p = *pp;
	long v = 0;
	int n = 0;
	while (is_digit(*p)) {
		if (++n > 8)
			return false;
		v = v * 10 + (*p - '0');
		p++;
	}
	if (n == 0 || *p != unit)
		return false;
	*out = v;
	*pp = p + 1;
	return true;
}

/* Does a number followed by `unit` start at p? */
static bool
dur_has(const char *p, char unit)
{
	while (is_digit(*p))
		p++;
	return *p == unit;
}

enum tv_status
tv_duration_parse(const char *text, long *out_seconds, struct tv_diag *diag)
{
	const char *p = text ? text : "";
	long sign = 1, total = 0, v;
	bool any = false;
	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	if (*p++ != 'P')
		goto bad;
	if (is_digit(*p) && dur_has(p, 'W')) {
		if (!dur_part(&p, 'W', &v))
			goto bad;
		total = v * 7 * SECS_PER_DAY;
		if (*p)
			goto bad;
		*out_seconds = sign * total;
		return TV_OK;
	}
	if (is_digit(*p)) {
		if (!dur_part(&p, 'D', &v))
			goto bad;
		total += v * SECS_PER_DAY;
		any = true;
	}
	if (*p == 'T') {
		p++;
		bool any_time = false;
		static const struct { char unit; long secs; } units[] = {
			{ 'H', 3600 }, { 'M', 60 }, { 'S', 1 },
		};
		for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
			if (is_digit(*p) && dur_has(p, units[i].unit)) {
				if (!dur_part(&p, units[i].unit, &v))
					goto bad;
				total += v * units[i].secs;
				any_time = true;
			}
		}
		if (!any_time)
			goto bad;
		any = true;
	}
	if (!any || *p)
		goto bad;
	*out_seconds = sign * total;
	return TV_OK;
bad:
	return tv_diag_set(diag, TV_INVALID,
		"%s: not a duration (use e.g. -P1D, PT15M, -PT1H30M or P2W)", Q(text));
}
