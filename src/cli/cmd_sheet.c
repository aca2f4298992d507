/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Spreadsheet exports on the command line: `export csv` (RFC 4180, or --excel for a
 * Danish Excel); `export xlsx` is in cmd_xlsx.c (tavle-helper). The formats themselves
 * live in the core (tavle/csv.h); this module only resolves the board and the target
 * file.
 * Depends on the core API only.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tavle/csv.h"
#include "tavle/fileio.h"
#include "tavle/i18n.h"

static enum tv_status
write_csv(const struct tv_board_data *d, const void *ctx, struct tv_diag *diag)
{
	const struct cli_args *a = ctx;
	const char *out = cli_opt_value(a, "output");
	unsigned flags = (cli_flag(a, "excel") ? TV_CSV_EXCEL : 0) |
		(tv_i18n_danish() ? TV_CSV_DANISH : 0);
	if (!out || strcmp(out, "-") == 0) {
		enum tv_status st = tv_csv_export(stdout, d, flags, diag);
		errno = 0;
		if (st == TV_OK && fflush(stdout) != 0)
			st = tv_diag_set(diag, TV_IO, "cannot write to standard output: %s",
				strerror(errno ? errno : EIO));
		return st;
	}
	struct tv_out_file f;
	enum tv_status st = tv_out_open(out, TV_OUT_STDOUT, &f, diag);
	if (st != TV_OK)
		return st;
	st = tv_csv_export(f.fp, d, flags, diag);
	if (st == TV_OK)
		return tv_out_commit(&f, diag);
	tv_out_abort(&f);
	return st;
}

int
cmd_export_csv(struct cli *c, const struct cli_args *a)
{
	const char *out = cli_opt_value(a, "output");
	if (out && !out[0])
		return cli_fail(c, CLI_USAGE, "-o needs a file name or '-'");
	return cli_write_board(c, write_csv, a);
}
