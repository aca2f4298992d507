/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Output of the command line: a small streaming JSON writer (every string through
 * tv_json_string, so any stored text gives valid JSON; dates ISO "YYYY-MM-DD", with a
 * time "YYYY-MM-DD HH:MM", or null) with the JSON shapes of the records (one writer
 * per record, shared by every command), and aligned text tables measured in display
 * columns (tv_text_width), with one column clipped to the terminal width when there
 * is one.
 * Depends on the core API only.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tavle/date.h"
#include "tavle/plan.h"
#include "tavle/portfolio.h"
#include "tavle/text.h"

void
jw_init(struct jw *w, FILE *f)
{
	memset(w, 0, sizeof *w);
	w->f = f;
	w->first[0] = true;
}

static void
jw_item(struct jw *w, const char *key)
{
	if (w->depth > 0) {
		if (!w->first[w->depth])
			fputc(',', w->f);
		fputc('\n', w->f);
		for (int i = 0; i < w->depth; i++)
			fputs("  ", w->f);
	}
	w->first[w->depth] = false;
	if (key) {
		tv_json_string(w->f, key);
		fputs(": ", w->f);
	}
}

static void
jw_open(struct jw *w, const char *key, char ch)
{
	jw_item(w, key);
	fputc(ch, w->f);
	if (w->depth < 63)
		w->depth++;
	w->first[w->depth] = true;
}

static void
jw_close(struct jw *w, char ch)
{
	bool empty = w->first[w->depth];
	if (w->depth > 0)
		w->depth--;
	if (!empty) {
		fputc('\n', w->f);
		for (int i = 0; i < w->depth; i++)
			fputs("  ", w->f);
	}
	fputc(ch, w->f);
}

void jw_obj(struct jw *w, const char *key) { jw_open(w, key, '{'); }
void jw_obj_end(struct jw *w) { jw_close(w, '}'); }
void jw_arr(struct jw *w, const char *key) { jw_open(w, key, '['); }
void jw_arr_end(struct jw *w) { jw_close(w, ']'); }

void
jw_str(struct jw *w, const char *key, const char *val)
{
	jw_item(w, key);
	if (val)
		tv_json_string(w->f, val);
	else
		fputs("null", w->f);
}

void
jw_int(struct jw *w, const char *key, long long val)
{
	jw_item(w, key);
	fprintf(w->f, "%lld", val);
}

void
jw_double(struct jw *w, const char *key, double val)
{
	jw_item(w, key);
	fprintf(w->f, "%.10g", val);
}

void
jw_bool(struct jw *w, const char *key, bool val)
{
	jw_item(w, key);
	fputs(val ? "true" : "false", w->f);
}

void
jw_null(struct jw *w, const char *key)
{
	jw_item(w, key);
	fputs("null", w->f);
}

/* "YYYY-MM-DD HH:MM", the date alone without a time, null without a date. */
void
jw_when(struct jw *w, const char *key, struct tv_when when)
{
	if (when.day == TV_NO_DAY) {
		jw_null(w, key);
		return;
	}
	char buf[TV_WHEN_BUF];
	tv_when_format(when, buf);
	jw_str(w, key, buf);
}

void
jw_day(struct jw *w, const char *key, int32_t day)
{
	jw_when(w, key, (struct tv_when){ .day = day, .minute = TV_NO_TIME });
}

void
jw_done(struct jw *w)
{
	fputc('\n', w->f);
}

void
jw_list(struct jw *w, FILE *f)
{
	jw_init(w, f);
	jw_arr(w, NULL);
}

void
jw_list_end(struct jw *w)
{
	jw_arr_end(w);
	jw_done(w);
}

void
jw_fields(struct jw *w, const struct jv *v, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		switch (v[k].t) {
		case JV_INT: jw_int(w, v[k].key, v[k].i); break;
		case JV_STR: jw_str(w, v[k].key, v[k].s); break;
		case JV_BOOL: jw_bool(w, v[k].key, v[k].i != 0); break;
		case JV_DAY: jw_day(w, v[k].key, (int32_t)v[k].i); break;
		case JV_WHEN: jw_when(w, v[k].key, v[k].w); break;
		}
	}
}

void
json_task(struct jw *w, const struct tv_task *t)
{
	jw_obj(w, NULL);
	JW_FIELDS(w, J_INT("id", t->id), J_STR("uid", t->uid), J_STR("title", t->title),
		J_WHEN("deadline", t->deadline), J_BOOL("done", t->done),
		J_STR("responsible", tv_responsible_key(t->responsible)),
		J_BOOL("minimum", t->minimum), J_STR("owner", t->owner),
		J_INT("position", t->position),
		J_INT("version", t->version));
	jw_obj_end(w);
}

void
json_comment(struct jw *w, const struct tv_comment *cm, bool with_package)
{
	jw_obj(w, NULL);
	jw_int(w, "id", cm->id);
	if (with_package)
		jw_int(w, "package_id", cm->package_id);
	JW_FIELDS(w, J_STR("author", cm->author), J_STR("created_at", cm->created_at),
		J_STR("text", cm->text), J_INT("version", cm->version));
	jw_obj_end(w);
}

void
json_package(struct jw *w, const struct tv_package *p, const struct tv_board_data *d,
	const struct json_comments *comments)
{
	jw_obj(w, NULL);
	/* The deadline with its time when it has one, as the agenda and the meetings write it. */
	JW_FIELDS(w, J_INT("id", p->id), J_STR("uid", p->uid), J_INT("number", p->number),
		J_STR("title", p->title), J_STR("area", tv_area_key(p->area)),
		J_STR("status", tv_pstatus_key(p->status)),
		J_STR("owner", p->owner && p->owner[0] ? p->owner : NULL),
		J_WHEN("deadline", p->deadline));
	const struct tv_phase *ph = p->phase_id && d ? tv_board_data_phase(d, p->phase_id) : NULL;
	jw_str(w, "phase", ph ? ph->name : NULL);
	if (p->phase_id)
		jw_int(w, "phase_id", p->phase_id);
	else
		jw_null(w, "phase_id");
	jw_obj(w, "sections");
	for (int s = 0; s < TV_SECTION_COUNT; s++)
		jw_str(w, tv_section_key((enum tv_section)s), p->sections[s] ? p->sections[s] : "");
	jw_obj_end(w);
	jw_arr(w, "tasks");
	for (size_t i = 0; i < p->ntasks; i++)
		json_task(w, &p->tasks[i]);
	jw_arr_end(w);
	/* The minimum requirements (tasks flagged minimum): done of all. */
	struct tv_plan_tasks pt;
	tv_plan_package_tasks(p, TV_NO_DAY, &pt);
	jw_obj(w, "minimum");
	JW_FIELDS(w, J_INT("done", pt.minimum_done), J_INT("total", pt.minimum_total));
	jw_obj_end(w);
	/* Why it is blocked (null unless blocked with a reason), the packages it comes
	 * after (numbers; [] when none). */
	jw_str(w, "blocked_reason", p->status == TV_BLOCKED && p->blocked_reason &&
		*p->blocked_reason ? p->blocked_reason : NULL);
	int after[64];
	int na = tv_package_after(p->after, after, 64);
	jw_arr(w, "after");
	for (int i = 0; i < na && i < 64; i++)
		jw_int(w, NULL, after[i]);
	jw_arr_end(w);
	if (comments) {
		jw_arr(w, "comments");
		for (size_t i = 0; i < comments->n; i++)
			json_comment(w, &comments->items[i], false);
		jw_arr_end(w);
	}
	if (comments && comments->tmpl) {
		/* Keys are the template's ({#4.3}); never part of a title. */
		const struct json_template *t = comments->tmpl;
		jw_obj(w, "template");
		jw_int(w, "version", t->version);
		if (t->removed)
			jw_int(w, "removed_in_version", t->removed);
		else
			jw_null(w, "removed_in_version");
		jw_obj(w, "changed_by_programme");
		for (int s = 0; s < TV_SECTION_COUNT; s++)
			if (t->sections[s])
				jw_int(w, tv_section_key((enum tv_section)s), t->sections[s]);
		jw_obj_end(w);
		jw_arr(w, "tasks");
		for (size_t i = 0; i < p->ntasks; i++) {
			jw_obj(w, NULL);
			jw_str(w, "key", p->tasks[i].tkey);
			if (t->task_removed && t->task_removed[i])
				jw_int(w, "removed_in_version", t->task_removed[i]);
			else
				jw_null(w, "removed_in_version");
			jw_obj_end(w);
		}
		jw_arr_end(w);
		jw_obj_end(w);
	}
	JW_FIELDS(w, J_INT("position", p->position), J_INT("version", p->version),
		J_STR("updated_at", p->updated_at), J_STR("updated_by", p->updated_by));
	jw_obj_end(w);
}

void
json_meeting(struct jw *w, const struct tv_meeting *m)
{
	jw_obj(w, NULL);
	JW_FIELDS(w, J_INT("id", m->id), J_STR("uid", m->uid),
		J_STR("kind", tv_meeting_kind_key(m->kind)), J_STR("title", m->title),
		J_WHEN("start", m->start), J_WHEN("end", m->end), J_STR("place", m->place),
		J_STR("region", m->region), J_STR("url", m->url),
		J_STR("participants", m->participants), J_STR("notes", m->notes),
		J_STR("packages", m->packages), J_INT("version", m->version));
	/* One occurrence of an imported series: its RECURRENCE-ID as the store keeps it
	 * ("TZID=Europe/Berlin:20270105T100000", "20270105T090000Z", "VALUE=DATE:20270105");
	 * absent for any other meeting, so their JSON is as before. */
	if (m->recurrence_id)
		jw_str(w, "recurrence_id", m->recurrence_id);
	jw_obj_end(w);
}

/* The key of an item's area, or NULL (null) when it has none (-1). */
static const char *
area_key(int area)
{
	return area >= 0 && area < TV_AREA_COUNT ? tv_area_key((enum tv_area)area) : NULL;
}

void
json_decision(struct jw *w, const struct tv_decision *x)
{
	jw_obj(w, NULL);
	JW_FIELDS(w, J_INT("id", x->id), J_STR("title", x->title), J_STR("area", area_key(x->area)),
		J_STR("owner", x->owner), J_DAY("due", x->due),
		J_STR("status", tv_decision_status_key(x->status)), J_STR("text", x->text),
		J_DAY("decided", x->decided), J_INT("version", x->version));
	jw_obj_end(w);
}

void
json_person(struct jw *w, const struct tv_person *p)
{
	jw_obj(w, NULL);
	JW_FIELDS(w, J_INT("id", p->id), J_STR("name", p->name), J_STR("email", p->email),
		J_STR("role", tv_role_key(p->role)), J_STR("area", area_key(p->area)),
		J_INT("version", p->version));
	jw_obj_end(w);
}

void
json_board_summary(struct jw *w, const struct tv_board_summary *s, bool is_default)
{
	const struct tv_board *b = &s->board;
	jw_obj(w, NULL);
	JW_FIELDS(w, J_INT("id", b->id), J_STR("name", b->name), J_STR("authority", b->authority),
		J_STR("sector", tv_sector_key(b->sector)), J_DAY("start", b->start),
		J_BOOL("archived", b->archived), J_BOOL("default", is_default),
		J_STR("contact", b->contact), J_STR("cvr", b->cvr),
		J_INT("version", b->version), J_INT("packages", s->packages),
		J_INT("done", s->done), J_INT("overdue", s->overdue));
	jw_obj_end(w);
}

/* ---- tables ---- */

void
table_init(struct table *t, size_t ncols, int clip_col)
{
	memset(t, 0, sizeof *t);
	t->ncols = ncols;
	t->clip_col = clip_col;
	t->clip_col2 = -1;
}

void
table_row(struct table *t, const char *const *cells)
{
	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->cells = tv_xrealloc(t->cells, t->cap * t->ncols * sizeof *t->cells);
		t->before = tv_xrealloc(t->before, t->cap * sizeof *t->before);
	}
	t->before[t->nrows] = t->pending;
	t->pending = NULL;
	for (size_t i = 0; i < t->ncols; i++)
		t->cells[t->nrows * t->ncols + i] = cli_clean(cells[i]);
	t->nrows++;
}

void
table_heading(struct table *t, const char *text)
{
	free(t->pending);
	t->pending = cli_clean(text);
}

void
table_print(const struct table *t, FILE *out, int indent, int max_width)
{
	int width[16] = { 0 };
	size_t ncols = t->ncols < 16 ? t->ncols : 16;
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t i = 0; i < ncols; i++) {
			int wd = tv_text_width(t->cells[r * t->ncols + i]);
			if (wd > width[i])
				width[i] = wd;
		}
	/* Clip so a row fits the terminal: first the secondary column (down to 12
	 * columns), then the main one (down to 8); the others keep their width. */
	int clips[2] = { t->clip_col2, t->clip_col }, floor[2] = { 12, 8 };
	for (int k = 0; k < 2 && max_width > 0; k++) {
		int col = clips[k];
		if (col < 0 || (size_t)col >= ncols)
			continue;
		int total = indent;
		for (size_t i = 0; i < ncols; i++)
			total += width[i] + (i ? 2 : 0);
		if (total <= max_width)
			break;
		int w = width[col] - (total - max_width);
		if (w < floor[k])
			w = floor[k];
		if (w < width[col])
			width[col] = w;
	}
	for (size_t r = 0; r < t->nrows; r++) {
		if (t->before[r])
			fprintf(out, "%s%s\n", r ? "\n" : "", t->before[r]);
		fprintf(out, "%*s", indent, "");
		/* The last non-empty column is not padded (no trailing spaces). */
		size_t last = ncols;
		while (last > 0 && !t->cells[r * t->ncols + last - 1][0])
			last--;
		for (size_t i = 0; i < last; i++) {
			const char *cell = t->cells[r * t->ncols + i];
			char *clipped = NULL;
			int wd = tv_text_width(cell);
			if (((int)i == t->clip_col || (int)i == t->clip_col2) && wd > width[i]) {
				clipped = tv_text_ellipsize(cell, width[i]);
				cell = clipped;
				wd = tv_text_width(cell);
			}
			int pad = width[i] - wd;
			if (pad < 0)
				pad = 0;
			if (i)
				fputs("  ", out);
			if (t->right_cols & (1u << i)) {
				fprintf(out, "%*s%s", pad, "", cell);
			} else {
				fputs(cell, out);
				if (i + 1 < last)
					fprintf(out, "%*s", pad, "");
			}
			free(clipped);
		}
		fputc('\n', out);
	}
}

void
table_free(struct table *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	for (size_t i = 0; i < t->nrows; i++)
		free(t->before[i]);
	free(t->cells);
	free(t->before);
	free(t->pending);
	memset(t, 0, sizeof *t);
}
