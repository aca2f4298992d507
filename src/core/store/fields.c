/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Editing one field: the SQL side of the field table (column, SELECT, UPDATE; the
 * name, type, limits and choices are the core's table, tavle/fields.h, joined by field
 * id), reading a field as canonical text, parsing what a user typed into it by its
 * type, writing it (keeping the model's invariants and recording the history) and the
 * conflict report when the row's version moved on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store_int.h"
#include "tavle/buf.h"
#include "tavle/cvr.h"
#include "tavle/i18n.h"

/* The SQL side of the field table: per field id of tavle/fields.h (which holds the
 * name, type, limits and label), the column and the SELECT and UPDATE generated as
 * string literals from the lists in statements.h. */

struct field {
	const char *column;
	const char *get_sql;
	const char *update_sql;
};

static const struct field fields[TV_FIELD_COUNT] = {
#define X(k, t, f, c) \
	[TV_FIELD_##k##_##f] = { c, \
	  "SELECT " c ", version FROM " t " WHERE id = ?1", \
	  "UPDATE " t " SET " c " = ?1, version = version + 1, updated_at = ?2, " \
	  "updated_by = ?3 WHERE id = ?4 AND (version = ?5 OR ?5 = 0)" },
	ALL_FIELDS(X)
#undef X
};

/* A field's information: joined by id, so the SQL row and the information row are
 * the same field by construction (tests/unit/test_fields.c checks every id has both). */
static const struct tv_field_info *
INFO(const struct field *f)
{
	return tv_field_info((enum tv_field)(f - fields));
}

/* The SQL column of field `id`, or NULL if the store has no row for it (for the
 * completeness check of the unit tests). */
const char *
tv_store_field_column(enum tv_field id)
{
	return (unsigned)id < TV_FIELD_COUNT ? fields[id].column : NULL;
}

/* The entry of a field by its id (tavle/fields.h). */
const struct field *
store_field(enum tv_field id)
{
	return &fields[id];
}

/* Names of the fields of each kind, in the order of the lists in statements.h. */
#define FNAME(k, t, f, c) #f,
static const char *const board_field_names[] = { BOARD_FIELDS(FNAME) NULL };
static const char *const package_field_names[] = { PACKAGE_FIELDS(FNAME) NULL };
static const char *const task_field_names[] = { TASK_FIELDS(FNAME) NULL };
static const char *const phase_field_names[] = { PHASE_FIELDS(FNAME) NULL };
static const char *const meeting_field_names[] = { MEETING_FIELDS(FNAME) NULL };
static const char *const person_field_names[] = { PERSON_FIELDS(FNAME) NULL };
static const char *const comment_field_names[] = { COMMENT_FIELDS(FNAME) NULL };
static const char *const decision_field_names[] = { DECISION_FIELDS(FNAME) NULL };
#undef FNAME

static const char *const *const kind_fields[TV_KIND_COUNT] = {
	[TV_KIND_BOARD] = board_field_names,
	[TV_KIND_PACKAGE] = package_field_names,
	[TV_KIND_TASK] = task_field_names,
	[TV_KIND_PHASE] = phase_field_names,
	[TV_KIND_MEETING] = meeting_field_names,
	[TV_KIND_PERSON] = person_field_names,
	[TV_KIND_COMMENT] = comment_field_names,
	[TV_KIND_DECISION] = decision_field_names,
};

static int32_t
today(const struct tv_store *s)
{
	return tv_date_today(tv_store_now(s));
}

/* ---- get, set ---- */

const char *const *
tv_store_fields(enum tv_kind kind)
{
	static const char *const none[] = { NULL };
	return (unsigned)kind < TV_KIND_COUNT ? kind_fields[kind] : none;
}

void
tv_conflict_clear(struct tv_conflict *c)
{
	if (!c)
		return;
	TV_CLEAR(c, &c->value, &c->changed_by, &c->changed_at);
}

const struct field *
store_find_field(enum tv_kind kind, const char *name)
{
	const struct tv_field_info *info = tv_field_find(kind, name);
	return info ? &fields[tv_field_id(info)] : NULL;
}

/* The `n` words joined by `sep` into `buf`, as many whole words as fit. */
static void
join_list(const char *const *words, int n, const char *sep, char *buf, size_t size)
{
	size_t len = 0;
	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		int w = snprintf(buf + len, size - len, "%s%s", i ? sep : "", words[i]);
		if (w < 0 || (size_t)w >= size - len) {
			buf[len] = '\0';
			break;
		}
		len += (size_t)w;
	}
}

static enum tv_status
unknown_field(struct tv_store *s, enum tv_kind kind, const char *name)
{
	char list[512];
	const char *const *names = tv_store_fields(kind);
	int n = 0;
	while (names[n])
		n++;
	join_list(names, n, ", ", list, sizeof list);
	char *q = store_quote(name);
	enum tv_status r = store_fail(s, TV_INVALID, "%s has no field '%s' (fields: %s)",
		tv_kind_key(kind), q, list);
	free(q);
	return r;
}

static sqlite3_stmt *
field_stmt(struct tv_store *s, const struct field *f, bool update)
{
	int i = (int)(f - fields);
	sqlite3_stmt **slot = update ? &s->fupd[i] : &s->fget[i];
	if (!*slot) {
		int rc = sqlite3_prepare_v3(s->db, update ? f->update_sql : f->get_sql, -1,
			SQLITE_PREPARE_PERSISTENT, slot, NULL);
		if (rc != SQLITE_OK)
			tv_fatal("store: cannot prepare field %s: %s", INFO(f)->name,
				sqlite3_errmsg(s->db));
	}
	return *slot;
}

/* Current canonical text of a field ("" for none) and the row's version. */
enum tv_status
store_field_value(struct tv_store *s, const struct field *f, int64_t id, char **out,
	int64_t *version)
{
	sqlite3_stmt *st = field_stmt(s, f, false);
	sqlite3_bind_int64(st, 1, id);
	enum tv_status r = store_row1(s, st);
	if (r == TV_NOT_FOUND)
		return store_fail(s, r, "%s %lld does not exist (removed?)", tv_kind_key(INFO(f)->kind),
			(long long)id);
	if (r != TV_OK)
		return r;
	switch (sqlite3_column_type(st, 0)) {
	case SQLITE_NULL:
		*out = tv_xstrdup("");
		break;
	case SQLITE_INTEGER:
		if (INFO(f)->type == TV_FT_BOOL)
			*out = tv_xstrdup(sqlite3_column_int64(st, 0) ? "yes" : "no");
		else
			*out = tv_xasprintf("%lld", (long long)sqlite3_column_int64(st, 0));
		break;
	default:
		*out = store_col_text(st, 0);
		break;
	}
	if (version)
		*version = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	return TV_OK;
}

static bool
blank(const char *v)
{
	for (; v && *v; v++)
		if (*v != ' ' && *v != '\t')
			return false;
	return true;
}

static enum tv_status
bad_value(struct tv_store *s, const struct field *f, const char *v, const char *why)
{
	char *q = store_quote(v);
	/* The field as a person reads it ("Status" in Danish, the key in English). */
	enum tv_status r = store_fail(s, TV_INVALID, "%s: '%s' %s",
		tv_field_shown(INFO(f)->kind, INFO(f)->name), q, why);
	free(q);
	return r;
}

/* The day a time alone means for field f of row id: a meeting's end ("11:30") is on
 * its start's day; any other time alone is today's. */
static int32_t
base_day(struct tv_store *s, const struct field *f, int64_t id)
{
	int32_t day = today(s);
	char *start = NULL;
	if (f == &fields[TV_FIELD_MEETING_end] &&
	    store_field_value(s, &fields[TV_FIELD_MEETING_start], id, &start, NULL) == TV_OK) {
		int32_t d = tv_date_parse_stored(start);
		if (d != TV_NO_DAY)
			day = d;
	}
	free(start);
	return day;
}

/* A meeting's package list ("1,5", "1, 5"): numbers separated by commas, each a
 * package of the board. The missing ones are named together. */
static enum tv_status
check_package_list(struct tv_store *s, int64_t board_id, const char *v)
{
	struct tv_buf missing = { 0 };
	enum tv_status r = TV_OK;
	const char *p = v;
	for (;;) {
		while (*p == ' ')
			p++;
		const char *b = p;
		while (*p >= '0' && *p <= '9')
			p++;
		size_t n = (size_t)(p - b);
		const char *e = p;
		while (*p == ' ')
			p++;
		if (n == 0 || n > 5 || (*p && *p != ',')) {
			tv_buf_release(&missing);
			char *q = store_quote(v);
			r = store_fail(s, TV_INVALID,
				"packages: '%s' is not a list of package numbers (e.g. 1,5)", q);
			free(q);
			return r;
		}
		char num[6];
		memcpy(num, b, n);
		num[n] = '\0';
		sqlite3_stmt *st = store_prep(s, S_PKG_BY_NUMBER);
		sqlite3_bind_int64(st, 1, board_id);
		sqlite3_bind_int64(st, 2, atoll(num));
		int64_t id;
		r = store_query_int(s, st, &id);
		if (r == TV_NOT_FOUND) {
			if (missing.len)
				tv_buf_adds(&missing, ", ");
			tv_buf_add(&missing, b, (size_t)(e - b));
			r = TV_OK;
		} else if (r != TV_OK) {
			break;
		}
		if (!*p)
			break;
		p++;
	}
	if (r == TV_OK && missing.len)
		r = store_fail(s, TV_INVALID, "packages: no package %s on this board", missing.p);
	tv_buf_release(&missing);
	return r;
}

enum tv_status
store_check_value(struct tv_store *s, int64_t board_id, enum tv_field id, const char *value)
{
	if (!value || !*value)
		return TV_OK;
	if (id == TV_FIELD_MEETING_packages)
		return blank(value) ? TV_OK : check_package_list(s, board_id, value);
	if (!tv_field_check(id, value))
		return TV_OK;
	/* Whole messages, so that each is translated as one sentence. */
	char *q = store_quote(value);
	enum tv_status r;
	if (id == TV_FIELD_MEETING_url)
		r = store_fail(s, TV_INVALID,
			"url: '%s' is not a link (use http://, https:// or mailto:)", q);
	else if (id == TV_FIELD_PERSON_email)
		r = store_fail(s, TV_INVALID,
			"email: '%s' is not an e-mail address (name@example.dk, no spaces)", q);
	else
		r = store_fail(s, TV_INVALID, "%s: '%s' %s", tv_field_info(id)->name, q,
			tv_field_check(id, value));
	free(q);
	return r;
}

/* Validate user input for field f of row `row` and turn it into canonical text. */
static enum tv_status
parse_field(struct tv_store *s, const struct field *f, int64_t row, const struct ctx *c,
	const char *v, char **out)
{
	struct tv_diag d = { 0 };
	enum tv_status r;
	if (!v)
		v = "";
	if (INFO(f)->type != TV_FT_LINE && INFO(f)->type != TV_FT_TEXT && blank(v)) {
		if (INFO(f)->required)
			return store_fail(s, TV_INVALID, "%s: must not be empty", INFO(f)->name);
		*out = tv_xstrdup("");
		return TV_OK;
	}
	switch (INFO(f)->type) {
	case TV_FT_LINE:
	case TV_FT_TEXT:
		if ((r = store_check_text(s, INFO(f)->name, v, INFO(f)->max, INFO(f)->type == TV_FT_TEXT, INFO(f)->required))
			!= TV_OK)
			return r;
		if (f == &fields[TV_FIELD_PACKAGE_after]) {
			if (blank(v)) {
				*out = tv_xstrdup("");
				return TV_OK;
			}
			return store_after_check(s, c->board_id, row, v, out);
		}
		if (f == &fields[TV_FIELD_BOARD_cvr]) {
			/* Stored in one form, eight digits, whatever form was typed. */
			if (blank(v)) {
				*out = tv_xstrdup("");
				return TV_OK;
			}
			char cvr[TV_CVR_BUF];
			const char *why = tv_cvr_check(v, cvr);
			if (why) {
				char *q = store_quote(v);
				r = store_fail(s, TV_INVALID, "cvr: '%s' is not a CVR number: it %s", q,
					_(why));
				free(q);
				return r;
			}
			*out = tv_xstrdup(cvr);
			return TV_OK;
		}
		if ((r = store_check_value(s, c->board_id, (enum tv_field)(f - fields), v)) != TV_OK)
			return r;
		*out = tv_xstrdup(v);
		return TV_OK;
	case TV_FT_DATE: {
		int32_t day;
		if (tv_date_parse(v, today(s), &day, &d) != TV_OK)
			return store_fail(s, TV_INVALID, "%s: %s",
				tv_field_shown(INFO(f)->kind, INFO(f)->name), d.msg);
		char buf[TV_DATE_BUF];
		store_format_day(day, buf);
		*out = tv_xstrdup(buf);
		return TV_OK;
	}
	case TV_FT_WHEN: {
		struct tv_when w;
		if (tv_when_parse_from(v, today(s), base_day(s, f, row), true, &w, &d) != TV_OK)
			return store_fail(s, TV_INVALID, "%s: %s",
				tv_field_shown(INFO(f)->kind, INFO(f)->name), d.msg);
		char buf[TV_WHEN_BUF];
		store_format_when(w, buf);
		*out = tv_xstrdup(buf);
		return TV_OK;
	}
	case TV_FT_ENUM: {
		enum tv_choices ch = INFO(f)->choices;
		if (tv_choices_find(ch, v) >= 0) {
			*out = tv_xstrdup(v);
			return TV_OK;
		}
		const char *keys[16];
		int n = tv_choices_count(ch);
		for (int i = 0; i < n && i < 16; i++)
			keys[i] = tv_choices_key(ch, i);
		char list[256];
		join_list(keys, n < 16 ? n : 16, ", ", list, sizeof list);
		const char *noun = tv_choices_noun(ch);
		/* The keys listed are what to type; the words around them are translated. */
		char *why = tv_xasprintf(strchr("aeiou", noun[0]) ? _("is not an %s (%s)") :
			_("is not a %s (%s)"), _(noun), list);
		r = bad_value(s, f, v, why);
		free(why);
		return r;
	}
	case TV_FT_BOOL: {
		static const char *const yes[] = { "yes", "true", "1", "ja", "y", "on" };
		static const char *const no[] = { "no", "false", "0", "nej", "n", "off" };
		for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
			if (strcasecmp(v, yes[i]) == 0) {
				*out = tv_xstrdup("yes");
				return TV_OK;
			}
			if (strcasecmp(v, no[i]) == 0) {
				*out = tv_xstrdup("no");
				return TV_OK;
			}
		}
		return bad_value(s, f, v, _("is not yes or no"));
	}
	case TV_FT_INT: {
		int64_t n;
		if (!store_parse_int64(v, &n) || n > (int64_t)INFO(f)->max) {
			char *why = tv_xasprintf(_("is not a number from 0 to %zu"), INFO(f)->max);
			r = bad_value(s, f, v, why);
			free(why);
			return r;
		}
		*out = tv_xasprintf("%lld", (long long)n);
		return TV_OK;
	}
	case TV_FT_PHASE: {
		int64_t id;
		if (store_parse_int64(v, &id)) {
			sqlite3_stmt *st = store_prep(s, S_PHASE_OF_BOARD);
			STORE_BIND(st, V_INT(id), V_INT(c->board_id));
			int64_t dummy;
			r = store_query_int(s, st, &dummy);
			if (r == TV_OK) {
				*out = tv_xasprintf("%lld", (long long)id);
				return TV_OK;
			}
			if (r != TV_NOT_FOUND)
				return r;
		}
		sqlite3_stmt *st = store_prep(s, S_PHASE_BY_NAME);
		STORE_BIND(st, V_INT(c->board_id), V_TEXT(v));
		r = store_query_int(s, st, &id);
		if (r == TV_NOT_FOUND)
			return bad_value(s, f, v, _("is not a phase of this board"));
		if (r != TV_OK)
			return r;
		*out = tv_xasprintf("%lld", (long long)id);
		return TV_OK;
	}
	}
	return store_fail(s, TV_INVALID, "%s: unsupported field type", INFO(f)->name);
}

static void
bind_canon(sqlite3_stmt *st, int i, const struct field *f, const char *canon)
{
	int64_t n;
	switch (INFO(f)->type) {
	case TV_FT_BOOL:
		sqlite3_bind_int(st, i, canon && strcmp(canon, "yes") == 0);
		break;
	case TV_FT_INT:
	case TV_FT_PHASE:
		if (store_parse_int64(canon, &n))
			sqlite3_bind_int64(st, i, n);
		else
			sqlite3_bind_null(st, i);
		break;
	default:
		store_bind_opt(st, i, canon);
		break;
	}
}

/* A window must not end before it starts: phases (dates) and meetings (ISO text,
 * which sorts in time order also when one end has no time of day). */
static enum tv_status
check_order(struct tv_store *s, const struct field *f, int64_t id, const char *canon)
{
	const struct field *other;
	bool is_start;
	if (f == &fields[TV_FIELD_PHASE_start] || f == &fields[TV_FIELD_MEETING_start])
		is_start = true;
	else if (f == &fields[TV_FIELD_PHASE_end] || f == &fields[TV_FIELD_MEETING_end])
		is_start = false;
	else
		return TV_OK;
	if (f == &fields[TV_FIELD_PHASE_start])
		other = &fields[TV_FIELD_PHASE_end];
	else if (f == &fields[TV_FIELD_PHASE_end])
		other = &fields[TV_FIELD_PHASE_start];
	else if (f == &fields[TV_FIELD_MEETING_start])
		other = &fields[TV_FIELD_MEETING_end];
	else
		other = &fields[TV_FIELD_MEETING_start];
	char *o = NULL;
	enum tv_status r = store_field_value(s, other, id, &o, NULL);
	if (r != TV_OK)
		return r;
	const char *start = is_start ? canon : o, *end = is_start ? o : canon;
	if (*start && *end && strncmp(end, start, strlen(end)) < 0)
		r = store_fail(s, TV_INVALID, "%s: %s would end before it starts (%s to %s)",
			INFO(f)->name, tv_kind_key(INFO(f)->kind), start, end);
	free(o);
	return r;
}

/* Write a validated canonical value, keep the model's invariants, record history.
 * TV_CONFLICT (no message yet) when the row's version moved past `expected`. */
enum tv_status
store_write_field(struct tv_store *s, const struct field *f, int64_t id, const struct ctx *c,
	const char *old, const char *canon, int64_t expected)
{
	enum tv_status r;
	int position = -1;
	if (f == &fields[TV_FIELD_PACKAGE_number]) {
		int64_t n = 0;
		store_parse_int64(canon, &n);
		if ((r = store_number_free(s, c->board_id, n, id)) != TV_OK)
			return r;
	}
	if (f == &fields[TV_FIELD_PACKAGE_area] &&
		(r = store_count_of(s, S_PKG_COUNT_AREA, c->board_id, canon, &position)) != TV_OK)
		return r;
	if (f == &fields[TV_FIELD_BOARD_name]) {
		sqlite3_stmt *q = store_prep(s, S_BOARD_BY_NAME);
		store_bind_text(q, 1, canon);
		int64_t other;
		r = store_query_int(s, q, &other);
		if (r == TV_OK && other != id) {
			char *qn = store_quote(canon);
			r = store_fail(s, TV_INVALID, "a board named '%s' already exists", qn);
			free(qn);
			return r;
		}
		if (r != TV_OK && r != TV_NOT_FOUND)
			return r;
	}
	if ((r = check_order(s, f, id, canon)) != TV_OK)
		return r;
	char at[STAMP_BUF];
	store_stamp(s, at);
	sqlite3_stmt *st = field_stmt(s, f, true);
	bind_canon(st, 1, f, canon);
	store_bind_text(st, 2, at);
	store_bind_text(st, 3, s->user);
	sqlite3_bind_int64(st, 4, id);
	sqlite3_bind_int64(st, 5, expected);
	if ((r = store_run(s, st)) != TV_OK)
		return r;
	if (sqlite3_changes(s->db) == 0)
		return TV_CONFLICT;
	if (f == &fields[TV_FIELD_PACKAGE_number]) {
		/* The "after" lists that name the old number follow it. */
		int64_t from = 0, to = 0;
		store_parse_int64(old, &from);
		store_parse_int64(canon, &to);
		if ((r = store_after_renumber(s, c->board_id, (int)from, (int)to)) != TV_OK)
			return r;
	}
	if (position >= 0) {
		/* A package changing area goes to the end of its new column. */
		st = store_prep(s, S_PKG_SET_POS);
		STORE_BIND(st, V_INT(id), V_INT(position));
		if ((r = store_run(s, st)) != TV_OK ||
			(r = store_compact(s, S_PKG_COMPACT, c->board_id, old)) != TV_OK)
			return r;
	}
	/* A person's date no longer follows the template (undo brings the offset back). */
	if ((r = store_offset_clear(s, (enum tv_field)(f - fields), id, c)) != TV_OK)
		return r;
	return store_record(s, c, INFO(f)->kind, id, "set", INFO(f)->name, old, canon);
}

void
store_fill_conflict(struct tv_store *s, const struct field *f, enum tv_kind kind, int64_t id,
	struct tv_conflict *conflict)
{
	char *value = NULL, *by = NULL, *at = NULL;
	int64_t version = 0;
	if (f)
		store_field_value(s, f, id, &value, &version);
	else {
		struct ctx c;
		if (store_get_ctx(s, kind, id, &c) == TV_OK)
			version = c.version;
	}
	sqlite3_stmt *st = store_prep(s, S_HIST_LAST_ITEM);
	STORE_BIND(st, V_TEXT(tv_kind_key(kind)), V_INT(id));
	if (store_row1(s, st) == TV_OK) {
		by = store_col_text(st, 0);
		at = store_col_text(st, 1);
		sqlite3_reset(st);
	}
	store_fail(s, TV_CONFLICT, "%s %lld was changed by %s at %s (now version %lld); your "
		"change was not saved", tv_kind_key(kind), (long long)id, by ? by : "someone",
		at ? at : "?", (long long)version);
	if (conflict) {
		tv_conflict_clear(conflict);
		conflict->version = version;
		conflict->value = value;
		conflict->changed_by = by;
		conflict->changed_at = at;
	} else {
		free(value);
		free(by);
		free(at);
	}
}

/* Moving a board's or a phase's start moves the dates still following the template
 * (replan.c), in the same change as the start itself. */
static enum tv_status
replan_start(struct tv_store *s, const struct field *f, int64_t id, const char *canon)
{
	if (f != &fields[TV_FIELD_BOARD_start] && f != &fields[TV_FIELD_PHASE_start])
		return TV_OK;
	int32_t day = tv_date_parse_stored(canon);
	if (day == TV_NO_DAY)
		return TV_OK;
	struct tv_replan_plan plan = { 0 };
	enum tv_status r = store_replan(s, INFO(f)->kind, id, day, true, &plan);
	tv_replan_plan_clear(&plan);
	return r;
}

static enum tv_status
set_in(struct tv_store *s, enum tv_kind kind, int64_t id, const struct field *f,
	const char *value, int64_t expected, struct tv_conflict *conflict, int64_t *out_version)
{
	struct ctx c;
	enum tv_status r = store_get_ctx(s, kind, id, &c);
	if (r != TV_OK)
		return r;
	char *cur = NULL, *canon = NULL;
	int64_t version;
	if ((r = store_field_value(s, f, id, &cur, &version)) != TV_OK)
		return r;
	if ((r = parse_field(s, f, id, &c, value, &canon)) != TV_OK)
		goto out;
	if (expected && expected != version) {
		store_fill_conflict(s, f, kind, id, conflict);
		r = TV_CONFLICT;
		goto out;
	}
	if (strcmp(cur, canon) == 0) {
		*out_version = version;
		goto out;
	}
	r = replan_start(s, f, id, canon);
	if (r == TV_OK)
		r = store_write_field(s, f, id, &c, cur, canon, expected);
	if (r == TV_CONFLICT)
		store_fill_conflict(s, f, kind, id, conflict);
	else if (r == TV_OK)
		*out_version = version + 1;
out:
	free(cur);
	free(canon);
	return r;
}

enum tv_status
tv_store_set(struct tv_store *store, enum tv_kind kind, int64_t id, const char *field,
	const char *value, int64_t expected_version, struct tv_conflict *conflict,
	int64_t *out_version)
{
	if ((unsigned)kind >= TV_KIND_COUNT)
		return store_fail(store, TV_INVALID, "unknown kind of record");
	const struct field *f = store_find_field(kind, field);
	if (!f)
		return unknown_field(store, kind, field);
	bool owned;
	enum tv_status r = store_op_begin(store, &owned);
	if (r != TV_OK)
		return r;
	int64_t version = 0;
	r = store_op_end(store, owned, set_in(store, kind, id, f, value, expected_version, conflict,
		&version));
	if (r == TV_OK && out_version)
		*out_version = version;
	return r;
}

enum tv_status
tv_store_get(struct tv_store *store, enum tv_kind kind, int64_t id, const char *field,
	char **out_value, int64_t *out_version)
{
	if ((unsigned)kind >= TV_KIND_COUNT)
		return store_fail(store, TV_INVALID, "unknown kind of record");
	const struct field *f = store_find_field(kind, field);
	if (!f)
		return unknown_field(store, kind, field);
	char *v = NULL;
	int64_t version = 0;
	enum tv_status r = store_field_value(store, f, id, &v, &version);
	if (r != TV_OK)
		return r;
	*out_value = v;
	if (out_version)
		*out_version = version;
	return TV_OK;
}
