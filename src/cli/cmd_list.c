/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Reading commands: `list` (packages grouped by area, in area order, with relative
 * deadlines), `show` (every field of one package, its six sections under their
 * Danish headings, tasks and comments), and the lists of phases, meetings,
 * decisions, people and comments; each also as JSON. They only read the store.
 * Depends on the core API only.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tavle/tmpl_update.h"
#include "tavle/plan.h"
#include "tavle/date.h"
#include "tavle/text.h"

static void
deadline_text(const struct cli *c, int32_t day, int32_t today, bool done, char *buf,
	size_t size)
{
	if (day == TV_NO_DAY) {
		snprintf(buf, size, "-");
		return;
	}
	char date[TV_DATE_SHOW_BUF], rel[48];
	cli_date(c, day, 0, date, sizeof date);
	if (done) {
		snprintf(buf, size, "%s", date);
		return;
	}
	cli_relative(day, today, rel, sizeof rel);
	snprintf(buf, size, "%s (%s)", date, rel);
}

int
cmd_list(struct cli *c, const struct cli_args *a)
{
	const char *area_s = cli_opt_value(a, "area");
	const char *status_s = cli_opt_value(a, "status");
	const char *phase_s = cli_opt_value(a, "phase");
	const char *owner = cli_opt_value(a, "owner");
	bool overdue = cli_flag(a, "overdue");
	enum tv_area area = TV_AREA_ORG;
	enum tv_pstatus status = TV_TODO;
	int rc;
	if (area_s && (rc = cli_parse_area(c, area_s, &area)))
		return rc;
	if (status_s && !tv_pstatus_from_key(status_s, &status))
		return cli_fail(c, CLI_USAGE, "unknown status '%s' (todo, doing, blocked, done)",
			status_s);
	struct tv_board_data *d = NULL;
	if ((rc = cli_load(c, &d)))
		return rc;
	const struct tv_phase *phase = NULL;
	if (phase_s && !(phase = tv_board_find_phase(d, phase_s))) {
		tv_board_data_free(d);
		return cli_fail(c, CLI_USAGE, "unknown phase '%s' (see tavle phases)", phase_s);
	}
	int32_t today = cli_today(c);
	bool json = cli_flag(a, "json");
	struct jw w;
	if (json) {
		jw_list(&w, stdout);
	}
	/* One table for all areas, so the columns line up under every heading. */
	struct table t;
	table_init(&t, 6, 5);
	t.clip_col2 = 4;
	t.right_cols = 1u << 0;
	for (int ar = 0; ar < TV_AREA_COUNT; ar++) {
		if (area_s && ar != (int)area)
			continue;
		bool first = true;
		for (size_t i = 0; i < d->npackages; i++) {
			const struct tv_package *p = &d->packages[i];
			if ((int)p->area != ar)
				continue;
			if (status_s && p->status != status)
				continue;
			if (phase && p->phase_id != phase->id)
				continue;
			if (owner && !tv_text_contains_ci(p->owner, owner))
				continue;
			if (overdue && tv_plan_package_overdue(p, today) == 0)
				continue;
			if (json) {
				json_package(&w, p, d, NULL);
				continue;
			}
			if (first) {
				char head[128];
				snprintf(head, sizeof head, "%s (%s)", tv_area_name((enum tv_area)ar, tv_i18n_names_danish()),
					tv_area_key((enum tv_area)ar));
				table_heading(&t, head);
				first = false;
			}
			char num[16], tag[8], dl[96];
			snprintf(num, sizeof num, "%d", p->number);
			snprintf(tag, sizeof tag, "[%c]", tv_area_tag(p->area));
			deadline_text(c, p->deadline.day, today, p->status == TV_DONE, dl, sizeof dl);
			const char *row[] = { num, tag, tv_pstatus_name(p->status, tv_i18n_names_danish()), dl,
				p->owner && p->owner[0] ? p->owner : "-", p->title };
			table_row(&t, row);
		}
	}
	table_print(&t, stdout, 2, c->term_width);
	if (!json && !t.nrows)
		printf("%s\n", area_s || status_s || phase_s || owner || overdue ?
			_("no packages match") : _("no packages"));
	table_free(&t);
	if (json) {
		jw_list_end(&w);
	}
	tv_board_data_free(d);
	return 0;
}

/* `tavle minimum`: the board's minimum requirements under their areas, each with
 * done, number, deadline, title and package; a total at the end. --open: only those
 * not done. JSON: {"done", "total", "items": [...]} where done and total count the
 * whole board whatever --open leaves out. */
int
cmd_minimum(struct cli *c, const struct cli_args *a)
{
	struct tv_board_data *d = NULL;
	int rc;
	if ((rc = cli_load(c, &d)))
		return rc;
	int32_t today = cli_today(c);
	bool open_only = cli_flag(a, "open");
	struct tv_plan_minimum *items = NULL;
	size_t n = tv_plan_minimum_list(d, today, open_only, &items);
	int done, total;
	tv_plan_minimum_count(d, &done, &total);
	char no[TV_TASK_NUMBER_BUF];
	if (cli_flag(a, "json")) {
		struct jw w;
		jw_init(&w, stdout);
		jw_obj(&w, NULL);
		JW_FIELDS(&w, J_INT("done", done), J_INT("total", total));
		jw_arr(&w, "items");
		for (size_t i = 0; i < n; i++) {
			const struct tv_plan_minimum *it = &items[i];
			tv_task_number(it->pkg, it->task, no, sizeof no);
			jw_obj(&w, NULL);
			JW_FIELDS(&w, J_STR("number", no), J_INT("task_id", it->task->id),
				J_STR("title", it->task->title), J_BOOL("done", it->task->done),
				J_WHEN("deadline", it->task->deadline), J_BOOL("overdue", it->overdue),
				J_STR("owner", it->task->owner), J_INT("package", it->pkg->number),
				J_STR("package_title", it->pkg->title),
				J_STR("area", tv_area_key(it->pkg->area)));
			jw_obj_end(&w);
		}
		jw_arr_end(&w);
		jw_obj_end(&w);
		jw_done(&w);
	} else {
		struct table t;
		table_init(&t, 5, 3);
		t.clip_col2 = 4;
		int area = -1;
		for (size_t i = 0; i < n; i++) {
			const struct tv_plan_minimum *it = &items[i];
			if ((int)it->pkg->area != area) {
				area = (int)it->pkg->area;
				table_heading(&t, tv_area_name(it->pkg->area, tv_i18n_names_danish()));
			}
			tv_task_number(it->pkg, it->task, no, sizeof no);
			char dl[96], pkg[16];
			deadline_text(c, it->task->deadline.day, today, it->task->done, dl, sizeof dl);
			snprintf(pkg, sizeof pkg, "%d", it->pkg->number);
			char *in = tv_xasprintf("%s %s", pkg, it->pkg->title ? it->pkg->title : "");
			const char *row[] = { it->task->done ? "[x]" : "[ ]", no, dl, it->task->title,
				in };
			table_row(&t, row);
			free(in);
		}
		table_print(&t, stdout, 2, c->term_width);
		table_free(&t);
		if (total == 0)
			printf("%s\n", _("no minimum requirements (tavle set task ID minimum yes flags one)"));
		else if (open_only && n == 0)
			printf(_("all %d minimum requirements are done\n"), total);
		else
			printf(_("%d of %d minimum requirements done\n"), done, total);
	}
	free(items);
	tv_board_data_free(d);
	return 0;
}

static void
heading(const char *text)
{
	printf("\n%s\n", text);
	int n = tv_text_width(text);
	for (int i = 0; i < n; i++)
		putchar('-');
	putchar('\n');
}

static void
field(const char *label, const char *value)
{
	/* Pad by display width: "Område" is 6 columns but 7 bytes. */
	int pad = 12 - tv_text_width(label);
	printf("%s%*s ", label, pad > 0 ? pad : 0, "");
	cli_put(stdout, value && value[0] ? value : "-", false);
	putchar('\n');
}

static void
show_json(const struct tv_package *p, const struct tv_board_data *d,
	const struct tv_comment *cm, size_t ncm, const struct json_template *tmpl)
{
	struct jw w;
	jw_init(&w, stdout);
	struct json_comments comments = { cm, ncm, tmpl };
	json_package(&w, p, d, &comments);
	jw_done(&w);
}

/* The header lines: area, status, owner, deadline, phase, version, last change. */
static void
show_fields(const struct cli *c, const struct tv_package *p, const struct tv_board_data *d,
	int32_t today)
{
	const struct tv_phase *ph = p->phase_id ? tv_board_data_phase(d, p->phase_id) : NULL;
	char area[128], dl[96], ver[64];
	snprintf(area, sizeof area, "[%c] %s (%s)", tv_area_tag(p->area),
		tv_area_name(p->area, tv_i18n_names_danish()), tv_area_key(p->area));
	deadline_text(c, p->deadline.day, today, p->status == TV_DONE, dl, sizeof dl);
	snprintf(ver, sizeof ver, "%lld", (long long)p->version);
	field(_("Area"), area);
	field(_("Status"), tv_pstatus_name(p->status, tv_i18n_names_danish()));
	/* Why it is blocked, while it is (the reason is kept for the next time). */
	if (p->status == TV_BLOCKED && p->blocked_reason && *p->blocked_reason)
		field(_("Reason"), p->blocked_reason);
	field(_("Owner"), p->owner);
	field(_("Deadline"), dl);
	field(_("Phase"), ph ? ph->name : NULL);
	if (p->after && *p->after)
		field(_("After"), p->after);
	field(_("Version"), ver);
	if (p->updated_at) {
		char at[TV_DATE_SHOW_BUF + 8];
		tv_utc_show(p->updated_at, c->config.dates, 0, at, sizeof at);
		char *upd = p->updated_by ? tv_xasprintf(_("%s by %s"), at, p->updated_by)
			: tv_xstrdup(at);
		field(_("Changed"), upd);
		free(upd);
	}
}

static void
show_sections(const struct tv_package *p, const struct json_template *tmpl)
{
	for (int s = 0; s < TV_SECTION_COUNT; s++) {
		heading(tv_section_name((enum tv_section)s, tv_i18n_names_danish()));
		if (tmpl->sections[s])
			printf(_("(Changed by the programme in version %d)\n"), tmpl->sections[s]);
		const char *txt = p->sections[s];
		if (txt && txt[0]) {
			cli_put(stdout, txt, true);
			if (txt[strlen(txt) - 1] != '\n')
				putchar('\n');
		} else {
			printf("-\n");
		}
	}
}

static void
show_tasks(const struct cli *c, const struct tv_package *p, int32_t today,
	const struct json_template *tmpl)
{
	heading(_("Tasks"));
	if (!p->ntasks)
		printf("-\n");
	/* The owner column (before the title) only when a task has an owner: a package
	 * without task owners prints as it did before tasks had owners. */
	bool owners = false;
	for (size_t i = 0; i < p->ntasks && !owners; i++)
		owners = p->tasks[i].owner && *p->tasks[i].owner;
	struct table t;
	table_init(&t, owners ? 7 : 6, owners ? 6 : 5);
	for (size_t i = 0; i < p->ntasks; i++) {
		const struct tv_task *tk = &p->tasks[i];
		char tid[32], tdl[96];
		tv_task_number(p, tk, tid, sizeof tid);
		deadline_text(c, tk->deadline.day, today, tk->done, tdl, sizeof tdl);
		char *title = tmpl->task_removed[i] ? tv_xasprintf(_("%s (no longer in the "
			"programme's version %d)"), tk->title, tmpl->task_removed[i]) : NULL;
		const char *row[] = { tk->done ? "[x]" : "[ ]", tid, tdl,
			tv_responsible_name(tk->responsible, tv_i18n_names_danish()),
			tk->minimum ? _("minimum requirement") : "",
			owners ? tk->owner : title ? title : tk->title, title ? title : tk->title };
		table_row(&t, row);
		free(title);
	}
	table_print(&t, stdout, 0, c->term_width);
	table_free(&t);
}

/* "#ID AUTHOR, TIME:", the text below, then `end`. TIME is local (Copenhagen) time in
 * the date style, as the board's detail view shows it: the stored UTC instant read as
 * a clock time was an hour or two off (--json keeps the instant). */
static void
put_comment(const struct cli *c, const struct tv_comment *cm, const char *end)
{
	char at[TV_DATE_SHOW_BUF + 8] = "";
	if (cm->created_at)
		tv_utc_show(cm->created_at, c->config.dates, 0, at, sizeof at);
	printf("#%lld ", (long long)cm->id);
	cli_put(stdout, cm->author, false);
	printf(", ");
	cli_put(stdout, at, false);
	printf(":\n");
	cli_put(stdout, cm->text, true);
	fputs(end, stdout);
}

static void
show_comments(const struct cli *c, const struct tv_comment *cm, size_t ncm)
{
	heading(_("Comments"));
	if (!ncm)
		printf("-\n");
	for (size_t i = 0; i < ncm; i++)
		put_comment(c, &cm[i], "\n");
}

static void
show_text(const struct cli *c, const struct tv_package *p, const struct tv_board_data *d,
	const struct tv_comment *cm, size_t ncm, const struct json_template *tmpl)
{
	int32_t today = cli_today(c);
	printf("%d ", p->number);
	cli_put(stdout, p->title, false);
	printf("\n");
	show_fields(c, p, d, today);
	if (tmpl->removed) {
		char *why = tv_xasprintf(_("no longer in the programme's version %d"),
			tmpl->removed);
		field(_("Programme"), why);
		free(why);
	}
	show_sections(p, tmpl);
	show_tasks(c, p, today, tmpl);
	show_comments(c, cm, ncm);
}

int
cmd_show(struct cli *c, const struct cli_args *a)
{
	int64_t id;
	int number;
	int rc = cli_package(c, a->pos[0], &id, &number);
	if (rc)
		return rc;
	struct tv_board_data *d = NULL;
	if ((rc = cli_load(c, &d)))
		return rc;
	const struct tv_package *p = tv_board_data_package(d, number);
	if (!p) {
		tv_board_data_free(d);
		return cli_fail(c, CLI_USAGE, "no package %d in this board", number);
	}
	struct tv_comment *cm = NULL;
	size_t ncm = 0;
	enum tv_status st = tv_store_comments(c->store, p->id, &cm, &ncm);
	if (st != TV_OK) {
		tv_board_data_free(d);
		return cli_store_fail(c, st);
	}
	/* What the template updates did to it (tavle/tmpl_update.h). */
	struct json_template tmpl = { 0 };
	int *task_removed = tv_xcalloc(p->ntasks + 1, sizeof *task_removed);
	tmpl.task_removed = task_removed;
	st = tv_tmpl_update_version(c->store, c->board_id, &tmpl.version);
	if (st == TV_OK)
		st = tv_tmpl_update_sections(c->store, p->id, tmpl.sections);
	if (st == TV_OK)
		st = tv_tmpl_update_removed(c->store, TV_KIND_PACKAGE, p->id, &tmpl.removed);
	for (size_t i = 0; i < p->ntasks && st == TV_OK; i++)
		st = tv_tmpl_update_removed(c->store, TV_KIND_TASK, p->tasks[i].id,
			&task_removed[i]);
	if (st != TV_OK) {
		free(task_removed);
		for (size_t i = 0; i < ncm; i++)
			tv_comment_clear(&cm[i]);
		free(cm);
		tv_board_data_free(d);
		return cli_store_fail(c, st);
	}
	if (cli_flag(a, "json"))
		show_json(p, d, cm, ncm, &tmpl);
	else
		show_text(c, p, d, cm, ncm, &tmpl);
	free(task_removed);
	for (size_t i = 0; i < ncm; i++)
		tv_comment_clear(&cm[i]);
	free(cm);
	tv_board_data_free(d);
	return 0;
}

int
cmd_phases(struct cli *c, const struct cli_args *a)
{
	struct tv_board_data *d = NULL;
	int rc = cli_load(c, &d);
	if (rc)
		return rc;
	struct tv_plan_warning *warn = NULL;
	size_t nwarn = tv_plan_warnings(d, &warn);
	if (cli_flag(a, "json")) {
		struct jw w;
		jw_list(&w, stdout);
		for (size_t i = 0; i < d->nphases; i++) {
			const struct tv_phase *p = &d->phases[i];
			jw_obj(&w, NULL);
			JW_FIELDS(&w, J_INT("id", p->id), J_STR("uid", p->uid),
				J_STR("name", p->name), J_DAY("start", p->start),
				J_DAY("end", p->end), J_DAY("not_before", p->not_before),
				J_STR("reason", p->not_before_reason),
				J_INT("position", p->position));
			int done, total;
			tv_plan_phase_progress(d, p->id, &done, &total);
			jw_int(&w, "done", done);
			jw_int(&w, "total", total);
			jw_arr(&w, "warnings");
			for (size_t k = 0; k < nwarn; k++)
				if (warn[k].phase == p)
					jw_str(&w, NULL, warn[k].text);
			jw_arr_end(&w);
			jw_int(&w, "version", p->version);
			jw_obj_end(&w);
		}
		jw_list_end(&w);
	} else {
		struct table t;
		table_init(&t, 6, 4);
		t.right_cols = 1;
		for (size_t i = 0; i < d->nphases; i++) {
			const struct tv_phase *p = &d->phases[i];
			char id[32], s[TV_DATE_SHOW_BUF], e[TV_DATE_SHOW_BUF];
			char nb[TV_DATE_SHOW_BUF + 360] = "";
			snprintf(id, sizeof id, "%lld", (long long)p->id);
			cli_date(c, p->start, 0, s, sizeof s);
			cli_date(c, p->end, 0, e, sizeof e);
			if (p->not_before != TV_NO_DAY) {
				char day[TV_DATE_SHOW_BUF];
				cli_date(c, p->not_before, 0, day, sizeof day);
				snprintf(nb, sizeof nb, _("not before %s%s%.300s"), day,
					p->not_before_reason ? ": " : "",
					p->not_before_reason ? p->not_before_reason : "");
			}
			int done, total;
			char prog[48];
			tv_plan_phase_progress(d, p->id, &done, &total);
			snprintf(prog, sizeof prog, _("%s%d/%d done"),
				tv_plan_phase_warned(warn, nwarn, p->id) ? "! " : "", done, total);
			const char *row[] = { id, s, e, p->name, prog, nb };
			table_row(&t, row);
		}
		table_print(&t, stdout, 0, c->term_width);
		table_free(&t);
		cli_put_warnings(warn, nwarn);
	}
	tv_plan_warnings_free(warn, nwarn);
	tv_board_data_free(d);
	return 0;
}

/*
 * The listings of one kind of board item (meetings, decisions, people): with --json a
 * JSON array of every item, otherwise a table with a row per item and its first
 * column (the id) right-aligned.
 */
struct lister {
	size_t ncols;
	int clip_col; /* the column cut to fit the terminal */
	size_t count_at; /* offsetof the item count in struct tv_board_data */
	void (*json)(struct jw *w, const struct tv_board_data *d, size_t i);
	void (*row)(const struct cli *c, const struct tv_board_data *d, size_t i, struct table *t);
};

static int
list_items(struct cli *c, const struct cli_args *a, const struct lister *l)
{
	struct tv_board_data *d = NULL;
	int rc = cli_load(c, &d);
	if (rc)
		return rc;
	size_t n = *(const size_t *)(const void *)((const char *)d + l->count_at);
	if (cli_flag(a, "json")) {
		struct jw w;
		jw_list(&w, stdout);
		for (size_t i = 0; i < n; i++)
			l->json(&w, d, i);
		jw_list_end(&w);
	} else {
		struct table t;
		table_init(&t, l->ncols, l->clip_col);
		t.right_cols = 1;
		for (size_t i = 0; i < n; i++)
			l->row(c, d, i, &t);
		table_print(&t, stdout, 0, c->term_width);
		table_free(&t);
	}
	tv_board_data_free(d);
	return 0;
}

static void
json_meeting_at(struct jw *w, const struct tv_board_data *d, size_t i)
{
	json_meeting(w, &d->meetings[i]);
}

static void
row_meeting(const struct cli *c, const struct tv_board_data *d, size_t i, struct table *t)
{
	const struct tv_meeting *m = &d->meetings[i];
	char id[32], s[TV_DATE_SHOW_BUF + 8], e[TV_DATE_SHOW_BUF + 8];
	snprintf(id, sizeof id, "%lld", (long long)m->id);
	cli_when(c, m->start, TV_DATE_WEEKDAY, s, sizeof s);
	/* Same day: show only the end time. */
	if (m->start.day == m->end.day && m->end.minute != TV_NO_TIME)
		snprintf(e, sizeof e, "%02d:%02d", m->end.minute / 60, m->end.minute % 60);
	else
		cli_when(c, m->end, TV_DATE_WEEKDAY, e, sizeof e);
	char span[2 * TV_DATE_SHOW_BUF + 20];
	snprintf(span, sizeof span, "%s-%s", s, e);
	const char *where = m->place && m->place[0] ? m->place : m->url;
	const char *row[] = { id, span, tv_meeting_kind_name(m->kind, tv_i18n_names_danish()),
		m->region, m->title, where };
	table_row(t, row);
}

static void
json_decision_at(struct jw *w, const struct tv_board_data *d, size_t i)
{
	json_decision(w, &d->decisions[i]);
}

static void
row_decision(const struct cli *c, const struct tv_board_data *d, size_t i, struct table *t)
{
	const struct tv_decision *x = &d->decisions[i];
	char id[32], due[TV_DATE_SHOW_BUF], tag[8] = "";
	snprintf(id, sizeof id, "%lld", (long long)x->id);
	cli_date(c, x->due, 0, due, sizeof due);
	if (x->area >= 0 && x->area < TV_AREA_COUNT)
		snprintf(tag, sizeof tag, "[%c]", tv_area_tag((enum tv_area)x->area));
	const char *row[] = { id, tag, tv_decision_status_name(x->status, tv_i18n_names_danish()),
		due[0] ? due : "-", x->owner && x->owner[0] ? x->owner : "-", x->title };
	table_row(t, row);
}

static void
json_person_at(struct jw *w, const struct tv_board_data *d, size_t i)
{
	json_person(w, &d->people[i]);
}

static void
row_person(const struct cli *c, const struct tv_board_data *d, size_t i, struct table *t)
{
	(void)c;
	const struct tv_person *p = &d->people[i];
	char id[32];
	snprintf(id, sizeof id, "%lld", (long long)p->id);
	const char *area = p->area >= 0 && p->area < TV_AREA_COUNT
		? tv_area_name((enum tv_area)p->area, tv_i18n_names_danish()) : "";
	const char *row[] = { id, tv_role_name(p->role, tv_i18n_names_danish()), p->name, p->email,
		area };
	table_row(t, row);
}

static const struct lister meetings = {
	.ncols = 6, .clip_col = 4, .count_at = offsetof(struct tv_board_data, nmeetings),
	.json = json_meeting_at, .row = row_meeting,
};
static const struct lister decisions = {
	.ncols = 6, .clip_col = 5, .count_at = offsetof(struct tv_board_data, ndecisions),
	.json = json_decision_at, .row = row_decision,
};
static const struct lister people = {
	.ncols = 5, .clip_col = 2, .count_at = offsetof(struct tv_board_data, npeople),
	.json = json_person_at, .row = row_person,
};

int
cmd_meetings(struct cli *c, const struct cli_args *a)
{
	return list_items(c, a, &meetings);
}

int
cmd_decisions(struct cli *c, const struct cli_args *a)
{
	return list_items(c, a, &decisions);
}

int
cmd_people(struct cli *c, const struct cli_args *a)
{
	return list_items(c, a, &people);
}

int
cmd_comments(struct cli *c, const struct cli_args *a)
{
	int64_t id;
	int rc = cli_package(c, a->pos[0], &id, NULL);
	if (rc)
		return rc;
	struct tv_comment *cm = NULL;
	size_t n = 0;
	enum tv_status st = tv_store_comments(c->store, id, &cm, &n);
	if (st != TV_OK)
		return cli_store_fail(c, st);
	if (cli_flag(a, "json")) {
		struct jw w;
		jw_list(&w, stdout);
		for (size_t i = 0; i < n; i++)
			json_comment(&w, &cm[i], true);
		jw_list_end(&w);
	} else {
		for (size_t i = 0; i < n; i++)
			put_comment(c, &cm[i], "\n\n");
	}
	for (size_t i = 0; i < n; i++)
		tv_comment_clear(&cm[i]);
	free(cm);
	return 0;
}
