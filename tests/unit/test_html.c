/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Unit tests of the one-page plan (html.c): the contrast of text on the area colours
 * (WCAG AA, computed from the colours the document uses), HTML escaping and
 * sanitising of hostile text, and the document's shape over a hand-built board:
 * every package and area, one phase bar per phase, nothing that fetches.
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

#include "tavle/buf.h"
#include "tavle/date.h"
#include "tavle/html.h"

static int32_t
D(const char *iso)
{
	int32_t day;
	assert_int_equal(tv_date_parse_iso(iso, &day, NULL), TV_OK);
	return day;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void
test_area_contrast_is_aa(void **state)
{
	(void)state;
	/* the formula itself: black on white is 21, a colour on itself 1 */
	assert_true(tv_html_contrast(0x000000, 0xFFFFFF) > 20.99);
	assert_true(tv_html_contrast(0x777777, 0x777777) < 1.0001);
	for (int a = 0; a < TV_AREA_COUNT; a++) {
		double c = tv_html_contrast(tv_html_area_background(a), tv_html_area_text(a));
		print_message("area %s: contrast %.2f\n", tv_area_key(a), c);
		assert_true(c >= 4.5);
	}
}

static void
test_escape_hostile(void **state)
{
	(void)state;
	struct tv_buf b = TV_BUF_INIT;
	tv_html_escape(&b, "<script>&\"'\x1b[31mred\xc2\x9b\xe2\x80\xae" "evil\x07\n");
	const char *s = tv_buf_str(&b);
	assert_null(strchr(s, '<'));
	assert_null(strchr(s, '>'));
	assert_null(strchr(s, '"'));
	assert_null(strchr(s, '\''));
	assert_null(strchr(s, '\x1b'));
	assert_null(strchr(s, '\x07'));
	assert_null(strstr(s, "\xe2\x80\xae"));  /* RLO */
	assert_null(strstr(s, "\xc2\x9b"));      /* CSI (C1) */
	assert_non_null(strstr(s, "&lt;script&gt;&amp;&quot;&#39;"));
	tv_buf_release(&b);
}

static void
test_document(void **state)
{
	(void)state;
	struct tv_phase ph[3] = { 0 };
	const char *names[3] = { "Opstart", "Analyse", "Go <live>" };
	for (int i = 0; i < 3; i++) {
		ph[i].id = i + 1;
		ph[i].name = (char *)names[i];
		ph[i].start = D("2027-01-01") + 60 * i;
		ph[i].end = ph[i].start + 59;
		ph[i].not_before = TV_NO_DAY;
		ph[i].position = i;
	}
	struct tv_package pk[4] = { 0 };
	for (int i = 0; i < 4; i++) {
		pk[i].number = i;
		pk[i].area = (enum tv_area)i;
		pk[i].title = (char *)(i == 2 ? "A & B \"quoted\" <b>" : "Pakke");
		pk[i].status = (enum tv_pstatus)i;
		pk[i].deadline.day = D("2027-02-01") + 20 * i;
		pk[i].deadline.minute = TV_NO_TIME;
	}
	pk[2].blocked_reason = (char *)"venter på <leverandør>";
	struct tv_board_data d = { 0 };
	d.board.name = (char *)"NgDP";
	d.board.authority = (char *)"Ærø & Co";
	d.phases = ph;
	d.nphases = 3;
	d.packages = pk;
	d.npackages = 4;
	struct tv_html_opts o = { D("2027-03-01"), true, "da", TV_HTML_A3 };
	size_t len = 0;
	/* a locale with a decimal comma must not reach the SVG's numbers */
	bool comma = setlocale(LC_NUMERIC, "da_DK.UTF-8") != NULL;
	char *doc = tv_html_plan(&d, &o, &len);
	setlocale(LC_NUMERIC, "C");
	if (!comma)
		print_message("da_DK.UTF-8 not available: the decimal comma is not tested\n");
	const char *svg = strstr(doc, "<svg");
	assert_non_null(svg);
	for (const char *p = svg; *p && strncmp(p, "</svg>", 6); p++)
		if (p[0] >= '0' && p[0] <= '9' && p[1] == ',' && p[2] >= '0' && p[2] <= '9')
			fail_msg("a decimal comma in the SVG: %.40s", p - 5);
	assert_int_equal(strlen(doc), len);
	assert_non_null(strstr(doc, "<html lang=\"da\">"));
	assert_non_null(strstr(doc, "size:A3 landscape"));
	assert_non_null(strstr(doc, "Ærø &amp; Co"));
	assert_non_null(strstr(doc, "A &amp; B &quot;quoted&quot; &lt;b&gt;"));
	assert_non_null(strstr(doc, "venter på &lt;leverandør&gt;"));
	assert_non_null(strstr(doc, "Go &lt;live&gt;"));
	assert_null(strstr(doc, "<b>\""));
	assert_int_equal(count(doc, "<rect class=\"phase\""), 3);
	assert_int_equal(count(doc, "<li class=\"card "), 4);
	for (int a = 0; a < TV_AREA_COUNT; a++) {
		char want[64];
		snprintf(want, sizeof want, "class=\"area area-%s\"", tv_area_key(a));
		assert_non_null(strstr(doc, want));
	}
	assert_non_null(strstr(doc, "<title id=\"tl-title\">"));
	assert_non_null(strstr(doc, "<desc id=\"tl-desc\">"));
	/* nothing that could fetch */
	assert_null(strstr(doc, "<script"));
	assert_null(strstr(doc, "<link"));
	assert_null(strstr(doc, "src="));
	assert_null(strstr(doc, "href="));
	assert_null(strstr(doc, "url("));
	assert_null(strstr(doc, "@import"));
	free(doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_area_contrast_is_aa),
		cmocka_unit_test(test_escape_hostile),
		cmocka_unit_test(test_document),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
