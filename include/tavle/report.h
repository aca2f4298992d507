/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The facts of a status report (issue 19): what a project owner or a steering group
 * is told about one board on one day. tv_report_status gathers them from a board
 * snapshot and the history entries since a day (which the caller reads through the
 * store's history API): per area packages done/total and minimum requirements met/
 * total, overdue packages and tasks with how late, blocked packages with the reason,
 * pending and overdue management decisions, what changed since the day summarised
 * per package, the deadlines and meetings of the next 30 days and the plan warnings.
 * The facts are meant for every report format: the weekly status text here
 * (tv_report_status_text), `tavle report status --json` and the HTML one-page plan.
 * Pure functions: no curses, no SQL, no libical; records are borrowed from the
 * snapshot and valid while it is.
 */
#ifndef TAVLE_REPORT_H
#define TAVLE_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tavle/model.h"
#include "tavle/plan.h"

/* How far ahead the report looks for deadlines and meetings. */
#define TV_REPORT_DAYS_AHEAD 30
/* The default look back of `tavle report status` and the board's R key. */
#define TV_REPORT_DAYS_BACK 7

/* One implementation area. */
struct tv_report_area {
	enum tv_area area;
	int packages_done, packages_total;
	int minimum_done, minimum_total;   /* tasks flagged minimum (tv_plan_package_tasks) */
	int overdue;                       /* overdue packages and tasks of the area */
};

/* One overdue item: a package (task NULL) or a task of it. */
struct tv_report_late {
	const struct tv_package *pkg;
	const struct tv_task *task;        /* NULL: the package itself */
	int32_t due;                       /* its deadline's day */
	int days_late;                     /* today - due, >= 1 */
};

/* One open management decision (pending); `overdue` when its due day has passed. */
struct tv_report_decision {
	const struct tv_decision *decision;
	bool overdue;                      /* tv_plan_decision_overdue */
	int days_late;                     /* 0 unless overdue */
};

/* What happened to one package since the report's day, summed from the history:
 * the first old and last new value of the status, deadline and owner (only when they
 * differ), and counts of the rest. */
struct tv_report_change {
	int64_t package_id;
	const struct tv_package *pkg;      /* NULL when the package has been removed */
	bool added, removed;               /* the package itself was added / removed */
	char *status_from, *status_to;     /* status keys ("todo"), or NULL: unchanged */
	char *deadline_from, *deadline_to; /* stored dates ("2027-04-28"; "" none), or NULL */
	char *owner_from, *owner_to;       /* owner text ("" none), or NULL: unchanged */
	int tasks_done;                    /* tasks ticked done (net of unticked) */
	int tasks_reopened;                /* tasks unticked (net) */
	int tasks_added, tasks_removed;
	int comments;                      /* comments added */
	int other_edits;                   /* other field edits of the package or its tasks */
	int entries;                       /* history rows summed up here */
	char *last_at;                     /* the newest row's UTC time */
};

struct tv_report {
	int32_t today;                     /* the report's day */
	int32_t since;                     /* changes from this day on */
	struct tv_report_area areas[TV_AREA_COUNT];  /* in table order (org, kom, data, udd) */
	int packages_done, packages_total; /* the whole board */
	int minimum_done, minimum_total;
	struct tv_report_late *overdue;   size_t noverdue;    /* oldest first */
	const struct tv_package **blocked; size_t nblocked;   /* board order */
	struct tv_report_decision *decisions; size_t ndecisions; /* open ones: overdue first
	                                   * (oldest first), then by due day, none last */
	struct tv_report_change *changes; size_t nchanges;    /* by package number; removed
	                                   * packages last */
	int other_changes[TV_KIND_COUNT];  /* history rows not about a package, by kind */
	struct tv_agenda_item *upcoming;  size_t nupcoming;   /* tv_plan_agenda's items from
	                                   * today on (not the overdue ones) */
	struct tv_plan_warning *warnings; size_t nwarnings;   /* tv_plan_warnings */
};

/*
 * Gather the facts of board `d` on `today`, with the history rows h[0..nh) (oldest
 * first, as tv_store_history returns them; rows before `since` are skipped, so the
 * whole history may be passed). Never fails (out of memory aborts). Free with
 * tv_report_free; the report borrows from `d`, and copies what it keeps of `h`.
 */
void tv_report_status(const struct tv_board_data *d, const struct tv_history *h, size_t nh,
	int32_t today, int32_t since, struct tv_report *out);
void tv_report_free(struct tv_report *r);

/*
 * The weekly status as Markdown-flavoured plain text in the interface language
 * (headings "#"/"##", bullet lists; area and status names Danish under a C locale as
 * elsewhere): no line wider than 80 display columns, text from the database
 * sanitised (no control or bidi characters). Caller frees.
 */
char *tv_report_status_text(const struct tv_board_data *d, const struct tv_report *r);

/* The change of package c as one line ("status Ikke startet → I gang; 2 tasks done;
 * 1 comment"), without the package's number and title. Caller frees. */
char *tv_report_change_text(const struct tv_report_change *c);

#endif
