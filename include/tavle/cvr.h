/* SPDX-License-Identifier: MPL-2.0 */
/*
 * CVR numbers (Det Centrale Virksomhedsregister): the authority's number that
 * identifies a board across databases (issue 20), as the programme database keys the
 * status reports it imports by it. A pure check and normalisation, no store, no
 * curses: eight digits, the first not 0, whose weighted sum with the weights
 * 2, 7, 6, 5, 4, 3, 2, 1 is divisible by 11 (the modulus-11 check).
 */
#ifndef TAVLE_CVR_H
#define TAVLE_CVR_H

#include <stdbool.h>

/* Room for a normalised CVR number: eight digits and the terminating NUL. */
#define TV_CVR_BUF 9

/*
 * Check `text` as a CVR number and write its normalised form (eight digits) to `out`
 * (unless NULL). Written forms people use are taken: a "DK" prefix in any case
 * (optionally followed by a space or '-', as in VAT numbers, "DK 29180008") and spaces
 * between the digits ("29 18 00 08"); leading and trailing blanks are ignored.
 * Nothing else is: no dots, no other letters. Returns NULL when the number is good,
 * else why not as a static English message id (translate with _() where shown):
 * empty, not digits, not eight digits, a leading 0, or the check that fails. `out`
 * is left "" on failure.
 */
const char *tv_cvr_check(const char *text, char out[TV_CVR_BUF]);

/* True when `text` is a good CVR number in any form tv_cvr_check takes. */
bool tv_cvr_valid(const char *text);

#endif
