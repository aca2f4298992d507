/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Looking back and ahead: `check` (integrity report, exit 1 on problems), `log` (the
 * change history: who, when, what, old -> new) and `agenda` (overdue items first, then
 * deadlines and meetings of the next N days grouped by ISO week), and `holidays` (the
 * Danish working-day calendar of a year, tavle/holidays.h).
 * Depends on the core API only.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tavle/tmpl_update.h"
#include "tavle/buf.h"
#include "tavle/date.h"
#include "tavle/holidays.h"
#include "tavle/plan.h"
#include "tavle/text.h"

int
cmd_check(struct cli *c, const struct cli_args *a)
{
	char *report = NULL;
	enum tv_status st = tv_store_check(c->store, cli_flag(a, "full"), &report);
	if (st != TV_OK)
		return cli_store_fail(c, st);
	cli_put(stdout, c->db_path, false);
	printf(_(": schema version %d (this tavle writes %d)\n"), tv_store_schema_version(c->store),
		TV_SCHEMA_VERSION);
	if (report && report[0]) {
		cli_put(stdout, report, true);
		if (report[strlen(report) - 1] != '\n')
			putchar('\n');
		free(report);
		return cli_fail(c, CLI_FAIL, "the database has problems (listed above)");
	}
	free(report);
	/* The plan of the board (--board, else the default one, if any): warnings are
	 * advice, not damage, so they are printed but do not change the exit status. */
	size_t nw = 0;
	int64_t bid = 0;
	if (c->board_arg) {
		int rc = cli_board(c);
		if (rc)
			return rc;
		bid = c->board_id;
	} else if (tv_store_board_default(c->store, &bid) != TV_OK) {
		bid = 0;
	}
	struct tv_board_data *d = NULL;
	if (bid && tv_store_load_board(c->store, bid, &d) == TV_OK) {
		struct tv_plan_warning *w = NULL;
		nw = tv_plan_warnings(d, &w);
		cli_put_warnings(w, nw);
		tv_plan_warnings_free(w, nw);
		tv_board_data_free(d);
	}
	if (nw)
		printf(ngettext("ok (%zu plan warning)\n", "ok (%zu plan warnings)\n", nw), nw);
	else
		printf("%s\n", _("ok"));
	return 0;
}

/* The title (or name, or text) in a removed record's JSON snapshot, decoded; NULL if
 * it has none. The snapshot is the store's own json_object() output: keys in order,
 * string values with JSON escapes. Caller frees. */
static char *
snapshot_title(const char *json)
{
	static const char *const keys[] = { "\"title\":\"", "\"name\":\"", "\"text\":\"" };
	const char *p = NULL;
	for (size_t k = 0; json && !p && k < sizeof keys / sizeof keys[0]; k++)
		if ((p = strstr(json, keys[k])))
			p += strlen(keys[k]);
	if (!p)
		return NULL;
	struct tv_buf b = TV_BUF_INIT;
	for (; *p && *p != '"'; p++) {
		if (*p != '\\') {
			tv_buf_addc(&b, *p);
			continue;
		}
		p++;
		if (*p == 'u' && p[1] && p[2] && p[3] && p[4]) {
			char hex[5] = { p[1], p[2], p[3], p[4], 0 };
			unsigned long u = strtoul(hex, NULL, 16);
			p += 4;
			/* Surrogates and controls would need more than a log line: one '?'. */
			if (u < 0x20 || (u >= 0xD800 && u < 0xE000))
				tv_buf_addc(&b, u < 0x20 ? ' ' : '?');
			else if (u < 0x80)
				tv_buf_addc(&b, (char)u);
			else if (u < 0x800) {
				tv_buf_addc(&b, (char)(0xC0 | (u >> 6)));
				tv_buf_addc(&b, (char)(0x80 | (u & 0x3F)));
			} else {
				tv_buf_addc(&b, (char)(0xE0 | (u >> 12)));
				tv_buf_addc(&b, (char)(0x80 | ((u >> 6) & 0x3F)));
				tv_buf_addc(&b, (char)(0x80 | (u & 0x3F)));
			}
		} else if (*p) {
			tv_buf_addc(&b, strchr("nrtbf", *p) ? ' ' : *p);
		} else {
			break;
		}
	}
	return tv_buf_detach(&b, NULL);
}

int
cmd_log(struct cli *c, const struct cli_args *a)
{
	int rc = cli_board(c);
	if (rc)
		return rc;
	int64_t pkg = 0;
	if (a->npos && (rc = cli_package(c, a->pos[0], &pkg, NULL)))
		return rc;
	int32_t since = TV_NO_DAY;
	const char *s = cli_opt_value(a, "since");
	if (s && (rc = cli_parse_day(c, "date", s, &since)))
		return rc;
	struct tv_history *h = NULL;
	size_t n = 0;
	enum tv_status st = tv_store_history(c->store, c->board_id, pkg, since, 0, &h, &n);
	if (st != TV_OK)
		return cli_store_fail(c, st);
	if (cli_flag(a, "json")) {
		struct jw w;
		jw_list(&w, stdout);
		for (size_t i = 0; i < n; i++) {
			jw_obj(&w, NULL);
			JW_FIELDS(&w, J_INT("id", h[i].id), J_INT("change_id", h[i].change_id),
				J_STR("at", h[i].at), J_STR("user", h[i].user));
			if (h[i].account)
				jw_str(&w, "account", h[i].account);
			JW_FIELDS(&w, J_STR("kind", tv_kind_key(h[i].kind)),
				J_INT("item_id", h[i].item_id));
			if (h[i].package_id)
				jw_int(&w, "package_id", h[i].package_id);
			else
				jw_null(&w, "package_id");
			JW_FIELDS(&w, J_STR("op", h[i].op), J_STR("field", h[i].field),
				J_STR("old", h[i].old_value), J_STR("new", h[i].new_value));
			jw_obj_end(&w);
		}
		jw_list_end(&w);
	} else {
		/* Packages are known by their number, not their row id. */
		struct tv_board_data *d = NULL;
		if (tv_store_load_board(c->store, c->board_id, &d) != TV_OK)
			d = NULL;
		struct table t;
		table_init(&t, 5, 4);
		for (size_t i = 0; i < n; i++) {
			char what[96], change[1024];
			/* An offset row is the undo's bookkeeping (in --json), not a change a
			 * person reads. */
			if (tv_history_is_offset(&h[i]))
				continue;
			/* The merge's own rows too; its version row stands for the update. */
			int tv = tv_history_template_version(h, n, i);
			if (tv_history_is_tmpl(&h[i]) && strcmp(h[i].field, "tmpl.version.") != 0)
				continue;
			const struct tv_package *pk = NULL;
			for (size_t k = 0; d && h[i].kind == TV_KIND_PACKAGE && k < d->npackages; k++)
				if (d->packages[k].id == h[i].item_id)
					pk = &d->packages[k];
			if (pk)
				snprintf(what, sizeof what, _("package %d"), pk->number);
			else
				snprintf(what, sizeof what, "%s #%lld", tv_kind_word(h[i].kind),
					(long long)h[i].item_id);
			const char *op = h[i].op ? h[i].op : "";
			if (tv_history_is_tmpl(&h[i])) {
				snprintf(what, sizeof what, "%s", _("board"));
				snprintf(change, sizeof change, _("template version %s -> %s"),
					h[i].old_value ? h[i].old_value : "-",
					h[i].new_value ? h[i].new_value : "-");
			} else if (strcmp(op, "set") == 0) {
				/* Field and values as a person reads them ("Status: Ikke startet ->
				 * I gang" in Danish); --json keeps the keys. */
				const char *f = h[i].field ? h[i].field : "";
				const char *ov = tv_field_value_shown(h[i].kind, f, h[i].old_value);
				const char *nv = tv_field_value_shown(h[i].kind, f, h[i].new_value);
				char *o = tv_text_ellipsize(ov ? ov : "", 40);
				char *nw = tv_text_ellipsize(nv ? nv : "", 40);
				snprintf(change, sizeof change, "%s: %s -> %s", tv_field_shown(h[i].kind, f),
					o[0] ? o : _("(empty)"), nw[0] ? nw : _("(empty)"));
				free(o);
				free(nw);
			} else {
				/* A removal keeps the record's JSON snapshot (for revert): show its
				 * title, not the JSON. */
				char *title = strcmp(op, "remove") == 0 ? snapshot_title(h[i].old_value) : NULL;
				const char *v = title ? title : h[i].new_value ? h[i].new_value :
					h[i].old_value;
				char *e = tv_text_ellipsize(v ? v : "", 60);
				snprintf(change, sizeof change, "%s", e);
				free(e);
				free(title);
			}
			char at[TV_DATE_SHOW_BUF + 8];
			tv_utc_show(h[i].at, c->config.dates, 0, at, sizeof at);
			char *who = tv_history_who(&h[i]);
			/* TRANSLATORS: a history entry's operation: a date moved by re-planning
			 * (the board's or a phase's start moved). */
			/* TRANSLATORS: a history entry's operation: done by a template update. */
			const char *row[] = { at, who, tv > 0 ? _("template update") :
				tv_history_replanned(h, n, i) ? _("re-planned") : tv_history_op_word(op),
				what, change };
			table_row(&t, row);
			free(who);
		}
		table_print(&t, stdout, 0, c->term_width);
		table_free(&t);
		tv_board_data_free(d);
	}
	for (size_t i = 0; i < n; i++)
		tv_history_clear(&h[i]);
	free(h);
	return 0;
}

/* ---- agenda (computed by tv_plan_agenda, shared with the TUI) ---- */

static void
item_json(struct jw *w, const struct tv_agenda_item *it)
{
	jw_obj(w, NULL);
	static const char *const types[] = { "package", "task", "meeting", "decision" };
	JW_FIELDS(w, J_STR("type", types[it->type]), J_BOOL("overdue", it->overdue),
		J_WHEN("when", it->when));
	switch (it->type) {
	case TV_AGENDA_PACKAGE:
		JW_FIELDS(w, J_INT("id", it->pkg->id), J_INT("number", it->pkg->number),
			J_STR("area", tv_area_key(it->pkg->area)), J_STR("title", it->pkg->title),
			J_STR("status", tv_pstatus_key(it->pkg->status)));
		break;
	case TV_AGENDA_TASK:
		JW_FIELDS(w, J_INT("id", it->task->id), J_INT("number", it->pkg->number),
			J_STR("area", tv_area_key(it->pkg->area)), J_STR("title", it->task->title),
			J_STR("responsible", tv_responsible_key(it->task->responsible)));
		break;
	case TV_AGENDA_MEETING:
		JW_FIELDS(w, J_INT("id", it->meeting->id),
			J_STR("kind", tv_meeting_kind_key(it->meeting->kind)),
			J_STR("title", it->meeting->title), J_WHEN("end", it->meeting->end),
			J_STR("place", it->meeting->place));
		break;
	case TV_AGENDA_DECISION:
		JW_FIELDS(w, J_INT("id", it->decision->id),
			J_STR("area", it->decision->area >= 0 && it->decision->area < TV_AREA_COUNT
				? tv_area_key((enum tv_area)it->decision->area) : NULL),
			J_STR("title", it->decision->title), J_STR("owner", it->decision->owner),
			J_STR("status", tv_decision_status_key(it->decision->status)));
		break;
	}
	jw_obj_end(w);
}

static void
item_row(const struct cli *c, struct table *t, const struct tv_agenda_item *it, int32_t today)
{
	char when[TV_DATE_SHOW_BUF + 8], rel[48], what[32];
	cli_when(c, it->when, TV_DATE_WEEKDAY, when, sizeof when);
	cli_relative(it->when.day, today, rel, sizeof rel);
	const char *title = "";
	switch (it->type) {
	case TV_AGENDA_PACKAGE:
		snprintf(what, sizeof what, _("[%c] package %d"), tv_area_tag(it->pkg->area), it->pkg->number);
		title = it->pkg->title;
		break;
	case TV_AGENDA_TASK: {
		char no[TV_TASK_NUMBER_BUF];
		tv_task_number(it->pkg, it->task, no, sizeof no);
		snprintf(what, sizeof what, _("[%c] task %s"), tv_area_tag(it->pkg->area), no);
		title = it->task->title;
		break;
	}
	case TV_AGENDA_MEETING:
		snprintf(what, sizeof what, "%s", tv_meeting_kind_name(it->meeting->kind, tv_i18n_names_danish()));
		title = it->meeting->title;
		break;
	case TV_AGENDA_DECISION:
		if (it->decision->area >= 0 && it->decision->area < TV_AREA_COUNT)
			snprintf(what, sizeof what, _("[%c] decision #%lld"),
				tv_area_tag((enum tv_area)it->decision->area), (long long)it->decision->id);
		else
			snprintf(what, sizeof what, _("decision #%lld"), (long long)it->decision->id);
		title = it->decision->title;
		break;
	}
	/* A blocked package says why. */
	char *own = NULL;
	if (it->type == TV_AGENDA_PACKAGE && it->pkg->status == TV_BLOCKED)
		title = own = tv_xasprintf(_("%s (blocked: %s)"), title ? title : "",
			it->pkg->blocked_reason && *it->pkg->blocked_reason ?
			it->pkg->blocked_reason : _("no reason given"));
	const char *row[] = { when, rel, what, title };
	table_row(t, row);
	free(own);
}

/* The agenda's head: the plan's warnings and the blocked packages with their reasons
 * (what needs a decision whatever the dates). */
static void
agenda_head(const struct tv_board_data *d, const struct tv_plan_warning *w, size_t nw)
{
	if (nw) {
		printf("%s\n", _("Plan warnings"));
		for (size_t i = 0; i < nw; i++) { /* names in it are user text: sanitised */
			printf("  ! ");
			cli_put(stdout, w[i].text, false);
			putchar('\n');
		}
		printf("\n");
	}
	bool any = false;
	for (size_t i = 0; i < d->npackages; i++) {
		const struct tv_package *p = &d->packages[i];
		if (p->status != TV_BLOCKED)
			continue;
		if (!any)
			printf("%s\n", _("Blocked"));
		any = true;
		char *line = tv_xasprintf("  [%c] %d %s: %s", tv_area_tag(p->area), p->number,
			p->title ? p->title : "", p->blocked_reason && *p->blocked_reason ?
			p->blocked_reason : _("no reason given"));
		cli_put(stdout, line, false);
		free(line);
	}
	if (any)
		printf("\n");
}

int
cmd_agenda(struct cli *c, const struct cli_args *a)
{
	long long days = 30;
	int rc;
	const char *ds = cli_opt_value(a, "days");
	if (ds && (rc = cli_parse_int(c, "--days", ds, 0, 3660, &days)))
		return rc;
	struct tv_board_data *d = NULL;
	if ((rc = cli_load(c, &d)))
		return rc;
	int32_t today = cli_today(c);
	struct tv_agenda_item *items = NULL;
	size_t n = tv_plan_agenda(d, today, (int)days, &items);
	struct tv_plan_warning *warn = NULL;
	size_t nwarn = tv_plan_warnings(d, &warn);
	if (cli_flag(a, "json")) {
		struct jw w;
		jw_init(&w, stdout);
		jw_obj(&w, NULL);
		jw_day(&w, "today", today);
		jw_int(&w, "days", days);
		jw_arr(&w, "warnings");
		for (size_t i = 0; i < nwarn; i++)
			jw_str(&w, NULL, warn[i].text);
		jw_arr_end(&w);
		jw_arr(&w, "blocked");
		for (size_t i = 0; i < d->npackages; i++) {
			const struct tv_package *p = &d->packages[i];
			if (p->status != TV_BLOCKED)
				continue;
			jw_obj(&w, NULL);
			JW_FIELDS(&w, J_INT("id", p->id), J_INT("number", p->number),
				J_STR("area", tv_area_key(p->area)), J_STR("title", p->title),
				J_STR("blocked_reason", p->blocked_reason && *p->blocked_reason ?
					p->blocked_reason : NULL));
			jw_obj_end(&w);
		}
		jw_arr_end(&w);
		jw_arr(&w, "overdue");
		for (size_t i = 0; i < n; i++)
			if (items[i].overdue)
				item_json(&w, &items[i]);
		jw_arr_end(&w);
		jw_arr(&w, "upcoming");
		for (size_t i = 0; i < n; i++)
			if (!items[i].overdue)
				item_json(&w, &items[i]);
		jw_arr_end(&w);
		jw_obj_end(&w);
		jw_done(&w);
	} else {
		agenda_head(d, warn, nwarn);
		size_t i = 0;
		if (n && items[0].overdue) {
			printf("%s\n", _("Overdue"));
			struct table t;
			table_init(&t, 4, 3);
			for (; i < n && items[i].overdue; i++)
				item_row(c, &t, &items[i], today);
			table_print(&t, stdout, 2, c->term_width);
			table_free(&t);
		}
		while (i < n) {
			int year = items[i].week_year, week = items[i].week;
			printf("%s", i ? "\n" : "");
			printf(_("Week %d, %d\n"), week, year);
			struct table t;
			table_init(&t, 4, 3);
			for (; i < n; i++) {
				if (items[i].week != week || items[i].week_year != year)
					break;
				item_row(c, &t, &items[i], today);
			}
			table_print(&t, stdout, 2, c->term_width);
			table_free(&t);
		}
		if (!n)
			printf(ngettext("nothing due in the next %lld day\n",
				"nothing due in the next %lld days\n", (unsigned long)days), days);
	}
	tv_plan_warnings_free(warn, nwarn);
	free(items);
	tv_board_data_free(d);
	return 0;
}

/* The kind of a holiday for people and for JSON. */
static const char *
holiday_kind_key(enum tv_holiday_kind k)
{
	return k == TV_HOLIDAY_CUSTOMARY ? "customary" : "public";
}

int
cmd_holidays(struct cli *c, const struct cli_args *a)
{
	int year, m, d;
	tv_date_to_ymd(cli_today(c), &year, &m, &d);
	if (a->npos > 0) {
		long long y;
		int rc = cli_parse_int(c, _("year"), a->pos[0], 1, 9999, &y);
		if (rc)
			return rc;
		year = (int)y;
	}
	struct tv_holiday h[TV_HOLIDAYS_MAX];
	int n = tv_holidays_in_year(year, h);
	if (cli_flag(a, "json")) {
		struct jw w;
		jw_list(&w, stdout);
		for (int i = 0; i < n; i++) {
			jw_obj(&w, NULL);
			JW_FIELDS(&w, J_DAY("date", h[i].day), J_STR("key", h[i].key),
				J_STR("kind", holiday_kind_key(h[i].kind)),
				J_STR("name_da", h[i].name_da), J_STR("name_en", h[i].name_en),
				J_BOOL("weekend", tv_day_is_weekend(h[i].day)));
			jw_obj_end(&w);
		}
		jw_list_end(&w);
		return 0;
	}
	bool names_da = tv_i18n_names_danish(), da = tv_i18n_danish();
	struct table t;
	table_init(&t, 4, -1);
	for (int i = 0; i < n; i++) {
		char day[TV_DATE_SHOW_BUF];
		cli_date(c, h[i].day, 0, day, sizeof day);
		const char *row[] = { tv_weekday_name(h[i].day, da, true), day,
			names_da ? h[i].name_da : h[i].name_en,
			h[i].kind == TV_HOLIDAY_CUSTOMARY ? _("customary day off") : "" };
		table_row(&t, row);
	}
	table_print(&t, stdout, 0, c->term_width);
	table_free(&t);
	return 0;
}

/* ---- undo (a change of the board's history, as the board's `u`) ---- */

int
cmd_undo(struct cli *c, const struct cli_args *a)
{
	int rc = cli_board(c);
	if (rc)
		return rc;
	long long change = 0;
	if (a->npos == 1) {
		if ((rc = cli_parse_int(c, _("change"), a->pos[0], 1, INT64_MAX, &change)))
			return rc;
	} else {
		/* The board's last change: an undo is a change too, so undo again redoes. */
		struct tv_history *h = NULL;
		size_t n = 0;
		enum tv_status st = tv_store_history(c->store, c->board_id, 0, TV_NO_DAY, 0, &h,
			&n);
		if (st != TV_OK)
			return cli_store_fail(c, st);
		for (size_t i = 0; i < n; i++)
			if (h[i].change_id > change)
				change = h[i].change_id;
		for (size_t i = 0; i < n; i++)
			tv_history_clear(&h[i]);
		free(h);
		if (!change)
			return cli_fail(c, CLI_FAIL, "%s", _("nothing to undo: the board has no history"));
	}
	int64_t newid = 0;
	enum tv_status st = tv_store_revert(c->store, change, &newid);
	if (st != TV_OK)
		return cli_store_fail(c, st);
	c->wrote = true;
	printf(_("undid change %lld (the undo is change %lld)\n"), change, (long long)newid);
	return 0;
}
