/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Can this terminal run the board? Asked before the database is opened, so that a
 * wrong $TERM gets one clear line and exit status 2 and leaves nothing written (no new
 * database, no "last used board" touch) instead of ncurses' own "Error opening
 * terminal" and exit. The same terminfo look-up newterm() does, through setupterm(),
 * released again at once. A file of its own because <term.h> defines macros named
 * like ordinary words (lines, columns). Depends on ncurses' terminfo API only.
 */
#include <curses.h>
#include <term.h>
#include <stdlib.h>
#include <unistd.h>

#include "tavle/i18n.h"
#include "tavle/status.h"
#include "tui.h"

char *
tui_terminal_problem(void)
{
	const char *term = getenv("TERM");
	if (!term || !term[0])
		return tv_xstrdup(_("TERM is not set (set TERM, e.g. TERM=xterm-256color)"));
	int err = 0;
	TERMINAL *saved = cur_term;
	if (setupterm(term, STDOUT_FILENO, &err) == OK) {
		/* A terminal that cannot address the cursor cannot show the board. */
		bool usable = cursor_address != NULL;
		del_curterm(cur_term);
		set_curterm(saved);
		if (!usable)
			return tv_xasprintf(_("terminal type '%s' cannot move the cursor (set TERM, "
				"e.g. TERM=xterm-256color)"), term);
		return NULL;
	}
	set_curterm(saved);
	if (err == 1)
		return tv_xasprintf(_("terminal type '%s' is a hardcopy terminal (set TERM, e.g. "
			"TERM=xterm-256color)"), term);
	if (err == -1)
		return tv_xasprintf(_("no terminal database (terminfo) to look up '%s' in "
			"(install ncurses-base or set TERMINFO)"), term);
	return tv_xasprintf(_("unknown terminal type '%s' (set TERM, e.g. TERM=xterm-256color)"),
		term);
}
