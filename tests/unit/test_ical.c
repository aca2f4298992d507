/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Tests of the iCalendar module: the export of a hand-built Danish board against the
 * golden file tests/data/ical/board.ics (TAVLE_UPDATE_GOLDEN=1 rewrites it), raw
 * checks on every export (CRLF, 75-octet folds on UTF-8 boundaries, no empty
 * continuation lines, no controls), a libical round trip, folding at every boundary,
 * filters, and the import of real and broken files with line-numbered errors.
 * libical is used here only as an independent reader of what src/core/ical/ wrote.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libical/ical.h>

#include "tavle/csv.h"
#include "tavle/date.h"
#include "tavle/ical.h"
#include "tavle/model.h"
#include "tavle/store.h"
#include "tavle/text.h"

/* The fixture is shared with the conformance generator; unit tests link only the core
 * library, so it is compiled in here. */
#include "../ical/fixture.c"

#define DATA TEST_DATA_DIR "/ical"

struct buf {
	char *p;
	size_t len;
};

static struct buf
export_board(const struct tv_board_data *d, const struct tv_ical_options *o,
	struct tv_ical_stats *stats)
{
	struct buf b = { NULL, 0 };
	FILE *f = open_memstream(&b.p, &b.len);
	assert_non_null(f);
	struct tv_ical_writer *w = NULL;
	assert_int_equal(tv_ical_writer_open(f, o, &w), TV_OK);
	assert_int_equal(tv_ical_writer_add_board(w, d), TV_OK);
	assert_int_equal(tv_ical_writer_close(w, stats), TV_OK);
	fclose(f);
	return b;
}

static char *
read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *p = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		if (n + 4096 + 1 > cap) {
			cap = (n + 4096 + 1) * 2;
			p = realloc(p, cap);
			assert_non_null(p);
		}
		size_t r = fread(p + n, 1, 4096, f);
		n += r;
		if (r == 0)
			break;
	}
	fclose(f);
	p[n] = '\0';
	*len = n;
	return p;
}

/* Unfold (CRLF + space) into a fresh string. */
static char *
unfold(const char *s, size_t n)
{
	char *o = malloc(n + 1);
	assert_non_null(o);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\r' && i + 2 < n && s[i + 1] == '\n' && (s[i + 2] == ' ' || s[i + 2] == '\t')) {
			i += 2;
			continue;
		}
		o[k++] = s[i];
	}
	o[k] = '\0';
	return o;
}

static size_t
count_str(const char *hay, const char *needle)
{
	size_t c = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		c++;
	return c;
}

/* Remove, in place, every line of unfolded `s` that starts with `prefix`. */
static void
drop_lines(char *s, const char *prefix)
{
	size_t pl = strlen(prefix), k = 0;
	for (char *p = s; *p;) {
		char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);
		if (strncmp(p, prefix, pl) != 0) {
			memmove(s + k, p, n);
			k += n;
		}
		p += n;
	}
	s[k] = '\0';
}

/* The checks every export must pass, whatever it contains. */
static void
check_raw(const char *s, size_t n, bool todo)
{
	assert_true(n > 0);
	assert_false(n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0);
	assert_true(tv_text_valid_utf8(s, n));
	assert_true(n >= 15 && memcmp(s + n - 15, "END:VCALENDAR\r\n", 15) == 0);
	size_t line_start = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\r') {
			assert_true(i + 1 < n && s[i + 1] == '\n');
			size_t len = i - line_start;
			if (len > 75)
				fail_msg("line of %zu octets: %.*s", len, (int)len, s + line_start);
			assert_false(len == 1 && s[line_start] == ' ');
			assert_true(len > 0);
			/* The line must not end inside a UTF-8 sequence. */
			assert_true(tv_text_valid_utf8(s + line_start, len));
			i++;
			line_start = i + 1;
			continue;
		}
		if (c == '\n')
			fail_msg("bare LF at offset %zu", i);
		if (c < 0x20 || c == 0x7f)
			fail_msg("control character 0x%02x at offset %zu", c, i);
	}
	/* Every item has its required properties. */
	char *u = unfold(s, n);
	const char *kind = todo ? "VTODO" : "VEVENT";
	char begin[32], end[32];
	snprintf(begin, sizeof begin, "BEGIN:%s\r\n", kind);
	snprintf(end, sizeof end, "END:%s\r\n", kind);
	size_t items = 0;
	for (char *p = strstr(u, begin); p; p = strstr(p, begin)) {
		char *e = strstr(p, end);
		assert_non_null(e);
		*e = '\0';
		const char *need[] = { "\r\nUID:", "\r\nDTSTAMP:", todo ? "\r\nDUE" : "\r\nDTSTART",
			"\r\nSUMMARY:", "\r\nSEQUENCE:", "\r\nLAST-MODIFIED:" };
		for (size_t k = 0; k < sizeof need / sizeof need[0]; k++)
			if (!strstr(p, need[k]))
				fail_msg("%s missing in %s", need[k], p);
		*e = 'E';
		p = e;
		items++;
	}
	assert_true(items > 0);
	if (todo)
		assert_null(strstr(u, "BEGIN:VEVENT"));
	free(u);
}

static struct tv_ical_options
fixture_options(void)
{
	struct tv_ical_options o;
	memset(&o, 0, sizeof o);
	o.now = FIXTURE_NOW;
	o.alarm = true;
	o.alarm_seconds = -15 * 60;
	o.calname = "Ærø Kommune – NgDP";
	return o;
}

static void
test_golden(void **state)
{
	(void)state;
	struct tv_board_data *d = fixture_board();
	struct tv_ical_options o = fixture_options();
	struct tv_ical_stats st;
	struct buf b = export_board(d, &o, &st);
	check_raw(b.p, b.len, false);
	/* 2 phases, 4 package deadlines, 4 task deadlines, 3 meetings, 2 tombstones. */
	assert_int_equal(st.events, 15);
	assert_int_equal(st.cancelled, 2);

	const char *path = DATA "/board.ics";
	const char *upd = getenv("TAVLE_UPDATE_GOLDEN");
	if (upd && strcmp(upd, "1") == 0) {
		FILE *f = fopen(path, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(b.p, 1, b.len, f), b.len);
		assert_int_equal(fclose(f), 0);
	}
	size_t glen;
	char *golden = read_file(path, &glen);
	if (!golden)
		fail_msg("no golden file %s (run with TAVLE_UPDATE_GOLDEN=1)", path);
	if (glen != b.len || memcmp(golden, b.p, glen) != 0) {
		size_t i = 0;
		while (i < glen && i < b.len && golden[i] == b.p[i])
			i++;
		fail_msg("export differs from %s at offset %zu: ...%.60s", path, i, b.p + i);
	}
	free(golden);

	/* Facts the golden file must keep (so a careless regeneration is caught). */
	char *u = unfold(b.p, b.len);
	assert_non_null(strstr(u, "X-WR-CALNAME:Ærø Kommune – NgDP\r\n"));
	assert_non_null(strstr(u, "REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n"));
	assert_non_null(strstr(u, "\r\nTZID:Europe/Copenhagen\r\n"));
	assert_null(strstr(u, "freeassociation"));
	assert_non_null(strstr(u, "SUMMARY:Frist: 1 Implementeringsopstart\r\n"));
	assert_non_null(strstr(u, "SUMMARY:✓ Frist: 1.1 Udpeg projektleder\r\n"));
	assert_non_null(strstr(u, "DTSTART;TZID=Europe/Copenhagen:20270201T103000\r\n"
		"DTEND;TZID=Europe/Copenhagen:20270201T104500\r\n"));
	assert_non_null(strstr(u, "SUMMARY:Frist kl. 10:30: 1.2 Aftal møde\\, kl. 10\\; tjek \\\\ noter"));
	assert_non_null(strstr(u, "DTSTART;VALUE=DATE:20280229\r\nDTEND;VALUE=DATE:20280301\r\n"));
	assert_non_null(strstr(u, "DTSTART;TZID=Europe/Copenhagen:20270327T230000\r\n"
		"DTEND;TZID=Europe/Copenhagen:20270328T040000\r\n"));
	assert_non_null(strstr(u, "URL:https://digst.dk/ngdp?x=1&y=2\r\n"));
	assert_int_equal(count_str(u, "\r\nURL:"), 1); /* the invalid one only in DESCRIPTION */
	assert_non_null(strstr(u, "Link: se intranettet {link}"));
	assert_non_null(strstr(u, "LOCATION:Rådhuset\\, Marstal\\, Syddanmark\r\n"));
	assert_non_null(strstr(u, "UID:pkg-4@tavle\r\n"));
	assert_int_equal(count_str(u, "STATUS:CANCELLED\r\n"), 2);
	assert_non_null(strstr(u, "SEQUENCE:3\r\nLAST-MODIFIED:20270110T080000Z\r\n"));
	assert_non_null(strstr(u, "UID:pkg-1@tavle\r\nDTSTAMP:20270115T080000Z\r\nSEQUENCE:2\r\n"
		"LAST-MODIFIED:20270110T140500Z\r\n"));
	assert_non_null(strstr(u, "COLOR:gold\r\n"));
	assert_non_null(strstr(u, "TRIGGER:-PT15M\r\n"));
	assert_null(strstr(u, "pkg-3@")); /* no deadline, not exported */
	assert_null(strstr(u, "\x1b"));
	free(u);
	free(b.p);
	tv_board_data_free(d);
}

/* libical reads the export back and writes the same content (after unfolding both). */
static void
test_libical_roundtrip(void **state)
{
	(void)state;
	struct tv_board_data *d = fixture_board();
	struct tv_ical_options o = fixture_options();
	struct buf b = export_board(d, &o, NULL);
	icalcomponent *cal = icalparser_parse_string(b.p);
	assert_non_null(cal);
	assert_int_equal(icalcomponent_count_errors(cal), 0);
	assert_int_equal(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), 15);
	char *again = icalcomponent_as_ical_string_r(cal);
	char *u1 = unfold(b.p, b.len);
	char *u2 = unfold(again, strlen(again));
	/* libical writes an X- property's TEXT without escaping ',' and ';' (it reads
	 * both forms the same: test_ical_fields.c), so tavle's X-TAVLE- lines are
	 * compared there, not here. */
	drop_lines(u1, "X-TAVLE-");
	drop_lines(u2, "X-TAVLE-");
	/* libical's own folding may leave a stray CR (its bug); compare without CRs. */
	size_t k = 0;
	for (size_t i = 0; u2[i]; i++)
		if (u2[i] != '\r')
			u2[k++] = u2[i];
	u2[k] = '\0';
	k = 0;
	for (size_t i = 0; u1[i]; i++)
		if (u1[i] != '\r')
			u1[k++] = u1[i];
	u1[k] = '\0';
	assert_string_equal(u1, u2);
	free(u1);
	free(u2);
	icalmemory_free_buffer(again);
	icalcomponent_free(cal);
	free(b.p);
	tv_board_data_free(d);
}

static void
test_boundary_folding(void **state)
{
	(void)state;
	struct tv_board_data *d = fixture_boundary_board();
	struct tv_ical_options o;
	memset(&o, 0, sizeof o);
	o.now = FIXTURE_NOW;
	struct tv_ical_stats st;
	struct buf b = export_board(d, &o, &st);
	assert_int_equal(st.events, fixture_boundary_count());
	check_raw(b.p, b.len, false);

	/* Read back through our importer and through libical: exact titles. */
	struct tv_ical_import *imp = NULL;
	struct tv_diag diag;
	tv_diag_clear(&diag);
	assert_int_equal(tv_ical_parse(b.p, b.len, &imp, &diag), TV_OK);
	assert_int_equal(imp->nmeetings, fixture_boundary_count());
	icalcomponent *cal = icalparser_parse_string(b.p);
	assert_non_null(cal);
	icalcompiter it = icalcomponent_begin_component(cal, ICAL_VEVENT_COMPONENT);
	for (size_t i = 0; i < fixture_boundary_count(); i++, icalcompiter_next(&it)) {
		char title[128], uid[40];
		fixture_boundary_title(i, title, sizeof title);
		/* Not "meet-" and hex: a UID the meeting was imported with, written as it is. */
		snprintf(uid, sizeof uid, "boundary-%zu", i);
		assert_string_equal(imp->meetings[i].uid, uid);
		assert_string_equal(imp->meetings[i].title, title);
		icalcomponent *ev = icalcompiter_deref(&it);
		assert_non_null(ev);
		assert_string_equal(icalcomponent_get_summary(ev), title);
	}
	icalcomponent_free(cal);
	tv_ical_import_free(imp);
	free(b.p);
	tv_board_data_free(d);
}

static void
test_filters(void **state)
{
	(void)state;
	struct tv_board_data *d = fixture_board();
	struct tv_ical_options o = fixture_options();
	struct tv_ical_stats st;
	struct buf b;

	o.what = TV_ICAL_DEADLINES;
	b = export_board(d, &o, &st);
	check_raw(b.p, b.len, false);
	assert_int_equal(st.events, 5); /* 4 packages + the package tombstone */
	assert_int_equal(st.cancelled, 1);
	assert_null(strstr(b.p, "UID:task-"));
	free(b.p);

	o.what = TV_ICAL_MEETINGS;
	b = export_board(d, &o, &st);
	check_raw(b.p, b.len, false);
	assert_int_equal(st.events, 4); /* 3 meetings + 1 cancelled */
	assert_null(strstr(b.p, "COLOR:"));
	free(b.p);

	o.what = TV_ICAL_DEADLINES | TV_ICAL_TASKS;
	o.areas = 1u << TV_AREA_ORG;
	b = export_board(d, &o, &st);
	check_raw(b.p, b.len, false);
	assert_int_equal(st.events, 4); /* pkg-1, task-11, task-12, tombstone pkg-4 */
	assert_null(strstr(b.p, "UID:pkg-5"));
	free(b.p);

	o.what = 0;
	o.areas = 0;
	o.phase = "Implementering";
	b = export_board(d, &o, &st);
	check_raw(b.p, b.len, false);
	/* phase-2, pkg-7, task-71, pkg-9, meet-2, meet-3, cancelled meet-0 (2027-04-01) */
	assert_int_equal(st.events, 7);
	assert_non_null(strstr(b.p, "UID:meet-2@tavle"));
	assert_null(strstr(b.p, "UID:meet-1@tavle"));
	assert_null(strstr(b.p, "UID:phase-1@tavle"));
	free(b.p);

	/* The separate task list: VTODOs with their own UIDs, no meetings or phases. */
	o = fixture_options();
	o.todo = true;
	b = export_board(d, &o, &st);
	check_raw(b.p, b.len, true);
	assert_int_equal(st.events, 9); /* 4 packages, 4 tasks, 1 package tombstone */
	char *u = unfold(b.p, b.len);
	assert_non_null(strstr(u, "UID:pkg-1-todo@tavle\r\n"));
	assert_null(strstr(u, "UID:pkg-1@tavle"));
	assert_non_null(strstr(u, "DUE;VALUE=DATE:20270215\r\n"));
	assert_non_null(strstr(u, "DUE;TZID=Europe/Copenhagen:20270201T103000\r\n"));
	assert_int_equal(count_str(u, "STATUS:COMPLETED\r\n"), 2); /* task-11, pkg-9 */
	assert_null(strstr(u, "VALARM"));
	assert_null(strstr(u, "meet-"));
	free(u);
	free(b.p);

	/* calname falls back to "tavle". */
	memset(&o, 0, sizeof o);
	o.now = FIXTURE_NOW;
	b = export_board(d, &o, &st);
	assert_non_null(strstr(b.p, "\r\nNAME:tavle\r\nX-WR-CALNAME:tavle\r\n"));
	assert_null(strstr(b.p, "BEGIN:VALARM"));
	free(b.p);
	tv_board_data_free(d);
}

/* Several boards stream into one calendar; writes to a full disk report TV_IO. */
/* Export `d` with the parts tv_ical_board_parts leaves out emptied, as
 * tv_store_load_board_parts would load it. */
static struct buf
export_parts(struct tv_board_data *d, const struct tv_ical_options *o)
{
	unsigned parts = tv_ical_board_parts(o);
	struct tv_board_data keep = *d;
	size_t *ntasks = calloc(d->npackages + 1, sizeof *ntasks);
	assert_non_null(ntasks);
	for (size_t i = 0; i < d->npackages; i++) {
		ntasks[i] = d->packages[i].ntasks;
		if (!(parts & TV_PART_TASKS))
			d->packages[i].ntasks = 0;
	}
	if (!(parts & (TV_PART_PACKAGES | TV_PART_TASKS)))
		d->npackages = 0;
	if (!(parts & TV_PART_PHASES))
		d->nphases = 0;
	if (!(parts & TV_PART_MEETINGS))
		d->nmeetings = 0;
	if (!(parts & TV_PART_PEOPLE))
		d->npeople = 0;
	if (!(parts & TV_PART_DECISIONS))
		d->ndecisions = 0;
	if (!(parts & TV_PART_TOMBSTONES))
		d->ntombstones = 0;
	struct buf b = export_board(d, o, NULL);
	*d = keep;
	for (size_t i = 0; i < d->npackages; i++)
		d->packages[i].ntasks = ntasks[i];
	free(ntasks);
	return b;
}

/* The export loads only tv_ical_board_parts of each board: that must be all the
 * writer reads, for every selection. */
static void
test_board_parts(void **state)
{
	(void)state;
	struct tv_board_data *d = fixture_board();
	fixture_add_decisions(d);
	static const unsigned whats[] = { 0, TV_ICAL_DEADLINES, TV_ICAL_TASKS, TV_ICAL_MEETINGS,
		TV_ICAL_PHASES, TV_ICAL_DECISIONS, TV_ICAL_DEADLINES | TV_ICAL_MEETINGS, TV_ICAL_ALL };
	for (size_t i = 0; i < sizeof whats / sizeof whats[0]; i++) {
		for (int todo = 0; todo < 2; todo++) {
			for (int phase = 0; phase < 2; phase++) {
				struct tv_ical_options o = fixture_options();
				o.what = whats[i];
				o.todo = todo;
				o.phase = phase ? d->phases[0].name : NULL;
				struct buf full = export_board(d, &o, NULL);
				struct buf part = export_parts(d, &o);
				assert_int_equal(full.len, part.len);
				assert_memory_equal(full.p, part.p, full.len);
				free(full.p);
				free(part.p);
			}
		}
	}
	struct tv_ical_options o = { .what = TV_ICAL_DEADLINES };
	assert_false(tv_ical_board_parts(&o) & TV_PART_TASKS);
	assert_false(tv_ical_board_parts(&o) & TV_PART_MEETINGS);
	assert_true(tv_ical_board_parts(&o) & TV_PART_PACKAGES);
	o.what = TV_ICAL_MEETINGS;
	o.todo = true; /* a VTODO file has no meetings */
	assert_false(tv_ical_board_parts(&o) & TV_PART_MEETINGS);
	assert_true(tv_ical_board_parts(NULL) & TV_PART_TASKS);
	assert_false(tv_ical_board_parts(NULL) & TV_PART_PEOPLE);
	assert_true(tv_ical_board_parts(NULL) & TV_PART_DECISIONS);  /* decisions with a due day */
	tv_board_data_free(d);
}

static void
test_stream_and_io_error(void **state)
{
	(void)state;
	struct tv_board_data *d = fixture_board();
	struct tv_ical_options o = fixture_options();
	struct buf b = { NULL, 0 };
	FILE *f = open_memstream(&b.p, &b.len);
	struct tv_ical_writer *w;
	assert_int_equal(tv_ical_writer_open(f, &o, &w), TV_OK);
	fflush(f);
	size_t header = b.len;
	assert_true(header > 0); /* the header is written at once */
	assert_non_null(strstr(b.p, "END:VTIMEZONE\r\n"));
	assert_null(strstr(b.p, "END:VCALENDAR"));
	assert_int_equal(tv_ical_writer_add_board(w, d), TV_OK);
	assert_int_equal(tv_ical_writer_add_board(w, d), TV_OK);
	struct tv_ical_stats st;
	assert_int_equal(tv_ical_writer_close(w, &st), TV_OK);
	fclose(f);
	assert_int_equal(st.events, 30);
	assert_int_equal(count_str(b.p, "END:VCALENDAR"), 1);
	free(b.p);

	f = fopen("/dev/full", "w");
	if (f) {
		setvbuf(f, NULL, _IONBF, 0);
		enum tv_status s = tv_ical_writer_open(f, &o, &w);
		if (s == TV_OK) {
			tv_ical_writer_add_board(w, d);
			s = tv_ical_writer_close(w, NULL);
		}
		assert_int_equal(s, TV_IO);
		fclose(f);
	}
	/* Abort frees a half-written calendar. */
	f = open_memstream(&b.p, &b.len);
	assert_int_equal(tv_ical_writer_open(f, &o, &w), TV_OK);
	tv_ical_writer_abort(w);
	fclose(f);
	free(b.p);
	tv_board_data_free(d);
}

static struct tv_ical_import *
parse_ok(const char *text)
{
	struct tv_ical_import *imp = NULL;
	struct tv_diag diag;
	tv_diag_clear(&diag);
	enum tv_status s = tv_ical_parse(text, strlen(text), &imp, &diag);
	if (s != TV_OK)
		fail_msg("parse failed: %s", diag.msg);
	return imp;
}

static struct tv_when
when(int y, int m, int d, int hh, int mm)
{
	int32_t day;
	assert_true(tv_date_from_ymd(y, m, d, &day));
	return (struct tv_when){ day, hh < 0 ? TV_NO_TIME : (int16_t)(hh * 60 + mm) };
}

static void
assert_when(struct tv_when got, struct tv_when want)
{
	assert_int_equal(got.day, want.day);
	assert_int_equal(got.minute, want.minute);
}

/* Issue 15: a link that is not http, https or mailto never reaches the board from a
 * calendar, and one stored before that rule is not exported (ics, csv). */
static void
test_hostile_links(void **state)
{
	(void)state;
	struct tv_ical_import *imp = parse_ok("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
		"BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20270101T100000Z\r\nURL:javascript:alert(1)\r\n"
		"END:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20270101T100000Z\r\nURL:MAILTO:a@b.dk\r\n"
		"END:VEVENT\r\nEND:VCALENDAR\r\n");
	assert_int_equal(imp->nmeetings, 2);
	assert_null(imp->meetings[0].url);
	assert_string_equal(imp->meetings[1].url, "MAILTO:a@b.dk");
	tv_ical_import_free(imp);

	struct tv_board_data *d = fixture_board();
	free(d->meetings[0].url);
	d->meetings[0].url = tv_xstrdup("javascript:alert(1)");
	struct tv_ical_options o;
	memset(&o, 0, sizeof o);
	o.now = FIXTURE_NOW;
	struct tv_ical_stats st;
	struct buf b = export_board(d, &o, &st);
	char *u = unfold(b.p, b.len);
	assert_null(strstr(u, "javascript"));
	assert_non_null(strstr(u, "Link: se intranettet {link}")); /* text, not a URL */
	free(u);
	free(b.p);
	char *csv = NULL;
	size_t csvlen = 0;
	FILE *fp = open_memstream(&csv, &csvlen);
	struct tv_diag diag;
	tv_diag_clear(&diag);
	assert_int_equal(tv_csv_export(fp, d, 0, &diag), TV_OK);
	fclose(fp);
	assert_null(strstr(csv, "javascript"));
	assert_non_null(strstr(csv, "se intranettet {link}"));
	free(csv);
	tv_board_data_free(d);
}

static void
test_import_invite(void **state)
{
	(void)state;
	size_t len;
	char *text = read_file(DATA "/invite.ics", &len);
	assert_non_null(text);
	struct tv_ical_import *imp = NULL;
	struct tv_diag diag;
	tv_diag_clear(&diag);
	assert_int_equal(tv_ical_parse(text, len, &imp, &diag), TV_OK);
	assert_int_equal(imp->nmeetings, 1);
	assert_int_equal(imp->nskipped, 0);
	struct tv_meeting *m = &imp->meetings[0];
	assert_string_equal(m->uid, "040000008200E00074C5B7101A82E00800000000B0A6F4C6C1D8DA01000000000000000"
		"010000000F2E6BB3B67B4D4F8A4A8E1D1D1F3C3E0");
	assert_string_equal(m->title, "Infomøde: Næste generation Digital Post");
	assert_when(m->start, when(2027, 4, 15, 10, 0));
	assert_when(m->end, when(2027, 4, 15, 11, 30));
	assert_string_equal(m->place, "Microsoft Teams-møde");
	assert_string_equal(m->url, "https://teams.example/l/meetup-join/abc");
	assert_string_equal(m->notes, "Kære alle\n\nVelkommen til infomødet om NgDP, med spørgsmål og svar.\n");
	assert_int_equal(m->kind, TV_MEET_INFO);
	tv_ical_import_free(imp);

	/* With a BOM in front it is the same calendar. */
	char *bom = malloc(len + 4);
	memcpy(bom, "\xEF\xBB\xBF", 3);
	memcpy(bom + 3, text, len + 1);
	assert_int_equal(tv_ical_parse(bom, len + 3, &imp, &diag), TV_OK);
	assert_int_equal(imp->nmeetings, 1);
	tv_ical_import_free(imp);
	free(bom);
	free(text);
}

/* A skip note "line N: <tail>" with N > 0. */
static void
assert_skip(const char *got, const char *tail)
{
	int line = 0, used = 0;
	if (sscanf(got, "line %d: %n", &line, &used) != 1 || line <= 0 || used == 0 ||
	    strcmp(got + used, tail) != 0)
		fail_msg("skip note \"%s\", expected \"line N: %s\"", got, tail);
}

static void
test_import_times(void **state)
{
	(void)state;
	const char *text =
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
		"BEGIN:VTIMEZONE\r\nTZID:London\r\n"
		"BEGIN:STANDARD\r\nDTSTART:19701025T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\n"
		"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n"
		"BEGIN:DAYLIGHT\r\nDTSTART:19700329T010000\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\n"
		"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
		/* UTC before and after the spring-forward night */
		"BEGIN:VEVENT\r\nUID:u1\r\nDTSTAMP:20270101T000000Z\r\nSUMMARY:Før\r\n"
		"DTSTART:20270327T220000Z\r\nDTEND:20270328T020000Z\r\nEND:VEVENT\r\n"
		/* summer time, UTC */
		"BEGIN:VEVENT\r\nUID:u2\r\nDTSTAMP:20270101T000000Z\r\nSUMMARY:Sommer\r\n"
		"DTSTART:20270701T080000Z\r\nDURATION:PT1H30M\r\nEND:VEVENT\r\n"
		/* a zone from the file: 09:00 London summer = 10:00 Copenhagen */
		"BEGIN:VEVENT\r\nUID:u3\r\nDTSTAMP:20270101T000000Z\r\nSUMMARY:London\r\n"
		"DTSTART;TZID=London:20270610T090000\r\nDTEND;TZID=London:20270610T100000\r\n"
		"CATEGORIES:Webinar\r\nEND:VEVENT\r\n"
		/* floating: taken as Copenhagen */
		"BEGIN:VEVENT\r\nUID:u4\r\nDTSTAMP:20270101T000000Z\r\nSUMMARY:Flydende\r\n"
		"DTSTART:20270105T083000\r\nEND:VEVENT\r\n"
		/* all day, two days */
		"BEGIN:VEVENT\r\nUID:u5\r\nDTSTAMP:20270101T000000Z\r\nSUMMARY:Heldag\r\n"
		"DTSTART;VALUE=DATE:20280228\r\nDTEND;VALUE=DATE:20280301\r\nEND:VEVENT\r\n"
		/* skipped ones */
		"BEGIN:VEVENT\r\nUID:u6\r\nDTSTAMP:20270101T000000Z\r\nSUMMARY:Aflyst\r\n"
		"STATUS:CANCELLED\r\nDTSTART:20270105T083000\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nDTSTAMP:20270101T000000Z\r\nSUMMARY:Uden UID\r\n"
		"DTSTART:20270105T083000\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:u9\r\nDTSTAMP:20270101T000000Z\r\nSUMMARY:Uden start\r\n"
		"END:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:u10\r\nDTSTAMP:20270101T000000Z\r\nSUMMARY:Hul\r\n"
		"DTSTART;TZID=Europe/Copenhagen:20270328T023000\r\nEND:VEVENT\r\n"
		"END:VCALENDAR\r\n";
	struct tv_ical_import *imp = parse_ok(text);
	assert_int_equal(imp->nmeetings, 6);
	assert_int_equal(imp->nskipped, 2);
	/* A cancelled event with a UID cancels that meeting (issue 17). */
	assert_int_equal(imp->ncancels, 1);
	assert_string_equal(imp->cancels[0].uid, "u6");
	assert_int_equal(imp->cancels[0].sequence, -1);
	assert_int_equal(imp->sequences[0], -1);
	assert_when(imp->meetings[0].start, when(2027, 3, 27, 23, 0));
	assert_when(imp->meetings[0].end, when(2027, 3, 28, 4, 0));
	assert_when(imp->meetings[1].start, when(2027, 7, 1, 10, 0));
	assert_when(imp->meetings[1].end, when(2027, 7, 1, 11, 30));
	assert_when(imp->meetings[2].start, when(2027, 6, 10, 10, 0));
	assert_when(imp->meetings[2].end, when(2027, 6, 10, 11, 0));
	assert_int_equal(imp->meetings[2].kind, TV_MEET_WEBINAR);
	assert_int_equal(imp->meetings[0].kind, TV_MEET_OTHER);
	assert_when(imp->meetings[3].start, when(2027, 1, 5, 8, 30));
	assert_when(imp->meetings[4].start, when(2028, 2, 28, -1, 0));
	assert_when(imp->meetings[4].end, when(2028, 2, 29, -1, 0));
	/* Each skip names the line of its BEGIN:VEVENT (issue 17). */
	assert_skip(imp->cancels[0].note, "u6: cancelled");
	/* An event without UID (Outlook, OWA) gets one made from its content, with a
	 * note; the same text gives the same UID. */
	assert_true(strncmp(imp->meetings[5].uid, "nouid-", 6) == 0);
	assert_non_null(strstr(imp->meetings[5].uid, "@import.tavle"));
	assert_when(imp->meetings[5].start, when(2027, 1, 5, 8, 30));
	assert_int_equal(imp->nrepairs, 1);
	assert_non_null(strstr(imp->repairs[0], "Uden UID: no UID; imported as nouid-"));
	char *made = tv_xstrdup(imp->meetings[5].uid);
	assert_skip(imp->skipped[0], "u9: no DTSTART");
	assert_skip(imp->skipped[1], "u10: time does not exist (summer-time change)");
	assert_int_equal(imp->nerrors, 0);
	tv_ical_import_free(imp);
	imp = parse_ok(text);
	assert_string_equal(imp->meetings[5].uid, made);
	free(made);
	assert_int_equal(imp->nerrors, 0);
	tv_ical_import_free(imp);

	/* A TZID without its VTIMEZONE cannot be placed in time: that event is skipped
	 * with the line of its DTSTART and the zone's name, the file is not refused. */
	const char *unknown =
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
		"BEGIN:VEVENT\r\nUID:x\r\nDTSTAMP:20270101T000000Z\r\nSUMMARY:x\r\n"
		"DTSTART;TZID=Mars/Olympus:20270105T083000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
	struct tv_diag diag;
	tv_diag_clear(&diag);
	imp = NULL;
	assert_int_equal(tv_ical_parse(unknown, strlen(unknown), &imp, &diag), TV_OK);
	assert_int_equal(imp->nmeetings, 0);
	assert_int_equal(imp->nskipped, 1);
	assert_int_equal(imp->nerrors, 1);
	assert_int_equal(imp->nevents, 1);
	assert_string_equal(imp->skipped[0],
		"line 8: x: DTSTART: time zone without VTIMEZONE (Mars/Olympus)");
	tv_ical_import_free(imp);
}

/* Issue 17: libical's "No value for ... property" (empty text, legal RFC 5545) and
 * unknown properties are not errors; a value libical cannot read in a property the
 * import uses (RRULE) skips that event only; several VCALENDARs are all read. */
static void
test_import_lenient(void **state)
{
	(void)state;
	const char *text =
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
		"SUBCALENDAR-NAME:Arbejde\r\n"
		"BEGIN:VEVENT\r\nUID:e1\r\nDTSTAMP:20270101T000000Z\r\nSUMMARY:Tom\r\n"
		"DESCRIPTION:\r\nLOCATION:\r\nCLASS:\r\nCATEGORIES:\r\n"
		"LINK;LINKREL=latest-version;VALUE=URI:https://example.dk/x\r\n"
		"DTSTART:20270105T083000Z\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:e2\r\nDTSTAMP:20270101T000000Z\r\nSUMMARY:Dårlig\r\n"
		"DTSTART:20270105T083000Z\r\nRRULE:FREQ=SOMETIMES\r\nEND:VEVENT\r\n"
		"END:VCALENDAR\r\n"
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
		"BEGIN:VEVENT\r\nUID:e3\r\nDTSTAMP:20270101T000000Z\r\nSUMMARY:Anden\r\n"
		"DTSTART:20270106T083000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
	struct tv_ical_import *imp = parse_ok(text);
	assert_int_equal(imp->nevents, 3);
	assert_int_equal(imp->nmeetings, 2);
	assert_string_equal(imp->meetings[0].uid, "e1");
	assert_null(imp->meetings[0].notes);
	assert_null(imp->meetings[0].place);
	assert_string_equal(imp->meetings[1].uid, "e3");
	assert_int_equal(imp->nskipped, 1);
	assert_int_equal(imp->nerrors, 1);
	assert_true(strncmp(imp->skipped[0], "line 21: e2: ", 13) == 0);
	assert_non_null(strstr(imp->skipped[0], "RRULE"));
	tv_ical_import_free(imp);

	/* METHOD:CANCEL cancels each event's UID with its SEQUENCE; a cancelled
	 * occurrence of a series (RECURRENCE-ID) cancels that occurrence only. */
	const char *cancel =
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nMETHOD:CANCEL\r\n"
		"BEGIN:VEVENT\r\nUID:c1\r\nDTSTAMP:20270101T000000Z\r\nSEQUENCE:3\r\n"
		"DTSTART:20270105T083000Z\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:c2\r\nDTSTAMP:20270101T000000Z\r\nSTATUS:CANCELLED\r\n"
		"RECURRENCE-ID:20270112T083000Z\r\nDTSTART:20270112T083000Z\r\nEND:VEVENT\r\n"
		"END:VCALENDAR\r\n";
	imp = parse_ok(cancel);
	assert_int_equal(imp->nmeetings, 0);
	assert_int_equal(imp->ncancels, 2);
	assert_string_equal(imp->cancels[0].uid, "c1");
	assert_null(imp->cancels[0].recurrence_id);
	assert_int_equal(imp->cancels[0].sequence, 3);
	assert_string_equal(imp->cancels[1].uid, "c2");
	assert_string_equal(imp->cancels[1].recurrence_id, "20270112T083000Z");
	assert_skip(imp->cancels[1].note, "c2: cancelled");
	assert_int_equal(imp->nskipped, 0);
	tv_ical_import_free(imp);
}

/* Our own export imports again with the same UIDs: its meetings only; cancelled items
 * are skipped. */
static void
test_reimport_export(void **state)
{
	(void)state;
	struct tv_board_data *d = fixture_board();
	struct tv_ical_options o = fixture_options();
	struct buf b = export_board(d, &o, NULL);
	struct tv_ical_import *a = NULL, *c = NULL;
	struct tv_diag diag;
	assert_int_equal(tv_ical_parse(b.p, b.len, &a, &diag), TV_OK);
	assert_int_equal(tv_ical_parse(b.p, b.len, &c, &diag), TV_OK);
	/* Only the meetings are meetings (issue 17): the phases, package and task
	 * deadlines are tavle's own items, skipped with that reason; a removed meeting's
	 * tombstone is a cancellation of that UID. */
	assert_int_equal(a->nmeetings, 3);
	assert_int_equal(a->nskipped, 11);
	assert_int_equal(a->nerrors, 0);
	assert_int_equal(a->ncancels, 1);
	assert_string_equal(a->cancels[0].uid, "meet-0@tavle");
	assert_int_equal(a->sequences[0], 0); /* version 1 */
	assert_skip(a->skipped[0], "phase-1@tavle: tavle's own phase, not a meeting");
	assert_skip(a->skipped[2], "pkg-1@tavle: tavle's own deadline, not a meeting");
	assert_skip(a->skipped[3], "task-11@tavle: tavle's own task deadline, not a meeting");
	assert_skip(a->cancels[0].note, "meet-0@tavle: cancelled");
	assert_int_equal(a->nmeetings, c->nmeetings);
	for (size_t i = 0; i < a->nmeetings; i++)
		assert_string_equal(a->meetings[i].uid, c->meetings[i].uid);
	const struct tv_meeting *m1 = NULL;
	for (size_t i = 0; i < a->nmeetings; i++)
		if (strcmp(a->meetings[i].uid, "meet-1@tavle") == 0)
			m1 = &a->meetings[i];
	assert_non_null(m1);
	assert_string_equal(m1->title, "Infomøde om NgDP");
	assert_when(m1->start, when(2027, 3, 27, 23, 0));
	assert_when(m1->end, when(2027, 3, 28, 4, 0));
	/* Every field as a field (X-TAVLE-), not LOCATION "place, region" and the
	 * DESCRIPTION (issue 17 item 7). */
	assert_true(a->own[0] && a->own[1] && a->own[2]);
	assert_string_equal(m1->place, "Rådhuset, Marstal");
	assert_string_equal(m1->region, "Syddanmark");
	assert_string_equal(m1->url, "https://digst.dk/ngdp?x=1&y=2");
	assert_string_equal(m1->packages, "1,5");
	assert_null(m1->participants);
	assert_int_equal(m1->kind, TV_MEET_INFO);
	assert_string_equal(m1->notes, "Medbring: computer, oplader; og kaffe\\te.\nAnden linje.");
	tv_ical_import_free(a);
	tv_ical_import_free(c);
	free(b.p);
	tv_board_data_free(d);
}

static void
test_bad_files(void **state)
{
	(void)state;
	static const struct {
		const char *file;
		int line;
		const char *msg;
	} cases[] = {
		{ "missing_end.ics",    10, "missing END:VCALENDAR" },
		{ "end_mismatch.ics",   10, "END:VTODO does not match BEGIN:VEVENT (line 4)" },
		{ "bad_utf8.ics",        9, "not valid UTF-8" },
		{ "no_colon.ics",        9, "no ':'" },
		{ "garbage.bin",         1, "" },
		{ "empty.ics",           1, "empty" },
		{ "only_begin.ics",      1, "missing END:VCALENDAR" },
		{ "vevent_outside.ics",  5, "BEGIN:VEVENT outside VCALENDAR" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char path[512];
		snprintf(path, sizeof path, DATA "/bad/%s", cases[i].file);
		size_t len;
		char *text = read_file(path, &len);
		if (!text)
			fail_msg("cannot read %s", path);
		struct tv_ical_import *imp = (struct tv_ical_import *)1;
		struct tv_diag diag;
		tv_diag_clear(&diag);
		enum tv_status s = tv_ical_parse(text, len, &imp, &diag);
		if (s != TV_INVALID)
			fail_msg("%s: status %d", cases[i].file, s);
		assert_null(imp);
		char want[32];
		snprintf(want, sizeof want, "line %d: ", cases[i].line);
		if (diag.line != cases[i].line || strncmp(diag.msg, want, strlen(want)) != 0 ||
		    !strstr(diag.msg, cases[i].msg))
			fail_msg("%s: got line %d \"%s\"", cases[i].file, diag.line, diag.msg);
		free(text);
	}
}

/* Issue 17: a TZID without VTIMEZONE is looked up by name: Olson, behind a vendor
 * prefix, or Outlook's Windows name; a name that is a path is not looked up. */
static void
test_import_zone_names(void **state)
{
	(void)state;
	static const struct {
		const char *tzid, *time;
	} cases[] = {
		{ "Europe/Berlin", "100000" },
		{ "/freeassociation.sourceforge.net/Europe/London", "090000" },
		{ "/mozilla.org/20050126_1/America/New_York", "040000" },
		{ "Romance Standard Time", "100000" },
		{ "GMT Standard Time", "090000" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *text = tv_xasprintf(
			"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
			"BEGIN:VEVENT\r\nUID:z\r\nDTSTAMP:20270101T000000Z\r\nSUMMARY:z\r\n"
			"DTSTART;TZID=%s:20270701T%s\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
			cases[i].tzid, cases[i].time);
		struct tv_ical_import *imp = parse_ok(text);
		if (imp->nmeetings != 1)
			fail_msg("%s: %s", cases[i].tzid, imp->nskipped ? imp->skipped[0] : "?");
		assert_when(imp->meetings[0].start, when(2027, 7, 1, 10, 0));
		tv_ical_import_free(imp);
		free(text);
	}
	static const char *const unknown[] = { "Mars/Olympus", "../../etc/passwd",
		"/x/../../etc/passwd", "Nowhere Standard Time" };
	for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
		char *text = tv_xasprintf(
			"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
			"BEGIN:VEVENT\r\nUID:z\r\nDTSTAMP:20270101T000000Z\r\nSUMMARY:z\r\n"
			"DTSTART;TZID=%s:20270701T100000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
			unknown[i]);
		struct tv_ical_import *imp = parse_ok(text);
		assert_int_equal(imp->nmeetings, 0);
		assert_int_equal(imp->nerrors, 1);
		assert_non_null(strstr(imp->skipped[0], "time zone without VTIMEZONE"));
		tv_ical_import_free(imp);
		free(text);
	}
}

/* A bad value in an event skips that event with the line (issue 17), not the file. */
static void
test_bad_events(void **state)
{
	(void)state;
	static const struct {
		const char *file;
		int line;
		const char *msg;
	} cases[] = {
		{ "bad_dtstart.ics",     7, "DTSTART" },
		{ "bad_dtend.ics",       8, "DTEND" },
		/* found by libical (X-LIC-ERROR), mapped back to the line */
		{ "bad_duration.ics",    8, "DURATION" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char path[512];
		snprintf(path, sizeof path, DATA "/bad/%s", cases[i].file);
		size_t len;
		char *text = read_file(path, &len);
		if (!text)
			fail_msg("cannot read %s", path);
		struct tv_ical_import *imp = NULL;
		struct tv_diag diag;
		tv_diag_clear(&diag);
		if (tv_ical_parse(text, len, &imp, &diag) != TV_OK)
			fail_msg("%s: %s", cases[i].file, diag.msg);
		char want[32];
		snprintf(want, sizeof want, "line %d: ", cases[i].line);
		if (imp->nmeetings != 0 || imp->nskipped != 1 || imp->nerrors != 1 ||
		    strncmp(imp->skipped[0], want, strlen(want)) != 0 ||
		    !strstr(imp->skipped[0], cases[i].msg))
			fail_msg("%s: %zu meetings, %zu skipped: \"%s\"", cases[i].file, imp->nmeetings,
				imp->nskipped, imp->nskipped ? imp->skipped[0] : "");
		tv_ical_import_free(imp);
		free(text);
	}
}

/* tv_ical_each_item: one complete calendar per item, the stream's items minus the
 * tombstones, byte-equal to the stream's component text; a failing callback stops. */
struct items {
	size_t n;
	char uids[32][64];
	int stop_after;
};

static enum tv_status
collect_item(void *ctx, const char *uid, const char *ics, size_t len)
{
	struct items *it = ctx;
	assert_true(it->n < 32);
	snprintf(it->uids[it->n], sizeof it->uids[0], "%s", uid);
	it->n++;
	check_raw(ics, len, false);
	char *u = unfold(ics, len);
	assert_int_equal(strlen(u), len - (count_str(ics, "\r\n ") * 3));
	assert_int_equal(count_str(u, "BEGIN:VCALENDAR\r\n"), 1);
	assert_int_equal(count_str(u, "BEGIN:VTIMEZONE\r\n"), 1);
	assert_int_equal(count_str(u, "BEGIN:VEVENT\r\n"), 1);
	assert_int_equal(count_str(u, "END:VEVENT\r\n"), 1);
	assert_null(strstr(u, "STATUS:CANCELLED"));
	char *line = tv_xasprintf("\r\nUID:%s\r\n", uid);
	assert_non_null(strstr(u, line));
	free(line);
	assert_true(len > 15 && memcmp(ics + len - 15, "END:VCALENDAR\r\n", 15) == 0);
	free(u);
	if (it->stop_after && (int)it->n == it->stop_after)
		return TV_CONFLICT;
	return TV_OK;
}

static void
test_each_item(void **state)
{
	(void)state;
	struct tv_board_data *d = fixture_board();
	struct tv_ical_options o = fixture_options();
	struct items it = { 0 };
	assert_int_equal(tv_ical_each_item(d, &o, collect_item, &it), TV_OK);
	/* 15 events in the stream, 2 of them tombstones. */
	assert_int_equal(it.n, 13);
	struct buf b = export_board(d, &o, NULL);
	char *u = unfold(b.p, b.len);
	for (size_t i = 0; i < it.n; i++) {
		char *line = tv_xasprintf("\r\nUID:%s\r\n", it.uids[i]);
		assert_non_null(strstr(u, line));
		free(line);
		for (size_t k = 0; k < i; k++)
			assert_string_not_equal(it.uids[i], it.uids[k]);
	}
	assert_non_null(strstr(it.uids[0], "@tavle"));
	free(u);
	free(b.p);

	struct items stop = { .stop_after = 3 };
	assert_int_equal(tv_ical_each_item(d, &o, collect_item, &stop), TV_CONFLICT);
	assert_int_equal(stop.n, 3);

	o.what = TV_ICAL_MEETINGS;
	struct items meet = { 0 };
	assert_int_equal(tv_ical_each_item(d, &o, collect_item, &meet), TV_OK);
	assert_int_equal(meet.n, 3);
	tv_board_data_free(d);
}

/* A task's owner (issue 16, item 9) is in its deadline's DESCRIPTION the way a
 * package's owner is in the package's ("Ansvarlig: NAME", after the responsible
 * party); the same export without it is the golden board's bytes. */
static void
test_task_owner(void **state)
{
	(void)state;
	struct tv_board_data *d = fixture_board();
	struct tv_ical_options o = fixture_options();
	struct buf plain = export_board(d, &o, NULL);
	struct tv_task *t = NULL;
	for (size_t i = 0; i < d->npackages && !t; i++)
		for (size_t k = 0; k < d->packages[i].ntasks && !t; k++)
			if (d->packages[i].tasks[k].deadline.day != TV_NO_DAY)
				t = &d->packages[i].tasks[k];
	assert_non_null(t);
	t->owner = tv_xstrdup("Mette Holm");
	struct buf b = export_board(d, &o, NULL);
	check_raw(b.p, b.len, false);
	char *u = unfold(b.p, b.len);
	char *uid = tv_xasprintf("UID:%s@tavle\r\n", t->uid);
	const char *x = strstr(u, uid);
	assert_non_null(x);
	const char *desc = strstr(x, "DESCRIPTION:");
	assert_non_null(desc);
	assert_true(desc < strstr(x, "END:VEVENT"));
	const char *own = strstr(desc, "\\nAnsvarlig: Mette Holm\\nUdført: ");
	assert_non_null(own);
	assert_true(own < strstr(x, "END:VEVENT"));
	assert_true(strstr(desc, "Ansvarlig part: ") < own);
	assert_int_equal(count_str(u, "Ansvarlig: Mette Holm"), 1);
	free(t->owner);
	t->owner = tv_xstrdup("");
	struct buf none = export_board(d, &o, NULL);
	assert_int_equal(none.len, plain.len);
	assert_memory_equal(none.p, plain.p, plain.len);
	free(none.p);
	free(uid);
	free(u);
	free(b.p);
	free(plain.p);
	tv_board_data_free(d);
}

static int
teardown_all(void **state)
{
	(void)state;
	tv_ical_shutdown();
	return 0;
}

/* Decisions with a due day are all-day deadline items with a UID made of the board and
 * the decision id, the same on every export; a decided one is ticked (COMPLETED as a
 * VTODO); one without a due day is left out; the board's other items keep their bytes. */
static void
test_decisions(void **state)
{
	(void)state;
	struct tv_board_data *d = fixture_board();
	struct tv_ical_options o = fixture_options();
	struct buf plain = export_board(d, &o, NULL);
	fixture_add_decisions(d);
	struct tv_ical_stats st;
	struct buf b = export_board(d, &o, &st);
	assert_int_equal(st.events, 17);   /* the golden board's 15 and two decisions */
	check_raw(b.p, b.len, false);
	char *u = unfold(b.p, b.len);
	const char *x = strstr(u, "UID:decision-1-1@tavle\r\n");
	assert_non_null(x);
	assert_non_null(strstr(x, "DTSTART;VALUE=DATE:20270210\r\nDTEND;VALUE=DATE:20270211\r\n"));
	assert_non_null(strstr(x, "SUMMARY:Beslutning: Godkend tidsplanen for Ærø\r\n"));
	assert_non_null(strstr(x, "CATEGORIES:Organisatorisk forankring\r\n"));
	assert_non_null(strstr(u, "UID:decision-1-2@tavle\r\n"));
	assert_non_null(strstr(u, "SUMMARY:✓ Beslutning: Projektorganisering\\; ressourcer\\, og budget\r\n"));
	assert_null(strstr(u, "Uden frist"));
	/* Without the decisions the bytes are the golden board's: the decision items sit
	 * between the meetings and the tombstones, nothing else moves. */
	const char *first = strstr(b.p, "BEGIN:VEVENT\r\nUID:decision-1-1@tavle");
	assert_non_null(first);
	size_t head = (size_t)(first - b.p);
	assert_true(head <= plain.len);
	assert_memory_equal(b.p, plain.p, head);
	const char *after = strstr(b.p + head, "UID:decision-1-2@tavle");
	assert_non_null(after);
	after = strstr(after, "END:VEVENT\r\n") + strlen("END:VEVENT\r\n");
	size_t tail = b.len - (size_t)(after - b.p);
	assert_memory_equal(after, plain.p + plain.len - tail, tail);
	assert_int_equal(head + tail, plain.len);
	/* A later export keeps the UIDs. */
	o.now += 86400;
	struct buf again = export_board(d, &o, NULL);
	char *ua = unfold(again.p, again.len);
	assert_non_null(strstr(ua, "UID:decision-1-1@tavle\r\n"));
	assert_non_null(strstr(ua, "UID:decision-1-2@tavle\r\n"));
	/* ... and the items themselves, but for DTSTAMP: LAST-MODIFIED is the decision's
	 * last change, not the export time (else every publish re-sends every decision). */
	const char *d1 = strstr(ua, "UID:decision-1-1@tavle\r\n");
	assert_non_null(strstr(d1, "LAST-MODIFIED:20270115T080000Z\r\n"));
	const char *d0 = strstr(u, "UID:decision-1-1@tavle\r\n");
	const char *e0 = strstr(d0, "END:VEVENT"), *e1 = strstr(d1, "END:VEVENT");
	const char *s0 = strstr(d0, "SEQUENCE:"), *s1 = strstr(d1, "SEQUENCE:");
	assert_true(s0 && s1 && s0 < e0 && s1 < e1);
	assert_int_equal(e0 - s0, e1 - s1);
	assert_memory_equal(s0, s1, (size_t)(e0 - s0));
	/* As VTODOs: their own UIDs, the decided one completed. */
	o.todo = true;
	struct buf t = export_board(d, &o, NULL);
	char *ut = unfold(t.p, t.len);
	x = strstr(ut, "UID:decision-1-2-todo@tavle\r\n");
	assert_non_null(x);
	assert_non_null(strstr(x, "DUE;VALUE=DATE:20270125\r\nSTATUS:COMPLETED\r\n"));
	assert_non_null(strstr(ut, "UID:decision-1-1-todo@tavle\r\n"));
	free(ut);
	free(t.p);
	free(ua);
	free(again.p);
	free(u);
	free(b.p);
	free(plain.p);
	tv_board_data_free(d);
}

/* What real programs write is read with a note for each repair (issue 17): raw
 * newlines in a text value, a property with parameters and no value, a TZID quoted
 * past its value, RDATE dates with a 'Z', DURATION PT1W, text after END:VCALENDAR. */
static void
test_repairs(void **state)
{
	(void)state;
	const char *text =
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
		"BEGIN:VEVENT\r\nUID:r1\r\nDTSTART;VALUE=DATE:20270115\r\nDURATION:PT1W\r\n"
		"SUMMARY:Uge\r\nDESCRIPTION:Kære alle,\r\nvi ses\r\n\r\nKode: 1234\r\n"
		"ORGANIZER;CN=Sixt SE\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:r2\r\nDTSTART;TZID=\"Europe/Berlin:20270115T090000\"\r\n"
		"SUMMARY:Citat\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:r3\r\nDTSTART;VALUE=DATE:20270310\r\nRRULE:FREQ=DAILY;COUNT=1\r\n"
		"RDATE:20270410Z\r\nSUMMARY:Fødselsdag\r\nEND:VEVENT\r\n"
		"END:VCALENDAR\r\nX-COMMENT:cached\r\n";
	struct tv_ical_import *imp = parse_ok(text);
	assert_int_equal(imp->nskipped, 0);
	assert_int_equal(imp->nmeetings, 4);
	assert_string_equal(imp->meetings[0].uid, "r1");
	assert_when(imp->meetings[0].start, when(2027, 1, 15, -1, 0));
	assert_when(imp->meetings[0].end, when(2027, 1, 21, -1, 0));
	assert_string_equal(imp->meetings[0].notes, "Kære alle,\nvi ses\n\nKode: 1234");
	assert_string_equal(imp->meetings[1].uid, "r2");
	assert_when(imp->meetings[1].start, when(2027, 1, 15, 9, 0));
	assert_string_equal(imp->meetings[3].recurrence_id, "VALUE=DATE:20270410");
	const char *want[] = {
		"line 7: DURATION \"PT1W\" read as \"P1W\"",
		"line 9: DESCRIPTION: lines 10 to 12 are not content lines, read as part of its value",
		"line 13: ORGANIZER without ':' and value ignored",
		"line 17: DTSTART: the closing quote of a parameter after its value moved before the ':'",
		"line 24: RDATE \"20270410Z\" read as \"20270410\"",
		"line 28: text after END:VCALENDAR ignored",
	};
	assert_int_equal(imp->nrepairs, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < imp->nrepairs; i++)
		assert_string_equal(imp->repairs[i], want[i]);
	tv_ical_import_free(imp);
}

/* A UID is compared as it is kept (sanitised): two events whose UID holds an escaped
 * newline are one UID twice, not two meetings of the same UID (found by fuzzing, once
 * lines without ':' were read into a UID's value). */
static void
test_duplicate_uid_sanitised(void **state)
{
	(void)state;
	const char *text =
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
		"BEGIN:VEVENT\r\nUID:a\\nb\r\nSUMMARY:En\r\nDTSTART:20270105T083000Z\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:a\\nb\r\nSUMMARY:To\r\nDTSTART:20270106T083000Z\r\nEND:VEVENT\r\n"
		"END:VCALENDAR\r\n";
	struct tv_ical_import *imp = parse_ok(text);
	assert_int_equal(imp->nmeetings, 1);
	assert_int_equal(imp->nskipped, 1);
	assert_non_null(strstr(imp->skipped[0], "duplicate UID"));
	tv_ical_import_free(imp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_task_owner),
		cmocka_unit_test(test_libical_roundtrip),
		cmocka_unit_test(test_boundary_folding),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_board_parts),
		cmocka_unit_test(test_stream_and_io_error),
		cmocka_unit_test(test_import_invite),
		cmocka_unit_test(test_hostile_links),
		cmocka_unit_test(test_import_times),
		cmocka_unit_test(test_duplicate_uid_sanitised),
		cmocka_unit_test(test_repairs),
		cmocka_unit_test(test_reimport_export),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_bad_events),
		cmocka_unit_test(test_import_lenient),
		cmocka_unit_test(test_import_zone_names),
		cmocka_unit_test(test_each_item),
		cmocka_unit_test(test_decisions),
	};
	return cmocka_run_group_tests(tests, NULL, teardown_all);
}
