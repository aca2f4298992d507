/* SPDX-License-Identifier: MPL-2.0 */
/* The store tests' fixture (store_fixture.h). */
#include "store_fixture.h"

void
remove_tree(const char *dir)
{
	char *cmd = tv_xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	free(cmd);
}

int
setup_dir(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/tavle-store-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	f->path = tv_xasprintf("%s/tavle.db", f->dir);
	*state = f;
	return 0;
}

/* A store on a temp file with one board. */
int
setup_board(void **state)
{
	if (setup_dir(state) != 0)
		return -1;
	struct fx *f = *state;
	struct tv_diag d;
	if (tv_store_open(f->path, TV_STORE_CREATE, &f->s, &d) != TV_OK) {
		fprintf(stderr, "open: %s\n", d.msg);
		return -1;
	}
	tv_store_set_now(f->s, NOW);
	tv_store_set_user(f->s, "mette");
	struct tv_board b = { 0 };
	b.name = tv_xstrdup("Ærø Kommune");
	b.authority = tv_xstrdup("Ærø Kommune");
	b.sector = TV_SECTOR_MUNICIPALITY;
	b.start = TV_NO_DAY;
	if (tv_store_board_add(f->s, &b) != TV_OK)
		return -1;
	f->board = b.id;
	tv_board_clear(&b);
	return 0;
}

int
teardown(void **state)
{
	struct fx *f = *state;
	tv_store_close(f->s);
	remove_tree(f->dir);
	free(f->path);
	free(f);
	return 0;
}

char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	char *buf = NULL;
	size_t cap = 0, n = 0, got;
	do {
		cap += 65536;
		buf = realloc(buf, cap);
		got = fread(buf + n, 1, cap - n, fp);
		n += got;
	} while (got > 0);
	fclose(fp);
	*len = n;
	return buf;
}

void
sql_exec(const char *path, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("sql: %s", err);
	sqlite3_close(db);
}

int64_t
add_package(struct fx *f, const char *title, enum tv_area area)
{
	struct tv_package p = { 0 };
	p.board_id = f->board;
	p.number = -1;
	p.title = tv_xstrdup(title);
	p.area = area;
	p.deadline.day = TV_NO_DAY;
	p.deadline.minute = TV_NO_TIME;
	OK(f->s, tv_store_package_add(f->s, &p));
	int64_t id = p.id;
	tv_package_clear(&p);
	return id;
}

int64_t
add_task(struct fx *f, int64_t pkg, const char *title)
{
	struct tv_task t = { 0 };
	t.package_id = pkg;
	t.title = tv_xstrdup(title);
	t.deadline.day = TV_NO_DAY;
	t.deadline.minute = TV_NO_TIME;
	OK(f->s, tv_store_task_add(f->s, &t));
	int64_t id = t.id;
	tv_task_clear(&t);
	return id;
}

int64_t
add_phase(struct fx *f, const char *name, int32_t start, int32_t end)
{
	struct tv_phase p = { 0 };
	p.board_id = f->board;
	p.name = tv_xstrdup(name);
	p.start = start;
	p.end = end;
	p.not_before = TV_NO_DAY;
	OK(f->s, tv_store_phase_add(f->s, &p));
	int64_t id = p.id;
	tv_phase_clear(&p);
	return id;
}

int32_t
day(int y, int m, int d)
{
	int32_t out;
	assert_true(tv_date_from_ymd(y, m, d, &out));
	return out;
}

char *
get(struct fx *f, enum tv_kind kind, int64_t id, const char *field)
{
	char *v = NULL;
	OK(f->s, tv_store_get(f->s, kind, id, field, &v, NULL));
	return v;
}

void
assert_field(struct fx *f, enum tv_kind kind, int64_t id, const char *field, const char *want)
{
	char *v = get(f, kind, id, field);
	if (strcmp(v, want) != 0)
		fail_msg("%s.%s = '%s', wanted '%s'", tv_kind_key(kind), field, v, want);
	free(v);
}

int64_t
version_of(struct fx *f, enum tv_kind kind, int64_t id)
{
	char *v = NULL;
	int64_t version = 0;
	const char *field = tv_store_fields(kind)[0];
	OK(f->s, tv_store_get(f->s, kind, id, field, &v, &version));
	free(v);
	return version;
}

/* ---- opening ---- */
