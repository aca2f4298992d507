/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Opening and closing: the checks on the file before SQLite has it (file system,
 * creation with the right mode, the header of a newer or foreign file, write access),
 * the read-only probe of the schema, WAL mode, the migration transaction, the
 * connection's settings, the identity (device, inode) of the file opened and the check
 * before each write that the path still names it, and the small questions about an
 * open connection (schema version, idle, data version, history head).
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "tavle/fileio.h"
#include "store_int.h"

#define BUSY_TIMEOUT_MS 5000

/* WAL needs shared memory that works only on a local file system: see sqlite.org wal.html. */
static enum tv_status
check_filesystem(const char *dir, struct tv_diag *diag)
{
	const char *allow = getenv("TAVLE_ALLOW_NETFS");
	if (allow && strcmp(allow, "1") == 0)
		return TV_OK;
	struct statfs fs;
	if (statfs(dir, &fs) != 0) {
		if (errno == ENOENT)
			return tv_diag_set(diag, TV_NOT_FOUND, "directory %s does not exist", dir);
		return TV_OK; /* cannot tell; SQLite will complain if it matters */
	}
	const char *net = tv_fs_network_name((unsigned long)fs.f_type);
	if (net)
		return tv_diag_set(diag, TV_UNSUPPORTED,
			"%s is on a %s file system: tavle's database needs a local file "
			"system: SQLite WAL uses shared memory and locks that do not work "
			"across machines, and the database would be corrupted; move it to a "
			"local disk of the server, or set TAVLE_ALLOW_NETFS=1 to try anyway",
			dir, net);
	return TV_OK;
}

/* Does PATH-wal hold commits not yet in PATH (a non-empty write-ahead log)? */
bool
store_wal_has_content(const char *path)
{
	char *wal = tv_xasprintf("%s-wal", path);
	struct stat ws;
	bool content = stat(wal, &ws) == 0 && ws.st_size > 0;
	free(wal);
	return content;
}

bool
tv_store_file_unmade(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size == 0 &&
		!store_wal_has_content(path);
}

/* SQLite (built with SQLITE_USE_URI on Debian) reads a name starting with "file:" as
 * a URI, which the checks above would not have seen: "./file:x.db" is the same file
 * and never a URI. */
char *
store_file_name(const char *path)
{
	if (strncmp(path, "file:", 5) == 0)
		return tv_xasprintf("./%s", path);
	return tv_xstrdup(path);
}

/* The one refusal of a file from a newer tavle: from its header or from the probe. */
static enum tv_status
refuse_newer(const char *path, long long version, struct tv_diag *diag)
{
	return tv_diag_set(diag, TV_SCHEMA_NEWER, "%s was written by a newer tavle (schema "
		"%lld; this tavle knows %d); nothing was changed", path, version,
		TV_SCHEMA_VERSION);
}

/* Everything that must be settled before SQLite has the file open: SQLite's POSIX
 * locks are dropped when any descriptor on the file is closed, so the file is created
 * (with the right mode) and its header sniffed only here. */
static enum tv_status
prepare_file(const char *path, unsigned flags, struct tv_diag *diag)
{
	bool ro = flags & TV_STORE_READONLY;
	char *dir = tv_path_dir(path);
	enum tv_status r = check_filesystem(dir, diag);
	if (r != TV_OK)
		goto out;
	struct stat sb;
	if (stat(path, &sb) != 0) {
		if (errno != ENOENT) {
			r = tv_diag_set(diag, TV_IO, "%s: %s", path, strerror(errno));
			goto out;
		}
		if (!(flags & TV_STORE_CREATE) || ro) {
			r = tv_diag_set(diag, TV_NOT_FOUND, "%s does not exist", path);
			goto out;
		}
		mode_t mode = (flags & TV_STORE_SHARED) ? 0660 : 0600;
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
		if (fd < 0 && errno != EEXIST) {
			int e = errno;
			r = tv_diag_set(diag, e == EACCES || e == EROFS || e == EPERM ?
				TV_READONLY : TV_IO, "cannot create %s: %s", path, strerror(e));
			goto out;
		}
		if (fd >= 0) {
			/* umask would narrow a group-shared file: set the mode exactly. */
			if (fchmod(fd, mode) != 0) {
				int e = errno;
				close(fd);
				r = tv_diag_set(diag, TV_IO, "cannot set the mode of %s: %s", path,
					strerror(e));
				goto out;
			}
			close(fd);
		}
		if (stat(path, &sb) != 0) {
			r = tv_diag_set(diag, TV_IO, "%s: %s", path, strerror(errno));
			goto out;
		}
	}
	if (!S_ISREG(sb.st_mode)) {
		r = tv_diag_set(diag, TV_IO, "%s is not a regular file", path);
		goto out;
	}
	/* A -wal, -shm or -journal planted by another account would be read as part of
	 * the board (and a -wal checkpointed into it): refuse before SQLite sees them. */
	if ((r = tv_shared_trust_files(path, diag)) != TV_OK)
		goto out;
	if (sb.st_size > 0) {
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			int e = errno;
			r = tv_diag_set(diag, e == EACCES ? TV_READONLY : TV_IO,
				"cannot read %s: %s", path, strerror(e));
			goto out;
		}
		unsigned char head[100];
		ssize_t n = read(fd, head, sizeof head);
		close(fd);
		if (n < 16 || memcmp(head, "SQLite format 3", 16) != 0) {
			r = tv_diag_set(diag, TV_NOT_TAVLE,
				"%s is not a SQLite database (not a tavle database); nothing was "
				"changed", path);
			goto out;
		}
		/* A newer schema is refused before SQLite opens the file: even a read-only
		 * open of a WAL database leaves empty -wal and -shm files behind. The
		 * header's user_version (offset 60, big-endian) is authoritative only when
		 * no -wal holds later commits; otherwise the probe below judges it. */
		/* Trust the header only when it looks like one: the payload fractions are
		 * fixed at 64/32/32 and the page size is a power of two (1 means 65536). */
		unsigned page = (unsigned)head[16] << 8 | head[17];
		bool sane = n == (ssize_t)sizeof head && head[21] == 64 && head[22] == 32 &&
			head[23] == 32 && (page == 1 || (page >= 512 && (page & (page - 1)) == 0));
		if (sane && !store_wal_has_content(path)) {
			uint32_t uv = (uint32_t)head[60] << 24 | (uint32_t)head[61] << 16 |
				(uint32_t)head[62] << 8 | head[63];
			if (uv > TV_SCHEMA_VERSION) {
				r = refuse_newer(path, uv, diag);
				goto out;
			}
		}
	}
	if (!ro) {
		if (access(path, W_OK) != 0) {
			r = tv_diag_set(diag, TV_READONLY,
				"%s is read-only: you have no write permission on it (open it "
				"read-only, or ask its owner for access)", path);
			goto out;
		}
		if (access(dir, W_OK) != 0) {
			char *wal = tv_xasprintf("%s-wal", path);
			char *shm = tv_xasprintf("%s-shm", path);
			bool ok = access(wal, W_OK) == 0 && access(shm, W_OK) == 0;
			free(wal);
			free(shm);
			if (!ok) {
				r = tv_diag_set(diag, TV_READONLY,
					"%s is read-only: its directory %s is not writable and "
					"SQLite must create %s-wal there", path, dir, path);
				goto out;
			}
		}
	}
	r = TV_OK;
out:
	free(dir);
	return r;
}

/* Read-only look at the file's header and schema (writes nothing). */
int
store_probe_db(sqlite3 *db, struct store_probe *p)
{
	static const char *const sql[] = {
		"PRAGMA user_version",
		"PRAGMA application_id",
		"SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
		"SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'tavle_meta'",
	};
	int64_t v[4] = { 0 };
	for (int i = 0; i < 4; i++) {
		sqlite3_stmt *st;
		int rc = sqlite3_prepare_v2(db, sql[i], -1, &st, NULL);
		if (rc != SQLITE_OK)
			return rc;
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			v[i] = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return rc;
	}
	p->user_version = v[0];
	p->app_id = v[1];
	p->ntables = v[2];
	p->has_meta = v[3] > 0;
	return SQLITE_OK;
}

enum tv_status
store_judge_probe(const char *path, const struct store_probe *p, struct tv_diag *diag)
{
	bool marked = p->app_id == TV_APPLICATION_ID || p->has_meta;
	if (!marked && (p->ntables > 0 || p->user_version > 0 || p->app_id != 0))
		return tv_diag_set(diag, TV_NOT_TAVLE,
			"%s is a SQLite database of another program (no tavle marker); nothing "
			"was changed", path);
	if (p->user_version > TV_SCHEMA_VERSION)
		return refuse_newer(path, p->user_version, diag);
	return TV_OK;
}

static enum tv_status
open_fail(struct tv_store *s, int rc, struct tv_diag *diag, const char *what)
{
	enum tv_status st = store_map_rc(rc);
	if (st == TV_OK)
		st = TV_DB;
	if (st == TV_BUSY)
		return tv_diag_set(diag, st, "database busy (another tavle is writing); try again");
	if (st == TV_NOT_TAVLE)
		return tv_diag_set(diag, st, "%s is not a SQLite database; nothing was changed",
			s->path);
	if (st == TV_CORRUPT)
		return tv_diag_set(diag, st, "%s is damaged (%s); restore a backup", s->path,
			s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
	/* "disk I/O error" alone does not say what to fix; the system's reason does
	 * ("No space left on device" when the -shm cannot be made on a full disk). */
	int sys = s->db ? sqlite3_system_errno(s->db) : 0;
	if (sys && ((rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_CANTOPEN))
		return tv_diag_set(diag, st, "%s: %s: %s (%s)", s->path, what,
			sqlite3_errmsg(s->db), strerror(sys));
	return tv_diag_set(diag, st, "%s: %s: %s", s->path, what,
		s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
}

/* Migrate under BEGIN IMMEDIATE, re-reading the version inside: of several processes
 * starting at once, the first migrates and the others find the work done. */
static enum tv_status
migrate(struct tv_store *s, struct tv_diag *diag)
{
	enum tv_status r = store_exec(s, S_BEGIN);
	if (r != TV_OK)
		return tv_diag_set(diag, r, "%s", s->err);
	struct store_probe p;
	int rc = store_probe_db(s->db, &p);
	if (rc != SQLITE_OK) {
		r = open_fail(s, rc, diag, "reading the schema");
		goto fail;
	}
	r = store_judge_probe(s->path, &p, diag);
	if (r != TV_OK)
		goto fail;
	if ((r = store_schema_upgrade(s, p.user_version, diag)) != TV_OK)
		goto fail;
	r = store_exec(s, S_COMMIT);
	if (r != TV_OK) {
		tv_diag_set(diag, r, "%s", s->err);
		goto fail;
	}
	return TV_OK;
fail:
	if (!sqlite3_get_autocommit(s->db))
		store_exec(s, S_ROLLBACK);
	return r;
}

static enum tv_status
exec_pragma(struct tv_store *s, const char *sql, struct tv_diag *diag)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? TV_OK : open_fail(s, rc, diag, sql);
}

/* journal_mode=WAL needs a moment of exclusive access; several first starts at once can
 * find it busy, so wait for it as a writer would. */
static enum tv_status
set_wal(struct tv_store *s, bool memory, struct tv_diag *diag)
{
	for (int tries = 0;; tries++) {
		sqlite3_stmt *st;
		int rc = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &st, NULL);
		if (rc == SQLITE_OK) {
			rc = sqlite3_step(st);
			if (rc == SQLITE_ROW) {
				const char *mode = (const char *)sqlite3_column_text(st, 0);
				bool ok = mode && (strcmp(mode, "wal") == 0 ||
					(memory && strcmp(mode, "memory") == 0));
				sqlite3_finalize(st);
				if (!ok)
					return tv_diag_set(diag, TV_UNSUPPORTED,
						"%s: cannot switch to WAL journal mode", s->path);
				return TV_OK;
			}
			sqlite3_finalize(st);
		}
		if ((rc & 0xff) != SQLITE_BUSY || tries >= 100)
			return open_fail(s, rc, diag, "setting WAL mode");
		sqlite3_sleep(50);
	}
}

enum tv_status
tv_store_open(const char *path, unsigned flags, struct tv_store **out, struct tv_diag *diag)
{
	*out = NULL;
	tv_diag_clear(diag);
	if (!path || !*path)
		return tv_diag_set(diag, TV_INVALID, "no database file given");
	bool memory = strcmp(path, ":memory:") == 0;
	bool ro = flags & TV_STORE_READONLY;
	enum tv_status r;
	if (!memory && (r = prepare_file(path, flags, diag)) != TV_OK)
		return r;

	struct tv_store *s = tv_xcalloc(1, sizeof *s);
	s->path = tv_xstrdup(path);
	s->flags = flags;
	s->user = tv_default_user();
	/* In a shared database the display name may be anything a member's environment
	 * says; the history also records the account the change was made from. */
	if (!memory && tv_shared_is_shared(path))
		s->account = tv_user_account();
	int oflags = SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_NOMUTEX |
		(ro ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);
	if (memory)
		oflags |= SQLITE_OPEN_CREATE;
	char *fname = store_file_name(path);
	int rc = sqlite3_open_v2(fname, &s->db, oflags, NULL);
	free(fname);
	if (rc != SQLITE_OK) {
		r = open_fail(s, rc, diag, "cannot open");
		goto fail;
	}
	/* The file's identity, for store_check_same_file before every write. */
	struct stat idsb;
	if (!memory && stat(path, &idsb) == 0) {
		s->has_file = true;
		s->dev = idsb.st_dev;
		s->ino = idsb.st_ino;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
	sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
	/* None of these writes to the file. temp_store=MEMORY keeps the statement and
	 * savepoint journals (one savepoint per call inside a caller's transaction) off
	 * the disk: on a temp file they cost some twenty pwrite calls per inserted row. */
	if ((r = exec_pragma(s, "PRAGMA trusted_schema = OFF", diag)) != TV_OK ||
		(r = exec_pragma(s, "PRAGMA foreign_keys = ON", diag)) != TV_OK ||
		(r = exec_pragma(s, "PRAGMA temp_store = MEMORY", diag)) != TV_OK)
		goto fail;

	/* Judge the file before anything that writes (journal_mode=WAL writes the header). */
	struct store_probe p;
	rc = store_probe_db(s->db, &p);
	if (rc != SQLITE_OK && ro && !memory &&
		(store_map_rc(rc) == TV_READONLY || store_map_rc(rc) == TV_IO)) {
		/* A WAL database needs PATH-shm even to read; since SQLite 3.22 a reader
		 * may go without creating it only if the -wal and -shm files exist. */
		char *dir = tv_path_dir(path);
		r = tv_diag_set(diag, TV_READONLY, "%s cannot be read: SQLite must create "
			"%s-shm next to it and the directory %s is not writable (%s); ask for "
			"write access to the directory", path, path, dir, sqlite3_errmsg(s->db));
		free(dir);
		goto fail;
	}
	if (rc != SQLITE_OK) {
		r = open_fail(s, rc, diag, "reading the schema");
		goto fail;
	}
	if ((r = store_judge_probe(path, &p, diag)) != TV_OK)
		goto fail;
	if (ro) {
		if (p.user_version < TV_SCHEMA_VERSION) {
			r = tv_diag_set(diag, TV_READONLY,
				"%s needs upgrading (schema %lld; this tavle writes %d); open it "
				"read-write once", path, (long long)p.user_version,
				TV_SCHEMA_VERSION);
			goto fail;
		}
		if ((r = exec_pragma(s, "PRAGMA query_only = ON", diag)) != TV_OK)
			goto fail;
	} else {
		if ((r = set_wal(s, memory, diag)) != TV_OK)
			goto fail;
		/* NORMAL in WAL mode never corrupts; a power cut may lose the last commits.
		 * FULL cost 10x per commit and up to a second under contention. */
		if ((r = exec_pragma(s, "PRAGMA synchronous = NORMAL", diag)) != TV_OK)
			goto fail;
		if (p.user_version < TV_SCHEMA_VERSION && (r = migrate(s, diag)) != TV_OK)
			goto fail;
	}
	*out = s;
	return TV_OK;
fail:
	tv_store_close(s);
	return r;
}

void
tv_store_close(struct tv_store *store)
{
	if (!store)
		return;
	/* Debug check: every call resets its statements (a busy one holds a snapshot). */
	assert(!store->db || tv_store_idle(store));
	if (store->db) {
		if (store->depth > 0)
			tv_store_rollback(store);
		for (int i = 0; i < S_COUNT; i++)
			sqlite3_finalize(store->stmts[i]);
		for (int i = 0; i < TV_FIELD_COUNT; i++) {
			sqlite3_finalize(store->fget[i]);
			sqlite3_finalize(store->fupd[i]);
		}
		sqlite3_close_v2(store->db);
	}
	free(store->path);
	free(store->user);
	free(store->account);
	free(store);
}

/* A `cp backup.db x && mv x tavle.db` under an open connection: SQLite would go on
 * writing pages (and the -wal, whose header no longer matches) into a file nobody
 * else opens, and the new file's readers would see a corrupt mix. A stat per write
 * transaction (and SQLite's own check of the open file's inode) catches it. */
enum tv_status
store_check_same_file(struct tv_store *s)
{
	if (!s->has_file)
		return TV_OK;
	struct stat sb;
	int moved = 0;
	bool gone = stat(s->path, &sb) != 0 && errno == ENOENT;
	if (!gone && sb.st_dev == s->dev && sb.st_ino == s->ino &&
		(sqlite3_file_control(s->db, "main", SQLITE_FCNTL_HAS_MOVED, &moved) != SQLITE_OK ||
		!moved))
		return TV_OK;
	if (gone)
		return store_fail(s, TV_IO, "%s was removed while tavle had it open; nothing "
			"was written (quit and start tavle again)", s->path);
	return store_fail(s, TV_IO, "%s was replaced by another file while tavle had it "
		"open; nothing was written: quit and start tavle again to work on the file "
		"now at that path (put a backup back with tavle restore, never with cp or mv)",
		s->path);
}

const char *
tv_store_errmsg(const struct tv_store *store)
{
	if (!store)
		return "no database";
	return store->err[0] ? store->err : "no error";
}

int
tv_store_schema_version(struct tv_store *store)
{
	int64_t v = 0;
	if (store_query_int(store, store_prep(store, S_USER_VERSION), &v) != TV_OK)
		return -1;
	return (int)v;
}

bool
tv_store_idle(struct tv_store *store)
{
	for (sqlite3_stmt *st = sqlite3_next_stmt(store->db, NULL); st;
		st = sqlite3_next_stmt(store->db, st))
		if (sqlite3_stmt_busy(st))
			return false;
	return true;
}

enum tv_status
tv_store_data_version(struct tv_store *store, int64_t *out)
{
	return store_query_int(store, store_prep(store, S_DATA_VERSION), out);
}

enum tv_status
tv_store_history_head(struct tv_store *store, int64_t *out_id)
{
	return store_query_int(store, store_prep(store, S_HIST_HEAD), out_id);
}
