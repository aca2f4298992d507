/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The export writer's life: making it (options copied, our zone, the libical template
 * components whose property values each item replaces, the constant lines serialised
 * once, the folded calendar header), opening it on a stream, flushing and closing it,
 * and the per-item mode (tv_ical_each_item) that hands each item over as a calendar of
 * its own. What one item contains is export.c's; struct tv_ical_writer (ical_int.h)
 * explains why the writer is built this way.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "ical_int.h"

/* Write what is buffered to the stream. */
static void
writer_flush(struct tv_ical_writer *w)
{
	if (w->out && w->out_buf.len) {
		if (fwrite(w->out_buf.p, 1, w->out_buf.len, w->out) != w->out_buf.len)
			w->failed = true;
		w->out_buf.len = 0;
	}
}

/* The calendar header and VTIMEZONE, folded, into w->header (END line excluded). */
static enum tv_status
build_header(struct tv_ical_writer *w)
{
	icalcomponent *cal = icalcomponent_new_vcalendar();
	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal, icalproperty_new_prodid("-//tavle//tavle " TAVLE_VERSION "//EN"));
	icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
	icalcomponent_add_property(cal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
	icalcomponent_add_property(cal, icalproperty_new_name(w->calname));
	icalproperty *p = icalproperty_new_x(w->calname);
	icalproperty_set_x_name(p, "X-WR-CALNAME");
	icalcomponent_add_property(cal, p);
	p = icalproperty_new_x(TZID_CPH);
	icalproperty_set_x_name(p, "X-WR-TIMEZONE");
	icalcomponent_add_property(cal, p);
	/* RFC 7986 requires VALUE=DURATION, which libical does not add by itself. */
	p = icalproperty_new_refreshinterval(icaldurationtype_from_string("PT1H"));
	icalproperty_add_parameter(p, icalparameter_new_value(ICAL_VALUE_DURATION));
	icalcomponent_add_property(cal, p);
	p = icalproperty_new_x("PT1H");
	icalproperty_set_x_name(p, "X-PUBLISHED-TTL");
	icalcomponent_add_property(cal, p);
	/* Clone: the zone owns its component (adding it directly frees it twice). */
	icalcomponent_add_component(cal, icalcomponent_new_clone(icaltimezone_get_component(w->zone)));

	char *s = icalcomponent_as_ical_string_r(cal);
	icalcomponent_free(cal);
	if (!s)
		return TV_IO;
	/* The writer streams: drop the END line, close() writes it. */
	static const char end[] = "END:VCALENDAR\r\n";
	size_t n = strlen(s);
	if (n >= sizeof end - 1 && strcmp(s + n - (sizeof end - 1), end) == 0)
		s[n - (sizeof end - 1)] = '\0';
	struct tv_buf u = { 0 };
	ical_sb_unfold(&u, s);
	icalmemory_free_buffer(s);
	tv_buf_reset(&w->header);
	ical_fold_lines(&w->header, u.p, u.len);
	free(u.p);
	return TV_OK;
}

/* A template property: made by `p`, added to `c` (which owns it from then on). */
static icalproperty *
tpl_add(icalcomponent *c, icalproperty *p)
{
	icalcomponent_add_property(c, p);
	return p;
}

/* Build the templates and the constant lines (see struct tv_ical_writer). The
 * properties are made with the same libical calls as a per-item tree would use, so
 * they carry the same parameters and value types. */
static bool
build_templates(struct tv_ical_writer *w)
{
	w->tpl_text = icalcomponent_new_vevent();
	w->p_uid = tpl_add(w->tpl_text, icalproperty_new_uid("x"));
	w->p_sequence = tpl_add(w->tpl_text, icalproperty_new_sequence(0));
	w->p_lastmod = tpl_add(w->tpl_text, icalproperty_new_lastmodified(ical_utc(w->opt.now)));
	w->p_summary = tpl_add(w->tpl_text, icalproperty_new_summary("x"));
	w->p_description = tpl_add(w->tpl_text, icalproperty_new_description("x"));
	w->p_location = tpl_add(w->tpl_text, icalproperty_new_location("x"));
	w->p_url = tpl_add(w->tpl_text, icalproperty_new_url("http://x"));
	w->p_alarm_description = tpl_add(w->tpl_text, icalproperty_new_description("x"));

	/* icalcomponent_set_dtstart/_dtend/_due add TZID for zoned times (libical#161). */
	int32_t day;
	tv_date_from_ymd(2000, 1, 1, &day);
	w->tpl_date = icalcomponent_new_vevent();
	icalcomponent_set_dtstart(w->tpl_date, ical_date(day));
	icalcomponent_set_dtend(w->tpl_date, ical_date(day + 1));
	w->p_start_date = icalcomponent_get_first_property(w->tpl_date, ICAL_DTSTART_PROPERTY);
	w->p_end_date = icalcomponent_get_first_property(w->tpl_date, ICAL_DTEND_PROPERTY);
	w->tpl_time = icalcomponent_new_vevent();
	icalcomponent_set_dtstart(w->tpl_time, ical_local(w->zone, day, 600));
	icalcomponent_set_dtend(w->tpl_time, ical_local(w->zone, day, 615));
	w->p_start_time = icalcomponent_get_first_property(w->tpl_time, ICAL_DTSTART_PROPERTY);
	w->p_end_time = icalcomponent_get_first_property(w->tpl_time, ICAL_DTEND_PROPERTY);
	w->tpl_due_date = icalcomponent_new_vtodo();
	icalcomponent_set_due(w->tpl_due_date, ical_date(day));
	w->p_due_date = icalcomponent_get_first_property(w->tpl_due_date, ICAL_DUE_PROPERTY);
	w->tpl_due_time = icalcomponent_new_vtodo();
	icalcomponent_set_due(w->tpl_due_time, ical_local(w->zone, day, 600));
	w->p_due_time = icalcomponent_get_first_property(w->tpl_due_time, ICAL_DUE_PROPERTY);
	/* The repeated October hour is written in UTC (see put_time in export.c). */
	w->tpl_utc = icalcomponent_new_vtodo();
	icalcomponent_add_property(w->tpl_utc, icalproperty_new_dtstart(ical_utc(w->opt.now)));
	icalcomponent_add_property(w->tpl_utc, icalproperty_new_dtend(ical_utc(w->opt.now)));
	icalcomponent_add_property(w->tpl_utc, icalproperty_new_due(ical_utc(w->opt.now)));
	w->p_start_utc = icalcomponent_get_first_property(w->tpl_utc, ICAL_DTSTART_PROPERTY);
	w->p_end_utc = icalcomponent_get_first_property(w->tpl_utc, ICAL_DTEND_PROPERTY);
	w->p_due_utc = icalcomponent_get_first_property(w->tpl_utc, ICAL_DUE_PROPERTY);
	if (!w->p_start_date || !w->p_end_date || !w->p_start_time || !w->p_end_time ||
	    !w->p_due_date || !w->p_due_time || !w->p_start_utc || !w->p_end_utc || !w->p_due_utc)
		return false;

	w->l_dtstamp = ical_cached_line(icalproperty_new_dtstamp(ical_utc(w->opt.now)));
	w->l_transp_opaque = ical_cached_line(icalproperty_new_transp(ICAL_TRANSP_OPAQUE));
	w->l_transp_transparent = ical_cached_line(icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
	w->l_status[ST_CANCELLED] = ical_cached_line(icalproperty_new_status(ICAL_STATUS_CANCELLED));
	w->l_status[ST_COMPLETED] = ical_cached_line(icalproperty_new_status(ICAL_STATUS_COMPLETED));
	w->l_status[ST_NEEDSACTION] = ical_cached_line(icalproperty_new_status(ICAL_STATUS_NEEDSACTION));
	for (int a = 0; a < TV_AREA_COUNT; a++) {
		w->l_cat[a] = ical_cached_line(icalproperty_new_categories(
			tv_area_name((enum tv_area)a, true)));
		w->l_color[a] = ical_cached_line(icalproperty_new_color(
			tv_area_colour((enum tv_area)a)));
	}
	for (int k = 0; k < TV_MEETING_KIND_COUNT; k++)
		w->l_cat[CAT_KIND0 + k] = ical_cached_line(icalproperty_new_categories(
			tv_meeting_kind_name((enum tv_meeting_kind)k, true)));
	w->l_cat[CAT_PHASE] = ical_cached_line(icalproperty_new_categories("Fase"));

	if (w->opt.alarm && !w->opt.todo) {
		struct tv_buf a = { 0 };
		tv_buf_adds(&a, "BEGIN:VALARM\n");
		char *action = ical_cached_line(icalproperty_new_action(ICAL_ACTION_DISPLAY));
		struct icaltriggertype trig = { 0 };
		trig.time = icaltime_null_time();
		trig.duration = icaldurationtype_from_int((int)w->opt.alarm_seconds);
		char *trigger = ical_cached_line(icalproperty_new_trigger(trig));
		if (action && trigger) {
			tv_buf_adds(&a, action);
			tv_buf_adds(&a, trigger);
			w->l_alarm_head = a.p;
		} else {
			free(a.p);
		}
		free(action);
		free(trigger);
	}
	/* A NULL line makes every item using it fail (put_line); the rest still works. */
	return true;
}

void
ical_writer_free(struct tv_ical_writer *w)
{
	if (!w)
		return;
	icalcomponent *tpl[] = { w->tpl_text, w->tpl_date, w->tpl_time, w->tpl_due_date,
		w->tpl_due_time, w->tpl_utc };
	for (size_t i = 0; i < sizeof tpl / sizeof tpl[0]; i++)
		if (tpl[i])
			icalcomponent_free(tpl[i]);
	free(w->l_dtstamp);
	free(w->l_transp_opaque);
	free(w->l_transp_transparent);
	for (int i = 0; i < NSTATUS; i++)
		free(w->l_status[i]);
	for (int i = 0; i < NCAT; i++)
		free(w->l_cat[i]);
	for (int i = 0; i < TV_AREA_COUNT; i++)
		free(w->l_color[i]);
	free(w->l_alarm_head);
	if (w->zone)
		icaltimezone_free(w->zone, 1);
	tv_buf_release(&w->header);
	tv_buf_release(&w->item);
	tv_buf_release(&w->text);
	tv_buf_release(&w->uid);
	tv_buf_release(&w->title);
	tv_buf_release(&w->alarm);
	tv_buf_release(&w->out_buf);
	free(w->lm_text);
	ical_uidset_free(&w->uids);
	free(w->calname);
	free(w->phase);
	free(w);
}

enum tv_status
ical_writer_new(const struct tv_ical_options *opt, struct tv_ical_writer **out_writer)
{
	*out_writer = NULL;
	struct tv_ical_writer *w = tv_xcalloc(1, sizeof *w);
	if (opt)
		w->opt = *opt;
	if (!w->opt.what)
		w->opt.what = TV_ICAL_ALL;
	w->opt.areas &= (1u << TV_AREA_COUNT) - 1;
	w->calname = ical_san(w->opt.calname && *w->opt.calname ? w->opt.calname : "tavle", false);
	if (ical_all_spaces(w->calname)) { /* an empty NAME is an error to libical */
		free(w->calname);
		w->calname = tv_xstrdup("tavle");
	}
	w->phase = w->opt.phase ? tv_xstrdup(w->opt.phase) : NULL;
	w->opt.calname = w->calname;
	w->opt.phase = w->phase;

	w->zone = ical_zone_new();
	if (!w->zone) {
		ical_writer_free(w);
		return TV_IO;
	}

	enum tv_status st = build_templates(w) ? build_header(w) : TV_IO;
	if (st != TV_OK) {
		ical_writer_free(w);
		return st;
	}
	*out_writer = w;
	return TV_OK;
}

enum tv_status
tv_ical_writer_open(FILE *out, const struct tv_ical_options *opt,
	struct tv_ical_writer **out_writer)
{
	struct tv_ical_writer *w;
	enum tv_status st = ical_writer_new(opt, &w);
	*out_writer = NULL;
	if (st != TV_OK)
		return st;
	w->out = out;
	if (fwrite(w->header.p, 1, w->header.len, out) != w->header.len || ferror(out)) {
		ical_writer_free(w);
		return TV_IO;
	}
	*out_writer = w;
	return TV_OK;
}

enum tv_status
tv_ical_writer_close(struct tv_ical_writer *w, struct tv_ical_stats *stats)
{
	if (!w)
		return TV_INVALID;
	writer_flush(w);
	fputs("END:VCALENDAR\r\n", w->out);
	if (fflush(w->out) != 0 || ferror(w->out))
		w->failed = true;
	if (stats)
		*stats = w->stats;
	enum tv_status st = w->failed ? TV_IO : TV_OK;
	int err = errno; /* the caller names the reason of a failed write */
	ical_writer_free(w);
	errno = err;
	return st;
}

void
tv_ical_writer_abort(struct tv_ical_writer *w)
{
	ical_writer_free(w);
}

enum tv_status
tv_ical_each_item(const struct tv_board_data *data, const struct tv_ical_options *opt,
	enum tv_status (*cb)(void *ctx, const char *uid, const char *ics, size_t len), void *ctx)
{
	if (!data || !cb)
		return TV_INVALID;
	/* One writer with one header for all items: each item is the header, the item
	 * folded like the stream, and the END line. */
	struct tv_ical_writer *w;
	enum tv_status st = ical_writer_new(opt, &w);
	if (st != TV_OK)
		return st;
	w->item_cb = cb;
	w->item_ctx = ctx;
	w->item_status = TV_OK;
	st = tv_ical_writer_add_board(w, data);
	if (w->item_status != TV_OK)
		st = w->item_status;
	ical_writer_free(w);
	return st;
}
