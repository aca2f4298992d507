/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The later migrations undone, as SQL text for the tests that make an older database
 * file (test_store.c test_migration_*, test_account.c): each migration after schema 8
 * has a macro that drops what it added, and a chain drops every migration after a
 * given schema in reverse order, so a new migration changes this file only. Tests only.
 */
#ifndef TAVLE_TEST_SCHEMA_UNDO_H
#define TAVLE_TEST_SCHEMA_UNDO_H

/* What each migration after schema 8 added, undone: SQL_UNDO_<n> takes a file of schema
 * n (nothing later in it) back to schema n - 1; SQL_UNDO_AFTER_<n> takes a file of
 * today's schema back to schema n, every later migration undone in reverse order. The
 * migration tests make an older file with SQL_UNDO_AFTER_<n>; a new migration adds its
 * SQL_UNDO_<n> and its SQL_UNDO_AFTER_<n - 1>, and puts SQL_UNDO_<n> in front of the
 * chain below it. SQLite refuses to drop a column an index or a trigger names, so
 * those go first. */
/* Schema 9 (issue 18): boards.contact, packages.blocked_reason, packages.after_packages. */
#define SQL_UNDO_9 \
	"ALTER TABLE boards DROP COLUMN contact; " \
	"ALTER TABLE packages DROP COLUMN blocked_reason; " \
	"ALTER TABLE packages DROP COLUMN after_packages; "
/* Schema 10 (issue 17 items 9, 10, export revisions): the triggers, export_pending, the
 * export_rev/export_at columns, boards.archived_at. The tombstones keep their new shape
 * (no foreign key to boards), which no older tavle reads differently. */
#define UNDO_EXPORT_COLS(t) \
	"ALTER TABLE " t " DROP COLUMN export_rev; ALTER TABLE " t " DROP COLUMN export_at; "
#define SQL_UNDO_10 \
	"DROP TRIGGER export_package_self; DROP TRIGGER export_task_self; " \
	"DROP TRIGGER export_phase_self; DROP TRIGGER export_meeting_self; " \
	"DROP TRIGGER export_decision_self; DROP TRIGGER export_package_tasks; " \
	"DROP TRIGGER export_phase_packages; DROP TRIGGER export_board_name; " \
	"DROP TRIGGER export_board_archived; DROP TRIGGER export_package_back; " \
	"DROP TRIGGER export_task_back; DROP TRIGGER export_phase_back; " \
	"DROP TRIGGER export_meeting_back; DROP TRIGGER export_decision_back; " \
	"DROP TABLE export_pending; " \
	UNDO_EXPORT_COLS("packages") UNDO_EXPORT_COLS("tasks") UNDO_EXPORT_COLS("phases") \
	UNDO_EXPORT_COLS("meetings") UNDO_EXPORT_COLS("decisions") \
	"ALTER TABLE boards DROP COLUMN archived_at; "
/* Schema 11 (issue 18, re-planning): the template offsets beside the dates. */
#define SQL_UNDO_11 \
	"ALTER TABLE packages DROP COLUMN deadline_offset; " \
	"ALTER TABLE tasks DROP COLUMN deadline_offset; " \
	"ALTER TABLE phases DROP COLUMN start_offset; " \
	"ALTER TABLE phases DROP COLUMN end_offset; " \
	"ALTER TABLE meetings DROP COLUMN start_offset; " \
	"ALTER TABLE meetings DROP COLUMN end_offset; " \
	"ALTER TABLE decisions DROP COLUMN due_offset; "
/* Schema 12 (issue 17 item 4, recurring events): meetings.recurrence_id and the
 * uniqueness index over it, tombstones.recurrence_id. */
#define SQL_UNDO_12 \
	"DROP INDEX meetings_uid; " \
	"ALTER TABLE meetings DROP COLUMN recurrence_id; " \
	"ALTER TABLE tombstones DROP COLUMN recurrence_id; "
/* Schema 13 (issue 17 item 5): tombstones.ical_sequence. */
#define SQL_UNDO_13 \
	"ALTER TABLE tombstones DROP COLUMN ical_sequence; "
/* Schema 14 (issue 20): boards.cvr, the reported boards of a programme database. */
#define SQL_UNDO_14 \
	"DROP TABLE reported_boards; " \
	"ALTER TABLE boards DROP COLUMN cvr; "
/* Schema 15 (issue 20, package updates): the item keys, the board's template version,
 * the merge's base values, conflicts and marks. */
#define SQL_UNDO_15 \
	"DROP TABLE template_marks; DROP TABLE template_conflicts; DROP TABLE template_base; " \
	"ALTER TABLE boards DROP COLUMN template_version; " \
	"ALTER TABLE decisions DROP COLUMN tkey; ALTER TABLE meetings DROP COLUMN tkey; " \
	"ALTER TABLE phases DROP COLUMN tkey; ALTER TABLE tasks DROP COLUMN tkey; " \
	"ALTER TABLE packages DROP COLUMN tkey; "
#define SQL_UNDO_AFTER_14 SQL_UNDO_15
#define SQL_UNDO_AFTER_13 SQL_UNDO_AFTER_14 SQL_UNDO_14
#define SQL_UNDO_AFTER_12 SQL_UNDO_AFTER_13 SQL_UNDO_13
#define SQL_UNDO_AFTER_11 SQL_UNDO_AFTER_12 SQL_UNDO_12
#define SQL_UNDO_AFTER_10 SQL_UNDO_AFTER_11 SQL_UNDO_11
#define SQL_UNDO_AFTER_9 SQL_UNDO_AFTER_10 SQL_UNDO_10
#define SQL_UNDO_AFTER_8 SQL_UNDO_AFTER_9 SQL_UNDO_9

#endif
