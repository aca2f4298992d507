/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Recurring events in the calendar import (issue 17 item 4): a series (a VEVENT with
 * RRULE or RDATE) into one meeting per occurrence inside the programme window, keyed
 * by UID and a canonical RECURRENCE-ID text (tavle/ical.h says which). RRULEs run
 * through libical's icalrecur_iterator on DTSTART's wall clock in DTSTART's own zone,
 * so a series keeps its local time across summer-time changes there; RDATEs are added,
 * EXDATEs taken away, and each occurrence converted to Copenhagen time (tz.c) and
 * given the master's length. The calendar's overrides (RECURRENCE-ID) replace or, when
 * cancelled, remove their occurrence; one no series placed stands alone. A series with
 * no occurrence inside the window is represented by the one nearest it (the last
 * before, else the first after), so no invitation vanishes without a trace. What was
 * left out (outside the window, over TV_ICAL_MAX_OCCURRENCES, past
 * TV_ICAL_MAX_EXPANDED) becomes a note. Also the window itself (a board's, or the default), reading a
 * RECURRENCE-ID text's day, which the CLI uses to judge stored occurrences, and the
 * short code of a RECURRENCE-ID that the export puts in an occurrence's UID. Part of
 * src/core/ical/ (the only place that includes libical); knows no store and no curses.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tavle/i18n.h"
#include "tavle/text.h"
#include "ical_int.h"

struct tv_ical_window
tv_ical_default_window(int32_t today)
{
	return (struct tv_ical_window){ today - 365, today + 3 * 365 };
}

struct tv_ical_window
tv_ical_board_window(const struct tv_board_data *d, int32_t today)
{
	int32_t lo = INT32_MAX, hi = INT32_MIN;
	if (d->board.start != TV_NO_DAY)
		lo = hi = d->board.start;
	for (size_t i = 0; i < d->nphases; i++) {
		if (d->phases[i].start != TV_NO_DAY && d->phases[i].start < lo)
			lo = d->phases[i].start;
		if (d->phases[i].end != TV_NO_DAY && d->phases[i].end > hi)
			hi = d->phases[i].end;
	}
	if (lo == INT32_MAX || hi == INT32_MIN)
		return tv_ical_default_window(today);
	for (size_t i = 0; i < d->npackages; i++)
		if (d->packages[i].deadline.day != TV_NO_DAY && d->packages[i].deadline.day > hi)
			hi = d->packages[i].deadline.day;
	return (struct tv_ical_window){ lo - 90, hi + 180 };
}

/* Are `n` bytes of `s` decimal digits? */
static bool
digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* Is `v` "YYYYMMDDTHHMMSS" (with a trailing Z when `utc`)? */
static bool
datetime_text(const char *v, bool utc)
{
	size_t n = strlen(v);
	return n == (utc ? 16u : 15u) && digits(v, 8) && v[8] == 'T' && digits(v + 9, 6) &&
		(!utc || v[15] == 'Z');
}

static const char date_p[] = "VALUE=DATE:", cph_p[] = "TZID=" TZID_CPH ":";

bool
tv_ical_rid_code(const char *rid, char buf[TV_ICAL_RID_CODE_BUF])
{
	if (!rid)
		return false;
	if (strncmp(rid, date_p, sizeof date_p - 1) == 0) {
		const char *v = rid + sizeof date_p - 1;
		if (strlen(v) != 8 || !digits(v, 8))
			return false;
		snprintf(buf, TV_ICAL_RID_CODE_BUF, "D%s", v);
	} else if (strncmp(rid, cph_p, sizeof cph_p - 1) == 0) {
		const char *v = rid + sizeof cph_p - 1;
		if (!datetime_text(v, false))
			return false;
		snprintf(buf, TV_ICAL_RID_CODE_BUF, "L%s", v);
	} else if (datetime_text(rid, false)) {
		snprintf(buf, TV_ICAL_RID_CODE_BUF, "F%s", rid);
	} else if (datetime_text(rid, true)) {
		snprintf(buf, TV_ICAL_RID_CODE_BUF, "%s", rid);
	} else {
		return false;
	}
	return true;
}

char *
tv_ical_rid_from_code(const char *code)
{
	if (!code)
		return NULL;
	if (code[0] == 'D' && strlen(code + 1) == 8 && digits(code + 1, 8))
		return tv_xasprintf("%s%s", date_p, code + 1);
	if (code[0] == 'L' && datetime_text(code + 1, false))
		return tv_xasprintf("%s%s", cph_p, code + 1);
	if (code[0] == 'F' && datetime_text(code + 1, false))
		return tv_xstrdup(code + 1);
	if (datetime_text(code, true))
		return tv_xstrdup(code);
	return NULL;
}

int32_t
tv_ical_recurrence_day(const char *rid)
{
	if (!rid)
		return TV_NO_DAY;
	const char *colon = strrchr(rid, ':');
	const char *p = colon ? colon + 1 : rid;
	int v[8];
	for (int i = 0; i < 8; i++) {
		if (p[i] < '0' || p[i] > '9')
			return TV_NO_DAY;
		v[i] = p[i] - '0';
	}
	int32_t day;
	if (!tv_date_from_ymd(v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3], v[4] * 10 + v[5],
		v[6] * 10 + v[7], &day))
		return TV_NO_DAY;
	return day;
}

bool
ical_is_series(icalcomponent *ev)
{
	return icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY) ||
		icalcomponent_get_first_property(ev, ICAL_RDATE_PROPERTY);
}

static bool
is_our_zone(const char *tzid)
{
	size_t tl = strlen(tzid), cl = strlen(TZID_CPH);
	return tl >= cl && strcmp(tzid + tl - cl, TZID_CPH) == 0;
}

/* The canonical RECURRENCE-ID text of an original start `t` written with `tzid`
 * (tavle/ical.h), or NULL when its zone is unknown. The caller frees it. */
static char *
rid_text(icalcomponent *cal, const char *tzid, struct icaltimetype t)
{
	if (t.is_date)
		return tv_xasprintf("VALUE=DATE:%04d%02d%02d", t.year, t.month, t.day);
	if (!icaltime_is_utc(t) && !tzid)
		return tv_xasprintf("%04d%02d%02dT%02d%02d%02d", t.year, t.month, t.day, t.hour,
			t.minute, t.second);
	if (!icaltime_is_utc(t) && is_our_zone(tzid))
		return tv_xasprintf("TZID=" TZID_CPH ":%04d%02d%02dT%02d%02d%02d", t.year, t.month,
			t.day, t.hour, t.minute, t.second);
	time_t u;
	struct tm tm;
	if (!ical_time_to_utc(cal, tzid, t, &u) || !gmtime_r(&u, &tm) || tm.tm_year + 1900 > 9999 ||
	    tm.tm_year + 1900 < 0)
		return NULL;
	return tv_xasprintf("%04d%02d%02dT%02d%02d%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
		tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* One original start of a series: its value, the TZID it is written with, and when it
 * is (UTC seconds; a date: its UTC midnight) for sorting and matching. */
struct inst {
	struct icaltimetype t;
	const char *tzid;
	int64_t at;
};

struct inst_list {
	struct inst *v;
	size_t n, cap;
};

/* Append `t` (dropped if its date or zone cannot be read). */
static void
inst_push(struct inst_list *l, icalcomponent *cal, struct icaltimetype t, const char *tzid)
{
	int64_t at;
	if (t.is_date) {
		int32_t day;
		if (!tv_date_from_ymd(t.year, t.month, t.day, &day))
			return;
		at = (int64_t)day * 86400;
	} else {
		time_t u;
		if (!ical_time_to_utc(cal, tzid, t, &u))
			return;
		at = (int64_t)u;
	}
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = tv_xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = (struct inst){ t, tzid, at };
}

static int
inst_cmp(const void *a, const void *b)
{
	const struct inst *x = a, *y = b;
	return x->at < y->at ? -1 : x->at > y->at;
}

/* The Copenhagen day instance `in` starts on (a date: its own day). */
static int32_t
inst_day(const struct inst *in)
{
	return in->t.is_date ? (int32_t)(in->at / 86400) : tv_when_from_utc((time_t)in->at).day;
}

/* Does the value `r` (an EXDATE or a RECURRENCE-ID) name instance `in`? A date names
 * the instance on that day of its own wall clock; a date-time, the same instant. */
static bool
names(icalcomponent *cal, const char *tzid, struct icaltimetype r, const struct inst *in)
{
	if (r.is_date || in->t.is_date)
		return r.year == in->t.year && r.month == in->t.month && r.day == in->t.day;
	time_t u;
	return ical_time_to_utc(cal, tzid, r, &u) && (int64_t)u == in->at;
}

static bool
excluded(icalcomponent *cal, icalcomponent *ev, const struct inst *in)
{
	for (icalproperty *p = icalcomponent_get_first_property(ev, ICAL_EXDATE_PROPERTY); p;
	     p = icalcomponent_get_next_property(ev, ICAL_EXDATE_PROPERTY))
		if (names(cal, ical_prop_tzid(p), icalproperty_get_exdate(p), in))
			return true;
	return false;
}

/* The calendar's not yet placed override of `uid` for instance `in`, or NULL. */
static struct ical_override *
find_override(struct ical_import_acc *a, const char *uid, const struct inst *in)
{
	for (size_t i = 0; i < a->nov; i++) {
		struct ical_override *o = &a->ov[i];
		const char *ou = ical_imp_text(o->ev, ICAL_UID_PROPERTY);
		if (o->used || !ou || strcmp(ou, uid) != 0)
			continue;
		icalproperty *p = icalcomponent_get_first_property(o->ev, ICAL_RECURRENCEID_PROPERTY);
		if (p && names(o->cal, ical_prop_tzid(p), icalproperty_get_recurrenceid(p), in))
			return o;
	}
	return NULL;
}

static void
add_note(struct ical_import_acc *a, char *note)
{
	struct tv_ical_import *imp = a->imp;
	if (imp->nnotes == a->capn) {
		a->capn = a->capn ? a->capn * 2 : 4;
		imp->notes = tv_xrealloc(imp->notes, a->capn * sizeof *imp->notes);
	}
	imp->notes[imp->nnotes++] = ical_san(note, false);
	free(note);
}

static void
add_series(struct ical_import_acc *a, const char *uid, int64_t seq, int32_t from, int32_t to,
	int line, bool cancelled)
{
	struct tv_ical_import *imp = a->imp;
	if (imp->nseries == a->capr) {
		a->capr = a->capr ? a->capr * 2 : 4;
		imp->series = tv_xrealloc(imp->series, a->capr * sizeof *imp->series);
	}
	imp->series[imp->nseries++] = (struct tv_ical_series){ ical_san(uid, false), seq, from, to,
		line, cancelled };
}

/* Append the original starts of series `ev`: DTSTART, every RRULE's and every RDATE,
 * sorted, each once. Returns -1 with `*why` set for an RRULE libical cannot run;
 * `*endless` when a rule without end was stopped at the window, `*cut` when
 * TV_ICAL_MAX_EXPANDED were examined. */
static int
instances(icalcomponent *cal, icalcomponent *ev, struct ical_import_acc *a,
	struct inst_list *l, bool *endless, bool *cut, const char **why)
{
	const struct tv_ical_window *win = &a->window;
	icalproperty *pstart = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
	struct icaltimetype dtstart = icalproperty_get_dtstart(pstart);
	const char *tzid = ical_prop_tzid(pstart);
	inst_push(l, cal, dtstart, tzid);
	size_t examined = 0;
	for (icalproperty *p = icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY); p;
	     p = icalcomponent_get_next_property(ev, ICAL_RRULE_PROPERTY)) {
		struct icalrecurrencetype r = icalproperty_get_rrule(p);
		if (r.freq == ICAL_NO_RECURRENCE) {
			*why = _("invalid RRULE");
			return -1;
		}
		bool finite = r.count > 0 || !icaltime_is_null_time(r.until);
		/* The wall clock of DTSTART's zone (libical would otherwise step in UTC). */
		struct icaltimetype t0 = dtstart;
		bool utc = icaltime_is_utc(dtstart);
		if (!utc)
			t0.zone = NULL;
		/* An UNTIL in UTC (as RFC 5545 asks beside a zoned DTSTART) against that wall
		 * clock: libical would compare 14:00 Kyiv with 11:00Z and drop the last
		 * occurrence; compared here as instants instead. */
		bool until_utc = !utc && !dtstart.is_date && !icaltime_is_null_time(r.until) &&
			icaltime_is_utc(r.until);
		time_t until = 0;
		if (until_utc) {
			until = icaltime_as_timet_with_zone(r.until, icaltimezone_get_utc_timezone());
			r.until = icaltime_null_time();
		}
		icalrecur_iterator *it = icalrecur_iterator_new(r, t0);
		if (!it) {
			*why = _("invalid RRULE");
			return -1;
		}
		for (struct icaltimetype t = icalrecur_iterator_next(it); !icaltime_is_null_time(t);
		     t = icalrecur_iterator_next(it)) {
			if (++examined > TV_ICAL_MAX_EXPANDED ||
			    ++a->expanded > TV_ICAL_MAX_FILE_EXPANDED) {
				*cut = true;
				break;
			}
			int32_t day;
			if (!finite && tv_date_from_ymd(t.year, t.month, t.day, &day) &&
			    day > win->to + 1) {
				*endless = true;
				break;
			}
			t.is_date = dtstart.is_date;
			t.zone = utc ? icaltimezone_get_utc_timezone() : NULL;
			time_t u;
			if (until_utc && ical_time_to_utc(cal, tzid, t, &u) && u > until)
				break;
			inst_push(l, cal, t, tzid);
		}
		icalrecur_iterator_free(it);
	}
	for (icalproperty *p = icalcomponent_get_first_property(ev, ICAL_RDATE_PROPERTY); p;
	     p = icalcomponent_get_next_property(ev, ICAL_RDATE_PROPERTY)) {
		struct icaldatetimeperiodtype dp = icalproperty_get_rdate(p);
		struct icaltimetype t = icaltime_is_null_time(dp.time) ? dp.period.start : dp.time;
		if (!icaltime_is_null_time(t))
			inst_push(l, cal, t, ical_prop_tzid(p));
	}
	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, inst_cmp);
	size_t k = 0;
	for (size_t i = 0; i < l->n; i++)
		if (k == 0 || l->v[i].at != l->v[k - 1].at)
			l->v[k++] = l->v[i];
	l->n = k;
	return 0;
}

/* Does the import already hold occurrence `rid` of `uid`? */
static bool
has_occurrence(const struct tv_ical_import *imp, const char *uid, const char *rid)
{
	for (size_t i = 0; i < imp->nmeetings; i++)
		if (imp->meetings[i].recurrence_id && strcmp(imp->meetings[i].uid, uid) == 0 &&
		    strcmp(imp->meetings[i].recurrence_id, rid) == 0)
			return true;
	return false;
}

/* The occurrence `in` of series `ev` as a meeting: the override's times and texts when
 * the calendar has one (a cancelled override: a cancellation), else the master's
 * length from its original start. Returns the day it is on, or TV_NO_DAY for none;
 * `*unsure` set when an override could not be read (what it meant is unknown). */
static int32_t
place(icalcomponent *ev, const struct inst *in, const char *uid,
	const char *rid, int line, int span_days, int64_t dur, struct ical_import_acc *a,
	bool *unsure)
{
	struct ical_override *o = find_override(a, uid, in);
	if (o) {
		o->used = true;
		if (ical_imp_cancelled(o->ev, a)) {
			ical_imp_cancel(a, o->ev, uid, rid, o->line);
			return TV_NO_DAY;
		}
		struct tv_when os, oe;
		bool gap = false;
		int ol = o->line;
		char why[400];
		if (ical_imp_times(o->cal, o->ev, o->lines, &os, &oe, &gap, why, sizeof why, &ol) != 0) {
			ical_imp_skip(a, ol ? ol : o->line, uid, why, true);
			*unsure = true;
			return TV_NO_DAY;
		}
		const char *wr = ical_imp_times_reason(os, oe, gap);
		if (wr) {
			ical_imp_skip(a, o->line, uid, wr, false);
			*unsure = true;
			return TV_NO_DAY;
		}
		const char *sum = ical_imp_text(o->ev, ICAL_SUMMARY_PROPERTY);
		ical_imp_meeting(a, o->ev, uid, sum, os, oe, o->line, rid);
		return os.day;
	}
	struct tv_when st, en;
	if (in->t.is_date) {
		int32_t day = (int32_t)(in->at / 86400);
		st = (struct tv_when){ day, TV_NO_TIME };
		en = (struct tv_when){ day + span_days, TV_NO_TIME };
	} else {
		st = tv_when_from_utc((time_t)in->at);
		en = tv_when_from_utc((time_t)(in->at + dur));
	}
	if (ical_imp_times_reason(st, en, false))
		return TV_NO_DAY;
	ical_imp_meeting(a, ev, uid, ical_imp_text(ev, ICAL_SUMMARY_PROPERTY), st, en, line, rid);
	return st.day;
}

void
ical_recur_series(icalcomponent *cal, icalcomponent *ev, const struct ical_ev_lines *lines,
	const char *uid, struct ical_import_acc *a)
{
	int begin = lines ? lines->begin : 0, line = begin;
	struct tv_when s0, e0;
	bool gap = false;
	char why[400];
	if (ical_imp_times(cal, ev, lines, &s0, &e0, &gap, why, sizeof why, &line) != 0) {
		ical_imp_skip(a, line ? line : begin, uid, why, true);
		return;
	}
	/* The master's length: whole days for a date, else on the UTC timeline. */
	int span_days = e0.day - s0.day;
	int64_t dur = 0;
	time_t su, eu;
	if (s0.minute != TV_NO_TIME && tv_when_to_utc(s0, &su) && tv_when_to_utc(e0, &eu) && eu > su)
		dur = (int64_t)(eu - su);
	struct inst_list l = { 0 };
	bool endless = false, cut = false;
	const char *bad = NULL;
	if (instances(cal, ev, a, &l, &endless, &cut, &bad) != 0) {
		ical_imp_skip(a, begin, uid, bad, true);
		free(l.v);
		return;
	}
	size_t produced = 0, outside = 0, over = 0;
	int32_t last = TV_NO_DAY;
	bool unsure = false;
	/* The occurrence nearest the window, for a series with none inside it: the last
	 * one before it, else the first one after it. */
	const struct inst *nearest = NULL;
	for (size_t i = 0; i < l.n; i++) {
		const struct inst *in = &l.v[i];
		if (excluded(cal, ev, in))
			continue;
		int32_t day = inst_day(in);
		if (day < a->window.from || day > a->window.to) {
			outside++;
			if (day < a->window.from || !nearest)
				nearest = in; /* sorted: the last before, else the first after */
			continue;
		}
		if (produced == TV_ICAL_MAX_OCCURRENCES ||
		    a->occurrences >= TV_ICAL_MAX_FILE_OCCURRENCES) {
			over++;
			continue;
		}
		char *rid = rid_text(cal, in->tzid, in->t);
		if (!rid)
			continue;
		if (a->standalone && has_occurrence(a->imp, uid, rid)) {
			/* An earlier calendar of the file placed it alone. */
			free(rid);
			continue;
		}
		if (place(ev, in, uid, rid, begin, span_days, dur, a, &unsure) != TV_NO_DAY) {
			a->occurrences++;
			produced++;
			last = day;
		}
		free(rid);
	}
	/* A series none of whose occurrences falls inside the window (one that ended
	 * before the programme, or starts after it) would vanish from the import without a
	 * trace; its occurrence nearest the window stands for it, keyed as any occurrence,
	 * so a second import finds it again. */
	int32_t near_day = TV_NO_DAY;
	if (produced == 0 && nearest && !over && !cut &&
	    a->occurrences < TV_ICAL_MAX_FILE_OCCURRENCES) {
		char *rid = rid_text(cal, nearest->tzid, nearest->t);
		if (rid && !(a->standalone && has_occurrence(a->imp, uid, rid)) &&
		    (near_day = place(ev, nearest, uid, rid, begin, span_days, dur, a, &unsure)) !=
		    TV_NO_DAY) {
			a->occurrences++;
			outside--;
		}
		free(rid);
	}
	free(l.v);
	char from[TV_DATE_BUF], to[TV_DATE_BUF];
	tv_date_format(a->window.from, from);
	tv_date_format(a->window.to, to);
	if (near_day != TV_NO_DAY) {
		char on[TV_DATE_BUF];
		tv_date_format(near_day, on);
		add_note(a, tv_xasprintf(_("%s: no occurrence inside the programme window %s to %s; "
			"the one nearest it (%s) imported"), uid, from, to, on));
	}
	if (endless && near_day == TV_NO_DAY)
		add_note(a, tv_xasprintf(_("%s: occurrences outside the programme window %s to %s "
			"left out (the series has no end)"), uid, from, to));
	else if (outside)
		add_note(a, tv_xasprintf(ngettext("%s: %zu occurrence outside the programme window "
			"%s to %s left out", "%s: %zu occurrences outside the programme window %s to %s "
			"left out", outside), uid, outside, from, to));
	if (over)
		add_note(a, tv_xasprintf(ngettext("%s: %zu occurrence over the limit of %d a series "
			"left out", "%s: %zu occurrences over the limit of %d a series left out", over),
			uid, over, TV_ICAL_MAX_OCCURRENCES));
	if (cut)
		add_note(a, tv_xasprintf(_("%s: the series was read no further than %d occurrences"),
			uid, TV_ICAL_MAX_EXPANDED));
	/* A series with an override that could not be read speaks for none of its stored
	 * occurrences (that one would be removed for nothing); a capped or cut one only
	 * for the occurrences it reached. */
	if (unsure)
		return;
	int32_t judged_to = (over || cut) ? (last == TV_NO_DAY ? a->window.from - 1 : last) :
		a->window.to;
	/* The file speaks for its series' occurrences up to the nearest one placed. */
	int32_t judged_from = a->window.from;
	if (near_day != TV_NO_DAY && near_day < judged_from)
		judged_from = near_day;
	if (near_day != TV_NO_DAY && near_day > judged_to)
		judged_to = near_day;
	add_series(a, uid, ical_imp_sequence(ev), judged_from, judged_to, begin, false);
}

void
ical_recur_cancel_series(icalcomponent *ev, const char *uid, int line, struct ical_import_acc *a)
{
	add_series(a, uid, ical_imp_sequence(ev), INT32_MIN + 1, INT32_MAX, line, true);
}

void
ical_recur_override(struct ical_override *o, struct ical_import_acc *a)
{
	if (o->used)
		return;
	const char *uid = ical_imp_text(o->ev, ICAL_UID_PROPERTY);
	icalproperty *p = icalcomponent_get_first_property(o->ev, ICAL_RECURRENCEID_PROPERTY);
	char *rid = uid && p ? rid_text(o->cal, ical_prop_tzid(p), icalproperty_get_recurrenceid(p))
		: NULL;
	if (!rid) {
		ical_imp_skip(a, o->line, uid, _("RECURRENCE-ID: time zone without VTIMEZONE"), true);
		return;
	}
	if (ical_imp_cancelled(o->ev, a)) {
		ical_imp_cancel(a, o->ev, uid, rid, o->line);
		free(rid);
		return;
	}
	if (has_occurrence(a->imp, uid, rid)) {
		ical_imp_skip(a, o->line, uid, _("duplicate UID"), false);
		free(rid);
		return;
	}
	struct tv_when st, en;
	bool gap = false;
	int line = o->line;
	char why[400];
	const char *wr = NULL;
	if (!icalcomponent_get_first_property(o->ev, ICAL_DTSTART_PROPERTY)) {
		ical_imp_skip(a, o->line, uid, _("no DTSTART"), false);
	} else if (ical_imp_times(o->cal, o->ev, o->lines, &st, &en, &gap, why, sizeof why,
		&line) != 0) {
		ical_imp_skip(a, line ? line : o->line, uid, why, true);
	} else if ((wr = ical_imp_times_reason(st, en, gap)) != NULL) {
		ical_imp_skip(a, o->line, uid, wr, false);
	} else if (st.day < a->window.from || st.day > a->window.to) {
		char from[TV_DATE_BUF], to[TV_DATE_BUF];
		tv_date_format(a->window.from, from);
		tv_date_format(a->window.to, to);
		add_note(a, tv_xasprintf(ngettext("%s: %zu occurrence outside the programme window "
			"%s to %s left out", "%s: %zu occurrences outside the programme window %s to %s "
			"left out", 1), uid, (size_t)1, from, to));
	} else {
		ical_imp_meeting(a, o->ev, uid, ical_imp_text(o->ev, ICAL_SUMMARY_PROPERTY), st, en,
			o->line, rid);
		a->occurrences++;
		a->standalone++;
	}
	free(rid);
}
