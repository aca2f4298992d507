/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Private to src/tui: a list of records of one kind (meetings, decisions, people) with
 * a detail pane of the selected record's fields, and the field editor shared with the
 * timeline's phase rows. A list view is described by a struct list_ops; the engine in
 * listview.c does selection, scrolling, the pane, the field menu (e / Enter), delete
 * (d, asks) and keeps the selection by id across reloads.
 */
#ifndef TAVLE_TUI_LISTVIEW_H
#define TAVLE_TUI_LISTVIEW_H

#include "app.h"
#include "tavle/fields.h"

/* The widths of a list's columns, measured (display columns) from what its rows
 * actually show, so that no column runs into the next and none is wider than its
 * widest text in any language or date style (issue 16 #5). Used by the list views
 * and the agenda. */
#define LIST_MAX_COLS 6
struct list_cols {
	int w[LIST_MAX_COLS];
};
/* Widen column `col` to hold `text`. */
void list_cols_fit(struct list_cols *c, int col, const char *text);
/* Narrow the widest of the first n columns (each followed by `gap` blanks) until
 * they leave `room` columns of a `width`-column line from x `x0` (for the text that
 * follows them), but none below 6 columns. */
void list_cols_squeeze(struct list_cols *c, int n, int gap, int x0, int width, int room);
/* Text in a column `cw` wide at *x (shortened with "…" when wider), then `gap` blank
 * columns: *x moves past both. Nothing, not even the gap, for a column no row fills
 * (cw 0). `cols` is the line's width. */
void list_col_put(WINDOW *w, int y, int *x, int cols, int cw, int gap, const char *text,
	attr_t attr);

/* A list with headings (the agenda's weeks, the minimum requirements' areas): each
 * line is an item (item >= 0, an index into the view's own array) or a heading
 * (item < 0, its text owned by the line). The cursor (view.selected) is a line index,
 * always an item line when there are items; headings are skipped. */
struct list_line {
	int item;
	char *heading;
};
/* Append a line (takes `heading`). */
void list_lines_add(struct list_line **l, size_t *n, int item, char *heading);
/* Free the headings and the array; *l NULL and *n 0 after. */
void list_lines_free(struct list_line **l, size_t *n);
/* Move v->selected for a movement request (nav_move) over the item lines, headings
 * skipped; false if `req` moves nothing. */
bool list_lines_navigate(struct view *v, const struct list_line *l, size_t n,
	enum request req, int page);
/* Before drawing: scrolling up to an item shows the heading above it too, then the
 * selection is kept in sight (view_keep_visible). */
void list_lines_keep_visible(struct view *v, const struct list_line *l, int rows);

struct list_ops {
	const struct view_ops *view;   /* the view's identity: LIST_VIEW_OPS */
	const char *title;   /* right side of the title line */
	const char *noun;    /* "meeting" */
	enum tv_kind kind;
	const enum tv_field *fields;   /* the pane's fields, in order (name, type and
	                                 * label from the core's table, tavle/fields.h) */
	size_t nfields;
	size_t (*count)(const struct app *app);
	int64_t (*id_at)(const struct app *app, size_t i);
	int64_t (*version_at)(const struct app *app, size_t i);
	/* The column widths of every record's row (list_cols_fit), before drawing, and
	 * squeezed to a line `width` columns wide (list_cols_squeeze). */
	void (*measure)(struct app *app, int width, struct list_cols *cw);
	/* One list row of record i into `w` at row y, `width` columns from x 0, in the
	 * columns measured (and squeezed to the width) for all rows. */
	void (*draw_row)(struct app *app, WINDOW *w, int y, int width, size_t i, bool sel,
		const struct list_cols *cw);
	/* a: ask for the new record and add it; returns its id (0 if none was added). */
	int64_t (*add)(struct app *app);
	/* View-specific keys (decisions: s). H_NONE when not handled. */
	unsigned (*extra)(struct app *app, enum request req, size_t i);
};

/* The count, id_at and version_at of a list over the board's array
 * app->data->array_ of app->data->n_ records, as prefix_count, prefix_id and
 * prefix_version; LIST_ACCESSOR_OPS(prefix) names them in the list_ops:
 *     LIST_ACCESSORS(m, meetings, nmeetings)
 *     static const struct list_ops meetings_ops = { ..., LIST_ACCESSOR_OPS(m), ... }; */
#define LIST_ACCESSORS(prefix, array_, n_) \
	static size_t prefix##_count(const struct app *app) \
	{ return app->data->n_; } \
	static int64_t prefix##_id(const struct app *app, size_t i) \
	{ return app->data->array_[i].id; } \
	static int64_t prefix##_version(const struct app *app, size_t i) \
	{ return app->data->array_[i].version; }
#define LIST_ACCESSOR_OPS(prefix) \
	.count = prefix##_count, .id_at = prefix##_id, .version_at = prefix##_version
/* The members every list view fills alike, from its prefix's functions (LIST_ACCESSORS,
 * prefix_row, prefix_add) and its field list. */
#define LIST_OPS(prefix, view_ops_, title_, noun_, kind_, fields_) \
	.view = &(view_ops_), .title = (title_), .noun = (noun_), .kind = (kind_), \
	.fields = (fields_), .nfields = sizeof(fields_) / sizeof(fields_)[0], \
	LIST_ACCESSOR_OPS(prefix), .measure = prefix##_measure, .draw_row = prefix##_row, \
	.add = prefix##_add

/* The private data of a list view (the cursor is the base's: selected, top). */
struct listview {
	const struct list_ops *ops;
	struct list_cols cw;     /* measured at each draw */
	int64_t sel_id;
	char **values;       /* pane values of the selected record, per field */
	int64_t values_id;   /* record they belong to */
	int64_t values_ver;
};

/* The view behaviour every list view shares; each list view defines its own
 * view_ops with it, so views stay told apart by the address of their ops:
 *     const struct view_ops meetings_view_ops = LIST_VIEW_OPS("meetings", hints, title, acts); */
void listview_draw(struct view *view, struct app *app);
unsigned listview_handle(struct view *view, struct app *app, enum request req, int key);
bool listview_reload(struct view *view, struct app *app);
void listview_free(struct view *view);
/* The two tables of a list view `name_`: its view ops name__view_ops (exported, the
 * view's identity) and its list ops name__ops, with LIST_OPS's members and `extra_`. */
#define LIST_VIEW_TABLES(name_, prefix, hints_, title_, noun_, kind_, fields_, extra_) \
	LIST_VIEW_TABLES_ACTS(name_, prefix, hints_, title_, noun_, kind_, fields_, extra_, \
		LIST_ACTS)
/* The same, for a list view whose `extra_` acts on more generic requests than add,
 * edit and delete: `acts_` lists them all (view_ops.acts, for help). */
#define LIST_VIEW_TABLES_ACTS(name_, prefix, hints_, title_, noun_, kind_, fields_, extra_, \
		acts_) \
	const struct view_ops name_##_view_ops = LIST_VIEW_OPS(#name_, hints_, title_, acts_); \
	static const struct list_ops name_##_ops = { \
		LIST_OPS(prefix, name_##_view_ops, title_, noun_, kind_, fields_), \
		.extra = (extra_) }
/* The generic requests every list view acts on (listview_handle). */
#define LIST_ACTS ((const enum request[]){ REQ_ADD, REQ_EDIT, REQ_DELETE, REQ_NONE })

/* The hint line of a list view with no keys of its own. */
#define LIST_HINTS N_("{add} add  {edit}/{open-entry} edit field  {delete} delete  " \
	"{move-down}/{move-up} move  {view-close} back  {view-help} help")
#define LIST_VIEW_OPS(name_, hints_, title_, acts_) { \
	.name = (name_), .keymap = KM_LIST, .hints = (hints_), \
	.priv_size = sizeof(struct listview), .draw = listview_draw, \
	.handle = listview_handle, .reload = listview_reload, .free = listview_free, \
	.help_title = (title_), .acts = (acts_) }

/* A list view of `ops` with the record `select_id` selected (0: the first). */
struct view *listview_new(struct app *app, const struct list_ops *ops, int64_t select_id);

/* The field menu and editor for record `id` of `kind`: choose a field, edit it with the
 * editor of its type (tavle/fields.h), write it with app_set. */
unsigned edit_record_fields(struct app *app, enum tv_kind kind, int64_t id,
	int64_t version, const enum tv_field *fields, size_t nfields, const char *noun);

/* Edit one field (same editors). */
void edit_record_field(struct app *app, enum tv_kind kind, int64_t id, int64_t version,
	enum tv_field field);

/* Display form of a field's canonical value (enum keys become Danish names). */
char *field_display(enum tv_field field, const char *value);

/* Ask for a line on the bottom line; NULL on Esc. A required answer left empty (after
 * trimming) is refused: the prompt stays open with the reason. */
char *ask_line(struct app *app, const char *prompt, const char *initial, bool required);
/* ask_line for one-line field `field`: the prompt stays open while ui_check_field
 * refuses the text (empty when required, too long, a bad link or e-mail). */
char *ask_field(struct app *app, const char *prompt, const char *initial, enum tv_field field);
/* ask_line for a date or a date and time: the prompt stays open, with the text and
 * the reason, while the answer is no date as `rule` reads it (or empty, when
 * required); Esc gives NULL. */
char *ask_checked(struct app *app, const char *prompt, const char *initial, bool required,
	struct date_rule rule);

/* The area tag at (y, x) in `width` columns: in the area's colour, or in `base` when
 * the row is selected or has no area. Returns the columns used. */
int area_tag_put(WINDOW *w, int y, int x, int width, int area, bool sel, attr_t base);

#endif
