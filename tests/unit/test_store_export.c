/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Tests of the export revisions (issue 17, item 9) through the store and the calendar
 * writer together: a change that alters an item's exported text raises its SEQUENCE
 * and LAST-MODIFIED whatever caused it, and undo and redo never lower a SEQUENCE (undo
 * of a removal brings the item back past its tombstone's cancellation), and the
 * triggers that note those changes pass the foreign-trigger guard only by name and
 * text. The export is
 * read back per UID from the writer's own text (SEQUENCE, LAST-MODIFIED and the item's
 * text lines); the CLI suite (tests/cli/export_seq.sh) reads it with python3-icalendar.
 */
#include "store_fixture.h"

#include "tavle/date.h"
#include "tavle/ical.h"

/* One exported item: its SEQUENCE, LAST-MODIFIED text and every other line but DTSTAMP. */
struct item {
	char uid[96];
	long seq;
	char lm[24];
	char text[4096];
};

struct cal {
	struct item it[64];
	size_t n;
};

static void
export_cal(struct fx *f, struct cal *c)
{
	struct tv_board_data *d = NULL;
	OK(f->s, tv_store_load_board(f->s, f->board, &d));
	char *p = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&p, &len);
	struct tv_ical_options o = { .now = tv_store_now(f->s) };
	struct tv_ical_writer *w = NULL;
	assert_int_equal(tv_ical_writer_open(fp, &o, &w), TV_OK);
	assert_int_equal(tv_ical_writer_add_board(w, d), TV_OK);
	assert_int_equal(tv_ical_writer_close(w, NULL), TV_OK);
	fclose(fp);
	tv_board_data_free(d);
	memset(c, 0, sizeof *c);
	struct item *cur = NULL;
	for (char *line = strtok(p, "\r\n"); line; line = strtok(NULL, "\r\n")) {
		if (strcmp(line, "BEGIN:VEVENT") == 0) {
			assert_true(c->n < 64);
			cur = &c->it[c->n++];
		} else if (!cur || strcmp(line, "END:VEVENT") == 0) {
			cur = NULL;
		} else if (strncmp(line, "UID:", 4) == 0) {
			snprintf(cur->uid, sizeof cur->uid, "%s", line + 4);
		} else if (strncmp(line, "SEQUENCE:", 9) == 0) {
			cur->seq = strtol(line + 9, NULL, 10);
		} else if (strncmp(line, "LAST-MODIFIED:", 14) == 0) {
			snprintf(cur->lm, sizeof cur->lm, "%s", line + 14);
		} else if (strncmp(line, "DTSTAMP:", 8) != 0) {
			size_t at = strlen(cur->text);
			snprintf(cur->text + at, sizeof cur->text - at, "%s\n", line);
		}
	}
	free(p);
}

static const struct item *
find(const struct cal *c, const char *uid_prefix)
{
	for (size_t i = 0; i < c->n; i++)
		if (strncmp(c->it[i].uid, uid_prefix, strlen(uid_prefix)) == 0)
			return &c->it[i];
	return NULL;
}

/* Does the item of `uid` have `line` among its text lines? */
static bool
item_has(const struct cal *c, const char *uid, const char *line)
{
	const struct item *it = find(c, uid);
	assert_non_null(it);
	const char *text = it->text;
	return strstr(text, line) != NULL;
}

/* Between two exports: every item in both whose text changed has a higher SEQUENCE and
 * a later-or-equal LAST-MODIFIED; none has a lower SEQUENCE. Returns how many changed. */
static size_t
check_changes(const struct cal *a, const struct cal *b)
{
	size_t changed = 0;
	for (size_t i = 0; i < a->n; i++) {
		const struct item *x = &a->it[i];
		const struct item *y = NULL;
		for (size_t k = 0; k < b->n && !y; k++)
			if (strcmp(b->it[k].uid, x->uid) == 0)
				y = &b->it[k];
		if (!y)
			continue;
		if (y->seq < x->seq)
			fail_msg("%s: SEQUENCE went down %ld -> %ld", x->uid, x->seq, y->seq);
		if (strcmp(x->text, y->text) != 0) {
			changed++;
			if (y->seq <= x->seq)
				fail_msg("%s: text changed, SEQUENCE %ld -> %ld\n%s---\n%s", x->uid,
					x->seq, y->seq, x->text, y->text);
			if (strcmp(y->lm, x->lm) < 0)
				fail_msg("%s: text changed, LAST-MODIFIED %s -> %s", x->uid, x->lm,
					y->lm);
		}
	}
	return changed;
}

struct board {
	int64_t phase, pkg, task[3];
	char puid[64], tuid[3][64];
};

static void
uid_of(struct fx *f, enum tv_kind kind, int64_t id, char *out, size_t size)
{
	struct tv_board_data *d = NULL;
	OK(f->s, tv_store_load_board(f->s, f->board, &d));
	for (size_t i = 0; i < d->npackages; i++) {
		const struct tv_package *p = &d->packages[i];
		if (kind == TV_KIND_PACKAGE && p->id == id)
			snprintf(out, size, "%s", p->uid);
		for (size_t k = 0; k < p->ntasks; k++)
			if (kind == TV_KIND_TASK && p->tasks[k].id == id)
				snprintf(out, size, "%s", p->tasks[k].uid);
	}
	tv_board_data_free(d);
}

static void
make_board(struct fx *f, struct board *b)
{
	tv_store_set_now(f->s, NOW);
	b->phase = add_phase(f, "Analyse", day(2027, 3, 1), day(2027, 6, 30));
	b->pkg = add_package(f, "Kortlægning", TV_AREA_DATA);
	OK(f->s, tv_store_set(f->s, TV_KIND_PACKAGE, b->pkg, "phase", "Analyse", 0, NULL, NULL));
	OK(f->s, tv_store_set(f->s, TV_KIND_PACKAGE, b->pkg, "deadline", "2027-05-01", 0, NULL,
		NULL));
	uid_of(f, TV_KIND_PACKAGE, b->pkg, b->puid, sizeof b->puid);
	static const char *const titles[] = { "Første", "Anden", "Tredje" };
	for (int i = 0; i < 3; i++) {
		b->task[i] = add_task(f, b->pkg, titles[i]);
		OK(f->s, tv_store_set(f->s, TV_KIND_TASK, b->task[i], "deadline", "2027-04-01", 0,
			NULL, NULL));
		uid_of(f, TV_KIND_TASK, b->task[i], b->tuid[i], sizeof b->tuid[i]);
	}
}

/* Each step a minute later, so LAST-MODIFIED can be seen to move. */
static void
tick(struct fx *f)
{
	tv_store_set_now(f->s, tv_store_now(f->s) + 60);
}

/* A renamed phase and a renumbered package change their dependants' text; undo and
 * redo of each raise SEQUENCE again, never lower it. */
static void
test_undo_redo_derived(void **state)
{
	struct fx *f = *state;
	struct board b;
	make_board(f, &b);
	struct cal c0, c1, c2, c3;
	export_cal(f, &c0);

	tick(f);
	OK(f->s, tv_store_set(f->s, TV_KIND_PHASE, b.phase, "name", "Analysefase", 0, NULL, NULL));
	int64_t rename = tv_store_last_change(f->s);
	export_cal(f, &c1);
	assert_true(check_changes(&c0, &c1) >= 2); /* the phase and its package */
	assert_true(find(&c1, b.puid)->seq > find(&c0, b.puid)->seq);

	tick(f);
	int64_t undo;
	OK(f->s, tv_store_revert(f->s, rename, &undo));
	export_cal(f, &c2);
	assert_true(check_changes(&c1, &c2) >= 2);
	/* The text is as before the rename, the SEQUENCE higher than ever. */
	assert_string_equal(find(&c2, b.puid)->text, find(&c0, b.puid)->text);
	assert_true(find(&c2, b.puid)->seq > find(&c1, b.puid)->seq);

	tick(f);
	int64_t redo;
	OK(f->s, tv_store_revert(f->s, undo, &redo));
	export_cal(f, &c3);
	assert_true(check_changes(&c2, &c3) >= 2);

	/* The package's number is in its tasks' summaries. */
	tick(f);
	OK(f->s, tv_store_set(f->s, TV_KIND_PACKAGE, b.pkg, "number", "42", 0, NULL, NULL));
	int64_t renumber = tv_store_last_change(f->s);
	export_cal(f, &c0);
	assert_true(check_changes(&c3, &c0) >= 4);
	assert_true(find(&c0, b.tuid[0])->seq > find(&c3, b.tuid[0])->seq);
	assert_true(item_has(&c0, b.tuid[0], "SUMMARY:Frist: 42.1 Første"));
	tick(f);
	OK(f->s, tv_store_revert(f->s, renumber, &undo));
	export_cal(f, &c1);
	assert_true(check_changes(&c0, &c1) >= 4);
	assert_string_equal(find(&c1, b.tuid[0])->text, find(&c3, b.tuid[0])->text);
}

/* A removed task: the later ones move up (their summaries change), its tombstone goes
 * past its SEQUENCE, and undo brings it back past the tombstone. */
static void
test_undo_remove(void **state)
{
	struct fx *f = *state;
	struct board b;
	make_board(f, &b);
	struct cal c0, c1, c2;
	export_cal(f, &c0);
	long seq0 = find(&c0, b.tuid[0])->seq;

	tick(f);
	OK(f->s, tv_store_remove(f->s, TV_KIND_TASK, b.task[0], 0));
	int64_t rm = tv_store_last_change(f->s);
	export_cal(f, &c1);
	assert_int_equal(check_changes(&c0, &c1), 3); /* cancelled, and two moved up */
	const struct item *gone = find(&c1, b.tuid[0]);
	assert_non_null(gone);
	assert_true(item_has(&c1, b.tuid[0], "STATUS:CANCELLED"));
	assert_true(gone->seq > seq0);
	assert_true(item_has(&c1, b.tuid[1], "SUMMARY:Frist: 0.1 Anden"));

	tick(f);
	int64_t undo;
	OK(f->s, tv_store_revert(f->s, rm, &undo));
	export_cal(f, &c2);
	assert_int_equal(check_changes(&c1, &c2), 3);
	const struct item *back = find(&c2, b.tuid[0]);
	assert_non_null(back);
	assert_false(item_has(&c2, b.tuid[0], "STATUS:CANCELLED"));
	assert_true(back->seq > gone->seq);
	assert_string_equal(back->text, find(&c0, b.tuid[0])->text);
}

/* Raising is per transaction: several notes of one item in one change raise it once,
 * and a change that alters no exported text raises nothing. */
static void
test_once_per_change(void **state)
{
	struct fx *f = *state;
	struct board b;
	make_board(f, &b);
	struct cal c0, c1;
	export_cal(f, &c0);
	tick(f);
	OK(f->s, tv_store_begin(f->s));
	OK(f->s, tv_store_set(f->s, TV_KIND_PACKAGE, b.pkg, "number", "7", 0, NULL, NULL));
	OK(f->s, tv_store_set(f->s, TV_KIND_PACKAGE, b.pkg, "title", "Ny titel", 0, NULL, NULL));
	OK(f->s, tv_store_set(f->s, TV_KIND_PACKAGE, b.pkg, "area", "kom", 0, NULL, NULL));
	OK(f->s, tv_store_commit(f->s));
	export_cal(f, &c1);
	check_changes(&c0, &c1);
	assert_int_equal(find(&c1, b.tuid[2])->seq, find(&c0, b.tuid[2])->seq + 1);
	/* Background is not exported: nothing rises. */
	tick(f);
	OK(f->s, tv_store_set(f->s, TV_KIND_PACKAGE, b.pkg, "background", "Tekst", 0, NULL, NULL));
	export_cal(f, &c0);
	assert_int_equal(find(&c0, b.tuid[2])->seq, find(&c1, b.tuid[2])->seq);
	assert_string_equal(find(&c0, b.tuid[2])->lm, find(&c1, b.tuid[2])->lm);
}

static enum tv_status
count_item(void *ctx, const char *uid, const char *ics, size_t len)
{
	(void)uid;
	(void)ics;
	(void)len;
	(*(size_t *)ctx)++;
	return TV_OK;
}

/* An archived board with cancel_archived (export --all, publish): every item cancelled
 * for 30 days after archiving, then nothing; per item (publish) nothing at all, so the
 * published copies are deleted. Without the option it exports as before. */
static void
test_archived_board(void **state)
{
	struct fx *f = *state;
	struct board b;
	make_board(f, &b);
	tick(f);
	OK(f->s, tv_store_set(f->s, TV_KIND_BOARD, f->board, "archived", "1", 0, NULL, NULL));
	struct tv_board_data *d = NULL;
	OK(f->s, tv_store_load_board(f->s, f->board, &d));
	assert_true(d->board.archived);
	assert_non_null(d->archived_at);
	struct tv_ical_options o = { .now = tv_store_now(f->s) + 86400 };
	size_t n = 0;
	assert_int_equal(tv_ical_each_item(d, &o, count_item, &n), TV_OK);
	assert_int_equal(n, 5); /* phase, package, three tasks */
	o.cancel_archived = true;
	n = 0;
	assert_int_equal(tv_ical_each_item(d, &o, count_item, &n), TV_OK);
	assert_int_equal(n, 0);
	for (int late = 0; late < 2; late++) {
		o.now = tv_store_now(f->s) + (late ? 31 : 29) * 86400;
		char *p = NULL;
		size_t len = 0;
		FILE *fp = open_memstream(&p, &len);
		struct tv_ical_writer *w = NULL;
		struct tv_ical_stats stats;
		assert_int_equal(tv_ical_writer_open(fp, &o, &w), TV_OK);
		assert_int_equal(tv_ical_writer_add_board(w, d), TV_OK);
		assert_int_equal(tv_ical_writer_close(w, &stats), TV_OK);
		fclose(fp);
		free(p);
		assert_int_equal(stats.events, late ? 0 : 5);
		assert_int_equal(stats.cancelled, late ? 0 : 5);
	}
	tv_board_data_free(d);
}

/* tavle's own triggers pass the check before every write by their name and text: one
 * of someone else's under an own name is refused like any foreign trigger, and `check`
 * names it. */
static void
test_own_trigger_names(void **state)
{
	struct fx *f = *state;
	struct board b;
	make_board(f, &b);
	char *report = NULL;
	OK(f->s, tv_store_check(f->s, true, &report));
	assert_null(report);
	sql_exec(f->path, "DROP TRIGGER export_board_name; CREATE TRIGGER export_board_name "
		"AFTER UPDATE OF name ON boards BEGIN DELETE FROM packages; END;");
	IS(f->s, TV_UNSUPPORTED, tv_store_set(f->s, TV_KIND_BOARD, f->board, "name", "X", 0,
		NULL, NULL));
	assert_non_null(strstr(tv_store_errmsg(f->s), "export_board_name"));
	OK(f->s, tv_store_check(f->s, true, &report));
	assert_non_null(report);
	assert_non_null(strstr(report, "trigger export_board_name is not the one tavle created"));
	free(report);
	assert_field(f, TV_KIND_PACKAGE, b.pkg, "title", "Kortlægning");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_undo_redo_derived, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_undo_remove, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_once_per_change, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_archived_board, setup_board, teardown),
		cmocka_unit_test_setup_teardown(test_own_trigger_names, setup_board, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
