/* SPDX-License-Identifier: MPL-2.0 */
/*
 * `tavle report html`: the one-page plan of a board as a self-contained HTML file
 * (tavle/html.h writes the document). This module resolves the board, the report date
 * (TAVLE_NOW or today), the language and the paper, and writes the file atomically
 * through tv_out_open ("-" or no -o: standard output). The board's P writes the same
 * document through cli_report_html_write. Depends on the core API only.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tavle/fileio.h"
#include "tavle/html.h"
#include "tavle/i18n.h"

enum tv_status
cli_report_html_write(const struct tv_board_data *d, int32_t today, const char *path,
	enum tv_html_paper paper, struct tv_diag *diag)
{
	struct tv_html_opts o = {
		.today = today,
		.danish = tv_i18n_names_danish(),
		.lang = tv_i18n_danish() ? "da" : "en",
		.paper = paper,
	};
	size_t len = 0;
	char *doc = tv_html_plan(d, &o, &len);
	struct tv_out_file f;
	enum tv_status st = tv_out_open(path ? path : "-", TV_OUT_STDOUT, &f, diag);
	if (st == TV_OK) {
		errno = 0;
		if (fwrite(doc, 1, len, f.fp) != len) {
			st = tv_diag_set(diag, TV_IO, "cannot write %s: %s", f.path,
				strerror(errno ? errno : EIO));
			tv_out_abort(&f);
		} else {
			st = tv_out_commit(&f, diag);
		}
	}
	free(doc);
	return st;
}

struct report_ctx {
	const struct cli *c;
	const char *path;
	enum tv_html_paper paper;
};

static enum tv_status
write_report(const struct tv_board_data *d, const void *ctx, struct tv_diag *diag)
{
	const struct report_ctx *r = ctx;
	return cli_report_html_write(d, cli_today(r->c), r->path, r->paper, diag);
}

int
cmd_report_html(struct cli *c, const struct cli_args *a)
{
	struct report_ctx r = { c, cli_opt_value(a, "output"), TV_HTML_A4 };
	if (r.path && !r.path[0])
		return cli_fail(c, CLI_USAGE, "-o needs a file name or '-'");
	const char *paper = cli_opt_value(a, "paper");
	if (paper && strcmp(paper, "a3") == 0)
		r.paper = TV_HTML_A3;
	else if (paper && strcmp(paper, "a4") != 0)
		return cli_fail(c, CLI_USAGE, "--paper is a4 or a3, not '%s'", paper);
	return cli_write_board(c, write_report, &r);
}
