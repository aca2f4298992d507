/* SPDX-License-Identifier: MPL-2.0 */
/*
 * libFuzzer target for the iCalendar export: the input is consumed as a recipe for a
 * board (texts from length-prefixed slices, so titles, owners, places, sections and
 * notes carry arbitrary bytes; days and minutes from the bytes, across the whole date
 * range) and for the export options. The export must pass the raw checks of
 * ical_check.h, and must read back through our own import: every written VEVENT is
 * either imported or skipped (tombstones, as cancelled), and every exported meeting
 * comes back with its start and its (sanitised) title. The per-item calendars of
 * tv_ical_each_item (CalDAV) must pass the same checks, one item each, one per
 * event that is not a tombstone. Any violation aborts so the fuzzer keeps the input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tavle/date.h"
#include "tavle/ical.h"
#include "tavle/model.h"
#include "tavle/text.h"

#include "ical_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reads the input front to back; past the end everything is zero or empty. */
struct src {
	const uint8_t *p;
	size_t n;
};

static unsigned
u8(struct src *s)
{
	if (s->n == 0)
		return 0;
	s->n--;
	return *s->p++;
}

static unsigned
u16(struct src *s)
{
	unsigned hi = u8(s);
	return hi << 8 | u8(s);
}

static uint32_t
u32(struct src *s)
{
	uint32_t hi = u16(s);
	return hi << 16 | u16(s);
}

static bool
flag(struct src *s)
{
	return u8(s) & 1;
}

/* A string of up to 255 arbitrary bytes (NUL cut it short); NULL when the length byte
 * is 0xFF, so absent fields are tried too. */
static char *
str(struct src *s)
{
	unsigned len = u8(s);
	if (len == 0xFF)
		return NULL;
	if (len > s->n)
		len = (unsigned)s->n;
	char *r = tv_xstrndup((const char *)s->p, len);
	s->p += len;
	s->n -= len;
	return r;
}

static int32_t day_first, day_last, day_base;

/* Mostly near 2027, sometimes anywhere in years 1..9999, sometimes unset. */
static int32_t
day(struct src *s, bool may_be_unset)
{
	unsigned mode = u8(s) % 8;
	if (mode == 0 && may_be_unset)
		return TV_NO_DAY;
	if (mode == 1)
		return day_first + (int32_t)(u32(s) % (uint32_t)(day_last - day_first + 1));
	if (mode == 2)
		return (u8(s) & 1) ? day_last - (int32_t)(u8(s) % 4) : day_first + (int32_t)(u8(s) % 4);
	return day_base + (int32_t)(u16(s) % 1200) - 100;
}

static struct tv_when
when(struct src *s, bool may_be_unset)
{
	struct tv_when w = { day(s, may_be_unset), TV_NO_TIME };
	unsigned m = u16(s);
	if (w.day != TV_NO_DAY && !(m & 0x8000))
		w.minute = (int16_t)(m % 1440);
	return w;
}

static char *
timestamp(struct src *s)
{
	unsigned k = u8(s) % 4;
	if (k == 0)
		return NULL;
	if (k == 1)
		return str(s);
	/* One read per statement: argument evaluation order is unspecified, and a crash
	 * found under clang must replay the same under gcc. */
	unsigned mo = u8(s) % 12 + 1;
	unsigned dd = u8(s) % 28 + 1;
	unsigned hh = u8(s) % 24;
	unsigned mi = u8(s) % 60;
	unsigned ss = u8(s) % 60;
	return tv_xasprintf("2027-%02u-%02uT%02u:%02u:%02uZ", mo, dd, hh, mi, ss);
}

static void
build(struct src *s, struct tv_board_data *d)
{
	d->board.id = 1;
	d->board.name = str(s);
	d->board.start = day_base;
	d->nphases = u8(s) % 4;
	d->phases = tv_xcalloc(d->nphases + 1, sizeof *d->phases);
	for (size_t i = 0; i < d->nphases; i++) {
		struct tv_phase *ph = &d->phases[i];
		ph->id = (int64_t)i + 1;
		ph->board_id = 1;
		ph->uid = tv_xasprintf("phase-%zu", i);
		ph->name = str(s);
		ph->start = day(s, true);
		ph->end = day(s, true);
		ph->not_before = day(s, true);
		ph->not_before_reason = str(s);
		ph->version = u8(s);
		ph->updated_at = timestamp(s);
	}
	d->npackages = u8(s) % 5;
	d->packages = tv_xcalloc(d->npackages + 1, sizeof *d->packages);
	for (size_t i = 0; i < d->npackages; i++) {
		struct tv_package *p = &d->packages[i];
		p->id = (int64_t)i + 1;
		p->board_id = 1;
		p->uid = tv_xasprintf("package-%zu", i);
		p->number = (int)(u16(s) % 10000);
		p->title = str(s);
		p->area = (enum tv_area)(u8(s) % TV_AREA_COUNT);
		p->status = (enum tv_pstatus)(u8(s) % TV_PSTATUS_COUNT);
		p->owner = str(s);
		p->deadline = when(s, true);
		p->phase_id = u8(s) % (d->nphases + 1);
		for (int k = 0; k < TV_SECTION_COUNT; k++)
			p->sections[k] = flag(s) ? str(s) : NULL;
		p->version = u16(s);
		p->updated_at = timestamp(s);
		p->ntasks = u8(s) % 4;
		p->tasks = tv_xcalloc(p->ntasks + 1, sizeof *p->tasks);
		for (size_t k = 0; k < p->ntasks; k++) {
			struct tv_task *t = &p->tasks[k];
			t->id = (int64_t)(i * 10 + k + 1);
			t->package_id = p->id;
			t->uid = tv_xasprintf("task-%zu-%zu", i, k);
			t->title = str(s);
			t->deadline = when(s, true);
			t->done = flag(s);
			t->responsible = (enum tv_responsible)(u8(s) % TV_RESPONSIBLE_COUNT);
			t->minimum = flag(s);
			t->position = (int)k;
			t->version = u8(s);
			t->updated_at = timestamp(s);
		}
	}
	d->nmeetings = u8(s) % 5;
	d->meetings = tv_xcalloc(d->nmeetings + 1, sizeof *d->meetings);
	for (size_t i = 0; i < d->nmeetings; i++) {
		struct tv_meeting *m = &d->meetings[i];
		m->id = (int64_t)i + 1;
		m->board_id = 1;
		m->uid = tv_xasprintf("meeting-%zu", i);
		m->kind = (enum tv_meeting_kind)(u8(s) % TV_MEETING_KIND_COUNT);
		m->title = str(s);
		m->start = when(s, false);
		m->end = when(s, true);
		m->place = str(s);
		m->region = str(s);
		m->url = flag(s) ? tv_xasprintf("https://%s", "example.org/x") : str(s);
		m->participants = str(s);
		m->notes = str(s);
		m->packages = str(s);
		m->version = u8(s) + 1;
		m->updated_at = timestamp(s);
	}
	d->ntombstones = u8(s) % 3;
	d->tombstones = tv_xcalloc(d->ntombstones + 1, sizeof *d->tombstones);
	for (size_t i = 0; i < d->ntombstones; i++) {
		struct tv_tombstone *t = &d->tombstones[i];
		static const enum tv_kind kinds[] = { TV_KIND_PACKAGE, TV_KIND_TASK,
			TV_KIND_PHASE, TV_KIND_MEETING, TV_KIND_COMMENT };
		t->kind = kinds[u8(s) % 5];
		t->uid = flag(s) ? str(s) : tv_xasprintf("gone-%zu", i);
		t->summary = str(s);
		t->start = when(s, true);
		t->end = when(s, true);
		t->sequence = (int64_t)(int32_t)u32(s);
		t->deleted_at = timestamp(s);
		t->area = (int)(u8(s) % (TV_AREA_COUNT + 1)) - 1;
	}
}

/* The meeting's exported UID, as import reads it back: tavle's own ("meet-" and hex)
 * with "@tavle", any other (these boards' "meeting-N") as it is (issue 17 item 7). */
static const struct tv_meeting *
find_meeting(const struct tv_board_data *d, const char *uid)
{
	for (size_t i = 0; i < d->nmeetings; i++) {
		const char *mu = d->meetings[i].uid;
		bool own = strncmp(mu, "meet-", 5) == 0 && mu[5] &&
			strspn(mu + 5, "0123456789abcdef") == strlen(mu + 5);
		char *u = own ? tv_xasprintf("%s@tavle", mu) : tv_xstrdup(mu);
		bool same = strcmp(u, uid) == 0;
		free(u);
		if (same)
			return &d->meetings[i];
	}
	return NULL;
}

/* tv_ical_each_item (CalDAV): every item is a complete calendar of its own. */
struct item_ctx {
	bool todo;
	size_t items;
};

static enum tv_status
check_item(void *ctx, const char *uid, const char *ics, size_t len)
{
	struct item_ctx *ic = ctx;
	ic->items++;
	fuzz_check_export_text(ics, len);
	struct tv_ical_import *imp = NULL;
	struct tv_diag diag;
	tv_diag_clear(&diag);
	enum tv_status st = tv_ical_parse(ics, len, &imp, &diag);
	if (st != TV_OK)
		fprintf(stderr, "%.*s\nitem re-import: %s\n", (int)len, ics, diag.msg);
	fuzz_check(st == TV_OK);
	if (ic->todo) {
		fuzz_check(imp->nmeetings == 0 && imp->nskipped == 0);
	} else {
		fuzz_check(imp->nmeetings + imp->nskipped == 1);
		if (imp->nmeetings == 1)
			fuzz_check(strcmp(imp->meetings[0].uid, uid) == 0);
	}
	tv_ical_import_free(imp);
	return TV_OK;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 16 * 1024)
		return 0;
	if (!day_first) {
		tv_date_from_ymd(1, 1, 1, &day_first);
		tv_date_from_ymd(9999, 12, 31, &day_last);
		tv_date_from_ymd(2027, 1, 1, &day_base);
	}
	struct src s = { data, size };
	struct tv_ical_options opt;
	memset(&opt, 0, sizeof opt);
	unsigned o = u8(&s);
	opt.what = o & 0xf;
	opt.todo = o & 0x10;
	opt.alarm = o & 0x20;
	opt.alarm_seconds = (long)(int16_t)u16(&s) * 60;
	opt.areas = u8(&s) & 0xf;
	char *calname = (o & 0x40) ? str(&s) : NULL;
	opt.calname = calname;
	opt.now = (time_t)1600000000 + (time_t)u32(&s);
	unsigned phase_pick = u8(&s);

	struct tv_board_data *d = tv_xcalloc(1, sizeof *d);
	build(&s, d);
	/* The phase filter names one of the board's phases, or none. */
	if (phase_pick < d->nphases && d->phases[phase_pick].name)
		opt.phase = d->phases[phase_pick].name;

	char *out = NULL;
	size_t outlen = 0;
	FILE *fp = open_memstream(&out, &outlen);
	fuzz_check(fp != NULL);
	struct tv_ical_writer *w = NULL;
	fuzz_check(tv_ical_writer_open(fp, &opt, &w) == TV_OK);
	fuzz_check(tv_ical_writer_add_board(w, d) == TV_OK);
	struct tv_ical_stats stats;
	fuzz_check(tv_ical_writer_close(w, &stats) == TV_OK);
	fclose(fp);
	fuzz_check_export_text(out, outlen);

	struct tv_ical_import *imp = NULL;
	struct tv_diag diag;
	tv_diag_clear(&diag);
	enum tv_status st = tv_ical_parse(out, outlen, &imp, &diag);
	if (st != TV_OK || getenv("FUZZ_DUMP"))
		fprintf(stderr, "%.*s\nre-import: %s (line %d: %s)\n", (int)outlen, out,
			tv_status_message(st), diag.line, diag.msg);
	fuzz_check(st == TV_OK);
	if (!opt.todo) {
		/* Every VEVENT comes back as a meeting, a cancellation (a removed meeting's
		 * tombstone) or is skipped: tavle's own deadlines, tasks, phases and
		 * decisions (tombstones or not), and wall-clock times in the
		 * spring-forward gap (which the export may write for a stored time
		 * there). Nothing tavle writes is an error. */
		fuzz_check(imp->nmeetings + imp->nskipped + imp->ncancels == stats.events);
		fuzz_check(imp->nerrors == 0);
		size_t cancelled = imp->ncancels;
		for (size_t i = 0; i < imp->nskipped; i++)
			cancelled += strstr(imp->skipped[i], ": cancelled") != NULL;
		fuzz_check(cancelled <= stats.cancelled);
		/* A cancellation names a tombstone's UID with "@tavle", or a removed
		 * meeting's UID that tavle did not make, which is written as it is. */
		bool meeting_gone = false;
		for (size_t i = 0; i < d->ntombstones; i++)
			meeting_gone |= d->tombstones[i].kind == TV_KIND_MEETING;
		for (size_t i = 0; i < imp->ncancels; i++)
			fuzz_check(meeting_gone || strncmp(imp->cancels[i].uid, "meet-", 5) == 0 ||
				strstr(imp->cancels[i].uid, "@tavle") != NULL);
	} else {
		fuzz_check(imp->nmeetings == 0);
	}
	for (size_t i = 0; i < imp->nmeetings; i++) {
		const struct tv_meeting *b = &imp->meetings[i];
		const struct tv_meeting *m = find_meeting(d, b->uid);
		if (!m)
			continue; /* a package, task or phase deadline */
		if (b->start.day != m->start.day || b->start.minute != m->start.minute)
			fprintf(stderr, "%s: start %d %d came back as %d %d\n", b->uid,
				m->start.day, m->start.minute, b->start.day, b->start.minute);
		fuzz_check(b->start.day == m->start.day && b->start.minute == m->start.minute);
		char *title = tv_text_sanitize(m->title ? m->title : "",
			m->title ? strlen(m->title) : 0, 0);
		/* Blank titles are written "(uden titel)"; leading and trailing spaces of a
		 * value are dropped on the way, which is no loss. */
		const char *tt = title + strspn(title, " ");
		const char *bt = b->title + strspn(b->title, " ");
		size_t tl = strlen(tt), bl = strlen(bt);
		while (tl > 0 && tt[tl - 1] == ' ')
			tl--;
		while (bl > 0 && bt[bl - 1] == ' ')
			bl--;
		if (*tt)
			fuzz_check(tl == bl && memcmp(tt, bt, tl) == 0);
		free(title);
	}
	tv_ical_import_free(imp);

	struct item_ctx ic = { opt.todo, 0 };
	fuzz_check(tv_ical_each_item(d, &opt, check_item, &ic) == TV_OK);
	fuzz_check(ic.items == stats.events - stats.cancelled);

	free(out);
	free(calname);
	tv_board_data_free(d);
	return 0;
}
