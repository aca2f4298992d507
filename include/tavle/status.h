/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Status codes: the one table of everything that can go wrong in the core, with its
 * message and the exit code the command line maps it to. Every core function that can
 * fail returns an enum tv_status and writes its result to a last out parameter.
 * Must not depend on anything but the C library.
 */
#ifndef TAVLE_STATUS_H
#define TAVLE_STATUS_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

/* X(enum, exit code, message) */
#define TV_STATUS_INFO(X) \
	X(TV_OK,           0, "ok") \
	X(TV_INVALID,      2, "invalid input") \
	X(TV_NOT_FOUND,    2, "not found") \
	X(TV_CONFLICT,     1, "changed by someone else") \
	X(TV_BUSY,         1, "database busy") \
	X(TV_IO,           1, "input/output error") \
	X(TV_SCHEMA_NEWER, 1, "database made by a newer tavle") \
	X(TV_NOT_TAVLE,    1, "not a tavle database") \
	X(TV_CORRUPT,      1, "database is damaged") \
	X(TV_READONLY,     1, "database is read-only") \
	X(TV_UNSUPPORTED,  1, "unsupported") \
	X(TV_DB,           1, "database error")

enum tv_status {
#define TV_STATUS_ENUM(name, exit, msg) name,
	TV_STATUS_INFO(TV_STATUS_ENUM)
#undef TV_STATUS_ENUM
	TV_STATUS_COUNT
};

/* Short English message for a status. Returns a static string; never NULL. */
const char *tv_status_message(enum tv_status status);

/* Process exit code for a status: 0 ok, 1 runtime failure, 2 bad usage or input. */
int tv_status_exit_code(enum tv_status status);

/*
 * A diagnostic that names the problem, filled by functions that validate input.
 * Caller-owned storage (no static buffers). `file` and `line` are set by parsers
 * of files (template, .ics, config) and are 0/"" otherwise.
 */
struct tv_diag {
	char file[256];
	int line;
	char msg[512];
};

/* Clear a diagnostic. */
void tv_diag_clear(struct tv_diag *diag);

/* printf-style: set diag->msg (truncated to fit). NULL diag is allowed and ignored.
 * Returns `status` so callers can write `return tv_diag_set(d, TV_INVALID, ...)`. */
enum tv_status tv_diag_set(struct tv_diag *diag, enum tv_status status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The translation of `fmt` formatted with `ap` into buf (size > 0), cut to fit: how
 * every diagnostic of the core is written. */
void tv_msg_vformat(char *buf, size_t size, const char *fmt, va_list ap);
/* Like tv_diag_set, also recording file and line. */
enum tv_status tv_diag_set_at(struct tv_diag *diag, enum tv_status status, const char *file,
	int line, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Format a diag for humans: "FILE:LINE: msg" or "msg". Writes into buf (size > 0). */
void tv_diag_format(const struct tv_diag *diag, char *buf, size_t size);

/* Out of memory aborts in this one place, after running the registered hook (the TUI
 * registers one that restores the terminal). These never return NULL. */
void *tv_xmalloc(size_t size);
void *tv_xcalloc(size_t n, size_t size);
void *tv_xrealloc(void *ptr, size_t size);
char *tv_xstrdup(const char *s);            /* NULL in, NULL out */
char *tv_xstrndup(const char *s, size_t n);
char *tv_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Free a record's owned strings (given as their addresses) and zero the whole record:
 * the body of every *_clear function. `rec` may not be NULL. */
void tv_free_strings(char **const *strs, size_t n);
/* Free an array of n owned strings and the array itself (NULL: nothing). */
void tv_strv_free(char **v, size_t n);
#define TV_CLEAR(rec, ...) do { \
		tv_free_strings((char **const[]){ __VA_ARGS__ }, \
			sizeof((char **const[]){ __VA_ARGS__ }) / sizeof(char **)); \
		memset((rec), 0, sizeof *(rec)); \
	} while (0)

/* Called before abort() on fatal errors; one hook, last one wins. */
void tv_set_fatal_hook(void (*hook)(void));
_Noreturn void tv_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
