/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Text for the calendar files: appending numbers and sanitised text to the core's
 * growable string (struct tv_buf, tavle/buf.h), and folding content lines. libical
 * 3.0.16 folds at 73-74 octets, can cut inside a UTF-8 sequence, leave a bare CR or an
 * empty continuation line, so its output is unfolded here (ical_sb_unfold) and folded
 * again at 75 octets on character boundaries (ical_fold_lines). libical also writes
 * control characters raw, so every text from the store passes the sanitiser first.
 * No libical calls.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tavle/text.h"
#include "ical_int.h"

/* Append v >= 0 in decimal, zero-padded to `width` digits (vsnprintf was a fifth of
 * the export's instructions for these few digits). */
void
ical_sb_num(struct tv_buf *b, unsigned v, int width)
{
	char tmp[16];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v && n < (int)sizeof tmp);
	while (n < width && n < (int)sizeof tmp)
		tmp[n++] = '0';
	tv_buf_reserve(b, (size_t)n);
	while (n > 0)
		b->p[b->len++] = tmp[--n];
	b->p[b->len] = '\0';
}

/* Append any int as printf's "%0*d" would (negative numbers are rare: bad data). */
void
ical_sb_int(struct tv_buf *b, int v, int width)
{
	if (v >= 0) {
		ical_sb_num(b, (unsigned)v, width);
		return;
	}
	char tmp[24];
	int n = snprintf(tmp, sizeof tmp, "%0*d", width, v);
	if (n > 0)
		tv_buf_add(b, tmp, (size_t)n);
}

/* Would tv_text_sanitize return `s` unchanged? True for printable ASCII (and LF in
 * multi-line text) and the two-byte UTF-8 letters U+00C0-U+00FF (æ, ø, å, é...),
 * which is nearly all real text; anything else takes the full sanitiser. */
static bool
text_clean(const char *s, bool multiline)
{
	const unsigned char *q = (const unsigned char *)s;
	for (;;) {
		unsigned c = *q;
		if (c >= 0x20 && c < 0x7f) {
			q++;
		} else if (c == 0) {
			return true;
		} else if (c == '\n' && multiline) {
			q++;
		} else if (c == 0xC3 && q[1] >= 0x80 && q[1] <= 0xBF) {
			q += 2;
		} else {
			return false;
		}
	}
}

/* Append the sanitised form of possibly-NULL text: libical writes control characters
 * raw. Allocates only for text that actually needs cleaning. */
void
ical_sb_san(struct tv_buf *b, const char *s, bool multiline)
{
	if (!s)
		return;
	if (text_clean(s, multiline)) {
		tv_buf_adds(b, s);
		return;
	}
	char *r = tv_text_sanitize(s, strlen(s), multiline ? TV_SAN_KEEP_NEWLINES : 0);
	tv_buf_adds(b, r);
	free(r);
}

/* Sanitised copy of possibly-NULL text: libical writes control characters raw. */
char *
ical_san(const char *s, bool multiline)
{
	if (!s)
		s = "";
	if (text_clean(s, multiline))
		return tv_xstrdup(s);
	return tv_text_sanitize(s, strlen(s), multiline ? TV_SAN_KEEP_NEWLINES : 0);
}

/* Write one logical line folded at <= 75 octets, never inside a UTF-8 sequence and
 * never leaving an empty continuation line. */
static void
fold_line(struct tv_buf *out, const char *s, size_t n)
{
	tv_buf_reserve(out, n + 3 * (n / (FOLD_LIMIT - 1) + 1));
	char *o = out->p + out->len;
	size_t limit = FOLD_LIMIT;
	bool first = true;
	do {
		size_t take = n;
		if (take > limit) {
			take = limit;
			/* Back up to the start of a character. */
			while (take > 0 && ((unsigned char)s[take] & 0xC0) == 0x80)
				take--;
			if (take == 0)
				take = limit; /* cannot happen with valid UTF-8 */
		}
		if (!first)
			*o++ = ' ';
		memcpy(o, s, take);
		o += take;
		*o++ = '\r';
		*o++ = '\n';
		s += take;
		n -= take;
		first = false;
		limit = FOLD_LIMIT - 1; /* the leading space counts */
	} while (n > 0);
	out->len = (size_t)(o - out->p);
	out->p[out->len] = '\0';
}

/* Fold every non-empty '\n'-terminated line of `text` (unfolded, without CR: what
 * ical_sb_unfold and the direct property writer produce) into `out`, CRLF-terminated. */
void
ical_fold_lines(struct tv_buf *out, const char *text, size_t n)
{
	const char *end = text + n;
	while (text < end) {
		const char *nl = memchr(text, '\n', (size_t)(end - text));
		size_t len = nl ? (size_t)(nl - text) : (size_t)(end - text);
		if (len > 0)
			fold_line(out, text, len);
		text += len + 1;
	}
}

/* Append libical's serialisation `text` unfolded and without CRs (libical bug 1 can
 * leave one mid-line; texts are sanitised), one logical line per '\n'. */
void
ical_sb_unfold(struct tv_buf *b, const char *text)
{
	size_t n = strlen(text);
	tv_buf_reserve(b, n);
	char *o = b->p + b->len;
	for (size_t i = 0; i < n; i++) {
		char c = text[i];
		if (c == '\r' && i + 2 < n && text[i + 1] == '\n' &&
		    (text[i + 2] == ' ' || text[i + 2] == '\t')) {
			i += 2;
			continue;
		}
		if (c == '\n' && i + 1 < n && (text[i + 1] == ' ' || text[i + 1] == '\t')) {
			i += 1;
			continue;
		}
		if (c != '\r')
			*o++ = c;
	}
	b->len = (size_t)(o - b->p);
	b->p[b->len] = '\0';
}

/* Only spaces (what sanitising leaves of blanks)? libical reads such a value as none. */
bool
ical_all_spaces(const char *s)
{
	while (*s == ' ')
		s++;
	return !*s;
}


/* FNV-1a: UIDs are short, and a set holds one calendar's meetings. */
static size_t
uid_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	return (size_t)h;
}

bool
ical_uidset_add(struct ical_uidset *set, const char *uid)
{
	if (2 * (set->n + 1) > set->cap) {
		size_t ncap = set->cap ? set->cap * 2 : 64;
		char **slot = tv_xcalloc(ncap, sizeof *slot);
		for (size_t i = 0; i < set->cap; i++) {
			if (!set->slot[i])
				continue;
			size_t k = uid_hash(set->slot[i]) & (ncap - 1);
			while (slot[k])
				k = (k + 1) & (ncap - 1);
			slot[k] = set->slot[i];
		}
		free(set->slot);
		set->slot = slot;
		set->cap = ncap;
	}
	size_t k = uid_hash(uid) & (set->cap - 1);
	for (; set->slot[k]; k = (k + 1) & (set->cap - 1))
		if (strcmp(set->slot[k], uid) == 0)
			return false;
	set->slot[k] = tv_xstrdup(uid);
	set->n++;
	return true;
}

void
ical_uidset_free(struct ical_uidset *set)
{
	for (size_t i = 0; i < set->cap; i++)
		free(set->slot[i]);
	free(set->slot);
	*set = (struct ical_uidset){ 0 };
}
