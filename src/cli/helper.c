/* SPDX-License-Identifier: MPL-2.0 */
/*
 * tavle-helper: tavle's command line plus the commands whose libraries the main binary
 * does not load: `export ics` and `import ics` (libical, and through it ICU and
 * libstdc++: src/core/ical), `publish` (CalDAV: libcurl and libxml2, src/core/caldav.c),
 * `report status --put` and `portfolio import URL` (WebDAV: src/core/dav_files.c)
 * and `export xlsx` (libxlsxwriter, src/core/xlsx.c). tavle exec's it with its own argument
 * vector for those commands (helper_exec.c), so the helper parses the same global
 * options and the same command line, opens the database itself and prints and exits
 * exactly as tavle would. Installed in libexecdir/tavle, out of PATH. Run by hand it
 * is simply tavle with those libraries. Its main() is tavle's (src/main.c).
 * Depends on cli.h only.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "tavle/ical.h"

/* The commands the table hands to cli_helper_run, and their real handlers. */
static const struct {
	const char *name, *sub;
	int (*run)(struct cli *c, const struct cli_args *a);
	const char *missing; /* the build left it out (meson -Dpublish / -Dxlsx): why */
} helper_commands[] = {
	{ "export", "ics", cmd_export_ics, NULL },
	{ "import", "ics", cmd_import_ics, NULL },
#if TAVLE_HAVE_PUBLISH
	{ "publish", NULL, cmd_publish, NULL },
	{ "report", "status", cmd_report_put, NULL },
	{ "portfolio", "import", cmd_portfolio_import_dav, NULL },
#else
	{ "publish", NULL, NULL, N_("this tavle was built without CalDAV publishing (libcurl and libxml2)") },
	{ "report", "status", NULL, N_("this tavle was built without WebDAV (libcurl and libxml2): --put is not available") },
	{ "portfolio", "import", NULL, N_("this tavle was built without WebDAV (libcurl and libxml2): URLs cannot be imported") },
#endif
#if TAVLE_HAVE_XLSX
	{ "export", "xlsx", cmd_export_xlsx, NULL },
#else
	{ "export", "xlsx", NULL, N_("this tavle was built without Excel export (libxlsxwriter)") },
#endif
};

/* Here the command runs in this process. */
int
cli_helper_exec(struct cli *c, const struct cli_command *cmd, char **argv)
{
	(void)c;
	(void)cmd;
	(void)argv;
	return -1;
}

char *
cli_helper_path(char **why)
{
	char *dir = cli_exe_dir();
	if (!dir) {
		*why = tv_xstrdup(_("cannot find the running program (/proc/self/exe)"));
		return NULL;
	}
	char *path = tv_xasprintf("%s/tavle-helper", strcmp(dir, "/") == 0 ? "" : dir);
	free(dir);
	return path;
}

int
cli_helper_run(struct cli *c, const struct cli_args *a)
{
	const struct cli_command *cmd = a->cmd;
	for (size_t i = 0; i < sizeof helper_commands / sizeof helper_commands[0]; i++) {
		const char *sub = helper_commands[i].sub;
		if (strcmp(helper_commands[i].name, cmd->name) != 0 || (sub == NULL) != (cmd->sub == NULL) ||
		    (sub && strcmp(sub, cmd->sub) != 0))
			continue;
		if (!helper_commands[i].run)
			return cli_fail(c, CLI_FAIL, "%s", _(helper_commands[i].missing));
		int rc = helper_commands[i].run(c, a);
		tv_ical_shutdown(); /* libical's zone cache, so valgrind sees no leak */
		return rc;
	}
	return cli_fail(c, CLI_FAIL, "internal error: tavle-helper has no handler for %s",
		cmd->name);
}
