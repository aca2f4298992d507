/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The command table of tavle and the dispatch: global options before the subcommand,
 * look-up of the command (and its second word: "add package", "export ics"), parsing
 * its options from its own table, opening the database the way the command needs it,
 * running the handler, closing. `tavle --help` and `tavle CMD --help` are printed
 * from these tables. Environment: TAVLE_NOW fixes the clock, TAVLE_DB names the file.
 * Depends on the core API and the handlers declared in cli.h.
 */
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "tavle/fileio.h"
#include "config.h"
#include "tavle/date.h"
#include "tavle/i18n.h"
#include "tavle/shared.h"
#include "../tui/tui.h"

#define END { NULL, 0, NULL, NULL }
#define JSON { "json", 0, NULL, N_("print JSON") }

static const struct cli_opt no_opts[] = { END };
static const struct cli_opt json_opts[] = { JSON, END };

static const struct cli_opt init_opts[] = {
	{ "name", 0, "NAME", N_("board name (default \"Næste generation Digital Post\" if free)") },
	{ "authority", 0, "TEXT", N_("the authority (default \"Min myndighed\")") },
	{ "cvr", 0, "NUMBER", N_("the authority's CVR number (8 digits; \"DK\" and spaces allowed)") },
	{ "sector", 0, "SECTOR", N_("municipality, region or state (default municipality)") },
	{ "start", 0, "DATE", N_("programme start date (default today)") },
	{ "template", 0, "DIR", N_("template directory (default: the built-in template)") },
	{ "shared", 0, "GROUP", N_("share the database with the Unix group GROUP: its directory "
		"becomes GROUP-owned with mode 2770 (setgid), the files 0660") },
	END,
};

static const struct cli_opt template_update_opts[] = {
	{ "dry-run", 0, NULL, N_("print what the update would do, change nothing") },
	{ "force", 0, NULL, N_("merge a template older than the board's version too") },
	JSON,
	END,
};

static const struct cli_opt template_resolve_opts[] = {
	{ "value", 0, "TEXT", N_("set this value instead of theirs or mine") },
	END,
};

/* `tavle template update --help`: the three-way merge in short. */
static void
template_update_help(FILE *out)
{
	fputs(_("\nEach field the template gives is merged three ways: changed only in the new\n"
		"template: taken; changed only on the board: kept; changed on both, differently:\n"
		"a conflict (the board's value stays, the programme's is kept beside it: tavle\n"
		"template conflicts, tavle template resolve); the same on both: nothing to do.\n"
		"New items are added; items the template no longer has are marked, never\n"
		"deleted. Dates compare as offsets; a hand-set date is the board's change. The\n"
		"whole update is one change: tavle undo reverts it. A template older than the\n"
		"board's version is refused unless --force; the same version again changes\n"
		"nothing it has not changed already. A bad template directory is refused and the\n"
		"board left as it was.\n"), out);
}

static const struct cli_opt list_opts[] = {
	{ "area", 0, "KEY", N_("only this area (org, kom, data, udd)") },
	{ "status", 0, "STATUS", N_("only this status (todo, doing, blocked, done)") },
	{ "phase", 0, "NAME", N_("only packages of this phase") },
	{ "owner", 0, "NAME", N_("only packages whose owner contains NAME") },
	{ "overdue", 0, NULL, N_("only packages with overdue work: past their deadline, or with a task past its own") },
	JSON,
	END,
};

static const struct cli_opt set_opts[] = {
	{ "force", 0, NULL, N_("overwrite even if someone else changed the record") },
	{ "version", 0, "N", N_("the version the edit is based on (default: the current one)") },
	{ "stdin", 0, NULL, N_("read VALUE from standard input (one trailing newline removed)") },
	{ "dry-run", 0, NULL, N_("a board's or a phase's start: show which dates would move, change nothing") },
	END,
};

static const struct cli_opt add_package_opts[] = {
	{ "area", 0, "KEY", N_("area (org, kom, data, udd); required") },
	{ "title", 0, "TEXT", N_("title; required") },
	{ "deadline", 0, "DATE", N_("deadline (18.12.2026, 18 Dec, 2026-12-18, +2w, friday)") },
	{ "owner", 0, "NAME", N_("owner") },
	{ "status", 0, "STATUS", N_("todo, doing, blocked or done (default todo)") },
	{ "phase", 0, "NAME", N_("phase name or id") },
	{ "number", 0, "N", N_("package number (default: the next free one)") },
	END,
};

static const struct cli_opt add_task_opts[] = {
	{ "title", 0, "TEXT", N_("title; required") },
	{ "deadline", 0, "DATE", N_("deadline") },
	{ "responsible", 0, "WHO", N_("authority, agency or supplier (default authority)") },
	{ "minimum", 0, NULL, N_("a minimum requirement") },
	{ "owner", 0, "NAME", N_("owner") },
	END,
};

static const struct cli_opt add_meeting_opts[] = {
	{ "title", 0, "TEXT", N_("title; required") },
	{ "start", 0, "\"DATE HH:MM\"", N_("start, Copenhagen time; required") },
	{ "end", 0, "\"DATE HH:MM\"", N_("end, after the start (a time alone: the start's day); required") },
	{ "kind", 0, "KIND", N_("info, webinar, supplier or other (default info)") },
	{ "place", 0, "TEXT", N_("place") },
	{ "region", 0, "TEXT", N_("region") },
	{ "url", 0, "URL", N_("link") },
	{ "notes", 0, "TEXT", N_("notes") },
	END,
};

static const struct cli_opt add_phase_opts[] = {
	{ "name", 0, "NAME", N_("name; required") },
	{ "start", 0, "DATE", N_("first day; required") },
	{ "end", 0, "DATE", N_("last day; required") },
	{ "not-before", 0, "DATE", N_("cannot start before this day") },
	{ "reason", 0, "TEXT", N_("why (required with --not-before)") },
	END,
};

static const struct cli_opt add_decision_opts[] = {
	{ "title", 0, "TEXT", N_("title; required") },
	{ "area", 0, "KEY", N_("area") },
	{ "owner", 0, "NAME", N_("owner") },
	{ "due", 0, "DATE", N_("due date") },
	{ "text", 0, "TEXT", N_("description") },
	END,
};

static const struct cli_opt add_person_opts[] = {
	{ "name", 0, "NAME", N_("name; required") },
	{ "email", 0, "EMAIL", N_("e-mail address") },
	{ "role", 0, "ROLE", N_("contact, group or area (default group)") },
	{ "area", 0, "KEY", N_("area (for an area role)") },
	END,
};

static const struct cli_opt import_ics_opts[] = {
	{ "strict", 0, NULL, N_("all or nothing: refuse the file if any event cannot be used "
		"(default: skip such events with the reason and import the rest)") },
	{ "dry-run", 0, NULL, N_("show what would be added, updated and skipped; write nothing") },
	END,
};

static const struct cli_opt log_opts[] = {
	{ "since", 0, "DATE", N_("only changes from this day on") },
	JSON,
	END,
};

static const struct cli_opt check_opts[] = {
	{ "full", 0, NULL, N_("full integrity check (slower)") },
	END,
};

static const struct cli_opt export_opts[] = {
	{ "output", 'o', "FILE", N_("write to FILE atomically ('-' for standard output, the default)") },
	{ "all", 0, NULL, N_("every board that is not archived") },
	{ "area", 0, "KEY[,KEY]", N_("only these areas") },
	{ "phase", 0, "NAME", N_("only items of this phase") },
	{ "what", 0, "LIST", N_("deadlines,tasks,meetings,phases,decisions (default all)") },
	{ "alarm", 0, "DURATION", N_("add an alarm, e.g. -P1D or -PT15M") },
	{ "todo", 0, "FILE", N_("also write tasks and deadlines as VTODOs to FILE") },
	{ "now", 0, "YYYY-MM-DDTHH:MM:SSZ", N_("export time (default $SOURCE_DATE_EPOCH or now)") },
	END,
};

static const struct cli_opt export_csv_opts[] = {
	{ "output", 'o', "FILE", N_("write to FILE atomically ('-' for standard output, the default)") },
	{ "excel", 0, NULL, N_("for Excel in a Danish locale: UTF-8 with BOM, ';' separator") },
	END,
};

static const struct cli_opt export_xlsx_opts[] = {
	{ "output", 'o', "FILE", N_("write the workbook to FILE atomically; required") },
	END,
};

static const struct cli_opt report_html_opts[] = {
	{ "output", 'o', "FILE", N_("write to FILE atomically ('-' for standard output, the default)") },
	{ "paper", 0, "a4|a3", N_("the printed page, always landscape (default a4)") },
	END,
};

static const struct cli_opt publish_opts[] = {
	{ "user", 0, "NAME", N_("user name on the server (default: the URL's, else ~/.netrc)") },
	{ "password-file", 0, "FILE", N_("the password is the first line of FILE (default: ~/.netrc)") },
	{ "area", 0, "KEY[,KEY]", N_("only these areas") },
	{ "what", 0, "LIST", N_("deadlines,tasks,meetings,phases,decisions (default all)") },
	{ "quiet", 'q', NULL, N_("print only the counts and problems") },
	END,
};

static const struct cli_opt boards_opts[] = {
	{ "all", 0, NULL, N_("also archived boards") },
	JSON,
	END,
};

static const struct cli_opt portfolio_opts[] = {
	{ "by", 0, "status|phase", N_("columns: package statuses (default) or phases") },
	{ "sector", 0, "SECTOR", N_("only boards of this sector (municipality, region, state)") },
	{ "area", 0, "KEY", N_("only packages of this area (org, kom, data, udd)") },
	{ "authorities", 0, NULL,
		N_("also each authority: packages done, minimum requirements met, days late") },
	JSON,
	END,
};

static const struct cli_opt board_rm_opts[] = {
	{ "yes", 0, NULL, N_("do not ask (required when standard input is not a terminal)") },
	END,
};

static const struct cli_opt minimum_opts[] = {
	{ "open", 0, NULL, N_("only the minimum requirements not done") },
	JSON,
	END,
};

static const struct cli_opt report_status_opts[] = {
	{ "since", 0, "DATE", N_("changes from this day on (default 7 days ago; 28.4.2027, 2027-04-28, -2w)") },
	{ "output", 'o', "FILE", N_("write to FILE atomically ('-' for standard output, the default)") },
	JSON,
	{ "put", 0, "URL", N_("upload the JSON report to a WebDAV folder (URL ending in '/': the "
		"file CVR.json in it) or file") },
	{ "user", 0, "NAME", N_("user name on the server (default: the URL's, else ~/.netrc)") },
	{ "password-file", 0, "FILE", N_("the password is the first line of FILE (default: ~/.netrc)") },
	END,
};

static const struct cli_opt portfolio_import_opts[] = {
	{ "user", 0, "NAME", N_("user name on the server, for URLs (default: the URL's, else ~/.netrc)") },
	{ "password-file", 0, "FILE", N_("the password is the first line of FILE (default: ~/.netrc)") },
	END,
};

/* report status --put and portfolio import URL run in tavle-helper (libcurl). */
static bool
report_needs_helper(const struct cli_args *a)
{
	return cli_opt_value(a, "put") != NULL;
}

static const struct cli_opt agenda_opts[] = {
	{ "days", 0, "N", N_("how many days ahead (default 30)") },
	JSON,
	END,
};

/* `tavle set --help`: the fields of each kind, from the store's own list. */
static void
set_help(FILE *out)
{
	fprintf(out, "\n%s\n", _("fields (-- before a VALUE that starts with '-'):"));
	for (int k = 0; k < TV_KIND_COUNT; k++) {
		const char *const *f = tv_store_fields((enum tv_kind)k);
		fprintf(out, "  %-10s", tv_kind_key((enum tv_kind)k));
		for (size_t i = 0; f && f[i]; i++)
			fprintf(out, " %s", f[i]);
		fputc('\n', out);
	}
	fprintf(out, "%s\n", _("dates: 18.12.2026, 18-12-2026, 18/12, \"18. dec. 2026\", \"18 Dec\", "
		"2026-12-18, today, tomorrow, friday, +3d, +2w, +1m, -5d (days, weeks or months "
		"from today; without a year, the next such date; 1/2 is 1 February); times "
		"\"18.12.2026 9:30\", \"YYYY-MM-DD HH:MM\" or YYYY-MM-DDTHH:MM (Copenhagen), a "
		"meeting's end as 11:30 alone; \"\" clears an optional field"));
}

/* `tavle portfolio import --help`: what is kept, what is refused, the exit status. */
static void
import_help(FILE *out)
{
	fprintf(out, "\n%s\n", _("Each authority's latest report (by its CVR number) is kept as a "
		"read-only reported board, shown in `tavle portfolio` beside the database's own "
		"boards; a newer report replaces it, an older one is ignored. A report without a "
		"valid CVR number, of an unknown format, cut short or not JSON is refused with the "
		"reason, and nothing of that file is imported. A directory gives its *.json files "
		"in name order, each on its own. Exit status: 0 when every report was read, 1 when "
		"some were refused, 2 when none could be read."));
	fprintf(out, "\n%s\n", _("An http:// or https:// URL is a WebDAV folder (as `tavle report "
		"status --json --put` fills it): its *.json files are listed (PROPFIND) and each is "
		"read (GET) and imported as a file would be; sub-folders, other files and hidden "
		"files are left out. A folder that cannot be listed (wrong password, no such "
		"folder, an answer cut short) is refused, and nothing of it is imported. The "
		"password comes from --password-file, else from ~/.netrc ($NETRC); it is never "
		"accepted on the command line or inside the URL, and never printed."));
}

/* `tavle report status --help`: where --put writes and how. */
static void
report_status_help(FILE *out)
{
	fprintf(out, "\n%s\n", _("--put URL uploads the JSON report (--json) to a WebDAV server. "
		"A URL ending in '/' is a folder: the report becomes CVR.json in it, named by the "
		"board's CVR number (a board without one is refused: the programme's import needs "
		"it); another URL is the file itself. The report is written under a hidden "
		"temporary name in the same folder and then moved onto its name (MOVE, Overwrite: "
		"T), so a reader never sees half a report; a server without MOVE gets a plain PUT, "
		"with a warning. The password comes from --password-file, else from ~/.netrc "
		"($NETRC); it is never accepted on the command line or inside the URL, and never "
		"printed."));
}

/* `tavle publish --help`: what happens and where the password comes from. (Here, not
 * in cmd_publish.c, which only tavle-helper links.) */
static void
publish_help(FILE *out)
{
	fputs(_("\nEach item becomes URL/<UID>.ics. Unchanged items are not sent again; items\n"
		"removed from the board are deleted from the collection; an item someone else\n"
		"changed on the server is reported as a conflict and left alone (exit status 1).\n"
		"The password comes from --password-file, else from ~/.netrc ($NETRC):\n"
		"  machine HOST login NAME password SECRET\n"
		"It is never accepted on the command line or inside the URL, and never printed.\n"),
		out);
}

/* `tavle restore --help`: what is checked and why never cp or mv. */
static void
restore_help(FILE *out)
{
	fputs(_("\nThe backup must pass SQLite's integrity check, be a tavle database and not\n"
		"come from a newer tavle (an older one is upgraded in the copy); the backup file\n"
		"itself is only read. Its content replaces the database's in one write, under\n"
		"the same lock as every change, and tavle log records it on each board. Open\n"
		"boards show the restored content. Never copy or move a file over a database\n"
		"in use: sessions that have it open would go on writing to the old file.\n"),
		out);
}

/* `tavle holidays --help`: what counts as a day off. */
static void
holidays_help(FILE *out)
{
	fputs(_("\nPublic holidays: nytårsdag, skærtorsdag, langfredag, påskedag, 2. påskedag,\n"
		"store bededag (until 2023), Kristi himmelfartsdag, pinsedag, 2. pinsedag, juledag,\n"
		"2. juledag. Customary days off in the public sector: grundlovsdag (5 June),\n"
		"juleaftensdag (24 December) and nytårsaftensdag (31 December). 1 May is not\n"
		"counted. A date set on a weekend or on any of these days is kept, with a note.\n"),
		out);
}

/* export ics, import ics, publish and export xlsx run in tavle-helper: their handler
 * is cli_helper_run. */
static const struct cli_command commands[] = {
	{ "init", NULL, "", N_("create a board from a template (the first one on a new database)"),
		cmd_init, init_opts, CLI_DB_INIT, 0, 0 },
	{ "boards", NULL, "", N_("the boards: authority, sector, progress, overdue count"),
		cmd_boards, boards_opts, CLI_DB_READ, 0, 0 },
	{ "board", "rename", "BOARD NEW", N_("rename a board"), cmd_board_rename, no_opts,
		CLI_DB_WRITE, 2, 2 },
	{ "board", "archive", "BOARD", N_("archive a board (hidden but kept)"), cmd_board_archive,
		no_opts, CLI_DB_WRITE, 1, 1 },
	{ "board", "unarchive", "BOARD", N_("bring an archived board back"), cmd_board_unarchive,
		no_opts, CLI_DB_WRITE, 1, 1 },
	{ "board", "rm", "BOARD", N_("remove a board with everything in it (asks)"), cmd_board_rm,
		board_rm_opts, CLI_DB_WRITE, 1, 1 },
	{ "portfolio", NULL, "", N_("template packages across boards: who is late or blocked"),
		cmd_portfolio, portfolio_opts, CLI_DB_READ, 0, 0 },
	{ "portfolio", "import", "FILE|DIR|URL...",
		N_("read status reports (report status --json) into this programme database"),
		cmd_portfolio_import, portfolio_import_opts, CLI_DB_INIT, 1, CLI_MAX_POS, import_help,
		cli_portfolio_import_needs_helper },
	{ "list", NULL, "", N_("list the task packages by area"), cmd_list, list_opts, CLI_DB_READ,
		0, 0 },
	{ "show", NULL, "PKG", N_("show every field of a package, its tasks and comments"), cmd_show,
		json_opts, CLI_DB_READ, 1, 1 },
	{ "set", NULL, "[KIND] ID FIELD VALUE",
		N_("change one field of a package, or of a KIND: task phase meeting decision person comment board"),
		cmd_set, set_opts, CLI_DB_WRITE, 2, 4, set_help },
	{ "add", "package", "", N_("add a task package"), cmd_add_package, add_package_opts,
		CLI_DB_WRITE, 0, 0 },
	{ "add", "task", "PKG", N_("add a task to a package"), cmd_add_task, add_task_opts,
		CLI_DB_WRITE, 1, 1 },
	{ "add", "meeting", "", N_("add a meeting"), cmd_add_meeting, add_meeting_opts, CLI_DB_WRITE,
		0, 0 },
	{ "add", "phase", "", N_("add a phase"), cmd_add_phase, add_phase_opts, CLI_DB_WRITE, 0, 0 },
	{ "add", "comment", "PKG TEXT", N_("add a comment to a package"), cmd_add_comment, no_opts,
		CLI_DB_WRITE, 2, 2 },
	{ "add", "decision", "", N_("add a management decision"), cmd_add_decision,
		add_decision_opts, CLI_DB_WRITE, 0, 0 },
	{ "add", "person", "", N_("add a person"), cmd_add_person, add_person_opts, CLI_DB_WRITE,
		0, 0 },
	{ "rm", NULL, "KIND ID",
		N_("remove a package (ID = its number), task, phase, meeting, comment, decision or person"),
		cmd_rm, no_opts, CLI_DB_WRITE, 2, 2 },
	{ "phases", NULL, "", N_("list the phases"), cmd_phases, json_opts, CLI_DB_READ, 0, 0 },
	{ "meetings", NULL, "", N_("list the meetings"), cmd_meetings, json_opts, CLI_DB_READ, 0, 0 },
	{ "decisions", NULL, "", N_("list the management decisions"), cmd_decisions, json_opts,
		CLI_DB_READ, 0, 0 },
	{ "people", NULL, "", N_("list the people and roles"), cmd_people, json_opts, CLI_DB_READ,
		0, 0 },
	{ "comments", NULL, "PKG", N_("list the comments of a package"), cmd_comments, json_opts,
		CLI_DB_READ, 1, 1 },
	{ "log", NULL, "[PKG]", N_("show the change history (who, when, field, old -> new)"), cmd_log,
		log_opts, CLI_DB_READ, 0, 1 },
	{ "undo", NULL, "[CHANGE]",
		N_("undo a change of the board's history (default: its last; undo again redoes)"),
		cmd_undo, no_opts, CLI_DB_WRITE, 0, 1 },
	{ "agenda", NULL, "", N_("overdue items, then deadlines and meetings by week"), cmd_agenda,
		agenda_opts, CLI_DB_READ, 0, 0 },
	{ "minimum", NULL, "", N_("the minimum requirements by area: done, deadline, package"),
		cmd_minimum, minimum_opts, CLI_DB_READ, 0, 0 },
	{ "report", "status", "", N_("the weekly status: progress, overdue, blocked, decisions, changes, next 30 days"),
		cmd_report_status, report_status_opts, CLI_DB_READ, 0, 0, report_status_help,
		report_needs_helper },
	{ "holidays", NULL, "[YEAR]",
		N_("Danish public holidays and customary days off of YEAR (default this year)"),
		cmd_holidays, json_opts, CLI_DB_NONE, 0, 1, holidays_help },
	{ "check", NULL, "", N_("check the database's integrity"), cmd_check, check_opts,
		CLI_DB_CHECK, 0, 0 },
	{ "backup", NULL, "FILE", N_("copy the database to a new FILE (consistent while in use)"),
		cmd_backup, no_opts, CLI_DB_READ, 1, 1 },
	{ "restore", NULL, "BACKUP",
		N_("put a backup back into the database, in place (open boards see it)"),
		cmd_restore, no_opts, CLI_DB_WRITE, 1, 1, restore_help },
	{ "template", "export", "DIR", N_("write the board as a template to DIR"),
		cmd_template_export, no_opts, CLI_DB_READ, 1, 1 },
	{ "template", "update", "DIR",
		N_("merge a newer version of the board's template from DIR into the board"),
		cmd_template_update, template_update_opts, CLI_DB_WRITE, 1, 1, template_update_help },
	{ "template", "conflicts", "", N_("the open conflicts of template updates"),
		cmd_template_conflicts, json_opts, CLI_DB_READ, 0, 0 },
	{ "template", "resolve", "KIND KEY FIELD theirs|mine",
		N_("resolve a template conflict: the programme's value, the board's, or --value TEXT"),
		cmd_template_resolve, template_resolve_opts, CLI_DB_WRITE, 3, 4 },
	{ "export", "ics", "", N_("export deadlines, tasks, meetings and phases as iCalendar"),
		cli_helper_run, export_opts, CLI_DB_READ, 0, 0 },
	{ "export", "csv", "", N_("export packages, tasks, phases and meetings as one CSV table"),
		cmd_export_csv, export_csv_opts, CLI_DB_READ, 0, 0 },
	{ "export", "xlsx", "", N_("export the board as an Excel workbook, one sheet per view"),
		cli_helper_run, export_xlsx_opts, CLI_DB_READ, 0, 0 },
	{ "report", "html", "",
		N_("the one-page plan as a self-contained HTML file: cards, timeline, what needs attention"),
		cmd_report_html, report_html_opts, CLI_DB_READ, 0, 0 },
	{ "import", "ics", "FILE", N_("import meetings from an iCalendar file (by UID)"),
		cli_helper_run, import_ics_opts, CLI_DB_WRITE, 1, 1 },
	{ "config", "check", "[FILE]", N_("check the configuration file (default ~/.config/tavle/config)"),
		cmd_config_check, no_opts, CLI_DB_NONE, 0, 1 },
	{ "config", "dump", "", N_("print the configuration in effect"), cmd_config_dump, no_opts,
		CLI_DB_NONE, 0, 0 },
	{ "complete", NULL, "KIND", N_("completion candidates: packages, boards, areas or statuses"),
		cmd_complete, no_opts, CLI_DB_NONE, 1, 1 },
	{ "publish", NULL, "URL", N_("publish the board's calendar to a CalDAV collection"),
		cli_helper_run, publish_opts, CLI_DB_WRITE, 1, 1, publish_help },
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void
overall_help(FILE *out)
{
	fprintf(out, "%s tavle [--db FILE] [--board NAME|ID] [COMMAND [ARGS] [OPTIONS]]\n\n%s\n\n%s\n",
		_("usage:"),
		_("tavle is a planning board for the \"Næste generation Digital Post\" programme.\n"
		"Without a command it opens the board in the terminal."),
		_("commands:"));
	for (size_t i = 0; i < NCOMMANDS; i++) {
		char left[64];
		snprintf(left, sizeof left, "%s%s%s%s%s", commands[i].name,
			commands[i].sub ? " " : "", commands[i].sub ? commands[i].sub : "",
			commands[i].usage[0] ? " " : "", commands[i].usage);
		fprintf(out, "  %-24s %s\n", left, _(commands[i].summary));
	}
	fprintf(out, "\n%s\n", _("global options:"));
	fputs(_(
		"  --db FILE         database (default $TAVLE_DB, else $XDG_DATA_HOME/tavle/tavle.db)\n"
		"  --board NAME|ID   board (default: the last used or only board; a successful\n"
		"                    change with --board, or opening it in the board view,\n"
		"                    makes it the last used one; reading never writes)\n"
		"  --help            this help; tavle COMMAND --help (or tavle help COMMAND)\n"
		"                    for a command's options\n"
		"  --version         print the version\n"
		"\nenvironment: TAVLE_NOW=YYYY-MM-DDTHH:MM:SSZ fixes the clock; "
		"TAVLE_USER=NAME is the name recorded in the history (default $SUDO_USER, "
		"else the login name); "
		"SOURCE_DATE_EPOCH fixes the export time.\n"
		"exit status: 0 ok, 1 failure, 2 bad usage or invalid input.\n"), out);
}

static void
group_help(FILE *out, const char *name)
{
	fprintf(out, "%s tavle %s WHAT ...\n\n", _("usage:"), name);
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0) {
			char left[64];
			snprintf(left, sizeof left, "%s %s %s", name, commands[i].sub, commands[i].usage);
			fprintf(out, "  %-24s %s\n", left, commands[i].summary);
		}
}

/* $TAVLE_USER (a display name until the config file exists), $SUDO_USER, login name. */
static char *
find_user(void)
{
	return tv_default_user();
}

static int
setup(struct cli *c)
{
	memset(c, 0, sizeof *c);
	char *localedir = cli_locale_dir();
	tv_i18n_init(localedir);
	free(localedir);
	const char *now = getenv("TAVLE_NOW");
	if (now && now[0]) {
		struct tv_diag diag = { 0 };
		if (tv_utc_parse(now, &c->now, &diag) != TV_OK)
			return cli_fail(c, CLI_USAGE, "TAVLE_NOW: %s", diag.msg[0] ? diag.msg : now);
	}
	c->user = find_user();
	/* The configuration file: its display name unless $TAVLE_USER says otherwise. */
	tv_config_load(&c->config, NULL);
	const char *env_user = getenv("TAVLE_USER");
	if (c->config.user && !(env_user && env_user[0])) {
		free(c->user);
		c->user = tv_xstrdup(c->config.user);
	}
	/* The name that would be recorded, checked like all text: a command that opens
	 * the database refuses a bad one (cli_open), so nothing is written with it. */
	const char *sudo = getenv("SUDO_USER"), *what = NULL, *name = NULL;
	if (env_user && env_user[0])
		what = "TAVLE_USER", name = env_user;
	else if (c->config.user)
		what = _("the user setting of the configuration file"), name = c->config.user;
	else if (sudo && sudo[0])
		what = "SUDO_USER", name = sudo;
	struct tv_diag ud;
	tv_diag_clear(&ud);
	if (name && tv_user_name_check(what, name, &ud) != TV_OK)
		c->user_error = tv_xstrdup(ud.msg);
	c->stdout_tty = isatty(STDOUT_FILENO);
	if (c->stdout_tty) {
		struct winsize ws;
		if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
			c->term_width = ws.ws_col;
		else
			c->term_width = 80;
	}
	return 0;
}

/* Global options before the command. Returns -1 to go on, or an exit code. */
static int
global_opts(struct cli *c, int argc, char **argv, int *i)
{
	for (; *i < argc; (*i)++) {
		const char *arg = argv[*i];
		if (arg[0] != '-' || !arg[1])
			return -1;
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			overall_help(stdout);
			return 0;
		}
		if (strcmp(arg, "--version") == 0) {
			printf("tavle %s\n", TAVLE_VERSION);
			return 0;
		}
		const char **slot = NULL;
		size_t len = 0;
		if (strncmp(arg, "--db", 4) == 0 && (arg[4] == '\0' || arg[4] == '=')) {
			slot = &c->db_arg;
			len = 4;
		} else if (strncmp(arg, "--board", 7) == 0 && (arg[7] == '\0' || arg[7] == '=')) {
			slot = &c->board_arg;
			len = 7;
		}
		if (!slot)
			return cli_fail(c, CLI_USAGE, "unknown option %s (see tavle --help)", arg);
		if (arg[len] == '=') {
			*slot = arg + len + 1;
		} else if (*i + 1 < argc) {
			*slot = argv[++(*i)];
		} else {
			return cli_fail(c, CLI_USAGE, "option %s needs an argument", arg);
		}
	}
	return -1;
}

static const struct cli_command *
find_command(struct cli *c, int argc, char **argv, int *i, int *rc)
{
	const char *name = argv[*i];
	bool known = false, grouped = false;
	/* A command with a second word ("portfolio import") wins over the same name alone
	 * ("portfolio"), wherever the table lists it. */
	for (size_t k = 0; k < NCOMMANDS && *i + 1 < argc; k++) {
		if (commands[k].sub && strcmp(commands[k].name, name) == 0 &&
		    strcmp(commands[k].sub, argv[*i + 1]) == 0) {
			*i += 2;
			return &commands[k];
		}
	}
	for (size_t k = 0; k < NCOMMANDS; k++) {
		if (strcmp(commands[k].name, name) != 0)
			continue;
		known = true;
		if (!commands[k].sub) {
			(*i)++;
			return &commands[k];
		}
		grouped = true;
		if (*i + 1 < argc && strcmp(commands[k].sub, argv[*i + 1]) == 0) {
			*i += 2;
			return &commands[k];
		}
	}
	if (!known) {
		*rc = cli_fail(c, CLI_USAGE, "unknown command '%s' (see tavle --help)", name);
		return NULL;
	}
	(void)grouped;
	if (*i + 1 < argc && (strcmp(argv[*i + 1], "--help") == 0 || strcmp(argv[*i + 1], "-h") == 0)) {
		group_help(stdout, name);
		*rc = 0;
		return NULL;
	}
	char subs[128] = "";
	for (size_t k = 0; k < NCOMMANDS; k++)
		if (strcmp(commands[k].name, name) == 0 && strlen(subs) + strlen(commands[k].sub) + 3 < sizeof subs) {
			strcat(subs, subs[0] ? ", " : "");
			strcat(subs, commands[k].sub);
		}
	if (*i + 1 < argc)
		*rc = cli_fail(c, CLI_USAGE, "unknown kind '%s' for '%s' (one of: %s)", argv[*i + 1], name,
			subs);
	else
		*rc = cli_fail(c, CLI_USAGE, "'%s' needs one of: %s (see tavle %s --help)", name, subs,
			name);
	return NULL;
}

int
cli_main(int argc, char **argv)
{
	struct cli cli;
	struct cli *c = &cli;
	int rc = setup(c);
	if (rc)
		goto out;
	int i = 1;
	if ((rc = global_opts(c, argc, argv, &i)) >= 0)
		goto out;
	if (i >= argc) {
		tui_config_check(&c->config);
		cli_config_warn(c);
		rc = cmd_tui(c);
		goto out;
	}
	/* "tavle help [CMD [SUB]]" is "tavle [CMD [SUB]] --help". */
	if (strcmp(argv[i], "help") == 0) {
		if (++i >= argc) {
			overall_help(stdout);
			rc = 0;
			goto out;
		}
		bool group = false;
		for (size_t k = 0; k < NCOMMANDS; k++)
			if (strcmp(commands[k].name, argv[i]) == 0 && commands[k].sub)
				group = true;
		if (group && i + 1 >= argc) {
			group_help(stdout, argv[i]);
			rc = 0;
			goto out;
		}
		const struct cli_command *hc = find_command(c, argc, argv, &i, &rc);
		if (hc) {
			cli_command_help(stdout, hc);
			rc = 0;
		}
		goto out;
	}
	const struct cli_command *cmd = find_command(c, argc, argv, &i, &rc);
	if (!cmd)
		goto out;
	/* The helper's commands: tavle-helper does the whole command (helper_exec.c). */
	bool helper = cmd->run == cli_helper_run;
	struct cli_args peek;
	if (!helper && cmd->needs_helper && cli_parse_quietly(cmd, argc, argv, i, &peek))
		helper = cmd->needs_helper(&peek);
	if (helper && (rc = cli_helper_exec(c, cmd, argv)) >= 0)
		goto out;
	if (strcmp(cmd->name, "config") != 0)
		cli_config_warn(c);
	struct cli_args args;
	if ((rc = cli_parse(c, cmd, argc, argv, i, &args)) >= 0)
		goto out;
	if (cmd->db == CLI_DB_INIT && cli_opt_value(&args, "shared") &&
		(rc = cli_prepare_shared(c, cli_opt_value(&args, "shared"))))
		goto out;
	if ((rc = cli_open(c, cmd->db)))
		goto out;
	/* Every file this command writes is no wider than the database (fileio.h). */
	tv_out_set_origin(cmd->db == CLI_DB_NONE ? NULL : c->db_path);
	rc = cmd->run(c, &args);
	if (rc != 0 && cmd->db == CLI_DB_INIT)
		cli_discard_new(c);
	/* Explicit --board on a successful write marks that board as the last used one. */
	if (rc == 0 && c->wrote && c->board_arg && c->board_id && c->store) {
		enum tv_status st = tv_store_board_touch(c->store, c->board_id);
		if (st != TV_OK)
			rc = cli_store_fail(c, st);
	}
out:
	cli_close(c);
	free(c->db_path);
	free(c->user);
	free(c->user_error);
	free(c->sharing_report);
	tv_config_clear(&c->config);
	errno = 0;
	if (fflush(stdout) != 0 && rc == 0)
		rc = cli_fail(c, CLI_FAIL, "cannot write to standard output: %s",
			strerror(errno ? errno : EIO));
	return rc;
}
