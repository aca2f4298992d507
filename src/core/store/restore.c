/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Restoring a backup into the live database: the backup file is read whole into an
 * in-memory database (the backup itself is never opened by SQLite, so nothing is
 * written next to it), judged there (integrity, a tavle database, not newer, no
 * foreign triggers), brought to this tavle's schema, given a history row per board
 * that names it, its calendar sequences carried past what the live database exported
 * (a restored item's older text is a change; an item only the live database had
 * leaves a tombstone), and only then copied page by page into the live database with
 * SQLite's online backup API, under the live database's write lock. The live file is
 * never replaced: open sessions keep their connections and see the new content
 * through PRAGMA data_version, as they see any other commit.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_int.h"

/* Read the file at `path` whole into memory from sqlite3_malloc64 (for
 * SQLITE_DESERIALIZE_FREEONCLOSE). */
static enum tv_status
read_whole(struct tv_store *s, const char *path, unsigned char **out, sqlite3_int64 *out_len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return store_fail(s, errno == ENOENT ? TV_NOT_FOUND : TV_IO,
			"cannot read the backup %s: %s", path, strerror(errno));
	struct stat sb;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return store_fail(s, TV_INVALID, "the backup %s is not a regular file", path);
	}
	if (sb.st_size < 512) {
		close(fd);
		return store_fail(s, TV_NOT_TAVLE, "the backup %s is not a tavle database (not "
			"a SQLite file); nothing was changed", path);
	}
	unsigned char *buf = sqlite3_malloc64((sqlite3_uint64)sb.st_size);
	if (!buf) {
		close(fd);
		return store_fail(s, TV_IO, "the backup %s does not fit in memory", path);
	}
	off_t got = 0;
	while (got < sb.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)(sb.st_size - got));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = n < 0 ? errno : EIO;
			close(fd);
			sqlite3_free(buf);
			return store_fail(s, TV_IO, "cannot read the backup %s: %s", path,
				strerror(e));
		}
		got += n;
	}
	close(fd);
	*out = buf;
	*out_len = sb.st_size;
	return TV_OK;
}

/* The first column of a one-row pragma on `db`, as text (caller frees), or NULL. */
static char *
pragma_text(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	char *v = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
		sqlite3_step(st) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		v = tv_xstrdup(t ? t : "");
	}
	sqlite3_finalize(st);
	return v;
}

static int64_t
pragma_int(sqlite3 *db, const char *sql)
{
	char *t = pragma_text(db, sql);
	int64_t v = t ? strtoll(t, NULL, 10) : -1;
	free(t);
	return v;
}

/* A connection of the store's kind on an in-memory copy of the backup, so the
 * store's own statements, migrations and history record work on it. */
static enum tv_status
load_backup(struct tv_store *live, const char *path, struct tv_store **out)
{
	unsigned char *buf = NULL;
	sqlite3_int64 len = 0;
	enum tv_status r = read_whole(live, path, &buf, &len);
	if (r != TV_OK)
		return r;
	if (memcmp(buf, "SQLite format 3", 16) != 0) {
		sqlite3_free(buf);
		return store_fail(live, TV_NOT_TAVLE, "the backup %s is not a tavle database "
			"(not a SQLite file); nothing was changed", path);
	}
	/* A WAL-mode header (18 and 19 = 2) cannot be read from memory: the copy is a
	 * rollback-journal database (the live file keeps its own WAL mode). */
	if (buf[18] == 2 && buf[19] == 2)
		buf[18] = buf[19] = 1;
	struct tv_store *m = tv_xcalloc(1, sizeof *m);
	m->path = tv_xstrdup(path);
	m->user = tv_xstrdup(live->user ? live->user : "");
	m->account = live->account ? tv_xstrdup(live->account) : NULL; /* shared database */
	m->now = live->now;
	r = TV_OK;
	if (sqlite3_open_v2(":memory:", &m->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
		NULL) != SQLITE_OK ||
		sqlite3_deserialize(m->db, "main", buf, len, len,
			SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) != SQLITE_OK) {
		r = store_fail(live, TV_IO, "cannot load the backup %s: %s", path,
			m->db ? sqlite3_errmsg(m->db) : "out of memory");
		tv_store_close(m);
		return r;
	}
	sqlite3_extended_result_codes(m->db, 1);
	sqlite3_db_config(m->db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
	sqlite3_exec(m->db, "PRAGMA trusted_schema = OFF; PRAGMA foreign_keys = ON", NULL, NULL,
		NULL);
	*out = m;
	return TV_OK;
}

/* Everything the backup must be before it may replace the live content. */
static enum tv_status
judge_backup(struct tv_store *live, struct tv_store *m, const char *path)
{
	char *ic = pragma_text(m->db, "PRAGMA integrity_check");
	if (!ic || strcmp(ic, "ok") != 0) {
		char *q = store_quote(ic ? ic : sqlite3_errmsg(m->db));
		enum tv_status r = store_fail(live, TV_CORRUPT, "the backup %s is damaged "
			"(integrity_check: %s); nothing was changed", path, q);
		free(q);
		free(ic);
		return r;
	}
	free(ic);
	struct store_probe p;
	int rc = store_probe_db(m->db, &p);
	if (rc != SQLITE_OK)
		return store_fail(live, TV_CORRUPT, "the backup %s cannot be read (%s); nothing "
			"was changed", path, sqlite3_errstr(rc));
	struct tv_diag diag;
	tv_diag_clear(&diag);
	enum tv_status r = store_judge_probe(path, &p, &diag);
	if (r == TV_OK && p.user_version < 1)
		r = tv_diag_set(&diag, TV_NOT_TAVLE, "%s is not a tavle database (no tavle "
			"schema); nothing was changed", path);
	if (r != TV_OK) {
		char buf[sizeof live->err];
		tv_diag_format(&diag, buf, sizeof buf);
		return store_fail(live, r, "the backup: %s", buf);
	}
	char *evil = NULL;
	if ((r = store_foreign_triggers(m, m->db, &evil)) != TV_OK)
		return store_fail(live, r, "%s", m->err);
	if (evil) {
		r = store_fail(live, TV_UNSUPPORTED, "the backup %s carries triggers tavle did "
			"not create (%s); nothing was changed", path, evil);
		free(evil);
		return r;
	}
	return TV_OK;
}

/* ---- calendar sequences across a restore (issue 17, item 9) ---- */

/* Every exported item of the live database, and its tombstones, with the SEQUENCE it
 * was last exported with: what subscribed calendars hold. */
static const char live_items_sql[] =
	"SELECT uid, 'package', board_id, number || ' ' || title, deadline, deadline, "
	"version - 1 + export_rev, area, 0, NULL FROM packages "
	"UNION ALL SELECT t.uid, 'task', p.board_id, t.title, t.deadline, t.deadline, "
	"t.version - 1 + t.export_rev, p.area, 0, NULL FROM tasks AS t JOIN packages AS p "
	"ON p.id = t.package_id "
	"UNION ALL SELECT uid, 'phase', board_id, name, start_date, end_date, "
	"version - 1 + export_rev, NULL, 0, NULL FROM phases "
	"UNION ALL SELECT uid, 'meeting', board_id, title, start_at, end_at, "
	"version - 1 + export_rev, NULL, 0, NULL FROM meetings "
	"UNION ALL SELECT 'decision-' || board_id || '-' || id, 'decision', board_id, title, "
	"due, due, version - 1 + export_rev, area, 0, NULL FROM decisions WHERE due IS NOT NULL "
	"UNION ALL SELECT uid, kind, board_id, summary, start_at, end_at, sequence, area, 1, "
	"deleted_at FROM tombstones";

/* In the copy, with ?1 = now: an item a calendar holds at a SEQUENCE at least the
 * copy's goes one past it (its older text is a change too); an item only the live
 * database has leaves a tombstone, as if removed, and a live tombstone stays. */
#define LIVE_MAX(uid) "(SELECT max(seq) FROM temp.live_items WHERE uid = " uid ")"
#define RAISE_COPY(table, uid) \
	"UPDATE " table " SET export_rev = " LIVE_MAX(uid) " - version + 2, export_at = ?1 " \
	"WHERE " LIVE_MAX(uid) " >= version - 1 + export_rev"
static const char *const carry_sql[] = {
	RAISE_COPY("packages", "packages.uid"),
	RAISE_COPY("tasks", "tasks.uid"),
	RAISE_COPY("phases", "phases.uid"),
	RAISE_COPY("meetings", "meetings.uid"),
	RAISE_COPY("decisions", "'decision-' || decisions.board_id || '-' || decisions.id"),
	"UPDATE tombstones SET sequence = " LIVE_MAX("tombstones.uid") " + 1 WHERE "
	LIVE_MAX("tombstones.uid") " >= sequence",
	"INSERT INTO tombstones (board_id, uid, kind, summary, start_at, end_at, sequence, "
	"deleted_at, area) SELECT l.board_id, l.uid, l.kind, l.summary, l.start_at, l.end_at, "
	"l.seq + 1 - l.gone, coalesce(l.deleted_at, ?1), l.area FROM temp.live_items AS l "
	"WHERE l.uid NOT IN (SELECT uid FROM packages UNION ALL SELECT uid FROM tasks "
	"UNION ALL SELECT uid FROM phases UNION ALL SELECT uid FROM meetings UNION ALL "
	"SELECT 'decision-' || board_id || '-' || id FROM decisions WHERE due IS NOT NULL "
	"UNION ALL SELECT uid FROM tombstones) "
	"AND l.seq = (SELECT max(seq) FROM temp.live_items WHERE uid = l.uid)",
};

/* Copy the live items into temp.live_items of the copy, then carry their sequences
 * forward (carry_sql): after a restore no UID's SEQUENCE is lower than a calendar
 * holds, and one that went back to older text is higher. Inside the copy's
 * transaction. */
static enum tv_status
carry_sequences(struct tv_store *live, struct tv_store *m)
{
	int rc = sqlite3_exec(m->db, "CREATE TEMP TABLE live_items (uid TEXT, kind TEXT, "
		"board_id INTEGER, summary TEXT, start_at TEXT, end_at TEXT, seq INTEGER, "
		"area TEXT, gone INTEGER, deleted_at TEXT); CREATE INDEX temp.live_items_uid "
		"ON live_items (uid)", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return store_db_fail(m, rc);
	sqlite3_stmt *from = NULL, *to = NULL;
	rc = sqlite3_prepare_v2(live->db, live_items_sql, -1, &from, NULL);
	if (rc != SQLITE_OK) {
		enum tv_status r = store_db_fail(live, rc);
		return store_fail(m, r, "%s", live->err);
	}
	int rc_from = SQLITE_DONE;
	rc = sqlite3_prepare_v2(m->db, "INSERT INTO temp.live_items VALUES (?1, ?2, ?3, ?4, "
		"?5, ?6, ?7, ?8, ?9, ?10)", -1, &to, NULL);
	while (rc == SQLITE_OK && (rc_from = sqlite3_step(from)) == SQLITE_ROW) {
		for (int i = 0; i < 10; i++)
			sqlite3_bind_value(to, i + 1, sqlite3_column_value(from, i));
		rc = sqlite3_step(to);
		sqlite3_reset(to);
		if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
	}
	sqlite3_finalize(from);
	sqlite3_finalize(to);
	if (rc != SQLITE_OK)
		return store_db_fail(m, rc);
	if (rc_from != SQLITE_DONE) {
		enum tv_status r = store_db_fail(live, rc_from);
		return store_fail(m, r, "%s", live->err);
	}
	char now[STAMP_BUF];
	store_stamp(live, now);
	for (size_t i = 0; i < sizeof carry_sql / sizeof carry_sql[0]; i++) {
		sqlite3_stmt *st = NULL;
		rc = sqlite3_prepare_v2(m->db, carry_sql[i], -1, &st, NULL);
		if (rc == SQLITE_OK) {
			sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
			rc = sqlite3_step(st);
			rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_OK)
			return store_db_fail(m, rc);
	}
	rc = sqlite3_exec(m->db, "DROP TABLE temp.live_items", NULL, NULL, NULL);
	return rc == SQLITE_OK ? TV_OK : store_db_fail(m, rc);
}

/* Bring the copy to this tavle's schema and record the restore on every board, in
 * one transaction of the copy. */
static enum tv_status
prepare_copy(struct tv_store *live, struct tv_store *m, const char *path)
{
	enum tv_status r = store_exec(m, S_BEGIN);
	if (r != TV_OK)
		return store_fail(live, r, "%s", m->err);
	int64_t v = pragma_int(m->db, "PRAGMA user_version");
	struct tv_diag diag;
	tv_diag_clear(&diag);
	if (v < TV_SCHEMA_VERSION && (r = store_schema_upgrade(m, v, &diag)) != TV_OK) {
		char buf[sizeof live->err];
		tv_diag_format(&diag, buf, sizeof buf);
		store_exec(m, S_ROLLBACK);
		return store_fail(live, r, "the backup: %s", buf);
	}
	/* The restore's change id comes after every change the live database had, so
	 * an id an open session remembers (for undo) is never given to a new change. */
	int64_t live_next = 0, copy_next = 0;
	if ((r = store_query_int(live, store_prep(live, S_NEXT_CHANGE), &live_next)) != TV_OK ||
		(r = store_query_int(m, store_prep(m, S_NEXT_CHANGE), &copy_next)) != TV_OK) {
		store_exec(m, S_ROLLBACK);
		return r;
	}
	m->change_id = live_next > copy_next ? live_next : copy_next;
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(m->db, "SELECT id FROM boards ORDER BY id", -1, &st, NULL);
	r = rc == SQLITE_OK ? TV_OK : store_db_fail(m, rc);
	while (r == TV_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct ctx c = { sqlite3_column_int64(st, 0), 0, 0 };
		/* Shown by tavle log as "board #N set restored: '' -> 'PATH'". */
		r = store_record(m, &c, TV_KIND_BOARD, c.board_id, "set", "restored", "", path);
	}
	if (r == TV_OK && rc != SQLITE_DONE)
		r = store_db_fail(m, rc);
	sqlite3_finalize(st);
	if (r == TV_OK)
		r = carry_sequences(live, m);
	if (r == TV_OK)
		r = store_exec(m, S_COMMIT);
	if (r != TV_OK) {
		if (!sqlite3_get_autocommit(m->db))
			store_exec(m, S_ROLLBACK);
		return store_fail(live, r, "preparing the backup %s: %s", path, m->err);
	}
	/* In WAL mode the live page size cannot change, and a deserialized copy's cannot
	 * either: such a backup (never one tavle made) is refused with both sizes. */
	int64_t want = pragma_int(live->db, "PRAGMA page_size");
	int64_t have = pragma_int(m->db, "PRAGMA page_size");
	if (want > 0 && have != want)
		return store_fail(live, TV_UNSUPPORTED, "the backup %s has pages of %lld bytes "
			"and the database of %lld; nothing was changed", path, (long long)have,
			(long long)want);
	return TV_OK;
}

enum tv_status
tv_store_restore(struct tv_store *store, const char *path)
{
	if (!path || !*path)
		return store_fail(store, TV_INVALID, "no backup file given");
	if (store->flags & TV_STORE_READONLY)
		return store_fail(store, TV_READONLY, "%s is open read-only", store->path);
	if (store->depth > 0)
		return store_fail(store, TV_INVALID, "restore inside a transaction");
	enum tv_status r = store_check_same_file(store);
	if (r != TV_OK)
		return r;
	if (store_wal_has_content(path))
		return store_fail(store, TV_INVALID, "the backup %s has a %s-wal beside it with "
			"changes not in the file itself (a copy of a database in use, not a tavle "
			"backup); nothing was changed", path, path);
	struct tv_store *m = NULL;
	if ((r = load_backup(store, path, &m)) != TV_OK)
		return r;
	if ((r = judge_backup(store, m, path)) != TV_OK ||
		(r = prepare_copy(store, m, path)) != TV_OK)
		goto out;
	/* One step copies every page under the live database's write lock (its busy
	 * timeout applies, as for every write); readers see all of it or none. */
	sqlite3_backup *b = sqlite3_backup_init(store->db, "main", m->db, "main");
	if (!b) {
		r = store_fail(store, store_map_rc(sqlite3_errcode(store->db)) == TV_OK ? TV_DB :
			store_map_rc(sqlite3_errcode(store->db)), "restoring %s: %s", path,
			sqlite3_errmsg(store->db));
		goto out;
	}
	int rc = sqlite3_backup_step(b, -1);
	int frc = sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE || frc != SQLITE_OK) {
		int bad = rc != SQLITE_DONE ? rc : frc;
		if ((bad & 0xff) == SQLITE_BUSY || (bad & 0xff) == SQLITE_LOCKED)
			r = store_fail(store, TV_BUSY, "database busy (another tavle is writing); "
				"nothing was restored; try again");
		else
			r = store_fail(store, store_map_rc(bad) == TV_OK ? TV_DB : store_map_rc(bad),
				"restoring %s failed: %s", path, sqlite3_errstr(bad));
		goto out;
	}
	store->last_change = 0; /* the undo of a change before the restore is gone */
out:
	tv_store_close(m);
	return r;
}
