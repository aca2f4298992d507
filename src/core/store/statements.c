/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The statement table: the text of every statement by id (from the lists in
 * statements.h), the statements of each kind of record (context, snapshot, restore,
 * delete), and preparing them: each statement is prepared once per connection
 * (SQLITE_PREPARE_PERSISTENT) on first use and kept until tv_store_close.
 */
#include "store_int.h"

static const char *const stmt_sql[] = {
#define X(id, sql) sql,
	STATEMENTS(X)
#undef X
};

/* Per kind: the context query, the snapshot and restore statements, the delete. */
const struct store_kind_stmts store_kind_stmts[TV_KIND_COUNT] = {
	[TV_KIND_BOARD] = { S_CTX_BOARD, S_BOARD_SNAPSHOT, S_COUNT, S_BOARD_DELETE, NULL },
	[TV_KIND_PACKAGE] = { S_CTX_PACKAGE, S_PKG_SNAPSHOT, S_PKG_RESTORE, S_PKG_DELETE, "pkg-" },
	[TV_KIND_TASK] = { S_CTX_TASK, S_TASK_SNAPSHOT, S_TASK_RESTORE, S_TASK_DELETE, "task-" },
	[TV_KIND_PHASE] = { S_CTX_PHASE, S_PHASE_SNAPSHOT, S_PHASE_RESTORE, S_PHASE_DELETE,
		"phase-" },
	[TV_KIND_MEETING] = { S_CTX_MEETING, S_MEET_SNAPSHOT, S_MEET_RESTORE, S_MEET_DELETE,
		"meet-" },
	[TV_KIND_PERSON] = { S_CTX_PERSON, S_PERSON_SNAPSHOT, S_PERSON_RESTORE, S_PERSON_DELETE,
		NULL },
	[TV_KIND_COMMENT] = { S_CTX_COMMENT, S_COMMENT_SNAPSHOT, S_COMMENT_RESTORE,
		S_COMMENT_DELETE, NULL },
	[TV_KIND_DECISION] = { S_CTX_DECISION, S_DEC_SNAPSHOT, S_DEC_RESTORE, S_DEC_DELETE,
		NULL },
};

sqlite3_stmt *
store_prep(struct tv_store *s, enum stmt_id id)
{
	if (!s->stmts[id]) {
		int rc = sqlite3_prepare_v3(s->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
			&s->stmts[id], NULL);
		if (rc != SQLITE_OK)
			tv_fatal("store: cannot prepare statement %d: %s", (int)id,
				sqlite3_errmsg(s->db));
	}
	return s->stmts[id];
}
