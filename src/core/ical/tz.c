/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Time for the calendar files: our one zone, built from the short Europe/Copenhagen
 * VTIMEZONE text below (builtin zones are never used: their TZID carries a prefix and
 * their VTIMEZONE crashes other parsers), the range of days libical can write, and
 * the conversions between tavle's local days and minutes and libical's times, both
 * ways: export (ical_date, ical_local) and import (ical_prop_to_local). Also the
 * release of libical's global caches at exit. A TZID the file gives no VTIMEZONE for
 * is looked up by name in the system's zone database (libical's builtin zones, read
 * from tzdata): an Olson name ("Europe/Berlin"), one behind a vendor prefix
 * ("/freeassociation.sourceforge.net/Europe/Berlin", "/mozilla.org/20050126_1/..."),
 * or a Windows name as Outlook writes it ("Romance Standard Time"), mapped to an
 * Olson name by ICU's copy of CLDR's table. Builtin zones only convert incoming
 * times; the export never writes one.
 *
 * Only days from 1970-01-01 to 2499-12-30 are written or imported
 * (ical_calendar_day): libical 3.0.16 writes any date after the year 3000 as
 * "00000000T000000" and drops VALUE=DATE from 0001-01-01; our VTIMEZONE starts in 1970
 * (before it readers apply no summer time, where tavle applies the EU rule), and
 * libical applies its rules only up to about 2582.
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/ucal.h>
#include <unicode/ustring.h>

#include "tavle/i18n.h"
#include "ical_int.h"

/* The short form: Outlook ignores RDATE zones, python-icalendar 4.0.3 crashes on the
 * long generated ones. Rules since 1970 are all tavle needs. */
static const char vtimezone_text[] =
	"BEGIN:VTIMEZONE\r\n"
	"TZID:Europe/Copenhagen\r\n"
	"X-LIC-LOCATION:Europe/Copenhagen\r\n"
	"BEGIN:DAYLIGHT\r\n"
	"TZOFFSETFROM:+0100\r\n"
	"TZOFFSETTO:+0200\r\n"
	"TZNAME:CEST\r\n"
	"DTSTART:19700329T020000\r\n"
	"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
	"END:DAYLIGHT\r\n"
	"BEGIN:STANDARD\r\n"
	"TZOFFSETFROM:+0200\r\n"
	"TZOFFSETTO:+0100\r\n"
	"TZNAME:CET\r\n"
	"DTSTART:19701025T030000\r\n"
	"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
	"END:STANDARD\r\n"
	"END:VTIMEZONE\r\n";

icaltimezone *
ical_zone_new(void)
{
	icalcomponent *vtz = icalcomponent_new_from_string(vtimezone_text);
	if (!vtz)
		return NULL;
	icaltimezone *zone = icaltimezone_new();
	icaltimezone_set_component(zone, vtz);
	return zone;
}

struct icaltimetype
ical_utc(time_t t)
{
	return icaltime_from_timet_with_zone(t, 0, icaltimezone_get_utc_timezone());
}

/* Can libical write this day, also as an exclusive DTEND or with a time rolled past
 * midnight (the day after)? See the comment at the top. */
bool
ical_calendar_day(int32_t day)
{
	int32_t first, last;
	tv_date_from_ymd(1970, 1, 1, &first);
	tv_date_from_ymd(2499, 12, 30, &last);
	return day != TV_NO_DAY && day >= first && day <= last;
}

/* A UTC timestamp text for LAST-MODIFIED, or `fallback` if unset, bad or unwritable. */
time_t
ical_utc_or(const char *text, time_t fallback)
{
	time_t t;
	if (text && *text && tv_utc_parse(text, &t, NULL) == TV_OK &&
	    ical_calendar_day(tv_date_today(t)))
		return t;
	return fallback;
}

/* The year, month and day of `day` into t. */
static void
set_day(struct icaltimetype *t, int32_t day)
{
	int y, m, d;
	tv_date_to_ymd(day, &y, &m, &d);
	t->year = y;
	t->month = m;
	t->day = d;
}

struct icaltimetype
ical_date(int32_t day)
{
	struct icaltimetype t = icaltime_null_date();
	set_day(&t, day);
	t.is_date = 1;
	return t;
}

/* A local Copenhagen time (day, minute), labelled with our zone. Minutes past the
 * day roll over into the next day. */
struct icaltimetype
ical_local(icaltimezone *zone, int32_t day, int minute)
{
	day += minute / 1440;
	minute %= 1440;
	struct icaltimetype t = icaltime_null_time();
	set_day(&t, day);
	t.hour = minute / 60;
	t.minute = minute % 60;
	t.second = 0;
	t.is_date = 0;
	icaltime_set_timezone(&t, zone);
	return t;
}

/* Could `s` be a zone name, and nothing else (no "..", no odd bytes)? libical may
 * read a name it does not know as a file under the zone directory. */
static bool
zone_name_ok(const char *s, size_t n)
{
	if (n == 0 || n > 64 || s[0] == '/' || strstr(s, "..") || strstr(s, "//"))
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '/' || c == '_' || c == '-' || c == '+'))
			return false;
	}
	return true;
}

/* An Olson name in the system's zone database, or NULL. */
static icaltimezone *
builtin_zone(const char *name)
{
	if (!zone_name_ok(name, strlen(name)) || !strchr(name, '/'))
		return NULL;
	return icaltimezone_get_builtin_timezone(name);
}

/* A Windows zone name ("W. Europe Standard Time") through ICU's CLDR mapping, for
 * Denmark where the name has a Danish zone. */
static icaltimezone *
windows_zone(const char *tzid)
{
	size_t n = strlen(tzid);
	if (n == 0 || n > 64)
		return NULL;
	UChar win[80], olson[80];
	u_uastrncpy(win, tzid, (int32_t)(sizeof win / sizeof win[0]) - 1);
	win[n] = 0;
	UErrorCode err = U_ZERO_ERROR;
	int32_t len = ucal_getTimeZoneIDForWindowsID(win, (int32_t)n, "DK", olson,
		(int32_t)(sizeof olson / sizeof olson[0]) - 1, &err);
	if (U_FAILURE(err) || len <= 0 || len >= 79)
		return NULL;
	olson[len] = 0;
	char name[80];
	u_austrncpy(name, olson, (int32_t)sizeof name - 1);
	name[len] = '\0';
	return builtin_zone(name);
}

/* The zone a TZID without VTIMEZONE names, or NULL: an Olson name, the Olson name
 * behind a prefix (each "/"-separated tail is tried, longest first), a Windows name. */
static icaltimezone *
zone_by_name(const char *tzid)
{
	icaltimezone *z = builtin_zone(tzid);
	if (z)
		return z;
	if (tzid[0] == '/') {
		for (const char *p = strchr(tzid, '/'); p; p = strchr(p + 1, '/'))
			if ((z = builtin_zone(p + 1)) != NULL)
				return z;
		return NULL;
	}
	return windows_zone(tzid);
}

/*
 * Convert a date-time `t` written with TZID `tzid` (NULL: none) in calendar `cal` to
 * Copenhagen local time. Returns false with `*why` set when the TZID names a zone the
 * file does not define or the date is invalid. Shared by DTSTART/DTEND and the
 * occurrences of a series (recur.c), which carry their DTSTART's TZID.
 */
bool
ical_time_to_local(icalcomponent *cal, const char *tzid, struct icaltimetype t,
	struct tv_when *out, bool *gap, const char **why)
{
	if (t.is_date) {
		int32_t day;
		if (!tv_date_from_ymd(t.year, t.month, t.day, &day)) {
			*why = N_("invalid date");
			return false;
		}
		*out = (struct tv_when){ day, TV_NO_TIME };
		return true;
	}
	if (icaltime_is_utc(t)) {
		struct icaltimetype u = t;
		u.zone = icaltimezone_get_utc_timezone();
		time_t tt = icaltime_as_timet_with_zone(u, icaltimezone_get_utc_timezone());
		*out = tv_when_from_utc(tt);
		return true;
	}
	icaltimezone *zone = tzid ? icalcomponent_get_timezone(cal, tzid) : NULL;
	if (tzid && !zone) {
		/* Our own zone by name (with or without a prefix) is local time; another
		 * is looked up by name. */
		size_t tl = strlen(tzid), cl = strlen(TZID_CPH);
		if (!(tl >= cl && strcmp(tzid + tl - cl, TZID_CPH) == 0) &&
		    (zone = zone_by_name(tzid)) == NULL) {
			*why = N_("time zone without VTIMEZONE");
			return false;
		}
	}
	if (!zone) {
		/* Floating or Copenhagen: the wall clock is already local. */
		int32_t day;
		if (!tv_date_from_ymd(t.year, t.month, t.day, &day)) {
			*why = N_("invalid date");
			return false;
		}
		*out = (struct tv_when){ day, (int16_t)(t.hour * 60 + t.minute) };
		return true;
	}
	struct icaltimetype z = t;
	z.zone = NULL;
	time_t tt = icaltime_as_timet_with_zone(z, zone);
	/* A wall-clock time the zone's autumn change repeats is its first instant (RFC
	 * 5545 §3.3.5); libical may give the second. The hour before that instant shows
	 * the same wall clock then. */
	struct icaltimetype early = icaltime_from_timet_with_zone(tt - 3600, 0, zone);
	if (early.year == t.year && early.month == t.month && early.day == t.day &&
	    early.hour == t.hour && early.minute == t.minute)
		tt -= 3600;
	/* libical moves a wall-clock time in the zone's spring-forward gap to some other
	 * instant without saying so: a time that does not come back is such a time. */
	struct icaltimetype back = icaltime_from_timet_with_zone(tt, 0, zone);
	if (back.year != t.year || back.month != t.month || back.day != t.day ||
	    back.hour != t.hour || back.minute != t.minute)
		*gap = true;
	*out = tv_when_from_utc(tt);
	return true;
}

/* The UTC instant of date-time `t` (not a date) written with TZID `tzid` in `cal`:
 * false when the zone is unknown or the date invalid. A floating time or one in our
 * zone is Copenhagen wall-clock time. */
bool
ical_time_to_utc(icalcomponent *cal, const char *tzid, struct icaltimetype t, time_t *out)
{
	if (t.is_date)
		return false;
	if (icaltime_is_utc(t)) {
		struct icaltimetype u = t;
		u.zone = icaltimezone_get_utc_timezone();
		*out = icaltime_as_timet_with_zone(u, icaltimezone_get_utc_timezone());
		return true;
	}
	icaltimezone *zone = tzid ? icalcomponent_get_timezone(cal, tzid) : NULL;
	if (tzid && !zone) {
		size_t tl = strlen(tzid), cl = strlen(TZID_CPH);
		if (!(tl >= cl && strcmp(tzid + tl - cl, TZID_CPH) == 0) &&
		    (zone = zone_by_name(tzid)) == NULL)
			return false;
	}
	if (!zone) {
		int32_t day;
		if (!tv_date_from_ymd(t.year, t.month, t.day, &day))
			return false;
		return tv_when_to_utc((struct tv_when){ day, (int16_t)(t.hour * 60 + t.minute) }, out);
	}
	struct icaltimetype z = t;
	z.zone = NULL;
	*out = icaltime_as_timet_with_zone(z, zone);
	return true;
}

/* The TZID parameter of `p`, or NULL. */
const char *
ical_prop_tzid(icalproperty *p)
{
	icalparameter *tzp = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
	return tzp ? icalparameter_get_tzid(tzp) : NULL;
}

/*
 * Convert a DTSTART/DTEND property value to Copenhagen local time. Returns false with
 * `*why` set when the TZID names a zone the file does not define.
 */
bool
ical_prop_to_local(icalcomponent *cal, icalproperty *p, struct icaltimetype t, struct tv_when *out,
	bool *gap, const char **why)
{
	return ical_time_to_local(cal, ical_prop_tzid(p), t, out, gap, why);
}

void
tv_ical_shutdown(void)
{
	icaltimezone_free_builtin_timezones();
	icalmemory_free_ring();
}
