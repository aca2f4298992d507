/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The .xlsx workbook of one board (libxlsxwriter; the only module that uses it): one
 * sheet per view, header row frozen, area colours as cell fills and dates as real date
 * cells (Excel serial numbers with a date format), so sorting and filtering by date
 * work in the spreadsheet. Cells are always written as strings or numbers, never as
 * formulas, so a title starting with '=' stays text. A workbook is for people: in
 * Danish its sheet names, headers, record kinds and values are Danish (issue 16).
 * Must not depend on curses or SQLite.
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "tavle/csv.h"
#include "tavle/date.h"
#include "tavle/fields.h"
#include "tavle/fileio.h"
#include "tavle/i18n.h"
#include "tavle/text.h"

enum cellkind { K_TEXT, K_DATE, K_TIME, K_NKINDS };

struct book {
	lxw_workbook *wb;
	lxw_format *head;
	lxw_format *fmt[TV_AREA_COUNT + 1][K_NKINDS];  /* [area or TV_AREA_COUNT for none] */
	bool danish;
};

struct sheet {
	struct book *b;
	lxw_worksheet *ws;
	lxw_row_t row;
};

/* An English message id (a sheet name, a header) in the workbook's language. */
static const char *
word(const struct book *b, const char *msgid)
{
	return b->danish ? _(msgid) : msgid;
}

/* A record kind in the workbook's language ("opgave" / "task"). */
static const char *
kind_word(const struct book *b, enum tv_kind k)
{
	return b->danish ? tv_kind_word(k) : tv_kind_key(k);
}

static struct sheet
add_sheet(struct book *b, const char *name, const char *const *head, const double *widths)
{
	struct sheet s = { b, workbook_add_worksheet(b->wb, word(b, name)), 1 };
	for (lxw_col_t c = 0; head[c]; c++) {
		worksheet_write_string(s.ws, 0, c, word(b, head[c]), b->head);
		worksheet_set_column(s.ws, c, c, widths[c], NULL);
	}
	worksheet_freeze_panes(s.ws, 1, 0);
	return s;
}

static lxw_format *
fmt(struct sheet *s, int area, enum cellkind k)
{
	return s->b->fmt[area >= 0 && area < TV_AREA_COUNT ? area : TV_AREA_COUNT][k];
}

/* A text cell (sanitised; multi-line text keeps its line breaks). */
static void
text(struct sheet *s, lxw_col_t col, const char *t, int area, bool multiline)
{
	if (!t || !t[0]) {
		if (area >= 0)
			worksheet_write_blank(s->ws, s->row, col, fmt(s, area, K_TEXT));
		return;
	}
	char *clean = tv_text_sanitize(t, strlen(t), multiline ? TV_SAN_KEEP_NEWLINES : 0);
	worksheet_write_string(s->ws, s->row, col, clean, fmt(s, area, K_TEXT));
	free(clean);
}

static void
number(struct sheet *s, lxw_col_t col, double v, int area)
{
	worksheet_write_number(s->ws, s->row, col, v, fmt(s, area, K_TEXT));
}

/* A date cell: Excel's serial day (1899-12-30 is day 0, so 1970-01-01 is 25569), plus
 * the fraction of the day for a local time. */
static void
when(struct sheet *s, lxw_col_t col, struct tv_when w, int area)
{
	if (w.day == TV_NO_DAY) {
		if (area >= 0)
			worksheet_write_blank(s->ws, s->row, col, fmt(s, area, K_TEXT));
		return;
	}
	double v = (double)w.day + 25569.0;
	if (w.minute != TV_NO_TIME)
		v += w.minute / 1440.0;
	worksheet_write_number(s->ws, s->row, col, v,
		fmt(s, area, w.minute == TV_NO_TIME ? K_DATE : K_TIME));
}

static void
day(struct sheet *s, lxw_col_t col, int32_t d, int area)
{
	when(s, col, (struct tv_when){ d, TV_NO_TIME }, area);
}

/* ---- timeline: every dated item in date order ---- */

struct item {
	struct tv_when start, end;
	int order;           /* phase, meeting, package, task on the same start */
	const char *kind;
	int area;
	int package;         /* -1 none */
	const char *title;
	const char *status;
};

static int
item_cmp(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;
	if (a->start.day != b->start.day)
		return a->start.day < b->start.day ? -1 : 1;
	int am = a->start.minute, bm = b->start.minute;
	if (am != bm)
		return am < bm ? -1 : 1;
	if (a->order != b->order)
		return a->order - b->order;
	return a->package - b->package;
}

static void
timeline(struct book *b, const struct tv_board_data *d)
{
	static const char *const head[] = { N_("Start"), N_("End"), N_("Kind"), N_("Area"),
		N_("Package"), N_("Title"), N_("Status"), NULL };
	static const double widths[] = { 17, 17, 10, 28, 9, 60, 12 };
	struct sheet s = add_sheet(b, N_("timeline"), head, widths);
	size_t cap = d->nphases + d->nmeetings + d->npackages, n = 0;
	for (size_t i = 0; i < d->npackages; i++)
		cap += d->packages[i].ntasks;
	struct item *it = tv_xcalloc(cap ? cap : 1, sizeof *it);
	struct tv_when none = { TV_NO_DAY, TV_NO_TIME };
	for (size_t i = 0; i < d->nphases; i++) {
		const struct tv_phase *p = &d->phases[i];
		if (p->start == TV_NO_DAY)
			continue;
		it[n++] = (struct item){ { p->start, TV_NO_TIME }, { p->end, TV_NO_TIME }, 0, kind_word(b, TV_KIND_PHASE),
			-1, -1, p->name, NULL };
	}
	for (size_t i = 0; i < d->nmeetings; i++) {
		const struct tv_meeting *m = &d->meetings[i];
		if (m->start.day == TV_NO_DAY)
			continue;
		it[n++] = (struct item){ m->start, m->end, 1, kind_word(b, TV_KIND_MEETING), -1, -1, m->title,
			tv_meeting_kind_name(m->kind, b->danish) };
	}
	for (size_t i = 0; i < d->npackages; i++) {
		const struct tv_package *p = &d->packages[i];
		if (p->deadline.day != TV_NO_DAY)
			it[n++] = (struct item){ p->deadline, none, 2, kind_word(b, TV_KIND_PACKAGE), (int)p->area, p->number,
				p->title, tv_pstatus_name(p->status, b->danish) };
		for (size_t k = 0; k < p->ntasks; k++) {
			const struct tv_task *t = &p->tasks[k];
			if (t->deadline.day != TV_NO_DAY)
				it[n++] = (struct item){ t->deadline, none, 3, kind_word(b, TV_KIND_TASK), (int)p->area,
					p->number, t->title, t->done ? (b->danish ? "Færdig" : "Done") : NULL };
		}
	}
	if (n > 1)
		qsort(it, n, sizeof *it, item_cmp);
	for (size_t i = 0; i < n; i++, s.row++) {
		int a = it[i].area;
		when(&s, 0, it[i].start, a);
		when(&s, 1, it[i].end, a);
		text(&s, 2, it[i].kind, a, false);
		text(&s, 3, a >= 0 ? tv_area_name((enum tv_area)a, b->danish) : NULL, a, false);
		if (it[i].package >= 0)
			number(&s, 4, it[i].package, a);
		else if (a >= 0)
			text(&s, 4, NULL, a, false);
		text(&s, 5, it[i].title, a, false);
		text(&s, 6, it[i].status, a, false);
	}
	if (n)
		worksheet_autofilter(s.ws, 0, 0, (lxw_row_t)n, 6);
	free(it);
}

static void
packages(struct book *b, const struct tv_board_data *d)
{
	static const char *const head[] = { N_("Number"), N_("Area"), N_("Title"), N_("Status"),
		N_("Owner"), N_("Phase"), N_("Deadline"), N_("Tasks"), N_("Tasks done"), NULL };
	static const double widths[] = { 8, 28, 60, 12, 24, 24, 17, 7, 10 };
	struct sheet s = add_sheet(b, N_("packages"), head, widths);
	for (size_t i = 0; i < d->npackages; i++, s.row++) {
		const struct tv_package *p = &d->packages[i];
		const struct tv_phase *ph = tv_board_data_phase(d, p->phase_id);
		int a = (int)p->area;
		size_t done = 0;
		for (size_t k = 0; k < p->ntasks; k++)
			done += p->tasks[k].done;
		number(&s, 0, p->number, a);
		text(&s, 1, tv_area_name(p->area, b->danish), a, false);
		text(&s, 2, p->title, a, false);
		text(&s, 3, tv_pstatus_name(p->status, b->danish), a, false);
		text(&s, 4, p->owner, a, false);
		text(&s, 5, ph ? ph->name : NULL, a, false);
		when(&s, 6, p->deadline, a);
		number(&s, 7, (double)p->ntasks, a);
		number(&s, 8, (double)done, a);
	}
}

static void
tasks(struct book *b, const struct tv_board_data *d)
{
	static const char *const head[] = { N_("Package"), N_("Area"), N_("Title"), N_("Deadline"),
		N_("Done"), N_("Responsible party"), N_("Minimum requirement"), NULL };
	static const double widths[] = { 9, 28, 60, 17, 6, 24, 10 };
	struct sheet s = add_sheet(b, N_("tasks"), head, widths);
	for (size_t i = 0; i < d->npackages; i++) {
		const struct tv_package *p = &d->packages[i];
		int a = (int)p->area;
		for (size_t k = 0; k < p->ntasks; k++, s.row++) {
			const struct tv_task *t = &p->tasks[k];
			const char *yes = b->danish ? "ja" : "yes";
			number(&s, 0, p->number, a);
			text(&s, 1, tv_area_name(p->area, b->danish), a, false);
			text(&s, 2, t->title, a, false);
			when(&s, 3, t->deadline, a);
			text(&s, 4, t->done ? yes : NULL, a, false);
			text(&s, 5, tv_responsible_name(t->responsible, b->danish), a, false);
			text(&s, 6, t->minimum ? yes : NULL, a, false);
		}
	}
}

static void
phases(struct book *b, const struct tv_board_data *d)
{
	static const char *const head[] = { N_("Name"), N_("Start"), N_("End"), N_("Not before"),
		N_("Reason"), NULL };
	static const double widths[] = { 40, 12, 12, 12, 50 };
	struct sheet s = add_sheet(b, N_("phases"), head, widths);
	for (size_t i = 0; i < d->nphases; i++, s.row++) {
		const struct tv_phase *p = &d->phases[i];
		text(&s, 0, p->name, -1, false);
		day(&s, 1, p->start, -1);
		day(&s, 2, p->end, -1);
		day(&s, 3, p->not_before, -1);
		text(&s, 4, p->not_before_reason, -1, false);
	}
}

static void
meetings(struct book *b, const struct tv_board_data *d)
{
	static const char *const head[] = { N_("Start"), N_("End"), N_("Kind"), N_("Title"),
		N_("Place"), N_("Region"), N_("Packages"), N_("Link"), N_("Notes"), NULL };
	static const double widths[] = { 17, 17, 16, 50, 24, 16, 10, 40, 50 };
	struct sheet s = add_sheet(b, N_("meetings"), head, widths);
	for (size_t i = 0; i < d->nmeetings; i++, s.row++) {
		const struct tv_meeting *m = &d->meetings[i];
		when(&s, 0, m->start, -1);
		when(&s, 1, m->end, -1);
		text(&s, 2, tv_meeting_kind_name(m->kind, b->danish), -1, false);
		text(&s, 3, m->title, -1, false);
		text(&s, 4, m->place, -1, false);
		text(&s, 5, m->region, -1, false);
		text(&s, 6, m->packages, -1, false);
		text(&s, 7, tv_field_link_exportable(m->url) ? m->url : NULL, -1, false);
		text(&s, 8, m->notes, -1, true);
	}
}

static void
decisions(struct book *b, const struct tv_board_data *d)
{
	static const char *const head[] = { N_("Title"), N_("Area"), N_("Owner"), N_("Due"),
		N_("Status"), N_("Decided"), N_("Text"), NULL };
	static const double widths[] = { 50, 28, 24, 12, 12, 12, 60 };
	struct sheet s = add_sheet(b, N_("decisions"), head, widths);
	for (size_t i = 0; i < d->ndecisions; i++, s.row++) {
		const struct tv_decision *x = &d->decisions[i];
		int a = x->area;
		text(&s, 0, x->title, a, false);
		text(&s, 1, a >= 0 && a < TV_AREA_COUNT ? tv_area_name((enum tv_area)a, b->danish) : NULL,
			a, false);
		text(&s, 2, x->owner, a, false);
		day(&s, 3, x->due, a);
		text(&s, 4, tv_decision_status_name(x->status, b->danish), a, false);
		day(&s, 5, x->decided, a);
		text(&s, 6, x->text, a, true);
	}
}

enum tv_status
tv_xlsx_export(const char *path, const struct tv_board_data *d, bool danish,
	struct tv_diag *diag)
{
	struct tv_out_file f;
	enum tv_status st = tv_out_open(path, TV_OUT_STDOUT | TV_OUT_BINARY | TV_OUT_NAMED, &f,
		diag);
	if (st != TV_OK)
		return st;
	/* libxlsxwriter opens the file by name: it writes into our temporary file, which
	 * tv_out_commit then fsyncs and renames over the target (or copies to a device,
	 * FIFO or standard output). */
	struct book b = { workbook_new(f.tmp_name), NULL, { { NULL } }, danish };
	if (!b.wb) {
		tv_out_abort(&f);
		return tv_diag_set(diag, TV_IO, "%s: cannot create the workbook", path);
	}
	b.head = workbook_add_format(b.wb);
	format_set_bold(b.head);
	format_set_bottom(b.head, LXW_BORDER_THIN);
	static const char *const numfmt[K_NKINDS] = { NULL, "yyyy-mm-dd", "yyyy-mm-dd hh:mm" };
	for (int a = 0; a <= TV_AREA_COUNT; a++)
		for (int k = 0; k < K_NKINDS; k++) {
			lxw_format *x = workbook_add_format(b.wb);
			if (a < TV_AREA_COUNT) {
				format_set_pattern(x, LXW_PATTERN_SOLID);
				format_set_bg_color(x, tv_area_fill_rgb((enum tv_area)a));
			}
			if (numfmt[k])
				format_set_num_format(x, numfmt[k]);
			format_set_align(x, LXW_ALIGN_VERTICAL_TOP);
			b.fmt[a][k] = x;
		}
	/* libxlsxwriter prints numbers (dates are serial numbers) with the C library's
	 * printf, which under a Danish locale writes "46376,4" and makes a workbook that
	 * Excel and openpyxl reject: write it in the C locale's number format, the other
	 * categories (messages: the Danish sheet names) as they are. */
	locale_t here = duplocale(LC_GLOBAL_LOCALE);
	locale_t c_numeric = here ? newlocale(LC_NUMERIC_MASK, "C", here) : (locale_t)0;
	if (here && !c_numeric)
		freelocale(here);
	locale_t before = c_numeric ? uselocale(c_numeric) : (locale_t)0;
	timeline(&b, d);
	packages(&b, d);
	tasks(&b, d);
	phases(&b, d);
	meetings(&b, d);
	decisions(&b, d);
	lxw_error err = workbook_close(b.wb);
	if (c_numeric) {
		uselocale(before);
		freelocale(c_numeric);
	}
	if (err != LXW_NO_ERROR) {
		tv_out_abort(&f);
		return tv_diag_set(diag, TV_IO, "%s: cannot write the workbook: %s", path,
			lxw_strerror(err));
	}
	return tv_out_commit(&f, diag);
}
