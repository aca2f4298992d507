/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The weekly status report from the board (the status-report request, R): a prompt
 * prefilled with ~/tavle-status-<board name>.md (as the calendar export's X), then the
 * report of the last 7 days written there atomically, the same text as `tavle report
 * status` (tavle/report.h makes it; tavle/fileio.h writes it); the status line says
 * the path written or why nothing was. Depends on the widgets, the core and tui.h only.
 */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "tavle/fileio.h"
#include "tavle/report.h"

/* Write the report of the shown board to `path`: NULL, or why not (caller frees). */
static char *
write_report(struct app *app, const char *path)
{
	int32_t since = app->today - TV_REPORT_DAYS_BACK;
	struct tv_history *h = NULL;
	size_t nh = 0;
	enum tv_status st = tv_store_history(app->store, app->board_id, 0, since, 0, &h, &nh);
	if (st != TV_OK)
		return tv_xstrdup(tv_status_message(st));
	struct tv_report r;
	tv_report_status(app->data, h, nh, app->today, since, &r);
	for (size_t i = 0; i < nh; i++)
		tv_history_clear(&h[i]);
	free(h);
	char *text = tv_report_status_text(app->data, &r);
	tv_report_free(&r);
	struct tv_diag diag = { 0 };
	struct tv_out_file f;
	char *why = NULL;
	st = tv_out_open(path, 0, &f, &diag);
	if (st == TV_OK) {
		fputs(text, f.fp);
		st = tv_out_commit(&f, &diag);
	}
	if (st != TV_OK)
		why = tv_xstrdup(diag.msg[0] ? diag.msg : tv_status_message(st));
	free(text);
	return why;
}

unsigned
status_report_write(struct app *app)
{
	if (!app->data)
		return H_REDRAW;
	char *def = export_path_in_home(app, "tavle-status-", ".md");
	char *path = ui_prompt_line(app, "Write the status report to: ", def, NULL, NULL);
	free(def);
	if (!path)
		return H_REDRAW;
	if (!path[0]) {
		free(path);
		app_message(app, ST_HINT, "Nothing written (no file name)");
		return H_REDRAW;
	}
	char *why = write_report(app, path);
	if (why) {
		app_message(app, ST_ERROR, "Status report not written: %s", why);
		free(why);
	} else {
		app_message(app, ST_OK, "Status report written to %s", path);
	}
	free(path);
	return H_REDRAW;
}
