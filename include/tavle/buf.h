/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The core's one growable string (in the spirit of git's strbuf): bytes appended at
 * the end, always NUL-terminated once anything has been added or the buffer reset,
 * memory kept across resets so a hot loop can reuse one buffer. Growth goes through
 * tv_xrealloc, so out of memory aborts like every other core allocation and no append
 * can fail. The appends the calendar export runs per byte are inline here; growth and
 * formatting are out of line in src/core/buf.c. No curses, SQLite or libical.
 */
#ifndef TAVLE_BUF_H
#define TAVLE_BUF_H

#include <stddef.h>
#include <string.h>

/*
 * A zeroed struct (or TV_BUF_INIT) is a valid empty buffer whose `p` is still NULL;
 * read it with tv_buf_str when it may be empty. `len` excludes the NUL, `cap` counts
 * the bytes allocated. Callers may write into p[len .. cap-2] after tv_buf_reserve
 * and then set `len` and p[len] = '\0' themselves.
 */
struct tv_buf {
	char *p;
	size_t len, cap;
};

#define TV_BUF_INIT { NULL, 0, 0 }

/* Out-of-line slow path of tv_buf_reserve: make room for n more bytes and the NUL
 * (capacity at least doubles). Aborts on out of memory or size overflow. */
void tv_buf_grow(struct tv_buf *b, size_t n);

/* Room for n more bytes and the terminating NUL. */
static inline void
tv_buf_reserve(struct tv_buf *b, size_t n)
{
	if (n >= b->cap - b->len) /* cap is 0 while p is NULL */
		tv_buf_grow(b, n);
}

/* Append n bytes of s (NUL bytes allowed). */
static inline void
tv_buf_add(struct tv_buf *b, const char *s, size_t n)
{
	tv_buf_reserve(b, n);
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* Append the NUL-terminated string s. */
static inline void
tv_buf_adds(struct tv_buf *b, const char *s)
{
	tv_buf_add(b, s, strlen(s));
}

/* Append one byte. */
static inline void
tv_buf_addc(struct tv_buf *b, char c)
{
	tv_buf_reserve(b, 1);
	b->p[b->len++] = c;
	b->p[b->len] = '\0';
}

/* The contents as a string: "" while nothing has been allocated. Borrowed. */
static inline const char *
tv_buf_str(const struct tv_buf *b)
{
	return b->p ? b->p : "";
}

/* Append printf-formatted text. An encoding error from vsnprintf appends nothing. */
void tv_buf_addf(struct tv_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Empty the buffer but keep its memory; afterwards `p` is a valid empty string. */
void tv_buf_reset(struct tv_buf *b);

/* Free the memory; the buffer is empty and reusable (zeroed). */
void tv_buf_release(struct tv_buf *b);

/* Hand the string over to the caller, who frees it ("" allocated if nothing was
 * added), its length to *len if len is not NULL; the buffer is left empty. */
char *tv_buf_detach(struct tv_buf *b, size_t *len);

#endif
