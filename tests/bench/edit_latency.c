/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Latency of one committed edit while other processes write: `edit_latency DB
 * [WRITERS] [PAUSE_MS] [EDITS]` forks WRITERS (default 4) processes that each open
 * their own connection and change package owners of another board in a loop
 * (tv_store_set, one transaction each, PAUSE_MS between writes; 0 = flat out), then
 * times EDITS (default 200) tv_store_set calls of its own with CLOCK_MONOTONIC and
 * prints p50, p90, p99 and max in milliseconds, and how many edits the writers made
 * meanwhile. Each measured call is a full commit (BEGIN IMMEDIATE .. COMMIT), the
 * cost a user pays per keystroke that saves. Core library only; it edits DB, so run
 * it on a copy.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tavle/model.h"
#include "tavle/status.h"
#include "tavle/store.h"

static volatile sig_atomic_t stop;

static void
on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static double
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The package ids of board number `which` (by name order). */
static int64_t *
packages_of(struct tv_store *s, size_t which, size_t *n)
{
	struct tv_board *boards = NULL;
	size_t nb = 0;
	if (tv_store_boards(s, false, &boards, &nb) != TV_OK || which >= nb) {
		fprintf(stderr, "edit_latency: need at least %zu boards\n", which + 1);
		exit(1);
	}
	struct tv_board_data *d = NULL;
	if (tv_store_load_board(s, boards[which].id, &d) != TV_OK) {
		fprintf(stderr, "edit_latency: %s\n", tv_store_errmsg(s));
		exit(1);
	}
	for (size_t i = 0; i < nb; i++)
		tv_board_clear(&boards[i]);
	free(boards);
	int64_t *ids = calloc(d->npackages ? d->npackages : 1, sizeof *ids);
	for (size_t i = 0; i < d->npackages; i++)
		ids[i] = d->packages[i].id;
	*n = d->npackages;
	tv_board_data_free(d);
	return ids;
}

static struct tv_store *
open_db(const char *path, const char *user)
{
	struct tv_diag diag = { 0 };
	struct tv_store *s = NULL;
	if (tv_store_open(path, 0, &s, &diag) != TV_OK) {
		fprintf(stderr, "edit_latency: %s\n", diag.msg);
		exit(1);
	}
	tv_store_set_user(s, user);
	return s;
}

/* One writer: edit owners of board `which` until told to stop; report the count. */
static void
writer(const char *path, size_t which, int pause_ms, int ready_fd, int count_fd)
{
	signal(SIGTERM, on_term);
	char user[32];
	snprintf(user, sizeof user, "writer%zu", which);
	struct tv_store *s = open_db(path, user);
	size_t n = 0;
	int64_t *ids = packages_of(s, which, &n);
	char b = 'r';
	if (write(ready_fd, &b, 1) != 1)
		_exit(1);
	long done = 0, failed = 0;
	for (unsigned long i = 0; !stop; i++) {
		char v[48];
		snprintf(v, sizeof v, "%s %lu", user, i);
		enum tv_status st = tv_store_set(s, TV_KIND_PACKAGE, ids[i % n], "owner", v, 0,
			NULL, NULL);
		if (st == TV_OK)
			done++;
		else
			failed++;
		if (pause_ms > 0)
			usleep((useconds_t)pause_ms * 1000);
	}
	long out[2] = { done, failed };
	if (write(count_fd, out, sizeof out) != (ssize_t)sizeof out)
		_exit(1);
	free(ids);
	tv_store_close(s);
	_exit(0);
}

int
main(int argc, char **argv)
{
	if (argc < 2 || argc > 5) {
		fprintf(stderr, "usage: %s DB [WRITERS] [PAUSE_MS] [EDITS]\n", argv[0]);
		return 2;
	}
	const char *path = argv[1];
	int nwriters = argc > 2 ? atoi(argv[2]) : 4;
	int pause_ms = argc > 3 ? atoi(argv[3]) : 0;
	int nedits = argc > 4 ? atoi(argv[4]) : 200;
	if (nwriters < 0 || nwriters > 64 || nedits < 1)
		return 2;
	int ready[2], counts[2];
	if (pipe(ready) != 0 || pipe(counts) != 0)
		return 1;
	pid_t pids[64];
	for (int w = 0; w < nwriters; w++) {
		pids[w] = fork();
		if (pids[w] < 0)
			return 1;
		if (pids[w] == 0) {
			close(ready[0]);
			close(counts[0]);
			writer(path, (size_t)w + 1, pause_ms, ready[1], counts[1]);
		}
	}
	close(ready[1]);
	close(counts[1]);
	for (int w = 0; w < nwriters; w++) {
		char b;
		if (read(ready[0], &b, 1) != 1) {
			fprintf(stderr, "edit_latency: a writer failed to start\n");
			return 1;
		}
	}
	struct tv_store *s = open_db(path, "measured");
	size_t n = 0;
	int64_t *ids = packages_of(s, 0, &n);
	double *ms = calloc((size_t)nedits, sizeof *ms);
	int failed = 0;
	double t0 = now_ms();
	for (int i = 0; i < nedits; i++) {
		char v[48];
		snprintf(v, sizeof v, "Målt redigering %d", i);
		double a = now_ms();
		enum tv_status st = tv_store_set(s, TV_KIND_PACKAGE, ids[(size_t)i % n], "owner", v,
			0, NULL, NULL);
		ms[i] = now_ms() - a;
		if (st != TV_OK) {
			failed++;
			fprintf(stderr, "edit_latency: %s\n", tv_store_errmsg(s));
		}
	}
	double wall = now_ms() - t0;
	for (int w = 0; w < nwriters; w++)
		kill(pids[w], SIGTERM);
	long wdone = 0, wfailed = 0;
	for (int w = 0; w < nwriters; w++) {
		long c[2];
		if (read(counts[0], c, sizeof c) == (ssize_t)sizeof c) {
			wdone += c[0];
			wfailed += c[1];
		}
	}
	for (int w = 0; w < nwriters; w++)
		waitpid(pids[w], NULL, 0);
	qsort(ms, (size_t)nedits, sizeof *ms, cmp_double);
	int p99 = (int)((double)nedits * 0.99 + 0.5) - 1;
	printf("edits %d failed %d p50_ms %.2f p90_ms %.2f p99_ms %.2f max_ms %.2f "
		"writers %d writer_edits_per_s %.0f writer_failed %ld\n", nedits, failed,
		ms[nedits / 2], ms[(int)(nedits * 0.9)], ms[p99 < 0 ? 0 : p99], ms[nedits - 1],
		nwriters, wall > 0 ? (double)wdone * 1000.0 / wall : 0.0, wfailed);
	free(ms);
	free(ids);
	tv_store_close(s);
	return failed ? 1 : 0;
}
