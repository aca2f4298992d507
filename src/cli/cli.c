/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The shared machinery of the command line: error reporting ("tavle: <message>" on
 * stderr, always sanitised), finding, opening, creating and seeding the database,
 * resolving the board, the clock, and the parsers of typed values that print a
 * message naming the bad input. Read-only commands open an existing database with
 * TV_STORE_READONLY so that reading never changes a byte of it.
 * Depends on the core API only.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "tavle/reported.h"
#include "tavle/holidays.h"
#include "tavle/shared.h"
#include "tavle/date.h"
#include "tavle/plan.h"
#include "tavle/template.h"
#include "tavle/text.h"

#define DEFAULT_BOARD_NAME "Næste generation Digital Post"

int
cli_fail(struct cli *c, int code, const char *fmt, ...)
{
	if (!c) /* a silent check (cli_parse_quietly) */
		return code;
	va_list ap;
	va_start(ap, fmt);
	/* English message ids (the keyword cli_fail:3 extracts them), shown translated. */
	char *clean = tv_text_vformat_visible(1024, SIZE_MAX, _(fmt), ap);
	va_end(ap);
	fprintf(stderr, "tavle: %s\n", clean);
	free(clean);
	return code;
}

int
cli_store_fail(struct cli *c, enum tv_status st)
{
	const char *msg = c->store ? tv_store_errmsg(c->store) : "";
	if (!msg || !msg[0])
		msg = tv_status_message(st);
	return cli_fail(c, tv_status_exit_code(st), "%s", msg);
}

int
cli_diag_fail(struct cli *c, enum tv_status st, const struct tv_diag *d)
{
	char buf[900];
	tv_diag_format(d, buf, sizeof buf);
	if (!buf[0])
		snprintf(buf, sizeof buf, "%s", tv_status_message(st));
	return cli_fail(c, tv_status_exit_code(st), "%s", buf);
}

time_t
cli_now(const struct cli *c)
{
	return c->now ? c->now : time(NULL);
}

int32_t
cli_today(const struct cli *c)
{
	return tv_date_today(cli_now(c));
}

char *
cli_clean(const char *s)
{
	if (!s)
		return tv_xstrdup("");
	return tv_text_sanitize(s, strlen(s), 0);
}

void
cli_put(FILE *out, const char *s, bool multiline)
{
	if (!s)
		return;
	char *clean = tv_text_sanitize(s, strlen(s), multiline ? TV_SAN_KEEP_NEWLINES : 0);
	fputs(clean, out);
	free(clean);
}

/* mkdir -p for the default data directory, mode 0700. */
static int
make_dirs(struct cli *c, const char *path)
{
	char *dir = tv_xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir) {
		free(dir);
		return 0;
	}
	*slash = '\0';
	for (char *p = dir + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char save = *p;
			*p = '\0';
			if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
				int rc = cli_fail(c, CLI_FAIL, "cannot create directory %s: %s", dir,
					strerror(errno));
				free(dir);
				return rc;
			}
			*p = save;
			if (!save)
				break;
		}
	}
	free(dir);
	return 0;
}

static int
resolve_path(struct cli *c, bool *is_default)
{
	*is_default = false;
	if (c->db_arg) {
		if (!c->db_arg[0])
			return cli_fail(c, CLI_USAGE, "--db needs a file name");
		c->db_path = tv_xstrdup(c->db_arg);
		return 0;
	}
	const char *env = getenv("TAVLE_DB");
	if (env && env[0]) {
		c->db_path = tv_xstrdup(env);
		return 0;
	}
	*is_default = true;
	const char *xdg = getenv("XDG_DATA_HOME");
	if (xdg && xdg[0] == '/') {
		c->db_path = tv_xasprintf("%s/tavle/tavle.db", xdg);
		return 0;
	}
	const char *home = getenv("HOME");
	if (!home || !home[0])
		return cli_fail(c, CLI_FAIL, "neither --db, $TAVLE_DB, $XDG_DATA_HOME nor $HOME is set");
	c->db_path = tv_xasprintf("%s/.local/share/tavle/tavle.db", home);
	return 0;
}

static void
remove_db_files(const char *path)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		char *p = tv_xasprintf("%s%s", path, suffix[i]);
		unlink(p);
		free(p);
	}
}

/* Undo the creation of a database by this invocation: a file that existed empty
 * stays, empty again (it is the user's); one this run created goes. */
static void
discard_files(struct cli *c)
{
	if (!c->was_empty) {
		remove_db_files(c->db_path);
		return;
	}
	if (truncate(c->db_path, 0) != 0)
		fprintf(stderr, "tavle: %s: %s\n", c->db_path, strerror(errno));
	char *wal = tv_xasprintf("%s-wal", c->db_path), *shm = tv_xasprintf("%s-shm", c->db_path);
	unlink(wal);
	unlink(shm);
	free(wal);
	free(shm);
}

/* Seed a fresh database with the default template: the board a first run shows. */
static int
seed_default(struct cli *c)
{
	struct tv_diag diag = { 0 };
	struct tv_template *tpl = NULL;
	enum tv_status st = tv_template_load_default(&tpl, &diag);
	if (st != TV_OK)
		return cli_diag_fail(c, st, &diag);
	struct tv_board board = { 0 };
	board.name = tv_xstrdup(tpl->name && tpl->name[0] ? tpl->name : DEFAULT_BOARD_NAME);
	board.authority = tv_xstrdup(TV_DEFAULT_AUTHORITY);
	board.sector = TV_SECTOR_MUNICIPALITY;
	board.start = cli_today(c);
	st = tv_template_instantiate(c->store, tpl, &board, &diag);
	tv_template_free(tpl);
	int rc = 0;
	if (st != TV_OK)
		rc = cli_diag_fail(c, st, &diag);
	else if ((st = tv_store_board_touch(c->store, board.id)) != TV_OK)
		rc = cli_store_fail(c, st);
	tv_board_clear(&board);
	return rc;
}

static void
setup_store(struct cli *c)
{
	tv_store_set_user(c->store, c->user);
	if (c->now)
		tv_store_set_now(c->store, c->now);
}

void
cli_check_sharing(struct cli *c)
{
	free(c->sharing_report);
	c->sharing_report = NULL;
	if (!c->db_path)
		return;
	char *report = tv_shared_check(c->db_path);
	if (!report)
		return;
	/* A warning, not a failure: this user can work; the others cannot. */
	char *line = report;
	while (*line) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		char *clean = cli_clean(line);
		fprintf(stderr, _("tavle: warning: %s\n"), clean);
		free(clean);
		if (!nl)
			break;
		*nl = '\n';
		line = nl + 1;
	}
	c->sharing_report = report;
}

/* Open with `flags`; on failure print the reason unless `quiet_status` is the
 * status (the caller then tries another way). *out_st gets the status if not NULL. */
static int
open_flags2(struct cli *c, unsigned flags, enum tv_status quiet_status, enum tv_status *out_st)
{
	struct tv_diag diag = { 0 };
	enum tv_status st = tv_store_open(c->db_path, flags, &c->store, &diag);
	if (out_st)
		*out_st = st;
	if (st != TV_OK && st == quiet_status) {
		c->store = NULL;
		return tv_status_exit_code(st);
	}
	if (st != TV_OK) {
		c->store = NULL;
		/* A group member locked out of a shared database: say what to fix. */
		cli_check_sharing(c);
		char buf[900];
		tv_diag_format(&diag, buf, sizeof buf);
		if (!buf[0])
			snprintf(buf, sizeof buf, "%s", tv_status_message(st));
		if (strstr(buf, c->db_path))
			return cli_fail(c, tv_status_exit_code(st), "%s", buf);
		return cli_fail(c, tv_status_exit_code(st), "%s: %s", c->db_path, buf);
	}
	setup_store(c);
	cli_check_sharing(c);
	return 0;
}

static int
open_flags(struct cli *c, unsigned flags)
{
	return open_flags2(c, flags, TV_OK, NULL);
}

int
cli_open(struct cli *c, enum cli_db_mode mode)
{
	if (mode == CLI_DB_NONE)
		return 0;
	if (c->user_error)
		return cli_fail(c, CLI_USAGE, "%s (the name recorded in the history; nothing "
			"was changed)", c->user_error);
	bool is_default;
	int rc = resolve_path(c, &is_default);
	if (rc)
		return rc;
	struct stat sb;
	bool exists = stat(c->db_path, &sb) == 0;
	/* An empty file (`touch tavle.db`, a new mktemp name) is a database still to be
	 * made, like a missing one: init (or the board on its default path) makes it, not
	 * left half-made with a schema and no board. Not when a -wal holds its content. */
	bool fresh_empty = exists && tv_store_file_unmade(c->db_path);
	if (fresh_empty)
		exists = false;

	if (exists && mode == CLI_DB_READ) {
		/* A database at an older schema cannot be opened read-only: migrate it
		 * once (a write), then read. */
		enum tv_status st;
		if ((rc = open_flags2(c, TV_STORE_READONLY, TV_READONLY, &st)))
			return st == TV_READONLY ? open_flags(c, 0) : rc;
		if (tv_store_schema_version(c->store) >= TV_SCHEMA_VERSION)
			return 0;
		/* An older schema: migrate once (a write), then read. */
		tv_store_close(c->store);
		c->store = NULL;
		return open_flags(c, 0);
	}
	if (exists && mode == CLI_DB_CHECK)
		return open_flags(c, TV_STORE_READONLY);
	if (exists)
		return open_flags(c, 0);
	/* Only init, and the board on its default path, make a database: a typo in
	 * --db must not leave a new board next to the shared one, and reading never
	 * writes. Nothing is created here. */
	if (mode != CLI_DB_INIT && !(mode == CLI_DB_BOARD && is_default))
		return cli_fail(c, CLI_FAIL, "no database at %s (tavle init creates one)",
			c->db_path);

	if (is_default && (rc = make_dirs(c, c->db_path)))
		return rc;
	if ((rc = open_flags(c, TV_STORE_CREATE | (c->shared ? TV_STORE_SHARED : 0))))
		return rc;
	c->first_run = true;
	c->was_empty = fresh_empty;
	if (mode == CLI_DB_INIT)
		return 0;
	if ((rc = seed_default(c))) {
		/* Never leave a half-made database behind. */
		tv_store_close(c->store);
		c->store = NULL;
		c->was_empty = fresh_empty;
		discard_files(c);
		return rc;
	}
	return 0;
}

void
cli_close(struct cli *c)
{
	tv_store_close(c->store);
	c->store = NULL;
}

void
cli_discard_new(struct cli *c)
{
	if (!c->first_run || !c->db_path)
		return;
	cli_close(c);
	discard_files(c);
	c->first_run = false;
}

int
cli_board(struct cli *c)
{
	if (c->board_id)
		return 0;
	enum tv_status st;
	if (c->board_arg) {
		st = tv_store_board_find(c->store, c->board_arg, &c->board_id);
		if (st == TV_NOT_FOUND)
			return cli_fail(c, CLI_USAGE, "no board '%s' (see tavle boards)", c->board_arg);
	} else if (c->config.board) {
		/* The configuration file's default board. */
		st = tv_store_board_find(c->store, c->config.board, &c->board_id);
		if (st == TV_NOT_FOUND)
			return cli_fail(c, CLI_USAGE, "no board '%s' (the board setting in %s; see "
				"tavle boards)", c->config.board, c->config.path ? c->config.path : _("the config"));
	} else {
		st = tv_store_board_default(c->store, &c->board_id);
		struct tv_reported_board *rb = NULL;
		size_t nrb = 0;
		/* A programme office's database may hold only reported boards: say so, and
		 * where they are seen, rather than that nothing is there. */
		if (st == TV_NOT_FOUND && tv_store_reported_boards(c->store, &rb, &nrb) == TV_OK) {
			for (size_t i = 0; i < nrb; i++)
				tv_reported_board_clear(&rb[i]);
			free(rb);
			if (nrb > 0)
				return cli_fail(c, CLI_USAGE,
					"%s holds no board of its own, only the status reports of %zu "
					"authorities: see them with tavle portfolio (or create a board with tavle init)",
					c->db_path, nrb);
		}
		if (st == TV_NOT_FOUND)
			return cli_fail(c, CLI_USAGE,
				"no default board in %s; choose one with --board (see tavle boards) or create one with tavle init",
				c->db_path);
	}
	if (st != TV_OK) {
		c->board_id = 0;
		return cli_store_fail(c, st);
	}
	return 0;
}

int
cli_parse_int(struct cli *c, const char *what, const char *text, long long min, long long max,
	long long *out)
{
	const char *p = text;
	bool neg = false;
	if (*p == '-') {
		neg = true;
		p++;
	}
	if (!*p)
		return cli_fail(c, CLI_USAGE, "%s '%s' is not a number", _(what), text);
	long long v = 0;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return cli_fail(c, CLI_USAGE, "%s '%s' is not a number", _(what), text);
		if (v > (max + 9) / 10 + 1)
			return cli_fail(c, CLI_USAGE, "%s '%s' is out of range (%lld..%lld)", _(what), text,
				min, max);
		v = v * 10 + (*p - '0');
	}
	if (neg)
		v = -v;
	if (v < min || v > max)
		return cli_fail(c, CLI_USAGE, "%s '%s' is out of range (%lld..%lld)", _(what), text, min, max);
	*out = v;
	return 0;
}

int
cli_parse_day(struct cli *c, const char *what, const char *text, int32_t *out)
{
	struct tv_diag diag = { 0 };
	enum tv_status st = tv_date_parse(text, cli_today(c), out, &diag);
	if (st != TV_OK)
		return diag.msg[0] ? cli_fail(c, CLI_USAGE, "%s: %s", _(what), diag.msg)
		                   : cli_fail(c, CLI_USAGE, "invalid %s '%s'", _(what), text);
	return 0;
}

int
cli_parse_when(struct cli *c, const char *what, const char *text, int32_t base_day,
	struct tv_when *out)
{
	struct tv_diag diag = { 0 };
	enum tv_status st = tv_when_parse_from(text, cli_today(c),
		base_day == TV_NO_DAY ? cli_today(c) : base_day, false, out, &diag);
	if (st != TV_OK)
		return diag.msg[0] ? cli_fail(c, CLI_USAGE, "%s: %s", _(what), diag.msg)
		                   : cli_fail(c, CLI_USAGE, "invalid %s '%s'", _(what), text);
	cli_note_repeated(*out);
	return 0;
}

void
cli_note_repeated(struct tv_when when)
{
	char *note = tv_when_repeated_note(when);
	if (note) {
		fprintf(stderr, "%s\n", note);
		free(note);
	}
}

int
cli_parse_area(struct cli *c, const char *text, enum tv_area *out)
{
	if (tv_area_from_key(text, out))
		return 0;
	char keys[64] = "";
	for (int i = 0; i < TV_AREA_COUNT; i++) {
		strcat(keys, i ? ", " : "");
		strcat(keys, tv_area_key((enum tv_area)i));
	}
	return cli_fail(c, CLI_USAGE, "unknown area '%s' (areas: %s)", text, keys);
}

int
cli_check_text(struct cli *c, const char *what, const char *text, size_t max, bool multiline,
	bool required)
{
	struct tv_diag diag = { 0 };
	enum tv_status st = tv_text_check(_(what), text, max, multiline, required, &diag);
	if (st != TV_OK) {
		if (!diag.msg[0])
			return cli_fail(c, CLI_USAGE, "invalid %s", _(what));
		return cli_fail(c, CLI_USAGE, "%s", diag.msg);
	}
	return 0;
}

/* cli_check_field names a field in its messages by the field table's name, through _();
 * the table stringizes its names, so they are listed here for xgettext (never expanded). */
#define FIELD_NAMES_FOR_TRANSLATORS N_("archived"), N_("area"), N_("authority"), \
	N_("background"), N_("deadline"), N_("decided"), N_("done"), N_("due"), N_("email"), \
	N_("end"), N_("involvement"), N_("kind"), N_("materials"), N_("minimum"), N_("name"), \
	N_("not_before"), N_("notes"), N_("number"), N_("output"), N_("owner"), N_("packages"), \
	N_("participants"), N_("phase"), N_("place"), N_("process"), N_("reason"), N_("region"), \
	N_("requirements"), N_("responsible"), N_("role"), N_("sector"), N_("start"), \
	N_("status"), N_("text"), N_("title"), N_("url")

int
cli_check_field(struct cli *c, enum tv_field field, const char *what, const char *text,
	bool optional)
{
	const struct tv_field_info *f = tv_field_info(field);
	return cli_check_text(c, what ? what : f->name, text, f->max, f->type == TV_FT_TEXT,
		f->required && !optional);
}

int
cli_package(struct cli *c, const char *text, int64_t *out_id, int *out_number)
{
	int rc = cli_board(c);
	if (rc)
		return rc;
	long long n;
	const char *p = text;
	if (*p == '#')
		p++;
	if (!*p || strspn(p, "0123456789") != strlen(p) || strlen(p) > 9)
		return cli_fail(c, CLI_USAGE, "no package '%s': give a package number (see tavle list)",
			text);
	n = atoll(p);
	enum tv_status st = tv_store_package_find(c->store, c->board_id, (int)n, out_id);
	if (st == TV_NOT_FOUND)
		return cli_fail(c, CLI_USAGE, "no package %lld in this board (see tavle list)", n);
	if (st != TV_OK)
		return cli_store_fail(c, st);
	if (out_number)
		*out_number = (int)n;
	return 0;
}

int
cli_load(struct cli *c, struct tv_board_data **out)
{
	int rc = cli_board(c);
	if (rc)
		return rc;
	enum tv_status st = tv_store_load_board(c->store, c->board_id, out);
	if (st != TV_OK)
		return cli_store_fail(c, st);
	return 0;
}

void
cli_put_warnings(const struct tv_plan_warning *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		printf("%s", _("warning: "));
		cli_put(stdout, w[i].text, false);
		putchar('\n');
	}
}

int
cli_write_board(struct cli *c, enum tv_status (*write)(const struct tv_board_data *d,
	const void *ctx, struct tv_diag *diag), const void *ctx)
{
	struct tv_board_data *d = NULL;
	int rc = cli_load(c, &d);
	if (rc)
		return rc;
	struct tv_diag diag = { 0 };
	enum tv_status st = write(d, ctx, &diag);
	tv_board_data_free(d);
	return st == TV_OK ? 0 : cli_diag_fail(c, st, &diag);
}

void
cli_relative(int32_t day, int32_t today, char *buf, size_t size)
{
	long d = (long)day - (long)today;
	if (d == 0)
		snprintf(buf, size, "%s", _("today"));
	else if (d == 1)
		snprintf(buf, size, "%s", _("tomorrow"));
	else if (d > 1)
		snprintf(buf, size, ngettext("in %ld day", "in %ld days", (unsigned long)d), d);
	else
		snprintf(buf, size, ngettext("%ld day late", "%ld days late", (unsigned long)-d), -d);
}

void
cli_day_note(const struct cli *c, int32_t day)
{
	char shown[TV_DATE_SHOW_BUF];
	cli_date(c, day, TV_DATE_WEEKDAY, shown, sizeof shown);
	char *note = tv_holiday_note(day, shown);
	if (!note)
		return;
	printf("%s", _("note: "));
	cli_put(stdout, note, false);
	putchar('\n');
	free(note);
}

void
cli_date(const struct cli *c, int32_t day, unsigned flags, char *buf, size_t size)
{
	tv_date_show(day, c->config.dates, flags, buf, size);
}

void
cli_when(const struct cli *c, struct tv_when when, unsigned flags, char *buf, size_t size)
{
	tv_when_show(when, c->config.dates, flags, buf, size);
}
