/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The CVR number check (tavle/cvr.h): normalisation of the written forms and the
 * modulus-11 check. Pure: no store, no curses, no locale (the reasons are message ids
 * the caller translates).
 */
#include <stddef.h>

#include "tavle/cvr.h"
#include "tavle/i18n.h"

static bool
blank(char c)
{
	return c == ' ' || c == '\t';
}

const char *
tv_cvr_check(const char *text, char out[TV_CVR_BUF])
{
	static const int weights[8] = { 2, 7, 6, 5, 4, 3, 2, 1 };
	char digits[TV_CVR_BUF];
	size_t n = 0;
	if (out)
		out[0] = '\0';
	const char *p = text ? text : "";
	while (blank(*p))
		p++;
	if ((p[0] == 'D' || p[0] == 'd') && (p[1] == 'K' || p[1] == 'k')) {
		p += 2;
		if (*p == '-')
			p++;
	}
	bool any = false;
	for (; *p; p++) {
		if (blank(*p))
			continue;
		if (*p < '0' || *p > '9')
			return N_("has characters other than digits (write 8 digits, e.g. 29180008)");
		any = true;
		if (n < 8)
			digits[n] = *p;
		n++;
	}
	if (!any)
		return N_("is empty (a CVR number has 8 digits)");
	if (n != 8)
		return N_("does not have 8 digits");
	digits[8] = '\0';
	if (digits[0] == '0')
		return N_("begins with 0 (no CVR number does)");
	int sum = 0;
	for (int i = 0; i < 8; i++)
		sum += weights[i] * (digits[i] - '0');
	if (sum % 11 != 0)
		return N_("fails the modulus-11 check (a digit is wrong)");
	if (out)
		for (int i = 0; i < TV_CVR_BUF; i++)
			out[i] = digits[i];
	return NULL;
}

bool
tv_cvr_valid(const char *text)
{
	return tv_cvr_check(text, NULL) == NULL;
}
