/* SPDX-License-Identifier: MPL-2.0 */
/*
 * iCalendar import: a file into meetings. The raw text passes the pre-pass
 * (prepass.c) first, then libical parses it, and each VEVENT directly inside the
 * VCALENDAR becomes a meeting or a skip note. CATEGORIES naming a meeting kind
 * (Danish, English or key) sets the kind, otherwise "other"; cancelled, recurring,
 * UID-less and DTSTART-less events are skipped with a reason, and so are wall-clock
 * times in a spring-forward gap (in our zone or the file's) and dates the export could
 * not write again. A URL other than http, https or mailto is dropped. Hard errors (a TZID without VTIMEZONE, DTEND a date where DTSTART
 * is a date-time) reject the whole file with a line number.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tavle/fields.h"
#include "tavle/text.h"
#include "ical_int.h"

/* The first X-LIC-ERROR below c (depth first), or NULL. */
static const char *
first_error(icalcomponent *c)
{
	icalproperty *p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY);
	if (p)
		return icalproperty_get_xlicerror(p);
	icalcompiter it = icalcomponent_begin_component(c, ICAL_ANY_COMPONENT);
	for (icalcomponent *k; (k = icalcompiter_deref(&it)) != NULL; icalcompiter_next(&it)) {
		const char *e = first_error(k);
		if (e)
			return e;
	}
	return NULL;
}

struct import_acc {
	struct tv_ical_import *imp;
	size_t capm, caps;
};

static void
add_skip(struct import_acc *a, const char *who, const char *reason)
{
	struct tv_ical_import *imp = a->imp;
	if (imp->nskipped == a->caps) {
		a->caps = a->caps ? a->caps * 2 : 8;
		imp->skipped = tv_xrealloc(imp->skipped, a->caps * sizeof *imp->skipped);
	}
	char *w = ical_san(who && *who ? who : "(uden navn)", false);
	imp->skipped[imp->nskipped++] = tv_xasprintf("%s: %s", w, reason);
	free(w);
}

static enum tv_meeting_kind
kind_from_categories(icalcomponent *ev)
{
	for (icalproperty *p = icalcomponent_get_first_property(ev, ICAL_CATEGORIES_PROPERTY); p;
	     p = icalcomponent_get_next_property(ev, ICAL_CATEGORIES_PROPERTY)) {
		const char *v = icalproperty_get_categories(p);
		if (!v)
			continue;
		for (int k = 0; k < TV_MEETING_KIND_COUNT; k++) {
			enum tv_meeting_kind mk = (enum tv_meeting_kind)k;
			if (mk == TV_MEET_OTHER)
				continue;
			if (strcasecmp(v, tv_meeting_kind_name(mk, true)) == 0 ||
			    strcasecmp(v, tv_meeting_kind_name(mk, false)) == 0 ||
			    strcasecmp(v, tv_meeting_kind_key(mk)) == 0)
				return mk;
		}
	}
	return TV_MEET_OTHER;
}

static const char *
prop_text(icalcomponent *ev, icalproperty_kind kind)
{
	icalproperty *p = icalcomponent_get_first_property(ev, kind);
	if (!p)
		return NULL;
	icalvalue *v = icalproperty_get_value(p);
	return v ? icalvalue_get_text(v) : NULL;
}

static int64_t
when_minutes(struct tv_when w)
{
	return (int64_t)w.day * 1440 + (w.minute == TV_NO_TIME ? 0 : w.minute);
}

/* Why an event cannot become a meeting before its times are read (cancelled, no UID,
 * recurring, no DTSTART, a UID already imported), or NULL. */
static const char *
skip_reason(icalcomponent *ev, const struct import_acc *a, const char *uid)
{
	icalproperty *ps = icalcomponent_get_first_property(ev, ICAL_STATUS_PROPERTY);
	if (ps && icalproperty_get_status(ps) == ICAL_STATUS_CANCELLED)
		return "cancelled";
	if (!uid || !*uid)
		return "no UID";
	if (icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY) ||
	    icalcomponent_get_first_property(ev, ICAL_RDATE_PROPERTY) ||
	    icalcomponent_get_first_property(ev, ICAL_RECURRENCEID_PROPERTY))
		return "recurring events are not supported";
	if (!icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY))
		return "no DTSTART";
	for (size_t i = 0; i < a->imp->nmeetings; i++)
		if (strcmp(a->imp->meetings[i].uid, uid) == 0)
			return "duplicate UID";
	return NULL;
}

/* The end from DTEND: a date is exclusive in iCalendar and inclusive on the board;
 * date and date-time cannot be mixed. Returns -1 with diag on a hard error. */
static int
end_from_dtend(icalcomponent *cal, icalproperty *pend, struct tv_when start,
	struct tv_when *end, bool *gap, int line, struct tv_diag *diag)
{
	const char *why = NULL;
	if (!ical_prop_to_local(cal, pend, icalproperty_get_dtend(pend), end, gap, &why))
		return ical_invalid_at(diag, line, "DTEND: %s", why);
	if (start.minute == TV_NO_TIME && end->minute == TV_NO_TIME) {
		/* An empty span is read as one day. */
		end->day = end->day > start.day ? end->day - 1 : start.day;
	} else if (start.minute == TV_NO_TIME || end->minute == TV_NO_TIME) {
		return ical_invalid_at(diag, line, "DTEND is a %s but DTSTART is not",
			end->minute == TV_NO_TIME ? "date" : "date-time");
	}
	return 0;
}

/* The end from DURATION: whole days for an all-day start, else on the UTC timeline. */
static struct tv_when
end_from_duration(icalproperty *pdur, struct tv_when start)
{
	int secs = icaldurationtype_as_int(icalproperty_get_duration(pdur));
	if (start.minute == TV_NO_TIME) {
		int days = secs / 86400;
		return (struct tv_when){ start.day + (days > 0 ? days - 1 : 0), TV_NO_TIME };
	}
	time_t su;
	if (tv_when_to_utc(start, &su))
		return tv_when_from_utc(su + secs);
	return start;
}

/* Start and end of an event in local time (no DTEND or DURATION: the end is the
 * start); `*gap` set for a time in the file zone's spring-forward gap. Returns -1
 * with diag on a hard error. */
static int
event_times(icalcomponent *cal, icalcomponent *ev, const struct ical_ev_lines *lines,
	struct tv_when *start, struct tv_when *end, bool *gap, struct tv_diag *diag)
{
	const char *why = NULL;
	icalproperty *pstart = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
	if (!ical_prop_to_local(cal, pstart, icalproperty_get_dtstart(pstart), start, gap, &why))
		return ical_invalid_at(diag, lines ? lines->dtstart : 0, "DTSTART: %s", why);
	icalproperty *pend = icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY);
	icalproperty *pdur = icalcomponent_get_first_property(ev, ICAL_DURATION_PROPERTY);
	if (pend)
		return end_from_dtend(cal, pend, *start, end, gap, lines ? lines->dtend : 0, diag);
	*end = pdur ? end_from_duration(pdur, *start) : *start;
	return 0;
}

/* Why times that were read cannot be kept, or NULL: a wall-clock time that does not
 * exist, a day the export could not write again (see ical_calendar_day), an end
 * before the start. */
static const char *
times_skip_reason(struct tv_when start, struct tv_when end, bool gap)
{
	time_t probe;
	if (gap || (start.minute != TV_NO_TIME && !tv_when_to_utc(start, &probe)) ||
	    (end.minute != TV_NO_TIME && !tv_when_to_utc(end, &probe)))
		return "time does not exist (summer-time change)";
	if (!ical_calendar_day(start.day) || !ical_calendar_day(end.day))
		return "date outside 1970-01-01 to 2499-12-30";
	if (when_minutes(end) < when_minutes(start))
		return "ends before it starts";
	return NULL;
}

/* Append the meeting of event `ev`, its texts sanitised. */
static void
add_meeting(struct import_acc *a, icalcomponent *ev, const char *uid, const char *summary,
	struct tv_when start, struct tv_when end)
{
	struct tv_ical_import *imp = a->imp;
	if (imp->nmeetings == a->capm) {
		a->capm = a->capm ? a->capm * 2 : 8;
		imp->meetings = tv_xrealloc(imp->meetings, a->capm * sizeof *imp->meetings);
	}
	struct tv_meeting *m = &imp->meetings[imp->nmeetings++];
	memset(m, 0, sizeof *m);
	m->uid = ical_san(uid, false);
	m->kind = kind_from_categories(ev);
	m->title = ical_san(summary && *summary ? summary : "(uden titel)", false);
	m->start = start;
	m->end = end;
	const char *loc = prop_text(ev, ICAL_LOCATION_PROPERTY);
	if (loc && *loc)
		m->place = ical_san(loc, false);
	icalproperty *pu = icalcomponent_get_first_property(ev, ICAL_URL_PROPERTY);
	const char *url = pu ? icalproperty_get_url(pu) : NULL;
	if (url && *url) {
		/* Only links the board accepts (tv_field_check): a javascript: or file: URL
		 * is dropped, not the meeting. */
		char *u = ical_san(url, false);
		if (tv_field_check(TV_FIELD_MEETING_url, u) == NULL)
			m->url = u;
		else
			free(u);
	}
	const char *notes = prop_text(ev, ICAL_DESCRIPTION_PROPERTY);
	if (notes && *notes)
		m->notes = ical_san(notes, true);
	m->version = 1;
}

/* One VEVENT into a meeting, or a skip note. Returns -1 with diag on a hard error.
 * Everything is read through first-property look-ups: no loop over ev is active. */
static int
import_event(icalcomponent *cal, icalcomponent *ev, const struct ical_ev_lines *lines,
	struct import_acc *a, struct tv_diag *diag)
{
	const char *uid = prop_text(ev, ICAL_UID_PROPERTY);
	const char *summary = prop_text(ev, ICAL_SUMMARY_PROPERTY);
	const char *who = uid && *uid ? uid : summary;
	const char *why = skip_reason(ev, a, uid);
	if (why) {
		add_skip(a, who, why);
		return 0;
	}
	bool gap = false;
	struct tv_when start, end;
	if (event_times(cal, ev, lines, &start, &end, &gap, diag) != 0)
		return -1;
	if ((why = times_skip_reason(start, end, gap)) != NULL) {
		add_skip(a, who, why);
		return 0;
	}
	add_meeting(a, ev, uid, summary, start, end);
	return 0;
}

enum tv_status
tv_ical_parse(const char *text, size_t len, struct tv_ical_import **out, struct tv_diag *diag)
{
	*out = NULL;
	if (!text)
		len = 0;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		len -= 3;
	}
	if (len == 0) {
		ical_invalid_at(diag, 1, "empty file");
		return TV_INVALID;
	}
	struct ical_prepass pp = {0};
	if (ical_prepass_scan(text, len, &pp, diag) != 0) {
		ical_prepass_free(&pp);
		return TV_INVALID;
	}
	char *copy = tv_xstrndup(text, len);
	icalcomponent *root = icalparser_parse_string(copy);
	free(copy);
	if (!root || icalcomponent_isa(root) != ICAL_VCALENDAR_COMPONENT) {
		if (root)
			icalcomponent_free(root);
		ical_prepass_free(&pp);
		ical_invalid_at(diag, 0, "libical could not parse the calendar");
		return TV_INVALID;
	}
	if (icalcomponent_count_errors(root) > 0) {
		const char *err = first_error(root);
		int line = err ? ical_error_line(&pp, err) : 0;
		ical_invalid_at(diag, line, "%s", err ? err : "libical reported an error");
		icalcomponent_free(root);
		ical_prepass_free(&pp);
		return TV_INVALID;
	}

	struct tv_ical_import *imp = tv_xcalloc(1, sizeof *imp);
	struct import_acc acc = { imp, 0, 0 };
	size_t idx = 0;
	int rc = 0;
	icalcompiter it = icalcomponent_begin_component(root, ICAL_VEVENT_COMPONENT);
	for (icalcomponent *ev; (ev = icalcompiter_deref(&it)) != NULL; icalcompiter_next(&it)) {
		const struct ical_ev_lines *lines = idx < pp.nevents ? &pp.events[idx] : NULL;
		idx++;
		if ((rc = import_event(root, ev, lines, &acc, diag)) != 0)
			break;
	}
	icalcomponent_free(root);
	ical_prepass_free(&pp);
	if (rc != 0) {
		tv_ical_import_free(imp);
		return TV_INVALID;
	}
	*out = imp;
	return TV_OK;
}

void
tv_ical_import_free(struct tv_ical_import *imp)
{
	if (!imp)
		return;
	for (size_t i = 0; i < imp->nmeetings; i++)
		tv_meeting_clear(&imp->meetings[i]);
	free(imp->meetings);
	tv_strv_free(imp->skipped, imp->nskipped);
	free(imp);
}
