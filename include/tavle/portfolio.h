/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The portfolio: how the template packages (numbers 0-9) stand across every board of
 * the database, as the central agency's coordinator asks it. Per package number:
 * authorities by status or by phase, how many are overdue or blocked, the median days
 * late and the authorities concerned; and the authorities x packages matrix. Also the
 * per-board summary of `tavle boards` and the board switcher (progress, overdue).
 * Everything is aggregated by SQL in the store (src/core/store/portfolio.c) with index seeks per
 * board, never by loading boards; this header only names the results. No SQLite,
 * curses or libical type appears here. Archived boards are never counted.
 */
#ifndef TAVLE_PORTFOLIO_H
#define TAVLE_PORTFOLIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tavle/model.h"
#include "tavle/status.h"

struct tv_store;

/* Template package numbers are 0..TV_PORTFOLIO_NUMBERS-1; others are left out. */
#define TV_PORTFOLIO_NUMBERS 10

/* Which boards and packages count. sector/area -1 = all. `today` decides lateness: a
 * package is overdue when it is not done and its deadline day is before today. */
struct tv_portfolio_filter {
	int sector;            /* enum tv_sector, or -1 */
	int area;              /* enum tv_area, or -1: only packages of this area */
	int32_t today;
};

/* One authority (board) concerned by a package: overdue or blocked on it. */
struct tv_portfolio_authority {
	int64_t board_id;
	char *board;           /* board name */
	char *authority;       /* may be NULL */
	enum tv_sector sector;
	int64_t package_id;
	enum tv_pstatus status;
	int32_t days_late;     /* > 0 when overdue, else 0 */
};

/* One template package number across the boards. */
struct tv_portfolio_row {
	int number;
	char *title;           /* the title most boards give it (ties: the smallest) */
	enum tv_area area;     /* the area most boards give it */
	int64_t total;         /* authorities that have the package */
	int64_t by_status[TV_PSTATUS_COUNT];
	int64_t *by_phase;     /* [nphases + 1] of the portfolio; the last: no phase */
	int64_t overdue;       /* authorities overdue on it */
	int64_t blocked;       /* authorities with it blocked */
	double median_days_late; /* over the overdue ones; 0 when none is */
	/* Overdue or blocked authorities, most days late first, then by board name. */
	struct tv_portfolio_authority *authorities;
	size_t nauthorities;
};

struct tv_portfolio {
	struct tv_portfolio_filter filter;
	int64_t boards;        /* boards counted (non-archived, sector filter) */
	char **phases;         /* phase names across boards, in template order */
	size_t nphases;
	struct tv_portfolio_row *rows; /* by number; only numbers some board has */
	size_t nrows;
};

/*
 * The portfolio of the database under `filter`. Cost: index seeks per board on
 * (board_id, number); never a read of package text sections. Caller frees with
 * tv_portfolio_free. Errors: store errors (message in tv_store_errmsg).
 */
enum tv_status tv_store_portfolio(struct tv_store *store,
	const struct tv_portfolio_filter *filter, struct tv_portfolio **out);
void tv_portfolio_free(struct tv_portfolio *p);

/* The row of package `number`, or NULL. Borrowed. */
const struct tv_portfolio_row *tv_portfolio_row(const struct tv_portfolio *p, int number);

/*
 * A median number of days late as text in `buf` (of `size` bytes, truncated to fit): a whole
 * number without decimals ("3"), otherwise one decimal ("2.5"), followed by `unit` (may be "",
 * e.g. "d" for the board's compact column). The CLI and the TUI write medians this way.
 */
void tv_portfolio_median_format(double median, const char *unit, char *buf, size_t size);

/* Status glyphs of the matrix, readable without colour. */
#define TV_GLYPH_NONE ' '     /* the board has no such package (or the area filter) */
#define TV_GLYPH_TODO '.'
#define TV_GLYPH_DOING '>'
#define TV_GLYPH_BLOCKED '!'
#define TV_GLYPH_DONE 'x'
#define TV_GLYPH_LATE 'L'     /* overdue (not done, deadline passed); wins over todo/doing */

/* One board's line of the authorities x packages matrix. */
struct tv_portfolio_board {
	int64_t board_id;
	char *board;
	char *authority;
	char *cvr;             /* the board's CVR number, or NULL */
	enum tv_sector sector;
	char glyph[TV_PORTFOLIO_NUMBERS];      /* TV_GLYPH_*; blocked wins over late */
	int32_t days_late[TV_PORTFOLIO_NUMBERS];
	int64_t late_sum;      /* sum of days late over its template packages */
	int overdue;           /* overdue template packages */
	int done, total;       /* template packages done / present */
	int min_done, min_total; /* their minimum requirements (tasks flagged minimum):
	                          * done / all */
};

enum tv_portfolio_order {
	TV_PORTFOLIO_BY_NAME,  /* board name */
	TV_PORTFOLIO_BY_LATENESS, /* late_sum descending, then overdue count, then name */
};

/* The matrix under `filter`, one line per board. Caller frees each with
 * tv_portfolio_board_clear and the array with free(). */
enum tv_status tv_store_portfolio_matrix(struct tv_store *store,
	const struct tv_portfolio_filter *filter, enum tv_portfolio_order order,
	struct tv_portfolio_board **out, size_t *out_count);
void tv_portfolio_board_clear(struct tv_portfolio_board *b);
/* Sort a matrix again (in place). */
void tv_portfolio_sort(struct tv_portfolio_board *v, size_t n, enum tv_portfolio_order order);

/* A board with its progress, for `tavle boards` and the board switcher. */
struct tv_board_summary {
	struct tv_board board;
	int64_t packages;      /* all packages of the board */
	int64_t done;
	int64_t overdue;       /* overdue items as tv_plan_overdue_count counts them: packages,
	                        * open tasks and open decisions past their day */
};

/* Every board (archived ones only with `with_archived`) ordered by name, with counts
 * from one aggregate over packages_board_status. Caller clears each (tv_board_clear on
 * .board) and frees the array. */
enum tv_status tv_store_board_summaries(struct tv_store *store, bool with_archived,
	int32_t today, struct tv_board_summary **out, size_t *out_count);

#endif
