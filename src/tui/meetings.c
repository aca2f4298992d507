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
#include "tavle/date.h"
#include "tavle/text.h"

static const enum tv_field meeting_fields[] = {
	TV_FIELD_MEETING_title, TV_FIELD_MEETING_kind, TV_FIELD_MEETING_start,
	TV_FIELD_MEETING_end, TV_FIELD_MEETING_place, TV_FIELD_MEETING_region,
	TV_FIELD_MEETING_url, TV_FIELD_MEETING_participants, TV_FIELD_MEETING_notes,
	TV_FIELD_MEETING_packages
};

LIST_ACCESSORS(m, meetings, nmeetings)

static void
m_row(struct app *app, WINDOW *w, int y, int width, size_t i, bool sel)
{
	const struct tv_meeting *m = &app->data->meetings[i];
	char s[TV_DATE_SHOW_BUF + 8], e[TV_DATE_SHOW_BUF + 8];
	show_when(m->start, TV_DATE_WEEKDAY, s, sizeof s);
	if (m->start.day == m->end.day && m->end.minute != TV_NO_TIME)
		snprintf(e, sizeof e, "%02d:%02d", m->end.minute / 60, m->end.minute % 60);
	else
		show_when(m->end, TV_DATE_WEEKDAY, e, sizeof e);
	const char *end = e;
	bool past = m->start.day != TV_NO_DAY && m->start.day < app->today;
	attr_t base = sel ? style_attr(ST_SELECTED) : style_attr(past ? ST_DONE : ST_NORMAL);
	char *when = tv_xasprintf("%s-%s", s, end);
	int x = 1;
	x += ui_put_text(w, y, x, width - x, when, base) + 2;
	free(when);
	char *kind = tv_text_ellipsize(tv_meeting_kind_name(m->kind, tv_i18n_names_danish()), 14);
	ui_put_text(w, y, x, width - x, kind, sel ? base : style_attr(ST_LABEL) | (past ? A_DIM : 0));
	free(kind);
	x += 16;
	const char *where = m->place && *m->place ? m->place : m->url && *m->url ? m->url : "";
	char *rest = tv_xasprintf("%s%s%s%s%s", m->title ? m->title : "",
		m->region && *m->region ? " \u00b7 " : "", m->region ? m->region : "",
		*where ? " \u00b7 " : "", where);
	ui_put_text(w, y, x, width - x - 1, rest, base);
	free(rest);
}

/* Ask for a date and time (Copenhagen), a time alone on base_day; false, with the
 * reason said unless the answer was Esc, when there is none to use. */
static bool
ask_when(struct app *app, const char *prompt, const char *initial, int32_t base_day,
	struct tv_when *out)
{
	struct date_rule rule = { .today = app->today, .when = true, .base_day = base_day };
	char *s = ask_checked(app, prompt, initial, true, rule);
	struct tv_diag diag = { 0 };
	bool ok = s && tv_when_parse_from(s, app->today, base_day, false, out, &diag) == TV_OK;
	if (s && !ok)
		app_message(app, ST_ERROR, "%s", diag.msg[0] ? diag.msg : _("not a date and time"));
	free(s);
	return ok;
}

static int64_t
m_add(struct app *app)
{
	char *title = ask_line(app, "New meeting, title: ", "", true);
	if (!title)
		return 0;
	struct tv_meeting m = { 0 };
	if (!ask_when(app, "Start (18.12.2026 9:30, Copenhagen time): ", "", app->today,
		&m.start)) {
		free(title);
		return 0;
	}
	/* An hour by default: the usual length of an info meeting. */
	time_t utc;
	char def[TV_WHEN_BUF] = "";
	if (tv_when_to_utc(m.start, &utc))
		tv_when_format(tv_when_from_utc(utc + 3600), def);
	if (!ask_when(app, "End (11:30 the same day, or 18.12.2026 11:30): ", def, m.start.day, &m.end)) {
		free(title);
		return 0;
	}
	const char *names[TV_MEETING_KIND_COUNT];
	for (int k = 0; k < TV_MEETING_KIND_COUNT; k++)
		names[k] = tv_meeting_kind_name(k, tv_i18n_names_danish());
	int kind = ui_menu_choose(app, "Kind of meeting", names, TV_MEETING_KIND_COUNT, 0);
	m.kind = kind >= 0 ? (enum tv_meeting_kind)kind : TV_MEET_INFO;
	m.board_id = app->board_id;
	m.title = title;
	bool ok;
	APP_WRITE(app, ok, tv_store_meeting_add(app->store, &m),
		"Added the meeting (e edits place, region, link, notes)");
	free(m.uid);
	free(title);
	return ok ? m.id : 0;
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
