/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The history view (key L on a card or in the detail view): every recorded change of
 * one package, its tasks and comments, newest first: when, who, what and the old and
 * new value. Read-only and scrollable; live refresh reloads it, so a colleague's
 * change appears at the top while it is open. Reads through tv_store_history only.
 */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "tavle/fields.h"
#include "tavle/text.h"
#include "tavle/tmpl_update.h"

struct hist {
	int64_t package_id;
	int number;
	char **lines;   /* "when\twho\twhat" */
	size_t n;       /* as many as v->count; v->top is the first shown */
};

static void
free_lines(struct hist *h)
{
	tv_strv_free(h->lines, h->n);
	h->lines = NULL;
	h->n = 0;
}

/* One value for a single line: newlines shown as " / ", long text cut. */
static char *
short_value(const char *v)
{
	if (!v)
		return tv_xstrdup(_("(none)"));
	if (!*v)
		return tv_xstrdup("\"\"");
	char *flat = tv_xstrdup(v);
	for (char *p = flat; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	char *cut = tv_text_ellipsize(flat, 40);
	free(flat);
	return cut;
}

static char *
describe(const struct tv_history *e)
{
	const char *op = e->op ? e->op : "change";
	const char *what = tv_kind_word(e->kind);
	if (strcmp(op, "set") == 0) {
		/* Field and values as a person reads them ("Status: Ikke startet → I gang"). */
		const char *f = e->field ? tv_field_shown(e->kind, e->field) : "?";
		char *o = short_value(e->old_value ? tv_field_value_shown(e->kind, e->field,
			e->old_value) : NULL);
		char *n = short_value(e->new_value ? tv_field_value_shown(e->kind, e->field,
			e->new_value) : NULL);
		char *s = e->kind == TV_KIND_PACKAGE ?
			tv_xasprintf("%s: %s \u2192 %s", f, o, n) :
			tv_xasprintf("%s %s: %s \u2192 %s", what, f, o, n);
		free(o);
		free(n);
		return s;
	}
	if (strcmp(op, "add") == 0) {
		char *n = short_value(e->new_value);
		char *s = tv_xasprintf(_("added %s %s"), what, n);
		free(n);
		return s;
	}
	if (strcmp(op, "remove") == 0)
		return tv_xasprintf(_("removed %s"), what);
	return tv_xasprintf("%s %s", op, what);
}

/* Read the package's changes into the lines (and the view's count). */
static bool
load(struct view *v, struct app *app)
{
	struct hist *h = v->priv;
	struct tv_history *e = NULL;
	size_t n = 0;
	enum tv_status st = tv_store_history(app->store, app->board_id, h->package_id,
		TV_NO_DAY, 0, &e, &n);
	if (st != TV_OK) {
		app_store_error(app, st);
		return false;
	}
	free_lines(h);
	h->lines = tv_xcalloc(n ? n : 1, sizeof *h->lines);
	size_t shown = 0;
	for (size_t i = 0; i < n; i++) {
		const struct tv_history *x = &e[n - 1 - i];   /* newest first */
		/* A template update's bookkeeping rows are no change a person reads. */
		if (tv_history_is_tmpl(x))
			continue;
		char *d = describe(x);
		/* Copenhagen time, as every other time on the board ("2026-11-29 11:00",
		 * "29. nov. 2026 11:00"); the store keeps UTC. */
		char at[TV_DATE_SHOW_BUF + 8];
		tv_utc_show(x->at, ui_date_style(), 0, at, sizeof at);
		char *who = tv_history_who(x);
		h->lines[shown++] = tv_xasprintf("%s\t%s\t%s", at, who, d);
		free(who);
		free(d);
	}
	h->n = shown;
	v->count = (int)shown;
	for (size_t i = 0; i < n; i++)
		tv_history_clear(&e[i]);
	free(e);
	return true;
}

static void
hist_draw(struct view *v, struct app *app)
{
	struct hist *h = v->priv;
	char note[48];
	snprintf(note, sizeof note, _("history of package %d"), h->number);
	WINDOW *w = view_draw_begin(v, app, note);
	int rows = getmaxy(w), cols = getmaxx(w);
	const struct tv_package *p = app_package(app, h->package_id);
	char *head = tv_xasprintf(ngettext("%d %s \u00b7 %zu change, newest first",
		"%d %s \u00b7 %zu changes, newest first", h->n), h->number,
		p && p->title ? p->title : "", h->n);
	ui_heading(w, 0, cols, head);
	free(head);
	int body = rows - 1;
	view_clamp_top(v, body);
	if (h->n == 0)
		ui_put_text(w, 1, 2, cols - 2, _("No recorded changes."), style_attr(ST_HINT));
	int whow = 16;
	/* The time column as wide as its widest entry: "2026-11-29 11:00" is 16 columns,
	 * "30. juni 2026 11:00" 19. */
	int wwhen = 16;
	for (size_t i = 0; i < h->n; i++) {
		const char *tab = strchr(h->lines[i], '\t');
		char *when = tv_xstrndup(h->lines[i], tab ? (size_t)(tab - h->lines[i]) : 0);
		int ww = tv_text_width(when);
		free(when);
		if (ww > wwhen)
			wwhen = ww < 24 ? ww : 24;
	}
	for (int r = 0; r < body && v->top + r < (int)h->n; r++) {
		const char *l = h->lines[v->top + r];
		const char *t1 = strchr(l, '\t');
		const char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		if (!t1 || !t2)
			continue;
		char *when = tv_xstrndup(l, (size_t)(t1 - l));
		char *who = tv_xstrndup(t1 + 1, (size_t)(t2 - t1 - 1));
		ui_put_text(w, 1 + r, 1, wwhen, when, style_attr(ST_HINT));
		ui_put_text(w, 1 + r, 2 + wwhen, whow, who, style_attr(ST_LABEL));
		ui_put_text(w, 1 + r, 3 + wwhen + whow, cols - 3 - wwhen - whow, t2 + 1,
			style_attr(ST_NORMAL));
		free(when);
		free(who);
	}
	ui_scroll_marks(w, cols - 1, 1, v->top > 0, rows - 1, v->top + body < (int)h->n);
	wnoutrefresh(w);
}

static unsigned
hist_handle(struct view *v, struct app *app, enum request req, int key)
{
	(void)key;
	return view_text_handle(v, req, REQ_HISTORY, app->lines - 4);
}

static bool
hist_reload(struct view *v, struct app *app)
{
	struct hist *h = v->priv;
	if (!app_package(app, h->package_id))
		return false;
	load(v, app);
	return true;
}

static void
hist_free(struct view *v)
{
	struct hist *h = v->priv;
	free_lines(h);
}

static const struct view_ops hist_ops = VIEW_OPS(hist, "history", KM_HELP, struct hist,
	N_("{view-close:2} back  {move-down}/{move-up} scroll  "
	"{page-up}/{page-down} page"),
	.reload = hist_reload);

struct view *
history_view_new(struct app *app, int64_t package_id)
{
	struct view *v = view_new(&hist_ops);
	struct hist *h = v->priv;
	h->package_id = package_id;
	const struct tv_package *p = app_package(app, package_id);
	h->number = p ? p->number : 0;
	load(v, app);
	return v;
}
