/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The store's side of re-planning (src/core/store/replan.c): template offsets seeded
 * beside dates, cleared by a person's edit and brought back by undo; moving the
 * board's start moves the dates still following the template (working-day rule) in
 * one change that one revert undoes; the preview reads only.
 */
#include "store_fixture.h"

/* A row's offset column straight from the file: -999 for NULL. */
static int64_t
offset_of(struct fx *f, const char *table, int64_t id)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	char *sql = sqlite3_mprintf("SELECT deadline_offset FROM %s WHERE id = %lld", table,
		(long long)id);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t v = sqlite3_column_type(st, 0) == SQLITE_NULL ? -999 : sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_free(sql);
	sqlite3_close(db);
	return v;
}

static void
test_offsets_and_undo(void **state)
{
	struct fx *f = *state;
	OK(f->s, tv_store_set(f->s, TV_KIND_BOARD, f->board, "start", "2027-03-01", 0, NULL, NULL));
	int64_t a = add_package(f, "A", TV_AREA_ORG), b = add_package(f, "B", TV_AREA_ORG);
	OK(f->s, tv_store_set(f->s, TV_KIND_PACKAGE, a, "deadline", "2027-03-31", 0, NULL, NULL));
	OK(f->s, tv_store_set(f->s, TV_KIND_PACKAGE, b, "deadline", "2027-04-10", 0, NULL, NULL));
	OK(f->s, tv_store_offset_seed(f->s, TV_KIND_PACKAGE, a, "deadline", 30));
	OK(f->s, tv_store_offset_seed(f->s, TV_KIND_PACKAGE, b, "deadline", 40));
	IS(f->s, TV_INVALID, tv_store_offset_seed(f->s, TV_KIND_PACKAGE, b, "title", 40));
	assert_int_equal(offset_of(f, "packages", b), 40);

	/* A person's edit: hand-set; undo brings the date and the offset back. */
	OK(f->s, tv_store_set(f->s, TV_KIND_PACKAGE, b, "deadline", "2027-04-12", 0, NULL, NULL));
	assert_int_equal(offset_of(f, "packages", b), -999);
	int64_t edit = tv_store_last_change(f->s);
	OK(f->s, tv_store_revert(f->s, edit, NULL));
	assert_field(f, TV_KIND_PACKAGE, b, "deadline", "2027-04-10");
	assert_int_equal(offset_of(f, "packages", b), 40);

	/* Hand-set again, then the preview: A moves, B is kept. */
	OK(f->s, tv_store_set(f->s, TV_KIND_PACKAGE, b, "deadline", "2027-04-12", 0, NULL, NULL));
	struct tv_replan_plan p;
	OK(f->s, tv_store_replan_preview(f->s, TV_KIND_BOARD, f->board, "2027-04-01", &p));
	assert_int_equal(p.nmoved, 1);
	assert_int_equal(p.nkept, 1);
	assert_int_equal(p.moved[0].id, a);
	/* 1 April + 30 is Saturday 1 May: the Friday before. */
	assert_int_equal(p.moved[0].new_day, day(2027, 4, 30));
	assert_int_equal(p.kept[0].id, b);
	tv_replan_plan_clear(&p);
	assert_field(f, TV_KIND_PACKAGE, a, "deadline", "2027-03-31");
	IS(f->s, TV_INVALID, tv_store_replan_preview(f->s, TV_KIND_BOARD, f->board, "no date", &p));
	IS(f->s, TV_INVALID, tv_store_replan_preview(f->s, TV_KIND_PACKAGE, a, "2027-04-01", &p));

	/* The move: one change; one revert undoes it all, offsets unchanged. */
	OK(f->s, tv_store_set(f->s, TV_KIND_BOARD, f->board, "start", "2027-04-01", 0, NULL, NULL));
	assert_field(f, TV_KIND_PACKAGE, a, "deadline", "2027-04-30");
	assert_field(f, TV_KIND_PACKAGE, b, "deadline", "2027-04-12");
	assert_int_equal(offset_of(f, "packages", a), 30);
	int64_t move = tv_store_last_change(f->s);
	struct tv_history *h = NULL;
	size_t n = 0;
	OK(f->s, tv_store_history(f->s, f->board, 0, TV_NO_DAY, 0, &h, &n));
	size_t replanned = 0;
	for (size_t i = 0; i < n; i++)
		if (tv_history_replanned(h, n, i)) {
			assert_int_equal(h[i].change_id, move);
			replanned++;
		}
	assert_int_equal(replanned, 1);
	for (size_t i = 0; i < n; i++)
		tv_history_clear(&h[i]);
	free(h);
	OK(f->s, tv_store_revert(f->s, move, NULL));
	assert_field(f, TV_KIND_BOARD, f->board, "start", "2027-03-01");
	assert_field(f, TV_KIND_PACKAGE, a, "deadline", "2027-03-31");
	assert_int_equal(offset_of(f, "packages", a), 30);
	assert_int_equal(offset_of(f, "packages", b), -999);
}

/* A phase's start: its packages' template dates shift with it, their offsets too. */
static void
test_phase(void **state)
{
	struct fx *f = *state;
	OK(f->s, tv_store_set(f->s, TV_KIND_BOARD, f->board, "start", "2027-03-01", 0, NULL, NULL));
	int64_t ph = add_phase(f, "Fase", day(2027, 3, 1), day(2027, 6, 30));
	int64_t a = add_package(f, "A", TV_AREA_ORG), b = add_package(f, "B", TV_AREA_ORG);
	OK(f->s, tv_store_set(f->s, TV_KIND_PACKAGE, a, "phase", "Fase", 0, NULL, NULL));
	OK(f->s, tv_store_set(f->s, TV_KIND_PACKAGE, a, "deadline", "2027-03-31", 0, NULL, NULL));
	OK(f->s, tv_store_set(f->s, TV_KIND_PACKAGE, b, "deadline", "2027-03-31", 0, NULL, NULL));
	OK(f->s, tv_store_offset_seed(f->s, TV_KIND_PACKAGE, a, "deadline", 30));
	OK(f->s, tv_store_offset_seed(f->s, TV_KIND_PACKAGE, b, "deadline", 30));
	OK(f->s, tv_store_set(f->s, TV_KIND_PHASE, ph, "start", "2027-03-08", 0, NULL, NULL));
	assert_field(f, TV_KIND_PACKAGE, a, "deadline", "2027-04-07");
	assert_int_equal(offset_of(f, "packages", a), 37);
	assert_field(f, TV_KIND_PACKAGE, b, "deadline", "2027-03-31");
	OK(f->s, tv_store_revert(f->s, tv_store_last_change(f->s), NULL));
	assert_field(f, TV_KIND_PACKAGE, a, "deadline", "2027-03-31");
	assert_int_equal(offset_of(f, "packages", a), 30);
	assert_field(f, TV_KIND_PHASE, ph, "start", "2027-03-01");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_offsets_and_undo, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_phase, setup_board, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
