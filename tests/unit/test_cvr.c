/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Unit tests of the CVR number check (tavle/cvr.h): good numbers in every written form
 * it takes, normalised to eight digits; numbers refused for their length, characters,
 * leading zero or the modulus-11 check, each with its reason; and every one-digit
 * change of a good number is caught (what the modulus-11 weights promise).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tavle/cvr.h"

static void
good(const char *text, const char *want)
{
	char out[TV_CVR_BUF] = "x";
	const char *why = tv_cvr_check(text, out);
	if (why)
		fail_msg("'%s' refused: %s", text, why);
	assert_string_equal(out, want);
	assert_true(tv_cvr_valid(text));
}

static void
bad(const char *text, const char *reason_part)
{
	char out[TV_CVR_BUF] = "x";
	const char *why = tv_cvr_check(text, out);
	if (!why)
		fail_msg("'%s' taken as %s", text, out);
	if (!strstr(why, reason_part))
		fail_msg("'%s': reason '%s' does not say '%s'", text, why, reason_part);
	assert_string_equal(out, "");
	assert_false(tv_cvr_valid(text));
}

static void
test_valid(void **state)
{
	(void)state;
	good("29180008", "29180008");
	good("29180016", "29180016");
	good("29180024", "29180024");
	good("DK29180008", "29180008");
	good("dk29180008", "29180008");
	good("DK 29180008", "29180008");
	good("DK-29180008", "29180008");
	good("29 18 00 08", "29180008");
	good("  29180008\t", "29180008");
	good("10000009", "10000009"); /* 2*1 + 9 = 11 */
}

static void
test_invalid(void **state)
{
	(void)state;
	bad("29180009", "modulus-11");
	bad("12345678", "modulus-11");
	bad("2918000", "8 digits");
	bad("291800080", "8 digits");
	bad("00000000", "begins with 0");
	bad("02918000", "begins with 0");
	bad("2918-0008", "other than digits");
	bad("29.18.00.08", "other than digits");
	bad("SE29180008", "other than digits");
	bad("DK", "empty");
	bad("", "empty");
	bad(NULL, "empty");
	bad("   ", "empty");
	bad("２９１８０００８", "other than digits"); /* full-width digits are not digits */
}

/* The weights are all below 11 and distinct from 0 modulo 11, so changing any one
 * digit of a good number always breaks the check. */
static void
test_one_digit_changed(void **state)
{
	(void)state;
	const char *base = "29180008";
	for (int i = 0; i < 8; i++) {
		for (char d = '0'; d <= '9'; d++) {
			char t[TV_CVR_BUF];
			memcpy(t, base, sizeof t);
			if (t[i] == d)
				continue;
			t[i] = d;
			assert_false(tv_cvr_valid(t));
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_one_digit_changed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
