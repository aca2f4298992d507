/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The request table turned into keymaps and help text. Keys and help come from the one
 * REQ_INFO table in app.h, so the help screen cannot drift from the bindings. A view's
 * keymap is searched first, then the generic one. Depends on curses only for key names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "tavle/status.h"

struct req_info {
	enum request req;
	const char *name;
	enum keymap km;
	const int *keys;
	const char *help;
};

#define REQ_KEYS(e, name, km, keys, help) static const int keys_##e[] = keys;
REQ_INFO(REQ_KEYS)
#undef REQ_KEYS

static const struct req_info req_table[] = {
#define REQ_ROW(e, name, km, keys, help) { e, name, km, keys_##e, help },
	REQ_INFO(REQ_ROW)
#undef REQ_ROW
};

#define NREQ (sizeof(req_table) / sizeof(req_table[0]))

static enum request
lookup(enum keymap km, int key)
{
	for (size_t i = 0; i < NREQ; i++) {
		if (req_table[i].km != km)
			continue;
		for (const int *k = req_table[i].keys; *k; k++)
			if (*k == key)
				return req_table[i].req;
	}
	return REQ_NONE;
}

enum request
request_for_key(enum keymap km, int key)
{
	enum request r = lookup(km, key);
	if (r == REQ_NONE && km != KM_GENERIC)
		r = lookup(KM_GENERIC, key);
	return r;
}

const char *
request_name(enum request req)
{
	for (size_t i = 0; i < NREQ; i++)
		if (req_table[i].req == req)
			return req_table[i].name;
	return "";
}

static void
key_text(int key, char *buf, size_t size)
{
	switch (key) {
	case '\n': snprintf(buf, size, "Enter"); return;
	case '\r': buf[0] = '\0'; return;  /* same key as Enter for the reader */
	case '\t': snprintf(buf, size, "Tab"); return;
	case ' ': snprintf(buf, size, "Space"); return;
	case KEY_ESC: snprintf(buf, size, "Esc"); return;
	case KEY_UP: snprintf(buf, size, "Up"); return;
	case KEY_DOWN: snprintf(buf, size, "Down"); return;
	case KEY_LEFT: snprintf(buf, size, "Left"); return;
	case KEY_RIGHT: snprintf(buf, size, "Right"); return;
	case KEY_HOME: snprintf(buf, size, "Home"); return;
	case KEY_END: snprintf(buf, size, "End"); return;
	case KEY_PPAGE: snprintf(buf, size, "PgUp"); return;
	case KEY_NPAGE: snprintf(buf, size, "PgDn"); return;
	case KEY_BTAB: snprintf(buf, size, "Shift-Tab"); return;
	case KEY_ENTER: buf[0] = '\0'; return;
	default: break;
	}
	if (key >= KEY_F(1) && key <= KEY_F(12)) {
		snprintf(buf, size, "F%d", key - KEY_F0);
	} else if (key > 0 && key < 32) {
		snprintf(buf, size, "Ctrl-%c", key + 'A' - 1);
	} else if (key < 127) {
		snprintf(buf, size, "%c", key);
	} else {
		const char *n = keyname(key);
		snprintf(buf, size, "%s", n ? n : "?");
	}
}

static void
keys_of(const struct req_info *ri, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (const int *k = ri->keys; *k; k++) {
		char one[32];
		key_text(*k, one, sizeof one);
		if (!one[0])
			continue;
		int n = snprintf(buf + used, size - used, "%s%s", used ? ", " : "", one);
		if (n < 0 || (size_t)n >= size - used)
			break;
		used += (size_t)n;
	}
}

void
request_keys_text(enum request req, char *buf, size_t size)
{
	buf[0] = '\0';
	for (size_t i = 0; i < NREQ; i++)
		if (req_table[i].req == req) {
			keys_of(&req_table[i], buf, size);
			return;
		}
}

char **
request_help_lines(size_t *out_count)
{
	static const char *const km_titles[KM_COUNT] = {
		"Everywhere", "Board", "Package detail", "Help", "Timeline (2)",
		"Agenda, meetings, decisions, people (3 4 5 p)",
		"Board switcher (b)", "Portfolio (6)",
	};
	static const enum keymap order[] = { KM_GENERIC, KM_BOARD, KM_DETAIL, KM_TIMELINE,
		KM_LIST, KM_BOARDS, KM_PORTFOLIO };
	char **lines = tv_xcalloc(NREQ + 16, sizeof(char *));
	size_t n = 0;
	for (size_t o = 0; o < sizeof order / sizeof order[0]; o++) {
		enum keymap km = order[o];
		if (n)
			lines[n++] = tv_xstrdup("");
		lines[n++] = tv_xasprintf("#%s", km_titles[km]);
		for (size_t i = 0; i < NREQ; i++) {
			if (req_table[i].km != km)
				continue;
			char keys[96];
			keys_of(&req_table[i], keys, sizeof keys);
			lines[n++] = tv_xasprintf("%-16s\t%-16s %s", keys, req_table[i].name,
				req_table[i].help);
		}
	}
	*out_count = n;
	return lines;
}
