/* SPDX-License-Identifier: MPL-2.0 */
/*
 * `tavle portfolio import FILE|DIR...` (issue 20, status collected up the loop): status
 * reports (`tavle report status --json`) read into the current database, a programme
 * database, each authority's latest report kept as a read-only reported board
 * (tavle/reported.h). Each file is imported on its own, all or nothing: a refused file
 * (not JSON, cut short, an unknown format, no or a bad CVR number) is named with the
 * reason and leaves the database as it was, and the next file is read. A directory
 * gives its *.json files in name order (hidden files, such as the temporary files of
 * an atomic write still under way, are skipped). An http:// or https:// argument is a
 * WebDAV folder: its reports are read by tavle-helper (cmd_dav.c, libcurl), which runs
 * this same loop and hands each report's text to cli_import_text, the path of a
 * file's text too. Exit status: 0 when every report was read, 1 when some were
 * refused, 2 when none could be read. Depends on the core API.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cli.h"
#include "tavle/fileio.h"
#include "tavle/reported.h"

void
cli_import_refuse(struct cli *c, const char *name, const char *why,
	struct cli_import_tally *t)
{
	char *clean = cli_clean(name);
	cli_fail(c, CLI_FAIL, "%s: refused: %s", clean, why);
	t->refused++;
	free(clean);
}

void
cli_import_text(struct cli *c, const char *name, const char *text, size_t len,
	struct cli_import_tally *t)
{
	char *clean = cli_clean(name);
	struct tv_report_import r;
	enum tv_status st = tv_store_report_import(c->store, text, len, name, &r);
	if (st != TV_OK) {
		cli_fail(c, CLI_FAIL, "%s: refused: %s", clean, tv_store_errmsg(c->store));
		t->refused++;
		free(clean);
		return;
	}
	char *who = cli_clean(r.authority && *r.authority ? r.authority : "-");
	switch (r.kind) {
	case TV_REPORT_IMPORTED:
		printf(_("%s: imported the report of %s (CVR %s) of %s\n"), clean, who, r.cvr,
			r.reported_at);
		t->imported++;
		break;
	case TV_REPORT_REPLACED:
		printf(_("%s: the report of %s (CVR %s) of %s replaces the one of %s\n"), clean,
			who, r.cvr, r.reported_at, r.kept_at);
		t->replaced++;
		break;
	case TV_REPORT_OLDER:
		printf(_("%s: ignored: the report of %s (CVR %s) of %s is older than the one "
			"kept, of %s\n"), clean, who, r.cvr, r.reported_at, r.kept_at);
		t->ignored++;
		break;
	case TV_REPORT_SAME:
		printf(_("%s: ignored: the report of %s (CVR %s) of %s is already imported\n"),
			clean, who, r.cvr, r.reported_at);
		t->ignored++;
		break;
	}
	free(who);
	free(clean);
	tv_report_import_clear(&r);
}

static void
import_file(struct cli *c, const char *path, struct cli_import_tally *t)
{
	struct stat sb;
	if (stat(path, &sb) != 0) {
		cli_import_refuse(c, path, strerror(errno), t);
		return;
	}
	/* Never open a device or a FIFO: reading one could block or have effects. */
	if (!S_ISREG(sb.st_mode)) {
		cli_import_refuse(c, path, _("not a regular file"), t);
		return;
	}
	char *text = NULL;
	size_t len = 0;
	struct tv_diag diag = { 0 };
	enum tv_status st = tv_file_read(path, TV_REPORT_MAX_BYTES, &text, &len, &diag);
	if (st != TV_OK) {
		char buf[900];
		tv_diag_format(&diag, buf, sizeof buf);
		cli_import_refuse(c, path, buf, t);
		return;
	}
	cli_import_text(c, path, text, len, t);
	free(text);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
import_dir(struct cli *c, const char *dir, struct cli_import_tally *t)
{
	char *clean = cli_clean(dir);
	DIR *d = opendir(dir);
	if (!d) {
		cli_fail(c, CLI_FAIL, "%s: refused: %s", clean, strerror(errno));
		t->refused++;
		free(clean);
		return;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (e->d_name[0] == '.' || l < 6 || strcmp(e->d_name + l - 5, ".json") != 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			names = tv_xrealloc(names, cap * sizeof *names);
		}
		names[n++] = tv_xstrdup(e->d_name);
	}
	closedir(d);
	if (n == 0) {
		cli_fail(c, CLI_FAIL, "%s: no status reports (*.json files) in it", clean);
		t->refused++;
	}
	if (n > 1) /* qsort wants a valid array even for none (UBSan) */
		qsort(names, n, sizeof *names, by_name);
	for (size_t i = 0; i < n; i++) {
		char *path = tv_xasprintf("%s/%s", dir, names[i]);
		import_file(c, path, t);
		free(path);
		free(names[i]);
	}
	free(names);
	free(clean);
}

bool
cli_is_url(const char *arg)
{
	return strncasecmp(arg, "http://", 7) == 0 || strncasecmp(arg, "https://", 8) == 0;
}

int
cli_portfolio_import_each(struct cli *c, const struct cli_args *a,
	void (*url)(struct cli *c, const char *url, struct cli_import_tally *t, void *ctx),
	void *ctx)
{
	struct cli_import_tally t = { 0 };
	for (size_t i = 0; i < a->npos; i++) {
		struct stat sb;
		if (url && cli_is_url(a->pos[i]))
			url(c, a->pos[i], &t, ctx);
		else if (stat(a->pos[i], &sb) == 0 && S_ISDIR(sb.st_mode))
			import_dir(c, a->pos[i], &t);
		else
			import_file(c, a->pos[i], &t);
	}
	if (t.imported || t.replaced)
		c->wrote = true;
	printf(_("%d imported, %d replaced, %d ignored, %d refused\n"), t.imported, t.replaced,
		t.ignored, t.refused);
	if (!t.refused)
		return 0;
	return t.imported || t.replaced || t.ignored ? CLI_FAIL : CLI_USAGE;
}

bool
cli_portfolio_import_needs_helper(const struct cli_args *a)
{
	for (size_t i = 0; i < a->npos; i++)
		if (cli_is_url(a->pos[i]))
			return true;
	return false;
}

int
cmd_portfolio_import(struct cli *c, const struct cli_args *a)
{
	/* A URL: the whole import runs in tavle-helper (libcurl), through this file's loop. */
	if (cli_portfolio_import_needs_helper(a))
		return cli_helper_run(c, a);
	return cli_portfolio_import_each(c, a, NULL, NULL);
}
