/* SPDX-License-Identifier: MPL-2.0 */
/*
 * iCalendar import: a file into meetings. The raw text passes the pre-pass
 * (prepass.c) first, then libical parses it, and each VEVENT directly inside a
 * VCALENDAR (a file may hold several) becomes a meeting or a skip note. CATEGORIES
 * naming a meeting kind (Danish, English or key) sets the kind, otherwise "other";
 * SEQUENCE is kept beside it. A cancelled event with a UID (METHOD:CANCEL, or
 * STATUS:CANCELLED) becomes a cancellation: of the meeting, of one occurrence (with a
 * RECURRENCE-ID), or of a whole series. Recurring events (RRULE, RDATE) are handed to
 * recur.c, which expands them into occurrences in the import's window; each
 * calendar's overrides (RECURRENCE-ID) are collected in a first pass, so that their
 * series finds them wherever they stand, and an override no series placed is an
 * occurrence of its own. The helpers both files use (skip notes, meetings,
 * cancellations, times) carry the ical_imp_ prefix (ical_int.h).
 * A text that is not a calendar fails whole; an event that cannot be used is skipped
 * with its line and the reason, and the rest is read (issue 17): DTSTART-less
 * events, a TZID without VTIMEZONE that is no zone name the
 * system knows (tz.c looks such names up), an invalid date, time or
 * RRULE, DTEND a date where DTSTART is a date-time, wall-clock times in a
 * spring-forward gap (in our zone or the file's), dates the export could not write
 * again. tavle's own deadlines, tasks, phases and decisions (UIDs of export.c) are not
 * meetings and are skipped as such. libical's complaints are weighed, not obeyed: an
 * empty value ("No value for DESCRIPTION property", legal RFC 5545 text) and an
 * unknown property (SUBCALENDAR-NAME, RFC 9253 LINK) are ignored; a value libical
 * could not read skips the event only when it is one the import uses. A URL other
 * than http, https or mailto is dropped. tavle's own export carries a meeting's fields
 * in X-TAVLE- properties, read instead of LOCATION and DESCRIPTION (ical_imp_meeting); a
 * foreign invitation's ATTENDEEs become its participants. A wall-clock time that
 * another zone's autumn change repeats is read as its first instant (tz.c). An event
 * without UID (Outlook, OWA) gets one made from its content (make_uid).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tavle/fields.h"
#include "tavle/i18n.h"
#include "tavle/text.h"
#include "ical_int.h"

/* Properties whose value the import reads to place an event: an X-LIC-ERROR about one
 * of them (libical removed the property) makes the event unusable. */
static const char *const used_props[] = {
	"DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID",
	"STATUS", "SEQUENCE",
};

/* Does libical's error text `err` speak of a property the import uses? Empty values
 * ("No value for X property") and unknown property names are not. */
static bool
error_matters(const char *err)
{
	if (strncmp(err, "No value for ", 13) == 0 || strncmp(err, "Parse error in property name", 28) == 0)
		return false;
	for (size_t i = 0; i < sizeof used_props / sizeof used_props[0]; i++) {
		char probe[40];
		snprintf(probe, sizeof probe, " %s property", used_props[i]);
		if (strstr(err, probe))
			return true;
	}
	return false;
}

/* Note a skipped event: "line N: UID or summary: reason" (`reason` translated). An
 * `error` is an event that cannot be used (what --strict refuses), not one that is
 * deliberately not a meeting. */
void
ical_imp_skip(struct ical_import_acc *a, int line, const char *who, const char *reason, bool error)
{
	struct tv_ical_import *imp = a->imp;
	if (imp->nskipped == a->caps) {
		a->caps = a->caps ? a->caps * 2 : 8;
		imp->skipped = tv_xrealloc(imp->skipped, a->caps * sizeof *imp->skipped);
	}
	char *raw = line > 0 ? tv_xasprintf(_("line %d: %s: %s"), line,
		who && *who ? who : "(uden navn)", reason) :
		tv_xasprintf("%s: %s", who && *who ? who : "(uden navn)", reason);
	imp->skipped[imp->nskipped++] = ical_san(raw, false);
	free(raw);
	if (error)
		imp->nerrors++;
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

const char *
ical_imp_text(icalcomponent *ev, icalproperty_kind kind)
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

/* tavle's own items that are not meetings, by the UIDs export.c writes
 * ("pkg-…@tavle", "task-…@tavle", "phase-…@tavle", "decision-…@tavle", "…-todo@tavle"):
 * why one is skipped, or NULL for anything else (its meetings, "meet-…@tavle" or a
 * foreign UID with "@tavle" added, are meetings and update by UID). */
static const char *
own_item_reason(const char *uid)
{
	size_t n = strlen(uid), dl = strlen(UID_DOMAIN);
	if (n <= dl || strcmp(uid + n - dl, UID_DOMAIN) != 0)
		return NULL;
	if (n > dl + 5 && memcmp(uid + n - dl - 5, "-todo", 5) == 0)
		return _("tavle's own to-do, not a meeting");
	if (strncmp(uid, "pkg-", 4) == 0)
		return _("tavle's own deadline, not a meeting");
	if (strncmp(uid, "task-", 5) == 0)
		return _("tavle's own task deadline, not a meeting");
	if (strncmp(uid, "phase-", 6) == 0)
		return _("tavle's own phase, not a meeting");
	if (strncmp(uid, "decision-", 9) == 0)
		return _("tavle's own decision, not a meeting");
	return NULL;
}

/* Why an event cannot become a meeting before its times are read (cancelled, no UID,
 * no DTSTART, a UID already imported as a single event or series), or NULL. */
static const char *
skip_reason(icalcomponent *ev, const struct ical_import_acc *a, const char *uid)
{
	icalproperty *ps = icalcomponent_get_first_property(ev, ICAL_STATUS_PROPERTY);
	if (ps && icalproperty_get_status(ps) == ICAL_STATUS_CANCELLED)
		return _("cancelled");
	if (!uid || !*uid)
		return _("no UID");
	if (!icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY))
		return _("no DTSTART");
	/* Compared as kept: sanitised (an escaped newline in a UID becomes a space). */
	char *su = ical_san(uid, false);
	const char *why = NULL;
	for (size_t i = 0; !why && i < a->imp->nmeetings; i++)
		if (!a->imp->meetings[i].recurrence_id && strcmp(a->imp->meetings[i].uid, su) == 0)
			why = _("duplicate UID");
	for (size_t i = 0; !why && i < a->imp->nseries; i++)
		if (strcmp(a->imp->series[i].uid, su) == 0)
			why = _("duplicate UID");
	free(su);
	return why;
}

/* Why a time property cannot be read, into `why` (translated): the property's name,
 * the reason and, for a zone, its TZID. Returns -1. */
static int
time_error(icalproperty *p, const char *name, const char *reason, char *why, size_t n)
{
	icalparameter *tzp = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
	const char *tzid = tzp ? icalparameter_get_tzid(tzp) : NULL;
	if (tzid)
		snprintf(why, n, "%s: %s (%s)", name, _(reason), tzid);
	else
		snprintf(why, n, "%s: %s", name, _(reason));
	return -1;
}

/* The end from DTEND: a date is exclusive in iCalendar and inclusive on the board;
 * date and date-time cannot be mixed. Returns -1 with `why` set when it cannot be read. */
static int
end_from_dtend(icalcomponent *cal, icalproperty *pend, struct tv_when start,
	struct tv_when *end, bool *gap, char *why, size_t n)
{
	const char *reason = NULL;
	if (!ical_prop_to_local(cal, pend, icalproperty_get_dtend(pend), end, gap, &reason))
		return time_error(pend, "DTEND", reason, why, n);
	if (start.minute == TV_NO_TIME && end->minute == TV_NO_TIME) {
		/* An empty span is read as one day. */
		end->day = end->day > start.day ? end->day - 1 : start.day;
	} else if (start.minute == TV_NO_TIME || end->minute == TV_NO_TIME) {
		snprintf(why, n, _("DTEND is a %s but DTSTART is not"),
			end->minute == TV_NO_TIME ? "date" : "date-time");
		return -1;
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
 * with `why` and `*line` set when a time cannot be read. */
int
ical_imp_times(icalcomponent *cal, icalcomponent *ev, const struct ical_ev_lines *lines,
	struct tv_when *start, struct tv_when *end, bool *gap, char *why, size_t n, int *line)
{
	const char *reason = NULL;
	icalproperty *pstart = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
	if (!ical_prop_to_local(cal, pstart, icalproperty_get_dtstart(pstart), start, gap, &reason)) {
		*line = lines ? lines->dtstart : 0;
		return time_error(pstart, "DTSTART", reason, why, n);
	}
	icalproperty *pend = icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY);
	icalproperty *pdur = icalcomponent_get_first_property(ev, ICAL_DURATION_PROPERTY);
	if (pend) {
		*line = lines ? lines->dtend : 0;
		return end_from_dtend(cal, pend, *start, end, gap, why, n);
	}
	*end = pdur ? end_from_duration(pdur, *start) : *start;
	return 0;
}

/* Why times that were read cannot be kept, or NULL: a wall-clock time that does not
 * exist, a day the export could not write again (see ical_calendar_day), an end
 * before the start. */
const char *
ical_imp_times_reason(struct tv_when start, struct tv_when end, bool gap)
{
	time_t probe;
	if (gap || (start.minute != TV_NO_TIME && !tv_when_to_utc(start, &probe)) ||
	    (end.minute != TV_NO_TIME && !tv_when_to_utc(end, &probe)))
		return _("time does not exist (summer-time change)");
	if (!ical_calendar_day(start.day) || !ical_calendar_day(end.day))
		return _("date outside 1970-01-01 to 2499-12-30");
	if (when_minutes(end) < when_minutes(start))
		return _("ends before it starts");
	return NULL;
}

/* The event's SEQUENCE, -1 if it has none. */
int64_t
ical_imp_sequence(icalcomponent *ev)
{
	icalproperty *p = icalcomponent_get_first_property(ev, ICAL_SEQUENCE_PROPERTY);
	int v = p ? icalproperty_get_sequence(p) : -1;
	return v >= 0 ? v : -1;
}

/* Is the event cancelled (its calendar's METHOD:CANCEL or STATUS:CANCELLED)? */
bool
ical_imp_cancelled(icalcomponent *ev, const struct ical_import_acc *a)
{
	icalproperty *ps = icalcomponent_get_first_property(ev, ICAL_STATUS_PROPERTY);
	return a->method_cancel || (ps && icalproperty_get_status(ps) == ICAL_STATUS_CANCELLED);
}

/* Is the event a cancellation of the single meeting with its UID? Cancelled, with a
 * UID, and neither a series nor one occurrence (recur.c handles those). */
static bool
is_cancellation(icalcomponent *ev, const struct ical_import_acc *a, const char *uid)
{
	return ical_imp_cancelled(ev, a) && uid && *uid && !ical_is_series(ev) &&
		!icalcomponent_get_first_property(ev, ICAL_RECURRENCEID_PROPERTY);
}

void
ical_imp_cancel(struct ical_import_acc *a, icalcomponent *ev, const char *uid, const char *rid,
	int line)
{
	struct tv_ical_import *imp = a->imp;
	if (imp->ncancels == a->capc) {
		a->capc = a->capc ? a->capc * 2 : 4;
		imp->cancels = tv_xrealloc(imp->cancels, a->capc * sizeof *imp->cancels);
	}
	struct tv_ical_cancel *c = &imp->cancels[imp->ncancels++];
	c->uid = ical_san(uid, false);
	c->sequence = ical_imp_sequence(ev);
	c->recurrence_id = rid ? tv_xstrdup(rid) : NULL;
	char *raw = line > 0 ? tv_xasprintf(_("line %d: %s: %s"), line, uid, _("cancelled")) :
		tv_xasprintf("%s: %s", uid, _("cancelled"));
	c->note = ical_san(raw, false);
	free(raw);
}

/* The value of tavle's X- property `name` in `ev` (libical unescapes it), or NULL. */
static const char *
x_text(icalcomponent *ev, const char *name)
{
	for (icalproperty *p = icalcomponent_get_first_property(ev, ICAL_X_PROPERTY); p;
	     p = icalcomponent_get_next_property(ev, ICAL_X_PROPERTY)) {
		const char *n = icalproperty_get_x_name(p);
		if (n && strcasecmp(n, name) == 0)
			return icalproperty_get_x(p);
	}
	return NULL;
}

/* A text field's value, sanitised, or NULL when empty (the store's "none"). */
static char *
field_text(const char *v, bool multiline)
{
	return v && *v ? ical_san(v, multiline) : NULL;
}

/* A link the board accepts (tv_field_check), sanitised; a javascript: or file: URL
 * is dropped (NULL), not the meeting. */
static char *
link_text(const char *v)
{
	if (!v || !*v)
		return NULL;
	char *u = ical_san(v, false);
	if (tv_field_check(TV_FIELD_MEETING_url, u) == NULL)
		return u;
	free(u);
	return NULL;
}

/* Participants of a foreign invitation: its ATTENDEEs, each by its CN, else its
 * address without "mailto:", joined with ", " (ORGANIZER is not a participant in
 * RFC 5545 terms and is left out); NULL without any, or past the field's limit. */
static char *
attendees_text(icalcomponent *ev)
{
	struct tv_buf b = { 0 };
	for (icalproperty *p = icalcomponent_get_first_property(ev, ICAL_ATTENDEE_PROPERTY); p;
	     p = icalcomponent_get_next_property(ev, ICAL_ATTENDEE_PROPERTY)) {
		icalparameter *cn = icalproperty_get_first_parameter(p, ICAL_CN_PARAMETER);
		const char *who = cn ? icalparameter_get_cn(cn) : NULL;
		if (!who || !*who) {
			who = icalproperty_get_attendee(p);
			if (who && strncasecmp(who, "mailto:", 7) == 0)
				who += 7;
		}
		if (!who || !*who)
			continue;
		if (b.len)
			tv_buf_adds(&b, ", ");
		tv_buf_adds(&b, who);
	}
	char *v = field_text(b.p, false);
	free(b.p);
	if (v && tv_field_check(TV_FIELD_MEETING_participants, v) != NULL) {
		free(v);
		v = NULL;
	}
	return v;
}

/* Append the meeting of event `ev`, its texts sanitised. tavle's own export (an
 * X-TAVLE-KIND property) carries every field in its X-TAVLE- properties (export.c
 * put_meeting_fields): those are read, not LOCATION ("place, region") and
 * DESCRIPTION (the fields again, for people); a field without its property is empty.
 * Any other event: LOCATION is the place, DESCRIPTION the notes, URL the link, its
 * ATTENDEEs the participants. */
void
ical_imp_meeting(struct ical_import_acc *a, icalcomponent *ev, const char *uid, const char *summary,
	struct tv_when start, struct tv_when end, int line, const char *rid)
{
	struct tv_ical_import *imp = a->imp;
	if (imp->nmeetings == a->capm) {
		a->capm = a->capm ? a->capm * 2 : 8;
		imp->meetings = tv_xrealloc(imp->meetings, a->capm * sizeof *imp->meetings);
		imp->sequences = tv_xrealloc(imp->sequences, a->capm * sizeof *imp->sequences);
		imp->lines = tv_xrealloc(imp->lines, a->capm * sizeof *imp->lines);
		imp->own = tv_xrealloc(imp->own, a->capm * sizeof *imp->own);
	}
	imp->own[imp->nmeetings] = false;
	imp->sequences[imp->nmeetings] = ical_imp_sequence(ev);
	imp->lines[imp->nmeetings] = line;
	struct tv_meeting *m = &imp->meetings[imp->nmeetings++];
	memset(m, 0, sizeof *m);
	m->uid = ical_san(uid, false);
	m->kind = kind_from_categories(ev);
	m->title = ical_san(summary && *summary ? summary : "(uden titel)", false);
	m->start = start;
	m->end = end;
	icalproperty *pu = icalcomponent_get_first_property(ev, ICAL_URL_PROPERTY);
	const char *url = pu ? icalproperty_get_url(pu) : NULL;
	const char *kind = x_text(ev, "X-TAVLE-KIND");
	enum tv_meeting_kind mk;
	if (kind && tv_meeting_kind_from_key(kind, &mk)) {
		imp->own[imp->nmeetings - 1] = true;
		m->kind = mk;
		m->place = field_text(x_text(ev, "X-TAVLE-PLACE"), false);
		m->region = field_text(x_text(ev, "X-TAVLE-REGION"), false);
		const char *xu = x_text(ev, "X-TAVLE-URL");
		m->url = link_text(xu && *xu ? xu : url);
		m->participants = field_text(x_text(ev, "X-TAVLE-PARTICIPANTS"), false);
		m->packages = field_text(x_text(ev, "X-TAVLE-PACKAGES"), false);
		m->notes = field_text(x_text(ev, "X-TAVLE-NOTES"), true);
	} else {
		m->place = field_text(ical_imp_text(ev, ICAL_LOCATION_PROPERTY), false);
		m->url = link_text(url);
		m->participants = attendees_text(ev);
		m->notes = field_text(ical_imp_text(ev, ICAL_DESCRIPTION_PROPERTY), true);
	}
	m->version = 1;
	m->recurrence_id = rid ? tv_xstrdup(rid) : NULL;
}

/* The first error libical noted directly in `ev` (its VALARMs are not read) that
 * makes the event unusable, or NULL; `*line` is the line of the property it names. */
static const char *
event_error(icalcomponent *ev, const struct ical_prepass *pp, const struct ical_ev_lines *lines,
	int *line)
{
	for (icalproperty *p = icalcomponent_get_first_property(ev, ICAL_XLICERROR_PROPERTY); p;
	     p = icalcomponent_get_next_property(ev, ICAL_XLICERROR_PROPERTY)) {
		const char *err = icalproperty_get_xlicerror(p);
		if (err && error_matters(err)) {
			int l = lines ? ical_error_line_in(pp, err, lines->begin,
				lines->end ? lines->end : lines->begin) : 0;
			*line = l ? l : lines ? lines->begin : 0;
			return err;
		}
	}
	return NULL;
}

/* One VEVENT into a meeting, or a skip note with its line. Everything is read through
 * first-property look-ups once event_error's loop is done. */
static void
import_event(icalcomponent *cal, icalcomponent *ev, const struct ical_prepass *pp,
	const struct ical_ev_lines *lines, struct ical_import_acc *a)
{
	const char *uid = ical_imp_text(ev, ICAL_UID_PROPERTY);
	const char *summary = ical_imp_text(ev, ICAL_SUMMARY_PROPERTY);
	const char *who = uid && *uid ? uid : summary;
	int begin = lines ? lines->begin : 0, line = begin;
	if (lines && lines->bad_line) {
		ical_imp_skip(a, lines->bad_line, who, lines->bad, true);
		return;
	}
	const char *why = event_error(ev, pp, lines, &line);
	if (why) {
		ical_imp_skip(a, line, who, why, true);
		return;
	}
	/* event_error looped over ev's properties: read the texts again. */
	uid = ical_imp_text(ev, ICAL_UID_PROPERTY);
	summary = ical_imp_text(ev, ICAL_SUMMARY_PROPERTY);
	who = uid && *uid ? uid : summary;
	if (uid && (why = own_item_reason(uid)) != NULL) {
		ical_imp_skip(a, begin, who, why, false);
		return;
	}
	if (uid && *uid && icalcomponent_get_first_property(ev, ICAL_RECURRENCEID_PROPERTY)) {
		/* One occurrence: after the file's series, which it may belong to. */
		if (a->nov == a->capov) {
			a->capov = a->capov ? a->capov * 2 : 4;
			a->ov = tv_xrealloc(a->ov, a->capov * sizeof *a->ov);
		}
		a->ov[a->nov++] = (struct ical_override){ cal, ev, lines, begin, false };
		return;
	}
	if (uid && *uid && ical_is_series(ev) && !ical_imp_cancelled(ev, a) &&
	    (why = skip_reason(ev, a, uid)) == NULL) {
		ical_recur_series(cal, ev, lines, uid, a);
		return;
	}
	if (uid && *uid && ical_is_series(ev) && ical_imp_cancelled(ev, a)) {
		ical_recur_cancel_series(ev, uid, begin, a);
		return;
	}
	if (is_cancellation(ev, a, uid)) {
		ical_imp_cancel(a, ev, uid, NULL, begin);
		return;
	}
	if ((why = skip_reason(ev, a, uid)) != NULL) {
		ical_imp_skip(a, begin, who, why, false);
		return;
	}
	bool gap = false;
	struct tv_when start, end;
	char buf[400];
	if (ical_imp_times(cal, ev, lines, &start, &end, &gap, buf, sizeof buf, &line) != 0) {
		ical_imp_skip(a, line ? line : begin, who, buf, true);
		return;
	}
	if ((why = ical_imp_times_reason(start, end, gap)) != NULL) {
		ical_imp_skip(a, begin, who, why, false);
		return;
	}
	ical_imp_meeting(a, ev, uid, summary, start, end, begin, NULL);
}

static void
add_repair(struct ical_import_acc *a, char *note)
{
	struct tv_ical_import *imp = a->imp;
	if (imp->nrepairs == a->caprep) {
		a->caprep = a->caprep ? a->caprep * 2 : 4;
		imp->repairs = tv_xrealloc(imp->repairs, a->caprep * sizeof *imp->repairs);
	}
	imp->repairs[imp->nrepairs++] = ical_san(note, false);
	free(note);
}

/* FNV-1a over the value of `kind` in `ev` as libical reads it, with its TZID. */
static uint64_t
hash_prop(uint64_t h, icalcomponent *ev, icalproperty_kind kind)
{
	icalproperty *p = icalcomponent_get_first_property(ev, kind);
	char *v = p ? icalproperty_get_value_as_string_r(p) : NULL;
	const char *tzid = p ? ical_prop_tzid(p) : NULL;
	const char *parts[] = { tzid ? tzid : "", "\x1f", v ? v : "", "\x1e" };
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		for (const unsigned char *c = (const unsigned char *)parts[i]; *c; c++)
			h = (h ^ *c) * 0x100000001b3ull;
	free(v);
	return h;
}

/* Outlook and OWA write events without the UID RFC 5545 requires. Such an event gets
 * "nouid-<hash>@import.tavle", the hash (FNV-1a, 64 bits) of its DTSTART (with TZID),
 * RECURRENCE-ID, SUMMARY and ORGANIZER, "-2", "-3"... added for a second and third
 * event of the file with the same; a note names it. The same file imported again
 * gives the same UIDs, so it changes nothing. An update the organiser sends later
 * cannot be recognised: nothing in an event without UID is sure to stay the same (a
 * new time or title is the usual update), so it arrives as another meeting. */
static void
make_uid(icalcomponent *ev, const struct ical_ev_lines *lines, struct ical_import_acc *a)
{
	static const icalproperty_kind kinds[] = { ICAL_DTSTART_PROPERTY,
		ICAL_RECURRENCEID_PROPERTY, ICAL_SUMMARY_PROPERTY, ICAL_ORGANIZER_PROPERTY };
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		h = hash_prop(h, ev, kinds[i]);
	char uid[80];
	snprintf(uid, sizeof uid, "nouid-%016llx@import.tavle", (unsigned long long)h);
	for (unsigned k = 2; !ical_uidset_add(&a->made_uids, uid); k++)
		snprintf(uid, sizeof uid, "nouid-%016llx-%u@import.tavle", (unsigned long long)h, k);
	icalcomponent_add_property(ev, icalproperty_new_uid(uid));
	const char *summary = ical_imp_text(ev, ICAL_SUMMARY_PROPERTY);
	int line = lines ? lines->begin : 0;
	const char *who = summary && *summary ? summary : "(uden navn)";
	add_repair(a, line > 0 ? tv_xasprintf(_("line %d: %s: no UID; imported as %s"), line, who, uid) :
		tv_xasprintf(_("%s: no UID; imported as %s"), who, uid));
}

/* Each VEVENT directly inside calendar `cal`, in file order; `*idx` counts them across
 * the file's calendars, as the pre-pass did. */
static void
import_calendar(icalcomponent *cal, const struct ical_prepass *pp, size_t *idx,
	struct ical_import_acc *acc)
{
	icalproperty *pm = icalcomponent_get_first_property(cal, ICAL_METHOD_PROPERTY);
	acc->method_cancel = pm && icalproperty_get_method(pm) == ICAL_METHOD_CANCEL;
	/* Two passes: the overrides (RECURRENCE-ID) are collected first, wherever they
	 * stand in the file, so that their series finds them. */
	size_t first = *idx;
	for (int pass = 0; pass < 2; pass++) {
		*idx = first;
		icalcompiter it = icalcomponent_begin_component(cal, ICAL_VEVENT_COMPONENT);
		for (icalcomponent *ev; (ev = icalcompiter_deref(&it)) != NULL;
		     icalcompiter_next(&it)) {
			const struct ical_ev_lines *lines = *idx < pp->nevents ? &pp->events[*idx] : NULL;
			(*idx)++;
			bool override = icalcomponent_get_first_property(ev,
				ICAL_RECURRENCEID_PROPERTY) != NULL;
			if (override != (pass == 0))
				continue;
			acc->imp->nevents++;
			const char *uid = ical_imp_text(ev, ICAL_UID_PROPERTY);
			if (!uid || !*uid)
				make_uid(ev, lines, acc);
			import_event(cal, ev, pp, lines, acc);
		}
	}
	/* Overrides in file order, once every series of the calendar has been expanded. */
	for (size_t i = 0; i < acc->nov; i++)
		ical_recur_override(&acc->ov[i], acc);
	acc->nov = 0;
}

enum tv_status
tv_ical_parse(const char *text, size_t len, struct tv_ical_import **out, struct tv_diag *diag)
{
	return tv_ical_parse_window(text, len, NULL, out, diag);
}

enum tv_status
tv_ical_parse_window(const char *text, size_t len, const struct tv_ical_window *window,
	struct tv_ical_import **out, struct tv_diag *diag)
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
	char *copy = ical_prepass_text(text, len, &pp);
	icalcomponent *root = icalparser_parse_string(copy);
	free(copy);
	/* Several VCALENDARs come back inside an XROOT. */
	icalcomponent_kind rk = root ? icalcomponent_isa(root) : ICAL_NO_COMPONENT;
	if (rk != ICAL_VCALENDAR_COMPONENT && rk != ICAL_XROOT_COMPONENT) {
		if (root)
			icalcomponent_free(root);
		ical_prepass_free(&pp);
		ical_invalid_at(diag, 0, "libical could not parse the calendar");
		return TV_INVALID;
	}

	struct tv_ical_import *imp = tv_xcalloc(1, sizeof *imp);
	struct ical_import_acc acc = { .imp = imp };
	/* What the pre-pass repaired or ignored comes first. */
	imp->repairs = pp.notes;
	imp->nrepairs = pp.nnotes;
	acc.caprep = pp.capnotes;
	pp.notes = NULL;
	pp.nnotes = pp.capnotes = 0;
	acc.window = window ? *window : tv_ical_default_window(tv_date_today(time(NULL)));
	size_t idx = 0;
	if (rk == ICAL_VCALENDAR_COMPONENT) {
		import_calendar(root, &pp, &idx, &acc);
	} else {
		icalcompiter it = icalcomponent_begin_component(root, ICAL_VCALENDAR_COMPONENT);
		for (icalcomponent *cal; (cal = icalcompiter_deref(&it)) != NULL; icalcompiter_next(&it))
			import_calendar(cal, &pp, &idx, &acc);
	}
	icalcomponent_free(root);
	ical_prepass_free(&pp);
	free(acc.ov);
	ical_uidset_free(&acc.made_uids);
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
	free(imp->sequences);
	free(imp->lines);
	free(imp->own);
	for (size_t i = 0; i < imp->ncancels; i++) {
		free(imp->cancels[i].uid);
		free(imp->cancels[i].note);
		free(imp->cancels[i].recurrence_id);
	}
	for (size_t i = 0; i < imp->nseries; i++)
		free(imp->series[i].uid);
	free(imp->series);
	tv_strv_free(imp->notes, imp->nnotes);
	tv_strv_free(imp->repairs, imp->nrepairs);
	free(imp->cancels);
	tv_strv_free(imp->skipped, imp->nskipped);
	free(imp);
}
