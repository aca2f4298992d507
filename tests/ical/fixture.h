/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The hand-built Danish board that the iCalendar unit test and the conformance
 * generator export: packages in all four areas, tasks, a timed deadline, a deadline on
 * 2028-02-29, phases, meetings (one across the spring-forward night 2027-03-28),
 * tombstones, and texts with commas, semicolons, backslashes, newlines, ESC and BEL.
 * Depends only on the core model.
 */
#ifndef TAVLE_TEST_ICAL_FIXTURE_H
#define TAVLE_TEST_ICAL_FIXTURE_H

#include <time.h>

#include "tavle/model.h"

/* The export time of every golden file: 2027-01-15T08:00:00Z. */
#define FIXTURE_NOW ((time_t)1800000000)

/* Lengths of the boundary summaries (octets) and the two characters put at the fold. */
#define FIXTURE_BOUNDARY_MIN 60
#define FIXTURE_BOUNDARY_MAX 90

/* The Danish board. Free with tv_board_data_free. */
struct tv_board_data *fixture_board(void);

/* Add three management decisions to a fixture board: open in area org due 2027-02-10
 * (ids 1), decided without area due 2027-01-25 with a text of commas, semicolons,
 * a backslash and a newline (id 2), and open without a due day (id 3: never exported).
 * fixture_board itself has none, so its golden export keeps its bytes. */
void fixture_add_decisions(struct tv_board_data *d);

/* A board of meetings whose titles are FIXTURE_BOUNDARY_MIN..MAX octets long with
 * "æ" (2 octets) or "漢" (3 octets) straddling the 75-octet fold of the SUMMARY line;
 * meeting i has uid "boundary-<i>". */
struct tv_board_data *fixture_boundary_board(void);

/* The title of boundary meeting `i` (0-based), into buf (>= 128 bytes). */
void fixture_boundary_title(size_t i, char *buf, size_t size);
size_t fixture_boundary_count(void);

/* A board of occurrences of imported series (issue 17 item 4): RECURRENCE-IDs in UTC
 * (one moved by an override), in our zone, floating and DATE, and a removed
 * occurrence's tombstone. Each is exported as an event of its own. */
struct tv_board_data *fixture_series_board(void);

#endif
