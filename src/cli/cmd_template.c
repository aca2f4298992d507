/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The template update commands (issue 20, tavle/tmpl_update.h): `template update DIR`
 * (the plan of merging a newer template into the board, printed grouped as taken,
 * kept, conflicts, added, removed, same; applied unless --dry-run), `template
 * conflicts` and `template resolve`. The merge is the core's; this file parses, refuses
 * what it must (a bad directory, an older version without --force) and prints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tavle/text.h"
#include "tavle/tmpl_update.h"

/* A value in one line for people: its first line, at most 50 columns, "…" when cut;
 * "(empty)" for none. Caller frees. */
static char *
short_value(const char *v)
{
	if (!v || !*v)
		return tv_xstrdup(_("(empty)"));
	size_t n = strcspn(v, "\n");
	char *line = tv_xstrndup(v, n);
	char *e = tv_text_ellipsize(line, v[n] ? 49 : 50);
	bool cut = strcmp(e, line) != 0;
	free(line);
	if (v[n] && !cut) {
		char *more = tv_xasprintf("%s…", e);
		free(e);
		return more;
	}
	return e;
}

static void
put_change(const struct tv_tmpl_change *ch, int version)
{
	char *b = short_value(ch->base), *m = short_value(ch->mine), *t = short_value(ch->theirs);
	char *line = NULL;
	switch (ch->action) {
	case TV_TMPL_TAKE:
		line = tv_xasprintf("%s %s → %s", ch->label, b, t);
		break;
	case TV_TMPL_KEEP:
		/* TRANSLATORS: a field the board changed and the programme did not. */
		line = tv_xasprintf(_("%s %s (the programme's: %s)"), ch->label, m, t);
		break;
	case TV_TMPL_CONFLICT:
		line = tv_xasprintf(_("%s board: %s, programme: %s (was %s)"), ch->label, m, t, b);
		break;
	case TV_TMPL_SAME:
		line = tv_xasprintf("%s %s", ch->label, t);
		break;
	case TV_TMPL_ADD:
		line = tv_xasprintf("%s: %s", ch->label, t);
		break;
	case TV_TMPL_REMOVED:
		line = tv_xasprintf(_("%s: %s (no longer in the programme's version %d)"),
			ch->label, m, version);
		break;
	default:
		break;
	}
	fputs("  ", stdout);
	cli_put(stdout, line ? line : "", false);
	putchar('\n');
	free(line);
	free(b);
	free(m);
	free(t);
}

static void
print_plan_text(const struct tv_tmpl_plan *p, bool dry_run, bool applied)
{
	static const enum tv_tmpl_action order[] = { TV_TMPL_TAKE, TV_TMPL_KEEP,
		TV_TMPL_CONFLICT, TV_TMPL_ADD, TV_TMPL_REMOVED, TV_TMPL_SAME };
	const char *heads[TV_TMPL_ACTION_COUNT] = {
		[TV_TMPL_TAKE] = _("Taken from the programme"),
		[TV_TMPL_KEEP] = _("Kept (changed on the board)"),
		[TV_TMPL_CONFLICT] = _("Conflicts (the board's value stays)"),
		[TV_TMPL_ADD] = _("Added"),
		[TV_TMPL_REMOVED] = _("No longer in the programme (kept on the board)"),
		[TV_TMPL_SAME] = _("Changed the same way on both sides"),
	};
	if (dry_run)
		printf(_("Template update from version %d to %d (dry run: nothing changed)\n"),
			p->from_version, p->to_version);
	else if (applied)
		printf(_("Template update from version %d to %d\n"), p->from_version,
			p->to_version);
	else
		printf(_("Template update from version %d to %d: nothing to change\n"),
			p->from_version, p->to_version);
	for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
		enum tv_tmpl_action a = order[k];
		if (!p->count[a])
			continue;
		printf("%s (%zu):\n", heads[a], p->count[a]);
		for (size_t i = 0; i < p->nchanges; i++)
			if (p->changes[i].action == a)
				put_change(&p->changes[i], p->to_version);
	}
	if (p->count[TV_TMPL_CONFLICT])
		printf(_("Resolve conflicts with: tavle template conflicts; tavle template resolve "
			"KIND KEY FIELD theirs|mine|--value TEXT\n"));
}

static void
print_plan_json(const struct tv_tmpl_plan *p, bool dry_run, int64_t change)
{
	struct jw w;
	jw_init(&w, stdout);
	jw_obj(&w, NULL);
	jw_bool(&w, "dry_run", dry_run);
	jw_int(&w, "from_version", p->from_version);
	jw_int(&w, "to_version", p->to_version);
	if (change)
		jw_int(&w, "change", change);
	else
		jw_null(&w, "change");
	jw_obj(&w, "counts");
	for (int a = 0; a < TV_TMPL_ACTION_COUNT; a++)
		jw_int(&w, tv_tmpl_action_key((enum tv_tmpl_action)a), (long long)p->count[a]);
	jw_obj_end(&w);
	jw_arr(&w, "changes");
	for (size_t i = 0; i < p->nchanges; i++) {
		const struct tv_tmpl_change *ch = &p->changes[i];
		jw_obj(&w, NULL);
		JW_FIELDS(&w, J_STR("action", tv_tmpl_action_key(ch->action)),
			J_STR("kind", tv_kind_key(ch->kind)), J_STR("key", ch->key),
			J_STR("field", ch->field[0] ? ch->field : NULL), J_STR("label", ch->label),
			J_STR("base", ch->base), J_STR("mine", ch->mine), J_STR("theirs", ch->theirs));
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	jw_done(&w);
}

int
cmd_template_update(struct cli *c, const struct cli_args *a)
{
	int rc = cli_board(c);
	if (rc)
		return rc;
	struct tv_template *tpl = NULL;
	struct tv_diag diag = { 0 };
	enum tv_status st = tv_template_load_dir(a->pos[0], &tpl, &diag);
	if (st != TV_OK)
		return cli_diag_fail(c, st, &diag);
	int have = 0;
	if ((st = tv_tmpl_update_version(c->store, c->board_id, &have)) != TV_OK) {
		tv_template_free(tpl);
		return cli_store_fail(c, st);
	}
	/* An older template would take back what a newer one brought; the same version
	 * again is harmless (the merge changes nothing it has not). */
	if (tpl->version < have && !cli_flag(a, "force")) {
		int v = tpl->version;
		tv_template_free(tpl);
		return cli_fail(c, CLI_FAIL, _("the template is version %d, older than the "
			"board's version %d; use --force to merge it anyway"), v, have);
	}
	bool dry = cli_flag(a, "dry-run");
	struct tv_tmpl_plan plan;
	int64_t change = 0;
	st = dry ? tv_tmpl_update_plan(c->store, c->board_id, tpl, &plan, &diag) :
		tv_tmpl_update_apply(c->store, c->board_id, tpl, &plan, &change, &diag);
	tv_template_free(tpl);
	if (st != TV_OK)
		return cli_diag_fail(c, st, &diag);
	if (change)
		c->wrote = true;
	if (cli_flag(a, "json"))
		print_plan_json(&plan, dry, change);
	else
		print_plan_text(&plan, dry, change != 0);
	tv_tmpl_plan_clear(&plan);
	return 0;
}

int
cmd_template_conflicts(struct cli *c, const struct cli_args *a)
{
	int rc = cli_board(c);
	if (rc)
		return rc;
	struct tv_tmpl_conflict *k = NULL;
	size_t n = 0;
	enum tv_status st = tv_tmpl_update_conflicts(c->store, c->board_id, &k, &n);
	if (st != TV_OK)
		return cli_store_fail(c, st);
	if (cli_flag(a, "json")) {
		struct jw w;
		jw_list(&w, stdout);
		for (size_t i = 0; i < n; i++) {
			jw_obj(&w, NULL);
			JW_FIELDS(&w, J_STR("kind", tv_kind_key(k[i].kind)), J_STR("key", k[i].key),
				J_STR("field", k[i].field), J_STR("label", k[i].label),
				J_STR("mine", k[i].mine), J_STR("theirs", k[i].theirs),
				J_INT("version", k[i].version));
			jw_obj_end(&w);
		}
		jw_list_end(&w);
	} else if (n == 0) {
		printf("%s\n", _("No open conflicts."));
	} else {
		for (size_t i = 0; i < n; i++) {
			char *m = short_value(k[i].mine), *t = short_value(k[i].theirs);
			char *line = tv_xasprintf("%s %s %s  %s", tv_kind_key(k[i].kind), k[i].key,
				k[i].field, k[i].label);
			cli_put(stdout, line, false);
			putchar('\n');
			free(line);
			line = tv_xasprintf(_("  board:     %s"), m);
			cli_put(stdout, line, false);
			putchar('\n');
			free(line);
			line = tv_xasprintf(_("  programme: %s (version %d)"), t, k[i].version);
			cli_put(stdout, line, false);
			putchar('\n');
			free(line);
			free(m);
			free(t);
		}
	}
	tv_tmpl_conflicts_free(k, n);
	return 0;
}

int
cmd_template_resolve(struct cli *c, const struct cli_args *a)
{
	int rc = cli_board(c);
	if (rc)
		return rc;
	enum tv_kind kind;
	if (!tv_kind_from_key(a->pos[0], &kind))
		return cli_fail(c, CLI_USAGE, _("unknown kind '%s' (package, task, phase, meeting "
			"or decision)"), a->pos[0]);
	const char *value = cli_opt_value(a, "value");
	enum tv_tmpl_choice choice;
	if (value && a->npos == 3) {
		choice = TV_TMPL_VALUE;
	} else if (!value && a->npos == 4 && strcmp(a->pos[3], "theirs") == 0) {
		choice = TV_TMPL_THEIRS;
	} else if (!value && a->npos == 4 && strcmp(a->pos[3], "mine") == 0) {
		choice = TV_TMPL_MINE;
	} else {
		return cli_fail(c, CLI_USAGE, _("give theirs, mine or --value TEXT"));
	}
	struct tv_diag diag = { 0 };
	enum tv_status st = tv_tmpl_update_resolve(c->store, c->board_id, kind, a->pos[1],
		a->pos[2], choice, value, &diag);
	if (st != TV_OK)
		return cli_diag_fail(c, st, &diag);
	c->wrote = true;
	size_t left = 0;
	tv_tmpl_update_conflict_count(c->store, c->board_id, &left);
	printf(_("resolved; %zu open conflicts left\n"), left);
	return 0;
}
