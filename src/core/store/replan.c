/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Re-planning in the store (issue 18): the template offsets beside each template date
 * (schema 11) — seeded by a template, cleared when a person edits the date (with a
 * history row, so undo brings the offset back with the date) — and moving the board's
 * start or a phase's start: read the dates with their offsets, let the core compute
 * where they go (src/core/replan.c), then write every moved date in the caller's one
 * transaction, each a "set" in the same change as the start (undo reverts it whole;
 * tv_history_replanned tells a log which rows came from the re-planning). The
 * arithmetic is the core's; only SQL lives here.
 */
#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "tavle/holidays.h"
#include "tavle/replan.h"

/* Each template date and its offset column. */
struct offset_col {
	enum tv_field field;
	enum stmt_id get, put, list;
	const char *hist;  /* the history's pseudo-field for the offset */
};

static const struct offset_col cols[] = {
	{ TV_FIELD_PACKAGE_deadline, S_OFFGET_PKG, S_OFFPUT_PKG, S_RP_PKG, "deadline_offset" },
	{ TV_FIELD_TASK_deadline, S_OFFGET_TASK, S_OFFPUT_TASK, S_RP_TASK, "deadline_offset" },
	{ TV_FIELD_PHASE_start, S_OFFGET_PH_START, S_OFFPUT_PH_START, S_RP_PH_START, "start_offset" },
	{ TV_FIELD_PHASE_end, S_OFFGET_PH_END, S_OFFPUT_PH_END, S_RP_PH_END, "end_offset" },
	{ TV_FIELD_MEETING_start, S_OFFGET_MEET_START, S_OFFPUT_MEET_START, S_RP_MEET_START,
	  "start_offset" },
	{ TV_FIELD_MEETING_end, S_OFFGET_MEET_END, S_OFFPUT_MEET_END, S_RP_MEET_END, "end_offset" },
	{ TV_FIELD_DECISION_due, S_OFFGET_DEC, S_OFFPUT_DEC, S_RP_DEC, "due_offset" },
};
#define NCOLS (sizeof cols / sizeof cols[0])

static const struct offset_col *
col_of_field(enum tv_field id)
{
	for (size_t i = 0; i < NCOLS; i++)
		if (cols[i].field == id)
			return &cols[i];
	return NULL;
}

static const struct offset_col *
col_of_hist(enum tv_kind kind, const char *field)
{
	for (size_t i = 0; field && i < NCOLS; i++)
		if (tv_field_info(cols[i].field)->kind == kind && strcmp(cols[i].hist, field) == 0)
			return &cols[i];
	return NULL;
}

bool
store_offset_is_hist(enum tv_kind kind, const char *field)
{
	return col_of_hist(kind, field) != NULL;
}

bool
tv_history_is_offset(const struct tv_history *h)
{
	return h && h->op && strcmp(h->op, "set") == 0 && col_of_hist(h->kind, h->field);
}

bool
tv_history_replanned(const struct tv_history *h, size_t n, size_t i)
{
	const struct tv_history *e = &h[i];
	if (!e->op || strcmp(e->op, "set") != 0 || !e->field)
		return false;
	if (e->kind == TV_KIND_BOARD || tv_history_is_offset(e))
		return false;
	const struct tv_field_info *info = tv_field_find(e->kind, e->field);
	if (!info || !col_of_field(tv_field_id(info)))
		return false;
	/* The rows of one change are together (ids in order). */
	size_t b = i, e2 = i;
	while (b > 0 && h[b - 1].change_id == e->change_id)
		b--;
	while (e2 + 1 < n && h[e2 + 1].change_id == e->change_id)
		e2++;
	for (size_t k = b; k <= e2; k++)
		if (k != i && h[k].op && strcmp(h[k].op, "set") == 0 && h[k].field &&
		    strcmp(h[k].field, "start") == 0 &&
		    (h[k].kind == TV_KIND_BOARD || h[k].kind == TV_KIND_PHASE))
			return true;
	return false;
}

/* The offset as text ("30"; "" when NULL), as the history keeps it. */
static enum tv_status
offset_text(struct tv_store *s, const struct offset_col *oc, int64_t id, char **out)
{
	sqlite3_stmt *st = store_prep(s, oc->get);
	sqlite3_bind_int64(st, 1, id);
	enum tv_status r = store_row1(s, st);
	if (r == TV_NOT_FOUND)
		return store_fail(s, r, "%s %lld does not exist (removed?)",
			tv_kind_key(tv_field_info(oc->field)->kind), (long long)id);
	if (r != TV_OK)
		return r;
	*out = sqlite3_column_type(st, 0) == SQLITE_NULL ? tv_xstrdup("") :
		tv_xasprintf("%lld", (long long)sqlite3_column_int64(st, 0));
	sqlite3_reset(st);
	return TV_OK;
}

static enum tv_status
offset_put(struct tv_store *s, const struct offset_col *oc, int64_t id, const char *text)
{
	sqlite3_stmt *st = store_prep(s, oc->put);
	sqlite3_bind_int64(st, 1, id);
	int64_t n;
	if (text && store_parse_int64(text, &n))
		sqlite3_bind_int64(st, 2, n);
	else if (text && text[0] == '-' && store_parse_int64(text + 1, &n))
		sqlite3_bind_int64(st, 2, -n);
	else
		sqlite3_bind_null(st, 2);
	return store_run(s, st);
}

/* Set an offset and record it in the open change (old and new as text). */
static enum tv_status
offset_change(struct tv_store *s, const struct offset_col *oc, int64_t id, const struct ctx *c,
	const char *to)
{
	char *old = NULL;
	enum tv_status r = offset_text(s, oc, id, &old);
	if (r == TV_OK && strcmp(old, to) != 0 && (r = offset_put(s, oc, id, to)) == TV_OK)
		r = store_record(s, c, tv_field_info(oc->field)->kind, id, "set", oc->hist,
			old[0] ? old : NULL, to[0] ? to : NULL);
	free(old);
	return r;
}

enum tv_status
store_offset_clear(struct tv_store *s, enum tv_field field, int64_t id, const struct ctx *c)
{
	const struct offset_col *oc = col_of_field(field);
	if (!oc || s->date_mode != STORE_DATES_EDIT)
		return TV_OK;
	return offset_change(s, oc, id, c, "");
}

enum tv_status
store_offset_set(struct tv_store *s, enum tv_kind kind, int64_t id, const char *field,
	const char *to)
{
	const struct tv_field_info *info = tv_field_find(kind, field);
	const struct offset_col *oc = info ? col_of_field(tv_field_id(info)) : NULL;
	struct ctx c;
	if (!oc)
		return TV_OK;
	enum tv_status r = store_get_ctx(s, kind, id, &c);
	return r == TV_OK ? offset_change(s, oc, id, &c, to) : r;
}

enum tv_status
store_offset_revert_check(struct tv_store *s, const struct tv_history *h)
{
	const struct offset_col *oc = col_of_hist(h->kind, h->field);
	char *cur = NULL;
	enum tv_status r = offset_text(s, oc, h->item_id, &cur);
	if (r == TV_NOT_FOUND)
		return store_fail(s, TV_CONFLICT, "cannot undo: %s %lld was removed since",
			tv_kind_key(h->kind), (long long)h->item_id);
	if (r != TV_OK)
		return r;
	if (strcmp(cur, h->new_value ? h->new_value : "") != 0)
		r = store_fail(s, TV_CONFLICT, "cannot undo: %s of %s %lld was changed since",
			h->field, tv_kind_key(h->kind), (long long)h->item_id);
	free(cur);
	return r;
}

enum tv_status
store_offset_revert(struct tv_store *s, const struct tv_history *h)
{
	const struct offset_col *oc = col_of_hist(h->kind, h->field);
	struct ctx c;
	enum tv_status r = store_get_ctx(s, h->kind, h->item_id, &c);
	if (r == TV_OK)
		r = offset_change(s, oc, h->item_id, &c, h->old_value ? h->old_value : "");
	return r;
}

enum tv_status
tv_store_offset_seed(struct tv_store *store, enum tv_kind kind, int64_t id, const char *field,
	int32_t offset)
{
	const struct tv_field_info *info = tv_field_find(kind, field);
	const struct offset_col *oc = info ? col_of_field(tv_field_id(info)) : NULL;
	if (!oc)
		return store_fail(store, TV_INVALID, "%s %s keeps no template offset",
			tv_kind_key(kind), field);
	sqlite3_stmt *st = store_prep(store, oc->put);
	STORE_BIND(st, V_INT(id), V_INT(offset));
	return store_run(store, st);
}

/* ---------------------------------------------------------------- re-planning */

void
tv_replan_plan_clear(struct tv_replan_plan *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nmoved; i++) {
		free(p->moved[i].title);
		free(p->moved[i].old_text);
	}
	for (size_t i = 0; i < p->nkept; i++) {
		free(p->kept[i].title);
		free(p->kept[i].old_text);
	}
	free(p->moved);
	free(p->kept);
	memset(p, 0, sizeof *p);
}

struct gathered {
	struct tv_replan_item *items;
	struct tv_replan_date *dates;
	const struct offset_col **col;
	size_t n, cap;
};

static enum tv_status
gather(struct tv_store *s, const struct offset_col *oc, int64_t board_id, int64_t phase_id,
	struct gathered *g)
{
	sqlite3_stmt *st = store_prep(s, oc->list);
	STORE_BIND(st, V_INT(board_id), V_INT(phase_id));
	const struct tv_field_info *info = tv_field_info(oc->field);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (g->n == g->cap) {
			g->cap = g->cap ? 2 * g->cap : 64;
			g->items = tv_xrealloc(g->items, g->cap * sizeof *g->items);
			g->dates = tv_xrealloc(g->dates, g->cap * sizeof *g->dates);
			g->col = tv_xrealloc(g->col, g->cap * sizeof *g->col);
		}
		struct tv_replan_item *it = &g->items[g->n];
		struct tv_replan_date *d = &g->dates[g->n];
		memset(it, 0, sizeof *it);
		memset(d, 0, sizeof *d);
		it->kind = d->kind = info->kind;
		it->id = d->id = sqlite3_column_int64(st, 0);
		it->field = d->field = info->name;
		d->number = (int)sqlite3_column_int64(st, 1);
		d->title = store_col_text(st, 2);
		d->old_text = store_col_text(st, 3);
		if (!d->old_text)
			d->old_text = tv_xstrdup("");
		it->day = tv_date_parse_stored(d->old_text);
		it->has_offset = sqlite3_column_type(st, 4) != SQLITE_NULL;
		it->offset = (int32_t)sqlite3_column_int64(st, 4);
		it->later = tv_replan_later(info->kind, info->name);
		g->col[g->n] = oc;
		g->n++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? TV_OK : store_db_fail(s, rc);
}

static int
cmp_date(const void *a, const void *b)
{
	const struct tv_replan_date *x = a, *y = b;
	if (x->new_day != y->new_day)
		return x->new_day < y->new_day ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/* The new text of a date: the new day, the time of day (if any) kept. */
static char *
moved_text(const char *old, int32_t day)
{
	char buf[TV_DATE_BUF];
	store_format_day(day, buf);
	return tv_xasprintf("%s%s", buf, strlen(old) > 10 ? old + 10 : "");
}

/* Write one date and its offset (as the re-planning, offsets kept). */
static enum tv_status
write_date(struct tv_store *s, const struct offset_col *oc, const struct tv_replan_item *it,
	const char *old)
{
	struct ctx c;
	enum tv_status r = store_get_ctx(s, it->kind, it->id, &c);
	if (r != TV_OK)
		return r;
	if (it->new_day != it->day) {
		char *text = moved_text(old, it->new_day);
		r = store_write_field(s, store_field(oc->field), it->id, &c, old, text, 0);
		free(text);
	}
	if (r == TV_OK && it->has_offset && it->new_offset != it->offset) {
		char *to = tv_xasprintf("%d", it->new_offset);
		r = offset_change(s, oc, it->id, &c, to);
		free(to);
	}
	return r;
}

/*
 * The plan (and, when `apply`, the writes) for the board's start moving to `start`
 * (phase_id 0), or phase `phase_id`'s start moving to `start` (the board's start
 * `board_start` stays; the phase's dates shift by the phase's move). The trigger
 * field itself is the caller's to write.
 */
static enum tv_status
replan_in(struct tv_store *s, int64_t board_id, int32_t board_start, int64_t phase_id,
	int32_t shift, bool apply, struct tv_replan_plan *out)
{
	struct gathered g = { 0 };
	enum tv_status r = TV_OK;
	for (size_t i = 0; i < NCOLS && r == TV_OK; i++)
		r = gather(s, &cols[i], board_id, phase_id, &g);
	struct tv_replan_summary sum = { 0 };
	if (r == TV_OK)
		tv_replan_compute(g.items, g.n, board_start, shift, &sum);
	/* Moving later: ends first, so no window ends before it starts between writes. */
	bool later = out->new_start > out->old_start;
	for (int pass = 0; pass < 2 && r == TV_OK && apply; pass++)
		for (size_t i = 0; i < g.n && r == TV_OK; i++) {
			bool end = strcmp(g.items[i].field, "end") == 0;
			if (phase_id && g.items[i].kind == TV_KIND_PHASE)
				continue;  /* the caller writes the phase's start */
			if ((pass == 0) == (end == later))
				r = write_date(s, g.col[i], &g.items[i], g.dates[i].old_text);
		}
	for (size_t i = 0; i < g.n; i++) {
		struct tv_replan_date *d = &g.dates[i];
		d->old_day = g.items[i].day;
		d->new_day = g.items[i].new_day;
		bool trigger = phase_id && d->kind == TV_KIND_PHASE;
		if (r == TV_OK && !trigger && g.items[i].has_offset && d->new_day != d->old_day) {
			out->moved = tv_xrealloc(out->moved, (out->nmoved + 1) * sizeof *out->moved);
			out->moved[out->nmoved++] = *d;
		} else if (r == TV_OK && !trigger && !g.items[i].has_offset &&
			d->old_day != TV_NO_DAY) {
			out->kept = tv_xrealloc(out->kept, (out->nkept + 1) * sizeof *out->kept);
			out->kept[out->nkept++] = *d;
		} else {
			free(d->title);
			free(d->old_text);
		}
	}
	if (out->nmoved > 1)
		qsort(out->moved, out->nmoved, sizeof *out->moved, cmp_date);
	free(g.items);
	free(g.dates);
	free(g.col);
	return r;
}

enum tv_status
store_replan(struct tv_store *s, enum tv_kind kind, int64_t id, int32_t new_start, bool apply,
	struct tv_replan_plan *out)
{
	struct ctx c;
	enum tv_status r = store_get_ctx(s, kind, id, &c);
	if (r != TV_OK)
		return r;
	char *board_start = NULL, *old = NULL;
	r = store_field_value(s, store_field(TV_FIELD_BOARD_start), c.board_id, &board_start, NULL);
	if (r == TV_OK && kind == TV_KIND_PHASE)
		r = store_field_value(s, store_field(TV_FIELD_PHASE_start), id, &old, NULL);
	if (r != TV_OK)
		goto done;
	out->kind = kind;
	out->id = id;
	out->old_start = tv_date_parse_stored(kind == TV_KIND_PHASE ? old : board_start);
	out->new_start = new_start;
	if (out->old_start == TV_NO_DAY || new_start == TV_NO_DAY)
		goto done;  /* nothing to move from (or to) */
	enum store_dates mode = s->date_mode;
	s->date_mode = STORE_DATES_REVERT;  /* offsets are the re-planning's to move */
	if (kind == TV_KIND_BOARD)
		r = replan_in(s, c.board_id, new_start, 0, 0, apply, out);
	else
		r = replan_in(s, c.board_id, tv_date_parse_stored(board_start), id,
			new_start - out->old_start, apply, out);
	s->date_mode = mode;
done:
	free(board_start);
	free(old);
	return r;
}

enum tv_status
tv_store_replan_preview(struct tv_store *store, enum tv_kind kind, int64_t id,
	const char *value, struct tv_replan_plan *out)
{
	memset(out, 0, sizeof *out);
	if (kind != TV_KIND_BOARD && kind != TV_KIND_PHASE)
		return store_fail(store, TV_INVALID, "only a board's or a phase's start re-plans");
	int32_t day;
	struct tv_diag d = { 0 };
	if (tv_date_parse(value ? value : "", tv_date_today(tv_store_now(store)), &day, &d) != TV_OK)
		return store_fail(store, TV_INVALID, "start: %s", d.msg);
	bool snap;
	enum tv_status r = store_read_begin(store, &snap);
	if (r != TV_OK)
		return r;
	r = store_replan(store, kind, id, day, false, out);
	store_read_end(store, snap);
	if (r != TV_OK)
		tv_replan_plan_clear(out);
	return r;
}
