/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Dates for people, in their language: "søn. 29. nov. 2026" / "Sun 29 Nov 2026", and
 * the numeric styles of the date-format setting (2026-11-29 / 29-11-2026). Storage and
 * exports keep ISO (tavle/date.h); these are for screens only. Own tables rather than
 * strftime, so the result does not depend on which locales the machine generated.
 * Must not depend on anything but the C library.
 */
#ifndef TAVLE_DATEFMT_H
#define TAVLE_DATEFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tavle/config.h"

/* Weekday name: full ("søndag" / "Sunday") or abbreviated ("søn." / "Sun"). */
const char *tv_weekday_name(int32_t day, bool danish, bool abbreviated);

/* "29. nov. 2026" (Danish; maj, juni, juli are not abbreviated) or "29 Nov 2026";
 * with `weekday`, "søn. 29. nov. 2026" / "Sun 29 Nov 2026". TV_NO_DAY gives "". */
void tv_date_format_long(int32_t day, bool danish, bool weekday, char *buf, size_t size);

/* The date-format setting: TV_DATES_ISO "2026-11-29", TV_DATES_DANISH "29-11-2026". */
void tv_date_format_style(int32_t day, enum tv_date_style style, char *buf, size_t size);

#endif
