/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Re-planning arithmetic (tavle/replan.h): from the template's offsets and a start day
 * to the days the dates that follow the template move to, on Danish working days, the
 * counts a preview shows and the preview's words (shared by the CLI's --dry-run and the
 * board's question before a start moves). Pure: the store reads and writes, this only
 * computes. Must not depend on curses, SQLite or libical.
 */
#include "tavle/replan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tavle/date.h"
#include "tavle/fields.h"
#include "tavle/holidays.h"
#include "tavle/i18n.h"
#include "tavle/store.h"
#include "tavle/text.h"

/* At most this many hand-set dates are named in a preview; the rest are counted. */
#define KEPT_NAMED 10

bool
tv_replan_later(enum tv_kind kind, const char *field)
{
	/* A phase is a window: it begins no earlier than the template says (so it never
	 * reaches back into the previous phase, which ends on the working day before its
	 * own last day, nor before its not-before day) and ends no later. */
	if (kind == TV_KIND_PHASE)
		return strcmp(field, "start") == 0 || strcmp(field, "not_before") == 0;
	return kind == TV_KIND_MEETING;
}

int32_t
tv_replan_day(int32_t start, int32_t offset, bool later)
{
	if (start == TV_NO_DAY)
		return TV_NO_DAY;
	int32_t d = start + offset;
	/* Deadlines go earlier (a deadline on a Sunday is met on the Friday); meetings go
	 * later, so nobody is invited to a day earlier than the one announced. */
	return later ? tv_working_day_after(d) : tv_working_day_before(d);
}

void
tv_replan_compute(struct tv_replan_item *items, size_t n, int32_t start, int32_t shift,
	struct tv_replan_summary *out)
{
	struct tv_replan_summary s = { 0 };
	for (size_t i = 0; i < n; i++) {
		struct tv_replan_item *it = &items[i];
		it->new_day = it->day;
		it->new_offset = it->offset;
		if (!it->has_offset) {
			if (it->day != TV_NO_DAY)
				s.kept++;
			continue;
		}
		it->new_offset = it->offset + shift;
		it->new_day = tv_replan_day(start, it->new_offset, it->later);
		if (it->new_day == it->day) {
			s.same++;
			continue;
		}
		if (s.moved == 0 || it->new_day < items[s.first].new_day)
			s.first = i;
		if (s.moved == 0 || it->new_day >= items[s.last].new_day)
			s.last = i;
		s.moved++;
	}
	*out = s;
}

/* "package 3 Title, deadline" / "meeting Title, start": which date of what. */
static char *
describe(const struct tv_replan_date *d)
{
	const char *t = d->title ? d->title : "";
	char *title = tv_text_sanitize(t, strlen(t), 0);
	char *cut = tv_text_ellipsize(title, 40);
	char what[64];
	if (d->kind == TV_KIND_PACKAGE)
		snprintf(what, sizeof what, _("package %d"), d->number);
	else if (d->kind == TV_KIND_TASK)
		snprintf(what, sizeof what, _("task of package %d"), d->number);
	else
		snprintf(what, sizeof what, "%s", tv_kind_word(d->kind));
	char *s = tv_xasprintf("%s %s, %s", what, cut, tv_field_shown(d->kind, d->field));
	free(title);
	free(cut);
	return s;
}

static void
day_text(int32_t day, char buf[TV_DATE_BUF])
{
	if (day == TV_NO_DAY)
		snprintf(buf, TV_DATE_BUF, "-");
	else
		tv_date_format(day, buf);
}

static char *
change_line(const char *label, const struct tv_replan_date *d)
{
	char *w = describe(d);
	char a[TV_DATE_BUF], b[TV_DATE_BUF];
	day_text(d->old_day, a);
	day_text(d->new_day, b);
	char *line = tv_xasprintf("  %s %s: %s -> %s", label, w, a, b);
	free(w);
	return line;
}

size_t
tv_replan_preview_lines(const struct tv_replan_plan *p, char ***out)
{
	size_t n = 0;
	char **v = tv_xcalloc(4 + KEPT_NAMED, sizeof *v);
	char a[TV_DATE_BUF], b[TV_DATE_BUF];
	day_text(p->old_start, a);
	day_text(p->new_start, b);
	char *moves = tv_xasprintf(ngettext(
		"Moving the start from %s to %s moves %zu date that follows the template",
		"Moving the start from %s to %s moves %zu dates that follow the template",
		(unsigned long)p->nmoved), a, b, p->nmoved);
	char *kept = tv_xasprintf(ngettext("; %zu hand-set date is kept.",
		"; %zu hand-set dates are kept.", (unsigned long)p->nkept), p->nkept);
	v[n++] = tv_xasprintf("%s%s", moves, kept);
	free(moves);
	free(kept);
	if (p->nmoved) {
		v[n++] = change_line(_("first change:"), &p->moved[0]);
		v[n++] = change_line(_("last change:"), &p->moved[p->nmoved - 1]);
	}
	for (size_t i = 0; i < p->nkept && i < KEPT_NAMED; i++) {
		char *w = describe(&p->kept[i]);
		day_text(p->kept[i].old_day, a);
		v[n++] = tv_xasprintf("  %s %s %s", _("kept (hand-set):"), w, a);
		free(w);
	}
	if (p->nkept > KEPT_NAMED)
		v[n++] = tv_xasprintf(_("  and %zu more hand-set dates"), p->nkept - KEPT_NAMED);
	*out = v;
	return n;
}
