/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Status codes, diagnostics and the one place where running out of memory aborts.
 * Messages are English message ids translated here, where they are formatted, so every
 * diagnostic of the core reaches the user in the interface language (po/da.po; the
 * keywords are in po/meson.build). Depends on nothing but the C library.
 */
#include <libintl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tavle/status.h"

static const struct {
	int exit_code;
	const char *message;
} status_table[] = {
#define TV_X(name, exit, msg) { exit, msg },
	TV_STATUS_INFO(TV_X)
#undef TV_X
};

const char *
tv_status_message(enum tv_status status)
{
	if ((unsigned)status >= TV_STATUS_COUNT)
		return gettext("unknown error");
	return gettext(status_table[status].message);
}

int
tv_status_exit_code(enum tv_status status)
{
	if ((unsigned)status >= TV_STATUS_COUNT)
		return 1;
	return status_table[status].exit_code;
}

void
tv_diag_clear(struct tv_diag *diag)
{
	if (diag)
		memset(diag, 0, sizeof *diag);
}

void
tv_msg_vformat(char *buf, size_t size, const char *fmt, va_list ap)
{
	vsnprintf(buf, size, gettext(fmt), ap);
}

enum tv_status
tv_diag_set(struct tv_diag *diag, enum tv_status status, const char *fmt, ...)
{
	if (!diag)
		return status;
	va_list ap;
	va_start(ap, fmt);
	tv_msg_vformat(diag->msg, sizeof diag->msg, fmt, ap);
	va_end(ap);
	return status;
}

enum tv_status
tv_diag_set_at(struct tv_diag *diag, enum tv_status status, const char *file, int line,
	const char *fmt, ...)
{
	if (!diag)
		return status;
	snprintf(diag->file, sizeof diag->file, "%s", file ? file : "");
	diag->line = line;
	va_list ap;
	va_start(ap, fmt);
	tv_msg_vformat(diag->msg, sizeof diag->msg, fmt, ap);
	va_end(ap);
	return status;
}

void
tv_diag_format(const struct tv_diag *diag, char *buf, size_t size)
{
	if (diag->file[0] && diag->line > 0)
		snprintf(buf, size, "%s:%d: %s", diag->file, diag->line, diag->msg);
	else if (diag->file[0])
		snprintf(buf, size, "%s: %s", diag->file, diag->msg);
	else
		snprintf(buf, size, "%s", diag->msg);
}

static void (*fatal_hook)(void);

void
tv_set_fatal_hook(void (*hook)(void))
{
	fatal_hook = hook;
}

_Noreturn void
tv_fatal(const char *fmt, ...)
{
	if (fatal_hook)
		fatal_hook();
	va_list ap;
	va_start(ap, fmt);
	fputs("tavle: ", stderr);
	vfprintf(stderr, gettext(fmt), ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

void *
tv_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		tv_fatal("out of memory (%zu bytes)", size);
	return p;
}

void *
tv_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		tv_fatal("out of memory (%zu x %zu bytes)", n, size);
	return p;
}

void *
tv_xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p)
		tv_fatal("out of memory (%zu bytes)", size);
	return p;
}

void
tv_strv_free(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

void
tv_free_strings(char **const *strs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(*strs[i]);
}

char *
tv_xstrdup(const char *s)
{
	if (!s)
		return NULL;
	return tv_xstrndup(s, strlen(s));
}

char *
tv_xstrndup(const char *s, size_t n)
{
	if (!s)
		return NULL;
	size_t len = strnlen(s, n);
	char *p = tv_xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
tv_xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	/* gcc 12 with -fsanitize=undefined reports a spurious "null format string" for
	 * this measuring call (its null check on fmt confuses -Wformat-truncation). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif
	int n = vsnprintf(NULL, 0, fmt, ap);
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
	va_end(ap);
	if (n < 0)
		tv_fatal("bad format string");
	char *p = tv_xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
