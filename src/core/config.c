/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The configuration file parser (see tavle/config.h). Line oriented and forgiving: a
 * bad line is reported with its file and line and skipped, so one typo never costs
 * the user the rest of their settings. Pure: reads bytes, fills a struct, knows no
 * curses key codes (the TUI maps key names) and no command names (the TUI checks them).
 * Must not depend on curses, SQLite or libical.
 */
#include <errno.h>
#include <libintl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tavle/buf.h"
#include "tavle/config.h"
#include "tavle/fileio.h"
#include "tavle/i18n.h"
#include "tavle/reported.h"
#include "tavle/text.h"

#define MAX_WORDS 8
#define MAX_ERRORS 100

const char *const tv_config_key_names[] = {
	"Enter", "Tab", "Space", "Esc", "Up", "Down", "Left", "Right", "Home", "End", "PgUp",
	"PgDn", "Backspace", "Delete", "Insert", "Shift-Tab",
	"F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9", "F10", "F11", "F12", NULL,
};

static const char *const keymap_names[] = {
	"generic", "board", "detail", "timeline", "list", "boards", "portfolio", "review", NULL,
};

static const struct {
	const char *name;
	int value;
} colour_names[] = {
	{ "default", TV_COLOR_DEFAULT }, { "black", 0 }, { "red", 1 }, { "green", 2 },
	{ "yellow", 3 }, { "blue", 4 }, { "magenta", 5 }, { "cyan", 6 }, { "white", 7 },
	{ "orange", 208 }, { "gold", 220 },
};

void
tv_config_init(struct tv_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	for (int a = 0; a < TV_AREA_COUNT; a++)
		cfg->area_color[a] = TV_COLOR_UNSET;
	cfg->dates = TV_DATES_AUTO;
	cfg->mouse = true;
	cfg->esc_delay = 25;
	cfg->stale_days = TV_REPORT_STALE_DAYS;
}

void
tv_config_clear(struct tv_config *cfg)
{
	for (size_t i = 0; i < cfg->nbinds; i++) {
		free(cfg->binds[i].keymap);
		free(cfg->binds[i].key);
		free(cfg->binds[i].command);
	}
	free(cfg->binds);
	tv_strv_free(cfg->errors, cfg->nerrors);
	free(cfg->path);
	free(cfg->board);
	free(cfg->user);
	tv_config_init(cfg);
}

/* The file name for messages: the one being parsed (kept in errors' prefix). */
static void
verror(struct tv_config *cfg, const char *name, int line, const char *fmt, va_list ap)
{
	if (cfg->nerrors >= MAX_ERRORS)
		return;
	char *clean_msg = tv_text_vformat_visible(512, SIZE_MAX, gettext(fmt), ap);
	char *clean_name = tv_text_sanitize(name, strlen(name), 0);
	cfg->errors = tv_xrealloc(cfg->errors, (cfg->nerrors + 1) * sizeof *cfg->errors);
	if (cfg->nerrors + 1 == MAX_ERRORS)
		cfg->errors[cfg->nerrors++] = tv_xasprintf(gettext("%s:%d: too many errors; the rest are "
			"not reported"), clean_name, line);
	else
		cfg->errors[cfg->nerrors++] = tv_xasprintf("%s:%d: %s", clean_name, line, clean_msg);
	free(clean_name);
	free(clean_msg);
}

static void
error_at(struct tv_config *cfg, const char *name, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
error_at(struct tv_config *cfg, const char *name, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verror(cfg, name, line, fmt, ap);
	va_end(ap);
}

void
tv_config_error(struct tv_config *cfg, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verror(cfg, cfg->path ? cfg->path : "config", line, fmt, ap);
	va_end(ap);
}

bool
tv_config_key_valid(const char *key)
{
	size_t n = strlen(key);
	if (n == 0)
		return false;
	/* One character: one byte of printable ASCII, or one UTF-8 sequence. */
	if (n == 1)
		return key[0] > ' ' && key[0] < 127;
	if ((unsigned char)key[0] >= 0xC2 && tv_text_valid_utf8(key, n)) {
		size_t len = (unsigned char)key[0] >= 0xF0 ? 4 : (unsigned char)key[0] >= 0xE0 ? 3 : 2;
		if (len == n)
			return true;
	}
	/* ^X, C-x: a letter or one of @[\]^_ */
	if ((n == 2 && key[0] == '^') || (n == 3 && (key[0] == 'C' || key[0] == 'c') && key[1] == '-')) {
		char c = key[n - 1];
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || strchr("@[\\]^_", c);
	}
	for (size_t i = 0; tv_config_key_names[i]; i++)
		if (strcasecmp(key, tv_config_key_names[i]) == 0)
			return true;
	return false;
}

/* Split a line into words: blanks separate, "double quotes" group (\" and \\ inside),
 * '#' outside quotes starts a comment. Returns the count, or -1 with *err set. */
static int
split(char *line, char **words, const char **err)
{
	int n = 0;
	char *p = line;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '#')
			return n;
		if (n == MAX_WORDS) {
			*err = N_("too many words");
			return -1;
		}
		char *out = p;
		words[n++] = out;
		if (*p == '"') {
			p++;
			for (;;) {
				if (!*p) {
					*err = N_("unterminated quote");
					return -1;
				}
				if (*p == '"') {
					p++;
					break;
				}
				if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
					p++;
				*out++ = *p++;
			}
			if (*p && *p != ' ' && *p != '\t') {
				*err = N_("a quoted word must be followed by a blank");
				return -1;
			}
		} else {
			while (*p && *p != ' ' && *p != '\t')
				*out++ = *p++;
		}
		/* Unquoted, `out` is `p`: remember the blank before ending the word on it. */
		char after = *p;
		*out = '\0';
		if (!after)
			return n;
		p++;
	}
}

static bool
parse_int(const char *s, long min, long max, long *out)
{
	if (!*s)
		return false;
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max || !(s[0] >= '0' && s[0] <= '9'))
		return false;
	*out = v;
	return true;
}

static bool
parse_bool(const char *s, bool *out)
{
	if (!strcmp(s, "on") || !strcmp(s, "yes") || !strcmp(s, "true") || !strcmp(s, "1")) {
		*out = true;
		return true;
	}
	if (!strcmp(s, "off") || !strcmp(s, "no") || !strcmp(s, "false") || !strcmp(s, "0")) {
		*out = false;
		return true;
	}
	return false;
}

static void
set_string(char **slot, const char *v)
{
	free(*slot);
	*slot = tv_xstrdup(v);
}

static void
parse_line(struct tv_config *cfg, const char *name, int ln, char *line)
{
	char *w[MAX_WORDS];
	const char *err = NULL;
	int n = split(line, w, &err);
	if (n < 0) {
		error_at(cfg, name, ln, "%s", gettext(err));
		return;
	}
	if (n == 0)
		return;
	const char *cmd = w[0];
	if (strcmp(cmd, "bind") == 0) {
		if (n != 4) {
			error_at(cfg, name, ln, "bind needs KEYMAP KEY COMMAND");
			return;
		}
		size_t k;
		for (k = 0; keymap_names[k]; k++)
			if (strcmp(keymap_names[k], w[1]) == 0)
				break;
		if (!keymap_names[k]) {
			error_at(cfg, name, ln, "unknown keymap '%s' (generic, board, detail, timeline, "
				"list, boards, portfolio)", w[1]);
			return;
		}
		if (!tv_config_key_valid(w[2])) {
			error_at(cfg, name, ln, "unknown key '%s' (a character, ^X, C-x, or a name "
				"such as Enter, Tab, Space, Esc, Up, PgDn, F5)", w[2]);
			return;
		}
		cfg->binds = tv_xrealloc(cfg->binds, (cfg->nbinds + 1) * sizeof *cfg->binds);
		struct tv_config_bind *b = &cfg->binds[cfg->nbinds++];
		b->keymap = tv_xstrdup(w[1]);
		b->key = tv_xstrdup(w[2]);
		b->command = tv_xstrdup(w[3]);
		b->line = ln;
	} else if (strcmp(cmd, "color") == 0 || strcmp(cmd, "colour") == 0) {
		enum tv_area a;
		if (n != 3) {
			error_at(cfg, name, ln, "%s needs area.KEY COLOUR", cmd);
			return;
		}
		if (strncmp(w[1], "area.", 5) != 0 || !tv_area_from_key(w[1] + 5, &a)) {
			error_at(cfg, name, ln, "unknown colour target '%s' (area.org, area.kom, "
				"area.data, area.udd)", w[1]);
			return;
		}
		long v;
		if (parse_int(w[2], 0, 255, &v)) {
			cfg->area_color[a] = (int)v;
			return;
		}
		for (size_t i = 0; i < sizeof colour_names / sizeof colour_names[0]; i++)
			if (strcasecmp(colour_names[i].name, w[2]) == 0) {
				cfg->area_color[a] = colour_names[i].value;
				return;
			}
		error_at(cfg, name, ln, "unknown colour '%s' (0-255, or black red green yellow blue "
			"magenta cyan white orange gold default)", w[2]);
	} else if (strcmp(cmd, "board") == 0 || strcmp(cmd, "user") == 0) {
		if (n != 2 || !w[1][0]) {
			error_at(cfg, name, ln, "%s needs one value (quote it if it has blanks)", cmd);
			return;
		}
		if (strlen(w[1]) > TV_MAX_NAME) {
			error_at(cfg, name, ln, "%s is longer than %d bytes", cmd, TV_MAX_NAME);
			return;
		}
		set_string(cmd[0] == 'b' ? &cfg->board : &cfg->user, w[1]);
	} else if (strcmp(cmd, "date-format") == 0) {
		if (n == 2 && strcmp(w[1], "iso") == 0)
			cfg->dates = TV_DATES_ISO;
		else if (n == 2 && strcmp(w[1], "danish") == 0)
			cfg->dates = TV_DATES_DANISH;
		else if (n == 2 && strcmp(w[1], "auto") == 0)
			cfg->dates = TV_DATES_AUTO;
		else if (n == 2 && strcmp(w[1], "long") == 0)
			cfg->dates = TV_DATES_LONG;
		else
			error_at(cfg, name, ln, "date-format is auto, long, iso or danish");
	} else if (strcmp(cmd, "mouse") == 0) {
		if (n != 2 || !parse_bool(w[1], &cfg->mouse))
			error_at(cfg, name, ln, "mouse is on or off");
	} else if (strcmp(cmd, "esc-delay") == 0) {
		long v;
		if (n != 2 || !parse_int(w[1], 0, 10000, &v))
			error_at(cfg, name, ln, "esc-delay is a number of milliseconds, 0-10000");
		else
			cfg->esc_delay = (int)v;
	} else if (strcmp(cmd, "report-stale-days") == 0) {
		long v;
		if (n != 2 || !parse_int(w[1], 1, 3650, &v))
			error_at(cfg, name, ln, "report-stale-days is a number of days, 1-3650");
		else
			cfg->stale_days = (int)v;
	} else {
		error_at(cfg, name, ln, "unknown setting '%s' (bind, color, board, date-format, "
			"user, mouse, esc-delay, report-stale-days)", cmd);
	}
}

void
tv_config_parse(struct tv_config *cfg, const char *name, const char *text, size_t len)
{
	int ln = 0;
	size_t i = 0;
	while (i < len) {
		size_t j = i;
		while (j < len && text[j] != '\n')
			j++;
		ln++;
		size_t l = j - i;
		if (l && text[i + l - 1] == '\r')
			l--;
		if (!tv_text_valid_utf8(text + i, l)) {
			error_at(cfg, name, ln, "not valid UTF-8 text");
		} else {
			char *line = tv_xstrndup(text + i, l);
			bool ctl = false;
			for (char *p = line; *p; p++)
				if ((unsigned char)*p < ' ' && *p != '\t')
					ctl = true;
			if (ctl)
				error_at(cfg, name, ln, "control character in the line");
			else
				parse_line(cfg, name, ln, line);
			free(line);
		}
		i = j + 1;
	}
}

char *
tv_config_path(void)
{
	const char *x = getenv("XDG_CONFIG_HOME");
	if (x && x[0] == '/')
		return tv_xasprintf("%s/tavle/config", x);
	const char *h = getenv("HOME");
	if (h && h[0])
		return tv_xasprintf("%s/.config/tavle/config", h);
	return NULL;
}

void
tv_config_load(struct tv_config *cfg, const char *path)
{
	tv_config_init(cfg);
	char *p = path ? tv_xstrdup(path) : tv_config_path();
	if (!p)
		return;
	char *text = NULL;
	size_t len = 0;
	struct tv_diag diag = { 0 };
	enum tv_status st = tv_file_read(p, TV_CONFIG_MAX_BYTES, &text, &len, &diag);
	if (st == TV_NOT_FOUND) {
		free(p);
		return;
	}
	cfg->path = p;
	if (st != TV_OK) {
		error_at(cfg, p, 0, "%s", diag.msg[0] ? diag.msg : tv_status_message(st));
		return;
	}
	tv_config_parse(cfg, p, text, len);
	free(text);
}

/* A word quoted when it needs to be (blanks, quotes, '#', empty). */
static char *
quote(const char *s)
{
	if (s[0] && !strpbrk(s, " \t\"#\\"))
		return tv_xstrdup(s);
	char *q = tv_xmalloc(2 * strlen(s) + 3), *o = q;
	*o++ = '"';
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			*o++ = '\\';
		*o++ = *s;
	}
	*o++ = '"';
	*o = '\0';
	return q;
}

/* "KEY VALUE" with VALUE quoted as needed, or, when unset, a comment naming the fallback. */
static void
put_text_setting(struct tv_buf *b, const char *key, const char *value, const char *fallback)
{
	if (value) {
		char *q = quote(value);
		tv_buf_addf(b, "%s %s\n", key, q);
		free(q);
	} else {
		tv_buf_addf(b, "# %s NAME (not set: %s)\n", key, fallback);
	}
}

char *
tv_config_dump(const struct tv_config *cfg)
{
	struct tv_buf b = TV_BUF_INIT;
	tv_buf_addf(&b, "# tavle configuration in effect (file: %s)\n",
		cfg->path ? cfg->path : "none");
	for (int a = 0; a < TV_AREA_COUNT; a++) {
		int c = cfg->area_color[a];
		if (c == TV_COLOR_UNSET)
			tv_buf_addf(&b, "# color area.%s (built-in)\n", tv_area_key((enum tv_area)a));
		else if (c == TV_COLOR_DEFAULT)
			tv_buf_addf(&b, "color area.%s default\n", tv_area_key((enum tv_area)a));
		else
			tv_buf_addf(&b, "color area.%s %d\n", tv_area_key((enum tv_area)a), c);
	}
	put_text_setting(&b, "board", cfg->board, "the last used board");
	static const char *const styles[] = { [TV_DATES_ISO] = "iso",
		[TV_DATES_DANISH] = "danish", [TV_DATES_AUTO] = "auto", [TV_DATES_LONG] = "long" };
	tv_buf_addf(&b, "date-format %s\n", (unsigned)cfg->dates < 4 ? styles[cfg->dates] : "auto");
	put_text_setting(&b, "user", cfg->user, "the login name");
	tv_buf_addf(&b, "mouse %s\n", cfg->mouse ? "on" : "off");
	tv_buf_addf(&b, "esc-delay %d\n", cfg->esc_delay);
	tv_buf_addf(&b, "report-stale-days %d\n", cfg->stale_days);
	for (size_t i = 0; i < cfg->nbinds; i++) {
		char *k = quote(cfg->binds[i].key), *c = quote(cfg->binds[i].command);
		tv_buf_addf(&b, "bind %s %s %s\n", cfg->binds[i].keymap, k, c);
		free(k);
		free(c);
	}
	return tv_buf_detach(&b, NULL);
}
