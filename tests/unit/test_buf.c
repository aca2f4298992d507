/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Unit tests of the core's growable string (include/tavle/buf.h): appends of every
 * kind keep it NUL-terminated, growth across many doublings, printf appends longer
 * than the spare room, reset keeping memory, release and detach leaving an empty
 * reusable buffer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tavle/buf.h"

static void
test_empty(void **state)
{
	(void)state;
	struct tv_buf b = TV_BUF_INIT;
	assert_null(b.p);
	assert_string_equal(tv_buf_str(&b), "");
	tv_buf_reserve(&b, 0);
	assert_non_null(b.p);
	assert_string_equal(b.p, "");
	assert_int_equal(b.len, 0);
	tv_buf_release(&b);
	assert_null(b.p);
	assert_int_equal(b.cap, 0);
}

static void
test_appends(void **state)
{
	(void)state;
	struct tv_buf b = { 0 };
	tv_buf_adds(&b, "ab");
	tv_buf_addc(&b, 'c');
	tv_buf_add(&b, "de\0f", 4);
	assert_int_equal(b.len, 7);
	assert_memory_equal(b.p, "abcde\0f", 8);
	tv_buf_addf(&b, "-%d-%s", 42, "x");
	assert_int_equal(b.len, 12);
	assert_memory_equal(b.p + 7, "-42-x", 6);
	tv_buf_release(&b);
}

static void
test_growth(void **state)
{
	(void)state;
	struct tv_buf b = { 0 };
	for (int i = 0; i < 100000; i++)
		tv_buf_addc(&b, (char)('a' + i % 26));
	assert_int_equal(b.len, 100000);
	assert_true(b.cap > b.len);
	assert_int_equal(b.p[b.len], '\0');
	for (int i = 0; i < 100000; i++)
		assert_int_equal(b.p[i], 'a' + i % 26);
	tv_buf_release(&b);
}

static void
test_addf_long(void **state)
{
	(void)state;
	struct tv_buf b = { 0 };
	tv_buf_adds(&b, "x");
	char big[5000];
	memset(big, 'q', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	tv_buf_addf(&b, "[%s]", big);
	assert_int_equal(b.len, 1 + 2 + 4999);
	assert_int_equal(b.p[0], 'x');
	assert_int_equal(b.p[1], '[');
	assert_int_equal(b.p[5000], 'q');
	assert_int_equal(b.p[5001], ']');
	assert_int_equal(b.p[5002], '\0');
	tv_buf_addf(&b, "%s", "");
	assert_int_equal(b.len, 5002);
	tv_buf_release(&b);
}

static void
test_reset_keeps_memory(void **state)
{
	(void)state;
	struct tv_buf b = { 0 };
	tv_buf_addf(&b, "%0500d", 7);
	size_t cap = b.cap;
	char *p = b.p;
	tv_buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, cap);
	assert_ptr_equal(b.p, p);
	assert_string_equal(b.p, "");
	tv_buf_adds(&b, "again");
	assert_string_equal(b.p, "again");
	tv_buf_release(&b);

	struct tv_buf e = { 0 };
	tv_buf_reset(&e);
	assert_non_null(e.p);
	assert_string_equal(e.p, "");
	tv_buf_release(&e);
}

static void
test_detach(void **state)
{
	(void)state;
	struct tv_buf b = { 0 };
	size_t len = 99;
	char *s = tv_buf_detach(&b, &len);
	assert_string_equal(s, "");
	assert_int_equal(len, 0);
	free(s);

	tv_buf_adds(&b, "hello");
	s = tv_buf_detach(&b, &len);
	assert_string_equal(s, "hello");
	assert_int_equal(len, 5);
	assert_null(b.p);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	free(s);
	tv_buf_adds(&b, "reused");
	s = tv_buf_detach(&b, NULL);
	assert_string_equal(s, "reused");
	free(s);
}

/* Writing into the reserved room directly, as the calendar folding does. */
static void
test_direct_write(void **state)
{
	(void)state;
	struct tv_buf b = { 0 };
	tv_buf_adds(&b, "ab");
	tv_buf_reserve(&b, 300);
	assert_true(b.cap >= b.len + 301);
	memset(b.p + b.len, 'z', 300);
	b.len += 300;
	b.p[b.len] = '\0';
	assert_int_equal(strlen(b.p), 302);
	tv_buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_addf_long),
		cmocka_unit_test(test_reset_keeps_memory),
		cmocka_unit_test(test_detach),
		cmocka_unit_test(test_direct_write),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
