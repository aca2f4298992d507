/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Reported boards (tavle/reported.h, schema 14): importing a status report into a
 * programme database and listing the reports kept. The JSON is read with SQLite's
 * JSON functions (json_valid, json_type, json_extract, json_each), as the store reads
 * its own snapshots: no parser of our own. A report is checked whole before anything
 * is written, and written in one statement, so a refused or failed import leaves the
 * database as it was. Depends on the CVR check, never on curses or libical.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "tavle/i18n.h"
#include "tavle/reported.h"

static bool
stamp_ok(const char *t)
{
	/* "YYYY-MM-DDTHH:MM:SSZ", as report status writes it; compared as text. */
	static const char pat[] = "dddd-dd-ddTdd:dd:ddZ";
	if (!t || strlen(t) != sizeof pat - 1)
		return false;
	for (size_t i = 0; i < sizeof pat - 1; i++)
		if (pat[i] == 'd' ? (t[i] < '0' || t[i] > '9') : t[i] != pat[i])
			return false;
	return tv_date_parse_stored(t) != TV_NO_DAY;
}

/* The columns of S_REP_FIELDS, checked; TV_INVALID with the message otherwise. */
struct fields {
	char cvr[TV_CVR_BUF];
	char *authority, *board, *sector, *reported_at, *today;
};

static void
fields_clear(struct fields *f)
{
	TV_CLEAR(f, &f->authority, &f->board, &f->sector, &f->reported_at, &f->today);
}

static enum tv_status
read_fields(struct tv_store *s, sqlite3_stmt *st, struct fields *f)
{
	const char *ftype = (const char *)sqlite3_column_text(st, 0);
	if (!ftype || strcmp(ftype, "null") == 0)
		return store_fail(s, TV_INVALID,
			"not a status report: it has no \"format\" (write it with tavle report "
			"status --json)");
	if (strcmp(ftype, "integer") != 0 || sqlite3_column_int64(st, 1) != TV_REPORT_FORMAT) {
		char *q = store_quote((const char *)sqlite3_column_text(st, 1));
		enum tv_status r = store_fail(s, TV_INVALID,
			"status report format %s is not one this tavle reads (format %d); "
			"a newer tavle may read it", q, TV_REPORT_FORMAT);
		free(q);
		return r;
	}
	const char *btype = (const char *)sqlite3_column_text(st, 10);
	if (!btype || strcmp(btype, "object") != 0)
		return store_fail(s, TV_INVALID, "not a status report: it has no \"board\"");
	const char *ctype = (const char *)sqlite3_column_text(st, 2);
	const char *cvr = (const char *)sqlite3_column_text(st, 3);
	if (!ctype || strcmp(ctype, "null") == 0 || (cvr && !*cvr))
		return store_fail(s, TV_INVALID,
			"the report has no CVR number, the authority's identity (on the "
			"authority's board: tavle set board NAME cvr NUMBER)");
	/* Text as report status writes it; a bare JSON number is the same eight digits. */
	const char *why = strcmp(ctype, "text") == 0 || strcmp(ctype, "integer") == 0 ?
		tv_cvr_check(cvr, f->cvr) : N_("is not written as text or a number");
	if (why) {
		char *q = store_quote(cvr);
		enum tv_status r = store_fail(s, TV_INVALID,
			"the report's CVR number '%s' is not a CVR number: it %s", q, _(why));
		free(q);
		return r;
	}
	const char *ttype = (const char *)sqlite3_column_text(st, 4);
	const char *at = (const char *)sqlite3_column_text(st, 5);
	if (!ttype || strcmp(ttype, "text") != 0 || !stamp_ok(at))
		return store_fail(s, TV_INVALID,
			"the report has no valid \"report_time\" (YYYY-MM-DDTHH:MM:SSZ)");
	if (!sqlite3_column_int(st, 11))
		return store_fail(s, TV_INVALID,
			"not a status report: its \"totals\" or \"overdue\" are missing or not numbers");
	f->reported_at = store_col_text(st, 5);
	f->authority = store_col_text(st, 6);
	f->board = store_col_text(st, 7);
	f->sector = store_col_text(st, 8);
	f->today = store_col_text(st, 9);
	enum tv_sector sec;
	if (f->sector && !tv_sector_from_key(f->sector, &sec)) {
		free(f->sector);
		f->sector = NULL;
	}
	if (f->today && tv_date_parse_stored(f->today) == TV_NO_DAY) {
		free(f->today);
		f->today = NULL;
	}
	return TV_OK;
}

enum tv_status
tv_store_report_import(struct tv_store *s, const char *text, size_t len, const char *source,
	struct tv_report_import *out)
{
	memset(out, 0, sizeof *out);
	if (len > TV_REPORT_MAX_BYTES)
		return store_fail(s, TV_INVALID, "not a status report: larger than %u bytes",
			TV_REPORT_MAX_BYTES);
	if (!text || !tv_text_valid_utf8(text, len)) {
		/* A file cut short inside a character (a half-written report) is valid
		 * UTF-8 up to the cut: say it is cut short, not that it is binary. */
		size_t cut = len;
		while (text && cut > 0 && len - cut < 3 && ((unsigned char)text[cut - 1] & 0xC0) == 0x80)
			cut--;
		if (text && cut > 0 && ((unsigned char)text[cut - 1] & 0xC0) == 0xC0 &&
		    tv_text_valid_utf8(text, cut - 1))
			return store_fail(s, TV_INVALID, "not a status report: not a complete JSON "
				"object (cut short while being written or copied, or another kind of file)");
		return store_fail(s, TV_INVALID,
			"not a status report: not JSON text (binary data or not UTF-8)");
	}
	sqlite3_stmt *st = store_prep(s, S_REP_VALID);
	sqlite3_bind_text(st, 1, text, (int)len, SQLITE_STATIC);
	int64_t valid = 0;
	enum tv_status r = store_query_int(s, st, &valid);
	if (r != TV_OK && r != TV_NOT_FOUND)
		return r;
	if (!valid)
		return store_fail(s, TV_INVALID,
			"not a status report: not a complete JSON object (cut short while being "
			"written or copied, or another kind of file)");
	struct fields f = { 0 };
	st = store_prep(s, S_REP_FIELDS);
	sqlite3_bind_text(st, 1, text, (int)len, SQLITE_STATIC);
	if ((r = store_row1(s, st)) != TV_OK)
		return r;
	r = read_fields(s, st, &f);
	sqlite3_reset(st);
	if (r != TV_OK) {
		fields_clear(&f);
		return r;
	}

	bool owned;
	if ((r = store_op_begin(s, &owned)) != TV_OK) {
		fields_clear(&f);
		return r;
	}
	char *kept = NULL;
	st = store_prep(s, S_REP_KEPT_AT);
	STORE_BIND(st, V_TEXT(f.cvr));
	r = store_row1(s, st);
	if (r == TV_OK) {
		kept = store_col_text(st, 0);
		sqlite3_reset(st);
	} else if (r == TV_NOT_FOUND) {
		r = TV_OK;
	}
	enum tv_report_import_kind kind = TV_REPORT_IMPORTED;
	if (r == TV_OK && kept) {
		int c = strcmp(f.reported_at, kept);
		kind = c > 0 ? TV_REPORT_REPLACED : c < 0 ? TV_REPORT_OLDER : TV_REPORT_SAME;
	}
	if (r == TV_OK && (kind == TV_REPORT_IMPORTED || kind == TV_REPORT_REPLACED)) {
		char now[STAMP_BUF];
		store_stamp(s, now);
		st = store_prep(s, S_REP_PUT);
		STORE_BIND(st, V_TEXT(f.cvr), V_OPT(f.authority), V_OPT(f.board), V_OPT(f.sector),
			V_TEXT(f.reported_at), V_OPT(f.today), V_TEXT(now), V_OPT(source));
		sqlite3_bind_text(st, 9, text, (int)len, SQLITE_STATIC);
		r = store_run(s, st);
	}
	r = store_op_end(s, owned, r);
	if (r != TV_OK) {
		free(kept);
		fields_clear(&f);
		return r;
	}
	out->kind = kind;
	memcpy(out->cvr, f.cvr, sizeof out->cvr);
	out->authority = f.authority;
	out->reported_at = f.reported_at;
	out->kept_at = kept;
	f.authority = f.reported_at = NULL;
	fields_clear(&f);
	return TV_OK;
}

void
tv_report_import_clear(struct tv_report_import *r)
{
	TV_CLEAR(r, &r->authority, &r->reported_at, &r->kept_at);
}

static void
read_reported(sqlite3_stmt *st, struct tv_reported_board *b)
{
	char *cvr = NULL, *sector = NULL, *day = NULL;
	STORE_READ(st, C_TEXT(&cvr), C_TEXT(&b->authority), C_TEXT(&b->board), C_TEXT(&sector),
		C_TEXT(&b->reported_at), C_TEXT(&day), C_TEXT(&b->imported_at),
		C_TEXT(&b->source), C_INT(&b->packages_done), C_INT(&b->packages_total),
		C_INT(&b->minimum_done), C_INT(&b->minimum_total), C_INT(&b->overdue),
		C_I64(&b->days_late), C_INT(&b->overdue_items), C_INT(&b->blocked));
	snprintf(b->cvr, sizeof b->cvr, "%s", cvr ? cvr : "");
	enum tv_sector sec;
	b->sector = sector && tv_sector_from_key(sector, &sec) ? (int)sec : -1;
	b->report_day = day ? tv_date_parse_stored(day) : TV_NO_DAY;
	free(cvr);
	free(sector);
	free(day);
}

enum tv_status
tv_store_reported_boards(struct tv_store *s, struct tv_reported_board **out,
	size_t *out_count)
{
	return tv_store_reported_boards_area(s, NULL, out, out_count);
}

/* The matrix cells of reported board b from its report's "packages" list: a package
 * of another area than `area_key` (when given) stays TV_GLYPH_NONE, as a local board's
 * does under the area filter; late wins over todo and doing, blocked over late. */
static enum tv_status
read_cells(struct tv_store *s, const char *area_key, struct tv_reported_board *b)
{
	memset(b->glyph, TV_GLYPH_NONE, sizeof b->glyph);
	sqlite3_stmt *st = store_prep(s, S_REP_HAS_CELLS);
	STORE_BIND(st, V_TEXT(b->cvr));
	int rc = sqlite3_step(st);
	b->cells = rc == SQLITE_ROW && sqlite3_column_int(st, 0) == 1;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_fail(s, rc);
	if (!b->cells)
		return TV_OK;
	static const char glyphs[TV_PSTATUS_COUNT] = { TV_GLYPH_TODO, TV_GLYPH_DOING,
		TV_GLYPH_BLOCKED, TV_GLYPH_DONE };
	st = store_prep(s, S_REP_CELLS);
	STORE_BIND(st, V_TEXT(b->cvr));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_type(st, 0) != SQLITE_INTEGER)
			continue;
		sqlite3_int64 num = sqlite3_column_int64(st, 0);
		const char *area = (const char *)sqlite3_column_text(st, 3);
		if (num < 0 || num >= TV_PORTFOLIO_NUMBERS ||
		    (area_key && (!area || strcmp(area, area_key) != 0)))
			continue;
		int ps = store_key_index(&store_en_pstatus, (const char *)sqlite3_column_text(st, 1));
		if (ps < 0 || ps >= TV_PSTATUS_COUNT)
			ps = TV_TODO; /* a status this tavle does not know: not started */
		bool late = sqlite3_column_int64(st, 2) > 0;
		b->glyph[num] = late && ps != TV_BLOCKED && ps != TV_DONE ? TV_GLYPH_LATE : glyphs[ps];
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? TV_OK : store_db_fail(s, rc);
}

enum tv_status
tv_store_reported_boards_area(struct tv_store *s, const char *area_key,
	struct tv_reported_board **out, size_t *out_count)
{
	struct tv_reported_board *v = NULL;
	size_t n = 0;
	bool snap;
	enum tv_status r = store_read_begin(s, &snap);
	if (r != TV_OK)
		return r;
	sqlite3_stmt *st = store_prep(s, S_REP_LIST);
	STORE_BIND(st, V_OPT(area_key));
	COLLECT(s, st, v, n, struct tv_reported_board, read_reported, r);
	for (size_t i = 0; r == TV_OK && i < n; i++)
		r = read_cells(s, area_key, &v[i]);
	store_read_end(s, snap);
	if (r != TV_OK) {
		for (size_t i = 0; i < n; i++)
			tv_reported_board_clear(&v[i]);
		free(v);
		return r;
	}
	*out = v;
	*out_count = n;
	return TV_OK;
}

void
tv_reported_board_clear(struct tv_reported_board *b)
{
	TV_CLEAR(b, &b->authority, &b->board, &b->reported_at, &b->imported_at, &b->source);
}

int32_t
tv_reported_age(const struct tv_reported_board *b, int32_t today)
{
	int32_t day = b->reported_at ? tv_date_parse_stored(b->reported_at) : TV_NO_DAY;
	if (day == TV_NO_DAY || today == TV_NO_DAY || today <= day)
		return 0;
	return today - day;
}

bool
tv_reported_stale(const struct tv_reported_board *b, int32_t today, int stale_days)
{
	return tv_reported_age(b, today) > stale_days;
}
