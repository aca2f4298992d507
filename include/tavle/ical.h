/* SPDX-License-Identifier: MPL-2.0 */
/*
 * iCalendar export and import (RFC 5545, RFC 7986), the only module that uses libical;
 * no libical type appears here. Export streams: each item's values are put into
 * libical template properties made once per writer, serialised, re-folded (libical
 * 3.0.16 folds wrongly at 73-74 octets) and written in large chunks, so memory does not
 * grow with the calendar. Times use one embedded short
 * VTIMEZONE with the plain TZID "Europe/Copenhagen". The export time is explicit
 * (`now`), so golden tests are byte-exact. Import reads single and recurring events
 * (expanded into occurrences inside a window, see below).
 */
#ifndef TAVLE_ICAL_H
#define TAVLE_ICAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "tavle/model.h"
#include "tavle/status.h"

enum tv_ical_what {
	TV_ICAL_DEADLINES = 1 << 0,  /* package deadlines */
	TV_ICAL_TASKS     = 1 << 1,  /* task deadlines */
	TV_ICAL_MEETINGS  = 1 << 2,
	TV_ICAL_PHASES    = 1 << 3,
	TV_ICAL_DECISIONS = 1 << 4,  /* management decisions with a due day */
	TV_ICAL_ALL       = 0x1f,
};

struct tv_ical_options {
	unsigned what;          /* enum tv_ical_what bits; 0 means all */
	unsigned areas;         /* bit (1 << enum tv_area); 0 means all */
	const char *phase;      /* only items of this phase name; NULL for all */
	bool alarm;             /* add a VALARM ... */
	long alarm_seconds;     /* ... this many seconds relative to the start (negative = before) */
	bool todo;              /* write VTODOs instead of VEVENTs (the separate --todo file) */
	const char *calname;    /* NAME / X-WR-CALNAME; NULL: the board name (or "tavle") */
	time_t now;             /* DTSTAMP; the export time */
	/* An archived board (data->board.archived) as removed: its items are written as
	 * STATUS:CANCELLED for 30 days after data->archived_at (never when that is NULL),
	 * then not at all; per item (tv_ical_each_item) nothing, so publish deletes them.
	 * Without it an archived board exports like any other. */
	bool cancel_archived;
};

struct tv_ical_stats {
	size_t events;          /* VEVENT/VTODO written, cancelled included */
	size_t cancelled;
};

struct tv_ical_writer;

/* Start a calendar on `out` (header and VTIMEZONE written at once). Options are copied.
 * TV_IO if writing fails. */
enum tv_status tv_ical_writer_open(FILE *out, const struct tv_ical_options *opt,
	struct tv_ical_writer **out_writer);

/* Write the items of one board that the options select, tombstones included (as
 * STATUS:CANCELLED). Can be called for many boards in turn, and with the board data of
 * tv_store_load_removed (tombstones only). */
enum tv_status tv_ical_writer_add_board(struct tv_ical_writer *w,
	const struct tv_board_data *data);

/* The parts of a board (enum tv_board_part bits, tavle/model.h) that
 * tv_ical_writer_add_board reads with these options (NULL: defaults), for loading
 * no more than the export needs: always the board, phases (names, filter windows) and
 * tombstones; packages for deadlines or tasks; tasks; meetings unless `todo`.
 * Added for the export benchmark (append-only). */
unsigned tv_ical_board_parts(const struct tv_ical_options *opt);

/* Write END:VCALENDAR, fill stats (may be NULL) and free the writer. */
enum tv_status tv_ical_writer_close(struct tv_ical_writer *w, struct tv_ical_stats *stats);

/* Free a writer after an error without finishing the calendar. */
void tv_ical_writer_abort(struct tv_ical_writer *w);

/*
 * Added for CalDAV publishing (append-only): build each item the options select as its
 * own complete calendar (the same header and VTIMEZONE as the stream, exactly one
 * VEVENT or VTODO, END:VCALENDAR; folded and CRLF like the stream) and hand it to `cb`
 * with its iCalendar UID. Tombstones are not built: a publisher deletes the resources
 * of removed items instead. The text is borrowed for the call. The first status other
 * than TV_OK returned by `cb` stops the walk and is returned; TV_IO if building fails.
 */
enum tv_status tv_ical_each_item(const struct tv_board_data *data,
	const struct tv_ical_options *opt,
	enum tv_status (*cb)(void *ctx, const char *uid, const char *ics, size_t len),
	void *ctx);

/* ---- Import ---- */

/*
 * What an import accepts (issue 15). libical keeps every property, parameter and
 * component as its own objects of a few hundred bytes, so a hostile file of tiny
 * lines cost about 80 times its size (66.5 MB took 5.49 GB). The pre-pass refuses a
 * file beyond these limits before libical sees it, which keeps the import's memory
 * within 10 times the file size plus about 64 MiB (measured in tests/hard/ical_limits.sh
 * and tests/bench). A year's calendar export is well under a megabyte and a few
 * thousand lines; the limits leave ample room for that.
 */
#define TV_ICAL_MAX_BYTES (16u << 20)          /* the file */
#define TV_ICAL_MAX_LINE (256u << 10)          /* one unfolded content line, in bytes */
#define TV_ICAL_MAX_PROPS 100000u              /* properties in the file */
#define TV_ICAL_MAX_COMPONENTS 20000u          /* BEGIN lines in the file */
#define TV_ICAL_MAX_COMPONENT_PROPS 1000u      /* properties directly in one component */
#define TV_ICAL_MAX_PARAMS 100u                /* parameters of one property */

/* An event that cancels the meeting with its UID (METHOD:CANCEL or STATUS:CANCELLED),
 * or with recurrence_id set one occurrence of a series (a cancelled override). */
struct tv_ical_cancel {
	char *uid;
	int64_t sequence;   /* its SEQUENCE, -1 if it has none */
	char *note;         /* "line N: UID: cancelled", for when nothing is cancelled */
	char *recurrence_id;  /* added for issue 17 item 4: the occurrence, else NULL */
};

/*
 * Recurring events (issue 17 item 4). A series (a VEVENT with RRULE or RDATE) becomes
 * one meeting per occurrence, keyed by UID and RECURRENCE-ID (struct tv_meeting's
 * recurrence_id): RRULEs (libical's icalrecur_iterator) and RDATEs less EXDATEs,
 * expanded in the zone of DTSTART (a weekly 10:00 in Berlin stays 10:00 Berlin time
 * across summer-time changes) and converted to Copenhagen time like single events;
 * each lasts as long as the master (DTEND - DTSTART, or DURATION). An override (a
 * VEVENT with the UID and a RECURRENCE-ID) replaces its occurrence; a cancelled one
 * (STATUS:CANCELLED or METHOD:CANCEL) removes it. Only occurrences whose original
 * start lies inside the window are imported, at most TV_ICAL_MAX_OCCURRENCES per
 * series, and no more than TV_ICAL_MAX_EXPANDED are examined (an endless rule stops at
 * the window's end); the file as a whole is held to the TV_ICAL_MAX_FILE_ limits; what
 * was left out is said in `notes`.
 *
 * The RECURRENCE-ID text is canonical, so the master's instances and an override sent
 * alone name an occurrence alike: "VALUE=DATE:YYYYMMDD" for a date, the wall-clock
 * "YYYYMMDDTHHMMSS" for a floating time, "TZID=Europe/Copenhagen:YYYYMMDDTHHMMSS" in
 * our zone, and the UTC "YYYYMMDDTHHMMSSZ" for any other zone (RFC 5545 matches a
 * RECURRENCE-ID by its instant, and Outlook may send an override in UTC for a series
 * written in a Windows zone).
 */
#define TV_ICAL_MAX_OCCURRENCES 500
#define TV_ICAL_MAX_EXPANDED 50000
/* For the whole file, so that a file of many series stays within the memory and time
 * of the limits above: occurrences examined, and occurrences imported. */
#define TV_ICAL_MAX_FILE_EXPANDED 1000000u
#define TV_ICAL_MAX_FILE_OCCURRENCES 50000u

/* Days (Copenhagen, inclusive) whose occurrences are imported. */
struct tv_ical_window {
	int32_t from, to;
};

/* A series the file holds: the stored occurrences it speaks for. A stored occurrence
 * of `uid` whose RECURRENCE-ID day (tv_ical_recurrence_day) lies in from..to and that
 * the import holds neither as a meeting nor as a cancellation is no longer in the
 * series (an EXDATE added, COUNT lowered). A cancelled series speaks for all. */
struct tv_ical_series {
	char *uid;
	int64_t sequence;   /* the master's SEQUENCE, -1 if none */
	int32_t from, to;
	int line;           /* its BEGIN:VEVENT */
	bool cancelled;     /* the whole series was cancelled */
};

struct tv_ical_import {
	struct tv_meeting *meetings;  size_t nmeetings;  /* uid set from the source UID */
	/* "line N: UID or summary: reason", translated and sanitised */
	char **skipped;               size_t nskipped;
	/* Added for issue 17 (append-only). */
	size_t nerrors;   /* of the skipped: events that cannot be used (what refused the
	                   * whole file before issue 17; --strict refuses them) */
	size_t nevents;   /* VEVENTs in the file's calendars */
	int64_t *sequences;   /* per meeting: its SEQUENCE, -1 if it has none */
	int *lines;           /* per meeting: the line of its BEGIN:VEVENT */
	struct tv_ical_cancel *cancels;  size_t ncancels;
	/* per meeting: from tavle's own export with every field (X-TAVLE-KIND), so all
	 * fields are its fields, not only those a foreign invitation carries */
	bool *own;
	/* Added for issue 17 item 4 (append-only). */
	struct tv_ical_series *series;   size_t nseries;
	char **notes;  size_t nnotes;   /* what was left out of a series, translated */
	/* What was repaired or ignored to read a file as real programs write it (lines
	 * that are not content lines, text after END:VCALENDAR, a UID made for an event
	 * without one), "line N: ...", translated. */
	char **repairs;  size_t nrepairs;
};

/*
 * Parse an .ics text (one or more VCALENDARs) into meetings (VEVENTs with a time;
 * all-day events become meetings with minute TV_NO_TIME). Times in any zone with a
 * VTIMEZONE, UTC or floating are converted to Copenhagen local time. A text that is
 * not a calendar (bad structure, a BOM-less non-UTF-8 byte, lines not CRLF/LF, beyond
 * the TV_ICAL_MAX_ limits above, a bad VTIMEZONE date) fails with TV_INVALID and diag
 * naming the line, before libical parses anything. Otherwise every event that cannot
 * become a meeting is skipped with its line and reason, and TV_OK is returned: events
 * without UID or DTSTART, tavle's own deadlines, tasks,
 * phases and decisions (counted in nskipped), and those with an invalid date, time or
 * RRULE value or a TZID without VTIMEZONE (also counted in nerrors). Empty values and
 * unknown properties are ignored. An event with a UID that is cancelled (METHOD:CANCEL
 * of its calendar, or STATUS:CANCELLED) is a cancellation (of one occurrence when it
 * has a RECURRENCE-ID; of all stored occurrences when it is a series). Recurring
 * events are expanded (see above) inside the default window of today (UTC clock).
 * A meeting of tavle's own export (X-TAVLE-KIND) gets every field from its X-TAVLE-
 * properties (own[i] set); any other gets place from LOCATION, notes from
 * DESCRIPTION, participants from its ATTENDEEs (CN, else the address). A time a zone's
 * autumn change repeats is its first instant (RFC 5545 §3.3.5).
 */
enum tv_status tv_ical_parse(const char *text, size_t len, struct tv_ical_import **out,
	struct tv_diag *diag);

/* Added for issue 17 item 4 (append-only): tv_ical_parse with recurring events
 * expanded inside `window` (NULL: the default window of today). */
enum tv_status tv_ical_parse_window(const char *text, size_t len,
	const struct tv_ical_window *window, struct tv_ical_import **out, struct tv_diag *diag);

/* The window when a board gives none: a year before `today` to three years after. */
struct tv_ical_window tv_ical_default_window(int32_t today);

/* A board's programme window: from its start or earliest phase, whichever is earlier,
 * less 90 days, to the latest of its phase ends, package deadlines and start, plus 180
 * days. A board with neither start nor phases gets tv_ical_default_window(today). */
struct tv_ical_window tv_ical_board_window(const struct tv_board_data *data, int32_t today);

/*
 * How the export names an occurrence: its own UID "<uid>-<code>@tavle", where <code>
 * is the RECURRENCE-ID text in short form ("D20270301" for a date, "L20270201T130000"
 * in our zone, "F..." floating, "20270412T080000Z" in UTC), and no RECURRENCE-ID. A
 * RECURRENCE-ID without its master (tavle does not keep the rule) is mishandled by
 * khal, which keeps one instance per UID, and a CalDAV collection holds one resource
 * per UID; tavle's UIDs differ from the source's ("@tavle") in any case, so the
 * original series is never overwritten. The code into `buf` (at least 40 bytes);
 * false for a text that is no canonical RECURRENCE-ID.
 */
#define TV_ICAL_RID_CODE_BUF 40
bool tv_ical_rid_code(const char *recurrence_id, char buf[TV_ICAL_RID_CODE_BUF]);

/* The RECURRENCE-ID text a code stands for (the caller frees it), or NULL. */
char *tv_ical_rid_from_code(const char *code);

/* The day a RECURRENCE-ID text (as above) names, from its date digits, or TV_NO_DAY
 * for text that is no such value. */
int32_t tv_ical_recurrence_day(const char *recurrence_id);

void tv_ical_import_free(struct tv_ical_import *imp);

/* Release libical's global caches (for clean valgrind runs at exit). */
void tv_ical_shutdown(void);

#endif
