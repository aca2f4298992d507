/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The SQL text of the store, as X-macro lists (one table per concept): the column lists
 * the row readers expect, the statements (id and text), the hot and the portfolio
 * queries whose plans tv_store_explain_hot_queries checks, and the editable fields of
 * each kind (their SELECT and UPDATE are generated from the list). Private to
 * src/core/store/; included through store_int.h. The lists expand into the statement
 * table (statements.c), the field table (fields.c) and the plan check (maint.c).
 */
#ifndef TAVLE_STORE_STATEMENTS_H
#define TAVLE_STORE_STATEMENTS_H

/* ------------------------------------------------------------------------------------ */
/* Column lists. The *_SEL lists are what the row readers expect, in order. The COLS_*
 * X-macros (every column but id and version) generate the JSON snapshot of a removed
 * row and the INSERT that restores it, so the two cannot drift apart. */

#define BOARD_SEL "id, name, authority, sector, start_date, archived, version, created_at, " \
	"contact, cvr, coalesce(template_version, 0)"
#define BOARD_SEL_COLS 11
/* EXPORT_SEL: the item's export_rev and its export_at when that is later than updated_at
 * (NULL otherwise, so an item never raised allocates nothing): schema 10. Always last. */
#define EXPORT_SEL "export_rev, CASE WHEN export_at > coalesce(updated_at, '') THEN " \
	"export_at END"
#define PKG_SEL "id, board_id, uid, number, title, area, status, owner, deadline, phase_id, " \
	"background, requirements, process, involvement, output, materials, position, " \
	"version, updated_at, updated_by, blocked_reason, after_packages, " EXPORT_SEL
#define TASK_SEL "id, package_id, uid, title, deadline, done, responsible, minimum, " \
	"owner, position, version, updated_at, tkey, " EXPORT_SEL
#define PHASE_SEL "id, board_id, uid, name, start_date, end_date, not_before, " \
	"not_before_reason, position, version, updated_at, tkey, " EXPORT_SEL
#define MEET_SEL "id, board_id, uid, kind, title, start_at, end_at, place, region, url, " \
	"participants, notes, packages, version, updated_at, recurrence_id, tkey, " EXPORT_SEL
#define PERSON_SEL "id, board_id, name, email, role, area, version"
#define COMMENT_SEL "id, package_id, author, created_at, text, version"
#define DEC_SEL "id, board_id, title, area, owner, due, status, text, decided, version, " \
	"updated_at, tkey, " EXPORT_SEL
#define TOMB_SEL "uid, kind, summary, start_at, end_at, sequence, deleted_at, area, " \
	"recurrence_id"
#define HIST_SEL "id, change_id, board_id, at, user_name, kind, item_id, package_id, op, " \
	"field, old_value, new_value, account"

/* packages.phase_id is restored separately: the phase may be gone meanwhile. */
#define COLS_PACKAGES(X) X("board_id") X("uid") X("number") X("title") X("area") \
	X("status") X("owner") X("deadline") X("background") X("requirements") \
	X("process") X("involvement") X("output") X("materials") X("position") \
	X("updated_at") X("updated_by") X("blocked_reason") X("after_packages") X("tkey")
#define COLS_TASKS(X) X("package_id") X("uid") X("title") X("deadline") X("done") \
	X("responsible") X("minimum") X("owner") X("position") X("updated_at") X("updated_by") \
	X("tkey")
#define COLS_PHASES(X) X("board_id") X("uid") X("name") X("start_date") X("end_date") \
	X("not_before") X("not_before_reason") X("position") X("updated_at") X("updated_by") \
	X("tkey")
#define COLS_MEETINGS(X) X("board_id") X("uid") X("kind") X("title") X("start_at") \
	X("end_at") X("place") X("region") X("url") X("participants") X("notes") \
	X("packages") X("updated_at") X("updated_by") X("recurrence_id") X("tkey")
#define COLS_PEOPLE(X) X("board_id") X("name") X("email") X("role") X("area") \
	X("updated_at") X("updated_by")
#define COLS_COMMENTS(X) X("package_id") X("author") X("created_at") X("text") \
	X("updated_at") X("updated_by")
#define COLS_DECISIONS(X) X("board_id") X("title") X("area") X("owner") X("due") \
	X("status") X("text") X("decided") X("updated_at") X("updated_by") X("tkey")

/* Raise the noted rows of `table`: one step, or up to the floor a trigger asked for. */
#define EXPORT_RAISE(table, kind) \
	"UPDATE " table " SET export_rev = max(export_rev + 1, x.floor - version + 1), " \
	"export_at = ?1 FROM export_pending AS x WHERE x.kind = '" kind "' AND " \
	table ".id = x.item_id"

#define JPAIR(c) ", '" c "', " c
#define LCOL(c) ", " c
#define LJSON(c) ", json_extract(?1, '$." c "')"
#define SNAPSHOT_SQL(table, COLS) \
	"SELECT json_object('id', id, 'version', version" COLS(JPAIR) ") FROM " table \
	" WHERE id = ?1"
#define RESTORE_SQL(table, COLS) \
	"INSERT INTO " table " (id, version" COLS(LCOL) ") SELECT json_extract(?1, '$.id'), " \
	"json_extract(?1, '$.version') + 1" COLS(LJSON)

/* ------------------------------------------------------------------------------------ */
/* The statement table. HOT_STATEMENTS are the queries that must use an index; they are
 * also checked by tv_store_explain_hot_queries. */

#define HOT_STATEMENTS(X) \
	/* the board a plain `tavle` opens, at every start (schema 4's indexes) */ \
	X(S_BOARD_DEFAULT, "SELECT id FROM boards ORDER BY archived, last_used DESC, id LIMIT 1") \
	X(S_BOARD_TOUCH, "UPDATE boards SET last_used = (SELECT max(last_used) FROM boards) + 1 " \
		"WHERE id = ?1") \
	X(S_PKGS_OF_BOARD, "SELECT " PKG_SEL " FROM packages WHERE board_id = ?1 " \
		"ORDER BY area, position") \
	X(S_TASKS_OF_PKG, "SELECT " TASK_SEL " FROM tasks WHERE package_id = ?1 " \
		"ORDER BY position") \
	X(S_PHASES_OF_BOARD, "SELECT " PHASE_SEL " FROM phases WHERE board_id = ?1 " \
		"ORDER BY position") \
	X(S_MEETS_OF_BOARD, "SELECT " MEET_SEL " FROM meetings WHERE board_id = ?1 " \
		"ORDER BY start_at, id") \
	X(S_PEOPLE_OF_BOARD, "SELECT " PERSON_SEL " FROM people WHERE board_id = ?1 " \
		"ORDER BY id") \
	X(S_DECS_OF_BOARD, "SELECT " DEC_SEL " FROM decisions WHERE board_id = ?1 " \
		"ORDER BY id") \
	X(S_TOMBS_OF_BOARD, "SELECT " TOMB_SEL " FROM tombstones WHERE board_id = ?1 " \
		"AND deleted_at >= ?2 ORDER BY deleted_at") \
	X(S_COMMENTS_OF_PKG, "SELECT " COMMENT_SEL " FROM comments WHERE package_id = ?1 " \
		"ORDER BY id") \
	X(S_HIST_BOARD, "SELECT " HIST_SEL " FROM history WHERE board_id = ?1 AND id > ?2 " \
		"AND at >= ?3 ORDER BY id") \
	X(S_HIST_PKG, "SELECT " HIST_SEL " FROM history WHERE package_id = ?1 AND id > ?2 " \
		"AND at >= ?3 AND board_id = ?4 ORDER BY id") \
	X(S_HIST_CHANGE, "SELECT " HIST_SEL " FROM history WHERE change_id = ?1 ORDER BY id") \
	/* Names once set as a package's or a task's owner on a board, most recent first \
	 * (the owner menu's names typed before): one range of history_board. */ \
	X(S_HIST_OWNER_NAMES, "SELECT new_value FROM history WHERE board_id = ?1 AND " \
		"kind IN ('package', 'task') AND field = 'owner' AND new_value IS NOT NULL AND " \
		"new_value <> '' GROUP BY new_value ORDER BY max(id) DESC LIMIT ?2") \
	X(S_HIST_LAST_ITEM, "SELECT CASE WHEN account IS NULL OR account = user_name THEN " \
		"user_name ELSE user_name || ' (' || account || ')' END, at FROM history " \
		"WHERE kind = ?1 AND " \
		"item_id = ?2 ORDER BY id DESC LIMIT 1") \
	X(S_PKG_COUNT_AREA, "SELECT count(*) FROM packages WHERE board_id = ?1 AND area = ?2") \
	X(S_PKG_BY_NUMBER, "SELECT id FROM packages WHERE board_id = ?1 AND number = ?2") \
	X(S_PKG_AFTER_ALL, "SELECT id, number, after_packages FROM packages WHERE board_id = ?1") \
	X(S_PKG_NEXT_NUMBER, "SELECT coalesce(max(number), -1) + 1 FROM packages " \
		"WHERE board_id = ?1") \
	X(S_PKG_COLUMN_IDS, "SELECT id FROM packages WHERE board_id = ?1 AND area = ?2 " \
		"ORDER BY position, id") \
	X(S_TASK_IDS, "SELECT id FROM tasks WHERE package_id = ?1 ORDER BY position, id") \
	X(S_PHASE_IDS, "SELECT id FROM phases WHERE board_id = ?1 ORDER BY position, id") \
	X(S_PKGS_OF_PHASE, "SELECT id FROM packages WHERE phase_id = ?1 ORDER BY id") \
	X(S_MEET_BY_UID, "SELECT " MEET_SEL " FROM meetings WHERE board_id = ?1 AND uid = ?2 " \
		"AND ifnull(recurrence_id, '') = ?3") \
	X(S_MEET_OCCURRENCES, "SELECT " MEET_SEL " FROM meetings WHERE board_id = ?1 AND uid = ?2 " \
		"AND recurrence_id IS NOT NULL ORDER BY start_at, id") \
	X(S_MEET_ICAL_SEQ, "SELECT coalesce(ical_sequence, -1) FROM meetings WHERE id = ?1") \
	X(S_MEET_SET_ICAL_SEQ, "UPDATE meetings SET ical_sequence = ?2 WHERE id = ?1") \
	X(S_LATE_PKGS, "SELECT id FROM packages WHERE board_id = ?1 AND status <> 'done' " \
		"AND deadline < ?2 ORDER BY deadline")

/* The portfolio (include/tavle/portfolio.h). ?1 today (YYYY-MM-DD), ?2 sector key or
 * NULL, ?3 area key or NULL. Boards are walked once (O(boards), the only SCAN allowed:
 * tv_store_explain_hot_queries checks it) and for each board the template packages
 * are seeks on the (board_id, number) unique index: CROSS JOIN keeps boards outside.
 * Overdue is "not done and deadline day before today", as tv_package_overdue. A board
 * summary's overdue count is tv_plan_overdue_count's (include/tavle/plan.h): overdue
 * packages, open tasks past their deadline and open decisions past due. */
#define PF_FROM "FROM boards AS b CROSS JOIN packages AS p ON p.board_id = b.id " \
	"AND p.number >= 0 AND p.number < 10 "
#define PF_WHERE "WHERE b.archived = 0 AND (?2 IS NULL OR b.sector = ?2) " \
	"AND (?3 IS NULL OR p.area = ?3) "
#define PF_LATE "(CASE WHEN p.status <> 'done' AND p.deadline < ?1 THEN " \
	"CAST(julianday(?1) - julianday(substr(p.deadline, 1, 10)) AS INTEGER) ELSE 0 END)"
#define PORTFOLIO_STATEMENTS(X) \
	X(S_PF_COUNTS, "SELECT p.number, p.area, p.title, p.status, ph.name, " \
		"min(ph.position), count(*), sum(p.status <> 'done' AND p.deadline < ?1) " \
		PF_FROM "LEFT JOIN phases AS ph ON ph.id = p.phase_id " PF_WHERE \
		"GROUP BY p.number, p.area, p.title, p.status, ph.name") \
	X(S_PF_BOARDS, "SELECT count(*) FROM boards AS b WHERE b.archived = 0 " \
		"AND (?2 IS NULL OR b.sector = ?2)") \
	X(S_PF_CONCERNED, "SELECT p.number, b.id, b.name, b.authority, b.sector, p.id, " \
		"p.status, " PF_LATE " AS late " PF_FROM PF_WHERE \
		"AND (p.status = 'blocked' OR (p.status <> 'done' AND p.deadline < ?1)) " \
		"ORDER BY p.number, late DESC, b.name, b.id") \
	X(S_PF_MATRIX, "SELECT b.id, b.name, b.authority, b.sector, p.number, p.status, " \
		PF_LATE ", (SELECT count(*) FROM tasks AS t WHERE t.package_id = p.id " \
		"AND t.minimum = 1), (SELECT count(*) FROM tasks AS t WHERE t.package_id = p.id " \
		"AND t.minimum = 1 AND t.done = 1), b.cvr " PF_FROM PF_WHERE \
		"ORDER BY b.id, p.number") \
	X(S_BOARD_SUMMARIES, "SELECT " BOARD_SEL ", " \
		"(SELECT count(*) FROM packages AS p WHERE p.board_id = boards.id), " \
		"(SELECT count(*) FROM packages AS p WHERE p.board_id = boards.id " \
		"AND p.status = 'done'), " \
		"(SELECT count(*) FROM packages AS p WHERE p.board_id = boards.id " \
		"AND p.status IN ('todo', 'doing', 'blocked') AND p.deadline < ?2) + " \
		"(SELECT count(*) FROM packages AS p JOIN tasks AS t ON t.package_id = p.id " \
		"WHERE p.board_id = boards.id AND t.done = 0 AND t.deadline < ?2) + " \
		"(SELECT count(*) FROM decisions AS x WHERE x.board_id = boards.id " \
		"AND x.status = 'open' AND x.due < ?2) " \
		"FROM boards WHERE archived = 0 OR ?1 ORDER BY name, id")

/* Re-planning (replan.c): each template date's offset column (schema 11), read and
 * written by row id; and the dates of a board (or of one phase's packages) with their
 * offsets, as id, package number (0: none), title, date text, offset. */
#define OFFSET_STMTS(X, n, t, o) \
	X(S_OFFGET_##n, "SELECT " o " FROM " t " WHERE id = ?1") \
	X(S_OFFPUT_##n, "UPDATE " t " SET " o " = ?2 WHERE id = ?1")
#define REPLAN_STATEMENTS(X) \
	OFFSET_STMTS(X, PKG, "packages", "deadline_offset") \
	OFFSET_STMTS(X, TASK, "tasks", "deadline_offset") \
	OFFSET_STMTS(X, PH_START, "phases", "start_offset") \
	OFFSET_STMTS(X, PH_END, "phases", "end_offset") \
	OFFSET_STMTS(X, MEET_START, "meetings", "start_offset") \
	OFFSET_STMTS(X, MEET_END, "meetings", "end_offset") \
	OFFSET_STMTS(X, DEC, "decisions", "due_offset") \
	X(S_RP_PKG, "SELECT id, number, title, deadline, deadline_offset FROM packages " \
		"WHERE board_id = ?1 AND (?2 = 0 OR phase_id = ?2) ORDER BY number") \
	X(S_RP_TASK, "SELECT t.id, p.number, t.title, t.deadline, t.deadline_offset " \
		"FROM tasks AS t JOIN packages AS p ON p.id = t.package_id " \
		"WHERE p.board_id = ?1 AND (?2 = 0 OR p.phase_id = ?2) ORDER BY p.number, t.position") \
	X(S_RP_PH_START, "SELECT id, 0, name, start_date, start_offset FROM phases " \
		"WHERE board_id = ?1 AND (?2 = 0 OR id = ?2) ORDER BY position") \
	X(S_RP_PH_END, "SELECT id, 0, name, end_date, end_offset FROM phases " \
		"WHERE board_id = ?1 AND ?2 = 0 ORDER BY position") \
	X(S_RP_MEET_START, "SELECT id, 0, title, start_at, start_offset FROM meetings " \
		"WHERE board_id = ?1 AND ?2 = 0 ORDER BY start_at, id") \
	X(S_RP_MEET_END, "SELECT id, 0, title, end_at, end_offset FROM meetings " \
		"WHERE board_id = ?1 AND ?2 = 0 ORDER BY start_at, id") \
	X(S_RP_DEC, "SELECT id, 0, title, due, due_offset FROM decisions " \
		"WHERE board_id = ?1 AND ?2 = 0 ORDER BY id")

/* Reported boards (reported.c, schema 14): status reports read with SQLite's JSON
 * functions. S_REP_VALID first: the others raise an error on text that is not JSON.
 * A template package is overdue in a report when its overdue list has it as a package
 * (not a task) numbered 0-9, as the portfolio counts a local board's. */
#define REP_OVERDUE_PKG "FROM json_each(report, '$.overdue') AS o WHERE " \
	"json_extract(o.value, '$.type') = 'package' AND " \
	"json_extract(o.value, '$.package') BETWEEN 0 AND 9 AND " \
	"(?1 IS NULL OR json_extract(o.value, '$.area') = ?1)"
/* A figure of the report's totals, or with ?1 an area key that area's (0 when the report
 * has no such area). */
#define REP_FIG(f) "CASE WHEN ?1 IS NULL THEN json_extract(report, '$.totals." f "') " \
	"ELSE coalesce((SELECT json_extract(a.value, '$." f "') FROM json_each(report, " \
	"'$.areas') AS a WHERE json_extract(a.value, '$.area') = ?1), 0) END"
#define REPORTED_STATEMENTS(X) \
	X(S_REP_VALID, "SELECT CASE WHEN json_valid(?1) THEN json_type(?1) = 'object' ELSE 0 END") \
	X(S_REP_FIELDS, "SELECT json_type(?1, '$.format'), json_extract(?1, '$.format'), " \
		"json_type(?1, '$.board.cvr'), json_extract(?1, '$.board.cvr'), " \
		"json_type(?1, '$.report_time'), json_extract(?1, '$.report_time'), " \
		"json_extract(?1, '$.board.authority'), json_extract(?1, '$.board.name'), " \
		"json_extract(?1, '$.board.sector'), json_extract(?1, '$.today'), " \
		"json_type(?1, '$.board'), " \
		"json_type(?1, '$.totals.packages_done') = 'integer' AND " \
		"json_type(?1, '$.totals.packages_total') = 'integer' AND " \
		"json_type(?1, '$.totals.minimum_done') = 'integer' AND " \
		"json_type(?1, '$.totals.minimum_total') = 'integer' AND " \
		"json_type(?1, '$.totals.overdue') = 'integer' AND " \
		"json_type(?1, '$.overdue') = 'array'") \
	X(S_REP_KEPT_AT, "SELECT reported_at FROM reported_boards WHERE cvr = ?1") \
	X(S_REP_PUT, "INSERT OR REPLACE INTO reported_boards (cvr, authority, board, sector, " \
		"reported_at, report_day, imported_at, source, report) " \
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, json(?9))") \
	X(S_REP_CELLS, "SELECT json_extract(p.value, '$.number'), json_extract(p.value, " \
		"'$.status'), json_extract(p.value, '$.days_late'), json_extract(p.value, '$.area') " \
		"FROM reported_boards AS r, json_each(r.report, '$.packages') AS p WHERE r.cvr = ?1 " \
		"AND json_type(r.report, '$.packages') = 'array'") \
	X(S_REP_HAS_CELLS, "SELECT json_type(report, '$.packages') = 'array' FROM " \
		"reported_boards WHERE cvr = ?1") \
	X(S_REP_LIST, "SELECT cvr, authority, board, sector, reported_at, report_day, " \
		"imported_at, source, " REP_FIG("packages_done") ", " REP_FIG("packages_total") ", " \
		REP_FIG("minimum_done") ", " REP_FIG("minimum_total") ", " \
		"(SELECT count(*) " REP_OVERDUE_PKG "), " \
		"(SELECT coalesce(sum(json_extract(o.value, '$.days_late')), 0) " REP_OVERDUE_PKG \
		"), " REP_FIG("overdue") ", " \
		"(SELECT count(*) FROM json_each(report, '$.blocked') AS b WHERE ?1 IS NULL OR " \
		"json_extract(b.value, '$.area') = ?1) FROM reported_boards " \
		"ORDER BY coalesce(authority, board, cvr), board, cvr")


/* Template updates (tmpl_update.c, schema 15): the item keys, base values, conflicts
 * and marks of the three-way merge, and the board's template version. */
#define TK_STMTS(X, K, table) \
	X(S_TK_GET_##K, "SELECT tkey FROM " table " WHERE id = ?1") \
	X(S_TK_PUT_##K, "UPDATE " table " SET tkey = ?2 WHERE id = ?1")
#define TMETA_WHERE "WHERE board_id = ?1 AND kind = ?2 AND tkey = ?3 AND field = ?4"
#define TMPL_STATEMENTS(X) \
	TK_STMTS(X, PKG, "packages") TK_STMTS(X, TASK, "tasks") TK_STMTS(X, PH, "phases") \
	TK_STMTS(X, MEET, "meetings") TK_STMTS(X, DEC, "decisions") \
	X(S_TK_ID_PKG, "SELECT id FROM packages WHERE board_id = ?1 AND tkey = ?2") \
	X(S_TK_ID_TASK, "SELECT t.id FROM tasks AS t JOIN packages AS p ON p.id = t.package_id " \
		"WHERE p.board_id = ?1 AND t.tkey = ?2") \
	X(S_TK_ID_PH, "SELECT id FROM phases WHERE board_id = ?1 AND tkey = ?2") \
	X(S_TK_ID_MEET, "SELECT id FROM meetings WHERE board_id = ?1 AND tkey = ?2 " \
		"ORDER BY id LIMIT 1") \
	X(S_TK_ID_DEC, "SELECT id FROM decisions WHERE board_id = ?1 AND tkey = ?2") \
	X(S_TB_GET, "SELECT value FROM template_base " TMETA_WHERE) \
	X(S_TB_PUT, "INSERT OR REPLACE INTO template_base (board_id, kind, tkey, field, value) " \
		"VALUES (?1, ?2, ?3, ?4, ?5)") \
	X(S_TB_DEL, "DELETE FROM template_base " TMETA_WHERE) \
	X(S_TB_KNOWN, "SELECT count(*) FROM template_base WHERE board_id = ?1 AND kind = ?2 " \
		"AND tkey = ?3") \
	X(S_TC_GET, "SELECT version || ':' || coalesce(theirs, '') FROM template_conflicts " \
		TMETA_WHERE) \
	X(S_TC_PUT, "INSERT OR REPLACE INTO template_conflicts (board_id, kind, tkey, field, " \
		"theirs, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6)") \
	X(S_TC_DEL, "DELETE FROM template_conflicts " TMETA_WHERE) \
	X(S_TC_LIST, "SELECT kind, tkey, field, theirs, version FROM template_conflicts " \
		"WHERE board_id = ?1 ORDER BY kind, tkey, field") \
	X(S_TC_COUNT, "SELECT count(*) FROM template_conflicts WHERE board_id = ?1") \
	X(S_TM_GET, "SELECT CAST(version AS TEXT) FROM template_marks " TMETA_WHERE) \
	X(S_TM_PUT, "INSERT OR REPLACE INTO template_marks (board_id, kind, tkey, field, " \
		"version) VALUES (?1, ?2, ?3, ?4, ?5)") \
	X(S_TM_DEL, "DELETE FROM template_marks " TMETA_WHERE) \
	X(S_TM_SECTIONS, "SELECT field, version FROM template_marks WHERE board_id = ?1 AND " \
		"kind = 'package' AND tkey = ?2 AND field <> ''") \
	X(S_TV_GET, "SELECT CAST(template_version AS TEXT) FROM boards WHERE id = ?1") \
	X(S_TV_PUT, "UPDATE boards SET template_version = ?2 WHERE id = ?1") \
	X(S_TI_ITEMS, "SELECT 'package', x.id, x.tkey, x.title FROM packages AS x " \
		"WHERE x.board_id = ?1 AND x.tkey IS NOT NULL " \
		"UNION ALL SELECT 'task', x.id, x.tkey, x.title FROM tasks AS x JOIN packages AS p " \
		"ON p.id = x.package_id WHERE p.board_id = ?1 AND x.tkey IS NOT NULL " \
		"UNION ALL SELECT 'phase', x.id, x.tkey, x.name FROM phases AS x " \
		"WHERE x.board_id = ?1 AND x.tkey IS NOT NULL " \
		"UNION ALL SELECT 'meeting', x.id, x.tkey, x.title FROM meetings AS x " \
		"WHERE x.board_id = ?1 AND x.tkey IS NOT NULL " \
		"UNION ALL SELECT 'decision', x.id, x.tkey, x.title FROM decisions AS x " \
		"WHERE x.board_id = ?1 AND x.tkey IS NOT NULL") \
	X(S_TMIG_PH, "SELECT id, board_id, name FROM phases WHERE tkey IS NULL " \
		"ORDER BY board_id, position, id") \
	X(S_TMIG_MEET, "SELECT id, board_id, title FROM meetings WHERE tkey IS NULL " \
		"ORDER BY board_id, start_at, id") \
	X(S_TMIG_DEC, "SELECT id, board_id, title FROM decisions WHERE tkey IS NULL " \
		"ORDER BY board_id, id") \
	X(S_TMIG_KEYS, "SELECT tkey FROM phases WHERE board_id = ?1 AND tkey IS NOT NULL " \
		"UNION ALL SELECT tkey FROM meetings WHERE board_id = ?1 AND tkey IS NOT NULL " \
		"UNION ALL SELECT tkey FROM decisions WHERE board_id = ?1 AND tkey IS NOT NULL") \
	X(S_TMIG_BOARDS, "SELECT id FROM boards ORDER BY id")

#define STATEMENTS(X) \
	X(S_BEGIN, "BEGIN IMMEDIATE") \
	/* A read snapshot for multi-query loads: a deferred transaction that never writes \
	 * cannot fail with SQLITE_BUSY_SNAPSHOT. */ \
	X(S_BEGIN_READ, "BEGIN DEFERRED") \
	X(S_COMMIT, "COMMIT") \
	X(S_ROLLBACK, "ROLLBACK") \
	X(S_SAVEPOINT, "SAVEPOINT tv_op") \
	X(S_RELEASE, "RELEASE tv_op") \
	X(S_ROLLBACK_TO, "ROLLBACK TO tv_op") \
	X(S_DATA_VERSION, "PRAGMA data_version") \
	X(S_USER_VERSION, "PRAGMA user_version") \
	X(S_NEXT_CHANGE, "SELECT coalesce(max(change_id), 0) + 1 FROM history") \
	X(S_HIST_INSERT, "INSERT INTO history (change_id, board_id, at, user_name, kind, " \
		"item_id, package_id, op, field, old_value, new_value, account) " \
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)") \
	X(S_HIST_HEAD, "SELECT coalesce(max(id), 0) FROM history") \
	X(S_AREA_SEED, "INSERT OR REPLACE INTO areas (key, sort, name_da, name_en, colour) " \
		"VALUES (?1, ?2, ?3, ?4, ?5)") \
	/* boards */ \
	X(S_BOARD_INSERT, "INSERT INTO boards (name, authority, sector, start_date, archived, " \
		"created_at, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)") \
	X(S_BOARD_GET, "SELECT " BOARD_SEL " FROM boards WHERE id = ?1") \
	X(S_BOARD_BY_NAME, "SELECT id FROM boards WHERE name = ?1") \
	X(S_BOARDS, "SELECT " BOARD_SEL " FROM boards WHERE archived = 0 OR ?1 ORDER BY name, id") \
	X(S_BOARD_SNAPSHOT, "SELECT json_object('id', id, 'name', name, 'authority', " \
		"authority, 'sector', sector, 'start_date', start_date, 'archived', archived, " \
		"'version', version) FROM boards WHERE id = ?1") \
	X(S_BOARD_DELETE, "DELETE FROM boards WHERE id = ?1") \
	/* contexts: board id, package id, version of one row */ \
	X(S_CTX_BOARD, "SELECT id, 0, version FROM boards WHERE id = ?1") \
	X(S_CTX_PACKAGE, "SELECT board_id, id, version FROM packages WHERE id = ?1") \
	X(S_CTX_TASK, "SELECT p.board_id, t.package_id, t.version FROM tasks AS t " \
		"JOIN packages AS p ON p.id = t.package_id WHERE t.id = ?1") \
	X(S_CTX_PHASE, "SELECT board_id, 0, version FROM phases WHERE id = ?1") \
	X(S_CTX_MEETING, "SELECT board_id, 0, version FROM meetings WHERE id = ?1") \
	X(S_CTX_PERSON, "SELECT board_id, 0, version FROM people WHERE id = ?1") \
	X(S_CTX_COMMENT, "SELECT p.board_id, c.package_id, c.version FROM comments AS c " \
		"JOIN packages AS p ON p.id = c.package_id WHERE c.id = ?1") \
	X(S_CTX_DECISION, "SELECT board_id, 0, version FROM decisions WHERE id = ?1") \
	/* packages */ \
	X(S_PKG_INSERT, "INSERT INTO packages (board_id, uid, number, title, area, status, " \
		"owner, deadline, phase_id, background, requirements, process, involvement, " \
		"output, materials, position, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, " \
		"?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)") \
	X(S_PKG_GET, "SELECT " PKG_SEL " FROM packages WHERE id = ?1") \
	X(S_PKG_SET_POS, "UPDATE packages SET position = ?2 WHERE id = ?1") \
	X(S_PKG_COMPACT, "UPDATE packages SET position = r.rn FROM (SELECT id, " \
		"row_number() OVER (ORDER BY position, id) - 1 AS rn FROM packages " \
		"WHERE board_id = ?1 AND area = ?2) AS r " \
		"WHERE packages.id = r.id AND packages.position <> r.rn") \
	X(S_PKG_DELETE, "DELETE FROM packages WHERE id = ?1") \
	X(S_PKG_SNAPSHOT, "SELECT json_object('id', id, 'version', version, 'phase_id', " \
		"phase_id" COLS_PACKAGES(JPAIR) ") FROM packages WHERE id = ?1") \
	X(S_PKG_RESTORE, "INSERT INTO packages (id, version, phase_id" COLS_PACKAGES(LCOL) \
		") SELECT json_extract(?1, '$.id'), json_extract(?1, '$.version') + 1, " \
		"(SELECT id FROM phases WHERE id = json_extract(?1, '$.phase_id') AND " \
		"board_id = json_extract(?1, '$.board_id'))" COLS_PACKAGES(LJSON)) \
	X(S_PKG_SHIFT, "UPDATE packages SET position = position + 1 WHERE " \
		"board_id = json_extract(?1, '$.board_id') AND area = json_extract(?1, '$.area') " \
		"AND position >= json_extract(?1, '$.position')") \
	X(S_PHASE_OF_BOARD, "SELECT id FROM phases WHERE id = ?1 AND board_id = ?2") \
	X(S_PHASE_BY_NAME, "SELECT id FROM phases WHERE board_id = ?1 AND name = ?2 " \
		"ORDER BY position LIMIT 1") \
	/* tasks */ \
	X(S_TASK_INSERT, "INSERT INTO tasks (package_id, uid, title, deadline, done, " \
		"responsible, minimum, owner, position, updated_at, updated_by) " \
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)") \
	X(S_TASK_GET, "SELECT " TASK_SEL " FROM tasks WHERE id = ?1") \
	X(S_TASK_COUNT, "SELECT count(*) FROM tasks WHERE package_id = ?1") \
	X(S_TASK_SET_POS, "UPDATE tasks SET position = ?2 WHERE id = ?1") \
	X(S_TASK_COMPACT, "UPDATE tasks SET position = r.rn FROM (SELECT id, " \
		"row_number() OVER (ORDER BY position, id) - 1 AS rn FROM tasks " \
		"WHERE package_id = ?1) AS r WHERE tasks.id = r.id AND tasks.position <> r.rn") \
	X(S_TASK_DELETE, "DELETE FROM tasks WHERE id = ?1") \
	X(S_TASK_SNAPSHOT, SNAPSHOT_SQL("tasks", COLS_TASKS)) \
	X(S_TASK_RESTORE, RESTORE_SQL("tasks", COLS_TASKS)) \
	X(S_TASK_SHIFT, "UPDATE tasks SET position = position + 1 WHERE " \
		"package_id = json_extract(?1, '$.package_id') " \
		"AND position >= json_extract(?1, '$.position')") \
	X(S_COMMENT_IDS, "SELECT id FROM comments WHERE package_id = ?1 ORDER BY id") \
	/* phases */ \
	X(S_PHASE_INSERT, "INSERT INTO phases (board_id, uid, name, start_date, end_date, " \
		"not_before, not_before_reason, position, updated_at, updated_by) " \
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)") \
	X(S_PHASE_GET, "SELECT " PHASE_SEL " FROM phases WHERE id = ?1") \
	X(S_PHASE_COUNT, "SELECT count(*) FROM phases WHERE board_id = ?1") \
	X(S_PHASE_SET_POS, "UPDATE phases SET position = ?2 WHERE id = ?1") \
	X(S_PHASE_COMPACT, "UPDATE phases SET position = r.rn FROM (SELECT id, " \
		"row_number() OVER (ORDER BY position, id) - 1 AS rn FROM phases " \
		"WHERE board_id = ?1) AS r WHERE phases.id = r.id AND phases.position <> r.rn") \
	X(S_PHASE_DELETE, "DELETE FROM phases WHERE id = ?1") \
	X(S_PHASE_SNAPSHOT, SNAPSHOT_SQL("phases", COLS_PHASES)) \
	X(S_PHASE_RESTORE, RESTORE_SQL("phases", COLS_PHASES)) \
	X(S_PHASE_SHIFT, "UPDATE phases SET position = position + 1 WHERE " \
		"board_id = json_extract(?1, '$.board_id') " \
		"AND position >= json_extract(?1, '$.position')") \
	/* meetings */ \
	X(S_MEET_INSERT, "INSERT INTO meetings (board_id, uid, kind, title, start_at, end_at, " \
		"place, region, url, participants, notes, packages, updated_at, updated_by, " \
		"recurrence_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)") \
	X(S_MEET_GET, "SELECT " MEET_SEL " FROM meetings WHERE id = ?1") \
	X(S_DEC_GET, "SELECT " DEC_SEL " FROM decisions WHERE id = ?1") \
	X(S_MEET_DELETE, "DELETE FROM meetings WHERE id = ?1") \
	X(S_MEET_SNAPSHOT, SNAPSHOT_SQL("meetings", COLS_MEETINGS)) \
	X(S_MEET_RESTORE, RESTORE_SQL("meetings", COLS_MEETINGS)) \
	/* people, comments, decisions */ \
	X(S_PERSON_INSERT, "INSERT INTO people (board_id, name, email, role, area, " \
		"updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)") \
	X(S_PERSON_DELETE, "DELETE FROM people WHERE id = ?1") \
	X(S_PERSON_SNAPSHOT, SNAPSHOT_SQL("people", COLS_PEOPLE)) \
	X(S_PERSON_RESTORE, RESTORE_SQL("people", COLS_PEOPLE)) \
	X(S_COMMENT_INSERT, "INSERT INTO comments (package_id, author, created_at, text, " \
		"updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?3, ?2)") \
	X(S_COMMENT_DELETE, "DELETE FROM comments WHERE id = ?1") \
	X(S_COMMENT_SNAPSHOT, SNAPSHOT_SQL("comments", COLS_COMMENTS)) \
	X(S_COMMENT_RESTORE, RESTORE_SQL("comments", COLS_COMMENTS)) \
	X(S_DEC_INSERT, "INSERT INTO decisions (board_id, title, area, owner, due, status, " \
		"text, decided, updated_at, updated_by) " \
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)") \
	X(S_DEC_DELETE, "DELETE FROM decisions WHERE id = ?1") \
	X(S_DEC_SNAPSHOT, SNAPSHOT_SQL("decisions", COLS_DECISIONS)) \
	X(S_DEC_RESTORE, RESTORE_SQL("decisions", COLS_DECISIONS)) \
	/* tombstones */ \
	X(S_TOMB_INSERT, "INSERT INTO tombstones (board_id, uid, kind, summary, start_at, " \
		"end_at, sequence, deleted_at, area, recurrence_id, ical_sequence) " \
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, nullif(?11, -1))") \
	/* a removed board's exported items (tombstones outlive the board, schema 10); ?1 board,
	 * ?2 now; the summaries and sequences as remove.c's tombstone() writes them */ \
	X(S_TOMB_BOARD_PKGS, "INSERT INTO tombstones (board_id, uid, kind, summary, start_at, " \
		"end_at, sequence, deleted_at, area) SELECT board_id, uid, 'package', " \
		"number || ' ' || title, deadline, deadline, version + export_rev, ?2, area " \
		"FROM packages WHERE board_id = ?1") \
	X(S_TOMB_BOARD_TASKS, "INSERT INTO tombstones (board_id, uid, kind, summary, start_at, " \
		"end_at, sequence, deleted_at, area) SELECT p.board_id, t.uid, 'task', t.title, " \
		"t.deadline, t.deadline, t.version + t.export_rev, ?2, p.area FROM packages AS p " \
		"JOIN tasks AS t ON t.package_id = p.id WHERE p.board_id = ?1") \
	X(S_TOMB_BOARD_PHASES, "INSERT INTO tombstones (board_id, uid, kind, summary, " \
		"start_at, end_at, sequence, deleted_at, area) SELECT board_id, uid, 'phase', " \
		"name, start_date, end_date, version + export_rev, ?2, NULL FROM phases " \
		"WHERE board_id = ?1") \
	X(S_TOMB_BOARD_MEETS, "INSERT INTO tombstones (board_id, uid, kind, summary, " \
		"start_at, end_at, sequence, deleted_at, area, recurrence_id, ical_sequence) " \
		"SELECT board_id, uid, 'meeting', title, start_at, end_at, version + export_rev, " \
		"?2, NULL, recurrence_id, ical_sequence FROM meetings WHERE board_id = ?1") \
	X(S_TOMB_BOARD_DECS, "INSERT INTO tombstones (board_id, uid, kind, summary, " \
		"start_at, end_at, sequence, deleted_at, area) SELECT board_id, 'decision-' || " \
		"board_id || '-' || id, 'decision', title, due, due, version + export_rev, ?2, " \
		"area FROM decisions WHERE board_id = ?1 AND due IS NOT NULL") \
	/* tombstones of removed boards, for export --all; ?1 the oldest deleted_at kept */ \
	X(S_TOMBS_REMOVED, "SELECT " TOMB_SEL " FROM tombstones WHERE deleted_at >= ?1 AND " \
		"board_id NOT IN (SELECT id FROM boards) ORDER BY deleted_at, id") \
	X(S_BOARD_ARCHIVED_AT, "SELECT archived_at FROM boards WHERE id = ?1") \
	/* the export revisions the triggers of schema 10 noted, applied before each commit \
	 * (store_export_apply); ?1 now */ \
	X(S_EXPORT_ANY, "SELECT EXISTS (SELECT 1 FROM export_pending)") \
	X(S_EXPORT_PKGS, EXPORT_RAISE("packages", "package")) \
	X(S_EXPORT_TASKS, EXPORT_RAISE("tasks", "task")) \
	X(S_EXPORT_PHASES, EXPORT_RAISE("phases", "phase")) \
	X(S_EXPORT_MEETS, EXPORT_RAISE("meetings", "meeting")) \
	X(S_EXPORT_DECS, EXPORT_RAISE("decisions", "decision")) \
	X(S_EXPORT_BOARDS, "UPDATE boards SET archived_at = CASE WHEN archived THEN ?1 END " \
		"FROM export_pending AS x WHERE x.kind = 'board' AND boards.id = x.item_id") \
	X(S_EXPORT_CLEAR, "DELETE FROM export_pending") \
	X(S_TOMB_DELETE_OCC, "DELETE FROM tombstones WHERE board_id = ?1 AND uid = ?2 " \
		"AND recurrence_id = ?3") \
	X(S_TOMB_DELETE_UID, "DELETE FROM tombstones WHERE uid = ?1 " \
		"AND ifnull(recurrence_id, '') = ifnull(?2, '')") \
	X(S_TOMB_MEET_ICAL_SEQ, "SELECT coalesce(ical_sequence, -1) FROM tombstones " \
		"WHERE board_id = ?1 AND uid = ?2 AND kind = 'meeting' " \
		"AND ifnull(recurrence_id, '') = ifnull(?3, '') ORDER BY id DESC LIMIT 1") \
	X(S_TOMB_DELETE_BOARD_UID, "DELETE FROM tombstones WHERE board_id = ?1 AND uid = ?2 " \
		"AND ifnull(recurrence_id, '') = ifnull(?3, '')") \
	X(S_TOMB_PURGE, "DELETE FROM tombstones WHERE deleted_at < ?1") \
	X(S_JSON_GET, "SELECT json_extract(?1, ?2)") \
	/* CalDAV publish state */ \
	X(S_PUB_LIST, "SELECT uid, etag, hash FROM publish_state WHERE board_id = ?1 " \
		"AND url = ?2 ORDER BY uid") \
	X(S_PUB_RECORD, "INSERT INTO publish_state (board_id, url, uid, etag, hash, " \
		"published_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (board_id, url, uid) " \
		"DO UPDATE SET etag = excluded.etag, hash = excluded.hash, " \
		"published_at = excluded.published_at") \
	X(S_PUB_FORGET, "DELETE FROM publish_state WHERE board_id = ?1 AND url = ?2 " \
		"AND uid = ?3") \
	/* maintenance */ \
	X(S_QUICK_CHECK, "PRAGMA quick_check") \
	X(S_INTEGRITY_CHECK, "PRAGMA integrity_check") \
	X(S_FK_CHECK, "PRAGMA foreign_key_check") \
	X(S_INV_PKG_POS, "SELECT 'board ' || board_id || ', area ' || area || ': package " \
		"positions are not 0..' || (count(*) - 1) FROM packages GROUP BY board_id, area " \
		"HAVING min(position) <> 0 OR max(position) <> count(*) - 1 " \
		"OR count(DISTINCT position) <> count(*)") \
	X(S_INV_TASK_POS, "SELECT 'package ' || package_id || ': task positions are not " \
		"0..' || (count(*) - 1) FROM tasks GROUP BY package_id " \
		"HAVING min(position) <> 0 OR max(position) <> count(*) - 1 " \
		"OR count(DISTINCT position) <> count(*)") \
	X(S_INV_PHASE_POS, "SELECT 'board ' || board_id || ': phase positions are not " \
		"0..' || (count(*) - 1) FROM phases GROUP BY board_id " \
		"HAVING min(position) <> 0 OR max(position) <> count(*) - 1 " \
		"OR count(DISTINCT position) <> count(*)") \
	/* The portfolio aggregate: per board, index seeks on packages_board_status (status \
	 * spelled as IN so the index takes it as equality). CROSS JOIN keeps boards outside \
	 * and "+p.number" keeps the planner off the (board_id, number) index: left to \
	 * itself it walked every package of the database through that index. */ \
	X(S_OVERDUE_BY_NUMBER, "SELECT p.number, count(*) FROM boards AS b " \
		"CROSS JOIN packages AS p ON p.board_id = b.id " \
		"AND p.status IN ('todo', 'doing', 'blocked') AND p.deadline < ?1 " \
		"WHERE b.archived = 0 AND +p.number < ?2 GROUP BY p.number") \
	X(S_INV_NUMBERS, "SELECT 'board ' || board_id || ': package number ' || number || " \
		"' is used ' || count(*) || ' times' FROM packages GROUP BY board_id, number " \
		"HAVING count(*) > 1") \
	X(S_INV_PHASE_BOARD, "SELECT 'package ' || p.id || ' (board ' || p.board_id || " \
		"') is in phase ' || ph.id || ' of board ' || ph.board_id FROM packages AS p " \
		"JOIN phases AS ph ON ph.id = p.phase_id WHERE ph.board_id <> p.board_id") \
	PORTFOLIO_STATEMENTS(X) \
	REPORTED_STATEMENTS(X) \
	REPLAN_STATEMENTS(X) \
	TMPL_STATEMENTS(X) \
	HOT_STATEMENTS(X)

enum stmt_id {
#define X(id, sql) id,
	STATEMENTS(X)
#undef X
	S_COUNT
};

/* ------------------------------------------------------------------------------------ */
/* Editable fields: the SQL side of each field of tavle/fields.h (type, limits, label
 * live there), joined by field id (TV_FIELD_<kind>_<field>): a row here that names no
 * field there does not compile, and the unit test checks that every field has a row.
 * The UPDATE and SELECT of each field are string literals generated from it. */

/* X(kind, table, field, column) */
#define BOARD_FIELDS(X) \
	X(BOARD, "boards", name, "name") \
	X(BOARD, "boards", authority, "authority") \
	X(BOARD, "boards", sector, "sector") \
	X(BOARD, "boards", start, "start_date") \
	X(BOARD, "boards", archived, "archived") \
	X(BOARD, "boards", contact, "contact") \
	X(BOARD, "boards", cvr, "cvr")
#define PACKAGE_FIELDS(X) \
	X(PACKAGE, "packages", title, "title") \
	X(PACKAGE, "packages", status, "status") \
	X(PACKAGE, "packages", owner, "owner") \
	X(PACKAGE, "packages", deadline, "deadline") \
	X(PACKAGE, "packages", phase, "phase_id") \
	X(PACKAGE, "packages", area, "area") \
	X(PACKAGE, "packages", number, "number") \
	X(PACKAGE, "packages", background, "background") \
	X(PACKAGE, "packages", requirements, "requirements") \
	X(PACKAGE, "packages", process, "process") \
	X(PACKAGE, "packages", involvement, "involvement") \
	X(PACKAGE, "packages", output, "output") \
	X(PACKAGE, "packages", materials, "materials") \
	X(PACKAGE, "packages", blocked_reason, "blocked_reason") \
	X(PACKAGE, "packages", after, "after_packages")
#define TASK_FIELDS(X) \
	X(TASK, "tasks", title, "title") \
	X(TASK, "tasks", deadline, "deadline") \
	X(TASK, "tasks", done, "done") \
	X(TASK, "tasks", responsible, "responsible") \
	X(TASK, "tasks", minimum, "minimum") \
	X(TASK, "tasks", owner, "owner")
#define PHASE_FIELDS(X) \
	X(PHASE, "phases", name, "name") \
	X(PHASE, "phases", start, "start_date") \
	X(PHASE, "phases", end, "end_date") \
	X(PHASE, "phases", not_before, "not_before") \
	X(PHASE, "phases", reason, "not_before_reason")
#define MEETING_FIELDS(X) \
	X(MEETING, "meetings", kind, "kind") \
	X(MEETING, "meetings", title, "title") \
	X(MEETING, "meetings", start, "start_at") \
	X(MEETING, "meetings", end, "end_at") \
	X(MEETING, "meetings", place, "place") \
	X(MEETING, "meetings", region, "region") \
	X(MEETING, "meetings", url, "url") \
	X(MEETING, "meetings", participants, "participants") \
	X(MEETING, "meetings", notes, "notes") \
	X(MEETING, "meetings", packages, "packages")
#define PERSON_FIELDS(X) \
	X(PERSON, "people", name, "name") \
	X(PERSON, "people", email, "email") \
	X(PERSON, "people", role, "role") \
	X(PERSON, "people", area, "area")
#define COMMENT_FIELDS(X) \
	X(COMMENT, "comments", text, "text")
#define DECISION_FIELDS(X) \
	X(DECISION, "decisions", title, "title") \
	X(DECISION, "decisions", area, "area") \
	X(DECISION, "decisions", owner, "owner") \
	X(DECISION, "decisions", due, "due") \
	X(DECISION, "decisions", status, "status") \
	X(DECISION, "decisions", text, "text") \
	X(DECISION, "decisions", decided, "decided")
#define ALL_FIELDS(X) BOARD_FIELDS(X) PACKAGE_FIELDS(X) TASK_FIELDS(X) PHASE_FIELDS(X) \
	MEETING_FIELDS(X) PERSON_FIELDS(X) COMMENT_FIELDS(X) DECISION_FIELDS(X)


#endif
