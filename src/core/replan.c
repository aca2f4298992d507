/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Re-planning arithmetic (tavle/replan.h): from the template's offsets and a start day
 * to the days the dates that follow the template move to, on Danish working days, and
 * the counts a preview shows. Pure: the store reads and writes, this only computes.
 * Must not depend on curses, SQLite or libical.
 */
#include "tavle/replan.h"

#include <string.h>

#include "tavle/date.h"
#include "tavle/holidays.h"

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
