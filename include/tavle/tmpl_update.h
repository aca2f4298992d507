/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Template updates (issue 20, "package updates, merged"): a board seeded from a template
 * follows the programme's later versions of it by a three-way merge per field. Every
 * templated item has a stable key (a package its number, a task "4.3" or its {#key},
 * a phase, meeting or decision its key: line or the slug of its name; tavle/template.h),
 * and the board keeps, per templated field, the template's value it started from (the
 * base). An update compares base, board ("mine") and the new template ("theirs"):
 *
 *   only theirs changed           TAKE      the board gets the programme's value
 *   only mine changed             KEEP      the board's value stays
 *   both changed, differently     CONFLICT  the board's value stays, theirs is kept
 *                                           beside it until resolved (tv_tmpl_update_resolve)
 *   both changed to the same      SAME      nothing to do (also: nothing changed)
 *   new item in the template      ADD       added (dates from offsets, re-planning rules)
 *   item gone from the template   REMOVED   marked "no longer in the programme's version N",
 *                                           never deleted
 *
 * Afterwards the base of every field is the new template's value. Dates are compared
 * as offsets ("+60d", "+21d 10:00"), never as days: a date still following the template
 * is written as "+Nd"; a hand-set date (tavle/replan.h) is its day ("2027-03-01") and so
 * counts as changed on the board. A package's phase is compared by the phase's key.
 *
 * The merged fields (the base values kept at seeding and by each update):
 *   package   title area owner deadline phase after + the six sections
 *             (background requirements process involvement output materials)
 *   task      title deadline responsible minimum
 *   phase     name start end reason
 *             (not_before is not merged: it keeps no offset, and the day the template's
 *             offset gives is moved off a weekend, so no offset can be read back)
 *   meeting   kind title start end place region url participants notes packages
 *   decision  title area owner due text
 * Status, done, decided, comments, people and positions are the board's own.
 * An item deleted on the board stays deleted (its base says it came from the
 * template). An update is ONE history change (one undo reverts everything it did,
 * base values, version, conflicts and marks included); each resolve is one more.
 * Depends on the model, the store and the template loader; no curses, SQLite or
 * libical types.
 */
#ifndef TAVLE_TMPL_UPDATE_H
#define TAVLE_TMPL_UPDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tavle/model.h"
#include "tavle/status.h"
#include "tavle/store.h"
#include "tavle/template.h"

enum tv_tmpl_action {
	TV_TMPL_SAME,
	TV_TMPL_TAKE,
	TV_TMPL_KEEP,
	TV_TMPL_CONFLICT,
	TV_TMPL_ADD,
	TV_TMPL_REMOVED,
	TV_TMPL_ACTION_COUNT
};

/* The rule of one field (NULL counts as ""): SAME when mine equals theirs, else KEEP
 * when base equals theirs, else TAKE when base equals mine, else CONFLICT. Pure. */
enum tv_tmpl_action tv_tmpl_merge3(const char *base, const char *mine, const char *theirs);

/* "same", "take", "keep", "conflict", "add", "removed" (stable, for --json). */
const char *tv_tmpl_action_key(enum tv_tmpl_action a);

/* One entry of an update plan. Strings are owned by the plan. For ADD and REMOVED
 * `field` is "" and base/mine/theirs are NULL (theirs: the new item's title or name for
 * ADD; mine: the board item's for REMOVED). Values are the canonical texts described
 * above ("" for an empty field). */
struct tv_tmpl_change {
	enum tv_kind kind;        /* package, task, phase, meeting or decision */
	char *key;                /* "4", "4.3", "opstart" */
	char *field;              /* "title", "deadline", "background", ... */
	char *label;              /* for people, in the interface language:
	                           * "Pakke 4, opgave 4.3: frist" */
	char *base, *mine, *theirs;
	enum tv_tmpl_action action;
	int64_t item_id;          /* the board's row (0 for ADD) */
};

struct tv_tmpl_plan {
	int64_t board_id;
	int from_version;         /* the board's template version before */
	int to_version;           /* the template's */
	struct tv_tmpl_change *changes;
	size_t nchanges;          /* SAME entries are left out */
	size_t count[TV_TMPL_ACTION_COUNT];
};

void tv_tmpl_plan_clear(struct tv_tmpl_plan *plan);

/*
 * The update plan of board `board_id` against the loaded template `tpl` (its version:
 * tpl->version). Reads only. Fills *out (clear it with tv_tmpl_plan_clear). Errors:
 * TV_NOT_FOUND (no such board), TV_DB; the message in diag.
 */
enum tv_status tv_tmpl_update_plan(struct tv_store *store, int64_t board_id,
	const struct tv_template *tpl, struct tv_tmpl_plan *out, struct tv_diag *diag);

/*
 * Compute the plan as tv_tmpl_update_plan does and apply it in one transaction and
 * ONE history change (the board's "tmpl.version." row names the version it went to).
 * *out is the plan applied (as the dry run would print it). When nothing changes
 * (no take, add, removed or new conflict, same version) nothing is written and no
 * change is recorded; *out_change is then 0, otherwise the change id (may be NULL).
 * On any error nothing is written: TV_INVALID (a value the store refuses, e.g. a
 * package number taken by a board's own package), TV_DB, TV_BUSY; message in diag.
 */
enum tv_status tv_tmpl_update_apply(struct tv_store *store, int64_t board_id,
	const struct tv_template *tpl, struct tv_tmpl_plan *out, int64_t *out_change,
	struct tv_diag *diag);

/* An open conflict: the board's value stays until resolved. Strings owned by the array
 * (free with tv_tmpl_conflicts_free). */
struct tv_tmpl_conflict {
	enum tv_kind kind;
	char *key;
	char *field;
	char *label;
	char *mine;               /* the board's value now (canonical) */
	char *theirs;             /* the programme's value */
	int version;              /* the template version it came with */
	int64_t item_id;
};

/* The open conflicts of a board, by kind, key and field. Caller frees. */
enum tv_status tv_tmpl_update_conflicts(struct tv_store *store, int64_t board_id,
	struct tv_tmpl_conflict **out, size_t *out_count);
void tv_tmpl_conflicts_free(struct tv_tmpl_conflict *c, size_t n);

/* The number of open conflicts of a board (for the title line). */
enum tv_status tv_tmpl_update_conflict_count(struct tv_store *store, int64_t board_id,
	size_t *out);

enum tv_tmpl_choice {
	TV_TMPL_THEIRS,   /* take the programme's value */
	TV_TMPL_MINE,     /* keep the board's value, drop the conflict */
	TV_TMPL_VALUE     /* set `value` (as a person types it, tv_store_set), drop it */
};

/*
 * Resolve the open conflict (kind, key, field) of a board, in one history change.
 * `value` only for TV_TMPL_VALUE. Errors: TV_NOT_FOUND (no such conflict), TV_INVALID
 * (a value the field refuses; nothing changes), TV_DB; message in diag.
 */
enum tv_status tv_tmpl_update_resolve(struct tv_store *store, int64_t board_id,
	enum tv_kind kind, const char *key, const char *field, enum tv_tmpl_choice choice,
	const char *value, struct tv_diag *diag);

/* Per section of package `package_id` (tavle/model.h enum tv_section order), the
 * template version whose update changed it, 0 for none. */
enum tv_status tv_tmpl_update_sections(struct tv_store *store, int64_t package_id,
	int out[TV_SECTION_COUNT]);

/* The template version a board follows (0: not from a template or before schema 15's
 * migration set 1), and the version an item was marked removed in (0: it is not). */
enum tv_status tv_tmpl_update_version(struct tv_store *store, int64_t board_id, int *out);
enum tv_status tv_tmpl_update_removed(struct tv_store *store, enum tv_kind kind,
	int64_t id, int *out);

/* ---------------------------------------------------------------- store side
 * The SQL of the above (src/core/store/tmpl_update.c); used by update.c and by the
 * template's instantiation. Not for front ends. */

/* A templated item of a board (one with a key). */
struct tv_tmpl_item {
	enum tv_kind kind;
	int64_t id;
	char *key;
	char *name;               /* title or name, for labels and the plan */
	int removed;              /* the version it was marked removed in, or 0 */
};

/* Every keyed package, task, phase, meeting and decision of the board. */
enum tv_status tv_store_tmpl_items(struct tv_store *store, int64_t board_id,
	struct tv_tmpl_item **out, size_t *out_count);
void tv_tmpl_items_free(struct tv_tmpl_item *items, size_t n);

/* The board's canonical value of a merged field (see above). Caller frees. */
enum tv_status tv_store_tmpl_value(struct tv_store *store, enum tv_kind kind, int64_t id,
	const char *field, char **out);

/* Write a canonical template value to a field of a board row, as a template does: a
 * date from its offset by the re-planning's rule (the offset kept beside it), a phase
 * by its key. Op "set" rows in the open change. */
enum tv_status tv_store_tmpl_write(struct tv_store *store, enum tv_kind kind, int64_t id,
	const char *field, const char *value);

/* What the merge keeps per item: base values, conflicts ("<version>:<theirs>"), marks
 * ("<version>"; field "" for removed, a section's field for changed), the item's key
 * and (kind board, field "") the board's template version. */
enum tv_tmpl_meta { TV_TMPL_META_BASE, TV_TMPL_META_CONFLICT, TV_TMPL_META_MARK,
	TV_TMPL_META_KEY, TV_TMPL_META_VERSION };

/* The encoded value of a meta row, NULL when there is none (*out NULL). Caller frees. */
enum tv_status tv_store_tmpl_get(struct tv_store *store, enum tv_tmpl_meta what,
	enum tv_kind kind, int64_t id, const char *field, char **out);

/* Set (value NULL: remove) a meta row of item `id`. With `history`, a change records a
 * history row (op "set", pseudo-field "tmpl.<what>.<field>", old and new encoded) that
 * undo reverts; without (seeding) none. */
enum tv_status tv_store_tmpl_put(struct tv_store *store, enum tv_tmpl_meta what,
	enum tv_kind kind, int64_t id, const char *field, const char *value, bool history);

/* Base values of an item that is no longer on the board: does the board's template
 * history know key `key` of `kind` (then the board deleted it; an update does not
 * bring it back)? */
enum tv_status tv_store_tmpl_known(struct tv_store *store, int64_t board_id,
	enum tv_kind kind, const char *key, bool *out);

/* The open conflicts of a board with each one's row (0 if the item is gone) and the
 * board's value; labels NULL (the core's tv_tmpl_update_conflicts fills them). */
enum tv_status tv_store_tmpl_conflicts(struct tv_store *store, int64_t board_id,
	struct tv_tmpl_conflict **out, size_t *out_count);

/* The row of the board's item of `kind` with key `key`: TV_NOT_FOUND if none. */
enum tv_status tv_store_tmpl_item_by_key(struct tv_store *store, int64_t board_id,
	enum tv_kind kind, const char *key, int64_t *out);

/* The merged fields of a kind (listed at the top), NULL-terminated; static. */
const char *const *tv_tmpl_fields(enum tv_kind kind);

/* Is history row h the bookkeeping of a template update (a "tmpl.*" pseudo-field; shown
 * in --json, left out of the readable logs but for "tmpl.version.", the update)? */
bool tv_history_is_tmpl(const struct tv_history *h);

/* Did history row h[i] (of the n rows h, as tv_store_history gives them) come from a
 * template update? The version it went to, or 0. (An undone update's revert is a change
 * of its own, without this row's "new" version: 0 or the version it went back to.) */
int tv_history_template_version(const struct tv_history *h, size_t n, size_t i);

#endif
