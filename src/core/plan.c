/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Planning computations over a board snapshot: phase warnings, phase progress, what is
 * overdue (packages, tasks, decisions) and the agenda. One implementation for the CLI and the TUI, so `tavle check`, the board's
 * warning marker, the timeline and both agendas cannot disagree.
 * Depends on the model and dates only; never on curses, SQLite or libical.
 */
#include <stdlib.h>
#include <string.h>

#include "tavle/datefmt.h"
#include "tavle/i18n.h"
#include "tavle/plan.h"
#include "tavle/status.h"

static void
push_warning(struct tv_plan_warning **w, size_t *n, size_t *cap, struct tv_plan_warning x)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		*w = tv_xrealloc(*w, *cap * sizeof **w);
	}
	(*w)[(*n)++] = x;
}

/* Is `a` earlier than `b`? A day without a time counts as its start. */
static bool
when_before(struct tv_when a, struct tv_when b)
{
	int am = a.minute == TV_NO_TIME ? 0 : a.minute, bm = b.minute == TV_NO_TIME ? 0 : b.minute;
	return a.day < b.day || (a.day == b.day && am < bm);
}

size_t
tv_plan_warnings(const struct tv_board_data *d, struct tv_plan_warning **out)
{
	struct tv_plan_warning *w = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < d->nphases; i++) {
		const struct tv_phase *ph = &d->phases[i];
		char s[TV_DATE_SHOW_BUF], e[TV_DATE_SHOW_BUF], x[TV_DATE_SHOW_BUF];
		tv_date_show(ph->start, TV_DATES_AUTO, 0, s, sizeof s);
		tv_date_show(ph->end, TV_DATES_AUTO, 0, e, sizeof e);
		if (ph->not_before != TV_NO_DAY && ph->start != TV_NO_DAY &&
				ph->start < ph->not_before) {
			tv_date_show(ph->not_before, TV_DATES_AUTO, 0, x, sizeof x);
			struct tv_plan_warning y = { TV_WARN_NOT_BEFORE, ph, NULL, NULL, NULL };
			y.text = tv_xasprintf(_("phase \"%s\" starts %s, before its not-before day %s%s%s"),
				ph->name ? ph->name : "", s, x,
				ph->not_before_reason && *ph->not_before_reason ? " (" : "",
				ph->not_before_reason && *ph->not_before_reason ? ph->not_before_reason : "");
			if (ph->not_before_reason && *ph->not_before_reason) {
				char *t = tv_xasprintf("%s)", y.text);
				free(y.text);
				y.text = t;
			}
			push_warning(&w, &n, &cap, y);
		}
		for (size_t k = 0; k < d->npackages; k++) {
			const struct tv_package *p = &d->packages[k];
			if (p->phase_id != ph->id || p->deadline.day == TV_NO_DAY)
				continue;
			if ((ph->start != TV_NO_DAY && p->deadline.day < ph->start) ||
					(ph->end != TV_NO_DAY && p->deadline.day > ph->end)) {
				tv_date_show(p->deadline.day, TV_DATES_AUTO, 0, x, sizeof x);
				struct tv_plan_warning y = { TV_WARN_OUTSIDE_PHASE, ph, NULL, p, NULL };
				y.text = tv_xasprintf(_("package %d \"%s\" is due %s, outside its phase "
					"\"%s\" (%s..%s)"), p->number, p->title ? p->title : "", x,
					ph->name ? ph->name : "", s, e);
				push_warning(&w, &n, &cap, y);
			}
		}
		if (i + 1 < d->nphases) {
			const struct tv_phase *nx = &d->phases[i + 1];
			if (ph->end != TV_NO_DAY && nx->start != TV_NO_DAY && ph->end >= nx->start) {
				tv_date_show(nx->start, TV_DATES_AUTO, 0, x, sizeof x);
				struct tv_plan_warning y = { TV_WARN_OVERLAP, ph, nx, NULL, NULL };
				y.text = tv_xasprintf(_("phase \"%s\" ends %s, after the next phase "
					"\"%s\" starts %s"), ph->name ? ph->name : "", e,
					nx->name ? nx->name : "", x);
				push_warning(&w, &n, &cap, y);
			}
		}
	}
	/* Dependencies: a package should not be due before one it comes after. */
	for (size_t k = 0; k < d->npackages; k++) {
		const struct tv_package *p = &d->packages[k];
		int after[64];
		int na = tv_package_after(p->after, after, 64);
		if (p->deadline.day == TV_NO_DAY || na <= 0)
			continue;
		for (int i = 0; i < na && i < 64; i++) {
			const struct tv_package *q = tv_board_data_package(d, after[i]);
			if (!q || q->deadline.day == TV_NO_DAY || !when_before(p->deadline, q->deadline))
				continue;
			char x[TV_DATE_SHOW_BUF], y[TV_DATE_SHOW_BUF];
			tv_date_show(p->deadline.day, TV_DATES_AUTO, 0, x, sizeof x);
			tv_date_show(q->deadline.day, TV_DATES_AUTO, 0, y, sizeof y);
			struct tv_plan_warning z = { TV_WARN_AFTER, NULL, NULL, p, NULL, q };
			z.text = tv_xasprintf(_("package %d \"%s\" is due %s, before package %d \"%s\" "
				"(due %s), which it comes after"), p->number, p->title ? p->title : "", x,
				q->number, q->title ? q->title : "", y);
			push_warning(&w, &n, &cap, z);
		}
	}
	*out = w;
	return n;
}

void
tv_plan_warnings_free(struct tv_plan_warning *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(w[i].text);
	free(w);
}

bool
tv_plan_phase_warned(const struct tv_plan_warning *w, size_t n, int64_t phase_id)
{
	for (size_t i = 0; i < n; i++)
		if (w[i].phase && w[i].phase->id == phase_id)
			return true;
	return false;
}

void
tv_plan_phase_progress(const struct tv_board_data *d, int64_t phase_id, int *out_done,
	int *out_total)
{
	int done = 0, total = 0;
	for (size_t i = 0; i < d->npackages; i++) {
		if (d->packages[i].phase_id != phase_id)
			continue;
		total++;
		if (d->packages[i].status == TV_DONE)
			done++;
	}
	*out_done = done;
	*out_total = total;
}

bool
tv_plan_task_overdue(const struct tv_task *t, int32_t today)
{
	return !t->done && t->deadline.day != TV_NO_DAY && t->deadline.day < today;
}

bool
tv_plan_decision_overdue(const struct tv_decision *x, int32_t today)
{
	return x->status == TV_DEC_OPEN && x->due != TV_NO_DAY && x->due < today;
}

int
tv_plan_package_overdue(const struct tv_package *p, int32_t today)
{
	int n = tv_package_overdue(p, today) ? 1 : 0;
	for (size_t k = 0; k < p->ntasks; k++)
		n += tv_plan_task_overdue(&p->tasks[k], today);
	return n;
}

int
tv_plan_overdue_count(const struct tv_board_data *d, int32_t today, int area)
{
	int n = 0;
	for (size_t i = 0; i < d->npackages; i++)
		if (area < 0 || (int)d->packages[i].area == area)
			n += tv_plan_package_overdue(&d->packages[i], today);
	for (size_t i = 0; i < d->ndecisions; i++)
		if ((area < 0 || d->decisions[i].area == area) &&
				tv_plan_decision_overdue(&d->decisions[i], today))
			n++;
	return n;
}

void
tv_plan_package_tasks(const struct tv_package *p, int32_t today, struct tv_plan_tasks *out)
{
	struct tv_plan_tasks r = { 0 };
	for (size_t k = 0; k < p->ntasks; k++) {
		const struct tv_task *t = &p->tasks[k];
		r.total++;
		r.done += t->done;
		r.overdue += tv_plan_task_overdue(t, today);
		r.open_minimum += t->minimum && !t->done;
		r.minimum_total += t->minimum;
		r.minimum_done += t->minimum && t->done;
	}
	*out = r;
}

size_t
tv_plan_minimum_list(const struct tv_board_data *d, int32_t today, bool open_only,
	struct tv_plan_minimum **out)
{
	size_t n = 0;
	*out = NULL;
	/* Two passes: count, then fill (no reallocation, the order is the board's). */
	for (int pass = 0; pass < 2; pass++) {
		size_t k = 0;
		for (size_t i = 0; i < d->npackages; i++) {
			const struct tv_package *p = &d->packages[i];
			for (size_t j = 0; j < p->ntasks; j++) {
				const struct tv_task *t = &p->tasks[j];
				if (!t->minimum || (open_only && t->done))
					continue;
				if (pass == 1)
					(*out)[k] = (struct tv_plan_minimum){ p, t,
						tv_plan_task_overdue(t, today) };
				k++;
			}
		}
		if (pass == 0) {
			n = k;
			if (n == 0)
				return 0;
			*out = tv_xcalloc(n, sizeof **out);
		}
	}
	return n;
}

void
tv_plan_minimum_count(const struct tv_board_data *d, int *done, int *total)
{
	*done = *total = 0;
	for (size_t i = 0; i < d->npackages; i++)
		for (size_t j = 0; j < d->packages[i].ntasks; j++) {
			const struct tv_task *t = &d->packages[i].tasks[j];
			*total += t->minimum;
			*done += t->minimum && t->done;
		}
}

static int64_t
item_id(const struct tv_agenda_item *it)
{
	return it->task ? it->task->id : it->meeting ? it->meeting->id
		: it->decision ? it->decision->id : 0;
}

static int
item_cmp(const void *pa, const void *pb)
{
	const struct tv_agenda_item *a = pa, *b = pb;
	if (a->overdue != b->overdue)
		return a->overdue ? -1 : 1;
	if (a->when.day != b->when.day)
		return a->when.day < b->when.day ? -1 : 1;
	int am = a->when.minute == TV_NO_TIME ? -1 : a->when.minute;
	int bm = b->when.minute == TV_NO_TIME ? -1 : b->when.minute;
	if (am != bm)
		return am < bm ? -1 : 1;
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	/* Stable for equal keys: by package number, then record id. */
	int an = a->pkg ? a->pkg->number : 0, bn = b->pkg ? b->pkg->number : 0;
	if (an != bn)
		return an < bn ? -1 : 1;
	int64_t ai = item_id(a), bi = item_id(b);
	return ai < bi ? -1 : ai > bi;
}

static void
push_item(struct tv_agenda_item **v, size_t *n, size_t *cap, struct tv_agenda_item it)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		*v = tv_xrealloc(*v, *cap * sizeof **v);
	}
	it.week = tv_date_iso_week(it.when.day, &it.week_year);
	(*v)[(*n)++] = it;
}

size_t
tv_plan_agenda(const struct tv_board_data *d, int32_t today, int days,
	struct tv_agenda_item **out)
{
	if (days < 0)
		days = 0;
	int32_t last = today + days;   /* exclusive */
	struct tv_agenda_item *v = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < d->npackages; i++) {
		const struct tv_package *p = &d->packages[i];
		int32_t day = p->deadline.day;
		if (day != TV_NO_DAY && p->status != TV_DONE && day < last) {
			struct tv_agenda_item it = { TV_AGENDA_PACKAGE, p->deadline,
				tv_package_overdue(p, today), 0, 0, p, NULL, NULL, NULL };
			push_item(&v, &n, &cap, it);
		}
		for (size_t k = 0; k < p->ntasks; k++) {
			const struct tv_task *t = &p->tasks[k];
			if (t->deadline.day == TV_NO_DAY || t->done || t->deadline.day >= last)
				continue;
			struct tv_agenda_item it = { TV_AGENDA_TASK, t->deadline,
				tv_plan_task_overdue(t, today), 0, 0, p, t, NULL, NULL };
			push_item(&v, &n, &cap, it);
		}
	}
	for (size_t i = 0; i < d->nmeetings; i++) {
		const struct tv_meeting *m = &d->meetings[i];
		if (m->start.day == TV_NO_DAY || m->start.day < today || m->start.day >= last)
			continue;
		struct tv_agenda_item it = { TV_AGENDA_MEETING, m->start, false, 0, 0, NULL, NULL,
			m, NULL };
		push_item(&v, &n, &cap, it);
	}
	/* Open decisions with a due day (decided and postponed ones are settled for now). */
	for (size_t i = 0; i < d->ndecisions; i++) {
		const struct tv_decision *x = &d->decisions[i];
		if (x->status != TV_DEC_OPEN || x->due == TV_NO_DAY || x->due >= last)
			continue;
		struct tv_agenda_item it = { TV_AGENDA_DECISION, { x->due, TV_NO_TIME },
			tv_plan_decision_overdue(x, today), 0, 0, NULL, NULL, NULL, x };
		push_item(&v, &n, &cap, it);
	}
	if (n)
		qsort(v, n, sizeof *v, item_cmp);
	*out = v;
	return n;
}
