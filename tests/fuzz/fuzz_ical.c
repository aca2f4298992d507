/* SPDX-License-Identifier: MPL-2.0 */
/*
 * libFuzzer target for the iCalendar import. Parsing must either succeed or fail with
 * TV_INVALID and a printable diagnostic. Imported meetings must be what the board can
 * hold (a UID, a title, sane days and minutes, valid UTF-8 text, an end not before the
 * start). Recurring events (issue 17 item 4) are expanded: each occurrence has a
 * RECURRENCE-ID that names a day, no UID and RECURRENCE-ID twice, at most the cap per
 * series and per file. They are then exported through the streaming writer on a
 * synthetic board: the export must pass the raw checks of ical_check.h and read back
 * through our own import to the same meetings (an occurrence by its UID with the code
 * of its RECURRENCE-ID) with the same start times. Any violation aborts so the fuzzer keeps the input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tavle/date.h"
#include "tavle/ical.h"
#include "tavle/model.h"
#include "tavle/text.h"

#include "ical_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_text(const char *s)
{
	if (s)
		fuzz_check(tv_text_valid_utf8(s, strlen(s)));
}

static void
check_when(struct tv_when w)
{
	fuzz_check(w.day != TV_NO_DAY);
	fuzz_check(w.minute == TV_NO_TIME || (w.minute >= 0 && w.minute < 1440));
}

static int64_t
minutes(struct tv_when w)
{
	return (int64_t)w.day * 1440 + (w.minute == TV_NO_TIME ? 0 : w.minute);
}

static void
check_diag(const struct tv_diag *diag)
{
	fuzz_check(diag->line >= 0);
	size_t len = strnlen(diag->msg, sizeof diag->msg);
	fuzz_check(len > 0 && len < sizeof diag->msg);
	fuzz_check(tv_text_valid_utf8(diag->msg, len));
	for (size_t i = 0; i < len; i++)
		fuzz_check((unsigned char)diag->msg[i] >= 0x20 && diag->msg[i] != 0x7F);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 128 * 1024)
		return 0;
	struct tv_ical_import *imp = NULL;
	struct tv_diag diag;
	tv_diag_clear(&diag);
	enum tv_status st = tv_ical_parse((const char *)data, size, &imp, &diag);
	if (st != TV_OK) {
		fuzz_check(st == TV_INVALID && imp == NULL);
		check_diag(&diag);
		return 0;
	}
	fuzz_check(imp != NULL);
	for (size_t i = 0; i < imp->nskipped; i++)
		check_text(imp->skipped[i]);
	fuzz_check(imp->nerrors <= imp->nskipped);
	for (size_t i = 0; i < imp->nnotes; i++)
		check_text(imp->notes[i]);
	/* What the pre-pass repaired: listed, at most its limit and the count. */
	fuzz_check(imp->nrepairs <= 100 + imp->nevents);
	for (size_t i = 0; i < imp->nrepairs; i++)
		check_text(imp->repairs[i]);
	/* Without series each event is one meeting, skip or cancellation. */
	size_t occ = 0, occ_cancels = 0;
	for (size_t i = 0; i < imp->nmeetings; i++)
		occ += imp->meetings[i].recurrence_id != NULL;
	for (size_t i = 0; i < imp->ncancels; i++)
		occ_cancels += imp->cancels[i].recurrence_id != NULL;
	fuzz_check(occ <= TV_ICAL_MAX_FILE_OCCURRENCES);
	if (occ == 0 && occ_cancels == 0 && imp->nseries == 0 && imp->nnotes == 0)
		fuzz_check(imp->nmeetings + imp->nskipped + imp->ncancels == imp->nevents);
	else
		fuzz_check(imp->nmeetings - occ + imp->nskipped + imp->ncancels - occ_cancels <=
			imp->nevents);
	for (size_t i = 0; i < imp->nseries; i++) {
		fuzz_check(imp->series[i].uid && *imp->series[i].uid);
		fuzz_check(imp->series[i].from <= imp->series[i].to + 1);
	}
	for (size_t i = 0; i < imp->ncancels; i++) {
		fuzz_check(imp->cancels[i].uid && *imp->cancels[i].uid);
		check_text(imp->cancels[i].uid);
		check_text(imp->cancels[i].note);
	}
	for (size_t i = 0; i < imp->nmeetings; i++) {
		const struct tv_meeting *m = &imp->meetings[i];
		fuzz_check(m->uid && *m->uid && m->title && *m->title);
		check_text(m->uid);
		check_text(m->title);
		check_text(m->place);
		check_text(m->url);
		check_text(m->notes);
		fuzz_check((unsigned)m->kind < TV_MEETING_KIND_COUNT);
		check_when(m->start);
		check_when(m->end);
		fuzz_check((m->start.minute == TV_NO_TIME) == (m->end.minute == TV_NO_TIME));
		fuzz_check(minutes(m->end) >= minutes(m->start));
		if (m->recurrence_id)
			fuzz_check(tv_ical_recurrence_day(m->recurrence_id) != TV_NO_DAY);
		for (size_t k = 0; k < i; k++)
			fuzz_check(strcmp(imp->meetings[k].uid, m->uid) != 0 ||
				!imp->meetings[k].recurrence_id != !m->recurrence_id ||
				(m->recurrence_id &&
				 strcmp(imp->meetings[k].recurrence_id, m->recurrence_id) != 0));
	}

	/* Export the meetings as a board (borrowed: detached again before freeing). */
	struct tv_board_data board;
	memset(&board, 0, sizeof board);
	board.board.name = "fuzz";
	board.meetings = imp->meetings;
	board.nmeetings = imp->nmeetings;
	char *out = NULL;
	size_t outlen = 0;
	FILE *fp = open_memstream(&out, &outlen);
	fuzz_check(fp != NULL);
	struct tv_ical_options opt = { .what = TV_ICAL_MEETINGS, .calname = "fuzz",
		.now = 1800000000, .alarm = size & 1, .alarm_seconds = -900 };
	struct tv_ical_writer *w = NULL;
	fuzz_check(tv_ical_writer_open(fp, &opt, &w) == TV_OK);
	fuzz_check(tv_ical_writer_add_board(w, &board) == TV_OK);
	struct tv_ical_stats stats;
	fuzz_check(tv_ical_writer_close(w, &stats) == TV_OK);
	fclose(fp);
	fuzz_check(stats.events == imp->nmeetings && stats.cancelled == 0);
	fuzz_check_export_text(out, outlen);

	/* Our own export reads back: every meeting, at the same time. */
	struct tv_ical_import *back = NULL;
	tv_diag_clear(&diag);
	st = tv_ical_parse(out, outlen, &back, &diag);
	if (st != TV_OK || getenv("FUZZ_DUMP"))
		fprintf(stderr, "%.*s\nre-import: %s (line %d: %s)\n", (int)outlen, out,
			tv_status_message(st), diag.line, diag.msg);
	fuzz_check(st == TV_OK);
	if (occ == 0) {
		fuzz_check(back->nskipped == 0);
		fuzz_check(back->nmeetings == imp->nmeetings);
		for (size_t i = 0; i < back->nmeetings; i++) {
			const struct tv_meeting *a = &imp->meetings[i], *b = &back->meetings[i];
			fuzz_check(a->start.day == b->start.day && a->start.minute == b->start.minute);
			fuzz_check(strcmp(a->title, b->title) == 0);
		}
	} else {
		/* Occurrences come back as events of their own, UID "<uid>-<code>@tavle"
		 * (tavle/ical.h), at the same time. */
		fuzz_check(back->nmeetings + back->nskipped == imp->nmeetings);
		for (size_t i = 0; i < back->nmeetings; i++) {
			const struct tv_meeting *b = &back->meetings[i];
			fuzz_check(!b->recurrence_id);
			bool found = false;
			for (size_t k = 0; k < imp->nmeetings && !found; k++) {
				const struct tv_meeting *a = &imp->meetings[k];
				char code[TV_ICAL_RID_CODE_BUF];
				/* A single event keeps its foreign UID (issue 17 item 7). */
				bool occurrence = a->recurrence_id &&
					tv_ical_rid_code(a->recurrence_id, code);
				char *want = occurrence ? tv_xasprintf("%s-%s@tavle", a->uid, code) :
					tv_xasprintf("%s@tavle", a->uid);
				if (strcmp(want, b->uid) == 0 ||
				    (!occurrence && strcmp(a->uid, b->uid) == 0)) {
					found = true;
					fuzz_check(a->start.day == b->start.day &&
						a->start.minute == b->start.minute);
				}
				free(want);
			}
			fuzz_check(found);
		}
	}
	tv_ical_import_free(back);
	free(out);
	tv_ical_import_free(imp);
	return 0;
}
