/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The style table turned into curses attributes for one of three themes: 256 colours
 * (a true orange, 208, for Uddannelse og Support), 8/16 colours (magenta stands in for
 * orange because red means overdue) and monochrome (attributes only; used when NO_COLOR
 * is set to a non-empty value or the terminal has no colours). Meaning never rests on
 * colour alone: cards and headers also carry area letter tags and text markers.
 */
#include <stdlib.h>

#include "app.h"
#include "keys.h"

struct style_info {
	const char *name;
	short f256, b256, f8, b8;
	attr_t colour_attr, mono_attr;
};

static const struct style_info style_table[ST_COUNT] = {
#define ST_ROW(e, name, f256, b256, f8, b8, ca, ma) \
	[e] = { name, f256, b256, f8, b8, ca, ma },
	STYLE_INFO(ST_ROW)
#undef ST_ROW
};

/* The computed attributes of the active theme. This is part of the curses session
 * state (like the colour pairs themselves), not application state. */
static attr_t style_attrs[ST_COUNT];

/* Area colours from the configuration file (TV_COLOR_UNSET: the table's). */
static int area_colour[TV_AREA_COUNT] = { TV_COLOR_UNSET, TV_COLOR_UNSET, TV_COLOR_UNSET,
	TV_COLOR_UNSET };

void
styles_set_area_colour(enum tv_area a, int colour)
{
	if ((unsigned)a < TV_AREA_COUNT)
		area_colour[a] = colour;
}

int
styles_area_colour(enum tv_area a)
{
	if ((unsigned)a >= TV_AREA_COUNT)
		return TV_COLOR_DEFAULT;
	if (area_colour[a] != TV_COLOR_UNSET)
		return area_colour[a];
	return style_table[area_head_style(a)].b256;
}

/* The configured colour is the area head's background and the area bar's foreground;
 * a colour the terminal lacks (8-colour terminals) leaves the table's. */
static void
apply_area_colour(int st, short *f, short *b)
{
	for (int a = 0; a < TV_AREA_COUNT; a++) {
		int c = area_colour[a];
		if (c == TV_COLOR_UNSET || c >= COLORS)
			continue;
		if (st == (int)area_head_style((enum tv_area)a))
			*b = (short)c;
		else if (st == (int)area_bar_style((enum tv_area)a))
			*f = (short)c;
	}
}

void
styles_init(bool *out_mono)
{
	const char *nc = getenv("NO_COLOR");
	bool mono = (nc && *nc) || !has_colors();
	if (!mono && start_color() == ERR)
		mono = true;
	if (mono) {
		for (int i = 0; i < ST_COUNT; i++)
			style_attrs[i] = style_table[i].mono_attr;
		*out_mono = true;
		return;
	}
	use_default_colors();
	bool rich = COLORS >= 256;
	for (int i = 0; i < ST_COUNT; i++) {
		const struct style_info *s = &style_table[i];
		short f = rich ? s->f256 : s->f8;
		short b = rich ? s->b256 : s->b8;
		apply_area_colour(i, &f, &b);
		attr_t a = s->colour_attr;
		if ((f != -1 || b != -1) && i < COLOR_PAIRS - 1) {
			init_pair((short)(i + 1), f, b);
			a |= COLOR_PAIR(i + 1);
		}
		style_attrs[i] = a;
	}
	*out_mono = false;
}

attr_t
style_attr(enum style st)
{
	return style_attrs[st];
}

enum style
area_head_style(enum tv_area a)
{
	static const enum style s[TV_AREA_COUNT] = {
		ST_HEAD_ORG, ST_HEAD_KOM, ST_HEAD_DATA, ST_HEAD_UDD,
	};
	return (unsigned)a < TV_AREA_COUNT ? s[a] : ST_HEAD_OTHER;
}

enum style
area_bar_style(enum tv_area a)
{
	static const enum style s[TV_AREA_COUNT] = {
		ST_BAR_ORG, ST_BAR_KOM, ST_BAR_DATA, ST_BAR_UDD,
	};
	return (unsigned)a < TV_AREA_COUNT ? s[a] : ST_NORMAL;
}
