/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Tests of template updates (tavle/tmpl_update.h, issue 20): the three-way rule of one
 * field, the stable keys of the template format (given, derived, duplicates refused
 * with FILE:LINE), and the merge of a board seeded from the default template with a
 * version 2 of it in an in-memory store: every action of the plan, the values after
 * applying, the conflicts and their three resolutions, one undo reverting the whole
 * update, and a second update of the same version changing nothing.
 * Links only the core library.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tavle/date.h"
#include "tavle/replan.h"
#include "tavle/store.h"
#include "tavle/template.h"
#include "tavle/text.h"
#include "tavle/tmpl_update.h"

/* ---------------------------------------------------------------- the rule */

static void
test_merge3(void **state)
{
	(void)state;
	/* base, mine, theirs */
	assert_int_equal(tv_tmpl_merge3("a", "a", "a"), TV_TMPL_SAME);
	assert_int_equal(tv_tmpl_merge3("a", "a", "b"), TV_TMPL_TAKE);
	assert_int_equal(tv_tmpl_merge3("a", "b", "a"), TV_TMPL_KEEP);
	assert_int_equal(tv_tmpl_merge3("a", "b", "c"), TV_TMPL_CONFLICT);
	assert_int_equal(tv_tmpl_merge3("a", "b", "b"), TV_TMPL_SAME);
	/* NULL is the empty value */
	assert_int_equal(tv_tmpl_merge3(NULL, "", "x"), TV_TMPL_TAKE);
	assert_int_equal(tv_tmpl_merge3("", "x", NULL), TV_TMPL_KEEP);
	/* offsets are compared as text: a hand-set day is a change of the board's */
	assert_int_equal(tv_tmpl_merge3("+60d", "2027-03-01", "+75d"), TV_TMPL_CONFLICT);
	assert_int_equal(tv_tmpl_merge3("+60d", "+60d", "+75d"), TV_TMPL_TAKE);
	assert_string_equal(tv_tmpl_action_key(TV_TMPL_CONFLICT), "conflict");
}

static void
test_slug(void **state)
{
	(void)state;
	char *s = tv_text_slug("Infomøde 1: Opstart og organisering");
	assert_string_equal(s, "infomoede-1-opstart-og-organisering");
	free(s);
	s = tv_text_slug("  Ærø  Å!! ");
	assert_string_equal(s, "aeroe-aa");
	free(s);
	s = tv_text_slug("!!!");
	assert_string_equal(s, "x");
	free(s);
}

/* ---------------------------------------------------------------- keys */

static struct tv_template *
load_default(void)
{
	struct tv_template *tpl = NULL;
	struct tv_diag diag;
	tv_diag_clear(&diag);
	if (tv_template_load_default(&tpl, &diag) != TV_OK)
		fail_msg("default template: %s:%d: %s", diag.file, diag.line, diag.msg);
	return tpl;
}

static struct tv_package *
pkg(struct tv_template *t, int number)
{
	for (size_t i = 0; i < t->npackages; i++)
		if (t->packages[i].number == number)
			return &t->packages[i];
	fail_msg("no package %d", number);
	return NULL;
}

static void
test_default_keys(void **state)
{
	(void)state;
	struct tv_template *t = load_default();
	assert_int_equal(t->version, 1);
	struct tv_package *p = pkg(t, 4);
	assert_string_equal(p->tasks[2].tkey, "4.3");
	/* the key is not part of the title */
	assert_null(strchr(p->tasks[2].title, '{'));
	assert_string_equal(t->phases[0].tkey, "opstart");
	assert_string_equal(t->meetings[0].tkey, "infomoede-1");
	for (size_t i = 0; i < t->ndecisions; i++)
		assert_non_null(t->decisions[i].tkey);
	tv_template_free(t);
}

static const char prog_nokeys[] =
	"programme: P\n"
	"[phase]\nname: Første fase\nstart: +0d\nend: +10d\n"
	"[meeting]\ntitle: Møde\nstart: +1d\n"
	"[meeting]\ntitle: Møde\nstart: +2d\n"
	"[decision]\ntitle: Beslut\n";
static const char pkg_nokeys[] =
	"number: 3\ntitle: T\narea: org\n\n## Opgaver\n"
	"- [ ] +1d authority: Første\n"
	"- [ ] - agency: Anden {#3.1}\n";

static void
test_derived_keys(void **state)
{
	(void)state;
	struct tv_template_file files[] = {
		{ "programme.txt", prog_nokeys, sizeof prog_nokeys - 1 },
		{ "3-t.txt", pkg_nokeys, sizeof pkg_nokeys - 1 },
	};
	struct tv_template *t = NULL;
	struct tv_diag diag;
	tv_diag_clear(&diag);
	if (tv_template_load_files(files, 2, &t, &diag) != TV_OK)
		fail_msg("%s:%d: %s", diag.file, diag.line, diag.msg);
	assert_int_equal(t->version, 1);
	/* the second task gave 3.1 itself: the first, derived, steps aside */
	assert_string_equal(t->packages[0].tasks[1].tkey, "3.1");
	assert_string_equal(t->packages[0].tasks[0].tkey, "3.1-2");
	assert_string_equal(t->packages[0].tasks[1].title, "Anden");
	assert_string_equal(t->phases[0].tkey, "foerste-fase");
	assert_string_equal(t->meetings[0].tkey, "moede");
	assert_string_equal(t->meetings[1].tkey, "moede-2");
	assert_string_equal(t->decisions[0].tkey, "beslut");
	tv_template_free(t);
}

static void
expect_load_error(const char *prog, const char *pk, const char *file, int line,
	const char *needle)
{
	struct tv_template_file files[] = {
		{ "programme.txt", prog, strlen(prog) },
		{ "3-t.txt", pk, strlen(pk) },
	};
	struct tv_template *t = NULL;
	struct tv_diag diag;
	tv_diag_clear(&diag);
	assert_int_equal(tv_template_load_files(files, 2, &t, &diag), TV_INVALID);
	assert_string_equal(diag.file, file);
	assert_int_equal(diag.line, line);
	if (!strstr(diag.msg, needle))
		fail_msg("'%s' not in '%s'", needle, diag.msg);
}

static void
test_duplicate_keys(void **state)
{
	(void)state;
	expect_load_error(prog_nokeys, "number: 3\ntitle: T\narea: org\n## Opgaver\n"
		"- [ ] +1d authority: A {#x}\n- [ ] +1d authority: B {#x}\n", "3-t.txt", 6,
		"key 'x' is also used at 3-t.txt:5");
	expect_load_error("programme: P\n[phase]\nkey: a\nname: A\nstart: +0d\nend: +1d\n"
		"[phase]\nkey: a\nname: B\nstart: +0d\nend: +1d\n", pkg_nokeys, "programme.txt",
		8, "key 'a' is also used at programme.txt:3");
	expect_load_error("programme: P\n[decision]\nkey: Ugly Key\ntitle: D\n", pkg_nokeys,
		"programme.txt", 3, "is not a key");
	expect_load_error("programme: P\nversion: two\n", pkg_nokeys, "programme.txt", 2,
		"version");
}

/* ---------------------------------------------------------------- the merge */

struct env {
	struct tv_store *s;
	int64_t board;
	struct tv_template *v2;
};

static char *
get(struct env *e, enum tv_kind kind, const char *key, const char *field)
{
	int64_t id = 0;
	if (tv_store_tmpl_item_by_key(e->s, e->board, kind, key, &id) != TV_OK)
		fail_msg("no %s %s", tv_kind_key(kind), key);
	char *v = NULL;
	assert_int_equal(tv_store_tmpl_value(e->s, kind, id, field, &v), TV_OK);
	return v;
}

#define assert_value(e, kind, key, field, want) do { \
		char *v_ = get((e), (kind), (key), (field)); \
		if (strcmp(v_, (want)) != 0) \
			fail_msg("%s %s %s: '%s', wanted '%s'", tv_kind_key(kind), (key), \
				(field), v_, (want)); \
		free(v_); \
	} while (0)

static void
set(struct env *e, enum tv_kind kind, const char *key, const char *field, const char *value)
{
	int64_t id = 0;
	assert_int_equal(tv_store_tmpl_item_by_key(e->s, e->board, kind, key, &id), TV_OK);
	if (tv_store_set(e->s, kind, id, field, value, 0, NULL, NULL) != TV_OK)
		fail_msg("set %s: %s", field, tv_store_errmsg(e->s));
}

static void
replace(char **slot, const char *value)
{
	free(*slot);
	*slot = tv_xstrdup(value);
}

static int
setup(void **state)
{
	struct env *e = tv_xcalloc(1, sizeof *e);
	struct tv_diag diag;
	tv_diag_clear(&diag);
	if (tv_store_open(":memory:", TV_STORE_CREATE, &e->s, &diag) != TV_OK)
		fail_msg("store: %s", diag.msg);
	tv_store_set_user(e->s, "test");
	tv_store_set_now(e->s, 1803902400);
	struct tv_template *v1 = load_default();
	struct tv_board board = { 0 };
	board.name = "Ærø";
	board.authority = "Ærø Kommune";
	board.start = 18414;   /* 2020-06-01 */
	if (tv_template_instantiate(e->s, v1, &board, &diag) != TV_OK)
		fail_msg("instantiate: %s", diag.msg);
	free(board.created_at);
	e->board = board.id;
	tv_template_free(v1);

	/* The board's own edits. */
	set(e, TV_KIND_PACKAGE, "1", "title", "Vores opstart");               /* keep */
	set(e, TV_KIND_PACKAGE, "2", "owner", "Direktøren");                  /* conflict */
	set(e, TV_KIND_PACKAGE, "3", "owner", "Fælles ejer");                 /* same */
	set(e, TV_KIND_TASK, "4.1", "deadline", "2020-09-01");                /* hand-set */

	/* Version 2. */
	struct tv_template *v2 = load_default();
	v2->version = 2;
	struct tv_package *p4 = pkg(v2, 4);
	replace(&p4->sections[0], "Ny baggrund fra programmet.");            /* take */
	replace(&p4->tasks[2].title, "Registrer leverandør, systemejer og kontrakt"); /* take */
	p4->deadline.day = 165;                                                /* take (+150d) */
	p4->tasks[0].deadline.day = 90;                                        /* conflict */
	/* 4.5 removed, 4.6 added in its place */
	replace(&p4->tasks[4].title, "Del kortlægningen med Digitaliseringsstyrelsen");
	replace(&p4->tasks[4].tkey, "4.6");
	replace(&pkg(v2, 2)->owner, "Kommunaldirektøren");
	replace(&pkg(v2, 3)->owner, "Fælles ejer");
	e->v2 = v2;
	*state = e;
	return 0;
}

static int
teardown(void **state)
{
	struct env *e = *state;
	tv_template_free(e->v2);
	tv_store_close(e->s);
	free(e);
	return 0;
}

static const struct tv_tmpl_change *
find(const struct tv_tmpl_plan *p, enum tv_kind kind, const char *key, const char *field)
{
	for (size_t i = 0; i < p->nchanges; i++)
		if (p->changes[i].kind == kind && strcmp(p->changes[i].key, key) == 0 &&
		    strcmp(p->changes[i].field, field) == 0)
			return &p->changes[i];
	return NULL;
}

static void
expect(const struct tv_tmpl_plan *p, enum tv_kind kind, const char *key, const char *field,
	enum tv_tmpl_action a)
{
	const struct tv_tmpl_change *c = find(p, kind, key, field);
	if (!c)
		fail_msg("no entry for %s %s %s", tv_kind_key(kind), key, field);
	if (c->action != a)
		fail_msg("%s %s %s: %s, wanted %s", tv_kind_key(kind), key, field,
			tv_tmpl_action_key(c->action), tv_tmpl_action_key(a));
}

static void
check_plan(const struct tv_tmpl_plan *p)
{
	assert_int_equal(p->from_version, 1);
	assert_int_equal(p->to_version, 2);
	expect(p, TV_KIND_PACKAGE, "4", "background", TV_TMPL_TAKE);
	expect(p, TV_KIND_TASK, "4.3", "title", TV_TMPL_TAKE);
	expect(p, TV_KIND_PACKAGE, "4", "deadline", TV_TMPL_TAKE);
	expect(p, TV_KIND_TASK, "4.1", "deadline", TV_TMPL_CONFLICT);
	expect(p, TV_KIND_PACKAGE, "2", "owner", TV_TMPL_CONFLICT);
	expect(p, TV_KIND_PACKAGE, "3", "owner", TV_TMPL_SAME);
	expect(p, TV_KIND_PACKAGE, "1", "title", TV_TMPL_KEEP);
	expect(p, TV_KIND_TASK, "4.6", "", TV_TMPL_ADD);
	expect(p, TV_KIND_TASK, "4.5", "", TV_TMPL_REMOVED);
	const struct tv_tmpl_change *c = find(p, TV_KIND_PACKAGE, "4", "deadline");
	assert_string_equal(c->base, "+150d");
	assert_string_equal(c->mine, "+150d");
	assert_string_equal(c->theirs, "+165d");
	c = find(p, TV_KIND_TASK, "4.1", "deadline");
	assert_string_equal(c->mine, "2020-09-01");
	/* nothing else: the rest of the default is the same on all three sides */
	assert_int_equal(p->count[TV_TMPL_TAKE], 3);
	assert_int_equal(p->count[TV_TMPL_CONFLICT], 2);
	assert_int_equal(p->count[TV_TMPL_ADD], 1);
	assert_int_equal(p->count[TV_TMPL_REMOVED], 1);
	assert_int_equal(p->count[TV_TMPL_KEEP], 1);   /* package 1's title */
}

static void
test_plan_reads_only(void **state)
{
	struct env *e = *state;
	int64_t before = tv_store_last_change(e->s);
	struct tv_tmpl_plan p;
	struct tv_diag diag;
	assert_int_equal(tv_tmpl_update_plan(e->s, e->board, e->v2, &p, &diag), TV_OK);
	check_plan(&p);
	tv_tmpl_plan_clear(&p);
	assert_int_equal(tv_store_last_change(e->s), before);
	assert_value(e, TV_KIND_TASK, "4.3", "title",
		"Registrer leverandør og systemejer pr. system");
}

static void
check_applied(struct env *e)
{
	assert_value(e, TV_KIND_PACKAGE, "4", "background", "Ny baggrund fra programmet.");
	assert_value(e, TV_KIND_TASK, "4.3", "title",
		"Registrer leverandør, systemejer og kontrakt");
	assert_value(e, TV_KIND_PACKAGE, "4", "deadline", "+165d");
	assert_value(e, TV_KIND_TASK, "4.1", "deadline", "2020-09-01");
	assert_value(e, TV_KIND_PACKAGE, "2", "owner", "Direktøren");
	assert_value(e, TV_KIND_PACKAGE, "1", "title", "Vores opstart");
	assert_value(e, TV_KIND_TASK, "4.6", "title",
		"Del kortlægningen med Digitaliseringsstyrelsen");
	/* the package's deadline day follows the new offset by the working-day rule */
	char *d = NULL;
	int64_t id = 0;
	assert_int_equal(tv_store_tmpl_item_by_key(e->s, e->board, TV_KIND_PACKAGE, "4", &id),
		TV_OK);
	assert_int_equal(tv_store_get(e->s, TV_KIND_PACKAGE, id, "deadline", &d, NULL), TV_OK);
	char want[TV_DATE_BUF];
	tv_date_format(tv_replan_day(18414, 165, false), want);
	assert_string_equal(d, want);
	free(d);
	int sections[TV_SECTION_COUNT];
	assert_int_equal(tv_tmpl_update_sections(e->s, id, sections), TV_OK);
	assert_int_equal(sections[0], 2);
	assert_int_equal(sections[1], 0);
	int64_t t45 = 0;
	int removed = 0;
	assert_int_equal(tv_store_tmpl_item_by_key(e->s, e->board, TV_KIND_TASK, "4.5", &t45),
		TV_OK);
	assert_int_equal(tv_tmpl_update_removed(e->s, TV_KIND_TASK, t45, &removed), TV_OK);
	assert_int_equal(removed, 2);
	int version = 0;
	assert_int_equal(tv_tmpl_update_version(e->s, e->board, &version), TV_OK);
	assert_int_equal(version, 2);
	size_t n = 0;
	assert_int_equal(tv_tmpl_update_conflict_count(e->s, e->board, &n), TV_OK);
	assert_int_equal(n, 2);
}

static void
test_apply_undo_again(void **state)
{
	struct env *e = *state;
	struct tv_tmpl_plan p;
	struct tv_diag diag;
	int64_t change = 0;
	if (tv_tmpl_update_apply(e->s, e->board, e->v2, &p, &change, &diag) != TV_OK)
		fail_msg("apply: %s", diag.msg);
	check_plan(&p);
	tv_tmpl_plan_clear(&p);
	assert_true(change > 0);
	check_applied(e);

	/* One undo reverts it all. */
	assert_int_equal(tv_store_revert(e->s, change, NULL), TV_OK);
	assert_value(e, TV_KIND_PACKAGE, "4", "background",
		"For at blive teknisk klar skal myndigheden vide præcis, hvilke systemer der i "
		"dag sender eller modtager digital post, hvem der leverer dem, og hvordan de er "
		"koblet til den nuværende løsning.\nKortlægningen er grundlaget for beslutningen "
		"om scope for omlægningen i 2021 og 2023, for dialogen med leverandørerne i "
		"opgavepakke 6 og for kontaktstrukturen i opgavepakke 5.\nGlemte systemer er en "
		"af de største risici i omlægningen: et fagsystem, der ikke er omlagt, kan ikke "
		"sende post, når den gamle løsning lukker.");
	assert_value(e, TV_KIND_PACKAGE, "4", "deadline", "+150d");
	int64_t id = 0;
	assert_int_equal(tv_store_tmpl_item_by_key(e->s, e->board, TV_KIND_TASK, "4.6", &id),
		TV_NOT_FOUND);
	int version = 0;
	size_t n = 9;
	assert_int_equal(tv_tmpl_update_version(e->s, e->board, &version), TV_OK);
	assert_int_equal(version, 1);
	assert_int_equal(tv_tmpl_update_conflict_count(e->s, e->board, &n), TV_OK);
	assert_int_equal(n, 0);

	/* Again, for real; then the same version once more changes nothing. */
	assert_int_equal(tv_tmpl_update_apply(e->s, e->board, e->v2, &p, &change, &diag), TV_OK);
	tv_tmpl_plan_clear(&p);
	check_applied(e);
	assert_int_equal(tv_tmpl_update_apply(e->s, e->board, e->v2, &p, &change, &diag), TV_OK);
	assert_int_equal(change, 0);
	assert_int_equal(p.count[TV_TMPL_TAKE] + p.count[TV_TMPL_ADD] +
		p.count[TV_TMPL_REMOVED] + p.count[TV_TMPL_CONFLICT], 0);
	tv_tmpl_plan_clear(&p);
	check_applied(e);
}

static void
test_resolve(void **state)
{
	struct env *e = *state;
	struct tv_tmpl_plan p;
	struct tv_diag diag;
	int64_t change = 0;
	assert_int_equal(tv_tmpl_update_apply(e->s, e->board, e->v2, &p, &change, &diag), TV_OK);
	tv_tmpl_plan_clear(&p);

	struct tv_tmpl_conflict *c = NULL;
	size_t n = 0;
	assert_int_equal(tv_tmpl_update_conflicts(e->s, e->board, &c, &n), TV_OK);
	assert_int_equal(n, 2);
	assert_int_equal(c[0].kind, TV_KIND_PACKAGE);
	assert_string_equal(c[0].key, "2");
	assert_string_equal(c[0].field, "owner");
	assert_string_equal(c[0].mine, "Direktøren");
	assert_string_equal(c[0].theirs, "Kommunaldirektøren");
	assert_int_equal(c[0].version, 2);
	assert_non_null(c[0].label);
	assert_string_equal(c[1].key, "4.1");
	assert_string_equal(c[1].theirs, "+90d");
	tv_tmpl_conflicts_free(c, n);

	/* theirs: the programme's value, the date from its offset again */
	assert_int_equal(tv_tmpl_update_resolve(e->s, e->board, TV_KIND_TASK, "4.1", "deadline",
		TV_TMPL_THEIRS, NULL, &diag), TV_OK);
	assert_value(e, TV_KIND_TASK, "4.1", "deadline", "+90d");
	/* undo brings the conflict back */
	assert_int_equal(tv_store_revert(e->s, tv_store_last_change(e->s), NULL), TV_OK);
	assert_value(e, TV_KIND_TASK, "4.1", "deadline", "2020-09-01");
	assert_int_equal(tv_tmpl_update_conflict_count(e->s, e->board, &n), TV_OK);
	assert_int_equal(n, 2);
	/* mine: the board's value stays, the conflict goes */
	assert_int_equal(tv_tmpl_update_resolve(e->s, e->board, TV_KIND_TASK, "4.1", "deadline",
		TV_TMPL_MINE, NULL, &diag), TV_OK);
	assert_value(e, TV_KIND_TASK, "4.1", "deadline", "2020-09-01");
	/* a value of one's own */
	assert_int_equal(tv_tmpl_update_resolve(e->s, e->board, TV_KIND_PACKAGE, "2", "owner",
		TV_TMPL_VALUE, "Direktør og kommunaldirektør", &diag), TV_OK);
	assert_value(e, TV_KIND_PACKAGE, "2", "owner", "Direktør og kommunaldirektør");
	assert_int_equal(tv_tmpl_update_conflict_count(e->s, e->board, &n), TV_OK);
	assert_int_equal(n, 0);
	/* no such conflict (any more) */
	assert_int_equal(tv_tmpl_update_resolve(e->s, e->board, TV_KIND_PACKAGE, "2", "owner",
		TV_TMPL_MINE, NULL, &diag), TV_NOT_FOUND);
	assert_non_null(strstr(diag.msg, "owner"));
}

/* Grow a template array by one zeroed element. */
static void *
grow(void *arrp, size_t *n, size_t size)
{
	void **arr = arrp;
	*arr = tv_xrealloc(*arr, (*n + 1) * size);
	char *el = (char *)*arr + *n * size;
	memset(el, 0, size);
	(*n)++;
	return el;
}

/* New items of every kind: a phase, a package of it with two tasks, a meeting and a
 * decision come with their keys and base values, dates from their offsets; one undo
 * takes them all away again. */
static void
test_add_items(void **state)
{
	struct env *e = *state;
	struct tv_template *v2 = e->v2;
	struct tv_phase *ph = grow(&v2->phases, &v2->nphases, sizeof *ph);
	ph->name = tv_xstrdup("Efterfase");
	ph->tkey = tv_xstrdup("efterfase");
	ph->start = 546;
	ph->end = 600;
	ph->not_before = TV_NO_DAY;
	size_t phase_index = v2->nphases;
	struct tv_package *p = grow(&v2->packages, &v2->npackages, sizeof *p);
	p->number = 10;
	p->title = tv_xstrdup("Evaluering");
	p->area = TV_AREA_ORG;
	p->deadline = (struct tv_when){ 580, TV_NO_TIME };
	p->phase_id = (int64_t)phase_index;
	p->sections[0] = tv_xstrdup("Hvad lærte vi?");
	p->position = 99;
	for (int k = 0; k < 2; k++) {
		struct tv_task *t = grow(&p->tasks, &p->ntasks, sizeof *t);
		t->title = tv_xasprintf("Evalueringsopgave %d", k + 1);
		t->tkey = tv_xasprintf("10.%d", k + 1);
		t->deadline = (struct tv_when){ 560 + k, TV_NO_TIME };
		t->position = k;
	}
	struct tv_meeting *m = grow(&v2->meetings, &v2->nmeetings, sizeof *m);
	m->title = tv_xstrdup("Afslutningsmøde");
	m->tkey = tv_xstrdup("afslutning");
	m->start = (struct tv_when){ 590, 600 };
	m->end = (struct tv_when){ 590, 720 };
	struct tv_decision *d = grow(&v2->decisions, &v2->ndecisions, sizeof *d);
	d->title = tv_xstrdup("Godkend evalueringen");
	d->tkey = tv_xstrdup("evaluering");
	d->area = -1;
	d->due = 595;
	d->decided = TV_NO_DAY;

	struct tv_tmpl_plan plan;
	struct tv_diag diag;
	int64_t change = 0;
	if (tv_tmpl_update_apply(e->s, e->board, v2, &plan, &change, &diag) != TV_OK)
		fail_msg("apply: %s", diag.msg);
	/* the package's tasks come with it: one entry for the package */
	expect(&plan, TV_KIND_PACKAGE, "10", "", TV_TMPL_ADD);
	expect(&plan, TV_KIND_PHASE, "efterfase", "", TV_TMPL_ADD);
	expect(&plan, TV_KIND_MEETING, "afslutning", "", TV_TMPL_ADD);
	expect(&plan, TV_KIND_DECISION, "evaluering", "", TV_TMPL_ADD);
	assert_null(find(&plan, TV_KIND_TASK, "10.1", ""));
	assert_int_equal(plan.count[TV_TMPL_ADD], 5);   /* and task 4.6 */
	tv_tmpl_plan_clear(&plan);

	assert_value(e, TV_KIND_PACKAGE, "10", "title", "Evaluering");
	assert_value(e, TV_KIND_PACKAGE, "10", "phase", "efterfase");
	assert_value(e, TV_KIND_PACKAGE, "10", "deadline", "+580d");
	assert_value(e, TV_KIND_PACKAGE, "10", "background", "Hvad lærte vi?");
	assert_value(e, TV_KIND_TASK, "10.2", "deadline", "+561d");
	assert_value(e, TV_KIND_PHASE, "efterfase", "end", "+600d");
	assert_value(e, TV_KIND_MEETING, "afslutning", "start", "+590d 10:00");
	assert_value(e, TV_KIND_DECISION, "evaluering", "due", "+595d");
	/* an update of the same version finds them where it left them */
	assert_int_equal(tv_tmpl_update_apply(e->s, e->board, v2, &plan, &change, &diag), TV_OK);
	assert_int_equal(change, 0);
	tv_tmpl_plan_clear(&plan);
	/* the first update is still the last change of the board: undo it whole */
	assert_int_equal(tv_store_revert(e->s, tv_store_last_change(e->s), NULL), TV_OK);
	int64_t id = 0;
	assert_int_equal(tv_store_tmpl_item_by_key(e->s, e->board, TV_KIND_PACKAGE, "10", &id),
		TV_NOT_FOUND);
	assert_int_equal(tv_store_tmpl_item_by_key(e->s, e->board, TV_KIND_PHASE, "efterfase",
		&id), TV_NOT_FOUND);
	assert_int_equal(tv_store_tmpl_item_by_key(e->s, e->board, TV_KIND_MEETING,
		"afslutning", &id), TV_NOT_FOUND);
	assert_int_equal(tv_store_tmpl_item_by_key(e->s, e->board, TV_KIND_DECISION,
		"evaluering", &id), TV_NOT_FOUND);
	/* a package the board deleted is not brought back by the next update */
	assert_int_equal(tv_tmpl_update_apply(e->s, e->board, v2, &plan, &change, &diag), TV_OK);
	tv_tmpl_plan_clear(&plan);
	assert_int_equal(tv_store_tmpl_item_by_key(e->s, e->board, TV_KIND_PACKAGE, "10", &id),
		TV_OK);
	assert_int_equal(tv_store_remove(e->s, TV_KIND_PACKAGE, id, 0), TV_OK);
	assert_int_equal(tv_tmpl_update_plan(e->s, e->board, v2, &plan, &diag), TV_OK);
	assert_null(find(&plan, TV_KIND_PACKAGE, "10", ""));
	tv_tmpl_plan_clear(&plan);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_merge3),
		cmocka_unit_test(test_slug),
		cmocka_unit_test(test_default_keys),
		cmocka_unit_test(test_derived_keys),
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test_setup_teardown(test_plan_reads_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_apply_undo_again, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resolve, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_items, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
