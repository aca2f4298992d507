/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Unit tests of the store, opening and migrating: new, re-open, newer schema, foreign
 * and non-SQLite files, modes, read-only files, concurrent first starts, schema
 * upgrades, and the field table. Records and their history are in test_store_edit.c.
 * The tests may use SQLite directly to build or break files; the store never leaks it.
 */
#include "store_fixture.h"
#include "schema_undo.h"
#include "tavle/reported.h"
#include "tavle/template.h"
#include "tavle/tmpl_update.h"

/* In a child (as nobody when root): read-write open must say TV_READONLY and name the
 * file; read-only open must work. Returns 0 when both hold, 77 when nobody cannot
 * reach the file's directory at all (nothing then to test). */
static int
readonly_probe(const char *path, bool drop, bool ro_ok)
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (drop && (setgid(65534) != 0 || setuid(65534) != 0))
			_exit(10);
		/* nobody must reach the directory: a test tree below a private (0700)
		 * directory, or a root directory that is 0700, is out of reach. */
		char *dir = tv_xstrdup(path);
		*strrchr(dir, '/') = '\0';
		if (drop && access(dir, X_OK) != 0)
			_exit(77);
		free(dir);
		struct tv_store *s;
		struct tv_diag d;
		enum tv_status r = tv_store_open(path, TV_STORE_CREATE, &s, &d);
		if (r != TV_READONLY || !strstr(d.msg, "is read-only") || !strstr(d.msg, path)) {
			fprintf(stderr, "read-write open: %s: %s\n", tv_status_message(r), d.msg);
			_exit(11);
		}
		r = tv_store_open(path, TV_STORE_READONLY, &s, &d);
		if (ro_ok ? r != TV_OK : r != TV_READONLY || !strstr(d.msg, "-shm")) {
			fprintf(stderr, "read-only open: %s\n", d.msg);
			_exit(12);
		}
		tv_store_close(s);
		_exit(0);
	}
	int status;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static void
test_memory_migrates(void **state)
{
	(void)state;
	struct tv_store *s;
	struct tv_diag d;
	assert_int_equal(tv_store_open(":memory:", TV_STORE_CREATE, &s, &d), TV_OK);
	assert_int_equal(tv_store_schema_version(s), TV_SCHEMA_VERSION);
	assert_true(tv_store_idle(s));
	int64_t id;
	IS(s, TV_NOT_FOUND, tv_store_board_default(s, &id));
	char *report = NULL;
	OK(s, tv_store_check(s, true, &report));
	assert_null(report);
	tv_store_close(s);
}

static void
test_reopen_idempotent(void **state)
{
	struct fx *f = *state;
	struct tv_store *s;
	struct tv_diag d;
	assert_int_equal(tv_store_open(f->path, 0, &s, &d), TV_NOT_FOUND);
	assert_null(s);
	assert_non_null(strstr(d.msg, "does not exist"));
	assert_int_equal(tv_store_open(f->path, TV_STORE_CREATE, &s, &d), TV_OK);
	struct tv_board b = { .name = tv_xstrdup("Kommune A"), .start = TV_NO_DAY };
	OK(s, tv_store_board_add(s, &b));
	tv_board_clear(&b);
	tv_store_close(s);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(tv_store_open(f->path, TV_STORE_CREATE, &s, &d), TV_OK);
		assert_int_equal(tv_store_schema_version(s), TV_SCHEMA_VERSION);
		struct tv_board *boards;
		size_t n;
		OK(s, tv_store_boards(s, false, &boards, &n));
		assert_int_equal(n, 1);
		assert_string_equal(boards[0].name, "Kommune A");
		tv_board_clear(&boards[0]);
		free(boards);
		tv_store_close(s);
	}
	/* read-only open works and refuses writes */
	assert_int_equal(tv_store_open(f->path, TV_STORE_READONLY, &s, &d), TV_OK);
	int64_t id;
	OK(s, tv_store_board_default(s, &id));
	struct tv_board b2 = { .name = tv_xstrdup("Kommune B"), .start = TV_NO_DAY };
	assert_int_not_equal(tv_store_board_add(s, &b2), TV_OK);
	tv_board_clear(&b2);
	tv_store_close(s);
}

static void
test_newer_schema_refused(void **state)
{
	struct fx *f = *state;
	sql_exec(f->path, "CREATE TABLE tavle_meta (key TEXT PRIMARY KEY, value TEXT);"
		"PRAGMA application_id = 1953915500; PRAGMA user_version = 99;");
	size_t n1, n2;
	char *before = slurp(f->path, &n1);
	struct tv_store *s;
	struct tv_diag d;
	assert_int_equal(tv_store_open(f->path, TV_STORE_CREATE, &s, &d), TV_SCHEMA_NEWER);
	assert_null(s);
	char *want = tv_xasprintf("was written by a newer tavle (schema 99; this tavle knows %d)",
		TV_SCHEMA_VERSION);
	assert_non_null(strstr(d.msg, want));
	free(want);
	assert_non_null(strstr(d.msg, "nothing was changed"));
	char *after = slurp(f->path, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(before, after, n1);
	char *wal = tv_xasprintf("%s-wal", f->path);
	assert_int_not_equal(access(wal, F_OK), 0);
	free(wal);
	free(before);
	free(after);
}

static void
test_foreign_files_refused(void **state)
{
	struct fx *f = *state;
	sql_exec(f->path, "CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT);");
	size_t n1, n2;
	char *before = slurp(f->path, &n1);
	struct tv_store *s;
	struct tv_diag d;
	assert_int_equal(tv_store_open(f->path, TV_STORE_CREATE, &s, &d), TV_NOT_TAVLE);
	assert_non_null(strstr(d.msg, "is a SQLite database of another program"));
	char *after = slurp(f->path, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(before, after, n1);
	free(before);
	free(after);

	char *junk = tv_xasprintf("%s/junk.db", f->dir);
	FILE *fp = fopen(junk, "wb");
	for (int i = 0; i < 4096; i++)
		fputc((i * 7919) & 0xff, fp);
	fclose(fp);
	assert_int_equal(tv_store_open(junk, TV_STORE_CREATE, &s, &d), TV_NOT_TAVLE);
	assert_non_null(strstr(d.msg, "is not a SQLite database"));
	/* a text file */
	fp = fopen(junk, "wb");
	fputs("hello\n", fp);
	fclose(fp);
	assert_int_equal(tv_store_open(junk, TV_STORE_CREATE, &s, &d), TV_NOT_TAVLE);
	free(junk);

	/* a SQLite header followed by garbage: refused, not "repaired" */
	char *bad = tv_xasprintf("%s/bad.db", f->dir);
	fp = fopen(bad, "wb");
	fwrite("SQLite format 3", 1, 16, fp);
	for (int i = 0; i < 8192; i++)
		fputc((i * 131) & 0xff, fp);
	fclose(fp);
	size_t n3, n4;
	char *b1 = slurp(bad, &n3);
	enum tv_status r = tv_store_open(bad, TV_STORE_CREATE, &s, &d);
	assert_true(r == TV_CORRUPT || r == TV_NOT_TAVLE);
	assert_null(s);
	char *b2 = slurp(bad, &n4);
	assert_int_equal(n3, n4);
	assert_memory_equal(b1, b2, n3);
	free(b1);
	free(b2);
	free(bad);

	/* an empty file is a new database */
	char *empty = tv_xasprintf("%s/empty.db", f->dir);
	fp = fopen(empty, "wb");
	fclose(fp);
	assert_int_equal(tv_store_open(empty, TV_STORE_CREATE, &s, &d), TV_OK);
	assert_int_equal(tv_store_schema_version(s), TV_SCHEMA_VERSION);
	tv_store_close(s);
	free(empty);
}

static void
test_file_modes(void **state)
{
	struct fx *f = *state;
	mode_t old = umask(022);
	struct tv_store *s;
	struct tv_diag d;
	struct stat sb;
	assert_int_equal(tv_store_open(f->path, TV_STORE_CREATE, &s, &d), TV_OK);
	tv_store_close(s);
	assert_int_equal(stat(f->path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	char *shared = tv_xasprintf("%s/shared.db", f->dir);
	assert_int_equal(tv_store_open(shared, TV_STORE_CREATE | TV_STORE_SHARED, &s, &d), TV_OK);
	tv_store_close(s);
	assert_int_equal(stat(shared, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0660);
	free(shared);
	umask(old);

	/* a file, or a directory, we cannot write: TV_READONLY naming it. Root can write
	 * anything, so as root the check runs in a child that drops to nobody. */
	bool root = geteuid() == 0;
	assert_int_equal(chmod(f->dir, 0777), 0);
	assert_int_equal(chmod(f->path, 0444), 0);
	int r = readonly_probe(f->path, root, true);
	if (r == 77) {
		print_message("nobody cannot reach %s (a private directory on its path): "
			"the read-only cases are skipped\n", f->dir);
		assert_int_equal(chmod(f->dir, 0700), 0);
		assert_int_equal(chmod(f->path, 0600), 0);
		skip();
	}
	assert_int_equal(r, 0);
	assert_int_equal(chmod(f->path, 0666), 0);
	char *wal = tv_xasprintf("%s-wal", f->path), *shm = tv_xasprintf("%s-shm", f->path);
	unlink(wal);
	unlink(shm);
	free(wal);
	free(shm);
	assert_int_equal(chmod(f->dir, 0555), 0);
	assert_int_equal(readonly_probe(f->path, root, false), 0);
	assert_int_equal(chmod(f->dir, 0700), 0);
	assert_int_equal(chmod(f->path, 0600), 0);
}

/* Read-only open of a file that still needs its schema: refused, nothing written. */
static void
test_readonly_needs_upgrade(void **state)
{
	struct fx *f = *state;
	FILE *fp = fopen(f->path, "wb");
	fclose(fp);
	struct tv_store *s;
	struct tv_diag d;
	assert_int_not_equal(tv_store_open(f->path, TV_STORE_READONLY, &s, &d), TV_OK);
	assert_non_null(strstr(d.msg, "open it read-write once"));
	struct stat sb;
	assert_int_equal(stat(f->path, &sb), 0);
	assert_int_equal(sb.st_size, 0);
}

static void
test_concurrent_migration(void **state)
{
	struct fx *f = *state;
	pid_t kids[6];
	for (int i = 0; i < 6; i++) {
		kids[i] = fork();
		assert_true(kids[i] >= 0);
		if (kids[i] == 0) {
			struct tv_store *s;
			struct tv_diag d;
			enum tv_status r = tv_store_open(f->path, TV_STORE_CREATE, &s, &d);
			if (r != TV_OK) {
				fprintf(stderr, "child %d: %s\n", i, d.msg);
				_exit(1);
			}
			char name[32];
			snprintf(name, sizeof name, "Board %d", i);
			struct tv_board b = { .name = name, .start = TV_NO_DAY };
			r = tv_store_board_add(s, &b);
			tv_store_close(s);
			_exit(r == TV_OK ? 0 : 2);
		}
	}
	for (int i = 0; i < 6; i++) {
		int status;
		assert_int_equal(waitpid(kids[i], &status, 0), kids[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	struct tv_store *s;
	struct tv_diag d;
	assert_int_equal(tv_store_open(f->path, 0, &s, &d), TV_OK);
	struct tv_board *boards;
	size_t n;
	OK(s, tv_store_boards(s, true, &boards, &n));
	assert_int_equal(n, 6);
	for (size_t i = 0; i < n; i++)
		tv_board_clear(&boards[i]);
	free(boards);
	tv_store_close(s);
}

/* A schema-1 file (as tavle 0.1 left it, with a board) migrates to 2: the publish
 * state table appears, the board survives, and the state works and cascades. */
static void
test_migration_2(void **state)
{
	struct fx *f = *state;
	struct tv_store *s;
	struct tv_diag d;
	assert_int_equal(tv_store_open(f->path, TV_STORE_CREATE, &s, &d), TV_OK);
	struct tv_board b = { .name = tv_xstrdup("Kommune A"), .start = TV_NO_DAY };
	OK(s, tv_store_board_add(s, &b));
	int64_t board = b.id;
	tv_board_clear(&b);
	tv_store_close(s);
	/* Back to what migration 1 alone makes. */
	sql_exec(f->path, SQL_UNDO_AFTER_8 "DROP TABLE publish_state; ALTER TABLE history DROP COLUMN account; "
		"ALTER TABLE meetings DROP COLUMN ical_sequence; ALTER TABLE tasks DROP COLUMN owner; "
		"PRAGMA user_version = 1;");

	assert_int_equal(tv_store_open(f->path, 0, &s, &d), TV_OK);
	assert_int_equal(tv_store_schema_version(s), TV_SCHEMA_VERSION);
	int64_t id;
	OK(s, tv_store_board_find(s, "Kommune A", &id));
	assert_int_equal(id, board);
	char *report = NULL;
	OK(s, tv_store_check(s, true, &report));
	assert_null(report);

	const char *url = "http://127.0.0.1/alice/tavle/";
	OK(s, tv_store_publish_record(s, board, url, "b@tavle", "\"e1\"", "h1"));
	OK(s, tv_store_publish_record(s, board, url, "a@tavle", NULL, "h2"));
	OK(s, tv_store_publish_record(s, board, "http://other/", "c@tavle", "\"x\"", "h3"));
	OK(s, tv_store_publish_record(s, board, url, "b@tavle", "\"e2\"", "h4")); /* replace */
	IS(s, TV_NOT_FOUND, tv_store_publish_record(s, board + 99, url, "z", NULL, "h"));
	struct tv_publish_item *items;
	size_t n;
	OK(s, tv_store_publish_items(s, board, url, &items, &n));
	assert_int_equal(n, 2);
	assert_string_equal(items[0].uid, "a@tavle");
	assert_null(items[0].etag);
	assert_string_equal(items[0].hash, "h2");
	assert_string_equal(items[1].uid, "b@tavle");
	assert_string_equal(items[1].etag, "\"e2\"");
	assert_string_equal(items[1].hash, "h4");
	for (size_t i = 0; i < n; i++)
		tv_publish_item_clear(&items[i]);
	free(items);
	OK(s, tv_store_publish_forget(s, board, url, "a@tavle"));
	OK(s, tv_store_publish_forget(s, board, url, "never@tavle"));
	OK(s, tv_store_publish_items(s, board, url, &items, &n));
	assert_int_equal(n, 1);
	tv_publish_item_clear(&items[0]);
	free(items);
	tv_store_close(s);

	/* Reopening does not migrate again; read-only refuses state writes. */
	assert_int_equal(tv_store_open(f->path, TV_STORE_READONLY, &s, &d), TV_OK);
	assert_int_equal(tv_store_schema_version(s), TV_SCHEMA_VERSION);
	assert_int_not_equal(tv_store_publish_record(s, board, url, "q", NULL, "h"), TV_OK);
	tv_store_close(s);
	/* The state goes with its board. */
	sql_exec(f->path, "PRAGMA foreign_keys = ON; DELETE FROM boards;");
	assert_int_equal(tv_store_open(f->path, 0, &s, &d), TV_OK);
	OK(s, tv_store_publish_items(s, board, "http://other/", &items, &n));
	assert_int_equal(n, 0);
	free(items);
	tv_store_close(s);
}

/* Schema 6 (tombstones of decisions): a schema-5 file's tombstones survive the table's
 * rebuild, the result passes `check`'s schema comparison, and a decision removal then
 * leaves its tombstone. */
static void
test_migration_6(void **state)
{
	struct fx *f = *state;
	struct tv_store *s;
	struct tv_diag d;
	assert_int_equal(tv_store_open(f->path, TV_STORE_CREATE, &s, &d), TV_OK);
	struct tv_board b = { .name = tv_xstrdup("Kommune A"), .start = TV_NO_DAY };
	OK(s, tv_store_board_add(s, &b));
	struct tv_meeting m = { .board_id = b.id, .title = tv_xstrdup("Infomøde"),
		.start = { day(2027, 3, 10), 600 }, .end = { day(2027, 3, 10), 660 } };
	OK(s, tv_store_meeting_add(s, &m));
	OK(s, tv_store_remove(s, TV_KIND_MEETING, m.id, 0));
	tv_store_close(s);
	/* The tombstones table as schemas 1 to 5 made it (and no schema-7 or -8 column). */
	sql_exec(f->path, SQL_UNDO_AFTER_8 "ALTER TABLE meetings DROP COLUMN ical_sequence; "
		"ALTER TABLE tasks DROP COLUMN owner;");
	sql_exec(f->path,
		"CREATE TABLE t5 (id INTEGER PRIMARY KEY, board_id INTEGER NOT NULL REFERENCES "
		"boards (id) ON DELETE CASCADE, uid TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind = "
		"'package' OR kind = 'task' OR kind = 'phase' OR kind = 'meeting'), summary TEXT NOT "
		"NULL, start_at TEXT, end_at TEXT, sequence INTEGER NOT NULL, deleted_at TEXT NOT "
		"NULL, area TEXT); INSERT INTO t5 SELECT * FROM tombstones; DROP TABLE tombstones; "
		"ALTER TABLE t5 RENAME TO tombstones; "
		"CREATE INDEX tombstones_board ON tombstones (board_id, deleted_at); "
		"CREATE INDEX tombstones_uid ON tombstones (uid); PRAGMA user_version = 5;");

	assert_int_equal(tv_store_open(f->path, 0, &s, &d), TV_OK);
	assert_int_equal(tv_store_schema_version(s), TV_SCHEMA_VERSION);
	char *report = NULL;
	OK(s, tv_store_check(s, true, &report));
	assert_null(report);
	struct tv_decision x = { .board_id = b.id, .title = tv_xstrdup("Go-live"), .area = -1,
		.due = day(2027, 4, 1) };
	OK(s, tv_store_decision_add(s, &x));
	OK(s, tv_store_remove(s, TV_KIND_DECISION, x.id, 0));
	struct tv_board_data *bd;
	OK(s, tv_store_load_board(s, b.id, &bd));
	assert_int_equal(bd->ntombstones, 2);
	assert_string_equal(bd->tombstones[0].uid, m.uid);
	assert_int_equal(bd->tombstones[1].kind, TV_KIND_DECISION);
	tv_board_data_free(bd);
	tv_store_close(s);
	tv_decision_clear(&x);
	tv_meeting_clear(&m);
	tv_board_clear(&b);
}

/* Schema 7 (issue 17): a schema-6 file's meetings gain an empty imported SEQUENCE,
 * which can then be kept and read, and is no field edit (the version stays). */
static void
test_migration_7(void **state)
{
	struct fx *f = *state;
	struct tv_store *s;
	struct tv_diag d;
	assert_int_equal(tv_store_open(f->path, TV_STORE_CREATE, &s, &d), TV_OK);
	struct tv_board b = { .name = tv_xstrdup("Kommune A"), .start = TV_NO_DAY };
	OK(s, tv_store_board_add(s, &b));
	struct tv_meeting m = { .board_id = b.id, .title = tv_xstrdup("Infomøde"),
		.start = { day(2027, 3, 10), 600 }, .end = { day(2027, 3, 10), 660 } };
	OK(s, tv_store_meeting_add(s, &m));
	tv_store_close(s);
	sql_exec(f->path, SQL_UNDO_AFTER_8 "ALTER TABLE meetings DROP COLUMN ical_sequence; "
		"ALTER TABLE tasks DROP COLUMN owner; PRAGMA user_version = 6;");

	assert_int_equal(tv_store_open(f->path, 0, &s, &d), TV_OK);
	assert_int_equal(tv_store_schema_version(s), TV_SCHEMA_VERSION);
	char *report = NULL;
	OK(s, tv_store_check(s, true, &report));
	assert_null(report);
	int64_t seq = 0;
	OK(s, tv_store_meeting_ical_sequence(s, m.id, &seq));
	assert_int_equal(seq, -1);
	OK(s, tv_store_meeting_set_ical_sequence(s, m.id, 4));
	OK(s, tv_store_meeting_ical_sequence(s, m.id, &seq));
	assert_int_equal(seq, 4);
	struct tv_meeting got = { 0 };
	bool found = false;
	OK(s, tv_store_meeting_find_uid(s, b.id, m.uid, &got, &found));
	assert_true(found);
	assert_int_equal(got.version, m.version);
	tv_meeting_clear(&got);
	assert_int_equal(tv_store_meeting_ical_sequence(s, m.id + 100, &seq), TV_NOT_FOUND);
	tv_store_close(s);
	tv_meeting_clear(&m);
	tv_board_clear(&b);
}

/* Schema 8 (issue 16, item 9): a schema-7 file's tasks gain an empty owner, which
 * `set` then fills, the history keeps, undo clears and the owner menu's remembered
 * names include. */
static void
test_migration_8(void **state)
{
	struct fx *f = *state;
	struct tv_store *s;
	struct tv_diag d;
	assert_int_equal(tv_store_open(f->path, TV_STORE_CREATE, &s, &d), TV_OK);
	struct tv_board b = { .name = tv_xstrdup("Kommune A"), .start = TV_NO_DAY };
	OK(s, tv_store_board_add(s, &b));
	struct tv_package p = { .board_id = b.id, .title = tv_xstrdup("Pakke"), .number = 1 };
	OK(s, tv_store_package_add(s, &p));
	struct tv_task t = { .package_id = p.id, .title = tv_xstrdup("Opgave") };
	OK(s, tv_store_task_add(s, &t));
	tv_store_close(s);
	sql_exec(f->path, SQL_UNDO_AFTER_8 "ALTER TABLE tasks DROP COLUMN owner; "
		"PRAGMA user_version = 7;");

	assert_int_equal(tv_store_open(f->path, 0, &s, &d), TV_OK);
	assert_int_equal(tv_store_schema_version(s), TV_SCHEMA_VERSION);
	char *report = NULL;
	OK(s, tv_store_check(s, true, &report));
	assert_null(report);
	char *v = NULL;
	int64_t version = 0;
	OK(s, tv_store_get(s, TV_KIND_TASK, t.id, "owner", &v, &version));
	assert_string_equal(v, "");
	free(v);
	OK(s, tv_store_set(s, TV_KIND_TASK, t.id, "owner", "Mette Holm", version, NULL, NULL));
	int64_t change = tv_store_last_change(s);
	OK(s, tv_store_get(s, TV_KIND_TASK, t.id, "owner", &v, NULL));
	assert_string_equal(v, "Mette Holm");
	free(v);
	char **names;
	size_t n;
	OK(s, tv_store_owner_names(s, b.id, 10, &names, &n));
	assert_int_equal(n, 1);
	assert_string_equal(names[0], "Mette Holm");
	free(names[0]);
	free(names);
	int64_t undo;
	OK(s, tv_store_revert(s, change, &undo));
	OK(s, tv_store_get(s, TV_KIND_TASK, t.id, "owner", &v, NULL));
	assert_string_equal(v, "");
	free(v);
	tv_store_close(s);
	tv_task_clear(&t);
	tv_package_clear(&p);
	tv_board_clear(&b);
}

/* Schema 9 (issue 18): a schema-8 file's boards gain a contact person and its
 * packages a blocked reason and an "after" list, all empty; then each is an editable
 * field, and the store keeps the list sound (the package itself and a cycle refused,
 * a renumbered package followed). */
static void
test_migration_9(void **state)
{
	struct fx *f = *state;
	struct tv_store *s;
	struct tv_diag d;
	assert_int_equal(tv_store_open(f->path, TV_STORE_CREATE, &s, &d), TV_OK);
	struct tv_board b = { .name = tv_xstrdup("Kommune A"), .start = TV_NO_DAY };
	OK(s, tv_store_board_add(s, &b));
	struct tv_package p1 = { .board_id = b.id, .title = tv_xstrdup("En"), .number = 1 };
	struct tv_package p2 = { .board_id = b.id, .title = tv_xstrdup("To"), .number = 2 };
	OK(s, tv_store_package_add(s, &p1));
	OK(s, tv_store_package_add(s, &p2));
	tv_store_close(s);
	sql_exec(f->path, SQL_UNDO_AFTER_8 "PRAGMA user_version = 8;");

	assert_int_equal(tv_store_open(f->path, 0, &s, &d), TV_OK);
	assert_int_equal(tv_store_schema_version(s), TV_SCHEMA_VERSION);
	char *report = NULL;
	OK(s, tv_store_check(s, true, &report));
	assert_null(report);
	char *v = NULL;
	OK(s, tv_store_get(s, TV_KIND_BOARD, b.id, "contact", &v, NULL));
	assert_string_equal(v, "");
	free(v);
	OK(s, tv_store_get(s, TV_KIND_PACKAGE, p2.id, "after", &v, NULL));
	assert_string_equal(v, "");
	free(v);
	OK(s, tv_store_set(s, TV_KIND_BOARD, b.id, "contact", "Mette Holm", 0, NULL, NULL));
	OK(s, tv_store_set(s, TV_KIND_PACKAGE, p2.id, "blocked_reason", "Venter", 0, NULL, NULL));
	OK(s, tv_store_set(s, TV_KIND_PACKAGE, p2.id, "after", "1, 1", 0, NULL, NULL));
	OK(s, tv_store_get(s, TV_KIND_PACKAGE, p2.id, "after", &v, NULL));
	assert_string_equal(v, "1");
	free(v);
	assert_int_equal(tv_store_set(s, TV_KIND_PACKAGE, p1.id, "after", "2", 0, NULL, NULL),
		TV_INVALID);
	assert_non_null(strstr(tv_store_errmsg(s), "1 \u2192 2 \u2192 1"));
	assert_int_equal(tv_store_set(s, TV_KIND_PACKAGE, p1.id, "after", "1", 0, NULL, NULL),
		TV_INVALID);
	OK(s, tv_store_set(s, TV_KIND_PACKAGE, p1.id, "number", "11", 0, NULL, NULL));
	int64_t change = tv_store_last_change(s);
	OK(s, tv_store_get(s, TV_KIND_PACKAGE, p2.id, "after", &v, NULL));
	assert_string_equal(v, "11");
	free(v);
	/* One undo takes the number and the list back together. */
	int64_t undo;
	OK(s, tv_store_revert(s, change, &undo));
	OK(s, tv_store_get(s, TV_KIND_PACKAGE, p2.id, "after", &v, NULL));
	assert_string_equal(v, "1");
	free(v);
	tv_store_close(s);
	tv_package_clear(&p1);
	tv_package_clear(&p2);
	tv_board_clear(&b);
}

/* Schema 12 (issue 17 item 4): a schema-11 file's meetings keep their ids and uids and
 * gain an empty RECURRENCE-ID; then occurrences of one series share the uid, a second
 * meeting with the same uid and RECURRENCE-ID is refused, and a removed occurrence's
 * tombstone keeps its RECURRENCE-ID. */
static void
test_migration_12(void **state)
{
	struct fx *f = *state;
	struct tv_store *s;
	struct tv_diag d;
	assert_int_equal(tv_store_open(f->path, TV_STORE_CREATE, &s, &d), TV_OK);
	struct tv_board b = { .name = tv_xstrdup("Kommune A"), .start = TV_NO_DAY };
	OK(s, tv_store_board_add(s, &b));
	struct tv_meeting m = { .board_id = b.id, .title = tv_xstrdup("Infomøde"),
		.uid = tv_xstrdup("series@example.org"),
		.start = { day(2027, 3, 10), 600 }, .end = { day(2027, 3, 10), 660 } };
	OK(s, tv_store_meeting_add(s, &m));
	tv_store_close(s);
	sql_exec(f->path, SQL_UNDO_AFTER_11 "PRAGMA user_version = 11;");

	assert_int_equal(tv_store_open(f->path, 0, &s, &d), TV_OK);
	assert_int_equal(tv_store_schema_version(s), TV_SCHEMA_VERSION);
	char *report = NULL;
	OK(s, tv_store_check(s, true, &report));
	assert_null(report);
	struct tv_meeting got = { 0 };
	bool found = false;
	OK(s, tv_store_meeting_find_uid(s, b.id, "series@example.org", &got, &found));
	assert_true(found);
	assert_int_equal(got.id, m.id);
	assert_null(got.recurrence_id);
	tv_meeting_clear(&got);
	/* Two occurrences of the same series. */
	struct tv_meeting o1 = { .board_id = b.id, .title = tv_xstrdup("Infomøde"),
		.uid = tv_xstrdup("series@example.org"),
		.recurrence_id = tv_xstrdup("TZID=Europe/Berlin:20270317T100000"),
		.start = { day(2027, 3, 17), 600 }, .end = { day(2027, 3, 17), 660 } };
	struct tv_meeting o2 = { .board_id = b.id, .title = tv_xstrdup("Infomøde"),
		.uid = tv_xstrdup("series@example.org"),
		.recurrence_id = tv_xstrdup("TZID=Europe/Berlin:20270324T100000"),
		.start = { day(2027, 3, 24), 600 }, .end = { day(2027, 3, 24), 660 } };
	OK(s, tv_store_meeting_add(s, &o1));
	OK(s, tv_store_meeting_add(s, &o2));
	assert_true(o1.id > m.id && o2.id > o1.id);
	struct tv_meeting dup = { .board_id = b.id, .title = tv_xstrdup("Igen"),
		.uid = tv_xstrdup("series@example.org"),
		.recurrence_id = tv_xstrdup("TZID=Europe/Berlin:20270317T100000"),
		.start = { day(2027, 3, 17), 600 } };
	assert_int_equal(tv_store_meeting_add(s, &dup), TV_INVALID);
	OK(s, tv_store_meeting_find_occurrence(s, b.id, "series@example.org",
		"TZID=Europe/Berlin:20270324T100000", &got, &found));
	assert_true(found);
	assert_int_equal(got.id, o2.id);
	tv_meeting_clear(&got);
	struct tv_meeting *occ = NULL;
	size_t nocc = 0;
	OK(s, tv_store_meeting_occurrences(s, b.id, "series@example.org", &occ, &nocc));
	assert_int_equal(nocc, 2);
	assert_string_equal(occ[0].recurrence_id, "TZID=Europe/Berlin:20270317T100000");
	for (size_t i = 0; i < nocc; i++)
		tv_meeting_clear(&occ[i]);
	free(occ);
	OK(s, tv_store_remove(s, TV_KIND_MEETING, o1.id, 0));
	struct tv_board_data *bd;
	OK(s, tv_store_load_board(s, b.id, &bd));
	assert_int_equal(bd->nmeetings, 2);
	assert_int_equal(bd->ntombstones, 1);
	assert_string_equal(bd->tombstones[0].recurrence_id, "TZID=Europe/Berlin:20270317T100000");
	tv_board_data_free(bd);
	/* Imported again: the occurrence comes back and its cancellation goes. */
	tv_meeting_clear(&o1);
	o1 = (struct tv_meeting){ .board_id = b.id, .title = tv_xstrdup("Infomøde"),
		.uid = tv_xstrdup("series@example.org"),
		.recurrence_id = tv_xstrdup("TZID=Europe/Berlin:20270317T100000"),
		.start = { day(2027, 3, 17), 600 }, .end = { day(2027, 3, 17), 660 } };
	OK(s, tv_store_meeting_add(s, &o1));
	OK(s, tv_store_load_board(s, b.id, &bd));
	assert_int_equal(bd->nmeetings, 3);
	assert_int_equal(bd->ntombstones, 0);
	tv_board_data_free(bd);
	tv_store_close(s);
	tv_meeting_clear(&dup);
	tv_meeting_clear(&o1);
	tv_meeting_clear(&o2);
	tv_meeting_clear(&m);
	tv_board_clear(&b);
}

/* Schema 13 (issue 17 item 5): a schema-12 file's tombstones gain an empty imported SEQUENCE;
 * removing a meeting then keeps the SEQUENCE it was imported with in its tombstone,
 * which the lookup by uid finds on its own board only, and forgetting drops it; an
 * occurrence's tombstone is found and forgotten by its RECURRENCE-ID only. */
static void
test_migration_13(void **state)
{
	struct fx *f = *state;
	struct tv_store *s;
	struct tv_diag d;
	assert_int_equal(tv_store_open(f->path, TV_STORE_CREATE, &s, &d), TV_OK);
	struct tv_board b = { .name = tv_xstrdup("Kommune A"), .start = TV_NO_DAY };
	OK(s, tv_store_board_add(s, &b));
	struct tv_meeting old = { .board_id = b.id, .title = tv_xstrdup("Før"),
		.uid = tv_xstrdup("old@example.dk"),
		.start = { day(2027, 3, 9), 600 }, .end = { day(2027, 3, 9), 660 } };
	OK(s, tv_store_meeting_add(s, &old));
	OK(s, tv_store_remove(s, TV_KIND_MEETING, old.id, 0));
	tv_store_close(s);
	sql_exec(f->path, SQL_UNDO_AFTER_12 "PRAGMA user_version = 12;");

	assert_int_equal(tv_store_open(f->path, 0, &s, &d), TV_OK);
	assert_int_equal(tv_store_schema_version(s), TV_SCHEMA_VERSION);
	char *report = NULL;
	OK(s, tv_store_check(s, true, &report));
	assert_null(report);
	int64_t seq = 0;
	bool found = false;
	/* Removed before schema 13: a tombstone, no SEQUENCE known. */
	OK(s, tv_store_tombstone_ical_sequence(s, b.id, "old@example.dk", NULL, &seq, &found));
	assert_true(found);
	assert_int_equal(seq, -1);
	struct tv_meeting m = { .board_id = b.id, .title = tv_xstrdup("Infomøde"),
		.uid = tv_xstrdup("inv@example.dk"),
		.start = { day(2027, 3, 10), 600 }, .end = { day(2027, 3, 10), 660 } };
	OK(s, tv_store_meeting_add(s, &m));
	OK(s, tv_store_tombstone_ical_sequence(s, b.id, "inv@example.dk", NULL, &seq, &found));
	assert_false(found);
	OK(s, tv_store_meeting_set_ical_sequence(s, m.id, 3));
	OK(s, tv_store_remove(s, TV_KIND_MEETING, m.id, 0));
	OK(s, tv_store_tombstone_ical_sequence(s, b.id, "inv@example.dk", NULL, &seq, &found));
	assert_true(found);
	assert_int_equal(seq, 3);
	OK(s, tv_store_tombstone_ical_sequence(s, b.id + 1, "inv@example.dk", NULL, &seq, &found));
	assert_false(found);
	assert_int_equal(seq, -1);
	OK(s, tv_store_tombstone_ical_sequence(s, b.id, NULL, NULL, &seq, &found));
	assert_false(found);
	OK(s, tv_store_tombstone_forget(s, b.id, "inv@example.dk", NULL));
	OK(s, tv_store_tombstone_ical_sequence(s, b.id, "inv@example.dk", NULL, &seq, &found));
	assert_false(found);
	/* Per occurrence: the tombstone of one removed occurrence, not of the series'
	 * others nor of a meeting with the series' UID alone. */
	const char *r1 = "TZID=Europe/Berlin:20270317T100000", *r2 = "20270324T090000Z";
	struct tv_meeting o1 = { .board_id = b.id, .title = tv_xstrdup("Serie"),
		.uid = tv_xstrdup("ser@example.dk"), .recurrence_id = tv_xstrdup(r1),
		.start = { day(2027, 3, 17), 600 }, .end = { day(2027, 3, 17), 660 } };
	struct tv_meeting o2 = { .board_id = b.id, .title = tv_xstrdup("Serie"),
		.uid = tv_xstrdup("ser@example.dk"), .recurrence_id = tv_xstrdup(r2),
		.start = { day(2027, 3, 24), 600 }, .end = { day(2027, 3, 24), 660 } };
	OK(s, tv_store_meeting_add(s, &o1));
	OK(s, tv_store_meeting_add(s, &o2));
	OK(s, tv_store_meeting_set_ical_sequence(s, o1.id, 2));
	OK(s, tv_store_meeting_set_ical_sequence(s, o2.id, 5));
	OK(s, tv_store_remove(s, TV_KIND_MEETING, o1.id, 0));
	OK(s, tv_store_remove(s, TV_KIND_MEETING, o2.id, 0));
	OK(s, tv_store_tombstone_ical_sequence(s, b.id, "ser@example.dk", r1, &seq, &found));
	assert_true(found);
	assert_int_equal(seq, 2);
	OK(s, tv_store_tombstone_ical_sequence(s, b.id, "ser@example.dk", r2, &seq, &found));
	assert_true(found);
	assert_int_equal(seq, 5);
	OK(s, tv_store_tombstone_ical_sequence(s, b.id, "ser@example.dk", NULL, &seq, &found));
	assert_false(found);
	OK(s, tv_store_tombstone_forget(s, b.id, "ser@example.dk", r1));
	OK(s, tv_store_tombstone_ical_sequence(s, b.id, "ser@example.dk", r1, &seq, &found));
	assert_false(found);
	OK(s, tv_store_tombstone_ical_sequence(s, b.id, "ser@example.dk", r2, &seq, &found));
	assert_true(found);
	tv_meeting_clear(&o1);
	tv_meeting_clear(&o2);
	OK(s, tv_store_check(s, true, &report));
	assert_null(report);
	tv_store_close(s);
	tv_meeting_clear(&m);
	tv_meeting_clear(&old);
	tv_board_clear(&b);
}

/* Schema 14 (issue 20): a schema-13 file's boards gain an empty CVR number, which can
 * then be set (normalised to eight digits, a bad one refused), and the reported boards
 * table a programme database's imports fill. */
static void
test_migration_14(void **state)
{
	struct fx *f = *state;
	struct tv_store *s;
	struct tv_diag d;
	assert_int_equal(tv_store_open(f->path, TV_STORE_CREATE, &s, &d), TV_OK);
	struct tv_board b = { .name = tv_xstrdup("Kommune A"), .start = TV_NO_DAY };
	OK(s, tv_store_board_add(s, &b));
	tv_store_close(s);
	sql_exec(f->path, SQL_UNDO_AFTER_13 "PRAGMA user_version = 13;");

	assert_int_equal(tv_store_open(f->path, 0, &s, &d), TV_OK);
	assert_int_equal(tv_store_schema_version(s), TV_SCHEMA_VERSION);
	char *report = NULL;
	OK(s, tv_store_check(s, true, &report));
	assert_null(report);
	char *v = NULL;
	OK(s, tv_store_get(s, TV_KIND_BOARD, b.id, "cvr", &v, NULL));
	assert_string_equal(v, "");
	free(v);
	assert_int_equal(tv_store_set(s, TV_KIND_BOARD, b.id, "cvr", "29180007", 0, NULL, NULL),
		TV_INVALID);
	OK(s, tv_store_set(s, TV_KIND_BOARD, b.id, "cvr", "dk29180008", 0, NULL, NULL));
	OK(s, tv_store_get(s, TV_KIND_BOARD, b.id, "cvr", &v, NULL));
	assert_string_equal(v, "29180008");
	free(v);
	struct tv_reported_board *rb = NULL;
	size_t n = 1;
	OK(s, tv_store_reported_boards(s, &rb, &n));
	assert_int_equal(n, 0);
	free(rb);
	tv_store_close(s);
	tv_board_clear(&b);
}

/* Schema 15 (issue 20, package updates): a schema-14 board seeded from the default
 * template gets keys (a package its number, a task "<package>.<n>", a phase, meeting
 * or decision the slug of its name, a person's edit included), version 1 and base
 * values that are today's values, so an update of the same template changes nothing. */
static void
test_migration_15(void **state)
{
	struct fx *f = *state;
	struct tv_store *s;
	struct tv_diag d;
	struct tv_template *tpl = NULL;
	assert_int_equal(tv_template_load_default(&tpl, &d), TV_OK);
	assert_int_equal(tv_store_open(f->path, TV_STORE_CREATE, &s, &d), TV_OK);
	struct tv_board b = { .name = "Kommune A", .start = 18414 };
	OK(s, tv_template_instantiate(s, tpl, &b, &d));
	struct tv_board_data *data = NULL;
	OK(s, tv_store_load_board(s, b.id, &data));
	int64_t task = data->packages[0].tasks[1].id, phase = data->phases[0].id;
	int number = data->packages[0].number;
	tv_board_data_free(data);
	OK(s, tv_store_set(s, TV_KIND_PHASE, phase, "name", "Vores opstart", 0, NULL, NULL));
	tv_store_close(s);
	sql_exec(f->path, SQL_UNDO_AFTER_14 "PRAGMA user_version = 14;");

	assert_int_equal(tv_store_open(f->path, 0, &s, &d), TV_OK);
	assert_int_equal(tv_store_schema_version(s), TV_SCHEMA_VERSION);
	char *report = NULL;
	OK(s, tv_store_check(s, true, &report));
	assert_null(report);
	char *v = NULL, want[16];
	OK(s, tv_store_tmpl_get(s, TV_TMPL_META_KEY, TV_KIND_TASK, task, "", &v));
	snprintf(want, sizeof want, "%d.2", number);
	assert_string_equal(v, want);
	free(v);
	OK(s, tv_store_tmpl_get(s, TV_TMPL_META_KEY, TV_KIND_PHASE, phase, "", &v));
	assert_string_equal(v, "vores-opstart");
	free(v);
	OK(s, tv_store_tmpl_get(s, TV_TMPL_META_BASE, TV_KIND_PHASE, phase, "name", &v));
	assert_string_equal(v, "Vores opstart");
	free(v);
	int version = 0;
	OK(s, tv_tmpl_update_version(s, b.id, &version));
	assert_int_equal(version, 1);
	tv_store_close(s);
	tv_template_free(tpl);
	free(b.created_at);
}

/* Undoing the removal of one occurrence of a series (history revert) brings that
 * occurrence back and drops its tombstone only: the other removed occurrences of the
 * series stay cancelled, in the store and so in the export. */
static void
test_occurrence_undo(void **state)
{
	struct fx *f = *state;
	struct tv_store *s = f->s;
	const char *rids[] = { "20270317T090000Z", "20270324T090000Z", "20270331T090000Z" };
	int64_t ids[3], change = 0;
	for (int i = 0; i < 3; i++) {
		struct tv_meeting m = { .board_id = f->board, .title = tv_xstrdup("Serie"),
			.uid = tv_xstrdup("undo@example.dk"), .recurrence_id = tv_xstrdup(rids[i]),
			.start = { day(2027, 3, 17 + 7 * i), 600 },
			.end = { day(2027, 3, 17 + 7 * i), 660 } };
		OK(s, tv_store_meeting_add(s, &m));
		ids[i] = m.id;
		tv_meeting_clear(&m);
	}
	for (int i = 0; i < 3; i++) {
		OK(s, tv_store_remove(s, TV_KIND_MEETING, ids[i], 0));
		if (i == 1)
			change = tv_store_last_change(s);
	}
	int64_t undo;
	OK(s, tv_store_revert(s, change, &undo));
	struct tv_board_data *bd;
	OK(s, tv_store_load_board(s, f->board, &bd));
	assert_int_equal(bd->nmeetings, 1);
	assert_string_equal(bd->meetings[0].recurrence_id, rids[1]);
	assert_int_equal(bd->ntombstones, 2);
	for (size_t i = 0; i < bd->ntombstones; i++) {
		assert_non_null(bd->tombstones[i].recurrence_id);
		assert_string_not_equal(bd->tombstones[i].recurrence_id, rids[1]);
	}
	tv_board_data_free(bd);
}

static void
test_fields_table(void **state)
{
	(void)state;
	const char *const *pf = tv_store_fields(TV_KIND_PACKAGE);
	const char *want[] = { "title", "status", "owner", "deadline", "phase", "area", "number",
		"background", "requirements", "process", "involvement", "output", "materials",
		NULL };
	for (int i = 0; want[i]; i++) {
		assert_non_null(pf[i]);
		assert_string_equal(pf[i], want[i]);
	}
	assert_string_equal(tv_store_fields(TV_KIND_COMMENT)[0], "text");
	assert_null(tv_store_fields(TV_KIND_COMMENT)[1]);
	assert_string_equal(tv_store_fields(TV_KIND_PHASE)[4], "reason");
	assert_string_equal(tv_store_fields(TV_KIND_TASK)[5], "owner");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memory_migrates),
		cmocka_unit_test(test_fields_table),
		cmocka_unit_test_setup_teardown(test_reopen_idempotent, setup_dir, teardown),
		cmocka_unit_test_setup_teardown(test_newer_schema_refused, setup_dir, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_files_refused, setup_dir, teardown),
		cmocka_unit_test_setup_teardown(test_file_modes, setup_dir, teardown),
		cmocka_unit_test_setup_teardown(test_readonly_needs_upgrade, setup_dir, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_migration, setup_dir, teardown),
		cmocka_unit_test_setup_teardown(test_migration_2, setup_dir, teardown),
		cmocka_unit_test_setup_teardown(test_migration_6, setup_dir, teardown),
		cmocka_unit_test_setup_teardown(test_migration_7, setup_dir, teardown),
		cmocka_unit_test_setup_teardown(test_migration_8, setup_dir, teardown),
		cmocka_unit_test_setup_teardown(test_migration_9, setup_dir, teardown),
		cmocka_unit_test_setup_teardown(test_migration_12, setup_dir, teardown),
		cmocka_unit_test_setup_teardown(test_migration_13, setup_dir, teardown),
		cmocka_unit_test_setup_teardown(test_migration_14, setup_dir, teardown),
		cmocka_unit_test_setup_teardown(test_migration_15, setup_dir, teardown),
		cmocka_unit_test_setup_teardown(test_occurrence_undo, setup_board, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
