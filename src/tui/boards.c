/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The board switcher (b): every board of the database with its authority, sector,
 * progress (done / packages) and overdue count, from one aggregate in the store
 * (tv_store_board_summaries). Enter switches the app to the board (and marks it last
 * used); n creates a board from the default or another template; e edits its settings
 * (name, authority, sector, programme start, contact person, CVR number); r renames; A archives
 * or brings back (archived boards are hidden but kept; H shows them); d deletes after
 * the board's name is typed. Depends on the core API; never on SQLite.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "listview.h"
#include "tavle/date.h"
#include "tavle/fields.h"
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

/* The new-board flow's answers: kept while the user goes back to a refused field. */
struct new_board {
	struct app *app;
	char *field[5];           /* by step (NB_SECTOR's unused): the text typed */
	int sector;
	int32_t start;
	struct tv_template *tpl;  /* loaded by the template directory's check */
};

enum nb_step { NB_NAME, NB_AUTH, NB_SECTOR, NB_START, NB_DIR, NB_CREATE };

/* A name for board `id` (0: a new board): a valid name no other board has. */
static bool
board_name_free(struct app *app, int64_t id, const char *text, char *why, size_t size)
{
	enum tv_field f = TV_FIELD_BOARD_name;
	if (!ui_check_field(&f, text, why, size))
		return false;
	int64_t other;
	if (tv_store_board_find(app->store, text, &other) == TV_OK && other != id) {
		snprintf(why, size, _("A board named %s already exists"), text);
		return false;
	}
	return true;
}

static bool
check_new_name(void *ctx, const char *text, char *why, size_t size)
{
	return board_name_free(((struct new_board *)ctx)->app, 0, text, why, size);
}

static bool
check_authority(void *ctx, const char *text, char *why, size_t size)
{
	(void)ctx;
	enum tv_field f = TV_FIELD_BOARD_authority;
	return ui_check_field(&f, text, why, size);
}

/* The template directory (blank: the default template) must load; it is kept. */
static bool
check_template(void *ctx, const char *text, char *why, size_t size)
{
	struct new_board *nb = ctx;
	struct tv_diag diag = { 0 };
	tv_template_free(nb->tpl);
	nb->tpl = NULL;
	enum tv_status st = *text ? tv_template_load_dir(text, &nb->tpl, &diag)
	                          : tv_template_load_default(&nb->tpl, &diag);
	if (st == TV_OK)
		return true;
	snprintf(why, size, "%s", diag.msg[0] ? diag.msg : tv_status_message(st));
	return false;
}

/* One field of the flow, opened on `why` when a later check sent the user back to
 * it; the answer replaces the kept text. False on Esc. */
static bool
nb_ask_field(struct new_board *nb, enum nb_step step, const char *why)
{
	static const char *const prompts[] = {
		[NB_NAME] = N_("New board name: "),
		[NB_AUTH] = N_("Authority: "),
		[NB_START] = N_("Programme start: "),
		[NB_DIR] = N_("Template directory (blank = default): "),
	};
	struct app *app = nb->app;
	struct date_rule rule = { .today = app->today, .base_day = TV_NO_DAY };
	bool (*check)(void *, const char *, char *, size_t) =
		step == NB_NAME ? check_new_name : step == NB_AUTH ? check_authority :
		step == NB_START ? ui_check_date : check_template;
	void *ctx = step == NB_START ? (void *)&rule : (void *)nb;
	char *t = ui_prompt_refused(app, prompts[step], nb->field[step] ? nb->field[step] : "",
		why, check, ctx);
	if (!t)
		return false;
	free(nb->field[step]);
	nb->field[step] = t;
	if (step == NB_START)
		tv_date_parse(t, app->today, &nb->start, NULL);
	return true;
}

/* The board from the answers; on a refusal, the step to go back to with the reason
 * in why. */
static enum nb_step
create_from(struct view *v, struct new_board *nb, char *why, size_t size)
{
	struct app *app = nb->app;
	struct tv_board board = { 0 };
	struct tv_diag diag = { 0 };
	board.name = tv_xstrdup(nb->field[NB_NAME]);
	board.authority = tv_xstrdup(*nb->field[NB_AUTH] ? nb->field[NB_AUTH] : TV_DEFAULT_AUTHORITY);
	board.sector = (enum tv_sector)nb->sector;
	board.start = nb->start;
	enum tv_status st = tv_template_instantiate(app->store, nb->tpl, &board, &diag);
	enum nb_step back = NB_CREATE;
	if (st == TV_OK) {
		load(v, app, board.id);
		app_message(app, ST_OK, "Created board %s; Enter switches to it", board.name);
	} else if (st == TV_INVALID) {
		/* What the store refuses of a checked flow: the name taken meanwhile, or
		 * the template's dates from this start out of range (a start in 9999). */
		back = check_new_name(nb, nb->field[NB_NAME], why, size) ? NB_START : NB_NAME;
		if (back == NB_START)
			snprintf(why, size, "%s", diag.msg[0] ? diag.msg : tv_status_message(st));
	} else if (diag.msg[0]) {
		app_message(app, ST_ERROR, "%s", diag.msg);
	} else {
		app_store_error(app, st);
	}
	tv_board_clear(&board);
	return back;
}

/* n: name, authority, sector, programme start, template directory (blank = the
 * default). Each answer is checked in its prompt, which stays open with the text and
 * the reason; a refusal found when the board is made returns to the field at fault
 * with every answer kept. Esc in any of them cancels the whole flow. */
static void
create_board(struct view *v, struct app *app)
{
	struct new_board nb = { .app = app };
	char today[TV_DATE_BUF];
	tv_date_format(app->today, today);
	nb.field[NB_START] = tv_xstrdup(today);
	char why[512] = "";
	enum nb_step step = NB_NAME;
	while (step != NB_CREATE) {
		if (step == NB_SECTOR) {
			const char *items[TV_SECTOR_COUNT];
			for (int i = 0; i < TV_SECTOR_COUNT; i++)
				items[i] = tv_sector_name((enum tv_sector)i, tv_i18n_names_danish());
			nb.sector = ui_menu_choose(app, "Sector", items, TV_SECTOR_COUNT, nb.sector);
			if (nb.sector < 0)
				break;
		} else if (!nb_ask_field(&nb, step, why)) {
			break;
		}
		why[0] = '\0';
		step = step == NB_DIR ? create_from(v, &nb, why, sizeof why) : step + 1;
		if (step == NB_CREATE)
			goto out;
	}
	app_message(app, ST_HINT, "No board created");
out:
	tv_template_free(nb.tpl);
	for (int i = 0; i < 5; i++)
		free(nb.field[i]);
}

/* A new name for board `id`: a valid name no other board has. */
struct rename_ctx {
	struct app *app;
	int64_t id;
};

static bool
check_rename(void *ctx, const char *text, char *why, size_t size)
{
	struct rename_ctx *r = ctx;
	return board_name_free(r->app, r->id, text, why, size);
}

static void
rename_board(struct view *v, struct app *app, const struct tv_board_summary *s)
{
	int64_t id = s->board.id;
	struct rename_ctx rc = { app, id };
	char *name = ui_prompt_checked(app, "Rename board to: ", s->board.name, check_rename, &rc);
	if (!name) {
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

/* The delete question's answer must be the board's name (ctx), exactly. */
static bool
check_typed_name(void *ctx, const char *text, char *why, size_t size)
{
	if (strcmp(text, ctx) == 0)
		return true;
	snprintf(why, size, "%s", _("The name did not match: type it exactly, or Esc to keep "
		"the board"));
	return false;
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
	/* The whole question shows in the prompt's room (two thirds of the line): a long
	 * name is shortened in it, never the "type its name" that says what to do. */
	const char *fmt = _("Delete %s with all its packages? Type its name: ");
	char *bare = tv_xasprintf(fmt, "");
	int room = app->cols * 2 / 3 - tv_text_width(bare);
	free(bare);
	char *shown = tv_text_ellipsize(name, room > 1 ? room : 1);
	char *q = tv_xasprintf(fmt, shown);
	free(shown);
	char *typed = ui_prompt_checked(app, q, "", check_typed_name, name);
	free(q);
	if (!typed) {
		app_message(app, ST_HINT, "Not deleted");
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
	case REQ_BOARD_SETTINGS:
		if (s) {
			/* The board's basics, each through the field editor of its type (the
			 * store checks them: a taken name, a bad date). */
			static const enum tv_field settings[] = { TV_FIELD_BOARD_name,
				TV_FIELD_BOARD_authority, TV_FIELD_BOARD_sector, TV_FIELD_BOARD_start,
				TV_FIELD_BOARD_contact, TV_FIELD_BOARD_cvr };
			int64_t id = s->board.id;
			edit_record_fields(app, TV_KIND_BOARD, id, s->board.version, settings,
				sizeof settings / sizeof settings[0], "board");
			load(v, app, id);
		}
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
	N_("{board-switch}:switch {board-new}:new {board-settings}:settings {board-rename}:rename "
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
