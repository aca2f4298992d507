/* SPDX-License-Identifier: MPL-2.0 */
/*
 * CSV export of one board (RFC 4180, and the Excel dialect for a Danish locale). One
 * table with a `kind` column rather than one section per kind: every spreadsheet and
 * csv reader parses it without special cases, and filtering on `kind` gives the
 * sections back. Owns only the formatting; the snapshot comes from the caller. The
 * Excel dialect in Danish is for people opening a spreadsheet: its header, record
 * kinds and values (status, responsible party, meeting kind) are Danish display
 * names; plain CSV keeps the stable English keys scripts read, in every language.
 * Must not depend on curses, SQLite or libical.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tavle/csv.h"
#include "tavle/date.h"
#include "tavle/fields.h"
#include "tavle/i18n.h"
#include "tavle/text.h"

const char *const tv_csv_columns[] = {
	"kind", "package", "area", "area_name", "title", "status", "owner", "phase", "start",
	"end", "deadline", "responsible", "type", "place", "region", "url", NULL,
};

/* The header for people (--excel in Danish), column by column: English message ids,
 * translated where written. */
static const char *const people_columns[] = {
	N_("Record"), N_("Package"), N_("Area"), N_("Area name"), N_("Title"), N_("Status"),
	N_("Owner"), N_("Phase"), N_("Start"), N_("End"), N_("Deadline"),
	N_("Responsible party"), N_("Type"), N_("Place"), N_("Region"), N_("Link"), NULL,
};

enum col {
	C_KIND, C_PACKAGE, C_AREA, C_AREA_NAME, C_TITLE, C_STATUS, C_OWNER, C_PHASE, C_START,
	C_END, C_DEADLINE, C_RESPONSIBLE, C_TYPE, C_PLACE, C_REGION, C_URL, C_COUNT
};

unsigned
tv_area_fill_rgb(enum tv_area a)
{
	/* Light tints of the areas' colours (gold, green, blue, orange): black text stays
	 * readable on them, printed or on screen. */
	static const unsigned fills[TV_AREA_COUNT] = { 0xFFE699, 0xC6EFCE, 0xBDD7EE, 0xF8CBAD };
	return (unsigned)a < TV_AREA_COUNT ? fills[a] : 0xFFFFFF;
}

void
tv_csv_field(FILE *out, const char *text, unsigned flags)
{
	char sep = (flags & TV_CSV_EXCEL) ? ';' : ',';
	char *s = tv_text_sanitize(text ? text : "", text ? strlen(text) : 0, 0);
	/* Excel runs a cell starting with one of these as a formula ("CSV injection"): an
	 * apostrophe makes it text. Plain CSV stays byte-exact for programs. */
	bool guard = (flags & TV_CSV_EXCEL) && strchr("=+-@", s[0]) && s[0];
	bool quote = guard || strchr(s, sep) || strchr(s, '"') || strchr(s, '\r') ||
		strchr(s, '\n');
	if (quote)
		fputc('"', out);
	if (guard)
		fputc('\'', out);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			fputc('"', out);
		fputc(*p, out);
	}
	if (quote)
		fputc('"', out);
	free(s);
}

static void
put_row(FILE *out, const char *const *cells, unsigned flags)
{
	char sep = (flags & TV_CSV_EXCEL) ? ';' : ',';
	for (int i = 0; i < C_COUNT; i++) {
		if (i)
			fputc(sep, out);
		tv_csv_field(out, cells[i], flags);
	}
	fputs("\r\n", out);
}

/* Empty every cell of a row of the given kind ("package", "task", ...). */
static void
start_row(const char *cells[C_COUNT], const char *kind)
{
	for (int i = 0; i < C_COUNT; i++)
		cells[i] = NULL;
	cells[C_KIND] = kind;
}

static void
format_when(struct tv_when w, char buf[TV_WHEN_BUF])
{
	if (w.day == TV_NO_DAY)
		buf[0] = '\0';
	else
		tv_when_format(w, buf);
}

enum tv_status
tv_csv_export(FILE *out, const struct tv_board_data *d, unsigned flags, struct tv_diag *diag)
{
	bool danish = flags & TV_CSV_DANISH;
	/* For people: Excel in Danish. */
	bool people = danish && (flags & TV_CSV_EXCEL);
	const char *k_package = people ? tv_kind_word(TV_KIND_PACKAGE) : "package";
	const char *k_task = people ? tv_kind_word(TV_KIND_TASK) : "task";
	const char *k_phase = people ? tv_kind_word(TV_KIND_PHASE) : "phase";
	const char *k_meeting = people ? tv_kind_word(TV_KIND_MEETING) : "meeting";
	const char *t_done = people ? tv_pstatus_name(TV_DONE, true) : "done";
	const char *t_todo = people ? tv_pstatus_name(TV_TODO, true) : "todo";
	const char *minimum = people ? _("Minimum requirement") : "minimum";
	const char *cells[C_COUNT];
	if (flags & TV_CSV_EXCEL)
		fputs("\xEF\xBB\xBF", out);
	for (int i = 0; i < C_COUNT; i++)
		cells[i] = people ? _(people_columns[i]) : tv_csv_columns[i];
	put_row(out, cells, flags);

	for (size_t i = 0; i < d->npackages; i++) {
		const struct tv_package *p = &d->packages[i];
		const struct tv_phase *ph = tv_board_data_phase(d, p->phase_id);
		char num[16], dl[TV_WHEN_BUF];
		snprintf(num, sizeof num, "%d", p->number);
		format_when(p->deadline, dl);
		start_row(cells, k_package);
		cells[C_PACKAGE] = num;
		cells[C_AREA] = tv_area_key(p->area);
		cells[C_AREA_NAME] = tv_area_name(p->area, danish);
		cells[C_TITLE] = p->title;
		cells[C_STATUS] = people ? tv_pstatus_name(p->status, true) :
			tv_pstatus_key(p->status);
		cells[C_OWNER] = p->owner;
		cells[C_PHASE] = ph ? ph->name : NULL;
		cells[C_DEADLINE] = dl;
		put_row(out, cells, flags);
		for (size_t k = 0; k < p->ntasks; k++) {
			const struct tv_task *t = &p->tasks[k];
			char tdl[TV_WHEN_BUF];
			format_when(t->deadline, tdl);
			start_row(cells, k_task);
			cells[C_PACKAGE] = num;
			cells[C_AREA] = tv_area_key(p->area);
			cells[C_AREA_NAME] = tv_area_name(p->area, danish);
			cells[C_TITLE] = t->title;
			cells[C_STATUS] = t->done ? t_done : t_todo;
			cells[C_OWNER] = t->owner;   /* empty, as before schema 8, when none */
			cells[C_DEADLINE] = tdl;
			cells[C_RESPONSIBLE] = people ? tv_responsible_name(t->responsible, true) :
				tv_responsible_key(t->responsible);
			cells[C_TYPE] = t->minimum ? minimum : NULL;
			put_row(out, cells, flags);
		}
	}
	for (size_t i = 0; i < d->nphases; i++) {
		const struct tv_phase *ph = &d->phases[i];
		char s[TV_DATE_BUF], e[TV_DATE_BUF];
		tv_date_format(ph->start, s);
		tv_date_format(ph->end, e);
		start_row(cells, k_phase);
		cells[C_TITLE] = ph->name;
		cells[C_START] = s;
		cells[C_END] = e;
		put_row(out, cells, flags);
	}
	for (size_t i = 0; i < d->nmeetings; i++) {
		const struct tv_meeting *m = &d->meetings[i];
		char s[TV_WHEN_BUF], e[TV_WHEN_BUF];
		format_when(m->start, s);
		format_when(m->end, e);
		start_row(cells, k_meeting);
		/* Excel in a Danish locale reads "4,6" as the number 4.6; "4, 6" stays text. */
		char *pk = NULL;
		if ((flags & TV_CSV_EXCEL) && m->packages) {
			pk = tv_xmalloc(2 * strlen(m->packages) + 1);
			char *q = pk;
			for (const char *p = m->packages; *p; p++) {
				*q++ = *p;
				if (*p == ',' && p[1] != ' ')
					*q++ = ' ';
			}
			*q = '\0';
		}
		cells[C_PACKAGE] = pk ? pk : m->packages;
		cells[C_TITLE] = m->title;
		cells[C_START] = s;
		cells[C_END] = e;
		cells[C_TYPE] = people ? tv_meeting_kind_name(m->kind, true) :
			tv_meeting_kind_key(m->kind);
		cells[C_PLACE] = m->place;
		cells[C_REGION] = m->region;
		/* A javascript: link stored before links were checked is not passed on. */
		cells[C_URL] = tv_field_link_exportable(m->url) ? m->url : NULL;
		put_row(out, cells, flags);
		free(pk);
	}
	/* Flush here so the failing write's errno is the one reported ("No space left on
	 * device", "File too large"): a buffered write that failed earlier fails again. */
	errno = 0;
	if (fflush(out) != 0 || ferror(out))
		return tv_diag_set(diag, TV_IO, "cannot write the CSV: %s",
			strerror(errno ? errno : EIO));
	return TV_OK;
}
