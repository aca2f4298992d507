/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The decisions view (5): the management decisions log (ledelsesbeslutninger) with
 * area tag, status, due date, owner and title; open decisions past their due date
 * stand out ("!" and the overdue style, so also in monochrome). s sets the status
 * (deciding also records today as the decided date when none is set, in the same
 * change, so one undo takes both back); a, e / Enter and d as in every list.
 * Built on the record list engine (listview.c); depends on the core API only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "listview.h"
#include "tavle/date.h"
#include "tavle/plan.h"
#include "tavle/text.h"

static const enum tv_field decision_fields[] = {
	TV_FIELD_DECISION_title, TV_FIELD_DECISION_area, TV_FIELD_DECISION_owner,
	TV_FIELD_DECISION_due, TV_FIELD_DECISION_status, TV_FIELD_DECISION_text,
	TV_FIELD_DECISION_decided
};

LIST_ACCESSORS(d, decisions, ndecisions)

/* The due column's text of decision d: "-", the lateness, or the date. */
static void
d_due(struct app *app, const struct tv_decision *d, char *buf, size_t size)
{
	if (d->due == TV_NO_DAY)
		snprintf(buf, size, "-");
	else if (tv_plan_decision_overdue(d, app->today))
		format_deadline(d->due, app->today, buf, size);
	else
		show_date(d->due, 0, buf, size);
}

/* Columns: overdue mark and area tag, status, due, then title · owner in the rest. */
static void
d_measure(struct app *app, int width, struct list_cols *cw)
{
	char due[40];
	for (size_t i = 0; i < app->data->ndecisions; i++) {
		const struct tv_decision *d = &app->data->decisions[i];
		list_cols_fit(cw, 0, tv_decision_status_name(d->status, tv_i18n_names_danish()));
		d_due(app, d, due, sizeof due);
		list_cols_fit(cw, 1, due);
	}
	list_cols_squeeze(cw, 2, 2, 7, width, width / 3);
}

static void
d_row(struct app *app, WINDOW *w, int y, int width, size_t i, bool sel,
	const struct list_cols *cw)
{
	const struct tv_decision *d = &app->data->decisions[i];
	bool late = tv_plan_decision_overdue(d, app->today);
	attr_t base = sel ? style_attr(ST_SELECTED)
		: style_attr(d->status == TV_DEC_DECIDED ? ST_DONE : ST_NORMAL);
	int x = 1;
	ui_put_text(w, y, x, width - x, late ? "!" : " ", sel ? base | A_BOLD : style_attr(ST_OVERDUE));
	x += 2;
	x += area_tag_put(w, y, x, width - x, d->area, sel, base) + 1;
	list_col_put(w, y, &x, width, cw->w[0], 2,
		tv_decision_status_name(d->status, tv_i18n_names_danish()), base);
	char due[40];
	d_due(app, d, due, sizeof due);
	list_col_put(w, y, &x, width, cw->w[1], 2, due, late && !sel ? style_attr(ST_OVERDUE) : base);
	char *rest = tv_xasprintf("%s%s%s", d->title ? d->title : "",
		d->owner && *d->owner ? " \u00b7 " : "", d->owner ? d->owner : "");
	if (x < width - 1)
		ui_put_text(w, y, x, width - x - 1, rest, base);
	free(rest);
}

static int64_t
d_add(struct app *app)
{
	char *title = ask_field(app, "New decision, title: ", "", TV_FIELD_DECISION_title);
	if (!title)
		return 0;
	struct tv_decision d = { 0 };
	d.board_id = app->board_id;
	d.title = title;
	d.area = -1;
	d.due = TV_NO_DAY;
	d.decided = TV_NO_DAY;
	d.status = TV_DEC_OPEN;
	struct date_rule rule = { .today = app->today, .base_day = TV_NO_DAY };
	/* the date is checked in its prompt; Esc there cancels the whole new decision */
	char *due = ask_checked(app, "Due (18.12.2026, 18 Dec, +2w; empty for none): ", "", false,
		rule);
	if (!due) {
		app_message(app, ST_HINT, "No decision added");
		free(title);
		return 0;
	}
	const char *p = due;
	while (*p == ' ')
		p++;
	if (*p)
		tv_date_parse(due, app->today, &d.due, NULL);
	free(due);
	bool ok;
	APP_WRITE(app, ok, tv_store_decision_add(app->store, &d),
		"Added the decision (e edits area, owner, text)");
	if (ok)
		app_note_day_off(app, d.due, "Added the decision");
	free(title);
	return ok ? d.id : 0;
}

static unsigned
d_extra(struct app *app, enum request req, size_t i)
{
	if (req != REQ_STATUS)
		return H_NONE;
	const struct tv_decision *d = &app->data->decisions[i];
	int64_t id = d->id, ver = d->version;
	bool undated = d->decided == TV_NO_DAY;
	const char *names[TV_DECISION_STATUS_COUNT];
	for (int s = 0; s < TV_DECISION_STATUS_COUNT; s++)
		names[s] = tv_decision_status_name(s, tv_i18n_names_danish());
	int ch = ui_menu_choose(app, "Status", names, TV_DECISION_STATUS_COUNT, (int)d->status);
	if (ch < 0)
		return H_HANDLED | H_REDRAW;
	if (ch != TV_DEC_DECIDED || !undated) {
		app_set(app, TV_KIND_DECISION, id, "status", tv_decision_status_key(ch), ver);
		return H_HANDLED | H_REDRAW;
	}
	/* Decided now: status and date in one transaction, so one undo. */
	enum tv_status st;
	for (int attempt = 1;; attempt++) {
		st = tv_store_begin(app->store);
		int64_t nv = ver;
		if (st == TV_OK)
			st = tv_store_set(app->store, TV_KIND_DECISION, id, "status", "decided", ver,
				NULL, &nv);
		if (st == TV_OK)
			st = tv_store_set(app->store, TV_KIND_DECISION, id, "decided", "today", nv,
				NULL, NULL);
		if (st == TV_OK)
			st = tv_store_commit(app->store);
		if (st == TV_OK)
			break;
		tv_store_rollback(app->store);
		if (st != TV_BUSY || !app_busy_again(app, attempt))
			break;
	}
	if (st != TV_OK) {
		app_store_error(app, st);
		app_reload(app);
		return H_HANDLED | H_REDRAW;
	}
	app_after_write(app, "Decided today");
	return H_HANDLED | H_REDRAW;
}

LIST_VIEW_TABLES_ACTS(decisions, d,
	N_("{add} add  {edit}/{open-entry} edit field  {set-status} status  "
	"{delete} delete  {move-down}/{move-up} move  {view-close} back  "
	"{view-help} help"),
	N_("5 decisions"), N_("decision"), TV_KIND_DECISION, decision_fields, d_extra,
	((const enum request[]){ REQ_ADD, REQ_EDIT, REQ_DELETE, REQ_STATUS, REQ_NONE }));

struct view *
decisions_view_new(struct app *app)
{
	return listview_new(app, &decisions_ops, 0);
}
