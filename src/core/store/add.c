/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Adding records: validation of the whole record before any write (text limits, enum
 * ranges, dates), the new uid, the position at the end of its list and, for packages,
 * the number; one history row per add. Each public add is one writing call
 * (its own transaction or a savepoint) and writes the results back only on success.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "store_int.h"

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

enum tv_status
tv_store_board_add(struct tv_store *store, struct tv_board *board)
{
	enum tv_status r;
	if ((r = store_check_text(store, "name", board->name, TV_MAX_TITLE, false,
			true)) != TV_OK ||
		(r = store_check_text(store, "authority", board->authority, TV_MAX_NAME, false,
			false)) != TV_OK)
		return r;
	if ((unsigned)board->sector >= TV_SECTOR_COUNT || !valid_day(board->start))
		return store_fail(store, TV_INVALID, "board: invalid sector or start date");
	bool owned;
	if ((r = store_op_begin(store, &owned)) != TV_OK)
		return r;
	sqlite3_stmt *st = store_prep(store, S_BOARD_BY_NAME);
	store_bind_text(st, 1, board->name);
	int64_t dummy;
	r = store_query_int(store, st, &dummy);
	if (r == TV_OK) {
		char *q = store_quote(board->name);
		r = store_fail(store, TV_INVALID, "a board named '%s' already exists", q);
		free(q);
		return store_op_end(store, owned, r);
	}
	if (r != TV_NOT_FOUND)
		return store_op_end(store, owned, r);
	char at[STAMP_BUF];
	store_stamp(store, at);
	st = store_prep(store, S_BOARD_INSERT);
	store_bind_text(st, 1, board->name);
	store_bind_opt(st, 2, board->authority);
	store_bind_text(st, 3, tv_sector_key(board->sector));
	store_bind_day(st, 4, board->start);
	sqlite3_bind_int(st, 5, board->archived ? 1 : 0);
	store_bind_text(st, 6, at);
	store_bind_text(st, 7, store->user);
	if ((r = store_run(store, st)) != TV_OK)
		return store_op_end(store, owned, r);
	int64_t id = sqlite3_last_insert_rowid(store->db);
	struct ctx c = { id, 0, 1 };
	r = store_record(store, &c, TV_KIND_BOARD, id, "add", "", NULL, board->name);
	r = store_op_end(store, owned, r);
	if (r == TV_OK) {
		board->id = id;
		board->version = 1;
		free(board->created_at);
		board->created_at = tv_xstrdup(at);
	}
	return r;
}

static enum tv_status
phase_in_board(struct tv_store *s, int64_t phase_id, int64_t board_id)
{
	sqlite3_stmt *st = store_prep(s, S_PHASE_OF_BOARD);
	sqlite3_bind_int64(st, 1, phase_id);
	sqlite3_bind_int64(st, 2, board_id);
	int64_t dummy;
	enum tv_status r = store_query_int(s, st, &dummy);
	if (r == TV_NOT_FOUND)
		return store_fail(s, TV_INVALID, "phase: %lld is not a phase of this board",
			(long long)phase_id);
	return r;
}

enum tv_status
store_number_free(struct tv_store *s, int64_t board_id, int64_t number, int64_t self)
{
	sqlite3_stmt *st = store_prep(s, S_PKG_BY_NUMBER);
	sqlite3_bind_int64(st, 1, board_id);
	sqlite3_bind_int64(st, 2, number);
	int64_t other;
	enum tv_status r = store_query_int(s, st, &other);
	if (r == TV_NOT_FOUND)
		return TV_OK;
	if (r != TV_OK)
		return r;
	if (other == self)
		return TV_OK;
	return store_fail(s, TV_INVALID, "package %lld already exists", (long long)number);
}

enum tv_status
store_count_of(struct tv_store *s, enum stmt_id id, int64_t key, const char *key2, int *out)
{
	sqlite3_stmt *st = store_prep(s, id);
	sqlite3_bind_int64(st, 1, key);
	if (key2)
		store_bind_text(st, 2, key2);
	int64_t n = 0;
	enum tv_status r = store_query_int(s, st, &n);
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
	if ((r = store_check_text(s, "title", p->title, TV_MAX_TITLE, false, true)) != TV_OK ||
		(r = store_check_text(s, "owner", p->owner, TV_MAX_NAME, false, false)) != TV_OK)
		return r;
	for (int i = 0; i < TV_SECTION_COUNT; i++)
		if ((r = store_check_text(s, sec_names[i], p->sections[i], TV_MAX_SECTION, true,
			false)) != TV_OK)
			return r;
	if ((unsigned)p->area >= TV_AREA_COUNT)
		return store_fail(s, TV_INVALID, "area: %d is not an area", (int)p->area);
	if ((unsigned)p->status >= TV_PSTATUS_COUNT)
		return store_fail(s, TV_INVALID, "status: %d is not a status", (int)p->status);
	if (!valid_when(p->deadline))
		return store_fail(s, TV_INVALID, "deadline: not a valid date and time");
	if ((r = store_board_exists(s, p->board_id)) != TV_OK)
		return r;
	if (p->phase_id && (r = phase_in_board(s, p->phase_id, p->board_id)) != TV_OK)
		return r;
	int64_t num = p->number;
	if (num > 99999)
		return store_fail(s, TV_INVALID, "number: %lld is not a number from 0 to 99999",
			(long long)num);
	if (num < 0) {
		sqlite3_stmt *st = store_prep(s, S_PKG_NEXT_NUMBER);
		sqlite3_bind_int64(st, 1, p->board_id);
		if ((r = store_query_int(s, st, &num)) != TV_OK)
			return r;
	} else if ((r = store_number_free(s, p->board_id, num, 0)) != TV_OK) {
		return r;
	}
	if ((r = store_count_of(s, S_PKG_COUNT_AREA, p->board_id, tv_area_key(p->area), position))
		!= TV_OK)
		return r;
	char at[STAMP_BUF];
	store_stamp(s, at);
	*uid = new_uid("pkg-");
	sqlite3_stmt *st = store_prep(s, S_PKG_INSERT);
	sqlite3_bind_int64(st, 1, p->board_id);
	store_bind_text(st, 2, *uid);
	sqlite3_bind_int64(st, 3, num);
	store_bind_text(st, 4, p->title);
	store_bind_text(st, 5, tv_area_key(p->area));
	store_bind_text(st, 6, tv_pstatus_key(p->status));
	store_bind_opt(st, 7, p->owner);
	store_bind_when(st, 8, p->deadline);
	if (p->phase_id)
		sqlite3_bind_int64(st, 9, p->phase_id);
	else
		sqlite3_bind_null(st, 9);
	for (int i = 0; i < TV_SECTION_COUNT; i++)
		store_bind_opt(st, 10 + i, p->sections[i]);
	sqlite3_bind_int(st, 16, *position);
	store_bind_text(st, 17, at);
	store_bind_text(st, 18, s->user);
	if ((r = store_run(s, st)) != TV_OK)
		return r;
	int64_t id = sqlite3_last_insert_rowid(s->db);
	*number = (int)num;
	struct ctx c = { p->board_id, id, 1 };
	char *summary = tv_xasprintf("%d %s", *number, p->title);
	r = store_record(s, &c, TV_KIND_PACKAGE, id, "add", "", NULL, summary);
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
	enum tv_status r = store_op_begin(store, &owned);
	if (r != TV_OK)
		return r;
	char *uid = NULL;
	int number = 0, position = 0;
	int64_t old_id = pkg->id;
	r = store_op_end(store, owned, package_add(store, pkg, &uid, &number, &position));
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
	if ((r = store_check_text(s, "title", t->title, TV_MAX_TITLE, false, true)) != TV_OK)
		return r;
	if ((unsigned)t->responsible >= TV_RESPONSIBLE_COUNT)
		return store_fail(s, TV_INVALID, "responsible: %d is not a responsible party",
			(int)t->responsible);
	if (!valid_when(t->deadline))
		return store_fail(s, TV_INVALID, "deadline: not a valid date and time");
	struct ctx c;
	if ((r = store_get_ctx(s, TV_KIND_PACKAGE, t->package_id, &c)) != TV_OK)
		return r;
	if ((r = store_count_of(s, S_TASK_COUNT, t->package_id, NULL, position)) != TV_OK)
		return r;
	char at[STAMP_BUF];
	store_stamp(s, at);
	*uid = new_uid("task-");
	sqlite3_stmt *st = store_prep(s, S_TASK_INSERT);
	sqlite3_bind_int64(st, 1, t->package_id);
	store_bind_text(st, 2, *uid);
	store_bind_text(st, 3, t->title);
	store_bind_when(st, 4, t->deadline);
	sqlite3_bind_int(st, 5, t->done ? 1 : 0);
	store_bind_text(st, 6, tv_responsible_key(t->responsible));
	sqlite3_bind_int(st, 7, t->minimum ? 1 : 0);
	sqlite3_bind_int(st, 8, *position);
	store_bind_text(st, 9, at);
	store_bind_text(st, 10, s->user);
	if ((r = store_run(s, st)) != TV_OK)
		return r;
	int64_t id = sqlite3_last_insert_rowid(s->db);
	r = store_record(s, &c, TV_KIND_TASK, id, "add", "", NULL, t->title);
	if (r == TV_OK)
		t->id = id;
	return r;
}

enum tv_status
tv_store_task_add(struct tv_store *store, struct tv_task *task)
{
	bool owned;
	enum tv_status r = store_op_begin(store, &owned);
	if (r != TV_OK)
		return r;
	char *uid = NULL;
	int position = 0;
	int64_t old_id = task->id;
	r = store_op_end(store, owned, task_add(store, task, &uid, &position));
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
	if ((r = store_check_text(s, "name", p->name, TV_MAX_TITLE, false, true)) != TV_OK ||
		(r = store_check_text(s, "reason", p->not_before_reason, TV_MAX_TITLE, false,
			false)) != TV_OK)
		return r;
	if (p->start == TV_NO_DAY || p->end == TV_NO_DAY || !valid_day(p->start) ||
		!valid_day(p->end) || !valid_day(p->not_before))
		return store_fail(s, TV_INVALID, "phase: start and end must be valid dates");
	if (p->end < p->start)
		return store_fail(s, TV_INVALID, "phase: end is before start");
	if ((r = store_board_exists(s, p->board_id)) != TV_OK)
		return r;
	if ((r = store_count_of(s, S_PHASE_COUNT, p->board_id, NULL, position)) != TV_OK)
		return r;
	char at[STAMP_BUF];
	store_stamp(s, at);
	*uid = new_uid("phase-");
	sqlite3_stmt *st = store_prep(s, S_PHASE_INSERT);
	sqlite3_bind_int64(st, 1, p->board_id);
	store_bind_text(st, 2, *uid);
	store_bind_text(st, 3, p->name);
	store_bind_day(st, 4, p->start);
	store_bind_day(st, 5, p->end);
	store_bind_day(st, 6, p->not_before);
	store_bind_opt(st, 7, p->not_before_reason);
	sqlite3_bind_int(st, 8, *position);
	store_bind_text(st, 9, at);
	store_bind_text(st, 10, s->user);
	if ((r = store_run(s, st)) != TV_OK)
		return r;
	int64_t id = sqlite3_last_insert_rowid(s->db);
	struct ctx c = { p->board_id, 0, 1 };
	r = store_record(s, &c, TV_KIND_PHASE, id, "add", "", NULL, p->name);
	if (r == TV_OK)
		p->id = id;
	return r;
}

enum tv_status
tv_store_phase_add(struct tv_store *store, struct tv_phase *phase)
{
	bool owned;
	enum tv_status r = store_op_begin(store, &owned);
	if (r != TV_OK)
		return r;
	char *uid = NULL;
	int position = 0;
	int64_t old_id = phase->id;
	r = store_op_end(store, owned, phase_add(store, phase, &uid, &position));
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
	if ((r = store_check_text(s, "title", m->title, TV_MAX_TITLE, false, true)) != TV_OK ||
		(r = store_check_text(s, "place", m->place, TV_MAX_NAME, false, false)) != TV_OK ||
		(r = store_check_text(s, "region", m->region, TV_MAX_NAME, false,
			false)) != TV_OK ||
		(r = store_check_text(s, "url", m->url, TV_MAX_URL, false, false)) != TV_OK ||
		(r = store_check_text(s, "participants", m->participants, TV_MAX_SECTION, true,
			false)) != TV_OK ||
		(r = store_check_text(s, "notes", m->notes, TV_MAX_SECTION, true,
			false)) != TV_OK ||
		(r = store_check_text(s, "packages", m->packages, TV_MAX_TITLE, false,
			false)) != TV_OK)
		return r;
	if ((unsigned)m->kind >= TV_MEETING_KIND_COUNT)
		return store_fail(s, TV_INVALID, "kind: %d is not a meeting kind", (int)m->kind);
	if (m->start.day == TV_NO_DAY || !valid_when(m->start) || !valid_when(m->end))
		return store_fail(s, TV_INVALID, "meeting: start must be a valid date and time");
	if (m->uid && *m->uid && (r = store_check_text(s, "uid", m->uid, TV_MAX_URL, false, true))
		!= TV_OK)
		return r;
	if ((r = store_board_exists(s, m->board_id)) != TV_OK)
		return r;
	*uid = m->uid && *m->uid ? tv_xstrdup(m->uid) : new_uid("meet-");
	char at[STAMP_BUF];
	store_stamp(s, at);
	sqlite3_stmt *st = store_prep(s, S_MEET_INSERT);
	sqlite3_bind_int64(st, 1, m->board_id);
	store_bind_text(st, 2, *uid);
	store_bind_text(st, 3, tv_meeting_kind_key(m->kind));
	store_bind_text(st, 4, m->title);
	store_bind_when(st, 5, m->start);
	store_bind_when(st, 6, m->end);
	store_bind_opt(st, 7, m->place);
	store_bind_opt(st, 8, m->region);
	store_bind_opt(st, 9, m->url);
	store_bind_opt(st, 10, m->participants);
	store_bind_opt(st, 11, m->notes);
	store_bind_opt(st, 12, m->packages);
	store_bind_text(st, 13, at);
	store_bind_text(st, 14, s->user);
	r = store_run(s, st);
	if (r == TV_INVALID)
		return store_fail(s, r, "a meeting with uid %s already exists in this board", *uid);
	if (r != TV_OK)
		return r;
	int64_t id = sqlite3_last_insert_rowid(s->db);
	struct ctx c = { m->board_id, 0, 1 };
	r = store_record(s, &c, TV_KIND_MEETING, id, "add", "", NULL, m->title);
	if (r == TV_OK)
		m->id = id;
	return r;
}

enum tv_status
tv_store_meeting_add(struct tv_store *store, struct tv_meeting *meeting)
{
	bool owned;
	enum tv_status r = store_op_begin(store, &owned);
	if (r != TV_OK)
		return r;
	char *uid = NULL;
	int64_t old_id = meeting->id;
	r = store_op_end(store, owned, meeting_add(store, meeting, &uid));
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
	if ((r = store_check_text(s, "name", p->name, TV_MAX_NAME, false, true)) != TV_OK ||
		(r = store_check_text(s, "email", p->email, TV_MAX_NAME, false, false)) != TV_OK)
		return r;
	if ((unsigned)p->role >= TV_ROLE_COUNT || p->area < -1 || p->area >= TV_AREA_COUNT)
		return store_fail(s, TV_INVALID, "person: invalid role or area");
	if ((r = store_board_exists(s, p->board_id)) != TV_OK)
		return r;
	char at[STAMP_BUF];
	store_stamp(s, at);
	sqlite3_stmt *st = store_prep(s, S_PERSON_INSERT);
	sqlite3_bind_int64(st, 1, p->board_id);
	store_bind_text(st, 2, p->name);
	store_bind_opt(st, 3, p->email);
	store_bind_text(st, 4, tv_role_key(p->role));
	store_bind_text(st, 5, p->area >= 0 ? tv_area_key(p->area) : NULL);
	store_bind_text(st, 6, at);
	store_bind_text(st, 7, s->user);
	if ((r = store_run(s, st)) != TV_OK)
		return r;
	int64_t id = sqlite3_last_insert_rowid(s->db);
	struct ctx c = { p->board_id, 0, 1 };
	r = store_record(s, &c, TV_KIND_PERSON, id, "add", "", NULL, p->name);
	if (r == TV_OK)
		p->id = id;
	return r;
}

enum tv_status
tv_store_person_add(struct tv_store *store, struct tv_person *person)
{
	bool owned;
	enum tv_status r = store_op_begin(store, &owned);
	if (r != TV_OK)
		return r;
	int64_t old_id = person->id;
	r = store_op_end(store, owned, person_add(store, person));
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
	if ((r = store_check_text(s, "text", cm->text, TV_MAX_COMMENT, true, true)) != TV_OK ||
		(r = store_check_text(s, "author", cm->author, TV_MAX_NAME, false, false)) != TV_OK)
		return r;
	struct ctx c;
	if ((r = store_get_ctx(s, TV_KIND_PACKAGE, cm->package_id, &c)) != TV_OK)
		return r;
	char at[STAMP_BUF];
	store_stamp(s, at);
	const char *author = cm->author && *cm->author ? cm->author : s->user;
	sqlite3_stmt *st = store_prep(s, S_COMMENT_INSERT);
	sqlite3_bind_int64(st, 1, cm->package_id);
	store_bind_text(st, 2, author);
	store_bind_text(st, 3, at);
	store_bind_text(st, 4, cm->text);
	if ((r = store_run(s, st)) != TV_OK)
		return r;
	int64_t id = sqlite3_last_insert_rowid(s->db);
	r = store_record(s, &c, TV_KIND_COMMENT, id, "add", "", NULL, cm->text);
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
	enum tv_status r = store_op_begin(store, &owned);
	if (r != TV_OK)
		return r;
	int64_t old_id = comment->id;
	char *at = NULL;
	r = store_op_end(store, owned, comment_add(store, comment, &at));
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
	if ((r = store_check_text(s, "title", d->title, TV_MAX_TITLE, false, true)) != TV_OK ||
		(r = store_check_text(s, "owner", d->owner, TV_MAX_NAME, false, false)) != TV_OK ||
		(r = store_check_text(s, "text", d->text, TV_MAX_SECTION, true, false)) != TV_OK)
		return r;
	if ((unsigned)d->status >= TV_DECISION_STATUS_COUNT || d->area < -1 ||
		d->area >= TV_AREA_COUNT || !valid_day(d->due) || !valid_day(d->decided))
		return store_fail(s, TV_INVALID, "decision: invalid status, area or date");
	if ((r = store_board_exists(s, d->board_id)) != TV_OK)
		return r;
	char at[STAMP_BUF];
	store_stamp(s, at);
	sqlite3_stmt *st = store_prep(s, S_DEC_INSERT);
	sqlite3_bind_int64(st, 1, d->board_id);
	store_bind_text(st, 2, d->title);
	store_bind_text(st, 3, d->area >= 0 ? tv_area_key(d->area) : NULL);
	store_bind_opt(st, 4, d->owner);
	store_bind_day(st, 5, d->due);
	store_bind_text(st, 6, tv_decision_status_key(d->status));
	store_bind_opt(st, 7, d->text);
	store_bind_day(st, 8, d->decided);
	store_bind_text(st, 9, at);
	store_bind_text(st, 10, s->user);
	if ((r = store_run(s, st)) != TV_OK)
		return r;
	int64_t id = sqlite3_last_insert_rowid(s->db);
	struct ctx c = { d->board_id, 0, 1 };
	r = store_record(s, &c, TV_KIND_DECISION, id, "add", "", NULL, d->title);
	if (r == TV_OK)
		d->id = id;
	return r;
}

enum tv_status
tv_store_decision_add(struct tv_store *store, struct tv_decision *decision)
{
	bool owned;
	enum tv_status r = store_op_begin(store, &owned);
	if (r != TV_OK)
		return r;
	int64_t old_id = decision->id;
	r = store_op_end(store, owned, decision_add(store, decision));
	if (r != TV_OK) {
		decision->id = old_id;
		return r;
	}
	decision->version = 1;
	return TV_OK;
}
