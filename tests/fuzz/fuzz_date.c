/* SPDX-License-Identifier: MPL-2.0 */
/*
 * libFuzzer target for the date parsers: user dates, local date-times, strict ISO
 * dates, UTC timestamps and durations. Anything accepted must format and parse back
 * to the same value; any violation aborts so the fuzzer keeps the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tavle/date.h"

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
	check(len > 0 && len < 200);
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
