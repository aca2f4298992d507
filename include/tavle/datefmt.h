/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Dates for people, in their language: "søn. 29. nov. 2026" / "Sun 29 Nov 2026", and
 * the numeric styles of the date-format setting (2026-11-29 / 29-11-2026). Storage and
 * exports keep ISO (tavle/date.h); these are for screens only. Own tables rather than
 * strftime, so the result does not depend on which locales the machine generated.
 * The CLI and the TUI both show dates through tv_date_show, so they agree.
 * Must not depend on anything but the C library (tavle/i18n.h reads the environment).
 */
#ifndef TAVLE_DATEFMT_H
#define TAVLE_DATEFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tavle/config.h"
#include "tavle/date.h"

/* Weekday name: full ("søndag" / "Sunday") or abbreviated ("søn." / "Sun"). */
const char *tv_weekday_name(int32_t day, bool danish, bool abbreviated);

/* "29. nov. 2026" (Danish; maj, juni, juli are not abbreviated) or "29 Nov 2026";
 * with `weekday`, "søn. 29. nov. 2026" / "Sun 29 Nov 2026". TV_NO_DAY gives "". */
void tv_date_format_long(int32_t day, bool danish, bool weekday, char *buf, size_t size);

/* The date-format setting: TV_DATES_ISO "2026-11-29", TV_DATES_DANISH "29-11-2026". */
void tv_date_format_style(int32_t day, enum tv_date_style style, char *buf, size_t size);

/* Room for any tv_date_show result ("ons. 30. sep. 2026" is 19 bytes in UTF-8). */
#define TV_DATE_SHOW_BUF 40

/* tv_date_show flags. */
#define TV_DATE_WEEKDAY 1u  /* long style: lead with the weekday, "søn. 29. nov. 2026" */
#define TV_DATE_NO_YEAR 2u  /* long style: "29. nov." / "29 Nov", where the year is known */
#define TV_DATE_SHORT_YEAR 4u  /* long style: "28. jan. 27" / "28 Jan 27", for narrow cards */

/* The style a setting stands for: TV_DATES_AUTO is TV_DATES_LONG for a Danish message
 * language and TV_DATES_ISO otherwise (what English screens have always shown). */
enum tv_date_style tv_date_style_resolve(enum tv_date_style style, bool danish);

/* A date for a screen: `style` is the date-format setting (resolved as above), `danish`
 * the language of the long style. The numeric styles ignore the flags. TV_NO_DAY
 * gives "". Truncates to `size` (TV_DATE_SHOW_BUF always suffices). */
void tv_date_show_in(int32_t day, enum tv_date_style style, bool danish, unsigned flags,
	char *buf, size_t size);

/* tv_date_show_in in the interface language (tv_i18n_danish()). */
void tv_date_show(int32_t day, enum tv_date_style style, unsigned flags, char *buf,
	size_t size);

/* A date and time for a screen: the date as tv_date_show, then " 10:00" when the time
 * is known ("søn. 29. nov. 2026 10:00", "2026-11-29 10:00"). */
void tv_when_show(struct tv_when when, enum tv_date_style style, unsigned flags, char *buf,
	size_t size);

/* A stored UTC instant ("2026-11-29T09:00:00Z", the history's) as Copenhagen local
 * time through tv_when_show; text that does not parse is shown as it is. */
void tv_utc_show(const char *utc, enum tv_date_style style, unsigned flags, char *buf,
	size_t size);

#endif
