/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The hand-built board shared by tests/unit/test_ical.c (which includes this file) and
 * the conformance generator tests/ical/gen_export.c. Changing it changes the golden
 * file tests/data/ical/board.ics (regenerate with TAVLE_UPDATE_GOLDEN=1).
 * Depends only on the core model and dates.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tavle/date.h"
#include "tavle/model.h"
#include "tavle/status.h"

#include "fixture.h"

static int32_t
fx_day(int y, int m, int d)
{
	int32_t day = TV_NO_DAY;
	if (!tv_date_from_ymd(y, m, d, &day))
		abort();
	return day;
}

static struct tv_when
fx_when(int y, int m, int d, int hh, int mm)
{
	struct tv_when w = { fx_day(y, m, d), hh < 0 ? TV_NO_TIME : (int16_t)(hh * 60 + mm) };
	return w;
}

static void
fx_task(struct tv_package *p, const char *uid, const char *title, struct tv_when deadline,
	bool done, enum tv_responsible resp)
{
	p->tasks = tv_xrealloc(p->tasks, (p->ntasks + 1) * sizeof *p->tasks);
	struct tv_task *t = &p->tasks[p->ntasks];
	memset(t, 0, sizeof *t);
	t->id = (int64_t)(100 + p->ntasks);
	t->package_id = p->id;
	t->uid = tv_xstrdup(uid);
	t->title = tv_xstrdup(title);
	t->deadline = deadline;
	t->done = done;
	t->responsible = resp;
	t->minimum = p->ntasks == 0;
	t->position = (int)p->ntasks;
	t->version = 1;
	p->ntasks++;
}

static struct tv_package *
fx_package(struct tv_board_data *d, const char *uid, int number, const char *title,
	enum tv_area area, enum tv_pstatus status, const char *owner, struct tv_when deadline,
	int64_t phase_id)
{
	d->packages = tv_xrealloc(d->packages, (d->npackages + 1) * sizeof *d->packages);
	struct tv_package *p = &d->packages[d->npackages];
	memset(p, 0, sizeof *p);
	p->id = (int64_t)(d->npackages + 1);
	p->board_id = d->board.id;
	p->uid = tv_xstrdup(uid);
	p->number = number;
	p->title = tv_xstrdup(title);
	p->area = area;
	p->status = status;
	p->owner = tv_xstrdup(owner);
	p->deadline = deadline;
	p->phase_id = phase_id;
	p->position = (int)d->npackages;
	p->version = 1;
	d->npackages++;
	return p;
}

static struct tv_meeting *
fx_meeting(struct tv_board_data *d, const char *uid, enum tv_meeting_kind kind,
	const char *title, struct tv_when start, struct tv_when end)
{
	d->meetings = tv_xrealloc(d->meetings, (d->nmeetings + 1) * sizeof *d->meetings);
	struct tv_meeting *m = &d->meetings[d->nmeetings];
	memset(m, 0, sizeof *m);
	m->id = (int64_t)(d->nmeetings + 1);
	m->board_id = d->board.id;
	m->uid = tv_xstrdup(uid);
	m->kind = kind;
	m->title = tv_xstrdup(title);
	m->start = start;
	m->end = end;
	m->version = 1;
	d->nmeetings++;
	return m;
}

static void
fx_phase(struct tv_board_data *d, const char *uid, const char *name, int32_t start,
	int32_t end, int32_t not_before, const char *reason)
{
	d->phases = tv_xrealloc(d->phases, (d->nphases + 1) * sizeof *d->phases);
	struct tv_phase *ph = &d->phases[d->nphases];
	memset(ph, 0, sizeof *ph);
	ph->id = (int64_t)(d->nphases + 1);
	ph->board_id = d->board.id;
	ph->uid = tv_xstrdup(uid);
	ph->name = tv_xstrdup(name);
	ph->start = start;
	ph->end = end;
	ph->not_before = not_before;
	ph->not_before_reason = tv_xstrdup(reason);
	ph->position = (int)d->nphases;
	ph->version = 2;
	ph->updated_at = tv_xstrdup("2027-01-02T09:30:00Z");
	d->nphases++;
}

static void
fx_tombstone(struct tv_board_data *d, const char *uid, enum tv_kind kind, const char *summary,
	struct tv_when start, struct tv_when end, int64_t sequence, const char *deleted_at,
	int area)
{
	d->tombstones = tv_xrealloc(d->tombstones, (d->ntombstones + 1) * sizeof *d->tombstones);
	struct tv_tombstone *t = &d->tombstones[d->ntombstones];
	memset(t, 0, sizeof *t);
	t->uid = tv_xstrdup(uid);
	t->kind = kind;
	t->summary = tv_xstrdup(summary);
	t->start = start;
	t->end = end;
	t->sequence = sequence;
	t->deleted_at = tv_xstrdup(deleted_at);
	t->area = area;
	d->ntombstones++;
}

struct tv_board_data *
fixture_board(void)
{
	struct tv_board_data *d = tv_xcalloc(1, sizeof *d);
	d->board.id = 1;
	d->board.name = tv_xstrdup("Ærø Kommune – NgDP");
	d->board.authority = tv_xstrdup("Ærø Kommune");
	d->board.sector = TV_SECTOR_MUNICIPALITY;
	d->board.start = fx_day(2027, 1, 4);
	d->board.version = 1;

	fx_phase(d, "phase-1", "Forberedelse", fx_day(2027, 1, 4), fx_day(2027, 3, 31),
		TV_NO_DAY, NULL);
	fx_phase(d, "phase-2", "Implementering", fx_day(2027, 4, 1), fx_day(2028, 3, 31),
		fx_day(2027, 5, 1), "Afventer leverandør; se aftale, bilag \\ 2");

	struct tv_package *p;
	p = fx_package(d, "pkg-1", 1, "Implementeringsopstart", TV_AREA_ORG, TV_DOING,
		"Mette Ærø Hansen", fx_when(2027, 2, 15, -1, 0), 1);
	p->sections[TV_SEC_REQUIREMENTS] = tv_xstrdup(
		"Udpeg en projektleder.\nLav en tidsplan; aftal møder, og følg op.\n"
		"Sti: C:\\NgDP\\plan");
	p->sections[TV_SEC_BACKGROUND] = tv_xstrdup("Baggrund (ikke eksporteret).");
	p->version = 3;
	p->updated_at = tv_xstrdup("2027-01-10T14:05:00Z");
	fx_task(p, "task-11", "Udpeg projektleder", fx_when(2027, 1, 20, -1, 0), true,
		TV_RESP_AUTHORITY);
	fx_task(p, "task-12", "Aftal møde, kl. 10; tjek \\ noter\x1b[31m rød\x07", fx_when(2027, 2, 1, 10, 30),
		false, TV_RESP_AGENCY);

	p = fx_package(d, "pkg-5", 5, "Kommunikation til borgere, virksomheder; og ansatte",
		TV_AREA_KOM, TV_TODO, "Kommunikationsafdelingen", fx_when(2027, 3, 28, 9, 0), 1);
	p->sections[TV_SEC_REQUIREMENTS] = tv_xstrdup("Informér borgerne\nom Digital Post.");
	fx_task(p, "task-51", "Skriv nyhedsbrev", fx_when(2027, 3, 1, -1, 0), false,
		TV_RESP_AUTHORITY);

	p = fx_package(d, "pkg-7", 7, "Datamigrering og snitflader", TV_AREA_DATA, TV_BLOCKED,
		"Leverandøren A/S", fx_when(2028, 2, 29, -1, 0), 2);
	fx_task(p, "task-71", "Test af snitflader", fx_when(2028, 2, 28, -1, 0), false,
		TV_RESP_SUPPLIER);

	p = fx_package(d, "pkg-9", 9, "Uddannelse af medarbejdere", TV_AREA_UDD, TV_DONE,
		"", fx_when(2027, 10, 31, 14, 0), 2);
	p->version = 2;
	p->updated_at = tv_xstrdup("2027-01-12T07:00:00Z");

	/* No deadline: not exported. */
	fx_package(d, "pkg-3", 3, "Uden frist", TV_AREA_ORG, TV_TODO, "",
		(struct tv_when){ TV_NO_DAY, TV_NO_TIME }, 0);

	struct tv_meeting *m;
	/* Across the spring-forward night: 23:00 CET to 04:00 CEST (4 hours). */
	m = fx_meeting(d, "meet-1", TV_MEET_INFO, "Infomøde om NgDP",
		fx_when(2027, 3, 27, 23, 0), fx_when(2027, 3, 28, 4, 0));
	m->place = tv_xstrdup("Rådhuset, Marstal");
	m->region = tv_xstrdup("Syddanmark");
	m->url = tv_xstrdup("https://digst.dk/ngdp?x=1&y=2");
	m->notes = tv_xstrdup("Medbring: computer, oplader; og kaffe\\te.\nAnden linje.");
	m->packages = tv_xstrdup("1,5");
	m = fx_meeting(d, "meet-2", TV_MEET_WEBINAR, "Webinar: Minimumskrav",
		fx_when(2027, 6, 10, 13, 0), fx_when(2027, 6, 10, 14, 30));
	m->url = tv_xstrdup("se intranettet {link}");
	m = fx_meeting(d, "meet-3", TV_MEET_SUPPLIER, "Leverandørdag",
		fx_when(2027, 9, 1, -1, 0), fx_when(2027, 9, 2, -1, 0));
	m->region = tv_xstrdup("Hovedstaden");

	fx_tombstone(d, "pkg-4", TV_KIND_PACKAGE, "Frist: 4 Gammel pakke",
		fx_when(2027, 2, 1, -1, 0), (struct tv_when){ TV_NO_DAY, TV_NO_TIME }, 3,
		"2027-01-10T08:00:00Z", TV_AREA_ORG);
	fx_tombstone(d, "meet-0", TV_KIND_MEETING, "Aflyst møde", fx_when(2027, 4, 1, 10, 0),
		fx_when(2027, 4, 1, 11, 0), 2, "2027-01-11T16:45:00Z", -1);
	return d;
}

static void
fx_decision(struct tv_board_data *d, const char *title, int area, int32_t due,
	enum tv_decision_status status)
{
	d->decisions = tv_xrealloc(d->decisions, (d->ndecisions + 1) * sizeof *d->decisions);
	struct tv_decision *x = &d->decisions[d->ndecisions];
	memset(x, 0, sizeof *x);
	x->id = (int64_t)(d->ndecisions + 1);
	x->board_id = d->board.id;
	x->title = tv_xstrdup(title);
	x->area = area;
	x->owner = tv_xstrdup("Direktionen");
	x->due = due;
	x->status = status;
	x->decided = TV_NO_DAY;
	x->version = 2;
	x->updated_at = tv_xstrdup("2027-01-15T08:00:00Z");
	d->ndecisions++;
}

void
fixture_add_decisions(struct tv_board_data *d)
{
	fx_decision(d, "Godkend tidsplanen for Ærø", TV_AREA_ORG, fx_day(2027, 2, 10), TV_DEC_OPEN);
	fx_decision(d, "Projektorganisering; ressourcer, og budget", -1, fx_day(2027, 1, 25),
		TV_DEC_DECIDED);
	d->decisions[1].decided = fx_day(2027, 1, 20);
	d->decisions[1].text = tv_xstrdup("Besluttet af direktionen, jf. sag 27\\01;\nanden linje.");
	fx_decision(d, "Uden frist", TV_AREA_KOM, TV_NO_DAY, TV_DEC_OPEN);
}

size_t
fixture_boundary_count(void)
{
	return (size_t)(FIXTURE_BOUNDARY_MAX - FIXTURE_BOUNDARY_MIN + 1) * 2;
}

void
fixture_boundary_title(size_t i, char *buf, size_t size)
{
	size_t len = FIXTURE_BOUNDARY_MIN + i / 2;
	const char *ch = i % 2 ? "\xe6\xbc\xa2" : "\xc3\xa6"; /* 漢 or æ */
	size_t cl = strlen(ch);
	/* "SUMMARY:" takes 8 octets, so the fold falls after value octet 67; put the
	 * character across it, shifting by 0-2 octets so every split is exercised. */
	size_t pos = 66 - (i / 2) % 3;
	if (pos + cl > len)
		pos = len - cl;
	if (len + 1 > size)
		abort();
	for (size_t k = 0; k < len; k++)
		buf[k] = (char)('a' + k % 26);
	memcpy(buf + pos, ch, cl);
	buf[len] = '\0';
}

struct tv_board_data *
fixture_boundary_board(void)
{
	struct tv_board_data *d = tv_xcalloc(1, sizeof *d);
	d->board.id = 2;
	d->board.name = tv_xstrdup("Grænser");
	for (size_t i = 0; i < fixture_boundary_count(); i++) {
		char title[128], uid[32];
		fixture_boundary_title(i, title, sizeof title);
		snprintf(uid, sizeof uid, "boundary-%zu", i);
		fx_meeting(d, uid, TV_MEET_OTHER, title, fx_when(2027, 5, 3, 9, (int)(i % 60)),
			fx_when(2027, 5, 3, 10, 0));
	}
	return d;
}

struct tv_board_data *
fixture_series_board(void)
{
	struct tv_board_data *d = tv_xcalloc(1, sizeof *d);
	d->board.id = 3;
	d->board.name = tv_xstrdup("Serier");
	static const struct {
		const char *rid, *title;
		int y, m, dd, hh, mm, eh, em;
	} occ[] = {
		{ "20270329T080000Z", "Ugentligt infomøde", 2027, 3, 29, 10, 0, 11, 0 },
		{ "20270405T080000Z", "Ugentligt infomøde (flyttet)", 2027, 4, 6, 14, 0, 15, 0 },
		{ "TZID=Europe/Copenhagen:20270201T130000", "Styregruppe", 2027, 2, 1, 13, 0, 14, 0 },
		{ "TZID=Europe/Copenhagen:20270208T130000", "Styregruppe", 2027, 2, 8, 13, 0, 14, 0 },
		{ "20270301T100000", "Flydende møde", 2027, 3, 1, 10, 0, 10, 30 },
		{ "VALUE=DATE:20270301", "Temadag", 2027, 3, 1, -1, 0, -1, 0 },
		{ "VALUE=DATE:20270401", "Temadag", 2027, 4, 1, -1, 0, -1, 0 },
	};
	static const char *const uids[] = { "serie-1@example.dk", "serie-1@example.dk",
		"serie-2@example.dk", "serie-2@example.dk", "serie-3", "serie-4@example.dk",
		"serie-4@example.dk" };
	for (size_t i = 0; i < sizeof occ / sizeof occ[0]; i++) {
		struct tv_meeting *m = fx_meeting(d, uids[i], TV_MEET_INFO, occ[i].title,
			fx_when(occ[i].y, occ[i].m, occ[i].dd, occ[i].hh, occ[i].mm),
			fx_when(occ[i].y, occ[i].m, occ[i].dd, occ[i].eh, occ[i].em));
		m->recurrence_id = tv_xstrdup(occ[i].rid);
	}
	fx_tombstone(d, "serie-1@example.dk", TV_KIND_MEETING, "Ugentligt infomøde",
		fx_when(2027, 4, 12, 10, 0), fx_when(2027, 4, 12, 11, 0), 1, "2027-01-10T08:00:00Z", -1);
	d->tombstones[d->ntombstones - 1].recurrence_id = tv_xstrdup("20270412T080000Z");
	return d;
}
