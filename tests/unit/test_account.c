/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Unit tests of who the history records: the check of a display name ($TAVLE_USER,
 * $SUDO_USER, the configuration's user: valid UTF-8, no controls, at most 64
 * characters), the Unix account a shared database records beside it (never instead
 * of it), how the two are shown, and the migration of a schema-4 database (no
 * account column) to schema 5 with its history intact.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "tavle/shared.h"
#include "tavle/store.h"
#include "schema_undo.h"

#define NOW 1796025600 /* 2026-11-30 */

struct fx {
	char dir[64];
	char *path;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/tavle-account-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	f->path = tv_xasprintf("%s/board.db", f->dir);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	static const char *const sfx[] = { "", "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < 4; i++) {
		char *p = tv_xasprintf("%s%s", f->path, sfx[i]);
		unlink(p);
		free(p);
	}
	rmdir(f->dir);
	free(f->path);
	free(f);
	return 0;
}

static void
test_name_check(void **state)
{
	(void)state;
	struct tv_diag d;
	assert_int_equal(tv_user_name_check("TAVLE_USER", "mette", &d), TV_OK);
	assert_int_equal(tv_user_name_check("TAVLE_USER", "Søren Ærø", &d), TV_OK);
	/* 64 characters of two bytes each: fine; one more is not. */
	char name[200] = "";
	for (int i = 0; i < 64; i++)
		strcat(name, "æ");
	assert_int_equal(tv_user_name_check("TAVLE_USER", name, &d), TV_OK);
	strcat(name, "ø");
	assert_int_equal(tv_user_name_check("TAVLE_USER", name, &d), TV_INVALID);
	assert_non_null(strstr(d.msg, "65 characters"));
	assert_int_equal(tv_user_name_check("TAVLE_USER", "mallory\x1b]0;x\a", &d), TV_INVALID);
	assert_non_null(strstr(d.msg, "TAVLE_USER"));
	assert_null(strchr(d.msg, '\x1b'));
	assert_int_equal(tv_user_name_check("SUDO_USER", "bo\xff\xfe", &d), TV_INVALID);
	assert_non_null(strstr(d.msg, "SUDO_USER is not valid UTF-8"));
	assert_int_equal(tv_user_name_check("TAVLE_USER", "eve\xe2\x80\xae", &d), TV_INVALID);
	assert_int_equal(tv_user_name_check("TAVLE_USER", "   ", &d), TV_INVALID);
	char *big = malloc(122881);
	memset(big, 'u', 122880);
	big[122880] = '\0';
	assert_int_equal(tv_user_name_check("TAVLE_USER", big, &d), TV_INVALID);
	assert_non_null(strstr(d.msg, "122880 bytes"));
	free(big);
}

static void
test_default_user_passes_over_bad_names(void **state)
{
	(void)state;
	setenv("TAVLE_USER", "evil\x1b[2J", 1);
	setenv("SUDO_USER", "sudoer", 1);
	char *u = tv_default_user();
	assert_string_equal(u, "sudoer");
	free(u);
	setenv("TAVLE_USER", "display", 1);
	u = tv_default_user();
	assert_string_equal(u, "display");
	free(u);
	unsetenv("TAVLE_USER");
	unsetenv("SUDO_USER");
}

static int64_t
make_board(struct tv_store *s)
{
	struct tv_board b = { .name = tv_xstrdup("Kommune A"), .start = TV_NO_DAY };
	assert_int_equal(tv_store_board_add(s, &b), TV_OK);
	int64_t id = b.id;
	tv_board_clear(&b);
	return id;
}

/* The newest history row of board `id`. */
static void
last_change(struct tv_store *s, int64_t id, struct tv_history *out)
{
	struct tv_history *h = NULL;
	size_t n = 0;
	assert_int_equal(tv_store_history(s, id, 0, TV_NO_DAY, 0, &h, &n), TV_OK);
	assert_true(n > 0);
	*out = h[n - 1];
	for (size_t i = 0; i + 1 < n; i++)
		tv_history_clear(&h[i]);
	free(h);
}

static void
test_old_database_migrates_and_shared_records_account(void **state)
{
	struct fx *f = *state;
	struct tv_store *s;
	struct tv_diag d;
	assert_int_equal(tv_store_open(f->path, TV_STORE_CREATE, &s, &d), TV_OK);
	tv_store_set_now(s, NOW);
	tv_store_set_user(s, "mette");
	int64_t board = make_board(s);
	assert_int_equal(tv_store_set(s, TV_KIND_BOARD, board, "name", "Kommune B", 0, NULL,
		NULL), TV_OK);
	tv_store_close(s);

	/* Make it a schema-4 file: the history without the account column. */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, SQL_UNDO_AFTER_8 "ALTER TABLE history DROP COLUMN account; "
		"ALTER TABLE meetings DROP COLUMN ical_sequence; "
		"ALTER TABLE tasks DROP COLUMN owner; "
		"PRAGMA user_version = 4;", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);

	assert_int_equal(tv_store_open(f->path, 0, &s, &d), TV_OK);
	assert_int_equal(tv_store_schema_version(s), TV_SCHEMA_VERSION);
	assert_true(TV_SCHEMA_VERSION >= 5);
	struct tv_history h;
	last_change(s, board, &h);
	assert_string_equal(h.user, "mette");
	assert_null(h.account);            /* written before schema 5 */
	assert_string_equal(h.new_value, "Kommune B");
	char *who = tv_history_who(&h);
	assert_string_equal(who, "mette");
	free(who);
	tv_history_clear(&h);
	/* A private database records no account. */
	tv_store_set_user(s, "mette");
	assert_int_equal(tv_store_set(s, TV_KIND_BOARD, board, "name", "Kommune C", 0, NULL,
		NULL), TV_OK);
	last_change(s, board, &h);
	assert_null(h.account);
	tv_history_clear(&h);
	tv_store_close(s);

	/* Shared (group-writable): the account is recorded beside the display name. */
	assert_int_equal(chmod(f->path, 0660), 0);
	assert_int_equal(tv_store_open(f->path, 0, &s, &d), TV_OK);
	tv_store_set_now(s, NOW);
	tv_store_set_user(s, "mallory");
	assert_int_equal(tv_store_set(s, TV_KIND_BOARD, board, "name", "Kommune D", 0, NULL,
		NULL), TV_OK);
	last_change(s, board, &h);
	char *account = tv_user_account();
	assert_string_equal(h.user, "mallory");
	assert_non_null(h.account);
	assert_string_equal(h.account, account);
	who = tv_history_who(&h);
	char *want = tv_xasprintf("mallory (%s)", account);
	assert_string_equal(who, want);
	free(want);
	free(who);
	tv_history_clear(&h);
	/* The same name as the account is shown once. */
	tv_store_set_user(s, account);
	assert_int_equal(tv_store_set(s, TV_KIND_BOARD, board, "name", "Kommune E", 0, NULL,
		NULL), TV_OK);
	last_change(s, board, &h);
	who = tv_history_who(&h);
	assert_string_equal(who, account);
	free(who);
	tv_history_clear(&h);
	free(account);
	tv_store_close(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_check),
		cmocka_unit_test(test_default_user_passes_over_bad_names),
		cmocka_unit_test_setup_teardown(test_old_database_migrates_and_shared_records_account,
			setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
