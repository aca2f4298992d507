/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Reading: the row readers (column order as in the *_SEL lists of statements.h), the
 * boards (list, find by name or id, the default and the last used), loading a board
 * or some of its parts in one read snapshot, comments, and finding a package by
 * number or a meeting by uid (and RECURRENCE-ID, and a series' occurrences); a
 * meeting's imported SEQUENCE (read and kept, for the calendar import), also as its
 * tombstone keeps it once the meeting (or one occurrence) is removed; the tombstones
 * of removed boards (for `export ics --all`).
 */
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

#define TOMBSTONE_DAYS 30 /* tombstones older than this are not loaded */

/* ---- row readers: column order as in the *_SEL lists ---- */

void
store_read_board(sqlite3_stmt *st, struct tv_board *b)
{
	STORE_READ(st, C_I64(&b->id), C_TEXT(&b->name), C_TEXT(&b->authority),
		C_ENUM(&b->sector, store_en_sector, 0), C_DAY(&b->start), C_BOOL(&b->archived),
		C_I64(&b->version), C_TEXT(&b->created_at), C_TEXT(&b->contact), C_TEXT(&b->cvr),
		C_INT(&b->template_version));
}

_Static_assert(TV_SECTION_COUNT == 6, "store_read_package and S_PKG_INSERT list six sections");

void
store_read_package(sqlite3_stmt *st, struct tv_package *p)
{
	STORE_READ(st, C_I64(&p->id), C_I64(&p->board_id), C_TEXT(&p->uid), C_INT(&p->number),
		C_TEXT(&p->title), C_ENUM(&p->area, store_en_area, 0),
		C_ENUM(&p->status, store_en_pstatus, 0), C_TEXT(&p->owner), C_WHEN(&p->deadline),
		C_I64(&p->phase_id), C_TEXT(&p->sections[0]), C_TEXT(&p->sections[1]),
		C_TEXT(&p->sections[2]), C_TEXT(&p->sections[3]), C_TEXT(&p->sections[4]),
		C_TEXT(&p->sections[5]), C_INT(&p->position), C_I64(&p->version),
		C_TEXT(&p->updated_at), C_TEXT(&p->updated_by), C_TEXT(&p->blocked_reason),
		C_TEXT(&p->after), C_I64(&p->export_rev), C_TEXT(&p->export_at));
}

void
store_read_task(sqlite3_stmt *st, struct tv_task *t)
{
	STORE_READ(st, C_I64(&t->id), C_I64(&t->package_id), C_TEXT(&t->uid), C_TEXT(&t->title),
		C_WHEN(&t->deadline), C_BOOL(&t->done), C_ENUM(&t->responsible, store_en_resp, 0),
		C_BOOL(&t->minimum), C_TEXT(&t->owner), C_INT(&t->position), C_I64(&t->version),
		C_TEXT(&t->updated_at), C_TEXT(&t->tkey), C_I64(&t->export_rev), C_TEXT(&t->export_at));
}

void
store_read_phase(sqlite3_stmt *st, struct tv_phase *p)
{
	STORE_READ(st, C_I64(&p->id), C_I64(&p->board_id), C_TEXT(&p->uid), C_TEXT(&p->name),
		C_DAY(&p->start), C_DAY(&p->end), C_DAY(&p->not_before),
		C_TEXT(&p->not_before_reason), C_INT(&p->position), C_I64(&p->version),
		C_TEXT(&p->updated_at), C_TEXT(&p->tkey), C_I64(&p->export_rev), C_TEXT(&p->export_at));
}

void
store_read_meeting(sqlite3_stmt *st, struct tv_meeting *m)
{
	STORE_READ(st, C_I64(&m->id), C_I64(&m->board_id), C_TEXT(&m->uid),
		C_ENUM(&m->kind, store_en_mkind, 0), C_TEXT(&m->title), C_WHEN(&m->start),
		C_WHEN(&m->end), C_TEXT(&m->place), C_TEXT(&m->region), C_TEXT(&m->url),
		C_TEXT(&m->participants), C_TEXT(&m->notes), C_TEXT(&m->packages),
		C_I64(&m->version), C_TEXT(&m->updated_at), C_TEXT(&m->recurrence_id),
		C_TEXT(&m->tkey), C_I64(&m->export_rev), C_TEXT(&m->export_at));
}

static void
read_person(sqlite3_stmt *st, struct tv_person *p)
{
	STORE_READ(st, C_I64(&p->id), C_I64(&p->board_id), C_TEXT(&p->name), C_TEXT(&p->email),
		C_ENUM(&p->role, store_en_role, 0), C_ENUM(&p->area, store_en_area, -1),
		C_I64(&p->version));
}

static void
read_comment(sqlite3_stmt *st, struct tv_comment *c)
{
	STORE_READ(st, C_I64(&c->id), C_I64(&c->package_id), C_TEXT(&c->author),
		C_TEXT(&c->created_at), C_TEXT(&c->text), C_I64(&c->version));
}

void
store_read_decision(sqlite3_stmt *st, struct tv_decision *d)
{
	STORE_READ(st, C_I64(&d->id), C_I64(&d->board_id), C_TEXT(&d->title),
		C_ENUM(&d->area, store_en_area, -1), C_TEXT(&d->owner), C_DAY(&d->due),
		C_ENUM(&d->status, store_en_dstatus, 0), C_TEXT(&d->text), C_DAY(&d->decided),
		C_I64(&d->version), C_TEXT(&d->updated_at), C_TEXT(&d->tkey),
		C_I64(&d->export_rev), C_TEXT(&d->export_at));
}

static void
read_tombstone(sqlite3_stmt *st, struct tv_tombstone *t)
{
	t->uid = store_col_text(st, 0);
	t->kind = (enum tv_kind)store_col_enum(st, 1, &store_en_kind, TV_KIND_PACKAGE);
	t->summary = store_col_text(st, 2);
	t->start = store_col_when(st, 3);
	t->end = store_col_when(st, 4);
	t->sequence = sqlite3_column_int64(st, 5);
	t->deleted_at = store_col_text(st, 6);
	t->area = store_col_enum(st, 7, &store_en_area, -1);
	t->recurrence_id = store_col_text(st, 8);
}

void
store_read_history(sqlite3_stmt *st, struct tv_history *h)
{
	h->id = sqlite3_column_int64(st, 0);
	h->change_id = sqlite3_column_int64(st, 1);
	h->board_id = sqlite3_column_int64(st, 2);
	h->at = store_col_text(st, 3);
	h->user = store_col_text(st, 4);
	h->kind = (enum tv_kind)store_col_enum(st, 5, &store_en_kind, 0);
	h->item_id = sqlite3_column_int64(st, 6);
	h->package_id = sqlite3_column_int64(st, 7);
	h->op = store_col_text(st, 8);
	h->field = store_col_text(st, 9);
	h->old_value = store_col_text(st, 10);
	h->new_value = store_col_text(st, 11);
	h->account = store_col_text(st, 12);
}

/* ---- boards ---- */

enum tv_status
tv_store_boards(struct tv_store *store, bool with_archived, struct tv_board **out,
	size_t *out_count)
{
	sqlite3_stmt *st = store_prep(store, S_BOARDS);
	sqlite3_bind_int(st, 1, with_archived ? 1 : 0);
	RETURN_COLLECTED(store, st, struct tv_board, store_read_board, tv_board_clear, out,
		out_count);
}

enum tv_status
tv_store_board_find(struct tv_store *store, const char *name_or_id, int64_t *out_id)
{
	sqlite3_stmt *st = store_prep(store, S_BOARD_BY_NAME);
	store_bind_text(st, 1, name_or_id ? name_or_id : "");
	enum tv_status r = store_query_int(store, st, out_id);
	if (r != TV_NOT_FOUND)
		return r;
	int64_t id;
	if (store_parse_int64(name_or_id, &id)) {
		struct ctx c;
		if (store_get_ctx(store, TV_KIND_BOARD, id, &c) == TV_OK) {
			*out_id = id;
			return TV_OK;
		}
	}
	char *q = store_quote(name_or_id);
	r = store_fail(store, TV_NOT_FOUND, "no board named '%s'", q);
	free(q);
	return r;
}

enum tv_status
tv_store_board_default(struct tv_store *store, int64_t *out_id)
{
	enum tv_status r = store_query_int(store, store_prep(store, S_BOARD_DEFAULT), out_id);
	if (r == TV_NOT_FOUND)
		return store_fail(store, r, "%s has no board yet", store->path);
	return r;
}

/* The one write here: a tiny one without history, beside the default it decides. */
enum tv_status
tv_store_board_touch(struct tv_store *store, int64_t board_id)
{
	bool owned;
	enum tv_status r = store_op_begin(store, &owned);
	if (r != TV_OK)
		return r;
	if ((r = store_board_exists(store, board_id)) == TV_OK) {
		sqlite3_stmt *st = store_prep(store, S_BOARD_TOUCH);
		sqlite3_bind_int64(st, 1, board_id);
		r = store_run(store, st);
	}
	return store_op_end(store, owned, r);
}

/* ---- loading ---- */

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
	sqlite3_stmt *st = store_prep(s, S_TASKS_OF_PKG);
	sqlite3_bind_int64(st, 1, p->id);
	enum tv_status r;
	COLLECT(s, st, p->tasks, p->ntasks, struct tv_task, store_read_task, r);
	return r;
}

/* The rows of statement `sid` (?1 the board) into `arr`, `n`; returns from the loader
 * on failure (the caller frees what was read). */
#define LOAD_LIST(sid, arr, n, type, reader) \
	do { \
		st = store_prep(s, (sid)); \
		sqlite3_bind_int64(st, 1, board_id); \
		COLLECT(s, st, arr, n, type, reader, r); \
		if (r != TV_OK) \
			return r; \
	} while (0)

static enum tv_status
load_board_in(struct tv_store *s, int64_t board_id, unsigned parts,
	struct tv_board_data *d)
{
	enum tv_status r;
	sqlite3_stmt *st = store_prep(s, S_BOARD_GET);
	sqlite3_bind_int64(st, 1, board_id);
	r = store_row1(s, st);
	if (r == TV_NOT_FOUND)
		return store_fail(s, r, "board %lld does not exist", (long long)board_id);
	if (r != TV_OK)
		return r;
	store_read_board(st, &d->board);
	sqlite3_reset(st);

	if (parts & TV_PART_TASKS)
		parts |= TV_PART_PACKAGES;
	if (parts & TV_PART_PACKAGES) {
		LOAD_LIST(S_PKGS_OF_BOARD, d->packages, d->npackages, struct tv_package,
			store_read_package);
		/* Area keys sort alphabetically in SQL; the board's order is the model's. */
		if (d->npackages > 1)
			qsort(d->packages, d->npackages, sizeof *d->packages, cmp_package);
	}
	if (parts & TV_PART_TASKS)
		for (size_t i = 0; i < d->npackages; i++)
			if ((r = load_tasks(s, &d->packages[i])) != TV_OK)
				return r;

	if (parts & TV_PART_PHASES)
		LOAD_LIST(S_PHASES_OF_BOARD, d->phases, d->nphases, struct tv_phase,
			store_read_phase);
	if (parts & TV_PART_MEETINGS)
		LOAD_LIST(S_MEETS_OF_BOARD, d->meetings, d->nmeetings, struct tv_meeting,
			store_read_meeting);
	if (parts & TV_PART_PEOPLE)
		LOAD_LIST(S_PEOPLE_OF_BOARD, d->people, d->npeople, struct tv_person, read_person);
	if (parts & TV_PART_DECISIONS)
		LOAD_LIST(S_DECS_OF_BOARD, d->decisions, d->ndecisions, struct tv_decision,
			store_read_decision);
	if (d->board.archived) {
		st = store_prep(s, S_BOARD_ARCHIVED_AT);
		sqlite3_bind_int64(st, 1, board_id);
		if ((r = store_row1(s, st)) == TV_OK)
			d->archived_at = store_col_text(st, 0);
		sqlite3_reset(st);
		if (r != TV_OK && r != TV_NOT_FOUND)
			return r;
	}
	if (!(parts & TV_PART_TOMBSTONES))
		return TV_OK;
	char since[STAMP_BUF];
	store_stamp_at(tv_store_now(s) - (time_t)TOMBSTONE_DAYS * 86400, since);
	st = store_prep(s, S_TOMBS_OF_BOARD);
	STORE_BIND(st, V_INT(board_id), V_TEXT(since));
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
	bool snap;
	enum tv_status r = store_read_begin(store, &snap);
	if (r == TV_OK)
		r = load_board_in(store, board_id, parts, d);
	store_read_end(store, snap);
	if (r != TV_OK) {
		tv_board_data_free(d);
		return r;
	}
	*out = d;
	return TV_OK;
}

enum tv_status
tv_store_load_removed(struct tv_store *store, struct tv_board_data **out)
{
	struct tv_board_data *d = tv_xcalloc(1, sizeof *d);
	char since[STAMP_BUF];
	store_stamp_at(tv_store_now(store) - (time_t)TOMBSTONE_DAYS * 86400, since);
	sqlite3_stmt *st = store_prep(store, S_TOMBS_REMOVED);
	STORE_BIND(st, V_TEXT(since));
	enum tv_status r;
	COLLECT(store, st, d->tombstones, d->ntombstones, struct tv_tombstone, read_tombstone, r);
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
	sqlite3_stmt *st = store_prep(store, S_COMMENTS_OF_PKG);
	sqlite3_bind_int64(st, 1, package_id);
	RETURN_COLLECTED(store, st, struct tv_comment, read_comment, tv_comment_clear, out,
		out_count);
}

enum tv_status
tv_store_package_find(struct tv_store *store, int64_t board_id, int number, int64_t *out_id)
{
	sqlite3_stmt *st = store_prep(store, S_PKG_BY_NUMBER);
	STORE_BIND(st, V_INT(board_id), V_INT(number));
	enum tv_status r = store_query_int(store, st, out_id);
	if (r == TV_NOT_FOUND)
		return store_fail(store, r, "package %d does not exist in this board", number);
	return r;
}

enum tv_status
tv_store_meeting_find_uid(struct tv_store *store, int64_t board_id, const char *uid,
	struct tv_meeting *out, bool *found)
{
	return tv_store_meeting_find_occurrence(store, board_id, uid, NULL, out, found);
}

enum tv_status
tv_store_meeting_occurrences(struct tv_store *store, int64_t board_id, const char *uid,
	struct tv_meeting **out, size_t *out_count)
{
	sqlite3_stmt *st = store_prep(store, S_MEET_OCCURRENCES);
	STORE_BIND(st, V_INT(board_id), V_TEXT(uid ? uid : ""));
	RETURN_COLLECTED(store, st, struct tv_meeting, store_read_meeting, tv_meeting_clear, out,
		out_count);
}

enum tv_status
tv_store_meeting_find_occurrence(struct tv_store *store, int64_t board_id, const char *uid,
	const char *recurrence_id, struct tv_meeting *out, bool *found)
{
	sqlite3_stmt *st = store_prep(store, S_MEET_BY_UID);
	STORE_BIND(st, V_INT(board_id), V_TEXT(uid ? uid : ""),
		V_TEXT(recurrence_id ? recurrence_id : ""));
	enum tv_status r = store_row1(store, st);
	if (r == TV_NOT_FOUND) {
		*found = false;
		return TV_OK;
	}
	if (r != TV_OK)
		return r;
	memset(out, 0, sizeof *out);
	store_read_meeting(st, out);
	sqlite3_reset(st);
	*found = true;
	return TV_OK;
}

enum tv_status
tv_store_meeting_ical_sequence(struct tv_store *store, int64_t id, int64_t *out_sequence)
{
	sqlite3_stmt *st = store_prep(store, S_MEET_ICAL_SEQ);
	STORE_BIND(st, V_INT(id));
	enum tv_status r = store_query_int(store, st, out_sequence);
	if (r == TV_NOT_FOUND)
		return store_fail(store, TV_NOT_FOUND, "%s", tv_status_message(TV_NOT_FOUND));
	return r;
}

enum tv_status
tv_store_meeting_set_ical_sequence(struct tv_store *store, int64_t id, int64_t sequence)
{
	sqlite3_stmt *st = store_prep(store, S_MEET_SET_ICAL_SEQ);
	STORE_BIND(st, V_INT(id), V_INT(sequence));
	return store_run(store, st);
}

enum tv_status
tv_store_tombstone_ical_sequence(struct tv_store *store, int64_t board_id, const char *uid,
	const char *rid, int64_t *out_sequence, bool *found)
{
	*found = false;
	*out_sequence = -1;
	if (!uid)
		return TV_OK;
	sqlite3_stmt *st = store_prep(store, S_TOMB_MEET_ICAL_SEQ);
	STORE_BIND(st, V_INT(board_id), V_TEXT(uid), V_OPT(rid));
	enum tv_status r = store_query_int(store, st, out_sequence);
	if (r == TV_NOT_FOUND) {
		*out_sequence = -1;
		return TV_OK;
	}
	if (r == TV_OK)
		*found = true;
	return r;
}

enum tv_status
tv_store_tombstone_forget(struct tv_store *store, int64_t board_id, const char *uid,
	const char *rid)
{
	if (!uid)
		return TV_OK;
	sqlite3_stmt *st = store_prep(store, S_TOMB_DELETE_BOARD_UID);
	STORE_BIND(st, V_INT(board_id), V_TEXT(uid), V_OPT(rid));
	return store_run(store, st);
}
