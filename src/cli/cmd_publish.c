/* SPDX-License-Identifier: MPL-2.0 */
/*
 * `tavle publish URL`: the board's calendar to a CalDAV collection, one resource per
 * item, through tv_caldav_publish (tavle/caldav.h). This file owns only the command
 * line side: options, the per-item lines and the counts. The password is read from a
 * file (cli_read_password, cmd_dav.c) or left to ~/.netrc via libcurl, never taken
 * from the command line, and never printed. Linked into tavle-helper only (libcurl and
 * libxml2 stay out of the main binary; see helper_exec.c); its --help text is in
 * commands.c. Depends on the core API only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tavle/caldav.h"
#include "tavle/ical.h"
#include "tavle/text.h"

#define MAX_PASSWORD 1024

struct lines {
	bool quiet;
};

static void
on_item(void *ctx, enum tv_caldav_op op, const char *uid, const char *detail)
{
	const struct lines *l = ctx;
	char *u = cli_clean(uid);
	if (op == TV_CALDAV_CONFLICT || op == TV_CALDAV_FAILED) {
		char *d = cli_clean(detail);
		fprintf(stderr, "tavle: publish: %s %s: %s\n", tv_caldav_op_name(op), u, d);
		free(d);
	} else if (!l->quiet && op != TV_CALDAV_UNCHANGED) {
		printf("%s %s\n", tv_caldav_op_name(op), u);
	}
	free(u);
}

int
cmd_publish(struct cli *c, const struct cli_args *a)
{
	const char *url = a->pos[0];
	struct tv_caldav_options opt = { 0 };
	int rc;
	const char *v;
	if ((v = cli_opt_value(a, "area")) && (rc = cli_parse_area_list(c, v, &opt.ical.areas)))
		return rc;
	if ((v = cli_opt_value(a, "what")) && (rc = cli_parse_ical_what(c, v, &opt.ical.what)))
		return rc;
	struct tv_caldav_creds creds = { cli_opt_value(a, "user"), NULL };
	if (creds.user && !creds.user[0])
		return cli_fail(c, CLI_USAGE, "--user needs a name");
	char password[MAX_PASSWORD] = "";
	const char *pwfile = cli_opt_value(a, "password-file");
	if (pwfile) {
		if ((rc = cli_read_password(c, "publish", pwfile, password, sizeof password)))
			return rc;
		creds.password = password;
	}
	struct tv_board_data *data = NULL;
	if ((rc = cli_load(c, &data))) {
		explicit_bzero(password, sizeof password);
		return rc;
	}
	opt.ical.now = cli_now(c);
	/* An archived board is published as removed: its copies are deleted there. */
	opt.ical.cancel_archived = true;
	struct lines l = { cli_flag(a, "quiet") };
	struct tv_caldav_stats st;
	struct tv_diag diag = { 0 };
	enum tv_status r = tv_caldav_publish(c->store, data, url, &creds, &opt, on_item, &l,
		&st, &diag);
	explicit_bzero(password, sizeof password);
	tv_board_data_free(data);
	tv_caldav_shutdown();
	if (r != TV_OK) {
		rc = cli_fail(c, tv_status_exit_code(r), "publish: %s", diag.msg);
		if (st.created + st.updated + st.deleted + st.conflicts + st.failed == 0)
			return rc;
	}
	char *shown = tv_caldav_display_url(url);
	char *u = cli_clean(shown);
	/* Through tv_xasprintf: gcc 12 with -fsanitize=undefined takes printf of a
	 * translated format for a possibly null format string. */
	char *line = tv_xasprintf(_("%s: %zu created, %zu updated, %zu deleted, %zu unchanged, "
		"%zu conflicts, %zu failed\n"), u, st.created, st.updated, st.deleted, st.unchanged,
		st.conflicts, st.failed);
	fputs(line, stdout);
	free(line);
	free(u);
	free(shown);
	if (r != TV_OK)
		return rc;
	if (st.conflicts || st.failed) {
		fprintf(stderr, _("tavle: publish: %zu item(s) not published; see above\n"),
			st.conflicts + st.failed);
		return CLI_FAIL;
	}
	return CLI_OK;
}
