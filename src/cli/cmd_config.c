/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The configuration file on the command line (`config check`, `config dump`) and the
 * candidates the shell completion asks for (`complete packages|boards|areas|statuses`).
 * Parsing is the core's (tavle/config.h); what only the board knows (command and key
 * names) is checked through tui_config_check, which needs no terminal.
 * Depends on the core API and tui.h's terminal-free check.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tavle/config.h"
#include "../tui/tui.h"

void
cli_config_warn(struct cli *c)
{
	for (size_t i = 0; i < c->config.nerrors; i++)
		fprintf(stderr, "tavle: %s\n", c->config.errors[i]);
}

int
cmd_config_check(struct cli *c, const struct cli_args *a)
{
	(void)c;
	struct tv_config cfg;
	const char *path = a->npos ? a->pos[0] : NULL;
	char *def = path ? NULL : tv_config_path();
	tv_config_load(&cfg, path ? path : def);
	if (!cfg.path && !cfg.nerrors) {
		printf(_("no configuration file at %s; the defaults apply\n"),
			path ? path : def ? def : _("($XDG_CONFIG_HOME and $HOME are unset)"));
		free(def);
		tv_config_clear(&cfg);
		return path ? CLI_FAIL : 0;
	}
	free(def);
	tui_config_check(&cfg);
	int rc = 0;
	if (cfg.nerrors) {
		for (size_t i = 0; i < cfg.nerrors; i++)
			fprintf(stderr, "%s\n", cfg.errors[i]);
		fprintf(stderr, ngettext("tavle: %zu error in %s; the other lines apply\n",
			"tavle: %zu errors in %s; the other lines apply\n", cfg.nerrors), cfg.nerrors,
			cfg.path ? cfg.path : _("the configuration"));
		rc = CLI_USAGE;
	} else {
		char *clean = cli_clean(cfg.path);
		printf(_("%s: ok\n"), clean);
		free(clean);
	}
	tv_config_clear(&cfg);
	return rc;
}

int
cmd_config_dump(struct cli *c, const struct cli_args *a)
{
	(void)a;
	tui_config_check(&c->config);
	cli_config_warn(c);
	char *text = tui_config_dump(&c->config);
	fputs(text, stdout);
	free(text);
	return 0;
}

int
cmd_complete(struct cli *c, const struct cli_args *a)
{
	const char *what = a->pos[0];
	if (strcmp(what, "areas") == 0) {
		for (int i = 0; i < TV_AREA_COUNT; i++)
			printf("%s\n", tv_area_key((enum tv_area)i));
		return 0;
	}
	if (strcmp(what, "statuses") == 0) {
		for (int i = 0; i < TV_PSTATUS_COUNT; i++)
			printf("%s\n", tv_pstatus_key((enum tv_pstatus)i));
		return 0;
	}
	bool packages = strcmp(what, "packages") == 0;
	if (!packages && strcmp(what, "boards") != 0)
		return cli_fail(c, CLI_USAGE, "complete: unknown kind '%s' (packages, boards, "
			"areas, statuses)", what);
	/* Only an existing database, read-only: completing never creates one. */
	int rc = cli_open(c, CLI_DB_CHECK);
	if (rc)
		return rc;
	if (packages) {
		struct tv_board_data *d = NULL;
		rc = cli_load(c, &d);
		if (rc)
			return rc;
		for (size_t i = 0; i < d->npackages; i++)
			printf("%d\n", d->packages[i].number);
		tv_board_data_free(d);
		return 0;
	}
	struct tv_board *boards = NULL;
	size_t n = 0;
	enum tv_status st = tv_store_boards(c->store, false, &boards, &n);
	if (st != TV_OK)
		return cli_store_fail(c, st);
	for (size_t i = 0; i < n; i++) {
		cli_put(stdout, boards[i].name, false);
		fputc('\n', stdout);
		tv_board_clear(&boards[i]);
	}
	free(boards);
	return 0;
}
