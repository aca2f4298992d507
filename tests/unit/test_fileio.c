/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Unit tests of the output routine (atomic replace, abort, failed commit leaves the old
 * file and no temporary behind, FIFOs written in place, symlinks followed, stale
 * temporaries removed, the mode rule) and of whole-file reads with their size limit.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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

/* The mode rule's origin: a database file with `mode`. */
static void
origin_mode(const struct fixture *f, mode_t mode)
{
	char *db = tv_xasprintf("%s/origin.db", f->dir);
	write_file(db, "");
	assert_int_equal(chmod(db, mode), 0);
	tv_out_set_origin(db);
	unlink(db);
	free(db);
}

static void
test_atomic_replaces(void **state)
{
	struct fixture *f = *state;
	struct tv_diag diag;
	mode_t old_umask = umask(022);
	origin_mode(f, 0644);
	write_file(f->target, "old contents\n");
	struct tv_out_file af;
	assert_int_equal(tv_out_open(f->target, 0, &af, &diag), TV_OK);
	assert_non_null(af.fp);
	assert_string_equal(af.path, f->target);
	assert_non_null(af.tmp);
	/* same directory, so the rename is atomic; a hidden name tavle recognises */
	assert_memory_equal(af.tmp, f->target, strlen(f->dir) + 1);
	assert_non_null(strstr(af.tmp, "/.board.ics.tavle-"));
	fputs("new contents\n", af.fp);
	/* until commit, readers see the old file */
	char *mid = slurp(f->target);
	assert_string_equal(mid, "old contents\n");
	free(mid);
	char *tmp = tv_xstrdup(af.tmp);
	assert_int_equal(tv_out_commit(&af, &diag), TV_OK);
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
	umask(old_umask);
	tv_out_set_origin(NULL);
}

/* The mode: the database's, narrowed by the umask, whatever the replaced file had. */
static void
test_mode_rule(void **state)
{
	struct fixture *f = *state;
	struct tv_diag diag;
	static const struct { mode_t db, mask, want; } cases[] = {
		{ 0600, 022, 0600 }, { 0600, 077, 0600 }, { 0660, 022, 0640 }, { 0660, 002, 0660 }, { 0660, 077, 0600 },
		{ 0644, 027, 0640 }, { 0666, 0, 0666 },
	};
	mode_t old_umask = umask(022);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		umask(cases[i].mask);
		origin_mode(f, cases[i].db);
		write_file(f->target, "wide");
		assert_int_equal(chmod(f->target, 0666), 0);
		struct tv_out_file af;
		assert_int_equal(tv_out_open(f->target, 0, &af, &diag), TV_OK);
		fputs("x", af.fp);
		assert_int_equal(tv_out_commit(&af, &diag), TV_OK);
		struct stat st;
		assert_int_equal(stat(f->target, &st), 0);
		assert_int_equal(st.st_mode & 0777, cases[i].want);
	}
	umask(old_umask);
	tv_out_set_origin(NULL);
	umask(022);
	struct tv_out_file af;
	assert_int_equal(tv_out_open(f->target, 0, &af, &diag), TV_OK);
	assert_int_equal(tv_out_commit(&af, &diag), TV_OK);
	struct stat st;
	assert_int_equal(stat(f->target, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600); /* no database: private */
	umask(old_umask);
}

static void
test_atomic_abort(void **state)
{
	struct fixture *f = *state;
	struct tv_diag diag;
	write_file(f->target, "keep me");
	struct tv_out_file af;
	assert_int_equal(tv_out_open(f->target, 0, &af, &diag), TV_OK);
	fputs("half-written", af.fp);
	fflush(af.fp);
	assert_int_equal(count_entries(f->dir), 2);
	tv_out_abort(&af);
	assert_null(af.fp);
	assert_null(af.tmp);
	char *now = slurp(f->target);
	assert_string_equal(now, "keep me");
	free(now);
	assert_int_equal(count_entries(f->dir), 1);
	/* aborting without a previous file leaves nothing */
	unlink(f->target);
	assert_int_equal(tv_out_open(f->target, 0, &af, &diag), TV_OK);
	tv_out_abort(&af);
	assert_int_equal(count_entries(f->dir), 0);
}

static void
test_open_in_missing_dir(void **state)
{
	struct fixture *f = *state;
	struct tv_diag diag;
	tv_diag_clear(&diag);
	char *path = tv_xasprintf("%s/no-such-dir/board.ics", f->dir);
	struct tv_out_file af;
	assert_int_equal(tv_out_open(path, 0, &af, &diag), TV_IO);
	char *dir = tv_xasprintf("%s/no-such-dir", f->dir);
	if (!strstr(diag.msg, dir))
		fail_msg("message does not name the directory: %s", diag.msg);
	assert_non_null(strstr(diag.msg, strerror(ENOENT)));
	assert_null(af.fp);
	free(dir);
	free(path);
}

static void
test_directory_refused(void **state)
{
	struct fixture *f = *state;
	struct tv_diag diag;
	tv_diag_clear(&diag);
	/* The target is a non-empty directory: refused before anything is written. */
	assert_int_equal(mkdir(f->target, 0755), 0);
	char *inner = tv_xasprintf("%s/inside", f->target);
	write_file(inner, "old");
	struct tv_out_file af;
	assert_int_equal(tv_out_open(f->target, 0, &af, &diag), TV_INVALID);
	assert_non_null(strstr(diag.msg, f->target));
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
	struct tv_out_file af;
	assert_int_equal(tv_out_open(f->target, 0, &af, &diag), TV_OK);
	/* Simulate a full disk: the writes go to /dev/full, which fails with ENOSPC
	 * when flushed at commit. */
	fclose(af.fp);
	af.fp = full;
	for (int i = 0; i < 1000; i++)
		fputs("some calendar data\n", af.fp);
	assert_int_equal(tv_out_commit(&af, &diag), TV_IO);
	assert_non_null(strstr(diag.msg, strerror(ENOSPC)));
	char *now = slurp(f->target);
	assert_string_equal(now, "previous");
	free(now);
	assert_int_equal(count_entries(f->dir), 1);
}

/* A FIFO is written in place, never renamed over. */
static void
test_fifo_in_place(void **state)
{
	struct fixture *f = *state;
	struct tv_diag diag;
	char *fifo = tv_xasprintf("%s/fifo", f->dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	int rd = open(fifo, O_RDONLY | O_NONBLOCK);
	assert_true(rd >= 0);
	for (unsigned named = 0; named <= TV_OUT_NAMED; named += TV_OUT_NAMED) {
		struct tv_out_file af;
		assert_int_equal(tv_out_open(fifo, named, &af, &diag), TV_OK);
		if (named) {
			FILE *w = fopen(af.tmp_name, "w");
			assert_non_null(w);
			fputs("by name", w);
			fclose(w);
		} else {
			fputs("in place", af.fp);
		}
		assert_int_equal(tv_out_commit(&af, &diag), TV_OK);
		char buf[32] = { 0 };
		assert_int_equal(read(rd, buf, sizeof buf - 1), named ? 7 : 8);
		assert_string_equal(buf, named ? "by name" : "in place");
	}
	close(rd);
	struct stat st;
	assert_int_equal(lstat(fifo, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	assert_int_equal(count_entries(f->dir), 1);
	free(fifo);
}

/* A symlink is followed: its target is replaced, the link stays a link. */
static void
test_symlink_followed(void **state)
{
	struct fixture *f = *state;
	struct tv_diag diag;
	char *real = tv_xasprintf("%s/real.ics", f->dir);
	write_file(real, "old");
	assert_int_equal(symlink("real.ics", f->target), 0);
	struct tv_out_file af;
	assert_int_equal(tv_out_open(f->target, 0, &af, &diag), TV_OK);
	fputs("new", af.fp);
	assert_int_equal(tv_out_commit(&af, &diag), TV_OK);
	struct stat st;
	assert_int_equal(lstat(f->target, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	char *now = slurp(real);
	assert_string_equal(now, "new");
	free(now);
	assert_int_equal(count_entries(f->dir), 2);
	/* TV_OUT_NEW: an existing file, even behind a link, is not overwritten */
	assert_int_equal(tv_out_open(f->target, TV_OUT_NEW, &af, &diag), TV_INVALID);
	assert_int_equal(count_entries(f->dir), 2);
	free(real);
}

/* A temporary an earlier killed run left for the same target is removed; a locked one
 * (a live writer) and one of another name pattern are kept. */
static void
test_stale_removed(void **state)
{
	struct fixture *f = *state;
	struct tv_diag diag;
	char *stale = tv_xasprintf("%s/.board.ics.tavle-AbC123", f->dir);
	char *other = tv_xasprintf("%s/.board.ics.tavle-AbC12", f->dir);
	char *mine = tv_xasprintf("%s/board.ics.AbC123", f->dir);
	char *side = tv_xasprintf("%s-wal", stale);
	write_file(stale, "debris");
	write_file(side, "debris beside it");
	write_file(other, "not ours");
	write_file(mine, "not ours");
	struct tv_out_file live;
	assert_int_equal(tv_out_open(f->target, 0, &live, &diag), TV_OK);
	assert_int_equal(access(stale, F_OK), -1);
	assert_int_equal(access(side, F_OK), -1);
	/* a live temporary's side file (SQLite's -wal) is kept */
	char *live_side = tv_xasprintf("%s-wal", live.tmp);
	write_file(live_side, "live");
	assert_false(tv_out_remove_stale(f->dir, strrchr(live_side, '/') + 1));
	assert_int_equal(access(live_side, F_OK), 0);
	unlink(live_side);
	free(live_side);
	free(side);
	assert_int_equal(access(other, F_OK), 0);
	assert_int_equal(access(mine, F_OK), 0);
	/* a second writer does not take the first one's temporary */
	struct tv_out_file second;
	assert_int_equal(tv_out_open(f->target, 0, &second, &diag), TV_OK);
	assert_int_equal(access(live.tmp, F_OK), 0);
	assert_int_equal(tv_out_commit(&second, &diag), TV_OK);
	assert_int_equal(tv_out_commit(&live, &diag), TV_OK);
	assert_int_equal(count_entries(f->dir), 3);
	free(stale);
	free(other);
	free(mine);
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
		cmocka_unit_test_setup_teardown(test_mode_rule, setup, teardown),
		cmocka_unit_test_setup_teardown(test_atomic_abort, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_in_missing_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_directory_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fifo_in_place, setup, teardown),
		cmocka_unit_test_setup_teardown(test_symlink_followed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_removed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_commit_disk_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_limits, setup, teardown),
		cmocka_unit_test(test_path_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
