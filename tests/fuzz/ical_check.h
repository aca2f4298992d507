/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Shared by the iCalendar fuzz targets: checks of the raw text our export writes that
 * libical would not notice when reading it back. Every physical line ends in CRLF (no
 * bare CR or LF anywhere), is at most 75 octets without the CRLF, is valid UTF-8 on
 * its own (so a fold never splits a character), is not empty, and holds no control
 * character but HTAB; a continuation line starts with one space; the text opens with
 * BEGIN:VCALENDAR and closes with END:VCALENDAR. Any violation aborts.
 */
#ifndef TAVLE_FUZZ_ICAL_CHECK_H
#define TAVLE_FUZZ_ICAL_CHECK_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tavle/text.h"

/* Says which check failed before aborting, so a replayed crash explains itself. */
#define fuzz_check(ok) fuzz_check_at((ok), __FILE__, __LINE__, #ok)

static void
fuzz_check_at(bool ok, const char *file, int line, const char *what)
{
	if (!ok) {
		fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
		abort();
	}
}

static void
fuzz_check_export_text(const char *s, size_t n)
{
	static const char head[] = "BEGIN:VCALENDAR\r\n";
	static const char tail[] = "END:VCALENDAR\r\n";
	fuzz_check(n >= sizeof head - 1 + sizeof tail - 1);
	fuzz_check(memcmp(s, head, sizeof head - 1) == 0);
	fuzz_check(memcmp(s + n - (sizeof tail - 1), tail, sizeof tail - 1) == 0);
	fuzz_check(tv_text_valid_utf8(s, n));
	size_t start = 0;
	while (start < n) {
		size_t end = start;
		while (end < n && s[end] != '\r' && s[end] != '\n')
			end++;
		/* A line ends in CRLF; a CR or LF alone is a violation. */
		fuzz_check(end + 1 < n && s[end] == '\r' && s[end + 1] == '\n');
		size_t len = end - start;
		fuzz_check(len > 0 && len <= 75);
		fuzz_check(tv_text_valid_utf8(s + start, len));
		for (size_t i = start; i < end; i++) {
			unsigned char c = (unsigned char)s[i];
			fuzz_check(c >= 0x20 ? c != 0x7F : c == '\t');
		}
		/* A continuation is exactly one space, then content. */
		if (s[start] == ' ')
			fuzz_check(len > 1);
		start = end + 2;
	}
}

#endif
