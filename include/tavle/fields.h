/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The field information table: every editable field of every kind of record, with its
 * name (what `tavle set` and tv_store_set take), its type, its limits, whether it may be
 * empty and a translatable label. One table read by the store's validation (set and
 * add), the TUI's field editors and the CLI's checks, so the three cannot disagree on
 * what a field accepts. The store joins its SQL (column, SELECT, UPDATE) to this table
 * by field id (enum tv_field). Must not depend on curses, SQLite or libical.
 */
#ifndef TAVLE_FIELDS_H
#define TAVLE_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

#include "tavle/model.h"
#include "tavle/text.h"

/* What a field holds and so which parser and editor it gets. */
enum tv_ftype {
	TV_FT_LINE,   /* one-line text (max bytes) */
	TV_FT_TEXT,   /* multi-line text (max bytes) */
	TV_FT_DATE,   /* a day: the forms tv_date_parse takes */
	TV_FT_WHEN,   /* a day with an optional local time of day */
	TV_FT_ENUM,   /* one of the keys of a choice list (enum tv_choices) */
	TV_FT_BOOL,   /* yes or no */
	TV_FT_PHASE,  /* a phase of the same board, by id or name */
	TV_FT_INT,    /* a whole number from 0 to max */
};

/* The choice lists of enum fields: the model's enumerations. */
enum tv_choices {
	TV_CHOICES_NONE,
	TV_CHOICES_AREA,
	TV_CHOICES_PSTATUS,
	TV_CHOICES_RESPONSIBLE,
	TV_CHOICES_MEETING_KIND,
	TV_CHOICES_DECISION_STATUS,
	TV_CHOICES_ROLE,
	TV_CHOICES_SECTOR,
};

/* Package number limit (the number field and the package add). */
#define TV_MAX_PACKAGE_NUMBER 99999

/*
 * X(kind, field, type, max, required, choices, label). The order within a kind is the
 * order tv_store_fields lists them in. `max`: bytes for text, the largest value for
 * TV_FT_INT, 0 otherwise. `required`: the field may not be emptied.
 */
#define TV_FIELD_LIST(X) \
	X(BOARD, name, TV_FT_LINE, TV_MAX_TITLE, true, NONE, N_("Name")) \
	X(BOARD, authority, TV_FT_LINE, TV_MAX_NAME, false, NONE, N_("Authority")) \
	X(BOARD, sector, TV_FT_ENUM, 0, true, SECTOR, N_("Sector")) \
	X(BOARD, start, TV_FT_DATE, 0, false, NONE, N_("Start")) \
	X(BOARD, archived, TV_FT_BOOL, 0, true, NONE, N_("Archived")) \
	X(BOARD, contact, TV_FT_LINE, TV_MAX_NAME, false, NONE, N_("Contact person")) \
	X(BOARD, cvr, TV_FT_LINE, 64, false, NONE, N_("CVR number")) \
	X(PACKAGE, title, TV_FT_LINE, TV_MAX_TITLE, true, NONE, N_("Title")) \
	X(PACKAGE, status, TV_FT_ENUM, 0, true, PSTATUS, N_("Status")) \
	X(PACKAGE, owner, TV_FT_LINE, TV_MAX_NAME, false, NONE, N_("Owner")) \
	X(PACKAGE, deadline, TV_FT_WHEN, 0, false, NONE, N_("Deadline")) \
	X(PACKAGE, phase, TV_FT_PHASE, 0, false, NONE, N_("Phase")) \
	X(PACKAGE, area, TV_FT_ENUM, 0, true, AREA, N_("Area")) \
	X(PACKAGE, number, TV_FT_INT, TV_MAX_PACKAGE_NUMBER, true, NONE, N_("Number")) \
	X(PACKAGE, background, TV_FT_TEXT, TV_MAX_SECTION, false, NONE, N_("Background")) \
	X(PACKAGE, requirements, TV_FT_TEXT, TV_MAX_SECTION, false, NONE, \
		N_("Minimum requirements")) \
	X(PACKAGE, process, TV_FT_TEXT, TV_MAX_SECTION, false, NONE, \
		N_("Process and activities")) \
	X(PACKAGE, involvement, TV_FT_TEXT, TV_MAX_SECTION, false, NONE, N_("Who to involve")) \
	X(PACKAGE, output, TV_FT_TEXT, TV_MAX_SECTION, false, NONE, N_("Deadlines and output")) \
	X(PACKAGE, materials, TV_FT_TEXT, TV_MAX_SECTION, false, NONE, N_("Materials and tools")) \
	X(PACKAGE, blocked_reason, TV_FT_LINE, TV_MAX_TITLE, false, NONE, N_("Blocked because")) \
	X(PACKAGE, after, TV_FT_LINE, TV_MAX_TITLE, false, NONE, N_("After packages (e.g. 2,6)")) \
	X(TASK, title, TV_FT_LINE, TV_MAX_TITLE, true, NONE, N_("Title")) \
	X(TASK, deadline, TV_FT_WHEN, 0, false, NONE, N_("Deadline")) \
	X(TASK, done, TV_FT_BOOL, 0, true, NONE, N_("Done")) \
	X(TASK, responsible, TV_FT_ENUM, 0, true, RESPONSIBLE, N_("Responsible")) \
	X(TASK, minimum, TV_FT_BOOL, 0, true, NONE, N_("Minimum requirement")) \
	X(TASK, owner, TV_FT_LINE, TV_MAX_NAME, false, NONE, N_("Owner")) \
	X(PHASE, name, TV_FT_LINE, TV_MAX_TITLE, true, NONE, N_("Name")) \
	X(PHASE, start, TV_FT_DATE, 0, true, NONE, N_("Start")) \
	X(PHASE, end, TV_FT_DATE, 0, true, NONE, N_("End")) \
	X(PHASE, not_before, TV_FT_DATE, 0, false, NONE, N_("Not before")) \
	X(PHASE, reason, TV_FT_LINE, TV_MAX_TITLE, false, NONE, N_("Reason")) \
	X(MEETING, kind, TV_FT_ENUM, 0, true, MEETING_KIND, N_("Kind")) \
	X(MEETING, title, TV_FT_LINE, TV_MAX_TITLE, true, NONE, N_("Title")) \
	X(MEETING, start, TV_FT_WHEN, 0, true, NONE, N_("Start")) \
	X(MEETING, end, TV_FT_WHEN, 0, false, NONE, N_("End")) \
	X(MEETING, place, TV_FT_LINE, TV_MAX_NAME, false, NONE, N_("Place")) \
	X(MEETING, region, TV_FT_LINE, TV_MAX_NAME, false, NONE, N_("Region")) \
	X(MEETING, url, TV_FT_LINE, TV_MAX_URL, false, NONE, N_("Link")) \
	X(MEETING, participants, TV_FT_TEXT, TV_MAX_SECTION, false, NONE, N_("Participants")) \
	X(MEETING, notes, TV_FT_TEXT, TV_MAX_SECTION, false, NONE, N_("Notes")) \
	X(MEETING, packages, TV_FT_LINE, TV_MAX_TITLE, false, NONE, N_("Packages (e.g. 1,5)")) \
	X(PERSON, name, TV_FT_LINE, TV_MAX_NAME, true, NONE, N_("Name")) \
	X(PERSON, email, TV_FT_LINE, TV_MAX_NAME, false, NONE, N_("E-mail")) \
	X(PERSON, role, TV_FT_ENUM, 0, true, ROLE, N_("Role")) \
	X(PERSON, area, TV_FT_ENUM, 0, false, AREA, N_("Area")) \
	X(COMMENT, text, TV_FT_TEXT, TV_MAX_COMMENT, true, NONE, N_("Comment")) \
	X(DECISION, title, TV_FT_LINE, TV_MAX_TITLE, true, NONE, N_("Title")) \
	X(DECISION, area, TV_FT_ENUM, 0, false, AREA, N_("Area")) \
	X(DECISION, owner, TV_FT_LINE, TV_MAX_NAME, false, NONE, N_("Owner")) \
	X(DECISION, due, TV_FT_DATE, 0, false, NONE, N_("Due")) \
	X(DECISION, status, TV_FT_ENUM, 0, true, DECISION_STATUS, N_("Status")) \
	X(DECISION, text, TV_FT_TEXT, TV_MAX_SECTION, false, NONE, N_("Decision")) \
	X(DECISION, decided, TV_FT_DATE, 0, false, NONE, N_("Decided on"))

/* One id per field: TV_FIELD_PACKAGE_title, ... */
enum tv_field {
#define TV_X(k, f, ty, mx, rq, ch, lb) TV_FIELD_##k##_##f,
	TV_FIELD_LIST(TV_X)
#undef TV_X
	TV_FIELD_COUNT
};

struct tv_field_info {
	enum tv_kind kind;
	const char *name;      /* "deadline" */
	enum tv_ftype type;
	size_t max;            /* see TV_FIELD_LIST */
	bool required;
	enum tv_choices choices;   /* TV_FT_ENUM only */
	const char *label;     /* English msgid: translate with _() where shown */
};

/* The entry of field `id` (which must be below TV_FIELD_COUNT). Borrowed, static. */
const struct tv_field_info *tv_field_info(enum tv_field id);

/* The entry of field `name` of `kind`, or NULL if that kind has no such field. */
const struct tv_field_info *tv_field_find(enum tv_kind kind, const char *name);

/* The id of an entry returned by tv_field_info or tv_field_find. */
enum tv_field tv_field_id(const struct tv_field_info *f);

/* True for the text types (TV_FT_LINE, TV_FT_TEXT): `max` is a byte limit. */
bool tv_field_is_text(const struct tv_field_info *f);

/*
 * The checks of a value beyond its type and length (issue 15), pure, for the fields
 * that have one; every other field and the empty value pass. Returns NULL when `value`
 * is acceptable for field `id`, else why not in English, static (the store words
 * its own translated messages):
 * - a meeting's link (url) is an http://, https:// or mailto: URL (the scheme in any
 *   case) with something after the scheme and no spaces or control characters;
 * - a person's e-mail is one address local@domain: one '@', a non-empty local part, a
 *   domain with a dot that neither begins nor ends it, no spaces or control
 *   characters and none of <>,;:"()[]\ (no display names, no lists);
 * - a board's CVR number passes tv_cvr_check (tavle/cvr.h; the store writes it
 *   normalised to eight digits).
 * The meeting's package list (numbers of packages on the board) needs the store and is
 * checked there.
 */
const char *tv_field_check(enum tv_field id, const char *value);

/* May a link stored before tv_field_check existed be written to an export? False
 * for text that begins with a URI scheme ("javascript:", "data:", "file:") other
 * than http, https and mailto; free text without a scheme is harmless and passes. */
bool tv_field_link_exportable(const char *url);

/* Number of choices of a list (0 for TV_CHOICES_NONE). */
int tv_choices_count(enum tv_choices c);

/* Stored key of choice `i` of list `c` ("org"); NULL when out of range. Static. */
const char *tv_choices_key(enum tv_choices c, int i);

/* Danish or English display name of choice `i` of list `c`; NULL when out of range. */
const char *tv_choices_name(enum tv_choices c, int i, bool danish);

/* What one choice of the list is called in messages ("meeting kind"): an English
 * message id, translate it with _() where shown. Static. */
const char *tv_choices_noun(enum tv_choices c);

/* Index of `key` in list `c`, or -1 (also for NULL). */
int tv_choices_find(enum tv_choices c, const char *key);

/*
 * Display names (issue 16): what a person reads where a message, a history line or a
 * menu would otherwise show a stored key. Under a Danish interface (tv_i18n_danish)
 * every one is Danish; otherwise the key itself, the word English messages, `tavle
 * set` and scripts have always used, so English output keeps its bytes. Machine
 * output (plain CSV, JSON) never goes through these. All return static or gettext
 * strings (borrowed); NULL is never returned for a non-NULL argument.
 */

/* Field `name` of `kind` as shown: its translated label ("Titel", "Ansvarlig") under
 * Danish, else `name` ("title"). A name not in the table is returned as it is. */
const char *tv_field_shown(enum tv_kind kind, const char *name);

/* A stored value of field `name` of `kind` as shown: under Danish a choice key gives
 * the choice's Danish name ("todo" -> "Ikke startet"), a yes/no field "ja"/"nej";
 * anything else (free text, dates, English) is `value` itself. */
const char *tv_field_value_shown(enum tv_kind kind, const char *name, const char *value);

/* A record kind as a word of the interface language ("opgave" / "task"). */
const char *tv_kind_word(enum tv_kind k);

/* A history entry's operation ("set", "add", "remove") as a word of the interface
 * language ("ændret", "tilføjet", "fjernet" / unchanged in English); other values
 * are returned as they are. */
const char *tv_history_op_word(const char *op);

#endif
