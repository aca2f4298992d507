/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Templates and boards: instantiating a template into the store as a new board in
 * one transaction (day offsets become days from the board's start, moved off weekends
 * and Danish holidays by the re-planning's rule, tavle/replan.h, while the offset kept
 * beside each date stays the template's) and turning a loaded board back into a
 * template (days become offsets again).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tavle/replan.h"
#include "tavle/tmpl_update.h"
#include "tavle/store.h"
#include "template_int.h"

/* Keep the template's offset beside a date it gave (schema 10), so that moving the
 * start moves the date; none when the template gives no date. */
static enum tv_status
seed(struct tv_store *store, enum tv_kind kind, int64_t id, const char *field, int32_t off)
{
	return off == TV_NO_DAY ? TV_OK : tv_store_offset_seed(store, kind, id, field, off);
}

/* The day a template offset gives for `field` of a `kind`: the one working-day rule
 * of re-planning (tv_replan_day), so a board seeded at a start and one re-planned to
 * it hold the same days. */
static int32_t
add_offset(int32_t base, int32_t off, enum tv_kind kind, const char *field)
{
	return off == TV_NO_DAY ? TV_NO_DAY : tv_replan_day(base, off, tv_replan_later(kind, field));
}

static int32_t
sub_offset(int32_t day, int32_t base)
{
	return day == TV_NO_DAY ? TV_NO_DAY : day - base;
}

/* A date and time with its day as an offset from base; the time of day kept. */
static struct tv_when
sub_offset_when(struct tv_when when, int32_t base)
{
	when.day = sub_offset(when.day, base);
	return when;
}

/* ---------------------------------------------------------------- instantiate */

static int
cmp_pkg_area_position(const void *a, const void *b)
{
	const struct tv_package *x = *(const struct tv_package *const *)a;
	const struct tv_package *y = *(const struct tv_package *const *)b;
	if (x->area != y->area)
		return x->area < y->area ? -1 : 1;
	if (x->position != y->position)
		return x->position < y->position ? -1 : 1;
	return (x->number > y->number) - (x->number < y->number);
}

static struct tv_when
when_add(struct tv_when w, int32_t base, enum tv_kind kind, const char *field)
{
	w.day = add_offset(base, w.day, kind, field);
	if (w.day == TV_NO_DAY)
		w.minute = TV_NO_TIME;
	return w;
}

static enum tv_status
instantiate(struct tv_store *store, const struct tv_template *tpl, struct tv_board *board,
	int64_t *phase_ids)
{
	enum tv_status rc = tv_store_board_add(store, board);
	if (rc != TV_OK)
		return rc;
	int32_t base = board->start;
	for (size_t i = 0; i < tpl->nphases; i++) {
		struct tv_phase ph = tpl->phases[i];
		ph.id = 0;
		ph.uid = NULL;
		ph.updated_at = NULL;
		ph.board_id = board->id;
		ph.start = add_offset(base, ph.start, TV_KIND_PHASE, "start");
		ph.end = add_offset(base, ph.end, TV_KIND_PHASE, "end");
		ph.not_before = add_offset(base, ph.not_before, TV_KIND_PHASE, "not_before");
		rc = tv_store_phase_add(store, &ph);
		if (rc == TV_OK)
			rc = seed(store, TV_KIND_PHASE, ph.id, "start", tpl->phases[i].start);
		if (rc == TV_OK)
			rc = seed(store, TV_KIND_PHASE, ph.id, "end", tpl->phases[i].end);
		if (rc == TV_OK)
			rc = tpl_seed_item(store, tpl, TV_KIND_PHASE, ph.id, &tpl->phases[i], false);
		free(ph.uid);
		free(ph.updated_at);
		if (rc != TV_OK)
			return rc;
		phase_ids[i] = ph.id;
	}
	const struct tv_package **order = tv_xcalloc(tpl->npackages + 1, sizeof *order);
	int64_t *after_ids = tv_xcalloc(tpl->npackages + 1, sizeof *after_ids);
	for (size_t i = 0; i < tpl->npackages; i++)
		order[i] = &tpl->packages[i];
	if (tpl->npackages > 1)
		qsort(order, tpl->npackages, sizeof *order, cmp_pkg_area_position);
	for (size_t i = 0; i < tpl->npackages && rc == TV_OK; i++) {
		const struct tv_package *src = order[i];
		struct tv_package p = *src;
		p.id = 0;
		p.uid = NULL;
		p.updated_at = NULL;
		p.updated_by = NULL;
		p.tasks = NULL;
		p.ntasks = 0;
		p.board_id = board->id;
		p.deadline = when_add(p.deadline, base, TV_KIND_PACKAGE, "deadline");
		p.phase_id = src->phase_id > 0 && (size_t)src->phase_id <= tpl->nphases ?
			phase_ids[src->phase_id - 1] : 0;
		p.after = NULL;  /* set below, once every package exists */
		rc = tv_store_package_add(store, &p);
		if (rc == TV_OK)
			rc = seed(store, TV_KIND_PACKAGE, p.id, "deadline", src->deadline.day);
		if (rc == TV_OK)
			rc = tpl_seed_item(store, tpl, TV_KIND_PACKAGE, p.id, src, false);
		if (rc == TV_OK && src->after && *src->after)
			after_ids[src - tpl->packages] = p.id;
		free(p.uid);
		free(p.updated_at);
		free(p.updated_by);
		for (size_t k = 0; k < src->ntasks && rc == TV_OK; k++) {
			struct tv_task t = src->tasks[k];
			t.id = 0;
			t.uid = NULL;
			t.updated_at = NULL;
			t.package_id = p.id;
			t.deadline = when_add(t.deadline, base, TV_KIND_TASK, "deadline");
			rc = tv_store_task_add(store, &t);
			if (rc == TV_OK)
				rc = seed(store, TV_KIND_TASK, t.id, "deadline",
					src->tasks[k].deadline.day);
			if (rc == TV_OK)
				rc = tpl_seed_item(store, tpl, TV_KIND_TASK, t.id, &src->tasks[k],
					false);
			free(t.uid);
			free(t.updated_at);
		}
	}
	free(order);
	/* The dependencies, now that every package they name exists. */
	for (size_t i = 0; i < tpl->npackages && rc == TV_OK; i++)
		if (after_ids[i])
			rc = tv_store_set(store, TV_KIND_PACKAGE, after_ids[i], "after",
				tpl->packages[i].after, 0, NULL, NULL);
	free(after_ids);
	for (size_t i = 0; i < tpl->nmeetings && rc == TV_OK; i++) {
		struct tv_meeting m = tpl->meetings[i];
		m.id = 0;
		m.uid = NULL;
		m.updated_at = NULL;
		m.board_id = board->id;
		m.start = when_add(m.start, base, TV_KIND_MEETING, "start");
		m.end = when_add(m.end, base, TV_KIND_MEETING, "end");
		rc = tv_store_meeting_add(store, &m);
		if (rc == TV_OK)
			rc = seed(store, TV_KIND_MEETING, m.id, "start", tpl->meetings[i].start.day);
		if (rc == TV_OK)
			rc = seed(store, TV_KIND_MEETING, m.id, "end", tpl->meetings[i].end.day);
		if (rc == TV_OK)
			rc = tpl_seed_item(store, tpl, TV_KIND_MEETING, m.id, &tpl->meetings[i],
				false);
		free(m.uid);
		free(m.updated_at);
	}
	for (size_t i = 0; i < tpl->ndecisions && rc == TV_OK; i++) {
		struct tv_decision d = tpl->decisions[i];
		d.id = 0;
		d.board_id = board->id;
		d.due = add_offset(base, d.due, TV_KIND_DECISION, "due");
		d.decided = add_offset(base, d.decided, TV_KIND_DECISION, "decided");
		rc = tv_store_decision_add(store, &d);
		if (rc == TV_OK)
			rc = seed(store, TV_KIND_DECISION, d.id, "due", tpl->decisions[i].due);
		if (rc == TV_OK)
			rc = tpl_seed_item(store, tpl, TV_KIND_DECISION, d.id, &tpl->decisions[i],
				false);
	}
	if (rc == TV_OK) {
		char v[16];
		snprintf(v, sizeof v, "%d", tpl->version > 0 ? tpl->version : 1);
		rc = tv_store_tmpl_put(store, TV_TMPL_META_VERSION, TV_KIND_BOARD, board->id, "",
			v, false);
	}
	for (size_t i = 0; i < tpl->npeople && rc == TV_OK; i++) {
		struct tv_person p = tpl->people[i];
		p.id = 0;
		p.board_id = board->id;
		rc = tv_store_person_add(store, &p);
	}
	return rc;
}

enum tv_status
tv_template_instantiate(struct tv_store *store, const struct tv_template *tpl,
	struct tv_board *board, struct tv_diag *diag)
{
	enum tv_status rc = tv_store_begin(store);
	if (rc != TV_OK)
		return tv_diag_set(diag, rc, "%s", tv_store_errmsg(store));
	int64_t *phase_ids = tv_xcalloc(tpl->nphases + 1, sizeof *phase_ids);
	rc = instantiate(store, tpl, board, phase_ids);
	free(phase_ids);
	if (rc == TV_OK)
		rc = tv_store_commit(store);
	if (rc != TV_OK) {
		/* Copy the message before rollback, which may replace it. */
		tv_diag_set(diag, rc, "%s", tv_store_errmsg(store));
		tv_store_rollback(store);
		/* The board was not created: forget what board_add wrote back. */
		board->id = 0;
		board->version = 0;
		free(board->created_at);
		board->created_at = NULL;
		return rc;
	}
	return TV_OK;
}

/* ---------------------------------------------------------------- from a board */

/* The phases, their days as offsets from the board's start. */
static void
phases_from_board(struct tv_template *t, const struct tv_board_data *data, int32_t base)
{
	t->nphases = data->nphases;
	t->phases = tv_xcalloc(data->nphases + 1, sizeof *t->phases);
	for (size_t i = 0; i < data->nphases; i++) {
		const struct tv_phase *s = &data->phases[i];
		struct tv_phase *p = &t->phases[i];
		p->name = tv_xstrdup(s->name ? s->name : "");
		p->start = sub_offset(s->start, base);
		p->end = sub_offset(s->end, base);
		p->not_before = sub_offset(s->not_before, base);
		p->not_before_reason = tpl_dup_opt(s->not_before_reason);
		p->position = (int)i;
		p->tkey = tpl_dup_opt(s->tkey);
	}
}

/* The packages and their tasks, sorted by number; a phase as its 1-based index. */
static void
packages_from_board(struct tv_template *t, const struct tv_board_data *data, int32_t base)
{
	t->npackages = data->npackages;
	t->packages = tv_xcalloc(data->npackages + 1, sizeof *t->packages);
	for (size_t i = 0; i < data->npackages; i++) {
		const struct tv_package *s = &data->packages[i];
		struct tv_package *p = &t->packages[i];
		p->number = s->number;
		p->title = tv_xstrdup(s->title ? s->title : "");
		p->area = s->area;
		p->status = s->status;
		p->owner = tpl_dup_opt(s->owner);
		p->after = tpl_dup_opt(s->after);
		p->deadline = sub_offset_when(s->deadline, base);
		p->position = s->position;
		for (size_t k = 0; k < data->nphases; k++)
			if (s->phase_id && data->phases[k].id == s->phase_id)
				p->phase_id = (int64_t)k + 1;
		/* Trailing blank lines cannot survive the file format; dropping them here
		 * keeps from_board -> write -> load an identity. */
		for (int k = 0; k < TV_SECTION_COUNT; k++) {
			p->sections[k] = tpl_dup_opt(s->sections[k]);
			tpl_trim_trailing_blank_lines(&p->sections[k]);
		}
		p->ntasks = s->ntasks;
		p->tasks = tv_xcalloc(s->ntasks + 1, sizeof *p->tasks);
		for (size_t k = 0; k < s->ntasks; k++) {
			const struct tv_task *st = &s->tasks[k];
			struct tv_task *tt = &p->tasks[k];
			tt->title = tv_xstrdup(st->title ? st->title : "");
			tt->deadline = sub_offset_when(st->deadline, base);
			tt->done = st->done;
			tt->responsible = st->responsible;
			tt->minimum = st->minimum;
			tt->position = (int)k;
			tt->tkey = tpl_dup_opt(st->tkey);
		}
	}
	if (t->npackages > 1)
		qsort(t->packages, t->npackages, sizeof *t->packages, tpl_cmp_pkg_number);
}

/* The meetings, their days as offsets. */
static void
meetings_from_board(struct tv_template *t, const struct tv_board_data *data, int32_t base)
{
	t->nmeetings = data->nmeetings;
	t->meetings = tv_xcalloc(data->nmeetings + 1, sizeof *t->meetings);
	for (size_t i = 0; i < data->nmeetings; i++) {
		const struct tv_meeting *s = &data->meetings[i];
		struct tv_meeting *m = &t->meetings[i];
		m->kind = s->kind;
		m->title = tv_xstrdup(s->title ? s->title : "");
		m->start = sub_offset_when(s->start, base);
		m->end = sub_offset_when(s->end, base);
		m->place = tpl_dup_opt(s->place);
		m->region = tpl_dup_opt(s->region);
		m->url = tpl_dup_opt(s->url);
		m->participants = tpl_dup_opt(s->participants);
		m->notes = tpl_dup_opt(s->notes);
		m->packages = tpl_dup_opt(s->packages);
		m->tkey = tpl_dup_opt(s->tkey);
	}
}

/* The management decisions, their days as offsets. */
static void
decisions_from_board(struct tv_template *t, const struct tv_board_data *data, int32_t base)
{
	t->ndecisions = data->ndecisions;
	t->decisions = tv_xcalloc(data->ndecisions + 1, sizeof *t->decisions);
	for (size_t i = 0; i < data->ndecisions; i++) {
		const struct tv_decision *s = &data->decisions[i];
		struct tv_decision *d = &t->decisions[i];
		d->title = tv_xstrdup(s->title ? s->title : "");
		d->area = s->area;
		d->owner = tpl_dup_opt(s->owner);
		d->due = sub_offset(s->due, base);
		d->status = s->status;
		d->text = tpl_dup_opt(s->text);
		d->decided = sub_offset(s->decided, base);
		d->tkey = tpl_dup_opt(s->tkey);
	}
}

/* The people and their roles. */
static void
people_from_board(struct tv_template *t, const struct tv_board_data *data)
{
	t->npeople = data->npeople;
	t->people = tv_xcalloc(data->npeople + 1, sizeof *t->people);
	for (size_t i = 0; i < data->npeople; i++) {
		const struct tv_person *s = &data->people[i];
		struct tv_person *p = &t->people[i];
		p->name = tv_xstrdup(s->name ? s->name : "");
		p->email = tpl_dup_opt(s->email);
		p->role = s->role;
		p->area = s->area;
	}
}

enum tv_status
tv_template_from_board(const struct tv_board_data *data, struct tv_template **out)
{
	struct tv_template *t = tv_xcalloc(1, sizeof *t);
	int32_t base = data->board.start;
	t->name = tpl_dup_opt(data->board.name);
	t->version = data->board.template_version;
	phases_from_board(t, data, base);
	packages_from_board(t, data, base);
	meetings_from_board(t, data, base);
	decisions_from_board(t, data, base);
	people_from_board(t, data);
	*out = t;
	return TV_OK;
}
