/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Planning computations over one board snapshot, shared by the CLI (`tavle check`,
 * `tavle phases`, `tavle agenda`) and the TUI (board marker, timeline, agenda view):
 * the phase warnings, progress per phase and the agenda (overdue items first, then
 * deadlines and meetings of the next N days, each tagged with its ISO week).
 * Pure functions of a struct tv_board_data and a day; results point into the snapshot
 * (borrowed) and are valid while it is. Must not depend on curses, SQLite or libical.
 */
#ifndef TAVLE_PLAN_H
#define TAVLE_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "tavle/model.h"

/* Dates on weekends and holidays (tavle/holidays.h) are not plan warnings (decided for
 * issue 18): a person is told when setting one (tv_holiday_note), and a template date
 * lands on such a day only until re-planning moves template dates to working days
 * (tv_working_day_before). As warnings they would fill the title line and `tavle
 * check` of every board seeded from today's template with dates nobody chose. `tavle
 * holidays` and the timeline's week zoom show the days. */
enum tv_plan_warning_kind {
	TV_WARN_NOT_BEFORE,      /* the phase starts before its not-before day */
	TV_WARN_OUTSIDE_PHASE,   /* a package deadline lies outside its phase's window */
	TV_WARN_OVERLAP,         /* the phase ends on or after the day the next one starts */
	TV_WARN_AFTER,           /* a package is due before a package it comes after */
};

struct tv_plan_warning {
	enum tv_plan_warning_kind kind;
	const struct tv_phase *phase;     /* the phase concerned */
	const struct tv_phase *next;      /* TV_WARN_OVERLAP: the following phase */
	const struct tv_package *package; /* TV_WARN_OUTSIDE_PHASE, TV_WARN_AFTER: the package */
	char *text;                       /* one sentence in the interface language */
	const struct tv_package *before;  /* TV_WARN_AFTER: the package it comes after */
};

/*
 * Every warning of the board's plan, in phase order (phases by position; "the next
 * one" is the next phase by position), then the packages due before a package they
 * come after (their "after" list; by board order). Caller frees with tv_plan_warnings_free.
 * Returns the count; *out is NULL when there are none.
 */
size_t tv_plan_warnings(const struct tv_board_data *d, struct tv_plan_warning **out);
void tv_plan_warnings_free(struct tv_plan_warning *w, size_t n);

/* Does `phase_id` have at least one warning in w[0..n)? (phase or its packages) */
bool tv_plan_phase_warned(const struct tv_plan_warning *w, size_t n, int64_t phase_id);

/* Packages of a phase: done and total. */
void tv_plan_phase_progress(const struct tv_board_data *d, int64_t phase_id, int *out_done,
	int *out_total);

/*
 * What is overdue: the one rule behind the board's column headers and cards, both
 * agendas (TUI and `tavle agenda`), the decisions view and `tavle boards`.
 * An item is overdue on `today` when its date is a day before today and it is not done:
 *  - a package: deadline before today, status not done (tv_package_overdue);
 *  - a task: deadline before today, not ticked done (also in a finished package: the
 *    agenda lists it until it is ticked);
 *  - a management decision: due before today and still open (a decided or postponed
 *    decision is not overdue).
 * An item without a date is never overdue; a done item never is.
 */
bool tv_plan_task_overdue(const struct tv_task *t, int32_t today);
bool tv_plan_decision_overdue(const struct tv_decision *x, int32_t today);

/* Overdue items of one package: the package itself (0 or 1) plus its overdue tasks. */
int tv_plan_package_overdue(const struct tv_package *p, int32_t today);

/*
 * Overdue items of the board: packages, tasks and decisions as above. `area` is an
 * enum tv_area to count only that area's packages (with their tasks) and decisions,
 * or -1 for all (decisions without an area count only then). With area -1 this is the
 * number of items tv_plan_agenda marks overdue.
 */
int tv_plan_overdue_count(const struct tv_board_data *d, int32_t today, int area);

/* What a card shows of its tasks: overdue ones, done and total, and the minimum
 * requirements (tasks flagged minimum): not yet done, done and all of them. */
struct tv_plan_tasks {
	int overdue, done, total, open_minimum;
	int minimum_done, minimum_total;
};
void tv_plan_package_tasks(const struct tv_package *p, int32_t today, struct tv_plan_tasks *out);

/* One minimum requirement (a task flagged minimum) of a board, borrowed from the
 * board data it was listed from. */
struct tv_plan_minimum {
	const struct tv_package *pkg;
	const struct tv_task *task;
	bool overdue;                 /* tv_plan_task_overdue */
};

/*
 * The board's minimum requirements in board order (area, then the packages' order,
 * then task position); with `open_only` only those not done. Caller frees *out with
 * free(); returns the count (*out NULL when 0). The items point into `d`.
 */
size_t tv_plan_minimum_list(const struct tv_board_data *d, int32_t today, bool open_only,
	struct tv_plan_minimum **out);

/* Minimum requirements of the whole board: done and all. */
void tv_plan_minimum_count(const struct tv_board_data *d, int *done, int *total);

enum tv_agenda_type { TV_AGENDA_PACKAGE, TV_AGENDA_TASK, TV_AGENDA_MEETING,
	TV_AGENDA_DECISION };

struct tv_agenda_item {
	enum tv_agenda_type type;
	struct tv_when when;          /* deadline, or the meeting's start */
	bool overdue;                 /* a deadline before today, not done */
	int week, week_year;          /* ISO week of `when` */
	const struct tv_package *pkg; /* package, or the task's package; NULL for meetings */
	const struct tv_task *task;
	const struct tv_meeting *meeting;
	const struct tv_decision *decision;  /* TV_AGENDA_DECISION; pkg is NULL */
};

/*
 * The agenda on `today` for `days` days ahead: overdue package and task deadlines and
 * open decisions past due first, oldest first (tv_plan_task_overdue and friends); then
 * package and task deadlines, open decisions' due days and meetings from today
 * up to today + days - 1, by day and time (all-day before timed; packages before tasks
 * before meetings before decisions on a tie). Callers group by (week_year, week). Caller frees *out with
 * free(); returns the count (*out NULL when 0). `days` < 0 counts as 0.
 */
size_t tv_plan_agenda(const struct tv_board_data *d, int32_t today, int days,
	struct tv_agenda_item **out);

#endif
