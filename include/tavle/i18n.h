/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The interface language. The model's tables already carry Danish and English names,
 * so they are chosen by the language of LC_MESSAGES (LANGUAGE first, as gettext does)
 * instead of being translated a second time. Must not depend on curses, SQLite or
 * libical.
 */
#ifndef TAVLE_I18N_H
#define TAVLE_I18N_H

#include <libintl.h>
#include <stdbool.h>

/* Interface strings: English message ids translated through gettext (po/da.po).
 * N_() marks a string in a table for extraction; translate it where it is shown. */
#define _(s) gettext(s)
#define N_(s) (s)

/* Is the message language Danish? LANGUAGE (its first entry), else LC_ALL, else
 * LC_MESSAGES, else LANG: "da", "da_DK.UTF-8", "da:en" are Danish; "C", unset and any
 * other language are English. */
bool tv_i18n_danish(void);

/* Should the board show the model's Danish names (areas, statuses)? Danish unless the
 * message language is set to another language (en_US.UTF-8, LANGUAGE=en): the C and
 * POSIX locales keep the programme's own Danish names, as its template content is. */
bool tv_i18n_names_danish(void);

/* Bind the "tavle" text domain: $TAVLE_LOCALEDIR (an uninstalled build: BUILD/po),
 * else the installed locale directory `localedir`. Call after setlocale(). */
void tv_i18n_init(const char *localedir);

#endif
