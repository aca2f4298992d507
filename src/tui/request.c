/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The request table turned into keymaps and help text. Keys and help come from the one
 * REQ_INFO table in app.h, so the help screen cannot drift from the bindings. A view's
 * keymap is searched first, then the generic one. Help lists the keys of the view it
 * was opened from first, and as "Everywhere" only the generic requests no keymap claims
 * in km_acts (those work in every view). Depends on curses only for key names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "keys.h"
#include "tavle/i18n.h"
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

/* Bindings from the configuration file, laid over the table: looked up first, and a
 * default key they rebind is no longer shown for its old command. */
struct override {
	enum keymap km;
	int key;
	enum request req;   /* REQ_NONE: unbound */
};
static struct override *overrides;
static size_t noverrides;

void
request_bind(enum keymap km, int key, enum request req)
{
	for (size_t i = 0; i < noverrides; i++)
		if (overrides[i].km == km && overrides[i].key == key) {
			overrides[i].req = req;
			return;
		}
	overrides = tv_xrealloc(overrides, (noverrides + 1) * sizeof *overrides);
	overrides[noverrides++] = (struct override){ km, key, req };
}

void
request_unbind_all(void)
{
	free(overrides);
	overrides = NULL;
	noverrides = 0;
}

static const struct override *
find_override(enum keymap km, int key)
{
	for (size_t i = 0; i < noverrides; i++)
		if (overrides[i].km == km && overrides[i].key == key)
			return &overrides[i];
	return NULL;
}

bool
request_from_name(const char *name, enum request *out)
{
	if (strcmp(name, "none") == 0) {
		*out = REQ_NONE;
		return true;
	}
	static const char *const prefixes[] = { "", "set-", "view-" };
	for (size_t p = 0; p < sizeof prefixes / sizeof prefixes[0]; p++) {
		size_t pl = strlen(prefixes[p]);
		for (size_t i = 0; i < NREQ; i++)
			if (strncmp(req_table[i].name, prefixes[p], pl) == 0 &&
					strcmp(req_table[i].name + pl, name) == 0) {
				*out = req_table[i].req;
				return true;
			}
	}
	return false;
}

/* Is `key` bound in `km` (by the config or the table)? The request in *out. */
static bool
lookup(enum keymap km, int key, enum request *out)
{
	const struct override *o = find_override(km, key);
	if (o) {
		*out = o->req;
		return true;
	}
	for (size_t i = 0; i < NREQ; i++) {
		if (req_table[i].km != km)
			continue;
		for (const int *k = req_table[i].keys; *k; k++)
			if (*k == key) {
				*out = req_table[i].req;
				return true;
			}
	}
	return false;
}

enum request
request_for_key(enum keymap km, int key)
{
	enum request r = REQ_NONE;
	if (!lookup(km, key, &r) && km != KM_GENERIC)
		lookup(KM_GENERIC, key, &r);
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
	/* The keys in effect: the defaults the config did not rebind, then the config's. */
	for (const int *k = ri->keys; *k; k++) {
		char one[32];
		if (find_override(ri->km, *k))
			continue;
		key_text(*k, one, sizeof one);
		if (!one[0])
			continue;
		int n = snprintf(buf + used, size - used, "%s%s", used ? ", " : "", one);
		if (n < 0 || (size_t)n >= size - used)
			break;
		used += (size_t)n;
	}
	for (size_t i = 0; i < noverrides; i++) {
		char one[32];
		if (overrides[i].req != ri->req)
			continue;
		key_text(overrides[i].key, one, sizeof one);
		if (!one[0])
			continue;
		int n = snprintf(buf + used, size - used, "%s%s%s%s%s", used ? ", " : "", one,
			overrides[i].km != ri->km ? " (" : "",
			overrides[i].km != ri->km ? keymap_name(overrides[i].km) : "",
			overrides[i].km != ri->km ? ")" : "");
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

/* The keys that run `req` in `km` (as request_for_key resolves them) into keys, at
 * most max: the table's defaults still in effect, then the configuration's. */
static size_t
keys_in_effect(enum keymap km, enum request req, int *keys, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < NREQ; i++)
		if (req_table[i].req == req)
			for (const int *k = req_table[i].keys; *k && n < max; k++)
				if (request_for_key(km, *k) == req)
					keys[n++] = *k;
	for (size_t i = 0; i < noverrides && n < max; i++) {
		if (overrides[i].req != req || request_for_key(km, overrides[i].key) != req)
			continue;
		bool seen = false;
		for (size_t j = 0; j < n; j++)
			seen = seen || keys[j] == overrides[i].key;
		if (!seen)
			keys[n++] = overrides[i].key;
	}
	return n;
}

/* One placeholder of a hint template, "name", "name:N" or "name=c" (the text between
 * the braces, `len` bytes), as key text appended to out. */
static void
hint_keys(enum keymap km, const char *spec, size_t len, char *out, size_t size)
{
	char name[48];
	size_t nl = strcspn(spec, ":=}");
	if (nl > len)
		nl = len;
	snprintf(name, sizeof name, "%.*s", (int)nl, spec);
	int want = 1, prefer = 0;
	if (nl < len && spec[nl] == ':')
		want = atoi(spec + nl + 1);
	else if (nl < len && spec[nl] == '=')
		prefer = (unsigned char)spec[nl + 1];
	enum request req;
	int keys[16];
	size_t n = request_from_name(name, &req) ? keys_in_effect(km, req, keys, 16) : 0;
	/* A preferred default key goes first while it still runs the request. */
	for (size_t i = 1; i < n && prefer; i++)
		if (keys[i] == prefer) {
			keys[i] = keys[0];
			keys[0] = prefer;
		}
	int shown = 0;
	for (size_t i = 0; i < n && shown < want; i++) {
		char one[32];
		key_text(keys[i], one, sizeof one);
		if (!one[0])
			continue;
		size_t used = strlen(out);
		snprintf(out + used, size - used, "%s%s", shown ? "/" : "", one);
		shown++;
	}
	if (!shown) {   /* unbound in this view */
		size_t used = strlen(out);
		snprintf(out + used, size - used, "-");
	}
}

char *
request_hints(enum keymap km, const char *tmpl)
{
	if (!tmpl)
		return NULL;
	tmpl = ui_tr(tmpl);
	char out[512] = "";
	for (const char *p = tmpl; *p && strlen(out) + 1 < sizeof out; p++) {
		const char *close = *p == '{' ? strchr(p, '}') : NULL;
		if (!close) {
			size_t used = strlen(out);
			out[used] = *p;
			out[used + 1] = '\0';
			continue;
		}
		hint_keys(km, p + 1, (size_t)(close - p - 1), out, sizeof out);
		p = close;
	}
	return tv_xstrdup(out);
}

/* The generic requests that only some views act on, by keymap: their keys are bound
 * everywhere (so a configuration binds them once, in [generic]) but do something only
 * in these views' keymaps. Help lists them under those views, never as "Everywhere";
 * a view that acts on fewer than its keymap's says so in view_ops.acts (the agenda
 * shares the list keymap with meetings, decisions and people and edits nothing). */
#define EDIT_ACTS REQ_EDIT, REQ_EDIT_EXT, REQ_ADD, REQ_DELETE, REQ_STATUS, REQ_DEADLINE, \
	REQ_OWNER, REQ_MOVE_AREA, REQ_MOVE_UP, REQ_MOVE_DOWN, REQ_HISTORY
static const enum request km_acts[KM_COUNT][16] = {
	[KM_BOARD] = { EDIT_ACTS, REQ_NONE },
	[KM_DETAIL] = { EDIT_ACTS, REQ_NONE },
	[KM_TIMELINE] = { REQ_ADD, REQ_EDIT, REQ_DELETE, REQ_MOVE_UP, REQ_MOVE_DOWN, REQ_STATUS,
		REQ_DEADLINE, REQ_OWNER, REQ_NONE },
	[KM_LIST] = { REQ_ADD, REQ_EDIT, REQ_DELETE, REQ_STATUS, REQ_NONE },
	[KM_REVIEW] = { REQ_EDIT, REQ_DELETE, REQ_NONE },
};

static bool
in_list(const enum request *list, enum request req)
{
	for (; list && *list != REQ_NONE; list++)
		if (*list == req)
			return true;
	return false;
}

/* Does `req` (a generic request) work in every view? Not if some keymap claims it. */
static bool
everywhere(enum request req)
{
	for (int km = 0; km < KM_COUNT; km++)
		if (in_list(km_acts[km], req))
			return false;
	return true;
}

static const char *const km_titles[KM_COUNT] = {
	N_("Everywhere"), N_("Board"), N_("Package detail"), N_("Help"), N_("Timeline (2)"),
	N_("Agenda, meetings, decisions, people (3 4 5 p)"),
	N_("Board switcher (b)"), N_("Portfolio (6)"), N_("Template update (U)"),
};

/* A heading, then the rows of keymap `km`, then the generic rows in `acts`. */
static void
help_section(char **lines, size_t *n, const char *title, enum keymap km,
	const enum request *acts)
{
	if (*n)
		lines[(*n)++] = tv_xstrdup("");
	lines[(*n)++] = tv_xasprintf("#%s", title);
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < NREQ; i++) {
			bool take = pass == 0 ? req_table[i].km == km && (km != KM_GENERIC ||
				everywhere(req_table[i].req)) : req_table[i].km == KM_GENERIC &&
				km != KM_GENERIC && in_list(acts, req_table[i].req);
			if (!take)
				continue;
			char keys[96];
			keys_of(&req_table[i], keys, sizeof keys);
			lines[(*n)++] = tv_xasprintf("%-16s\t%-16s %s", keys, req_table[i].name,
				_(req_table[i].help));
		}
}

char **
request_help_lines(const struct view_ops *cur, size_t *out_count)
{
	static const enum keymap order[] = { KM_BOARD, KM_DETAIL, KM_TIMELINE, KM_LIST,
		KM_BOARDS, KM_PORTFOLIO, KM_REVIEW };
	/* A bound: the table's rows twice (the current keymap's come again), up to 16
	 * acts, a heading and a blank line per section, at most KM_COUNT + 1 sections. */
	char **lines = tv_xcalloc(2 * NREQ + (KM_COUNT + 1) * 18, sizeof(char *));
	size_t n = 0;
	/* The current view's keys first; a text view (help, history) has only the
	 * scrolling keys that are everywhere. */
	bool own = cur && cur->keymap != KM_GENERIC && cur->keymap != KM_HELP;
	if (own)
		help_section(lines, &n, _(cur->help_title ? cur->help_title : km_titles[cur->keymap]),
			cur->keymap, cur->acts ? cur->acts : km_acts[cur->keymap]);
	help_section(lines, &n, _(km_titles[KM_GENERIC]), KM_GENERIC, NULL);
	for (size_t o = 0; o < sizeof order / sizeof order[0]; o++) {
		enum keymap km = order[o];
		/* The current view's keymap again only when the view differs from it (the
		 * agenda's keymap holds the lists' editing keys too). */
		if (own && km == cur->keymap && !cur->acts && !cur->help_title)
			continue;
		help_section(lines, &n, _(km_titles[km]), km, km_acts[km]);
	}
	*out_count = n;
	return lines;
}

/* A key as the configuration file writes it (the inverse of key_codes_from_name), or
 * "" for a code that has no config name (the \r and KEY_ENTER twins of Enter). */
static void
key_config_name(int key, char *buf, size_t size)
{
	switch (key) {
	case '\r':
	case KEY_ENTER: buf[0] = '\0'; return;
	case KEY_BACKSPACE: snprintf(buf, size, "Backspace"); return;
	case KEY_DC: snprintf(buf, size, "Delete"); return;
	case KEY_IC: snprintf(buf, size, "Insert"); return;
	default: break;
	}
	if (key > 0 && key < 32 && key != '\n' && key != '\t' && key != KEY_ESC) {
		snprintf(buf, size, "^%c", key + 'A' - 1);
		return;
	}
	if (key == 127 || (key > 127 && !(key >= KEY_F(1) && key <= KEY_F(12)) &&
			key != KEY_UP && key != KEY_DOWN && key != KEY_LEFT && key != KEY_RIGHT &&
			key != KEY_HOME && key != KEY_END && key != KEY_PPAGE && key != KEY_NPAGE &&
			key != KEY_BTAB)) {
		buf[0] = '\0';
		return;
	}
	key_text(key, buf, size);
}

static void
add_bind(struct tv_config_bind **binds, size_t *n, enum keymap km, int key, const char *cmd)
{
	char name[32];
	key_config_name(key, name, sizeof name);
	if (!name[0])
		return;
	*binds = tv_xrealloc(*binds, (*n + 1) * sizeof **binds);
	(*binds)[(*n)++] = (struct tv_config_bind){ tv_xstrdup(keymap_name(km)),
		tv_xstrdup(name), tv_xstrdup(cmd), 0 };
}

size_t
request_effective_binds(struct tv_config_bind **out)
{
	struct tv_config_bind *binds = NULL;
	size_t n = 0;
	static const enum keymap order[] = { KM_GENERIC, KM_BOARD, KM_DETAIL, KM_HELP,
		KM_TIMELINE, KM_LIST, KM_BOARDS, KM_PORTFOLIO, KM_REVIEW };
	for (size_t o = 0; o < sizeof order / sizeof order[0]; o++) {
		enum keymap km = order[o];
		/* A table key counts only where it is the one the keymap resolves to: not
		 * bound by the configuration (listed below), and not shadowed by an earlier
		 * table row. */
		for (size_t i = 0; i < NREQ; i++) {
			if (req_table[i].km != km)
				continue;
			for (const int *k = req_table[i].keys; *k; k++) {
				enum request r;
				if (!find_override(km, *k) && lookup(km, *k, &r) &&
						r == req_table[i].req)
					add_bind(&binds, &n, km, *k, req_table[i].name);
			}
		}
		for (size_t i = 0; i < noverrides; i++)
			if (overrides[i].km == km)
				add_bind(&binds, &n, km, overrides[i].key, overrides[i].req == REQ_NONE ?
					"none" : request_name(overrides[i].req));
	}
	*out = binds;
	return n;
}
