/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Unit tests of the store's records: every record kind through add/set/get/remove/load,
 * validation, conflicts, transactions, history, undo and redo, tombstones, ordering,
 * checks, backups, multi-connection refresh and the query plans. Opening and migrating
 * are in test_store.c.
 */
#include "store_fixture.h"

/* ---- records ---- */

static void
test_crud_and_load(void **state)
{
	struct fx *f = *state;
	struct tv_store *s = f->s;
	int64_t ph = add_phase(f, "Forberedelse", day(2027, 3, 1), day(2027, 4, 30));
	struct tv_package p = { 0 };
	p.board_id = f->board;
	p.number = 3;
	p.title = tv_xstrdup("Kommunikationsplan");
	p.area = TV_AREA_KOM;
	p.status = TV_DOING;
	p.owner = tv_xstrdup("Mette");
	p.deadline = (struct tv_when){ day(2027, 5, 1), 14 * 60 };
	p.phase_id = ph;
	p.sections[TV_SEC_BACKGROUND] = tv_xstrdup("Linje 1\nLinje 2");
	OK(s, tv_store_package_add(s, &p));
	assert_true(p.id > 0);
	assert_int_equal(p.version, 1);
	assert_int_equal(p.position, 0);
	assert_int_equal(p.number, 3);
	assert_non_null(p.uid);
	assert_int_equal(strncmp(p.uid, "pkg-", 4), 0);
	assert_int_equal(strlen(p.uid), 36);
	/* duplicate number refused */
	struct tv_package dup = { .board_id = f->board, .number = 3, .title = "X",
		.deadline = { TV_NO_DAY, TV_NO_TIME } };
	IS(s, TV_INVALID, tv_store_package_add(s, &dup));
	assert_string_equal(tv_store_errmsg(s), "package 3 already exists");
	/* auto number */
	int64_t p2 = add_package(f, "Næste", TV_AREA_KOM);
	int64_t id;
	OK(s, tv_store_package_find(s, f->board, 4, &id));
	assert_int_equal(id, p2);
	IS(s, TV_NOT_FOUND, tv_store_package_find(s, f->board, 99, &id));

	int64_t t1 = add_task(f, p.id, "Skriv udkast");
	int64_t t2 = add_task(f, p.id, "Godkend");
	struct tv_meeting m = { 0 };
	m.board_id = f->board;
	m.kind = TV_MEET_WEBINAR;
	m.title = tv_xstrdup("Infomøde 1");
	m.start = (struct tv_when){ day(2027, 3, 10), 10 * 60 };
	m.end = (struct tv_when){ day(2027, 3, 10), 11 * 60 };
	m.url = tv_xstrdup("https://example.org/m");
	OK(s, tv_store_meeting_add(s, &m));
	assert_int_equal(strncmp(m.uid, "meet-", 5), 0);
	struct tv_meeting imp = { 0 };
	imp.board_id = f->board;
	imp.uid = tv_xstrdup("abc-123@example.org");
	imp.title = tv_xstrdup("Importeret");
	imp.start = (struct tv_when){ day(2027, 3, 5), TV_NO_TIME };
	imp.end = (struct tv_when){ TV_NO_DAY, TV_NO_TIME };
	OK(s, tv_store_meeting_add(s, &imp));
	assert_string_equal(imp.uid, "abc-123@example.org");
	struct tv_meeting found;
	bool ok;
	OK(s, tv_store_meeting_find_uid(s, f->board, "abc-123@example.org", &found, &ok));
	assert_true(ok);
	assert_int_equal(found.id, imp.id);
	tv_meeting_clear(&found);
	OK(s, tv_store_meeting_find_uid(s, f->board, "nope", &found, &ok));
	assert_false(ok);

	struct tv_person pe = { .board_id = f->board, .name = tv_xstrdup("Hans"),
		.email = tv_xstrdup("h@x.dk"), .role = TV_ROLE_CONTACT, .area = -1 };
	OK(s, tv_store_person_add(s, &pe));
	struct tv_comment c = { .package_id = p.id, .text = tv_xstrdup("Hvem godkender?") };
	OK(s, tv_store_comment_add(s, &c));
	assert_string_equal(c.author, "mette");
	assert_string_equal(c.created_at, "2027-03-01T12:00:00Z");
	struct tv_decision de = { .board_id = f->board, .title = tv_xstrdup("Go-live dato"),
		.area = TV_AREA_DATA, .due = day(2027, 6, 1), .decided = TV_NO_DAY,
		.status = TV_DEC_OPEN };
	OK(s, tv_store_decision_add(s, &de));

	struct tv_board_data *bd;
	OK(s, tv_store_load_board(s, f->board, &bd));
	assert_string_equal(bd->board.name, "Ærø Kommune");
	assert_int_equal(bd->npackages, 2);
	const struct tv_package *lp = tv_board_data_package(bd, 3);
	assert_non_null(lp);
	assert_string_equal(lp->title, "Kommunikationsplan");
	assert_int_equal(lp->area, TV_AREA_KOM);
	assert_int_equal(lp->status, TV_DOING);
	assert_string_equal(lp->owner, "Mette");
	assert_int_equal(lp->deadline.day, day(2027, 5, 1));
	assert_int_equal(lp->deadline.minute, 14 * 60);
	assert_int_equal(lp->phase_id, ph);
	assert_string_equal(lp->sections[TV_SEC_BACKGROUND], "Linje 1\nLinje 2");
	assert_string_equal(lp->updated_by, "mette");
	assert_int_equal(lp->ntasks, 2);
	assert_int_equal(lp->tasks[0].id, t1);
	assert_int_equal(lp->tasks[1].id, t2);
	assert_int_equal(lp->tasks[1].position, 1);
	assert_int_equal(bd->nphases, 1);
	assert_string_equal(bd->phases[0].name, "Forberedelse");
	assert_int_equal(bd->phases[0].end, day(2027, 4, 30));
	assert_int_equal(bd->nmeetings, 2);
	assert_string_equal(bd->meetings[0].title, "Importeret"); /* by start */
	assert_int_equal(bd->meetings[0].start.minute, TV_NO_TIME);
	assert_int_equal(bd->meetings[1].kind, TV_MEET_WEBINAR);
	assert_string_equal(bd->meetings[1].url, "https://example.org/m");
	assert_int_equal(bd->meetings[1].end.minute, 11 * 60);
	assert_int_equal(bd->npeople, 1);
	assert_int_equal(bd->people[0].role, TV_ROLE_CONTACT);
	assert_int_equal(bd->people[0].area, -1);
	assert_int_equal(bd->ndecisions, 1);
	assert_int_equal(bd->decisions[0].area, TV_AREA_DATA);
	assert_int_equal(bd->decisions[0].due, day(2027, 6, 1));
	assert_int_equal(bd->decisions[0].decided, TV_NO_DAY);
	assert_int_equal(bd->ntombstones, 0);
	tv_board_data_free(bd);

	struct tv_comment *cs;
	size_t nc;
	OK(s, tv_store_comments(s, p.id, &cs, &nc));
	assert_int_equal(nc, 1);
	assert_string_equal(cs[0].text, "Hvem godkender?");
	tv_comment_clear(&cs[0]);
	free(cs);

	/* remove each kind */
	OK(s, tv_store_remove(s, TV_KIND_PERSON, pe.id, 0));
	OK(s, tv_store_remove(s, TV_KIND_DECISION, de.id, 1));
	OK(s, tv_store_remove(s, TV_KIND_COMMENT, c.id, 0));
	OK(s, tv_store_remove(s, TV_KIND_MEETING, m.id, 0));
	OK(s, tv_store_remove(s, TV_KIND_TASK, t1, 0));
	IS(s, TV_NOT_FOUND, tv_store_remove(s, TV_KIND_TASK, t1, 0));
	OK(s, tv_store_load_board(s, f->board, &bd));
	assert_int_equal(bd->npeople, 0);
	assert_int_equal(bd->ndecisions, 0);
	assert_int_equal(bd->nmeetings, 1);
	lp = tv_board_data_package(bd, 3);
	assert_int_equal(lp->ntasks, 1);
	assert_int_equal(lp->tasks[0].position, 0); /* gap closed */
	assert_int_equal(bd->ntombstones, 3);       /* decision (it had a due day), meeting, task */
	tv_board_data_free(bd);

	/* boards: find, default, touch */
	struct tv_board b2 = { .name = tv_xstrdup("Aabenraa"), .start = TV_NO_DAY };
	OK(s, tv_store_board_add(s, &b2));
	struct tv_board b3 = { .name = tv_xstrdup("Aabenraa"), .start = TV_NO_DAY };
	IS(s, TV_INVALID, tv_store_board_add(s, &b3));
	tv_board_clear(&b3);
	OK(s, tv_store_board_find(s, "Aabenraa", &id));
	assert_int_equal(id, b2.id);
	char num[32];
	snprintf(num, sizeof num, "%lld", (long long)f->board);
	OK(s, tv_store_board_find(s, num, &id));
	assert_int_equal(id, f->board);
	IS(s, TV_NOT_FOUND, tv_store_board_find(s, "Nowhere", &id));
	assert_non_null(strstr(tv_store_errmsg(s), "Nowhere"));
	OK(s, tv_store_board_touch(s, b2.id));
	OK(s, tv_store_board_default(s, &id));
	assert_int_equal(id, b2.id);
	OK(s, tv_store_board_touch(s, f->board));
	OK(s, tv_store_board_default(s, &id));
	assert_int_equal(id, f->board);
	struct tv_board *boards;
	size_t n;
	OK(s, tv_store_boards(s, false, &boards, &n));
	assert_int_equal(n, 2);
	assert_string_equal(boards[0].name, "Aabenraa");
	for (size_t i = 0; i < n; i++)
		tv_board_clear(&boards[i]);
	free(boards);
	OK(s, tv_store_set(s, TV_KIND_BOARD, b2.id, "archived", "yes", 0, NULL, NULL));
	OK(s, tv_store_boards(s, false, &boards, &n));
	assert_int_equal(n, 1);
	tv_board_clear(&boards[0]);
	free(boards);
	/* an imported uid is unique per board */
	struct tv_meeting again = { .board_id = f->board, .uid = tv_xstrdup(imp.uid),
		.title = tv_xstrdup("Igen"), .start = { day(2027, 3, 6), TV_NO_TIME },
		.end = { TV_NO_DAY, TV_NO_TIME } };
	IS(s, TV_INVALID, tv_store_meeting_add(s, &again));
	assert_non_null(strstr(tv_store_errmsg(s), "already exists"));
	assert_int_equal(again.id, 0);
	tv_meeting_clear(&again);
	/* removing a board takes everything of it; undo cannot bring that back */
	OK(s, tv_store_remove(s, TV_KIND_BOARD, f->board, 0));
	IS(s, TV_NOT_FOUND, tv_store_load_board(s, f->board, &bd));
	int64_t undo;
	IS(s, TV_UNSUPPORTED, tv_store_revert(s, tv_store_last_change(s), &undo));
	char *report = NULL;
	OK(s, tv_store_check(s, false, &report));
	assert_null(report);

	tv_board_clear(&b2);
	tv_package_clear(&p);
	tv_meeting_clear(&m);
	tv_meeting_clear(&imp);
	tv_person_clear(&pe);
	tv_comment_clear(&c);
	tv_decision_clear(&de);
}

struct set_case {
	enum tv_kind kind;
	const char *field, *input, *canon;
};

static void
test_set_every_field(void **state)
{
	struct fx *f = *state;
	struct tv_store *s = f->s;
	int64_t ph = add_phase(f, "Opstart", day(2027, 3, 1), day(2027, 3, 31));
	int64_t pkg = add_package(f, "P", TV_AREA_ORG);
	int64_t task = add_task(f, pkg, "T");
	struct tv_meeting m = { .board_id = f->board, .title = tv_xstrdup("M"),
		.start = { day(2027, 3, 2), TV_NO_TIME }, .end = { TV_NO_DAY, TV_NO_TIME } };
	OK(s, tv_store_meeting_add(s, &m));
	struct tv_person pe = { .board_id = f->board, .name = tv_xstrdup("N"), .area = -1 };
	OK(s, tv_store_person_add(s, &pe));
	struct tv_comment c = { .package_id = pkg, .text = tv_xstrdup("C") };
	OK(s, tv_store_comment_add(s, &c));
	struct tv_decision de = { .board_id = f->board, .title = tv_xstrdup("D"), .area = -1,
		.due = TV_NO_DAY, .decided = TV_NO_DAY };
	OK(s, tv_store_decision_add(s, &de));
	char phs[32];
	snprintf(phs, sizeof phs, "%lld", (long long)ph);
	/* A second package for the first one's "after" list (its number, twice: kept once). */
	int64_t pkg2 = add_package(f, "Q", TV_AREA_ORG);
	char *n2 = get(f, TV_KIND_PACKAGE, pkg2, "number");
	char after_in[40];
	snprintf(after_in, sizeof after_in, "%s, %s", n2, n2);

	const struct set_case cases[] = {
		{ TV_KIND_BOARD, "name", "Ærø", "Ærø" },
		{ TV_KIND_BOARD, "authority", "Ærø Kommune", "Ærø Kommune" },
		{ TV_KIND_BOARD, "sector", "region", "region" },
		{ TV_KIND_BOARD, "start", "01-04-2027", "2027-04-01" },
		{ TV_KIND_BOARD, "archived", "TRUE", "yes" },
		{ TV_KIND_BOARD, "archived", "0", "no" },
		{ TV_KIND_BOARD, "contact", "Mette Holm", "Mette Holm" },
		{ TV_KIND_BOARD, "cvr", "DK 29 18 00 16", "29180016" },
		{ TV_KIND_BOARD, "cvr", "", "" },
		{ TV_KIND_BOARD, "cvr", "29180008", "29180008" },
		{ TV_KIND_PACKAGE, "title", "Ny titel", "Ny titel" },
		{ TV_KIND_PACKAGE, "status", "blocked", "blocked" },
		{ TV_KIND_PACKAGE, "owner", "Jens", "Jens" },
		{ TV_KIND_PACKAGE, "owner", "", "" },
		{ TV_KIND_PACKAGE, "deadline", "2027-05-01 09:30", "2027-05-01 09:30" },
		{ TV_KIND_PACKAGE, "deadline", "+3d", "2027-03-04" },
		{ TV_KIND_PACKAGE, "deadline", "", "" },
		{ TV_KIND_PACKAGE, "phase", "Opstart", phs },
		{ TV_KIND_PACKAGE, "phase", "", "" },
		{ TV_KIND_PACKAGE, "phase", phs, phs },
		{ TV_KIND_PACKAGE, "area", "udd", "udd" },
		{ TV_KIND_PACKAGE, "number", "42", "42" },
		{ TV_KIND_PACKAGE, "background", "a\nb", "a\nb" },
		{ TV_KIND_PACKAGE, "requirements", "r", "r" },
		{ TV_KIND_PACKAGE, "process", "p", "p" },
		{ TV_KIND_PACKAGE, "involvement", "i", "i" },
		{ TV_KIND_PACKAGE, "output", "o", "o" },
		{ TV_KIND_PACKAGE, "materials", "m", "m" },
		{ TV_KIND_PACKAGE, "blocked_reason", "Venter", "Venter" },
		{ TV_KIND_PACKAGE, "after", after_in, n2 },
		{ TV_KIND_PACKAGE, "after", "", "" },
		{ TV_KIND_TASK, "title", "Ny", "Ny" },
		{ TV_KIND_TASK, "deadline", "2027-04-01", "2027-04-01" },
		{ TV_KIND_TASK, "done", "yes", "yes" },
		{ TV_KIND_TASK, "responsible", "agency", "agency" },
		{ TV_KIND_TASK, "minimum", "true", "yes" },
		{ TV_KIND_TASK, "owner", "Jens", "Jens" },
		{ TV_KIND_TASK, "owner", "", "" },
		{ TV_KIND_TASK, "owner", "Mette Holm", "Mette Holm" },
		{ TV_KIND_PHASE, "name", "Opstart 2", "Opstart 2" },
		{ TV_KIND_PHASE, "start", "2027-02-01", "2027-02-01" },
		{ TV_KIND_PHASE, "end", "2027-05-01", "2027-05-01" },
		{ TV_KIND_PHASE, "not_before", "2027-02-15", "2027-02-15" },
		{ TV_KIND_PHASE, "reason", "Portalen åbner", "Portalen åbner" },
		{ TV_KIND_MEETING, "kind", "supplier", "supplier" },
		{ TV_KIND_MEETING, "title", "Møde", "Møde" },
		{ TV_KIND_MEETING, "start", "2027-03-10 13:00", "2027-03-10 13:00" },
		{ TV_KIND_MEETING, "end", "2027-03-10 14:00", "2027-03-10 14:00" },
		{ TV_KIND_MEETING, "place", "Rådhuset", "Rådhuset" },
		{ TV_KIND_MEETING, "region", "Syddanmark", "Syddanmark" },
		{ TV_KIND_MEETING, "url", "https://x.dk", "https://x.dk" },
		{ TV_KIND_MEETING, "participants", "A\nB", "A\nB" },
		{ TV_KIND_MEETING, "notes", "n", "n" },
		{ TV_KIND_MEETING, "packages", "42, 42", "42, 42" }, /* the number set above */
		{ TV_KIND_PERSON, "name", "Hans Hansen", "Hans Hansen" },
		{ TV_KIND_PERSON, "email", "h@x.dk", "h@x.dk" },
		{ TV_KIND_PERSON, "role", "area", "area" },
		{ TV_KIND_PERSON, "area", "data", "data" },
		{ TV_KIND_PERSON, "area", "", "" },
		{ TV_KIND_COMMENT, "text", "Svar\nher", "Svar\nher" },
		{ TV_KIND_DECISION, "title", "T", "T" },
		{ TV_KIND_DECISION, "area", "kom", "kom" },
		{ TV_KIND_DECISION, "owner", "Direktionen", "Direktionen" },
		{ TV_KIND_DECISION, "due", "2027-06-01", "2027-06-01" },
		{ TV_KIND_DECISION, "status", "decided", "decided" },
		{ TV_KIND_DECISION, "text", "x", "x" },
		{ TV_KIND_DECISION, "decided", "today", "2027-03-01" },
	};
	int64_t ids[TV_KIND_COUNT] = {
		[TV_KIND_BOARD] = f->board, [TV_KIND_PACKAGE] = pkg, [TV_KIND_TASK] = task,
		[TV_KIND_PHASE] = ph, [TV_KIND_MEETING] = m.id, [TV_KIND_PERSON] = pe.id,
		[TV_KIND_COMMENT] = c.id, [TV_KIND_DECISION] = de.id,
	};
	bool covered[TV_KIND_COUNT][16] = { { false } };
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct set_case *k = &cases[i];
		int64_t before = version_of(f, k->kind, ids[k->kind]);
		char *old = get(f, k->kind, ids[k->kind], k->field);
		int64_t v = 0;
		OK(s, tv_store_set(s, k->kind, ids[k->kind], k->field, k->input, before, NULL, &v));
		assert_int_equal(v, strcmp(old, k->canon) == 0 ? before : before + 1);
		free(old);
		assert_field(f, k->kind, ids[k->kind], k->field, k->canon);
		const char *const *names = tv_store_fields(k->kind);
		for (int j = 0; names[j]; j++)
			if (strcmp(names[j], k->field) == 0)
				covered[k->kind][j] = true;
	}
	/* every field of every kind was exercised */
	for (int kind = 0; kind < TV_KIND_COUNT; kind++) {
		const char *const *names = tv_store_fields((enum tv_kind)kind);
		for (int j = 0; names[j]; j++)
			if (!covered[kind][j])
				fail_msg("field %s.%s not tested", tv_kind_key((enum tv_kind)kind),
					names[j]);
	}
	/* read back through load_board */
	struct tv_board_data *bd;
	OK(s, tv_store_load_board(s, f->board, &bd));
	assert_int_equal(bd->board.sector, TV_SECTOR_REGION);
	assert_int_equal(bd->board.start, day(2027, 4, 1));
	assert_int_equal(bd->npackages, 2);
	const struct tv_package *p42 = tv_board_data_package(bd, 42);
	assert_non_null(p42);
	assert_string_equal(p42->blocked_reason, "Venter");
	assert_null(p42->after);
	assert_string_equal(bd->board.contact, "Mette Holm");
	assert_string_equal(bd->board.cvr, "29180008");
	assert_int_equal(p42->area, TV_AREA_UDD);
	assert_int_equal(p42->status, TV_BLOCKED);
	assert_int_equal(p42->phase_id, ph);
	assert_null(p42->owner);
	assert_string_equal(p42->sections[TV_SEC_MATERIALS], "m");
	assert_true(p42->tasks[0].done);
	assert_true(p42->tasks[0].minimum);
	assert_int_equal(p42->tasks[0].responsible, TV_RESP_AGENCY);
	assert_string_equal(p42->tasks[0].owner, "Mette Holm");
	assert_int_equal(bd->phases[0].not_before, day(2027, 2, 15));
	assert_int_equal(bd->meetings[0].kind, TV_MEET_SUPPLIER);
	assert_int_equal(bd->meetings[0].start.minute, 13 * 60);
	assert_int_equal(bd->people[0].role, TV_ROLE_AREA);
	assert_int_equal(bd->people[0].area, -1);
	assert_int_equal(bd->decisions[0].status, TV_DEC_DECIDED);
	assert_int_equal(bd->decisions[0].decided, day(2027, 3, 1));
	tv_board_data_free(bd);

	/* every key of the model's tables is accepted by the schema */
	for (int i = 0; i < TV_PSTATUS_COUNT; i++)
		OK(s, tv_store_set(s, TV_KIND_PACKAGE, pkg, "status",
			tv_pstatus_key((enum tv_pstatus)i), 0, NULL, NULL));
	for (int i = 0; i < TV_AREA_COUNT; i++) {
		OK(s, tv_store_set(s, TV_KIND_PACKAGE, pkg, "area", tv_area_key((enum tv_area)i),
			0, NULL, NULL));
		OK(s, tv_store_set(s, TV_KIND_DECISION, de.id, "area",
			tv_area_key((enum tv_area)i), 0, NULL, NULL));
	}
	for (int i = 0; i < TV_RESPONSIBLE_COUNT; i++)
		OK(s, tv_store_set(s, TV_KIND_TASK, task, "responsible",
			tv_responsible_key((enum tv_responsible)i), 0, NULL, NULL));
	for (int i = 0; i < TV_MEETING_KIND_COUNT; i++)
		OK(s, tv_store_set(s, TV_KIND_MEETING, m.id, "kind",
			tv_meeting_kind_key((enum tv_meeting_kind)i), 0, NULL, NULL));
	for (int i = 0; i < TV_DECISION_STATUS_COUNT; i++)
		OK(s, tv_store_set(s, TV_KIND_DECISION, de.id, "status",
			tv_decision_status_key((enum tv_decision_status)i), 0, NULL, NULL));
	for (int i = 0; i < TV_ROLE_COUNT; i++)
		OK(s, tv_store_set(s, TV_KIND_PERSON, pe.id, "role",
			tv_role_key((enum tv_role)i), 0, NULL, NULL));
	for (int i = 0; i < TV_SECTOR_COUNT; i++)
		OK(s, tv_store_set(s, TV_KIND_BOARD, f->board, "sector",
			tv_sector_key((enum tv_sector)i), 0, NULL, NULL));

	tv_meeting_clear(&m);
	tv_person_clear(&pe);
	tv_comment_clear(&c);
	tv_decision_clear(&de);
	free(n2);
}

static void
test_invalid_values(void **state)
{
	struct fx *f = *state;
	struct tv_store *s = f->s;
	int64_t pkg = add_package(f, "Titel", TV_AREA_ORG);
	int64_t v;
	IS(s, TV_INVALID, tv_store_set(s, TV_KIND_PACKAGE, pkg, "deadline", "2027-02-30", 0,
		NULL, &v));
	assert_non_null(strstr(tv_store_errmsg(s), "deadline: "));
	assert_non_null(strstr(tv_store_errmsg(s), "2027-02-30"));
	IS(s, TV_INVALID, tv_store_set(s, TV_KIND_PACKAGE, pkg, "status", "finished", 0, NULL,
		&v));
	assert_string_equal(tv_store_errmsg(s),
		"status: 'finished' is not a status (todo, doing, blocked, done)");
	IS(s, TV_INVALID, tv_store_set(s, TV_KIND_PACKAGE, pkg, "colour", "red", 0, NULL, &v));
	assert_non_null(strstr(tv_store_errmsg(s), "colour"));
	assert_non_null(strstr(tv_store_errmsg(s), "title, status"));
	char *longt = malloc(TV_MAX_TITLE + 2);
	memset(longt, 'a', TV_MAX_TITLE + 1);
	longt[TV_MAX_TITLE + 1] = '\0';
	IS(s, TV_INVALID, tv_store_set(s, TV_KIND_PACKAGE, pkg, "title", longt, 0, NULL, &v));
	free(longt);
	IS(s, TV_INVALID, tv_store_set(s, TV_KIND_PACKAGE, pkg, "title", "  ", 0, NULL, &v));
	IS(s, TV_INVALID, tv_store_set(s, TV_KIND_PACKAGE, pkg, "title", "a\nb", 0, NULL, &v));
	IS(s, TV_INVALID, tv_store_set(s, TV_KIND_PACKAGE, pkg, "area", "", 0, NULL, &v));
	IS(s, TV_INVALID, tv_store_set(s, TV_KIND_PACKAGE, pkg, "number", "x", 0, NULL, &v));
	IS(s, TV_INVALID, tv_store_set(s, TV_KIND_PACKAGE, pkg, "phase", "Nope", 0, NULL, &v));
	int64_t task = add_task(f, pkg, "Opgave");
	IS(s, TV_INVALID, tv_store_set(s, TV_KIND_TASK, task, "done", "maybe", 0, NULL, &v));
	assert_string_equal(tv_store_errmsg(s), "done: 'maybe' is not yes or no");
	IS(s, TV_NOT_FOUND, tv_store_set(s, TV_KIND_PACKAGE, 9999, "title", "x", 0, NULL, &v));
	int64_t ph = add_phase(f, "Fase", day(2027, 3, 1), day(2027, 3, 31));
	IS(s, TV_INVALID, tv_store_set(s, TV_KIND_PHASE, ph, "end", "2027-02-01", 0, NULL, &v));
	assert_non_null(strstr(tv_store_errmsg(s), "end before it starts"));
	IS(s, TV_INVALID, tv_store_set(s, TV_KIND_PHASE, ph, "start", "2027-04-01", 0, NULL, &v));
	assert_field(f, TV_KIND_PHASE, ph, "end", "2027-03-31");
	struct tv_board b2 = { .name = tv_xstrdup("Anden kommune"), .start = TV_NO_DAY };
	OK(s, tv_store_board_add(s, &b2));
	IS(s, TV_INVALID, tv_store_set(s, TV_KIND_BOARD, b2.id, "name", "Ærø Kommune", 0, NULL,
		&v));
	assert_string_equal(tv_store_errmsg(s), "a board named 'Ærø Kommune' already exists");
	/* a CVR number failing the modulus-11 check, or not 8 digits, is refused */
	IS(s, TV_INVALID, tv_store_set(s, TV_KIND_BOARD, b2.id, "cvr", "29180009", 0, NULL, &v));
	assert_string_equal(tv_store_errmsg(s), "cvr: '29180009' is not a CVR number: it fails "
		"the modulus-11 check (a digit is wrong)");
	IS(s, TV_INVALID, tv_store_set(s, TV_KIND_BOARD, b2.id, "cvr", "2918", 0, NULL, &v));
	assert_non_null(strstr(tv_store_errmsg(s), "does not have 8 digits"));
	assert_field(f, TV_KIND_BOARD, b2.id, "cvr", "");
	tv_board_clear(&b2);
	int64_t other = add_package(f, "Anden", TV_AREA_ORG);
	IS(s, TV_INVALID, tv_store_set(s, TV_KIND_PACKAGE, other, "number", "0", 0, NULL, &v));
	assert_string_equal(tv_store_errmsg(s), "package 0 already exists");
	/* nothing changed */
	assert_field(f, TV_KIND_PACKAGE, pkg, "title", "Titel");
	assert_field(f, TV_KIND_PACKAGE, pkg, "status", "todo");
	assert_field(f, TV_KIND_PACKAGE, pkg, "deadline", "");
	assert_field(f, TV_KIND_PACKAGE, other, "number", "1");
	assert_int_equal(version_of(f, TV_KIND_PACKAGE, pkg), 1);
	struct tv_history *h;
	size_t n;
	OK(s, tv_store_history(s, f->board, pkg, TV_NO_DAY, 0, &h, &n));
	assert_int_equal(n, 2); /* only the adds of the package and its task */
	assert_string_equal(h[0].op, "add");
	assert_string_equal(h[1].op, "add");
	tv_history_clear(&h[0]);
	tv_history_clear(&h[1]);
	free(h);
	/* setting the same value writes nothing */
	OK(s, tv_store_set(s, TV_KIND_PACKAGE, pkg, "title", "Titel", 1, NULL, &v));
	assert_int_equal(v, 1);
	/* adds are validated too */
	struct tv_package bad = { .board_id = f->board, .number = -1, .title = "",
		.deadline = { TV_NO_DAY, TV_NO_TIME } };
	IS(s, TV_INVALID, tv_store_package_add(s, &bad));
	assert_int_equal(bad.id, 0);
	struct tv_task bt = { .package_id = 12345, .title = "x",
		.deadline = { TV_NO_DAY, TV_NO_TIME } };
	IS(s, TV_NOT_FOUND, tv_store_task_add(s, &bt));
}

static void
test_conflict(void **state)
{
	struct fx *f = *state;
	struct tv_store *s = f->s;
	int64_t pkg = add_package(f, "Titel", TV_AREA_ORG);
	int64_t v;
	tv_store_set_user(s, "hans");
	OK(s, tv_store_set(s, TV_KIND_PACKAGE, pkg, "title", "Hans' titel", 1, NULL, &v));
	assert_int_equal(v, 2);
	tv_store_set_user(s, "mette");
	struct tv_conflict c = { 0 };
	IS(s, TV_CONFLICT, tv_store_set(s, TV_KIND_PACKAGE, pkg, "title", "Mettes titel", 1,
		&c, &v));
	assert_int_equal(c.version, 2);
	assert_string_equal(c.value, "Hans' titel");
	assert_string_equal(c.changed_by, "hans");
	assert_non_null(c.changed_at);
	assert_non_null(strstr(tv_store_errmsg(s), "hans"));
	tv_conflict_clear(&c);
	assert_field(f, TV_KIND_PACKAGE, pkg, "title", "Hans' titel");
	assert_int_equal(version_of(f, TV_KIND_PACKAGE, pkg), 2);
	IS(s, TV_CONFLICT, tv_store_remove(s, TV_KIND_PACKAGE, pkg, 1));
	/* force (0) wins */
	OK(s, tv_store_set(s, TV_KIND_PACKAGE, pkg, "title", "Mettes titel", 0, NULL, &v));
	assert_int_equal(v, 3);
	OK(s, tv_store_remove(s, TV_KIND_PACKAGE, pkg, 3));
}

static void
test_transaction_rollback(void **state)
{
	struct fx *f = *state;
	struct tv_store *s = f->s;
	int64_t keep = add_package(f, "Før", TV_AREA_ORG);
	OK(s, tv_store_begin(s));
	int64_t pkg = add_package(f, "Ny", TV_AREA_ORG);
	OK(s, tv_store_set(s, TV_KIND_PACKAGE, keep, "title", "Ændret", 0, NULL, NULL));
	/* a failing call inside changes nothing itself... */
	IS(s, TV_INVALID, tv_store_set(s, TV_KIND_PACKAGE, keep, "status", "nope", 0, NULL,
		NULL));
	assert_field(f, TV_KIND_PACKAGE, keep, "title", "Ændret");
	/* ...and the caller rolls the whole group back */
	tv_store_rollback(s);
	assert_true(tv_store_idle(s));
	char *v = NULL;
	IS(s, TV_NOT_FOUND, tv_store_get(s, TV_KIND_PACKAGE, pkg, "title", &v, NULL));
	assert_field(f, TV_KIND_PACKAGE, keep, "title", "Før");
	/* a committed group is one change */
	OK(s, tv_store_begin(s));
	OK(s, tv_store_begin(s)); /* nested */
	OK(s, tv_store_set(s, TV_KIND_PACKAGE, keep, "title", "A", 0, NULL, NULL));
	OK(s, tv_store_commit(s));
	OK(s, tv_store_set(s, TV_KIND_PACKAGE, keep, "owner", "B", 0, NULL, NULL));
	OK(s, tv_store_commit(s));
	int64_t change = tv_store_last_change(s);
	struct tv_history *h;
	size_t n;
	OK(s, tv_store_history(s, f->board, keep, TV_NO_DAY, 0, &h, &n));
	assert_true(n >= 3);
	assert_int_equal(h[n - 1].change_id, change);
	assert_int_equal(h[n - 2].change_id, change);
	for (size_t i = 0; i < n; i++)
		tv_history_clear(&h[i]);
	free(h);
	int64_t redo;
	OK(s, tv_store_revert(s, change, &redo));
	assert_field(f, TV_KIND_PACKAGE, keep, "title", "Før");
	assert_field(f, TV_KIND_PACKAGE, keep, "owner", "");
	/* a revert inside a caller's transaction joins its change */
	OK(s, tv_store_begin(s));
	OK(s, tv_store_set(s, TV_KIND_PACKAGE, keep, "status", "done", 0, NULL, NULL));
	int64_t inner;
	OK(s, tv_store_revert(s, redo, &inner)); /* redo: title A, owner B */
	OK(s, tv_store_commit(s));
	assert_int_equal(tv_store_last_change(s), inner);
	assert_field(f, TV_KIND_PACKAGE, keep, "title", "A");
	OK(s, tv_store_revert(s, inner, &inner)); /* undoes both parts at once */
	assert_field(f, TV_KIND_PACKAGE, keep, "title", "Før");
	assert_field(f, TV_KIND_PACKAGE, keep, "owner", "");
	assert_field(f, TV_KIND_PACKAGE, keep, "status", "todo");
}

static void
test_history_rows(void **state)
{
	struct fx *f = *state;
	struct tv_store *s = f->s;
	int64_t pkg = add_package(f, "Titel", TV_AREA_ORG);
	int64_t task = add_task(f, pkg, "Opgave");
	int64_t head0;
	OK(s, tv_store_history_head(s, &head0));
	tv_store_set_user(s, "hans");
	OK(s, tv_store_set(s, TV_KIND_PACKAGE, pkg, "status", "doing", 0, NULL, NULL));
	OK(s, tv_store_set(s, TV_KIND_TASK, task, "done", "yes", 0, NULL, NULL));
	int64_t other = add_package(f, "Anden", TV_AREA_KOM);
	struct tv_history *h;
	size_t n;
	OK(s, tv_store_history(s, f->board, pkg, TV_NO_DAY, head0, &h, &n));
	assert_int_equal(n, 2);
	assert_string_equal(h[0].user, "hans");
	assert_string_equal(h[0].op, "set");
	assert_string_equal(h[0].field, "status");
	assert_string_equal(h[0].old_value, "todo");
	assert_string_equal(h[0].new_value, "doing");
	assert_int_equal(h[0].kind, TV_KIND_PACKAGE);
	assert_string_equal(h[0].at, "2027-03-01T12:00:00Z");
	assert_int_equal(h[1].kind, TV_KIND_TASK);
	assert_int_equal(h[1].item_id, task);
	assert_int_equal(h[1].package_id, pkg);
	assert_string_equal(h[1].old_value, "no");
	assert_string_equal(h[1].new_value, "yes");
	assert_true(h[1].change_id > h[0].change_id);
	for (size_t i = 0; i < n; i++)
		tv_history_clear(&h[i]);
	free(h);
	OK(s, tv_store_history(s, f->board, 0, TV_NO_DAY, head0, &h, &n));
	assert_int_equal(n, 3);
	assert_int_equal(h[2].item_id, other);
	assert_string_equal(h[2].op, "add");
	for (size_t i = 0; i < n; i++)
		tv_history_clear(&h[i]);
	free(h);
	/* since_day filters by time */
	OK(s, tv_store_history(s, f->board, 0, day(2027, 3, 2), 0, &h, &n));
	assert_int_equal(n, 0);
	free(h);
	OK(s, tv_store_history(s, f->board, 0, day(2027, 3, 1), 0, &h, &n));
	assert_true(n >= 5);
	for (size_t i = 0; i < n; i++)
		tv_history_clear(&h[i]);
	free(h);
	int64_t head;
	OK(s, tv_store_history_head(s, &head));
	assert_int_equal(head, head0 + 3);
}

static void
test_revert_set_add_remove(void **state)
{
	struct fx *f = *state;
	struct tv_store *s = f->s;
	int64_t pkg = add_package(f, "Titel", TV_AREA_ORG);
	int64_t before = add_package(f, "Før", TV_AREA_ORG);
	OK(s, tv_store_move(s, TV_KIND_PACKAGE, pkg, 1)); /* pkg after "Før" */
	/* set, undo, redo */
	OK(s, tv_store_set(s, TV_KIND_PACKAGE, pkg, "title", "Ny", 0, NULL, NULL));
	int64_t change = tv_store_last_change(s), undo, redo;
	OK(s, tv_store_revert(s, change, &undo));
	assert_field(f, TV_KIND_PACKAGE, pkg, "title", "Titel");
	OK(s, tv_store_revert(s, undo, &redo));
	assert_field(f, TV_KIND_PACKAGE, pkg, "title", "Ny");
	/* undo refuses when the field moved on */
	OK(s, tv_store_set(s, TV_KIND_PACKAGE, pkg, "title", "Senere", 0, NULL, NULL));
	IS(s, TV_CONFLICT, tv_store_revert(s, redo, &undo));
	assert_field(f, TV_KIND_PACKAGE, pkg, "title", "Senere");
	IS(s, TV_NOT_FOUND, tv_store_revert(s, 99999, &undo));

	/* remove a package with tasks and comments, then undo */
	int64_t t1 = add_task(f, pkg, "Et");
	int64_t t2 = add_task(f, pkg, "To");
	OK(s, tv_store_set(s, TV_KIND_TASK, t2, "owner", "Kim Olsen", 0, NULL, NULL));
	struct tv_comment c = { .package_id = pkg, .text = tv_xstrdup("Spørgsmål") };
	OK(s, tv_store_comment_add(s, &c));
	char *uid = get(f, TV_KIND_PACKAGE, pkg, "title");
	free(uid);
	struct tv_board_data *bd;
	OK(s, tv_store_load_board(s, f->board, &bd));
	char *pkg_uid = tv_xstrdup(tv_board_data_package(bd, 0)->uid);
	char *t2_uid = tv_xstrdup(tv_board_data_package(bd, 0)->tasks[1].uid);
	tv_board_data_free(bd);
	OK(s, tv_store_remove(s, TV_KIND_PACKAGE, pkg, 0));
	int64_t removal = tv_store_last_change(s);
	OK(s, tv_store_load_board(s, f->board, &bd));
	assert_int_equal(bd->npackages, 1);
	assert_int_equal(bd->packages[0].position, 0);
	assert_int_equal(bd->ntombstones, 3);
	tv_board_data_free(bd);
	struct tv_comment *cs;
	size_t nc;
	OK(s, tv_store_comments(s, pkg, &cs, &nc));
	assert_int_equal(nc, 0);
	free(cs);

	OK(s, tv_store_revert(s, removal, &undo));
	struct tv_history *h;
	size_t nh;
	OK(s, tv_store_history(s, f->board, pkg, TV_NO_DAY, 0, &h, &nh));
	bool seen = false;
	for (size_t i = 0; i < nh; i++) {
		if (h[i].change_id == removal) {
			assert_string_equal(h[i].op, "remove");
			assert_non_null(h[i].old_value); /* the snapshot */
		}
		if (h[i].change_id == undo && h[i].kind == TV_KIND_PACKAGE) {
			assert_string_equal(h[i].op, "add");
			assert_string_equal(h[i].new_value, "Senere");
			seen = true;
		}
		tv_history_clear(&h[i]);
	}
	free(h);
	assert_true(seen);
	OK(s, tv_store_load_board(s, f->board, &bd));
	assert_int_equal(bd->npackages, 2);
	const struct tv_package *p = tv_board_data_package(bd, 0);
	assert_non_null(p);
	assert_int_equal(p->id, pkg);
	assert_string_equal(p->uid, pkg_uid);
	assert_string_equal(p->title, "Senere");
	assert_int_equal(p->position, 1);
	assert_int_equal(tv_board_data_package(bd, 1)->id, before);
	assert_int_equal(p->ntasks, 2);
	assert_int_equal(p->tasks[0].id, t1);
	assert_int_equal(p->tasks[1].id, t2);
	assert_string_equal(p->tasks[1].uid, t2_uid);
	assert_string_equal(p->tasks[1].owner, "Kim Olsen"); /* the snapshot keeps it */
	assert_null(p->tasks[0].owner);
	assert_int_equal(bd->ntombstones, 0);
	tv_board_data_free(bd);
	OK(s, tv_store_comments(s, pkg, &cs, &nc));
	assert_int_equal(nc, 1);
	assert_int_equal(cs[0].id, c.id);
	assert_string_equal(cs[0].text, "Spørgsmål");
	tv_comment_clear(&cs[0]);
	free(cs);
	/* redo the removal, and undo again */
	OK(s, tv_store_revert(s, undo, &redo));
	OK(s, tv_store_load_board(s, f->board, &bd));
	assert_int_equal(bd->npackages, 1);
	assert_int_equal(bd->ntombstones, 3);
	tv_board_data_free(bd);
	OK(s, tv_store_revert(s, redo, &undo));
	OK(s, tv_store_load_board(s, f->board, &bd));
	assert_int_equal(bd->npackages, 2);
	assert_int_equal(tv_board_data_package(bd, 0)->ntasks, 2);
	tv_board_data_free(bd);

	/* undo an add */
	int64_t added = add_package(f, "Tilføjet", TV_AREA_DATA);
	OK(s, tv_store_revert(s, tv_store_last_change(s), &undo));
	char *v;
	IS(s, TV_NOT_FOUND, tv_store_get(s, TV_KIND_PACKAGE, added, "title", &v, NULL));
	OK(s, tv_store_revert(s, undo, &redo));
	assert_field(f, TV_KIND_PACKAGE, added, "title", "Tilføjet");

	/* removing a phase unlinks its packages; undo links them again */
	int64_t ph = add_phase(f, "Fase", day(2027, 3, 1), day(2027, 3, 31));
	char phs[32];
	snprintf(phs, sizeof phs, "%lld", (long long)ph);
	OK(s, tv_store_set(s, TV_KIND_PACKAGE, pkg, "phase", "Fase", 0, NULL, NULL));
	OK(s, tv_store_remove(s, TV_KIND_PHASE, ph, 0));
	assert_field(f, TV_KIND_PACKAGE, pkg, "phase", "");
	OK(s, tv_store_revert(s, tv_store_last_change(s), &undo));
	assert_field(f, TV_KIND_PACKAGE, pkg, "phase", phs);
	assert_field(f, TV_KIND_PHASE, ph, "name", "Fase");

	char *report = NULL;
	OK(s, tv_store_check(s, true, &report));
	if (report)
		fail_msg("check: %s", report);
	free(pkg_uid);
	free(t2_uid);
	tv_comment_clear(&c);
}

static void
test_tombstones(void **state)
{
	struct fx *f = *state;
	struct tv_store *s = f->s;
	int64_t pkg = add_package(f, "Plan", TV_AREA_KOM);
	OK(s, tv_store_set(s, TV_KIND_PACKAGE, pkg, "deadline", "2027-04-01", 0, NULL, NULL));
	struct tv_meeting m = { .board_id = f->board, .title = tv_xstrdup("Webinar"),
		.start = { day(2027, 3, 10), 600 }, .end = { day(2027, 3, 10), 660 } };
	OK(s, tv_store_meeting_add(s, &m));
	OK(s, tv_store_remove(s, TV_KIND_PACKAGE, pkg, 0));
	OK(s, tv_store_remove(s, TV_KIND_MEETING, m.id, 0));
	struct tv_board_data *bd;
	OK(s, tv_store_load_board(s, f->board, &bd));
	assert_int_equal(bd->ntombstones, 2);
	const struct tv_tombstone *t = &bd->tombstones[0];
	assert_int_equal(t->kind, TV_KIND_PACKAGE);
	assert_string_equal(t->summary, "0 Plan");
	assert_int_equal(t->start.day, day(2027, 4, 1));
	assert_int_equal(t->sequence, 2);
	assert_int_equal(t->area, TV_AREA_KOM);
	assert_string_equal(t->deleted_at, "2027-03-01T12:00:00Z");
	assert_string_equal(bd->tombstones[1].uid, m.uid);
	assert_int_equal(bd->tombstones[1].start.minute, 600);
	assert_int_equal(bd->tombstones[1].area, -1);
	tv_board_data_free(bd);
	/* 29 days later still listed; 31 days later not */
	tv_store_set_now(s, NOW + 29 * 86400);
	OK(s, tv_store_load_board(s, f->board, &bd));
	assert_int_equal(bd->ntombstones, 2);
	tv_board_data_free(bd);
	tv_store_set_now(s, NOW + 31 * 86400);
	OK(s, tv_store_load_board(s, f->board, &bd));
	assert_int_equal(bd->ntombstones, 0);
	tv_board_data_free(bd);
	OK(s, tv_store_purge_tombstones(s, 30));
	tv_store_set_now(s, NOW);
	OK(s, tv_store_load_board(s, f->board, &bd));
	assert_int_equal(bd->ntombstones, 0); /* purged, not only hidden */
	tv_board_data_free(bd);
	tv_meeting_clear(&m);

	/* A decision with a due day is exported, so its removal leaves a tombstone under
	 * the UID the export gave it; undo takes the tombstone back. One without a due
	 * day was never exported and leaves none. */
	struct tv_decision x = { .board_id = f->board, .title = tv_xstrdup("Vælg model"),
		.area = TV_AREA_UDD, .due = day(2027, 2, 1) };
	OK(s, tv_store_decision_add(s, &x));
	struct tv_decision y = { .board_id = f->board, .title = tv_xstrdup("Uden frist"),
		.area = -1, .due = TV_NO_DAY };
	OK(s, tv_store_decision_add(s, &y));
	OK(s, tv_store_remove(s, TV_KIND_DECISION, y.id, 0));
	OK(s, tv_store_remove(s, TV_KIND_DECISION, x.id, 0));
	OK(s, tv_store_load_board(s, f->board, &bd));
	assert_int_equal(bd->ntombstones, 1);
	char uid[64];
	tv_decision_uid(&x, uid, sizeof uid);
	assert_string_equal(bd->tombstones[0].uid, uid);
	assert_int_equal(bd->tombstones[0].kind, TV_KIND_DECISION);
	assert_string_equal(bd->tombstones[0].summary, "Vælg model");
	assert_int_equal(bd->tombstones[0].start.day, day(2027, 2, 1));
	assert_int_equal(bd->tombstones[0].area, TV_AREA_UDD);
	tv_board_data_free(bd);
	int64_t undo;
	OK(s, tv_store_revert(s, tv_store_last_change(s), &undo));
	OK(s, tv_store_load_board(s, f->board, &bd));
	assert_int_equal(bd->ntombstones, 0);
	assert_int_equal(bd->ndecisions, 1);
	tv_board_data_free(bd);
	tv_decision_clear(&x);
	tv_decision_clear(&y);
}

static void
assert_positions(struct fx *f)
{
	struct tv_board_data *bd;
	OK(f->s, tv_store_load_board(f->s, f->board, &bd));
	int expect[TV_AREA_COUNT] = { 0 };
	for (size_t i = 0; i < bd->npackages; i++) {
		const struct tv_package *p = &bd->packages[i];
		assert_int_equal(p->position, expect[p->area]++);
		for (size_t j = 0; j < p->ntasks; j++)
			assert_int_equal(p->tasks[j].position, (int)j);
	}
	for (size_t i = 0; i < bd->nphases; i++)
		assert_int_equal(bd->phases[i].position, (int)i);
	tv_board_data_free(bd);
}

/* tv_store_load_board_parts reads the named parts and leaves the others empty. */
static void
test_load_parts(void **state)
{
	struct fx *f = *state;
	struct tv_store *s = f->s;
	int64_t pkg = add_package(f, "Plan", TV_AREA_KOM);
	add_task(f, pkg, "Skriv");
	add_task(f, pkg, "Send");
	add_phase(f, "Opstart", day(2027, 1, 1), day(2027, 2, 1));
	struct tv_meeting m = { .board_id = f->board, .title = tv_xstrdup("Webinar"),
		.start = { day(2027, 3, 10), 600 }, .end = { day(2027, 3, 10), 660 } };
	OK(s, tv_store_meeting_add(s, &m));
	struct tv_person pe = { .board_id = f->board, .name = tv_xstrdup("Hans"),
		.email = tv_xstrdup("h@x.dk"), .role = TV_ROLE_CONTACT, .area = -1 };
	OK(s, tv_store_person_add(s, &pe));
	struct tv_decision de = { .board_id = f->board, .title = tv_xstrdup("Go-live dato"),
		.area = TV_AREA_DATA, .due = day(2027, 6, 1), .decided = TV_NO_DAY,
		.status = TV_DEC_OPEN };
	OK(s, tv_store_decision_add(s, &de));
	int64_t gone = add_package(f, "Væk", TV_AREA_ORG);
	OK(s, tv_store_remove(s, TV_KIND_PACKAGE, gone, 0));

	struct tv_board_data *bd;
	OK(s, tv_store_load_board_parts(s, f->board, 0, &bd));
	assert_string_equal(bd->board.name, "Ærø Kommune");
	assert_int_equal(bd->npackages + bd->nphases + bd->nmeetings + bd->npeople +
		bd->ndecisions + bd->ntombstones, 0);
	tv_board_data_free(bd);

	OK(s, tv_store_load_board_parts(s, f->board, TV_PART_PACKAGES | TV_PART_PHASES, &bd));
	assert_int_equal(bd->npackages, 1);
	assert_string_equal(bd->packages[0].title, "Plan");
	assert_int_equal(bd->packages[0].ntasks, 0);
	assert_int_equal(bd->nphases, 1);
	assert_int_equal(bd->nmeetings + bd->npeople + bd->ndecisions + bd->ntombstones, 0);
	tv_board_data_free(bd);

	/* Tasks imply their packages. */
	OK(s, tv_store_load_board_parts(s, f->board, TV_PART_TASKS | TV_PART_TOMBSTONES, &bd));
	assert_int_equal(bd->npackages, 1);
	assert_int_equal(bd->packages[0].ntasks, 2);
	assert_string_equal(bd->packages[0].tasks[1].title, "Send");
	assert_int_equal(bd->ntombstones, 1);
	assert_int_equal(bd->nphases + bd->nmeetings + bd->npeople + bd->ndecisions, 0);
	tv_board_data_free(bd);

	OK(s, tv_store_load_board_parts(s, f->board, TV_PART_MEETINGS | TV_PART_PEOPLE |
		TV_PART_DECISIONS, &bd));
	assert_int_equal(bd->nmeetings, 1);
	assert_int_equal(bd->npeople, 1);
	assert_int_equal(bd->ndecisions, 1);
	assert_int_equal(bd->npackages + bd->nphases + bd->ntombstones, 0);
	tv_board_data_free(bd);

	/* TV_PART_ALL is tv_store_load_board. */
	OK(s, tv_store_load_board_parts(s, f->board, TV_PART_ALL, &bd));
	assert_int_equal(bd->npackages, 1);
	assert_int_equal(bd->packages[0].ntasks, 2);
	assert_int_equal(bd->nphases + bd->nmeetings + bd->npeople + bd->ndecisions +
		bd->ntombstones, 5);
	tv_board_data_free(bd);
	IS(s, TV_NOT_FOUND, tv_store_load_board_parts(s, f->board + 99, TV_PART_ALL, &bd));

	tv_meeting_clear(&m);
	tv_person_clear(&pe);
	tv_decision_clear(&de);
}

static void
test_move_and_area(void **state)
{
	struct fx *f = *state;
	struct tv_store *s = f->s;
	int64_t a = add_package(f, "A", TV_AREA_ORG);
	int64_t b = add_package(f, "B", TV_AREA_ORG);
	int64_t c = add_package(f, "C", TV_AREA_ORG);
	int64_t k = add_package(f, "K", TV_AREA_KOM);
	OK(s, tv_store_move(s, TV_KIND_PACKAGE, c, 0));
	OK(s, tv_store_move(s, TV_KIND_PACKAGE, a, 99)); /* clamped */
	struct tv_board_data *bd;
	OK(s, tv_store_load_board(s, f->board, &bd));
	assert_int_equal(bd->packages[0].id, c);
	assert_int_equal(bd->packages[1].id, b);
	assert_int_equal(bd->packages[2].id, a);
	assert_int_equal(bd->packages[3].id, k);
	tv_board_data_free(bd);
	assert_positions(f);
	/* area change: to the end of the new column, gap closed in the old one */
	OK(s, tv_store_set(s, TV_KIND_PACKAGE, b, "area", "kom", 0, NULL, NULL));
	OK(s, tv_store_load_board(s, f->board, &bd));
	assert_int_equal(bd->packages[0].id, c);
	assert_int_equal(bd->packages[1].id, a);
	assert_int_equal(bd->packages[1].position, 1);
	assert_int_equal(bd->packages[2].id, k);
	assert_int_equal(bd->packages[3].id, b);
	assert_int_equal(bd->packages[3].position, 1);
	assert_int_equal(bd->packages[3].area, TV_AREA_KOM);
	tv_board_data_free(bd);
	assert_positions(f);
	/* tasks and phases */
	int64_t t[4];
	for (int i = 0; i < 4; i++)
		t[i] = add_task(f, a, "t");
	OK(s, tv_store_move(s, TV_KIND_TASK, t[3], 1));
	OK(s, tv_store_move(s, TV_KIND_TASK, t[0], -5));
	OK(s, tv_store_remove(s, TV_KIND_TASK, t[1], 0));
	assert_positions(f);
	int64_t p1 = add_phase(f, "1", day(2027, 1, 1), day(2027, 1, 31));
	int64_t p2 = add_phase(f, "2", day(2027, 2, 1), day(2027, 2, 28));
	OK(s, tv_store_move(s, TV_KIND_PHASE, p2, 0));
	OK(s, tv_store_load_board(s, f->board, &bd));
	assert_int_equal(bd->phases[0].id, p2);
	assert_int_equal(bd->phases[1].id, p1);
	tv_board_data_free(bd);
	IS(s, TV_INVALID, tv_store_move(s, TV_KIND_MEETING, 1, 0));
	assert_positions(f);
	/* a move is undoable (and redoable) like an edit */
	int64_t undo, redo;
	OK(s, tv_store_revert(s, tv_store_last_change(s), &undo));
	OK(s, tv_store_load_board(s, f->board, &bd));
	assert_int_equal(bd->phases[0].id, p1);
	assert_int_equal(bd->phases[1].id, p2);
	tv_board_data_free(bd);
	OK(s, tv_store_revert(s, undo, &redo));
	OK(s, tv_store_load_board(s, f->board, &bd));
	assert_int_equal(bd->phases[0].id, p2);
	tv_board_data_free(bd);
	/* ...but not once the list moved on */
	OK(s, tv_store_move(s, TV_KIND_PHASE, p1, 0));
	IS(s, TV_CONFLICT, tv_store_revert(s, redo, &undo));
	/* a move to where it already is records nothing */
	int64_t last = tv_store_last_change(s);
	OK(s, tv_store_move(s, TV_KIND_PHASE, p1, 0));
	assert_int_equal(tv_store_last_change(s), last);
	assert_positions(f);
}

static void
test_check_reports_broken_invariant(void **state)
{
	struct fx *f = *state;
	struct tv_store *s = f->s;
	add_package(f, "A", TV_AREA_ORG);
	add_package(f, "B", TV_AREA_ORG);
	char *report = NULL;
	OK(s, tv_store_check(s, false, &report));
	assert_null(report);
	OK(s, tv_store_check(s, true, &report));
	assert_null(report);
	sql_exec(f->path, "UPDATE packages SET position = 7 WHERE number = 1");
	OK(s, tv_store_check(s, false, &report));
	assert_non_null(report);
	assert_non_null(strstr(report, "package positions"));
	free(report);
	sql_exec(f->path, "PRAGMA foreign_keys = OFF; UPDATE packages SET phase_id = 999");
	OK(s, tv_store_check(s, false, &report));
	assert_non_null(strstr(report, "foreign key"));
	free(report);
}

static void
test_backup(void **state)
{
	struct fx *f = *state;
	struct tv_store *s = f->s;
	add_package(f, "Sikret", TV_AREA_DATA);
	char *copy = tv_xasprintf("%s/backup.db", f->dir);
	mode_t old = umask(0);
	OK(s, tv_store_backup(s, copy));
	umask(old);
	struct stat sb;
	assert_int_equal(stat(copy, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	IS(s, TV_INVALID, tv_store_backup(s, copy));
	assert_non_null(strstr(tv_store_errmsg(s), "exists; not overwriting"));
	struct tv_store *b;
	struct tv_diag d;
	assert_int_equal(tv_store_open(copy, TV_STORE_READONLY, &b, &d), TV_OK);
	int64_t id;
	OK(b, tv_store_board_default(b, &id));
	struct tv_board_data *bd;
	OK(b, tv_store_load_board(b, id, &bd));
	assert_int_equal(bd->npackages, 1);
	assert_string_equal(bd->packages[0].title, "Sikret");
	tv_board_data_free(bd);
	tv_store_close(b);
	free(copy);
}

static void
test_two_connections(void **state)
{
	struct fx *f = *state;
	struct tv_store *s = f->s, *o;
	struct tv_diag d;
	assert_int_equal(tv_store_open(f->path, 0, &o, &d), TV_OK);
	int64_t v1, v2, v3;
	OK(s, tv_store_data_version(s, &v1));
	OK(s, tv_store_data_version(s, &v2));
	assert_int_equal(v1, v2);
	/* own commits do not change it */
	add_package(f, "Egen", TV_AREA_ORG);
	OK(s, tv_store_data_version(s, &v2));
	assert_int_equal(v1, v2);
	struct tv_package p = { .board_id = f->board, .number = -1, .title = "Anden",
		.deadline = { TV_NO_DAY, TV_NO_TIME } };
	OK(o, tv_store_package_add(o, &p));
	OK(s, tv_store_data_version(s, &v3));
	assert_int_not_equal(v1, v3);
	struct tv_board_data *bd;
	OK(s, tv_store_load_board(s, f->board, &bd));
	assert_int_equal(bd->npackages, 2);
	tv_board_data_free(bd);
	/* a writer holding the lock: the other gets TV_BUSY after the timeout */
	OK(o, tv_store_begin(o));
	OK(o, tv_store_set(o, TV_KIND_PACKAGE, p.id, "title", "Låst", 0, NULL, NULL));
	struct tv_package q = { .board_id = f->board, .number = -1, .title = "Venter",
		.deadline = { TV_NO_DAY, TV_NO_TIME } };
	time_t t0 = time(NULL);
	IS(s, TV_BUSY, tv_store_package_add(s, &q));
	assert_true(time(NULL) - t0 >= 4);
	assert_string_equal(tv_store_errmsg(s),
		"database busy (another tavle is writing); try again");
	OK(o, tv_store_commit(o));
	OK(s, tv_store_package_add(s, &q));
	free(p.uid);
	free(q.uid);
	tv_store_close(o);
}

/* Four processes increment one field 50 times each with optimistic versions: every
 * increment lands exactly once (no lost update), conflicts are detected, none fails. */
static void
test_concurrent_writers(void **state)
{
	struct fx *f = *state;
	int64_t pkg = add_package(f, "Tæller", TV_AREA_ORG);
	OK(f->s, tv_store_set(f->s, TV_KIND_PACKAGE, pkg, "owner", "0", 0, NULL, NULL));
	tv_store_close(f->s); /* never fork with a connection open */
	f->s = NULL;
	pid_t kids[4];
	for (int i = 0; i < 4; i++) {
		kids[i] = fork();
		assert_true(kids[i] >= 0);
		if (kids[i] == 0) {
			struct tv_store *s;
			struct tv_diag d;
			if (tv_store_open(f->path, 0, &s, &d) != TV_OK)
				_exit(1);
			for (int k = 0; k < 50;) {
				char *v = NULL;
				int64_t version;
				if (tv_store_get(s, TV_KIND_PACKAGE, pkg, "owner", &v, &version)
					!= TV_OK)
					_exit(2);
				char next[32];
				snprintf(next, sizeof next, "%d", atoi(v) + 1);
				free(v);
				enum tv_status r = tv_store_set(s, TV_KIND_PACKAGE, pkg, "owner",
					next, version, NULL, NULL);
				if (r == TV_OK)
					k++;
				else if (r != TV_CONFLICT && r != TV_BUSY)
					_exit(3);
				if (!tv_store_idle(s))
					_exit(4);
			}
			tv_store_close(s);
			_exit(0);
		}
	}
	for (int i = 0; i < 4; i++) {
		int status;
		assert_int_equal(waitpid(kids[i], &status, 0), kids[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	struct tv_diag d;
	assert_int_equal(tv_store_open(f->path, 0, &f->s, &d), TV_OK);
	assert_field(f, TV_KIND_PACKAGE, pkg, "owner", "200");
	assert_int_equal(version_of(f, TV_KIND_PACKAGE, pkg), 202);
}

/* The names once set as a package's owner are offered again (the owner menu): each
 * once, the latest first, also after the package got another owner or the change was
 * undone; only this board's, never empty ones. */
static void
test_owner_names(void **state)
{
	struct fx *f = *state;
	struct tv_store *s = f->s;
	int64_t a = add_package(f, "A", TV_AREA_ORG), b = add_package(f, "B", TV_AREA_KOM);
	OK(s, tv_store_set(s, TV_KIND_PACKAGE, a, "owner", "Mette Holm", 0, NULL, NULL));
	OK(s, tv_store_set(s, TV_KIND_PACKAGE, b, "owner", "Kim Olsen", 0, NULL, NULL));
	OK(s, tv_store_set(s, TV_KIND_PACKAGE, a, "owner", "Anne Berg", 0, NULL, NULL));
	OK(s, tv_store_set(s, TV_KIND_PACKAGE, b, "owner", "Mette Holm", 0, NULL, NULL));
	OK(s, tv_store_set(s, TV_KIND_PACKAGE, b, "owner", "", 0, NULL, NULL));
	OK(s, tv_store_set(s, TV_KIND_PACKAGE, a, "title", "Not an owner", 0, NULL, NULL));
	struct tv_board other = { .name = tv_xstrdup("Other"), .start = TV_NO_DAY };
	OK(s, tv_store_board_add(s, &other));
	struct tv_package p = { .board_id = other.id, .title = tv_xstrdup("X"),
		.owner = tv_xstrdup("Elsewhere"), .number = 1 };
	OK(s, tv_store_package_add(s, &p));
	OK(s, tv_store_set(s, TV_KIND_PACKAGE, p.id, "owner", "Elsewhere too", 0, NULL, NULL));
	tv_package_clear(&p);
	char **names;
	size_t n;
	OK(s, tv_store_owner_names(s, f->board, 10, &names, &n));
	assert_int_equal(n, 3);
	assert_string_equal(names[0], "Mette Holm");
	assert_string_equal(names[1], "Anne Berg");
	assert_string_equal(names[2], "Kim Olsen");
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	OK(s, tv_store_owner_names(s, f->board, 1, &names, &n));
	assert_int_equal(n, 1);
	assert_string_equal(names[0], "Mette Holm");
	free(names[0]);
	free(names);
	OK(s, tv_store_owner_names(s, other.id, 10, &names, &n));
	assert_int_equal(n, 1);
	assert_string_equal(names[0], "Elsewhere too");
	free(names[0]);
	free(names);
	/* A task's owner counts too (issue 16, item 9). */
	int64_t t = add_task(f, a, "Opgave");
	OK(s, tv_store_set(s, TV_KIND_TASK, t, "owner", "Sofie Lund", 0, NULL, NULL));
	OK(s, tv_store_owner_names(s, f->board, 10, &names, &n));
	assert_int_equal(n, 4);
	assert_string_equal(names[0], "Sofie Lund");
	assert_string_equal(names[1], "Mette Holm");
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	tv_board_clear(&other);
}

static void
test_explain_no_scan(void **state)
{
	struct fx *f = *state;
	add_package(f, "A", TV_AREA_ORG);
	char *report = NULL;
	OK(f->s, tv_store_explain_hot_queries(f->s, &report));
	if (report)
		fail_msg("full scans:\n%s", report);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_crud_and_load, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_owner_names, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_set_every_field, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_values, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_conflict, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_transaction_rollback, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_history_rows, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_revert_set_add_remove, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_tombstones, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_load_parts, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_move_and_area, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_check_reports_broken_invariant, setup_board,
			teardown),
		cmocka_unit_test_setup_teardown(test_backup, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_two_connections, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_writers, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_explain_no_scan, setup_board, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
