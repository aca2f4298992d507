/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Unit tests of the board's people as owners (include/tavle/people.h): the short forms
 * cards show are unique on a board, follow the documented rule (initials, then letters
 * of the last word, then a number), do not depend on the order of the names and are
 * measured in display columns; the owner choices list people, the owners the packages
 * name and names typed before, each once, in that order.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include "tavle/people.h"
#include "tavle/text.h"

/* The short forms of `names` must be `want`, in order and in reverse order. */
static void
expect_forms(const char *const *names, const char *const *want, size_t n)
{
	char **f = tv_people_short_forms(names, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(f[i], want[i]);
	tv_people_forms_free(f, n);
	const char **rev = calloc(n, sizeof *rev);
	for (size_t i = 0; i < n; i++)
		rev[i] = names[n - 1 - i];
	f = tv_people_short_forms(rev, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(f[i], want[n - 1 - i]);
	tv_people_forms_free(f, n);
	free(rev);
}

/* The default template's package owners: K, P and S each stood for two of them. */
static void
test_template_owners(void **state)
{
	(void)state;
	const char *names[] = { "Kommunikationsansvarlig", "Kontaktperson", "Projektejer",
		"Systemansvarlig", "Postkasseansvarlig", "Supportansvarlig",
		"Uddannelsesansvarlig" };
	const char *want[] = { "Kom", "Kon", "Pr", "Sy", "Po", "Su", "U" };
	expect_forms(names, want, 7);
}

static void
test_people_names(void **state)
{
	(void)state;
	/* Danish letters count as one letter and one column each. */
	const char *a[] = { "Mette Holm", "Mette Høj", "Anne Berg" };
	const char *wa[] = { "MHo", "MHø", "AB" };
	expect_forms(a, wa, 3);
	char **f = tv_people_short_forms(a, 3);
	assert_int_equal(tv_text_width(f[1]), 3);
	tv_people_forms_free(f, 3);
	/* A decomposed ø (o + U+0308) stays one letter with its mark. */
	const char *b[] = { "Mette Ho\xcc\x88j", "Mette Holm" };
	const char *wb[] = { "MHo\xcc\x88", "MHo" };
	expect_forms(b, wb, 2);
	/* Different bases keep their initials; a lone name its base. */
	const char *c[] = { "Mette Holm", "Kim Olsen", "Ærø Kommune" };
	const char *wc[] = { "MH", "KO", "ÆK" };
	expect_forms(c, wc, 3);
	/* Bases compared without case: "kim olsen" and "Karl Otto" share "KO". */
	const char *d[] = { "kim olsen", "Karl Otto" };
	const char *wd[] = { "KOl", "KOt" };
	expect_forms(d, wd, 2);
	/* Letters of the last word only: "(SPOC)" lends P, O, C. */
	const char *e[] = { "Kontaktperson (SPOC)", "Kim Sørensen" };
	const char *we[] = { "KSP", "KSø" };
	expect_forms(e, we, 2);
}

static void
test_numbered(void **state)
{
	(void)state;
	/* Equal but for case: numbered in byte order of the names. */
	const char *a[] = { "anne berg", "Anne Berg" };
	const char *wa[] = { "ABerg2", "ABerg1" };
	expect_forms(a, wa, 2);
	/* Names without letters. */
	const char *b[] = { "42", "-", "Team 1", "Team 2" };
	char **f = tv_people_short_forms(b, 4);
	assert_string_equal(f[2], "T1");
	assert_string_equal(f[3], "T2");
	tv_people_forms_free(f, 4);
	/* Always unique, whatever the names. */
	const char *c[] = { "", "", "x", "X", "Anne B", "Anne Bo", "A. Bo", "A B" };
	size_t n = sizeof c / sizeof c[0];
	f = tv_people_short_forms(c, n);
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (strcasecmp(f[i], f[j]) == 0)
				fail_msg("\"%s\" and \"%s\" both %s", c[i], c[j], f[i]);
	tv_people_forms_free(f, n);
	assert_non_null(f = tv_people_short_forms(NULL, 0));
	tv_people_forms_free(f, 0);
}

/* Lower-case ASCII and the Danish letters, for comparing forms the way the rule does. */
static char *
folded(const char *s)
{
	char *f = strdup(s);
	for (char *c = f; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
		else if ((unsigned char)c[0] == 0xc3 && (unsigned char)c[1] >= 0x80 &&
				(unsigned char)c[1] <= 0x9e && (unsigned char)c[1] != 0x97)
			c[1] = (char)(c[1] + 0x20);   /* Æ Ø Å ... -> æ ø å ... */
	return f;
}

/* Random boards of up to 40 owners built from a few syllables, Danish letters and a
 * combining mark: the forms are always unique without case, and a name's form does not
 * depend on the order the names come in. */
static void
test_property(void **state)
{
	(void)state;
	static const char *const parts[] = { "Ma", "Me", "Mø", "Hol", "Høj", "ha", "Ko",
		"Kø", "Æ", "æ", "o\xcc\x88", "n", "s", "1", " ", " ", "-", "." };
	unsigned seed = 12345;
	for (int round = 0; round < 300; round++) {
		size_t n = 0, want = 1 + (size_t)(seed % 40);
		char *names[40];
		while (n < want) {
			char buf[64] = "";
			int len = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 5;
			for (int k = 0; k < len; k++) {
				seed = seed * 1103515245u + 12345u;
				strcat(buf, parts[(seed >> 16) % (sizeof parts / sizeof parts[0])]);
			}
			bool dup = false;
			for (size_t j = 0; j < n; j++)
				dup = dup || strcmp(names[j], buf) == 0;
			if (!dup)
				names[n++] = strdup(buf);
			else
				want--;
		}
		char **f = tv_people_short_forms((const char *const *)names, n);
		for (size_t i = 0; i < n; i++)
			for (size_t j = i + 1; j < n; j++) {
				char *a = folded(f[i]), *b = folded(f[j]);
				if (strcmp(a, b) == 0)
					fail_msg("\"%s\" and \"%s\" both \"%s\"", names[i], names[j], f[i]);
				free(a);
				free(b);
			}
		/* Reversed order, same forms. */
		char *rev[40];
		for (size_t i = 0; i < n; i++)
			rev[i] = names[n - 1 - i];
		char **g = tv_people_short_forms((const char *const *)rev, n);
		for (size_t i = 0; i < n; i++)
			assert_string_equal(g[i], f[n - 1 - i]);
		tv_people_forms_free(f, n);
		tv_people_forms_free(g, n);
		for (size_t i = 0; i < n; i++)
			free(names[i]);
	}
}

static void
test_owner_choices(void **state)
{
	(void)state;
	struct tv_person people[2] = {
		{ .name = "Kontaktperson (SPOC)", .role = TV_ROLE_CONTACT, .area = -1 },
		{ .name = "Kommunikationsansvarlig", .role = TV_ROLE_AREA, .area = TV_AREA_KOM },
	};
	struct tv_package pk[4] = {
		{ .owner = "Kommunikationsansvarlig" }, { .owner = "Kontaktperson" },
		{ .owner = NULL }, { .owner = "  " },
	};
	struct tv_board_data d = { .people = people, .npeople = 2, .packages = pk,
		.npackages = 4 };
	const char *typed[] = { "Mette Holm", "Kontaktperson", "" };
	struct tv_owner_choice *l;
	size_t n;
	tv_people_owners(&d, typed, 3, &l, &n);
	assert_int_equal(n, 4);
	assert_string_equal(l[0].name, "Kontaktperson (SPOC)");
	assert_int_equal(l[0].source, TV_OWNER_PERSON);
	assert_int_equal(l[0].role, TV_ROLE_CONTACT);
	assert_string_equal(l[1].name, "Kommunikationsansvarlig");
	assert_int_equal(l[1].source, TV_OWNER_PERSON);
	assert_int_equal(l[1].area, TV_AREA_KOM);
	assert_string_equal(l[2].name, "Kontaktperson");
	assert_int_equal(l[2].source, TV_OWNER_USED);
	assert_int_equal(l[2].role, -1);
	assert_string_equal(l[3].name, "Mette Holm");
	assert_int_equal(l[3].source, TV_OWNER_TYPED);
	assert_int_equal(tv_people_owner_find(l, n, "Mette Holm"), 3);
	assert_int_equal(tv_people_owner_find(l, n, "mette holm"), -1);
	assert_int_equal(tv_people_owner_find(l, n, NULL), -1);
	tv_people_owners_free(l, n);
	tv_people_owners(NULL, NULL, 0, &l, &n);
	assert_int_equal(n, 0);
	tv_people_owners_free(l, n);
}

/* Tasks' owners (issue 16, item 9) are owners of the board: offered by the menu
 * after the packages' and made unique with them (a task owner "Mette Høj" beside the
 * package owner "Mette Holm" makes both longer than "MH"). */
static void
test_task_owners(void **state)
{
	(void)state;
	struct tv_task t1[2] = { { .owner = "Mette Høj" }, { .owner = "Mette Holm" } };
	struct tv_task t2[2] = { { .owner = NULL }, { .owner = "" } };
	struct tv_package pk[2] = {
		{ .owner = "Mette Holm", .tasks = t1, .ntasks = 2 },
		{ .owner = "Kim Olsen", .tasks = t2, .ntasks = 2 },
	};
	struct tv_board_data d = { .packages = pk, .npackages = 2 };
	char **names;
	size_t n;
	tv_people_board_owners(&d, &names, &n);
	assert_int_equal(n, 3);
	assert_string_equal(names[0], "Mette Holm");
	assert_string_equal(names[1], "Kim Olsen");
	assert_string_equal(names[2], "Mette Høj");
	char **forms = tv_people_short_forms((const char *const *)names, n);
	assert_string_equal(forms[0], "MHo");
	assert_string_equal(forms[1], "KO");
	assert_string_equal(forms[2], "MHø");
	tv_people_forms_free(forms, n);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	tv_people_board_owners(NULL, &names, &n);
	assert_int_equal(n, 0);
	assert_null(names);

	struct tv_owner_choice *l;
	tv_people_owners(&d, NULL, 0, &l, &n);
	assert_int_equal(n, 3);
	assert_string_equal(l[2].name, "Mette Høj");
	assert_int_equal(l[2].source, TV_OWNER_USED);
	tv_people_owners_free(l, n);
}

int
main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8")) {
		fprintf(stderr, "C.UTF-8 locale missing\n");
		return 1;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_template_owners),
		cmocka_unit_test(test_people_names),
		cmocka_unit_test(test_numbered),
		cmocka_unit_test(test_property),
		cmocka_unit_test(test_owner_choices),
		cmocka_unit_test(test_task_owners),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
