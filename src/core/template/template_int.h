/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Private to src/core/template/: what the template files share. The limits and file
 * names of the format, the small helpers every part uses (inline here), the reader of
 * one template file with its typed values and the one error formatter (reader.c), the
 * state of a load across files (struct loader: filled by programme.c and package.c,
 * finished by load.c), and the format rules that the parser and the writer (write.c)
 * or the board conversion (apply.c) must agree on. Helpers shared between these files
 * carry the tpl_ prefix; everything else stays static in its file. Depends on the
 * model, text checks and the store API, never on curses, SQLite or libical.
 */
#ifndef TAVLE_TEMPLATE_INT_H
#define TAVLE_TEMPLATE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tavle/template.h"
#include "tavle/text.h"

#define PROGRAMME_FILE "programme.txt"
#define TASKS_HEADING "Opgaver"
#define MAX_FILE_BYTES (1024 * 1024)
#define MAX_FILES 1000
#define MAX_OFFSET 36500      /* a century of days either way */
#define MAX_NUMBER 9999
#define MAX_KEY 40            /* bytes of an item key ({#4.3}, key: opstart) */

/* ---- small helpers ---- */

/* Grow an array by one zeroed element; returns a pointer to it. */
static inline void *
tpl_push(void *arrp, size_t *n, size_t size)
{
	void **arr = arrp;
	*arr = tv_xrealloc(*arr, (*n + 1) * size);
	char *el = (char *)*arr + *n * size;
	memset(el, 0, size);
	(*n)++;
	return el;
}

static inline bool
tpl_ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Optional strings: "" and NULL mean the same ("not set"). */
static inline bool
tpl_blank(const char *s)
{
	return !s || !*s;
}

static inline char *
tpl_dup_opt(const char *s)
{
	return tpl_blank(s) ? NULL : tv_xstrdup(s);
}

/* ---- loading: the state across files and the reader of one file (reader.c) ---- */

/* Extra facts about a package while loading: where its keys were, for messages. */
struct pkg_extra {
	const char *file;
	int number_line;
	char *phase_name;
	int phase_line;
	bool has_position;
};

/* Where an explicit key was given, for the duplicate message. */
struct key_at {
	int kind;             /* enum tv_kind */
	char *key;
	const char *file;
	int line;
};

struct loader {
	struct tv_template *tpl;
	struct key_at *keys;         /* the explicit keys so far */
	size_t nkeys;
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

/* Keys seen in the current block, to reject duplicates. */
struct tpl_seen {
	char keys[16][24];   /* copies: the line a key came from is gone by the next */
	int n;
};

/* Report the translated, sanitised message at the reader's file and current line;
 * returns TV_INVALID. */
enum tv_status tpl_err(struct reader *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Next line into r->cur without its LF (or CRLF). Returns 0 at the end, 1 with a
 * line, or -1 after reporting a bad line. */
int tpl_next_line(struct reader *r);
bool tpl_is_blank_line(const char *s);
/* Split "key: value" / "key:" in place. The key is [a-z-]+; the value is trimmed. */
bool tpl_split_key(char *line, char **key, char **value);
/* A continuation line: "> text" or ">" (an empty line inside a multi-line value). */
bool tpl_continuation(const char *line, const char **rest);
/* Append "\n" and `line` to the possibly-NULL string *value. */
void tpl_append_line(char **value, const char *line);
/* A continuation line's `rest` extends the text value *target (NULL when the line
 * before was no text value) up to `max` bytes; an error otherwise. */
enum tv_status tpl_continue_value(struct reader *r, char **target, size_t max,
	const char *rest);
/* "+Nd" / "-Nd" (N decimal, at most 5 digits, up to MAX_OFFSET). */
bool tpl_parse_offset(const char *s, size_t n, int32_t *out);
/* "HH:MM", 00:00-23:59, as minutes. */
bool tpl_parse_time(const char *s, size_t n, int16_t *out);
/* Typed values of key `key`; each reports at the current line. */
enum tv_status tpl_val_offset(struct reader *r, const char *key, const char *v, int32_t *out);
enum tv_status tpl_val_when(struct reader *r, const char *key, const char *v,
	struct tv_when *out);
enum tv_status tpl_val_area(struct reader *r, const char *key, const char *v, int *out);
enum tv_status tpl_val_text(struct reader *r, const char *key, const char *v, size_t max,
	char **out);
enum tv_status tpl_val_int(struct reader *r, const char *key, const char *v, int max,
	int *out);
/* TV_OK the first time `key` is given in the block, an error the second time. */
enum tv_status tpl_mark_seen(struct reader *r, struct tpl_seen *s, const char *key);
/* Does a line of section text read "## ..." once its leading backslashes are
 * dropped (the escape that lets section text begin with "## ")? */
bool tpl_escaped_heading(const char *line);
/* Drop trailing lines that are empty or spaces only; an empty result becomes NULL. */
void tpl_trim_trailing_blank_lines(char **text);

/* programme.txt (programme.c) and one package file (package.c) into the loader. */
enum tv_status tpl_parse_programme(struct reader *r, struct loader *ld);
enum tv_status tpl_parse_package(struct reader *r, struct loader *ld);

/* Is `key` a valid item key ([a-z0-9][a-z0-9._-]*, at most MAX_KEY bytes)? */
bool tpl_key_valid(const char *key);
/* Note an explicit key of `kind` given at the reader's current line: an error naming
 * the file and line of the first if the kind has it already (load.c). */
enum tv_status tpl_key_add(struct reader *r, struct loader *ld, int kind, const char *key);

/* The key and the base value of every merged field of a board row `id` made from the
 * template item `item` of `kind` (update.c); `history`: as op "tmpl" rows of the open
 * change (an update's added item), else none (a new board). */
enum tv_status tpl_seed_item(struct tv_store *store, const struct tv_template *tpl,
	enum tv_kind kind, int64_t id, const void *item, bool history);

/* qsort order of packages by number (load.c). */
int tpl_cmp_pkg_number(const void *a, const void *b);

#endif
