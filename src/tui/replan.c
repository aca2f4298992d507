/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The board's question before a start moves (issue 18): setting a board's or a phase's
 * start re-plans every date still following the template, so before the write the
 * board shows what would move (tv_store_replan_preview, in the words of
 * tv_replan_preview_lines: the lines `tavle set ... --dry-run` prints) and writes only
 * on yes. The write itself is app_set's, one change, so one u undoes the whole
 * re-planning. When nothing would move there is no question. Depends on the core API;
 * never on SQLite.
 */
#include <string.h>

#include "app.h"
#include "tavle/replan.h"
#include "tavle/store.h"

bool
replan_confirm(struct app *app, enum tv_kind kind, int64_t id, const char *field,
	const char *value)
{
	if ((kind != TV_KIND_BOARD && kind != TV_KIND_PHASE) || strcmp(field, "start") != 0 ||
	    !value || !value[strspn(value, " \t")])
		return true;
	struct tv_replan_plan p;
	enum tv_status st;
	APP_RETRY(app, st, tv_store_replan_preview(app->store, kind, id, value, &p));
	if (st == TV_BUSY)
		return false;   /* the user gave up waiting: nothing written */
	if (st != TV_OK)
		return true;    /* no date: the write refuses it and says why */
	bool yes = true;
	if (p.nmoved > 0) {
		char **lines = NULL;
		size_t n = tv_replan_preview_lines(&p, &lines);
		yes = ui_confirm_box(app, _("Re-planning"), (const char *const *)lines, n,
			_("Move these dates? One u undoes it all. (y/n)"));
		tv_strv_free(lines, n);
		if (!yes)
			app_message(app, ST_HINT, "Not re-planned: nothing changed");
	}
	tv_replan_plan_clear(&p);
	return yes;
}
