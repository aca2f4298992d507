/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The user's configuration file, $XDG_CONFIG_HOME/tavle/config (default
 * ~/.config/tavle/config), documented in tavle.conf(5). One setting per line, '#'
 * starts a comment, words are separated by blanks and may be "double quoted":
 *
 *   bind KEYMAP KEY COMMAND    key binding (KEYMAP: generic board detail timeline list
 *                              boards portfolio; KEY: a character, ^X or C-x, or a name
 *                              such as Enter Tab Space Esc Up F5; COMMAND: a command
 *                              name from the help screen, or "none" to unbind)
 *   color area.KEY COLOUR      area colour: 0-255, or black red green yellow blue
 *                              magenta cyan white orange gold default
 *   board NAME                 default board (when --board is not given)
 *   date-format auto|long|iso|danish
 *                              how dates are shown: auto (the default) is long for a
 *                              Danish message language and iso otherwise; long is
 *                              "29. nov. 2026" / "29 Nov 2026" by language; iso
 *                              2026-11-29; danish 29-11-2026
 *   user NAME                  display name recorded in the history
 *   mouse on|off               mouse support in the terminal board
 *   esc-delay MS               how long Esc waits for a key sequence (0-10000 ms)
 *   report-stale-days N        a reported board's status report is stale (flagged in
 *                              the portfolio) when older than N days (1-3650,
 *                              default 14)
 *
 * The parser is pure: it checks the syntax and the values it knows (areas, colours,
 * numbers, key syntax) and keeps bindings as strings, since only the TUI knows its
 * command names. An error is recorded as "FILE:LINE: message" and parsing goes on, so
 * the rest of the file still applies. Must not depend on curses, SQLite or libical.
 */
#ifndef TAVLE_CONFIG_H
#define TAVLE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "tavle/model.h"
#include "tavle/status.h"

#define TV_CONFIG_MAX_BYTES (1u << 20)
#define TV_COLOR_UNSET (-2)    /* area colour not configured */
#define TV_COLOR_DEFAULT (-1)  /* the terminal's default colour */

/* TV_DATES_AUTO: long for a Danish message language, else ISO (tavle/datefmt.h). */
enum tv_date_style { TV_DATES_ISO, TV_DATES_DANISH, TV_DATES_AUTO, TV_DATES_LONG };

struct tv_config_bind {
	char *keymap;
	char *key;        /* as written, syntax checked */
	char *command;
	int line;
};

struct tv_config {
	char *path;                       /* the file read, or NULL when there was none */
	struct tv_config_bind *binds;
	size_t nbinds;
	int area_color[TV_AREA_COUNT];    /* 0-255, TV_COLOR_DEFAULT, or TV_COLOR_UNSET */
	char *board;                      /* default board, or NULL */
	enum tv_date_style dates;
	char *user;                       /* display name, or NULL */
	bool mouse;                       /* default true */
	int esc_delay;                    /* ms; default 25 */
	int stale_days;                   /* report-stale-days; default TV_REPORT_STALE_DAYS */
	char **errors;                    /* "FILE:LINE: message" */
	size_t nerrors;
};

/* An empty configuration with the defaults. */
void tv_config_init(struct tv_config *cfg);
void tv_config_clear(struct tv_config *cfg);

/* Parse `len` bytes of `text`; `name` is the file name used in messages. Settings are
 * added to *cfg (a later line wins); errors are appended to cfg->errors. */
void tv_config_parse(struct tv_config *cfg, const char *name, const char *text, size_t len);

/* The configuration file's path: $XDG_CONFIG_HOME/tavle/config, else
 * $HOME/.config/tavle/config; NULL when neither variable is set. Caller frees. */
char *tv_config_path(void);

/* Initialise *cfg and read `path` (NULL: tv_config_path()). A missing file is no
 * error (cfg->path stays NULL); an unreadable or too large one is recorded in
 * cfg->errors. */
void tv_config_load(struct tv_config *cfg, const char *path);

/* Record an error found by a later check (e.g. an unknown command name). */
void tv_config_error(struct tv_config *cfg, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Is `key` valid key syntax for bind? (one character, ^X, C-x, or a known name) */
bool tv_config_key_valid(const char *key);

/* The effective configuration as config-file text (every setting, defaults
 * included). Caller frees. */
char *tv_config_dump(const struct tv_config *cfg);

/* Key names bind accepts besides single characters and ^X / C-x (NULL-terminated). */
extern const char *const tv_config_key_names[];

#endif
