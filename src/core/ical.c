/* SPDX-License-Identifier: MPL-2.0 */
/*
 * iCalendar export (streaming writer) and import (parser into meetings): the only file
 * in tavle that includes libical. Export fills libical template properties built once
 * per writer with each item's values, serialises them (simple forms directly, the rest
 * and every constant line by libical), unfolds libical's output and folds it again at
 * 75 octets on UTF-8 boundaries (libical 3.0.16 can emit a bare CR or an empty
 * continuation line) and writes it in large chunks, so memory does not grow with the
 * number of items (see struct tv_ical_writer). One zone
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
#include <errno.h>
#include <libintl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include "config.h"
#include "tavle/date.h"
#include "tavle/ical.h"
#include "tavle/model.h"
#include "tavle/store.h" /* enum tv_board_part only */
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

/* Empty the buffer but keep its memory: the export reuses a few buffers for every
 * item instead of allocating per item. */
static void
sb_clear(struct sbuf *b)
{
	sb_reserve(b, 0);
	b->len = 0;
	b->p[0] = '\0';
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

/* Append any int as printf's "%0*d" would (negative numbers are rare: bad data). */
static void
sb_int(struct sbuf *b, int v, int width)
{
	if (v >= 0) {
		sb_num(b, (unsigned)v, width);
		return;
	}
	char tmp[24];
	int n = snprintf(tmp, sizeof tmp, "%0*d", width, v);
	if (n > 0)
		sb_putn(b, tmp, (size_t)n);
}

/* Would tv_text_sanitize return `s` unchanged? True for printable ASCII (and LF in
 * multi-line text) and the two-byte UTF-8 letters U+00C0-U+00FF (æ, ø, å, é...),
 * which is nearly all real text; anything else takes the full sanitiser. */
static bool
text_clean(const char *s, bool multiline)
{
	const unsigned char *q = (const unsigned char *)s;
	for (;;) {
		unsigned c = *q;
		if (c >= 0x20 && c < 0x7f) {
			q++;
		} else if (c == 0) {
			return true;
		} else if (c == '\n' && multiline) {
			q++;
		} else if (c == 0xC3 && q[1] >= 0x80 && q[1] <= 0xBF) {
			q += 2;
		} else {
			return false;
		}
	}
}

/* Append the sanitised form of possibly-NULL text: libical writes control characters
 * raw. Allocates only for text that actually needs cleaning. */
static void
sb_san(struct sbuf *b, const char *s, bool multiline)
{
	if (!s)
		return;
	if (text_clean(s, multiline)) {
		sb_puts(b, s);
		return;
	}
	char *r = tv_text_sanitize(s, strlen(s), multiline ? TV_SAN_KEEP_NEWLINES : 0);
	sb_puts(b, r);
	free(r);
}

/* Sanitised copy of possibly-NULL text: libical writes control characters raw. */
static char *
san(const char *s, bool multiline)
{
	if (!s)
		s = "";
	if (text_clean(s, multiline))
		return tv_xstrdup(s);
	return tv_text_sanitize(s, strlen(s), multiline ? TV_SAN_KEEP_NEWLINES : 0);
}

/* Drop trailing newlines (a DESCRIPTION ending in "\n" looks like an empty last line
 * in most clients). */
static void
sb_chomp(struct sbuf *b)
{
	while (b->len > 0 && b->p[b->len - 1] == '\n')
		b->p[--b->len] = '\0';
}

/* Write one logical line folded at <= 75 octets, never inside a UTF-8 sequence and
 * never leaving an empty continuation line. */
static void
fold_line(struct sbuf *out, const char *s, size_t n)
{
	sb_reserve(out, n + 3 * (n / (FOLD_LIMIT - 1) + 1));
	char *o = out->p + out->len;
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
			*o++ = ' ';
		memcpy(o, s, take);
		o += take;
		*o++ = '\r';
		*o++ = '\n';
		s += take;
		n -= take;
		first = false;
		limit = FOLD_LIMIT - 1; /* the leading space counts */
	} while (n > 0);
	out->len = (size_t)(o - out->p);
	out->p[out->len] = '\0';
}

/* Fold every non-empty '\n'-terminated line of `text` (unfolded, without CR: what
 * sb_unfold and the direct property writer produce) into `out`, CRLF-terminated. */
static void
fold_lines(struct sbuf *out, const char *text, size_t n)
{
	const char *end = text + n;
	while (text < end) {
		const char *nl = memchr(text, '\n', (size_t)(end - text));
		size_t len = nl ? (size_t)(nl - text) : (size_t)(end - text);
		if (len > 0)
			fold_line(out, text, len);
		text += len + 1;
	}
}

/* Append libical's serialisation `text` unfolded and without CRs (libical bug 1 can
 * leave one mid-line; texts are sanitised), one logical line per '\n'. */
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

/* YYYYMMDD, and with `time` THHMMSS, of a date or date-time whose fields are in range
 * (checked by the caller): written digit by digit, as every item has several. */
static void
sb_stamp(struct sbuf *b, const struct icaltimetype *t, bool time)
{
	sb_reserve(b, 15);
	char *o = b->p + b->len;
	unsigned y = (unsigned)t->year;
	*o++ = (char)('0' + y / 1000);
	*o++ = (char)('0' + y / 100 % 10);
	*o++ = (char)('0' + y / 10 % 10);
	*o++ = (char)('0' + y % 10);
	unsigned f[5] = { (unsigned)t->month, (unsigned)t->day, (unsigned)t->hour,
		(unsigned)t->minute, (unsigned)t->second };
	for (int i = 0; i < (time ? 5 : 2); i++) {
		if (i == 2)
			*o++ = 'T';
		*o++ = (char)('0' + f[i] / 10);
		*o++ = (char)('0' + f[i] % 10);
	}
	b->len = (size_t)(o - b->p);
	b->p[b->len] = '\0';
}

static bool
date_fields_ok(const struct icaltimetype *t)
{
	return t->year >= 0 && t->year <= 9999 && t->month >= 0 && t->month <= 99 &&
		t->day >= 0 && t->day <= 99;
}

static bool
time_fields_ok(const struct icaltimetype *t)
{
	return date_fields_ok(t) && t->hour >= 0 && t->hour <= 99 &&
		t->minute >= 0 && t->minute <= 99 && t->second >= 0 && t->second <= 99;
}

/* TEXT escaping as libical 3.0.16 does it: newline, ',', ';' and '\\' get a backslash;
 * other control characters (sanitising removes them) are left to libical. */
enum { ESC_NONE, ESC_BACKSLASH, ESC_REJECT };
static const unsigned char text_escape[256] = {
	[0x01] = ESC_REJECT, [0x02] = ESC_REJECT, [0x03] = ESC_REJECT, [0x04] = ESC_REJECT,
	[0x05] = ESC_REJECT, [0x06] = ESC_REJECT, [0x07] = ESC_REJECT, [0x08] = ESC_REJECT,
	[0x09] = ESC_REJECT, ['\n'] = ESC_BACKSLASH, [0x0b] = ESC_REJECT, [0x0c] = ESC_REJECT,
	[0x0d] = ESC_REJECT, [0x0e] = ESC_REJECT, [0x0f] = ESC_REJECT, [0x10] = ESC_REJECT,
	[0x11] = ESC_REJECT, [0x12] = ESC_REJECT, [0x13] = ESC_REJECT, [0x14] = ESC_REJECT,
	[0x15] = ESC_REJECT, [0x16] = ESC_REJECT, [0x17] = ESC_REJECT, [0x18] = ESC_REJECT,
	[0x19] = ESC_REJECT, [0x1a] = ESC_REJECT, [0x1b] = ESC_REJECT, [0x1c] = ESC_REJECT,
	[0x1d] = ESC_REJECT, [0x1e] = ESC_REJECT, [0x1f] = ESC_REJECT, [0x7f] = ESC_REJECT,
	[','] = ESC_BACKSLASH, [';'] = ESC_BACKSLASH, ['\\'] = ESC_BACKSLASH,
};

/*
 * Write the value of a libical property the way libical 3.0.16 writes it, without
 * libical's serialiser: that builds each line char by char with several allocations
 * per property and cost about 4,500 instructions a property, over half the export's
 * CPU. Only the common simple forms are handled: a TEXT value (libical escapes exactly
 * newline, ',', ';' and '\\'; values with other control characters, which sanitising
 * removes anyway, take libical's path), a UTC DATE-TIME, an all-day DATE (libical adds
 * VALUE=DATE), a DATE-TIME with our TZID as its only parameter, an INTEGER. Anything
 * else returns false and goes through libical. Byte-identical output is checked by the
 * golden tests and by comparing whole exports (see the commit that added it).
 */
static bool
sb_fast_prop(struct sbuf *b, icalproperty *p)
{
	icalproperty_kind k = icalproperty_isa(p);
	icalvalue *v = icalproperty_get_value(p);
	if (!v)
		return false;
	int nparams = icalproperty_count_parameters(p);
	/* Literal names: icalproperty_kind_to_string searches a table linearly. */
	const char *name;
	switch (k) {
	case ICAL_LASTMODIFIED_PROPERTY: {
		if (nparams != 0 || icalvalue_isa(v) != ICAL_DATETIME_VALUE)
			return false;
		struct icaltimetype t = icalvalue_get_datetime(v);
		if (t.is_date || !icaltime_is_utc(t) || !time_fields_ok(&t))
			return false;
		sb_puts(b, "LAST-MODIFIED:");
		sb_stamp(b, &t, true);
		sb_putn(b, "Z\n", 2);
		return true;
	}
	case ICAL_DTSTART_PROPERTY:
	case ICAL_DTEND_PROPERTY:
	case ICAL_DUE_PROPERTY: {
		name = k == ICAL_DTSTART_PROPERTY ? "DTSTART" : k == ICAL_DTEND_PROPERTY ?
			"DTEND" : "DUE";
		if (nparams == 0 && icalvalue_isa(v) == ICAL_DATE_VALUE) {
			/* All-day. icaltime_null_date() leaves the time fields at -1. */
			struct icaltimetype t = icalvalue_get_date(v);
			if (!t.is_date || !date_fields_ok(&t))
				return false;
			sb_puts(b, name);
			sb_puts(b, ";VALUE=DATE:");
			sb_stamp(b, &t, false);
			sb_putn(b, "\n", 1);
			return true;
		}
		if (nparams != 1 || icalvalue_isa(v) != ICAL_DATETIME_VALUE)
			return false;
		icalparameter *tz = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
		const char *tzid = tz ? icalparameter_get_tzid(tz) : NULL;
		struct icaltimetype t = icalvalue_get_datetime(v);
		if (!tzid || strcmp(tzid, TZID_CPH) != 0 || t.is_date || icaltime_is_utc(t) ||
		    !time_fields_ok(&t))
			return false;
		sb_puts(b, name);
		sb_puts(b, ";TZID=" TZID_CPH ":");
		sb_stamp(b, &t, true);
		sb_putn(b, "\n", 1);
		return true;
	}
	case ICAL_SEQUENCE_PROPERTY:
		if (nparams != 0 || icalvalue_isa(v) != ICAL_INTEGER_VALUE ||
		    icalvalue_get_integer(v) < 0)
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
	default:
		return false;
	}
	if (nparams != 0 || icalvalue_isa(v) != ICAL_TEXT_VALUE)
		return false;
	const char *t = icalvalue_get_text(v);
	if (!t || !*t)
		return false;
	/* One pass, copying runs of plain bytes (descriptions are most of the output). */
	size_t n = strlen(t), at = b->len;
	sb_puts(b, name);
	sb_reserve(b, 2 * n + 2);
	char *o = b->p + b->len;
	*o++ = ':';
	const unsigned char *q = (const unsigned char *)t, *end = q + n;
	for (;;) {
		const unsigned char *r = q;
		while (r < end && !text_escape[*r])
			r++;
		memcpy(o, q, (size_t)(r - q));
		o += r - q;
		if (r == end)
			break;
		if (text_escape[*r] == ESC_REJECT) {
			b->len = at;
			b->p[at] = '\0';
			return false;
		}
		*o++ = '\\';
		*o++ = *r == '\n' ? 'n' : (char)*r;
		q = r + 1;
	}
	*o++ = '\n';
	b->len = (size_t)(o - b->p);
	b->p[b->len] = '\0';
	return true;
}

/* A property as unfolded lines: the direct writer, else libical's serialiser. */
static bool
sb_prop(struct sbuf *b, icalproperty *p)
{
	if (sb_fast_prop(b, p))
		return true;
	char *s = icalproperty_as_ical_string_r(p);
	if (!s)
		return false;
	sb_unfold(b, s);
	icalmemory_free_buffer(s);
	return true;
}

/* libical's serialisation of a property, unfolded, as a string to reuse for every
 * item (the caller frees); the property is freed. NULL if libical fails. */
static char *
cached_line(icalproperty *p)
{
	struct sbuf b = { 0 };
	char *s = icalproperty_as_ical_string_r(p);
	icalproperty_free(p);
	if (!s)
		return NULL;
	sb_unfold(&b, s);
	icalmemory_free_buffer(s);
	return b.p ? b.p : tv_xstrdup("");
}

/* ---- the writer ---- */

/* CATEGORIES lines kept ready: the areas, the meeting kinds, "Fase". */
#define CAT_KIND0 TV_AREA_COUNT
#define CAT_PHASE (TV_AREA_COUNT + TV_MEETING_KIND_COUNT)
#define NCAT (CAT_PHASE + 1)

enum { ST_CANCELLED, ST_COMPLETED, ST_NEEDSACTION, NSTATUS };

/*
 * How libical is driven (the export's hot path, run for ~136,000 items on the
 * national benchmark). Building a tree per item (a component, a dozen properties,
 * values and parameter lists, serialising and freeing them) cost ~75,000 instructions
 * an item, mostly in malloc/free. Instead the writer builds its libical objects once:
 * - template components holding one property per variable field; per item only the
 *   values are replaced in place (icalvalue_set_text/_date/_datetime/_integer), so
 *   no component, property or parameter is allocated or freed per item;
 * - every property that is the same for many items (DTSTAMP, TRANSP, STATUS,
 *   CATEGORIES, COLOR, the VALARM's ACTION and TRIGGER) is serialised by libical once
 *   at open and its line reused;
 * - the variable properties are written by sb_prop: the simple forms directly from
 *   the libical value, the rest by libical's serialiser;
 * - each item's lines collect in one reused buffer, are folded (libical bug 1) into
 *   a large output buffer and written with one fwrite per OUT_CHUNK bytes.
 * An item is written in the order the per-item tree used to be built and serialised,
 * so the output is byte-identical to it.
 */
#define OUT_CHUNK (256u << 10)

struct tv_ical_writer {
	FILE *out;
	struct tv_ical_options opt;  /* strings below are owned copies */
	char *calname;
	char *phase;
	icaltimezone *zone;
	struct tv_ical_stats stats;
	bool failed;
	/* tv_ical_each_item: each item becomes its own calendar (header + item + END)
	 * handed to item_cb instead of being written to `out`; the first failing callback
	 * stops the rest. */
	enum tv_status (*item_cb)(void *ctx, const char *uid, const char *ics, size_t len);
	void *item_ctx;
	enum tv_status item_status;

	/* Templates (owned; each property belongs to one of them). */
	icalcomponent *tpl_text, *tpl_date, *tpl_time, *tpl_due_date, *tpl_due_time;
	icalproperty *p_uid, *p_sequence, *p_lastmod, *p_summary, *p_description,
		*p_location, *p_url, *p_alarm_description;
	icalproperty *p_start_date, *p_end_date, *p_start_time, *p_end_time;
	icalproperty *p_due_date, *p_due_time;
	/* Constant lines, unfolded and '\n'-terminated, serialised by libical once. */
	char *l_dtstamp, *l_transp_opaque, *l_transp_transparent;
	char *l_status[NSTATUS];
	char *l_cat[NCAT];
	char *l_color[TV_AREA_COUNT];
	char *l_alarm_head;     /* BEGIN:VALARM, ACTION, TRIGGER */

	struct sbuf header;     /* the folded calendar header with VTIMEZONE */
	struct sbuf item;       /* the current item, unfolded lines */
	struct sbuf text;       /* a value being built (description, summary) */
	struct sbuf uid;        /* the item's UID */
	struct sbuf title;      /* a sanitised title used in several values */
	struct sbuf alarm;      /* the VALARM's DESCRIPTION */
	struct sbuf out_buf;    /* folded text waiting to be written */
	bool item_ok;
	/* LAST-MODIFIED: most items of a board share their updated_at text. */
	char *lm_text;
	time_t lm_fallback, lm_value;
	bool lm_has_time;       /* lm_time is the UTC time of lm_key */
	time_t lm_key;
	struct icaltimetype lm_time;
};

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

/* utc_or with a one-entry cache: the benchmark's 136,000 items carry a handful of
 * distinct timestamps, each parsed and checked once per run of equal texts. */
static time_t
writer_utc_or(struct tv_ical_writer *w, const char *text, time_t fallback)
{
	if (!text || !*text)
		return fallback;
	if (w->lm_text && w->lm_fallback == fallback && strcmp(w->lm_text, text) == 0)
		return w->lm_value;
	free(w->lm_text);
	w->lm_text = tv_xstrdup(text);
	w->lm_fallback = fallback;
	w->lm_value = utc_or(text, fallback);
	return w->lm_value;
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
static void
sb_san_summary(struct sbuf *b, const char *s)
{
	size_t at = b->len;
	sb_san(b, s, false);
	if (all_spaces(b->p + at)) {
		b->len = at;
		sb_puts(b, "(uden titel)");
	}
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

/* ---- writing one item: the template properties get their values, then a line ---- */

static void
put_line(struct tv_ical_writer *w, const char *line)
{
	if (line)
		sb_puts(&w->item, line);
	else
		w->item_ok = false;
}

static void
put_prop(struct tv_ical_writer *w, icalproperty *p)
{
	if (!sb_prop(&w->item, p))
		w->item_ok = false;
}

static void
put_text(struct tv_ical_writer *w, icalproperty *p, const char *text)
{
	icalvalue_set_text(icalproperty_get_value(p), text);
	put_prop(w, p);
}

static void
item_begin(struct tv_ical_writer *w, bool todo)
{
	sb_clear(&w->item);
	w->item_ok = true;
	sb_puts(&w->item, todo ? "BEGIN:VTODO\n" : "BEGIN:VEVENT\n");
}

/* The item's UID text is in the p_uid value (tv_ical_each_item names the item by it). */
static void
item_end(struct tv_ical_writer *w, bool todo)
{
	sb_puts(&w->item, todo ? "END:VTODO\n" : "END:VEVENT\n");
	w->stats.events++;
	if (!w->item_ok) {
		if (w->item_cb) {
			if (w->item_status == TV_OK)
				w->item_status = TV_IO;
		} else {
			w->failed = true;
		}
		return;
	}
	if (w->item_cb) {
		if (w->item_status != TV_OK)
			return;
		struct sbuf *o = &w->out_buf;
		sb_clear(o);
		sb_putn(o, w->header.p, w->header.len);
		fold_lines(o, w->item.p, w->item.len);
		sb_puts(o, "END:VCALENDAR\r\n");
		const char *uid = icalvalue_get_text(icalproperty_get_value(w->p_uid));
		w->item_status = w->item_cb(w->item_ctx, uid ? uid : "", o->p, o->len);
		return;
	}
	fold_lines(&w->out_buf, w->item.p, w->item.len);
	if (w->out_buf.len >= OUT_CHUNK) {
		if (fwrite(w->out_buf.p, 1, w->out_buf.len, w->out) != w->out_buf.len)
			w->failed = true;
		w->out_buf.len = 0;
	}
}

/* Write what is buffered to the stream. */
static void
writer_flush(struct tv_ical_writer *w)
{
	if (w->out && w->out_buf.len) {
		if (fwrite(w->out_buf.p, 1, w->out_buf.len, w->out) != w->out_buf.len)
			w->failed = true;
		w->out_buf.len = 0;
	}
}

/* Common properties: UID, DTSTAMP, SEQUENCE, LAST-MODIFIED. The sanitised uid is
 * in w->uid (sb_uid). */
static void
put_common(struct tv_ical_writer *w, const char *suffix, int64_t sequence,
	time_t last_modified)
{
	struct sbuf *u = &w->uid;
	sb_puts(u, suffix);
	sb_puts(u, UID_DOMAIN);
	put_text(w, w->p_uid, u->p);
	put_line(w, w->l_dtstamp);
	if (sequence < 0)
		sequence = 0;
	if (sequence > 0x7fffffff)
		sequence = 0x7fffffff;
	icalvalue_set_integer(icalproperty_get_value(w->p_sequence), (int)sequence);
	put_prop(w, w->p_sequence);
	if (!w->lm_has_time || w->lm_key != last_modified) {
		w->lm_time = ical_utc(last_modified); /* gmtime and more: once per run */
		w->lm_key = last_modified;
		w->lm_has_time = true;
	}
	icalvalue_set_datetime(icalproperty_get_value(w->p_lastmod), w->lm_time);
	put_prop(w, w->p_lastmod);
}

static void
put_date(struct tv_ical_writer *w, icalproperty *p, int32_t day)
{
	icalvalue_set_date(icalproperty_get_value(p), ical_date(day));
	put_prop(w, p);
}

static void
put_local(struct tv_ical_writer *w, icalproperty *p, struct icaltimetype t)
{
	icalvalue_set_datetime(icalproperty_get_value(p), t);
	put_prop(w, p);
}

/* DUE of a VTODO: a date, or a local time. */
static void
put_due(struct tv_ical_writer *w, struct tv_when when)
{
	if (when.minute == TV_NO_TIME)
		put_date(w, w->p_due_date, when.day);
	else
		put_local(w, w->p_due_time, ical_local(w, when.day, when.minute));
}

/* A deadline as DTSTART/DTEND: all-day (exclusive end next day) or 15 minutes. */
static void
put_deadline_times(struct tv_ical_writer *w, struct tv_when when)
{
	if (when.minute == TV_NO_TIME) {
		put_date(w, w->p_start_date, when.day);
		put_date(w, w->p_end_date, when.day + 1);
	} else {
		put_local(w, w->p_start_time, ical_local(w, when.day, when.minute));
		put_local(w, w->p_end_time, ical_local_after(w, when, 15));
	}
}

/* Keep the summary for the VALARM (the item's other values reuse the buffers). */
static bool
alarm_keep(struct tv_ical_writer *w, const char *summary)
{
	if (!w->opt.alarm || w->opt.todo)
		return false;
	sb_clear(&w->alarm);
	sb_san(&w->alarm, summary, false);
	return true;
}

/* The VALARM with the summary kept by alarm_keep. */
static void
put_alarm(struct tv_ical_writer *w)
{
	put_line(w, w->l_alarm_head);
	put_text(w, w->p_alarm_description, w->alarm.p);
	sb_puts(&w->item, "END:VALARM\n");
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

/* The item's own UID (sanitised) or "<kind>-<board>-<id>". */
static void
sb_uid(struct sbuf *b, const char *uid, const char *kind, int64_t board_id, int64_t id)
{
	sb_clear(b);
	if (uid && *uid) {
		sb_san(b, uid, false);
		return;
	}
	char tmp[64];
	int n = snprintf(tmp, sizeof tmp, "%s-%lld-%lld", kind, (long long)board_id, (long long)id);
	if (n > 0)
		sb_putn(b, tmp, (size_t)n);
}

/* "Frist: <what>" or "Frist kl. HH:MM: <what>" (what is already in `b` from `at`). */
static void
sb_deadline_prefix(struct sbuf *b, struct tv_when when)
{
	if (when.minute == TV_NO_TIME) {
		sb_puts(b, "Frist: ");
		return;
	}
	sb_puts(b, "Frist kl. ");
	sb_int(b, when.minute / 60, 2);
	sb_putn(b, ":", 1);
	sb_int(b, when.minute % 60, 2);
	sb_puts(b, ": ");
}

/* What one board's items share: sanitised once per board, not per item. */
struct board_ctx {
	const struct tv_board_data *d;
	char *name;             /* sanitised board name, NULL if none */
};

static void
write_package(struct tv_ical_writer *w, const struct board_ctx *bc,
	const struct tv_package *p, const char *title)
{
	if (!calendar_day(p->deadline.day))
		return;
	const struct tv_board_data *d = bc->d;
	bool todo = w->opt.todo;
	const char *area = tv_area_name(p->area, true);
	struct sbuf *s = &w->text;

	sb_uid(&w->uid, p->uid, "package", p->board_id, p->id);
	item_begin(w, todo);
	put_common(w, todo ? "-todo" : "", p->version - 1,
		writer_utc_or(w, p->updated_at, w->opt.now));
	if (todo) {
		put_due(w, p->deadline);
		put_line(w, w->l_status[p->status == TV_DONE ? ST_COMPLETED : ST_NEEDSACTION]);
	} else {
		put_deadline_times(w, p->deadline);
		put_line(w, w->l_transp_transparent);
	}

	/* SUMMARY: "[Frist[ kl. HH:MM]: ]<number> <title>" */
	sb_clear(s);
	if (!todo)
		sb_deadline_prefix(s, p->deadline);
	sb_int(s, p->number, 1);
	sb_putn(s, " ", 1);
	sb_puts(s, title);
	put_text(w, w->p_summary, s->p);
	bool alarm = alarm_keep(w, s->p);

	sb_clear(s);
	sb_puts(s, "Pakke ");
	sb_int(s, p->number, 1);
	sb_puts(s, ": ");
	sb_puts(s, title);
	sb_puts(s, "\nOmråde: ");
	sb_puts(s, area);
	sb_putn(s, "\n", 1);
	if (p->owner && *p->owner) {
		sb_puts(s, "Ansvarlig: ");
		sb_san(s, p->owner, false);
		sb_putn(s, "\n", 1);
	}
	sb_puts(s, "Status: ");
	sb_puts(s, tv_pstatus_name(p->status, true));
	sb_putn(s, "\n", 1);
	const char *ph = phase_name(d, p->phase_id);
	if (ph) {
		sb_puts(s, "Fase: ");
		sb_san(s, ph, false);
		sb_putn(s, "\n", 1);
	}
	if (bc->name) {
		sb_puts(s, "Tavle: ");
		sb_puts(s, bc->name);
		sb_putn(s, "\n", 1);
	}
	const char *req = p->sections[TV_SEC_REQUIREMENTS];
	if (req && *req) {
		sb_putn(s, "\n", 1);
		sb_puts(s, tv_section_name(TV_SEC_REQUIREMENTS, true));
		sb_puts(s, ":\n");
		sb_san(s, req, true);
		sb_putn(s, "\n", 1);
	}
	sb_chomp(s);
	put_text(w, w->p_description, s->p);
	put_line(w, w->l_cat[p->area]);
	put_line(w, w->l_color[p->area]);
	if (alarm)
		put_alarm(w);
	item_end(w, todo);
}

static void
write_task(struct tv_ical_writer *w, const struct tv_package *p, const char *ptitle,
	const struct tv_task *t)
{
	if (!calendar_day(t->deadline.day))
		return;
	bool todo = w->opt.todo;
	const char *area = tv_area_name(p->area, true);
	struct sbuf *s = &w->text;

	sb_uid(&w->uid, t->uid, "task", p->id, t->id);
	item_begin(w, todo);
	put_common(w, todo ? "-todo" : "", t->version - 1,
		writer_utc_or(w, t->updated_at, w->opt.now));
	if (todo) {
		put_due(w, t->deadline);
		put_line(w, w->l_status[t->done ? ST_COMPLETED : ST_NEEDSACTION]);
	} else {
		put_deadline_times(w, t->deadline);
		put_line(w, w->l_transp_transparent);
	}

	/* The title sanitised once, for the summary and the description. */
	sb_clear(&w->title);
	sb_san(&w->title, t->title, false);
	const char *title = w->title.p;

	/* SUMMARY: done tasks stay in the feed (the deadline happened) but are marked
	 * with a tick: "[✓ ][Frist[ kl. HH:MM]: ]<number>.<position + 1> <title>" */
	sb_clear(s);
	if (!todo) {
		if (t->done)
			sb_puts(s, "\u2713 ");
		sb_deadline_prefix(s, t->deadline);
	}
	sb_int(s, p->number, 1);
	sb_putn(s, ".", 1);
	sb_int(s, t->position + 1, 1);
	sb_putn(s, " ", 1);
	sb_puts(s, title);
	put_text(w, w->p_summary, s->p);
	bool alarm = !t->done && alarm_keep(w, s->p);

	sb_clear(s);
	sb_puts(s, "Opgave ");
	sb_int(s, p->number, 1);
	sb_putn(s, ".", 1);
	sb_int(s, t->position + 1, 1);
	sb_puts(s, ": ");
	sb_puts(s, title);
	sb_puts(s, "\nPakke ");
	sb_int(s, p->number, 1);
	sb_puts(s, ": ");
	sb_puts(s, ptitle);
	sb_puts(s, "\nOmråde: ");
	sb_puts(s, area);
	sb_puts(s, "\nAnsvarlig part: ");
	sb_puts(s, tv_responsible_name(t->responsible, true));
	sb_puts(s, t->done ? "\nUdført: ja\n" : "\nUdført: nej\n");
	if (t->minimum)
		sb_puts(s, "Minimumskrav: ja\n");
	sb_chomp(s);
	put_text(w, w->p_description, s->p);
	put_line(w, w->l_cat[p->area]);
	put_line(w, w->l_color[p->area]);
	if (alarm)
		put_alarm(w);
	item_end(w, todo);
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
	struct sbuf *s = &w->text;
	sb_uid(&w->uid, m->uid, "meeting", m->board_id, m->id);
	sb_clear(s);
	sb_san_summary(s, m->title);
	char *title = tv_xstrdup(s->p);
	char *place = san(m->place, false);
	char *region = san(m->region, false);
	char *url = san(m->url, false);
	const char *kind = tv_meeting_kind_name(m->kind, true);

	item_begin(w, false);
	put_common(w, "", m->version - 1, writer_utc_or(w, m->updated_at, w->opt.now));
	if (m->start.minute == TV_NO_TIME) {
		/* All-day: the stored end day is inclusive. */
		int32_t last = calendar_day(m->end.day) && m->end.day >= m->start.day ?
			m->end.day : m->start.day;
		put_date(w, w->p_start_date, m->start.day);
		put_date(w, w->p_end_date, last + 1);
	} else {
		put_local(w, w->p_start_time, ical_local(w, m->start.day, m->start.minute));
		/* Without a usable end, one hour (no DTEND reads as 24 h in khal, 0 in others). */
		if (calendar_day(m->end.day) && m->end.minute != TV_NO_TIME &&
		    ((int64_t)m->end.day * 1440 + m->end.minute) >
		    ((int64_t)m->start.day * 1440 + m->start.minute))
			put_local(w, w->p_end_time, ical_local(w, m->end.day, m->end.minute));
		else
			put_local(w, w->p_end_time, ical_local_after(w, m->start, 60));
	}
	put_line(w, w->l_transp_opaque);
	put_text(w, w->p_summary, title);

	if (*place || *region) {
		sb_clear(s);
		sb_puts(s, place);
		if (*place && *region)
			sb_puts(s, ", ");
		sb_puts(s, region);
		put_text(w, w->p_location, s->p);
	}
	if (valid_http_uri(url)) {
		icalvalue_set_uri(icalproperty_get_value(w->p_url), url);
		put_prop(w, w->p_url);
	}

	sb_clear(s);
	sb_puts(s, title);
	sb_puts(s, "\nType: ");
	sb_puts(s, kind);
	sb_putn(s, "\n", 1);
	if (*place) {
		sb_puts(s, "Sted: ");
		sb_puts(s, place);
		sb_putn(s, "\n", 1);
	}
	if (*region) {
		sb_puts(s, "Region: ");
		sb_puts(s, region);
		sb_putn(s, "\n", 1);
	}
	/* Many clients do not show URL, so the link is repeated here. */
	if (*url) {
		sb_puts(s, "Link: ");
		sb_puts(s, url);
		sb_putn(s, "\n", 1);
	}
	if (m->participants && *m->participants) {
		sb_puts(s, "Deltagere: ");
		sb_san(s, m->participants, false);
		sb_putn(s, "\n", 1);
	}
	if (m->packages && *m->packages) {
		sb_puts(s, "Pakker: ");
		sb_san(s, m->packages, false);
		sb_putn(s, "\n", 1);
	}
	if (m->notes && *m->notes) {
		sb_putn(s, "\n", 1);
		sb_san(s, m->notes, true);
		sb_putn(s, "\n", 1);
	}
	sb_chomp(s);
	put_text(w, w->p_description, s->p);
	put_line(w, w->l_cat[CAT_KIND0 + m->kind]);
	if (alarm_keep(w, title))
		put_alarm(w);
	item_end(w, false);

	free(url);
	free(region);
	free(place);
	free(title);
}

static void
write_phase(struct tv_ical_writer *w, const struct tv_phase *ph)
{
	if (!calendar_day(ph->start))
		return;
	struct sbuf *s = &w->text;
	sb_uid(&w->uid, ph->uid, "phase", ph->board_id, ph->id);
	sb_clear(s);
	sb_san(s, ph->name, false);
	char *name = tv_xstrdup(s->p);
	int32_t last = calendar_day(ph->end) && ph->end >= ph->start ? ph->end : ph->start;

	item_begin(w, false);
	put_common(w, "", ph->version - 1, writer_utc_or(w, ph->updated_at, w->opt.now));
	put_date(w, w->p_start_date, ph->start);
	put_date(w, w->p_end_date, last + 1);
	put_line(w, w->l_transp_transparent);
	sb_clear(s);
	sb_puts(s, "Fase: ");
	sb_puts(s, name);
	put_text(w, w->p_summary, s->p);

	char b1[TV_DATE_BUF], b2[TV_DATE_BUF];
	tv_date_format(ph->start, b1);
	tv_date_format(last, b2);
	sb_clear(s);
	sb_puts(s, "Fase: ");
	sb_puts(s, name);
	sb_puts(s, "\nPeriode: ");
	sb_puts(s, b1);
	sb_puts(s, " til ");
	sb_puts(s, b2);
	sb_putn(s, "\n", 1);
	if (ph->not_before != TV_NO_DAY) {
		char b3[TV_DATE_BUF];
		tv_date_format(ph->not_before, b3);
		sb_puts(s, "Ikke før: ");
		sb_puts(s, b3);
		sb_putn(s, "\n", 1);
		if (ph->not_before_reason && *ph->not_before_reason) {
			sb_puts(s, "Begrundelse: ");
			sb_san(s, ph->not_before_reason, true);
			sb_putn(s, "\n", 1);
		}
	}
	sb_chomp(s);
	put_text(w, w->p_description, s->p);
	put_line(w, w->l_cat[CAT_PHASE]);
	item_end(w, false);
	free(name);
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
	sb_uid(&w->uid, t->uid, "", 0, 0);
	item_begin(w, todo);
	put_common(w, todo ? "-todo" : "", t->sequence, deleted);
	if (todo) {
		put_due(w, start);
	} else if (start.minute == TV_NO_TIME) {
		int32_t last = end.day >= start.day ? end.day : start.day;
		put_date(w, w->p_start_date, start.day);
		put_date(w, w->p_end_date, last + 1);
	} else {
		put_local(w, w->p_start_time, ical_local(w, start.day, start.minute));
		int64_t s = (int64_t)start.day * 1440 + start.minute;
		int64_t e = end.minute == TV_NO_TIME ? s : (int64_t)end.day * 1440 + end.minute;
		if (e > s)
			put_local(w, w->p_end_time, ical_local(w, end.day, end.minute));
		else
			put_local(w, w->p_end_time, ical_local_after(w, start, 15));
	}
	put_line(w, w->l_status[ST_CANCELLED]);
	if (!todo)
		put_line(w, w->l_transp_transparent);
	struct sbuf *s = &w->text;
	sb_clear(s);
	sb_san_summary(s, t->summary);
	put_text(w, w->p_summary, s->p);
	if (t->area >= 0 && t->area < TV_AREA_COUNT)
		put_line(w, w->l_cat[t->area]);
	else if (t->kind == TV_KIND_PHASE)
		put_line(w, w->l_cat[CAT_PHASE]);
	item_end(w, todo);
	w->stats.cancelled++;
}

/* The calendar header and VTIMEZONE, folded, into w->header (END line excluded). */
static enum tv_status
build_header(struct tv_ical_writer *w)
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
	struct sbuf u = { 0 };
	sb_unfold(&u, s);
	icalmemory_free_buffer(s);
	sb_clear(&w->header);
	fold_lines(&w->header, u.p, u.len);
	free(u.p);
	return TV_OK;
}

/* A template property: made by `p`, added to `c` (which owns it from then on). */
static icalproperty *
tpl_add(icalcomponent *c, icalproperty *p)
{
	icalcomponent_add_property(c, p);
	return p;
}

/* Build the templates and the constant lines (see struct tv_ical_writer). The
 * properties are made with the same libical calls as a per-item tree would use, so
 * they carry the same parameters and value types. */
static bool
build_templates(struct tv_ical_writer *w)
{
	w->tpl_text = icalcomponent_new_vevent();
	w->p_uid = tpl_add(w->tpl_text, icalproperty_new_uid("x"));
	w->p_sequence = tpl_add(w->tpl_text, icalproperty_new_sequence(0));
	w->p_lastmod = tpl_add(w->tpl_text, icalproperty_new_lastmodified(ical_utc(w->opt.now)));
	w->p_summary = tpl_add(w->tpl_text, icalproperty_new_summary("x"));
	w->p_description = tpl_add(w->tpl_text, icalproperty_new_description("x"));
	w->p_location = tpl_add(w->tpl_text, icalproperty_new_location("x"));
	w->p_url = tpl_add(w->tpl_text, icalproperty_new_url("http://x"));
	w->p_alarm_description = tpl_add(w->tpl_text, icalproperty_new_description("x"));

	/* icalcomponent_set_dtstart/_dtend/_due add TZID for zoned times (libical#161). */
	int32_t day;
	tv_date_from_ymd(2000, 1, 1, &day);
	w->tpl_date = icalcomponent_new_vevent();
	icalcomponent_set_dtstart(w->tpl_date, ical_date(day));
	icalcomponent_set_dtend(w->tpl_date, ical_date(day + 1));
	w->p_start_date = icalcomponent_get_first_property(w->tpl_date, ICAL_DTSTART_PROPERTY);
	w->p_end_date = icalcomponent_get_first_property(w->tpl_date, ICAL_DTEND_PROPERTY);
	w->tpl_time = icalcomponent_new_vevent();
	icalcomponent_set_dtstart(w->tpl_time, ical_local(w, day, 600));
	icalcomponent_set_dtend(w->tpl_time, ical_local(w, day, 615));
	w->p_start_time = icalcomponent_get_first_property(w->tpl_time, ICAL_DTSTART_PROPERTY);
	w->p_end_time = icalcomponent_get_first_property(w->tpl_time, ICAL_DTEND_PROPERTY);
	w->tpl_due_date = icalcomponent_new_vtodo();
	icalcomponent_set_due(w->tpl_due_date, ical_date(day));
	w->p_due_date = icalcomponent_get_first_property(w->tpl_due_date, ICAL_DUE_PROPERTY);
	w->tpl_due_time = icalcomponent_new_vtodo();
	icalcomponent_set_due(w->tpl_due_time, ical_local(w, day, 600));
	w->p_due_time = icalcomponent_get_first_property(w->tpl_due_time, ICAL_DUE_PROPERTY);
	if (!w->p_start_date || !w->p_end_date || !w->p_start_time || !w->p_end_time ||
	    !w->p_due_date || !w->p_due_time)
		return false;

	w->l_dtstamp = cached_line(icalproperty_new_dtstamp(ical_utc(w->opt.now)));
	w->l_transp_opaque = cached_line(icalproperty_new_transp(ICAL_TRANSP_OPAQUE));
	w->l_transp_transparent = cached_line(icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
	w->l_status[ST_CANCELLED] = cached_line(icalproperty_new_status(ICAL_STATUS_CANCELLED));
	w->l_status[ST_COMPLETED] = cached_line(icalproperty_new_status(ICAL_STATUS_COMPLETED));
	w->l_status[ST_NEEDSACTION] = cached_line(icalproperty_new_status(ICAL_STATUS_NEEDSACTION));
	for (int a = 0; a < TV_AREA_COUNT; a++) {
		w->l_cat[a] = cached_line(icalproperty_new_categories(
			tv_area_name((enum tv_area)a, true)));
		w->l_color[a] = cached_line(icalproperty_new_color(
			tv_area_colour((enum tv_area)a)));
	}
	for (int k = 0; k < TV_MEETING_KIND_COUNT; k++)
		w->l_cat[CAT_KIND0 + k] = cached_line(icalproperty_new_categories(
			tv_meeting_kind_name((enum tv_meeting_kind)k, true)));
	w->l_cat[CAT_PHASE] = cached_line(icalproperty_new_categories("Fase"));

	if (w->opt.alarm && !w->opt.todo) {
		struct sbuf a = { 0 };
		sb_puts(&a, "BEGIN:VALARM\n");
		char *action = cached_line(icalproperty_new_action(ICAL_ACTION_DISPLAY));
		struct icaltriggertype trig;
		memset(&trig, 0, sizeof trig);
		trig.time = icaltime_null_time();
		trig.duration = icaldurationtype_from_int((int)w->opt.alarm_seconds);
		char *trigger = cached_line(icalproperty_new_trigger(trig));
		if (action && trigger) {
			sb_puts(&a, action);
			sb_puts(&a, trigger);
			w->l_alarm_head = a.p;
		} else {
			free(a.p);
		}
		free(action);
		free(trigger);
	}
	/* A NULL line makes every item using it fail (put_line); the rest still works. */
	return true;
}

static void
writer_free(struct tv_ical_writer *w)
{
	if (!w)
		return;
	icalcomponent *tpl[] = { w->tpl_text, w->tpl_date, w->tpl_time, w->tpl_due_date,
		w->tpl_due_time };
	for (size_t i = 0; i < sizeof tpl / sizeof tpl[0]; i++)
		if (tpl[i])
			icalcomponent_free(tpl[i]);
	free(w->l_dtstamp);
	free(w->l_transp_opaque);
	free(w->l_transp_transparent);
	for (int i = 0; i < NSTATUS; i++)
		free(w->l_status[i]);
	for (int i = 0; i < NCAT; i++)
		free(w->l_cat[i]);
	for (int i = 0; i < TV_AREA_COUNT; i++)
		free(w->l_color[i]);
	free(w->l_alarm_head);
	if (w->zone)
		icaltimezone_free(w->zone, 1);
	free(w->header.p);
	free(w->item.p);
	free(w->text.p);
	free(w->uid.p);
	free(w->title.p);
	free(w->alarm.p);
	free(w->out_buf.p);
	free(w->lm_text);
	free(w->calname);
	free(w->phase);
	free(w);
}

/* A writer with its zone, templates and header, writing nothing yet. */
static enum tv_status
writer_new(const struct tv_ical_options *opt, struct tv_ical_writer **out_writer)
{
	*out_writer = NULL;
	struct tv_ical_writer *w = tv_xcalloc(1, sizeof *w);
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
		writer_free(w);
		return TV_IO;
	}
	w->zone = icaltimezone_new();
	icaltimezone_set_component(w->zone, vtz);

	enum tv_status st = build_templates(w) ? build_header(w) : TV_IO;
	if (st != TV_OK) {
		writer_free(w);
		return st;
	}
	*out_writer = w;
	return TV_OK;
}

enum tv_status
tv_ical_writer_open(FILE *out, const struct tv_ical_options *opt,
	struct tv_ical_writer **out_writer)
{
	struct tv_ical_writer *w;
	enum tv_status st = writer_new(opt, &w);
	*out_writer = NULL;
	if (st != TV_OK)
		return st;
	w->out = out;
	if (fwrite(w->header.p, 1, w->header.len, out) != w->header.len || ferror(out)) {
		writer_free(w);
		return TV_IO;
	}
	*out_writer = w;
	return TV_OK;
}

unsigned
tv_ical_board_parts(const struct tv_ical_options *opt)
{
	unsigned what = opt && opt->what ? opt->what : TV_ICAL_ALL;
	bool todo = opt && opt->todo;
	/* Phases: package descriptions name theirs and --phase filters by its window. */
	unsigned parts = TV_PART_PHASES | TV_PART_TOMBSTONES;
	if (what & TV_ICAL_DEADLINES)
		parts |= TV_PART_PACKAGES;
	if (what & TV_ICAL_TASKS)
		parts |= TV_PART_PACKAGES | TV_PART_TASKS;
	if ((what & TV_ICAL_MEETINGS) && !todo)
		parts |= TV_PART_MEETINGS;
	return parts;
}

enum tv_status
tv_ical_writer_add_board(struct tv_ical_writer *w, const struct tv_board_data *data)
{
	if (!w || !data)
		return TV_INVALID;
	unsigned what = w->opt.what;
	bool todo = w->opt.todo;
	struct board_ctx bc = { data, NULL };
	if (data->board.name && *data->board.name)
		bc.name = san(data->board.name, false);

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
			/* The package title appears in the package and in each of its tasks. */
			char *title = san(p->title, false);
			if (what & TV_ICAL_DEADLINES)
				write_package(w, &bc, p, title);
			if (what & TV_ICAL_TASKS)
				for (size_t k = 0; k < p->ntasks; k++)
					write_task(w, p, title, &p->tasks[k]);
			free(title);
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
	free(bc.name);

	if (w->out && ferror(w->out))
		w->failed = true;
	return w->failed ? TV_IO : TV_OK;
}

enum tv_status
tv_ical_writer_close(struct tv_ical_writer *w, struct tv_ical_stats *stats)
{
	if (!w)
		return TV_INVALID;
	writer_flush(w);
	fputs("END:VCALENDAR\r\n", w->out);
	if (fflush(w->out) != 0 || ferror(w->out))
		w->failed = true;
	if (stats)
		*stats = w->stats;
	enum tv_status st = w->failed ? TV_IO : TV_OK;
	int err = errno; /* the caller names the reason of a failed write */
	writer_free(w);
	errno = err;
	return st;
}

void
tv_ical_writer_abort(struct tv_ical_writer *w)
{
	writer_free(w);
}

enum tv_status
tv_ical_each_item(const struct tv_board_data *data, const struct tv_ical_options *opt,
	enum tv_status (*cb)(void *ctx, const char *uid, const char *ics, size_t len), void *ctx)
{
	if (!data || !cb)
		return TV_INVALID;
	/* One writer with one header for all items: each item is the header, the item
	 * folded like the stream, and the END line. */
	struct tv_ical_writer *w;
	enum tv_status st = writer_new(opt, &w);
	if (st != TV_OK)
		return st;
	w->item_cb = cb;
	w->item_ctx = ctx;
	w->item_status = TV_OK;
	st = tv_ical_writer_add_board(w, data);
	if (w->item_status != TV_OK)
		st = w->item_status;
	writer_free(w);
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
