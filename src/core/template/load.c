/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Loading a template: a set of files (sorted by name, programme.txt among them),
 * a directory of *.txt files, or the default embedded at build time, parsed all or
 * nothing; then phase names resolved and the packages ordered within each area.
 * tv_template_free releases any template.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tavle/fileio.h"
#include "template_int.h"

/* Generated from the packages directory (*.txt) by tools/embed_template.py. */
extern const struct tv_template_file tv_default_template_files[];
extern const size_t tv_default_template_nfiles;

static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* ---------------------------------------------------------------- loading */

void
tv_template_free(struct tv_template *tpl)
{
	if (!tpl)
		return;
	free(tpl->name);
	for (size_t i = 0; i < tpl->npackages; i++)
		tv_package_clear(&tpl->packages[i]);
	free(tpl->packages);
	for (size_t i = 0; i < tpl->nphases; i++)
		tv_phase_clear(&tpl->phases[i]);
	free(tpl->phases);
	for (size_t i = 0; i < tpl->nmeetings; i++)
		tv_meeting_clear(&tpl->meetings[i]);
	free(tpl->meetings);
	for (size_t i = 0; i < tpl->ndecisions; i++)
		tv_decision_clear(&tpl->decisions[i]);
	free(tpl->decisions);
	for (size_t i = 0; i < tpl->npeople; i++)
		tv_person_clear(&tpl->people[i]);
	free(tpl->people);
	free(tpl);
}

static int
cmp_file_name(const void *a, const void *b)
{
	const struct tv_template_file *const *x = a, *const *y = b;
	return strcmp(base_name((*x)->name), base_name((*y)->name));
}

int
tpl_cmp_pkg_number(const void *a, const void *b)
{
	const struct tv_package *x = a, *y = b;
	return (x->number > y->number) - (x->number < y->number);
}

bool
tpl_key_valid(const char *key)
{
	size_t n = strlen(key);
	if (n == 0 || n > MAX_KEY)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = key[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			(i > 0 && (c == '.' || c == '-' || c == '_'));
		if (!ok)
			return false;
	}
	return true;
}

enum tv_status
tpl_key_add(struct reader *r, struct loader *ld, int kind, const char *key)
{
	if (!tpl_key_valid(key))
		return tpl_err(r, "key '%s' is not a key (lower-case letters, digits, '.', '-' "
			"and '_', at most %d bytes)", key, MAX_KEY);
	for (size_t i = 0; i < ld->nkeys; i++)
		if (ld->keys[i].kind == kind && strcmp(ld->keys[i].key, key) == 0)
			return tpl_err(r, "key '%s' is also used at %s:%d", key, ld->keys[i].file,
				ld->keys[i].line);
	struct key_at *k = tpl_push(&ld->keys, &ld->nkeys, sizeof *k);
	k->kind = kind;
	k->key = tv_xstrdup(key);
	k->file = r->file;
	k->line = r->line;
	return TV_OK;
}

/* Is `key` of `kind` given or derived already? */
static bool
key_taken(const struct loader *ld, int kind, const char *key)
{
	const struct tv_template *t = ld->tpl;
	for (size_t i = 0; i < ld->nkeys; i++)
		if (ld->keys[i].kind == kind && strcmp(ld->keys[i].key, key) == 0)
			return true;
	for (size_t i = 0; kind == TV_KIND_TASK && i < t->npackages; i++)
		for (size_t k = 0; k < t->packages[i].ntasks; k++)
			if (t->packages[i].tasks[k].tkey &&
			    strcmp(t->packages[i].tasks[k].tkey, key) == 0)
				return true;
	for (size_t i = 0; kind == TV_KIND_PHASE && i < t->nphases; i++)
		if (t->phases[i].tkey && strcmp(t->phases[i].tkey, key) == 0)
			return true;
	for (size_t i = 0; kind == TV_KIND_MEETING && i < t->nmeetings; i++)
		if (t->meetings[i].tkey && strcmp(t->meetings[i].tkey, key) == 0)
			return true;
	for (size_t i = 0; kind == TV_KIND_DECISION && i < t->ndecisions; i++)
		if (t->decisions[i].tkey && strcmp(t->decisions[i].tkey, key) == 0)
			return true;
	return false;
}

/* A derived key: `base`, or base-2, base-3, ... when taken. */
static char *
derive(const struct loader *ld, int kind, char *base)
{
	char *key = tv_xstrdup(base);
	for (int n = 2; key_taken(ld, kind, key); n++) {
		free(key);
		key = tv_xasprintf("%s-%d", base, n);
	}
	free(base);
	return key;
}

/* The items the files gave no key get one (packages/README.md): a task
 * "<package>.<position from 1>", a phase, meeting or decision the slug of its name. */
static void
derive_keys(struct loader *ld)
{
	struct tv_template *t = ld->tpl;
	for (size_t i = 0; i < t->npackages; i++)
		for (size_t k = 0; k < t->packages[i].ntasks; k++)
			if (!t->packages[i].tasks[k].tkey)
				t->packages[i].tasks[k].tkey = derive(ld, TV_KIND_TASK,
					tv_xasprintf("%d.%zu", t->packages[i].number, k + 1));
	for (size_t i = 0; i < t->nphases; i++)
		if (!t->phases[i].tkey)
			t->phases[i].tkey = derive(ld, TV_KIND_PHASE, tv_text_slug(t->phases[i].name));
	for (size_t i = 0; i < t->nmeetings; i++)
		if (!t->meetings[i].tkey)
			t->meetings[i].tkey = derive(ld, TV_KIND_MEETING,
				tv_text_slug(t->meetings[i].title));
	for (size_t i = 0; i < t->ndecisions; i++)
		if (!t->decisions[i].tkey)
			t->decisions[i].tkey = derive(ld, TV_KIND_DECISION,
				tv_text_slug(t->decisions[i].title));
}

/* Resolve phase names to 1-based indices and settle positions within each area. */
static enum tv_status
finish(struct loader *ld)
{
	struct tv_template *t = ld->tpl;
	if (t->version == 0)
		t->version = 1;
	derive_keys(ld);
	for (size_t i = 0; i < t->npackages; i++) {
		struct pkg_extra *x = &ld->extra[i];
		if (!x->phase_name)
			continue;
		size_t k;
		for (k = 0; k < t->nphases; k++)
			if (strcmp(t->phases[k].name, x->phase_name) == 0)
				break;
		if (k == t->nphases)
			return tv_diag_set_at(ld->diag, TV_INVALID, x->file, x->phase_line,
				"phase: no phase named '%s' in %s", x->phase_name,
				PROGRAMME_FILE);
		t->packages[i].phase_id = (int64_t)k + 1;
	}
	/* Sort by number, keeping each package's explicit position (or -1). */
	for (size_t i = 0; i < t->npackages; i++)
		if (!ld->extra[i].has_position)
			t->packages[i].position = -1;
	if (t->npackages > 1)
		qsort(t->packages, t->npackages, sizeof *t->packages, tpl_cmp_pkg_number);
	/* Within an area: packages with a position first (by position, then number),
	 * then the others by number; then renumber 0..n-1. */
	for (int a = 0; a < TV_AREA_COUNT; a++) {
		int pos = 0;
		for (;;) {
			struct tv_package *best = NULL;
			for (size_t i = 0; i < t->npackages; i++) {
				struct tv_package *p = &t->packages[i];
				if ((int)p->area != a || p->position < -1)
					continue;
				if (!best)
					best = p;
				else if (p->position >= 0 && (best->position < 0 ||
						p->position < best->position))
					best = p;
			}
			if (!best)
				break;
			best->position = -2 - pos++;   /* mark as placed */
		}
	}
	for (size_t i = 0; i < t->npackages; i++)
		t->packages[i].position = -2 - t->packages[i].position;
	return TV_OK;
}

enum tv_status
tv_template_load_files(const struct tv_template_file *files, size_t nfiles,
	struct tv_template **out, struct tv_diag *diag)
{
	if (nfiles == 0)
		return tv_diag_set(diag, TV_INVALID, "no template files");
	if (nfiles > MAX_FILES)
		return tv_diag_set(diag, TV_INVALID, "more than %d template files", MAX_FILES);
	const struct tv_template_file **order = tv_xcalloc(nfiles, sizeof *order);
	for (size_t i = 0; i < nfiles; i++)
		order[i] = &files[i];
	if (nfiles > 1)
		qsort(order, nfiles, sizeof *order, cmp_file_name);

	struct loader ld = { .tpl = tv_xcalloc(1, sizeof *ld.tpl), .diag = diag };
	enum tv_status rc = TV_OK;
	bool any_package = false;
	for (size_t i = 0; i < nfiles && rc == TV_OK; i++) {
		const struct tv_template_file *f = order[i];
		struct reader r = { .file = f->name, .text = f->text, .len = f->len,
			.diag = diag };
		if (f->len > MAX_FILE_BYTES) {
			rc = tv_diag_set_at(diag, TV_INVALID, f->name, 0,
				"file is larger than %d bytes", MAX_FILE_BYTES);
			break;
		}
		if (strcmp(base_name(f->name), PROGRAMME_FILE) == 0) {
			rc = tpl_parse_programme(&r, &ld);
		} else {
			rc = tpl_parse_package(&r, &ld);
			any_package = true;
		}
		free(r.cur);
	}
	if (rc == TV_OK && !any_package)
		rc = tv_diag_set(diag, TV_INVALID, "the template has no package files");
	if (rc == TV_OK)
		rc = finish(&ld);
	for (size_t i = 0; i < ld.nextra; i++)
		free(ld.extra[i].phase_name);
	free(ld.extra);
	for (size_t i = 0; i < ld.nkeys; i++)
		free(ld.keys[i].key);
	free(ld.keys);
	free(order);
	if (rc != TV_OK) {
		tv_template_free(ld.tpl);
		return rc;
	}
	*out = ld.tpl;
	return TV_OK;
}

enum tv_status
tv_template_load_dir(const char *dir, struct tv_template **out, struct tv_diag *diag)
{
	DIR *d = opendir(dir);
	if (!d)
		return tv_diag_set(diag, TV_IO, "%s: %s", dir, strerror(errno));
	struct tv_template_file *files = NULL;
	size_t n = 0;
	enum tv_status rc = TV_OK;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || !tpl_ends_with(e->d_name, ".txt"))
			continue;
		if (n >= MAX_FILES) {
			rc = tv_diag_set(diag, TV_INVALID, "%s: more than %d template files", dir,
				MAX_FILES);
			break;
		}
		struct tv_template_file *f = tpl_push(&files, &n, sizeof *f);
		char *path = tv_xasprintf("%s/%s", dir, e->d_name);
		f->name = path;
		char *text = NULL;
		size_t len = 0;
		struct tv_diag fd = { 0 };
		enum tv_status frc = tv_file_read(path, MAX_FILE_BYTES, &text, &len, &fd);
		if (frc == TV_INVALID) {
			rc = tv_diag_set_at(diag, TV_INVALID, path, 0,
				"file is larger than %d bytes", MAX_FILE_BYTES);
			break;
		}
		if (frc != TV_OK) {
			rc = tv_diag_set(diag, frc == TV_NOT_FOUND ? TV_IO : frc, "%s", fd.msg);
			break;
		}
		f->text = text;
		f->len = len;
	}
	closedir(d);
	if (rc == TV_OK && n == 0)
		rc = tv_diag_set(diag, TV_INVALID, "%s: no template files (*.txt)", dir);
	if (rc == TV_OK)
		rc = tv_template_load_files(files, n, out, diag);
	for (size_t i = 0; i < n; i++) {
		free((char *)files[i].name);
		free((char *)files[i].text);
	}
	free(files);
	return rc;
}

enum tv_status
tv_template_load_default(struct tv_template **out, struct tv_diag *diag)
{
	size_t n = tv_default_template_nfiles;
	if (n == 0)
		return tv_diag_set(diag, TV_INVALID, "no default template was built in");
	return tv_template_load_files(tv_default_template_files, n, out, diag);
}
