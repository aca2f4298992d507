/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The import's first look at the raw text, before libical sees it: libical is lenient
 * and reports no line numbers, so this pre-pass checks line endings, UTF-8, content
 * line syntax, BEGIN/END nesting and the DTSTART/DTEND/DUE/RECURRENCE-ID values, and
 * reports the first problem as "line N: ...". It records the line of every property
 * and of each VEVENT's BEGIN, DTSTART, DTEND and DURATION, so that errors found after
 * libical parsed the file can still name a line. It also enforces the TV_ICAL_MAX_
 * limits of tavle/ical.h (file size, line length, properties, parameters and
 * components), so that libical never builds a tree that costs many times the file.
 * Also the import's one diagnostic formatter (ical_invalid_at). No libical calls.
 */
#include <ctype.h>
#include <libintl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tavle/i18n.h"
#include "tavle/text.h"
#include "ical_int.h"

void
ical_prepass_free(struct ical_prepass *pp)
{
	free(pp->events);
	free(pp->props);
}

int
ical_invalid_at(struct tv_diag *diag, int line, const char *fmt, ...)
{
	if (diag) {
		va_list ap;
		va_start(ap, fmt);
		/* Messages quote the file's bytes and end up on a terminal. */
		char *clean = tv_text_vformat_visible(400, 380, gettext(fmt), ap);
		va_end(ap);
		if (line > 0)
			tv_diag_set(diag, TV_INVALID, "line %d: %s", line, clean);
		else
			tv_diag_set(diag, TV_INVALID, "%s", clean);
		free(clean);
		diag->line = line;
	}
	return -1;
}

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool
digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int
num(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* A DATE ("YYYYMMDD") or DATE-TIME ("YYYYMMDDTHHMMSS" with optional Z). */
static bool
check_datetime(const char *v, size_t n, int want) /* want: 0 any, 1 date, 2 date-time */
{
	if (n != 8 && n != 15 && n != 16)
		return false;
	if (!digits(v, 8))
		return false;
	int y = num(v, 4), mo = num(v + 4, 2), d = num(v + 6, 2);
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (y < 1 || mo < 1 || mo > 12 || d < 1)
		return false;
	if (d > mdays[mo - 1] + (mo == 2 && leap(y)))
		return false;
	if (n == 8)
		return want != 2;
	if (want == 1)
		return false;
	if (v[8] != 'T' || !digits(v + 9, 6))
		return false;
	if (n == 16 && v[15] != 'Z')
		return false;
	return num(v + 9, 2) < 24 && num(v + 11, 2) < 60 && num(v + 13, 2) <= 60;
}

static bool
name_eq(const char *name, size_t n, const char *lit)
{
	return strlen(lit) == n && strncasecmp(name, lit, n) == 0;
}

struct stack_entry {
	char name[40];
	int line;
	unsigned nprops;        /* properties directly inside it so far */
};

/* The scan's state: the components open so far and the logical line being gathered
 * from its physical lines. */
struct scan {
	struct ical_prepass *pp;
	struct tv_diag *diag;
	struct stack_entry stack[16];
	int depth;
	bool seen_cal, closed_cal;
	unsigned ncomponents;   /* BEGIN lines so far */
	char *logical;          /* unfolded, not NUL-terminated; NULL when none is pending */
	size_t llen, lcap;
	int lstart;             /* the line it began on */
};

/* One content line taken apart: NAME[;PARAMS]:VALUE. */
struct content_line {
	const char *name, *value;
	size_t nlen, vlen;
	int want;               /* VALUE=DATE: 1, VALUE=DATE-TIME: 2, else 0 */
	int line;
};

/* The physical line at s[*pos] without its CRLF or LF, checked for a bare CR and
 * UTF-8; *pos moves past it. Returns 0 or -1 with diag set. */
static int
next_physical(const char *s, size_t n, size_t *pos, int lineno, const char **line,
	size_t *len, struct tv_diag *diag)
{
	const char *l = s + *pos;
	const char *nl = memchr(l, '\n', n - *pos);
	size_t ln = nl ? (size_t)(nl - l) : n - *pos;
	*pos += ln + (nl ? 1 : 0);
	if (ln > TV_ICAL_MAX_LINE + 1)
		return ical_invalid_at(diag, lineno, "line longer than %u KiB",
			TV_ICAL_MAX_LINE >> 10);
	if (ln > 0 && l[ln - 1] == '\r')
		ln--;
	*line = l;
	*len = ln;
	if (memchr(l, '\r', ln))
		return ical_invalid_at(diag, lineno, "bare CR inside a line (lines must end in CRLF or LF)");
	if (!tv_text_valid_utf8(l, ln))
		return ical_invalid_at(diag, lineno, "not valid UTF-8");
	return 0;
}

static void
start_logical(struct scan *sc, const char *line, size_t len, int lineno)
{
	sc->lstart = lineno;
	sc->lcap = len + 64;
	sc->logical = tv_xmalloc(sc->lcap);
	memcpy(sc->logical, line, len);
	sc->llen = len;
}

/* Append a continuation line, its leading space or tab dropped, to the pending line. */
static int
continue_logical(struct scan *sc, const char *line, size_t len, int lineno)
{
	if (!sc->logical)
		return ical_invalid_at(sc->diag, lineno, "continuation line with nothing to continue");
	if (sc->llen + len - 1 > TV_ICAL_MAX_LINE)
		return ical_invalid_at(sc->diag, sc->lstart, "line longer than %u KiB",
			TV_ICAL_MAX_LINE >> 10);
	if (sc->llen + len > sc->lcap) {
		sc->lcap = (sc->llen + len) * 2 + 64;
		sc->logical = tv_xrealloc(sc->logical, sc->lcap);
	}
	memcpy(sc->logical + sc->llen, line + 1, len - 1);
	sc->llen += len - 1;
	return 0;
}

/* The VALUE= parameters in `params` (";A=B;VALUE=DATE"): 1 for DATE, 2 for DATE-TIME,
 * the last such one counting; 0 if none. The ':' after the parameters is readable. */
static int
value_type(const char *params, size_t plen)
{
	int want = 0;
	for (size_t k = 0; k + 6 <= plen; k++) {
		if (params[k] == ';' && strncasecmp(params + k + 1, "VALUE=", 6) == 0) {
			const char *v = params + k + 7;
			size_t vl = 0;
			while (k + 7 + vl < plen && v[vl] != ';' && v[vl] != ':')
				vl++;
			if (name_eq(v, vl, "DATE"))
				want = 1;
			else if (name_eq(v, vl, "DATE-TIME"))
				want = 2;
		}
	}
	return want;
}

/* Take the logical line l[0..ln) apart. Returns 0 or -1 with diag set. */
static int
split_content_line(const char *l, size_t ln, int line, struct content_line *cl,
	struct tv_diag *diag)
{
	size_t i = 0;
	while (i < ln && (isalnum((unsigned char)l[i]) || l[i] == '-'))
		i++;
	if (i == 0 || i == ln || (l[i] != ':' && l[i] != ';')) {
		bool colon = memchr(l, ':', ln) != NULL;
		return ical_invalid_at(diag, line, colon ? "not a content line (bad property name)" :
			"not a content line (no ':')");
	}
	cl->name = l;
	cl->nlen = i;
	cl->line = line;
	/* Parameters up to the first ':' outside quotes. */
	bool quoted = false;
	size_t pstart = i;
	unsigned nparams = 0;
	while (i < ln && (quoted || l[i] != ':')) {
		if (l[i] == '"')
			quoted = !quoted;
		else if (l[i] == ';' && !quoted)
			nparams++;
		i++;
	}
	if (i == ln)
		return ical_invalid_at(diag, line, "not a content line (no ':')");
	/* libical's parameter parsing is quadratic in their number. */
	if (nparams > TV_ICAL_MAX_PARAMS)
		return ical_invalid_at(diag, line, "more than %u parameters on one property",
			TV_ICAL_MAX_PARAMS);
	cl->want = value_type(l + pstart, i - pstart);
	cl->value = l + i + 1;
	cl->vlen = ln - i - 1;
	return 0;
}

/* A VEVENT directly inside the VCALENDAR begins on `line`. */
static void
add_event(struct ical_prepass *pp, int line)
{
	if (pp->nevents == pp->capevents) {
		pp->capevents = pp->capevents ? pp->capevents * 2 : 16;
		pp->events = tv_xrealloc(pp->events, pp->capevents * sizeof *pp->events);
	}
	pp->events[pp->nevents++] = (struct ical_ev_lines){ .begin = line };
}

static int
on_begin(struct scan *sc, const struct content_line *cl)
{
	const char *value = cl->value;
	size_t vlen = cl->vlen;
	if (vlen == 0 || vlen >= sizeof sc->stack[0].name)
		return ical_invalid_at(sc->diag, cl->line, "BEGIN without a valid component name");
	if (sc->depth == 0) {
		if (!name_eq(value, vlen, "VCALENDAR"))
			return ical_invalid_at(sc->diag, cl->line, "BEGIN:%.*s outside VCALENDAR",
				(int)vlen, value);
		/* RFC 5545 allows several VCALENDARs in one file: libical reads them into
		 * an XROOT and the import reads each. */
		sc->seen_cal = true;
	}
	if (sc->depth == (int)(sizeof sc->stack / sizeof sc->stack[0]))
		return ical_invalid_at(sc->diag, cl->line, "components nested too deeply");
	if (++sc->ncomponents > TV_ICAL_MAX_COMPONENTS)
		return ical_invalid_at(sc->diag, cl->line, "more than %u components (BEGIN lines)",
			TV_ICAL_MAX_COMPONENTS);
	if (sc->depth == 1 && name_eq(value, vlen, "VEVENT"))
		add_event(sc->pp, cl->line);
	struct stack_entry *e = &sc->stack[sc->depth++];
	memcpy(e->name, value, vlen);
	e->name[vlen] = '\0';
	e->line = cl->line;
	e->nprops = 0;
	return 0;
}

static int
on_end(struct scan *sc, const struct content_line *cl)
{
	if (sc->depth == 0)
		return ical_invalid_at(sc->diag, cl->line, "END:%.*s without BEGIN",
			(int)cl->vlen, cl->value);
	const struct stack_entry *top = &sc->stack[sc->depth - 1];
	if (!name_eq(cl->value, cl->vlen, top->name))
		return ical_invalid_at(sc->diag, cl->line, "END:%.*s does not match BEGIN:%s (line %d)",
			(int)cl->vlen, cl->value, top->name, top->line);
	if (sc->depth == 2 && sc->pp->nevents > 0 &&
	    name_eq(top->name, strlen(top->name), "VEVENT"))
		sc->pp->events[sc->pp->nevents - 1].end = cl->line;
	if (--sc->depth == 0)
		sc->closed_cal = true;
	return 0;
}

/* Remember a property's name (upper case, cut to fit) and line for ical_error_line. */
static void
add_prop(struct ical_prepass *pp, const struct content_line *cl)
{
	if (pp->nprops == pp->capprops) {
		pp->capprops = pp->capprops ? pp->capprops * 2 : 64;
		pp->props = tv_xrealloc(pp->props, pp->capprops * sizeof *pp->props);
	}
	struct ical_prop_line *pl = &pp->props[pp->nprops++];
	size_t cp = cl->nlen < sizeof pl->name ? cl->nlen : sizeof pl->name - 1;
	for (size_t k = 0; k < cp; k++)
		pl->name[k] = (char)toupper((unsigned char)cl->name[k]);
	pl->name[cp] = '\0';
	pl->line = cl->line;
}

/* Any other property: inside the calendar, date values checked, and the lines of a
 * VEVENT's DTSTART, DTEND and DURATION kept. */
static int
on_property(struct scan *sc, const struct content_line *cl)
{
	if (sc->depth == 0)
		return ical_invalid_at(sc->diag, cl->line, sc->closed_cal ?
			"content after END:VCALENDAR" : "property outside VCALENDAR");
	struct ical_prepass *pp = sc->pp;
	struct stack_entry *top = &sc->stack[sc->depth - 1];
	if (++top->nprops > TV_ICAL_MAX_COMPONENT_PROPS)
		return ical_invalid_at(sc->diag, cl->line,
			"more than %u properties in one component (%s at line %d)",
			TV_ICAL_MAX_COMPONENT_PROPS, top->name, top->line);
	if (pp->nprops >= TV_ICAL_MAX_PROPS)
		return ical_invalid_at(sc->diag, cl->line, "more than %u properties in the file",
			TV_ICAL_MAX_PROPS);
	add_prop(pp, cl);
	const char *name = cl->name;
	size_t nlen = cl->nlen;
	bool is_start = name_eq(name, nlen, "DTSTART");
	bool is_end = name_eq(name, nlen, "DTEND");
	bool is_due = name_eq(name, nlen, "DUE") || name_eq(name, nlen, "RECURRENCE-ID");
	bool in_event = sc->depth >= 2 && pp->nevents > 0 &&
		name_eq(sc->stack[1].name, strlen(sc->stack[1].name), "VEVENT");
	if ((is_start || is_end || is_due) && !check_datetime(cl->value, cl->vlen, cl->want)) {
		const char *fmt = N_("%.*s has an invalid date or time value \"%.*s\"");
		int vl = (int)(cl->vlen > 40 ? 40 : cl->vlen);
		if (in_event) {
			/* One bad event is skipped, not the file (issue 17). */
			struct ical_ev_lines *ev = &pp->events[pp->nevents - 1];
			if (!ev->bad_line) {
				ev->bad_line = cl->line;
				snprintf(ev->bad, sizeof ev->bad, gettext(fmt), (int)nlen, name, vl,
					cl->value);
			}
		} else if (sc->depth >= 2 &&
			   name_eq(sc->stack[1].name, strlen(sc->stack[1].name), "VTIMEZONE")) {
			return ical_invalid_at(sc->diag, cl->line, fmt, (int)nlen, name, vl, cl->value);
		}
	}
	if (sc->depth == 2 && in_event) {
		struct ical_ev_lines *ev = &pp->events[pp->nevents - 1];
		if (is_start && !ev->dtstart)
			ev->dtstart = cl->line;
		else if (is_end && !ev->dtend)
			ev->dtend = cl->line;
		else if (name_eq(name, nlen, "DURATION") && !ev->duration)
			ev->duration = cl->line;
	}
	return 0;
}

/* The pending logical line is complete: check it and follow BEGIN and END. */
static int
finish_logical(struct scan *sc)
{
	struct content_line cl = { 0 };
	int rc = split_content_line(sc->logical, sc->llen, sc->lstart, &cl, sc->diag);
	if (rc == 0) {
		if (name_eq(cl.name, cl.nlen, "BEGIN"))
			rc = on_begin(sc, &cl);
		else if (name_eq(cl.name, cl.nlen, "END"))
			rc = on_end(sc, &cl);
		else
			rc = on_property(sc, &cl);
	}
	free(sc->logical);
	sc->logical = NULL;
	sc->llen = sc->lcap = 0;
	return rc;
}

/* Physical lines are read and checked one by one; a line starting with a space or a
 * tab continues the pending logical line, any other completes it and starts the next.
 * The first problem ends the scan. */
int
ical_prepass_scan(const char *s, size_t n, struct ical_prepass *pp, struct tv_diag *diag)
{
	if (n > TV_ICAL_MAX_BYTES)
		return ical_invalid_at(diag, 0, "the calendar is larger than %u MiB",
			TV_ICAL_MAX_BYTES >> 20);
	struct scan sc = { .pp = pp, .diag = diag };
	size_t pos = 0;
	int lineno = 0, last_line = 0, rc = 0;
	for (;;) {
		const char *line = NULL;
		size_t len = 0;
		bool eof = pos >= n;
		if (!eof) {
			lineno++;
			if ((rc = next_physical(s, n, &pos, lineno, &line, &len, diag)) != 0)
				break;
			last_line = lineno;
			if (len > 0 && (line[0] == ' ' || line[0] == '\t')) {
				if ((rc = continue_logical(&sc, line, len, lineno)) != 0)
					break;
				continue;
			}
		}
		if (sc.logical && (rc = finish_logical(&sc)) != 0)
			break;
		if (eof)
			break;
		if (len > 0) /* blank lines are tolerated */
			start_logical(&sc, line, len, lineno);
	}
	free(sc.logical);
	if (rc != 0)
		return rc;
	if (!sc.seen_cal)
		return ical_invalid_at(diag, last_line > 0 ? last_line : 1, "no BEGIN:VCALENDAR found");
	if (sc.depth > 0)
		return ical_invalid_at(diag, last_line, "missing END:%s at end of file (BEGIN at line %d)",
			sc.stack[sc.depth - 1].name, sc.stack[sc.depth - 1].line);
	return 0;
}

/* The line of the first property whose name appears in an X-LIC-ERROR text. */
int
ical_error_line(const struct ical_prepass *pp, const char *err)
{
	return ical_error_line_in(pp, err, 0, 0x7fffffff);
}

int
ical_error_line_in(const struct ical_prepass *pp, const char *err, int from, int to)
{
	for (size_t i = 0; i < pp->nprops; i++) {
		if (pp->props[i].line < from || pp->props[i].line > to)
			continue;
		const char *hit = strstr(err, pp->props[i].name);
		if (hit && strlen(pp->props[i].name) >= 3) {
			char after = hit[strlen(pp->props[i].name)];
			if (!isalnum((unsigned char)after) && after != '-')
				return pp->props[i].line;
		}
	}
	return 0;
}
