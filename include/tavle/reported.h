/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Reported boards (issue 20, status collected up the loop): a programme database keeps,
 * per authority (CVR number), the latest status report the authority sent
 * (`tavle report status --json`, format 1), and shows it in the portfolio beside the
 * database's own boards. A reported board is read-only: it is no board (no packages,
 * no history), only the report's figures. Reading the JSON, keeping the newest report
 * per CVR and the figures drawn from it are the store's (src/core/store/reported.c,
 * with SQLite's JSON functions); this header names them. No SQLite, curses or libical
 * type appears here.
 */
#ifndef TAVLE_REPORTED_H
#define TAVLE_REPORTED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tavle/cvr.h"
#include "tavle/model.h"
#include "tavle/portfolio.h"
#include "tavle/status.h"

struct tv_store;

/* The status report format this tavle writes and reads ("format" in the JSON). */
#define TV_REPORT_FORMAT 1
/* Reports older than this many days are stale, unless the configuration says
 * otherwise (report-stale-days). */
#define TV_REPORT_STALE_DAYS 14
/* The largest report file read (a board's report is a few hundred kilobytes at most). */
#define TV_REPORT_MAX_BYTES (16u << 20)

/* One authority's latest report, as the portfolio shows it. The figures are the
 * report's, on the report's day, not recomputed: `overdue` and `days_late` count the
 * overdue template packages (numbers 0-9) of the report's overdue list, as the
 * portfolio counts a local board's; `overdue_items` is the report's own total
 * (overdue packages and tasks). */
struct tv_reported_board {
	char cvr[TV_CVR_BUF];
	char *authority;       /* may be NULL */
	char *board;           /* the board's name on the authority's side; may be NULL */
	int sector;            /* enum tv_sector, or -1 when the report named none known */
	char *reported_at;     /* the report's "report_time", UTC "YYYY-MM-DDTHH:MM:SSZ" */
	int32_t report_day;    /* the report's "today" (TV_NO_DAY if it had none) */
	char *imported_at;     /* when this database took it, UTC */
	char *source;          /* the file it came from, as named on import; may be NULL */
	int packages_done, packages_total;
	int minimum_done, minimum_total;
	int overdue;           /* overdue template packages */
	int64_t days_late;     /* their days late, summed */
	int overdue_items;     /* the report's totals.overdue */
	int blocked;           /* blocked packages */
	/* One cell per template package (0-9) as the matrix shows a local board's,
	 * TV_GLYPH_*, on the report's day; all TV_GLYPH_NONE when the report carries no
	 * "packages" list (reports of tavle before it did), then `cells` is false. */
	char glyph[TV_PORTFOLIO_NUMBERS];
	bool cells;
};

/* What importing one report did. */
enum tv_report_import_kind {
	TV_REPORT_IMPORTED,    /* the first report of this CVR */
	TV_REPORT_REPLACED,    /* newer than the one kept: replaced it */
	TV_REPORT_OLDER,       /* older than the one kept: ignored */
	TV_REPORT_SAME,        /* the same report time as the one kept: ignored */
};

struct tv_report_import {
	enum tv_report_import_kind kind;
	char cvr[TV_CVR_BUF];
	char *authority;       /* as the report names it; may be NULL */
	char *reported_at;     /* this report's time */
	char *kept_at;         /* the time of the report kept before, or NULL for none */
};

/*
 * Import one status report, the `len` bytes of `text` (the JSON of `tavle report status
 * --json`), into the store; `source` (may be NULL) is remembered with it. All or
 * nothing: a report that is not JSON (a truncated or half-written file), not an
 * object, of an unknown "format", without a CVR number or with one failing
 * tv_cvr_check, or without its report_time or totals is refused with TV_INVALID and
 * a message (tv_store_errmsg) naming what is wrong, and nothing is written. A report
 * no newer than the one kept for its CVR is ignored (TV_OK, kind OLDER or SAME).
 * Fills *out (clear it with tv_report_import_clear) on TV_OK.
 */
enum tv_status tv_store_report_import(struct tv_store *store, const char *text, size_t len,
	const char *source, struct tv_report_import *out);
void tv_report_import_clear(struct tv_report_import *r);

/* Every reported board, ordered by authority (then board name, then CVR). Caller
 * clears each with tv_reported_board_clear and frees the array. */
enum tv_status tv_store_reported_boards(struct tv_store *store,
	struct tv_reported_board **out, size_t *out_count);
/* The same with the figures of one implementation area (`area_key`, e.g. "data"), read
 * from the report's per-area figures and its overdue and blocked lists: packages and
 * minimum requirements of that area, its overdue packages and items, its blocked
 * packages. NULL is tv_store_reported_boards. */
enum tv_status tv_store_reported_boards_area(struct tv_store *store, const char *area_key,
	struct tv_reported_board **out, size_t *out_count);
void tv_reported_board_clear(struct tv_reported_board *b);

/* Days from the report's time (its UTC day) to `today`; 0 for a report of today or
 * of a later day (a clock ahead). */
int32_t tv_reported_age(const struct tv_reported_board *b, int32_t today);
/* Is the report older than `stale_days` days on `today`? */
bool tv_reported_stale(const struct tv_reported_board *b, int32_t today, int stale_days);

#endif
