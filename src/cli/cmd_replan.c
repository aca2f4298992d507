/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The re-planning's preview on the command line (issue 18): what `set board NAME start
 * DATE` and `set phase ID start DATE` will move (how many dates follow the template,
 * which hand-set ones are kept, the first and last change), printed before the set
 * and alone with --dry-run. The plan is the store's (tv_store_replan_preview), its
 * words the core's (tv_replan_preview_lines, which the board's question shows too);
 * this module only prints them. Depends on the core API only.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "tavle/replan.h"

int
cli_replan_preview(struct cli *c, enum tv_kind kind, int64_t id, const char *value,
	bool dry_run)
{
	struct tv_replan_plan p;
	enum tv_status st = tv_store_replan_preview(c->store, kind, id, value, &p);
	if (st != TV_OK)
		return cli_store_fail(c, st);
	char **lines = NULL;
	size_t n = tv_replan_preview_lines(&p, &lines);
	for (size_t i = 0; i < n; i++)
		printf("%s\n", lines[i]);
	tv_strv_free(lines, n);
	if (dry_run)
		printf("%s\n", _("nothing changed (--dry-run)"));
	tv_replan_plan_clear(&p);
	return 0;
}
