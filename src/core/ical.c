/* SPDX-License-Identifier: MPL-2.0 */
/*
 * iCalendar export (streaming writer) and import (parser into meetings): the only file
 * in tavle that includes libical. Export builds each item as its own small libical
 * component, serialises it, unfolds libical's output and folds it again at 75 octets on
 * UTF-8 boundaries (libical 3.0.16 can emit a bare CR or an empty continuation line),
 * writes it and frees it, so memory does not grow with the number of items. One zone
 * is built from the short Europe/Copenhagen VTIMEZONE text below; builtin zones are
 * never used (their TZID carries a prefix and their VTIMEZONE crashes other parsers).
 * Import validates the raw text first, because libical is lenient and reports no line
 * numbers, then lets libical parse it. Must not depend on curses or SQLite.
 *
 * What the export writes (the golden file tests/data/ical/board.ics shows all of it):
 * - UID "<uid>@tavle" (VTODO: "<uid>-todo@tavle", never equal to a VEVENT UID);
 *   SEQUENCE = version - 1; LAST-MODIFIED = updated_at (now if unset); DTSTAMP = now.
 * - Package deadline: SUMMARY "Frist: 7 Datamigrering" (all-day, DTEND the next day) or
 *   "Frist kl. 09:00: 5 Kommunikation" (15 minutes); TRANSP:TRANSPARENT; CATEGORIES
 *   area name; COLOR area colour; DESCRIPTION package, area, owner, status, phase,
 *   board and the minimum requirements text.
 * - Task deadline: SUMMARY "Frist: 1.2 <title>" (package number . position + 1); done
 *   tasks stay in the feed with "✓ " in front of the summary and get no alarm.
 * - Meeting: its title; LOCATION "place, region"; URL only for a plain http(s) URI, the
 *   link always repeated in DESCRIPTION; TRANSP:OPAQUE; CATEGORIES kind name; no end or
 *   an end before the start becomes one hour. All-day meetings: the end day is inclusive.
 * - Phase: "Fase: <name>", all-day span with exclusive DTEND.
 * - Tombstone: STATUS:CANCELLED with its own SEQUENCE and LAST-MODIFIED = deleted_at.
 * - The writer cannot know the board at open time, so a NULL calname gives "tavle":
 *   callers exporting one board pass its name.
 * - Only days from 1970-01-01 to 2499-12-30 are written (calendar_day): libical 3.0.16
 *   writes any date after the year 3000 as "00000000T000000" and drops VALUE=DATE from
 *   0001-01-01; our VTIMEZONE starts in 1970 (before it readers apply no summer time,
 *   where tavle applies the EU rule), and libical applies its rules only up to about
 *   2582. An item starting outside is left out, an end outside is treated as no end, a
 *   LAST-MODIFIED outside becomes the export time. An empty SUMMARY
 *   (libical rejects one when reading) is written as "(uden titel)", as import reads it.
 * Import: CATEGORIES naming a meeting kind (Danish, English or key) sets the kind,
 * otherwise "other"; cancelled, recurring, UID-less and DTSTART-less events are
 * skipped with a reason, and so are wall-clock times in a spring-forward gap (in our
 * zone or the file's) and dates the export could not write again.
 */
#include <ctype.h>
#include <libintl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include "config.h"
#include "tavle/date.h"
#include "tavle/ical.h"
#include "tavle/model.h"
#include "tavle/text.h"

#define TZID_CPH "Europe/Copenhagen"
#define UID_DOMAIN "@tavle"
#define FOLD_LIMIT 75

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

/* ---- a small growable string ---- */

struct sbuf {
	char *p;
	size_t len, cap;
};

/* Room for n more bytes and the terminating NUL. */
static void
sb_reserve(struct sbuf *b, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		b->p = tv_xrealloc(b->p, cap);
		b->cap = cap;
	}
}

static void
sb_putn(struct sbuf *b, const char *s, size_t n)
{
	sb_reserve(b, n);
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
sb_puts(struct sbuf *b, const char *s)
{
	sb_putn(b, s, strlen(s));
}

static void sb_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
sb_printf(struct sbuf *b, const char *fmt, ...)
{
	/* Format straight into the buffer; only an entry longer than the room left is
	 * formatted twice (export builds many small strings per item). */
	if (b->cap - b->len < 128)
		sb_reserve(b, 128);
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n <= 0) {
		b->p[b->len] = '\0';
		return;
	}
	if ((size_t)n >= b->cap - b->len) {
		sb_reserve(b, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}
/* Take the string, without trailing newlines (a DESCRIPTION ending in "\n" looks
 * like an empty last line in most clients). */
static char *
sb_take(struct sbuf *b)
{
	while (b->len > 0 && b->p[b->len - 1] == '\n')
		b->p[--b->len] = '\0';
	char *p = b->p ? b->p : tv_xstrdup("");
	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}

/* ---- the writer ---- */

struct tv_ical_writer {
	FILE *out;
	struct tv_ical_options opt;  /* strings below are owned copies */
	char *calname;
	char *phase;
	icaltimezone *zone;
	struct tv_ical_stats stats;
	bool failed;
	/* tv_ical_each_item: each component becomes its own calendar (header + item + END)
	 * handed to item_cb instead of being written to `out`; the first failing callback
	 * stops the rest. */
	enum tv_status (*item_cb)(void *ctx, const char *uid, const char *ics, size_t len);
	void *item_ctx;
	char *header;           /* the calendar header with VTIMEZONE, END line excluded */
	enum tv_status item_status;
};

/* Sanitised copy of possibly-NULL text: libical writes control characters raw. */
static char *
san(const char *s, bool multiline)
{
	if (!s)
		s = "";
	return tv_text_sanitize(s, strlen(s), multiline ? TV_SAN_KEEP_NEWLINES : 0);
}

/* Write one logical line folded at <= 75 octets, never inside a UTF-8 sequence and
 * never leaving an empty continuation line. */
static void
fold_line(struct sbuf *out, const char *s, size_t n)
{
	sb_reserve(out, n + 3 * (n / (FOLD_LIMIT - 1) + 1));
	size_t limit = FOLD_LIMIT;
	bool first = true;
	do {
		size_t take = n;
		if (take > limit) {
			take = limit;
			/* Back up to the start of a character. */
			while (take > 0 && ((unsigned char)s[take] & 0xC0) == 0x80)
				take--;
			if (take == 0)
				take = limit; /* cannot happen with valid UTF-8 */
		}
		if (!first)
			sb_putn(out, " ", 1);
		sb_putn(out, s, take);
		sb_putn(out, "\r\n", 2);
		s += take;
		n -= take;
		first = false;
		limit = FOLD_LIMIT - 1; /* the leading space counts */
	} while (n > 0);
}

/* Unfold libical's output (CRLF or LF followed by space or tab), drop every CR (libical
 * bug 1 can leave one mid-line; texts are sanitised) and fold each non-empty line
 * again. One pass and one fwrite per component: this runs for every exported item. */
static void
write_refolded(FILE *out, const char *text)
{
	size_t n = strlen(text);
	char *line = tv_xmalloc(n + 1);
	size_t m = 0;
	struct sbuf ob = { 0 };
	for (size_t i = 0; i < n; i++) {
		char c = text[i];
		if (c == '\r' && i + 2 < n && text[i + 1] == '\n' &&
		    (text[i + 2] == ' ' || text[i + 2] == '\t')) {
			i += 2;
			continue;
		}
		if (c == '\n' && i + 1 < n && (text[i + 1] == ' ' || text[i + 1] == '\t')) {
			i += 1;
			continue;
		}
		if (c == '\n') {
			if (m > 0)
				fold_line(&ob, line, m);
			m = 0;
		} else if (c != '\r') {
			line[m++] = c;
		}
	}
	if (m > 0)
		fold_line(&ob, line, m);
	free(line);
	if (ob.len)
		fwrite(ob.p, 1, ob.len, out);
	free(ob.p);
}

/* Append libical's serialisation `text` unfolded and without CRs, one logical line per
 * '\n' (the same rules as write_refolded, which folds the result again). */
static void
sb_unfold(struct sbuf *b, const char *text)
{
	size_t n = strlen(text);
	sb_reserve(b, n);
	char *o = b->p + b->len;
	for (size_t i = 0; i < n; i++) {
		char c = text[i];
		if (c == '\r' && i + 2 < n && text[i + 1] == '\n' &&
		    (text[i + 2] == ' ' || text[i + 2] == '\t')) {
			i += 2;
			continue;
		}
		if (c == '\n' && i + 1 < n && (text[i + 1] == ' ' || text[i + 1] == '\t')) {
			i += 1;
			continue;
		}
		if (c != '\r')
			*o++ = c;
	}
	b->len = (size_t)(o - b->p);
	b->p[b->len] = '\0';
}

/* Append v >= 0 in decimal, zero-padded to `width` digits (vsnprintf was a fifth of
 * the export's instructions for these few digits). */
static void
sb_num(struct sbuf *b, unsigned v, int width)
{
	char tmp[16];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v && n < (int)sizeof tmp);
	while (n < width && n < (int)sizeof tmp)
		tmp[n++] = '0';
	sb_reserve(b, (size_t)n);
	while (n > 0)
		b->p[b->len++] = tmp[--n];
	b->p[b->len] = '\0';
}

/* YYYYMMDD of a date or date-time whose fields are in range (checked by the caller). */
static void
sb_ymd(struct sbuf *b, const struct icaltimetype *t)
{
	sb_num(b, (unsigned)t->year, 4);
	sb_num(b, (unsigned)t->month, 2);
	sb_num(b, (unsigned)t->day, 2);
}

static bool
time_fields_ok(const struct icaltimetype *t)
{
	return t->year >= 0 && t->year <= 9999 && t->month >= 0 && t->month <= 99 &&
		t->day >= 0 && t->day <= 99 && t->hour >= 0 && t->hour <= 99 &&
		t->minute >= 0 && t->minute <= 99 && t->second >= 0 && t->second <= 99;
}

/*
 * The common properties of an item, written without libical: it builds each property
 * line char by char with an allocation per value, which was half the export's CPU in
 * the benchmark. The formats are libical 3.0.16's own: a plain TEXT value escapes
 * exactly newline, ',', ';' and '\\' (libical mangles other control characters, so
 * values with any take libical's path; exports are sanitised anyway); a UTC DATE-TIME
 * is YYYYMMDDTHHMMSSZ; an INTEGER is decimal. Anything with parameters or another
 * value type goes through libical. The output is byte-identical: checked on the
 * 136,000-event benchmark export (cmp) and by the golden tests.
 */
static bool
sb_fast_prop(struct sbuf *b, icalproperty *p)
{
	icalproperty_kind k = icalproperty_isa(p);
	icalvalue *v = icalproperty_get_value(p);
	if (!v || icalproperty_count_parameters(p) != 0)
		return false;
	/* Literal names: icalproperty_kind_to_string searches a table linearly. */
	const char *name;
	switch (k) {
	case ICAL_DTSTAMP_PROPERTY:
	case ICAL_LASTMODIFIED_PROPERTY: {
		name = k == ICAL_DTSTAMP_PROPERTY ? "DTSTAMP" : "LAST-MODIFIED";
		if (icalvalue_isa(v) != ICAL_DATETIME_VALUE)
			return false;
		struct icaltimetype t = icalvalue_get_datetime(v);
		if (t.is_date || !icaltime_is_utc(t) || !time_fields_ok(&t))
			return false;
		sb_puts(b, name);
		sb_putn(b, ":", 1);
		sb_ymd(b, &t);
		sb_putn(b, "T", 1);
		sb_num(b, (unsigned)t.hour, 2);
		sb_num(b, (unsigned)t.minute, 2);
		sb_num(b, (unsigned)t.second, 2);
		sb_putn(b, "Z\n", 2);
		return true;
	}
	case ICAL_DTSTART_PROPERTY:
	case ICAL_DTEND_PROPERTY:
	case ICAL_DUE_PROPERTY: {
		/* All-day dates; zoned times carry a TZID parameter and go through libical. */
		name = k == ICAL_DTSTART_PROPERTY ? "DTSTART" : k == ICAL_DTEND_PROPERTY ?
			"DTEND" : "DUE";
		if (icalvalue_isa(v) != ICAL_DATE_VALUE)
			return false;
		struct icaltimetype t = icalvalue_get_date(v);
		if (!t.is_date || !time_fields_ok(&t))
			return false;
		sb_puts(b, name);
		sb_puts(b, ";VALUE=DATE:");
		sb_ymd(b, &t);
		sb_putn(b, "\n", 1);
		return true;
	}
	case ICAL_TRANSP_PROPERTY: {
		if (icalvalue_isa(v) != ICAL_TRANSP_VALUE)
			return false;
		enum icalproperty_transp tr = icalvalue_get_transp(v);
		if (tr != ICAL_TRANSP_OPAQUE && tr != ICAL_TRANSP_TRANSPARENT)
			return false;
		sb_puts(b, tr == ICAL_TRANSP_OPAQUE ? "TRANSP:OPAQUE\n" : "TRANSP:TRANSPARENT\n");
		return true;
	}
	case ICAL_CATEGORIES_PROPERTY: {
		/* libical escapes CATEGORIES differently (commas stay); take only values
		 * where no escaping applies. */
		if (icalvalue_isa(v) != ICAL_TEXT_VALUE)
			return false;
		const char *t = icalvalue_get_text(v);
		if (!t || !*t || strpbrk(t, ",;\\\n"))
			return false;
		for (const unsigned char *q = (const unsigned char *)t; *q; q++)
			if (*q < 0x20 || *q == 0x7f)
				return false;
		sb_puts(b, "CATEGORIES:");
		sb_puts(b, t);
		sb_putn(b, "\n", 1);
		return true;
	}
	case ICAL_SEQUENCE_PROPERTY:
		name = "SEQUENCE";
		if (icalvalue_isa(v) != ICAL_INTEGER_VALUE || icalvalue_get_integer(v) < 0)
			return false;
		sb_puts(b, "SEQUENCE:");
		sb_num(b, (unsigned)icalvalue_get_integer(v), 1);
		sb_putn(b, "\n", 1);
		return true;
	case ICAL_SUMMARY_PROPERTY:
		name = "SUMMARY";
		break;
	case ICAL_DESCRIPTION_PROPERTY:
		name = "DESCRIPTION";
		break;
	case ICAL_LOCATION_PROPERTY:
		name = "LOCATION";
		break;
	case ICAL_UID_PROPERTY:
		name = "UID";
		break;
	case ICAL_COLOR_PROPERTY:
		name = "COLOR";
		break;
	default:
		return false;
	}
	if (icalvalue_isa(v) != ICAL_TEXT_VALUE)
		return false;
	const char *t = icalvalue_get_text(v);
	if (!t || !*t)
		return false;
	size_t n = 0;
	for (const unsigned char *q = (const unsigned char *)t; *q; q++, n++)
		if ((*q < 0x20 && *q != '\n') || *q == 0x7f)
			return false;
	sb_puts(b, name);
	sb_reserve(b, 2 * n + 2);
	char *o = b->p + b->len;
	*o++ = ':';
	for (const char *q = t; *q; q++) {
		switch (*q) {
		case '\n':
			*o++ = '\\';
			*o++ = 'n';
			break;
		case ',':
		case ';':
		case '\\':
			*o++ = '\\';
			*o++ = *q;
			break;
		default:
			*o++ = *q;
		}
	}
	*o++ = '\n';
	b->len = (size_t)(o - b->p);
	b->p[b->len] = '\0';
	return true;
}

/* One item component as unfolded lines: BEGIN, its properties, its subcomponents
 * (VALARM), END, as icalcomponent_as_ical_string_r orders them. False if libical could
 * not write a property. */
static bool
sb_component(struct sbuf *b, icalcomponent *c)
{
	const char *kind = icalcomponent_kind_to_string(icalcomponent_isa(c));
	if (!kind)
		return false;
	sb_puts(b, "BEGIN:");
	sb_puts(b, kind);
	sb_putn(b, "\n", 1);
	for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_ANY_PROPERTY); p;
	     p = icalcomponent_get_next_property(c, ICAL_ANY_PROPERTY)) {
		if (sb_fast_prop(b, p))
			continue;
		char *s = icalproperty_as_ical_string_r(p);
		if (!s)
			return false;
		sb_unfold(b, s);
		icalmemory_free_buffer(s);
	}
	for (icalcomponent *k = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); k;
	     k = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT))
		if (!sb_component(b, k))
			return false;
	sb_puts(b, "END:");
	sb_puts(b, kind);
	sb_putn(b, "\n", 1);
	return true;
}

/* tv_ical_each_item's emit: one complete VCALENDAR per item, refolded like the stream. */
static void
emit_item(struct tv_ical_writer *w, icalcomponent *c, const char *s)
{
	if (w->item_status != TV_OK)
		return;
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	if (!m) {
		w->item_status = TV_IO;
		return;
	}
	fputs(w->header, m);
	write_refolded(m, s);
	fputs("END:VCALENDAR\r\n", m);
	bool bad = ferror(m) != 0;
	if (fclose(m) != 0 || bad) {
		free(buf);
		w->item_status = TV_IO;
		return;
	}
	const char *uid = icalcomponent_get_uid(c);
	w->item_status = w->item_cb(w->item_ctx, uid ? uid : "", buf, len);
	free(buf);
}

static void
emit_component(struct tv_ical_writer *w, icalcomponent *c)
{
	struct sbuf b = { 0 };
	bool ok = sb_component(&b, c);
	if (w->item_cb) {
		if (ok)
			emit_item(w, c, b.p);
		else if (w->item_status == TV_OK)
			w->item_status = TV_IO;
		free(b.p);
		icalcomponent_free(c);
		return;
	}
	if (ok)
		write_refolded(w->out, b.p);
	else
		w->failed = true;
	free(b.p);
	icalcomponent_free(c);
	if (ferror(w->out))
		w->failed = true;
}

static struct icaltimetype
ical_utc(time_t t)
{
	return icaltime_from_timet_with_zone(t, 0, icaltimezone_get_utc_timezone());
}

/* Can libical write this day, also as an exclusive DTEND or with a time rolled past
 * midnight (the day after)? See the module comment. */
static bool
calendar_day(int32_t day)
{
	int32_t first, last;
	tv_date_from_ymd(1970, 1, 1, &first);
	tv_date_from_ymd(2499, 12, 30, &last);
	return day != TV_NO_DAY && day >= first && day <= last;
}

/* A UTC timestamp text for LAST-MODIFIED, or `fallback` if unset, bad or unwritable. */
static time_t
utc_or(const char *text, time_t fallback)
{
	time_t t;
	if (text && *text && tv_utc_parse(text, &t, NULL) == TV_OK &&
	    calendar_day(tv_date_today(t)))
		return t;
	return fallback;
}

/* Only spaces (what sanitising leaves of blanks)? libical reads such a value as none. */
static bool
all_spaces(const char *s)
{
	while (*s == ' ')
		s++;
	return !*s;
}

/* Sanitised text that libical will read back: never empty or only spaces. */
static char *
san_summary(const char *s)
{
	char *r = san(s, false);
	if (all_spaces(r)) {
		free(r);
		r = tv_xstrdup("(uden titel)");
	}
	return r;
}

static struct icaltimetype
ical_date(int32_t day)
{
	int y, m, d;
	tv_date_to_ymd(day, &y, &m, &d);
	struct icaltimetype t = icaltime_null_date();
	t.year = y;
	t.month = m;
	t.day = d;
	t.is_date = 1;
	return t;
}

/* A local Copenhagen time (day, minute), labelled with our zone. Minutes past the
 * day roll over into the next day. */
static struct icaltimetype
ical_local(const struct tv_ical_writer *w, int32_t day, int minute)
{
	day += minute / 1440;
	minute %= 1440;
	int y, m, d;
	tv_date_to_ymd(day, &y, &m, &d);
	struct icaltimetype t = icaltime_null_time();
	t.year = y;
	t.month = m;
	t.day = d;
	t.hour = minute / 60;
	t.minute = minute % 60;
	t.second = 0;
	t.is_date = 0;
	icaltime_set_timezone(&t, w->zone);
	return t;
}

/* The local time `minutes` after `when`, counted on the UTC timeline: a default end
 * (a deadline's 15 minutes, a meeting's hour) must not land in the spring-forward gap,
 * a time that does not exist, which readers move or reject. A start in the gap itself
 * falls back to the wall clock. */
static struct icaltimetype
ical_local_after(const struct tv_ical_writer *w, struct tv_when when, int minutes)
{
	time_t t;
	if (tv_when_to_utc(when, &t)) {
		struct tv_when end = tv_when_from_utc(t + (time_t)minutes * 60);
		return ical_local(w, end.day, end.minute);
	}
	return ical_local(w, when.day, when.minute + minutes);
}

static void
add_text(icalcomponent *c, icalproperty *(*ctor)(const char *), const char *text,
	bool multiline)
{
	char *s = san(text, multiline);
	icalcomponent_add_property(c, ctor(s));
	free(s);
}

/* Common properties: UID, DTSTAMP, SEQUENCE, LAST-MODIFIED. */
static void
add_common(const struct tv_ical_writer *w, icalcomponent *c, const char *uid,
	const char *suffix, int64_t sequence, const char *updated_at)
{
	char *u = tv_xasprintf("%s%s%s", uid, suffix, UID_DOMAIN);
	icalcomponent_add_property(c, icalproperty_new_uid(u));
	free(u);
	icalcomponent_add_property(c, icalproperty_new_dtstamp(ical_utc(w->opt.now)));
	if (sequence < 0)
		sequence = 0;
	if (sequence > 0x7fffffff)
		sequence = 0x7fffffff;
	icalcomponent_add_property(c, icalproperty_new_sequence((int)sequence));
	icalcomponent_add_property(c, icalproperty_new_lastmodified(
		ical_utc(utc_or(updated_at, w->opt.now))));
}

/* A deadline as DTSTART/DTEND: all-day (exclusive end next day) or 15 minutes. */
static void
set_deadline_times(const struct tv_ical_writer *w, icalcomponent *c, struct tv_when when)
{
	if (when.minute == TV_NO_TIME) {
		icalcomponent_set_dtstart(c, ical_date(when.day));
		icalcomponent_set_dtend(c, ical_date(when.day + 1));
	} else {
		icalcomponent_set_dtstart(c, ical_local(w, when.day, when.minute));
		icalcomponent_set_dtend(c, ical_local_after(w, when, 15));
	}
}

static void
add_alarm(const struct tv_ical_writer *w, icalcomponent *c, const char *summary)
{
	if (!w->opt.alarm || w->opt.todo)
		return;
	icalcomponent *a = icalcomponent_new_valarm();
	icalcomponent_add_property(a, icalproperty_new_action(ICAL_ACTION_DISPLAY));
	struct icaltriggertype trig;
	memset(&trig, 0, sizeof trig);
	trig.time = icaltime_null_time();
	trig.duration = icaldurationtype_from_int((int)w->opt.alarm_seconds);
	icalcomponent_add_property(a, icalproperty_new_trigger(trig));
	add_text(a, icalproperty_new_description, summary, false);
	icalcomponent_add_component(c, a);
}

static bool
area_selected(const struct tv_ical_writer *w, int area)
{
	if (!w->opt.areas || area < 0)
		return true;
	return (w->opt.areas & (1u << area)) != 0;
}

static const char *
phase_name(const struct tv_board_data *d, int64_t phase_id)
{
	const struct tv_phase *ph = phase_id ? tv_board_data_phase(d, phase_id) : NULL;
	return ph ? ph->name : NULL;
}

static bool
package_selected(const struct tv_ical_writer *w, const struct tv_board_data *d,
	const struct tv_package *p)
{
	if (!area_selected(w, (int)p->area))
		return false;
	if (w->phase) {
		const char *name = phase_name(d, p->phase_id);
		if (!name || strcmp(name, w->phase) != 0)
			return false;
	}
	return true;
}

/* The phase window named by the filter, or false if the board has no such phase. */
static bool
filter_window(const struct tv_ical_writer *w, const struct tv_board_data *d, int32_t *start,
	int32_t *end)
{
	for (size_t i = 0; i < d->nphases; i++) {
		if (d->phases[i].name && strcmp(d->phases[i].name, w->phase) == 0) {
			*start = d->phases[i].start;
			*end = d->phases[i].end;
			return true;
		}
	}
	return false;
}

static bool
day_in_filter_phase(const struct tv_ical_writer *w, const struct tv_board_data *d, int32_t day)
{
	if (!w->phase)
		return true;
	int32_t s, e;
	if (!filter_window(w, d, &s, &e))
		return false;
	return day >= s && day <= e;
}

static char *
uid_or(const char *uid, const char *kind, int64_t board_id, int64_t id)
{
	if (uid && *uid)
		return san(uid, false);
	return tv_xasprintf("%s-%lld-%lld", kind, (long long)board_id, (long long)id);
}

static char *
deadline_summary(const char *what, struct tv_when when)
{
	if (when.minute == TV_NO_TIME)
		return tv_xasprintf("Frist: %s", what);
	return tv_xasprintf("Frist kl. %02d:%02d: %s", when.minute / 60, when.minute % 60, what);
}

static void
write_package(struct tv_ical_writer *w, const struct tv_board_data *d,
	const struct tv_package *p)
{
	if (!calendar_day(p->deadline.day))
		return;
	char *uid = uid_or(p->uid, "package", p->board_id, p->id);
	char *title = san(p->title, false);
	char *what = tv_xasprintf("%d %s", p->number, title);
	bool todo = w->opt.todo;
	char *summary = todo ? tv_xstrdup(what) : deadline_summary(what, p->deadline);
	const char *area = tv_area_name(p->area, true);

	struct sbuf desc = {0};
	sb_printf(&desc, "Pakke %d: %s\n", p->number, title);
	sb_printf(&desc, "Område: %s\n", area);
	if (p->owner && *p->owner) {
		char *o = san(p->owner, false);
		sb_printf(&desc, "Ansvarlig: %s\n", o);
		free(o);
	}
	sb_printf(&desc, "Status: %s\n", tv_pstatus_name(p->status, true));
	const char *ph = phase_name(d, p->phase_id);
	if (ph) {
		char *s = san(ph, false);
		sb_printf(&desc, "Fase: %s\n", s);
		free(s);
	}
	if (d->board.name && *d->board.name) {
		char *s = san(d->board.name, false);
		sb_printf(&desc, "Tavle: %s\n", s);
		free(s);
	}
	const char *req = p->sections[TV_SEC_REQUIREMENTS];
	if (req && *req) {
		char *s = san(req, true);
		sb_printf(&desc, "\n%s:\n%s\n", tv_section_name(TV_SEC_REQUIREMENTS, true), s);
		free(s);
	}
	char *description = sb_take(&desc);

	icalcomponent *c = todo ? icalcomponent_new_vtodo() : icalcomponent_new_vevent();
	add_common(w, c, uid, todo ? "-todo" : "", p->version - 1, p->updated_at);
	if (todo) {
		if (p->deadline.minute == TV_NO_TIME)
			icalcomponent_set_due(c, ical_date(p->deadline.day));
		else
			icalcomponent_set_due(c, ical_local(w, p->deadline.day, p->deadline.minute));
		icalcomponent_add_property(c, icalproperty_new_status(
			p->status == TV_DONE ? ICAL_STATUS_COMPLETED : ICAL_STATUS_NEEDSACTION));
	} else {
		set_deadline_times(w, c, p->deadline);
		icalcomponent_add_property(c, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
	}
	icalcomponent_add_property(c, icalproperty_new_summary(summary));
	icalcomponent_add_property(c, icalproperty_new_description(description));
	icalcomponent_add_property(c, icalproperty_new_categories(area));
	icalcomponent_add_property(c, icalproperty_new_color(tv_area_colour(p->area)));
	add_alarm(w, c, summary);
	emit_component(w, c);
	w->stats.events++;

	free(description);
	free(summary);
	free(what);
	free(title);
	free(uid);
}

static void
write_task(struct tv_ical_writer *w, const struct tv_board_data *d, const struct tv_package *p,
	const struct tv_task *t)
{
	(void)d;
	if (!calendar_day(t->deadline.day))
		return;
	bool todo = w->opt.todo;
	char *uid = uid_or(t->uid, "task", p->id, t->id);
	char *title = san(t->title, false);
	char *ptitle = san(p->title, false);
	/* Done tasks stay in the feed (the deadline happened) but are marked with a tick. */
	char *what = tv_xasprintf("%d.%d %s", p->number, t->position + 1, title);
	char *summary = todo ? tv_xstrdup(what) : deadline_summary(what, t->deadline);
	if (t->done && !todo) {
		char *ticked = tv_xasprintf("\u2713 %s", summary);
		free(summary);
		summary = ticked;
	}
	const char *area = tv_area_name(p->area, true);

	struct sbuf desc = {0};
	sb_printf(&desc, "Opgave %d.%d: %s\n", p->number, t->position + 1, title);
	sb_printf(&desc, "Pakke %d: %s\n", p->number, ptitle);
	sb_printf(&desc, "Område: %s\n", area);
	sb_printf(&desc, "Ansvarlig part: %s\n", tv_responsible_name(t->responsible, true));
	sb_printf(&desc, "Udført: %s\n", t->done ? "ja" : "nej");
	if (t->minimum)
		sb_puts(&desc, "Minimumskrav: ja\n");
	char *description = sb_take(&desc);

	icalcomponent *c = todo ? icalcomponent_new_vtodo() : icalcomponent_new_vevent();
	add_common(w, c, uid, todo ? "-todo" : "", t->version - 1, t->updated_at);
	if (todo) {
		if (t->deadline.minute == TV_NO_TIME)
			icalcomponent_set_due(c, ical_date(t->deadline.day));
		else
			icalcomponent_set_due(c, ical_local(w, t->deadline.day, t->deadline.minute));
		icalcomponent_add_property(c, icalproperty_new_status(
			t->done ? ICAL_STATUS_COMPLETED : ICAL_STATUS_NEEDSACTION));
	} else {
		set_deadline_times(w, c, t->deadline);
		icalcomponent_add_property(c, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
	}
	icalcomponent_add_property(c, icalproperty_new_summary(summary));
	icalcomponent_add_property(c, icalproperty_new_description(description));
	icalcomponent_add_property(c, icalproperty_new_categories(area));
	icalcomponent_add_property(c, icalproperty_new_color(tv_area_colour(p->area)));
	if (!t->done)
		add_alarm(w, c, summary);
	emit_component(w, c);
	w->stats.events++;

	free(description);
	free(summary);
	free(what);
	free(ptitle);
	free(title);
	free(uid);
}

/* A URL goes into the URL property only if it is a plain http(s) URI. */
static bool
valid_http_uri(const char *u)
{
	if (!u)
		return false;
	size_t skip;
	if (strncmp(u, "https://", 8) == 0)
		skip = 8;
	else if (strncmp(u, "http://", 7) == 0)
		skip = 7;
	else
		return false;
	if (!u[skip] || u[skip] == '/')
		return false;
	for (const unsigned char *p = (const unsigned char *)u; *p; p++) {
		if (*p <= 0x20 || *p >= 0x7f || strchr("<>\"{}|\\^`", *p))
			return false;
	}
	return true;
}

static void
write_meeting(struct tv_ical_writer *w, const struct tv_meeting *m)
{
	if (!calendar_day(m->start.day))
		return;
	char *uid = uid_or(m->uid, "meeting", m->board_id, m->id);
	char *title = san_summary(m->title);
	const char *kind = tv_meeting_kind_name(m->kind, true);

	icalcomponent *c = icalcomponent_new_vevent();
	add_common(w, c, uid, "", m->version - 1, m->updated_at);
	if (m->start.minute == TV_NO_TIME) {
		/* All-day: the stored end day is inclusive. */
		int32_t last = calendar_day(m->end.day) && m->end.day >= m->start.day ?
			m->end.day : m->start.day;
		icalcomponent_set_dtstart(c, ical_date(m->start.day));
		icalcomponent_set_dtend(c, ical_date(last + 1));
	} else {
		icalcomponent_set_dtstart(c, ical_local(w, m->start.day, m->start.minute));
		/* Without a usable end, one hour (no DTEND reads as 24 h in khal, 0 in others). */
		if (calendar_day(m->end.day) && m->end.minute != TV_NO_TIME &&
		    ((int64_t)m->end.day * 1440 + m->end.minute) >
		    ((int64_t)m->start.day * 1440 + m->start.minute))
			icalcomponent_set_dtend(c, ical_local(w, m->end.day, m->end.minute));
		else
			icalcomponent_set_dtend(c, ical_local_after(w, m->start, 60));
	}
	icalcomponent_add_property(c, icalproperty_new_transp(ICAL_TRANSP_OPAQUE));
	icalcomponent_add_property(c, icalproperty_new_summary(title));

	char *place = san(m->place, false);
	char *region = san(m->region, false);
	if (*place || *region) {
		char *loc = *place && *region ? tv_xasprintf("%s, %s", place, region) :
			tv_xstrdup(*place ? place : region);
		icalcomponent_add_property(c, icalproperty_new_location(loc));
		free(loc);
	}
	char *url = san(m->url, false);
	if (valid_http_uri(url))
		icalcomponent_add_property(c, icalproperty_new_url(url));

	struct sbuf desc = {0};
	sb_printf(&desc, "%s\nType: %s\n", title, kind);
	if (*place)
		sb_printf(&desc, "Sted: %s\n", place);
	if (*region)
		sb_printf(&desc, "Region: %s\n", region);
	/* Many clients do not show URL, so the link is repeated here. */
	if (*url)
		sb_printf(&desc, "Link: %s\n", url);
	if (m->participants && *m->participants) {
		char *s = san(m->participants, false);
		sb_printf(&desc, "Deltagere: %s\n", s);
		free(s);
	}
	if (m->packages && *m->packages) {
		char *s = san(m->packages, false);
		sb_printf(&desc, "Pakker: %s\n", s);
		free(s);
	}
	if (m->notes && *m->notes) {
		char *s = san(m->notes, true);
		sb_printf(&desc, "\n%s\n", s);
		free(s);
	}
	char *description = sb_take(&desc);
	icalcomponent_add_property(c, icalproperty_new_description(description));
	icalcomponent_add_property(c, icalproperty_new_categories(kind));
	add_alarm(w, c, title);
	emit_component(w, c);
	w->stats.events++;

	free(description);
	free(url);
	free(region);
	free(place);
	free(title);
	free(uid);
}

static void
write_phase(struct tv_ical_writer *w, const struct tv_phase *ph)
{
	if (!calendar_day(ph->start))
		return;
	char *uid = uid_or(ph->uid, "phase", ph->board_id, ph->id);
	char *name = san(ph->name, false);
	char *summary = tv_xasprintf("Fase: %s", name);
	int32_t last = calendar_day(ph->end) && ph->end >= ph->start ? ph->end : ph->start;
	char b1[TV_DATE_BUF], b2[TV_DATE_BUF];
	tv_date_format(ph->start, b1);
	tv_date_format(last, b2);

	struct sbuf desc = {0};
	sb_printf(&desc, "Fase: %s\nPeriode: %s til %s\n", name, b1, b2);
	if (ph->not_before != TV_NO_DAY) {
		char b3[TV_DATE_BUF];
		tv_date_format(ph->not_before, b3);
		sb_printf(&desc, "Ikke før: %s\n", b3);
		if (ph->not_before_reason && *ph->not_before_reason) {
			char *r = san(ph->not_before_reason, true);
			sb_printf(&desc, "Begrundelse: %s\n", r);
			free(r);
		}
	}
	char *description = sb_take(&desc);

	icalcomponent *c = icalcomponent_new_vevent();
	add_common(w, c, uid, "", ph->version - 1, ph->updated_at);
	icalcomponent_set_dtstart(c, ical_date(ph->start));
	icalcomponent_set_dtend(c, ical_date(last + 1));
	icalcomponent_add_property(c, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
	icalcomponent_add_property(c, icalproperty_new_summary(summary));
	icalcomponent_add_property(c, icalproperty_new_description(description));
	icalcomponent_add_property(c, icalproperty_new_categories("Fase"));
	emit_component(w, c);
	w->stats.events++;

	free(description);
	free(summary);
	free(name);
	free(uid);
}

static unsigned
tombstone_what(enum tv_kind k)
{
	switch (k) {
	case TV_KIND_PACKAGE: return TV_ICAL_DEADLINES;
	case TV_KIND_TASK:    return TV_ICAL_TASKS;
	case TV_KIND_MEETING: return TV_ICAL_MEETINGS;
	case TV_KIND_PHASE:   return TV_ICAL_PHASES;
	default:              return 0;
	}
}

static void
write_tombstone(struct tv_ical_writer *w, const struct tv_board_data *d,
	const struct tv_tombstone *t)
{
	unsigned what = tombstone_what(t->kind);
	if (!(w->opt.what & what))
		return;
	if (w->opt.todo && what != TV_ICAL_DEADLINES && what != TV_ICAL_TASKS)
		return;
	if ((what == TV_ICAL_DEADLINES || what == TV_ICAL_TASKS) && !area_selected(w, t->area))
		return;
	if (!t->uid || !*t->uid)
		return;
	time_t deleted = utc_or(t->deleted_at, w->opt.now);
	struct tv_when start = t->start;
	if (start.day == TV_NO_DAY) /* a VEVENT needs DTSTART: use the deletion day */
		start = (struct tv_when){ tv_date_today(deleted), TV_NO_TIME };
	if (!calendar_day(start.day) || !day_in_filter_phase(w, d, start.day))
		return;
	struct tv_when end = calendar_day(t->end.day) ? t->end : start;

	bool todo = w->opt.todo;
	icalcomponent *c = todo ? icalcomponent_new_vtodo() : icalcomponent_new_vevent();
	char *uid = san(t->uid, false);
	char *u = tv_xasprintf("%s%s%s", uid, todo ? "-todo" : "", UID_DOMAIN);
	icalcomponent_add_property(c, icalproperty_new_uid(u));
	free(u);
	free(uid);
	icalcomponent_add_property(c, icalproperty_new_dtstamp(ical_utc(w->opt.now)));
	int64_t seq = t->sequence < 0 ? 0 : t->sequence > 0x7fffffff ? 0x7fffffff : t->sequence;
	icalcomponent_add_property(c, icalproperty_new_sequence((int)seq));
	icalcomponent_add_property(c, icalproperty_new_lastmodified(ical_utc(deleted)));
	if (todo) {
		if (start.minute == TV_NO_TIME)
			icalcomponent_set_due(c, ical_date(start.day));
		else
			icalcomponent_set_due(c, ical_local(w, start.day, start.minute));
	} else if (start.minute == TV_NO_TIME) {
		int32_t last = end.day >= start.day ? end.day : start.day;
		icalcomponent_set_dtstart(c, ical_date(start.day));
		icalcomponent_set_dtend(c, ical_date(last + 1));
	} else {
		icalcomponent_set_dtstart(c, ical_local(w, start.day, start.minute));
		int64_t s = (int64_t)start.day * 1440 + start.minute;
		int64_t e = end.minute == TV_NO_TIME ? s : (int64_t)end.day * 1440 + end.minute;
		if (e > s)
			icalcomponent_set_dtend(c, ical_local(w, end.day, end.minute));
		else
			icalcomponent_set_dtend(c, ical_local_after(w, start, 15));
	}
	icalcomponent_add_property(c, icalproperty_new_status(ICAL_STATUS_CANCELLED));
	if (!todo)
		icalcomponent_add_property(c, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
	char *summary = san_summary(t->summary);
	icalcomponent_add_property(c, icalproperty_new_summary(summary));
	free(summary);
	if (t->area >= 0 && t->area < TV_AREA_COUNT)
		icalcomponent_add_property(c, icalproperty_new_categories(
			tv_area_name((enum tv_area)t->area, true)));
	else if (t->kind == TV_KIND_PHASE)
		icalcomponent_add_property(c, icalproperty_new_categories("Fase"));
	emit_component(w, c);
	w->stats.events++;
	w->stats.cancelled++;
}

static enum tv_status
write_header(struct tv_ical_writer *w)
{
	icalcomponent *cal = icalcomponent_new_vcalendar();
	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal, icalproperty_new_prodid("-//tavle//tavle " TAVLE_VERSION "//EN"));
	icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
	icalcomponent_add_property(cal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
	icalcomponent_add_property(cal, icalproperty_new_name(w->calname));
	icalproperty *p = icalproperty_new_x(w->calname);
	icalproperty_set_x_name(p, "X-WR-CALNAME");
	icalcomponent_add_property(cal, p);
	p = icalproperty_new_x(TZID_CPH);
	icalproperty_set_x_name(p, "X-WR-TIMEZONE");
	icalcomponent_add_property(cal, p);
	/* RFC 7986 requires VALUE=DURATION, which libical does not add by itself. */
	p = icalproperty_new_refreshinterval(icaldurationtype_from_string("PT1H"));
	icalproperty_add_parameter(p, icalparameter_new_value(ICAL_VALUE_DURATION));
	icalcomponent_add_property(cal, p);
	p = icalproperty_new_x("PT1H");
	icalproperty_set_x_name(p, "X-PUBLISHED-TTL");
	icalcomponent_add_property(cal, p);
	/* Clone: the zone owns its component (adding it directly frees it twice). */
	icalcomponent_add_component(cal, icalcomponent_new_clone(icaltimezone_get_component(w->zone)));

	char *s = icalcomponent_as_ical_string_r(cal);
	icalcomponent_free(cal);
	if (!s)
		return TV_IO;
	/* The writer streams: drop the END line, close() writes it. */
	static const char end[] = "END:VCALENDAR\r\n";
	size_t n = strlen(s);
	if (n >= sizeof end - 1 && strcmp(s + n - (sizeof end - 1), end) == 0)
		s[n - (sizeof end - 1)] = '\0';
	write_refolded(w->out, s);
	icalmemory_free_buffer(s);
	return ferror(w->out) ? TV_IO : TV_OK;
}

enum tv_status
tv_ical_writer_open(FILE *out, const struct tv_ical_options *opt,
	struct tv_ical_writer **out_writer)
{
	*out_writer = NULL;
	struct tv_ical_writer *w = tv_xcalloc(1, sizeof *w);
	w->out = out;
	if (opt)
		w->opt = *opt;
	if (!w->opt.what)
		w->opt.what = TV_ICAL_ALL;
	w->opt.areas &= (1u << TV_AREA_COUNT) - 1;
	w->calname = san(w->opt.calname && *w->opt.calname ? w->opt.calname : "tavle", false);
	if (all_spaces(w->calname)) { /* an empty NAME is an error to libical */
		free(w->calname);
		w->calname = tv_xstrdup("tavle");
	}
	w->phase = w->opt.phase ? tv_xstrdup(w->opt.phase) : NULL;
	w->opt.calname = w->calname;
	w->opt.phase = w->phase;

	icalcomponent *vtz = icalcomponent_new_from_string(vtimezone_text);
	if (!vtz) {
		tv_ical_writer_abort(w);
		return TV_IO;
	}
	w->zone = icaltimezone_new();
	icaltimezone_set_component(w->zone, vtz);

	enum tv_status st = write_header(w);
	if (st != TV_OK) {
		tv_ical_writer_abort(w);
		return st;
	}
	*out_writer = w;
	return TV_OK;
}

enum tv_status
tv_ical_writer_add_board(struct tv_ical_writer *w, const struct tv_board_data *data)
{
	if (!w || !data)
		return TV_INVALID;
	unsigned what = w->opt.what;
	bool todo = w->opt.todo;

	if (!todo && (what & TV_ICAL_PHASES)) {
		for (size_t i = 0; i < data->nphases; i++) {
			const struct tv_phase *ph = &data->phases[i];
			if (w->phase && (!ph->name || strcmp(ph->name, w->phase) != 0))
				continue;
			write_phase(w, ph);
		}
	}
	if (what & (TV_ICAL_DEADLINES | TV_ICAL_TASKS)) {
		for (size_t i = 0; i < data->npackages; i++) {
			const struct tv_package *p = &data->packages[i];
			if (!package_selected(w, data, p))
				continue;
			if (what & TV_ICAL_DEADLINES)
				write_package(w, data, p);
			if (what & TV_ICAL_TASKS)
				for (size_t k = 0; k < p->ntasks; k++)
					write_task(w, data, p, &p->tasks[k]);
		}
	}
	if (!todo && (what & TV_ICAL_MEETINGS)) {
		for (size_t i = 0; i < data->nmeetings; i++) {
			const struct tv_meeting *m = &data->meetings[i];
			if (m->start.day == TV_NO_DAY || !day_in_filter_phase(w, data, m->start.day))
				continue;
			write_meeting(w, m);
		}
	}
	/* Per-item publishing deletes the resources of removed items instead. */
	if (!w->item_cb)
		for (size_t i = 0; i < data->ntombstones; i++)
			write_tombstone(w, data, &data->tombstones[i]);

	if (w->out && ferror(w->out))
		w->failed = true;
	return w->failed ? TV_IO : TV_OK;
}

enum tv_status
tv_ical_writer_close(struct tv_ical_writer *w, struct tv_ical_stats *stats)
{
	if (!w)
		return TV_INVALID;
	fputs("END:VCALENDAR\r\n", w->out);
	if (fflush(w->out) != 0 || ferror(w->out))
		w->failed = true;
	if (stats)
		*stats = w->stats;
	enum tv_status st = w->failed ? TV_IO : TV_OK;
	tv_ical_writer_abort(w);
	return st;
}

void
tv_ical_writer_abort(struct tv_ical_writer *w)
{
	if (!w)
		return;
	if (w->zone)
		icaltimezone_free(w->zone, 1);
	free(w->header);
	free(w->calname);
	free(w->phase);
	free(w);
}

enum tv_status
tv_ical_each_item(const struct tv_board_data *data, const struct tv_ical_options *opt,
	enum tv_status (*cb)(void *ctx, const char *uid, const char *ics, size_t len), void *ctx)
{
	if (!data || !cb)
		return TV_INVALID;
	/* The header is written once into memory by the ordinary writer and then put in
	 * front of every item, so both paths share one header and one refolding. */
	char *hdr = NULL;
	size_t hlen = 0;
	FILE *m = open_memstream(&hdr, &hlen);
	if (!m)
		return TV_IO;
	struct tv_ical_writer *w;
	enum tv_status st = tv_ical_writer_open(m, opt, &w);
	bool bad = ferror(m) != 0;
	if (fclose(m) != 0 || bad) {
		if (st == TV_OK)
			tv_ical_writer_abort(w);
		free(hdr);
		return TV_IO;
	}
	if (st != TV_OK) {
		free(hdr);
		return st;
	}
	w->out = NULL;
	w->header = hdr;
	w->item_cb = cb;
	w->item_ctx = ctx;
	w->item_status = TV_OK;
	st = tv_ical_writer_add_board(w, data);
	if (w->item_status != TV_OK)
		st = w->item_status;
	tv_ical_writer_abort(w);
	return st;
}

/* ==== Import ==== */

/* What the pre-pass remembers about each VEVENT directly inside the VCALENDAR, so
 * errors found after libical parsed the file can still name a line. */
struct ev_lines {
	int begin, dtstart, dtend, duration;
};

struct prop_line {
	char name[40];
	int line;
};

struct prepass {
	struct ev_lines *events;
	size_t nevents, capevents;
	struct prop_line *props;
	size_t nprops, capprops;
};

static void
prepass_free(struct prepass *pp)
{
	free(pp->events);
	free(pp->props);
}

static int
invalid_at(struct tv_diag *diag, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int
invalid_at(struct tv_diag *diag, int line, const char *fmt, ...)
{
	if (diag) {
		char msg[400];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(msg, sizeof msg, gettext(fmt), ap);
		va_end(ap);
		/* Messages quote the file's bytes and end up on a terminal: controls are
		 * made visible, bad UTF-8 replaced, and a cut never splits a character. */
		char *clean = tv_text_sanitize(msg, strlen(msg), TV_SAN_VISIBLE);
		size_t n = strlen(clean);
		if (n > 380) {
			n = 380;
			while (n > 0 && ((unsigned char)clean[n] & 0xC0) == 0x80)
				n--;
			clean[n] = '\0';
		}
		if (line > 0)
			tv_diag_set(diag, TV_INVALID, "line %d: %s", line, clean);
		else
			tv_diag_set(diag, TV_INVALID, "%s", clean);
		free(clean);
		diag->line = line;
	}
	return -1;
}

/* Strict UTF-8 (no overlongs, surrogates or code points past U+10FFFF). */
static bool
utf8_ok(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		if (c < 0x80) {
			if (c == 0)
				return false;
			i++;
			continue;
		}
		size_t len;
		unsigned cp;
		if (c >= 0xC2 && c <= 0xDF) {
			len = 2;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (i + len > n)
			return false;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
		    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
			return false;
		i += len;
	}
	return true;
}

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool
digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int
num(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* A DATE ("YYYYMMDD") or DATE-TIME ("YYYYMMDDTHHMMSS" with optional Z). */
static bool
check_datetime(const char *v, size_t n, int want) /* want: 0 any, 1 date, 2 date-time */
{
	if (n != 8 && n != 15 && n != 16)
		return false;
	if (!digits(v, 8))
		return false;
	int y = num(v, 4), mo = num(v + 4, 2), d = num(v + 6, 2);
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (y < 1 || mo < 1 || mo > 12 || d < 1)
		return false;
	if (d > mdays[mo - 1] + (mo == 2 && leap(y)))
		return false;
	if (n == 8)
		return want != 2;
	if (want == 1)
		return false;
	if (v[8] != 'T' || !digits(v + 9, 6))
		return false;
	if (n == 16 && v[15] != 'Z')
		return false;
	return num(v + 9, 2) < 24 && num(v + 11, 2) < 60 && num(v + 13, 2) <= 60;
}

static bool
name_eq(const char *name, size_t n, const char *lit)
{
	return strlen(lit) == n && strncasecmp(name, lit, n) == 0;
}

struct stack_entry {
	char name[40];
	int line;
};

/*
 * Validate the raw text and record line numbers. `s` has no BOM. Returns 0 or -1
 * with diag set. Lines end in CRLF or LF; a bare CR anywhere else is an error.
 */
static int
prepass(const char *s, size_t n, struct prepass *pp, struct tv_diag *diag)
{
	struct stack_entry stack[16];
	int depth = 0;
	bool seen_cal = false, closed_cal = false;
	int lineno = 0;
	char *logical = NULL;
	size_t lcap = 0, llen = 0;
	int lstart = 0;
	int rc = 0;
	size_t pos = 0;
	int last_line = 0;

	for (;;) {
		/* Read the next physical line. */
		const char *line = NULL;
		size_t len = 0;
		bool eof = pos >= n;
		if (!eof) {
			lineno++;
			line = s + pos;
			const char *nl = memchr(line, '\n', n - pos);
			len = nl ? (size_t)(nl - line) : n - pos;
			pos += len + (nl ? 1 : 0);
			if (len > 0 && line[len - 1] == '\r')
				len--;
			if (memchr(line, '\r', len)) {
				rc = invalid_at(diag, lineno, "bare CR inside a line (lines must end in CRLF or LF)");
				break;
			}
			if (!utf8_ok((const unsigned char *)line, len)) {
				rc = invalid_at(diag, lineno, "not valid UTF-8");
				break;
			}
			last_line = lineno;
			if (len > 0 && (line[0] == ' ' || line[0] == '\t')) {
				if (!logical) {
					rc = invalid_at(diag, lineno, "continuation line with nothing to continue");
					break;
				}
				if (llen + len > lcap) {
					lcap = (llen + len) * 2 + 64;
					logical = tv_xrealloc(logical, lcap);
				}
				memcpy(logical + llen, line + 1, len - 1);
				llen += len - 1;
				continue;
			}
		}
		/* A new logical line starts (or EOF): process the pending one. */
		if (logical) {
			const char *l = logical;
			size_t ln = llen;
			size_t i = 0;
			while (i < ln && (isalnum((unsigned char)l[i]) || l[i] == '-'))
				i++;
			const char *name = l;
			size_t nlen = i;
			if (nlen == 0 || i == ln || (l[i] != ':' && l[i] != ';')) {
				bool colon = memchr(l, ':', ln) != NULL;
				rc = invalid_at(diag, lstart, colon ? "not a content line (bad property name)" :
					"not a content line (no ':')");
				break;
			}
			/* Parameters up to the first ':' outside quotes. */
			int want = 0;
			bool quoted = false;
			size_t pstart = i;
			while (i < ln && (quoted || l[i] != ':')) {
				if (l[i] == '"')
					quoted = !quoted;
				i++;
			}
			if (i == ln) {
				rc = invalid_at(diag, lstart, "not a content line (no ':')");
				break;
			}
			const char *params = l + pstart;
			size_t plen = i - pstart;
			for (size_t k = 0; k + 6 <= plen; k++) {
				if (params[k] == ';' && strncasecmp(params + k + 1, "VALUE=", 6) == 0) {
					const char *v = params + k + 7;
					size_t vl = 0;
					while (k + 7 + vl < plen && v[vl] != ';' && v[vl] != ':')
						vl++;
					if (name_eq(v, vl, "DATE"))
						want = 1;
					else if (name_eq(v, vl, "DATE-TIME"))
						want = 2;
				}
			}
			const char *value = l + i + 1;
			size_t vlen = ln - i - 1;

			if (name_eq(name, nlen, "BEGIN")) {
				if (vlen == 0 || vlen >= sizeof stack[0].name) {
					rc = invalid_at(diag, lstart, "BEGIN without a valid component name");
					break;
				}
				if (depth == 0) {
					if (!name_eq(value, vlen, "VCALENDAR")) {
						rc = invalid_at(diag, lstart, "BEGIN:%.*s outside VCALENDAR", (int)vlen, value);
						break;
					}
					if (closed_cal) {
						rc = invalid_at(diag, lstart, "a second VCALENDAR is not supported");
						break;
					}
					seen_cal = true;
				}
				if (depth == (int)(sizeof stack / sizeof stack[0])) {
					rc = invalid_at(diag, lstart, "components nested too deeply");
					break;
				}
				if (depth == 1 && name_eq(value, vlen, "VEVENT")) {
					if (pp->nevents == pp->capevents) {
						pp->capevents = pp->capevents ? pp->capevents * 2 : 16;
						pp->events = tv_xrealloc(pp->events, pp->capevents * sizeof *pp->events);
					}
					pp->events[pp->nevents++] = (struct ev_lines){ lstart, 0, 0, 0 };
				}
				memcpy(stack[depth].name, value, vlen);
				stack[depth].name[vlen] = '\0';
				stack[depth].line = lstart;
				depth++;
			} else if (name_eq(name, nlen, "END")) {
				if (depth == 0) {
					rc = invalid_at(diag, lstart, "END:%.*s without BEGIN", (int)vlen, value);
					break;
				}
				if (!name_eq(value, vlen, stack[depth - 1].name)) {
					rc = invalid_at(diag, lstart, "END:%.*s does not match BEGIN:%s (line %d)",
						(int)vlen, value, stack[depth - 1].name, stack[depth - 1].line);
					break;
				}
				depth--;
				if (depth == 0)
					closed_cal = true;
			} else {
				if (depth == 0) {
					rc = invalid_at(diag, lstart, closed_cal ?
						"content after END:VCALENDAR" : "property outside VCALENDAR");
					break;
				}
				if (pp->nprops == pp->capprops) {
					pp->capprops = pp->capprops ? pp->capprops * 2 : 64;
					pp->props = tv_xrealloc(pp->props, pp->capprops * sizeof *pp->props);
				}
				struct prop_line *pl = &pp->props[pp->nprops++];
				size_t cp = nlen < sizeof pl->name ? nlen : sizeof pl->name - 1;
				for (size_t k = 0; k < cp; k++)
					pl->name[k] = (char)toupper((unsigned char)name[k]);
				pl->name[cp] = '\0';
				pl->line = lstart;
				bool is_start = name_eq(name, nlen, "DTSTART");
				bool is_end = name_eq(name, nlen, "DTEND");
				bool is_due = name_eq(name, nlen, "DUE") || name_eq(name, nlen, "RECURRENCE-ID");
				if ((is_start || is_end || is_due) && !check_datetime(value, vlen, want)) {
					rc = invalid_at(diag, lstart, "%.*s has an invalid date or time value \"%.*s\"",
						(int)nlen, name, (int)(vlen > 40 ? 40 : vlen), value);
					break;
				}
				if (depth == 2 && pp->nevents > 0 && name_eq(stack[1].name, strlen(stack[1].name), "VEVENT")) {
					struct ev_lines *ev = &pp->events[pp->nevents - 1];
					if (is_start && !ev->dtstart)
						ev->dtstart = lstart;
					else if (is_end && !ev->dtend)
						ev->dtend = lstart;
					else if (name_eq(name, nlen, "DURATION") && !ev->duration)
						ev->duration = lstart;
				}
			}
			free(logical);
			logical = NULL;
			llen = lcap = 0;
		}
		if (eof)
			break;
		if (len == 0)
			continue; /* blank lines are tolerated */
		lstart = lineno;
		lcap = len + 64;
		logical = tv_xmalloc(lcap);
		memcpy(logical, line, len);
		llen = len;
	}
	free(logical);
	if (rc != 0)
		return rc;
	if (!seen_cal)
		return invalid_at(diag, last_line > 0 ? last_line : 1, "no BEGIN:VCALENDAR found");
	if (depth > 0)
		return invalid_at(diag, last_line, "missing END:%s at end of file (BEGIN at line %d)",
			stack[depth - 1].name, stack[depth - 1].line);
	return 0;
}

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

/* The line of the first property whose name appears in an X-LIC-ERROR text. */
static int
error_line(const struct prepass *pp, const char *err)
{
	for (size_t i = 0; i < pp->nprops; i++) {
		const char *hit = strstr(err, pp->props[i].name);
		if (hit && strlen(pp->props[i].name) >= 3) {
			char after = hit[strlen(pp->props[i].name)];
			if (!isalnum((unsigned char)after) && after != '-')
				return pp->props[i].line;
		}
	}
	return 0;
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
	char *w = san(who && *who ? who : "(uden navn)", false);
	imp->skipped[imp->nskipped++] = tv_xasprintf("%s: %s", w, reason);
	free(w);
}

/*
 * Convert a DTSTART/DTEND property value to Copenhagen local time. Returns false with
 * `*why` set when the TZID names a zone the file does not define.
 */
static bool
prop_to_local(icalcomponent *cal, icalproperty *p, struct icaltimetype t, struct tv_when *out,
	bool *gap, const char **why)
{
	if (t.is_date) {
		int32_t day;
		if (!tv_date_from_ymd(t.year, t.month, t.day, &day)) {
			*why = "invalid date";
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
			*why = "time zone without VTIMEZONE";
			return false;
		}
	}
	if (!zone) {
		/* Floating or Copenhagen: the wall clock is already local. */
		int32_t day;
		if (!tv_date_from_ymd(t.year, t.month, t.day, &day)) {
			*why = "invalid date";
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

/* One VEVENT into a meeting, or a skip note. Returns -1 with diag on a hard error. */
static int
import_event(icalcomponent *cal, icalcomponent *ev, const struct ev_lines *lines,
	struct import_acc *a, struct tv_diag *diag)
{
	/* Read everything through first-property look-ups: no loop over ev is active. */
	const char *uid = prop_text(ev, ICAL_UID_PROPERTY);
	const char *summary = prop_text(ev, ICAL_SUMMARY_PROPERTY);
	const char *who = uid && *uid ? uid : summary;
	icalproperty *ps = icalcomponent_get_first_property(ev, ICAL_STATUS_PROPERTY);
	if (ps && icalproperty_get_status(ps) == ICAL_STATUS_CANCELLED) {
		add_skip(a, who, "cancelled");
		return 0;
	}
	if (!uid || !*uid) {
		add_skip(a, who, "no UID");
		return 0;
	}
	if (icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY) ||
	    icalcomponent_get_first_property(ev, ICAL_RDATE_PROPERTY) ||
	    icalcomponent_get_first_property(ev, ICAL_RECURRENCEID_PROPERTY)) {
		add_skip(a, who, "recurring events are not supported");
		return 0;
	}
	icalproperty *pstart = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
	if (!pstart) {
		add_skip(a, who, "no DTSTART");
		return 0;
	}
	for (size_t i = 0; i < a->imp->nmeetings; i++) {
		if (strcmp(a->imp->meetings[i].uid, uid) == 0) {
			add_skip(a, who, "duplicate UID");
			return 0;
		}
	}
	const char *why = NULL;
	bool gap = false;
	struct tv_when start, end;
	if (!prop_to_local(cal, pstart, icalproperty_get_dtstart(pstart), &start, &gap, &why)) {
		invalid_at(diag, lines ? lines->dtstart : 0, "DTSTART: %s", why);
		return -1;
	}
	icalproperty *pend = icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY);
	icalproperty *pdur = icalcomponent_get_first_property(ev, ICAL_DURATION_PROPERTY);
	if (pend) {
		if (!prop_to_local(cal, pend, icalproperty_get_dtend(pend), &end, &gap, &why)) {
			invalid_at(diag, lines ? lines->dtend : 0, "DTEND: %s", why);
			return -1;
		}
		if (start.minute == TV_NO_TIME && end.minute == TV_NO_TIME) {
			/* Exclusive in iCalendar, inclusive on the board; an empty span is
			 * read as one day. */
			end.day = end.day > start.day ? end.day - 1 : start.day;
		} else if (start.minute == TV_NO_TIME || end.minute == TV_NO_TIME) {
			invalid_at(diag, lines ? lines->dtend : 0, "DTEND is a %s but DTSTART is not",
				end.minute == TV_NO_TIME ? "date" : "date-time");
			return -1;
		}
	} else if (pdur) {
		int secs = icaldurationtype_as_int(icalproperty_get_duration(pdur));
		if (start.minute == TV_NO_TIME) {
			int days = secs / 86400;
			end = (struct tv_when){ start.day + (days > 0 ? days - 1 : 0), TV_NO_TIME };
		} else {
			time_t su;
			if (tv_when_to_utc(start, &su))
				end = tv_when_from_utc(su + secs);
			else
				end = start;
		}
	} else {
		end = start;
	}
	time_t probe;
	if (gap || (start.minute != TV_NO_TIME && !tv_when_to_utc(start, &probe)) ||
	    (end.minute != TV_NO_TIME && !tv_when_to_utc(end, &probe))) {
		/* Floating or Copenhagen wall-clock time in the spring-forward gap. */
		add_skip(a, who, "time does not exist (summer-time change)");
		return 0;
	}
	/* Only what the export can write again (see calendar_day). */
	if (!calendar_day(start.day) || !calendar_day(end.day)) {
		add_skip(a, who, "date outside 1970-01-01 to 2499-12-30");
		return 0;
	}
	if (when_minutes(end) < when_minutes(start)) {
		add_skip(a, who, "ends before it starts");
		return 0;
	}

	struct tv_ical_import *imp = a->imp;
	if (imp->nmeetings == a->capm) {
		a->capm = a->capm ? a->capm * 2 : 8;
		imp->meetings = tv_xrealloc(imp->meetings, a->capm * sizeof *imp->meetings);
	}
	struct tv_meeting *m = &imp->meetings[imp->nmeetings++];
	memset(m, 0, sizeof *m);
	m->uid = san(uid, false);
	m->kind = kind_from_categories(ev);
	m->title = san(summary && *summary ? summary : "(uden titel)", false);
	m->start = start;
	m->end = end;
	const char *loc = prop_text(ev, ICAL_LOCATION_PROPERTY);
	if (loc && *loc)
		m->place = san(loc, false);
	icalproperty *pu = icalcomponent_get_first_property(ev, ICAL_URL_PROPERTY);
	const char *url = pu ? icalproperty_get_url(pu) : NULL;
	if (url && *url)
		m->url = san(url, false);
	const char *notes = prop_text(ev, ICAL_DESCRIPTION_PROPERTY);
	if (notes && *notes)
		m->notes = san(notes, true);
	m->version = 1;
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
		invalid_at(diag, 1, "empty file");
		return TV_INVALID;
	}
	struct prepass pp = {0};
	if (prepass(text, len, &pp, diag) != 0) {
		prepass_free(&pp);
		return TV_INVALID;
	}
	char *copy = tv_xstrndup(text, len);
	icalcomponent *root = icalparser_parse_string(copy);
	free(copy);
	if (!root || icalcomponent_isa(root) != ICAL_VCALENDAR_COMPONENT) {
		if (root)
			icalcomponent_free(root);
		prepass_free(&pp);
		invalid_at(diag, 0, "libical could not parse the calendar");
		return TV_INVALID;
	}
	if (icalcomponent_count_errors(root) > 0) {
		const char *err = first_error(root);
		int line = err ? error_line(&pp, err) : 0;
		invalid_at(diag, line, "%s", err ? err : "libical reported an error");
		icalcomponent_free(root);
		prepass_free(&pp);
		return TV_INVALID;
	}

	struct tv_ical_import *imp = tv_xcalloc(1, sizeof *imp);
	struct import_acc acc = { imp, 0, 0 };
	size_t idx = 0;
	int rc = 0;
	icalcompiter it = icalcomponent_begin_component(root, ICAL_VEVENT_COMPONENT);
	for (icalcomponent *ev; (ev = icalcompiter_deref(&it)) != NULL; icalcompiter_next(&it)) {
		const struct ev_lines *lines = idx < pp.nevents ? &pp.events[idx] : NULL;
		idx++;
		if ((rc = import_event(root, ev, lines, &acc, diag)) != 0)
			break;
	}
	icalcomponent_free(root);
	prepass_free(&pp);
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
	for (size_t i = 0; i < imp->nskipped; i++)
		free(imp->skipped[i]);
	free(imp->skipped);
	free(imp);
}

void
tv_ical_shutdown(void)
{
	icaltimezone_free_builtin_timezones();
	icalmemory_free_ring();
}
