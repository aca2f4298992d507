/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The one sanitiser for everything tavle shows or writes, strict UTF-8 decoding,
 * display-width measurement and clipping (wcwidth under the caller's locale), input
 * validation with messages, the one formatter for error messages that quote bytes,
 * case-insensitive search, JSON string escaping and initials. A terminal obeys control
 * characters and bidi overrides in any text it is given, so nothing reaches a screen,
 * an export or a log without passing through here.
 * Must not depend on curses, SQLite or libical.
 */
/* wcwidth() is an X/Open function. */
#define _XOPEN_SOURCE 700

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>
#include <wctype.h>

#include "tavle/buf.h"
#include "tavle/text.h"

#define REPLACEMENT 0xFFFDu

/* ---- UTF-8 ---- */

/* Strict decode: returns the length of a valid sequence, or 0 if invalid. */
static size_t
decode(const unsigned char *s, size_t n, unsigned *cp)
{
	if (n == 0)
		return 0;
	unsigned c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t len;
	unsigned min;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		min = 0x80;
		c &= 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		min = 0x800;
		c &= 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		min = 0x10000;
		c &= 0x07;
	} else {
		return 0; /* continuation byte, overlong lead C0/C1, or F5..FF */
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

size_t
tv_utf8_decode(const char *s, size_t n, unsigned *out_cp)
{
	if (n == 0) {
		*out_cp = REPLACEMENT;
		return 0;
	}
	size_t len = decode((const unsigned char *)s, n, out_cp);
	if (len == 0) {
		*out_cp = REPLACEMENT;
		return 1;
	}
	return len;
}

static size_t
encode(unsigned cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

bool
tv_text_valid_utf8(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;
	while (i < len) {
		unsigned cp;
		size_t n = decode(s + i, len - i, &cp);
		if (n == 0 || cp == 0)
			return false;
		i += n;
	}
	return true;
}

/* ---- classes ---- */

static bool
is_bidi_control(unsigned cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

static bool
is_zero_width(unsigned cp)
{
	return (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF;
}

static bool
is_control(unsigned cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

static bool
is_line_separator(unsigned cp)
{
	return cp == 0x2028 || cp == 0x2029;
}

/* Append code point cp, UTF-8 encoded. */
static void
buf_add_cp(struct tv_buf *b, unsigned cp)
{
	char tmp[4];
	tv_buf_add(b, tmp, encode(cp, tmp));
}

/* ---- sanitising ---- */

char *
tv_text_sanitize(const char *text, size_t len, unsigned flags)
{
	const unsigned char *s = (const unsigned char *)(text ? text : "");
	if (!text)
		len = 0;
	bool keep_nl = flags & TV_SAN_KEEP_NEWLINES;
	bool visible = flags & TV_SAN_VISIBLE;
	struct tv_buf b = TV_BUF_INIT;
	tv_buf_reserve(&b, len);
	size_t i = 0;
	while (i < len) {
		unsigned cp;
		size_t n = decode(s + i, len - i, &cp);
		if (n == 0) {
			/* one invalid byte at a time, so resynchronisation is immediate */
			buf_add_cp(&b, REPLACEMENT);
			i++;
			continue;
		}
		i += n;
		if (cp == '\n' || is_line_separator(cp)) {
			tv_buf_add(&b, keep_nl ? "\n" : " ", 1);
		} else if (cp == '\t') {
			tv_buf_add(&b, " ", 1);
		} else if (cp == '\r' && !visible) {
			tv_buf_add(&b, " ", 1);
		} else if (cp < 0x20 || cp == 0x7F) {
			if (visible) {
				char caret[2] = { '^', (char)(cp == 0x7F ? '?' : cp + 0x40) };
				tv_buf_add(&b, caret, 2);
			} else {
				buf_add_cp(&b, REPLACEMENT);
			}
		} else if (cp >= 0x80 && cp <= 0x9F) {
			if (visible) {
				char tmp[9];
				/* -Wformat-truncation cannot see cp <= 0x9F */
				tmp[0] = '<';
				tmp[1] = 'U';
				tmp[2] = '+';
				tmp[3] = '0';
				tmp[4] = '0';
				tmp[5] = "0123456789ABCDEF"[(cp >> 4) & 0xF];
				tmp[6] = "0123456789ABCDEF"[cp & 0xF];
				tmp[7] = '>';
				tv_buf_add(&b, tmp, 8);
			} else {
				buf_add_cp(&b, REPLACEMENT);
			}
		} else if (is_bidi_control(cp) || is_zero_width(cp)) {
			/* dropped: they reorder or hide what the reader sees */
		} else {
			tv_buf_add(&b, (const char *)s + i - n, n);
		}
	}
	return tv_buf_detach(&b, NULL);
}

/* The cut walks back over continuation bytes, so it never splits a character. */
char *
tv_text_clip_visible(const char *msg, size_t max)
{
	char *clean = tv_text_sanitize(msg, strlen(msg), TV_SAN_VISIBLE);
	size_t n = strlen(clean);
	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)clean[n] & 0xC0) == 0x80)
			n--;
		clean[n] = '\0';
	}
	return clean;
}

char *
tv_text_vformat_visible(size_t size, size_t max, const char *fmt, va_list ap)
{
	char *msg = tv_xmalloc(size);
	vsnprintf(msg, size, fmt, ap);
	char *clean = tv_text_clip_visible(msg, max);
	free(msg);
	return clean;
}

/* ---- width ---- */

static int
cp_width(unsigned cp)
{
	int w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

int
tv_text_width(const char *text)
{
	if (!text)
		return 0;
	size_t len = strlen(text);
	int width = 0;
	size_t i = 0;
	while (i < len) {
		unsigned cp;
		i += tv_utf8_decode(text + i, len - i, &cp);
		width += cp_width(cp);
	}
	return width;
}

size_t
tv_text_clip(const char *text, int width, int *out_width)
{
	if (width < 0)
		width = 0;
	size_t len = text ? strlen(text) : 0;
	size_t i = 0;
	int used = 0;
	while (i < len) {
		unsigned cp;
		size_t n = tv_utf8_decode(text + i, len - i, &cp);
		int w = cp_width(cp);
		/* A width-0 mark after a kept character always fits, so it stays with
		 * its base; the first character that does not fit ends the prefix. */
		if (used + w > width)
			break;
		used += w;
		i += n;
	}
	if (out_width)
		*out_width = used;
	return i;
}

char *
tv_text_ellipsize(const char *text, int width)
{
	if (!text || width <= 0)
		return tv_xstrdup("");
	if (tv_text_width(text) <= width)
		return tv_xstrdup(text);
	size_t keep = tv_text_clip(text, width - 1, NULL);
	char *out = tv_xmalloc(keep + sizeof "\u2026");
	memcpy(out, text, keep);
	memcpy(out + keep, "\u2026", sizeof "\u2026");
	return out;
}

/* ---- validation ---- */

enum tv_status
tv_text_check(const char *what, const char *text, size_t max_bytes, bool multiline,
	bool required, struct tv_diag *diag)
{
	if (!text)
		text = "";
	size_t len = strlen(text);
	if (len > max_bytes)
		return tv_diag_set(diag, TV_INVALID, "%s is %zu bytes; the limit is %zu", what, len,
			max_bytes);
	const unsigned char *s = (const unsigned char *)text;
	bool blank = true;
	size_t i = 0;
	while (i < len) {
		unsigned cp;
		size_t n = decode(s + i, len - i, &cp);
		if (n == 0)
			return tv_diag_set(diag, TV_INVALID, "%s is not valid UTF-8 (byte %zu)", what,
				i + 1);
		bool allowed_space = cp == '\n' || cp == '\t' || is_line_separator(cp);
		if ((is_control(cp) || is_line_separator(cp)) && !(multiline && allowed_space))
			return tv_diag_set(diag, TV_INVALID,
				"%s contains a control character (U+%04X)", what, cp);
		if (is_bidi_control(cp))
			return tv_diag_set(diag, TV_INVALID,
				"%s contains a bidirectional override (U+%04X)", what, cp);
		if (cp != ' ' && !allowed_space && !is_zero_width(cp))
			blank = false;
		i += n;
	}
	if (required && blank)
		return tv_diag_set(diag, TV_INVALID, "%s is empty", what);
	return TV_OK;
}

/* ---- JSON ---- */

void
tv_json_string(FILE *out, const char *text)
{
	if (!text) {
		fputs("null", out);
		return;
	}
	const unsigned char *s = (const unsigned char *)text;
	size_t len = strlen(text);
	fputc('"', out);
	size_t i = 0;
	while (i < len) {
		unsigned cp;
		size_t n = decode(s + i, len - i, &cp);
		if (n == 0) {
			fputs("\xEF\xBF\xBD", out);
			i++;
			continue;
		}
		switch (cp) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\t': fputs("\\t", out); break;
		case '\r': fputs("\\r", out); break;
		case '\b': fputs("\\b", out); break;
		case '\f': fputs("\\f", out); break;
		default:
			/* U+2028/2029 are valid JSON but break JavaScript and some line readers;
			 * C1 controls (U+009B is CSI), bidi overrides and zero-width characters
			 * are valid JSON too but act on a terminal showing the output, so they
			 * are escaped as well (a decoder gets the same string back). */
			if (is_control(cp) || is_line_separator(cp) || is_bidi_control(cp) ||
				is_zero_width(cp))
				fprintf(out, "\\u%04x", cp);
			else
				fwrite(s + i, 1, n, out);
		}
		i += n;
	}
	fputc('"', out);
}

/* ---- initials ---- */

static unsigned
upper(unsigned cp)
{
	wint_t u = towupper((wint_t)cp);
	if ((unsigned)u != cp)
		return (unsigned)u;
	/* Without a UTF-8 locale towupper leaves non-ASCII alone: Latin-1 by hand. */
	if ((cp >= 0xE0 && cp <= 0xFE && cp != 0xF7))
		return cp - 0x20;
	return cp;
}

static bool
is_letter(unsigned cp)
{
	if (iswalpha((wint_t)cp))
		return true;
	/* Without a UTF-8 locale iswalpha knows only ASCII: accept Latin-1 letters and
	 * anything beyond the symbol blocks rather than lose "Æ". */
	if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7)
		return false;
	return !is_control(cp) && !is_bidi_control(cp) && !is_zero_width(cp) &&
	       !(cp >= 0x2000 && cp <= 0x2BFF) && !(cp >= 0xFE00 && cp <= 0xFFFF) &&
	       !(cp >= 0x300 && cp <= 0x36F);
}

void
tv_text_initials(const char *name, char *buf, size_t size)
{
	if (size == 0)
		return;
	buf[0] = '\0';
	if (!name)
		return;
	const unsigned char *s = (const unsigned char *)name;
	size_t len = strlen(name), out = 0, i = 0;
	int count = 0;
	bool at_word_start = true;
	while (i < len && count < 3) {
		unsigned cp;
		size_t n = decode(s + i, len - i, &cp);
		if (n == 0) {
			i++;
			at_word_start = false;
			continue;
		}
		i += n;
		if (cp == ' ' || cp == '-' || cp == '\t' || cp == '\n' || cp == 0xA0) {
			at_word_start = true;
			continue;
		}
		if (!at_word_start)
			continue;
		if (!is_letter(cp))
			continue; /* "(Mette)": keep looking for the word's first letter */
		at_word_start = false;
		char tmp[4];
		size_t k = encode(upper(cp), tmp);
		if (out + k + 1 > size)
			break;
		memcpy(buf + out, tmp, k);
		out += k;
		buf[out] = '\0';
		count++;
	}
}

bool
tv_text_contains_ci(const char *hay, const char *needle)
{
	if (!hay || !needle)
		return false;
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return n == 0;
}

char *
tv_text_slug(const char *title)
{
	static const struct { unsigned cp; const char *as; } map[] = {
		{ 0xE6, "ae" }, { 0xC6, "ae" }, { 0xF8, "oe" }, { 0xD8, "oe" },
		{ 0xE5, "aa" }, { 0xC5, "aa" }, { 0xE9, "e" }, { 0xC9, "e" }, { 0xE8, "e" },
		{ 0xE4, "ae" }, { 0xC4, "ae" }, { 0xF6, "oe" }, { 0xD6, "oe" }, { 0xFC, "u" },
		{ 0xDC, "u" }, { 0xE1, "a" }, { 0xED, "i" }, { 0xF3, "o" }, { 0xFA, "u" },
	};
	char out[48];
	size_t n = 0, len = title ? strlen(title) : 0;
	bool dash = false;
	for (size_t i = 0; i < len && n < 40;) {
		unsigned cp;
		i += tv_utf8_decode(title + i, len - i, &cp);
		const char *as = NULL;
		char one[2] = { 0 };
		if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
			one[0] = (char)cp;
		else if (cp >= 'A' && cp <= 'Z')
			one[0] = (char)(cp - 'A' + 'a');
		for (size_t k = 0; !one[0] && k < sizeof map / sizeof map[0]; k++)
			if (map[k].cp == cp)
				as = map[k].as;
		if (one[0])
			as = one;
		if (!as) {
			dash = n > 0;
			continue;
		}
		if (dash && n < 40)
			out[n++] = '-';
		dash = false;
		for (; *as && n < 40; as++)
			out[n++] = *as;
	}
	while (n > 0 && out[n - 1] == '-')
		n--;
	if (n == 0)
		out[n++] = 'x';
	out[n] = '\0';
	return tv_xstrdup(out);
}
