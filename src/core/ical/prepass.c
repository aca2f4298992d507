/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The import's first look at the raw text, before libical sees it: libical is lenient
 * and reports no line numbers, so this pre-pass checks line endings, UTF-8, content
 * line syntax, BEGIN/END nesting and the DTSTART/DTEND/DUE/RECURRENCE-ID values, and
 * reports the first problem as "line N: ...". It records the line of every property
 * and of each VEVENT's BEGIN, DTSTART, DTEND and DURATION, so that errors found after
 * libical parsed the file can still name a line. Also the import's one diagnostic
 * formatter (ical_invalid_at). No libical calls.
 */
#include <ctype.h>
#include <libintl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
		char msg[400];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(msg, sizeof msg, gettext(fmt), ap);
		va_end(ap);
		/* Messages quote the file's bytes and end up on a terminal: controls are
		 * made visible, bad UTF-8 replaced, and a cut never splits a character. */
		char *clean = tv_text_sanitize(msg, strlen(msg), TV_SAN_VISIBLE);
		size_t n = strlen(clean);
		if (n > 380) {
			n = 380;
			while (n > 0 && ((unsigned char)clean[n] & 0xC0) == 0x80)
				n--;
			clean[n] = '\0';
		}
		if (line > 0)
			tv_diag_set(diag, TV_INVALID, "line %d: %s", line, clean);
		else
			tv_diag_set(diag, TV_INVALID, "%s", clean);
		free(clean);
		diag->line = line;
	}
	return -1;
}

/* Strict UTF-8 (no overlongs, surrogates or code points past U+10FFFF). */
static bool
utf8_ok(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		if (c < 0x80) {
			if (c == 0)
				return false;
			i++;
			continue;
		}
		size_t len;
		unsigned cp;
		if (c >= 0xC2 && c <= 0xDF) {
			len = 2;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (i + len > n)
			return false;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
		    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
			return false;
		i += len;
	}
	return true;
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
};

/*
 * Validate the raw text and record line numbers. `s` has no BOM. Returns 0 or -1
 * with diag set. Lines end in CRLF or LF; a bare CR anywhere else is an error.
 */
int
ical_prepass_scan(const char *s, size_t n, struct ical_prepass *pp, struct tv_diag *diag)
{
	struct stack_entry stack[16];
	int depth = 0;
	bool seen_cal = false, closed_cal = false;
	int lineno = 0;
	char *logical = NULL;
	size_t lcap = 0, llen = 0;
	int lstart = 0;
	int rc = 0;
	size_t pos = 0;
	int last_line = 0;

	for (;;) {
		/* Read the next physical line. */
		const char *line = NULL;
		size_t len = 0;
		bool eof = pos >= n;
		if (!eof) {
			lineno++;
			line = s + pos;
			const char *nl = memchr(line, '\n', n - pos);
			len = nl ? (size_t)(nl - line) : n - pos;
			pos += len + (nl ? 1 : 0);
			if (len > 0 && line[len - 1] == '\r')
				len--;
			if (memchr(line, '\r', len)) {
				rc = ical_invalid_at(diag, lineno, "bare CR inside a line (lines must end in CRLF or LF)");
				break;
			}
			if (!utf8_ok((const unsigned char *)line, len)) {
				rc = ical_invalid_at(diag, lineno, "not valid UTF-8");
				break;
			}
			last_line = lineno;
			if (len > 0 && (line[0] == ' ' || line[0] == '\t')) {
				if (!logical) {
					rc = ical_invalid_at(diag, lineno, "continuation line with nothing to continue");
					break;
				}
				if (llen + len > lcap) {
					lcap = (llen + len) * 2 + 64;
					logical = tv_xrealloc(logical, lcap);
				}
				memcpy(logical + llen, line + 1, len - 1);
				llen += len - 1;
				continue;
			}
		}
		/* A new logical line starts (or EOF): process the pending one. */
		if (logical) {
			const char *l = logical;
			size_t ln = llen;
			size_t i = 0;
			while (i < ln && (isalnum((unsigned char)l[i]) || l[i] == '-'))
				i++;
			const char *name = l;
			size_t nlen = i;
			if (nlen == 0 || i == ln || (l[i] != ':' && l[i] != ';')) {
				bool colon = memchr(l, ':', ln) != NULL;
				rc = ical_invalid_at(diag, lstart, colon ? "not a content line (bad property name)" :
					"not a content line (no ':')");
				break;
			}
			/* Parameters up to the first ':' outside quotes. */
			int want = 0;
			bool quoted = false;
			size_t pstart = i;
			while (i < ln && (quoted || l[i] != ':')) {
				if (l[i] == '"')
					quoted = !quoted;
				i++;
			}
			if (i == ln) {
				rc = ical_invalid_at(diag, lstart, "not a content line (no ':')");
				break;
			}
			const char *params = l + pstart;
			size_t plen = i - pstart;
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
			const char *value = l + i + 1;
			size_t vlen = ln - i - 1;

			if (name_eq(name, nlen, "BEGIN")) {
				if (vlen == 0 || vlen >= sizeof stack[0].name) {
					rc = ical_invalid_at(diag, lstart, "BEGIN without a valid component name");
					break;
				}
				if (depth == 0) {
					if (!name_eq(value, vlen, "VCALENDAR")) {
						rc = ical_invalid_at(diag, lstart, "BEGIN:%.*s outside VCALENDAR", (int)vlen, value);
						break;
					}
					if (closed_cal) {
						rc = ical_invalid_at(diag, lstart, "a second VCALENDAR is not supported");
						break;
					}
					seen_cal = true;
				}
				if (depth == (int)(sizeof stack / sizeof stack[0])) {
					rc = ical_invalid_at(diag, lstart, "components nested too deeply");
					break;
				}
				if (depth == 1 && name_eq(value, vlen, "VEVENT")) {
					if (pp->nevents == pp->capevents) {
						pp->capevents = pp->capevents ? pp->capevents * 2 : 16;
						pp->events = tv_xrealloc(pp->events, pp->capevents * sizeof *pp->events);
					}
					pp->events[pp->nevents++] = (struct ical_ev_lines){ lstart, 0, 0, 0 };
				}
				memcpy(stack[depth].name, value, vlen);
				stack[depth].name[vlen] = '\0';
				stack[depth].line = lstart;
				depth++;
			} else if (name_eq(name, nlen, "END")) {
				if (depth == 0) {
					rc = ical_invalid_at(diag, lstart, "END:%.*s without BEGIN", (int)vlen, value);
					break;
				}
				if (!name_eq(value, vlen, stack[depth - 1].name)) {
					rc = ical_invalid_at(diag, lstart, "END:%.*s does not match BEGIN:%s (line %d)",
						(int)vlen, value, stack[depth - 1].name, stack[depth - 1].line);
					break;
				}
				depth--;
				if (depth == 0)
					closed_cal = true;
			} else {
				if (depth == 0) {
					rc = ical_invalid_at(diag, lstart, closed_cal ?
						"content after END:VCALENDAR" : "property outside VCALENDAR");
					break;
				}
				if (pp->nprops == pp->capprops) {
					pp->capprops = pp->capprops ? pp->capprops * 2 : 64;
					pp->props = tv_xrealloc(pp->props, pp->capprops * sizeof *pp->props);
				}
				struct ical_prop_line *pl = &pp->props[pp->nprops++];
				size_t cp = nlen < sizeof pl->name ? nlen : sizeof pl->name - 1;
				for (size_t k = 0; k < cp; k++)
					pl->name[k] = (char)toupper((unsigned char)name[k]);
				pl->name[cp] = '\0';
				pl->line = lstart;
				bool is_start = name_eq(name, nlen, "DTSTART");
				bool is_end = name_eq(name, nlen, "DTEND");
				bool is_due = name_eq(name, nlen, "DUE") || name_eq(name, nlen, "RECURRENCE-ID");
				if ((is_start || is_end || is_due) && !check_datetime(value, vlen, want)) {
					rc = ical_invalid_at(diag, lstart, "%.*s has an invalid date or time value \"%.*s\"",
						(int)nlen, name, (int)(vlen > 40 ? 40 : vlen), value);
					break;
				}
				if (depth == 2 && pp->nevents > 0 && name_eq(stack[1].name, strlen(stack[1].name), "VEVENT")) {
					struct ical_ev_lines *ev = &pp->events[pp->nevents - 1];
					if (is_start && !ev->dtstart)
						ev->dtstart = lstart;
					else if (is_end && !ev->dtend)
						ev->dtend = lstart;
					else if (name_eq(name, nlen, "DURATION") && !ev->duration)
						ev->duration = lstart;
				}
			}
			free(logical);
			logical = NULL;
			llen = lcap = 0;
		}
		if (eof)
			break;
		if (len == 0)
			continue; /* blank lines are tolerated */
		lstart = lineno;
		lcap = len + 64;
		logical = tv_xmalloc(lcap);
		memcpy(logical, line, len);
		llen = len;
	}
	free(logical);
	if (rc != 0)
		return rc;
	if (!seen_cal)
		return ical_invalid_at(diag, last_line > 0 ? last_line : 1, "no BEGIN:VCALENDAR found");
	if (depth > 0)
		return ical_invalid_at(diag, last_line, "missing END:%s at end of file (BEGIN at line %d)",
			stack[depth - 1].name, stack[depth - 1].line);
	return 0;
}

/* The line of the first property whose name appears in an X-LIC-ERROR text. */
int
ical_error_line(const struct ical_prepass *pp, const char *err)
{
	for (size_t i = 0; i < pp->nprops; i++) {
		const char *hit = strstr(err, pp->props[i].name);
		if (hit && strlen(pp->props[i].name) >= 3) {
			char after = hit[strlen(pp->props[i].name)];
			if (!isalnum((unsigned char)after) && after != '-')
				return pp->props[i].line;
		}
	}
	return 0;
}
