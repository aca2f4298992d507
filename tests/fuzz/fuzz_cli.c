/* SPDX-License-Identifier: MPL-2.0 */
/*
 * libFuzzer target for the command line's option parser (cli_parse in src/cli/args.c).
 * The real command table is private to commands.c, so the parser runs against tables
 * shaped like the real ones: long options with and without values, short letters,
 * flags, commands with no options, and bounded positional arguments. The first input
 * byte picks the command; the rest, split at NUL bytes, is argv. The parser must
 * return -1 (go on), 0 (help shown) or the usage code; on -1 the positional count must
 * respect the command's bounds, every value must point into argv (a flag's is ""),
 * and cli_opt_value must agree. Any violation aborts so the fuzzer keeps the input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ARGS 40

#define check(ok) check_at((ok), __LINE__, #ok)

static void
check_at(bool ok, int line, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_cli.c:%d: check failed: %s\n", line, what);
		abort();
	}
}

static const struct cli_opt meeting_opts[] = {
	{ "title", 't', "TEXT", "title" },
	{ "start", 0, "\"DATE HH:MM\"", "start" },
	{ "end", 0, "\"DATE HH:MM\"", "end" },
	{ "kind", 'k', "KIND", "kind" },
	{ "place", 0, "TEXT", "place" },
	{ "json", 'j', NULL, "JSON output" },
	{ "force", 'f', NULL, "overwrite" },
	{ NULL, 0, NULL, NULL },
};
static const struct cli_opt flag_opts[] = {
	{ "overdue", 0, NULL, "only overdue" },
	{ "json", 0, NULL, "JSON output" },
	{ "o", 'o', NULL, "a one-letter long name" },
	{ NULL, 0, NULL, NULL },
};
static const struct cli_opt no_opts[] = { { NULL, 0, NULL, NULL } };

static void
extra(FILE *out)
{
	fputs("More help.\n", out);
}

static const struct cli_command commands[] = {
	{ "add", "meeting", "", "add a meeting", NULL, meeting_opts, CLI_DB_WRITE, 0, 0, NULL },
	{ "set", NULL, "[KIND] ID FIELD VALUE", "change one field", NULL, meeting_opts,
		CLI_DB_WRITE, 2, 4, extra },
	{ "list", NULL, "", "list", NULL, flag_opts, CLI_DB_READ, 0, 0, NULL },
	{ "add", "comment", "PKG TEXT", "comment", NULL, no_opts, CLI_DB_WRITE, 2, 2, NULL },
	{ "import", NULL, "FILE...", "import", NULL, flag_opts, CLI_DB_WRITE, 1, CLI_MAX_POS, NULL },
};

/* Does p point into one of the argument strings (its NUL included)? */
static bool
in_argv(const char *p, char **argv, int argc)
{
	for (int i = 0; i < argc; i++)
		if (p >= argv[i] && p <= argv[i] + strlen(argv[i]))
			return true;
	return false;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	if (!devnull)
		devnull = fopen("/dev/null", "w");
	if (size < 1 || size > 4096)
		return 0;
	const struct cli_command *cmd = &commands[data[0] % (sizeof commands / sizeof commands[0])];

	/* argv from NUL-separated pieces, each in its own exact-size buffer for ASan. */
	char *argv[MAX_ARGS + 1];
	int argc = 0;
	argv[argc++] = strdup("tavle");
	size_t start = 1;
	for (size_t i = 1; i <= size && argc < MAX_ARGS; i++) {
		if (i == size || data[i] == '\0') {
			argv[argc] = malloc(i - start + 1);
			memcpy(argv[argc], data + start, i - start);
			argv[argc][i - start] = '\0';
			argc++;
			start = i + 1;
		}
	}
	argv[argc] = NULL;
	/* Skip "add meeting" style words, as find_command does, when they are there. */
	int first = 1;
	if (argc > 1 && strcmp(argv[1], cmd->name) == 0) {
		first = 2;
		if (cmd->sub && argc > 2 && strcmp(argv[2], cmd->sub) == 0)
			first = 3;
	}

	struct cli c;
	memset(&c, 0, sizeof c);
	struct cli_args a;
	int rc = cli_parse(&c, cmd, argc, argv, first, &a);
	check(rc == -1 || rc == 0 || rc == CLI_USAGE);
	if (rc == -1) {
		check(a.cmd == cmd);
		check(a.npos >= cmd->min_pos && a.npos <= cmd->max_pos && a.npos <= CLI_MAX_POS);
		for (size_t k = 0; k < a.npos; k++) {
			bool found = false;
			for (int i = first; i < argc; i++)
				found = found || a.pos[k] == argv[i];
			check(found);
		}
		for (size_t k = 0; k < CLI_MAX_OPTS && cmd->opts[k].name; k++) {
			const char *v = a.val[k];
			if (v && cmd->opts[k].arg)
				check(in_argv(v, argv, argc));
			else if (v)
				check(*v == '\0');
			check(cli_opt_value(&a, cmd->opts[k].name) == v);
			check(cli_flag(&a, cmd->opts[k].name) == (v != NULL));
		}
		if (c.db_arg)
			check(in_argv(c.db_arg, argv, argc));
		if (c.board_arg)
			check(in_argv(c.board_arg, argv, argc));
	}
	if (devnull && data[0] & 0x80)
		cli_command_help(devnull, cmd);
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	return 0;
}
