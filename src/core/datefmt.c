/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Human date formats in Danish and English (see tavle/datefmt.h). Danish
 * abbreviations follow Retskrivningsordbogen: a full stop after a shortened month,
 * none after maj, juni and juli, which are written out.
 * Must not depend on anything but the C library.
 */
#include <stdio.h>
#include <string.h>

#include "tavle/date.h"
#include "tavle/datefmt.h"
#include "tavle/i18n.h"

static const char *const wd_da[7] = { "mandag", "tirsdag", "onsdag", "torsdag", "fredag",
	"lørdag", "søndag" };
static const char *const wd_da_short[7] = { "man.", "tir.", "ons.", "tor.", "fre.", "lør.",
	"søn." };
static const char *const wd_en[7] = { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
	"Saturday", "Sunday" };
static const char *const wd_en_short[7] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
static const char *const mon_da[12] = { "jan.", "feb.", "mar.", "apr.", "maj", "juni", "juli",
	"aug.", "sep.", "okt.", "nov.", "dec." };
static const char *const mon_en[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
	"Sep", "Oct", "Nov", "Dec" };

const char *
tv_weekday_name(int32_t day, bool danish, bool abbreviated)
{
	if (day == TV_NO_DAY)
		return "";
	int w = tv_date_weekday(day);
	if (danish)
		return abbreviated ? wd_da_short[w] : wd_da[w];
	return abbreviated ? wd_en_short[w] : wd_en[w];
}

/* Split day into y, m, d for a formatter; false (buf left "" where it has room) for no day. */
static bool
date_parts(int32_t day, char *buf, size_t size, int *y, int *m, int *d)
{
	if (!size)
		return false;
	if (day == TV_NO_DAY) {
		buf[0] = '\0';
		return false;
	}
	tv_date_to_ymd(day, y, m, d);
	return true;
}

void
tv_date_format_long(int32_t day, bool danish, bool weekday, char *buf, size_t size)
{
	int y, m, d;
	if (!date_parts(day, buf, size, &y, &m, &d))
		return;
	const char *wd = weekday ? tv_weekday_name(day, danish, true) : "";
	if (danish)
		snprintf(buf, size, "%s%s%d. %s %d", wd, weekday ? " " : "", d, mon_da[m - 1], y);
	else
		snprintf(buf, size, "%s%s%d %s %d", wd, weekday ? " " : "", d, mon_en[m - 1], y);
}

void
tv_date_format_style(int32_t day, enum tv_date_style style, char *buf, size_t size)
{
	int y, m, d;
	if (!date_parts(day, buf, size, &y, &m, &d))
		return;
	if (style == TV_DATES_DANISH)
		snprintf(buf, size, "%02d-%02d-%04d", d, m, y);
	else
		snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
}

enum tv_date_style
tv_date_style_resolve(enum tv_date_style style, bool danish)
{
	switch (style) {
	case TV_DATES_ISO:
	case TV_DATES_DANISH:
	case TV_DATES_LONG:
		return style;
	case TV_DATES_AUTO:
	default:
		return danish ? TV_DATES_LONG : TV_DATES_ISO;
	}
}

void
tv_date_show_in(int32_t day, enum tv_date_style style, bool danish, unsigned flags,
	char *buf, size_t size)
{
	if (!size)
		return;
	style = tv_date_style_resolve(style, danish);
	if (style != TV_DATES_LONG) {
		tv_date_format_style(day, style, buf, size);
		return;
	}
	if (!(flags & (TV_DATE_NO_YEAR | TV_DATE_SHORT_YEAR)) || day == TV_NO_DAY) {
		tv_date_format_long(day, danish, flags & TV_DATE_WEEKDAY, buf, size);
		return;
	}
	int y, m, d;
	tv_date_to_ymd(day, &y, &m, &d);
	const char *wd = flags & TV_DATE_WEEKDAY ? tv_weekday_name(day, danish, true) : "";
	const char *sep = flags & TV_DATE_WEEKDAY ? " " : "";
	char year[8] = "";
	if (!(flags & TV_DATE_NO_YEAR))
		snprintf(year, sizeof year, " %02d", ((y % 100) + 100) % 100);
	if (danish)
		snprintf(buf, size, "%s%s%d. %s%s", wd, sep, d, mon_da[m - 1], year);
	else
		snprintf(buf, size, "%s%s%d %s%s", wd, sep, d, mon_en[m - 1], year);
}

void
tv_date_show(int32_t day, enum tv_date_style style, unsigned flags, char *buf, size_t size)
{
	tv_date_show_in(day, style, tv_i18n_danish(), flags, buf, size);
}

void
tv_when_show(struct tv_when when, enum tv_date_style style, unsigned flags, char *buf,
	size_t size)
{
	if (!size)
		return;
	tv_date_show(when.day, style, flags, buf, size);
	if (when.day == TV_NO_DAY || when.minute == TV_NO_TIME)
		return;
	size_t n = strlen(buf);
	if (n + 1 < size)
		snprintf(buf + n, size - n, " %02d:%02d", when.minute / 60, when.minute % 60);
}

void
tv_utc_show(const char *utc, enum tv_date_style style, unsigned flags, char *buf,
	size_t size)
{
	if (!size)
		return;
	time_t t;
	if (!utc || tv_utc_parse(utc, &t, NULL) != TV_OK) {
		snprintf(buf, size, "%s", utc ? utc : "");
		return;
	}
	tv_when_show(tv_when_from_utc(t), style, flags, buf, size);
}
