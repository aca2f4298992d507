/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The schema: the numbered migrations (frozen text once released) and the seeding of
 * the four areas, applied by store_schema_upgrade inside the migration transaction that
 * tv_store_open starts (open.c); and the list of objects they create, against which a
 * database's foreign triggers, views, tables and indexes are found.
 */
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

/* Migration i (1-based) brings user_version i-1 to i. A migration's text is
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

/* Schema 4: the board a plain `tavle` opens (S_BOARD_DEFAULT: not archived, last used,
 * lowest id) and the next last_used stamp (S_BOARD_TOUCH: max) are one index descent
 * each instead of a scan of the boards table, whose rows lie on pages spread across
 * the file (a dozen scattered reads at every start on a 1,000-board database). */
static const char migration_4[] =
	"CREATE INDEX IF NOT EXISTS boards_default ON boards (archived, last_used DESC, id);\n"
	"CREATE INDEX IF NOT EXISTS boards_last_used ON boards (last_used);\n"
	"PRAGMA user_version = 4;\n";

/* Schema 5: the Unix account that made each change of a shared database, beside the
 * display name in user_name (which $TAVLE_USER or the configuration may set to
 * anything). NULL in a private database and in rows written before schema 5. */
static const char migration_5[] =
	"ALTER TABLE history ADD COLUMN account TEXT;\n"
	"PRAGMA user_version = 5;\n";

/* Schema 6: management decisions with a due day are in the calendar export (UID from
 * tv_decision_uid), so removing one leaves a tombstone like the other exported kinds;
 * the kind CHECK of tombstones grows by 'decision'. SQLite cannot change a CHECK in
 * place: the table is made anew under a temporary name, filled, and renamed. */
static const char migration_6[] =
	"CREATE TABLE tombstones_6 (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  board_id INTEGER NOT NULL REFERENCES boards (id) ON DELETE CASCADE,\n"
	"  uid TEXT NOT NULL,\n"
	"  kind TEXT NOT NULL CHECK (kind = 'package' OR kind = 'task' OR kind = 'phase' OR"
	"    kind = 'meeting' OR kind = 'decision'),\n"
	"  summary TEXT NOT NULL,\n"
	"  start_at TEXT,\n"
	"  end_at TEXT,\n"
	"  sequence INTEGER NOT NULL,\n"
	"  deleted_at TEXT NOT NULL,\n"
	"  area TEXT\n"
	");\n"
	"INSERT INTO tombstones_6 SELECT id, board_id, uid, kind, summary, start_at, end_at, "
	"sequence, deleted_at, area FROM tombstones;\n"
	"DROP TABLE tombstones;\n"
	"ALTER TABLE tombstones_6 RENAME TO tombstones;\n"
	"CREATE INDEX tombstones_board ON tombstones (board_id, deleted_at);\n"
	"CREATE INDEX tombstones_uid ON tombstones (uid);\n"
	"PRAGMA user_version = 6;\n";

/* Schema 7: the SEQUENCE of the invitation an imported meeting came from (issue 17),
 * so that an older invitation imported after a newer one (or an older cancellation)
 * does not move the meeting back. NULL for meetings made in tavle and for those
 * imported before schema 7; not part of the meeting's fields, version or history. */
static const char migration_7[] =
	"ALTER TABLE meetings ADD COLUMN ical_sequence INTEGER;\n"
	"PRAGMA user_version = 7;\n";

/* Schema 8: a task's owner (issue 16, item 9), free text like a package's owner and
 * NULL when none; tasks written before schema 8 have none. An editable field of the
 * task (fields.c), so it is in the history, undoable and offered back by the owner
 * menu (S_HIST_OWNER_NAMES). */
static const char migration_8[] =
	"ALTER TABLE tasks ADD COLUMN owner TEXT;\n"
	"PRAGMA user_version = 8;\n";

/* Schema 9 (issue 18): a board's contact person (free text, like an owner); why a
 * package is blocked (optional, shown while it is); the packages a package comes
 * after, as a list of package numbers of the board ("2,6", like a meeting's packages;
 * the store keeps it free of the package itself and of cycles, and renumbering a
 * package rewrites the lists that name it). All three are editable fields (fields.c):
 * in the history, undoable. NULL when none. */
static const char migration_9[] =
	"ALTER TABLE boards ADD COLUMN contact TEXT;\n"
	"ALTER TABLE packages ADD COLUMN blocked_reason TEXT;\n"
	"ALTER TABLE packages ADD COLUMN after_packages TEXT;\n"
	"PRAGMA user_version = 9;\n";

/* Schema 10: every change of an item's exported text raises its SEQUENCE and
 * LAST-MODIFIED (issue 17, items 9 and 10). An item's calendar text derives from other
 * rows too (a task's summary holds its package's number and its own position, a
 * package's description its phase's name and its board's name), and undo puts back a
 * removed row with an older version, so SEQUENCE = version - 1 + export_rev, where
 * export_rev rises when the exported text changed without the row's version: the
 * triggers below note such items in export_pending (with the least SEQUENCE they must
 * reach, `floor`), and the store raises them with its own clock just before each
 * commit (store_export_apply in db.c), so a timestamp never comes from SQLite's clock.
 * The version, which optimistic locking compares, is never touched. export_at is when
 * export_rev last rose (LAST-MODIFIED is the later of it and updated_at); a board's
 * archived_at when it was archived (its items are cancelled in `export --all` for 30
 * days). Tombstones lose their foreign key: a removed board leaves one per exported
 * item (remove.c), which must outlive the board for 30 days, as history rows do. */
#define EXPORT_COLS(t) \
	"ALTER TABLE " t " ADD COLUMN export_rev INTEGER NOT NULL DEFAULT 0;\n" \
	"ALTER TABLE " t " ADD COLUMN export_at TEXT;\n"
/* Note item `kind` `id` with a least SEQUENCE of `floor`. */
#define EXPORT_NOTE(kind, id, floor) \
	"INSERT INTO export_pending (kind, item_id, floor) VALUES ('" kind "', " id ", " \
	floor ") ON CONFLICT (kind, item_id) DO UPDATE SET floor = max(floor, " \
	"excluded.floor);"
/* A row whose exported columns changed while its version did not (moved up after a
 * removal, unlinked from a removed phase, put back older by undo): the SEQUENCE it
 * had is exported no more. */
#define EXPORT_SELF(name, table, kind, changed) \
	"CREATE TRIGGER " name " AFTER UPDATE ON " table " WHEN NEW.version <= OLD.version " \
	"AND (NEW.version < OLD.version OR " changed ") BEGIN " \
	EXPORT_NOTE(kind, "NEW.id", "OLD.version + OLD.export_rev") " END;\n"
/* A row put back (undo of a removal, a meeting imported again) goes past the
 * cancellation its tombstone exported. */
#define EXPORT_BACK(name, table, kind, uid) \
	"CREATE TRIGGER " name " AFTER INSERT ON " table " WHEN EXISTS (SELECT 1 FROM " \
	"tombstones WHERE uid = " uid ") BEGIN " \
	EXPORT_NOTE(kind, "NEW.id", "(SELECT max(sequence) + 1 FROM tombstones WHERE uid = " \
	uid ")") " END;\n"
#define DIFF(c) "NEW." c " IS NOT OLD." c
/* The meetings' triggers, and the board's that names the meetings table: made by
 * schema 10, made again by schema 12, which makes the meetings table anew. */
#define EXPORT_MEETING_SELF \
	EXPORT_SELF("export_meeting_self", "meetings", "meeting", \
		DIFF("uid") " OR " DIFF("kind") " OR " DIFF("title") " OR " DIFF("start_at") \
		" OR " DIFF("end_at") " OR " DIFF("place") " OR " DIFF("region") " OR " \
		DIFF("url") " OR " DIFF("participants") " OR " DIFF("notes") " OR " \
		DIFF("packages"))
#define EXPORT_MEETING_BACK \
	EXPORT_BACK("export_meeting_back", "meetings", "meeting", "NEW.uid")
/* Archiving cancels every item in `export --all`, unarchiving brings it back: both
 * are changes of all of them; the board's own note sets archived_at. */
#define EXPORT_BOARD_ARCHIVED \
	"CREATE TRIGGER export_board_archived AFTER UPDATE OF archived ON boards " \
	"WHEN " DIFF("archived") " BEGIN " \
	"INSERT OR IGNORE INTO export_pending (kind, item_id) VALUES ('board', NEW.id); " \
	"INSERT OR IGNORE INTO export_pending (kind, item_id) SELECT 'package', id " \
	"FROM packages WHERE board_id = NEW.id; " \
	"INSERT OR IGNORE INTO export_pending (kind, item_id) SELECT 'task', t.id " \
	"FROM packages AS p JOIN tasks AS t ON t.package_id = p.id WHERE p.board_id = NEW.id; " \
	"INSERT OR IGNORE INTO export_pending (kind, item_id) SELECT 'phase', id " \
	"FROM phases WHERE board_id = NEW.id; " \
	"INSERT OR IGNORE INTO export_pending (kind, item_id) SELECT 'meeting', id " \
	"FROM meetings WHERE board_id = NEW.id; " \
	"INSERT OR IGNORE INTO export_pending (kind, item_id) SELECT 'decision', id " \
	"FROM decisions WHERE board_id = NEW.id; END;\n"
static const char migration_10[] =
	EXPORT_COLS("packages") EXPORT_COLS("tasks") EXPORT_COLS("phases")
	EXPORT_COLS("meetings") EXPORT_COLS("decisions")
	"ALTER TABLE boards ADD COLUMN archived_at TEXT;\n"
	"CREATE TABLE export_pending (\n"
	"  kind TEXT NOT NULL,\n"
	"  item_id INTEGER NOT NULL,\n"
	"  floor INTEGER NOT NULL DEFAULT 0,\n"
	"  PRIMARY KEY (kind, item_id)\n"
	") WITHOUT ROWID;\n"
	"CREATE TABLE tombstones_10 (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  board_id INTEGER NOT NULL,\n"
	"  uid TEXT NOT NULL,\n"
	"  kind TEXT NOT NULL CHECK (kind = 'package' OR kind = 'task' OR kind = 'phase' OR"
	"    kind = 'meeting' OR kind = 'decision'),\n"
	"  summary TEXT NOT NULL,\n"
	"  start_at TEXT,\n"
	"  end_at TEXT,\n"
	"  sequence INTEGER NOT NULL,\n"
	"  deleted_at TEXT NOT NULL,\n"
	"  area TEXT\n"
	");\n"
	"INSERT INTO tombstones_10 SELECT id, board_id, uid, kind, summary, start_at, end_at, "
	"sequence, deleted_at, area FROM tombstones;\n"
	"DROP TABLE tombstones;\n"
	"ALTER TABLE tombstones_10 RENAME TO tombstones;\n"
	"CREATE INDEX tombstones_board ON tombstones (board_id, deleted_at);\n"
	"CREATE INDEX tombstones_uid ON tombstones (uid);\n"
	EXPORT_SELF("export_package_self", "packages", "package",
		DIFF("uid") " OR " DIFF("number") " OR " DIFF("title") " OR " DIFF("area") " OR "
		DIFF("status") " OR " DIFF("owner") " OR " DIFF("deadline") " OR "
		DIFF("phase_id") " OR " DIFF("requirements") " OR " DIFF("board_id"))
	EXPORT_SELF("export_task_self", "tasks", "task",
		DIFF("uid") " OR " DIFF("package_id") " OR " DIFF("title") " OR "
		DIFF("deadline") " OR " DIFF("done") " OR " DIFF("responsible") " OR "
		DIFF("minimum") " OR " DIFF("owner") " OR " DIFF("position"))
	EXPORT_SELF("export_phase_self", "phases", "phase",
		DIFF("uid") " OR " DIFF("name") " OR " DIFF("start_date") " OR " DIFF("end_date")
		" OR " DIFF("not_before") " OR " DIFF("not_before_reason"))
	EXPORT_MEETING_SELF
	EXPORT_SELF("export_decision_self", "decisions", "decision",
		DIFF("title") " OR " DIFF("area") " OR " DIFF("owner") " OR " DIFF("due")
		" OR " DIFF("status") " OR " DIFF("text"))
	/* A task's summary and description hold its package's number, title and area. */
	"CREATE TRIGGER export_package_tasks AFTER UPDATE OF number, title, area ON packages "
	"WHEN " DIFF("number") " OR " DIFF("title") " OR " DIFF("area") " BEGIN "
	"INSERT OR IGNORE INTO export_pending (kind, item_id) SELECT 'task', id FROM tasks "
	"WHERE package_id = NEW.id; END;\n"
	/* A package's description names its phase. */
	"CREATE TRIGGER export_phase_packages AFTER UPDATE OF name ON phases "
	"WHEN " DIFF("name") " BEGIN "
	"INSERT OR IGNORE INTO export_pending (kind, item_id) SELECT 'package', id "
	"FROM packages WHERE phase_id = NEW.id; END;\n"
	/* Packages' and decisions' descriptions name the board. */
	"CREATE TRIGGER export_board_name AFTER UPDATE OF name ON boards "
	"WHEN " DIFF("name") " BEGIN "
	"INSERT OR IGNORE INTO export_pending (kind, item_id) SELECT 'package', id "
	"FROM packages WHERE board_id = NEW.id; "
	"INSERT OR IGNORE INTO export_pending (kind, item_id) SELECT 'decision', id "
	"FROM decisions WHERE board_id = NEW.id; END;\n"
	EXPORT_BOARD_ARCHIVED
	EXPORT_BACK("export_package_back", "packages", "package", "NEW.uid")
	EXPORT_BACK("export_task_back", "tasks", "task", "NEW.uid")
	EXPORT_BACK("export_phase_back", "phases", "phase", "NEW.uid")
	EXPORT_MEETING_BACK
	EXPORT_BACK("export_decision_back", "decisions", "decision",
		"'decision-' || NEW.board_id || '-' || NEW.id")
	"PRAGMA user_version = 10;\n";

/* Schema 11 (issue 18, re-planning): beside each date the template gives, the
 * template's offset in days from the board's start, so moving the start (or a phase's
 * start) can move the dates still following the template. NULL: the date was set by a
 * person (an edit clears it, undo brings it back) or the row was made without a
 * template. Rows written before schema 11 have NULL: on an older board nothing
 * follows the template, so nothing moves with the start. Not fields of their own:
 * no version bump; the history records them beside the date they belong to. */
static const char migration_11[] =
	"ALTER TABLE packages ADD COLUMN deadline_offset INTEGER;\n"
	"ALTER TABLE tasks ADD COLUMN deadline_offset INTEGER;\n"
	"ALTER TABLE phases ADD COLUMN start_offset INTEGER;\n"
	"ALTER TABLE phases ADD COLUMN end_offset INTEGER;\n"
	"ALTER TABLE meetings ADD COLUMN start_offset INTEGER;\n"
	"ALTER TABLE meetings ADD COLUMN end_offset INTEGER;\n"
	"ALTER TABLE decisions ADD COLUMN due_offset INTEGER;\n"
	"PRAGMA user_version = 11;\n";

/* Schema 12: one occurrence of a recurring invitation is a meeting of its own (issue 17
 * item 4), keyed by the series' UID and its RECURRENCE-ID: the original start in the
 * form the source wrote it ("TZID=Europe/Berlin:20270105T100000", "20270105T090000Z",
 * "VALUE=DATE:20270105"), NULL for a meeting that is not an occurrence. A removed
 * occurrence's tombstone keeps it too, so the export cancels that instance and not the
 * series. The uniqueness moves from (board_id, uid) to (board_id, uid, recurrence_id);
 * SQLite cannot drop a table constraint, so the meetings table is made anew (ids, the
 * AUTOINCREMENT high-water mark, the columns of schemas 10 and 11 kept) with its
 * indexes and triggers; the board trigger that names the table is made again around it,
 * as SQLite checks every trigger when a table is renamed. An expression index: old
 * history snapshots restore with a NULL recurrence_id, which must count as one value. */
static const char migration_12[] =
	"DROP TRIGGER export_board_archived;\n"
	"CREATE TABLE meetings_12 (\n"
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
	"  ical_sequence INTEGER,\n"
	"  export_rev INTEGER NOT NULL DEFAULT 0,\n"
	"  export_at TEXT,\n"
	"  start_offset INTEGER,\n"
	"  end_offset INTEGER,\n"
	"  recurrence_id TEXT\n"
	");\n"
	"INSERT INTO meetings_12 SELECT *, NULL FROM meetings;\n"
	"INSERT INTO sqlite_sequence (name, seq) SELECT 'meetings_12', seq FROM sqlite_sequence "
	"WHERE name = 'meetings' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence "
	"WHERE name = 'meetings_12');\n"
	"UPDATE sqlite_sequence SET seq = (SELECT seq FROM sqlite_sequence WHERE name = 'meetings') "
	"WHERE name = 'meetings_12';\n"
	"DROP TABLE meetings;\n"
	"ALTER TABLE meetings_12 RENAME TO meetings;\n"
	"CREATE INDEX meetings_board ON meetings (board_id, start_at);\n"
	"CREATE UNIQUE INDEX meetings_uid ON meetings (board_id, uid, ifnull(recurrence_id, ''));\n"
	EXPORT_MEETING_SELF
	EXPORT_MEETING_BACK
	EXPORT_BOARD_ARCHIVED
	"ALTER TABLE tombstones ADD COLUMN recurrence_id TEXT;\n"
	"PRAGMA user_version = 12;\n";
#undef DIFF

/* Schema 13: a removed meeting's tombstone keeps the SEQUENCE of the invitation it
 * came from (or of the cancellation that removed it, if higher), so an old invitation
 * imported after the cancellation does not bring the meeting back (issue 17); with
 * schema 12 per occurrence (the tombstone's recurrence_id). NULL for other kinds, for
 * meetings made in tavle and for tombstones before schema 13. */
static const char migration_13[] =
	"ALTER TABLE tombstones ADD COLUMN ical_sequence INTEGER;\n"
	"PRAGMA user_version = 13;\n";

/* Schema 14 (issue 20, status collected): a board's CVR number, the authority's identity
 * across databases (eight digits, checked by tavle/cvr.h before it is written; the
 * CHECK only keeps other programs from writing something else), and the status reports
 * a programme database imports: per CVR the latest report (`tavle report status
 * --json`) whole (checked by json_valid before it is stored: a CHECK may not call it
 * under trusted_schema off), with the fields the portfolio lists pulled out beside it. A reported
 * board is not a board: no packages, no history, read-only. */
#define CVR_CHECK(c) "CHECK (" c " IS NULL OR (length(" c ") = 8 AND " c " GLOB " \
	"'[1-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'))"
static const char migration_14[] =
	"ALTER TABLE boards ADD COLUMN cvr TEXT " CVR_CHECK("cvr") ";\n"
	"CREATE TABLE reported_boards (\n"
	"  cvr TEXT PRIMARY KEY NOT NULL " CVR_CHECK("cvr") ",\n"
	"  authority TEXT,\n"
	"  board TEXT,\n"
	"  sector TEXT,\n"
	"  reported_at TEXT NOT NULL,\n"
	"  report_day TEXT,\n"
	"  imported_at TEXT NOT NULL,\n"
	"  source TEXT,\n"
	"  report TEXT NOT NULL\n"
	") WITHOUT ROWID;\n"
	"PRAGMA user_version = 14;\n";
#undef CVR_CHECK

/* Schema 15 (issue 20, package updates merged): the stable key of each templated item
 * (tkey: a package's is its number, a task's "<package>.<n>" or the {#key} of its
 * template line, a phase's, meeting's or decision's the key: line of its block or the
 * slug of its name), the template version a board follows, and the state of the
 * three-way merge of a template update (src/core/template/update.c): per templated
 * field the template's value it started from (template_base; the field set is listed
 * in include/tavle/tmpl_update.h), the open conflicts (the programme's value kept
 * beside the board's) and the marks (field '' : the item is no longer in the
 * programme's version N; a section's name: the programme changed that section in
 * version N). Keyed by (board, kind, key), not by row id: a key outlives a rename and
 * says which template item a row came from. Items made on the board have no key and
 * take no part in updates. Older boards get keys derived from their numbers and
 * positions here, and their slugs and base values (today's values, the best known)
 * from store_tmpl_migrate after the migration (tmpl_update.c). */
#define TMPL_KEYCOLS "  board_id INTEGER NOT NULL REFERENCES boards (id) ON DELETE CASCADE,\n" \
	"  kind TEXT NOT NULL,\n" \
	"  tkey TEXT NOT NULL,\n" \
	"  field TEXT NOT NULL,\n"
static const char migration_15[] =
	"ALTER TABLE packages ADD COLUMN tkey TEXT;\n"
	"ALTER TABLE tasks ADD COLUMN tkey TEXT;\n"
	"ALTER TABLE phases ADD COLUMN tkey TEXT;\n"
	"ALTER TABLE meetings ADD COLUMN tkey TEXT;\n"
	"ALTER TABLE decisions ADD COLUMN tkey TEXT;\n"
	"ALTER TABLE boards ADD COLUMN template_version INTEGER;\n"
	"CREATE TABLE template_base (\n" TMPL_KEYCOLS
	"  value TEXT,\n"
	"  PRIMARY KEY (board_id, kind, tkey, field)\n"
	") WITHOUT ROWID;\n"
	"CREATE TABLE template_conflicts (\n" TMPL_KEYCOLS
	"  theirs TEXT,\n"
	"  version INTEGER NOT NULL,\n"
	"  PRIMARY KEY (board_id, kind, tkey, field)\n"
	") WITHOUT ROWID;\n"
	"CREATE TABLE template_marks (\n" TMPL_KEYCOLS
	"  version INTEGER NOT NULL,\n"
	"  PRIMARY KEY (board_id, kind, tkey, field)\n"
	") WITHOUT ROWID;\n"
	"UPDATE packages SET tkey = CAST(number AS TEXT);\n"
	"UPDATE tasks SET tkey = (SELECT p.number FROM packages AS p WHERE p.id = "
	"tasks.package_id) || '.' || (position + 1);\n"
	"UPDATE boards SET template_version = 1;\n"
	"PRAGMA user_version = 15;\n";
#undef TMPL_KEYCOLS

static const char *const migrations[] = {
	migration_1,
	migration_2,
	migration_3,
	migration_4,
	migration_5,
	migration_6,
	migration_7,
	migration_8,
	migration_9,
	migration_10,
	migration_11,
	migration_12,
	migration_13,
	migration_14,
	migration_15,
};

_Static_assert(sizeof migrations / sizeof migrations[0] == TV_SCHEMA_VERSION,
	"one migration per schema version");
_Static_assert(TV_APPLICATION_ID == 1953915500, "application_id literal in migration 1");

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
	sqlite3_stmt *st = store_prep(s, S_AREA_SEED);
	for (int i = 0; i < TV_AREA_COUNT; i++) {
		STORE_BIND(st, V_TEXT(areas[i].key), V_INT(i), V_TEXT(areas[i].da),
			V_TEXT(areas[i].en), V_TEXT(areas[i].colour));
		enum tv_status r = store_run(s, st);
		if (r != TV_OK)
			return r;
	}
	return TV_OK;
}

/* Bring the schema from user_version `from` to TV_SCHEMA_VERSION (inside the caller's
 * BEGIN IMMEDIATE); the first migration also seeds the areas. */
enum tv_status
store_schema_upgrade(struct tv_store *s, int64_t from, struct tv_diag *diag)
{
	enum tv_status r;
	for (int64_t v = from; v < TV_SCHEMA_VERSION; v++) {
		char *msg = NULL;
		int rc = sqlite3_exec(s->db, migrations[v], NULL, NULL, &msg);
		if (rc != SQLITE_OK) {
			r = tv_diag_set(diag, store_map_rc(rc) == TV_OK ? TV_DB : store_map_rc(rc),
				"%s: migration to schema %lld failed: %s", s->path,
				(long long)v + 1, msg ? msg : sqlite3_errstr(rc));
			sqlite3_free(msg);
			return r;
		}
		if (v == 0 && (r = seed_areas(s)) != TV_OK)
			return tv_diag_set(diag, r, "%s", s->err);
	}
	/* Keys by slug and base values need C (and today's statements): once the
	 * schema is whole. Nothing to do in a new database. */
	if (from > 0 && from < 15 && (r = store_tmpl_migrate(s)) != TV_OK)
		return tv_diag_set(diag, r, "%s: migration to schema 15 failed: %s", s->path,
			s->err);
	return TV_OK;
}

/* The objects a fresh tavle database holds, as sorted "type name" lines: the
 * migrations above applied to an empty in-memory database, so the list cannot drift
 * from the schema. SQLite's own objects (sqlite_*) are left out. Caller frees. */
enum tv_status
store_schema_reference(char **out)
{
	struct tv_store *ref = tv_xcalloc(1, sizeof *ref);
	ref->path = tv_xstrdup(":memory:");
	enum tv_status r = TV_DB;
	if (sqlite3_open_v2(":memory:", &ref->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
		NULL) == SQLITE_OK) {
		struct tv_diag diag;
		tv_diag_clear(&diag);
		r = store_schema_upgrade(ref, 0, &diag);
		if (r == TV_OK)
			r = store_schema_objects(ref, ref->db, NULL, out);
	}
	tv_store_close(ref);
	return r;
}

/* "type name" lines of the schema of `db`, sorted, each ending in '\n' ("" for none);
 * only objects of `type` unless NULL. */
enum tv_status
store_schema_objects(struct tv_store *s, sqlite3 *db, const char *type, char **out)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, "SELECT type, name FROM sqlite_schema WHERE "
		"name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND (?1 IS NULL OR type = ?1) "
		"ORDER BY type, name", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return store_fail(s, store_map_rc(rc) == TV_OK ? TV_DB : store_map_rc(rc),
			"reading the schema: %s", sqlite3_errmsg(db));
	if (type)
		sqlite3_bind_text(st, 1, type, -1, SQLITE_STATIC);
	size_t len = 0;
	char *list = tv_xstrdup("");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		const char *n = (const char *)sqlite3_column_text(st, 1);
		/* Quoted: a hostile name may hold a newline or an escape sequence. */
		char *qt = store_quote(t ? t : "?"), *qn = store_quote(n ? n : "?");
		char *line = tv_xasprintf("%s %s\n", qt, qn);
		free(qt);
		free(qn);
		size_t add = strlen(line);
		list = tv_xrealloc(list, len + add + 1);
		memcpy(list + len, line, add + 1);
		len += add;
		free(line);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(list);
		return store_fail(s, store_map_rc(rc) == TV_OK ? TV_DB : store_map_rc(rc),
			"reading the schema: %s", sqlite3_errmsg(db));
	}
	*out = list;
	return TV_OK;
}

/* Is the line `line` (with its '\n') one of the lines of `list`? */
static bool
has_line(const char *list, const char *line, size_t len)
{
	for (const char *p = list; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p + 1) : strlen(p);
		if (n == len && memcmp(p, line, len) == 0)
			return true;
		p += n;
	}
	return false;
}

enum tv_status
store_foreign_objects(struct tv_store *s, sqlite3 *db, const char *type, char **out)
{
	char *have = NULL;
	enum tv_status r = store_schema_objects(s, db, type, &have);
	if (r != TV_OK)
		return r;
	*out = NULL;
	if (!have[0]) {
		free(have);
		return TV_OK;
	}
	char *ref = NULL;
	if ((r = store_schema_reference(&ref)) != TV_OK) {
		free(have);
		return store_fail(s, r, "cannot build tavle's own schema for comparison");
	}
	size_t len = 0;
	char *foreign = NULL;
	for (const char *p = have; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = (size_t)(nl - p + 1);
		if (!has_line(ref, p, n)) {
			foreign = tv_xrealloc(foreign, len + n + 1);
			memcpy(foreign + len, p, n);
			len += n;
			foreign[len] = '\0';
		}
		p += n;
	}
	free(have);
	free(ref);
	*out = foreign;
	return TV_OK;
}

/* Is `sql` the text of a trigger tavle's migrations create? SQLite keeps a CREATE
 * TRIGGER statement's text verbatim (without its ';'), so the body must match too: a
 * trigger of someone else's under one of tavle's names is still foreign. */
static bool
own_trigger(const char *sql)
{
	size_t n = strlen(sql);
	for (size_t v = 0; v < sizeof migrations / sizeof migrations[0]; v++)
		for (const char *p = migrations[v]; (p = strstr(p, "CREATE TRIGGER ")); p++)
			if (strncmp(p, sql, n) == 0 && p[n] == ';')
				return true;
	return false;
}

/* "trigger <name>" lines (names quoted as store_schema_objects does) of the triggers
 * of `db` that are not tavle's own, by name and text; NULL for none. Runs before every
 * write transaction, so it reads the schema table only: no reference database. */
enum tv_status
store_foreign_trigger_lines(struct tv_store *s, sqlite3 *db, char **out)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, "SELECT name, sql FROM sqlite_schema WHERE "
		"type = 'trigger' ORDER BY name", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return store_fail(s, store_map_rc(rc) == TV_OK ? TV_DB : store_map_rc(rc),
			"reading the schema: %s", sqlite3_errmsg(db));
	char *lines = NULL;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *sql = (const char *)sqlite3_column_text(st, 1);
		if (sql && own_trigger(sql))
			continue;
		const char *n = (const char *)sqlite3_column_text(st, 0);
		char *qn = store_quote(n ? n : "?");
		char *joined = tv_xasprintf("%strigger %s\n", lines ? lines : "", qn);
		free(qn);
		free(lines);
		lines = joined;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(lines);
		return store_fail(s, store_map_rc(rc) == TV_OK ? TV_DB : store_map_rc(rc),
			"reading the schema: %s", sqlite3_errmsg(db));
	}
	*out = lines;
	return TV_OK;
}

/* The names of the foreign triggers of `db`, joined by ", " (NULL for none). */
enum tv_status
store_foreign_triggers(struct tv_store *s, sqlite3 *db, char **out)
{
	char *list = NULL;
	enum tv_status r = store_foreign_trigger_lines(s, db, &list);
	if (r != TV_OK)
		return r;
	*out = NULL;
	if (!list)
		return TV_OK;
	char *names = NULL;
	for (char *p = list; *p;) {
		char *nl = strchr(p, '\n');
		*nl = '\0';
		char *joined = tv_xasprintf("%s%s%s", names ? names : "", names ? ", " : "",
			p + strlen("trigger "));
		free(names);
		names = joined;
		p = nl + 1;
	}
	free(list);
	*out = names;
	return TV_OK;
}
