/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The main binary's side of the helper split. `publish` needs libcurl and libxml2,
 * `export xlsx` libxlsxwriter, `export ics` and `import ics` libical (with ICU and
 * libstdc++); linked into tavle, those libraries and what they pull in (TLS, Kerberos,
 * LDAP, SSH, compression: 47 shared objects in all) made the dynamic loader's
 * relocations most of the time to the board's first frame. So those commands live in
 * tavle-helper (helper.c), and tavle exec's it with its own
 * argument vector as soon as the dispatch knows the command, before anything is
 * printed, parsed or opened: the helper then does all of it (options, --help, errors,
 * the exit status) on the same standard input, output and error, exactly as tavle did
 * when it was one program. git runs git-remote-https the same way.
 * Where the helper is looked for: $TAVLE_EXEC_PATH (a directory; nothing else is tried
 * when it is set), else next to the running binary (cli_exe_dir: a build tree),
 * else libexecdir/tavle relative to the binary's directory (an installation in a
 * DESTDIR or moved elsewhere), else the configured libexecdir/tavle.
 * Only the main binary links this file; depends on cli.h, config.h and POSIX.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"

#define HELPER_NAME "tavle-helper"
#define MAX_CANDIDATES 4

static bool
is_program(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && access(path, X_OK) == 0;
}

/* The places to look, in order; returns how many were written to dirs (caller frees). */
static size_t
candidates(char **dirs)
{
	size_t n = 0;
	const char *env = getenv("TAVLE_EXEC_PATH");
	if (env && env[0]) {
		dirs[n++] = tv_xstrdup(env);
		return n;
	}
	char *self = cli_exe_dir();
	if (self) {
		dirs[n++] = tv_xstrdup(self);
		if (TAVLE_HELPER_RELDIR[0])
			dirs[n++] = tv_xasprintf("%s/%s", strcmp(self, "/") == 0 ? "" : self,
				TAVLE_HELPER_RELDIR);
		free(self);
	}
	dirs[n++] = tv_xstrdup(TAVLE_HELPER_DIR);
	return n;
}

/* The helper's path, or NULL with the places looked in written to looked. */
static char *
find_helper(char *looked, size_t size)
{
	char *dirs[MAX_CANDIDATES];
	size_t n = candidates(dirs);
	char *path = NULL;
	for (size_t i = 0; i < n && !path; i++) {
		char *p = tv_xasprintf("%s/%s", dirs[i], HELPER_NAME);
		if (is_program(p))
			path = p;
		else
			free(p);
	}
	size_t used = 0;
	looked[0] = '\0';
	for (size_t i = 0; i < n && used < size; i++)
		used += (size_t)snprintf(looked + used, size - used, "%s%s",
			i == 0 ? "" : i + 1 < n ? ", " : " or ", dirs[i]);
	for (size_t i = 0; i < n; i++)
		free(dirs[i]);
	return path;
}

int
cli_helper_exec(struct cli *c, const struct cli_command *cmd, char **argv)
{
	char looked[1024];
	char *path = find_helper(looked, sizeof looked);
	int rc;
	if (path) {
		/* Nothing is buffered yet, but make sure: the helper writes to the same files. */
		fflush(NULL);
		execv(path, argv);
		rc = cli_fail(c, CLI_FAIL, "cannot run %s: %s", path, strerror(errno));
		free(path);
	} else {
		rc = cli_fail(c, CLI_FAIL, "%s%s%s needs the program %s, which is not in %s "
			"(is tavle fully installed? TAVLE_EXEC_PATH=DIR names its directory)",
			cmd->name, cmd->sub ? " " : "", cmd->sub ? cmd->sub : "", HELPER_NAME, looked);
	}
	return rc;
}

char *
cli_helper_path(char **why)
{
	char looked[1024];
	char *path = find_helper(looked, sizeof looked);
	if (!path)
		*why = tv_xasprintf(_("the program %s is not in %s (is tavle fully installed?)"),
			HELPER_NAME, looked);
	return path;
}

/* The table's handler for the helper's commands. In tavle, cli_helper_exec has exec'd
 * the helper before any handler runs, so this is reached only if that contract breaks. */
int
cli_helper_run(struct cli *c, const struct cli_args *a)
{
	return cli_fail(c, CLI_FAIL, "internal error: %s ran in the main binary", a->cmd->name);
}
