/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Many boards on the command line: `tavle portfolio` (the template packages across
 * every board, by status or phase, with the authorities overdue or blocked on each),
 * `tavle boards` (each board's authority, sector, progress and overdue count) and
 * `tavle board rename|archive|unarchive|rm`. Every figure comes from the store's
 * aggregates (include/tavle/portfolio.h), so the CLI and the TUI cannot disagree.
 * Reported boards (status reports imported with `tavle portfolio import`,
 * tavle/reported.h) are listed after the local boards, with the report's time and
 * age, flagged stale past the report-stale-days setting; their figures are the
 * report's.
 * Bad input exits 2 before anything is written. Depends on the core API only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "tavle/date.h"
#include "tavle/portfolio.h"
#include "tavle/reported.h"
#include "tavle/text.h"

/* --sector and --area into a filter; 0 or exit code 2. */
static int
parse_filter(struct cli *c, const struct cli_args *a, struct tv_portfolio_filter *f)
{
	f->sector = -1;
	f->area = -1;
	f->today = cli_today(c);
	const char *sector = cli_opt_value(a, "sector");
	const char *area = cli_opt_value(a, "area");
	if (sector) {
		enum tv_sector s;
		if (!tv_sector_from_key(sector, &s))
			return cli_fail(c, CLI_USAGE,
				"unknown sector '%s' (municipality, region or state)", sector);
		f->sector = (int)s;
	}
	if (area) {
		enum tv_area ar;
		int rc = cli_parse_area(c, area, &ar);
		if (rc)
			return rc;
		f->area = (int)ar;
	}
	return 0;
}

static void
json_median(struct jw *w, double m)
{
	/* Whole days as integers; a median between two counts ends in .5. */
	if (m == (double)(long long)m)
		jw_int(w, "median_days_late", (long long)m);
	else
		jw_double(w, "median_days_late", m);
}

/* One authority's line: its template packages done, overdue, days late summed, and
 * the minimum requirements met. */
static void
authority_json(struct jw *w, const struct tv_portfolio_board *b)
{
	jw_obj(w, NULL);
	JW_FIELDS(w, J_INT("id", b->board_id), J_STR("name", b->board),
		J_STR("authority", b->authority), J_STR("sector", tv_sector_key(b->sector)),
		J_INT("packages_done", b->done), J_INT("packages_total", b->total),
		J_INT("overdue", b->overdue), J_INT("days_late", b->late_sum));
	jw_obj(w, "minimum");
	JW_FIELDS(w, J_INT("done", b->min_done), J_INT("total", b->min_total));
	jw_obj_end(w);
	JW_FIELDS(w, J_STR("cvr", b->cvr), J_BOOL("reported", false));
	jw_obj_end(w);
}

/* The reported boards of the sector filter, with the area filter's figures (the
 * report's own per-area figures and lists) when there is one. */
static enum tv_status
load_reported(struct cli *c, const struct tv_portfolio_filter *f,
	struct tv_reported_board **out, size_t *out_count)
{
	struct tv_reported_board *v = NULL;
	size_t n = 0, k = 0;
	enum tv_status st = tv_store_reported_boards_area(c->store,
		f->area >= 0 ? tv_area_key((enum tv_area)f->area) : NULL, &v, &n);
	if (st != TV_OK)
		return st;
	for (size_t i = 0; i < n; i++) {
		if (f->sector >= 0 && v[i].sector != f->sector)
			tv_reported_board_clear(&v[i]);
		else
			v[k++] = v[i];
	}
	*out = v;
	*out_count = k;
	return TV_OK;
}

/* A reported board in authority_status: the local board's members (id null), the
 * report's time, day and age, whether it is stale, and the report's own totals. */
static void
reported_json(struct jw *w, const struct tv_reported_board *r, int32_t today, int stale_days)
{
	jw_obj(w, NULL);
	JW_FIELDS(w, J_STR("id", NULL), J_STR("name", r->board),
		J_STR("authority", r->authority),
		J_STR("sector", r->sector >= 0 ? tv_sector_key((enum tv_sector)r->sector) : NULL),
		J_INT("packages_done", r->packages_done), J_INT("packages_total", r->packages_total),
		J_INT("overdue", r->overdue), J_INT("days_late", r->days_late));
	jw_obj(w, "minimum");
	JW_FIELDS(w, J_INT("done", r->minimum_done), J_INT("total", r->minimum_total));
	jw_obj_end(w);
	JW_FIELDS(w, J_STR("cvr", r->cvr), J_BOOL("reported", true),
		J_STR("reported_at", r->reported_at), J_DAY("report_day", r->report_day),
		J_INT("age_days", tv_reported_age(r, today)),
		J_BOOL("stale", tv_reported_stale(r, today, stale_days)),
		J_INT("overdue_items", r->overdue_items), J_INT("blocked", r->blocked),
		J_STR("imported_at", r->imported_at), J_STR("source", r->source));
	jw_obj_end(w);
}

/* The reported boards as a table, after the local ones. */
static void
reported_table(struct cli *c, const struct tv_reported_board *v, size_t n, int32_t today,
	int stale_days)
{
	printf("\n%s\n", _("Reported boards (status reports imported; read-only)"));
	struct table t;
	table_init(&t, 8, 1);
	const char *head[] = { _("CVR"), _("authority"), _("reported"), _("age"), _("done"),
		_("minimum met"), _("overdue"), _("days late") };
	table_row(&t, head);
	for (size_t i = 0; i < n; i++) {
		const struct tv_reported_board *r = &v[i];
		char day[16], age[64], done[32], min[32], over[32], late[32];
		snprintf(day, sizeof day, "%.10s", r->reported_at ? r->reported_at : "");
		int32_t a = tv_reported_age(r, today);
		if (tv_reported_stale(r, today, stale_days))
			snprintf(age, sizeof age, _("%dd, stale"), (int)a);
		else
			snprintf(age, sizeof age, "%dd", (int)a);
		snprintf(done, sizeof done, "%d/%d", r->packages_done, r->packages_total);
		snprintf(min, sizeof min, "%d/%d", r->minimum_done, r->minimum_total);
		snprintf(over, sizeof over, "%d", r->overdue);
		snprintf(late, sizeof late, "%lld", (long long)r->days_late);
		const char *row[] = { r->cvr, r->authority ? r->authority : "-", day, age, done,
			min, over, late };
		table_row(&t, row);
	}
	t.right_cols = 1u << 3 | 1u << 4 | 1u << 5 | 1u << 6 | 1u << 7;
	table_print(&t, stdout, 2, c->term_width);
	table_free(&t);
}

/* `--authorities`: a table of the authorities (boards) by name. */
static void
authorities_table(struct cli *c, const struct tv_portfolio_board *m, size_t nm)
{
	printf("\n%s\n", _("Authorities"));
	struct table t;
	table_init(&t, 5, 0);
	const char *head[] = { _("board"), _("authority"), _("done"), _("minimum met"),
		_("days late") };
	table_row(&t, head);
	for (size_t i = 0; i < nm; i++) {
		const struct tv_portfolio_board *b = &m[i];
		char done[32], min[32], late[32];
		snprintf(done, sizeof done, "%d/%d", b->done, b->total);
		snprintf(min, sizeof min, "%d/%d", b->min_done, b->min_total);
		snprintf(late, sizeof late, "%lld", (long long)b->late_sum);
		const char *row[] = { b->board, b->authority ? b->authority : "-", done, min, late };
		table_row(&t, row);
	}
	t.right_cols = 1u << 2 | 1u << 3 | 1u << 4;
	table_print(&t, stdout, 2, c->term_width);
	table_free(&t);
}

/* The reported boards beside the local ones (portfolio_json). */
struct reported_list {
	const struct tv_reported_board *v;
	size_t n;
	int stale_days;
};

static void
portfolio_json(const struct tv_portfolio *p, bool by_phase, const char *sector,
	const char *area, const struct tv_portfolio_board *m, size_t nm,
	const struct reported_list *rep)
{
	struct jw w;
	jw_init(&w, stdout);
	jw_obj(&w, NULL);
	jw_day(&w, "today", p->filter.today);
	jw_str(&w, "by", by_phase ? "phase" : "status");
	jw_str(&w, "sector", sector); /* null when not filtered */
	jw_str(&w, "area", area);
	jw_int(&w, "boards", p->boards);
	jw_int(&w, "reported_boards", (long long)rep->n);
	jw_int(&w, "stale_days", rep->stale_days);
	jw_arr(&w, "phases");
	for (size_t i = 0; i < p->nphases; i++)
		jw_str(&w, NULL, p->phases[i]);
	jw_arr_end(&w);
	jw_arr(&w, "packages");
	for (size_t i = 0; i < p->nrows; i++) {
		const struct tv_portfolio_row *r = &p->rows[i];
		jw_obj(&w, NULL);
		JW_FIELDS(&w, J_INT("number", r->number), J_STR("title", r->title),
			J_STR("area", tv_area_key(r->area)), J_INT("authorities_total", r->total),
			J_INT("overdue", r->overdue), J_INT("blocked", r->blocked));
		json_median(&w, r->median_days_late);
		jw_obj(&w, "status");
		for (int s = 0; s < TV_PSTATUS_COUNT; s++)
			jw_int(&w, tv_pstatus_key((enum tv_pstatus)s), r->by_status[s]);
		jw_obj_end(&w);
		if (by_phase) {
			jw_arr(&w, "phase");
			for (size_t k = 0; k <= p->nphases; k++) {
				jw_obj(&w, NULL);
				/* the last count is of packages in no phase */
				jw_str(&w, "name", k < p->nphases ? p->phases[k] : NULL);
				jw_int(&w, "count", r->by_phase[k]);
				jw_obj_end(&w);
			}
			jw_arr_end(&w);
		}
		jw_arr(&w, "authorities");
		for (size_t j = 0; j < r->nauthorities; j++) {
			const struct tv_portfolio_authority *au = &r->authorities[j];
			jw_obj(&w, NULL);
			JW_FIELDS(&w, J_INT("id", au->board_id), J_STR("name", au->board),
				J_STR("authority", au->authority),
				J_STR("sector", tv_sector_key(au->sector)),
				J_INT("days_late", au->days_late),
				J_STR("status", tv_pstatus_key(au->status)));
			jw_obj_end(&w);
		}
		jw_arr_end(&w);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_arr(&w, "authority_status");
	for (size_t i = 0; i < nm; i++)
		authority_json(&w, &m[i]);
	for (size_t i = 0; i < rep->n; i++)
		reported_json(&w, &rep->v[i], p->filter.today, rep->stale_days);
	jw_arr_end(&w);
	jw_obj_end(&w);
	jw_done(&w);
}

static void
portfolio_table(struct cli *c, const struct tv_portfolio *p, bool by_phase)
{
	size_t ncount = by_phase ? p->nphases + 1 : TV_PSTATUS_COUNT;
	/* In status mode the blocked column is already one of the statuses. */
	size_t nextra = by_phase ? 3 : 2;
	size_t ncols = 3 + ncount + nextra;
	struct table t;
	table_init(&t, ncols, 2);
	const char **row = tv_xcalloc(ncols, sizeof *row);
	char **cells = tv_xcalloc(ncols, sizeof *cells);
	row[0] = "#";
	row[1] = _("area");
	row[2] = _("package");
	for (size_t k = 0; k < ncount; k++)
		row[3 + k] = by_phase ? (k < p->nphases ? p->phases[k] : _("no phase")) :
			tv_field_value_shown(TV_KIND_PACKAGE, "status",
			tv_pstatus_key((enum tv_pstatus)k));
	row[3 + ncount] = _("overdue");
	if (by_phase)
		row[4 + ncount] = _("blocked");
	row[ncols - 1] = _("median late");
	table_row(&t, row);
	for (size_t i = 0; i < p->nrows; i++) {
		const struct tv_portfolio_row *r = &p->rows[i];
		for (size_t k = 0; k < ncols; k++)
			cells[k] = NULL;
		cells[0] = tv_xasprintf("%d", r->number);
		cells[1] = tv_xstrdup(tv_area_key(r->area));
		cells[2] = tv_xstrdup(r->title ? r->title : "");
		for (size_t k = 0; k < ncount; k++)
			cells[3 + k] = tv_xasprintf("%lld", (long long)(by_phase ? r->by_phase[k] :
				r->by_status[k]));
		cells[3 + ncount] = tv_xasprintf("%lld", (long long)r->overdue);
		if (by_phase)
			cells[4 + ncount] = tv_xasprintf("%lld", (long long)r->blocked);
		char med[32];
		tv_portfolio_median_format(r->median_days_late, "d", med, sizeof med);
		cells[ncols - 1] = tv_xstrdup(r->overdue ? med : "-");
		for (size_t k = 0; k < ncols; k++)
			row[k] = cells[k];
		table_row(&t, row);
		for (size_t k = 0; k < ncols; k++)
			free(cells[k]);
	}
	t.right_cols = 1u;
	for (size_t k = 3; k < ncols && k < 32; k++)
		t.right_cols |= 1u << k;
	printf(ngettext("%lld board%s%s%s%s\n", "%lld boards%s%s%s%s\n",
		(unsigned long)p->boards), (long long)p->boards,
		p->filter.sector >= 0 ? _(", sector ") : "",
		p->filter.sector >= 0 ? tv_sector_key((enum tv_sector)p->filter.sector) : "",
		p->filter.area >= 0 ? _(", area ") : "",
		p->filter.area >= 0 ? tv_area_key((enum tv_area)p->filter.area) : "");
	table_print(&t, stdout, 0, c->term_width);
	table_free(&t);
	free(row);
	free(cells);

	/* The authorities concerned, under each package that has any. */
	for (size_t i = 0; i < p->nrows; i++) {
		const struct tv_portfolio_row *r = &p->rows[i];
		if (!r->nauthorities)
			continue;
		char *title = cli_clean(r->title);
		printf(_("\n%d %s: %lld overdue, %lld blocked\n"), r->number, title,
			(long long)r->overdue, (long long)r->blocked);
		free(title);
		struct table a;
		table_init(&a, 5, 1);
		const char *head[] = { _("id"), _("board"), _("authority"), _("status"), _("late") };
		table_row(&a, head);
		for (size_t j = 0; j < r->nauthorities; j++) {
			const struct tv_portfolio_authority *au = &r->authorities[j];
			char id[32], late[32];
			snprintf(id, sizeof id, "%lld", (long long)au->board_id);
			if (au->days_late > 0)
				snprintf(late, sizeof late, "%dd", (int)au->days_late);
			else
				snprintf(late, sizeof late, "-");
			const char *cells2[] = { id, au->board, au->authority,
				tv_field_value_shown(TV_KIND_PACKAGE, "status", tv_pstatus_key(au->status)),
				late };
			table_row(&a, cells2);
		}
		a.right_cols = 1u | 1u << 4;
		table_print(&a, stdout, 2, c->term_width);
		table_free(&a);
	}
}

int
cmd_portfolio(struct cli *c, const struct cli_args *a)
{
	const char *by = cli_opt_value(a, "by");
	bool by_phase = false;
	if (by && strcmp(by, "phase") == 0)
		by_phase = true;
	else if (by && strcmp(by, "status") != 0)
		return cli_fail(c, CLI_USAGE, "--by takes status or phase, not '%s'", by);
	struct tv_portfolio_filter f;
	int rc = parse_filter(c, a, &f);
	if (rc)
		return rc;
	struct tv_portfolio *p = NULL;
	enum tv_status st = tv_store_portfolio(c->store, &f, &p);
	if (st != TV_OK)
		return cli_store_fail(c, st);
	/* Per authority (board): packages done, lateness and minimum requirements met. */
	struct tv_portfolio_board *m = NULL;
	size_t nm = 0;
	bool json = cli_flag(a, "json"), per_board = json || cli_flag(a, "authorities");
	if (per_board && (st = tv_store_portfolio_matrix(c->store, &f, TV_PORTFOLIO_BY_NAME, &m,
			&nm)) != TV_OK) {
		tv_portfolio_free(p);
		return cli_store_fail(c, st);
	}
	struct tv_reported_board *rv = NULL;
	size_t nr = 0;
	if ((st = load_reported(c, &f, &rv, &nr)) != TV_OK) {
		for (size_t i = 0; i < nm; i++)
			tv_portfolio_board_clear(&m[i]);
		free(m);
		tv_portfolio_free(p);
		return cli_store_fail(c, st);
	}
	int stale_days = c->config.stale_days > 0 ? c->config.stale_days : TV_REPORT_STALE_DAYS;
	if (json) {
		struct reported_list rep = { rv, nr, stale_days };
		portfolio_json(p, by_phase, cli_opt_value(a, "sector"), cli_opt_value(a, "area"),
			m, nm, &rep);
	} else {
		portfolio_table(c, p, by_phase);
		if (per_board)
			authorities_table(c, m, nm);
		if (nr)
			reported_table(c, rv, nr, f.today, stale_days);
	}
	for (size_t i = 0; i < nr; i++)
		tv_reported_board_clear(&rv[i]);
	free(rv);
	for (size_t i = 0; i < nm; i++)
		tv_portfolio_board_clear(&m[i]);
	free(m);
	tv_portfolio_free(p);
	return 0;
}

int
cmd_boards(struct cli *c, const struct cli_args *a)
{
	struct tv_board_summary *v = NULL;
	size_t n = 0;
	enum tv_status st = tv_store_board_summaries(c->store, cli_flag(a, "all"), cli_today(c),
		&v, &n);
	if (st != TV_OK)
		return cli_store_fail(c, st);
	int64_t def = 0;
	if (tv_store_board_default(c->store, &def) != TV_OK)
		def = 0;
	if (cli_flag(a, "json")) {
		struct jw w;
		jw_list(&w, stdout);
		for (size_t i = 0; i < n; i++)
			json_board_summary(&w, &v[i], v[i].board.id == def);
		jw_list_end(&w);
	} else {
		struct table t;
		table_init(&t, 7, 2);
		const char *head[] = { "", _("id"), _("name"), _("authority"), _("sector"), _("done"),
			_("overdue") };
		table_row(&t, head);
		for (size_t i = 0; i < n; i++) {
			const struct tv_board *b = &v[i].board;
			char id[32], name[512], prog[64], over[32];
			snprintf(id, sizeof id, "%lld", (long long)b->id);
			snprintf(name, sizeof name, "%s%s", b->name ? b->name : "",
				b->archived ? _(" (archived)") : "");
			snprintf(prog, sizeof prog, "%lld/%lld", (long long)v[i].done,
				(long long)v[i].packages);
			snprintf(over, sizeof over, "%lld", (long long)v[i].overdue);
			const char *row[] = { b->id == def ? "*" : " ", id, name, b->authority,
				tv_sector_name(b->sector, tv_i18n_names_danish()), prog, over };
			table_row(&t, row);
		}
		t.right_cols = 1u << 1 | 1u << 5 | 1u << 6;
		table_print(&t, stdout, 0, c->term_width);
		table_free(&t);
		if (n == 0)
			printf("%s\n", cli_flag(a, "all") ? _("no boards; create one with tavle init") :
				_("no boards (tavle boards --all shows archived ones); create one with "
				"tavle init"));
	}
	for (size_t i = 0; i < n; i++)
		tv_board_clear(&v[i].board);
	free(v);
	return 0;
}

/* The board named by a positional argument (name or id). */
static int
find_board(struct cli *c, const char *text, int64_t *id)
{
	enum tv_status st = tv_store_board_find(c->store, text, id);
	if (st == TV_NOT_FOUND)
		return cli_fail(c, CLI_USAGE, "no board '%s' (see tavle boards --all)", text);
	return st == TV_OK ? 0 : cli_store_fail(c, st);
}

int
cmd_board_rename(struct cli *c, const struct cli_args *a)
{
	int64_t id;
	int rc = find_board(c, a->pos[0], &id);
	if (rc)
		return rc;
	if ((rc = cli_check_field(c, TV_FIELD_BOARD_name, "board name", a->pos[1], false)))
		return rc;
	int64_t other;
	if (tv_store_board_find(c->store, a->pos[1], &other) == TV_OK && other != id)
		return cli_fail(c, CLI_USAGE, "a board named %s already exists", a->pos[1]);
	enum tv_status st = tv_store_set(c->store, TV_KIND_BOARD, id, "name", a->pos[1], 0, NULL,
		NULL);
	if (st != TV_OK)
		return cli_store_fail(c, st);
	c->wrote = true;
	char *old = cli_clean(a->pos[0]), *new = cli_clean(a->pos[1]);
	printf(_("renamed board %s to %s\n"), old, new);
	free(old);
	free(new);
	return 0;
}

static int
set_archived(struct cli *c, const struct cli_args *a, bool archived)
{
	int64_t id;
	int rc = find_board(c, a->pos[0], &id);
	if (rc)
		return rc;
	enum tv_status st = tv_store_set(c->store, TV_KIND_BOARD, id, "archived",
		archived ? "yes" : "no", 0, NULL, NULL);
	if (st != TV_OK)
		return cli_store_fail(c, st);
	c->wrote = true;
	char *name = cli_clean(a->pos[0]);
	if (archived)
		printf(_("archived board %s (kept; tavle boards --all shows it)\n"), name);
	else
		printf(_("unarchived board %s\n"), name);
	free(name);
	return 0;
}

int
cmd_board_archive(struct cli *c, const struct cli_args *a)
{
	return set_archived(c, a, true);
}

int
cmd_board_unarchive(struct cli *c, const struct cli_args *a)
{
	return set_archived(c, a, false);
}

int
cmd_board_rm(struct cli *c, const struct cli_args *a)
{
	int64_t id;
	int rc = find_board(c, a->pos[0], &id);
	if (rc)
		return rc;
	char *name = NULL;
	enum tv_status st = tv_store_get(c->store, TV_KIND_BOARD, id, "name", &name, NULL);
	if (st != TV_OK)
		return cli_store_fail(c, st);
	char *clean = cli_clean(name);
	if (!cli_flag(a, "yes")) {
		/* Deleting a whole board is not undone by accident: a script must say --yes,
		 * a person types the name. */
		if (!isatty(STDIN_FILENO)) {
			rc = cli_fail(c, CLI_USAGE,
				"removing board %s deletes all its packages, tasks and meetings; "
				"add --yes to confirm (standard input is not a terminal)", clean);
			goto out;
		}
		fprintf(stderr, _("Remove board %s with everything in it? Type its name to "
			"confirm: "), clean);
		fflush(stderr);
		char line[1024];
		if (!fgets(line, sizeof line, stdin)) {
			rc = cli_fail(c, CLI_USAGE, "not removed");
			goto out;
		}
		line[strcspn(line, "\r\n")] = '\0';
		if (strcmp(line, name) != 0) {
			rc = cli_fail(c, CLI_USAGE, "not removed (the name did not match)");
			goto out;
		}
	}
	st = tv_store_remove(c->store, TV_KIND_BOARD, id, 0);
	if (st != TV_OK) {
		rc = cli_store_fail(c, st);
		goto out;
	}
	printf(_("removed board %s\n"), clean);
	rc = 0;
out:
	free(name);
	free(clean);
	return rc;
}
