/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Removing and moving: tombstones of removed exportable items (so calendar subscribers
 * see them cancelled), the snapshot of every removed row in the history (so undo can
 * bring it back), children before their parent, unlinking the packages of a removed
 * phase, and the positions of packages, tasks and phases (compact, move).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

enum tv_status
store_compact(struct tv_store *s, enum stmt_id id, int64_t key, const char *key2)
{
	sqlite3_stmt *st = store_prep(s, id);
	sqlite3_bind_int64(st, 1, key);
	if (key2)
		store_bind_text(st, 2, key2);
	return store_run(s, st);
}

static enum tv_status
collect_ids(struct tv_store *s, enum stmt_id id, int64_t key, const char *key2,
	int64_t **out, size_t *n)
{
	sqlite3_stmt *st = store_prep(s, id);
	sqlite3_bind_int64(st, 1, key);
	if (key2)
		store_bind_text(st, 2, key2);
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
		return store_db_fail(s, rc);
	}
	return TV_OK;
}

/* Record `id` of `kind` (a package, task, phase, meeting or decision) read into `*out`, which the
 * caller clears. TV_NOT_FOUND (no message) if there is no such row. */
static enum tv_status
get_record(struct tv_store *s, enum tv_kind kind, int64_t id, void *out)
{
	static const enum stmt_id get[TV_KIND_COUNT] = {
		[TV_KIND_PACKAGE] = S_PKG_GET, [TV_KIND_TASK] = S_TASK_GET,
		[TV_KIND_PHASE] = S_PHASE_GET, [TV_KIND_MEETING] = S_MEET_GET,
		[TV_KIND_DECISION] = S_DEC_GET,
	};
	sqlite3_stmt *st = store_prep(s, get[kind]);
	sqlite3_bind_int64(st, 1, id);
	enum tv_status r = store_row1(s, st);
	if (r != TV_OK)
		return r;
	switch (kind) {
	case TV_KIND_PACKAGE:
		memset(out, 0, sizeof(struct tv_package));
		store_read_package(st, out);
		break;
	case TV_KIND_TASK:
		memset(out, 0, sizeof(struct tv_task));
		store_read_task(st, out);
		break;
	case TV_KIND_PHASE:
		memset(out, 0, sizeof(struct tv_phase));
		store_read_phase(st, out);
		break;
	case TV_KIND_DECISION:
		memset(out, 0, sizeof(struct tv_decision));
		store_read_decision(st, out);
		break;
	default:
		memset(out, 0, sizeof(struct tv_meeting));
		store_read_meeting(st, out);
		break;
	}
	sqlite3_reset(st);
	return TV_OK;
}

static enum tv_status
get_package(struct tv_store *s, int64_t id, struct tv_package *p)
{
	enum tv_status r = get_record(s, TV_KIND_PACKAGE, id, p);
	if (r == TV_NOT_FOUND)
		return store_fail(s, r, "package %lld does not exist", (long long)id);
	return r;
}

/* What a tombstone keeps of a removed exportable row (owned strings). */
struct tomb {
	char *summary, *uid;
	char *recurrence_id;    /* a meeting occurrence's, else NULL */
	int64_t sequence;
	struct tv_when start, end;
	int64_t ical_sequence; /* a meeting's imported SEQUENCE, -1 if none */
};

static void
tomb_take(struct tomb *tb, const char *summary, const char *uid, int64_t version,
	struct tv_when start, struct tv_when end)
{
	*tb = (struct tomb){ tv_xstrdup(summary), tv_xstrdup(uid), NULL, version, start, end, -1 };
}

static enum tv_status
tombstone(struct tv_store *s, enum tv_kind kind, int64_t id, int64_t board_id)
{
	enum tv_status r = TV_OK;
	struct tomb tb = { 0 };
	const char *area = NULL;
	struct tv_package p = { 0 };
	switch (kind) {
	case TV_KIND_PACKAGE:
		if ((r = get_package(s, id, &p)) != TV_OK)
			return r;
		tomb_take(&tb, NULL, p.uid, p.version + p.export_rev, p.deadline, p.deadline);
		tb.summary = tv_xasprintf("%d %s", p.number, p.title);
		area = tv_area_key(p.area);
		break;
	case TV_KIND_TASK: {
		struct tv_task t;
		if ((r = get_record(s, kind, id, &t)) != TV_OK)
			return r;
		if ((r = get_package(s, t.package_id, &p)) == TV_OK) {
			tomb_take(&tb, t.title, t.uid, t.version + t.export_rev, t.deadline,
				t.deadline);
			area = tv_area_key(p.area);
		}
		tv_task_clear(&t);
		if (r != TV_OK)
			return r;
		break;
	}
	case TV_KIND_PHASE: {
		struct tv_phase ph;
		if ((r = get_record(s, kind, id, &ph)) != TV_OK)
			return r;
		tomb_take(&tb, ph.name, ph.uid, ph.version + ph.export_rev,
			(struct tv_when){ ph.start, TV_NO_TIME },
			(struct tv_when){ ph.end, TV_NO_TIME });
		tv_phase_clear(&ph);
		break;
	}
	case TV_KIND_MEETING: {
		struct tv_meeting m;
		if ((r = get_record(s, kind, id, &m)) != TV_OK)
			return r;
		tomb_take(&tb, m.title, m.uid, m.version + m.export_rev, m.start, m.end);
		tb.recurrence_id = m.recurrence_id ? tv_xstrdup(m.recurrence_id) : NULL;
		tv_meeting_clear(&m);
		/* So an old invitation imported later cannot bring it back. */
		if ((r = tv_store_meeting_ical_sequence(s, id, &tb.ical_sequence)) != TV_OK) {
			free(tb.recurrence_id);
			free(tb.summary);
			free(tb.uid);
			return r;
		}
		break;
	}
	case TV_KIND_DECISION: {
		/* Only a decision with a due day was in the calendar. */
		struct tv_decision x;
		if ((r = get_record(s, kind, id, &x)) != TV_OK)
			return r;
		if (x.due != TV_NO_DAY) {
			char uid[48];
			tv_decision_uid(&x, uid, sizeof uid);
			struct tv_when due = { x.due, TV_NO_TIME };
			tomb_take(&tb, x.title, uid, x.version + x.export_rev, due, due);
			area = x.area >= 0 ? tv_area_key((enum tv_area)x.area) : NULL;
		}
		tv_decision_clear(&x);
		if (!tb.uid)
			return TV_OK;
		break;
	}
	default:
		return TV_OK;
	}
	char at[STAMP_BUF];
	store_stamp(s, at);
	sqlite3_stmt *st = store_prep(s, S_TOMB_INSERT);
	STORE_BIND(st, V_INT(board_id), V_TEXT(tb.uid), V_TEXT(tv_kind_key(kind)),
		V_TEXT(tb.summary ? tb.summary : ""), V_WHEN(tb.start), V_WHEN(tb.end),
		V_INT(tb.sequence), V_TEXT(at), V_TEXT(area), V_OPT(tb.recurrence_id),
		V_INT(tb.ical_sequence));
	r = store_run(s, st);
	free(tb.recurrence_id);
	free(tb.summary);
	free(tb.uid);
	tv_package_clear(&p);
	return r;
}

/* The tombstones of every exported item of board `board_id`, with the summaries and
 * sequences tombstone() gives (S_TOMB_BOARD_*). */
static enum tv_status
board_tombstones(struct tv_store *s, int64_t board_id)
{
	static const enum stmt_id kinds[] = { S_TOMB_BOARD_PKGS, S_TOMB_BOARD_TASKS,
		S_TOMB_BOARD_PHASES, S_TOMB_BOARD_MEETS, S_TOMB_BOARD_DECS };
	char at[STAMP_BUF];
	store_stamp(s, at);
	enum tv_status r = TV_OK;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0] && r == TV_OK; i++) {
		sqlite3_stmt *st = store_prep(s, kinds[i]);
		STORE_BIND(st, V_INT(board_id), V_TEXT(at));
		r = store_run(s, st);
	}
	return r;
}

/* Record a row's full snapshot as a "remove" history entry (restorable by revert). */
static enum tv_status
record_removal(struct tv_store *s, enum tv_kind kind, int64_t id, const struct ctx *c)
{
	char *json = NULL;
	enum tv_status r = store_snapshot(s, kind, id, &json);
	if (r == TV_OK)
		r = store_record(s, c, kind, id, "remove", "", json, NULL);
	free(json);
	return r;
}

static enum tv_status
delete_row(struct tv_store *s, enum tv_kind kind, int64_t id)
{
	sqlite3_stmt *st = store_prep(s, store_kind_stmts[kind].del);
	sqlite3_bind_int64(st, 1, id);
	return store_run(s, st);
}

enum tv_status
store_remove_in(struct tv_store *s, enum tv_kind kind, int64_t id, int64_t expected)
{
	struct ctx c;
	enum tv_status r = store_get_ctx(s, kind, id, &c);
	if (r != TV_OK)
		return r;
	if (expected && expected != c.version) {
		store_fill_conflict(s, NULL, kind, id, NULL);
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
		if ((r = store_field_value(s, store_field(TV_FIELD_PACKAGE_area), id, &area,
			NULL)) != TV_OK)
			return r;
		if ((r = tombstone(s, kind, id, c.board_id)) == TV_OK &&
			(r = record_removal(s, kind, id, &c)) == TV_OK &&
			(r = delete_row(s, kind, id)) == TV_OK)
			r = store_compact(s, S_PKG_COMPACT, c.board_id, area);
		free(area);
		return r;
	}
	case TV_KIND_TASK:
		if ((r = tombstone(s, kind, id, c.board_id)) == TV_OK &&
			(r = record_removal(s, kind, id, &c)) == TV_OK &&
			(r = delete_row(s, kind, id)) == TV_OK)
			r = store_compact(s, S_TASK_COMPACT, c.package_id, NULL);
		return r;
	case TV_KIND_PHASE:
		/* Unlink packages through the history, so undo links them again. */
		if ((r = collect_ids(s, S_PKGS_OF_PHASE, id, NULL, &ids, &n)) != TV_OK)
			return r;
		for (size_t i = 0; i < n && r == TV_OK; i++) {
			struct ctx pc;
			char *old = NULL;
			const struct field *phase = store_field(TV_FIELD_PACKAGE_phase);
			if ((r = store_get_ctx(s, TV_KIND_PACKAGE, ids[i], &pc)) == TV_OK &&
				(r = store_field_value(s, phase, ids[i], &old, NULL)) == TV_OK)
				r = store_write_field(s, phase, ids[i], &pc, old, "", 0);
			free(old);
		}
		free(ids);
		if (r == TV_OK && (r = tombstone(s, kind, id, c.board_id)) == TV_OK &&
			(r = record_removal(s, kind, id, &c)) == TV_OK &&
			(r = delete_row(s, kind, id)) == TV_OK)
			r = store_compact(s, S_PHASE_COMPACT, c.board_id, NULL);
		return r;
	case TV_KIND_BOARD:
		/* Its exported items leave tombstones that outlive it (schema 10), as a
		 * single removed item's do; the board's own go on as they were. */
		if ((r = board_tombstones(s, id)) == TV_OK &&
			(r = record_removal(s, kind, id, &c)) == TV_OK)
			r = delete_row(s, kind, id);
		return r;
	case TV_KIND_MEETING:
	case TV_KIND_DECISION:
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

/* Open one writing call (store_op_begin) on a record, once its kind is known. */
static enum tv_status
op_begin_on_kind(struct tv_store *store, enum tv_kind kind, bool *owned)
{
	if ((unsigned)kind >= TV_KIND_COUNT)
		return store_fail(store, TV_INVALID, "unknown kind of record");
	return store_op_begin(store, owned);
}

enum tv_status
tv_store_remove(struct tv_store *store, enum tv_kind kind, int64_t id, int64_t expected_version)
{
	bool owned;
	enum tv_status r = op_begin_on_kind(store, kind, &owned);
	if (r != TV_OK)
		return r;
	return store_op_end(store, owned, store_remove_in(store, kind, id, expected_version));
}

/* ---- moving ---- */

/* The ordered ids of the list `id` belongs to (its area column, its package's tasks,
 * its board's phases), with the item's index in it. */
static enum tv_status
list_of(struct tv_store *s, enum tv_kind kind, int64_t id, int64_t **ids, size_t *n,
	size_t *index, struct ctx *c)
{
	if (kind != TV_KIND_PACKAGE && kind != TV_KIND_TASK && kind != TV_KIND_PHASE)
		return store_fail(s, TV_INVALID, "a %s has no position", tv_kind_key(kind));
	enum tv_status r = store_get_ctx(s, kind, id, c);
	if (r != TV_OK)
		return r;
	if (kind == TV_KIND_PACKAGE) {
		char *area = NULL;
		if ((r = store_field_value(s, store_field(TV_FIELD_PACKAGE_area), id, &area,
			NULL)) != TV_OK)
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
		return store_fail(s, TV_DB, "%s %lld is missing from its list", tv_kind_key(kind),
			(long long)id);
	}
	return TV_OK;
}

/* Moves are recorded as a "set" of the pseudo-field "position" (old and new index), so
 * undo after a move undoes the move, not the edit before it. */
enum tv_status
store_move_in(struct tv_store *s, enum tv_kind kind, int64_t id, int position)
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
	sqlite3_stmt *st = store_prep(s, set_pos);
	for (size_t i = 0; i < n && r == TV_OK; i++) {
		STORE_BIND(st, V_INT(ids[i]), V_INT((int64_t)i));
		r = store_run(s, st);
	}
	free(ids);
	if (r == TV_OK && from != to) {
		char old[24], now[24];
		snprintf(old, sizeof old, "%zu", from);
		snprintf(now, sizeof now, "%zu", to);
		r = store_record(s, &c, kind, id, "set", "position", old, now);
	}
	return r;
}

/* Current index of an item in its list, as text (for undo of a move). */
enum tv_status
store_position_text(struct tv_store *s, enum tv_kind kind, int64_t id, char **out)
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
	bool owned;
	enum tv_status r = op_begin_on_kind(store, kind, &owned);
	if (r != TV_OK)
		return r;
	return store_op_end(store, owned, store_move_in(store, kind, id, position));
}
