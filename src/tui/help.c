/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The help view: the key bindings, generated from the request table so it cannot
 * drift from the code (the keys of the view it was opened from first), plus a legend
 * of the card markers. Scrollable.
 */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "tavle/text.h"

struct help {
	char **lines;   /* v->count of them; v->top is the first shown */
};

static const char *const legend[] = {
	"",
	N_("#Cards"),
	N_("[ ] [>] [!] [x]\tstatus: to do, doing, blocked, done (done cards are dimmed)"),
	N_("!3d late\toverdue (also red); *in 4d: due within 7 days"),
	"[O] [K] [D] [U]\t",   /* the area names in the board's language, filled in below */
	N_("\u25b2 / \u25bc N more\tthe column scrolls; \u25c0 / \u25b6 in the title: hidden columns"),
	"",
	N_("#Timeline (2)"),
	N_("\u2592 \u2588 \u2591\tphase; package from its phase start to its deadline; done package"),
	N_("\u2022 x \u25c6\ttask deadline, done task (T shows tasks), meeting"),
	N_("\u2502 \u25bc \u00bb\ttoday, today in the header, a phase's not-before day"),
	N_("! Opstart\ta plan warning about the phase (the bottom line says which)"),
	N_("\u00b7\tweekends and holidays (week zoom; tavle holidays lists them)"),
	"",
	N_("#Editors"),
	N_("one line\tLeft/Right, Home/End, Ctrl-A/E/K/U/W, Backspace/Delete, Enter accepts, Esc cancels"),
	N_("multi-line\tarrows, Home/End, PgUp/PgDn, Enter new line, Ctrl-D or F2 saves, Esc cancels"),
};

static void
help_draw(struct view *v, struct app *app)
{
	struct help *h = v->priv;
	WINDOW *w = view_draw_begin(v, app, _("help"));
	int rows = getmaxy(w), cols = getmaxx(w);
	view_clamp_top(v, rows);
	for (int r = 0; r < rows && v->top + r < v->count; r++) {
		const char *l = h->lines[v->top + r];
		if (l[0] == '#') {
			ui_heading(w, r, cols, l + 1);
			continue;
		}
		const char *tab = strchr(l, '\t');
		if (!tab) {
			ui_put_text(w, r, 2, cols - 2, l, style_attr(ST_NORMAL));
			continue;
		}
		char *k = tv_xstrndup(l, (size_t)(tab - l));
		int used = ui_put_text(w, r, 2, cols - 2, k, style_attr(ST_KEY));
		free(k);
		int x = 2 + (used < 18 ? 18 : used + 1);
		ui_put_text(w, r, x, cols - x, tab + 1, style_attr(ST_NORMAL));
	}
	ui_scroll_marks(w, cols - 1, 0, v->top > 0, rows - 1, v->top + rows < v->count);
	wnoutrefresh(w);
}

static unsigned
help_handle(struct view *v, struct app *app, enum request req, int key)
{
	(void)key;
	return view_text_handle(v, req, REQ_HELP, app->lines - 3);
}

static void
help_free(struct view *v)
{
	struct help *h = v->priv;
	for (int i = 0; i < v->count; i++)
		free(h->lines[i]);
	free(h->lines);
}

const struct view_ops help_view_ops = VIEW_OPS(help, "help", KM_HELP, struct help,
	N_("{view-close:2} back  {move-down}/{move-up} scroll  "
	"{page-up}/{page-down} page"),
	.reload = NULL);

struct view *
help_view_new(struct app *app)
{
	/* The view help was asked in comes first: its keys are what the reader wants. */
	const struct view_ops *cur = app->nviews ? app->views[app->nviews - 1]->ops : NULL;
	struct view *v = view_new(&help_view_ops);
	struct help *h = v->priv;
	size_t n;
	char **req = request_help_lines(cur, &n);
	size_t nl = sizeof legend / sizeof legend[0];
	h->lines = tv_xcalloc(n + nl, sizeof *h->lines);
	for (size_t i = 0; i < n; i++)
		h->lines[i] = req[i];
	free(req);
	for (size_t i = 0; i < nl; i++) {
		const char *l = legend[i];
		if (strcmp(l, "[O] [K] [D] [U]\t") == 0) {
			bool da = tv_i18n_names_danish();
			h->lines[n + i] = tv_xasprintf("%s%s %s, %s, %s, %s", l, _("areas:"),
				tv_area_name(TV_AREA_ORG, da), tv_area_name(TV_AREA_KOM, da),
				tv_area_name(TV_AREA_DATA, da), tv_area_name(TV_AREA_UDD, da));
		} else {
			h->lines[n + i] = tv_xstrdup(ui_tr(l));
		}
	}
	v->count = (int)(n + nl);
	return v;
}
