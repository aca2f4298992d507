/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Dependencies between packages (issue 18): a package's "after" field lists the
 * numbers of the packages of its board it comes after ("2,6"). Here the store keeps
 * that list sound: written sorted and without repeats, naming only packages of the
 * board, never the package itself, and never closing a cycle (4 after 2 after 4); and
 * when a package is renumbered, the lists that name it are rewritten in the same
 * change (so undo takes both back). The plan warning about deadlines in the wrong
 * order is the core's (plan.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "tavle/buf.h"

/* One package of the board as the dependency graph sees it. */
struct node {
	int64_t id;
	int number;
	int *after;
	int nafter;
};

struct graph {
	struct node *v;
	size_t n;
};

static void
graph_free(struct graph *g)
{
	for (size_t i = 0; i < g->n; i++)
		free(g->v[i].after);
	free(g->v);
	g->v = NULL;
	g->n = 0;
}

/* The list `text` as an array (malloc'd; NULL when empty); -1 if it is not a list. */
static int
parse_list(const char *text, int **out)
{
	*out = NULL;
	int n = tv_package_after(text, NULL, 0);
	if (n <= 0)
		return n;
	*out = tv_xcalloc((size_t)n, sizeof **out);
	tv_package_after(text, *out, n);
	return n;
}

static enum tv_status
graph_load(struct tv_store *s, int64_t board_id, struct graph *g)
{
	sqlite3_stmt *st = store_prep(s, S_PKG_AFTER_ALL);
	sqlite3_bind_int64(st, 1, board_id);
	size_t cap = 0;
	int rc;
	g->v = NULL;
	g->n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (g->n == cap) {
			cap = cap ? 2 * cap : 16;
			g->v = tv_xrealloc(g->v, cap * sizeof *g->v);
		}
		struct node *x = &g->v[g->n++];
		x->id = sqlite3_column_int64(st, 0);
		x->number = sqlite3_column_int(st, 1);
		/* A stored list is sound; should one not be (an old file), it names nothing. */
		x->nafter = parse_list((const char *)sqlite3_column_text(st, 2), &x->after);
		if (x->nafter < 0)
			x->nafter = 0;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		graph_free(g);
		return store_db_fail(s, rc);
	}
	return TV_OK;
}

static struct node *
graph_find(const struct graph *g, int number)
{
	for (size_t i = 0; i < g->n; i++)
		if (g->v[i].number == number)
			return &g->v[i];
	return NULL;
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* A path from `from` along "after" links to `target` into path[] (from first), its
 * length, or 0 when there is none. `seen` marks the nodes visited (by index). */
static int
find_path(const struct graph *g, const struct node *from, int target, bool *seen, int *path,
	int depth)
{
	size_t i = (size_t)(from - g->v);
	if (seen[i])
		return 0;
	seen[i] = true;
	path[depth] = from->number;
	for (int k = 0; k < from->nafter; k++) {
		if (from->after[k] == target) {
			path[depth + 1] = target;
			return depth + 2;
		}
		const struct node *next = graph_find(g, from->after[k]);
		int len = next ? find_path(g, next, target, seen, path, depth + 1) : 0;
		if (len)
			return len;
	}
	return 0;
}

enum tv_status
store_after_check(struct tv_store *s, int64_t board_id, int64_t pkg_id, const char *v,
	char **out)
{
	int *list = NULL;
	int n = parse_list(v, &list);
	char *q = store_quote(v);
	enum tv_status r = TV_OK;
	struct graph g = { 0 };
	if (n < 0) {
		r = store_fail(s, TV_INVALID, "after: '%s' is not a list of package numbers (e.g. 2,6)",
			q);
		goto out;
	}
	if ((r = graph_load(s, board_id, &g)) != TV_OK)
		goto out;
	struct node *self = NULL;
	for (size_t i = 0; i < g.n; i++)
		if (g.v[i].id == pkg_id)
			self = &g.v[i];
	if (!self) {
		r = store_fail(s, TV_NOT_FOUND, "package %lld does not exist (removed?)",
			(long long)pkg_id);
		goto out;
	}
	/* Sorted, each once; every one a package of the board other than this one. */
	qsort(list, (size_t)n, sizeof *list, cmp_int);
	int m = 0;
	struct tv_buf missing = { 0 };
	for (int i = 0; i < n; i++) {
		if (m && list[m - 1] == list[i])
			continue;
		list[m++] = list[i];
		if (list[i] == self->number) {
			tv_buf_release(&missing);
			r = store_fail(s, TV_INVALID, "after: package %d cannot come after itself",
				self->number);
			goto out;
		}
		if (!graph_find(&g, list[i])) {
			char num[16];
			snprintf(num, sizeof num, "%s%d", missing.len ? ", " : "", list[i]);
			tv_buf_adds(&missing, num);
		}
	}
	if (missing.len) {
		r = store_fail(s, TV_INVALID, "after: no package %s on this board", missing.p);
		tv_buf_release(&missing);
		goto out;
	}
	/* With the new list, may any of them be reached back from this package? */
	free(self->after);
	self->after = tv_xcalloc((size_t)(m ? m : 1), sizeof *self->after);
	memcpy(self->after, list, (size_t)m * sizeof *list);
	self->nafter = m;
	bool *seen = tv_xcalloc(g.n, sizeof *seen);
	int *path = tv_xcalloc(g.n + 2, sizeof *path);
	int len = 0;
	for (int k = 0; k < m && !len; k++) {
		const struct node *next = graph_find(&g, list[k]);
		memset(seen, 0, g.n * sizeof *seen);
		path[0] = self->number;
		len = find_path(&g, next, self->number, seen, path, 1);
	}
	if (len) {
		struct tv_buf chain = { 0 };
		for (int i = 0; i < len; i++) {
			char num[16];
			snprintf(num, sizeof num, "%s%d", i ? " \u2192 " : "", path[i]);
			tv_buf_adds(&chain, num);
		}
		r = store_fail(s, TV_INVALID, "after: %s would be a cycle (each package comes after "
			"the next); the plan needs an order", chain.p);
		tv_buf_release(&chain);
	}
	free(seen);
	free(path);
	if (r == TV_OK) {
		struct tv_buf b = { 0 };
		for (int i = 0; i < m; i++) {
			char num[16];
			snprintf(num, sizeof num, "%s%d", i ? "," : "", list[i]);
			tv_buf_adds(&b, num);
		}
		*out = b.p ? b.p : tv_xstrdup("");
	}
out:
	graph_free(&g);
	free(list);
	free(q);
	return r;
}

enum tv_status
store_after_renumber(struct tv_store *s, int64_t board_id, int old_num, int new_num)
{
	struct graph g;
	enum tv_status r = graph_load(s, board_id, &g);
	for (size_t i = 0; r == TV_OK && i < g.n; i++) {
		struct node *x = &g.v[i];
		bool names = false;
		for (int k = 0; k < x->nafter; k++)
			if (x->after[k] == old_num) {
				x->after[k] = new_num;
				names = true;
			}
		if (!names)
			continue;
		qsort(x->after, (size_t)x->nafter, sizeof *x->after, cmp_int);
		struct tv_buf b = { 0 };
		for (int k = 0; k < x->nafter; k++) {
			char num[16];
			snprintf(num, sizeof num, "%s%d", k ? "," : "", x->after[k]);
			tv_buf_adds(&b, num);
		}
		struct ctx c;
		char *old = NULL;
		const struct field *f = store_field(TV_FIELD_PACKAGE_after);
		if ((r = store_get_ctx(s, TV_KIND_PACKAGE, x->id, &c)) == TV_OK &&
		    (r = store_field_value(s, f, x->id, &old, NULL)) == TV_OK)
			r = store_write_field(s, f, x->id, &c, old, b.p, 0);
		free(old);
		tv_buf_release(&b);
	}
	graph_free(&g);
	return r;
}
