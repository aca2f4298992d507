/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Re-planning arithmetic (issue 18): where a date that follows the template lands when
 * the programme's start (or a phase's start) moves. A date follows the template while
 * it keeps the template's offset in days from the board's start; a person's edit
 * clears the offset ("hand-set") and such a date never moves. A computed date that
 * falls on a weekend or a Danish holiday (tavle/holidays.h) goes to the working day
 * before; a meeting's and a phase's start to the working day after, so an info meeting
 * is never held earlier than announced (tv_replan_later). A board seeded from a
 * template gets the same days (tv_template_instantiate). The offset kept is the
 * template's, so moving the start again recomputes from it. Pure: no SQL, no curses,
 * no libical; the store reads the rows and writes the result (tv_store_set of a
 * board's or a phase's start, tv_store_replan_preview).
 */
#ifndef TAVLE_REPLAN_H
#define TAVLE_REPLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tavle/model.h"

/* One date of the board as the re-planning sees it. */
struct tv_replan_item {
	enum tv_kind kind;   /* package, task, phase, meeting or decision */
	int64_t id;
	const char *field;   /* "deadline", "start", "end", "due"; static, borrowed */
	int32_t day;         /* the date now, TV_NO_DAY for none */
	bool has_offset;     /* follows the template (false: hand-set or no template) */
	int32_t offset;      /* days from the board's start, when has_offset */
	bool later;          /* meetings: a non-working day goes to the day after */
	/* Filled by tv_replan_compute: */
	int32_t new_day;     /* where it goes (== day when it stays) */
	int32_t new_offset;  /* the offset it keeps (offset + shift) */
};

/* What a re-planning does, for the preview. */
struct tv_replan_summary {
	size_t moved;        /* dates that change */
	size_t kept;         /* hand-set dates left alone */
	size_t same;         /* following the template, already where they belong */
	size_t first, last;  /* indexes of the moved items with the earliest and latest
	                      * new day (valid when moved > 0) */
};

/*
 * Which way a computed date of `field` ("deadline", "start", ...) of a `kind` leaves a
 * weekend or holiday: true for the working day after (a meeting's start and end: nobody
 * is invited to a day earlier than announced; a phase's start and not-before day: a
 * window opens no earlier than planned, so it never overlaps the phase before), false
 * for the day before (deadlines, due dates and a phase's end: met on the Friday). The
 * one rule of seeding (tv_template_instantiate) and re-planning (the store's
 * tv_store_replan_preview and start moves).
 */
bool tv_replan_later(enum tv_kind kind, const char *field);

/*
 * The day a template offset gives from `start`: start + offset, moved off a weekend or
 * holiday to the working day before (or after, when `later`). TV_NO_DAY for a start
 * of TV_NO_DAY.
 */
int32_t tv_replan_day(int32_t start, int32_t offset, bool later);

/*
 * Compute every item's new day for a board whose start is `start`, the template's
 * offsets shifted by `shift` days (0 when the programme start moves; the phase's move
 * when a phase's start moves). Items without an offset keep their day (counted as kept
 * when they have a date). Fills new_day and new_offset and *out.
 */
void tv_replan_compute(struct tv_replan_item *items, size_t n, int32_t start, int32_t shift,
	struct tv_replan_summary *out);

struct tv_replan_plan;  /* tavle/store.h: what tv_store_replan_preview found */

/*
 * The preview of a re-planning `p` in words, one line each, in the interface language:
 * how many dates move and how many hand-set ones are kept, then (indented) the first
 * and last change, up to ten kept dates and the count of the rest. The same lines
 * `tavle set board NAME start DATE --dry-run` prints and the board asks about before
 * a start moves. Titles are sanitised (no control characters) and cut to 40 columns;
 * dates are ISO 8601. Returns the number of lines; *out is the caller's to free with
 * tv_strv_free(*out, n).
 */
size_t tv_replan_preview_lines(const struct tv_replan_plan *p, char ***out);

#endif
