/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Edits of one package that the board, the package detail and the timeline share:
 * title (inline or in $EDITOR), status, deadline, owner, area, reorder, and opening
 * its change history. One short function per action, found through a table by
 * request; each writes through app_set / app_after_write, so conflicts, undo and the
 * reload are handled in one place. Depends on the widgets and the app core only,
 * never on a particular view (the views call in; this module calls no view back).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "tavle/date.h"
#include "tavle/i18n.h"
#include "tavle/people.h"
#include "tavle/text.h"

/* How many names typed before the owner menu offers, most recent first. */
#define OWNER_TYPED_MAX 20

static unsigned
show_history(struct app *app, const struct tv_package *p)
{
	app_push_view(app, history_view_new(app, p->id));
	return H_REDRAW;
}

/* Write `value` to `field` of the package and free it; NULL (the edit was cancelled)
 * writes nothing. */
static unsigned
set_field(struct app *app, const struct tv_package *p, const char *field, char *value)
{
	if (value) {
		app_set(app, TV_KIND_PACKAGE, p->id, field, value, p->version);
		free(value);
	}
	return H_REDRAW;
}

static unsigned
edit_title(struct app *app, const struct tv_package *p)
{
	app_set_asked(app, "Title: ", p->title, TV_KIND_PACKAGE, p->id, "title", p->version, NULL);
	return H_REDRAW;
}

static unsigned
edit_title_external(struct app *app, const struct tv_package *p)
{
	char *t = ui_edit_external(app, p->title);
	for (char *c = t; c && *c; c++)
		if (*c == '\n' || *c == '\r')
			*c = ' ';
	return set_field(app, p, "title", t);
}

/* Blocked, and why: status and reason in one transaction, so one undo takes both. */
static enum tv_status
write_blocked(struct tv_store *store, int64_t id, int64_t version, const char *reason)
{
	enum tv_status st = tv_store_begin(store);
	int64_t nv = version;
	if (st == TV_OK)
		st = tv_store_set(store, TV_KIND_PACKAGE, id, "status", "blocked", version, NULL, &nv);
	if (st == TV_OK)
		st = tv_store_set(store, TV_KIND_PACKAGE, id, "blocked_reason", reason, nv, NULL,
			NULL);
	if (st == TV_OK)
		st = tv_store_commit(store);
	if (st != TV_OK)
		tv_store_rollback(store);
	return st;
}

static unsigned
set_status(struct app *app, const struct tv_package *p)
{
	/* The statuses by name only: the stored key ("todo") is for scripts, not people. */
	const char *items[TV_PSTATUS_COUNT];
	for (int s = 0; s < TV_PSTATUS_COUNT; s++)
		items[s] = tv_pstatus_name(s, tv_i18n_names_danish());
	int ch = ui_menu_choose(app, "Status", items, TV_PSTATUS_COUNT, (int)p->status);
	if (ch < 0)
		return H_REDRAW;
	if (ch != TV_BLOCKED) {
		app_set(app, TV_KIND_PACKAGE, p->id, "status", tv_pstatus_key(ch), p->version);
		return H_REDRAW;
	}
	/* Why (optional; the last reason is offered again); Esc blocks nothing. */
	enum tv_field f = TV_FIELD_PACKAGE_blocked_reason;
	char *why = ui_prompt_checked(app, "Blocked because\u2026 (optional): ",
		p->blocked_reason ? p->blocked_reason : "", ui_check_field, &f);
	if (!why) {
		app_message(app, ST_HINT, "Status not changed");
		return H_REDRAW;
	}
	const char *msg = *why ? N_("Blocked (u undoes)") :
		N_("Blocked, no reason given (u undoes)");
	bool ok;
	APP_WRITE(app, ok, write_blocked(app->store, p->id, p->version, why), msg);
	(void)ok;
	free(why);
	return H_REDRAW;
}

static unsigned
set_deadline(struct app *app, const struct tv_package *p)
{
	char cur[TV_DATE_BUF];
	tv_date_format(p->deadline.day, cur);
	/* a deadline may carry a time, as the store reads it (TV_FT_WHEN) */
	struct date_rule rule = { .today = app->today, .when = true, .date_only = true,
		.empty_ok = true, .base_day = TV_NO_DAY };
	char *t = ui_prompt_checked(app, "Deadline (18.12.2026, 18 Dec, +2w; empty clears): ",
		cur, ui_check_date, &rule);
	return set_field(app, p, "deadline", t);
}

/* A menu line: the name, then for a person the role (an area role says its area). */
static char *
owner_item(const struct tv_owner_choice *c, int namew)
{
	bool da = tv_i18n_names_danish();
	if (c->source != TV_OWNER_PERSON)
		return tv_xstrdup(c->name);
	const char *role = c->role == TV_ROLE_AREA && c->area >= 0 ?
		tv_area_name((enum tv_area)c->area, da) : tv_role_name((enum tv_role)c->role, da);
	int pad = namew - tv_text_width(c->name);
	return tv_xasprintf("%s%*s  \u2014 %s", c->name, pad > 0 ? pad : 0, "", role);
}

int
owner_choose(struct app *app, const char *title, const char *current, const char *last,
	char **out)
{
	*out = NULL;
	char **typed = NULL;
	size_t ntyped = 0;
	if (tv_store_owner_names(app->store, app->board_id, OWNER_TYPED_MAX, &typed, &ntyped)
			!= TV_OK) {
		typed = NULL;   /* the menu still offers the board's people and owners */
		ntyped = 0;
	}
	struct tv_owner_choice *list;
	size_t n;
	tv_people_owners(app->data, (const char *const *)typed, ntyped, &list, &n);
	for (size_t i = 0; i < ntyped; i++)
		free(typed[i]);
	free(typed);
	int namew = 0;
	for (size_t i = 0; i < n; i++)
		if (list[i].source == TV_OWNER_PERSON && tv_text_width(list[i].name) > namew)
			namew = tv_text_width(list[i].name);
	if (namew > 30)
		namew = 30;
	/* `last` goes first: key 1 whatever the length of the list (only the first nine
	 * items have a digit). */
	char **own = tv_xcalloc(n + 1, sizeof *own);
	const char **items = tv_xcalloc(n + 1, sizeof *items);
	items[0] = _(last);
	for (size_t i = 0; i < n; i++)
		items[i + 1] = own[i] = owner_item(&list[i], namew);
	int at = tv_people_owner_find(list, n, current);
	int ch = ui_menu_choose(app, title, items, n + 1, at >= 0 ? at + 1 : 0);
	int r = ch < 0 ? 0 : ch == 0 ? 2 : 1;
	if (r == 1)
		*out = tv_xstrdup(list[ch - 1].name);
	for (size_t i = 0; i < n; i++)
		free(own[i]);
	free(own);
	free(items);
	tv_people_owners_free(list, n);
	return r;
}

/* The owner: one of the board's list, or a new name typed (and so offered next time,
 * from the history). */
unsigned
owner_edit(struct app *app, enum tv_kind kind, int64_t id, const char *current,
	int64_t version)
{
	char *t = NULL;
	int r = owner_choose(app, "Owner", current, N_("Type a name\u2026"), &t);
	if (r == 0)
		return H_REDRAW;
	if (r == 2)
		t = ui_prompt_line(app, "Owner: ", current ? current : "", NULL, NULL);
	if (t) {
		app_set(app, kind, id, "owner", t, version);
		free(t);
	}
	return H_REDRAW;
}

static unsigned
set_owner(struct app *app, const struct tv_package *p)
{
	return owner_edit(app, TV_KIND_PACKAGE, p->id, p->owner, p->version);
}

static unsigned
move_area(struct app *app, const struct tv_package *p)
{
	const char *items[TV_AREA_COUNT];
	for (int a = 0; a < TV_AREA_COUNT; a++)
		items[a] = tv_area_name(a, tv_i18n_names_danish());
	int ch = ui_menu_choose(app, "Move to area", items, TV_AREA_COUNT, (int)p->area);
	if (ch >= 0)
		app_set(app, TV_KIND_PACKAGE, p->id, "area", tv_area_key(ch), p->version);
	return H_REDRAW;
}

static unsigned
reorder(struct app *app, const struct tv_package *p, int delta)
{
	int64_t id = p->id;
	int pos = p->position + delta;
	if (pos < 0) {
		app_message(app, ST_HINT, "Already first in its area");
		return H_REDRAW;
	}
	int old = p->position;
	enum tv_status st;
	APP_RETRY(app, st, tv_store_move(app->store, TV_KIND_PACKAGE, id, pos));
	if (!app_write_done(app, st, NULL))
		return H_REDRAW;
	/* p may be gone with the reload: ask the new snapshot. */
	const struct tv_package *np = app_package(app, id);
	if (np && np->position == old)
		app_message(app, ST_HINT, "Already last in its area");
	else
		app_message(app, ST_OK, "Moved");
	return H_REDRAW;
}

static unsigned
reorder_up(struct app *app, const struct tv_package *p)
{
	return reorder(app, p, -1);
}

static unsigned
reorder_down(struct app *app, const struct tv_package *p)
{
	return reorder(app, p, 1);
}

static const struct {
	enum request req;
	unsigned (*run)(struct app *app, const struct tv_package *p);
} actions[] = {
	{ REQ_HISTORY, show_history },
	{ REQ_EDIT, edit_title },
	{ REQ_EDIT_EXT, edit_title_external },
	{ REQ_STATUS, set_status },
	{ REQ_DEADLINE, set_deadline },
	{ REQ_OWNER, set_owner },
	{ REQ_MOVE_AREA, move_area },
	{ REQ_MOVE_UP, reorder_up },
	{ REQ_MOVE_DOWN, reorder_down },
};

unsigned
package_action(struct app *app, const struct tv_package *p, enum request req)
{
	for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
		if (actions[i].req == req)
			return actions[i].run(app, p);
	return H_NONE;
}
