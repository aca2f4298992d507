/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Test helper: hold the write lock of a SQLite database (BEGIN IMMEDIATE) for SECONDS,
 * as a stuck writer (a tavle stopped with Ctrl-Z inside a transaction) would. Prints
 * "locked" once it holds the lock, then sleeps and rolls back. Not part of tavle.
 *
 * usage: holdlock DB SECONDS
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <sqlite3.h>

int
main(int argc, char **argv)
{
	if (argc != 3)
		return 2;
	sqlite3 *db;
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		return 1;
	sqlite3_busy_timeout(db, 10000);
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "holdlock: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	printf("locked\n");
	fflush(stdout);
	sleep((unsigned)atoi(argv[2]));
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db);
	return 0;
}
