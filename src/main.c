/* SPDX-License-Identifier: MPL-2.0 */
/*
 * tavle's entry point: set the locale (display widths depend on it) and hand over to
 * the command line (src/cli/commands.c holds the command table and the dispatch).
 */
#include <locale.h>

#include "cli/cli.h"

int
main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	return cli_main(argc, argv);
}
