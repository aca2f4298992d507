/* SPDX-License-Identifier: MPL-2.0 */
/*
 * `tavle init --shared GROUP`: prepares a setgid directory (2770) for the group before
 * the database is created 0660, so SQLite's -wal and -shm files belong to the group
 * too. The start-up check of a shared database is cli_check_sharing in cli.c (the fuzz
 * target links cli.c alone); the file work itself is in the core
 * (include/tavle/shared.h).
 */
/*
 * `tavle init --shared GROUP`: prepares a
 * setgid directory for the group before the database is created 0660, and every open
 * of a group-shared database reports (on stderr, and to the TUI's status line) what
 * would lock another member of the group out, as commands to run. The checks
 * themselves live in the core (include/tavle/shared.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tavle/shared.h"

int
cli_prepare_shared(struct cli *c, const char *group)
{
	const char *path = c->db_arg;
	if (!path || !path[0])
		path = getenv("TAVLE_DB");
	if (!path || !path[0])
		return cli_fail(c, CLI_USAGE, "init --shared needs the database's path: --db PATH "
			"or TAVLE_DB (a directory of its own, e.g. --db /srv/tavle/tavle.db)");
	struct tv_diag diag = { 0 };
	enum tv_status st = tv_shared_prepare(path, group, &diag);
	if (st != TV_OK)
		return cli_diag_fail(c, st, &diag);
	c->shared = true;
	return 0;
}
