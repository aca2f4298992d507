/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The base every view stands on (tig's struct view): it allocates a view with its
 * private data (sized by the view's ops), makes and remakes the body window between
 * the title and the status line, frees all of it, and moves every list with the one
 * navigation routine, so first/last/page keys behave the same in every view. It also
 * holds the steps views share around that cursor: opening a draw (title, erased
 * body), keeping the selection on screen, clamping a text view's top, and the keys of
 * a plain text view. Knows no particular view; depends on curses and the app header
 * only.
 */
#include <stdlib.h>

#include "app.h"
#include "tavle/text.h"

struct view *
view_new(const struct view_ops *ops)
{
	struct view *v = tv_xcalloc(1, sizeof *v);
	v->ops = ops;
	v->priv = tv_xcalloc(1, ops->priv_size ? ops->priv_size : 1);
	return v;
}

void
view_layout(struct view *v, struct app *app)
{
	if (v->win)
		delwin(v->win);
	v->win = newwin(app->lines - 2, app->cols, 1, 0);
	if (v->ops->layout)
		v->ops->layout(v, app);
}

void
view_free(struct view *v)
{
	if (!v)
		return;
	if (v->ops->free)
		v->ops->free(v);
	if (v->win)
		delwin(v->win);
	free(v->priv);
	free(v);
}

WINDOW *
view_draw_begin(struct view *v, struct app *app, const char *title_note)
{
	app_draw_title(app, title_note);
	werase(v->win);
	return v->win;
}

bool
view_is(const struct view *v, const struct view_ops *ops)
{
	return v && v->ops == ops;
}

bool
nav_move(int *selected, int count, enum request req, int page)
{
	int s = *selected;
	switch (req) {
	case REQ_UP: s--; break;
	case REQ_DOWN: s++; break;
	case REQ_PGUP: s -= page; break;
	case REQ_PGDN: s += page; break;
	case REQ_FIRST: s = 0; break;
	case REQ_LAST: s = count - 1; break;
	default: return false;
	}
	if (s >= count)
		s = count - 1;
	if (s < 0)
		s = 0;
	*selected = s;
	return true;
}

bool
view_navigate(struct view *v, enum request req, int page)
{
	return nav_move(&v->selected, v->count, req, page);
}

unsigned
view_text_handle(struct view *v, enum request req, enum request close_req, int page)
{
	if (req == close_req)
		return H_HANDLED | H_CLOSE;
	return view_scroll(v, req, page) ? H_HANDLED | H_REDRAW : H_NONE;
}

void
view_keep_visible(struct view *v, int rows)
{
	if (v->selected < v->top)
		v->top = v->selected;
	if (v->selected >= v->top + rows)
		v->top = v->selected - rows + 1;
	if (v->top < 0)
		v->top = 0;
}

void
view_clamp_top(struct view *v, int rows)
{
	if (v->top > v->count - rows)
		v->top = v->count - rows;
	if (v->top < 0)
		v->top = 0;
}

bool
view_scroll(struct view *v, enum request req, int page)
{
	return nav_move(&v->top, v->count + 1, req, page);
}
