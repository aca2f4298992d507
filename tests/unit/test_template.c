/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Tests of the template module: the embedded default template and its content rules,
 * the same template read from packages/, every loader error with its FILE:LINE (one
 * fixture directory per case under tests/data/template-bad/), writing and reading back
 * byte for byte, and the full round trip through an in-memory store.
 * Links only the core library.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "tavle/date.h"
#include "tavle/fileio.h"
#include "tavle/holidays.h"
#include "tavle/plan.h"
#include "tavle/replan.h"
#include "tavle/store.h"
#include "tavle/template.h"

/* ---------------------------------------------------------------- helpers */

static const char *
nz(const char *s)
{
	return s ? s : "";
}

#define assert_str_same(a, b) assert_string_equal(nz(a), nz(b))

/* The board's start when the first template of assert_template_same is the one a board
 * was seeded from, so its offsets are the template's and the second's are the days the
 * working-day rule gave (tv_replan_day); TV_NO_DAY compares offsets as they are. */
static int32_t snap_base = TV_NO_DAY;

/* Offset a (first template) against b (second): equal, or after the working-day rule. */
static void
assert_off_same(int32_t a, int32_t b, enum tv_kind kind, const char *field)
{
	if (snap_base != TV_NO_DAY && a != TV_NO_DAY)
		a = tv_replan_day(snap_base, a, tv_replan_later(kind, field)) - snap_base;
	assert_int_equal(a, b);
}

static void
assert_when_off_same(struct tv_when a, struct tv_when b, enum tv_kind kind, const char *field)
{
	assert_off_same(a.day, b.day, kind, field);
	if (a.day != TV_NO_DAY)
		assert_int_equal(a.minute, b.minute);
}

/* Structural equality of two templates (the programme name is compared by callers). */
static void
assert_template_same(const struct tv_template *a, const struct tv_template *b)
{
	assert_int_equal(a->npackages, b->npackages);
	for (size_t i = 0; i < a->npackages; i++) {
		const struct tv_package *p = &a->packages[i], *q = &b->packages[i];
		assert_int_equal(p->number, q->number);
		assert_str_same(p->title, q->title);
		assert_int_equal(p->area, q->area);
		assert_int_equal(p->status, q->status);
		assert_str_same(p->owner, q->owner);
		assert_when_off_same(p->deadline, q->deadline, TV_KIND_PACKAGE, "deadline");
		assert_int_equal(p->phase_id, q->phase_id);
		assert_int_equal(p->position, q->position);
		for (int s = 0; s < TV_SECTION_COUNT; s++)
			assert_str_same(p->sections[s], q->sections[s]);
		assert_int_equal(p->ntasks, q->ntasks);
		for (size_t k = 0; k < p->ntasks; k++) {
			const struct tv_task *t = &p->tasks[k], *u = &q->tasks[k];
			assert_str_same(t->title, u->title);
			assert_when_off_same(t->deadline, u->deadline, TV_KIND_TASK, "deadline");
			assert_int_equal(t->done, u->done);
			assert_int_equal(t->responsible, u->responsible);
			assert_int_equal(t->minimum, u->minimum);
			assert_int_equal(t->position, u->position);
		}
	}
	assert_int_equal(a->nphases, b->nphases);
	for (size_t i = 0; i < a->nphases; i++) {
		const struct tv_phase *p = &a->phases[i], *q = &b->phases[i];
		assert_str_same(p->name, q->name);
		assert_off_same(p->start, q->start, TV_KIND_PHASE, "start");
		assert_off_same(p->end, q->end, TV_KIND_PHASE, "end");
		assert_off_same(p->not_before, q->not_before, TV_KIND_PHASE, "not_before");
		assert_str_same(p->not_before_reason, q->not_before_reason);
	}
	assert_int_equal(a->nmeetings, b->nmeetings);
	for (size_t i = 0; i < a->nmeetings; i++) {
		const struct tv_meeting *m = &a->meetings[i], *n = &b->meetings[i];
		assert_int_equal(m->kind, n->kind);
		assert_str_same(m->title, n->title);
		assert_when_off_same(m->start, n->start, TV_KIND_MEETING, "start");
		assert_when_off_same(m->end, n->end, TV_KIND_MEETING, "end");
		assert_str_same(m->place, n->place);
		assert_str_same(m->region, n->region);
		assert_str_same(m->url, n->url);
		assert_str_same(m->participants, n->participants);
		assert_str_same(m->notes, n->notes);
		assert_str_same(m->packages, n->packages);
	}
	assert_int_equal(a->ndecisions, b->ndecisions);
	for (size_t i = 0; i < a->ndecisions; i++) {
		const struct tv_decision *d = &a->decisions[i], *e = &b->decisions[i];
		assert_str_same(d->title, e->title);
		assert_int_equal(d->area, e->area);
		assert_str_same(d->owner, e->owner);
		assert_off_same(d->due, e->due, TV_KIND_DECISION, "due");
		assert_int_equal(d->status, e->status);
		assert_str_same(d->text, e->text);
		assert_off_same(d->decided, e->decided, TV_KIND_DECISION, "decided");
	}
	assert_int_equal(a->npeople, b->npeople);
	for (size_t i = 0; i < a->npeople; i++) {
		const struct tv_person *p = &a->people[i], *q = &b->people[i];
		assert_str_same(p->name, q->name);
		assert_str_same(p->email, q->email);
		assert_int_equal(p->role, q->role);
		assert_int_equal(p->area, q->area);
	}
}

static struct tv_template *
load_default(void)
{
	struct tv_template *tpl = NULL;
	struct tv_diag diag;
	tv_diag_clear(&diag);
	enum tv_status rc = tv_template_load_default(&tpl, &diag);
	if (rc != TV_OK)
		fail_msg("default template: %s:%d: %s", diag.file, diag.line, diag.msg);
	return tpl;
}

static char *
make_temp_dir(void)
{
	char *dir = strdup("/tmp/tavle-tpl-test-XXXXXX");
	assert_non_null(mkdtemp(dir));
	return dir;
}

static void
remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

static char *
read_all(const char *path, size_t *len)
{
	char *text = NULL;
	struct tv_diag diag;
	if (tv_file_read(path, 1 << 22, &text, len, &diag) != TV_OK)
		fail_msg("cannot read %s: %s", path, diag.msg);
	return text;
}

/* The *.txt names of a directory, sorted, as one "\n"-joined string. */
static char *
txt_names(const char *dir)
{
	char *names[256];
	size_t n = 0;
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d)) != NULL && n < 256) {
		size_t len = strlen(e->d_name);
		if (len > 4 && strcmp(e->d_name + len - 4, ".txt") == 0)
			names[n++] = strdup(e->d_name);
	}
	closedir(d);
	for (size_t i = 0; i < n; i++)
		for (size_t k = i + 1; k < n; k++)
			if (strcmp(names[k], names[i]) < 0) {
				char *t = names[i];
				names[i] = names[k];
				names[k] = t;
			}
	size_t total = 1;
	for (size_t i = 0; i < n; i++)
		total += strlen(names[i]) + 1;
	char *out = calloc(1, total);
	for (size_t i = 0; i < n; i++) {
		strcat(out, names[i]);
		strcat(out, "\n");
		free(names[i]);
	}
	return out;
}

/* Every *.txt file of `a` exists in `b` with the same bytes, and no others. */
static void
assert_dirs_identical(const char *a, const char *b)
{
	char *na = txt_names(a), *nb = txt_names(b);
	assert_string_equal(na, nb);
	for (char *s = na; *s;) {
		char *nl = strchr(s, '\n');
		*nl = '\0';
		char pa[1024], pb[1024];
		snprintf(pa, sizeof pa, "%s/%s", a, s);
		snprintf(pb, sizeof pb, "%s/%s", b, s);
		size_t la, lb;
		char *ta = read_all(pa, &la), *tb = read_all(pb, &lb);
		if (la != lb || memcmp(ta, tb, la) != 0)
			fail_msg("%s differs from %s", pb, pa);
		free(ta);
		free(tb);
		s = nl + 1;
	}
	free(na);
	free(nb);
}

/* ---------------------------------------------------------------- the default */

static void
test_default_content(void **state)
{
	(void)state;
	struct tv_template *tpl = load_default();
	assert_string_equal(tpl->name, "Næste generation Digital Post");

	assert_int_equal(tpl->npackages, 10);
	bool area_seen[TV_AREA_COUNT] = { false };
	for (size_t i = 0; i < tpl->npackages; i++) {
		const struct tv_package *p = &tpl->packages[i];
		assert_int_equal(p->number, (int)i);        /* 0-9, sorted */
		assert_non_null(p->title);
		assert_true(strlen(p->title) <= 45);        /* fits a card */
		area_seen[p->area] = true;
		assert_non_null(p->owner);
		assert_int_not_equal(p->deadline.day, TV_NO_DAY);
		assert_true(p->phase_id >= 1 && (size_t)p->phase_id <= tpl->nphases);
		assert_int_equal(p->status, TV_TODO);
		for (int s = 0; s < TV_SECTION_COUNT; s++) {
			if (!p->sections[s] || strlen(p->sections[s]) < 80)
				fail_msg("package %d: section %s is empty or too short", p->number,
					tv_section_name((enum tv_section)s, true));
		}
		assert_in_range(p->ntasks, 3, 8);
		/* The deadline falls inside the package's phase, and no task is due after
		 * its package. */
		const struct tv_phase *ph = &tpl->phases[p->phase_id - 1];
		assert_in_range(p->deadline.day, ph->start, ph->end);
		for (size_t k = 0; k < p->ntasks; k++) {
			if (p->tasks[k].deadline.day > p->deadline.day)
				fail_msg("package %d: task '%s' is due after the package", p->number,
					p->tasks[k].title);
			assert_int_equal(p->tasks[k].position, (int)k);
			assert_int_not_equal(p->tasks[k].deadline.day, TV_NO_DAY);
			assert_false(p->tasks[k].done);
		}
	}
	for (int a = 0; a < TV_AREA_COUNT; a++)
		assert_true(area_seen[a]);
	/* The three names the source document gives. */
	assert_string_equal(tpl->packages[0].title, "Kommunikation");
	assert_int_equal(tpl->packages[0].area, TV_AREA_KOM);
	assert_string_equal(tpl->packages[1].title, "Implementeringsopstart");
	assert_int_equal(tpl->packages[1].area, TV_AREA_ORG);
	assert_string_equal(tpl->packages[5].title, "Kontaktstruktur");
	assert_int_equal(tpl->packages[5].area, TV_AREA_DATA);

	/* Phases: contiguous windows, one with a not-before constraint and a reason. */
	assert_true(tpl->nphases >= 3);
	assert_int_equal(tpl->phases[0].start, 0);
	int not_before = 0;
	for (size_t i = 0; i < tpl->nphases; i++) {
		assert_true(tpl->phases[i].end >= tpl->phases[i].start);
		if (i > 0)
			assert_int_equal(tpl->phases[i].start, tpl->phases[i - 1].end + 1);
		if (tpl->phases[i].not_before != TV_NO_DAY) {
			not_before++;
			assert_non_null(tpl->phases[i].not_before_reason);
			assert_non_null(strstr(tpl->phases[i].not_before_reason,
				"Administrativ Adgang"));
		}
	}
	assert_true(not_before >= 1);

	int info = 0, supplier = 0;
	for (size_t i = 0; i < tpl->nmeetings; i++) {
		const struct tv_meeting *m = &tpl->meetings[i];
		assert_int_not_equal(m->start.minute, TV_NO_TIME);
		assert_true(m->end.day == m->start.day && m->end.minute > m->start.minute);
		assert_true(m->place || m->url);
		if (m->kind == TV_MEET_INFO)
			info++;
		if (m->kind == TV_MEET_SUPPLIER)
			supplier++;
	}
	assert_int_equal(info, 4);
	assert_true(supplier >= 1);

	assert_in_range(tpl->ndecisions, 6, 10);
	for (size_t i = 0; i < tpl->ndecisions; i++) {
		assert_int_equal(tpl->decisions[i].status, TV_DEC_OPEN);
		assert_int_not_equal(tpl->decisions[i].due, TV_NO_DAY);
		assert_true(tpl->decisions[i].area >= 0);
	}

	int contact = 0;
	for (size_t i = 0; i < tpl->npeople; i++)
		if (tpl->people[i].role == TV_ROLE_CONTACT)
			contact++;
	assert_int_equal(contact, 1);
	tv_template_free(tpl);
}

static void
test_dir_equals_default(void **state)
{
	(void)state;
	struct tv_template *def = load_default(), *dir = NULL;
	struct tv_diag diag;
	tv_diag_clear(&diag);
	enum tv_status rc = tv_template_load_dir(TEST_PACKAGES_DIR, &dir, &diag);
	if (rc != TV_OK)
		fail_msg("%s:%d: %s", diag.file, diag.line, diag.msg);
	assert_string_equal(def->name, dir->name);
	assert_template_same(def, dir);
	tv_template_free(def);
	tv_template_free(dir);
}

/* The shipped files are exactly what the writer produces, so an export of an
 * untouched board reads like the shipped template. */
static void
test_write_matches_shipped_files(void **state)
{
	(void)state;
	struct tv_template *def = load_default();
	char *tmp = make_temp_dir();
	struct tv_diag diag;
	tv_diag_clear(&diag);
	assert_int_equal(tv_template_write_dir(def, tmp, &diag), TV_OK);
	assert_dirs_identical(TEST_PACKAGES_DIR, tmp);
	remove_dir(tmp);
	free(tmp);
	tv_template_free(def);
}

/* ---------------------------------------------------------------- errors */

struct bad_case {
	const char *dir;
	const char *file;
	int line;
	const char *msg;    /* a part of the message */
};

static const struct bad_case bad_cases[] = {
	{ "unknown-key",        "1-a.txt",       4,  "unknown key 'colour'" },
	{ "unknown-area",       "1-a.txt",       3,  "unknown area 'dta'" },
	{ "bad-offset",         "1-a.txt",       5,  "'30d' is not a day offset" },
	{ "duplicate-number",   "2-b.txt",       2,  "package number 1 is also used" },
	{ "missing-title",      "1-a.txt",       1,  "no 'title:'" },
	{ "missing-number",     "1-a.txt",       1,  "no 'number:'" },
	{ "unknown-section",    "1-a.txt",       8,  "unknown section '## Baggrunden'" },
	{ "bad-task",           "1-a.txt",       12, "a task line looks like" },
	{ "bad-responsible",    "1-a.txt",       12, "responsible 'kommune' is unknown" },
	{ "unknown-phase",      "1-a.txt",       6,  "no phase named 'Slutfase'" },
	{ "invalid-utf8",       "1-a.txt",       9,  "not valid UTF-8" },
	{ "control-char",       "1-a.txt",       9,  "control character" },
	{ "bad-time",           "programme.txt", 10, "'25:00' is not a time of day" },
	{ "unknown-block",      "programme.txt", 8,  "unknown block [meating]" },
	{ "phase-ends-early",   "programme.txt", 3,  "ends before it starts" },
	{ "duplicate-section",  "1-a.txt",       11, "appears twice" },
	{ "stray-continuation", "1-a.txt",       7,  "continuation line" },
};

static void
test_bad_fixtures(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		const struct bad_case *c = &bad_cases[i];
		char dir[1024], file[1100];
		snprintf(dir, sizeof dir, "%s/template-bad/%s", TEST_DATA_DIR, c->dir);
		snprintf(file, sizeof file, "%s/%s", dir, c->file);
		struct tv_template *tpl = (struct tv_template *)(uintptr_t)1;
		struct tv_diag diag;
		tv_diag_clear(&diag);
		enum tv_status rc = tv_template_load_dir(dir, &tpl, &diag);
		if (rc != TV_INVALID || strcmp(diag.file, file) != 0 || diag.line != c->line ||
			!strstr(diag.msg, c->msg))
			fail_msg("case %s: got status %d, %s:%d: %s; want %s:%d: ...%s...", c->dir,
				rc, diag.file, diag.line, diag.msg, file, c->line, c->msg);
		/* Nothing is returned on error. */
		assert_ptr_equal(tpl, (struct tv_template *)(uintptr_t)1);
	}
}

/* A minimal valid template in memory, to vary one thing at a time. */
static const char good_prog[] = "programme: Test\n\n[phase]\nname: Opstart\nstart: +0d\n"
	"end: +60d\n";
static const char good_pkg[] = "number: 1\ntitle: Opstart\narea: org\n\n## Baggrund\n"
	"Tekst.\n\n## Opgaver\n- [ ] +14d authority minimum: Udpeg kontaktperson\n";

static enum tv_status
load_two(const char *prog, const char *pkg, size_t pkg_len, struct tv_template **out,
	struct tv_diag *diag)
{
	struct tv_template_file files[2] = {
		{ "programme.txt", prog, strlen(prog) },
		{ "1-a.txt", pkg, pkg_len },
	};
	tv_diag_clear(diag);
	return tv_template_load_files(files, 2, out, diag);
}

static void
test_load_files_errors(void **state)
{
	(void)state;
	struct tv_template *tpl = NULL;
	struct tv_diag diag;
	assert_int_equal(load_two(good_prog, good_pkg, strlen(good_pkg), &tpl, &diag), TV_OK);
	assert_int_equal(tpl->npackages, 1);
	assert_string_equal(tpl->packages[0].sections[TV_SEC_BACKGROUND], "Tekst.");
	assert_null(tpl->packages[0].sections[TV_SEC_OUTPUT]);
	tv_template_free(tpl);

	/* A NUL byte inside a file. */
	char nul[sizeof good_pkg];
	memcpy(nul, good_pkg, sizeof good_pkg);
	nul[strlen("number: 1\ntitle: Op")] = '\0';
	assert_int_equal(load_two(good_prog, nul, strlen(good_pkg), &tpl, &diag), TV_INVALID);
	assert_int_equal(diag.line, 2);
	assert_string_equal(diag.file, "1-a.txt");

	/* A file over the limit. */
	size_t big = 2 * 1024 * 1024;
	char *huge = malloc(big);
	memset(huge, 'a', big);
	assert_int_equal(load_two(good_prog, huge, big, &tpl, &diag), TV_INVALID);
	assert_string_equal(diag.file, "1-a.txt");
	assert_non_null(strstr(diag.msg, "larger than"));
	free(huge);

	/* No package files at all. */
	struct tv_template_file only_prog = { "programme.txt", good_prog, strlen(good_prog) };
	assert_int_equal(tv_template_load_files(&only_prog, 1, &tpl, &diag), TV_INVALID);

	/* A directory that does not exist. */
	assert_int_equal(tv_template_load_dir("/nonexistent/tavle", &tpl, &diag), TV_IO);

	/* Negative offsets, times and CRLF line ends are accepted. */
	const char crlf[] = "number: 1\r\ntitle: Opstart\r\narea: org\r\ndeadline: -7d 09:30\r\n";
	assert_int_equal(load_two(good_prog, crlf, strlen(crlf), &tpl, &diag), TV_OK);
	assert_int_equal(tpl->packages[0].deadline.day, -7);
	assert_int_equal(tpl->packages[0].deadline.minute, 9 * 60 + 30);
	tv_template_free(tpl);
}

/* ---------------------------------------------------------------- writing */

/* Things the default does not contain: escaped headings, multi-line values, done
 * tasks, statuses, tasks without deadlines, times, negative offsets, positions out of
 * number order, empty sections, people with e-mail. */
static const char tricky_prog[] =
	"programme: Prøve\n"
	"[phase]\nname: Før\nstart: -30d\nend: -1d\n"
	"[phase]\nname: Efter\nstart: +0d\nend: +90d\nnot-before: +10d\nreason: Portal åben\n"
	"[meeting]\nkind: webinar\ntitle: Webinar\nstart: +3d 09:00\nend: +3d 10:30\n"
	"url: https://example.org/a?b=c\nnotes: Linje 1\n>\n> Linje 3: med kolon\n"
	"[meeting]\nkind: other\ntitle: Heldagsmøde\nstart: +7d\n"
	"[decision]\ntitle: Besluttet sag\nowner: Direktion\ndue: +3d\nstatus: decided\n"
	"decided: +2d\ntext: Grund\n> og mere\n"
	"[person]\nname: Mette Ærø Hansen\nrole: contact\nemail: meh@example.org\n";
static const char tricky_a[] =
	"number: 7\ntitle: Sidst\narea: kom\nstatus: blocked\nphase: Efter\nposition: 0\n"
	"\n## Baggrund\n\\## ikke en overskrift\n\\\\## heller ikke\n\n  indrykket\n#kommentar?\n"
	"\n## Opgaver\n- [x] - agency: Uden frist\n- [ ] +3d 23:59 supplier: Sent: med kolon\n"
	"- [ ] -3d authority minimum: Før start\n";
static const char tricky_b[] =
	"number: 2\ntitle: Først\narea: kom\nstatus: done\nowner: Ærø\ndeadline: +1d 08:00\n"
	"position: 1\n\n## Materiale og værktøjer\n- punkt\n";

static void
test_write_roundtrip_tricky(void **state)
{
	(void)state;
	struct tv_template_file files[] = {
		{ "programme.txt", tricky_prog, sizeof tricky_prog - 1 },
		{ "x.txt", tricky_a, sizeof tricky_a - 1 },
		{ "y.txt", tricky_b, sizeof tricky_b - 1 },
	};
	struct tv_template *tpl = NULL, *back = NULL;
	struct tv_diag diag;
	tv_diag_clear(&diag);
	if (tv_template_load_files(files, 3, &tpl, &diag) != TV_OK)
		fail_msg("%s:%d: %s", diag.file, diag.line, diag.msg);
	/* Sorted by number; positions as given. */
	assert_int_equal(tpl->packages[0].number, 2);
	assert_int_equal(tpl->packages[0].position, 1);
	assert_int_equal(tpl->packages[1].position, 0);
	assert_int_equal(tpl->packages[1].phase_id, 2);
	assert_string_equal(tpl->packages[1].sections[TV_SEC_BACKGROUND],
		"## ikke en overskrift\n\\## heller ikke\n\n  indrykket\n#kommentar?");
	assert_int_equal(tpl->packages[1].ntasks, 3);
	assert_true(tpl->packages[1].tasks[0].done);
	assert_int_equal(tpl->packages[1].tasks[0].deadline.day, TV_NO_DAY);
	assert_string_equal(tpl->packages[1].tasks[1].title, "Sent: med kolon");
	assert_int_equal(tpl->packages[1].tasks[1].deadline.minute, 23 * 60 + 59);
	assert_string_equal(tpl->meetings[0].notes, "Linje 1\n\nLinje 3: med kolon");
	assert_int_equal(tpl->meetings[1].start.minute, TV_NO_TIME);
	assert_int_equal(tpl->meetings[1].end.day, TV_NO_DAY);
	assert_int_equal(tpl->phases[0].start, -30);
	assert_int_equal(tpl->decisions[0].decided, 2);

	char *d1 = make_temp_dir(), *d2 = make_temp_dir();
	assert_int_equal(tv_template_write_dir(tpl, d1, &diag), TV_OK);
	assert_int_equal(tv_template_load_dir(d1, &back, &diag), TV_OK);
	assert_string_equal(back->name, tpl->name);
	assert_template_same(tpl, back);
	assert_int_equal(tv_template_write_dir(back, d2, &diag), TV_OK);
	assert_dirs_identical(d1, d2);

	/* A file the earlier export did not write is in the way: refused, named, kept. */
	char stale[1100], manifest[1100];
	snprintf(stale, sizeof stale, "%s/5-gammel.txt", d2);
	FILE *fp = fopen(stale, "w");
	assert_non_null(fp);
	fputs("number: 5\ntitle: Gammel\narea: org\n", fp);
	fclose(fp);
	assert_int_equal(tv_template_write_dir(back, d2, &diag), TV_INVALID);
	assert_non_null(strstr(diag.msg, "5-gammel.txt"));
	assert_int_equal(access(stale, F_OK), 0);

	/* Writing again over an earlier export drops files of packages now gone (the ones
	 * its manifest lists). */
	snprintf(manifest, sizeof manifest, "%s/.tavle-template", d2);
	fp = fopen(manifest, "a");
	assert_non_null(fp);
	fputs("5-gammel.txt\n", fp);
	fclose(fp);
	assert_int_equal(tv_template_write_dir(back, d2, &diag), TV_OK);
	assert_int_equal(access(stale, F_OK), -1);
	assert_dirs_identical(d1, d2);

	tv_template_free(back);
	tv_template_free(tpl);
	remove_dir(d1);
	remove_dir(d2);
	free(d1);
	free(d2);
}

/* ---------------------------------------------------------------- the store */

static struct tv_store *
open_memory_store(void)
{
	struct tv_store *store = NULL;
	struct tv_diag diag;
	tv_diag_clear(&diag);
	if (tv_store_open(":memory:", TV_STORE_CREATE, &store, &diag) != TV_OK)
		fail_msg("store: %s", diag.msg);
	tv_store_set_user(store, "test");
	tv_store_set_now(store, 1700000000);
	return store;
}

static void
roundtrip_through_store(const struct tv_template *tpl)
{
	struct tv_store *store = open_memory_store();
	struct tv_board board = { 0 };
	board.name = tpl->name;
	board.authority = "Ærø Kommune";
	board.sector = TV_SECTOR_MUNICIPALITY;
	board.start = 18414;   /* 2020-06-01 */
	struct tv_diag diag;
	tv_diag_clear(&diag);
	if (tv_template_instantiate(store, tpl, &board, &diag) != TV_OK)
		fail_msg("instantiate: %s", diag.msg);
	assert_true(board.id > 0);

	struct tv_board_data *data = NULL;
	assert_int_equal(tv_store_load_board(store, board.id, &data), TV_OK);
	assert_int_equal(data->npackages, tpl->npackages);
	/* Dates are the board's start plus the offsets, on the working day the rule gives. */
	const struct tv_package *p1 = tv_board_data_package(data, tpl->packages[0].number);
	assert_non_null(p1);
	if (tpl->packages[0].deadline.day != TV_NO_DAY)
		assert_int_equal(p1->deadline.day,
			tv_replan_day(18414, tpl->packages[0].deadline.day, false));

	/* The board back as a template: its days as offsets, so the template's offsets
	 * after the working-day rule; written and read back, the same again. */
	struct tv_template *from = NULL, *back = NULL;
	assert_int_equal(tv_template_from_board(data, &from), TV_OK);
	snap_base = 18414;
	assert_template_same(tpl, from);

	char *d1 = make_temp_dir(), *d2 = make_temp_dir();
	assert_int_equal(tv_template_write_dir(from, d1, &diag), TV_OK);
	assert_int_equal(tv_template_load_dir(d1, &back, &diag), TV_OK);
	assert_template_same(tpl, back);
	snap_base = TV_NO_DAY;
	assert_template_same(from, back);
	assert_int_equal(tv_template_write_dir(back, d2, &diag), TV_OK);
	assert_dirs_identical(d1, d2);

	/* A second board from the export is identical to the first. */
	struct tv_board board2 = { 0 };
	board2.name = "Kopi";
	board2.authority = "Ærø Kommune";
	board2.start = 18414;
	assert_int_equal(tv_template_instantiate(store, back, &board2, &diag), TV_OK);
	struct tv_board_data *data2 = NULL;
	struct tv_template *from2 = NULL;
	assert_int_equal(tv_store_load_board(store, board2.id, &data2), TV_OK);
	assert_int_equal(tv_template_from_board(data2, &from2), TV_OK);
	assert_template_same(from, from2);

	free(board.created_at);
	free(board2.created_at);
	tv_template_free(from2);
	tv_board_data_free(data2);
	tv_template_free(back);
	tv_template_free(from);
	tv_board_data_free(data);
	remove_dir(d1);
	remove_dir(d2);
	free(d1);
	free(d2);
	tv_store_close(store);
}

static void
test_store_roundtrip_default(void **state)
{
	(void)state;
	struct tv_template *tpl = load_default();
	roundtrip_through_store(tpl);
	tv_template_free(tpl);
}

static void
test_store_roundtrip_tricky(void **state)
{
	(void)state;
	struct tv_template_file files[] = {
		{ "programme.txt", tricky_prog, sizeof tricky_prog - 1 },
		{ "x.txt", tricky_a, sizeof tricky_a - 1 },
		{ "y.txt", tricky_b, sizeof tricky_b - 1 },
	};
	struct tv_template *tpl = NULL;
	struct tv_diag diag;
	assert_int_equal(tv_template_load_files(files, 3, &tpl, &diag), TV_OK);
	roundtrip_through_store(tpl);
	tv_template_free(tpl);
}

/* On failure nothing is written: a second board with the same name is refused and the
 * database still holds one board. */
static void
test_instantiate_all_or_nothing(void **state)
{
	(void)state;
	struct tv_template *tpl = load_default();
	struct tv_store *store = open_memory_store();
	struct tv_board board = { .name = "NgDP", .authority = "Ærø Kommune", .start = 18414 };
	struct tv_diag diag;
	tv_diag_clear(&diag);
	assert_int_equal(tv_template_instantiate(store, tpl, &board, &diag), TV_OK);
	struct tv_board again = { .name = "NgDP", .authority = "X", .start = 18414 };
	tv_diag_clear(&diag);
	assert_int_not_equal(tv_template_instantiate(store, tpl, &again, &diag), TV_OK);
	assert_int_equal(again.id, 0);
	assert_true(diag.msg[0] != '\0');

	/* A template whose package refers to a task title the store refuses (empty)
	 * fails after the board was added: the board must be gone too. */
	struct tv_template *bad = load_default();
	free(bad->packages[9].tasks[2].title);
	bad->packages[9].tasks[2].title = strdup("");
	struct tv_board third = { .name = "Tredje", .authority = "X", .start = 18414 };
	assert_int_not_equal(tv_template_instantiate(store, bad, &third, &diag), TV_OK);
	assert_int_equal(third.id, 0);
	assert_null(third.created_at);

	struct tv_board *boards = NULL;
	size_t n = 0;
	assert_int_equal(tv_store_boards(store, true, &boards, &n), TV_OK);
	assert_int_equal(n, 1);
	for (size_t i = 0; i < n; i++)
		tv_board_clear(&boards[i]);
	free(boards);
	/* The surviving board is complete. */
	struct tv_board_data *data = NULL;
	assert_int_equal(tv_store_load_board(store, board.id, &data), TV_OK);
	assert_int_equal(data->npackages, 10);
	tv_board_data_free(data);
	free(board.created_at);
	tv_template_free(bad);
	tv_template_free(tpl);
	tv_store_close(store);
}

/* Every date of a board seeded from the shipped template is a working day. */
static void
assert_working(int32_t day, const char *what, int32_t start)
{
	if (day == TV_NO_DAY || tv_day_is_working(day))
		return;
	char d[TV_DATE_BUF], s[TV_DATE_BUF];
	tv_date_format(day, d);
	tv_date_format(start, s);
	fail_msg("start %s: %s on %s, not a working day", s, what, d);
}

/* Issue 18: "the default template produces no date on a weekend or holiday for
 * programme starts across a whole year". For every start day of 2027 a board from the
 * shipped template (packages/): every package and task deadline, phase start, end and
 * not-before, meeting start and end and decision due date is a working day; the plan
 * has no warning (no phase overlapping the next, no package outside its phase); and
 * re-planning to the same start moves nothing (seeding and re-planning are one rule). */
static void
test_default_working_days_2027(void **state)
{
	(void)state;
	struct tv_template *tpl = NULL;
	struct tv_diag diag;
	tv_diag_clear(&diag);
	if (tv_template_load_dir(TEST_PACKAGES_DIR, &tpl, &diag) != TV_OK)
		fail_msg("packages/: %s:%d: %s", diag.file, diag.line, diag.msg);
	struct tv_store *store = open_memory_store();
	int32_t first, last;
	assert_true(tv_date_from_ymd(2027, 1, 1, &first));
	assert_true(tv_date_from_ymd(2027, 12, 31, &last));
	size_t ndates = 0;
	/* Under valgrind (meson test --setup=valgrind) every 13th day: 13 is prime to 7, so
	 * the sample still starts on every weekday; the plain run takes all 365. */
	int32_t stride = getenv("TAVLE_TEST_VALGRIND") ? 13 : 1;
	for (int32_t start = first; start <= last; start += stride) {
		char name[32];
		tv_date_format(start, name);
		struct tv_board board = { 0 };
		board.name = name;
		board.authority = "Ærø Kommune";
		board.start = start;
		if (tv_template_instantiate(store, tpl, &board, &diag) != TV_OK)
			fail_msg("instantiate from %s: %s", name, diag.msg);
		struct tv_board_data *d = NULL;
		assert_int_equal(tv_store_load_board(store, board.id, &d), TV_OK);
		for (size_t i = 0; i < d->npackages; i++) {
			const struct tv_package *p = &d->packages[i];
			assert_working(p->deadline.day, p->title, start);
			for (size_t k = 0; k < p->ntasks; k++)
				assert_working(p->tasks[k].deadline.day, p->tasks[k].title, start);
			ndates += 1 + p->ntasks;
		}
		for (size_t i = 0; i < d->nphases; i++) {
			const struct tv_phase *ph = &d->phases[i];
			assert_working(ph->start, ph->name, start);
			assert_working(ph->end, ph->name, start);
			assert_working(ph->not_before, ph->name, start);
		}
		for (size_t i = 0; i < d->nmeetings; i++) {
			assert_working(d->meetings[i].start.day, d->meetings[i].title, start);
			assert_working(d->meetings[i].end.day, d->meetings[i].title, start);
		}
		for (size_t i = 0; i < d->ndecisions; i++)
			assert_working(d->decisions[i].due, d->decisions[i].title, start);
		ndates += 3 * d->nphases + 2 * d->nmeetings + d->ndecisions;
		struct tv_plan_warning *w = NULL;
		size_t nw = tv_plan_warnings(d, &w);
		if (nw)
			fail_msg("start %s: %zu plan warnings, the first: %s", name, nw, w[0].text);
		tv_plan_warnings_free(w, nw);
		struct tv_replan_plan plan;
		assert_int_equal(tv_store_replan_preview(store, TV_KIND_BOARD, board.id, name, &plan),
			TV_OK);
		assert_int_equal(plan.nmoved, 0);
		tv_replan_plan_clear(&plan);
		tv_board_data_free(d);
		free(board.created_at);
	}
	assert_true(ndates > (size_t)(365 / stride) * 90);
	tv_store_close(store);
	tv_template_free(tpl);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_content),
		cmocka_unit_test(test_dir_equals_default),
		cmocka_unit_test(test_write_matches_shipped_files),
		cmocka_unit_test(test_bad_fixtures),
		cmocka_unit_test(test_load_files_errors),
		cmocka_unit_test(test_write_roundtrip_tricky),
		cmocka_unit_test(test_store_roundtrip_default),
		cmocka_unit_test(test_store_roundtrip_tricky),
		cmocka_unit_test(test_instantiate_all_or_nothing),
		cmocka_unit_test(test_default_working_days_2027),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
