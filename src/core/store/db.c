/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The store's common ground: turning SQLite results into a status and a sentence,
 * stepping and binding statements, reading columns (dates, enum keys), the clock and
 * the user of the history, quoting user input in messages, the row context of a
 * record, and transactions (tv_store_begin and the savepoint of each writing call).
 */
#include <libintl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

#define QUOTE_MAX 60 /* longest piece of user input quoted back in a message */

/* The stored keys of the model's enums (the model's tables, tavle/model.h). */
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

const struct enum_desc store_en_area = { "area", area_keys, TV_AREA_COUNT };
const struct enum_desc store_en_pstatus = { "status", pstatus_keys, TV_PSTATUS_COUNT };
const struct enum_desc store_en_resp = { "responsible party", resp_keys, TV_RESPONSIBLE_COUNT };
const struct enum_desc store_en_mkind = { "meeting kind", mkind_keys, TV_MEETING_KIND_COUNT };
const struct enum_desc store_en_dstatus = { "decision status", dstatus_keys,
	TV_DECISION_STATUS_COUNT };
const struct enum_desc store_en_role = { "role", role_keys, TV_ROLE_COUNT };
const struct enum_desc store_en_sector = { "sector", sector_keys, TV_SECTOR_COUNT };

static const char *const kind_keys_tbl[] = {
#define X(e, k) k,
	TV_KIND_INFO(X)
#undef X
};
const struct enum_desc store_en_kind = { "kind", kind_keys_tbl, TV_KIND_COUNT };

enum tv_status
store_fail(struct tv_store *s, enum tv_status st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	tv_msg_vformat(s->err, sizeof s->err, fmt, ap);
	va_end(ap);
	return st;
}

enum tv_status
store_map_rc(int rc)
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
enum tv_status
store_db_fail(struct tv_store *s, int rc)
{
	enum tv_status st = store_map_rc(rc);
	if (st == TV_BUSY)
		return store_fail(s, st, "database busy (another tavle is writing); try again");
	if (st == TV_READONLY)
		return store_fail(s, st, "%s is read-only: %s", s->path, sqlite3_errmsg(s->db));
	return store_fail(s, st == TV_OK ? TV_DB : st, "%s: %s", s->path, sqlite3_errmsg(s->db));
}

/* Run a statement that returns no rows (bound already); always reset. */
enum tv_status
store_run(struct tv_store *s, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	while (rc == SQLITE_ROW)
		rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? TV_OK : store_db_fail(s, rc);
}

/* Step a one-row query: TV_OK with the row (caller must reset), TV_NOT_FOUND with no
 * row (already reset), or an error (already reset). */
enum tv_status
store_row1(struct tv_store *s, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return TV_OK;
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? TV_NOT_FOUND : store_db_fail(s, rc);
}

/* A query giving one integer (NULL reads as 0). */
enum tv_status
store_query_int(struct tv_store *s, sqlite3_stmt *st, int64_t *out)
{
	enum tv_status r = store_row1(s, st);
	if (r != TV_OK)
		return r;
	*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return TV_OK;
}

void
store_bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/* Empty text is stored as NULL in optional columns. */
void
store_bind_opt(sqlite3_stmt *st, int i, const char *v)
{
	store_bind_text(st, i, v && *v ? v : NULL);
}

char *
store_col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? tv_xstrdup((const char *)t) : NULL;
}

/* ---- dates and enum keys in storage ---- */

/* Days SQLite can store and read back as text: years 0 to 9999. */
static bool
storable_day(int32_t day)
{
	int y, m, d;
	tv_date_to_ymd(day, &y, &m, &d);
	return day != TV_NO_DAY && y >= 0 && y <= 9999;
}

void
store_format_day(int32_t day, char buf[TV_DATE_BUF])
{
	if (storable_day(day))
		tv_date_format(day, buf);
	else
		buf[0] = '\0';
}

void
store_format_when(struct tv_when w, char buf[TV_WHEN_BUF])
{
	if (storable_day(w.day))
		tv_when_format(w, buf);
	else
		buf[0] = '\0';
}

int32_t
store_col_day(sqlite3_stmt *st, int i)
{
	return tv_date_parse_stored((const char *)sqlite3_column_text(st, i));
}

struct tv_when
store_col_when(sqlite3_stmt *st, int i)
{
	return tv_when_parse_stored((const char *)sqlite3_column_text(st, i));
}

void
store_bind_day(sqlite3_stmt *st, int i, int32_t day)
{
	char buf[TV_DATE_BUF];
	store_format_day(day, buf);
	store_bind_opt(st, i, buf);
}

void
store_bind_when(sqlite3_stmt *st, int i, struct tv_when w)
{
	char buf[TV_WHEN_BUF];
	store_format_when(w, buf);
	store_bind_opt(st, i, buf);
}

int
store_key_index(const struct enum_desc *en, const char *key)
{
	for (int i = 0; key && i < en->count; i++)
		if (strcmp(en->keys[i], key) == 0)
			return i;
	return -1;
}

int
store_col_enum(sqlite3_stmt *st, int i, const struct enum_desc *en, int dflt)
{
	int k = store_key_index(en, (const char *)sqlite3_column_text(st, i));
	return k < 0 ? dflt : k;
}

/* ---- rows of values ---- */

void
store_bind_vals(sqlite3_stmt *st, const struct store_val *v, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		int i = (int)k + 1;
		switch (v[k].t) {
		case SVT_INT: sqlite3_bind_int64(st, i, v[k].i); break;
		case SVT_TEXT: store_bind_text(st, i, v[k].s); break;
		case SVT_OPT: store_bind_opt(st, i, v[k].s); break;
		case SVT_DAY: store_bind_day(st, i, (int32_t)v[k].i); break;
		case SVT_WHEN: store_bind_when(st, i, v[k].w); break;
		case SVT_ID:
			if (v[k].i)
				sqlite3_bind_int64(st, i, v[k].i);
			else
				sqlite3_bind_null(st, i);
			break;
		}
	}
}

void
store_read_cols(sqlite3_stmt *st, const struct store_col *c, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		int i = (int)k;
		switch (c[k].t) {
		case SCT_I64: *(int64_t *)c[k].dst = sqlite3_column_int64(st, i); break;
		case SCT_INT: *(int *)c[k].dst = sqlite3_column_int(st, i); break;
		case SCT_BOOL: *(bool *)c[k].dst = sqlite3_column_int(st, i) != 0; break;
		case SCT_TEXT: *(char **)c[k].dst = store_col_text(st, i); break;
		case SCT_DAY: *(int32_t *)c[k].dst = store_col_day(st, i); break;
		case SCT_WHEN: *(struct tv_when *)c[k].dst = store_col_when(st, i); break;
		case SCT_ENUM: *(int *)c[k].dst = store_col_enum(st, i, c[k].en, c[k].dflt); break;
		}
	}
}

/* ---- clock, user, messages, the row context ---- */

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

void
store_stamp_at(time_t t, char buf[STAMP_BUF])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, STAMP_BUF, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void
store_stamp(const struct tv_store *s, char buf[STAMP_BUF])
{
	store_stamp_at(tv_store_now(s), buf);
}

void
tv_store_set_user(struct tv_store *store, const char *user)
{
	free(store->user);
	store->user = tv_xstrdup(user && *user ? user : "unknown");
}

/* A short, printable quotation of user input for messages. */
char *
store_quote(const char *v)
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

enum tv_status
store_get_ctx(struct tv_store *s, enum tv_kind kind, int64_t id, struct ctx *c)
{
	sqlite3_stmt *st = store_prep(s, store_kind_stmts[kind].ctx);
	sqlite3_bind_int64(st, 1, id);
	enum tv_status r = store_row1(s, st);
	if (r == TV_NOT_FOUND)
		return store_fail(s, r, "%s %lld does not exist (removed?)", tv_kind_key(kind),
			(long long)id);
	if (r != TV_OK)
		return r;
	c->board_id = sqlite3_column_int64(st, 0);
	c->package_id = sqlite3_column_int64(st, 1);
	c->version = sqlite3_column_int64(st, 2);
	sqlite3_reset(st);
	return TV_OK;
}

enum tv_status
store_check_text(struct tv_store *s, const char *what, const char *text, size_t max,
	bool multiline, bool required)
{
	struct tv_diag d = { 0 };
	if (!text)
		text = "";
	if (tv_text_check(what, text, max, multiline, required, &d) != TV_OK)
		return store_fail(s, TV_INVALID, "%s", d.msg[0] ? d.msg : "invalid text");
	return TV_OK;
}

enum tv_status
store_board_exists(struct tv_store *s, int64_t board_id)
{
	struct ctx c;
	enum tv_status r = store_get_ctx(s, TV_KIND_BOARD, board_id, &c);
	if (r == TV_NOT_FOUND)
		return store_fail(s, r, "board %lld does not exist", (long long)board_id);
	return r;
}

bool
store_parse_int64(const char *t, int64_t *out)
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

/* ---- transactions ---- */

enum tv_status
store_exec(struct tv_store *s, enum stmt_id id)
{
	return store_run(s, store_prep(s, id));
}

/* Roll back the open transaction (if SQLite still has one) without losing the error that
 * caused it: the message in store->err is the one the caller reports. */
static void
rollback_keeping_error(struct tv_store *store)
{
	char keep[sizeof store->err];
	memcpy(keep, store->err, sizeof keep);
	if (!sqlite3_get_autocommit(store->db))
		store_exec(store, S_ROLLBACK);
	memcpy(store->err, keep, sizeof keep);
}

enum tv_status
tv_store_begin(struct tv_store *store)
{
	if (store->flags & TV_STORE_READONLY)
		return store_fail(store, TV_READONLY, "%s is open read-only", store->path);
	if (store->depth == 0) {
		enum tv_status r = store_check_same_file(store);
		if (r != TV_OK)
			return r;
		if ((r = store_exec(store, S_BEGIN)) != TV_OK)
			return r;
		/* tavle's only triggers are schema 10's export notes: one someone else
		 * added runs inside every write of ours (and can delete behind an "ok"),
		 * so nothing is written until it is gone. Checked under the write lock. */
		char *evil = NULL;
		r = store_foreign_triggers(store, store->db, &evil);
		if (r == TV_OK && evil)
			r = store_fail(store, TV_UNSUPPORTED, "%s carries triggers tavle did not "
				"create (%s); nothing was written: a trigger can change or delete "
				"data behind tavle's back; remove them (tavle check lists them)",
				store->path, evil);
		free(evil);
		if (r != TV_OK) {
			rollback_keeping_error(store);
			return r;
		}
		store->change_id = 0;
	}
	store->depth++;
	return TV_OK;
}

/* Raise the export revision of the items schema 10's triggers noted during this
 * transaction (an exported text that changed without the row's version), with the
 * store's clock, once per item however many notes it got. An empty list costs one
 * lookup. */
static enum tv_status
store_export_apply(struct tv_store *s)
{
	int64_t any = 0;
	enum tv_status r = store_query_int(s, store_prep(s, S_EXPORT_ANY), &any);
	if (r != TV_OK || !any)
		return r;
	char now[STAMP_BUF];
	store_stamp(s, now);
	static const enum stmt_id raise[] = { S_EXPORT_PKGS, S_EXPORT_TASKS, S_EXPORT_PHASES,
		S_EXPORT_MEETS, S_EXPORT_DECS, S_EXPORT_BOARDS };
	for (size_t i = 0; i < sizeof raise / sizeof raise[0] && r == TV_OK; i++) {
		sqlite3_stmt *st = store_prep(s, raise[i]);
		store_bind_text(st, 1, now);
		r = store_run(s, st);
	}
	return r == TV_OK ? store_exec(s, S_EXPORT_CLEAR) : r;
}

enum tv_status
tv_store_commit(struct tv_store *store)
{
	if (store->depth <= 0)
		return store_fail(store, TV_INVALID, "commit without a transaction");
	if (--store->depth > 0)
		return TV_OK;
	enum tv_status r = store_export_apply(store);
	if (r != TV_OK) {
		rollback_keeping_error(store);
		store->change_id = 0;
		return r;
	}
	r = store_exec(store, S_COMMIT);
	if (r != TV_OK) {
		rollback_keeping_error(store);
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
	rollback_keeping_error(store);
	store->depth = 0;
	store->change_id = 0;
}

/* A read snapshot for several queries that must agree while others write: a deferred
 * transaction that never writes, or nothing inside the caller's transaction. */
enum tv_status
store_read_begin(struct tv_store *s, bool *snap)
{
	*snap = s->depth == 0;
	return *snap ? store_exec(s, S_BEGIN_READ) : TV_OK;
}

/* End it, keeping the message of a failure inside. */
void
store_read_end(struct tv_store *s, bool snap)
{
	if (snap && !sqlite3_get_autocommit(s->db)) {
		char keep[sizeof s->err];
		memcpy(keep, s->err, sizeof keep);
		store_exec(s, S_COMMIT);
		memcpy(s->err, keep, sizeof keep);
	}
}

/* One writing call: its own transaction, or a savepoint inside the caller's, so that a
 * failed call leaves nothing behind either way. */
enum tv_status
store_op_begin(struct tv_store *s, bool *owned)
{
	*owned = s->depth == 0;
	if (*owned)
		return tv_store_begin(s);
	enum tv_status r = store_exec(s, S_SAVEPOINT);
	if (r == TV_OK)
		s->depth++;
	return r;
}

enum tv_status
store_op_end(struct tv_store *s, bool owned, enum tv_status r)
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
		store_exec(s, S_ROLLBACK_TO);
	enum tv_status rr = store_exec(s, S_RELEASE);
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
