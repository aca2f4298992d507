/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Board commands: `tavle init` (a board from a template) and the
 * entry into the TUI when no command is given. Which board is "last used" is decided
 * here and in commands.c: the TUI marks the board it opens; `--board` on a successful
 * write marks that board; `init` keeps the previous default board (or marks the new
 * board when there was none); read-only commands never write. The TUI's calendar
 * export runs `export ics` through the helper from here (tui_export_ics).
 * Depends on the core API and src/tui/tui.h (the entry point only).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "../tui/tui.h"
#include "tavle/buf.h"
#include "tavle/cvr.h"
#include "tavle/date.h"
#include "tavle/template.h"
#include "tavle/text.h"

#define DEFAULT_BOARD_NAME "Næste generation Digital Post"

static bool
board_name_taken(struct cli *c, const char *name, int *rc)
{
	struct tv_board *boards = NULL;
	size_t n = 0;
	enum tv_status st = tv_store_boards(c->store, true, &boards, &n);
	if (st != TV_OK) {
		*rc = cli_store_fail(c, st);
		return false;
	}
	bool taken = false;
	for (size_t i = 0; i < n; i++) {
		if (boards[i].name && strcmp(boards[i].name, name) == 0)
			taken = true;
		tv_board_clear(&boards[i]);
	}
	free(boards);
	*rc = 0;
	return taken;
}

int
cmd_init(struct cli *c, const struct cli_args *a)
{
	const char *name = cli_opt_value(a, "name");
	const char *authority = cli_opt_value(a, "authority");
	const char *sector_s = cli_opt_value(a, "sector");
	const char *start_s = cli_opt_value(a, "start");
	const char *dir = cli_opt_value(a, "template");
	const char *cvr_s = cli_opt_value(a, "cvr");
	int rc;

	/* Validate everything before writing anything. */
	enum tv_sector sector = TV_SECTOR_MUNICIPALITY;
	if (sector_s && !tv_sector_from_key(sector_s, &sector))
		return cli_fail(c, CLI_USAGE, "unknown sector '%s' (municipality, region or state)",
			sector_s);
	int32_t start = cli_today(c);
	if (start_s && (rc = cli_parse_day(c, "start date", start_s, &start)))
		return rc;
	if (name && (rc = cli_check_field(c, TV_FIELD_BOARD_name, "board name", name, false)))
		return rc;
	char cvr[TV_CVR_BUF] = "";
	const char *why = cvr_s ? tv_cvr_check(cvr_s, cvr) : NULL;
	if (why) {
		char *q = cli_clean(cvr_s);
		rc = cli_fail(c, CLI_USAGE, "--cvr: '%s' is not a CVR number: it %s", q, _(why));
		free(q);
		return rc;
	}
	/* --authority given must name one (the field itself may be empty). */
	if (authority && (rc = cli_check_text(c, "authority", authority,
		tv_field_info(TV_FIELD_BOARD_authority)->max, false, true)))
		return rc;

	struct tv_diag diag = { 0 };
	struct tv_template *tpl = NULL;
	enum tv_status st = dir ? tv_template_load_dir(dir, &tpl, &diag)
	                        : tv_template_load_default(&tpl, &diag);
	if (st != TV_OK)
		return cli_diag_fail(c, st == TV_IO || st == TV_NOT_FOUND ? TV_INVALID : st, &diag);

	const char *tname = tpl->name && tpl->name[0] ? tpl->name : "tavle";
	if (!name) {
		bool taken = board_name_taken(c, DEFAULT_BOARD_NAME, &rc);
		if (rc)
			goto done;
		if (taken) {
			rc = cli_fail(c, CLI_USAGE,
				"a board named %s already exists; give the new one a name with --name",
				DEFAULT_BOARD_NAME);
			goto done;
		}
		name = DEFAULT_BOARD_NAME;
	} else {
		bool taken = board_name_taken(c, name, &rc);
		if (rc)
			goto done;
		if (taken) {
			rc = cli_fail(c, CLI_USAGE, "a board named %s already exists", name);
			goto done;
		}
	}

	int64_t previous = 0;
	if (tv_store_board_default(c->store, &previous) != TV_OK)
		previous = 0;

	struct tv_board board = { 0 };
	board.name = tv_xstrdup(name);
	board.authority = tv_xstrdup(authority ? authority : TV_DEFAULT_AUTHORITY);
	board.sector = sector;
	board.start = start;
	if ((st = tv_store_begin(c->store)) != TV_OK) {
		rc = cli_store_fail(c, st);
		tv_board_clear(&board);
		goto done;
	}
	st = tv_template_instantiate(c->store, tpl, &board, &diag);
	if (st != TV_OK) {
		tv_store_rollback(c->store);
		rc = diag.msg[0] ? cli_diag_fail(c, st, &diag) : cli_store_fail(c, st);
		tv_board_clear(&board);
		goto done;
	}
	/* Keep the board people were using as the default; a first board becomes it. */
	st = cvr[0] ? tv_store_set(c->store, TV_KIND_BOARD, board.id, "cvr", cvr, 0, NULL, NULL) :
		TV_OK;
	if (st == TV_OK)
		st = tv_store_board_touch(c->store, previous ? previous : board.id);
	if (st == TV_OK)
		st = tv_store_commit(c->store);
	if (st != TV_OK) {
		tv_store_rollback(c->store);
		rc = cli_store_fail(c, st);
		tv_board_clear(&board);
		goto done;
	}
	char *cname = cli_clean(board.name), *ctpl = cli_clean(dir ? dir : tname);
	printf(_("created board %s (id %lld) from template %s with %zu packages\n"), cname,
		(long long)board.id, ctpl, tpl->npackages);
	free(cname);
	free(ctpl);
	tv_board_clear(&board);
	rc = 0;
done:
	tv_template_free(tpl);
	return rc;
}

/* The board's calendar export (tui_options.export_ics): `tavle-helper --db DB --board
 * ID export ics --output PATH` as a child process, so the file holds the bytes `tavle
 * export ics` writes (same command, same code, same environment and clock). Its output
 * is collected, not shown: the last line of it is the reason for a failure. */
static char *
tui_export_ics(void *ctx, int64_t board_id, const char *path)
{
	struct cli *c = ctx;
	char *why = NULL;
	char *helper = cli_helper_path(&why);
	if (!helper)
		return why;
	char board[32];
	snprintf(board, sizeof board, "%lld", (long long)board_id);
	char *argv[] = { helper, (char *)"--db", c->db_path, (char *)"--board", board,
		(char *)"export", (char *)"ics", (char *)"--output", (char *)path, NULL };
	int fd[2];
	if (pipe(fd) != 0) {
		free(helper);
		return tv_xstrdup(strerror(errno));
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fd[1], STDOUT_FILENO);
		dup2(fd[1], STDERR_FILENO);
		close(fd[0]);
		close(fd[1]);
		execv(helper, argv);
		_exit(127);
	}
	int err = errno;
	close(fd[1]);
	if (pid < 0) {
		close(fd[0]);
		free(helper);
		return tv_xstrdup(strerror(err));
	}
	struct tv_buf out = TV_BUF_INIT;
	char chunk[4096];
	ssize_t r;
	while ((r = read(fd[0], chunk, sizeof chunk)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			break;
		if (out.len < 65536)
			tv_buf_add(&out, chunk, (size_t)r);
	}
	close(fd[0]);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		free(out.p);
		free(helper);
		return NULL;
	}
	/* The last line said is the reason, without the program's name. */
	char *text = out.p ? out.p : tv_xstrdup("");
	size_t n = strlen(text);
	while (n && (text[n - 1] == '\n' || text[n - 1] == ' '))
		text[--n] = '\0';
	char *line = strrchr(text, '\n');
	line = line ? line + 1 : text;
	if (strncmp(line, "tavle: ", 7) == 0)
		line += 7;
	if (*line)
		why = tv_xstrdup(line);
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		why = tv_xasprintf(_("cannot run %s"), helper);
	else
		why = tv_xasprintf(_("%s stopped with status %d"), "tavle export ics",
			WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	free(text);
	free(helper);
	return why;
}

int
cmd_tui(struct cli *c)
{
	if (!c->stdout_tty)
		return cli_fail(c, CLI_USAGE,
			"standard output is not a terminal; try 'tavle list' (or tavle --help)");
	if (!isatty(STDIN_FILENO))
		return cli_fail(c, CLI_USAGE,
			"standard input is not a terminal; try 'tavle list' (or tavle --help)");
	/* Before the database is opened: a wrong TERM must not create or touch it. */
	char *problem = tui_terminal_problem();
	if (problem) {
		int code = cli_fail(c, CLI_USAGE, "%s", problem);
		free(problem);
		return code;
	}
	int rc = cli_open(c, CLI_DB_BOARD);
	if (rc)
		return rc;
	if ((rc = cli_board(c)))
		return rc;
	struct tui_options opt = { 0 };
	opt.touch_board = true;
	opt.db_path = c->db_path;
	opt.first_run = c->first_run;
	opt.now = c->now;
	opt.notice = c->sharing_report;
	opt.config = &c->config;
	opt.export_ics = tui_export_ics;
	opt.export_ctx = c;
	return tui_run(c->store, c->board_id, &opt);
}
