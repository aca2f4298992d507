/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Unit tests of the text module: strict UTF-8, the sanitiser against terminal attacks,
 * display widths and clipping, field validation messages, JSON escaping and initials,
 * plus a seeded property check of the sanitiser over random byte strings.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tavle/text.h"

/* Sanitise a literal (length-based, so embedded NULs count) and compare. */
#define SAN_EQ(lit, flags, want)                                           \
	do {                                                               \
		char *got_ = tv_text_sanitize(lit, sizeof(lit) - 1, flags); \
		assert_string_equal(got_, want);                           \
		free(got_);                                                \
	} while (0)

#define FFFD "\xEF\xBF\xBD"

static void
test_decode(void **state)
{
	(void)state;
	unsigned cp;
	assert_int_equal(tv_utf8_decode("A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(tv_utf8_decode("\xC3\xA6", 2, &cp), 2); /* æ */
	assert_int_equal(cp, 0xE6);
	assert_int_equal(tv_utf8_decode("\xE6\xBC\xA2", 3, &cp), 3); /* 漢 */
	assert_int_equal(cp, 0x6F22);
	assert_int_equal(tv_utf8_decode("\xF0\x9F\x98\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x1F600);
	assert_int_equal(tv_utf8_decode("\xF4\x8F\xBF\xBF", 4, &cp), 4);
	assert_int_equal(cp, 0x10FFFF);
	/* invalid: each gives U+FFFD of length 1 */
	static const char *const bad[] = {
		"\xFF", "\xC0\xAF", "\xC1\xBF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xED\xBF\xBF",
		"\xF0\x80\x80\xAF", "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\x80", "\xBF",
		"\xC3", "\xE6\xBC", "\xF0\x9F\x98", "\xC3\x41",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cp = 0;
		assert_int_equal(tv_utf8_decode(bad[i], strlen(bad[i]), &cp), 1);
		assert_int_equal(cp, 0xFFFD);
	}
	/* truncated by n even though bytes follow */
	assert_int_equal(tv_utf8_decode("\xC3\xA6", 1, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
}

static void
test_valid_utf8(void **state)
{
	(void)state;
	assert_true(tv_text_valid_utf8("", 0));
	assert_true(tv_text_valid_utf8("Ærø Kommune", strlen("Ærø Kommune")));
	assert_true(tv_text_valid_utf8("\x1b[2J", 4)); /* valid, though not safe */
	assert_false(tv_text_valid_utf8("a\0b", 3));
	assert_false(tv_text_valid_utf8("\xFF", 1));
	assert_false(tv_text_valid_utf8("\xE0\x80\xAF", 3));
	assert_false(tv_text_valid_utf8("\xED\xA0\x80", 3));
	assert_false(tv_text_valid_utf8("\xC3", 1));
}

static void
test_sanitize_terminal_attacks(void **state)
{
	(void)state;
	/* OSC title sequence: ESC and BEL neutralised */
	SAN_EQ("\x1b]0;pwned\x07", 0, FFFD "]0;pwned" FFFD);
	SAN_EQ("\x1b]0;pwned\x07", TV_SAN_VISIBLE, "^[]0;pwned^G");
	SAN_EQ("\x1b[2J", 0, FFFD "[2J");
	SAN_EQ("\x1b[2J", TV_SAN_VISIBLE, "^[[2J");
	/* CR would overwrite the start of the line */
	SAN_EQ("paid\rUNPAID", 0, "paid UNPAID");
	SAN_EQ("paid\rUNPAID", TV_SAN_VISIBLE, "paid^MUNPAID");
	/* BS would erase */
	SAN_EQ("abc\b\b\bxyz", 0, "abc" FFFD FFFD FFFD "xyz");
	SAN_EQ("abc\bx", TV_SAN_VISIBLE, "abc^Hx");
	/* TAB becomes a space in every mode */
	SAN_EQ("a\tb", 0, "a b");
	SAN_EQ("a\tb", TV_SAN_VISIBLE | TV_SAN_KEEP_NEWLINES, "a b");
	/* LF */
	SAN_EQ("one\ntwo", 0, "one two");
	SAN_EQ("one\ntwo", TV_SAN_KEEP_NEWLINES, "one\ntwo");
	SAN_EQ("one\ntwo", TV_SAN_VISIBLE, "one two");
	SAN_EQ("one\ntwo", TV_SAN_VISIBLE | TV_SAN_KEEP_NEWLINES, "one\ntwo");
	/* U+2028 / U+2029 line and paragraph separators */
	SAN_EQ("a\xE2\x80\xA8" "b\xE2\x80\xA9" "c", 0, "a b c");
	SAN_EQ("a\xE2\x80\xA8" "b", TV_SAN_KEEP_NEWLINES, "a\nb");
	/* DEL */
	SAN_EQ("a\x7f", 0, "a" FFFD);
	SAN_EQ("a\x7f", TV_SAN_VISIBLE, "a^?");
	/* C1 NEL as UTF-8 C2 85, and CSI C2 9B */
	SAN_EQ("a\xC2\x85" "b", 0, "a" FFFD "b");
	SAN_EQ("a\xC2\x85" "b", TV_SAN_VISIBLE, "a<U+0085>b");
	SAN_EQ("\xC2\x9B" "2J", TV_SAN_VISIBLE, "<U+009B>2J");
	SAN_EQ("\xC2\x80", TV_SAN_VISIBLE, "<U+0080>");
	/* every C0 has a caret form */
	SAN_EQ("\x01\x1f\x1c", TV_SAN_VISIBLE, "^A^_^\\");
	/* NU in the middle (length-based) */
	SAN_EQ("a\0b", 0, "a" FFFD "b");
	SAN_EQ("a\0b", TV_SAN_VISIBLE, "a^@b");
}

static void
test_sanitize_unicode(void **state)
{
	(void)state;
	/* bidi overrides and isolates dropped */
	SAN_EQ("invoice \xE2\x80\xAE" "fdp.exe", 0, "invoice fdp.exe");
	SAN_EQ("\xE2\x80\xAA\xE2\x80\xAB\xE2\x80\xAC\xE2\x80\xAD\xE2\x80\xAE" "x", 0, "x");
	SAN_EQ("\xE2\x81\xA6" "a\xE2\x81\xA7\xE2\x81\xA8\xE2\x81\xA9", TV_SAN_VISIBLE, "a");
	SAN_EQ("\xE2\x80\x8E" "a\xE2\x80\x8F\xD8\x9C", 0, "a");
	/* zero-width dropped */
	SAN_EQ("a\xE2\x80\x8B" "b\xE2\x80\x8C" "c\xE2\x80\x8D" "d\xE2\x81\xA0" "e\xEF\xBB\xBF", 0,
		"abcde");
	/* invalid bytes become one U+FFFD each */
	SAN_EQ("\xff", 0, FFFD);
	SAN_EQ("\xc0\xaf", 0, FFFD FFFD);
	SAN_EQ("\xed\xa0\x80", 0, FFFD FFFD FFFD);
	SAN_EQ("\xe0\x80\xaf", 0, FFFD FFFD FFFD);
	SAN_EQ("x\xe6\xbc", 0, "x" FFFD FFFD);
	/* ordinary text untouched */
	SAN_EQ("Ærø Kommune – Næste generation Digital Post 漢字 e\xCC\x81 😀", 0,
		"Ærø Kommune – Næste generation Digital Post 漢字 e\xCC\x81 😀");
	SAN_EQ("", 0, "");
	char *s = tv_text_sanitize(NULL, 5, 0);
	assert_string_equal(s, "");
	free(s);
}

static void
test_width(void **state)
{
	(void)state;
	assert_int_equal(tv_text_width(""), 0);
	assert_int_equal(tv_text_width("abc"), 3);
	assert_int_equal(tv_text_width("æøåÆØÅ"), 6);
	assert_int_equal(tv_text_width("漢字"), 4);
	assert_int_equal(tv_text_width("e\xCC\x81"), 1);
	assert_int_equal(tv_text_width("…"), 1);
	assert_int_equal(tv_text_width("😀"), 2);
	assert_int_equal(tv_text_width(NULL), 0);
	/* raw invalid bytes still count one column each */
	assert_int_equal(tv_text_width("\xff\xfe"), 2);
}

static void
test_clip(void **state)
{
	(void)state;
	int w = -1;
	assert_int_equal(tv_text_clip("漢字漢", 3, &w), 3);
	assert_int_equal(w, 2);
	assert_int_equal(tv_text_clip("漢字漢", 4, &w), 6);
	assert_int_equal(w, 4);
	assert_int_equal(tv_text_clip("漢字漢", 1, &w), 0);
	assert_int_equal(w, 0);
	assert_int_equal(tv_text_clip("abc", 10, &w), 3);
	assert_int_equal(w, 3);
	assert_int_equal(tv_text_clip("abc", 0, &w), 0);
	assert_int_equal(tv_text_clip("abc", -5, &w), 0);
	assert_int_equal(w, 0);
	/* combining marks stay with their base */
	assert_int_equal(tv_text_clip("e\xCC\x81" "x", 1, &w), 3);
	assert_int_equal(w, 1);
	assert_int_equal(tv_text_clip("ae\xCC\x81\xCC\xA3" "b", 2, &w), 6);
	assert_int_equal(w, 2);
	/* never splits a multi-byte character */
	assert_int_equal(tv_text_clip("æøå", 2, NULL), 4);
	assert_int_equal(tv_text_clip("😀x", 1, NULL), 0);
}

static void
expect_ellipsis(const char *in, int width, const char *want)
{
	char *got = tv_text_ellipsize(in, width);
	assert_string_equal(got, want);
	if (width > 0)
		assert_true(tv_text_width(got) <= width);
	free(got);
}

static void
test_ellipsize(void **state)
{
	(void)state;
	expect_ellipsis("Kommunikation", 20, "Kommunikation");
	expect_ellipsis("Kommunikation", 13, "Kommunikation");
	expect_ellipsis("Kommunikation", 12, "Kommunikati…");
	expect_ellipsis("Kommunikation", 1, "…");
	expect_ellipsis("Kommunikation", 0, "");
	expect_ellipsis("Kommunikation", -3, "");
	expect_ellipsis("漢字漢", 5, "漢字…");
	expect_ellipsis("漢字漢", 4, "漢…");
	expect_ellipsis("Ærø Kommune", 4, "Ærø…");
	expect_ellipsis("", 3, "");
}

static void
expect_field(const char *text, size_t max, bool multi, bool req, const char *msg)
{
	struct tv_diag diag;
	tv_diag_clear(&diag);
	enum tv_status st = tv_text_check("title", text, max, multi, req, &diag);
	if (!msg) {
		if (st != TV_OK)
			fail_msg("'%s' rejected: %s", text, diag.msg);
		return;
	}
	assert_int_equal(st, TV_INVALID);
	assert_string_equal(diag.msg, msg);
}

static void
test_check(void **state)
{
	(void)state;
	expect_field("Ærø Kommune", TV_MAX_TITLE, false, true, NULL);
	expect_field("", TV_MAX_TITLE, false, false, NULL);
	expect_field("", TV_MAX_TITLE, false, true, "title is empty");
	expect_field("   ", TV_MAX_TITLE, false, true, "title is empty");
	expect_field("\n\n", TV_MAX_TITLE, true, true, "title is empty");
	expect_field("line one\nline two\tx", TV_MAX_SECTION, true, true, NULL);
	expect_field("line one\nline two", TV_MAX_TITLE, false, true,
		"title contains a control character (U+000A)");
	expect_field("a\tb", TV_MAX_TITLE, false, true,
		"title contains a control character (U+0009)");
	expect_field("a\rb", TV_MAX_TITLE, true, true,
		"title contains a control character (U+000D)");
	expect_field("x\x1b]0;pwned\x07", TV_MAX_TITLE, false, true,
		"title contains a control character (U+001B)");
	expect_field("x\x7f", TV_MAX_TITLE, false, true,
		"title contains a control character (U+007F)");
	expect_field("x\xC2\x85", TV_MAX_TITLE, true, true,
		"title contains a control character (U+0085)");
	expect_field("abc\xE2\x80\xAE" "gpj.exe", TV_MAX_TITLE, false, true,
		"title contains a bidirectional override (U+202E)");
	expect_field("\xE2\x81\xA6" "x", TV_MAX_TITLE, true, true,
		"title contains a bidirectional override (U+2066)");
	expect_field("abcd\xff", TV_MAX_TITLE, false, true, "title is not valid UTF-8 (byte 5)");
	expect_field("\xED\xA0\x80", TV_MAX_TITLE, false, true,
		"title is not valid UTF-8 (byte 1)");
	expect_field("12345", 5, false, true, NULL);
	expect_field("123456", 5, false, true, "title is 6 bytes; the limit is 5");
	/* limits are bytes, not characters */
	expect_field("ææø", 5, false, true, "title is 6 bytes; the limit is 5");
	char *big = malloc(1048577);
	memset(big, 'a', 1048576);
	big[1048576] = '\0';
	expect_field(big, TV_MAX_TITLE, false, true, "title is 1048576 bytes; the limit is 300");
	free(big);
	assert_int_equal(tv_text_check("name", NULL, 10, false, true, NULL), TV_INVALID);
	assert_int_equal(tv_text_check("name", NULL, 10, false, false, NULL), TV_OK);
}

static char *
json_of(const char *text)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	tv_json_string(fp, text);
	fclose(fp);
	return buf;
}

static void
expect_json(const char *in, const char *want)
{
	char *got = json_of(in);
	assert_string_equal(got, want);
	assert_true(tv_text_valid_utf8(got, strlen(got)));
	free(got);
}

static void
test_json(void **state)
{
	(void)state;
	expect_json("plain", "\"plain\"");
	expect_json("", "\"\"");
	expect_json(NULL, "null");
	expect_json("say \"hi\" \\ bye", "\"say \\\"hi\\\" \\\\ bye\"");
	expect_json("a\nb\tc\rd\be\ff", "\"a\\nb\\tc\\rd\\be\\ff\"");
	expect_json("\x1b[2J\x01\x1f", "\"\\u001b[2J\\u0001\\u001f\"");
	expect_json("del\x7f", "\"del\\u007f\"");
	expect_json("a\xE2\x80\xA8" "b\xE2\x80\xA9", "\"a\\u2028b\\u2029\"");
	/* C1 CSI, a bidi override and a zero-width space: escaped, not raw. */
	expect_json("a\xC2\x9B" "2Jb\xE2\x80\xAE" "c\xE2\x80\x8B" "d",
		"\"a\\u009b2Jb\\u202ec\\u200bd\"");
	expect_json("Ærø 漢字", "\"Ærø 漢字\"");
	expect_json("bad\xff\xc0", "\"bad" FFFD FFFD "\"");
	expect_json("/", "\"/\"");
}

static void
expect_initials(const char *name, const char *want)
{
	char buf[16];
	memset(buf, 'x', sizeof buf);
	tv_text_initials(name, buf, sizeof buf);
	assert_string_equal(buf, want);
}

static void
test_initials(void **state)
{
	(void)state;
	expect_initials("Mette Ærø Hansen", "MÆH");
	expect_initials("mette ærø hansen", "MÆH");
	expect_initials("Anne-Marie Østergaard", "AMØ");
	expect_initials("  søren   åby ", "SÅ");
	expect_initials("Jens", "J");
	expect_initials("a b c d e", "ABC");
	expect_initials("", "");
	expect_initials(NULL, "");
	expect_initials("\x1b[31mred", "M"); /* starts at the first letter */
	expect_initials("(Mette) 2 Hansen", "MH");
	expect_initials("漢字 x", "漢X");
	/* small buffers: never overflow, never split a character */
	char buf[3];
	tv_text_initials("Ærø Øster", buf, sizeof buf);
	assert_string_equal(buf, "Æ");
	char one[1] = { 'x' };
	tv_text_initials("Ab", one, sizeof one);
	assert_int_equal(one[0], '\0');
}

/* ---- property check ---- */

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint32_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16);
}

/* Bytes biased towards the interesting ones: controls, lead and continuation bytes. */
static void
random_bytes(unsigned char *p, size_t n)
{
	static const unsigned char palette[] = {
		0x00, 0x07, 0x08, 0x09, 0x0A, 0x0D, 0x1B, 0x7F, 0x80, 0x85, 0x9B, 0xA0, 0xAE,
		0xBF, 0xC0, 0xC2, 0xC3, 0xCC, 0xE0, 0xE2, 0xE6, 0xED, 0xEF, 0xF0, 0xF4, 0xF5,
		0xFF, 0x80, 0x81, 0x8B, 0xA8, 0xBB, 'a', ' ', '-',
	};
	for (size_t i = 0; i < n; i++) {
		uint32_t r = rng();
		if (r % 3 == 0)
			p[i] = (unsigned char)(r >> 8);
		else
			p[i] = palette[(r >> 8) % sizeof palette];
	}
}

static void
assert_clean(const char *out, bool keep_nl)
{
	size_t len = strlen(out);
	assert_true(tv_text_valid_utf8(out, len));
	size_t i = 0;
	while (i < len) {
		unsigned cp;
		size_t n = tv_utf8_decode(out + i, len - i, &cp);
		if (cp < 0x20 && !(cp == '\n' && keep_nl))
			fail_msg("control U+%04X in output", cp);
		if (cp == 0x7F || (cp >= 0x80 && cp <= 0x9F))
			fail_msg("control U+%04X in output", cp);
		if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
		    cp == 0x200E || cp == 0x200F || cp == 0x061C || cp == 0x2028 || cp == 0x2029)
			fail_msg("bidi or separator U+%04X in output", cp);
		if ((cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF)
			fail_msg("zero-width U+%04X in output", cp);
		i += n;
	}
}

static void
test_sanitize_property(void **state)
{
	(void)state;
	unsigned char in[64];
	for (int iter = 0; iter < 20000; iter++) {
		size_t n = rng() % sizeof in;
		random_bytes(in, n);
		unsigned flags = (unsigned)iter & 3;
		char *out = tv_text_sanitize((const char *)in, n, flags);
		assert_clean(out, flags & TV_SAN_KEEP_NEWLINES);
		int width = (int)(rng() % 40);
		int got;
		size_t cut = tv_text_clip(out, width, &got);
		assert_true(got <= width);
		assert_true(cut <= strlen(out));
		assert_true(tv_text_valid_utf8(out, cut));
		char *prefix = strndup(out, cut);
		assert_int_equal(tv_text_width(prefix), got);
		free(prefix);
		char *ell = tv_text_ellipsize(out, width);
		assert_true(tv_text_width(ell) <= width);
		assert_true(tv_text_valid_utf8(ell, strlen(ell)));
		free(ell);
		/* sanitising is idempotent */
		char *again = tv_text_sanitize(out, strlen(out), flags);
		assert_string_equal(again, out);
		free(again);
		free(out);
	}
}

static void
test_contains_ci(void **state)
{
	(void)state;
	assert_true(tv_text_contains_ci("Kommunikation", "MUNI"));
	assert_true(tv_text_contains_ci("abc", "abc"));
	assert_true(tv_text_contains_ci("abc", ""));
	assert_true(tv_text_contains_ci("", ""));
	assert_false(tv_text_contains_ci("abc", "abcd"));
	assert_false(tv_text_contains_ci("", "a"));
	assert_false(tv_text_contains_ci(NULL, "a"));
	assert_false(tv_text_contains_ci(NULL, ""));
	assert_false(tv_text_contains_ci("abc", NULL));
}

int
main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8")) {
		fprintf(stderr, "C.UTF-8 locale missing\n");
		return 1;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_valid_utf8),
		cmocka_unit_test(test_sanitize_terminal_attacks),
		cmocka_unit_test(test_sanitize_unicode),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_clip),
		cmocka_unit_test(test_ellipsize),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_initials),
		cmocka_unit_test(test_sanitize_property),
		cmocka_unit_test(test_contains_ci),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
