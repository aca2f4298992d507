/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Private header of the terminal front end: the application state (struct app), the
 * view vtable, the request table (every command with its config name, default keys and
 * help text) and the style table (colour and monochrome attributes). Only src/tui/ files
 * include it; it is the one place besides those files that includes <curses.h>.
 * The TUI depends on the core API (include/tavle/ headers) and never on SQLite directly.
 */
#ifndef TAVLE_TUI_APP_H
#define TAVLE_TUI_APP_H

#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tavle/datefmt.h"
#include "tavle/i18n.h"
#include "tavle/model.h"
#include "tavle/store.h"
#include "tui.h"

#define CTRL(c) ((c) & 0x1f)
#define KEY_ESC 27

/* ---- Requests: one table for commands, default keys and help. ----
 * X(enum, config name, keymap scope, default keys, help text) */
enum keymap { KM_GENERIC, KM_BOARD, KM_DETAIL, KM_HELP, KM_TIMELINE, KM_LIST, KM_BOARDS,
	KM_PORTFOLIO, KM_REVIEW, KM_COUNT };

#define KEYS(...) { __VA_ARGS__, 0 }
#define REQ_INFO(X) \
	X(REQ_UP,          "move-up",        KM_GENERIC, KEYS('k', KEY_UP),            "Move up") \
	X(REQ_DOWN,        "move-down",      KM_GENERIC, KEYS('j', KEY_DOWN),          "Move down") \
	X(REQ_LEFT,        "move-left",      KM_BOARD,   KEYS('h', KEY_LEFT),          "Previous column") \
	X(REQ_RIGHT,       "move-right",     KM_BOARD,   KEYS('l', KEY_RIGHT),         "Next column") \
	X(REQ_NEXT_COL,    "next-column",    KM_BOARD,   KEYS('\t'),                   "Next column") \
	X(REQ_PREV_COL,    "prev-column",    KM_BOARD,   KEYS(KEY_BTAB),               "Previous column") \
	X(REQ_FIRST,       "move-first",     KM_GENERIC, KEYS('g', KEY_HOME),          "First item") \
	X(REQ_LAST,        "move-last",      KM_GENERIC, KEYS('G', KEY_END),           "Last item") \
	X(REQ_PGUP,        "page-up",        KM_GENERIC, KEYS(KEY_PPAGE, CTRL('b')),   "Page up") \
	X(REQ_PGDN,        "page-down",      KM_GENERIC, KEYS(KEY_NPAGE, CTRL('f')),   "Page down") \
	X(REQ_ENTER,       "open",           KM_BOARD,   KEYS('\n', '\r', KEY_ENTER),  "Open the package") \
	X(REQ_QUIT,        "quit",           KM_BOARD,   KEYS('q'),                    "Quit tavle") \
	X(REQ_CLEAR,       "clear",          KM_BOARD,   KEYS(KEY_ESC),                "Clear search and filter") \
	X(REQ_CLOSE,       "view-close",     KM_GENERIC, KEYS('q', KEY_ESC),           "Close the view (back); on the board q quits, Esc clears") \
	X(REQ_QUIT_ALL,    "quit-all",       KM_GENERIC, KEYS('Q', CTRL('c')),                   "Quit from any view") \
	X(REQ_VIEW_BOARD,  "view-board",     KM_GENERIC, KEYS('1'),                    "Board view") \
	X(REQ_VIEW_TIMELINE, "view-timeline", KM_GENERIC, KEYS('2'),                   "Timeline view") \
	X(REQ_VIEW_AGENDA, "view-agenda",    KM_GENERIC, KEYS('3'),                    "Agenda view") \
	X(REQ_VIEW_MEETINGS, "view-meetings", KM_GENERIC, KEYS('4'),                   "Meetings view") \
	X(REQ_VIEW_DECISIONS, "view-decisions", KM_GENERIC, KEYS('5'),                 "Decisions view") \
	X(REQ_VIEW_PORTFOLIO, "view-portfolio", KM_GENERIC, KEYS('6'),                 "Portfolio view") \
	X(REQ_VIEW_MINIMUM, "view-minimum",  KM_GENERIC, KEYS('7'),                    "Minimum requirements view") \
	X(REQ_VIEW_PEOPLE, "view-people",    KM_GENERIC, KEYS('p'),                    "People view") \
	X(REQ_VIEW_UPDATE, "view-update",    KM_GENERIC, KEYS('U'),                    "Template update: what the programme's new version changed, and its conflicts") \
	X(REQ_HELP,        "view-help",      KM_GENERIC, KEYS('?', KEY_F(1)),          "Help (this screen)") \
	X(REQ_EDIT,        "edit",           KM_GENERIC, KEYS('e'),                    "Edit the title / focused field") \
	X(REQ_EDIT_EXT,    "edit-external",  KM_GENERIC, KEYS('E'),                    "Edit the focused text in $VISUAL/$EDITOR") \
	X(REQ_ADD,         "add",            KM_GENERIC, KEYS('a'),                    "Add a package (board) / task (detail)") \
	X(REQ_DELETE,      "delete",         KM_GENERIC, KEYS('d'),                    "Delete the package / task (asks)") \
	X(REQ_STATUS,      "set-status",     KM_GENERIC, KEYS('s'),                    "Set the status") \
	X(REQ_DEADLINE,    "set-deadline",   KM_GENERIC, KEYS('D'),                    "Set the deadline (18.12.2026, 18 Dec, +2w, friday)") \
	X(REQ_OWNER,       "set-owner",      KM_GENERIC, KEYS('o'),                    "Set the owner") \
	X(REQ_MOVE_AREA,   "move-area",      KM_GENERIC, KEYS('m'),                    "Move the package to another area") \
	X(REQ_MOVE_UP,     "reorder-up",     KM_GENERIC, KEYS('K'),                    "Move the card / task up") \
	X(REQ_MOVE_DOWN,   "reorder-down",   KM_GENERIC, KEYS('J'),                    "Move the card / task down") \
	X(REQ_TOGGLE,      "toggle-done",    KM_DETAIL,  KEYS(' ', 'x'),               "Toggle the task done") \
	X(REQ_COMMENT,     "comment",        KM_DETAIL,  KEYS('c'),                    "Add a comment") \
	X(REQ_RESPONSIBLE, "set-responsible", KM_DETAIL, KEYS('r'),                    "Set the task's responsible party") \
	X(REQ_MINIMUM,     "toggle-minimum", KM_DETAIL,  KEYS('M'),                    "Toggle the minimum-requirement flag") \
	X(REQ_REGROUP,     "regroup",        KM_BOARD,   KEYS('v'),                    "Group columns by area / status / phase") \
	X(REQ_SEARCH,      "search",         KM_BOARD,   KEYS('/'),                    "Search titles and sections") \
	X(REQ_SEARCH_NEXT, "search-next",    KM_BOARD,   KEYS('n'),                    "Next match") \
	X(REQ_SEARCH_PREV, "search-prev",    KM_BOARD,   KEYS('N'),                    "Previous match") \
	X(REQ_FILTER,      "filter",         KM_BOARD,   KEYS('f'),                    "Filter by status, owner, overdue, phase, minimum") \
	X(REQ_UNDO,        "undo",           KM_GENERIC, KEYS('u'),                    "Undo the last change") \
	X(REQ_REDO,        "redo",           KM_GENERIC, KEYS(CTRL('r')),              "Redo") \
	X(REQ_HISTORY,     "history",        KM_GENERIC, KEYS('L'),                    "Show the package's change history (who, when, old -> new)") \
	X(REQ_REFRESH,     "screen-redraw",  KM_GENERIC, KEYS(CTRL('l')),              "Redraw the screen") \
	X(REQ_EXPORT_ICS,  "export-calendar", KM_GENERIC, KEYS('X'),                  "Export the board's calendar (.ics, as tavle export ics)") \
	X(REQ_STATUS_REPORT, "status-report", KM_GENERIC, KEYS('R'),                  "Write the weekly status report (Markdown, as tavle report status)") \
	X(REQ_EXPORT_PLAN, "export-plan",    KM_GENERIC, KEYS('P'),                    "Write the one-page plan (.html, as tavle report html)") \
	X(REQ_SUSPEND,     "suspend",        KM_GENERIC, KEYS(CTRL('z')),              "Suspend to the shell (fg comes back)") \
	X(REQ_VIEW_BOARDS, "view-boards",    KM_GENERIC, KEYS('b'),                    "Board switcher: all boards with progress and overdue") \
	X(REQ_BOARD_SWITCH, "board-switch",  KM_BOARDS,  KEYS('\n', '\r', KEY_ENTER),  "Switch to the board") \
	X(REQ_BOARD_NEW,   "board-new",      KM_BOARDS,  KEYS('n'),                    "New board from the default or another template") \
	X(REQ_BOARD_RENAME, "board-rename",  KM_BOARDS,  KEYS('r'),                    "Rename the board") \
	X(REQ_BOARD_SETTINGS, "board-settings", KM_BOARDS, KEYS('e'),                  "Board settings: name, authority, sector, programme start, contact person, CVR number") \
	X(REQ_BOARD_ARCHIVE, "board-archive", KM_BOARDS, KEYS('A'),                    "Archive / bring back the board (hidden but kept)") \
	X(REQ_BOARD_SHOW_ARCHIVED, "board-show-archived", KM_BOARDS, KEYS('H'),        "Show / hide archived boards") \
	X(REQ_BOARD_DELETE, "board-delete",  KM_BOARDS,  KEYS('d'),                    "Delete the board (type its name to confirm)") \
	X(REQ_PF_OPEN,     "portfolio-open", KM_PORTFOLIO, KEYS('\n', '\r', KEY_ENTER), "Authorities of the package / open that board at the package") \
	X(REQ_PF_FOCUS,    "portfolio-focus", KM_PORTFOLIO, KEYS('\t'),                "Move between packages and the authorities concerned") \
	X(REQ_PF_MODE,     "portfolio-mode", KM_PORTFOLIO, KEYS('m'),                  "Packages x statuses / authorities x packages (. > ! x L)") \
	X(REQ_PF_COLUMNS,  "portfolio-columns", KM_PORTFOLIO, KEYS('v'),               "Columns: statuses / phases") \
	X(REQ_PF_SORT,     "portfolio-sort", KM_PORTFOLIO, KEYS('S'),                  "Sort authorities by days late / by name") \
	X(REQ_PF_FILTER,   "portfolio-filter", KM_PORTFOLIO, KEYS('f'),                "Filter by sector and area") \
	X(REQ_PF_PREV,     "portfolio-left", KM_PORTFOLIO, KEYS('h', KEY_LEFT),        "Previous package (matrix)") \
	X(REQ_PF_NEXT,     "portfolio-right", KM_PORTFOLIO, KEYS('l', KEY_RIGHT),      "Next package (matrix)") \
	X(REQ_TU_THEIRS,   "tmpl-theirs",    KM_REVIEW,  KEYS('t'),                    "Conflict: take the programme's value") \
	X(REQ_TU_MINE,     "tmpl-mine",      KM_REVIEW,  KEYS('m'),                    "Conflict: keep your value") \
	X(REQ_TU_OPEN,     "tmpl-open",      KM_REVIEW,  KEYS('\n', '\r', KEY_ENTER),  "Open the package, task or meeting") \
	X(REQ_TU_IMPORT,   "tmpl-import",    KM_REVIEW,  KEYS('i'),                    "Update the board from a template directory (preview first)") \
	X(REQ_TL_EARLIER,  "scroll-earlier", KM_TIMELINE, KEYS('h', KEY_LEFT),         "Scroll back in time") \
	X(REQ_TL_LATER,    "scroll-later",   KM_TIMELINE, KEYS('l', KEY_RIGHT),        "Scroll forward in time") \
	X(REQ_ZOOM_IN,     "zoom-in",        KM_TIMELINE, KEYS('+', '='),              "Zoom in (quarter, month, week)") \
	X(REQ_ZOOM_OUT,    "zoom-out",       KM_TIMELINE, KEYS('-'),                   "Zoom out") \
	X(REQ_TODAY,       "go-today",       KM_TIMELINE, KEYS('t'),                   "Jump to today") \
	X(REQ_TL_TASKS,    "toggle-tasks",   KM_TIMELINE, KEYS('T'),                   "Show or hide the tasks of the packages") \
	X(REQ_TL_OPEN,     "open-row",       KM_TIMELINE, KEYS('\n', '\r', KEY_ENTER), "Open the row: package detail, phase or meeting fields") \
	X(REQ_TL_SEARCH,   "find-row",       KM_TIMELINE, KEYS('/'),                   "Search the rows") \
	X(REQ_TL_NEXT,     "find-next-row",  KM_TIMELINE, KEYS('n'),                   "Next matching row") \
	X(REQ_TL_AREA,     "filter-area",    KM_TIMELINE, KEYS('f'),                   "Show the rows of one area, or all") \
	X(REQ_LIST_OPEN,   "open-entry",     KM_LIST,    KEYS('\n', '\r', KEY_ENTER),  "Open the entry (agenda: its package or meeting)") \
	X(REQ_MORE_DAYS,   "more-days",      KM_LIST,    KEYS('+', '='),               "Agenda: look further ahead (7, 14, 30, 60, 90, 180, 365 days)") \
	X(REQ_FEWER_DAYS,  "fewer-days",     KM_LIST,    KEYS('-'),                    "Agenda: look less far ahead")

enum request {
	REQ_NONE,
#define REQ_ENUM(e, name, km, keys, help) e,
	REQ_INFO(REQ_ENUM)
#undef REQ_ENUM
	REQ_COUNT
};

/* The request bound to `key` in `km`, falling back to the generic map. */
enum request request_for_key(enum keymap km, int key);
const char *request_name(enum request req);
/* The default keys of a request as text ("j, Down"), into buf. */
void request_keys_text(enum request req, char *buf, size_t size);
/* The key hints of a view in keymap `km` from `tmpl`, an English message id translated
 * here, in which "{name}" stands for the first key that runs request `name` in `km`
 * (the configuration's bindings count), "{name:N}" for up to N of them joined by "/",
 * "{name=c}" for key c first while it runs the request; "-" when no key does. So a
 * rebound key shows in the hints. NULL for a NULL template; else the caller frees. */
char *request_hints(enum keymap km, const char *tmpl);
/* Help lines for all requests (caller frees each and the array): first the keys of
 * view `cur` (its keymap's requests and the generic ones it acts on), then those that
 * work in every view ("Everywhere": generic requests no keymap claims in request.c's
 * acts table), then the other keymaps', each with the generic requests it acts on.
 * Headings start with '#'; a key and its text are separated by a tab. */
struct view_ops;
char **request_help_lines(const struct view_ops *cur, size_t *out_count);

/* ---- Styles: X(enum, name, fg256, bg256, fg8, bg8, colour attrs, mono attrs) ----
 * -1 means the terminal default colour. In 8/16-colour terminals orange (udd) has no
 * colour of its own: magenta stands in for it, since red is reserved for overdue. */
#define STYLE_INFO(X) \
	X(ST_NORMAL,    "normal",     -1, -1, -1, -1, A_NORMAL, A_NORMAL) \
	X(ST_TITLE,     "title-bar",  255, 24, COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE) \
	X(ST_STATUS,    "status-bar", -1, -1, -1, -1, A_NORMAL, A_NORMAL) \
	X(ST_HINT,      "hint",       245, -1, COLOR_CYAN, -1, A_NORMAL, A_DIM) \
	X(ST_ERROR,     "error",      196, -1, COLOR_RED, -1, A_BOLD, A_BOLD) \
	X(ST_OK,        "ok",         34, -1, COLOR_GREEN, -1, A_BOLD, A_BOLD) \
	X(ST_HEAD_ORG,  "head-org",   16, 220, COLOR_BLACK, COLOR_YELLOW, A_BOLD, A_BOLD | A_UNDERLINE) \
	X(ST_HEAD_KOM,  "head-kom",   16, 40, COLOR_BLACK, COLOR_GREEN, A_BOLD, A_BOLD | A_UNDERLINE) \
	X(ST_HEAD_DATA, "head-data",  231, 27, COLOR_WHITE, COLOR_BLUE, A_BOLD, A_BOLD | A_UNDERLINE) \
	X(ST_HEAD_UDD,  "head-udd",   16, 208, COLOR_BLACK, COLOR_MAGENTA, A_BOLD, A_BOLD | A_UNDERLINE) \
	X(ST_HEAD_OTHER, "head-other", 16, 250, COLOR_BLACK, COLOR_WHITE, A_BOLD, A_BOLD | A_UNDERLINE) \
	X(ST_BAR_ORG,   "bar-org",    220, -1, COLOR_YELLOW, -1, A_BOLD, A_BOLD) \
	X(ST_BAR_KOM,   "bar-kom",    40, -1, COLOR_GREEN, -1, A_BOLD, A_BOLD) \
	X(ST_BAR_DATA,  "bar-data",   33, -1, COLOR_BLUE, -1, A_BOLD, A_BOLD) \
	X(ST_BAR_UDD,   "bar-udd",    208, -1, COLOR_MAGENTA, -1, A_BOLD, A_BOLD) \
	X(ST_CARD,      "card",       -1, -1, -1, -1, A_NORMAL, A_NORMAL) \
	X(ST_SELECTED,  "selected",   -1, -1, -1, -1, A_REVERSE, A_REVERSE) \
	X(ST_OVERDUE,   "overdue",    196, -1, COLOR_RED, -1, A_BOLD, A_BOLD) \
	X(ST_SOON,      "due-soon",   214, -1, COLOR_YELLOW, -1, A_BOLD, A_BOLD) \
	X(ST_DONE,      "done",       244, -1, -1, -1, A_DIM, A_DIM) \
	X(ST_MATCH,     "search-match", 16, 226, COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_UNDERLINE | A_BOLD) \
	X(ST_MORE,      "more",       245, -1, COLOR_CYAN, -1, A_NORMAL, A_DIM) \
	X(ST_LABEL,     "label",      110, -1, COLOR_CYAN, -1, A_BOLD, A_BOLD) \
	X(ST_HEADING,   "heading",    255, 238, COLOR_WHITE, COLOR_BLACK, A_BOLD, A_BOLD | A_UNDERLINE) \
	X(ST_FOCUS,     "focus",      -1, -1, -1, -1, A_REVERSE, A_REVERSE) \
	X(ST_POPUP,     "popup",      -1, 236, -1, -1, A_NORMAL, A_NORMAL) \
	X(ST_KEY,       "help-key",   220, -1, COLOR_YELLOW, -1, A_BOLD, A_BOLD)

enum style {
#define ST_ENUM(e, name, f256, b256, f8, b8, ca, ma) e,
	STYLE_INFO(ST_ENUM)
#undef ST_ENUM
	ST_COUNT
};

/* Pick the theme (colour 256 / colour 8 / monochrome) and set up colour pairs. */
void styles_init(bool *out_mono);
/* The curses attributes of a style in the active theme. */
attr_t style_attr(enum style st);
enum style area_head_style(enum tv_area a);
enum style area_bar_style(enum tv_area a);

/* ---- Views ---- */

enum handled {
	H_NONE    = 0,
	H_HANDLED = 1 << 0,
	H_REDRAW  = 1 << 1,  /* redraw the current view */
	H_RELOAD  = 1 << 2,  /* reload the board from the store, then redraw */
	H_CLOSE   = 1 << 3,  /* pop this view */
	H_QUIT    = 1 << 4,
	H_LAYOUT  = 1 << 5,  /* sizes changed: layout, then redraw */
};

struct app;
struct view;

/* A view's behaviour (tig's view_ops). The base (view.c) owns what every view has: the
 * body window (the lines between the title and the status line), a cursor, and the
 * private data of priv_size bytes (zeroed); it creates, lays out and frees them. Views
 * are told apart by the address of their ops (view_is), never by name. */
struct view_ops {
	const char *name;    /* for messages and debugging only */
	enum keymap keymap;
	const char *hints;   /* key hints for the bottom line: a request_hints template */
	size_t priv_size;    /* bytes of private data the base allocates for the view */
	void (*draw)(struct view *view, struct app *app);
	unsigned (*handle)(struct view *view, struct app *app, enum request req, int key);
	/* Optional: called after the base made the body window anew (a view with windows
	 * of its own, such as the board's columns, makes them here). */
	void (*layout)(struct view *view, struct app *app);
	/* The board changed under the view (after a write or live refresh): re-find the
	 * selection by id. Returns false if the view's subject is gone (view closes). */
	bool (*reload)(struct view *view, struct app *app);
	/* Optional: free what the private data owns (not the data itself, not the window). */
	void (*free)(struct view *view);
	/* Optional, for help: the heading of the view's own keys (default: its keymap's,
	 * request.c), and the generic requests the view acts on, REQ_NONE-terminated
	 * (default: those of its keymap, request.c; views sharing a keymap differ). */
	const char *help_title;
	const enum request *acts;
};

/* The ops of a view whose functions share one prefix (prefix_draw, prefix_handle,
 * prefix_free), with private data of type `priv_`, then the members that differ
 * (.reload, .layout) named after the hints:
 *     const struct view_ops agenda_view_ops = VIEW_OPS(agenda, "agenda", KM_LIST,
 *         struct agenda, N_("{open-entry} open ..."), .reload = agenda_reload); */
#define VIEW_OPS(prefix, name_, keymap_, priv_, hints_, ...) { \
	.name = (name_), .keymap = (keymap_), .hints = (hints_), \
	.priv_size = sizeof(priv_), .draw = prefix##_draw, .handle = prefix##_handle, \
	.free = prefix##_free, __VA_ARGS__ }

/* The base of every view. `selected` and `top` are the cursor of the view's list
 * (`count` items; `top` is the first shown), moved by view_navigate; a view with no
 * list of its own (the board's cursors are per column) leaves them at 0. */
struct view {
	const struct view_ops *ops;
	WINDOW *win;         /* the body window; NULL until laid out */
	int selected, top, count;
	void *priv;          /* ops->priv_size bytes, owned by the base */
};

/* view.c: a new view of `ops` with zeroed private data and cursor; not yet laid out
 * (app_push_view does that). Aborts on out of memory. */
struct view *view_new(const struct view_ops *ops);
/* (Re)make the body window for the current terminal size, then the view's own layout. */
void view_layout(struct view *view, struct app *app);
/* Free the view: its own free, the window, the private data and the view. */
void view_free(struct view *view);
/* The start of every view's draw: the title line with `title_note` on its right
 * (app_draw_title), the body window erased. Returns the body window. */
WINDOW *view_draw_begin(struct view *view, struct app *app, const char *title_note);
/* Is `view` a view of `ops`? (NULL is no view.) */
bool view_is(const struct view *view, const struct view_ops *ops);
/* The one navigation routine: for a movement request (up, down, page up/down by
 * `page`, first, last) move *selected within a list of `count` items, clamped (0 when
 * the list is empty). Returns false, changing nothing, for other requests. */
bool nav_move(int *selected, int count, enum request req, int page);
/* nav_move on the view's cursor (selected within count). */
bool view_navigate(struct view *view, enum request req, int page);
/* nav_move on the view's top line, for plain text views (help, history) of `count`
 * lines: the top may reach `count`; the drawing clamps the far end. */
bool view_scroll(struct view *view, enum request req, int page);
/* The keys of a plain text view (help, history): `close_req`, the key that opened
 * it, closes it; movement keys scroll it by view_scroll. */
unsigned view_text_handle(struct view *view, enum request req, enum request close_req,
	int page);
/* Move the view's top line just enough that the selection shows in `rows` lines. */
void view_keep_visible(struct view *view, int rows);
/* For plain text views of `count` lines in `rows`: no empty lines after the last
 * (the top at most count - rows, and never below 0). */
void view_clamp_top(struct view *view, int rows);

#define MAX_VIEWS 8
#define MIN_COLS 40
#define MIN_LINES 10

struct app {
	struct tv_store *store;
	int64_t board_id;
	struct tv_board_data *data;
	const struct tui_options *opt;
	struct view *views[MAX_VIEWS];
	int nviews;
	char *status;          /* status line message, or NULL for key hints */
	enum style status_style;
	bool mono;
	int32_t today;
	int lines, cols;
	bool too_small;
	WINDOW *title_win;
	WINDOW *status_win;
	int64_t data_version;
	int64_t history_seen;
	int64_t *undo, *redo;
	size_t nundo, nredo, cap_undo, cap_redo;
	int64_t last_pushed;   /* change id last put on a stack (writes that record no
	                        * change, such as moves, must not push it again) */
	/* The one stop flag: set by a quit request, or by app_getkey when a signal
	 * (SIGTERM, SIGHUP, SIGINT) asked tavle to stop; the main loop and every modal
	 * widget end when it is set. */
	bool stop;
	/* What the multi-line editor is editing (draft.c), for a draft on hang-up. */
	struct {
		enum tv_kind kind;
		int64_t id;
		const char *field;   /* NULL: nothing to save a draft for */
		int64_t version;
		/* The editor's initial text exists nowhere else (the conflict's merge of
		 * their text and the one typed before it): keep it as a draft on hang-up
		 * even if no key was typed in the editor. */
		bool keep_unchanged;
	} draft;
};

/* tui.c */
void app_message(struct app *app, enum style st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void app_draw_title(struct app *app, const char *right_hint);
void app_draw_status(struct app *app, const char *hints);
/* The status line as the main loop draws it (the message, else the top view's key
 * hints) into its window, without doupdate: for a widget that used the line for a
 * question and must not leave it there once answered. */
void app_restore_status(struct app *app);
void app_redraw_all(struct app *app);   /* full frame into the windows + doupdate */
/* One key press: a curses function key (fn, KEY_*) or a Unicode character. */
struct key {
	int code;
	bool fn;
};
/* Wait up to the input timeout for a key. false on timeout or when asked to stop. A
 * resize is handled here (relayout and full redraw) and then returned as KEY_RESIZE so
 * modal widgets can redraw themselves on top. */
bool app_getkey(struct app *app, struct key *k);
/* The int a keymap looks up for a key: KEY_* codes and ASCII; -1 otherwise. */
int key_lookup_code(const struct key *k);
const struct tv_package *app_package(const struct app *app, int64_t id);
/* Set a field of a record, handling conflicts, errors, undo and reload. Returns
 * true if the value was written. */
bool app_set(struct app *app, enum tv_kind kind, int64_t id, const char *field,
	const char *value, int64_t expected_version);
struct date_rule;
/* Ask for a new value of `field` with `prompt` (prefilled with `initial`, selected) and
 * set it as app_set does. A value the store refuses (TV_INVALID: empty, too long, a
 * bad link or e-mail, a board name taken, an end before the start) keeps the prompt
 * open with the text and the store's reason; `rule` (may be NULL) checks a date
 * first, in the date prompts' words. Esc writes nothing. Returns true if written. */
bool app_set_asked(struct app *app, const char *prompt, const char *initial,
	enum tv_kind kind, int64_t id, const char *field, int64_t expected_version,
	const struct date_rule *rule);
/* replan.c: before a board's or a phase's start is set to `value`, show what the
 * re-planning would move (the CLI's --dry-run preview) and ask; true to write (also
 * when nothing would move, or `value` is no date, which the write refuses), false when
 * the user said no or gave up waiting for a busy database (nothing is written; the
 * status line says which). Any other field: true, no question. app_set and
 * app_set_asked ask it themselves. */
bool replan_confirm(struct app *app, enum tv_kind kind, int64_t id, const char *field,
	const char *value);
/* A write found the database locked past the store's busy timeout (5 s): say so on
 * the status line, give the user 200 ms to press Esc, and return true to try again
 * (false: Esc or a stop signal; the status line then says nothing was saved). Every
 * TUI write goes through APP_RETRY so no edit is lost to a colleague's long lock:
 *     enum tv_status st;
 *     APP_RETRY(app, st, tv_store_task_add(app->store, &t));
 * A TV_BUSY write changed nothing (its transaction rolled back), so retrying is safe. */
bool app_busy_again(struct app *app, int attempt);
#define APP_RETRY(app, st, call) \
	do { \
		for (int attempt_ = 1; ((st) = (call)) == TV_BUSY && \
			app_busy_again((app), attempt_); attempt_++) \
			; \
	} while (0)
/* APP_RETRY and app_write_done in one: `ok` is set to whether the write succeeded. */
#define APP_WRITE(app, ok, call, msg) \
	do { \
		enum tv_status st_; \
		APP_RETRY((app), st_, (call)); \
		(ok) = app_write_done((app), st_, (msg)); \
	} while (0)
/* Record a completed write for undo, reload and say `msg`. */
void app_after_write(struct app *app, const char *msg);
/* After a write that set `day` (a date a person chose): when it is a weekend or a
 * holiday, the status line says `msg` (an English message id, as app_after_write
 * takes) and names the day, "Saved; lør. 29. maj 2027 is a Saturday"; the date is
 * kept. Nothing for a working day or TV_NO_DAY. Returns true if it said so. */
bool app_note_day_off(struct app *app, int32_t day, const char *msg);
/* The end of every write: `st` is what the write (through APP_RETRY) returned; on
 * TV_OK app_after_write(msg), else the store's error on the status line. Returns
 * st == TV_OK. */
bool app_write_done(struct app *app, enum tv_status st, const char *msg);
/* Remove record `id` of `kind` at `version` (APP_RETRY, then app_write_done with `msg`,
 * such as "Deleted the phase (u undoes)"). Asks nothing: callers confirm first. */
bool app_remove(struct app *app, enum tv_kind kind, int64_t id, int64_t version,
	const char *msg);
void app_store_error(struct app *app, enum tv_status st);
void app_push_view(struct app *app, struct view *view);
void app_reload(struct app *app);
unsigned app_undo(struct app *app, bool redo);

/* draw.c / widgets: text on screen, always sanitised and clipped. */
int ui_put_text(WINDOW *w, int y, int x, int width, const char *text, attr_t attr);
void ui_fill_line(WINDOW *w, int y, int x, int width, attr_t attr);
/* A heading line: row y filled `width` columns from x 0 in the heading style, the
 * text from column 1. */
void ui_heading(WINDOW *w, int y, int width, const char *text);
/* The scroll marks of a list in column x: a triangle up at row y_up when lines are
 * hidden `above`, one down at row y_down when lines are hidden `below`. */
void ui_scroll_marks(WINDOW *w, int x, int y_up, bool above, int y_down, bool below);
/* The interface language for a widget's own text: the widgets below (ui_prompt_line,
 * ui_edit_text, ui_menu_choose's title, ui_confirm, app_after_write, app_draw_title's note,
 * app_draw_status's hints) translate the English text they are given, so callers pass
 * message ids (po/meson.build lists them as keywords) or text already in the language.
 * "" and NULL pass through. */
const char *ui_tr(const char *s);
/* Text input on the bottom line. Returns the entered text (caller frees) or NULL on
 * Esc. A prefilled `initial` starts selected (typing replaces it; the arrows, Home,
 * End and Backspace edit it), except in an incremental search: `on_change` (may be
 * NULL) is called after every edit, and its text starts unselected. The prompt text
 * always ends in a blank before the value; a prompt wider than two thirds of the line
 * is shortened (with "…"), never the value. */
char *ui_prompt_line(struct app *app, const char *prompt, const char *initial,
	void (*on_change)(struct app *app, void *ctx, const char *text), void *ctx);
/* ui_prompt_line that stays open while `check` refuses the answer (false, the reason
 * written to why): the typed text is kept and the reason shown in the prompt's place
 * until the text changes, so a refused answer never falls through to the view as
 * keys. A prefilled `initial` starts selected: typing replaces it, the arrows, Home
 * and End edit it. Returns the accepted text (caller frees) or NULL on Esc. */
char *ui_prompt_checked(struct app *app, const char *prompt, const char *initial,
	bool (*check)(void *ctx, const char *text, char *why, size_t size), void *ctx);
/* ui_prompt_checked opened on a refusal found after the prompt closed (a multi-field
 * flow's later check): `why` (translated; "" or NULL for none) is shown beside `text`,
 * which starts unselected; then as ui_prompt_checked (`check` may be NULL: any
 * answer). Returns the answer (caller frees) or NULL on Esc. */
char *ui_prompt_refused(struct app *app, const char *prompt, const char *text, const char *why,
	bool (*check)(void *ctx, const char *text, char *why, size_t size), void *ctx);
/* A check for ui_prompt_checked; ctx points to an enum tv_field of a one-line field:
 * what the store would refuse of the text itself (tv_text_check with the field's
 * limit, empty when required, tv_field_check's link and e-mail rules), said in the
 * interface language with the field's label. */
bool ui_check_field(void *field, const char *text, char *why, size_t size);
/* What a date prompt accepts (ui_check_date): a date (tv_date_parse) or, with `when`,
 * a date and time (tv_when_parse_from, a date alone with `date_only`, a time alone
 * on base_day or, for TV_NO_DAY, today); empty text only with `empty_ok`. */
struct date_rule {
	int32_t today;
	bool when, date_only, empty_ok;
	int32_t base_day;
};
/* A check for ui_prompt_checked; ctx is a struct date_rule. */
bool ui_check_date(void *rule, const char *text, char *why, size_t size);
/* Append `text` to rows (caller frees them with tv_strv_free), each of its lines
 * wrapped at blanks to `width` columns. */
void ui_wrap_text(const char *text, int width, char ***rows, size_t *n);
/* Multi-line editor in a box over the screen. Returns text or NULL on cancel. */
char *ui_edit_text(struct app *app, const char *title, const char *initial);
/* $VISUAL/$EDITOR on a temp file. Returns text or NULL (message set). */
char *ui_edit_external(struct app *app, const char *initial);
/* A small menu; returns the chosen index or -1. */
int ui_menu_choose(struct app *app, const char *title, const char *const *items, size_t n,
	int initial);
bool ui_confirm(struct app *app, const char *question);
/* A y/n question about what `lines` say (a preview), in a box over the screen: the
 * title on its border, each line wrapped at blanks to the box (which fits the screen;
 * lines beyond its height end in "…"), then the question; all text as given (the
 * caller translates it). True for y (j in Danish); n, q and Esc say no, other keys
 * are ignored, so a stray key never answers. */
bool ui_confirm_box(struct app *app, const char *title, const char *const *lines, size_t n,
	const char *question);
/* Format a deadline for a card: "3d late", "today", "in 4d", then the date as
 * show_date gives it ("2027-01-31", "31. jan. 2027"); in the interface language. */
void format_deadline(int32_t day, int32_t today, char *buf, size_t size);
/* Dates on screens: the date-format setting (set from the configuration, default
 * auto) in the interface language, through tavle/datefmt.h. Not for prompts, where
 * the user types a date: those keep ISO. */
void ui_set_date_style(enum tv_date_style style);
/* portfolio.c: reported boards older than this many days are flagged stale. */
void portfolio_set_stale_days(int days);
enum tv_date_style ui_date_style(void);
void show_date(int32_t day, unsigned flags, char *buf, size_t size);
void show_when(struct tv_when when, unsigned flags, char *buf, size_t size);

/* package_edit.c: package edits shared by the board, the detail view and the timeline
 * (title, status, deadline, owner, area, external edit of the title, reorder, history)
 * for `req`, on package `p` (borrowed; it may be freed by the reload the edit causes).
 * H_NONE if `req` is not one of them. */
unsigned package_action(struct app *app, const struct tv_package *p, enum request req);
/* Choose an owner from the board's one list of people and roles (tv_people_owners: its
 * people with their role, the owners its packages name, names set as owners before),
 * as a menu titled `title` (a message id) whose first item (key 1) is `last` (a message
 * id: "Type a name...", "No owner"), then the list; it starts at `current` (may be
 * NULL). Returns 1 with the chosen name in *out (caller frees), 2 when `last` was
 * picked (*out NULL), 0 on Esc. */
int owner_choose(struct app *app, const char *title, const char *current, const char *last,
	char **out);
/* Set the owner of a package or a task (`kind`, `id`, at `version`) from the owner menu
 * (owner_choose) or a typed name; `current` (may be NULL) is preselected and prefilled.
 * The package's o and the detail view's o on a task both come here. */
unsigned owner_edit(struct app *app, enum tv_kind kind, int64_t id, const char *current,
	int64_t version);

/* Views. */
struct view *board_view_new(struct app *app);
/* The ops of the views the number keys and ? switch to, for view_is. */
extern const struct view_ops help_view_ops, timeline_view_ops, agenda_view_ops,
	meetings_view_ops, decisions_view_ops, people_view_ops, portfolio_view_ops,
	boards_view_ops, minimum_view_ops;
struct view *detail_view_new(struct app *app, int64_t package_id);
/* The detail view of `package_id` with task `task_id` selected (the agenda opens a task
 * there); the package's first field when the package has no such task. */
struct view *detail_view_open_task(struct app *app, int64_t package_id, int64_t task_id);
struct view *help_view_new(struct app *app);
/* boards.c: the board switcher (b). */
struct view *boards_view_new(struct app *app);
/* portfolio.c: the portfolio across boards (6). */
struct view *portfolio_view_new(struct app *app);
/* tui.c: make `board_id` the app's board: mark it last used, close every view above
 * the board view (the caller's too: it must return right after), reload. false (and
 * nothing changed) if it cannot be loaded. */
bool app_switch_board(struct app *app, int64_t board_id);
/* draft.c: set what the next ui_edit_text edits (kind, id, field, version the edit
 * starts from; a new comment is TV_KIND_COMMENT, id 0, field "new", version = package
 * id; keep_unchanged false). ui_edit_text saves changed text (any text, with
 * app->draft.keep_unchanged set after this call) as a draft when a signal stops it;
 * draft_offer (at start) offers a draft of this database and board for restoring. */
void draft_target_set(struct app *app, enum tv_kind kind, int64_t id, const char *field,
	int64_t version);
bool draft_save(struct app *app, const char *title, const char *text);
void draft_offer(struct app *app);
/* export.c: the calendar export (X). The default path, ~/tavle-<board name>.ics
 * (caller frees); the prompt prefilled with it, the file written by the hook of
 * tui_options, the outcome on the status line. */
char *export_default_path(const struct app *app);
/* $HOME/<prefix><board name as a file name><ext> (no $HOME: relative). Caller frees. */
char *export_path_in_home(const struct app *app, const char *prefix, const char *ext);
/* status_report.c: the weekly status report (R), as tavle report status. */
unsigned status_report_write(struct app *app);
unsigned export_calendar(struct app *app);
unsigned export_plan(struct app *app);
/* history.c: the recorded changes of one package, newest first. */
struct view *history_view_new(struct app *app, int64_t package_id);
struct view *timeline_view_new(struct app *app);
struct view *agenda_view_new(struct app *app);
struct view *meetings_view_new(struct app *app);
struct view *decisions_view_new(struct app *app);
struct view *people_view_new(struct app *app);
/* minimum.c: the board's minimum requirements by area (7). */
struct view *minimum_view_new(struct app *app);
/* review.c: the template update's review screen (U). */
extern const struct view_ops review_view_ops;
struct view *review_view_new(struct app *app);
/* meetings.c: open the meetings view on one meeting (agenda, timeline). */
struct view *meetings_view_open(struct app *app, int64_t meeting_id);

#endif
