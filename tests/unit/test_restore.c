/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Unit tests of the store's defences of the file it has open (issue 15): restoring a
 * backup in place (another connection sees it through data_version, the history
 * names it, a damaged backup changes nothing), refusing to write once the path names
 * another file (replaced by a rename, or removed), and refusing to write while a
 * trigger tavle did not create is in the schema (check lists every foreign object).
 * The tests use SQLite directly to build or break files; the store never leaks it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "tavle/store.h"
#include "tavle/text.h"

struct fx {
	char dir[64];
	char *path;
	struct tv_store *s;
	int64_t board;
};

#define OK(store, call)                                                              \
	do {                                                                         \
		enum tv_status st_ = (call);                                         \
		if (st_ != TV_OK)                                                    \
			fail_msg("%s -> %s: %s", #call, tv_status_message(st_),      \
				tv_store_errmsg(store));                             \
	} while (0)

static int64_t
add_board(struct tv_store *s, const char *name)
{
	struct tv_board b = { .name = tv_xstrdup(name), .start = TV_NO_DAY };
	OK(s, tv_store_board_add(s, &b));
	int64_t id = b.id;
	tv_board_clear(&b);
	return id;
}

static int
setup(void **state)
{
	struct fx *f = tv_xcalloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/tavle-restore-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	f->path = tv_xasprintf("%s/live.db", f->dir);
	struct tv_diag d;
	assert_int_equal(tv_store_open(f->path, TV_STORE_CREATE, &f->s, &d), TV_OK);
	f->board = add_board(f->s, "Kommune A");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	tv_store_close(f->s);
	char *cmd = tv_xasprintf("rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(f->path);
	free(f);
	return 0;
}

static void
sql_exec(const char *path, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err);
	sqlite3_close(db);
}

static void
test_restore_in_place(void **state)
{
	struct fx *f = *state;
	char *backup = tv_xasprintf("%s/b.db", f->dir);
	OK(f->s, tv_store_backup(f->s, backup));
	add_board(f->s, "Kommune B");
	int64_t last_change = tv_store_last_change(f->s);
	assert_true(last_change > 0);
	struct tv_store *other;
	struct tv_diag d;
	assert_int_equal(tv_store_open(f->path, 0, &other, &d), TV_OK);
	int64_t v1, v2, id;
	OK(other, tv_store_data_version(other, &v1));
	OK(f->s, tv_store_restore(f->s, backup));
	OK(other, tv_store_data_version(other, &v2));
	assert_int_not_equal(v1, v2);
	assert_int_equal(tv_store_board_find(other, "Kommune B", &id), TV_NOT_FOUND);
	OK(other, tv_store_board_find(other, "Kommune A", &id));
	struct tv_history *h = NULL;
	size_t n = 0;
	OK(other, tv_store_history(other, f->board, 0, TV_NO_DAY, 0, &h, &n));
	assert_true(n > 0);
	assert_string_equal(h[n - 1].field, "restored");
	assert_string_equal(h[n - 1].new_value, backup);
	/* The restore's change id follows the live database's last one (board B's). */
	assert_true(h[n - 1].change_id > last_change);
	for (size_t i = 0; i < n; i++)
		tv_history_clear(&h[i]);
	free(h);
	/* Both connections go on writing. */
	add_board(f->s, "Kommune C");
	add_board(other, "Kommune D");
	tv_store_close(other);

	/* A damaged backup changes nothing. */
	char *bad = tv_xasprintf("%s/bad.db", f->dir);
	FILE *fp = fopen(bad, "w");
	fputs("SQLite format 3", fp);
	fputc(0, fp);
	for (int i = 0; i < 8192; i++)
		fputc(i & 0xff, fp);
	fclose(fp);
	assert_int_not_equal(tv_store_restore(f->s, bad), TV_OK);
	OK(f->s, tv_store_board_find(f->s, "Kommune D", &id));
	free(bad);
	free(backup);
}

static void
test_replaced_file_refuses_writes(void **state)
{
	struct fx *f = *state;
	char *other = tv_xasprintf("%s/other.db", f->dir);
	struct tv_store *o;
	struct tv_diag d;
	assert_int_equal(tv_store_open(other, TV_STORE_CREATE, &o, &d), TV_OK);
	tv_store_close(o);
	assert_int_equal(rename(other, f->path), 0);
	struct tv_board b = { .name = tv_xstrdup("Kommune X"), .start = TV_NO_DAY };
	assert_int_equal(tv_store_board_add(f->s, &b), TV_IO);
	assert_non_null(strstr(tv_store_errmsg(f->s), "was replaced by another file"));
	assert_int_equal(tv_store_restore(f->s, other), TV_IO);
	unlink(f->path);
	assert_int_equal(tv_store_board_add(f->s, &b), TV_IO);
	assert_non_null(strstr(tv_store_errmsg(f->s), "was removed"));
	tv_board_clear(&b);
	free(other);
}

static void
test_foreign_trigger_refuses_writes(void **state)
{
	struct fx *f = *state;
	sql_exec(f->path, "CREATE TRIGGER evil AFTER UPDATE ON boards BEGIN "
		"DELETE FROM boards; END; CREATE VIEW peek AS SELECT name FROM boards;");
	struct tv_board b = { .name = tv_xstrdup("Kommune X"), .start = TV_NO_DAY };
	assert_int_equal(tv_store_board_add(f->s, &b), TV_UNSUPPORTED);
	assert_non_null(strstr(tv_store_errmsg(f->s), "evil"));
	tv_board_clear(&b);
	assert_true(tv_store_idle(f->s));
	char *report = NULL;
	OK(f->s, tv_store_check(f->s, false, &report));
	assert_non_null(report);
	assert_non_null(strstr(report, "trigger evil was not created by tavle"));
	assert_non_null(strstr(report, "view peek was not created by tavle"));
	free(report);
	/* Once it is gone, writes go on. */
	sql_exec(f->path, "DROP TRIGGER evil; DROP VIEW peek;");
	add_board(f->s, "Kommune Y");
	report = NULL;
	OK(f->s, tv_store_check(f->s, false, &report));
	assert_null(report);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_restore_in_place, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replaced_file_refuses_writes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_trigger_refuses_writes, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
