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
 * It tolerates what real calendar programs write (issue 17; ical_int.h lists what)
 * by recording edits of the text libical reads (ical_prepass_text) and a note for
 * each. Also the import's one diagnostic formatter (ical_invalid_at). Its only libical
 * calls ask whether a property name is known and whether its value is text.
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
	for (size_t i = 0; i < pp->nedits; i++)
		free(pp->edits[i].rep);
	free(pp->edits);
	tv_strv_free(pp->notes, pp->nnotes);
}

/* A note (format translated here) of what was repaired or ignored. */
static void
add_note(struct ical_prepass *pp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
add_note(struct ical_prepass *pp, const char *fmt, ...)
{
	if (pp->nnotes >= ICAL_MAX_NOTES) {
		pp->more_notes++;
		return;
	}
	if (pp->nnotes == pp->capnotes) {
		pp->capnotes = pp->capnotes ? pp->capnotes * 2 : 4;
		pp->notes = tv_xrealloc(pp->notes, pp->capnotes * sizeof *pp->notes);
	}
	va_list ap;
	va_start(ap, fmt);
	pp->notes[pp->nnotes++] = tv_text_vformat_visible(400, 380, gettext(fmt), ap);
	va_end(ap);
}

/* Replace bytes off..off+len of the raw text by `rep` (taken) for libical. */
static void
add_edit(struct ical_prepass *pp, size_t off, size_t len, char *rep)
{
	if (pp->nedits == pp->capedits) {
		pp->capedits = pp->capedits ? pp->capedits * 2 : 8;
		pp->edits = tv_xrealloc(pp->edits, pp->capedits * sizeof *pp->edits);
	}
	pp->edits[pp->nedits++] = (struct ical_edit){ off, len, rep };
}

static int
edit_cmp(const void *a, const void *b)
{
	const struct ical_edit *x = a, *y = b;
	return x->off < y->off ? -1 : x->off > y->off;
}

char *
ical_prepass_text(const char *s, size_t n, const struct ical_prepass *pp)
{
	if (pp->nedits == 0)
		return tv_xstrndup(s, n);
	/* Recorded as each line was decided, which is not always file order. */
	struct ical_edit *e = tv_xmalloc(pp->nedits * sizeof *e);
	memcpy(e, pp->edits, pp->nedits * sizeof *e);
	qsort(e, pp->nedits, sizeof *e, edit_cmp);
	struct tv_buf b = TV_BUF_INIT;
	tv_buf_reserve(&b, n + 64);
	size_t at = 0;
	for (size_t i = 0; i < pp->nedits; i++) {
		if (e[i].off < at)  /* overlapping: cannot happen, never applied twice */
			continue;
		tv_buf_add(&b, s + at, e[i].off - at);
		tv_buf_adds(&b, e[i].rep);
		at = e[i].off + e[i].len;
	}
	if (at < n)
		tv_buf_add(&b, s + at, n - at);
	free(e);
	return tv_buf_detach(&b, NULL);
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

/* A logical line gathered from its physical lines, or a complete one held until the
 * next shows whether it continues its value. */
struct logical {
	char *p;                /* unfolded, not NUL-terminated; NULL when none */
	size_t len, cap;
	int line, last;         /* its first and last physical lines */
	size_t off, end;        /* its bytes: its first line's start to past its last's newline */
	size_t gap_off;         /* the first of the blank lines just before it (off if none) */
	unsigned blanks;        /* how many */
	int base_last;          /* its last line before others were read into its value */
	unsigned merged;        /* lines that are not content lines read into its value */
	bool prop;              /* (held) a property inside a component */
	bool empty;             /* (held) its value is empty */
	char *requoted;         /* the line with a parameter's quote put back, CRLF-ended */
	size_t requote_end;     /* where the line it replaces ends */
};

/* The scan's state: the components open so far, the logical line being gathered and
 * the one held. */
struct scan {
	struct ical_prepass *pp;
	struct tv_diag *diag;
	struct stack_entry stack[16];
	int depth;
	bool seen_cal, closed_cal;
	unsigned ncomponents;   /* BEGIN lines so far */
	struct logical cur, held;
	size_t gap_off;         /* blank lines since the last line with text: the first's */
	unsigned blanks;        /* offset, how many */
	int trail_first, trail_last;    /* text after END:VCALENDAR being ignored */
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
start_logical(struct scan *sc, const char *line, size_t len, int lineno, size_t off, size_t end)
{
	struct logical *c = &sc->cur;
	*c = (struct logical){ .line = lineno, .last = lineno, .off = off, .end = end,
		.gap_off = sc->blanks ? sc->gap_off : off, .blanks = sc->blanks };
	sc->blanks = 0;
	c->cap = len + 64;
	c->p = tv_xmalloc(c->cap);
	memcpy(c->p, line, len);
	c->len = len;
}

static void
logical_add(struct logical *c, const char *s, size_t n)
{
	if (c->len + n > c->cap) {
		c->cap = (c->len + n) * 2 + 64;
		c->p = tv_xrealloc(c->p, c->cap);
	}
	memcpy(c->p + c->len, s, n);
	c->len += n;
}

static void
logical_free(struct logical *c)
{
	free(c->p);
	free(c->requoted);
	memset(c, 0, sizeof *c);
}

/* Append a continuation line, its leading space or tab dropped, to the pending line. */
static int
continue_logical(struct scan *sc, const char *line, size_t len, int lineno, size_t end)
{
	struct logical *c = &sc->cur;
	if (!c->p)
		return ical_invalid_at(sc->diag, lineno, "continuation line with nothing to continue");
	if (c->len + len - 1 > TV_ICAL_MAX_LINE)
		return ical_invalid_at(sc->diag, c->line, "line longer than %u KiB",
			TV_ICAL_MAX_LINE >> 10);
	logical_add(c, line + 1, len - 1);
	c->last = lineno;
	c->end = end;
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
		return ical_invalid_at(sc->diag, cl->line, "property outside VCALENDAR");
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

/* Is the property name known (RFC 5545 and others libical knows, or an X- name)? A
 * line with another name right after lines that were not content lines is taken as
 * more of the same text ("Passcode: 1234"). */
static bool
known_name(const char *name, size_t n)
{
	if (n >= 2 && strncasecmp(name, "X-", 2) == 0)
		return true;
	char buf[40];
	if (n >= sizeof buf)
		return false;
	memcpy(buf, name, n);
	buf[n] = '\0';
	icalproperty_kind k = icalproperty_string_to_kind(buf);
	return k != ICAL_NO_PROPERTY && k != ICAL_X_PROPERTY;
}

/* Is the property's value text: DESCRIPTION, SUMMARY, LOCATION..., an X- or unknown
 * name? Only text can hold a raw newline; a DTEND followed by a line without ':' is
 * broken, not continued. */
static bool
text_valued(const char *name, size_t n)
{
	char buf[40];
	if (n >= sizeof buf)
		return true;
	memcpy(buf, name, n);
	buf[n] = '\0';
	icalproperty_kind k = icalproperty_string_to_kind(buf);
	return k == ICAL_NO_PROPERTY || k == ICAL_X_PROPERTY ||
		icalproperty_kind_to_value_kind(k) == ICAL_TEXT_VALUE;
}

static bool
is_begin_end(const struct content_line *cl)
{
	return name_eq(cl->name, cl->nlen, "BEGIN") || name_eq(cl->name, cl->nlen, "END");
}

/* Exchange writes DTSTART;TZID="W. Europe Standard Time:20200609T090000": no ':'
 * outside quotes, the line ends in the quote, a ':' inside it. Put the quote before
 * that ':' (c->requoted, the edit made when the line is finished). */
static void
requote(struct logical *c)
{
	const char *l = c->p;
	size_t n = c->len;
	if (n < 4 || l[n - 1] != '"' || !memchr(l, ';', n))
		return;
	size_t colon = n, quotes = 0, q_before = 0;
	for (size_t i = 0; i < n; i++) {
		if (l[i] == '"')
			quotes++;
		else if (l[i] == ':') {
			colon = i;
			q_before = quotes;
		}
	}
	/* The quotes balance, the last ':' is inside the last quoted text, which holds no
	 * other quote after it. */
	if (colon == n || quotes % 2 != 0 || q_before != quotes - 1 || colon == 0 ||
	    l[colon - 1] == '"')
		return;
	struct tv_buf b = TV_BUF_INIT;
	tv_buf_add(&b, l, colon);
	tv_buf_adds(&b, "\":");
	tv_buf_add(&b, l + colon + 1, n - colon - 2);
	c->len = b.len;
	free(c->p);
	c->p = tv_buf_detach(&b, NULL);
	c->cap = c->len;
	c->requoted = tv_xasprintf("%.*s\r\n", (int)c->len, c->p);
	c->requote_end = c->end;
}

/* Has `p` (`n` bytes) no ':' outside double quotes? Only such a line can be a property
 * without value. */
static bool
no_colon(const char *p, size_t n)
{
	bool quoted = false;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '"')
			quoted = !quoted;
		else if (p[i] == ':' && !quoted)
			return false;
	}
	return true;
}

/* Does `p` (`n` bytes) have more parameters before its ':' than TV_ICAL_MAX_PARAMS? A
 * limit broken is an error of its own (libical's parameter parsing is quadratic),
 * never text continuing the value before it. */
static bool
over_params(const char *p, size_t n)
{
	bool quoted = false;
	unsigned k = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '"')
			quoted = !quoted;
		else if (!quoted && p[i] == ':')
			break;
		else if (!quoted && p[i] == ';')
			k++;
	}
	return k > TV_ICAL_MAX_PARAMS;
}

/* Does the completed line `c` continue the held property's value? Only inside a
 * component: a line that is not a content line, or one with an unknown property name
 * after such a line. */
static bool
continues(const struct scan *sc, const struct logical *c)
{
	const struct logical *h = &sc->held;
	if (!h->p || !h->prop || sc->depth < 1)
		return false;
	struct content_line cl, hl;
	bool content = split_content_line(c->p, c->len, c->line, &cl, NULL) == 0;
	if (content && (h->merged == 0 || is_begin_end(&cl) || known_name(cl.name, cl.nlen)))
		return false;
	if (!content && over_params(c->p, c->len))
		return false;
	/* Asked only here: a libical look-up for every property would cost the large files. */
	return split_content_line(h->p, h->len, h->line, &hl, NULL) == 0 &&
		text_valued(hl.name, hl.nlen);
}

/* Read line `c` into the held property's value after a newline (one more for each
 * blank line before it; none for the first line of an empty value), and fold it onto
 * that property in the text libical reads. */
static int
merge(struct scan *sc, struct logical *c)
{
	struct logical *h = &sc->held;
	unsigned k = c->blanks + (h->empty && h->merged == 0 ? 0 : 1);
	if (h->len + 2 * (size_t)k + c->len > TV_ICAL_MAX_LINE)
		return ical_invalid_at(sc->diag, h->line, "line longer than %u KiB",
			TV_ICAL_MAX_LINE >> 10);
	struct tv_buf rep = TV_BUF_INIT;
	tv_buf_addc(&rep, ' ');
	for (unsigned i = 0; i < k; i++) {
		logical_add(h, "\\n", 2);
		tv_buf_adds(&rep, "\\n");
	}
	logical_add(h, c->p, c->len);
	add_edit(sc->pp, c->gap_off, c->off - c->gap_off, tv_buf_detach(&rep, NULL));
	if (h->merged == 0)
		h->base_last = h->last;
	h->merged++;
	h->last = c->last;
	h->end = c->end;
	logical_free(c);
	return 0;
}

static void
flush_trail(struct scan *sc)
{
	if (!sc->trail_first)
		return;
	if (sc->trail_first == sc->trail_last)
		add_note(sc->pp, N_("line %d: text after END:VCALENDAR ignored"), sc->trail_first);
	else
		add_note(sc->pp, N_("lines %d to %d: text after END:VCALENDAR ignored"),
			sc->trail_first, sc->trail_last);
	sc->trail_first = sc->trail_last = 0;
}

static bool
all_digits_z(const char *v, size_t n, bool *z)
{
	if (n == 9 && v[8] == 'Z') {
		*z = true;
		n = 8;
	}
	return n == 8 && digits(v, 8);
}

/* Values libical 3.0 cannot read, rewritten as RFC 5545 writes them, for a line that
 * is one physical line: RDATE/EXDATE dates with a 'Z' (Google's birthdays write
 * "RDATE:20131210Z") as VALUE=DATE, and DURATION "PT1W"/"PT2D" (Synology) as
 * "P1W"/"P2D". */
static void
fix_value(struct scan *sc, struct logical *h, const struct content_line *cl)
{
	if (h->merged || h->requoted || h->end - h->off > h->len + 2)
		return;
	struct tv_buf b = TV_BUF_INIT;
	const char *v = cl->value;
	size_t vl = cl->vlen, params = (size_t)(v - 1 - cl->name);
	if (name_eq(cl->name, cl->nlen, "RDATE") || name_eq(cl->name, cl->nlen, "EXDATE")) {
		if (cl->want == 2)
			return;
		bool anyz = false;
		for (size_t i = 0; i <= vl;) {
			size_t j = i;
			while (j < vl && v[j] != ',')
				j++;
			bool z = false;
			if (!all_digits_z(v + i, j - i, &z))
				return;
			anyz |= z;
			i = j + 1;
		}
		if (!anyz)
			return;
		tv_buf_add(&b, cl->name, params);
		if (cl->want != 1)
			tv_buf_adds(&b, ";VALUE=DATE");
		tv_buf_addc(&b, ':');
		for (size_t i = 0; i < vl; i++)
			if (v[i] != 'Z')
				tv_buf_addc(&b, v[i]);
	} else if (name_eq(cl->name, cl->nlen, "DURATION")) {
		size_t i = (vl > 0 && (v[0] == '+' || v[0] == '-')) ? 1 : 0;
		if (vl < i + 4 || v[i] != 'P' || v[i + 1] != 'T' || !digits(v + i + 2, vl - i - 3) ||
		    (v[vl - 1] != 'W' && v[vl - 1] != 'D'))
			return;
		tv_buf_add(&b, cl->name, params + 1);
		tv_buf_add(&b, v, i + 1);
		tv_buf_add(&b, v + i + 2, vl - i - 2);
	} else {
		return;
	}
	char *fixed = tv_buf_detach(&b, NULL);
	const char *nv = strrchr(fixed, ':') + 1;
	add_note(sc->pp, N_("line %d: %.*s \"%.*s\" read as \"%s\""), h->line, (int)cl->nlen,
		cl->name, (int)vl, v, nv);
	char *rep = tv_xasprintf("%s\r\n", fixed);
	free(fixed);
	add_edit(sc->pp, h->off, h->end - h->off, rep);
}

/* A parameter without '=' and value ("ATTENDEE;RSVP;CN=Anna:mailto:a@x"): libical
 * then reads the rest of the parameters as the value. Such parameters are dropped
 * from the line, with a note; true if the line was rewritten. */
static bool
drop_bare_params(struct scan *sc, struct logical *h, const struct content_line *cl)
{
	const char *l = h->p, *colon = cl->value - 1;
	size_t i = cl->nlen;
	bool bare = false;
	/* First pass: is there one? Parameters run from each ';' to the next outside quotes. */
	for (int pass = 0; pass < 2; pass++) {
		struct tv_buf b = TV_BUF_INIT;
		if (pass == 1)
			tv_buf_add(&b, l, cl->nlen);
		for (i = cl->nlen; l + i < colon;) {
			size_t j = i + 1;
			bool quoted = false, eq = false;
			while (l + j < colon && (quoted || l[j] != ';')) {
				if (l[j] == '"')
					quoted = !quoted;
				else if (l[j] == '=' && !quoted)
					eq = true;
				j++;
			}
			if (!eq) {
				bare = true;
				if (pass == 1)
					add_note(sc->pp, N_("line %d: %.*s: parameter \"%.*s\" without a value "
						"ignored"), h->line, (int)cl->nlen, cl->name,
						(int)(j - i - 1), l + i + 1);
			} else if (pass == 1) {
				tv_buf_add(&b, l + i, j - i);
			}
			i = j;
		}
		if (pass == 1) {
			tv_buf_add(&b, colon, (size_t)(l + h->len - colon));
			tv_buf_adds(&b, "\r\n");
			add_edit(sc->pp, h->off, h->end - h->off, tv_buf_detach(&b, NULL));
		}
		tv_buf_release(&b);
		if (!bare)
			return false;
	}
	return true;
}

/* The held logical line is complete: check it and follow BEGIN and END; text after
 * END:VCALENDAR other than a BEGIN or END is ignored. */
static int
finish_held(struct scan *sc)
{
	struct logical *h = &sc->held;
	struct content_line cl = { 0 };
	int rc = 0;
	bool ok = split_content_line(h->p, h->len, h->line, &cl, NULL) == 0;
	if (sc->depth == 0 && sc->closed_cal && !(ok && is_begin_end(&cl))) {
		if (!sc->trail_first)
			sc->trail_first = h->line;
		sc->trail_last = h->last;
		add_edit(sc->pp, h->off, h->end - h->off, tv_xstrdup(""));
		logical_free(h);
		return 0;
	}
	if (ok && sc->depth == 0)
		flush_trail(sc);
	rc = split_content_line(h->p, h->len, h->line, &cl, sc->diag);
	if (rc == 0) {
		if (name_eq(cl.name, cl.nlen, "BEGIN"))
			rc = on_begin(sc, &cl);
		else if (name_eq(cl.name, cl.nlen, "END"))
			rc = on_end(sc, &cl);
		else
			rc = on_property(sc, &cl);
	}
	if (rc == 0 && h->merged && h->last == h->base_last + 1)
		add_note(sc->pp, N_("line %d: %.*s: line %d is not a content line, read as part of "
			"its value"), h->line, (int)cl.nlen, cl.name, h->last);
	else if (rc == 0 && h->merged)
		add_note(sc->pp, N_("line %d: %.*s: lines %d to %d are not content lines, read as "
			"part of its value"), h->line, (int)cl.nlen, cl.name, h->base_last + 1, h->last);
	if (rc == 0 && h->requoted) {
		add_note(sc->pp, N_("line %d: %.*s: the closing quote of a parameter after its value "
			"moved before the ':'"), h->line, (int)cl.nlen, cl.name);
		add_edit(sc->pp, h->off, h->requote_end - h->off, h->requoted);
		h->requoted = NULL;
	} else if (rc == 0 && !is_begin_end(&cl) && !h->merged &&
		   !drop_bare_params(sc, h, &cl)) {
		fix_value(sc, h, &cl);
	}
	logical_free(h);
	return rc;
}

/* A known or X- property name followed by parameters, and no ':' (Sixt writes
 * "ORGANIZER;CN=Sixt SE"): a property without its value, not text. */
static bool
valueless_prop(const struct logical *c)
{
	size_t i = 0;
	while (i < c->len && (isalnum((unsigned char)c->p[i]) || c->p[i] == '-'))
		i++;
	return i > 0 && i < c->len && c->p[i] == ';' && known_name(c->p, i);
}

/* The line being gathered is complete: more of the held property's value, or the
 * held line is finished and this one held instead. A property without value inside
 * a component is ignored. */
static int
complete_cur(struct scan *sc)
{
	struct logical *c = &sc->cur;
	struct content_line cl;
	if (split_content_line(c->p, c->len, c->line, &cl, NULL) != 0) {
		requote(c);
		if (!c->requoted && no_colon(c->p, c->len) && valueless_prop(c)) {
			int rc = sc->held.p ? finish_held(sc) : 0;
			if (rc == 0 && sc->depth >= 1) {
				size_t nl = 0;
				while (isalnum((unsigned char)c->p[nl]) || c->p[nl] == '-')
					nl++;
				add_note(sc->pp, N_("line %d: %.*s without ':' and value ignored"),
					c->line, (int)nl, c->p);
				add_edit(sc->pp, c->off, c->end - c->off, tv_xstrdup(""));
				logical_free(c);
				return 0;
			}
			/* Outside a component: an error (or text after END:VCALENDAR) when
			 * it is finished. */
			sc->held = *c;
			memset(c, 0, sizeof *c);
			return rc;
		}
	}
	if (continues(sc, c))
		return merge(sc, c);
	int rc = sc->held.p ? finish_held(sc) : 0;
	sc->held = *c;
	memset(c, 0, sizeof *c);
	if (rc == 0) {
		struct logical *h = &sc->held;
		bool ok = split_content_line(h->p, h->len, h->line, &cl, NULL) == 0;
		h->prop = ok && sc->depth >= 1 && !is_begin_end(&cl);
		h->empty = ok && cl.vlen == 0;
	}
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
		size_t len = 0, off = pos;
		bool eof = pos >= n;
		if (!eof) {
			lineno++;
			if ((rc = next_physical(s, n, &pos, lineno, &line, &len, diag)) != 0)
				break;
			last_line = lineno;
			if (len > 0 && (line[0] == ' ' || line[0] == '\t')) {
				if ((rc = continue_logical(&sc, line, len, lineno, pos)) != 0)
					break;
				continue;
			}
		}
		if (sc.cur.p && (rc = complete_cur(&sc)) != 0)
			break;
		if (eof)
			break;
		if (len > 0) {
			start_logical(&sc, line, len, lineno, off, pos);
		} else { /* blank lines are tolerated */
			if (!sc.blanks)
				sc.gap_off = off;
			sc.blanks++;
		}
	}
	if (rc == 0 && sc.held.p)
		rc = finish_held(&sc);
	if (rc == 0)
		flush_trail(&sc);
	if (rc == 0 && pp->more_notes) {
		unsigned more = pp->more_notes;
		pp->nnotes--;   /* make room: the count replaces the last note kept */
		free(pp->notes[pp->nnotes]);
		add_note(pp, N_("%u more lines repaired or ignored, not listed"), more + 1);
	}
	logical_free(&sc.cur);
	logical_free(&sc.held);
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
