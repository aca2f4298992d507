/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Text safety and measurement: the one sanitiser for everything tavle shows or writes
 * (terminal, CLI output, exports, logs), display-width measurement and clipping, and
 * JSON string escaping. Widths come from wcwidth() under the process locale, so callers
 * must have called setlocale(LC_ALL, "") (a UTF-8 locale; under a non-UTF-8 locale
 * non-ASCII characters are still decoded as UTF-8 but measured as width 1).
 * Must not depend on curses, SQLite or libical.
 */
#ifndef TAVLE_TEXT_H
#define TAVLE_TEXT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "tavle/status.h"

/* Input limits, in bytes of UTF-8 (documented in the README). */
#define TV_MAX_TITLE    300
#define TV_MAX_NAME     200
#define TV_MAX_SECTION  65536
#define TV_MAX_COMMENT  16384
#define TV_MAX_URL      2048

enum tv_sanitize_flags {
	/* Keep LF (multi-line text such as sections); otherwise LF becomes a space. */
	TV_SAN_KEEP_NEWLINES = 1 << 0,
	/* Replace controls by a visible form ("^[", "^M", "<U+0085>"); otherwise they are
	 * replaced by U+FFFD (ESC) or a space (TAB, CR, LF) or dropped. */
	TV_SAN_VISIBLE = 1 << 1,
};

/*
 * Return a cleaned copy of `len` bytes of `text` (NUL bytes allowed in the input):
 * strict UTF-8 decoding (invalid sequences, overlongs and surrogates become U+FFFD),
 * C0 and C1 controls and DEL made visible or replaced per `flags`, bidi controls
 * (U+202A-202E, U+2066-2069, U+200E/200F, U+061C) and zero-width characters
 * (U+200B-200D, U+2060, U+FEFF) dropped. TAB becomes a space.
 * The result is valid UTF-8 with no control characters (except LF if kept).
 * Caller frees. Never fails.
 */
char *tv_text_sanitize(const char *text, size_t len, unsigned flags);

/* A message for a terminal: NUL-terminated `msg` sanitised with TV_SAN_VISIBLE (it
 * may quote a file's bytes) and cut to at most `max` bytes on a character boundary.
 * Caller frees. Never fails. */
char *tv_text_clip_visible(const char *msg, size_t max);

/* Does `hay` contain `needle`, ASCII letters compared without case (strcasestr is a
 * GNU extension)? An empty needle is in every string; a NULL hay or needle contains
 * or is in nothing. */
bool tv_text_contains_ci(const char *hay, const char *needle);

/* An error message for a terminal, the one formatter for messages that quote a file's
 * or a user's bytes: `fmt` (printf-style, already translated) formatted into at most
 * size - 1 bytes (size > 0), then cleaned as tv_text_clip_visible(msg, max) does
 * (max SIZE_MAX: no clip). Caller frees. Never fails. */
char *tv_text_vformat_visible(size_t size, size_t max, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/* Is `text` (len bytes) valid UTF-8 with no NUL? */
bool tv_text_valid_utf8(const char *text, size_t len);

/*
 * Validate user input for a field: valid UTF-8, no NUL, no control characters other
 * than LF when `multiline`, no bidi overrides, at most `max_bytes`, and (when
 * `required`) not empty after trimming spaces. `what` names the field in the message
 * ("title is 1048576 bytes; the limit is 300"). Returns TV_OK or TV_INVALID.
 */
enum tv_status tv_text_check(const char *what, const char *text, size_t max_bytes,
	bool multiline, bool required, struct tv_diag *diag);

/* Display width of sanitised UTF-8 text (wide characters 2, combining marks 0). */
int tv_text_width(const char *text);

/*
 * Length in bytes of the longest prefix of `text` whose display width is <= `width`,
 * never splitting a character or separating a base character from its combining marks.
 * If `out_width` is not NULL it receives the prefix's width.
 */
size_t tv_text_clip(const char *text, int width, int *out_width);

/* Copy of `text` clipped to `width` columns; if it had to be cut, the last column
 * becomes "…" (U+2026). Caller frees. */
char *tv_text_ellipsize(const char *text, int width);

/* Decode one UTF-8 character at s (n bytes available). Returns its length (>= 1) and
 * stores the code point, or U+FFFD for an invalid sequence (length 1). */
size_t tv_utf8_decode(const char *s, size_t n, unsigned *out_cp);

/* Write `text` as a JSON string literal (with quotes) to `out`: valid JSON for any
 * input; invalid UTF-8 becomes U+FFFD, controls are \u-escaped. */
void tv_json_string(FILE *out, const char *text);

/* Initials of a name ("Mette Ærø Hansen" -> "MÆH", at most 3), into a caller buffer
 * of at least 16 bytes. */
void tv_text_initials(const char *name, char *buf, size_t size);

/* A short key made of a title (template keys, tavle/tmpl_update.h): lower-case ASCII
 * letters and digits, æ ø å as ae oe aa, other accented Latin letters without their
 * accent, every other run of characters one '-', none at either end, at most 40
 * bytes; "x" when nothing is left. Caller frees. */
char *tv_text_slug(const char *title);

#endif
