/* SPDX-License-Identifier: MPL-2.0 */
/*
 * `tavle report status`: the weekly status of a board for people who do not open a
 * terminal, as plain text / Markdown in the interface language, or with --json the same
 * facts for another program (format 1, documented in the README). The facts and the
 * text are the core's (tavle/report.h); this module reads the history since --since
 * (default 7 days ago), writes the JSON and the file (atomically, tavle/fileio.h).
 * With --put the JSON goes to a WebDAV folder instead: that upload is tavle-helper's
 * (cmd_dav.c), which takes the JSON from cli_report_status_json here.
 * Depends on the core API only.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "tavle/fileio.h"
#include "tavle/i18n.h"
#include "tavle/report.h"

static const char *
warning_key(enum tv_plan_warning_kind k)
{
	switch (k) {
	case TV_WARN_NOT_BEFORE: return "not_before";
	case TV_WARN_OUTSIDE_PHASE: return "outside_phase";
	case TV_WARN_OVERLAP: return "overlap";
	case TV_WARN_AFTER: return "after";
	}
	return "other";
}

static const char *
area_key_or_null(int a)
{
	return a >= 0 && a < TV_AREA_COUNT ? tv_area_key((enum tv_area)a) : NULL;
}

static void
json_from_to(struct jw *w, const char *key, const char *from, const char *to)
{
	if (!to) {
		jw_null(w, key);
		return;
	}
	jw_obj(w, key);
	JW_FIELDS(w, J_STR("from", from), J_STR("to", to));
	jw_obj_end(w);
}

static void
json_changes(struct jw *w, const struct tv_report *r)
{
	jw_arr(w, "changes");
	for (size_t i = 0; i < r->nchanges; i++) {
		const struct tv_report_change *c = &r->changes[i];
		jw_obj(w, NULL);
		if (c->pkg)
			JW_FIELDS(w, J_INT("package", c->pkg->number), J_STR("title", c->pkg->title));
		else
			JW_FIELDS(w, J_STR("package", NULL), J_STR("title", NULL));
		char *summary = tv_report_change_text(c);
		JW_FIELDS(w, J_INT("package_id", c->package_id), J_BOOL("added", c->added),
			J_BOOL("removed", c->removed));
		json_from_to(w, "status", c->status_from, c->status_to);
		json_from_to(w, "deadline", c->deadline_from, c->deadline_to);
		json_from_to(w, "owner", c->owner_from, c->owner_to);
		JW_FIELDS(w, J_INT("tasks_done", c->tasks_done),
			J_INT("tasks_reopened", c->tasks_reopened), J_INT("tasks_added", c->tasks_added),
			J_INT("tasks_removed", c->tasks_removed), J_INT("comments", c->comments),
			J_INT("other_edits", c->other_edits), J_INT("entries", c->entries),
			J_STR("last_at", c->last_at), J_STR("summary", summary));
		free(summary);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj(w, "other_changes");
	static const enum tv_kind kinds[] = { TV_KIND_BOARD, TV_KIND_PHASE, TV_KIND_MEETING,
		TV_KIND_PERSON, TV_KIND_DECISION };
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
		jw_int(w, tv_kind_key(kinds[k]), r->other_changes[kinds[k]]);
	jw_obj_end(w);
}

static void
json_upcoming(struct jw *w, const struct tv_report *r)
{
	jw_arr(w, "upcoming");
	for (size_t i = 0; i < r->nupcoming; i++) {
		const struct tv_agenda_item *it = &r->upcoming[i];
		jw_obj(w, NULL);
		char no[TV_TASK_NUMBER_BUF];
		switch (it->type) {
		case TV_AGENDA_PACKAGE:
			JW_FIELDS(w, J_STR("type", "package"), J_WHEN("when", it->when),
				J_INT("package", it->pkg->number), J_STR("task", NULL),
				J_STR("area", tv_area_key(it->pkg->area)), J_STR("title", it->pkg->title));
			break;
		case TV_AGENDA_TASK:
			tv_task_number(it->pkg, it->task, no, sizeof no);
			JW_FIELDS(w, J_STR("type", "task"), J_WHEN("when", it->when),
				J_INT("package", it->pkg->number), J_STR("task", no),
				J_STR("area", tv_area_key(it->pkg->area)), J_STR("title", it->task->title));
			break;
		case TV_AGENDA_MEETING:
			JW_FIELDS(w, J_STR("type", "meeting"), J_WHEN("when", it->when),
				J_STR("package", NULL), J_STR("task", NULL), J_STR("area", NULL),
				J_STR("title", it->meeting->title),
				J_STR("kind", tv_meeting_kind_key(it->meeting->kind)),
				J_WHEN("end", it->meeting->end), J_STR("place", it->meeting->place));
			break;
		case TV_AGENDA_DECISION:
			JW_FIELDS(w, J_STR("type", "decision"), J_WHEN("when", it->when),
				J_STR("package", NULL), J_STR("task", NULL),
				J_STR("area", area_key_or_null(it->decision->area)),
				J_STR("title", it->decision->title), J_INT("id", it->decision->id));
			break;
		}
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

static void
write_json(FILE *f, const struct tv_board_data *d, const struct tv_report *r, time_t now)
{
	struct jw w;
	jw_init(&w, f);
	jw_obj(&w, NULL);
	char at[32];
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
	jw_int(&w, "format", 1);
	jw_obj(&w, "board");
	JW_FIELDS(&w, J_INT("id", d->board.id), J_STR("name", d->board.name),
		J_STR("authority", d->board.authority),
		J_STR("sector", tv_sector_key(d->board.sector)),
		J_STR("contact", d->board.contact && *d->board.contact ? d->board.contact : NULL),
		J_STR("cvr", d->board.cvr && *d->board.cvr ? d->board.cvr : NULL));
	jw_obj_end(&w);
	JW_FIELDS(&w, J_STR("report_time", at), J_DAY("today", r->today),
		J_DAY("since", r->since), J_INT("days_ahead", TV_REPORT_DAYS_AHEAD));
	int overdue = 0;
	for (int a = 0; a < TV_AREA_COUNT; a++)
		overdue += r->areas[a].overdue;
	jw_obj(&w, "totals");
	JW_FIELDS(&w, J_INT("packages_done", r->packages_done),
		J_INT("packages_total", r->packages_total), J_INT("minimum_done", r->minimum_done),
		J_INT("minimum_total", r->minimum_total), J_INT("overdue", overdue));
	jw_obj_end(&w);
	jw_arr(&w, "areas");
	for (int a = 0; a < TV_AREA_COUNT; a++) {
		const struct tv_report_area *ar = &r->areas[a];
		jw_obj(&w, NULL);
		JW_FIELDS(&w, J_STR("area", tv_area_key(ar->area)),
			J_INT("packages_done", ar->packages_done),
			J_INT("packages_total", ar->packages_total),
			J_INT("minimum_done", ar->minimum_done), J_INT("minimum_total", ar->minimum_total),
			J_INT("overdue", ar->overdue));
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	/* Every package's state, so a programme office's matrix can show one cell per
	 * package (added within format 1: readers ignore members they do not know). */
	jw_arr(&w, "packages");
	for (size_t i = 0; i < d->npackages; i++) {
		const struct tv_package *p = &d->packages[i];
		bool late = tv_package_overdue(p, r->today);
		jw_obj(&w, NULL);
		JW_FIELDS(&w, J_INT("number", p->number), J_STR("area", tv_area_key(p->area)),
			J_STR("status", tv_pstatus_key(p->status)), J_DAY("due", p->deadline.day),
			J_INT("days_late", late ? r->today - p->deadline.day : 0));
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_arr(&w, "overdue");
	for (size_t i = 0; i < r->noverdue; i++) {
		const struct tv_report_late *l = &r->overdue[i];
		char no[TV_TASK_NUMBER_BUF] = "";
		if (l->task)
			tv_task_number(l->pkg, l->task, no, sizeof no);
		jw_obj(&w, NULL);
		JW_FIELDS(&w, J_STR("type", l->task ? "task" : "package"),
			J_INT("package", l->pkg->number), J_STR("task", l->task ? no : NULL),
			J_STR("area", tv_area_key(l->pkg->area)),
			J_STR("title", l->task ? l->task->title : l->pkg->title),
			J_DAY("due", l->due), J_INT("days_late", l->days_late));
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_arr(&w, "blocked");
	for (size_t i = 0; i < r->nblocked; i++) {
		const struct tv_package *p = r->blocked[i];
		jw_obj(&w, NULL);
		JW_FIELDS(&w, J_INT("package", p->number), J_STR("area", tv_area_key(p->area)),
			J_STR("title", p->title), J_STR("blocked_reason",
				p->blocked_reason && *p->blocked_reason ? p->blocked_reason : NULL));
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_arr(&w, "decisions");
	for (size_t i = 0; i < r->ndecisions; i++) {
		const struct tv_report_decision *x = &r->decisions[i];
		jw_obj(&w, NULL);
		JW_FIELDS(&w, J_INT("id", x->decision->id), J_STR("title", x->decision->title),
			J_STR("area", area_key_or_null(x->decision->area)),
			J_STR("owner", x->decision->owner && *x->decision->owner ? x->decision->owner : NULL),
			J_DAY("due", x->decision->due), J_BOOL("overdue", x->overdue),
			J_INT("days_late", x->days_late));
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	json_changes(&w, r);
	json_upcoming(&w, r);
	jw_arr(&w, "warnings");
	for (size_t i = 0; i < r->nwarnings; i++) {
		jw_obj(&w, NULL);
		JW_FIELDS(&w, J_STR("kind", warning_key(r->warnings[i].kind)),
			J_STR("text", r->warnings[i].text));
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	jw_done(&w);
}

struct job {
	const struct cli_args *a;
	const struct tv_board_data *d;
	const struct tv_report *r;
	time_t now;
};

static enum tv_status
write_to(FILE *f, const struct job *j)
{
	if (cli_flag(j->a, "json")) {
		write_json(f, j->d, j->r, j->now);
	} else {
		char *t = tv_report_status_text(j->d, j->r);
		fputs(t, f);
		free(t);
	}
	return TV_OK;
}

/* The board's report since --since: *d and *r for the caller to free
 * (tv_board_data_free, tv_report_free). Returns an exit code, 0 on success. */
static int
gather(struct cli *c, const struct cli_args *a, struct tv_board_data **d, struct tv_report *r)
{
	int rc;
	int32_t today = cli_today(c), since = today - TV_REPORT_DAYS_BACK;
	const char *s = cli_opt_value(a, "since");
	if (s && (rc = cli_parse_day(c, "--since", s, &since)))
		return rc;
	if ((rc = cli_load(c, d)))
		return rc;
	struct tv_history *h = NULL;
	size_t nh = 0;
	enum tv_status st = tv_store_history(c->store, c->board_id, 0, since, 0, &h, &nh);
	if (st != TV_OK) {
		tv_board_data_free(*d);
		*d = NULL;
		return cli_store_fail(c, st);
	}
	tv_report_status(*d, h, nh, today, since, r);
	for (size_t i = 0; i < nh; i++)
		tv_history_clear(&h[i]);
	free(h);
	return 0;
}

int
cli_report_status_json(struct cli *c, const struct cli_args *a, char **json, size_t *len,
	char **cvr, char **authority)
{
	*json = *cvr = *authority = NULL;
	*len = 0;
	struct tv_board_data *d = NULL;
	struct tv_report r;
	int rc = gather(c, a, &d, &r);
	if (rc)
		return rc;
	FILE *f = open_memstream(json, len);
	if (!f)
		tv_fatal("out of memory");
	write_json(f, d, &r, cli_now(c));
	if (fclose(f) != 0)
		tv_fatal("out of memory");
	if (d->board.cvr && *d->board.cvr)
		*cvr = tv_xstrdup(d->board.cvr);
	if (d->board.authority && *d->board.authority)
		*authority = tv_xstrdup(d->board.authority);
	tv_report_free(&r);
	tv_board_data_free(d);
	return 0;
}

int
cmd_report_status(struct cli *c, const struct cli_args *a)
{
	/* --put: the upload runs in tavle-helper (libcurl), which runs this same command. */
	if (cli_opt_value(a, "put"))
		return cli_helper_run(c, a);
	const char *out = cli_opt_value(a, "output");
	if (out && !out[0])
		return cli_fail(c, CLI_USAGE, "-o needs a file name or '-'");
	struct tv_board_data *d = NULL;
	struct tv_report r;
	int rc = gather(c, a, &d, &r);
	if (rc)
		return rc;
	enum tv_status st;
	struct job j = { a, d, &r, cli_now(c) };
	struct tv_diag diag = { 0 };
	if (!out || strcmp(out, "-") == 0) {
		st = write_to(stdout, &j);
		errno = 0;
		if (fflush(stdout) != 0)
			st = tv_diag_set(&diag, TV_IO, "cannot write to standard output: %s",
				strerror(errno ? errno : EIO));
	} else {
		struct tv_out_file f;
		st = tv_out_open(out, TV_OUT_STDOUT, &f, &diag);
		if (st == TV_OK) {
			st = write_to(f.fp, &j);
			if (st == TV_OK)
				st = tv_out_commit(&f, &diag);
			else
				tv_out_abort(&f);
		}
	}
	tv_report_free(&r);
	tv_board_data_free(d);
	if (st != TV_OK)
		return cli_diag_fail(c, st, &diag);
	return 0;
}
