/* SPDX-License-Identifier: MPL-2.0 */
/*
 * iCalendar export: which items of a board the options select, and each item's lines.
 * Per item the writer's template properties get their values and are written with
 * the constant lines into one reused buffer, which is folded into the output (or, for
 * tv_ical_each_item, handed over as a calendar of its own).
 *
 * What the export writes (the golden file tests/data/ical/board.ics shows all of it):
 * - UID "<uid>@tavle" (VTODO: "<uid>-todo@tavle", never equal to a VEVENT UID), except
 *   a meeting's UID that tavle did not make (an imported invitation's), written as it
 *   is, once per calendar (meeting_uid); SEQUENCE = version - 1 + export_rev;
 *   LAST-MODIFIED = the later of updated_at and export_at (now if neither is set);
 *   DTSTAMP = now. An item's text derives from other rows too (a task's summary holds
 *   its package's number and its position, a package's description its phase and board
 *   names, a decision's its board): the store raises export_rev, with export_at,
 *   whenever the exported text changed without the row's version (store triggers of
 *   schema 10), and past a tombstone's SEQUENCE when undo brings a removed item back, so
 *   SEQUENCE never goes down and rises with every change a calendar would show. The
 *   export itself writes nothing (it may run on a read-only database).
 * - Times: DTSTART/DTEND/DUE with TZID=Europe/Copenhagen, except a time in October's
 *   repeated hour, written in UTC as its first instant (put_time_at).
 * - Package deadline: SUMMARY "Frist: 7 Datamigrering" (all-day, DTEND the next day) or
 *   "Frist kl. 09:00: 5 Kommunikation" (15 minutes); TRANSP:TRANSPARENT; CATEGORIES
 *   area name; COLOR area colour; DESCRIPTION package, area, owner, status, phase,
 *   board and the minimum requirements text.
 * - Task deadline: SUMMARY "Frist: 1.2 <title>" (package number . position + 1); done
 *   tasks stay in the feed with "✓ " in front of the summary and get no alarm;
 *   DESCRIPTION task, package, area, responsible party, the task's owner ("Ansvarlig:",
 *   as a package's; no line when none), done and the minimum flag.
 * - Meeting: its title; LOCATION "place, region"; URL only for a plain http(s) URI, the
 *   link always repeated in DESCRIPTION; TRANSP:OPAQUE; CATEGORIES kind name; no end or
 *   an end before the start becomes one hour. All-day meetings: the end day is inclusive.
 *   Its fields again as X-TAVLE-KIND, -PLACE, -REGION, -URL, -PARTICIPANTS, -PACKAGES
 *   and -NOTES (put_meeting_fields), which import reads back as fields.
 * - Phase: "Fase: <name>", all-day span with exclusive DTEND.
 * - Management decision with a due day: an all-day deadline item (a VTODO with --todo),
 *   SUMMARY "Beslutning: <title>" ("✓ " in front once decided; VTODO: COMPLETED), UID
 *   "decision-<board id>-<id>@tavle" (decisions have no uid of their own; the id never
 *   changes), CATEGORIES and COLOR of its area if it has one; DESCRIPTION area, owner,
 *   status, board and its text. A board without decisions exports the same bytes as
 *   before decisions were exported.
 * - Tombstone (a removed package, task, phase, meeting, or decision with a due day):
 *   STATUS:CANCELLED with its own SEQUENCE and LAST-MODIFIED = deleted_at. A removed
 *   board leaves one for each of its exported items (tv_store_load_removed gives them
 *   to `export --all`). With cancel_archived (`export --all`) an archived board's items
 *   are written the same way for 30 days after archiving (archiving raised their
 *   SEQUENCE; unarchiving raises it again, so they come back); per item (publish)
 *   nothing, so publish deletes them.
 * - An occurrence of an imported series (and its tombstone): an event of its own,
 *   UID "<series uid>-<code>@tavle" where the code is its RECURRENCE-ID in short form
 *   (tavle/ical.h says why not a RECURRENCE-ID), so a cancellation names one instance.
 * - The writer cannot know the board at open time, so a NULL calname gives "tavle":
 *   callers exporting one board pass its name.
 * - Only days from 1970-01-01 to 2499-12-30 are written (ical_calendar_day): libical 3.0.16
 *   writes any date after the year 3000 as "00000000T000000" and drops VALUE=DATE from
 *   0001-01-01; our VTIMEZONE starts in 1970 (before it readers apply no summer time,
 *   where tavle applies the EU rule), and libical applies its rules only up to about
 *   2582. An item starting outside is left out, an end outside is treated as no end, a
 *   LAST-MODIFIED outside becomes the export time. An empty SUMMARY
 *   (libical rejects one when reading) is written as "(uden titel)", as import reads it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tavle/fields.h"
#include "tavle/store.h" /* enum tv_board_part only */
#include "tavle/text.h"
#include "ical_int.h"

/* Drop trailing newlines (a DESCRIPTION ending in "\n" looks like an empty last line
 * in most clients). */
static void
sb_chomp(struct tv_buf *b)
{
	while (b->len > 0 && b->p[b->len - 1] == '\n')
		b->p[--b->len] = '\0';
}

/* ical_utc_or with a one-entry cache: the benchmark's 136,000 items carry a handful of
 * distinct timestamps, each parsed and checked once per run of equal texts. */
static time_t
writer_utc_or(struct tv_ical_writer *w, const char *text, time_t fallback)
{
	if (!text || !*text)
		return fallback;
	if (w->lm_text && w->lm_fallback == fallback && strcmp(w->lm_text, text) == 0)
		return w->lm_value;
	free(w->lm_text);
	w->lm_text = tv_xstrdup(text);
	w->lm_fallback = fallback;
	w->lm_value = ical_utc_or(text, fallback);
	return w->lm_value;
}

/* An item's SEQUENCE and LAST-MODIFIED text (see the header comment). */
static int64_t
item_sequence(int64_t version, int64_t export_rev)
{
	return version - 1 + export_rev;
}

static const char *
item_modified(const char *updated_at, const char *export_at)
{
	return export_at ? export_at : updated_at;
}

/* Sanitised text that libical will read back: never empty or only spaces. */
static void
sb_san_summary(struct tv_buf *b, const char *s)
{
	size_t at = b->len;
	ical_sb_san(b, s, false);
	if (ical_all_spaces(b->p + at)) {
		b->len = at;
		tv_buf_adds(b, "(uden titel)");
	}
}

/* ---- writing one item: the template properties get their values, then a line ---- */

static void
put_line(struct tv_ical_writer *w, const char *line)
{
	if (line)
		tv_buf_adds(&w->item, line);
	else
		w->item_ok = false;
}

static void
put_prop(struct tv_ical_writer *w, icalproperty *p)
{
	if (!ical_sb_prop(&w->item, p))
		w->item_ok = false;
}

static void
put_text(struct tv_ical_writer *w, icalproperty *p, const char *text)
{
	icalvalue_set_text(icalproperty_get_value(p), text);
	put_prop(w, p);
}

/* The DESCRIPTION built in `s`: with `paragraph` (a free text, sanitised) after a blank
 * line when it has one, and without trailing newlines. */
static void
put_description(struct tv_ical_writer *w, struct tv_buf *s, const char *paragraph)
{
	if (paragraph && *paragraph) {
		tv_buf_add(s, "\n", 1);
		ical_sb_san(s, paragraph, true);
		tv_buf_add(s, "\n", 1);
	}
	sb_chomp(s);
	put_text(w, w->p_description, s->p);
}

static void
item_begin(struct tv_ical_writer *w, bool todo)
{
	tv_buf_reset(&w->item);
	w->item_ok = true;
	tv_buf_adds(&w->item, todo ? "BEGIN:VTODO\n" : "BEGIN:VEVENT\n");
}

/* The item's UID text is in the p_uid value (tv_ical_each_item names the item by it). */
static void
item_end(struct tv_ical_writer *w, bool todo)
{
	tv_buf_adds(&w->item, todo ? "END:VTODO\n" : "END:VEVENT\n");
	w->stats.events++;
	if (!w->item_ok) {
		if (w->item_cb) {
			if (w->item_status == TV_OK)
				w->item_status = TV_IO;
		} else {
			w->failed = true;
		}
		return;
	}
	if (w->item_cb) {
		if (w->item_status != TV_OK)
			return;
		struct tv_buf *o = &w->out_buf;
		tv_buf_reset(o);
		tv_buf_add(o, w->header.p, w->header.len);
		ical_fold_lines(o, w->item.p, w->item.len);
		tv_buf_adds(o, "END:VCALENDAR\r\n");
		const char *uid = icalvalue_get_text(icalproperty_get_value(w->p_uid));
		w->item_status = w->item_cb(w->item_ctx, uid ? uid : "", o->p, o->len);
		return;
	}
	ical_fold_lines(&w->out_buf, w->item.p, w->item.len);
	if (w->out_buf.len >= OUT_CHUNK) {
		if (fwrite(w->out_buf.p, 1, w->out_buf.len, w->out) != w->out_buf.len)
			w->failed = true;
		w->out_buf.len = 0;
	}
}

/* Common properties: UID, DTSTAMP, SEQUENCE, LAST-MODIFIED. The sanitised uid is
 * in w->uid (sb_uid); `suffix` and "@tavle" are added to it, unless `suffix` is NULL
 * (a meeting's UID, complete: meeting_uid). */
static void
put_common(struct tv_ical_writer *w, const char *suffix, int64_t sequence,
	time_t last_modified)
{
	struct tv_buf *u = &w->uid;
	if (suffix) {
		tv_buf_adds(u, suffix);
		tv_buf_adds(u, UID_DOMAIN);
	}
	put_text(w, w->p_uid, u->p);
	put_line(w, w->l_dtstamp);
	if (sequence < 0)
		sequence = 0;
	if (sequence > 0x7fffffff)
		sequence = 0x7fffffff;
	icalvalue_set_integer(icalproperty_get_value(w->p_sequence), (int)sequence);
	put_prop(w, w->p_sequence);
	if (!w->lm_has_time || w->lm_key != last_modified) {
		w->lm_time = ical_utc(last_modified); /* gmtime and more: once per run */
		w->lm_key = last_modified;
		w->lm_has_time = true;
	}
	icalvalue_set_datetime(icalproperty_get_value(w->p_lastmod), w->lm_time);
	put_prop(w, w->p_lastmod);
}

static void
put_date(struct tv_ical_writer *w, icalproperty *p, int32_t day)
{
	icalvalue_set_date(icalproperty_get_value(p), ical_date(day));
	put_prop(w, p);
}

static void
put_local(struct tv_ical_writer *w, icalproperty *p, struct icaltimetype t)
{
	icalvalue_set_datetime(icalproperty_get_value(p), t);
	put_prop(w, p);
}

enum time_prop { TP_START, TP_END, TP_DUE };

/* A local time as DTSTART, DTEND or DUE: with our TZID, or, in the hour that occurs
 * twice in October, in UTC: its first instant (`utc` 0) or the instant `utc` when
 * the time was counted on the UTC timeline and is the second. RFC 5545 §3.3.5 reads a
 * zoned time in that hour as the first, python-icalendar as the second; UTC leaves
 * no reader a choice (issue 17 item 12). */
static void
put_time_at(struct tv_ical_writer *w, enum time_prop which, struct tv_when when, time_t utc)
{
	when.day += when.minute / 1440;
	when.minute %= 1440;
	icalproperty *local = which == TP_START ? w->p_start_time :
		which == TP_END ? w->p_end_time : w->p_due_time;
	icalproperty *zulu = which == TP_START ? w->p_start_utc :
		which == TP_END ? w->p_end_utc : w->p_due_utc;
	time_t first;
	if (tv_when_repeated(when) && tv_when_to_utc(when, &first)) {
		put_local(w, zulu, ical_utc(utc ? utc : first));
		return;
	}
	put_local(w, local, ical_local(w->zone, when.day, when.minute));
}

static void
put_time(struct tv_ical_writer *w, enum time_prop which, struct tv_when when)
{
	put_time_at(w, which, when, 0);
}

/* The time `minutes` after `when`, counted on the UTC timeline: a default end (a
 * deadline's 15 minutes, a meeting's hour) must not land in the spring-forward gap,
 * and one that ends in the repeated hour's second round is that instant. A start in
 * the gap itself falls back to the wall clock. */
static void
put_time_after(struct tv_ical_writer *w, enum time_prop which, struct tv_when when, int minutes)
{
	time_t t;
	if (tv_when_to_utc(when, &t)) {
		t += (time_t)minutes * 60;
		put_time_at(w, which, tv_when_from_utc(t), t);
		return;
	}
	when.minute = (int16_t)(when.minute + minutes);
	put_time(w, which, when);
}

/* DUE of a VTODO: a date, or a local time. */
static void
put_due(struct tv_ical_writer *w, struct tv_when when)
{
	if (when.minute == TV_NO_TIME)
		put_date(w, w->p_due_date, when.day);
	else
		put_time(w, TP_DUE, when);
}

/* A deadline as DTSTART/DTEND: all-day (exclusive end next day) or 15 minutes. */
static void
put_deadline_times(struct tv_ical_writer *w, struct tv_when when)
{
	if (when.minute == TV_NO_TIME) {
		put_date(w, w->p_start_date, when.day);
		put_date(w, w->p_end_date, when.day + 1);
	} else {
		put_time(w, TP_START, when);
		put_time_after(w, TP_END, when, 15);
	}
}

/* Keep the summary for the VALARM (the item's other values reuse the buffers). */
static bool
alarm_keep(struct tv_ical_writer *w, const char *summary)
{
	if (!w->opt.alarm || w->opt.todo)
		return false;
	tv_buf_reset(&w->alarm);
	ical_sb_san(&w->alarm, summary, false);
	return true;
}

/* The VALARM with the summary kept by alarm_keep. */
static void
put_alarm(struct tv_ical_writer *w)
{
	put_line(w, w->l_alarm_head);
	put_text(w, w->p_alarm_description, w->alarm.p);
	tv_buf_adds(&w->item, "END:VALARM\n");
}

static bool
area_selected(const struct tv_ical_writer *w, int area)
{
	if (!w->opt.areas || area < 0)
		return true;
	return (w->opt.areas & (1u << area)) != 0;
}

static const char *
phase_name(const struct tv_board_data *d, int64_t phase_id)
{
	const struct tv_phase *ph = phase_id ? tv_board_data_phase(d, phase_id) : NULL;
	return ph ? ph->name : NULL;
}

static bool
package_selected(const struct tv_ical_writer *w, const struct tv_board_data *d,
	const struct tv_package *p)
{
	if (!area_selected(w, (int)p->area))
		return false;
	if (w->phase) {
		const char *name = phase_name(d, p->phase_id);
		if (!name || strcmp(name, w->phase) != 0)
			return false;
	}
	return true;
}

/* The phase window named by the filter, or false if the board has no such phase. */
static bool
filter_window(const struct tv_ical_writer *w, const struct tv_board_data *d, int32_t *start,
	int32_t *end)
{
	for (size_t i = 0; i < d->nphases; i++) {
		if (d->phases[i].name && strcmp(d->phases[i].name, w->phase) == 0) {
			*start = d->phases[i].start;
			*end = d->phases[i].end;
			return true;
		}
	}
	return false;
}

static bool
day_in_filter_phase(const struct tv_ical_writer *w, const struct tv_board_data *d, int32_t day)
{
	if (!w->phase)
		return true;
	int32_t s, e;
	if (!filter_window(w, d, &s, &e))
		return false;
	return day >= s && day <= e;
}

/* "<label><value>\n" into a description. */
static void
sb_field(struct tv_buf *s, const char *label, const char *value)
{
	tv_buf_adds(s, label);
	tv_buf_adds(s, value);
	tv_buf_add(s, "\n", 1);
}

/* The same with `value` sanitised, and nothing if it is NULL or empty. */
static void
sb_san_field(struct tv_buf *s, const char *label, const char *value, bool multiline)
{
	if (!value || !*value)
		return;
	tv_buf_adds(s, label);
	ical_sb_san(s, value, multiline);
	tv_buf_add(s, "\n", 1);
}

/* The item's own UID (sanitised) or "<kind>-<board>-<id>". */
static void
sb_uid(struct tv_buf *b, const char *uid, const char *kind, int64_t board_id, int64_t id)
{
	tv_buf_reset(b);
	if (uid && *uid) {
		ical_sb_san(b, uid, false);
		return;
	}
	char tmp[64];
	int n = snprintf(tmp, sizeof tmp, "%s-%lld-%lld", kind, (long long)board_id, (long long)id);
	if (n > 0)
		tv_buf_add(b, tmp, (size_t)n);
}

/* Is `uid` one tavle made for a meeting ("meet-" and hex digits, store/add.c)? */
static bool
own_meeting_uid(const char *uid)
{
	if (strncmp(uid, "meet-", 5) != 0 || !uid[5])
		return false;
	for (const char *p = uid + 5; *p; p++)
		if (!strchr("0123456789abcdef", *p))
			return false;
	return true;
}

/* An occurrence's UID: the series' UID and the code of its RECURRENCE-ID (tavle/ical.h);
 * a RECURRENCE-ID that is no canonical text (a database edited by hand) adds nothing. */
static void
sb_occurrence(struct tv_buf *b, const char *rid)
{
	char code[TV_ICAL_RID_CODE_BUF];
	if (rid && tv_ical_rid_code(rid, code)) {
		tv_buf_add(b, "-", 1);
		tv_buf_adds(b, code);
	}
}

/*
 * A meeting's UID into w->uid, complete (put_common with a NULL suffix): tavle's own
 * "meet-…" gets "@tavle" as every item does; a UID the meeting was imported with is
 * written unchanged, so the calendar that holds the original invitation recognises it
 * (issue 17 item 7). One occurrence of a recurring invitation (`rid` set) is an event
 * of its own, "<uid>-<code>@tavle" (sb_occurrence), not the series' UID with a
 * RECURRENCE-ID. A UID already written to this calendar (the same invitation
 * imported into two boards, in export --all) gets "~b<board id>@tavle" instead: a
 * UID appears once in a calendar. The first board written keeps the UID; import
 * reads either form back as the meeting's own (cmd_ical.c find_meeting).
 */
static void
meeting_uid(struct tv_ical_writer *w, const char *uid, const char *rid, int64_t board_id,
	int64_t id)
{
	sb_uid(&w->uid, uid, "meeting", board_id, id);
	size_t before = w->uid.len;
	sb_occurrence(&w->uid, rid);
	if (!uid || !*uid || w->uid.len != before || own_meeting_uid(w->uid.p))
		tv_buf_adds(&w->uid, UID_DOMAIN);
	if (ical_uidset_add(&w->uids, w->uid.p))
		return;
	sb_uid(&w->uid, uid, "meeting", board_id, id);
	sb_occurrence(&w->uid, rid);
	char tmp[32];
	int n = snprintf(tmp, sizeof tmp, "~b%lld", (long long)board_id);
	if (n > 0)
		tv_buf_add(&w->uid, tmp, (size_t)n);
	tv_buf_adds(&w->uid, UID_DOMAIN);
	ical_uidset_add(&w->uids, w->uid.p);
}

/* "Frist: <what>" or "Frist kl. HH:MM: <what>" (what is already in `b` from `at`). */
static void
sb_deadline_prefix(struct tv_buf *b, struct tv_when when)
{
	if (when.minute == TV_NO_TIME) {
		tv_buf_adds(b, "Frist: ");
		return;
	}
	tv_buf_adds(b, "Frist kl. ");
	ical_sb_int(b, when.minute / 60, 2);
	tv_buf_add(b, ":", 1);
	ical_sb_int(b, when.minute % 60, 2);
	tv_buf_adds(b, ": ");
}

/* What one board's items share: sanitised once per board, not per item. */
struct board_ctx {
	const struct tv_board_data *d;
	char *name;             /* sanitised board name, NULL if none */
};

/* The start of a deadline item (a package's or a task's) after its UID: the common
 * lines, then the deadline as DUE and STATUS (a to-do) or as a transparent span. */
static void
begin_deadline(struct tv_ical_writer *w, int64_t sequence, const char *modified,
	struct tv_when deadline, bool done)
{
	bool todo = w->opt.todo;
	item_begin(w, todo);
	put_common(w, todo ? "-todo" : "", sequence, writer_utc_or(w, modified, w->opt.now));
	if (todo) {
		put_due(w, deadline);
		put_line(w, w->l_status[done ? ST_COMPLETED : ST_NEEDSACTION]);
	} else {
		put_deadline_times(w, deadline);
		put_line(w, w->l_transp_transparent);
	}
}

/* The end of a deadline item: the DESCRIPTION built in w->text, the area's
 * CATEGORIES and COLOR, the alarm if kept. */
static void
end_deadline(struct tv_ical_writer *w, enum tv_area area, bool alarm)
{
	sb_chomp(&w->text);
	put_text(w, w->p_description, w->text.p);
	put_line(w, w->l_cat[area]);
	put_line(w, w->l_color[area]);
	if (alarm)
		put_alarm(w);
	item_end(w, w->opt.todo);
}

static void
write_package(struct tv_ical_writer *w, const struct board_ctx *bc,
	const struct tv_package *p, const char *title)
{
	if (!ical_calendar_day(p->deadline.day))
		return;
	const struct tv_board_data *d = bc->d;
	bool todo = w->opt.todo;
	const char *area = tv_area_name(p->area, true);
	struct tv_buf *s = &w->text;

	sb_uid(&w->uid, p->uid, "package", p->board_id, p->id);
	begin_deadline(w, item_sequence(p->version, p->export_rev),
		item_modified(p->updated_at, p->export_at), p->deadline, p->status == TV_DONE);

	/* SUMMARY: "[Frist[ kl. HH:MM]: ]<number> <title>" */
	tv_buf_reset(s);
	if (!todo)
		sb_deadline_prefix(s, p->deadline);
	ical_sb_int(s, p->number, 1);
	tv_buf_add(s, " ", 1);
	tv_buf_adds(s, title);
	put_text(w, w->p_summary, s->p);
	bool alarm = alarm_keep(w, s->p);

	tv_buf_reset(s);
	tv_buf_adds(s, "Pakke ");
	ical_sb_int(s, p->number, 1);
	tv_buf_adds(s, ": ");
	tv_buf_adds(s, title);
	sb_field(s, "\nOmråde: ", area);
	sb_san_field(s, "Ansvarlig: ", p->owner, false);
	sb_field(s, "Status: ", tv_pstatus_name(p->status, true));
	const char *ph = phase_name(d, p->phase_id);
	if (ph) {
		tv_buf_adds(s, "Fase: ");
		ical_sb_san(s, ph, false);
		tv_buf_add(s, "\n", 1);
	}
	if (bc->name)
		sb_field(s, "Tavle: ", bc->name);
	const char *req = p->sections[TV_SEC_REQUIREMENTS];
	if (req && *req) {
		tv_buf_add(s, "\n", 1);
		tv_buf_adds(s, tv_section_name(TV_SEC_REQUIREMENTS, true));
		tv_buf_adds(s, ":\n");
		ical_sb_san(s, req, true);
		tv_buf_add(s, "\n", 1);
	}
	end_deadline(w, p->area, alarm);
}

static void
write_task(struct tv_ical_writer *w, const struct tv_package *p, const char *ptitle,
	const struct tv_task *t)
{
	if (!ical_calendar_day(t->deadline.day))
		return;
	bool todo = w->opt.todo;
	const char *area = tv_area_name(p->area, true);
	struct tv_buf *s = &w->text;

	sb_uid(&w->uid, t->uid, "task", p->id, t->id);
	begin_deadline(w, item_sequence(t->version, t->export_rev),
		item_modified(t->updated_at, t->export_at), t->deadline, t->done);

	/* The title sanitised once, for the summary and the description. */
	tv_buf_reset(&w->title);
	ical_sb_san(&w->title, t->title, false);
	const char *title = w->title.p;

	/* SUMMARY: done tasks stay in the feed (the deadline happened) but are marked
	 * with a tick: "[✓ ][Frist[ kl. HH:MM]: ]<number>.<position + 1> <title>" */
	tv_buf_reset(s);
	if (!todo) {
		if (t->done)
			tv_buf_adds(s, "\u2713 ");
		sb_deadline_prefix(s, t->deadline);
	}
	ical_sb_int(s, p->number, 1);
	tv_buf_add(s, ".", 1);
	ical_sb_int(s, t->position + 1, 1);
	tv_buf_add(s, " ", 1);
	tv_buf_adds(s, title);
	put_text(w, w->p_summary, s->p);
	bool alarm = !t->done && alarm_keep(w, s->p);

	tv_buf_reset(s);
	tv_buf_adds(s, "Opgave ");
	ical_sb_int(s, p->number, 1);
	tv_buf_add(s, ".", 1);
	ical_sb_int(s, t->position + 1, 1);
	tv_buf_adds(s, ": ");
	tv_buf_adds(s, title);
	tv_buf_adds(s, "\nPakke ");
	ical_sb_int(s, p->number, 1);
	tv_buf_adds(s, ": ");
	tv_buf_adds(s, ptitle);
	tv_buf_adds(s, "\nOmråde: ");
	tv_buf_adds(s, area);
	tv_buf_adds(s, "\nAnsvarlig part: ");
	tv_buf_adds(s, tv_responsible_name(t->responsible, true));
	tv_buf_add(s, "\n", 1);
	/* The task's owner as the package deadline names the package's (none: no line) */
	sb_san_field(s, "Ansvarlig: ", t->owner, false);
	tv_buf_adds(s, t->done ? "Udført: ja\n" : "Udført: nej\n");
	if (t->minimum)
		tv_buf_adds(s, "Minimumskrav: ja\n");
	end_deadline(w, p->area, alarm);
}

/* A URL goes into the URL property only if it is a plain http(s) URI. */
static bool
valid_http_uri(const char *u)
{
	if (!u)
		return false;
	size_t skip;
	if (strncmp(u, "https://", 8) == 0)
		skip = 8;
	else if (strncmp(u, "http://", 7) == 0)
		skip = 7;
	else
		return false;
	if (!u[skip] || u[skip] == '/')
		return false;
	for (const unsigned char *p = (const unsigned char *)u; *p; p++) {
		if (*p <= 0x20 || *p >= 0x7f || strchr("<>\"{}|\\^`", *p))
			return false;
	}
	return true;
}

/*
 * The meeting's fields as tavle's own properties, so an import (into this board or a
 * fresh one) gets them back as fields, not folded into the notes (issue 17 item 7);
 * LOCATION and DESCRIPTION stay as they were for the clients that show them.
 * X-TAVLE-KIND is always written and marks the rest as complete: a field without its
 * property is empty. X-TAVLE-URL only for a link that URL does not carry.
 */
static void
put_meeting_fields(struct tv_ical_writer *w, const struct tv_meeting *m, const char *place,
	const char *region, const char *url)
{
	struct tv_buf *b = &w->item;
	bool ok = ical_sb_xtext(b, "X-TAVLE-KIND", tv_meeting_kind_key(m->kind)) &&
		ical_sb_xtext(b, "X-TAVLE-PLACE", place) &&
		ical_sb_xtext(b, "X-TAVLE-REGION", region) &&
		ical_sb_xtext(b, "X-TAVLE-URL",
		valid_http_uri(url) || !tv_field_link_exportable(url) ? NULL : url);
	char *v = ical_san(m->participants, false);
	ok = ok && ical_sb_xtext(b, "X-TAVLE-PARTICIPANTS", v);
	free(v);
	v = ical_san(m->packages, false);
	ok = ok && ical_sb_xtext(b, "X-TAVLE-PACKAGES", v);
	free(v);
	v = ical_san(m->notes, true);
	ok = ok && ical_sb_xtext(b, "X-TAVLE-NOTES", v);
	free(v);
	if (!ok)
		w->item_ok = false;
}

static void
write_meeting(struct tv_ical_writer *w, const struct tv_meeting *m)
{
	if (!ical_calendar_day(m->start.day))
		return;
	struct tv_buf *s = &w->text;
	meeting_uid(w, m->uid, m->recurrence_id, m->board_id, m->id);
	tv_buf_reset(s);
	sb_san_summary(s, m->title);
	char *title = tv_xstrdup(s->p);
	char *place = ical_san(m->place, false);
	char *region = ical_san(m->region, false);
	char *url = ical_san(m->url, false);
	const char *kind = tv_meeting_kind_name(m->kind, true);

	item_begin(w, false);
	put_common(w, NULL, item_sequence(m->version, m->export_rev),
		writer_utc_or(w, item_modified(m->updated_at, m->export_at), w->opt.now));
	if (m->start.minute == TV_NO_TIME) {
		/* All-day: the stored end day is inclusive. */
		int32_t last = ical_calendar_day(m->end.day) && m->end.day >= m->start.day ?
			m->end.day : m->start.day;
		put_date(w, w->p_start_date, m->start.day);
		put_date(w, w->p_end_date, last + 1);
	} else {
		put_time(w, TP_START, m->start);
		/* Without a usable end, one hour (no DTEND reads as 24 h in khal, 0 in others). */
		if (ical_calendar_day(m->end.day) && m->end.minute != TV_NO_TIME &&
		    ((int64_t)m->end.day * 1440 + m->end.minute) >
		    ((int64_t)m->start.day * 1440 + m->start.minute))
			put_time(w, TP_END, m->end);
		else
			put_time_after(w, TP_END, m->start, 60);
	}
	put_line(w, w->l_transp_opaque);
	put_text(w, w->p_summary, title);

	if (*place || *region) {
		tv_buf_reset(s);
		tv_buf_adds(s, place);
		if (*place && *region)
			tv_buf_adds(s, ", ");
		tv_buf_adds(s, region);
		put_text(w, w->p_location, s->p);
	}
	if (valid_http_uri(url)) {
		icalvalue_set_uri(icalproperty_get_value(w->p_url), url);
		put_prop(w, w->p_url);
	}

	tv_buf_reset(s);
	tv_buf_adds(s, title);
	sb_field(s, "\nType: ", kind);
	if (*place)
		sb_field(s, "Sted: ", place);
	if (*region)
		sb_field(s, "Region: ", region);
	/* Many clients do not show URL, so the link is repeated here. */
	if (*url && tv_field_link_exportable(url))
		sb_field(s, "Link: ", url);
	sb_san_field(s, "Deltagere: ", m->participants, false);
	sb_san_field(s, "Pakker: ", m->packages, false);
	put_description(w, s, m->notes);
	put_line(w, w->l_cat[CAT_KIND0 + m->kind]);
	put_meeting_fields(w, m, place, region, url);
	if (alarm_keep(w, title))
		put_alarm(w);
	item_end(w, false);

	free(url);
	free(region);
	free(place);
	free(title);
}

static void
write_phase(struct tv_ical_writer *w, const struct tv_phase *ph)
{
	if (!ical_calendar_day(ph->start))
		return;
	struct tv_buf *s = &w->text;
	sb_uid(&w->uid, ph->uid, "phase", ph->board_id, ph->id);
	tv_buf_reset(s);
	ical_sb_san(s, ph->name, false);
	char *name = tv_xstrdup(s->p);
	int32_t last = ical_calendar_day(ph->end) && ph->end >= ph->start ? ph->end : ph->start;

	item_begin(w, false);
	put_common(w, "", item_sequence(ph->version, ph->export_rev),
		writer_utc_or(w, item_modified(ph->updated_at, ph->export_at), w->opt.now));
	put_date(w, w->p_start_date, ph->start);
	put_date(w, w->p_end_date, last + 1);
	put_line(w, w->l_transp_transparent);
	tv_buf_reset(s);
	tv_buf_adds(s, "Fase: ");
	tv_buf_adds(s, name);
	put_text(w, w->p_summary, s->p);

	char b1[TV_DATE_BUF], b2[TV_DATE_BUF];
	tv_date_format(ph->start, b1);
	tv_date_format(last, b2);
	tv_buf_reset(s);
	tv_buf_adds(s, "Fase: ");
	tv_buf_adds(s, name);
	tv_buf_adds(s, "\nPeriode: ");
	tv_buf_adds(s, b1);
	tv_buf_adds(s, " til ");
	tv_buf_adds(s, b2);
	tv_buf_add(s, "\n", 1);
	if (ph->not_before != TV_NO_DAY) {
		char b3[TV_DATE_BUF];
		tv_date_format(ph->not_before, b3);
		sb_field(s, "Ikke før: ", b3);
		sb_san_field(s, "Begrundelse: ", ph->not_before_reason, true);
	}
	put_description(w, s, NULL);
	put_line(w, w->l_cat[CAT_PHASE]);
	item_end(w, false);
	free(name);
}

static void
write_decision(struct tv_ical_writer *w, const struct board_ctx *bc,
	const struct tv_decision *x)
{
	if (x->due == TV_NO_DAY || !ical_calendar_day(x->due))
		return;
	bool todo = w->opt.todo, decided = x->status == TV_DEC_DECIDED;
	bool has_area = x->area >= 0 && x->area < TV_AREA_COUNT;
	struct tv_buf *s = &w->text;

	char uid[48];
	tv_decision_uid(x, uid, sizeof uid);
	sb_uid(&w->uid, uid, "", 0, 0);
	begin_deadline(w, item_sequence(x->version, x->export_rev),
		item_modified(x->updated_at, x->export_at), (struct tv_when){ x->due, TV_NO_TIME },
		decided);

	tv_buf_reset(&w->title);
	ical_sb_san(&w->title, x->title, false);
	tv_buf_reset(s);
	if (!todo && decided)
		tv_buf_adds(s, "\u2713 ");
	tv_buf_adds(s, "Beslutning: ");
	tv_buf_adds(s, w->title.p);
	put_text(w, w->p_summary, s->p);
	bool alarm = x->status == TV_DEC_OPEN && alarm_keep(w, s->p);

	tv_buf_reset(s);
	tv_buf_adds(s, "Ledelsesbeslutning: ");
	tv_buf_adds(s, w->title.p);
	tv_buf_add(s, "\n", 1);
	if (has_area)
		sb_field(s, "Område: ", tv_area_name((enum tv_area)x->area, true));
	sb_san_field(s, "Ansvarlig: ", x->owner, false);
	sb_field(s, "Status: ", tv_decision_status_name(x->status, true));
	if (bc->name)
		sb_field(s, "Tavle: ", bc->name);
	put_description(w, s, x->text);
	if (has_area) {
		put_line(w, w->l_cat[x->area]);
		put_line(w, w->l_color[x->area]);
	}
	if (alarm)
		put_alarm(w);
	item_end(w, todo);
}

static unsigned
tombstone_what(enum tv_kind k)
{
	switch (k) {
	case TV_KIND_PACKAGE: return TV_ICAL_DEADLINES;
	case TV_KIND_TASK:    return TV_ICAL_TASKS;
	case TV_KIND_MEETING: return TV_ICAL_MEETINGS;
	case TV_KIND_PHASE:   return TV_ICAL_PHASES;
	case TV_KIND_DECISION: return TV_ICAL_DECISIONS;
	default:              return 0;
	}
}

static void
write_tombstone(struct tv_ical_writer *w, const struct tv_board_data *d,
	const struct tv_tombstone *t)
{
	unsigned what = tombstone_what(t->kind);
	if (!(w->opt.what & what))
		return;
	if (w->opt.todo && what != TV_ICAL_DEADLINES && what != TV_ICAL_TASKS &&
		what != TV_ICAL_DECISIONS)
		return;
	if ((what == TV_ICAL_DEADLINES || what == TV_ICAL_TASKS || what == TV_ICAL_DECISIONS) &&
		!area_selected(w, t->area))
		return;
	if (!t->uid || !*t->uid)
		return;
	time_t deleted = ical_utc_or(t->deleted_at, w->opt.now);
	struct tv_when start = t->start;
	if (start.day == TV_NO_DAY) /* a VEVENT needs DTSTART: use the deletion day */
		start = (struct tv_when){ tv_date_today(deleted), TV_NO_TIME };
	if (!ical_calendar_day(start.day) || !day_in_filter_phase(w, d, start.day))
		return;
	struct tv_when end = ical_calendar_day(t->end.day) ? t->end : start;

	bool todo = w->opt.todo;
	bool meeting = t->kind == TV_KIND_MEETING;
	if (meeting)
		meeting_uid(w, t->uid, t->recurrence_id, d->board.id, 0);
	else
		sb_uid(&w->uid, t->uid, "", 0, 0);
	item_begin(w, todo);
	put_common(w, meeting ? NULL : todo ? "-todo" : "", t->sequence, deleted);
	if (todo) {
		put_due(w, start);
	} else if (start.minute == TV_NO_TIME) {
		int32_t last = end.day >= start.day ? end.day : start.day;
		put_date(w, w->p_start_date, start.day);
		put_date(w, w->p_end_date, last + 1);
	} else {
		put_time(w, TP_START, start);
		int64_t s = (int64_t)start.day * 1440 + start.minute;
		int64_t e = end.minute == TV_NO_TIME ? s : (int64_t)end.day * 1440 + end.minute;
		if (e > s)
			put_time(w, TP_END, end);
		else
			put_time_after(w, TP_END, start, 15);
	}
	put_line(w, w->l_status[ST_CANCELLED]);
	if (!todo)
		put_line(w, w->l_transp_transparent);
	struct tv_buf *s = &w->text;
	tv_buf_reset(s);
	sb_san_summary(s, t->summary);
	put_text(w, w->p_summary, s->p);
	if (t->area >= 0 && t->area < TV_AREA_COUNT)
		put_line(w, w->l_cat[t->area]);
	else if (t->kind == TV_KIND_PHASE)
		put_line(w, w->l_cat[CAT_PHASE]);
	item_end(w, todo);
	w->stats.cancelled++;
}

/* One item of an archived board as a cancellation, like the tombstone its removal would
 * leave (remove.c): its current SEQUENCE (archiving raised it) and LAST-MODIFIED. */
static void
write_archived(struct tv_ical_writer *w, const struct tv_board_data *d, enum tv_kind kind,
	const char *uid, const char *summary, struct tv_when start, struct tv_when end,
	int64_t sequence, const char *modified, int area)
{
	if (!ical_calendar_day(start.day))
		return; /* not in the calendar while the board was live either */
	struct tv_tombstone t = { (char *)uid, kind, (char *)summary, start, end, sequence,
		(char *)modified, area };
	write_tombstone(w, d, &t);
}

/* Every item of an archived board that the options select, cancelled. */
static void
write_archived_board(struct tv_ical_writer *w, const struct tv_board_data *d)
{
	unsigned what = w->opt.what;
	if (what & TV_ICAL_PHASES) {
		for (size_t i = 0; i < d->nphases; i++) {
			const struct tv_phase *ph = &d->phases[i];
			if (w->phase && (!ph->name || strcmp(ph->name, w->phase) != 0))
				continue;
			write_archived(w, d, TV_KIND_PHASE, ph->uid, ph->name,
				(struct tv_when){ ph->start, TV_NO_TIME },
				(struct tv_when){ ph->end, TV_NO_TIME },
				item_sequence(ph->version, ph->export_rev),
				item_modified(ph->updated_at, ph->export_at), -1);
		}
	}
	for (size_t i = 0; i < d->npackages; i++) {
		const struct tv_package *p = &d->packages[i];
		if (!package_selected(w, d, p))
			continue;
		if (what & TV_ICAL_DEADLINES) {
			char *summary = tv_xasprintf("%d %s", p->number, p->title ? p->title : "");
			write_archived(w, d, TV_KIND_PACKAGE, p->uid, summary, p->deadline,
				p->deadline, item_sequence(p->version, p->export_rev),
				item_modified(p->updated_at, p->export_at), (int)p->area);
			free(summary);
		}
		if (what & TV_ICAL_TASKS)
			for (size_t k = 0; k < p->ntasks; k++) {
				const struct tv_task *t = &p->tasks[k];
				write_archived(w, d, TV_KIND_TASK, t->uid, t->title, t->deadline,
					t->deadline, item_sequence(t->version, t->export_rev),
					item_modified(t->updated_at, t->export_at), (int)p->area);
			}
	}
	if (what & TV_ICAL_MEETINGS)
		for (size_t i = 0; i < d->nmeetings; i++) {
			const struct tv_meeting *m = &d->meetings[i];
			write_archived(w, d, TV_KIND_MEETING, m->uid, m->title, m->start, m->end,
				item_sequence(m->version, m->export_rev),
				item_modified(m->updated_at, m->export_at), -1);
		}
	if (what & TV_ICAL_DECISIONS)
		for (size_t i = 0; i < d->ndecisions; i++) {
			const struct tv_decision *x = &d->decisions[i];
			if (x->due == TV_NO_DAY)
				continue;
			char uid[48];
			tv_decision_uid(x, uid, sizeof uid);
			struct tv_when due = { x->due, TV_NO_TIME };
			write_archived(w, d, TV_KIND_DECISION, uid, x->title, due, due,
				item_sequence(x->version, x->export_rev),
				item_modified(x->updated_at, x->export_at), x->area);
		}
	for (size_t i = 0; i < d->ntombstones; i++)
		write_tombstone(w, d, &d->tombstones[i]);
}

#define ARCHIVED_DAYS 30 /* as long as a removed item's tombstone is exported */

unsigned
tv_ical_board_parts(const struct tv_ical_options *opt)
{
	unsigned what = opt && opt->what ? opt->what : TV_ICAL_ALL;
	bool todo = opt && opt->todo;
	/* Phases: package descriptions name theirs and --phase filters by its window. */
	unsigned parts = TV_PART_PHASES | TV_PART_TOMBSTONES;
	if (what & TV_ICAL_DEADLINES)
		parts |= TV_PART_PACKAGES;
	if (what & TV_ICAL_TASKS)
		parts |= TV_PART_PACKAGES | TV_PART_TASKS;
	if ((what & TV_ICAL_MEETINGS) && !todo)
		parts |= TV_PART_MEETINGS;
	if (what & TV_ICAL_DECISIONS)
		parts |= TV_PART_DECISIONS;
	return parts;
}

enum tv_status
tv_ical_writer_add_board(struct tv_ical_writer *w, const struct tv_board_data *data)
{
	if (!w || !data)
		return TV_INVALID;
	if (data->board.archived && w->opt.cancel_archived) {
		/* Per item (publish): nothing, so the published copies are deleted. */
		time_t at = ical_utc_or(data->archived_at, 0);
		if (!w->item_cb && data->archived_at && at > 0 &&
			w->opt.now - at < (time_t)ARCHIVED_DAYS * 86400)
			write_archived_board(w, data);
		if (w->out && ferror(w->out))
			w->failed = true;
		return w->failed ? TV_IO : TV_OK;
	}
	unsigned what = w->opt.what;
	bool todo = w->opt.todo;
	struct board_ctx bc = { data, NULL };
	if (data->board.name && *data->board.name)
		bc.name = ical_san(data->board.name, false);

	if (!todo && (what & TV_ICAL_PHASES)) {
		for (size_t i = 0; i < data->nphases; i++) {
			const struct tv_phase *ph = &data->phases[i];
			if (w->phase && (!ph->name || strcmp(ph->name, w->phase) != 0))
				continue;
			write_phase(w, ph);
		}
	}
	if (what & (TV_ICAL_DEADLINES | TV_ICAL_TASKS)) {
		for (size_t i = 0; i < data->npackages; i++) {
			const struct tv_package *p = &data->packages[i];
			if (!package_selected(w, data, p))
				continue;
			/* The package title appears in the package and in each of its tasks. */
			char *title = ical_san(p->title, false);
			if (what & TV_ICAL_DEADLINES)
				write_package(w, &bc, p, title);
			if (what & TV_ICAL_TASKS)
				for (size_t k = 0; k < p->ntasks; k++)
					write_task(w, p, title, &p->tasks[k]);
			free(title);
		}
	}
	if (!todo && (what & TV_ICAL_MEETINGS)) {
		for (size_t i = 0; i < data->nmeetings; i++) {
			const struct tv_meeting *m = &data->meetings[i];
			if (m->start.day == TV_NO_DAY || !day_in_filter_phase(w, data, m->start.day))
				continue;
			write_meeting(w, m);
		}
	}
	if (what & TV_ICAL_DECISIONS) {
		for (size_t i = 0; i < data->ndecisions; i++) {
			const struct tv_decision *x = &data->decisions[i];
			if (!area_selected(w, x->area) || !day_in_filter_phase(w, data, x->due))
				continue;
			write_decision(w, &bc, x);
		}
	}
	/* Per-item publishing deletes the resources of removed items instead. */
	if (!w->item_cb)
		for (size_t i = 0; i < data->ntombstones; i++)
			write_tombstone(w, data, &data->tombstones[i]);
	free(bc.name);

	if (w->out && ferror(w->out))
		w->failed = true;
	return w->failed ? TV_IO : TV_OK;
}
