/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The store: the only module that speaks SQL. It owns the schema and its numbered
 * migrations, the table of every statement (prepared once, reset after every use,
 * values always bound, never spliced), transactions (BEGIN IMMEDIATE, with a savepoint
 * per call inside a caller's transaction so a failed call changes nothing), optimistic
 * concurrency through row versions, the change history with undo/redo, tombstones of
 * deleted exportable items, checks and backups. It depends on the model, dates and text
 * validation; never on curses or libical.
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <libintl.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <sqlite3.h>

#include "tavle/date.h"
#include "tavle/portfolio.h"
#include "tavle/store.h"
#include "tavle/shared.h"
#include "tavle/text.h"

/* PRAGMA application_id of a tavle database: 'tvbl'. */
#define TV_APPLICATION_ID 0x7476626C
#define BUSY_TIMEOUT_MS 5000
#define TOMBSTONE_DAYS 30
#define STAMP_BUF 21 /* "YYYY-MM-DDTHH:MM:SSZ" */
/* Longest piece of user input quoted back in a message. */
#define QUOTE_MAX 60

/* ------------------------------------------------------------------------------------ */
/* Schema. Migration i (1-based) brings user_version i-1 to i. A migration's text is
 * frozen once released: the enum lists in CHECK constraints are spelled out here on
 * purpose (a new status or area needs a new migration, not a silent change of an old
 * one); a unit test checks every key of the model tables is accepted. Enum checks are
 * OR chains, not IN lists: SQLite 3.40 builds an ephemeral table for a constant IN list
 * on every row it checks, which made each insert ten times slower. */

#define DATE_GLOB "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"
#define WHEN_GLOB "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]'"
#define DATE_CHECK(c) "CHECK (" c " IS NULL OR " c " GLOB " DATE_GLOB ")"
#define WHEN_CHECK(c) \
	"CHECK (" c " IS NULL OR " c " GLOB " DATE_GLOB " OR " c " GLOB " WHEN_GLOB ")"
#define BOOL_CHECK(c) "CHECK (" c " = 0 OR " c " = 1)"

static const char migration_1[] =
	"CREATE TABLE tavle_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;\n"
	"INSERT INTO tavle_meta (key, value) VALUES ('application', 'tavle');\n"
	"CREATE TABLE areas (\n"
	"  key TEXT PRIMARY KEY CHECK (key = 'org' OR key = 'kom' OR key = 'data' OR"
	"    key = 'udd'),\n"
	"  sort INTEGER NOT NULL,\n"
	"  name_da TEXT NOT NULL,\n"
	"  name_en TEXT NOT NULL,\n"
	"  colour TEXT NOT NULL\n"
	") WITHOUT ROWID;\n"
	"CREATE TABLE boards (\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  name TEXT NOT NULL UNIQUE CHECK (length(name) > 0),\n"
	"  authority TEXT,\n"
	"  sector TEXT NOT NULL DEFAULT 'municipality'\n"
	"    CHECK (sector = 'municipality' OR sector = 'region' OR sector = 'state'),\n"
	"  start_date TEXT " DATE_CHECK("start_date") ",\n"
	"  archived INTEGER NOT NULL DEFAULT 0 " BOOL_CHECK("archived") ",\n"
	"  last_used INTEGER NOT NULL DEFAULT 0,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  created_at TEXT NOT NULL,\n"
	"  updated_at TEXT,\n"
	"  updated_by TEXT\n"
	");\n"
	"CREATE TABLE phases (\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  board_id INTEGER NOT NULL REFERENCES boards (id) ON DELETE CASCADE,\n"
	"  uid TEXT NOT NULL UNIQUE,\n"
	"  name TEXT NOT NULL,\n"
	"  start_date TEXT NOT NULL " DATE_CHECK("start_date") ",\n"
	"  end_date TEXT NOT NULL " DATE_CHECK("end_date") ",\n"
	"  not_before TEXT " DATE_CHECK("not_before") ",\n"
	"  not_before_reason TEXT,\n"
	"  position INTEGER NOT NULL DEFAULT 0,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  updated_at TEXT,\n"
	"  updated_by TEXT\n"
	");\n"
	"CREATE TABLE packages (\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  board_id INTEGER NOT NULL REFERENCES boards (id) ON DELETE CASCADE,\n"
	"  uid TEXT NOT NULL UNIQUE,\n"
	"  number INTEGER NOT NULL CHECK (number >= 0),\n"
	"  title TEXT NOT NULL,\n"
	"  area TEXT NOT NULL REFERENCES areas (key),\n"
	"  status TEXT NOT NULL DEFAULT 'todo'\n"
	"    CHECK (status = 'todo' OR status = 'doing' OR status = 'blocked' OR"
	"    status = 'done'),\n"
	"  owner TEXT,\n"
	"  deadline TEXT " WHEN_CHECK("deadline") ",\n"
	"  phase_id INTEGER REFERENCES phases (id) ON DELETE SET NULL,\n"
	"  background TEXT,\n"
	"  requirements TEXT,\n"
	"  process TEXT,\n"
	"  involvement TEXT,\n"
	"  output TEXT,\n"
	"  materials TEXT,\n"
	"  position INTEGER NOT NULL DEFAULT 0,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  updated_at TEXT,\n"
	"  updated_by TEXT,\n"
	"  UNIQUE (board_id, number)\n"
	");\n"
	"CREATE TABLE tasks (\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  package_id INTEGER NOT NULL REFERENCES packages (id) ON DELETE CASCADE,\n"
	"  uid TEXT NOT NULL UNIQUE,\n"
	"  title TEXT NOT NULL,\n"
	"  deadline TEXT " WHEN_CHECK("deadline") ",\n"
	"  done INTEGER NOT NULL DEFAULT 0 " BOOL_CHECK("done") ",\n"
	"  responsible TEXT NOT NULL DEFAULT 'authority'\n"
	"    CHECK (responsible = 'authority' OR responsible = 'agency' OR"
	"    responsible = 'supplier'),\n"
	"  minimum INTEGER NOT NULL DEFAULT 0 " BOOL_CHECK("minimum") ",\n"
	"  position INTEGER NOT NULL DEFAULT 0,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  updated_at TEXT,\n"
	"  updated_by TEXT\n"
	");\n"
	"CREATE TABLE meetings (\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  board_id INTEGER NOT NULL REFERENCES boards (id) ON DELETE CASCADE,\n"
	"  uid TEXT NOT NULL,\n"
	"  kind TEXT NOT NULL DEFAULT 'info'\n"
	"    CHECK (kind = 'info' OR kind = 'webinar' OR kind = 'supplier' OR"
	"    kind = 'other'),\n"
	"  title TEXT NOT NULL,\n"
	"  start_at TEXT NOT NULL " WHEN_CHECK("start_at") ",\n"
	"  end_at TEXT " WHEN_CHECK("end_at") ",\n"
	"  place TEXT,\n"
	"  region TEXT,\n"
	"  url TEXT,\n"
	"  participants TEXT,\n"
	"  notes TEXT,\n"
	"  packages TEXT,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  updated_at TEXT,\n"
	"  updated_by TEXT,\n"
	"  UNIQUE (board_id, uid)\n"
	");\n"
	"CREATE TABLE people (\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  board_id INTEGER NOT NULL REFERENCES boards (id) ON DELETE CASCADE,\n"
	"  name TEXT NOT NULL,\n"
	"  email TEXT,\n"
	"  role TEXT NOT NULL DEFAULT 'group' CHECK (role = 'contact' OR role = 'group' OR"
	"    role = 'area'),\n"
	"  area TEXT REFERENCES areas (key),\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  updated_at TEXT,\n"
	"  updated_by TEXT\n"
	");\n"
	"CREATE TABLE comments (\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  package_id INTEGER NOT NULL REFERENCES packages (id) ON DELETE CASCADE,\n"
	"  author TEXT NOT NULL,\n"
	"  created_at TEXT NOT NULL,\n"
	"  text TEXT NOT NULL,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  updated_at TEXT,\n"
	"  updated_by TEXT\n"
	");\n"
	"CREATE TABLE decisions (\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  board_id INTEGER NOT NULL REFERENCES boards (id) ON DELETE CASCADE,\n"
	"  title TEXT NOT NULL,\n"
	"  area TEXT REFERENCES areas (key),\n"
	"  owner TEXT,\n"
	"  due TEXT " DATE_CHECK("due") ",\n"
	"  status TEXT NOT NULL DEFAULT 'open' CHECK (status = 'open' OR status = 'decided' OR"
	"    status = 'postponed'),\n"
	"  text TEXT,\n"
	"  decided TEXT " DATE_CHECK("decided") ",\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  updated_at TEXT,\n"
	"  updated_by TEXT\n"
	");\n"
	/* No foreign key to boards: the record of a removed board outlives it. */
	"CREATE TABLE history (\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  change_id INTEGER NOT NULL,\n"
	"  board_id INTEGER NOT NULL,\n"
	"  at TEXT NOT NULL,\n"
	"  user_name TEXT NOT NULL,\n"
	"  kind TEXT NOT NULL CHECK (kind = 'board' OR kind = 'package' OR kind = 'task' OR"
	"    kind = 'phase' OR kind = 'meeting' OR kind = 'person' OR kind = 'comment' OR"
	"    kind = 'decision'),\n"
	"  item_id INTEGER NOT NULL,\n"
	"  package_id INTEGER NOT NULL DEFAULT 0,\n"
	"  op TEXT NOT NULL CHECK (op = 'set' OR op = 'add' OR op = 'remove'),\n"
	"  field TEXT NOT NULL DEFAULT '',\n"
	"  old_value TEXT,\n"
	"  new_value TEXT\n"
	");\n"
	"CREATE TABLE tombstones (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  board_id INTEGER NOT NULL REFERENCES boards (id) ON DELETE CASCADE,\n"
	"  uid TEXT NOT NULL,\n"
	"  kind TEXT NOT NULL CHECK (kind = 'package' OR kind = 'task' OR kind = 'phase' OR"
	"    kind = 'meeting'),\n"
	"  summary TEXT NOT NULL,\n"
	"  start_at TEXT,\n"
	"  end_at TEXT,\n"
	"  sequence INTEGER NOT NULL,\n"
	"  deleted_at TEXT NOT NULL,\n"
	"  area TEXT\n"
	");\n"
	/* One index per hot query (tv_store_explain_hot_queries proves it) and one on every
	 * foreign-key child column, so cascades never scan. */
	"CREATE INDEX packages_board_area ON packages (board_id, area, position);\n"
	"CREATE INDEX packages_board_status ON packages (board_id, status, deadline);\n"
	"CREATE INDEX packages_phase ON packages (phase_id);\n"
	"CREATE INDEX packages_area ON packages (area);\n"
	"CREATE INDEX tasks_package ON tasks (package_id, position);\n"
	"CREATE INDEX phases_board ON phases (board_id, position);\n"
	"CREATE INDEX meetings_board ON meetings (board_id, start_at);\n"
	"CREATE INDEX people_board ON people (board_id);\n"
	"CREATE INDEX people_area ON people (area);\n"
	"CREATE INDEX comments_package ON comments (package_id, id);\n"
	"CREATE INDEX decisions_board ON decisions (board_id);\n"
	"CREATE INDEX decisions_area ON decisions (area);\n"
	"CREATE INDEX history_board ON history (board_id, id);\n"
	"CREATE INDEX history_package ON history (package_id, id);\n"
	"CREATE INDEX history_change ON history (change_id);\n"
	"CREATE INDEX history_item ON history (kind, item_id, id);\n"
	"CREATE INDEX tombstones_board ON tombstones (board_id, deleted_at);\n"
	"CREATE INDEX tombstones_uid ON tombstones (uid);\n"
	"PRAGMA application_id = 1953915500;\n" /* TV_APPLICATION_ID */
	"PRAGMA user_version = 1;\n";

/* Schema 2: what `tavle publish` last sent to each CalDAV collection, so unchanged
 * items are not re-sent and removed ones can be deleted there. Keyed by board, URL and
 * iCalendar UID; the board_id prefix of the key serves the foreign key. */
static const char migration_2[] =
	"CREATE TABLE publish_state (\n"
	"  board_id INTEGER NOT NULL REFERENCES boards (id) ON DELETE CASCADE,\n"
	"  url TEXT NOT NULL,\n"
	"  uid TEXT NOT NULL,\n"
	"  etag TEXT,\n"
	"  hash TEXT NOT NULL,\n"
	"  published_at TEXT NOT NULL,\n"
	"  PRIMARY KEY (board_id, url, uid)\n"
	") WITHOUT ROWID;\n"
	"PRAGMA user_version = 2;\n";

/* Schema 3: a covering index for the portfolio (include/tavle/portfolio.h). Per board
 * its template packages are one range of this index, so counts by status, phase and
 * area, lateness and the matrix never read a package row (with its text sections):
 * on the benchmark's 1,000 boards that is 5x less work. IF NOT EXISTS: a file brought
 * back to an older version by hand may still have it. */
static const char migration_3[] =
	"CREATE INDEX IF NOT EXISTS packages_portfolio ON packages (board_id, number, status, "
	"deadline, area, phase_id, title);\n"
	"PRAGMA user_version = 3;\n";

static const char *const migrations[] = {
	migration_1,
	migration_2,
	migration_3,
};

_Static_assert(sizeof migrations / sizeof migrations[0] == TV_SCHEMA_VERSION,
	"one migration per schema version");
_Static_assert(TV_APPLICATION_ID == 1953915500, "application_id literal in migration 1");

/* ------------------------------------------------------------------------------------ */
/* Column lists. The *_SEL lists are what the row readers expect, in order. The COLS_*
 * X-macros (every column but id and version) generate the JSON snapshot of a removed
 * row and the INSERT that restores it, so the two cannot drift apart. */

#define BOARD_SEL "id, name, authority, sector, start_date, archived, version, created_at"
#define PKG_SEL "id, board_id, uid, number, title, area, status, owner, deadline, phase_id, " \
	"background, requirements, process, involvement, output, materials, position, " \
	"version, updated_at, updated_by"
#define TASK_SEL "id, package_id, uid, title, deadline, done, responsible, minimum, " \
	"position, version, updated_at"
#define PHASE_SEL "id, board_id, uid, name, start_date, end_date, not_before, " \
	"not_before_reason, position, version, updated_at"
#define MEET_SEL "id, board_id, uid, kind, title, start_at, end_at, place, region, url, " \
	"participants, notes, packages, version, updated_at"
#define PERSON_SEL "id, board_id, name, email, role, area, version"
#define COMMENT_SEL "id, package_id, author, created_at, text, version"
#define DEC_SEL "id, board_id, title, area, owner, due, status, text, decided, version"
#define TOMB_SEL "uid, kind, summary, start_at, end_at, sequence, deleted_at, area"
#define HIST_SEL "id, change_id, board_id, at, user_name, kind, item_id, package_id, op, " \
	"field, old_value, new_value"

/* packages.phase_id is restored separately: the phase may be gone meanwhile. */
#define COLS_PACKAGES(X) X("board_id") X("uid") X("number") X("title") X("area") \
	X("status") X("owner") X("deadline") X("background") X("requirements") \
	X("process") X("involvement") X("output") X("materials") X("position") \
	X("updated_at") X("updated_by")
#define COLS_TASKS(X) X("package_id") X("uid") X("title") X("deadline") X("done") \
	X("responsible") X("minimum") X("position") X("updated_at") X("updated_by")
#define COLS_PHASES(X) X("board_id") X("uid") X("name") X("start_date") X("end_date") \
	X("not_before") X("not_before_reason") X("position") X("updated_at") X("updated_by")
#define COLS_MEETINGS(X) X("board_id") X("uid") X("kind") X("title") X("start_at") \
	X("end_at") X("place") X("region") X("url") X("participants") X("notes") \
	X("packages") X("updated_at") X("updated_by")
#define COLS_PEOPLE(X) X("board_id") X("name") X("email") X("role") X("area") \
	X("updated_at") X("updated_by")
#define COLS_COMMENTS(X) X("package_id") X("author") X("created_at") X("text") \
	X("updated_at") X("updated_by")
#define COLS_DECISIONS(X) X("board_id") X("title") X("area") X("owner") X("due") \
	X("status") X("text") X("decided") X("updated_at") X("updated_by")

#define JPAIR(c) ", '" c "', " c
#define LCOL(c) ", " c
#define LJSON(c) ", json_extract(?1, '$." c "')"
#define SNAPSHOT_SQL(table, COLS) \
	"SELECT json_object('id', id, 'version', version" COLS(JPAIR) ") FROM " table \
	" WHERE id = ?1"
#define RESTORE_SQL(table, COLS) \
	"INSERT INTO " table " (id, version" COLS(LCOL) ") SELECT json_extract(?1, '$.id'), " \
	"json_extract(?1, '$.version') + 1" COLS(LJSON)

/* ------------------------------------------------------------------------------------ */
/* The statement table. HOT_STATEMENTS are the queries that must use an index; they are
 * also checked by tv_store_explain_hot_queries. */

#define HOT_STATEMENTS(X) \
	X(S_PKGS_OF_BOARD, "SELECT " PKG_SEL " FROM packages WHERE board_id = ?1 " \
		"ORDER BY area, position") \
	X(S_TASKS_OF_PKG, "SELECT " TASK_SEL " FROM tasks WHERE package_id = ?1 " \
		"ORDER BY position") \
	X(S_PHASES_OF_BOARD, "SELECT " PHASE_SEL " FROM phases WHERE board_id = ?1 " \
		"ORDER BY position") \
	X(S_MEETS_OF_BOARD, "SELECT " MEET_SEL " FROM meetings WHERE board_id = ?1 " \
		"ORDER BY start_at, id") \
	X(S_PEOPLE_OF_BOARD, "SELECT " PERSON_SEL " FROM people WHERE board_id = ?1 " \
		"ORDER BY id") \
	X(S_DECS_OF_BOARD, "SELECT " DEC_SEL " FROM decisions WHERE board_id = ?1 " \
		"ORDER BY id") \
	X(S_TOMBS_OF_BOARD, "SELECT " TOMB_SEL " FROM tombstones WHERE board_id = ?1 " \
		"AND deleted_at >= ?2 ORDER BY deleted_at") \
	X(S_COMMENTS_OF_PKG, "SELECT " COMMENT_SEL " FROM comments WHERE package_id = ?1 " \
		"ORDER BY id") \
	X(S_HIST_BOARD, "SELECT " HIST_SEL " FROM history WHERE board_id = ?1 AND id > ?2 " \
		"AND at >= ?3 ORDER BY id") \
	X(S_HIST_PKG, "SELECT " HIST_SEL " FROM history WHERE package_id = ?1 AND id > ?2 " \
		"AND at >= ?3 AND board_id = ?4 ORDER BY id") \
	X(S_HIST_CHANGE, "SELECT " HIST_SEL " FROM history WHERE change_id = ?1 ORDER BY id") \
	X(S_HIST_LAST_ITEM, "SELECT user_name, at FROM history WHERE kind = ?1 AND " \
		"item_id = ?2 ORDER BY id DESC LIMIT 1") \
	X(S_PKG_COUNT_AREA, "SELECT count(*) FROM packages WHERE board_id = ?1 AND area = ?2") \
	X(S_PKG_BY_NUMBER, "SELECT id FROM packages WHERE board_id = ?1 AND number = ?2") \
	X(S_PKG_NEXT_NUMBER, "SELECT coalesce(max(number), -1) + 1 FROM packages " \
		"WHERE board_id = ?1") \
	X(S_PKG_COLUMN_IDS, "SELECT id FROM packages WHERE board_id = ?1 AND area = ?2 " \
		"ORDER BY position, id") \
	X(S_TASK_IDS, "SELECT id FROM tasks WHERE package_id = ?1 ORDER BY position, id") \
	X(S_PHASE_IDS, "SELECT id FROM phases WHERE board_id = ?1 ORDER BY position, id") \
	X(S_PKGS_OF_PHASE, "SELECT id FROM packages WHERE phase_id = ?1 ORDER BY id") \
	X(S_MEET_BY_UID, "SELECT " MEET_SEL " FROM meetings WHERE board_id = ?1 AND uid = ?2") \
	X(S_LATE_PKGS, "SELECT id FROM packages WHERE board_id = ?1 AND status <> 'done' " \
		"AND deadline < ?2 ORDER BY deadline")

/* The portfolio (include/tavle/portfolio.h). ?1 today (YYYY-MM-DD), ?2 sector key or
 * NULL, ?3 area key or NULL. Boards are walked once (O(boards), the only SCAN allowed:
 * tv_store_explain_hot_queries checks it) and for each board the template packages
 * are seeks on the (board_id, number) unique index: CROSS JOIN keeps boards outside.
 * Overdue is "not done and deadline day before today", as tv_package_overdue. */
#define PF_FROM "FROM boards AS b CROSS JOIN packages AS p ON p.board_id = b.id " \
	"AND p.number >= 0 AND p.number < 10 "
#define PF_WHERE "WHERE b.archived = 0 AND (?2 IS NULL OR b.sector = ?2) " \
	"AND (?3 IS NULL OR p.area = ?3) "
#define PF_LATE "(CASE WHEN p.status <> 'done' AND p.deadline < ?1 THEN " \
	"CAST(julianday(?1) - julianday(substr(p.deadline, 1, 10)) AS INTEGER) ELSE 0 END)"
#define PORTFOLIO_STATEMENTS(X) \
	X(S_PF_COUNTS, "SELECT p.number, p.area, p.title, p.status, ph.name, " \
		"min(ph.position), count(*), sum(p.status <> 'done' AND p.deadline < ?1) " \
		PF_FROM "LEFT JOIN phases AS ph ON ph.id = p.phase_id " PF_WHERE \
		"GROUP BY p.number, p.area, p.title, p.status, ph.name") \
	X(S_PF_BOARDS, "SELECT count(*) FROM boards AS b WHERE b.archived = 0 " \
		"AND (?2 IS NULL OR b.sector = ?2)") \
	X(S_PF_CONCERNED, "SELECT p.number, b.id, b.name, b.authority, b.sector, p.id, " \
		"p.status, " PF_LATE " AS late " PF_FROM PF_WHERE \
		"AND (p.status = 'blocked' OR (p.status <> 'done' AND p.deadline < ?1)) " \
		"ORDER BY p.number, late DESC, b.name, b.id") \
	X(S_PF_MATRIX, "SELECT b.id, b.name, b.authority, b.sector, p.number, p.status, " \
		PF_LATE " " PF_FROM PF_WHERE "ORDER BY b.id, p.number") \
	X(S_BOARD_SUMMARIES, "SELECT " BOARD_SEL ", " \
		"(SELECT count(*) FROM packages AS p WHERE p.board_id = boards.id), " \
		"(SELECT count(*) FROM packages AS p WHERE p.board_id = boards.id " \
		"AND p.status = 'done'), " \
		"(SELECT count(*) FROM packages AS p WHERE p.board_id = boards.id " \
		"AND p.status IN ('todo', 'doing', 'blocked') AND p.deadline < ?2) " \
		"FROM boards WHERE archived = 0 OR ?1 ORDER BY name, id")

#define STATEMENTS(X) \
	X(S_BEGIN, "BEGIN IMMEDIATE") \
	/* A read snapshot for multi-query loads: a deferred transaction that never writes \
	 * cannot fail with SQLITE_BUSY_SNAPSHOT. */ \
	X(S_BEGIN_READ, "BEGIN DEFERRED") \
	X(S_COMMIT, "COMMIT") \
	X(S_ROLLBACK, "ROLLBACK") \
	X(S_SAVEPOINT, "SAVEPOINT tv_op") \
	X(S_RELEASE, "RELEASE tv_op") \
	X(S_ROLLBACK_TO, "ROLLBACK TO tv_op") \
	X(S_DATA_VERSION, "PRAGMA data_version") \
	X(S_USER_VERSION, "PRAGMA user_version") \
	X(S_NEXT_CHANGE, "SELECT coalesce(max(change_id), 0) + 1 FROM history") \
	X(S_HIST_INSERT, "INSERT INTO history (change_id, board_id, at, user_name, kind, " \
		"item_id, package_id, op, field, old_value, new_value) " \
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)") \
	X(S_HIST_HEAD, "SELECT coalesce(max(id), 0) FROM history") \
	X(S_AREA_SEED, "INSERT OR REPLACE INTO areas (key, sort, name_da, name_en, colour) " \
		"VALUES (?1, ?2, ?3, ?4, ?5)") \
	/* boards */ \
	X(S_BOARD_INSERT, "INSERT INTO boards (name, authority, sector, start_date, archived, " \
		"created_at, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)") \
	X(S_BOARD_GET, "SELECT " BOARD_SEL " FROM boards WHERE id = ?1") \
	X(S_BOARD_BY_NAME, "SELECT id FROM boards WHERE name = ?1") \
	X(S_BOARDS, "SELECT " BOARD_SEL " FROM boards WHERE archived = 0 OR ?1 ORDER BY name, id") \
	X(S_BOARD_DEFAULT, "SELECT id FROM boards ORDER BY archived, last_used DESC, id LIMIT 1") \
	X(S_BOARD_TOUCH, "UPDATE boards SET last_used = (SELECT max(last_used) FROM boards) + 1 " \
		"WHERE id = ?1") \
	X(S_BOARD_SNAPSHOT, "SELECT json_object('id', id, 'name', name, 'authority', " \
		"authority, 'sector', sector, 'start_date', start_date, 'archived', archived, " \
		"'version', version) FROM boards WHERE id = ?1") \
	X(S_BOARD_DELETE, "DELETE FROM boards WHERE id = ?1") \
	/* contexts: board id, package id, version of one row */ \
	X(S_CTX_BOARD, "SELECT id, 0, version FROM boards WHERE id = ?1") \
	X(S_CTX_PACKAGE, "SELECT board_id, id, version FROM packages WHERE id = ?1") \
	X(S_CTX_TASK, "SELECT p.board_id, t.package_id, t.version FROM tasks AS t " \
		"JOIN packages AS p ON p.id = t.package_id WHERE t.id = ?1") \
	X(S_CTX_PHASE, "SELECT board_id, 0, version FROM phases WHERE id = ?1") \
	X(S_CTX_MEETING, "SELECT board_id, 0, version FROM meetings WHERE id = ?1") \
	X(S_CTX_PERSON, "SELECT board_id, 0, version FROM people WHERE id = ?1") \
	X(S_CTX_COMMENT, "SELECT p.board_id, c.package_id, c.version FROM comments AS c " \
		"JOIN packages AS p ON p.id = c.package_id WHERE c.id = ?1") \
	X(S_CTX_DECISION, "SELECT board_id, 0, version FROM decisions WHERE id = ?1") \
	/* packages */ \
	X(S_PKG_INSERT, "INSERT INTO packages (board_id, uid, number, title, area, status, " \
		"owner, deadline, phase_id, background, requirements, process, involvement, " \
		"output, materials, position, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, " \
		"?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)") \
	X(S_PKG_GET, "SELECT " PKG_SEL " FROM packages WHERE id = ?1") \
	X(S_PKG_SET_POS, "UPDATE packages SET position = ?2 WHERE id = ?1") \
	X(S_PKG_COMPACT, "UPDATE packages SET position = r.rn FROM (SELECT id, " \
		"row_number() OVER (ORDER BY position, id) - 1 AS rn FROM packages " \
		"WHERE board_id = ?1 AND area = ?2) AS r " \
		"WHERE packages.id = r.id AND packages.position <> r.rn") \
	X(S_PKG_DELETE, "DELETE FROM packages WHERE id = ?1") \
	X(S_PKG_SNAPSHOT, "SELECT json_object('id', id, 'version', version, 'phase_id', " \
		"phase_id" COLS_PACKAGES(JPAIR) ") FROM packages WHERE id = ?1") \
	X(S_PKG_RESTORE, "INSERT INTO packages (id, version, phase_id" COLS_PACKAGES(LCOL) \
		") SELECT json_extract(?1, '$.id'), json_extract(?1, '$.version') + 1, " \
		"(SELECT id FROM phases WHERE id = json_extract(?1, '$.phase_id') AND " \
		"board_id = json_extract(?1, '$.board_id'))" COLS_PACKAGES(LJSON)) \
	X(S_PKG_SHIFT, "UPDATE packages SET position = position + 1 WHERE " \
		"board_id = json_extract(?1, '$.board_id') AND area = json_extract(?1, '$.area') " \
		"AND position >= json_extract(?1, '$.position')") \
	X(S_PHASE_OF_BOARD, "SELECT id FROM phases WHERE id = ?1 AND board_id = ?2") \
	X(S_PHASE_BY_NAME, "SELECT id FROM phases WHERE board_id = ?1 AND name = ?2 " \
		"ORDER BY position LIMIT 1") \
	/* tasks */ \
	X(S_TASK_INSERT, "INSERT INTO tasks (package_id, uid, title, deadline, done, " \
		"responsible, minimum, position, updated_at, updated_by) " \
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)") \
	X(S_TASK_GET, "SELECT " TASK_SEL " FROM tasks WHERE id = ?1") \
	X(S_TASK_COUNT, "SELECT count(*) FROM tasks WHERE package_id = ?1") \
	X(S_TASK_SET_POS, "UPDATE tasks SET position = ?2 WHERE id = ?1") \
	X(S_TASK_COMPACT, "UPDATE tasks SET position = r.rn FROM (SELECT id, " \
		"row_number() OVER (ORDER BY position, id) - 1 AS rn FROM tasks " \
		"WHERE package_id = ?1) AS r WHERE tasks.id = r.id AND tasks.position <> r.rn") \
	X(S_TASK_DELETE, "DELETE FROM tasks WHERE id = ?1") \
	X(S_TASK_SNAPSHOT, SNAPSHOT_SQL("tasks", COLS_TASKS)) \
	X(S_TASK_RESTORE, RESTORE_SQL("tasks", COLS_TASKS)) \
	X(S_TASK_SHIFT, "UPDATE tasks SET position = position + 1 WHERE " \
		"package_id = json_extract(?1, '$.package_id') " \
		"AND position >= json_extract(?1, '$.position')") \
	X(S_COMMENT_IDS, "SELECT id FROM comments WHERE package_id = ?1 ORDER BY id") \
	/* phases */ \
	X(S_PHASE_INSERT, "INSERT INTO phases (board_id, uid, name, start_date, end_date, " \
		"not_before, not_before_reason, position, updated_at, updated_by) " \
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)") \
	X(S_PHASE_GET, "SELECT " PHASE_SEL " FROM phases WHERE id = ?1") \
	X(S_PHASE_COUNT, "SELECT count(*) FROM phases WHERE board_id = ?1") \
	X(S_PHASE_SET_POS, "UPDATE phases SET position = ?2 WHERE id = ?1") \
	X(S_PHASE_COMPACT, "UPDATE phases SET position = r.rn FROM (SELECT id, " \
		"row_number() OVER (ORDER BY position, id) - 1 AS rn FROM phases " \
		"WHERE board_id = ?1) AS r WHERE phases.id = r.id AND phases.position <> r.rn") \
	X(S_PHASE_DELETE, "DELETE FROM phases WHERE id = ?1") \
	X(S_PHASE_SNAPSHOT, SNAPSHOT_SQL("phases", COLS_PHASES)) \
	X(S_PHASE_RESTORE, RESTORE_SQL("phases", COLS_PHASES)) \
	X(S_PHASE_SHIFT, "UPDATE phases SET position = position + 1 WHERE " \
		"board_id = json_extract(?1, '$.board_id') " \
		"AND position >= json_extract(?1, '$.position')") \
	/* meetings */ \
	X(S_MEET_INSERT, "INSERT INTO meetings (board_id, uid, kind, title, start_at, end_at, " \
		"place, region, url, participants, notes, packages, updated_at, updated_by) " \
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)") \
	X(S_MEET_GET, "SELECT " MEET_SEL " FROM meetings WHERE id = ?1") \
	X(S_MEET_DELETE, "DELETE FROM meetings WHERE id = ?1") \
	X(S_MEET_SNAPSHOT, SNAPSHOT_SQL("meetings", COLS_MEETINGS)) \
	X(S_MEET_RESTORE, RESTORE_SQL("meetings", COLS_MEETINGS)) \
	/* people, comments, decisions */ \
	X(S_PERSON_INSERT, "INSERT INTO people (board_id, name, email, role, area, " \
		"updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)") \
	X(S_PERSON_DELETE, "DELETE FROM people WHERE id = ?1") \
	X(S_PERSON_SNAPSHOT, SNAPSHOT_SQL("people", COLS_PEOPLE)) \
	X(S_PERSON_RESTORE, RESTORE_SQL("people", COLS_PEOPLE)) \
	X(S_COMMENT_INSERT, "INSERT INTO comments (package_id, author, created_at, text, " \
		"updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?3, ?2)") \
	X(S_COMMENT_DELETE, "DELETE FROM comments WHERE id = ?1") \
	X(S_COMMENT_SNAPSHOT, SNAPSHOT_SQL("comments", COLS_COMMENTS)) \
	X(S_COMMENT_RESTORE, RESTORE_SQL("comments", COLS_COMMENTS)) \
	X(S_DEC_INSERT, "INSERT INTO decisions (board_id, title, area, owner, due, status, " \
		"text, decided, updated_at, updated_by) " \
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)") \
	X(S_DEC_DELETE, "DELETE FROM decisions WHERE id = ?1") \
	X(S_DEC_SNAPSHOT, SNAPSHOT_SQL("decisions", COLS_DECISIONS)) \
	X(S_DEC_RESTORE, RESTORE_SQL("decisions", COLS_DECISIONS)) \
	/* tombstones */ \
	X(S_TOMB_INSERT, "INSERT INTO tombstones (board_id, uid, kind, summary, start_at, " \
		"end_at, sequence, deleted_at, area) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)") \
	X(S_TOMB_DELETE_UID, "DELETE FROM tombstones WHERE uid = ?1") \
	X(S_TOMB_PURGE, "DELETE FROM tombstones WHERE deleted_at < ?1") \
	X(S_JSON_GET, "SELECT json_extract(?1, ?2)") \
	/* CalDAV publish state */ \
	X(S_PUB_LIST, "SELECT uid, etag, hash FROM publish_state WHERE board_id = ?1 " \
		"AND url = ?2 ORDER BY uid") \
	X(S_PUB_RECORD, "INSERT INTO publish_state (board_id, url, uid, etag, hash, " \
		"published_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (board_id, url, uid) " \
		"DO UPDATE SET etag = excluded.etag, hash = excluded.hash, " \
		"published_at = excluded.published_at") \
	X(S_PUB_FORGET, "DELETE FROM publish_state WHERE board_id = ?1 AND url = ?2 " \
		"AND uid = ?3") \
	/* maintenance */ \
	X(S_QUICK_CHECK, "PRAGMA quick_check") \
	X(S_INTEGRITY_CHECK, "PRAGMA integrity_check") \
	X(S_FK_CHECK, "PRAGMA foreign_key_check") \
	X(S_INV_PKG_POS, "SELECT 'board ' || board_id || ', area ' || area || ': package " \
		"positions are not 0..' || (count(*) - 1) FROM packages GROUP BY board_id, area " \
		"HAVING min(position) <> 0 OR max(position) <> count(*) - 1 " \
		"OR count(DISTINCT position) <> count(*)") \
	X(S_INV_TASK_POS, "SELECT 'package ' || package_id || ': task positions are not " \
		"0..' || (count(*) - 1) FROM tasks GROUP BY package_id " \
		"HAVING min(position) <> 0 OR max(position) <> count(*) - 1 " \
		"OR count(DISTINCT position) <> count(*)") \
	X(S_INV_PHASE_POS, "SELECT 'board ' || board_id || ': phase positions are not " \
		"0..' || (count(*) - 1) FROM phases GROUP BY board_id " \
		"HAVING min(position) <> 0 OR max(position) <> count(*) - 1 " \
		"OR count(DISTINCT position) <> count(*)") \
	/* The portfolio aggregate: per board, index seeks on packages_board_status (status \
	 * spelled as IN so the index takes it as equality). CROSS JOIN keeps boards outside \
	 * and "+p.number" keeps the planner off the (board_id, number) index: left to \
	 * itself it walked every package of the database through that index. */ \
	X(S_OVERDUE_BY_NUMBER, "SELECT p.number, count(*) FROM boards AS b " \
		"CROSS JOIN packages AS p ON p.board_id = b.id " \
		"AND p.status IN ('todo', 'doing', 'blocked') AND p.deadline < ?1 " \
		"WHERE b.archived = 0 AND +p.number < ?2 GROUP BY p.number") \
	X(S_INV_NUMBERS, "SELECT 'board ' || board_id || ': package number ' || number || " \
		"' is used ' || count(*) || ' times' FROM packages GROUP BY board_id, number " \
		"HAVING count(*) > 1") \
	X(S_INV_PHASE_BOARD, "SELECT 'package ' || p.id || ' (board ' || p.board_id || " \
		"') is in phase ' || ph.id || ' of board ' || ph.board_id FROM packages AS p " \
		"JOIN phases AS ph ON ph.id = p.phase_id WHERE ph.board_id <> p.board_id") \
	PORTFOLIO_STATEMENTS(X) \
	HOT_STATEMENTS(X)

enum stmt_id {
#define X(id, sql) id,
	STATEMENTS(X)
#undef X
	S_COUNT
};

static const char *const stmt_sql[] = {
#define X(id, sql) sql,
	STATEMENTS(X)
#undef X
};

static const struct {
	const char *name;
	const char *explain;
} hot_queries[] = {
#define X(id, sql) { #id, "EXPLAIN QUERY PLAN " sql },
	HOT_STATEMENTS(X)
#undef X
};

/* Portfolio queries walk the boards once by design; a SCAN of anything else fails. */
static const struct {
	const char *name;
	const char *explain;
} portfolio_queries[] = {
#define X(id, sql) { #id, "EXPLAIN QUERY PLAN " sql },
	PORTFOLIO_STATEMENTS(X)
#undef X
};

/* ------------------------------------------------------------------------------------ */
/* Editable fields: one table per kind (name, column, type, limit, required, enum). The
 * UPDATE and SELECT of each field are string literals generated here. */

enum ftype { FT_TEXT, FT_MULTI, FT_DATE, FT_WHEN, FT_ENUM, FT_BOOL, FT_PHASE, FT_INT };

struct enum_desc {
	const char *noun;
	const char *const *keys;
	int count;
};

#define KEY5(e, k, da, en, x) k,
#define KEY4(e, k, da, en) k,
#define KEY6(e, k, da, en, x, y) k,
static const char *const area_keys[] = { TV_AREA_INFO(KEY6) };
static const char *const pstatus_keys[] = { TV_PSTATUS_INFO(KEY5) };
static const char *const resp_keys[] = { TV_RESPONSIBLE_INFO(KEY4) };
static const char *const mkind_keys[] = { TV_MEETING_KIND_INFO(KEY4) };
static const char *const dstatus_keys[] = { TV_DECISION_STATUS_INFO(KEY4) };
static const char *const role_keys[] = { TV_ROLE_INFO(KEY4) };
static const char *const sector_keys[] = { TV_SECTOR_INFO(KEY4) };

static const struct enum_desc en_area = { "area", area_keys, TV_AREA_COUNT };
static const struct enum_desc en_pstatus = { "status", pstatus_keys, TV_PSTATUS_COUNT };
static const struct enum_desc en_resp = { "responsible party", resp_keys, TV_RESPONSIBLE_COUNT };
static const struct enum_desc en_mkind = { "meeting kind", mkind_keys, TV_MEETING_KIND_COUNT };
static const struct enum_desc en_dstatus = { "decision status", dstatus_keys,
	TV_DECISION_STATUS_COUNT };
static const struct enum_desc en_role = { "role", role_keys, TV_ROLE_COUNT };
static const struct enum_desc en_sector = { "sector", sector_keys, TV_SECTOR_COUNT };

/* X(kind, table, field, column, type, max bytes, required, enum) */
#define BOARD_FIELDS(X) \
	X(BOARD, "boards", name, "name", FT_TEXT, TV_MAX_TITLE, 1, NULL) \
	X(BOARD, "boards", authority, "authority", FT_TEXT, TV_MAX_NAME, 0, NULL) \
	X(BOARD, "boards", sector, "sector", FT_ENUM, 0, 1, &en_sector) \
	X(BOARD, "boards", start, "start_date", FT_DATE, 0, 0, NULL) \
	X(BOARD, "boards", archived, "archived", FT_BOOL, 0, 1, NULL)
#define PACKAGE_FIELDS(X) \
	X(PACKAGE, "packages", title, "title", FT_TEXT, TV_MAX_TITLE, 1, NULL) \
	X(PACKAGE, "packages", status, "status", FT_ENUM, 0, 1, &en_pstatus) \
	X(PACKAGE, "packages", owner, "owner", FT_TEXT, TV_MAX_NAME, 0, NULL) \
	X(PACKAGE, "packages", deadline, "deadline", FT_WHEN, 0, 0, NULL) \
	X(PACKAGE, "packages", phase, "phase_id", FT_PHASE, 0, 0, NULL) \
	X(PACKAGE, "packages", area, "area", FT_ENUM, 0, 1, &en_area) \
	X(PACKAGE, "packages", number, "number", FT_INT, 0, 1, NULL) \
	X(PACKAGE, "packages", background, "background", FT_MULTI, TV_MAX_SECTION, 0, NULL) \
	X(PACKAGE, "packages", requirements, "requirements", FT_MULTI, TV_MAX_SECTION, 0, NULL) \
	X(PACKAGE, "packages", process, "process", FT_MULTI, TV_MAX_SECTION, 0, NULL) \
	X(PACKAGE, "packages", involvement, "involvement", FT_MULTI, TV_MAX_SECTION, 0, NULL) \
	X(PACKAGE, "packages", output, "output", FT_MULTI, TV_MAX_SECTION, 0, NULL) \
	X(PACKAGE, "packages", materials, "materials", FT_MULTI, TV_MAX_SECTION, 0, NULL)
#define TASK_FIELDS(X) \
	X(TASK, "tasks", title, "title", FT_TEXT, TV_MAX_TITLE, 1, NULL) \
	X(TASK, "tasks", deadline, "deadline", FT_WHEN, 0, 0, NULL) \
	X(TASK, "tasks", done, "done", FT_BOOL, 0, 1, NULL) \
	X(TASK, "tasks", responsible, "responsible", FT_ENUM, 0, 1, &en_resp) \
	X(TASK, "tasks", minimum, "minimum", FT_BOOL, 0, 1, NULL)
#define PHASE_FIELDS(X) \
	X(PHASE, "phases", name, "name", FT_TEXT, TV_MAX_TITLE, 1, NULL) \
	X(PHASE, "phases", start, "start_date", FT_DATE, 0, 1, NULL) \
	X(PHASE, "phases", end, "end_date", FT_DATE, 0, 1, NULL) \
	X(PHASE, "phases", not_before, "not_before", FT_DATE, 0, 0, NULL) \
	X(PHASE, "phases", reason, "not_before_reason", FT_TEXT, TV_MAX_TITLE, 0, NULL)
#define MEETING_FIELDS(X) \
	X(MEETING, "meetings", kind, "kind", FT_ENUM, 0, 1, &en_mkind) \
	X(MEETING, "meetings", title, "title", FT_TEXT, TV_MAX_TITLE, 1, NULL) \
	X(MEETING, "meetings", start, "start_at", FT_WHEN, 0, 1, NULL) \
	X(MEETING, "meetings", end, "end_at", FT_WHEN, 0, 0, NULL) \
	X(MEETING, "meetings", place, "place", FT_TEXT, TV_MAX_NAME, 0, NULL) \
	X(MEETING, "meetings", region, "region", FT_TEXT, TV_MAX_NAME, 0, NULL) \
	X(MEETING, "meetings", url, "url", FT_TEXT, TV_MAX_URL, 0, NULL) \
	X(MEETING, "meetings", participants, "participants", FT_MULTI, TV_MAX_SECTION, 0, NULL) \
	X(MEETING, "meetings", notes, "notes", FT_MULTI, TV_MAX_SECTION, 0, NULL) \
	X(MEETING, "meetings", packages, "packages", FT_TEXT, TV_MAX_TITLE, 0, NULL)
#define PERSON_FIELDS(X) \
	X(PERSON, "people", name, "name", FT_TEXT, TV_MAX_NAME, 1, NULL) \
	X(PERSON, "people", email, "email", FT_TEXT, TV_MAX_NAME, 0, NULL) \
	X(PERSON, "people", role, "role", FT_ENUM, 0, 1, &en_role) \
	X(PERSON, "people", area, "area", FT_ENUM, 0, 0, &en_area)
#define COMMENT_FIELDS(X) \
	X(COMMENT, "comments", text, "text", FT_MULTI, TV_MAX_COMMENT, 1, NULL)
#define DECISION_FIELDS(X) \
	X(DECISION, "decisions", title, "title", FT_TEXT, TV_MAX_TITLE, 1, NULL) \
	X(DECISION, "decisions", area, "area", FT_ENUM, 0, 0, &en_area) \
	X(DECISION, "decisions", owner, "owner", FT_TEXT, TV_MAX_NAME, 0, NULL) \
	X(DECISION, "decisions", due, "due", FT_DATE, 0, 0, NULL) \
	X(DECISION, "decisions", status, "status", FT_ENUM, 0, 1, &en_dstatus) \
	X(DECISION, "decisions", text, "text", FT_MULTI, TV_MAX_SECTION, 0, NULL) \
	X(DECISION, "decisions", decided, "decided", FT_DATE, 0, 0, NULL)
#define ALL_FIELDS(X) BOARD_FIELDS(X) PACKAGE_FIELDS(X) TASK_FIELDS(X) PHASE_FIELDS(X) \
	MEETING_FIELDS(X) PERSON_FIELDS(X) COMMENT_FIELDS(X) DECISION_FIELDS(X)

struct field {
	enum tv_kind kind;
	const char *name;
	const char *column;
	enum ftype type;
	size_t max;
	bool required;
	const struct enum_desc *en;
	const char *get_sql;
	const char *update_sql;
};

enum field_id {
#define X(k, t, f, c, ty, mx, rq, en) F_##k##_##f,
	ALL_FIELDS(X)
#undef X
	F_COUNT
};

static const struct field fields[] = {
#define X(k, t, f, c, ty, mx, rq, en) \
	{ TV_KIND_##k, #f, c, ty, mx, rq, en, \
	  "SELECT " c ", version FROM " t " WHERE id = ?1", \
	  "UPDATE " t " SET " c " = ?1, version = version + 1, updated_at = ?2, " \
	  "updated_by = ?3 WHERE id = ?4 AND (version = ?5 OR ?5 = 0)" },
	ALL_FIELDS(X)
#undef X
};

#define FNAME(k, t, f, c, ty, mx, rq, en) #f,
static const char *const board_field_names[] = { BOARD_FIELDS(FNAME) NULL };
static const char *const package_field_names[] = { PACKAGE_FIELDS(FNAME) NULL };
static const char *const task_field_names[] = { TASK_FIELDS(FNAME) NULL };
static const char *const phase_field_names[] = { PHASE_FIELDS(FNAME) NULL };
static const char *const meeting_field_names[] = { MEETING_FIELDS(FNAME) NULL };
static const char *const person_field_names[] = { PERSON_FIELDS(FNAME) NULL };
static const char *const comment_field_names[] = { COMMENT_FIELDS(FNAME) NULL };
static const char *const decision_field_names[] = { DECISION_FIELDS(FNAME) NULL };
#undef FNAME

static const char *const *const kind_fields[TV_KIND_COUNT] = {
	[TV_KIND_BOARD] = board_field_names,
	[TV_KIND_PACKAGE] = package_field_names,
	[TV_KIND_TASK] = task_field_names,
	[TV_KIND_PHASE] = phase_field_names,
	[TV_KIND_MEETING] = meeting_field_names,
	[TV_KIND_PERSON] = person_field_names,
	[TV_KIND_COMMENT] = comment_field_names,
	[TV_KIND_DECISION] = decision_field_names,
};

/* Per kind: the context query, the snapshot and restore statements, the delete. */
static const struct {
	enum stmt_id ctx, snapshot, restore, del;
	const char *uid_prefix;
} kind_stmts[TV_KIND_COUNT] = {
	[TV_KIND_BOARD] = { S_CTX_BOARD, S_BOARD_SNAPSHOT, S_COUNT, S_BOARD_DELETE, NULL },
	[TV_KIND_PACKAGE] = { S_CTX_PACKAGE, S_PKG_SNAPSHOT, S_PKG_RESTORE, S_PKG_DELETE, "pkg-" },
	[TV_KIND_TASK] = { S_CTX_TASK, S_TASK_SNAPSHOT, S_TASK_RESTORE, S_TASK_DELETE, "task-" },
	[TV_KIND_PHASE] = { S_CTX_PHASE, S_PHASE_SNAPSHOT, S_PHASE_RESTORE, S_PHASE_DELETE,
		"phase-" },
	[TV_KIND_MEETING] = { S_CTX_MEETING, S_MEET_SNAPSHOT, S_MEET_RESTORE, S_MEET_DELETE,
		"meet-" },
	[TV_KIND_PERSON] = { S_CTX_PERSON, S_PERSON_SNAPSHOT, S_PERSON_RESTORE, S_PERSON_DELETE,
		NULL },
	[TV_KIND_COMMENT] = { S_CTX_COMMENT, S_COMMENT_SNAPSHOT, S_COMMENT_RESTORE,
		S_COMMENT_DELETE, NULL },
	[TV_KIND_DECISION] = { S_CTX_DECISION, S_DEC_SNAPSHOT, S_DEC_RESTORE, S_DEC_DELETE,
		NULL },
};

/* ------------------------------------------------------------------------------------ */

struct tv_store {
	sqlite3 *db;
	char *path;
	unsigned flags;
	int depth;            /* open transaction levels (tv_store_begin and calls) */
	int64_t change_id;    /* change id of the open transaction, 0 until first history row */
	int64_t last_change;
	time_t now;           /* 0: real clock */
	char *user;
	char err[512];
	sqlite3_stmt *stmts[S_COUNT];
	sqlite3_stmt *fget[F_COUNT];
	sqlite3_stmt *fupd[F_COUNT];
};

struct ctx {
	int64_t board_id;
	int64_t package_id;
	int64_t version;
};

static enum tv_status
fail(struct tv_store *s, enum tv_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum tv_status
fail(struct tv_store *s, enum tv_status st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->err, sizeof s->err, gettext(fmt), ap);
	va_end(ap);
	return st;
}

static enum tv_status
map_rc(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_ROW:
	case SQLITE_DONE:
		return TV_OK;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return TV_BUSY;
	case SQLITE_READONLY:
		return TV_READONLY;
	case SQLITE_CORRUPT:
		return TV_CORRUPT;
	case SQLITE_NOTADB:
		return TV_NOT_TAVLE;
	case SQLITE_IOERR:
	case SQLITE_FULL:
	case SQLITE_CANTOPEN:
		return TV_IO;
	case SQLITE_CONSTRAINT:
		return TV_INVALID;
	default:
		return TV_DB;
	}
}

/* Turn a SQLite failure into a status and a sentence. */
static enum tv_status
db_fail(struct tv_store *s, int rc)
{
	enum tv_status st = map_rc(rc);
	if (st == TV_BUSY)
		return fail(s, st, "database busy (another tavle is writing); try again");
	if (st == TV_READONLY)
		return fail(s, st, "%s is read-only: %s", s->path, sqlite3_errmsg(s->db));
	return fail(s, st == TV_OK ? TV_DB : st, "%s: %s", s->path, sqlite3_errmsg(s->db));
}

static sqlite3_stmt *
prep(struct tv_store *s, enum stmt_id id)
{
	if (!s->stmts[id]) {
		int rc = sqlite3_prepare_v3(s->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
			&s->stmts[id], NULL);
		if (rc != SQLITE_OK)
			tv_fatal("store: cannot prepare statement %d: %s", (int)id,
				sqlite3_errmsg(s->db));
	}
	return s->stmts[id];
}

/* Run a statement that returns no rows (bound already); always reset. */
static enum tv_status
run(struct tv_store *s, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	while (rc == SQLITE_ROW)
		rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? TV_OK : db_fail(s, rc);
}

/* Step a one-row query: TV_OK with the row (caller must reset), TV_NOT_FOUND with no
 * row (already reset), or an error (already reset). */
static enum tv_status
row1(struct tv_store *s, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return TV_OK;
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? TV_NOT_FOUND : db_fail(s, rc);
}

/* A query giving one integer (NULL reads as 0). */
static enum tv_status
query_int(struct tv_store *s, sqlite3_stmt *st, int64_t *out)
{
	enum tv_status r = row1(s, st);
	if (r != TV_OK)
		return r;
	*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return TV_OK;
}

static void
bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/* Empty text is stored as NULL in optional columns. */
static void
bind_opt(sqlite3_stmt *st, int i, const char *v)
{
	bind_text(st, i, v && *v ? v : NULL);
}

static char *
col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? tv_xstrdup((const char *)t) : NULL;
}

/* ---- dates in storage ---- */

static void
format_day(int32_t day, char buf[TV_DATE_BUF])
{
	if (day == TV_NO_DAY) {
		buf[0] = '\0';
		return;
	}
	int y, m, d;
	tv_date_to_ymd(day, &y, &m, &d);
	if (y < 0 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) {
		buf[0] = '\0';
		return;
	}
	snprintf(buf, TV_DATE_BUF, "%04u-%02u-%02u", (unsigned)y, (unsigned)m, (unsigned)d);
}

static void
format_when(struct tv_when w, char buf[TV_WHEN_BUF])
{
	char day[TV_DATE_BUF];
	format_day(w.day, day);
	if (w.day == TV_NO_DAY || w.minute < 0)
		snprintf(buf, TV_WHEN_BUF, "%s", day);
	else
		snprintf(buf, TV_WHEN_BUF, "%.10s %02u:%02u", day, (unsigned)(w.minute / 60) % 24u,
			(unsigned)w.minute % 60u);
}

static bool
valid_day(int32_t day)
{
	if (day == TV_NO_DAY)
		return true;
	int y, m, d;
	tv_date_to_ymd(day, &y, &m, &d);
	return y >= 1 && y <= 9999;
}

static bool
valid_when(struct tv_when w)
{
	return valid_day(w.day) && w.minute >= TV_NO_TIME && w.minute < 1440;
}

static bool
digits_at(const char *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (t[i] < '0' || t[i] > '9')
			return false;
	return true;
}

static int
num_at(const char *t, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (t[i] - '0');
	return v;
}

/* Parse a stored date; anything unexpected reads as no date. Stored dates are always
 * "YYYY-MM-DD" (CHECK constraints), read without sscanf: a board load reads thousands
 * of them (the benchmark's export spent 7% in sscanf). */
static int32_t
parse_stored_day(const char *t)
{
	int y, m, d;
	int32_t day;
	if (t && digits_at(t, 4) && t[4] == '-' && digits_at(t + 5, 2) && t[7] == '-' &&
	    digits_at(t + 8, 2)) {
		y = num_at(t, 4);
		m = num_at(t + 5, 2);
		d = num_at(t + 8, 2);
	} else if (!t || sscanf(t, "%4d-%2d-%2d", &y, &m, &d) != 3) {
		return TV_NO_DAY;
	}
	if (!tv_date_from_ymd(y, m, d, &day))
		return TV_NO_DAY;
	return day;
}

static struct tv_when
parse_stored_when(const char *t)
{
	struct tv_when w = { parse_stored_day(t), TV_NO_TIME };
	int hh, mm;
	if (w.day == TV_NO_DAY || strlen(t) < 16)
		return w;
	if (digits_at(t + 11, 2) && t[13] == ':' && digits_at(t + 14, 2)) {
		hh = num_at(t + 11, 2);
		mm = num_at(t + 14, 2);
	} else if (sscanf(t + 11, "%2d:%2d", &hh, &mm) != 2) {
		return w;
	}
	if (hh >= 0 && hh < 24 && mm >= 0 && mm < 60)
		w.minute = (int16_t)(hh * 60 + mm);
	return w;
}

static int32_t
col_day(sqlite3_stmt *st, int i)
{
	return parse_stored_day((const char *)sqlite3_column_text(st, i));
}

static struct tv_when
col_when(sqlite3_stmt *st, int i)
{
	return parse_stored_when((const char *)sqlite3_column_text(st, i));
}

static void
bind_day(sqlite3_stmt *st, int i, int32_t day)
{
	char buf[TV_DATE_BUF];
	format_day(day, buf);
	bind_opt(st, i, buf);
}

static void
bind_when(sqlite3_stmt *st, int i, struct tv_when w)
{
	char buf[TV_WHEN_BUF];
	format_when(w, buf);
	bind_opt(st, i, buf);
}

static int
key_index(const struct enum_desc *en, const char *key)
{
	for (int i = 0; key && i < en->count; i++)
		if (strcmp(en->keys[i], key) == 0)
			return i;
	return -1;
}

static int
col_enum(sqlite3_stmt *st, int i, const struct enum_desc *en, int dflt)
{
	int k = key_index(en, (const char *)sqlite3_column_text(st, i));
	return k < 0 ? dflt : k;
}

/* ---- clock, user, uids ---- */

time_t
tv_store_now(const struct tv_store *store)
{
	return store->now ? store->now : time(NULL);
}

void
tv_store_set_now(struct tv_store *store, time_t now)
{
	store->now = now;
}

static void
stamp_at(time_t t, char buf[STAMP_BUF])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, STAMP_BUF, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void
stamp(const struct tv_store *s, char buf[STAMP_BUF])
{
	stamp_at(tv_store_now(s), buf);
}

static int32_t
today(const struct tv_store *s)
{
	return tv_date_today(tv_store_now(s));
}

void
tv_store_set_user(struct tv_store *store, const char *user)
{
	free(store->user);
	store->user = tv_xstrdup(user && *user ? user : "unknown");
}

static char *
default_user(void)
{
	return tv_default_user();
}

/* "pkg-" + 32 hex digits from the kernel's random source. */
static char *
new_uid(const char *prefix)
{
	unsigned char raw[16];
	size_t got = 0;
	while (got < sizeof raw) {
		ssize_t n = getrandom(raw + got, sizeof raw - got, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			tv_fatal("getrandom: %s", strerror(errno));
		}
		got += (size_t)n;
	}
	static const char digits[] = "0123456789abcdef";
	char hex[33];
	for (int i = 0; i < 16; i++) {
		hex[2 * i] = digits[raw[i] >> 4];
		hex[2 * i + 1] = digits[raw[i] & 15];
	}
	hex[32] = '\0';
	return tv_xasprintf("%s%s", prefix, hex);
}

/* A short, printable quotation of user input for messages. */
static char *
quote(const char *v)
{
	char *clean = tv_text_sanitize(v ? v : "", v ? strlen(v) : 0, TV_SAN_VISIBLE);
	if (strlen(clean) > QUOTE_MAX) {
		size_t n = QUOTE_MAX;
		while (n > 0 && ((unsigned char)clean[n] & 0xC0) == 0x80)
			n--;
		char *q = tv_xasprintf("%.*s…", (int)n, clean);
		free(clean);
		return q;
	}
	return clean;
}

/* ---- transactions ---- */

static enum tv_status
exec_id(struct tv_store *s, enum stmt_id id)
{
	return run(s, prep(s, id));
}

enum tv_status
tv_store_begin(struct tv_store *store)
{
	if (store->flags & TV_STORE_READONLY)
		return fail(store, TV_READONLY, "%s is open read-only", store->path);
	if (store->depth == 0) {
		enum tv_status r = exec_id(store, S_BEGIN);
		if (r != TV_OK)
			return r;
		store->change_id = 0;
	}
	store->depth++;
	return TV_OK;
}

enum tv_status
tv_store_commit(struct tv_store *store)
{
	if (store->depth <= 0)
		return fail(store, TV_INVALID, "commit without a transaction");
	if (--store->depth > 0)
		return TV_OK;
	enum tv_status r = exec_id(store, S_COMMIT);
	if (r != TV_OK) {
		char keep[sizeof store->err];
		memcpy(keep, store->err, sizeof keep);
		if (!sqlite3_get_autocommit(store->db))
			exec_id(store, S_ROLLBACK);
		memcpy(store->err, keep, sizeof keep);
		store->change_id = 0;
		return r;
	}
	if (store->change_id)
		store->last_change = store->change_id;
	store->change_id = 0;
	return TV_OK;
}

void
tv_store_rollback(struct tv_store *store)
{
	if (!store || store->depth <= 0)
		return;
	char keep[sizeof store->err];
	memcpy(keep, store->err, sizeof keep);
	if (!sqlite3_get_autocommit(store->db))
		exec_id(store, S_ROLLBACK);
	memcpy(store->err, keep, sizeof keep);
	store->depth = 0;
	store->change_id = 0;
}

/* One writing call: its own transaction, or a savepoint inside the caller's, so that a
 * failed call leaves nothing behind either way. */
static enum tv_status
op_begin(struct tv_store *s, bool *owned)
{
	*owned = s->depth == 0;
	if (*owned)
		return tv_store_begin(s);
	enum tv_status r = exec_id(s, S_SAVEPOINT);
	if (r == TV_OK)
		s->depth++;
	return r;
}

static enum tv_status
op_end(struct tv_store *s, bool owned, enum tv_status r)
{
	if (owned) {
		if (r == TV_OK)
			return tv_store_commit(s);
		tv_store_rollback(s);
		return r;
	}
	char keep[sizeof s->err];
	memcpy(keep, s->err, sizeof keep);
	if (r != TV_OK)
		exec_id(s, S_ROLLBACK_TO);
	enum tv_status rr = exec_id(s, S_RELEASE);
	s->depth--;
	if (r != TV_OK) {
		memcpy(s->err, keep, sizeof keep);
		return r;
	}
	return rr;
}

int64_t
tv_store_last_change(const struct tv_store *store)
{
	return store->last_change;
}

/* ------------------------------------------------------------------------------------ */
/* Opening */

static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return tv_xstrdup(".");
	if (slash == path)
		return tv_xstrdup("/");
	return tv_xstrndup(path, (size_t)(slash - path));
}

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
static bool
wal_has_content(const char *path)
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
		!wal_has_content(path);
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
	char *dir = dir_of(path);
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
		if (sane && !wal_has_content(path)) {
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

struct probe {
	int64_t user_version;
	int64_t app_id;
	int64_t ntables;
	bool has_meta;
};

/* Read-only look at the file's header and schema (writes nothing). */
static int
probe_db(sqlite3 *db, struct probe *p)
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

static enum tv_status
judge_probe(const char *path, const struct probe *p, struct tv_diag *diag)
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
	enum tv_status st = map_rc(rc);
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

static enum tv_status
seed_areas(struct tv_store *s)
{
	static const struct {
		const char *key, *da, *en, *colour;
	} areas[] = {
#define X(e, k, da, en, col, tag) { k, da, en, col },
		TV_AREA_INFO(X)
#undef X
	};
	sqlite3_stmt *st = prep(s, S_AREA_SEED);
	for (int i = 0; i < TV_AREA_COUNT; i++) {
		bind_text(st, 1, areas[i].key);
		sqlite3_bind_int(st, 2, i);
		bind_text(st, 3, areas[i].da);
		bind_text(st, 4, areas[i].en);
		bind_text(st, 5, areas[i].colour);
		enum tv_status r = run(s, st);
		if (r != TV_OK)
			return r;
	}
	return TV_OK;
}

/* Migrate under BEGIN IMMEDIATE, re-reading the version inside: of several processes
 * starting at once, the first migrates and the others find the work done. */
static enum tv_status
migrate(struct tv_store *s, struct tv_diag *diag)
{
	enum tv_status r = exec_id(s, S_BEGIN);
	if (r != TV_OK)
		return tv_diag_set(diag, r, "%s", s->err);
	struct probe p;
	int rc = probe_db(s->db, &p);
	if (rc != SQLITE_OK) {
		r = open_fail(s, rc, diag, "reading the schema");
		goto fail;
	}
	r = judge_probe(s->path, &p, diag);
	if (r != TV_OK)
		goto fail;
	for (int64_t v = p.user_version; v < TV_SCHEMA_VERSION; v++) {
		char *msg = NULL;
		rc = sqlite3_exec(s->db, migrations[v], NULL, NULL, &msg);
		if (rc != SQLITE_OK) {
			r = tv_diag_set(diag, map_rc(rc) == TV_OK ? TV_DB : map_rc(rc),
				"%s: migration to schema %lld failed: %s", s->path,
				(long long)v + 1, msg ? msg : sqlite3_errstr(rc));
			sqlite3_free(msg);
			goto fail;
		}
		if (v == 0 && (r = seed_areas(s)) != TV_OK) {
			tv_diag_set(diag, r, "%s", s->err);
			goto fail;
		}
	}
	r = exec_id(s, S_COMMIT);
	if (r != TV_OK) {
		tv_diag_set(diag, r, "%s", s->err);
		goto fail;
	}
	return TV_OK;
fail:
	if (!sqlite3_get_autocommit(s->db))
		exec_id(s, S_ROLLBACK);
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
	s->user = default_user();
	int oflags = SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_NOMUTEX |
		(ro ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);
	if (memory)
		oflags |= SQLITE_OPEN_CREATE;
	int rc = sqlite3_open_v2(path, &s->db, oflags, NULL);
	if (rc != SQLITE_OK) {
		r = open_fail(s, rc, diag, "cannot open");
		goto fail;
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
	struct probe p;
	rc = probe_db(s->db, &p);
	if (rc != SQLITE_OK && ro && !memory &&
		(map_rc(rc) == TV_READONLY || map_rc(rc) == TV_IO)) {
		/* A WAL database needs PATH-shm even to read; since SQLite 3.22 a reader
		 * may go without creating it only if the -wal and -shm files exist. */
		char *dir = dir_of(path);
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
	if ((r = judge_probe(path, &p, diag)) != TV_OK)
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
		for (int i = 0; i < F_COUNT; i++) {
			sqlite3_finalize(store->fget[i]);
			sqlite3_finalize(store->fupd[i]);
		}
		sqlite3_close_v2(store->db);
	}
	free(store->path);
	free(store->user);
	free(store);
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
	if (query_int(store, prep(store, S_USER_VERSION), &v) != TV_OK)
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
	return query_int(store, prep(store, S_DATA_VERSION), out);
}

enum tv_status
tv_store_history_head(struct tv_store *store, int64_t *out_id)
{
	return query_int(store, prep(store, S_HIST_HEAD), out_id);
}

/* ------------------------------------------------------------------------------------ */
/* Row readers: column order as in the *_SEL lists. */

static void
read_board(sqlite3_stmt *st, struct tv_board *b)
{
	b->id = sqlite3_column_int64(st, 0);
	b->name = col_text(st, 1);
	b->authority = col_text(st, 2);
	b->sector = (enum tv_sector)col_enum(st, 3, &en_sector, 0);
	b->start = col_day(st, 4);
	b->archived = sqlite3_column_int(st, 5) != 0;
	b->version = sqlite3_column_int64(st, 6);
	b->created_at = col_text(st, 7);
}

static void
read_package(sqlite3_stmt *st, struct tv_package *p)
{
	p->id = sqlite3_column_int64(st, 0);
	p->board_id = sqlite3_column_int64(st, 1);
	p->uid = col_text(st, 2);
	p->number = sqlite3_column_int(st, 3);
	p->title = col_text(st, 4);
	p->area = (enum tv_area)col_enum(st, 5, &en_area, 0);
	p->status = (enum tv_pstatus)col_enum(st, 6, &en_pstatus, 0);
	p->owner = col_text(st, 7);
	p->deadline = col_when(st, 8);
	p->phase_id = sqlite3_column_int64(st, 9);
	for (int i = 0; i < TV_SECTION_COUNT; i++)
		p->sections[i] = col_text(st, 10 + i);
	p->position = sqlite3_column_int(st, 16);
	p->version = sqlite3_column_int64(st, 17);
	p->updated_at = col_text(st, 18);
	p->updated_by = col_text(st, 19);
}

static void
read_task(sqlite3_stmt *st, struct tv_task *t)
{
	t->id = sqlite3_column_int64(st, 0);
	t->package_id = sqlite3_column_int64(st, 1);
	t->uid = col_text(st, 2);
	t->title = col_text(st, 3);
	t->deadline = col_when(st, 4);
	t->done = sqlite3_column_int(st, 5) != 0;
	t->responsible = (enum tv_responsible)col_enum(st, 6, &en_resp, 0);
	t->minimum = sqlite3_column_int(st, 7) != 0;
	t->position = sqlite3_column_int(st, 8);
	t->version = sqlite3_column_int64(st, 9);
	t->updated_at = col_text(st, 10);
}

static void
read_phase(sqlite3_stmt *st, struct tv_phase *p)
{
	p->id = sqlite3_column_int64(st, 0);
	p->board_id = sqlite3_column_int64(st, 1);
	p->uid = col_text(st, 2);
	p->name = col_text(st, 3);
	p->start = col_day(st, 4);
	p->end = col_day(st, 5);
	p->not_before = col_day(st, 6);
	p->not_before_reason = col_text(st, 7);
	p->position = sqlite3_column_int(st, 8);
	p->version = sqlite3_column_int64(st, 9);
	p->updated_at = col_text(st, 10);
}

static void
read_meeting(sqlite3_stmt *st, struct tv_meeting *m)
{
	m->id = sqlite3_column_int64(st, 0);
	m->board_id = sqlite3_column_int64(st, 1);
	m->uid = col_text(st, 2);
	m->kind = (enum tv_meeting_kind)col_enum(st, 3, &en_mkind, 0);
	m->title = col_text(st, 4);
	m->start = col_when(st, 5);
	m->end = col_when(st, 6);
	m->place = col_text(st, 7);
	m->region = col_text(st, 8);
	m->url = col_text(st, 9);
	m->participants = col_text(st, 10);
	m->notes = col_text(st, 11);
	m->packages = col_text(st, 12);
	m->version = sqlite3_column_int64(st, 13);
	m->updated_at = col_text(st, 14);
}

static void
read_person(sqlite3_stmt *st, struct tv_person *p)
{
	p->id = sqlite3_column_int64(st, 0);
	p->board_id = sqlite3_column_int64(st, 1);
	p->name = col_text(st, 2);
	p->email = col_text(st, 3);
	p->role = (enum tv_role)col_enum(st, 4, &en_role, 0);
	p->area = col_enum(st, 5, &en_area, -1);
	p->version = sqlite3_column_int64(st, 6);
}

static void
read_comment(sqlite3_stmt *st, struct tv_comment *c)
{
	c->id = sqlite3_column_int64(st, 0);
	c->package_id = sqlite3_column_int64(st, 1);
	c->author = col_text(st, 2);
	c->created_at = col_text(st, 3);
	c->text = col_text(st, 4);
	c->version = sqlite3_column_int64(st, 5);
}

static void
read_decision(sqlite3_stmt *st, struct tv_decision *d)
{
	d->id = sqlite3_column_int64(st, 0);
	d->board_id = sqlite3_column_int64(st, 1);
	d->title = col_text(st, 2);
	d->area = col_enum(st, 3, &en_area, -1);
	d->owner = col_text(st, 4);
	d->due = col_day(st, 5);
	d->status = (enum tv_decision_status)col_enum(st, 6, &en_dstatus, 0);
	d->text = col_text(st, 7);
	d->decided = col_day(st, 8);
	d->version = sqlite3_column_int64(st, 9);
}

static const char *const kind_keys_tbl[] = {
#define X(e, k) k,
	TV_KIND_INFO(X)
#undef X
};
static const struct enum_desc en_kind = { "kind", kind_keys_tbl, TV_KIND_COUNT };

static void
read_tombstone(sqlite3_stmt *st, struct tv_tombstone *t)
{
	t->uid = col_text(st, 0);
	t->kind = (enum tv_kind)col_enum(st, 1, &en_kind, TV_KIND_PACKAGE);
	t->summary = col_text(st, 2);
	t->start = col_when(st, 3);
	t->end = col_when(st, 4);
	t->sequence = sqlite3_column_int64(st, 5);
	t->deleted_at = col_text(st, 6);
	t->area = col_enum(st, 7, &en_area, -1);
}

static void
read_history(sqlite3_stmt *st, struct tv_history *h)
{
	h->id = sqlite3_column_int64(st, 0);
	h->change_id = sqlite3_column_int64(st, 1);
	h->board_id = sqlite3_column_int64(st, 2);
	h->at = col_text(st, 3);
	h->user = col_text(st, 4);
	h->kind = (enum tv_kind)col_enum(st, 5, &en_kind, 0);
	h->item_id = sqlite3_column_int64(st, 6);
	h->package_id = sqlite3_column_int64(st, 7);
	h->op = col_text(st, 8);
	h->field = col_text(st, 9);
	h->old_value = col_text(st, 10);
	h->new_value = col_text(st, 11);
}

/* Collect every row of a query (bound already) into a growing array; always resets. */
#define COLLECT(s, st, arr, n, type, reader, status)                                   \
	do {                                                                           \
		size_t cap_ = 0;                                                       \
		int rc_;                                                               \
		(status) = TV_OK;                                                      \
		while ((rc_ = sqlite3_step(st)) == SQLITE_ROW) {                       \
			if ((n) == cap_) {                                             \
				cap_ = cap_ ? cap_ * 2 : 8;                            \
				(arr) = tv_xrealloc((arr), cap_ * sizeof(type));       \
			}                                                              \
			memset(&(arr)[(n)], 0, sizeof(type));                          \
			reader((st), &(arr)[(n)]);                                     \
			(n)++;                                                         \
		}                                                                      \
		sqlite3_reset(st);                                                     \
		if (rc_ != SQLITE_DONE)                                                \
			(status) = db_fail((s), rc_);                                  \
	} while (0)

/* ------------------------------------------------------------------------------------ */
/* Context, history */

static enum tv_status
get_ctx(struct tv_store *s, enum tv_kind kind, int64_t id, struct ctx *c)
{
	sqlite3_stmt *st = prep(s, kind_stmts[kind].ctx);
	sqlite3_bind_int64(st, 1, id);
	enum tv_status r = row1(s, st);
	if (r == TV_NOT_FOUND)
		return fail(s, r, "%s %lld does not exist (removed?)", tv_kind_key(kind),
			(long long)id);
	if (r != TV_OK)
		return r;
	c->board_id = sqlite3_column_int64(st, 0);
	c->package_id = sqlite3_column_int64(st, 1);
	c->version = sqlite3_column_int64(st, 2);
	sqlite3_reset(st);
	return TV_OK;
}

static enum tv_status
record(struct tv_store *s, const struct ctx *c, enum tv_kind kind, int64_t item_id,
	const char *op, const char *field, const char *old_value, const char *new_value)
{
	if (!s->change_id) {
		enum tv_status r = query_int(s, prep(s, S_NEXT_CHANGE), &s->change_id);
		if (r != TV_OK)
			return r;
	}
	char at[STAMP_BUF];
	stamp(s, at);
	sqlite3_stmt *st = prep(s, S_HIST_INSERT);
	sqlite3_bind_int64(st, 1, s->change_id);
	sqlite3_bind_int64(st, 2, c->board_id);
	bind_text(st, 3, at);
	bind_text(st, 4, s->user);
	bind_text(st, 5, tv_kind_key(kind));
	sqlite3_bind_int64(st, 6, item_id);
	sqlite3_bind_int64(st, 7, c->package_id);
	bind_text(st, 8, op);
	bind_text(st, 9, field ? field : "");
	bind_text(st, 10, old_value);
	bind_text(st, 11, new_value);
	return run(s, st);
}

/* A JSON text of one row (for remove, so revert can restore it exactly). */
static enum tv_status
snapshot(struct tv_store *s, enum tv_kind kind, int64_t id, char **out)
{
	sqlite3_stmt *st = prep(s, kind_stmts[kind].snapshot);
	sqlite3_bind_int64(st, 1, id);
	enum tv_status r = row1(s, st);
	if (r == TV_NOT_FOUND)
		return fail(s, r, "%s %lld does not exist", tv_kind_key(kind), (long long)id);
	if (r != TV_OK)
		return r;
	*out = col_text(st, 0);
	sqlite3_reset(st);
	return TV_OK;
}

static enum tv_status
check_text(struct tv_store *s, const char *what, const char *text, size_t max, bool multiline,
	bool required)
{
	struct tv_diag d;
	tv_diag_clear(&d);
	if (!text)
		text = "";
	if (tv_text_check(what, text, max, multiline, required, &d) != TV_OK)
		return fail(s, TV_INVALID, "%s", d.msg[0] ? d.msg : "invalid text");
	return TV_OK;
}

/* ------------------------------------------------------------------------------------ */
/* Boards */

static enum tv_status
board_exists(struct tv_store *s, int64_t board_id)
{
	struct ctx c;
	enum tv_status r = get_ctx(s, TV_KIND_BOARD, board_id, &c);
	if (r == TV_NOT_FOUND)
		return fail(s, r, "board %lld does not exist", (long long)board_id);
	return r;
}

enum tv_status
tv_store_board_add(struct tv_store *store, struct tv_board *board)
{
	enum tv_status r;
	if ((r = check_text(store, "name", board->name, TV_MAX_TITLE, false, true)) != TV_OK ||
		(r = check_text(store, "authority", board->authority, TV_MAX_NAME, false,
			false)) != TV_OK)
		return r;
	if ((unsigned)board->sector >= TV_SECTOR_COUNT || !valid_day(board->start))
		return fail(store, TV_INVALID, "board: invalid sector or start date");
	bool owned;
	if ((r = op_begin(store, &owned)) != TV_OK)
		return r;
	sqlite3_stmt *st = prep(store, S_BOARD_BY_NAME);
	bind_text(st, 1, board->name);
	int64_t dummy;
	r = query_int(store, st, &dummy);
	if (r == TV_OK) {
		char *q = quote(board->name);
		r = fail(store, TV_INVALID, "a board named '%s' already exists", q);
		free(q);
		return op_end(store, owned, r);
	}
	if (r != TV_NOT_FOUND)
		return op_end(store, owned, r);
	char at[STAMP_BUF];
	stamp(store, at);
	st = prep(store, S_BOARD_INSERT);
	bind_text(st, 1, board->name);
	bind_opt(st, 2, board->authority);
	bind_text(st, 3, sector_keys[board->sector]);
	bind_day(st, 4, board->start);
	sqlite3_bind_int(st, 5, board->archived ? 1 : 0);
	bind_text(st, 6, at);
	bind_text(st, 7, store->user);
	if ((r = run(store, st)) != TV_OK)
		return op_end(store, owned, r);
	int64_t id = sqlite3_last_insert_rowid(store->db);
	struct ctx c = { id, 0, 1 };
	r = record(store, &c, TV_KIND_BOARD, id, "add", "", NULL, board->name);
	r = op_end(store, owned, r);
	if (r == TV_OK) {
		board->id = id;
		board->version = 1;
		free(board->created_at);
		board->created_at = tv_xstrdup(at);
	}
	return r;
}

enum tv_status
tv_store_boards(struct tv_store *store, bool with_archived, struct tv_board **out,
	size_t *out_count)
{
	sqlite3_stmt *st = prep(store, S_BOARDS);
	sqlite3_bind_int(st, 1, with_archived ? 1 : 0);
	struct tv_board *arr = NULL;
	size_t n = 0;
	enum tv_status r;
	COLLECT(store, st, arr, n, struct tv_board, read_board, r);
	if (r != TV_OK) {
		for (size_t i = 0; i < n; i++)
			tv_board_clear(&arr[i]);
		free(arr);
		return r;
	}
	*out = arr;
	*out_count = n;
	return TV_OK;
}

static bool
parse_int64(const char *t, int64_t *out)
{
	if (!t || !*t)
		return false;
	int64_t v = 0;
	for (const char *p = t; *p; p++) {
		if (*p < '0' || *p > '9' || v > (INT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (*p - '0');
	}
	*out = v;
	return true;
}

enum tv_status
tv_store_board_find(struct tv_store *store, const char *name_or_id, int64_t *out_id)
{
	sqlite3_stmt *st = prep(store, S_BOARD_BY_NAME);
	bind_text(st, 1, name_or_id ? name_or_id : "");
	enum tv_status r = query_int(store, st, out_id);
	if (r != TV_NOT_FOUND)
		return r;
	int64_t id;
	if (parse_int64(name_or_id, &id)) {
		struct ctx c;
		if (get_ctx(store, TV_KIND_BOARD, id, &c) == TV_OK) {
			*out_id = id;
			return TV_OK;
		}
	}
	char *q = quote(name_or_id);
	r = fail(store, TV_NOT_FOUND, "no board named '%s'", q);
	free(q);
	return r;
}

enum tv_status
tv_store_board_default(struct tv_store *store, int64_t *out_id)
{
	enum tv_status r = query_int(store, prep(store, S_BOARD_DEFAULT), out_id);
	if (r == TV_NOT_FOUND)
		return fail(store, r, "%s has no board yet", store->path);
	return r;
}

enum tv_status
tv_store_board_touch(struct tv_store *store, int64_t board_id)
{
	bool owned;
	enum tv_status r = op_begin(store, &owned);
	if (r != TV_OK)
		return r;
	if ((r = board_exists(store, board_id)) == TV_OK) {
		sqlite3_stmt *st = prep(store, S_BOARD_TOUCH);
		sqlite3_bind_int64(st, 1, board_id);
		r = run(store, st);
	}
	return op_end(store, owned, r);
}

/* ------------------------------------------------------------------------------------ */
/* Loading */

static int
cmp_package(const void *a, const void *b)
{
	const struct tv_package *x = a, *y = b;
	if (x->area != y->area)
		return x->area < y->area ? -1 : 1;
	if (x->position != y->position)
		return x->position < y->position ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static enum tv_status
load_tasks(struct tv_store *s, struct tv_package *p)
{
	sqlite3_stmt *st = prep(s, S_TASKS_OF_PKG);
	sqlite3_bind_int64(st, 1, p->id);
	enum tv_status r;
	COLLECT(s, st, p->tasks, p->ntasks, struct tv_task, read_task, r);
	return r;
}

static enum tv_status
load_board_in(struct tv_store *s, int64_t board_id, unsigned parts,
	struct tv_board_data *d)
{
	enum tv_status r;
	sqlite3_stmt *st = prep(s, S_BOARD_GET);
	sqlite3_bind_int64(st, 1, board_id);
	r = row1(s, st);
	if (r == TV_NOT_FOUND)
		return fail(s, r, "board %lld does not exist", (long long)board_id);
	if (r != TV_OK)
		return r;
	read_board(st, &d->board);
	sqlite3_reset(st);

	if (parts & TV_PART_TASKS)
		parts |= TV_PART_PACKAGES;
	if (parts & TV_PART_PACKAGES) {
		st = prep(s, S_PKGS_OF_BOARD);
		sqlite3_bind_int64(st, 1, board_id);
		COLLECT(s, st, d->packages, d->npackages, struct tv_package, read_package, r);
		if (r != TV_OK)
			return r;
		/* Area keys sort alphabetically in SQL; the board's order is the model's. */
		if (d->npackages > 1)
			qsort(d->packages, d->npackages, sizeof *d->packages, cmp_package);
	}
	if (parts & TV_PART_TASKS)
		for (size_t i = 0; i < d->npackages; i++)
			if ((r = load_tasks(s, &d->packages[i])) != TV_OK)
				return r;

	if (parts & TV_PART_PHASES) {
		st = prep(s, S_PHASES_OF_BOARD);
		sqlite3_bind_int64(st, 1, board_id);
		COLLECT(s, st, d->phases, d->nphases, struct tv_phase, read_phase, r);
		if (r != TV_OK)
			return r;
	}
	if (parts & TV_PART_MEETINGS) {
		st = prep(s, S_MEETS_OF_BOARD);
		sqlite3_bind_int64(st, 1, board_id);
		COLLECT(s, st, d->meetings, d->nmeetings, struct tv_meeting, read_meeting, r);
		if (r != TV_OK)
			return r;
	}
	if (parts & TV_PART_PEOPLE) {
		st = prep(s, S_PEOPLE_OF_BOARD);
		sqlite3_bind_int64(st, 1, board_id);
		COLLECT(s, st, d->people, d->npeople, struct tv_person, read_person, r);
		if (r != TV_OK)
			return r;
	}
	if (parts & TV_PART_DECISIONS) {
		st = prep(s, S_DECS_OF_BOARD);
		sqlite3_bind_int64(st, 1, board_id);
		COLLECT(s, st, d->decisions, d->ndecisions, struct tv_decision, read_decision, r);
		if (r != TV_OK)
			return r;
	}
	if (!(parts & TV_PART_TOMBSTONES))
		return TV_OK;
	char since[STAMP_BUF];
	stamp_at(tv_store_now(s) - (time_t)TOMBSTONE_DAYS * 86400, since);
	st = prep(s, S_TOMBS_OF_BOARD);
	sqlite3_bind_int64(st, 1, board_id);
	bind_text(st, 2, since);
	COLLECT(s, st, d->tombstones, d->ntombstones, struct tv_tombstone, read_tombstone, r);
	return r;
}

enum tv_status
tv_store_load_board(struct tv_store *store, int64_t board_id, struct tv_board_data **out)
{
	return tv_store_load_board_parts(store, board_id, TV_PART_ALL, out);
}

enum tv_status
tv_store_load_board_parts(struct tv_store *store, int64_t board_id, unsigned parts,
	struct tv_board_data **out)
{
	struct tv_board_data *d = tv_xcalloc(1, sizeof *d);
	bool snap = store->depth == 0;
	enum tv_status r = TV_OK;
	if (snap)
		r = exec_id(store, S_BEGIN_READ);
	if (r == TV_OK)
		r = load_board_in(store, board_id, parts, d);
	if (snap && !sqlite3_get_autocommit(store->db)) {
		char keep[sizeof store->err];
		memcpy(keep, store->err, sizeof keep);
		exec_id(store, S_COMMIT);
		memcpy(store->err, keep, sizeof keep);
	}
	if (r != TV_OK) {
		tv_board_data_free(d);
		return r;
	}
	*out = d;
	return TV_OK;
}

enum tv_status
tv_store_comments(struct tv_store *store, int64_t package_id, struct tv_comment **out,
	size_t *out_count)
{
	sqlite3_stmt *st = prep(store, S_COMMENTS_OF_PKG);
	sqlite3_bind_int64(st, 1, package_id);
	struct tv_comment *arr = NULL;
	size_t n = 0;
	enum tv_status r;
	COLLECT(store, st, arr, n, struct tv_comment, read_comment, r);
	if (r != TV_OK) {
		for (size_t i = 0; i < n; i++)
			tv_comment_clear(&arr[i]);
		free(arr);
		return r;
	}
	*out = arr;
	*out_count = n;
	return TV_OK;
}

enum tv_status
tv_store_package_find(struct tv_store *store, int64_t board_id, int number, int64_t *out_id)
{
	sqlite3_stmt *st = prep(store, S_PKG_BY_NUMBER);
	sqlite3_bind_int64(st, 1, board_id);
	sqlite3_bind_int(st, 2, number);
	enum tv_status r = query_int(store, st, out_id);
	if (r == TV_NOT_FOUND)
		return fail(store, r, "package %d does not exist in this board", number);
	return r;
}

enum tv_status
tv_store_meeting_find_uid(struct tv_store *store, int64_t board_id, const char *uid,
	struct tv_meeting *out, bool *found)
{
	sqlite3_stmt *st = prep(store, S_MEET_BY_UID);
	sqlite3_bind_int64(st, 1, board_id);
	bind_text(st, 2, uid ? uid : "");
	enum tv_status r = row1(store, st);
	if (r == TV_NOT_FOUND) {
		*found = false;
		return TV_OK;
	}
	if (r != TV_OK)
		return r;
	memset(out, 0, sizeof *out);
	read_meeting(st, out);
	sqlite3_reset(st);
	*found = true;
	return TV_OK;
}

/* ------------------------------------------------------------------------------------ */
/* Adding */

static enum tv_status
phase_in_board(struct tv_store *s, int64_t phase_id, int64_t board_id)
{
	sqlite3_stmt *st = prep(s, S_PHASE_OF_BOARD);
	sqlite3_bind_int64(st, 1, phase_id);
	sqlite3_bind_int64(st, 2, board_id);
	int64_t dummy;
	enum tv_status r = query_int(s, st, &dummy);
	if (r == TV_NOT_FOUND)
		return fail(s, TV_INVALID, "phase: %lld is not a phase of this board",
			(long long)phase_id);
	return r;
}

static enum tv_status
number_free(struct tv_store *s, int64_t board_id, int64_t number, int64_t self)
{
	sqlite3_stmt *st = prep(s, S_PKG_BY_NUMBER);
	sqlite3_bind_int64(st, 1, board_id);
	sqlite3_bind_int64(st, 2, number);
	int64_t other;
	enum tv_status r = query_int(s, st, &other);
	if (r == TV_NOT_FOUND)
		return TV_OK;
	if (r != TV_OK)
		return r;
	if (other == self)
		return TV_OK;
	return fail(s, TV_INVALID, "package %lld already exists", (long long)number);
}

static enum tv_status
count_of(struct tv_store *s, enum stmt_id id, int64_t key, const char *key2, int *out)
{
	sqlite3_stmt *st = prep(s, id);
	sqlite3_bind_int64(st, 1, key);
	if (key2)
		bind_text(st, 2, key2);
	int64_t n = 0;
	enum tv_status r = query_int(s, st, &n);
	*out = (int)n;
	return r;
}

static enum tv_status
package_add(struct tv_store *s, struct tv_package *p, char **uid, int *number, int *position)
{
	static const char *const sec_names[] = {
#define X(e, k, da, en) k,
		TV_SECTION_INFO(X)
#undef X
	};
	enum tv_status r;
	if ((r = check_text(s, "title", p->title, TV_MAX_TITLE, false, true)) != TV_OK ||
		(r = check_text(s, "owner", p->owner, TV_MAX_NAME, false, false)) != TV_OK)
		return r;
	for (int i = 0; i < TV_SECTION_COUNT; i++)
		if ((r = check_text(s, sec_names[i], p->sections[i], TV_MAX_SECTION, true,
			false)) != TV_OK)
			return r;
	if ((unsigned)p->area >= TV_AREA_COUNT)
		return fail(s, TV_INVALID, "area: %d is not an area", (int)p->area);
	if ((unsigned)p->status >= TV_PSTATUS_COUNT)
		return fail(s, TV_INVALID, "status: %d is not a status", (int)p->status);
	if (!valid_when(p->deadline))
		return fail(s, TV_INVALID, "deadline: not a valid date and time");
	if ((r = board_exists(s, p->board_id)) != TV_OK)
		return r;
	if (p->phase_id && (r = phase_in_board(s, p->phase_id, p->board_id)) != TV_OK)
		return r;
	int64_t num = p->number;
	if (num > 99999)
		return fail(s, TV_INVALID, "number: %lld is not a number from 0 to 99999",
			(long long)num);
	if (num < 0) {
		sqlite3_stmt *st = prep(s, S_PKG_NEXT_NUMBER);
		sqlite3_bind_int64(st, 1, p->board_id);
		if ((r = query_int(s, st, &num)) != TV_OK)
			return r;
	} else if ((r = number_free(s, p->board_id, num, 0)) != TV_OK) {
		return r;
	}
	if ((r = count_of(s, S_PKG_COUNT_AREA, p->board_id, area_keys[p->area], position))
		!= TV_OK)
		return r;
	char at[STAMP_BUF];
	stamp(s, at);
	*uid = new_uid("pkg-");
	sqlite3_stmt *st = prep(s, S_PKG_INSERT);
	sqlite3_bind_int64(st, 1, p->board_id);
	bind_text(st, 2, *uid);
	sqlite3_bind_int64(st, 3, num);
	bind_text(st, 4, p->title);
	bind_text(st, 5, area_keys[p->area]);
	bind_text(st, 6, pstatus_keys[p->status]);
	bind_opt(st, 7, p->owner);
	bind_when(st, 8, p->deadline);
	if (p->phase_id)
		sqlite3_bind_int64(st, 9, p->phase_id);
	else
		sqlite3_bind_null(st, 9);
	for (int i = 0; i < TV_SECTION_COUNT; i++)
		bind_opt(st, 10 + i, p->sections[i]);
	sqlite3_bind_int(st, 16, *position);
	bind_text(st, 17, at);
	bind_text(st, 18, s->user);
	if ((r = run(s, st)) != TV_OK)
		return r;
	int64_t id = sqlite3_last_insert_rowid(s->db);
	*number = (int)num;
	struct ctx c = { p->board_id, id, 1 };
	char *summary = tv_xasprintf("%d %s", *number, p->title);
	r = record(s, &c, TV_KIND_PACKAGE, id, "add", "", NULL, summary);
	free(summary);
	if (r == TV_OK)
		p->id = id;
	return r;
}

/* Write back the common results of an add (only on success). */
static void
put_uid(char **dst, char *uid)
{
	if (*dst != uid) {
		free(*dst);
		*dst = uid;
	}
}

enum tv_status
tv_store_package_add(struct tv_store *store, struct tv_package *pkg)
{
	bool owned;
	enum tv_status r = op_begin(store, &owned);
	if (r != TV_OK)
		return r;
	char *uid = NULL;
	int number = 0, position = 0;
	int64_t old_id = pkg->id;
	r = op_end(store, owned, package_add(store, pkg, &uid, &number, &position));
	if (r != TV_OK) {
		pkg->id = old_id;
		free(uid);
		return r;
	}
	put_uid(&pkg->uid, uid);
	pkg->number = number;
	pkg->position = position;
	pkg->version = 1;
	return TV_OK;
}

static enum tv_status
task_add(struct tv_store *s, struct tv_task *t, char **uid, int *position)
{
	enum tv_status r;
	if ((r = check_text(s, "title", t->title, TV_MAX_TITLE, false, true)) != TV_OK)
		return r;
	if ((unsigned)t->responsible >= TV_RESPONSIBLE_COUNT)
		return fail(s, TV_INVALID, "responsible: %d is not a responsible party",
			(int)t->responsible);
	if (!valid_when(t->deadline))
		return fail(s, TV_INVALID, "deadline: not a valid date and time");
	struct ctx c;
	if ((r = get_ctx(s, TV_KIND_PACKAGE, t->package_id, &c)) != TV_OK)
		return r;
	if ((r = count_of(s, S_TASK_COUNT, t->package_id, NULL, position)) != TV_OK)
		return r;
	char at[STAMP_BUF];
	stamp(s, at);
	*uid = new_uid("task-");
	sqlite3_stmt *st = prep(s, S_TASK_INSERT);
	sqlite3_bind_int64(st, 1, t->package_id);
	bind_text(st, 2, *uid);
	bind_text(st, 3, t->title);
	bind_when(st, 4, t->deadline);
	sqlite3_bind_int(st, 5, t->done ? 1 : 0);
	bind_text(st, 6, resp_keys[t->responsible]);
	sqlite3_bind_int(st, 7, t->minimum ? 1 : 0);
	sqlite3_bind_int(st, 8, *position);
	bind_text(st, 9, at);
	bind_text(st, 10, s->user);
	if ((r = run(s, st)) != TV_OK)
		return r;
	int64_t id = sqlite3_last_insert_rowid(s->db);
	r = record(s, &c, TV_KIND_TASK, id, "add", "", NULL, t->title);
	if (r == TV_OK)
		t->id = id;
	return r;
}

enum tv_status
tv_store_task_add(struct tv_store *store, struct tv_task *task)
{
	bool owned;
	enum tv_status r = op_begin(store, &owned);
	if (r != TV_OK)
		return r;
	char *uid = NULL;
	int position = 0;
	int64_t old_id = task->id;
	r = op_end(store, owned, task_add(store, task, &uid, &position));
	if (r != TV_OK) {
		task->id = old_id;
		free(uid);
		return r;
	}
	put_uid(&task->uid, uid);
	task->position = position;
	task->version = 1;
	return TV_OK;
}

static enum tv_status
phase_add(struct tv_store *s, struct tv_phase *p, char **uid, int *position)
{
	enum tv_status r;
	if ((r = check_text(s, "name", p->name, TV_MAX_TITLE, false, true)) != TV_OK ||
		(r = check_text(s, "reason", p->not_before_reason, TV_MAX_TITLE, false,
			false)) != TV_OK)
		return r;
	if (p->start == TV_NO_DAY || p->end == TV_NO_DAY || !valid_day(p->start) ||
		!valid_day(p->end) || !valid_day(p->not_before))
		return fail(s, TV_INVALID, "phase: start and end must be valid dates");
	if (p->end < p->start)
		return fail(s, TV_INVALID, "phase: end is before start");
	if ((r = board_exists(s, p->board_id)) != TV_OK)
		return r;
	if ((r = count_of(s, S_PHASE_COUNT, p->board_id, NULL, position)) != TV_OK)
		return r;
	char at[STAMP_BUF];
	stamp(s, at);
	*uid = new_uid("phase-");
	sqlite3_stmt *st = prep(s, S_PHASE_INSERT);
	sqlite3_bind_int64(st, 1, p->board_id);
	bind_text(st, 2, *uid);
	bind_text(st, 3, p->name);
	bind_day(st, 4, p->start);
	bind_day(st, 5, p->end);
	bind_day(st, 6, p->not_before);
	bind_opt(st, 7, p->not_before_reason);
	sqlite3_bind_int(st, 8, *position);
	bind_text(st, 9, at);
	bind_text(st, 10, s->user);
	if ((r = run(s, st)) != TV_OK)
		return r;
	int64_t id = sqlite3_last_insert_rowid(s->db);
	struct ctx c = { p->board_id, 0, 1 };
	r = record(s, &c, TV_KIND_PHASE, id, "add", "", NULL, p->name);
	if (r == TV_OK)
		p->id = id;
	return r;
}

enum tv_status
tv_store_phase_add(struct tv_store *store, struct tv_phase *phase)
{
	bool owned;
	enum tv_status r = op_begin(store, &owned);
	if (r != TV_OK)
		return r;
	char *uid = NULL;
	int position = 0;
	int64_t old_id = phase->id;
	r = op_end(store, owned, phase_add(store, phase, &uid, &position));
	if (r != TV_OK) {
		phase->id = old_id;
		free(uid);
		return r;
	}
	put_uid(&phase->uid, uid);
	phase->position = position;
	phase->version = 1;
	return TV_OK;
}

static enum tv_status
meeting_add(struct tv_store *s, struct tv_meeting *m, char **uid)
{
	enum tv_status r;
	if ((r = check_text(s, "title", m->title, TV_MAX_TITLE, false, true)) != TV_OK ||
		(r = check_text(s, "place", m->place, TV_MAX_NAME, false, false)) != TV_OK ||
		(r = check_text(s, "region", m->region, TV_MAX_NAME, false, false)) != TV_OK ||
		(r = check_text(s, "url", m->url, TV_MAX_URL, false, false)) != TV_OK ||
		(r = check_text(s, "participants", m->participants, TV_MAX_SECTION, true,
			false)) != TV_OK ||
		(r = check_text(s, "notes", m->notes, TV_MAX_SECTION, true, false)) != TV_OK ||
		(r = check_text(s, "packages", m->packages, TV_MAX_TITLE, false, false)) != TV_OK)
		return r;
	if ((unsigned)m->kind >= TV_MEETING_KIND_COUNT)
		return fail(s, TV_INVALID, "kind: %d is not a meeting kind", (int)m->kind);
	if (m->start.day == TV_NO_DAY || !valid_when(m->start) || !valid_when(m->end))
		return fail(s, TV_INVALID, "meeting: start must be a valid date and time");
	if (m->uid && *m->uid && (r = check_text(s, "uid", m->uid, TV_MAX_URL, false, true))
		!= TV_OK)
		return r;
	if ((r = board_exists(s, m->board_id)) != TV_OK)
		return r;
	*uid = m->uid && *m->uid ? tv_xstrdup(m->uid) : new_uid("meet-");
	char at[STAMP_BUF];
	stamp(s, at);
	sqlite3_stmt *st = prep(s, S_MEET_INSERT);
	sqlite3_bind_int64(st, 1, m->board_id);
	bind_text(st, 2, *uid);
	bind_text(st, 3, mkind_keys[m->kind]);
	bind_text(st, 4, m->title);
	bind_when(st, 5, m->start);
	bind_when(st, 6, m->end);
	bind_opt(st, 7, m->place);
	bind_opt(st, 8, m->region);
	bind_opt(st, 9, m->url);
	bind_opt(st, 10, m->participants);
	bind_opt(st, 11, m->notes);
	bind_opt(st, 12, m->packages);
	bind_text(st, 13, at);
	bind_text(st, 14, s->user);
	r = run(s, st);
	if (r == TV_INVALID)
		return fail(s, r, "a meeting with uid %s already exists in this board", *uid);
	if (r != TV_OK)
		return r;
	int64_t id = sqlite3_last_insert_rowid(s->db);
	struct ctx c = { m->board_id, 0, 1 };
	r = record(s, &c, TV_KIND_MEETING, id, "add", "", NULL, m->title);
	if (r == TV_OK)
		m->id = id;
	return r;
}

enum tv_status
tv_store_meeting_add(struct tv_store *store, struct tv_meeting *meeting)
{
	bool owned;
	enum tv_status r = op_begin(store, &owned);
	if (r != TV_OK)
		return r;
	char *uid = NULL;
	int64_t old_id = meeting->id;
	r = op_end(store, owned, meeting_add(store, meeting, &uid));
	if (r != TV_OK) {
		meeting->id = old_id;
		free(uid);
		return r;
	}
	put_uid(&meeting->uid, uid);
	meeting->version = 1;
	return TV_OK;
}

static enum tv_status
person_add(struct tv_store *s, struct tv_person *p)
{
	enum tv_status r;
	if ((r = check_text(s, "name", p->name, TV_MAX_NAME, false, true)) != TV_OK ||
		(r = check_text(s, "email", p->email, TV_MAX_NAME, false, false)) != TV_OK)
		return r;
	if ((unsigned)p->role >= TV_ROLE_COUNT || p->area < -1 || p->area >= TV_AREA_COUNT)
		return fail(s, TV_INVALID, "person: invalid role or area");
	if ((r = board_exists(s, p->board_id)) != TV_OK)
		return r;
	char at[STAMP_BUF];
	stamp(s, at);
	sqlite3_stmt *st = prep(s, S_PERSON_INSERT);
	sqlite3_bind_int64(st, 1, p->board_id);
	bind_text(st, 2, p->name);
	bind_opt(st, 3, p->email);
	bind_text(st, 4, role_keys[p->role]);
	bind_text(st, 5, p->area >= 0 ? area_keys[p->area] : NULL);
	bind_text(st, 6, at);
	bind_text(st, 7, s->user);
	if ((r = run(s, st)) != TV_OK)
		return r;
	int64_t id = sqlite3_last_insert_rowid(s->db);
	struct ctx c = { p->board_id, 0, 1 };
	r = record(s, &c, TV_KIND_PERSON, id, "add", "", NULL, p->name);
	if (r == TV_OK)
		p->id = id;
	return r;
}

enum tv_status
tv_store_person_add(struct tv_store *store, struct tv_person *person)
{
	bool owned;
	enum tv_status r = op_begin(store, &owned);
	if (r != TV_OK)
		return r;
	int64_t old_id = person->id;
	r = op_end(store, owned, person_add(store, person));
	if (r != TV_OK) {
		person->id = old_id;
		return r;
	}
	person->version = 1;
	return TV_OK;
}

static enum tv_status
comment_add(struct tv_store *s, struct tv_comment *cm, char **at_out)
{
	enum tv_status r;
	if ((r = check_text(s, "text", cm->text, TV_MAX_COMMENT, true, true)) != TV_OK ||
		(r = check_text(s, "author", cm->author, TV_MAX_NAME, false, false)) != TV_OK)
		return r;
	struct ctx c;
	if ((r = get_ctx(s, TV_KIND_PACKAGE, cm->package_id, &c)) != TV_OK)
		return r;
	char at[STAMP_BUF];
	stamp(s, at);
	const char *author = cm->author && *cm->author ? cm->author : s->user;
	sqlite3_stmt *st = prep(s, S_COMMENT_INSERT);
	sqlite3_bind_int64(st, 1, cm->package_id);
	bind_text(st, 2, author);
	bind_text(st, 3, at);
	bind_text(st, 4, cm->text);
	if ((r = run(s, st)) != TV_OK)
		return r;
	int64_t id = sqlite3_last_insert_rowid(s->db);
	r = record(s, &c, TV_KIND_COMMENT, id, "add", "", NULL, cm->text);
	if (r == TV_OK) {
		cm->id = id;
		*at_out = tv_xstrdup(at);
	}
	return r;
}

enum tv_status
tv_store_comment_add(struct tv_store *store, struct tv_comment *comment)
{
	bool owned;
	enum tv_status r = op_begin(store, &owned);
	if (r != TV_OK)
		return r;
	int64_t old_id = comment->id;
	char *at = NULL;
	r = op_end(store, owned, comment_add(store, comment, &at));
	if (r != TV_OK) {
		comment->id = old_id;
		free(at);
		return r;
	}
	free(comment->created_at);
	comment->created_at = at;
	if (!comment->author || !*comment->author) {
		free(comment->author);
		comment->author = tv_xstrdup(store->user);
	}
	comment->version = 1;
	return TV_OK;
}

static enum tv_status
decision_add(struct tv_store *s, struct tv_decision *d)
{
	enum tv_status r;
	if ((r = check_text(s, "title", d->title, TV_MAX_TITLE, false, true)) != TV_OK ||
		(r = check_text(s, "owner", d->owner, TV_MAX_NAME, false, false)) != TV_OK ||
		(r = check_text(s, "text", d->text, TV_MAX_SECTION, true, false)) != TV_OK)
		return r;
	if ((unsigned)d->status >= TV_DECISION_STATUS_COUNT || d->area < -1 ||
		d->area >= TV_AREA_COUNT || !valid_day(d->due) || !valid_day(d->decided))
		return fail(s, TV_INVALID, "decision: invalid status, area or date");
	if ((r = board_exists(s, d->board_id)) != TV_OK)
		return r;
	char at[STAMP_BUF];
	stamp(s, at);
	sqlite3_stmt *st = prep(s, S_DEC_INSERT);
	sqlite3_bind_int64(st, 1, d->board_id);
	bind_text(st, 2, d->title);
	bind_text(st, 3, d->area >= 0 ? area_keys[d->area] : NULL);
	bind_opt(st, 4, d->owner);
	bind_day(st, 5, d->due);
	bind_text(st, 6, dstatus_keys[d->status]);
	bind_opt(st, 7, d->text);
	bind_day(st, 8, d->decided);
	bind_text(st, 9, at);
	bind_text(st, 10, s->user);
	if ((r = run(s, st)) != TV_OK)
		return r;
	int64_t id = sqlite3_last_insert_rowid(s->db);
	struct ctx c = { d->board_id, 0, 1 };
	r = record(s, &c, TV_KIND_DECISION, id, "add", "", NULL, d->title);
	if (r == TV_OK)
		d->id = id;
	return r;
}

enum tv_status
tv_store_decision_add(struct tv_store *store, struct tv_decision *decision)
{
	bool owned;
	enum tv_status r = op_begin(store, &owned);
	if (r != TV_OK)
		return r;
	int64_t old_id = decision->id;
	r = op_end(store, owned, decision_add(store, decision));
	if (r != TV_OK) {
		decision->id = old_id;
		return r;
	}
	decision->version = 1;
	return TV_OK;
}

/* ------------------------------------------------------------------------------------ */
/* Fields: get, set */

const char *const *
tv_store_fields(enum tv_kind kind)
{
	static const char *const none[] = { NULL };
	return (unsigned)kind < TV_KIND_COUNT ? kind_fields[kind] : none;
}

void
tv_conflict_clear(struct tv_conflict *c)
{
	if (!c)
		return;
	free(c->value);
	free(c->changed_by);
	free(c->changed_at);
	memset(c, 0, sizeof *c);
}

static const struct field *
find_field(enum tv_kind kind, const char *name)
{
	for (int i = 0; name && i < F_COUNT; i++)
		if (fields[i].kind == kind && strcmp(fields[i].name, name) == 0)
			return &fields[i];
	return NULL;
}

static enum tv_status
unknown_field(struct tv_store *s, enum tv_kind kind, const char *name)
{
	char list[512] = "";
	size_t len = 0;
	for (const char *const *f = tv_store_fields(kind); *f; f++) {
		int n = snprintf(list + len, sizeof list - len, "%s%s", len ? ", " : "", *f);
		if (n < 0 || (size_t)n >= sizeof list - len)
			break;
		len += (size_t)n;
	}
	char *q = quote(name);
	enum tv_status r = fail(s, TV_INVALID, "%s has no field '%s' (fields: %s)",
		tv_kind_key(kind), q, list);
	free(q);
	return r;
}

static sqlite3_stmt *
field_stmt(struct tv_store *s, const struct field *f, bool update)
{
	int i = (int)(f - fields);
	sqlite3_stmt **slot = update ? &s->fupd[i] : &s->fget[i];
	if (!*slot) {
		int rc = sqlite3_prepare_v3(s->db, update ? f->update_sql : f->get_sql, -1,
			SQLITE_PREPARE_PERSISTENT, slot, NULL);
		if (rc != SQLITE_OK)
			tv_fatal("store: cannot prepare field %s: %s", f->name,
				sqlite3_errmsg(s->db));
	}
	return *slot;
}

/* Current canonical text of a field ("" for none) and the row's version. */
static enum tv_status
field_value(struct tv_store *s, const struct field *f, int64_t id, char **out,
	int64_t *version)
{
	sqlite3_stmt *st = field_stmt(s, f, false);
	sqlite3_bind_int64(st, 1, id);
	enum tv_status r = row1(s, st);
	if (r == TV_NOT_FOUND)
		return fail(s, r, "%s %lld does not exist (removed?)", tv_kind_key(f->kind),
			(long long)id);
	if (r != TV_OK)
		return r;
	switch (sqlite3_column_type(st, 0)) {
	case SQLITE_NULL:
		*out = tv_xstrdup("");
		break;
	case SQLITE_INTEGER:
		if (f->type == FT_BOOL)
			*out = tv_xstrdup(sqlite3_column_int64(st, 0) ? "yes" : "no");
		else
			*out = tv_xasprintf("%lld", (long long)sqlite3_column_int64(st, 0));
		break;
	default:
		*out = col_text(st, 0);
		break;
	}
	if (version)
		*version = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	return TV_OK;
}

static bool
blank(const char *v)
{
	for (; v && *v; v++)
		if (*v != ' ' && *v != '\t')
			return false;
	return true;
}

static enum tv_status
bad_value(struct tv_store *s, const struct field *f, const char *v, const char *why)
{
	char *q = quote(v);
	enum tv_status r = fail(s, TV_INVALID, "%s: '%s' %s", f->name, q, why);
	free(q);
	return r;
}

/* Validate user input for a field and turn it into canonical text. */
static enum tv_status
parse_field(struct tv_store *s, const struct field *f, const struct ctx *c, const char *v,
	char **out)
{
	struct tv_diag d;
	tv_diag_clear(&d);
	enum tv_status r;
	if (!v)
		v = "";
	if (f->type != FT_TEXT && f->type != FT_MULTI && blank(v)) {
		if (f->required)
			return fail(s, TV_INVALID, "%s: must not be empty", f->name);
		*out = tv_xstrdup("");
		return TV_OK;
	}
	switch (f->type) {
	case FT_TEXT:
	case FT_MULTI:
		if ((r = check_text(s, f->name, v, f->max, f->type == FT_MULTI, f->required))
			!= TV_OK)
			return r;
		*out = tv_xstrdup(v);
		return TV_OK;
	case FT_DATE: {
		int32_t day;
		if (tv_date_parse(v, today(s), &day, &d) != TV_OK)
			return fail(s, TV_INVALID, "%s: %s", f->name, d.msg);
		char buf[TV_DATE_BUF];
		format_day(day, buf);
		*out = tv_xstrdup(buf);
		return TV_OK;
	}
	case FT_WHEN: {
		struct tv_when w;
		if (tv_when_parse(v, today(s), true, &w, &d) != TV_OK)
			return fail(s, TV_INVALID, "%s: %s", f->name, d.msg);
		char buf[TV_WHEN_BUF];
		format_when(w, buf);
		*out = tv_xstrdup(buf);
		return TV_OK;
	}
	case FT_ENUM: {
		if (key_index(f->en, v) >= 0) {
			*out = tv_xstrdup(v);
			return TV_OK;
		}
		char list[256] = "";
		size_t len = 0;
		for (int i = 0; i < f->en->count; i++) {
			int n = snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "",
				f->en->keys[i]);
			if (n < 0 || (size_t)n >= sizeof list - len)
				break;
			len += (size_t)n;
		}
		char *why = tv_xasprintf("is not a%s %s (%s)",
			strchr("aeiou", f->en->noun[0]) ? "n" : "", f->en->noun, list);
		r = bad_value(s, f, v, why);
		free(why);
		return r;
	}
	case FT_BOOL: {
		static const char *const yes[] = { "yes", "true", "1", "ja", "y", "on" };
		static const char *const no[] = { "no", "false", "0", "nej", "n", "off" };
		for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
			if (strcasecmp(v, yes[i]) == 0) {
				*out = tv_xstrdup("yes");
				return TV_OK;
			}
			if (strcasecmp(v, no[i]) == 0) {
				*out = tv_xstrdup("no");
				return TV_OK;
			}
		}
		return bad_value(s, f, v, "is not yes or no");
	}
	case FT_INT: {
		int64_t n;
		if (!parse_int64(v, &n) || n > 99999)
			return bad_value(s, f, v, "is not a number from 0 to 99999");
		*out = tv_xasprintf("%lld", (long long)n);
		return TV_OK;
	}
	case FT_PHASE: {
		int64_t id;
		if (parse_int64(v, &id)) {
			sqlite3_stmt *st = prep(s, S_PHASE_OF_BOARD);
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_int64(st, 2, c->board_id);
			int64_t dummy;
			r = query_int(s, st, &dummy);
			if (r == TV_OK) {
				*out = tv_xasprintf("%lld", (long long)id);
				return TV_OK;
			}
			if (r != TV_NOT_FOUND)
				return r;
		}
		sqlite3_stmt *st = prep(s, S_PHASE_BY_NAME);
		sqlite3_bind_int64(st, 1, c->board_id);
		bind_text(st, 2, v);
		r = query_int(s, st, &id);
		if (r == TV_NOT_FOUND)
			return bad_value(s, f, v, "is not a phase of this board");
		if (r != TV_OK)
			return r;
		*out = tv_xasprintf("%lld", (long long)id);
		return TV_OK;
	}
	}
	return fail(s, TV_INVALID, "%s: unsupported field type", f->name);
}

static void
bind_canon(sqlite3_stmt *st, int i, const struct field *f, const char *canon)
{
	int64_t n;
	switch (f->type) {
	case FT_BOOL:
		sqlite3_bind_int(st, i, canon && strcmp(canon, "yes") == 0);
		break;
	case FT_INT:
	case FT_PHASE:
		if (parse_int64(canon, &n))
			sqlite3_bind_int64(st, i, n);
		else
			sqlite3_bind_null(st, i);
		break;
	default:
		bind_opt(st, i, canon);
		break;
	}
}

static enum tv_status
compact(struct tv_store *s, enum stmt_id id, int64_t key, const char *key2)
{
	sqlite3_stmt *st = prep(s, id);
	sqlite3_bind_int64(st, 1, key);
	if (key2)
		bind_text(st, 2, key2);
	return run(s, st);
}

/* A window must not end before it starts: phases (dates) and meetings (ISO text,
 * which sorts in time order also when one end has no time of day). */
static enum tv_status
check_order(struct tv_store *s, const struct field *f, int64_t id, const char *canon)
{
	const struct field *other;
	bool is_start;
	if (f == &fields[F_PHASE_start] || f == &fields[F_MEETING_start])
		is_start = true;
	else if (f == &fields[F_PHASE_end] || f == &fields[F_MEETING_end])
		is_start = false;
	else
		return TV_OK;
	if (f == &fields[F_PHASE_start])
		other = &fields[F_PHASE_end];
	else if (f == &fields[F_PHASE_end])
		other = &fields[F_PHASE_start];
	else if (f == &fields[F_MEETING_start])
		other = &fields[F_MEETING_end];
	else
		other = &fields[F_MEETING_start];
	char *o = NULL;
	enum tv_status r = field_value(s, other, id, &o, NULL);
	if (r != TV_OK)
		return r;
	const char *start = is_start ? canon : o, *end = is_start ? o : canon;
	if (*start && *end && strncmp(end, start, strlen(end)) < 0)
		r = fail(s, TV_INVALID, "%s: %s would end before it starts (%s to %s)", f->name,
			tv_kind_key(f->kind), start, end);
	free(o);
	return r;
}

/* Write a validated canonical value, keep the model's invariants, record history.
 * TV_CONFLICT (no message yet) when the row's version moved past `expected`. */
static enum tv_status
write_field(struct tv_store *s, const struct field *f, int64_t id, const struct ctx *c,
	const char *old, const char *canon, int64_t expected)
{
	enum tv_status r;
	int position = -1;
	if (f == &fields[F_PACKAGE_number]) {
		int64_t n = 0;
		parse_int64(canon, &n);
		if ((r = number_free(s, c->board_id, n, id)) != TV_OK)
			return r;
	}
	if (f == &fields[F_PACKAGE_area] &&
		(r = count_of(s, S_PKG_COUNT_AREA, c->board_id, canon, &position)) != TV_OK)
		return r;
	if (f == &fields[F_BOARD_name]) {
		sqlite3_stmt *q = prep(s, S_BOARD_BY_NAME);
		bind_text(q, 1, canon);
		int64_t other;
		r = query_int(s, q, &other);
		if (r == TV_OK && other != id) {
			char *qn = quote(canon);
			r = fail(s, TV_INVALID, "a board named '%s' already exists", qn);
			free(qn);
			return r;
		}
		if (r != TV_OK && r != TV_NOT_FOUND)
			return r;
	}
	if ((r = check_order(s, f, id, canon)) != TV_OK)
		return r;
	char at[STAMP_BUF];
	stamp(s, at);
	sqlite3_stmt *st = field_stmt(s, f, true);
	bind_canon(st, 1, f, canon);
	bind_text(st, 2, at);
	bind_text(st, 3, s->user);
	sqlite3_bind_int64(st, 4, id);
	sqlite3_bind_int64(st, 5, expected);
	if ((r = run(s, st)) != TV_OK)
		return r;
	if (sqlite3_changes(s->db) == 0)
		return TV_CONFLICT;
	if (position >= 0) {
		/* A package changing area goes to the end of its new column. */
		st = prep(s, S_PKG_SET_POS);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int(st, 2, position);
		if ((r = run(s, st)) != TV_OK ||
			(r = compact(s, S_PKG_COMPACT, c->board_id, old)) != TV_OK)
			return r;
	}
	return record(s, c, f->kind, id, "set", f->name, old, canon);
}

static void
fill_conflict(struct tv_store *s, const struct field *f, enum tv_kind kind, int64_t id,
	struct tv_conflict *conflict)
{
	char *value = NULL, *by = NULL, *at = NULL;
	int64_t version = 0;
	if (f)
		field_value(s, f, id, &value, &version);
	else {
		struct ctx c;
		if (get_ctx(s, kind, id, &c) == TV_OK)
			version = c.version;
	}
	sqlite3_stmt *st = prep(s, S_HIST_LAST_ITEM);
	bind_text(st, 1, tv_kind_key(kind));
	sqlite3_bind_int64(st, 2, id);
	if (row1(s, st) == TV_OK) {
		by = col_text(st, 0);
		at = col_text(st, 1);
		sqlite3_reset(st);
	}
	fail(s, TV_CONFLICT, "%s %lld was changed by %s at %s (now version %lld); your "
		"change was not saved", tv_kind_key(kind), (long long)id, by ? by : "someone",
		at ? at : "?", (long long)version);
	if (conflict) {
		tv_conflict_clear(conflict);
		conflict->version = version;
		conflict->value = value;
		conflict->changed_by = by;
		conflict->changed_at = at;
	} else {
		free(value);
		free(by);
		free(at);
	}
}

static enum tv_status
set_in(struct tv_store *s, enum tv_kind kind, int64_t id, const struct field *f,
	const char *value, int64_t expected, struct tv_conflict *conflict, int64_t *out_version)
{
	struct ctx c;
	enum tv_status r = get_ctx(s, kind, id, &c);
	if (r != TV_OK)
		return r;
	char *cur = NULL, *canon = NULL;
	int64_t version;
	if ((r = field_value(s, f, id, &cur, &version)) != TV_OK)
		return r;
	if ((r = parse_field(s, f, &c, value, &canon)) != TV_OK)
		goto out;
	if (expected && expected != version) {
		fill_conflict(s, f, kind, id, conflict);
		r = TV_CONFLICT;
		goto out;
	}
	if (strcmp(cur, canon) == 0) {
		*out_version = version;
		goto out;
	}
	r = write_field(s, f, id, &c, cur, canon, expected);
	if (r == TV_CONFLICT)
		fill_conflict(s, f, kind, id, conflict);
	else if (r == TV_OK)
		*out_version = version + 1;
out:
	free(cur);
	free(canon);
	return r;
}

enum tv_status
tv_store_set(struct tv_store *store, enum tv_kind kind, int64_t id, const char *field,
	const char *value, int64_t expected_version, struct tv_conflict *conflict,
	int64_t *out_version)
{
	if ((unsigned)kind >= TV_KIND_COUNT)
		return fail(store, TV_INVALID, "unknown kind of record");
	const struct field *f = find_field(kind, field);
	if (!f)
		return unknown_field(store, kind, field);
	bool owned;
	enum tv_status r = op_begin(store, &owned);
	if (r != TV_OK)
		return r;
	int64_t version = 0;
	r = op_end(store, owned, set_in(store, kind, id, f, value, expected_version, conflict,
		&version));
	if (r == TV_OK && out_version)
		*out_version = version;
	return r;
}

enum tv_status
tv_store_get(struct tv_store *store, enum tv_kind kind, int64_t id, const char *field,
	char **out_value, int64_t *out_version)
{
	if ((unsigned)kind >= TV_KIND_COUNT)
		return fail(store, TV_INVALID, "unknown kind of record");
	const struct field *f = find_field(kind, field);
	if (!f)
		return unknown_field(store, kind, field);
	char *v = NULL;
	int64_t version = 0;
	enum tv_status r = field_value(store, f, id, &v, &version);
	if (r != TV_OK)
		return r;
	*out_value = v;
	if (out_version)
		*out_version = version;
	return TV_OK;
}

/* ------------------------------------------------------------------------------------ */
/* Removing */

static enum tv_status
collect_ids(struct tv_store *s, enum stmt_id id, int64_t key, const char *key2,
	int64_t **out, size_t *n)
{
	sqlite3_stmt *st = prep(s, id);
	sqlite3_bind_int64(st, 1, key);
	if (key2)
		bind_text(st, 2, key2);
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = tv_xrealloc(*out, cap * sizeof **out);
		}
		(*out)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return db_fail(s, rc);
	}
	return TV_OK;
}

static enum tv_status
get_package(struct tv_store *s, int64_t id, struct tv_package *p)
{
	sqlite3_stmt *st = prep(s, S_PKG_GET);
	sqlite3_bind_int64(st, 1, id);
	enum tv_status r = row1(s, st);
	if (r != TV_OK)
		return r == TV_NOT_FOUND ? fail(s, r, "package %lld does not exist",
			(long long)id) : r;
	memset(p, 0, sizeof *p);
	read_package(st, p);
	sqlite3_reset(st);
	return TV_OK;
}

/* Leave a tombstone for an exportable item so calendar subscribers see it cancelled. */
static enum tv_status
tombstone(struct tv_store *s, enum tv_kind kind, int64_t id, int64_t board_id)
{
	char at[STAMP_BUF];
	stamp(s, at);
	sqlite3_stmt *st = prep(s, S_TOMB_INSERT);
	enum tv_status r = TV_OK;
	char *summary = NULL;
	char *uid = NULL;
	int64_t sequence = 1;
	const char *area = NULL;
	struct tv_when start = { TV_NO_DAY, TV_NO_TIME }, end = { TV_NO_DAY, TV_NO_TIME };
	struct tv_package p;
	memset(&p, 0, sizeof p);
	switch (kind) {
	case TV_KIND_PACKAGE:
		if ((r = get_package(s, id, &p)) != TV_OK)
			return r;
		summary = tv_xasprintf("%d %s", p.number, p.title);
		uid = tv_xstrdup(p.uid);
		sequence = p.version;
		start = end = p.deadline;
		area = area_keys[p.area];
		break;
	case TV_KIND_TASK: {
		sqlite3_stmt *q = prep(s, S_TASK_GET);
		sqlite3_bind_int64(q, 1, id);
		if ((r = row1(s, q)) != TV_OK)
			return r;
		struct tv_task t;
		memset(&t, 0, sizeof t);
		read_task(q, &t);
		sqlite3_reset(q);
		if ((r = get_package(s, t.package_id, &p)) != TV_OK) {
			tv_task_clear(&t);
			return r;
		}
		summary = tv_xstrdup(t.title);
		uid = tv_xstrdup(t.uid);
		sequence = t.version;
		start = end = t.deadline;
		area = area_keys[p.area];
		tv_task_clear(&t);
		break;
	}
	case TV_KIND_PHASE: {
		sqlite3_stmt *q = prep(s, S_PHASE_GET);
		sqlite3_bind_int64(q, 1, id);
		if ((r = row1(s, q)) != TV_OK)
			return r;
		struct tv_phase ph;
		memset(&ph, 0, sizeof ph);
		read_phase(q, &ph);
		sqlite3_reset(q);
		summary = tv_xstrdup(ph.name);
		uid = tv_xstrdup(ph.uid);
		sequence = ph.version;
		start.day = ph.start;
		end.day = ph.end;
		tv_phase_clear(&ph);
		break;
	}
	case TV_KIND_MEETING: {
		sqlite3_stmt *q = prep(s, S_MEET_GET);
		sqlite3_bind_int64(q, 1, id);
		if ((r = row1(s, q)) != TV_OK)
			return r;
		struct tv_meeting m;
		memset(&m, 0, sizeof m);
		read_meeting(q, &m);
		sqlite3_reset(q);
		summary = tv_xstrdup(m.title);
		uid = tv_xstrdup(m.uid);
		sequence = m.version;
		start = m.start;
		end = m.end;
		tv_meeting_clear(&m);
		break;
	}
	default:
		return TV_OK;
	}
	sqlite3_bind_int64(st, 1, board_id);
	bind_text(st, 2, uid);
	bind_text(st, 3, tv_kind_key(kind));
	bind_text(st, 4, summary ? summary : "");
	bind_when(st, 5, start);
	bind_when(st, 6, end);
	sqlite3_bind_int64(st, 7, sequence);
	bind_text(st, 8, at);
	bind_text(st, 9, area);
	r = run(s, st);
	free(summary);
	free(uid);
	tv_package_clear(&p);
	return r;
}

/* Record a row's full snapshot as a "remove" history entry (restorable by revert). */
static enum tv_status
record_removal(struct tv_store *s, enum tv_kind kind, int64_t id, const struct ctx *c)
{
	char *json = NULL;
	enum tv_status r = snapshot(s, kind, id, &json);
	if (r == TV_OK)
		r = record(s, c, kind, id, "remove", "", json, NULL);
	free(json);
	return r;
}

static enum tv_status
delete_row(struct tv_store *s, enum tv_kind kind, int64_t id)
{
	sqlite3_stmt *st = prep(s, kind_stmts[kind].del);
	sqlite3_bind_int64(st, 1, id);
	return run(s, st);
}

static enum tv_status
remove_in(struct tv_store *s, enum tv_kind kind, int64_t id, int64_t expected)
{
	struct ctx c;
	enum tv_status r = get_ctx(s, kind, id, &c);
	if (r != TV_OK)
		return r;
	if (expected && expected != c.version) {
		fill_conflict(s, NULL, kind, id, NULL);
		return TV_CONFLICT;
	}
	int64_t *ids = NULL;
	size_t n = 0;
	switch (kind) {
	case TV_KIND_PACKAGE: {
		/* Children first: undo replays in reverse, so the package comes back first. */
		if ((r = collect_ids(s, S_TASK_IDS, id, NULL, &ids, &n)) != TV_OK)
			return r;
		for (size_t i = 0; i < n && r == TV_OK; i++) {
			if ((r = tombstone(s, TV_KIND_TASK, ids[i], c.board_id)) == TV_OK)
				r = record_removal(s, TV_KIND_TASK, ids[i], &c);
		}
		free(ids);
		if (r != TV_OK)
			return r;
		if ((r = collect_ids(s, S_COMMENT_IDS, id, NULL, &ids, &n)) != TV_OK)
			return r;
		for (size_t i = 0; i < n && r == TV_OK; i++)
			r = record_removal(s, TV_KIND_COMMENT, ids[i], &c);
		free(ids);
		if (r != TV_OK)
			return r;
		char *area = NULL;
		if ((r = field_value(s, &fields[F_PACKAGE_area], id, &area, NULL)) != TV_OK)
			return r;
		if ((r = tombstone(s, kind, id, c.board_id)) == TV_OK &&
			(r = record_removal(s, kind, id, &c)) == TV_OK &&
			(r = delete_row(s, kind, id)) == TV_OK)
			r = compact(s, S_PKG_COMPACT, c.board_id, area);
		free(area);
		return r;
	}
	case TV_KIND_TASK:
		if ((r = tombstone(s, kind, id, c.board_id)) == TV_OK &&
			(r = record_removal(s, kind, id, &c)) == TV_OK &&
			(r = delete_row(s, kind, id)) == TV_OK)
			r = compact(s, S_TASK_COMPACT, c.package_id, NULL);
		return r;
	case TV_KIND_PHASE:
		/* Unlink packages through the history, so undo links them again. */
		if ((r = collect_ids(s, S_PKGS_OF_PHASE, id, NULL, &ids, &n)) != TV_OK)
			return r;
		for (size_t i = 0; i < n && r == TV_OK; i++) {
			struct ctx pc;
			char *old = NULL;
			if ((r = get_ctx(s, TV_KIND_PACKAGE, ids[i], &pc)) == TV_OK &&
				(r = field_value(s, &fields[F_PACKAGE_phase], ids[i], &old,
					NULL)) == TV_OK)
				r = write_field(s, &fields[F_PACKAGE_phase], ids[i], &pc, old, "",
					0);
			free(old);
		}
		free(ids);
		if (r == TV_OK && (r = tombstone(s, kind, id, c.board_id)) == TV_OK &&
			(r = record_removal(s, kind, id, &c)) == TV_OK &&
			(r = delete_row(s, kind, id)) == TV_OK)
			r = compact(s, S_PHASE_COMPACT, c.board_id, NULL);
		return r;
	case TV_KIND_MEETING:
		if ((r = tombstone(s, kind, id, c.board_id)) == TV_OK &&
			(r = record_removal(s, kind, id, &c)) == TV_OK)
			r = delete_row(s, kind, id);
		return r;
	default:
		if ((r = record_removal(s, kind, id, &c)) == TV_OK)
			r = delete_row(s, kind, id);
		return r;
	}
}

enum tv_status
tv_store_remove(struct tv_store *store, enum tv_kind kind, int64_t id, int64_t expected_version)
{
	if ((unsigned)kind >= TV_KIND_COUNT)
		return fail(store, TV_INVALID, "unknown kind of record");
	bool owned;
	enum tv_status r = op_begin(store, &owned);
	if (r != TV_OK)
		return r;
	return op_end(store, owned, remove_in(store, kind, id, expected_version));
}

/* ------------------------------------------------------------------------------------ */
/* Moving */

/* The ordered ids of the list `id` belongs to (its area column, its package's tasks,
 * its board's phases), with the item's index in it. */
static enum tv_status
list_of(struct tv_store *s, enum tv_kind kind, int64_t id, int64_t **ids, size_t *n,
	size_t *index, struct ctx *c)
{
	if (kind != TV_KIND_PACKAGE && kind != TV_KIND_TASK && kind != TV_KIND_PHASE)
		return fail(s, TV_INVALID, "a %s has no position", tv_kind_key(kind));
	enum tv_status r = get_ctx(s, kind, id, c);
	if (r != TV_OK)
		return r;
	if (kind == TV_KIND_PACKAGE) {
		char *area = NULL;
		if ((r = field_value(s, &fields[F_PACKAGE_area], id, &area, NULL)) != TV_OK)
			return r;
		r = collect_ids(s, S_PKG_COLUMN_IDS, c->board_id, area, ids, n);
		free(area);
	} else if (kind == TV_KIND_TASK) {
		r = collect_ids(s, S_TASK_IDS, c->package_id, NULL, ids, n);
	} else {
		r = collect_ids(s, S_PHASE_IDS, c->board_id, NULL, ids, n);
	}
	if (r != TV_OK)
		return r;
	for (*index = 0; *index < *n && (*ids)[*index] != id; (*index)++)
		;
	if (*index == *n) {
		free(*ids);
		*ids = NULL;
		return fail(s, TV_DB, "%s %lld is missing from its list", tv_kind_key(kind),
			(long long)id);
	}
	return TV_OK;
}

/* Moves are recorded as a "set" of the pseudo-field "position" (old and new index), so
 * undo after a move undoes the move, not the edit before it. */
static enum tv_status
move_in(struct tv_store *s, enum tv_kind kind, int64_t id, int position)
{
	int64_t *ids = NULL;
	size_t n = 0, from = 0;
	struct ctx c;
	enum tv_status r = list_of(s, kind, id, &ids, &n, &from, &c);
	if (r != TV_OK)
		return r;
	enum stmt_id set_pos = kind == TV_KIND_PACKAGE ? S_PKG_SET_POS :
		kind == TV_KIND_TASK ? S_TASK_SET_POS : S_PHASE_SET_POS;
	size_t to = position < 0 ? 0 : (size_t)position >= n ? n - 1 : (size_t)position;
	if (from < to)
		memmove(&ids[from], &ids[from + 1], (to - from) * sizeof *ids);
	else if (to < from)
		memmove(&ids[to + 1], &ids[to], (from - to) * sizeof *ids);
	ids[to] = id;
	/* Rewrite every position: also heals a list whose positions had gaps. */
	sqlite3_stmt *st = prep(s, set_pos);
	for (size_t i = 0; i < n && r == TV_OK; i++) {
		sqlite3_bind_int64(st, 1, ids[i]);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		r = run(s, st);
	}
	free(ids);
	if (r == TV_OK && from != to) {
		char old[24], now[24];
		snprintf(old, sizeof old, "%zu", from);
		snprintf(now, sizeof now, "%zu", to);
		r = record(s, &c, kind, id, "set", "position", old, now);
	}
	return r;
}

/* Current index of an item in its list, as text (for undo of a move). */
static enum tv_status
position_text(struct tv_store *s, enum tv_kind kind, int64_t id, char **out)
{
	int64_t *ids = NULL;
	size_t n = 0, index = 0;
	struct ctx c;
	enum tv_status r = list_of(s, kind, id, &ids, &n, &index, &c);
	if (r != TV_OK)
		return r;
	free(ids);
	*out = tv_xasprintf("%zu", index);
	return TV_OK;
}

enum tv_status
tv_store_move(struct tv_store *store, enum tv_kind kind, int64_t id, int position)
{
	if ((unsigned)kind >= TV_KIND_COUNT)
		return fail(store, TV_INVALID, "unknown kind of record");
	bool owned;
	enum tv_status r = op_begin(store, &owned);
	if (r != TV_OK)
		return r;
	return op_end(store, owned, move_in(store, kind, id, position));
}

/* ------------------------------------------------------------------------------------ */
/* History and undo */

static enum tv_status
json_get(struct tv_store *s, const char *json, const char *path, char **out)
{
	sqlite3_stmt *st = prep(s, S_JSON_GET);
	bind_text(st, 1, json);
	bind_text(st, 2, path);
	enum tv_status r = row1(s, st);
	if (r != TV_OK)
		return r == TV_NOT_FOUND ? fail(s, TV_DB, "bad snapshot") : r;
	*out = col_text(st, 0);
	sqlite3_reset(st);
	return TV_OK;
}

static enum tv_status
run_json(struct tv_store *s, enum stmt_id id, const char *json)
{
	sqlite3_stmt *st = prep(s, id);
	bind_text(st, 1, json);
	return run(s, st);
}

/* Put a removed row back from its snapshot: same id and uid, at its old position. */
static enum tv_status
restore(struct tv_store *s, enum tv_kind kind, int64_t item_id, const char *json)
{
	enum tv_status r = TV_OK;
	char *a = NULL, *b = NULL, *uid = NULL;
	if (!json || kind_stmts[kind].restore == S_COUNT)
		return fail(s, TV_UNSUPPORTED, "a removed %s cannot be restored by undo; use a "
			"backup", tv_kind_key(kind));
	if (kind == TV_KIND_PACKAGE) {
		int64_t board = 0, number = 0;
		if ((r = json_get(s, json, "$.board_id", &a)) != TV_OK ||
			(r = json_get(s, json, "$.number", &b)) != TV_OK)
			goto out;
		parse_int64(a, &board);
		parse_int64(b, &number);
		if (number_free(s, board, number, 0) != TV_OK) {
			r = fail(s, TV_CONFLICT, "cannot undo: package %lld exists again",
				(long long)number);
			goto out;
		}
		free(a);
		free(b);
		a = b = NULL;
		if ((r = run_json(s, S_PKG_SHIFT, json)) != TV_OK)
			goto out;
	} else if (kind == TV_KIND_TASK) {
		if ((r = run_json(s, S_TASK_SHIFT, json)) != TV_OK)
			goto out;
	} else if (kind == TV_KIND_PHASE) {
		if ((r = run_json(s, S_PHASE_SHIFT, json)) != TV_OK)
			goto out;
	}
	if ((r = run_json(s, kind_stmts[kind].restore, json)) != TV_OK) {
		if (r == TV_INVALID)
			r = fail(s, TV_CONFLICT, "cannot undo: %s %lld cannot come back (%s)",
				tv_kind_key(kind), (long long)item_id, sqlite3_errmsg(s->db));
		goto out;
	}
	struct ctx c;
	if ((r = get_ctx(s, kind, item_id, &c)) != TV_OK)
		goto out;
	if (kind == TV_KIND_PACKAGE) {
		if ((r = json_get(s, json, "$.area", &a)) != TV_OK ||
			(r = compact(s, S_PKG_COMPACT, c.board_id, a)) != TV_OK)
			goto out;
	} else if (kind == TV_KIND_TASK) {
		if ((r = compact(s, S_TASK_COMPACT, c.package_id, NULL)) != TV_OK)
			goto out;
	} else if (kind == TV_KIND_PHASE) {
		if ((r = compact(s, S_PHASE_COMPACT, c.board_id, NULL)) != TV_OK)
			goto out;
	}
	if (kind_stmts[kind].uid_prefix) {
		if ((r = json_get(s, json, "$.uid", &uid)) != TV_OK)
			goto out;
		sqlite3_stmt *st = prep(s, S_TOMB_DELETE_UID);
		bind_text(st, 1, uid);
		if ((r = run(s, st)) != TV_OK)
			goto out;
	}
	/* Like any add, the history shows what came back by its title or name. */
	char *title = NULL;
	static const char *const paths[] = { "$.title", "$.name", "$.text" };
	for (size_t i = 0; i < 3 && !title && r == TV_OK; i++)
		r = json_get(s, json, paths[i], &title);
	if (r == TV_OK)
		r = record(s, &c, kind, item_id, "add", "", NULL, title);
	free(title);
out:
	free(a);
	free(b);
	free(uid);
	return r;
}

static void
free_history(struct tv_history *h, size_t n)
{
	for (size_t i = 0; i < n; i++)
		tv_history_clear(&h[i]);
	free(h);
}

/* Every row of the change must still be as the change left it. */
static enum tv_status
revert_check(struct tv_store *s, const struct tv_history *h)
{
	struct ctx c;
	enum tv_status r;
	const char *what = tv_kind_key(h->kind);
	if (strcmp(h->op, "set") == 0) {
		const struct field *f = find_field(h->kind, h->field);
		bool pos = strcmp(h->field, "position") == 0;
		if (!f && !pos)
			return fail(s, TV_INVALID, "cannot undo: unknown field %s", h->field);
		char *cur = NULL;
		r = pos ? position_text(s, h->kind, h->item_id, &cur) :
			field_value(s, f, h->item_id, &cur, NULL);
		if (r == TV_NOT_FOUND)
			return fail(s, TV_CONFLICT, "cannot undo: %s %lld was removed since", what,
				(long long)h->item_id);
		if (r != TV_OK)
			return r;
		bool same = strcmp(cur, h->new_value ? h->new_value : "") == 0;
		if (!same) {
			char *q = quote(cur);
			r = fail(s, TV_CONFLICT, "cannot undo: %s of %s %lld was changed since "
				"(now '%s')", h->field, what, (long long)h->item_id, q);
			free(q);
		}
		free(cur);
		return same ? TV_OK : r;
	}
	r = get_ctx(s, h->kind, h->item_id, &c);
	if (strcmp(h->op, "add") == 0) {
		if (r == TV_NOT_FOUND)
			return fail(s, TV_CONFLICT, "cannot undo: %s %lld was removed since", what,
				(long long)h->item_id);
		return r;
	}
	if (r == TV_OK)
		return fail(s, TV_CONFLICT, "cannot undo: %s %lld exists again", what,
			(long long)h->item_id);
	if (r != TV_NOT_FOUND)
		return r;
	if (kind_stmts[h->kind].restore == S_COUNT)
		return fail(s, TV_UNSUPPORTED, "a removed %s cannot be restored by undo; use a "
			"backup", what);
	return TV_OK;
}

static enum tv_status
revert_in(struct tv_store *s, int64_t change_id)
{
	sqlite3_stmt *st = prep(s, S_HIST_CHANGE);
	sqlite3_bind_int64(st, 1, change_id);
	struct tv_history *h = NULL;
	size_t n = 0;
	enum tv_status r;
	COLLECT(s, st, h, n, struct tv_history, read_history, r);
	if (r == TV_OK && n == 0)
		r = fail(s, TV_NOT_FOUND, "there is no change %lld", (long long)change_id);
	for (size_t i = 0; i < n && r == TV_OK; i++)
		r = revert_check(s, &h[i]);
	for (size_t i = n; i-- > 0 && r == TV_OK;) {
		if (strcmp(h[i].op, "set") == 0 && strcmp(h[i].field, "position") == 0) {
			int64_t to = 0;
			parse_int64(h[i].old_value, &to);
			r = move_in(s, h[i].kind, h[i].item_id, (int)to);
		} else if (strcmp(h[i].op, "set") == 0) {
			const struct field *f = find_field(h[i].kind, h[i].field);
			struct ctx c;
			if ((r = get_ctx(s, h[i].kind, h[i].item_id, &c)) == TV_OK)
				r = write_field(s, f, h[i].item_id, &c,
					h[i].new_value ? h[i].new_value : "",
					h[i].old_value ? h[i].old_value : "", 0);
		} else if (strcmp(h[i].op, "add") == 0) {
			r = remove_in(s, h[i].kind, h[i].item_id, 0);
		} else {
			r = restore(s, h[i].kind, h[i].item_id, h[i].old_value);
		}
	}
	free_history(h, n);
	return r;
}

enum tv_status
tv_store_revert(struct tv_store *store, int64_t change_id, int64_t *out_change_id)
{
	bool owned;
	enum tv_status r = op_begin(store, &owned);
	if (r != TV_OK)
		return r;
	r = revert_in(store, change_id);
	int64_t cid = store->change_id;
	r = op_end(store, owned, r);
	if (r == TV_OK && out_change_id)
		*out_change_id = cid;
	return r;
}

enum tv_status
tv_store_history(struct tv_store *store, int64_t board_id, int64_t package_id,
	int32_t since_day, int64_t after_id, struct tv_history **out, size_t *out_count)
{
	char since[STAMP_BUF] = "";
	if (since_day != TV_NO_DAY) {
		time_t t;
		struct tv_when w = { since_day, 0 };
		if (!tv_when_to_utc(w, &t))
			t = (time_t)since_day * 86400;
		stamp_at(t, since);
	}
	sqlite3_stmt *st;
	if (package_id) {
		st = prep(store, S_HIST_PKG);
		sqlite3_bind_int64(st, 1, package_id);
		sqlite3_bind_int64(st, 4, board_id);
	} else {
		st = prep(store, S_HIST_BOARD);
		sqlite3_bind_int64(st, 1, board_id);
	}
	sqlite3_bind_int64(st, 2, after_id);
	bind_text(st, 3, since);
	struct tv_history *h = NULL;
	size_t n = 0;
	enum tv_status r;
	COLLECT(store, st, h, n, struct tv_history, read_history, r);
	if (r != TV_OK) {
		free_history(h, n);
		return r;
	}
	*out = h;
	*out_count = n;
	return TV_OK;
}

/* ------------------------------------------------------------------------------------ */
/* Maintenance */

static void
append_line(char **report, const char *line)
{
	size_t old = *report ? strlen(*report) : 0;
	size_t add = strlen(line);
	*report = tv_xrealloc(*report, old + add + 2);
	memcpy(*report + old, line, add);
	(*report)[old + add] = '\n';
	(*report)[old + add + 1] = '\0';
}

/* Append every row's first column (as text) of a query; `skip_ok` ignores an "ok". */
static enum tv_status
report_rows(struct tv_store *s, enum stmt_id id, const char *prefix, bool skip_ok,
	char **report)
{
	sqlite3_stmt *st = prep(s, id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		if (skip_ok && t && strcmp(t, "ok") == 0)
			continue;
		char *line;
		if (id == S_FK_CHECK)
			line = tv_xasprintf("%s%s row %lld refers to a missing %s row", prefix,
				t ? t : "?", (long long)sqlite3_column_int64(st, 1),
				(const char *)sqlite3_column_text(st, 2));
		else
			line = tv_xasprintf("%s%s", prefix, t ? t : "?");
		append_line(report, line);
		free(line);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? TV_OK : db_fail(s, rc);
}

enum tv_status
tv_store_check(struct tv_store *store, bool full, char **out_report)
{
	char *report = NULL;
	enum tv_status r;
	if ((r = report_rows(store, full ? S_INTEGRITY_CHECK : S_QUICK_CHECK, "integrity: ",
		true, &report)) != TV_OK)
		goto fail;
	if ((r = report_rows(store, S_FK_CHECK, "foreign key: ", false, &report)) != TV_OK)
		goto fail;
	int v = tv_store_schema_version(store);
	if (v != TV_SCHEMA_VERSION) {
		char *line = tv_xasprintf("schema: version %d, expected %d", v, TV_SCHEMA_VERSION);
		append_line(&report, line);
		free(line);
	}
	static const enum stmt_id inv[] = { S_INV_PKG_POS, S_INV_TASK_POS, S_INV_PHASE_POS,
		S_INV_NUMBERS, S_INV_PHASE_BOARD };
	for (size_t i = 0; i < sizeof inv / sizeof inv[0]; i++)
		if ((r = report_rows(store, inv[i], "invariant: ", false, &report)) != TV_OK)
			goto fail;
	*out_report = report;
	return TV_OK;
fail:
	free(report);
	return r;
}

enum tv_status
tv_store_backup(struct tv_store *store, const char *path)
{
	struct stat sb;
	if (!path || !*path)
		return fail(store, TV_INVALID, "no backup file given");
	if (lstat(path, &sb) == 0)
		return fail(store, TV_INVALID, "%s exists; not overwriting", path);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		int e = errno;
		if (e == EEXIST)
			return fail(store, TV_INVALID, "%s exists; not overwriting", path);
		return fail(store, e == EACCES || e == EROFS ? TV_READONLY : TV_IO,
			"cannot create %s: %s", path, strerror(e));
	}
	fchmod(fd, 0600);
	close(fd);
	sqlite3 *dst = NULL;
	enum tv_status r = TV_OK;
	int rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK) {
		r = fail(store, TV_IO, "cannot open %s: %s", path, sqlite3_errstr(rc));
		goto out;
	}
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", store->db, "main");
	if (!b) {
		r = fail(store, TV_IO, "backup to %s: %s", path, sqlite3_errmsg(dst));
		goto out;
	}
	for (;;) {
		rc = sqlite3_backup_step(b, 256);
		if (rc == SQLITE_DONE)
			break;
		if (rc == SQLITE_OK)
			continue;
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
			sqlite3_sleep(20);
			continue;
		}
		break;
	}
	int frc = sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE || frc != SQLITE_OK) {
		r = fail(store, map_rc(rc) == TV_OK ? TV_IO : map_rc(rc), "backup to %s failed: %s",
			path, sqlite3_errmsg(dst));
		goto out;
	}
	sqlite3_stmt *st = NULL;
	rc = sqlite3_prepare_v2(dst, "PRAGMA quick_check", -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	const char *t = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
	if (!t || strcmp(t, "ok") != 0)
		r = fail(store, TV_CORRUPT, "the backup %s does not pass quick_check: %s", path,
			t ? t : sqlite3_errmsg(dst));
	sqlite3_finalize(st);
out:
	if (dst)
		sqlite3_close_v2(dst);
	if (r != TV_OK)
		unlink(path);
	return r;
}

enum tv_status
tv_store_purge_tombstones(struct tv_store *store, int days)
{
	char before[STAMP_BUF];
	stamp_at(tv_store_now(store) - (time_t)(days < 0 ? 0 : days) * 86400, before);
	bool owned;
	enum tv_status r = op_begin(store, &owned);
	if (r != TV_OK)
		return r;
	sqlite3_stmt *st = prep(store, S_TOMB_PURGE);
	bind_text(st, 1, before);
	return op_end(store, owned, run(store, st));
}

enum tv_status
tv_store_explain_hot_queries(struct tv_store *store, char **out_report)
{
	char *report = NULL;
	for (size_t i = 0; i < sizeof hot_queries / sizeof hot_queries[0]; i++) {
		sqlite3_stmt *st = NULL;
		int rc = sqlite3_prepare_v2(store->db, hot_queries[i].explain, -1, &st, NULL);
		if (rc != SQLITE_OK) {
			free(report);
			return db_fail(store, rc);
		}
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *detail = (const char *)sqlite3_column_text(st, 3);
			/* A SCAN of a table is O(database); every hot query must SEARCH. */
			if (detail && strncmp(detail, "SCAN ", 5) == 0) {
				char *line = tv_xasprintf("%s: %s", hot_queries[i].name, detail);
				append_line(&report, line);
				free(line);
			}
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE) {
			free(report);
			return db_fail(store, rc);
		}
	}
	for (size_t i = 0; i < sizeof portfolio_queries / sizeof portfolio_queries[0]; i++) {
		sqlite3_stmt *st = NULL;
		int rc = sqlite3_prepare_v2(store->db, portfolio_queries[i].explain, -1, &st,
			NULL);
		if (rc != SQLITE_OK) {
			free(report);
			return db_fail(store, rc);
		}
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *detail = (const char *)sqlite3_column_text(st, 3);
			/* One pass over the boards is the portfolio's cost; any other SCAN (of
			 * packages above all) is O(database) and reported. */
			if (detail && strncmp(detail, "SCAN ", 5) == 0 &&
				strncmp(detail, "SCAN b ", 7) != 0 && strcmp(detail, "SCAN b") != 0 &&
				strcmp(detail, "SCAN boards") != 0 &&
				strncmp(detail, "SCAN boards ", 12) != 0) {
				char *line = tv_xasprintf("%s: %s", portfolio_queries[i].name, detail);
				append_line(&report, line);
				free(line);
			}
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE) {
			free(report);
			return db_fail(store, rc);
		}
	}
	*out_report = report;
	return TV_OK;
}

enum tv_status
tv_store_overdue_by_number(struct tv_store *store, int32_t today, int64_t counts[],
	size_t ncounts)
{
	for (size_t i = 0; i < ncounts; i++)
		counts[i] = 0;
	char day[TV_DATE_BUF];
	tv_date_format(today, day);
	sqlite3_stmt *st = prep(store, S_OVERDUE_BY_NUMBER);
	bind_text(st, 1, day);
	sqlite3_bind_int64(st, 2, ncounts > INT_MAX ? INT_MAX : (sqlite3_int64)ncounts);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t n = sqlite3_column_int64(st, 0);
		if (n >= 0 && (uint64_t)n < ncounts)
			counts[n] = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		for (size_t i = 0; i < ncounts; i++)
			counts[i] = 0;
		return db_fail(store, rc);
	}
	return TV_OK;
}

/* ------------------------------------------------------------------------------------ */
/* Portfolio (include/tavle/portfolio.h) */

static void
pf_bind(sqlite3_stmt *st, const struct tv_portfolio_filter *f)
{
	char day[TV_DATE_BUF];
	tv_date_format(f->today, day);
	bind_text(st, 1, day);
	bind_text(st, 2, f->sector >= 0 && f->sector < TV_SECTOR_COUNT ?
		tv_sector_key((enum tv_sector)f->sector) : NULL);
	/* Binding an index the statement lacks gives SQLITE_RANGE, which is harmless. */
	bind_text(st, 3, f->area >= 0 && f->area < TV_AREA_COUNT ?
		tv_area_key((enum tv_area)f->area) : NULL);
}

void
tv_portfolio_free(struct tv_portfolio *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nphases; i++)
		free(p->phases[i]);
	free(p->phases);
	for (size_t i = 0; i < p->nrows; i++) {
		struct tv_portfolio_row *r = &p->rows[i];
		free(r->title);
		free(r->by_phase);
		for (size_t j = 0; j < r->nauthorities; j++) {
			free(r->authorities[j].board);
			free(r->authorities[j].authority);
		}
		free(r->authorities);
	}
	free(p->rows);
	free(p);
}

const struct tv_portfolio_row *
tv_portfolio_row(const struct tv_portfolio *p, int number)
{
	for (size_t i = 0; p && i < p->nrows; i++)
		if (p->rows[i].number == number)
			return &p->rows[i];
	return NULL;
}

/* One group of S_PF_COUNTS, kept until every row is read (phases are known only then). */
struct pf_group {
	int number;
	int area;
	char *title;
	int status;
	int phase;             /* index into the phase list, -1 for none */
	int64_t count, overdue;
};

struct pf_phase {
	char *name;
	int64_t pos;
};

static int
pf_phase_cmp(const void *a, const void *b)
{
	const struct pf_phase *x = a, *y = b;
	if (x->pos != y->pos)
		return x->pos < y->pos ? -1 : 1;
	return strcmp(x->name, y->name);
}

static enum tv_status
pf_counts(struct tv_store *s, struct tv_portfolio *p, const struct tv_portfolio_filter *f)
{
	sqlite3_stmt *st = prep(s, S_PF_COUNTS);
	pf_bind(st, f);
	struct pf_group *g = NULL;
	size_t ng = 0, capg = 0;
	struct pf_phase *ph = NULL;
	size_t nph = 0, capph = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (ng == capg) {
			capg = capg ? 2 * capg : 64;
			g = tv_xrealloc(g, capg * sizeof *g);
		}
		struct pf_group *x = &g[ng++];
		x->number = sqlite3_column_int(st, 0);
		x->area = col_enum(st, 1, &en_area, 0);
		x->title = col_text(st, 2);
		x->status = col_enum(st, 3, &en_pstatus, 0);
		x->phase = -1;
		x->count = sqlite3_column_int64(st, 6);
		x->overdue = sqlite3_column_int64(st, 7);
		const char *name = (const char *)sqlite3_column_text(st, 4);
		if (name) {
			int64_t pos = sqlite3_column_int64(st, 5);
			size_t k;
			for (k = 0; k < nph && strcmp(ph[k].name, name) != 0; k++)
				;
			if (k == nph) {
				if (nph == capph) {
					capph = capph ? 2 * capph : 16;
					ph = tv_xrealloc(ph, capph * sizeof *ph);
				}
				ph[nph++] = (struct pf_phase){ tv_xstrdup(name), pos };
			} else if (pos < ph[k].pos) {
				ph[k].pos = pos;
			}
			/* Remember the name through the index after sorting: store k + 1 now
			 * and map it below. */
			x->phase = (int)k;
		}
	}
	sqlite3_reset(st);
	enum tv_status r = rc == SQLITE_DONE ? TV_OK : db_fail(s, rc);

	/* Phases in template order (their position, then name); map old indexes. */
	int *map = tv_xcalloc(nph ? nph : 1, sizeof *map);
	char **names = tv_xcalloc(nph ? nph : 1, sizeof *names);
	for (size_t k = 0; k < nph; k++)
		names[k] = ph[k].name;
	if (nph) /* qsort's base must not be NULL, even for zero items */
		qsort(ph, nph, sizeof *ph, pf_phase_cmp);
	for (size_t k = 0; k < nph; k++)
		for (size_t j = 0; j < nph; j++)
			if (names[j] == ph[k].name)
				map[j] = (int)k;
	free(names);
	p->phases = tv_xcalloc(nph ? nph : 1, sizeof *p->phases);
	p->nphases = nph;
	for (size_t k = 0; k < nph; k++)
		p->phases[k] = ph[k].name;
	free(ph);

	/* Rows by number; title and area are those most boards give the number. */
	for (int n = 0; r == TV_OK && n < TV_PORTFOLIO_NUMBERS; n++) {
		struct tv_portfolio_row row = { .number = n };
		row.by_phase = tv_xcalloc(nph + 1, sizeof *row.by_phase);
		bool any = false;
		int64_t best = -1;
		for (size_t i = 0; i < ng; i++) {
			struct pf_group *x = &g[i];
			if (x->number != n)
				continue;
			any = true;
			row.total += x->count;
			row.by_status[x->status] += x->count;
			row.by_phase[x->phase < 0 ? nph : (size_t)map[x->phase]] += x->count;
			row.overdue += x->overdue;
			if (x->status == TV_BLOCKED)
				row.blocked += x->count;
			/* Count of boards giving this (area, title) pair. */
			int64_t same = 0;
			for (size_t j = 0; j < ng; j++)
				if (g[j].number == n && g[j].area == x->area &&
					strcmp(g[j].title ? g[j].title : "", x->title ? x->title : "") == 0)
					same += g[j].count;
			if (same > best || (same == best && row.title && x->title &&
					strcmp(x->title, row.title) < 0)) {
				best = same;
				free(row.title);
				row.title = tv_xstrdup(x->title ? x->title : "");
				row.area = (enum tv_area)x->area;
			}
		}
		if (!any) {
			free(row.by_phase);
			continue;
		}
		p->rows = tv_xrealloc(p->rows, (p->nrows + 1) * sizeof *p->rows);
		p->rows[p->nrows++] = row;
	}
	for (size_t i = 0; i < ng; i++)
		free(g[i].title);
	free(g);
	free(map);
	return r;
}

static enum tv_status
pf_concerned(struct tv_store *s, struct tv_portfolio *p, const struct tv_portfolio_filter *f)
{
	sqlite3_stmt *st = prep(s, S_PF_CONCERNED);
	pf_bind(st, f);
	size_t cap = 0;
	struct tv_portfolio_row *row = NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int n = sqlite3_column_int(st, 0);
		if (!row || row->number != n) {
			row = (struct tv_portfolio_row *)tv_portfolio_row(p, n);
			cap = 0;
			if (!row)
				continue;   /* cannot happen: the counts saw the same rows */
		}
		if (row->nauthorities == cap) {
			cap = cap ? 2 * cap : 16;
			row->authorities = tv_xrealloc(row->authorities, cap * sizeof *row->authorities);
		}
		struct tv_portfolio_authority *a = &row->authorities[row->nauthorities++];
		a->board_id = sqlite3_column_int64(st, 1);
		a->board = col_text(st, 2);
		a->authority = col_text(st, 3);
		a->sector = (enum tv_sector)col_enum(st, 4, &en_sector, 0);
		a->package_id = sqlite3_column_int64(st, 5);
		a->status = (enum tv_pstatus)col_enum(st, 6, &en_pstatus, 0);
		a->days_late = (int32_t)sqlite3_column_int64(st, 7);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(s, rc);
	/* Median over the overdue ones: they come first, most days late first. */
	for (size_t i = 0; i < p->nrows; i++) {
		struct tv_portfolio_row *r = &p->rows[i];
		size_t late = 0;
		while (late < r->nauthorities && r->authorities[late].days_late > 0)
			late++;
		if (late == 0)
			r->median_days_late = 0;
		else if (late % 2)
			r->median_days_late = r->authorities[late / 2].days_late;
		else
			r->median_days_late = (r->authorities[late / 2 - 1].days_late +
				(double)r->authorities[late / 2].days_late) / 2.0;
	}
	return TV_OK;
}

enum tv_status
tv_store_portfolio(struct tv_store *store, const struct tv_portfolio_filter *filter,
	struct tv_portfolio **out)
{
	struct tv_portfolio *p = tv_xcalloc(1, sizeof *p);
	p->filter = *filter;
	/* One read snapshot, so counts and lists agree while others write. */
	bool snap = store->depth == 0;
	enum tv_status r = TV_OK;
	if (snap)
		r = exec_id(store, S_BEGIN_READ);
	if (r == TV_OK) {
		sqlite3_stmt *st = prep(store, S_PF_BOARDS);
		pf_bind(st, filter);
		r = query_int(store, st, &p->boards);
	}
	if (r == TV_OK)
		r = pf_counts(store, p, filter);
	if (r == TV_OK)
		r = pf_concerned(store, p, filter);
	if (snap && !sqlite3_get_autocommit(store->db)) {
		char keep[sizeof store->err];
		memcpy(keep, store->err, sizeof keep);
		exec_id(store, S_COMMIT);
		memcpy(store->err, keep, sizeof keep);
	}
	if (r != TV_OK) {
		tv_portfolio_free(p);
		return r;
	}
	*out = p;
	return TV_OK;
}

void
tv_portfolio_board_clear(struct tv_portfolio_board *b)
{
	if (!b)
		return;
	free(b->board);
	free(b->authority);
	memset(b, 0, sizeof *b);
}

static int
pf_by_name(const void *a, const void *b)
{
	const struct tv_portfolio_board *x = a, *y = b;
	int c = strcmp(x->board ? x->board : "", y->board ? y->board : "");
	return c ? c : (x->board_id > y->board_id) - (x->board_id < y->board_id);
}

static int
pf_by_lateness(const void *a, const void *b)
{
	const struct tv_portfolio_board *x = a, *y = b;
	if (x->late_sum != y->late_sum)
		return x->late_sum > y->late_sum ? -1 : 1;
	if (x->overdue != y->overdue)
		return x->overdue > y->overdue ? -1 : 1;
	return pf_by_name(a, b);
}

void
tv_portfolio_sort(struct tv_portfolio_board *v, size_t n, enum tv_portfolio_order order)
{
	if (n > 1)
		qsort(v, n, sizeof *v, order == TV_PORTFOLIO_BY_LATENESS ? pf_by_lateness :
			pf_by_name);
}

enum tv_status
tv_store_portfolio_matrix(struct tv_store *store, const struct tv_portfolio_filter *filter,
	enum tv_portfolio_order order, struct tv_portfolio_board **out, size_t *out_count)
{
	sqlite3_stmt *st = prep(store, S_PF_MATRIX);
	pf_bind(st, filter);
	struct tv_portfolio_board *v = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (n == 0 || v[n - 1].board_id != id) {
			if (n == cap) {
				cap = cap ? 2 * cap : 64;
				v = tv_xrealloc(v, cap * sizeof *v);
			}
			struct tv_portfolio_board *b = &v[n++];
			memset(b, 0, sizeof *b);
			memset(b->glyph, TV_GLYPH_NONE, sizeof b->glyph);
			b->board_id = id;
			b->board = col_text(st, 1);
			b->authority = col_text(st, 2);
			b->sector = (enum tv_sector)col_enum(st, 3, &en_sector, 0);
		}
		struct tv_portfolio_board *b = &v[n - 1];
		int num = sqlite3_column_int(st, 4);
		if (num < 0 || num >= TV_PORTFOLIO_NUMBERS)
			continue;
		enum tv_pstatus ps = (enum tv_pstatus)col_enum(st, 5, &en_pstatus, 0);
		int32_t late = (int32_t)sqlite3_column_int64(st, 6);
		static const char glyphs[TV_PSTATUS_COUNT] = { TV_GLYPH_TODO, TV_GLYPH_DOING,
			TV_GLYPH_BLOCKED, TV_GLYPH_DONE };
		b->glyph[num] = late > 0 && ps != TV_BLOCKED ? TV_GLYPH_LATE : glyphs[ps];
		b->days_late[num] = late;
		b->late_sum += late;
		b->overdue += late > 0;
		b->done += ps == TV_DONE;
		b->total++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		for (size_t i = 0; i < n; i++)
			tv_portfolio_board_clear(&v[i]);
		free(v);
		return db_fail(store, rc);
	}
	tv_portfolio_sort(v, n, order);
	*out = v;
	*out_count = n;
	return TV_OK;
}

enum tv_status
tv_store_board_summaries(struct tv_store *store, bool with_archived, int32_t today,
	struct tv_board_summary **out, size_t *out_count)
{
	char day[TV_DATE_BUF];
	tv_date_format(today, day);
	sqlite3_stmt *st = prep(store, S_BOARD_SUMMARIES);
	sqlite3_bind_int(st, 1, with_archived);
	bind_text(st, 2, day);
	struct tv_board_summary *v = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			v = tv_xrealloc(v, cap * sizeof *v);
		}
		struct tv_board_summary *b = &v[n++];
		memset(b, 0, sizeof *b);
		read_board(st, &b->board);
		b->packages = sqlite3_column_int64(st, 8);
		b->done = sqlite3_column_int64(st, 9);
		b->overdue = sqlite3_column_int64(st, 10);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		for (size_t i = 0; i < n; i++)
			tv_board_clear(&v[i].board);
		free(v);
		return db_fail(store, rc);
	}
	*out = v;
	*out_count = n;
	return TV_OK;
}

/* ------------------------------------------------------------------------------------ */
/* CalDAV publish state */

void
tv_publish_item_clear(struct tv_publish_item *item)
{
	if (!item)
		return;
	free(item->uid);
	free(item->etag);
	free(item->hash);
	memset(item, 0, sizeof *item);
}

enum tv_status
tv_store_publish_items(struct tv_store *store, int64_t board_id, const char *url,
	struct tv_publish_item **out, size_t *out_count)
{
	sqlite3_stmt *st = prep(store, S_PUB_LIST);
	sqlite3_bind_int64(st, 1, board_id);
	bind_text(st, 2, url);
	struct tv_publish_item *v = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			v = tv_xrealloc(v, cap * sizeof *v);
		}
		v[n++] = (struct tv_publish_item){ col_text(st, 0), col_text(st, 1),
			col_text(st, 2) };
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		for (size_t i = 0; i < n; i++)
			tv_publish_item_clear(&v[i]);
		free(v);
		return db_fail(store, rc);
	}
	*out = v;
	*out_count = n;
	return TV_OK;
}

enum tv_status
tv_store_publish_record(struct tv_store *store, int64_t board_id, const char *url,
	const char *uid, const char *etag, const char *hash)
{
	if (!url || !uid || !hash)
		return fail(store, TV_INVALID, "publish state needs a URL, a UID and a hash");
	bool owned;
	enum tv_status r = op_begin(store, &owned);
	if (r != TV_OK)
		return r;
	if ((r = board_exists(store, board_id)) == TV_OK) {
		char at[STAMP_BUF];
		stamp(store, at);
		sqlite3_stmt *st = prep(store, S_PUB_RECORD);
		sqlite3_bind_int64(st, 1, board_id);
		bind_text(st, 2, url);
		bind_text(st, 3, uid);
		bind_opt(st, 4, etag);
		bind_text(st, 5, hash);
		bind_text(st, 6, at);
		r = run(store, st);
	}
	return op_end(store, owned, r);
}

enum tv_status
tv_store_publish_forget(struct tv_store *store, int64_t board_id, const char *url,
	const char *uid)
{
	bool owned;
	enum tv_status r = op_begin(store, &owned);
	if (r != TV_OK)
		return r;
	sqlite3_stmt *st = prep(store, S_PUB_FORGET);
	sqlite3_bind_int64(st, 1, board_id);
	bind_text(st, 2, url);
	bind_text(st, 3, uid);
	r = run(store, st);
	return op_end(store, owned, r);
}
