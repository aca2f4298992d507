/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Unit tests of the store's refusal of files another account may have planted next
 * to a database (tv_shared_trust_files, called by tv_store_open): a -wal, -shm or
 * -journal of a stranger is refused with the file and its owner named and the
 * database untouched; root may open a user's database with that user's companions.
 * Changing a file's owner needs root: as another user the tests are skipped.
 */
#include <pwd.h>
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

#include "tavle/fileio.h"
#include "tavle/shared.h"
#include "tavle/store.h"

#define STRANGER 65534 /* nobody */

struct fx {
	char dir[64];
	char *db;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/tavle-owners-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	f->db = tv_xasprintf("%s/alice.db", f->dir);
	struct tv_store *s;
	struct tv_diag d;
	if (tv_store_open(f->db, TV_STORE_CREATE, &s, &d) != TV_OK)
		return -1;
	tv_store_close(s);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	static const char *const sfx[] = { "", "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < 4; i++) {
		char *p = tv_xasprintf("%s%s", f->db, sfx[i]);
		unlink(p);
		free(p);
	}
	rmdir(f->dir);
	free(f->db);
	free(f);
	return 0;
}

static char *
slurp_sum(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return tv_xstrdup("");
	unsigned long h = 5381;
	int c;
	while ((c = getc(fp)) != EOF)
		h = h * 33 + (unsigned)c;
	fclose(fp);
	return tv_xasprintf("%lx", h);
}

static void
plant(const char *path, uid_t uid)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	fputs("planted by someone else", fp);
	fclose(fp);
	assert_int_equal(chown(path, uid, uid), 0);
}

static void
test_planted_companions_refused(void **state)
{
	struct fx *f = *state;
	if (geteuid() != 0)
		skip();
	struct passwd *pw = getpwuid(STRANGER);
	const char *who = pw ? pw->pw_name : "65534";
	static const char *const sfx[] = { "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < 3; i++) {
		char *p = tv_xasprintf("%s%s", f->db, sfx[i]);
		char *before = slurp_sum(f->db);
		plant(p, STRANGER);
		struct tv_store *s = NULL;
		struct tv_diag d;
		assert_int_equal(tv_store_open(f->db, 0, &s, &d), TV_UNSUPPORTED);
		assert_null(s);
		assert_non_null(strstr(d.msg, p));
		assert_non_null(strstr(d.msg, who));
		assert_int_equal(tv_store_open(f->db, TV_STORE_READONLY, &s, &d), TV_UNSUPPORTED);
		char *after = slurp_sum(f->db);
		assert_string_equal(before, after);
		free(before);
		free(after);
		unlink(p);
		free(p);
	}
	/* Root opens a user's database with that user's companion files. */
	assert_int_equal(chown(f->db, STRANGER, STRANGER), 0);
	char *wal = tv_xasprintf("%s-journal", f->db);
	plant(wal, STRANGER);
	struct tv_diag d;
	assert_int_equal(tv_shared_trust_files(f->db, &d), TV_OK);
	/* ... but not a file of a third account next to it. */
	assert_int_equal(chown(wal, STRANGER - 1, STRANGER - 1), 0);
	assert_int_equal(tv_shared_trust_files(f->db, &d), TV_UNSUPPORTED);
	assert_non_null(strstr(d.msg, wal));
	free(wal);
}

static void
test_own_files_trusted(void **state)
{
	struct fx *f = *state;
	struct tv_diag d;
	assert_int_equal(tv_shared_trust_files(f->db, &d), TV_OK);
	assert_int_equal(tv_shared_trust_files(":memory:", &d), TV_OK);
	struct tv_store *s;
	assert_int_equal(tv_store_open(f->db, 0, &s, &d), TV_OK);
	/* The open connection's own -wal and -shm are this user's. */
	assert_int_equal(tv_shared_trust_files(f->db, &d), TV_OK);
	tv_store_close(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_planted_companions_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_own_files_trusted, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
