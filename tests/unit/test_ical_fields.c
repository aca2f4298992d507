/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Tests of what a calendar round trip must keep (issue 17 items 7 and 12), apart from
 * test_ical.c's golden file: tavle's own meeting UIDs get "@tavle" and an imported
 * one is written unchanged, once per calendar (export --all); every field of a meeting
 * comes back from tavle's export as a field (X-TAVLE- properties, which libical reads
 * unescaped); a foreign invitation's ATTENDEEs are its participants; a time in
 * October's repeated hour is written as its first instant, and another zone's
 * repeated hour is read as its first.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tavle/date.h"
#include "tavle/ical.h"
#include "tavle/model.h"
#include "tavle/text.h"

/* The fixture's builders (fx_meeting, fx_tombstone), compiled in as test_ical.c does. */
#include "../ical/fixture.c"

struct buf {
	char *p;
	size_t len;
};

static struct tv_when
when(int y, int m, int d, int hh, int mm)
{
	int32_t day;
	assert_true(tv_date_from_ymd(y, m, d, &day));
	return (struct tv_when){ day, hh < 0 ? TV_NO_TIME : (int16_t)(hh * 60 + mm) };
}

static void
assert_when(struct tv_when got, struct tv_when want)
{
	if (got.day != want.day || got.minute != want.minute)
		fail_msg("when %d/%d, expected %d/%d", (int)got.day, (int)got.minute,
			(int)want.day, (int)want.minute);
}

/* Unfold (CRLF + space) into a fresh string. */
static char *
unfold(const char *s, size_t n)
{
	char *o = malloc(n + 1);
	assert_non_null(o);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\r' && i + 2 < n && s[i + 1] == '\n' && (s[i + 2] == ' ' || s[i + 2] == '\t')) {
			i += 2;
			continue;
		}
		o[k++] = s[i];
	}
	o[k] = '\0';
	return o;
}

static size_t
count_str(const char *hay, const char *needle)
{
	size_t c = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		c++;
	return c;
}

static struct tv_ical_options
fixture_options(void)
{
	struct tv_ical_options o;
	memset(&o, 0, sizeof o);
	o.now = FIXTURE_NOW;
	o.calname = "Ærø Kommune – NgDP";
	return o;
}

/* The meeting with `uid` among the imported ones. */
static const struct tv_meeting *
imported(const struct tv_ical_import *imp, const char *uid)
{
	for (size_t i = 0; i < imp->nmeetings; i++)
		if (strcmp(imp->meetings[i].uid, uid) == 0)
			return &imp->meetings[i];
	fail_msg("no imported meeting %s", uid);
	return NULL;
}

/* Issue 17 items 7 and 12: tavle's own meeting UIDs get "@tavle", a UID a meeting was
 * imported with is written unchanged, and once per calendar (two boards in one
 * writer: the second gets "~b<board>@tavle"); every field comes back as a field; a
 * time in October's repeated hour is written as its first instant, in UTC. */
static void
test_meeting_fields(void **state)
{
	(void)state;
	struct tv_board_data *d1 = tv_xcalloc(1, sizeof *d1), *d2 = tv_xcalloc(1, sizeof *d2);
	d1->board.id = 1;
	d2->board.id = 2;
	struct tv_meeting *m = fx_meeting(d1, "meet-0123456789abcdef", TV_MEET_WEBINAR,
		"Eget møde", when(2027, 5, 3, 9, 0), when(2027, 5, 3, 10, 0));
	m->participants = tv_xstrdup("Anne Ørsted, Bo; IT");
	m->notes = tv_xstrdup("Linje 1, med komma; semikolon\nLinje 2 \\ slut");
	m->url = tv_xstrdup("mailto:a@example.dk");
	m = fx_meeting(d1, "meeting-7@planning.example.dk", TV_MEET_OTHER, "Invitation",
		when(2027, 3, 2, 9, 0), when(2027, 3, 2, 10, 30));
	m->place = tv_xstrdup("Mødelokale 3");
	fx_meeting(d1, "meet-ab", TV_MEET_INFO, "Natmøde", when(2027, 10, 31, 2, 30),
		(struct tv_when){ TV_NO_DAY, TV_NO_TIME });
	fx_meeting(d2, "meeting-7@planning.example.dk", TV_MEET_OTHER, "Invitation",
		when(2027, 3, 2, 9, 0), when(2027, 3, 2, 10, 30));
	fx_meeting(d2, "meet-ab@tavle", TV_MEET_INFO, "Kopi", when(2027, 4, 2, 9, 0),
		when(2027, 4, 2, 10, 0));
	fx_tombstone(d2, "meeting-7@planning.example.dk", TV_KIND_MEETING, "Aflyst",
		when(2027, 4, 1, 10, 0), when(2027, 4, 1, 11, 0), 2, "2027-01-11T16:45:00Z", -1);

	struct tv_ical_options o = fixture_options();
	struct buf b = { NULL, 0 };
	FILE *f = open_memstream(&b.p, &b.len);
	assert_non_null(f);
	struct tv_ical_writer *w = NULL;
	assert_int_equal(tv_ical_writer_open(f, &o, &w), TV_OK);
	assert_int_equal(tv_ical_writer_add_board(w, d1), TV_OK);
	assert_int_equal(tv_ical_writer_add_board(w, d2), TV_OK);
	assert_int_equal(tv_ical_writer_close(w, NULL), TV_OK);
	fclose(f);
	assert_true(tv_text_valid_utf8(b.p, b.len));
	char *u = unfold(b.p, b.len);
	assert_non_null(strstr(u, "UID:meet-0123456789abcdef@tavle\r\n"));
	assert_int_equal(count_str(u, "UID:meeting-7@planning.example.dk\r\n"), 1);
	assert_null(strstr(u, "meeting-7@planning.example.dk@tavle"));
	assert_non_null(strstr(u, "UID:meeting-7@planning.example.dk~b2@tavle\r\n"));
	assert_int_equal(count_str(u, "UID:meet-ab@tavle\r\n"), 1);
	assert_non_null(strstr(u, "UID:meet-ab@tavle~b2@tavle\r\n"));
	/* The tombstone of the same UID in board 2 is a third form, still unique. */
	assert_int_equal(count_str(u, "UID:meeting-7@planning.example.dk"), 3);
	assert_non_null(strstr(u, "X-TAVLE-KIND:webinar\r\n"));
	assert_non_null(strstr(u, "X-TAVLE-URL:mailto:a@example.dk\r\n"));
	assert_non_null(strstr(u, "X-TAVLE-PARTICIPANTS:Anne Ørsted\\, Bo\\; IT\r\n"));
	assert_non_null(strstr(u, "X-TAVLE-NOTES:Linje 1\\, med komma\\; semikolon\\nLinje 2 \\\\ slut\r\n"));
	/* 02:30 on 31 October 2027 occurs twice: the first, 00:30Z, and its default hour
	 * ends at 02:30 the second time, 01:30Z. */
	assert_non_null(strstr(u, "DTSTART:20271031T003000Z\r\nDTEND:20271031T013000Z\r\n"));
	free(u);

	struct tv_ical_import *imp = NULL;
	struct tv_diag diag;
	tv_diag_clear(&diag);
	assert_int_equal(tv_ical_parse(b.p, b.len, &imp, &diag), TV_OK);
	assert_int_equal(imp->nmeetings, 5);
	const struct tv_meeting *x = imported(imp, "meet-0123456789abcdef@tavle");
	assert_int_equal(x->kind, TV_MEET_WEBINAR);
	assert_string_equal(x->participants, "Anne Ørsted, Bo; IT");
	assert_string_equal(x->notes, "Linje 1, med komma; semikolon\nLinje 2 \\ slut");
	assert_string_equal(x->url, "mailto:a@example.dk");
	assert_null(x->place);
	assert_null(x->region);
	x = imported(imp, "meeting-7@planning.example.dk");
	assert_string_equal(x->place, "Mødelokale 3");
	assert_null(x->notes);
	x = imported(imp, "meet-ab@tavle");
	assert_when(x->start, when(2027, 10, 31, 2, 30));
	assert_when(x->end, when(2027, 10, 31, 2, 30)); /* the second 02:30, on the wall */
	tv_ical_import_free(imp);
	free(b.p);
	tv_board_data_free(d1);
	tv_board_data_free(d2);

	/* A foreign invitation: ATTENDEEs are its participants (CN, else the address),
	 * LOCATION its place, DESCRIPTION its notes. */
	static const char invite[] =
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nBEGIN:VEVENT\r\n"
		"UID:inv-1@example.dk\r\nDTSTAMP:20261101T000000Z\r\n"
		"DTSTART:20270302T080000Z\r\nSUMMARY:Møde\r\nLOCATION:Sal 2\\, Aarhus\r\n"
		"DESCRIPTION:Tekst\r\nORGANIZER;CN=Org:mailto:org@example.dk\r\n"
		"ATTENDEE;CN=\"Hansen, Jens\":mailto:jens@example.dk\r\n"
		"ATTENDEE:MAILTO:lise@example.dk\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
	assert_int_equal(tv_ical_parse(invite, strlen(invite), &imp, &diag), TV_OK);
	assert_int_equal(imp->nmeetings, 1);
	assert_false(imp->own[0]);
	assert_string_equal(imp->meetings[0].participants, "Hansen, Jens, lise@example.dk");
	assert_string_equal(imp->meetings[0].place, "Sal 2, Aarhus");
	assert_string_equal(imp->meetings[0].notes, "Tekst");
	assert_null(imp->meetings[0].region);
	tv_ical_import_free(imp);

	/* Another zone's repeated hour is its first instant too: 01:30 in New York on
	 * 7 November 2027 is 05:30Z (EDT), 06:30 in Copenhagen, not 07:30. */
	static const char ny[] =
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nBEGIN:VEVENT\r\n"
		"UID:ny-1@example.com\r\nDTSTAMP:20261101T000000Z\r\n"
		"DTSTART;TZID=America/New_York:20271107T013000\r\n"
		"DTEND;TZID=America/New_York:20271107T020000\r\nSUMMARY:NY\r\n"
		"END:VEVENT\r\nEND:VCALENDAR\r\n";
	assert_int_equal(tv_ical_parse(ny, strlen(ny), &imp, &diag), TV_OK);
	assert_int_equal(imp->nmeetings, 1);
	assert_when(imp->meetings[0].start, when(2027, 11, 7, 6, 30));
	assert_when(imp->meetings[0].end, when(2027, 11, 7, 8, 0));
	tv_ical_import_free(imp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_meeting_fields),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
