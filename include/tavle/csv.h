/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Spreadsheet exports of one board: RFC 4180 CSV (plain, or the dialect Excel in a
 * Danish locale opens on a double click) and an .xlsx workbook. The CSV is ONE table
 * with a `kind` column (package, task, phase, meeting) so a spreadsheet can filter
 * and sort it as a whole; the workbook has one sheet per view. Both write dates as
 * ISO "YYYY-MM-DD" and local Copenhagen times as "YYYY-MM-DD HH:MM".
 * Must not depend on curses or SQLite; the workbook is the only user of libxlsxwriter.
 */
#ifndef TAVLE_CSV_H
#define TAVLE_CSV_H

#include <stdbool.h>
#include <stdio.h>

#include "tavle/model.h"
#include "tavle/status.h"

enum tv_csv_flags {
	/* Excel dialect: UTF-8 byte order mark, ';' separator, and cells that Excel would
	 * run as a formula (starting with = + - @) prefixed with an apostrophe. */
	TV_CSV_EXCEL = 1 << 0,
	/* Area names in Danish (otherwise English); with TV_CSV_EXCEL, for people, also
	 * the header, the record kinds and the values (status, responsible party,
	 * meeting kind, minimum requirement) as Danish display names. */
	TV_CSV_DANISH = 1 << 1,
};

/* The header of the CSV table, NULL-terminated (static), in column order:
 * kind package area area_name title status owner phase start end deadline
 * responsible type place region url. */
extern const char *const tv_csv_columns[];

/*
 * Write the board as CSV to `out`: a header row, then packages (by area and position),
 * each followed by its tasks, then phases, then meetings. Lines end in CRLF; fields
 * are quoted when they contain the separator, a quote, CR or LF. Text is sanitised
 * (tv_text_sanitize, single line). Errors: TV_IO when writing fails.
 */
enum tv_status tv_csv_export(FILE *out, const struct tv_board_data *d, unsigned flags,
	struct tv_diag *diag);

/* Write one CSV field (quoted as needed) to `out`; `flags` as above. */
void tv_csv_field(FILE *out, const char *text, unsigned flags);

/*
 * Write the board as an .xlsx workbook to `path` through tv_out_open (fileio.h: a
 * regular file replaced atomically, a device or FIFO written in place, "-" standard
 * output unless it is a terminal): sheets timeline, packages, tasks, phases, meetings and
 * decisions, each with a frozen bold header row, area colours as cell fills and dates
 * as date cells (yyyy-mm-dd, or yyyy-mm-dd hh:mm with a time). `danish`: sheet
 * contents' display names in Danish. Errors: TV_IO naming the reason.
 */
enum tv_status tv_xlsx_export(const char *path, const struct tv_board_data *d, bool danish,
	struct tv_diag *diag);

/* Light fill colour (0xRRGGBB) of an area for spreadsheets, readable with black text. */
unsigned tv_area_fill_rgb(enum tv_area a);

#endif
