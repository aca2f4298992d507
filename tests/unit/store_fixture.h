/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The store tests' fixture, shared by test_store.c (opening, files, migrations) and
 * test_store_edit.c (records, history, ordering, checks, connections): a database in a
 * fresh directory with one board, a fixed clock, OK/IS that check a call's status and
 * that no statement is left mid-step, and small helpers to add and read records.
 */
#ifndef TAVLE_TEST_STORE_FIXTURE_H
#define TAVLE_TEST_STORE_FIXTURE_H

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "tavle/store.h"
#include "tavle/text.h"

#include "schema_undo.h"

/* 2027-03-01 12:00:00 UTC: a fixed clock for relative dates and tombstones. */
#define NOW ((time_t)1803902400)

struct fx {
	char dir[64];
	char *path;
	struct tv_store *s;
	int64_t board;
};

/* Every call must succeed and leave no statement mid-step. */
#define OK(store, call)                                                              \
	do {                                                                         \
		enum tv_status st_ = (call);                                         \
		if (st_ != TV_OK)                                                    \
			fail_msg("%s -> %s: %s", #call, tv_status_message(st_),      \
				tv_store_errmsg(store));                             \
		assert_true(tv_store_idle(store));                                   \
	} while (0)

#define IS(store, status, call)                                                      \
	do {                                                                         \
		enum tv_status st_ = (call);                                         \
		if (st_ != (status))                                                 \
			fail_msg("%s -> %s (wanted %s): %s", #call,                   \
				tv_status_message(st_), tv_status_message(status),   \
				tv_store_errmsg(store));                             \
		assert_true(tv_store_idle(store));                                   \
	} while (0)

void remove_tree(const char *dir);
int setup_dir(void **state);
int setup_board(void **state);
int teardown(void **state);
char *slurp(const char *path, size_t *len);
void sql_exec(const char *path, const char *sql);
int64_t add_package(struct fx *f, const char *title, enum tv_area area);
int64_t add_task(struct fx *f, int64_t pkg, const char *title);
int64_t add_phase(struct fx *f, const char *name, int32_t start, int32_t end);
int32_t day(int y, int m, int d);
char *get(struct fx *f, enum tv_kind kind, int64_t id, const char *field);
void assert_field(struct fx *f, enum tv_kind kind, int64_t id, const char *field, const char *want);
int64_t version_of(struct fx *f, enum tv_kind kind, int64_t id);

#endif
