/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Unit tests of atomic writes (replace, abort, failed commit leaves the old file and
 * no temporary behind) and of whole-file reads with their size limit.
 */
#include <dirent.h>
#include <errno.h>
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

struct fixture {
	char dir[64];
	char *target;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/tavle-fileio-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	f->target = tv_xasprintf("%s/board.ics", f->dir);
	*state = f;
	return 0;
}

static void
remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char *p = tv_xasprintf("%s/%s", dir, e->d_name);
		struct stat st;
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			remove_tree(p);
		else
			unlink(p);
		free(p);
	}
	closedir(d);
	rmdir(dir);
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	remove_tree(f->dir);
	free(f->target);
	free(f);
	return 0;
}

static void
write_file(const char *path, const char *content)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(content, fp);
	assert_int_equal(fclose(fp), 0);
}

static char *
slurp(const char *path)
{
	char *buf = NULL;
	size_t len = 0;
	struct tv_diag diag;
	if (tv_file_read(path, 1 << 20, &buf, &len, &diag) != TV_OK)
		fail_msg("%s", diag.msg);
	return buf;
}

/* Number of directory entries other than . and .. */
static int
count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void
test_atomic_replaces(void **state)
{
	struct fixture *f = *state;
	struct tv_diag diag;
	write_file(f->target, "old contents\n");
	struct tv_atomic_file af;
	assert_int_equal(tv_atomic_open(f->target, 0644, &af, &diag), TV_OK);
	assert_non_null(af.fp);
	assert_string_equal(af.path, f->target);
	assert_non_null(af.tmp);
	/* same directory, so the rename is atomic */
	assert_memory_equal(af.tmp, f->target, strlen(f->dir) + 1);
	fputs("new contents\n", af.fp);
	/* until commit, readers see the old file */
	char *mid = slurp(f->target);
	assert_string_equal(mid, "old contents\n");
	free(mid);
	char *tmp = tv_xstrdup(af.tmp);
	assert_int_equal(tv_atomic_commit(&af, &diag), TV_OK);
	assert_null(af.fp);
	assert_null(af.tmp);
	assert_null(af.path);
	char *now = slurp(f->target);
	assert_string_equal(now, "new contents\n");
	free(now);
	assert_int_equal(access(tmp, F_OK), -1);
	free(tmp);
	assert_int_equal(count_entries(f->dir), 1);
	struct stat st;
	assert_int_equal(stat(f->target, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
}

static void
test_atomic_creates_with_mode(void **state)
{
	struct fixture *f = *state;
	struct tv_diag diag;
	struct tv_atomic_file af;
	assert_int_equal(tv_atomic_open(f->target, 0600, &af, &diag), TV_OK);
	fputs("x", af.fp);
	assert_int_equal(tv_atomic_commit(&af, &diag), TV_OK);
	struct stat st;
	assert_int_equal(stat(f->target, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, 1);
}

static void
test_atomic_abort(void **state)
{
	struct fixture *f = *state;
	struct tv_diag diag;
	write_file(f->target, "keep me");
	struct tv_atomic_file af;
	assert_int_equal(tv_atomic_open(f->target, 0644, &af, &diag), TV_OK);
	fputs("half-written", af.fp);
	fflush(af.fp);
	assert_int_equal(count_entries(f->dir), 2);
	tv_atomic_abort(&af);
	assert_null(af.fp);
	assert_null(af.tmp);
	char *now = slurp(f->target);
	assert_string_equal(now, "keep me");
	free(now);
	assert_int_equal(count_entries(f->dir), 1);
	/* aborting without a previous file leaves nothing */
	unlink(f->target);
	assert_int_equal(tv_atomic_open(f->target, 0644, &af, &diag), TV_OK);
	tv_atomic_abort(&af);
	assert_int_equal(count_entries(f->dir), 0);
}

static void
test_open_in_missing_dir(void **state)
{
	struct fixture *f = *state;
	struct tv_diag diag;
	tv_diag_clear(&diag);
	char *path = tv_xasprintf("%s/no-such-dir/board.ics", f->dir);
	struct tv_atomic_file af;
	assert_int_equal(tv_atomic_open(path, 0644, &af, &diag), TV_IO);
	char *dir = tv_xasprintf("%s/no-such-dir", f->dir);
	if (!strstr(diag.msg, dir))
		fail_msg("message does not name the directory: %s", diag.msg);
	assert_non_null(strstr(diag.msg, strerror(ENOENT)));
	assert_null(af.fp);
	free(dir);
	free(path);
}

static void
test_commit_rename_fails(void **state)
{
	struct fixture *f = *state;
	struct tv_diag diag;
	tv_diag_clear(&diag);
	/* The target is a non-empty directory: rename over it fails at commit. */
	assert_int_equal(mkdir(f->target, 0755), 0);
	char *inner = tv_xasprintf("%s/inside", f->target);
	write_file(inner, "old");
	struct tv_atomic_file af;
	assert_int_equal(tv_atomic_open(f->target, 0644, &af, &diag), TV_OK);
	fputs("new", af.fp);
	assert_int_equal(tv_atomic_commit(&af, &diag), TV_IO);
	assert_non_null(strstr(diag.msg, f->target));
	assert_non_null(strstr(diag.msg, "previous file is unchanged"));
	assert_null(af.tmp);
	char *still = slurp(inner);
	assert_string_equal(still, "old");
	free(still);
	assert_int_equal(count_entries(f->dir), 1); /* no temporary left */
	free(inner);
}

static void
test_commit_disk_full(void **state)
{
	struct fixture *f = *state;
	struct tv_diag diag;
	tv_diag_clear(&diag);
	FILE *full = fopen("/dev/full", "w");
	if (!full)
		skip();
	write_file(f->target, "previous");
	struct tv_atomic_file af;
	assert_int_equal(tv_atomic_open(f->target, 0644, &af, &diag), TV_OK);
	/* Simulate a full disk: the writes go to /dev/full, which fails with ENOSPC
	 * when flushed at commit. */
	fclose(af.fp);
	af.fp = full;
	for (int i = 0; i < 1000; i++)
		fputs("some calendar data\n", af.fp);
	assert_int_equal(tv_atomic_commit(&af, &diag), TV_IO);
	assert_non_null(strstr(diag.msg, strerror(ENOSPC)));
	char *now = slurp(f->target);
	assert_string_equal(now, "previous");
	free(now);
	assert_int_equal(count_entries(f->dir), 1);
}

static void
test_read_limits(void **state)
{
	struct fixture *f = *state;
	struct tv_diag diag;
	char *buf = NULL;
	size_t len = 99;
	write_file(f->target, "0123456789");
	assert_int_equal(tv_file_read(f->target, 10, &buf, &len, &diag), TV_OK);
	assert_int_equal(len, 10);
	assert_string_equal(buf, "0123456789");
	free(buf);
	buf = NULL;
	assert_int_equal(tv_file_read(f->target, 9, &buf, &len, &diag), TV_INVALID);
	assert_null(buf);
	assert_non_null(strstr(diag.msg, "larger than 9 bytes"));
	assert_non_null(strstr(diag.msg, f->target));
	/* empty file */
	write_file(f->target, "");
	assert_int_equal(tv_file_read(f->target, 0, &buf, &len, &diag), TV_OK);
	assert_int_equal(len, 0);
	assert_string_equal(buf, "");
	free(buf);
	/* binary with NUL bytes, larger than the first buffer */
	FILE *fp = fopen(f->target, "wb");
	for (int i = 0; i < 10000; i++)
		fputc(i % 7 == 0 ? 0 : 'a' + i % 26, fp);
	fclose(fp);
	assert_int_equal(tv_file_read(f->target, 10000, &buf, &len, &diag), TV_OK);
	assert_int_equal(len, 10000);
	assert_int_equal(buf[0], 0);
	assert_int_equal(buf[1], 'b');
	assert_int_equal(buf[10000], 0);
	free(buf);
	assert_int_equal(tv_file_read(f->target, 9999, &buf, &len, &diag), TV_INVALID);
	/* missing file */
	char *missing = tv_xasprintf("%s/missing.txt", f->dir);
	assert_int_equal(tv_file_read(missing, 100, &buf, &len, &diag), TV_NOT_FOUND);
	assert_non_null(strstr(diag.msg, missing));
	free(missing);
	/* a directory is not a readable file */
	assert_int_equal(tv_file_read(f->dir, 100, &buf, &len, &diag), TV_IO);
}

static void
test_path_dir(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{ "board.db", "." }, { "/board.db", "/" }, { "/var/lib/tavle/board.db", "/var/lib/tavle" },
		{ "a/b", "a" }, { "a/", "a" }, { "", "." },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *d = tv_path_dir(cases[i][0]);
		assert_string_equal(d, cases[i][1]);
		free(d);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_atomic_replaces, setup, teardown),
		cmocka_unit_test_setup_teardown(test_atomic_creates_with_mode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_atomic_abort, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_in_missing_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_commit_rename_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_commit_disk_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_limits, setup, teardown),
		cmocka_unit_test(test_path_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
