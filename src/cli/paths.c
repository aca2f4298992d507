/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Where the running program is, and so where its companions are: the directory of the
 * binary (for tavle-helper, see helper_exec.c) and the message catalogues. An installed
 * tavle reads its catalogues from the configured localedir; tavle run from a Meson
 * build directory (build/src/tavle, as the quick start does) reads the ones that build
 * compiled (build/po/LANG/LC_MESSAGES/tavle.mo), so a Danish user sees a Danish board
 * before anything is installed. $TAVLE_LOCALEDIR overrides both (tv_i18n_init).
 * Depends on cli.h, config.h and POSIX only.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"

char *
cli_exe_dir(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	if (n <= 0 || (size_t)n >= sizeof buf - 1)
		return NULL;
	buf[n] = '\0';
	char *slash = strrchr(buf, '/');
	if (!slash)
		return NULL;
	if (slash == buf)
		return tv_xstrdup("/");
	*slash = '\0';
	return tv_xstrdup(buf);
}

static bool
is_dir(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

char *
cli_locale_dir(void)
{
	char *self = cli_exe_dir();
	if (self) {
		/* A build tree: BUILD/src/tavle beside BUILD/meson-private and BUILD/po. */
		char *slash = strrchr(self, '/');
		if (slash && slash != self && strcmp(slash, "/src") == 0) {
			*slash = '\0';
			char *private = tv_xasprintf("%s/meson-private", self);
			char *po = tv_xasprintf("%s/po", self);
			bool build_tree = is_dir(private) && is_dir(po);
			free(private);
			free(self);
			if (build_tree)
				return po;
			free(po);
		} else {
			free(self);
		}
	}
	return tv_xstrdup(TAVLE_LOCALEDIR);
}
