/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Dates and times as people type them, the one reader behind every date the CLI and
 * the TUI take in (tavle/date.h: tv_date_parse, tv_when_parse, tv_when_parse_from):
 * ISO dates, day-first numeric dates (18.12.2026, 18-12, 1/2), what tavle itself
 * shows (18. dec. 2026, fre. 18. dec., 18 Dec 2026, Dec 18), words (i morgen,
 * tomorrow, fredag, friday) and counts (+3d, -5d, +2w, +1m), each optionally followed
 * by a time (9:30, 09.30, kl. 9.30). The input is cut into words, lower-cased (ASCII
 * and æ, ø, å) and read by shape; nothing depends on the process locale. Every refusal
 * names the problem and ends with one sentence of examples. Storage keeps ISO
 * (date.c). Must not depend on anything but the C library.
 */
#include <stdio.h>
#include <string.h>

#include "tavle/date.h"
#include "tavle/i18n.h"
#include "date_int.h"

#define Q DATE_Q
#define INPUT_MAX 80
#define WORDS_MAX 8

/* The sentence that ends every refusal: what is accepted, by example. */
static const char accept_date[] =
	N_("Write e.g. 18.12.2026, 18 Dec, 2026-12-18, +3d, +2w, +1m, friday or tomorrow.");
static const char accept_when[] =
	N_("Write e.g. 18.12.2026 9:30, 18 Dec 9:30, 2026-12-18 09:30 or tomorrow 10:00.");

/* Full month and weekday names, Danish and English; any prefix of three letters or
 * more names the same month or day ("dec", "sept", "okt.", "fre", "thurs"). */
static const char *const months[][2] = {
	{ "januar", "january" }, { "februar", "february" }, { "marts", "march" },
	{ "april", "april" }, { "maj", "may" }, { "juni", "june" }, { "juli", "july" },
	{ "august", "august" }, { "september", "september" }, { "oktober", "october" },
	{ "november", "november" }, { "december", "december" },
};
static const char *const weekdays[][2] = {
	{ "mandag", "monday" }, { "tirsdag", "tuesday" }, { "onsdag", "wednesday" },
	{ "torsdag", "thursday" }, { "fredag", "friday" }, { "l\u00f8rdag", "saturday" },
	{ "s\u00f8ndag", "sunday" },
};
/* For messages; translated where shown. */
static const char *const weekday_names[] = {
	N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
	N_("Saturday"), N_("Sunday"),
};

/* Words for a day counted from today. */
static const struct {
	const char *word;
	int delta;
} day_words[] = {
	{ "today", 0 }, { "i dag", 0 }, { "idag", 0 },
	{ "tomorrow", 1 }, { "i morgen", 1 }, { "imorgen", 1 },
	{ "i overmorgen", 2 }, { "overmorgen", 2 },
	{ "yesterday", -1 }, { "i g\u00e5r", -1 }, { "ig\u00e5r", -1 },
};

/* Words that may stand before a time of day: "kl. 9.30", "at 9:30". */
static const char *const time_words[] = { "kl.", "kl", "klokken", "at" };

struct words {
	char *w[WORDS_MAX];
	int n;
};

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Append the sentence of examples to a refusal already in diag. */
static enum tv_status
refuse(struct tv_diag *diag, const char *accept)
{
	if (!diag)
		return TV_INVALID;
	size_t n = strlen(diag->msg);
	if (n + 3 < sizeof diag->msg)
		snprintf(diag->msg + n, sizeof diag->msg - n, "%s%s", n ? ". " : "", _(accept));
	return TV_INVALID;
}

/* Lower-case ASCII and the Danish capitals Æ Ø Å in place (their UTF-8 second bytes
 * differ by 0x20, as ASCII's letters do); commas become spaces ("Dec 18, 2026"). */
static void
fold(char *s)
{
	for (unsigned char *p = (unsigned char *)s; *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = (unsigned char)(*p + 32);
		else if (*p == ',')
			*p = ' ';
		else if (*p == 0xC3 && (p[1] == 0x86 || p[1] == 0x98 || p[1] == 0x85))
			p[1] = (unsigned char)(p[1] + 0x20), p++;
	}
}

/* Cut s (modified) into words at spaces and tabs; false if there are too many. */
static bool
split(char *s, struct words *out)
{
	out->n = 0;
	for (char *p = s; *p;) {
		while (*p == ' ' || *p == '\t')
			*p++ = '\0';
		if (!*p)
			break;
		if (out->n == WORDS_MAX)
			return false;
		out->w[out->n++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
	return true;
}

/* Characters (not bytes) in a UTF-8 string. */
static size_t
chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Index of the name `w` (a word, one full stop after it allowed) is a prefix of three
 * letters or more of, in a table of n rows of Danish and English names; -1 if none. */
static int
name_index(const char *w, const char *const (*table)[2], int n)
{
	char buf[16];
	size_t len = strlen(w);
	if (len && w[len - 1] == '.')
		len--;
	if (len >= sizeof buf)
		return -1;
	memcpy(buf, w, len);
	buf[len] = '\0';
	if (chars(buf) < 3)
		return -1;
	for (int i = 0; i < n; i++)
		for (int l = 0; l < 2; l++)
			if (strncmp(table[i][l], buf, len) == 0)
				return i;
	return -1;
}

static int
month_of(const char *w)
{
	int i = name_index(w, months, 12);
	return i < 0 ? 0 : i + 1;
}

static int
weekday_of(const char *w)
{
	return name_index(w, weekdays, 7);
}

/* A whole number of 1..max_digits digits, one full stop after it if `dot` allows;
 * false if w is anything else. */
static bool
number(const char *w, int max_digits, bool dot, int *out, int *ndigits)
{
	int v = 0, n = 0;
	for (; is_digit(*w); w++, n++) {
		if (n == max_digits)
			return false;
		v = v * 10 + (*w - '0');
	}
	if (n == 0 || (*w && !(dot && w[0] == '.' && !w[1])))
		return false;
	*out = v;
	if (ndigits)
		*ndigits = n;
	return true;
}

/* A year as written: four digits, or two meaning 20YY ("28. jan. 27", as tavle shows
 * years on narrow cards). */
static bool
year_word(const char *w, int *out)
{
	int n;
	if (!number(w, 4, false, out, &n) || n == 1 || n == 3)
		return false;
	if (n == 2)
		*out += 2000;
	return true;
}

/* today + delta days, inside the years 1..9999. */
static enum tv_status
shift(const char *shown, int32_t today, int64_t delta, int32_t *out, struct tv_diag *diag)
{
	int32_t first, last;
	if (today == TV_NO_DAY)
		return tv_diag_set(diag, TV_INVALID, "%s: no today to count from", Q(shown));
	tv_date_from_ymd(DATE_MIN_YEAR, 1, 1, &first);
	tv_date_from_ymd(DATE_MAX_YEAR, 12, 31, &last);
	int64_t day = (int64_t)today + delta;
	if (day < first || day > last)
		return tv_diag_set(diag, TV_INVALID, "%s: outside the years 1 to 9999", Q(shown));
	*out = (int32_t)day;
	return TV_OK;
}

/* "+3d", "-5d", "+2w", "+1m" (months: the same day number, the month's last day where
 * it is shorter); TV_UNSUPPORTED if w is not of that shape. Going back is as intended
 * as going ahead (a deadline that passed five days ago: -5d), documented with the
 * other forms in `tavle set --help` and tavle(1) (issue 15). */
static enum tv_status
relative(const char *w, int32_t today, int32_t *out, struct tv_diag *diag)
{
	if (w[0] != '+' && w[0] != '-')
		return TV_UNSUPPORTED;
	const char *p = w + 1;
	long n = 0;
	int nd = 0;
	for (; is_digit(*p); p++, nd++)
		if (nd < 6)
			n = n * 10 + (*p - '0');
	char unit = p[0];
	if (nd == 0 || (unit != 'd' && unit != 'w' && unit != 'm') || p[1])
		return TV_UNSUPPORTED;
	long sign = w[0] == '-' ? -1 : 1;
	if (unit == 'm') {
		if (nd > 4 || n < 1 || n > 1200)
			return tv_diag_set(diag, TV_INVALID, "%s: too far (use 1 to 1200 months)",
				Q(w));
		if (today == TV_NO_DAY)
			return tv_diag_set(diag, TV_INVALID, "%s: no today to count from", Q(w));
		int y, m, d;
		tv_date_to_ymd(today, &y, &m, &d);
		long months0 = (long)y * 12 + (m - 1) + sign * n;
		y = (int)(months0 / 12);
		m = (int)(months0 % 12) + 1;
		if (y < DATE_MIN_YEAR || y > DATE_MAX_YEAR)
			return tv_diag_set(diag, TV_INVALID, "%s: outside the years 1 to 9999",
				Q(w));
		int dim = date_days_in_month(y, m);
		tv_date_from_ymd(y, m, d < dim ? d : dim, out);
		return TV_OK;
	}
	if (nd > 4 || n < 1 || n > 3650)
		return unit == 'd'
			? tv_diag_set(diag, TV_INVALID, "%s: too far (use 1 to 3650 days)", Q(w))
			: tv_diag_set(diag, TV_INVALID, "%s: too far (use 1 to 3650 weeks)", Q(w));
	return shift(w, today, sign * n * (unit == 'w' ? 7 : 1), out, diag);
}

/* A day and month without a year: the next such date on or after today. 29 February
 * is the next one there is. */
static enum tv_status
next_date(const char *shown, int m, int d, int32_t today, int32_t *out, struct tv_diag *diag)
{
	if (m < 1 || m > 12)
		return tv_diag_set(diag, TV_INVALID, "%s: no such month (%d)", Q(shown), m);
	int most = m == 2 ? 29 : date_days_in_month(2001, m);
	if (d < 1 || d > most)
		return tv_diag_set(diag, TV_INVALID, "%s: no such day (%s has %d days)",
			Q(shown), date_month_name(m), most);
	if (today == TV_NO_DAY)
		return tv_diag_set(diag, TV_INVALID, "%s: no today to count from", Q(shown));
	int y, tm, td;
	tv_date_to_ymd(today, &y, &tm, &td);
	for (int i = 0; i < 9 && y + i <= DATE_MAX_YEAR; i++) {
		int32_t day;
		if (tv_date_from_ymd(y + i, m, d, &day) && day >= today) {
			*out = day;
			return TV_OK;
		}
	}
	return tv_diag_set(diag, TV_INVALID, "%s: outside the years 1 to 9999", Q(shown));
}

/* One word of digits: "2026-12-18" (ISO, exactly so), or day first with one kind of
 * separator: "18.12.2026", "18-12-2026", "1/2/2027", "18.12.", "18.12", "18-12",
 * "18/12", a two-digit year meaning 20YY. TV_UNSUPPORTED if not of these shapes. */
static enum tv_status
numeric(const char *w, const char *shown, int32_t today, int32_t *out, struct tv_diag *diag)
{
	int v[3] = { 0, 0, 0 }, nd[3] = { 0, 0, 0 }, parts = 0;
	char sep = 0;
	const char *p = w;
	for (;;) {
		for (; is_digit(*p); p++)
			if (++nd[parts] <= 4)
				v[parts] = v[parts] * 10 + (*p - '0');
		if (nd[parts] == 0)
			return TV_UNSUPPORTED;
		parts++;
		if (!*p)
			break;
		if (*p != '.' && *p != '-' && *p != '/')
			return TV_UNSUPPORTED;
		if (sep && *p != sep)
			return TV_UNSUPPORTED;
		sep = *p++;
		/* "18.12." ends with the separator: a year-less date, Danish style */
		if (!*p && sep == '.' && parts == 2)
			break;
		if (parts == 3)
			return TV_UNSUPPORTED;
	}
	if (parts < 2)
		return TV_UNSUPPORTED;
	if (nd[0] == 4) {
		/* ISO: exactly YYYY-MM-DD */
		if (parts != 3 || sep != '-' || nd[1] != 2 || nd[2] != 2)
			return TV_UNSUPPORTED;
		return date_check_ymd(shown, v[0], v[1], v[2], out, diag);
	}
	if (nd[0] > 2 || nd[1] > 2)
		return TV_UNSUPPORTED;
	if (parts == 2)
		return next_date(shown, v[1], v[0], today, out, diag);
	if (nd[2] != 4 && nd[2] != 2)
		return TV_UNSUPPORTED;
	return date_check_ymd(shown, nd[2] == 2 ? 2000 + v[2] : v[2], v[1], v[0], out, diag);
}

/* Day, month name and year in either order: "18. dec.", "18 dec 2026", "dec 18",
 * "december 18 2026". TV_UNSUPPORTED if not of these shapes. */
static enum tv_status
named_month(const struct words *ws, int from, const char *shown, int32_t today, int32_t *out,
	struct tv_diag *diag)
{
	int n = ws->n - from;
	char *const *w = ws->w + from;
	if (n < 2 || n > 3)
		return TV_UNSUPPORTED;
	int m, d, y;
	if ((m = month_of(w[1])) && number(w[0], 2, true, &d, NULL))
		;
	else if ((m = month_of(w[0])) && number(w[1], 2, true, &d, NULL))
		;
	else
		return TV_UNSUPPORTED;
	if (n == 2)
		return next_date(shown, m, d, today, out, diag);
	if (!year_word(w[2], &y))
		return TV_UNSUPPORTED;
	return date_check_ymd(shown, y, m, d, out, diag);
}

/* The words ws->w[from..] as a date; TV_UNSUPPORTED if they are no date at all. */
static enum tv_status
date_words(const struct words *ws, int from, const char *shown, int32_t today, int32_t *out,
	struct tv_diag *diag)
{
	int n = ws->n - from;
	char *const *w = ws->w + from;
	if (n <= 0)
		return TV_UNSUPPORTED;
	char joined[INPUT_MAX];
	joined[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (strlen(joined) + strlen(w[i]) + 2 > sizeof joined)
			return TV_UNSUPPORTED;
		if (i)
			strcat(joined, " ");
		strcat(joined, w[i]);
	}
	for (size_t i = 0; i < sizeof day_words / sizeof day_words[0]; i++)
		if (strcmp(joined, day_words[i].word) == 0)
			return shift(shown, today, day_words[i].delta, out, diag);
	int wd = weekday_of(w[0]);
	if (wd >= 0 && n == 1) {
		/* The next such day after today: "fredag" on a Friday is a week ahead. */
		if (today == TV_NO_DAY)
			return tv_diag_set(diag, TV_INVALID, "%s: no today to count from",
				Q(shown));
		int ahead = (wd - tv_date_weekday(today) + 7) % 7;
		return shift(shown, today, ahead ? ahead : 7, out, diag);
	}
	if (wd >= 0) {
		/* "fre. 18. dec. 2026", as tavle shows a date with its weekday: the weekday
		 * must be that date's */
		enum tv_status st = date_words(ws, from + 1, shown, today, out, diag);
		if (st != TV_OK)
			return st;
		if (tv_date_weekday(*out) != wd) {
			char iso[TV_DATE_BUF];
			tv_date_format(*out, iso);
			return tv_diag_set(diag, TV_INVALID, "%s: %s is a %s, not a %s", Q(shown),
				iso, _(weekday_names[tv_date_weekday(*out)]),
				_(weekday_names[wd]));
		}
		return TV_OK;
	}
	if (n == 1) {
		enum tv_status st = relative(w[0], today, out, diag);
		if (st != TV_UNSUPPORTED)
			return st;
		return numeric(w[0], shown, today, out, diag);
	}
	return named_month(ws, from, shown, today, out, diag);
}

static enum tv_status
not_a_date(const char *shown, struct tv_diag *diag)
{
	if (!*shown)
		tv_diag_set(diag, TV_INVALID, "no date given");
	else
		tv_diag_set(diag, TV_INVALID, "%s: not a date", Q(shown));
	return refuse(diag, accept_date);
}

/* Trim and fold *text into buf and cut it into words; false if it is too long. A NULL
 * *text reads as "" (and is set to it, for the caller's messages). */
static bool
prepare(const char **text, char *shown, char *buf, size_t size, struct words *ws)
{
	if (!*text)
		*text = "";
	if (!date_trim_copy(*text, shown, size))
		return false;
	memcpy(buf, shown, strlen(shown) + 1);
	fold(buf);
	return split(buf, ws);
}

enum tv_status
tv_date_parse(const char *text, int32_t today, int32_t *out_day, struct tv_diag *diag)
{
	char shown[INPUT_MAX], buf[INPUT_MAX];
	struct words ws;
	if (!prepare(&text, shown, buf, sizeof buf, &ws))
		return not_a_date(text, diag);
	int32_t day;
	enum tv_status st = date_words(&ws, 0, shown, today, &day, diag);
	if (st == TV_UNSUPPORTED)
		return not_a_date(shown, diag);
	if (st != TV_OK)
		return refuse(diag, accept_date);
	*out_day = day;
	return TV_OK;
}

/* "9:30", "09:30", and with `dots` also "9.30", "09.30"; with `bare` also "9" (after
 * "kl."). Returns false if w is not a time of that shape; *h and *m may be out of
 * range (checked by the caller, which names the problem). */
static bool
time_word(const char *w, bool dots, bool bare, int *h, int *m)
{
	int hn = 0;
	*h = 0;
	for (; is_digit(*w) && hn < 2; w++, hn++)
		*h = *h * 10 + (*w - '0');
	if (hn == 0)
		return false;
	if (!*w && bare) {
		*m = 0;
		return true;
	}
	if (!(*w == ':' || (dots && *w == '.')))
		return false;
	w++;
	if (!is_digit(w[0]) || !is_digit(w[1]) || w[2])
		return false;
	*m = (w[0] - '0') * 10 + (w[1] - '0');
	return true;
}

static bool
is_time_word(const char *w)
{
	for (size_t i = 0; i < sizeof time_words / sizeof time_words[0]; i++)
		if (strcmp(w, time_words[i]) == 0)
			return true;
	return false;
}

/* "2026-12-18t09:30" (folded): split at the 't' into two words. */
static void
split_iso_t(struct words *ws)
{
	for (int i = 0; i < ws->n; i++) {
		char *w = ws->w[i];
		if (strlen(w) > 11 && w[10] == 't' && w[4] == '-' && w[7] == '-' &&
		    is_digit(w[11]) && ws->n < WORDS_MAX) {
			memmove(ws->w + i + 2, ws->w + i + 1, (size_t)(ws->n - i - 1) * sizeof *ws->w);
			w[10] = '\0';
			ws->w[i + 1] = w + 11;
			ws->n++;
			return;
		}
	}
}

static enum tv_status
not_a_when(const char *shown, struct tv_diag *diag)
{
	tv_diag_set(diag, TV_INVALID, "%s: not a date and time", Q(shown));
	return refuse(diag, accept_when);
}

enum tv_status
tv_when_parse_from(const char *text, int32_t today, int32_t base_day, bool allow_date_only,
	struct tv_when *out, struct tv_diag *diag)
{
	char shown[INPUT_MAX], buf[INPUT_MAX];
	struct words ws;
	if (!prepare(&text, shown, buf, sizeof buf, &ws))
		return not_a_when(text, diag);
	split_iso_t(&ws);
	int h = 0, mi = 0, date_end = ws.n;
	bool has_time = false;
	if (ws.n >= 2 && is_time_word(ws.w[ws.n - 2]) &&
	    time_word(ws.w[ws.n - 1], true, true, &h, &mi)) {
		has_time = true;
		date_end = ws.n - 2;
	} else if (ws.n >= 1 && time_word(ws.w[ws.n - 1], true, false, &h, &mi)) {
		/* "9.30" is a time where a time is required; where a date alone will do,
		 * "18.12" and "fre. 18.12" are dates, and "9.30" and "12.15", which cannot
		 * be, are times. */
		int32_t d;
		has_time = strchr(ws.w[ws.n - 1], ':') || !allow_date_only ||
			(h < 24 && mi < 60 && date_words(&ws, 0, shown, today, &d, NULL) != TV_OK);
		if (has_time)
			date_end = ws.n - 1;
	}
	if (!has_time && strchr(shown, ':'))
		return not_a_when(shown, diag);
	int32_t day = base_day;
	ws.n = date_end;
	if (date_end > 0) {
		/* the date part alone, for its messages */
		enum tv_status st = date_words(&ws, 0, shown, today, &day, diag);
		if (st == TV_UNSUPPORTED)
			return has_time ? not_a_when(shown, diag) : not_a_date(shown, diag);
		if (st != TV_OK)
			return refuse(diag, has_time ? accept_when : accept_date);
	} else if (!has_time) {
		return not_a_date(shown, diag);
	} else if (day == TV_NO_DAY) {
		tv_diag_set(diag, TV_INVALID, "%s: needs a date", Q(shown));
		return refuse(diag, accept_when);
	}
	if (!has_time) {
		if (!allow_date_only) {
			tv_diag_set(diag, TV_INVALID, "%s: needs a time (HH:MM)", Q(shown));
			return refuse(diag, accept_when);
		}
		out->day = day;
		out->minute = TV_NO_TIME;
		return TV_OK;
	}
	if (h > 23 || mi > 59) {
		tv_diag_set(diag, TV_INVALID, "%s: no such time of day (%02d:%02d)", Q(shown), h,
			mi);
		return refuse(diag, accept_when);
	}
	struct tv_when w = { .day = day, .minute = (int16_t)(h * 60 + mi) };
	time_t utc;
	if (!tv_when_to_utc(w, &utc)) {
		char iso[TV_WHEN_BUF];
		tv_when_format(w, iso);
		return tv_diag_set(diag, TV_INVALID,
			"%s: this time does not exist in Copenhagen "
			"(clocks go forward from 02:00 to 03:00)", iso);
	}
	*out = w;
	return TV_OK;
}

enum tv_status
tv_when_parse(const char *text, int32_t today, bool allow_date_only, struct tv_when *out,
	struct tv_diag *diag)
{
	return tv_when_parse_from(text, today, today, allow_date_only, out, diag);
}
