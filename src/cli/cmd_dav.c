/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The status reports' WebDAV transport on the command line (issue 20): `tavle report
 * status --json --put URL` uploads the board's report to a WebDAV folder, and `tavle
 * portfolio import URL...` reads a folder's reports into the programme database
 * through the same import as files (cmd_portfolio_import.c). The HTTP is
 * tavle/dav.h's; this file owns the options, the password file (shared with publish),
 * the report's name in the folder and the lines printed. Linked into tavle-helper only
 * (libcurl and libxml2 stay out of the main binary; helper_exec.c); the --help texts
 * are in commands.c. Depends on the core API only.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "tavle/dav.h"
#include "tavle/reported.h"

#define MAX_PASSWORD 1024

/* A file others can read is used but warned about, as ssh does for keys. */
int
cli_read_password(struct cli *c, const char *cmd, const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return cli_fail(c, CLI_USAGE, "cannot read --password-file '%s': %s", path,
			strerror(errno));
	struct stat sb;
	if (fstat(fileno(f), &sb) == 0 && (sb.st_mode & 077))
		fprintf(stderr, _("tavle: %s: warning: the password file is readable by others "
			"(chmod 600 it)\n"), cmd);
	bool got = fgets(buf, (int)size, f) != NULL;
	fclose(f);
	if (!got)
		buf[0] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	if (!buf[0])
		return cli_fail(c, CLI_USAGE, "--password-file '%s' has no password on its first "
			"line", path);
	return 0;
}

/* The session with --user and --password-file; 0 or an exit code (reported). */
static int
open_session(struct cli *c, const struct cli_args *a, const char *cmd, struct tv_dav **out)
{
	*out = NULL;
	const char *user = cli_opt_value(a, "user");
	if (user && !user[0])
		return cli_fail(c, CLI_USAGE, "--user needs a name");
	char password[MAX_PASSWORD] = "";
	const char *pwfile = cli_opt_value(a, "password-file");
	int rc;
	if (pwfile && (rc = cli_read_password(c, cmd, pwfile, password, sizeof password)))
		return rc;
	struct tv_dav_creds creds = { user, pwfile ? password : NULL };
	struct tv_diag diag = { 0 };
	enum tv_status st = tv_dav_open(&creds, 0, out, &diag);
	explicit_bzero(password, sizeof password);
	if (st != TV_OK)
		return cli_fail(c, tv_status_exit_code(st), "%s: %s", cmd, diag.msg);
	return 0;
}

int
cmd_report_put(struct cli *c, const struct cli_args *a)
{
	const char *url = cli_opt_value(a, "put");
	if (!url[0])
		return cli_fail(c, CLI_USAGE, "--put needs the URL of a WebDAV folder or file");
	if (!cli_flag(a, "json"))
		return cli_fail(c, CLI_USAGE, "--put uploads the JSON report: give --json too");
	if (cli_opt_value(a, "output"))
		return cli_fail(c, CLI_USAGE, "give either -o or --put, not both");
	size_t ul = strlen(url);
	bool folder = url[ul - 1] == '/';
	char *json = NULL, *cvr = NULL, *authority = NULL;
	size_t len = 0;
	int rc = cli_report_status_json(c, a, &json, &len, &cvr, &authority);
	if (rc)
		return rc;
	/* In a folder the report is named by the authority's identity, so each authority
	 * has one file there that its next report replaces. A board without a CVR number
	 * makes a report the programme's import refuses: say so here, not there. */
	if (folder && !cvr) {
		free(json);
		free(authority);
		return cli_fail(c, CLI_USAGE, "report status: the board has no CVR number, which "
			"names the report in the folder and which the programme's import needs (tavle "
			"set board NAME cvr NUMBER)");
	}
	char *name = cvr ? tv_xasprintf("%s.json", cvr) : NULL;
	struct tv_dav *d = NULL;
	if ((rc = open_session(c, a, "report status", &d))) {
		free(json);
		free(cvr);
		free(authority);
		free(name);
		return rc;
	}
	struct tv_dav_put_result res;
	struct tv_diag diag = { 0 };
	enum tv_status st = tv_dav_put(d, url, name, "application/json", json, len, &res,
		&diag);
	tv_dav_close(d);
	tv_dav_shutdown();
	free(json);
	free(name);
	if (st != TV_OK) {
		free(cvr);
		free(authority);
		return cli_fail(c, tv_status_exit_code(st), "report status: %s", diag.msg);
	}
	if (!res.moved)
		fputs(_("tavle: report status: warning: the server does not support MOVE, so the "
			"report was written in place (a reader could have seen it half-written)\n"),
			stderr);
	char *u = cli_clean(res.url);
	char *who = cli_clean(authority ? authority : "-");
	printf(_("uploaded the report of %s (CVR %s) to %s\n"), who, cvr ? cvr : "-", u);
	free(who);
	free(u);
	free(res.url);
	free(cvr);
	free(authority);
	return 0;
}

struct fetch {
	const struct cli_args *a;
	struct tv_dav *d;
	int rc;          /* the session could not start: its exit code */
	bool failed;     /* ... and that was reported */
};

/* One folder: its *.json files, each through the import on its own. */
static void
import_url(struct cli *c, const char *url, struct cli_import_tally *t, void *ctx)
{
	struct fetch *f = ctx;
	if (!f->d && !f->failed && (f->rc = open_session(c, f->a, "portfolio import", &f->d)))
		f->failed = true;
	if (!f->d) {
		t->refused++;
		return;
	}
	char **urls = NULL, *folder = NULL;
	size_t n = 0;
	struct tv_diag diag = { 0 };
	enum tv_status st = tv_dav_list(f->d, url, ".json", &urls, &n, &folder, &diag);
	if (st != TV_OK) {
		cli_import_refuse(c, url, diag.msg, t);
		return;
	}
	if (n == 0) {
		char *clean = cli_clean(folder);
		cli_fail(c, CLI_FAIL, "%s: no status reports (*.json files) in it", clean);
		t->refused++;
		free(clean);
	}
	for (size_t i = 0; i < n; i++) {
		char *text = NULL;
		size_t len = 0;
		st = tv_dav_get(f->d, urls[i], TV_REPORT_MAX_BYTES, &text, &len, &diag);
		if (st == TV_OK)
			cli_import_text(c, urls[i], text, len, t);
		else
			cli_import_refuse(c, urls[i], diag.msg, t);
		free(text);
		free(urls[i]);
	}
	free(urls);
	free(folder);
}

int
cmd_portfolio_import_dav(struct cli *c, const struct cli_args *a)
{
	struct fetch f = { .a = a };
	int rc = cli_portfolio_import_each(c, a, import_url, &f);
	tv_dav_close(f.d);
	tv_dav_shutdown();
	/* Bad --user or --password-file: a usage error, whatever else was read. */
	return f.failed ? f.rc : rc;
}
