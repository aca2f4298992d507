/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The people and roles of one board as owners: the one list the owner menu and the
 * owner filter offer (the board's people with their roles, the owners the board's
 * packages name, among them the template's roles, and names typed before), and the
 * short forms a card shows for an owner, unique on the board. Pure functions of a
 * board snapshot and a list of names; must not depend on curses, SQLite or libical
 * (the names typed before come from the store: tv_store_owner_names).
 */
#ifndef TAVLE_PEOPLE_H
#define TAVLE_PEOPLE_H

#include <stddef.h>

#include "tavle/model.h"

/* Where an owner choice comes from, in the order the list gives them. */
enum tv_owner_source {
	TV_OWNER_PERSON,  /* a person of the board (people view), with a role */
	TV_OWNER_USED,    /* the owner of a package or a task on the board (the template's
	                   * roles too) */
	TV_OWNER_TYPED,   /* a name set as an owner before, no longer on any package */
};

struct tv_owner_choice {
	char *name;                   /* exactly as stored in a package's owner */
	enum tv_owner_source source;
	int role;                     /* enum tv_role for TV_OWNER_PERSON, else -1 */
	int area;                     /* the person's enum tv_area, or -1 */
};

/*
 * The board's owner choices into *out (caller frees with tv_people_owners_free), their
 * number in *out_count: first the people of `d` (snapshot order), then the distinct
 * owners of its packages not already listed (board order: area, then position), then
 * those of its tasks (package by package, in task order), then
 * the names of `typed` (e.g. tv_store_owner_names, most recent first) not already
 * listed. Names are compared exactly; empty and all-blank names are left out. `typed`
 * may be NULL when `ntyped` is 0. Never fails (out of memory aborts).
 */
void tv_people_owners(const struct tv_board_data *d, const char *const *typed, size_t ntyped,
	struct tv_owner_choice **out, size_t *out_count);

/* Free a list from tv_people_owners (NULL allowed). */
void tv_people_owners_free(struct tv_owner_choice *list, size_t n);

/*
 * The distinct owners named on board `d` (NULL: none), the ones tv_people_short_forms
 * makes unique: its packages' owners (board order), then its tasks' owners (package
 * by package, in task order) not already listed; empty names are left out. A new array
 * of new strings into *out (caller frees each and the array; NULL when none), their
 * number in *out_count. The board and the detail view use the same list, so a short
 * form means the same person on a card and on a task line. Never fails.
 */
void tv_people_board_owners(const struct tv_board_data *d, char ***out, size_t *out_count);

/* Index of the choice named exactly `name` in `list`, or -1 (also for NULL). */
int tv_people_owner_find(const struct tv_owner_choice *list, size_t n, const char *name);

/*
 * Short forms of `n` distinct names (a board's owners), unique among them, into a new
 * array of n new strings (caller frees each and the array; see tv_people_forms_free).
 * The rule, deterministic and independent of the order of `names`:
 * 1. A name's base is its initials (tv_text_initials: the first letter of up to three
 *    words, upper case): "Mette Holm" -> "MH", "Kontaktperson" -> "K".
 * 2. Names whose bases are equal (compared without case) are told apart by the letters
 *    and digits of their last word after its first letter, as written: the base plus
 *    the first k of them, for the smallest k at which the name differs (without case)
 *    from every other name with that base at the same k (all of them if none does):
 *    "Mette Holm"/"Mette Høj" -> "MHo"/"MHø", "Kontaktperson"/
 *    "Kommunikationsansvarlig" -> "Kon"/"Kom". A name whose base no other name shares
 *    keeps its base.
 * 3. Forms still equal without case after that ("Anne Berg" and "anne berg" ->
 *    "ABerg1"/"ABerg2", names without letters) get a number: in byte order of the
 *    names, each the smallest from 1 on that gives a form no other name has.
 * `names` must be distinct (byte-wise) and not NULL when n > 0.
 * Letters are whole characters (a combining mark stays with its letter), so a form's
 * display width (tv_text_width) is its base's plus k (plus the number), Danish letters
 * counting one column each.
 */
char **tv_people_short_forms(const char *const *names, size_t n);

/* Free an array from tv_people_short_forms (NULL allowed). */
void tv_people_forms_free(char **forms, size_t n);

#endif
