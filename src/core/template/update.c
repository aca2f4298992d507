/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Template updates (tavle/tmpl_update.h): the three-way merge of a board with a newer
 * version of the template it was seeded from. Owns the rule (tv_tmpl_merge3), the
 * template's canonical value of each merged field, the plan (which field is taken,
 * kept, in conflict; which items are added or gone), applying it as one change and
 * resolving conflicts; and the seeding of keys and base values when a template makes a
 * board (tpl_seed_item, called by apply.c). All SQL is the store's
 * (src/core/store/tmpl_update.c); never curses or libical.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tavle/i18n.h"
#include "tavle/fields.h"
#include "tavle/replan.h"
#include "tavle/tmpl_update.h"
#include "template_int.h"

const char *
tv_tmpl_action_key(enum tv_tmpl_action a)
{
	static const char *const keys[] = { "same", "take", "keep", "conflict", "add",
		"removed" };
	return (unsigned)a < TV_TMPL_ACTION_COUNT ? keys[a] : "?";
}

static bool
eq(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

enum tv_tmpl_action
tv_tmpl_merge3(const char *base, const char *mine, const char *theirs)
{
	if (eq(mine, theirs))
		return TV_TMPL_SAME;
	if (eq(base, theirs))
		return TV_TMPL_KEEP;
	if (eq(base, mine))
		return TV_TMPL_TAKE;
	return TV_TMPL_CONFLICT;
}

/* ---------------------------------------------------------------- template values */

static char *
offset_text(int32_t off, int16_t minute)
{
	if (off == TV_NO_DAY)
		return tv_xstrdup("");
	if (minute == TV_NO_TIME)
		return tv_xasprintf("%c%dd", off < 0 ? '-' : '+', off < 0 ? -off : off);
	return tv_xasprintf("%c%dd %02d:%02d", off < 0 ? '-' : '+', off < 0 ? -off : off,
		minute / 60, minute % 60);
}

static char *
opt(const char *s)
{
	return tv_xstrdup(s ? s : "");
}

/* The template's canonical value of `field` of an item (as tv_store_tmpl_value gives
 * the board's). NULL for a field that is not merged. */
static char *
tpl_value(const struct tv_template *tpl, enum tv_kind kind, const void *item,
	const char *field)
{
#define F(name) (strcmp(field, name) == 0)
	switch (kind) {
	case TV_KIND_PACKAGE: {
		const struct tv_package *p = item;
		if (F("title")) return opt(p->title);
		if (F("area")) return tv_xstrdup(tv_area_key(p->area));
		if (F("owner")) return opt(p->owner);
		if (F("deadline")) return offset_text(p->deadline.day, p->deadline.minute);
		if (F("after")) return opt(p->after);
		if (F("phase"))
			return opt(p->phase_id > 0 && (size_t)p->phase_id <= tpl->nphases ?
				tpl->phases[p->phase_id - 1].tkey : NULL);
		for (int i = 0; i < TV_SECTION_COUNT; i++)
			if (F(tv_section_key((enum tv_section)i)))
				return opt(p->sections[i]);
		return NULL;
	}
	case TV_KIND_TASK: {
		const struct tv_task *t = item;
		if (F("title")) return opt(t->title);
		if (F("deadline")) return offset_text(t->deadline.day, t->deadline.minute);
		if (F("responsible")) return tv_xstrdup(tv_responsible_key(t->responsible));
		if (F("minimum")) return tv_xstrdup(t->minimum ? "yes" : "no");
		return NULL;
	}
	case TV_KIND_PHASE: {
		const struct tv_phase *p = item;
		if (F("name")) return opt(p->name);
		if (F("start")) return offset_text(p->start, TV_NO_TIME);
		if (F("end")) return offset_text(p->end, TV_NO_TIME);
		if (F("reason")) return opt(p->not_before_reason);
		return NULL;
	}
	case TV_KIND_MEETING: {
		const struct tv_meeting *m = item;
		if (F("kind")) return tv_xstrdup(tv_meeting_kind_key(m->kind));
		if (F("title")) return opt(m->title);
		if (F("start")) return offset_text(m->start.day, m->start.minute);
		if (F("end")) return offset_text(m->end.day, m->end.minute);
		if (F("place")) return opt(m->place);
		if (F("region")) return opt(m->region);
		if (F("url")) return opt(m->url);
		if (F("participants")) return opt(m->participants);
		if (F("notes")) return opt(m->notes);
		if (F("packages")) return opt(m->packages);
		return NULL;
	}
	case TV_KIND_DECISION: {
		const struct tv_decision *d = item;
		if (F("title")) return opt(d->title);
		if (F("area"))
			return tv_xstrdup(d->area >= 0 && d->area < TV_AREA_COUNT ?
				tv_area_key((enum tv_area)d->area) : "");
		if (F("owner")) return opt(d->owner);
		if (F("due")) return offset_text(d->due, TV_NO_TIME);
		if (F("text")) return opt(d->text);
		return NULL;
	}
	default:
		return NULL;
	}
#undef F
}

static const char *
item_key_of(enum tv_kind kind, const void *item, char buf[16])
{
	switch (kind) {
	case TV_KIND_PACKAGE:
		snprintf(buf, 16, "%d", ((const struct tv_package *)item)->number);
		return buf;
	case TV_KIND_TASK: return ((const struct tv_task *)item)->tkey;
	case TV_KIND_PHASE: return ((const struct tv_phase *)item)->tkey;
	case TV_KIND_MEETING: return ((const struct tv_meeting *)item)->tkey;
	case TV_KIND_DECISION: return ((const struct tv_decision *)item)->tkey;
	default: return NULL;
	}
}

static const char *
item_name_of(enum tv_kind kind, const void *item)
{
	switch (kind) {
	case TV_KIND_PACKAGE: return ((const struct tv_package *)item)->title;
	case TV_KIND_TASK: return ((const struct tv_task *)item)->title;
	case TV_KIND_PHASE: return ((const struct tv_phase *)item)->name;
	case TV_KIND_MEETING: return ((const struct tv_meeting *)item)->title;
	case TV_KIND_DECISION: return ((const struct tv_decision *)item)->title;
	default: return "";
	}
}

enum tv_status
tpl_seed_item(struct tv_store *store, const struct tv_template *tpl, enum tv_kind kind,
	int64_t id, const void *item, bool history)
{
	char buf[16];
	const char *key = item_key_of(kind, item, buf);
	enum tv_status r = tv_store_tmpl_put(store, TV_TMPL_META_KEY, kind, id, "", key,
		history);
	for (const char *const *f = tv_tmpl_fields(kind); *f && r == TV_OK; f++) {
		char *v = tpl_value(tpl, kind, item, *f);
		r = tv_store_tmpl_put(store, TV_TMPL_META_BASE, kind, id, *f, v, history);
		free(v);
	}
	return r;
}

/* ---------------------------------------------------------------- labels */

static char *
make_label(enum tv_kind kind, const char *key, const char *field)
{
	const char *f = field && *field ? tv_field_shown(kind, field) : NULL;
	char *what;
	switch (kind) {
	case TV_KIND_PACKAGE: what = tv_xasprintf(_("Package %s"), key); break;
	case TV_KIND_TASK: {
		/* "Pakke 4, opgave 4.3" when the key names its package */
		const char *dot = strchr(key, '.');
		if (dot)
			what = tv_xasprintf(_("Package %.*s, task %s"), (int)(dot - key), key, key);
		else
			what = tv_xasprintf(_("Task %s"), key);
		break;
	}
	case TV_KIND_PHASE: what = tv_xasprintf(_("Phase %s"), key); break;
	case TV_KIND_MEETING: what = tv_xasprintf(_("Meeting %s"), key); break;
	case TV_KIND_DECISION: what = tv_xasprintf(_("Decision %s"), key); break;
	default: what = tv_xstrdup(key); break;
	}
	if (!f)
		return what;
	char *l = tv_xasprintf("%s: %s", what, f);
	free(what);
	return l;
}

/* ---------------------------------------------------------------- the plan */

void
tv_tmpl_plan_clear(struct tv_tmpl_plan *plan)
{
	if (!plan)
		return;
	for (size_t i = 0; i < plan->nchanges; i++) {
		struct tv_tmpl_change *c = &plan->changes[i];
		free(c->key);
		free(c->field);
		free(c->label);
		free(c->base);
		free(c->mine);
		free(c->theirs);
	}
	free(plan->changes);
	memset(plan, 0, sizeof *plan);
}

/* The planning state: the plan, the board's items (matched ones flagged) and, per
 * planned entry, what apply needs (the template item). */
struct planner {
	struct tv_store *store;
	const struct tv_template *tpl;
	struct tv_tmpl_plan *plan;
	struct tv_tmpl_item *items;
	size_t nitems;
	bool *matched;
	const void **src;         /* parallel to plan->changes: the template item */
	const struct tv_package **src_pkg;  /* for tasks: their template package */
	size_t cap;
	bool unmark;              /* an item marked removed is back */
};

static struct tv_tmpl_change *
push(struct planner *pl, enum tv_kind kind, const char *key, const char *field,
	enum tv_tmpl_action action, const void *src, const struct tv_package *src_pkg)
{
	struct tv_tmpl_plan *p = pl->plan;
	if (p->nchanges == pl->cap) {
		pl->cap = pl->cap ? pl->cap * 2 : 64;
		p->changes = tv_xrealloc(p->changes, pl->cap * sizeof *p->changes);
		pl->src = tv_xrealloc(pl->src, pl->cap * sizeof *pl->src);
		pl->src_pkg = tv_xrealloc(pl->src_pkg, pl->cap * sizeof *pl->src_pkg);
	}
	struct tv_tmpl_change *c = &p->changes[p->nchanges];
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->key = tv_xstrdup(key);
	c->field = tv_xstrdup(field ? field : "");
	c->label = make_label(kind, key, field);
	c->action = action;
	pl->src[p->nchanges] = src;
	pl->src_pkg[p->nchanges] = src_pkg;
	p->nchanges++;
	p->count[action]++;
	return c;
}

static struct tv_tmpl_item *
find_item(struct planner *pl, enum tv_kind kind, const char *key, size_t *at)
{
	for (size_t i = 0; i < pl->nitems; i++)
		if (pl->items[i].kind == kind && strcmp(pl->items[i].key, key) == 0) {
			*at = i;
			return &pl->items[i];
		}
	return NULL;
}

/* One template item against the board. */
static enum tv_status
plan_item(struct planner *pl, enum tv_kind kind, const void *src,
	const struct tv_package *src_pkg, bool parent_added)
{
	char buf[16];
	const char *key = item_key_of(kind, src, buf);
	size_t at;
	struct tv_tmpl_item *it = find_item(pl, kind, key, &at);
	enum tv_status r = TV_OK;
	if (!it) {
		if (parent_added)
			return TV_OK;   /* comes with its package */
		bool known = false;
		if ((r = tv_store_tmpl_known(pl->store, pl->plan->board_id, kind, key, &known)) !=
			TV_OK || known)
			return r;   /* deleted on the board: stays deleted */
		struct tv_tmpl_change *c = push(pl, kind, key, "", TV_TMPL_ADD, src, src_pkg);
		c->theirs = opt(item_name_of(kind, src));
		return TV_OK;
	}
	pl->matched[at] = true;
	if (it->removed)
		pl->unmark = true;
	for (const char *const *f = tv_tmpl_fields(kind); *f && r == TV_OK; f++) {
		char *base = NULL, *mine = NULL, *theirs = tpl_value(pl->tpl, kind, src, *f);
		r = tv_store_tmpl_get(pl->store, TV_TMPL_META_BASE, kind, it->id, *f, &base);
		if (r == TV_OK)
			r = tv_store_tmpl_value(pl->store, kind, it->id, *f, &mine);
		if (r == TV_OK) {
			/* No base known (a row keyed but never seeded): today's value, the
			 * best there is. */
			enum tv_tmpl_action a = tv_tmpl_merge3(base ? base : mine, mine, theirs);
			/* Nothing to say or do: all three agree. */
			if (!(a == TV_TMPL_SAME && base && eq(base, theirs))) {
				struct tv_tmpl_change *c = push(pl, kind, key, *f, a, src, src_pkg);
				c->item_id = it->id;
				c->base = base;
				c->mine = mine;
				c->theirs = theirs;
				base = mine = theirs = NULL;
			}
		}
		free(base);
		free(mine);
		free(theirs);
	}
	return r;
}

static enum tv_status
plan_in(struct tv_store *store, int64_t board_id, const struct tv_template *tpl,
	struct tv_tmpl_plan *out, struct planner *pl)
{
	memset(out, 0, sizeof *out);
	memset(pl, 0, sizeof *pl);
	pl->store = store;
	pl->tpl = tpl;
	pl->plan = out;
	out->board_id = board_id;
	out->to_version = tpl->version;
	enum tv_status r = tv_tmpl_update_version(store, board_id, &out->from_version);
	if (r == TV_OK)
		r = tv_store_tmpl_items(store, board_id, &pl->items, &pl->nitems);
	if (r != TV_OK)
		return r;
	pl->matched = tv_xcalloc(pl->nitems + 1, sizeof *pl->matched);
	for (size_t i = 0; i < tpl->nphases && r == TV_OK; i++)
		r = plan_item(pl, TV_KIND_PHASE, &tpl->phases[i], NULL, false);
	for (size_t i = 0; i < tpl->npackages && r == TV_OK; i++) {
		const struct tv_package *p = &tpl->packages[i];
		size_t before = out->count[TV_TMPL_ADD];
		r = plan_item(pl, TV_KIND_PACKAGE, p, NULL, false);
		bool added = out->count[TV_TMPL_ADD] > before;
		for (size_t k = 0; k < p->ntasks && r == TV_OK; k++)
			r = plan_item(pl, TV_KIND_TASK, &p->tasks[k], p, added);
	}
	for (size_t i = 0; i < tpl->nmeetings && r == TV_OK; i++)
		r = plan_item(pl, TV_KIND_MEETING, &tpl->meetings[i], NULL, false);
	for (size_t i = 0; i < tpl->ndecisions && r == TV_OK; i++)
		r = plan_item(pl, TV_KIND_DECISION, &tpl->decisions[i], NULL, false);
	/* What the template no longer has (once: an item marked before stays marked). */
	for (size_t i = 0; i < pl->nitems && r == TV_OK; i++) {
		if (pl->matched[i] || pl->items[i].removed)
			continue;
		struct tv_tmpl_change *c = push(pl, pl->items[i].kind, pl->items[i].key, "",
			TV_TMPL_REMOVED, NULL, NULL);
		c->item_id = pl->items[i].id;
		c->mine = opt(pl->items[i].name);
	}
	return r;
}

static void
planner_free(struct planner *pl)
{
	tv_tmpl_items_free(pl->items, pl->nitems);
	free(pl->matched);
	free(pl->src);
	free(pl->src_pkg);
}

enum tv_status
tv_tmpl_update_plan(struct tv_store *store, int64_t board_id, const struct tv_template *tpl,
	struct tv_tmpl_plan *out, struct tv_diag *diag)
{
	struct planner pl;
	enum tv_status r = plan_in(store, board_id, tpl, out, &pl);
	planner_free(&pl);
	if (r != TV_OK) {
		tv_diag_set(diag, r, "%s", tv_store_errmsg(store));
		tv_tmpl_plan_clear(out);
	}
	return r;
}

/* ---------------------------------------------------------------- applying */

static struct tv_when
when_at(int32_t start, struct tv_when w, enum tv_kind kind, const char *field)
{
	if (w.day == TV_NO_DAY)
		return (struct tv_when){ TV_NO_DAY, TV_NO_TIME };
	w.day = tv_replan_day(start, w.day, tv_replan_later(kind, field));
	return w;
}

static int32_t
day_at(int32_t start, int32_t off, enum tv_kind kind, const char *field)
{
	return off == TV_NO_DAY ? TV_NO_DAY : tv_replan_day(start, off, tv_replan_later(kind, field));
}

static enum tv_status
offset_seed(struct tv_store *s, enum tv_kind kind, int64_t id, const char *field, int32_t off)
{
	return off == TV_NO_DAY ? TV_OK : tv_store_offset_seed(s, kind, id, field, off);
}

static enum tv_status
add_task(struct tv_store *s, const struct tv_template *tpl, int32_t start, int64_t pkg_id,
	const struct tv_task *src)
{
	struct tv_task t = *src;
	t.id = 0;
	t.uid = NULL;
	t.updated_at = NULL;
	t.tkey = NULL;
	t.package_id = pkg_id;
	t.deadline = when_at(start, src->deadline, TV_KIND_TASK, "deadline");
	enum tv_status r = tv_store_task_add(s, &t);
	if (r == TV_OK)
		r = offset_seed(s, TV_KIND_TASK, t.id, "deadline", src->deadline.day);
	if (r == TV_OK)
		r = tpl_seed_item(s, tpl, TV_KIND_TASK, t.id, src, true);
	free(t.uid);
	free(t.updated_at);
	return r;
}

/* Add a template item the board does not have, with its key and base values. */
static enum tv_status
add_item(struct tv_store *s, const struct tv_template *tpl, int64_t board_id, int32_t start,
	enum tv_kind kind, const void *src, const struct tv_package *src_pkg)
{
	enum tv_status r = TV_OK;
	switch (kind) {
	case TV_KIND_PHASE: {
		const struct tv_phase *o = src;
		struct tv_phase ph = *o;
		ph.id = 0;
		ph.uid = NULL;
		ph.updated_at = NULL;
		ph.tkey = NULL;
		ph.board_id = board_id;
		ph.start = day_at(start, o->start, kind, "start");
		ph.end = day_at(start, o->end, kind, "end");
		ph.not_before = day_at(start, o->not_before, kind, "not_before");
		r = tv_store_phase_add(s, &ph);
		if (r == TV_OK)
			r = offset_seed(s, kind, ph.id, "start", o->start);
		if (r == TV_OK)
			r = offset_seed(s, kind, ph.id, "end", o->end);
		if (r == TV_OK)
			r = tpl_seed_item(s, tpl, kind, ph.id, o, true);
		free(ph.uid);
		free(ph.updated_at);
		return r;
	}
	case TV_KIND_PACKAGE: {
		const struct tv_package *o = src;
		struct tv_package p = *o;
		p.id = 0;
		p.uid = NULL;
		p.updated_at = NULL;
		p.updated_by = NULL;
		p.tasks = NULL;
		p.ntasks = 0;
		p.after = NULL;
		p.phase_id = 0;
		p.board_id = board_id;
		p.deadline = when_at(start, o->deadline, kind, "deadline");
		r = tv_store_package_add(s, &p);
		if (r == TV_OK)
			r = offset_seed(s, kind, p.id, "deadline", o->deadline.day);
		/* phase and after as the template's values, through the merge's writer */
		if (r == TV_OK && o->phase_id > 0 && (size_t)o->phase_id <= tpl->nphases)
			r = tv_store_tmpl_write(s, kind, p.id, "phase", tpl->phases[o->phase_id - 1].tkey);
		if (r == TV_OK && o->after && *o->after)
			r = tv_store_set(s, kind, p.id, "after", o->after, 0, NULL, NULL);
		if (r == TV_OK)
			r = tpl_seed_item(s, tpl, kind, p.id, o, true);
		for (size_t k = 0; k < o->ntasks && r == TV_OK; k++)
			r = add_task(s, tpl, start, p.id, &o->tasks[k]);
		free(p.uid);
		free(p.updated_at);
		free(p.updated_by);
		return r;
	}
	case TV_KIND_TASK: {
		int64_t pkg = 0;
		char buf[16];
		r = tv_store_tmpl_item_by_key(s, board_id, TV_KIND_PACKAGE,
			item_key_of(TV_KIND_PACKAGE, src_pkg, buf), &pkg);
		if (r == TV_NOT_FOUND)
			return TV_OK;   /* its package was deleted on the board */
		return r == TV_OK ? add_task(s, tpl, start, pkg, src) : r;
	}
	case TV_KIND_MEETING: {
		const struct tv_meeting *o = src;
		struct tv_meeting m = *o;
		m.id = 0;
		m.uid = NULL;
		m.updated_at = NULL;
		m.tkey = NULL;
		m.board_id = board_id;
		m.start = when_at(start, o->start, kind, "start");
		m.end = when_at(start, o->end, kind, "end");
		r = tv_store_meeting_add(s, &m);
		if (r == TV_OK)
			r = offset_seed(s, kind, m.id, "start", o->start.day);
		if (r == TV_OK)
			r = offset_seed(s, kind, m.id, "end", o->end.day);
		if (r == TV_OK)
			r = tpl_seed_item(s, tpl, kind, m.id, o, true);
		free(m.uid);
		free(m.updated_at);
		return r;
	}
	case TV_KIND_DECISION: {
		const struct tv_decision *o = src;
		struct tv_decision d = *o;
		d.id = 0;
		d.updated_at = NULL;
		d.tkey = NULL;
		d.board_id = board_id;
		d.due = day_at(start, o->due, kind, "due");
		d.decided = day_at(start, o->decided, kind, "decided");
		r = tv_store_decision_add(s, &d);
		if (r == TV_OK)
			r = offset_seed(s, kind, d.id, "due", o->due);
		if (r == TV_OK)
			r = tpl_seed_item(s, tpl, kind, d.id, o, true);
		free(d.updated_at);
		return r;
	}
	default:
		return TV_OK;
	}
}

static bool
is_section(const char *field)
{
	for (int i = 0; i < TV_SECTION_COUNT; i++)
		if (strcmp(field, tv_section_key((enum tv_section)i)) == 0)
			return true;
	return false;
}

static enum tv_status
apply_change(struct tv_store *s, const struct planner *pl, size_t i, int32_t start,
	char *version)
{
	const struct tv_tmpl_change *c = &pl->plan->changes[i];
	enum tv_status r = TV_OK;
	switch (c->action) {
	case TV_TMPL_TAKE:
		r = tv_store_tmpl_write(s, c->kind, c->item_id, c->field, c->theirs);
		if (r == TV_OK && c->kind == TV_KIND_PACKAGE && is_section(c->field))
			r = tv_store_tmpl_put(s, TV_TMPL_META_MARK, c->kind, c->item_id, c->field,
				version, true);
		break;
	case TV_TMPL_CONFLICT: {
		char *v = tv_xasprintf("%s:%s", version, c->theirs);
		r = tv_store_tmpl_put(s, TV_TMPL_META_CONFLICT, c->kind, c->item_id, c->field, v,
			true);
		free(v);
		break;
	}
	case TV_TMPL_SAME:
		/* Both sides agree now: an old conflict is settled. */
		r = tv_store_tmpl_put(s, TV_TMPL_META_CONFLICT, c->kind, c->item_id, c->field,
			NULL, true);
		break;
	case TV_TMPL_KEEP:
		break;
	case TV_TMPL_ADD:
		return add_item(s, pl->tpl, pl->plan->board_id, start, c->kind, pl->src[i],
			pl->src_pkg[i]);
	case TV_TMPL_REMOVED:
		return tv_store_tmpl_put(s, TV_TMPL_META_MARK, c->kind, c->item_id, "", version,
			true);
	default:
		break;
	}
	/* The new template's value is the base from now on. */
	if (r == TV_OK)
		r = tv_store_tmpl_put(s, TV_TMPL_META_BASE, c->kind, c->item_id, c->field,
			c->theirs, true);
	return r;
}

static enum tv_status
apply_in(struct tv_store *s, int64_t board_id, const struct tv_template *tpl,
	struct tv_tmpl_plan *out, struct planner *pl)
{
	enum tv_status r = plan_in(s, board_id, tpl, out, pl);
	char *start_text = NULL;
	if (r == TV_OK)
		r = tv_store_get(s, TV_KIND_BOARD, board_id, "start", &start_text, NULL);
	int32_t start = tv_date_parse_stored(start_text);
	free(start_text);
	char version[16];
	snprintf(version, sizeof version, "%d", tpl->version);
	/* Dates that move together (a meeting's start and end) may meet an order check
	 * half way: those are tried again once the others are written. */
	bool *later = tv_xcalloc(out->nchanges + 1, sizeof *later);
	for (size_t i = 0; i < out->nchanges && r == TV_OK; i++) {
		r = apply_change(s, pl, i, start, version);
		if (r == TV_INVALID && out->changes[i].action == TV_TMPL_TAKE) {
			later[i] = true;
			r = TV_OK;
		}
	}
	for (size_t i = 0; i < out->nchanges && r == TV_OK; i++)
		if (later[i])
			r = apply_change(s, pl, i, start, version);
	free(later);
	/* Items back in the template lose their mark. */
	for (size_t i = 0; i < pl->nitems && r == TV_OK; i++)
		if (pl->matched[i] && pl->items[i].removed)
			r = tv_store_tmpl_put(s, TV_TMPL_META_MARK, pl->items[i].kind, pl->items[i].id,
				"", NULL, true);
	if (r == TV_OK)
		r = tv_store_tmpl_put(s, TV_TMPL_META_VERSION, TV_KIND_BOARD, board_id, "",
			version, true);
	return r;
}

enum tv_status
tv_tmpl_update_apply(struct tv_store *store, int64_t board_id, const struct tv_template *tpl,
	struct tv_tmpl_plan *out, int64_t *out_change, struct tv_diag *diag)
{
	int64_t before = tv_store_last_change(store);
	struct planner pl;
	memset(&pl, 0, sizeof pl);
	enum tv_status r = tv_store_begin(store);
	if (r == TV_OK) {
		r = apply_in(store, board_id, tpl, out, &pl);
		if (r == TV_OK)
			r = tv_store_commit(store);
		if (r != TV_OK) {
			tv_diag_set(diag, r, "%s", tv_store_errmsg(store));
			tv_store_rollback(store);
		}
	} else {
		tv_diag_set(diag, r, "%s", tv_store_errmsg(store));
	}
	planner_free(&pl);
	if (r != TV_OK) {
		tv_tmpl_plan_clear(out);
		return r;
	}
	int64_t after = tv_store_last_change(store);
	if (out_change)
		*out_change = after != before ? after : 0;
	return TV_OK;
}

/* ---------------------------------------------------------------- conflicts */

enum tv_status
tv_tmpl_update_conflicts(struct tv_store *store, int64_t board_id,
	struct tv_tmpl_conflict **out, size_t *out_count)
{
	enum tv_status r = tv_store_tmpl_conflicts(store, board_id, out, out_count);
	for (size_t i = 0; r == TV_OK && i < *out_count; i++)
		(*out)[i].label = make_label((*out)[i].kind, (*out)[i].key, (*out)[i].field);
	return r;
}

static enum tv_status
resolve_in(struct tv_store *s, int64_t board_id, enum tv_kind kind, const char *key,
	const char *field, enum tv_tmpl_choice choice, const char *value)
{
	int64_t id = 0;
	char *cur = NULL;
	enum tv_status r = tv_store_tmpl_item_by_key(s, board_id, kind, key, &id);
	if (r == TV_OK)
		r = tv_store_tmpl_get(s, TV_TMPL_META_CONFLICT, kind, id, field, &cur);
	if (r == TV_OK && !cur)
		r = TV_NOT_FOUND;
	if (r == TV_NOT_FOUND) {
		free(cur);
		return TV_NOT_FOUND;
	}
	if (r == TV_OK && choice == TV_TMPL_THEIRS) {
		const char *theirs = strchr(cur, ':');
		r = tv_store_tmpl_write(s, kind, id, field, theirs ? theirs + 1 : "");
	} else if (r == TV_OK && choice == TV_TMPL_VALUE) {
		r = tv_store_set(s, kind, id, field, value ? value : "", 0, NULL, NULL);
	}
	if (r == TV_OK)
		r = tv_store_tmpl_put(s, TV_TMPL_META_CONFLICT, kind, id, field, NULL, true);
	free(cur);
	return r;
}

enum tv_status
tv_tmpl_update_resolve(struct tv_store *store, int64_t board_id, enum tv_kind kind,
	const char *key, const char *field, enum tv_tmpl_choice choice, const char *value,
	struct tv_diag *diag)
{
	enum tv_status r = tv_store_begin(store);
	if (r == TV_OK) {
		r = resolve_in(store, board_id, kind, key, field, choice, value);
		if (r == TV_OK)
			r = tv_store_commit(store);
		if (r == TV_NOT_FOUND)
			tv_diag_set(diag, r, _("no open conflict for %s %s %s"), tv_kind_key(kind),
				key, field);
		else if (r != TV_OK)
			tv_diag_set(diag, r, "%s", tv_store_errmsg(store));
		if (r != TV_OK)
			tv_store_rollback(store);
		return r;
	}
	return tv_diag_set(diag, r, "%s", tv_store_errmsg(store));
}
