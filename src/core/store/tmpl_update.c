/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Template updates in the store (tavle/tmpl_update.h, schema 15): the keys of templated
 * items, the merge's base values, conflicts and marks, the board's template version
 * (each a "meta" row read and written as encoded text, with a history row of op "set"
 * and the pseudo-field "tmpl.<what>.<field>" -- schema 1's CHECK allows only set, add
 * and remove -- so one undo reverts an update whole), the canonical value of a merged field (a date as
 * its template offset while it follows the template, a package's phase as the phase's
 * key) and writing a template value to a field (a date from its offset by the
 * re-planning's rule). Schema 15's migration of older boards ends here too
 * (store_tmpl_migrate). The three-way rule itself is the core's (template/update.c);
 * only SQL lives here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "tavle/replan.h"
#include "tavle/tmpl_update.h"

/* ---------------------------------------------------------------- keys */

static enum stmt_id
key_stmt(enum tv_kind kind, int which)
{
	static const enum stmt_id ids[][3] = {
		[TV_KIND_PACKAGE] = { S_TK_GET_PKG, S_TK_PUT_PKG, S_TK_ID_PKG },
		[TV_KIND_TASK] = { S_TK_GET_TASK, S_TK_PUT_TASK, S_TK_ID_TASK },
		[TV_KIND_PHASE] = { S_TK_GET_PH, S_TK_PUT_PH, S_TK_ID_PH },
		[TV_KIND_MEETING] = { S_TK_GET_MEET, S_TK_PUT_MEET, S_TK_ID_MEET },
		[TV_KIND_DECISION] = { S_TK_GET_DEC, S_TK_PUT_DEC, S_TK_ID_DEC },
	};
	switch (kind) {
	case TV_KIND_PACKAGE: case TV_KIND_TASK: case TV_KIND_PHASE: case TV_KIND_MEETING:
	case TV_KIND_DECISION:
		return ids[kind][which];
	default:
		return S_COUNT;
	}
}

static bool
keyed_kind(enum tv_kind kind)
{
	return key_stmt(kind, 0) != S_COUNT;
}

/* The key of a row (*out NULL when it has none). */
static enum tv_status
item_key(struct tv_store *s, enum tv_kind kind, int64_t id, char **out)
{
	*out = NULL;
	if (!keyed_kind(kind))
		return store_fail(s, TV_INVALID, "a %s has no template key", tv_kind_key(kind));
	sqlite3_stmt *st = store_prep(s, key_stmt(kind, 0));
	sqlite3_bind_int64(st, 1, id);
	enum tv_status r = store_row1(s, st);
	if (r == TV_NOT_FOUND)
		return store_fail(s, r, "%s %lld does not exist (removed?)", tv_kind_key(kind),
			(long long)id);
	if (r != TV_OK)
		return r;
	*out = store_col_text(st, 0);
	sqlite3_reset(st);
	return TV_OK;
}

/* The row of a board with key `key` (TV_NOT_FOUND: none). */
static enum tv_status
item_by_key(struct tv_store *s, int64_t board_id, enum tv_kind kind, const char *key,
	int64_t *out)
{
	if (!keyed_kind(kind))
		return store_fail(s, TV_INVALID, "a %s has no template key", tv_kind_key(kind));
	sqlite3_stmt *st = store_prep(s, key_stmt(kind, 2));
	sqlite3_bind_int64(st, 1, board_id);
	store_bind_text(st, 2, key);
	return store_query_int(s, st, out);
}

/* ---------------------------------------------------------------- meta rows */

static const char *const meta_names[] = { "base", "conflict", "mark", "key", "version" };

/* Where a meta row of item `id` is: its board and key. */
struct where {
	struct ctx c;
	char *key;
};

static enum tv_status
locate(struct tv_store *s, enum tv_tmpl_meta what, enum tv_kind kind, int64_t id,
	struct where *w)
{
	w->key = NULL;
	enum tv_status r = store_get_ctx(s, kind, id, &w->c);
	if (r != TV_OK || what == TV_TMPL_META_VERSION || what == TV_TMPL_META_KEY)
		return r;
	if ((r = item_key(s, kind, id, &w->key)) != TV_OK)
		return r;
	if (!w->key)
		return store_fail(s, TV_INVALID, "%s %lld did not come from a template",
			tv_kind_key(kind), (long long)id);
	return TV_OK;
}

static void
bind_where(sqlite3_stmt *st, const struct where *w, enum tv_kind kind, const char *field)
{
	sqlite3_bind_int64(st, 1, w->c.board_id);
	store_bind_text(st, 2, tv_kind_key(kind));
	store_bind_text(st, 3, w->key);
	store_bind_text(st, 4, field ? field : "");
}

static enum tv_status
meta_get(struct tv_store *s, enum tv_tmpl_meta what, enum tv_kind kind, int64_t id,
	const struct where *w, const char *field, char **out)
{
	static const enum stmt_id gets[] = { S_TB_GET, S_TC_GET, S_TM_GET };
	*out = NULL;
	sqlite3_stmt *st;
	if (what == TV_TMPL_META_KEY)
		return item_key(s, kind, id, out);
	if (what == TV_TMPL_META_VERSION) {
		st = store_prep(s, S_TV_GET);
		sqlite3_bind_int64(st, 1, id);
	} else {
		st = store_prep(s, gets[what]);
		bind_where(st, w, kind, field);
	}
	enum tv_status r = store_row1(s, st);
	if (r == TV_NOT_FOUND)
		return TV_OK;
	if (r != TV_OK)
		return r;
	*out = store_col_text(st, 0);
	sqlite3_reset(st);
	return TV_OK;
}

/* "<version>:<rest>" */
static int
split_version(const char *v, const char **rest)
{
	char *end;
	long n = strtol(v, &end, 10);
	*rest = *end == ':' ? end + 1 : end;
	return (int)n;
}

static enum tv_status
meta_set(struct tv_store *s, enum tv_tmpl_meta what, enum tv_kind kind, int64_t id,
	const struct where *w, const char *field, const char *value)
{
	sqlite3_stmt *st;
	switch (what) {
	case TV_TMPL_META_KEY:
		st = store_prep(s, key_stmt(kind, 1));
		sqlite3_bind_int64(st, 1, id);
		store_bind_text(st, 2, value);
		return store_run(s, st);
	case TV_TMPL_META_VERSION:
		st = store_prep(s, S_TV_PUT);
		sqlite3_bind_int64(st, 1, id);
		if (value)
			sqlite3_bind_int64(st, 2, atoll(value));
		else
			sqlite3_bind_null(st, 2);
		return store_run(s, st);
	case TV_TMPL_META_BASE:
		st = store_prep(s, value ? S_TB_PUT : S_TB_DEL);
		bind_where(st, w, kind, field);
		if (value)
			store_bind_text(st, 5, value);
		return store_run(s, st);
	case TV_TMPL_META_CONFLICT: {
		st = store_prep(s, value ? S_TC_PUT : S_TC_DEL);
		bind_where(st, w, kind, field);
		if (value) {
			const char *rest;
			int v = split_version(value, &rest);
			store_bind_text(st, 5, rest);
			sqlite3_bind_int64(st, 6, v);
		}
		return store_run(s, st);
	}
	case TV_TMPL_META_MARK:
		st = store_prep(s, value ? S_TM_PUT : S_TM_DEL);
		bind_where(st, w, kind, field);
		if (value)
			sqlite3_bind_int64(st, 5, atoll(value));
		return store_run(s, st);
	}
	return store_fail(s, TV_INVALID, "unknown template record");
}

static bool
same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

enum tv_status
tv_store_tmpl_get(struct tv_store *store, enum tv_tmpl_meta what, enum tv_kind kind,
	int64_t id, const char *field, char **out)
{
	struct where w;
	*out = NULL;
	enum tv_status r = locate(store, what, kind, id, &w);
	if (r == TV_OK)
		r = meta_get(store, what, kind, id, &w, field, out);
	free(w.key);
	return r;
}

/* Set a meta row inside the caller's transaction. */
static enum tv_status
put_in(struct tv_store *s, enum tv_tmpl_meta what, enum tv_kind kind, int64_t id,
	const char *field, const char *value, bool history)
{
	struct where w;
	char *old = NULL;
	enum tv_status r = locate(s, what, kind, id, &w);
	if (r == TV_OK)
		r = meta_get(s, what, kind, id, &w, field, &old);
	if (r == TV_OK && !same_text(old, value)) {
		r = meta_set(s, what, kind, id, &w, field, value);
		if (r == TV_OK && history) {
			char *hf = tv_xasprintf("tmpl.%s.%s", meta_names[what], field ? field : "");
			r = store_record(s, &w.c, kind, id, "set", hf, old, value);
			free(hf);
		}
	}
	free(old);
	free(w.key);
	return r;
}

enum tv_status
tv_store_tmpl_put(struct tv_store *store, enum tv_tmpl_meta what, enum tv_kind kind,
	int64_t id, const char *field, const char *value, bool history)
{
	bool owned;
	enum tv_status r = store_op_begin(store, &owned);
	if (r != TV_OK)
		return r;
	return store_op_end(store, owned, put_in(store, what, kind, id, field, value, history));
}

bool
tv_history_is_tmpl(const struct tv_history *h)
{
	return h && h->op && strcmp(h->op, "set") == 0 && h->field &&
		strncmp(h->field, "tmpl.", 5) == 0;
}

int
tv_history_template_version(const struct tv_history *h, size_t n, size_t i)
{
	size_t b = i, e = i;
	while (b > 0 && h[b - 1].change_id == h[i].change_id)
		b--;
	while (e + 1 < n && h[e + 1].change_id == h[i].change_id)
		e++;
	for (size_t k = b; k <= e; k++)
		if (h[k].kind == TV_KIND_BOARD && tv_history_is_tmpl(&h[k]) &&
		    strcmp(h[k].field, "tmpl.version.") == 0)
			return h[k].new_value ? atoi(h[k].new_value) : 0;
	return 0;
}

/* "tmpl.<what>.<field>" back into its parts; false for anything else. */
static bool
parse_hist_field(const char *hf, enum tv_tmpl_meta *what, const char **field)
{
	if (!hf || strncmp(hf, "tmpl.", 5) != 0)
		return false;
	for (size_t i = 0; i < sizeof meta_names / sizeof meta_names[0]; i++) {
		size_t n = strlen(meta_names[i]);
		if (strncmp(hf + 5, meta_names[i], n) == 0 && hf[5 + n] == '.') {
			*what = (enum tv_tmpl_meta)i;
			*field = hf + 6 + n;
			return true;
		}
	}
	return false;
}

enum tv_status
store_tmpl_revert_check(struct tv_store *s, const struct tv_history *h)
{
	enum tv_tmpl_meta what;
	const char *field;
	if (!parse_hist_field(h->field, &what, &field))
		return store_fail(s, TV_INVALID, "cannot undo: unknown field %s", h->field);
	char *cur = NULL;
	enum tv_status r = tv_store_tmpl_get(s, what, h->kind, h->item_id, field, &cur);
	if (r == TV_NOT_FOUND)
		return store_fail(s, TV_CONFLICT, "cannot undo: %s %lld was removed since",
			tv_kind_key(h->kind), (long long)h->item_id);
	if (r == TV_OK && !same_text(cur, h->new_value))
		r = store_fail(s, TV_CONFLICT, "cannot undo: the template update's %s of %s "
			"%lld was changed since", field[0] ? field : meta_names[what],
			tv_kind_key(h->kind), (long long)h->item_id);
	free(cur);
	return r;
}

enum tv_status
store_tmpl_revert(struct tv_store *s, const struct tv_history *h)
{
	enum tv_tmpl_meta what;
	const char *field;
	if (!parse_hist_field(h->field, &what, &field))
		return store_fail(s, TV_INVALID, "cannot undo: unknown field %s", h->field);
	return put_in(s, what, h->kind, h->item_id, field, h->old_value, true);
}

enum tv_status
tv_store_tmpl_known(struct tv_store *store, int64_t board_id, enum tv_kind kind,
	const char *key, bool *out)
{
	sqlite3_stmt *st = store_prep(store, S_TB_KNOWN);
	sqlite3_bind_int64(st, 1, board_id);
	store_bind_text(st, 2, tv_kind_key(kind));
	store_bind_text(st, 3, key);
	int64_t n = 0;
	enum tv_status r = store_query_int(store, st, &n);
	*out = r == TV_OK && n > 0;
	return r == TV_NOT_FOUND ? TV_OK : r;
}

/* ---------------------------------------------------------------- items */

void
tv_tmpl_items_free(struct tv_tmpl_item *items, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(items[i].key);
		free(items[i].name);
	}
	free(items);
}

static void
read_item(sqlite3_stmt *st, struct tv_tmpl_item *it)
{
	char *k = store_col_text(st, 0);
	if (!k || !tv_kind_from_key(k, &it->kind))
		it->kind = TV_KIND_PACKAGE;
	free(k);
	it->id = sqlite3_column_int64(st, 1);
	it->key = store_col_text(st, 2);
	it->name = store_col_text(st, 3);
}

enum tv_status
tv_store_tmpl_items(struct tv_store *store, int64_t board_id, struct tv_tmpl_item **out,
	size_t *out_count)
{
	sqlite3_stmt *st = store_prep(store, S_TI_ITEMS);
	sqlite3_bind_int64(st, 1, board_id);
	struct tv_tmpl_item *items = NULL;
	size_t n = 0;
	enum tv_status r;
	COLLECT(store, st, items, n, struct tv_tmpl_item, read_item, r);
	for (size_t i = 0; i < n && r == TV_OK; i++) {
		char *v = NULL;
		r = tv_store_tmpl_get(store, TV_TMPL_META_MARK, items[i].kind, items[i].id, "", &v);
		items[i].removed = v ? atoi(v) : 0;
		free(v);
	}
	if (r != TV_OK) {
		tv_tmpl_items_free(items, n);
		return r;
	}
	*out = items;
	*out_count = n;
	return TV_OK;
}

/* ---------------------------------------------------------------- values */

/* Date fields and whether they keep an offset column (schema 11). */
static bool
date_field(enum tv_kind kind, const char *field, bool *has_offset)
{
	static const struct { enum tv_kind kind; const char *field; bool offset; } dates[] = {
		{ TV_KIND_PACKAGE, "deadline", true }, { TV_KIND_TASK, "deadline", true },
		{ TV_KIND_PHASE, "start", true }, { TV_KIND_PHASE, "end", true },
		{ TV_KIND_PHASE, "not_before", false }, { TV_KIND_MEETING, "start", true },
		{ TV_KIND_MEETING, "end", true }, { TV_KIND_DECISION, "due", true },
	};
	for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++)
		if (dates[i].kind == kind && strcmp(dates[i].field, field) == 0) {
			*has_offset = dates[i].offset;
			return true;
		}
	return false;
}

static enum tv_status
board_start(struct tv_store *s, enum tv_kind kind, int64_t id, int32_t *out)
{
	struct ctx c;
	enum tv_status r = store_get_ctx(s, kind, id, &c);
	char *v = NULL;
	if (r == TV_OK)
		r = tv_store_get(s, TV_KIND_BOARD, c.board_id, "start", &v, NULL);
	*out = r == TV_OK ? tv_date_parse_stored(v) : TV_NO_DAY;
	free(v);
	return r;
}

enum tv_status
tv_store_tmpl_value(struct tv_store *store, enum tv_kind kind, int64_t id, const char *field,
	char **out)
{
	char *raw = NULL;
	*out = NULL;
	enum tv_status r = tv_store_get(store, kind, id, field, &raw, NULL);
	if (r != TV_OK)
		return r;
	bool has_offset;
	if (kind == TV_KIND_PACKAGE && strcmp(field, "phase") == 0) {
		int64_t ph = 0;
		char *key = NULL;
		if (store_parse_int64(raw, &ph) && ph > 0)
			r = item_key(store, TV_KIND_PHASE, ph, &key);
		free(raw);
		*out = key ? key : tv_xstrdup("");
		return r == TV_NOT_FOUND ? TV_OK : r;
	}
	if (raw[0] && date_field(kind, field, &has_offset)) {
		/* Following the template: its offset; hand-set: the day itself. */
		const char *time = strlen(raw) > 10 ? raw + 10 : "";
		int32_t off = TV_NO_DAY;
		if (has_offset) {
			sqlite3_stmt *st = NULL;
			static const struct { enum tv_kind k; const char *f; enum stmt_id id; } g[] = {
				{ TV_KIND_PACKAGE, "deadline", S_OFFGET_PKG },
				{ TV_KIND_TASK, "deadline", S_OFFGET_TASK },
				{ TV_KIND_PHASE, "start", S_OFFGET_PH_START },
				{ TV_KIND_PHASE, "end", S_OFFGET_PH_END },
				{ TV_KIND_MEETING, "start", S_OFFGET_MEET_START },
				{ TV_KIND_MEETING, "end", S_OFFGET_MEET_END },
				{ TV_KIND_DECISION, "due", S_OFFGET_DEC },
			};
			for (size_t i = 0; i < sizeof g / sizeof g[0]; i++)
				if (g[i].k == kind && strcmp(g[i].f, field) == 0)
					st = store_prep(store, g[i].id);
			sqlite3_bind_int64(st, 1, id);
			if ((r = store_row1(store, st)) == TV_OK) {
				if (sqlite3_column_type(st, 0) != SQLITE_NULL)
					off = (int32_t)sqlite3_column_int64(st, 0);
				sqlite3_reset(st);
			}
			if (r != TV_OK) {
				free(raw);
				return r;
			}
		} else {
			int32_t start;
			if ((r = board_start(store, kind, id, &start)) != TV_OK) {
				free(raw);
				return r;
			}
			int32_t day = tv_date_parse_stored(raw);
			if (day != TV_NO_DAY && start != TV_NO_DAY)
				off = day - start;
		}
		if (off != TV_NO_DAY) {
			char *v = tv_xasprintf("%c%dd%s", off < 0 ? '-' : '+', off < 0 ? -off : off,
				time);
			free(raw);
			raw = v;
		}
	}
	*out = raw;
	return TV_OK;
}

/* "+30d", "-7d 10:00" -> offset and the " HH:MM" part ("" for none). */
static bool
parse_offset_text(const char *v, int32_t *off, const char **time)
{
	if (v[0] != '+' && v[0] != '-')
		return false;
	char *end;
	long n = strtol(v + 1, &end, 10);
	if (end == v + 1 || *end != 'd')
		return false;
	*off = (int32_t)(v[0] == '-' ? -n : n);
	*time = end + 1;
	return true;
}

static enum tv_status
write_in(struct tv_store *s, enum tv_kind kind, int64_t id, const char *field,
	const char *value)
{
	bool has_offset;
	enum tv_status r;
	if (kind == TV_KIND_PACKAGE && strcmp(field, "phase") == 0) {
		struct ctx c;
		int64_t ph = 0;
		if ((r = store_get_ctx(s, kind, id, &c)) != TV_OK)
			return r;
		if (value[0] && (r = item_by_key(s, c.board_id, TV_KIND_PHASE, value, &ph)) != TV_OK)
			return r == TV_NOT_FOUND ? store_fail(s, TV_INVALID, "phase: no phase with "
				"the key '%s' on this board", value) : r;
		char num[24] = "";
		if (ph)
			snprintf(num, sizeof num, "%lld", (long long)ph);
		return tv_store_set(s, kind, id, field, num, 0, NULL, NULL);
	}
	if (!date_field(kind, field, &has_offset))
		return tv_store_set(s, kind, id, field, value, 0, NULL, NULL);
	int32_t off = TV_NO_DAY, start;
	const char *time = "";
	char date[TV_DATE_BUF + 8] = "";
	if (value[0]) {
		if (!parse_offset_text(value, &off, &time))
			return store_fail(s, TV_INVALID, "%s: '%s' is not a template offset", field,
				value);
		if ((r = board_start(s, kind, id, &start)) != TV_OK)
			return r;
		int32_t day = tv_replan_day(start, off, tv_replan_later(kind, field));
		char d[TV_DATE_BUF];
		tv_date_format(day, d);
		snprintf(date, sizeof date, "%s%s", d, time);
	}
	/* A template's date: its offset stays beside it (not a person's edit). */
	enum store_dates mode = s->date_mode;
	s->date_mode = STORE_DATES_REVERT;
	r = tv_store_set(s, kind, id, field, date, 0, NULL, NULL);
	s->date_mode = mode;
	if (r == TV_OK && has_offset) {
		char o[16] = "";
		if (off != TV_NO_DAY)
			snprintf(o, sizeof o, "%d", off);
		r = store_offset_set(s, kind, id, field, o);
	}
	return r;
}

enum tv_status
tv_store_tmpl_write(struct tv_store *store, enum tv_kind kind, int64_t id, const char *field,
	const char *value)
{
	bool owned;
	enum tv_status r = store_op_begin(store, &owned);
	if (r != TV_OK)
		return r;
	return store_op_end(store, owned, write_in(store, kind, id, field, value ? value : ""));
}

/* ---------------------------------------------------------------- conflicts */

void
tv_tmpl_conflicts_free(struct tv_tmpl_conflict *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(c[i].key);
		free(c[i].field);
		free(c[i].label);
		free(c[i].mine);
		free(c[i].theirs);
	}
	free(c);
}

static void
read_conflict(sqlite3_stmt *st, struct tv_tmpl_conflict *c)
{
	char *k = store_col_text(st, 0);
	if (!k || !tv_kind_from_key(k, &c->kind))
		c->kind = TV_KIND_PACKAGE;
	free(k);
	c->key = store_col_text(st, 1);
	c->field = store_col_text(st, 2);
	c->theirs = store_col_text(st, 3);
	if (!c->theirs)
		c->theirs = tv_xstrdup("");
	c->version = sqlite3_column_int(st, 4);
}

enum tv_status
tv_store_tmpl_conflicts(struct tv_store *s, int64_t board_id, struct tv_tmpl_conflict **out,
	size_t *out_count)
{
	sqlite3_stmt *st = store_prep(s, S_TC_LIST);
	sqlite3_bind_int64(st, 1, board_id);
	struct tv_tmpl_conflict *c = NULL;
	size_t n = 0;
	enum tv_status r;
	COLLECT(s, st, c, n, struct tv_tmpl_conflict, read_conflict, r);
	for (size_t i = 0; i < n && r == TV_OK; i++) {
		r = item_by_key(s, board_id, c[i].kind, c[i].key, &c[i].item_id);
		if (r == TV_OK)
			r = tv_store_tmpl_value(s, c[i].kind, c[i].item_id, c[i].field, &c[i].mine);
		else if (r == TV_NOT_FOUND) {
			c[i].item_id = 0;
			c[i].mine = tv_xstrdup("");
			r = TV_OK;
		}
	}
	if (r != TV_OK) {
		tv_tmpl_conflicts_free(c, n);
		return r;
	}
	*out = c;
	*out_count = n;
	return TV_OK;
}

enum tv_status
tv_tmpl_update_conflict_count(struct tv_store *store, int64_t board_id, size_t *out)
{
	sqlite3_stmt *st = store_prep(store, S_TC_COUNT);
	sqlite3_bind_int64(st, 1, board_id);
	int64_t n = 0;
	enum tv_status r = store_query_int(store, st, &n);
	*out = r == TV_OK ? (size_t)n : 0;
	return r;
}

enum tv_status
tv_store_tmpl_item_by_key(struct tv_store *s, int64_t board_id, enum tv_kind kind,
	const char *key, int64_t *out)
{
	return item_by_key(s, board_id, kind, key, out);
}

enum tv_status
tv_tmpl_update_sections(struct tv_store *store, int64_t package_id, int out[TV_SECTION_COUNT])
{
	struct ctx c;
	char *key = NULL;
	for (int i = 0; i < TV_SECTION_COUNT; i++)
		out[i] = 0;
	enum tv_status r = store_get_ctx(store, TV_KIND_PACKAGE, package_id, &c);
	if (r == TV_OK)
		r = item_key(store, TV_KIND_PACKAGE, package_id, &key);
	if (r != TV_OK || !key)
		return r;
	sqlite3_stmt *st = store_prep(store, S_TM_SECTIONS);
	sqlite3_bind_int64(st, 1, c.board_id);
	store_bind_text(st, 2, key);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *f = (const char *)sqlite3_column_text(st, 0);
		for (int i = 0; f && i < TV_SECTION_COUNT; i++)
			if (strcmp(f, tv_section_key((enum tv_section)i)) == 0)
				out[i] = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	free(key);
	return rc == SQLITE_DONE ? TV_OK : store_db_fail(store, rc);
}

enum tv_status
tv_tmpl_update_version(struct tv_store *store, int64_t board_id, int *out)
{
	char *v = NULL;
	*out = 0;
	enum tv_status r = tv_store_tmpl_get(store, TV_TMPL_META_VERSION, TV_KIND_BOARD,
		board_id, "", &v);
	if (r == TV_OK && v)
		*out = atoi(v);
	free(v);
	return r;
}

enum tv_status
tv_tmpl_update_removed(struct tv_store *store, enum tv_kind kind, int64_t id, int *out)
{
	char *v = NULL;
	*out = 0;
	char *key = NULL;
	enum tv_status r = keyed_kind(kind) ? item_key(store, kind, id, &key) : TV_OK;
	if (r != TV_OK || !key)
		return r;
	free(key);
	r = tv_store_tmpl_get(store, TV_TMPL_META_MARK, kind, id, "", &v);
	if (r == TV_OK && v)
		*out = atoi(v);
	free(v);
	return r;
}

/* ---------------------------------------------------------------- migration */

const char *const *
tv_tmpl_fields(enum tv_kind kind)
{
	static const char *const pkg[] = { "title", "area", "owner", "deadline", "phase",
		"after", "background", "requirements", "process", "involvement", "output",
		"materials", NULL };
	static const char *const task[] = { "title", "deadline", "responsible", "minimum",
		NULL };
	static const char *const phase[] = { "name", "start", "end", "reason",
		NULL };
	static const char *const meeting[] = { "kind", "title", "start", "end", "place",
		"region", "url", "participants", "notes", "packages", NULL };
	static const char *const decision[] = { "title", "area", "owner", "due", "text", NULL };
	static const char *const none[] = { NULL };
	switch (kind) {
	case TV_KIND_PACKAGE: return pkg;
	case TV_KIND_TASK: return task;
	case TV_KIND_PHASE: return phase;
	case TV_KIND_MEETING: return meeting;
	case TV_KIND_DECISION: return decision;
	default: return none;
	}
}

/* Slug keys for the phases, meetings or decisions without one, unique per board
 * ("-2", "-3" after a repeated one). */
static enum tv_status
migrate_slugs(struct tv_store *s, enum stmt_id list, enum tv_kind kind)
{
	struct row { int64_t id, board; char *name; } *rows = NULL;
	size_t n = 0, cap = 0;
	sqlite3_stmt *st = store_prep(s, list);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap)
			rows = tv_xrealloc(rows, (cap = cap ? cap * 2 : 16) * sizeof *rows);
		rows[n].id = sqlite3_column_int64(st, 0);
		rows[n].board = sqlite3_column_int64(st, 1);
		rows[n].name = store_col_text(st, 2);
		n++;
	}
	sqlite3_reset(st);
	enum tv_status r = rc == SQLITE_DONE ? TV_OK : store_db_fail(s, rc);
	for (size_t i = 0; i < n && r == TV_OK; i++) {
		char *base = tv_text_slug(rows[i].name), *key = tv_xstrdup(base);
		for (int k = 2;; k++) {
			int64_t other;
			enum tv_status q = TV_NOT_FOUND;
			/* taken by any keyed phase, meeting or decision of the board */
			for (enum tv_kind kk = 0; kk < TV_KIND_COUNT && q == TV_NOT_FOUND; kk++)
				if (kk == TV_KIND_PHASE || kk == TV_KIND_MEETING || kk == TV_KIND_DECISION)
					if (kk == kind)
						q = item_by_key(s, rows[i].board, kk, key, &other);
			if (q == TV_NOT_FOUND)
				break;
			if (q != TV_OK) {
				r = q;
				break;
			}
			free(key);
			key = tv_xasprintf("%s-%d", base, k);
		}
		if (r == TV_OK) {
			st = store_prep(s, key_stmt(kind, 1));
			sqlite3_bind_int64(st, 1, rows[i].id);
			store_bind_text(st, 2, key);
			r = store_run(s, st);
		}
		free(base);
		free(key);
	}
	for (size_t i = 0; i < n; i++)
		free(rows[i].name);
	free(rows);
	return r;
}

enum tv_status
store_tmpl_migrate(struct tv_store *s)
{
	enum tv_status r = migrate_slugs(s, S_TMIG_PH, TV_KIND_PHASE);
	if (r == TV_OK)
		r = migrate_slugs(s, S_TMIG_MEET, TV_KIND_MEETING);
	if (r == TV_OK)
		r = migrate_slugs(s, S_TMIG_DEC, TV_KIND_DECISION);
	/* The base values: today's values, the best an older board knows. */
	int64_t *boards = NULL;
	size_t nb = 0, cap = 0;
	sqlite3_stmt *st = store_prep(s, S_TMIG_BOARDS);
	int rc;
	while (r == TV_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (nb == cap)
			boards = tv_xrealloc(boards, (cap = cap ? cap * 2 : 16) * sizeof *boards);
		boards[nb++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	for (size_t b = 0; b < nb && r == TV_OK; b++) {
		struct tv_tmpl_item *items = NULL;
		size_t n = 0;
		if ((r = tv_store_tmpl_items(s, boards[b], &items, &n)) != TV_OK)
			break;
		for (size_t i = 0; i < n && r == TV_OK; i++) {
			for (const char *const *f = tv_tmpl_fields(items[i].kind); *f && r == TV_OK;
			     f++) {
				char *v = NULL;
				r = tv_store_tmpl_value(s, items[i].kind, items[i].id, *f, &v);
				if (r == TV_OK)
					r = put_in(s, TV_TMPL_META_BASE, items[i].kind, items[i].id, *f, v,
						false);
				free(v);
			}
		}
		tv_tmpl_items_free(items, n);
	}
	free(boards);
	return r;
}
