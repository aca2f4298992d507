/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The reader of one template file: lines (CRLF tolerated, NUL bytes and bad text
 * refused), "key: value" lines and "> " continuations, the typed values (day offsets,
 * times, areas, bounded text, whole numbers) with their messages, duplicate keys, and
 * the one error formatter that names FILE:LINE. Also the two format rules the writer
 * must mirror: escaped "## " lines and trailing blank lines of section text.
 */
#include <errno.h>
#include <libintl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template_int.h"

/* "+Nd" / "-Nd" (N decimal, at most 5 digits). */
bool
tpl_parse_offset(const char *s, size_t n, int32_t *out)
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
bool
tpl_parse_time(const char *s, size_t n, int16_t *out)
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

enum tv_status
tpl_err(struct reader *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	/* Messages quote the file's bytes and end up on a terminal. */
	char *clean = tv_text_vformat_visible(512, 500, gettext(fmt), ap);
	va_end(ap);
	enum tv_status st = tv_diag_set_at(r->diag, TV_INVALID, r->file, r->line, "%s", clean);
	free(clean);
	return st;
}

/* Next line without its LF (and without a CR before it, for files saved on Windows).
 * Returns 0 at the end, 1 with a line, or -1 after reporting a bad line. */
int
tpl_next_line(struct reader *r)
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
		return tpl_err(r, "NUL byte in the line"), -1;
	struct tv_diag d = { 0 };
	if (tv_text_check("line", r->cur, TV_MAX_SECTION, false, false, &d) != TV_OK)
		return tpl_err(r, "%s", d.msg), -1;
	return 1;
}

bool
tpl_is_blank_line(const char *s)
{
	for (; *s; s++)
		if (*s != ' ')
			return false;
	return true;
}

/* Split "key: value" / "key:". The key is [a-z-]+. The value is trimmed. */
bool
tpl_split_key(char *line, char **key, char **value)
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
bool
tpl_continuation(const char *line, const char **rest)
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

void
tpl_append_line(char **value, const char *line)
{
	char *s = tv_xasprintf("%s\n%s", *value ? *value : "", line);
	free(*value);
	*value = s;
}

enum tv_status
tpl_continue_value(struct reader *r, char **target, size_t max, const char *rest)
{
	if (!target)
		return tpl_err(r, "a '>' continuation line must follow a text value");
	tpl_append_line(target, rest);
	if (strlen(*target) > max)
		return tpl_err(r, "value is longer than %zu bytes", max);
	return TV_OK;
}

/* Typed values; each reports at the current line. */
enum tv_status
tpl_val_offset(struct reader *r, const char *key, const char *v, int32_t *out)
{
	if (!tpl_parse_offset(v, strlen(v), out))
		return tpl_err(r, "%s: '%s' is not a day offset like +30d or -7d", key, v);
	return TV_OK;
}

enum tv_status
tpl_val_when(struct reader *r, const char *key, const char *v, struct tv_when *out)
{
	const char *sp = strchr(v, ' ');
	size_t dn = sp ? (size_t)(sp - v) : strlen(v);
	if (!tpl_parse_offset(v, dn, &out->day))
		return tpl_err(r, "%s: '%s' is not a day offset like +30d (optionally with a time "
			"like +30d 10:00)", key, v);
	out->minute = TV_NO_TIME;
	if (sp && !tpl_parse_time(sp + 1, strlen(sp + 1), &out->minute))
		return tpl_err(r, "%s: '%s' is not a time of day HH:MM (00:00-23:59)", key, sp + 1);
	return TV_OK;
}

enum tv_status
tpl_val_area(struct reader *r, const char *key, const char *v, int *out)
{
	enum tv_area a;
	if (!tv_area_from_key(v, &a))
		return tpl_err(r, "%s: unknown area '%s' (use org, kom, data or udd)", key, v);
	*out = (int)a;
	return TV_OK;
}

enum tv_status
tpl_val_text(struct reader *r, const char *key, const char *v, size_t max, char **out)
{
	struct tv_diag d = { 0 };
	if (tv_text_check(key, v, max, false, false, &d) != TV_OK)
		return tpl_err(r, "%s", d.msg);
	free(*out);
	*out = tpl_dup_opt(v);
	return TV_OK;
}

enum tv_status
tpl_val_int(struct reader *r, const char *key, const char *v, int max, int *out)
{
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (!*v || *end || errno || n < 0 || n > max || v[0] == '+' || v[0] == ' ')
		return tpl_err(r, "%s: '%s' is not a whole number from 0 to %d", key, v, max);
	*out = (int)n;
	return TV_OK;
}

enum tv_status
tpl_mark_seen(struct reader *r, struct tpl_seen *s, const char *key)
{
	for (int i = 0; i < s->n; i++)
		if (strcmp(s->keys[i], key) == 0)
			return tpl_err(r, "'%s' given twice", key);
	if (s->n < 16 && strlen(key) < sizeof s->keys[0])
		snprintf(s->keys[s->n++], sizeof s->keys[0], "%s", key);
	return TV_OK;
}

/* "\## x" in a file is the text line "## x" (and "\\## x" is "\## x"): a line of
 * section text may begin with "## " without starting a new section. */
bool
tpl_escaped_heading(const char *line)
{
	while (*line == '\\')
		line++;
	return strncmp(line, "## ", 3) == 0;
}

void
tpl_trim_trailing_blank_lines(char **text)
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
