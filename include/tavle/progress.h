/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Progress of a long operation (import, export of every board, benchmark generation)
 * on standard error, one line rewritten in place ("import: 420/1000 (42%)"), and only
 * when standard error is a terminal: a script or a log file gets nothing. Updates are
 * throttled to a few per second so printing never slows the work down.
 * Must not depend on curses, SQLite or libical.
 */
#ifndef TAVLE_PROGRESS_H
#define TAVLE_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct tv_progress {
	FILE *out;        /* NULL: silent */
	const char *what; /* static label, e.g. "import" */
	size_t total;
	long long last_ms;
	bool shown;
};

/* Start: silent unless `out` is a terminal (tests pass their own FILE). */
void tv_progress_start(struct tv_progress *p, FILE *out, const char *what, size_t total);
/* `done` of `total` items are finished. */
void tv_progress_step(struct tv_progress *p, size_t done);
/* Finish: the final count, then a newline (only if anything was shown). */
void tv_progress_end(struct tv_progress *p);

#endif
