/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Time for the calendar files: our one zone, built from the short Europe/Copenhagen
 * VTIMEZONE text below (builtin zones are never used: their TZID carries a prefix and
 * their VTIMEZONE crashes other parsers), the range of days libical can write, and
 * the conversions between tavle's local days and minutes and libical's times, both
 * ways: export (ical_date, ical_local) and import (ical_prop_to_local). Also the
 * release of libical's global caches at exit.
 *
 * Only days from 1970-01-01 to 2499-12-30 are written or imported
 * (ical_calendar_day): libical 3.0.16 writes any date after the year 3000 as
 * "00000000T000000" and drops VALUE=DATE from 0001-01-01; our VTIMEZONE starts in 1970
 * (before it readers apply no summer time, where tavle applies the EU rule), and
 * libical applies its rules only up to about 2582.
 */
#include <stdlib.h>
#include <string.h>

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

/* The local time `minutes` after `when`, counted on the UTC timeline: a default end
 * (a deadline's 15 minutes, a meeting's hour) must not land in the spring-forward gap,
 * a time that does not exist, which readers move or reject. A start in the gap itself
 * falls back to the wall clock. */
struct icaltimetype
ical_local_after(icaltimezone *zone, struct tv_when when, int minutes)
{
	time_t t;
	if (tv_when_to_utc(when, &t)) {
		struct tv_when end = tv_when_from_utc(t + (time_t)minutes * 60);
		return ical_local(zone, end.day, end.minute);
	}
	return ical_local(zone, when.day, when.minute + minutes);
}

/*
 * Convert a DTSTART/DTEND property value to Copenhagen local time. Returns false with
 * `*why` set when the TZID names a zone the file does not define.
 */
bool
ical_prop_to_local(icalcomponent *cal, icalproperty *p, struct icaltimetype t, struct tv_when *out,
	bool *gap, const char **why)
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
	icalparameter *tzp = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
	const char *tzid = tzp ? icalparameter_get_tzid(tzp) : NULL;
	if (icaltime_is_utc(t)) {
		struct icaltimetype u = t;
		u.zone = icaltimezone_get_utc_timezone();
		time_t tt = icaltime_as_timet_with_zone(u, icaltimezone_get_utc_timezone());
		*out = tv_when_from_utc(tt);
		return true;
	}
	icaltimezone *zone = tzid ? icalcomponent_get_timezone(cal, tzid) : NULL;
	if (tzid && !zone) {
		/* Our own zone by name (with or without a prefix) is local time. */
		size_t tl = strlen(tzid), cl = strlen(TZID_CPH);
		if (!(tl >= cl && strcmp(tzid + tl - cl, TZID_CPH) == 0)) {
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
	/* libical moves a wall-clock time in the zone's spring-forward gap to some other
	 * instant without saying so: a time that does not come back is such a time. */
	struct icaltimetype back = icaltime_from_timet_with_zone(tt, 0, zone);
	if (back.year != t.year || back.month != t.month || back.day != t.day ||
	    back.hour != t.hour || back.minute != t.minute)
		*gap = true;
	*out = tv_when_from_utc(tt);
	return true;
}

void
tv_ical_shutdown(void)
{
	icaltimezone_free_builtin_timezones();
	icalmemory_free_ring();
}
