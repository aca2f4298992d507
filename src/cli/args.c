/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The option parser of the command line: one table per command (struct cli_opt rows)
 * both parses the options and prints `tavle CMD --help`, so help cannot drift from
 * what is accepted. Long options take "--name VALUE" or "--name=VALUE", short ones
 * "-o VALUE" or "-oVALUE"; "--" ends options; "-" and arguments that look like
 * negative numbers or relative dates ("-2d") are positional. Global options (--db,
 * --board) are accepted before and after the subcommand.
 * Depends only on cli.h; no database access.
 */
#include <string.h>

#include "cli.h"
#include "tavle/i18n.h"

const struct cli_opt cli_global_opts[] = {
	{ "db", 0, "FILE", N_("database file (default $TAVLE_DB, else $XDG_DATA_HOME/tavle/tavle.db)") },
	{ "board", 0, "NAME|ID", N_("board to use (default: the last used or only board)") },
	{ "help", 'h', NULL, N_("show this help") },
	{ NULL, 0, NULL, NULL },
};

static size_t
opt_count(const struct cli_opt *opts)
{
	size_t n = 0;
	while (opts && opts[n].name)
		n++;
	return n;
}

static void
command_name(const struct cli_command *cmd, char *buf, size_t size)
{
	if (cmd->sub)
		snprintf(buf, size, "%s %s", cmd->name, cmd->sub);
	else
		snprintf(buf, size, "%s", cmd->name);
}

/* Does `arg` look like an option (rather than "-", "-2d" or "-5")? */
static bool
is_option(const char *arg)
{
	if (arg[0] != '-' || arg[1] == '\0')
		return false;
	if (arg[1] >= '0' && arg[1] <= '9')
		return false;
	return true;
}

/* Find an option by long name (len bytes) or short letter; *global tells which table. */
static int
find_opt(const struct cli_opt *opts, const char *name, size_t len, char short_name)
{
	for (size_t i = 0; opts && opts[i].name; i++) {
		if (short_name) {
			if (opts[i].short_name == short_name)
				return (int)i;
		} else if (strlen(opts[i].name) == len && strncmp(opts[i].name, name, len) == 0) {
			return (int)i;
		}
	}
	return -1;
}

/* quiet: print nothing (no error, no help: c is NULL, which cli_fail keeps silent);
 * a failure is CLI_USAGE, --help is 0. */
static int
parse(struct cli *c, const struct cli_command *cmd, int argc, char **argv, int first,
	struct cli_args *out, bool quiet)
{
	char cname[64];
	command_name(cmd, cname, sizeof cname);
	memset(out, 0, sizeof *out);
	out->cmd = cmd;
	bool help = false, options_done = false;

	for (int i = first; i < argc; i++) {
		const char *arg = argv[i];
		if (options_done || !is_option(arg)) {
			if (out->npos >= CLI_MAX_POS || out->npos >= cmd->max_pos)
				return cli_fail(c, CLI_USAGE,
					"too many arguments for '%s' (usage: tavle %s %s; see tavle %s --help)",
					cname, cname, cmd->usage, cname);
			out->pos[out->npos++] = arg;
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			options_done = true;
			continue;
		}
		const char *name, *inline_val = NULL;
		size_t len;
		char short_name = 0;
		if (arg[1] == '-') {
			name = arg + 2;
			const char *eq = strchr(name, '=');
			len = eq ? (size_t)(eq - name) : strlen(name);
			if (eq)
				inline_val = eq + 1;
		} else {
			name = arg + 1;
			len = 1;
			short_name = arg[1];
			if (arg[2])
				inline_val = arg + 2;
		}
		const struct cli_opt *table = cmd->opts;
		int idx = find_opt(table, name, len, short_name);
		bool global = false;
		if (idx < 0) {
			idx = find_opt(cli_global_opts, name, len, short_name);
			table = cli_global_opts;
			global = true;
		}
		if (idx < 0)
			return cli_fail(c, CLI_USAGE, "unknown option %s%.*s for '%s' (see tavle %s --help)",
				short_name ? "-" : "--", (int)len, name, cname, cname);
		const struct cli_opt *o = &table[idx];
		const char *val = "";
		if (o->arg) {
			if (inline_val) {
				val = inline_val;
			} else if (i + 1 < argc) {
				val = argv[++i];
			} else {
				return cli_fail(c, CLI_USAGE, "option --%s of '%s' needs an argument (%s)",
					o->name, cname, o->arg);
			}
		} else if (inline_val) {
			if (short_name)
				return cli_fail(c, CLI_USAGE, "unknown option -%c in %s for '%s' (see tavle %s --help)",
					inline_val[0], arg, cname, cname);
			return cli_fail(c, CLI_USAGE, "option --%s of '%s' takes no argument", o->name, cname);
		}
		if (global && quiet) {
			if (strcmp(o->name, "help") == 0)
				help = true;
		} else if (global) {
			if (strcmp(o->name, "db") == 0)
				c->db_arg = val;
			else if (strcmp(o->name, "board") == 0)
				c->board_arg = val;
			else if (strcmp(o->name, "help") == 0)
				help = true;
		} else {
			out->val[idx] = val;
		}
	}
	if (help) {
		if (!quiet)
			cli_command_help(stdout, cmd);
		return 0;
	}
	if (out->npos < cmd->min_pos)
		return cli_fail(c, CLI_USAGE, "missing argument for '%s' (usage: tavle %s %s; see tavle %s --help)",
			cname, cname, cmd->usage, cname);
	return -1;
}

int
cli_parse(struct cli *c, const struct cli_command *cmd, int argc, char **argv, int first,
	struct cli_args *out)
{
	return parse(c, cmd, argc, argv, first, out, false);
}

bool
cli_parse_quietly(const struct cli_command *cmd, int argc, char **argv, int first,
	struct cli_args *out)
{
	return parse(NULL, cmd, argc, argv, first, out, true) == -1;
}

const char *
cli_opt_value(const struct cli_args *a, const char *name)
{
	size_t n = opt_count(a->cmd->opts);
	for (size_t i = 0; i < n && i < CLI_MAX_OPTS; i++)
		if (strcmp(a->cmd->opts[i].name, name) == 0)
			return a->val[i];
	return NULL;
}

bool
cli_flag(const struct cli_args *a, const char *name)
{
	return cli_opt_value(a, name) != NULL;
}

static void
print_opts(FILE *out, const struct cli_opt *opts)
{
	for (size_t i = 0; opts && opts[i].name; i++) {
		char left[64];
		if (opts[i].short_name)
			snprintf(left, sizeof left, "-%c, --%s%s%s", opts[i].short_name, opts[i].name,
				opts[i].arg ? " " : "", opts[i].arg ? opts[i].arg : "");
		else
			snprintf(left, sizeof left, "    --%s%s%s", opts[i].name,
				opts[i].arg ? " " : "", opts[i].arg ? opts[i].arg : "");
		fprintf(out, "  %-28s %s\n", left, _(opts[i].help));
	}
}

void
cli_command_help(FILE *out, const struct cli_command *cmd)
{
	char cname[64];
	command_name(cmd, cname, sizeof cname);
	fprintf(out, "%s tavle %s%s%s%s\n\n%s\n", _("usage:"), cname, cmd->usage[0] ? " " : "",
		cmd->usage, opt_count(cmd->opts) ? " [OPTIONS]" : "", _(cmd->summary));
	if (opt_count(cmd->opts)) {
		fprintf(out, "\n%s\n", _("options:"));
		print_opts(out, cmd->opts);
	}
	if (cmd->extra_help)
		cmd->extra_help(out);
	fprintf(out, "\n%s\n", _("global options:"));
	print_opts(out, cli_global_opts);
}
