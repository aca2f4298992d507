/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The board switcher (b): every board of the database with its authority, sector,
 * progress (done / packages) and overdue count, from one aggregate in the store
 * (tv_store_board_summaries). Enter switches the app to the board (and marks it last
 * used); n creates a board from the default or another template; r renames; A archives
 * or brings back (archived boards are hidden but kept; H shows them); d deletes after
 * the board's name is typed. Depends on the core API; never on SQLite.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "tavle/date.h"
#include "tavle/portfolio.h"
#include "tavle/template.h"
#include "tavle/text.h"

struct boards {
	struct tv_board_summary *v;
	size_t n;            /* the base's cursor: v->selected, v->top, v->count */
	bool show_archived;
};

static void
clear_list(struct boards *b)
{
	for (size_t i = 0; i < b->n; i++)
		tv_board_clear(&b->v[i].board);
	free(b->v);
	b->v = NULL;
	b->n = 0;
}

/* Reload the list, keeping the selection on board `keep` (0: the same index). */
static void
load(struct view *v, struct app *app, int64_t keep)
{
	struct boards *b = v->priv;
	struct tv_board_summary *list = NULL;
	size_t n = 0;
	enum tv_status st = tv_store_board_summaries(app->store, b->show_archived, app->today,
		&list, &n);
	if (st != TV_OK) {
		app_store_error(app, st);
		return;
	}
	clear_list(b);
	b->v = list;
	b->n = n;
	if (keep) {
		for (size_t i = 0; i < n; i++)
			if (list[i].board.id == keep)
				v->selected = (int)i;
	}
	v->count = (int)n;
	if (v->selected >= v->count)
		v->selected = n ? v->count - 1 : 0;
}

static void
boards_draw(struct view *v, struct app *app)
{
	struct boards *b = v->priv;
	char note[64];
	snprintf(note, sizeof note, _("boards: %zu%s"), b->n, b->show_archived ? _(" (with archived)") : "");
	WINDOW *w = view_draw_begin(v, app, note);
	int rows = getmaxy(w), cols = getmaxx(w);
	/* Columns from the right: overdue 8, progress 9, sector 9; name and authority
	 * share the rest. */
	int right = 8 + 9 + 10;
	int flex = cols - 3 - right;
	int wname = flex * 45 / 100, wauth = flex - wname;
	attr_t head = style_attr(ST_HEADING);
	ui_fill_line(w, 0, 0, cols, head);
	ui_put_text(w, 0, 3, wname - 1, _("Board"), head);
	ui_put_text(w, 0, 3 + wname, wauth - 1, _("Authority"), head);
	ui_put_text(w, 0, 3 + flex, 9, _("Sector"), head);
	ui_put_text(w, 0, 3 + flex + 10, 8, _("    Done"), head);
	ui_put_text(w, 0, 3 + flex + 19, 8, _(" Overdue"), head);
	int list = rows - 1;
	view_keep_visible(v, list);
	for (int r = 0; r < list && v->top + r < (int)b->n; r++) {
		size_t i = (size_t)(v->top + r);
		const struct tv_board_summary *s = &b->v[i];
		bool sel = (int)i == v->selected;
		attr_t base = sel ? style_attr(ST_SELECTED) :
			style_attr(s->board.archived ? ST_DONE : ST_NORMAL);
		int y = r + 1;
		if (sel)
			ui_fill_line(w, y, 0, cols, base);
		ui_put_text(w, y, 1, 1, s->board.id == app->board_id ? "*" : " ", base | A_BOLD);
		char *name = tv_xasprintf("%s%s", s->board.name ? s->board.name : "",
			s->board.archived ? _(" (archived)") : "");
		ui_put_text(w, y, 3, wname - 1, name, base);
		free(name);
		ui_put_text(w, y, 3 + wname, wauth - 1, s->board.authority ? s->board.authority : "",
			base);
		ui_put_text(w, y, 3 + flex, 9, tv_sector_name(s->board.sector, tv_i18n_names_danish()), base);
		char prog[32], over[32];
		snprintf(prog, sizeof prog, "%5lld/%-3lld", (long long)s->done,
			(long long)s->packages);
		snprintf(over, sizeof over, "%8lld", (long long)s->overdue);
		ui_put_text(w, y, 3 + flex + 10, 9, prog, base);
		ui_put_text(w, y, 3 + flex + 19, 8, over,
			!sel && s->overdue ? style_attr(ST_OVERDUE) : base);
	}
	if (b->n == 0)
		ui_put_text(w, 2, 3, cols - 4, _("No boards. n creates one; H shows archived boards."),
			style_attr(ST_HINT));
	wnoutrefresh(w);
}

static const struct tv_board_summary *
selected(const struct view *v)
{
	const struct boards *b = v->priv;
	return b->n ? &b->v[v->selected] : NULL;
}

/* n: name, authority, sector, start, template directory (blank = the default). */
static void
create_board(struct view *v, struct app *app)
{
	char *name = NULL, *auth = NULL, *start = NULL, *dir = NULL;
	struct tv_template *tpl = NULL;
	struct tv_board board = { 0 };
	name = ui_prompt_line(app, "New board name: ", "", NULL, NULL);
	if (!name || !*name) {
		app_message(app, ST_HINT, "No board created");
		goto out;
	}
	int64_t exists;
	if (tv_store_board_find(app->store, name, &exists) == TV_OK) {
		app_message(app, ST_ERROR, "A board named %s already exists", name);
		goto out;
	}
	auth = ui_prompt_line(app, "Authority: ", "", NULL, NULL);
	if (!auth)
		goto cancelled;
	const char *items[TV_SECTOR_COUNT];
	for (int i = 0; i < TV_SECTOR_COUNT; i++)
		items[i] = tv_sector_name((enum tv_sector)i, tv_i18n_names_danish());
	int sector = ui_menu_choose(app, "Sector", items, TV_SECTOR_COUNT, 0);
	if (sector < 0)
		goto cancelled;
	char today[TV_DATE_BUF];
	tv_date_format(app->today, today);
	struct date_rule rule = { .today = app->today, .base_day = TV_NO_DAY };
	start = ui_prompt_checked(app, "Programme start: ", today, ui_check_date, &rule);
	if (!start)
		goto cancelled;
	int32_t day;
	struct tv_diag diag = { 0 };
	if (tv_date_parse(start, app->today, &day, &diag) != TV_OK) {
		app_message(app, ST_ERROR, "%s", diag.msg);
		goto out;
	}
	dir = ui_prompt_line(app, "Template directory (blank = default): ", "", NULL, NULL);
	if (!dir)
		goto cancelled;
	enum tv_status st = *dir ? tv_template_load_dir(dir, &tpl, &diag)
	                         : tv_template_load_default(&tpl, &diag);
	if (st != TV_OK) {
		app_message(app, ST_ERROR, "%s", diag.msg[0] ? diag.msg : tv_status_message(st));
		goto out;
	}
	board.name = tv_xstrdup(name);
	board.authority = tv_xstrdup(*auth ? auth : "Min myndighed");
	board.sector = (enum tv_sector)sector;
	board.start = day;
	st = tv_template_instantiate(app->store, tpl, &board, &diag);
	if (st != TV_OK) {
		if (diag.msg[0])
			app_message(app, ST_ERROR, "%s", diag.msg);
		else
			app_store_error(app, st);
		goto out;
	}
	load(v, app, board.id);
	app_message(app, ST_OK, "Created board %s; Enter switches to it", name);
	goto out;
cancelled:
	app_message(app, ST_HINT, "No board created");
out:
	tv_board_clear(&board);
	tv_template_free(tpl);
	free(name);
	free(auth);
	free(start);
	free(dir);
}

static void
rename_board(struct view *v, struct app *app, const struct tv_board_summary *s)
{
	int64_t id = s->board.id;
	char *name = ui_prompt_line(app, "Rename board to: ", s->board.name, NULL, NULL);
	if (!name || !*name) {
		free(name);
		app_message(app, ST_HINT, "Not renamed");
		return;
	}
	enum tv_status st;
	APP_RETRY(app, st, tv_store_set(app->store, TV_KIND_BOARD, id, "name", name,
		s->board.version, NULL, NULL));
	if (st != TV_OK) {
		app_store_error(app, st);
	} else {
		if (id == app->board_id)
			app_reload(app);   /* the title line shows the name */
		load(v, app, id);
		app_message(app, ST_OK, "Renamed to %s", name);
	}
	free(name);
}

static void
archive_board(struct view *v, struct app *app, const struct tv_board_summary *s)
{
	int64_t id = s->board.id;
	bool to = !s->board.archived;
	if (to && id == app->board_id) {
		app_message(app, ST_ERROR, "This board is open; switch to another before archiving it");
		return;
	}
	char *name = tv_xstrdup(s->board.name ? s->board.name : "");
	enum tv_status st;
	APP_RETRY(app, st, tv_store_set(app->store, TV_KIND_BOARD, id, "archived",
		to ? "yes" : "no", s->board.version, NULL, NULL));
	if (st != TV_OK) {
		app_store_error(app, st);
	} else {
		load(v, app, id);
		app_message(app, ST_OK, to ? _("Archived %s (hidden but kept; H shows archived boards)")
			: _("Brought %s back"), name);
	}
	free(name);
}

static void
delete_board(struct view *v, struct app *app, const struct tv_board_summary *s)
{
	int64_t id = s->board.id;
	if (id == app->board_id) {
		app_message(app, ST_ERROR, "This board is open; switch to another before deleting it");
		return;
	}
	char *name = tv_xstrdup(s->board.name ? s->board.name : "");
	char *q = tv_xasprintf(_("Delete %s with all its packages? Type its name: "), name);
	char *typed = ui_prompt_line(app, q, "", NULL, NULL);
	free(q);
	if (!typed || strcmp(typed, name) != 0) {
		app_message(app, ST_HINT, "%s", typed ? _("The name did not match; not deleted") :
			_("Not deleted"));
	} else {
		enum tv_status st;
		APP_RETRY(app, st, tv_store_remove(app->store, TV_KIND_BOARD, id, 0));
		if (st != TV_OK) {
			app_store_error(app, st);
		} else {
			load(v, app, 0);
			app_message(app, ST_OK, "Deleted board %s", name);
		}
	}
	free(typed);
	free(name);
}

static unsigned
boards_handle(struct view *v, struct app *app, enum request req, int key)
{
	struct boards *b = v->priv;
	(void)key;
	const struct tv_board_summary *s = selected(v);
	int page = app->lines - 4;
	if (view_navigate(v, req, page))
		return H_HANDLED | H_REDRAW;
	switch (req) {
	case REQ_BOARD_SWITCH:
		if (!s)
			return H_HANDLED;
		if (s->board.archived) {
			app_message(app, ST_HINT, "Archived; A brings it back first");
			return H_HANDLED | H_REDRAW;
		}
		/* Frees this view: return without touching it. */
		app_switch_board(app, s->board.id);
		return H_HANDLED | H_RELOAD;
	case REQ_BOARD_NEW:
		create_board(v, app);
		return H_HANDLED | H_LAYOUT;
	case REQ_BOARD_RENAME:
		if (s)
			rename_board(v, app, s);
		return H_HANDLED | H_LAYOUT;
	case REQ_BOARD_ARCHIVE:
		if (s)
			archive_board(v, app, s);
		break;
	case REQ_BOARD_SHOW_ARCHIVED:
		b->show_archived = !b->show_archived;
		load(v, app, s ? s->board.id : 0);
		break;
	case REQ_BOARD_DELETE:
		if (s)
			delete_board(v, app, s);
		return H_HANDLED | H_LAYOUT;
	case REQ_VIEW_BOARDS:
		return H_HANDLED | H_CLOSE;
	default:
		return H_NONE;
	}
	return H_HANDLED | H_REDRAW;
}

static bool
boards_reload(struct view *v, struct app *app)
{
	const struct tv_board_summary *s = selected(v);
	load(v, app, s ? s->board.id : 0);
	return true;
}

static void
boards_free(struct view *v)
{
	struct boards *b = v->priv;
	clear_list(b);
}

const struct view_ops boards_view_ops = VIEW_OPS(boards, "boards", KM_BOARDS, struct boards,
	N_("{board-switch}:switch {board-new}:new {board-rename}:rename "
	"{board-archive}:archive {board-show-archived}:show archived "
	"{board-delete}:delete {view-close}:back"),
	.reload = boards_reload);

struct view *
boards_view_new(struct app *app)
{
	struct view *v = view_new(&boards_view_ops);
	load(v, app, app->board_id);
	return v;
}
