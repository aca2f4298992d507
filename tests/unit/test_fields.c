/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Unit tests of the field information table (tavle/fields.h): every row is well
 * formed, the store has exactly one SQL row per field and lists the same names per
 * kind, the lookups and choice lists agree, the store's set and add both enforce
 * the table's limits, and the display names: Danish names for keys under a Danish
 * interface, the keys themselves in English.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tavle/fields.h"
#include "tavle/store.h"

static void
test_rows_well_formed(void **state)
{
	(void)state;
	for (int i = 0; i < TV_FIELD_COUNT; i++) {
		const struct tv_field_info *f = tv_field_info((enum tv_field)i);
		assert_true((unsigned)f->kind < TV_KIND_COUNT);
		assert_non_null(f->name);
		assert_true(f->name[0] != '\0');
		assert_non_null(f->label);
		assert_true(f->label[0] != '\0');
		assert_int_equal(tv_field_id(f), i);
		if (tv_field_is_text(f) || f->type == TV_FT_INT)
			assert_true(f->max > 0);
		else
			assert_int_equal(f->max, 0);
		if (f->type == TV_FT_ENUM)
			assert_true(tv_choices_count(f->choices) > 0);
		else
			assert_int_equal(f->choices, TV_CHOICES_NONE);
		/* no kind has two fields of one name */
		assert_ptr_equal(tv_field_find(f->kind, f->name), f);
	}
}

/* The store's SQL rows and the information rows are the same fields: every id has a
 * column, and tv_store_fields lists exactly the information table's names per kind. */
static void
test_store_agrees(void **state)
{
	(void)state;
	for (int i = 0; i < TV_FIELD_COUNT; i++)
		assert_non_null(tv_store_field_column((enum tv_field)i));
	assert_null(tv_store_field_column(TV_FIELD_COUNT));
	for (int k = 0; k < TV_KIND_COUNT; k++) {
		const char *const *names = tv_store_fields((enum tv_kind)k);
		int n = 0;
		for (; names[n]; n++)
			assert_non_null(tv_field_find((enum tv_kind)k, names[n]));
		int want = 0;
		for (int i = 0; i < TV_FIELD_COUNT; i++)
			if (tv_field_info((enum tv_field)i)->kind == (enum tv_kind)k)
				want++;
		assert_int_equal(n, want);
	}
}

static void
test_lookup(void **state)
{
	(void)state;
	const struct tv_field_info *f = tv_field_find(TV_KIND_MEETING, "url");
	assert_non_null(f);
	assert_int_equal(tv_field_id(f), TV_FIELD_MEETING_url);
	assert_int_equal(f->type, TV_FT_LINE);
	assert_int_equal(f->max, TV_MAX_URL);
	assert_string_equal(f->label, "Link");
	assert_null(tv_field_find(TV_KIND_MEETING, "nope"));
	assert_null(tv_field_find(TV_KIND_TASK, "url"));
	assert_null(tv_field_find(TV_KIND_TASK, NULL));
	f = tv_field_info(TV_FIELD_COMMENT_text);
	assert_int_equal(f->type, TV_FT_TEXT);
	assert_int_equal(f->max, TV_MAX_COMMENT);
	assert_true(f->required);
	assert_int_equal(tv_field_info(TV_FIELD_PACKAGE_number)->max, TV_MAX_PACKAGE_NUMBER);
}

/* The add of a package checks its sections as the fields from background on. */
static void
test_sections_in_order(void **state)
{
	(void)state;
	for (int i = 0; i < TV_SECTION_COUNT; i++) {
		const struct tv_field_info *f = tv_field_info(TV_FIELD_PACKAGE_background + i);
		assert_int_equal(f->kind, TV_KIND_PACKAGE);
		assert_string_equal(f->name, tv_section_key((enum tv_section)i));
		assert_int_equal(f->type, TV_FT_TEXT);
	}
}

static void
test_choices(void **state)
{
	(void)state;
	static const enum tv_choices all[] = { TV_CHOICES_AREA, TV_CHOICES_PSTATUS,
		TV_CHOICES_RESPONSIBLE, TV_CHOICES_MEETING_KIND, TV_CHOICES_DECISION_STATUS,
		TV_CHOICES_ROLE, TV_CHOICES_SECTOR };
	for (size_t c = 0; c < sizeof all / sizeof all[0]; c++) {
		int n = tv_choices_count(all[c]);
		assert_true(n > 0);
		assert_true(tv_choices_noun(all[c])[0] != '\0');
		for (int i = 0; i < n; i++) {
			const char *key = tv_choices_key(all[c], i);
			assert_non_null(key);
			assert_int_equal(tv_choices_find(all[c], key), i);
			assert_non_null(tv_choices_name(all[c], i, true));
			assert_non_null(tv_choices_name(all[c], i, false));
		}
		assert_null(tv_choices_key(all[c], n));
		assert_null(tv_choices_key(all[c], -1));
		assert_null(tv_choices_name(all[c], n, true));
		assert_int_equal(tv_choices_find(all[c], "no such key"), -1);
		assert_int_equal(tv_choices_find(all[c], NULL), -1);
	}
	assert_int_equal(tv_choices_count(TV_CHOICES_NONE), 0);
	assert_int_equal(tv_choices_find(TV_CHOICES_AREA, "data"), TV_AREA_DATA);
	assert_string_equal(tv_choices_noun(TV_CHOICES_MEETING_KIND), "meeting kind");
}

/* set and add enforce the same limits, from the table. */
static void
test_store_enforces_table(void **state)
{
	(void)state;
	struct tv_store *s;
	struct tv_diag d;
	assert_int_equal(tv_store_open(":memory:", TV_STORE_CREATE, &s, &d), TV_OK);
	struct tv_board b = { 0 };
	b.name = strdup("B");
	b.start = TV_NO_DAY;
	assert_int_equal(tv_store_board_add(s, &b), TV_OK);

	size_t max = tv_field_info(TV_FIELD_PACKAGE_title)->max;
	char *longest = malloc(max + 2);
	memset(longest, 't', max + 1);
	longest[max + 1] = '\0';

	struct tv_package p = { 0 };
	p.board_id = b.id;
	p.number = -1;
	p.title = longest;
	p.deadline.day = TV_NO_DAY;
	p.deadline.minute = TV_NO_TIME;
	assert_int_equal(tv_store_package_add(s, &p), TV_INVALID);
	assert_non_null(strstr(tv_store_errmsg(s), "title"));
	longest[max] = '\0';
	assert_int_equal(tv_store_package_add(s, &p), TV_OK);
	p.title = NULL;

	longest[max] = 't';
	assert_int_equal(tv_store_set(s, TV_KIND_PACKAGE, p.id, "title", longest, 0, NULL, NULL),
		TV_INVALID);
	assert_non_null(strstr(tv_store_errmsg(s), "limit"));
	assert_int_equal(tv_store_set(s, TV_KIND_PACKAGE, p.id, "title", "", 0, NULL, NULL),
		TV_INVALID);
	assert_int_equal(tv_store_set(s, TV_KIND_PACKAGE, p.id, "number", "100000", 0, NULL,
		NULL), TV_INVALID);
	assert_string_equal(tv_store_errmsg(s),
		"number: '100000' is not a number from 0 to 99999");
	assert_int_equal(tv_store_set(s, TV_KIND_PACKAGE, p.id, "area", "nope", 0, NULL, NULL),
		TV_INVALID);
	assert_string_equal(tv_store_errmsg(s),
		"area: 'nope' is not an area (org, kom, data, udd)");

	p.number = TV_MAX_PACKAGE_NUMBER + 1;
	p.title = strdup("T");
	assert_int_equal(tv_store_package_add(s, &p), TV_INVALID);
	assert_string_equal(tv_store_errmsg(s),
		"number: 100000 is not a number from 0 to 99999");

	free(longest);
	tv_package_clear(&p);
	tv_board_clear(&b);
	tv_store_close(s);
}

/* Issue 15: links are http, https or mailto; an e-mail is one plain address. */
static void
test_value_checks(void **state)
{
	(void)state;
	static const char *const good_urls[] = { "https://x.dk", "HTTP://X.DK/a?b=1#c",
		"mailto:a@b.dk", "https://ærø.dk/møde", "" };
	static const char *const bad_urls[] = { "javascript:alert(1)", "JavaScript:x", "data:,x",
		"file:///etc/passwd", "www.x.dk", "https://", "https://a b", "https://a\tb",
		"ftp://x.dk" };
	for (size_t i = 0; i < sizeof good_urls / sizeof *good_urls; i++)
		assert_null(tv_field_check(TV_FIELD_MEETING_url, good_urls[i]));
	for (size_t i = 0; i < sizeof bad_urls / sizeof *bad_urls; i++)
		assert_non_null(tv_field_check(TV_FIELD_MEETING_url, bad_urls[i]));
	static const char *const good_mails[] = { "a@b.dk", "a.b+c@sub.example.dk", "æ@ø.dk" };
	static const char *const bad_mails[] = { "notanemail", "a@localhost", "@b.dk", "a@.dk",
		"a@b.", "a b@c.dk", "a@b@c.dk", "Mette <m@x.dk>", "a@b.dk,c@d.dk", "a@b.dk\n" };
	for (size_t i = 0; i < sizeof good_mails / sizeof *good_mails; i++)
		assert_null(tv_field_check(TV_FIELD_PERSON_email, good_mails[i]));
	for (size_t i = 0; i < sizeof bad_mails / sizeof *bad_mails; i++)
		assert_non_null(tv_field_check(TV_FIELD_PERSON_email, bad_mails[i]));
	assert_null(tv_field_check(TV_FIELD_PACKAGE_title, "javascript:alert(1)"));
	/* Stored before: free text passes, a foreign scheme does not. */
	assert_true(tv_field_link_exportable("se intranettet {link}"));
	assert_true(tv_field_link_exportable("Teams: se invitationen"));
	assert_true(tv_field_link_exportable(NULL));
	assert_true(tv_field_link_exportable("https://x.dk"));
	assert_false(tv_field_link_exportable("javascript:alert(1)"));
	assert_false(tv_field_link_exportable("vbscript:x"));
}

/* Run with LC_ALL set to `locale` (unit tests run under C.UTF-8). */
static void
with_locale(const char *locale)
{
	setenv("LC_ALL", locale, 1);
	unsetenv("LANGUAGE");
}

static void
test_display_names(void **state)
{
	(void)state;
	with_locale("da_DK.UTF-8");
	/* Choice values by their Danish names, yes/no as ja/nej, anything else as it is. */
	assert_string_equal(tv_field_value_shown(TV_KIND_PACKAGE, "status", "todo"),
		"Ikke startet");
	assert_string_equal(tv_field_value_shown(TV_KIND_PACKAGE, "status", "doing"), "I gang");
	assert_string_equal(tv_field_value_shown(TV_KIND_MEETING, "kind", "info"), "Infomøde");
	assert_string_equal(tv_field_value_shown(TV_KIND_DECISION, "status", "open"), "Åben");
	assert_string_equal(tv_field_value_shown(TV_KIND_TASK, "done", "yes"), "ja");
	assert_string_equal(tv_field_value_shown(TV_KIND_TASK, "done", "no"), "nej");
	assert_string_equal(tv_field_value_shown(TV_KIND_PACKAGE, "title", "done"), "done");
	assert_string_equal(tv_field_value_shown(TV_KIND_PACKAGE, "status", "nosuch"), "nosuch");
	assert_null(tv_field_value_shown(TV_KIND_PACKAGE, "status", NULL));
	/* A field by its label (the message catalogue is not loaded here: its English
	 * msgid), never its key. */
	assert_string_equal(tv_field_shown(TV_KIND_PACKAGE, "title"), "Title");
	assert_string_equal(tv_field_shown(TV_KIND_BOARD, "start"), "Start");
	assert_string_equal(tv_field_shown(TV_KIND_PACKAGE, "nosuch"), "nosuch");
	with_locale("C.UTF-8");
	/* English keeps the keys, as its messages and scripts always had them. */
	assert_string_equal(tv_field_shown(TV_KIND_PACKAGE, "title"), "title");
	assert_string_equal(tv_field_value_shown(TV_KIND_PACKAGE, "status", "todo"), "todo");
	assert_string_equal(tv_field_value_shown(TV_KIND_TASK, "done", "yes"), "yes");
	assert_string_equal(tv_kind_word(TV_KIND_TASK), "task");
	assert_string_equal(tv_history_op_word("set"), "set");
	assert_string_equal(tv_history_op_word("other"), "other");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_well_formed),
		cmocka_unit_test(test_store_agrees),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_sections_in_order),
		cmocka_unit_test(test_choices),
		cmocka_unit_test(test_store_enforces_table),
		cmocka_unit_test(test_value_checks),
		cmocka_unit_test(test_display_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
