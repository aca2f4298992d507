/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Programme templates: the standard packages, tasks, phases, meetings, decisions and
 * roles of a programme, as human-editable UTF-8 text files (the format is described in
 * packages/README.md). The default template is embedded in the binary at build time.
 * A template holds dates as day offsets from the programme start, so it serves a new
 * programme. Loading is all or nothing: the first error is reported as FILE:LINE.
 * Depends on the model and the store (to instantiate); never on curses or libical.
 */
#ifndef TAVLE_TEMPLATE_H
#define TAVLE_TEMPLATE_H

#include <stddef.h>

#include "tavle/model.h"
#include "tavle/status.h"
#include "tavle/store.h"

/*
 * A loaded template. Records use the model structs with these meanings:
 * every date field (package/task deadline.day, phase start/end/not_before, meeting
 * start.day/end.day, decision due) holds an OFFSET in days from the programme start
 * (TV_NO_DAY if unset); a package's phase_id is a 1-based index into `phases`
 * (0 = none); ids, uids and versions are 0/NULL. Every task, phase, meeting and decision
 * has its stable key in `tkey` (tavle/tmpl_update.h): the one the file gives ({#4.3},
 * key:) or one derived by packages/README.md's rule; a package's key is its number.
 */
struct tv_template {
	char *name;                       /* programme name, e.g. "Næste generation Digital Post" */
	int version;                      /* programme.txt's "version:" (1 when not given) */
	struct tv_package *packages;  size_t npackages;   /* with their tasks, by number */
	struct tv_phase *phases;      size_t nphases;
	struct tv_meeting *meetings;  size_t nmeetings;
	struct tv_decision *decisions; size_t ndecisions;
	struct tv_person *people;     size_t npeople;     /* roles to fill (name may be a role title) */
};

/* One template file in memory (used for the embedded default). */
struct tv_template_file {
	const char *name;   /* file name, e.g. "1-implementeringsopstart.txt"; used in messages */
	const char *text;
	size_t len;
};

/* Parse a set of files. Errors: TV_INVALID with diag file and line. Caller frees *out
 * with tv_template_free. */
enum tv_status tv_template_load_files(const struct tv_template_file *files, size_t nfiles,
	struct tv_template **out, struct tv_diag *diag);

/* Load every template file of a directory (*.txt, README.md ignored). TV_IO if the
 * directory cannot be read. */
enum tv_status tv_template_load_dir(const char *dir, struct tv_template **out,
	struct tv_diag *diag);

/* The embedded default template (packages/ at build time). */
enum tv_status tv_template_load_default(struct tv_template **out, struct tv_diag *diag);

void tv_template_free(struct tv_template *tpl);

/*
 * Create a new board from a template in one transaction: `board` gives name, authority,
 * sector and start (its id is set on success). Template offsets are added to
 * board->start. On any error nothing is written.
 */
enum tv_status tv_template_instantiate(struct tv_store *store, const struct tv_template *tpl,
	struct tv_board *board, struct tv_diag *diag);

/* Make a template from a loaded board (dates become offsets from the board's start). */
enum tv_status tv_template_from_board(const struct tv_board_data *data,
	struct tv_template **out);

/* Write a template to `dir` in the same format, one file per package plus the
 * programme file, and a manifest `.tavle-template` of the files written (the loader
 * skips dot files). `dir` is created if missing; an existing one must be empty or hold
 * only what an earlier export listed in its manifest: those files are replaced, the
 * ones this export does not write are removed. Anything else refuses the export before
 * a file is written: TV_INVALID naming the files in the way. Loading it back and
 * instantiating with the same start gives an identical board. */
enum tv_status tv_template_write_dir(const struct tv_template *tpl, const char *dir,
	struct tv_diag *diag);

/* The files tv_template_write_dir would write, in memory: programme.txt first, then one
 * per package. Errors: TV_INVALID (two packages would get the same file name). Names
 * and texts are allocated; free the array with tv_template_files_free. */
enum tv_status tv_template_format(const struct tv_template *tpl,
	struct tv_template_file **out, size_t *nout, struct tv_diag *diag);
void tv_template_files_free(struct tv_template_file *files, size_t n);

#endif
