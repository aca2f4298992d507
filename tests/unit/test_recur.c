/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Tests of recurring events in the calendar import (src/core/ical/recur.c, issue 17
 * item 4): RRULE COUNT/UNTIL, summer-time changes in the series' own zone (Berlin and
 * New York change on different days), EXDATE and RDATE, overrides moving or cancelling
 * one occurrence, all-day series, the per-series cap, an endless rule cut at the
 * window, an invalid RRULE, the canonical RECURRENCE-ID texts and the export's codes
 * of them, and the windows.
 * Every parse has an explicit window, so nothing depends on the clock.
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

#define CAL(body) "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n" body \
	"END:VCALENDAR\r\n"

static int32_t
day(int y, int m, int d)
{
	int32_t v;
	assert_true(tv_date_from_ymd(y, m, d, &v));
	return v;
}

static struct tv_ical_window
window_2027(void)
{
	return (struct tv_ical_window){ day(2026, 9, 1), day(2028, 12, 31) };
}

static struct tv_ical_import *
parse_in(const char *text, struct tv_ical_window win)
{
	struct tv_ical_import *imp = NULL;
	struct tv_diag diag;
	tv_diag_clear(&diag);
	if (tv_ical_parse_window(text, strlen(text), &win, &imp, &diag) != TV_OK)
		fail_msg("parse failed: %s", diag.msg);
	return imp;
}

static void
assert_at(const struct tv_meeting *m, int y, int mo, int d, int hh, int mm)
{
	assert_int_equal(m->start.day, day(y, mo, d));
	assert_int_equal(m->start.minute, hh < 0 ? TV_NO_TIME : hh * 60 + mm);
}

static void
test_daily_count(void **state)
{
	(void)state;
	struct tv_ical_import *imp = parse_in(CAL(
		"BEGIN:VEVENT\r\nUID:d1\r\nDTSTAMP:20261101T000000Z\r\nSUMMARY:Daglig\r\n"
		"DTSTART:20270111T080000Z\r\nDTEND:20270111T083000Z\r\nRRULE:FREQ=DAILY;COUNT=3\r\n"
		"SEQUENCE:2\r\nEND:VEVENT\r\n"), window_2027());
	assert_int_equal(imp->nmeetings, 3);
	assert_int_equal(imp->nskipped, 0);
	assert_int_equal(imp->nnotes, 0);
	for (size_t i = 0; i < 3; i++) {
		assert_string_equal(imp->meetings[i].uid, "d1");
		assert_string_equal(imp->meetings[i].title, "Daglig");
		assert_at(&imp->meetings[i], 2027, 1, 11 + (int)i, 9, 0);
		assert_int_equal(imp->meetings[i].end.minute, 9 * 60 + 30);
		assert_int_equal(imp->sequences[i], 2);
	}
	assert_string_equal(imp->meetings[0].recurrence_id, "20270111T080000Z");
	assert_string_equal(imp->meetings[2].recurrence_id, "20270113T080000Z");
	assert_int_equal(imp->nseries, 1);
	assert_string_equal(imp->series[0].uid, "d1");
	assert_int_equal(imp->series[0].sequence, 2);
	assert_int_equal(imp->series[0].from, day(2026, 9, 1));
	assert_int_equal(imp->series[0].to, day(2028, 12, 31));
	assert_false(imp->series[0].cancelled);
	tv_ical_import_free(imp);
}

/* 10:00 Berlin stays 10:00 in Copenhagen (the same rules); 09:00 New York is 15:00 here,
 * 14:00 in the two weeks between the American (14 March 2027) and the European change
 * (28 March), then 15:00 again. */
static void
test_weekly_dst(void **state)
{
	(void)state;
	struct tv_ical_import *imp = parse_in(CAL(
		"BEGIN:VEVENT\r\nUID:ber\r\nDTSTAMP:20261101T000000Z\r\nSUMMARY:Berlin\r\n"
		"DTSTART;TZID=Europe/Berlin:20270315T100000\r\n"
		"DTEND;TZID=Europe/Berlin:20270315T110000\r\n"
		"RRULE:FREQ=WEEKLY;UNTIL=20270405T235959Z\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:ny\r\nDTSTAMP:20261101T000000Z\r\nSUMMARY:NY\r\n"
		"DTSTART;TZID=America/New_York:20270308T090000\r\n"
		"DTEND;TZID=America/New_York:20270308T100000\r\n"
		"RRULE:FREQ=WEEKLY;UNTIL=20270405T235959Z\r\nEND:VEVENT\r\n"), window_2027());
	assert_int_equal(imp->nmeetings, 4 + 5);
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(imp->meetings[i].start.day, day(2027, 3, 15) + 7 * (int)i);
		assert_int_equal(imp->meetings[i].start.minute, 10 * 60);
		assert_int_equal(imp->meetings[i].end.minute, 11 * 60);
	}
	/* Berlin's RECURRENCE-ID is the UTC instant (09:00Z in winter, 08:00Z in summer). */
	assert_string_equal(imp->meetings[0].recurrence_id, "20270315T090000Z");
	assert_string_equal(imp->meetings[2].recurrence_id, "20270329T080000Z");
	const int hours[5] = { 15, 14, 14, 15, 15 };
	const int days[5] = { 8, 15, 22, 29, 36 };
	for (size_t i = 0; i < 5; i++) {
		const struct tv_meeting *m = &imp->meetings[4 + i];
		assert_string_equal(m->uid, "ny");
		assert_int_equal(m->start.day, day(2027, 3, 1) + days[i] - 1);
		assert_int_equal(m->start.minute, hours[i] * 60);
		assert_int_equal(m->end.minute, (hours[i] + 1) * 60);
	}
	tv_ical_import_free(imp);
}

static void
test_exdate_rdate_allday(void **state)
{
	(void)state;
	struct tv_ical_import *imp = parse_in(CAL(
		"BEGIN:VEVENT\r\nUID:x\r\nDTSTAMP:20261101T000000Z\r\nSUMMARY:Styregruppe\r\n"
		"DTSTART;TZID=Europe/Copenhagen:20270201T130000\r\n"
		"DTEND;TZID=Europe/Copenhagen:20270201T140000\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\n"
		"EXDATE;TZID=Europe/Copenhagen:20270208T130000\r\n"
		"RDATE;TZID=Europe/Copenhagen:20270304T090000\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20261101T000000Z\r\nSUMMARY:Temadage\r\n"
		"DTSTART;VALUE=DATE:20270301\r\nDTEND;VALUE=DATE:20270303\r\n"
		"RRULE:FREQ=MONTHLY;COUNT=2\r\nEXDATE;VALUE=DATE:20270401\r\n"
		"RDATE;VALUE=DATE:20270510\r\nEND:VEVENT\r\n"), window_2027());
	assert_int_equal(imp->nmeetings, 4 + 2);
	assert_at(&imp->meetings[0], 2027, 2, 1, 13, 0);
	assert_at(&imp->meetings[1], 2027, 2, 15, 13, 0);
	assert_at(&imp->meetings[2], 2027, 2, 22, 13, 0);
	assert_at(&imp->meetings[3], 2027, 3, 4, 9, 0);
	assert_int_equal(imp->meetings[3].end.minute, 10 * 60);
	assert_string_equal(imp->meetings[0].recurrence_id,
		"TZID=Europe/Copenhagen:20270201T130000");
	assert_at(&imp->meetings[4], 2027, 3, 1, -1, 0);
	assert_int_equal(imp->meetings[4].end.day, day(2027, 3, 2));
	assert_string_equal(imp->meetings[4].recurrence_id, "VALUE=DATE:20270301");
	assert_at(&imp->meetings[5], 2027, 5, 10, -1, 0);
	assert_int_equal(imp->meetings[5].end.day, day(2027, 5, 11));
	tv_ical_import_free(imp);
}

/* An override moves one occurrence (its own times, title, place and SEQUENCE; the key
 * stays the original start), a cancelled one removes its occurrence, wherever in the
 * file they stand; a cancelled occurrence with no series in the file is a
 * cancellation of that occurrence. */
static void
test_overrides(void **state)
{
	(void)state;
	struct tv_ical_import *imp = parse_in(CAL(
		"BEGIN:VEVENT\r\nUID:o\r\nDTSTAMP:20261101T000000Z\r\nRECURRENCE-ID:20270419T080000Z\r\n"
		"DTSTART:20270419T080000Z\r\nSTATUS:CANCELLED\r\nSEQUENCE:1\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:o\r\nDTSTAMP:20261101T000000Z\r\nSUMMARY:Infomøde\r\n"
		"DTSTART:20270405T080000Z\r\nDTEND:20270405T090000Z\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\n"
		"LOCATION:Rådhuset\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:o\r\nDTSTAMP:20261101T000000Z\r\nSUMMARY:Flyttet\r\n"
		"RECURRENCE-ID;TZID=Europe/Copenhagen:20270412T100000\r\n"
		"DTSTART:20270413T120000Z\r\nDTEND:20270413T130000Z\r\nLOCATION:Biblioteket\r\n"
		"SEQUENCE:1\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:alone\r\nDTSTAMP:20261101T000000Z\r\nSTATUS:CANCELLED\r\n"
		"RECURRENCE-ID;VALUE=DATE:20270601\r\nDTSTART;VALUE=DATE:20270601\r\nEND:VEVENT\r\n"),
		window_2027());
	assert_int_equal(imp->nmeetings, 3);
	assert_at(&imp->meetings[0], 2027, 4, 5, 10, 0);
	assert_string_equal(imp->meetings[0].place, "Rådhuset");
	assert_at(&imp->meetings[1], 2027, 4, 13, 14, 0);
	assert_string_equal(imp->meetings[1].title, "Flyttet");
	assert_string_equal(imp->meetings[1].place, "Biblioteket");
	assert_string_equal(imp->meetings[1].recurrence_id, "20270412T080000Z");
	assert_int_equal(imp->sequences[1], 1);
	assert_int_equal(imp->sequences[0], -1);
	assert_at(&imp->meetings[2], 2027, 4, 26, 10, 0);
	assert_int_equal(imp->ncancels, 2);
	assert_string_equal(imp->cancels[0].uid, "o");
	assert_string_equal(imp->cancels[0].recurrence_id, "20270419T080000Z");
	assert_int_equal(imp->cancels[0].sequence, 1);
	assert_string_equal(imp->cancels[1].uid, "alone");
	assert_string_equal(imp->cancels[1].recurrence_id, "VALUE=DATE:20270601");
	assert_int_equal(imp->nskipped, 0);
	tv_ical_import_free(imp);
}

/* Over the cap: the first TV_ICAL_MAX_OCCURRENCES, a note, and the series speaks only
 * for the days it reached. An endless rule stops at the window's end, with a note; the
 * occurrences before the window are counted. A cancelled series speaks for all. */
static void
test_cap_window_cancel(void **state)
{
	(void)state;
	struct tv_ical_import *imp = parse_in(CAL(
		"BEGIN:VEVENT\r\nUID:many\r\nDTSTAMP:20261101T000000Z\r\nSUMMARY:M\r\n"
		"DTSTART:20270101T070000Z\r\nRRULE:FREQ=DAILY;COUNT=600\r\nEND:VEVENT\r\n"),
		window_2027());
	assert_int_equal(imp->nmeetings, TV_ICAL_MAX_OCCURRENCES);
	assert_int_equal(imp->nnotes, 1);
	assert_string_equal(imp->notes[0],
		"many: 100 occurrences over the limit of 500 a series left out");
	assert_int_equal(imp->series[0].to, day(2027, 1, 1) + TV_ICAL_MAX_OCCURRENCES - 1);
	tv_ical_import_free(imp);

	struct tv_ical_window w = { day(2027, 1, 1), day(2027, 1, 31) };
	imp = parse_in(CAL(
		"BEGIN:VEVENT\r\nUID:wk\r\nDTSTAMP:20261101T000000Z\r\nSUMMARY:W\r\n"
		"DTSTART:20261204T090000Z\r\nRRULE:FREQ=WEEKLY\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:fin\r\nDTSTAMP:20261101T000000Z\r\nSUMMARY:F\r\n"
		"DTSTART:20261230T090000Z\r\nRRULE:FREQ=DAILY;COUNT=5\r\nEND:VEVENT\r\n"), w);
	assert_int_equal(imp->nmeetings, 5 + 3);
	assert_at(&imp->meetings[0], 2027, 1, 1, 10, 0);
	assert_at(&imp->meetings[4], 2027, 1, 29, 10, 0);
	assert_int_equal(imp->nnotes, 2);
	assert_string_equal(imp->notes[0], "wk: occurrences outside the programme window "
		"2027-01-01 to 2027-01-31 left out (the series has no end)");
	assert_string_equal(imp->notes[1], "fin: 2 occurrences outside the programme window "
		"2027-01-01 to 2027-01-31 left out");
	tv_ical_import_free(imp);

	imp = parse_in(CAL("METHOD:CANCEL\r\n"
		"BEGIN:VEVENT\r\nUID:gone\r\nDTSTAMP:20261101T000000Z\r\nSEQUENCE:4\r\n"
		"DTSTART:20270101T070000Z\r\nRRULE:FREQ=DAILY\r\nEND:VEVENT\r\n"), w);
	assert_int_equal(imp->nmeetings, 0);
	assert_int_equal(imp->ncancels, 0);
	assert_int_equal(imp->nseries, 1);
	assert_true(imp->series[0].cancelled);
	assert_int_equal(imp->series[0].sequence, 4);
	assert_true(imp->series[0].from <= day(1970, 1, 1));
	tv_ical_import_free(imp);
}

/* A series none of whose occurrences falls inside the window is not lost: the one
 * nearest it stands for it (the last before, else the first after), with a note, and
 * the series speaks for the days up to it. An UNTIL in UTC beside a zoned DTSTART is an
 * instant: the 14:00 Kyiv occurrence at 11:00Z is the series' last (libical alone
 * compared the wall clock 14:00 with 11:00 and dropped it). */
static void
test_nearest_outside_window(void **state)
{
	(void)state;
	struct tv_ical_window w = { day(2027, 1, 1), day(2027, 1, 31) };
	struct tv_ical_import *imp = parse_in(CAL(
		"BEGIN:VEVENT\r\nUID:past\r\nDTSTAMP:20261101T000000Z\r\nSUMMARY:P\r\n"
		"DTSTART:20261101T090000Z\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:later\r\nDTSTAMP:20261101T000000Z\r\nSUMMARY:L\r\n"
		"DTSTART:20270301T090000Z\r\nRRULE:FREQ=DAILY\r\nEND:VEVENT\r\n"), w);
	assert_int_equal(imp->nmeetings, 2);
	assert_at(&imp->meetings[0], 2026, 11, 22, 10, 0);
	assert_at(&imp->meetings[1], 2027, 3, 1, 10, 0);
	assert_int_equal(imp->nnotes, 3);
	assert_string_equal(imp->notes[0], "past: no occurrence inside the programme window "
		"2027-01-01 to 2027-01-31; the one nearest it (2026-11-22) imported");
	assert_string_equal(imp->notes[1], "past: 3 occurrences outside the programme window "
		"2027-01-01 to 2027-01-31 left out");
	assert_string_equal(imp->notes[2], "later: no occurrence inside the programme window "
		"2027-01-01 to 2027-01-31; the one nearest it (2027-03-01) imported");
	assert_int_equal(imp->series[0].from, day(2026, 11, 22));
	assert_int_equal(imp->series[1].to, day(2027, 3, 1));
	tv_ical_import_free(imp);

	imp = parse_in(CAL(
		"BEGIN:VTIMEZONE\r\nTZID:Europe/Kiev\r\nBEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0200\r\n"
		"TZOFFSETTO:+0300\r\nTZNAME:EEST\r\nDTSTART:19700329T030000\r\n"
		"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\nBEGIN:STANDARD\r\n"
		"TZOFFSETFROM:+0300\r\nTZOFFSETTO:+0200\r\nTZNAME:EET\r\n"
		"DTSTART:19701025T040000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
		"END:STANDARD\r\nEND:VTIMEZONE\r\n"
		"BEGIN:VEVENT\r\nUID:kyiv\r\nDTSTAMP:20261101T000000Z\r\nSUMMARY:K\r\n"
		"DTSTART;TZID=Europe/Kiev:20270705T140000\r\nDTEND;TZID=Europe/Kiev:20270705T150000\r\n"
		"RRULE:FREQ=DAILY;UNTIL=20270708T110000Z\r\nEND:VEVENT\r\n"), window_2027());
	assert_int_equal(imp->nmeetings, 4);
	assert_at(&imp->meetings[3], 2027, 7, 8, 13, 0);
	tv_ical_import_free(imp);
}

/* An RRULE libical cannot read skips that event with the line of the RRULE; the rest
 * of the file is read. */
static void
test_invalid_rrule(void **state)
{
	(void)state;
	struct tv_ical_import *imp = parse_in(CAL(
		"BEGIN:VEVENT\r\nUID:bad\r\nDTSTAMP:20261101T000000Z\r\nSUMMARY:B\r\n"
		"DTSTART:20270111T080000Z\r\nRRULE:FREQ=SOMETIMES;COUNT=3\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:good\r\nDTSTAMP:20261101T000000Z\r\nSUMMARY:G\r\n"
		"DTSTART:20270111T080000Z\r\nRRULE:FREQ=DAILY;COUNT=2\r\nEND:VEVENT\r\n"),
		window_2027());
	assert_int_equal(imp->nmeetings, 2);
	assert_int_equal(imp->nskipped, 1);
	assert_int_equal(imp->nerrors, 1);
	assert_true(strncmp(imp->skipped[0], "line 9: bad: ", 13) == 0);
	assert_non_null(strstr(imp->skipped[0], "RRULE"));
	tv_ical_import_free(imp);
}

static void
test_windows_and_days(void **state)
{
	(void)state;
	assert_int_equal(tv_ical_recurrence_day("20270412T080000Z"), day(2027, 4, 12));
	assert_int_equal(tv_ical_recurrence_day("VALUE=DATE:20270601"), day(2027, 6, 1));
	assert_int_equal(tv_ical_recurrence_day("TZID=Europe/Copenhagen:20270201T130000"),
		day(2027, 2, 1));
	assert_int_equal(tv_ical_recurrence_day("2027-04-12"), TV_NO_DAY);
	/* The export's code of each form, and back. */
	static const char *const forms[][2] = {
		{ "20270412T080000Z", "20270412T080000Z" },
		{ "VALUE=DATE:20270601", "D20270601" },
		{ "TZID=Europe/Copenhagen:20270201T130000", "L20270201T130000" },
		{ "20270301T100000", "F20270301T100000" },
	};
	for (size_t i = 0; i < 4; i++) {
		char code[TV_ICAL_RID_CODE_BUF];
		assert_true(tv_ical_rid_code(forms[i][0], code));
		assert_string_equal(code, forms[i][1]);
		char *back = tv_ical_rid_from_code(code);
		assert_string_equal(back, forms[i][0]);
		free(back);
	}
	char code[TV_ICAL_RID_CODE_BUF];
	assert_false(tv_ical_rid_code("TZID=Europe/Berlin:20270201T130000", code));
	assert_false(tv_ical_rid_code("20270412T080000Z\nX:y", code));
	assert_null(tv_ical_rid_from_code("example.dk"));
	assert_null(tv_ical_rid_from_code("D2027"));
	assert_int_equal(tv_ical_recurrence_day(NULL), TV_NO_DAY);
	struct tv_ical_window w = tv_ical_default_window(day(2027, 1, 1));
	assert_int_equal(w.from, day(2026, 1, 1));
	assert_int_equal(w.to, day(2027, 1, 1) + 3 * 365);
	struct tv_board_data d = { 0 };
	d.board.start = TV_NO_DAY;
	w = tv_ical_board_window(&d, day(2027, 1, 1));
	assert_int_equal(w.from, day(2026, 1, 1));
	struct tv_phase ph[2] = { { .start = day(2027, 2, 1), .end = day(2027, 6, 30) },
		{ .start = day(2026, 12, 1), .end = day(2028, 3, 31) } };
	struct tv_package pk = { .deadline = { day(2028, 9, 1), TV_NO_TIME } };
	d.board.start = day(2027, 1, 1);
	d.phases = ph;
	d.nphases = 2;
	d.packages = &pk;
	d.npackages = 1;
	w = tv_ical_board_window(&d, day(2020, 1, 1));
	assert_int_equal(w.from, day(2026, 12, 1) - 90);
	assert_int_equal(w.to, day(2028, 9, 1) + 180);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_daily_count),
		cmocka_unit_test(test_weekly_dst),
		cmocka_unit_test(test_exdate_rdate_allday),
		cmocka_unit_test(test_overrides),
		cmocka_unit_test(test_cap_window_cancel),
		cmocka_unit_test(test_nearest_outside_window),
		cmocka_unit_test(test_invalid_rrule),
		cmocka_unit_test(test_windows_and_days),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	tv_ical_shutdown();
	return rc;
}
