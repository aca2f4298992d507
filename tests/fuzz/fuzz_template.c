/* SPDX-License-Identifier: MPL-2.0 */
/*
 * libFuzzer target for the template loader. The input is split at form-feed bytes
 * ('\f', never valid in a template) into one to three files: with two or more, the
 * first is programme.txt and the rest are package files. Loading must either succeed
 * or fail with TV_INVALID and a diagnostic (a line >= 0 and a non-empty message that is
 * printable text); a loaded template must hold what the format allows (sorted unique
 * package numbers, valid areas, phase indices in range, valid UTF-8 text), and written
 * out in memory (tv_template_format, the files tv_template_write_dir writes) it must
 * load again and write the same bytes. Any violation aborts so the fuzzer keeps the
 * input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tavle/template.h"
#include "tavle/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_PARTS 3

/* Says which check failed before aborting, so a replayed crash explains itself. */
#define check(ok) check_at((ok), __LINE__, #ok)

static void
check_at(bool ok, int line, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_template.c:%d: check failed: %s\n", line, what);
		abort();
	}
}

static void
check_text(const char *s)
{
	if (s)
		check(tv_text_valid_utf8(s, strlen(s)));
}

static void
check_template(const struct tv_template *t)
{
	check(t->npackages > 0);
	check_text(t->name);
	for (size_t i = 0; i < t->npackages; i++) {
		const struct tv_package *p = &t->packages[i];
		if (i > 0)
			check(t->packages[i - 1].number < p->number);
		check(p->number >= 0);
		check((unsigned)p->area < TV_AREA_COUNT);
		check((unsigned)p->status < TV_PSTATUS_COUNT);
		check(p->phase_id >= 0 && (size_t)p->phase_id <= t->nphases);
		check(p->title && *p->title);
		check_text(p->title);
		check_text(p->owner);
		for (int s = 0; s < TV_SECTION_COUNT; s++)
			check_text(p->sections[s]);
		check(p->deadline.minute == TV_NO_TIME ||
			(p->deadline.minute >= 0 && p->deadline.minute < 1440));
		for (size_t k = 0; k < p->ntasks; k++) {
			const struct tv_task *tk = &p->tasks[k];
			check(tk->title && *tk->title);
			check_text(tk->title);
			check((unsigned)tk->responsible < TV_RESPONSIBLE_COUNT);
			check(tk->deadline.minute == TV_NO_TIME ||
				(tk->deadline.minute >= 0 && tk->deadline.minute < 1440));
		}
	}
	for (size_t i = 0; i < t->nphases; i++) {
		check(t->phases[i].name && *t->phases[i].name);
		check_text(t->phases[i].name);
		check_text(t->phases[i].not_before_reason);
	}
	for (size_t i = 0; i < t->nmeetings; i++) {
		const struct tv_meeting *m = &t->meetings[i];
		check((unsigned)m->kind < TV_MEETING_KIND_COUNT);
		check_text(m->title);
		check_text(m->place);
		check_text(m->notes);
	}
	for (size_t i = 0; i < t->ndecisions; i++) {
		check_text(t->decisions[i].title);
		check_text(t->decisions[i].text);
		check(t->decisions[i].area >= -1 && t->decisions[i].area < TV_AREA_COUNT);
	}
	for (size_t i = 0; i < t->npeople; i++) {
		check_text(t->people[i].name);
		check(t->people[i].area >= -1 && t->people[i].area < TV_AREA_COUNT);
	}
}

/* Written out and loaded again, a template must load, and write the same bytes again
 * (what tv_template_write_dir promises for a directory). */
static void
round_trip(const struct tv_template *tpl)
{
	struct tv_template_file *files = NULL, *again = NULL;
	size_t nfiles = 0, nagain = 0;
	struct tv_diag diag;
	tv_diag_clear(&diag);
	check(tv_template_format(tpl, &files, &nfiles, &diag) == TV_OK);
	struct tv_template *back = NULL;
	enum tv_status st = tv_template_load_files(files, nfiles, &back, &diag);
	if (st != TV_OK || getenv("FUZZ_DUMP")) {
		for (size_t i = 0; i < nfiles; i++)
			fprintf(stderr, "==== %s\n%.*s", files[i].name, (int)files[i].len,
				files[i].text);
		fprintf(stderr, "==== reload: %s:%d: %s\n", diag.file, diag.line, diag.msg);
	}
	check(st == TV_OK);
	check(tv_template_format(back, &again, &nagain, &diag) == TV_OK);
	check(nagain == nfiles);
	for (size_t i = 0; i < nfiles; i++) {
		check(strcmp(files[i].name, again[i].name) == 0);
		if (files[i].len != again[i].len || memcmp(files[i].text, again[i].text,
			files[i].len) != 0)
			fprintf(stderr, "==== first\n%.*s==== second\n%.*s", (int)files[i].len,
				files[i].text, (int)again[i].len, again[i].text);
		check(files[i].len == again[i].len &&
			memcmp(files[i].text, again[i].text, files[i].len) == 0);
	}
	tv_template_files_free(again, nagain);
	tv_template_free(back);
	tv_template_files_free(files, nfiles);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 256 * 1024)
		return 0;
	static const char *const names2[] = { "programme.txt", "1-a.txt", "2-b.txt" };
	static const char *const names1[] = { "1-a.txt" };
	struct tv_template_file files[MAX_PARTS];
	size_t nfiles = 0;
	const char *text = (const char *)data;
	size_t start = 0;
	for (size_t i = 0; i <= size && nfiles < MAX_PARTS; i++) {
		if (i == size || (text[i] == '\f' && nfiles < MAX_PARTS - 1)) {
			/* Each part in its own exact-size buffer, so ASan sees overreads. */
			size_t n = i - start;
			char *part = malloc(n ? n : 1);
			memcpy(part, text + start, n);
			files[nfiles++] = (struct tv_template_file){ NULL, part, n };
			start = i + 1;
			if (i == size)
				break;
		}
	}
	for (size_t i = 0; i < nfiles; i++)
		files[i].name = nfiles == 1 ? names1[0] : names2[i];

	struct tv_template *tpl = NULL;
	struct tv_diag diag;
	tv_diag_clear(&diag);
	enum tv_status st = tv_template_load_files(files, nfiles, &tpl, &diag);
	if (st == TV_OK) {
		check(tpl != NULL);
		check_template(tpl);
		round_trip(tpl);
		tv_template_free(tpl);
	} else {
		check(st == TV_INVALID);
		check(diag.line >= 0);
		size_t len = strnlen(diag.msg, sizeof diag.msg);
		check(len > 0 && len < sizeof diag.msg);
		check(tv_text_valid_utf8(diag.msg, len));
		for (size_t i = 0; i < len; i++)
			check((unsigned char)diag.msg[i] >= 0x20 && diag.msg[i] != 0x7F);
	}
	for (size_t i = 0; i < nfiles; i++)
		free((void *)files[i].text);
	return 0;
}
