/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Dates and local times. A date is a day number (days since 1970-01-01, proleptic
 * Gregorian); a time of day is minutes since midnight. Local times are always
 * Europe/Copenhagen, computed with the EU rule (last Sunday of March 01:00 UTC to last
 * Sunday of October 01:00 UTC), independent of the process TZ, so storage, exports and
 * tests agree on every machine. Storage and exports use ISO 8601 and their parsers are
 * strict; what people type is read generously (tv_date_parse, tv_when_parse).
 * Must not depend on anything but the C library.
 */
#ifndef TAVLE_DATE_H
#define TAVLE_DATE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "tavle/status.h"

#define TV_NO_DAY INT32_MIN  /* "no date" */
#define TV_NO_TIME (-1)      /* "no time of day" (all-day / date only) */

/* A point on the board's calendar: a day, and optionally a local time of day. */
struct tv_when {
	int32_t day;     /* TV_NO_DAY if unset */
	int16_t minute;  /* 0..1439, or TV_NO_TIME for a date without time */
};

/* Calendar conversions. tv_date_from_ymd returns false for an impossible date
 * (2027-02-30, month 13); y must be 1..9999. */
bool tv_date_from_ymd(int y, int m, int d, int32_t *out_day);
void tv_date_to_ymd(int32_t day, int *y, int *m, int *d);
int tv_date_weekday(int32_t day); /* 0 = Monday .. 6 = Sunday */
int tv_date_iso_week(int32_t day, int *out_iso_year);

/* Today in Copenhagen for the instant `now`. */
int32_t tv_date_today(time_t now);

/*
 * Parse a date typed by a person (src/core/dateparse.c), relative to `today`:
 *   ISO "2026-12-18"; day first as Danes write, "18.12.2026", "18-12-2026", "1-2-2027",
 *   "18/12/2026", "18.12.26" (20YY); what tavle shows, "18. dec. 2026", "18 Dec 2026",
 *   "Dec 18, 2026", "fre. 18. dec. 2026" (the weekday must match), month names and
 *   their abbreviations in Danish and English (any prefix of 3+ letters, a full stop
 *   after it allowed); without a year ("18. dec.", "18.12.", "18.12", "18/12", "1/2")
 *   the next such date on or after today, and "1/2" is 1 February (day first);
 *   "i dag"/"today", "i morgen"/"tomorrow", "i overmorgen", "i går"/"yesterday";
 *   weekday names ("fredag", "fre", "friday", "fri"): the next such day strictly
 *   after today, so a week ahead on that weekday; "+3d", "-5d", "+2w", "+1m" (months:
 *   the same day number, clamped to the month's last day).
 * Case does not matter (Æ Ø Å included); surrounding spaces are allowed.
 * Errors: TV_INVALID with diag naming the input and the problem, then one sentence of
 * examples of what is accepted ("2027-02-30: no such day (February 2027 has 28 days).
 * Write e.g. ..."), translated.
 */
enum tv_status tv_date_parse(const char *text, int32_t today, int32_t *out_day,
	struct tv_diag *diag);

/* Parse strictly "YYYY-MM-DD" only (storage, templates, exports). */
enum tv_status tv_date_parse_iso(const char *text, int32_t *out_day, struct tv_diag *diag);

/* Read a date as the store keeps it ("YYYY-MM-DD", CHECK constraints make sure of it),
 * fast and without messages: NULL or anything unexpected reads as TV_NO_DAY. */
int32_t tv_date_parse_stored(const char *text);

/* Read a stored "YYYY-MM-DD" or "YYYY-MM-DD HH:MM" the same way: no date gives
 * TV_NO_DAY, a date without a valid time of day minute TV_NO_TIME. */
struct tv_when tv_when_parse_stored(const char *text);

/*
 * Parse a local Copenhagen time: a date as tv_date_parse reads it, then a time of day,
 * "9:30", "09:30", "9.30", optionally after "kl." or "at" ("18. dec. kl. 9.30",
 * "2026-12-18 09:30", "2026-12-18T09:30", "i morgen 10:00"). A time alone is on
 * `today`. With `allow_date_only`, a bare date gives minute = TV_NO_TIME, and a lone
 * "18.12" is a date ("9.30", no date, the time); without it, "18.12" is 18:12. A time inside the
 * spring-forward gap (02:00-02:59 on the last Sunday of March) does not exist and is
 * rejected with TV_INVALID. Messages as tv_date_parse's.
 */
enum tv_status tv_when_parse(const char *text, int32_t today, bool allow_date_only,
	struct tv_when *out, struct tv_diag *diag);

/* tv_when_parse with a time alone on `base_day` instead of today: a meeting's end
 * ("11:30") on its start's day. base_day TV_NO_DAY refuses a time alone. */
enum tv_status tv_when_parse_from(const char *text, int32_t today, int32_t base_day,
	bool allow_date_only, struct tv_when *out, struct tv_diag *diag);

/* Formats into caller buffers. "YYYY-MM-DD" needs 11 bytes; "YYYY-MM-DD HH:MM" 17.
 * TV_NO_DAY formats as "". */
#define TV_DATE_BUF 11
#define TV_WHEN_BUF 17
void tv_date_format(int32_t day, char buf[TV_DATE_BUF]);
void tv_when_format(struct tv_when when, char buf[TV_WHEN_BUF]);

/* UTC offset of Copenhagen, in seconds, at a UTC instant (3600 or 7200). */
int tv_cph_offset_at_utc(time_t utc);

/* The UTC instant of a local Copenhagen time. For the ambiguous hour in October the
 * first (summer time) instant is returned. Fails (false) for a time in the gap. */
bool tv_when_to_utc(struct tv_when when, time_t *out_utc);

/* Does the local time occur twice (the hour repeated when summer time ends in
 * October, 02:00-02:59)? tv_when_to_utc gives its first instant, as RFC 5545 §3.3.5
 * says. False for a date without a time. */
bool tv_when_repeated(struct tv_when when);

/* For a repeated time (tv_when_repeated), the note to show the person who entered
 * it, translated: "02:30 occurs twice on 2027-10-31; the first (summer time, +02:00)
 * is used". The caller frees it; NULL for any other time. */
char *tv_when_repeated_note(struct tv_when when);

/* Local Copenhagen day and minute of a UTC instant. */
struct tv_when tv_when_from_utc(time_t utc);

/* Format a UTC instant as "YYYYMMDDTHHMMSSZ" (17 bytes with NUL). */
void tv_utc_format_ical(time_t utc, char buf[17]);

/* Parse "YYYY-MM-DDTHH:MM:SSZ" (and "YYYYMMDDTHHMMSSZ") as a UTC instant. */
enum tv_status tv_utc_parse(const char *text, time_t *out, struct tv_diag *diag);

/* Parse an ISO 8601 duration such as "-P1D", "PT15M", "-PT1H30M", "P2W". */
enum tv_status tv_duration_parse(const char *text, long *out_seconds, struct tv_diag *diag);

#endif
