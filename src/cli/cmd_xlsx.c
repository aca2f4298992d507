/* SPDX-License-Identifier: MPL-2.0 */
/*
 * `tavle export xlsx`: the board as an Excel workbook (tv_xlsx_export, tavle/csv.h).
 * Apart from cmd_sheet.c's CSV export because it is linked into tavle-helper only:
 * libxlsxwriter stays out of the main binary (see helper_exec.c). Depends on the core
 * API only.
 */
#include <string.h>

#include "cli.h"
#include "tavle/csv.h"
#include "tavle/i18n.h"

static enum tv_status
write_xlsx(const struct tv_board_data *d, const void *ctx, struct tv_diag *diag)
{
	return tv_xlsx_export(ctx, d, tv_i18n_danish(), diag);
}

int
cmd_export_xlsx(struct cli *c, const struct cli_args *a)
{
	const char *out = cli_opt_value(a, "output");
	if (!out || !out[0])
		return cli_fail(c, CLI_USAGE, "export xlsx needs -o FILE (or -o - for standard "
			"output that is not a terminal)");
	return cli_write_board(c, write_xlsx, out);
}
