/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The domain tables (areas, statuses, kinds...) and the record helpers of the model.
 * Every name shown anywhere comes from the X-macro tables in tavle/model.h.
 * Must not depend on curses, SQLite or libical.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tavle/model.h"

/* Generate key/name/from_key for a table with (enum, key, da, en, ...) rows. */
#define NAMES_TABLE(prefix, type, count, INFO, ROW)                                      \
	static const struct { const char *key, *da, *en; } prefix##_table[] = {          \
		INFO(ROW)                                                                \
	};                                                                               \
	const char *tv_##prefix##_key(enum type v)                                       \
	{                                                                                \
		return (unsigned)v < count ? prefix##_table[v].key : "?";                \
	}                                                                                \
	const char *tv_##prefix##_name(enum type v, bool danish)                         \
	{                                                                                \
		if ((unsigned)v >= count)                                                \
			return "?";                                                      \
		return danish ? prefix##_table[v].da : prefix##_table[v].en;             \
	}                                                                                \
	bool tv_##prefix##_from_key(const char *key, enum type *out)                     \
	{                                                                                \
		for (unsigned i = 0; key && i < count; i++) {                            \
			if (strcmp(prefix##_table[i].key, key) == 0) {                   \
				*out = (enum type)i;                                     \
				return true;                                             \
			}                                                                \
		}                                                                        \
		return false;                                                            \
	}

#define ROW4(e, k, da, en) { k, da, en },
#define ROW5(e, k, da, en, x) { k, da, en },
#define ROW6(e, k, da, en, x, y) { k, da, en },

NAMES_TABLE(area, tv_area, TV_AREA_COUNT, TV_AREA_INFO, ROW6)
NAMES_TABLE(pstatus, tv_pstatus, TV_PSTATUS_COUNT, TV_PSTATUS_INFO, ROW5)
NAMES_TABLE(responsible, tv_responsible, TV_RESPONSIBLE_COUNT, TV_RESPONSIBLE_INFO, ROW4)
NAMES_TABLE(meeting_kind, tv_meeting_kind, TV_MEETING_KIND_COUNT, TV_MEETING_KIND_INFO, ROW4)
NAMES_TABLE(decision_status, tv_decision_status, TV_DECISION_STATUS_COUNT,
	TV_DECISION_STATUS_INFO, ROW4)
NAMES_TABLE(role, tv_role, TV_ROLE_COUNT, TV_ROLE_INFO, ROW4)
NAMES_TABLE(section, tv_section, TV_SECTION_COUNT, TV_SECTION_INFO, ROW4)
NAMES_TABLE(sector, tv_sector, TV_SECTOR_COUNT, TV_SECTOR_INFO, ROW4)

static const struct {
	const char *colour;
	char tag;
} area_extra[] = {
#define TV_X(e, k, da, en, col, tag) { col, tag },
	TV_AREA_INFO(TV_X)
#undef TV_X
};

const char *
tv_area_colour(enum tv_area a)
{
	return (unsigned)a < TV_AREA_COUNT ? area_extra[a].colour : "gray";
}

char
tv_area_tag(enum tv_area a)
{
	return (unsigned)a < TV_AREA_COUNT ? area_extra[a].tag : '?';
}

static const char *const pstatus_markers[] = {
#define TV_X(e, k, da, en, mark) mark,
	TV_PSTATUS_INFO(TV_X)
#undef TV_X
};

const char *
tv_pstatus_marker(enum tv_pstatus s)
{
	return (unsigned)s < TV_PSTATUS_COUNT ? pstatus_markers[s] : "?";
}

static const char *const kind_keys[] = {
#define TV_X(e, k) k,
	TV_KIND_INFO(TV_X)
#undef TV_X
};

const char *
tv_kind_key(enum tv_kind k)
{
	return (unsigned)k < TV_KIND_COUNT ? kind_keys[k] : "?";
}

bool
tv_kind_from_key(const char *key, enum tv_kind *out)
{
	for (unsigned i = 0; key && i < TV_KIND_COUNT; i++) {
		if (strcmp(kind_keys[i], key) == 0) {
			*out = (enum tv_kind)i;
			return true;
		}
	}
	return false;
}

/* ---- record helpers ---- */

int
tv_package_after(const char *after, int *out, int max)
{
	int n = 0;
	const char *p = after ? after : "";
	while (*p == ' ')
		p++;
	if (!*p)
		return 0;
	for (;;) {
		while (*p == ' ')
			p++;
		long v = 0;
		int digits = 0;
		while (*p >= '0' && *p <= '9' && digits < 6) {
			v = v * 10 + (*p++ - '0');
			digits++;
		}
		while (*p == ' ')
			p++;
		if (digits == 0 || v > 99999 || (*p && *p != ','))
			return -1;
		if (n < max)
			out[n] = (int)v;
		n++;
		if (!*p)
			return n;
		p++;
	}
}

void
tv_board_clear(struct tv_board *b)
{
	TV_CLEAR(b, &b->name, &b->authority, &b->created_at, &b->contact, &b->cvr);
}

void
tv_task_clear(struct tv_task *t)
{
	TV_CLEAR(t, &t->uid, &t->title, &t->owner, &t->updated_at, &t->export_at, &t->tkey);
}

void
tv_package_clear(struct tv_package *p)
{
	free(p->uid);
	free(p->title);
	free(p->owner);
	free(p->updated_at);
	free(p->updated_by);
	free(p->blocked_reason);
	free(p->after);
	free(p->export_at);
	for (int i = 0; i < TV_SECTION_COUNT; i++)
		free(p->sections[i]);
	for (size_t i = 0; i < p->ntasks; i++)
		tv_task_clear(&p->tasks[i]);
	free(p->tasks);
	memset(p, 0, sizeof *p);
}

void
tv_phase_clear(struct tv_phase *p)
{
	TV_CLEAR(p, &p->uid, &p->name, &p->not_before_reason, &p->updated_at, &p->export_at,
		&p->tkey);
}

void
tv_meeting_clear(struct tv_meeting *m)
{
	TV_CLEAR(m, &m->uid, &m->title, &m->place, &m->region, &m->url, &m->participants, &m->notes,
		&m->packages, &m->updated_at, &m->export_at, &m->recurrence_id, &m->tkey);
}

void
tv_person_clear(struct tv_person *p)
{
	TV_CLEAR(p, &p->name, &p->email);
}

void
tv_comment_clear(struct tv_comment *c)
{
	TV_CLEAR(c, &c->author, &c->created_at, &c->text);
}

void
tv_decision_clear(struct tv_decision *d)
{
	TV_CLEAR(d, &d->title, &d->owner, &d->text, &d->updated_at, &d->export_at, &d->tkey);
}

void
tv_decision_uid(const struct tv_decision *d, char *buf, size_t size)
{
	snprintf(buf, size, "decision-%lld-%lld", (long long)d->board_id, (long long)d->id);
}

void
tv_tombstone_clear(struct tv_tombstone *t)
{
	TV_CLEAR(t, &t->uid, &t->summary, &t->deleted_at, &t->recurrence_id);
}

char *
tv_history_who(const struct tv_history *h)
{
	const char *u = h->user && *h->user ? h->user : "?";
	if (h->account && *h->account && strcmp(h->account, u) != 0)
		return tv_xasprintf("%s (%s)", u, h->account);
	return tv_xstrdup(u);
}

void
tv_history_clear(struct tv_history *h)
{
	TV_CLEAR(h, &h->at, &h->user, &h->account, &h->op, &h->field, &h->old_value,
		&h->new_value);
}

#define FREE_ARRAY(arr, n, clear)                 \
	do {                                      \
		for (size_t i_ = 0; i_ < (n); i_++) \
			clear(&(arr)[i_]);        \
		free(arr);                        \
	} while (0)

void
tv_board_data_free(struct tv_board_data *d)
{
	if (!d)
		return;
	tv_board_clear(&d->board);
	FREE_ARRAY(d->packages, d->npackages, tv_package_clear);
	FREE_ARRAY(d->phases, d->nphases, tv_phase_clear);
	FREE_ARRAY(d->meetings, d->nmeetings, tv_meeting_clear);
	FREE_ARRAY(d->people, d->npeople, tv_person_clear);
	FREE_ARRAY(d->decisions, d->ndecisions, tv_decision_clear);
	FREE_ARRAY(d->tombstones, d->ntombstones, tv_tombstone_clear);
	free(d->archived_at);
	free(d);
}

const struct tv_package *
tv_board_data_package(const struct tv_board_data *d, int number)
{
	for (size_t i = 0; i < d->npackages; i++)
		if (d->packages[i].number == number)
			return &d->packages[i];
	return NULL;
}

const struct tv_phase *
tv_board_data_phase(const struct tv_board_data *d, int64_t phase_id)
{
	for (size_t i = 0; phase_id && i < d->nphases; i++)
		if (d->phases[i].id == phase_id)
			return &d->phases[i];
	return NULL;
}

const struct tv_phase *
tv_board_find_phase(const struct tv_board_data *d, const char *name)
{
	for (size_t i = 0; i < d->nphases; i++)
		if (d->phases[i].name && strcmp(d->phases[i].name, name) == 0)
			return &d->phases[i];
	char *end;
	long long id = strtoll(name, &end, 10);
	if (*name && !*end)
		for (size_t i = 0; i < d->nphases; i++)
			if (d->phases[i].id == id)
				return &d->phases[i];
	return NULL;
}

const struct tv_phase *
tv_board_data_phase_at(const struct tv_board_data *d, int32_t day)
{
	const struct tv_phase *found = NULL;
	for (size_t i = 0; i < d->nphases; i++)
		if (d->phases[i].start <= day && day <= d->phases[i].end)
			found = &d->phases[i];
	return found;
}

bool
tv_package_overdue(const struct tv_package *p, int32_t today)
{
	return p->status != TV_DONE && p->deadline.day != TV_NO_DAY && p->deadline.day < today;
}

void
tv_task_number(const struct tv_package *p, const struct tv_task *t, char *buf, size_t size)
{
	if (size)
		snprintf(buf, size, "%d.%d", p->number, t->position + 1);
}

/* A decimal number of at most 9 digits at *s, moved past it; -1 if none. */
static long
decimal(const char **s)
{
	long v = 0;
	int n = 0;
	while (**s >= '0' && **s <= '9' && n < 9) {
		v = v * 10 + (**s - '0');
		(*s)++;
		n++;
	}
	return n && !(**s >= '0' && **s <= '9') ? v : -1;
}

const struct tv_task *
tv_board_find_task(const struct tv_board_data *d, const char *text)
{
	const char *s = text;
	long pn = decimal(&s);
	if (pn < 0 || *s++ != '.')
		return NULL;
	long tn = decimal(&s);
	if (tn < 1 || *s)
		return NULL;
	const struct tv_package *p = tv_board_data_package(d, (int)pn);
	if (!p)
		return NULL;
	for (size_t i = 0; i < p->ntasks; i++)
		if (p->tasks[i].position + 1 == tn)
			return &p->tasks[i];
	return NULL;
}
