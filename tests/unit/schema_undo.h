/* SPDX-License-Identifier: MPL-2.0 */
/*
 * SQL that takes a fresh database back to before the export revisions (schema 10, the
 * migration after schema 9 in src/core/store/schema.c), for the tests that make an
 * older file by dropping what later migrations added: it goes first (before
 * SQL_UNDO_AFTER_8 in store_fixture.h), its triggers first of all, since SQLite
 * refuses to drop a column a trigger names. The tombstones keep their new shape (no foreign key to
 * boards), which no older tavle reads differently. Tests only.
 */
#ifndef TAVLE_TEST_SCHEMA_UNDO_H
#define TAVLE_TEST_SCHEMA_UNDO_H

#define UNDO_EXPORT_COLS(t) \
	"ALTER TABLE " t " DROP COLUMN export_rev; ALTER TABLE " t " DROP COLUMN export_at; "

#define UNDO_EXPORT_REVISIONS \
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

#endif
