/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Writing commands: `set` (one field of one record, with optimistic concurrency: by
 * default the version read just before, --version N, or --force), `add` of every kind
 * and `rm`. Every typed value is validated here before anything is written (and the
 * store validates again), so a rejected command leaves the database byte-identical.
 * Depends on the core API only.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "tavle/date.h"
#include "tavle/fields.h"
#include "tavle/text.h"

#define MAX_STDIN_VALUE (16u << 20)

/* ---- shared helpers ---- */

/* Read VALUE for `set --stdin`: everything, less one trailing newline. */
static int
read_stdin(struct cli *c, char **out)
{
	size_t len = 0, cap = 4096;
	char *buf = tv_xmalloc(cap);
	for (;;) {
		if (len + 1 >= cap) {
			if (cap >= MAX_STDIN_VALUE) {
				free(buf);
				return cli_fail(c, CLI_USAGE, "value on standard input is larger than %u bytes",
					MAX_STDIN_VALUE);
			}
			cap *= 2;
			buf = tv_xrealloc(buf, cap);
		}
		ssize_t n = read(STDIN_FILENO, buf + len, cap - len - 1);
		if (n < 0) {
			free(buf);
			return cli_fail(c, CLI_FAIL, "cannot read standard input");
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (memchr(buf, '\0', len)) {
		free(buf);
		return cli_fail(c, CLI_USAGE, "value on standard input contains a NUL byte");
	}
	if (len && buf[len - 1] == '\n')
		len--;
	buf[len] = '\0';
	*out = buf;
	return 0;
}

/* Text limits of the field (tavle/fields.h), checked before the store sees the value. */
static int
check_field_text(struct cli *c, enum tv_kind kind, const char *field, const char *value)
{
	const struct tv_field_info *f = tv_field_find(kind, field);
	if (f && tv_field_is_text(f))
		return cli_check_field(c, tv_field_id(f), NULL, value, false);
	/* Other fields (dates, keys, numbers) are parsed by the store; still refuse
	 * bytes that can never be valid. */
	return cli_check_text(c, field, value, TV_MAX_URL, false, false);
}

static bool
field_known(enum tv_kind kind, const char *field, char *list, size_t size)
{
	const char *const *f = tv_store_fields(kind);
	bool found = false;
	list[0] = '\0';
	for (size_t i = 0; f && f[i]; i++) {
		if (strcmp(f[i], field) == 0)
			found = true;
		if (strlen(list) + strlen(f[i]) + 2 < size) {
			if (i)
				strcat(list, " ");
			strcat(list, f[i]);
		}
	}
	return found;
}

/* The field that names a record, for messages. */
static const char *
label_field(enum tv_kind kind)
{
	switch (kind) {
	case TV_KIND_PHASE:
	case TV_KIND_PERSON:
	case TV_KIND_BOARD:
		return "name";
	case TV_KIND_COMMENT:
		return "text";
	default:
		return "title";
	}
}

/* Resolve KIND ID to a row id (packages by number, boards by name or id, tasks by id or
 * by P.N). */
static int
resolve_id(struct cli *c, enum tv_kind kind, const char *text, int64_t *out)
{
	if (kind == TV_KIND_PACKAGE)
		return cli_package(c, text, out, NULL);
	if (kind == TV_KIND_BOARD) {
		enum tv_status st = tv_store_board_find(c->store, text, out);
		if (st == TV_NOT_FOUND)
			return cli_fail(c, CLI_USAGE, "no board '%s' (see tavle boards)", text);
		return st == TV_OK ? 0 : cli_store_fail(c, st);
	}
	if (kind == TV_KIND_TASK && strchr(text, '.')) {
		/* A task by the number every view shows (P.N); the ids still work. */
		struct tv_board_data *d = NULL;
		int rc = cli_load(c, &d);
		if (rc)
			return rc;
		const struct tv_task *t = tv_board_find_task(d, text);
		if (t)
			*out = t->id;
		tv_board_data_free(d);
		return t ? 0 : cli_fail(c, CLI_USAGE,
			"no task '%s' (P.N: package number, then the task's place in it)", text);
	}
	long long id;
	const char *p = text[0] == '#' ? text + 1 : text;
	if (!*p || strspn(p, "0123456789") != strlen(p) || strlen(p) > 18)
		return cli_fail(c, CLI_USAGE, "no %s '%s': give its id", tv_kind_word(kind), text);
	id = atoll(p);
	/* Existence check, so an unknown id is bad input (2), not a failure. */
	char *val = NULL;
	int64_t ver;
	enum tv_status st = tv_store_get(c->store, kind, id, label_field(kind), &val, &ver);
	free(val);
	if (st == TV_NOT_FOUND || (st == TV_INVALID && id <= 0))
		return cli_fail(c, CLI_USAGE, "no %s with id %lld", tv_kind_word(kind), id);
	if (st != TV_OK)
		return cli_store_fail(c, st);
	*out = id;
	return 0;
}

/* ---- set ---- */

/* After a date field was set: the note when the stored day is not a working day (read
 * back, so it is the day the store kept, whatever form the person typed). */
static void
set_day_note(struct cli *c, enum tv_kind kind, int64_t id, const char *field)
{
	const struct tv_field_info *f = tv_field_find(kind, field);
	if (!f || (f->type != TV_FT_DATE && f->type != TV_FT_WHEN))
		return;
	char *stored = NULL;
	int64_t ver;
	if (tv_store_get(c->store, kind, id, field, &stored, &ver) == TV_OK)
		cli_day_note(c, tv_when_parse_stored(stored).day);
	free(stored);
}

int
cmd_set(struct cli *c, const struct cli_args *a)
{
	size_t k = 0;
	enum tv_kind kind = TV_KIND_PACKAGE;
	if (a->npos > 0 && tv_kind_from_key(a->pos[0], &kind))
		k = 1;
	bool use_stdin = cli_flag(a, "stdin");
	size_t need = k + 2 + (use_stdin ? 0 : 1);
	if (a->npos != need)
		return cli_fail(c, CLI_USAGE,
			"'set' takes [KIND] ID FIELD VALUE (or --stdin for VALUE); see tavle set --help");
	const char *id_s = a->pos[k], *field = a->pos[k + 1];
	const char *version_s = cli_opt_value(a, "version");
	bool force = cli_flag(a, "force");
	char list[512];
	if (!field_known(kind, field, list, sizeof list))
		return cli_fail(c, CLI_USAGE, "unknown field '%s' for %s (fields: %s)", field,
			tv_kind_word(kind), list);
	long long expected = -1;
	int rc;
	if (version_s && (rc = cli_parse_int(c, "version", version_s, 1, INT64_MAX / 2, &expected)))
		return rc;
	if (force && version_s)
		return cli_fail(c, CLI_USAGE, "--force and --version exclude each other");

	char *stdin_value = NULL;
	if (use_stdin && (rc = read_stdin(c, &stdin_value)))
		return rc;
	const char *value = use_stdin ? stdin_value : a->pos[k + 2];
	if ((rc = check_field_text(c, kind, field, value)))
		goto out;

	int64_t id;
	if ((rc = resolve_id(c, kind, id_s, &id)))
		goto out;
	/* Moving a board's or a phase's start re-plans: the preview first. */
	bool replan = (kind == TV_KIND_BOARD || kind == TV_KIND_PHASE) &&
		strcmp(field, "start") == 0 && value && value[strspn(value, " \t")];
	if (cli_flag(a, "dry-run") && !replan) {
		rc = cli_fail(c, CLI_USAGE, "--dry-run is for a board's or a phase's start (a date)");
		goto out;
	}
	if (replan && ((rc = cli_replan_preview(c, kind, id, value, cli_flag(a, "dry-run"))) ||
		cli_flag(a, "dry-run")))
		goto out;
	if (force) {
		expected = 0;
	} else if (expected < 0) {
		char *cur = NULL;
		int64_t ver = 0;
		enum tv_status st = tv_store_get(c->store, kind, id, field, &cur, &ver);
		free(cur);
		if (st != TV_OK) {
			rc = cli_store_fail(c, st);
			goto out;
		}
		expected = ver;
	}
	struct tv_conflict conflict = { 0 };
	int64_t newver = 0;
	enum tv_status st = tv_store_set(c->store, kind, id, field, value, expected, &conflict,
		&newver);
	if (st == TV_CONFLICT) {
		rc = cli_fail(c, CLI_FAIL, "%s %s was changed by %s at %s (now version %lld); use --force to overwrite",
			tv_kind_word(kind), id_s, conflict.changed_by ? conflict.changed_by : _("someone"),
			conflict.changed_at ? conflict.changed_at : _("an unknown time"),
			(long long)conflict.version);
		tv_conflict_clear(&conflict);
		goto out;
	}
	tv_conflict_clear(&conflict);
	if (st != TV_OK) {
		rc = cli_store_fail(c, st);
		goto out;
	}
	if (kind != TV_KIND_BOARD)
		c->wrote = true;
	if (strcmp(field, "start") == 0 || strcmp(field, "end") == 0 ||
	    strcmp(field, "deadline") == 0) {
		/* The time as stored (a time alone is on the meeting's day). */
		char *cur = NULL;
		int64_t ver = 0;
		if (tv_store_get(c->store, kind, id, field, &cur, &ver) == TV_OK && cur)
			cli_note_repeated(tv_when_parse_stored(cur));
		free(cur);
	}
	char *cid = cli_clean(id_s);
	/* Kind and field as a person reads them: "pakke 1: Titel sat" in Danish. */
	printf(_("%s %s: %s set (version %lld)\n"), tv_kind_word(kind), cid,
		tv_field_shown(kind, field), (long long)newver);
	free(cid);
	set_day_note(c, kind, id, field);
	rc = 0;
out:
	free(stdin_value);
	return rc;
}

/* ---- add ---- */

static int
opt_day(struct cli *c, const struct cli_args *a, const char *name, int32_t *out)
{
	const char *v = cli_opt_value(a, name);
	*out = TV_NO_DAY;
	if (!v || !v[0])
		return 0;
	return cli_parse_day(c, name, v, out);
}

static int
require(struct cli *c, const struct cli_args *a, const char *name)
{
	if (!cli_opt_value(a, name)) {
		const char *sub = a->cmd->sub ? a->cmd->sub : "";
		return cli_fail(c, CLI_USAGE, "'add %s' needs --%s (see tavle add %s --help)", sub, name,
			sub);
	}
	return 0;
}

/* An option given for `field` (named as the field) within the field's limits. */
static int
check_opt(struct cli *c, const struct cli_args *a, enum tv_field field)
{
	const char *name = tv_field_info(field)->name;
	const char *v = cli_opt_value(a, name);
	if (!v)
		return 0;
	return cli_check_field(c, field, NULL, v, true);
}

/* A required option for `field`, within the field's limits. */
static int
check_req(struct cli *c, const struct cli_args *a, enum tv_field field)
{
	return cli_check_field(c, field, NULL, cli_opt_value(a, tv_field_info(field)->name),
		false);
}

static char *
dup_opt(const struct cli_args *a, const char *name)
{
	const char *v = cli_opt_value(a, name);
	return v && v[0] ? tv_xstrdup(v) : NULL;
}

/* The end of every add: 0 with the write noted, or the store's failure reported. */
static int
add_done(struct cli *c, enum tv_status st)
{
	if (st != TV_OK)
		return cli_store_fail(c, st);
	c->wrote = true;
	return 0;
}

/* --area as an area index, or -1 when the option is absent. */
static int
opt_area(struct cli *c, const struct cli_args *a, int *out)
{
	*out = -1;
	const char *ar = cli_opt_value(a, "area");
	if (!ar)
		return 0;
	enum tv_area e;
	int rc = cli_parse_area(c, ar, &e);
	if (!rc)
		*out = (int)e;
	return rc;
}

int
cmd_add_package(struct cli *c, const struct cli_args *a)
{
	int rc;
	if ((rc = require(c, a, "area")) || (rc = require(c, a, "title")))
		return rc;
	enum tv_area area;
	if ((rc = cli_parse_area(c, cli_opt_value(a, "area"), &area)))
		return rc;
	if ((rc = check_req(c, a, TV_FIELD_PACKAGE_title)))
		return rc;
	if ((rc = check_opt(c, a, TV_FIELD_PACKAGE_owner)))
		return rc;
	enum tv_pstatus status = TV_TODO;
	const char *s = cli_opt_value(a, "status");
	if (s && !tv_pstatus_from_key(s, &status))
		return cli_fail(c, CLI_USAGE, "unknown status '%s' (todo, doing, blocked, done)", s);
	int32_t deadline;
	if ((rc = opt_day(c, a, "deadline", &deadline)))
		return rc;
	long long number = -1;
	const char *n = cli_opt_value(a, "number");
	if (n && (rc = cli_parse_int(c, "package number", n, 0,
		(long long)tv_field_info(TV_FIELD_PACKAGE_number)->max, &number)))
		return rc;
	if ((rc = cli_board(c)))
		return rc;
	int64_t phase_id = 0;
	const char *ph = cli_opt_value(a, "phase");
	if (ph && ph[0]) {
		struct tv_board_data *d = NULL;
		if ((rc = cli_load(c, &d)))
			return rc;
		const struct tv_phase *p = tv_board_find_phase(d, ph);
		phase_id = p ? p->id : 0;
		tv_board_data_free(d);
		if (!p)
			return cli_fail(c, CLI_USAGE, "unknown phase '%s' (see tavle phases)", ph);
	}
	if (number >= 0) {
		int64_t other;
		if (tv_store_package_find(c->store, c->board_id, (int)number, &other) == TV_OK)
			return cli_fail(c, CLI_USAGE, "package number %lld is taken in this board", number);
	}
	struct tv_package p = {
		.board_id = c->board_id,
		.number = (int)number,
		.title = dup_opt(a, "title"),
		.area = area,
		.status = status,
		.owner = dup_opt(a, "owner"),
		.deadline = { .day = deadline, .minute = TV_NO_TIME },
		.phase_id = phase_id,
	};
	for (int i = 0; i < TV_SECTION_COUNT; i++)
		p.sections[i] = tv_xstrdup("");
	if (!(rc = add_done(c, tv_store_package_add(c->store, &p))))
		printf(_("added package %d (id %lld)\n"), p.number, (long long)p.id);
	if (!rc)
		cli_day_note(c, deadline);
	tv_package_clear(&p);
	return rc;
}

int
cmd_add_task(struct cli *c, const struct cli_args *a)
{
	int rc;
	if ((rc = require(c, a, "title")))
		return rc;
	if ((rc = check_req(c, a, TV_FIELD_TASK_title)) ||
	    (rc = check_opt(c, a, TV_FIELD_TASK_owner)))
		return rc;
	int32_t deadline;
	if ((rc = opt_day(c, a, "deadline", &deadline)))
		return rc;
	enum tv_responsible resp = TV_RESP_AUTHORITY;
	const char *r = cli_opt_value(a, "responsible");
	if (r && !tv_responsible_from_key(r, &resp))
		return cli_fail(c, CLI_USAGE, "unknown responsible party '%s' (authority, agency, supplier)",
			r);
	int64_t pkg;
	if ((rc = cli_package(c, a->pos[0], &pkg, NULL)))
		return rc;
	struct tv_task t = {
		.package_id = pkg,
		.title = dup_opt(a, "title"),
		.deadline = { .day = deadline, .minute = TV_NO_TIME },
		.responsible = resp,
		.minimum = cli_flag(a, "minimum"),
		.owner = dup_opt(a, "owner"),
	};
	if (!(rc = add_done(c, tv_store_task_add(c->store, &t))))
		printf(_("added task %lld to package %s\n"), (long long)t.id, a->pos[0]);
	if (!rc)
		cli_day_note(c, deadline);
	tv_task_clear(&t);
	return rc;
}

static bool
when_before(struct tv_when a, struct tv_when b)
{
	int am = a.minute == TV_NO_TIME ? 0 : a.minute, bm = b.minute == TV_NO_TIME ? 0 : b.minute;
	return a.day < b.day || (a.day == b.day && am < bm);
}

int
cmd_add_meeting(struct cli *c, const struct cli_args *a)
{
	int rc;
	if ((rc = require(c, a, "title")) || (rc = require(c, a, "start")) ||
	    (rc = require(c, a, "end")))
		return rc;
	if ((rc = check_req(c, a, TV_FIELD_MEETING_title)) ||
	    (rc = check_opt(c, a, TV_FIELD_MEETING_place)) ||
	    (rc = check_opt(c, a, TV_FIELD_MEETING_region)) ||
	    (rc = check_opt(c, a, TV_FIELD_MEETING_url)) ||
	    (rc = check_opt(c, a, TV_FIELD_MEETING_notes)))
		return rc;
	struct tv_when start, end;
	if ((rc = cli_parse_when(c, "start", cli_opt_value(a, "start"), TV_NO_DAY, &start)) ||
	    (rc = cli_parse_when(c, "end", cli_opt_value(a, "end"), start.day, &end)))
		return rc;
	if (!when_before(start, end))
		return cli_fail(c, CLI_USAGE, "the meeting's end (%s) must be after its start (%s)",
			cli_opt_value(a, "end"), cli_opt_value(a, "start"));
	enum tv_meeting_kind kind = TV_MEET_INFO;
	const char *k = cli_opt_value(a, "kind");
	if (k && !tv_meeting_kind_from_key(k, &kind))
		return cli_fail(c, CLI_USAGE, "unknown meeting kind '%s' (info, webinar, supplier, other)",
			k);
	if ((rc = cli_board(c)))
		return rc;
	struct tv_meeting m = {
		.board_id = c->board_id,
		.kind = kind,
		.title = dup_opt(a, "title"),
		.start = start,
		.end = end,
		.place = dup_opt(a, "place"),
		.region = dup_opt(a, "region"),
		.url = dup_opt(a, "url"),
		.notes = dup_opt(a, "notes"),
	};
	if (!(rc = add_done(c, tv_store_meeting_add(c->store, &m))))
		printf(_("added meeting %lld\n"), (long long)m.id);
	if (!rc) {
		cli_day_note(c, start.day);
		if (end.day != start.day)
			cli_day_note(c, end.day);
	}
	tv_meeting_clear(&m);
	return rc;
}

int
cmd_add_phase(struct cli *c, const struct cli_args *a)
{
	int rc;
	if ((rc = require(c, a, "name")) || (rc = require(c, a, "start")) ||
	    (rc = require(c, a, "end")))
		return rc;
	if ((rc = check_req(c, a, TV_FIELD_PHASE_name)) ||
	    (rc = check_opt(c, a, TV_FIELD_PHASE_reason)))
		return rc;
	int32_t start, end, nb;
	if ((rc = opt_day(c, a, "start", &start)) || (rc = opt_day(c, a, "end", &end)) ||
	    (rc = opt_day(c, a, "not-before", &nb)))
		return rc;
	if (start == TV_NO_DAY || end == TV_NO_DAY)
		return cli_fail(c, CLI_USAGE, "a phase needs a start and an end date");
	if (end < start)
		return cli_fail(c, CLI_USAGE, "the phase's end (%s) is before its start (%s)",
			cli_opt_value(a, "end"), cli_opt_value(a, "start"));
	const char *reason = cli_opt_value(a, "reason");
	if (reason && reason[0] && nb == TV_NO_DAY)
		return cli_fail(c, CLI_USAGE, "--reason belongs to --not-before; give both");
	/* A constraint nobody can explain later is a constraint nobody dares to move. */
	if (nb != TV_NO_DAY && !(reason && reason[0]))
		return cli_fail(c, CLI_USAGE, "--not-before needs --reason (why the phase cannot "
			"start earlier)");
	if ((rc = cli_board(c)))
		return rc;
	struct tv_phase p = {
		.board_id = c->board_id,
		.name = dup_opt(a, "name"),
		.start = start,
		.end = end,
		.not_before = nb,
		.not_before_reason = dup_opt(a, "reason"),
	};
	if (!(rc = add_done(c, tv_store_phase_add(c->store, &p))))
		printf(_("added phase %lld\n"), (long long)p.id);
	if (!rc) {
		cli_day_note(c, start);
		if (end != start)
			cli_day_note(c, end);
	}
	tv_phase_clear(&p);
	return rc;
}

int
cmd_add_comment(struct cli *c, const struct cli_args *a)
{
	int rc;
	if ((rc = cli_check_field(c, TV_FIELD_COMMENT_text, "comment", a->pos[1], false)))
		return rc;
	int64_t pkg;
	if ((rc = cli_package(c, a->pos[0], &pkg, NULL)))
		return rc;
	struct tv_comment cm = {
		.package_id = pkg,
		.author = tv_xstrdup(c->user),
		.text = tv_xstrdup(a->pos[1]),
	};
	if (!(rc = add_done(c, tv_store_comment_add(c->store, &cm))))
		printf(_("added comment %lld to package %s\n"), (long long)cm.id, a->pos[0]);
	tv_comment_clear(&cm);
	return rc;
}

int
cmd_add_decision(struct cli *c, const struct cli_args *a)
{
	int rc;
	if ((rc = require(c, a, "title")))
		return rc;
	if ((rc = check_req(c, a, TV_FIELD_DECISION_title)) ||
	    (rc = check_opt(c, a, TV_FIELD_DECISION_owner)) ||
	    (rc = check_opt(c, a, TV_FIELD_DECISION_text)))
		return rc;
	int area;
	if ((rc = opt_area(c, a, &area)))
		return rc;
	int32_t due;
	if ((rc = opt_day(c, a, "due", &due)))
		return rc;
	if ((rc = cli_board(c)))
		return rc;
	struct tv_decision d = {
		.board_id = c->board_id,
		.title = dup_opt(a, "title"),
		.area = area,
		.owner = dup_opt(a, "owner"),
		.due = due,
		.status = TV_DEC_OPEN,
		.text = dup_opt(a, "text"),
		.decided = TV_NO_DAY,
	};
	if (!(rc = add_done(c, tv_store_decision_add(c->store, &d))))
		printf(_("added decision %lld\n"), (long long)d.id);
	if (!rc)
		cli_day_note(c, due);
	tv_decision_clear(&d);
	return rc;
}

int
cmd_add_person(struct cli *c, const struct cli_args *a)
{
	int rc;
	if ((rc = require(c, a, "name")))
		return rc;
	if ((rc = check_req(c, a, TV_FIELD_PERSON_name)) ||
	    (rc = check_opt(c, a, TV_FIELD_PERSON_email)))
		return rc;
	enum tv_role role = TV_ROLE_GROUP;
	const char *r = cli_opt_value(a, "role");
	if (r && !tv_role_from_key(r, &role))
		return cli_fail(c, CLI_USAGE, "unknown role '%s' (contact, group, area)", r);
	int area;
	if ((rc = opt_area(c, a, &area)))
		return rc;
	if ((rc = cli_board(c)))
		return rc;
	struct tv_person p = {
		.board_id = c->board_id,
		.name = dup_opt(a, "name"),
		.email = dup_opt(a, "email"),
		.role = role,
		.area = area,
	};
	if (!(rc = add_done(c, tv_store_person_add(c->store, &p))))
		printf(_("added person %lld\n"), (long long)p.id);
	tv_person_clear(&p);
	return rc;
}

/* ---- rm ---- */

int
cmd_rm(struct cli *c, const struct cli_args *a)
{
	enum tv_kind kind;
	if (!tv_kind_from_key(a->pos[0], &kind) || kind == TV_KIND_BOARD)
		return cli_fail(c, CLI_USAGE,
			"unknown kind '%s' for 'rm' (package, task, phase, meeting, comment, decision, person)",
			a->pos[0]);
	int64_t id;
	int rc = resolve_id(c, kind, a->pos[1], &id);
	if (rc)
		return rc;
	char *label = NULL;
	int64_t ver = 0;
	enum tv_status st = tv_store_get(c->store, kind, id, label_field(kind), &label, &ver);
	if (st != TV_OK)
		return cli_store_fail(c, st);
	st = tv_store_remove(c->store, kind, id, 0);
	if (st != TV_OK) {
		free(label);
		return cli_store_fail(c, st);
	}
	c->wrote = true;
	char *clean = cli_clean(label), *cid = cli_clean(a->pos[1]);
	char *shown = tv_text_ellipsize(clean, 60);
	printf(_("removed %s %s \"%s\"\n"), tv_kind_word(kind), cid, shown);
	free(shown);
	free(clean);
	free(cid);
	free(label);
	return 0;
}
