/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The re-planning's preview on the command line (issue 18): what `set board NAME start
 * DATE` and `set phase ID start DATE` will move (how many dates follow the template,
 * which hand-set ones are kept, the first and last change), printed before the set
 * and alone with --dry-run. The plan is the store's (tv_store_replan_preview); this
 * module only words it. Depends on the core API only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tavle/date.h"
#include "tavle/fields.h"
#include "tavle/text.h"

/* At most this many hand-set dates are named; the rest are counted. */
#define KEPT_NAMED 10

/* "package 3 Title, deadline" / "meeting Title, start": which date of what. */
static char *
describe(const struct tv_replan_date *d)
{
	char *title = cli_clean(d->title ? d->title : "");
	char *cut = tv_text_ellipsize(title, 40);
	char what[64];
	if (d->kind == TV_KIND_PACKAGE)
		snprintf(what, sizeof what, _("package %d"), d->number);
	else if (d->kind == TV_KIND_TASK)
		snprintf(what, sizeof what, _("task of package %d"), d->number);
	else
		snprintf(what, sizeof what, "%s", tv_kind_word(d->kind));
	char *s = tv_xasprintf("%s %s, %s", what, cut, tv_field_shown(d->kind, d->field));
	free(title);
	free(cut);
	return s;
}

static void
day_text(int32_t day, char buf[TV_DATE_BUF])
{
	if (day == TV_NO_DAY)
		snprintf(buf, TV_DATE_BUF, "-");
	else
		tv_date_format(day, buf);
}

static void
print_change(const char *label, const struct tv_replan_date *d)
{
	char *w = describe(d);
	char a[TV_DATE_BUF], b[TV_DATE_BUF];
	day_text(d->old_day, a);
	day_text(d->new_day, b);
	printf("  %s %s: %s -> %s\n", label, w, a, b);
	free(w);
}

int
cli_replan_preview(struct cli *c, enum tv_kind kind, int64_t id, const char *value,
	bool dry_run)
{
	struct tv_replan_plan p;
	enum tv_status st = tv_store_replan_preview(c->store, kind, id, value, &p);
	if (st != TV_OK)
		return cli_store_fail(c, st);
	char a[TV_DATE_BUF], b[TV_DATE_BUF];
	day_text(p.old_start, a);
	day_text(p.new_start, b);
	printf(ngettext("Moving the start from %s to %s moves %zu date that follows the template",
		"Moving the start from %s to %s moves %zu dates that follow the template",
		(unsigned long)p.nmoved), a, b, p.nmoved);
	printf(ngettext("; %zu hand-set date is kept.\n", "; %zu hand-set dates are kept.\n",
		(unsigned long)p.nkept), p.nkept);
	if (p.nmoved) {
		print_change(_("first change:"), &p.moved[0]);
		print_change(_("last change:"), &p.moved[p.nmoved - 1]);
	}
	for (size_t i = 0; i < p.nkept && i < KEPT_NAMED; i++) {
		char *w = describe(&p.kept[i]);
		day_text(p.kept[i].old_day, a);
		printf("  %s %s %s\n", _("kept (hand-set):"), w, a);
		free(w);
	}
	if (p.nkept > KEPT_NAMED)
		printf(_("  and %zu more hand-set dates\n"), p.nkept - KEPT_NAMED);
	if (dry_run)
		printf("%s\n", _("nothing changed (--dry-run)"));
	tv_replan_plan_clear(&p);
	return 0;
}
