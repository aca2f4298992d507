/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The out-of-line half of include/tavle/buf.h, the core's growable string: growth
 * (through tv_xrealloc, so out of memory aborts in the one place), printf-style
 * appends, reset, release and detach. No curses, SQLite or libical.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "tavle/buf.h"
#include "tavle/status.h"

#define FIRST_CAP 64

void
tv_buf_grow(struct tv_buf *b, size_t n)
{
	if (n > SIZE_MAX / 2 - b->len - 1)
		tv_fatal("buffer size overflow (%zu + %zu bytes)", b->len, n);
	size_t need = b->len + n + 1;
	if (b->p && need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : FIRST_CAP;
	while (cap < need)
		cap *= 2;
	bool fresh = !b->p;
	b->p = tv_xrealloc(b->p, cap);
	b->cap = cap;
	if (fresh)
		b->p[b->len] = '\0';
}

void
tv_buf_addf(struct tv_buf *b, const char *fmt, ...)
{
	va_list ap;
	tv_buf_reserve(b, 0);
	size_t room = b->cap - b->len;
	va_start(ap, fmt);
	int n = vsnprintf(b->p + b->len, room, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->p[b->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		tv_buf_reserve(b, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

void
tv_buf_reset(struct tv_buf *b)
{
	tv_buf_reserve(b, 0);
	b->len = 0;
	b->p[0] = '\0';
}

void
tv_buf_release(struct tv_buf *b)
{
	free(b->p);
	*b = (struct tv_buf)TV_BUF_INIT;
}

char *
tv_buf_detach(struct tv_buf *b, size_t *len)
{
	char *s = b->p ? b->p : tv_xstrdup("");
	if (len)
		*len = b->len;
	*b = (struct tv_buf)TV_BUF_INIT;
	return s;
}
