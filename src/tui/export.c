/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The calendar export from the board (the export-calendar request, X): a prompt
 * prefilled with the default path, ~/tavle-<board name>.ics, then the file written by
 * the front end's export hook (struct tui_options), which runs `tavle export ics
 * --output PATH` on this database and board, so the bytes are those of the command
 * line; the status line says the path written or why nothing was. The TUI links no
 * libical: the hook is the command line's. The one-page plan (export-plan, P) is
 * written the same way to ~/tavle-plan-<board name>.html, from the board's snapshot
 * by the core's tv_html_plan (no library the TUI lacks), atomically through
 * tv_out_open, as `tavle report html -o PATH` writes it. Depends on the widgets,
 * tui.h and the core API only.
 */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "tavle/buf.h"
#include "tavle/fileio.h"
#include "tavle/html.h"
#include "tavle/i18n.h"

/* The board's name as a file name: letters and digits kept (UTF-8 too), '-' for
 * every run of anything else, none at either end. */
static char *
file_name_part(const char *name)
{
	struct tv_buf b = TV_BUF_INIT;
	bool dash = false;
	for (const unsigned char *s = (const unsigned char *)(name ? name : ""); *s; s++) {
		bool keep = *s >= 0x80 || (*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') ||
			(*s >= 'A' && *s <= 'Z') || *s == '_';
		if (!keep) {
			dash = b.len > 0;
			continue;
		}
		if (dash)
			tv_buf_add(&b, "-", 1);
		dash = false;
		tv_buf_add(&b, (const char *)s, 1);
	}
	if (!b.len)
		tv_buf_adds(&b, "board");
	return tv_buf_detach(&b, NULL);
}

char *
export_path_in_home(const struct app *app, const char *prefix, const char *ext)
{
	const char *home = getenv("HOME");
	char *part = file_name_part(app->data ? app->data->board.name : NULL);
	char *path = home && home[0] == '/' ?
		tv_xasprintf("%s%s%s%s%s", home, home[strlen(home) - 1] == '/' ? "" : "/", prefix,
			part, ext) :
		tv_xasprintf("%s%s%s", prefix, part, ext);
	free(part);
	return path;
}

char *
export_default_path(const struct app *app)
{
	return export_path_in_home(app, "tavle-", ".ics");
}

unsigned
export_calendar(struct app *app)
{
	if (!app->opt->export_ics) {
		app_message(app, ST_ERROR, "This tavle cannot export the calendar from the board; "
			"use tavle export ics");
		return H_REDRAW;
	}
	char *def = export_default_path(app);
	char *path = ui_prompt_line(app, "Export the calendar to: ", def, NULL, NULL);
	free(def);
	if (!path)
		return H_REDRAW;
	if (!path[0]) {
		free(path);
		app_message(app, ST_HINT, "Nothing exported (no file name)");
		return H_REDRAW;
	}
	char *why = app->opt->export_ics(app->opt->export_ctx, app->board_id, path);
	if (why) {
		app_message(app, ST_ERROR, "Calendar not written: %s", why);
		free(why);
	} else {
		app_message(app, ST_OK, "Calendar written to %s", path);
	}
	free(path);
	return H_REDRAW;
}

unsigned
export_plan(struct app *app)
{
	if (!app->data) {
		app_message(app, ST_ERROR, "No board to write a plan of");
		return H_REDRAW;
	}
	char *def = export_path_in_home(app, "tavle-plan-", ".html");
	char *path = ui_prompt_line(app, "Write the plan to: ", def, NULL, NULL);
	free(def);
	if (!path)
		return H_REDRAW;
	if (!path[0]) {
		free(path);
		app_message(app, ST_HINT, "Nothing written (no file name)");
		return H_REDRAW;
	}
	struct tv_html_opts o = {
		.today = app->today,
		.danish = tv_i18n_names_danish(),
		.lang = tv_i18n_danish() ? "da" : "en",
		.paper = TV_HTML_A4,
	};
	size_t len = 0;
	char *doc = tv_html_plan(app->data, &o, &len);
	struct tv_diag diag = { 0 };
	struct tv_out_file f;
	enum tv_status st = tv_out_open(path, 0, &f, &diag);
	if (st == TV_OK) {
		if (fwrite(doc, 1, len, f.fp) != len) {
			st = tv_diag_set(&diag, TV_IO, "cannot write %s", path);
			tv_out_abort(&f);
		} else {
			st = tv_out_commit(&f, &diag);
		}
	}
	free(doc);
	if (st != TV_OK) {
		char *why = tv_text_clip_visible(diag.msg, 300);
		app_message(app, ST_ERROR, "Plan not written: %s", why);
		free(why);
	} else {
		char *shown = tv_text_clip_visible(path, 300);
		app_message(app, ST_OK, "Plan written to %s", shown);
		free(shown);
	}
	free(path);
	return H_REDRAW;
}
