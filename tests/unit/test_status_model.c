/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Unit tests of the status table, diagnostics, the allocation helpers and the model's
 * tables and snapshot look-ups.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tavle/model.h"
#include "tavle/status.h"

static void
test_status_table(void **state)
{
	(void)state;
	assert_string_equal(tv_status_message(TV_OK), "ok");
	assert_string_equal(tv_status_message(TV_INVALID), "invalid input");
	assert_string_equal(tv_status_message(TV_CONFLICT), "changed by someone else");
	assert_string_equal(tv_status_message(TV_DB), "database error");
	assert_string_equal(tv_status_message(TV_STATUS_COUNT), "unknown error");
	assert_string_equal(tv_status_message((enum tv_status)-1), "unknown error");
	assert_int_equal(tv_status_exit_code(TV_OK), 0);
	assert_int_equal(tv_status_exit_code(TV_INVALID), 2);
	assert_int_equal(tv_status_exit_code(TV_NOT_FOUND), 2);
	assert_int_equal(tv_status_exit_code(TV_BUSY), 1);
	assert_int_equal(tv_status_exit_code(TV_IO), 1);
	assert_int_equal(tv_status_exit_code(TV_STATUS_COUNT), 1);
	/* every status has a distinct, non-empty message and an exit code in 0..2 */
	for (int i = 0; i < TV_STATUS_COUNT; i++) {
		const char *m = tv_status_message((enum tv_status)i);
		assert_non_null(m);
		assert_true(m[0] != '\0');
		int code = tv_status_exit_code((enum tv_status)i);
		assert_true(code >= 0 && code <= 2);
		assert_true((code == 0) == (i == TV_OK));
		for (int j = 0; j < i; j++)
			assert_string_not_equal(m, tv_status_message((enum tv_status)j));
	}
}

static void
test_diag(void **state)
{
	(void)state;
	struct tv_diag d;
	char buf[600];
	tv_diag_clear(&d);
	assert_string_equal(d.msg, "");
	assert_string_equal(d.file, "");
	assert_int_equal(d.line, 0);
	assert_int_equal(tv_diag_set(&d, TV_INVALID, "%s: no such day", "2027-02-30"), TV_INVALID);
	assert_string_equal(d.msg, "2027-02-30: no such day");
	tv_diag_format(&d, buf, sizeof buf);
	assert_string_equal(buf, "2027-02-30: no such day");
	assert_int_equal(tv_diag_set_at(&d, TV_INVALID, "plan.ics", 12, "bad %s", "DTSTART"),
		TV_INVALID);
	tv_diag_format(&d, buf, sizeof buf);
	assert_string_equal(buf, "plan.ics:12: bad DTSTART");
	tv_diag_set_at(&d, TV_IO, "plan.ics", 0, "unreadable");
	tv_diag_format(&d, buf, sizeof buf);
	assert_string_equal(buf, "plan.ics: unreadable");
	tv_diag_set_at(&d, TV_IO, NULL, 0, "x");
	assert_string_equal(d.file, "");
	/* NULL diag is allowed and the status passes through */
	assert_int_equal(tv_diag_set(NULL, TV_BUSY, "ignored %d", 1), TV_BUSY);
	assert_int_equal(tv_diag_set_at(NULL, TV_IO, "f", 1, "ignored"), TV_IO);
	tv_diag_clear(NULL);
	/* long messages are truncated, never overflow */
	char big[2000];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	tv_diag_set(&d, TV_INVALID, "%s", big);
	assert_int_equal(strlen(d.msg), sizeof d.msg - 1);
	tv_diag_set_at(&d, TV_INVALID, big, 3, "m");
	assert_int_equal(strlen(d.file), sizeof d.file - 1);
	char small[8];
	tv_diag_format(&d, small, sizeof small);
	assert_int_equal(strlen(small), 7);
}

static void
test_alloc(void **state)
{
	(void)state;
	char *s = tv_xasprintf("%s-%d", "pkg", 7);
	assert_string_equal(s, "pkg-7");
	free(s);
	s = tv_xstrndup("abcdef", 3);
	assert_string_equal(s, "abc");
	free(s);
	s = tv_xstrndup("ab", 10);
	assert_string_equal(s, "ab");
	free(s);
	assert_null(tv_xstrdup(NULL));
	assert_null(tv_xstrndup(NULL, 3));
	s = tv_xstrdup("Ærø");
	assert_string_equal(s, "Ærø");
	free(s);
	int *z = tv_xcalloc(4, sizeof *z);
	for (int i = 0; i < 4; i++)
		assert_int_equal(z[i], 0);
	z = tv_xrealloc(z, 100 * sizeof *z);
	z[99] = 1;
	free(z);
	free(tv_xmalloc(0));
}

static void
test_area_table(void **state)
{
	(void)state;
	static const struct {
		enum tv_area a;
		const char *key, *da, *en, *colour;
		char tag;
	} want[] = {
		{ TV_AREA_ORG, "org", "Organisatorisk forankring", "Organisational anchoring",
		  "gold", 'O' },
		{ TV_AREA_KOM, "kom", "Kommunikation", "Communication", "green", 'K' },
		{ TV_AREA_DATA, "data", "Data og System", "Data and systems", "blue", 'D' },
		{ TV_AREA_UDD, "udd", "Uddannelse og Support", "Training and support", "orange",
		  'U' },
	};
	assert_int_equal(TV_AREA_COUNT, 4);
	for (size_t i = 0; i < 4; i++) {
		assert_string_equal(tv_area_key(want[i].a), want[i].key);
		assert_string_equal(tv_area_name(want[i].a, true), want[i].da);
		assert_string_equal(tv_area_name(want[i].a, false), want[i].en);
		assert_string_equal(tv_area_colour(want[i].a), want[i].colour);
		assert_int_equal(tv_area_tag(want[i].a), want[i].tag);
		enum tv_area back = TV_AREA_COUNT;
		assert_true(tv_area_from_key(want[i].key, &back));
		assert_int_equal(back, want[i].a);
	}
	enum tv_area a = TV_AREA_KOM;
	assert_false(tv_area_from_key("ORG", &a));
	assert_false(tv_area_from_key("", &a));
	assert_false(tv_area_from_key("org ", &a));
	assert_false(tv_area_from_key(NULL, &a));
	assert_int_equal(a, TV_AREA_KOM); /* untouched on failure */
	assert_string_equal(tv_area_key(TV_AREA_COUNT), "?");
	assert_string_equal(tv_area_name((enum tv_area)99, true), "?");
	assert_string_equal(tv_area_colour(TV_AREA_COUNT), "gray");
	assert_int_equal(tv_area_tag(TV_AREA_COUNT), '?');
}

static void
test_pstatus_table(void **state)
{
	(void)state;
	assert_string_equal(tv_pstatus_key(TV_TODO), "todo");
	assert_string_equal(tv_pstatus_name(TV_DOING, true), "I gang");
	assert_string_equal(tv_pstatus_name(TV_DONE, true), "Færdig");
	assert_string_equal(tv_pstatus_name(TV_BLOCKED, false), "Blocked");
	assert_string_equal(tv_pstatus_marker(TV_DONE), "x");
	assert_string_equal(tv_pstatus_marker(TV_BLOCKED), "!");
	assert_string_equal(tv_pstatus_marker(TV_PSTATUS_COUNT), "?");
	for (int i = 0; i < TV_PSTATUS_COUNT; i++) {
		enum tv_pstatus s;
		assert_true(tv_pstatus_from_key(tv_pstatus_key((enum tv_pstatus)i), &s));
		assert_int_equal(s, i);
	}
	enum tv_pstatus s;
	assert_false(tv_pstatus_from_key("Done", &s));
}

/* Each table: every key round-trips, keys are unique, names are non-empty. */
#define ROUND_TRIP(prefix, type, count)                                              \
	do {                                                                         \
		for (int i_ = 0; i_ < (count); i_++) {                               \
			enum type v_;                                                \
			const char *k_ = tv_##prefix##_key((enum type)i_);           \
			assert_true(tv_##prefix##_from_key(k_, &v_));                \
			assert_int_equal(v_, i_);                                    \
			assert_true(tv_##prefix##_name((enum type)i_, true)[0]);     \
			assert_true(tv_##prefix##_name((enum type)i_, false)[0]);    \
			for (int j_ = 0; j_ < i_; j_++)                              \
				assert_string_not_equal(k_,                          \
					tv_##prefix##_key((enum type)j_));           \
		}                                                                    \
		enum type bad_;                                                      \
		assert_false(tv_##prefix##_from_key("no-such-key", &bad_));          \
		assert_string_equal(tv_##prefix##_key((enum type)(count)), "?");     \
		assert_string_equal(tv_##prefix##_name((enum type)(count), true), "?"); \
	} while (0)

static void
test_other_tables(void **state)
{
	(void)state;
	ROUND_TRIP(area, tv_area, TV_AREA_COUNT);
	ROUND_TRIP(pstatus, tv_pstatus, TV_PSTATUS_COUNT);
	ROUND_TRIP(responsible, tv_responsible, TV_RESPONSIBLE_COUNT);
	ROUND_TRIP(meeting_kind, tv_meeting_kind, TV_MEETING_KIND_COUNT);
	ROUND_TRIP(decision_status, tv_decision_status, TV_DECISION_STATUS_COUNT);
	ROUND_TRIP(role, tv_role, TV_ROLE_COUNT);
	ROUND_TRIP(section, tv_section, TV_SECTION_COUNT);
	ROUND_TRIP(sector, tv_sector, TV_SECTOR_COUNT);
	assert_string_equal(tv_responsible_name(TV_RESP_SUPPLIER, true), "Leverandør");
	assert_string_equal(tv_meeting_kind_name(TV_MEET_INFO, true), "Infomøde");
	assert_string_equal(tv_section_key(TV_SEC_REQUIREMENTS), "requirements");
	assert_string_equal(tv_section_name(TV_SEC_REQUIREMENTS, true), "Minimumskrav");
	assert_string_equal(tv_sector_name(TV_SECTOR_MUNICIPALITY, true), "Kommune");
	assert_string_equal(tv_decision_status_name(TV_DEC_DECIDED, false), "Decided");
	assert_string_equal(tv_role_key(TV_ROLE_CONTACT), "contact");
	for (int i = 0; i < TV_KIND_COUNT; i++) {
		enum tv_kind k;
		assert_true(tv_kind_from_key(tv_kind_key((enum tv_kind)i), &k));
		assert_int_equal(k, i);
	}
	enum tv_kind k;
	assert_true(tv_kind_from_key("meeting", &k));
	assert_int_equal(k, TV_KIND_MEETING);
	assert_false(tv_kind_from_key("Meeting", &k));
	assert_false(tv_kind_from_key(NULL, &k));
	assert_string_equal(tv_kind_key(TV_KIND_COUNT), "?");
}

static struct tv_board_data *
make_data(void)
{
	struct tv_board_data *d = tv_xcalloc(1, sizeof *d);
	d->board.name = tv_xstrdup("Ærø");
	d->npackages = 3;
	d->packages = tv_xcalloc(3, sizeof *d->packages);
	for (int i = 0; i < 3; i++) {
		d->packages[i].id = 10 + i;
		d->packages[i].number = i * 2;  /* 0, 2, 4 */
		d->packages[i].title = tv_xasprintf("Package %d", i * 2);
		d->packages[i].deadline.day = TV_NO_DAY;
	}
	d->packages[1].ntasks = 2;
	d->packages[1].tasks = tv_xcalloc(2, sizeof(struct tv_task));
	d->packages[1].tasks[0].title = tv_xstrdup("task");
	d->packages[1].sections[TV_SEC_OUTPUT] = tv_xstrdup("text");
	d->nphases = 3;
	d->phases = tv_xcalloc(3, sizeof *d->phases);
	/* phase 1: days 100..199, phase 2: 150..249 (overlaps), phase 3: 300..300 */
	int32_t windows[3][2] = { { 100, 199 }, { 150, 249 }, { 300, 300 } };
	for (int i = 0; i < 3; i++) {
		d->phases[i].id = i + 1;
		d->phases[i].name = tv_xasprintf("Phase %d", i + 1);
		d->phases[i].start = windows[i][0];
		d->phases[i].end = windows[i][1];
		d->phases[i].not_before = TV_NO_DAY;
	}
	d->nmeetings = 1;
	d->meetings = tv_xcalloc(1, sizeof *d->meetings);
	d->meetings[0].title = tv_xstrdup("Infomøde");
	d->meetings[0].url = tv_xstrdup("https://example.org");
	return d;
}

static void
test_board_data(void **state)
{
	(void)state;
	struct tv_board_data *d = make_data();
	const struct tv_package *p = tv_board_data_package(d, 2);
	assert_non_null(p);
	assert_string_equal(p->title, "Package 2");
	assert_non_null(tv_board_data_package(d, 0));
	assert_null(tv_board_data_package(d, 1));
	assert_null(tv_board_data_package(d, 6));
	assert_null(tv_board_data_package(d, -1));
	assert_string_equal(tv_board_data_phase(d, 2)->name, "Phase 2");
	assert_null(tv_board_data_phase(d, 0));
	assert_null(tv_board_data_phase(d, 4));
	assert_null(tv_board_data_phase_at(d, 99));
	assert_string_equal(tv_board_data_phase_at(d, 100)->name, "Phase 1");
	assert_string_equal(tv_board_data_phase_at(d, 149)->name, "Phase 1");
	/* overlap: the last phase whose window contains the day */
	assert_string_equal(tv_board_data_phase_at(d, 150)->name, "Phase 2");
	assert_string_equal(tv_board_data_phase_at(d, 199)->name, "Phase 2");
	assert_string_equal(tv_board_data_phase_at(d, 249)->name, "Phase 2");
	assert_null(tv_board_data_phase_at(d, 250));
	assert_string_equal(tv_board_data_phase_at(d, 300)->name, "Phase 3");
	assert_null(tv_board_data_phase_at(d, 301));
	/* by name first, then by id */
	assert_int_equal(tv_board_find_phase(d, "Phase 3")->id, 3);
	assert_string_equal(tv_board_find_phase(d, "2")->name, "Phase 2");
	assert_null(tv_board_find_phase(d, "phase 3"));
	assert_null(tv_board_find_phase(d, "2x"));
	assert_null(tv_board_find_phase(d, ""));
	assert_null(tv_board_find_phase(d, "4"));
	tv_board_data_free(d); /* leaks show under ASan/valgrind */
	tv_board_data_free(NULL);

	struct tv_board_data empty = { 0 };
	assert_null(tv_board_data_package(&empty, 0));
	assert_null(tv_board_data_phase_at(&empty, 0));
}

/* One task number everywhere: "P.N", package number and position + 1, read back. */
static void
test_task_number(void **state)
{
	(void)state;
	struct tv_board_data *d = make_data();
	struct tv_package *p = &d->packages[1];   /* number 2, two tasks */
	p->tasks[1].position = 1;
	char buf[TV_TASK_NUMBER_BUF];
	tv_task_number(p, &p->tasks[0], buf, sizeof buf);
	assert_string_equal(buf, "2.1");
	tv_task_number(p, &p->tasks[1], buf, sizeof buf);
	assert_string_equal(buf, "2.2");
	char small[3];
	tv_task_number(p, &p->tasks[1], small, sizeof small);
	assert_string_equal(small, "2.");
	assert_ptr_equal(tv_board_find_task(d, "2.1"), &p->tasks[0]);
	assert_ptr_equal(tv_board_find_task(d, "2.2"), &p->tasks[1]);
	assert_ptr_equal(tv_board_find_task(d, "02.2"), &p->tasks[1]);
	static const char *const bad[] = { "2.3", "2.0", "0.1", "1.1", "2", "2.", ".1", "2.1x",
		"2..1", " 2.1", "-2.1", "2.-1", "", "9999999999.1", "2.9999999999" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_null(tv_board_find_task(d, bad[i]));
	tv_board_data_free(d);
}

static void
test_overdue(void **state)
{
	(void)state;
	struct tv_package p = { 0 };
	p.status = TV_DOING;
	p.deadline.day = 1000;
	p.deadline.minute = TV_NO_TIME;
	assert_false(tv_package_overdue(&p, 999));
	assert_false(tv_package_overdue(&p, 1000)); /* due today is not overdue */
	assert_true(tv_package_overdue(&p, 1001));
	p.status = TV_DONE;
	assert_false(tv_package_overdue(&p, 1001));
	p.status = TV_BLOCKED;
	assert_true(tv_package_overdue(&p, 1001));
	p.status = TV_TODO;
	assert_true(tv_package_overdue(&p, 5000));
	p.deadline.day = TV_NO_DAY;
	assert_false(tv_package_overdue(&p, 5000));
	assert_false(tv_package_overdue(&p, INT32_MAX));
}

static void
test_clear(void **state)
{
	(void)state;
	struct tv_package p = { 0 };
	p.title = tv_xstrdup("t");
	p.owner = tv_xstrdup("o");
	p.number = 5;
	p.ntasks = 1;
	p.tasks = tv_xcalloc(1, sizeof *p.tasks);
	p.tasks[0].title = tv_xstrdup("task");
	tv_package_clear(&p);
	assert_null(p.title);
	assert_null(p.tasks);
	assert_int_equal(p.ntasks, 0);
	assert_int_equal(p.number, 0);
	struct tv_history h = { 0 };
	h.op = tv_xstrdup("set");
	h.old_value = NULL;
	h.new_value = tv_xstrdup("x");
	tv_history_clear(&h);
	assert_null(h.op);
	assert_null(h.new_value);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_table),
		cmocka_unit_test(test_diag),
		cmocka_unit_test(test_alloc),
		cmocka_unit_test(test_area_table),
		cmocka_unit_test(test_pstatus_table),
		cmocka_unit_test(test_other_tables),
		cmocka_unit_test(test_board_data),
		cmocka_unit_test(test_task_number),
		cmocka_unit_test(test_overdue),
		cmocka_unit_test(test_clear),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
