/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Every file tavle writes goes through one routine, tv_out_open / tv_out_commit /
 * tv_out_abort, which owns four promises:
 *  - a regular file (new or existing, or the file a symlink leads to) is replaced
 *    atomically: a temporary `.NAME.tavle-XXXXXX` in the target's directory, fsync,
 *    rename onto the target's resolved path (the symlink stays a symlink), fsync of the
 *    directory; a failed write leaves the previous file intact;
 *  - anything else at the path (a device node, a FIFO, a socket) is opened and written
 *    in place, never renamed over or unlinked; "-" is standard output;
 *  - live temporary files are registered and removed on every exit path, signals
 *    (INT, TERM, HUP, QUIT, PIPE) included; stale ones an earlier killed run left for
 *    the same target (same name pattern, this user's, not locked by a live writer) are
 *    removed when the next write to that target starts;
 *  - the mode: personal data is never wider than the database it came from, nor than the
 *    umask allows: (database mode & 0666) & ~umask, in the database's group when that
 *    leaves group bits (see tv_out_set_origin).
 * Also reading a whole file into memory and the directory part of a path.
 * Must not depend on curses, SQLite or libical.
 */
#ifndef TAVLE_FILEIO_H
#define TAVLE_FILEIO_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "tavle/status.h"

enum {
	TV_OUT_STDOUT = 1u << 0, /* "-" means standard output */
	TV_OUT_BINARY = 1u << 1, /* the data is binary: refuse a terminal on stdout */
	TV_OUT_NAMED = 1u << 2,  /* the writer opens a file by name (tmp_name) */
	TV_OUT_NEW = 1u << 3,    /* never replace an existing file (a backup) */
};

struct tv_out_file {
	FILE *fp;             /* write here (with TV_OUT_NAMED: write to tmp_name instead) */
	const char *tmp_name; /* the temporary file (TV_OUT_NAMED always has one), or NULL */
	char *path;           /* the path as given, for messages */
	char *target;         /* the resolved file the temporary is renamed onto, or NULL
	                       * when written in place or to standard output */
	char *tmp;            /* owned copy behind tmp_name */
	int dest_fd;          /* in place with TV_OUT_NAMED: the destination; else -1 */
	unsigned flags;
	bool to_stdout;
};

/* The rule for the mode of every file written from now on: the mode and group of the
 * database at `db_path` (NULL, or a file that cannot be stat'ed: 0600). Called once the
 * database is open. */
void tv_out_set_origin(const char *db_path);

/* The permission bits a new file gets under the rule (already narrowed by the umask). */
mode_t tv_out_mode(void);

/* Start writing `path` (see the header comment; flags TV_OUT_*). Removes stale
 * temporaries of an earlier killed write to the same target first.
 * Errors: TV_IO naming the path or directory and the reason; TV_INVALID for a
 * directory, a binary file to a terminal, or (TV_OUT_NEW) an existing file. */
enum tv_status tv_out_open(const char *path, unsigned flags, struct tv_out_file *out,
	struct tv_diag *diag);

/* Finish: flush, fsync and rename into place (or copy into the in-place destination).
 * On error (disk full...) the temporary file is removed, a replaced target is
 * untouched, and TV_IO names the reason. The struct is released either way. */
enum tv_status tv_out_commit(struct tv_out_file *f, struct tv_diag *diag);

/* Remove the temporary file and release the struct (also fine after a failed open). */
void tv_out_abort(struct tv_out_file *f);

/* Whether `name` in `dir` is a temporary file of tavle's (`.X.tavle-XXXXXX`) left by a
 * killed run: owned by this user, a regular file and not locked by a live writer. Such a
 * file is removed and true returned. */
bool tv_out_remove_stale(const char *dir, const char *name);

/* Read a whole file (at most max_bytes) into a NUL-terminated buffer. Caller frees
 * *out. Errors: TV_NOT_FOUND, TV_IO, TV_INVALID (too large). */
enum tv_status tv_file_read(const char *path, size_t max_bytes, char **out, size_t *out_len,
	struct tv_diag *diag);

/* The directory part of `path` as a new string the caller frees: "." when there is no
 * slash, "/" for a file in the root, otherwise everything before the last slash.
 * Never fails. */
char *tv_path_dir(const char *path);

#endif
