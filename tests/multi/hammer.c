/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Load test for many coordinators on one database: P processes each make N
 * read-modify-write edits through the store API on the same few packages (each edit
 * reads a package's owner field, a decimal counter, and writes it back plus one with
 * the version it read; on TV_CONFLICT it reads again and retries). At the end the
 * counters must add up to P x N (no lost update), no TV_BUSY may have reached a caller,
 * the history must hold one row per edit and tv_store_check must be clean. Prints the
 * figures: edits/s, worst and 99th-percentile commit latency, conflict retries.
 * Depends only on the core API; every process opens its own connection after fork().
 *
 * usage: hammer DB [PROCS [EDITS [PACKAGES]]]
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tavle/date.h"
#include "tavle/model.h"
#include "tavle/status.h"
#include "tavle/store.h"

struct result {
	long edits;
	long conflicts;
	long busy;
	long errors;
	double worst_ms;
	double p99_ms;
};

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
	return x < y ? -1 : x > y;
}

static void
worker(const char *db, int me, int edits, int npkg, const int64_t *ids, struct result *out)
{
	struct tv_store *s = NULL;
	struct tv_diag diag;
	tv_diag_clear(&diag);
	if (tv_store_open(db, 0, &s, &diag) != TV_OK) {
		fprintf(stderr, "worker %d: open: %s\n", me, diag.msg);
		out->errors++;
		return;
	}
	char user[32];
	snprintf(user, sizeof user, "worker%d", me);
	tv_store_set_user(s, user);
	double *lat = calloc((size_t)edits, sizeof *lat);
	for (int i = 0; i < edits; i++) {
		int64_t id = ids[(me + i) % npkg];
		double worst_try = 0;
		for (;;) {
			char *val = NULL;
			int64_t ver = 0;
			enum tv_status st = tv_store_get(s, TV_KIND_PACKAGE, id, "owner", &val, &ver);
			if (st != TV_OK) {
				if (st == TV_BUSY)
					out->busy++;
				out->errors++;
				fprintf(stderr, "worker %d: get: %s\n", me, tv_store_errmsg(s));
				break;
			}
			long n = val && *val ? strtol(val, NULL, 10) : 0;
			free(val);
			char next[32];
			snprintf(next, sizeof next, "%ld", n + 1);
			double t0 = now_ms();
			struct tv_conflict c = { 0 };
			st = tv_store_set(s, TV_KIND_PACKAGE, id, "owner", next, ver, &c, NULL);
			double dt = now_ms() - t0;
			if (dt > worst_try)
				worst_try = dt;
			tv_conflict_clear(&c);
			if (!tv_store_idle(s)) {
				fprintf(stderr, "worker %d: a statement left un-reset\n", me);
				out->errors++;
			}
			if (st == TV_OK) {
				out->edits++;
				break;
			}
			if (st == TV_CONFLICT) {
				out->conflicts++;
				continue;
			}
			if (st == TV_BUSY)
				out->busy++;
			out->errors++;
			fprintf(stderr, "worker %d: set: %s\n", me, tv_store_errmsg(s));
			break;
		}
		lat[i] = worst_try;
	}
	qsort(lat, (size_t)edits, sizeof *lat, cmp_double);
	out->worst_ms = edits ? lat[edits - 1] : 0;
	out->p99_ms = edits ? lat[(size_t)((edits - 1) * 0.99)] : 0;
	free(lat);
	tv_store_close(s);
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: hammer DB [PROCS [EDITS [PACKAGES]]]\n");
		return 2;
	}
	const char *db = argv[1];
	int procs = argc > 2 ? atoi(argv[2]) : 8;
	int edits = argc > 3 ? atoi(argv[3]) : 500;
	int npkg = argc > 4 ? atoi(argv[4]) : 3;
	if (procs < 1 || edits < 1 || npkg < 1 || npkg > 64)
		return 2;
	int pass = 0, fail = 0;
#define CHECK(cond, ...) do { \
		if (cond) { pass++; printf("ok - " __VA_ARGS__); putchar('\n'); } \
		else { fail++; printf("not ok - " __VA_ARGS__); putchar('\n'); } \
	} while (0)

	/* A fresh database each run (meson reruns keep the build directory). */
	static const char *const suffix[] = { "", "-wal", "-shm" };
	for (size_t i = 0; i < 3; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s%s", db, suffix[i]);
		unlink(path);
	}
	/* Set up, then close before fork(): a connection must never cross a fork. */
	int64_t ids[64];
	{
		struct tv_store *s = NULL;
		struct tv_diag diag;
		tv_diag_clear(&diag);
		if (tv_store_open(db, TV_STORE_CREATE, &s, &diag) != TV_OK) {
			fprintf(stderr, "open %s: %s\n", db, diag.msg);
			return 1;
		}
		struct tv_board b = { 0 };
		b.name = tv_xstrdup("Hammer");
		b.authority = tv_xstrdup("Test");
		b.sector = TV_SECTOR_MUNICIPALITY;
		b.start = 20000;
		if (tv_store_board_add(s, &b) != TV_OK) {
			fprintf(stderr, "board: %s\n", tv_store_errmsg(s));
			return 1;
		}
		for (int i = 0; i < npkg; i++) {
			struct tv_package p = { 0 };
			p.board_id = b.id;
			p.number = -1;
			p.title = tv_xasprintf("Shared package %d", i);
			p.area = (enum tv_area)(i % 4);
			p.status = TV_TODO;
			p.owner = tv_xstrdup("0");
			p.deadline.day = TV_NO_DAY;
			p.deadline.minute = TV_NO_TIME;
			if (tv_store_package_add(s, &p) != TV_OK) {
				fprintf(stderr, "package: %s\n", tv_store_errmsg(s));
				return 1;
			}
			ids[i] = p.id;
			tv_package_clear(&p);
		}
		tv_board_clear(&b);
		tv_store_close(s);
	}

	struct result *res = mmap(NULL, sizeof *res * (size_t)procs, PROT_READ | PROT_WRITE,
		MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (res == MAP_FAILED)
		return 1;
	memset(res, 0, sizeof *res * (size_t)procs);
	double t0 = now_ms();
	for (int p = 0; p < procs; p++) {
		pid_t pid = fork();
		if (pid == 0) {
			worker(db, p, edits, npkg, ids, &res[p]);
			_exit(0);
		}
		if (pid < 0) {
			perror("fork");
			return 1;
		}
	}
	int bad_exit = 0;
	for (int p = 0; p < procs; p++) {
		int wst;
		if (wait(&wst) < 0 || !WIFEXITED(wst) || WEXITSTATUS(wst) != 0)
			bad_exit++;
	}
	double secs = (now_ms() - t0) / 1e3;

	long total = 0, conflicts = 0, busy = 0, errors = 0;
	double worst = 0, p99 = 0;
	for (int p = 0; p < procs; p++) {
		total += res[p].edits;
		conflicts += res[p].conflicts;
		busy += res[p].busy;
		errors += res[p].errors;
		if (res[p].worst_ms > worst)
			worst = res[p].worst_ms;
		if (res[p].p99_ms > p99)
			p99 = res[p].p99_ms;
	}
	long want = (long)procs * edits;
	CHECK(bad_exit == 0, "every worker exited normally");
	CHECK(total == want, "every edit committed (%ld of %ld)", total, want);
	CHECK(busy == 0, "no TV_BUSY reached a caller (%ld)", busy);
	CHECK(errors == 0, "no other errors (%ld)", errors);

	struct tv_store *s = NULL;
	struct tv_diag diag;
	tv_diag_clear(&diag);
	if (tv_store_open(db, 0, &s, &diag) != TV_OK) {
		fprintf(stderr, "reopen: %s\n", diag.msg);
		return 1;
	}
	long sum = 0;
	for (int i = 0; i < npkg; i++) {
		char *v = NULL;
		if (tv_store_get(s, TV_KIND_PACKAGE, ids[i], "owner", &v, NULL) == TV_OK)
			sum += strtol(v, NULL, 10);
		free(v);
	}
	CHECK(sum == want, "final counters account for every edit: %ld of %ld (lost: %ld)",
		sum, want, want - sum);
	struct tv_history *h = NULL;
	size_t nh = 0;
	long owner_rows = 0, named = 0;
	int64_t board_id = 0;
	tv_store_board_find(s, "Hammer", &board_id);
	if (tv_store_history(s, board_id, 0, TV_NO_DAY, 0, &h, &nh) == TV_OK) {
		for (size_t i = 0; i < nh; i++) {
			if (h[i].field && strcmp(h[i].field, "owner") == 0) {
				owner_rows++;
				if (h[i].user && strncmp(h[i].user, "worker", 6) == 0)
					named++;
			}
			tv_history_clear(&h[i]);
		}
		free(h);
	}
	CHECK(owner_rows == want, "history has one row per edit (%ld)", owner_rows);
	CHECK(named == want, "every history row names its writer (%ld)", named);
	char *report = NULL;
	enum tv_status st = tv_store_check(s, true, &report);
	CHECK(st == TV_OK && !report, "integrity check clean%s%s", report ? ": " : "",
		report ? report : "");
	free(report);
	CHECK(tv_store_idle(s), "no statement left un-reset");
	tv_store_close(s);

	printf("# %d processes x %d edits on %d packages: %.0f edits/s (%.2f s), "
		"worst commit latency %.1f ms, p99 %.1f ms, %ld conflict retries\n",
		procs, edits, npkg, (double)total / secs, secs, worst, p99, conflicts);
	printf("%d passed, %d failed\n", pass, fail);
	return fail ? 1 : 0;
}
