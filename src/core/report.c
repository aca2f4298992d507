/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The status report's facts and its text (tavle/report.h): counts per area, overdue,
 * blocked, open decisions, the history since a day summed up per package, the next
 * 30 days and the plan warnings, all from one board snapshot and the history rows the
 * caller read; and the weekly status as plain text / Markdown at most 80 columns
 * wide. The rules of what is overdue and what a minimum requirement is are plan.c's.
 * Must not depend on curses, SQLite or libical.
 */
#include <stdlib.h>
#include <string.h>

#include "tavle/buf.h"
#include "tavle/date.h"
#include "tavle/fields.h"
#include "tavle/i18n.h"
#include "tavle/report.h"
#include "tavle/status.h"
#include "tavle/text.h"
#include "tavle/tmpl_update.h"

/* ---- the facts ---- */

static int
cmp_late(const void *a, const void *b)
{
	const struct tv_report_late *x = a, *y = b;
	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	/* Same day: board order (the array was filled in it; compare addresses of the
	 * packages, which lie in board order in the snapshot), the package before its tasks. */
	if (x->pkg != y->pkg)
		return x->pkg < y->pkg ? -1 : 1;
	if (!x->task || !y->task)
		return x->task ? 1 : y->task ? -1 : 0;
	return x->task->position - y->task->position;
}

static int
cmp_decision(const void *a, const void *b)
{
	const struct tv_report_decision *x = a, *y = b;
	int32_t dx = x->decision->due, dy = y->decision->due;
	if ((dx == TV_NO_DAY) != (dy == TV_NO_DAY))
		return dx == TV_NO_DAY ? 1 : -1;
	if (dx != dy)
		return dx < dy ? -1 : 1;
	return x->decision->id < y->decision->id ? -1 : x->decision->id > y->decision->id;
}

static bool
bool_value(const char *v)
{
	return v && (strcmp(v, "1") == 0 || strcmp(v, "yes") == 0 || strcmp(v, "true") == 0);
}

/* The first old value and the last new value of a field: *from is set once. */
static void
track(char **from, char **to, const char *old_value, const char *new_value)
{
	if (!*from)
		*from = tv_xstrdup(old_value ? old_value : "");
	free(*to);
	*to = tv_xstrdup(new_value ? new_value : "");
}

/* A field that ended where it started is no change. */
static void
settle(char **from, char **to)
{
	if (*from && *to && strcmp(*from, *to) == 0) {
		free(*from);
		free(*to);
		*from = *to = NULL;
	}
}

static struct tv_report_change *
change_for(struct tv_report *r, const struct tv_board_data *d, int64_t package_id)
{
	for (size_t i = 0; i < r->nchanges; i++)
		if (r->changes[i].package_id == package_id)
			return &r->changes[i];
	r->changes = tv_xrealloc(r->changes, (r->nchanges + 1) * sizeof *r->changes);
	struct tv_report_change *c = &r->changes[r->nchanges++];
	memset(c, 0, sizeof *c);
	c->package_id = package_id;
	for (size_t i = 0; i < d->npackages; i++)
		if (d->packages[i].id == package_id)
			c->pkg = &d->packages[i];
	return c;
}

/* Counts and first/last values of one history row of a package. */
static void
add_row(struct tv_report_change *c, const struct tv_history *h, int *done_net)
{
	const char *op = h->op ? h->op : "", *f = h->field ? h->field : "";
	bool set = strcmp(op, "set") == 0, add = strcmp(op, "add") == 0,
		rem = strcmp(op, "remove") == 0;
	c->entries++;
	free(c->last_at);
	c->last_at = tv_xstrdup(h->at);
	switch (h->kind) {
	case TV_KIND_PACKAGE:
		if (add)
			c->added = true;
		else if (rem)
			c->removed = true;
		else if (set && strcmp(f, "status") == 0)
			track(&c->status_from, &c->status_to, h->old_value, h->new_value);
		else if (set && strcmp(f, "deadline") == 0)
			track(&c->deadline_from, &c->deadline_to, h->old_value, h->new_value);
		else if (set && strcmp(f, "owner") == 0)
			track(&c->owner_from, &c->owner_to, h->old_value, h->new_value);
		else
			c->other_edits++;
		break;
	case TV_KIND_TASK:
		if (add)
			c->tasks_added++;
		else if (rem)
			c->tasks_removed++;
		else if (set && strcmp(f, "done") == 0)
			*done_net += bool_value(h->new_value) ? 1 : -1;
		else
			c->other_edits++;
		break;
	case TV_KIND_COMMENT:
		if (add)
			c->comments++;
		else
			c->other_edits++;
		break;
	default:
		c->other_edits++;
		break;
	}
}

static int
cmp_change(const void *a, const void *b)
{
	const struct tv_report_change *x = a, *y = b;
	if (!x->pkg || !y->pkg)
		return x->pkg ? -1 : y->pkg ? 1 :
			(x->package_id > y->package_id) - (x->package_id < y->package_id);
	return x->pkg->number - y->pkg->number;
}

static void
gather_changes(struct tv_report *r, const struct tv_board_data *d, const struct tv_history *h,
	size_t nh)
{
	int *net = NULL;
	size_t cap = 0;
	for (size_t i = 0; i < nh; i++) {
		char day[TV_DATE_BUF] = "";
		if (h[i].at)
			snprintf(day, sizeof day, "%.10s", h[i].at);
		int32_t at = tv_date_parse_stored(day);
		if (r->since != TV_NO_DAY && (at == TV_NO_DAY || at < r->since))
			continue;
		/* A template update's bookkeeping (base values, marks) is no edit. */
		if (tv_history_is_tmpl(&h[i]))
			continue;
		int64_t pid = h[i].kind == TV_KIND_PACKAGE ? h[i].item_id : h[i].package_id;
		if (!pid) {
			if ((unsigned)h[i].kind < TV_KIND_COUNT)
				r->other_changes[h[i].kind]++;
			continue;
		}
		struct tv_report_change *c = change_for(r, d, pid);
		size_t k = (size_t)(c - r->changes);
		if (k >= cap) {
			size_t ncap = cap ? cap * 2 : 16;
			while (ncap <= k)
				ncap *= 2;
			net = tv_xrealloc(net, ncap * sizeof *net);
			memset(net + cap, 0, (ncap - cap) * sizeof *net);
			cap = ncap;
		}
		add_row(c, &h[i], &net[k]);
	}
	for (size_t k = 0; k < r->nchanges; k++) {
		struct tv_report_change *c = &r->changes[k];
		c->tasks_done = net[k] > 0 ? net[k] : 0;
		c->tasks_reopened = net[k] < 0 ? -net[k] : 0;
		settle(&c->status_from, &c->status_to);
		settle(&c->deadline_from, &c->deadline_to);
		settle(&c->owner_from, &c->owner_to);
	}
	free(net);
	if (r->nchanges > 1)
		qsort(r->changes, r->nchanges, sizeof *r->changes, cmp_change);
}

void
tv_report_status(const struct tv_board_data *d, const struct tv_history *h, size_t nh,
	int32_t today, int32_t since, struct tv_report *out)
{
	memset(out, 0, sizeof *out);
	out->today = today;
	out->since = since;
	for (int a = 0; a < TV_AREA_COUNT; a++)
		out->areas[a].area = (enum tv_area)a;
	for (size_t i = 0; i < d->npackages; i++) {
		const struct tv_package *p = &d->packages[i];
		struct tv_report_area *ar = &out->areas[p->area < TV_AREA_COUNT ? p->area : 0];
		struct tv_plan_tasks t;
		tv_plan_package_tasks(p, today, &t);
		ar->packages_total++;
		ar->packages_done += p->status == TV_DONE;
		ar->minimum_done += t.minimum_done;
		ar->minimum_total += t.minimum_total;
		ar->overdue += tv_plan_package_overdue(p, today);
		if (p->status == TV_BLOCKED) {
			out->blocked = tv_xrealloc(out->blocked, (out->nblocked + 1) * sizeof *out->blocked);
			out->blocked[out->nblocked++] = p;
		}
		if (tv_package_overdue(p, today)) {
			out->overdue = tv_xrealloc(out->overdue, (out->noverdue + 1) * sizeof *out->overdue);
			out->overdue[out->noverdue++] = (struct tv_report_late){ p, NULL, p->deadline.day,
				today - p->deadline.day };
		}
		for (size_t k = 0; k < p->ntasks; k++) {
			const struct tv_task *tk = &p->tasks[k];
			if (!tv_plan_task_overdue(tk, today))
				continue;
			out->overdue = tv_xrealloc(out->overdue, (out->noverdue + 1) * sizeof *out->overdue);
			out->overdue[out->noverdue++] = (struct tv_report_late){ p, tk, tk->deadline.day,
				today - tk->deadline.day };
		}
	}
	for (int a = 0; a < TV_AREA_COUNT; a++) {
		out->packages_done += out->areas[a].packages_done;
		out->packages_total += out->areas[a].packages_total;
		out->minimum_done += out->areas[a].minimum_done;
		out->minimum_total += out->areas[a].minimum_total;
	}
	if (out->noverdue > 1)
		qsort(out->overdue, out->noverdue, sizeof *out->overdue, cmp_late);
	for (size_t i = 0; i < d->ndecisions; i++) {
		const struct tv_decision *x = &d->decisions[i];
		if (x->status != TV_DEC_OPEN)
			continue;
		out->decisions = tv_xrealloc(out->decisions, (out->ndecisions + 1) * sizeof *out->decisions);
		bool late = tv_plan_decision_overdue(x, today);
		out->decisions[out->ndecisions++] = (struct tv_report_decision){ x, late,
			late ? today - x->due : 0 };
	}
	if (out->ndecisions > 1)
		qsort(out->decisions, out->ndecisions, sizeof *out->decisions, cmp_decision);
	gather_changes(out, d, h, nh);
	struct tv_agenda_item *items = NULL;
	size_t n = tv_plan_agenda(d, today, TV_REPORT_DAYS_AHEAD, &items);
	for (size_t i = 0; i < n; i++) {
		if (items[i].overdue)
			continue;
		if (!out->upcoming)
			out->upcoming = tv_xcalloc(n, sizeof *out->upcoming);
		out->upcoming[out->nupcoming++] = items[i];
	}
	free(items);
	out->nwarnings = tv_plan_warnings(d, &out->warnings);
}

void
tv_report_free(struct tv_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nchanges; i++) {
		struct tv_report_change *c = &r->changes[i];
		free(c->status_from);
		free(c->status_to);
		free(c->deadline_from);
		free(c->deadline_to);
		free(c->owner_from);
		free(c->owner_to);
		free(c->last_at);
	}
	free(r->changes);
	free(r->overdue);
	free(r->blocked);
	free(r->decisions);
	free(r->upcoming);
	tv_plan_warnings_free(r->warnings, r->nwarnings);
	memset(r, 0, sizeof *r);
}

/* ---- the text ---- */

#define WIDTH 80

/* Append `line` sanitised (no controls, no bidi) and wrapped at WIDTH columns; lines
 * after the first are indented by `indent` blanks. */
static void
put_wrapped(struct tv_buf *b, const char *line, int indent)
{
	char *s = tv_text_sanitize(line, strlen(line), 0);
	const char *p = s;
	int col = 0;
	bool line_start = true;
	while (*p == ' ')
		p++;
	while (*p) {
		const char *e = p;
		while (*e && *e != ' ')
			e++;
		char *word = tv_xasprintf("%.*s", (int)(e - p), p);
		int ww = tv_text_width(word);
		if (!line_start && col + 1 + ww > WIDTH) {
			tv_buf_addf(b, "\n%*s", indent, "");
			col = indent;
			line_start = true;
		}
		if (!line_start) {
			tv_buf_addc(b, ' ');
			col++;
		}
		/* A word wider than the line is cut where it must be. */
		const char *q = word;
		while (col + ww > WIDTH) {
			int got = 0;
			size_t len = tv_text_clip(q, WIDTH - col, &got);
			if (!len && col > indent) {
				tv_buf_addf(b, "\n%*s", indent, "");
				col = indent;
				continue;
			}
			if (!len)
				len = tv_utf8_decode(q, strlen(q), &(unsigned){ 0 });
			tv_buf_add(b, q, len);
			tv_buf_addf(b, "\n%*s", indent, "");
			col = indent;
			q += len;
			ww = tv_text_width(q);
		}
		tv_buf_adds(b, q);
		col += ww;
		line_start = false;
		free(word);
		p = e;
		while (*p == ' ')
			p++;
	}
	tv_buf_addc(b, '\n');
	free(s);
}

static void
bullet(struct tv_buf *b, const char *text)
{
	char *line = tv_xasprintf("- %s", text);
	put_wrapped(b, line, 2);
	free(line);
}

static void
heading(struct tv_buf *b, const char *text)
{
	char *line = tv_xasprintf("\n## %s", text);
	tv_buf_adds(b, "\n");
	put_wrapped(b, line + 1, 3);
	free(line);
}

static const char *
area_name(int a)
{
	return a >= 0 && a < TV_AREA_COUNT ? tv_area_name((enum tv_area)a, tv_i18n_names_danish()) : "";
}

static const char *
status_name(const char *key)
{
	enum tv_pstatus s;
	if (key && tv_pstatus_from_key(key, &s))
		return tv_pstatus_name(s, tv_i18n_names_danish());
	return key && *key ? key : _("(none)");
}

static void
day_text(int32_t day, char buf[TV_DATE_BUF])
{
	if (day == TV_NO_DAY)
		snprintf(buf, TV_DATE_BUF, "-");
	else
		tv_date_format(day, buf);
}

static char *
late_text(int days)
{
	return tv_xasprintf(ngettext("%d day late", "%d days late", (unsigned long)days), days);
}

static const char *
or_none(const char *s)
{
	return s && *s ? s : _("(none)");
}

char *
tv_report_change_text(const struct tv_report_change *c)
{
	struct tv_buf b = TV_BUF_INIT;
#define SEP() do { if (b.len) tv_buf_adds(&b, "; "); } while (0)
	if (c->added) {
		SEP();
		tv_buf_adds(&b, _("added"));
	}
	if (c->status_to) {
		SEP();
		tv_buf_addf(&b, _("status %s → %s"), status_name(c->status_from),
			status_name(c->status_to));
	}
	if (c->tasks_done) {
		SEP();
		tv_buf_addf(&b, ngettext("%d task done", "%d tasks done", (unsigned long)c->tasks_done),
			c->tasks_done);
	}
	if (c->tasks_reopened) {
		SEP();
		tv_buf_addf(&b, ngettext("%d task reopened", "%d tasks reopened",
			(unsigned long)c->tasks_reopened), c->tasks_reopened);
	}
	if (c->tasks_added) {
		SEP();
		tv_buf_addf(&b, ngettext("%d task added", "%d tasks added",
			(unsigned long)c->tasks_added), c->tasks_added);
	}
	if (c->tasks_removed) {
		SEP();
		tv_buf_addf(&b, ngettext("%d task removed", "%d tasks removed",
			(unsigned long)c->tasks_removed), c->tasks_removed);
	}
	if (c->deadline_to) {
		SEP();
		tv_buf_addf(&b, _("deadline moved %s → %s"), or_none(c->deadline_from),
			or_none(c->deadline_to));
	}
	if (c->owner_to) {
		SEP();
		tv_buf_addf(&b, _("owner %s → %s"), or_none(c->owner_from), or_none(c->owner_to));
	}
	if (c->comments) {
		SEP();
		tv_buf_addf(&b, ngettext("%d comment", "%d comments", (unsigned long)c->comments),
			c->comments);
	}
	if (c->other_edits) {
		SEP();
		tv_buf_addf(&b, ngettext("%d other edit", "%d other edits",
			(unsigned long)c->other_edits), c->other_edits);
	}
	if (c->removed) {
		SEP();
		tv_buf_adds(&b, _("removed"));
	}
#undef SEP
	return tv_buf_detach(&b, NULL);
}

static void
text_overview(struct tv_buf *b, const struct tv_report *r)
{
	heading(b, _("Overview"));
	for (int a = 0; a < TV_AREA_COUNT; a++) {
		const struct tv_report_area *ar = &r->areas[a];
		char *late = ar->overdue ? tv_xasprintf(ngettext("; %d overdue", "; %d overdue",
			(unsigned long)ar->overdue), ar->overdue) : tv_xstrdup("");
		char *line = tv_xasprintf(_("%s: %d/%d packages done, minimum requirements %d/%d "
			"met%s"), area_name(a), ar->packages_done, ar->packages_total, ar->minimum_done,
			ar->minimum_total, late);
		bullet(b, line);
		free(line);
		free(late);
	}
	char *line = tv_xasprintf(_("All areas: %d/%d packages done, minimum requirements %d/%d met"),
		r->packages_done, r->packages_total, r->minimum_done, r->minimum_total);
	bullet(b, line);
	free(line);
}

static void
text_overdue(struct tv_buf *b, const struct tv_report *r)
{
	heading(b, _("Overdue"));
	if (!r->noverdue)
		bullet(b, _("Nothing is overdue."));
	for (size_t i = 0; i < r->noverdue; i++) {
		const struct tv_report_late *l = &r->overdue[i];
		char day[TV_DATE_BUF], *late = late_text(l->days_late), *line;
		day_text(l->due, day);
		if (l->task) {
			char no[TV_TASK_NUMBER_BUF];
			tv_task_number(l->pkg, l->task, no, sizeof no);
			line = tv_xasprintf(_("Task %s %s (package %d): due %s, %s"), no,
				l->task->title ? l->task->title : "", l->pkg->number, day, late);
		} else {
			line = tv_xasprintf(_("Package %d %s: due %s, %s"), l->pkg->number,
				l->pkg->title ? l->pkg->title : "", day, late);
		}
		bullet(b, line);
		free(line);
		free(late);
	}
}

static void
text_blocked(struct tv_buf *b, const struct tv_report *r)
{
	heading(b, _("Blocked"));
	if (!r->nblocked)
		bullet(b, _("Nothing is blocked."));
	for (size_t i = 0; i < r->nblocked; i++) {
		const struct tv_package *p = r->blocked[i];
		char *line = tv_xasprintf(_("Package %d %s: %s"), p->number, p->title ? p->title : "",
			p->blocked_reason && *p->blocked_reason ? p->blocked_reason :
			_("no reason given"));
		bullet(b, line);
		free(line);
	}
}

static void
text_decisions(struct tv_buf *b, const struct tv_report *r)
{
	heading(b, _("Management decisions pending"));
	if (!r->ndecisions)
		bullet(b, _("No decision is pending."));
	for (size_t i = 0; i < r->ndecisions; i++) {
		const struct tv_report_decision *x = &r->decisions[i];
		char day[TV_DATE_BUF], *line;
		day_text(x->decision->due, day);
		const char *title = x->decision->title ? x->decision->title : "";
		if (x->overdue) {
			char *late = late_text(x->days_late);
			line = tv_xasprintf(_("%s: due %s, %s"), title, day, late);
			free(late);
		} else if (x->decision->due != TV_NO_DAY) {
			line = tv_xasprintf(_("%s: due %s"), title, day);
		} else {
			line = tv_xasprintf(_("%s: no due date"), title);
		}
		if (x->decision->area >= 0 && x->decision->area < TV_AREA_COUNT) {
			char *more = tv_xasprintf("%s (%s)", line, area_name(x->decision->area));
			free(line);
			line = more;
		}
		bullet(b, line);
		free(line);
	}
}

static void
text_changes(struct tv_buf *b, const struct tv_report *r)
{
	char since[TV_DATE_BUF];
	day_text(r->since, since);
	char *head = tv_xasprintf(_("Changes since %s"), since);
	heading(b, head);
	free(head);
	bool any = false;
	for (size_t i = 0; i < r->nchanges; i++) {
		const struct tv_report_change *c = &r->changes[i];
		char *what = tv_report_change_text(c);
		if (!what[0]) {
			free(what);
			continue;
		}
		char *line = c->pkg ? tv_xasprintf("%d %s: %s", c->pkg->number,
			c->pkg->title ? c->pkg->title : "", what) :
			tv_xasprintf(_("A package no longer on the board: %s"), what);
		bullet(b, line);
		free(line);
		free(what);
		any = true;
	}
	struct tv_buf o = TV_BUF_INIT;
	static const enum tv_kind kinds[] = { TV_KIND_BOARD, TV_KIND_PHASE, TV_KIND_MEETING,
		TV_KIND_PERSON, TV_KIND_DECISION };
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		int n = r->other_changes[kinds[k]];
		if (!n)
			continue;
		if (o.len)
			tv_buf_adds(&o, "; ");
		switch (kinds[k]) {
		case TV_KIND_BOARD:
			tv_buf_addf(&o, ngettext("%d board setting", "%d board settings",
				(unsigned long)n), n);
			break;
		case TV_KIND_PHASE:
			tv_buf_addf(&o, ngettext("%d phase change", "%d phase changes",
				(unsigned long)n), n);
			break;
		case TV_KIND_MEETING:
			tv_buf_addf(&o, ngettext("%d meeting change", "%d meeting changes",
				(unsigned long)n), n);
			break;
		case TV_KIND_PERSON:
			tv_buf_addf(&o, ngettext("%d change to people", "%d changes to people",
				(unsigned long)n), n);
			break;
		default:
			tv_buf_addf(&o, ngettext("%d decision change", "%d decision changes",
				(unsigned long)n), n);
			break;
		}
	}
	if (o.len) {
		char *line = tv_xasprintf(_("Elsewhere: %s"), tv_buf_str(&o));
		bullet(b, line);
		free(line);
		any = true;
	}
	tv_buf_release(&o);
	if (!any)
		bullet(b, _("No changes."));
}

static void
text_upcoming(struct tv_buf *b, const struct tv_report *r)
{
	char *head = tv_xasprintf(ngettext("The next %d day", "The next %d days",
		TV_REPORT_DAYS_AHEAD), TV_REPORT_DAYS_AHEAD);
	heading(b, head);
	free(head);
	if (!r->nupcoming)
		bullet(b, _("No deadlines or meetings."));
	for (size_t i = 0; i < r->nupcoming; i++) {
		const struct tv_agenda_item *it = &r->upcoming[i];
		char day[TV_DATE_BUF], when[32], *line = NULL;
		day_text(it->when.day, day);
		if (it->when.minute != TV_NO_TIME)
			snprintf(when, sizeof when, "%s %02d:%02d", day, it->when.minute / 60,
				it->when.minute % 60);
		else
			snprintf(when, sizeof when, "%s", day);
		switch (it->type) {
		case TV_AGENDA_PACKAGE:
			line = tv_xasprintf(_("%s: package %d %s"), when, it->pkg->number,
				it->pkg->title ? it->pkg->title : "");
			break;
		case TV_AGENDA_TASK: {
			char no[TV_TASK_NUMBER_BUF];
			tv_task_number(it->pkg, it->task, no, sizeof no);
			line = tv_xasprintf(_("%s: task %s %s"), when, no,
				it->task->title ? it->task->title : "");
			break;
		}
		case TV_AGENDA_MEETING:
			line = tv_xasprintf("%s: %s: %s%s%s", when,
				tv_meeting_kind_name(it->meeting->kind, tv_i18n_names_danish()),
				it->meeting->title ? it->meeting->title : "",
				it->meeting->place && *it->meeting->place ? ", " : "",
				it->meeting->place && *it->meeting->place ? it->meeting->place : "");
			break;
		case TV_AGENDA_DECISION:
			line = tv_xasprintf(_("%s: decision %s"), when,
				it->decision->title ? it->decision->title : "");
			break;
		}
		bullet(b, line);
		free(line);
	}
}

char *
tv_report_status_text(const struct tv_board_data *d, const struct tv_report *r)
{
	struct tv_buf b = TV_BUF_INIT;
	const struct tv_board *bd = &d->board;
	char *line = tv_xasprintf(_("# Status: %s"), bd->name ? bd->name : "");
	put_wrapped(&b, line, 2);
	free(line);
	tv_buf_adds(&b, "\n");
	char today[TV_DATE_BUF], since[TV_DATE_BUF];
	day_text(r->today, today);
	day_text(r->since, since);
	line = tv_xasprintf(_("%s (%s). Report of %s, changes since %s."),
		bd->authority ? bd->authority : "", tv_sector_name(bd->sector, tv_i18n_names_danish()),
		today, since);
	put_wrapped(&b, line, 0);
	free(line);
	if (bd->contact && *bd->contact) {
		line = tv_xasprintf(_("Contact person: %s."), bd->contact);
		put_wrapped(&b, line, 0);
		free(line);
	}
	text_overview(&b, r);
	text_overdue(&b, r);
	text_blocked(&b, r);
	text_decisions(&b, r);
	text_changes(&b, r);
	text_upcoming(&b, r);
	heading(&b, _("Plan warnings"));
	if (!r->nwarnings)
		bullet(&b, _("None."));
	for (size_t i = 0; i < r->nwarnings; i++)
		bullet(&b, r->warnings[i].text ? r->warnings[i].text : "");
	return tv_buf_detach(&b, NULL);
}
