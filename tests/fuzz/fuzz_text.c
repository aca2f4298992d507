/* SPDX-License-Identifier: MPL-2.0 */
/*
 * libFuzzer target for the text sanitiser and its companions: for every flag
 * combination the output must be valid UTF-8 without controls (LF only when kept),
 * without bidi or zero-width characters, stable when sanitised again, and clipping
 * must respect the width. JSON output must be valid UTF-8 without raw controls.
 * Any violation aborts so the fuzzer keeps the input.
 */
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tavle/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(bool ok)
{
	if (!ok)
		abort();
}

static void
check_clean(const char *out, bool keep_nl)
{
	size_t len = strlen(out);
	check(tv_text_valid_utf8(out, len));
	size_t i = 0;
	while (i < len) {
		unsigned cp;
		size_t n = tv_utf8_decode(out + i, len - i, &cp);
		check(n >= 1);
		check(cp >= 0x20 || (cp == '\n' && keep_nl));
		check(cp != 0x7F && !(cp >= 0x80 && cp <= 0x9F));
		check(!(cp >= 0x202A && cp <= 0x202E) && !(cp >= 0x2066 && cp <= 0x2069));
		check(cp != 0x200E && cp != 0x200F && cp != 0x061C);
		check(!(cp >= 0x200B && cp <= 0x200D) && cp != 0x2060 && cp != 0xFEFF);
		check(cp != 0x2028 && cp != 0x2029);
		i += n;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool locale_set;
	if (!locale_set) {
		setlocale(LC_ALL, "C.UTF-8");
		locale_set = true;
	}
	if (size > 65536)
		return 0;
	const char *in = (const char *)data;
	for (unsigned flags = 0; flags < 4; flags++) {
		char *out = tv_text_sanitize(in, size, flags);
		check_clean(out, flags & TV_SAN_KEEP_NEWLINES);
		char *again = tv_text_sanitize(out, strlen(out), flags);
		check(strcmp(again, out) == 0);
		free(again);
		int total = tv_text_width(out);
		check(total >= 0);
		for (int w = 0; w <= 12; w += 3) {
			int got = -1;
			size_t cut = tv_text_clip(out, w, &got);
			check(got >= 0 && got <= w && cut <= strlen(out));
			check(tv_text_valid_utf8(out, cut));
			char *ell = tv_text_ellipsize(out, w);
			check(tv_text_width(ell) <= w);
			check(tv_text_valid_utf8(ell, strlen(ell)));
			if (total <= w && w > 0) /* width 0 is always "" */
				check(strcmp(ell, out) == 0);
			free(ell);
		}
		free(out);
	}

	/* The NUL-terminated view: validation, JSON and initials. */
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	struct tv_diag diag;
	for (int multi = 0; multi < 2; multi++) {
		if (tv_text_check("field", text, 1000, multi, true, &diag) == TV_OK) {
			size_t len = strlen(text);
			check(tv_text_valid_utf8(text, len));
			char *clean = tv_text_sanitize(text, len, multi ? TV_SAN_KEEP_NEWLINES : 0);
			check_clean(clean, multi);
			free(clean);
		}
	}
	char *json = NULL;
	size_t jlen = 0;
	FILE *fp = open_memstream(&json, &jlen);
	if (fp) {
		tv_json_string(fp, text);
		fclose(fp);
		check(jlen >= 2 && json[0] == '"' && json[jlen - 1] == '"');
		check(tv_text_valid_utf8(json, jlen));
		for (size_t i = 0; i < jlen; i++)
			check((unsigned char)json[i] >= 0x20 && json[i] != 0x7F);
		free(json);
	}
	char initials[16];
	tv_text_initials(text, initials, sizeof initials);
	check(tv_text_valid_utf8(initials, strlen(initials)));
	check_clean(initials, false);
	free(text);
	return 0;
}
