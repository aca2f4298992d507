/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Small interactive pieces shared by the views: safe text output (every string is
 * sanitised and clipped in display columns before curses sees it), the one-line
 * editor on the bottom line, the multi-line editor box, the external $EDITOR round
 * trip, menus and y/n questions. They are modal: each runs its own key loop through
 * app_getkey, which keeps handling resize, so text typed so far survives a resize.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <wchar.h>

#include "app.h"
#include "tavle/datefmt.h"
#include "tavle/fields.h"
#include "tavle/fileio.h"
#include "tavle/i18n.h"
#include "tavle/text.h"

int
ui_put_text(WINDOW *w, int y, int x, int width, const char *text, attr_t attr)
{
	if (width <= 0 || !text)
		return 0;
	char *clean = tv_text_sanitize(text, strlen(text), 0);
	int used = 0;
	size_t n = tv_text_clip(clean, width, &used);
	wattrset(w, attr);
	mvwaddnstr(w, y, x, clean, (int)n);
	free(clean);
	return used;
}

void
ui_fill_line(WINDOW *w, int y, int x, int width, attr_t attr)
{
	if (width <= 0)
		return;
	wattrset(w, attr);
	mvwhline(w, y, x, ' ', width);
}

void
ui_heading(WINDOW *w, int y, int width, const char *text)
{
	ui_fill_line(w, y, 0, width, style_attr(ST_HEADING));
	ui_put_text(w, y, 1, width - 1, text, style_attr(ST_HEADING));
}

void
ui_scroll_marks(WINDOW *w, int x, int y_up, bool above, int y_down, bool below)
{
	if (above)
		ui_put_text(w, y_up, x, 1, "\u25b2", style_attr(ST_MORE));
	if (below)
		ui_put_text(w, y_down, x, 1, "\u25bc", style_attr(ST_MORE));
}

/* Width of n bytes of UTF-8 text. */
static int
width_n(const char *s, size_t n)
{
	char *t = tv_xstrndup(s, n);
	int w = tv_text_width(t);
	free(t);
	return w;
}

/* Longest prefix of s (n bytes) that fits `width` columns, in bytes. */
static size_t
clip_n(const char *s, size_t n, int width)
{
	char *t = tv_xstrndup(s, n);
	size_t r = tv_text_clip(t, width, NULL);
	free(t);
	return r;
}

static size_t
next_char(const char *s, size_t len, size_t pos)
{
	if (pos >= len)
		return len;
	pos++;
	while (pos < len && ((unsigned char)s[pos] & 0xc0) == 0x80)
		pos++;
	return pos;
}

static size_t
prev_char(const char *s, size_t pos)
{
	if (pos == 0)
		return 0;
	pos--;
	while (pos > 0 && ((unsigned char)s[pos] & 0xc0) == 0x80)
		pos--;
	return pos;
}

/* A growable UTF-8 buffer with a cursor. */
struct ebuf {
	char *s;
	size_t len, cap, cur;
	bool changed;
};

static void
eb_init(struct ebuf *b, const char *init)
{
	/* The editors draw the buffer with waddnstr, where CR, BS and TAB move the cursor
	 * and ESC reaches the terminal: stored text that slipped past the input checks (a
	 * database edited by other means) is cleaned before it is shown and edited. */
	char *clean = tv_text_sanitize(init ? init : "", init ? strlen(init) : 0,
		TV_SAN_KEEP_NEWLINES);
	size_t n = strlen(clean);
	b->cap = n + 64;
	b->s = tv_xmalloc(b->cap);
	memcpy(b->s, clean, n);
	free(clean);
	b->s[n] = '\0';
	b->len = n;
	b->cur = n;
	b->changed = false;
}

static void
eb_insert(struct ebuf *b, const char *t, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = tv_xrealloc(b->s, b->cap);
	}
	memmove(b->s + b->cur + n, b->s + b->cur, b->len - b->cur + 1);
	memcpy(b->s + b->cur, t, n);
	b->len += n;
	b->cur += n;
	b->changed = true;
}

static void
eb_delete(struct ebuf *b, size_t from, size_t to)
{
	if (to <= from)
		return;
	memmove(b->s + from, b->s + to, b->len - to + 1);
	b->len -= to - from;
	if (b->cur > to)
		b->cur -= to - from;
	else if (b->cur > from)
		b->cur = from;
	b->changed = true;
}

static void
eb_insert_cp(struct ebuf *b, unsigned cp)
{
	char u[8];
	size_t n;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	eb_insert(b, u, n);
}

/* The redraw key (screen-redraw, Ctrl-L) inside a modal widget: the whole screen is
 * sent again (the view below drawn in full); the widget then draws itself on top.
 * True if `k` was that key. */
static bool
redraw_key(struct app *app, const struct key *k)
{
	int code = key_lookup_code(k);
	if (k->fn || code < 0 || request_for_key(KM_GENERIC, code) != REQ_REFRESH)
		return false;
	clearok(curscr, TRUE);
	app_redraw_all(app);
	return true;
}

/* The next key of a modal widget's loop, which runs `do { draw; ... } while
 * (!app->stop)`: true for a key to act on; false after a timeout, a resize (app_getkey
 * redrew the screen), the redraw key (redraw_key) or a stop request, when the loop goes on to its condition, so it
 * draws again and waits, or ends when tavle is asked to stop. */
static bool
modal_key(struct app *app, struct key *k)
{
	if (!app_getkey(app, k))
		return false;
	if (redraw_key(app, k))
		return false;
	return !(k->fn && k->code == KEY_RESIZE);
}

/* Terminal escape sequences arriving as input (a pasted text holding them, or a key
 * ncurses does not know) must not cancel the editor and leave the rest of their bytes
 * to run as board commands. An ESC with more input right behind it (ncurses has already
 * waited the escape delay for it) starts a sequence, which is read to its end and
 * dropped: CSI up to its final byte, OSC/DCS/APC/PM/SOS up to BEL or ST, else one
 * character (Alt-key). A lone Esc still cancels. Returns true if a sequence was dropped. */
static bool
drop_escape_sequence(void)
{
	int saved = wgetdelay(stdscr);
	wtimeout(stdscr, 0);
	wint_t ch;
	int r = wget_wch(stdscr, &ch);
	bool seq = r != ERR;
	wtimeout(stdscr, 5);
	if (r == OK && ch == '[') {
		for (int i = 0; i < 64 && wget_wch(stdscr, &ch) == OK; i++)
			if (ch >= 0x40 && ch <= 0x7E)
				break;
	} else if (r == OK && (ch == ']' || ch == 'P' || ch == '_' || ch == '^' || ch == 'X')) {
		bool esc = false;
		for (int i = 0; i < 65536 && wget_wch(stdscr, &ch) == OK; i++) {
			if (ch == 7 || ch == 0x9C || (esc && ch == '\\'))
				break;
			esc = ch == 27;
		}
	}
	wtimeout(stdscr, saved);
	return seq;
}

/* Editing keys common to both editors (within the logical line for multi-line).
 * Returns true if handled. */
static bool
eb_common_key(struct ebuf *b, const struct key *k, size_t line_start, size_t line_end)
{
	int c = k->code;
	if (k->fn) {
		switch (c) {
		case KEY_LEFT: b->cur = prev_char(b->s, b->cur); return true;
		case KEY_RIGHT: b->cur = next_char(b->s, b->len, b->cur); return true;
		case KEY_BACKSPACE:
			eb_delete(b, prev_char(b->s, b->cur), b->cur);
			return true;
		case KEY_DC:
			eb_delete(b, b->cur, next_char(b->s, b->len, b->cur));
			return true;
		default: return false;
		}
	}
	switch (c) {
	case 127: case 8:
		eb_delete(b, prev_char(b->s, b->cur), b->cur);
		return true;
	case CTRL('a'): b->cur = line_start; return true;
	case CTRL('e'): b->cur = line_end; return true;
	case CTRL('k'): eb_delete(b, b->cur, line_end); return true;
	case CTRL('u'): eb_delete(b, line_start, b->cur); return true;
	case CTRL('w'): {
		size_t p = b->cur;
		while (p > line_start && b->s[p - 1] == ' ')
			p--;
		while (p > line_start && b->s[p - 1] != ' ')
			p = prev_char(b->s, p);
		eb_delete(b, p, b->cur);
		return true;
	}
	default:
		break;
	}
	if (c >= 32 && c != 127 && !(c >= 0x80 && c < 0xa0)) {
		eb_insert_cp(b, (unsigned)c);
		return true;
	}
	return false;
}

/* A key that types text, which replaces a selected prefilled value. */
static bool
types_text(const struct key *k)
{
	int c = k->code;
	return !k->fn && c >= 32 && c != 127 && !(c >= 0x80 && c < 0xa0);
}

/* The one-line editor: `prompt` (translated) before the field, or while `error` is
 * set and the text unchanged, the error in its place. With `select`, a prefilled
 * value starts selected: typing replaces it, Backspace and Delete clear it, and the
 * arrows, Home, End and the editing keys edit it. */
static char *
prompt_run(struct app *app, const char *prompt, const char *initial, const char *error,
	bool select, void (*on_change)(struct app *app, void *ctx, const char *text), void *ctx)
{
	struct ebuf b;
	eb_init(&b, initial);
	size_t scroll = 0;
	char *result = NULL;
	bool show_error = error && *error;
	bool selected = select && b.len > 0;
	curs_set(1);
	do {
		WINDOW *w = app->status_win;
		if (!app->too_small) {
			int cols = getmaxx(w);
			werase(w);
			/* the reason may take all but room for a short answer */
			int ew = cols - 18 > cols * 2 / 3 ? cols - 18 : cols * 2 / 3;
			int lw = cols * 2 / 3, pw;
			if (show_error) {
				pw = ui_put_text(w, 0, 0, ew, error, style_attr(ST_ERROR));
			} else if (width_n(prompt, strlen(prompt)) > lw && lw > 4) {
				/* A long prompt gives way to the value: shortened to its share
				 * (the "…" says so), it still ends before the value. */
				char *cut = tv_text_ellipsize(prompt, lw - 2);
				pw = ui_put_text(w, 0, 0, lw - 2, cut, style_attr(ST_LABEL));
				free(cut);
				pw += ui_put_text(w, 0, pw, 2, ": ", style_attr(ST_LABEL));
			} else {
				pw = ui_put_text(w, 0, 0, lw, prompt, style_attr(ST_LABEL));
				/* a prompt that ends in no blank (a translation missing its
				 * trailing space) gets one: the value never joins the text. The
				 * search's "/" is a sigil, joined to the search as in vi and less. */
				size_t pl = strlen(prompt);
				if (pw > 0 && pl && prompt[pl - 1] != ' ' && strcmp(prompt, "/") != 0)
					pw += ui_put_text(w, 0, pw, 1, " ", style_attr(ST_LABEL));
			}
			if (show_error && pw + 2 < cols)
				pw += ui_put_text(w, 0, pw, 2, "  ", style_attr(ST_NORMAL));
			int x0 = pw;
			int fw = cols - x0 - 1;
			if (fw < 4)
				fw = 4;
			if (b.cur < scroll)
				scroll = b.cur;
			while (width_n(b.s + scroll, b.cur - scroll) > fw - 1)
				scroll = next_char(b.s, b.len, scroll);
			const char *vis = b.s + scroll;
			size_t n = clip_n(vis, b.len - scroll, fw);
			wattrset(w, style_attr(selected ? ST_SELECTED : ST_NORMAL));
			mvwaddnstr(w, 0, x0, vis, (int)n);
			wattrset(w, style_attr(ST_NORMAL));
			if (scroll > 0 && x0 > 0)
				ui_put_text(w, 0, x0 - 1, 1, "<", style_attr(ST_MORE));
			if (scroll + n < b.len)
				ui_put_text(w, 0, cols - 1, 1, ">", style_attr(ST_MORE));
			wmove(w, 0, x0 + width_n(vis, b.cur - scroll));
			wnoutrefresh(w);
			doupdate();
		}
		struct key k;
		if (!modal_key(app, &k))
			continue;
		if (!k.fn && k.code == KEY_ESC) {
			if (drop_escape_sequence())
				continue;
			break;
		}
		if ((!k.fn && (k.code == '\n' || k.code == '\r')) || (k.fn && k.code == KEY_ENTER)) {
			result = tv_xstrdup(b.s);
			break;
		}
		if (selected && (types_text(&k) || (!k.fn && (k.code == 127 || k.code == 8)) ||
				(k.fn && (k.code == KEY_BACKSPACE || k.code == KEY_DC)))) {
			selected = false;
			eb_delete(&b, 0, b.len);
			if (!types_text(&k)) {
				show_error = false;
				if (on_change) {
					on_change(app, ctx, b.s);
					b.changed = false;
				}
				continue;
			}
		}
		if (k.fn && (k.code == KEY_HOME))
			b.cur = 0;
		else if (k.fn && k.code == KEY_END)
			b.cur = b.len;
		else if (!k.fn && k.code == CTRL('d'))
			eb_delete(&b, b.cur, next_char(b.s, b.len, b.cur));
		else if (!eb_common_key(&b, &k, 0, b.len))
			continue;
		selected = false;
		if (b.changed)
			show_error = false;
		if (on_change && b.changed) {
			on_change(app, ctx, b.s);
			b.changed = false;
		}
	} while (!app->stop);
	curs_set(0);
	free(b.s);
	return result;
}

char *
ui_prompt_line(struct app *app, const char *prompt, const char *initial,
	void (*on_change)(struct app *app, void *ctx, const char *text), void *ctx)
{
	/* An incremental search (on_change) acts on every key, so it starts with its text
	 * unselected: the first key refines the search rather than replacing it. */
	return prompt_run(app, ui_tr(prompt), initial, NULL, !on_change, on_change, ctx);
}

char *
ui_prompt_refused(struct app *app, const char *prompt, const char *text, const char *why,
	bool (*check)(void *ctx, const char *text, char *why, size_t size), void *ctx)
{
	prompt = ui_tr(prompt);
	char reason[512];
	snprintf(reason, sizeof reason, "%s", why ? why : "");
	/* A refusal to show first opens on the text as typed, unselected, as after a
	 * refusal inside the loop below. */
	char *answer = prompt_run(app, prompt, text, reason, !reason[0], NULL, NULL);
	while (answer && !app->stop && check && !check(ctx, answer, reason, sizeof reason)) {
		char *again = prompt_run(app, prompt, answer, reason, false, NULL, NULL);
		free(answer);
		answer = again;
	}
	return answer;
}

char *
ui_prompt_checked(struct app *app, const char *prompt, const char *initial,
	bool (*check)(void *ctx, const char *text, char *why, size_t size), void *ctx)
{
	return ui_prompt_refused(app, prompt, initial, NULL, check, ctx);
}

bool
ui_check_field(void *field_ptr, const char *text, char *why, size_t size)
{
	const enum tv_field *field = field_ptr;
	const struct tv_field_info *f = tv_field_info(*field);
	const char *label = _(f->label);
	struct tv_diag diag = { 0 };
	if (tv_text_check(label, text, f->max, false, false, &diag) != TV_OK) {
		snprintf(why, size, "%s", diag.msg);
		return false;
	}
	if (f->required && tv_text_check(label, text, f->max, false, true, NULL) != TV_OK) {
		/* TRANSLATORS: %s is a field's label ("Title", "Name"). */
		snprintf(why, size, _("%s: type something, or Esc to cancel"), label);
		return false;
	}
	if (!tv_field_check(*field, text))
		return true;
	/* Whole sentences, each translated as one. */
	char *q = tv_text_ellipsize(text, 40);
	if (*field == TV_FIELD_MEETING_url)
		snprintf(why, size, _("'%s' is not a link (use http://, https:// or mailto:)"), q);
	else if (*field == TV_FIELD_PERSON_email)
		snprintf(why, size, _("'%s' is not an e-mail address (name@example.dk, no "
			"spaces)"), q);
	else
		snprintf(why, size, "%s: '%s' %s", label, q, tv_field_check(*field, text));
	free(q);
	return false;
}

bool
ui_check_date(void *rule_ptr, const char *text, char *why, size_t size)
{
	const struct date_rule *rule = rule_ptr;
	struct tv_diag diag = { 0 };
	const char *p = text;
	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p && rule->empty_ok)
		return true;
	enum tv_status st;
	if (rule->when) {
		struct tv_when w;
		st = tv_when_parse_from(text, rule->today,
			rule->base_day == TV_NO_DAY ? rule->today : rule->base_day, rule->date_only,
			&w, &diag);
	} else {
		int32_t day;
		st = tv_date_parse(text, rule->today, &day, &diag);
	}
	if (st == TV_OK)
		return true;
	snprintf(why, size, "%s", diag.msg[0] ? diag.msg : _("not a date"));
	return false;
}

/* ---- Multi-line editor ---- */

struct vline {
	size_t start, end;
};

static size_t
layout_vlines(const struct ebuf *b, int wrapw, struct vline **vl, size_t *cap)
{
	size_t n = 0, pos = 0;
	for (;;) {
		const char *nl = memchr(b->s + pos, '\n', b->len - pos);
		size_t le = nl ? (size_t)(nl - b->s) : b->len;
		size_t s = pos;
		do {
			size_t fit = clip_n(b->s + s, le - s, wrapw);
			if (fit == 0 && s < le)
				fit = next_char(b->s, le, s) - s;
			if (n == *cap) {
				*cap = *cap ? *cap * 2 : 64;
				*vl = tv_xrealloc(*vl, *cap * sizeof **vl);
			}
			(*vl)[n].start = s;
			(*vl)[n].end = s + fit;
			n++;
			s += fit;
		} while (s < le);
		if (!nl)
			break;
		pos = le + 1;
	}
	return n;
}

static size_t
vline_of(const struct vline *vl, size_t n, size_t cur)
{
	size_t i = 0;
	for (size_t j = 0; j < n; j++)
		if (vl[j].start <= cur)
			i = j;
	return i;
}

/* The multi-line editor's state: the text, its wrapped lines and the box. */
struct editor {
	const char *title;
	struct ebuf b;
	struct vline *vl;
	size_t cap, top;
	WINDOW *w;
	int wl, wc;        /* the box's size */
};

enum edit_step { ED_GO_ON, ED_SAVE, ED_CANCEL };

/* The box over the body, made anew when the terminal size changed. */
static void
editor_window(struct editor *e, struct app *app)
{
	int want_l = app->lines - 2, want_c = app->cols;
	if (e->w && e->wl == want_l && e->wc == want_c)
		return;
	if (e->w)
		delwin(e->w);
	e->w = newwin(want_l, want_c, 1, 0);
	e->wl = want_l;
	e->wc = want_c;
	keypad(e->w, TRUE);
}

static void
editor_draw(struct editor *e, struct app *app)
{
	editor_window(e, app);
	WINDOW *w = e->w;
	int wl = e->wl, wc = e->wc;
	int th = wl - 2, tw = wc - 2, wrapw = tw - 1;
	size_t n = layout_vlines(&e->b, wrapw, &e->vl, &e->cap);
	size_t ci = vline_of(e->vl, n, e->b.cur);
	if (ci < e->top)
		e->top = ci;
	if (ci >= e->top + (size_t)th)
		e->top = ci - (size_t)th + 1;
	werase(w);
	wattrset(w, style_attr(ST_NORMAL));
	box(w, 0, 0);
	ui_put_text(w, 0, 2, wc - 4, e->title, style_attr(ST_LABEL));
	ui_put_text(w, wl - 1, 2, wc - 4,
		_(" Ctrl-D or F2 save \u00b7 Esc cancel \u00b7 Enter new line "),
		style_attr(ST_KEY));
	wattrset(w, style_attr(ST_NORMAL));
	for (int r = 0; r < th && e->top + (size_t)r < n; r++) {
		struct vline *v = &e->vl[e->top + (size_t)r];
		mvwaddnstr(w, 1 + r, 1, e->b.s + v->start, (int)(v->end - v->start));
	}
	ui_scroll_marks(w, wc - 4, 0, e->top > 0, wl - 1, e->top + (size_t)th < n);
	wmove(w, 1 + (int)(ci - e->top), 1 + width_n(e->b.s + e->vl[ci].start,
		e->b.cur - e->vl[ci].start));
	wnoutrefresh(w);
	doupdate();
}

/* Up, Down, PgUp, PgDn: to the same column of another wrapped line. */
static void
editor_vertical(struct editor *e, int code, size_t ci, size_t n)
{
	struct vline *vl = e->vl;
	int col = width_n(e->b.s + vl[ci].start, e->b.cur - vl[ci].start);
	long step = (code == KEY_UP) ? -1 : (code == KEY_DOWN) ? 1 :
		(code == KEY_PPAGE) ? -(e->wl - 3) : (e->wl - 3);
	long t = (long)ci + step;
	if (t < 0)
		t = 0;
	if (t >= (long)n)
		t = (long)n - 1;
	struct vline *v = &vl[t];
	e->b.cur = v->start + clip_n(e->b.s + v->start, v->end - v->start, col);
}

/* Ctrl-A/E/K/U/W and the other editing keys, within the logical line. */
static void
editor_edit_key(struct editor *e, const struct key *k)
{
	struct ebuf *b = &e->b;
	size_t ls = b->cur, le = b->cur;
	while (ls > 0 && b->s[ls - 1] != '\n')
		ls--;
	while (le < b->len && b->s[le] != '\n')
		le++;
	if (!k->fn && k->code == '\t')
		eb_insert(b, "    ", 4);
	else
		eb_common_key(b, k, ls, le);
}

static enum edit_step
editor_key(struct editor *e, struct app *app, const struct key *k)
{
	size_t n = layout_vlines(&e->b, e->wc - 3, &e->vl, &e->cap);
	size_t ci = vline_of(e->vl, n, e->b.cur);
	if ((!k->fn && (k->code == CTRL('d') || k->code == CTRL('s'))) ||
	    (k->fn && k->code == KEY_F(2)))
		return ED_SAVE;
	if (!k->fn && k->code == KEY_ESC) {
		if (drop_escape_sequence())
			return ED_GO_ON;
		if (!e->b.changed || ui_confirm(app, "Discard your changes? (y/n)"))
			return ED_CANCEL;
		return ED_GO_ON;
	}
	if ((!k->fn && (k->code == '\n' || k->code == '\r')) || (k->fn && k->code == KEY_ENTER))
		eb_insert(&e->b, "\n", 1);
	else if (k->fn && (k->code == KEY_UP || k->code == KEY_DOWN || k->code == KEY_PPAGE ||
			k->code == KEY_NPAGE))
		editor_vertical(e, k->code, ci, n);
	else if (k->fn && k->code == KEY_HOME)
		e->b.cur = e->vl[ci].start;
	else if (k->fn && k->code == KEY_END)
		e->b.cur = e->vl[ci].end;
	else
		editor_edit_key(e, k);
	return ED_GO_ON;
}

char *
ui_edit_text(struct app *app, const char *title, const char *initial)
{
	struct editor e = { .title = ui_tr(title) };
	eb_init(&e.b, initial);
	e.b.cur = 0;
	enum edit_step step = ED_GO_ON;
	curs_set(1);
	while (step == ED_GO_ON) {
		if (!app->too_small)
			editor_draw(&e, app);
		struct key k;
		if (!app_getkey(app, &k)) {
			if (app->stop) {
				/* Hang-up or SIGTERM mid-edit: keep the text as a draft that the
				 * next start offers to restore (draft.c); it is never written,
				 * since it may be half-typed. */
				if (e.b.changed || app->draft.keep_unchanged)
					draft_save(app, e.title, e.b.s);
				step = ED_CANCEL;
			}
			continue;
		}
		if ((k.fn && k.code == KEY_RESIZE) || redraw_key(app, &k)) {
			if (e.w)
				delwin(e.w);
			e.w = NULL;
			continue;
		}
		if (!app->too_small)
			step = editor_key(&e, app, &k);
	}
	char *result = step == ED_SAVE ? tv_xstrdup(e.b.s) : NULL;
	curs_set(0);
	if (e.w)
		delwin(e.w);
	free(e.vl);
	free(e.b.s);
	app->draft.field = NULL;
	app->draft.keep_unchanged = false;
	app_redraw_all(app);
	return result;
}

/* ---- External editor ---- */

/* A new private temporary file holding `initial` (and a final newline): its path
 * (caller unlinks and frees), or NULL with the reason on the status line. */
static char *
write_temp(struct app *app, const char *initial)
{
	const char *tmp = getenv("TMPDIR");
	char *path = tv_xasprintf("%s/tavle-XXXXXX.txt", tmp && *tmp ? tmp : "/tmp");
	int fd = mkstemps(path, 4);
	if (fd < 0) {
		app_message(app, ST_ERROR, "Cannot create a temporary file: %s", strerror(errno));
		free(path);
		return NULL;
	}
	fchmod(fd, 0600);
	size_t ilen = initial ? strlen(initial) : 0;
	bool ok = true;
	for (size_t off = 0; off < ilen;) {
		ssize_t wr = write(fd, initial + off, ilen - off);
		if (wr < 0) {
			if (errno == EINTR)
				continue;
			ok = false;
			break;
		}
		off += (size_t)wr;
	}
	if (ilen && initial[ilen - 1] != '\n' && write(fd, "\n", 1) != 1)
		ok = false;
	close(fd);
	if (!ok) {
		app_message(app, ST_ERROR, "Cannot write %s", path);
		unlink(path);
		free(path);
		return NULL;
	}
	return path;
}

/* Run the editor command `ed` on `path` with curses suspended; true if it exited 0.
 * The setting is split on spaces into argv: no shell ever sees the text. */
static bool
run_editor(const char *ed, const char *path)
{
	char *edcopy = tv_xstrdup(ed);
	char *argv[32];
	int argc = 0;
	for (char *t = strtok(edcopy, " \t"); t && argc < 30; t = strtok(NULL, " \t"))
		argv[argc++] = t;
	argv[argc++] = (char *)path;
	argv[argc] = NULL;

	def_prog_mode();
	endwin();
	int status = -1;
	pid_t pid = fork();
	if (pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, _("tavle: cannot run %s: %s\n"), argv[0], strerror(errno));
		_exit(127);
	}
	if (pid > 0) {
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	reset_prog_mode();
	refresh();
	free(edcopy);
	return pid >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* The edited file's text; the final newline the editor adds is dropped unless
 * `initial` ended in one. NULL (message set) if it cannot be read. */
static char *
read_back(struct app *app, const char *path, const char *initial)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		app_message(app, ST_ERROR, "Cannot read %s back", path);
		return NULL;
	}
	size_t cap = 4096, n = 0;
	char *text = tv_xmalloc(cap);
	size_t r;
	while ((r = fread(text + n, 1, cap - n - 1, f)) > 0) {
		n += r;
		if (n + 1 >= cap)
			text = tv_xrealloc(text, cap *= 2);
	}
	text[n] = '\0';
	fclose(f);
	size_t ilen = initial ? strlen(initial) : 0;
	if (n && text[n - 1] == '\n' && !(ilen && initial[ilen - 1] == '\n'))
		text[n - 1] = '\0';
	return text;
}

char *
ui_edit_external(struct app *app, const char *initial)
{
	const char *ed = getenv("VISUAL");
	if (!ed || !*ed)
		ed = getenv("EDITOR");
	if (!ed || !*ed)
		ed = "vi";
	char *path = write_temp(app, initial);
	if (!path)
		return NULL;
	char *text = NULL;
	if (!run_editor(ed, path))
		app_message(app, ST_ERROR, "The editor %s failed; nothing changed", ed);
	else
		text = read_back(app, path, initial);
	unlink(path);
	free(path);
	app_redraw_all(app);
	return text;
}

/* A centred popup of `height` x `width` with a box and `title`, in the popup style,
 * replacing `old` (deleted; may be NULL). */
static WINDOW *
popup_window(struct app *app, WINDOW *old, int height, int width, const char *title)
{
	if (old)
		delwin(old);
	WINDOW *w = newwin(height, width, (app->lines - height) / 2, (app->cols - width) / 2);
	werase(w);
	wbkgdset(w, style_attr(ST_POPUP));
	wattrset(w, style_attr(ST_POPUP));
	for (int r = 0; r < height; r++)
		mvwhline(w, r, 0, ' ', width);
	box(w, 0, 0);
	ui_put_text(w, 0, 2, width - 4, title, style_attr(ST_LABEL));
	return w;
}

/* ---- Menus and questions ---- */

int
ui_menu_choose(struct app *app, const char *title, const char *const *items, size_t n,
	int initial)
{
	title = ui_tr(title);
	int sel = initial >= 0 && (size_t)initial < n ? initial : 0;
	int result = -1;
	WINDOW *w = NULL;
	do {
		if (!app->too_small) {
			int width = tv_text_width(title) + 6;
			for (size_t i = 0; i < n; i++) {
				int iw = tv_text_width(items[i]) + 8;
				if (iw > width)
					width = iw;
			}
			if (width > app->cols - 2)
				width = app->cols - 2;
			int height = (int)n + 2;
			if (height > app->lines - 2)
				height = app->lines - 2;
			w = popup_window(app, w, height, width, title);
			int rows = height - 2;
			int first = sel >= rows ? sel - rows + 1 : 0;
			for (int r = 0; r < rows && (size_t)(first + r) < n; r++) {
				int i = first + r;
				attr_t a = i == sel ? style_attr(ST_SELECTED) : style_attr(ST_POPUP);
				ui_fill_line(w, 1 + r, 1, width - 2, a);
				char *line = i < 9 ? tv_xasprintf(" %d  %s", i + 1, items[i])
					: tv_xasprintf("    %s", items[i]);
				ui_put_text(w, 1 + r, 1, width - 2, line, a);
				free(line);
			}
			wnoutrefresh(w);
			doupdate();
		}
		struct key k;
		if (!modal_key(app, &k))
			continue;
		int c = key_lookup_code(&k);
		if (c == KEY_ESC || c == 'q')
			break;
		if (c == '\n' || c == '\r' || c == KEY_ENTER) {
			result = sel;
			break;
		}
		if ((c == KEY_UP || c == 'k') && sel > 0)
			sel--;
		else if ((c == KEY_DOWN || c == 'j') && (size_t)sel + 1 < n)
			sel++;
		else if (c >= '1' && c <= '9' && (size_t)(c - '1') < n) {
			result = c - '1';
			break;
		}
	} while (!app->stop);
	if (w)
		delwin(w);
	app_redraw_all(app);
	return result;
}

bool
ui_confirm(struct app *app, const char *question)
{
	question = ui_tr(question);
	bool yes = false;
	do {
		if (!app->too_small) {
			WINDOW *w = app->status_win;
			werase(w);
			ui_put_text(w, 0, 0, getmaxx(w), question, style_attr(ST_ERROR));
			wnoutrefresh(w);
			doupdate();
		}
		struct key k;
		if (!modal_key(app, &k))
			continue;
		/* TRANSLATORS: the question's "(y/n)" is "(j/n)" in Danish, so j says yes too. */
		yes = !k.fn && (k.code == 'y' || k.code == 'Y' ||
			(tv_i18n_danish() && (k.code == 'j' || k.code == 'J')));
		break;
	} while (!app->stop);
	/* The answer is taken: the question goes, or a "no" left it on the bottom line
	 * while the caller (the editor) went on, and the next key read as another answer. */
	if (!app->too_small) {
		app_restore_status(app);
		doupdate();
	}
	return yes;
}

/* Append `line` to rows, wrapped at word boundaries to `width` columns; a continued
 * line is indented two more than the line's own leading blanks. */
static void
wrap_into(const char *line, int width, char ***rows, size_t *n, size_t *cap)
{
	size_t indent = strspn(line, " ");
	const char *s = line;
	bool first = true;
	do {
		size_t lead = first ? 0 : indent + 2;
		int room = width - (int)lead;
		if (room < 8) {   /* too narrow to indent: use the whole width */
			room = width;
			lead = 0;
		}
		int w;
		size_t len = strlen(s), fit = tv_text_clip(s, room, &w);
		size_t cut = fit;
		if (fit < len) {
			/* the last blank that fits, past the indentation */
			for (size_t i = fit; i > (first ? indent : 0); i--)
				if (s[i] == ' ') {
					cut = i;
					break;
				}
		}
		if (cut == 0)   /* not one character fits: the rest, clipped when drawn */
			cut = len;
		if (*n == *cap) {
			*cap = *cap ? 2 * *cap : 16;
			*rows = tv_xrealloc(*rows, *cap * sizeof **rows);
		}
		(*rows)[(*n)++] = tv_xasprintf("%*s%.*s", (int)lead, "", (int)cut, s);
		s += cut;
		while (*s == ' ')
			s++;
		first = false;
	} while (*s);
}

void
ui_wrap_text(const char *text, int width, char ***rows, size_t *n)
{
	/* The capacity is the count: the array grows one line at a time from any n. */
	size_t cap = *n;
	const char *s = text ? text : "";
	do {
		const char *nl = strchr(s, '\n');
		char *line = tv_xstrndup(s, nl ? (size_t)(nl - s) : strlen(s));
		wrap_into(line, width > 1 ? width : 1, rows, n, &cap);
		free(line);
		s = nl ? nl + 1 : NULL;
	} while (s);
}

bool
ui_confirm_box(struct app *app, const char *title, const char *const *lines, size_t n,
	const char *question)
{
	bool yes = false;
	WINDOW *w = NULL;
	/* The screen below as a redraw draws it (a prompt that asked closes under the box). */
	app_redraw_all(app);
	do {
		if (!app->too_small) {
			/* As wide as the longest line, within the screen less a margin. */
			int width = tv_text_width(title) + 6;
			if (tv_text_width(question) + 4 > width)
				width = tv_text_width(question) + 4;
			for (size_t i = 0; i < n; i++)
				if (tv_text_width(lines[i]) + 4 > width)
					width = tv_text_width(lines[i]) + 4;
			if (width > app->cols - 2)
				width = app->cols - 2;
			char **rows = NULL;
			size_t nrows = 0, cap = 0;
			for (size_t i = 0; i < n; i++)
				wrap_into(lines[i], width - 4, &rows, &nrows, &cap);
			/* Borders, a blank line and the question around the text; text that
			 * does not fit ends in "…" (the question always shows). */
			int text_rows = app->lines - 2 - 4;
			if (text_rows < 1)
				text_rows = 1;
			bool cut = (int)nrows > text_rows;
			int shown = cut ? text_rows : (int)nrows;
			int height = shown + 4;
			w = popup_window(app, w, height, width, title);
			for (int r = 0; r < shown; r++)
				ui_put_text(w, 1 + r, 2, width - 4,
					cut && r == shown - 1 ? "\u2026" : rows[r], style_attr(ST_POPUP));
			ui_put_text(w, height - 2, 2, width - 4, question, style_attr(ST_LABEL));
			tv_strv_free(rows, nrows);
			wnoutrefresh(w);
			doupdate();
		}
		struct key k;
		if (!modal_key(app, &k))
			continue;
		/* y (and j in Danish) says yes; n, Esc and q say no; other keys are not an
		 * answer, so a stray key never decides a change this large. */
		if (!k.fn && (k.code == 'y' || k.code == 'Y' ||
				(tv_i18n_danish() && (k.code == 'j' || k.code == 'J')))) {
			yes = true;
			break;
		}
		if (!k.fn && (k.code == 'n' || k.code == 'N' || k.code == 'q' || k.code == KEY_ESC))
			break;
	} while (!app->stop);
	if (w)
		delwin(w);
	app_redraw_all(app);
	return yes;
}

const char *
ui_tr(const char *s)
{
	/* gettext("") is the catalogue's header, never an empty string. */
	return s && *s ? _(s) : s;
}

/* Process-wide like the style table: one configuration per process. */
static enum tv_date_style date_style = TV_DATES_AUTO;

void
ui_set_date_style(enum tv_date_style style)
{
	date_style = style;
}

enum tv_date_style
ui_date_style(void)
{
	return tv_date_style_resolve(date_style, tv_i18n_danish());
}

void
show_date(int32_t day, unsigned flags, char *buf, size_t size)
{
	tv_date_show(day, date_style, flags, buf, size);
}

void
show_when(struct tv_when when, unsigned flags, char *buf, size_t size)
{
	tv_when_show(when, date_style, flags, buf, size);
}

void
format_deadline(int32_t day, int32_t today, char *buf, size_t size)
{
	if (day == TV_NO_DAY) {
		snprintf(buf, size, "%s", _("no deadline"));
		return;
	}
	long diff = (long)day - today;
	/* TRANSLATORS: days, as short as it can be: cards are narrow. */
	if (diff < 0)
		snprintf(buf, size, _("%ldd late"), -diff);
	else if (diff == 0)
		snprintf(buf, size, "%s", _("today"));
	else if (diff == 1)
		snprintf(buf, size, "%s", _("tomorrow"));
	else if (diff <= 14)
		snprintf(buf, size, _("in %ldd"), diff);
	else
		show_date(day, 0, buf, size);
}
