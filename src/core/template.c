/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Programme templates: parsing the human-editable template files (programme.txt plus
 * one file per task package, format in packages/README.md), the embedded default,
 * instantiating a template into the store as a new board in one transaction, turning
 * a loaded board back into a template, and writing a template to a directory so that
 * loading it again gives the same template byte for byte. Parsing is all or nothing:
 * the first problem is reported as FILE:LINE and nothing is returned.
 * Depends on the model, text checks, atomic files and the store API; never on curses,
 * SQLite or libical.
 */
#include <dirent.h>
#include <errno.h>
#include <libintl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tavle/fileio.h"
#include "tavle/template.h"
#include "tavle/text.h"

/* Generated from the packages directory (*.txt) by tools/embed_template.py. */
extern const struct tv_template_file tv_default_template_files[];
extern const size_t tv_default_template_nfiles;

#define PROGRAMME_FILE "programme.txt"
#define TASKS_HEADING "Opgaver"
#define MAX_FILE_BYTES (1024 * 1024)
#define MAX_FILES 1000
#define MAX_OFFSET 36500      /* a century of days either way */
#define MAX_NUMBER 9999

/* ---------------------------------------------------------------- small helpers */

struct buf {
	char *s;
	size_t len, cap;
};

static void
buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (b->len + n + 1 > cap)
			cap *= 2;
		b->s = tv_xrealloc(b->s, cap);
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

static void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	char *tmp = tv_xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(tmp, (size_t)n + 1, fmt, ap);
	va_end(ap);
	buf_add(b, tmp, (size_t)n);
	free(tmp);
}

/* Grow an array by one zeroed element; returns a pointer to it. */
static void *
push(void *arrp, size_t *n, size_t size)
{
	void **arr = arrp;
	*arr = tv_xrealloc(*arr, (*n + 1) * size);
	char *el = (char *)*arr + *n * size;
	memset(el, 0, size);
	(*n)++;
	return el;
}

static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Optional strings: "" and NULL mean the same ("not set"). */
static bool
blank(const char *s)
{
	return !s || !*s;
}

static char *
dup_opt(const char *s)
{
	return blank(s) ? NULL : tv_xstrdup(s);
}

static int32_t
add_offset(int32_t base, int32_t off)
{
	return off == TV_NO_DAY ? TV_NO_DAY : base + off;
}

static int32_t
sub_offset(int32_t day, int32_t base)
{
	return day == TV_NO_DAY ? TV_NO_DAY : day - base;
}

/* ---------------------------------------------------------------- value syntax */

/* "+Nd" / "-Nd" (N decimal, at most 5 digits). */
static bool
parse_offset(const char *s, size_t n, int32_t *out)
{
	if (n < 3 || (s[0] != '+' && s[0] != '-') || s[n - 1] != 'd' || n > 7)
		return false;
	int32_t v = 0;
	for (size_t i = 1; i + 1 < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	if (v > MAX_OFFSET)
		return false;
	*out = s[0] == '-' ? -v : v;
	return true;
}

/* "HH:MM", 00:00-23:59. */
static bool
parse_time(const char *s, size_t n, int16_t *out)
{
	if (n != 5 || s[2] != ':')
		return false;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return false;
	int h = (s[0] - '0') * 10 + (s[1] - '0');
	int m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 23 || m > 59)
		return false;
	*out = (int16_t)(h * 60 + m);
	return true;
}

static void
format_offset(struct buf *b, int32_t off)
{
	buf_printf(b, "%c%ldd", off < 0 ? '-' : '+', labs((long)off));
}

static void
format_when(struct buf *b, struct tv_when w)
{
	format_offset(b, w.day);
	if (w.minute != TV_NO_TIME)
		buf_printf(b, " %02d:%02d", w.minute / 60, w.minute % 60);
}

/* ---------------------------------------------------------------- the parser */

/* Extra facts about a package while loading: where its keys were, for messages. */
struct pkg_extra {
	const char *file;
	int number_line;
	char *phase_name;
	int phase_line;
	bool has_position;
};

struct loader {
	struct tv_template *tpl;
	struct pkg_extra *extra;     /* parallel to tpl->packages */
	size_t nextra;
	bool saw_programme;
	struct tv_diag *diag;
};

/* One file being read line by line. */
struct reader {
	const char *file;     /* name used in messages */
	const char *text;
	size_t len, pos;
	int line;             /* number of the line last returned */
	const char *s;        /* the current line (not NUL-terminated in text) */
	size_t n;
	char *cur;            /* NUL-terminated copy of the current line */
	struct tv_diag *diag;
};

static enum tv_status err(struct reader *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static enum tv_status
err(struct reader *r, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, gettext(fmt), ap);
	va_end(ap);
	/* Messages quote the file's bytes and end up on a terminal: controls are made
	 * visible, bad UTF-8 replaced, and a cut never splits a character. */
	char *clean = tv_text_sanitize(msg, strlen(msg), TV_SAN_VISIBLE);
	size_t n = strlen(clean);
	if (n > 500) {
		n = 500;
		while (n > 0 && ((unsigned char)clean[n] & 0xC0) == 0x80)
			n--;
		clean[n] = '\0';
	}
	enum tv_status st = tv_diag_set_at(r->diag, TV_INVALID, r->file, r->line, "%s", clean);
	free(clean);
	return st;
}

/* Next line without its LF (and without a CR before it, for files saved on Windows).
 * Returns 0 at the end, 1 with a line, or -1 after reporting a bad line. */
static int
next_line(struct reader *r)
{
	if (r->pos >= r->len)
		return 0;
	const char *start = r->text + r->pos;
	const char *nl = memchr(start, '\n', r->len - r->pos);
	size_t n = nl ? (size_t)(nl - start) : r->len - r->pos;
	r->pos += n + (nl ? 1 : 0);
	r->line++;
	if (n > 0 && start[n - 1] == '\r')
		n--;
	r->s = start;
	r->n = n;
	free(r->cur);
	r->cur = tv_xstrndup(start, n);
	if (memchr(start, '\0', n))
		return err(r, "NUL byte in the line"), -1;
	struct tv_diag d;
	tv_diag_clear(&d);
	if (tv_text_check("line", r->cur, TV_MAX_SECTION, false, false, &d) != TV_OK)
		return err(r, "%s", d.msg), -1;
	return 1;
}

static bool
is_blank_line(const char *s)
{
	for (; *s; s++)
		if (*s != ' ')
			return false;
	return true;
}

/* Split "key: value" / "key:". The key is [a-z-]+. The value is trimmed. */
static bool
split_key(char *line, char **key, char **value)
{
	char *p = line;
	while ((*p >= 'a' && *p <= 'z') || *p == '-')
		p++;
	if (p == line || *p != ':' || (p[1] != '\0' && p[1] != ' '))
		return false;
	*p = '\0';
	*key = line;
	char *v = p + 1;
	while (*v == ' ')
		v++;
	size_t n = strlen(v);
	while (n > 0 && v[n - 1] == ' ')
		v[--n] = '\0';
	*value = v;
	return true;
}

/* A continuation line: "> text" or ">" (an empty line inside a multi-line value). */
static bool
continuation(const char *line, const char **rest)
{
	if (strcmp(line, ">") == 0) {
		*rest = "";
		return true;
	}
	if (strncmp(line, "> ", 2) == 0) {
		*rest = line + 2;
		return true;
	}
	return false;
}

static void
append_line(char **value, const char *line)
{
	char *s = tv_xasprintf("%s\n%s", *value ? *value : "", line);
	free(*value);
	*value = s;
}

/* Typed values; each reports at the current line. */
static enum tv_status
val_offset(struct reader *r, const char *key, const char *v, int32_t *out)
{
	if (!parse_offset(v, strlen(v), out))
		return err(r, "%s: '%s' is not a day offset like +30d or -7d", key, v);
	return TV_OK;
}

static enum tv_status
val_when(struct reader *r, const char *key, const char *v, struct tv_when *out)
{
	const char *sp = strchr(v, ' ');
	size_t dn = sp ? (size_t)(sp - v) : strlen(v);
	if (!parse_offset(v, dn, &out->day))
		return err(r, "%s: '%s' is not a day offset like +30d (optionally with a time "
			"like +30d 10:00)", key, v);
	out->minute = TV_NO_TIME;
	if (sp && !parse_time(sp + 1, strlen(sp + 1), &out->minute))
		return err(r, "%s: '%s' is not a time of day HH:MM (00:00-23:59)", key, sp + 1);
	return TV_OK;
}

static enum tv_status
val_area(struct reader *r, const char *key, const char *v, int *out)
{
	enum tv_area a;
	if (!tv_area_from_key(v, &a))
		return err(r, "%s: unknown area '%s' (use org, kom, data or udd)", key, v);
	*out = (int)a;
	return TV_OK;
}

static enum tv_status
val_text(struct reader *r, const char *key, const char *v, size_t max, char **out)
{
	struct tv_diag d;
	tv_diag_clear(&d);
	if (tv_text_check(key, v, max, false, false, &d) != TV_OK)
		return err(r, "%s", d.msg);
	free(*out);
	*out = dup_opt(v);
	return TV_OK;
}

static enum tv_status
val_int(struct reader *r, const char *key, const char *v, int max, int *out)
{
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (!*v || *end || errno || n < 0 || n > max || v[0] == '+' || v[0] == ' ')
		return err(r, "%s: '%s' is not a whole number from 0 to %d", key, v, max);
	*out = (int)n;
	return TV_OK;
}

/* Keys seen in the current block, to reject duplicates. */
struct seen {
	char keys[16][24];   /* copies: the line a key came from is gone by the next */
	int n;
};

static enum tv_status
mark_seen(struct reader *r, struct seen *s, const char *key)
{
	for (int i = 0; i < s->n; i++)
		if (strcmp(s->keys[i], key) == 0)
			return err(r, "'%s' given twice", key);
	if (s->n < 16 && strlen(key) < sizeof s->keys[0])
		snprintf(s->keys[s->n++], sizeof s->keys[0], "%s", key);
	return TV_OK;
}

/* ---------------------------------------------------------------- programme.txt */

enum block { B_TOP, B_PHASE, B_MEETING, B_DECISION, B_PERSON };

struct prog_state {
	enum block block;
	int block_line;
	struct seen seen;
	char **text_target;   /* the value continuation lines extend */
	size_t max_text;
};

/* Check that the block just finished is complete. */
static enum tv_status
close_block(struct reader *r, struct loader *ld, struct prog_state *st)
{
	struct tv_template *t = ld->tpl;
	int save = r->line;
	r->line = st->block_line;
	enum tv_status rc = TV_OK;
	switch (st->block) {
	case B_TOP:
		break;
	case B_PHASE: {
		struct tv_phase *p = &t->phases[t->nphases - 1];
		if (blank(p->name))
			rc = err(r, "[phase] has no name");
		else if (p->start == TV_NO_DAY || p->end == TV_NO_DAY)
			rc = err(r, "[phase] '%s' needs both start and end", p->name);
		else if (p->end < p->start)
			rc = err(r, "[phase] '%s' ends before it starts", p->name);
		for (size_t i = 0; rc == TV_OK && i + 1 < t->nphases; i++)
			if (strcmp(t->phases[i].name, p->name) == 0)
				rc = err(r, "two phases are named '%s'", p->name);
		break;
	}
	case B_MEETING: {
		struct tv_meeting *m = &t->meetings[t->nmeetings - 1];
		if (blank(m->title))
			rc = err(r, "[meeting] has no title");
		else if (m->start.day == TV_NO_DAY)
			rc = err(r, "[meeting] '%s' has no start", m->title);
		break;
	}
	case B_DECISION:
		if (blank(t->decisions[t->ndecisions - 1].title))
			rc = err(r, "[decision] has no title");
		break;
	case B_PERSON:
		if (blank(t->people[t->npeople - 1].name))
			rc = err(r, "[person] has no name");
		break;
	}
	r->line = save;
	return rc;
}

static enum tv_status
prog_key(struct reader *r, struct loader *ld, struct prog_state *st, const char *key,
	const char *v)
{
	struct tv_template *t = ld->tpl;
	enum tv_status rc = mark_seen(r, &st->seen, key);
	if (rc != TV_OK)
		return rc;
	st->text_target = NULL;
	st->max_text = TV_MAX_TITLE;

#define TEXT(name, field, max)                                              \
	if (strcmp(key, name) == 0) {                                       \
		rc = val_text(r, key, v, max, &(field));                    \
		st->text_target = &(field);                                 \
		st->max_text = max;                                         \
		return rc;                                                  \
	}

	switch (st->block) {
	case B_TOP:
		TEXT("programme", t->name, TV_MAX_NAME)
		break;
	case B_PHASE: {
		struct tv_phase *p = &t->phases[t->nphases - 1];
		TEXT("name", p->name, TV_MAX_NAME)
		TEXT("reason", p->not_before_reason, TV_MAX_TITLE)
		if (strcmp(key, "start") == 0)
			return val_offset(r, key, v, &p->start);
		if (strcmp(key, "end") == 0)
			return val_offset(r, key, v, &p->end);
		if (strcmp(key, "not-before") == 0)
			return val_offset(r, key, v, &p->not_before);
		break;
	}
	case B_MEETING: {
		struct tv_meeting *m = &t->meetings[t->nmeetings - 1];
		TEXT("title", m->title, TV_MAX_TITLE)
		TEXT("place", m->place, TV_MAX_TITLE)
		TEXT("region", m->region, TV_MAX_NAME)
		TEXT("url", m->url, TV_MAX_URL)
		TEXT("participants", m->participants, TV_MAX_COMMENT)
		TEXT("notes", m->notes, TV_MAX_COMMENT)
		TEXT("packages", m->packages, TV_MAX_NAME)
		if (strcmp(key, "kind") == 0) {
			if (!tv_meeting_kind_from_key(v, &m->kind))
				return err(r, "kind: unknown meeting kind '%s' (use info, "
					"webinar, supplier or other)", v);
			return TV_OK;
		}
		if (strcmp(key, "start") == 0)
			return val_when(r, key, v, &m->start);
		if (strcmp(key, "end") == 0)
			return val_when(r, key, v, &m->end);
		break;
	}
	case B_DECISION: {
		struct tv_decision *d = &t->decisions[t->ndecisions - 1];
		TEXT("title", d->title, TV_MAX_TITLE)
		TEXT("owner", d->owner, TV_MAX_NAME)
		TEXT("text", d->text, TV_MAX_COMMENT)
		if (strcmp(key, "area") == 0)
			return val_area(r, key, v, &d->area);
		if (strcmp(key, "due") == 0)
			return val_offset(r, key, v, &d->due);
		if (strcmp(key, "decided") == 0)
			return val_offset(r, key, v, &d->decided);
		if (strcmp(key, "status") == 0) {
			if (!tv_decision_status_from_key(v, &d->status))
				return err(r, "status: unknown decision status '%s' (use open, "
					"decided or postponed)", v);
			return TV_OK;
		}
		break;
	}
	case B_PERSON: {
		struct tv_person *p = &t->people[t->npeople - 1];
		TEXT("name", p->name, TV_MAX_NAME)
		TEXT("email", p->email, TV_MAX_NAME)
		if (strcmp(key, "area") == 0)
			return val_area(r, key, v, &p->area);
		if (strcmp(key, "role") == 0) {
			enum tv_role role;
			if (!tv_role_from_key(v, &role))
				return err(r, "role: unknown role '%s' (use contact, group or "
					"area)", v);
			p->role = role;
			return TV_OK;
		}
		break;
	}
	}
#undef TEXT
	static const char *const names[] = { "programme file", "[phase]", "[meeting]",
		"[decision]", "[person]" };
	return err(r, "unknown key '%s' in %s", key, names[st->block]);
}

static enum tv_status
open_block(struct reader *r, struct loader *ld, struct prog_state *st, const char *name)
{
	struct tv_template *t = ld->tpl;
	enum tv_status rc = close_block(r, ld, st);
	if (rc != TV_OK)
		return rc;
	memset(&st->seen, 0, sizeof st->seen);
	st->text_target = NULL;
	st->block_line = r->line;
	if (strcmp(name, "phase") == 0) {
		struct tv_phase *p = push(&t->phases, &t->nphases, sizeof *p);
		p->start = p->end = p->not_before = TV_NO_DAY;
		p->position = (int)t->nphases - 1;
		st->block = B_PHASE;
	} else if (strcmp(name, "meeting") == 0) {
		struct tv_meeting *m = push(&t->meetings, &t->nmeetings, sizeof *m);
		m->kind = TV_MEET_INFO;
		m->start = m->end = (struct tv_when){ TV_NO_DAY, TV_NO_TIME };
		st->block = B_MEETING;
	} else if (strcmp(name, "decision") == 0) {
		struct tv_decision *d = push(&t->decisions, &t->ndecisions, sizeof *d);
		d->area = -1;
		d->due = d->decided = TV_NO_DAY;
		d->status = TV_DEC_OPEN;
		st->block = B_DECISION;
	} else if (strcmp(name, "person") == 0) {
		struct tv_person *p = push(&t->people, &t->npeople, sizeof *p);
		p->area = -1;
		p->role = TV_ROLE_AREA;
		st->block = B_PERSON;
	} else {
		return err(r, "unknown block [%s] (use [phase], [meeting], [decision] or "
			"[person])", name);
	}
	return TV_OK;
}

static enum tv_status
parse_programme(struct reader *r, struct loader *ld)
{
	struct prog_state st = { .block = B_TOP, .block_line = 1 };
	int got;
	if (ld->saw_programme) {
		r->line = 1;
		return err(r, "a second programme file");
	}
	ld->saw_programme = true;
	while ((got = next_line(r)) > 0) {
		char *line = r->cur;
		const char *rest;
		if (continuation(line, &rest)) {
			if (!st.text_target)
				return err(r, "a '>' continuation line must follow a text value");
			append_line(st.text_target, rest);
			if (strlen(*st.text_target) > st.max_text)
				return err(r, "value is longer than %zu bytes", st.max_text);
			continue;
		}
		st.text_target = NULL;
		if (is_blank_line(line) || line[0] == '#')
			continue;
		size_t n = strlen(line);
		if (line[0] == '[') {
			if (n < 3 || line[n - 1] != ']')
				return err(r, "a block line looks like [phase]");
			line[n - 1] = '\0';
			enum tv_status rc = open_block(r, ld, &st, line + 1);
			if (rc != TV_OK)
				return rc;
			continue;
		}
		char *key, *value;
		if (!split_key(line, &key, &value))
			return err(r, "expected 'key: value', a [block] line or a # comment");
		enum tv_status rc = prog_key(r, ld, &st, key, value);
		if (rc != TV_OK)
			return rc;
	}
	if (got < 0)
		return TV_INVALID;
	return close_block(r, ld, &st);
}

/* ---------------------------------------------------------------- package files */

/* "\## x" in a file is the text line "## x" (and "\\## x" is "\## x"): a line of
 * section text may begin with "## " without starting a new section. */
static bool
escaped_heading(const char *line)
{
	while (*line == '\\')
		line++;
	return strncmp(line, "## ", 3) == 0;
}

static void
trim_trailing_blank_lines(char **text)
{
	if (!*text)
		return;
	size_t n = strlen(*text);
	/* Drop trailing lines that are empty or spaces only. */
	for (;;) {
		size_t end = n;
		while (end > 0 && (*text)[end - 1] == ' ')
			end--;
		if (end == 0) {
			n = 0;
			break;
		}
		if ((*text)[end - 1] != '\n')
			break;
		n = end - 1;
	}
	(*text)[n] = '\0';
	if (n == 0) {
		free(*text);
		*text = NULL;
	}
}

/* "- [ ] +14d authority minimum: Title" (deadline "-" for none, optional " HH:MM"). */
static enum tv_status
parse_task(struct reader *r, struct tv_package *p)
{
	static const char syntax[] = "a task line looks like '- [ ] +14d authority minimum: "
		"Title' (deadline or -, optional HH:MM, authority/agency/supplier, optional "
		"minimum, ': ', title)";
	const char *line = r->cur;
	if (strncmp(line, "- [", 3) != 0 || (line[3] != ' ' && line[3] != 'x') ||
		strncmp(line + 4, "] ", 2) != 0)
		return err(r, "%s", syntax);
	const char *colon = strstr(line + 6, ": ");
	if (!colon)
		return err(r, "%s", syntax);
	struct tv_task t = { 0 };
	t.done = line[3] == 'x';
	t.deadline = (struct tv_when){ TV_NO_DAY, TV_NO_TIME };
	char *head = tv_xstrndup(line + 6, (size_t)(colon - (line + 6)));
	char *tok[5];
	int ntok = 0;
	for (char *s = head; ntok < 5;) {
		tok[ntok++] = s;
		char *sp = strchr(s, ' ');
		if (!sp)
			break;
		*sp = '\0';
		s = sp + 1;
	}
	enum tv_status rc = TV_OK;
	int i = 0;
	if (ntok < 2 || ntok > 4) {
		rc = err(r, "%s", syntax);
		goto out;
	}
	if (strcmp(tok[0], "-") != 0 &&
		!parse_offset(tok[0], strlen(tok[0]), &t.deadline.day)) {
		rc = err(r, "task deadline '%s' is not a day offset like +14d (or - for none)",
			tok[0]);
		goto out;
	}
	i = 1;
	if (strchr(tok[i], ':')) {
		if (t.deadline.day == TV_NO_DAY) {
			rc = err(r, "a task time needs a deadline day");
			goto out;
		}
		if (!parse_time(tok[i], strlen(tok[i]), &t.deadline.minute)) {
			rc = err(r, "task time '%s' is not HH:MM (00:00-23:59)", tok[i]);
			goto out;
		}
		i++;
	}
	if (i >= ntok || !tv_responsible_from_key(tok[i], &t.responsible)) {
		rc = err(r, "task responsible '%s' is unknown (use authority, agency or "
			"supplier)", i < ntok ? tok[i] : "");
		goto out;
	}
	i++;
	if (i < ntok) {
		if (strcmp(tok[i], "minimum") != 0) {
			rc = err(r, "unexpected '%s' before the task title (only 'minimum' may "
				"follow the responsible party)", tok[i]);
			goto out;
		}
		t.minimum = true;
		i++;
	}
	if (i != ntok) {
		rc = err(r, "%s", syntax);
		goto out;
	}
	const char *title = colon + 2;
	struct tv_diag d;
	tv_diag_clear(&d);
	if (tv_text_check("task title", title, TV_MAX_TITLE, false, true, &d) != TV_OK) {
		rc = err(r, "%s", d.msg);
		goto out;
	}
	t.title = tv_xstrdup(title);
	t.position = (int)p->ntasks;
	*(struct tv_task *)push(&p->tasks, &p->ntasks, sizeof t) = t;
out:
	free(head);
	return rc;
}

static enum tv_status
pkg_key(struct reader *r, struct tv_package *p, struct pkg_extra *x, struct seen *seen,
	const char *key, const char *v, char ***text_target)
{
	enum tv_status rc = mark_seen(r, seen, key);
	if (rc != TV_OK)
		return rc;
	*text_target = NULL;
	if (strcmp(key, "number") == 0) {
		x->number_line = r->line;
		return val_int(r, key, v, MAX_NUMBER, &p->number);
	}
	if (strcmp(key, "title") == 0) {
		*text_target = &p->title;
		return val_text(r, key, v, TV_MAX_TITLE, &p->title);
	}
	if (strcmp(key, "owner") == 0) {
		*text_target = &p->owner;
		return val_text(r, key, v, TV_MAX_NAME, &p->owner);
	}
	if (strcmp(key, "area") == 0) {
		int a = 0;
		rc = val_area(r, key, v, &a);
		if (rc == TV_OK)
			p->area = (enum tv_area)a;
		return rc;
	}
	if (strcmp(key, "status") == 0) {
		if (!tv_pstatus_from_key(v, &p->status))
			return err(r, "status: unknown status '%s' (use todo, doing, blocked or "
				"done)", v);
		return TV_OK;
	}
	if (strcmp(key, "deadline") == 0)
		return val_when(r, key, v, &p->deadline);
	if (strcmp(key, "phase") == 0) {
		if (!*v)
			return err(r, "phase: empty (leave the line out for no phase)");
		x->phase_name = tv_xstrdup(v);
		x->phase_line = r->line;
		return TV_OK;
	}
	if (strcmp(key, "position") == 0) {
		x->has_position = true;
		return val_int(r, key, v, MAX_NUMBER, &p->position);
	}
	return err(r, "unknown key '%s' (a package file has number, title, area, status, "
		"owner, deadline, phase, position)", key);
}

static enum tv_status
parse_package(struct reader *r, struct loader *ld)
{
	struct tv_template *t = ld->tpl;
	struct tv_package *p = push(&t->packages, &t->npackages, sizeof *p);
	struct pkg_extra *x = push(&ld->extra, &ld->nextra, sizeof *x);
	p->number = -1;
	p->area = TV_AREA_COUNT;
	p->deadline = (struct tv_when){ TV_NO_DAY, TV_NO_TIME };
	x->file = r->file;
	struct seen seen = { .n = 0 };
	char **text_target = NULL;
	bool seen_section[TV_SECTION_COUNT] = { false };
	bool seen_tasks = false;
	int section = -1;            /* -1 header, TV_SECTION_COUNT tasks */
	int got;
	enum tv_status rc;

	while ((got = next_line(r)) > 0) {
		char *line = r->cur;
		if (strncmp(line, "## ", 3) == 0) {
			if (section >= 0 && section < TV_SECTION_COUNT)
				trim_trailing_blank_lines(&p->sections[section]);
			char *h = line + 3;
			size_t hn = strlen(h);
			while (hn > 0 && h[hn - 1] == ' ')
				h[--hn] = '\0';
			int found = -1;
			for (int i = 0; i < TV_SECTION_COUNT; i++)
				if (strcmp(h, tv_section_name((enum tv_section)i, true)) == 0)
					found = i;
			if (strcmp(h, TASKS_HEADING) == 0)
				found = TV_SECTION_COUNT;
			if (found < 0)
				return err(r, "unknown section '## %s' (sections: Baggrund, "
					"Minimumskrav, Proces og aktiviteter, Forslag til "
					"involvering, Deadlines og output, Materiale og værktøjer, "
					"Opgaver)", h);
			if (found == TV_SECTION_COUNT ? seen_tasks : seen_section[found])
				return err(r, "section '## %s' appears twice", h);
			if (found == TV_SECTION_COUNT)
				seen_tasks = true;
			else
				seen_section[found] = true;
			section = found;
			continue;
		}
		if (section < 0) {
			const char *rest;
			if (continuation(line, &rest)) {
				if (!text_target)
					return err(r, "a '>' continuation line must follow a text "
						"value");
				append_line(text_target, rest);
				if (strlen(*text_target) > TV_MAX_TITLE)
					return err(r, "value is longer than %d bytes",
						TV_MAX_TITLE);
				continue;
			}
			text_target = NULL;
			if (is_blank_line(line) || line[0] == '#')
				continue;
			char *key, *value;
			if (!split_key(line, &key, &value))
				return err(r, "expected 'key: value', a # comment or a '## "
					"Section' heading");
			rc = pkg_key(r, p, x, &seen, key, value, &text_target);
			if (rc != TV_OK)
				return rc;
		} else if (section == TV_SECTION_COUNT) {
			if (is_blank_line(line))
				continue;
			rc = parse_task(r, p);
			if (rc != TV_OK)
				return rc;
		} else {
			const char *text = line;
			if (line[0] == '\\' && escaped_heading(line))
				text = line + 1;
			char **sec = &p->sections[section];
			if (!*sec)
				*sec = tv_xstrdup(text);
			else
				append_line(sec, text);
			if (strlen(*sec) > TV_MAX_SECTION)
				return err(r, "section is longer than %d bytes", TV_MAX_SECTION);
		}
	}
	if (got < 0)
		return TV_INVALID;
	if (section >= 0 && section < TV_SECTION_COUNT)
		trim_trailing_blank_lines(&p->sections[section]);
	r->line = 1;
	if (p->number < 0)
		return err(r, "the package has no 'number:'");
	if (blank(p->title))
		return err(r, "the package has no 'title:'");
	if (p->area == TV_AREA_COUNT)
		return err(r, "the package has no 'area:'");
	for (size_t i = 0; i + 1 < t->npackages; i++) {
		if (t->packages[i].number == p->number) {
			r->line = x->number_line;
			return err(r, "package number %d is also used in %s", p->number,
				ld->extra[i].file);
		}
	}
	return TV_OK;
}

/* ---------------------------------------------------------------- loading */

void
tv_template_free(struct tv_template *tpl)
{
	if (!tpl)
		return;
	free(tpl->name);
	for (size_t i = 0; i < tpl->npackages; i++)
		tv_package_clear(&tpl->packages[i]);
	free(tpl->packages);
	for (size_t i = 0; i < tpl->nphases; i++)
		tv_phase_clear(&tpl->phases[i]);
	free(tpl->phases);
	for (size_t i = 0; i < tpl->nmeetings; i++)
		tv_meeting_clear(&tpl->meetings[i]);
	free(tpl->meetings);
	for (size_t i = 0; i < tpl->ndecisions; i++)
		tv_decision_clear(&tpl->decisions[i]);
	free(tpl->decisions);
	for (size_t i = 0; i < tpl->npeople; i++)
		tv_person_clear(&tpl->people[i]);
	free(tpl->people);
	free(tpl);
}

static int
cmp_file_name(const void *a, const void *b)
{
	const struct tv_template_file *const *x = a, *const *y = b;
	return strcmp(base_name((*x)->name), base_name((*y)->name));
}

static int
cmp_pkg_number(const void *a, const void *b)
{
	const struct tv_package *x = a, *y = b;
	return (x->number > y->number) - (x->number < y->number);
}

/* Resolve phase names to 1-based indices and settle positions within each area. */
static enum tv_status
finish(struct loader *ld)
{
	struct tv_template *t = ld->tpl;
	for (size_t i = 0; i < t->npackages; i++) {
		struct pkg_extra *x = &ld->extra[i];
		if (!x->phase_name)
			continue;
		size_t k;
		for (k = 0; k < t->nphases; k++)
			if (strcmp(t->phases[k].name, x->phase_name) == 0)
				break;
		if (k == t->nphases)
			return tv_diag_set_at(ld->diag, TV_INVALID, x->file, x->phase_line,
				"phase: no phase named '%s' in %s", x->phase_name,
				PROGRAMME_FILE);
		t->packages[i].phase_id = (int64_t)k + 1;
	}
	/* Sort by number, keeping each package's explicit position (or -1). */
	for (size_t i = 0; i < t->npackages; i++)
		if (!ld->extra[i].has_position)
			t->packages[i].position = -1;
	if (t->npackages > 1)
		qsort(t->packages, t->npackages, sizeof *t->packages, cmp_pkg_number);
	/* Within an area: packages with a position first (by position, then number),
	 * then the others by number; then renumber 0..n-1. */
	for (int a = 0; a < TV_AREA_COUNT; a++) {
		int pos = 0;
		for (;;) {
			struct tv_package *best = NULL;
			for (size_t i = 0; i < t->npackages; i++) {
				struct tv_package *p = &t->packages[i];
				if ((int)p->area != a || p->position < -1)
					continue;
				if (!best)
					best = p;
				else if (p->position >= 0 && (best->position < 0 ||
						p->position < best->position))
					best = p;
			}
			if (!best)
				break;
			best->position = -2 - pos++;   /* mark as placed */
		}
	}
	for (size_t i = 0; i < t->npackages; i++)
		t->packages[i].position = -2 - t->packages[i].position;
	return TV_OK;
}

enum tv_status
tv_template_load_files(const struct tv_template_file *files, size_t nfiles,
	struct tv_template **out, struct tv_diag *diag)
{
	if (nfiles == 0)
		return tv_diag_set(diag, TV_INVALID, "no template files");
	if (nfiles > MAX_FILES)
		return tv_diag_set(diag, TV_INVALID, "more than %d template files", MAX_FILES);
	const struct tv_template_file **order = tv_xcalloc(nfiles, sizeof *order);
	for (size_t i = 0; i < nfiles; i++)
		order[i] = &files[i];
	if (nfiles > 1)
		qsort(order, nfiles, sizeof *order, cmp_file_name);

	struct loader ld = { .tpl = tv_xcalloc(1, sizeof *ld.tpl), .diag = diag };
	enum tv_status rc = TV_OK;
	bool any_package = false;
	for (size_t i = 0; i < nfiles && rc == TV_OK; i++) {
		const struct tv_template_file *f = order[i];
		struct reader r = { .file = f->name, .text = f->text, .len = f->len,
			.diag = diag };
		if (f->len > MAX_FILE_BYTES) {
			rc = tv_diag_set_at(diag, TV_INVALID, f->name, 0,
				"file is larger than %d bytes", MAX_FILE_BYTES);
			break;
		}
		if (strcmp(base_name(f->name), PROGRAMME_FILE) == 0) {
			rc = parse_programme(&r, &ld);
		} else {
			rc = parse_package(&r, &ld);
			any_package = true;
		}
		free(r.cur);
	}
	if (rc == TV_OK && !any_package)
		rc = tv_diag_set(diag, TV_INVALID, "the template has no package files");
	if (rc == TV_OK)
		rc = finish(&ld);
	for (size_t i = 0; i < ld.nextra; i++)
		free(ld.extra[i].phase_name);
	free(ld.extra);
	free(order);
	if (rc != TV_OK) {
		tv_template_free(ld.tpl);
		return rc;
	}
	*out = ld.tpl;
	return TV_OK;
}

enum tv_status
tv_template_load_dir(const char *dir, struct tv_template **out, struct tv_diag *diag)
{
	DIR *d = opendir(dir);
	if (!d)
		return tv_diag_set(diag, TV_IO, "%s: %s", dir, strerror(errno));
	struct tv_template_file *files = NULL;
	size_t n = 0;
	enum tv_status rc = TV_OK;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || !ends_with(e->d_name, ".txt"))
			continue;
		if (n >= MAX_FILES) {
			rc = tv_diag_set(diag, TV_INVALID, "%s: more than %d template files", dir,
				MAX_FILES);
			break;
		}
		struct tv_template_file *f = push(&files, &n, sizeof *f);
		char *path = tv_xasprintf("%s/%s", dir, e->d_name);
		f->name = path;
		char *text = NULL;
		size_t len = 0;
		struct tv_diag fd;
		tv_diag_clear(&fd);
		enum tv_status frc = tv_file_read(path, MAX_FILE_BYTES, &text, &len, &fd);
		if (frc == TV_INVALID) {
			rc = tv_diag_set_at(diag, TV_INVALID, path, 0,
				"file is larger than %d bytes", MAX_FILE_BYTES);
			break;
		}
		if (frc != TV_OK) {
			rc = tv_diag_set(diag, frc == TV_NOT_FOUND ? TV_IO : frc, "%s", fd.msg);
			break;
		}
		f->text = text;
		f->len = len;
	}
	closedir(d);
	if (rc == TV_OK && n == 0)
		rc = tv_diag_set(diag, TV_INVALID, "%s: no template files (*.txt)", dir);
	if (rc == TV_OK)
		rc = tv_template_load_files(files, n, out, diag);
	for (size_t i = 0; i < n; i++) {
		free((char *)files[i].name);
		free((char *)files[i].text);
	}
	free(files);
	return rc;
}

enum tv_status
tv_template_load_default(struct tv_template **out, struct tv_diag *diag)
{
	size_t n = tv_default_template_nfiles;
	if (n == 0)
		return tv_diag_set(diag, TV_INVALID, "no default template was built in");
	return tv_template_load_files(tv_default_template_files, n, out, diag);
}

/* ---------------------------------------------------------------- instantiate */

static int
cmp_pkg_area_position(const void *a, const void *b)
{
	const struct tv_package *x = *(const struct tv_package *const *)a;
	const struct tv_package *y = *(const struct tv_package *const *)b;
	if (x->area != y->area)
		return x->area < y->area ? -1 : 1;
	if (x->position != y->position)
		return x->position < y->position ? -1 : 1;
	return (x->number > y->number) - (x->number < y->number);
}

static struct tv_when
when_add(struct tv_when w, int32_t base)
{
	w.day = add_offset(base, w.day);
	if (w.day == TV_NO_DAY)
		w.minute = TV_NO_TIME;
	return w;
}

static enum tv_status
instantiate(struct tv_store *store, const struct tv_template *tpl, struct tv_board *board,
	int64_t *phase_ids)
{
	enum tv_status rc = tv_store_board_add(store, board);
	if (rc != TV_OK)
		return rc;
	int32_t base = board->start;
	for (size_t i = 0; i < tpl->nphases; i++) {
		struct tv_phase ph = tpl->phases[i];
		ph.id = 0;
		ph.uid = NULL;
		ph.updated_at = NULL;
		ph.board_id = board->id;
		ph.start = add_offset(base, ph.start);
		ph.end = add_offset(base, ph.end);
		ph.not_before = add_offset(base, ph.not_before);
		rc = tv_store_phase_add(store, &ph);
		free(ph.uid);
		free(ph.updated_at);
		if (rc != TV_OK)
			return rc;
		phase_ids[i] = ph.id;
	}
	const struct tv_package **order = tv_xcalloc(tpl->npackages + 1, sizeof *order);
	for (size_t i = 0; i < tpl->npackages; i++)
		order[i] = &tpl->packages[i];
	if (tpl->npackages > 1)
		qsort(order, tpl->npackages, sizeof *order, cmp_pkg_area_position);
	for (size_t i = 0; i < tpl->npackages && rc == TV_OK; i++) {
		const struct tv_package *src = order[i];
		struct tv_package p = *src;
		p.id = 0;
		p.uid = NULL;
		p.updated_at = NULL;
		p.updated_by = NULL;
		p.tasks = NULL;
		p.ntasks = 0;
		p.board_id = board->id;
		p.deadline = when_add(p.deadline, base);
		p.phase_id = src->phase_id > 0 && (size_t)src->phase_id <= tpl->nphases ?
			phase_ids[src->phase_id - 1] : 0;
		rc = tv_store_package_add(store, &p);
		free(p.uid);
		free(p.updated_at);
		free(p.updated_by);
		for (size_t k = 0; k < src->ntasks && rc == TV_OK; k++) {
			struct tv_task t = src->tasks[k];
			t.id = 0;
			t.uid = NULL;
			t.updated_at = NULL;
			t.package_id = p.id;
			t.deadline = when_add(t.deadline, base);
			rc = tv_store_task_add(store, &t);
			free(t.uid);
			free(t.updated_at);
		}
	}
	free(order);
	for (size_t i = 0; i < tpl->nmeetings && rc == TV_OK; i++) {
		struct tv_meeting m = tpl->meetings[i];
		m.id = 0;
		m.uid = NULL;
		m.updated_at = NULL;
		m.board_id = board->id;
		m.start = when_add(m.start, base);
		m.end = when_add(m.end, base);
		rc = tv_store_meeting_add(store, &m);
		free(m.uid);
		free(m.updated_at);
	}
	for (size_t i = 0; i < tpl->ndecisions && rc == TV_OK; i++) {
		struct tv_decision d = tpl->decisions[i];
		d.id = 0;
		d.board_id = board->id;
		d.due = add_offset(base, d.due);
		d.decided = add_offset(base, d.decided);
		rc = tv_store_decision_add(store, &d);
	}
	for (size_t i = 0; i < tpl->npeople && rc == TV_OK; i++) {
		struct tv_person p = tpl->people[i];
		p.id = 0;
		p.board_id = board->id;
		rc = tv_store_person_add(store, &p);
	}
	return rc;
}

enum tv_status
tv_template_instantiate(struct tv_store *store, const struct tv_template *tpl,
	struct tv_board *board, struct tv_diag *diag)
{
	enum tv_status rc = tv_store_begin(store);
	if (rc != TV_OK)
		return tv_diag_set(diag, rc, "%s", tv_store_errmsg(store));
	int64_t *phase_ids = tv_xcalloc(tpl->nphases + 1, sizeof *phase_ids);
	rc = instantiate(store, tpl, board, phase_ids);
	free(phase_ids);
	if (rc == TV_OK)
		rc = tv_store_commit(store);
	if (rc != TV_OK) {
		/* Copy the message before rollback, which may replace it. */
		tv_diag_set(diag, rc, "%s", tv_store_errmsg(store));
		tv_store_rollback(store);
		/* The board was not created: forget what board_add wrote back. */
		board->id = 0;
		board->version = 0;
		free(board->created_at);
		board->created_at = NULL;
		return rc;
	}
	return TV_OK;
}

/* ---------------------------------------------------------------- from a board */

enum tv_status
tv_template_from_board(const struct tv_board_data *data, struct tv_template **out)
{
	struct tv_template *t = tv_xcalloc(1, sizeof *t);
	int32_t base = data->board.start;
	t->name = dup_opt(data->board.name);

	t->nphases = data->nphases;
	t->phases = tv_xcalloc(data->nphases + 1, sizeof *t->phases);
	for (size_t i = 0; i < data->nphases; i++) {
		const struct tv_phase *s = &data->phases[i];
		struct tv_phase *p = &t->phases[i];
		p->name = tv_xstrdup(s->name ? s->name : "");
		p->start = sub_offset(s->start, base);
		p->end = sub_offset(s->end, base);
		p->not_before = sub_offset(s->not_before, base);
		p->not_before_reason = dup_opt(s->not_before_reason);
		p->position = (int)i;
	}

	t->npackages = data->npackages;
	t->packages = tv_xcalloc(data->npackages + 1, sizeof *t->packages);
	for (size_t i = 0; i < data->npackages; i++) {
		const struct tv_package *s = &data->packages[i];
		struct tv_package *p = &t->packages[i];
		p->number = s->number;
		p->title = tv_xstrdup(s->title ? s->title : "");
		p->area = s->area;
		p->status = s->status;
		p->owner = dup_opt(s->owner);
		p->deadline = s->deadline;
		p->deadline.day = sub_offset(s->deadline.day, base);
		p->position = s->position;
		for (size_t k = 0; k < data->nphases; k++)
			if (s->phase_id && data->phases[k].id == s->phase_id)
				p->phase_id = (int64_t)k + 1;
		/* Trailing blank lines cannot survive the file format; dropping them here
		 * keeps from_board -> write -> load an identity. */
		for (int k = 0; k < TV_SECTION_COUNT; k++) {
			p->sections[k] = dup_opt(s->sections[k]);
			trim_trailing_blank_lines(&p->sections[k]);
		}
		p->ntasks = s->ntasks;
		p->tasks = tv_xcalloc(s->ntasks + 1, sizeof *p->tasks);
		for (size_t k = 0; k < s->ntasks; k++) {
			const struct tv_task *st = &s->tasks[k];
			struct tv_task *tt = &p->tasks[k];
			tt->title = tv_xstrdup(st->title ? st->title : "");
			tt->deadline = st->deadline;
			tt->deadline.day = sub_offset(st->deadline.day, base);
			tt->done = st->done;
			tt->responsible = st->responsible;
			tt->minimum = st->minimum;
			tt->position = (int)k;
		}
	}
	if (t->npackages > 1)
		qsort(t->packages, t->npackages, sizeof *t->packages, cmp_pkg_number);

	t->nmeetings = data->nmeetings;
	t->meetings = tv_xcalloc(data->nmeetings + 1, sizeof *t->meetings);
	for (size_t i = 0; i < data->nmeetings; i++) {
		const struct tv_meeting *s = &data->meetings[i];
		struct tv_meeting *m = &t->meetings[i];
		m->kind = s->kind;
		m->title = tv_xstrdup(s->title ? s->title : "");
		m->start = s->start;
		m->start.day = sub_offset(s->start.day, base);
		m->end = s->end;
		m->end.day = sub_offset(s->end.day, base);
		m->place = dup_opt(s->place);
		m->region = dup_opt(s->region);
		m->url = dup_opt(s->url);
		m->participants = dup_opt(s->participants);
		m->notes = dup_opt(s->notes);
		m->packages = dup_opt(s->packages);
	}

	t->ndecisions = data->ndecisions;
	t->decisions = tv_xcalloc(data->ndecisions + 1, sizeof *t->decisions);
	for (size_t i = 0; i < data->ndecisions; i++) {
		const struct tv_decision *s = &data->decisions[i];
		struct tv_decision *d = &t->decisions[i];
		d->title = tv_xstrdup(s->title ? s->title : "");
		d->area = s->area;
		d->owner = dup_opt(s->owner);
		d->due = sub_offset(s->due, base);
		d->status = s->status;
		d->text = dup_opt(s->text);
		d->decided = sub_offset(s->decided, base);
	}

	t->npeople = data->npeople;
	t->people = tv_xcalloc(data->npeople + 1, sizeof *t->people);
	for (size_t i = 0; i < data->npeople; i++) {
		const struct tv_person *s = &data->people[i];
		struct tv_person *p = &t->people[i];
		p->name = tv_xstrdup(s->name ? s->name : "");
		p->email = dup_opt(s->email);
		p->role = s->role;
		p->area = s->area;
	}
	*out = t;
	return TV_OK;
}

/* ---------------------------------------------------------------- writing */

/* "key: value", with further lines of a multi-line value as "> line". */
static void
put_text(struct buf *b, const char *key, const char *value)
{
	if (blank(value))
		return;
	buf_puts(b, key);
	buf_puts(b, ":");
	const char *s = value;
	bool first = true;
	for (;;) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		if (first) {
			if (n)
				buf_puts(b, " ");
		} else {
			buf_puts(b, n ? "> " : ">");
		}
		buf_add(b, s, n);
		buf_puts(b, "\n");
		first = false;
		if (!nl)
			break;
		s = nl + 1;
	}
}

static void
put_offset(struct buf *b, const char *key, int32_t off)
{
	if (off == TV_NO_DAY)
		return;
	buf_printf(b, "%s: ", key);
	format_offset(b, off);
	buf_puts(b, "\n");
}

static void
put_when(struct buf *b, const char *key, struct tv_when w)
{
	if (w.day == TV_NO_DAY)
		return;
	buf_printf(b, "%s: ", key);
	format_when(b, w);
	buf_puts(b, "\n");
}

static void
write_programme(struct buf *b, const struct tv_template *t)
{
	/* A comment is one line: a multi-line name is written with spaces here. */
	buf_puts(b, "# ");
	for (const char *s = t->name ? t->name : "tavle"; *s; s++)
		buf_add(b, *s == '\n' ? " " : s, 1);
	buf_puts(b, " — programfil til tavle (formatet er beskrevet i README.md)\n");
	put_text(b, "programme", t->name);
	for (size_t i = 0; i < t->nphases; i++) {
		const struct tv_phase *p = &t->phases[i];
		buf_puts(b, "\n[phase]\n");
		put_text(b, "name", p->name);
		put_offset(b, "start", p->start);
		put_offset(b, "end", p->end);
		put_offset(b, "not-before", p->not_before);
		put_text(b, "reason", p->not_before_reason);
	}
	for (size_t i = 0; i < t->nmeetings; i++) {
		const struct tv_meeting *m = &t->meetings[i];
		buf_puts(b, "\n[meeting]\n");
		buf_printf(b, "kind: %s\n", tv_meeting_kind_key(m->kind));
		put_text(b, "title", m->title);
		put_when(b, "start", m->start);
		put_when(b, "end", m->end);
		put_text(b, "place", m->place);
		put_text(b, "region", m->region);
		put_text(b, "url", m->url);
		put_text(b, "packages", m->packages);
		put_text(b, "participants", m->participants);
		put_text(b, "notes", m->notes);
	}
	for (size_t i = 0; i < t->ndecisions; i++) {
		const struct tv_decision *d = &t->decisions[i];
		buf_puts(b, "\n[decision]\n");
		put_text(b, "title", d->title);
		if (d->area >= 0 && d->area < TV_AREA_COUNT)
			buf_printf(b, "area: %s\n", tv_area_key((enum tv_area)d->area));
		put_text(b, "owner", d->owner);
		put_offset(b, "due", d->due);
		buf_printf(b, "status: %s\n", tv_decision_status_key(d->status));
		put_offset(b, "decided", d->decided);
		put_text(b, "text", d->text);
	}
	for (size_t i = 0; i < t->npeople; i++) {
		const struct tv_person *p = &t->people[i];
		buf_puts(b, "\n[person]\n");
		put_text(b, "name", p->name);
		buf_printf(b, "role: %s\n", tv_role_key(p->role));
		if (p->area >= 0 && p->area < TV_AREA_COUNT)
			buf_printf(b, "area: %s\n", tv_area_key((enum tv_area)p->area));
		put_text(b, "email", p->email);
	}
}

/* Does the area's order differ from the order by number? Then positions are written. */
static bool
needs_positions(const struct tv_template *t, enum tv_area area)
{
	int rank = 0;
	for (size_t i = 0; i < t->npackages; i++) {   /* packages are sorted by number */
		if (t->packages[i].area != area)
			continue;
		if (t->packages[i].position != rank++)
			return true;
	}
	return false;
}

static void
write_package(struct buf *b, const struct tv_template *t, const struct tv_package *p)
{
	buf_printf(b, "number: %d\n", p->number);
	put_text(b, "title", p->title);
	buf_printf(b, "area: %s\n", tv_area_key(p->area));
	if (p->status != TV_TODO)
		buf_printf(b, "status: %s\n", tv_pstatus_key(p->status));
	put_text(b, "owner", p->owner);
	put_when(b, "deadline", p->deadline);
	if (p->phase_id > 0 && (size_t)p->phase_id <= t->nphases)
		put_text(b, "phase", t->phases[p->phase_id - 1].name);
	if (needs_positions(t, p->area))
		buf_printf(b, "position: %d\n", p->position);
	for (int i = 0; i < TV_SECTION_COUNT; i++) {
		const char *s = p->sections[i];
		if (blank(s))
			continue;
		buf_printf(b, "\n## %s\n", tv_section_name((enum tv_section)i, true));
		for (;;) {
			const char *nl = strchr(s, '\n');
			size_t n = nl ? (size_t)(nl - s) : strlen(s);
			char *line = tv_xstrndup(s, n);
			if (escaped_heading(line))
				buf_puts(b, "\\");
			buf_puts(b, line);
			buf_puts(b, "\n");
			free(line);
			if (!nl)
				break;
			s = nl + 1;
		}
	}
	if (p->ntasks > 0)
		buf_puts(b, "\n## " TASKS_HEADING "\n");
	for (size_t i = 0; i < p->ntasks; i++) {
		const struct tv_task *tk = &p->tasks[i];
		buf_printf(b, "- [%c] ", tk->done ? 'x' : ' ');
		if (tk->deadline.day == TV_NO_DAY)
			buf_puts(b, "-");
		else
			format_when(b, tk->deadline);
		buf_printf(b, " %s%s: %s\n", tv_responsible_key(tk->responsible),
			tk->minimum ? " minimum" : "", tk->title);
	}
}

/* "1-implementeringsopstart.txt": the number, then the title in lower-case ASCII. */
static char *
package_file_name(const struct tv_package *p)
{
	static const struct { const char *from, *to; } fold[] = {
		{ "æ", "ae" }, { "Æ", "ae" }, { "ø", "oe" }, { "Ø", "oe" },
		{ "å", "aa" }, { "Å", "aa" }, { "é", "e" }, { "É", "e" },
		{ "ü", "u" }, { "Ü", "u" }, { "ö", "o" }, { "Ö", "o" }, { "ä", "a" }, { "Ä", "a" },
	};
	struct buf b = { 0 };
	buf_printf(&b, "%d-", p->number);
	size_t start = b.len;
	bool dash = true;
	for (const char *s = p->title ? p->title : ""; *s && b.len - start < 60;) {
		const char *rep = NULL;
		size_t adv = 1;
		for (size_t i = 0; i < sizeof fold / sizeof fold[0]; i++) {
			size_t n = strlen(fold[i].from);
			if (strncmp(s, fold[i].from, n) == 0) {
				rep = fold[i].to;
				adv = n;
				break;
			}
		}
		char c = *s;
		if (rep) {
			buf_puts(&b, rep);
			dash = false;
		} else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			buf_add(&b, &c, 1);
			dash = false;
		} else if (c >= 'A' && c <= 'Z') {
			c = (char)(c - 'A' + 'a');
			buf_add(&b, &c, 1);
			dash = false;
		} else {
			if (!dash)
				buf_puts(&b, "-");
			dash = true;
			/* skip the rest of a multi-byte character */
			while ((s[adv] & 0xC0) == 0x80)
				adv++;
		}
		s += adv;
	}
	while (b.len > start && b.s[b.len - 1] == '-')
		b.s[--b.len] = '\0';
	if (b.len == start)
		buf_puts(&b, "pakke");
	buf_puts(&b, ".txt");
	return b.s;
}

static enum tv_status
write_file(const char *dir, const char *name, const struct buf *b, struct tv_diag *diag)
{
	char *path = tv_xasprintf("%s/%s", dir, name);
	struct tv_atomic_file f;
	enum tv_status rc = tv_atomic_open(path, 0644, &f, diag);
	free(path);
	if (rc != TV_OK)
		return rc;
	/* Text from the database was checked on input, but a database edited by other means
	 * can hold terminal escapes; a template is read with cat and less, so a file that
	 * would fail the input check is written sanitised (controls made visible). A clean
	 * file, which is every file the parser accepts, is written unchanged. */
	const char *data = b->s;
	size_t len = b->len;
	char *clean = NULL;
	if (len && tv_text_check("template", b->s, SIZE_MAX, true, false, NULL) != TV_OK) {
		clean = tv_text_sanitize(b->s, b->len, TV_SAN_KEEP_NEWLINES | TV_SAN_VISIBLE);
		data = clean;
		len = strlen(clean);
	}
	if (len && fwrite(data, 1, len, f.fp) != len) {
		int e = errno;
		free(clean);
		tv_atomic_abort(&f);
		return tv_diag_set(diag, TV_IO, "%s/%s: %s", dir, name, strerror(e));
	}
	free(clean);
	return tv_atomic_commit(&f, diag);
}

/* A file an earlier export wrote: programme.txt or "<number>-<name>.txt". */
static bool
is_template_file_name(const char *name)
{
	if (strcmp(name, PROGRAMME_FILE) == 0)
		return true;
	const char *s = name;
	if (*s < '0' || *s > '9')
		return false;
	while (*s >= '0' && *s <= '9')
		s++;
	return *s == '-' && ends_with(name, ".txt");
}

enum tv_status
tv_template_write_dir(const struct tv_template *tpl, const char *dir, struct tv_diag *diag)
{
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		return tv_diag_set(diag, TV_IO, "%s: %s", dir, strerror(errno));
	struct stat st;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return tv_diag_set(diag, TV_IO, "%s: not a directory", dir);

	size_t n = tpl->npackages;
	char **names = tv_xcalloc(n + 1, sizeof *names);
	enum tv_status rc = TV_OK;
	for (size_t i = 0; i < n; i++) {
		names[i] = package_file_name(&tpl->packages[i]);
		for (size_t k = 0; k < i; k++)
			if (strcmp(names[k], names[i]) == 0)
				rc = tv_diag_set(diag, TV_INVALID, "two packages would be written "
					"to %s (duplicate package number)", names[i]);
	}
	if (rc == TV_OK) {
		struct buf b = { 0 };
		write_programme(&b, tpl);
		rc = write_file(dir, PROGRAMME_FILE, &b, diag);
		free(b.s);
	}
	for (size_t i = 0; i < n && rc == TV_OK; i++) {
		struct buf b = { 0 };
		write_package(&b, tpl, &tpl->packages[i]);
		rc = write_file(dir, names[i], &b, diag);
		free(b.s);
	}
	/* Remove template files of an earlier export that this one did not write
	 * (a renamed or deleted package), so loading the directory gives this template. */
	if (rc == TV_OK) {
		DIR *d = opendir(dir);
		struct dirent *e;
		while (d && (e = readdir(d)) != NULL) {
			if (!is_template_file_name(e->d_name) ||
				strcmp(e->d_name, PROGRAMME_FILE) == 0)
				continue;
			bool ours = false;
			for (size_t i = 0; i < n && !ours; i++)
				ours = strcmp(names[i], e->d_name) == 0;
			if (!ours) {
				char *path = tv_xasprintf("%s/%s", dir, e->d_name);
				if (unlink(path) != 0 && errno != ENOENT)
					rc = tv_diag_set(diag, TV_IO, "%s: %s", path,
						strerror(errno));
				free(path);
			}
		}
		if (d)
			closedir(d);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

enum tv_status
tv_template_format(const struct tv_template *tpl, struct tv_template_file **out,
	size_t *nout, struct tv_diag *diag)
{
	*out = NULL;
	*nout = 0;
	size_t n = tpl->npackages;
	struct tv_template_file *files = tv_xcalloc(n + 1, sizeof *files);
	enum tv_status rc = TV_OK;
	struct buf b = { 0 };
	write_programme(&b, tpl);
	files[0] = (struct tv_template_file){ tv_xstrdup(PROGRAMME_FILE), b.s ? b.s : tv_xstrdup(""),
		b.len };
	for (size_t i = 0; i < n; i++) {
		char *name = package_file_name(&tpl->packages[i]);
		for (size_t k = 0; k < i && rc == TV_OK; k++)
			if (strcmp(files[k + 1].name, name) == 0)
				rc = tv_diag_set(diag, TV_INVALID, "two packages would be written "
					"to %s (duplicate package number)", name);
		struct buf pb = { 0 };
		write_package(&pb, tpl, &tpl->packages[i]);
		files[i + 1] = (struct tv_template_file){ name, pb.s ? pb.s : tv_xstrdup(""), pb.len };
	}
	if (rc != TV_OK) {
		tv_template_files_free(files, n + 1);
		return rc;
	}
	*out = files;
	*nout = n + 1;
	return TV_OK;
}

void
tv_template_files_free(struct tv_template_file *files, size_t n)
{
	for (size_t i = 0; files && i < n; i++) {
		free((char *)files[i].name);
		free((char *)files[i].text);
	}
	free(files);
}
