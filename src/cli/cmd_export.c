/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Moving data out: the --area and --what parsers that export ics and publish share
 * (cmd_ical.c, cmd_publish.c: both in tavle-helper), `template export` and `backup`.
 * Depends on the core API only.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tavle/date.h"
#include "tavle/fileio.h"
#include "tavle/ical.h"
#include "tavle/progress.h"
#include "tavle/template.h"
#include "tavle/text.h"

/* ---- the options export ics and publish share ---- */

int
cli_parse_area_list(struct cli *c, const char *text, unsigned *out)
{
	*out = 0;
	char *copy = tv_xstrdup(text), *save = NULL;
	int rc = 0;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		enum tv_area a;
		if ((rc = cli_parse_area(c, tok, &a)))
			break;
		*out |= 1u << a;
	}
	free(copy);
	if (!rc && !*out)
		rc = cli_fail(c, CLI_USAGE, "--area needs at least one area key");
	return rc;
}

int
cli_parse_ical_what(struct cli *c, const char *text, unsigned *out)
{
	static const struct {
		const char *name;
		unsigned bit;
	} names[] = {
		{ "deadlines", TV_ICAL_DEADLINES },
		{ "tasks", TV_ICAL_TASKS },
		{ "meetings", TV_ICAL_MEETINGS },
		{ "phases", TV_ICAL_PHASES },
		{ "decisions", TV_ICAL_DECISIONS },
		{ "all", TV_ICAL_ALL },
	};
	*out = 0;
	char *copy = tv_xstrdup(text), *save = NULL;
	int rc = 0;
	for (char *tok = strtok_r(copy, ",", &save); tok && !rc; tok = strtok_r(NULL, ",", &save)) {
		size_t i;
		for (i = 0; i < sizeof names / sizeof names[0]; i++)
			if (strcmp(names[i].name, tok) == 0)
				break;
		if (i == sizeof names / sizeof names[0])
			rc = cli_fail(c, CLI_USAGE,
				"unknown item kind '%s' for --what (deadlines, tasks, meetings, phases, decisions)", tok);
		else
			*out |= names[i].bit;
	}
	free(copy);
	if (!rc && !*out)
		rc = cli_fail(c, CLI_USAGE, "--what needs at least one of deadlines, tasks, meetings, phases, decisions");
	return rc;
}

/* ---- template export, backup ---- */

int
cmd_template_export(struct cli *c, const struct cli_args *a)
{
	struct tv_board_data *d = NULL;
	int rc = cli_load(c, &d);
	if (rc)
		return rc;
	struct tv_template *tpl = NULL;
	enum tv_status st = tv_template_from_board(d, &tpl);
	tv_board_data_free(d);
	if (st != TV_OK)
		return cli_fail(c, tv_status_exit_code(st), "cannot make a template: %s",
			tv_status_message(st));
	struct tv_diag diag = { 0 };
	st = tv_template_write_dir(tpl, a->pos[0], &diag);
	size_t n = tpl->npackages;
	tv_template_free(tpl);
	if (st != TV_OK)
		return cli_diag_fail(c, st, &diag);
	char *dir = cli_clean(a->pos[0]);
	printf(_("wrote template with %zu packages to %s\n"), n, dir);
	free(dir);
	return 0;
}

/* A message naming two paths (printable, as cli_clean makes them). */
static void
say_paths(const char *fmt, const char *x, const char *y)
{
	char *cx = cli_clean(x), *cy = cli_clean(y);
	printf(fmt, cx, cy);
	free(cx);
	free(cy);
}

int
cmd_backup(struct cli *c, const struct cli_args *a)
{
	enum tv_status st = tv_store_backup(c->store, a->pos[0]);
	if (st != TV_OK)
		return cli_store_fail(c, st);
	if (strcmp(a->pos[0], "-") == 0)
		return 0; /* standard output holds the copy: no message there */
	say_paths(_("backed up %s to %s\n"), c->db_path, a->pos[0]);
	return 0;
}

int
cmd_restore(struct cli *c, const struct cli_args *a)
{
	enum tv_status st = tv_store_restore(c->store, a->pos[0]);
	if (st != TV_OK)
		return cli_store_fail(c, st);
	c->wrote = true;
	say_paths(_("restored %s from %s\n"), c->db_path, a->pos[0]);
	return 0;
}
