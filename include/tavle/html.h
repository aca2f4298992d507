/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The one-page plan (`tavle report html`, the board's P): a self-contained HTML5
 * document of one board for people who never open a terminal. It owns the document:
 * header, the area cards, the timeline picture (inline SVG with a table alternative),
 * the short lists (overdue, blocked, pending decisions, plan warnings), and the print
 * and phone CSS; also the colours it paints the areas with and their contrast, so a
 * unit test can hold them to WCAG AA. No scripts, fonts, images or anything fetched.
 * Every text from the database is sanitised (tv_text_sanitize) and escaped for HTML.
 * Must not depend on curses, SQLite or libical.
 */
#ifndef TAVLE_HTML_H
#define TAVLE_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tavle/model.h"

enum tv_html_paper { TV_HTML_A4, TV_HTML_A3 };

struct tv_html_opts {
	int32_t today;           /* the report date, today's line and what is overdue */
	bool danish;             /* the model's names (areas, statuses) in Danish */
	const char *lang;        /* the document's lang attribute: "da" or "en" */
	enum tv_html_paper paper; /* the @page size, always landscape */
};

/*
 * The plan of board `d` as one HTML document: a newly allocated NUL-terminated string
 * the caller frees, its length to *len if len is not NULL. Interface texts come
 * through gettext (the interface language), the model's names per opts->danish.
 * Never fails (out of memory aborts).
 */
char *tv_html_plan(const struct tv_board_data *d, const struct tv_html_opts *opts,
	size_t *len);

/* Append `text` (NULL is "") to b sanitised (controls, escape sequences and bidi
 * controls removed; LF becomes a space) and escaped for HTML text and attribute
 * values (& < > " '). */
struct tv_buf;
void tv_html_escape(struct tv_buf *b, const char *text);

/* The colours an area is painted with on the plan, as 0xRRGGBB: the background of
 * its heading and card band, and the text drawn on it. */
unsigned tv_html_area_background(enum tv_area a);
unsigned tv_html_area_text(enum tv_area a);

/* The WCAG 2 contrast ratio of two 0xRRGGBB colours (1 to 21). */
double tv_html_contrast(unsigned rgb1, unsigned rgb2);

#endif
