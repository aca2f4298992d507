/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The command line: the shared context of one invocation (struct cli), the
 * table-driven option parser, the command table's shape, output helpers (aligned
 * tables, JSON) and the command handlers. Everything here talks to the core API in
 * include/tavle/ only; it never includes curses, SQLite or libical, and keeps no
 * global mutable state: every handler gets the struct cli of the invocation.
 */
#ifndef TAVLE_CLI_H
#define TAVLE_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "tavle/config.h"
#include "tavle/datefmt.h"
#include "tavle/fields.h"
#include "tavle/html.h"
#include "tavle/i18n.h"
#include "tavle/model.h"
#include "tavle/status.h"
#include "tavle/store.h"

/* Exit codes (the same as tv_status_exit_code). */
#define CLI_OK 0
#define CLI_FAIL 1
#define CLI_USAGE 2

/* One option of a command: the same row parses the option and documents it in
 * `tavle CMD --help`. `arg` NULL means a flag. */
struct cli_opt {
	const char *name;     /* long name without "--" */
	char short_name;      /* 0 if none */
	const char *arg;      /* placeholder ("FILE") or NULL for a flag */
	const char *help;
};

#define CLI_MAX_OPTS 24
#define CLI_MAX_POS 8

struct cli_command;

/* The parsed arguments of one command. */
struct cli_args {
	const struct cli_command *cmd;
	const char *pos[CLI_MAX_POS];
	size_t npos;
	const char *val[CLI_MAX_OPTS];  /* by index in cmd->opts; "" for a given flag */
};

/* How a command uses the database. */
enum cli_db_mode {
	CLI_DB_NONE,   /* no database */
	CLI_DB_READ,   /* read-only when the file exists at the current schema */
	CLI_DB_WRITE,  /* read-write; the database must exist */
	CLI_DB_INIT,   /* read-write; created empty on first use (init seeds it itself) */
	CLI_DB_CHECK,  /* read-only; the file must exist */
	CLI_DB_BOARD,  /* the board view: read-write; created and seeded on first use only
	                * on the default path (not --db, not $TAVLE_DB) */
};

struct cli;

struct cli_command {
	const char *name;       /* "add" */
	const char *sub;        /* "package", or NULL */
	const char *usage;      /* positional arguments, e.g. "PKG FIELD VALUE" */
	const char *summary;    /* one line for tavle --help */
	int (*run)(struct cli *c, const struct cli_args *a);
	const struct cli_opt *opts;  /* terminated by a row with name NULL */
	enum cli_db_mode db;
	unsigned min_pos, max_pos;
	void (*extra_help)(FILE *out);  /* more lines for --help, or NULL */
	/* NULL, or: do these arguments need tavle-helper (report status --put, portfolio
	 * import of a URL)? Then tavle exec's it as for a cli_helper_run row. */
	bool (*needs_helper)(const struct cli_args *a);
};

/* The context of one invocation. */
struct cli {
	const char *db_arg;      /* --db */
	const char *board_arg;   /* --board */
	char *db_path;           /* resolved path */
	struct tv_store *store;
	int64_t board_id;        /* 0 until cli_board() resolved it */
	time_t now;              /* TAVLE_NOW, or 0 for the real clock */
	char *user;
	char *user_error;        /* why $TAVLE_USER / $SUDO_USER / config's user is refused */
	bool first_run;          /* the database was created by this invocation */
	bool was_empty;          /* ... in a file that existed empty (kept, emptied again) */
	bool stdout_tty;
	int term_width;          /* columns of the terminal, 0 if stdout is not one */
	bool wrote;              /* a write command changed something (for board touch) */
	bool shared;             /* init --shared: create the database 0660 */
	char *sharing_report;    /* what locks other group members out, or NULL */
	struct tv_config config; /* the user's configuration file (cmd_config.c) */
};

/* ---- args.c ---- */

/* Options every command accepts (--db, --board, --help). */
extern const struct cli_opt cli_global_opts[];

/* Parse argv[first..argc) for `cmd` into *out; global options go into c.
 * Returns -1 to go on, or an exit code (0 after --help, 2 on bad usage, printed). */
int cli_parse(struct cli *c, const struct cli_command *cmd, int argc, char **argv, int first,
	struct cli_args *out);

/* The same parse without printing anything and without touching a context (the
 * global --db and --board are skipped): true when the arguments parse. The dispatch
 * uses it to see whether a command needs tavle-helper before anything is printed. */
bool cli_parse_quietly(const struct cli_command *cmd, int argc, char **argv, int first,
	struct cli_args *out);

/* The value of option `name` (NULL if not given; "" for a given flag). */
const char *cli_opt_value(const struct cli_args *a, const char *name);
bool cli_flag(const struct cli_args *a, const char *name);

/* Print `tavle CMD --help` from the command's table. */
void cli_command_help(FILE *out, const struct cli_command *cmd);

/* ---- cli.c: context, database, errors, parsing helpers ---- */

/* Print "tavle: <message>" (sanitised) on stderr; returns `code`. A NULL `c` prints
 * nothing (a silent check). */
int cli_fail(struct cli *c, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Report a failed store call with the store's message; returns its exit code. */
int cli_store_fail(struct cli *c, enum tv_status st);

/* Report a diag; returns the status' exit code. */
int cli_diag_fail(struct cli *c, enum tv_status st, const struct tv_diag *d);

/* Open the database for the command (resolving the path, creating and seeding on
 * first use). Returns 0 or an exit code (printed). */
int cli_open(struct cli *c, enum cli_db_mode mode);
void cli_close(struct cli *c);

/* ---- cmd_shared.c ---- */

/* init --shared GROUP: resolve the path and prepare its directory (setgid 2770 for
 * GROUP); the database is then created 0660. 0 or an exit code (printed). */
int cli_prepare_shared(struct cli *c, const char *group);
/* (cli.c) After opening a group-shared database: print (and keep in c->sharing_report for the
 * TUI) every way another group member would be locked out, with the fix. */
void cli_check_sharing(struct cli *c);

/* Close and delete a database this invocation created (after a failed init), so a
 * rejected command leaves nothing behind. */
void cli_discard_new(struct cli *c);

/* Resolve the board (--board or the default) into c->board_id. 0 or exit code. */
int cli_board(struct cli *c);

/* The clock: TAVLE_NOW or the real time. */
time_t cli_now(const struct cli *c);
int32_t cli_today(const struct cli *c);

/* A sanitised single-line copy of `s` (NULL gives ""). Caller frees. */
char *cli_clean(const char *s);
/* Write `s` sanitised (single-line unless `multiline`). */
void cli_put(FILE *out, const char *s, bool multiline);

/* A time in October's repeated hour (tv_when_repeated) is said on stderr to be read
 * as its first instant (issue 17 item 12); any other time prints nothing.
 * cli_parse_when does it for what it reads. */
void cli_note_repeated(struct tv_when when);

/* Parsers that print a message naming the input and return 0 or 2. Dates and times
 * are read as tv_date_parse / tv_when_parse_from read them (relative to cli_today); a
 * time alone is on base_day (TV_NO_DAY: today), a meeting's end on its start's day. */
int cli_parse_int(struct cli *c, const char *what, const char *text, long long min,
	long long max, long long *out);
int cli_parse_day(struct cli *c, const char *what, const char *text, int32_t *out);
int cli_parse_when(struct cli *c, const char *what, const char *text, int32_t base_day,
	struct tv_when *out);
int cli_parse_area(struct cli *c, const char *text, enum tv_area *out);
/* Comma-separated area keys ("org,kom") to a bit set (1 << enum tv_area); at least one.
 * Used by export ics and publish. Returns 0 or the exit code after reporting. */
int cli_parse_area_list(struct cli *c, const char *text, unsigned *out);
/* Comma-separated item kinds (deadlines,tasks,meetings,phases,decisions,all) to enum tv_ical_what
 * bits; at least one. Returns 0 or the exit code after reporting. */
int cli_parse_ical_what(struct cli *c, const char *text, unsigned *out);
int cli_check_text(struct cli *c, const char *what, const char *text, size_t max,
	bool multiline, bool required);
/* Check `text` against the text limits of `field` (tavle/fields.h, the limits the store
 * enforces), naming it `what` in the message (NULL: the field's name). `optional`: an
 * empty value passes even where the field is required (an option left out). Returns 0
 * or the exit code after reporting. */
int cli_check_field(struct cli *c, enum tv_field field, const char *what, const char *text,
	bool optional);

/* Package by number in the current board: id (and number). 0 or exit code. */
int cli_package(struct cli *c, const char *text, int64_t *out_id, int *out_number);

/* Load the current board. 0 or exit code. */
int cli_load(struct cli *c, struct tv_board_data **out);

/* Print each plan warning on its own line ("warning: TEXT") to standard output. */
struct tv_plan_warning;
void cli_put_warnings(const struct tv_plan_warning *w, size_t n);

/* Load the current board, hand it to `write` (with `ctx`) and free it: 0, or the exit
 * code after reporting the load's failure or the one `write` set in its diag. */
int cli_write_board(struct cli *c, enum tv_status (*write)(const struct tv_board_data *d,
	const void *ctx, struct tv_diag *diag), const void *ctx);

/* A date a person set (set, add) on a weekend or a holiday is kept; this prints
 * "note: søn. 5. apr. 2026 is påskedag" (tv_holiday_note) on standard output. Nothing
 * for a working day or TV_NO_DAY. */
void cli_day_note(const struct cli *c, int32_t day);

/* "in 3 days", "today", "2 days late" into buf. */
void cli_relative(int32_t day, int32_t today, char *buf, size_t size);
/* Dates in human output (never JSON, CSV or calendars): the configuration's
 * date-format in the interface language, through tavle/datefmt.h (TV_DATE_* flags). */
void cli_date(const struct cli *c, int32_t day, unsigned flags, char *buf, size_t size);
void cli_when(const struct cli *c, struct tv_when when, unsigned flags, char *buf, size_t size);

/* ---- out.c: JSON writer and aligned tables ---- */

struct jw {
	FILE *f;
	int depth;
	bool first[64];
};
void jw_init(struct jw *w, FILE *f);
void jw_obj(struct jw *w, const char *key);
void jw_obj_end(struct jw *w);
void jw_arr(struct jw *w, const char *key);
void jw_arr_end(struct jw *w);
void jw_str(struct jw *w, const char *key, const char *val);
void jw_int(struct jw *w, const char *key, long long val);
void jw_bool(struct jw *w, const char *key, bool val);
void jw_double(struct jw *w, const char *key, double val);
void jw_null(struct jw *w, const char *key);
void jw_day(struct jw *w, const char *key, int32_t day);
void jw_when(struct jw *w, const char *key, struct tv_when when);
void jw_done(struct jw *w);   /* final newline */
/* Members written in order from one list: JW_FIELDS(w, J_INT("id", x->id), J_STR(...)). */
enum jv_type { JV_INT, JV_STR, JV_BOOL, JV_DAY, JV_WHEN };
struct jv {
	enum jv_type t;
	const char *key;
	long long i;          /* JV_INT, JV_BOOL, JV_DAY */
	const char *s;        /* JV_STR (NULL writes null) */
	struct tv_when w;     /* JV_WHEN */
};
#define J_INT(k, x) { JV_INT, (k), .i = (x) }
#define J_STR(k, x) { JV_STR, (k), .s = (x) }
#define J_BOOL(k, x) { JV_BOOL, (k), .i = (x) ? 1 : 0 }
#define J_DAY(k, x) { JV_DAY, (k), .i = (x) }
#define J_WHEN(k, x) { JV_WHEN, (k), .w = (x) }
void jw_fields(struct jw *w, const struct jv *v, size_t n);
#define JW_FIELDS(w, ...) jw_fields((w), (const struct jv[]){ __VA_ARGS__ }, \
	sizeof((const struct jv[]){ __VA_ARGS__ }) / sizeof(struct jv))
/* A whole answer that is one array: jw_init and the outer '[' ... the ']' and jw_done. */
void jw_list(struct jw *w, FILE *f);
void jw_list_end(struct jw *w);

struct table {
	size_t ncols;
	size_t nrows, cap;
	char **cells;          /* sanitised copies, row-major */
	char **before;         /* per row: a heading line printed before it, or NULL */
	char *pending;         /* heading for the next row */
	int clip_col;          /* this column is clipped to the terminal width; -1 none */
	int clip_col2;         /* clipped first, down to 12 columns, to spare clip_col; -1 none */
	unsigned right_cols;   /* bit i: column i right-aligned */
};
void table_init(struct table *t, size_t ncols, int clip_col);
/* Add a row of ncols strings (NULL allowed), copied and sanitised. */
void table_row(struct table *t, const char *const *cells);
/* A heading line printed (unindented) before the next row; columns stay aligned
 * across headings. */
void table_heading(struct table *t, const char *text);
void table_print(const struct table *t, FILE *out, int indent, int max_width);
void table_free(struct table *t);

/* JSON of records (shared by list/show/agenda). Deadlines are "YYYY-MM-DD", or
 * "YYYY-MM-DD HH:MM" when they have a time (the form of the agenda and meetings). */
/* What `show` says of a package's template (tavle/tmpl_update.h): the version the
 * board follows, per section the version whose update changed it (0: none), whether
 * the package and each task (parallel to its tasks) are no longer in the programme. */
struct json_template {
	int version;
	int sections[TV_SECTION_COUNT];
	int removed;
	const int *task_removed;
};
/* The comments `show` adds to a package, borrowed; with tmpl non-NULL a "template"
 * object too. */
struct json_comments {
	const struct tv_comment *items;
	size_t n;
	const struct json_template *tmpl;
};
/* One package object: fields, sections, tasks; with comments non-NULL (show) a
 * "comments" array after the tasks, empty or not; NULL (list) no array. d may be
 * NULL (the phase name is then null). */
void json_package(struct jw *w, const struct tv_package *p, const struct tv_board_data *d,
	const struct json_comments *comments);
/* One comment object; with_package adds "package_id" (the comments command). */
void json_comment(struct jw *w, const struct tv_comment *cm, bool with_package);
void json_task(struct jw *w, const struct tv_task *t);
void json_meeting(struct jw *w, const struct tv_meeting *m);
void json_decision(struct jw *w, const struct tv_decision *x);
void json_person(struct jw *w, const struct tv_person *p);
/* One board of `tavle boards`: its fields, whether it is the default board and its
 * package counts (done, overdue). */
struct tv_board_summary;
void json_board_summary(struct jw *w, const struct tv_board_summary *s, bool is_default);

/* ---- commands.c: the command table and dispatch ---- */

/* Run tavle with argv; returns the process exit code. */
int cli_main(int argc, char **argv);

/* ---- command handlers ---- */

/* cmd_board.c */
int cmd_init(struct cli *c, const struct cli_args *a);
int cmd_tui(struct cli *c);

/* cmd_portfolio.c */
int cmd_boards(struct cli *c, const struct cli_args *a);
int cmd_portfolio(struct cli *c, const struct cli_args *a);
/* cmd_portfolio_import.c */
int cmd_portfolio_import(struct cli *c, const struct cli_args *a);
int cmd_board_rename(struct cli *c, const struct cli_args *a);
int cmd_board_archive(struct cli *c, const struct cli_args *a);
int cmd_board_unarchive(struct cli *c, const struct cli_args *a);
int cmd_board_rm(struct cli *c, const struct cli_args *a);

/* cmd_list.c */
int cmd_list(struct cli *c, const struct cli_args *a);
int cmd_show(struct cli *c, const struct cli_args *a);
int cmd_phases(struct cli *c, const struct cli_args *a);
int cmd_meetings(struct cli *c, const struct cli_args *a);
int cmd_decisions(struct cli *c, const struct cli_args *a);
int cmd_people(struct cli *c, const struct cli_args *a);
int cmd_comments(struct cli *c, const struct cli_args *a);

/* cmd_edit.c */
int cmd_set(struct cli *c, const struct cli_args *a);
/* Print what setting board or phase `id`'s start to `value` moves (cmd_replan.c),
 * ending with "nothing changed" when `dry_run`. 0, or the exit code of a failure
 * (a value that is no date: nothing written). */
int cli_replan_preview(struct cli *c, enum tv_kind kind, int64_t id, const char *value,
	bool dry_run);
int cmd_add_package(struct cli *c, const struct cli_args *a);
int cmd_add_task(struct cli *c, const struct cli_args *a);
int cmd_add_meeting(struct cli *c, const struct cli_args *a);
int cmd_add_phase(struct cli *c, const struct cli_args *a);
int cmd_add_comment(struct cli *c, const struct cli_args *a);
int cmd_add_decision(struct cli *c, const struct cli_args *a);
int cmd_add_person(struct cli *c, const struct cli_args *a);
int cmd_rm(struct cli *c, const struct cli_args *a);

/* cmd_export.c */
int cmd_export_ics(struct cli *c, const struct cli_args *a);
int cmd_import_ics(struct cli *c, const struct cli_args *a);
int cmd_template_export(struct cli *c, const struct cli_args *a);
/* cmd_template.c: template updates (tavle/tmpl_update.h) */
int cmd_template_update(struct cli *c, const struct cli_args *a);
/* cmd_misc.c: undo one change of the board (default: its last) */
int cmd_undo(struct cli *c, const struct cli_args *a);
int cmd_template_conflicts(struct cli *c, const struct cli_args *a);
int cmd_template_resolve(struct cli *c, const struct cli_args *a);
int cmd_backup(struct cli *c, const struct cli_args *a);
int cmd_restore(struct cli *c, const struct cli_args *a);

/* cmd_portfolio_import.c: the import loop, shared with tavle-helper's URLs */
struct cli_import_tally {
	int imported, replaced, ignored, refused;
};
/* Is `arg` an http:// or https:// URL (any case)? */
bool cli_is_url(const char *arg);
/* Does the import have a URL argument (so runs in tavle-helper)? */
bool cli_portfolio_import_needs_helper(const struct cli_args *a);
/* Each argument in order: a directory's *.json files, a file, or (when `url` is not
 * NULL) a URL handed to `url`; then the counts line. Returns the exit status: 0 all
 * read, 1 some refused, 2 none read. */
int cli_portfolio_import_each(struct cli *c, const struct cli_args *a,
	void (*url)(struct cli *c, const char *url, struct cli_import_tally *t, void *ctx),
	void *ctx);
/* One report's text imported all or nothing, with the line saying what happened (or
 * "NAME: refused: reason" on stderr); `name` is shown and kept as the report's source. */
void cli_import_text(struct cli *c, const char *name, const char *text, size_t len,
	struct cli_import_tally *t);
/* "NAME: refused: WHY" on stderr, counted. */
void cli_import_refuse(struct cli *c, const char *name, const char *why,
	struct cli_import_tally *t);

/* cmd_dav.c (tavle-helper only): report status --put, portfolio import of URLs */
int cmd_report_put(struct cli *c, const struct cli_args *a);
int cmd_portfolio_import_dav(struct cli *c, const struct cli_args *a);
/* The first line of FILE (without its line end) into buf: the --password-file of
 * `cmd` (for the warning about a file others can read). Returns 0 or an exit code. */
int cli_read_password(struct cli *c, const char *cmd, const char *path, char *buf,
	size_t size);

/* cmd_publish.c (tavle-helper only) */
int cmd_publish(struct cli *c, const struct cli_args *a);

/* cmd_misc.c */
int cmd_check(struct cli *c, const struct cli_args *a);
int cmd_log(struct cli *c, const struct cli_args *a);
int cmd_agenda(struct cli *c, const struct cli_args *a);
int cmd_minimum(struct cli *c, const struct cli_args *a);
/* cmd_status_report.c */
int cmd_report_status(struct cli *c, const struct cli_args *a);
/* The board's status report as JSON (format 1) in *json (*len bytes), with the
 * board's CVR number and authority (NULL when the board has none); the caller frees
 * all three. Returns an exit code (0 on success, the failure reported). */
int cli_report_status_json(struct cli *c, const struct cli_args *a, char **json,
	size_t *len, char **cvr, char **authority);
int cmd_holidays(struct cli *c, const struct cli_args *a);

/* cmd_sheet.c: spreadsheet exports */
int cmd_export_csv(struct cli *c, const struct cli_args *a);
/* cmd_report_html.c: the one-page plan (tavle report html, the board's P) */
int cmd_report_html(struct cli *c, const struct cli_args *a);
/* Write the plan of `d` on `today` to `path` (NULL or "-": standard output)
 * atomically, in the interface language. Errors as tv_out_open/tv_out_commit. */
enum tv_status cli_report_html_write(const struct tv_board_data *d, int32_t today,
	const char *path, enum tv_html_paper paper, struct tv_diag *diag);
/* cmd_xlsx.c (tavle-helper only) */
int cmd_export_xlsx(struct cli *c, const struct cli_args *a);

/* ---- helper_exec.c (tavle) and helper.c (tavle-helper) ----
 * publish and export xlsx need libraries the main binary does not load; tavle exec's
 * tavle-helper for them. Their table rows name cli_helper_run as the handler. */

/* Called by the dispatch as soon as it knows the command needs the helper (its
 * handler is cli_helper_run, or its needs_helper says so), before anything is printed
 * or opened. In tavle: exec tavle-helper with argv (returns only on failure, with the
 * exit code, reported). In tavle-helper: -1, go on. */
int cli_helper_exec(struct cli *c, const struct cli_command *cmd, char **argv);
/* The handler of the helper's commands: in tavle-helper it runs cmd_publish or
 * cmd_export_xlsx by a->cmd; in tavle it is never reached. */
int cli_helper_run(struct cli *c, const struct cli_args *a);
/* The program that runs the helper's commands: in tavle the tavle-helper that
 * cli_helper_exec would run, in tavle-helper itself. NULL (with the reason in *why,
 * caller frees both) when there is none. */
char *cli_helper_path(char **why);

/* ---- paths.c: where the running program and its companions are ---- */

/* The directory of the running binary (from /proc/self/exe), or NULL when it cannot be
 * read. Caller frees. */
char *cli_exe_dir(void);
/* The directory of the message catalogues for tv_i18n_init: BUILD/po when the binary is
 * BUILD/src/tavle of a Meson build tree (so an uninstalled tavle speaks Danish), else the
 * configured localedir. Never NULL; caller frees. */
char *cli_locale_dir(void);

/* cmd_config.c: the configuration file and shell completion */
void cli_config_warn(struct cli *c);  /* its errors on stderr */
int cmd_config_check(struct cli *c, const struct cli_args *a);
int cmd_config_dump(struct cli *c, const struct cli_args *a);
int cmd_complete(struct cli *c, const struct cli_args *a);

#endif
