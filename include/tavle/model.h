/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The domain model: implementation areas, statuses, and the in-memory records of one
 * board (packages, tasks, phases, meetings, people, comments, decisions, history).
 * Each enumeration is one table (key, Danish and English names, and for areas the
 * colour) so the CLI, the TUI, the exports and the help all read the same names.
 * Records own their strings (char *, freed by the matching *_clear function); a board
 * snapshot (struct tv_board_data) owns everything in it.
 * Must not depend on curses, SQLite or libical.
 */
#ifndef TAVLE_MODEL_H
#define TAVLE_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tavle/date.h"
#include "tavle/status.h"

/* X(enum, key, Danish name, English name, colour name (CSS3), letter tag) */
#define TV_AREA_INFO(X) \
	X(TV_AREA_ORG,  "org",  "Organisatorisk forankring", "Organisational anchoring", "gold",   'O') \
	X(TV_AREA_KOM,  "kom",  "Kommunikation",             "Communication",            "green",  'K') \
	X(TV_AREA_DATA, "data", "Data og System",            "Data and systems",         "blue",   'D') \
	X(TV_AREA_UDD,  "udd",  "Uddannelse og Support",     "Training and support",     "orange", 'U')

enum tv_area {
#define TV_X(e, k, da, en, col, tag) e,
	TV_AREA_INFO(TV_X)
#undef TV_X
	TV_AREA_COUNT
};

/* X(enum, key, Danish, English, marker shown on cards) */
#define TV_PSTATUS_INFO(X) \
	X(TV_TODO,    "todo",    "Ikke startet", "To do",   " ") \
	X(TV_DOING,   "doing",   "I gang",       "Doing",   ">") \
	X(TV_BLOCKED, "blocked", "Blokeret",     "Blocked", "!") \
	X(TV_DONE,    "done",    "Færdig",       "Done",    "x")

enum tv_pstatus {
#define TV_X(e, k, da, en, mark) e,
	TV_PSTATUS_INFO(TV_X)
#undef TV_X
	TV_PSTATUS_COUNT
};

/* X(enum, key, Danish, English) */
#define TV_RESPONSIBLE_INFO(X) \
	X(TV_RESP_AUTHORITY, "authority", "Myndigheden",             "Authority") \
	X(TV_RESP_AGENCY,    "agency",    "Digitaliseringsstyrelsen", "Central agency") \
	X(TV_RESP_SUPPLIER,  "supplier",  "Leverandør",              "Supplier")

enum tv_responsible {
#define TV_X(e, k, da, en) e,
	TV_RESPONSIBLE_INFO(TV_X)
#undef TV_X
	TV_RESPONSIBLE_COUNT
};

#define TV_MEETING_KIND_INFO(X) \
	X(TV_MEET_INFO,     "info",     "Infomøde",         "Info meeting") \
	X(TV_MEET_WEBINAR,  "webinar",  "Webinar",          "Webinar") \
	X(TV_MEET_SUPPLIER, "supplier", "Leverandørmøde",   "Supplier meeting") \
	X(TV_MEET_OTHER,    "other",    "Andet",            "Other")

enum tv_meeting_kind {
#define TV_X(e, k, da, en) e,
	TV_MEETING_KIND_INFO(TV_X)
#undef TV_X
	TV_MEETING_KIND_COUNT
};

#define TV_DECISION_STATUS_INFO(X) \
	X(TV_DEC_OPEN,      "open",      "Åben",     "Open") \
	X(TV_DEC_DECIDED,   "decided",   "Besluttet", "Decided") \
	X(TV_DEC_POSTPONED, "postponed", "Udskudt",  "Postponed")

enum tv_decision_status {
#define TV_X(e, k, da, en) e,
	TV_DECISION_STATUS_INFO(TV_X)
#undef TV_X
	TV_DECISION_STATUS_COUNT
};

#define TV_ROLE_INFO(X) \
	X(TV_ROLE_CONTACT, "contact", "Kontaktperson", "Contact person") \
	X(TV_ROLE_GROUP,   "group",   "Projektgruppe", "Project group") \
	X(TV_ROLE_AREA,    "area",    "Områdeansvarlig", "Area role")

enum tv_role {
#define TV_X(e, k, da, en) e,
	TV_ROLE_INFO(TV_X)
#undef TV_X
	TV_ROLE_COUNT
};

#define TV_SECTION_INFO(X) \
	X(TV_SEC_BACKGROUND,   "background",   "Baggrund",                "Background") \
	X(TV_SEC_REQUIREMENTS, "requirements", "Minimumskrav",            "Minimum requirements") \
	X(TV_SEC_PROCESS,      "process",      "Proces og aktiviteter",   "Process and activities") \
	X(TV_SEC_INVOLVEMENT,  "involvement",  "Forslag til involvering", "Who to involve") \
	X(TV_SEC_OUTPUT,       "output",       "Deadlines og output",     "Deadlines and output") \
	X(TV_SEC_MATERIALS,    "materials",    "Materiale og værktøjer",  "Materials and tools")

enum tv_section {
#define TV_X(e, k, da, en) e,
	TV_SECTION_INFO(TV_X)
#undef TV_X
	TV_SECTION_COUNT
};

#define TV_SECTOR_INFO(X) \
	X(TV_SECTOR_MUNICIPALITY, "municipality", "Kommune", "Municipality") \
	X(TV_SECTOR_REGION,       "region",       "Region",  "Region") \
	X(TV_SECTOR_STATE,        "state",        "Stat",    "State")

enum tv_sector {
#define TV_X(e, k, da, en) e,
	TV_SECTOR_INFO(TV_X)
#undef TV_X
	TV_SECTOR_COUNT
};

/* The kinds of records; used by the generic set/remove/history API. */
#define TV_KIND_INFO(X) \
	X(TV_KIND_BOARD,    "board") \
	X(TV_KIND_PACKAGE,  "package") \
	X(TV_KIND_TASK,     "task") \
	X(TV_KIND_PHASE,    "phase") \
	X(TV_KIND_MEETING,  "meeting") \
	X(TV_KIND_PERSON,   "person") \
	X(TV_KIND_COMMENT,  "comment") \
	X(TV_KIND_DECISION, "decision")

enum tv_kind {
#define TV_X(e, k) e,
	TV_KIND_INFO(TV_X)
#undef TV_X
	TV_KIND_COUNT
};

/* Table look-ups. *_key returns the stable key ("org", "todo"); *_name the Danish or
 * English display name (`danish` true for Danish). All return static strings.
 * *_from_key parses a key (exact, case-sensitive) and returns false if unknown. */
const char *tv_area_key(enum tv_area a);
const char *tv_area_name(enum tv_area a, bool danish);
const char *tv_area_colour(enum tv_area a);   /* CSS3 colour name (RFC 7986 COLOR) */
char tv_area_tag(enum tv_area a);             /* 'O' 'K' 'D' 'U' */
bool tv_area_from_key(const char *key, enum tv_area *out);

const char *tv_pstatus_key(enum tv_pstatus s);
const char *tv_pstatus_name(enum tv_pstatus s, bool danish);
const char *tv_pstatus_marker(enum tv_pstatus s);
bool tv_pstatus_from_key(const char *key, enum tv_pstatus *out);

const char *tv_responsible_key(enum tv_responsible r);
const char *tv_responsible_name(enum tv_responsible r, bool danish);
bool tv_responsible_from_key(const char *key, enum tv_responsible *out);

const char *tv_meeting_kind_key(enum tv_meeting_kind k);
const char *tv_meeting_kind_name(enum tv_meeting_kind k, bool danish);
bool tv_meeting_kind_from_key(const char *key, enum tv_meeting_kind *out);

const char *tv_decision_status_key(enum tv_decision_status s);
const char *tv_decision_status_name(enum tv_decision_status s, bool danish);
bool tv_decision_status_from_key(const char *key, enum tv_decision_status *out);

const char *tv_role_key(enum tv_role r);
const char *tv_role_name(enum tv_role r, bool danish);
bool tv_role_from_key(const char *key, enum tv_role *out);

const char *tv_section_key(enum tv_section s);
const char *tv_section_name(enum tv_section s, bool danish);
bool tv_section_from_key(const char *key, enum tv_section *out);

const char *tv_sector_key(enum tv_sector s);
const char *tv_sector_name(enum tv_sector s, bool danish);
bool tv_sector_from_key(const char *key, enum tv_sector *out);

const char *tv_kind_key(enum tv_kind k);
bool tv_kind_from_key(const char *key, enum tv_kind *out);

/* ---- Records. Every record has a row id (0 = not stored yet), and editable records a
 * `version` for optimistic concurrency (starts at 1, +1 on every change). Exportable
 * records have a `uid` (stable, ASCII, never reused) used for iCalendar UIDs; their
 * `version` doubles as the revision counter (SEQUENCE = version - 1). Timestamps are
 * UTC "YYYY-MM-DDTHH:MM:SSZ" strings. */

/* The authority a board gets when none is given (the quick start's first board):
 * the board shows how to set it up until it is changed or a contact person is set. */
#define TV_DEFAULT_AUTHORITY "Min myndighed"

struct tv_board {
	int64_t id;
	char *name;        /* unique within a database */
	char *authority;   /* e.g. "Ærø Kommune" */
	enum tv_sector sector;
	int32_t start;     /* programme start day (template offsets are from this) */
	bool archived;
	int64_t version;
	char *created_at;
	char *contact;     /* the contact person (kontaktperson), free text; may be NULL */
	char *cvr;         /* the authority's CVR number, 8 digits (tavle/cvr.h); may be NULL */
	int template_version;  /* the template version it follows (tavle/tmpl_update.h), 0 none */
};

struct tv_task {
	int64_t id;
	int64_t package_id;
	char *uid;
	char *title;
	struct tv_when deadline;
	bool done;
	enum tv_responsible responsible;
	bool minimum;      /* a minimum requirement (minimumskrav) */
	char *owner;       /* free text like a package's owner; NULL when none */
	int position;      /* order within the package, 0-based */
	int64_t version;
	char *updated_at;
	int64_t export_rev; /* calendar export: SEQUENCE = version - 1 + export_rev */
	char *export_at;    /* when export_rev last rose, if after updated_at; else NULL */
	char *tkey;        /* template key ("4.3", tavle/tmpl_update.h); NULL: not from a template */
};

struct tv_package {
	int64_t id;
	int64_t board_id;
	char *uid;
	int number;        /* unique within a board; template packages are 0-9 */
	char *title;
	enum tv_area area;
	enum tv_pstatus status;
	char *owner;       /* free text; may name a person */
	struct tv_when deadline;
	int64_t phase_id;  /* 0 = none */
	char *sections[TV_SECTION_COUNT];
	int position;      /* order within its area column, 0-based */
	int64_t version;
	char *updated_at;
	char *updated_by;
	/* Calendar export (store.h, schema 10): SEQUENCE = version - 1 + export_rev, which
	 * rises whenever the exported text changed without the version (a renamed phase, a
	 * renamed board, undo); export_at is when it last rose, if that is after updated_at
	 * (LAST-MODIFIED is the later of the two), else NULL. Tasks, phases, meetings and
	 * decisions have the same two fields. */
	int64_t export_rev;
	char *export_at;
	struct tv_task *tasks;   /* ordered by position */
	size_t ntasks;
	char *blocked_reason;    /* why it is blocked (shown while it is); may be NULL */
	char *after;             /* package numbers it comes after, "2,6"; may be NULL
	                          * (tv_package_after reads it) */
};

struct tv_phase {
	int64_t id;
	int64_t board_id;
	char *uid;
	char *name;
	int32_t start;
	int32_t end;           /* inclusive last day */
	int32_t not_before;    /* TV_NO_DAY if none */
	char *not_before_reason;
	int position;
	int64_t version;
	char *updated_at;
	int64_t export_rev;    /* as struct tv_package's */
	char *export_at;
	char *tkey;            /* template key; set when the row came from a template */
};

struct tv_meeting {
	int64_t id;
	int64_t board_id;
	char *uid;             /* imported meetings keep the UID of their source */
	enum tv_meeting_kind kind;
	char *title;
	struct tv_when start;  /* local Copenhagen time */
	struct tv_when end;
	char *place;
	char *region;
	char *url;
	char *participants;
	char *notes;
	char *packages;        /* related package numbers, e.g. "1,5" */
	int64_t version;
	char *updated_at;
	int64_t export_rev;    /* as struct tv_package's */
	char *export_at;
	/* One occurrence of an imported recurring series (issue 17 item 4): its
	 * RECURRENCE-ID, the original start as the source wrote it, parameters first
	 * ("TZID=Europe/Berlin:20270105T100000", "20270105T090000Z",
	 * "VALUE=DATE:20270105"); NULL for any other meeting. With uid the key. */
	char *recurrence_id;
	char *tkey;            /* template key; set when the row came from a template */
};

struct tv_person {
	int64_t id;
	int64_t board_id;
	char *name;
	char *email;
	enum tv_role role;
	int area;              /* enum tv_area, or -1 for none */
	int64_t version;
};

struct tv_comment {
	int64_t id;
	int64_t package_id;
	char *author;
	char *created_at;
	char *text;
	int64_t version;
};

struct tv_decision {
	int64_t id;
	int64_t board_id;
	char *title;
	int area;              /* enum tv_area, or -1 */
	char *owner;
	int32_t due;           /* TV_NO_DAY if none */
	enum tv_decision_status status;
	char *text;
	int32_t decided;       /* TV_NO_DAY if not decided */
	int64_t version;
	char *updated_at;      /* "YYYY-MM-DDTHH:MM:SSZ" of the last change (export's LAST-MODIFIED) */
	int64_t export_rev;    /* as struct tv_package's */
	char *export_at;
	char *tkey;            /* template key; set when the row came from a template */
};

/* A deleted exportable item, kept 30 days so calendar subscribers see it cancelled. */
struct tv_tombstone {
	char *uid;
	enum tv_kind kind;     /* package, task, phase or meeting */
	char *summary;
	struct tv_when start;
	struct tv_when end;    /* day == TV_NO_DAY: same as start */
	int64_t sequence;      /* already raised past the item's last SEQUENCE */
	char *deleted_at;      /* UTC timestamp */
	int area;              /* -1 if none */
	char *recurrence_id;   /* a removed occurrence's (struct tv_meeting); else NULL */
};

/* One recorded change of one field. `change_id` groups the rows written by one user
 * action (one transaction), which undo reverts together. */
struct tv_history {
	int64_t id;
	int64_t change_id;
	int64_t board_id;
	char *at;              /* UTC timestamp */
	char *user;            /* the display name ($TAVLE_USER, configuration, login) */
	char *account;         /* shared database: the Unix account, else NULL */
	enum tv_kind kind;
	int64_t item_id;
	int64_t package_id;    /* the package concerned (also for tasks/comments), or 0 */
	char *op;              /* "set", "add", "remove" */
	char *field;           /* "" for add/remove */
	char *old_value;       /* NULL when there was none */
	char *new_value;
};

/* Everything of one board that the board view, the exports and the CLI need. */
struct tv_board_data {
	struct tv_board board;
	struct tv_package *packages;  size_t npackages;   /* by area, then position */
	struct tv_phase *phases;      size_t nphases;     /* by position */
	struct tv_meeting *meetings;  size_t nmeetings;   /* by start */
	struct tv_person *people;     size_t npeople;
	struct tv_decision *decisions; size_t ndecisions;
	struct tv_tombstone *tombstones; size_t ntombstones; /* deleted in the last 30 days */
	char *archived_at;     /* UTC timestamp of archiving; NULL if not archived or unknown */
};

/* Parts of a struct tv_board_data, as bits: what tv_store_load_board_parts reads and
 * what an export needs (tv_ical_board_parts). */
enum tv_board_part {
	TV_PART_PACKAGES   = 1 << 0,
	TV_PART_TASKS      = 1 << 1,  /* the packages' tasks; implies TV_PART_PACKAGES */
	TV_PART_PHASES     = 1 << 2,
	TV_PART_MEETINGS   = 1 << 3,
	TV_PART_PEOPLE     = 1 << 4,
	TV_PART_DECISIONS  = 1 << 5,
	TV_PART_TOMBSTONES = 1 << 6,
	TV_PART_ALL        = 0x7f,
};

/* Free the strings of a record and zero it (the record itself is not freed). */
void tv_board_clear(struct tv_board *b);
void tv_task_clear(struct tv_task *t);
void tv_package_clear(struct tv_package *p); /* also its tasks */

/*
 * The package numbers of an "after" list ("2,6", "2, 6"; NULL or "" is none) into
 * out[0..max), in the list's order; returns how many there are (which may exceed
 * max: the rest is not written), or -1 when the text is no such list (a word, an
 * empty item, a number over TV_MAX_PACKAGE_NUMBER).
 */
int tv_package_after(const char *after, int *out, int max);
void tv_phase_clear(struct tv_phase *p);
void tv_meeting_clear(struct tv_meeting *m);
void tv_person_clear(struct tv_person *p);
void tv_comment_clear(struct tv_comment *c);
void tv_decision_clear(struct tv_decision *d);
void tv_tombstone_clear(struct tv_tombstone *t);
void tv_history_clear(struct tv_history *h);

/* A decision's calendar identity, "decision-<board id>-<id>" (the export adds "@tavle"):
 * decisions have no uid column and their id never changes, so the export, the tombstone
 * a removal leaves and the undo that takes it back agree on it. Writes a terminated
 * string of at most size - 1 bytes (48 are always enough). */
void tv_decision_uid(const struct tv_decision *d, char *buf, size_t size);

/* Who made the change, for showing: "display (account)" when a shared database
 * recorded an account that differs from the display name, else the display name
 * ("?" if none). Caller frees. */
char *tv_history_who(const struct tv_history *h);

/* Free a board snapshot and everything in it. NULL is allowed. */
void tv_board_data_free(struct tv_board_data *data);

/* Look-ups in a snapshot (borrowed pointers, NULL if absent). */
const struct tv_package *tv_board_data_package(const struct tv_board_data *d, int number);
const struct tv_phase *tv_board_data_phase(const struct tv_board_data *d, int64_t phase_id);

/* The phase called `name` (exact match), else the phase whose id `name` spells in
 * decimal, else NULL. Borrowed. */
const struct tv_phase *tv_board_find_phase(const struct tv_board_data *d, const char *name);

/* Phase a day falls in (the last phase whose window contains it), or NULL. */
const struct tv_phase *tv_board_data_phase_at(const struct tv_board_data *d, int32_t day);

/* Is the package overdue on `today` (deadline before today and not done)? */
bool tv_package_overdue(const struct tv_package *p, int32_t today);

/* The one number a task goes by everywhere (detail view, agenda, `tavle show`, `tavle
 * agenda`, the calendar export's summaries): "P.N", the package's number and the task's
 * position + 1, written to buf (at most size bytes, NUL-terminated; TV_TASK_NUMBER_BUF
 * holds any). Positions are compact (the store renumbers on remove and move), so the
 * tasks of a package are P.1 to P.n in their order. */
#define TV_TASK_NUMBER_BUF 32
void tv_task_number(const struct tv_package *p, const struct tv_task *t, char *buf,
	size_t size);
/* The task of `d` numbered `text` ("P.N", as tv_task_number writes it), or NULL when
 * text is not of that form or no such task is on the board. Borrowed. */
const struct tv_task *tv_board_find_task(const struct tv_board_data *d, const char *text);

#endif
