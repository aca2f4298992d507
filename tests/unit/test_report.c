/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Unit tests of the status report's facts and text (report.c) over a hand-built board
 * snapshot and hand-written history rows (no store needed): counts per area, overdue
 * with days late, blocked with reasons, open decisions, changes summed per package,
 * the next 30 days, and the text's 80 columns and sanitising.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tavle/date.h"
#include "tavle/report.h"
#include "tavle/text.h"

static int32_t
D(const char *iso)
{
	int32_t day;
	assert_int_equal(tv_date_parse_iso(iso, &day, NULL), TV_OK);
	return day;
}

static struct tv_when
W(const char *iso)
{
	return (struct tv_when){ iso ? D(iso) : TV_NO_DAY, TV_NO_TIME };
}

static struct tv_task
task(int64_t id, int64_t pkg, int pos, const char *deadline, bool done, bool minimum)
{
	struct tv_task t = { 0 };
	t.id = id;
	t.package_id = pkg;
	t.title = (char *)"Opgave";
	t.position = pos;
	t.deadline = W(deadline);
	t.done = done;
	t.minimum = minimum;
	return t;
}

static struct tv_history
row(const char *at, enum tv_kind kind, int64_t item, int64_t pkg, const char *op,
	const char *field, const char *old_value, const char *new_value)
{
	struct tv_history h = { 0 };
	h.at = (char *)at;
	h.kind = kind;
	h.item_id = item;
	h.package_id = pkg;
	h.op = (char *)op;
	h.field = (char *)field;
	h.old_value = (char *)old_value;
	h.new_value = (char *)new_value;
	return h;
}

/* Board: org has packages 1 (done) and 4 (doing, overdue, with an overdue minimum
 * task and a done minimum task); kom has 5 (blocked, with a reason); data is empty;
 * udd has 8 (todo, due in 10 days). Today 2027-05-12. */
struct fixture {
	struct tv_task t4[3];
	struct tv_package pk[4];
	struct tv_decision dec[3];
	struct tv_meeting m[1];
	struct tv_board_data d;
};

static void
fixture_init(struct fixture *f)
{
	memset(f, 0, sizeof *f);
	f->t4[0] = task(41, 104, 0, "2027-05-02", false, true);   /* 10 days late */
	f->t4[1] = task(42, 104, 1, "2027-05-01", true, true);
	f->t4[2] = task(43, 104, 2, "2027-05-20", false, false);
	struct tv_package p = { 0 };
	p.id = 101; p.number = 1; p.title = (char *)"Forankring"; p.area = TV_AREA_ORG;
	p.status = TV_DONE; p.deadline = W("2027-04-01");
	f->pk[0] = p;
	memset(&p, 0, sizeof p);
	p.id = 104; p.number = 4; p.title = (char *)"Kortlægning"; p.area = TV_AREA_ORG;
	p.status = TV_DOING; p.deadline = W("2027-04-28"); p.position = 1;
	p.tasks = f->t4; p.ntasks = 3;
	f->pk[1] = p;
	memset(&p, 0, sizeof p);
	p.id = 105; p.number = 5; p.title = (char *)"Kommunikation"; p.area = TV_AREA_KOM;
	p.status = TV_BLOCKED; p.deadline = W("2027-09-01");
	p.blocked_reason = (char *)"venter på leverandøren";
	f->pk[2] = p;
	memset(&p, 0, sizeof p);
	p.id = 108; p.number = 8; p.title = (char *)"Uddannelse"; p.area = TV_AREA_UDD;
	p.status = TV_TODO; p.deadline = W("2027-05-22");
	f->pk[3] = p;
	f->dec[0] = (struct tv_decision){ .id = 1, .title = (char *)"Budget", .area = -1,
		.due = D("2027-05-09"), .status = TV_DEC_OPEN, .decided = TV_NO_DAY };
	f->dec[1] = (struct tv_decision){ .id = 2, .title = (char *)"Scope", .area = TV_AREA_KOM,
		.due = D("2027-06-30"), .status = TV_DEC_OPEN, .decided = TV_NO_DAY };
	f->dec[2] = (struct tv_decision){ .id = 3, .title = (char *)"Done", .area = -1,
		.due = D("2027-05-01"), .status = TV_DEC_DECIDED, .decided = D("2027-05-01") };
	f->m[0] = (struct tv_meeting){ .id = 1, .kind = TV_MEET_INFO, .title = (char *)"Infomøde",
		.start = { D("2027-05-18"), 600 }, .end = { D("2027-05-18"), 660 } };
	f->d.board.name = (char *)"NgDP";
	f->d.board.authority = (char *)"Ærø Kommune";
	f->d.board.contact = (char *)"Hanne";
	f->d.packages = f->pk; f->d.npackages = 4;
	f->d.decisions = f->dec; f->d.ndecisions = 3;
	f->d.meetings = f->m; f->d.nmeetings = 1;
}

static void
test_counts_overdue_blocked_decisions(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	struct tv_report r;
	tv_report_status(&f.d, NULL, 0, D("2027-05-12"), D("2027-05-05"), &r);
	assert_int_equal(r.areas[TV_AREA_ORG].packages_done, 1);
	assert_int_equal(r.areas[TV_AREA_ORG].packages_total, 2);
	assert_int_equal(r.areas[TV_AREA_ORG].minimum_done, 1);
	assert_int_equal(r.areas[TV_AREA_ORG].minimum_total, 2);
	assert_int_equal(r.areas[TV_AREA_ORG].overdue, 2);
	assert_int_equal(r.areas[TV_AREA_DATA].packages_total, 0);
	assert_int_equal(r.packages_done, 1);
	assert_int_equal(r.packages_total, 4);
	assert_int_equal(r.minimum_total, 2);
	/* Package 4 (due 2027-04-28, 14 days late) before task 4.1 (10 days). */
	assert_int_equal(r.noverdue, 2);
	assert_ptr_equal(r.overdue[0].pkg, &f.pk[1]);
	assert_null(r.overdue[0].task);
	assert_int_equal(r.overdue[0].days_late, 14);
	assert_ptr_equal(r.overdue[1].task, &f.t4[0]);
	assert_int_equal(r.overdue[1].days_late, 10);
	assert_int_equal(r.nblocked, 1);
	assert_ptr_equal(r.blocked[0], &f.pk[2]);
	/* Open decisions only; the overdue one first. */
	assert_int_equal(r.ndecisions, 2);
	assert_ptr_equal(r.decisions[0].decision, &f.dec[0]);
	assert_true(r.decisions[0].overdue);
	assert_int_equal(r.decisions[0].days_late, 3);
	assert_false(r.decisions[1].overdue);
	/* Next 30 days: meeting 18th, task 4.3 on the 20th, package 8 on the 22nd; the
	 * decision due 2027-06-30 is past the 30 days. */
	assert_int_equal(r.nupcoming, 3);
	assert_int_equal(r.upcoming[0].type, TV_AGENDA_MEETING);
	assert_int_equal(r.upcoming[1].type, TV_AGENDA_TASK);
	assert_int_equal(r.upcoming[2].type, TV_AGENDA_PACKAGE);
	assert_int_equal(r.nchanges, 0);
	tv_report_free(&r);
}

static void
test_changes_summed_per_package(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	struct tv_history h[] = {
		/* before `since`: left out */
		row("2027-05-01T09:00:00Z", TV_KIND_PACKAGE, 104, 104, "set", "title", "a", "b"),
		row("2027-05-06T09:00:00Z", TV_KIND_PACKAGE, 104, 104, "set", "status", "todo", "blocked"),
		row("2027-05-07T09:00:00Z", TV_KIND_PACKAGE, 104, 104, "set", "status", "blocked", "doing"),
		row("2027-05-07T09:01:00Z", TV_KIND_TASK, 41, 104, "set", "done", "0", "1"),
		row("2027-05-07T09:02:00Z", TV_KIND_TASK, 42, 104, "set", "done", "0", "1"),
		row("2027-05-08T09:00:00Z", TV_KIND_PACKAGE, 104, 104, "set", "deadline", "2027-04-28", "2027-05-01"),
		row("2027-05-09T09:00:00Z", TV_KIND_PACKAGE, 104, 104, "set", "deadline", "2027-05-01", "2027-05-10"),
		row("2027-05-09T10:00:00Z", TV_KIND_COMMENT, 7, 104, "add", "", NULL, "Hej"),
		/* a status set back where it was: no status change */
		row("2027-05-09T11:00:00Z", TV_KIND_PACKAGE, 101, 101, "set", "status", "done", "doing"),
		row("2027-05-09T11:05:00Z", TV_KIND_PACKAGE, 101, 101, "set", "status", "doing", "done"),
		row("2027-05-10T08:00:00Z", TV_KIND_MEETING, 1, 0, "set", "place", "a", "b"),
		row("2027-05-10T08:00:00Z", TV_KIND_PACKAGE, 999, 999, "remove", "", "{\"number\":9}", NULL),
	};
	struct tv_report r;
	tv_report_status(&f.d, h, sizeof h / sizeof h[0], D("2027-05-12"), D("2027-05-05"), &r);
	assert_int_equal(r.nchanges, 3);
	/* By number, the removed package last. */
	assert_ptr_equal(r.changes[0].pkg, &f.pk[0]);
	assert_null(r.changes[0].status_to);
	const struct tv_report_change *c = &r.changes[1];
	assert_ptr_equal(c->pkg, &f.pk[1]);
	assert_string_equal(c->status_from, "todo");
	assert_string_equal(c->status_to, "doing");
	assert_string_equal(c->deadline_from, "2027-04-28");
	assert_string_equal(c->deadline_to, "2027-05-10");
	assert_int_equal(c->tasks_done, 2);
	assert_int_equal(c->comments, 1);
	assert_int_equal(c->other_edits, 0);
	assert_int_equal(c->entries, 7);
	assert_null(r.changes[2].pkg);
	assert_true(r.changes[2].removed);
	assert_int_equal(r.other_changes[TV_KIND_MEETING], 1);
	char *s = tv_report_change_text(c);
	assert_string_equal(s, "status Ikke startet → I gang; 2 tasks done; "
		"deadline moved 2027-04-28 → 2027-05-10; 1 comment");
	free(s);
	tv_report_free(&r);
}

/* Every section is there; no line is wider than 80 columns, even with a long title;
 * escape sequences and bidi controls from the data never reach the text. */
static void
test_text_sections_width_and_sanitising(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	f.pk[1].title = (char *)"Kortlægning \x1b[31mrød\x1b[0m \u202eevil\u202c "
		"og en meget lang titel som bliver ved og ved og ved og ved og ved og ved og ved "
		"Ordudenmellemrumsomerlængereendenlinjekanværeogsåenddaendnulængereendfirsogtyvetegn";
	struct tv_report r;
	tv_report_status(&f.d, NULL, 0, D("2027-05-12"), D("2027-05-05"), &r);
	char *t = tv_report_status_text(&f.d, &r);
	static const char *const want[] = { "# Status: NgDP", "## Overview", "## Overdue",
		"## Blocked", "venter på leverandøren", "## Management decisions pending", "Budget",
		"## Changes since 2027-05-05", "## The next 30 days", "## Plan warnings",
		"Contact person: Hanne", "14 days late" };
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!strstr(t, want[i]))
			fail_msg("missing \"%s\" in:\n%s", want[i], t);
	assert_null(strchr(t, '\x1b'));
	assert_null(strstr(t, "\u202e"));
	for (char *line = t, *nl; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		assert_non_null(nl);
		*nl = 0;
		if (tv_text_width(line) > 80)
			fail_msg("line wider than 80: %s", line);
	}
	free(t);
	tv_report_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_overdue_blocked_decisions),
		cmocka_unit_test(test_changes_summed_per_package),
		cmocka_unit_test(test_text_sections_width_and_sanitising),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
