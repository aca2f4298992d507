/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The store: one SQLite file holding many boards. It owns the schema and its numbered
 * migrations, every SQL statement of the program (prepared once, reset after each use),
 * transactions (always BEGIN IMMEDIATE), optimistic concurrency (row versions), the
 * change history, undo, tombstones for deleted exportable items, and backups.
 * Nothing else in tavle includes <sqlite3.h>; no SQLite type appears in this header.
 *
 * Conventions:
 *  - Every function returns enum tv_status. On failure, tv_store_errmsg() names the
 *    problem in one sentence (for CLI stderr and the TUI status line) and nothing was
 *    changed: each writing call is one transaction (or part of the caller's, see
 *    tv_store_begin), rolled back on any error.
 *  - Out-parameters are written only on TV_OK. Returned records and arrays are the
 *    caller's to free with the matching tv_*_clear / tv_board_data_free / free().
 *  - Strings passed in are copied; text input is validated (UTF-8, limits, dates) and
 *    rejected with TV_INVALID before any write.
 *  - expected_version: the version the caller's edit started from; 0 means "force"
 *    (overwrite whatever is there). A mismatch gives TV_CONFLICT and fills `conflict`.
 *  - Writes are recorded in the history with the store's user and time.
 */
#ifndef TAVLE_STORE_H
#define TAVLE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "tavle/fields.h"
#include "tavle/model.h"
#include "tavle/status.h"

struct tv_store;

/* The schema version this binary writes (PRAGMA user_version). */
#define TV_SCHEMA_VERSION 15

enum tv_store_flags {
	TV_STORE_CREATE   = 1 << 0, /* create the file (mode 0600) and schema if missing */
	TV_STORE_READONLY = 1 << 1, /* open read-only; never migrates or writes */
	TV_STORE_SHARED   = 1 << 2, /* a new file is created 0660 (group-shared database) */
};

/*
 * Open (and if needed create and migrate) the database at `path` (":memory:" works).
 * Sets WAL, busy_timeout, foreign_keys=ON, trusted_schema=OFF, SQLITE_DBCONFIG_DEFENSIVE.
 * Migrations run in BEGIN IMMEDIATE and re-read user_version inside the transaction,
 * so concurrent first starts are safe.
 * Errors: TV_NOT_FOUND (no file and no TV_STORE_CREATE), TV_SCHEMA_NEWER (nothing
 * written), TV_NOT_TAVLE (a SQLite file with foreign tables, or not SQLite at all),
 * TV_CORRUPT, TV_READONLY, TV_IO, TV_UNSUPPORTED (network file system).
 * On failure *out is NULL and diag says what and where.
 */
enum tv_status tv_store_open(const char *path, unsigned flags, struct tv_store **out,
	struct tv_diag *diag);

/* Close; finalises every statement. NULL is allowed. */
void tv_store_close(struct tv_store *store);

/* The message of the last failure on this connection (borrowed, valid until the next
 * call). Never NULL. */
const char *tv_store_errmsg(const struct tv_store *store);

/* Who is recorded in the history ($SUDO_USER, login name, or configured name). Copied. */
void tv_store_set_user(struct tv_store *store, const char *user);

/* The clock used for history and timestamps and for relative dates ("+3d").
 * 0 restores the real clock. */
void tv_store_set_now(struct tv_store *store, time_t now);
time_t tv_store_now(const struct tv_store *store);

/* Is `path` an existing empty regular file with no write-ahead log content, i.e. a
 * database still to be made (`touch tavle.db`)? false when it is missing or not empty. */
bool tv_store_file_unmade(const char *path);

/* Schema version found in the file (after migration). */
int tv_store_schema_version(struct tv_store *store);

/* Group several writes into one transaction (BEGIN IMMEDIATE). Writing calls inside
 * it do not commit; tv_store_commit does. Nesting is counted. On any failure inside,
 * call tv_store_rollback. */
enum tv_status tv_store_begin(struct tv_store *store);
enum tv_status tv_store_commit(struct tv_store *store);
void tv_store_rollback(struct tv_store *store);

/* ---- Boards ---- */

/* Create a board (name must be unique and non-empty). Sets board->id and version. */
enum tv_status tv_store_board_add(struct tv_store *store, struct tv_board *board);

/* All boards (archived ones only with `with_archived`), ordered by name. Caller frees
 * each with tv_board_clear and the array with free(). */
enum tv_status tv_store_boards(struct tv_store *store, bool with_archived,
	struct tv_board **out, size_t *out_count);

/* Resolve a board by exact name or numeric id. TV_NOT_FOUND names the input. */
enum tv_status tv_store_board_find(struct tv_store *store, const char *name_or_id,
	int64_t *out_id);

/* The board to open without --board: the last used one, else the only one.
 * TV_NOT_FOUND if the database has no board. */
enum tv_status tv_store_board_default(struct tv_store *store, int64_t *out_id);

/* Remember `board_id` as the last used board (a tiny write; no history). */
enum tv_status tv_store_board_touch(struct tv_store *store, int64_t board_id);

/* Load a whole board (O(that board), never O(database)). Caller frees with
 * tv_board_data_free. */
enum tv_status tv_store_load_board(struct tv_store *store, int64_t board_id,
	struct tv_board_data **out);

/* The tombstones of removed boards' items (a removed board leaves one per exported item,
 * kept 30 days like any other), as a board data with only `tombstones` filled and a
 * zeroed board; `export ics --all` writes them as cancellations. Caller frees with
 * tv_board_data_free. Errors: TV_DB, TV_IO. */
enum tv_status tv_store_load_removed(struct tv_store *store, struct tv_board_data **out);

/* tv_store_load_board reading only the parts in `parts` (enum tv_board_part bits,
 * tavle/model.h; the board row always): the arrays of the other parts stay empty. An export of the package
 * deadlines of 1,000 boards then does not read their 100,000 tasks. Same ownership and
 * errors as tv_store_load_board. */
enum tv_status tv_store_load_board_parts(struct tv_store *store, int64_t board_id,
	unsigned parts, struct tv_board_data **out);

/* ---- Adding records. The record is read (strings copied); on TV_OK its id, uid,
 * version, position (appended at the end) and, for packages, number (next free in the
 * board when number < 0) are written back into it. Tasks of a package are not added
 * by tv_store_package_add; add them with tv_store_task_add. */
enum tv_status tv_store_package_add(struct tv_store *store, struct tv_package *pkg);
enum tv_status tv_store_task_add(struct tv_store *store, struct tv_task *task);
enum tv_status tv_store_phase_add(struct tv_store *store, struct tv_phase *phase);
enum tv_status tv_store_meeting_add(struct tv_store *store, struct tv_meeting *meeting);
enum tv_status tv_store_person_add(struct tv_store *store, struct tv_person *person);
enum tv_status tv_store_comment_add(struct tv_store *store, struct tv_comment *comment);
enum tv_status tv_store_decision_add(struct tv_store *store, struct tv_decision *decision);

/* Comments of one package, oldest first. */
enum tv_status tv_store_comments(struct tv_store *store, int64_t package_id,
	struct tv_comment **out, size_t *out_count);

/* Find a package id by its number in a board. */
enum tv_status tv_store_package_find(struct tv_store *store, int64_t board_id, int number,
	int64_t *out_id);

/* ---- Editing: one field of one record, by field name. ---- */

/* What the other writer left, for the conflict prompt. Caller clears. */
struct tv_conflict {
	int64_t version;       /* the row's current version */
	char *value;           /* the field's current value (canonical text) */
	char *changed_by;      /* user of the newest history entry of the row, or NULL */
	char *changed_at;
};
void tv_conflict_clear(struct tv_conflict *c);

/*
 * The field names each kind accepts, NULL-terminated (static). Packages: title status
 * owner deadline phase area number background requirements process involvement output
 * materials. Tasks: title deadline done responsible minimum owner. Phases: name start end
 * not_before reason. Meetings: kind title start end place region url participants
 * notes packages. People: name email role area. Decisions: title area owner due status
 * text decided. Comments: text. Boards: name authority sector start archived.
 */
const char *const *tv_store_fields(enum tv_kind kind);

/*
 * The SQL column the store keeps field `id` (tavle/fields.h) in, or NULL if the store
 * has no column for it or `id` is out of range. For the check that the field
 * information table and the store's field list name the same fields. Static.
 */
const char *tv_store_field_column(enum tv_field id);

/*
 * Set `field` of record `id` to `value` as a user typed it: dates accept every form
 * of tv_date_parse (relative to the store's clock); enums take their keys; "phase" takes
 * a phase name or id of the same board ("" clears); "done"/"minimum"/"archived" take
 * yes/no/true/false/1/0; "" clears optional fields. Validation errors: TV_INVALID with
 * a message naming the field and the value. Unknown field: TV_INVALID listing the
 * valid ones. Record gone: TV_NOT_FOUND. Version mismatch: TV_CONFLICT (conflict
 * filled if not NULL). On TV_OK, *out_version (if not NULL) is the new version.
 * Setting a field to its current value changes nothing (no history, no version bump).
 */
enum tv_status tv_store_set(struct tv_store *store, enum tv_kind kind, int64_t id,
	const char *field, const char *value, int64_t expected_version,
	struct tv_conflict *conflict, int64_t *out_version);

/* Current canonical text of a field (as tv_store_set accepts it back). Caller frees. */
enum tv_status tv_store_get(struct tv_store *store, enum tv_kind kind, int64_t id,
	const char *field, char **out_value, int64_t *out_version);

/*
 * Remove a record (packages take their tasks and comments with them). Exportable items
 * (packages, tasks, phases, meetings) leave a tombstone for 30 days. expected_version
 * as for tv_store_set.
 */
enum tv_status tv_store_remove(struct tv_store *store, enum tv_kind kind, int64_t id,
	int64_t expected_version);

/* Move a package, task or phase to `position` (0-based, clamped) in its list (for a
 * package: its area column), renumbering the others. */
enum tv_status tv_store_move(struct tv_store *store, enum tv_kind kind, int64_t id,
	int position);

/* ---- History and undo ---- */

/* The change id of the last successful write on this connection (0 if none). */
int64_t tv_store_last_change(const struct tv_store *store);

/*
 * Revert every row of change `change_id`: a set is set back, an add is removed, a
 * remove is restored (same id and uid, with its tasks and comments). The revert is a
 * new change; its id goes to *out_change_id, so reverting that one is redo. Fails with
 * TV_CONFLICT (and changes nothing) if a reverted field was changed again since.
 */
enum tv_status tv_store_revert(struct tv_store *store, int64_t change_id,
	int64_t *out_change_id);

/* History of a board, oldest first: all of it (package_id 0) or one package's (its
 * fields, tasks and comments), from `since_day` on (TV_NO_DAY for all), and only rows
 * with id > after_id (0 for all: used by live refresh). Caller frees the array with
 * tv_history_clear on each and free(). */
enum tv_status tv_store_history(struct tv_store *store, int64_t board_id,
	int64_t package_id, int32_t since_day, int64_t after_id,
	struct tv_history **out, size_t *out_count);

/* The names once set as the owner of a package or a task of the board (by the TUI, the
 * CLI or a template; its history keeps them, so a name typed once is offered again), each
 * once, most recently set first, at most `limit`. Caller frees each and the array. */
enum tv_status tv_store_owner_names(struct tv_store *store, int64_t board_id, size_t limit,
	char ***out, size_t *out_count);

/* ---- Multi-process ---- */

/* PRAGMA data_version: changes when another connection commits. Microseconds. */
enum tv_status tv_store_data_version(struct tv_store *store, int64_t *out);

/* Largest history id (to remember where live refresh starts). */
enum tv_status tv_store_history_head(struct tv_store *store, int64_t *out_id);

/* ---- Maintenance ---- */

/* Integrity (PRAGMA quick_check or integrity_check), foreign keys, schema version and
 * the model's invariants (positions contiguous, numbers unique). Problems are appended
 * to *out_report as lines (caller frees; NULL when clean). TV_OK even with problems;
 * errors only for failures to check. */
enum tv_status tv_store_check(struct tv_store *store, bool full, char **out_report);

/* Online backup to a new file at `path` (SQLite backup API; consistent while others
 * write), through tv_out_open (fileio.h): written to a temporary file that gets the
 * name only when complete and checked, so a killed backup leaves nothing; "-" is
 * standard output (not a terminal), a device or FIFO is written in place. Refuses to
 * overwrite an existing file (TV_INVALID). The copy's mode follows the database's. */
enum tv_status tv_store_backup(struct tv_store *store, const char *path);

/* Put the backup at `path` back as the whole content of the open database. The backup
 * is read, never written; it must pass PRAGMA integrity_check, be a tavle database no
 * newer than this tavle and carry no foreign triggers. An older schema is migrated in
 * the copy. Each board gets a history row (board, "restored", new value `path`). The
 * copy goes in with SQLite's online backup API under the write lock (the file is never
 * replaced), so other open connections see it as one commit (data_version).
 * Errors (nothing changed): TV_NOT_FOUND, TV_IO, TV_INVALID, TV_CORRUPT,
 * TV_NOT_TAVLE, TV_SCHEMA_NEWER, TV_UNSUPPORTED (foreign triggers), TV_BUSY,
 * TV_READONLY. */
enum tv_status tv_store_restore(struct tv_store *store, const char *path);

/* Drop tombstones older than `days` days. */
enum tv_status tv_store_purge_tombstones(struct tv_store *store, int days);

/* ---- Added by the store implementation (append-only) ---- */

/* History conventions (struct tv_history), for views of the history:
 *  - op "add": new_value is the item's title (or name / comment text).
 *  - op "remove": old_value is a JSON snapshot of the whole row (keys are the column
 *    names, e.g. "title", "name", "number"), which tv_store_revert restores; removing a
 *    package records its tasks and comments first, each as its own "remove" row.
 *  - op "set" with field "position": a move by tv_store_move (old and new 0-based
 *    index); undo moves it back. Other "set" rows carry canonical field values. */

/* The SEQUENCE of the invitation meeting `id` was last imported from, or -1 if none
 * was kept (a meeting made in tavle, or imported before schema 7). */
enum tv_status tv_store_meeting_ical_sequence(struct tv_store *store, int64_t id,
	int64_t *out_sequence);

/* Keep `sequence` (>= 0) as meeting `id`'s imported SEQUENCE. Not a field edit: the
 * meeting's version and the history are left alone. */
enum tv_status tv_store_meeting_set_ical_sequence(struct tv_store *store, int64_t id,
	int64_t sequence);

/* Was a meeting with `uid` and RECURRENCE-ID `rid` (NULL: not an occurrence) removed
 * or cancelled on `board_id` (a tombstone, newest first)? *found says so;
 * *out_sequence is the SEQUENCE its tombstone keeps: the imported invitation's, or the
 * cancellation's if that was higher; -1 if none was known (made in tavle, or removed
 * before schema 13). For the calendar import: an invitation not newer than that must
 * not bring the meeting (or that occurrence) back. */
enum tv_status tv_store_tombstone_ical_sequence(struct tv_store *store, int64_t board_id,
	const char *uid, const char *rid, int64_t *out_sequence, bool *found);

/* Drop the tombstones of `uid` with RECURRENCE-ID `rid` (NULL: not an occurrence) on
 * `board_id`: the meeting is back (a newer invitation after its cancellation), and a
 * calendar must not see it both live and cancelled. Other occurrences' stay. */
enum tv_status tv_store_tombstone_forget(struct tv_store *store, int64_t board_id,
	const char *uid, const char *rid);

/* A meeting of `board_id` by its uid (for .ics import upserts). *found says whether it
 * exists; *out is filled only when found (caller clears with tv_meeting_clear). */
enum tv_status tv_store_meeting_find_uid(struct tv_store *store, int64_t board_id,
	const char *uid, struct tv_meeting *out, bool *found);

/* Added for recurring invitations (issue 17 item 4, append-only). The meeting of
 * `board_id` with this uid and RECURRENCE-ID (struct tv_meeting's recurrence_id;
 * NULL or "": the meeting that is no occurrence, as tv_store_meeting_find_uid). */
enum tv_status tv_store_meeting_find_occurrence(struct tv_store *store, int64_t board_id,
	const char *uid, const char *recurrence_id, struct tv_meeting *out, bool *found);

/* Every stored occurrence (recurrence_id set) of series `uid` in `board_id`, by start;
 * the caller frees the array and clears each with tv_meeting_clear. */
enum tv_status tv_store_meeting_occurrences(struct tv_store *store, int64_t board_id,
	const char *uid, struct tv_meeting **out, size_t *out_count);

/* Run EXPLAIN QUERY PLAN on every hot query (board load, history, cross-board) and
 * report each full table scan as a line "QUERY: SCAN table" (caller frees; NULL when
 * every hot query uses an index). */
enum tv_status tv_store_explain_hot_queries(struct tv_store *store, char **out_report);

/* True when no statement of the connection is mid-step (no read snapshot held open).
 * For tests: must hold after every API call. */
bool tv_store_idle(struct tv_store *store);

/* Portfolio: overdue packages (not done, deadline before `today`) of every non-archived
 * board, counted by package number: counts[n] for numbers 0..ncounts-1 (larger numbers
 * are left out). The counts are zeroed first. Cost O(boards) index seeks, never a read
 * of package text. */
enum tv_status tv_store_overdue_by_number(struct tv_store *store, int32_t today,
	int64_t counts[], size_t ncounts);

/* ---- CalDAV publish state (schema 2; added for tavle publish, append-only) ----
 * What this database last published to a collection URL: per (board, URL, UID) the
 * server's ETag after our write (NULL if the server sent none) and a hash of what we
 * sent. Small writes without history (like board_touch); removed with their board. */
struct tv_publish_item {
	char *uid;
	char *etag;
	char *hash;
};
void tv_publish_item_clear(struct tv_publish_item *item);

/* Every entry of `board_id` at `url` (exact text), ordered by uid (byte order). Caller
 * clears each and frees the array. */
enum tv_status tv_store_publish_items(struct tv_store *store, int64_t board_id,
	const char *url, struct tv_publish_item **out, size_t *out_count);

/* Insert or replace one entry. */
enum tv_status tv_store_publish_record(struct tv_store *store, int64_t board_id,
	const char *url, const char *uid, const char *etag, const char *hash);

/* Drop one entry (no error if there is none). */
enum tv_status tv_store_publish_forget(struct tv_store *store, int64_t board_id,
	const char *url, const char *uid);

/* ---- Re-planning (issue 18; src/core/store/replan.c) ---- */

/* One date in a re-planning's preview. */
struct tv_replan_date {
	enum tv_kind kind;   /* package, task, phase, meeting or decision */
	int64_t id;
	const char *field;   /* "deadline", "start", "end", "due"; static */
	int number;          /* the package's number (tasks: their package's), else 0 */
	char *title;         /* the item's title (owned) */
	char *old_text;      /* the stored date text before (owned) */
	int32_t old_day, new_day;
};

/* What moving a board's or a phase's start does: the dates that move (sorted by their
 * new day: the first and last change are moved[0] and moved[nmoved - 1]) and the
 * hand-set dates left alone. Clear with tv_replan_plan_clear. */
struct tv_replan_plan {
	enum tv_kind kind;   /* TV_KIND_BOARD or TV_KIND_PHASE */
	int64_t id;
	int32_t old_start, new_start;
	struct tv_replan_date *moved, *kept;
	size_t nmoved, nkept;
};

void tv_replan_plan_clear(struct tv_replan_plan *p);

/*
 * The preview of setting board (or phase) `id`'s start to `value` (a date as a person
 * types it): which dates following the template move where (tavle/replan.h's rule),
 * which hand-set ones stay. Reads only. tv_store_set of the same start does it, in one
 * change (the start, each moved date and each offset moved, all op "set"; an offset as
 * the pseudo-field "<field>_offset"), undone by one tv_store_revert. TV_INVALID for a
 * value that is not a date or a kind other than board or phase.
 */
enum tv_status tv_store_replan_preview(struct tv_store *store, enum tv_kind kind, int64_t id,
	const char *value, struct tv_replan_plan *out);

/* Keep `offset` (days from the board's start) as the template offset of `field` of
 * row `id` (template instantiation). TV_INVALID for a field that keeps none. Not a
 * field edit: no version, no history. */
enum tv_status tv_store_offset_seed(struct tv_store *store, enum tv_kind kind, int64_t id,
	const char *field, int32_t offset);

/* Is history row h the bookkeeping of a template offset (shown in --json, left out of
 * the readable logs)? */
bool tv_history_is_offset(const struct tv_history *h);

/* Did history row h[i] (of the n rows h, as tv_store_history gives them) come from a
 * re-planning: a date set in the same change as a board's or a phase's start? */
bool tv_history_replanned(const struct tv_history *h, size_t n, size_t i);

#endif
