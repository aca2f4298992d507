/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The terminal front end's entry point, called by main.c when no subcommand is given.
 * The TUI is the only part of tavle that includes <curses.h>.
 */
#ifndef TAVLE_TUI_H
#define TAVLE_TUI_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "tavle/config.h"
#include "tavle/store.h"

struct tui_options {
	const char *db_path;   /* shown on first run */
	bool first_run;        /* the database was just created */
	time_t now;            /* fixed clock for tests (TAVLE_NOW), 0 = real time */
	const char *notice;    /* a warning for the status line at start (lines), or NULL */
	const struct tv_config *config;  /* the user's configuration file, or NULL */
	bool touch_board;      /* mark board_id as the last used board, after the first
	                        * frame is on the screen (a committed write) */
	/* Write the calendar of board `board_id` to `path` exactly as `tavle export ics
	 * --output PATH` does (the command line runs that command: the TUI links no
	 * libical). NULL on success, else the reason in one line (caller frees). NULL
	 * hook: the board cannot export. */
	char *(*export_ics)(void *ctx, int64_t board_id, const char *path);
	void *export_ctx;
};

/* Run the board on `board_id` until the user quits. The store stays owned by the caller.
 * Returns the process exit code (0, 1 after a fatal error already reported, 2 when the
 * terminal cannot be used, reported). */
int tui_run(struct tv_store *store, int64_t board_id, const struct tui_options *opt);

/* NULL when $TERM names a terminal the board can run on; else the reason, for
 * "tavle: <reason>" (caller frees), e.g. "unknown terminal type 'xyz' (set TERM, e.g.
 * TERM=xterm-256color)". Touches neither the terminal nor the database: call it first. */
char *tui_terminal_problem(void);

/* Check what only the TUI knows in a parsed configuration (keymap names, bindable keys,
 * command names), appending "FILE:LINE: message" errors to cfg. Returns how many were
 * added. Needs no terminal (tavle config check uses it). */
int tui_config_check(struct tv_config *cfg);

/* The configuration in effect as config-file text that tui_config_check accepts back:
 * every setting, the built-in area colours, and every key binding in effect (the
 * defaults and the file's). Needs no terminal. Caller frees. */
char *tui_config_dump(const struct tv_config *cfg);

#endif
