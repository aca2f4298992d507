/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The meetings view (4): the board's info meetings, webinars and supplier meetings by
 * start time, each with its kind, time span (Copenhagen time), region and place or
 * link; the pane below shows every field (participants, notes, related packages).
 * a adds (title, start, end, kind), e / Enter edits a field, d deletes. Built on the
 * record list engine (listview.c); depends on the core API only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "listview.h"
#include "tavle/fields.h"
#include "tavle/i18n.h"
#include "tavle/date.h"
#include "tavle/text.h"

static const enum tv_field meeting_fields[] = {
	TV_FIELD_MEETING_title, TV_FIELD_MEETING_kind, TV_FIELD_MEETING_start,
	TV_FIELD_MEETING_end, TV_FIELD_MEETING_place, TV_FIELD_MEETING_region,
	TV_FIELD_MEETING_url, TV_FIELD_MEETING_participants, TV_FIELD_MEETING_notes,
	TV_FIELD_MEETING_packages
};

LIST_ACCESSORS(m, meetings, nmeetings)

/* The time span of meeting i as the list shows it: start, then the end's time alone
 * on the same day, else the end in full. Caller frees. */
static char *
m_when(const struct tv_meeting *m)
{
	char s[TV_DATE_SHOW_BUF + 8], e[TV_DATE_SHOW_BUF + 8];
	show_when(m->start, TV_DATE_WEEKDAY, s, sizeof s);
	if (m->start.day == m->end.day && m->end.minute != TV_NO_TIME)
		snprintf(e, sizeof e, "%02d:%02d", m->end.minute / 60, m->end.minute % 60);
	else
		show_when(m->end, TV_DATE_WEEKDAY, e, sizeof e);
	return tv_xasprintf("%s-%s", s, e);
}

/* Columns: time span, kind, then title · region · place in the rest. */
static void
m_measure(struct app *app, int width, struct list_cols *cw)
{
	for (size_t i = 0; i < app->data->nmeetings; i++) {
		const struct tv_meeting *m = &app->data->meetings[i];
		char *when = m_when(m);
		list_cols_fit(cw, 0, when);
		free(when);
		list_cols_fit(cw, 1, tv_meeting_kind_name(m->kind, tv_i18n_names_danish()));
	}
	list_cols_squeeze(cw, 2, 2, 1, width, width / 3);
}

static void
m_row(struct app *app, WINDOW *w, int y, int width, size_t i, bool sel,
	const struct list_cols *cw)
{
	const struct tv_meeting *m = &app->data->meetings[i];
	bool past = m->start.day != TV_NO_DAY && m->start.day < app->today;
	attr_t base = sel ? style_attr(ST_SELECTED) : style_attr(past ? ST_DONE : ST_NORMAL);
	int x = 1;
	char *when = m_when(m);
	list_col_put(w, y, &x, width, cw->w[0], 2, when, base);
	free(when);
	list_col_put(w, y, &x, width, cw->w[1], 2,
		tv_meeting_kind_name(m->kind, tv_i18n_names_danish()),
		sel ? base : style_attr(ST_LABEL) | (past ? A_DIM : 0));
	const char *where = m->place && *m->place ? m->place : m->url && *m->url ? m->url : "";
	char *rest = tv_xasprintf("%s%s%s%s%s", m->title ? m->title : "",
		m->region && *m->region ? " \u00b7 " : "", m->region ? m->region : "",
		*where ? " \u00b7 " : "", where);
	if (x < width - 1)
		ui_put_text(w, y, x, width - x - 1, rest, base);
	free(rest);
}

/* A meeting's start or end: a date and time (Copenhagen), a time alone on base_day;
 * an end must not come before `after` (the start; day TV_NO_DAY for a start). */
struct when_check {
	struct date_rule rule;
	struct tv_when after;
};

static bool
check_when(void *ctx, const char *text, char *why, size_t size)
{
	struct when_check *c = ctx;
	const char *p = text;
	while (*p == ' ')
		p++;
	if (!*p) {
		snprintf(why, size, "%s", _("Type a date and time, or Esc to cancel"));
		return false;
	}
	if (!ui_check_date(&c->rule, text, why, size))
		return false;
	struct tv_when w;
	tv_when_parse_from(text, c->rule.today, c->rule.base_day, false, &w, NULL);
	const struct tv_when *s = &c->after;
	if (s->day != TV_NO_DAY && (w.day < s->day || (w.day == s->day &&
			w.minute != TV_NO_TIME && s->minute != TV_NO_TIME && w.minute < s->minute))) {
		char at[TV_DATE_SHOW_BUF + 8];
		show_when(*s, 0, at, sizeof at);
		snprintf(why, size, _("The meeting would end before it starts (%s)"), at);
		return false;
	}
	return true;
}

/* The new meeting's answers, kept while the user goes back to a refused field. */
enum { MA_TITLE, MA_START, MA_END, MA_KIND, MA_ADD };

/* a: title, start, end (a time alone is on the start's day), kind. Each answer is
 * checked in its prompt, which stays open with the text and the reason; a refusal
 * when the meeting is added returns to the title with every answer kept; Esc in any
 * prompt or the menu cancels the whole new meeting. */
static int64_t
m_add(struct app *app)
{
	char *text[MA_KIND] = { NULL, NULL, NULL };
	char why[512] = "";
	struct tv_meeting m = { .board_id = app->board_id };
	int kind = 0, step = MA_TITLE;
	int64_t id = 0;
	while (step != MA_ADD) {
		char *t = NULL;
		if (step == MA_TITLE) {
			enum tv_field f = TV_FIELD_MEETING_title;
			t = ui_prompt_refused(app, "New meeting, title: ", text[step] ? text[step] : "",
				why, ui_check_field, &f);
		} else if (step == MA_START || step == MA_END) {
			struct when_check c = { .rule = { .today = app->today, .when = true,
				.base_day = step == MA_START ? app->today : m.start.day },
				.after = { .day = TV_NO_DAY, .minute = TV_NO_TIME } };
			if (step == MA_END)
				c.after = m.start;
			/* An hour by default: the usual length of an info meeting. */
			time_t utc;
			char def[TV_WHEN_BUF] = "";
			if (step == MA_END && !text[step] && tv_when_to_utc(m.start, &utc))
				tv_when_format(tv_when_from_utc(utc + 3600), def);
			t = ui_prompt_refused(app, step == MA_START ?
				N_("Start (18.12.2026 9:30, Copenhagen time): ") :
				N_("End (11:30 the same day, or 18.12.2026 11:30): "),
				text[step] ? text[step] : def, why, check_when, &c);
			if (t)
				tv_when_parse_from(t, app->today, c.rule.base_day, false,
					step == MA_START ? &m.start : &m.end, NULL);
		} else {
			const char *names[TV_MEETING_KIND_COUNT];
			for (int k = 0; k < TV_MEETING_KIND_COUNT; k++)
				names[k] = tv_meeting_kind_name(k, tv_i18n_names_danish());
			kind = ui_menu_choose(app, "Kind of meeting", names, TV_MEETING_KIND_COUNT,
				kind);
			if (kind < 0)
				break;
		}
		if (step != MA_KIND) {
			if (!t)
				break;
			if (step == MA_START && text[MA_START] && strcmp(text[MA_START], t) != 0) {
				/* a start changed after a refusal: its end is offered anew */
				free(text[MA_END]);
				text[MA_END] = NULL;
			}
			free(text[step]);
			text[step] = t;
		}
		why[0] = '\0';
		if (++step < MA_ADD)
			continue;
		m.kind = (enum tv_meeting_kind)kind;
		m.title = text[MA_TITLE];
		enum tv_status st;
		APP_RETRY(app, st, tv_store_meeting_add(app->store, &m));
		if (st == TV_INVALID) {
			const char *msg = tv_store_errmsg(app->store);
			snprintf(why, sizeof why, "%s", msg && *msg ? msg : tv_status_message(st));
			step = MA_TITLE;
		} else if (app_write_done(app, st,
				"Added the meeting (e edits place, region, link, notes)")) {
			id = m.id;
			if (!app_note_day_off(app, m.start.day, "Added the meeting") &&
			    m.end.day != m.start.day)
				app_note_day_off(app, m.end.day, "Added the meeting");
			/* A time in October's repeated hour: say which is used (issue 17); the
			 * rarer note wins the status line. */
			char *note = tv_when_repeated_note(m.start);
			if (!note)
				note = tv_when_repeated_note(m.end);
			if (note)
				app_message(app, ST_HINT, "%s", note);
			free(note);
		}
		free(m.uid);
		m.uid = NULL;
	}
	if (step != MA_ADD)
		app_message(app, ST_HINT, "No meeting added");
	for (int i = 0; i < MA_KIND; i++)
		free(text[i]);
	return id;
}

LIST_VIEW_TABLES(meetings, m, LIST_HINTS, N_("4 meetings"), N_("meeting"), TV_KIND_MEETING,
	meeting_fields, NULL);

struct view *
meetings_view_open(struct app *app, int64_t meeting_id)
{
	/* First upcoming meeting when none is asked for. */
	if (!meeting_id)
		for (size_t i = 0; i < app->data->nmeetings; i++)
			if (app->data->meetings[i].start.day >= app->today) {
				meeting_id = app->data->meetings[i].id;
				break;
			}
	return listview_new(app, &meetings_ops, meeting_id);
}

struct view *
meetings_view_new(struct app *app)
{
	return meetings_view_open(app, 0);
}
