/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The interface language from the environment (see tavle/i18n.h). Reading the
 * variables directly rather than setlocale(LC_MESSAGES, NULL) keeps the answer the
 * same for the CLI, the TUI and the tests, whether or not setlocale was called.
 * Must not depend on curses, SQLite or libical.
 */
#include <libintl.h>
#include <stdlib.h>
#include <string.h>

#include "tavle/i18n.h"

static bool
is_danish(const char *v)
{
	return strncmp(v, "da", 2) == 0 && (v[2] == '\0' || v[2] == '_' || v[2] == '.' ||
		v[2] == ':' || v[2] == '@');
}

/* The messages locale as gettext picks it: LC_ALL, then LC_MESSAGES, then LANG, else "C". */
static const char *
messages_locale(void)
{
	const char *all = getenv("LC_ALL");
	const char *msg = getenv("LC_MESSAGES");
	const char *lang = getenv("LANG");
	return all && *all ? all : msg && *msg ? msg : lang && *lang ? lang : "C";
}

static bool
is_c_locale(const char *v)
{
	return strcmp(v, "C") == 0 || strcmp(v, "POSIX") == 0 || strncmp(v, "C.", 2) == 0;
}

bool
tv_i18n_danish(void)
{
	const char *v = messages_locale();
	/* gettext ignores LANGUAGE when the locale is C/POSIX. */
	if (is_c_locale(v))
		return false;
	const char *language = getenv("LANGUAGE");
	if (language && *language)
		return is_danish(language);
	return is_danish(v);
}

bool
tv_i18n_names_danish(void)
{
	if (is_c_locale(messages_locale()))
		return true;
	return tv_i18n_danish();
}

void
tv_i18n_init(const char *localedir)
{
	const char *env = getenv("TAVLE_LOCALEDIR");
	bindtextdomain("tavle", env && env[0] ? env : localedir);
	bind_textdomain_codeset("tavle", "UTF-8");
	textdomain("tavle");
}
