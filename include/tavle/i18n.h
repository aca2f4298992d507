/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The interface language. The model's tables already carry Danish and English names,
 * so they are chosen by the language of LC_MESSAGES (LANGUAGE first, as gettext does)
 * instead of being translated a second time. Must not depend on curses, SQLite or
 * libical.
 */
#ifndef TAVLE_I18N_H
#define TAVLE_I18N_H

#include <stdbool.h>

/* Is the message language Danish? LANGUAGE (its first entry), else LC_ALL, else
 * LC_MESSAGES, else LANG: "da", "da_DK.UTF-8", "da:en" are Danish; "C", unset and any
 * other language are English. */
bool tv_i18n_danish(void);

#endif
