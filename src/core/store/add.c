/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Adding records: validation of the whole record before any write (text limits from
 * the field information table, tavle/fields.h, as `set` uses; enum ranges, dates), the
 * new uid, the position at the end of its list and, for packages, the number; one
 * history row per add. Each public add is one writing call (its own transaction or a
 * savepoint, run_add) and writes the results back only on success.
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

/* Text values of a record checked against their fields' limits (tavle/fields.h). */
struct text_value {
	enum tv_field field;
	const char *text;
};

static enum tv_status
check_texts(struct tv_store *s, const struct text_value *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct tv_field_info *f = tv_field_info(v[i].field);
		enum tv_status r = store_check_text(s, f->name, v[i].text, f->max,
			f->type == TV_FT_TEXT, f->required);
		if (r != TV_OK)
			return r;
	}
	return TV_OK;
}
#define CHECK_TEXTS(s, ...) check_texts((s), (const struct text_value[]){ __VA_ARGS__ }, \
	sizeof((const struct text_value[]){ __VA_ARGS__ }) / sizeof(struct text_value))

/* What an add made, written back to the caller's record only when the call succeeds. */
struct added {
	int64_t id;
	char *uid;      /* new uid (owned) */
	char *at;       /* time stamp of the add (owned) */
	int number;     /* packages */
	int position;   /* packages, tasks, phases */
};

/* The row just inserted: its id and its history row. */
static enum tv_status
record_added(struct tv_store *s, const struct ctx *c, enum tv_kind kind, const char *summary,
	struct added *a)
{
	int64_t id = sqlite3_last_insert_rowid(s->db);
	enum tv_status r = store_record(s, c, kind, id, "add", "", NULL, summary);
	if (r == TV_OK)
		a->id = id;
	return r;
}

/* One add as one writing call; on failure nothing of `a` is kept. */
static enum tv_status
run_add(struct tv_store *s, enum tv_status (*add)(struct tv_store *, void *, struct added *),
	void *record, struct added *a)
{
	memset(a, 0, sizeof *a);
	bool owned;
	enum tv_status r = store_op_begin(s, &owned);
	if (r != TV_OK)
		return r;
	r = store_op_end(s, owned, add(s, record, a));
	if (r != TV_OK) {
		free(a->uid);
		free(a->at);
		memset(a, 0, sizeof *a);
	}
	return r;
}

/* Write back the new uid of an add. */
static void
put_uid(char **dst, char *uid)
{
	if (*dst != uid) {
		free(*dst);
		*dst = uid;
	}
}

/* Where an add's results go in the caller's record (NULL: the kind has no such field). */
struct added_to {
	int64_t *id, *version;
	char **uid, **at;
	int *number, *position;
};

/* run_add, then the results written back on success: a new record is at version 1. */
static enum tv_status
add_into(struct tv_store *s, enum tv_status (*add)(struct tv_store *, void *, struct added *),
	void *record, struct added_to to)
{
	struct added a;
	enum tv_status r = run_add(s, add, record, &a);
	if (r != TV_OK)
		return r;
	*to.id = a.id;
	*to.version = 1;
	if (to.uid)
		put_uid(to.uid, a.uid);
	else
		free(a.uid);
	if (to.at) {
		free(*to.at);
		*to.at = a.at;
	} else {
		free(a.at);
	}
	if (to.number)
		*to.number = a.number;
	if (to.position)
		*to.position = a.position;
	return TV_OK;
}

static enum tv_status
board_add(struct tv_store *s, void *record, struct added *a)
{
	struct tv_board *board = record;
	enum tv_status r;
	if ((r = CHECK_TEXTS(s, { TV_FIELD_BOARD_name, board->name },
			{ TV_FIELD_BOARD_authority, board->authority })) != TV_OK)
		return r;
	if ((unsigned)board->sector >= TV_SECTOR_COUNT || !valid_day(board->start))
		return store_fail(s, TV_INVALID, "board: invalid sector or start date");
	sqlite3_stmt *st = store_prep(s, S_BOARD_BY_NAME);
	store_bind_text(st, 1, board->name);
	int64_t dummy;
	r = store_query_int(s, st, &dummy);
	if (r == TV_OK) {
		char *q = store_quote(board->name);
		r = store_fail(s, TV_INVALID, "a board named '%s' already exists", q);
		free(q);
		return r;
	}
	if (r != TV_NOT_FOUND)
		return r;
	char at[STAMP_BUF];
	store_stamp(s, at);
	st = store_prep(s, S_BOARD_INSERT);
	STORE_BIND(st, V_TEXT(board->name), V_OPT(board->authority),
		V_TEXT(tv_sector_key(board->sector)), V_DAY(board->start), V_BOOL(board->archived),
		V_TEXT(at), V_TEXT(s->user));
	if ((r = store_run(s, st)) != TV_OK)
		return r;
	struct ctx c = { sqlite3_last_insert_rowid(s->db), 0, 1 };
	a->at = tv_xstrdup(at);
	return record_added(s, &c, TV_KIND_BOARD, board->name, a);
}

enum tv_status
tv_store_board_add(struct tv_store *store, struct tv_board *board)
{
	return add_into(store, board_add, board, (struct added_to){ .id = &board->id, .version = &board->version, .at = &board->created_at });
}

static enum tv_status
phase_in_board(struct tv_store *s, int64_t phase_id, int64_t board_id)
{
	sqlite3_stmt *st = store_prep(s, S_PHASE_OF_BOARD);
	STORE_BIND(st, V_INT(phase_id), V_INT(board_id));
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
	STORE_BIND(st, V_INT(board_id), V_INT(number));
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
package_add(struct tv_store *s, void *record, struct added *a)
{
	struct tv_package *p = record;
	enum tv_status r;
	if ((r = CHECK_TEXTS(s, { TV_FIELD_PACKAGE_title, p->title },
			{ TV_FIELD_PACKAGE_owner, p->owner })) != TV_OK)
		return r;
	for (int i = 0; i < TV_SECTION_COUNT; i++)
		if ((r = CHECK_TEXTS(s, { TV_FIELD_PACKAGE_background + i, p->sections[i] }))
			!= TV_OK)
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
	size_t max = tv_field_info(TV_FIELD_PACKAGE_number)->max;
	if (num > (int64_t)max)
		return store_fail(s, TV_INVALID, "number: %lld is not a number from 0 to %zu",
			(long long)num, max);
	if (num < 0) {
		sqlite3_stmt *st = store_prep(s, S_PKG_NEXT_NUMBER);
		sqlite3_bind_int64(st, 1, p->board_id);
		if ((r = store_query_int(s, st, &num)) != TV_OK)
			return r;
	} else if ((r = store_number_free(s, p->board_id, num, 0)) != TV_OK) {
		return r;
	}
	if ((r = store_count_of(s, S_PKG_COUNT_AREA, p->board_id, tv_area_key(p->area),
		&a->position)) != TV_OK)
		return r;
	char at[STAMP_BUF];
	store_stamp(s, at);
	a->uid = new_uid("pkg-");
	sqlite3_stmt *st = store_prep(s, S_PKG_INSERT);
	_Static_assert(TV_SECTION_COUNT == 6, "S_PKG_INSERT binds six sections");
	STORE_BIND(st, V_INT(p->board_id), V_TEXT(a->uid), V_INT(num), V_TEXT(p->title),
		V_TEXT(tv_area_key(p->area)), V_TEXT(tv_pstatus_key(p->status)), V_OPT(p->owner),
		V_WHEN(p->deadline), V_ID(p->phase_id), V_OPT(p->sections[0]),
		V_OPT(p->sections[1]), V_OPT(p->sections[2]), V_OPT(p->sections[3]),
		V_OPT(p->sections[4]), V_OPT(p->sections[5]), V_INT(a->position), V_TEXT(at),
		V_TEXT(s->user));
	if ((r = store_run(s, st)) != TV_OK)
		return r;
	a->number = (int)num;
	struct ctx c = { p->board_id, sqlite3_last_insert_rowid(s->db), 1 };
	char *summary = tv_xasprintf("%d %s", a->number, p->title);
	r = record_added(s, &c, TV_KIND_PACKAGE, summary, a);
	free(summary);
	return r;
}

enum tv_status
tv_store_package_add(struct tv_store *store, struct tv_package *pkg)
{
	return add_into(store, package_add, pkg, (struct added_to){ .id = &pkg->id,
		.version = &pkg->version, .uid = &pkg->uid, .number = &pkg->number,
		.position = &pkg->position });
}

static enum tv_status
task_add(struct tv_store *s, void *record, struct added *a)
{
	struct tv_task *t = record;
	enum tv_status r;
	if ((r = CHECK_TEXTS(s, { TV_FIELD_TASK_title, t->title },
			{ TV_FIELD_TASK_owner, t->owner })) != TV_OK)
		return r;
	if ((unsigned)t->responsible >= TV_RESPONSIBLE_COUNT)
		return store_fail(s, TV_INVALID, "responsible: %d is not a responsible party",
			(int)t->responsible);
	if (!valid_when(t->deadline))
		return store_fail(s, TV_INVALID, "deadline: not a valid date and time");
	struct ctx c;
	if ((r = store_get_ctx(s, TV_KIND_PACKAGE, t->package_id, &c)) != TV_OK)
		return r;
	if ((r = store_count_of(s, S_TASK_COUNT, t->package_id, NULL, &a->position)) != TV_OK)
		return r;
	char at[STAMP_BUF];
	store_stamp(s, at);
	a->uid = new_uid("task-");
	sqlite3_stmt *st = store_prep(s, S_TASK_INSERT);
	STORE_BIND(st, V_INT(t->package_id), V_TEXT(a->uid), V_TEXT(t->title),
		V_WHEN(t->deadline), V_BOOL(t->done), V_TEXT(tv_responsible_key(t->responsible)),
		V_BOOL(t->minimum), V_OPT(t->owner), V_INT(a->position), V_TEXT(at),
		V_TEXT(s->user));
	if ((r = store_run(s, st)) != TV_OK)
		return r;
	return record_added(s, &c, TV_KIND_TASK, t->title, a);
}

enum tv_status
tv_store_task_add(struct tv_store *store, struct tv_task *task)
{
	return add_into(store, task_add, task, (struct added_to){ .id = &task->id, .version = &task->version, .uid = &task->uid, .position = &task->position });
}

static enum tv_status
phase_add(struct tv_store *s, void *record, struct added *a)
{
	struct tv_phase *p = record;
	enum tv_status r;
	if ((r = CHECK_TEXTS(s, { TV_FIELD_PHASE_name, p->name },
			{ TV_FIELD_PHASE_reason, p->not_before_reason })) != TV_OK)
		return r;
	if (p->start == TV_NO_DAY || p->end == TV_NO_DAY || !valid_day(p->start) ||
		!valid_day(p->end) || !valid_day(p->not_before))
		return store_fail(s, TV_INVALID, "phase: start and end must be valid dates");
	if (p->end < p->start)
		return store_fail(s, TV_INVALID, "phase: end is before start");
	if ((r = store_board_exists(s, p->board_id)) != TV_OK)
		return r;
	if ((r = store_count_of(s, S_PHASE_COUNT, p->board_id, NULL, &a->position)) != TV_OK)
		return r;
	char at[STAMP_BUF];
	store_stamp(s, at);
	a->uid = new_uid("phase-");
	sqlite3_stmt *st = store_prep(s, S_PHASE_INSERT);
	STORE_BIND(st, V_INT(p->board_id), V_TEXT(a->uid), V_TEXT(p->name), V_DAY(p->start),
		V_DAY(p->end), V_DAY(p->not_before), V_OPT(p->not_before_reason),
		V_INT(a->position), V_TEXT(at), V_TEXT(s->user));
	if ((r = store_run(s, st)) != TV_OK)
		return r;
	struct ctx c = { p->board_id, 0, 1 };
	return record_added(s, &c, TV_KIND_PHASE, p->name, a);
}

enum tv_status
tv_store_phase_add(struct tv_store *store, struct tv_phase *phase)
{
	return add_into(store, phase_add, phase, (struct added_to){ .id = &phase->id, .version = &phase->version, .uid = &phase->uid, .position = &phase->position });
}

static enum tv_status
meeting_add(struct tv_store *s, void *record, struct added *a)
{
	struct tv_meeting *m = record;
	enum tv_status r;
	if ((r = CHECK_TEXTS(s, { TV_FIELD_MEETING_title, m->title },
			{ TV_FIELD_MEETING_place, m->place }, { TV_FIELD_MEETING_region, m->region },
			{ TV_FIELD_MEETING_url, m->url },
			{ TV_FIELD_MEETING_participants, m->participants },
			{ TV_FIELD_MEETING_notes, m->notes },
			{ TV_FIELD_MEETING_packages, m->packages })) != TV_OK)
		return r;
	if ((unsigned)m->kind >= TV_MEETING_KIND_COUNT)
		return store_fail(s, TV_INVALID, "kind: %d is not a meeting kind", (int)m->kind);
	if (m->start.day == TV_NO_DAY || !valid_when(m->start) || !valid_when(m->end))
		return store_fail(s, TV_INVALID, "meeting: start must be a valid date and time");
	/* The uid is not an editable field: an imported event's, kept as given. */
	if (m->uid && *m->uid && (r = store_check_text(s, "uid", m->uid, TV_MAX_URL, false, true))
		!= TV_OK)
		return r;
	if ((r = store_board_exists(s, m->board_id)) != TV_OK ||
	    (r = store_check_value(s, m->board_id, TV_FIELD_MEETING_url, m->url)) != TV_OK ||
	    (r = store_check_value(s, m->board_id, TV_FIELD_MEETING_packages, m->packages)) != TV_OK)
		return r;
	a->uid = m->uid && *m->uid ? tv_xstrdup(m->uid) : new_uid("meet-");
	char at[STAMP_BUF];
	store_stamp(s, at);
	sqlite3_stmt *st = store_prep(s, S_MEET_INSERT);
	STORE_BIND(st, V_INT(m->board_id), V_TEXT(a->uid), V_TEXT(tv_meeting_kind_key(m->kind)),
		V_TEXT(m->title), V_WHEN(m->start), V_WHEN(m->end), V_OPT(m->place),
		V_OPT(m->region), V_OPT(m->url), V_OPT(m->participants), V_OPT(m->notes),
		V_OPT(m->packages), V_TEXT(at), V_TEXT(s->user), V_OPT(m->recurrence_id));
	r = store_run(s, st);
	if (r == TV_OK && m->recurrence_id && *m->recurrence_id) {
		/* An occurrence imported again after it was removed: its cancellation
		 * would contradict it in the export. */
		sqlite3_stmt *dt = store_prep(s, S_TOMB_DELETE_OCC);
		STORE_BIND(dt, V_INT(m->board_id), V_TEXT(a->uid), V_TEXT(m->recurrence_id));
		r = store_run(s, dt);
	}
	if (r == TV_INVALID)
		return store_fail(s, r, "a meeting with uid %s already exists in this board",
			a->uid);
	if (r != TV_OK)
		return r;
	struct ctx c = { m->board_id, 0, 1 };
	return record_added(s, &c, TV_KIND_MEETING, m->title, a);
}

enum tv_status
tv_store_meeting_add(struct tv_store *store, struct tv_meeting *meeting)
{
	return add_into(store, meeting_add, meeting, (struct added_to){ .id = &meeting->id, .version = &meeting->version, .uid = &meeting->uid });
}

static enum tv_status
person_add(struct tv_store *s, void *record, struct added *a)
{
	struct tv_person *p = record;
	enum tv_status r;
	if ((r = CHECK_TEXTS(s, { TV_FIELD_PERSON_name, p->name },
			{ TV_FIELD_PERSON_email, p->email })) != TV_OK ||
	    (r = store_check_value(s, p->board_id, TV_FIELD_PERSON_email, p->email)) != TV_OK)
		return r;
	if ((unsigned)p->role >= TV_ROLE_COUNT || p->area < -1 || p->area >= TV_AREA_COUNT)
		return store_fail(s, TV_INVALID, "person: invalid role or area");
	if ((r = store_board_exists(s, p->board_id)) != TV_OK)
		return r;
	char at[STAMP_BUF];
	store_stamp(s, at);
	sqlite3_stmt *st = store_prep(s, S_PERSON_INSERT);
	STORE_BIND(st, V_INT(p->board_id), V_TEXT(p->name), V_OPT(p->email),
		V_TEXT(tv_role_key(p->role)), V_TEXT(p->area >= 0 ? tv_area_key(p->area) : NULL),
		V_TEXT(at), V_TEXT(s->user));
	if ((r = store_run(s, st)) != TV_OK)
		return r;
	struct ctx c = { p->board_id, 0, 1 };
	return record_added(s, &c, TV_KIND_PERSON, p->name, a);
}

enum tv_status
tv_store_person_add(struct tv_store *store, struct tv_person *person)
{
	return add_into(store, person_add, person, (struct added_to){ .id = &person->id, .version = &person->version });
}

static enum tv_status
comment_add(struct tv_store *s, void *record, struct added *a)
{
	struct tv_comment *cm = record;
	enum tv_status r;
	/* The author is not an editable field; a name's limit. */
	if ((r = CHECK_TEXTS(s, { TV_FIELD_COMMENT_text, cm->text })) != TV_OK ||
		(r = store_check_text(s, "author", cm->author, TV_MAX_NAME, false, false)) != TV_OK)
		return r;
	struct ctx c;
	if ((r = store_get_ctx(s, TV_KIND_PACKAGE, cm->package_id, &c)) != TV_OK)
		return r;
	char at[STAMP_BUF];
	store_stamp(s, at);
	const char *author = cm->author && *cm->author ? cm->author : s->user;
	sqlite3_stmt *st = store_prep(s, S_COMMENT_INSERT);
	STORE_BIND(st, V_INT(cm->package_id), V_TEXT(author), V_TEXT(at), V_TEXT(cm->text));
	if ((r = store_run(s, st)) != TV_OK)
		return r;
	a->at = tv_xstrdup(at);
	return record_added(s, &c, TV_KIND_COMMENT, cm->text, a);
}

enum tv_status
tv_store_comment_add(struct tv_store *store, struct tv_comment *comment)
{
	enum tv_status r = add_into(store, comment_add, comment, (struct added_to){
		.id = &comment->id, .version = &comment->version, .at = &comment->created_at });
	if (r == TV_OK && (!comment->author || !*comment->author)) {
		free(comment->author);
		comment->author = tv_xstrdup(store->user);
	}
	return r;
}

static enum tv_status
decision_add(struct tv_store *s, void *record, struct added *a)
{
	struct tv_decision *d = record;
	enum tv_status r;
	if ((r = CHECK_TEXTS(s, { TV_FIELD_DECISION_title, d->title },
			{ TV_FIELD_DECISION_owner, d->owner },
			{ TV_FIELD_DECISION_text, d->text })) != TV_OK)
		return r;
	if ((unsigned)d->status >= TV_DECISION_STATUS_COUNT || d->area < -1 ||
		d->area >= TV_AREA_COUNT || !valid_day(d->due) || !valid_day(d->decided))
		return store_fail(s, TV_INVALID, "decision: invalid status, area or date");
	if ((r = store_board_exists(s, d->board_id)) != TV_OK)
		return r;
	char at[STAMP_BUF];
	store_stamp(s, at);
	sqlite3_stmt *st = store_prep(s, S_DEC_INSERT);
	STORE_BIND(st, V_INT(d->board_id), V_TEXT(d->title),
		V_TEXT(d->area >= 0 ? tv_area_key(d->area) : NULL), V_OPT(d->owner), V_DAY(d->due),
		V_TEXT(tv_decision_status_key(d->status)), V_OPT(d->text), V_DAY(d->decided),
		V_TEXT(at), V_TEXT(s->user));
	if ((r = store_run(s, st)) != TV_OK)
		return r;
	struct ctx c = { d->board_id, 0, 1 };
	return record_added(s, &c, TV_KIND_DECISION, d->title, a);
}

enum tv_status
tv_store_decision_add(struct tv_store *store, struct tv_decision *decision)
{
	return add_into(store, decision_add, decision, (struct added_to){ .id = &decision->id, .version = &decision->version });
}
