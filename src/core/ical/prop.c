/* SPDX-License-Identifier: MPL-2.0 */
/*
 * A libical property as unfolded content lines. The simple forms the export uses for
 * nearly every item (TEXT, UTC and zoned DATE-TIME, DATE, INTEGER) are written here
 * directly from the libical value, exactly as libical 3.0.16 writes them; anything
 * else goes through libical's serialiser. ical_cached_line serialises a property once
 * for lines that are the same in many items.
 */
#include <stdlib.h>
#include <string.h>

#include "ical_int.h"

/* YYYYMMDD, and with `time` THHMMSS, of a date or date-time whose fields are in range
 * (checked by the caller): written digit by digit, as every item has several. */
static void
sb_stamp(struct tv_buf *b, const struct icaltimetype *t, bool time)
{
	tv_buf_reserve(b, 15);
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
sb_fast_prop(struct tv_buf *b, icalproperty *p)
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
		tv_buf_adds(b, "LAST-MODIFIED:");
		sb_stamp(b, &t, true);
		tv_buf_add(b, "Z\n", 2);
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
			tv_buf_adds(b, name);
			tv_buf_adds(b, ";VALUE=DATE:");
			sb_stamp(b, &t, false);
			tv_buf_add(b, "\n", 1);
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
		tv_buf_adds(b, name);
		tv_buf_adds(b, ";TZID=" TZID_CPH ":");
		sb_stamp(b, &t, true);
		tv_buf_add(b, "\n", 1);
		return true;
	}
	case ICAL_SEQUENCE_PROPERTY:
		if (nparams != 0 || icalvalue_isa(v) != ICAL_INTEGER_VALUE ||
		    icalvalue_get_integer(v) < 0)
			return false;
		tv_buf_adds(b, "SEQUENCE:");
		ical_sb_num(b, (unsigned)icalvalue_get_integer(v), 1);
		tv_buf_add(b, "\n", 1);
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
	tv_buf_adds(b, name);
	tv_buf_reserve(b, 2 * n + 2);
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
bool
ical_sb_prop(struct tv_buf *b, icalproperty *p)
{
	if (sb_fast_prop(b, p))
		return true;
	char *s = icalproperty_as_ical_string_r(p);
	if (!s)
		return false;
	ical_sb_unfold(b, s);
	icalmemory_free_buffer(s);
	return true;
}

/* libical's serialisation of a property, unfolded, as a string to reuse for every
 * item (the caller frees); the property is freed. NULL if libical fails. */
char *
ical_cached_line(icalproperty *p)
{
	struct tv_buf b = { 0 };
	char *s = icalproperty_as_ical_string_r(p);
	icalproperty_free(p);
	if (!s)
		return NULL;
	ical_sb_unfold(&b, s);
	icalmemory_free_buffer(s);
	return b.p ? b.p : tv_xstrdup("");
}

/* "NAME:value\n" for one of tavle's X- properties, `value` (sanitised by the caller)
 * escaped as TEXT; nothing for NULL or empty. False if it holds a control character
 * other than a newline (sanitising removes them). */
bool
ical_sb_xtext(struct tv_buf *b, const char *name, const char *value)
{
	if (!value || !*value)
		return true;
	size_t at = b->len;
	tv_buf_adds(b, name);
	tv_buf_add(b, ":", 1);
	for (const unsigned char *q = (const unsigned char *)value; *q; q++) {
		if (text_escape[*q] == ESC_REJECT) {
			b->len = at;
			b->p[at] = '\0';
			return false;
		}
		if (text_escape[*q] == ESC_BACKSLASH) {
			tv_buf_add(b, "\\", 1);
			tv_buf_add(b, *q == '\n' ? "n" : (const char *)q, 1);
		} else {
			tv_buf_add(b, (const char *)q, 1);
		}
	}
	tv_buf_add(b, "\n", 1);
	return true;
}
