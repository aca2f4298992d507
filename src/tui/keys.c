/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The configuration file applied to the terminal front end: key names to curses key
 * codes, keymap names, command names checked against the request table, area colours
 * and the session settings (mouse, ESC delay). The parsing itself is the core's
 * (tavle/config.h); this module adds what only the TUI knows, so `tavle config check`
 * (through tui_config_check) and the board agree on what is valid.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "keys.h"
#include "tavle/reported.h"
#include "tavle/text.h"

static const char *const km_names[KM_COUNT] = {
	[KM_GENERIC] = "generic", [KM_BOARD] = "board", [KM_DETAIL] = "detail",
	[KM_HELP] = "help", [KM_TIMELINE] = "timeline", [KM_LIST] = "list",
	[KM_BOARDS] = "boards", [KM_PORTFOLIO] = "portfolio", [KM_REVIEW] = "review",
};

bool
keymap_from_name(const char *name, enum keymap *out)
{
	for (int i = 0; i < KM_COUNT; i++)
		if (km_names[i] && strcmp(km_names[i], name) == 0) {
			*out = (enum keymap)i;
			return true;
		}
	return false;
}

size_t
key_codes_from_name(const char *name, int codes[3])
{
	static const struct {
		const char *name;
		int code;
	} named[] = {
		{ "Tab", '\t' }, { "Space", ' ' }, { "Esc", KEY_ESC }, { "Up", KEY_UP },
		{ "Down", KEY_DOWN }, { "Left", KEY_LEFT }, { "Right", KEY_RIGHT },
		{ "Home", KEY_HOME }, { "End", KEY_END }, { "PgUp", KEY_PPAGE }, { "PgDn", KEY_NPAGE },
		{ "Backspace", KEY_BACKSPACE }, { "Delete", KEY_DC }, { "Insert", KEY_IC },
		{ "Shift-Tab", KEY_BTAB },
	};
	if (!tv_config_key_valid(name))
		return 0;
	size_t n = strlen(name);
	if (n == 1) {
		codes[0] = (unsigned char)name[0];
		return 1;
	}
	if ((n == 2 && name[0] == '^') || (n == 3 && name[1] == '-' && (name[0] == 'C' || name[0] == 'c'))) {
		char c = name[n - 1];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		codes[0] = CTRL(c);
		return 1;
	}
	if (strcasecmp(name, "Enter") == 0) {
		codes[0] = '\n';
		codes[1] = '\r';
		codes[2] = KEY_ENTER;
		return 3;
	}
	if ((name[0] == 'F' || name[0] == 'f') && name[1] >= '1' && name[1] <= '9') {
		codes[0] = KEY_F(atoi(name + 1));
		return 1;
	}
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (strcasecmp(named[i].name, name) == 0) {
			codes[0] = named[i].code;
			return 1;
		}
	/* A non-ASCII character: the board's keymaps look up ASCII and KEY_* codes only. */
	return 0;
}

int
tui_config_check(struct tv_config *cfg)
{
	size_t before = cfg->nerrors;
	for (size_t i = 0; i < cfg->nbinds; i++) {
		const struct tv_config_bind *b = &cfg->binds[i];
		enum keymap km;
		enum request req;
		int codes[3];
		if (!keymap_from_name(b->keymap, &km))
			tv_config_error(cfg, b->line, "unknown keymap '%s'", b->keymap);
		else if (!key_codes_from_name(b->key, codes))
			tv_config_error(cfg, b->line, "key '%s' cannot be bound (use an ASCII "
				"character, ^X or a key name)", b->key);
		else if (!request_from_name(b->command, &req))
			tv_config_error(cfg, b->line, "unknown command '%s' (the help screen, ?, "
				"lists the command names)", b->command);
	}
	return (int)(cfg->nerrors - before);
}

char *
tui_config_dump(const struct tv_config *cfg)
{
	/* A shallow copy whose colours and bindings are the effective ones; the core
	 * writes the text, so the dump and the parser share one syntax. */
	tui_config_apply(cfg);
	struct tv_config eff = *cfg;
	for (int a = 0; a < TV_AREA_COUNT; a++)
		eff.area_color[a] = styles_area_colour((enum tv_area)a);
	eff.nbinds = request_effective_binds(&eff.binds);
	/* The file's own bindings keep the words the user wrote ("status", "enter"). */
	for (size_t i = 0; i < eff.nbinds; i++) {
		struct tv_config_bind *e = &eff.binds[i];
		int ec[3], cc[3];
		if (!key_codes_from_name(e->key, ec))
			continue;
		for (size_t j = cfg->nbinds; j-- > 0;) {
			const struct tv_config_bind *b = &cfg->binds[j];
			if (strcmp(b->keymap, e->keymap) != 0 || !key_codes_from_name(b->key, cc) ||
					cc[0] != ec[0])
				continue;
			free(e->key);
			free(e->command);
			e->key = tv_xstrdup(b->key);
			e->command = tv_xstrdup(b->command);
			break;
		}
	}
	char *text = tv_config_dump(&eff);
	for (size_t i = 0; i < eff.nbinds; i++) {
		free(eff.binds[i].keymap);
		free(eff.binds[i].key);
		free(eff.binds[i].command);
	}
	free(eff.binds);
	return text;
}

void
tui_config_apply(const struct tv_config *cfg)
{
	request_unbind_all();
	ui_set_date_style(cfg ? cfg->dates : TV_DATES_AUTO);
	portfolio_set_stale_days(cfg ? cfg->stale_days : TV_REPORT_STALE_DAYS);
	if (!cfg)
		return;
	for (size_t i = 0; i < cfg->nbinds; i++) {
		const struct tv_config_bind *b = &cfg->binds[i];
		enum keymap km;
		enum request req;
		int codes[3];
		size_t n;
		if (!keymap_from_name(b->keymap, &km) || !(n = key_codes_from_name(b->key, codes)) ||
				!request_from_name(b->command, &req))
			continue;  /* reported by tui_config_check at start-up */
		for (size_t k = 0; k < n; k++)
			request_bind(km, codes[k], req);
	}
	for (int a = 0; a < TV_AREA_COUNT; a++)
		if (cfg->area_color[a] != TV_COLOR_UNSET)
			styles_set_area_colour((enum tv_area)a, cfg->area_color[a]);
}

void
tui_config_session(const struct tv_config *cfg)
{
	if (!cfg)
		return;
	set_escdelay(cfg->esc_delay);
	if (!cfg->mouse)
		mousemask(0, NULL);
}

const char *
keymap_name(enum keymap km)
{
	return (unsigned)km < KM_COUNT && km_names[km] ? km_names[km] : "";
}
