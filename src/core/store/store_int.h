/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The store's private header (in the manner of SQLite's sqliteInt.h), shared by the
 * files of src/core/store/ and by nothing else: the connection (struct tv_store), the
 * row context of a record (struct ctx), the statement ids and the fields' SQL
 * (statements.h), and the helpers every part uses: failing with a message, preparing,
 * stepping,
 * binding and reading columns, time stamps, the writing call's begin and end, the
 * history record and the snapshot of a row. Only src/core/store/ includes <sqlite3.h>;
 * the store depends on the model, dates and text validation, never on curses or
 * libical.
 */
#ifndef TAVLE_STORE_INT_H
#define TAVLE_STORE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include <sqlite3.h>

#include "tavle/date.h"
#include "tavle/fields.h"
#include "tavle/model.h"
#include "tavle/shared.h"
#include "tavle/status.h"
#include "tavle/store.h"
#include "tavle/text.h"

#include "statements.h"

/* PRAGMA application_id of a tavle database: 'tvbl'. */
#define TV_APPLICATION_ID 0x7476626C
#define STAMP_BUF 21 /* "YYYY-MM-DDTHH:MM:SSZ" */

/* ---- the connection ---- */

/* How a write of a template date treats its offset (replan.c): a person's edit clears
 * it (the date is hand-set from then on); undo and the re-planning (both
 * STORE_DATES_REVERT) leave it to their own history rows. */
enum store_dates { STORE_DATES_EDIT, STORE_DATES_REVERT };

struct tv_store {
	sqlite3 *db;
	char *path;
	unsigned flags;
	int depth;            /* open transaction levels (tv_store_begin and calls) */
	int64_t change_id;    /* change id of the open transaction, 0 until first history row */
	int64_t last_change;
	time_t now;           /* 0: real clock */
	char *user;
	char *account;        /* shared database: the Unix account recorded with each change */
	bool has_file;        /* dev and ino name the file opened (not ":memory:") */
	dev_t dev;
	ino_t ino;
	char err[512];
	sqlite3_stmt *stmts[S_COUNT];
	sqlite3_stmt *fget[TV_FIELD_COUNT];
	sqlite3_stmt *fupd[TV_FIELD_COUNT];
	enum store_dates date_mode;  /* how store_write_field treats template offsets */
};

/* Where a record belongs and which version of it was read (store_get_ctx). */
struct ctx {
	int64_t board_id;
	int64_t package_id;
	int64_t version;
};

/* ---- tables (statements.c, db.c) ---- */

/* Per kind: the context query, the snapshot and restore statements (restore S_COUNT:
 * none), the delete, and the uid prefix of exportable kinds (NULL for the others). */
struct store_kind_stmts {
	enum stmt_id ctx, snapshot, restore, del;
	const char *uid_prefix;
};
extern const struct store_kind_stmts store_kind_stmts[TV_KIND_COUNT];

/* The keys of an enum as stored, with the noun used in messages. */
struct enum_desc {
	const char *noun;
	const char *const *keys;
	int count;
};
extern const struct enum_desc store_en_area, store_en_pstatus, store_en_resp, store_en_mkind,
	store_en_dstatus, store_en_role, store_en_sector, store_en_kind;

/* The statement `id` of the connection, prepared on first use (statements.c). Aborts
 * if SQLite cannot prepare it: the text is a constant of this program. */
sqlite3_stmt *store_prep(struct tv_store *s, enum stmt_id id);

/* ---- failing and stepping (db.c) ---- */

/* Set the connection's message (translated `fmt`) and return `st`. */
enum tv_status store_fail(struct tv_store *s, enum tv_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The status of a SQLite result code. */
enum tv_status store_map_rc(int rc);
/* Turn a SQLite failure into a status and a sentence. */
enum tv_status store_db_fail(struct tv_store *s, int rc);
/* Run a statement that returns no rows (bound already); always reset. */
enum tv_status store_run(struct tv_store *s, sqlite3_stmt *st);
/* Run statement `id` with nothing bound. */
enum tv_status store_exec(struct tv_store *s, enum stmt_id id);
/* Step a one-row query: TV_OK with the row (caller must reset), TV_NOT_FOUND with no
 * row (already reset), or an error (already reset). */
enum tv_status store_row1(struct tv_store *s, sqlite3_stmt *st);
/* A query giving one integer (NULL reads as 0). */
enum tv_status store_query_int(struct tv_store *s, sqlite3_stmt *st, int64_t *out);

/* ---- binding and reading columns (db.c) ---- */

void store_bind_text(sqlite3_stmt *st, int i, const char *v);
/* Empty text is stored as NULL in optional columns. */
void store_bind_opt(sqlite3_stmt *st, int i, const char *v);
void store_bind_day(sqlite3_stmt *st, int i, int32_t day);
void store_bind_when(sqlite3_stmt *st, int i, struct tv_when w);
/* A column's text, copied (NULL for NULL). */
char *store_col_text(sqlite3_stmt *st, int i);
int32_t store_col_day(sqlite3_stmt *st, int i);
struct tv_when store_col_when(sqlite3_stmt *st, int i);
/* The index of a stored key, `dflt` for an unknown one. */
int store_col_enum(sqlite3_stmt *st, int i, const struct enum_desc *en, int dflt);
int store_key_index(const struct enum_desc *en, const char *key);
/* Dates as stored ("YYYY-MM-DD", "YYYY-MM-DD HH:MM"; "" for none or out of range). */
void store_format_day(int32_t day, char buf[TV_DATE_BUF]);
void store_format_when(struct tv_when w, char buf[TV_WHEN_BUF]);

/* ---- rows of values (db.c) ----
 * An insert binds its parameters 1..n, and a reader takes its columns 0..n-1, from one
 * list in statement order, so a statement's columns are read in one place, not as a
 * line of code per column. The pointer macros check the destination's type. */
enum store_vt { SVT_INT, SVT_TEXT, SVT_OPT, SVT_DAY, SVT_WHEN, SVT_ID };
struct store_val {
	enum store_vt t;
	int64_t i;          /* SVT_INT, SVT_DAY, SVT_ID (0 binds NULL) */
	const char *s;      /* SVT_TEXT (NULL binds NULL), SVT_OPT ("" binds NULL too) */
	struct tv_when w;   /* SVT_WHEN */
};
#define V_INT(x) { SVT_INT, .i = (x) }
#define V_BOOL(x) { SVT_INT, .i = (x) ? 1 : 0 }
#define V_TEXT(x) { SVT_TEXT, .s = (x) }
#define V_OPT(x) { SVT_OPT, .s = (x) }
#define V_DAY(x) { SVT_DAY, .i = (x) }
#define V_WHEN(x) { SVT_WHEN, .w = (x) }
#define V_ID(x) { SVT_ID, .i = (x) }
void store_bind_vals(sqlite3_stmt *st, const struct store_val *v, size_t n);
#define STORE_BIND(st, ...) store_bind_vals((st), (const struct store_val[]){ __VA_ARGS__ }, \
	sizeof((const struct store_val[]){ __VA_ARGS__ }) / sizeof(struct store_val))

enum store_ct { SCT_I64, SCT_INT, SCT_BOOL, SCT_TEXT, SCT_DAY, SCT_WHEN, SCT_ENUM };
struct store_col {
	enum store_ct t;
	void *dst;                   /* int64_t, int, bool, char * (owned copy), int32_t, */
	const struct enum_desc *en;  /* struct tv_when, or an enum of int size (SCT_ENUM) */
	int dflt;                    /* SCT_ENUM: the index of an unknown key */
};
#define C_I64(p) { SCT_I64, (int64_t *){ (p) }, NULL, 0 }
#define C_INT(p) { SCT_INT, (int *){ (p) }, NULL, 0 }
#define C_BOOL(p) { SCT_BOOL, (bool *){ (p) }, NULL, 0 }
#define C_TEXT(p) { SCT_TEXT, (char **){ (p) }, NULL, 0 }
#define C_DAY(p) { SCT_DAY, (int32_t *){ (p) }, NULL, 0 }
#define C_WHEN(p) { SCT_WHEN, (struct tv_when *){ (p) }, NULL, 0 }
#define C_ENUM(p, en, d) { SCT_ENUM + 0 * (int)sizeof(char[sizeof *(p) == sizeof(int) ? 1 : -1]), \
	(p), &(en), (d) }
void store_read_cols(sqlite3_stmt *st, const struct store_col *c, size_t n);
#define STORE_READ(st, ...) store_read_cols((st), (const struct store_col[]){ __VA_ARGS__ }, \
	sizeof((const struct store_col[]){ __VA_ARGS__ }) / sizeof(struct store_col))

/* ---- clock, messages, common checks (db.c) ---- */

/* A UTC time stamp "YYYY-MM-DDTHH:MM:SSZ" of `t`, or of the store's clock. */
void store_stamp_at(time_t t, char buf[STAMP_BUF]);
void store_stamp(const struct tv_store *s, char buf[STAMP_BUF]);
/* A short, printable quotation of user input for messages. Caller frees. */
char *store_quote(const char *v);
/* A decimal number without sign (false for anything else or an overflow). */
bool store_parse_int64(const char *t, int64_t *out);
/* tv_text_check with the message on the connection. */
enum tv_status store_check_text(struct tv_store *s, const char *what, const char *text,
	size_t max, bool multiline, bool required);
/* The checks of a text value beyond its length (tavle/fields.h tv_field_check, and
 * for a meeting's package list that every number is a package of `board_id`), with
 * the message on the connection; TV_INVALID when it fails. Run after
 * store_check_text, by `set` and by the adds alike. */
enum tv_status store_check_value(struct tv_store *s, int64_t board_id, enum tv_field id,
	const char *value);
/* The context of record `id` of `kind`; TV_NOT_FOUND (with a message) when it is gone. */
enum tv_status store_get_ctx(struct tv_store *s, enum tv_kind kind, int64_t id,
	struct ctx *c);
enum tv_status store_board_exists(struct tv_store *s, int64_t board_id);

/* One writing call: its own transaction, or a savepoint inside the caller's, so that
 * a failed call leaves nothing behind either way. store_op_end returns `r` or the
 * failure of ending. */
enum tv_status store_op_begin(struct tv_store *s, bool *owned);
enum tv_status store_op_end(struct tv_store *s, bool owned, enum tv_status r);

/* A read snapshot for several queries (a deferred transaction unless the caller has
 * one open); store_read_end keeps the message of a failure inside it. */
enum tv_status store_read_begin(struct tv_store *s, bool *snap);
void store_read_end(struct tv_store *s, bool snap);

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
			(status) = store_db_fail((s), rc_);                            \
	} while (0)

/* The end of a function listing rows: COLLECT into a new array handed to *out,
 * *out_count only on success (on failure the rows read so far are cleared with `clear`
 * and freed), and return the status. */
#define RETURN_COLLECTED(s, st, type, reader, clear, out, out_count)                   \
	do {                                                                           \
		type *arr_ = NULL;                                                     \
		size_t n_ = 0;                                                         \
		enum tv_status r_;                                                     \
		COLLECT(s, st, arr_, n_, type, reader, r_);                            \
		if (r_ == TV_OK) {                                                     \
			*(out) = arr_;                                                 \
			*(out_count) = n_;                                             \
		} else {                                                               \
			for (size_t i_ = 0; i_ < n_; i_++)                             \
				clear(&arr_[i_]);                                      \
			free(arr_);                                                    \
		}                                                                      \
		return r_;                                                             \
	} while (0)

/* ---- schema (schema.c) ---- */

/* Run the migrations from user_version `from` on (inside the caller's transaction);
 * the first also seeds the areas. */
enum tv_status store_schema_upgrade(struct tv_store *s, int64_t from, struct tv_diag *diag);
/* Schema 15 on an older database (tmpl_update.c): the slug keys of phases, meetings
 * and decisions and the base values of every keyed item (today's values). */
enum tv_status store_tmpl_migrate(struct tv_store *s);
/* History rows of a template update ("tmpl.*" fields, tmpl_update.c): check, undo. */
enum tv_status store_tmpl_revert_check(struct tv_store *s, const struct tv_history *h);
enum tv_status store_tmpl_revert(struct tv_store *s, const struct tv_history *h);
/* Set the template offset of `field` of a row to `to` ("30", "" for none) with a
 * history row in the open change (replan.c); nothing for a field without one. */
enum tv_status store_offset_set(struct tv_store *s, enum tv_kind kind, int64_t id,
	const char *field, const char *to);
/* The objects a new tavle database holds, as sorted "type name" lines (from the
 * migrations themselves, applied to an empty in-memory database). Caller frees. */
enum tv_status store_schema_reference(char **out);
/* The "type name" lines (names quoted for messages) of the schema of `db`, only of
 * `type` unless NULL; "" for none. Failures go to `s`'s message. Caller frees. */
enum tv_status store_schema_objects(struct tv_store *s, sqlite3 *db, const char *type,
	char **out);
/* The objects of `db` (of `type` unless NULL) that tavle's schema does not create,
 * as such lines; *out NULL when there are none. Caller frees. */
enum tv_status store_foreign_objects(struct tv_store *s, sqlite3 *db, const char *type,
	char **out);
/* The triggers of `db` tavle did not create (by name and text) as "trigger <name>"
 * lines, NULL for none; and their names joined by ", ", NULL for none. Cheap (no
 * reference database): run before every write. Caller frees. */
enum tv_status store_foreign_trigger_lines(struct tv_store *s, sqlite3 *db, char **out);
enum tv_status store_foreign_triggers(struct tv_store *s, sqlite3 *db, char **out);

/* ---- opening (open.c) ---- */

/* What the schema of an open database says about it. */
struct store_probe {
	int64_t user_version;
	int64_t app_id;
	int64_t ntables;
	bool has_meta;
};
/* Read-only look at the header fields and schema of `db` (a SQLite result code). */
int store_probe_db(sqlite3 *db, struct store_probe *p);
/* TV_NOT_TAVLE for another program's database, TV_SCHEMA_NEWER for a newer tavle's,
 * with the message in `diag` naming `path`. */
enum tv_status store_judge_probe(const char *path, const struct store_probe *p,
	struct tv_diag *diag);
/* The name to give sqlite3_open_v2 for the file `path`: never read as a URI
 * ("./file:x" for "file:x"). Caller frees. */
char *store_file_name(const char *path);
/* Does PATH-wal hold commits not yet in PATH? */
bool store_wal_has_content(const char *path);
/* TV_IO with a message when the store's path no longer names the file it opened
 * (replaced by a rename or removed): writing on would go to a file nobody reads. */
enum tv_status store_check_same_file(struct tv_store *s);

/* ---- row readers (read.c): column order as in the *_SEL lists ---- */

void store_read_board(sqlite3_stmt *st, struct tv_board *b);
void store_read_package(sqlite3_stmt *st, struct tv_package *p);
void store_read_task(sqlite3_stmt *st, struct tv_task *t);
void store_read_decision(sqlite3_stmt *st, struct tv_decision *d);
void store_read_phase(sqlite3_stmt *st, struct tv_phase *p);
void store_read_meeting(sqlite3_stmt *st, struct tv_meeting *m);
void store_read_history(sqlite3_stmt *st, struct tv_history *h);

/* ---- adding (add.c) ---- */

/* Is package number `number` free in the board (or taken by `self`)? TV_INVALID if not. */
enum tv_status store_number_free(struct tv_store *s, int64_t board_id, int64_t number,
	int64_t self);
/* The count of a count(*) statement with key ?1 (and text key ?2 unless NULL). */
enum tv_status store_count_of(struct tv_store *s, enum stmt_id id, int64_t key,
	const char *key2, int *out);

/* ---- fields (fields.c) ---- */

struct field;
const struct field *store_field(enum tv_field id);
/* The field `name` of `kind`, or NULL. */
const struct field *store_find_field(enum tv_kind kind, const char *name);
/* Current canonical text of a field ("" for none) and the row's version (if not NULL). */
enum tv_status store_field_value(struct tv_store *s, const struct field *f, int64_t id,
	char **out, int64_t *version);
/* Write a validated canonical value, keep the model's invariants, record history.
 * TV_CONFLICT (no message yet) when the row's version moved past `expected`. */
/* deps.c: the canonical "after" list (sorted, each once) of package `pkg_id` for the
 * typed text `v`, or TV_INVALID naming what is wrong: not a list, the package itself,
 * a number no package of the board has, a cycle (named as a chain). *out malloc'd. */
enum tv_status store_after_check(struct tv_store *s, int64_t board_id, int64_t pkg_id,
	const char *v, char **out);
/* deps.c: package `old_num` of the board became `new_num`: rewrite every "after" list
 * naming it, each a recorded field change of the current change. */
enum tv_status store_after_renumber(struct tv_store *s, int64_t board_id, int old_num,
	int new_num);
enum tv_status store_write_field(struct tv_store *s, const struct field *f, int64_t id,
	const struct ctx *c, const char *old, const char *canon, int64_t expected);
/* Set the conflict message (and fill `conflict` unless NULL); `f` NULL for a row. */
void store_fill_conflict(struct tv_store *s, const struct field *f, enum tv_kind kind,
	int64_t id, struct tv_conflict *conflict);

/* ---- removing and moving (remove.c) ---- */

/* Renumber the positions of a list 0..n-1 (statement `id`, keys as store_count_of). */
enum tv_status store_compact(struct tv_store *s, enum stmt_id id, int64_t key,
	const char *key2);
/* The body of tv_store_remove, tv_store_move, inside a writing call. */
enum tv_status store_remove_in(struct tv_store *s, enum tv_kind kind, int64_t id,
	int64_t expected);
enum tv_status store_move_in(struct tv_store *s, enum tv_kind kind, int64_t id,
	int position);
/* Current index of an item in its list, as text (for undo of a move). Caller frees. */
enum tv_status store_position_text(struct tv_store *s, enum tv_kind kind, int64_t id,
	char **out);

/* ---- history (history.c) ---- */

/* Append one history row to the change of the open transaction. */
enum tv_status store_record(struct tv_store *s, const struct ctx *c, enum tv_kind kind,
	int64_t item_id, const char *op, const char *field, const char *old_value,
	const char *new_value);
/* A JSON text of one row (for remove, so revert can restore it exactly). Caller frees. */
enum tv_status store_snapshot(struct tv_store *s, enum tv_kind kind, int64_t id, char **out);

/* ---- re-planning (replan.c) ---- */

/* Clear field `field`'s template offset of row `id` (a person set the date), recording the
 * change in the open change; nothing when the field keeps no offset, the offset is
 * already NULL, or s->date_mode is not STORE_DATES_EDIT. */
enum tv_status store_offset_clear(struct tv_store *s, enum tv_field field, int64_t id,
	const struct ctx *c);
/* Is `field` of `kind` a history row's offset pseudo-field ("deadline_offset")? */
bool store_offset_is_hist(enum tv_kind kind, const char *field);
/* Undo of an offset row: is it still as the change left it; set it back. */
enum tv_status store_offset_revert_check(struct tv_store *s, const struct tv_history *h);
enum tv_status store_offset_revert(struct tv_store *s, const struct tv_history *h);
/* Plan (and when `apply`, write inside the caller's transaction) the move of board or
 * phase `id`'s start to `new_start`; the start itself is the caller's to write. */
enum tv_status store_replan(struct tv_store *s, enum tv_kind kind, int64_t id,
	int32_t new_start, bool apply, struct tv_replan_plan *out);

#endif
