/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The TUI's application core: the curses session (set up and always restored: on
 * exit, SIGTERM/SIGHUP/SIGINT and fatal errors), the view stack and main loop, the
 * title and status lines, every write to the store with conflict handling, undo/redo
 * through tv_store_revert, and live refresh by polling PRAGMA data_version while idle.
 * The main loop redraws only when a handler asks for it; an idle board writes nothing
 * to the terminal. Depends on the core API; never on SQLite directly.
 */
#include <assert.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "keys.h"
#include "tavle/buf.h"
#include "tavle/date.h"
#include "tavle/datefmt.h"
#include "tavle/fields.h"
#include "tavle/holidays.h"
#include "tavle/i18n.h"
#include "tavle/plan.h"
#include "tavle/text.h"
#include "tavle/tmpl_update.h"

#define INPUT_TIMEOUT_MS 500

/* Set by the signal handler; the main loop and modal widgets poll it. Process-wide by
 * nature (a signal has no context pointer), like the curses session itself. */
static volatile sig_atomic_t stop_requested;

static void
on_signal(int sig)
{
	stop_requested = sig;
}

static void
fatal_hook(void)
{
	if (!isendwin())
		endwin();
}

void
app_message(struct app *app, enum style st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char buf[1024];
	/* English message ids (the keyword app_message:3 extracts them), shown translated. */
	vsnprintf(buf, sizeof buf, _(fmt), ap);
	va_end(ap);
	free(app->status);
	app->status = tv_xstrdup(buf);
	app->status_style = st;
}

static struct view *
top_view(struct app *app)
{
	return app->nviews ? app->views[app->nviews - 1] : NULL;
}

void
app_draw_title(struct app *app, const char *right)
{
	WINDOW *w = app->title_win;
	attr_t a = style_attr(ST_TITLE);
	ui_fill_line(w, 0, 0, app->cols, a);
	/* "søn. 29. nov. 2026" for Danish users, ISO for others, unless date-format says. */
	char today[TV_DATE_SHOW_BUF];
	show_date(app->today, TV_DATE_WEEKDAY, today, sizeof today);
	const struct tv_phase *ph = app->data ? tv_board_data_phase_at(app->data, app->today) : NULL;
	const char *name = app->data ? app->data->board.name : "";
	const char *auth = app->data && app->data->board.authority ? app->data->board.authority : "";
	/* A board never set up (the first run's): how to set it up, in the authority's
	 * place, until its authority or contact person is given. */
	if (app->data && strcmp(auth, TV_DEFAULT_AUTHORITY) == 0 &&
	    !(app->data->board.contact && *app->data->board.contact))
		auth = _("b e: set up the board");
	/* Plan warnings on every view's top line, in words (no colour needed). */
	struct tv_plan_warning *warn = NULL;
	size_t nwarn = app->data ? tv_plan_warnings(app->data, &warn) : 0;
	tv_plan_warnings_free(warn, nwarn);
	char wtxt[48] = "";
	if (nwarn)
		snprintf(wtxt, sizeof wtxt, ngettext(" \u00b7 ! %zu plan warning",
			" \u00b7 ! %zu plan warnings", nwarn), nwarn);
	/* Open conflicts of a template update, until resolved (U reviews them). */
	size_t nconf = 0;
	if (app->data && tv_tmpl_update_conflict_count(app->store, app->board_id, &nconf) != TV_OK)
		nconf = 0;
	char ctxt[64] = "";
	if (nconf)
		snprintf(ctxt, sizeof ctxt, ngettext(" \u00b7 ! %zu conflict (U)",
			" \u00b7 ! %zu conflicts (U)", nconf), nconf);
	char *left = tv_xasprintf(_(" %s%s%s \u00b7 %s \u00b7 phase: %s"), name ? name : "", ctxt,
		wtxt, auth, ph && ph->name ? ph->name : _("none"));
	/* Right: the view's note (hidden columns, grouping) and today's date; when space
	 * is short the note wins, since the date is also on every relative deadline. */
	right = ui_tr(right);
	bool has_note = right && *right;
	char *r = tv_xasprintf("%s%s%s ", has_note ? right : "", has_note ? "  " : "", today);
	int rw = tv_text_width(r);
	if (rw > app->cols / 2) {
		free(r);
		r = has_note ? tv_xasprintf("%s ", right) : tv_xasprintf("%s ", today);
		rw = tv_text_width(r);
		if (rw > app->cols - 4) {
			char *cut = tv_text_ellipsize(r, app->cols - 4);
			free(r);
			r = cut;
			rw = tv_text_width(r);
		}
	}
	char *el = tv_text_ellipsize(left, app->cols - rw - 1);
	ui_put_text(w, 0, 0, app->cols - rw - 1, el, a);
	free(el);
	ui_put_text(w, 0, app->cols - rw, rw, r, a);
	free(left);
	free(r);
	wnoutrefresh(w);
}

/* The key hints that fit in `width` columns, cut only between two hints (never inside
 * one): the hints (separated by two spaces, or by one in the board's "key:word" style)
 * in the order the view lists them, most used first, as many as fit, and always the
 * help key's hint, at the end if the ones before it had to go. Caller frees. */
static char *
fit_hints(const char *hints, int width)
{
	if (tv_text_width(hints) <= width)
		return tv_xstrdup(hints);
	const char *sep = strstr(hints, "  ") ? "  " : " ";
	size_t seplen = strlen(sep);
	int sepw = (int)seplen;
	char *help_key = request_hints(KM_GENERIC, "{view-help}");
	size_t hk = strlen(help_key);
	/* The entries, split at the separator. */
	char *copy = tv_xstrdup(hints);
	char *entries[64];
	int n = 0;
	for (char *p = copy; *p && n < 64;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		entries[n++] = p;
		char *end = strstr(p, sep);
		if (!end)
			break;
		*end = '\0';
		p = end + seplen;
	}
	int help = -1;
	for (int i = 0; i < n && help < 0; i++)
		if (hk && strncmp(entries[i], help_key, hk) == 0 &&
		    (entries[i][hk] == ':' || entries[i][hk] == ' '))
			help = i;
	int reserve = help >= 0 ? tv_text_width(entries[help]) + sepw : 0;
	struct tv_buf out = { 0 };
	int used = 0;
	for (int i = 0; i < n; i++) {
		if (i == help) {
			/* Its room was reserved: it stays where the view put it. */
			tv_buf_addf(&out, "%s%s", used ? sep : "", entries[i]);
			used += (used ? sepw : 0) + tv_text_width(entries[i]);
			reserve = 0;
			continue;
		}
		int ew = tv_text_width(entries[i]) + (used ? sepw : 0);
		if (used + ew + reserve > width)
			break;
		tv_buf_addf(&out, "%s%s", used ? sep : "", entries[i]);
		used += ew;
	}
	if (reserve)
		tv_buf_addf(&out, "%s%s", used ? sep : "", entries[help]);
	free(copy);
	free(help_key);
	return tv_buf_detach(&out, NULL);
}

void
app_draw_status(struct app *app, const char *hints)
{
	WINDOW *w = app->status_win;
	werase(w);
	if (app->status) {
		ui_put_text(w, 0, 0, app->cols - 1, app->status, style_attr(app->status_style));
	} else if (hints) {
		char *fit = fit_hints(ui_tr(hints), app->cols - 1);
		ui_put_text(w, 0, 0, app->cols - 1, fit, style_attr(ST_HINT));
		free(fit);
	}
	wnoutrefresh(w);
}

static void
draw_too_small(struct app *app)
{
	werase(stdscr);
	char *msg = tv_xasprintf(_("Terminal too small (%dx%d); need at least %dx%d"),
		app->cols, app->lines, MIN_COLS, MIN_LINES);
	int y = app->lines / 2;
	ui_put_text(stdscr, y > 0 ? y : 0, 0, app->cols, msg, style_attr(ST_ERROR));
	ui_put_text(stdscr, y + 1 < app->lines ? y + 1 : 0, 0, app->cols, _("Q quits"),
		style_attr(ST_HINT));
	free(msg);
	wnoutrefresh(stdscr);
}

static void
draw_frame(struct app *app, bool full)
{
	if (app->too_small) {
		draw_too_small(app);
		doupdate();
		return;
	}
	if (full) {
		werase(stdscr);
		wnoutrefresh(stdscr);
	}
	struct view *v = top_view(app);
	if (v) {
		/* The body is blanked first, whatever the view draws: a view that covers
		 * only part of it (the board's columns leave a gap between them) would
		 * otherwise show cells of the view, prompt or menu drawn there before,
		 * since curses sends only the cells a window says it changed. The view's
		 * own windows are refreshed after this one, so they come out on top;
		 * doupdate still sends only what differs from the terminal. */
		werase(v->win);
		wnoutrefresh(v->win);
		v->ops->draw(v, app);   /* draws its body and the title line */
	}
	app_restore_status(app);
	doupdate();
}

void
app_restore_status(struct app *app)
{
	struct view *v = top_view(app);
	char *hints = v ? request_hints(v->ops->keymap, v->ops->hints) : NULL;
	app_draw_status(app, hints);
	free(hints);
}

void
app_redraw_all(struct app *app)
{
	draw_frame(app, true);
}

static void
layout_all(struct app *app)
{
	getmaxyx(stdscr, app->lines, app->cols);
	app->too_small = app->lines < MIN_LINES || app->cols < MIN_COLS;
	if (app->title_win)
		delwin(app->title_win);
	if (app->status_win)
		delwin(app->status_win);
	int cols = app->cols > 0 ? app->cols : 1;
	app->title_win = newwin(1, cols, 0, 0);
	app->status_win = newwin(1, cols, app->lines > 1 ? app->lines - 1 : 0, 0);
	keypad(app->status_win, TRUE);
	if (app->too_small)
		return;
	for (int i = 0; i < app->nviews; i++)
		view_layout(app->views[i], app);
}

int
key_lookup_code(const struct key *k)
{
	if (k->fn)
		return k->code;
	return k->code < 128 ? k->code : -1;
}

bool
app_getkey(struct app *app, struct key *k)
{
	if (stop_requested) {
		app->stop = true;
		return false;
	}
	wint_t ch;
	int r = wget_wch(stdscr, &ch);
	if (stop_requested) {
		app->stop = true;
		return false;
	}
	if (r == ERR)
		return false;
	k->fn = r == KEY_CODE_YES;
	k->code = (int)ch;
	if (k->fn && k->code == KEY_RESIZE) {
		layout_all(app);
		app_redraw_all(app);
	}
	return true;
}

const struct tv_package *
app_package(const struct app *app, int64_t id)
{
	if (!app->data)
		return NULL;
	for (size_t i = 0; i < app->data->npackages; i++)
		if (app->data->packages[i].id == id)
			return &app->data->packages[i];
	return NULL;
}

void
app_store_error(struct app *app, enum tv_status st)
{
	if (st == TV_BUSY) {
		/* After APP_RETRY gave up: say plainly that the change is not in. */
		app_message(app, ST_ERROR, "Gave up: NOT saved (database busy: another process "
			"holds the lock)");
		return;
	}
	const char *m = tv_store_errmsg(app->store);
	app_message(app, ST_ERROR, "%s", m && *m ? m : tv_status_message(st));
}

static void
push_id(int64_t **arr, size_t *n, size_t *cap, int64_t id)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		*arr = tv_xrealloc(*arr, *cap * sizeof **arr);
	}
	(*arr)[(*n)++] = id;
}

static void
sync_versions(struct app *app)
{
	int64_t v;
	if (tv_store_data_version(app->store, &v) == TV_OK)
		app->data_version = v;
	if (tv_store_history_head(app->store, &v) == TV_OK)
		app->history_seen = v;
}

void
app_reload(struct app *app)
{
	struct tv_board_data *d = NULL;
	enum tv_status st = tv_store_load_board(app->store, app->board_id, &d);
	if (st != TV_OK) {
		app_store_error(app, st);
		return;
	}
	tv_board_data_free(app->data);
	app->data = d;
	for (int i = 0; i < app->nviews; i++) {
		struct view *v = app->views[i];
		if (v->ops->reload && !v->ops->reload(v, app)) {
			/* Its subject is gone: close it and everything above it. */
			for (int j = app->nviews - 1; j >= i; j--) {
				view_free(app->views[j]);
				app->views[j] = NULL;
			}
			app->nviews = i;
			break;
		}
	}
	sync_versions(app);
}

void
app_after_write(struct app *app, const char *msg)
{
	int64_t change = tv_store_last_change(app->store);
	if (change && change != app->last_pushed) {
		app->last_pushed = change;
		push_id(&app->undo, &app->nundo, &app->cap_undo, change);
		app->nredo = 0;
	}
	app_reload(app);
	if (msg)
		app_message(app, ST_OK, "%s", ui_tr(msg));
}

bool
app_write_done(struct app *app, enum tv_status st, const char *msg)
{
	if (st != TV_OK) {
		app_store_error(app, st);
		return false;
	}
	app_after_write(app, msg);
	return true;
}

bool
app_remove(struct app *app, enum tv_kind kind, int64_t id, int64_t version, const char *msg)
{
	enum tv_status st;
	APP_RETRY(app, st, tv_store_remove(app->store, kind, id, version));
	return app_write_done(app, st, msg);
}

bool
app_busy_again(struct app *app, int attempt)
{
	if (stop_requested)
		return false;
	app_message(app, ST_ERROR, "database busy, retrying (attempt %d; another "
		"process holds the lock) \u00b7 Esc gives up", attempt + 1);
	app_draw_status(app, NULL);
	doupdate();
	/* A short look at the keyboard between attempts (each waits up to 5 s). */
	wtimeout(stdscr, 200);
	wint_t ch;
	int r = wget_wch(stdscr, &ch);
	wtimeout(stdscr, INPUT_TIMEOUT_MS);
	if (r == OK && ch == KEY_ESC) {
		app_message(app, ST_ERROR, "Gave up: NOT saved (database busy)");
		return false;
	}
	return true;
}

/* tv_store_set that outlasts a held lock, keeping the user's value until it goes
 * through, the user gives up with Esc, or a signal stops tavle. */
static enum tv_status
set_retrying(struct app *app, enum tv_kind kind, int64_t id, const char *field,
	const char *value, int64_t expected_version, struct tv_conflict *c)
{
	enum tv_status st;
	APP_RETRY(app, st, tv_store_set(app->store, kind, id, field, value, expected_version,
		c, NULL));
	if (st == TV_BUSY && !stop_requested)
		app_message(app, ST_ERROR, "Gave up: %s NOT saved (database busy)",
			tv_field_shown(kind, field));
	return st;
}

/* A time saved in October's repeated hour: the status line says the first is used
 * (issue 17 item 12), instead of "Saved". */
static void
note_repeated(struct app *app, enum tv_kind kind, int64_t id, const char *field)
{
	if (strcmp(field, "start") != 0 && strcmp(field, "end") != 0 &&
	    strcmp(field, "deadline") != 0)
		return;
	char *cur = NULL;
	if (tv_store_get(app->store, kind, id, field, &cur, NULL) != TV_OK || !cur)
		return;
	char *note = tv_when_repeated_note(tv_when_parse_stored(cur));
	free(cur);
	if (note) {
		app_message(app, ST_HINT, "%s", note);
		free(note);
	}
}

bool
app_note_day_off(struct app *app, int32_t day, const char *msg)
{
	char shown[TV_DATE_SHOW_BUF];
	show_date(day, TV_DATE_WEEKDAY, shown, sizeof shown);
	char *note = tv_holiday_note(day, shown);
	/* TRANSLATORS: what was done ("Saved"), then which day off it is on. */
	if (note)
		app_message(app, ST_SOON, "%s; %s", ui_tr(msg), note);
	free(note);
	return note != NULL;
}

/* After a date or date-and-time field was saved: the note of app_note_day_off, from
 * the stored value (the day kept, whatever form was typed). The CLI's set prints the
 * same sentence (tv_holiday_note). */
static void
day_off_note(struct app *app, enum tv_kind kind, int64_t id, const char *field)
{
	const struct tv_field_info *f = tv_field_find(kind, field);
	char *stored = NULL;
	if (!f || (f->type != TV_FT_DATE && f->type != TV_FT_WHEN) ||
	    tv_store_get(app->store, kind, id, field, &stored, NULL) != TV_OK)
		return;
	int32_t day = tv_when_parse_stored(stored).day;
	free(stored);
	app_note_day_off(app, day, "Saved");
}

/* The rest of app_set after its first write, which returned `st` (with the conflict
 * `c` filled on TV_CONFLICT; cleared here): the conflict menu, the message, undo. */
static bool
set_settle(struct app *app, enum tv_kind kind, int64_t id, const char *field,
	const char *value, enum tv_status st, struct tv_conflict c, int64_t before)
{
	char *merged = NULL;
	/* The field as a person reads it ("Titel" in Danish), in every message below. */
	const char *shown = tv_field_shown(kind, field);
	for (int round = 0; st == TV_CONFLICT && round < 3; round++) {
		char at[TV_DATE_SHOW_BUF + 8] = "";
		if (c.changed_at)
			tv_utc_show(c.changed_at, ui_date_style(), 0, at, sizeof at);
		char *title = c.changed_at ? tv_xasprintf(_("%s was changed by %s at %s"), shown,
			c.changed_by ? c.changed_by : _("someone else"), at) :
			tv_xasprintf(_("%s was changed by %s"), shown,
			c.changed_by ? c.changed_by : _("someone else"));
		char *theirs = tv_xasprintf(_("Keep theirs: %s"), c.value ? c.value : "");
		char *mine = tv_xasprintf(_("Use mine:    %s"), value);
		/* Merging is offered for multi-line text (sections, comments, notes) in the
		 * editor, and for one-line free text (titles, names, owners) as both values
		 * on one line to edit. */
		const struct tv_field_info *fi = tv_field_find(kind, field);
		bool text = fi && fi->type == TV_FT_TEXT;
		bool line = fi && fi->type == TV_FT_LINE;
		const char *items[] = { theirs, mine, line ? _("Keep both (edit the joined line)") :
			_("Merge both in the editor") };
		int ch = ui_menu_choose(app, title, items, text || line ? 3 : 2, 0);
		free(title);
		free(theirs);
		free(mine);
		if (ch == 2) {
			/* Both texts in the multi-line editor, marked (or for a one-line field
			 * joined by " / " in the line editor); what is saved replaces the field
			 * if nobody changed it again meanwhile. */
			char *both = line ? tv_xasprintf("%s / %s", c.value ? c.value : "", value) :
				tv_xasprintf("<<<<<<< theirs\n%s\n=======\n%s\n>>>>>>> mine\n",
				c.value ? c.value : "", value);
			free(merged);
			draft_target_set(app, kind, id, field, c.version);
			/* The merge holds the text typed before the conflict, which is
			 * nowhere else: a hang-up keeps it even before a key is typed. */
			app->draft.keep_unchanged = true;
			if (line) {
				char *p = tv_xasprintf(_("Both values of %s (edit, Enter saves): "), shown);
				merged = ui_prompt_line(app, p, both, NULL, NULL);
				free(p);
				/* The line editor keeps no draft: forget the target. */
				app->draft.field = NULL;
				app->draft.keep_unchanged = false;
			} else {
				merged = ui_edit_text(app, "Merge: keep what should stay, delete the rest",
					both);
			}
			free(both);
			if (merged) {
				int64_t theirs_version = c.version;
				tv_conflict_clear(&c);
				value = merged;
				st = set_retrying(app, kind, id, field, value, theirs_version, &c);
				continue;
			}
			ch = 0;
		}
		tv_conflict_clear(&c);
		if (ch != 1) {
			free(merged);
			app_reload(app);
			app_message(app, ST_HINT, "Kept their %s", shown);
			return false;
		}
		st = set_retrying(app, kind, id, field, value, 0, NULL);
	}
	tv_conflict_clear(&c);
	free(merged);
	merged = NULL;
	if (st != TV_OK) {
		app_store_error(app, st);
		return false;
	}
	if (tv_store_last_change(app->store) == before) {
		app_message(app, ST_HINT, "Unchanged");
		return false;
	}
	app_after_write(app, "Saved");
	/* The notes on the saved date, the rarer last (it wins the status line). */
	day_off_note(app, kind, id, field);
	note_repeated(app, kind, id, field);
	return true;
}

bool
app_set(struct app *app, enum tv_kind kind, int64_t id, const char *field,
	const char *value, int64_t expected_version)
{
	if (!replan_confirm(app, kind, id, field, value))
		return false;
	int64_t before = tv_store_last_change(app->store);
	struct tv_conflict c = { 0 };
	enum tv_status st = set_retrying(app, kind, id, field, value, expected_version, &c);
	return set_settle(app, kind, id, field, value, st, c, before);
}

/* app_set_asked's check: the write itself, so every rule of the store applies and
 * none is copied here; a refused value (TV_INVALID) keeps the prompt open. */
struct set_ask {
	struct app *app;
	enum tv_kind kind;
	int64_t id, version, before;
	const char *field;
	const struct date_rule *rule;
	bool tried, declined;
	enum tv_status st;
	struct tv_conflict c;
};

static bool
set_ask_check(void *ctx, const char *text, char *why, size_t size)
{
	struct set_ask *a = ctx;
	if (a->rule && !ui_check_date((void *)a->rule, text, why, size))
		return false;
	tv_conflict_clear(&a->c);
	/* A start that re-plans is asked about first; a no closes the prompt unwritten. */
	a->declined = !replan_confirm(a->app, a->kind, a->id, a->field, text);
	if (a->declined)
		return true;
	a->before = tv_store_last_change(a->app->store);
	a->st = set_retrying(a->app, a->kind, a->id, a->field, text, a->version, &a->c);
	if (a->st == TV_INVALID) {
		const char *m = tv_store_errmsg(a->app->store);
		snprintf(why, size, "%s", m && *m ? m : tv_status_message(a->st));
		return false;
	}
	a->tried = true;
	return true;
}

bool
app_set_asked(struct app *app, const char *prompt, const char *initial, enum tv_kind kind,
	int64_t id, const char *field, int64_t expected_version, const struct date_rule *rule)
{
	struct set_ask a = { .app = app, .kind = kind, .id = id, .version = expected_version,
		.field = field, .rule = rule };
	char *text = ui_prompt_checked(app, prompt, initial ? initial : "", set_ask_check, &a);
	bool ok = false;
	if (text && a.declined)
		ok = false;   /* a re-planning said no to: nothing written (replan_confirm says so) */
	else if (text && a.tried)
		ok = set_settle(app, kind, id, field, text, a.st, a.c, a.before);
	else if (text)   /* a stop request came before the check: write as app_set does */
		ok = app_set(app, kind, id, field, text, expected_version);
	else
		tv_conflict_clear(&a.c);
	free(text);
	return ok;
}

unsigned
app_undo(struct app *app, bool redo)
{
	int64_t **from = redo ? &app->redo : &app->undo;
	size_t *nfrom = redo ? &app->nredo : &app->nundo;
	if (*nfrom == 0) {
		app_message(app, ST_HINT, "%s", redo ? _("Nothing to redo") : _("Nothing to undo "
			"(only changes made since tavle started)"));
		return H_REDRAW;
	}
	int64_t id = (*from)[*nfrom - 1];
	int64_t newid = 0;
	enum tv_status st;
	APP_RETRY(app, st, tv_store_revert(app->store, id, &newid));
	if (st != TV_OK) {
		app_store_error(app, st);
		return H_REDRAW;
	}
	(*nfrom)--;
	app->last_pushed = newid;
	if (redo)
		push_id(&app->undo, &app->nundo, &app->cap_undo, newid);
	else
		push_id(&app->redo, &app->nredo, &app->cap_redo, newid);
	app_reload(app);
	/* Both messages through _() here: xgettext takes only the first branch of a
	 * conditional passed as app_message's format. */
	app_message(app, ST_OK, "%s", redo ? _("Redone") : _("Undone (Ctrl-R redoes)"));
	return H_REDRAW;
}

void
app_push_view(struct app *app, struct view *view)
{
	if (app->nviews == MAX_VIEWS) {
		view_free(view);
		return;
	}
	app->views[app->nviews++] = view;
	if (!app->too_small)
		view_layout(view, app);
}

static void
pop_view(struct app *app)
{
	if (app->nviews <= 1)
		return;
	struct view *v = app->views[--app->nviews];
	app->views[app->nviews] = NULL;
	view_free(v);
}

/* Live refresh: another process committed. Reload and say who changed what. */
static bool
poll_changes(struct app *app)
{
	int64_t v;
	if (tv_store_data_version(app->store, &v) != TV_OK || v == app->data_version)
		return false;
	app->data_version = v;
	struct tv_history *h = NULL;
	size_t n = 0;
	char *msg = NULL;
	if (tv_store_history(app->store, app->board_id, 0, TV_NO_DAY, app->history_seen,
			&h, &n) == TV_OK) {
		if (n) {
			struct tv_history *last = &h[n - 1];
			const struct tv_package *p = app_package(app, last->package_id);
			char *who = last->user ? tv_history_who(last) : tv_xstrdup(_("someone"));
			/* "set status" / "Status ændret": the operation and the field (or for
			 * an addition or removal the record's kind) in the interface language. */
			const char *op = last->op ? tv_history_op_word(last->op) : "change";
			const char *what = last->field && *last->field ?
				tv_field_shown(last->kind, last->field) : tv_kind_word(last->kind);
			if (p)
				msg = tv_xasprintf(_("Updated by %s: %s %s of package %d"), who, op, what,
					p->number);
			else
				msg = tv_xasprintf(_("Updated by %s: %s %s"), who, op, what);
			free(who);
		}
		for (size_t i = 0; i < n; i++)
			tv_history_clear(&h[i]);
		free(h);
	}
	app_reload(app);
	if (msg) {
		app_message(app, ST_OK, "%s", msg);
		free(msg);
	}
	return true;
}

bool
app_switch_board(struct app *app, int64_t board_id)
{
	struct tv_board_data *d = NULL;
	enum tv_status st = tv_store_load_board(app->store, board_id, &d);
	if (st != TV_OK) {
		app_store_error(app, st);
		return false;
	}
	if ((st = tv_store_board_touch(app->store, board_id)) != TV_OK)
		app_store_error(app, st);
	while (app->nviews > 1)
		pop_view(app);
	tv_board_data_free(app->data);
	app->data = d;
	app->board_id = board_id;
	/* Undo and redo belong to the board they were made on. */
	app->nundo = app->nredo = 0;
	app_reload(app);
	return true;
}

/* The number keys: the board stays at the bottom of the stack and the chosen view
 * goes on top of it (q goes back to the board); pressing the key of the view already
 * shown does nothing. */
static const struct {
	enum request req;
	const struct view_ops *ops;
	struct view *(*make)(struct app *app);
} view_keys[] = {
	{ REQ_VIEW_TIMELINE, &timeline_view_ops, timeline_view_new },
	{ REQ_VIEW_AGENDA, &agenda_view_ops, agenda_view_new },
	{ REQ_VIEW_MEETINGS, &meetings_view_ops, meetings_view_new },
	{ REQ_VIEW_DECISIONS, &decisions_view_ops, decisions_view_new },
	{ REQ_VIEW_PEOPLE, &people_view_ops, people_view_new },
	{ REQ_VIEW_PORTFOLIO, &portfolio_view_ops, portfolio_view_new },
	{ REQ_VIEW_MINIMUM, &minimum_view_ops, minimum_view_new },
	{ REQ_VIEW_BOARDS, &boards_view_ops, boards_view_new },
	{ REQ_VIEW_UPDATE, &review_view_ops, review_view_new },
};

/* H_NONE if `req` is no view key. */
static unsigned
switch_view(struct app *app, enum request req)
{
	for (size_t i = 0; i < sizeof view_keys / sizeof view_keys[0]; i++) {
		if (view_keys[i].req != req)
			continue;
		if (view_is(top_view(app), view_keys[i].ops))
			return H_REDRAW;
		while (app->nviews > 1)
			pop_view(app);
		app_push_view(app, view_keys[i].make(app));
		return H_REDRAW;
	}
	return H_NONE;
}

/* Ctrl-Z: raw mode turns it into a key, so tavle stops itself as the terminal would:
 * the terminal restored (endwin), SIGTSTP raised with its default action (a handler
 * ncurses installed is set aside meanwhile), and on SIGCONT (fg) the size read again
 * and every cell drawn anew, since the shell wrote over the screen meanwhile. */
static unsigned
suspend(void)
{
	endwin();
	fflush(stdout);
	struct sigaction dfl = { 0 }, old;
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(SIGTSTP, &dfl, &old);
	raise(SIGTSTP);
	sigaction(SIGTSTP, &old, NULL);
	/* Running again. */
	refresh();
	clearok(curscr, TRUE);
	return H_LAYOUT;
}

static unsigned
handle_global(struct app *app, enum request req)
{
	switch (req) {
	case REQ_QUIT_ALL:
		return H_QUIT;
	case REQ_CLOSE:
		return app->nviews > 1 ? H_CLOSE : H_QUIT;
	case REQ_HELP:
		if (!view_is(top_view(app), &help_view_ops))
			app_push_view(app, help_view_new(app));
		return H_REDRAW;
	case REQ_VIEW_BOARD:
		while (app->nviews > 1)
			pop_view(app);
		return H_REDRAW;
	case REQ_UNDO:
		return app_undo(app, false);
	case REQ_REDO:
		return app_undo(app, true);
	case REQ_REFRESH:
		clearok(curscr, TRUE);
		return H_LAYOUT;
	case REQ_SUSPEND:
		return suspend();
	case REQ_EXPORT_ICS:
		return export_calendar(app);
	case REQ_STATUS_REPORT:
		return status_report_write(app);
	case REQ_EXPORT_PLAN:
		return export_plan(app);
	default:
		return switch_view(app, req);
	}
}

/* newterm rather than initscr: initscr prints ncurses' own message and exits when the
 * terminal cannot be used, leaving no chance to restore signals or say it our way. */
static SCREEN *
session_start(void)
{
	SCREEN *scr = newterm(NULL, stdout, stdin);
	if (!scr)
		return NULL;
	raw();           /* Ctrl-S, Ctrl-Q, Ctrl-R and Ctrl-C reach us as keys */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	wtimeout(stdscr, INPUT_TIMEOUT_MS);
	mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	return scr;
}

/* The signals that stop tavle cleanly (the main loop and modal widgets see app->stop),
 * and what they did before, to put back. */
struct saved_signals {
	struct sigaction term, hup, intr;
};

static void
signals_install(struct saved_signals *old)
{
	struct sigaction sa = { 0 };
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, &old->term);
	sigaction(SIGHUP, &sa, &old->hup);
	sigaction(SIGINT, &sa, &old->intr);
	stop_requested = 0;
	tv_set_fatal_hook(fatal_hook);
}

static void
signals_restore(const struct saved_signals *old)
{
	tv_set_fatal_hook(NULL);
	sigaction(SIGTERM, &old->term, NULL);
	sigaction(SIGHUP, &old->hup, NULL);
	sigaction(SIGINT, &old->intr, NULL);
}

/* The store side of the start: clock, board snapshot, versions. false (said on
 * stderr) if the board cannot be loaded. */
static bool
app_open(struct app *app, struct tv_store *store, int64_t board_id,
	const struct tui_options *opt)
{
	app->store = store;
	app->board_id = board_id;
	app->opt = opt;
	app->today = tv_date_today(opt->now ? opt->now : time(NULL));
	if (opt->now)
		tv_store_set_now(store, opt->now);
	enum tv_status st = tv_store_load_board(store, board_id, &app->data);
	if (st != TV_OK) {
		fprintf(stderr, "tavle: %s\n", tv_store_errmsg(store));
		return false;
	}
	sync_versions(app);
	app->last_pushed = tv_store_last_change(store);
	return true;
}

static void
say_no_terminal(void)
{
	/* tui_terminal_problem passed, so this is rare (a terminal that vanished). */
	char *why = tui_terminal_problem();
	const char *msg = why ? why : "cannot set up the terminal";
	char *clean = tv_text_sanitize(msg, strlen(msg), TV_SAN_VISIBLE);
	fprintf(stderr, "tavle: %s\n", clean);
	free(clean);
	free(why);
}

/* The first status line: a new database, a sharing problem, a configuration error
 * (the last one set wins). */
static void
start_messages(struct app *app, const struct tui_options *opt)
{
	if (opt->first_run && opt->db_path)
		app_message(app, ST_OK, _("Created %s with the default programme. Press ? for help."),
			opt->db_path);
	if (opt->notice) {
		/* A shared database that locks other group members out: the first problem
		 * (all of them were printed on stderr and by tavle check). */
		const char *nl = strchr(opt->notice, '\n');
		app_message(app, ST_ERROR, "Sharing: %.*s%s", nl ? (int)(nl - opt->notice) :
			(int)strlen(opt->notice), opt->notice, nl && nl[1] ? _(" (and more)") : "");
	}
	if (opt->config && opt->config->nerrors)
		app_message(app, ST_ERROR, "%s%s", opt->config->errors[0],
			opt->config->nerrors > 1 ? _(" (and more: tavle config check)") : "");
}

/* The "last used board" mark is a committed write (a sync to disk): after the first
 * frame, not before it. */
static void
touch_board(struct app *app)
{
	enum tv_status ts = tv_store_board_touch(app->store, app->board_id);
	if (ts != TV_OK) {
		app_store_error(app, ts);
		app_draw_status(app, NULL);
		doupdate();
	}
}

/* No key within the input timeout: poll for other writers and draw only if something
 * changed. */
static void
on_idle(struct app *app)
{
	if (poll_changes(app))
		draw_frame(app, false);
	/* No statement may stay mid-step while we wait: a leaked read snapshot hides other
	 * processes' commits and stops WAL checkpoints. */
	assert(tv_store_idle(app->store));
}

/* One key: the top view handles it, else the global requests; then the main loop
 * acts on the handler's flags (htop's model). */
static void
on_key(struct app *app, const struct key *k)
{
	int code = key_lookup_code(k);
	if (app->too_small) {
		if (code == 'Q' || code == 'q' || code == CTRL('c'))
			app->stop = true;
		return;
	}
	struct view *v = top_view(app);
	enum request req = code >= 0 ? request_for_key(v->ops->keymap, code) : REQ_NONE;
	/* The message of the last key vanishes with the next one, except with the
	 * redraw key: a redraw shows the same screen. */
	if (req != REQ_REFRESH && app->status) {
		free(app->status);
		app->status = NULL;
		/* Gone from the screen too before the handler runs: a menu or prompt it
		 * opens is drawn over the screen as it stands (sent by the widget's own
		 * doupdate), which must not show the old message meanwhile. */
		char *hints = request_hints(v->ops->keymap, v->ops->hints);
		app_draw_status(app, hints);
		free(hints);
	}
	unsigned h = v->ops->handle(v, app, req, k->fn ? k->code : code);
	if (!(h & H_HANDLED) && req != REQ_NONE)
		h |= handle_global(app, req);
	if (h & H_QUIT) {
		app->stop = true;
		return;
	}
	if (h & H_CLOSE)
		pop_view(app);
	if (h & H_RELOAD)
		app_reload(app);
	if (h & H_LAYOUT) {
		layout_all(app);
		app_redraw_all(app);
		return;
	}
	/* Always refresh the status line (the message of the last key vanishes); the
	 * view redraws its windows, and curses sends only what changed. */
	draw_frame(app, (h & (H_CLOSE | H_RELOAD)) != 0);
}

static void
main_loop(struct app *app)
{
	while (!app->stop) {
		struct key k;
		if (!app_getkey(app, &k)) {
			if (!app->stop)
				on_idle(app);
		} else if (!(k.fn && k.code == KEY_RESIZE)) {
			on_key(app, &k);
		}
	}
}

static void
app_close(struct app *app)
{
	while (app->nviews > 0)
		view_free(app->views[--app->nviews]);
	if (app->title_win)
		delwin(app->title_win);
	if (app->status_win)
		delwin(app->status_win);
}

int
tui_run(struct tv_store *store, int64_t board_id, const struct tui_options *opt)
{
	static const struct tui_options no_opt = { 0 };
	if (!opt)
		opt = &no_opt;
	struct app app = { 0 };
	if (!app_open(&app, store, board_id, opt))
		return 1;
	struct saved_signals old;
	signals_install(&old);
	SCREEN *screen = session_start();
	int rc = 2;
	if (!screen) {
		say_no_terminal();
		goto out;
	}
	tui_config_apply(opt->config);
	tui_config_session(opt->config);
	styles_init(&app.mono);
	layout_all(&app);
	app_push_view(&app, board_view_new(&app));
	start_messages(&app, opt);
	app_redraw_all(&app);
	if (opt->touch_board)
		touch_board(&app);
	/* A draft left by a hang-up in an earlier session is offered first. */
	draft_offer(&app);
	main_loop(&app);
	app_close(&app);
	endwin();
	delscreen(screen);
	rc = 0;
out:
	signals_restore(&old);
	tv_board_data_free(app.data);
	free(app.status);
	free(app.undo);
	free(app.redo);
	return rc;
}
