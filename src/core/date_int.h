/* SPDX-License-Identifier: MPL-2.0 */
/*
 * What date.c shares with dateparse.c and nothing else: the month lengths, the checked
 * conversion with its messages, and the safe quoting of input in a message. Private to
 * the core; must not depend on anything but the C library.
 */
#ifndef TAVLE_DATE_INT_H
#define TAVLE_DATE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tavle/status.h"

#define DATE_MIN_YEAR 1
#define DATE_MAX_YEAR 9999
/* Longest input quoted back in a message: the message must stay readable. */
#define DATE_QUOTE_MAX 40
#define DATE_QUOTE_BUF (DATE_QUOTE_MAX + 4)
/* The input quoted safely for a message (see date_quote()); valid for the whole call. */
#define DATE_Q(s) date_quote((s), (char[DATE_QUOTE_BUF]){ 0 })

/* Days in month m (1..12) of year y. */
int date_days_in_month(int y, int m);

/* The month's name in the interface language ("February" / "februar"), m 1..12. */
const char *date_month_name(int m);

/* Check y-m-d and convert, with a message naming `shown` and the reason (no such
 * year, month or day). */
enum tv_status date_check_ymd(const char *shown, int y, int m, int d, int32_t *out,
	struct tv_diag *diag);

/* Copy text without surrounding spaces and tabs into buf; false if it does not fit. */
bool date_trim_copy(const char *text, char *buf, size_t size);

/*
 * Messages are shown on terminals, so the quoted input keeps only printable ASCII
 * (date syntax is ASCII anyway): a control byte or a whole non-ASCII character
 * becomes one '?'. Long input is cut with "...". `out` has DATE_QUOTE_BUF bytes.
 */
const char *date_quote(const char *in, char *out);

#endif
