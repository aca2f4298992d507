/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Conformance generator: writes tavle's exports of the fixture board (tests/ical/
 * fixture.c) into a directory, with expected.json describing, independently of the
 * .ics text, what every item must read as in another parser: UID, summary, all-day or
 * timed, start and end (UTC instants for timed items), cancelled or not. series.ics
 * holds occurrences of imported series, each an event with a UID of its own.
 * The checkers (ical.js, python-icalendar, khal, calcurse) compare against it.
 * Usage: gen_export OUTDIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tavle/date.h"
#include "tavle/ical.h"
#include "tavle/model.h"
#include "tavle/text.h"

#include "fixture.h"

struct expect {
	FILE *out;
	bool first_item;
};

static void
when_json(FILE *out, struct tv_when w)
{
	if (w.minute == TV_NO_TIME) {
		char b[TV_DATE_BUF];
		tv_date_format(w.day, b);
		fprintf(out, "\"%s\"", b);
		return;
	}
	time_t utc;
	if (!tv_when_to_utc(w, &utc)) {
		fprintf(stderr, "gen_export: time in the DST gap\n");
		exit(1);
	}
	struct tm tm;
	gmtime_r(&utc, &tm);
	fprintf(out, "\"%04d-%02d-%02dT%02d:%02d:%02dZ\"", tm.tm_year + 1900, tm.tm_mon + 1,
		tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* One expected item. For all-day items `end` is the exclusive DTEND day. */
static void
item(struct expect *e, const char *uid, const char *summary, struct tv_when start,
	struct tv_when end, bool cancelled)
{
	char *s = tv_text_sanitize(summary, strlen(summary), 0);
	fprintf(e->out, "%s\n    {\"uid\": ", e->first_item ? "" : ",");
	tv_json_string(e->out, uid);
	fputs(", \"summary\": ", e->out);
	tv_json_string(e->out, s);
	fprintf(e->out, ", \"allday\": %s, \"start\": ", start.minute == TV_NO_TIME ? "true" : "false");
	when_json(e->out, start);
	fputs(", \"end\": ", e->out);
	when_json(e->out, end);
	fprintf(e->out, ", \"cancelled\": %s}", cancelled ? "true" : "false");
	e->first_item = false;
	free(s);
}

static struct tv_when
plus_minutes(struct tv_when w, int minutes)
{
	int m = w.minute + minutes;
	return (struct tv_when){ w.day + m / 1440, (int16_t)(m % 1440) };
}

static struct tv_when
deadline_end(struct tv_when d)
{
	if (d.minute == TV_NO_TIME)
		return (struct tv_when){ d.day + 1, TV_NO_TIME };
	return plus_minutes(d, 15);
}

static char *
deadline_summary(const char *what, struct tv_when d, bool done)
{
	char *s;
	if (d.minute == TV_NO_TIME)
		s = tv_xasprintf("%sFrist: %s", done ? "\u2713 " : "", what);
	else
		s = tv_xasprintf("%sFrist kl. %02d:%02d: %s", done ? "\u2713 " : "", d.minute / 60,
			d.minute % 60, what);
	return s;
}

/* A meeting's UID as the export writes it (issue 17 item 7): tavle's own ("meet-"
 * and hex digits) with "@tavle", one it was imported with unchanged (the boundary
 * board's "boundary-N"); an occurrence of a series "<uid>-<code>@tavle". */
static char *
meeting_uid(const char *uid, const char *rid)
{
	char code[TV_ICAL_RID_CODE_BUF];
	if (rid && tv_ical_rid_code(rid, code))
		return tv_xasprintf("%s-%s@tavle", uid, code);
	bool own = strncmp(uid, "meet-", 5) == 0 && uid[5] &&
		strspn(uid + 5, "0123456789abcdef") == strlen(uid + 5);
	return own ? tv_xasprintf("%s@tavle", uid) : tv_xstrdup(uid);
}

static void
expect_board(struct expect *e, const struct tv_board_data *d, unsigned what, bool todo)
{
	if ((what & TV_ICAL_PHASES) && !todo) {
		for (size_t i = 0; i < d->nphases; i++) {
			const struct tv_phase *ph = &d->phases[i];
			char *uid = tv_xasprintf("%s@tavle", ph->uid);
			char *sum = tv_xasprintf("Fase: %s", ph->name);
			item(e, uid, sum, (struct tv_when){ ph->start, TV_NO_TIME },
				(struct tv_when){ ph->end + 1, TV_NO_TIME }, false);
			free(sum);
			free(uid);
		}
	}
	for (size_t i = 0; i < d->npackages; i++) {
		const struct tv_package *p = &d->packages[i];
		if ((what & TV_ICAL_DEADLINES) && p->deadline.day != TV_NO_DAY) {
			char *uid = tv_xasprintf("%s%s@tavle", p->uid, todo ? "-todo" : "");
			char *w = tv_xasprintf("%d %s", p->number, p->title);
			char *sum = todo ? tv_xstrdup(w) : deadline_summary(w, p->deadline, false);
			item(e, uid, sum, p->deadline, todo ? p->deadline : deadline_end(p->deadline), false);
			free(sum);
			free(w);
			free(uid);
		}
		for (size_t k = 0; (what & TV_ICAL_TASKS) && k < p->ntasks; k++) {
			const struct tv_task *t = &p->tasks[k];
			if (t->deadline.day == TV_NO_DAY)
				continue;
			char *uid = tv_xasprintf("%s%s@tavle", t->uid, todo ? "-todo" : "");
			char *w = tv_xasprintf("%d.%d %s", p->number, t->position + 1, t->title);
			char *sum = todo ? tv_xstrdup(w) : deadline_summary(w, t->deadline, t->done);
			item(e, uid, sum, t->deadline, todo ? t->deadline : deadline_end(t->deadline), false);
			free(sum);
			free(w);
			free(uid);
		}
	}
	if ((what & TV_ICAL_MEETINGS) && !todo) {
		for (size_t i = 0; i < d->nmeetings; i++) {
			const struct tv_meeting *m = &d->meetings[i];
			char *uid = meeting_uid(m->uid, m->recurrence_id);
			struct tv_when end = m->end;
			if (m->start.minute == TV_NO_TIME)
				end = (struct tv_when){ m->end.day + 1, TV_NO_TIME };
			item(e, uid, m->title, m->start, end, false);
			free(uid);
		}
	}
	for (size_t i = 0; (what & TV_ICAL_DECISIONS) && i < d->ndecisions; i++) {
		const struct tv_decision *x = &d->decisions[i];
		if (x->due == TV_NO_DAY)
			continue;
		char *uid = tv_xasprintf("decision-%lld-%lld%s@tavle", (long long)x->board_id,
			(long long)x->id, todo ? "-todo" : "");
		char *sum = tv_xasprintf("%sBeslutning: %s",
			!todo && x->status == TV_DEC_DECIDED ? "\u2713 " : "", x->title);
		struct tv_when due = { x->due, TV_NO_TIME };
		item(e, uid, sum, due, todo ? due : deadline_end(due), false);
		free(sum);
		free(uid);
	}
	for (size_t i = 0; i < d->ntombstones; i++) {
		const struct tv_tombstone *t = &d->tombstones[i];
		unsigned bit = t->kind == TV_KIND_PACKAGE ? TV_ICAL_DEADLINES :
			t->kind == TV_KIND_TASK ? TV_ICAL_TASKS :
			t->kind == TV_KIND_MEETING ? TV_ICAL_MEETINGS : TV_ICAL_PHASES;
		if (!(what & bit) || (todo && bit != TV_ICAL_DEADLINES && bit != TV_ICAL_TASKS))
			continue;
		char *uid = t->kind == TV_KIND_MEETING ? meeting_uid(t->uid, t->recurrence_id) :
			tv_xasprintf("%s%s@tavle", t->uid, todo ? "-todo" : "");
		struct tv_when end = t->end.day == TV_NO_DAY ? t->start : t->end;
		if (t->start.minute == TV_NO_TIME)
			end = (struct tv_when){ end.day + 1, TV_NO_TIME };
		item(e, uid, t->summary, t->start, todo ? t->start : end, true);
		free(uid);
	}
}

static int
export_file(const char *dir, const char *name, const struct tv_board_data *d, unsigned what,
	bool todo, struct expect *e, bool first_file)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f) {
		perror(path);
		return 1;
	}
	struct tv_ical_options o;
	memset(&o, 0, sizeof o);
	o.what = what;
	o.todo = todo;
	o.now = FIXTURE_NOW;
	o.alarm = true;
	o.alarm_seconds = -15 * 60;
	o.calname = "Ærø Kommune – NgDP";
	struct tv_ical_writer *w;
	struct tv_ical_stats st;
	if (tv_ical_writer_open(f, &o, &w) != TV_OK || tv_ical_writer_add_board(w, d) != TV_OK ||
	    tv_ical_writer_close(w, &st) != TV_OK || fclose(f) != 0) {
		fprintf(stderr, "gen_export: writing %s failed\n", path);
		return 1;
	}
	fprintf(e->out, "%s\n  \"%s\": {\"todo\": %s, \"items\": [", first_file ? "" : ",", name,
		todo ? "true" : "false");
	e->first_item = true;
	expect_board(e, d, what, todo);
	fputs("]}", e->out);
	printf("wrote %s (%zu items, %zu cancelled)\n", path, st.events, st.cancelled);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: gen_export OUTDIR\n");
		return 2;
	}
	const char *dir = argv[1];
	char path[4096];
	snprintf(path, sizeof path, "%s/expected.json", dir);
	struct expect e = { fopen(path, "wb"), true };
	if (!e.out) {
		perror(path);
		return 1;
	}
	struct tv_board_data *board = fixture_board();
	fixture_add_decisions(board);  /* the readers check decisions too */
	struct tv_board_data *bound = fixture_boundary_board();
	struct tv_board_data *series = fixture_series_board();
	int rc = 0;
	fputs("{", e.out);
	rc |= export_file(dir, "all.ics", board, TV_ICAL_ALL, false, &e, true);
	rc |= export_file(dir, "deadlines.ics", board, TV_ICAL_DEADLINES | TV_ICAL_TASKS, false, &e, false);
	rc |= export_file(dir, "meetings.ics", board, TV_ICAL_MEETINGS, false, &e, false);
	rc |= export_file(dir, "todo.ics", board, TV_ICAL_ALL, true, &e, false);
	rc |= export_file(dir, "boundary.ics", bound, TV_ICAL_ALL, false, &e, false);
	rc |= export_file(dir, "series.ics", series, TV_ICAL_ALL, false, &e, false);
	fputs("\n}\n", e.out);
	if (fclose(e.out) != 0)
		rc = 1;
	tv_board_data_free(board);
	tv_board_data_free(bound);
	tv_board_data_free(series);
	tv_ical_shutdown();
	return rc;
}
