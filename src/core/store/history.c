/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The history: recording each change (one change id per transaction), the snapshot of
 * a row that is removed, undo and redo (tv_store_revert checks every row of a change
 * before reverting any, then sets back, removes or restores in reverse order) and
 * reading the history of a board or a package.
 */
#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "tavle/tmpl_update.h"

enum tv_status
store_record(struct tv_store *s, const struct ctx *c, enum tv_kind kind, int64_t item_id,
	const char *op, const char *field, const char *old_value, const char *new_value)
{
	if (!s->change_id) {
		enum tv_status r = store_query_int(s, store_prep(s, S_NEXT_CHANGE), &s->change_id);
		if (r != TV_OK)
			return r;
	}
	char at[STAMP_BUF];
	store_stamp(s, at);
	sqlite3_stmt *st = store_prep(s, S_HIST_INSERT);
	sqlite3_bind_int64(st, 1, s->change_id);
	sqlite3_bind_int64(st, 2, c->board_id);
	store_bind_text(st, 3, at);
	store_bind_text(st, 4, s->user);
	store_bind_text(st, 5, tv_kind_key(kind));
	sqlite3_bind_int64(st, 6, item_id);
	sqlite3_bind_int64(st, 7, c->package_id);
	store_bind_text(st, 8, op);
	store_bind_text(st, 9, field ? field : "");
	store_bind_text(st, 10, old_value);
	store_bind_text(st, 11, new_value);
	store_bind_text(st, 12, s->account);   /* NULL: a private database */
	return store_run(s, st);
}

/* A JSON text of one row (for remove, so revert can restore it exactly). */
enum tv_status
store_snapshot(struct tv_store *s, enum tv_kind kind, int64_t id, char **out)
{
	sqlite3_stmt *st = store_prep(s, store_kind_stmts[kind].snapshot);
	sqlite3_bind_int64(st, 1, id);
	enum tv_status r = store_row1(s, st);
	if (r == TV_NOT_FOUND)
		return store_fail(s, r, "%s %lld does not exist", tv_kind_key(kind), (long long)id);
	if (r != TV_OK)
		return r;
	*out = store_col_text(st, 0);
	sqlite3_reset(st);
	return TV_OK;
}

static enum tv_status
json_get(struct tv_store *s, const char *json, const char *path, char **out)
{
	sqlite3_stmt *st = store_prep(s, S_JSON_GET);
	store_bind_text(st, 1, json);
	store_bind_text(st, 2, path);
	enum tv_status r = store_row1(s, st);
	if (r != TV_OK)
		return r == TV_NOT_FOUND ? store_fail(s, TV_DB, "bad snapshot") : r;
	*out = store_col_text(st, 0);
	sqlite3_reset(st);
	return TV_OK;
}

static enum tv_status
run_json(struct tv_store *s, enum stmt_id id, const char *json)
{
	sqlite3_stmt *st = store_prep(s, id);
	store_bind_text(st, 1, json);
	return store_run(s, st);
}

/* Put a removed row back from its snapshot: same id and uid, at its old position. */
static enum tv_status
restore(struct tv_store *s, enum tv_kind kind, int64_t item_id, const char *json)
{
	enum tv_status r = TV_OK;
	char *a = NULL, *b = NULL, *uid = NULL, *rid = NULL;
	if (!json || store_kind_stmts[kind].restore == S_COUNT)
		return store_fail(s, TV_UNSUPPORTED, "a removed %s cannot be restored by undo; "
			"use a backup", tv_kind_key(kind));
	if (kind == TV_KIND_PACKAGE) {
		int64_t board = 0, number = 0;
		if ((r = json_get(s, json, "$.board_id", &a)) != TV_OK ||
			(r = json_get(s, json, "$.number", &b)) != TV_OK)
			goto out;
		store_parse_int64(a, &board);
		store_parse_int64(b, &number);
		if (store_number_free(s, board, number, 0) != TV_OK) {
			r = store_fail(s, TV_CONFLICT, "cannot undo: package %lld exists again",
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
	if ((r = run_json(s, store_kind_stmts[kind].restore, json)) != TV_OK) {
		if (r == TV_INVALID)
			r = store_fail(s, TV_CONFLICT, "cannot undo: %s %lld cannot come back (%s)",
				tv_kind_key(kind), (long long)item_id, sqlite3_errmsg(s->db));
		goto out;
	}
	struct ctx c;
	if ((r = store_get_ctx(s, kind, item_id, &c)) != TV_OK)
		goto out;
	if (kind == TV_KIND_PACKAGE) {
		if ((r = json_get(s, json, "$.area", &a)) != TV_OK ||
			(r = store_compact(s, S_PKG_COMPACT, c.board_id, a)) != TV_OK)
			goto out;
	} else if (kind == TV_KIND_TASK) {
		if ((r = store_compact(s, S_TASK_COMPACT, c.package_id, NULL)) != TV_OK)
			goto out;
	} else if (kind == TV_KIND_PHASE) {
		if ((r = store_compact(s, S_PHASE_COMPACT, c.board_id, NULL)) != TV_OK)
			goto out;
	}
	if (store_kind_stmts[kind].uid_prefix) {
		/* Only this item's tombstones: an occurrence's (its RECURRENCE-ID, NULL in
		 * other kinds' and older snapshots) and not those of its series' others. */
		if ((r = json_get(s, json, "$.uid", &uid)) != TV_OK ||
		    (kind == TV_KIND_MEETING && (r = json_get(s, json, "$.recurrence_id", &rid)) != TV_OK))
			goto out;
		sqlite3_stmt *st = store_prep(s, S_TOMB_DELETE_UID);
		store_bind_text(st, 1, uid);
		store_bind_text(st, 2, rid);
		if ((r = store_run(s, st)) != TV_OK)
			goto out;
	} else if (kind == TV_KIND_DECISION) {
		/* Its calendar identity is made from its ids (tv_decision_uid). */
		struct tv_decision x = { .board_id = c.board_id, .id = item_id };
		char duid[48];
		tv_decision_uid(&x, duid, sizeof duid);
		sqlite3_stmt *st = store_prep(s, S_TOMB_DELETE_UID);
		store_bind_text(st, 1, duid);
		store_bind_text(st, 2, NULL);
		if ((r = store_run(s, st)) != TV_OK)
			goto out;
	}
	/* Like any add, the history shows what came back by its title or name. */
	char *title = NULL;
	static const char *const paths[] = { "$.title", "$.name", "$.text" };
	for (size_t i = 0; i < 3 && !title && r == TV_OK; i++)
		r = json_get(s, json, paths[i], &title);
	if (r == TV_OK)
		r = store_record(s, &c, kind, item_id, "add", "", NULL, title);
	free(title);
out:
	free(a);
	free(b);
	free(uid);
	free(rid);
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
	if (strcmp(h->op, "set") == 0 && store_offset_is_hist(h->kind, h->field))
		return store_offset_revert_check(s, h);
	if (tv_history_is_tmpl(h))
		return store_tmpl_revert_check(s, h);
	if (strcmp(h->op, "set") == 0) {
		const struct field *f = store_find_field(h->kind, h->field);
		bool pos = strcmp(h->field, "position") == 0;
		if (!f && !pos)
			return store_fail(s, TV_INVALID, "cannot undo: unknown field %s", h->field);
		char *cur = NULL;
		r = pos ? store_position_text(s, h->kind, h->item_id, &cur) :
			store_field_value(s, f, h->item_id, &cur, NULL);
		if (r == TV_NOT_FOUND)
			return store_fail(s, TV_CONFLICT, "cannot undo: %s %lld was removed since",
				what, (long long)h->item_id);
		if (r != TV_OK)
			return r;
		bool same = strcmp(cur, h->new_value ? h->new_value : "") == 0;
		if (!same) {
			char *q = store_quote(cur);
			r = store_fail(s, TV_CONFLICT, "cannot undo: %s of %s %lld was changed "
				"since (now '%s')", h->field, what, (long long)h->item_id, q);
			free(q);
		}
		free(cur);
		return same ? TV_OK : r;
	}
	r = store_get_ctx(s, h->kind, h->item_id, &c);
	if (strcmp(h->op, "add") == 0) {
		if (r == TV_NOT_FOUND)
			return store_fail(s, TV_CONFLICT, "cannot undo: %s %lld was removed since",
				what, (long long)h->item_id);
		return r;
	}
	if (r == TV_OK)
		return store_fail(s, TV_CONFLICT, "cannot undo: %s %lld exists again", what,
			(long long)h->item_id);
	if (r != TV_NOT_FOUND)
		return r;
	if (store_kind_stmts[h->kind].restore == S_COUNT)
		return store_fail(s, TV_UNSUPPORTED, "a removed %s cannot be restored by undo; "
			"use a backup", what);
	return TV_OK;
}

static enum tv_status
revert_in(struct tv_store *s, int64_t change_id)
{
	sqlite3_stmt *st = store_prep(s, S_HIST_CHANGE);
	sqlite3_bind_int64(st, 1, change_id);
	struct tv_history *h = NULL;
	size_t n = 0;
	enum tv_status r;
	COLLECT(s, st, h, n, struct tv_history, store_read_history, r);
	if (r == TV_OK && n == 0)
		r = store_fail(s, TV_NOT_FOUND, "there is no change %lld", (long long)change_id);
	for (size_t i = 0; i < n && r == TV_OK; i++)
		r = revert_check(s, &h[i]);
	/* Offsets come back by their own rows, not cleared by the dates set back. */
	enum store_dates mode = s->date_mode;
	s->date_mode = STORE_DATES_REVERT;
	for (size_t i = n; i-- > 0 && r == TV_OK;) {
		if (strcmp(h[i].op, "set") == 0 && strcmp(h[i].field, "position") == 0) {
			int64_t to = 0;
			store_parse_int64(h[i].old_value, &to);
			r = store_move_in(s, h[i].kind, h[i].item_id, (int)to);
		} else if (tv_history_is_tmpl(&h[i])) {
			r = store_tmpl_revert(s, &h[i]);
		} else if (strcmp(h[i].op, "set") == 0 &&
			store_offset_is_hist(h[i].kind, h[i].field)) {
			r = store_offset_revert(s, &h[i]);
		} else if (strcmp(h[i].op, "set") == 0) {
			const struct field *f = store_find_field(h[i].kind, h[i].field);
			struct ctx c;
			if ((r = store_get_ctx(s, h[i].kind, h[i].item_id, &c)) == TV_OK)
				r = store_write_field(s, f, h[i].item_id, &c,
					h[i].new_value ? h[i].new_value : "",
					h[i].old_value ? h[i].old_value : "", 0);
		} else if (strcmp(h[i].op, "add") == 0) {
			r = store_remove_in(s, h[i].kind, h[i].item_id, 0);
		} else {
			r = restore(s, h[i].kind, h[i].item_id, h[i].old_value);
		}
	}
	s->date_mode = mode;
	free_history(h, n);
	return r;
}

enum tv_status
tv_store_revert(struct tv_store *store, int64_t change_id, int64_t *out_change_id)
{
	bool owned;
	enum tv_status r = store_op_begin(store, &owned);
	if (r != TV_OK)
		return r;
	r = revert_in(store, change_id);
	int64_t cid = store->change_id;
	r = store_op_end(store, owned, r);
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
		store_stamp_at(t, since);
	}
	sqlite3_stmt *st;
	if (package_id) {
		st = store_prep(store, S_HIST_PKG);
		sqlite3_bind_int64(st, 1, package_id);
		sqlite3_bind_int64(st, 4, board_id);
	} else {
		st = store_prep(store, S_HIST_BOARD);
		sqlite3_bind_int64(st, 1, board_id);
	}
	sqlite3_bind_int64(st, 2, after_id);
	store_bind_text(st, 3, since);
	RETURN_COLLECTED(store, st, struct tv_history, store_read_history, tv_history_clear, out,
		out_count);
}

static void
read_name(sqlite3_stmt *st, char **out)
{
	*out = store_col_text(st, 0);
}

static void
free_name(char **name)
{
	free(*name);
}

enum tv_status
tv_store_owner_names(struct tv_store *store, int64_t board_id, size_t limit, char ***out,
	size_t *out_count)
{
	sqlite3_stmt *st = store_prep(store, S_HIST_OWNER_NAMES);
	sqlite3_bind_int64(st, 1, board_id);
	sqlite3_bind_int64(st, 2, limit > INT64_MAX ? INT64_MAX : (int64_t)limit);
	RETURN_COLLECTED(store, st, char *, read_name, free_name, out, out_count);
}
