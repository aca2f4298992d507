/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Maintenance: the integrity, foreign-key, schema (version and foreign objects) and
 * invariant check, the online backup to a new file, purging old tombstones, and the
 * query-plan check of the hot and portfolio statements.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_int.h"
#include "tavle/fileio.h"

/* A statement's name and its SQL behind EXPLAIN QUERY PLAN, from an X-macro list. */
struct explained_query {
	const char *name;
	const char *explain;
};
#define EXPLAINED(id, sql) { #id, "EXPLAIN QUERY PLAN " sql },

static const struct explained_query hot_queries[] = { HOT_STATEMENTS(EXPLAINED) };

/* Portfolio queries walk the boards once by design; a SCAN of anything else fails. */
static const struct explained_query portfolio_queries[] = { PORTFOLIO_STATEMENTS(EXPLAINED) };
#undef EXPLAINED

static void
append_line(char **report, const char *line)
{
	size_t old = *report ? strlen(*report) : 0;
	size_t add = strlen(line);
	*report = tv_xrealloc(*report, old + add + 2);
	memcpy(*report + old, line, add);
	(*report)[old + add] = '\n';
	(*report)[old + add + 1] = '\0';
}

/* Append every row's first column (as text) of a query; `skip_ok` ignores an "ok". */
static enum tv_status
report_rows(struct tv_store *s, enum stmt_id id, const char *prefix, bool skip_ok,
	char **report)
{
	sqlite3_stmt *st = store_prep(s, id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		if (skip_ok && t && strcmp(t, "ok") == 0)
			continue;
		char *line;
		if (id == S_FK_CHECK)
			line = tv_xasprintf("%s%s row %lld refers to a missing %s row", prefix,
				t ? t : "?", (long long)sqlite3_column_int64(st, 1),
				(const char *)sqlite3_column_text(st, 2));
		else
			line = tv_xasprintf("%s%s", prefix, t ? t : "?");
		append_line(report, line);
		free(line);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? TV_OK : store_db_fail(s, rc);
}

enum tv_status
tv_store_check(struct tv_store *store, bool full, char **out_report)
{
	char *report = NULL;
	enum tv_status r;
	if ((r = report_rows(store, full ? S_INTEGRITY_CHECK : S_QUICK_CHECK, "integrity: ",
		true, &report)) != TV_OK)
		goto fail;
	if ((r = report_rows(store, S_FK_CHECK, "foreign key: ", false, &report)) != TV_OK)
		goto fail;
	int v = tv_store_schema_version(store);
	if (v != TV_SCHEMA_VERSION) {
		char *line = tv_xasprintf("schema: version %d, expected %d", v, TV_SCHEMA_VERSION);
		append_line(&report, line);
		free(line);
	}
	static const enum stmt_id inv[] = { S_INV_PKG_POS, S_INV_TASK_POS, S_INV_PHASE_POS,
		S_INV_NUMBERS, S_INV_PHASE_BOARD };
	for (size_t i = 0; i < sizeof inv / sizeof inv[0]; i++)
		if ((r = report_rows(store, inv[i], "invariant: ", false, &report)) != TV_OK)
			goto fail;
	/* Every trigger, view, table and index tavle's migrations do not create. */
	char *foreign = NULL;
	if ((r = store_foreign_objects(store, store->db, NULL, &foreign)) != TV_OK)
		goto fail;
	/* A trigger under one of tavle's names whose text is not tavle's. */
	char *triggers = NULL;
	if ((r = store_foreign_trigger_lines(store, store->db, &triggers)) != TV_OK) {
		free(foreign);
		goto fail;
	}
	for (char *p = triggers; p && *p;) {
		char *nl = strchr(p, '\n');
		*nl = '\0';
		char *want = tv_xasprintf("%s\n", p);
		bool listed = foreign && strstr(foreign, want);
		free(want);
		if (!listed) {
			char *line = tv_xasprintf("schema: %s is not the one tavle created", p);
			append_line(&report, line);
			free(line);
		}
		p = nl + 1;
	}
	free(triggers);
	for (char *p = foreign; p && *p;) {
		char *nl = strchr(p, '\n');
		*nl = '\0';
		char *line = tv_xasprintf("schema: %s was not created by tavle", p);
		append_line(&report, line);
		free(line);
		p = nl + 1;
	}
	free(foreign);
	*out_report = report;
	return TV_OK;
fail:
	free(report);
	return r;
}

enum tv_status
tv_store_backup(struct tv_store *store, const char *path)
{
	if (!path || !*path)
		return store_fail(store, TV_INVALID, "no backup file given");
	/* Into a temporary file renamed (linked) into place only when complete and checked:
	 * a killed backup leaves no partial file to block the next or pass for a board. */
	struct tv_out_file f;
	struct tv_diag diag;
	tv_diag_clear(&diag);
	enum tv_status r = tv_out_open(path, TV_OUT_STDOUT | TV_OUT_BINARY | TV_OUT_NAMED |
		TV_OUT_NEW, &f, &diag);
	if (r != TV_OK)
		return store_fail(store, r, "%s", diag.msg);
	sqlite3 *dst = NULL;
	char *fname = store_file_name(f.tmp_name);
	int rc = sqlite3_open_v2(fname, &dst, SQLITE_OPEN_READWRITE, NULL);
	free(fname);
	if (rc != SQLITE_OK) {
		r = store_fail(store, TV_IO, "cannot open %s: %s", path, sqlite3_errstr(rc));
		goto out;
	}
	/* No journal beside the temporary (nothing to roll back in a file that is thrown
	 * away on failure); tv_out_commit fsyncs the file. */
	sqlite3_exec(dst, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF", NULL, NULL, NULL);
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", store->db, "main");
	if (!b) {
		r = store_fail(store, TV_IO, "backup to %s: %s", path, sqlite3_errmsg(dst));
		goto out;
	}
	for (;;) {
		rc = sqlite3_backup_step(b, 256);
		if (rc == SQLITE_DONE)
			break;
		if (rc == SQLITE_OK)
			continue;
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
			sqlite3_sleep(20);
			continue;
		}
		break;
	}
	int frc = sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE || frc != SQLITE_OK) {
		r = store_fail(store, store_map_rc(rc) == TV_OK ? TV_IO : store_map_rc(rc),
			"backup to %s failed: %s", path, sqlite3_errmsg(dst));
		goto out;
	}
	sqlite3_stmt *st = NULL;
	rc = sqlite3_prepare_v2(dst, "PRAGMA quick_check", -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	const char *t = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
	if (!t || strcmp(t, "ok") != 0)
		r = store_fail(store, TV_CORRUPT, "the backup %s does not pass quick_check: %s",
			path, t ? t : sqlite3_errmsg(dst));
	sqlite3_finalize(st);
out:
	if (dst)
		sqlite3_close_v2(dst);
	if (r != TV_OK) {
		tv_out_abort(&f);
		return r;
	}
	if ((r = tv_out_commit(&f, &diag)) != TV_OK)
		return store_fail(store, r, "%s", diag.msg);
	return TV_OK;
}

enum tv_status
tv_store_purge_tombstones(struct tv_store *store, int days)
{
	char before[STAMP_BUF];
	store_stamp_at(tv_store_now(store) - (time_t)(days < 0 ? 0 : days) * 86400, before);
	bool owned;
	enum tv_status r = store_op_begin(store, &owned);
	if (r != TV_OK)
		return r;
	sqlite3_stmt *st = store_prep(store, S_TOMB_PURGE);
	store_bind_text(st, 1, before);
	return store_op_end(store, owned, store_run(store, st));
}

/* A SCAN of a table is O(database); every hot query must SEARCH, or walk an index in
 * its ORDER BY for one row (LIMIT 1: one descent). */
static bool
hot_scan_ok(const char *sql, const char *detail)
{
	return strstr(sql, " LIMIT 1") && strstr(detail, " USING ") && strstr(detail, "INDEX ");
}

/* One pass over the boards is the portfolio's cost; any other SCAN (of packages above
 * all) is O(database) and reported. */
static bool
portfolio_scan_ok(const char *sql, const char *detail)
{
	(void)sql;
	return strncmp(detail, "SCAN b ", 7) == 0 || strcmp(detail, "SCAN b") == 0 ||
		strcmp(detail, "SCAN boards") == 0 || strncmp(detail, "SCAN boards ", 12) == 0;
}

/* Read the plan of the EXPLAIN QUERY PLAN `st` (prepared with result `rc`, finalized
 * here) and append "name: detail" to *report for each SCAN that scan_ok refuses. */
static enum tv_status
check_plan(struct tv_store *store, sqlite3_stmt *st, int rc, const char *name, const char *sql,
	bool (*scan_ok)(const char *sql, const char *detail), char **report)
{
	if (rc != SQLITE_OK)
		return store_db_fail(store, rc);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *detail = (const char *)sqlite3_column_text(st, 3);
		if (detail && strncmp(detail, "SCAN ", 5) == 0 && !scan_ok(sql, detail)) {
			char *line = tv_xasprintf("%s: %s", name, detail);
			append_line(report, line);
			free(line);
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? TV_OK : store_db_fail(store, rc);
}

enum tv_status
tv_store_explain_hot_queries(struct tv_store *store, char **out_report)
{
	char *report = NULL;
	enum tv_status r = TV_OK;
	for (size_t i = 0; r == TV_OK && i < sizeof hot_queries / sizeof hot_queries[0]; i++) {
		sqlite3_stmt *st = NULL;
		int rc = sqlite3_prepare_v2(store->db, hot_queries[i].explain, -1, &st, NULL);
		r = check_plan(store, st, rc, hot_queries[i].name, hot_queries[i].explain,
			hot_scan_ok, &report);
	}
	for (size_t i = 0; r == TV_OK &&
		i < sizeof portfolio_queries / sizeof portfolio_queries[0]; i++) {
		sqlite3_stmt *st = NULL;
		int rc = sqlite3_prepare_v2(store->db, portfolio_queries[i].explain, -1, &st,
			NULL);
		r = check_plan(store, st, rc, portfolio_queries[i].name,
			portfolio_queries[i].explain, portfolio_scan_ok, &report);
	}
	if (r != TV_OK) {
		free(report);
		return r;
	}
	*out_report = report;
	return TV_OK;
}
