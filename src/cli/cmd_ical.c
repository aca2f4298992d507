/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Calendars in and out, in tavle-helper only (libical, and through it ICU and
 * libstdc++, cost the board's start several milliseconds, so the main binary does not
 * link them; tavle exec's the helper for these commands as for publish and xlsx):
 * `export ics` (streaming, one board at a time, files written atomically so a failed
 * export leaves the previous file intact) and `import ics` (meetings upserted by UID
 * and, for an occurrence of a series, RECURRENCE-ID, in one transaction; series
 * expanded in the board's programme window, and a re-imported series' stored
 * occurrences that it no longer has removed; events that cannot be used are skipped
 * with their reasons, or with --strict refuse the file; --dry-run writes nothing).
 * libical is only reached through tavle/ical.h.
 * Depends on the core API only.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "tavle/date.h"
#include "tavle/fileio.h"
#include "tavle/ical.h"
#include "tavle/progress.h"
#include "tavle/text.h"

/* ---- export ics ---- */

/* The export time: --now, else SOURCE_DATE_EPOCH, else the CLI clock. */
static int
export_time(struct cli *c, const char *now_s, time_t *out)
{
	struct tv_diag diag = { 0 };
	if (now_s) {
		if (tv_utc_parse(now_s, out, &diag) != TV_OK)
			return cli_fail(c, CLI_USAGE, "invalid --now '%s': %s", now_s, diag.msg);
		return 0;
	}
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && sde[0]) {
		long long v;
		if (cli_parse_int(c, "SOURCE_DATE_EPOCH", sde, 0, 253402300799LL, &v))
			return CLI_USAGE;
		*out = (time_t)v;
		return 0;
	}
	*out = cli_now(c);
	return 0;
}

/* A failed calendar write names the system's reason when there is one ("No space left
 * on device", "File too large"), not just "input/output error". `err` is errno right
 * after the failing call (cleared before it). */
static int
calendar_fail(struct cli *c, enum tv_status st, int err)
{
	if (st == TV_IO && err)
		return cli_fail(c, tv_status_exit_code(st), "cannot write the calendar: %s",
			strerror(err));
	return cli_fail(c, tv_status_exit_code(st), "cannot write the calendar: %s",
		tv_status_message(st));
}

/* Write one calendar of the selected boards to `fp`. */
/* Add board data `d`, loaded with status `loaded`, to the calendar being written and
 * free it. 0, or (the writer aborted) the exit status of the failure. */
static int
add_loaded(struct cli *c, struct tv_ical_writer *w, enum tv_status loaded,
	struct tv_board_data *d)
{
	if (loaded != TV_OK) {
		tv_ical_writer_abort(w);
		return cli_store_fail(c, loaded);
	}
	errno = 0;
	enum tv_status st = tv_ical_writer_add_board(w, d);
	int err = errno;
	tv_board_data_free(d);
	if (st != TV_OK) {
		tv_ical_writer_abort(w);
		return calendar_fail(c, st, err);
	}
	return 0;
}

static int
write_calendar(struct cli *c, FILE *fp, const struct tv_ical_options *opt, const int64_t *ids,
	size_t nids, struct tv_ical_stats *stats)
{
	struct tv_ical_writer *w = NULL;
	errno = 0;
	enum tv_status st = tv_ical_writer_open(fp, opt, &w);
	if (st != TV_OK)
		return calendar_fail(c, st, errno);
	/* Every board (--all) can take a while: progress on a terminal. */
	struct tv_progress prog;
	tv_progress_start(&prog, nids > 1 ? stderr : NULL, "export", nids);
	/* Only what the calendar shows: --what deadlines reads no tasks. */
	unsigned parts = tv_ical_board_parts(opt);
	for (size_t i = 0; i < nids; i++) {
		struct tv_board_data *d = NULL;
		tv_progress_step(&prog, i);
		st = tv_store_load_board_parts(c->store, ids[i], parts, &d);
		int rc = add_loaded(c, w, st, d);
		if (rc)
			return rc;
	}
	if (opt->cancel_archived) {
		/* --all: the items of removed boards, cancelled for 30 days. */
		struct tv_board_data *d = NULL;
		st = tv_store_load_removed(c->store, &d);
		int rc = add_loaded(c, w, st, d);
		if (rc)
			return rc;
	}
	errno = 0;
	tv_progress_end(&prog);
	st = tv_ical_writer_close(w, stats);
	if (st != TV_OK)
		return calendar_fail(c, st, errno);
	return 0;
}

/* Write to a file atomically ("-" or NULL: stdout). */
static int
write_target(struct cli *c, const char *path, const struct tv_ical_options *opt,
	const int64_t *ids, size_t nids, struct tv_ical_stats *stats)
{
	if (!path || strcmp(path, "-") == 0) {
		int rc = write_calendar(c, stdout, opt, ids, nids, stats);
		errno = 0;
		if (!rc && fflush(stdout) != 0)
			rc = cli_fail(c, CLI_FAIL, "cannot write to standard output: %s",
				strerror(errno ? errno : EIO));
		return rc;
	}
	struct tv_out_file f;
	struct tv_diag diag = { 0 };
	enum tv_status st = tv_out_open(path, TV_OUT_STDOUT, &f, &diag);
	if (st != TV_OK)
		return cli_diag_fail(c, st, &diag);
	int rc = write_calendar(c, f.fp, opt, ids, nids, stats);
	if (rc) {
		tv_out_abort(&f);
		return rc;
	}
	st = tv_out_commit(&f, &diag);
	if (st != TV_OK)
		return cli_diag_fail(c, st, &diag);
	return 0;
}

int
cmd_export_ics(struct cli *c, const struct cli_args *a)
{
	struct tv_ical_options opt = { 0 };
	int rc;
	const char *v;
	if ((v = cli_opt_value(a, "area")) && (rc = cli_parse_area_list(c, v, &opt.areas)))
		return rc;
	if ((v = cli_opt_value(a, "what")) && (rc = cli_parse_ical_what(c, v, &opt.what)))
		return rc;
	if ((v = cli_opt_value(a, "alarm"))) {
		struct tv_diag diag = { 0 };
		if (tv_duration_parse(v, &opt.alarm_seconds, &diag) != TV_OK)
			return cli_fail(c, CLI_USAGE, "invalid --alarm '%s': %s", v, diag.msg);
		opt.alarm = true;
	}
	if ((rc = export_time(c, cli_opt_value(a, "now"), &opt.now)))
		return rc;
	opt.phase = cli_opt_value(a, "phase");
	bool all = cli_flag(a, "all");
	if (all && c->board_arg)
		return cli_fail(c, CLI_USAGE, "--all and --board exclude each other");
	const char *out = cli_opt_value(a, "output");
	const char *todo = cli_opt_value(a, "todo");
	if (todo && (!todo[0] || strcmp(todo, "-") == 0))
		return cli_fail(c, CLI_USAGE, "--todo needs a file name");
	if (out && !out[0])
		return cli_fail(c, CLI_USAGE, "-o needs a file name or '-'");

	int64_t *ids = NULL;
	size_t nids = 0;
	char *calname = NULL;
	if (all) {
		/* Archived boards too: their items are cancelled for 30 days after
		 * archiving, as removed boards' are (tv_ical_options.cancel_archived). */
		struct tv_board *boards = NULL;
		size_t n = 0;
		enum tv_status st = tv_store_boards(c->store, true, &boards, &n);
		if (st != TV_OK)
			return cli_store_fail(c, st);
		ids = tv_xcalloc(n ? n : 1, sizeof *ids);
		for (size_t i = 0; i < n; i++) {
			ids[nids++] = boards[i].id;
			tv_board_clear(&boards[i]);
		}
		free(boards);
		opt.calname = "tavle";
		opt.cancel_archived = true;
	} else {
		if ((rc = cli_board(c)))
			return rc;
		ids = tv_xmalloc(sizeof *ids);
		ids[nids++] = c->board_id;
		/* The calendar's name says whose board it is, so subscriptions to several
		 * boards tell apart: "authority · board". */
		struct tv_board *boards = NULL;
		size_t n = 0;
		if (tv_store_boards(c->store, true, &boards, &n) == TV_OK) {
			for (size_t i = 0; i < n; i++) {
				if (boards[i].id == c->board_id && !calname)
					calname = boards[i].authority && *boards[i].authority
						? tv_xasprintf("%s · %s", boards[i].authority, boards[i].name)
						: tv_xstrdup(boards[i].name);
				tv_board_clear(&boards[i]);
			}
			free(boards);
		}
		opt.calname = calname;
	}
	if (opt.phase && !all) {
		/* An unknown phase is bad input, not an empty calendar. */
		struct tv_board_data *d = NULL;
		if ((rc = cli_load(c, &d))) {
			free(ids);
			free(calname);
			return rc;
		}
		bool found = false;
		for (size_t i = 0; i < d->nphases; i++)
			if (d->phases[i].name && strcmp(d->phases[i].name, opt.phase) == 0)
				found = true;
		tv_board_data_free(d);
		if (!found) {
			free(ids);
			free(calname);
			return cli_fail(c, CLI_USAGE, "unknown phase '%s' (see tavle phases)", opt.phase);
		}
	}

	struct tv_ical_stats stats = { 0 };
	rc = write_target(c, out, &opt, ids, nids, &stats);
	if (!rc && out && strcmp(out, "-") != 0) {
		fprintf(stderr, _("wrote %zu events (%zu cancelled) to "), stats.events, stats.cancelled);
		cli_put(stderr, out, false);
		fputc('\n', stderr);
	}
	if (!rc && todo) {
		struct tv_ical_options topt = opt;
		topt.todo = true;
		struct tv_ical_stats tstats = { 0 };
		rc = write_target(c, todo, &topt, ids, nids, &tstats);
		if (!rc) {
			fprintf(stderr, _("wrote %zu to-dos (%zu cancelled) to "), tstats.events,
				tstats.cancelled);
			cli_put(stderr, todo, false);
			fputc('\n', stderr);
		}
	}
	free(ids);
	free(calname);
	return rc;
}

/* ---- import ics ---- */

static bool
same_str(const char *a, const char *b)
{
	/* libical's parser drops the white space at the end of a content line, so a
	 * title "Møde  " comes back as "Møde": that is the same text, not an update. */
	a = a ? a : "";
	b = b ? b : "";
	size_t la = strlen(a), lb = strlen(b);
	while (la > 0 && (a[la - 1] == ' ' || a[la - 1] == '\t'))
		la--;
	while (lb > 0 && (b[lb - 1] == ' ' || b[lb - 1] == '\t'))
		lb--;
	return la == lb && memcmp(a, b, la) == 0;
}

static bool
same_when(struct tv_when a, struct tv_when b)
{
	return a.day == b.day && a.minute == b.minute;
}

/* Set one field of an existing meeting, carrying the version forward; nothing is
 * written on a dry run. */
static enum tv_status
update_field(struct cli *c, const struct tv_meeting *m, const char *field, const char *value,
	int64_t *version, bool dry)
{
	if (dry)
		return TV_OK;
	struct tv_conflict conflict = { 0 };
	int64_t nv = *version;
	enum tv_status st = tv_store_set(c->store, TV_KIND_MEETING, m->id, field, value ? value : "",
		*version, &conflict, &nv);
	tv_conflict_clear(&conflict);
	if (st == TV_OK)
		*version = nv;
	return st;
}

/*
 * Bring an existing meeting up to date with an imported one (on a dry run only find
 * out whether it would change). tavle's own export of today (`own`: X-TAVLE-
 * properties) carries every field, so every field is compared and set, an empty one
 * cleared. An older tavle export (`roundtrip` without `own`) carries place, region,
 * participants and notes merged into LOCATION and DESCRIPTION, so only the fields
 * that survive the trip unchanged (kind, title, times, link) are compared. A foreign
 * invitation: also place and notes, and participants when it names ATTENDEEs;
 * region and packages, which it cannot carry, are left alone.
 */
static enum tv_status
update_meeting(struct cli *c, const struct tv_meeting *old, const struct tv_meeting *m,
	bool roundtrip, bool own, bool dry, bool *changed)
{
	int64_t version = old->version;
	enum tv_status st = TV_OK;
	*changed = false;
#define UPD_STR(f)                                                       \
	if (st == TV_OK && !same_str(old->f, m->f)) {                    \
		st = update_field(c, old, #f, m->f, &version, dry);      \
		*changed = true;                                         \
	}
	if (st == TV_OK && old->kind != m->kind) {
		st = update_field(c, old, "kind", tv_meeting_kind_key(m->kind), &version, dry);
		*changed = true;
	}
	UPD_STR(title)
	if (st == TV_OK && (!same_when(old->start, m->start) || !same_when(old->end, m->end))) {
		char s[TV_WHEN_BUF], e[TV_WHEN_BUF];
		tv_when_format(m->start, s);
		tv_when_format(m->end, e);
		/* Move the end first when the meeting moves later, so end > start holds at
		 * every step. */
		if (m->start.day > old->end.day ||
		    (m->start.day == old->end.day && m->start.minute >= old->end.minute)) {
			st = update_field(c, old, "end", e, &version, dry);
			if (st == TV_OK)
				st = update_field(c, old, "start", s, &version, dry);
		} else {
			st = update_field(c, old, "start", s, &version, dry);
			if (st == TV_OK)
				st = update_field(c, old, "end", e, &version, dry);
		}
		*changed = true;
	}
	if (m->url || own)
		UPD_STR(url)
	if (own || !roundtrip) {
		UPD_STR(place)
		UPD_STR(notes)
	}
	if (own || m->participants)
		UPD_STR(participants)
	if (own) {
		UPD_STR(region)
		UPD_STR(packages)
	}
#undef UPD_STR
	return st;
}

/* Read and parse the file: a missing file, a directory and a text that is not a
 * calendar exit 2 with the reason. The text is kept in `*text_out` (the caller frees
 * it) for a second parse in the board's window. */
static int
read_calendar(struct cli *c, const char *path, struct tv_ical_import **out, char **text_out,
	size_t *len_out)
{
	char *text = NULL;
	size_t len = 0;
	struct tv_diag diag = { 0 };
	/* Refuse a file over the limit before reading it (tavle/ical.h says why). A
	 * file that is not regular is still cut off at the limit by the read. */
	struct stat sb;
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		return cli_fail(c, CLI_USAGE, "%s: %s", path, strerror(EISDIR));
	if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > (off_t)TV_ICAL_MAX_BYTES)
		return cli_fail(c, CLI_USAGE, "%s is %.1f MiB; calendars over %u MiB are not imported",
			path, (double)sb.st_size / (1 << 20), TV_ICAL_MAX_BYTES >> 20);
	enum tv_status st = tv_file_read(path, TV_ICAL_MAX_BYTES, &text, &len, &diag);
	if (st != TV_OK) {
		if (!diag.msg[0])
			return cli_fail(c, st == TV_IO ? CLI_FAIL : CLI_USAGE, "%s: %s", path,
				tv_status_message(st));
		return cli_diag_fail(c, st, &diag);
	}
	tv_diag_clear(&diag);
	st = tv_ical_parse(text, len, out, &diag);
	*text_out = text;
	*len_out = len;
	if (st != TV_OK) {
		/* The parser's message may already name the line (translated: "linje 4"),
		 * so name the file once and not the line twice. */
		if (!diag.file[0] && (diag.line > 0 || strncmp(diag.msg, "line ", 5) == 0))
			return cli_fail(c, st == TV_IO ? CLI_FAIL : CLI_USAGE, "%s: %s", path, diag.msg);
		if (!diag.file[0])
			snprintf(diag.file, sizeof diag.file, "%s", path);
		return cli_diag_fail(c, st == TV_IO ? st : TV_INVALID, &diag);
	}
	return 0;
}

/* The skipped events' reasons, one a line. */
static void
print_skipped(FILE *fp, const struct tv_ical_import *imp)
{
	for (size_t i = 0; i < imp->nskipped; i++) {
		fprintf(fp, "%s", _("skipped "));
		cli_put(fp, imp->skipped[i], false);
		fputc('\n', fp);
	}
}

struct import_counts {
	size_t added, updated, unchanged;
	/* Stored occurrences no longer in their re-imported series, as "UID RECURRENCE-ID". */
	char **removed;
	size_t nremoved;
	/* Notes found while applying (older SEQUENCE, nothing to cancel), printed after
	 * the parser's, and the UIDs of the meetings cancelled. */
	char **notes;
	size_t nnotes;
	char **cancelled;
	size_t ncancelled;
};

static void
strv_push(char ***v, size_t *n, char *s)
{
	*v = tv_xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = s;
}

/* The meeting an imported UID (and RECURRENCE-ID, NULL for none) means, if any: the UID
 * itself, or for tavle's own export the meeting it came from (`*roundtrip`):
 * "<uid>@tavle" (tavle's own meetings, and imported ones as exports before issue 17
 * wrote them), an occurrence "<uid>-<code>@tavle", and either with "~b<board id>" before
 * "@tavle" (a UID export --all had already written for another board: export.c
 * meeting_uid). */
static enum tv_status
find_meeting(struct cli *c, const char *uid, const char *rid, struct tv_meeting *out, bool *found,
	bool *roundtrip)
{
	*found = *roundtrip = false;
	if (!uid)
		return TV_OK;
	enum tv_status st = tv_store_meeting_find_occurrence(c->store, c->board_id, uid, rid, out,
		found);
	size_t ul = strlen(uid);
	if (st == TV_OK && !*found && ul > 6 && strcmp(uid + ul - 6, "@tavle") == 0) {
		char *base = tv_xstrndup(uid, ul - 6);
		st = tv_store_meeting_find_occurrence(c->store, c->board_id, base, rid, out, found);
		/* "~b" and digits at the end: the --all form. */
		size_t bl = strlen(base), k = bl;
		while (k > 0 && base[k - 1] >= '0' && base[k - 1] <= '9')
			k--;
		if (st == TV_OK && !*found && k < bl && k >= 3 && memcmp(base + k - 2, "~b", 2) == 0) {
			base[k - 2] = '\0';
			st = tv_store_meeting_find_occurrence(c->store, c->board_id, base, rid, out,
				found);
		}
		/* An occurrence exported as "<uid>-<code>@tavle" (tavle/ical.h). */
		char *dash = strrchr(base, '-');
		char *code_rid = st == TV_OK && !*found && !rid && dash ?
			tv_ical_rid_from_code(dash + 1) : NULL;
		if (code_rid) {
			*dash = '\0';
			st = tv_store_meeting_find_occurrence(c->store, c->board_id, base, code_rid, out,
				found);
			free(code_rid);
		}
		free(base);
		*roundtrip = *found;
	}
	return st;
}

/* The SEQUENCE the stored meeting stands for: for tavle's own export its version - 1
 * (what the export writes), else the one kept from the last import (-1: none). */
static enum tv_status
stored_sequence(struct cli *c, const struct tv_meeting *m, bool roundtrip, int64_t *out)
{
	if (roundtrip) {
		*out = m->version - 1;
		return TV_OK;
	}
	return tv_store_meeting_ical_sequence(c->store, m->id, out);
}

/* An invitation older than what is stored must not move a newer meeting back (RFC
 * 5546: a lower SEQUENCE is out of date). A note for it, or NULL. */
static char *
older_note(const char *uid, int line, int64_t seq, int64_t stored)
{
	if (seq < 0 || stored < 0 || seq >= stored)
		return NULL;
	char *reason = tv_xasprintf(_("older SEQUENCE %lld than the stored %lld"),
		(long long)seq, (long long)stored);
	char *note = line > 0 ? tv_xasprintf(_("line %d: %s: %s"), line, uid, reason) :
		tv_xasprintf("%s: %s", uid, reason);
	free(reason);
	return note;
}

/* An invitation for a meeting that was cancelled or removed brings it back only when
 * it is newer (RFC 5546: a re-invitation raises the SEQUENCE past the cancellation's;
 * none counts as 0). The same per occurrence of a series: `rid`, its RECURRENCE-ID,
 * is matched with the tombstone's. A note for one that is not, or NULL; `*back` when
 * it is. */
static enum tv_status
cancelled_note(struct cli *c, const char *uid, const char *rid, int line, int64_t seq,
	char **note, bool *back)
{
	int64_t cancelled;
	bool found;
	*note = NULL;
	*back = false;
	enum tv_status st = tv_store_tombstone_ical_sequence(c->store, c->board_id, uid,
		rid, &cancelled, &found);
	if (st != TV_OK || !found)
		return st;
	if (seq < 0)
		seq = 0;
	if (cancelled < 0)
		cancelled = 0;
	if (seq > cancelled) {
		*back = true;
		return TV_OK;
	}
	char *reason = tv_xasprintf(
		_("cancelled at SEQUENCE %lld; this invitation's SEQUENCE %lld is not newer"),
		(long long)cancelled, (long long)seq);
	*note = line > 0 ? tv_xasprintf(_("line %d: %s: %s"), line, uid, reason) :
		tv_xasprintf("%s: %s", uid, reason);
	free(reason);
	return TV_OK;
}

/* Add or update each imported meeting by UID (a dry run only counts); one older than
 * the stored meeting, or than its cancellation, is left out with a note. The SEQUENCE
 * is kept with each meeting added or changed, and raised when a newer invitation
 * changes nothing. */
static enum tv_status
apply_meetings(struct cli *c, struct tv_ical_import *imp, bool dry, struct import_counts *n)
{
	enum tv_status st = TV_OK;
	struct tv_progress prog;
	tv_progress_start(&prog, stderr, "import", imp->nmeetings);
	for (size_t i = 0; st == TV_OK && i < imp->nmeetings; i++) {
		struct tv_meeting *m = &imp->meetings[i];
		int64_t seq = imp->sequences[i];
		tv_progress_step(&prog, i);
		/* Look up inside the transaction, so a UID seen twice in the file updates
		 * the meeting its first occurrence added. */
		struct tv_meeting oldm = { 0 };
		bool found, roundtrip;
		if ((st = find_meeting(c, m->uid, m->recurrence_id, &oldm, &found, &roundtrip)) != TV_OK)
			break;
		if (!found) {
			char *note = NULL;
			bool back = false;
			if ((st = cancelled_note(c, m->uid, m->recurrence_id, imp->lines[i], seq, &note,
			    &back)) != TV_OK)
				break;
			if (note) {
				strv_push(&n->notes, &n->nnotes, note);
				continue;
			}
			m->board_id = c->board_id;
			m->id = 0;
			if (!dry) {
				st = tv_store_meeting_add(c->store, m);
				if (st == TV_OK && seq >= 0 && !imp->own[i])
					st = tv_store_meeting_set_ical_sequence(c->store, m->id, seq);
				if (st == TV_OK && back)
					st = tv_store_tombstone_forget(c->store, c->board_id, m->uid,
						m->recurrence_id);
			}
			if (st == TV_OK)
				n->added++;
			continue;
		}
		/* tavle's export of a meeting that kept its source's UID (an imported
		 * invitation, or a meeting of another board's export) carries that board's
		 * version as SEQUENCE, not the invitation's: neither compared nor kept. */
		bool copy = imp->own[i] && !roundtrip;
		int64_t stored = -1;
		st = copy ? TV_OK : stored_sequence(c, &oldm, roundtrip, &stored);
		char *note = st == TV_OK && !copy ?
			older_note(m->uid, imp->lines[i], seq, stored) : NULL;
		if (note) {
			strv_push(&n->notes, &n->nnotes, note);
			tv_meeting_clear(&oldm);
			continue;
		}
		bool changed = false;
		if (st == TV_OK)
			st = update_meeting(c, &oldm, m, roundtrip, imp->own[i], dry, &changed);
		/* A tavle meeting's own export carries its version, not a SEQUENCE to keep. */
		if (st == TV_OK && !dry && !roundtrip && !copy && seq >= 0 && seq != stored &&
		    (changed || seq > stored))
			st = tv_store_meeting_set_ical_sequence(c->store, oldm.id, seq);
		tv_meeting_clear(&oldm);
		if (st == TV_OK) {
			if (changed)
				n->updated++;
			else
				n->unchanged++;
		}
	}
	tv_progress_end(&prog);
	return st;
}

/* Cancel (remove, through the store's normal remove: a tombstone, so the export shows
 * it cancelled, and a history entry) each meeting a cancellation names, unless the
 * cancellation is older than the meeting. Nothing to cancel is a note. */
static enum tv_status
apply_cancels(struct cli *c, struct tv_ical_import *imp, bool dry, struct import_counts *n)
{
	enum tv_status st = TV_OK;
	for (size_t i = 0; st == TV_OK && i < imp->ncancels; i++) {
		const struct tv_ical_cancel *x = &imp->cancels[i];
		struct tv_meeting oldm = { 0 };
		bool found, roundtrip;
		if ((st = find_meeting(c, x->uid, x->recurrence_id, &oldm, &found, &roundtrip)) != TV_OK)
			break;
		if (!found) {
			strv_push(&n->notes, &n->nnotes, tv_xstrdup(x->note));
			continue;
		}
		int64_t stored = -1;
		st = stored_sequence(c, &oldm, roundtrip, &stored);
		char *note = st == TV_OK ? older_note(x->uid, 0, x->sequence, stored) : NULL;
		if (note) {
			strv_push(&n->notes, &n->nnotes, note);
		} else if (st == TV_OK) {
			/* The tombstone keeps the cancellation's SEQUENCE when it is the higher
			 * (see cancelled_note). */
			if (!dry && x->sequence > stored)
				st = tv_store_meeting_set_ical_sequence(c->store, oldm.id, x->sequence);
			if (!dry && st == TV_OK)
				st = tv_store_remove(c->store, TV_KIND_MEETING, oldm.id, oldm.version);
			if (st == TV_OK)
				strv_push(&n->cancelled, &n->ncancelled, x->recurrence_id ?
					tv_xasprintf("%s %s", x->uid, x->recurrence_id) :
					tv_xstrdup(x->uid));
		}
		tv_meeting_clear(&oldm);
	}
	return st;
}

/* Does the import hold occurrence `rid` of `uid`, as a meeting or a cancellation? */
static bool
import_holds(const struct tv_ical_import *imp, const char *uid, const char *rid)
{
	for (size_t i = 0; i < imp->nmeetings; i++)
		if (imp->meetings[i].recurrence_id && strcmp(imp->meetings[i].uid, uid) == 0 &&
		    strcmp(imp->meetings[i].recurrence_id, rid) == 0)
			return true;
	for (size_t i = 0; i < imp->ncancels; i++)
		if (imp->cancels[i].recurrence_id && strcmp(imp->cancels[i].uid, uid) == 0 &&
		    strcmp(imp->cancels[i].recurrence_id, rid) == 0)
			return true;
	return false;
}

/* Remove (a tombstone, as a cancellation) each stored occurrence of a re-imported series
 * that the series no longer has (an EXDATE added, COUNT lowered), within the days the
 * series speaks for (tavle/ical.h), and every occurrence of a cancelled series; not
 * when the series is older (SEQUENCE) than the occurrence. */
static enum tv_status
apply_series(struct cli *c, struct tv_ical_import *imp, bool dry, struct import_counts *n)
{
	enum tv_status st = TV_OK;
	for (size_t i = 0; st == TV_OK && i < imp->nseries; i++) {
		const struct tv_ical_series *s = &imp->series[i];
		struct tv_meeting *occ = NULL;
		size_t nocc = 0, gone = 0;
		if ((st = tv_store_meeting_occurrences(c->store, c->board_id, s->uid, &occ, &nocc)) != TV_OK)
			break;
		for (size_t k = 0; st == TV_OK && k < nocc; k++) {
			const struct tv_meeting *o = &occ[k];
			int32_t day = tv_ical_recurrence_day(o->recurrence_id);
			if (day == TV_NO_DAY || day < s->from || day > s->to ||
			    import_holds(imp, s->uid, o->recurrence_id))
				continue;
			int64_t stored = -1;
			if ((st = tv_store_meeting_ical_sequence(c->store, o->id, &stored)) != TV_OK)
				break;
			if (s->sequence >= 0 && stored >= 0 && s->sequence < stored)
				continue;
			if (!dry)
				st = tv_store_remove(c->store, TV_KIND_MEETING, o->id, o->version);
			if (st == TV_OK) {
				char *what = tv_xasprintf("%s %s", s->uid, o->recurrence_id);
				if (s->cancelled)
					strv_push(&n->cancelled, &n->ncancelled, what);
				else
					strv_push(&n->removed, &n->nremoved, what);
				gone++;
			}
		}
		for (size_t k = 0; k < nocc; k++)
			tv_meeting_clear(&occ[k]);
		free(occ);
		if (st == TV_OK && s->cancelled && gone == 0)
			strv_push(&n->notes, &n->nnotes, s->line > 0 ?
				tv_xasprintf(_("line %d: %s: %s"), s->line, s->uid, _("cancelled")) :
				tv_xasprintf("%s: %s", s->uid, _("cancelled")));
	}
	return st;
}

static void
counts_clear(struct import_counts *n)
{
	tv_strv_free(n->notes, n->nnotes);
	tv_strv_free(n->cancelled, n->ncancelled);
	tv_strv_free(n->removed, n->nremoved);
}

/* Parse the text again inside the board's programme window when the file holds
 * recurring events (the first parse used the default window, before the board was
 * known, so that a file that is no calendar fails first as before). */
static int
parse_in_window(struct cli *c, const char *path, const char *text, size_t len,
	struct tv_ical_import **imp)
{
	bool recurring = (*imp)->nseries > 0 || (*imp)->nnotes > 0;
	for (size_t i = 0; !recurring && i < (*imp)->nmeetings; i++)
		recurring = (*imp)->meetings[i].recurrence_id != NULL;
	if (!recurring)
		return 0;
	struct tv_board_data *d = NULL;
	int rc = cli_load(c, &d);
	if (rc)
		return rc;
	struct tv_ical_window win = tv_ical_board_window(d, cli_today(c));
	tv_board_data_free(d);
	struct tv_ical_import *again = NULL;
	struct tv_diag diag = { 0 };
	if (tv_ical_parse_window(text, len, &win, &again, &diag) != TV_OK)
		return cli_fail(c, CLI_USAGE, "%s: %s", path, diag.msg);
	tv_ical_import_free(*imp);
	*imp = again;
	return 0;
}

int
cmd_import_ics(struct cli *c, const struct cli_args *a)
{
	const char *path = a->pos[0];
	bool strict = cli_flag(a, "strict"), dry = cli_flag(a, "dry-run");
	struct tv_ical_import *imp = NULL;
	char *text = NULL;
	size_t len = 0;
	int rc = read_calendar(c, path, &imp, &text, &len);
	if (rc) {
		free(text);
		return rc;
	}
	if ((rc = cli_board(c)) || (rc = parse_in_window(c, path, text, len, &imp))) {
		free(text);
		tv_ical_import_free(imp);
		return rc;
	}
	free(text);
	if (strict && imp->nerrors > 0) {
		/* All or nothing: the reasons, and nothing written. */
		print_skipped(stderr, imp);
		rc = cli_fail(c, CLI_USAGE, _("%s: %zu events cannot be used; nothing imported (--strict)"),
			path, imp->nerrors);
		tv_ical_import_free(imp);
		return rc;
	}
	struct import_counts n = { 0 };
	enum tv_status st = dry ? TV_OK : tv_store_begin(c->store);
	if (st == TV_OK)
		st = apply_meetings(c, imp, dry, &n);
	if (st == TV_OK)
		st = apply_cancels(c, imp, dry, &n);
	if (st == TV_OK)
		st = apply_series(c, imp, dry, &n);
	if (st == TV_OK && !dry)
		st = tv_store_commit(c->store);
	if (st != TV_OK) {
		rc = cli_store_fail(c, st);
		if (!dry)
			tv_store_rollback(c->store);
		counts_clear(&n);
		tv_ical_import_free(imp);
		return rc;
	}
	if (!dry && (n.added || n.updated || n.ncancelled || n.nremoved))
		c->wrote = true;
	if (n.nremoved)
		printf(_("added %zu, updated %zu, unchanged %zu, removed %zu, skipped %zu\n"), n.added,
			n.updated, n.unchanged, n.nremoved, imp->nskipped + n.nnotes);
	else
		printf(_("added %zu, updated %zu, unchanged %zu, skipped %zu\n"), n.added, n.updated,
			n.unchanged, imp->nskipped + n.nnotes);
	print_skipped(stdout, imp);
	for (size_t i = 0; i < imp->nrepairs; i++) {
		cli_put(stdout, imp->repairs[i], false);
		putchar('\n');
	}
	for (size_t i = 0; i < imp->nnotes; i++) {
		cli_put(stdout, imp->notes[i], false);
		putchar('\n');
	}
	for (size_t i = 0; i < n.nnotes; i++) {
		printf("%s", _("skipped "));
		cli_put(stdout, n.notes[i], false);
		putchar('\n');
	}
	for (size_t i = 0; i < n.ncancelled; i++) {
		printf("%s", _("cancelled "));
		cli_put(stdout, n.cancelled[i], false);
		putchar('\n');
	}
	for (size_t i = 0; i < n.nremoved; i++) {
		printf("%s", _("removed "));
		cli_put(stdout, n.removed[i], false);
		printf("%s\n", _(" (no longer in the series)"));
	}
	if (dry)
		printf("%s\n", _("dry run: nothing was written"));
	/* Events, and none of them could be used: say so in the exit status. */
	if (imp->nevents > 0 && imp->nmeetings == 0 && imp->ncancels == 0 && imp->nseries == 0 &&
	    imp->nnotes == 0)
		rc = cli_fail(c, CLI_FAIL, _("%s: none of its %zu events could be imported"), path,
			imp->nevents);
	counts_clear(&n);
	tv_ical_import_free(imp);
	return rc;
}
