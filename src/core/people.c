/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The people and roles of one board as owners (include/tavle/people.h): the one list
 * of owner choices the TUI's owner menu and owner filter offer, and the owners' short
 * forms, unique on a board, that the cards show. Works on a board snapshot and plain
 * names only; the store supplies the names typed before. Must not depend on curses,
 * SQLite or libical.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "tavle/people.h"
#include "tavle/text.h"

/* ---- the owner choices ---- */

static bool
blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t')
			return false;
	return true;
}

static void
push(struct tv_owner_choice **list, size_t *n, const char *name, enum tv_owner_source src,
	int role, int area)
{
	if (blank(name) || tv_people_owner_find(*list, *n, name) >= 0)
		return;
	*list = tv_xrealloc(*list, (*n + 1) * sizeof **list);
	(*list)[*n] = (struct tv_owner_choice){ tv_xstrdup(name), src, role, area };
	(*n)++;
}

void
tv_people_owners(const struct tv_board_data *d, const char *const *typed, size_t ntyped,
	struct tv_owner_choice **out, size_t *out_count)
{
	struct tv_owner_choice *list = NULL;
	size_t n = 0;
	if (d) {
		for (size_t i = 0; i < d->npeople; i++)
			push(&list, &n, d->people[i].name, TV_OWNER_PERSON, (int)d->people[i].role,
				d->people[i].area);
		for (size_t i = 0; i < d->npackages; i++)
			push(&list, &n, d->packages[i].owner, TV_OWNER_USED, -1, -1);
		for (size_t i = 0; i < d->npackages; i++)
			for (size_t k = 0; k < d->packages[i].ntasks; k++)
				push(&list, &n, d->packages[i].tasks[k].owner, TV_OWNER_USED, -1, -1);
	}
	for (size_t i = 0; i < ntyped; i++)
		push(&list, &n, typed[i], TV_OWNER_TYPED, -1, -1);
	*out = list;
	*out_count = n;
}

static void
add_name(char ***names, size_t *n, const char *name)
{
	if (!name || !*name)
		return;
	for (size_t j = 0; j < *n; j++)
		if (strcmp((*names)[j], name) == 0)
			return;
	*names = tv_xrealloc(*names, (*n + 1) * sizeof **names);
	(*names)[(*n)++] = tv_xstrdup(name);
}

void
tv_people_board_owners(const struct tv_board_data *d, char ***out, size_t *out_count)
{
	char **names = NULL;
	size_t n = 0;
	for (size_t i = 0; d && i < d->npackages; i++)
		add_name(&names, &n, d->packages[i].owner);
	for (size_t i = 0; d && i < d->npackages; i++)
		for (size_t k = 0; k < d->packages[i].ntasks; k++)
			add_name(&names, &n, d->packages[i].tasks[k].owner);
	*out = names;
	*out_count = n;
}

void
tv_people_owners_free(struct tv_owner_choice *list, size_t n)
{
	if (!list)
		return;
	for (size_t i = 0; i < n; i++)
		free(list[i].name);
	free(list);
}

int
tv_people_owner_find(const struct tv_owner_choice *list, size_t n, const char *name)
{
	if (!name)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* ---- short forms ---- */

static bool
is_combining(unsigned cp)
{
	return (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
	       (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
	       (cp >= 0xFE20 && cp <= 0xFE2F);
}

/* A letter or digit. Without a UTF-8 locale iswalnum knows only ASCII: Latin-1 letters
 * and anything beyond the punctuation and symbol blocks count too (as for initials). */
static bool
is_alnum(unsigned cp)
{
	if (iswalnum((wint_t)cp))
		return true;
	if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7 || is_combining(cp))
		return false;
	return !(cp >= 0x2000 && cp <= 0x2BFF) && !(cp >= 0xFE00 && cp <= 0xFFFF);
}

static bool
is_word_break(unsigned cp)
{
	return cp == ' ' || cp == '-' || cp == '\t' || cp == '\n' || cp == 0xA0;
}

/* The characters that may lengthen a base: the letters and digits of the name's last
 * word after its first letter, each with its combining marks, as byte ranges. */
struct ext {
	size_t *start, *len;
	size_t n;
};

static void
ext_of(const char *name, struct ext *e)
{
	memset(e, 0, sizeof *e);
	size_t len = strlen(name), i = 0, word = 0;
	/* The last word begins after the last break that has something after it. */
	while (i < len) {
		unsigned cp;
		size_t k = tv_utf8_decode(name + i, len - i, &cp);
		i += k;
		if (is_word_break(cp) && i < len)
			word = i;
	}
	bool first_letter_seen = false;
	for (i = word; i < len;) {
		unsigned cp;
		size_t k = tv_utf8_decode(name + i, len - i, &cp);
		if (is_word_break(cp))
			break;
		if (is_combining(cp) && e->n && e->start[e->n - 1] + e->len[e->n - 1] == i) {
			e->len[e->n - 1] += k;   /* the mark stays with its letter */
		} else if (is_alnum(cp)) {
			if (!first_letter_seen && !iswdigit((wint_t)cp)) {
				first_letter_seen = true;   /* the initial already stands for it */
			} else {
				e->start = tv_xrealloc(e->start, (e->n + 1) * sizeof *e->start);
				e->len = tv_xrealloc(e->len, (e->n + 1) * sizeof *e->len);
				e->start[e->n] = i;
				e->len[e->n] = k;
				e->n++;
			}
		}
		i += k;
	}
}

static void
ext_clear(struct ext *e)
{
	free(e->start);
	free(e->len);
}

/* Base plus the first k extension characters of `name`. Caller frees. */
static char *
candidate(const char *name, const char *base, const struct ext *e, size_t k)
{
	size_t bl = strlen(base), add = 0;
	for (size_t j = 0; j < k && j < e->n; j++)
		add += e->len[j];
	char *s = tv_xmalloc(bl + add + 1);
	memcpy(s, base, bl);
	size_t o = bl;
	for (size_t j = 0; j < k && j < e->n; j++) {
		memcpy(s + o, name + e->start[j], e->len[j]);
		o += e->len[j];
	}
	s[o] = '\0';
	return s;
}

static unsigned
lower(unsigned cp)
{
	unsigned lo = (unsigned)towlower((wint_t)cp);
	/* Without a UTF-8 locale towlower leaves non-ASCII alone: Latin-1 by hand. */
	if (lo == cp && cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
		lo = cp + 0x20;
	return lo;
}

/* Equal without case, character by character. */
static bool
same(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i = 0, j = 0;
	while (i < la && j < lb) {
		unsigned ca, cb;
		i += tv_utf8_decode(a + i, la - i, &ca);
		j += tv_utf8_decode(b + j, lb - j, &cb);
		if (lower(ca) != lower(cb))
			return false;
	}
	return i == la && j == lb;
}

static int
cmp_index_by_name(const void *a, const void *b, const char *const *names)
{
	const char *x = names[*(const size_t *)a], *y = names[*(const size_t *)b];
	return strcmp(x ? x : "", y ? y : "");
}

static bool
taken(char **forms, size_t n, size_t self, const char *cand)
{
	for (size_t y = 0; y < n; y++)
		if (y != self && same(forms[y], cand))
			return true;
	return false;
}

/* Rule 3: forms equal without case get 1, 2, ... in byte order of their names, each
 * the smallest number that makes a form no other name has. Groups are taken in byte
 * order of names too, so the result depends on the set of names only. */
static void
number_duplicates(char **forms, const char *const *names, size_t n)
{
	size_t *order = tv_xcalloc(n ? n : 1, sizeof *order);
	size_t *grp = tv_xcalloc(n ? n : 1, sizeof *grp);
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	/* insertion sort by name: a board has a handful of owners */
	for (size_t x = 1; x < n; x++)
		for (size_t y = x; y > 0 && cmp_index_by_name(&order[y - 1], &order[y], names) > 0;
				y--) {
			size_t t = order[y];
			order[y] = order[y - 1];
			order[y - 1] = t;
		}
	for (size_t oi = 0; oi < n; oi++) {
		size_t i = order[oi], g = 0;
		for (size_t oj = 0; oj < n; oj++)   /* in name order */
			if (same(forms[order[oj]], forms[i]))
				grp[g++] = order[oj];
		if (g < 2)
			continue;
		char *stem = tv_xstrdup(forms[i]);
		unsigned long m = 1;
		for (size_t x = 0; x < g; x++) {
			char *cand;
			for (;; m++) {
				cand = tv_xasprintf("%s%lu", stem, m);
				if (!taken(forms, n, grp[x], cand))
					break;
				free(cand);
			}
			m++;
			free(forms[grp[x]]);
			forms[grp[x]] = cand;
		}
		free(stem);
	}
	free(grp);
	free(order);
}

char **
tv_people_short_forms(const char *const *names, size_t n)
{
	char **forms = tv_xcalloc(n ? n : 1, sizeof *forms);
	char **base = tv_xcalloc(n ? n : 1, sizeof *base);
	struct ext *ext = tv_xcalloc(n ? n : 1, sizeof *ext);
	for (size_t i = 0; i < n; i++) {
		char ini[16];
		tv_text_initials(names[i] ? names[i] : "", ini, sizeof ini);
		base[i] = tv_xstrdup(ini);
		ext_of(names[i] ? names[i] : "", &ext[i]);
	}
	for (size_t i = 0; i < n; i++) {
		const char *ni = names[i] ? names[i] : "";
		bool shared = false;
		for (size_t j = 0; j < n && !shared; j++)
			shared = j != i && same(base[i], base[j]);
		size_t k = 0;
		if (shared) {
			/* The smallest k at which no other name with this base looks the same. */
			for (k = 1; k < ext[i].n; k++) {
				char *ci = candidate(ni, base[i], &ext[i], k);
				bool clash = false;
				for (size_t j = 0; j < n && !clash; j++) {
					if (j == i || !same(base[i], base[j]))
						continue;
					char *cj = candidate(names[j] ? names[j] : "", base[j], &ext[j], k);
					clash = same(ci, cj);
					free(cj);
				}
				free(ci);
				if (!clash)
					break;
			}
		}
		forms[i] = candidate(ni, base[i], &ext[i], k);
	}
	number_duplicates(forms, names, n);
	for (size_t i = 0; i < n; i++) {
		free(base[i]);
		ext_clear(&ext[i]);
	}
	free(base);
	free(ext);
	return forms;
}

void
tv_people_forms_free(char **forms, size_t n)
{
	if (!forms)
		return;
	for (size_t i = 0; i < n; i++)
		free(forms[i]);
	free(forms);
}
