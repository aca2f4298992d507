/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Files written atomically: a temporary file in the target's directory (mkstemp),
 * fsync, rename over the target, fsync of the directory. A failed write leaves the
 * previous file intact. Also reading a whole file into memory and the directory part
 * of a path.
 * Must not depend on curses, SQLite or libical.
 */
#ifndef TAVLE_FILEIO_H
#define TAVLE_FILEIO_H

#include <stdio.h>
#include <sys/types.h>

#include "tavle/status.h"

struct tv_atomic_file {
	FILE *fp;      /* write here */
	char *path;    /* the target */
	char *tmp;     /* the temporary file */
};

/* Create the temporary file next to `path`, with permission bits `mode` (e.g. 0600).
 * Errors: TV_IO with diag naming the directory and the reason. */
enum tv_status tv_atomic_open(const char *path, mode_t mode, struct tv_atomic_file *out,
	struct tv_diag *diag);

/* Flush, fsync, close and rename into place. On error (disk full...) the temporary
 * file is removed, the target is untouched, and TV_IO names the reason. The struct is
 * released either way. */
enum tv_status tv_atomic_commit(struct tv_atomic_file *f, struct tv_diag *diag);

/* Remove the temporary file and release the struct. */
void tv_atomic_abort(struct tv_atomic_file *f);

/* Read a whole file (at most max_bytes) into a NUL-terminated buffer. Caller frees
 * *out. Errors: TV_NOT_FOUND, TV_IO, TV_INVALID (too large). */
enum tv_status tv_file_read(const char *path, size_t max_bytes, char **out, size_t *out_len,
	struct tv_diag *diag);

/* The directory part of `path` as a new string the caller frees: "." when there is no
 * slash, "/" for a file in the root, otherwise everything before the last slash.
 * Never fails. */
char *tv_path_dir(const char *path);

#endif
