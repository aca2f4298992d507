/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Unit tests of the configuration parser (config.c): every setting, quoting and
 * comments, errors as FILE:LINE: with the rest of the file still applied, key syntax,
 * the XDG path, loading a missing file, and dump round-tripping through the parser.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "tavle/config.h"

static void
parse(struct tv_config *cfg, const char *text)
{
	tv_config_init(cfg);
	tv_config_parse(cfg, "cfg", text, strlen(text));
}

static void
test_defaults(void **state)
{
	(void)state;
	struct tv_config cfg;
	parse(&cfg, "");
	assert_int_equal(cfg.nerrors, 0);
	assert_int_equal(cfg.nbinds, 0);
	assert_true(cfg.mouse);
	assert_int_equal(cfg.esc_delay, 25);
	assert_int_equal(cfg.stale_days, 14);
	assert_int_equal(cfg.dates, TV_DATES_AUTO);
	assert_null(cfg.board);
	assert_null(cfg.user);
	for (int a = 0; a < TV_AREA_COUNT; a++)
		assert_int_equal(cfg.area_color[a], TV_COLOR_UNSET);
	tv_config_clear(&cfg);
}

static void
test_every_setting(void **state)
{
	(void)state;
	struct tv_config cfg;
	parse(&cfg,
		"# my settings\n"
		"bind board s set-status\n"
		"  bind\tgeneric ^X quit-all   # trailing comment\n"
		"bind detail \"#\" comment\n"
		"bind timeline F5 go-today\r\n"
		"color area.udd 208\n"
		"colour area.org gold\n"
		"color area.kom Default\n"
		"board \"Ærø Kommune 2027\"\n"
		"date-format danish\n"
		"user \"Anne \\\"AB\\\" Berg\"\n"
		"mouse off\n"
		"esc-delay 100\n"
		"report-stale-days 30\n");
	assert_int_equal(cfg.nerrors, 0);
	assert_int_equal(cfg.stale_days, 30);
	assert_int_equal(cfg.nbinds, 4);
	assert_string_equal(cfg.binds[0].keymap, "board");
	assert_string_equal(cfg.binds[0].key, "s");
	assert_string_equal(cfg.binds[0].command, "set-status");
	assert_int_equal(cfg.binds[0].line, 2);
	assert_string_equal(cfg.binds[1].key, "^X");
	assert_string_equal(cfg.binds[1].command, "quit-all");
	assert_string_equal(cfg.binds[2].key, "#");
	assert_string_equal(cfg.binds[3].key, "F5");
	assert_string_equal(cfg.binds[3].command, "go-today");
	assert_int_equal(cfg.area_color[TV_AREA_UDD], 208);
	assert_int_equal(cfg.area_color[TV_AREA_ORG], 220);
	assert_int_equal(cfg.area_color[TV_AREA_KOM], TV_COLOR_DEFAULT);
	assert_int_equal(cfg.area_color[TV_AREA_DATA], TV_COLOR_UNSET);
	assert_string_equal(cfg.board, "Ærø Kommune 2027");
	assert_int_equal(cfg.dates, TV_DATES_DANISH);
	assert_string_equal(cfg.user, "Anne \"AB\" Berg");
	assert_false(cfg.mouse);
	assert_int_equal(cfg.esc_delay, 100);
	tv_config_clear(&cfg);
}

static void
test_errors_keep_the_rest(void **state)
{
	(void)state;
	struct tv_config cfg;
	parse(&cfg,
		"bind board s set-status\n"
		"bind nowhere s set-status\n"          /* 2: keymap */
		"bind board Hyper-Q quit\n"            /* 3: key */
		"bind board q\n"                       /* 4: arity */
		"color area.xyz 12\n"                  /* 5: area */
		"color area.udd 256\n"                 /* 6: range */
		"color area.udd chartreuse\n"          /* 7: name */
		"mouse maybe\n"                        /* 8 */
		"esc-delay -5\n"                       /* 9 */
		"esc-delay 10001\n"                    /* 10 */
		"date-format american\n"               /* 11 */
		"user \"unterminated\n"                /* 12 */
		"frobnicate 1\n"                       /* 13 */
		"board\n"                              /* 14 */
		"report-stale-days 0\n"                /* 15 */
		"report-stale-days soon\n"             /* 16 */
		"mouse off\n");
	assert_int_equal(cfg.nerrors, 15);
	assert_non_null(strstr(cfg.errors[13], "cfg:15: report-stale-days is a number of days"));
	assert_non_null(strstr(cfg.errors[14], "cfg:16: report-stale-days"));
	assert_int_equal(cfg.stale_days, 14);
	assert_string_equal(cfg.errors[0], "cfg:2: unknown keymap 'nowhere' (generic, board, "
		"detail, timeline, list, boards, portfolio)");
	assert_non_null(strstr(cfg.errors[1], "cfg:3: unknown key 'Hyper-Q'"));
	assert_non_null(strstr(cfg.errors[2], "cfg:4: bind needs"));
	assert_non_null(strstr(cfg.errors[3], "cfg:5: unknown colour target 'area.xyz'"));
	assert_non_null(strstr(cfg.errors[4], "cfg:6: unknown colour '256'"));
	assert_non_null(strstr(cfg.errors[5], "cfg:7: unknown colour 'chartreuse'"));
	assert_non_null(strstr(cfg.errors[6], "cfg:8: mouse"));
	assert_non_null(strstr(cfg.errors[7], "cfg:9: esc-delay"));
	assert_non_null(strstr(cfg.errors[8], "cfg:10: esc-delay"));
	assert_non_null(strstr(cfg.errors[9], "cfg:11: date-format"));
	assert_non_null(strstr(cfg.errors[10], "cfg:12: unterminated quote"));
	assert_non_null(strstr(cfg.errors[11], "cfg:13: unknown setting 'frobnicate'"));
	assert_non_null(strstr(cfg.errors[12], "cfg:14: board needs one value"));
	/* The good lines around them applied. */
	assert_int_equal(cfg.nbinds, 1);
	assert_int_equal(cfg.area_color[TV_AREA_UDD], TV_COLOR_UNSET);
	assert_false(cfg.mouse);
	assert_int_equal(cfg.esc_delay, 25);
	tv_config_clear(&cfg);
}

static void
test_hostile_bytes(void **state)
{
	(void)state;
	struct tv_config cfg;
	static const char text[] = "user a\033[31mb\nuser \xff\xfe\nuser ok\nbind board \x01 quit\n";
	tv_config_init(&cfg);
	tv_config_parse(&cfg, "c\033fg", text, sizeof text - 1);
	assert_int_equal(cfg.nerrors, 3);
	assert_non_null(strstr(cfg.errors[0], ":1: control character"));
	assert_non_null(strstr(cfg.errors[1], ":2: not valid UTF-8"));
	assert_non_null(strstr(cfg.errors[2], ":4: control character"));
	for (size_t i = 0; i < cfg.nerrors; i++)
		assert_null(strchr(cfg.errors[i], '\033'));
	assert_string_equal(cfg.user, "ok");
	/* A NUL in the middle of a line is not valid text either. */
	tv_config_clear(&cfg);
	tv_config_parse(&cfg, "cfg", "mouse o\0ff\n", 11);
	assert_int_equal(cfg.nerrors, 1);
	assert_true(cfg.mouse);
	tv_config_clear(&cfg);
}

static void
test_key_syntax(void **state)
{
	(void)state;
	const char *good[] = { "s", "#", "~", "^X", "^r", "C-x", "c-[", "Enter", "enter", "F12",
		"PgDn", "Shift-Tab", "æ", "€", NULL };
	const char *bad[] = { "", " ", "ab", "^1", "C-", "C-xx", "F13", "Meta-x", "\x7f",
		"\xc3", "æø", NULL };
	for (int i = 0; good[i]; i++)
		assert_true(tv_config_key_valid(good[i]));
	for (int i = 0; bad[i]; i++)
		assert_false(tv_config_key_valid(bad[i]));
}

static void
test_dump_round_trip(void **state)
{
	(void)state;
	struct tv_config a, b;
	parse(&a, "bind board s set-status\nbind detail \"#\" comment\ncolor area.data 33\n"
		"board \"Min #1 \\\\ board\"\nuser Bo\ndate-format danish\nmouse off\nesc-delay 0\n");
	assert_int_equal(a.nerrors, 0);
	char *text = tv_config_dump(&a);
	assert_non_null(strstr(text, "bind board s set-status\n"));
	assert_non_null(strstr(text, "mouse off\n"));
	parse(&b, text);
	assert_int_equal(b.nerrors, 0);
	assert_int_equal(b.nbinds, 2);
	assert_string_equal(b.binds[1].key, "#");
	assert_string_equal(b.board, "Min #1 \\ board");
	assert_string_equal(b.user, "Bo");
	assert_int_equal(b.area_color[TV_AREA_DATA], 33);
	assert_int_equal(b.dates, TV_DATES_DANISH);
	assert_false(b.mouse);
	assert_int_equal(b.esc_delay, 0);
	char *again = tv_config_dump(&b);
	assert_string_equal(text, again);
	free(text);
	free(again);
	tv_config_clear(&a);
	tv_config_clear(&b);
}

static void
test_path_and_load(void **state)
{
	(void)state;
	char dir[] = "/tmp/tavle-config-XXXXXX";
	assert_non_null(mkdtemp(dir));
	setenv("XDG_CONFIG_HOME", dir, 1);
	char *p = tv_config_path();
	char *want = tv_xasprintf("%s/tavle/config", dir);
	assert_string_equal(p, want);
	free(p);
	unsetenv("XDG_CONFIG_HOME");
	setenv("HOME", "/home/anne", 1);
	p = tv_config_path();
	assert_string_equal(p, "/home/anne/.config/tavle/config");
	free(p);

	/* Missing file: defaults, no error. */
	struct tv_config cfg;
	tv_config_load(&cfg, want);
	assert_null(cfg.path);
	assert_int_equal(cfg.nerrors, 0);
	tv_config_clear(&cfg);

	char *sub = tv_xasprintf("%s/tavle", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	FILE *f = fopen(want, "w");
	assert_non_null(f);
	fputs("mouse off\nbogus\n", f);
	fclose(f);
	tv_config_load(&cfg, want);
	assert_string_equal(cfg.path, want);
	assert_false(cfg.mouse);
	assert_int_equal(cfg.nerrors, 1);
	char *line = tv_xasprintf("%s:2: unknown setting 'bogus'", want);
	assert_memory_equal(cfg.errors[0], line, strlen(line));
	free(line);
	tv_config_clear(&cfg);
	unlink(want);
	rmdir(sub);
	rmdir(dir);
	free(sub);
	free(want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_every_setting),
		cmocka_unit_test(test_errors_keep_the_rest),
		cmocka_unit_test(test_hostile_bytes),
		cmocka_unit_test(test_key_syntax),
		cmocka_unit_test(test_dump_round_trip),
		cmocka_unit_test(test_path_and_load),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
