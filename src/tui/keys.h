/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Private header of the configuration layer of the terminal front end: bindings from
 * the config file laid over the REQ_INFO defaults (request.c), area colours over the
 * style table (style.c), and the session settings (mouse, ESC delay). Only src/tui/
 * files include it.
 */
#ifndef TAVLE_TUI_KEYS_H
#define TAVLE_TUI_KEYS_H

#include "app.h"
#include "tavle/config.h"

/* request.c: the runtime override layer. A binding of `key` in `km` wins over the
 * defaults of that keymap (REQ_NONE unbinds the key there). */
void request_bind(enum keymap km, int key, enum request req);
void request_unbind_all(void);
/* Every binding in effect as configuration lines: the table's keys that still resolve
 * to their command, then the configuration's (with "none" for an unbound key). The
 * array and its strings are the caller's (free with each field, then the array). */
size_t request_effective_binds(struct tv_config_bind **out);
/* A command by its config name ("set-status"), or without its "set-" / "view-" prefix
 * ("status"); "none" gives REQ_NONE. false if unknown. */
bool request_from_name(const char *name, enum request *out);

/* style.c: an area colour from the config (0-255 or TV_COLOR_DEFAULT), applied by the
 * next styles_init. */
void styles_set_area_colour(enum tv_area a, int colour);
/* The area colour in effect: the configured one, else the 256-colour table's. */
int styles_area_colour(enum tv_area a);

/* keys.c */
bool keymap_from_name(const char *name, enum keymap *out);
const char *keymap_name(enum keymap km);
/* The key codes a config key name stands for (Enter is three codes); 0 if unknown. */
size_t key_codes_from_name(const char *name, int codes[3]);
/* Lay the configuration over the defaults (before styles_init), then the session
 * settings (after initscr). */
void tui_config_apply(const struct tv_config *cfg);
void tui_config_session(const struct tv_config *cfg);

#endif
