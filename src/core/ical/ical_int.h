/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Private to src/core/ical/, the only place in tavle that includes libical: what the
 * calendar files share. Appending numbers and sanitised text to the core's growable
 * string (struct tv_buf of tavle/buf.h, whose hot appends are inline there), folding and unfolding content lines (buf.c), the
 * direct property serialiser (prop.c), our one time zone and the range of days libical
 * can write (tz.c), the export writer's state (struct tv_ical_writer, made and freed in
 * writer.c, filled item by item in export.c), the import's raw-text pre-pass with
 * its line numbers (prepass.c, read by import.c), and what the import shares with the
 * expansion of recurring events (import.c, recur.c). Helpers shared between these files
 * carry the ical_ prefix; everything else stays static in its file. Nothing here may
 * leak into include/tavle/: no libical type appears in a public header.
 */
#ifndef TAVLE_ICAL_INT_H
#define TAVLE_ICAL_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <libical/ical.h>

#include "tavle/buf.h"
#include "tavle/date.h"
#include "tavle/ical.h"
#include "tavle/model.h"
#include "tavle/status.h"

#define TZID_CPH "Europe/Copenhagen"
#define UID_DOMAIN "@tavle"
#define FOLD_LIMIT 75

/* ---- appending to the core's growable string (tavle/buf.h), folding (buf.c) ---- */

/* Append v >= 0 in decimal, zero-padded to `width` digits. */
void ical_sb_num(struct tv_buf *b, unsigned v, int width);
/* Append any int as printf's "%0*d" would. */
void ical_sb_int(struct tv_buf *b, int v, int width);
/* Append the sanitised form of possibly-NULL text (LF kept if `multiline`). */
void ical_sb_san(struct tv_buf *b, const char *s, bool multiline);
/* A sanitised copy of possibly-NULL text (NULL reads as ""); the caller frees it. */
char *ical_san(const char *s, bool multiline);
/* Only spaces (what sanitising leaves of blanks)? libical reads such a value as none. */
bool ical_all_spaces(const char *s);
/* Fold every non-empty '\n'-terminated line of `text` into `out`, CRLF-terminated, at
 * FOLD_LIMIT octets on UTF-8 boundaries. */
void ical_fold_lines(struct tv_buf *out, const char *text, size_t n);
/* Append libical's serialisation `text` unfolded and without CRs, one line per '\n'. */
void ical_sb_unfold(struct tv_buf *b, const char *text);

/* ---- properties as unfolded lines (prop.c) ---- */

/* Append property `p` as unfolded lines: simple forms directly, the rest through
 * libical's serialiser. False if libical fails. */
bool ical_sb_prop(struct tv_buf *b, icalproperty *p);
/* "NAME:value\n" (TEXT escaping) for tavle's X- properties; nothing for NULL or "";
 * false for a control character other than newline in `value`. */
bool ical_sb_xtext(struct tv_buf *b, const char *name, const char *value);
/* libical's serialisation of `p`, unfolded, as a string the caller frees; `p` is
 * freed. NULL if libical fails. */
char *ical_cached_line(icalproperty *p);

/* ---- the time zone, the writable days, times (tz.c) ---- */

/* Our Europe/Copenhagen zone built from the short VTIMEZONE text; the caller frees it
 * with icaltimezone_free(zone, 1). NULL if libical cannot read the text. */
icaltimezone *ical_zone_new(void);
struct icaltimetype ical_utc(time_t t);
/* Can libical write this day, also as an exclusive DTEND or rolled past midnight? */
bool ical_calendar_day(int32_t day);
/* A UTC timestamp text for LAST-MODIFIED, or `fallback` if unset, bad or unwritable. */
time_t ical_utc_or(const char *text, time_t fallback);
struct icaltimetype ical_date(int32_t day);
/* A local Copenhagen time (day, minute) labelled with `zone`; minutes past the day
 * roll over into the next day. */
struct icaltimetype ical_local(icaltimezone *zone, int32_t day, int minute);
/* A DTSTART/DTEND value `t` of property `p` as Copenhagen local time; `*gap` is set
 * for a wall-clock time in the file zone's spring-forward gap. False with `*why` set
 * when the TZID names a zone the file does not define or the date is invalid. */
bool ical_prop_to_local(icalcomponent *cal, icalproperty *p, struct icaltimetype t,
	struct tv_when *out, bool *gap, const char **why);
/* The same for a value `t` written with TZID `tzid` (NULL: none). */
bool ical_time_to_local(icalcomponent *cal, const char *tzid, struct icaltimetype t,
	struct tv_when *out, bool *gap, const char **why);
/* The UTC instant of date-time `t` with TZID `tzid` (NULL: none; floating and our
 * zone are Copenhagen wall-clock time); false for a date, an unknown zone, a bad date. */
bool ical_time_to_utc(icalcomponent *cal, const char *tzid, struct icaltimetype t, time_t *out);
/* The TZID parameter of property `p`, or NULL (borrowed). */
const char *ical_prop_tzid(icalproperty *p);

/* ---- the writer (writer.c makes and frees it, export.c writes items) ---- */

/* A set of strings (open addressing), for the meeting UIDs of one calendar. */
struct ical_uidset {
	char **slot;
	size_t cap, n;
};
/* Add `uid` (copied); false if it was there already. */
bool ical_uidset_add(struct ical_uidset *set, const char *uid);
void ical_uidset_free(struct ical_uidset *set);

/* CATEGORIES lines kept ready: the areas, the meeting kinds, "Fase". */
#define CAT_KIND0 TV_AREA_COUNT
#define CAT_PHASE (TV_AREA_COUNT + TV_MEETING_KIND_COUNT)
#define NCAT (CAT_PHASE + 1)

enum { ST_CANCELLED, ST_COMPLETED, ST_NEEDSACTION, NSTATUS };

/*
 * How libical is driven (the export's hot path, run for ~136,000 items on the
 * national benchmark). Building a tree per item (a component, a dozen properties,
 * values and parameter lists, serialising and freeing them) cost ~75,000 instructions
 * an item, mostly in malloc/free. Instead the writer builds its libical objects once:
 * - template components holding one property per variable field; per item only the
 *   values are replaced in place (icalvalue_set_text/_date/_datetime/_integer), so
 *   no component, property or parameter is allocated or freed per item;
 * - every property that is the same for many items (DTSTAMP, TRANSP, STATUS,
 *   CATEGORIES, COLOR, the VALARM's ACTION and TRIGGER) is serialised by libical once
 *   at open and its line reused;
 * - the variable properties are written by ical_sb_prop: the simple forms directly
 *   from the libical value, the rest by libical's serialiser;
 * - each item's lines collect in one reused buffer, are folded (libical bug 1) into
 *   a large output buffer and written with one fwrite per OUT_CHUNK bytes.
 * An item is written in the order the per-item tree used to be built and serialised,
 * so the output is byte-identical to it.
 */
#define OUT_CHUNK (256u << 10)

struct tv_ical_writer {
	FILE *out;
	struct tv_ical_options opt;  /* strings below are owned copies */
	char *calname;
	char *phase;
	icaltimezone *zone;
	struct tv_ical_stats stats;
	bool failed;
	/* tv_ical_each_item: each item becomes its own calendar (header + item + END)
	 * handed to item_cb instead of being written to `out`; the first failing callback
	 * stops the rest. */
	enum tv_status (*item_cb)(void *ctx, const char *uid, const char *ics, size_t len);
	void *item_ctx;
	enum tv_status item_status;

	/* Templates (owned; each property belongs to one of them). */
	icalcomponent *tpl_text, *tpl_date, *tpl_time, *tpl_due_date, *tpl_due_time, *tpl_utc;
	icalproperty *p_uid, *p_sequence, *p_lastmod, *p_summary, *p_description,
		*p_location, *p_url, *p_alarm_description;
	icalproperty *p_start_date, *p_end_date, *p_start_time, *p_end_time;
	icalproperty *p_due_date, *p_due_time;
	/* UTC forms, for a local time in the repeated October hour (RFC 5545 §3.3.5 reads
	 * a zoned one as its first instant, some readers as the second). */
	icalproperty *p_start_utc, *p_end_utc, *p_due_utc;
	/* Constant lines, unfolded and '\n'-terminated, serialised by libical once. */
	char *l_dtstamp, *l_transp_opaque, *l_transp_transparent;
	char *l_status[NSTATUS];
	char *l_cat[NCAT];
	char *l_color[TV_AREA_COUNT];
	char *l_alarm_head;     /* BEGIN:VALARM, ACTION, TRIGGER */

	struct tv_buf header;  /* the folded calendar header with VTIMEZONE */
	struct tv_buf item;    /* the current item, unfolded lines */
	struct tv_buf text;    /* a value being built (description, summary) */
	struct tv_buf uid;     /* the item's UID */
	struct tv_buf title;   /* a sanitised title used in several values */
	struct tv_buf alarm;   /* the VALARM's DESCRIPTION */
	struct tv_buf out_buf; /* folded text waiting to be written */
	bool item_ok;
	/* LAST-MODIFIED: most items of a board share their updated_at text. */
	char *lm_text;
	time_t lm_fallback, lm_value;
	bool lm_has_time;       /* lm_time is the UTC time of lm_key */
	time_t lm_key;
	struct icaltimetype lm_time;
	/* Every meeting UID written so far (export --all: one foreign UID imported into
	 * two boards must not appear twice in one calendar). */
	struct ical_uidset uids;
};

/* A writer with its zone, templates and header, writing nothing yet. */
enum tv_status ical_writer_new(const struct tv_ical_options *opt,
	struct tv_ical_writer **out_writer);
/* Free a writer and all it owns; NULL is ignored. */
void ical_writer_free(struct tv_ical_writer *w);

/* ---- import: the raw-text pre-pass (prepass.c) ---- */

/* What the pre-pass remembers about each VEVENT directly inside the VCALENDAR, so
 * errors found after libical parsed the file can still name a line. */
struct ical_ev_lines {
	int begin, dtstart, dtend, duration;
	int end;                /* its END:VEVENT */
	/* The first date or time value the pre-pass found invalid inside the event (the
	 * event is skipped, not the file): its line and the message; bad_line 0 if none. */
	int bad_line;
	char bad[160];
};

struct ical_prop_line {
	char name[40];
	int line;
};

/* A repair of the raw text before libical reads it: bytes off..off+len replaced by
 * `rep` (owned). The pre-pass records them in file order. */
struct ical_edit {
	size_t off, len;
	char *rep;
};

struct ical_prepass {
	struct ical_ev_lines *events;
	size_t nevents, capevents;
	struct ical_prop_line *props;
	size_t nprops, capprops;
	struct ical_edit *edits;
	size_t nedits, capedits;
	/* What was repaired or ignored, "line N: ..." (translated), for the import's notes. */
	char **notes;
	size_t nnotes, capnotes;
	unsigned more_notes;    /* past ICAL_MAX_NOTES: counted, not kept */
};
/* Notes kept of the pre-pass's repairs; a file of thousands is said in one more. */
#define ICAL_MAX_NOTES 100

/* Validate the raw text `s` (no BOM) and record line numbers into `pp` (zeroed by the
 * caller, freed with ical_prepass_free even on failure). Returns 0, or -1 with `diag`
 * set when the text is not a calendar (structure, UTF-8, line endings, limits). Lines
 * end in CRLF or LF; a bare CR anywhere else is an error. An invalid date or time
 * value inside a VEVENT only marks that event (bad_line, bad); inside a VTIMEZONE it
 * fails the file; elsewhere (VTODO, VJOURNAL...) it is left to libical, as tavle
 * reads nothing there. Several VCALENDARs follow each other.
 * What real programs write is tolerated, each with a note (issue 17): inside a
 * component, a line that is not a content line (a raw newline in a DESCRIPTION, as
 * Outlook writes it) continues the previous property's value after a newline when
 * that value is text, and so does a line with an unknown property name after such a
 * line; a known property with parameters but no ':' and value (Sixt's
 * "ORGANIZER;CN=Sixt SE") is ignored, and so is a parameter without '=' and value
 * ("ATTENDEE;RSVP;CN=..."); a parameter's closing
 * quote written after the value (Exchange's TZID="Zone:20200609T090000") is moved
 * back; text after END:VCALENDAR is ignored up to the next BEGIN; RDATE/EXDATE dates
 * with a 'Z' and DURATION's "PT1W"/"PT2D" forms are rewritten as RFC 5545 writes
 * them. The repairs are `edits` for ical_prepass_text. */
int ical_prepass_scan(const char *s, size_t n, struct ical_prepass *pp, struct tv_diag *diag);
void ical_prepass_free(struct ical_prepass *pp);
/* The text libical is to read: `s` with the pre-pass's edits applied, NUL-terminated;
 * the caller frees it. */
char *ical_prepass_text(const char *s, size_t n, const struct ical_prepass *pp);
/* The line of the first property whose name appears in an X-LIC-ERROR text, or 0. */
int ical_error_line(const struct ical_prepass *pp, const char *err);
/* The same, among the properties on lines `from` to `to` (one event's), or 0. */
int ical_error_line_in(const struct ical_prepass *pp, const char *err, int from, int to);
/* Set `diag` (if any) to the translated, sanitised message, "line N: " in front when
 * line > 0; returns -1. */
int ical_invalid_at(struct tv_diag *diag, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- import: what import.c and recur.c share ---- */

/* An event with a RECURRENCE-ID, kept until the calendar's series are expanded. */
struct ical_override {
	icalcomponent *cal, *ev;
	const struct ical_ev_lines *lines;
	int line;               /* its BEGIN:VEVENT */
	bool used;              /* a series of the file placed it */
};

struct ical_import_acc {
	struct tv_ical_import *imp;
	size_t capm, caps, capc, capn, capr;
	bool method_cancel;     /* the current calendar's METHOD is CANCEL */
	struct tv_ical_window window;
	struct ical_override *ov;  /* the current calendar's overrides */
	size_t nov, capov;
	size_t expanded;        /* occurrences examined in the file */
	size_t occurrences;     /* occurrences imported from the file */
	size_t standalone;      /* of them, overrides no series placed */
	struct ical_uidset made_uids;   /* UIDs made for events without one (import.c) */
	size_t caprep;                  /* of imp->repairs */
};

/* Note a skipped event "line N: who: reason" (`error`: it cannot be used). */
void ical_imp_skip(struct ical_import_acc *a, int line, const char *who, const char *reason,
	bool error);
/* Append a cancellation of `uid` (one occurrence when `rid` is not NULL). */
void ical_imp_cancel(struct ical_import_acc *a, icalcomponent *ev, const char *uid,
	const char *rid, int line);
/* Append the meeting of event `ev` at start..end, an occurrence when `rid` is set. */
void ical_imp_meeting(struct ical_import_acc *a, icalcomponent *ev, const char *uid,
	const char *summary, struct tv_when start, struct tv_when end, int line, const char *rid);
/* Start and end of `ev` in local time; -1 with `why` and `*line` set when unreadable. */
int ical_imp_times(icalcomponent *cal, icalcomponent *ev, const struct ical_ev_lines *lines,
	struct tv_when *start, struct tv_when *end, bool *gap, char *why, size_t n, int *line);
/* Why read times cannot be kept (a gap, a day out of range, end before start), or NULL. */
const char *ical_imp_times_reason(struct tv_when start, struct tv_when end, bool gap);
int64_t ical_imp_sequence(icalcomponent *ev);
const char *ical_imp_text(icalcomponent *ev, icalproperty_kind kind);
bool ical_imp_cancelled(icalcomponent *ev, const struct ical_import_acc *a);

/* ---- recurring events (recur.c) ---- */

/* Has `ev` an RRULE or RDATE (a series master)? */
bool ical_is_series(icalcomponent *ev);
/* Expand series `ev` of calendar `cal` into occurrences (meetings), using and marking
 * the calendar's overrides of `uid` in `a`; notes for what was left out. */
void ical_recur_series(icalcomponent *cal, icalcomponent *ev, const struct ical_ev_lines *lines,
	const char *uid, struct ical_import_acc *a);
/* A cancelled series: it speaks for all its stored occurrences. */
void ical_recur_cancel_series(icalcomponent *ev, const char *uid, int line,
	struct ical_import_acc *a);
/* An override no series of the file placed: one occurrence (or its cancellation) by
 * its own RECURRENCE-ID. */
void ical_recur_override(struct ical_override *o, struct ical_import_acc *a);

#endif
