/* SPDX-License-Identifier: MPL-2.0 */
/*
 * libFuzzer target for the date parsers: what people type (dateparse.c: day-first and
 * named-month dates, weekdays, counts, times after them, a time alone on a base day),
 * strict ISO dates, UTC timestamps and durations. Anything accepted must format and
 * parse back to the same value, also through the forms tavle shows (datefmt.c); every
 * refusal must carry a bounded, printable message; any violation aborts so the fuzzer
 * keeps the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tavle/date.h"
#include "tavle/datefmt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(bool ok)
{
	if (!ok)
		abort();
}

/* A message quotes the input safely: printable ASCII only, bounded, not empty. */
static void
check_message(const char *msg)
{
	size_t len = strlen(msg);
	check(len > 0 && len < 300);
	for (size_t i = 0; i < len; i++)
		check(msg[i] >= 0x20 && msg[i] < 0x7F);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	struct tv_diag diag;
	int32_t today = 20819; /* 2027-01-01 */
	int32_t day, back;
	int32_t first, last;
	check(tv_date_from_ymd(1, 1, 1, &first) && tv_date_from_ymd(9999, 12, 31, &last));
	char buf[TV_WHEN_BUF];

	if (tv_date_parse(text, today, &day, &diag) == TV_OK) {
		check(day >= first && day <= last);
		tv_date_format(day, buf);
		check(tv_date_parse_iso(buf, &back, &diag) == TV_OK && back == day);
		/* what tavle shows reads back as the same day, in both languages; shown
		 * years have four digits from 1000 on ("18. dec. 507" is no form) */
		char shown[TV_DATE_SHOW_BUF];
		int32_t y1000;
		check(tv_date_from_ymd(1000, 1, 1, &y1000));
		for (int da = 0; da < 2 && day >= y1000; da++) {
			tv_date_format_long(day, da, da, shown, sizeof shown);
			check(tv_date_parse(shown, today, &back, &diag) == TV_OK && back == day);
		}
	}
	/* a time alone lands on the base day; anything else does not depend on it */
	int32_t base = today + 17;
	for (int only = 0; only < 2; only++) {
		struct tv_when a, b;
		enum tv_status sa = tv_when_parse_from(text, today, base, only, &a, &diag);
		enum tv_status sb = tv_when_parse(text, today, only, &b, &diag);
		check((sa == TV_OK) == (sb == TV_OK));
		if (sa == TV_OK)
			check(a.minute == b.minute && (a.day == b.day || (a.day == base && b.day == today)));
	}
	if (tv_date_parse_iso(text, &day, &diag) == TV_OK) {
		tv_date_format(day, buf);
		check(strcmp(buf, text) == 0);
	}
	for (int only = 0; only < 2; only++) {
		struct tv_when w;
		if (tv_when_parse(text, today, only, &w, &diag) != TV_OK)
			continue;
		check(w.day >= first && w.day <= last);
		check(w.minute == TV_NO_TIME ? only : (w.minute >= 0 && w.minute < 1440));
		if (w.minute != TV_NO_TIME) {
			time_t t;
			check(tv_when_to_utc(w, &t));
			struct tv_when b = tv_when_from_utc(t);
			check(b.day == w.day && b.minute == w.minute);
			tv_when_format(w, buf);
			struct tv_when again;
			check(tv_when_parse(buf, today, false, &again, &diag) == TV_OK);
			check(again.day == w.day && again.minute == w.minute);
		}
	}
	time_t t;
	if (tv_utc_parse(text, &t, &diag) == TV_OK) {
		char ical[17];
		time_t t2;
		tv_utc_format_ical(t, ical);
		check(tv_utc_parse(ical, &t2, &diag) == TV_OK && t2 == t);
	}
	long secs;
	tv_diag_clear(&diag);
	if (tv_duration_parse(text, &secs, &diag) == TV_OK)
		check(text[0] == '-' ? secs <= 0 : secs >= 0);
	else
		check_message(diag.msg);
	tv_diag_clear(&diag);
	if (tv_date_parse(text, today, &day, &diag) != TV_OK)
		check_message(diag.msg);
	tv_diag_clear(&diag);
	struct tv_when w;
	if (tv_when_parse(text, today, true, &w, &diag) != TV_OK)
		check_message(diag.msg);
	free(text);
	return 0;
}
